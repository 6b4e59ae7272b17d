//! Claim 8, from the loyalty stamps (Sanne at Buurtsuper Veenstra; Fatima, mother of two small
//! children, and Henk, who saves football cards for his grandson).

use super::*;

const NAME: &str = "loyalty_stamps";

/// After the campaign choice: stamps in the bag at the till, a firm no to Henk's missing
/// stamp, no answer to the discounter, side with Fatima's purse, own up to Ruud.
const SAME_CHOICES: [usize; 5] = [2, 2, 3, 1, 1];
const PLUSH: usize = 1;
const FOOTBALL_CARDS: usize = 2;

fn campaign(first: usize) -> Vec<usize> {
    std::iter::once(first).chain(SAME_CHOICES).collect()
}

/// All stamp entries of the six weeks: the two regular rounds.
fn stamp_rounds<'a>(story: &Story, rs: &'a RunState) -> Vec<&'a Entry> {
    let mut v = entries_reacting(story, rs, "weeks_go_by");
    v.extend(entries_reacting(story, rs, "last_weeks"));
    v
}

fn is_transfer_to(e: &Entry, to: PartyId) -> bool {
    matches!(e.change, LedgerChange::Transfer { to: t, .. } if t == to)
}

/// Claim 8: a loyalty reward builds loyalty only if the receiver values it. The same stamps,
/// handed out the same way, bind the shopper who values the reward and leave the other
/// untouched: worthless football cards do nothing for Fatima, plush toys do.
#[test]
fn loyalty_rewards_bind_only_when_valued() {
    let story = load(NAME);
    let fatima = party(&story, "fatima");
    let henk = party(&story, "henk");

    // Whatever the draws, the same choices keep whichever shopper values the reward.
    for seed in 0..12 {
        let plush = play(&story, seed, &campaign(PLUSH));
        let cards = play(&story, seed, &campaign(FOOTBALL_CARDS));
        assert_eq!(outcome(&story, &plush), "one_card_full");
        assert_eq!(outcome(&story, &cards), "one_card_full");
        // Plush: Fatima is bound, Henk is not.
        assert!(credit(&story, &plush, "shop", "fatima", None) >= 8);
        assert!(credit(&story, &plush, "shop", "henk", None) < 8);
        // Football cards: the other way round.
        assert!(credit(&story, &cards, "shop", "fatima", None) < 8);
        assert!(credit(&story, &cards, "shop", "henk", None) >= 8);
    }

    let plush = play(&story, 0, &campaign(PLUSH));
    let cards = play(&story, 0, &campaign(FOOTBALL_CARDS));

    // Plush: every stamp round reaches Fatima weighed ×1.5 (3 stamps worth 5 to her), and
    // Henk weighed ×0.3 (worth 1 to him).
    let rounds = stamp_rounds(&story, &plush);
    let to_fatima: Vec<&Entry> = rounds
        .iter()
        .copied()
        .filter(|e| is_transfer_to(e, fatima))
        .collect();
    assert_eq!(to_fatima.len(), 2, "two stamp rounds reached Fatima");
    assert!(to_fatima.iter().all(|e| matches!(&e.rule,
        Rule::Valuation { kind, worth } if kind == "plush_toys" && worth.0 == 1500)));
    assert_eq!(
        given(&story, &rounds, "shop", "fatima", Some(Layer::Deal)),
        10
    );
    assert!(rounds.iter().any(|e| is_transfer_to(e, henk)
        && matches!(&e.rule, Rule::Valuation { kind, worth } if kind == "plush_toys" && worth.0 == 300)));
    assert_eq!(given(&story, &rounds, "shop", "henk", Some(Layer::Deal)), 2);

    // Football cards: the same rounds are worth 5 each to Henk (×1.5) and nothing at all to
    // Fatima: the entries say the gift was made, valued at 0, and moved nothing.
    let rounds = stamp_rounds(&story, &cards);
    let worthless: Vec<&Entry> = rounds
        .iter()
        .copied()
        .filter(|e| is_transfer_to(e, fatima))
        .collect();
    assert_eq!(worthless.len(), 2, "both rounds reached Fatima as entries");
    assert!(worthless.iter().all(|e| matches!(e.change, LedgerChange::Transfer { amount: 0, .. })
        && matches!(&e.rule, Rule::Valuation { kind, worth } if kind == "football_cards" && worth.0 == 0)));
    assert_eq!(given(&story, &rounds, "shop", "fatima", None), 0);
    let to_henk: Vec<&Entry> = rounds
        .iter()
        .copied()
        .filter(|e| is_transfer_to(e, henk))
        .collect();
    assert_eq!(to_henk.len(), 2);
    assert!(to_henk.iter().all(|e| matches!(&e.rule,
        Rule::Valuation { kind, worth } if kind == "football_cards" && worth.0 == 1500)));
    assert_eq!(
        given(&story, &rounds, "shop", "henk", Some(Layer::Deal)),
        10
    );

    // Over the whole campaign the shop's deal balance with each shopper is what the reward
    // was worth to them: Fatima owes the plush shop, not the football-card shop; Henk the
    // other way round.
    assert!(credit(&story, &plush, "shop", "fatima", Some(Layer::Deal)) >= 10);
    assert!(credit(&story, &cards, "shop", "fatima", Some(Layer::Deal)) <= 0);
    assert!(credit(&story, &cards, "shop", "henk", Some(Layer::Deal)) >= 8);
    assert!(credit(&story, &plush, "shop", "henk", Some(Layer::Deal)) < 0);
}

/// The experiment's choices after the campaign: three extra stamps for Fatima's children
/// (no conversation), Ruud called over for Henk's missing stamp, the Thursday coffee corner
/// against the discounter, Fatima's purse over the shop's margin, owning up to Ruud. Henk is
/// kept by people whatever the reward; only Fatima depends on it.
const EXPERIMENT: [usize; 5] = [3, 3, 2, 1, 1];
const SEED: u64 = 0;

/// Fatima's valuation of the football cards, as written in the file.
const FATIMA_BINS_THE_CARDS: &str =
    "        (party: \"fatima\", kind: \"football_cards\", worth: 0.0),\n";

fn experiment(first: usize) -> Vec<usize> {
    std::iter::once(first).chain(EXPERIMENT).collect()
}

/// The two runs of the experiment on `story`: plush toys, and football cards.
fn plush_and_cards(story: &Story) -> (RunState, RunState) {
    (
        play(story, SEED, &experiment(PLUSH)),
        play(story, SEED, &experiment(FOOTBALL_CARDS)),
    )
}

/// Every stamp the shop hands Fatima in the campaign (the two regular rounds and the three
/// extra stamps for her children).
fn stamps_to_fatima<'a>(story: &Story, rs: &'a RunState) -> Vec<&'a Entry> {
    let fatima = party(story, "fatima");
    let mut v = stamp_rounds(story, rs);
    v.extend(entries_reacting(story, rs, "extra_for_kids"));
    v.into_iter()
        .filter(|e| is_transfer_to(e, fatima))
        .collect()
}

/// The experiment: one choice differs, the campaign. With plush toys the same stamps bind
/// Fatima and both regulars stay; with football cards she counts none of them and the shop
/// keeps only Henk. The shop pays full price for the stamps either way: it counts what it
/// handed out, whether or not anyone valued it.
#[test]
fn claim_loyalty_rewards_bind_only_when_valued_experiment() {
    let story = load(NAME);
    let (plush, cards) = plush_and_cards(&story);
    assert_eq!(outcome(&story, &plush), "regulars");
    assert_eq!(outcome(&story, &cards), "one_card_full");

    // Plush: three stamp handouts, each weighed ×1.5 by Fatima, and each counted by her.
    let valued = stamps_to_fatima(&story, &plush);
    assert_eq!(valued.len(), 3);
    assert!(valued.iter().all(|e| matches!(&e.rule,
        Rule::Valuation { kind, worth } if kind == "plush_toys" && worth.0 == 1500)));
    assert_eq!(
        given(&story, &valued, "shop", "fatima", Some(Layer::Deal)),
        5 + 5 + 3
    );
    assert!(valued.iter().all(|e| matches!(e.change,
        LedgerChange::Transfer { receiver_counts, .. } if receiver_counts > 0)));

    // Football cards: the same three handouts, valued at 0: nothing moves the true balance
    // and Fatima counts nothing, while the shop still counts every stamp it gave (3 + 3 + 2).
    let worthless = stamps_to_fatima(&story, &cards);
    assert_eq!(worthless.len(), 3);
    assert!(worthless.iter().all(|e| matches!(&e.rule,
        Rule::Valuation { kind, worth } if kind == "football_cards" && worth.0 == 0)));
    assert!(worthless.iter().all(|e| matches!(e.change,
        LedgerChange::Transfer { amount: 0, receiver_counts: 0, giver_counts, .. } if giver_counts > 0)));
    let counted_by_shop: i32 = worthless
        .iter()
        .map(|e| match e.change {
            LedgerChange::Transfer { giver_counts, .. } => giver_counts,
            _ => 0,
        })
        .sum();
    assert_eq!(counted_by_shop, 8);
    // The unvalued reward costs the giver: the shop's felt deficit toward Fatima grows by
    // perception, with nothing on her side to show for it.
    let shop_felt: i32 = worthless
        .iter()
        .map(|e| {
            let same_act: Vec<&Entry> = cards
                .entries
                .iter()
                .filter(|x| x.cause == e.cause && x.rule == Rule::Perception)
                .collect();
            felt_delta(&story, &same_act, "shop", "fatima")
        })
        .sum();
    assert!(shop_felt > 0, "the shop feels it gave cards nobody counted");

    // The difference in the ending is Fatima's balance alone: Henk stays in both runs.
    assert!(credit(&story, &plush, "shop", "fatima", None) >= 8);
    assert!(credit(&story, &cards, "shop", "fatima", None) < 8);
    for rs in [&plush, &cards] {
        assert!(credit(&story, rs, "shop", "henk", None) >= 8);
        assert!(felt(&story, rs, "ruud", "sanne") < 3);
    }
}

/// Knock-out: if Fatima valued football cards like anything else (the valuation removed), the
/// campaign no longer decides: both runs keep both regulars.
#[test]
fn claim_loyalty_rewards_bind_only_when_valued_knocked_out() {
    let story = load_edited(NAME, |s| replace_once(&s, FATIMA_BINS_THE_CARDS, ""));
    let (plush, cards) = plush_and_cards(&story);
    assert_eq!(outcome(&story, &plush), outcome(&story, &cards));
    assert_eq!(outcome(&story, &cards), "regulars");
    assert!(credit(&story, &cards, "shop", "fatima", Some(Layer::Deal)) >= 8);
}

/// No knife-edge: two or four stamps a round instead of three (in every campaign, for both
/// shoppers), and Fatima's plush toys worth ×1.4 or ×1.6: the same two endings.
#[test]
fn claim_loyalty_rewards_bind_only_when_valued_holds_at_plus_minus_one() {
    let rounds = |text: &str, amount: i32| {
        let mut t = text.to_string();
        for kind in ["plush_toys", "football_cards", "seedlings"] {
            for who in ["fatima", "henk"] {
                let from = format!(
                    "Give(from: \"shop\", to: \"{who}\", layer: Deal, amount: 3, kind: \"{kind}\")"
                );
                assert_eq!(t.matches(&from).count(), 3, "{from}");
                t = t.replace(
                    &from,
                    &from.replace("amount: 3", &format!("amount: {amount}")),
                );
            }
        }
        t
    };
    for amount in [2, 4] {
        let story = load_edited(NAME, |s| rounds(&s, amount));
        let (plush, cards) = plush_and_cards(&story);
        assert_eq!(outcome(&story, &plush), "regulars", "{amount} stamps");
        assert_eq!(outcome(&story, &cards), "one_card_full", "{amount} stamps");
    }
    for worth in ["1.4", "1.6"] {
        let story = load_edited(NAME, |s| {
            replace_once(
                &s,
                "(party: \"fatima\", kind: \"plush_toys\", worth: 1.5)",
                &format!("(party: \"fatima\", kind: \"plush_toys\", worth: {worth})"),
            )
        });
        let (plush, cards) = plush_and_cards(&story);
        assert_eq!(outcome(&story, &plush), "regulars", "worth {worth}");
        assert_eq!(outcome(&story, &cards), "one_card_full", "worth {worth}");
    }
}

//! Claim 8, from the loyalty stamps (Sanne at Buurtsuper Veenstra; Fatima, mother of two small
//! children, and Henk, who saves football cards for his grandson).

use super::*;

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
    let story = load("loyalty_stamps");
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
    // Henk weighed ×0.2 (worth 1 to him).
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
        && matches!(&e.rule, Rule::Valuation { kind, worth } if kind == "plush_toys" && worth.0 == 200)));
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

//! Claim 9, from the embroidery chain (Ineke at the fair-trade shop De Zijderups, Tom and his
//! friend Lotte, Zhou Lan's workshop in Chengdu, and Xiuying, the embroiderer in Beichuan).

use super::*;

const NAME: &str = "embroidery_chain";

/// Ask Tom about Lotte, hold the price, give her the card, tell the story, send Lotte to the
/// shop, the full order at the fair price, write back. On seed 5 Tom pays in full and Lotte
/// comes in herself.
const WHOLE_CHAIN: [usize; 7] = [2, 1, 1, 1, 2, 1, 1];
/// The quick sale: no story, a discount, no card, "only something small", send her to the
/// shop anyway, the full order, write back.
const QUICK_SALE: [usize; 7] = [3, 2, 2, 1, 2, 1, 1];

/// The experiment's seed: Tom settles for the bookmark and Lotte never comes to Zutphen, so
/// by November the deal with Xiuying is thin.
const SEED: u64 = 0;
/// The same careful evening and board meeting (the full order, and Gerard's worry about the
/// rent acknowledged afterwards); in November the shop answers Zhou Lan's letter...
const BEFORE_THE_LETTER: [usize; 7] = [2, 1, 1, 1, 2, 1, 2];
/// ...by writing back (recognition, up the chain),
const WRITE_BACK: usize = 1;
/// ...or by putting her photo in the window, which sells more of Xiuying's pieces.
const PHOTO_IN_WINDOW: usize = 2;

/// The chain through which the shop's buying reaches the maker, as written in the file.
const WORKSHOP_BUYS_FROM_XIUYING_TEXT: &str = r#"        (
            at: "lan", from: "shop", layer: Deal, pass_to: "xiuying", share: 0.6,
            note: (
                en: "Cloud Needle buys new pieces from Xiuying, and she can buy silk for the next ones.",
                nl: "Wolkennaald koopt nieuwe stukken van Xiuying, en zij kan zijde kopen voor de volgende.",
            ),
        ),
"#;
/// What the photo in the window sells, as written in the file.
const PHOTO_SALES: &str = r#"from: "shop", to: "lan", layer: Deal, amount: 6,"#;
/// The autumn order at the full price, as written in the file.
const FULL_ORDER: &str = r#"from: "shop", to: "lan", layer: Deal, amount: 10,"#;

// The chains, in file order.
const SHOP_ORDERS_FROM_TOMS_SALE: usize = 0;
const SHOP_ORDERS_FROM_LOTTES_SALE: usize = 1;
const WORKSHOP_BUYS_FROM_XIUYING: usize = 2;
const WORKSHOP_PASSES_WORDS_ON: usize = 3;
const DELIGHT_GOES_BACK_TO_GIVER: usize = 4;

fn chain<'a>(entries: &[&'a Entry], index: usize) -> Vec<&'a Entry> {
    entries
        .iter()
        .copied()
        .filter(|e| e.rule == Rule::Chain { index })
        .collect()
}

fn script(answer: usize) -> Vec<usize> {
    BEFORE_THE_LETTER.iter().copied().chain([answer]).collect()
}

/// The two runs of the experiment on `story`: the photo in the window, and the letter back.
fn photo_and_letter(story: &Story) -> (RunState, RunState) {
    (
        play(story, SEED, &script(PHOTO_IN_WINDOW)),
        play(story, SEED, &script(WRITE_BACK)),
    )
}

/// Claim 9: a chain of balances. Giving to one causes giving onward: Tom's payment at the till
/// becomes an order in Chengdu and new work in Beichuan, in one act; the present given with
/// its story comes back to Tom as delight; and the recipient, moved, becomes a customer whose
/// purchase runs down the same chain.
#[test]
fn giving_to_one_causes_giving_onward() {
    let story = load(NAME);
    let rs = play(&story, 5, &WHOLE_CHAIN);
    assert_eq!(outcome(&story, &rs), "the_thread_holds");

    // One act, Tom paying the full price, moves three balances among four parties.
    let sale = entries_reacting(&story, &rs, "hold_price");
    let payment = sale
        .iter()
        .find(|e| {
            e.rule == Rule::Gift && given(&story, &[e], "tom", "shop", Some(Layer::Deal)) == 10
        })
        .expect("Tom paid the shop");
    let to_workshop = chain(&sale, SHOP_ORDERS_FROM_TOMS_SALE);
    let to_maker = chain(&sale, WORKSHOP_BUYS_FROM_XIUYING);
    assert_eq!(
        given(&story, &to_workshop, "shop", "lan", Some(Layer::Deal)),
        5
    );
    assert_eq!(
        given(&story, &to_maker, "lan", "xiuying", Some(Layer::Deal)),
        3
    );
    assert!(
        to_workshop
            .iter()
            .chain(&to_maker)
            .all(|e| e.cause == payment.cause),
        "the order and the new work are caused by the payment itself"
    );

    // The present, given with its story, is worth more to Lotte than its price (×1.5), and
    // part of that comes back to Tom as delight, on being seen.
    let unwrap = entries_reacting(&story, &rs, "unwrap");
    assert!(unwrap.iter().any(|e| matches!(&e.rule,
        Rule::Valuation { kind, worth } if kind == "present_with_story" && worth.0 == 1500)));
    assert_eq!(given(&story, &unwrap, "tom", "lotte", Some(Layer::Deal)), 9);
    let delight = chain(&unwrap, DELIGHT_GOES_BACK_TO_GIVER);
    assert_eq!(
        given(&story, &delight, "lotte", "tom", Some(Layer::Seen)),
        5
    );

    // Lotte, moved, walks into the shop herself: her purchase runs down the same chain.
    let visit = entries_reacting(&story, &rs, "party_goes_on");
    assert_eq!(
        given(
            &story,
            &chain(&visit, SHOP_ORDERS_FROM_LOTTES_SALE),
            "shop",
            "lan",
            Some(Layer::Deal)
        ),
        5
    );
    assert_eq!(
        given(
            &story,
            &chain(&visit, WORKSHOP_BUYS_FROM_XIUYING),
            "lan",
            "xiuying",
            Some(Layer::Deal)
        ),
        3
    );

    // The shop's own order, and the letter back, reach Xiuying through the workshop too.
    let order = entries_of_choice(&story, &rs, "gerard");
    assert_eq!(
        given(
            &story,
            &chain(&order, WORKSHOP_BUYS_FROM_XIUYING),
            "lan",
            "xiuying",
            Some(Layer::Deal)
        ),
        6
    );
    let letter = entries_of_choice(&story, &rs, "reply");
    assert_eq!(
        given(
            &story,
            &chain(&letter, WORKSHOP_PASSES_WORDS_ON),
            "lan",
            "xiuying",
            Some(Layer::Seen)
        ),
        2
    );

    // Everything Xiuying earned came down the chain: nobody in the story ever pays her
    // directly, yet the workshop is 12 in credit with her on the deal.
    let all_chain_to_maker: i32 = rs
        .entries
        .iter()
        .filter(|e| {
            e.rule
                == Rule::Chain {
                    index: WORKSHOP_BUYS_FROM_XIUYING,
                }
        })
        .map(|e| given(&story, &[e], "lan", "xiuying", Some(Layer::Deal)))
        .sum();
    assert_eq!(all_chain_to_maker, 12);
    assert_eq!(credit(&story, &rs, "lan", "xiuying", Some(Layer::Deal)), 12);

    // Contrast: the quick sale. Less money enters the chain, so less reaches Beichuan; the
    // present without its story is worth half its price to Lotte, and less comes back to Tom.
    let quick = play(&story, 5, &QUICK_SALE);
    let discounted = entries_of_choice(&story, &quick, "price");
    assert_eq!(
        given(&story, &discounted, "tom", "shop", Some(Layer::Deal)),
        7 - 10
    );
    assert_eq!(
        given(
            &story,
            &chain(&discounted, SHOP_ORDERS_FROM_TOMS_SALE),
            "shop",
            "lan",
            Some(Layer::Deal)
        ),
        4
    );
    assert_eq!(
        given(
            &story,
            &chain(&discounted, WORKSHOP_BUYS_FROM_XIUYING),
            "lan",
            "xiuying",
            Some(Layer::Deal)
        ),
        2,
        "a discounted sale sends less down the chain"
    );
    let unwrap = entries_reacting(&story, &quick, "unwrap");
    assert!(unwrap.iter().any(|e| matches!(&e.rule,
        Rule::Valuation { kind, worth } if kind == "plain_present" && worth.0 == 500)));
    assert_eq!(
        given(
            &story,
            &chain(&unwrap, DELIGHT_GOES_BACK_TO_GIVER),
            "lotte",
            "tom",
            Some(Layer::Seen)
        ),
        2
    );
    assert!(credit(&story, &quick, "lan", "xiuying", Some(Layer::Deal)) < 12);
}

/// The experiment: the same evening, the same board meeting, one answer to Zhou Lan's letter
/// different. The photo in the window is the shop giving to the workshop (six more pieces
/// sold); the workshop passes its share on to Xiuying, and that decides whether the thread
/// holds. The letter gives recognition up the chain, but not the work Xiuying lives on.
#[test]
fn claim_giving_to_one_causes_giving_onward_experiment() {
    let story = load(NAME);
    let (photo, letter) = photo_and_letter(&story);
    assert_eq!(outcome(&story, &photo), "the_thread_holds");
    assert_eq!(outcome(&story, &letter), "moved_but_thin");

    // Before the letter the two runs are the same: the deal with Xiuying stood at 7.
    let before = |rs: &RunState| {
        let reply = story.node("reply").expect("reply");
        rs.entries
            .iter()
            .filter(|e| !matches!(e.cause, Cause::Choice { node, .. } if node == reply))
            .map(|e| given(&story, &[e], "lan", "xiuying", Some(Layer::Deal)))
            .sum::<i32>()
    };
    assert_eq!(before(&photo), 7);
    assert_eq!(before(&letter), 7);

    // The photo: the shop gives the workshop 6 on the deal, and in the same act the workshop's
    // chain passes 4 of it on to Xiuying (share 0.6).
    let window = entries_of_choice(&story, &photo, "reply");
    let sold = window
        .iter()
        .find(|e| e.rule == Rule::Gift)
        .expect("the photo sold pieces");
    assert_eq!(given(&story, &[sold], "shop", "lan", Some(Layer::Deal)), 6);
    let onward = chain(&window, WORKSHOP_BUYS_FROM_XIUYING);
    assert_eq!(onward.len(), 1);
    assert_eq!(onward[0].cause, sold.cause, "passed on in the same act");
    assert_eq!(
        given(&story, &onward, "lan", "xiuying", Some(Layer::Deal)),
        4
    );
    assert_eq!(
        credit(&story, &photo, "lan", "xiuying", Some(Layer::Deal)),
        11
    );

    // The letter moves recognition down the chain (on being seen), but nothing on the deal.
    let answer = entries_of_choice(&story, &letter, "reply");
    assert_eq!(
        given(
            &story,
            &chain(&answer, WORKSHOP_PASSES_WORDS_ON),
            "lan",
            "xiuying",
            Some(Layer::Seen)
        ),
        2
    );
    assert!(chain(&answer, WORKSHOP_BUYS_FROM_XIUYING).is_empty());
    assert_eq!(
        credit(&story, &letter, "lan", "xiuying", Some(Layer::Deal)),
        7
    );

    // Everything else that decides the ending is the same in both runs.
    for rs in [&photo, &letter] {
        assert!(felt(&story, rs, "gerard", "ineke") < 3);
        assert!(felt(&story, rs, "lotte", "tom") < 2);
        assert!(credit(&story, rs, "lotte", "tom", Some(Layer::Seen)) >= 3);
    }
}

/// Knock-out: without the chain that turns the workshop's sales into work for Xiuying, the
/// photo sells the same six pieces, but none of it reaches Beichuan: the two runs end alike.
#[test]
fn claim_giving_to_one_causes_giving_onward_knocked_out() {
    let story = load_edited(NAME, |s| {
        replace_once(&s, WORKSHOP_BUYS_FROM_XIUYING_TEXT, "")
    });
    let (photo, letter) = photo_and_letter(&story);
    assert_eq!(outcome(&story, &photo), outcome(&story, &letter));
    assert_eq!(outcome(&story, &photo), "moved_but_thin");
    let window = entries_of_choice(&story, &photo, "reply");
    assert_eq!(given(&story, &window, "shop", "lan", Some(Layer::Deal)), 6);
    assert_eq!(
        given(&story, &window, "lan", "xiuying", Some(Layer::Deal)),
        0
    );
    assert_eq!(
        credit(&story, &photo, "lan", "xiuying", Some(Layer::Deal)),
        0
    );
}

/// No knife-edge: five or seven pieces sold by the photo, the same two endings.
#[test]
fn claim_giving_to_one_causes_giving_onward_holds_at_plus_minus_one() {
    for sold in [5, 7] {
        let story = load_edited(NAME, |s| {
            replace_once(
                &s,
                PHOTO_SALES,
                &PHOTO_SALES.replace("amount: 6", &format!("amount: {sold}")),
            )
        });
        let (photo, letter) = photo_and_letter(&story);
        assert_eq!(outcome(&story, &photo), "the_thread_holds", "{sold} sold");
        assert_eq!(outcome(&story, &letter), "moved_but_thin", "{sold} sold");
    }
    // And the shop's own full order, which every run before the letter carries: nine or
    // eleven instead of ten.
    for order in [9, 11] {
        let story = load_edited(NAME, |s| {
            replace_once(
                &s,
                FULL_ORDER,
                &FULL_ORDER.replace("amount: 10", &format!("amount: {order}")),
            )
        });
        let (photo, letter) = photo_and_letter(&story);
        assert_eq!(outcome(&story, &photo), "the_thread_holds", "order {order}");
        assert_eq!(outcome(&story, &letter), "moved_but_thin", "order {order}");
    }
}

//! Claim 9, from the embroidery chain (Ineke at the fair-trade shop De Zijderups, Tom and his
//! friend Lotte, Zhou Lan's workshop in Chengdu, and Xiuying, the embroiderer in Beichuan).

use super::*;

/// Ask Tom about Lotte, hold the price, give her the card, tell the story, send Lotte to the
/// shop, the full order at the fair price, write back. On seed 5 Tom pays in full and Lotte
/// comes in herself.
const WHOLE_CHAIN: [usize; 7] = [2, 1, 1, 1, 1, 1, 1];
/// The quick sale: no story, a discount, no card, "only something small".
const QUICK_SALE: [usize; 7] = [3, 2, 2, 1, 1, 1, 1];

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

/// Claim 9: a chain of balances. Giving to one causes giving onward: Tom's payment at the till
/// becomes an order in Chengdu and new work in Beichuan, in one act; the present given with
/// its story comes back to Tom as delight; and the recipient, moved, becomes a customer whose
/// purchase runs down the same chain.
#[test]
fn giving_to_one_causes_giving_onward() {
    let story = load("embroidery_chain");
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
    assert_eq!(outcome(&story, &quick), "a_present_only");
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

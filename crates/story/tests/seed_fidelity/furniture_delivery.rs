//! Claims 6–7, from the furniture delivery (Lotte, Ruud the delivery man, Mrs Kuipers, and
//! the shop Van der Linden, for which Ruud counts 80%).
//!
//! Each claim is a controlled experiment: two runs with the same seed and the same choices
//! but one, reaching different outcomes; the same pair on a copy of the scenario with the
//! cause knocked out, reaching the same outcome; and the same pair with the deciding amount
//! moved by one either way, still reaching the two outcomes.

use super::*;

const NAME: &str = "furniture_delivery";

// Choices count from 1 among those offered, as `play` shows them.
/// Lotte rings politely (3), gives Ruud a coffee (2), asks what time he got up (3), and
/// then, whichever Ruud she gets, takes the first reply: "while you're here, swap the
/// doors" when he took care, "say nothing now, email the shop tonight" when he didn't. (No
/// further draw and no blame on either branch: only the care differs.)
const WITH_COFFEE: [usize; 4] = [3, 2, 3, 1];
/// The same morning with one reply changed: "third floor, I'll hold the doors" instead of
/// the coffee.
const WITHOUT_COFFEE: [usize; 4] = [3, 1, 3, 1];
/// A kind morning for the calling-card experiment: politely, coffee, "what time do you get
/// up?", a tenner and his name.
const LOTTE_KIND: [usize; 4] = [3, 2, 3, 2];
/// As Ruud in part two: own the lateness, a kind no to the old chair (with a date for
/// fetching it), own the chipped doorframe, show her UP and DOWN. He is back on time.
const RUUD_CAREFUL: [usize; 4] = [3, 1, 2, 2];
/// The same afternoon with one reply changed: "up, down, the manual's in the bag", and he
/// rings Ilse from the stairs.
const RUUD_LEAVES_HER_THE_MANUAL: [usize; 4] = [3, 1, 2, 3];
/// The seed: when the draw at `care_draw` is open, Ruud does the minimum.
const SEED: u64 = 0;

fn script(part_one: &[usize], part_two: &[usize]) -> Vec<usize> {
    part_one.iter().chain(part_two).copied().collect()
}

fn visited(story: &Story, rs: &RunState, node: &str) -> bool {
    let n = story.node(node).expect("node");
    rs.transcript
        .iter()
        .any(|b| matches!(*b, give_and_take_story::Beat::Line { node: m } if m == n))
}

/// The coffee experiment on `story`: (with coffee, without), same seed, same other choices.
fn coffee_pair(story: &Story) -> (RunState, RunState) {
    (
        play(story, SEED, &script(&WITH_COFFEE, &RUUD_CAREFUL)),
        play(story, SEED, &script(&WITHOUT_COFFEE, &RUUD_CAREFUL)),
    )
}

/// The calling-card experiment on `story`: (careful Ruud, Ruud who leaves her the manual).
fn card_pair(story: &Story) -> (RunState, RunState) {
    (
        play(story, SEED, &script(&LOTTE_KIND, &RUUD_CAREFUL)),
        play(
            story,
            SEED,
            &script(&LOTTE_KIND, &RUUD_LEAVES_HER_THE_MANUAL),
        ),
    )
}

const COFFEE: &str = r#"                        Give(
                            from: "lotte", to: "ruud", layer: Deal, amount: 2, kind: "coffee",
                            note: (
                                en: "His thermos went cold at seven. This one wasn't.",
                                nl: "Zijn thermoskan was om zeven uur al koud. Deze kop niet.",
                            ),
                        ),
"#;
const CARELESS_AMOUNT: &str = r#"by: "ruud", from: "lotte", layer: Deal, amount: 3,"#;
const COFFEE_AMOUNT: &str = r#"from: "lotte", to: "ruud", layer: Deal, amount: 2, kind: "coffee""#;

/// Claim 6: coffee, interest in his early start and no grumbling put you in credit with the
/// late delivery man, and a man you are in credit with takes extra care. Experiment: the
/// coffee alone decides whether Ruud takes care (and Lotte ends without a grievance toward
/// the shop) or leaves the boxes in the hall (and she ends with one).
#[test]
fn claim_coffee_interest_and_no_grumbling_earn_extra_care() {
    let story = load(NAME);
    let (coffee, plain) = coffee_pair(&story);
    assert_eq!(outcome(&story, &coffee), "two_calling_cards");
    assert_eq!(outcome(&story, &plain), "kept_the_old_client");
    assert!(visited(&story, &coffee, "careful") && !visited(&story, &coffee, "careless"));
    assert!(visited(&story, &plain, "careless") && !visited(&story, &plain, "careful"));

    // Why he cared: the coffee is worth more to a man whose thermos went cold at seven
    // (valued ×1.5), and with the question about his day it put Lotte in credit with him
    // past the point where care is settled; without it, his care was a draw, and lost.
    let cup = entries_of_choice(&story, &coffee, "ruud_hello");
    assert!(cup.iter().any(|e| matches!(&e.rule,
        Rule::Valuation { kind, worth } if kind == "coffee" && worth.0 == 1500)));
    assert_eq!(given(&story, &cup, "lotte", "ruud", Some(Layer::Deal)), 3);
    assert!(entries_of_choice(&story, &plain, "ruud_hello").is_empty());
    let interest = entries_of_choice(&story, &coffee, "stairs");
    assert!(interest.iter().any(|e| e.rule == Rule::Acknowledge));
    assert_eq!(
        given(&story, &interest, "lotte", "ruud", Some(Layer::Seen)),
        2
    );
    // With the coffee his care was settled; without it, it went to the draw.
    assert!(!visited(&story, &coffee, "care_draw"));
    assert!(visited(&story, &plain, "care_draw"));

    // The care itself: he gave beyond the worksheet, the shop gave with him (its calling
    // card), and Lotte perceived it: the grievance the lost morning left her with eased.
    let lotte = party(&story, "lotte");
    let shop = party(&story, "shop");
    let care = entries_entering(&story, &coffee, "careful");
    assert_eq!(given(&story, &care, "ruud", "lotte", Some(Layer::Deal)), 3);
    assert!(given(&story, &care, "shop", "lotte", Some(Layer::Deal)) > 0);
    assert!(care.iter().any(|e| e.rule == Rule::Perception
        && matches!(e.change, LedgerChange::Felt { who, toward, delta }
            if who == lotte && toward == shop && delta < 0)));
    assert!(felt(&story, &coffee, "lotte", "shop") < 2);

    // The minimum: he took from her (boxes in the hall, the scratch), the shop took with
    // him, and she perceived it: her felt deficit toward the shop grew by perception.
    let careless = entries_entering(&story, &plain, "careless");
    assert_eq!(
        given(&story, &careless, "ruud", "lotte", Some(Layer::Deal)),
        -3
    );
    assert!(given(&story, &careless, "shop", "lotte", None) < 0);
    assert!(careless.iter().any(|e| e.rule == Rule::Perception
        && matches!(e.change, LedgerChange::Felt { who, toward, delta }
            if who == lotte && toward == shop && delta > 0)));
    assert!(felt(&story, &plain, "lotte", "shop") >= 2);
}

/// Knock-out: without the coffee's effect, the two replies are the same move in the ledger,
/// and the two runs end alike.
#[test]
fn claim_coffee_interest_and_no_grumbling_earn_extra_care_knocked_out() {
    let story = load_edited(NAME, |s| replace_once(&s, COFFEE, ""));
    let (coffee, plain) = coffee_pair(&story);
    assert_eq!(outcome(&story, &coffee), outcome(&story, &plain));
    assert_eq!(
        visited(&story, &coffee, "careful"),
        visited(&story, &plain, "careful")
    );
}

/// Knock-out of the rule: without perception nobody turns what was taken into a felt
/// deficit, so the boxes left in the hall leave Lotte no grievance toward the shop, and the
/// coffee (which still buys Ruud's care) no longer decides how it ends.
#[test]
fn claim_coffee_interest_and_no_grumbling_earn_extra_care_perception_knocked_out() {
    let story = load_edited(NAME, |s| with_rules(&s, "perception: false"));
    let (coffee, plain) = coffee_pair(&story);
    assert!(visited(&story, &coffee, "careful") && visited(&story, &plain, "careless"));
    assert_eq!(outcome(&story, &coffee), outcome(&story, &plain));
}

/// No knife-edge: a coffee worth one less or one more still settles his care.
#[test]
fn claim_coffee_interest_and_no_grumbling_earn_extra_care_holds_at_plus_minus_one() {
    for amount in [1, 3] {
        let story = load_edited(NAME, |s| {
            replace_once(
                &s,
                COFFEE_AMOUNT,
                &COFFEE_AMOUNT.replace("amount: 2", &format!("amount: {amount}")),
            )
        });
        let (coffee, plain) = coffee_pair(&story);
        assert_eq!(
            outcome(&story, &coffee),
            "two_calling_cards",
            "coffee {amount}"
        );
        assert_eq!(
            outcome(&story, &plain),
            "kept_the_old_client",
            "coffee {amount}"
        );
    } // And what the careless drop-off takes from her, one less or one more.
    for amount in [2, 4] {
        let story = load_edited(NAME, |s| {
            replace_once(
                &s,
                CARELESS_AMOUNT,
                &CARELESS_AMOUNT.replace("amount: 3", &format!("amount: {amount}")),
            )
        });
        let (coffee, plain) = coffee_pair(&story);
        assert_eq!(
            outcome(&story, &coffee),
            "two_calling_cards",
            "careless {amount}"
        );
        assert_eq!(
            outcome(&story, &plain),
            "kept_the_old_client",
            "careless {amount}"
        );
    }
}

const MANUAL_TAKE: &str = r#"                        Take(
                            by: "ruud", from: "kuipers", layer: Seen, amount: 5,
                            note: (
                                en: "She was left with six buttons and a booklet in four languages.",
                                nl: "Ze bleef achter met zes knoppen en een boekje in vier talen.",
                            ),
                        ),
"#;
const MANUAL_AMOUNT: &str = r#"by: "ruud", from: "kuipers", layer: Seen, amount: 5,
                            note: (
                                en: "She was left with six buttons"#;
const RUUD_MEMBER: &str = r#"(party: "ruud", weight: 0.8),"#;

/// Claim 7: every employee is the organisation's calling card. A careless delivery man moves
/// the client's balance with the shop, not only with himself, by his weight (80%).
/// Experiment: one careless reply at the end of an otherwise careful afternoon ("the
/// manual's in the bag") costs the shop fifty years with Mrs Kuipers.
#[test]
fn claim_a_careless_employee_damages_the_shops_balance_with_the_client() {
    let story = load(NAME);
    let (careful, careless) = card_pair(&story);
    assert_eq!(outcome(&story, &careful), "two_calling_cards");
    assert_eq!(outcome(&story, &careless), "lost_the_old_client");

    let shop = party(&story, "shop");
    let is_card = |e: &&Entry| matches!(e.rule, Rule::CallingCard { org, weight } if org == shop && weight.0 == 800);
    // The one reply that differs: Ruud took from her, and as the shop's calling card the
    // shop took 80% of it too.
    let took = entries_of_choice(&story, &careless, "the_remote");
    assert!(took.iter().any(|e| e.rule == Rule::Take));
    assert_eq!(
        given(&story, &took, "kuipers", "ruud", Some(Layer::Seen)),
        5
    );
    let cards: Vec<&Entry> = took.iter().copied().filter(is_card).collect();
    assert_eq!(
        given(&story, &cards, "kuipers", "shop", Some(Layer::Seen)),
        4
    );
    // The careful reply moved the same balance the other way.
    let gave = entries_of_choice(&story, &careful, "the_remote");
    let cards: Vec<&Entry> = gave.iter().copied().filter(is_card).collect();
    assert!(given(&story, &cards, "shop", "kuipers", Some(Layer::Seen)) > 0);

    // Fifty years of goodwill (9 at the start) grew on the careful afternoon, and fell
    // below what keeps her on the careless one.
    assert!(credit(&story, &careful, "shop", "kuipers", None) >= 11);
    assert!(credit(&story, &careless, "shop", "kuipers", None) < 11);
}

/// Knock-out of the effect: without the take, the careless reply is only the lack of a
/// small gift, and both afternoons keep her.
#[test]
fn claim_a_careless_employee_damages_the_shops_balance_with_the_client_knocked_out() {
    let story = load_edited(NAME, |s| replace_once(&s, MANUAL_TAKE, ""));
    let (careful, careless) = card_pair(&story);
    assert_eq!(outcome(&story, &careful), outcome(&story, &careless));
}

/// Knock-out of the rule: when Ruud is no calling card of the shop (not one of its
/// members), nothing he does reaches her balance with the shop, and the one reply makes
/// no difference to how that ends.
#[test]
fn claim_a_careless_employee_damages_the_shops_balance_with_the_client_card_knocked_out() {
    let story = load_edited(NAME, |s| replace_once(&s, RUUD_MEMBER, ""));
    let (careful, careless) = card_pair(&story);
    assert_eq!(outcome(&story, &careful), outcome(&story, &careless));
    assert_eq!(
        credit(&story, &careful, "shop", "kuipers", None),
        credit(&story, &careless, "shop", "kuipers", None)
    );
}

/// No knife-edge: a take one smaller or one larger still costs the shop the old client,
/// and the careful afternoon still keeps her.
#[test]
fn claim_a_careless_employee_damages_the_shops_balance_with_the_client_holds_at_plus_minus_one() {
    for amount in [4, 6] {
        let story = load_edited(NAME, |s| {
            replace_once(
                &s,
                MANUAL_AMOUNT,
                &MANUAL_AMOUNT.replace("amount: 5", &format!("amount: {amount}")),
            )
        });
        let (careful, careless) = card_pair(&story);
        assert_eq!(
            outcome(&story, &careful),
            "two_calling_cards",
            "take {amount}"
        );
        assert_eq!(
            outcome(&story, &careless),
            "lost_the_old_client",
            "take {amount}"
        );
    }
}

/// Claim 6, the other half: no grumbling. Lotte's grievance is with the shop (it took her
/// morning); snapped at the man on the doorstep, it travels and escalates.
const POLITE_AT_THE_DOOR: [usize; 4] = [3, 1, 3, 1];
/// The same morning with one reply changed: "an hour late, I took a morning off for this".
const GRUMBLES_AT_THE_DOOR: [usize; 4] = [3, 3, 3, 1];
/// A seed on which a polite, coffee-less morning draws Ruud's care.
const LUCKY: u64 = 1;
const GRUMBLE: &str = r#"                        Deflect(
                            by: "lotte", toward: "ruud", amount: 3,
                            note: (
                                en: "Every word of it true, and he wasn't the one who planned the route.",
                                nl: "Elk woord was waar, maar hij had de route niet gepland.",
                            ),
                        ),
"#;
const GRUMBLE_AMOUNT: &str = r#"by: "lotte", toward: "ruud", amount: 3,
                            note: (
                                en: "Every word"#;

fn grumble_pair(story: &Story) -> (RunState, RunState) {
    (
        play(story, LUCKY, &script(&POLITE_AT_THE_DOOR, &RUUD_CAREFUL)),
        play(story, LUCKY, &script(&GRUMBLES_AT_THE_DOOR, &RUUD_CAREFUL)),
    )
}

/// Experiment: the one grumble decides between Ruud's care and the minimum. It escalates
/// because Lotte carries a grievance toward the shop (perceived from the morning it took),
/// and the hurt lands on Ruud.
#[test]
fn claim_grumbling_at_the_driver_gets_the_minimum() {
    let story = load(NAME);
    let (polite, grumbled) = grumble_pair(&story);
    assert_eq!(outcome(&story, &polite), "two_calling_cards");
    assert_eq!(outcome(&story, &grumbled), "kept_the_old_client");
    assert!(visited(&story, &polite, "careful"));
    assert!(visited(&story, &grumbled, "careless"));

    let (lotte, ruud, shop) = (
        party(&story, "lotte"),
        party(&story, "ruud"),
        party(&story, "shop"),
    );
    // The morning: the shop took it, and Lotte perceived it as a grievance toward the shop.
    let morning = entries_entering(&story, &grumbled, "waiting");
    assert!(morning.iter().any(|e| e.rule == Rule::Perception
        && matches!(e.change, LedgerChange::Felt { who, toward, delta }
            if who == lotte && toward == shop && delta > 0)));
    // The grumble: played against Ruud while she carried that grievance, it escalated.
    let doorstep = entries_of_choice(&story, &grumbled, "ruud_hello");
    assert!(doorstep.iter().any(|e| e.rule == Rule::Escalation
        && matches!(e.change, LedgerChange::Felt { who, toward, delta }
            if who == ruud && toward == lotte && delta > 3)));
    assert!(entries_of_choice(&story, &polite, "ruud_hello").is_empty());
    // The minimum he then did came back to her through the shop.
    assert!(felt(&story, &grumbled, "lotte", "shop") >= 2);
    assert!(felt(&story, &polite, "lotte", "shop") < 2);
}

/// Knock-out: without the deflection's effect, the grumble is just words, and the two
/// mornings end alike.
#[test]
fn claim_grumbling_at_the_driver_gets_the_minimum_knocked_out() {
    let story = load_edited(NAME, |s| replace_once(&s, GRUMBLE, ""));
    let (polite, grumbled) = grumble_pair(&story);
    assert_eq!(outcome(&story, &polite), outcome(&story, &grumbled));
}

/// No knife-edge: a grumble one milder or one sharper still gets the minimum.
#[test]
fn claim_grumbling_at_the_driver_gets_the_minimum_holds_at_plus_minus_one() {
    for amount in [2, 4] {
        let story = load_edited(NAME, |s| {
            replace_once(
                &s,
                GRUMBLE_AMOUNT,
                &GRUMBLE_AMOUNT.replace("amount: 3", &format!("amount: {amount}")),
            )
        });
        let (polite, grumbled) = grumble_pair(&story);
        assert_eq!(
            outcome(&story, &polite),
            "two_calling_cards",
            "grumble {amount}"
        );
        assert_eq!(
            outcome(&story, &grumbled),
            "kept_the_old_client",
            "grumble {amount}"
        );
    }
}

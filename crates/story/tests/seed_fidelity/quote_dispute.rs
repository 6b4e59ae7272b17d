//! Claims 1–3, from the quote dispute (Bernard, Jort, Harry and Erik Bothof).

use super::*;
use give_and_take_story::Refusal;

/// Claim 1: relying on credits with the father loses the contract with the son.
#[test]
fn relying_on_the_fathers_credits_loses_the_son() {
    let story = load("quote_dispute");
    // Skim in the car, don't call Harry, lean on the old years with Erik.
    let rs = play(&story, 0, &[1, 3, 2, 2, 2, 1, 1, 1]);
    assert!(
        outcome(&story, &rs).starts_with("lost"),
        "got {}",
        outcome(&story, &rs)
    );
    let claim = entries_of_choice(&story, &rs, "page_fourteen");
    assert!(
        claim.iter().any(|e| e.rule
            == Rule::ClaimRefused {
                reason: Refusal::Unknown
            }),
        "the claim is refused because Erik never heard of those years"
    );
    assert!(
        felt_delta(&story, &claim, "erik", "bernard") > 0,
        "leaning on the past made Erik feel pushed"
    );
    // The credits stay with Harry: twenty years, still there, worth nothing in this room.
    assert_eq!(
        credit(&story, &rs, "bernard", "harry", Some(Layer::Deal)),
        12
    );
    assert!(credit(&story, &rs, "bernard", "erik", None) < 11);
}

/// Claim 2: those credits transfer only if the son knows of them AND honouring them is a
/// gift to his father — and then in proportion to that loyalty.
#[test]
fn credits_transfer_only_when_known_and_a_gift_to_the_father() {
    let story = load("quote_dispute");

    // Harry tells Erik about the years (seed 0 draws that reaction): the claim is honoured.
    let told = play(&story, 0, &[3, 1, 2, 2, 1, 2, 2, 1]);
    assert_eq!(outcome(&story, &told), "won_unseen");
    let claim = entries_of_choice(&story, &told, "page_fourteen");
    let moved = given(&story, &claim, "bernard", "erik", None);
    assert!(moved > 0, "credits arrived with Erik");
    // Loyalty 60 %: Harry's credit with Erik (12) over `loyalty_full` (20).
    assert!(
        claim
            .iter()
            .any(|e| matches!(e.rule, Rule::Succession { loyalty } if loyalty.0 == 600))
    );
    assert_eq!(
        given(&story, &claim, "harry", "bernard", None),
        moved,
        "they left Harry's account"
    );
    assert!(
        claim.iter().any(|e| e.rule == Rule::Loyalty
            && given(&story, &[e], "erik", "harry", Some(Layer::Seen)) == moved),
        "honouring them is Erik's gift to his father"
    );

    // Not told: refused.
    let untold = play(&story, 0, &[2, 3, 2, 2, 2, 1, 1, 1]);
    assert!(
        entries_of_choice(&story, &untold, "page_fourteen")
            .iter()
            .any(|e| e.rule
                == Rule::ClaimRefused {
                    reason: Refusal::Unknown
                })
    );
    assert!(outcome(&story, &untold).starts_with("lost"));

    // Told, but by a father who leaned on his son: Erik knows, yet honouring Harry is no
    // longer a gift he owes him, so the claim is refused all the same.
    let pushed = play(&story, 0, &[1, 2, 2, 2, 2, 1, 1, 1]);
    assert!(pushed.state.ledger.knows(
        party(&story, "erik"),
        party(&story, "bernard"),
        party(&story, "harry")
    ));
    assert!(
        entries_of_choice(&story, &pushed, "page_fourteen")
            .iter()
            .any(|e| e.rule
                == Rule::ClaimRefused {
                    reason: Refusal::NoLoyalty
                })
    );
    assert!(outcome(&story, &pushed).starts_with("lost"));
}

/// Claim 3: two parties who both feel a deficit and play them against each other both end
/// worse; acknowledging both repairs it.
#[test]
fn deficits_played_against_each_other_leave_both_worse() {
    let story = load("quote_dispute");
    // Lost meeting; "why so thick?"; Jort's outburst; "how do you think it felt?".
    let bitter = play(&story, 1, &[3, 3, 2, 2, 3, 2, 2, 3]);
    assert_eq!(outcome(&story, &bitter), "lost_both_bitter");
    let escalations = entries_where(&bitter, |r| *r == Rule::Escalation);
    let jort = party(&story, "jort");
    let bernard = party(&story, "bernard");
    assert!(
        escalations
            .iter()
            .any(|e| matches!(e.change, LedgerChange::Felt { who, .. } if who == jort))
            && escalations
                .iter()
                .any(|e| matches!(e.change, LedgerChange::Felt { who, .. } if who == bernard)),
        "each deflection met a deficit on the other side and escalated"
    );
    assert!(felt(&story, &bitter, "jort", "bernard") >= 12);
    assert!(felt(&story, &bitter, "bernard", "jort") >= 5);

    // Same meeting, but Bernard names Jort's loss and Jort sees Bernard's: both deficits shrink.
    let seen = play(&story, 0, &[1, 3, 2, 1, 2, 1, 1, 2]);
    assert_eq!(outcome(&story, &seen), "lost_but_seen");
    assert!(felt(&story, &seen, "jort", "bernard") < 5);
    assert_eq!(felt(&story, &seen, "bernard", "jort"), 0);
    assert!(
        entries_where(&seen, |r| *r == Rule::Acknowledge)
            .iter()
            .any(
                |e| matches!(e.change, LedgerChange::Felt { who, delta, .. } if who == jort && delta < 0)
            )
    );
}

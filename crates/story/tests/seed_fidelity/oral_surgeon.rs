//! Claims 4–5, from the oral surgeon (Maarten, his patient Noor, her father Erwin, his
//! daughter Fleur).

use super::*;
use give_and_take_story::Beat;

/// Choices count from 1 among those offered, as `play` shows them.
/// Roll the stool over and ask what she dreads, explain, give her the brake, stop when she
/// pulls it, tell her father what it cost her.
const SEEN_MORNING: [usize; 5] = [3, 2, 3, 2, 3];
/// Laugh along with the father, "routine", start before she is ready, carry on through her
/// grip, wink at the father.
const RUSHED_MORNING: [usize; 5] = [1, 1, 2, 1, 1];
/// The evening up to Noor's reaction: answer the phone, go, "I'm sorry, love", reassure
/// Erwin, reassure Noor.
const EVENING: [usize; 5] = [1, 2, 2, 2, 2];
/// After she thanks him: let it land; at home, tell Fleur about it.
const THANKED_TAIL: [usize; 2] = [2, 2];
/// After she turns to the wall: let it go; at home, ask Fleur about her evening.
const SILENT_TAIL: [usize; 2] = [1, 2];

fn script(morning: &[usize], tail: &[usize]) -> Vec<usize> {
    morning
        .iter()
        .chain(&EVENING)
        .chain(tail)
        .copied()
        .collect()
}

/// Entries made by reaction `reaction` (0-based, as written) of the node `node`.
fn entries_of_reaction<'a>(
    story: &Story,
    rs: &'a RunState,
    node: &str,
    reaction: usize,
) -> Vec<&'a Entry> {
    let n = story.node(node).expect("node");
    let reaction = story.reactions(n).nth(reaction).expect("reaction");
    rs.entries
        .iter()
        .filter(|e| e.cause == Cause::Reaction { node: n, reaction })
        .collect()
}

/// The drawn reaction at `node`, with its chance in thousandths.
fn drawn(story: &Story, rs: &RunState, node: &str) -> (usize, u32) {
    let n = story.node(node).expect("node");
    rs.transcript
        .iter()
        .find_map(|b| match *b {
            Beat::Reacted {
                node: m,
                reaction,
                chance,
            } if m == n => Some((reaction.index(), chance.expect("a weighted draw"))),
            _ => None,
        })
        .expect("the node was reached")
}

/// Claim 4: the surgeon who truly sees an anxious patient earns a top rating despite the
/// pain; rushing, brushing her fear off and joking at her expense earn a poor one.
#[test]
fn seeing_the_anxious_patient_earns_a_top_rating_despite_the_pain() {
    let story = load("oral_surgeon");
    // Seed 0: in both runs Noor stays silent that night, so only the morning differs.
    let seen = play(&story, 0, &script(&SEEN_MORNING, &SILENT_TAIL));
    let rushed = play(&story, 0, &script(&RUSHED_MORNING, &SILENT_TAIL));
    assert!(
        outcome(&story, &seen).starts_with("top_rating") || outcome(&story, &seen) == "full_circle",
        "seen: got {}",
        outcome(&story, &seen)
    );
    assert!(
        outcome(&story, &rushed).starts_with("poor_rating"),
        "rushed: got {}",
        outcome(&story, &rushed)
    );

    // Noor comes in with a deficit (her fear), and the extraction hurts the same in both runs.
    let fear: i32 = seen
        .entries
        .iter()
        .filter(|e| e.cause == Cause::History)
        .map(|e| match e.change {
            LedgerChange::Felt { who, toward, delta }
                if who == party(&story, "noor") && toward == party(&story, "maarten") =>
            {
                delta
            }
            _ => 0,
        })
        .sum();
    assert_eq!(fear, 5, "three weeks of dread");
    for rs in [&seen, &rushed] {
        let pain = entries_entering(&story, rs, "the_pull");
        assert_eq!(
            felt_delta(&story, &pain, "noor", "maarten"),
            4,
            "it hurts either way"
        );
    }

    // Seen: his acknowledgments in the chair take away more than the fear and the pain.
    let noor = party(&story, "noor");
    let maarten = party(&story, "maarten");
    let morning = [
        "erwin_jokes",
        "noor_asks",
        "petra_door",
        "hand_brake",
        "tooth_out",
    ];
    let acks: Vec<&Entry> = morning
        .iter()
        .flat_map(|n| entries_of_choice(&story, &seen, n))
        .filter(|e| e.rule == Rule::Acknowledge)
        .collect();
    assert!(
        felt_delta(&story, &acks, "noor", "maarten") <= -(fear + 4) + 1,
        "the acknowledgments eased fear and pain: {}",
        felt_delta(&story, &acks, "noor", "maarten")
    );
    assert!(
        given(&story, &acks, "maarten", "noor", Some(Layer::Seen)) >= 8,
        "and gave her something on being seen"
    );
    // Rushed: every one of those moments took instead, and none eased anything.
    let takes: Vec<&Entry> = morning
        .iter()
        .chain(&["grip"])
        .flat_map(|n| entries_of_choice(&story, &rushed, n))
        .collect();
    assert!(takes.iter().all(|e| e.rule != Rule::Acknowledge));
    assert!(given(&story, &takes, "maarten", "noor", Some(Layer::Seen)) <= -6);
    assert!(felt_delta(&story, &takes, "noor", "maarten") >= 5);

    // Where the morning leaves her, before the evening does anything.
    let zero = |s: &[usize]| s.iter().map(|c| c - 1).collect::<Vec<_>>();
    let after_seen = RunState::replay(&story, 0, &zero(&SEEN_MORNING)).unwrap();
    let after_rushed = RunState::replay(&story, 0, &zero(&RUSHED_MORNING)).unwrap();
    assert_eq!(
        after_seen.state.ledger.felt(noor, maarten),
        0,
        "sore, and not short-changed"
    );
    assert!(after_rushed.state.ledger.felt(noor, maarten) >= 10);

    // And what the rating is read from at the end.
    assert!(felt(&story, &seen, "noor", "maarten") < 5);
    assert!(credit(&story, &seen, "maarten", "noor", Some(Layer::Seen)) >= 10);
    assert!(felt(&story, &rushed, "noor", "maarten") >= 5);
    assert!(credit(&story, &rushed, "maarten", "noor", Some(Layer::Seen)) < 0);
}

/// Claim 5: a patient who thanks the surgeon for an emergency call-out gives back to him:
/// her thanks is an acknowledgment that eases the deficit the ruined evening left him with,
/// and a seen patient is far likelier to give it.
#[test]
fn a_patient_who_thanks_the_surgeon_gives_back_to_him() {
    let story = load("oral_surgeon");
    // The same surgeon, the same evening. Seed 2: Noor types her thanks. Seed 0: she turns
    // to the wall.
    let thanked = play(&story, 2, &script(&SEEN_MORNING, &THANKED_TAIL));
    let silent = play(&story, 0, &script(&SEEN_MORNING, &SILENT_TAIL));
    assert_eq!(outcome(&story, &thanked), "full_circle");
    assert_eq!(outcome(&story, &silent), "top_rating_family_close");

    // Leaving the birthday dinner: he gives her his evening, and feels it.
    for rs in [&thanked, &silent] {
        let leaving = entries_entering(&story, rs, "leaving");
        assert!(given(&story, &leaving, "maarten", "noor", Some(Layer::Deal)) > 0);
        assert!(felt_delta(&story, &leaving, "maarten", "noor") > 0);
        assert!(
            felt_delta(&story, &leaving, "fleur", "maarten") > 0,
            "his family pays too"
        );
    }

    // The thanks: Noor's reaction gives him something on being seen, and eases his deficit.
    assert_eq!(drawn(&story, &thanked, "sutured").0, 0);
    let thanks = entries_of_reaction(&story, &thanked, "sutured", 0);
    assert!(given(&story, &thanks, "noor", "maarten", Some(Layer::Seen)) >= 2);
    let (noor, maarten) = (party(&story, "noor"), party(&story, "maarten"));
    assert!(thanks.iter().any(|e| e.rule == Rule::Acknowledge
        && matches!(e.change, LedgerChange::Felt { who, toward, delta }
            if who == maarten && toward == noor && delta < 0)));
    assert!(felt_delta(&story, &thanks, "maarten", "noor") <= -3);

    // Without it nothing comes back from her, and the evening stays on his side of the ledger.
    assert_eq!(drawn(&story, &silent, "sutured").0, 1);
    assert!(entries_of_reaction(&story, &silent, "sutured", 0).is_empty());
    let from_noor: Vec<&Entry> = silent
        .entries
        .iter()
        .filter(|e| matches!(e.change, LedgerChange::Transfer { from, .. } if from == noor))
        .collect();
    assert!(from_noor.is_empty(), "Noor gave him nothing");
    assert_eq!(felt(&story, &thanked, "maarten", "noor"), 0);
    assert!(felt(&story, &silent, "maarten", "noor") >= 3);
    assert!(
        credit(&story, &thanked, "maarten", "noor", Some(Layer::Seen))
            < credit(&story, &silent, "maarten", "noor", Some(Layer::Seen)),
        "she paid part of it back"
    );

    // A seen patient is likelier to thank: after the seen morning the thanks was the likelier
    // draw; after the rushed morning it could not be drawn at all.
    let (_, chance) = drawn(&story, &thanked, "sutured");
    assert!(chance > 600, "thanks drawn with chance {chance}");
    let rushed = play(&story, 2, &script(&RUSHED_MORNING, &SILENT_TAIL));
    assert_eq!(drawn(&story, &rushed, "sutured"), (1, 1000));
    assert!(felt(&story, &rushed, "maarten", "noor") >= 3);
}

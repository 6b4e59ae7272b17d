//! Claims 4–5, from the oral surgeon (Maarten, his patient Noor, her father Erwin, his
//! daughter Fleur). Each claim is a controlled experiment: two runs that differ in one cause
//! only, the same pair with the cause knocked out of the scenario, and the same pair with the
//! deciding amount moved by one either way.

use super::*;
use give_and_take_story::Beat;

const NAME: &str = "oral_surgeon";

/// Choices count from 1 among those offered, as `play` shows them.
///
/// Claim 4's evening, the same in both runs: answer the phone, go at once, "I'm sorry, love",
/// acknowledge Erwin (3rd in both of his greetings), see Noor's fear again at night, let her
/// silence go (he never says where he came from, so she cannot thank him), ask Fleur about
/// her evening.
const PLAIN_EVENING: [usize; 7] = [1, 2, 2, 3, 2, 2, 2];
/// Claim 4's morning after the first reply: "routine", a countdown rather than a brake, count
/// her through it, tell her father she was brave.
const MIDDLING_MORNING: [usize; 4] = [1, 1, 1, 3];
/// The first reply, the one cause claim 4 varies: roll the stool over and ask what she
/// dreads (an acknowledgment) …
const SEE_HER: usize = 3;
/// … or turn to the X-ray (neutral).
const XRAY_FIRST: usize = 2;

/// Claim 5's script: the thoughtful day. Ask what she dreads, explain, hand her the brake,
/// stop when she pulls it, aftercare; at night go at once, "I'm sorry, love", thank Erwin,
/// show Noor Els's text (she hears where he came from), let what comes back land, ask Fleur
/// about her evening.
const THOUGHTFUL: [usize; 12] = [3, 2, 3, 2, 2, 1, 2, 2, 3, 3, 2, 2];
/// Seed 2 draws Noor's thanks after the stitch; seed 46 draws her silence. Every other draw
/// on the way is the same under both seeds (asserted).
const THANKED_SEED: u64 = 2;
const SILENT_SEED: u64 = 46;

/// The acknowledgment of claim 4: his first reply to Noor's dread.
const SEE_HER_ACK: &str = r#"                        Acknowledge(
                            by: "maarten", of: "noor", amount: 3,
                            note: (
                                en: "You took her dread seriously"#;
/// The thanks of claim 5: Noor's gift on being seen, which he has yet to notice.
const THANKS: &str = r#"Give(
                            from: "noor", to: "maarten", layer: Seen, amount: 4, unnoticed: true,"#;

fn claim4_script(first: usize) -> Vec<usize> {
    std::iter::once(first)
        .chain(MIDDLING_MORNING)
        .chain(PLAIN_EVENING)
        .collect()
}

/// `text` without the effect that starts with `start` (up to its closing line).
fn without_effect(text: &str, start: &str) -> String {
    let at = text.find(start).expect("the effect is in the scenario");
    assert_eq!(text.matches(start).count(), 1, "the effect occurs once");
    let close = "\n                        ),\n";
    let end = at + text[at..].find(close).expect("the effect closes") + close.len();
    format!("{}{}", &text[..at], &text[end - 1..])
}

/// The drawn reaction at `node` (0-based), or `None` when the run did not pass there.
fn drawn(story: &Story, rs: &RunState, node: &str) -> Option<usize> {
    let n = story.node(node).expect("node");
    rs.transcript.iter().find_map(|b| match *b {
        Beat::Reacted {
            node: m, reaction, ..
        } if m == n => Some(reaction.index()),
        _ => None,
    })
}

// ------------------------------------------------------------------------------- claim 4

/// The two runs of claim 4 on `story`: seen first, then the X-ray first.
fn claim4_runs(story: &Story) -> (RunState, RunState) {
    (
        play(story, 0, &claim4_script(SEE_HER)),
        play(story, 0, &claim4_script(XRAY_FIRST)),
    )
}

/// Claim 4: the surgeon who truly sees an anxious patient earns a top rating despite the
/// pain. One reply differs: he rolls his stool to her eye level and asks what she dreads,
/// or he turns to the X-ray. Everything else, the pain included, is the same.
#[test]
fn seeing_the_anxious_patient_earns_a_top_rating_despite_the_pain() {
    let story = load(NAME);
    let (seen, unseen) = claim4_runs(&story);
    assert_eq!(outcome(&story, &seen), "top_rating_family_close");
    assert_eq!(outcome(&story, &unseen), "poor_rating_family_close");

    // She comes in braced, and the extraction hurts the same in both runs.
    for rs in [&seen, &unseen] {
        let braced: Vec<&Entry> = rs
            .entries
            .iter()
            .filter(|e| e.cause == Cause::History)
            .collect();
        assert_eq!(felt_delta(&story, &braced, "noor", "maarten"), 5);
        let pain = entries_entering(&story, rs, "the_pull");
        assert_eq!(
            felt_delta(&story, &pain, "noor", "maarten"),
            4,
            "it hurts either way"
        );
    }

    // The difference: his acknowledgment. Noor receives 3 on being seen, and her felt
    // deficit eases by more than the amount (the larger her dread, the more it helps).
    let ack = entries_of_choice(&story, &seen, "erwin_jokes");
    let recognised: Vec<&Entry> = ack
        .iter()
        .copied()
        .filter(|e| e.rule == Rule::Acknowledge)
        .collect();
    assert_eq!(
        given(&story, &recognised, "maarten", "noor", Some(Layer::Seen)),
        3
    );
    assert!(
        felt_delta(&story, &recognised, "noor", "maarten") <= -4,
        "being seen eased her dread: {}",
        felt_delta(&story, &recognised, "noor", "maarten")
    );
    let xray = entries_of_choice(&story, &unseen, "erwin_jokes");
    assert!(xray.is_empty(), "the X-ray moves nothing: {xray:?}");

    // What the rating is read from: her credit to him on being seen, and her felt deficit.
    let seen_credit = credit(&story, &seen, "maarten", "noor", Some(Layer::Seen));
    let unseen_credit = credit(&story, &unseen, "maarten", "noor", Some(Layer::Seen));
    assert!(seen_credit >= 5, "seen: {seen_credit}");
    assert!(unseen_credit < 4, "unseen: {unseen_credit}");
    assert!(felt(&story, &seen, "noor", "maarten") < felt(&story, &unseen, "noor", "maarten"));
    assert!(felt(&story, &seen, "noor", "maarten") < 5);
}

/// Knock-out of claim 4: without the acknowledgment (the choice stays, its effect goes), the
/// same two runs end the same way.
#[test]
fn seeing_the_anxious_patient_earns_a_top_rating_despite_the_pain_knocked_out() {
    let story = load_edited(NAME, |s| without_effect(&s, SEE_HER_ACK));
    let (seen, unseen) = claim4_runs(&story);
    assert!(
        entries_of_choice(&story, &seen, "erwin_jokes")
            .iter()
            .all(|e| e.rule != Rule::Acknowledge)
    );
    assert_eq!(outcome(&story, &seen), outcome(&story, &unseen));
    assert_eq!(outcome(&story, &seen), "poor_rating_family_close");
}

/// Claim 4 is no knife-edge: with the acknowledgment worth 2 or 4, the same two outcomes.
#[test]
fn seeing_the_anxious_patient_earns_a_top_rating_despite_the_pain_holds_at_plus_minus_one() {
    for amount in [2, 4] {
        let story = load_edited(NAME, |s| {
            let moved = SEE_HER_ACK.replace("amount: 3", &format!("amount: {amount}"));
            replace_once(&s, SEE_HER_ACK, &moved)
        });
        let (seen, unseen) = claim4_runs(&story);
        assert_eq!(
            outcome(&story, &seen),
            "top_rating_family_close",
            "amount {amount}"
        );
        assert_eq!(
            outcome(&story, &unseen),
            "poor_rating_family_close",
            "amount {amount}"
        );
    }
}

// ------------------------------------------------------------------------------- claim 5

/// The two runs of claim 5 on `story`: thanked, then silent.
fn claim5_runs(story: &Story) -> (RunState, RunState) {
    let thanked = play(story, THANKED_SEED, &THOUGHTFUL);
    let silent = play(story, SILENT_SEED, &THOUGHTFUL);
    // Only the draw after the stitch differs.
    for node in ["hospital", "fleur_answers"] {
        assert_eq!(
            drawn(story, &thanked, node),
            drawn(story, &silent, node),
            "{node}"
        );
    }
    (thanked, silent)
}

/// Claim 5: a patient who thanks the surgeon for an emergency call-out gives back to him
/// something his salary does not. The same day, the same choices; only the draw after the
/// stitch differs: Noor types her thanks, or turns to the wall.
#[test]
fn a_patient_who_thanks_the_surgeon_gives_back_to_him() {
    let story = load(NAME);
    let (thanked, silent) = claim5_runs(&story);
    assert_eq!(drawn(&story, &thanked, "sutured"), Some(0));
    assert_eq!(drawn(&story, &silent, "sutured"), Some(1));
    assert_eq!(outcome(&story, &thanked), "full_circle");
    assert_eq!(outcome(&story, &silent), "top_rating_family_close");
    let (noor, maarten) = (party(&story, "noor"), party(&story, "maarten"));

    for rs in [&thanked, &silent] {
        // He gives her his evening: she does not know it, he counts it, and it costs him.
        let leaving = entries_entering(&story, rs, "leaving");
        assert!(leaving.iter().any(|e| matches!(e.change,
            LedgerChange::Transfer { from, to, layer: Layer::Deal, amount: 6, giver_counts: 6, receiver_counts: 0 }
                if from == maarten && to == noor)));
        assert!(leaving.iter().any(|e| e.rule == Rule::Perception
            && matches!(e.change, LedgerChange::Felt { who, toward, delta }
                if who == maarten && toward == noor && delta > 0)));
        // And she hears where he came from: only then can she thank him for it.
        let told = entries_of_choice(&story, rs, "els_texts");
        assert!(
            told.iter()
                .any(|e| matches!(e.change, LedgerChange::Learn { who, .. } if who == noor))
        );
    }

    // The thanks: a gift on being seen that he has yet to notice …
    let thanks = entries_reacting(&story, &thanked, "sutured");
    assert!(thanks.iter().any(|e| e.rule == Rule::Gift
        && matches!(e.change,
            LedgerChange::Transfer { from, to, layer: Layer::Seen, amount: 4, receiver_counts: 0, .. }
                if from == noor && to == maarten)));
    assert!(entries_reacting(&story, &silent, "sutured").is_empty());
    // … until he thanks her back: then he counts it, and his deficit toward her shrinks.
    let landed = entries_of_choice(&story, &thanked, "noor_thanks");
    assert!(landed.iter().any(|e| e.rule == Rule::Perception
        && matches!(e.change, LedgerChange::Perceive { who, with, layer: Layer::Seen, delta }
            if who == maarten && with == noor && delta == -4)));
    let eased: Vec<&Entry> = landed
        .iter()
        .copied()
        .filter(|e| e.rule == Rule::Perception)
        .collect();
    assert!(felt_delta(&story, &eased, "maarten", "noor") <= -3);

    // Nothing came back from her in the silent run: the evening stays on his side.
    let from_noor = silent
        .entries
        .iter()
        .filter(|e| matches!(e.rule, Rule::Gift | Rule::Acknowledge))
        .filter(|e| matches!(e.change, LedgerChange::Transfer { from, to, .. } if from == noor && to == maarten))
        .count();
    assert_eq!(
        from_noor, 0,
        "Noor gave him nothing (only the stitch's sting went her way)"
    );
    assert!(felt(&story, &thanked, "maarten", "noor") < 4);
    assert!(felt(&story, &silent, "maarten", "noor") >= 4);
}

/// Knock-out of claim 5: without the thanks (the draw stays, its gift goes), the same two
/// runs end the same way.
#[test]
fn a_patient_who_thanks_the_surgeon_gives_back_to_him_knocked_out() {
    let story = load_edited(NAME, |s| without_effect(&s, THANKS));
    let (thanked, silent) = claim5_runs(&story);
    assert_eq!(drawn(&story, &thanked, "sutured"), Some(0));
    assert!(entries_reacting(&story, &thanked, "sutured").is_empty());
    assert_eq!(outcome(&story, &thanked), outcome(&story, &silent));
    assert_eq!(outcome(&story, &thanked), "top_rating_family_close");
}

/// Claim 5 is no knife-edge: with the thanks worth 3 or 5, the same two outcomes.
#[test]
fn a_patient_who_thanks_the_surgeon_gives_back_to_him_holds_at_plus_minus_one() {
    for amount in [3, 5] {
        let story = load_edited(NAME, |s| {
            let moved = THANKS.replace("amount: 4", &format!("amount: {amount}"));
            replace_once(&s, THANKS, &moved)
        });
        let (thanked, silent) = claim5_runs(&story);
        assert_eq!(
            drawn(&story, &thanked, "sutured"),
            Some(0),
            "amount {amount}"
        );
        assert_eq!(outcome(&story, &thanked), "full_circle", "amount {amount}");
        assert_eq!(
            outcome(&story, &silent),
            "top_rating_family_close",
            "amount {amount}"
        );
    }
}

// ------------------------------------------------------- claim 5, what makes thanks possible

/// The Tell of the thanks experiment: at the bedside he shows Noor Els's text.
const SHOWS_HER: &str = r#"                        Tell(
                            who: "noor", holder: "maarten", with: "noor",
                            note: (
                                en: "No reproach in it"#;
/// His evening, given without her knowing.
const EVENING: &str = r#"from: "maarten", to: "noor", layer: Deal, amount: 6, unnoticed: true,"#;

/// The two runs of the claim below on `story`, both with seed 2: at the bedside he shows
/// Noor where he came from (choice 3), or sees her fear once more and says nothing of it
/// (choice 2). Everything else is the thoughtful day.
fn told_runs(story: &Story) -> (RunState, RunState) {
    let mut silent_about_it = THOUGHTFUL;
    silent_about_it[9] = 2;
    assert_eq!(THOUGHTFUL[9], 3);
    (
        play(story, THANKED_SEED, &THOUGHTFUL),
        play(story, THANKED_SEED, &silent_about_it),
    )
}

/// Claim 5, its condition: a patient can thank him for coming in from his private life only
/// if she knows he did. The kindest surgeon who never says what the evening cost him is
/// never thanked for it; the one who says it plainly can be.
#[test]
fn a_patient_can_thank_him_only_for_an_evening_she_knows_he_gave() {
    let story = load(NAME);
    let (told, kind) = told_runs(&story);
    assert_eq!(outcome(&story, &told), "full_circle");
    assert_eq!(outcome(&story, &kind), "top_rating_family_close");
    let noor = party(&story, "noor");

    // Told: she learns of his credits with her, and sees the 6 of the evening she missed.
    let shown = entries_of_choice(&story, &told, "els_texts");
    assert!(
        shown
            .iter()
            .any(|e| matches!(e.change, LedgerChange::Learn { who, .. } if who == noor))
    );
    assert!(shown.iter().any(|e| e.rule == Rule::Perception
        && matches!(e.change, LedgerChange::Perceive { who, layer: Layer::Deal, delta: -6, .. } if who == noor)));
    // Then the thanks can be drawn, and is.
    assert_eq!(drawn(&story, &told, "sutured"), Some(0));
    // Not told: her thanks cannot be drawn at all, however well he treated her.
    assert!(
        entries_of_choice(&story, &kind, "els_texts")
            .iter()
            .all(|e| !matches!(e.change, LedgerChange::Learn { .. }))
    );
    assert_eq!(drawn(&story, &kind, "sutured"), Some(1));
    assert!(
        credit(&story, &kind, "maarten", "noor", Some(Layer::Seen))
            > credit(&story, &told, "maarten", "noor", Some(Layer::Seen)),
        "the kind run gave her more on being seen"
    );
    assert!(felt(&story, &kind, "maarten", "noor") >= 4);
    assert!(felt(&story, &told, "maarten", "noor") < 4);
}

/// Knock-out: showing her the screen without her learning anything (the Tell removed) ends
/// both runs the same way.
#[test]
fn a_patient_can_thank_him_only_for_an_evening_she_knows_he_gave_knocked_out() {
    let story = load_edited(NAME, |s| without_effect(&s, SHOWS_HER));
    let (told, kind) = told_runs(&story);
    assert_eq!(drawn(&story, &told, "sutured"), Some(1));
    assert_eq!(outcome(&story, &told), outcome(&story, &kind));
    assert_eq!(outcome(&story, &told), "top_rating_family_close");
}

/// No knife-edge: with the evening worth 5 or 7, the same two outcomes.
#[test]
fn a_patient_can_thank_him_only_for_an_evening_she_knows_he_gave_holds_at_plus_minus_one() {
    for amount in [5, 7] {
        let story = load_edited(NAME, |s| {
            let moved = EVENING.replace("amount: 6", &format!("amount: {amount}"));
            replace_once(&s, EVENING, &moved)
        });
        let (told, kind) = told_runs(&story);
        assert_eq!(outcome(&story, &told), "full_circle", "amount {amount}");
        assert_eq!(
            outcome(&story, &kind),
            "top_rating_family_close",
            "amount {amount}"
        );
    }
}

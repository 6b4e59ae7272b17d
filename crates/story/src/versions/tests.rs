//! Saves, rebasing and replaying onto an edited version.

use crate::check_str;
use crate::play::ledger::{Cause, State};
use crate::play::runner::{Beat, RunState};
use crate::story::Story;
use crate::text::Lang;
use crate::versions::rebase::{rebase, replay_onto};
use crate::versions::save::{ResumeError, Save};

fn quote() -> (String, Story) {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/quote_dispute.ron"
    ))
    .unwrap();
    let story = check_str(&src).story.unwrap();
    (src, story)
}

#[test]
fn a_save_restores_the_same_run() {
    let (_, story) = quote();
    let rs = RunState::replay(&story, 3, &[0, 2, 0]).unwrap();
    let save = Save::of(&story, &rs);
    let json = serde_json::to_string(&save).unwrap();
    let back: Save = serde_json::from_str(&json).unwrap();
    assert_eq!(back.restore(&story).unwrap(), rs);
}

#[test]
fn rebase_keeps_the_place_after_an_edit() {
    let (src, old) = quote();
    let rs = RunState::replay(&old, 0, &[0, 1]).unwrap();
    assert_eq!(old.node_id(rs.node), "erik_opens");
    // The author rewrites a line, adds a party up front and a node before the current one.
    let edited = src
        .replace("Walk me through it.", "Talk me through it.")
        .replacen(
            "parties: [",
            "parties: [\n        Party(id: \"mira\", name: (en: \"Mira\", nl: \"Mira\"), role: (en: \"r\", nl: \"r\")),",
            1,
        )
        .replacen(
            "nodes: [",
            "nodes: [\n        Node(id: \"prologue\", text: (en: \"Before.\", nl: \"Ervoor.\"), then: Goto(\"evening\")),",
            1,
        );
    let new = check_str(&edited).story.expect("the edit checks");
    let moved = rebase(&old, &new, &rs).unwrap();
    assert_eq!(new.node_id(moved.node), "erik_opens");
    let (b, e) = (new.party("bernard").unwrap(), new.party("erik").unwrap());
    assert_eq!(
        moved.state.ledger.credit_total(b, e),
        rs.state
            .ledger
            .credit_total(old.party("bernard").unwrap(), old.party("erik").unwrap())
    );
    assert_eq!(moved.entries.len(), rs.entries.len());
    assert_eq!(
        State::replay(new.parties.len(), &moved.entries).ledger,
        moved.state.ledger
    );
    // It plays on from there.
    let mut moved = moved;
    moved.choose(&new, 0).unwrap();
}

#[test]
fn rebase_refuses_when_the_node_is_gone() {
    let (src, old) = quote();
    let rs = RunState::replay(&old, 0, &[0, 1]).unwrap();
    let edited = src.replace("\"erik_opens\"", "\"erik_begins\"");
    let new = check_str(&edited).story.expect("the edit checks");
    assert_eq!(
        rebase(&old, &new, &rs),
        Err(ResumeError::NodeGone("erik_opens".into()))
    );
}

/// The quote dispute with the first two choices at `jort_at_door` swapped.
fn swapped_first_choices(src: &str) -> String {
    let first = src.find("“Good lad.").unwrap();
    let second = src.find("“Pull up a chair.").unwrap();
    let third = src.find("“Harry and I don't do paperwork").unwrap();
    let start = |at: usize| src[..at].rfind("Choice(").unwrap();
    let (a, b, c) = (start(first), start(second), start(third));
    format!("{}{}{}{}", &src[..a], &src[b..c], &src[a..b], &src[c..])
}

#[test]
fn rebase_follows_reordered_choices() {
    let (src, old) = quote();
    // "Pull up a chair" (second), then the first choice at the car park.
    let rs = RunState::replay(&old, 0, &[1, 0]).unwrap();
    let new = check_str(&swapped_first_choices(&src))
        .story
        .expect("the edit checks");
    let chair = |story: &Story, run: &RunState| match run.transcript.iter().find_map(|b| match *b {
        Beat::Chose { node, choice } => Some((node, choice)),
        _ => None,
    }) {
        Some((node, choice)) => story
            .choice_text(node, choice)
            .unwrap()
            .get(Lang::En)
            .to_string(),
        None => String::new(),
    };
    assert!(chair(&old, &rs).contains("Pull up a chair"));
    // Replaying the positions would now pick "Good lad".
    let naive = RunState::replay(&new, 0, &rs.choices).unwrap();
    assert!(chair(&new, &naive).contains("Good lad"));

    let moved = rebase(&old, &new, &rs).unwrap();
    assert_eq!(new.node_id(moved.node), old.node_id(rs.node));
    assert!(chair(&new, &moved).contains("Pull up a chair"));
    assert_eq!(moved.choices, vec![0, 0]);
    assert!(moved.entries.iter().any(|e| matches!(
        e.cause,
        Cause::Choice { choice, node } if choice.index() == 0 && new.node_id(node) == "jort_at_door"
    )));
    // The save made of it replays the same picks.
    let again = Save::of(&new, &moved).restore(&new).unwrap();
    assert_eq!(again.transcript, moved.transcript);
    assert_eq!(
        replay_onto(&old, &new, &rs).unwrap().transcript,
        moved.transcript
    );
}

#[test]
fn rebase_refuses_when_a_choice_made_is_gone() {
    let (src, old) = quote();
    let rs = RunState::replay(&old, 0, &[1, 0]).unwrap();
    // "Pull up a chair" removed; "Good lad" now leads where it did.
    let start = |text: &str| src[..src.find(text).unwrap()].rfind("Choice(").unwrap();
    let (first, chair, third) = (
        start("“Good lad."),
        start("“Pull up a chair."),
        start("“Harry and I don't do paperwork"),
    );
    let good_lad =
        src[first..chair].replacen("next: \"car_park\"", "next: \"reading_together\"", 1);
    let without = format!("{}{good_lad}{}", &src[..first], &src[third..]);
    let new = check_str(&without).story.expect("the edit checks");
    let err = rebase(&old, &new, &rs).unwrap_err();
    assert!(
        matches!(&err, ResumeError::ChoiceGone { node, choice }
            if node == "jort_at_door" && choice.contains("Pull up a chair")),
        "{err:?}"
    );
    assert!(err.describe(Lang::Nl).starts_with("de keuze “"));
}

#[test]
fn a_removed_outcome_is_named_as_an_outcome() {
    let (src, old) = quote();
    let mut rs = RunState::replay(&old, 0, &[0]).unwrap();
    while !rs.ended() {
        rs.choose(&old, 0).unwrap();
    }
    let id = old.outcomes[rs.outcome.unwrap()].id.clone();
    let new = check_str(&src.replace(&format!("\"{id}\""), "\"renamed_outcome\""))
        .story
        .expect("the edit checks");
    assert_eq!(
        rebase(&old, &new, &rs),
        Err(ResumeError::OutcomeGone(id.clone()))
    );
    assert!(
        ResumeError::OutcomeGone(id)
            .describe(Lang::Nl)
            .starts_with("de uitkomst")
    );
}

/// `diff` and a reload pair choices the same way: a choice whose text was rewritten is the
/// same choice to both, and a run that made it keeps its place.
#[test]
fn diff_and_rebase_agree_on_a_rewritten_choice() {
    let (src, old) = quote();
    let edited = src.replacen("“Pull up a chair.", "“Have a seat.", 1);
    assert_ne!(edited, src);
    let new = check_str(&edited).story.unwrap();
    let c = crate::versions::compat::compare(old.written(), new.written());
    let at = c
        .choice_changes
        .iter()
        .find(|ch| !ch.rewritten.is_empty())
        .expect("the rewritten choice is listed");
    assert!(at.added.is_empty() && at.removed.is_empty() && !at.reordered);
    assert!(at.rewritten[0].1.starts_with("“Have a seat."));
    assert!(c.broken.is_empty(), "{:?}", c.broken);

    let rs = RunState::replay(&old, 0, &[1, 0]).unwrap();
    let moved = rebase(&old, &new, &rs).unwrap();
    assert_eq!(new.node_id(moved.node), old.node_id(rs.node));
    assert_eq!(moved.choices, rs.choices);
}

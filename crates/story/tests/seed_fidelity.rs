//! The essay's claims, each shown by a scripted playthrough of a shipped scenario: the test
//! asserts the outcome and the ledger entries that caused it. One module per scenario.

// One module per scenario, in tests/seed_fidelity/.
#[path = "seed_fidelity/embroidery_chain.rs"]
mod embroidery_chain;
#[path = "seed_fidelity/furniture_delivery.rs"]
mod furniture_delivery;
#[path = "seed_fidelity/loyalty_stamps.rs"]
mod loyalty_stamps;
#[path = "seed_fidelity/oral_surgeon.rs"]
mod oral_surgeon;
#[path = "seed_fidelity/quote_dispute.rs"]
mod quote_dispute;

use give_and_take_story::{Cause, Entry, LedgerChange, Rule};
use give_and_take_story::{Layer, RunState, Source, Story};
use give_and_take_story::{NodeId, PartyId};

/// Loads and checks `scenarios/<name>.ron`; panics with the diagnostics if it has errors.
pub fn load(name: &str) -> Story {
    load_edited(name, |s| s)
}

/// The text of `scenarios/<name>.ron`.
pub fn source(name: &str) -> String {
    let path = format!("{}/../../scenarios/{name}.ron", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `scenarios/<name>.ron` with `edit` applied to its text, checked: a knock-out (an effect
/// or rule removed) or a perturbation (an amount moved by one). Panics if it has errors.
pub fn load_edited(name: &str, edit: impl FnOnce(String) -> String) -> Story {
    let text = edit(source(name));
    let source = Source::from_bytes(format!("{name}.ron"), text.as_bytes());
    let rendered = source.render(false);
    source
        .checked
        .story
        .unwrap_or_else(|| panic!("{name} (edited) does not check:\n{rendered}"))
}

/// `text` with `from` replaced by `to`; panics unless `from` occurs exactly once, so an
/// edit never silently misses or hits twice.
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    let n = text.matches(from).count();
    assert_eq!(n, 1, "`{from}` occurs {n} times, not once");
    text.replacen(from, to, 1)
}

/// `text` with extra rule settings (`"perception: false"`), whether or not the file sets
/// `rules` itself.
pub fn with_rules(text: &str, extra: &str) -> String {
    if text.contains("rules: (") {
        replace_once(text, "rules: (", &format!("rules: ({extra}, "))
    } else {
        replace_once(
            text,
            "\n    parties: [",
            &format!("\n    rules: ({extra}),\n    parties: ["),
        )
    }
}

/// Plays the 1-based choice script with `seed`; panics if the run fails or does not end.
pub fn play(story: &Story, seed: u64, choices: &[usize]) -> RunState {
    let zero: Vec<usize> = choices.iter().map(|c| c - 1).collect();
    let rs = RunState::replay(story, seed, &zero).unwrap_or_else(|e| panic!("{}: {e}", story.id()));
    assert!(
        rs.ended(),
        "{}: the script {choices:?} did not reach an outcome",
        story.id()
    );
    rs
}

pub fn outcome<'a>(story: &'a Story, rs: &RunState) -> &'a str {
    story.outcome_id(rs.outcome.expect("ended"))
}

pub fn party(story: &Story, id: &str) -> PartyId {
    story.party(id).unwrap_or_else(|| panic!("no party `{id}`"))
}

/// `a`'s credit with `b`: on one layer, or both summed.
pub fn credit(story: &Story, rs: &RunState, a: &str, b: &str, layer: Option<Layer>) -> i32 {
    let (a, b) = (party(story, a), party(story, b));
    match layer {
        Some(l) => rs.state.ledger.credit(a, b, l),
        None => rs.state.ledger.credit_total(a, b),
    }
}

pub fn felt(story: &Story, rs: &RunState, who: &str, toward: &str) -> i32 {
    rs.state
        .ledger
        .felt(party(story, who), party(story, toward))
}

/// Entries made by a rule matching `rule`.
pub fn entries_where(rs: &RunState, rule: impl Fn(&Rule) -> bool) -> Vec<&Entry> {
    rs.entries.iter().filter(|e| rule(&e.rule)).collect()
}

/// The entries whose cause, at the node `node`, is of the kind `of` picks out.
fn entries_at<'a>(
    story: &Story,
    rs: &'a RunState,
    node: &str,
    of: impl Fn(&Cause) -> Option<NodeId>,
) -> Vec<&'a Entry> {
    let n = story
        .node(node)
        .unwrap_or_else(|| panic!("no node `{node}`"));
    rs.entries
        .iter()
        .filter(|e| of(&e.cause) == Some(n))
        .collect()
}

/// Entries made by the player's choices at the node `node`.
pub fn entries_of_choice<'a>(story: &Story, rs: &'a RunState, node: &str) -> Vec<&'a Entry> {
    entries_at(story, rs, node, |c| match *c {
        Cause::Choice { node, .. } => Some(node),
        _ => None,
    })
}

/// Entries made by the reactions drawn at the node `node`.
pub fn entries_reacting<'a>(story: &Story, rs: &'a RunState, node: &str) -> Vec<&'a Entry> {
    entries_at(story, rs, node, |c| match *c {
        Cause::Reaction { node, .. } => Some(node),
        _ => None,
    })
}

/// Entries made when the run entered the node `node` (its own effects).
pub fn entries_entering<'a>(story: &Story, rs: &'a RunState, node: &str) -> Vec<&'a Entry> {
    entries_at(story, rs, node, |c| match *c {
        Cause::Enter { node } => Some(node),
        _ => None,
    })
}

/// Net change of the felt deficit `who` → `toward` within these entries.
pub fn felt_delta(story: &Story, entries: &[&Entry], who: &str, toward: &str) -> i32 {
    let (w, t) = (party(story, who), party(story, toward));
    entries
        .iter()
        .map(|e| match e.change {
            LedgerChange::Felt { who, toward, delta } if who == w && toward == t => delta,
            _ => 0,
        })
        .sum()
}

/// Net amount `from` gave `to` within these entries (all layers, or one).
pub fn given(story: &Story, entries: &[&Entry], from: &str, to: &str, layer: Option<Layer>) -> i32 {
    let (f, t) = (party(story, from), party(story, to));
    entries
        .iter()
        .map(|e| match e.change {
            LedgerChange::Transfer {
                from,
                to,
                layer: l,
                amount,
                ..
            } if layer.is_none_or(|x| x == l) => {
                if from == f && to == t {
                    amount
                } else if from == t && to == f {
                    -amount
                } else {
                    0
                }
            }
            _ => 0,
        })
        .sum()
}

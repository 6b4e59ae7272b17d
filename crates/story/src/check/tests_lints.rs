//! Unit tests of the lints.

use super::check_str;
use crate::format::codes;

/// A tested flag as close to two set flags suggests the first of them, on every run
/// (the set flags once came out of a hash set).
#[test]
fn flag_suggestion_is_the_same_on_every_run() {
    let src = r#"Scenario(
        id: "flags", title: (en: "F", nl: "F"), summary: (en: "F", nl: "F"), player: "me",
        parties: [Party(id: "me", name: (en: "Me", nl: "Ik"))],
        history: [Set("f1"), Set("f2")],
        nodes: [Node(id: "a", text: (en: "A", nl: "A"), then: Choices([
            Choice(text: (en: "x", nl: "x"), move: Neutral, when: Flag("f3"), next: "b"),
            Choice(text: (en: "y", nl: "y"), move: Neutral, next: "b"),
        ])), Node(id: "b", text: (en: "B", nl: "B"), then: End)],
        outcomes: [Outcome(id: "o", title: (en: "O", nl: "O"), epilogue: (en: "O", nl: "O"), tone: Mixed)],
        tests: [Test(name: "t", choices: [2], expect: "o")],
    )"#;
    for _ in 0..32 {
        let checked = check_str(src);
        let helps: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.code == codes::FLAG_NEVER_SET)
            .map(|d| d.help.as_deref())
            .collect();
        assert_eq!(helps, [Some("did you mean `f1`?")]);
    }
}

/// A `Pick` without `move` takes its move from its effects: W0213 when that move is another
/// party's, or when it has none while the node it leads to makes the player's move. A `Pick`
/// whose effects are the player's own move passes.
#[test]
fn a_picks_inferred_move_must_be_the_players() {
    let src = r#"Scenario(
        id: "picks", title: (en: "P", nl: "P"), summary: (en: "P", nl: "P"), player: "me",
        parties: [Party(id: "me", name: (en: "Me", nl: "Ik")), Party(id: "you", name: (en: "You", nl: "Jij"))],
        nodes: [
            Narrate(id: "a", en: "A", nl: "A", then: Choices([
                Pick(en: "take the gift", nl: "neem het cadeau",
                     effects: [Give(from: "you", to: "me", layer: Deal, amount: 1)], next: "b"),
                Pick(en: "say thanks", nl: "zeg dank", next: "thanks"),
                Pick(en: "give", nl: "geef",
                     effects: [Give(from: "me", to: "you", layer: Deal, amount: 1)], next: "b"),
            ])),
            Narrate(id: "thanks", en: "T", nl: "T",
                    effects: [Acknowledge(by: "me", of: "you", amount: 1)], then: Goto("b")),
            Narrate(id: "b", en: "B", nl: "B", then: End),
        ],
        outcomes: [Outcome(id: "o", title: (en: "O", nl: "O"), epilogue: (en: "O", nl: "O"), tone: Mixed)],
        tests: [Test(name: "t", choices: [3], expect: "o")],
    )"#;
    let checked = check_str(src);
    // At the other party's gift (line 7) and at the `next` of the choice without a move (8).
    let source = crate::Source::from_bytes("picks.ron", src.as_bytes());
    let found: Vec<String> = source
        .lines(crate::format::diagnostics::Severity::Warning)
        .into_iter()
        .filter(|l| l.contains("W0213"))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("picks.ron:7:"), "{found:?}");
    assert!(found[1].starts_with("picks.ron:8:"), "{found:?}");
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.code == codes::MOVE_INFERRED_ELSEWHERE && d.message.contains("`you` makes")),
        "{:?}",
        checked.diagnostics
    );
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.code == codes::MOVE_INFERRED_ELSEWHERE
                && d.message.contains("leads to makes the move `Acknowledge`")),
        "{:?}",
        checked.diagnostics
    );
}

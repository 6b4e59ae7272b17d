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

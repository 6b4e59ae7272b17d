//! `diff`: which saved positions survive an edit.

use crate::check::parse;
use crate::format::scenario::Scenario;
use crate::versions::compat::{Reason, compare};

const OLD: &str = r#"Scenario(
    id: "t", title: (en: "T", nl: "T"), summary: (en: "s", nl: "s"), player: "a",
    parties: [Party(id: "a", name: (en: "A", nl: "A")), Party(id: "b", name: (en: "B", nl: "B"))],
    nodes: [
        Node(id: "one", text: (en: "one", nl: "een"), then: Choices([
            Choice(text: (en: "x", nl: "x"), move: Neutral, next: "two"),
            Choice(text: (en: "y", nl: "y"), move: Neutral, next: "two"),
        ])),
        Node(id: "two", text: (en: "two", nl: "twee"), then: Choices([
            Choice(text: (en: "z", nl: "z"), move: Neutral, next: "end"),
        ])),
        Node(id: "end", text: (en: "end", nl: "eind"), then: End),
    ],
    outcomes: [Outcome(id: "o", title: (en: "o", nl: "o"), epilogue: (en: "o", nl: "o"), tone: Mixed)],
)"#;

fn old() -> Scenario {
    parse(OLD).expect("parses")
}

#[test]
fn identical_versions_break_nothing() {
    let c = compare(&old(), &old());
    assert_eq!(c.positions, 2);
    assert!(c.broken.is_empty() && c.choice_changes.is_empty() && c.removed_nodes.is_empty());
}

#[test]
fn a_renamed_node_is_recognised() {
    let renamed = OLD
        .replace(r#"id: "two""#, r#"id: "second""#)
        .replace(r#"next: "two""#, r#"next: "second""#);
    let new = parse(&renamed).expect("parses");
    let c = compare(&old(), &new);
    assert_eq!(
        c.renamed_nodes,
        vec![("two".to_string(), "second".to_string())]
    );
    assert!(c.removed_nodes.is_empty());
    assert_eq!(c.broken.len(), 1);
    assert_eq!(c.broken[0].reasons, vec![Reason::Renamed("second".into())]);
}

#[test]
fn reordered_choices_break_the_node_and_what_follows() {
    let new = parse(&OLD.replace(
        r#"Choice(text: (en: "x", nl: "x"), move: Neutral, next: "two"),
            Choice(text: (en: "y", nl: "y"), move: Neutral, next: "two"),"#,
        r#"Choice(text: (en: "y", nl: "y"), move: Neutral, next: "two"),
            Choice(text: (en: "x", nl: "x"), move: Neutral, next: "two"),"#,
    ))
    .expect("parses");
    let c = compare(&old(), &new);
    assert!(c.choice_changes[0].reordered);
    let broken: Vec<&str> = c.broken.iter().map(|b| b.node.as_str()).collect();
    assert_eq!(broken, vec!["one", "two"]);
    assert_eq!(
        c.broken[1].reasons,
        vec![Reason::ChoicesChangedBefore("one".into())]
    );
}

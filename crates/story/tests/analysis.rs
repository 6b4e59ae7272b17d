//! The analysis as a library: each lint fires on the fixture built for it
//! (tests/fixtures/lints/) and not on the clean one; cycles and stuck paths are reported.

mod common;

use common::{repo, story};
use give_and_take_story::{Analysis, AnalysisOptions, Lint};
use give_and_take_story::{RunState, Story};

fn lints_of(path: &str) -> (Story, Analysis) {
    let s = story(&repo().join(path));
    let a = give_and_take_story::analyze(&s, &AnalysisOptions::default());
    assert!(a.complete);
    (s, a)
}

fn names(a: &Analysis) -> Vec<&'static str> {
    a.lints.iter().map(Lint::name).collect()
}

#[test]
fn the_clean_fixture_has_no_lints() {
    let (_, a) = lints_of("tests/fixtures/lints/clean.ron");
    assert!(a.lints.is_empty(), "{:?}", a.lints);
    assert!(a.stuck.is_empty());
}

#[test]
fn each_lint_fires_on_its_fixture() {
    for lint in [
        "cosmetic_choice",
        "dominant_strategy",
        "dead_end",
        "unreached_outcome",
        "unreached_node",
        "choice_never_offered",
    ] {
        let (_, a) = lints_of(&format!("tests/fixtures/lints/{lint}.ron"));
        assert!(
            names(&a).contains(&lint),
            "{lint}.ron does not trigger `{lint}`: {:?}",
            a.lints
        );
    }
}

#[test]
fn the_lints_name_what_they_found() {
    let (s, a) = lints_of("tests/fixtures/lints/cosmetic_choice.ron");
    assert_eq!(names(&a), vec!["cosmetic_choice"]);
    let Lint::CosmeticChoice {
        node,
        outcomes,
        odds_shift,
        ..
    } = &a.lints[0]
    else {
        unreachable!()
    };
    assert_eq!(s.node_id(*node), "greet");
    assert_eq!(outcomes.len(), 3);
    assert!(*odds_shift < 1e-12, "waving and nodding move nothing");

    let (s, a) = lints_of("tests/fixtures/lints/dominant_strategy.ron");
    let dominant: Vec<&str> = a
        .lints
        .iter()
        .filter_map(|l| match l {
            Lint::DominantStrategy { policy, bright } => {
                assert!(*bright > 0.5);
                Some(policy.name())
            }
            _ => None,
        })
        .collect();
    // Acknowledging is the first, the kindest and the most giving reply, and with no
    // deflecting choice on offer `deflecting` plays the first; taking and the last do not
    // win, and at random half the runs end Bright, which is not more than half.
    assert_eq!(
        dominant,
        vec!["kindest", "most_giving", "deflecting", "first"]
    );
    assert!(s.outcome("cool").is_some());

    let (s, a) = lints_of("tests/fixtures/lints/dead_end.ron");
    let dead: Vec<&str> = a
        .lints
        .iter()
        .filter(|l| l.name() == "dead_end")
        .map(|l| s.node_id(l.node().expect("a node")))
        .collect();
    assert_eq!(dead, vec!["wait"]);

    let (s, a) = lints_of("tests/fixtures/lints/unreached_outcome.ron");
    let devoted = s.outcome("devoted").expect("outcome");
    assert!(
        a.lints
            .contains(&Lint::UnreachedOutcome { outcome: devoted })
    );
    assert_eq!(a.outcomes[devoted.index()].reachable, Some(false));

    let (s, a) = lints_of("tests/fixtures/lints/unreached_node.ron");
    let secret = s.node("secret").expect("node");
    assert!(a.lints.contains(&Lint::UnreachedNode { node: secret }));

    let (s, a) = lints_of("tests/fixtures/lints/choice_never_offered.ron");
    let ask = s.node("ask").expect("node");
    assert_eq!(
        a.lints,
        vec![Lint::ChoiceNeverOffered {
            node: ask,
            choice: s.choices(ask).nth(2).expect("a third choice"),
        }]
    );
}

#[test]
fn cycles_converge_to_the_exact_probability() {
    let (s, a) = lints_of("tests/fixtures/analyze/cycle.ron");
    assert!(a.approximate);
    let day_off = s.outcome("day_off").expect("outcome");
    assert!((a.outcomes[day_off.index()].probability - 1.0 / 3.0).abs() < 1e-9);
    assert!(a.never_ends < 1e-9);
}

#[test]
fn stuck_paths_are_reported_with_a_replaying_witness() {
    let (s, a) = lints_of("tests/fixtures/analyze/stuck.ron");
    assert_eq!(a.stuck.len(), 1);
    let stuck = &a.stuck[0];
    assert_eq!(s.node_id(stuck.node), "check");
    assert_eq!(stuck.witness.choices, vec![2]);
    assert!((stuck.probability - 0.5).abs() < 1e-12);
    let seed = stuck.witness.seed.expect("a seed");
    assert_eq!(
        RunState::replay(&s, seed, &[1]).err(),
        Some(stuck.error.clone())
    );
}

//! Soundness of the interval bounds, tested empirically: on every shipped scenario, the
//! tutorial, the test fixtures and generated stories, every state met on entering a node in
//! many random playthroughs lies within that node's bounds, every outcome reached is one the
//! bounds allow, and every outcome the complete exploration reaches is too.

use super::bounds::{Bounds, bounds};
use super::{AnalysisOptions, Answer, analyze};
use crate::check_str;
use crate::play::runner::{self, Discard, Next};
use crate::story::Story;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

/// Every `.ron` file under `dir` (recursively) that checks.
fn stories(dir: &str) -> Vec<(String, Story)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(dir);
    let mut out = Vec::new();
    let mut dirs = vec![root];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("reads the directory") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "ron") {
                let src = std::fs::read_to_string(&p).expect("reads");
                if let Some(s) = check_str(&src).story {
                    out.push((p.display().to_string(), s));
                }
            }
        }
    }
    out
}

/// Plays `runs` random playthroughs, checking every node entry against the bounds; returns
/// how many node entries were checked.
fn play_within(name: &str, story: &Story, b: &Bounds, runs: u64) -> usize {
    let mut rec = Discard;
    let mut checked = 0;
    for seed in 0..runs {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut pick = |n: usize| ((rng.next_u64() as u128 * n as u128) >> 64) as usize;
        let mut state = runner::opening_state(story, None);
        let mut player = story.player;
        let mut node = story.start;
        for _ in 0..20_000 {
            assert!(
                b.contains(node, &state),
                "{name}: run {seed} enters `{}` outside the bounds",
                story.node_id(node)
            );
            checked += 1;
            let r = match runner::enter_node(story, &mut state, &mut player, node, &mut rec) {
                Err(_) => break,
                Ok(Next::Choose) => {
                    let offered = runner::offered_at(story, &state, node);
                    let o = offered[pick(offered.len())];
                    node = runner::take_choice(story, &mut state, node, o.index, player, &mut rec);
                    continue;
                }
                Ok(Next::Goto(n)) => {
                    node = n;
                    continue;
                }
                Ok(Next::Ended(o)) => {
                    assert!(
                        b.possible[o.index()],
                        "{name}: run {seed} ends in `{}`, which the bounds rule out",
                        story.outcomes[o].id
                    );
                    break;
                }
                Ok(Next::Reaction(r)) => r,
                Ok(Next::Draw(options)) => options[pick(options.len())].0,
            };
            node = runner::take_reaction(story, &mut state, node, r, None, &mut rec);
        }
    }
    checked
}

#[test]
fn every_state_met_in_play_lies_within_the_bounds() {
    let mut all = stories("scenarios");
    all.extend(stories("docs/tutorial"));
    all.extend(stories("tests/fixtures"));
    assert!(all.len() > 15, "{} stories", all.len());
    for seed in 0..4 {
        let src = crate::counters_ron(30 + 20 * seed as usize, seed).expect("generates");
        all.push((
            format!("counters {seed}"),
            check_str(&src).story.expect("checks"),
        ));
    }
    let mut checked = 0;
    for (name, story) in &all {
        let b = bounds(story);
        checked += play_within(name, story, &b, 300);
    }
    assert!(checked > 50_000, "{checked} node entries checked");
}

#[test]
fn every_outcome_the_exploration_reaches_the_bounds_allow() {
    let mut all = stories("scenarios");
    all.extend(stories("docs/tutorial"));
    all.extend(stories("tests/fixtures"));
    for (name, story) in &all {
        let a = analyze(
            story,
            &AnalysisOptions {
                max_states: 300_000,
                max_time: None,
                find_seeds: false,
                ..AnalysisOptions::default()
            },
        );
        if !a.complete {
            continue;
        }
        let b = bounds(story);
        for r in &a.outcomes {
            if r.reachable == Some(true) {
                assert!(
                    b.possible[r.outcome.index()],
                    "{name}: `{}` is reached, but the bounds rule it out",
                    story.outcomes[r.outcome].id
                );
            }
        }
    }
}

#[test]
fn the_bounds_prove_the_generated_ending_unreachable_and_the_search_reaches_the_rest() {
    let src = crate::counters_ron(1000, 1).expect("generates");
    let story = check_str(&src).story.expect("checks");
    let a = analyze(
        &story,
        &AnalysisOptions {
            max_states: 20_000,
            ..AnalysisOptions::default()
        },
    );
    assert!(!a.complete);
    for r in &a.outcomes {
        let id = &story.outcomes[r.outcome].id;
        if id == "in_your_pocket" {
            assert_eq!(r.reachable, Some(false), "{id}");
            assert_eq!(r.answer, Some(Answer::Bounds));
            let why = r.unreachable_because.as_deref().expect("a reason");
            assert!(why.contains("credit you→ada ≥"), "{why}");
        } else {
            assert_eq!(r.reachable, Some(true), "{id}");
            let w = r.witness.as_ref().expect("a witness");
            let choices: Vec<usize> = w.choices.iter().map(|c| c - 1).collect();
            let rs = crate::RunState::replay(&story, w.seed.expect("a seed"), &choices)
                .expect("replays");
            assert_eq!(rs.outcome, Some(r.outcome), "{id}");
        }
    }
}

/// A party feels nothing toward itself (the rules drop such a `Feel`), so the bounds must not
/// count it either: otherwise they "prove" the fallback unreachable behind an outcome that
/// never holds.
#[test]
fn a_feel_toward_oneself_moves_no_bound() {
    let src = r#"Scenario(id: "t", title: (en: "T", nl: "T"), summary: (en: "S", nl: "S"), player: "a",
        parties: [Party(id: "a", name: (en: "A", nl: "A")), Party(id: "b", name: (en: "B", nl: "B"))],
        nodes: [
            Node(id: "s", speaker: "b", text: (en: "t", nl: "t"), then: Choices([
                Choice(text: (en: "x", nl: "x"), move: Neutral, effects: [Set("f")], next: "n"),
                Choice(text: (en: "y", nl: "y"), move: Neutral, next: "n")])),
            Node(id: "n", text: (en: "t", nl: "t"),
                 effects: [Feel(who: "a", toward: "a", amount: 5)], then: End)],
        outcomes: [
            Outcome(id: "hi", title: (en: "O", nl: "O"), epilogue: (en: "E", nl: "E"), tone: Mixed,
                    when: AtLeast(Felt(who: "a", toward: "a"), 5)),
            Outcome(id: "lo", title: (en: "O", nl: "O"), epilogue: (en: "E", nl: "E"), tone: Mixed)],
    )"#;
    let story = check_str(src).story.expect("checks");
    // One state: the exploration stops short, so the bounds answer.
    let a = analyze(
        &story,
        &AnalysisOptions {
            max_states: 1,
            find_seeds: false,
            ..AnalysisOptions::default()
        },
    );
    assert!(!a.complete);
    let lo = &a.outcomes[1];
    assert_ne!(lo.reachable, Some(false), "{lo:?}");
    let hi = &a.outcomes[0];
    assert_eq!(hi.reachable, Some(false), "{hi:?}");
    assert_eq!(hi.answer, Some(Answer::Bounds));
}

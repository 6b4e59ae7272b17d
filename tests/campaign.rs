//! The campaign's promises, per shipped scenario, as `give-and-take analyze --json` reports
//! them (docs/authoring.md, "Perception, travelling hurt and the cost of giving"):
//! - no blunt way of playing (always the kindest reply, the most giving, deflecting, taking,
//!   the first, the last) reaches a Bright ending more than half the time;
//! - a player choosing at random reaches every ending at least 2 % of the time;
//! - the scenario's own tests include a thoughtful path that ends Bright;
//! - feelings are the model's: at most 20 hand-set `Feel` effects in all of `scenarios/`
//!   outside `history`.

mod common;

use common::{root, run};
use serde_json::Value;
use story::{Effect, Scenario, Story, Then, Tone, check_str, run_test};

const BLUNT_BRIGHT_AT_MOST: f64 = 0.5;
const RANDOM_REACHES_AT_LEAST: f64 = 0.02;
const FEELS_OUTSIDE_HISTORY_AT_MOST: usize = 20;

fn shipped() -> Vec<(String, Story)> {
    let files = story::scenario_files(&root().join("scenarios")).expect("scenarios/");
    assert!(files.len() >= 9, "the campaign has nine scenarios");
    files
        .into_iter()
        .map(|path| {
            let src = std::fs::read_to_string(&path).expect("readable");
            let story = check_str(&src)
                .story
                .unwrap_or_else(|| panic!("{} does not check", path.display()));
            (path.display().to_string(), story)
        })
        .collect()
}

#[test]
fn no_blunt_policy_wins_and_random_play_reaches_every_ending() {
    let mut broken = Vec::new();
    for (file, _) in shipped() {
        // No time limit: these promises need the exhaustive analysis, also in a debug build.
        let out = run(&["analyze", &file, "--json", "--max-seconds", "0"]);
        assert!(out.status.success(), "analyze {file} failed");
        let a: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(
            a["complete"], true,
            "{file}: the analysis must be exhaustive"
        );
        let strategies = a["strategies"].as_array().expect("strategies");
        let names: Vec<&str> = strategies
            .iter()
            .filter_map(|s| s["name"].as_str())
            .collect();
        for name in [
            "kindest",
            "most_giving",
            "deflecting",
            "taking",
            "first",
            "last",
            "random",
        ] {
            assert!(
                names.contains(&name),
                "{file}: no `{name}` policy in {names:?}"
            );
        }
        for s in strategies {
            let name = s["name"].as_str().unwrap();
            let bright = s["bright"].as_f64().unwrap();
            if name != "random" && bright > BLUNT_BRIGHT_AT_MOST {
                broken.push(format!("{file}: `{name}` reaches Bright {bright:.3}"));
            }
            if name == "random" {
                for (outcome, p) in s["outcomes"].as_object().unwrap() {
                    let p = p.as_f64().unwrap();
                    if p < RANDOM_REACHES_AT_LEAST {
                        broken.push(format!("{file}: random play reaches `{outcome}` {p:.4}"));
                    }
                }
            }
        }
        for l in a["lints"].as_array().expect("lints") {
            if l["lint"] == "dominant_strategy" {
                broken.push(format!("{file}: {}", l["message"]));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn a_thoughtful_test_reaches_a_bright_ending_in_every_scenario() {
    for (file, story) in shipped() {
        let bright: Vec<usize> = (0..story.tests().len())
            .filter(|&i| {
                story
                    .outcome(&story.tests()[i].expect)
                    .is_some_and(|o| story.tone(o) == Tone::Bright)
            })
            .collect();
        assert!(
            !bright.is_empty(),
            "{file}: no test expects a Bright ending"
        );
        for i in bright {
            let name = &story.tests()[i].name;
            assert!(run_test(&story, i).is_ok(), "{file}: test `{name}` fails");
        }
    }
}

/// Every `Feel` written in the story itself (nodes, choices, reactions), not its history.
fn feels_outside_history(sc: &Scenario) -> usize {
    let count = |effects: &[Effect]| {
        effects
            .iter()
            .filter(|e| matches!(e, Effect::Feel { .. }))
            .count()
    };
    sc.nodes
        .iter()
        .map(|n| {
            count(&n.effects)
                + match &n.then {
                    Then::Choices(cs) => cs.iter().map(|c| count(&c.effects)).sum(),
                    Then::React(rs) => rs.iter().map(|r| count(&r.effects)).sum(),
                    _ => 0,
                }
        })
        .sum()
}

#[test]
fn feelings_follow_from_the_moves_not_from_the_author() {
    let per_file: Vec<(String, usize)> = shipped()
        .iter()
        .map(|(file, story)| (file.clone(), feels_outside_history(story.written())))
        .collect();
    let total: usize = per_file.iter().map(|(_, n)| n).sum();
    assert!(
        total <= FEELS_OUTSIDE_HISTORY_AT_MOST,
        "{total} `Feel` effects outside history (at most {FEELS_OUTSIDE_HISTORY_AT_MOST}): {per_file:?}"
    );
}

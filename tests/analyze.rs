//! `give-and-take analyze` and the value checks of `check`: every shipped scenario's every
//! outcome is reachable with a witness that really replays, and the JSON keeps its
//! documented shape (docs/authoring.md, "Analysis").

mod common;

use common::{root, run};
use serde_json::Value;
use std::path::{Path, PathBuf};
use story::{RunState, Story, check_str};

fn story(path: &Path) -> Story {
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let checked = check_str(&src);
    checked.story.unwrap_or_else(|| {
        panic!(
            "{} does not check: {:?}",
            path.display(),
            checked.diagnostics
        )
    })
}

fn shipped() -> Vec<PathBuf> {
    let files = story::scenario_files(&root().join("scenarios")).expect("scenarios/");
    assert!(!files.is_empty(), "no shipped scenarios");
    files
}

fn analyze_json(file: &str, extra: &[&str]) -> Value {
    // No time limit unless asked: the exact figures below need a complete exploration, also
    // in a slow debug build.
    let mut args = vec!["analyze", file, "--json"];
    if !extra.contains(&"--max-seconds") {
        args.extend(["--max-seconds", "0"]);
    }
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(
        out.status.success(),
        "analyze {file} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("analyze --json prints JSON")
}

#[test]
fn every_shipped_outcome_is_reachable_and_its_witness_replays() {
    for file in shipped() {
        let name = file
            .strip_prefix(root())
            .expect("inside")
            .display()
            .to_string();
        let story = story(&file);
        let report = analyze_json(&name, &[]);
        assert_eq!(report["complete"], true, "{name}: exploration incomplete");
        let outcomes = report["outcomes"].as_array().expect("outcomes");
        assert_eq!(outcomes.len(), story.outcomes().len());
        for o in outcomes {
            let id = o["id"].as_str().expect("id");
            assert_eq!(o["reachable"], true, "{name}: `{id}` is not reachable");
            let w = &o["witness"];
            let seed = w["seed"]
                .as_u64()
                .unwrap_or_else(|| panic!("{name}: no seed replays the witness of `{id}`"));
            let choices: Vec<usize> = w["choices"]
                .as_array()
                .expect("choices")
                .iter()
                .map(|c| c.as_u64().expect("number") as usize)
                .collect();
            // In the library, exactly as `play --seed S --choices ...` does.
            let zero: Vec<usize> = choices.iter().map(|c| c - 1).collect();
            let rs = RunState::replay(&story, seed, &zero)
                .unwrap_or_else(|e| panic!("{name}: witness of `{id}` fails: {e}"));
            let reached = rs.outcome.map(|x| story.outcome_id(x));
            assert_eq!(
                reached,
                Some(id),
                "{name}: the witness of `{id}` ends elsewhere"
            );
            assert_eq!(w["draws"].as_u64(), Some(rs.draws));
            let p = w["probability"].as_f64().expect("probability");
            assert!(
                p > 0.0 && p <= 1.0 + 1e-9,
                "{name}: `{id}` script probability {p}"
            );
        }
        let total: f64 = outcomes
            .iter()
            .map(|o| o["probability"].as_f64().expect("probability"))
            .sum::<f64>()
            + report["stuck"]
                .as_array()
                .expect("stuck")
                .iter()
                .map(|s| s["probability"].as_f64().expect("probability"))
                .sum::<f64>()
            + report["never_ends"].as_f64().expect("never_ends");
        assert!(
            (total - 1.0).abs() < 1e-6,
            "{name}: probabilities sum to {total}"
        );
    }
}

#[test]
fn a_witness_is_confirmed_by_play() {
    let file = "scenarios/quote_dispute.ron";
    let report = analyze_json(file, &[]);
    for o in report["outcomes"].as_array().expect("outcomes") {
        let w = &o["witness"];
        let choices: Vec<String> = w["choices"]
            .as_array()
            .expect("choices")
            .iter()
            .map(|c| c.to_string())
            .collect();
        let seed = w["seed"].to_string();
        let out = run(&[
            "play",
            file,
            "--seed",
            &seed,
            "--choices",
            &choices.join(","),
            "--json",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let played: Value = serde_json::from_slice(&out.stdout).expect("play --json");
        assert_eq!(played["outcome"]["id"], o["id"]);
    }
}

#[test]
fn the_json_has_the_documented_shape() {
    let v = analyze_json("tests/fixtures/lints/clean.ron", &[]);
    assert_eq!(v["schema"], "give-and-take/analyze/1");
    assert_eq!(v["scenario"], "lint_clean");
    for key in [
        "states",
        "transitions",
        "max_states",
        "max_memory_mb",
        "stopped_by",
        "complete",
        "approximate",
        "never_ends",
        "unexplored",
        "outcomes",
        "stuck",
        "strategies",
        "lints",
    ] {
        assert!(v.get(key).is_some(), "missing `{key}`");
    }
    // The choice, a draw after each answer and four final states (the opening does not count).
    assert_eq!(v["states"], 7);
    let warm = &v["outcomes"][0];
    assert_eq!(warm["id"], "warm");
    assert_eq!(warm["tone"], "Bright");
    assert_eq!(warm["probability"], 0.25);
    assert_eq!(warm["witness"]["choices"], serde_json::json!([1]));
    assert_eq!(warm["witness"]["probability"], 0.5);
    assert_eq!(warm["witness"]["reactions"][0]["node"], "react");
    assert_eq!(warm["witness"]["reactions"][0]["reaction"], 2);
    assert_eq!(
        warm["balances"],
        serde_json::json!([{"kind": "credit", "holder": "me", "with": "you", "layer": "deal", "min": 2, "max": 2}])
    );
    let cold = &v["outcomes"][2];
    assert_eq!(
        cold["balances"][1],
        serde_json::json!({"kind": "felt", "who": "you", "toward": "me", "min": 0, "max": 1})
    );
    let names: Vec<&str> = v["strategies"]
        .as_array()
        .expect("strategies")
        .iter()
        .map(|s| s["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(
        names,
        [
            "kindest",
            "most_giving",
            "deflecting",
            "taking",
            "first",
            "last",
            "random"
        ]
    );
    let first = &v["strategies"][4];
    assert_eq!(first["outcomes"]["warm"], 0.5);
    assert_eq!(first["bright"], 0.5);
    // At random: the two first choices alike, so the uniform player's odds.
    assert_eq!(
        v["strategies"][6]["outcomes"]["warm"],
        v["outcomes"][0]["probability"]
    );
    assert_eq!(v["lints"], serde_json::json!([]));
}

#[test]
fn check_reports_unreachable_outcomes_and_stuck_paths() {
    let out = run(&[
        "check",
        "--format",
        "short",
        "tests/fixtures/lints/unreached_outcome.ron",
        "tests/fixtures/analyze/stuck.ron",
        "tests/fixtures/lints/clean.ron",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("unreached_outcome.ron:")
            && text
                .contains("error[E0164]: no path reaches the outcome `devoted` given the values"),
        "{text}"
    );
    assert!(
        text.contains("stuck.ron:") && text.contains("error[E0165]"),
        "{text}"
    );
    assert!(!text.contains("clean.ron:"), "{text}");

    let clean = run(&["check", "tests/fixtures/lints/clean.ron"]);
    assert!(clean.status.success());
}

#[test]
fn the_bound_on_states_is_reported_not_hung_on() {
    let v = analyze_json("scenarios/quote_dispute.ron", &["--max-states", "3"]);
    assert_eq!(v["complete"], false);
    assert!(v["states"].as_u64().expect("states") <= 3);
    assert_eq!(v["lints"], serde_json::json!([]));
    assert!(v["unexplored"].as_f64().expect("unexplored") > 0.0);
    let text = run(&[
        "analyze",
        "scenarios/quote_dispute.ron",
        "--max-states",
        "3",
    ]);
    assert!(text.status.success());
    assert!(String::from_utf8_lossy(&text.stdout).contains("STOPPED at the bound of 3 states"));
}

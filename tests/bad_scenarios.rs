//! The bad-input corpus (`tests/bad_scenarios/`): hostile scenario files, each paired in
//! `expected.txt` with the diagnostic it must produce and where. Every file goes through
//! `check`, the game's loader (`story::Source`, which the game's asset loader runs),
//! `analyze` with a small budget and `diff`: no panic, no abort, no hang, and the message
//! names the file and the place.

mod common;

use common::{BIN, root};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Nothing in the corpus may take longer than this, whatever it holds.
const LIMIT: Duration = Duration::from_secs(60);

struct Expected {
    file: String,
    code: String,
    line: u64,
    col: u64,
}

fn expected() -> Vec<Expected> {
    let table = std::fs::read_to_string(root().join("tests/bad_scenarios/expected.txt")).unwrap();
    table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let parts: Vec<&str> = l.split_whitespace().collect();
            let (line, col) = parts[2].split_once(':').expect("LINE:COL");
            Expected {
                file: parts[0].to_string(),
                code: parts[1].to_string(),
                line: line.parse().unwrap(),
                col: col.parse().unwrap(),
            }
        })
        .collect()
}

/// Runs the binary on `args` in the source tree; fails the test if it runs too long.
fn run_bounded(args: &[&str]) -> Output {
    let child = Command::new(BIN)
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let started = Instant::now();
    // Drain the pipes while waiting, so a chatty child cannot block on a full pipe.
    let out = std::thread::spawn(move || child.wait_with_output());
    while !out.is_finished() {
        assert!(
            started.elapsed() < LIMIT,
            "`give-and-take {}` ran for over {LIMIT:?}",
            args.join(" ")
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    out.join().unwrap().expect("the binary ran")
}

/// Exited by itself with one of `codes` (never a panic's 101, never a signal).
fn assert_exit(out: &Output, codes: &[i32], what: &str) {
    let code = out.status.code();
    assert!(
        code.is_some_and(|c| codes.contains(&c)),
        "{what}: exit {:?}\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_hostile_file_is_listed_with_its_expected_diagnostic() {
    let listed: Vec<String> = expected().into_iter().map(|e| e.file).collect();
    let dir = root().join("tests/bad_scenarios");
    let mut on_disk: Vec<String> = story::scenario_files(&dir)
        .unwrap()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, on_disk, "expected.txt and the folder disagree");
    assert!(listed.len() >= 40, "the corpus has {} files", listed.len());
}

#[test]
fn check_names_the_file_code_and_place_of_each_hostile_file() {
    for e in expected() {
        let path = format!("tests/bad_scenarios/{}", e.file);
        let out = run_bounded(&["check", "--format", "json", &path]);
        let errors = e.code.starts_with('E');
        assert_exit(&out, if errors { &[1] } else { &[0, 1] }, &path);
        let found: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|err| panic!("{path}: check --format json: {err}"));
        let found = found.as_array().expect("an array of diagnostics");
        assert!(
            found.iter().any(|d| d["code"] == e.code.as_str()
                && d["line"] == e.line
                && d["col"] == e.col
                && d["file"] == path.as_str()),
            "{path}: no {} at {}:{}; found {}",
            e.code,
            e.line,
            e.col,
            serde_json::to_string_pretty(found).unwrap()
        );

        // The game's loader is the same pipeline: the same diagnostics at the same places.
        let bytes = std::fs::read(root().join(&path)).unwrap();
        let source = story::Source::from_bytes(path.clone(), &bytes);
        let located: Vec<(String, usize, usize)> = source
            .located()
            .iter()
            .map(|d| (d.code.to_string(), d.line, d.col))
            .collect();
        assert!(
            located.contains(&(e.code.clone(), e.line as usize, e.col as usize)),
            "{path}: the loader found {located:?}"
        );
        assert_eq!(source.checked.story.is_none(), errors, "{path}");
    }
}

#[test]
fn analyze_and_diff_end_cleanly_on_every_hostile_file() {
    for e in expected() {
        let path = format!("tests/bad_scenarios/{}", e.file);
        let loads = !e.code.starts_with('E');
        let analyze = run_bounded(&["analyze", &path, "--max-states", "2000"]);
        assert_exit(&analyze, if loads { &[0] } else { &[1] }, &path);
        let diff = run_bounded(&["diff", &path, &path]);
        assert_exit(&diff, if loads { &[0, 1] } else { &[1] }, &path);
        if !loads {
            let text =
                String::from_utf8_lossy(&diff.stdout) + String::from_utf8_lossy(&diff.stderr);
            assert!(
                text.contains(&e.file),
                "{path}: diff does not name the file:\n{text}"
            );
        }
    }
}

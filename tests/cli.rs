//! The command line as an author uses it: `check` on good and broken files, `play` scripted
//! in both languages, `test` on passing and failing in-file tests.

mod common;

use common::{bin, run, text};
use std::path::PathBuf;
use std::process::Stdio;

/// A scratch file with these bytes, unique per test.
fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gat-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn quote_dispute() -> String {
    std::fs::read_to_string(format!(
        "{}/scenarios/quote_dispute.ron",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// 1-based line of the first occurrence of `needle`.
fn line_of(src: &str, needle: &str) -> usize {
    src[..src.find(needle).expect("needle in source")]
        .matches('\n')
        .count()
        + 1
}

#[test]
fn shipped_scenarios_check_clean() {
    let o = run(&["check", "scenarios/"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("0 errors"), "{}", text(&o));
}

#[test]
fn unknown_node_points_at_the_line_with_a_suggestion() {
    let src =
        quote_dispute().replacen("next: \"reading_together\"", "next: \"reading_togther\"", 1);
    let line = line_of(&src, "reading_togther");
    let f = scratch("typo.ron", src.as_bytes());
    let o = run(&["check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains(&format!("typo.ron:{line}:")),
        "expected line {line}:\n{out}"
    );
    assert!(
        out.contains("E0111") && out.contains("unknown node `reading_togther`"),
        "{out}"
    );
    assert!(out.contains("did you mean `reading_together`?"), "{out}");
    assert!(
        out.contains('^') || out.contains('─'),
        "a caret under the value:\n{out}"
    );
    // The short format is one grep-able line per diagnostic.
    let o = run(&["check", "--format", "short", f.to_str().unwrap()]);
    let first = String::from_utf8_lossy(&o.stdout)
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    assert!(
        first.starts_with(&format!("{}:{line}:", f.display())),
        "{first}"
    );
    assert!(first.contains("error[E0111]"), "{first}");
}

#[test]
fn syntax_error_gives_file_line_col() {
    // Drop the comma after the scenario id: the parser stops at the next field.
    let src = quote_dispute().replacen("id: \"quote_dispute\",", "id: \"quote_dispute\"", 1);
    let line = line_of(&src, "    title: (");
    let f = scratch("syntax.ron", src.as_bytes());
    let o = run(&["check", "--format", "short", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o);
    assert!(
        out.contains(&format!("syntax.ron:{line}:")),
        "expected line {line}:\n{out}"
    );
    assert!(out.contains("E0001"), "{out}");
}

#[test]
fn missing_translation_and_unreachable_node_are_errors() {
    let src = quote_dispute()
        .replacen("nl: \"De avond ervoor\"", "", 1)
        .replacen("then: Goto(\"car_park\"),", "then: Goto(\"meeting\"),", 1);
    let f = scratch("semantic.ron", src.as_bytes());
    let o = run(&["check", "--format", "short", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o);
    assert!(
        out.contains("E0120") && out.contains("missing `nl` text"),
        "{out}"
    );
    assert!(
        !out.contains("car_park` can never be reached"),
        "car_park is still reached from the choices: {out}"
    );
    // A node nothing leads to.
    let src = quote_dispute().replacen(
        "then: Goto(\"harry_will_tell\")",
        "then: Goto(\"harry_stays_out\")",
        1,
    );
    let src = src.replacen("next: \"harry_will_tell\"", "next: \"harry_stays_out\"", 1);
    let f = scratch("unreachable.ron", src.as_bytes());
    let out = text(&run(&["check", "--format", "short", f.to_str().unwrap()]));
    assert!(
        out.contains("E0160") && out.contains("`harry_will_tell` can never be reached"),
        "{out}"
    );
}

/// Whatever bytes come in, `check` answers with exit 1 and a message naming the file —
/// never a panic (exit 101), never a hang.
#[test]
fn hostile_inputs_are_errors_not_crashes() {
    let nested = format!("Scenario(id: \"x\", history: {}", "[".repeat(100_000));
    let huge = format!("Scenario(id: \"{}\")", "x".repeat(20 * 1024 * 1024));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.ron", Vec::new()),
        ("binary.ron", (0u8..=255).cycle().take(4096).collect()),
        ("latin1.ron", b"Scenario(id: \"caf\xe9\")".to_vec()),
        ("truncated.ron", quote_dispute().as_bytes()[..5000].to_vec()),
        ("nested.ron", nested.into_bytes()),
        ("huge.ron", huge.into_bytes()),
        (
            "json.ron",
            br#"{"id": "quote_dispute", "nodes": []}"#.to_vec(),
        ),
    ];
    for (name, bytes) in cases {
        let f = scratch(name, &bytes);
        let o = run(&["check", f.to_str().unwrap()]);
        let out = text(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: {out}");
        assert!(
            out.contains(name),
            "{name}: the message names the file: {out}"
        );
        assert!(
            out.len() < 20_000,
            "{name}: output stays short ({} bytes)",
            out.len()
        );
        if name == "json.ron" {
            assert!(out.contains("looks like JSON"), "{out}");
        }
        if name == "latin1.ron" {
            assert!(
                out.contains("E0002") && out.contains("latin1.ron:1:"),
                "{out}"
            );
        }
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["check"]).status.code(), Some(2));
    assert_eq!(run(&["play"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    // Choices count from 1, as shown: 0 is a usage error, not a silent 1.
    let zero = run(&["play", "quote_dispute", "--choices", "2,0,1"]);
    assert_eq!(zero.status.code(), Some(2), "{}", text(&zero));
    assert!(text(&zero).contains("--choices"), "{}", text(&zero));
}

#[test]
fn play_scripted_in_english_and_dutch() {
    let en = run(&[
        "play",
        "scenarios/quote_dispute.ron",
        "--choices",
        "2,3,2,1,2,1,1,1",
    ]);
    assert!(en.status.success(), "{}", text(&en));
    let out = text(&en);
    assert!(out.contains("Ending: Signed, and said so"), "{out}");
    assert!(
        out.contains("The ledger") && out.contains("Bernard ↔ Jort"),
        "{out}"
    );
    assert!(
        out.contains("You gave Jort's work an evening of your attention."),
        "entries are explained: {out}"
    );

    let nl = run(&[
        "play",
        "scenarios/quote_dispute.ron",
        "--lang",
        "nl",
        "--choices",
        "2,3,2,1,2,1,1,1",
    ]);
    let out = text(&nl);
    assert!(nl.status.success(), "{out}");
    assert!(out.contains("Einde: Getekend, en uitgesproken"), "{out}");
    assert!(
        out.contains("tweeënveertig pagina's"),
        "Dutch text with accents: {out}"
    );
    assert!(out.contains("Het grootboek"), "{out}");
}

#[test]
fn play_json_reports_outcome_and_entries() {
    let o = run(&[
        "play",
        "quote_dispute",
        "--json",
        "--seed",
        "0",
        "--choices",
        "3,1,2,2,1,2,2,1",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["outcome"]["id"], "won_unseen");
    assert_eq!(v["choices"], serde_json::json!([3, 1, 2, 2, 1, 2, 2, 1]));
    let rules: Vec<&str> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"succession") && rules.contains(&"loyalty"),
        "{rules:?}"
    );
}

#[test]
fn play_reads_choices_from_standard_input() {
    let mut child = bin()
        .args(["play", "scenarios/quote_dispute.ron"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"2\n3\n2\n1\n2\n1\n1\n1\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("Signed, and said so"));
}

#[test]
fn play_refuses_a_choice_that_is_not_offered() {
    let o = run(&["play", "scenarios/quote_dispute.ron", "--choices", "1,9"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("choice 9"), "{}", text(&o));
    let o = run(&["play", "scenarios/quote_dispute.ron", "--choices", "1"]);
    assert_eq!(o.status.code(), Some(1), "input ends before the story does");
    assert!(
        text(&o).contains("waits for a choice at node `car_park`"),
        "{}",
        text(&o)
    );
}

#[test]
fn test_command_passes_shipped_and_reports_failures_precisely() {
    let o = run(&["test", "scenarios/"]);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    let last = out.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");

    let original = quote_dispute();
    let src = original.replacen(
        "choices: [1, 3, 2, 1, 3, 2, 2, 1],\n            expect: \"lost_strained\",",
        "choices: [1, 3, 2, 1, 3, 2, 2, 1],\n            expect: \"won_together\",",
        1,
    );
    assert_ne!(
        src, original,
        "the test `lost_and_left_unsaid` is where this expects it"
    );
    let f = scratch("failing.ron", src.as_bytes());
    let o = run(&["test", f.to_str().unwrap()]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("test quote_dispute::lost_and_left_unsaid ... FAILED"),
        "{out}"
    );
    assert!(
        out.contains("expected outcome `won_together`, got `lost_strained`"),
        "{out}"
    );
    assert!(out.contains("after step 8"), "{out}");
    assert!(out.trim_end().ends_with("passed, 1 failed"), "{out}");
}

/// `give-and-take … | head -1`: the reader goes away early; the tool ends quietly (killed
/// by SIGPIPE like any Unix tool) instead of panicking in `println!`. The output (1.6 MB)
/// is far larger than a pipe's buffer, so the writer meets the closed pipe for certain.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_output_quietly() {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    let mut child = bin()
        .args(["gen", "--nodes", "10000", "--paths-log2", "20"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 256];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // Dropped: the pipe's read end is closed while the scenario is still being written.
    let out = child.wait_with_output().unwrap();
    assert!(
        String::from_utf8_lossy(&first).contains("Scenario"),
        "{first:?}"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "{:?}", out.status);
}

#[test]
fn test_command_counts_and_lists_a_file_it_cannot_read() {
    let out = run(&["test", "scenarios/school.ron", "no/such/scenario.ron"]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    let listed = t.split("failures:").nth(1).unwrap_or_default();
    assert!(listed.contains("no/such/scenario.ron"), "{t}");
    assert!(t.contains("8 passed, 1 failed"), "{t}");
}

/// Started without a display, the game says it needs one (no panic, no backtrace).
#[cfg(all(feature = "game", unix, not(target_os = "macos")))]
#[test]
fn the_game_without_a_display_says_so() {
    let out = bin()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env(
            "GIVE_AND_TAKE_DATA",
            std::env::temp_dir().join("gat-no-display"),
        )
        .output()
        .expect("the binary runs");
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("needs a display"), "{all}");
    assert!(
        !all.contains("panicked") && !all.contains("backtrace"),
        "{all}"
    );
}

/// `simulate`: every playthrough lands in an outcome (or is counted as stuck), the shares
/// come with intervals that hold them, the same seed gives the same counts, and the
/// playthroughs of a deterministic policy replay with `play`.
#[test]
fn simulate_counts_every_playthrough_reproducibly() {
    let json = |args: &[&str]| -> serde_json::Value {
        let out = run(args);
        assert!(out.status.success(), "{}", text(&out));
        serde_json::from_slice(&out.stdout).expect("simulate --json prints JSON")
    };
    let args = [
        "simulate",
        "scenarios/quote_dispute.ron",
        "--runs",
        "300",
        "--seed",
        "5",
        "--json",
    ];
    let a = json(&args);
    assert_eq!(a["schema"], "give-and-take/simulate/1");
    assert_eq!(a["policy"], "random");
    let outcomes = a["outcomes"].as_array().unwrap();
    let runs: u64 = outcomes
        .iter()
        .map(|o| o["runs"].as_u64().unwrap())
        .sum::<u64>()
        + a["stuck"].as_u64().unwrap()
        + a["unfinished"].as_u64().unwrap();
    assert_eq!(runs, 300);
    for o in outcomes {
        let (p, lo, hi) = (
            o["share"].as_f64().unwrap(),
            o["ci95"][0].as_f64().unwrap(),
            o["ci95"][1].as_f64().unwrap(),
        );
        assert!(
            lo <= p && p <= hi && (0.0..=1.0).contains(&lo) && hi <= 1.0,
            "{o}"
        );
    }
    assert!(a["lines_per_second"].as_f64().unwrap() > 0.0);
    // The same seed, the same counts (the timing aside).
    let b = json(&args);
    assert_eq!(a["outcomes"], b["outcomes"]);

    // One `first` playthrough from seed 7 is `play --seed 7` choosing 1 every time.
    let first = json(&[
        "simulate",
        "quote_dispute",
        "--runs",
        "1",
        "--seed",
        "7",
        "--policy",
        "first",
        "--json",
    ]);
    let ended = first["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["runs"] == 1)
        .expect("it ended")["id"]
        .clone();
    let played = run(&[
        "play",
        "quote_dispute",
        "--seed",
        "7",
        "--choices",
        "1,1,1,1,1,1,1,1",
        "--json",
    ]);
    let played: serde_json::Value = serde_json::from_slice(&played.stdout).unwrap();
    assert_eq!(played["outcome"]["id"], ended);

    // Usage errors.
    assert_eq!(
        run(&["simulate", "quote_dispute", "--policy", "nicest"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["simulate", "quote_dispute", "--runs", "0"])
            .status
            .code(),
        Some(2)
    );
}

/// Flags are the author's bookkeeping: however a shipped scenario is played, in either
/// language, `play`'s transcript and reflection never name one.
#[test]
fn flag_names_never_reach_a_player() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in story::scenario_files(&root.join("scenarios")).unwrap() {
        let src = std::fs::read_to_string(&path).unwrap();
        let s = story::check_str(&src)
            .story
            .expect("shipped scenarios check");
        // Names like `quote_read` never occur in prose; one-word names (`cushion`) may.
        let flags: Vec<&str> = s
            .flags()
            .map(|f| s.flag_name(f))
            .filter(|f| f.contains('_'))
            .collect();
        for t in s.tests() {
            let choices: Vec<String> = t.choices.iter().map(|c| c.to_string()).collect();
            for lang in ["en", "nl"] {
                let o = run(&[
                    "play",
                    path.to_str().unwrap(),
                    "--choices",
                    &choices.join(","),
                    "--seed",
                    &t.seed.to_string(),
                    "--lang",
                    lang,
                ]);
                let out = text(&o);
                for said in ["Now true", "No longer true", "Nu waar", "Niet meer waar"] {
                    assert!(!out.contains(said), "{}: `{said}`: {out}", t.name);
                }
                for f in &flags {
                    let named = out
                        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .any(|w| w == *f);
                    assert!(
                        !named,
                        "{}, test {}: the flag `{f}` shows",
                        path.display(),
                        t.name
                    );
                }
            }
        }
    }
}

//! `give-and-take graph` (DOT that Graphviz renders) and `give-and-take diff` (save
//! compatibility, on the pair in tests/fixtures/diff/).

mod common;

use common::{BIN, root, run};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn graph_prints_dot_with_every_node_and_outcome() {
    let out = run(&["graph", "scenarios/quote_dispute.ron"]);
    assert!(out.status.success());
    let dot = stdout(&out);
    assert!(dot.starts_with("digraph \"quote_dispute\" {"), "{dot}");
    // Speaker and first words; the speaker's colour from the file.
    assert!(dot.contains(
        "\"n:jort_at_door\" [label=\"jort_at_door · Jort\\nDad? You've got Bothof at ten tomorrow.…\""
    ));
    assert!(dot.contains("color=\"#3f7fbf\""));
    // Edges carry the move, reactions their weight or condition.
    assert!(dot.contains("\"n:jort_at_door\" -> \"n:reading_together\" [label=\"2 Acknowledge\""));
    assert!(dot.contains("\"n:harry_on_phone\" -> \"n:harry_will_tell\" [label=\"w 3\""));
    // Outcomes are terminal shapes, coloured by tone.
    assert_eq!(dot.matches("shape=doubleoctagon").count(), 6);
    assert!(
        dot.contains("\"o:won_together\" [label=\"won_together\\nSigned, and said so (Bright)\"")
    );
}

#[test]
fn graph_output_renders_with_graphviz() {
    if !common::dot_available("rendering every graph") {
        return;
    }
    let scenarios = story::scenario_files(&root().join("scenarios")).expect("scenarios/");
    for file in scenarios {
        let name = file.display().to_string();
        let out = run(&["graph", &name]);
        assert!(out.status.success(), "graph {name}");
        let mut dot = Command::new("dot")
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dot runs");
        dot.stdin
            .take()
            .expect("stdin")
            .write_all(&out.stdout)
            .expect("dot reads");
        let rendered = dot.wait_with_output().expect("dot ends");
        assert!(
            rendered.status.success(),
            "dot rejects the graph of {name}: {}",
            String::from_utf8_lossy(&rendered.stderr)
        );
        assert!(String::from_utf8_lossy(&rendered.stdout).contains("<svg"));
    }
}

#[test]
fn graph_svg_writes_a_file_or_says_why_not() {
    let dir = std::env::temp_dir().join(format!("gat-graph-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let svg = dir.join("quote.svg");
    let svg_arg = svg.display().to_string();
    if common::dot_available("the rendering half of graph --svg") {
        let out = run(&["graph", "scenarios/quote_dispute.ron", "--svg", &svg_arg]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(&svg).expect("the SVG was written");
        assert!(text.contains("<svg") && text.contains("won_together"));
    }
    // Without `dot` on the PATH: a clear message and exit 1.
    let out = Command::new(BIN)
        .args(["graph", "scenarios/quote_dispute.ron", "--svg", &svg_arg])
        .current_dir(root())
        .env("PATH", dir.join("no-such-dir"))
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`dot` (Graphviz) is not installed"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn diff_detects_a_removed_node_and_what_it_breaks() {
    let out = run(&[
        "diff",
        "tests/fixtures/diff/old.ron",
        "tests/fixtures/diff/new.ron",
    ]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("removed nodes: evening"), "{text}");
    assert!(text.contains("renamed nodes: intro → opening"), "{text}");
    assert!(text.contains("removed parties: neighbour"), "{text}");
    assert!(
        text.contains("choices at `ask`: added “Think about it”"),
        "{text}"
    );
    assert!(
        text.contains("saves: 2 of 2 positions a save can rest at would break"),
        "{text}"
    );
    assert!(text.contains("at `evening`: the node is gone"), "{text}");
}

#[test]
fn diff_of_identical_versions_passes() {
    let out = run(&[
        "diff",
        "tests/fixtures/diff/old.ron",
        "tests/fixtures/diff/old.ron",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("all 2 positions a save can rest at would still resume"));
}

#[test]
fn diff_of_an_unreadable_file_is_a_usage_error() {
    let out = run(&[
        "diff",
        "tests/fixtures/diff/old.ron",
        "tests/fixtures/diff/missing.ron",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn diff_refuses_a_version_that_does_not_load() {
    // `broken.ron` is `old.ron` with a choice leading to a node that does not exist.
    let out = run(&[
        "diff",
        "tests/fixtures/diff/old.ron",
        "tests/fixtures/diff/broken.ron",
    ]);
    let all = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("broken.ron:16:"), "{all}");
    assert!(all.contains("E0111"), "{all}");
    assert!(all.contains("does not load"), "{all}");
    assert!(!all.contains("would still resume"), "{all}");
}

/// A file with errors is drawn as written — a loop without a choice is where a drawing helps
/// most — with its errors on standard error; a file that does not parse cannot be drawn.
#[test]
fn graph_draws_a_file_with_errors_and_says_so() {
    let out = run(&["graph", "tests/bad_scenarios/loop_without_choice.ron"]);
    assert_eq!(out.status.code(), Some(0));
    let dot = stdout(&out);
    assert!(dot.starts_with("digraph "), "{dot}");
    assert!(dot.contains("\"n:end\" -> \"n:again\""), "{dot}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("E0163") && err.contains("drawn as written"),
        "{err}"
    );

    let out = run(&["graph", "tests/bad_scenarios/truncated.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not parse"));
}

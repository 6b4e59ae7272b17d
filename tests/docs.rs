//! The documentation stays true: its complete example is the tutorial's scenario file,
//! which checks without warnings and whose tests pass.

use give_and_take::story::testing::run_test;
use give_and_take::story::{check_str, diagnostics::Severity};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The fenced block that follows `<!-- example: PATH -->` in the document.
fn example_after_marker(doc: &str, path: &str) -> String {
    let marker = format!("<!-- example: {path} -->");
    let at = doc
        .find(&marker)
        .unwrap_or_else(|| panic!("no marker {marker}"));
    let rest = &doc[at + marker.len()..];
    let start = rest.find("```ron\n").expect("a ron block after the marker") + "```ron\n".len();
    let end = rest[start..].find("```").expect("the block ends");
    rest[start..start + end].to_string()
}

#[test]
fn authoring_guide_example_is_the_tutorial_file_and_passes() {
    let doc = std::fs::read_to_string(format!("{ROOT}/docs/authoring.md")).unwrap();
    let file = std::fs::read_to_string(format!("{ROOT}/docs/tutorial/corner_bakery.ron")).unwrap();
    assert_eq!(
        example_after_marker(&doc, "docs/tutorial/corner_bakery.ron"),
        file,
        "docs/authoring.md must show docs/tutorial/corner_bakery.ron exactly"
    );
    let checked = check_str(&file);
    let story = checked.story.expect("the example checks");
    assert!(
        checked
            .diagnostics
            .iter()
            .all(|d| d.severity != Severity::Warning),
        "the example has no warnings: {:?}",
        checked.diagnostics
    );
    assert!(!story.scenario.tests.is_empty());
    for (i, t) in story.scenario.tests.iter().enumerate() {
        run_test(&story, i).unwrap_or_else(|f| panic!("{}: {f}", t.name));
    }
}

/// Every diagnostic code the checker can emit is documented.
#[test]
fn every_diagnostic_code_is_documented() {
    let doc = std::fs::read_to_string(format!("{ROOT}/docs/authoring.md")).unwrap();
    let mut missing = Vec::new();
    for dir in ["src/story", "src/cli"] {
        for entry in std::fs::read_dir(format!("{ROOT}/{dir}")).unwrap() {
            let src = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for (i, _) in src.match_indices("\"E0").chain(src.match_indices("\"W0")) {
                let code = &src[i + 1..i + 6];
                if code[1..].chars().all(|c| c.is_ascii_digit()) && !doc.contains(code) {
                    missing.push(code.to_string());
                }
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "undocumented diagnostic codes: {missing:?}"
    );
}

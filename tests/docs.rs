//! The documentation stays true: its complete example is the tutorial's scenario file,
//! which checks without warnings and whose tests pass.

mod common;

use story::{Severity, check_str, run_test};

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
    assert!(!story.tests().is_empty());
    for (i, t) in story.tests().iter().enumerate() {
        run_test(&story, i).unwrap_or_else(|f| panic!("{}: {f}", t.name));
    }
}

/// Every diagnostic code is in the crate's table ([`story::CODES`]) and documented, and no
/// code is written in the sources without being in the table.
#[test]
fn every_diagnostic_code_is_documented() {
    let doc = std::fs::read_to_string(format!("{ROOT}/docs/authoring.md")).unwrap();
    let is_code = |c: &str| {
        c.len() == 5 && c.starts_with(['E', 'W']) && c[1..].chars().all(|d| d.is_ascii_digit())
    };
    let table: Vec<&str> = story::CODES.iter().map(|&(code, _)| code).collect();
    for &(code, summary) in story::CODES {
        assert!(is_code(code), "`{code}` in CODES is not a code");
        assert!(!summary.trim().is_empty(), "{code} has no summary");
    }
    for pair in table.windows(2) {
        assert!(
            pair[0] < pair[1],
            "CODES is sorted, each code once: {pair:?}"
        );
    }
    let undocumented: Vec<&str> = table
        .iter()
        .copied()
        .filter(|code| !doc.contains(code))
        .collect();
    assert!(
        undocumented.is_empty(),
        "codes missing from docs/authoring.md: {undocumented:?}"
    );

    // A code written as a literal anywhere must be the table's, so none bypasses it.
    let mut unlisted = Vec::new();
    for dir in ["crates/story/src", "src/cli"] {
        for file in rust_files(&std::path::Path::new(ROOT).join(dir)) {
            let src = std::fs::read_to_string(&file).unwrap();
            for (i, _) in src.match_indices("\"E0").chain(src.match_indices("\"W0")) {
                let code = src.get(i + 1..i + 6).unwrap_or_default();
                if is_code(code) && !table.contains(&code) {
                    unlisted.push(format!("{code} ({})", file.display()));
                }
            }
        }
    }
    unlisted.sort();
    unlisted.dedup();
    assert!(
        unlisted.is_empty(),
        "codes not in story::CODES (crates/story/src/format/codes.rs): {unlisted:?}"
    );
}

/// Every `.rs` file below `dir`.
fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    out
}

/// The tutorial's section of the guide.
fn tutorial(doc: &str) -> &str {
    let start = doc
        .find("## Tutorial: your first scenario")
        .expect("a tutorial");
    let end = start
        + doc[start..]
            .find("\n## A complete example")
            .expect("the tutorial ends");
    &doc[start..end]
}

/// Every `give-and-take …` command of the tutorial runs as written and succeeds.
#[test]
fn every_tutorial_command_works() {
    let doc = std::fs::read_to_string(format!("{ROOT}/docs/authoring.md")).unwrap();
    let mut ran = 0;
    let mut in_sh = false;
    for line in tutorial(&doc).lines() {
        match line.trim() {
            "```sh" => in_sh = true,
            "```" => in_sh = false,
            cmd if in_sh && cmd.starts_with("give-and-take ") => {
                let args: Vec<&str> = cmd.split_whitespace().skip(1).collect();
                if args.contains(&"--svg") && !common::dot_available(&format!("`{cmd}`")) {
                    continue;
                }
                let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_give-and-take"))
                    .args(&args)
                    .current_dir(ROOT)
                    .stdin(std::process::Stdio::piped())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap();
                // The interactive `play` reads its choices from here; a command that reads
                // nothing may have ended (and closed the pipe) before this is written.
                use std::io::Write;
                let _ = child.stdin.take().unwrap().write_all(b"3\n1\n");
                let out = child.wait_with_output().unwrap();
                assert!(
                    out.status.success(),
                    "`{cmd}` failed:\n{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
                ran += 1;
            }
            _ => {}
        }
    }
    assert!(
        ran >= 9,
        "the tutorial runs check, play, test, analyze, graph and diff ({ran} commands)"
    );
}

/// The error the tutorial shows is the one `check` really gives for that typo, at that place.
#[test]
fn tutorial_error_example_is_real() {
    let doc = std::fs::read_to_string(format!("{ROOT}/docs/authoring.md")).unwrap();
    let section = tutorial(&doc);
    let shown = section
        .split("<!-- typo:")
        .nth(1)
        .expect("the typo example");
    let at = shown.find("╭─[").expect("a location") + "╭─[".len();
    let location = &shown[at..at + shown[at..].find(']').unwrap()];

    let src = std::fs::read_to_string(format!("{ROOT}/docs/tutorial/corner_bakery.ron")).unwrap();
    let broken = src.replacen("next: \"visser_reacts\"", "next: \"visser_react\"", 1);
    let dir = std::env::temp_dir().join(format!("gat-docs-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("docs/tutorial")).unwrap();
    std::fs::write(dir.join("docs/tutorial/corner_bakery.ron"), broken).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_give-and-take"))
        .args([
            "check",
            "--format",
            "short",
            "docs/tutorial/corner_bakery.ron",
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text.starts_with(&format!(
            "{location}: error[E0111]: unknown node `visser_react`"
        )),
        "the guide shows {location}, check says:\n{text}"
    );
}

/// The fields a type's `Deserialize` asks for: a deserializer that only listens.
struct FieldProbe(Option<&'static [&'static str]>);

impl<'de> serde::Deserializer<'de> for &mut FieldProbe {
    type Error = serde::de::value::Error;
    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("a probe, not a document"))
    }
    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = Some(fields);
        Err(serde::de::Error::custom("a probe, not a document"))
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

fn fields_of<T: for<'de> serde::Deserialize<'de>>() -> Vec<String> {
    let mut probe = FieldProbe(None);
    let _ = T::deserialize(&mut probe);
    let mut f: Vec<String> = probe
        .0
        .expect("a struct")
        .iter()
        .map(|s| s.to_string())
        .collect();
    f.sort();
    f
}

/// The fields the guide's table for `name` lists.
fn documented_fields(doc: &str, name: &str) -> Vec<String> {
    let head = format!("### `{name}`\n");
    let at = doc
        .find(&head)
        .unwrap_or_else(|| panic!("the field reference has no table for `{name}`"));
    let mut f: Vec<String> = doc[at + head.len()..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.split('|')
                .nth(1)
                .unwrap()
                .trim()
                .trim_matches('`')
                .to_string()
        })
        .collect();
    f.sort();
    f
}

/// The guide's field reference lists exactly the fields the checker reads, struct by struct.
#[test]
fn the_field_reference_matches_the_format() {
    let doc = std::fs::read_to_string(format!("{ROOT}/docs/authoring.md")).unwrap();
    let reference = &doc[doc.find("## Field reference").expect("a field reference")..];
    let checks: Vec<(&str, Vec<String>)> = vec![
        ("Scenario", fields_of::<story::Scenario>()),
        ("Rules", fields_of::<story::Rules>()),
        ("Party", fields_of::<story::Party>()),
        ("Member", fields_of::<story::Member>()),
        ("GiftKind", fields_of::<story::GiftKind>()),
        ("Valuation", fields_of::<story::Valuation>()),
        ("Chain", fields_of::<story::Chain>()),
        ("Node", fields_of::<story::Node>()),
        ("Choice", fields_of::<story::Choice>()),
        ("Reaction", fields_of::<story::Reaction>()),
        ("WeightTerm", fields_of::<story::WeightTerm>()),
        ("Outcome", fields_of::<story::Outcome>()),
        ("Test", fields_of::<story::Test>()),
        ("Say", fields_of::<story::Say>()),
        ("Narrate", fields_of::<story::Narrate>()),
        ("Pick", fields_of::<story::Pick>()),
    ];
    for (name, fields) in checks {
        assert!(!fields.is_empty(), "{name}");
        assert_eq!(
            documented_fields(reference, name),
            fields,
            "the table for `{name}`"
        );
    }
}

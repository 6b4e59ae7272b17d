//! The messages a hostile or unlucky file gets, as an author sees them in `check`: each
//! says what is wrong and where, without burying the cause or flooding the terminal.

mod common;

use common::{root, run, text};

fn check_short(path: &std::path::Path) -> (Option<i32>, String) {
    let out = run(&["check", "--format", "short", path.to_str().unwrap()]);
    (out.status.code(), text(&out))
}

fn scratch(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gat-robust-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn clean() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/lints/clean.ron")).unwrap()
}

#[test]
fn a_file_saved_with_a_byte_order_mark_checks_like_any_other() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(clean().as_bytes());
    let path = scratch("bom.ron", &bytes);
    let (code, out) = check_short(&path);
    assert_eq!(code, Some(0), "{out}");
    // And a BOM before an error does not shift its column (13, as without it).
    let mut broken = b"\xEF\xBB\xBF".to_vec();
    broken.extend(b"Scenario(id: 3)");
    let (_, out) = check_short(&scratch("bom_broken.ron", &broken));
    assert!(out.contains("bom_broken.ron:1:13:"), "{out}");
}

#[test]
fn an_unclosed_block_comment_is_shown_where_it_opens() {
    let src = format!("// about\n/* never closed\n{}", clean());
    let (_, out) = check_short(&scratch("comment.ron", src.as_bytes()));
    assert!(
        out.contains("comment.ron:2:1: error[E0001]: this block comment is never closed"),
        "{out}"
    );
}

#[test]
fn a_quote_inside_a_text_gets_a_hint() {
    let src = clean().replacen("\"Can you help?\"", "\"Can you \"really\" help?\"", 1);
    let path = scratch("quote.ron", src.as_bytes());
    let out = run(&["check", path.to_str().unwrap()]);
    let out = text(&out);
    assert!(out.contains("a text ends at the first `\"`"), "{out}");
    assert!(out.contains(r#"`\"`"#), "{out}");
}

#[test]
fn a_loop_is_reported_once_without_knock_on_errors() {
    let src = clean().replacen(
        "text: (en: \"The end.\", nl: \"Het einde.\"), then: End",
        "text: (en: \"The end.\", nl: \"Het einde.\"), then: Goto(\"end\")",
        1,
    );
    let (code, out) = check_short(&scratch("loop.ron", src.as_bytes()));
    assert_eq!(code, Some(1));
    let errors: Vec<&str> = out.lines().filter(|l| l.contains("error[")).collect();
    assert_eq!(errors.len(), 1, "{out}");
    assert!(
        errors[0].contains("E0163") && errors[0].contains(": end"),
        "{out}"
    );
}

#[test]
fn a_device_or_a_pipe_is_refused_before_reading() {
    let (code, out) = check_short(std::path::Path::new("/dev/zero"));
    assert_eq!(code, Some(1));
    assert!(
        out.contains("/dev/zero: error[E0004]: cannot read: not a regular file"),
        "{out}"
    );
    #[cfg(unix)]
    {
        let fifo = std::env::temp_dir().join(format!("gat-fifo-{}.ron", std::process::id()));
        let _ = std::fs::remove_file(&fifo);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let (code, out) = check_short(&fifo);
            assert_eq!(code, Some(1), "{out}");
            assert!(out.contains("not a regular file"), "{out}");
            let _ = std::fs::remove_file(&fifo);
        }
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_being_read() {
    let path = scratch("huge.ron", b"");
    let f = std::fs::File::options().write(true).open(&path).unwrap();
    // Sparse: no 16 MiB are written, but the file says it is that large.
    f.set_len(story::MAX_FILE_BYTES as u64 + 1).unwrap();
    let (code, out) = check_short(&path);
    assert_eq!(code, Some(1));
    assert!(out.contains("more than a scenario may be"), "{out}");
}

#[test]
fn thousands_of_identical_warnings_are_summed_up() {
    let parties: String = (0..3000)
        .map(|i| format!("Party(id: \"extra{i}\", name: (en: \"E{i}\", nl: \"E{i}\")),\n"))
        .collect();
    let src = clean().replacen(
        "Party(id: \"you\", name: (en: \"You\", nl: \"Jij\")),",
        &format!("Party(id: \"you\", name: (en: \"You\", nl: \"Jij\")),\n{parties}"),
        1,
    );
    // Over the party limit, and every extra party unused: two codes, many of each.
    let (_, out) = check_short(&scratch("crowd.ron", src.as_bytes()));
    let w0202 = out.lines().filter(|l| l.contains("[W0202]")).count();
    assert!(w0202 <= story::MAX_SAME_CODE + 1, "{w0202} lines:\n{out}");
    assert!(
        out.contains(&format!("… and {} more W0202", 3000 - story::MAX_SAME_CODE)),
        "{out}"
    );
    assert!(out.contains("at most 1000 parties, not 3002"), "{out}");
    assert!(out.len() < 20_000, "{} bytes of output", out.len());
}

#[test]
fn control_characters_are_an_error_in_texts() {
    let src = clean().replacen("\"Hm.\"", "\"Hm.\u{1b}[2J\"", 1);
    let (code, out) = check_short(&scratch("esc.ron", src.as_bytes()));
    assert_eq!(code, Some(1));
    // The diagnostic itself names the character without sending it to the terminal.
    assert!(out.contains("control character \\u{1b}"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out:?}");
}

//! Syntax: RON into the authoring types, and `ron`'s errors as diagnostics that say what
//! the author can do about them.

use crate::format::codes;
use crate::format::diagnostics::{Diagnostic, Loc};
use crate::format::scenario::Scenario;
use crate::format::span::Span;

/// How deep values may nest (`Not(Not(...))`); deeper files are rejected, never overflow.
const RECURSION_LIMIT: usize = 96;

/// Parses RON into the authoring types. `Option` fields may be written without `Some(…)`.
pub fn parse(src: &str) -> Result<Scenario, Diagnostic> {
    if src.trim().is_empty() {
        let mut d = Diagnostic::error(
            codes::EMPTY_FILE,
            "the file is empty",
            Loc::Span(Span { start: 0, end: 0 }),
        );
        d.label("expected `Scenario(` here").help(
            "a scenario file holds one `Scenario(id: ..., title: ..., ...)`; see docs/authoring.md",
        );
        return Err(d);
    }
    let options = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(RECURSION_LIMIT);
    options
        .from_str::<Scenario>(src)
        .map_err(|e| syntax_error(src, e))
}

/// `ron`'s error as a diagnostic, with a suggestion for a misspelt field or kind.
fn syntax_error(src: &str, e: ron::error::SpannedError) -> Diagnostic {
    use crate::format::diagnostics::offset_of;
    use ron::error::Error as E;
    let start = offset_of(src, e.span.start.line, e.span.start.col);
    let mut end = offset_of(src, e.span.end.line, e.span.end.col).max(start);
    if end == start {
        end = (start + src[start..].chars().next().map_or(0, char::len_utf8)).min(src.len());
    }
    let mut loc = Loc::Span(Span { start, end });
    let (message, label, help): (String, &str, Option<String>) = match &e.code {
        // `ron` reports where it gave up (the end of the file); the author needs the opening.
        E::UnclosedBlockComment => {
            if let Some(at) = unclosed_block_comment(src) {
                loc = Loc::Span(Span {
                    start: at,
                    end: at + 2,
                });
            }
            (
                "this block comment is never closed".to_string(),
                "opened here",
                Some(
                    "close it with `*/`; everything after it is read as part of the comment"
                        .to_string(),
                ),
            )
        }
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            format!(
                "unknown {} `{found}`",
                outer
                    .as_deref()
                    .map_or("variant".to_string(), |o| format!("{o} kind"))
            ),
            "not a known kind",
            Some(match suggest(found, expected.iter().copied()) {
                Some(s) => format!(
                    "did you mean `{s}`? expected one of: {}",
                    expected.join(", ")
                ),
                None => format!("expected one of: {}", expected.join(", ")),
            }),
        ),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            format!(
                "unknown field `{found}`{}",
                outer
                    .as_deref()
                    .map_or(String::new(), |o| format!(" in `{o}`"))
            ),
            "not a field here",
            Some(match suggest(found, expected.iter().copied()) {
                Some(s) => format!(
                    "did you mean `{s}`? the fields are: {}",
                    expected.join(", ")
                ),
                None => format!("the fields are: {}", expected.join(", ")),
            }),
        ),
        E::MissingStructField { field, outer } => (
            format!(
                "missing field `{field}`{}",
                outer
                    .as_deref()
                    .map_or(String::new(), |o| format!(" in `{o}`"))
            ),
            "this value ends without it",
            Some(format!(
                "add `{field}: ...`; docs/authoring.md lists every field"
            )),
        ),
        E::ExceededRecursionLimit => (
            format!("values are nested more than {RECURSION_LIMIT} levels deep"),
            "too deep",
            Some("flatten the condition, e.g. `All([...])` instead of nested `All`s".to_string()),
        ),
        // A bare `(...)` where a kind must be named: a node, a choice or an effect.
        E::ExpectedIdentifier if src[start..].starts_with('(') => (
            "this value does not say what kind it is".to_string(),
            "a kind's name goes before `(`",
            Some(
                "name it: a node is `Node(...)`, `Say(...)` or `Narrate(...)`, a choice \
                 `Choice(...)` or `Pick(...)`, an effect `Give(...)`, `Set(...)`, …"
                    .to_string(),
            ),
        ),
        E::Eof => (
            "the file ends in the middle of a value".to_string(),
            "unexpected end of file",
            Some("a bracket or parenthesis is not closed".to_string()),
        ),
        other => {
            let json = src.trim_start().starts_with(['{', '[']).then(|| {
                "this looks like JSON; scenario files are RON: `Scenario(id: \"...\", ...)`"
                    .to_string()
            });
            // Words right after a closing quote: a text ended early, at a `"` inside it or
            // one that is missing.
            let after_text = src[..start].trim_end().ends_with('"')
                && src[start..].starts_with(|c: char| c.is_alphanumeric());
            let quote = after_text.then(|| {
                "a text ends at the first `\"`: write a quotation mark inside a text as `\\\"` \
                 (or use curly quotes “ ”), and close every text with `\"`"
                    .to_string()
            });
            (other.to_string(), "here", json.or(quote))
        }
    };
    let mut d = Diagnostic::error(codes::SYNTAX, message, loc);
    d.label(label).help_opt(help);
    d
}

/// Where the block comment that is never closed opens (block comments nest), skipping
/// strings and line comments.
fn unclosed_block_comment(src: &str) -> Option<usize> {
    let b = src.as_bytes();
    let (mut i, mut open): (usize, Vec<usize>) = (0, Vec::new());
    while i < b.len() {
        match (b[i], b.get(i + 1)) {
            (b'/', Some(b'*')) => {
                open.push(i);
                i += 2;
            }
            (b'*', Some(b'/')) if !open.is_empty() => {
                open.pop();
                i += 2;
            }
            _ if !open.is_empty() => i += 1,
            (b'/', Some(b'/')) => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            (b'"', _) => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    open.first().copied()
}

/// The closest candidate by edit distance, if it is close enough to be a likely typo.
pub(super) fn suggest<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let found_l = found.to_lowercase();
    let found_n = found.chars().count();
    candidates
        .into_iter()
        .filter_map(|c| {
            let n = c.chars().count();
            let allowed = (n.max(found_n) / 3).max(1);
            // The distance is at least the difference in length: most ids of a large file
            // are ruled out without computing it.
            if n.abs_diff(found_n) > allowed {
                return None;
            }
            let d = levenshtein(&found_l, &c.to_lowercase());
            (d <= allowed).then_some((d, c))
        })
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// The edit distance in characters.
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + (ca != cb) as usize)
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

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
    if src.len() >= SPLIT_FROM_BYTES
        && let Some(sc) = parse_split(src)
    {
        return Ok(sc);
    }
    options()
        .from_str::<Scenario>(src)
        .map_err(|e| syntax_error(src, e))
}

fn options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(RECURSION_LIMIT)
}

/// Files this large are read on two threads (see [`parse_split`]); the shipped scenarios
/// are far smaller and read on one.
const SPLIT_FROM_BYTES: usize = 256 << 10;

/// The second half of `nodes`, read on its own: a struct like `Scenario`, so values nest
/// exactly as deep (and meet the same recursion limit) as they do in the file.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Nodes {
    #[serde(deserialize_with = "crate::format::short::nodes")]
    nodes: Vec<crate::format::scenario::Node>,
}

/// Reads a large file on two threads: the nodes list (nearly all of a large scenario) is
/// cut between two items near its middle, one thread reads the file without the second
/// half of the list, the other reads that half, and the halves are joined in order. `ron`
/// reads about 50 MB/s, so this halves the time `check` takes on a 10,000-node story.
/// Every byte of the file is read by one of the two: the second half starts one item early,
/// so that what stands between the two halves (a comma, or a mistake: no comma, two, a
/// stray field) is read in its place; that item, read twice, is kept once.
/// `None` when the file cannot be cut (no nodes list found, or an error in either half):
/// the caller then reads the whole file on one thread, which also places any error exactly.
fn parse_split(src: &str) -> Option<Scenario> {
    use crate::format::span::{Path, SpanIndex};
    let nodes = Path::root().f("nodes");
    let items = SpanIndex::build(src, std::slice::from_ref(&nodes)).items(&nodes)?;
    let (first, last) = (items.first()?, items.last()?);
    // The first item of the second half: the one that starts past the middle of the list.
    let middle = first.start + (last.end - first.start) / 2;
    let cut = items
        .iter()
        .position(|s| s.start >= middle)
        .filter(|&k| k > 0)?;
    let head = [&src[..items[cut - 1].end], &src[last.end..]].concat();
    let tail = ["(nodes: [", &src[items[cut - 1].start..last.end], "])"].concat();
    let (head, tail) = std::thread::scope(|s| {
        let tail = s.spawn(|| options().from_str::<Nodes>(&tail).ok());
        let head = options().from_str::<Scenario>(&head).ok();
        (head, tail.join().ok().flatten())
    });
    let (mut sc, tail) = (head?, tail?);
    sc.nodes.extend(tail.nodes.into_iter().skip(1));
    Some(sc)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(src: &str) -> Result<Scenario, ron::error::SpannedError> {
        options().from_str::<Scenario>(src)
    }

    /// Read on two threads, a file gives exactly the scenario it gives read on one: a
    /// generated story in the long form, and shipped ones in the short forms, with comments
    /// between the nodes.
    #[test]
    fn a_split_reading_is_the_whole_reading() {
        let generated = crate::generate::counters_ron(400, 7).unwrap();
        assert!(generated.len() >= SPLIT_FROM_BYTES, "{}", generated.len());
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/");
        for src in [
            generated,
            std::fs::read_to_string(format!("{root}school.ron")).unwrap(),
            std::fs::read_to_string(format!("{root}oral_surgeon.ron")).unwrap(),
        ] {
            let split = parse_split(&src).expect("the file can be cut");
            let one = whole(&src).unwrap();
            assert_eq!(format!("{split:?}"), format!("{one:?}"));
            assert_eq!(
                parse(&src).map(|s| format!("{s:?}")).ok(),
                Some(format!("{one:?}"))
            );
        }
    }

    /// Random edits anywhere in a large file (brackets, quotes, comment marks, raw-string
    /// and raw-identifier prefixes): read on two threads or on one, the result is the same,
    /// the same scenario or the same error.
    #[test]
    fn random_edits_read_alike_split_or_whole() {
        use rand_chacha::ChaCha8Rng;
        use rand_chacha::rand_core::{Rng, SeedableRng};
        let good = crate::generate::counters_ron(400, 3).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let pieces = [
            "(", ")", "[", "]", ",", "\"", "//", "/*", "*/", "r#", "r\"", "'", ":", "\n", "x",
            "Node(", "Some(",
        ];
        let (mut read, mut refused) = (0, 0);
        for _ in 0..100 {
            let mut src = good.clone();
            for _ in 0..1 + rng.next_u32() % 3 {
                let at = src.floor_char_boundary(rng.next_u32() as usize % src.len());
                if rng.next_u32() % 2 == 0 {
                    // A comment full of structure, at the start of a line: still valid.
                    let line = src[..at].rfind('\n').map_or(0, |i| i + 1);
                    let comment = ["// ( [ \" r#\" ' ]\n", "/* ) ] \" /* ( */ ' */ "];
                    src.insert_str(line, comment[rng.next_u32() as usize % 2]);
                    continue;
                }
                let piece = pieces[rng.next_u32() as usize % pieces.len()];
                if rng.next_u32() % 2 == 0 {
                    src.insert_str(at, piece);
                } else {
                    let end = src.ceil_char_boundary(at + 1 + rng.next_u32() as usize % 4);
                    src.replace_range(at..end, piece);
                }
            }
            let split = parse(&src).map(|s| format!("{s:?}")).map_err(|d| d.message);
            let one = whole(&src)
                .map(|s| format!("{s:?}"))
                .map_err(|e| syntax_error(&src, e).message);
            if one.is_ok() {
                read += 1;
            } else {
                refused += 1;
            }
            assert_eq!(split, one);
        }
        // Both kinds occur: edits that leave a valid file (inside a text) and ones that break it.
        assert!(read >= 5 && refused >= 5, "{read} read, {refused} refused");
    }

    /// A raw string of many quotes after many hashes is scanned in one pass (found in
    /// review: every quote counted all the hashes after it, 43 s for this 280 KB file).
    #[test]
    fn a_raw_string_of_quotes_is_scanned_in_one_pass() {
        let src = format!(
            "Scenario(nodes: [Node(id: r{}\"{}\"{}, then: End)])",
            "#".repeat(20_000),
            "\"".repeat(240_000),
            "#".repeat(19_999)
        );
        assert!(src.len() >= SPLIT_FROM_BYTES);
        let e = whole(&src).unwrap_err();
        assert_eq!(
            parse(&src).unwrap_err().message,
            syntax_error(&src, e).message
        );
    }

    /// An error in either half, or one that only the whole file has, is no split reading:
    /// `parse` then reads the file on one thread and reports the error where it is.
    #[test]
    fn an_error_in_either_half_is_reported_as_in_the_whole_file() {
        let good = crate::generate::counters_ron(400, 7).unwrap();
        let at = |frac: usize| {
            let from = good.len() * frac / 100;
            from + good[from..].find("Option ").unwrap()
        };
        for frac in [20, 80] {
            let bad = format!("{}Opt\"ion {}", &good[..at(frac)], &good[at(frac) + 7..]);
            assert!(parse_split(&bad).is_none());
            let d = parse(&bad).unwrap_err();
            let e = whole(&bad).unwrap_err();
            assert_eq!(d.message, syntax_error(&bad, e).message);
            let Loc::Span(s) = d.loc else {
                panic!("a syntax error has a place")
            };
            assert!(s.start.abs_diff(at(frac)) < 16, "{s:?} vs {}", at(frac));
        }
        // What stands between the two halves is read in its place: no comma, two commas, a
        // stray field (found in review: the halves had skipped it).
        let nodes = {
            use crate::format::span::{Path, SpanIndex};
            let nodes = Path::root().f("nodes");
            SpanIndex::build(&good, std::slice::from_ref(&nodes))
                .items(&nodes)
                .unwrap()
        };
        let middle = nodes[0].start + (nodes.last().unwrap().end - nodes[0].start) / 2;
        let cut = nodes.iter().position(|s| s.start >= middle).unwrap();
        for gap in [
            "\n        ",
            ",,\n        ",
            ", oops: 3,\n        ",
            ", x: \"y\"\n ",
        ] {
            let bad = [&good[..nodes[cut - 1].end], gap, &good[nodes[cut].start..]].concat();
            let e = whole(&bad).unwrap_err();
            assert_eq!(
                parse(&bad).unwrap_err().message,
                syntax_error(&bad, e).message,
                "{gap:?}"
            );
        }
        // A second `nodes` field: the first half alone would hide it.
        let twice = good.replacen("    outcomes: [", "    nodes: [],\n    outcomes: [", 1);
        assert!(parse(&twice).is_err());
    }
}

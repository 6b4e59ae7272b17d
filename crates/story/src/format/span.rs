//! Where each value of a scenario file stands in its source.
//!
//! `ron` gives positions only for syntax errors; semantic errors ("unknown node") need the
//! span of the exact value. This module re-reads a file that already parsed and records the
//! span of every value as a tree addressed by [`Path`]s (field names and list positions).
//! It is built lazily, only when a file has something to report.

use crate::format::short::{Written, written_field};
use std::fmt;
use std::sync::Arc;

/// One step into a value: a named field, or a position in a list or tuple.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    Field(&'static str),
    Index(usize),
}

/// The address of a value inside a scenario file, e.g. `nodes[3].then.0[1].next`.
///
/// The checker builds a path for every value it looks at but needs one only when it reports
/// something, so extending a path is one small allocation that shares its parent (a list
/// from leaf to root) instead of copying it.
#[derive(Clone, Debug, Default)]
pub struct Path(Option<Arc<Link>>);

#[derive(Debug)]
struct Link {
    parent: Path,
    seg: Seg,
}

impl Path {
    /// The scenario itself.
    pub(crate) fn root() -> Path {
        Path(None)
    }
    /// The field `name` of this value.
    pub(crate) fn f(&self, name: &'static str) -> Path {
        self.push(Seg::Field(name))
    }
    /// The item `index` of this list or tuple.
    pub(crate) fn i(&self, index: usize) -> Path {
        self.push(Seg::Index(index))
    }
    fn push(&self, seg: Seg) -> Path {
        Path(Some(Arc::new(Link {
            parent: self.clone(),
            seg,
        })))
    }
    /// The steps from the root.
    pub(crate) fn segments(&self) -> Vec<Seg> {
        let mut out = Vec::new();
        let mut at = &self.0;
        while let Some(link) = at {
            out.push(link.seg.clone());
            at = &link.parent.0;
        }
        out.reverse();
        out
    }
}

impl PartialEq for Path {
    fn eq(&self, other: &Path) -> bool {
        self.segments() == other.segments()
    }
}

impl Eq for Path {}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, seg) in self.segments().iter().enumerate() {
            match seg {
                Seg::Field(name) if n == 0 => write!(f, "{name}")?,
                Seg::Field(name) => write!(f, ".{name}")?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// A byte range in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

#[derive(Debug)]
struct SpanNode<'a> {
    span: Span,
    /// `Some(...)` wraps its content; lookups see through it.
    is_some: bool,
    /// The constructor written before the parentheses (`Say`, `Node`), if any: a short form
    /// holds some long-form fields elsewhere.
    ctor: Option<&'a str>,
    /// Only the fields some wanted path goes into.
    fields: Vec<(&'a str, SpanNode<'a>)>,
    /// Every item, so positions hold; those no wanted path goes into have only their span.
    items: Vec<SpanNode<'a>>,
}

impl SpanNode<'_> {
    fn field(&self, name: &str) -> Option<&Self> {
        self.fields.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// The content of a `Some(...)`, or the value itself.
    fn unwrapped(&self) -> &Self {
        let mut node = self;
        while node.is_some && node.items.len() == 1 {
            node = &node.items[0];
        }
        node
    }
}

/// What a child of a value is to its parent.
#[derive(Clone, Copy)]
enum Child<'a> {
    Field(&'a str),
    Item(usize),
}

/// `suffix` with the long-form fields a short form `ctor` writes inline (`text` in `Say`)
/// stepped over: they stand in the form itself.
fn past_inline<'s>(ctor: Option<&str>, mut suffix: &'s [Seg]) -> &'s [Seg] {
    while let (Some(ctor), Some(Seg::Field(f))) = (ctor, suffix.first())
        && written_field(ctor, f) == Some(Written::Inline)
    {
        suffix = &suffix[1..];
    }
    suffix
}

/// Which of the wanted paths (what is left of them at `node`) go into `child`, and what is
/// left of them there. [`SpanIndex::find`] takes the same steps.
fn wanted_in<'w>(node: &SpanNode<'_>, want: &[&'w [Seg]], child: Child<'_>) -> Vec<&'w [Seg]> {
    let mut out = Vec::new();
    for &suffix in want {
        // A lookup sees through `Some(...)` before taking its next step.
        if node.is_some && matches!(child, Child::Item(0)) {
            out.push(suffix);
            continue;
        }
        let suffix = past_inline(node.ctor, suffix);
        let goes_in = match (suffix.first(), child) {
            (Some(Seg::Field(f)), Child::Field(name)) => {
                let written = match node.ctor.and_then(|c| written_field(c, f)) {
                    Some(Written::Field(short)) => short,
                    _ => f,
                };
                written == name
            }
            (Some(Seg::Index(i)), Child::Item(j)) => *i == j,
            _ => false,
        };
        if goes_in {
            out.push(&suffix[1..]);
        }
    }
    out
}

/// Spans of the values of a source that `ron` accepted, at the paths asked for.
#[derive(Debug)]
pub(crate) struct SpanIndex<'a> {
    root: Option<SpanNode<'a>>,
}

impl<'a> SpanIndex<'a> {
    /// Reads `src` once, recording the values on the way to `paths` and skipping the rest,
    /// so placing five warnings in a 10 MB file builds no tree of the whole file. Where it
    /// cannot follow the structure it records nothing rather than guess.
    pub(crate) fn build(src: &'a str, paths: &[Path]) -> SpanIndex<'a> {
        let segments: Vec<Vec<Seg>> = paths.iter().map(Path::segments).collect();
        let want: Vec<&[Seg]> = segments.iter().map(Vec::as_slice).collect();
        let mut p = Scanner {
            s: src.as_bytes(),
            pos: 0,
            depth: 0,
        };
        p.skip_ws();
        SpanIndex {
            root: p.value(&want).ok(),
        }
    }

    /// The spans of the items of the list at `path` (one the index was built for), if the
    /// file has that list.
    pub(crate) fn items(&self, path: &Path) -> Option<Vec<Span>> {
        let (node, whole) = self.deepest(path)?;
        whole.then(|| node.items.iter().map(|n| n.span).collect())
    }

    /// The span of the value at `path`, or of the deepest ancestor that exists. `path` must
    /// be one the index was built for.
    pub(crate) fn find(&self, path: &Path) -> Option<Span> {
        self.deepest(path).map(|(node, _)| node.span)
    }

    /// The value at `path`, or the deepest ancestor that exists, and whether it is the value
    /// itself. Lookups see through `Some(...)` and find a short form's fields where it
    /// writes them.
    fn deepest(&self, path: &Path) -> Option<(&SpanNode<'a>, bool)> {
        let mut node = self.root.as_ref()?.unwrapped();
        for seg in &path.segments() {
            let next = match seg {
                Seg::Field(name) => match node.ctor.and_then(|c| written_field(c, name)) {
                    Some(Written::Inline) => continue,
                    Some(Written::Field(short)) => node.field(short),
                    None => node.field(name),
                },
                Seg::Index(i) => node.items.get(*i),
            };
            match next {
                Some(n) => node = n.unwrapped(),
                None => return Some((node, false)),
            }
        }
        Some((node, true))
    }
}

/// A lenient reader of RON structure. The input already parsed, so it only needs to find
/// boundaries; it gives up (returns Err) rather than guess on anything unexpected.
struct Scanner<'a> {
    s: &'a [u8],
    pos: usize,
    depth: usize,
}

const MAX_DEPTH: usize = 512;

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() || c == 0x0B => self.pos += 1,
                // RON's other whitespace (U+0085, U+200E, U+200F, U+2028, U+2029).
                Some(0xC2) if self.s.get(self.pos + 1) == Some(&0x85) => self.pos += 2,
                Some(0xE2)
                    if self.s.get(self.pos + 1) == Some(&0x80)
                        && matches!(self.s.get(self.pos + 2), Some(0x8E | 0x8F | 0xA8 | 0xA9)) =>
                {
                    self.pos += 3
                }
                Some(b'/') if self.s.get(self.pos + 1) == Some(&b'/') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.s.get(self.pos + 1) == Some(&b'*') => {
                    // RON block comments nest.
                    let mut level = 0usize;
                    while self.pos < self.s.len() {
                        if self.s[self.pos..].starts_with(b"/*") {
                            level += 1;
                            self.pos += 2;
                        } else if self.s[self.pos..].starts_with(b"*/") {
                            level -= 1;
                            self.pos += 2;
                            if level == 0 {
                                break;
                            }
                        } else {
                            self.pos += 1;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// The value here; recorded with its children only where a `want`ed path goes.
    fn value(&mut self, want: &[&[Seg]]) -> Result<SpanNode<'a>, ()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(());
        }
        let start = self.pos;
        let mut node = SpanNode {
            span: Span { start, end: start },
            is_some: false,
            ctor: None,
            fields: Vec::new(),
            items: Vec::new(),
        };
        match self.peek().ok_or(())? {
            b'"' => self.string()?,
            b'r' if self.raw_string_ahead() => self.raw_string()?,
            b'b' if self.s.get(self.pos + 1) == Some(&b'"') => {
                self.pos += 1;
                self.string()?
            }
            b'\'' => self.char_lit()?,
            b'(' | b'[' | b'{' if want.is_empty() => self.skip_nested()?,
            b'[' => {
                self.pos += 1;
                self.seq(b']', &mut node, want)?
            }
            b'{' => {
                self.pos += 1;
                self.map(&mut node, want)?
            }
            b'(' => {
                self.pos += 1;
                self.seq(b')', &mut node, want)?
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let ident = self.ident();
                self.skip_ws();
                if self.peek() == Some(b'(') && want.is_empty() {
                    self.skip_nested()?;
                } else if self.peek() == Some(b'(') {
                    self.pos += 1;
                    node.is_some = ident == "Some";
                    node.ctor = Some(ident);
                    self.seq(b')', &mut node, want)?;
                }
            }
            // Anything else must be a number; a byte that starts no value (a stray control
            // character) ends the scan, or a sequence would push empty values for ever.
            _ => {
                if !self.number() {
                    return Err(());
                }
            }
        }
        node.span.end = self.pos;
        self.depth -= 1;
        Ok(node)
    }

    /// Skips the value opening here that no wanted path goes into, recording nothing: a flat
    /// loop that follows only nesting, strings and comments, so the bulk of a large file
    /// costs a pass over its bytes.
    fn skip_nested(&mut self) -> Result<(), ()> {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    self.pos += 1;
                }
                b')' | b']' | b'}' => {
                    depth = depth.checked_sub(1).ok_or(())?;
                    self.pos += 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                b'"' => self.string()?,
                b'\'' => self.char_lit()?,
                // A raw string starts a token; `r` ending an identifier is no string.
                b'r' if self.raw_string_ahead()
                    && !self.pos.checked_sub(1).is_some_and(|p| {
                        let b = self.s[p];
                        b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
                    }) =>
                {
                    self.raw_string()?
                }
                b'/' if matches!(self.s.get(self.pos + 1), Some(b'/' | b'*')) => self.skip_ws(),
                _ => self.pos += 1,
            }
        }
        Err(())
    }

    /// Whether a raw string (`r"…"`, `r#"…"#`) starts here, not a raw identifier (`r#tone`).
    fn raw_string_ahead(&self) -> bool {
        let hashes = self.s[self.pos + 1..]
            .iter()
            .take_while(|&&c| c == b'#')
            .count();
        self.s.get(self.pos + 1 + hashes) == Some(&b'"')
    }

    fn ident(&mut self) -> &'a str {
        let start = self.pos;
        // Raw identifiers `r#name` are allowed in RON.
        if self.s[self.pos..].starts_with(b"r#") {
            self.pos += 2;
        }
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
                self.pos += 1;
            } else {
                break;
            }
        }
        // It starts at an ASCII letter and ends before an ASCII byte: whole characters.
        std::str::from_utf8(&self.s[start..self.pos])
            .unwrap_or("")
            .trim_start_matches("r#")
    }

    /// Skips a number; false when there was none.
    fn number(&mut self) -> bool {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'+' | b'-' | b'_') {
                self.pos += 1;
            } else {
                break;
            }
        }
        self.pos > start
    }

    fn string(&mut self) -> Result<(), ()> {
        self.pos += 1;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'"' => return Ok(()),
                _ => {}
            }
        }
        Err(())
    }

    fn raw_string(&mut self) -> Result<(), ()> {
        self.pos += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        if self.peek() != Some(b'"') {
            return Err(());
        }
        self.pos += 1;
        while self.pos < self.s.len() {
            // Stops at the first byte that is no `#`: counting all `hashes` after every
            // quote made a raw string of many quotes and hashes quadratic.
            if self.s[self.pos] == b'"'
                && self
                    .s
                    .get(self.pos + 1..self.pos + 1 + hashes)
                    .is_some_and(|h| h.iter().all(|&c| c == b'#'))
            {
                self.pos += 1 + hashes;
                return Ok(());
            }
            self.pos += 1;
        }
        Err(())
    }

    fn char_lit(&mut self) -> Result<(), ()> {
        self.pos += 1;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'\'' => return Ok(()),
                _ => {}
            }
        }
        Err(())
    }

    /// Items of a list or tuple, or the fields of a struct: `name: value` pairs.
    fn seq(&mut self, close: u8, node: &mut SpanNode<'a>, want: &[&[Seg]]) -> Result<(), ()> {
        loop {
            self.skip_ws();
            match self.peek().ok_or(())? {
                c if c == close => {
                    self.pos += 1;
                    return Ok(());
                }
                b',' => self.pos += 1,
                _ => {
                    // A field is an identifier followed by a single `:`.
                    let save = self.pos;
                    let c = self.peek().ok_or(())?;
                    if c.is_ascii_alphabetic() || c == b'_' {
                        let name = self.ident();
                        self.skip_ws();
                        if self.peek() == Some(b':') && self.s.get(self.pos + 1) != Some(&b':') {
                            self.pos += 1;
                            self.skip_ws();
                            let inner = wanted_in(node, want, Child::Field(name));
                            let v = self.value(&inner)?;
                            if !inner.is_empty() {
                                node.fields.push((name, v));
                            }
                            continue;
                        }
                        self.pos = save;
                    }
                    let inner = wanted_in(node, want, Child::Item(node.items.len()));
                    let v = self.value(&inner)?;
                    if !want.is_empty() {
                        node.items.push(v);
                    }
                }
            }
        }
    }

    fn map(&mut self, node: &mut SpanNode<'a>, want: &[&[Seg]]) -> Result<(), ()> {
        loop {
            self.skip_ws();
            match self.peek().ok_or(())? {
                b'}' => {
                    self.pos += 1;
                    return Ok(());
                }
                b',' => self.pos += 1,
                _ => {
                    let _key = self.value(&[])?;
                    self.skip_ws();
                    if self.peek() != Some(b':') {
                        return Err(());
                    }
                    self.pos += 1;
                    self.skip_ws();
                    let inner = wanted_in(node, want, Child::Item(node.items.len()));
                    let v = self.value(&inner)?;
                    if !want.is_empty() {
                        node.items.push(v);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_at(src: &str, path: &Path) -> String {
        let idx = SpanIndex::build(src, std::slice::from_ref(path));
        let s = idx.find(path).unwrap();
        src[s.start..s.end].to_string()
    }

    #[test]
    fn finds_fields_items_and_variant_contents() {
        let src = r#"Scenario(
            id: "x", // a comment with "quotes" and (parens
            nodes: [
                Node(id: "a", then: Goto("b")),
                /* nested /* comment */ */ Node(id: "b", then: Choices([
                    Choice(next: "a"), Choice(next: "zz"),
                ])),
            ],
            start: Some("a"),
        )"#;
        let root = Path::root();
        assert_eq!(text_at(src, &root.f("id")), "\"x\"");
        assert_eq!(text_at(src, &root.f("nodes").i(0).f("then").i(0)), "\"b\"");
        assert_eq!(
            text_at(src, &root.f("nodes").i(1).f("then").i(0).i(1).f("next")),
            "\"zz\""
        );
        assert_eq!(text_at(src, &root.f("start")), "\"a\"");
        // A missing step falls back to the deepest value that exists.
        assert_eq!(
            text_at(src, &root.f("nodes").i(0).f("nope")),
            r#"Node(id: "a", then: Goto("b"))"#
        );
    }

    #[test]
    fn finds_long_form_fields_in_short_forms() {
        let src = r#"Scenario(nodes: [
            Say(id: "a", who: "jort", en: "Hi.", nl: "Hoi.", then: Choices([
                Pick(en: "Go.", nl: "Ga.", next: "b"),
            ])),
            Narrate(id: "b", en: "Gone.", nl: "Weg.", then: End),
        ])"#;
        let node = Path::root().f("nodes").i(0);
        assert_eq!(text_at(src, &node.f("speaker")), "\"jort\"");
        assert_eq!(text_at(src, &node.f("text").f("nl")), "\"Hoi.\"");
        let pick = node.f("then").i(0).i(0);
        assert_eq!(text_at(src, &pick.f("text").f("en")), "\"Go.\"");
        assert_eq!(text_at(src, &pick.f("next")), "\"b\"");
        // What a short form leaves out points at the form itself.
        assert_eq!(
            text_at(src, &pick.f("move")),
            r#"Pick(en: "Go.", nl: "Ga.", next: "b")"#
        );
        assert!(text_at(src, &node.f("text")).starts_with("Say(id: \"a\""));
        let narrate = Path::root().f("nodes").i(1);
        assert_eq!(text_at(src, &narrate.f("text").f("en")), "\"Gone.\"");
    }

    /// One index serves every path it was built for, however they share their prefixes, and
    /// items no path goes into still count for the positions after them.
    #[test]
    fn one_pass_finds_many_paths() {
        let src = r#"Scenario(nodes: [
            Narrate(id: "a", en: "A.", nl: "A.", then: End),
            Say(id: "b", who: "jort", en: "B.", nl: "B.", then: Choices([
                Pick(en: "x", nl: "x", next: "a"), Pick(en: "y", nl: "y", next: "q"),
            ])),
        ], start: Some("b"), outcomes: [])"#;
        let root = Path::root();
        let b = root.f("nodes").i(1);
        let paths = [
            b.f("speaker"),
            b.f("then").i(0).i(1).f("next"),
            b.f("text").f("nl"),
            root.f("start"),
            root.f("outcomes"),
        ];
        let idx = SpanIndex::build(src, &paths);
        let at = |p: &Path| {
            let s = idx.find(p).unwrap();
            &src[s.start..s.end]
        };
        assert_eq!(at(&paths[0]), "\"jort\"");
        assert_eq!(at(&paths[1]), "\"q\"");
        assert_eq!(at(&paths[2]), "\"B.\"");
        assert_eq!(at(&paths[3]), "\"b\"");
        assert_eq!(at(&paths[4]), "[]");
    }

    #[test]
    fn survives_unbalanced_input() {
        let nodes = Path::root().f("nodes");
        let idx = SpanIndex::build("Scenario( nodes: [ (", std::slice::from_ref(&nodes));
        assert_eq!(idx.find(&nodes), None);
    }

    /// Found by the fuzzer: a vertical tab in a list (whitespace to RON, not to the scanner
    /// then) made the scanner push empty values without moving, until the memory ran out.
    #[test]
    fn ron_whitespace_is_skipped_and_a_stray_byte_ends_the_scan() {
        let src = "Scenario(outcomes: [Outcome(tone: Mixed,\u{b}\u{2028} id: \"x\")])";
        assert_eq!(
            text_at(src, &Path::root().f("outcomes").i(0).f("id")),
            "\"x\""
        );
        // A raw identifier is no raw string, whether the scanner records or skips it.
        let src = "Scenario(outcomes: [Outcome(r#tone: Dark, id: r\"x\")], start: r#\"a\"#)";
        assert_eq!(text_at(src, &Path::root().f("start")), "r#\"a\"#");
        assert_eq!(
            text_at(src, &Path::root().f("outcomes").i(0).f("id")),
            "r\"x\""
        );
        // Where the scanner follows the structure, a stray byte ends the scan; in a value it
        // only skips over, the byte is passed like any other.
        let src = "Scenario(outcomes: [Outcome(tone: Mixed,\u{1} id: \"x\")])";
        let id = Path::root().f("outcomes").i(0).f("id");
        let idx = SpanIndex::build(src, std::slice::from_ref(&id));
        assert_eq!(idx.find(&id), None);
        assert!(text_at(src, &Path::root().f("outcomes")).starts_with("[Outcome("));
    }
}

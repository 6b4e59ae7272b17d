//! A tolerant reading of a scenario's RON text: tokens, a tree of the bracketed values
//! with their constructor and field names, and every id that occurs in it with its byte
//! range. It never fails: a broken or half-typed document gives a partial tree, which is
//! what completion, go to definition and rename need while the author types.
//!
//! The story crate's parser (`story::parse`) only accepts whole, valid files and says
//! nothing about where each id stands; this is the editor's own view of the text.

use std::collections::{HashMap, HashSet};

/// A byte range in the document.
pub type Span = (usize, usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    Ident,
    Str,
    Num,
    Open(u8),
    Close(u8),
    Colon,
    Comma,
    Other,
}

#[derive(Clone, Copy, Debug)]
pub struct Token {
    pub kind: TokKind,
    pub start: usize,
    pub end: usize,
    /// For strings: the content between the delimiters (to the end when unterminated).
    pub inner: Span,
    /// For strings: whether the closing quote is there.
    pub closed: bool,
}

/// The tokens of `src`; comments and whitespace are skipped. A string (other than a raw
/// one) ends at the end of its line, so one missing quote does not swallow the rest of the
/// file.
pub fn tokenize(src: &str) -> Vec<Token> {
    let s = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let tok = |kind, start, end| Token {
        kind,
        start,
        end,
        inner: (start, end),
        closed: true,
    };
    while i < s.len() {
        let c = s[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'/' if s.get(i + 1) == Some(&b'/') => {
                while i < s.len() && s[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if s.get(i + 1) == Some(&b'*') => {
                // RON block comments nest.
                let mut depth = 0usize;
                while i < s.len() {
                    if s[i] == b'/' && s.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if s[i] == b'*' && s.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'"' => {
                let t = string(s, i, i + 1, 0);
                i = t.end;
                out.push(t);
            }
            b'r' if matches!(s.get(i + 1), Some(b'"' | b'#')) && raw_start(s, i + 1).is_some() => {
                let (hashes, quote) = raw_start(s, i + 1).unwrap_or((0, i + 1));
                let t = string(s, i, quote + 1, hashes);
                i = t.end;
                out.push(t);
            }
            b'\'' => {
                // A char literal: to the closing quote on the same line.
                let start = i;
                i += 1;
                while i < s.len() && s[i] != b'\'' && s[i] != b'\n' {
                    i += if s[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(s.len());
                out.push(tok(TokKind::Other, start, i));
            }
            b'0'..=b'9' => {
                let start = i;
                i = number_end(s, i);
                out.push(tok(TokKind::Num, start, i));
            }
            b'-' | b'+' | b'.' if s.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                let start = i;
                i = number_end(s, i + 1);
                out.push(tok(TokKind::Num, start, i));
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let start = i;
                while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'_') {
                    i += 1;
                }
                out.push(tok(TokKind::Ident, start, i));
            }
            b'(' | b'[' | b'{' => {
                out.push(tok(TokKind::Open(c), i, i + 1));
                i += 1;
            }
            b')' | b']' | b'}' => {
                out.push(tok(TokKind::Close(c), i, i + 1));
                i += 1;
            }
            b':' => {
                out.push(tok(TokKind::Colon, i, i + 1));
                i += 1;
            }
            b',' => {
                out.push(tok(TokKind::Comma, i, i + 1));
                i += 1;
            }
            _ => {
                // Anything else, one whole character at a time.
                let start = i;
                i += 1;
                while i < s.len() && (s[i] & 0xC0) == 0x80 {
                    i += 1;
                }
                out.push(tok(TokKind::Other, start, i));
            }
        }
    }
    out
}

/// `r#"` after the `r`: the number of hashes and where the quote is.
fn raw_start(s: &[u8], mut i: usize) -> Option<(usize, usize)> {
    let mut hashes = 0;
    while s.get(i) == Some(&b'#') {
        hashes += 1;
        i += 1;
    }
    (s.get(i) == Some(&b'"')).then_some((hashes, i))
}

/// A string from `start` whose content begins at `content`; raw when `hashes` > 0 or it
/// started with `r`.
fn string(s: &[u8], start: usize, content: usize, hashes: usize) -> Token {
    let raw = s[start] == b'r';
    let mut i = content;
    while i < s.len() {
        if !raw && s[i] == b'\\' && s.get(i + 1).is_some_and(|&b| b != b'\n') {
            i += 2;
            continue;
        }
        if !raw && s[i] == b'\n' {
            // RON allows a line break in a string, but scenario texts never have one, and
            // while an author types, a quote not yet closed would otherwise turn the rest
            // of the file inside out.
            return Token {
                kind: TokKind::Str,
                start,
                end: i,
                inner: (content, i),
                closed: false,
            };
        }
        if s[i] == b'"'
            && s[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
        {
            return Token {
                kind: TokKind::Str,
                start,
                end: i + 1 + hashes,
                inner: (content, i),
                closed: true,
            };
        }
        i += 1;
    }
    // Unterminated: it ends with its line.
    let end = s[content..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(s.len(), |p| content + p);
    Token {
        kind: TokKind::Str,
        start,
        end,
        inner: (content, end),
        closed: false,
    }
}

fn number_end(s: &[u8], mut i: usize) -> usize {
    while i < s.len() {
        let b = s[i];
        let sign_after_exp = matches!(b, b'+' | b'-') && matches!(s[i - 1], b'e' | b'E');
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || sign_after_exp {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// The text of a string's content with its escapes resolved.
pub fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let rest: String = chars.clone().take_while(|&c| c != '}').collect();
                if let Some(hex) = rest.strip_prefix('{')
                    && let Some(ch) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
                {
                    out.push(ch);
                    for _ in 0..=rest.chars().count() {
                        chars.next();
                    }
                } else {
                    out.push('u');
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// A value in the tree.
#[derive(Clone, Debug)]
pub enum Val {
    /// A string: its text (escapes resolved) and the byte range of its content.
    Str {
        text: String,
        inner: Span,
    },
    Num(String),
    Ident(String),
    /// A bracketed value: an index into [`Tree::items`].
    Item(usize),
}

/// One value inside a bracketed value, with the field name before it, if any.
#[derive(Clone, Debug)]
pub struct Arg {
    pub field: Option<String>,
    pub value: Val,
}

/// A bracketed value: `Name(...)`, `(...)`, `[...]` or `{...}`.
#[derive(Clone, Debug)]
pub struct Item {
    /// The identifier right before `(`: `Give`, `Node`, `Some`.
    pub ctor: Option<String>,
    /// The field this value is the value of (`effects` for `effects: [...]`).
    pub field: Option<String>,
    pub open: u8,
    /// From the constructor's name (or the bracket) to after the closing bracket (or the
    /// end of the document when it is never closed).
    pub span: Span,
    pub parent: Option<usize>,
    pub args: Vec<Arg>,
}

impl Item {
    /// The first argument with this field name.
    pub fn get(&self, field: &str) -> Option<&Val> {
        self.args
            .iter()
            .find(|a| a.field.as_deref() == Some(field))
            .map(|a| &a.value)
    }
    pub fn str(&self, field: &str) -> Option<&str> {
        match self.get(field) {
            Some(Val::Str { text, .. }) => Some(text),
            _ => None,
        }
    }
    pub fn num(&self, field: &str) -> Option<&str> {
        match self.get(field) {
            Some(Val::Num(n)) => Some(n),
            _ => None,
        }
    }
    pub fn ident(&self, field: &str) -> Option<&str> {
        match self.get(field) {
            Some(Val::Ident(i)) => Some(i),
            _ => None,
        }
    }
    pub fn item(&self, field: &str) -> Option<usize> {
        match self.get(field) {
            Some(Val::Item(i)) => Some(*i),
            _ => None,
        }
    }
    /// The first positional (unnamed) argument.
    pub fn first(&self) -> Option<&Val> {
        self.args
            .first()
            .filter(|a| a.field.is_none())
            .map(|a| &a.value)
    }
}

/// What an id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdKind {
    Party,
    Node,
    Outcome,
    Flag,
    Kind,
}

impl IdKind {
    pub fn noun(self) -> &'static str {
        match self {
            IdKind::Party => "party",
            IdKind::Node => "node",
            IdKind::Outcome => "outcome",
            IdKind::Flag => "flag",
            IdKind::Kind => "gift kind",
        }
    }
}

/// Where an id is defined (`Party(id: …)`, `Set("flag")`, `gifts: [(kind: …)]`) or used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Def,
    Ref,
}

/// One id in the text.
#[derive(Clone, Debug)]
pub struct Occ {
    pub kind: IdKind,
    pub role: Role,
    pub name: String,
    /// The content of the string literal (without the quotes).
    pub inner: Span,
    /// The item the string is an argument of.
    pub item: usize,
}

/// Fields whose string value is a party id.
pub const PARTY_FIELDS: &[&str] = &[
    "to", "from", "by", "of", "toward", "who", "holder", "with", "speaker", "player", "party",
    "claimant", "via", "succeeds", "at", "pass_to",
];

/// The tree of a document and every id in it.
#[derive(Debug)]
pub struct Tree {
    /// `items[0]` is the document itself.
    pub items: Vec<Item>,
    pub occs: Vec<Occ>,
    /// The items still open at the end of the text, innermost last (for completion on a
    /// prefix), and the field name typed in the innermost one that has no value yet.
    pub open: Vec<usize>,
    pub pending: Option<String>,
    /// The item of each id's first definition.
    defs: HashMap<(IdKind, String), usize>,
}

impl Tree {
    pub fn parse(src: &str) -> Tree {
        build(src, &tokenize(src))
    }

    /// The struct type an item stands for: its constructor, or for an unnamed `(...)` in a
    /// list, what that list holds (`parties: [(id: …)]` holds parties).
    pub fn type_of(&self, i: usize) -> Option<&str> {
        let item = &self.items[i];
        if let Some(c) = &item.ctor {
            // A short form (`Say`, `Pick`) stands for its long form's type.
            return Some(
                story::SHORT_FORMS
                    .iter()
                    .find(|(short, _)| short == c)
                    .map_or(c, |(_, long)| long),
            );
        }
        let parent = &self.items[item.parent?];
        if parent.open != b'[' {
            return None;
        }
        Some(match parent.field.as_deref()? {
            "parties" => "Party",
            "nodes" => "Node",
            "outcomes" => "Outcome",
            "gifts" => "GiftKind",
            "valuations" => "Valuation",
            "members" => "Member",
            "chains" => "Chain",
            "tests" => "Test",
            _ => return None,
        })
    }

    /// The innermost item whose span contains `offset` and that satisfies `pred`.
    pub fn innermost(&self, offset: usize, pred: impl Fn(usize, &Item) -> bool) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, it) in self.items.iter().enumerate().skip(1) {
            let size = |s: Span| s.1 - s.0;
            if it.span.0 <= offset
                && offset < it.span.1.max(it.span.0 + 1)
                && pred(i, it)
                && best.is_none_or(|b| size(it.span) < size(self.items[b].span))
            {
                best = Some(i);
            }
        }
        best
    }

    /// The id whose string contains `offset` (the closing quote counts, so a cursor right
    /// after an id finds it).
    pub fn occ_at(&self, offset: usize) -> Option<&Occ> {
        self.occs
            .iter()
            .find(|o| o.inner.0 <= offset && offset <= o.inner.1)
    }

    /// Every occurrence of an id.
    pub fn occs_of<'a>(&'a self, kind: IdKind, name: &'a str) -> impl Iterator<Item = &'a Occ> {
        self.occs
            .iter()
            .filter(move |o| o.kind == kind && o.name == name)
    }

    /// The ids of one kind defined (or, for flags, used) in the text, in order, once each.
    pub fn names(&self, kind: IdKind) -> Vec<String> {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut out: Vec<String> = Vec::new();
        for o in &self.occs {
            if o.kind == kind
                && (o.role == Role::Def || kind == IdKind::Flag)
                && !o.name.is_empty()
                && seen.insert(&o.name)
            {
                out.push(o.name.clone());
            }
        }
        out
    }

    /// The item of the party, node or outcome defined with this id.
    pub fn def_item(&self, kind: IdKind, name: &str) -> Option<usize> {
        self.defs.get(&(kind, name.to_string())).copied()
    }

    /// A text's English version: `name: (en: "…", nl: "…")`.
    pub fn en(&self, item: usize, field: &str) -> Option<&str> {
        if field == "text" && self.is_short_form(item) {
            // `Say(en: …)`: a short form writes its text's languages in place.
            return self.items[item].str("en");
        }
        let t = self.items[item].item(field)?;
        self.items[t].str("en")
    }

    /// Who speaks a node's line: its `speaker`, or a `Say`'s `who`.
    pub fn speaker(&self, item: usize) -> Option<&str> {
        let it = &self.items[item];
        it.str("speaker").or_else(|| {
            (it.ctor.as_deref() == Some("Say"))
                .then(|| it.str("who"))
                .flatten()
        })
    }

    fn is_short_form(&self, item: usize) -> bool {
        self.items[item]
            .ctor
            .as_deref()
            .is_some_and(|c| story::SHORT_FORMS.iter().any(|(short, _)| *short == c))
    }
}

fn build(src: &str, toks: &[Token]) -> Tree {
    let mut items = vec![Item {
        ctor: None,
        field: None,
        open: 0,
        span: (0, src.len()),
        parent: None,
        args: Vec::new(),
    }];
    let mut stack: Vec<usize> = vec![0];
    // The field name waiting for its value, per open item.
    let mut pending: Vec<Option<String>> = vec![None];
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        let top = *stack.last().unwrap_or(&0);
        let text = &src[t.start..t.end];
        match t.kind {
            TokKind::Ident => {
                let next = toks.get(i + 1).map(|n| n.kind);
                if next == Some(TokKind::Colon) {
                    *pending.last_mut().unwrap_or(&mut None) = Some(text.to_string());
                    i += 2;
                    continue;
                }
                if next == Some(TokKind::Open(b'(')) {
                    let field = pending.last_mut().and_then(Option::take);
                    let id = items.len();
                    items.push(Item {
                        ctor: Some(text.to_string()),
                        field: field.clone(),
                        open: b'(',
                        span: (t.start, src.len()),
                        parent: Some(top),
                        args: Vec::new(),
                    });
                    items[top].args.push(Arg {
                        field,
                        value: Val::Item(id),
                    });
                    stack.push(id);
                    pending.push(None);
                    i += 2;
                    continue;
                }
                let field = pending.last_mut().and_then(Option::take);
                items[top].args.push(Arg {
                    field,
                    value: Val::Ident(text.to_string()),
                });
            }
            TokKind::Open(c) => {
                let field = pending.last_mut().and_then(Option::take);
                let id = items.len();
                items.push(Item {
                    ctor: None,
                    field: field.clone(),
                    open: c,
                    span: (t.start, src.len()),
                    parent: Some(top),
                    args: Vec::new(),
                });
                items[top].args.push(Arg {
                    field,
                    value: Val::Item(id),
                });
                stack.push(id);
                pending.push(None);
            }
            TokKind::Close(c) => {
                let want = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                // Close up to the matching bracket; a stray one is ignored.
                if let Some(pos) = stack.iter().rposition(|&s| items[s].open == want)
                    && pos > 0
                {
                    while stack.len() > pos {
                        let s = stack.pop().unwrap_or(0);
                        pending.pop();
                        items[s].span.1 = t.end;
                    }
                }
            }
            TokKind::Comma => {
                if let Some(p) = pending.last_mut() {
                    *p = None;
                }
            }
            TokKind::Str => {
                let field = pending.last_mut().and_then(Option::take);
                items[top].args.push(Arg {
                    field,
                    value: Val::Str {
                        text: unescape(&src[t.inner.0..t.inner.1]),
                        inner: t.inner,
                    },
                });
            }
            TokKind::Num => {
                let field = pending.last_mut().and_then(Option::take);
                items[top].args.push(Arg {
                    field,
                    value: Val::Num(text.to_string()),
                });
            }
            TokKind::Colon | TokKind::Other => {}
        }
        i += 1;
    }
    let mut tree = Tree {
        items,
        occs: Vec::new(),
        pending: pending.last().cloned().flatten(),
        open: stack[1..].to_vec(),
        defs: HashMap::new(),
    };
    let mut occs = Vec::new();
    for (i, item) in tree.items.iter().enumerate() {
        for (n, arg) in item.args.iter().enumerate() {
            if let Val::Str { text, inner } = &arg.value
                && let Some((kind, role)) = classify(&tree, i, arg.field.as_deref(), n == 0)
            {
                occs.push(Occ {
                    kind,
                    role,
                    name: text.clone(),
                    inner: *inner,
                    item: i,
                });
            }
        }
    }
    occs.sort_by_key(|o| o.inner.0);
    for o in &occs {
        if o.role == Role::Def {
            tree.defs.entry((o.kind, o.name.clone())).or_insert(o.item);
        }
    }
    tree.occs = occs;
    tree
}

/// What a string argument of item `i` names, given the field before it (`first`: it is
/// the item's first argument).
pub fn classify(tree: &Tree, i: usize, field: Option<&str>, first: bool) -> Option<(IdKind, Role)> {
    let item = &tree.items[i];
    let ctor = item.ctor.as_deref();
    match field {
        None => {
            if !first {
                return None;
            }
            match ctor? {
                // `succeeds: Some("harry")`: what the `Some` stands in for.
                "Some" => classify(tree, item.parent?, item.field.as_deref(), false),
                "Goto" | "Visited" => Some((IdKind::Node, Role::Ref)),
                "Outcome" => Some((IdKind::Outcome, Role::Ref)),
                "Set" | "Clear" => Some((IdKind::Flag, Role::Def)),
                "Flag" => Some((IdKind::Flag, Role::Ref)),
                _ => None,
            }
        }
        Some("id") => match tree.type_of(i)? {
            "Party" => Some((IdKind::Party, Role::Def)),
            "Node" => Some((IdKind::Node, Role::Def)),
            "Outcome" => Some((IdKind::Outcome, Role::Def)),
            _ => None,
        },
        Some("next" | "start") => Some((IdKind::Node, Role::Ref)),
        Some("expect") => Some((IdKind::Outcome, Role::Ref)),
        Some("kind") => match tree.type_of(i) {
            Some("GiftKind") => Some((IdKind::Kind, Role::Def)),
            Some("Party") => None,
            _ => Some((IdKind::Kind, Role::Ref)),
        },
        Some(f) if PARTY_FIELDS.contains(&f) => Some((IdKind::Party, Role::Ref)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_with_their_roles() {
        let src = r#"Scenario(id: "s", player: "a", start: "one",
            parties: [Party(id: "a"), (id: "b", succeeds: Some("a"))],
            gifts: [(kind: "cake", name: (en: "cake", nl: "taart"))],
            nodes: [Node(id: "one", speaker: "a", effects: [Give(from: "a", to: "b", layer: Deal, amount: 2, kind: "cake"), Set("f")],
                then: Choices([Choice(when: Flag("f"), next: "one")])),
                Node(id: "two", then: Outcome("end"))],
            outcomes: [Outcome(id: "end", when: Visited("two"))],
            tests: [Test(name: "t", expect: "end")])"#;
        let t = Tree::parse(src);
        let got: Vec<(IdKind, Role, &str)> = t
            .occs
            .iter()
            .map(|o| (o.kind, o.role, o.name.as_str()))
            .collect();
        use IdKind::*;
        use Role::*;
        assert_eq!(
            got,
            vec![
                (Party, Ref, "a"),
                (Node, Ref, "one"),
                (Party, Def, "a"),
                (Party, Def, "b"),
                (Party, Ref, "a"),
                (Kind, Def, "cake"),
                (Node, Def, "one"),
                (Party, Ref, "a"),
                (Party, Ref, "a"),
                (Party, Ref, "b"),
                (Kind, Ref, "cake"),
                (Flag, Def, "f"),
                (Flag, Ref, "f"),
                (Node, Ref, "one"),
                (Node, Def, "two"),
                (Outcome, Ref, "end"),
                (Outcome, Def, "end"),
                (Node, Ref, "two"),
                (Outcome, Ref, "end"),
            ]
        );
    }

    #[test]
    fn broken_text_still_gives_a_tree() {
        let src = "Scenario(parties: [Party(id: \"a\"), Party(id: \"b\n nodes: [Node(id: \"n\", then: Goto(\"n\"";
        let t = Tree::parse(src);
        assert_eq!(t.names(IdKind::Node), vec!["n".to_string()]);
        assert_eq!(
            t.names(IdKind::Party),
            vec!["a".to_string(), "b".to_string()]
        );
        // Whatever the bytes, no panic.
        for cut in 0..src.len() {
            if src.is_char_boundary(cut) {
                Tree::parse(&src[..cut]);
            }
        }
        Tree::parse("\"\\");
        Tree::parse("r#\"abc");
        Tree::parse("/* /* */");
        Tree::parse(")))]]]");
        Tree::parse("'");
        Tree::parse("1e");
    }

    #[test]
    fn unescape_resolves_escapes() {
        assert_eq!(unescape(r#"a\"b\\c\u{e9}d"#), "a\"b\\céd");
        assert_eq!(unescape(r"\u{zz"), "u{zz");
    }
}

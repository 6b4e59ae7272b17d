//! Completion, go to definition, references, rename, the outline and quick fixes, on the
//! document's text (its [`Tree`]) and the last version without errors.

use super::check::Diag;
use super::hover::{CONDITIONS, EFFECTS, VALUES};
use super::syntax::{self, IdKind, Role, Span, TokKind, Tree, Val};
use story::{Lang, Story};

/// A completion candidate before it becomes an LSP item.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub label: String,
    /// What is inserted: a snippet (`$1` placeholders) when `snippet`.
    pub insert: String,
    pub snippet: bool,
    pub detail: Option<String>,
    pub what: What,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    Id(IdKind),
    Effect,
    Condition,
    Value,
    Keyword,
}

/// What completion offers at a place, and the byte range it replaces.
pub struct Completion {
    pub replace: Span,
    pub candidates: Vec<Candidate>,
}

const EFFECT_SNIPPETS: &[(&str, &str, &str)] = &[
    (
        "Give",
        r#"Give(from: "$1", to: "$2", layer: Deal, amount: $3)"#,
        "from gives to: to owes from the amount (Gift)",
    ),
    (
        "Take",
        r#"Take(by: "$1", from: "$2", layer: Deal, amount: $3)"#,
        "by takes from from without giving back (Take)",
    ),
    (
        "Acknowledge",
        r#"Acknowledge(by: "$1", of: "$2", amount: $3)"#,
        "by names of's effort or loss: of's deficit toward by shrinks",
    ),
    (
        "Deflect",
        r#"Deflect(by: "$1", toward: "$2", amount: $3)"#,
        "by blames or counters: toward's deficit toward by grows",
    ),
    (
        "ClaimCredit",
        r#"ClaimCredit(claimant: "$1", with: "$2")"#,
        "claimant calls on credits with the one with succeeds",
    ),
    (
        "Tell",
        r#"Tell(who: "$1", holder: "$2", with: "$3")"#,
        "who now knows of holder's credits with with",
    ),
    (
        "Feel",
        r#"Feel(who: "$1", toward: "$2", amount: $3)"#,
        "the deficit who feels toward toward moves by amount",
    ),
    ("Set", r#"Set("$1")"#, "sets a story flag"),
    ("Clear", r#"Clear("$1")"#, "clears a story flag"),
];

const CONDITION_SNIPPETS: &[(&str, &str, &str)] = &[
    ("Always", "Always", "always holds"),
    (
        "AtLeast",
        r#"AtLeast(Felt(who: "$1", toward: "$2"), $3)"#,
        "value ≥ n",
    ),
    (
        "Below",
        r#"Below(Felt(who: "$1", toward: "$2"), $3)"#,
        "value < n",
    ),
    (
        "Knows",
        r#"Knows(who: "$1", holder: "$2", with: "$3")"#,
        "who knows of holder's credits with with",
    ),
    ("Flag", r#"Flag("$1")"#, "the flag is set"),
    (
        "Visited",
        r#"Visited("$1")"#,
        "the node was entered in this run",
    ),
    ("All", "All([$1])", "all of them hold"),
    ("Any", "Any([$1])", "any of them holds"),
    ("Not", "Not($1)", "it does not hold"),
];

const VALUE_SNIPPETS: &[(&str, &str, &str)] = &[
    (
        "Credit",
        r#"Credit(holder: "$1", with: "$2", layer: ${3:Deal})"#,
        "what holder gave with beyond what came back",
    ),
    (
        "Perceived",
        r#"Perceived(who: "$1", with: "$2", layer: ${3:Seen})"#,
        "what who believes it gave with beyond what came back",
    ),
    (
        "Felt",
        r#"Felt(who: "$1", toward: "$2")"#,
        "the deficit who feels toward toward",
    ),
    (
        "Transferable",
        r#"Transferable(holder: "$1", with: "$2")"#,
        "what holder's credits with with's predecessor are worth to with now",
    ),
];

const THEN_SNIPPETS: &[(&str, &str, &str)] = &[
    ("Choices", "Choices([\n\t$0\n])", "the player chooses"),
    ("Goto", r#"Goto("$1")"#, "the story continues at a node"),
    ("React", "React([\n\t$0\n])", "another party reacts"),
    ("End", "End", "the first outcome whose when holds"),
    (
        "Outcome",
        r#"Outcome("$1")"#,
        "this outcome, whatever the ledger says",
    ),
];

/// The ids of one kind known in the document (from its text) and in its last version
/// without errors, with a word on each.
pub fn known(tree: &Tree, story: Option<&Story>, kind: IdKind) -> Vec<(String, Option<String>)> {
    let mut names = tree.names(kind);
    if let Some(story) = story {
        let from_story: Vec<String> = match kind {
            IdKind::Party => story
                .parties()
                .map(|p| story.party_id(p).to_string())
                .collect(),
            IdKind::Node => story
                .nodes()
                .map(|n| story.node_id(n).to_string())
                .collect(),
            IdKind::Outcome => story
                .outcomes()
                .map(|o| story.outcome_id(o).to_string())
                .collect(),
            IdKind::Flag => story
                .flags()
                .map(|f| story.flag_name(f).to_string())
                .collect(),
            IdKind::Kind => story
                .written()
                .gifts
                .iter()
                .map(|g| g.kind.clone())
                .collect(),
        };
        let mut seen: std::collections::HashSet<String> = names.iter().cloned().collect();
        for n in from_story {
            if seen.insert(n.clone()) {
                names.push(n);
            }
        }
    }
    names
        .into_iter()
        .map(|n| {
            let detail = detail(tree, story, kind, &n);
            (n, detail)
        })
        .collect()
}

fn detail(tree: &Tree, story: Option<&Story>, kind: IdKind, name: &str) -> Option<String> {
    let def = tree.def_item(kind, name);
    match kind {
        IdKind::Party => def
            .and_then(|i| tree.en(i, "name").map(str::to_string))
            .or_else(|| {
                let s = story?;
                Some(s.party_name(s.party(name)?, Lang::En).to_string())
            }),
        IdKind::Node => def.and_then(|i| {
            let text = tree.en(i, "text")?;
            let mut short: String = text.chars().take(60).collect();
            if short.len() < text.len() {
                short.push('…');
            }
            Some(match tree.speaker(i) {
                Some(sp) => format!("{sp}: {short}"),
                None => short,
            })
        }),
        IdKind::Outcome => def
            .and_then(|i| tree.en(i, "title").map(str::to_string))
            .or_else(|| {
                let s = story?;
                s.outcome_title(s.outcome(name)?).en.clone()
            }),
        IdKind::Kind => def.and_then(|i| tree.en(i, "name").map(str::to_string)),
        IdKind::Flag => None,
    }
}

/// What to complete at byte `cursor` of `text`.
pub fn complete(text: &str, cursor: usize, full: &Tree, story: Option<&Story>) -> Completion {
    let prefix = &text[..cursor];
    let toks = syntax::tokenize(prefix);
    if let Some(last) = toks.last()
        && last.kind == TokKind::Str
        && !last.closed
        && last.end == cursor
    {
        // Inside a string: an id, if the place takes one.
        let tree = Tree::parse(prefix);
        let item = tree.open.last().copied().unwrap_or(0);
        let args = &tree.items[item].args;
        let Some(arg) = args.last() else {
            return Completion {
                replace: (cursor, cursor),
                candidates: Vec::new(),
            };
        };
        let start = last.inner.0;
        let end = text[cursor..]
            .find(['"', '\n'])
            .filter(|&i| text.as_bytes()[cursor + i] == b'"')
            .map_or(cursor, |i| cursor + i);
        let place = syntax::classify(&tree, item, arg.field.as_deref(), args.len() == 1);
        let candidates = match place {
            Some((kind, role)) if role == Role::Ref || kind == IdKind::Flag => {
                known(full, story, kind)
                    .into_iter()
                    .map(|(n, detail)| Candidate {
                        insert: n.clone(),
                        label: n,
                        snippet: false,
                        detail,
                        what: What::Id(kind),
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        return Completion {
            replace: (start, end),
            candidates,
        };
    }
    // Between values: the kinds that fit here, as snippets.
    let word = prefix
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    let start = cursor - word;
    let tree = Tree::parse(&text[..start]);
    let table: &[(&str, &str, &str)] = match context(&tree) {
        Some(Ctx::Effects) => EFFECT_SNIPPETS,
        Some(Ctx::Conditions) => CONDITION_SNIPPETS,
        Some(Ctx::Values) => VALUE_SNIPPETS,
        Some(Ctx::Then) => THEN_SNIPPETS,
        Some(Ctx::Words(words)) => {
            return Completion {
                replace: (start, cursor),
                candidates: words
                    .iter()
                    .map(|w| Candidate {
                        label: w.to_string(),
                        insert: w.to_string(),
                        snippet: false,
                        detail: None,
                        what: What::Keyword,
                    })
                    .collect(),
            };
        }
        None => &[],
    };
    let what = |label: &str| {
        if EFFECTS.contains(&label) {
            What::Effect
        } else if CONDITIONS.contains(&label) {
            What::Condition
        } else if VALUES.contains(&label) {
            What::Value
        } else {
            What::Keyword
        }
    };
    Completion {
        replace: (start, cursor),
        candidates: table
            .iter()
            .map(|(label, snippet, detail)| Candidate {
                label: label.to_string(),
                insert: snippet.to_string(),
                snippet: true,
                detail: Some(detail.to_string()),
                what: what(label),
            })
            .collect(),
    }
}

enum Ctx {
    Effects,
    Conditions,
    Values,
    Then,
    Words(&'static [&'static str]),
}

/// What kind of value is expected at the end of a prefix's tree.
fn context(tree: &Tree) -> Option<Ctx> {
    let top = *tree.open.last()?;
    let item = &tree.items[top];
    if let Some(field) = tree.pending.as_deref() {
        return field_context(tree, top, field);
    }
    match (item.open, item.ctor.as_deref()) {
        (b'[', _) => match item.field.as_deref() {
            Some("effects" | "history") => Some(Ctx::Effects),
            Some("ledger") => Some(Ctx::Conditions),
            None => {
                let parent = &tree.items[item.parent?];
                matches!(parent.ctor.as_deref(), Some("All" | "Any")).then_some(Ctx::Conditions)
            }
            _ => None,
        },
        (b'(', Some("Not")) => Some(Ctx::Conditions),
        (b'(', Some("AtLeast" | "Below")) if item.args.is_empty() => Some(Ctx::Values),
        (b'(', Some("Some")) => field_context(tree, item.parent?, item.field.as_deref()?),
        _ => None,
    }
}

fn field_context(tree: &Tree, item: usize, field: &str) -> Option<Ctx> {
    Some(match field {
        "when" => Ctx::Conditions,
        "value" => Ctx::Values,
        "then" => Ctx::Then,
        "move" => Ctx::Words(&[
            "Acknowledge",
            "Deflect",
            "Give",
            "Take",
            "ClaimCredit",
            "Neutral",
        ]),
        "layer" | "as_layer" => Ctx::Words(&["Deal", "Seen"]),
        "tone" => Ctx::Words(&["Bright", "Mixed", "Dark"]),
        "unnoticed" | "perception" | "hurt_travels" | "giving_costs" => {
            Ctx::Words(&["true", "false"])
        }
        "kind" if tree.type_of(item) == Some("Party") => Ctx::Words(&["Person", "Organisation"]),
        _ => return None,
    })
}

/// A snippet as plain text, for clients without snippet support: `${1:Deal}` → `Deal`,
/// `$1` → nothing.
pub fn plain(snippet: &str) -> String {
    let mut out = String::new();
    let mut rest = snippet;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(body) = after.strip_prefix('{') {
            let end = body.find('}').unwrap_or(body.len());
            let inner = &body[..end];
            out.push_str(inner.split_once(':').map_or("", |(_, d)| d));
            rest = &body[(end + 1).min(body.len())..];
        } else {
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            rest = &after[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// Where the id at `offset` is defined. Flags have no definition: their `Set`s stand in
/// for it (or every use, when nothing sets it).
pub fn definition(tree: &Tree, offset: usize) -> Vec<Span> {
    let Some(occ) = tree.occ_at(offset) else {
        return Vec::new();
    };
    let defs: Vec<Span> = tree
        .occs_of(occ.kind, &occ.name)
        .filter(|o| {
            o.role == Role::Def
                && (occ.kind != IdKind::Flag || tree.items[o.item].ctor.as_deref() == Some("Set"))
        })
        .map(|o| o.inner)
        .collect();
    if defs.is_empty() && occ.kind == IdKind::Flag {
        return tree.occs_of(occ.kind, &occ.name).map(|o| o.inner).collect();
    }
    defs
}

/// Every place the id at `offset` occurs.
pub fn references(tree: &Tree, offset: usize, declaration: bool) -> Vec<Span> {
    let Some(occ) = tree.occ_at(offset) else {
        return Vec::new();
    };
    tree.occs_of(occ.kind, &occ.name)
        .filter(|o| declaration || o.role == Role::Ref || occ.kind == IdKind::Flag)
        .map(|o| o.inner)
        .collect()
}

/// Why a new name cannot be an id, if it cannot.
pub fn invalid_id(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("an id cannot be empty".into());
    }
    if name
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '\\')
    {
        return Some(format!(
            "`{name}` is not a valid id: ids have no spaces, quotes or backslashes"
        ));
    }
    None
}

/// The edits that rename the id at `offset` to `new`: every occurrence, definition
/// included. An error when there is no id there, the name is invalid or already taken.
pub fn rename(tree: &Tree, offset: usize, new: &str) -> Result<Vec<Span>, String> {
    let occ = tree
        .occ_at(offset)
        .ok_or_else(|| "there is no party, node, outcome, flag or gift kind id here".to_string())?;
    if let Some(why) = invalid_id(new) {
        return Err(why);
    }
    if new != occ.name && tree.occs_of(occ.kind, new).next().is_some() {
        return Err(format!("`{new}` is already a {} id", occ.kind.noun()));
    }
    Ok(tree.occs_of(occ.kind, &occ.name).map(|o| o.inner).collect())
}

/// One entry of the outline.
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: IdKind,
    /// Choices under a node.
    pub choice: bool,
    pub span: Span,
    pub selection: Span,
    pub children: Vec<Symbol>,
}

/// The outline: parties, nodes (with their choices) and outcomes, in file order.
pub fn symbols(tree: &Tree) -> Vec<Symbol> {
    let mut out = Vec::new();
    for o in &tree.occs {
        if o.role != Role::Def || !matches!(o.kind, IdKind::Party | IdKind::Node | IdKind::Outcome)
        {
            continue;
        }
        let item = &tree.items[o.item];
        let detail = match o.kind {
            IdKind::Party => tree.en(o.item, "name").map(str::to_string),
            IdKind::Node => tree.speaker(o.item).map(|s| format!("{s} speaks")),
            _ => tree.en(o.item, "title").map(str::to_string),
        };
        let mut children = Vec::new();
        if o.kind == IdKind::Node
            && let Some(then) = item.item("then")
            && tree.items[then].ctor.as_deref() == Some("Choices")
            && let Some(Val::Item(list)) = tree.items[then].first()
        {
            for (n, a) in tree.items[*list].args.iter().enumerate() {
                let Val::Item(c) = a.value else { continue };
                let text = tree.en(c, "text").unwrap_or("");
                let mut name: String = text.chars().take(50).collect();
                if name.len() < text.len() {
                    name.push('…');
                }
                if name.trim().is_empty() {
                    name = format!("choice {}", n + 1);
                }
                let span = tree.items[c].span;
                children.push(Symbol {
                    name,
                    detail: tree.items[c].str("next").map(|n| format!("→ {n}")),
                    kind: IdKind::Node,
                    choice: true,
                    span,
                    selection: (span.0, span.0),
                    children: Vec::new(),
                });
            }
        }
        out.push(Symbol {
            name: o.name.clone(),
            detail,
            kind: o.kind,
            choice: false,
            span: item.span,
            selection: o.inner,
            children,
        });
    }
    out
}

/// A quick fix for a diagnostic with a "did you mean `x`?" help: the byte range of the
/// misspelt name inside the diagnostic's span, the misspelling and the suggestion.
pub fn fix(text: &str, d: &Diag) -> Option<(Span, String, String)> {
    let help = d.help.as_deref()?;
    let suggestion = help.split("did you mean `").nth(1)?.split('`').next()?;
    let found = d.message.split('`').nth(1)?;
    let span = d.span?;
    if span.1 > text.len() || span.0 > span.1 || !text.is_char_boundary(span.0) {
        return None;
    }
    // The span may be the whole string (with its quotes), a field name or a larger value
    // (`Flag("x")`): find the name inside it, as a whole word.
    let hay = &text[span.0..span.1.max(span.0)];
    let at = hay.match_indices(found).map(|(i, _)| i).find(|&i| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + found.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !word(before) && !word(after)
    });
    let range = match at {
        Some(i) => (span.0 + i, span.0 + i + found.len()),
        // Not found as written (an escape, say): replace the whole span.
        None => span,
    };
    Some((range, found.to_string(), suggestion.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_become_plain_text() {
        assert_eq!(
            plain(r#"Credit(holder: "$1", with: "$2", layer: ${3:Deal})"#),
            r#"Credit(holder: "", with: "", layer: Deal)"#
        );
        assert_eq!(plain("Choices([\n\t$0\n])"), "Choices([\n\t\n])");
    }

    #[test]
    fn completion_knows_its_place() {
        let doc = r#"Scenario(parties: [Party(id: "a"), Party(id: "b")],
            nodes: [Node(id: "n", effects: [Give(from: "a", to: ""), ], then: Goto("n"))],
            outcomes: [Outcome(id: "o", when: )])"#;
        let tree = Tree::parse(doc);
        let at = |needle: &str, back: usize| doc.find(needle).unwrap() + needle.len() - back;
        let c = complete(doc, at("to: \"\"", 1), &tree, None);
        let labels: Vec<&str> = c.candidates.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["a", "b"]);
        let c = complete(doc, at("Goto(\"", 0), &tree, None);
        assert_eq!(c.candidates[0].label, "n");
        let c = complete(doc, at("to: \"\"), ", 0), &tree, None);
        assert!(c.candidates.iter().any(|c| c.label == "Acknowledge"));
        let c = complete(doc, at("when: ", 0), &tree, None);
        assert!(c.candidates.iter().any(|c| c.label == "AtLeast"));
    }

    /// The quick fix of every kind of "did you mean" the story core gives.
    #[test]
    fn fixes_replace_the_misspelt_name() {
        use super::super::check::convert;
        use super::super::lines::LineIndex;
        let good = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/quote_dispute.ron"
        ))
        .unwrap();
        let uri: lsp_types::Uri = "file:///x.ron".parse().unwrap();
        for (from, to) in [
            ("next: \"reading_together\"", "next: \"reading_togther\""),
            ("speaker: \"jort\"", "speakr: \"jort\""),
            ("Feel(", "Fel("),
            ("when: Flag(\"read_quote\")", "when: Flag(\"read_quot\")"),
            ("speaker: \"jort\"", "speaker: \"jorrt\""),
        ] {
            let text = good.replacen(from, to, 1);
            let source = story::Source::from_bytes("x.ron", text.as_bytes());
            let lines = LineIndex::new(&text);
            let fixes: Vec<String> = source
                .located()
                .iter()
                .map(|d| convert(&uri, &text, &lines, d))
                .filter_map(|d| {
                    let (span, _, new) = fix(&text, &d)?;
                    let mut t = text.clone();
                    t.replace_range(span.0..span.1, &new);
                    Some(t)
                })
                .collect();
            assert!(
                fixes.contains(&good),
                "no fix turns `{to}` back into `{from}`"
            );
        }
    }
}

//! Hover texts: what an effect does to the ledger in words (the rule and its numbers,
//! as docs/authoring.md's "Effects" section says it), what a condition reads and which
//! values it takes there, how likely an outcome is, and who or what an id names.
//!
//! Names, rules, memberships and valuations are read from the document's own text (so
//! they are there while it is broken); the outcome figures come from `story::analyze` on
//! the last version without errors.

use super::syntax::{IdKind, Item, Occ, Role, Tree, Val};
use std::fmt::Write as _;
use story::{
    Analysis, BalanceKind, Beat, Cause, Lang, Layer, NodeId, Rules, RunState, State, Story,
};

mod conditions;
mod effects;

pub use conditions::condition;
use conditions::{MAX_DEPTH, sampled};
pub use effects::effect;

/// How far the hover's value sampling goes: playthroughs, and choices over all of them.
const SAMPLE_RUNS: u64 = 200;
const SAMPLE_STEPS: usize = 20_000;

pub const EFFECTS: &[&str] = &[
    "Give",
    "Take",
    "Acknowledge",
    "Deflect",
    "ClaimCredit",
    "Tell",
    "Feel",
    "Set",
    "Clear",
];
pub const CONDITIONS: &[&str] = &[
    "Always", "AtLeast", "Below", "Knows", "Flag", "Visited", "All", "Any", "Not",
];
pub const VALUES: &[&str] = &["Credit", "Perceived", "Felt", "Transferable"];

/// What the hover reads the document with.
pub struct Ctx<'a> {
    pub tree: &'a Tree,
    /// The last version of the document without errors, if any.
    pub story: Option<&'a Story>,
}

impl Ctx<'_> {
    /// A party's name as the player reads it (`Jort`), or its id when it has none.
    pub fn party(&self, id: &str) -> String {
        if let Some(item) = self.tree.def_item(IdKind::Party, id)
            && let Some(name) = self.tree.en(item, "name")
            && !name.trim().is_empty()
        {
            return name.to_string();
        }
        if let Some(story) = self.story
            && let Some(p) = story.party(id)
        {
            return story.party_name(p, Lang::En).to_string();
        }
        id.to_string()
    }

    /// The rules as the document sets them (defaults for what it leaves out).
    pub fn rules(&self) -> Rules {
        let mut rules = Rules::default();
        let Some(sc) = self.scenario() else {
            return rules;
        };
        if let Some(r) = self.tree.items[sc].item("rules") {
            let r = &self.tree.items[r];
            let f = |name: &str| {
                r.num(name)
                    .and_then(|n| n.replace('_', "").parse::<f64>().ok())
            };
            if let Some(v) = f("ack_scale") {
                rules.ack_scale = v;
            }
            if let Some(v) = f("escalation") {
                rules.escalation = v;
            }
            if let Some(v) = f("loyalty_full") {
                rules.loyalty_full = v as i32;
            }
            if let Some(v) = f("chain_depth") {
                rules.chain_depth = v as u32;
            }
            if let Some(v) = f("consolation") {
                rules.consolation = v;
            }
            if let Some(v) = f("tolerance") {
                rules.tolerance = v as i32;
            }
        }
        rules
    }

    fn scenario(&self) -> Option<usize> {
        self.tree
            .items
            .iter()
            .position(|i| i.ctor.as_deref() == Some("Scenario"))
    }

    /// The items of one of the scenario's lists (`parties`, `valuations`, `chains`).
    fn list(&self, field: &str) -> Vec<&Item> {
        let Some(sc) = self.scenario() else {
            return Vec::new();
        };
        let Some(list) = self.tree.items[sc].item(field) else {
            return Vec::new();
        };
        self.tree.items[list]
            .args
            .iter()
            .filter_map(|a| match a.value {
                Val::Item(i) => Some(&self.tree.items[i]),
                _ => None,
            })
            .collect()
    }

    /// The organisations `id` is a member of, with its weight.
    fn memberships(&self, id: &str) -> Vec<(String, f64)> {
        let mut out = Vec::new();
        for party in self.list("parties") {
            let (Some(org), Some(members)) = (party.str("id"), party.item("members")) else {
                continue;
            };
            for m in &self.tree.items[members].args {
                if let Val::Item(m) = m.value {
                    let m = &self.tree.items[m];
                    if m.str("party") == Some(id) {
                        let w = m.num("weight").and_then(|w| w.parse().ok()).unwrap_or(1.0);
                        out.push((org.to_string(), w));
                    }
                }
            }
        }
        out
    }

    fn predecessor(&self, id: &str) -> Option<String> {
        let item = self.tree.def_item(IdKind::Party, id)?;
        let item = &self.tree.items[item];
        match item.get("succeeds")? {
            Val::Str { text, .. } => Some(text.clone()),
            Val::Item(s) => self.tree.items[*s].first().and_then(|v| match v {
                Val::Str { text, .. } => Some(text.clone()),
                _ => None,
            }),
            _ => None,
        }
    }
}

/// A field of an effect: its string, or `?` while it is missing.
pub(super) fn s<'a>(item: &'a Item, field: &str) -> &'a str {
    item.str(field).unwrap_or("?")
}

pub(super) fn amount(item: &Item, field: &str) -> Option<i64> {
    item.num(field)?.replace('_', "").parse().ok()
}

pub(super) fn layer_words(layer: Option<&str>) -> &'static str {
    match layer {
        Some("Seen") => "being seen (`Seen`)",
        Some("Deal") => "the deal (`Deal`)",
        _ => "its layer",
    }
}

pub(super) fn num(x: f64) -> String {
    let r = (x * 1000.0).round() / 1000.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// An amount × a factor, rounded half away from zero as the ledger rounds.
pub(super) fn times(amount: i64, factor: f64) -> i64 {
    (amount as f64 * factor).round() as i64
}

/// The words for a value (`Credit(...)`, `Felt(...)`, `Transferable(...)`).
pub fn value(ctx: &Ctx<'_>, item: &Item) -> String {
    let p = |field: &str| ctx.party(s(item, field));
    match item.ctor.as_deref() {
        Some("Credit") => {
            let (h, w) = (p("holder"), p("with"));
            let layer = match item.ident("layer") {
                Some(l) => format!("on `{l}`"),
                None => "on both layers summed".into(),
            };
            format!(
                "reads {h}'s credit with {w} {layer}: what {h} gave {w} beyond what came back \
                 (positive when {w} owes {h}, negative when {h} owes {w})"
            )
        }
        Some("Perceived") => {
            let (who, with) = (p("who"), p("with"));
            let layer = match item.ident("layer") {
                Some(l) => format!("on `{l}`"),
                None => "on both layers summed".into(),
            };
            format!(
                "reads the balance between {who} and {with} as {who} perceives it, {layer}: what {who} \
                 believes it gave {with} beyond what came back — only what {who} noticed, so it can \
                 differ from the credit"
            )
        }
        Some("Felt") => format!(
            "reads the deficit {} feels toward {} (0 or more)",
            p("who"),
            p("toward")
        ),
        Some("Transferable") => {
            let via = item
                .str("via")
                .map(str::to_string)
                .or_else(|| ctx.predecessor(s(item, "with")))
                .map_or_else(|| "the person they succeed".into(), |v| ctx.party(&v));
            format!(
                "reads what {}'s credits with {via} would be worth to {} now (0 unless {} knows of them and is loyal)",
                p("holder"),
                p("with"),
                p("with")
            )
        }
        _ => String::new(),
    }
}

/// The words for a value, and the values it takes where it is read.
pub fn value_hover(ctx: &Ctx<'_>, i: usize) -> String {
    let item = &ctx.tree.items[i];
    let mut out = format!(
        "**{}** — {}.",
        item.ctor.as_deref().unwrap_or(""),
        value(ctx, item)
    );
    if let Some(story) = ctx.story
        && let Some(words) = sampled(ctx, story, i)
    {
        let _ = write!(out, "\n\n{words}");
    }
    out
}

/// The words for an outcome: its title, condition and how likely the analysis finds it.
pub fn outcome(ctx: &Ctx<'_>, id: &str, analysis: Option<(&Story, &Analysis, bool)>) -> String {
    let tree = ctx.tree;
    let mut out = format!("**Outcome `{id}`**");
    if let Some(item) = tree.def_item(IdKind::Outcome, id) {
        let it = &tree.items[item];
        if let Some(title) = tree.en(item, "title") {
            let _ = write!(out, " — {title}");
        }
        if let Some(tone) = it.ident("tone") {
            let _ = write!(out, " ({tone})");
        }
        match it.item("when") {
            Some(w) => {
                let text = &tree.items[w];
                let _ = write!(out, "\n\nwhen: `{}`", compact(ctx, text, 0));
            }
            None => {
                out.push_str("\n\nno condition: the ending of an `End` no earlier outcome takes")
            }
        }
    }
    let Some((story, a, stale)) = analysis else {
        out.push_str("\n\n(no analysis: the scenario has errors and never checked clean)");
        return out;
    };
    let Some(o) = story.outcome(id) else {
        out.push_str("\n\n(not in the last version without errors, which the analysis ran on)");
        return out;
    };
    let Some(r) = a.outcomes.iter().find(|r| r.outcome == o) else {
        return out;
    };
    let bound = if a.complete {
        String::new()
    } else {
        " at least (the exploration stopped at its bound)".into()
    };
    match r.reachable {
        Some(true) => {
            let _ = write!(
                out,
                "\n\nA player choosing at random reaches it with probability {:.1}%{bound}.",
                r.probability * 100.0
            );
            if let Some(w) = &r.witness {
                let script: Vec<String> = w.choices.iter().map(ToString::to_string).collect();
                let _ = write!(
                    out,
                    " Shortest way: `--choices {}`{}.",
                    script.join(","),
                    if w.probability < 1.0 {
                        format!(
                            " (with the right draws: {:.1}% of the time)",
                            w.probability * 100.0
                        )
                    } else {
                        String::new()
                    }
                );
            }
        }
        Some(false) => out.push_str("\n\nNo path reaches it given the values (E0164)."),
        None => {
            let _ = write!(
                out,
                "\n\nNot found within the analysis bound of {} states: it may still be reachable.",
                a.max_states
            );
        }
    }
    let shown: Vec<String> = r
        .balances
        .iter()
        .take(8)
        .map(|b| {
            let what = match b.kind {
                BalanceKind::Credit {
                    holder,
                    with,
                    layer,
                } => format!(
                    "Credit({}→{}, {layer:?})",
                    story.party_id(holder),
                    story.party_id(with)
                ),
                BalanceKind::Felt { who, toward } => {
                    format!("Felt({}→{})", story.party_id(who), story.party_id(toward))
                }
            };
            if b.min == b.max {
                format!("{what} = {}", b.min)
            } else {
                format!("{what} {}..{}", b.min, b.max)
            }
        })
        .collect();
    if !shown.is_empty() {
        let _ = write!(out, "\n\nAt this ending: {}.", shown.join(", "));
    }
    let _ = write!(
        out,
        "\n\n_`analyze` with a bound of {} states ({} explored{}){}._",
        a.max_states,
        a.states,
        if a.complete { ", complete" } else { "" },
        if stale {
            "; on the last version without errors"
        } else {
            ""
        }
    );
    out
}

/// A condition as written, on one line, in short.
fn compact(ctx: &Ctx<'_>, item: &Item, depth: usize) -> String {
    let tree = ctx.tree;
    let mut out = String::new();
    if depth > MAX_DEPTH {
        out.push('…');
        return out;
    }
    if let Some(c) = &item.ctor {
        out.push_str(c);
    }
    let (open, close) = match item.open {
        b'[' => ('[', ']'),
        b'{' => ('{', '}'),
        _ => ('(', ')'),
    };
    out.push(open);
    for (n, a) in item.args.iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        if let Some(f) = &a.field {
            let _ = write!(out, "{f}: ");
        }
        match &a.value {
            Val::Str { text, .. } => {
                let _ = write!(out, "{text:?}");
            }
            Val::Num(x) | Val::Ident(x) => out.push_str(x),
            Val::Item(i) => out.push_str(&compact(ctx, &tree.items[*i], depth + 1)),
        }
        if out.len() > 300 {
            out.push('…');
            return out;
        }
    }
    out.push(close);
    out
}

/// The words for an id: who a party is, what a node says, where a flag is set, what a gift
/// kind is worth to whom.
pub fn id(ctx: &Ctx<'_>, occ: &Occ) -> String {
    let tree = ctx.tree;
    let name = &occ.name;
    match occ.kind {
        IdKind::Party => {
            let mut out = format!("**Party `{name}`** — {}", ctx.party(name));
            if let Some(item) = tree.def_item(IdKind::Party, name) {
                let it = &tree.items[item];
                if let Some(role) = tree.en(item, "role") {
                    let _ = write!(out, ", {role}");
                }
                if it.ident("kind") == Some("Organisation") {
                    out.push_str(" (an organisation)");
                }
                if let Some(p) = ctx.predecessor(name) {
                    let _ = write!(out, "\n\nsucceeds {}", ctx.party(&p));
                }
            }
            for (org, w) in ctx.memberships(name) {
                let _ = write!(out, "\n\nacts for {} (weight {})", ctx.party(&org), num(w));
            }
            out
        }
        IdKind::Node => {
            let mut out = format!("**Node `{name}`**");
            if let Some(item) = tree.def_item(IdKind::Node, name) {
                if let Some(sp) = tree.speaker(item) {
                    let _ = write!(out, " — {} speaks", ctx.party(sp));
                }
                if let Some(text) = tree.en(item, "text") {
                    let short: String = text.chars().take(240).collect();
                    let more = if short.len() < text.len() { "…" } else { "" };
                    let _ = write!(out, "\n\n“{short}{more}”");
                }
            }
            let refs = tree
                .occs_of(IdKind::Node, name)
                .filter(|o| o.role == Role::Ref)
                .count();
            let _ = write!(out, "\n\nreferred to {refs} time(s)");
            out
        }
        IdKind::Outcome => String::new(),
        IdKind::Flag => {
            let count = |ctor: &str| {
                tree.occs_of(IdKind::Flag, name)
                    .filter(|o| tree.items[o.item].ctor.as_deref() == Some(ctor))
                    .count()
            };
            format!(
                "**Flag `{name}`** — set in {} place(s), cleared in {}, tested in {}.",
                count("Set"),
                count("Clear"),
                count("Flag")
            )
        }
        IdKind::Kind => {
            let mut out = format!("**Gift kind `{name}`**");
            if let Some(def) = tree
                .occs_of(IdKind::Kind, name)
                .find(|o| o.role == Role::Def)
                && let Some(n) = tree.en(def.item, "name")
            {
                let _ = write!(out, " — “{n}”");
            }
            for v in ctx.list("valuations") {
                if v.str("kind") == Some(name.as_str()) {
                    let _ = write!(
                        out,
                        "\n\nworth × {} to {}",
                        v.num("worth").unwrap_or("?"),
                        ctx.party(s(v, "party"))
                    );
                }
            }
            out
        }
    }
}

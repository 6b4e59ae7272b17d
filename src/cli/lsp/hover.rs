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
pub const VALUES: &[&str] = &["Credit", "Felt", "Transferable"];

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
fn s<'a>(item: &'a Item, field: &str) -> &'a str {
    item.str(field).unwrap_or("?")
}

fn amount(item: &Item, field: &str) -> Option<i64> {
    item.num(field)?.replace('_', "").parse().ok()
}

fn layer_words(layer: Option<&str>) -> &'static str {
    match layer {
        Some("Seen") => "being seen (`Seen`)",
        Some("Deal") => "the deal (`Deal`)",
        _ => "its layer",
    }
}

fn num(x: f64) -> String {
    let r = (x * 1000.0).round() / 1000.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// An amount × a factor, rounded half away from zero as the ledger rounds.
fn times(amount: i64, factor: f64) -> i64 {
    (amount as f64 * factor).round() as i64
}

/// The words for an effect: `item` is `Give(...)`, `Set(...)`, ….
pub fn effect(ctx: &Ctx<'_>, item: &Item) -> String {
    let kind = item.ctor.as_deref().unwrap_or("");
    let rules = ctx.rules();
    let p = |field: &str| ctx.party(s(item, field));
    let n = |field: &str| {
        item.num(field)
            .map_or_else(|| "?".to_string(), |n| n.replace('_', ""))
    };
    let mut out = String::new();
    match kind {
        "Give" => {
            let (from, to, a) = (p("from"), p("to"), n("amount"));
            let layer = item.ident("layer");
            let _ = write!(
                out,
                "**Give** — {from} gives {to} {a} on {}.\n\n",
                layer_words(layer)
            );
            let worth = item
                .str("kind")
                .map(|k| (k, valuation(ctx, s(item, "to"), k)));
            match (worth, amount(item, "amount")) {
                (Some((k, Some(w))), _) if w.abs() < 1e-9 => {
                    let _ = write!(
                        out,
                        "{to} values `{k}` at 0: the gift binds nobody and moves nothing (the **Valuation** rule)."
                    );
                }
                (Some((k, Some(w))), Some(x)) if (w - 1.0).abs() > 1e-9 => {
                    let _ = write!(
                        out,
                        "{to} now owes {from} {a} × {to}'s valuation of `{k}` ({}) = {}: {from}'s credit with {to} grows by that much and {to}'s with {from} falls by as much (the **Valuation** rule).",
                        num(w),
                        times(x, w)
                    );
                }
                _ => {
                    let _ = write!(
                        out,
                        "{to} now owes {from} {a}: {from}'s credit with {to} grows by {a} and {to}'s with {from} falls by {a} (the **Gift** rule)."
                    );
                    if let Some((k, _)) = worth {
                        let _ = write!(
                            out,
                            " {to} has no valuation of `{k}`, so it counts at its face value (× 1)."
                        );
                    }
                }
            }
            calling_card(
                ctx,
                &mut out,
                s(item, "from"),
                s(item, "to"),
                amount(item, "amount"),
                false,
            );
            chains(ctx, &mut out, item);
        }
        "Take" => {
            let (by, from, a) = (p("by"), p("from"), n("amount"));
            let _ = write!(
                out,
                "**Take** — {by} takes {a} from {from} on {} without giving back: {from} is now in credit with {by} by {a} more ({from}'s credit with {by} grows by {a}, {by}'s with {from} falls by {a}; the **Take** rule).",
                layer_words(item.ident("layer"))
            );
            calling_card(
                ctx,
                &mut out,
                s(item, "by"),
                s(item, "from"),
                amount(item, "amount"),
                false,
            );
        }
        "Acknowledge" => {
            let (by, of, a) = (p("by"), p("of"), n("amount"));
            let _ = write!(
                out,
                "**Acknowledge** — {by} names {of}'s effort or loss.\n\n\
                 Recognition shrinks the deficit {of} feels toward {by} by {a} plus {}% of the deficit itself \
                 (the `ack_scale` rule, ack_scale = {}): a deficit d becomes max(0, d − {a} − {} × d), \
                 so it is worth more the larger the deficit.\n\n\
                 It is also a gift of {a} on being seen: {by} gives {of} {a} on `Seen`, so {of} owes {by} {a} there (the **Acknowledge** rule).",
                num(rules.ack_scale * 100.0),
                num(rules.ack_scale),
                num(rules.ack_scale),
            );
            calling_card(
                ctx,
                &mut out,
                s(item, "by"),
                s(item, "of"),
                amount(item, "amount"),
                true,
            );
        }
        "Deflect" => {
            let (by, toward, a) = (p("by"), p("toward"), n("amount"));
            let escalated = amount(item, "amount")
                .map_or_else(|| "?".into(), |x| times(x, rules.escalation).to_string());
            let _ = write!(
                out,
                "**Deflect** — {by} blames, shares the blame or counters.\n\n\
                 The deficit {toward} feels toward {by} grows by {a} — or by {a} × {} = {escalated} when {by} \
                 feels a deficit toward {toward} too: two deficits played against each other \
                 (the **Deflect** rule; **Escalation**, escalation = {}).\n\n\
                 And {by} took understanding: {toward} gives {by} {a} on being seen (`Seen`).",
                num(rules.escalation),
                num(rules.escalation),
            );
            calling_card(
                ctx,
                &mut out,
                s(item, "by"),
                s(item, "toward"),
                amount(item, "amount"),
                false,
            );
        }
        "ClaimCredit" => {
            let (claimant, with) = (p("claimant"), p("with"));
            let via_id = item
                .str("via")
                .map(str::to_string)
                .or_else(|| ctx.predecessor(s(item, "with")));
            let via = via_id.as_deref().map(|v| ctx.party(v));
            let pressure = n("pressure");
            let pressure = if item.get("pressure").is_none() {
                "3".to_string()
            } else {
                pressure
            };
            match &via {
                Some(via) => {
                    let _ = write!(
                        out,
                        "**ClaimCredit** — {claimant} calls on his credits with {via}{}.\n\n\
                         If {with} knows of them (a `Tell`) and {via} is in credit with {with} \
                         (loyalty = that credit ÷ {} (`loyalty_full`), at most 1), each layer's credits \
                         × loyalty move from {via}'s account to {with}'s (the **Succession** rule), and {with} \
                         gives {via} the total on being seen: honouring them is his gift to {via} (**Loyalty**).\n\n\
                         Otherwise the claim is a demand: {with} gives {claimant} {pressure} on being seen and \
                         feels a deficit of {pressure} toward him (**ClaimRefused**).",
                        if item.get("via").is_none() {
                            format!(", whose place {with} took")
                        } else {
                            String::new()
                        },
                        rules.loyalty_full,
                    );
                }
                None => {
                    let _ = write!(
                        out,
                        "**ClaimCredit** — {claimant} calls on credits built up with whoever {with} succeeds, \
                         but {with} succeeds nobody: give `via: \"…\"` (E0141).\n\n\
                         Unhonoured, a claim is a demand: {with} gives {claimant} {pressure} on being seen and \
                         feels a deficit of {pressure} toward him (**ClaimRefused**)."
                    );
                }
            }
        }
        "Tell" => {
            let (who, holder, with) = (p("who"), p("holder"), p("with"));
            let _ = write!(
                out,
                "**Tell** — {who} now knows of the credits {holder} built up with {with}. No balance moves; \
                 `Knows(who: \"{}\", holder: \"{}\", with: \"{}\")` holds from here on, and a `ClaimCredit` on \
                 those credits can now be honoured by {who}.",
                s(item, "who"),
                s(item, "holder"),
                s(item, "with"),
            );
        }
        "Feel" => {
            let (who, toward) = (p("who"), p("toward"));
            let words = match amount(item, "amount") {
                Some(x) if x < 0 => format!("eases by {} (never below 0)", -x),
                Some(x) => format!("grows by {x}"),
                None => "moves by the amount (negative eases it; never below 0)".into(),
            };
            let _ = write!(
                out,
                "**Feel** — the deficit {who} feels toward {toward} {words}. No balance moves."
            );
        }
        "Set" | "Clear" => {
            let flag = match item.first() {
                Some(Val::Str { text, .. }) => text.as_str(),
                _ => "?",
            };
            let _ = if kind == "Set" {
                write!(
                    out,
                    "**Set** — sets the story flag `{flag}`: `Flag(\"{flag}\")` holds from here on (until a `Clear`). Nothing moves in the ledger."
                )
            } else {
                write!(
                    out,
                    "**Clear** — clears the story flag `{flag}`: `Flag(\"{flag}\")` no longer holds (until a `Set`). Nothing moves in the ledger."
                )
            };
        }
        _ => {}
    }
    if let Some(note) = item.item("note").and_then(|t| ctx.tree.items[t].str("en")) {
        let _ = write!(out, "\n\n> {note}");
    }
    out
}

/// What `party` thinks a gift of `kind` is worth, when the document says.
fn valuation(ctx: &Ctx<'_>, party: &str, kind: &str) -> Option<f64> {
    ctx.list("valuations")
        .into_iter()
        .find(|v| v.str("party") == Some(party) && v.str("kind") == Some(kind))
        .and_then(|v| v.num("worth"))
        .and_then(|w| w.parse().ok())
}

/// The calling-card rule, when the actor acts for an organisation the other is not in.
fn calling_card(
    ctx: &Ctx<'_>,
    out: &mut String,
    actor: &str,
    other: &str,
    amount: Option<i64>,
    acknowledgment: bool,
) {
    let others_orgs: Vec<String> = ctx.memberships(other).into_iter().map(|(o, _)| o).collect();
    for (org, w) in ctx.memberships(actor) {
        if org == other || others_orgs.contains(&org) {
            continue;
        }
        let (a, o, orgname) = (ctx.party(actor), ctx.party(other), ctx.party(&org));
        let by = match amount {
            Some(x) if acknowledgment => format!(
                "{} × ({x} + {} × that grudge)",
                num(w),
                num(ctx.rules().ack_scale)
            ),
            Some(x) => format!("{x} × {} = {}", num(w), times(x, w)),
            None => format!("the amount × {}", num(w)),
        };
        let what = if acknowledgment {
            format!("the grudge {o} holds against {orgname} eases too, by {by}")
        } else {
            format!("{o}'s balance and felt deficit with {orgname} move too, by {by}")
        };
        let _ = write!(
            out,
            "\n\nBecause {a} acts for {orgname} (weight {}), {what} (the **CallingCard** rule).",
            num(w)
        );
    }
}

/// Chains that pass part of a gift on.
fn chains(ctx: &Ctx<'_>, out: &mut String, give: &Item) {
    let (to, from, layer) = (s(give, "to"), s(give, "from"), give.ident("layer"));
    for c in ctx.list("chains") {
        let from_ok = c.str("from").is_none_or(|f| f == from);
        if c.str("at") == Some(to) && from_ok && c.ident("layer") == layer {
            let share = c
                .num("share")
                .and_then(|x| x.parse::<f64>().ok())
                .unwrap_or(0.0);
            let onward = c.ident("as_layer").or(layer);
            let _ = write!(
                out,
                "\n\n{} passes {}% of what it receives on to {} on {} (the **Chain** rule).",
                ctx.party(to),
                num(share * 100.0),
                ctx.party(s(c, "pass_to")),
                layer_words(onward),
            );
        }
    }
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

/// The words for a condition, and the values it takes where it is evaluated.
pub fn condition(ctx: &Ctx<'_>, i: usize) -> String {
    let tree = ctx.tree;
    let item = &tree.items[i];
    let kind = item.ctor.as_deref().unwrap_or("");
    let arg_item = |n: usize| match item.args.get(n).map(|a| &a.value) {
        Some(Val::Item(v)) => Some(&tree.items[*v]),
        _ => None,
    };
    let bound = match item.args.get(1).map(|a| &a.value) {
        Some(Val::Num(x)) => x.clone(),
        _ => "?".into(),
    };
    let str_arg = || match item.first() {
        Some(Val::Str { text, .. }) => text.clone(),
        _ => "?".into(),
    };
    let mut out = match kind {
        "Always" => "**Always** — always holds.".to_string(),
        "AtLeast" | "Below" => {
            let v = arg_item(0).map_or_else(|| "reads a value".into(), |v| value(ctx, v));
            let (sign, words) = if kind == "AtLeast" {
                ("≥", "at least")
            } else {
                ("<", "below")
            };
            format!("**{kind}** — {v}.\n\nHolds when it is {words} {bound} (value {sign} {bound}).")
        }
        "Knows" => format!(
            "**Knows** — holds when {} knows of the credits {} built up with {} (after a `Tell`).",
            ctx.party(s(item, "who")),
            ctx.party(s(item, "holder")),
            ctx.party(s(item, "with"))
        ),
        "Flag" => {
            let f = str_arg();
            let count = |role: Role, ctor: &str| {
                tree.occs_of(IdKind::Flag, &f)
                    .filter(|o| o.role == role && tree.items[o.item].ctor.as_deref() == Some(ctor))
                    .count()
            };
            format!(
                "**Flag** — holds when the story flag `{f}` is set: `Set` in {} place(s), `Clear` in {}.",
                count(Role::Def, "Set"),
                count(Role::Def, "Clear")
            )
        }
        "Visited" => format!(
            "**Visited** — holds when the node `{}` was entered earlier in this run.",
            str_arg()
        ),
        "All" | "Any" => {
            let n = arg_item(0).map_or(0, |l| l.args.len());
            format!(
                "**{kind}** — holds when {} of its {n} conditions hold{}.",
                if kind == "All" { "all" } else { "any" },
                if kind == "All" {
                    " (always, when empty)"
                } else {
                    " (never, when empty)"
                }
            )
        }
        "Not" => "**Not** — holds when the condition inside does not.".to_string(),
        _ => String::new(),
    };
    if let Some(story) = ctx.story
        && let Some(words) = sampled(ctx, story, i)
    {
        let _ = write!(out, "\n\n{words}");
    }
    out
}

/// Where a condition is evaluated.
enum Place {
    /// When the player is offered the choices of this node.
    Choice(String),
    /// When this node's reactions are weighed (after its own effects).
    Reaction(String),
    /// At the end of the story.
    Ending,
    /// At the end of this test's playthrough.
    Test { seed: u64, choices: Vec<usize> },
}

fn place(tree: &Tree, mut i: usize) -> Option<Place> {
    let mut under: Option<&str> = None;
    loop {
        match tree.type_of(i) {
            Some(t @ ("Choice" | "Reaction")) => under = Some(t),
            Some("Node") => {
                let n = tree.items[i].str("id")?.to_string();
                return match under? {
                    "Choice" => Some(Place::Choice(n)),
                    _ => Some(Place::Reaction(n)),
                };
            }
            Some("Outcome") if tree.items[i].str("id").is_some() => return Some(Place::Ending),
            Some("Test") => {
                let t = &tree.items[i];
                let seed = t.num("seed").and_then(|x| x.parse().ok()).unwrap_or(0);
                let list = t.item("choices")?;
                let choices = tree.items[list]
                    .args
                    .iter()
                    .map(|a| match &a.value {
                        Val::Num(n) => n.parse::<usize>().ok(),
                        _ => None,
                    })
                    .collect::<Option<Vec<usize>>>()?;
                return Some(Place::Test { seed, choices });
            }
            _ => {}
        }
        i = tree.items[i].parent?;
    }
}

/// A value or condition of the tree, evaluated on a state (None where it cannot be).
fn eval_value(tree: &Tree, story: &Story, item: &Item, state: &State) -> Option<i64> {
    let ledger = &state.ledger;
    let party = |f: &str| story.party(item.str(f)?);
    match item.ctor.as_deref()? {
        "Credit" => {
            let (h, w) = (party("holder")?, party("with")?);
            Some(match item.ident("layer") {
                Some("Deal") => ledger.credit(h, w, Layer::Deal),
                Some("Seen") => ledger.credit(h, w, Layer::Seen),
                _ => ledger.credit_total(h, w),
            } as i64)
        }
        "Felt" => Some(ledger.felt(party("who")?, party("toward")?) as i64),
        _ => {
            let _ = tree;
            None
        }
    }
}

/// How deep the hover looks into nested conditions (the text may be nested without end
/// while it is being typed; the story core stops parsing at 96 levels).
const MAX_DEPTH: usize = 100;

fn eval_cond(tree: &Tree, story: &Story, item: &Item, state: &State, depth: usize) -> Option<bool> {
    if depth > MAX_DEPTH {
        return None;
    }
    let sub = |n: usize| match item.args.get(n).map(|a| &a.value) {
        Some(Val::Item(v)) => Some(&tree.items[*v]),
        _ => None,
    };
    let bound = || match item.args.get(1).map(|a| &a.value) {
        Some(Val::Num(x)) => x.replace('_', "").parse::<i64>().ok(),
        _ => None,
    };
    match item.ctor.as_deref()? {
        "Always" => Some(true),
        "AtLeast" => Some(eval_value(tree, story, sub(0)?, state)? >= bound()?),
        "Below" => Some(eval_value(tree, story, sub(0)?, state)? < bound()?),
        "Knows" => {
            let p = |f: &str| story.party(item.str(f)?);
            Some(state.ledger.knows(p("who")?, p("holder")?, p("with")?))
        }
        "Flag" => {
            let name = match item.first()? {
                Val::Str { text, .. } => text,
                _ => return None,
            };
            let f = story.flags().find(|&f| story.flag_name(f) == name)?;
            Some(state.flag(f))
        }
        "All" | "Any" => {
            let list = sub(0)?;
            let mut all = true;
            let mut any = false;
            for a in &list.args {
                let Val::Item(c) = a.value else { return None };
                let v = eval_cond(tree, story, &tree.items[c], state, depth + 1)?;
                all &= v;
                any |= v;
            }
            Some(if item.ctor.as_deref() == Some("All") {
                all
            } else {
                any
            })
        }
        "Not" => Some(!eval_cond(tree, story, sub(0)?, state, depth + 1)?),
        _ => None,
    }
}

/// The states in which a run weighed the reactions of `node`: the entries replayed up to
/// each `Reacted` beat at that node (the transcript says in which order the beats came,
/// the entries' causes which beat moved what).
fn states_at_reactions(story: &Story, rs: &RunState, node: NodeId) -> Vec<State> {
    let entries = &rs.entries;
    let mut state = State::replay(story.parties().len(), std::iter::empty());
    let mut e = 0;
    let mut out = Vec::new();
    while e < entries.len() && matches!(entries[e].cause, Cause::History) {
        state.apply(&entries[e].change);
        e += 1;
    }
    for beat in &rs.transcript {
        if matches!(beat, Beat::Reacted { node: n, .. } if *n == node) {
            out.push(state.clone());
        }
        let caused = |c: &Cause| match (beat, c) {
            (Beat::Line { node }, Cause::Enter { node: m }) => node == m,
            (Beat::Chose { node, choice }, Cause::Choice { node: m, choice: d }) => {
                node == m && choice == d
            }
            (
                Beat::Reacted { node, reaction, .. },
                Cause::Reaction {
                    node: m,
                    reaction: r,
                },
            ) => node == m && reaction == r,
            _ => false,
        };
        while e < entries.len() && caused(&entries[e].cause) {
            state.apply(&entries[e].change);
            e += 1;
        }
    }
    out
}

/// The values a condition takes where it is evaluated: exactly for a test's ledger
/// condition, over seeded random playthroughs for a choice's, a reaction's or an
/// outcome's condition.
fn sampled(ctx: &Ctx<'_>, story: &Story, i: usize) -> Option<String> {
    let tree = ctx.tree;
    let item = &tree.items[i];
    let place = place(tree, i)?;
    let val = match item.ctor.as_deref() {
        Some("AtLeast" | "Below") => match item.first() {
            Some(Val::Item(v)) => Some(&tree.items[*v]),
            _ => None,
        },
        Some(c) if VALUES.contains(&c) => Some(item),
        _ => None,
    };
    let is_cond = item
        .ctor
        .as_deref()
        .is_some_and(|c| CONDITIONS.contains(&c));
    let mut values: Vec<i64> = Vec::new();
    let (mut held, mut seen) = (0usize, 0usize);
    let mut observe = |state: &State| {
        seen += 1;
        if let Some(v) = val.and_then(|v| eval_value(tree, story, v, state)) {
            values.push(v);
        }
        if is_cond && eval_cond(tree, story, item, state, 0) == Some(true) {
            held += 1;
        }
    };
    let where_ = match &place {
        Place::Test { seed, choices } => {
            let zero: Vec<usize> = choices.iter().map(|c| c.saturating_sub(1)).collect();
            let rs = RunState::replay(story, *seed, &zero).ok()?;
            observe(&rs.state);
            return Some(
                match (
                    val.and_then(|v| eval_value(tree, story, v, &rs.state)),
                    is_cond,
                ) {
                    (Some(v), true) => format!(
                        "At the end of this test's playthrough the value is {v}, so the condition {}.",
                        if held == 1 { "holds" } else { "fails" }
                    ),
                    (None, true) => format!(
                        "At the end of this test's playthrough the condition {}.",
                        if held == 1 { "holds" } else { "fails" }
                    ),
                    (Some(v), false) => format!("At the end of this test's playthrough it is {v}."),
                    (None, false) => return None,
                },
            );
        }
        Place::Choice(n) => format!("when `{n}` offers its choices"),
        Place::Reaction(n) => format!("when `{n}` weighs its reactions"),
        Place::Ending => "at the endings".to_string(),
    };
    let (target, reacting) = match &place {
        Place::Choice(n) => (Some(story.node(n)?), false),
        Place::Reaction(n) => (Some(story.node(n)?), true),
        _ => (None, false),
    };
    let mut steps = 0usize;
    let mut runs = 0u64;
    for seed in 0..SAMPLE_RUNS {
        let Ok(mut rs) = RunState::new(story, seed) else {
            continue;
        };
        runs += 1;
        let mut rng = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        loop {
            if rs.ended() {
                if target.is_none() {
                    observe(&rs.state);
                }
                break;
            }
            if target == Some(rs.node) && !reacting {
                observe(&rs.state);
            }
            let offered = rs.offered(story).len();
            steps += 1;
            if offered == 0 || steps > SAMPLE_STEPS {
                break;
            }
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            if rs.choose(story, (rng % offered as u64) as usize).is_err() {
                break;
            }
        }
        if let Some(node) = target.filter(|_| reacting) {
            for state in states_at_reactions(story, &rs, node) {
                observe(&state);
            }
        }
        if steps > SAMPLE_STEPS {
            break;
        }
    }
    if seen == 0 {
        return Some(format!(
            "In {runs} random playthroughs it was never evaluated {where_}."
        ));
    }
    let mut out = format!(
        "In {runs} random playthroughs (seeds 0–{}), {where_}",
        runs.max(1) - 1
    );
    if let (Some(lo), Some(hi)) = (values.iter().min(), values.iter().max()) {
        let _ = write!(out, " the value ranged from {lo} to {hi}");
        if is_cond {
            out.push(',');
        }
    }
    if is_cond {
        let _ = write!(out, " the condition held {held} times out of {seen}");
    }
    out.push('.');
    Some(out)
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
                let it = &tree.items[item];
                if let Some(sp) = it.str("speaker") {
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

//! What a condition reads, and which values it takes where it stands (sampled from
//! playthroughs, or exact in a test's ledger).

use super::*;

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
pub(super) const MAX_DEPTH: usize = 100;

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
pub(super) fn sampled(ctx: &Ctx<'_>, story: &Story, i: usize) -> Option<String> {
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

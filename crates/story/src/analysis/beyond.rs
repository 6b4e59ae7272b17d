//! Answers where enumeration cannot finish (issue 11): the outcomes an incomplete exploration
//! did not reach are ruled out by the interval bounds ([`super::bounds`]), or reached by the
//! guided search ([`super::guided`]) and, failing that, by random play; what neither settles
//! stays unknown.

use super::bounds::{self, Bounds, Span, Truth};
use super::{Analysis, Answer, SEARCH_TIME, Witness, guided};
use crate::compiled::{Cond, Value};
use crate::format::scenario::Layer;
use crate::ids::{OutcomeId, PartyId};
use crate::play::policy::Policy;
use crate::story::Story;
use std::time::Instant;

/// Random playthroughs tried for the outcomes neither the bounds nor the guided search
/// settled.
pub const SEARCH_RUNS: u64 = 20_000;

/// Settles what it can of the outcomes `a` left open; `search`: also look for scripts (the
/// bounds alone are what `check` needs).
pub(super) fn settle(story: &Story, a: &mut Analysis, search: bool) {
    let open = |a: &Analysis| -> Vec<OutcomeId> {
        a.outcomes
            .iter()
            .filter(|r| r.reachable.is_none())
            .map(|r| r.outcome)
            .collect()
    };
    let b = bounds::bounds(story);
    a.bounds_cells = Some(b.cells());
    for (o, why) in ruled_out(story, &b, &open(a)) {
        let r = &mut a.outcomes[o.index()];
        r.reachable = Some(false);
        r.answer = Some(Answer::Bounds);
        r.unreachable_because = Some(why);
    }
    if !search {
        return;
    }
    let deadline = Instant::now() + SEARCH_TIME;
    for f in guided::search(story, &open(a), deadline) {
        let choices = f.choices.iter().map(|c| c + 1).collect();
        found(a, f.outcome, choices, f.seed, f.draws);
    }
    random_play(story, a, &open(a), deadline + SEARCH_TIME);
}

/// The outcomes of `open` that the interval bounds `b` rule out, each with the reason in
/// words.
pub(super) fn ruled_out(story: &Story, b: &Bounds, open: &[OutcomeId]) -> Vec<(OutcomeId, String)> {
    open.iter()
        .filter(|o| !b.possible[o.index()])
        .map(|&o| (o, reason(story, b, o)))
        .collect()
}

/// Records a script found by a search.
fn found(a: &mut Analysis, o: OutcomeId, choices: Vec<usize>, seed: u64, draws: u64) {
    let r = &mut a.outcomes[o.index()];
    r.reachable = Some(true);
    r.answer = Some(Answer::Search);
    r.found_by_search = true;
    r.witness = Some(Witness {
        choices,
        // Not computed: the exploration never got this far.
        probability: f64::NAN,
        seed: Some(seed),
        draws: Some(draws),
        reactions: Vec::new(),
    });
}

/// Plays the story at random (seeds 0, 1, …, up to [`SEARCH_RUNS`], until `deadline`) for
/// the outcomes still open: a run that ends in one is a witness that really replays
/// (`play --seed S --choices ...`).
fn random_play(story: &Story, a: &mut Analysis, open: &[OutcomeId], deadline: Instant) {
    use crate::play::simulate::{picker, play_one};
    let mut missing = open.to_vec();
    for seed in 0..SEARCH_RUNS {
        if missing.is_empty() || (seed.is_multiple_of(64) && Instant::now() >= deadline) {
            break;
        }
        let Ok(rs) = play_one(story, Policy::Random, seed, &mut picker(seed)) else {
            continue;
        };
        let Some(o) = rs.outcome else { continue };
        if let Some(at) = missing.iter().position(|&m| m == o) {
            missing.swap_remove(at);
            let choices = rs.choices.iter().map(|c| c + 1).collect();
            found(a, o, choices, seed, rs.draws);
        }
    }
}

/// Why the bounds rule an outcome out, in words, with the ids as written.
fn reason(story: &Story, b: &Bounds, o: OutcomeId) -> String {
    if b.ends.is_empty() {
        return "the bounds reach no `End` node".to_string();
    }
    let mut why: Vec<String> = Vec::new();
    for (node, a) in &b.ends {
        let at = story.node_id(*node);
        let earlier = story
            .outcomes
            .iter_enumerated()
            .take(o.index())
            .find(|(_, e)| b.truth_opt(a, e.when.as_ref()) == Truth::True);
        let text = match (earlier, &story.outcomes[o].when) {
            (Some((e, _)), _) => format!(
                "at `{at}` the earlier outcome `{}` always holds",
                story.outcomes[e].id
            ),
            (None, Some(c)) => match falsified(story, b, a, c) {
                Some(t) => format!("at `{at}` {t}"),
                None => format!("at `{at}` its condition never holds"),
            },
            (None, None) => format!("at `{at}` its condition never holds"),
        };
        if !why.contains(&text) {
            why.push(text);
        }
    }
    if why.len() > 3 {
        let more = why.len() - 3;
        why.truncate(3);
        why.push(format!("and {more} more endings alike"));
    }
    why.join("; ")
}

/// A part of `c` that is false on `a`, said as "X ≥ n needs …, but it is at most m".
fn falsified(story: &Story, b: &Bounds, a: &[Span], c: &Cond) -> Option<String> {
    if b.truth(a, c) != Truth::False {
        return None;
    }
    let range = |s: Span| match (s.lo, s.hi) {
        (i64::MIN, i64::MAX) => "unbounded".to_string(),
        (i64::MIN, h) => format!("at most {h}"),
        (l, i64::MAX) => format!("at least {l}"),
        (l, h) if l == h => format!("always {l}"),
        (l, h) => format!("between {l} and {h}"),
    };
    match c {
        Cond::AtLeast(v, n) => Some(format!(
            "it needs {} ≥ {n}, but that is {}",
            value_text(story, v),
            range(b.value(a, v))
        )),
        Cond::Below(v, n) => Some(format!(
            "it needs {} < {n}, but that is {}",
            value_text(story, v),
            range(b.value(a, v))
        )),
        Cond::All(cs) => cs.iter().find_map(|c| falsified(story, b, a, c)),
        Cond::Any(cs) => {
            let parts: Vec<String> = cs
                .iter()
                .filter_map(|c| falsified(story, b, a, c))
                .collect();
            Some(parts.join(", and "))
        }
        _ => Some("its condition never holds".to_string()),
    }
}

/// A value as `analyze` names balances: `credit you→ada`, `felt sam→you`.
fn value_text(story: &Story, v: &Value) -> String {
    let p = |x: PartyId| story.party_id(x);
    let layer = |l: Option<Layer>| {
        l.map_or(String::new(), |l| {
            format!(" {}", format!("{l:?}").to_lowercase())
        })
    };
    match *v {
        Value::Credit {
            holder,
            with,
            layer: l,
        } => format!("credit {}→{}{}", p(holder), p(with), layer(l)),
        Value::Perceived {
            who,
            with,
            layer: l,
        } => {
            format!("perceived {}→{}{}", p(who), p(with), layer(l))
        }
        Value::Felt { who, toward } => format!("felt {}→{}", p(who), p(toward)),
        Value::Transferable { holder, with, via } => {
            format!("transferable {}→{} via {}", p(holder), p(with), p(via))
        }
    }
}

//! Reading the ledger: values and conditions.

use crate::compiled::{self};
use crate::play::ledger::State;
use crate::play::rules;
use crate::story::Story;

pub fn value(story: &Story, state: &State, v: &compiled::Value) -> i32 {
    match *v {
        compiled::Value::Credit {
            holder,
            with,
            layer,
        } => match layer {
            Some(l) => state.ledger.credit(holder, with, l),
            None => state.ledger.credit_total(holder, with),
        },
        compiled::Value::Perceived { who, with, layer } => match layer {
            Some(l) => state.ledger.perceived(who, with, l),
            None => state.ledger.perceived_total(who, with),
        },
        compiled::Value::Felt { who, toward } => state.ledger.felt(who, toward),
        compiled::Value::Transferable { holder, with, via } => {
            rules::transferable(story, state, holder, with, via)
        }
    }
}

pub fn holds(story: &Story, state: &State, c: &compiled::Cond) -> bool {
    match c {
        compiled::Cond::Always => true,
        compiled::Cond::AtLeast(v, n) => value(story, state, v) >= *n,
        compiled::Cond::Below(v, n) => value(story, state, v) < *n,
        compiled::Cond::Knows { who, holder, with } => state.ledger.knows(*who, *holder, *with),
        compiled::Cond::Flag(f) => state.flags.get(f.index()),
        compiled::Cond::Visited(w) => state.visited.get(*w),
        compiled::Cond::All(cs) => cs.iter().all(|c| holds(story, state, c)),
        compiled::Cond::Any(cs) => cs.iter().any(|c| holds(story, state, c)),
        compiled::Cond::Not(c) => !holds(story, state, c),
    }
}

/// `None` (no condition) holds.
pub fn holds_opt(story: &Story, state: &State, c: Option<&compiled::Cond>) -> bool {
    c.is_none_or(|c| holds(story, state, c))
}

//! Reading the ledger: values and conditions.

use crate::compiled::{CondC, Story, ValueC};
use crate::play::ledger::State;
use crate::play::rules;

pub fn value(story: &Story, state: &State, v: &ValueC) -> i32 {
    match *v {
        ValueC::Credit {
            holder,
            with,
            layer,
        } => match layer {
            Some(l) => state.ledger.credit(holder, with, l),
            None => state.ledger.credit_total(holder, with),
        },
        ValueC::Felt { who, toward } => state.ledger.felt(who, toward),
        ValueC::Transferable { holder, with, via } => {
            rules::transferable(story, state, holder, with, via)
        }
    }
}

pub fn holds(story: &Story, state: &State, c: &CondC) -> bool {
    match c {
        CondC::Always => true,
        CondC::AtLeast(v, n) => value(story, state, v) >= *n,
        CondC::Below(v, n) => value(story, state, v) < *n,
        CondC::Knows { who, holder, with } => state.ledger.knows(*who, *holder, *with),
        CondC::Flag(f) => state.flags.get(*f),
        CondC::Visited(w) => state.visited.get(*w),
        CondC::All(cs) => cs.iter().all(|c| holds(story, state, c)),
        CondC::Any(cs) => cs.iter().any(|c| holds(story, state, c)),
        CondC::Not(c) => !holds(story, state, c),
    }
}

/// `None` (no condition) holds.
pub fn holds_opt(story: &Story, state: &State, c: Option<&CondC>) -> bool {
    c.is_none_or(|c| holds(story, state, c))
}

//! The tests written inside scenario files: a choice script, a seed, the expected outcome
//! and optional conditions on the final ledger.

use crate::compiled::{self};
use crate::format::scenario::{Cond, Value};
use crate::ids::PartyId;
use crate::play::cond;
use crate::play::runner::{RunError, RunState};
use crate::story::Story;

/// Why a test written in a scenario file failed.
#[derive(Debug, Clone, PartialEq)]
pub enum TestFailure {
    /// The run stopped with an error at this step (1-based count of choices made + 1).
    Run {
        /// The step it stopped at.
        step: usize,
        /// Why it stopped.
        error: RunError,
    },
    /// The script ran out while the story still waited for a choice.
    ScriptTooShort {
        /// The step that found no choice in the script (1-based).
        step: usize,
        /// The node (id) the story waited at.
        node: String,
        /// How many choices it offered.
        offered: usize,
    },
    /// The story ended before the script did.
    ScriptTooLong {
        /// How many choices were made when the story ended.
        ended_after: usize,
        /// The outcome (id) it ended in.
        outcome: String,
        /// How many choices the script has.
        script: usize,
    },
    /// The script played through but the story ended in another outcome than expected.
    WrongOutcome {
        /// The outcome (id) the test expects.
        expected: String,
        /// The outcome (id) the run ended in.
        got: String,
        /// How many choices were made (the whole script).
        step: usize,
    },
    /// The expected outcome was reached but a check on the final ledger does not hold.
    Ledger {
        /// Which of the test's ledger checks, from 0.
        index: usize,
        /// The check as written ([`describe_cond`]).
        cond: String,
        /// The values it looked at, as they ended (or that it does not hold).
        actual: String,
    },
}

impl std::fmt::Display for TestFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TestFailure::Run { step, error } => write!(f, "step {step}: {error}"),
            TestFailure::ScriptTooShort {
                step,
                node,
                offered,
            } => write!(
                f,
                "step {step}: the script has no more choices, but the story waits at node `{node}` ({offered} choices offered)"
            ),
            TestFailure::ScriptTooLong {
                ended_after,
                outcome,
                script,
            } => write!(
                f,
                "step {}: the story already ended in `{outcome}` after {ended_after} choices, but the script has {script}",
                ended_after + 1
            ),
            TestFailure::WrongOutcome {
                expected,
                got,
                step,
            } => {
                write!(
                    f,
                    "after step {step}: expected outcome `{expected}`, got `{got}`"
                )
            }
            TestFailure::Ledger {
                index,
                cond,
                actual,
            } => {
                write!(
                    f,
                    "ledger check {}: expected {cond}, but {actual}",
                    index + 1
                )
            }
        }
    }
}

/// Runs the in-file test at `index`; `Ok` carries the finished run.
pub fn run_test(story: &Story, index: usize) -> Result<RunState, TestFailure> {
    let test = &story.scenario.tests[index];
    let mut rs =
        RunState::new(story, test.seed).map_err(|error| TestFailure::Run { step: 1, error })?;
    for (k, &c) in test.choices.iter().enumerate() {
        if let Some(o) = rs.outcome {
            return Err(TestFailure::ScriptTooLong {
                ended_after: k,
                outcome: story.outcomes[o].id.clone(),
                script: test.choices.len(),
            });
        }
        rs.choose(story, c.saturating_sub(1))
            .map_err(|error| TestFailure::Run { step: k + 1, error })?;
    }
    let Some(o) = rs.outcome else {
        return Err(TestFailure::ScriptTooShort {
            step: test.choices.len() + 1,
            node: story.node_id(rs.node).to_string(),
            offered: rs.offered(story).len(),
        });
    };
    if story.outcomes[o].id != test.expect {
        return Err(TestFailure::WrongOutcome {
            expected: test.expect.clone(),
            got: story.outcomes[o].id.clone(),
            step: test.choices.len(),
        });
    }
    for (n, (c, compiled)) in test
        .ledger
        .iter()
        .zip(&story.test_ledgers[index])
        .enumerate()
    {
        if !cond::holds(story, &rs.state, compiled) {
            return Err(TestFailure::Ledger {
                index: n,
                cond: describe_cond(c),
                actual: describe_actual(story, &rs, compiled),
            });
        }
    }
    Ok(rs)
}

/// A value as written, in short for messages and graphs: `Credit(a→b, Deal)`, `Felt(a→b)`.
pub fn describe_value(v: &Value) -> String {
    match v {
        Value::Credit {
            holder,
            with,
            layer,
        } => match layer {
            Some(l) => format!("Credit({holder}→{with}, {l:?})"),
            None => format!("Credit({holder}→{with})"),
        },
        Value::Perceived { who, with, layer } => match layer {
            Some(l) => format!("Perceived({who}→{with}, {l:?})"),
            None => format!("Perceived({who}→{with})"),
        },
        Value::Felt { who, toward } => format!("Felt({who}→{toward})"),
        Value::Transferable { holder, with, .. } => format!("Transferable({holder}→{with})"),
    }
}

/// A condition as written, in short for messages and graphs: `Felt(a→b) ≥ 3`,
/// `Not(Credit(a→b) < 0)`.
pub fn describe_cond(c: &Cond) -> String {
    match c {
        Cond::Always => "Always".into(),
        Cond::AtLeast(v, n) => format!("{} ≥ {n}", describe_value(v)),
        Cond::Below(v, n) => format!("{} < {n}", describe_value(v)),
        Cond::Knows { who, holder, with } => {
            format!(
                "{who} knows of {} credits with {with}",
                crate::text::possessive(holder)
            )
        }
        Cond::Flag(f) => format!("flag `{f}`"),
        Cond::Visited(n) => format!("visited `{n}`"),
        Cond::All(cs) => format!(
            "All({})",
            cs.iter().map(describe_cond).collect::<Vec<_>>().join(", ")
        ),
        Cond::Any(cs) => format!(
            "Any({})",
            cs.iter().map(describe_cond).collect::<Vec<_>>().join(", ")
        ),
        Cond::Not(c) => format!("Not({})", describe_cond(c)),
    }
}

/// The actual values a condition looked at, for failure messages.
fn describe_actual(story: &Story, rs: &RunState, c: &compiled::Cond) -> String {
    let mut parts = Vec::new();
    collect_values(c, &mut |v| {
        parts.push(format!(
            "{} is {}",
            describe_value_c(story, v),
            cond::value(story, &rs.state, v)
        ))
    });
    if parts.is_empty() {
        "it does not hold".to_string()
    } else {
        parts.join(", ")
    }
}

fn collect_values<'a>(c: &'a compiled::Cond, f: &mut dyn FnMut(&'a compiled::Value)) {
    match c {
        compiled::Cond::AtLeast(v, _) | compiled::Cond::Below(v, _) => f(v),
        compiled::Cond::All(cs) | compiled::Cond::Any(cs) => {
            cs.iter().for_each(|c| collect_values(c, f))
        }
        compiled::Cond::Not(c) => collect_values(c, f),
        _ => {}
    }
}

fn describe_value_c(story: &Story, v: &compiled::Value) -> String {
    let id = |p: PartyId| story.party_id(p);
    match *v {
        compiled::Value::Credit {
            holder,
            with,
            layer: Some(l),
        } => format!("Credit({}→{}, {l:?})", id(holder), id(with)),
        compiled::Value::Credit {
            holder,
            with,
            layer: None,
        } => format!("Credit({}→{})", id(holder), id(with)),
        compiled::Value::Perceived {
            who,
            with,
            layer: Some(l),
        } => format!("Perceived({}→{}, {l:?})", id(who), id(with)),
        compiled::Value::Perceived {
            who,
            with,
            layer: None,
        } => format!("Perceived({}→{})", id(who), id(with)),
        compiled::Value::Felt { who, toward } => format!("Felt({}→{})", id(who), id(toward)),
        compiled::Value::Transferable { holder, with, .. } => {
            format!("Transferable({}→{})", id(holder), id(with))
        }
    }
}

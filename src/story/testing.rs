//! The tests written inside scenario files: a choice script, a seed, the expected outcome
//! and optional conditions on the final ledger.

use crate::story::cond;
use crate::story::model::{CondC, Story, ValueC};
use crate::story::runner::{RunError, RunState};
use crate::story::scenario::{Cond, Test, Value};
use crate::story::text::Lang;

#[derive(Debug, Clone, PartialEq)]
pub enum TestFailure {
    /// The run stopped with an error at this step (1-based count of choices made + 1).
    Run { step: usize, error: RunError },
    /// The script ran out while the story still waited for a choice.
    ScriptTooShort {
        step: usize,
        node: String,
        offered: usize,
    },
    /// The story ended before the script did.
    ScriptTooLong {
        ended_after: usize,
        outcome: String,
        script: usize,
    },
    WrongOutcome {
        expected: String,
        got: String,
        step: usize,
    },
    Ledger {
        index: usize,
        cond: String,
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

/// Runs one in-file test; `Ok` carries the finished run.
pub fn run_test(story: &Story, test: &Test) -> Result<RunState, TestFailure> {
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
    for (index, c) in test.ledger.iter().enumerate() {
        let compiled = compile_cond(story, c);
        if !cond::holds(story, &rs.state, &compiled) {
            return Err(TestFailure::Ledger {
                index,
                cond: describe_cond(c),
                actual: describe_actual(story, &rs, c),
            });
        }
    }
    Ok(rs)
}

/// Compiles a condition of a checked story (ids are known to exist).
pub fn compile_cond(story: &Story, c: &Cond) -> CondC {
    let p = |id: &str| story.party(id).unwrap_or(0);
    let v = |v: &Value| match v {
        Value::Credit {
            holder,
            with,
            layer,
        } => ValueC::Credit {
            holder: p(holder),
            with: p(with),
            layer: *layer,
        },
        Value::Felt { who, toward } => ValueC::Felt {
            who: p(who),
            toward: p(toward),
        },
        Value::Transferable { holder, with } => ValueC::Transferable {
            holder: p(holder),
            with: p(with),
        },
    };
    match c {
        Cond::Always => CondC::Always,
        Cond::AtLeast(x, n) => CondC::AtLeast(v(x), *n),
        Cond::Below(x, n) => CondC::Below(v(x), *n),
        Cond::Knows { who, holder, with } => CondC::Knows {
            who: p(who),
            holder: p(holder),
            with: p(with),
        },
        Cond::Flag(f) => match story.flags.iter().position(|x| x == f) {
            Some(i) => CondC::Flag(i),
            None => CondC::Not(Box::new(CondC::Always)),
        },
        Cond::Visited(n) => {
            let node = story.node(n).unwrap_or(0);
            match story.watched.iter().position(|&w| w == node) {
                Some(i) => CondC::Visited(i),
                // Only watched nodes are tracked; tests asking about others fall back to the transcript.
                None => CondC::Always,
            }
        }
        Cond::All(cs) => CondC::All(cs.iter().map(|c| compile_cond(story, c)).collect()),
        Cond::Any(cs) => CondC::Any(cs.iter().map(|c| compile_cond(story, c)).collect()),
        Cond::Not(c) => CondC::Not(Box::new(compile_cond(story, c))),
    }
}

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
        Value::Felt { who, toward } => format!("Felt({who}→{toward})"),
        Value::Transferable { holder, with } => format!("Transferable({holder}→{with})"),
    }
}

pub fn describe_cond(c: &Cond) -> String {
    match c {
        Cond::Always => "Always".into(),
        Cond::AtLeast(v, n) => format!("{} ≥ {n}", describe_value(v)),
        Cond::Below(v, n) => format!("{} < {n}", describe_value(v)),
        Cond::Knows { who, holder, with } => {
            format!("{who} knows of {holder}'s credits with {with}")
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
fn describe_actual(story: &Story, rs: &RunState, c: &Cond) -> String {
    let mut parts = Vec::new();
    collect_values(c, &mut |v| {
        let compiled = compile_cond(story, &Cond::AtLeast(v.clone(), 0));
        if let CondC::AtLeast(cv, _) = compiled {
            parts.push(format!(
                "{} is {}",
                describe_value(v),
                cond::value(story, &rs.state, &cv)
            ));
        }
    });
    if parts.is_empty() {
        "it does not hold".to_string()
    } else {
        parts.join(", ")
    }
}

fn collect_values(c: &Cond, f: &mut dyn FnMut(&Value)) {
    match c {
        Cond::AtLeast(v, _) | Cond::Below(v, _) => f(v),
        Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| collect_values(c, f)),
        Cond::Not(c) => collect_values(c, f),
        _ => {}
    }
}

/// The outcome title of a finished run, for reports.
pub fn outcome_title(story: &Story, rs: &RunState, lang: Lang) -> String {
    rs.outcome
        .map(|o| story.outcome_title(o).get(lang).to_string())
        .unwrap_or_default()
}

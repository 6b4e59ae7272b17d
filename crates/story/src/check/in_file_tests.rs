//! The scenario's own `tests`: checked here, run by [`crate::run_test`].

use super::Compiler;
use crate::compiled;
use crate::format::codes;
use crate::format::diagnostics::{Diagnostic, Loc};
use crate::format::span::Path;
use crate::ids::{Id, OutcomeId};
use crate::story::Story;
use std::collections::HashSet;

/// W0204 where a test names an outcome its script does not really end in: each expected
/// outcome that no test's run reaches gets the warning, saying where the scripts end instead.
/// (Outcomes no test even names got it in [`Compiler::tests`].)
pub(super) fn lint_script_ends(story: &Story, diags: &mut Vec<Diagnostic>) {
    let tests = story.tests();
    let ends: Vec<Option<OutcomeId>> = (0..tests.len())
        .map(|i| {
            let mut rs = crate::play::runner::RunState::new(story, tests[i].seed).ok()?;
            for &c in &tests[i].choices {
                if rs.ended() {
                    break;
                }
                rs.choose(story, c.saturating_sub(1)).ok()?;
            }
            rs.outcome
        })
        .collect();
    for (o, out) in story.written().outcomes.iter().enumerate() {
        let o = OutcomeId::from_index(o);
        let expecting: Vec<usize> = (0..tests.len())
            .filter(|&i| tests[i].expect == out.id)
            .collect();
        if expecting.is_empty() || ends.contains(&Some(o)) {
            continue;
        }
        let t = &tests[expecting[0]];
        let instead = match ends[expecting[0]] {
            Some(e) => format!("ends in `{}`", story.outcome_id(e)),
            None => "does not reach an ending".to_string(),
        };
        let mut d = Diagnostic::warning(
            codes::UNTESTED_OUTCOME,
            format!("no test ends in the outcome `{}`", out.id),
            Loc::Path(Path::root().f("outcomes").i(o.index()).f("id")),
        );
        d.label("expected, never reached").help(format!(
            "the test `{}` expects it, but its script {instead}; `give-and-take test` shows where it goes",
            t.name
        ));
        diags.push(d);
    }
}

impl Compiler<'_> {
    /// Checks the in-file tests and compiles their ledger conditions.
    pub(super) fn tests(&mut self) -> Vec<Vec<compiled::Cond>> {
        let mut compiled = Vec::new();
        let mut names = HashSet::new();
        let mut covered = HashSet::new();
        for (i, t) in self.sc.tests.iter().enumerate() {
            let path = Path::root().f("tests").i(i);
            if !names.insert(t.name.as_str()) {
                self.err(
                    codes::DUPLICATE,
                    format!("two tests are named `{}`", t.name),
                    path.f("name"),
                );
            }
            covered.insert(self.outcome_ref(&t.expect, path.f("expect")));
            for (k, &c) in t.choices.iter().enumerate() {
                if c == 0 {
                    self.err(
                        codes::CHOICE_FROM_ZERO,
                        "choices are counted from 1, as `play` shows them",
                        path.f("choices").i(k),
                    );
                }
            }
            let ledger = t
                .ledger
                .iter()
                .enumerate()
                .map(|(k, c)| self.cond(c, path.f("ledger").i(k)))
                .collect();
            compiled.push(ledger);
        }
        for (o, out) in self.sc.outcomes.iter().enumerate() {
            if !covered.contains(&OutcomeId::from_index(o)) {
                self.warn(
                    codes::UNTESTED_OUTCOME,
                    format!("no test ends in the outcome `{}`", out.id),
                    Path::root().f("outcomes").i(o).f("id"),
                )
                .help("add a `Test(name: ..., choices: [...], expect: \"...\")` that reaches it");
            }
        }
        compiled
    }
}

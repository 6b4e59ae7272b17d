//! The scenario's own `tests`: checked here, run by [`crate::run_test`].

use super::Compiler;
use crate::compiled;
use crate::format::codes;
use crate::format::span::Path;
use crate::ids::{Id, OutcomeId};
use std::collections::HashSet;

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

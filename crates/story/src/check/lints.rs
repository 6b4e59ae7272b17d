//! Warnings about what the story leaves unused: flags, gift kinds, parties.

use super::{Compiler, suggest};
use crate::format::codes;
use crate::format::span::Path;
use crate::ids::{FlagId, Id, PartyId};

impl Compiler<'_> {
    /// W0203: flags tested but never set.
    pub(super) fn lint_flags(&mut self) {
        let mut tested: Vec<(FlagId, Path)> = self
            .flags_tested
            .iter()
            .map(|(f, p)| (*f, p.clone()))
            .collect();
        tested.sort_by_key(|(f, _)| *f);
        for (f, path) in tested {
            if !self.flags_set.contains(&f) {
                let name = self.flags[f].clone();
                // In id order, so that a tie between suggestions is the same on every run.
                let set: Vec<&str> = self
                    .flags
                    .iter_enumerated()
                    .filter(|(g, _)| self.flags_set.contains(g))
                    .map(|(_, g)| g.as_str())
                    .collect();
                let help = suggest(&name, set).map(|s| format!("did you mean `{s}`?"));
                self.warn(
                    codes::FLAG_NEVER_SET,
                    format!("the flag `{name}` is tested but never set"),
                    path,
                )
                .label("always false")
                .help_opt(help);
            }
        }
    }

    /// W0210: declared gift kinds nobody gives or values.
    pub(super) fn lint_gifts(&mut self) {
        let sc = self.sc;
        let root = Path::root();
        for (i, g) in sc.gifts.iter().enumerate() {
            if !self.kind_index.contains_key(&g.kind) {
                self.warn(
                    codes::UNUSED_GIFT_KIND,
                    format!("the gift kind `{}` is never given or valued", g.kind),
                    root.f("gifts").i(i).f("kind"),
                );
            }
        }
    }

    /// W0202: parties nothing refers to.
    pub(super) fn lint_parties(&mut self) {
        // Organisations are used through their members; don't ask that they be named.
        for (i, p) in self.sc.parties.iter().enumerate() {
            let in_org = self
                .sc
                .parties
                .iter()
                .any(|o| o.members.iter().any(|m| m.party == p.id));
            if !self.used_parties.contains(&PartyId::from_index(i))
                && p.members.is_empty()
                && !in_org
                && p.succeeds.is_none()
            {
                let succeeded = self
                    .sc
                    .parties
                    .iter()
                    .any(|o| o.succeeds.as_deref() == Some(p.id.as_str()));
                if !succeeded {
                    self.warn(
                        codes::UNUSED_PARTY,
                        format!("the party `{}` takes no part in the story", p.id),
                        Path::root().f("parties").i(i).f("id"),
                    );
                }
            }
        }
    }
}

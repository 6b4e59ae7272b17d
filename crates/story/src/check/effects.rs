//! Effects, the values they and conditions read, and conditions.

use super::{Compiler, MAX_AMOUNT};
use crate::compiled::{self, EffectKind};
use crate::format::codes;
use crate::format::scenario::{Cond, Effect, Value};
use crate::format::span::Path;
use crate::ids::{Id, PartyId};

impl Compiler<'_> {
    /// Checks and compiles a list of effects.
    pub(super) fn effects(&mut self, effects: &[Effect], path: Path) -> Vec<compiled::Effect> {
        let out: Vec<compiled::Effect> = effects
            .iter()
            .enumerate()
            .map(|(i, e)| self.effect(e, path.i(i)))
            .collect();
        self.lint_feels(&out, &path);
        out
    }

    /// W0212: a `Feel` that repeats what a move beside it already makes felt (the old habit
    /// of pairing every `Take` with a hand-set `Feel`).
    fn lint_feels(&mut self, effects: &[compiled::Effect], path: &Path) {
        for (i, e) in effects.iter().enumerate() {
            let EffectKind::Feel {
                who,
                toward,
                amount,
            } = e.kind
            else {
                continue;
            };
            if amount <= 0 {
                continue;
            }
            // A take or a gift within what `who` lets pass makes no feeling by itself; a
            // `Feel` beside it adds something. Blame always hurts.
            let tolerance = self
                .sc
                .parties
                .get(who.index())
                .map_or(self.sc.rules.tolerance, |p| {
                    p.tolerance_under(&self.sc.rules)
                });
            let repeats = effects.iter().find_map(|m| match m.kind {
                EffectKind::Take {
                    by, from, amount, ..
                } if by == toward && from == who && amount > tolerance => Some("Take"),
                EffectKind::Deflect { by, toward: t, .. } if by == toward && t == who => {
                    Some("Deflect")
                }
                EffectKind::Give {
                    from, to, amount, ..
                } if from == who && to == toward && amount > tolerance => Some("Give"),
                _ => None,
            });
            if let Some(kind) = repeats {
                let (w, t) = (self.party_name_of(who), self.party_name_of(toward));
                self.warn(
                    codes::FEEL_REPEATS_MOVE,
                    format!("this `Feel` repeats what the `{kind}` beside it already makes `{w}` feel toward `{t}`"),
                    path.i(i),
                )
                .label("felt twice")
                .help(format!("the ledger turns the `{kind}` into a felt deficit by itself (perception); remove the `Feel`, or raise the `{kind}`'s amount"));
            }
        }
    }

    /// A party's id as written, for messages.
    fn party_name_of(&self, p: PartyId) -> String {
        self.sc
            .parties
            .get(p.index())
            .map_or_else(String::new, |x| x.id.clone())
    }

    fn amount(&mut self, a: i32, path: Path) -> i32 {
        self.range_i(a, -MAX_AMOUNT, MAX_AMOUNT, "an amount", path)
    }

    fn effect(&mut self, e: &Effect, path: Path) -> compiled::Effect {
        let (kind, note) = match e {
            Effect::Give {
                from,
                to,
                layer,
                amount,
                kind,
                unnoticed,
                note,
            } => {
                let from = self.party_ref(from, path.f("from"));
                let to = self.party_ref(to, path.f("to"));
                let kind = kind.as_ref().map(|k| self.kind(k, path.f("kind")));
                let amount = self.amount(*amount, path.f("amount"));
                (
                    EffectKind::Give {
                        from,
                        to,
                        layer: *layer,
                        amount,
                        kind,
                        unnoticed: *unnoticed,
                    },
                    note,
                )
            }
            Effect::Take {
                by,
                from,
                layer,
                amount,
                unnoticed,
                note,
            } => {
                let by = self.party_ref(by, path.f("by"));
                let from = self.party_ref(from, path.f("from"));
                let amount = self.amount(*amount, path.f("amount"));
                (
                    EffectKind::Take {
                        by,
                        from,
                        layer: *layer,
                        amount,
                        unnoticed: *unnoticed,
                    },
                    note,
                )
            }
            Effect::Acknowledge {
                by,
                of,
                amount,
                note,
            } => {
                let by = self.party_ref(by, path.f("by"));
                let of = self.party_ref(of, path.f("of"));
                let amount = self.range_i(
                    *amount,
                    0,
                    MAX_AMOUNT,
                    "an acknowledgment's amount",
                    path.f("amount"),
                );
                (EffectKind::Acknowledge { by, of, amount }, note)
            }
            Effect::Deflect {
                by,
                toward,
                amount,
                note,
            } => {
                let by = self.party_ref(by, path.f("by"));
                let toward = self.party_ref(toward, path.f("toward"));
                let amount = self.range_i(
                    *amount,
                    0,
                    MAX_AMOUNT,
                    "a deflection's amount",
                    path.f("amount"),
                );
                (EffectKind::Deflect { by, toward, amount }, note)
            }
            Effect::ClaimCredit {
                claimant,
                with,
                via,
                pressure,
                note,
            } => {
                let claimant = self.party_ref(claimant, path.f("claimant"));
                let w = self.party_ref(with, path.f("with"));
                let via = self.credits_via(w, with, via.as_deref(), &path);
                let pressure =
                    self.range_i(*pressure, 0, MAX_AMOUNT, "`pressure`", path.f("pressure"));
                (
                    EffectKind::ClaimCredit {
                        claimant,
                        with: w,
                        via,
                        pressure,
                    },
                    note,
                )
            }
            Effect::Tell {
                who,
                holder,
                with,
                note,
            } => {
                let who = self.party_ref(who, path.f("who"));
                let holder = self.party_ref(holder, path.f("holder"));
                let with = self.party_ref(with, path.f("with"));
                (EffectKind::Tell { who, holder, with }, note)
            }
            Effect::Feel {
                who,
                toward,
                amount,
                note,
            } => {
                let who = self.party_ref(who, path.f("who"));
                let toward = self.party_ref(toward, path.f("toward"));
                let amount = self.amount(*amount, path.f("amount"));
                (
                    EffectKind::Feel {
                        who,
                        toward,
                        amount,
                    },
                    note,
                )
            }
            Effect::Set(name) => {
                let f = self.flag(name);
                self.flags_set.insert(f);
                (EffectKind::Set(f), &None)
            }
            Effect::Clear(name) => {
                let f = self.flag(name);
                self.flags_set.insert(f);
                (EffectKind::Clear(f), &None)
            }
        };
        self.opt_text(note, path.f("note"));
        compiled::Effect {
            kind,
            note: note.clone(),
        }
    }

    /// Whose credits a claim on `with` weighs: `via` when written, else the person `with`
    /// succeeds (E0141 when there is neither).
    fn credits_via(&mut self, w: PartyId, with: &str, via: Option<&str>, path: &Path) -> PartyId {
        if let Some(v) = via {
            let p = self.party_ref(v, path.f("via"));
            if p == w && v == with {
                self.err(
                    codes::UNCLEAR_VIA,
                    format!("`{with}` cannot honour credits with themselves"),
                    path.f("via"),
                );
            }
            return p;
        }
        let nobody = PartyId::from_index(0);
        match self
            .sc
            .parties
            .get(w.index())
            .filter(|party| party.id == with)
        {
            Some(party) => match &party.succeeds {
                Some(pred) => self.party_index.get(pred).copied().unwrap_or(nobody),
                None => {
                    self.err(
                        codes::UNCLEAR_VIA,
                        format!("`{with}` succeeds nobody, so it is not clear whose credits are claimed"),
                        path.f("with"),
                    )
                    .help(format!(
                        "add `via: \"...\"` (the person whose credits count, e.g. the boss `{with}` stands in for), or `succeeds: \"...\"` to the party `{with}`"
                    ));
                    nobody
                }
            },
            None => nobody,
        }
    }

    /// Checks and compiles a number read off the ledger.
    pub(super) fn value(&mut self, v: &Value, path: Path) -> compiled::Value {
        match v {
            Value::Credit {
                holder,
                with,
                layer,
            } => compiled::Value::Credit {
                holder: self.party_ref(holder, path.f("holder")),
                with: self.party_ref(with, path.f("with")),
                layer: *layer,
            },
            Value::Perceived { who, with, layer } => compiled::Value::Perceived {
                who: self.party_ref(who, path.f("who")),
                with: self.party_ref(with, path.f("with")),
                layer: *layer,
            },
            Value::Felt { who, toward } => compiled::Value::Felt {
                who: self.party_ref(who, path.f("who")),
                toward: self.party_ref(toward, path.f("toward")),
            },
            Value::Transferable { holder, with, via } => {
                let holder = self.party_ref(holder, path.f("holder"));
                let w = self.party_ref(with, path.f("with"));
                let via = self.credits_via(w, with, via.as_deref(), &path);
                compiled::Value::Transferable {
                    holder,
                    with: w,
                    via,
                }
            }
        }
    }

    /// Checks and compiles a condition, noting the flags it tests and the nodes it asks
    /// about.
    pub(super) fn cond(&mut self, c: &Cond, path: Path) -> compiled::Cond {
        match c {
            Cond::Always => compiled::Cond::Always,
            Cond::AtLeast(v, n) => compiled::Cond::AtLeast(self.value(v, path.i(0)), *n),
            Cond::Below(v, n) => compiled::Cond::Below(self.value(v, path.i(0)), *n),
            Cond::Knows { who, holder, with } => compiled::Cond::Knows {
                who: self.party_ref(who, path.f("who")),
                holder: self.party_ref(holder, path.f("holder")),
                with: self.party_ref(with, path.f("with")),
            },
            Cond::Flag(name) => {
                let f = self.flag(name);
                self.flags_tested.entry(f).or_insert(path.i(0));
                compiled::Cond::Flag(f)
            }
            Cond::Visited(id) => {
                let n = self.node_ref(id, path.i(0));
                let next = self.watched.len();
                let w = *self.watch_of.entry(n).or_insert(next);
                if w == next {
                    self.watched.push(n);
                }
                compiled::Cond::Visited(w)
            }
            Cond::All(cs) => compiled::Cond::All(
                cs.iter()
                    .enumerate()
                    .map(|(i, c)| self.cond(c, path.i(0).i(i)))
                    .collect(),
            ),
            Cond::Any(cs) => compiled::Cond::Any(
                cs.iter()
                    .enumerate()
                    .map(|(i, c)| self.cond(c, path.i(0).i(i)))
                    .collect(),
            ),
            Cond::Not(c) => compiled::Cond::Not(Box::new(self.cond(c, path.i(0)))),
        }
    }
}

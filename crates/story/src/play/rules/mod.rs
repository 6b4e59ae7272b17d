//! The rules of give and take: how an effect turns into ledger entries.
//!
//! Each rule is named ([`Rule`]) and unit-tested below:
//! - **Gift / Valuation**: a gift is worth its amount × what the receiver thinks of its kind.
//! - **Take**: taking without giving back puts the other in credit.
//! - **Acknowledge**: recognition shrinks the other's felt deficit by its amount plus a share
//!   of the deficit itself (worth more the larger the deficit), and is a gift on `Seen`.
//! - **Deflect / Escalation**: blaming grows the other's felt deficit and takes understanding
//!   on `Seen`; when the deflector carries a deficit of his own, the hurt is multiplied.
//! - **Calling card**: a member's act toward an outsider moves that outsider's balance and
//!   felt deficit with the organisation too, weighted by how much the member represents it;
//!   a member's acknowledgment eases the grudge against the organisation by its own measure.
//! - **Chain**: part of what a party receives is passed on to the next one.
//! - **Succession / Loyalty / Claim refused**: credits with a predecessor (or with the boss an
//!   employee stands in for) count with his successor only if the successor knows of them and
//!   owes the predecessor enough that honouring them is a gift to him; they transfer in
//!   proportion to that loyalty. Otherwise the claim is a demand that hurts.

mod explain;
#[cfg(test)]
mod tests;

use crate::compiled::{self, EffectKind, Permille};
use crate::format::scenario::Layer;
use crate::ids::PartyId;
use crate::play::ledger::{Cause, Entry, LedgerChange, Refusal, Rule, State};
use crate::story::Story;
use crate::text::{Text, capitalize};

/// Hard bound on how deep rules may trigger each other (chains of chains, nested orgs).
const MAX_DEPTH: u32 = 32;

/// Applies an effect to the state, appending the entries it makes.
pub(crate) fn apply(
    story: &Story,
    state: &mut State,
    effect: &compiled::Effect,
    cause: Cause,
    step: u32,
    out: &mut Vec<Entry>,
) {
    let mut cx = Cx {
        story,
        state,
        cause,
        step,
        note: effect.note.as_ref(),
        out,
    };
    cx.effect(&effect.kind);
}

/// One effect being applied: the story, the state it changes, and what every entry it makes
/// is recorded with.
struct Cx<'a> {
    story: &'a Story,
    state: &'a mut State,
    cause: Cause,
    step: u32,
    note: Option<&'a Text>,
    out: &'a mut Vec<Entry>,
}

impl Cx<'_> {
    /// Applies one change to the state and records it as an entry.
    fn record(&mut self, change: LedgerChange, rule: Rule, why: Text) {
        // Explanations often open with a name written mid-sentence style ("meneer Visser").
        let why = Text {
            en: why.en.as_deref().map(capitalize),
            nl: why.nl.as_deref().map(capitalize),
        };
        self.state.apply(&change);
        self.out.push(Entry {
            change,
            rule,
            cause: self.cause,
            step: self.step,
            note: self.note.cloned(),
            why,
        });
    }

    /// Turns one effect into its entries.
    fn effect(&mut self, kind: &EffectKind) {
        match *kind {
            EffectKind::Give {
                from,
                to,
                layer,
                amount,
                kind,
            } => {
                let worth = self.story.valuation(to, kind);
                let value = worth.apply(amount);
                let (rule, why) = match kind {
                    Some(k) if worth != Permille::ONE => {
                        let why = self.valuation_text(from, to, k, worth, value);
                        let rule = Rule::Valuation {
                            kind: self.story.kinds[k].clone(),
                            worth,
                        };
                        if value == 0 && amount != 0 {
                            // A gift the receiver does not value still happened: record it
                            // (it moves nothing) so the reflection can say it bound nobody.
                            self.record(
                                LedgerChange::Transfer {
                                    from,
                                    to,
                                    layer,
                                    amount: 0,
                                },
                                rule,
                                why,
                            );
                            return;
                        }
                        (rule, why)
                    }
                    _ => (Rule::Gift, self.gift_text(from, to, layer, value)),
                };
                self.transfer(from, to, layer, value, Some(from), rule, why, 0);
            }
            EffectKind::Take {
                by,
                from,
                layer,
                amount,
            } => {
                let why = self.take_text(by, from, layer, amount);
                self.transfer(from, by, layer, amount, Some(by), Rule::Take, why, 0);
            }
            EffectKind::Acknowledge { by, of, amount } => self.acknowledge(by, of, amount),
            EffectKind::Deflect { by, toward, amount } => self.deflect(by, toward, amount),
            EffectKind::ClaimCredit {
                claimant,
                with,
                via,
                pressure,
            } => self.claim(claimant, with, via, pressure),
            EffectKind::Tell { who, holder, with } => {
                if !self.state.ledger.knows(who, holder, with) {
                    let why = self.tell_text(who, holder, with);
                    self.record(LedgerChange::Learn { who, holder, with }, Rule::Direct, why);
                }
            }
            EffectKind::Feel {
                who,
                toward,
                amount,
            } => {
                let why = self.felt_text(who, toward, amount);
                self.felt(who, toward, amount, None, Rule::Direct, why, 0);
            }
            EffectKind::Set(flag) | EffectKind::Clear(flag) => {
                let on = matches!(kind, EffectKind::Set(_));
                if self.state.flags.get(flag.index()) != on {
                    let why = self.flag_text(flag, on);
                    self.record(LedgerChange::Flag { flag, on }, Rule::Direct, why);
                }
            }
        }
    }

    /// Records a transfer, then lets the calling-card and chain rules react to it.
    /// `actor` is whoever acted (for the calling card); `None` for bookkeeping moves.
    #[allow(clippy::too_many_arguments)]
    fn transfer(
        &mut self,
        from: PartyId,
        to: PartyId,
        layer: Layer,
        amount: i32,
        actor: Option<PartyId>,
        rule: Rule,
        why: Text,
        depth: u32,
    ) {
        if amount == 0 || from == to {
            return;
        }
        self.record(
            LedgerChange::Transfer {
                from,
                to,
                layer,
                amount,
            },
            rule,
            why,
        );
        if depth >= MAX_DEPTH {
            return;
        }
        if let Some(actor) = actor {
            let counterpart = if actor == from { to } else { from };
            for &(org, weight) in &self.story.parties[actor].member_of {
                if counterpart == org || self.is_member(counterpart, org) {
                    continue;
                }
                let share = weight.apply(amount);
                let (f, t) = if actor == from {
                    (org, to)
                } else {
                    (from, org)
                };
                let why = self.calling_card_text(actor, org, counterpart, weight);
                self.transfer(
                    f,
                    t,
                    layer,
                    share,
                    Some(org),
                    Rule::CallingCard { org, weight },
                    why,
                    depth + 1,
                );
            }
        }
        if amount > 0 && depth < self.story.rules.chain_depth {
            for (index, ch) in self.story.chains.iter().enumerate() {
                // A chain passes on: it never hands the same thing straight back to its giver
                // (thanks on the other layer do go back).
                let bounce = ch.pass_to == from && ch.as_layer == layer;
                if ch.at == to && ch.layer == layer && !bounce && ch.from.is_none_or(|f| f == from)
                {
                    let passed = ch.share.apply(amount);
                    let note = ch.note.clone();
                    let saved = self.note.take();
                    // The chain's own note explains the passed-on entry.
                    let why = self.chain_text(to, ch.pass_to, passed, &note);
                    self.transfer(
                        to,
                        ch.pass_to,
                        ch.as_layer,
                        passed,
                        Some(to),
                        Rule::Chain { index },
                        why,
                        depth + 1,
                    );
                    self.note = saved;
                }
            }
        }
    }

    /// Moves a felt deficit (never below zero); a member's act moves the deficit felt
    /// toward the organisation too.
    #[allow(clippy::too_many_arguments)]
    fn felt(
        &mut self,
        who: PartyId,
        toward: PartyId,
        delta: i32,
        actor: Option<PartyId>,
        rule: Rule,
        why: Text,
        depth: u32,
    ) {
        let now = self.state.ledger.felt(who, toward);
        let delta = now.saturating_add(delta).max(0) - now;
        if delta == 0 || who == toward {
            return;
        }
        self.record(LedgerChange::Felt { who, toward, delta }, rule, why);
        if depth >= MAX_DEPTH {
            return;
        }
        if let Some(actor) = actor {
            for &(org, weight) in &self.story.parties[actor].member_of {
                if who == org || self.is_member(who, org) {
                    continue;
                }
                let why = self.calling_card_text(actor, org, who, weight);
                self.felt(
                    who,
                    org,
                    weight.apply(delta),
                    Some(org),
                    Rule::CallingCard { org, weight },
                    why,
                    depth + 1,
                );
            }
        }
    }

    /// Whether `p` is a member of `org`.
    fn is_member(&self, p: PartyId, org: PartyId) -> bool {
        self.story.parties[p]
            .member_of
            .iter()
            .any(|&(o, _)| o == org)
    }

    /// How much an acknowledgment of `amount` eases a felt deficit: its amount plus a share
    /// of the deficit itself, never more than the deficit.
    fn relief(&self, amount: i32, deficit: i32) -> i32 {
        amount
            .max(0)
            .saturating_add(self.story.rules.ack_scale.apply(deficit))
            .min(deficit)
    }

    /// `by` recognises `of`: the deficit `of` feels eases, and recognition is a gift.
    fn acknowledge(&mut self, by: PartyId, of: PartyId, amount: i32) {
        let deficit = self.state.ledger.felt(of, by);
        let relief = self.relief(amount, deficit);
        let why = self.acknowledge_text(by, of, relief);
        self.felt(of, by, -relief, None, Rule::Acknowledge, why, 0);
        // A member's acknowledgment also speaks for the organisation: it eases the grudge held
        // against the organisation itself (an apology "on behalf of the bank"), by its own
        // deficit, weighted by how much the member represents it.
        for &(org, weight) in &self.story.parties[by].member_of {
            if of == org || self.is_member(of, org) {
                continue;
            }
            let held = self.state.ledger.felt(of, org);
            let eased = weight.apply(self.relief(amount, held));
            let why = self.calling_card_text(by, org, of, weight);
            self.felt(
                of,
                org,
                -eased,
                Some(org),
                Rule::CallingCard { org, weight },
                why,
                1,
            );
        }
        let why = self.recognition_text(by, of, amount);
        self.transfer(
            by,
            of,
            Layer::Seen,
            amount,
            Some(by),
            Rule::Acknowledge,
            why,
            0,
        );
    }

    /// `by` blames `toward`: the deficit `toward` feels grows (escalating when `by` feels one
    /// too), and `by` takes understanding he does not give.
    fn deflect(&mut self, by: PartyId, toward: PartyId, amount: i32) {
        let own = self.state.ledger.felt(by, toward);
        let (hurt, rule, why) = if own > 0 {
            let hurt = self.story.rules.escalation.apply(amount);
            let why = self.escalation_text(by, toward, hurt, amount);
            (hurt, Rule::Escalation, why)
        } else {
            let why = self.deflect_text(by, toward, amount);
            (amount, Rule::Deflect, why)
        };
        self.felt(toward, by, hurt, Some(by), rule, why, 0);
        let why = self.understanding_text(by, toward, amount);
        self.transfer(
            toward,
            by,
            Layer::Seen,
            amount,
            Some(by),
            Rule::Deflect,
            why,
            0,
        );
    }

    /// `claimant` calls on his credits with `pred` (whom `with` succeeds or stands in for).
    fn claim(&mut self, claimant: PartyId, with: PartyId, pred: PartyId, pressure: i32) {
        let refuse = |cx: &mut Self, reason: Refusal| {
            let why = cx.refusal_text(reason, claimant, with, pred);
            let rule = Rule::ClaimRefused { reason };
            cx.transfer(
                with,
                claimant,
                Layer::Seen,
                pressure,
                Some(claimant),
                rule.clone(),
                why.clone(),
                0,
            );
            cx.felt(with, claimant, pressure, Some(claimant), rule, why, 0);
        };

        let loyalty = loyalty(self.story, self.state, with, pred);
        let credits = Layer::ALL.map(|l| self.state.ledger.credit(claimant, pred, l).max(0));
        if !self.state.ledger.knows(with, claimant, pred) {
            return refuse(self, Refusal::Unknown);
        }
        if loyalty.0 <= 0 {
            return refuse(self, Refusal::NoLoyalty);
        }
        if credits.iter().all(|&c| c == 0) {
            return refuse(self, Refusal::NoCredits);
        }
        // Loyalty so thin that nothing would carry over is no loyalty at all.
        if credits.iter().all(|&c| loyalty.apply(c) == 0) {
            return refuse(self, Refusal::NoLoyalty);
        }
        let mut total = 0i32;
        for layer in Layer::ALL {
            let moved = loyalty.apply(credits[layer.index()]);
            if moved == 0 {
                continue;
            }
            total = total.saturating_add(moved);
            let why = self.succession_text(with, claimant, pred, layer, moved, loyalty);
            let rule = Rule::Succession { loyalty };
            // The credits leave the predecessor's account and arrive at the successor's;
            // with him they also count toward the organisation he acts for.
            let settled = self.takeover_text(with, pred, claimant, layer, moved);
            self.transfer(pred, claimant, layer, moved, None, rule.clone(), settled, 0);
            self.transfer(claimant, with, layer, moved, Some(with), rule, why, 0);
        }
        let why = self.loyalty_text(with, pred);
        self.transfer(with, pred, Layer::Seen, total, None, Rule::Loyalty, why, 0);
    }
}

/// How loyal `with` is to `pred` (his predecessor, or the one he stands in for), 0–1000:
/// `pred`'s credit with him relative to `rules.loyalty_full`.
pub(crate) fn loyalty(story: &Story, state: &State, with: PartyId, pred: PartyId) -> Permille {
    let owed = state.ledger.credit_total(pred, with) as i64;
    Permille((owed * 1000 / story.rules.loyalty_full.max(1) as i64).clamp(0, 1000) as i32)
}

/// What `holder`'s credits with `pred` are worth to `with` right now.
pub(crate) fn transferable(
    story: &Story,
    state: &State,
    holder: PartyId,
    with: PartyId,
    pred: PartyId,
) -> i32 {
    if !state.ledger.knows(with, holder, pred) {
        return 0;
    }
    let l = loyalty(story, state, with, pred);
    Layer::ALL
        .iter()
        .map(|&layer| l.apply(state.ledger.credit(holder, pred, layer).max(0)))
        .fold(0i32, i32::saturating_add)
}

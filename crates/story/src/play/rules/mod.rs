//! The rules of give and take: how an effect turns into ledger entries.
//!
//! Each rule is named ([`Rule`]) and unit-tested (`tests.rs`, `tests_model.rs`); succession
//! lives in `succession.rs`, the wording in `explain*.rs` and `why.rs`:
//! - **Perception**: every transfer is counted by the giver and the receiver as each of them
//!   noticed it, so each party has its own view of every balance. Whatever a party believes
//!   it gave beyond what came back, past what it tolerates, it feels as a deficit; the felt
//!   deficit moves every time that view moves. Acknowledging someone, or being told, makes a
//!   party see what it missed.
//! - **Gift / Valuation**: a gift is worth its amount × what the receiver thinks of its kind;
//!   the giver counts its face value (giving costs), the receiver what it is worth to him,
//!   and nothing when he did not notice it.
//! - **Take**: taking without giving back puts the other in credit; the one taken from counts
//!   it, the taker does not.
//! - **Acknowledge**: recognition is a gift on `Seen` that the acknowledged counts; it eases
//!   his felt deficit by its amount plus a share of the deficit itself (worth more the larger
//!   the deficit).
//! - **Deflect / Escalation**: blaming grows the other's felt deficit and takes understanding
//!   on `Seen`; a deflector who carries a deficit, toward anyone, hurts more.
//! - **Slight / Consolation** (hurt travels): a party carrying a deficit reads a neutral
//!   reply as a slight; a third party's acknowledgment eases part of the deficit it carries
//!   toward someone else.
//! - **Calling card / Expense**: a member's act toward an outsider moves that outsider's
//!   balance and felt deficit with the organisation too, weighted by how much the member
//!   represents it; the organisation pays for what its member gives away in the deal.
//! - **Chain**: part of what a party receives is passed on to the next one.
//! - **Succession / Loyalty / Claim refused**: credits with a predecessor (or with the boss an
//!   employee stands in for) count with his successor only if the successor knows of them and
//!   owes the predecessor enough that honouring them is a gift to him; they transfer in
//!   proportion to that loyalty. Otherwise the claim is a demand that hurts.

mod explain;
mod explain_model;
mod succession;
mod why;

pub(crate) use succession::transferable;

pub use why::Why;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_model;

use crate::compiled::{self, EffectKind, Permille};
use crate::format::scenario::Layer;
use crate::ids::PartyId;
use crate::play::ledger::{Cause, Entry, LedgerChange, Rule, State};
use crate::story::Story;
use crate::text::Text;

/// Hard bound on how deep rules may trigger each other (chains of chains, nested orgs).
const MAX_DEPTH: u32 = 32;

/// Applies an effect to the state, appending the entries it makes to `out` (`None`: the
/// caller keeps no ledger entries, as the analysis and `simulate` do not).
pub(crate) fn apply(
    story: &Story,
    state: &mut State,
    effect: &compiled::Effect,
    cause: Cause,
    step: u32,
    out: Option<&mut Vec<Entry>>,
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

/// The player answered `speaker` with a neutral reply: a speaker who carries a deficit
/// toward someone else reads it as a slight (the **Slight** rule).
pub(crate) fn neutral_reply(
    story: &Story,
    state: &mut State,
    speaker: PartyId,
    player: PartyId,
    cause: Cause,
    step: u32,
    out: Option<&mut Vec<Entry>>,
) {
    if !story.rules.hurt_travels || speaker == player {
        return;
    }
    let Some((source, carried)) = carried(story, state, speaker, Some(player)) else {
        return;
    };
    if carried < story.rules.touchy {
        return;
    }
    let mut cx = Cx {
        story,
        state,
        cause,
        step,
        note: None,
        out,
    };
    let why = Why::Slight {
        speaker,
        player,
        source,
    };
    cx.felt(speaker, player, 1, None, Rule::Slight, why, 0);
}

/// The largest deficit `who` feels toward anyone (but `except`), and toward whom; ties go to
/// the party listed first. `None` when it feels none.
fn carried(
    story: &Story,
    state: &State,
    who: PartyId,
    except: Option<PartyId>,
) -> Option<(PartyId, i32)> {
    story
        .parties
        .ids()
        .filter(|&t| t != who && Some(t) != except)
        .map(|t| (t, state.ledger.felt(who, t)))
        .filter(|&(_, f)| f > 0)
        .fold(None, |best: Option<(PartyId, i32)>, (t, f)| match best {
            Some((_, b)) if b >= f => best,
            _ => Some((t, f)),
        })
}

/// One movement of a balance: who gives whom how much, and how much of it each side counts.
#[derive(Clone, Copy, Debug)]
struct Flow {
    from: PartyId,
    to: PartyId,
    layer: Layer,
    amount: i32,
    /// What `from` counts as given.
    giver_counts: i32,
    /// What `to` counts as received.
    receiver_counts: i32,
    /// Whether it was given (a gift, recognition, or what a chain or a member passes on of
    /// one): only gifts are passed on by chains, never what was taken or demanded.
    gift: bool,
}

impl Flow {
    /// A transfer both sides count in full.
    fn open(from: PartyId, to: PartyId, layer: Layer, amount: i32) -> Flow {
        Flow {
            from,
            to,
            layer,
            amount,
            giver_counts: amount,
            receiver_counts: amount,
            gift: false,
        }
    }

    /// A gift both sides count in full.
    fn given(from: PartyId, to: PartyId, layer: Layer, amount: i32) -> Flow {
        Flow {
            gift: true,
            ..Flow::open(from, to, layer, amount)
        }
    }

    /// A transfer only the giver counts (a take, a deflection, a refused claim: the side
    /// that gains does not register it).
    fn felt_by_giver(from: PartyId, to: PartyId, layer: Layer, amount: i32) -> Flow {
        Flow {
            receiver_counts: 0,
            ..Flow::open(from, to, layer, amount)
        }
    }

    /// Bookkeeping neither side perceives.
    fn unseen(from: PartyId, to: PartyId, layer: Layer, amount: i32) -> Flow {
        Flow {
            giver_counts: 0,
            receiver_counts: 0,
            ..Flow::open(from, to, layer, amount)
        }
    }
}

/// One effect being applied: the story, the state it changes, and what every entry it makes
/// is recorded with.
struct Cx<'a> {
    story: &'a Story,
    state: &'a mut State,
    cause: Cause,
    step: u32,
    note: Option<&'a Text>,
    out: Option<&'a mut Vec<Entry>>,
}

impl Cx<'_> {
    /// Applies one change to the state and records it as an entry.
    fn record(&mut self, change: LedgerChange, rule: Rule, why: Why) {
        self.state.apply(&change);
        if let Some(out) = self.out.as_deref_mut() {
            out.push(Entry {
                change,
                rule,
                cause: self.cause,
                step: self.step,
                note: self.note.cloned(),
                why,
            });
        }
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
                unnoticed,
            } => self.give(from, to, layer, amount, kind, unnoticed),
            EffectKind::Take {
                by,
                from,
                layer,
                amount,
                unnoticed,
            } => {
                let why = Why::Take {
                    by,
                    from,
                    layer,
                    amount,
                    unnoticed,
                };
                let mut flow = Flow::felt_by_giver(from, by, layer, amount);
                if unnoticed {
                    flow.giver_counts = 0;
                }
                self.transfer(flow, Some(by), Rule::Take, why, 0);
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
                    let why = Why::Tell { who, holder, with };
                    self.record(LedgerChange::Learn { who, holder, with }, Rule::Direct, why);
                }
                // Hearing what the other did for you changes how you see the balance with him.
                if who == with && holder != who {
                    self.see_truth(who, holder, false);
                }
            }
            EffectKind::Feel {
                who,
                toward,
                amount,
            } => {
                let why = Why::Felt {
                    who,
                    toward,
                    delta: amount,
                };
                self.felt(who, toward, amount, None, Rule::Direct, why, 0);
            }
            EffectKind::Set(flag) | EffectKind::Clear(flag) => {
                let on = matches!(kind, EffectKind::Set(_));
                if self.state.flags.get(flag.index()) != on {
                    let why = Why::Flag { flag, on };
                    self.record(LedgerChange::Flag { flag, on }, Rule::Direct, why);
                }
            }
        }
    }

    /// A gift: the true balance moves by what it is worth to the receiver; the giver counts
    /// its face value, the receiver its worth (nothing when unnoticed).
    fn give(
        &mut self,
        from: PartyId,
        to: PartyId,
        layer: Layer,
        amount: i32,
        kind: Option<crate::ids::KindId>,
        unnoticed: bool,
    ) {
        let worth = self.story.valuation(to, kind);
        let value = worth.apply(amount);
        let (rule, why) = match kind {
            Some(k) if worth != Permille::ONE => (
                Rule::Valuation {
                    kind: self.story.kinds[k].clone(),
                    worth,
                },
                Why::Valuation {
                    from,
                    to,
                    kind: k,
                    worth,
                    value,
                    unnoticed,
                },
            ),
            _ => (
                Rule::Gift,
                Why::Gift {
                    from,
                    to,
                    layer,
                    value,
                    unnoticed,
                },
            ),
        };
        let flow = Flow {
            from,
            to,
            layer,
            amount: value,
            giver_counts: if self.story.rules.giving_costs {
                amount
            } else {
                value
            },
            receiver_counts: if unnoticed { 0 } else { value },
            gift: true,
        };
        // A gift the receiver does not value still happened: it is recorded (moving no
        // balance) so the reflection can say it bound nobody.
        let keep = amount != 0;
        self.transfer_inner(flow, Some(from), rule, why, 0, keep);
    }

    /// Records a transfer, then lets perception, the calling card and chains react to it.
    /// `actor` is whoever acted (for the calling card); `None` for bookkeeping moves.
    fn transfer(&mut self, flow: Flow, actor: Option<PartyId>, rule: Rule, why: Why, depth: u32) {
        self.transfer_inner(flow, actor, rule, why, depth, false)
    }

    fn transfer_inner(
        &mut self,
        flow: Flow,
        actor: Option<PartyId>,
        rule: Rule,
        why: Why,
        depth: u32,
        keep_empty: bool,
    ) {
        let Flow {
            from,
            to,
            layer,
            amount,
            ..
        } = flow;
        let mut flow = flow;
        if !self.story.rules.perception {
            // Without perception nobody keeps a view of the balances: states stay small.
            (flow.giver_counts, flow.receiver_counts) = (0, 0);
        }
        let counted = flow.giver_counts != 0 || flow.receiver_counts != 0;
        if from == to || (amount == 0 && !counted && !keep_empty) {
            return;
        }
        let is_gift = matches!(rule, Rule::Gift | Rule::Valuation { .. });
        let before = (self.shortfall(from, to), self.shortfall(to, from));
        self.record(
            LedgerChange::Transfer {
                from,
                to,
                layer,
                amount,
                giver_counts: flow.giver_counts,
                receiver_counts: flow.receiver_counts,
            },
            rule,
            why,
        );
        self.perceive_felt(from, to, before.0);
        self.perceive_felt(to, from, before.1);
        if depth >= MAX_DEPTH || amount == 0 {
            return;
        }
        if let Some(actor) = actor {
            self.calling_card(flow, actor, is_gift, depth);
        }
        if flow.gift && amount > 0 && depth < self.story.rules.chain_depth {
            for (index, ch) in self.story.chains.iter().enumerate() {
                // A chain passes on: it never hands the same thing straight back to its giver
                // (thanks on the other layer do go back).
                let bounce = ch.pass_to == from && ch.as_layer == layer;
                if ch.at == to && ch.layer == layer && !bounce && ch.from.is_none_or(|f| f == from)
                {
                    let passed = ch.share.apply(amount);
                    let saved = self.note.take();
                    // The chain's own note explains the passed-on entry. Passing on what one
                    // received is not one's own gift: only the next one counts it.
                    let why = Why::Chain {
                        at: to,
                        pass_to: ch.pass_to,
                        passed,
                        index,
                    };
                    let flow = Flow {
                        giver_counts: 0,
                        ..Flow::given(to, ch.pass_to, ch.as_layer, passed)
                    };
                    self.transfer(flow, Some(to), Rule::Chain { index }, why, depth + 1);
                    self.note = saved;
                }
            }
        }
    }

    /// A member's act toward an outsider counts for each organisation it acts for, and the
    /// organisation pays for what the member gives away in the deal.
    fn calling_card(&mut self, flow: Flow, actor: PartyId, is_gift: bool, depth: u32) {
        let Flow {
            from,
            to,
            layer,
            amount,
            ..
        } = flow;
        let counterpart = if actor == from { to } else { from };
        for &(org, weight) in &self.story.parties[actor].member_of {
            if counterpart == org || self.is_member(counterpart, org) {
                continue;
            }
            let share = weight.apply(amount);
            // The outsider perceives the organisation's part as he perceived the act.
            let card = if actor == from {
                Flow {
                    from: org,
                    to,
                    layer,
                    amount: share,
                    giver_counts: 0,
                    receiver_counts: weight.apply(flow.receiver_counts),
                    gift: flow.gift,
                }
            } else {
                Flow {
                    from,
                    to: org,
                    layer,
                    amount: share,
                    giver_counts: weight.apply(flow.giver_counts),
                    receiver_counts: 0,
                    gift: flow.gift,
                }
            };
            let why = Why::CallingCard {
                member: actor,
                org,
                client: counterpart,
                weight,
            };
            let rule = Rule::CallingCard { org, weight };
            self.transfer(card, Some(org), rule, why, depth + 1);
            // One who wholly stands for the organisation (its owner, its director) gives as
            // the organisation itself: nobody pays it back.
            if is_gift
                && actor == from
                && layer == Layer::Deal
                && share > 0
                && weight != Permille::ONE
                && self.story.rules.giving_costs
            {
                let why = Why::Expense {
                    org,
                    member: actor,
                    client: counterpart,
                    share,
                };
                let paid = Flow::unseen(org, actor, Layer::Deal, share);
                self.transfer(paid, None, Rule::Expense { org }, why, depth + 1);
            }
        }
    }

    /// What `who` believes it is owed by `with` beyond what it tolerates, summed over the
    /// layers (a surplus on one layer does not make up for a shortfall on the other).
    fn shortfall(&self, who: PartyId, with: PartyId) -> i32 {
        let tol = self.story.parties[who].tolerance;
        Layer::ALL
            .iter()
            .map(|&l| {
                self.state
                    .ledger
                    .perceived(who, with, l)
                    .saturating_sub(tol)
                    .max(0)
            })
            .fold(0, i32::saturating_add)
    }

    /// The **Perception** rule: `who`'s view of its balance with `with` moved from a
    /// shortfall of `before`; its felt deficit follows by the difference.
    fn perceive_felt(&mut self, who: PartyId, with: PartyId, before: i32) {
        if !self.story.rules.perception || who == with {
            return;
        }
        let now = self.shortfall(who, with);
        if now != before {
            let why = Why::Perception {
                who,
                with,
                delta: now - before,
            };
            self.felt(who, with, now - before, None, Rule::Perception, why, 0);
        }
    }

    /// `who` sees its balance with `with` as it truly is: told of it (`all`), or, having
    /// just named `with`'s effort, no longer overlooking what `with` gave (only views that
    /// overstate what `who` is owed come down).
    fn see_truth(&mut self, who: PartyId, with: PartyId, only_overlooked: bool) {
        if !self.story.rules.perception {
            return;
        }
        let before = self.shortfall(who, with);
        for layer in Layer::ALL {
            let truth = self.state.ledger.credit(who, with, layer);
            let seen = self.state.ledger.perceived(who, with, layer);
            let delta = truth.saturating_sub(seen);
            if delta == 0 || (only_overlooked && delta > 0) {
                continue;
            }
            let why = Why::Realise {
                who,
                with,
                layer,
                delta,
            };
            self.record(
                LedgerChange::Perceive {
                    who,
                    with,
                    layer,
                    delta,
                },
                Rule::Perception,
                why,
            );
        }
        self.perceive_felt(who, with, before);
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
        why: Why,
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
                let why = Why::CallingCard {
                    member: actor,
                    org,
                    client: who,
                    weight,
                };
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

    /// `by` recognises `of`: `by` sees what `of` gave, `of` counts the recognition, and the
    /// deficit `of` feels eases (more than the bookkeeping alone: being seen relieves).
    fn acknowledge(&mut self, by: PartyId, of: PartyId, amount: i32) {
        self.see_truth(by, of, true);
        let deficit = self.state.ledger.felt(of, by);
        let relief = self.relief(amount, deficit);
        let orgs: Vec<(PartyId, Permille, i32)> = self.story.parties[by]
            .member_of
            .iter()
            .filter(|&&(org, _)| of != org && !self.is_member(of, org))
            .map(|&(org, w)| (org, w, self.state.ledger.felt(of, org)))
            .collect();
        let why = Why::Recognition { by, of, amount };
        let mut flow = Flow::given(by, of, Layer::Seen, amount);
        // Thanking someone one knows one owes is repaying, not giving: only what goes beyond
        // that debt (as `by` sees it, on both layers) counts as given.
        let owed = self
            .state
            .ledger
            .perceived_total(by, of)
            .saturating_neg()
            .max(0);
        flow.giver_counts = if self.story.rules.giving_costs {
            amount.saturating_sub(owed).max(0)
        } else {
            0
        };
        self.transfer(flow, Some(by), Rule::Acknowledge, why, 0);
        let eased = deficit - self.state.ledger.felt(of, by);
        if relief > eased {
            let why = Why::Acknowledge {
                by,
                of,
                relief: relief - eased,
            };
            self.felt(of, by, eased - relief, None, Rule::Acknowledge, why, 0);
        }
        // A member's acknowledgment also speaks for the organisation: it eases the grudge held
        // against the organisation itself (an apology "on behalf of the bank"), by its own
        // deficit, weighted by how much the member represents it.
        for (org, weight, held) in orgs {
            let eased = held - self.state.ledger.felt(of, org);
            let due = weight.apply(self.relief(amount, held));
            if due > eased {
                let why = Why::CallingCard {
                    member: by,
                    org,
                    client: of,
                    weight,
                };
                let rule = Rule::CallingCard { org, weight };
                self.felt(of, org, eased - due, Some(org), rule, why, 1);
            }
        }
        // Hurt travels back the same way: being seen by a third party eases part of what
        // `of` carries from someone else.
        if self.story.rules.hurt_travels
            && let Some((source, held)) = carried(self.story, self.state, of, Some(by))
            && !self.is_member(by, source)
        {
            let eased = self
                .story
                .rules
                .consolation
                .apply(self.relief(amount, held))
                .min(held);
            if eased > 0 {
                let why = Why::Consolation {
                    by,
                    of,
                    source,
                    eased,
                };
                self.felt(of, source, -eased, None, Rule::Consolation, why, 0);
            }
        }
    }

    /// `by` blames `toward`: the deficit `toward` feels grows (escalating when `by` carries
    /// a deficit of his own), and `by` takes understanding he does not give.
    fn deflect(&mut self, by: PartyId, toward: PartyId, amount: i32) {
        let source = if self.story.rules.hurt_travels {
            carried(self.story, self.state, by, None)
        } else {
            let own = self.state.ledger.felt(by, toward);
            (own > 0).then_some((toward, own))
        };
        let (hurt, rule, why) = match source {
            Some((source, _)) => {
                let hurt = self.story.rules.escalation.apply(amount);
                let why = Why::Escalation {
                    by,
                    toward,
                    source,
                    hurt,
                    amount,
                };
                (hurt, Rule::Escalation, why)
            }
            None => {
                let why = Why::Deflect { by, toward, amount };
                (amount, Rule::Deflect, why)
            }
        };
        self.felt(toward, by, hurt, Some(by), rule, why, 0);
        let why = Why::Understanding { by, toward, amount };
        let flow = Flow::felt_by_giver(toward, by, Layer::Seen, amount);
        self.transfer(flow, Some(by), Rule::Deflect, why, 0);
    }
}

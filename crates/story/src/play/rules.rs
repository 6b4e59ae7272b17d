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

use crate::compiled::{self, EffectKind, Permille};
use crate::format::scenario::Layer;
use crate::ids::PartyId;
use crate::play::ledger::{Cause, Entry, LedgerChange, Refusal, Rule, State};
use crate::story::Story;
use crate::text::{Lang, Text, capitalize};

/// Hard bound on how deep rules may trigger each other (chains of chains, nested orgs).
const MAX_DEPTH: u32 = 32;

/// Applies an effect to the state, appending the entries it makes.
pub fn apply(
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

struct Cx<'a> {
    story: &'a Story,
    state: &'a mut State,
    cause: Cause,
    step: u32,
    note: Option<&'a Text>,
    out: &'a mut Vec<Entry>,
}

/// Builds a [`Text`] from one format string per language.
macro_rules! text {
    ($en:expr, $nl:expr) => {
        Text::new($en, $nl)
    };
}

impl Cx<'_> {
    fn name(&self, p: PartyId, lang: Lang) -> &str {
        self.story.party_name(p, lang)
    }

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
                        let (ken, knl) = (
                            self.story.kind_name(k, Lang::En),
                            self.story.kind_name(k, Lang::Nl),
                        );
                        let why = if value == 0 {
                            text!(
                                format!(
                                    "{} gives {} {ken}, worth nothing to {}: it binds nobody.",
                                    self.name(from, Lang::En),
                                    self.name(to, Lang::En),
                                    self.name(to, Lang::En)
                                ),
                                format!(
                                    "{} geeft {} {knl}, voor {} niets waard: het bindt niemand.",
                                    self.name(from, Lang::Nl),
                                    self.name(to, Lang::Nl),
                                    self.name(to, Lang::Nl)
                                )
                            )
                        } else {
                            text!(
                                format!(
                                    "{} gives {} {ken}, worth {value} to {} (valued ×{}).",
                                    self.name(from, Lang::En),
                                    self.name(to, Lang::En),
                                    self.name(to, Lang::En),
                                    fmt_pm(worth, Lang::En)
                                ),
                                format!(
                                    "{} geeft {} {knl}, voor {} {value} waard (gewaardeerd ×{}).",
                                    self.name(from, Lang::Nl),
                                    self.name(to, Lang::Nl),
                                    self.name(to, Lang::Nl),
                                    fmt_pm(worth, Lang::Nl)
                                )
                            )
                        };
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
                let why = text!(
                    format!(
                        "{} takes {amount} from {} on {}.",
                        self.name(by, Lang::En),
                        self.name(from, Lang::En),
                        layer.name(Lang::En)
                    ),
                    format!(
                        "{} neemt {amount} van {} op {}.",
                        self.name(by, Lang::Nl),
                        self.name(from, Lang::Nl),
                        layer.name(Lang::Nl)
                    )
                );
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
                    let why = text!(
                        format!(
                            "{} now knows of what {} built up with {}.",
                            self.name(who, Lang::En),
                            self.name(holder, Lang::En),
                            self.name(with, Lang::En)
                        ),
                        format!(
                            "{} weet nu wat {} met {} heeft opgebouwd.",
                            self.name(who, Lang::Nl),
                            self.name(holder, Lang::Nl),
                            self.name(with, Lang::Nl)
                        )
                    );
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
                    let name = &self.story.flags[flag];
                    let why = if on {
                        text!(format!("Now true: {name}."), format!("Nu waar: {name}."))
                    } else {
                        text!(
                            format!("No longer true: {name}."),
                            format!("Niet meer waar: {name}.")
                        )
                    };
                    self.record(LedgerChange::Flag { flag, on }, Rule::Direct, why);
                }
            }
        }
    }

    fn gift_text(&self, from: PartyId, to: PartyId, layer: Layer, value: i32) -> Text {
        text!(
            format!(
                "{} gives {} {value} on {}.",
                self.name(from, Lang::En),
                self.name(to, Lang::En),
                layer.name(Lang::En)
            ),
            format!(
                "{} geeft {} {value} op {}.",
                self.name(from, Lang::Nl),
                self.name(to, Lang::Nl),
                layer.name(Lang::Nl)
            )
        )
    }

    fn felt_text(&self, who: PartyId, toward: PartyId, delta: i32) -> Text {
        let (en, nl) = if delta >= 0 {
            ("grows", "groeit")
        } else {
            ("eases", "slinkt")
        };
        text!(
            format!(
                "The deficit {} feels toward {} {en} by {}.",
                self.name(who, Lang::En),
                self.name(toward, Lang::En),
                delta.unsigned_abs()
            ),
            format!(
                "Het tekort dat {} voelt tegenover {} {nl} met {}.",
                self.name(who, Lang::Nl),
                self.name(toward, Lang::Nl),
                delta.unsigned_abs()
            )
        )
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
                    let why = text!(
                        format!(
                            "{} passes {passed} of it on to {}: {}",
                            self.name(to, Lang::En),
                            self.name(ch.pass_to, Lang::En),
                            note.get(Lang::En)
                        ),
                        format!(
                            "{} geeft daarvan {passed} door aan {}: {}",
                            self.name(to, Lang::Nl),
                            self.name(ch.pass_to, Lang::Nl),
                            note.get(Lang::Nl)
                        )
                    );
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

    fn is_member(&self, p: PartyId, org: PartyId) -> bool {
        self.story.parties[p]
            .member_of
            .iter()
            .any(|&(o, _)| o == org)
    }

    fn calling_card_text(
        &self,
        member: PartyId,
        org: PartyId,
        client: PartyId,
        weight: Permille,
    ) -> Text {
        let pct = weight.0 / 10;
        text!(
            format!(
                "{} acts for {} (counts {pct}%): {}'s balance with {} moves too.",
                self.name(member, Lang::En),
                self.name(org, Lang::En),
                self.name(client, Lang::En),
                self.name(org, Lang::En)
            ),
            format!(
                "{} handelt namens {} (telt {pct}%): de balans van {} met {} verschuift mee.",
                self.name(member, Lang::Nl),
                self.name(org, Lang::Nl),
                self.name(client, Lang::Nl),
                self.name(org, Lang::Nl)
            )
        )
    }

    /// How much an acknowledgment of `amount` eases a felt deficit: its amount plus a share
    /// of the deficit itself, never more than the deficit.
    fn relief(&self, amount: i32, deficit: i32) -> i32 {
        amount
            .max(0)
            .saturating_add(self.story.rules.ack_scale.apply(deficit))
            .min(deficit)
    }

    fn acknowledge(&mut self, by: PartyId, of: PartyId, amount: i32) {
        let deficit = self.state.ledger.felt(of, by);
        let relief = self.relief(amount, deficit);
        let why = text!(
            format!(
                "{} acknowledges {}: the deficit {} felt toward {} shrinks by {relief} (the larger it was, the more it helps).",
                self.name(by, Lang::En),
                self.name(of, Lang::En),
                self.name(of, Lang::En),
                self.name(by, Lang::En)
            ),
            format!(
                "{} erkent {}: het tekort dat {} voelde tegenover {} slinkt met {relief} (hoe groter het was, hoe meer het helpt).",
                self.name(by, Lang::Nl),
                self.name(of, Lang::Nl),
                self.name(of, Lang::Nl),
                self.name(by, Lang::Nl)
            )
        );
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
        let why = text!(
            format!(
                "Recognition is a gift: {} gives {} {amount} on being seen.",
                self.name(by, Lang::En),
                self.name(of, Lang::En)
            ),
            format!(
                "Erkenning is een gift: {} geeft {} {amount} op gezien worden.",
                self.name(by, Lang::Nl),
                self.name(of, Lang::Nl)
            )
        );
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

    fn deflect(&mut self, by: PartyId, toward: PartyId, amount: i32) {
        let own = self.state.ledger.felt(by, toward);
        let (hurt, rule, why) = if own > 0 {
            let hurt = self.story.rules.escalation.apply(amount);
            let why = text!(
                format!(
                    "{} plays a deficit of their own against {}'s: the deficit {} feels toward {} grows by {hurt}, not {amount}.",
                    self.name(by, Lang::En),
                    self.name(toward, Lang::En),
                    self.name(toward, Lang::En),
                    self.name(by, Lang::En)
                ),
                format!(
                    "{} zet het eigen tekort af tegen dat van {}: het tekort dat {} voelt tegenover {} groeit met {hurt}, niet {amount}.",
                    self.name(by, Lang::Nl),
                    self.name(toward, Lang::Nl),
                    self.name(toward, Lang::Nl),
                    self.name(by, Lang::Nl)
                )
            );
            (hurt, Rule::Escalation, why)
        } else {
            let why = text!(
                format!(
                    "{} deflects: the deficit {} feels toward {} grows by {amount}.",
                    self.name(by, Lang::En),
                    self.name(toward, Lang::En),
                    self.name(by, Lang::En)
                ),
                format!(
                    "{} schuift het af: het tekort dat {} voelt tegenover {} groeit met {amount}.",
                    self.name(by, Lang::Nl),
                    self.name(toward, Lang::Nl),
                    self.name(by, Lang::Nl)
                )
            );
            (amount, Rule::Deflect, why)
        };
        self.felt(toward, by, hurt, Some(by), rule, why, 0);
        let why = text!(
            format!(
                "{} asks for understanding without giving any: {} gives {amount} on being seen.",
                self.name(by, Lang::En),
                self.name(toward, Lang::En)
            ),
            format!(
                "{} vraagt begrip zonder het te geven: {} geeft {amount} op gezien worden.",
                self.name(by, Lang::Nl),
                self.name(toward, Lang::Nl)
            )
        );
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
            let pred_en = cx.name(pred, Lang::En).to_string();
            let pred_nl = cx.name(pred, Lang::Nl).to_string();
            let (w_en, w_nl) = (
                cx.name(with, Lang::En).to_string(),
                cx.name(with, Lang::Nl).to_string(),
            );
            let (c_en, c_nl) = (
                cx.name(claimant, Lang::En).to_string(),
                cx.name(claimant, Lang::Nl).to_string(),
            );
            let why = match reason {
                Refusal::Unknown => text!(
                    format!(
                        "{w_en} never heard of what {c_en} built up with {pred_en}: the claim is only a demand."
                    ),
                    format!(
                        "{w_nl} heeft nooit gehoord van wat {c_nl} met {pred_nl} opbouwde: het beroep is alleen een eis."
                    )
                ),
                Refusal::NoLoyalty => text!(
                    format!(
                        "{w_en} owes {pred_en} nothing that honouring these credits would repay: the claim is only a demand."
                    ),
                    format!(
                        "{w_nl} staat bij {pred_nl} niet in het krijt; die credits overnemen is geen gift aan {pred_nl}: het beroep is alleen een eis."
                    )
                ),
                Refusal::NoCredits => text!(
                    format!(
                        "{c_en} has no credits left with {pred_en}: the claim is only a demand."
                    ),
                    format!(
                        "{c_nl} heeft geen credits meer bij {pred_nl}: het beroep is alleen een eis."
                    )
                ),
            };
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
        let pct = loyalty.0 / 10;
        let mut total = 0i32;
        for layer in Layer::ALL {
            let moved = loyalty.apply(credits[layer.index()]);
            if moved == 0 {
                continue;
            }
            total = total.saturating_add(moved);
            let why = text!(
                format!(
                    "{} knows of {}'s years with {} and honours them: {moved} of those credits on {} now count with {} (loyalty {pct}%).",
                    self.name(with, Lang::En),
                    self.name(claimant, Lang::En),
                    self.name(pred, Lang::En),
                    layer.name(Lang::En),
                    self.name(with, Lang::En)
                ),
                format!(
                    "{} kent de jaren van {} met {} en eert ze: {moved} van die credits op {} tellen nu bij {} (loyaliteit {pct}%).",
                    self.name(with, Lang::Nl),
                    self.name(claimant, Lang::Nl),
                    self.name(pred, Lang::Nl),
                    layer.name(Lang::Nl),
                    self.name(with, Lang::Nl)
                )
            );
            let rule = Rule::Succession { loyalty };
            // The credits leave the predecessor's account and arrive at the successor's;
            // with him they also count toward the organisation he acts for.
            let settled = text!(
                format!(
                    "{} takes over {moved} of what {} owed {} on {}.",
                    self.name(with, Lang::En),
                    self.name(pred, Lang::En),
                    self.name(claimant, Lang::En),
                    layer.name(Lang::En)
                ),
                format!(
                    "{} neemt {moved} over van wat {} aan {} verschuldigd was op {}.",
                    self.name(with, Lang::Nl),
                    self.name(pred, Lang::Nl),
                    self.name(claimant, Lang::Nl),
                    layer.name(Lang::Nl)
                )
            );
            self.transfer(pred, claimant, layer, moved, None, rule.clone(), settled, 0);
            self.transfer(claimant, with, layer, moved, Some(with), rule, why, 0);
        }
        let why = text!(
            format!(
                "Honouring them is {}'s gift to {}.",
                self.name(with, Lang::En),
                self.name(pred, Lang::En)
            ),
            format!(
                "Ze eren is de gift van {} aan {}.",
                self.name(with, Lang::Nl),
                self.name(pred, Lang::Nl)
            )
        );
        self.transfer(with, pred, Layer::Seen, total, None, Rule::Loyalty, why, 0);
    }
}

/// How loyal `with` is to `pred` (his predecessor, or the one he stands in for), 0–1000:
/// `pred`'s credit with him relative to `rules.loyalty_full`.
pub fn loyalty(story: &Story, state: &State, with: PartyId, pred: PartyId) -> Permille {
    let owed = state.ledger.credit_total(pred, with) as i64;
    Permille((owed * 1000 / story.rules.loyalty_full.max(1) as i64).clamp(0, 1000) as i32)
}

/// What `holder`'s credits with `pred` are worth to `with` right now.
pub fn transferable(
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

/// A factor as people write it: `1.5` in English, `1,5` in Dutch.
fn fmt_pm(p: Permille, lang: Lang) -> String {
    let s = format!("{:.2}", p.0 as f64 / 1000.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match lang {
        Lang::En => s.to_string(),
        Lang::Nl => s.replace('.', ","),
    }
}

#[cfg(test)]
mod tests {
    //! One test per named rule, on a tiny scenario with parties a, b, c, d, an organisation
    //! `org` (members a 0.8, c 0.5), `heir` who succeeds `c`, and valuations of b's.
    use super::*;
    use crate::check::check_str;
    use crate::format::scenario::Layer::{Deal, Seen};
    use crate::play::ledger::{Entry, LedgerChange, Refusal, Rule, State};
    use crate::story::Story;

    fn story(extra: &str) -> Story {
        let src = format!(
            r#"Scenario(
                id: "t", title: (en: "T", nl: "T"), summary: (en: "S", nl: "S"), player: "a",
                parties: [
                    Party(id: "a", name: (en: "A", nl: "A")),
                    Party(id: "b", name: (en: "B", nl: "B")),
                    Party(id: "c", name: (en: "C", nl: "C")),
                    Party(id: "d", name: (en: "D", nl: "D")),
                    Party(id: "heir", name: (en: "H", nl: "H"), succeeds: "c"),
                    Party(id: "org", name: (en: "O", nl: "O"), kind: Organisation,
                          members: [(party: "a", weight: 0.8), (party: "c", weight: 0.5)]),
                ],
                valuations: [(party: "b", kind: "toys", worth: 1.5), (party: "b", kind: "cards", worth: 0.0)],
                {extra}
                nodes: [Node(id: "n", text: (en: "x", nl: "y"), then: End)],
                outcomes: [Outcome(id: "o", title: (en: "O", nl: "O"), epilogue: (en: "E", nl: "E"), tone: Mixed)],
            )"#
        );
        let c = check_str(&src);
        c.story.unwrap_or_else(|| panic!("{:?}", c.diagnostics))
    }

    fn p(s: &Story, id: &str) -> PartyId {
        s.party(id).unwrap()
    }

    /// Applies effects written in RON to a fresh state, through the real path: they become
    /// the scenario's `history`, which is checked and run like any file's.
    fn run(s: &Story, state: &mut State, effects: &str) -> Vec<Entry> {
        let mut sc = s.scenario.clone();
        sc.history = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(effects)
            .unwrap();
        let checked = crate::check::compile(sc);
        let with = checked
            .story
            .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
        let rs = crate::play::runner::RunState::new(&with, 0).unwrap();
        *state = rs.state;
        rs.entries
    }

    #[test]
    fn gift_is_worth_what_the_receiver_values() {
        let s = story("");
        let mut st = State::new(s.parties.len());
        let es = run(
            &s,
            &mut st,
            r#"[Give(from: "d", to: "b", layer: Deal, amount: 10, kind: "toys"), Give(from: "d", to: "b", layer: Deal, amount: 10, kind: "cards"), Give(from: "d", to: "b", layer: Deal, amount: 10)]"#,
        );
        assert_eq!(st.ledger.credit(p(&s, "d"), p(&s, "b"), Deal), 15 + 10);
        assert!(
            matches!(&es[0].rule, Rule::Valuation { kind, worth } if kind == "toys" && worth.0 == 1500)
        );
        // A worthless gift moves nothing, but its entry says so: it binds nobody.
        assert_eq!(es.len(), 3);
        assert!(matches!(
            es[1].change,
            LedgerChange::Transfer { amount: 0, .. }
        ));
        assert!(es[1].why.en.as_deref().unwrap().contains("worth nothing"));
        assert_eq!(es[2].rule, Rule::Gift);
    }

    #[test]
    fn take_puts_the_other_in_credit() {
        let s = story("");
        let mut st = State::new(s.parties.len());
        run(
            &s,
            &mut st,
            r#"[Take(by: "b", from: "c", layer: Seen, amount: 4)]"#,
        );
        assert_eq!(st.ledger.credit(p(&s, "c"), p(&s, "b"), Seen), 4);
    }

    #[test]
    fn acknowledging_helps_more_the_larger_the_deficit() {
        let s = story("");
        let relief = |deficit: i32| {
            let mut st = State::new(s.parties.len());
            run(
                &s,
                &mut st,
                &format!(
                    r#"[Feel(who: "b", toward: "c", amount: {deficit}), Acknowledge(by: "c", of: "b", amount: 2)]"#
                ),
            );
            deficit - st.ledger.felt(p(&s, "b"), p(&s, "c"))
        };
        assert_eq!(relief(1), 1, "never below zero");
        assert_eq!(relief(8), 4, "2 + 25% of 8");
        assert_eq!(relief(20), 7, "2 + 25% of 20");
        let mut st = State::new(s.parties.len());
        run(&s, &mut st, r#"[Acknowledge(by: "c", of: "b", amount: 3)]"#);
        assert_eq!(
            st.ledger.credit(p(&s, "c"), p(&s, "b"), Seen),
            3,
            "recognition is a gift on Seen"
        );
    }

    #[test]
    fn deflecting_grows_the_deficit_and_takes_understanding() {
        let s = story("");
        let mut st = State::new(s.parties.len());
        let es = run(&s, &mut st, r#"[Deflect(by: "d", toward: "b", amount: 4)]"#);
        assert_eq!(st.ledger.felt(p(&s, "b"), p(&s, "d")), 4);
        assert_eq!(st.ledger.credit(p(&s, "b"), p(&s, "d"), Seen), 4);
        assert!(es.iter().all(|e| e.rule == Rule::Deflect));
    }

    #[test]
    fn both_deflecting_escalates_and_both_acknowledging_repairs() {
        let s = story("");
        let (b, c) = (p(&s, "b"), p(&s, "c"));
        let start =
            r#"Feel(who: "b", toward: "c", amount: 6), Feel(who: "c", toward: "b", amount: 6)"#;
        let mut fight = State::new(s.parties.len());
        let es = run(
            &s,
            &mut fight,
            &format!(
                r#"[{start}, Deflect(by: "c", toward: "b", amount: 4), Deflect(by: "b", toward: "c", amount: 4)]"#
            ),
        );
        assert_eq!(fight.ledger.felt(b, c), 12, "6 + 4 × 1.5");
        assert_eq!(fight.ledger.felt(c, b), 12);
        assert_eq!(es.iter().filter(|e| e.rule == Rule::Escalation).count(), 2);
        let mut peace = State::new(s.parties.len());
        run(
            &s,
            &mut peace,
            &format!(
                r#"[{start}, Acknowledge(by: "c", of: "b", amount: 2), Acknowledge(by: "b", of: "c", amount: 2)]"#
            ),
        );
        assert!(
            peace.ledger.felt(b, c) < 6 && peace.ledger.felt(c, b) < 6,
            "both shrink"
        );
        // Deflecting at someone who feels no deficit toward you does not escalate.
        let mut one_sided = State::new(s.parties.len());
        run(
            &s,
            &mut one_sided,
            r#"[Deflect(by: "c", toward: "b", amount: 4)]"#,
        );
        assert_eq!(one_sided.ledger.felt(b, c), 4);
    }

    #[test]
    fn a_members_act_moves_the_clients_balance_with_the_organisation() {
        let s = story("");
        let (a, b, org) = (p(&s, "a"), p(&s, "b"), p(&s, "org"));
        let mut st = State::new(s.parties.len());
        let es = run(
            &s,
            &mut st,
            r#"[Give(from: "a", to: "b", layer: Deal, amount: 10), Deflect(by: "a", toward: "b", amount: 5)]"#,
        );
        assert_eq!(st.ledger.credit(org, b, Deal), 8, "80% of the gift");
        assert_eq!(st.ledger.felt(b, org), 4, "80% of the hurt");
        assert!(
            es.iter()
                .any(|e| matches!(e.rule, Rule::CallingCard { org: o, .. } if o == org))
        );
        // Between members of the same organisation the card does not apply.
        let mut inside = State::new(s.parties.len());
        run(
            &s,
            &mut inside,
            r#"[Give(from: "a", to: "c", layer: Deal, amount: 10)]"#,
        );
        assert_eq!(inside.ledger.credit(org, p(&s, "c"), Deal), 0);
        assert_eq!(inside.ledger.credit(a, p(&s, "c"), Deal), 10);
    }

    #[test]
    fn a_members_acknowledgment_eases_a_grudge_against_the_organisation() {
        let s = story("");
        let (b, org) = (p(&s, "b"), p(&s, "org"));
        let mut st = State::new(s.parties.len());
        run(
            &s,
            &mut st,
            r#"[Feel(who: "b", toward: "org", amount: 8), Acknowledge(by: "a", of: "b", amount: 5)]"#,
        );
        // 80% of (5 plus 25% of the 8 held against the organisation) = 5.6, rounded to 6.
        assert_eq!(st.ledger.felt(b, org), 2);
    }

    #[test]
    fn chains_pass_part_of_what_is_received_onward() {
        let s = story(
            r#"chains: [
                (at: "b", from: "a", layer: Deal, pass_to: "c", share: 0.5, note: (en: "on", nl: "door")),
                (at: "c", layer: Deal, pass_to: "b", as_layer: Seen, share: 0.5, note: (en: "back", nl: "terug")),
            ],"#,
        );
        let (a, b, c) = (p(&s, "a"), p(&s, "b"), p(&s, "c"));
        let mut st = State::new(s.parties.len());
        let es = run(
            &s,
            &mut st,
            r#"[Give(from: "a", to: "b", layer: Deal, amount: 8)]"#,
        );
        assert_eq!(st.ledger.credit(a, b, Deal), 8);
        assert_eq!(st.ledger.credit(b, c, Deal), 4, "half passed on");
        assert_eq!(
            st.ledger.credit(c, b, Seen),
            2,
            "and half of that comes back as thanks"
        );
        assert!(
            es.iter()
                .filter(|e| matches!(e.rule, Rule::Chain { .. }))
                .count()
                >= 2
        );
    }

    #[test]
    fn chain_cycles_stop_at_the_depth_limit() {
        let s = story(
            r#"rules: (chain_depth: 5),
               chains: [
                (at: "b", layer: Deal, pass_to: "d", share: 1.0, note: (en: "x", nl: "x")),
                (at: "d", layer: Deal, pass_to: "heir", share: 1.0, note: (en: "x", nl: "x")),
                (at: "heir", layer: Deal, pass_to: "b", share: 1.0, note: (en: "x", nl: "x")),
               ],"#,
        );
        let mut st = State::new(s.parties.len());
        let es = run(
            &s,
            &mut st,
            r#"[Give(from: "org", to: "b", layer: Deal, amount: 3)]"#,
        );
        assert_eq!(
            es.len(),
            1 + 5,
            "the gift, then five links round the circle"
        );
    }

    #[test]
    fn a_chain_never_hands_the_same_thing_straight_back() {
        let s = story(
            r#"chains: [(at: "b", layer: Deal, pass_to: "d", share: 0.5, note: (en: "x", nl: "x"))],"#,
        );
        let mut st = State::new(s.parties.len());
        let es = run(
            &s,
            &mut st,
            r#"[Take(by: "b", from: "d", layer: Deal, amount: 4)]"#,
        );
        assert_eq!(es.len(), 1, "what b took from d is not passed back to d");
    }

    #[test]
    fn succession_needs_knowledge_and_loyalty() {
        let s = story("");
        let (a, c, heir) = (p(&s, "a"), p(&s, "c"), p(&s, "heir"));
        let history = r#"Give(from: "a", to: "c", layer: Deal, amount: 10), Give(from: "c", to: "heir", layer: Seen, amount: 10)"#;

        let mut unknown = State::new(s.parties.len());
        let es = run(
            &s,
            &mut unknown,
            &format!(r#"[{history}, ClaimCredit(claimant: "a", with: "heir", pressure: 3)]"#),
        );
        assert!(es.iter().any(|e| e.rule
            == Rule::ClaimRefused {
                reason: Refusal::Unknown
            }));
        assert_eq!(
            unknown.ledger.credit(a, heir, Seen),
            -3,
            "the claim is a take"
        );
        assert_eq!(unknown.ledger.felt(heir, a), 3);
        assert_eq!(
            unknown.ledger.credit(a, c, Deal),
            10,
            "the credits stay with the person"
        );

        let mut disloyal = State::new(s.parties.len());
        let es = run(
            &s,
            &mut disloyal,
            r#"[Give(from: "a", to: "c", layer: Deal, amount: 10), Tell(who: "heir", holder: "a", with: "c"), ClaimCredit(claimant: "a", with: "heir")]"#,
        );
        assert!(es.iter().any(|e| e.rule
            == Rule::ClaimRefused {
                reason: Refusal::NoLoyalty
            }));

        let mut loyal = State::new(s.parties.len());
        let es = run(
            &s,
            &mut loyal,
            &format!(
                r#"[{history}, Tell(who: "heir", holder: "a", with: "c"), ClaimCredit(claimant: "a", with: "heir")]"#
            ),
        );
        // Loyalty: c's credit with heir (10) over loyalty_full (20) = 50%.
        assert!(
            es.iter()
                .any(|e| matches!(e.rule, Rule::Succession { loyalty } if loyalty.0 == 500))
        );
        assert_eq!(
            loyal.ledger.credit(a, heir, Deal),
            5,
            "half the credits count with the heir"
        );
        assert_eq!(
            loyal.ledger.credit(a, c, Deal),
            5,
            "and left the predecessor's account"
        );
        assert_eq!(
            loyal.ledger.credit(c, heir, Seen),
            5,
            "honouring them was the heir's gift to his father"
        );
        assert!(es.iter().any(|e| e.rule == Rule::Loyalty));
        // Loyalty is spent by honouring: c's credit with heir fell to 5 (25%) on 5 credits left.
        assert_eq!(transferable(&s, &loyal, a, heir, c), 1);
    }

    #[test]
    fn every_entry_explains_itself_in_both_languages() {
        let s = story("");
        let mut st = State::new(s.parties.len());
        let es = run(
            &s,
            &mut st,
            r#"[Give(from: "a", to: "b", layer: Deal, amount: 3, kind: "toys"), Deflect(by: "a", toward: "b", amount: 2), ClaimCredit(claimant: "a", with: "heir")]"#,
        );
        for e in es {
            let (en, nl) = (e.why.en.unwrap(), e.why.nl.unwrap());
            assert!(!en.is_empty() && !nl.is_empty() && en != nl, "{en} / {nl}");
        }
    }

    #[test]
    fn replaying_entries_reproduces_the_state() {
        let s = story(
            r#"chains: [(at: "b", layer: Deal, pass_to: "c", share: 0.5, note: (en: "x", nl: "x"))],"#,
        );
        let mut st = State::new(s.parties.len());
        let es = run(
            &s,
            &mut st,
            r#"[Give(from: "a", to: "b", layer: Deal, amount: 9), Feel(who: "b", toward: "a", amount: 2), Acknowledge(by: "a", of: "b", amount: 5), Deflect(by: "b", toward: "c", amount: 3)]"#,
        );
        assert_eq!(State::replay(s.parties.len(), &es), st);
        assert!(
            es.iter()
                .all(|e| !matches!(e.change, LedgerChange::Felt { delta: 0, .. }))
        );
    }
}

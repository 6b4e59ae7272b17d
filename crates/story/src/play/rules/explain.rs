//! What every entry says about itself, in English and Dutch. The wording lives apart from
//! the arithmetic in `rules`, so that either can change without the other.

use super::why::Words;
use crate::compiled::Permille;
use crate::format::scenario::Layer;
use crate::ids::{FlagId, KindId, PartyId};
use crate::play::ledger::Refusal;
use crate::text::{Lang, Text};

/// Builds a [`Text`] from one format string per language.
macro_rules! text {
    ($en:expr, $nl:expr) => {
        Text::new($en, $nl)
    };
}

impl Words<'_> {
    /// A party's name in `lang`.
    pub(super) fn name(&self, p: PartyId, lang: Lang) -> &str {
        self.story.party_name(p, lang)
    }

    /// A gift of a kind the receiver values at `worth` (not 1), worth `value` to him.
    pub(super) fn valuation_text(
        &self,
        from: PartyId,
        to: PartyId,
        kind: KindId,
        worth: Permille,
        value: i32,
        unnoticed: bool,
    ) -> Text {
        let (ken, knl) = (
            self.story.kind_name(kind, Lang::En),
            self.story.kind_name(kind, Lang::Nl),
        );
        let t = if value == 0 {
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
        self.unnoticed(t, to, unnoticed)
    }

    /// A plain gift.
    pub(super) fn gift_text(
        &self,
        from: PartyId,
        to: PartyId,
        layer: Layer,
        value: i32,
        unnoticed: bool,
    ) -> Text {
        let t = text!(
            format!(
                "{} gives {} {value} {}.",
                self.name(from, Lang::En),
                self.name(to, Lang::En),
                layer.phrase(Lang::En)
            ),
            format!(
                "{} geeft {} {value} {}.",
                self.name(from, Lang::Nl),
                self.name(to, Lang::Nl),
                layer.phrase(Lang::Nl)
            )
        );
        self.unnoticed(t, to, unnoticed)
    }

    /// Adds that `to` did not notice the gift, when so.
    fn unnoticed(&self, t: Text, to: PartyId, unnoticed: bool) -> Text {
        if !unnoticed {
            return t;
        }
        text!(
            format!(
                "{} {} does not notice it.",
                t.get(Lang::En),
                self.name(to, Lang::En)
            ),
            format!(
                "{} {} merkt het niet.",
                t.get(Lang::Nl),
                self.name(to, Lang::Nl)
            )
        )
    }

    /// `by` takes without giving back.
    pub(super) fn take_text(
        &self,
        by: PartyId,
        from: PartyId,
        layer: Layer,
        amount: i32,
        unnoticed: bool,
    ) -> Text {
        let t = text!(
            format!(
                "{} takes {amount} from {} {}, without giving back.",
                self.name(by, Lang::En),
                self.name(from, Lang::En),
                layer.phrase(Lang::En)
            ),
            format!(
                "{} neemt {amount} van {} {}, zonder iets terug te geven.",
                self.name(by, Lang::Nl),
                self.name(from, Lang::Nl),
                layer.phrase(Lang::Nl)
            )
        );
        self.unnoticed(t, from, unnoticed)
    }

    /// `who` learns of the credits `holder` has with `with`.
    pub(super) fn tell_text(&self, who: PartyId, holder: PartyId, with: PartyId) -> Text {
        if who == with {
            // Told about oneself: what the other did for (or to) one.
            return text!(
                format!(
                    "{} now knows what {} did for {} all along.",
                    self.name(who, Lang::En),
                    self.name(holder, Lang::En),
                    self.name(who, Lang::En)
                ),
                format!(
                    "{} weet nu wat {} al die tijd voor {} deed.",
                    self.name(who, Lang::Nl),
                    self.name(holder, Lang::Nl),
                    self.name(who, Lang::Nl)
                )
            );
        }
        text!(
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
        )
    }

    /// A flag turned on or off.
    pub(super) fn flag_text(&self, flag: FlagId, on: bool) -> Text {
        let name = &self.story.flags[flag];
        if on {
            text!(format!("Now true: {name}."), format!("Nu waar: {name}."))
        } else {
            text!(
                format!("No longer true: {name}."),
                format!("Niet meer waar: {name}.")
            )
        }
    }

    /// A felt deficit moved directly by `delta`.
    pub(super) fn felt_text(&self, who: PartyId, toward: PartyId, delta: i32) -> Text {
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

    /// `member`'s act moves `client`'s balance (or deficit) with `org` too.
    pub(super) fn calling_card_text(
        &self,
        member: PartyId,
        org: PartyId,
        client: PartyId,
        weight: Permille,
    ) -> Text {
        let pct = weight.0 / 10;
        text!(
            format!(
                "{} acts for {} (counts {pct}%): the balance between {} and {} moves too.",
                self.name(member, Lang::En),
                self.name(org, Lang::En),
                self.name(client, Lang::En),
                self.name(org, Lang::En)
            ),
            format!(
                "{} handelt namens {} (telt {pct}%): de balans tussen {} en {} verschuift mee.",
                self.name(member, Lang::Nl),
                self.name(org, Lang::Nl),
                self.name(client, Lang::Nl),
                self.name(org, Lang::Nl)
            )
        )
    }

    /// `at` passes `passed` on to `pass_to`; the chain's own note says why.
    pub(super) fn chain_text(
        &self,
        at: PartyId,
        pass_to: PartyId,
        passed: i32,
        note: &Text,
    ) -> Text {
        text!(
            format!(
                "{} passes {passed} of it on to {}: {}",
                self.name(at, Lang::En),
                self.name(pass_to, Lang::En),
                note.get(Lang::En)
            ),
            format!(
                "{} geeft daarvan {passed} door aan {}: {}",
                self.name(at, Lang::Nl),
                self.name(pass_to, Lang::Nl),
                note.get(Lang::Nl)
            )
        )
    }

    /// Being seen eases `of`'s deficit toward `by` by `relief` beyond what the balance did.
    pub(super) fn acknowledge_text(&self, by: PartyId, of: PartyId, relief: i32) -> Text {
        text!(
            format!(
                "Being seen eases more than the balance: the deficit {} feels toward {} shrinks by another {relief} (the larger it was, the more it helps).",
                self.name(of, Lang::En),
                self.name(by, Lang::En)
            ),
            format!(
                "Gezien worden verlicht meer dan de balans: het tekort dat {} voelt tegenover {} slinkt nog eens met {relief} (hoe groter het was, hoe meer het helpt).",
                self.name(of, Lang::Nl),
                self.name(by, Lang::Nl)
            )
        )
    }

    /// The gift on `Seen` that an acknowledgment also is.
    pub(super) fn recognition_text(&self, by: PartyId, of: PartyId, amount: i32) -> Text {
        text!(
            format!(
                "{} acknowledges {}: recognition is a gift, and {} receives {amount} of it.",
                self.name(by, Lang::En),
                self.name(of, Lang::En),
                self.name(of, Lang::En)
            ),
            format!(
                "{} erkent {}: erkenning is een gift, en {} krijgt er {amount} van.",
                self.name(by, Lang::Nl),
                self.name(of, Lang::Nl),
                self.name(of, Lang::Nl)
            )
        )
    }

    /// A deflection by someone who carries a deficit (toward `source`): `hurt`, not
    /// `amount`.
    pub(super) fn escalation_text(
        &self,
        by: PartyId,
        toward: PartyId,
        source: PartyId,
        hurt: i32,
        amount: i32,
    ) -> Text {
        let (b_en, b_nl) = (self.name(by, Lang::En), self.name(by, Lang::Nl));
        let (t_en, t_nl) = (self.name(toward, Lang::En), self.name(toward, Lang::Nl));
        let (s_en, s_nl) = (self.name(source, Lang::En), self.name(source, Lang::Nl));
        if source == toward {
            text!(
                format!(
                    "Still hurt by {t_en}, {b_en} hits back: the deficit {t_en} feels toward {b_en} grows by {hurt}, not {amount}."
                ),
                format!(
                    "Nog gekwetst door {t_nl} slaat {b_nl} terug: het tekort dat {t_nl} voelt tegenover {b_nl} groeit met {hurt}, niet {amount}."
                )
            )
        } else {
            text!(
                format!(
                    "Still hurt by {s_en}, {b_en} takes it out on {t_en}: the deficit {t_en} feels toward {b_en} grows by {hurt}, not {amount}."
                ),
                format!(
                    "Nog gekwetst door {s_nl} reageert {b_nl} het af op {t_nl}: het tekort dat {t_nl} voelt tegenover {b_nl} groeit met {hurt}, niet {amount}."
                )
            )
        }
    }

    /// A deflection by someone who carries no deficit.
    pub(super) fn deflect_text(&self, by: PartyId, toward: PartyId, amount: i32) -> Text {
        text!(
            format!(
                "{} shifts the blame: the deficit {} feels toward {} grows by {amount}.",
                self.name(by, Lang::En),
                self.name(toward, Lang::En),
                self.name(by, Lang::En)
            ),
            format!(
                "{} schuift de schuld af: het tekort dat {} voelt tegenover {} groeit met {amount}.",
                self.name(by, Lang::Nl),
                self.name(toward, Lang::Nl),
                self.name(by, Lang::Nl)
            )
        )
    }

    /// The understanding a deflection takes on `Seen`.
    pub(super) fn understanding_text(&self, by: PartyId, toward: PartyId, amount: i32) -> Text {
        text!(
            format!(
                "{} asks for understanding without giving any: {} gives up {amount} in recognition.",
                self.name(by, Lang::En),
                self.name(toward, Lang::En)
            ),
            format!(
                "{} vraagt begrip zonder het te geven: {} levert {amount} aan erkenning in.",
                self.name(by, Lang::Nl),
                self.name(toward, Lang::Nl)
            )
        )
    }

    /// Why `with` does not honour `claimant`'s credits with `pred`.
    pub(super) fn refusal_text(
        &self,
        reason: Refusal,
        claimant: PartyId,
        with: PartyId,
        pred: PartyId,
    ) -> Text {
        let (pred_en, pred_nl) = (self.name(pred, Lang::En), self.name(pred, Lang::Nl));
        let (w_en, w_nl) = (self.name(with, Lang::En), self.name(with, Lang::Nl));
        let (c_en, c_nl) = (self.name(claimant, Lang::En), self.name(claimant, Lang::Nl));
        match reason {
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
                    "{w_nl} staat bij {pred_nl} niet in het krijt; dat tegoed overnemen is geen gift aan {pred_nl}: het beroep is alleen een eis."
                )
            ),
            Refusal::NoCredits => text!(
                format!("{c_en} has no credits left with {pred_en}: the claim is only a demand."),
                format!(
                    "{c_nl} heeft geen tegoed meer bij {pred_nl}: het beroep is alleen een eis."
                )
            ),
        }
    }

    /// `with` honours `moved` of `claimant`'s credits with `pred` on `layer`.
    pub(super) fn succession_text(
        &self,
        with: PartyId,
        claimant: PartyId,
        pred: PartyId,
        layer: Layer,
        moved: i32,
        loyalty: Permille,
    ) -> Text {
        let pct = loyalty.0 / 10;
        text!(
            format!(
                "{} knows of the years {} had with {} and honours them: {moved} of those credits {} now count with {} (loyalty {pct}%).",
                self.name(with, Lang::En),
                self.name(claimant, Lang::En),
                self.name(pred, Lang::En),
                layer.phrase(Lang::En),
                self.name(with, Lang::En)
            ),
            format!(
                "{} kent de jaren van {} met {} en eert ze: {moved} van dat tegoed {} telt nu bij {} (loyaliteit {pct}%).",
                self.name(with, Lang::Nl),
                self.name(claimant, Lang::Nl),
                self.name(pred, Lang::Nl),
                layer.phrase(Lang::Nl),
                self.name(with, Lang::Nl)
            )
        )
    }

    /// The honoured credits leave `pred`'s account.
    pub(super) fn takeover_text(
        &self,
        with: PartyId,
        pred: PartyId,
        claimant: PartyId,
        layer: Layer,
        moved: i32,
    ) -> Text {
        text!(
            format!(
                "{} takes over {moved} of what {} owed {} {}.",
                self.name(with, Lang::En),
                self.name(pred, Lang::En),
                self.name(claimant, Lang::En),
                layer.phrase(Lang::En)
            ),
            format!(
                "{} neemt {moved} over van wat {} aan {} verschuldigd was {}.",
                self.name(with, Lang::Nl),
                self.name(pred, Lang::Nl),
                self.name(claimant, Lang::Nl),
                layer.phrase(Lang::Nl)
            )
        )
    }

    /// Honouring a predecessor's debts is a gift to him.
    pub(super) fn loyalty_text(&self, with: PartyId, pred: PartyId) -> Text {
        text!(
            format!(
                "Honouring them is {} gift to {}.",
                crate::text::possessive(self.name(with, Lang::En)),
                self.name(pred, Lang::En)
            ),
            format!(
                "Door ze te eren geeft {} iets aan {}.",
                self.name(with, Lang::Nl),
                self.name(pred, Lang::Nl)
            )
        )
    }
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

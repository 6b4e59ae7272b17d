//! What the perception, hurt-travels and cost-of-giving rules say about themselves, in
//! English and Dutch.

use super::why::Words;
use crate::format::scenario::Layer;
use crate::ids::PartyId;
use crate::text::{Lang, Text};

impl Words<'_> {
    /// Both names of a party, English first.
    fn names(&self, p: PartyId) -> (&str, &str) {
        (self.name(p, Lang::En), self.name(p, Lang::Nl))
    }

    /// `who`'s felt deficit toward `with` followed its view of the balance by `delta`.
    pub(super) fn perception_text(&self, who: PartyId, with: PartyId, delta: i32) -> Text {
        let (w_en, w_nl) = self.names(who);
        let (t_en, t_nl) = self.names(with);
        let d = delta.unsigned_abs();
        if delta > 0 {
            let tol = self.story.parties[who].tolerance;
            Text::new(
                format!(
                    "As {w_en} sees it, {t_en} owes {w_en} more than the {tol} {w_en} lets pass: the deficit {w_en} feels toward {t_en} grows by {d}."
                ),
                format!(
                    "Zoals {w_nl} het ziet, staat {t_nl} bij {w_nl} meer in het krijt dan de {tol} die {w_nl} laat passeren: het tekort dat {w_nl} voelt tegenover {t_nl} groeit met {d}."
                ),
            )
        } else {
            Text::new(
                format!(
                    "{w_en} sees the balance with {t_en} come closer to even: the deficit {w_en} feels toward {t_en} shrinks by {d}."
                ),
                format!(
                    "{w_nl} ziet de balans met {t_nl} dichter bij evenwicht komen: het tekort dat {w_nl} voelt tegenover {t_nl} slinkt met {d}."
                ),
            )
        }
    }

    /// `who` now sees its balance with `with` on `layer` `delta` closer to the truth.
    pub(super) fn realise_text(
        &self,
        who: PartyId,
        with: PartyId,
        layer: Layer,
        delta: i32,
    ) -> Text {
        let (w_en, w_nl) = self.names(who);
        let (t_en, t_nl) = self.names(with);
        let (l_en, l_nl) = (layer.phrase(Lang::En), layer.phrase(Lang::Nl));
        let d = delta.unsigned_abs();
        if delta < 0 {
            Text::new(
                format!("{w_en} now sees what {t_en} gave and {w_en} had missed: {d} {l_en}."),
                format!("{w_nl} ziet nu wat {t_nl} gaf en {w_nl} ontgaan was: {d} {l_nl}."),
            )
        } else {
            Text::new(
                format!("{w_en} learns that {d} more {l_en} went to {t_en} than {w_en} thought."),
                format!("{w_nl} hoort dat er {d} meer {l_nl} naar {t_nl} ging dan {w_nl} dacht."),
            )
        }
    }

    /// `by`'s acknowledgment of `of` eases the deficit `of` carries toward `source`.
    pub(super) fn consolation_text(
        &self,
        by: PartyId,
        of: PartyId,
        source: PartyId,
        eased: i32,
    ) -> Text {
        let (b_en, b_nl) = self.names(by);
        let (o_en, o_nl) = self.names(of);
        let (s_en, s_nl) = self.names(source);
        Text::new(
            format!(
                "Being seen by {b_en} eases part of what {o_en} carries from {s_en}: the deficit {o_en} feels toward {s_en} shrinks by {eased}."
            ),
            format!(
                "Gezien worden door {b_nl} verlicht een deel van wat {o_nl} meedraagt van {s_nl}: het tekort dat {o_nl} voelt tegenover {s_nl} slinkt met {eased}."
            ),
        )
    }

    /// `speaker`, hurt by `source`, reads `player`'s neutral reply as a slight.
    pub(super) fn slight_text(&self, speaker: PartyId, player: PartyId, source: PartyId) -> Text {
        let (s_en, s_nl) = self.names(speaker);
        let (p_en, p_nl) = self.names(player);
        let (h_en, h_nl) = self.names(source);
        Text::new(
            format!(
                "Still hurt by {h_en}, {s_en} hears the neutral reply as a slight: the deficit {s_en} feels toward {p_en} grows by 1."
            ),
            format!(
                "Nog gekwetst door {h_nl} hoort {s_nl} het neutrale antwoord als een kleinering: het tekort dat {s_nl} voelt tegenover {p_nl} groeit met 1."
            ),
        )
    }

    /// `org` pays for the `share` its member `member` gave `client` in the deal.
    pub(super) fn expense_text(
        &self,
        org: PartyId,
        member: PartyId,
        client: PartyId,
        share: i32,
    ) -> Text {
        let (o_en, o_nl) = self.names(org);
        let (m_en, m_nl) = self.names(member);
        let (c_en, c_nl) = self.names(client);
        Text::new(
            format!(
                "{o_en} pays for what {m_en} gave {c_en}: {m_en} now owes {o_en} {share} more in the deal."
            ),
            format!(
                "{o_nl} betaalt wat {m_nl} aan {c_nl} gaf: {m_nl} staat nu {share} meer bij {o_nl} in het krijt in de deal."
            ),
        )
    }

    /// A refused claim presses `with`, who feels it.
    pub(super) fn pressed_text(&self, with: PartyId, claimant: PartyId, pressure: i32) -> Text {
        let (w_en, w_nl) = self.names(with);
        let (c_en, c_nl) = self.names(claimant);
        Text::new(
            format!(
                "Pressed for what {w_en} does not owe, {w_en} resents it: the deficit {w_en} feels toward {c_en} grows by {pressure}."
            ),
            format!(
                "Onder druk gezet voor iets wat {w_nl} niet verschuldigd is, neemt {w_nl} het kwalijk: het tekort dat {w_nl} voelt tegenover {c_nl} groeit met {pressure}."
            ),
        )
    }
}

//! Credits that pass to a successor: the claim on them (**Succession**, **Loyalty**,
//! **Claim refused**) and the loyalty that decides it.

use super::{Cx, Flow, Why};
use crate::compiled::Permille;
use crate::format::scenario::Layer;
use crate::ids::PartyId;
use crate::play::ledger::{Refusal, Rule, State};
use crate::story::Story;

impl Cx<'_> {
    /// `claimant` calls on his credits with `pred` (whom `with` succeeds or stands in for).
    pub(super) fn claim(&mut self, claimant: PartyId, with: PartyId, pred: PartyId, pressure: i32) {
        let refuse = |cx: &mut Self, reason: Refusal| {
            let why = Why::Refusal {
                reason,
                claimant,
                with,
                pred,
            };
            let rule = Rule::ClaimRefused { reason };
            let flow = Flow::felt_by_giver(with, claimant, Layer::Seen, pressure);
            cx.transfer(flow, Some(claimant), rule.clone(), why, 0);
            let pressed = Why::Pressed {
                with,
                claimant,
                pressure,
            };
            cx.felt(with, claimant, pressure, Some(claimant), rule, pressed, 0);
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
            let why = Why::Succession {
                with,
                claimant,
                pred,
                layer,
                moved,
                loyalty,
            };
            let rule = Rule::Succession { loyalty };
            // The credits leave the predecessor's account (the claimant has used them) and
            // arrive at the successor's, openly; with him they also count toward the
            // organisation he acts for.
            let settled = Why::Takeover {
                with,
                pred,
                claimant,
                layer,
                moved,
            };
            let used = Flow {
                giver_counts: 0,
                ..Flow::open(pred, claimant, layer, moved)
            };
            self.transfer(used, None, rule.clone(), settled, 0);
            // The claimant is repaid, not giving anew: only the one who honours counts it.
            let honoured = Flow {
                giver_counts: 0,
                ..Flow::open(claimant, with, layer, moved)
            };
            self.transfer(honoured, Some(with), rule, why, 0);
        }
        let why = Why::Loyalty { with, pred };
        let gift = Flow::unseen(with, pred, Layer::Seen, total);
        self.transfer(gift, None, Rule::Loyalty, why, 0);
    }
}

/// How loyal `with` is to `pred` (his predecessor, or the one he stands in for), 0–1000:
/// `pred`'s credit with him relative to `rules.loyalty_full`.
fn loyalty(story: &Story, state: &State, with: PartyId, pred: PartyId) -> Permille {
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

//! The checked, indexed form of a scenario that the runner and the analysis work on.
//! Built only by [`crate::check`]; every index in it is valid by construction.

use crate::format::scenario::{self as written, Layer, Move, Tone};
use crate::ids::{ChoiceId, FlagId, IdVec, KindId, NodeId, OutcomeId, PartyId, ReactionId};
use crate::text::Text;

/// Fixed-point factor in thousandths, so every rule is exact integer arithmetic and runs
/// are identical on every platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Permille(pub i32);

impl Permille {
    /// A factor of one: the amount unchanged.
    pub(crate) const ONE: Permille = Permille(1000);

    /// A factor written as a number in the file (`1.5`), rounded to thousandths and kept
    /// within ±1,000,000.
    pub(crate) fn from_f64(x: f64) -> Permille {
        Permille((x * 1000.0).round().clamp(-1.0e9, 1.0e9) as i32)
    }

    /// `amount × self`, rounded half away from zero, saturating.
    pub fn apply(self, amount: i32) -> i32 {
        let p = amount as i64 * self.0 as i64;
        let r = if p >= 0 {
            (p + 500) / 1000
        } else {
            (p - 500) / 1000
        };
        r.clamp(i32::MIN as i64, i32::MAX as i64) as i32
    }
}

#[derive(Clone, Debug)]
pub struct Party {
    pub id: String,
    pub name: Text,
    pub is_org: bool,
    pub succeeds: Option<PartyId>,
    /// Organisations this party acts for, with how much it represents each.
    pub member_of: Vec<(PartyId, Permille)>,
    /// What it lets go unreturned on a layer before it feels short-changed.
    pub tolerance: i32,
}

#[derive(Clone, Debug)]
pub struct Rules {
    pub ack_scale: Permille,
    pub escalation: Permille,
    pub loyalty_full: i32,
    pub chain_depth: u32,
    pub consolation: Permille,
    pub touchy: i32,
    pub perception: bool,
    pub hurt_travels: bool,
    pub giving_costs: bool,
}

impl From<&written::Rules> for Rules {
    fn from(r: &written::Rules) -> Self {
        Rules {
            ack_scale: Permille::from_f64(r.ack_scale),
            escalation: Permille::from_f64(r.escalation),
            loyalty_full: r.loyalty_full.max(1),
            chain_depth: r.chain_depth,
            consolation: Permille::from_f64(r.consolation),
            touchy: r.touchy.max(1),
            perception: r.perception,
            hurt_travels: r.hurt_travels,
            giving_costs: r.giving_costs,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Chain {
    pub at: PartyId,
    pub from: Option<PartyId>,
    pub layer: Layer,
    pub pass_to: PartyId,
    pub as_layer: Layer,
    pub share: Permille,
    pub note: Text,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Credit {
        holder: PartyId,
        with: PartyId,
        layer: Option<Layer>,
    },
    Perceived {
        who: PartyId,
        with: PartyId,
        layer: Option<Layer>,
    },
    Felt {
        who: PartyId,
        toward: PartyId,
    },
    /// `via`: whose credits, resolved when checking (the predecessor when not written).
    Transferable {
        holder: PartyId,
        with: PartyId,
        via: PartyId,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    Always,
    AtLeast(Value, i32),
    Below(Value, i32),
    Knows {
        who: PartyId,
        holder: PartyId,
        with: PartyId,
    },
    Flag(FlagId),
    /// The watched node's bit in the visited set ([`Node::watch`]).
    Visited(usize),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EffectKind {
    Give {
        from: PartyId,
        to: PartyId,
        layer: Layer,
        amount: i32,
        kind: Option<KindId>,
        unnoticed: bool,
    },
    Take {
        by: PartyId,
        from: PartyId,
        layer: Layer,
        amount: i32,
        unnoticed: bool,
    },
    Acknowledge {
        by: PartyId,
        of: PartyId,
        amount: i32,
    },
    Deflect {
        by: PartyId,
        toward: PartyId,
        amount: i32,
    },
    ClaimCredit {
        claimant: PartyId,
        with: PartyId,
        via: PartyId,
        pressure: i32,
    },
    Tell {
        who: PartyId,
        holder: PartyId,
        with: PartyId,
    },
    Feel {
        who: PartyId,
        toward: PartyId,
        amount: i32,
    },
    Set(FlagId),
    Clear(FlagId),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Effect {
    pub kind: EffectKind,
    pub note: Option<Text>,
}

#[derive(Clone, Debug)]
pub struct Choice {
    pub move_kind: Move,
    pub when: Option<Cond>,
    pub effects: Vec<Effect>,
    pub next: NodeId,
}

#[derive(Clone, Debug)]
pub struct Reaction {
    pub when: Option<Cond>,
    pub weight: i32,
    pub weight_by: Vec<(Value, Permille)>,
    pub effects: Vec<Effect>,
    pub next: NodeId,
}

#[derive(Clone, Debug)]
pub enum Then {
    Choices(IdVec<ChoiceId, Choice>),
    Goto(NodeId),
    /// `weighted`: draw among the reactions whose condition holds; otherwise take the first.
    React {
        weighted: bool,
        reactions: IdVec<ReactionId, Reaction>,
    },
    End,
    Outcome(OutcomeId),
}

impl Then {
    /// The nodes this can lead to next, as written (a choice or reaction each; a `Goto`).
    pub(crate) fn successors(&self) -> impl Iterator<Item = NodeId> + '_ {
        let (choices, reactions, goto) = match self {
            Then::Choices(cs) => (cs.iter(), [].iter(), None),
            Then::React { reactions, .. } => ([].iter(), reactions.iter(), None),
            Then::Goto(n) => ([].iter(), [].iter(), Some(*n)),
            Then::End | Then::Outcome(_) => ([].iter(), [].iter(), None),
        };
        choices
            .map(|c| c.next)
            .chain(reactions.map(|r| r.next))
            .chain(goto)
    }
    /// Whether the story ends here.
    pub(crate) fn ends(&self) -> bool {
        matches!(self, Then::End | Then::Outcome(_))
    }
}

#[derive(Clone, Debug)]
pub struct Node {
    pub id: String,
    pub speaker: Option<PartyId>,
    pub player: Option<PartyId>,
    pub effects: Vec<Effect>,
    pub then: Then,
    /// Bit in the visited set when some condition asks `Visited` of this node.
    pub watch: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct Outcome {
    pub id: String,
    pub tone: Tone,
    pub when: Option<Cond>,
}

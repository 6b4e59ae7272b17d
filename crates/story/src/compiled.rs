//! The checked, indexed form of a scenario that the runner and the analysis work on.
//! Built only by [`crate::check`]; every index in it is valid by construction.

use crate::format::scenario::{Layer, Move, Rules, Scenario, Tone};
use crate::text::{Lang, Text};
use std::collections::HashMap;

/// Index of a party in [`Story::parties`].
pub type P = usize;
/// Index of a node in [`Story::nodes`] (same order as in the file).
pub type N = usize;
/// Index of an outcome in [`Story::outcomes`].
pub type O = usize;

/// Fixed-point factor in thousandths, so every rule is exact integer arithmetic and runs
/// are identical on every platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Permille(pub i32);

impl Permille {
    pub const ONE: Permille = Permille(1000);

    pub fn from_f64(x: f64) -> Permille {
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
pub struct PartyInfo {
    pub id: String,
    pub name: Text,
    pub is_org: bool,
    pub succeeds: Option<P>,
    /// Organisations this party acts for, with how much it represents each.
    pub member_of: Vec<(P, Permille)>,
}

#[derive(Clone, Debug)]
pub struct RulesC {
    pub ack_scale: Permille,
    pub escalation: Permille,
    pub loyalty_full: i32,
    pub chain_depth: u32,
}

impl From<&Rules> for RulesC {
    fn from(r: &Rules) -> Self {
        RulesC {
            ack_scale: Permille::from_f64(r.ack_scale),
            escalation: Permille::from_f64(r.escalation),
            loyalty_full: r.loyalty_full.max(1),
            chain_depth: r.chain_depth,
        }
    }
}

#[derive(Clone, Debug)]
pub struct ChainC {
    pub at: P,
    pub from: Option<P>,
    pub layer: Layer,
    pub pass_to: P,
    pub as_layer: Layer,
    pub share: Permille,
    pub note: Text,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueC {
    Credit {
        holder: P,
        with: P,
        layer: Option<Layer>,
    },
    Felt {
        who: P,
        toward: P,
    },
    /// `via`: whose credits, resolved when checking (the predecessor when not written).
    Transferable {
        holder: P,
        with: P,
        via: P,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum CondC {
    Always,
    AtLeast(ValueC, i32),
    Below(ValueC, i32),
    Knows {
        who: P,
        holder: P,
        with: P,
    },
    Flag(usize),
    /// Index into [`Story::watched`].
    Visited(usize),
    All(Vec<CondC>),
    Any(Vec<CondC>),
    Not(Box<CondC>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum EffectKind {
    Give {
        from: P,
        to: P,
        layer: Layer,
        amount: i32,
        kind: Option<usize>,
    },
    Take {
        by: P,
        from: P,
        layer: Layer,
        amount: i32,
    },
    Acknowledge {
        by: P,
        of: P,
        amount: i32,
    },
    Deflect {
        by: P,
        toward: P,
        amount: i32,
    },
    ClaimCredit {
        claimant: P,
        with: P,
        via: P,
        pressure: i32,
    },
    Tell {
        who: P,
        holder: P,
        with: P,
    },
    Feel {
        who: P,
        toward: P,
        amount: i32,
    },
    Set(usize),
    Clear(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct EffectC {
    pub kind: EffectKind,
    pub note: Option<Text>,
}

#[derive(Clone, Debug)]
pub struct ChoiceC {
    pub move_kind: Move,
    pub when: Option<CondC>,
    pub effects: Vec<EffectC>,
    pub next: N,
}

#[derive(Clone, Debug)]
pub struct ReactionC {
    pub when: Option<CondC>,
    pub weight: i32,
    pub weight_by: Vec<(ValueC, Permille)>,
    pub effects: Vec<EffectC>,
    pub next: N,
}

#[derive(Clone, Debug)]
pub enum ThenC {
    Choices(Vec<ChoiceC>),
    Goto(N),
    /// `weighted`: draw among the reactions whose condition holds; otherwise take the first.
    React {
        weighted: bool,
        reactions: Vec<ReactionC>,
    },
    End,
    Outcome(O),
}

#[derive(Clone, Debug)]
pub struct NodeC {
    pub id: String,
    pub speaker: Option<P>,
    pub player: Option<P>,
    pub effects: Vec<EffectC>,
    pub then: ThenC,
    /// Bit in the visited set when some condition asks `Visited` of this node.
    pub watch: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct OutcomeC {
    pub id: String,
    pub tone: Tone,
    pub when: Option<CondC>,
}

/// A checked scenario: the file as written plus its indexed form.
#[derive(Clone, Debug)]
pub struct Story {
    pub scenario: Scenario,
    pub parties: Vec<PartyInfo>,
    pub player: P,
    pub start: N,
    pub rules: RulesC,
    pub history: Vec<EffectC>,
    /// Worth of a gift kind to a receiver, where it is not 1.
    pub valuations: HashMap<(P, usize), Permille>,
    pub kinds: Vec<String>,
    pub chains: Vec<ChainC>,
    pub nodes: Vec<NodeC>,
    pub outcomes: Vec<OutcomeC>,
    pub flags: Vec<String>,
    /// Nodes that some `Visited` condition asks about.
    pub watched: Vec<N>,
    pub node_index: HashMap<String, N>,
    pub party_index: HashMap<String, P>,
    pub outcome_index: HashMap<String, O>,
    /// The ledger conditions of each in-file test, compiled (same order as the tests).
    pub test_ledgers: Vec<Vec<CondC>>,
}

impl Story {
    pub fn node_id(&self, n: N) -> &str {
        &self.nodes[n].id
    }
    pub fn party_name(&self, p: P, lang: Lang) -> &str {
        self.parties[p].name.get(lang)
    }
    pub fn node_text(&self, n: N) -> &Text {
        &self.scenario.nodes[n].text
    }
    pub fn choice_text(&self, n: N, choice: usize) -> Option<&Text> {
        match &self.scenario.nodes[n].then {
            crate::format::scenario::Then::Choices(cs) => cs.get(choice).map(|c| &c.text),
            _ => None,
        }
    }
    pub fn outcome_title(&self, o: O) -> &Text {
        &self.scenario.outcomes[o].title
    }
    /// The display name of a gift kind (its id when the scenario names none).
    pub fn kind_name(&self, kind: usize, lang: Lang) -> &str {
        self.scenario
            .gifts
            .iter()
            .find(|g| g.kind == self.kinds[kind])
            .map_or(self.kinds[kind].as_str(), |g| g.name.get(lang))
    }
    pub fn valuation(&self, to: P, kind: Option<usize>) -> Permille {
        kind.and_then(|k| self.valuations.get(&(to, k)).copied())
            .unwrap_or(Permille::ONE)
    }
    pub fn party(&self, id: &str) -> Option<P> {
        self.party_index.get(id).copied()
    }
    pub fn node(&self, id: &str) -> Option<N> {
        self.node_index.get(id).copied()
    }
    pub fn outcome(&self, id: &str) -> Option<O> {
        self.outcome_index.get(id).copied()
    }
}

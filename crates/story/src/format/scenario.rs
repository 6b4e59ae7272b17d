//! The scenario file format as authors write it (RON). Every type here maps one to one
//! onto docs/authoring.md; `check` turns it into the indexed [`crate::Story`].
//!
//! Ids are plain strings here so that errors can point at what the author typed.

use crate::text::Text;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable identifier, used for saves and progress (`snake_case`).
    pub id: String,
    pub title: Text,
    pub summary: Text,
    /// The party the player plays at the start (a node may hand the player another role).
    pub player: String,
    /// The node the story starts at; the first node when absent.
    #[serde(default)]
    pub start: Option<String>,
    /// Tuning of the ledger rules; every field has a default.
    #[serde(default)]
    pub rules: Rules,
    pub parties: Vec<Party>,
    /// The history before the first line: effects applied before play, shown as "at the start".
    #[serde(default)]
    pub history: Vec<Effect>,
    /// How much each party values each kind of gift (default 1.0).
    #[serde(default)]
    pub valuations: Vec<Valuation>,
    /// The kinds of gift named by `Give(kind: ...)` and valuations, with their names.
    #[serde(default)]
    pub gifts: Vec<GiftKind>,
    /// Rules that pass part of what one party receives on to another.
    #[serde(default)]
    pub chains: Vec<Chain>,
    pub nodes: Vec<Node>,
    pub outcomes: Vec<Outcome>,
    /// Scripted playthroughs checked by `give-and-take test`.
    #[serde(default)]
    pub tests: Vec<Test>,
}

/// Tuning knobs of the ledger rules (see docs/authoring.md, "The rules").
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// Share of an existing felt deficit that an acknowledgment removes on top of its amount.
    pub ack_scale: f64,
    /// Multiplier on a deflection's hurt when the deflector carries a deficit of his own.
    pub escalation: f64,
    /// A predecessor's credit with his successor at which the successor is fully loyal.
    pub loyalty_full: i32,
    /// How many links a chain of passed-on gifts may have.
    pub chain_depth: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            ack_scale: 0.25,
            escalation: 1.5,
            loyalty_full: 20,
            chain_depth: 8,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum PartyKind {
    #[default]
    Person,
    Organisation,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub id: String,
    pub name: Text,
    /// A few words on who this is ("sales lead, Jort's father").
    #[serde(default)]
    pub role: Option<Text>,
    #[serde(default)]
    pub kind: PartyKind,
    /// The person whose place this party took (Erik succeeds Harry).
    #[serde(default)]
    pub succeeds: Option<String>,
    /// For organisations: the people who act for it, and how much each one represents it (0–1).
    #[serde(default)]
    pub members: Vec<Member>,
    /// Badge colour in the game, `#rrggbb`.
    #[serde(default)]
    pub color: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub party: String,
    pub weight: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GiftKind {
    pub kind: String,
    /// How the reflection names it ("plush toys", "knuffels").
    pub name: Text,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Valuation {
    pub party: String,
    /// A gift kind, as named by `Give(kind: ...)`.
    pub kind: String,
    /// Multiplier on gifts of that kind received by `party` (0 = worthless to them).
    pub worth: f64,
}

/// When `at` receives something on `layer` (from `from`, or from anyone), it passes
/// `share` of it on to `pass_to`, on `as_layer`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chain {
    pub at: String,
    #[serde(default)]
    pub from: Option<String>,
    pub layer: Layer,
    pub pass_to: String,
    #[serde(default)]
    pub as_layer: Option<Layer>,
    pub share: f64,
    pub note: Text,
}

/// The two layers of every balance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Layer {
    /// The deal: product, price, effort, time, money.
    Deal,
    /// Being seen: recognition, acknowledgment, respect.
    Seen,
}

impl Layer {
    /// Both layers, in the order of their index.
    pub const ALL: [Layer; 2] = [Layer::Deal, Layer::Seen];
    /// 0 for the deal, 1 for being seen.
    pub fn index(self) -> usize {
        self as usize
    }
    /// The layer's name as it reads mid-sentence ("being seen", "gezien worden").
    pub fn name(self, lang: crate::text::Lang) -> &'static str {
        use crate::text::Lang;
        match (self, lang) {
            (Layer::Deal, Lang::En) => "the deal",
            (Layer::Seen, Lang::En) => "being seen",
            (Layer::Deal, Lang::Nl) => "de deal",
            (Layer::Seen, Lang::Nl) => "gezien worden",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    /// A scene heading shown before this node ("The next morning").
    #[serde(default)]
    pub scene: Option<Text>,
    /// From this node on, the player plays this party.
    #[serde(default)]
    pub player: Option<String>,
    /// Who speaks the line; narration when absent.
    #[serde(default)]
    pub speaker: Option<String>,
    pub text: Text,
    /// Applied when the node is entered.
    #[serde(default)]
    pub effects: Vec<Effect>,
    pub then: Then,
}

/// What follows a node's line.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Then {
    /// The player chooses.
    Choices(Vec<Choice>),
    /// The story continues at another node.
    Goto(String),
    /// Another party reacts: the first reaction whose condition holds, or a weighted draw.
    React(Vec<Reaction>),
    /// The first outcome (in file order) whose condition holds.
    End,
    /// This outcome, whatever the ledger says.
    Outcome(String),
}

/// The kind of move a choice makes; the reflection and `analyze` speak in these terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Move {
    /// Name the other's effort, loss or feeling.
    Acknowledge,
    /// Blame, share the blame, or counter with one's own deficit.
    Deflect,
    /// Give beyond the deal: time, care, a favour, a gift.
    Give,
    /// Ask, demand or take without giving back.
    Take,
    /// Call on credits built up earlier (or with someone else).
    ClaimCredit,
    /// Moves nothing by itself.
    Neutral,
}

impl Move {
    pub const ALL: [Move; 6] = [
        Move::Acknowledge,
        Move::Deflect,
        Move::Give,
        Move::Take,
        Move::ClaimCredit,
        Move::Neutral,
    ];
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: Text,
    #[serde(rename = "move")]
    pub move_kind: Move,
    /// Offered only when this holds.
    #[serde(default)]
    pub when: Option<Cond>,
    #[serde(default)]
    pub effects: Vec<Effect>,
    pub next: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reaction {
    #[serde(default)]
    pub when: Option<Cond>,
    /// Base weight of a random draw. When no reaction of a node has a weight or
    /// `weight_by`, the first reaction whose condition holds is taken.
    #[serde(default)]
    pub weight: Option<i32>,
    /// Terms added to the weight: `value × per`, evaluated on the ledger at that moment.
    #[serde(default)]
    pub weight_by: Vec<WeightTerm>,
    #[serde(default)]
    pub effects: Vec<Effect>,
    pub next: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightTerm {
    pub value: Value,
    pub per: f64,
}

/// A number read off the ledger.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub enum Value {
    /// What `holder` has given `with` beyond what came back (positive: `with` owes `holder`).
    /// Both layers summed when `layer` is absent.
    Credit {
        holder: String,
        with: String,
        #[serde(default)]
        layer: Option<Layer>,
    },
    /// The deficit `who` feels toward `toward`.
    Felt { who: String, toward: String },
    /// What `holder`'s credits with `via` (by default `with`'s predecessor) would be worth
    /// to `with` now.
    Transferable {
        holder: String,
        with: String,
        #[serde(default)]
        via: Option<String>,
    },
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub enum Cond {
    Always,
    AtLeast(Value, i32),
    Below(Value, i32),
    /// `who` knows of the credits `holder` built up with `with`.
    Knows {
        who: String,
        holder: String,
        with: String,
    },
    Flag(String),
    Visited(String),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

/// A change to the ledger. Every effect may carry a `note`: the explanation the
/// reflection screen shows for the entries it makes.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub enum Effect {
    /// `from` gives `to`; worth `amount` × what `to` thinks of that `kind` of gift.
    Give {
        from: String,
        to: String,
        layer: Layer,
        amount: i32,
        #[serde(default)]
        kind: Option<String>,
        #[serde(default)]
        note: Option<Text>,
    },
    /// `by` takes from `from` without giving back.
    Take {
        by: String,
        from: String,
        layer: Layer,
        amount: i32,
        #[serde(default)]
        note: Option<Text>,
    },
    /// `by` names `of`'s effort or loss: `of`'s felt deficit toward `by` shrinks.
    Acknowledge {
        by: String,
        of: String,
        amount: i32,
        #[serde(default)]
        note: Option<Text>,
    },
    /// `by` blames, shares the blame or counters: `toward`'s felt deficit toward `by` grows.
    Deflect {
        by: String,
        toward: String,
        amount: i32,
        #[serde(default)]
        note: Option<Text>,
    },
    /// `claimant` calls on his credits with `via` (by default `with`'s predecessor): they
    /// count with `with` only if `with` knows of them and owes `via` enough to honour them.
    ClaimCredit {
        claimant: String,
        with: String,
        /// Whose credits are claimed: the boss an employee stands in for, say. When absent,
        /// the person `with` succeeds.
        #[serde(default)]
        via: Option<String>,
        /// How hard the claim presses when it is not honoured.
        #[serde(default = "default_pressure")]
        pressure: i32,
        #[serde(default)]
        note: Option<Text>,
    },
    /// `who` hears of the credits `holder` built up with `with`.
    Tell {
        who: String,
        holder: String,
        with: String,
        #[serde(default)]
        note: Option<Text>,
    },
    /// Changes the deficit `who` feels toward `toward` directly (negative eases it).
    Feel {
        who: String,
        toward: String,
        amount: i32,
        #[serde(default)]
        note: Option<Text>,
    },
    Set(String),
    Clear(String),
}

fn default_pressure() -> i32 {
    3
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tone {
    /// The relationships come out whole.
    Bright,
    Mixed,
    Dark,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub id: String,
    pub title: Text,
    pub epilogue: Text,
    pub tone: Tone,
    /// Holds when this ending applies (checked in file order at an `End`).
    #[serde(default)]
    pub when: Option<Cond>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Test {
    pub name: String,
    #[serde(default)]
    pub seed: u64,
    /// The choice picked at each decision, counted from 1 as `play` shows them.
    pub choices: Vec<usize>,
    pub expect: String,
    /// Conditions on the final ledger that must hold.
    #[serde(default)]
    pub ledger: Vec<Cond>,
}

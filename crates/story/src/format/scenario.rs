//! The scenario file format as authors write it (RON). Every type here maps one to one
//! onto docs/authoring.md; `check` turns it into the indexed [`crate::Story`].
//!
//! Ids are plain strings here so that errors can point at what the author typed.

use crate::text::Text;
use serde::{Deserialize, Serialize};

/// A whole scenario file: one `Scenario(...)` value.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable identifier, used for saves and progress (`snake_case`).
    pub id: String,
    /// The name shown in the scenario list.
    pub title: Text,
    /// A sentence or two under the title in the scenario list.
    pub summary: Text,
    /// The party the player plays at the start, a person (a node may hand the player
    /// another role).
    pub player: String,
    /// The node the story starts at; the first node when absent.
    #[serde(default)]
    pub start: Option<String>,
    /// Tuning of the ledger rules; every field has a default.
    #[serde(default)]
    pub rules: Rules,
    /// The people and organisations (at most 1000).
    pub parties: Vec<Party>,
    /// The history before the first line: effects applied before play, shown as "at the start".
    #[serde(default)]
    pub history: Vec<Effect>,
    /// How much a party values a kind of gift (1.0 where none is given).
    #[serde(default)]
    pub valuations: Vec<Valuation>,
    /// The kinds of gift named by `Give(kind: ...)` and valuations, with their names.
    #[serde(default)]
    pub gifts: Vec<GiftKind>,
    /// Rules that pass part of what one party receives on to another.
    #[serde(default)]
    pub chains: Vec<Chain>,
    /// The story: at least one node; it starts at `start`. Each is written `Node(...)` or
    /// in a short form (`Say`, `Narrate`), expanded as the file is read.
    #[serde(deserialize_with = "crate::format::short::nodes")]
    pub nodes: Vec<Node>,
    /// The endings: at least one; an `End` takes the first whose `when` holds.
    pub outcomes: Vec<Outcome>,
    /// Scripted playthroughs checked by `give-and-take test`.
    #[serde(default)]
    pub tests: Vec<Test>,
}

/// Tuning knobs of the ledger rules (see docs/authoring.md, "The rules").
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// Share of an existing felt deficit that an acknowledgment removes on top of its amount
    /// (0–1, default 0.25).
    pub ack_scale: f64,
    /// Multiplier on a deflection's hurt when the deflector carries a deficit of his own
    /// (1–5, default 1.5).
    pub escalation: f64,
    /// A predecessor's credit with his successor at which the successor is fully loyal
    /// (1–10,000, default 20).
    pub loyalty_full: i32,
    /// How many links a chain of passed-on gifts may have (at most 16, default 8).
    pub chain_depth: u32,
    /// How much a party lets go unreturned on a layer before it feels short-changed, unless
    /// the party sets its own (0–10,000, default 2).
    pub tolerance: i32,
    /// Share of an acknowledgment's relief that eases the largest deficit the acknowledged
    /// party carries toward someone else (0–1, default 0.5).
    pub consolation: f64,
    /// A felt deficit (toward someone else) at which a party reads a neutral reply as a
    /// slight (1–10,000, default 3).
    pub touchy: i32,
    /// Felt deficits follow from the balances as each party perceives them (default true;
    /// off only for experiments).
    pub perception: bool,
    /// Hurt carried from one party colours how a party treats others, and a third party's
    /// acknowledgment can ease it (default true; off only for experiments).
    pub hurt_travels: bool,
    /// Givers count what they give, and organisations pay for what their members give away
    /// (default true; off only for experiments).
    pub giving_costs: bool,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            ack_scale: 0.25,
            escalation: 1.5,
            loyalty_full: 20,
            chain_depth: 8,
            tolerance: 2,
            consolation: 0.5,
            touchy: 3,
            perception: true,
            hurt_travels: true,
            giving_costs: true,
        }
    }
}

/// Whether a party is one person or an organisation that people act for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum PartyKind {
    /// One person: can speak, be played and succeed someone (the default).
    #[default]
    Person,
    /// A shop, a firm, a family: acts through its `members`.
    Organisation,
}

/// A person or organisation in the story.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Unique id that effects and conditions refer to (`snake_case`).
    pub id: String,
    /// The name the game shows.
    pub name: Text,
    /// A few words on who this is ("sales lead, Jort's father").
    #[serde(default)]
    pub role: Option<Text>,
    /// A person or an organisation; a person when absent.
    #[serde(default)]
    pub kind: PartyKind,
    /// The person whose place this party took (Erik succeeds Harry); persons only, never
    /// oneself or in a circle.
    #[serde(default)]
    pub succeeds: Option<String>,
    /// For organisations: the people (or organisations) who act for it, and how much each
    /// one represents it.
    #[serde(default)]
    pub members: Vec<Member>,
    /// How much this party lets go unreturned on a layer before feeling short-changed
    /// (0–10,000); the rules' `tolerance` when absent.
    #[serde(default)]
    pub tolerance: Option<i32>,
    /// Badge colour in the game, `#rrggbb`.
    #[serde(default)]
    pub color: Option<String>,
}

impl Party {
    /// What this party lets go unreturned on a layer: its own `tolerance`, else the rules'.
    pub(crate) fn tolerance_under(&self, rules: &Rules) -> i32 {
        self.tolerance.unwrap_or(rules.tolerance).max(0)
    }
}

/// One member of an organisation: `(party: "erik", weight: 1.0)`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The member's party id; listed once, never the organisation itself.
    pub party: String,
    /// How much the member represents the organisation (0–1): the share of the member's
    /// moves toward outsiders that also counts for the organisation.
    pub weight: f64,
}

/// A declared kind of gift: `(kind: "plush_toys", name: (en: ..., nl: ...))`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GiftKind {
    /// The id that `Give(kind: ...)` and valuations use; declared once.
    pub kind: String,
    /// How the reflection names it ("plush toys", "knuffels").
    pub name: Text,
}

/// What one party thinks a kind of gift is worth: `(party: ..., kind: ..., worth: 1.5)`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Valuation {
    /// The receiving party; each party values each kind at most once.
    pub party: String,
    /// A gift kind, as named by `Give(kind: ...)`.
    pub kind: String,
    /// Multiplier on gifts of that kind received by `party` (0–10; 0 = worthless to them).
    pub worth: f64,
}

/// When `at` receives something on `layer` (from `from`, or from anyone), it passes
/// `share` of it on to `pass_to`, on `as_layer`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chain {
    /// The party that receives and passes on.
    pub at: String,
    /// Only what comes from this party; from anyone when absent.
    #[serde(default)]
    pub from: Option<String>,
    /// The layer on which `at` receives.
    pub layer: Layer,
    /// The party that gets the share.
    pub pass_to: String,
    /// The layer on which it is passed on; `layer` when absent.
    #[serde(default)]
    pub as_layer: Option<Layer>,
    /// The part passed on (0–1).
    pub share: f64,
    /// The explanation the reflection shows for the entries the chain makes.
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
    /// The layer as it reads after an amount: "4 in the deal", "4 in recognition".
    pub fn phrase(self, lang: crate::text::Lang) -> &'static str {
        use crate::text::Lang;
        match (self, lang) {
            (Layer::Deal, Lang::En) => "in the deal",
            (Layer::Seen, Lang::En) => "in recognition",
            (Layer::Deal, Lang::Nl) => "in de deal",
            (Layer::Seen, Lang::Nl) => "aan erkenning",
        }
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

/// One line of the story, and what follows it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Unique id that `next`, `Goto`, `start` and `Visited` refer to.
    pub id: String,
    /// A scene heading shown before this node ("The next morning").
    #[serde(default)]
    pub scene: Option<Text>,
    /// From this node on, the player plays this party (a person).
    #[serde(default)]
    pub player: Option<String>,
    /// Who speaks the line; narration when absent.
    #[serde(default)]
    pub speaker: Option<String>,
    /// The line (at most 700 characters, E0123).
    pub text: Text,
    /// Applied when the node is entered.
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// What follows the line.
    pub then: Then,
}

/// What follows a node's line.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Then {
    /// The player chooses (at least one choice), each written `Choice(...)` or `Pick(...)`.
    Choices(#[serde(deserialize_with = "crate::format::short::choices")] Vec<Choice>),
    /// The story continues at another node.
    Goto(String),
    /// Another party reacts: the first reaction whose condition holds, or a weighted draw
    /// (at least one reaction).
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
    /// Moves nothing by itself (to a speaker already hurt, it reads as a slight).
    Neutral,
}

impl Move {
    /// Every move, in the order above.
    pub const ALL: [Move; 6] = [
        Move::Acknowledge,
        Move::Deflect,
        Move::Give,
        Move::Take,
        Move::ClaimCredit,
        Move::Neutral,
    ];
}

/// One of the player's options at a node.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// What the player says or does, as the option reads.
    pub text: Text,
    /// Written `move`: the kind of move this is; `Acknowledge`, `Deflect` and `ClaimCredit`
    /// should make that effect (here or in the node it leads to).
    #[serde(rename = "move")]
    pub move_kind: Move,
    /// Offered only when this holds.
    #[serde(default)]
    pub when: Option<Cond>,
    /// Applied when the choice is made.
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// The node the choice leads to.
    pub next: String,
    /// For a `Pick` without `move` whose effects make several kinds of move: those kinds
    /// (the checker reports it, E0152); empty otherwise.
    #[serde(skip)]
    pub(crate) unclear_move: Vec<Move>,
    /// A `Pick` without `move`: the move was taken from its effects (W0213 checks whose).
    #[serde(skip)]
    pub(crate) move_inferred: bool,
}

/// One way another party may react.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reaction {
    /// Applies only when this holds.
    #[serde(default)]
    pub when: Option<Cond>,
    /// Base weight of a random draw (0–10,000, 1 when absent). When no reaction of a node
    /// has a weight or `weight_by`, the first reaction whose condition holds is taken.
    #[serde(default)]
    pub weight: Option<i32>,
    /// Terms added to the weight: `value × per`, evaluated on the ledger at that moment.
    #[serde(default)]
    pub weight_by: Vec<WeightTerm>,
    /// Applied when the reaction is taken.
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// The node the reaction leads to.
    pub next: String,
}

/// A term of a reaction's weight: `(value: Felt(...), per: 1.0)`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightTerm {
    /// The number read off the ledger.
    pub value: Value,
    /// Weight added per unit of `value` (−1000–1000).
    pub per: f64,
}

/// A number read off the ledger.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub enum Value {
    /// What `holder` has given `with` beyond what came back (positive: `with` owes `holder`).
    /// Both layers summed when `layer` is absent.
    Credit {
        /// The party in credit.
        holder: String,
        /// The party that owes.
        with: String,
        /// Only this layer; both summed when absent.
        #[serde(default)]
        layer: Option<Layer>,
    },
    /// What `who` believes it gave `with` beyond what came back: the balance as `who`
    /// perceives it (what it noticed), which can differ from the `Credit`. Both layers summed
    /// when `layer` is absent.
    Perceived {
        /// The party whose view it is.
        who: String,
        /// The other party of the balance.
        with: String,
        /// Only this layer; both summed when absent.
        #[serde(default)]
        layer: Option<Layer>,
    },
    /// The deficit `who` feels toward `toward`.
    Felt {
        /// The party that feels it.
        who: String,
        /// The party it is felt toward.
        toward: String,
    },
    /// What `holder`'s credits with `via` (by default `with`'s predecessor) would be worth
    /// to `with` now.
    Transferable {
        /// The party whose credits they are.
        holder: String,
        /// The party they would be claimed with.
        with: String,
        /// Whose credits: by default the person `with` succeeds.
        #[serde(default)]
        via: Option<String>,
    },
}

/// A condition on the ledger and the story so far (nested at most 96 deep).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub enum Cond {
    /// Always holds.
    Always,
    /// The value is at least the number.
    AtLeast(Value, i32),
    /// The value is below the number.
    Below(Value, i32),
    /// `who` knows of the credits `holder` built up with `with`.
    Knows {
        /// The party who knows.
        who: String,
        /// The party whose credits they are.
        holder: String,
        /// The party they were built up with.
        with: String,
    },
    /// The flag is set (`Set`, and not `Clear`ed since).
    Flag(String),
    /// The node was entered in this run.
    Visited(String),
    /// Every condition holds.
    All(Vec<Cond>),
    /// At least one condition holds.
    Any(Vec<Cond>),
    /// The condition does not hold.
    Not(Box<Cond>),
}

/// A change to the ledger. Every effect may carry a `note`: the explanation the
/// reflection screen shows for the entries it makes.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub enum Effect {
    /// `from` gives `to`; worth `amount` × what `to` thinks of that `kind` of gift.
    Give {
        /// The giver.
        from: String,
        /// The receiver.
        to: String,
        /// The layer given on.
        layer: Layer,
        /// How much (−10,000–10,000).
        amount: i32,
        /// The kind of gift, declared in `gifts`; worth its face value when absent.
        #[serde(default)]
        kind: Option<String>,
        /// The receiver does not notice the gift: it counts in the true balance, but not in
        /// what the receiver perceives, until it is acknowledged or told.
        #[serde(default)]
        unnoticed: bool,
        /// What the reflection shows for it.
        #[serde(default)]
        note: Option<Text>,
    },
    /// `by` takes from `from` without giving back.
    Take {
        /// The taker.
        by: String,
        /// The party taken from.
        from: String,
        /// The layer taken on.
        layer: Layer,
        /// How much (−10,000–10,000).
        amount: i32,
        /// The one taken from does not notice (hidden damage): it counts in the true balance,
        /// not in what `from` perceives, until `from` is told.
        #[serde(default)]
        unnoticed: bool,
        /// What the reflection shows for it.
        #[serde(default)]
        note: Option<Text>,
    },
    /// `by` names `of`'s effort or loss: `of`'s felt deficit toward `by` shrinks.
    Acknowledge {
        /// The party who acknowledges.
        by: String,
        /// The party acknowledged.
        of: String,
        /// How much (0–10,000).
        amount: i32,
        /// What the reflection shows for it.
        #[serde(default)]
        note: Option<Text>,
    },
    /// `by` blames, shares the blame or counters: `toward`'s felt deficit toward `by` grows.
    Deflect {
        /// The party who deflects.
        by: String,
        /// The party deflected toward.
        toward: String,
        /// How much (0–10,000).
        amount: i32,
        /// What the reflection shows for it.
        #[serde(default)]
        note: Option<Text>,
    },
    /// `claimant` calls on his credits with `via` (by default `with`'s predecessor): they
    /// count with `with` only if `with` knows of them and owes `via` enough to honour them.
    ClaimCredit {
        /// The party who claims.
        claimant: String,
        /// The party the claim is made with.
        with: String,
        /// Whose credits are claimed: the boss an employee stands in for, say. When absent,
        /// the person `with` succeeds.
        #[serde(default)]
        via: Option<String>,
        /// How hard the claim presses when it is not honoured (0–10,000, default 3).
        #[serde(default = "default_pressure")]
        pressure: i32,
        /// What the reflection shows for it.
        #[serde(default)]
        note: Option<Text>,
    },
    /// `who` hears of the credits `holder` built up with `with`.
    Tell {
        /// The party who hears.
        who: String,
        /// The party whose credits they are.
        holder: String,
        /// The party they were built up with.
        with: String,
        /// What the reflection shows for it.
        #[serde(default)]
        note: Option<Text>,
    },
    /// Changes the deficit `who` feels toward `toward` directly (negative eases it).
    Feel {
        /// The party who feels it.
        who: String,
        /// The party it is felt toward.
        toward: String,
        /// How much (−10,000–10,000).
        amount: i32,
        /// What the reflection shows for it.
        #[serde(default)]
        note: Option<Text>,
    },
    /// Sets a story flag, for `Flag(...)` conditions.
    Set(String),
    /// Clears a story flag.
    Clear(String),
}

fn default_pressure() -> i32 {
    3
}

/// The colour of an ending.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tone {
    /// The relationships come out whole: a best ending.
    Bright,
    /// Something is mended and something lost.
    Mixed,
    /// The relationships come out damaged.
    Dark,
}

/// An ending of the story.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// Unique id that `Outcome("...")` and tests refer to.
    pub id: String,
    /// The ending's heading.
    pub title: Text,
    /// What became of everyone, shown at the end.
    pub epilogue: Text,
    /// The colour of the ending.
    pub tone: Tone,
    /// Holds when this ending applies (checked in file order at an `End`).
    #[serde(default)]
    pub when: Option<Cond>,
}

/// A scripted playthrough that `give-and-take test` replays.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Test {
    /// Names the test in reports; unique in the file.
    pub name: String,
    /// The seed of the reactions' draws (0 when absent).
    #[serde(default)]
    pub seed: u64,
    /// The choice picked at each decision, counted from 1 as `play` shows them.
    pub choices: Vec<usize>,
    /// The outcome the run must end in.
    pub expect: String,
    /// Conditions on the final ledger that must hold.
    #[serde(default)]
    pub ledger: Vec<Cond>,
}

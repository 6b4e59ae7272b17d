//! [`Story`]: a checked scenario, and the one way the game and the tools read it. Nothing
//! outside this crate indexes its lists; they ask for a node's text, speaker and choices,
//! an outcome's title and epilogue, a party's name, by id.

use crate::compiled::{Chain, Cond, Effect, Node, Outcome, Party, Permille, Rules, Then};
use crate::format::scenario::{self as written, Move, Scenario, Tone};
use crate::ids::{ChoiceId, FlagId, IdVec, KindId, NodeId, OutcomeId, PartyId, ReactionId};
use crate::text::{Lang, Text};
use std::collections::{HashMap, HashSet};

/// A checked scenario: the file as written plus its indexed form. Built only by the checks
/// ([`crate::check_str`], [`crate::Source`]), so every id in it is valid.
#[derive(Clone, Debug)]
pub struct Story {
    pub(crate) scenario: Scenario,
    pub(crate) parties: IdVec<PartyId, Party>,
    pub(crate) player: PartyId,
    pub(crate) start: NodeId,
    pub(crate) rules: Rules,
    pub(crate) history: Vec<Effect>,
    /// Worth of a gift kind to a receiver, where it is not 1.
    pub(crate) valuations: HashMap<(PartyId, KindId), Permille>,
    pub(crate) kinds: IdVec<KindId, String>,
    pub(crate) chains: Vec<Chain>,
    pub(crate) nodes: IdVec<NodeId, Node>,
    pub(crate) outcomes: IdVec<OutcomeId, Outcome>,
    pub(crate) flags: IdVec<FlagId, String>,
    pub(crate) node_index: HashMap<String, NodeId>,
    pub(crate) party_index: HashMap<String, PartyId>,
    pub(crate) outcome_index: HashMap<String, OutcomeId>,
    /// The ledger conditions of each in-file test, compiled (same order as the tests).
    pub(crate) test_ledgers: Vec<Vec<Cond>>,
    /// The pairs whose credit the story's conditions and weights read, as
    /// `Credit(holder: a, with: b)` reads `(a, b)`.
    pub(crate) credits_read: HashSet<(PartyId, PartyId)>,
}

/// The scenario as a whole.
impl Story {
    /// The scenario's id (`quote_dispute`).
    pub fn id(&self) -> &str {
        &self.scenario.id
    }
    /// The title shown on its card and over the run.
    pub fn title(&self) -> &Text {
        &self.scenario.title
    }
    /// The one-paragraph summary on its card.
    pub fn summary(&self) -> &Text {
        &self.scenario.summary
    }
    /// The party the player plays at the start.
    pub fn player(&self) -> PartyId {
        self.player
    }
    /// The file as written (for tools that show or compare the source: `graph`, `diff`).
    pub fn written(&self) -> &Scenario {
        &self.scenario
    }
    /// The tests written inside the file, in order.
    pub fn tests(&self) -> &[written::Test] {
        &self.scenario.tests
    }
}

/// Parties.
impl Story {
    /// Every party, in file order.
    pub fn parties(&self) -> impl ExactSizeIterator<Item = PartyId> + use<> {
        self.parties.ids()
    }
    /// The party with this id in the file.
    pub fn party(&self, id: &str) -> Option<PartyId> {
        self.party_index.get(id).copied()
    }
    /// The id a party has in the file (`jort`).
    pub fn party_id(&self, p: PartyId) -> &str {
        &self.parties[p].id
    }
    /// The name shown for a party ("mevrouw Kuipers"; capitalise it to open a sentence).
    pub fn party_name(&self, p: PartyId, lang: Lang) -> &str {
        self.parties[p].name.get(lang)
    }
    /// The role shown under a party's name, if the file gives one.
    pub fn party_role(&self, p: PartyId) -> Option<&Text> {
        self.scenario.parties[p.index()].role.as_ref()
    }
    /// The colour the file gives a party (`"#c0703a"`), if any.
    pub fn party_color(&self, p: PartyId) -> Option<&str> {
        self.scenario.parties[p.index()].color.as_deref()
    }
    /// Whether the party is an organisation rather than a person.
    pub fn is_organisation(&self, p: PartyId) -> bool {
        self.parties[p].is_org
    }
    /// The way round the file reads the credit between `a` and `b`, as `(holder, with)`:
    /// `Some((b, a))` when its conditions read only `Credit(holder: b, with: a)`, `Some((a,
    /// b))` when they read `(a, b)`, `None` when they read neither. Every report shows a
    /// balance this way round, so that the numbers match what the author wrote.
    pub fn credit_as_written(&self, a: PartyId, b: PartyId) -> Option<(PartyId, PartyId)> {
        if self.credits_read.contains(&(a, b)) {
            Some((a, b))
        } else if self.credits_read.contains(&(b, a)) {
            Some((b, a))
        } else {
            None
        }
    }
}

/// The pairs whose credit a story's outcomes, choice conditions and reaction conditions and
/// weights read, then its in-file tests' ledger conditions for the pairs those leave unread
/// (see [`Story::credit_as_written`]).
pub(crate) fn credits_read(
    nodes: &IdVec<NodeId, Node>,
    outcomes: &IdVec<OutcomeId, Outcome>,
    test_ledgers: &[Vec<Cond>],
) -> HashSet<(PartyId, PartyId)> {
    use crate::compiled::Value;
    fn value(v: &Value, out: &mut HashSet<(PartyId, PartyId)>) {
        if let Value::Credit { holder, with, .. } = *v {
            out.insert((holder, with));
        }
    }
    fn cond(c: &Cond, out: &mut HashSet<(PartyId, PartyId)>) {
        match c {
            Cond::AtLeast(v, _) | Cond::Below(v, _) => value(v, out),
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| cond(c, out)),
            Cond::Not(c) => cond(c, out),
            _ => {}
        }
    }
    let mut out = HashSet::new();
    for o in outcomes.iter() {
        o.when.iter().for_each(|c| cond(c, &mut out));
    }
    for n in nodes.iter() {
        match &n.then {
            Then::Choices(cs) => cs
                .iter()
                .flat_map(|c| c.when.iter())
                .for_each(|c| cond(c, &mut out)),
            Then::React { reactions, .. } => {
                for r in reactions.iter() {
                    r.when.iter().for_each(|c| cond(c, &mut out));
                    r.weight_by.iter().for_each(|(v, _)| value(v, &mut out));
                }
            }
            _ => {}
        }
    }
    // What the tests expect is written by the author too; the story's own conditions win.
    let mut tests = HashSet::new();
    test_ledgers
        .iter()
        .flatten()
        .for_each(|c| cond(c, &mut tests));
    let mut tests: Vec<_> = tests.into_iter().collect();
    tests.sort();
    for (a, b) in tests {
        if !out.contains(&(b, a)) {
            out.insert((a, b));
        }
    }
    out
}

/// Nodes and choices.
impl Story {
    /// Every node, in file order.
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = NodeId> + use<> {
        self.nodes.ids()
    }
    /// The node where a run starts.
    pub fn start(&self) -> NodeId {
        self.start
    }
    /// The node with this id in the file.
    pub fn node(&self, id: &str) -> Option<NodeId> {
        self.node_index.get(id).copied()
    }
    /// The id a node has in the file.
    pub fn node_id(&self, n: NodeId) -> &str {
        &self.nodes[n].id
    }
    fn written_node(&self, n: NodeId) -> &written::Node {
        &self.scenario.nodes[n.index()]
    }
    /// The node's line.
    pub fn node_text(&self, n: NodeId) -> &Text {
        &self.written_node(n).text
    }
    /// The scene heading shown before the node ("The next morning"), if any.
    pub fn scene(&self, n: NodeId) -> Option<&Text> {
        self.written_node(n).scene.as_ref()
    }
    /// Who speaks the node's line (`None`: narration).
    pub fn speaker(&self, n: NodeId) -> Option<PartyId> {
        self.nodes[n].speaker
    }
    /// The role the node hands the player, if it changes it.
    pub fn hands_player(&self, n: NodeId) -> Option<PartyId> {
        self.nodes[n].player
    }
    /// The choices of a choice node as written (all of them, offered now or not).
    pub fn choices(&self, n: NodeId) -> impl ExactSizeIterator<Item = ChoiceId> + use<> {
        let count = match &self.nodes[n].then {
            Then::Choices(cs) => cs.len(),
            _ => 0,
        };
        (0..count).map(<ChoiceId as crate::ids::Id>::from_index)
    }
    /// A choice's text.
    pub fn choice_text(&self, n: NodeId, c: ChoiceId) -> Option<&Text> {
        match &self.written_node(n).then {
            written::Then::Choices(cs) => cs.get(c.index()).map(|c| &c.text),
            _ => None,
        }
    }
    /// What kind of move a choice is (acknowledge, deflect, give, …).
    pub fn choice_move(&self, n: NodeId, c: ChoiceId) -> Option<Move> {
        match &self.nodes[n].then {
            Then::Choices(cs) => cs.get(c).map(|c| c.move_kind),
            _ => None,
        }
    }
    /// The reactions of a react node as written.
    pub fn reactions(&self, n: NodeId) -> impl ExactSizeIterator<Item = ReactionId> + use<> {
        let count = match &self.nodes[n].then {
            Then::React { reactions, .. } => reactions.len(),
            _ => 0,
        };
        (0..count).map(<ReactionId as crate::ids::Id>::from_index)
    }
    /// Whether the node's reaction is drawn by weight (rather than the first that applies).
    pub fn is_weighted(&self, n: NodeId) -> bool {
        matches!(self.nodes[n].then, Then::React { weighted: true, .. })
    }
}

/// Outcomes.
impl Story {
    /// Every outcome, in file order (the order in which their conditions are tried).
    pub fn outcomes(&self) -> impl ExactSizeIterator<Item = OutcomeId> + use<> {
        self.outcomes.ids()
    }
    /// The outcome with this id in the file.
    pub fn outcome(&self, id: &str) -> Option<OutcomeId> {
        self.outcome_index.get(id).copied()
    }
    /// The id an outcome has in the file.
    pub fn outcome_id(&self, o: OutcomeId) -> &str {
        &self.outcomes[o].id
    }
    /// The outcome's title.
    pub fn outcome_title(&self, o: OutcomeId) -> &Text {
        &self.scenario.outcomes[o.index()].title
    }
    /// The outcome's epilogue.
    pub fn epilogue(&self, o: OutcomeId) -> &Text {
        &self.scenario.outcomes[o.index()].epilogue
    }
    /// Whether the outcome is bright, mixed or dark.
    pub fn tone(&self, o: OutcomeId) -> Tone {
        self.outcomes[o].tone
    }
}

/// What the ledger's rules read.
impl Story {
    /// The display name of a gift kind (its id when the scenario names none).
    pub(crate) fn kind_name(&self, kind: KindId, lang: Lang) -> &str {
        self.scenario
            .gifts
            .iter()
            .find(|g| g.kind == self.kinds[kind])
            .map_or(self.kinds[kind].as_str(), |g| g.name.get(lang))
    }
    /// What a gift of this kind is worth to the receiver (1 unless the file says).
    pub(crate) fn valuation(&self, to: PartyId, kind: Option<KindId>) -> Permille {
        kind.and_then(|k| self.valuations.get(&(to, k)).copied())
            .unwrap_or(Permille::ONE)
    }
    /// Every flag named in the file.
    pub fn flags(&self) -> impl ExactSizeIterator<Item = FlagId> + use<> {
        self.flags.ids()
    }
    /// The name of a flag as written.
    pub fn flag_name(&self, f: FlagId) -> &str {
        &self.flags[f]
    }
}

//! Exhaustive analysis of a scenario: every choice path and every reaction, with exact
//! probabilities, so an author learns which endings the *values* allow — not only which ones
//! the node graph connects.
//!
//! # How it works
//! The story is walked with the runner's own stepping functions ([`runner::enter_node`],
//! [`runner::take_choice`], [`runner::take_reaction`]), so the analysis can never disagree
//! with play. Where a run would only continue (a `Goto`, the first applicable reaction, a
//! draw with one option) the walk goes on; it *stops* where the future branches or ends:
//! a choice node (the player decides), a weighted draw among two or more reactions, an
//! outcome, or a stuck story (runs of narration that change nothing are stepped over in
//! one go). Each stop is a state of the exploration, identified by its
//! node, the whole [`State`] (ledger, flags, visited nodes) and the party the player plays.
//! Two runs that stop at the same node in the same state have the same futures, so they are
//! merged: 2^40 choice paths collapse into the few thousand distinct states they pass through.
//!
//! The states and their transitions form a graph. Its strongly connected components, in
//! reverse topological order, give in one pass: the set of outcomes reachable from every
//! state, and the exact probability of every outcome for a player who picks uniformly at
//! random (reactions by their weights). Player choices may loop back to an earlier state;
//! inside such a cycle the probabilities are found by iterating to convergence and the
//! result is flagged [`Analysis::approximate`].
//!
//! # Guard
//! Exploration stops after [`AnalysisOptions::max_states`] distinct states
//! ([`DEFAULT_MAX_STATES`] by default). The analysis then says it is incomplete: outcomes
//! found are still reachable (their witnesses replay), but "unreachable" becomes "not found",
//! probabilities are lower bounds and the lints that need the whole graph are skipped.

use crate::compiled::{self};
use crate::format::diagnostics::{Diagnostic, Loc};
use crate::format::scenario::{Layer, Move, Tone};
use crate::format::span::Path;
use crate::ids::{ChoiceId, Id, NodeId, OutcomeId, PartyId, ReactionId};
use crate::play::ledger::{Entry, State};
use crate::play::runner::{self, Beat, Next, Pick, Record, RunError, RunState};
use crate::story::Story;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::hash::{Hash, Hasher};

/// Default bound on distinct states for `analyze`.
pub const DEFAULT_MAX_STATES: usize = 5_000_000;
/// The smaller bound `check` uses, so that checking stays fast.
pub const CHECK_MAX_STATES: usize = 200_000;
/// Witness seeds are searched in `0..SEEDS_SEARCHED`.
pub const SEEDS_SEARCHED: u64 = 1000;

#[derive(Clone, Debug)]
pub struct AnalysisOptions {
    /// Stop exploring after this many distinct states.
    pub max_states: usize,
    /// Replay each witness with seeds 0..=999 to find one that really reaches it.
    pub find_seeds: bool,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            max_states: DEFAULT_MAX_STATES,
            find_seeds: true,
        }
    }
}

/// Everything the analysis found out about a scenario.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Distinct states explored (merged runs count once).
    pub states: usize,
    /// Transitions between them (choices, drawn reactions and the opening).
    pub transitions: usize,
    pub max_states: usize,
    /// False when the bound on states was hit before the exploration finished.
    pub complete: bool,
    /// Player choices can loop back to an earlier state, so probabilities were found by
    /// iteration rather than exactly.
    pub approximate: bool,
    /// One per outcome, in file order.
    pub outcomes: Vec<OutcomeReport>,
    /// Places where some path gets stuck with a runtime error.
    pub stuck: Vec<StuckReport>,
    /// Probability (random player) that the story never ends: it loops forever.
    pub never_ends: f64,
    /// Probability (random player) of runs that went beyond the bound on states.
    pub unexplored: f64,
    pub strategies: Vec<StrategyReport>,
    pub lints: Vec<Lint>,
}

#[derive(Clone, Debug)]
pub struct OutcomeReport {
    pub outcome: OutcomeId,
    /// `None` when it was not found but the exploration was incomplete.
    pub reachable: Option<bool>,
    /// For a player choosing uniformly at random (a lower bound when incomplete).
    pub probability: f64,
    pub witness: Option<Witness>,
    /// Every balance that is non-zero in some final state of this outcome, with its range
    /// over all the final states in which the outcome is reached.
    pub balances: Vec<Balance>,
}

/// How to reach something: a shortest choice script, and the reactions it relies on.
#[derive(Clone, Debug, PartialEq)]
pub struct Witness {
    /// Positions among the offered choices, counted from 1 as `play --choices` takes them.
    pub choices: Vec<usize>,
    /// The probability that playing this script reaches the target (over the reactions).
    pub probability: f64,
    /// A seed in 0..=999 with which `play --seed S --choices ...` reaches the target, if any.
    pub seed: Option<u64>,
    /// How many random draws that replay made.
    pub draws: Option<u64>,
    /// The drawn reactions along the witness path, in order.
    pub reactions: Vec<Drawn>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Drawn {
    pub node: NodeId,
    /// Index of the reaction as written.
    pub reaction: ReactionId,
    /// Its probability at that moment.
    pub chance: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BalanceKind {
    /// `holder`'s credit with `with` on `layer` (`holder` < `with`; the other way round is
    /// its negative).
    Credit {
        holder: PartyId,
        with: PartyId,
        layer: Layer,
    },
    /// The deficit `who` feels toward `toward`.
    Felt { who: PartyId, toward: PartyId },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Balance {
    pub kind: BalanceKind,
    pub min: i32,
    pub max: i32,
}

#[derive(Clone, Debug)]
pub struct StuckReport {
    pub node: NodeId,
    pub error: RunError,
    /// For a player choosing uniformly at random.
    pub probability: f64,
    pub witness: Witness,
}

/// A blunt way to play, to find out whether it wins without thinking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Always the first acknowledging choice offered (else the first choice).
    AlwaysAcknowledge,
    /// Always the first deflecting choice offered (else the first choice).
    AlwaysDeflect,
    /// Always the first choice offered.
    AlwaysFirst,
}

impl Strategy {
    pub const ALL: [Strategy; 3] = [
        Strategy::AlwaysAcknowledge,
        Strategy::AlwaysDeflect,
        Strategy::AlwaysFirst,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Strategy::AlwaysAcknowledge => "always_acknowledge",
            Strategy::AlwaysDeflect => "always_deflect",
            Strategy::AlwaysFirst => "always_first",
        }
    }

    fn preferred(self) -> Option<Move> {
        match self {
            Strategy::AlwaysAcknowledge => Some(Move::Acknowledge),
            Strategy::AlwaysDeflect => Some(Move::Deflect),
            Strategy::AlwaysFirst => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct StrategyReport {
    pub strategy: Strategy,
    /// Probability of each outcome (in file order) when playing this way.
    pub outcomes: Vec<f64>,
    /// Probability of getting stuck.
    pub stuck: f64,
    /// Probability of an outcome with tone `Bright`.
    pub bright: f64,
    /// Whether the move this strategy prefers is ever offered; when it is not, the strategy
    /// plays exactly like [`Strategy::AlwaysFirst`].
    pub distinct: bool,
}

/// Something an author probably did not mean.
#[derive(Clone, Debug, PartialEq)]
pub enum Lint {
    /// In every state in which `node` is reached, all its offered choices leave the same
    /// set of reachable outcomes: the choice never changes which endings remain possible.
    CosmeticChoice {
        node: NodeId,
        /// The outcomes still possible in the first such state.
        outcomes: Vec<OutcomeId>,
        /// In how many states the node offers a choice.
        states: usize,
        /// How far the choices still move the odds of the outcomes: the largest total
        /// variation distance between two choices' outcome distributions (random player),
        /// 0 when the choice changes nothing at all.
        odds_shift: f64,
    },
    /// Playing bluntly this way reaches a `Bright` outcome with probability 1.
    DominantStrategy { strategy: Strategy },
    /// The node is reached, but from none of the states it is reached in can an outcome be
    /// reached (every path gets stuck or loops forever).
    DeadEnd { node: NodeId },
    /// No path reaches this outcome given the values.
    UnreachedOutcome { outcome: OutcomeId },
    /// The node is connected, but no path enters it given the values.
    UnreachedNode { node: NodeId },
    /// The choice (index as written) is never offered: its condition never holds when the
    /// node is reached.
    ChoiceNeverOffered { node: NodeId, choice: ChoiceId },
}

impl Lint {
    /// Stable name, used in `--json`.
    pub fn name(&self) -> &'static str {
        match self {
            Lint::CosmeticChoice { .. } => "cosmetic_choice",
            Lint::DominantStrategy { .. } => "dominant_strategy",
            Lint::DeadEnd { .. } => "dead_end",
            Lint::UnreachedOutcome { .. } => "unreached_outcome",
            Lint::UnreachedNode { .. } => "unreached_node",
            Lint::ChoiceNeverOffered { .. } => "choice_never_offered",
        }
    }

    pub fn node(&self) -> Option<NodeId> {
        match *self {
            Lint::CosmeticChoice { node, .. }
            | Lint::DeadEnd { node }
            | Lint::UnreachedNode { node }
            | Lint::ChoiceNeverOffered { node, .. } => Some(node),
            _ => None,
        }
    }

    pub fn message(&self, story: &Story) -> String {
        match self {
            Lint::CosmeticChoice {
                node,
                outcomes,
                states,
                odds_shift,
            } => {
                let ids: Vec<&str> = outcomes
                    .iter()
                    .map(|&o| story.outcomes[o].id.as_str())
                    .collect();
                let odds = if *odds_shift < 1e-9 {
                    "nor the odds: the choice is purely cosmetic".to_string()
                } else {
                    format!(
                        "though they shift the odds by up to {:.0} points",
                        odds_shift * 100.0
                    )
                };
                format!(
                    "the choices at `{}` never change which outcomes remain possible: in {} \
                     state{} every choice leaves the same ones ({}); {odds}",
                    story.node_id(*node),
                    states,
                    if *states == 1 { "" } else { "s" },
                    if ids.is_empty() {
                        "none".to_string()
                    } else {
                        ids.join(", ")
                    }
                )
            }
            Lint::DominantStrategy { strategy } => format!(
                "playing `{}` reaches a Bright outcome every time, whatever the reactions: \
                 the blunt strategy wins",
                strategy.name()
            ),
            Lint::DeadEnd { node } => format!(
                "from `{}` no outcome can be reached given the values (every path gets stuck or loops)",
                story.node_id(*node)
            ),
            Lint::UnreachedOutcome { outcome } => format!(
                "no path reaches the outcome `{}` given the values",
                story.outcomes[*outcome].id
            ),
            Lint::UnreachedNode { node } => {
                format!("no path enters `{}` given the values", story.node_id(*node))
            }
            Lint::ChoiceNeverOffered { node, choice } => format!(
                "choice {} of `{}` is never offered: its condition never holds there",
                choice.index() + 1,
                story.node_id(*node)
            ),
        }
    }
}

/// Explores every path of `story` and reports on it.
pub fn analyze(story: &Story, options: &AnalysisOptions) -> Analysis {
    let graph = Explorer::new(story, options.max_states).run();
    report(story, &graph, options)
}

// ----------------------------------------------------------------------- exploration

/// Where the exploration of one transition stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    /// The opening: a pseudo-state before the history, with one transition.
    Start,
    /// A choice node: the player decides.
    Choose,
    /// A weighted draw among two or more reactions.
    Draw,
    Ended(OutcomeId),
    /// Index into [`Graph::stuck`].
    Stuck(u32),
}

/// Identity of a state: stopping at the same node in the same state as the same player means
/// the same futures.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    node: NodeId,
    player: PartyId,
    state: State,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    Open,
    /// `shown`: position among the offered choices; `index`: as written.
    Choice {
        shown: u32,
        index: ChoiceId,
    },
    Reaction {
        index: ReactionId,
    },
}

/// Target of a transition that would have created a state beyond the bound.
const BEYOND: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
struct Edge {
    to: u32,
    prob: f64,
    label: Label,
    /// The nodes entered on the way, as a range of [`Graph::trail`].
    trail: (u32, u32),
}

#[derive(Clone, Copy, Debug)]
struct Vertex {
    node: NodeId,
    stop: Stop,
    /// Its transitions, a range of [`Graph::edges`] (in the order choices are shown).
    edges: (u32, u32),
}

struct Graph {
    /// `keys[v]` identifies state `v`; state 0 is the opening pseudo-state.
    keys: Vec<Key>,
    vertices: Vec<Vertex>,
    edges: Vec<Edge>,
    trail: Vec<u32>,
    /// Distinct runtime errors (node and error), indexed by [`Stop::Stuck`].
    stuck: Vec<(NodeId, RunError)>,
    complete: bool,
    /// See [`passages`].
    passages: Vec<Option<Passage>>,
}

impl Graph {
    fn out(&self, v: usize) -> &[Edge] {
        let (a, b) = self.vertices[v].edges;
        &self.edges[a as usize..b as usize]
    }
}

/// A run of narration that only leads on, walked over in one step.
#[derive(Clone, Copy, Debug)]
struct Passage {
    /// The first node after the run that does something.
    to: NodeId,
    /// How many nodes the run has.
    len: u32,
}

/// Whether entering `node` changes nothing and leads to a fixed node: no effects, no role
/// handed over, not watched by a `Visited` condition, then a `Goto`. [`runner::enter_node`]
/// does nothing else for such a node, so the analysis may step over it without entering.
fn leads_on(story: &Story, node: NodeId) -> Option<NodeId> {
    let n = &story.nodes[node];
    match n.then {
        compiled::Then::Goto(next)
            if n.effects.is_empty() && n.watch.is_none() && n.player.is_none() =>
        {
            Some(next)
        }
        _ => None,
    }
}

/// For every node that starts a run of nodes that only lead on, where the run ends. Real
/// scenarios have many narration nodes and a walk passes them once per state, so jumping
/// over them keeps large scenarios fast to analyse.
fn passages(story: &Story) -> Vec<Option<Passage>> {
    let n = story.nodes.len();
    // `resolved[x]`: where a walk from x really starts doing something, and after how many
    // nodes (0: x itself).
    let mut resolved: Vec<Option<(NodeId, u32)>> = vec![None; n];
    let mut run = Vec::new();
    for x in story.nodes.ids() {
        run.clear();
        let mut y = x;
        let end = loop {
            if let Some(r) = resolved[y.index()] {
                break Some(r);
            }
            match leads_on(story, y) {
                None => {
                    resolved[y.index()] = Some((y, 0));
                    break Some((y, 0));
                }
                // A run that goes round in a circle (E0163 forbids it): no jumping there.
                Some(_) if run.len() > n => break None,
                Some(next) => {
                    run.push(y);
                    y = next;
                }
            }
        };
        for (k, &p) in run.iter().rev().enumerate() {
            resolved[p.index()] = Some(match end {
                Some((to, len)) => (to, len + k as u32 + 1),
                None => (p, 0),
            });
        }
    }
    resolved
        .into_iter()
        .map(|r| match r {
            Some((to, len)) if len > 0 => Some(Passage { to, len }),
            _ => None,
        })
        .collect()
}

/// The analysis keeps no transcript and throws the ledger's entries away as it goes.
struct Discard {
    entries: Vec<Entry>,
}

impl Record for Discard {
    fn beat(&mut self, _: Beat) {}
    fn entries(&mut self) -> &mut Vec<Entry> {
        self.entries.clear();
        &mut self.entries
    }
    fn step(&self) -> u32 {
        0
    }
}

/// How a walk between two stops ended.
enum Halt {
    Choose,
    Draw,
    Ended(OutcomeId),
    Stuck(RunError),
}

struct Explorer<'s> {
    story: &'s Story,
    graph: Graph,
    table: StateTable,
    queue: VecDeque<u32>,
    max_states: usize,
    stuck_index: HashMap<(NodeId, String), u32>,
    discard: Discard,
}

impl<'s> Explorer<'s> {
    fn new(story: &'s Story, max_states: usize) -> Self {
        let mut discard = Discard {
            entries: Vec::new(),
        };
        let opening = runner::opening_state(story, &mut discard.entries);
        let start = Key {
            node: story.start,
            player: story.player,
            state: opening,
        };
        Explorer {
            story,
            graph: Graph {
                keys: vec![start],
                vertices: vec![Vertex {
                    node: story.start,
                    stop: Stop::Start,
                    edges: (0, 0),
                }],
                edges: Vec::new(),
                trail: Vec::new(),
                stuck: Vec::new(),
                complete: true,
                passages: passages(story),
            },
            table: StateTable::default(),
            queue: VecDeque::from([0]),
            max_states: max_states.max(1),
            stuck_index: HashMap::new(),
            discard,
        }
    }

    /// Breadth first, so that when the bound is hit the shallow part of the story is known.
    fn run(mut self) -> Graph {
        while let Some(v) = self.queue.pop_front() {
            self.expand(v as usize);
        }
        self.graph
    }

    fn expand(&mut self, v: usize) {
        let story = self.story;
        let Key {
            node,
            player,
            ref state,
        } = self.graph.keys[v];
        let base = state.clone();
        let first = self.graph.edges.len() as u32;
        match self.graph.vertices[v].stop {
            Stop::Start => {
                self.follow(base, player, story.start, 1.0, Label::Open);
            }
            Stop::Choose => {
                let offered = runner::offered_at(story, &base, node);
                let prob = 1.0 / offered.len() as f64;
                for (shown, o) in offered.iter().enumerate() {
                    let mut state = base.clone();
                    let next =
                        runner::take_choice(story, &mut state, node, o.index, &mut self.discard);
                    let label = Label::Choice {
                        shown: shown as u32,
                        index: o.index,
                    };
                    self.follow(state, player, next, prob, label);
                }
            }
            Stop::Draw => {
                let Pick::Draw(options) = runner::pick_reaction(story, &base, node) else {
                    unreachable!("a draw state was stored because its node draws")
                };
                let total: u64 = options.iter().map(|o| o.1).sum();
                for &(r, w) in &options {
                    let mut state = base.clone();
                    let next =
                        runner::take_reaction(story, &mut state, node, r, None, &mut self.discard);
                    let label = Label::Reaction { index: r };
                    self.follow(state, player, next, w as f64 / total as f64, label);
                }
            }
            Stop::Ended(_) | Stop::Stuck(_) => {}
        }
        let last = self.graph.edges.len() as u32;
        self.graph.vertices[v].edges = (first, last);
    }

    /// Walks from `node` to the next stop and records the transition to it.
    fn follow(
        &mut self,
        mut state: State,
        mut player: PartyId,
        node: NodeId,
        prob: f64,
        label: Label,
    ) {
        let from = self.graph.trail.len() as u32;
        let (at, halt) = self.walk(&mut state, &mut player, node);
        let to = self.intern(at, player, state, halt);
        let trail = (from, self.graph.trail.len() as u32);
        self.graph.edges.push(Edge {
            to,
            prob,
            label,
            trail,
        });
    }

    /// Enters nodes until the future branches or ends; returns the node it stopped at.
    fn walk(
        &mut self,
        state: &mut State,
        player: &mut PartyId,
        mut node: NodeId,
    ) -> (NodeId, Halt) {
        let story = self.story;
        // Checked stories cannot loop without a choice (E0163); the budget is the runner's,
        // so that an unchecked one is reported the way `play` would, never hangs.
        let mut budget = story.nodes.len() + 1;
        loop {
            if budget == 0 {
                let error = RunError::Loop {
                    node: story.node_id(node).to_string(),
                };
                return (node, Halt::Stuck(error));
            }
            // The trail records the first node of a passage; `lints` fills in the rest.
            self.graph.trail.push(node.index() as u32);
            if let Some(p) = self.graph.passages[node.index()]
                && p.len as usize <= budget
            {
                budget -= p.len as usize;
                node = p.to;
                continue;
            }
            budget -= 1;
            let reaction = match runner::enter_node(story, state, player, node, &mut self.discard) {
                Err(e) => return (node, Halt::Stuck(e)),
                Ok(Next::Choose) => return (node, Halt::Choose),
                Ok(Next::Ended(o)) => return (node, Halt::Ended(o)),
                Ok(Next::Goto(next)) => {
                    node = next;
                    continue;
                }
                Ok(Next::Reaction(r)) => r,
                Ok(Next::Draw(options)) if options.len() == 1 => options[0].0,
                Ok(Next::Draw(_)) => return (node, Halt::Draw),
            };
            node = runner::take_reaction(story, state, node, reaction, None, &mut self.discard);
        }
    }

    /// The id of this state, creating (and queueing) it if new; [`BEYOND`] past the bound.
    fn intern(&mut self, node: NodeId, player: PartyId, state: State, halt: Halt) -> u32 {
        let key = Key {
            node,
            player,
            state,
        };
        let hash = hash_key(&key);
        let keys = &self.graph.keys;
        if let Some(v) = self.table.find(hash, |v| keys[v as usize] == key) {
            return v;
        }
        // The opening pseudo-state does not count.
        if self.graph.vertices.len() > self.max_states {
            self.graph.complete = false;
            return BEYOND;
        }
        let stop = match halt {
            Halt::Choose => Stop::Choose,
            Halt::Draw => Stop::Draw,
            Halt::Ended(o) => Stop::Ended(o),
            Halt::Stuck(e) => {
                let next = self.graph.stuck.len() as u32;
                let k = *self
                    .stuck_index
                    .entry((node, e.to_string()))
                    .or_insert(next);
                if k == next {
                    self.graph.stuck.push((node, e));
                }
                Stop::Stuck(k)
            }
        };
        let v = self.graph.vertices.len() as u32;
        self.graph.vertices.push(Vertex {
            node,
            stop,
            edges: (0, 0),
        });
        self.graph.keys.push(key);
        self.table.insert(hash, v);
        if matches!(stop, Stop::Choose | Stop::Draw) {
            self.queue.push_back(v);
        }
        v
    }
}

/// A fast, non-cryptographic hash (the FxHash mix): states are hashed millions of times and
/// never come from an adversary.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        for &b in chunks.remainder() {
            self.add(b as u64);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.add(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

fn hash_key(key: &Key) -> u64 {
    let mut h = FxHasher::default();
    key.hash(&mut h);
    // Spread the high bits into the low ones, which index the table.
    h.finish() ^ (h.finish() >> 29)
}

/// Open-addressing set of state ids, keyed by their hash; the keys themselves live once, in
/// [`Graph::keys`].
#[derive(Default)]
struct StateTable {
    /// `id + 1`, or 0 for an empty slot; the length is a power of two.
    slots: Vec<u32>,
    hashes: Vec<u64>,
    len: usize,
}

impl StateTable {
    fn find(&self, hash: u64, mut eq: impl FnMut(u32) -> bool) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            match self.slots[i] {
                0 => return None,
                s if self.hashes[i] == hash && eq(s - 1) => return Some(s - 1),
                _ => i = (i + 1) & mask,
            }
        }
    }

    fn insert(&mut self, hash: u64, id: u32) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.place(hash, id);
        self.len += 1;
    }

    fn place(&mut self, hash: u64, id: u32) {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        while self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = id + 1;
        self.hashes[i] = hash;
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        let slots = std::mem::replace(&mut self.slots, vec![0; size]);
        let hashes = std::mem::replace(&mut self.hashes, vec![0; size]);
        for (s, h) in slots.into_iter().zip(hashes) {
            if s != 0 {
                self.place(h, s - 1);
            }
        }
    }
}

// ----------------------------------------------------------------------- graph passes

/// Strongly connected components in reverse topological order (every component comes after
/// all components it leads to), by an iterative Tarjan so deep graphs cannot overflow the
/// stack. Returns the vertices grouped by component and the start of each component.
fn components(g: &Graph) -> (Vec<u32>, Vec<usize>) {
    let n = g.vertices.len();
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut order = Vec::with_capacity(n);
    let mut starts = Vec::new();
    let mut next = 0u32;
    // (vertex, position in its edge list)
    let mut work: Vec<(u32, u32)> = Vec::new();
    for root in 0..n as u32 {
        if index[root as usize] != UNSEEN {
            continue;
        }
        work.push((root, g.vertices[root as usize].edges.0));
        index[root as usize] = next;
        low[root as usize] = next;
        next += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some(&mut (v, ref mut e)) = work.last_mut() {
            let vi = v as usize;
            if *e < g.vertices[vi].edges.1 {
                let w = g.edges[*e as usize].to;
                *e += 1;
                if w == BEYOND {
                    continue;
                }
                let wi = w as usize;
                if index[wi] == UNSEEN {
                    index[wi] = next;
                    low[wi] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[wi] = true;
                    work.push((w, g.vertices[wi].edges.0));
                } else if on_stack[wi] {
                    low[vi] = low[vi].min(index[wi]);
                }
            } else {
                work.pop();
                if let Some(&(u, _)) = work.last() {
                    low[u as usize] = low[u as usize].min(low[vi]);
                }
                if low[vi] == index[vi] {
                    starts.push(order.len());
                    loop {
                        let w = stack.pop().expect("on the stack");
                        on_stack[w as usize] = false;
                        order.push(w);
                        if w == v {
                            break;
                        }
                    }
                }
            }
        }
    }
    (order, starts)
}

/// The components as slices of the order.
fn each_component<'a>(order: &'a [u32], starts: &'a [usize]) -> impl Iterator<Item = &'a [u32]> {
    starts.iter().enumerate().map(move |(i, &s)| {
        let e = starts.get(i + 1).copied().unwrap_or(order.len());
        &order[s..e]
    })
}

fn is_cycle(g: &Graph, comp: &[u32]) -> bool {
    comp.len() > 1 || g.out(comp[0] as usize).iter().any(|e| e.to == comp[0])
}

/// The outcomes reachable from every state, as bit sets of `words` u64s per state.
struct ReachSets {
    words: usize,
    bits: Vec<u64>,
}

impl ReachSets {
    fn of(&self, v: u32) -> &[u64] {
        &self.bits[v as usize * self.words..(v as usize + 1) * self.words]
    }
    fn is_empty(&self, v: u32) -> bool {
        self.of(v).iter().all(|&w| w == 0)
    }
    fn outcomes(&self, v: u32) -> Vec<OutcomeId> {
        let set = self.of(v);
        (0..set.len() * 64)
            .filter(|&o| set[o / 64] & (1 << (o % 64)) != 0)
            .map(OutcomeId::from_index)
            .collect()
    }
}

fn reach_sets(g: &Graph, order: &[u32], starts: &[usize], outcomes: usize) -> ReachSets {
    let words = outcomes.div_ceil(64).max(1);
    let mut bits = vec![0u64; g.vertices.len() * words];
    let mut acc = vec![0u64; words];
    for comp in each_component(order, starts) {
        acc.fill(0);
        for &v in comp {
            if let Stop::Ended(o) = g.vertices[v as usize].stop {
                acc[o.index() / 64] |= 1 << (o.index() % 64);
            }
            for e in g.out(v as usize) {
                if e.to != BEYOND {
                    let t = e.to as usize * words;
                    for (a, b) in acc.iter_mut().zip(&bits[t..t + words]) {
                        *a |= b;
                    }
                }
            }
        }
        // Every state of a cycle reaches what any of them reaches.
        for &v in comp {
            bits[v as usize * words..(v as usize + 1) * words].copy_from_slice(&acc);
        }
    }
    ReachSets { words, bits }
}

/// How the player picks at a choice.
#[derive(Clone, Copy)]
enum Policy {
    Uniform,
    Blunt(Strategy),
}

/// Columns of a probability vector: each outcome, each stuck place, then "beyond the bound".
struct Columns {
    outcomes: usize,
    stuck: usize,
}

impl Columns {
    fn len(&self) -> usize {
        self.outcomes + self.stuck + 1
    }
    fn beyond(&self) -> usize {
        self.outcomes + self.stuck
    }
}

/// Probabilities of every end from every state (a row of [`Columns::len`] per state; the
/// opening's row first) under `policy`; `approximate` when a cycle had to be iterated.
fn distribution(
    story: &Story,
    g: &Graph,
    order: &[u32],
    starts: &[usize],
    cols: &Columns,
    policy: Policy,
) -> (Vec<f64>, bool) {
    let c = cols.len();
    let mut val = vec![0f64; g.vertices.len() * c];
    let mut row = vec![0f64; c];
    let mut approximate = false;
    // One row: what this state leads to, given its successors' rows.
    let compute = |v: u32, val: &[f64], row: &mut [f64]| {
        row.fill(0.0);
        let vx = &g.vertices[v as usize];
        match vx.stop {
            Stop::Ended(o) => row[o.index()] = 1.0,
            Stop::Stuck(k) => row[cols.outcomes + k as usize] = 1.0,
            Stop::Choose if let Policy::Blunt(s) = policy => {
                if let Some(e) = blunt_choice(story, g, v as usize, s) {
                    add_row(row, val, e.to, 1.0, cols);
                }
            }
            _ => {
                for e in g.out(v as usize) {
                    add_row(row, val, e.to, e.prob, cols);
                }
            }
        }
    };
    for comp in each_component(order, starts) {
        if !is_cycle(g, comp) {
            let v = comp[0];
            compute(v, &val, &mut row);
            val[v as usize * c..(v as usize + 1) * c].copy_from_slice(&row);
            continue;
        }
        // Player choices loop back: iterate (Gauss–Seidel) from zero, which converges to the
        // probabilities of actually ending there; mass that loops forever stays unassigned.
        approximate = true;
        for _sweep in 0..100_000 {
            let mut delta = 0f64;
            for &v in comp {
                compute(v, &val, &mut row);
                let cur = &mut val[v as usize * c..(v as usize + 1) * c];
                for (a, b) in cur.iter_mut().zip(&row) {
                    delta = delta.max((*a - b).abs());
                    *a = *b;
                }
            }
            if delta < 1e-13 {
                break;
            }
        }
    }
    (val, approximate)
}

fn add_row(row: &mut [f64], val: &[f64], to: u32, p: f64, cols: &Columns) {
    if to == BEYOND {
        row[cols.beyond()] += p;
        return;
    }
    let c = row.len();
    for (a, b) in row
        .iter_mut()
        .zip(&val[to as usize * c..(to as usize + 1) * c])
    {
        *a += p * b;
    }
}

/// The transition a blunt strategy takes at a choice state.
fn blunt_choice<'g>(story: &Story, g: &'g Graph, v: usize, s: Strategy) -> Option<&'g Edge> {
    let edges = g.out(v);
    let compiled::Then::Choices(cs) = &story.nodes[g.vertices[v].node].then else {
        return edges.first();
    };
    s.preferred()
        .and_then(|m| {
            edges.iter().find(|e| match e.label {
                Label::Choice { index, .. } => cs[index].move_kind == m,
                _ => false,
            })
        })
        .or(edges.first())
}

/// Whether some state offers a choice making move `m`.
fn offers_move(story: &Story, g: &Graph, m: Move) -> bool {
    g.vertices.iter().enumerate().any(|(v, vx)| {
        vx.stop == Stop::Choose
            && g.out(v)
                .iter()
                .any(|e| match (e.label, &story.nodes[vx.node].then) {
                    (Label::Choice { index, .. }, compiled::Then::Choices(cs)) => {
                        cs[index].move_kind == m
                    }
                    _ => false,
                })
    })
}

/// Lexicographic path cost: fewest choices first, then the most likely reactions.
#[derive(Clone, Copy, PartialEq)]
struct Cost {
    choices: u32,
    /// −ln of the probability of the drawn reactions along the path.
    surprise: f64,
}

impl Eq for Cost {}
impl Ord for Cost {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.choices
            .cmp(&other.choices)
            .then(self.surprise.total_cmp(&other.surprise))
    }
}
impl PartialOrd for Cost {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Dijkstra from the opening: the best path cost to every state and the edge it came by.
fn shortest_paths(g: &Graph) -> (Vec<Cost>, Vec<u32>) {
    let n = g.vertices.len();
    let inf = Cost {
        choices: u32::MAX,
        surprise: f64::INFINITY,
    };
    let mut dist = vec![inf; n];
    let mut via = vec![u32::MAX; n];
    let mut heap = BinaryHeap::new();
    dist[0] = Cost {
        choices: 0,
        surprise: 0.0,
    };
    heap.push(std::cmp::Reverse((dist[0], 0u32)));
    while let Some(std::cmp::Reverse((d, v))) = heap.pop() {
        if d != dist[v as usize] {
            continue;
        }
        let (a, _) = g.vertices[v as usize].edges;
        for (k, e) in g.out(v as usize).iter().enumerate() {
            if e.to == BEYOND {
                continue;
            }
            let step = match e.label {
                Label::Choice { .. } => Cost {
                    choices: 1,
                    surprise: 0.0,
                },
                _ => Cost {
                    choices: 0,
                    surprise: -e.prob.ln(),
                },
            };
            let nd = Cost {
                choices: d.choices + step.choices,
                surprise: d.surprise + step.surprise,
            };
            if nd < dist[e.to as usize] {
                dist[e.to as usize] = nd;
                via[e.to as usize] = a + k as u32;
                heap.push(std::cmp::Reverse((nd, e.to)));
            }
        }
    }
    (dist, via)
}

/// Which ends a witness aims at.
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Outcome(OutcomeId),
    Stuck(u32),
}

impl Target {
    fn matches(self, stop: Stop) -> bool {
        match (self, stop) {
            (Target::Outcome(a), Stop::Ended(b)) => a == b,
            (Target::Stuck(a), Stop::Stuck(b)) => a == b,
            _ => false,
        }
    }
}

/// The witness for the state `v`: the choices and draws on the best path to it.
fn witness_path(g: &Graph, via: &[u32], edge_from: &[u32], v: u32) -> (Vec<usize>, Vec<Drawn>) {
    let mut choices = Vec::new();
    let mut reactions = Vec::new();
    let mut at = v;
    while at != 0 {
        let e = via[at as usize];
        let edge = &g.edges[e as usize];
        let from = edge_from[e as usize];
        match edge.label {
            Label::Choice { shown, .. } => choices.push(shown as usize + 1),
            Label::Reaction { index } => reactions.push(Drawn {
                node: g.vertices[from as usize].node,
                reaction: index,
                chance: edge.prob,
            }),
            Label::Open => {}
        }
        at = from;
    }
    choices.reverse();
    reactions.reverse();
    (choices, reactions)
}

/// The probability that playing `script` (1-based) ends in `target`: the runs following it
/// are pushed through the graph, branching only at draws.
fn script_probability(g: &Graph, script: &[usize], target: Target) -> f64 {
    // Moves mass off the opening and draws until it rests at choices or ends.
    let settle = |mut mass: HashMap<u32, f64>| {
        let mut rested = HashMap::new();
        // Draws cannot form a cycle without a choice, so this ends; the bound is a guard.
        for _ in 0..=g.vertices.len() {
            if mass.is_empty() {
                break;
            }
            let mut next: HashMap<u32, f64> = HashMap::new();
            for (v, m) in mass {
                match g.vertices[v as usize].stop {
                    Stop::Start | Stop::Draw => {
                        for e in g.out(v as usize) {
                            if e.to != BEYOND {
                                *next.entry(e.to).or_default() += m * e.prob;
                            }
                        }
                    }
                    _ => *rested.entry(v).or_default() += m,
                }
            }
            mass = next;
        }
        rested
    };
    let mut mass = settle(HashMap::from([(0u32, 1.0)]));
    for &pick in script {
        let mut next: HashMap<u32, f64> = HashMap::new();
        for (v, m) in mass {
            if g.vertices[v as usize].stop == Stop::Choose
                && let Some(e) = g.out(v as usize).get(pick - 1)
                && e.to != BEYOND
            {
                *next.entry(e.to).or_default() += m;
            }
        }
        mass = settle(next);
    }
    mass.iter()
        .filter(|&(&v, _)| target.matches(g.vertices[v as usize].stop))
        .map(|(_, m)| m)
        .sum()
}

/// The first seed in 0..=999 with which replaying `script` really ends in `target`.
fn find_seed(story: &Story, g: &Graph, script: &[usize], target: Target) -> Option<(u64, u64)> {
    let zero: Vec<usize> = script.iter().map(|c| c - 1).collect();
    (0..SEEDS_SEARCHED).find_map(
        |seed| match (RunState::replay(story, seed, &zero), target) {
            (Ok(rs), Target::Outcome(o)) if rs.outcome == Some(o) => Some((seed, rs.draws)),
            (Err(e), Target::Stuck(k)) if g.stuck[k as usize].1 == e => Some((seed, 0)),
            _ => None,
        },
    )
}

// ----------------------------------------------------------------------- the report

fn report(story: &Story, g: &Graph, options: &AnalysisOptions) -> Analysis {
    let (order, starts) = components(g);
    let cols = Columns {
        outcomes: story.outcomes.len(),
        stuck: g.stuck.len(),
    };
    let reach = reach_sets(g, &order, &starts, cols.outcomes);
    let (rows, approximate) = distribution(story, g, &order, &starts, &cols, Policy::Uniform);
    let uniform = &rows[..cols.len()];
    let (dist, via) = shortest_paths(g);
    let mut edge_from = vec![0u32; g.edges.len()];
    // The final states of each outcome, then of each stuck place (columns' order).
    let mut ends: Vec<Vec<u32>> = vec![Vec::new(); cols.outcomes + cols.stuck];
    for (v, vx) in g.vertices.iter().enumerate() {
        edge_from[vx.edges.0 as usize..vx.edges.1 as usize].fill(v as u32);
        match vx.stop {
            Stop::Ended(o) => ends[o.index()].push(v as u32),
            Stop::Stuck(k) => ends[cols.outcomes + k as usize].push(v as u32),
            _ => {}
        }
    }
    // The state of a target reached by the best path.
    let best = |column: usize| {
        ends[column]
            .iter()
            .copied()
            .min_by_key(|&v| dist[v as usize])
    };
    let witness = |target: Target, v: u32| {
        let (choices, reactions) = witness_path(g, &via, &edge_from, v);
        let probability = script_probability(g, &choices, target);
        let found = options
            .find_seeds
            .then(|| find_seed(story, g, &choices, target))
            .flatten();
        Witness {
            choices,
            probability,
            seed: found.map(|f| f.0),
            draws: found
                .map(|f| f.1)
                .filter(|_| matches!(target, Target::Outcome(_))),
            reactions,
        }
    };

    let outcomes = story
        .outcomes
        .ids()
        .map(|outcome| {
            let o = outcome.index();
            let found = best(o);
            OutcomeReport {
                outcome,
                reachable: match (found, g.complete) {
                    (Some(_), _) => Some(true),
                    (None, true) => Some(false),
                    (None, false) => None,
                },
                probability: uniform[o],
                witness: found.map(|v| witness(Target::Outcome(outcome), v)),
                balances: balances(g, &ends[o]),
            }
        })
        .collect();
    let stuck = (0..cols.stuck)
        .map(|k| {
            let v = best(cols.outcomes + k).expect("every stuck place was found in a state");
            StuckReport {
                node: g.stuck[k].0,
                error: g.stuck[k].1.clone(),
                probability: uniform[cols.outcomes + k],
                witness: witness(Target::Stuck(k as u32), v),
            }
        })
        .collect();
    let ended: f64 = uniform.iter().sum();
    let strategies: Vec<StrategyReport> = Strategy::ALL
        .iter()
        .map(|&s| {
            let (rows, _) = distribution(story, g, &order, &starts, &cols, Policy::Blunt(s));
            let d = &rows[..cols.len()];
            let bright = story
                .outcomes
                .iter_enumerated()
                .filter(|(_, o)| o.tone == Tone::Bright)
                .map(|(o, _)| d[o.index()])
                .sum();
            StrategyReport {
                strategy: s,
                outcomes: d[..cols.outcomes].to_vec(),
                stuck: d[cols.outcomes..cols.beyond()].iter().sum(),
                bright,
                distinct: s.preferred().is_none_or(|m| offers_move(story, g, m)),
            }
        })
        .collect();
    let lints = if g.complete {
        let reached: Vec<bool> = ends[..cols.outcomes]
            .iter()
            .map(|e| !e.is_empty())
            .collect();
        lints(story, g, &reach, &rows, cols.len(), &reached, &strategies)
    } else {
        Vec::new()
    };
    Analysis {
        states: g.vertices.len() - 1,
        transitions: g.edges.len(),
        max_states: options.max_states,
        complete: g.complete,
        approximate,
        outcomes,
        stuck,
        never_ends: (1.0 - ended).max(0.0),
        unexplored: uniform[cols.beyond()],
        strategies,
        lints,
    }
}

/// The range of every balance over the final states of an outcome.
fn balances(g: &Graph, ends: &[u32]) -> Vec<Balance> {
    let finals: Vec<&State> = ends.iter().map(|&v| &g.keys[v as usize].state).collect();
    let mut kinds = std::collections::BTreeSet::new();
    for s in &finals {
        for (a, b) in s.ledger.pairs() {
            for layer in Layer::ALL {
                if s.ledger.credit(a, b, layer) != 0 {
                    kinds.insert(BalanceKind::Credit {
                        holder: a,
                        with: b,
                        layer,
                    });
                }
            }
            for (who, toward) in [(a, b), (b, a)] {
                if s.ledger.felt(who, toward) != 0 {
                    kinds.insert(BalanceKind::Felt { who, toward });
                }
            }
        }
    }
    kinds
        .into_iter()
        .map(|kind| {
            let value = |s: &State| match kind {
                BalanceKind::Credit {
                    holder,
                    with,
                    layer,
                } => s.ledger.credit(holder, with, layer),
                BalanceKind::Felt { who, toward } => s.ledger.felt(who, toward),
            };
            let (min, max) = finals.iter().fold((i32::MAX, i32::MIN), |(lo, hi), s| {
                let x = value(s);
                (lo.min(x), hi.max(x))
            });
            Balance { kind, min, max }
        })
        .collect()
}

/// Lints over the complete graph.
fn lints(
    story: &Story,
    g: &Graph,
    reach: &ReachSets,
    rows: &[f64],
    width: usize,
    reached: &[bool],
    strategies: &[StrategyReport],
) -> Vec<Lint> {
    let nodes = story.nodes.len();
    let mut out = Vec::new();

    // Per node: entered at all, and entered on some way that can still end.
    let mut entered = vec![false; nodes];
    let mut live = vec![false; nodes];
    for e in &g.edges {
        let can_end = e.to != BEYOND && !reach.is_empty(e.to);
        for &n in &g.trail[e.trail.0 as usize..e.trail.1 as usize] {
            entered[n as usize] = true;
            live[n as usize] |= can_end;
        }
    }
    // A walk jumped over the rest of each passage it entered: those nodes were entered too,
    // on the way to the same future.
    for x in story.nodes.ids() {
        if !entered[x.index()] || g.passages[x.index()].is_none() {
            continue;
        }
        let can_end = live[x.index()];
        let mut y = leads_on(story, x).expect("a passage leads on");
        while g.passages[y.index()].is_some()
            && !(entered[y.index()] && (live[y.index()] || !can_end))
        {
            entered[y.index()] = true;
            live[y.index()] |= can_end;
            y = leads_on(story, y).expect("a passage leads on");
        }
    }

    // Per choice node: in how many states it offers two or more choices, whether in all of
    // them every choice leaves the same outcomes, and which choices were ever offered.
    let mut choice_states = vec![0usize; nodes];
    let mut cosmetic = vec![true; nodes];
    let mut example: Vec<Option<u32>> = vec![None; nodes];
    let mut shift = vec![0f64; nodes];
    let row = |v: u32| &rows[v as usize * width..(v as usize + 1) * width];
    let mut offered: HashMap<NodeId, Vec<bool>> = HashMap::new();
    for (v, vx) in g.vertices.iter().enumerate() {
        if vx.stop != Stop::Choose {
            continue;
        }
        let n = vx.node;
        let edges = g.out(v);
        let written = match &story.nodes[n].then {
            compiled::Then::Choices(cs) => cs.len(),
            _ => 0,
        };
        let seen = offered.entry(n).or_insert_with(|| vec![false; written]);
        for e in edges {
            if let Label::Choice { index, .. } = e.label {
                seen[index.index()] = true;
            }
        }
        if edges.len() < 2 {
            continue;
        }
        choice_states[n.index()] += 1;
        example[n.index()].get_or_insert(edges[0].to);
        let first = reach.of(edges[0].to);
        if edges.iter().any(|e| reach.of(e.to) != first) {
            cosmetic[n.index()] = false;
        }
        // How far apart the choices put the odds (total variation distance, random player).
        for e in &edges[1..] {
            let d: f64 = row(edges[0].to)
                .iter()
                .zip(row(e.to))
                .map(|(a, b)| (a - b).abs())
                .sum();
            shift[n.index()] = shift[n.index()].max(d / 2.0);
        }
    }

    for n in story.nodes.ids() {
        if !entered[n.index()] {
            out.push(Lint::UnreachedNode { node: n });
            continue;
        }
        if !live[n.index()] {
            out.push(Lint::DeadEnd { node: n });
        }
        if choice_states[n.index()] > 0 && cosmetic[n.index()] {
            out.push(Lint::CosmeticChoice {
                node: n,
                outcomes: example[n.index()]
                    .map(|v| reach.outcomes(v))
                    .unwrap_or_default(),
                states: choice_states[n.index()],
                odds_shift: shift[n.index()],
            });
        }
        if let Some(seen) = offered.get(&n) {
            for (choice, _) in seen.iter().enumerate().filter(|(_, s)| !**s) {
                out.push(Lint::ChoiceNeverOffered {
                    node: n,
                    choice: ChoiceId::from_index(choice),
                });
            }
        }
    }
    // A strategy whose move is never offered plays like `always_first`: one lint is enough.
    for s in strategies.iter().filter(|s| s.distinct) {
        if s.bright >= 1.0 - 1e-9 {
            out.push(Lint::DominantStrategy {
                strategy: s.strategy,
            });
        }
    }
    for (o, r) in reached.iter().enumerate() {
        if !r {
            out.push(Lint::UnreachedOutcome {
                outcome: OutcomeId::from_index(o),
            });
        }
    }
    out
}

// ----------------------------------------------------------------------- for `check`

/// Above this many nodes `check` leaves the value analysis to `analyze`, so that checking
/// a huge file stays fast.
pub const CHECK_MAX_NODES: usize = 20_000;

/// What `check` learns from the analysis.
#[derive(Debug, Default)]
pub struct ValueCheck {
    /// Outcomes no path reaches given the values (E0164) and places where a path gets
    /// stuck (E0165).
    pub diagnostics: Vec<Diagnostic>,
    /// Limits of the analysis itself (skipped, or stopped at the bound). They say nothing
    /// about the scenario, so they are notes rather than warnings: a scenario that is too
    /// rich to explore within `check`'s bound can still check clean.
    pub notes: Vec<String>,
}

/// Runs the analysis with `check`'s smaller bound ([`CHECK_MAX_STATES`]) and turns what it
/// finds into diagnostics.
pub fn check_values(story: &Story) -> ValueCheck {
    let mut out = ValueCheck::default();
    if story.nodes.len() > CHECK_MAX_NODES {
        out.notes.push(format!(
            "the value analysis was skipped: the scenario has {} nodes (more than {CHECK_MAX_NODES}); \
             run `give-and-take analyze` to find unreachable outcomes and stuck paths",
            story.nodes.len()
        ));
        return out;
    }
    let a = analyze(
        story,
        &AnalysisOptions {
            max_states: CHECK_MAX_STATES,
            find_seeds: false,
        },
    );
    for r in &a.outcomes {
        if r.reachable == Some(false) {
            let id = &story.outcomes[r.outcome].id;
            let mut d = Diagnostic::error(
                "E0164",
                format!("no path reaches the outcome `{id}` given the values"),
                Loc::Path(Path::root().f("outcomes").i(r.outcome.index()).f("id")),
            );
            d.label("never reached").help(
                "nodes lead to it, but no choices and reactions make its `when` hold (before an \
                 earlier outcome's); `give-and-take analyze` shows the balances each outcome is \
                 reached with",
            );
            out.diagnostics.push(d);
        }
    }
    for s in &a.stuck {
        let script: Vec<String> = s.witness.choices.iter().map(|c| c.to_string()).collect();
        let mut d = Diagnostic::error(
            "E0165",
            format!("a path gets stuck here: {}", s.error),
            Loc::Path(Path::root().f("nodes").i(s.node.index()).f("id")),
        );
        let how = if script.is_empty() {
            "reached without any choice".to_string()
        } else {
            format!("reached with `--choices {}`", script.join(","))
        };
        let draws = if s.witness.reactions.is_empty() {
            ""
        } else {
            " (and the right draws; `give-and-take analyze` finds a seed)"
        };
        d.label("stuck here").help(format!(
            "{how}{draws}; add a fallback: a reaction without `when`, an unconditional last \
             outcome, or a choice without `when`"
        ));
        out.diagnostics.push(d);
    }
    if !a.complete {
        out.notes.push(format!(
            "the value analysis stopped at {CHECK_MAX_STATES} states, so outcomes that no path \
             reaches may go unreported; run `give-and-take analyze` (bound {DEFAULT_MAX_STATES})"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check_str;

    fn story(src: &str) -> Story {
        let c = check_str(src);
        c.story.unwrap_or_else(|| panic!("{:?}", c.diagnostics))
    }

    /// Two rounds of two choices each plus a fair coin: 8 paths, few distinct states.
    const SMALL: &str = r#"Scenario(
        id: "small", title: (en: "Small", nl: "Klein"), summary: (en: "s", nl: "k"),
        player: "a",
        parties: [Party(id: "a", name: (en: "A", nl: "A")), Party(id: "b", name: (en: "B", nl: "B"))],
        nodes: [
            Node(id: "one", text: (en: "1", nl: "1"), then: Choices([
                Choice(text: (en: "give", nl: "geef"), move: Give,
                       effects: [Give(from: "a", to: "b", layer: Deal, amount: 1)], next: "coin"),
                Choice(text: (en: "take", nl: "neem"), move: Take,
                       effects: [Take(by: "a", from: "b", layer: Deal, amount: 1)], next: "coin"),
            ])),
            Node(id: "coin", text: (en: "c", nl: "c"), then: React([
                Reaction(weight: 3, effects: [Give(from: "b", to: "a", layer: Deal, amount: 1)], next: "two"),
                Reaction(weight: 1, next: "two"),
            ])),
            Node(id: "two", text: (en: "2", nl: "2"), then: Choices([
                Choice(text: (en: "give", nl: "geef"), move: Give,
                       effects: [Give(from: "a", to: "b", layer: Deal, amount: 1)], next: "end"),
                Choice(text: (en: "wait", nl: "wacht"), move: Neutral, next: "end"),
            ])),
            Node(id: "end", text: (en: "e", nl: "e"), then: End),
        ],
        outcomes: [
            Outcome(id: "owed", title: (en: "o", nl: "o"), epilogue: (en: "o", nl: "o"), tone: Bright,
                    when: AtLeast(Credit(holder: "a", with: "b"), 1)),
            Outcome(id: "even", title: (en: "e", nl: "e"), epilogue: (en: "e", nl: "e"), tone: Mixed),
        ],
    )"#;

    #[test]
    fn merges_states_and_computes_exact_probabilities() {
        let s = story(SMALL);
        let a = analyze(&s, &AnalysisOptions::default());
        assert!(a.complete && !a.approximate);
        // `one`: 1 state. `coin`: credit a→b +1 or −1: 2. `two`: after the coin {0, 1} or
        // {−2, −1}: 4. `end`: the 8 paths end on credits {2, 1, 0, −1, −2}, so 8 paths merge
        // into 5 end states: 12 in all, against 15 without merging.
        assert_eq!(a.states, 1 + 2 + 4 + 5);
        // owed iff final credit ≥ 1: enumerate the 8 paths by hand.
        // give(+1), coin 3/4 (−1 → 0) or 1/4 (+1); second: give(+1) or wait.
        //   +1→0: give → 1 owed, wait → 0 even; +1→+1: give 2 owed, wait 1 owed.
        // take(−1): coin → −2 or −1; give → −1/0, wait → −2/−1: never owed.
        let p_owed = 0.5 * (0.75 * 0.5 + 0.25 * 1.0);
        assert!((a.outcomes[0].probability - p_owed).abs() < 1e-12);
        assert!((a.outcomes[1].probability - (1.0 - p_owed)).abs() < 1e-12);
        let w = a.outcomes[0].witness.as_ref().expect("reachable");
        assert_eq!(w.choices, vec![1, 1]);
        // Given the script 1,1 the outcome is certain.
        assert!((w.probability - 1.0).abs() < 1e-12);
        assert_eq!(w.seed, Some(0));
    }

    #[test]
    fn witness_seeds_replay_to_their_outcome() {
        let s = story(SMALL);
        let a = analyze(&s, &AnalysisOptions::default());
        for r in &a.outcomes {
            let w = r.witness.as_ref().expect("reachable");
            let zero: Vec<usize> = w.choices.iter().map(|c| c - 1).collect();
            let rs = RunState::replay(&s, w.seed.expect("seed"), &zero).expect("replays");
            assert_eq!(rs.outcome, Some(r.outcome));
        }
    }

    #[test]
    fn the_bound_is_reported_not_hung_on() {
        let s = story(SMALL);
        let a = analyze(
            &s,
            &AnalysisOptions {
                max_states: 2,
                find_seeds: true,
            },
        );
        assert!(!a.complete);
        assert!(a.states <= 2);
        assert!(a.lints.is_empty());
        assert!(a.unexplored > 0.0);
    }

    #[test]
    fn narration_jumped_over_still_counts_as_entered() {
        // `one` is reached through a run of narration; `dead` only through another run that
        // ends in a loop without a way out.
        let src = SMALL
            .replace(
                r#"Node(id: "one","#,
                r#"Node(id: "open", text: (en: "o", nl: "o"), then: Goto("open2")),
            Node(id: "open2", text: (en: "o", nl: "o"), then: Goto("one")),
            Node(id: "one","#,
            )
            .replace(
                r#"Choice(text: (en: "wait", nl: "wacht"), move: Neutral, next: "end"),"#,
                r#"Choice(text: (en: "wait", nl: "wacht"), move: Neutral, next: "end"),
                Choice(text: (en: "stray", nl: "dwaal"), move: Neutral, next: "lost"),"#,
            )
            .replace(
                r#"Node(id: "end","#,
                r#"Node(id: "lost", text: (en: "l", nl: "l"), then: Goto("lost2")),
            Node(id: "lost2", text: (en: "l", nl: "l"), then: Goto("circle")),
            Node(id: "circle", text: (en: "c", nl: "c"), then: Choices([
                Choice(text: (en: "again", nl: "weer"), move: Neutral, next: "circle"),
                Choice(text: (en: "out", nl: "uit"), move: Neutral, when: Flag("never"), next: "end"),
            ])),
            Node(id: "end","#,
            );
        let s = story(&src);
        assert!(
            s.node_id(NodeId::from_index(0)) == "open"
                && passages(&s)[0].is_some_and(|p| p.len == 2)
        );
        let a = analyze(&s, &AnalysisOptions::default());
        let dead: Vec<&str> = a
            .lints
            .iter()
            .filter(|l| l.name() == "dead_end")
            .map(|l| s.node_id(l.node().expect("node")))
            .collect();
        assert_eq!(dead, vec!["lost", "lost2", "circle"]);
        assert!(!a.lints.iter().any(|l| l.name() == "unreached_node"));
    }

    #[test]
    fn balances_span_every_final_state() {
        let s = story(SMALL);
        let a = analyze(&s, &AnalysisOptions::default());
        let owed = &a.outcomes[0].balances;
        let deal = owed
            .iter()
            .find(|b| {
                b.kind
                    == BalanceKind::Credit {
                        holder: PartyId::from_index(0),
                        with: PartyId::from_index(1),
                        layer: Layer::Deal,
                    }
            })
            .expect("credit a→b");
        assert_eq!((deal.min, deal.max), (1, 2));
    }
}

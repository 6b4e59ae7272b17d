//! The state-space explorer: walks the story with the runner's own steps, merges runs that
//! stop at the same node in the same state, and records the graph of states.

use super::{AnalysisOptions, Limit};
use crate::compiled;
use crate::graph::Successors;
use crate::ids::{ChoiceId, NodeId, OutcomeId, PartyId, ReactionId};
use crate::play::ledger::State;
use crate::play::runner::{self, Discard, Next, Pick, RunError};
use crate::story::Story;
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};

/// Where the exploration of one transition stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stop {
    /// The opening: a pseudo-state before the history, with one transition.
    Start,
    /// A choice node: the player decides.
    Choose,
    /// A weighted draw among two or more reactions.
    Draw,
    /// An outcome: the run ends here.
    Ended(OutcomeId),
    /// Index into [`Graph::stuck`].
    Stuck(u32),
}

/// What a transition is: the opening, a choice or a drawn reaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Label {
    /// From the opening pseudo-state to the first stop.
    Open,
    /// `shown`: position among the offered choices (at most [`crate::MAX_CHOICES`]);
    /// `index`: as written.
    Choice { shown: u16, index: ChoiceId },
    /// A drawn reaction, `index` as written.
    Reaction { index: ReactionId },
}

/// Target of a transition that would have created a state beyond the bound.
pub(super) const BEYOND: u32 = u32::MAX;

/// A transition between two states (24 bytes: there may be millions).
#[derive(Clone, Copy, Debug)]
pub(super) struct Edge {
    /// The state it leads to, or [`BEYOND`].
    pub(super) to: u32,
    /// Where the nodes entered on the way start in [`Graph::trail`]; they end where the next
    /// transition's start ([`Graph::trail_of`]).
    trail: u32,
    /// Its probability for a player choosing at random (reactions by their weights).
    pub(super) prob: f64,
    pub(super) label: Label,
}

/// A state: where it stopped, as which player, and its transitions.
///
/// Identity of a state: stopping at the same node in the same state as the same player means
/// the same futures. The state itself is packed in [`Graph::packed`]: equal states pack to
/// equal bytes, and a few dozen bytes a state instead of the ledger's full tables is what
/// lets millions of states fit.
#[derive(Clone, Copy, Debug)]
pub(super) struct Vertex {
    pub(super) node: NodeId,
    pub(super) player: PartyId,
    pub(super) stop: Stop,
    /// Its transitions, a range of [`Graph::edges`] (in the order choices are shown).
    pub(super) edges: (u32, u32),
}

/// The explored states and their transitions, in flat arrays: there may be millions.
pub(super) struct Graph {
    /// Every state, packed ([`State::pack`]), back to back in the order of the states;
    /// state 0 is the opening pseudo-state.
    packed: Vec<u8>,
    /// Where each state starts in `packed`, and after the last, where it ends.
    packed_at: Vec<usize>,
    /// How many parties the story has (what unpacking a state needs).
    pub(super) parties: usize,
    pub(super) vertices: Vec<Vertex>,
    pub(super) edges: Vec<Edge>,
    /// The nodes each transition entered, back to back (see [`Edge::trail`]).
    pub(super) trail: Vec<u32>,
    /// Distinct runtime errors (node and error), indexed by [`Stop::Stuck`].
    pub(super) stuck: Vec<(NodeId, RunError)>,
    /// False when a bound (states or memory) cut the exploration short.
    pub(super) complete: bool,
    /// Which bound cut it short, if one did.
    pub(super) stopped_by: Option<Limit>,
    /// See [`passages`].
    pub(super) passages: Vec<Option<Passage>>,
}

impl Graph {
    /// The bytes of state `v`.
    pub(super) fn packed(&self, v: usize) -> &[u8] {
        &self.packed[self.packed_at[v]..self.packed_at[v + 1]]
    }

    /// The nodes transition `e` entered on the way (a passage by its first node).
    pub(super) fn trail_of(&self, e: usize) -> &[u32] {
        let end = self
            .edges
            .get(e + 1)
            .map_or(self.trail.len(), |next| next.trail as usize);
        &self.trail[self.edges[e].trail as usize..end]
    }

    /// The transitions out of state `v`.
    pub(super) fn out(&self, v: usize) -> &[Edge] {
        let (a, b) = self.vertices[v].edges;
        &self.edges[a as usize..b as usize]
    }
}

/// The states as [`crate::graph`] walks them; transitions beyond the bound lead nowhere.
impl Successors for Graph {
    fn vertex_count(&self) -> usize {
        self.vertices.len()
    }
    fn successors(&self, v: u32) -> impl Iterator<Item = u32> + '_ {
        self.out(v as usize)
            .iter()
            .map(|e| e.to)
            .filter(|&to| to != BEYOND)
    }
}

/// A run of narration that only leads on, walked over in one step.
#[derive(Clone, Copy, Debug)]
pub(super) struct Passage {
    /// The first node after the run that does something.
    pub(super) to: NodeId,
    /// How many nodes the run has.
    pub(super) len: u32,
}

/// Whether entering `node` changes nothing and leads to a fixed node: no effects, no role
/// handed over, not watched by a `Visited` condition, then a `Goto`. [`runner::enter_node`]
/// does nothing else for such a node, so the analysis may step over it without entering.
pub(super) fn leads_on(story: &Story, node: NodeId) -> Option<NodeId> {
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
pub(super) fn passages(story: &Story) -> Vec<Option<Passage>> {
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

/// Enters nodes until the future branches or ends, recording them in `trail`; returns
/// the node it stopped at.
fn walk(
    story: &Story,
    passages: &[Option<Passage>],
    trail: &mut Vec<u32>,
    state: &mut State,
    player: &mut PartyId,
    mut node: NodeId,
) -> (NodeId, Halt) {
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
        trail.push(node.index() as u32);
        if let Some(p) = passages[node.index()]
            && p.len as usize <= budget
        {
            budget -= p.len as usize;
            node = p.to;
            continue;
        }
        budget -= 1;
        let reaction = match runner::enter_node(story, state, player, node, &mut Discard) {
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
        node = runner::take_reaction(story, state, node, reaction, None, &mut Discard);
    }
}

/// How a walk between two stops ended.
enum Halt {
    Choose,
    Draw,
    Ended(OutcomeId),
    Stuck(RunError),
}

/// Builds the [`Graph`] of a story, breadth first from the opening.
pub(super) struct Explorer<'s> {
    story: &'s Story,
    graph: Graph,
    table: StateTable,
    queue: VecDeque<u32>,
    max_states: usize,
    max_bytes: usize,
    /// When to stop, if there is a time budget.
    deadline: Option<std::time::Instant>,
    /// How many states are explored before the deadline counts.
    timed_after: usize,
    /// Estimated memory of the graph so far: states, their tables, transitions, trails.
    bytes: usize,
    stuck_index: HashMap<(NodeId, String), u32>,
    /// One per thread that walks transitions ([`AnalysisOptions::walk_threads`]); the second
    /// is made when a batch is first large enough to share.
    walkers: Vec<Walker>,
    walk_threads: usize,
}

/// What walking transitions needs of its own, so that two threads can walk the states of a
/// batch side by side.
struct Walker {
    /// Scratch space, reused for every transition: the state being expanded (unpacked once),
    /// the state a transition leads to (restored from it for each transition). Neither is
    /// cloned: unpacking and restoring cost what the state holds, not the ledger's full
    /// tables.
    base: State,
    scratch: State,
    /// The states expanded, each with how many transitions it has in `walked`.
    expanded: Vec<(u32, usize)>,
    /// Transitions walked but not recorded yet (see [`Explorer::run`]), with the nodes each
    /// entered and the state each reached, packed, back to back.
    walked: Vec<Walked>,
    trail: Vec<u32>,
    bytes: Vec<u8>,
}

/// A transition walked, to be recorded ([`Explorer::record`]).
struct Walked {
    /// Where it stopped and how (`None`: not walked, the time is up), as which player.
    at: NodeId,
    halt: Option<Halt>,
    player: PartyId,
    prob: f64,
    label: Label,
    /// Where its nodes end in [`Walker::trail`] and its state in [`Walker::bytes`]; they
    /// start where the previous one's end.
    trail_end: usize,
    bytes_end: usize,
    /// [`hash_key`] of its state.
    hash: u64,
}

/// How many states [`Explorer::run`] expands before recording their transitions.
const BATCH: usize = 2048;
/// A batch of at least this many states is walked on two threads, where there are two
/// walkers (below, starting the second thread costs more than it saves).
const TWO_THREADS_FROM: usize = 128;
/// About how many bytes of packed states a batch may hold until they are recorded.
const BATCH_BYTES: usize = 16 << 20;

impl Walker {
    /// A walker whose scratch states start as `state` (any state of the story).
    fn new(state: State) -> Walker {
        Walker {
            base: state.clone(),
            scratch: state,
            expanded: Vec::new(),
            walked: Vec::new(),
            trail: Vec::new(),
            bytes: Vec::new(),
        }
    }

    /// Walks every transition out of each of `states`.
    fn expand_all(&mut self, story: &Story, g: &Graph, states: &[u32], out_of_time: bool) {
        for &v in states {
            let before = self.walked.len();
            self.expand(story, g, v as usize, out_of_time);
            self.expanded.push((v, self.walked.len() - before));
        }
    }

    /// Walks every transition out of state `v` (each offered choice, or each reaction of its
    /// draw) into [`Walker::walked`].
    fn expand(&mut self, story: &Story, g: &Graph, v: usize, out_of_time: bool) {
        let Vertex { node, player, .. } = g.vertices[v];
        State::unpack_into(g.packed(v), &mut self.base);
        match g.vertices[v].stop {
            Stop::Start => {
                self.scratch.restore_from(&self.base);
                self.follow(story, g, out_of_time, player, story.start, 1.0, Label::Open);
            }
            Stop::Choose => {
                let offered = runner::offered_at(story, &self.base, node);
                let prob = 1.0 / offered.len() as f64;
                for (shown, o) in offered.iter().enumerate() {
                    self.scratch.restore_from(&self.base);
                    let next = runner::take_choice(
                        story,
                        &mut self.scratch,
                        node,
                        o.index,
                        player,
                        &mut Discard,
                    );
                    let label = Label::Choice {
                        shown: shown as u16,
                        index: o.index,
                    };
                    self.follow(story, g, out_of_time, player, next, prob, label);
                }
            }
            Stop::Draw => {
                let Pick::Draw(options) = runner::pick_reaction(story, &self.base, node) else {
                    unreachable!("a draw state was stored because its node draws")
                };
                let total: u64 = options.iter().map(|o| o.1).sum();
                for &(r, w) in &options {
                    self.scratch.restore_from(&self.base);
                    let next = runner::take_reaction(
                        story,
                        &mut self.scratch,
                        node,
                        r,
                        None,
                        &mut Discard,
                    );
                    let label = Label::Reaction { index: r };
                    self.follow(
                        story,
                        g,
                        out_of_time,
                        player,
                        next,
                        w as f64 / total as f64,
                        label,
                    );
                }
            }
            Stop::Ended(_) | Stop::Stuck(_) => {}
        }
    }

    /// Walks from `node`, in the state in `self.scratch`, to the next stop, into
    /// [`Walker::walked`] (not when the time is up: `out_of_time`).
    #[allow(clippy::too_many_arguments)]
    fn follow(
        &mut self,
        story: &Story,
        g: &Graph,
        out_of_time: bool,
        mut player: PartyId,
        node: NodeId,
        prob: f64,
        label: Label,
    ) {
        let (at, halt) = if out_of_time {
            (node, None)
        } else {
            let (at, halt) = walk(
                story,
                &g.passages,
                &mut self.trail,
                &mut self.scratch,
                &mut player,
                node,
            );
            (at, Some(halt))
        };
        let start = self.bytes.len();
        if halt.is_some() {
            self.scratch.pack(&mut self.bytes);
        }
        self.walked.push(Walked {
            at,
            halt,
            player,
            prob,
            label,
            trail_end: self.trail.len(),
            bytes_end: self.bytes.len(),
            hash: hash_key(at, player, &self.bytes[start..]),
        });
    }

    fn clear(&mut self) {
        self.expanded.clear();
        self.walked.clear();
        self.trail.clear();
        self.bytes.clear();
    }
}

impl<'s> Explorer<'s> {
    /// Ready to explore `story` from its opening, within the options' bounds on states,
    /// memory and time.
    pub(super) fn new(story: &'s Story, options: &AnalysisOptions) -> Self {
        let (max_states, max_bytes) = (options.max_states, options.max_bytes);
        let deadline = options.max_time.map(|t| std::time::Instant::now() + t);
        let opening = runner::opening_state(story, None);
        let mut packed = Vec::new();
        opening.pack(&mut packed);
        Explorer {
            story,
            graph: Graph {
                packed_at: vec![0, packed.len()],
                packed,
                parties: story.parties.len(),
                vertices: vec![Vertex {
                    node: story.start,
                    player: story.player,
                    stop: Stop::Start,
                    edges: (0, 0),
                }],
                edges: Vec::new(),
                trail: Vec::new(),
                stuck: Vec::new(),
                complete: true,
                stopped_by: None,
                passages: passages(story),
            },
            table: StateTable::default(),
            queue: VecDeque::from([0]),
            max_states: max_states.max(1),
            max_bytes,
            deadline,
            timed_after: options.timed_after,
            bytes: 0,
            stuck_index: HashMap::new(),
            walk_threads: options.walk_threads.clamp(1, 2),
            walkers: vec![Walker::new(opening)],
        }
    }

    /// Breadth first, so that when the bound is hit the shallow part of the story is known.
    ///
    /// States are expanded a batch at a time: every transition of the batch is walked, then
    /// they are all recorded, in the same order as one by one. Walking changes nothing but a
    /// walker's scratch space, so the states of a large batch are walked on two threads, a
    /// half each; recording in order gives the same states, numbers and estimates of memory
    /// as one transition at a time, whatever the threads. Looking a state up in the table is
    /// a cache miss (millions of states); the batch's lookups are started together before any
    /// is needed, so that they wait for memory at once rather than in turn. A transition
    /// recorded once the time is up leads beyond, unwalked, as it would have been.
    pub(super) fn run(mut self) -> Graph {
        let mut batch: Vec<u32> = Vec::with_capacity(BATCH);
        let mut walkers = std::mem::take(&mut self.walkers);
        while !self.queue.is_empty() {
            // The states walked wait, packed, until they are recorded: a batch of large
            // states (a thousand parties) is made smaller, so that they stay a few megabytes.
            let per_state = 1 + self.graph.packed.len() / self.graph.vertices.len();
            let size = (BATCH_BYTES / (per_state * crate::MAX_CHOICES)).clamp(32, BATCH);
            batch.clear();
            while batch.len() < size
                && let Some(v) = self.queue.pop_front()
            {
                batch.push(v);
            }
            if walkers.len() < self.walk_threads && batch.len() >= TWO_THREADS_FROM {
                walkers.push(Walker::new(State::new(self.story.parties.len())));
            }
            let (story, g) = (self.story, &self.graph);
            let out_of_time = g.stopped_by == Some(Limit::Time);
            match &mut walkers[..] {
                [one, two] if batch.len() >= TWO_THREADS_FROM => {
                    let (first, second) = batch.split_at(batch.len() / 2);
                    std::thread::scope(|s| {
                        s.spawn(|| two.expand_all(story, g, second, out_of_time));
                        one.expand_all(story, g, first, out_of_time);
                    });
                }
                [one, ..] => one.expand_all(story, g, &batch, out_of_time),
                [] => unreachable!("an explorer has a walker"),
            }
            let touched = walkers
                .iter()
                .flat_map(|w| &w.walked)
                .fold(0, |acc, w| acc ^ self.table.touch(w.hash));
            std::hint::black_box(touched);
            for w in &mut walkers {
                let mut done = 0;
                for k in 0..w.expanded.len() {
                    let (v, n) = w.expanded[k];
                    self.record(v as usize, w, done, n);
                    done += n;
                }
                w.clear();
            }
        }
        self.graph
    }

    /// Records the transitions out of state `v`: `w.walked[start..start + n]`.
    fn record(&mut self, v: usize, w: &mut Walker, start: usize, n: usize) {
        let first = self.graph.edges.len() as u32;
        let Walker {
            walked,
            trail,
            bytes,
            ..
        } = w;
        for k in start..start + n {
            let (t0, b0) = match k.checked_sub(1) {
                Some(j) => (walked[j].trail_end, walked[j].bytes_end),
                None => (0, 0),
            };
            let w = &mut walked[k];
            let from = self.graph.trail.len() as u32;
            // Out of time: the transitions still to record all lead beyond, unwalked.
            let to = match w.halt.take() {
                Some(_) if self.graph.stopped_by == Some(Limit::Time) => BEYOND,
                None => BEYOND,
                Some(halt) => {
                    self.graph.trail.extend_from_slice(&trail[t0..w.trail_end]);
                    self.intern(w.at, w.player, halt, w.hash, &bytes[b0..w.bytes_end])
                }
            };
            self.graph.edges.push(Edge {
                to,
                trail: from,
                prob: w.prob,
                label: w.label,
            });
        }
        let last = self.graph.edges.len() as u32;
        self.graph.vertices[v].edges = (first, last);
    }

    /// The id of the state packed in `bytes` (its hash: `hash`), creating (and queueing) it
    /// if new; [`BEYOND`] past the bound.
    fn intern(
        &mut self,
        node: NodeId,
        player: PartyId,
        halt: Halt,
        hash: u64,
        bytes: &[u8],
    ) -> u32 {
        let g = &self.graph;
        let same = |v: u32| {
            let k = &g.vertices[v as usize];
            k.node == node && k.player == player && g.packed(v as usize) == bytes
        };
        if let Some(v) = self.table.find(hash, same) {
            return v;
        }
        // The opening pseudo-state does not count.
        let limit = if self.graph.vertices.len() > self.max_states {
            Some(Limit::States)
        } else if self.used_bytes() > self.max_bytes {
            Some(Limit::Memory)
        } else if self.graph.vertices.len().is_multiple_of(256)
            && self.graph.vertices.len() > self.timed_after
            && self
                .deadline
                .is_some_and(|d| std::time::Instant::now() >= d)
        {
            // Checked every 256 states (reading the clock costs more than a state), and only
            // past a floor, so that small stories are explored alike on every machine.
            Some(Limit::Time)
        } else {
            None
        };
        if let Some(limit) = limit {
            self.graph.complete = false;
            self.graph.stopped_by.get_or_insert(limit);
            return BEYOND;
        }
        self.bytes += std::mem::size_of::<Vertex>()
            + std::mem::size_of::<u32>() // the queue's
            + 2 * std::mem::size_of::<u64>(); // the table's slot, the table ⅜ to ¾ full
        self.graph.packed.extend_from_slice(bytes);
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
            player,
            stop,
            edges: (0, 0),
        });
        self.graph.packed_at.push(self.graph.packed.len());
        self.table.insert(hash, v);
        if matches!(stop, Stop::Choose | Stop::Draw) {
            self.queue.push_back(v);
        }
        v
    }
}

impl Explorer<'_> {
    /// The estimated memory in use: the states, plus the transitions and trails as they
    /// stand (vectors grow by doubling, so their capacity is what they hold).
    fn used_bytes(&self) -> usize {
        self.bytes
            + self.graph.edges.capacity() * std::mem::size_of::<Edge>()
            + self.graph.trail.capacity() * std::mem::size_of::<u32>()
            + self.graph.packed_at.capacity() * std::mem::size_of::<usize>()
            + self.graph.packed.capacity()
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

fn hash_key(node: NodeId, player: PartyId, packed: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    node.hash(&mut h);
    player.hash(&mut h);
    h.write(packed);
    // Spread the high bits into the low ones, which index the table.
    h.finish() ^ (h.finish() >> 29)
}

/// Open-addressing set of state ids, keyed by their hash; the states themselves live once,
/// in the [`Graph`].
#[derive(Default)]
struct StateTable {
    /// The low 32 bits of the hash above `id + 1`, or 0 for an empty slot: one word, so that
    /// a lookup (a cache miss, in millions of states) reads one place. The length is a
    /// power of two, and a slot's place is the hash's low bits.
    slots: Vec<u64>,
    len: usize,
}

impl StateTable {
    /// The id with this hash for which `eq` holds, if any.
    fn find(&self, hash: u64, mut eq: impl FnMut(u32) -> bool) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let tag = hash as u32;
        let mut i = tag as usize & mask;
        loop {
            match self.slots[i] {
                0 => return None,
                s if (s >> 32) as u32 == tag && eq(s as u32 - 1) => return Some(s as u32 - 1),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Reads the slot where a lookup of `hash` starts, so that the lookup finds it in cache.
    fn touch(&self, hash: u64) -> u64 {
        match self.slots.len() {
            0 => 0,
            len => self.slots[hash as u32 as usize & (len - 1)],
        }
    }

    /// Adds a new id (not already in the table), growing it at three quarters full.
    fn insert(&mut self, hash: u64, id: u32) {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        self.place(((hash as u32 as u64) << 32) | (id as u64 + 1));
        self.len += 1;
    }

    fn place(&mut self, slot: u64) {
        let mask = self.slots.len() - 1;
        let mut i = (slot >> 32) as usize & mask;
        while self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = slot;
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        let slots = std::mem::replace(&mut self.slots, vec![0; size]);
        for s in slots {
            if s != 0 {
                self.place(s);
            }
        }
    }
}

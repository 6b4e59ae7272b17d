//! Passes over the explored state graph: components, the outcomes reachable from every
//! state, outcome distributions, shortest paths and the witnesses built from them.

use super::explore::{BEYOND, Edge, Graph, Label, Stop};
use super::{Drawn, SEEDS_SEARCHED};
use crate::graph::{Components, Successors, is_cycle};
use crate::ids::{Id, OutcomeId};
use crate::play::policy::Policy;
use crate::play::runner::{Offered, RunState};
use crate::story::Story;
use std::collections::{BTreeMap, BinaryHeap};

/// The outcomes reachable from every state, as bit sets of `words` u64s per state.
pub(super) struct ReachSets {
    words: usize,
    bits: Vec<u64>,
}

impl ReachSets {
    /// The bit set of state `v`.
    pub(super) fn of(&self, v: u32) -> &[u64] {
        &self.bits[v as usize * self.words..(v as usize + 1) * self.words]
    }
    /// Whether no outcome can be reached from `v`.
    pub(super) fn is_empty(&self, v: u32) -> bool {
        self.of(v).iter().all(|&w| w == 0)
    }
    /// The outcomes reachable from `v`, in file order.
    pub(super) fn outcomes(&self, v: u32) -> Vec<OutcomeId> {
        let set = self.of(v);
        (0..set.len() * 64)
            .filter(|&o| set[o / 64] & (1 << (o % 64)) != 0)
            .map(OutcomeId::from_index)
            .collect()
    }
}

/// The outcomes reachable from every state, component by component in reverse topological
/// order: whatever a component leads to is known before it.
pub(super) fn reach_sets(g: &Graph, components: &Components, outcomes: usize) -> ReachSets {
    let words = outcomes.div_ceil(64).max(1);
    let mut bits = vec![0u64; g.vertices.len() * words];
    let mut acc = vec![0u64; words];
    for comp in components.iter() {
        acc.fill(0);
        for &v in comp {
            if let Stop::Ended(o) = g.vertices[v as usize].stop {
                acc[o.index() / 64] |= 1 << (o.index() % 64);
            }
            for w in g.successors(v) {
                let t = w as usize * words;
                for (a, b) in acc.iter_mut().zip(&bits[t..t + words]) {
                    *a |= b;
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
pub(super) enum Choosing {
    /// Uniformly at random among the offered choices.
    Uniform,
    /// Always as the blunt policy says.
    Blunt(Policy),
}

/// Columns of a probability vector: each outcome, each stuck place, then "beyond the bound".
pub(super) struct Columns {
    pub(super) outcomes: usize,
    pub(super) stuck: usize,
}

impl Columns {
    /// How many columns a row has.
    pub(super) fn len(&self) -> usize {
        self.outcomes + self.stuck + 1
    }
    /// The last column: runs that went beyond the bound.
    pub(super) fn beyond(&self) -> usize {
        self.outcomes + self.stuck
    }
}

/// Probabilities of every end from every state (a row of [`Columns::len`] per state; the
/// opening's row first) under `policy`; `approximate` when a cycle had to be iterated.
pub(super) fn distribution(
    story: &Story,
    g: &Graph,
    components: &Components,
    cols: &Columns,
    policy: Choosing,
) -> (Vec<f64>, bool) {
    let c = cols.len();
    let mut val = vec![0f64; g.vertices.len() * c];
    let mut row = vec![0f64; c];
    let mut approximate = false;
    let compute = |v: u32, val: &[f64], row: &mut [f64]| {
        compute_row(story, g, cols, policy, v, row, |to| {
            &val[to as usize * c..(to as usize + 1) * c]
        })
    };
    // Reverse topological order: every row a component reads from outside it is final.
    for comp in components.iter() {
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

/// What the report needs of the odds of a player choosing at random: the opening's row of
/// [`distribution`], and per node, how far its choices move the odds at most (see
/// [`odds_shift`]); `approximate` when a cycle had to be iterated.
pub(super) struct UniformOdds {
    pub(super) opening: Vec<f64>,
    pub(super) shift: Vec<f64>,
    pub(super) approximate: bool,
}

/// [`UniformOdds`]. Without cycles, each state's row is kept only until every transition
/// into it has been read: the rows in use at once are few, not one per state (about fifty
/// bytes for each of millions). The rows are the same, computed alike in the same order.
pub(super) fn uniform_odds(
    story: &Story,
    g: &Graph,
    components: &Components,
    cols: &Columns,
) -> UniformOdds {
    let c = cols.len();
    let mut shift = vec![0f64; story.nodes.len()];
    let acyclic = components.iter().all(|comp| !is_cycle(g, comp));
    if !acyclic {
        let (rows, approximate) = distribution(story, g, components, cols, Choosing::Uniform);
        for v in 0..g.vertices.len() {
            odds_shift(g, v, &mut shift, |to| {
                &rows[to as usize * c..(to as usize + 1) * c]
            });
        }
        return UniformOdds {
            opening: rows[..c].to_vec(),
            shift,
            approximate,
        };
    }
    // How many transitions into each state are still to be read.
    let mut unread = vec![0u32; g.vertices.len()];
    for e in &g.edges {
        if e.to != BEYOND {
            unread[e.to as usize] += 1;
        }
    }
    // Where each state's row is kept in `rows`; freed places are used again.
    let mut slot = vec![u32::MAX; g.vertices.len()];
    let mut rows: Vec<f64> = Vec::new();
    let mut free: Vec<u32> = Vec::new();
    let mut row = vec![0f64; c];
    // Reverse topological order: every row a state reads is final.
    for &v in components.order() {
        let row_of = |to: u32| {
            let k = slot[to as usize] as usize;
            &rows[k * c..(k + 1) * c]
        };
        compute_row(story, g, cols, Choosing::Uniform, v, &mut row, row_of);
        odds_shift(g, v as usize, &mut shift, row_of);
        for e in g.out(v as usize) {
            if e.to != BEYOND {
                let left = &mut unread[e.to as usize];
                *left -= 1;
                if *left == 0 {
                    free.push(slot[e.to as usize]);
                }
            }
        }
        let k = free.pop().unwrap_or_else(|| {
            rows.resize(rows.len() + c, 0.0);
            (rows.len() / c - 1) as u32
        });
        rows[k as usize * c..(k as usize + 1) * c].copy_from_slice(&row);
        slot[v as usize] = k;
    }
    let k = slot[0] as usize;
    UniformOdds {
        opening: rows[k * c..(k + 1) * c].to_vec(),
        shift,
        approximate: false,
    }
}

/// At a choice state with two choices or more, how far apart the choices put the odds of a
/// random player (the total variation distance between the first choice's row and each
/// other's); `shift[node]` keeps the largest.
fn odds_shift<'r>(g: &Graph, v: usize, shift: &mut [f64], row_of: impl Fn(u32) -> &'r [f64]) {
    let vx = &g.vertices[v];
    let edges = g.out(v);
    // Only the lints read it, which need the whole graph (no transition leads beyond).
    if vx.stop != Stop::Choose || edges.len() < 2 || !g.complete {
        return;
    }
    let n = vx.node.index();
    for e in &edges[1..] {
        let d: f64 = row_of(edges[0].to)
            .iter()
            .zip(row_of(e.to))
            .map(|(a, b)| (a - b).abs())
            .sum();
        shift[n] = shift[n].max(d / 2.0);
    }
}

/// One row of [`distribution`]: what state `v` leads to under `policy`, given its
/// successors' rows (`row_of`).
fn compute_row<'r>(
    story: &Story,
    g: &Graph,
    cols: &Columns,
    policy: Choosing,
    v: u32,
    row: &mut [f64],
    row_of: impl Fn(u32) -> &'r [f64],
) {
    row.fill(0.0);
    let vx = &g.vertices[v as usize];
    match vx.stop {
        Stop::Ended(o) => row[o.index()] = 1.0,
        Stop::Stuck(k) => row[cols.outcomes + k as usize] = 1.0,
        Stop::Choose if let Choosing::Blunt(s) = policy => {
            if let Some(e) = blunt_choice(story, g, v as usize, s) {
                add_row(row, e.to, 1.0, cols, &row_of);
            }
        }
        _ => {
            for e in g.out(v as usize) {
                add_row(row, e.to, e.prob, cols, &row_of);
            }
        }
    }
}

/// Adds `p` times the row of state `to` (or of the unexplored) to `row`.
fn add_row<'r>(
    row: &mut [f64],
    to: u32,
    p: f64,
    cols: &Columns,
    row_of: &impl Fn(u32) -> &'r [f64],
) {
    if to == BEYOND {
        row[cols.beyond()] += p;
        return;
    }
    for (a, b) in row.iter_mut().zip(row_of(to)) {
        *a += p * b;
    }
}

/// The opening's row of [`distribution`] under a blunt policy, in a graph without cycles:
/// only the states the policy can reach are computed (it takes one choice of each), each
/// exactly as [`distribution`] would. `slot` has one entry per state, all `u32::MAX`, and is
/// left so.
pub(super) fn blunt_row(
    story: &Story,
    g: &Graph,
    cols: &Columns,
    policy: Policy,
    slot: &mut [u32],
) -> Vec<f64> {
    let c = cols.len();
    let choosing = Choosing::Blunt(policy);
    // The rows computed so far, in the order they were, and the states they belong to.
    let mut rows: Vec<f64> = Vec::new();
    let mut done: Vec<u32> = Vec::new();
    let mut row = vec![0f64; c];
    let mut next: Vec<u32> = Vec::new();
    // Depth first; a state is computed once all its successors are (`true`).
    let mut stack: Vec<(u32, bool)> = vec![(0, false)];
    while let Some((v, ready)) = stack.pop() {
        if slot[v as usize] != u32::MAX {
            continue;
        }
        if ready {
            compute_row(story, g, cols, choosing, v, &mut row, |to| {
                let k = slot[to as usize] as usize;
                &rows[k * c..(k + 1) * c]
            });
            slot[v as usize] = done.len() as u32;
            done.push(v);
            rows.extend_from_slice(&row);
            continue;
        }
        stack.push((v, true));
        next.clear();
        match g.vertices[v as usize].stop {
            Stop::Ended(_) | Stop::Stuck(_) => {}
            Stop::Choose => next.extend(blunt_choice(story, g, v as usize, policy).map(|e| e.to)),
            _ => next.extend(g.out(v as usize).iter().map(|e| e.to)),
        }
        for &to in &next {
            if to != BEYOND && slot[to as usize] == u32::MAX {
                stack.push((to, false));
            }
        }
    }
    let k = slot[0] as usize;
    for v in done {
        slot[v as usize] = u32::MAX;
    }
    rows[k * c..(k + 1) * c].to_vec()
}

/// The transition a blunt policy takes at a choice state.
pub(super) fn blunt_choice<'g>(
    story: &Story,
    g: &'g Graph,
    v: usize,
    policy: Policy,
) -> Option<&'g Edge> {
    let edges = g.out(v);
    let offered: Vec<Offered> = edges
        .iter()
        .filter_map(|e| match e.label {
            Label::Choice { index, .. } => Some(Offered { index }),
            _ => None,
        })
        .collect();
    if offered.len() != edges.len() {
        return edges.first();
    }
    policy
        .pick(story, g.vertices[v].node, g.vertices[v].player, &offered)
        .and_then(|shown| edges.get(shown))
}

/// Lexicographic path cost: fewest choices first, then the most likely reactions.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) struct Cost {
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

impl Cost {
    /// A state no path has reached yet.
    const UNREACHED: Cost = Cost {
        choices: u32::MAX,
        surprise: f64::INFINITY,
    };

    /// Before any path: the opening at no cost, every other state unreached, and no edge
    /// into any (`u32::MAX`).
    fn start(states: usize) -> (Vec<Cost>, Vec<u32>) {
        let mut dist = vec![Cost::UNREACHED; states];
        dist[0] = Cost {
            choices: 0,
            surprise: 0.0,
        };
        (dist, vec![u32::MAX; states])
    }

    /// The cost of taking transition `e`.
    fn step(e: &Edge) -> Cost {
        match e.label {
            Label::Choice { .. } => Cost {
                choices: 1,
                surprise: 0.0,
            },
            _ => Cost {
                choices: 0,
                surprise: -e.prob.ln(),
            },
        }
    }

    fn plus(self, step: Cost) -> Cost {
        Cost {
            choices: self.choices + step.choices,
            surprise: self.surprise + step.surprise,
        }
    }
}

/// The best path cost to every state from the opening and the edge it came by: the
/// witnesses' paths. `edge_from[e]` is the state transition `e` leaves.
///
/// What defines them is Dijkstra's algorithm ([`dijkstra`]). In a graph without cycles
/// ([`Components`] has only single states without a loop) the same costs and the same edges
/// are found in one sweep in topological order, which needs no heap.
pub(super) fn shortest_paths(
    g: &Graph,
    components: &Components,
    acyclic: bool,
    edge_from: &[u32],
) -> (Vec<Cost>, Vec<u32>) {
    acyclic
        .then(|| shortest_paths_acyclic(g, components, edge_from))
        .flatten()
        .unwrap_or_else(|| dijkstra(g))
}

/// [`dijkstra`]'s answer in a graph without cycles, or `None` where its order of relaxation
/// cannot be told without running it.
///
/// Each state's cost is the least, over its incoming transitions, of the source's cost plus
/// the step: sources come first in topological order, so the sweep sees them final, and the
/// sums are the same floating-point sums. Among incoming transitions of equal least cost
/// Dijkstra keeps the first it relaxed; it relaxes states in increasing (cost, state) order
/// — as long as no step is free and leads to a lower state, which would be popped out of
/// that order (then `None`) — and a state's transitions in order. So the sweep keeps, among
/// equals, the one whose source is least by (cost, state), then the earlier transition.
pub(super) fn shortest_paths_acyclic(
    g: &Graph,
    components: &Components,
    edge_from: &[u32],
) -> Option<(Vec<Cost>, Vec<u32>)> {
    let (mut dist, mut via) = Cost::start(g.vertices.len());
    for &u in components.order().iter().rev() {
        let d = dist[u as usize];
        if d == Cost::UNREACHED {
            // Not reached from the opening: Dijkstra never relaxes its transitions.
            continue;
        }
        let (a, _) = g.vertices[u as usize].edges;
        for (k, e) in g.out(u as usize).iter().enumerate() {
            if e.to == BEYOND {
                continue;
            }
            let step = Cost::step(e);
            let nd = d.plus(step);
            if step.surprise.is_nan() || (nd == d && e.to < u) {
                return None;
            }
            let w = e.to as usize;
            let better = match nd.cmp(&dist[w]) {
                std::cmp::Ordering::Less => true,
                std::cmp::Ordering::Equal => {
                    let f = edge_from[via[w] as usize];
                    (d, u) < (dist[f as usize], f)
                }
                std::cmp::Ordering::Greater => false,
            };
            if better {
                dist[w] = nd;
                via[w] = a + k as u32;
            }
        }
    }
    Some((dist, via))
}

/// Dijkstra from the opening: the best path cost to every state and the edge it came by.
pub(super) fn dijkstra(g: &Graph) -> (Vec<Cost>, Vec<u32>) {
    let (mut dist, mut via) = Cost::start(g.vertices.len());
    let mut heap = BinaryHeap::new();
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
            let nd = d.plus(Cost::step(e));
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
pub(super) enum Target {
    /// Ending in this outcome.
    Outcome(OutcomeId),
    /// Getting stuck at this place (an index into the graph's stuck places).
    Stuck(u32),
}

impl Target {
    /// Whether a state that stopped this way is the target.
    pub(super) fn matches(self, stop: Stop) -> bool {
        match (self, stop) {
            (Target::Outcome(a), Stop::Ended(b)) => a == b,
            (Target::Stuck(a), Stop::Stuck(b)) => a == b,
            _ => false,
        }
    }
}

/// The witness for the state `v`: the choices and draws on the best path to it.
pub(super) fn witness_path(
    g: &Graph,
    via: &[u32],
    edge_from: &[u32],
    v: u32,
) -> (Vec<usize>, Vec<Drawn>) {
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
pub(super) fn script_probability(g: &Graph, script: &[usize], target: Target) -> f64 {
    // Moves mass off the opening and draws until it rests at choices or ends.
    let settle = |mut mass: BTreeMap<u32, f64>| {
        let mut rested = BTreeMap::new();
        // Draws cannot form a cycle without a choice, so this ends; the bound is a guard.
        for _ in 0..=g.vertices.len() {
            if mass.is_empty() {
                break;
            }
            let mut next: BTreeMap<u32, f64> = BTreeMap::new();
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
    let mut mass = settle(BTreeMap::from([(0u32, 1.0)]));
    for &pick in script {
        let mut next: BTreeMap<u32, f64> = BTreeMap::new();
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
pub(super) fn find_seed(
    story: &Story,
    g: &Graph,
    script: &[usize],
    target: Target,
) -> Option<(u64, u64)> {
    let zero: Vec<usize> = script.iter().map(|c| c - 1).collect();
    (0..SEEDS_SEARCHED).find_map(
        |seed| match (RunState::replay(story, seed, &zero), target) {
            (Ok(rs), Target::Outcome(o)) if rs.outcome == Some(o) => Some((seed, rs.draws)),
            (Err(e), Target::Stuck(k)) if g.stuck[k as usize].1 == e => Some((seed, 0)),
            _ => None,
        },
    )
}

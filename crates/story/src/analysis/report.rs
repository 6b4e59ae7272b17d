//! The report: what the passes found, put in an author's terms, and the lints.

use super::explore::{BEYOND, Graph, Label, Stop, leads_on};
use super::passes::{
    Choosing, Columns, ReachSets, Target, blunt_row, distribution, find_seed, reach_sets,
    script_probability, shortest_paths, uniform_odds, witness_path,
};
use super::{
    Analysis, AnalysisOptions, Answer, BLUNT_WINS, Balance, BalanceKind, Lint, OutcomeReport,
    StrategyReport, StuckReport, Witness,
};
use crate::compiled;
use crate::format::scenario::{Layer, Tone};
use crate::graph::Components;
use crate::ids::{ChoiceId, Id, NodeId, OutcomeId, PartyId};
use crate::play::policy::Policy;
use crate::story::Story;
use std::collections::HashMap;

/// Runs the passes over the explored graph and puts what they find in an author's terms.
pub(super) fn report(story: &Story, g: &Graph, options: &AnalysisOptions) -> Analysis {
    let components = Components::of(g);
    let cols = Columns {
        outcomes: story.outcomes.len(),
        stuck: g.stuck.len(),
    };
    let reach = reach_sets(g, &components, cols.outcomes);
    let odds = uniform_odds(story, g, &components, &cols);
    let (uniform, approximate) = (&odds.opening[..], odds.approximate);
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
    let (dist, via) = shortest_paths(g, &components, !approximate, &edge_from);
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

    let mut balances = balances(story, g);
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
                found_by_search: false,
                answer: (found.is_some() || g.complete).then_some(Answer::Enumeration),
                unreachable_because: None,
                balances: std::mem::take(&mut balances[o]),
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
    // Each blunt policy weighed over every draw; playing at random is the uniform row.
    // Without cycles, a blunt policy's odds need only the states it reaches.
    let mut slot = if approximate {
        Vec::new()
    } else {
        vec![u32::MAX; g.vertices.len()]
    };
    let strategies: Vec<StrategyReport> = Policy::ALL
        .iter()
        .map(|&policy| {
            let blunt;
            let d = if policy == Policy::Random {
                uniform
            } else if !approximate {
                blunt = blunt_row(story, g, &cols, policy, &mut slot);
                &blunt[..]
            } else {
                blunt = distribution(story, g, &components, &cols, Choosing::Blunt(policy)).0;
                &blunt[..cols.len()]
            };
            let bright = story
                .outcomes
                .iter_enumerated()
                .filter(|(_, o)| o.tone == Tone::Bright)
                .map(|(o, _)| d[o.index()])
                .sum::<f64>()
                + 0.0;
            StrategyReport {
                policy,
                outcomes: d[..cols.outcomes].to_vec(),
                // An empty sum of floats is −0.0; a probability reads better as 0.
                stuck: d[cols.outcomes..cols.beyond()].iter().sum::<f64>() + 0.0,
                bright,
            }
        })
        .collect();
    let lints = if g.complete {
        let reached: Vec<bool> = ends[..cols.outcomes]
            .iter()
            .map(|e| !e.is_empty())
            .collect();
        lints(story, g, &reach, &odds.shift, &reached, &strategies)
    } else {
        Vec::new()
    };
    Analysis {
        states: g.vertices.len() - 1,
        transitions: g.edges.len(),
        max_states: options.max_states,
        max_bytes: options.max_bytes,
        max_time: options.max_time,
        bounds_cells: None,
        complete: g.complete,
        stopped_by: g.stopped_by,
        approximate,
        outcomes,
        stuck,
        never_ends: (1.0 - ended).max(0.0),
        unexplored: uniform[cols.beyond()],
        strategies,
        lints,
    }
}

/// A ledger cell's credit on both layers and felt deficit over the final states that list it.
struct CellRange {
    at: usize,
    listed: usize,
    lo: [i32; 3],
    hi: [i32; 3],
}

/// Per outcome, the range of every balance over its final states.
///
/// A balance is listed when it is non-zero in some final state, with its lowest and highest
/// value over all of them (zero where a state leaves it unmoved). The packed states are read
/// cell by cell, never unpacked (a thousand parties make each unpacked state megabytes, and
/// an outcome may end in a million states), in one pass in the order they are stored.
pub(super) fn balances(story: &Story, g: &Graph) -> Vec<Vec<Balance>> {
    // Per outcome: its final states, and its cells sorted (a state lists its cells in order,
    // so merging costs what it lists).
    let mut ends = vec![0usize; story.outcomes.len()];
    let mut cells: Vec<Vec<CellRange>> = (0..ends.len()).map(|_| Vec::new()).collect();
    let mut fresh: Vec<CellRange> = Vec::new();
    for (v, vx) in g.vertices.iter().enumerate() {
        let Stop::Ended(o) = vx.stop else { continue };
        ends[o.index()] += 1;
        let cells = &mut cells[o.index()];
        let mut k = 0;
        crate::play::ledger::State::packed_cells(g.packed(v), |at, x| {
            while k < cells.len() && cells[k].at < at {
                k += 1;
            }
            match cells.get_mut(k) {
                Some(c) if c.at == at => {
                    c.listed += 1;
                    for ((lo, hi), x) in c.lo.iter_mut().zip(&mut c.hi).zip(x) {
                        (*lo, *hi) = ((*lo).min(x), (*hi).max(x));
                    }
                }
                _ => fresh.push(CellRange {
                    at,
                    listed: 1,
                    lo: x,
                    hi: x,
                }),
            }
        });
        if !fresh.is_empty() {
            cells.append(&mut fresh);
            cells.sort_by_key(|c| c.at);
        }
    }
    cells
        .iter()
        .zip(ends)
        .map(|(cells, ends)| ranges(story, g.parties, cells, ends))
        .collect()
}

/// The balances of an outcome from the ranges of its cells over its `ends` final states.
fn ranges(story: &Story, n: usize, cells: &[CellRange], ends: usize) -> Vec<Balance> {
    let mut ranges: std::collections::BTreeMap<BalanceKind, (i32, i32)> = Default::default();
    for c in cells {
        let (a, b) = (PartyId::from_index(c.at / n), PartyId::from_index(c.at % n));
        // Zero in the states that do not list the cell.
        let range = |j: usize| {
            if c.listed < ends {
                (c.lo[j].min(0), c.hi[j].max(0))
            } else {
                (c.lo[j], c.hi[j])
            }
        };
        let moved = |j: usize| c.lo[j] != 0 || c.hi[j] != 0;
        // A credit is shown from its holder's side as the file reads it (else the party
        // listed first); the other side's cell is its negative.
        let (first, second) = (a.min(b), a.max(b));
        if story
            .credit_as_written(first, second)
            .unwrap_or((first, second))
            == (a, b)
        {
            for layer in Layer::ALL {
                if moved(layer.index()) {
                    let kind = BalanceKind::Credit {
                        holder: a,
                        with: b,
                        layer,
                    };
                    ranges.insert(kind, range(layer.index()));
                }
            }
        }
        if moved(2) {
            ranges.insert(BalanceKind::Felt { who: a, toward: b }, range(2));
        }
    }
    ranges
        .into_iter()
        .map(|(kind, (min, max))| Balance { kind, min, max })
        .collect()
}

/// Lints over the complete graph.
pub(super) fn lints(
    story: &Story,
    g: &Graph,
    reach: &ReachSets,
    shift: &[f64],
    reached: &[bool],
    strategies: &[StrategyReport],
) -> Vec<Lint> {
    let nodes = story.nodes.len();
    let mut out = Vec::new();

    // Per node: entered at all, and entered on some way that can still end.
    let mut entered = vec![false; nodes];
    let mut live = vec![false; nodes];
    for (k, e) in g.edges.iter().enumerate() {
        let can_end = e.to != BEYOND && !reach.is_empty(e.to);
        for &n in g.trail_of(k) {
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
    // A blunt way of playing that usually wins leaves the player no dilemma.
    for s in strategies {
        if s.bright > BLUNT_WINS {
            out.push(Lint::DominantStrategy {
                policy: s.policy,
                bright: s.bright,
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

//! Guided search for witnesses on stories too large to enumerate: a beam search that steers
//! toward an outcome's condition, with restarts.
//!
//! # Method
//! Runs are walked as a [`Walk`]: the runner's own steps and seeded draws, so every script
//! found replays with `play --seed S --choices …`. At
//! each depth the beam holds the best [`BEAM`] runs (merged when they rest at the same node in
//! the same state); every offered choice of every run is taken, and the runs are ranked by
//! how far the target outcome's condition is from holding — the sum over its comparisons of
//! how much the value misses the threshold (`All` adds, `Any` takes the nearest), plus how far
//! each earlier outcome is from *failing*, since the first outcome that holds is the one
//! reached. Ties and near-ties are broken by seeded noise, which differs per restart, as
//! does the seed the reactions are drawn from and the beam's width.

use crate::compiled::Cond;
use crate::ids::OutcomeId;
use crate::play::cond;
use crate::play::ledger::State;
use crate::play::runner;
use crate::play::walk::{Quiet, Rest, Walk};
use crate::story::Story;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::time::Instant;

/// Runs kept at each depth in the first restart; later restarts widen it.
pub const BEAM: usize = 64;
/// Restarts per outcome (each with another seed, more noise and a wider beam).
pub const RESTARTS: u64 = 6;

/// A script that reaches an outcome.
pub struct Found {
    /// The outcome reached.
    pub outcome: OutcomeId,
    /// The choices, as 0-based positions among those offered.
    pub choices: Vec<usize>,
    /// The seed its reactions are drawn with.
    pub seed: u64,
    /// How many draws the run made.
    pub draws: u64,
}

/// A run of the beam: where its walk rests, with its state packed — a beam holds up to a
/// thousand runs, and with many parties an unpacked state is megabytes — and its choices so
/// far, as an index into the search's [`Trail`].
struct Run {
    draws: u64,
    node: crate::ids::NodeId,
    player: crate::ids::PartyId,
    rest: Rest,
    packed: Box<[u8]>,
    at: u32,
}

impl Run {
    fn of(walk: &Walk, at: u32, bytes: &mut Vec<u8>) -> Run {
        bytes.clear();
        walk.state.pack(bytes);
        Run {
            draws: walk.draws,
            node: walk.node,
            player: walk.player,
            rest: walk.rest,
            packed: bytes.as_slice().into(),
            at,
        }
    }

    /// Makes `walk` (of the same seed) this run again.
    fn resume(&self, walk: &mut Walk) {
        walk.draws = self.draws;
        walk.node = self.node;
        walk.player = self.player;
        walk.rest = self.rest;
        State::unpack_into(&self.packed, &mut walk.state);
    }
}

/// The choices of every run, shared: `(parent, position chosen)`; the root is `u32::MAX`.
type Trail = Vec<(u32, u32)>;

/// How far `c` is from being `want` in `s`: 0 when it is.
fn distance(story: &Story, s: &State, c: &Cond, want: bool) -> i64 {
    let v = |v| cond::value(story, s, v) as i64;
    let bit = |b: bool| i64::from(b != want);
    match c {
        Cond::Always => bit(true) * 1000,
        Cond::AtLeast(x, n) if want => (*n as i64 - v(x)).max(0),
        Cond::AtLeast(x, n) => (v(x) - *n as i64 + 1).max(0),
        Cond::Below(x, n) if want => (v(x) - *n as i64 + 1).max(0),
        Cond::Below(x, n) => (*n as i64 - v(x)).max(0),
        Cond::All(cs) if want => cs.iter().map(|c| distance(story, s, c, true)).sum(),
        Cond::Any(cs) if !want => cs.iter().map(|c| distance(story, s, c, false)).sum(),
        Cond::All(cs) | Cond::Any(cs) => cs
            .iter()
            .map(|c| distance(story, s, c, want))
            .min()
            .unwrap_or(0),
        Cond::Not(c) => distance(story, s, c, !want),
        Cond::Knows { .. } | Cond::Flag(_) | Cond::Visited(_) => bit(cond::holds(story, s, c)),
    }
}

/// How far a run in state `s` is from ending in `target`.
fn score(story: &Story, s: &State, target: OutcomeId) -> i64 {
    let mut d = 0;
    for (o, outcome) in story.outcomes.iter_enumerated() {
        let c = outcome.when.as_ref().unwrap_or(&Cond::Always);
        d += distance(story, s, c, o == target);
        if o == target {
            return d;
        }
    }
    d
}

fn choices(trail: &Trail, mut at: u32) -> Vec<usize> {
    let mut out = Vec::new();
    while at != u32::MAX {
        let (parent, shown) = trail[at as usize];
        out.push(shown as usize);
        at = parent;
    }
    out.reverse();
    out
}

/// Searches for a script to each of `targets` until `deadline`; returns those found.
/// Every run that ends in any of the targets on the way counts.
pub fn search(story: &Story, targets: &[OutcomeId], deadline: Instant) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let mut rec = Quiet::default();
    for restart in 0..RESTARTS {
        for &target in targets {
            if found.iter().any(|f| f.outcome == target) {
                continue;
            }
            if Instant::now() >= deadline {
                return found;
            }
            let beam = BEAM << restart.min(4);
            // The first pass is pure greed; later ones add noise of a few units.
            let noise = restart as i64 * 2;
            beam_search(
                story, target, targets, restart, beam, noise, deadline, &mut rec, &mut found,
            );
        }
    }
    found
}

/// One beam search toward `target` with reactions drawn from `seed`.
#[allow(clippy::too_many_arguments)]
fn beam_search(
    story: &Story,
    target: OutcomeId,
    wanted: &[OutcomeId],
    seed: u64,
    width: usize,
    noise: i64,
    deadline: Instant,
    rec: &mut Quiet,
    found: &mut Vec<Found>,
) {
    let mut trail: Trail = Vec::new();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ ((target.index() as u64) << 32));
    let mut bytes = Vec::new();
    // The one unpacked walk, made each run in turn.
    let mut walk = Walk::start(story, seed, rec);
    let done = |walk: &Walk, at: u32, trail: &Trail, found: &mut Vec<Found>| {
        if let Rest::Ended(o) = walk.rest
            && wanted.contains(&o)
            && !found.iter().any(|f| f.outcome == o)
        {
            found.push(Found {
                outcome: o,
                choices: choices(trail, at),
                seed,
                draws: walk.draws,
            });
        }
    };
    done(&walk, u32::MAX, &trail, found);
    let mut beam = vec![Run::of(&walk, u32::MAX, &mut bytes)];
    while !beam.is_empty() && Instant::now() < deadline {
        let mut next: Vec<(i64, Run)> = Vec::new();
        let mut seen = HashSet::new();
        for run in beam.iter().filter(|r| r.rest == Rest::Choose) {
            run.resume(&mut walk);
            let offered = runner::offered_at(story, &walk.state, walk.node);
            for (shown, o) in offered.iter().enumerate() {
                run.resume(&mut walk);
                walk.choose(story, o.index, rec);
                trail.push((run.at, shown as u32));
                let at = trail.len() as u32 - 1;
                match walk.rest {
                    Rest::Stuck => {}
                    Rest::Ended(_) => done(&walk, at, &trail, found),
                    Rest::Choose => {
                        let r = Run::of(&walk, at, &mut bytes);
                        let mut h = std::collections::hash_map::DefaultHasher::new();
                        (r.node, r.player, &r.packed).hash(&mut h);
                        if seen.insert(h.finish()) {
                            let jitter = if noise > 0 {
                                (rng.next_u64() % (noise as u64 + 1)) as i64
                            } else {
                                0
                            };
                            next.push((score(story, &walk.state, target) + jitter, r));
                        }
                    }
                }
            }
        }
        if found.iter().any(|f| f.outcome == target) {
            return;
        }
        if next.len() > width {
            next.select_nth_unstable_by_key(width, |(s, _)| *s);
            next.truncate(width);
        }
        beam = next.into_iter().map(|(_, r)| r).collect();
    }
}

//! Many playthroughs with a blunt [`Policy`]: how often each ending comes about, for stories
//! too large to enumerate, and the play benchmark. Deterministic given the seed.

use crate::ids::OutcomeId;
use crate::play::policy::Policy;
use crate::play::runner::{self, RunState};
use crate::play::walk::{Quiet, Rest, Walk};
use crate::story::Story;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

/// A run that makes this many choices without ending is counted as not ending (a story can
/// loop through player choices, and a blunt policy may go round for ever).
pub const MAX_CHOICES_PER_RUN: usize = 10_000;

/// What [`simulate`] found.
#[derive(Clone, Debug, PartialEq)]
pub struct Simulation {
    /// How the choices were made.
    pub policy: Policy,
    /// How many playthroughs were played.
    pub runs: u64,
    /// How many ended in each outcome, in file order.
    pub outcomes: Vec<u64>,
    /// How many got stuck (an author's error: no outcome, no reaction, a loop).
    pub stuck: u64,
    /// How many were still going after [`MAX_CHOICES_PER_RUN`] choices.
    pub unfinished: u64,
    /// Lines shown (nodes entered) over all playthroughs.
    pub lines: u64,
    /// Choices made over all playthroughs.
    pub choices: u64,
}

impl Simulation {
    /// The share of playthroughs that ended in `o`, with its 95 % confidence interval
    /// (Wilson's score interval, sound also near 0 and 1): `(share, low, high)`.
    pub fn share(&self, o: OutcomeId) -> (f64, f64, f64) {
        wilson(self.outcomes[o.index()], self.runs)
    }
}

/// The share `k / n` with its 95 % Wilson score interval.
pub fn wilson(k: u64, n: u64) -> (f64, f64, f64) {
    if n == 0 {
        return (0.0, 0.0, 1.0);
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z = 1.959_963_984_540_054_f64;
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    (p, (centre - half).max(0.0), (centre + half).min(1.0))
}

/// Plays `runs` playthroughs from `seed` with `policy`. Playthrough `i` draws its reactions
/// from seed `seed + i` (so `play --seed` replays it); a random policy draws its choices
/// from a stream of its own.
pub fn simulate(story: &Story, policy: Policy, runs: u64, seed: u64) -> Simulation {
    let mut sim = Simulation {
        policy,
        runs,
        outcomes: vec![0; story.outcomes.len()],
        stuck: 0,
        unfinished: 0,
        lines: 0,
        choices: 0,
    };
    // Played as a [`Walk`]: the same steps and draws as `play`, without the transcript,
    // the entries and the undo that nobody reads here.
    let mut rec = Quiet::default();
    for i in 0..runs {
        let run_seed = seed.wrapping_add(i);
        let mut picks = picker(run_seed);
        rec.lines = 0;
        let mut w = Walk::start(story, run_seed, &mut rec);
        let mut choices = 0;
        while w.rest == Rest::Choose && choices < MAX_CHOICES_PER_RUN {
            let offered = runner::offered_at(story, &w.state, w.node);
            let shown = match policy.pick(story, w.node, w.player, &offered) {
                Some(s) => s,
                None => ((picks.next_u64() as u128 * offered.len() as u128) >> 64) as usize,
            };
            w.choose(story, offered[shown].index, &mut rec);
            choices += 1;
        }
        match w.rest {
            Rest::Stuck => {
                sim.stuck += 1;
                continue;
            }
            Rest::Ended(o) => sim.outcomes[o.index()] += 1,
            Rest::Choose => sim.unfinished += 1,
        }
        sim.lines += rec.lines;
        sim.choices += choices as u64;
    }
    sim
}

/// The generator of a run's open choices: seeded like the run, on a stream far from the
/// runner's reaction draws (streams from 0 up).
pub(crate) fn picker(seed: u64) -> ChaCha8Rng {
    let mut picks = ChaCha8Rng::seed_from_u64(seed);
    picks.set_stream(u64::MAX);
    picks
}

/// One playthrough to its end (or to the choice limit); `Err` when it gets stuck. `picks`
/// draws the choices a policy leaves open.
pub(crate) fn play_one(
    story: &Story,
    policy: Policy,
    seed: u64,
    picks: &mut ChaCha8Rng,
) -> Result<RunState, ()> {
    let mut rs = RunState::new(story, seed).map_err(|_| ())?;
    while !rs.ended() && rs.choices.len() < MAX_CHOICES_PER_RUN {
        let offered = rs.offered(story);
        let shown = match policy.pick(story, rs.node, rs.player, &offered) {
            Some(s) => s,
            // Multiply-shift: 64 random bits onto [0, n) without floating point.
            None => ((picks.next_u64() as u128 * offered.len() as u128) >> 64) as usize,
        };
        rs.choose(story, shown).map_err(|_| ())?;
    }
    Ok(rs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check_str;

    fn quote() -> Story {
        let src = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scenarios/quote_dispute.ron"
        ))
        .unwrap();
        check_str(&src).story.unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_counts_and_every_run_is_counted() {
        let story = quote();
        for policy in Policy::ALL {
            let a = simulate(&story, policy, 200, 9);
            assert_eq!(a, simulate(&story, policy, 200, 9), "{policy:?}");
            let counted: u64 = a.outcomes.iter().sum::<u64>() + a.stuck + a.unfinished;
            assert_eq!(counted, 200, "{policy:?}");
            assert!(a.lines > 0 && a.choices > 0);
        }
    }

    #[test]
    fn a_deterministic_policy_replays_with_its_seed() {
        // Playthrough 3 of a `first` simulation is `play --seed S+3 --choices 1,1,…`.
        let story = quote();
        let one = simulate(&story, Policy::First, 1, 12);
        let o = one.outcomes.iter().position(|&n| n == 1).unwrap();
        let mut rs = RunState::new(&story, 12).unwrap();
        while !rs.ended() {
            rs.choose(&story, 0).unwrap();
        }
        assert_eq!(rs.outcome.map(|x| x.index()), Some(o));
    }

    #[test]
    fn a_simulation_counts_what_playing_each_run_gives() {
        // The simulation plays light walks; each must end as the full run with its seed does.
        let story = quote();
        for policy in Policy::ALL {
            let sim = simulate(&story, policy, 300, 5);
            let mut outcomes = vec![0u64; story.outcomes.len()];
            let (mut lines, mut choices, mut stuck) = (0u64, 0u64, 0u64);
            for i in 0..300 {
                match play_one(&story, policy, 5 + i, &mut picker(5 + i)) {
                    Ok(rs) => {
                        lines += rs
                            .transcript
                            .iter()
                            .filter(|b| matches!(b, crate::play::runner::Beat::Line { .. }))
                            .count() as u64;
                        choices += rs.choices.len() as u64;
                        outcomes[rs.outcome.expect("ends").index()] += 1;
                    }
                    Err(()) => stuck += 1,
                }
            }
            assert_eq!(sim.outcomes, outcomes, "{policy:?}");
            assert_eq!(
                (sim.lines, sim.choices, sim.stuck),
                (lines, choices, stuck),
                "{policy:?}"
            );
        }
    }

    #[test]
    fn wilson_intervals_hold_the_share_and_stay_in_bounds() {
        let (p, lo, hi) = wilson(50, 100);
        assert!((p - 0.5).abs() < 1e-12 && lo < 0.5 && hi > 0.5);
        assert!((hi - lo - 0.19).abs() < 0.01, "{lo} {hi}");
        let (p, lo, hi) = wilson(0, 40);
        assert_eq!((p, lo), (0.0, 0.0));
        assert!(hi > 0.05 && hi < 0.1, "{hi}");
        assert_eq!(wilson(7, 7).2, 1.0);
    }
}

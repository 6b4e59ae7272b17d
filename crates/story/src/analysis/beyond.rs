//! Answers where enumeration cannot finish (issue 11): the outcomes an incomplete exploration
//! did not reach are ruled out by the interval bounds ([`super::bounds`]), or reached by the
//! guided search ([`super::guided`]) and, failing that, by random play; what neither settles
//! stays unknown.

use super::{Analysis, Answer, SEARCH_TIME, Witness, bounds, guided};
use crate::ids::OutcomeId;
use crate::play::policy::Policy;
use crate::story::Story;
use std::time::Instant;

/// Random playthroughs tried for the outcomes neither the bounds nor the guided search
/// settled.
pub const SEARCH_RUNS: u64 = 20_000;

/// Settles what it can of the outcomes `a` left open; `search`: also look for scripts (the
/// bounds alone are what `check` needs).
pub(super) fn settle(story: &Story, a: &mut Analysis, search: bool) {
    let b = bounds::bounds(story);
    a.bounds_cells = Some(b.cells());
    for r in &mut a.outcomes {
        if r.reachable.is_none() && !b.possible[r.outcome.index()] {
            r.reachable = Some(false);
            r.answer = Some(Answer::Bounds);
            r.unreachable_because = Some(bounds::reason(story, &b, r.outcome));
        }
    }
    if !search {
        return;
    }
    let open = |a: &Analysis| -> Vec<OutcomeId> {
        a.outcomes
            .iter()
            .filter(|r| r.reachable.is_none())
            .map(|r| r.outcome)
            .collect()
    };
    let deadline = Instant::now() + SEARCH_TIME;
    for f in guided::search(story, &open(a), deadline) {
        let choices = f.choices.iter().map(|c| c + 1).collect();
        found(a, f.outcome, choices, f.seed, f.draws);
    }
    random_play(story, a, &open(a), deadline + SEARCH_TIME);
}

/// Records a script found by a search.
fn found(a: &mut Analysis, o: OutcomeId, choices: Vec<usize>, seed: u64, draws: u64) {
    let r = &mut a.outcomes[o.index()];
    r.reachable = Some(true);
    r.answer = Some(Answer::Search);
    r.found_by_search = true;
    r.witness = Some(Witness {
        choices,
        // Not computed: the exploration never got this far.
        probability: f64::NAN,
        seed: Some(seed),
        draws: Some(draws),
        reactions: Vec::new(),
    });
}

/// Plays the story at random (seeds 0, 1, …, up to [`SEARCH_RUNS`], until `deadline`) for
/// the outcomes still open: a run that ends in one is a witness that really replays
/// (`play --seed S --choices ...`).
fn random_play(story: &Story, a: &mut Analysis, open: &[OutcomeId], deadline: Instant) {
    use crate::play::simulate::{picker, play_one};
    let mut missing = open.to_vec();
    for seed in 0..SEARCH_RUNS {
        if missing.is_empty() || (seed.is_multiple_of(64) && Instant::now() >= deadline) {
            break;
        }
        let Ok(rs) = play_one(story, Policy::Random, seed, &mut picker(seed)) else {
            continue;
        };
        let Some(o) = rs.outcome else { continue };
        if let Some(at) = missing.iter().position(|&m| m == o) {
            missing.swap_remove(at);
            let choices = rs.choices.iter().map(|c| c + 1).collect();
            found(a, o, choices, seed, rs.draws);
        }
    }
}

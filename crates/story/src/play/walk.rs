//! A run without its record: what the simulation and the analysis's search play, many
//! thousands of times. It steps with the runner's own functions and draws like
//! [`RunState`](crate::play::runner::RunState), so a walk with the same seed and choices ends
//! exactly where `play --seed S --choices …` does; it only keeps no transcript or entries, and
//! no undo (it is never rolled back).

use crate::ids::{NodeId, OutcomeId, PartyId};
use crate::play::ledger::{Entry, State};
use crate::play::runner::{self, Beat, Halt, Record};
use crate::story::Story;

/// Where a walk rests: at a choice, ended, or stuck.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rest {
    /// The player must choose at [`Walk::node`].
    Choose,
    /// The story ended in this outcome.
    Ended(OutcomeId),
    /// The story got stuck (`play` would report an error).
    Stuck,
}

/// A run's position and state.
#[derive(Clone, Debug)]
pub(crate) struct Walk {
    /// The seed its reactions are drawn from.
    pub seed: u64,
    /// How many draws it made.
    pub draws: u64,
    pub node: NodeId,
    pub player: PartyId,
    pub state: State,
    pub rest: Rest,
}

/// Counts the lines shown and keeps no ledger entries.
#[derive(Default)]
pub(crate) struct Quiet {
    /// Nodes entered.
    pub lines: u64,
}

impl Record for Quiet {
    fn beat(&mut self, beat: Beat) {
        self.lines += matches!(beat, Beat::Line { .. }) as u64;
    }
    fn entries(&mut self) -> Option<&mut Vec<Entry>> {
        None
    }
    fn step(&self) -> u32 {
        0
    }
}

impl Walk {
    /// A run from the opening, played up to its first decision.
    pub(crate) fn start(story: &Story, seed: u64, rec: &mut Quiet) -> Walk {
        let mut w = Walk {
            seed,
            draws: 0,
            node: story.start,
            player: story.player,
            state: runner::opening_state(story, None),
            rest: Rest::Choose,
        };
        w.go(story, story.start, rec);
        w
    }

    /// Takes the offered choice `index` (as written) and plays on to the next decision.
    pub(crate) fn choose(&mut self, story: &Story, index: crate::ids::ChoiceId, rec: &mut Quiet) {
        let next = runner::take_choice(story, &mut self.state, self.node, index, self.player, rec);
        self.go(story, next, rec);
    }

    /// Enters `node` and follows the story until the player must choose, it ends or it gets
    /// stuck: [`runner::advance`], with the run's own seeded draws.
    fn go(&mut self, story: &Story, mut node: NodeId, rec: &mut Quiet) {
        let (seed, draws) = (self.seed, &mut self.draws);
        let halt = runner::advance(
            story,
            &mut self.state,
            &mut self.player,
            &mut node,
            rec,
            |o| {
                *draws += 1;
                runner::draw(seed, *draws - 1, o)
            },
        );
        self.node = node;
        self.rest = match halt {
            Ok(Halt::Choose) => Rest::Choose,
            Ok(Halt::Ended(o)) => Rest::Ended(o),
            Err(_) => Rest::Stuck,
        };
    }
}

//! Playing a scenario: presents lines and choices, applies the player's choice, draws the
//! other parties' reactions (seeded, reproducible on every platform) and reaches an outcome.
//!
//! [`RunState`] holds everything about a run and serialises, so a run can be saved,
//! rolled back or resumed.

use crate::story::cond;
use crate::story::ledger::{Cause, Entry, State};
use crate::story::model::{N, O, P, Story, ThenC};
use crate::story::rules;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What the player saw or did, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Beat {
    /// The line of a node (its speaker and text; a scene heading when it has one).
    Line {
        node: N,
    },
    /// The player picked the choice `choice` (index as written) of `node`.
    Chose {
        node: N,
        choice: usize,
    },
    /// A reaction was taken at `node`; `chance` in thousandths when it was drawn.
    Reacted {
        node: N,
        reaction: usize,
        chance: Option<u32>,
    },
    Ended {
        outcome: O,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunState {
    pub seed: u64,
    /// How many random draws were made; each draw uses its own ChaCha stream.
    pub draws: u64,
    /// The node the run rests at (a choice node, or the last node when ended).
    pub node: N,
    /// The party the player plays right now.
    pub player: P,
    pub state: State,
    pub entries: Vec<Entry>,
    pub transcript: Vec<Beat>,
    /// The choices made so far, as 0-based positions among those offered.
    pub choices: Vec<usize>,
    pub outcome: Option<O>,
}

/// A choice the player can make now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offered {
    /// Index among the node's choices as written in the file.
    pub index: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunError {
    /// Too many nodes passed without a choice: the story loops by itself.
    Loop { node: String },
    /// An `End` where no outcome's condition holds.
    NoOutcome { node: String },
    /// No reaction applies (all conditions false or all weights zero).
    NoReaction { node: String },
    /// A choice node where no choice is available.
    NoChoice { node: String },
    /// The player asked for a choice that is not offered.
    BadChoice {
        node: String,
        requested: usize,
        offered: usize,
    },
    /// The story has ended.
    Ended,
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Loop { node } => write!(
                f,
                "the story went round in a loop without a player choice (last at node `{node}`)"
            ),
            RunError::NoOutcome { node } => write!(
                f,
                "at node `{node}` the story ends, but no outcome's condition holds"
            ),
            RunError::NoReaction { node } => write!(f, "at node `{node}` no reaction applies"),
            RunError::NoChoice { node } => write!(f, "at node `{node}` no choice is available"),
            RunError::BadChoice {
                node,
                requested,
                offered,
            } => write!(
                f,
                "choice {} was asked for at node `{node}`, but it offers {offered}",
                requested + 1
            ),
            RunError::Ended => write!(f, "the story has already ended"),
        }
    }
}

impl std::error::Error for RunError {}

impl RunState {
    /// Starts a run: applies the history, then plays up to the first decision.
    pub fn new(story: &Story, seed: u64) -> Result<RunState, RunError> {
        let mut rs = RunState {
            seed,
            draws: 0,
            node: story.start,
            player: story.player,
            state: State::new(story.parties.len()),
            entries: Vec::new(),
            transcript: Vec::new(),
            choices: Vec::new(),
            outcome: None,
        };
        for e in &story.history {
            rules::apply(story, &mut rs.state, e, Cause::History, 0, &mut rs.entries);
        }
        rs.enter(story, story.start)?;
        Ok(rs)
    }

    /// Plays a whole choice script (0-based positions) from the start.
    pub fn replay(story: &Story, seed: u64, choices: &[usize]) -> Result<RunState, RunError> {
        let mut rs = RunState::new(story, seed)?;
        for &c in choices {
            rs.choose(story, c)?;
        }
        Ok(rs)
    }

    pub fn ended(&self) -> bool {
        self.outcome.is_some()
    }

    /// How many choices the player has made.
    pub fn step(&self) -> u32 {
        self.choices.len() as u32
    }

    /// The choices on offer now, in the order they are shown (empty once ended).
    pub fn offered(&self, story: &Story) -> Vec<Offered> {
        if self.ended() {
            return Vec::new();
        }
        offered_at(story, &self.state, self.node)
    }

    /// Makes the choice at position `shown` (0-based) among those offered.
    pub fn choose(&mut self, story: &Story, shown: usize) -> Result<(), RunError> {
        if self.ended() {
            return Err(RunError::Ended);
        }
        let offered = self.offered(story);
        let Some(o) = offered.get(shown) else {
            return Err(RunError::BadChoice {
                node: story.node_id(self.node).to_string(),
                requested: shown,
                offered: offered.len(),
            });
        };
        let node = self.node;
        let ThenC::Choices(cs) = &story.nodes[node].then else {
            unreachable!("runs rest only at choice nodes")
        };
        let choice = &cs[o.index];
        self.transcript.push(Beat::Chose {
            node,
            choice: o.index,
        });
        let cause = Cause::Choice {
            node,
            choice: o.index,
        };
        for e in &choice.effects {
            let step = self.step();
            rules::apply(story, &mut self.state, e, cause, step, &mut self.entries);
        }
        self.choices.push(shown);
        self.enter(story, choice.next)
    }

    /// Enters `node` and follows the story until the player must choose or it ends.
    fn enter(&mut self, story: &Story, mut node: N) -> Result<(), RunError> {
        // Without a choice no node can be entered twice unless the story loops by itself.
        let mut budget = story.nodes.len() + 1;
        loop {
            if budget == 0 {
                return Err(RunError::Loop {
                    node: story.node_id(node).to_string(),
                });
            }
            budget -= 1;
            self.node = node;
            let n = &story.nodes[node];
            if let Some(p) = n.player {
                self.player = p;
            }
            if let Some(w) = n.watch {
                self.state.visited.set(w, true);
            }
            self.transcript.push(Beat::Line { node });
            for e in &n.effects {
                let step = self.step();
                rules::apply(
                    story,
                    &mut self.state,
                    e,
                    Cause::Enter { node },
                    step,
                    &mut self.entries,
                );
            }
            match &n.then {
                ThenC::Choices(_) => {
                    if offered_at(story, &self.state, node).is_empty() {
                        return Err(RunError::NoChoice { node: n.id.clone() });
                    }
                    return Ok(());
                }
                ThenC::Goto(next) => node = *next,
                ThenC::React { .. } => {
                    let (reaction, chance) = match pick_reaction(story, &self.state, node) {
                        Pick::None => return Err(RunError::NoReaction { node: n.id.clone() }),
                        Pick::First(r) => (r, None),
                        Pick::Draw(options) => {
                            let r = self.draw(&options);
                            let total: u64 = options.iter().map(|o| o.1).sum();
                            let w = options.iter().find(|o| o.0 == r).map_or(0, |o| o.1);
                            (r, Some((w * 1000 / total.max(1)) as u32))
                        }
                    };
                    let ThenC::React { reactions, .. } = &n.then else {
                        unreachable!()
                    };
                    let r = &reactions[reaction];
                    self.transcript.push(Beat::Reacted {
                        node,
                        reaction,
                        chance,
                    });
                    let cause = Cause::Reaction { node, reaction };
                    for e in &r.effects {
                        let step = self.step();
                        rules::apply(story, &mut self.state, e, cause, step, &mut self.entries);
                    }
                    node = r.next;
                }
                ThenC::End => {
                    let Some(o) = decide_outcome(story, &self.state) else {
                        return Err(RunError::NoOutcome { node: n.id.clone() });
                    };
                    return self.finish(o);
                }
                ThenC::Outcome(o) => return self.finish(*o),
            }
        }
    }

    fn finish(&mut self, outcome: O) -> Result<(), RunError> {
        self.outcome = Some(outcome);
        self.transcript.push(Beat::Ended { outcome });
        Ok(())
    }

    /// Draws one option by weight from its own ChaCha8 stream: the same seed and choices
    /// give the same draws on every platform.
    fn draw(&mut self, options: &[(usize, u64)]) -> usize {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(self.draws);
        self.draws += 1;
        let total: u64 = options.iter().map(|o| o.1).sum();
        // Multiply-shift maps 64 random bits onto [0, total) without floating point.
        let mut r = ((rng.next_u64() as u128 * total as u128) >> 64) as u64;
        for &(i, w) in options {
            if r < w {
                return i;
            }
            r -= w;
        }
        options.last().map_or(0, |o| o.0)
    }
}

/// Choices of `node` whose conditions hold, in file order.
pub fn offered_at(story: &Story, state: &State, node: N) -> Vec<Offered> {
    match &story.nodes[node].then {
        ThenC::Choices(cs) => cs
            .iter()
            .enumerate()
            .filter(|(_, c)| cond::holds_opt(story, state, c.when.as_ref()))
            .map(|(index, _)| Offered { index })
            .collect(),
        _ => Vec::new(),
    }
}

/// How the reaction at a node is decided.
pub enum Pick {
    None,
    First(usize),
    /// Reaction indices with their positive weights.
    Draw(Vec<(usize, u64)>),
}

pub fn pick_reaction(story: &Story, state: &State, node: N) -> Pick {
    let ThenC::React {
        weighted,
        reactions,
    } = &story.nodes[node].then
    else {
        return Pick::None;
    };
    let applicable = reactions
        .iter()
        .enumerate()
        .filter(|(_, r)| cond::holds_opt(story, state, r.when.as_ref()));
    if !weighted {
        return applicable
            .map(|(i, _)| i)
            .next()
            .map_or(Pick::None, Pick::First);
    }
    let options: Vec<(usize, u64)> = applicable
        .filter_map(|(i, r)| {
            let w = r.weight_by.iter().fold(r.weight as i64, |acc, (v, per)| {
                acc + per.apply(cond::value(story, state, v)) as i64
            });
            (w > 0).then_some((i, w.min(u32::MAX as i64) as u64))
        })
        .collect();
    if options.is_empty() {
        Pick::None
    } else {
        Pick::Draw(options)
    }
}

/// The first outcome (in file order) whose condition holds.
pub fn decide_outcome(story: &Story, state: &State) -> Option<O> {
    story
        .outcomes
        .iter()
        .position(|o| cond::holds_opt(story, state, o.when.as_ref()))
}

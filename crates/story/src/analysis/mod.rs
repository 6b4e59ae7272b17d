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
//! ([`DEFAULT_MAX_STATES`] by default), when its estimated memory passes
//! [`AnalysisOptions::max_bytes`] ([`DEFAULT_MAX_BYTES`]), or after
//! [`AnalysisOptions::max_time`] ([`DEFAULT_MAX_TIME`], counted past
//! [`AnalysisOptions::timed_after`] states, [`DEFAULT_TIMED_AFTER`] by default),
//! whichever comes first — so a story of any size stops with a report,
//! never an out-of-memory abort. The analysis then says it is incomplete and which bound
//! stopped it: outcomes found are still reachable (their witnesses replay), probabilities are
//! lower bounds and the lints that need the whole graph are skipped. The outcomes it did not
//! reach are then settled where possible ([`beyond`]): ruled out by interval [`bounds`], or
//! reached by a guided search; what neither settles is unknown.
//!
//! [`runner::enter_node`]: crate::play::runner::enter_node
//! [`runner::take_choice`]: crate::play::runner::take_choice
//! [`runner::take_reaction`]: crate::play::runner::take_reaction
//! [`State`]: crate::play::ledger::State

mod beyond;
pub(crate) mod bounds;
#[cfg(test)]
mod bounds_tests;
mod check_values;
mod explore;
mod guided;
mod passes;
mod report;
#[cfg(test)]
mod tests;

pub use beyond::SEARCH_RUNS;
pub use check_values::{CHECK_MAX_NODES, ValueCheck, check_values};

use crate::format::scenario::Layer;
use crate::ids::{ChoiceId, NodeId, OutcomeId, PartyId, ReactionId};
use crate::play::policy::Policy;
use crate::play::runner::RunError;
use crate::story::Story;
use explore::Explorer;
use report::report;
use std::time::Duration;

/// Default bound on distinct states for `analyze`.
pub const DEFAULT_MAX_STATES: usize = 5_000_000;
/// The smaller bound `check` uses, so that checking stays fast.
pub const CHECK_MAX_STATES: usize = 200_000;
/// Default memory budget for `analyze`: sized for a two-core machine with 8 GB, leaving room
/// for the passes that follow the exploration (about half as much again).
pub const DEFAULT_MAX_BYTES: usize = 3 << 30;
/// `check`'s memory budget for its value analysis.
pub const CHECK_MAX_BYTES: usize = 256 << 20;
/// Default time budget of `analyze`'s exploration, counted once past
/// [`DEFAULT_TIMED_AFTER`] states: a story it cannot enumerate in this time is answered by
/// the bounds and the guided search instead (issue 11: 1,000 choice nodes in ≤ 5 s and 1 GB
/// in all; the report on an incomplete graph costs about as much again as exploring it).
/// `--max-seconds 0` lifts it.
pub const DEFAULT_MAX_TIME: Duration = Duration::from_millis(1000);
/// `analyze`'s time budget counts only beyond this many states, so that every story up to
/// this size — all the shipped scenarios; oral_surgeon has 1.42 million — is explored
/// completely and alike on every machine, however loaded.
pub const DEFAULT_TIMED_AFTER: usize = 1_500_000;
/// `check`'s time budget for its exploration (the bounds come on top, in milliseconds).
pub const CHECK_MAX_TIME: Duration = Duration::from_millis(10);
/// `check`'s time budget counts only beyond this many states: a story this small is
/// explored the same way on every machine, however loaded (most hand-written scenarios are).
pub const CHECK_TIMED_AFTER: usize = 25_000;
/// Time the guided search may take, over all outcomes, when the exploration stopped short.
pub const SEARCH_TIME: Duration = Duration::from_millis(1000);

/// Which bound stopped an exploration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// [`AnalysisOptions::max_states`] distinct states.
    States,
    /// [`AnalysisOptions::max_bytes`] of estimated memory.
    Memory,
    /// [`AnalysisOptions::max_time`].
    Time,
}
/// Witness seeds are searched in `0..SEEDS_SEARCHED`.
pub const SEEDS_SEARCHED: u64 = 1000;

/// How far `analyze` goes.
#[derive(Clone, Debug)]
pub struct AnalysisOptions {
    /// Stop exploring after this many distinct states.
    pub max_states: usize,
    /// Stop exploring when the explored graph's estimated memory passes this many bytes.
    pub max_bytes: usize,
    /// Stop exploring after this long (`None`: no time limit), once past `timed_after`
    /// states.
    pub max_time: Option<Duration>,
    /// How many states are explored before the time budget counts.
    pub timed_after: usize,
    /// Replay each witness with seeds 0..=999 to find one that really reaches it; and, when
    /// the exploration stops short, search for scripts to the outcomes it did not reach.
    pub find_seeds: bool,
    /// Threads that walk the transitions of the exploration (1 or 2; the results are the same
    /// either way). `check` uses two: its short exploration is most of its time. `analyze`
    /// uses one: its exploration runs to a time budget, where a second thread explores
    /// further rather than sooner, at half as much CPU again.
    pub walk_threads: usize,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            max_states: DEFAULT_MAX_STATES,
            max_bytes: DEFAULT_MAX_BYTES,
            max_time: Some(DEFAULT_MAX_TIME),
            timed_after: DEFAULT_TIMED_AFTER,
            find_seeds: true,
            walk_threads: 1,
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
    /// The bound on states this analysis ran with.
    pub max_states: usize,
    /// The memory budget this analysis ran with, in bytes.
    pub max_bytes: usize,
    /// The time budget of the exploration this analysis ran with.
    pub max_time: Option<Duration>,
    /// How many values the interval bounds tracked, when they were computed (the
    /// exploration stopped short).
    pub bounds_cells: Option<usize>,
    /// False when a bound was hit before the exploration finished.
    pub complete: bool,
    /// Which bound was hit, when one was.
    pub stopped_by: Option<Limit>,
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
    /// How each blunt [`Policy`] fares, in the order of [`Policy::ALL`].
    pub strategies: Vec<StrategyReport>,
    /// What the author probably did not mean; empty when the exploration was incomplete,
    /// since the lints need the whole graph.
    pub lints: Vec<Lint>,
}

/// What the analysis says about one outcome.
#[derive(Clone, Debug)]
pub struct OutcomeReport {
    /// The outcome, as written in the file.
    pub outcome: OutcomeId,
    /// `Some(true)`: reachable (a witness replays it); `Some(false)`: proven unreachable, by
    /// the complete exploration or by the bounds; `None`: unknown.
    pub reachable: Option<bool>,
    /// Where the answer comes from; `None` when there is none.
    pub answer: Option<Answer>,
    /// Why the bounds rule it out (when [`Answer::Bounds`]).
    pub unreachable_because: Option<String>,
    /// For a player choosing uniformly at random (a lower bound when incomplete).
    pub probability: f64,
    /// A shortest way to reach it, if it was reached.
    pub witness: Option<Witness>,
    /// The witness was found by random playthroughs after the exploration stopped short
    /// (not a shortest script; its probability is unknown).
    pub found_by_search: bool,
    /// Every balance that is non-zero in some final state of this outcome, with its range
    /// over all the final states in which the outcome is reached.
    pub balances: Vec<Balance>,
}

/// Where the answer about an outcome comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The exploration of states: exact when it was complete; a reached outcome is reached
    /// either way.
    Enumeration,
    /// The interval bounds prove it unreachable ([`bounds`]).
    Bounds,
    /// A search found a script that reaches it (guided, else random play).
    Search,
}

impl Answer {
    /// Stable name, used in `--json`.
    pub fn name(self) -> &'static str {
        match self {
            Answer::Enumeration => "enumeration",
            Answer::Bounds => "bounds",
            Answer::Search => "search",
        }
    }
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
    /// How many random draws that replay made (outcomes only).
    pub draws: Option<u64>,
    /// The drawn reactions along the witness path, in order.
    pub reactions: Vec<Drawn>,
}

/// A reaction a witness relies on being drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawn {
    /// The node that draws it.
    pub node: NodeId,
    /// Index of the reaction as written.
    pub reaction: ReactionId,
    /// Its probability at that moment.
    pub chance: f64,
}

/// Which balance of the ledger a [`Balance`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BalanceKind {
    /// `holder`'s credit with `with` on `layer`, the way round the file's conditions read it
    /// (else `holder` is the party listed first); the other way round is its negative.
    Credit {
        /// Who is in credit (positive) or owes (negative).
        holder: PartyId,
        /// With whom.
        with: PartyId,
        /// On which layer.
        layer: Layer,
    },
    /// The deficit `who` feels toward `toward`.
    Felt {
        /// Who feels it.
        who: PartyId,
        /// Toward whom.
        toward: PartyId,
    },
}

/// The range of one balance over the final states in which an outcome is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Balance {
    /// Which balance.
    pub kind: BalanceKind,
    /// Its lowest value at the end.
    pub min: i32,
    /// Its highest value at the end.
    pub max: i32,
}

/// A place where some path gets stuck: `play` would stop there with an error.
#[derive(Clone, Debug)]
pub struct StuckReport {
    /// Where the run gets stuck.
    pub node: NodeId,
    /// The error `play` would report there.
    pub error: RunError,
    /// For a player choosing uniformly at random.
    pub probability: f64,
    /// A shortest way to get stuck there.
    pub witness: Witness,
}

/// Above this probability of a `Bright` outcome, a blunt policy wins too easily (a lint).
pub const BLUNT_WINS: f64 = 0.5;

/// How a player who always plays one blunt [`Policy`] fares, over every draw of the
/// reactions (by their weights).
#[derive(Clone, Debug)]
pub struct StrategyReport {
    /// The policy played.
    pub policy: Policy,
    /// Probability of each outcome (in file order) when playing this way.
    pub outcomes: Vec<f64>,
    /// Probability of getting stuck.
    pub stuck: f64,
    /// Probability of an outcome with tone `Bright`.
    pub bright: f64,
}

/// Something an author probably did not mean.
#[derive(Clone, Debug, PartialEq)]
pub enum Lint {
    /// In every state in which `node` is reached, all its offered choices leave the same
    /// set of reachable outcomes: the choice never changes which endings remain possible.
    CosmeticChoice {
        /// The choice node.
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
    DominantStrategy {
        /// The policy that wins too easily.
        policy: Policy,
        /// Its probability of a `Bright` outcome (over [`BLUNT_WINS`]).
        bright: f64,
    },
    /// The node is reached, but from none of the states it is reached in can an outcome be
    /// reached (every path gets stuck or loops forever).
    DeadEnd {
        /// The node from which no outcome can be reached.
        node: NodeId,
    },
    /// No path reaches this outcome given the values.
    UnreachedOutcome {
        /// The outcome never reached.
        outcome: OutcomeId,
    },
    /// The node is connected, but no path enters it given the values.
    UnreachedNode {
        /// The node never entered.
        node: NodeId,
    },
    /// The choice (index as written) is never offered: its condition never holds when the
    /// node is reached.
    ChoiceNeverOffered {
        /// The choice node.
        node: NodeId,
        /// The choice never offered, as written.
        choice: ChoiceId,
    },
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

    /// The node the lint points at, if it is about a node.
    pub fn node(&self) -> Option<NodeId> {
        match *self {
            Lint::CosmeticChoice { node, .. }
            | Lint::DeadEnd { node }
            | Lint::UnreachedNode { node }
            | Lint::ChoiceNeverOffered { node, .. } => Some(node),
            _ => None,
        }
    }

    /// What the lint says, in English, with the ids as written in `story`.
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
            Lint::DominantStrategy { policy, bright } => format!(
                "always playing `{}` reaches a Bright outcome {:.0}% of the time: a blunt way \
                 of playing wins, so there is no dilemma",
                policy.name(),
                bright * 100.0
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

/// Explores every path of `story` and reports on it. Where the exploration stops short, the
/// outcomes it did not reach are settled by the bounds and the search ([`beyond`]).
pub fn analyze(story: &Story, options: &AnalysisOptions) -> Analysis {
    let graph = Explorer::new(story, options).run();
    let mut a = report(story, &graph, options);
    if !a.complete {
        beyond::settle(story, &mut a, options.find_seeds);
    }
    a
}

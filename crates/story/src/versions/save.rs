//! Saves that survive a restart: the seed and the choices, replayed on (possibly a newer
//! version of) the scenario, and why a run cannot resume.

use crate::play::runner::{RunError, RunState};
use crate::story::Story;
use crate::text::{Lang, quoted};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What is written to disk for "Continue": the seed and the choices replay the run exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Save {
    /// The id of the scenario the run plays.
    pub scenario: String,
    /// The run's seed ([`RunState::seed`]).
    pub seed: u64,
    /// 0-based positions among the offered choices, as in [`RunState::choices`].
    pub choices: Vec<usize>,
    /// Where the run rested, to tell whether a replay still lands there.
    pub node: String,
}

impl Save {
    /// What to save of the run `rs` of `story`.
    pub fn of(story: &Story, rs: &RunState) -> Save {
        Save {
            scenario: story.scenario.id.clone(),
            seed: rs.seed,
            choices: rs.choices.clone(),
            node: story.node_id(rs.node).to_string(),
        }
    }

    /// Replays the save on (possibly a newer version of) its scenario. Fails when the
    /// scenario no longer lets these choices be made, or they now lead elsewhere.
    pub fn restore(&self, story: &Story) -> Result<RunState, ResumeError> {
        if story.scenario.id != self.scenario {
            return Err(ResumeError::OtherScenario(story.scenario.id.clone()));
        }
        let rs = RunState::replay(story, self.seed, &self.choices).map_err(ResumeError::Replay)?;
        if story.node_id(rs.node) != self.node {
            return Err(ResumeError::Diverged {
                saved: self.node.clone(),
                now: story.node_id(rs.node).to_string(),
            });
        }
        Ok(rs)
    }
}

/// Why a saved run, or a run carried onto an edited file, cannot resume.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResumeError {
    /// The run belongs to another scenario than this one (the id of the one tried).
    OtherScenario(String),
    /// Replaying the choices got stuck or asked for a choice that is not offered.
    Replay(RunError),
    /// The choices replay, but to another place than the run rested at.
    Diverged {
        /// The node (id) the run rested at.
        saved: String,
        /// The node (id) the replay rests at now.
        now: String,
    },
    /// A node the run rests at or made a choice at is gone (its old id).
    NodeGone(String),
    /// The outcome the run ended in is gone (its id).
    OutcomeGone(String),
    /// A party the run plays, or the ledger holds balances, deficits or knowledge with, is
    /// gone (its id).
    PartyGone(String),
    /// A choice the run made (English text) has no counterpart at its node any more.
    ChoiceGone {
        /// The node (old id) it was made at.
        node: String,
        /// The choice's English text.
        choice: String,
    },
    /// The reactions of a node the run passed changed so that the one taken is unknown.
    ReactionsChanged(String),
    /// The choices of a node the run passed changed, and the run's choices no longer
    /// replay to its place.
    ChoicesChanged(String),
    /// A choice the run made is not offered when its choices are replayed.
    NotOffered {
        /// The node (id) the replay reached.
        node: String,
        /// The choice's English text.
        choice: String,
    },
    /// The run rests at this node, which offers no choice any more.
    NothingOffered(String),
}

impl ResumeError {
    /// Why the run cannot resume, in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (ResumeError::OtherScenario(id), Lang::En) => {
                format!("the save belongs to another scenario than `{id}`")
            }
            (ResumeError::OtherScenario(id), Lang::Nl) => {
                format!("het opgeslagen spel hoort bij een ander scenario dan `{id}`")
            }
            (ResumeError::Replay(e), Lang::En) => {
                format!("the saved choices no longer replay: {}", e.describe(lang))
            }
            (ResumeError::Replay(e), Lang::Nl) => format!(
                "de opgeslagen keuzes zijn niet meer na te spelen: {}",
                e.describe(lang)
            ),
            (ResumeError::Diverged { saved, now }, Lang::En) => {
                format!("the saved choices now lead to `{now}` instead of `{saved}`")
            }
            (ResumeError::Diverged { saved, now }, Lang::Nl) => {
                format!("de opgeslagen keuzes leiden nu naar `{now}` in plaats van `{saved}`")
            }
            (ResumeError::NodeGone(id), Lang::En) => format!("the node `{id}` is gone"),
            (ResumeError::NodeGone(id), Lang::Nl) => {
                format!("het knooppunt `{id}` bestaat niet meer")
            }
            (ResumeError::OutcomeGone(id), Lang::En) => {
                format!("the outcome `{id}` the run ended in is gone")
            }
            (ResumeError::OutcomeGone(id), Lang::Nl) => {
                format!("de uitkomst `{id}` waarop het spel eindigde bestaat niet meer")
            }
            (ResumeError::PartyGone(id), Lang::En) => {
                format!("the party `{id}` is gone but the ledger still holds its balances")
            }
            (ResumeError::PartyGone(id), Lang::Nl) => format!(
                "de partij `{id}` bestaat niet meer, maar het grootboek heeft nog balansen met haar"
            ),
            (ResumeError::ChoiceGone { node, choice }, Lang::En) => {
                format!("the choice {} made at `{node}` is gone", quoted(choice))
            }
            (ResumeError::ChoiceGone { node, choice }, Lang::Nl) => {
                format!("de keuze {} bij `{node}` bestaat niet meer", quoted(choice))
            }
            (ResumeError::ReactionsChanged(node), Lang::En) => {
                format!("the reactions at `{node}` changed")
            }
            (ResumeError::ReactionsChanged(node), Lang::Nl) => {
                format!("de reacties bij `{node}` zijn veranderd")
            }
            (ResumeError::ChoicesChanged(node), Lang::En) => {
                format!("the choices at `{node}` changed and the choices made no longer lead here")
            }
            (ResumeError::ChoicesChanged(node), Lang::Nl) => format!(
                "de keuzes bij `{node}` zijn veranderd en de gemaakte keuzes leiden niet meer hierheen"
            ),
            (ResumeError::NotOffered { node, choice }, Lang::En) => {
                format!(
                    "the choice {} is no longer offered at `{node}`",
                    quoted(choice)
                )
            }
            (ResumeError::NotOffered { node, choice }, Lang::Nl) => format!(
                "de keuze {} wordt bij `{node}` niet meer aangeboden",
                quoted(choice)
            ),
            (ResumeError::NothingOffered(node), Lang::En) => {
                format!("no choice is offered at `{node}` any more")
            }
            (ResumeError::NothingOffered(node), Lang::Nl) => {
                format!("bij `{node}` is geen keuze meer te maken")
            }
        }
    }
}

impl fmt::Display for ResumeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

impl std::error::Error for ResumeError {}

//! Keeping a player's place across changes to a scenario: saves that survive a restart, and
//! rebasing a run onto an edited version of its scenario (hot reload).

use crate::story::ledger::{Bits, Cause, Change, Entry, Rule, State};
use crate::story::model::{N, P, Story};
use crate::story::runner::{Beat, RunError, RunState};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What is written to disk for "Continue": the seed and the choices replay the run exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Save {
    pub scenario: String,
    pub seed: u64,
    /// 0-based positions among the offered choices, as in [`RunState::choices`].
    pub choices: Vec<usize>,
    /// Where the run rested, to tell whether a replay still lands there.
    pub node: String,
}

impl Save {
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResumeError {
    OtherScenario(String),
    Replay(RunError),
    Diverged { saved: String, now: String },
    NodeGone(String),
    PartyGone(String),
}

impl fmt::Display for ResumeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResumeError::OtherScenario(id) => {
                write!(f, "the save belongs to another scenario than `{id}`")
            }
            ResumeError::Replay(e) => write!(f, "the saved choices no longer replay: {e}"),
            ResumeError::Diverged { saved, now } => {
                write!(
                    f,
                    "the saved choices now lead to `{now}` instead of `{saved}`"
                )
            }
            ResumeError::NodeGone(id) => write!(f, "the node `{id}` is gone"),
            ResumeError::PartyGone(id) => write!(
                f,
                "the party `{id}` is gone but the ledger still holds its balances"
            ),
        }
    }
}

impl std::error::Error for ResumeError {}

/// Moves a run from `old` to `new` (an edited version of the same scenario) keeping the
/// player's place: the same node, ledger, flags and history, matched by id. Used by hot
/// reload, where replaying could land elsewhere once effects were edited.
pub fn rebase(old: &Story, new: &Story, rs: &RunState) -> Result<RunState, ResumeError> {
    let party_map: Vec<Option<P>> = old.parties.iter().map(|p| new.party(&p.id)).collect();
    let node_map: Vec<Option<N>> = old.nodes.iter().map(|n| new.node(&n.id)).collect();
    let outcome_map: Vec<Option<usize>> = old.outcomes.iter().map(|o| new.outcome(&o.id)).collect();
    let flag_map: Vec<Option<usize>> = old
        .flags
        .iter()
        .map(|f| new.flags.iter().position(|g| g == f))
        .collect();

    let node =
        node_map[rs.node].ok_or_else(|| ResumeError::NodeGone(old.node_id(rs.node).to_string()))?;
    let player = party_map[rs.player]
        .ok_or_else(|| ResumeError::PartyGone(old.parties[rs.player].id.clone()))?;
    let ledger = rs
        .state
        .ledger
        .remap(&party_map, new.parties.len())
        .map_err(|p| ResumeError::PartyGone(old.parties[p].id.clone()))?;
    let mut flags = Bits::default();
    for (f, g) in flag_map.iter().enumerate() {
        if let Some(g) = g
            && rs.state.flags.get(f)
        {
            flags.set(*g, true);
        }
    }
    let mut visited = Bits::default();
    for beat in &rs.transcript {
        if let Beat::Line { node } = beat
            && let Some(n) = node_map[*node]
            && let Some(w) = new.nodes[n].watch
        {
            visited.set(w, true);
        }
    }
    // History is kept where it still names things that exist; it is for the reflection.
    let entries = rs
        .entries
        .iter()
        .filter_map(|e| remap_entry(e, &party_map, &node_map, &outcome_map, &flag_map))
        .collect();
    let transcript = rs
        .transcript
        .iter()
        .filter_map(|b| {
            Some(match *b {
                Beat::Line { node } => Beat::Line {
                    node: node_map[node]?,
                },
                Beat::Chose { node, choice } => Beat::Chose {
                    node: node_map[node]?,
                    choice,
                },
                Beat::Reacted {
                    node,
                    reaction,
                    chance,
                } => Beat::Reacted {
                    node: node_map[node]?,
                    reaction,
                    chance,
                },
                Beat::Ended { outcome } => Beat::Ended {
                    outcome: outcome_map[outcome]?,
                },
            })
        })
        .collect();
    let outcome = match rs.outcome {
        Some(o) => {
            Some(outcome_map[o].ok_or_else(|| ResumeError::NodeGone(old.outcomes[o].id.clone()))?)
        }
        None => None,
    };
    Ok(RunState {
        seed: rs.seed,
        draws: rs.draws,
        node,
        player,
        state: State {
            ledger,
            flags,
            visited,
        },
        entries,
        transcript,
        choices: rs.choices.clone(),
        outcome,
    })
}

fn remap_entry(
    e: &Entry,
    parties: &[Option<P>],
    nodes: &[Option<N>],
    outcomes: &[Option<usize>],
    flags: &[Option<usize>],
) -> Option<Entry> {
    let p = |x: P| parties[x];
    let change = match e.change {
        Change::Transfer {
            from,
            to,
            layer,
            amount,
        } => Change::Transfer {
            from: p(from)?,
            to: p(to)?,
            layer,
            amount,
        },
        Change::Felt { who, toward, delta } => Change::Felt {
            who: p(who)?,
            toward: p(toward)?,
            delta,
        },
        Change::Learn { who, holder, with } => Change::Learn {
            who: p(who)?,
            holder: p(holder)?,
            with: p(with)?,
        },
        Change::Flag { flag, on } => Change::Flag {
            flag: flags[flag]?,
            on,
        },
    };
    let cause = match e.cause {
        Cause::History => Cause::History,
        Cause::Enter { node } => Cause::Enter { node: nodes[node]? },
        Cause::Choice { node, choice } => Cause::Choice {
            node: nodes[node]?,
            choice,
        },
        Cause::Reaction { node, reaction } => Cause::Reaction {
            node: nodes[node]?,
            reaction,
        },
        Cause::Outcome { outcome } => Cause::Outcome {
            outcome: outcomes[outcome]?,
        },
    };
    let rule = match &e.rule {
        Rule::CallingCard { org, weight } => Rule::CallingCard {
            org: p(*org)?,
            weight: *weight,
        },
        other => other.clone(),
    };
    Some(Entry {
        change,
        rule,
        cause,
        step: e.step,
        note: e.note.clone(),
        why: e.why.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::check_str;

    fn quote() -> (String, Story) {
        let src = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/quote_dispute.ron"
        ))
        .unwrap();
        let story = check_str(&src).story.unwrap();
        (src, story)
    }

    #[test]
    fn a_save_restores_the_same_run() {
        let (_, story) = quote();
        let rs = RunState::replay(&story, 3, &[0, 2, 0]).unwrap();
        let save = Save::of(&story, &rs);
        let json = serde_json::to_string(&save).unwrap();
        let back: Save = serde_json::from_str(&json).unwrap();
        assert_eq!(back.restore(&story).unwrap(), rs);
    }

    #[test]
    fn rebase_keeps_the_place_after_an_edit() {
        let (src, old) = quote();
        let rs = RunState::replay(&old, 0, &[0, 1]).unwrap();
        assert_eq!(old.node_id(rs.node), "erik_opens");
        // The author rewrites a line, adds a party up front and a node before the current one.
        let edited = src
            .replace("Walk me through it.", "Talk me through it.")
            .replacen(
                "parties: [",
                "parties: [\n        Party(id: \"mira\", name: (en: \"Mira\", nl: \"Mira\"), role: (en: \"r\", nl: \"r\")),",
                1,
            )
            .replacen(
                "nodes: [",
                "nodes: [\n        Node(id: \"prologue\", text: (en: \"Before.\", nl: \"Ervoor.\"), then: Goto(\"evening\")),",
                1,
            );
        let new = check_str(&edited).story.expect("the edit checks");
        let moved = rebase(&old, &new, &rs).unwrap();
        assert_eq!(new.node_id(moved.node), "erik_opens");
        let (b, e) = (new.party("bernard").unwrap(), new.party("erik").unwrap());
        assert_eq!(
            moved.state.ledger.credit_total(b, e),
            rs.state
                .ledger
                .credit_total(old.party("bernard").unwrap(), old.party("erik").unwrap())
        );
        assert_eq!(moved.entries.len(), rs.entries.len());
        assert_eq!(
            State::replay(new.parties.len(), &moved.entries).ledger,
            moved.state.ledger
        );
        // It plays on from there.
        let mut moved = moved;
        moved.choose(&new, 0).unwrap();
    }

    #[test]
    fn rebase_refuses_when_the_node_is_gone() {
        let (src, old) = quote();
        let rs = RunState::replay(&old, 0, &[0, 1]).unwrap();
        let edited = src.replace("\"erik_opens\"", "\"erik_begins\"");
        let new = check_str(&edited).story.expect("the edit checks");
        assert_eq!(
            rebase(&old, &new, &rs),
            Err(ResumeError::NodeGone("erik_opens".into()))
        );
    }
}

//! Carrying a run from one version of its scenario to an edited one (hot reload): the same
//! place, ledger and history, with the choices made found again by their text.

use crate::format::scenario::Then;
use crate::ids::{ChoiceId, FlagId, Id, IdVec, NodeId, OutcomeId, PartyId, ReactionId};
use crate::play::ledger::{Bits, Cause, Entry, LedgerChange, Rule, State};
use crate::play::rules::Why;
use crate::play::runner::{Beat, RunState};
use crate::story::Story;
use crate::text::Lang;
use crate::versions::matching::{match_choices, match_reactions};
use crate::versions::save::ResumeError;

/// Where the choices and reactions of each node of an old version went in a new one.
struct NodeMaps {
    /// Per old node: its choices' new indices (as written), `None` where one is gone.
    choices: IdVec<NodeId, Vec<Option<ChoiceId>>>,
    /// Per old node: its reactions' new indices.
    reactions: IdVec<NodeId, Vec<Option<ReactionId>>>,
    /// Per old choice node: a choice made there by position (among those offered) may now
    /// mean another one: the node is gone or its choices were added, removed, reordered or
    /// given other conditions.
    shifted: IdVec<NodeId, bool>,
}

impl NodeMaps {
    fn new(old: &Story, new: &Story, node_map: &IdVec<NodeId, Option<NodeId>>) -> NodeMaps {
        let mut maps = NodeMaps {
            choices: IdVec::new(),
            reactions: IdVec::new(),
            shifted: IdVec::new(),
        };
        for (i, n) in old.nodes.ids().zip(&old.scenario.nodes) {
            let then = node_map[i].map(|m| &new.scenario.nodes[m.index()].then);
            let (choices, shifted) = match (&n.then, then) {
                (Then::Choices(a), Some(Then::Choices(b))) => {
                    let map = match_choices(a, b);
                    let same = a.len() == b.len()
                        && map.iter().enumerate().all(|(i, j)| *j == Some(i))
                        && a.iter().zip(b).all(|(c, d)| c.when == d.when);
                    (map, !same)
                }
                (Then::Choices(a), _) => (vec![None; a.len()], true),
                _ => (Vec::new(), false),
            };
            let reactions = match (&n.then, then) {
                (Then::React(a), Some(Then::React(b))) => match_reactions(a, b),
                _ => Vec::new(),
            };
            maps.choices.push(ids(choices));
            maps.reactions.push(ids(reactions));
            maps.shifted.push(shifted);
        }
        maps
    }

    fn choice(&self, node: NodeId, choice: ChoiceId) -> Option<ChoiceId> {
        self.choices[node].get(choice.index()).copied().flatten()
    }

    fn reaction(&self, node: NodeId, reaction: ReactionId) -> Option<ReactionId> {
        self.reactions[node]
            .get(reaction.index())
            .copied()
            .flatten()
    }
}

/// Positions as typed ids.
fn ids<I: Id>(map: Vec<Option<usize>>) -> Vec<Option<I>> {
    map.into_iter().map(|j| j.map(I::from_index)).collect()
}

/// The English text of a choice as written, for messages.
fn choice_en(story: &Story, node: NodeId, choice: ChoiceId) -> String {
    story
        .choice_text(node, choice)
        .map_or_else(String::new, |t| t.get(Lang::En).to_string())
}

/// The run's choices as the new version writes them (indices into each node's choices),
/// in the order they were made.
fn picks_onto(
    old: &Story,
    rs: &RunState,
    node_map: &IdVec<NodeId, Option<NodeId>>,
    maps: &NodeMaps,
) -> Result<Vec<ChoiceId>, ResumeError> {
    rs.transcript
        .iter()
        .filter_map(|b| match *b {
            Beat::Chose { node, choice } => Some((node, choice)),
            _ => None,
        })
        .map(|(node, choice)| {
            let id = old.node_id(node).to_string();
            node_map[node].ok_or_else(|| ResumeError::NodeGone(id.clone()))?;
            maps.choice(node, choice)
                .ok_or_else(|| ResumeError::ChoiceGone {
                    node: id,
                    choice: choice_en(old, node, choice),
                })
        })
        .collect()
}

/// Plays choices given as written (not as positions among those offered) from the start.
fn replay_written(story: &Story, seed: u64, picks: &[ChoiceId]) -> Result<RunState, ResumeError> {
    let mut rs = RunState::new(story, seed).map_err(ResumeError::Replay)?;
    for &pick in picks {
        let Some(shown) = rs.offered(story).iter().position(|o| o.index == pick) else {
            return Err(ResumeError::NotOffered {
                node: story.node_id(rs.node).to_string(),
                choice: choice_en(story, rs.node, pick),
            });
        };
        rs.choose(story, shown).map_err(ResumeError::Replay)?;
    }
    Ok(rs)
}

/// Replays the run's choices on `new`, each choice found again by its text (so choices
/// the author added or reordered do not change what the player picked). Fails when a
/// choice is gone or no longer offered, or the replay rests somewhere else.
pub fn replay_onto(old: &Story, new: &Story, rs: &RunState) -> Result<RunState, ResumeError> {
    if old.scenario.id != new.scenario.id {
        return Err(ResumeError::OtherScenario(new.scenario.id.clone()));
    }
    let node_map: IdVec<NodeId, Option<NodeId>> =
        old.nodes.iter().map(|n| new.node(&n.id)).collect();
    let maps = NodeMaps::new(old, new, &node_map);
    let picks = picks_onto(old, rs, &node_map, &maps)?;
    let replayed = replay_written(new, rs.seed, &picks)?;
    let (saved, now) = (old.node_id(rs.node), new.node_id(replayed.node));
    if saved != now {
        return Err(ResumeError::Diverged {
            saved: saved.to_string(),
            now: now.to_string(),
        });
    }
    Ok(replayed)
}

/// Moves a run from `old` to `new` (an edited version of the same scenario) keeping the
/// player's place: the same node, ledger, flags and history, matched by id. Used by hot
/// reload, where replaying could land elsewhere once effects were edited. The choices made
/// are found again by their text: when the author reordered or added choices at a node the
/// run passed, the history names the same choices and [`RunState::choices`] replays them;
/// when that cannot be worked out, it fails rather than keep picks that now mean others.
pub fn rebase(old: &Story, new: &Story, rs: &RunState) -> Result<RunState, ResumeError> {
    let party_map: IdVec<PartyId, Option<PartyId>> =
        old.parties.iter().map(|p| new.party(&p.id)).collect();
    let node_map: IdVec<NodeId, Option<NodeId>> =
        old.nodes.iter().map(|n| new.node(&n.id)).collect();
    let outcome_map: IdVec<OutcomeId, Option<OutcomeId>> =
        old.outcomes.iter().map(|o| new.outcome(&o.id)).collect();
    let flag_map: IdVec<FlagId, Option<FlagId>> = old
        .flags
        .iter()
        .map(|f| new.flags.position(|g| g == f))
        .collect();
    let maps = NodeMaps::new(old, new, &node_map);

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
    for (f, g) in flag_map.iter_enumerated() {
        if let Some(g) = g
            && rs.state.flags.get(f.index())
        {
            flags.set(g.index(), true);
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
    // The choices made, found again in the new version; positions among those offered are
    // worked out again by replaying them when a node's choices shifted.
    let picks = picks_onto(old, rs, &node_map, &maps)?;
    let shifted = rs.transcript.iter().find_map(|b| match *b {
        Beat::Chose { node, .. } if maps.shifted[node] => Some(old.node_id(node)),
        _ => None,
    });
    let choices = match shifted {
        None => rs.choices.clone(),
        Some(at) => match replay_written(new, rs.seed, &picks) {
            Ok(r) if r.node == node && r.choices.len() == rs.choices.len() => r.choices,
            _ => return Err(ResumeError::ChoicesChanged(at.to_string())),
        },
    };
    for beat in &rs.transcript {
        if let Beat::Reacted { node, reaction, .. } = *beat
            && node_map[node].is_some()
            && maps.reaction(node, reaction).is_none()
        {
            return Err(ResumeError::ReactionsChanged(old.node_id(node).to_string()));
        }
    }
    // History is kept where it still names things that exist; it is for the reflection.
    let entries = rs
        .entries
        .iter()
        .filter_map(|e| remap_entry(old, e, &party_map, &node_map, &flag_map, &maps))
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
                    choice: maps.choice(node, choice)?,
                },
                Beat::Reacted {
                    node,
                    reaction,
                    chance,
                } => Beat::Reacted {
                    node: node_map[node]?,
                    reaction: maps.reaction(node, reaction)?,
                    chance,
                },
                Beat::Ended { outcome } => Beat::Ended {
                    outcome: outcome_map[outcome]?,
                },
            })
        })
        .collect();
    let outcome = match rs.outcome {
        Some(o) => Some(
            outcome_map[o].ok_or_else(|| ResumeError::OutcomeGone(old.outcomes[o].id.clone()))?,
        ),
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
        choices,
        outcome,
    })
}

fn remap_entry(
    old: &Story,
    e: &Entry,
    parties: &IdVec<PartyId, Option<PartyId>>,
    nodes: &IdVec<NodeId, Option<NodeId>>,
    flags: &IdVec<FlagId, Option<FlagId>>,
    maps: &NodeMaps,
) -> Option<Entry> {
    let p = |x: PartyId| parties[x];
    let change = match e.change {
        LedgerChange::Transfer {
            from,
            to,
            layer,
            amount,
            giver_counts,
            receiver_counts,
        } => LedgerChange::Transfer {
            from: p(from)?,
            to: p(to)?,
            layer,
            amount,
            giver_counts,
            receiver_counts,
        },
        LedgerChange::Perceive {
            who,
            with,
            layer,
            delta,
        } => LedgerChange::Perceive {
            who: p(who)?,
            with: p(with)?,
            layer,
            delta,
        },
        LedgerChange::Felt { who, toward, delta } => LedgerChange::Felt {
            who: p(who)?,
            toward: p(toward)?,
            delta,
        },
        LedgerChange::Learn { who, holder, with } => LedgerChange::Learn {
            who: p(who)?,
            holder: p(holder)?,
            with: p(with)?,
        },
        LedgerChange::Flag { flag, on } => LedgerChange::Flag {
            flag: flags[flag]?,
            on,
        },
    };
    let cause = match e.cause {
        Cause::History => Cause::History,
        Cause::Enter { node } => Cause::Enter { node: nodes[node]? },
        Cause::Choice { node, choice } => Cause::Choice {
            node: nodes[node]?,
            choice: maps.choice(node, choice)?,
        },
        Cause::Reaction { node, reaction } => Cause::Reaction {
            node: nodes[node]?,
            reaction: maps.reaction(node, reaction)?,
        },
    };
    let rule = match &e.rule {
        Rule::CallingCard { org, weight } => Rule::CallingCard {
            org: p(*org)?,
            weight: *weight,
        },
        Rule::Expense { org } => Rule::Expense { org: p(*org)? },
        other => other.clone(),
    };
    Some(Entry {
        change,
        rule,
        cause,
        step: e.step,
        note: e.note.clone(),
        // Put into words with the version it was made in: its parties may be gone.
        why: Why::Said(e.why.text(old)),
    })
}

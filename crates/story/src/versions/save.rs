//! Keeping a player's place across changes to a scenario: saves that survive a restart, and
//! rebasing a run onto an edited version of its scenario (hot reload).

use crate::format::scenario::{Choice, Reaction, Then};
use crate::ids::{ChoiceId, FlagId, Id, IdVec, NodeId, OutcomeId, PartyId, ReactionId};
use crate::play::ledger::{Bits, Cause, Entry, LedgerChange, Rule, State};
use crate::play::runner::{Beat, RunError, RunState};
use crate::story::Story;
use crate::text::{Lang, quoted};
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
    Diverged {
        saved: String,
        now: String,
    },
    NodeGone(String),
    OutcomeGone(String),
    PartyGone(String),
    /// A choice the run made (English text) has no counterpart at its node any more.
    ChoiceGone {
        node: String,
        choice: String,
    },
    /// The reactions of a node the run passed changed so that the one taken is unknown.
    ReactionsChanged(String),
    /// The choices of a node the run passed changed, and the run's choices no longer
    /// replay to its place.
    ChoicesChanged(String),
    /// A choice the run made is not offered when its choices are replayed.
    NotOffered {
        node: String,
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

/// The new index of each old choice: the choice with the same English text; the choices
/// whose text was rewritten pair up in order when as many went as came.
fn match_choices(old: &[Choice], new: &[Choice]) -> Vec<Option<usize>> {
    let en = |c: &Choice| c.text.get(Lang::En).trim().to_string();
    let mut taken = vec![false; new.len()];
    let mut map = vec![None; old.len()];
    for (i, c) in old.iter().enumerate() {
        if let Some(j) = (0..new.len()).find(|&j| !taken[j] && en(&new[j]) == en(c)) {
            taken[j] = true;
            map[i] = Some(j);
        }
    }
    let left_old: Vec<usize> = (0..old.len()).filter(|&i| map[i].is_none()).collect();
    let left_new: Vec<usize> = (0..new.len()).filter(|&j| !taken[j]).collect();
    if left_old.len() == left_new.len() {
        for (i, j) in left_old.into_iter().zip(left_new) {
            map[i] = Some(j);
        }
    }
    map
}

/// The new index of each old reaction (reactions have no text): the same position while
/// their number is unchanged, else the one reaction leading to the same node.
fn match_reactions(old: &[Reaction], new: &[Reaction]) -> Vec<Option<usize>> {
    if old.len() == new.len() {
        return (0..old.len()).map(Some).collect();
    }
    old.iter()
        .map(|r| {
            let to = |rs: &[Reaction]| -> Vec<usize> {
                (0..rs.len()).filter(|&j| rs[j].next == r.next).collect()
            };
            match (to(old).len(), to(new).as_slice()) {
                (1, &[j]) => Some(j),
                _ => None,
            }
        })
        .collect()
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
        .filter_map(|e| remap_entry(e, &party_map, &node_map, &flag_map, &maps))
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
        } => LedgerChange::Transfer {
            from: p(from)?,
            to: p(to)?,
            layer,
            amount,
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
    use crate::check_str;

    fn quote() -> (String, Story) {
        let src = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scenarios/quote_dispute.ron"
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

    /// The quote dispute with the first two choices at `jort_at_door` swapped.
    fn swapped_first_choices(src: &str) -> String {
        let first = src.find("“Good lad.").unwrap();
        let second = src.find("“Pull up a chair.").unwrap();
        let third = src.find("“Harry and I don't do paperwork").unwrap();
        let start = |at: usize| src[..at].rfind("Choice(").unwrap();
        let (a, b, c) = (start(first), start(second), start(third));
        format!("{}{}{}{}", &src[..a], &src[b..c], &src[a..b], &src[c..])
    }

    #[test]
    fn rebase_follows_reordered_choices() {
        let (src, old) = quote();
        // "Pull up a chair" (second), then the first choice at the car park.
        let rs = RunState::replay(&old, 0, &[1, 0]).unwrap();
        let new = check_str(&swapped_first_choices(&src))
            .story
            .expect("the edit checks");
        let chair =
            |story: &Story, run: &RunState| match run.transcript.iter().find_map(|b| match *b {
                Beat::Chose { node, choice } => Some((node, choice)),
                _ => None,
            }) {
                Some((node, choice)) => story
                    .choice_text(node, choice)
                    .unwrap()
                    .get(Lang::En)
                    .to_string(),
                None => String::new(),
            };
        assert!(chair(&old, &rs).contains("Pull up a chair"));
        // Replaying the positions would now pick "Good lad".
        let naive = RunState::replay(&new, 0, &rs.choices).unwrap();
        assert!(chair(&new, &naive).contains("Good lad"));

        let moved = rebase(&old, &new, &rs).unwrap();
        assert_eq!(new.node_id(moved.node), old.node_id(rs.node));
        assert!(chair(&new, &moved).contains("Pull up a chair"));
        assert_eq!(moved.choices, vec![0, 0]);
        assert!(moved.entries.iter().any(|e| matches!(
            e.cause,
            Cause::Choice { choice, node } if choice.index() == 0 && new.node_id(node) == "jort_at_door"
        )));
        // The save made of it replays the same picks.
        let again = Save::of(&new, &moved).restore(&new).unwrap();
        assert_eq!(again.transcript, moved.transcript);
        assert_eq!(
            replay_onto(&old, &new, &rs).unwrap().transcript,
            moved.transcript
        );
    }

    #[test]
    fn rebase_refuses_when_a_choice_made_is_gone() {
        let (src, old) = quote();
        let rs = RunState::replay(&old, 0, &[1, 0]).unwrap();
        // "Pull up a chair" removed; "Good lad" now leads where it did.
        let start = |text: &str| src[..src.find(text).unwrap()].rfind("Choice(").unwrap();
        let (first, chair, third) = (
            start("“Good lad."),
            start("“Pull up a chair."),
            start("“Harry and I don't do paperwork"),
        );
        let good_lad =
            src[first..chair].replacen("next: \"car_park\"", "next: \"reading_together\"", 1);
        let without = format!("{}{good_lad}{}", &src[..first], &src[third..]);
        let new = check_str(&without).story.expect("the edit checks");
        let err = rebase(&old, &new, &rs).unwrap_err();
        assert!(
            matches!(&err, ResumeError::ChoiceGone { node, choice }
                if node == "jort_at_door" && choice.contains("Pull up a chair")),
            "{err:?}"
        );
        assert!(err.describe(Lang::Nl).starts_with("de keuze “"));
    }

    #[test]
    fn a_removed_outcome_is_named_as_an_outcome() {
        let (src, old) = quote();
        let mut rs = RunState::replay(&old, 0, &[0]).unwrap();
        while !rs.ended() {
            rs.choose(&old, 0).unwrap();
        }
        let id = old.outcomes[rs.outcome.unwrap()].id.clone();
        let new = check_str(&src.replace(&format!("\"{id}\""), "\"renamed_outcome\""))
            .story
            .expect("the edit checks");
        assert_eq!(
            rebase(&old, &new, &rs),
            Err(ResumeError::OutcomeGone(id.clone()))
        );
        assert!(
            ResumeError::OutcomeGone(id)
                .describe(Lang::Nl)
                .starts_with("de uitkomst")
        );
    }
}

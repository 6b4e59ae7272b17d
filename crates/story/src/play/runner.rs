//! Playing a scenario: presents lines and choices, applies the player's choice, draws the
//! other parties' reactions (seeded, reproducible on every platform) and reaches an outcome.
//!
//! [`RunState`] holds everything about a run and serialises, so a run can be saved,
//! rolled back or resumed.

use crate::compiled::{self};
use crate::format::scenario::Move;
use crate::ids::{ChoiceId, NodeId, OutcomeId, PartyId, ReactionId};
use crate::play::cond;
use crate::play::ledger::{Cause, Entry, State};
use crate::play::rules;
use crate::story::Story;
use crate::text::Lang;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What the player saw or did, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Beat {
    /// The line of a node (its speaker and text; a scene heading when it has one).
    Line {
        /// The node entered.
        node: NodeId,
    },
    /// The player picked the choice `choice` (index as written) of `node`.
    Chose {
        /// The choice node.
        node: NodeId,
        /// The choice, by its place in the file (not among those shown).
        choice: ChoiceId,
    },
    /// A reaction was taken at `node`; `chance` in thousandths when it was drawn.
    Reacted {
        /// The react node.
        node: NodeId,
        /// The reaction, by its place in the file.
        reaction: ReactionId,
        /// Its chance in thousandths when it was drawn by weight; `None` when it was the
        /// first that applied.
        chance: Option<u32>,
    },
    /// The story ended.
    Ended {
        /// The outcome it ended in.
        outcome: OutcomeId,
    },
}

/// One run of a story: where it rests, the hidden state, and everything that happened on
/// the way. The seed and the choices reproduce it ([`RunState::replay`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunState {
    /// The seed every weighted reaction is drawn from.
    pub seed: u64,
    /// How many random draws were made; each draw uses its own ChaCha stream.
    pub draws: u64,
    /// The node the run rests at (a choice node, or the last node when ended).
    pub node: NodeId,
    /// The party the player plays right now.
    pub player: PartyId,
    /// The ledger, flags and visited nodes now.
    pub state: State,
    /// Every change of the ledger and flags so far, the history's first, each with its
    /// rule and cause.
    pub entries: Vec<Entry>,
    /// What the player saw and did, in order.
    pub transcript: Vec<Beat>,
    /// The choices made so far, as 0-based positions among those offered.
    pub choices: Vec<usize>,
    /// The outcome the run ended in; `None` while it goes on.
    pub outcome: Option<OutcomeId>,
}

/// A choice the player can make now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offered {
    /// The choice as written in the file.
    pub index: ChoiceId,
}

/// Why a run cannot go on: the story got stuck, or the player asked for what is not there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunError {
    /// Too many nodes passed without a choice: the story loops by itself.
    Loop {
        /// The node (id) the loop was last at.
        node: String,
    },
    /// An `End` where no outcome's condition holds.
    NoOutcome {
        /// The node (id) of the `End`.
        node: String,
    },
    /// No reaction applies (all conditions false or all weights zero).
    NoReaction {
        /// The react node (id).
        node: String,
    },
    /// A choice node where no choice is available.
    NoChoice {
        /// The choice node (id).
        node: String,
    },
    /// The player asked for a choice that is not offered.
    BadChoice {
        /// The node (id) the run rests at.
        node: String,
        /// The position asked for, from 0.
        requested: usize,
        /// How many choices are on offer.
        offered: usize,
    },
    /// The story has ended.
    Ended,
}

impl RunError {
    /// Why the run stopped, in the player's language.
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (RunError::Loop { node }, Lang::En) => format!(
                "the story went round in a loop without a player choice (last at node `{node}`)"
            ),
            (RunError::Loop { node }, Lang::Nl) => format!(
                "het verhaal draait rond zonder dat de speler kiest (het laatst bij `{node}`)"
            ),
            (RunError::NoOutcome { node }, Lang::En) => {
                format!("at node `{node}` the story ends, but no outcome's condition holds")
            }
            (RunError::NoOutcome { node }, Lang::Nl) => {
                format!("bij `{node}` eindigt het verhaal, maar geen enkele uitkomst past")
            }
            (RunError::NoReaction { node }, Lang::En) => {
                format!("at node `{node}` no reaction applies")
            }
            (RunError::NoReaction { node }, Lang::Nl) => {
                format!("bij `{node}` past geen enkele reactie")
            }
            (RunError::NoChoice { node }, Lang::En) => {
                format!("at node `{node}` no choice is available")
            }
            (RunError::NoChoice { node }, Lang::Nl) => {
                format!("bij `{node}` is geen keuze te maken")
            }
            (
                RunError::BadChoice {
                    node,
                    requested,
                    offered,
                },
                Lang::En,
            ) => format!(
                "choice {} was asked for at node `{node}`, but it offers {offered}",
                requested + 1
            ),
            (
                RunError::BadChoice {
                    node,
                    requested,
                    offered,
                },
                Lang::Nl,
            ) => format!(
                "keuze {} werd gevraagd bij `{node}`, maar er zijn er {offered}",
                requested + 1
            ),
            (RunError::Ended, Lang::En) => "the story has already ended".to_string(),
            (RunError::Ended, Lang::Nl) => "het verhaal is al afgelopen".to_string(),
        }
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

impl std::error::Error for RunError {}

impl RunState {
    /// Starts a run: applies the history, then plays up to the first decision.
    pub fn new(story: &Story, seed: u64) -> Result<RunState, RunError> {
        let mut entries = Vec::new();
        let mut rs = RunState {
            seed,
            draws: 0,
            node: story.start,
            player: story.player,
            state: opening_state(story, Some(&mut entries)),
            entries,
            transcript: Vec::new(),
            choices: Vec::new(),
            outcome: None,
        };
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

    /// Whether the run has reached an outcome.
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

    /// Makes the choice at position `shown` (0-based) among those offered. Transactional:
    /// when the story gets stuck on the way to the next choice, the error is returned and
    /// the run is left exactly as it was.
    pub fn choose(&mut self, story: &Story, shown: usize) -> Result<(), RunError> {
        // The logs only grow, so their lengths undo them; the rest is small.
        let undo = (
            self.state.clone(),
            self.node,
            self.player,
            self.draws,
            self.entries.len(),
            self.transcript.len(),
            self.choices.len(),
            self.outcome,
        );
        let result = self.choose_unchecked(story, shown);
        if result.is_err() {
            let (state, node, player, draws, entries, transcript, choices, outcome) = undo;
            self.state = state;
            self.node = node;
            self.player = player;
            self.draws = draws;
            self.entries.truncate(entries);
            self.transcript.truncate(transcript);
            self.choices.truncate(choices);
            self.outcome = outcome;
        }
        result
    }

    fn choose_unchecked(&mut self, story: &Story, shown: usize) -> Result<(), RunError> {
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
        let mut log = Log {
            transcript: &mut self.transcript,
            entries: &mut self.entries,
            step: self.choices.len() as u32,
        };
        let next = take_choice(
            story,
            &mut self.state,
            self.node,
            o.index,
            self.player,
            &mut log,
        );
        self.choices.push(shown);
        self.enter(story, next)
    }

    /// Enters `node` and follows the story until the player must choose or it ends.
    fn enter(&mut self, story: &Story, mut node: NodeId) -> Result<(), RunError> {
        let mut log = Log {
            transcript: &mut self.transcript,
            entries: &mut self.entries,
            step: self.choices.len() as u32,
        };
        let (seed, draws) = (self.seed, &mut self.draws);
        let halt = advance(
            story,
            &mut self.state,
            &mut self.player,
            &mut node,
            &mut log,
            |o| {
                *draws += 1;
                draw(seed, *draws - 1, o)
            },
        );
        self.node = node;
        match halt? {
            Halt::Choose => Ok(()),
            Halt::Ended(o) => self.finish(o),
        }
    }

    fn finish(&mut self, outcome: OutcomeId) -> Result<(), RunError> {
        self.outcome = Some(outcome);
        self.transcript.push(Beat::Ended { outcome });
        Ok(())
    }
}

/// The reaction a run with `seed` draws as its draw number `stream` (from 0) among `options`,
/// by weight, from its own ChaCha8 stream: the same seed and choices give the same draws on
/// every platform.
pub(crate) fn draw(seed: u64, stream: u64, options: &[(ReactionId, u64)]) -> ReactionId {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    let total: u64 = options.iter().map(|o| o.1).sum();
    // Multiply-shift maps 64 random bits onto [0, total) without floating point.
    let mut r = ((rng.next_u64() as u128 * total as u128) >> 64) as u64;
    for &(i, w) in options {
        if r < w {
            return i;
        }
        r -= w;
    }
    options.last().map(|o| o.0).expect("at least one option")
}

// ---------------------------------------------------------------------------------------
// Stepping through the story, one node, choice or reaction at a time. A run (above) and the
// exhaustive analysis (`analysis.rs`) both walk the story with these functions, so there is
// one definition of what entering a node, a choice and a reaction do; they differ only in
// how a reaction is picked (a seeded draw, or every branch) and in what they record.
// ---------------------------------------------------------------------------------------

/// Where stepping records what happened: a run keeps its transcript and the ledger's
/// entries; the analysis keeps neither.
pub trait Record {
    /// Notes what the player saw or did.
    fn beat(&mut self, beat: Beat);
    /// The list the ledger rules append their entries to; `None` keeps none (what is not
    /// shown need not be recorded).
    fn entries(&mut self) -> Option<&mut Vec<Entry>>;
    /// How many choices the player had made, stamped on every entry.
    fn step(&self) -> u32;
}

/// A run's record: its transcript and entries.
struct Log<'a> {
    transcript: &'a mut Vec<Beat>,
    entries: &'a mut Vec<Entry>,
    step: u32,
}

impl Record for Log<'_> {
    fn beat(&mut self, beat: Beat) {
        self.transcript.push(beat);
    }
    fn entries(&mut self) -> Option<&mut Vec<Entry>> {
        Some(self.entries)
    }
    fn step(&self) -> u32 {
        self.step
    }
}

/// A record that keeps nothing: what the analysis walks with.
pub(crate) struct Discard;

impl Record for Discard {
    fn beat(&mut self, _: Beat) {}
    fn entries(&mut self) -> Option<&mut Vec<Entry>> {
        None
    }
    fn step(&self) -> u32 {
        0
    }
}

/// The state before the first line: the scenario's history applied to an empty ledger, its
/// entries appended to `entries` if given.
pub fn opening_state(story: &Story, mut entries: Option<&mut Vec<Entry>>) -> State {
    let mut state = State::new(story.parties.len());
    for e in &story.history {
        rules::apply(
            story,
            &mut state,
            e,
            Cause::History,
            0,
            entries.as_deref_mut(),
        );
    }
    state
}

/// What follows once a node has been entered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    /// A choice node with at least one choice on offer: the player decides.
    Choose,
    /// The story continues at this node.
    Goto(NodeId),
    /// This reaction applies (the first whose condition holds).
    Reaction(ReactionId),
    /// A weighted draw among these reactions (index, positive weight).
    Draw(Vec<(ReactionId, u64)>),
    /// The story ends in this outcome.
    Ended(OutcomeId),
}

/// Where [`advance`] stopped.
pub(crate) enum Halt {
    /// The player must choose at the node it stopped at.
    Choose,
    /// The story ended in this outcome.
    Ended(OutcomeId),
}

/// Follows the story from `node` — entering nodes, following `Goto`s, taking reactions —
/// until the player must choose or it ends; `pick` makes each weighted draw. `node` is left at
/// the node it stopped at. The one walk a recorded run and a light [`Walk`]
/// (crate::play::walk::Walk) share; a story that loops without a choice fails with
/// [`RunError::Loop`] instead of hanging.
pub(crate) fn advance(
    story: &Story,
    state: &mut State,
    player: &mut PartyId,
    node: &mut NodeId,
    rec: &mut impl Record,
    mut pick: impl FnMut(&[(ReactionId, u64)]) -> ReactionId,
) -> Result<Halt, RunError> {
    // Without a choice no node can be entered twice unless the story loops by itself.
    let mut budget = story.nodes.len() + 1;
    loop {
        if budget == 0 {
            return Err(RunError::Loop {
                node: story.node_id(*node).to_string(),
            });
        }
        budget -= 1;
        let (reaction, chance) = match enter_node(story, state, player, *node, rec)? {
            Next::Choose => return Ok(Halt::Choose),
            Next::Ended(o) => return Ok(Halt::Ended(o)),
            Next::Goto(next) => {
                *node = next;
                continue;
            }
            Next::Reaction(r) => (r, None),
            Next::Draw(options) => {
                let r = pick(&options);
                let total: u64 = options.iter().map(|o| o.1).sum();
                let w = options.iter().find(|o| o.0 == r).map_or(0, |o| o.1);
                (r, Some((w * 1000 / total.max(1)) as u32))
            }
        };
        *node = take_reaction(story, state, *node, reaction, chance, rec);
    }
}

/// Enters `node`: hands the player the node's role, marks it visited, applies its effects,
/// then says what follows. Fails where the story gets stuck at this node.
pub fn enter_node(
    story: &Story,
    state: &mut State,
    player: &mut PartyId,
    node: NodeId,
    rec: &mut impl Record,
) -> Result<Next, RunError> {
    let n = &story.nodes[node];
    if let Some(p) = n.player {
        *player = p;
    }
    if let Some(w) = n.watch {
        state.visited.set(w, true);
    }
    rec.beat(Beat::Line { node });
    let step = rec.step();
    for e in &n.effects {
        rules::apply(story, state, e, Cause::Enter { node }, step, rec.entries());
    }
    match &n.then {
        compiled::Then::Choices(_) => {
            if offered_at(story, state, node).is_empty() {
                return Err(RunError::NoChoice { node: n.id.clone() });
            }
            Ok(Next::Choose)
        }
        compiled::Then::Goto(next) => Ok(Next::Goto(*next)),
        compiled::Then::React { .. } => match pick_reaction(story, state, node) {
            Pick::None => Err(RunError::NoReaction { node: n.id.clone() }),
            Pick::First(r) => Ok(Next::Reaction(r)),
            Pick::Draw(options) => Ok(Next::Draw(options)),
        },
        compiled::Then::End => match decide_outcome(story, state) {
            Some(o) => Ok(Next::Ended(o)),
            None => Err(RunError::NoOutcome { node: n.id.clone() }),
        },
        compiled::Then::Outcome(o) => Ok(Next::Ended(*o)),
    }
}

/// Takes reaction `reaction` of the react node `node` (`chance` in thousandths when it was
/// drawn): applies its effects and returns the node it leads to.
pub fn take_reaction(
    story: &Story,
    state: &mut State,
    node: NodeId,
    reaction: ReactionId,
    chance: Option<u32>,
    rec: &mut impl Record,
) -> NodeId {
    let compiled::Then::React { reactions, .. } = &story.nodes[node].then else {
        unreachable!("reactions are taken only at react nodes")
    };
    let r = &reactions[reaction];
    rec.beat(Beat::Reacted {
        node,
        reaction,
        chance,
    });
    let (cause, step) = (Cause::Reaction { node, reaction }, rec.step());
    for e in &r.effects {
        rules::apply(story, state, e, cause, step, rec.entries());
    }
    r.next
}

/// Makes the choice `index` (as written in the file) of the choice node `node`, played as
/// `player`: applies its effects (and how a hurt speaker reads a neutral reply) and returns
/// the node it leads to.
pub fn take_choice(
    story: &Story,
    state: &mut State,
    node: NodeId,
    index: ChoiceId,
    player: PartyId,
    rec: &mut impl Record,
) -> NodeId {
    let compiled::Then::Choices(cs) = &story.nodes[node].then else {
        unreachable!("runs rest only at choice nodes")
    };
    let choice = &cs[index];
    rec.beat(Beat::Chose {
        node,
        choice: index,
    });
    let (cause, step) = (
        Cause::Choice {
            node,
            choice: index,
        },
        rec.step(),
    );
    for e in &choice.effects {
        rules::apply(story, state, e, cause, step, rec.entries());
    }
    if choice.move_kind == Move::Neutral
        && let Some(speaker) = story.nodes[node].speaker
    {
        rules::neutral_reply(story, state, speaker, player, cause, step, rec.entries());
    }
    choice.next
}

/// Choices of `node` whose conditions hold, in file order.
pub fn offered_at(story: &Story, state: &State, node: NodeId) -> Vec<Offered> {
    match &story.nodes[node].then {
        compiled::Then::Choices(cs) => cs
            .iter_enumerated()
            .filter(|(_, c)| cond::holds_opt(story, state, c.when.as_ref()))
            .map(|(index, _)| Offered { index })
            .collect(),
        _ => Vec::new(),
    }
}

/// How the reaction at a node is decided.
pub enum Pick {
    /// No reaction applies (or the node is not a react node): the story is stuck here.
    None,
    /// An unweighted node: the first reaction whose condition holds.
    First(ReactionId),
    /// Reaction indices with their positive weights.
    Draw(Vec<(ReactionId, u64)>),
}

/// How the reaction at the react node `node` is decided in `state` (`Pick::None` at any
/// other node).
pub fn pick_reaction(story: &Story, state: &State, node: NodeId) -> Pick {
    let compiled::Then::React {
        weighted,
        reactions,
    } = &story.nodes[node].then
    else {
        return Pick::None;
    };
    let applicable = reactions
        .iter_enumerated()
        .filter(|(_, r)| cond::holds_opt(story, state, r.when.as_ref()));
    if !weighted {
        return applicable
            .map(|(i, _)| i)
            .next()
            .map_or(Pick::None, Pick::First);
    }
    let options: Vec<(ReactionId, u64)> = applicable
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
pub fn decide_outcome(story: &Story, state: &State) -> Option<OutcomeId> {
    story
        .outcomes
        .position(|o| cond::holds_opt(story, state, o.when.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check_str;

    /// The second choice leads into a react node whose reactions can all fail.
    const STUCK: &str = r#"Scenario(
        id: "t", title: (en: "T", nl: "T"), summary: (en: "S", nl: "S"), player: "a",
        parties: [Party(id: "a", name: (en: "A", nl: "A")), Party(id: "b", name: (en: "B", nl: "B"))],
        nodes: [
            Node(id: "ask", speaker: "b", text: (en: "?", nl: "?"), then: Choices([
                Choice(text: (en: "give", nl: "geef"), move: Give, effects: [Give(from: "a", to: "b", layer: Deal, amount: 2)], next: "end"),
                Choice(text: (en: "wait", nl: "wacht"), move: Neutral, effects: [Give(from: "b", to: "a", layer: Deal, amount: 1)], next: "react"),
            ])),
            Node(id: "react", text: (en: "…", nl: "…"), then: React([
                Reaction(when: AtLeast(Felt(who: "b", toward: "a"), 5), next: "end"),
            ])),
            Node(id: "end", text: (en: "end", nl: "eind"), then: End),
        ],
        outcomes: [Outcome(id: "o", title: (en: "O", nl: "O"), epilogue: (en: "E", nl: "E"), tone: Mixed)],
    )"#;

    #[test]
    fn a_choice_that_gets_stuck_leaves_the_run_untouched() {
        let checked = check_str(STUCK);
        let story = checked
            .story
            .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
        let mut rs = RunState::new(&story, 1).unwrap();
        let before = rs.clone();
        let err = rs.choose(&story, 1).unwrap_err();
        assert!(matches!(err, RunError::NoReaction { .. }), "{err:?}");
        assert_eq!(rs, before);
        // The same run can still choose otherwise.
        rs.choose(&story, 0).unwrap();
        assert!(rs.ended());
        let ended = rs.clone();
        assert_eq!(rs.choose(&story, 0), Err(RunError::Ended));
        assert_eq!(rs, ended);
    }
}

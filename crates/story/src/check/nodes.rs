//! Nodes with their choices and reactions, and outcomes.

use super::{Compiler, MAX_AMOUNT, MAX_CHOICES};
use crate::compiled;
use crate::format::codes;
use crate::format::scenario::{Choice, Effect, Move, Node, Reaction, Then};
use crate::format::span::Path;
use crate::ids::{ChoiceId, IdVec, NodeId, OutcomeId, ReactionId};

impl Compiler<'_> {
    /// Checks and compiles every node.
    pub(super) fn nodes(&mut self) -> IdVec<NodeId, compiled::Node> {
        let sc = self.sc;
        let root = Path::root();
        sc.nodes
            .iter()
            .enumerate()
            .map(|(i, n)| self.node(n, root.f("nodes").i(i)))
            .collect()
    }

    fn node(&mut self, n: &Node, path: Path) -> compiled::Node {
        self.text(&n.text, path.f("text"));
        self.opt_text(&n.scene, path.f("scene"));
        let speaker = n
            .speaker
            .as_ref()
            .map(|s| self.party_ref(s, path.f("speaker")));
        let player = n.player.as_ref().map(|s| self.person(s, path.f("player")));
        let effects = self.effects(&n.effects, path.f("effects"));
        let tp = path.f("then");
        let then = match &n.then {
            Then::Choices(cs) => {
                if cs.is_empty() {
                    self.err(
                        codes::NOTHING_NEXT,
                        format!("the node `{}` offers no choices", n.id),
                        tp.clone(),
                    )
                    .help("add a `Choice(...)`, or use `Goto(\"...\")` to continue without one");
                }
                if cs.len() > MAX_CHOICES {
                    self.err(
                        codes::OUT_OF_RANGE,
                        format!(
                            "the node `{}` offers {} choices; at most {MAX_CHOICES} fit the game's keys 1–9",
                            n.id,
                            cs.len()
                        ),
                        tp.clone(),
                    )
                    .help("split the choice over two nodes");
                }
                let list = tp.i(0);
                compiled::Then::Choices(
                    cs.iter()
                        .enumerate()
                        .map(|(k, ch)| self.choice(ch, list.i(k)))
                        .collect(),
                )
            }
            Then::Goto(id) => compiled::Then::Goto(self.node_ref(id, tp.i(0))),
            Then::React(rs) => {
                if rs.is_empty() {
                    self.err(
                        codes::NOTHING_NEXT,
                        format!("the node `{}` has an empty `React` list", n.id),
                        tp.clone(),
                    );
                }
                let weighted = rs
                    .iter()
                    .any(|r| r.weight.is_some() || !r.weight_by.is_empty());
                let list = tp.i(0);
                let reactions: IdVec<ReactionId, compiled::Reaction> = rs
                    .iter()
                    .enumerate()
                    .map(|(k, r)| self.reaction(r, list.i(k)))
                    .collect();
                // Structural hint only; the value analysis finds the states where really no
                // reaction applies.
                let fallback = rs
                    .iter()
                    .any(|r| r.when.is_none() && r.weight.unwrap_or(1) > 0);
                if !rs.is_empty() && !fallback {
                    self.warn(codes::REACTIONS_MAY_FAIL, format!("the reactions of `{}` may all fail to apply", n.id), tp.clone())
                        .help("when no reaction applies the story stops with an error; add one without `when` (and with a positive weight)");
                }
                compiled::Then::React {
                    weighted,
                    reactions,
                }
            }
            Then::End => {
                if self.sc.outcomes.last().is_some_and(|o| o.when.is_some()) {
                    self.warn(codes::END_ALL_CONDITIONAL, format!("`{}` ends the story, but every outcome has a condition", n.id), tp.clone())
                        .help("if none holds the story stops with an error; make the last outcome unconditional");
                }
                compiled::Then::End
            }
            Then::Outcome(id) => compiled::Then::Outcome(self.outcome_ref(id, tp.i(0))),
        };
        if let compiled::Then::Choices(cs) = &then {
            self.lint_moves(n, cs, &tp);
        }
        compiled::Node {
            id: n.id.clone(),
            speaker,
            player,
            effects,
            then,
            watch: None,
        }
    }

    fn choice(&mut self, ch: &Choice, cp: Path) -> compiled::Choice {
        self.text(&ch.text, cp.f("text"));
        let when = ch.when.as_ref().map(|c| self.cond(c, cp.f("when")));
        let effects = self.effects(&ch.effects, cp.f("effects"));
        let next = self.node_ref(&ch.next, cp.f("next"));
        if !ch.unclear_move.is_empty() {
            let made: Vec<String> = ch.unclear_move.iter().map(|m| format!("`{m:?}`")).collect();
            self.err(
                codes::UNCLEAR_MOVE,
                "this choice has no `move`, and its effects make more than one kind of move",
                cp.f("effects"),
            )
            .label(format!("these make {}", made.join(" and ")))
            .help(format!(
                "say which move the choice is, e.g. `move: {:?}`",
                ch.unclear_move[0]
            ));
        }
        compiled::Choice {
            move_kind: ch.move_kind,
            when,
            effects,
            next,
        }
    }

    fn reaction(&mut self, r: &Reaction, rp: Path) -> compiled::Reaction {
        let when = r.when.as_ref().map(|c| self.cond(c, rp.f("when")));
        let weight = self.range_i(
            r.weight.unwrap_or(1),
            0,
            MAX_AMOUNT,
            "a weight",
            rp.f("weight"),
        );
        let weight_by = r
            .weight_by
            .iter()
            .enumerate()
            .map(|(t, term)| {
                let v = self.value(&term.value, rp.f("weight_by").i(t).f("value"));
                let per = self.range_f(
                    term.per,
                    -1000.0,
                    1000.0,
                    "`per`",
                    rp.f("weight_by").i(t).f("per"),
                );
                (v, per)
            })
            .collect();
        let effects = self.effects(&r.effects, rp.f("effects"));
        let next = self.node_ref(&r.next, rp.f("next"));
        compiled::Reaction {
            when,
            weight,
            weight_by,
            effects,
            next,
        }
    }

    /// A choice labelled Acknowledge, Deflect or ClaimCredit should make that move.
    fn lint_moves(&mut self, n: &Node, cs: &IdVec<ChoiceId, compiled::Choice>, tp: &Path) {
        let Then::Choices(raw) = &n.then else { return };
        for (k, (ch, c)) in raw.iter().zip(cs).enumerate() {
            let next_effects = self
                .sc
                .nodes
                .get(c.next.index())
                .filter(|x| x.id == ch.next)
                .map(|x| &x.effects[..])
                .unwrap_or(&[]);
            let makes = |pred: fn(&Effect) -> bool| ch.effects.iter().chain(next_effects).any(pred);
            let ok = match ch.move_kind {
                Move::Acknowledge => makes(|e| matches!(e, Effect::Acknowledge { .. })),
                Move::Deflect => makes(|e| matches!(e, Effect::Deflect { .. })),
                Move::ClaimCredit => makes(|e| matches!(e, Effect::ClaimCredit { .. })),
                _ => true,
            };
            if !ok {
                let name = format!("{:?}", ch.move_kind);
                self.warn(codes::MOVE_NOT_MADE, format!("this choice is marked `{name}` but makes no `{name}` effect"), tp.i(0).i(k).f("move"))
                    .help("add the effect to the choice (or to the node it leads to), or change its `move`");
            }
            if ch.move_inferred && ch.unclear_move.is_empty() {
                self.lint_inferred_move(ch, next_effects, tp.i(0).i(k));
            }
        }
    }

    /// A `Pick` without `move` takes it from its own effects, whoever makes them. Two ways that
    /// reads wrong: the move is another party's (a gift *to* the player is not the player
    /// giving), or the choice makes none and is `Neutral` while the node it leads to makes the
    /// player's move — and a neutral reply can read as a slight.
    fn lint_inferred_move(
        &mut self,
        ch: &crate::format::scenario::Choice,
        next: &[Effect],
        at: Path,
    ) {
        // Whom the player may play, and the organisations they act for (Esther speaks for
        // the school).
        let mut players: Vec<&str> = std::iter::once(self.sc.player.as_str())
            .chain(self.sc.nodes.iter().filter_map(|n| n.player.as_deref()))
            .collect();
        let orgs = self.sc.parties.iter().filter(|p| {
            p.members
                .iter()
                .any(|m| players.contains(&m.party.as_str()))
        });
        let orgs: Vec<&str> = orgs.map(|p| p.id.as_str()).collect();
        players.extend(orgs);
        // The move an effect makes, and who makes it.
        fn made(e: &Effect) -> Option<(Move, &str)> {
            match e {
                Effect::Acknowledge { by, .. } => Some((Move::Acknowledge, by)),
                Effect::Deflect { by, .. } => Some((Move::Deflect, by)),
                Effect::Give { from, .. } => Some((Move::Give, from)),
                Effect::Take { by, .. } => Some((Move::Take, by)),
                Effect::ClaimCredit { claimant, .. } => Some((Move::ClaimCredit, claimant)),
                _ => None,
            }
        }
        let m = ch.move_kind;
        if m != Move::Neutral {
            let by_player = ch
                .effects
                .iter()
                .filter_map(made)
                .any(|(k, who)| k == m && players.contains(&who));
            if !by_player {
                let who = ch
                    .effects
                    .iter()
                    .filter_map(made)
                    .find(|(k, _)| *k == m)
                    .map(|(_, w)| w)
                    .unwrap_or_default();
                self.warn(
                    codes::MOVE_INFERRED_ELSEWHERE,
                    format!("this choice's move was taken as `{m:?}` from an effect `{who}` makes, not the player"),
                    at.f("effects"),
                )
                .label("no `move` given")
                .help(format!("say what the player's choice is: `move: Neutral` (or another move) after `nl:`; `{m:?}` is what `{who}` does"));
            }
        } else if let Some((k, _)) = next
            .iter()
            .filter_map(made)
            .find(|(_, who)| players.contains(who))
        {
            self.warn(
                codes::MOVE_INFERRED_ELSEWHERE,
                format!("this choice makes no move of its own, so it counts as `Neutral`; the node it leads to makes the move `{k:?}`"),
                at.f("next"),
            )
            .label("no `move` given")
            .help(format!("if choosing this is the `{k:?}`, write `move: {k:?}`; a `Neutral` reply to someone who feels short-changed reads as a slight"));
        }
    }

    /// Checks and compiles every outcome.
    pub(super) fn outcomes(&mut self) -> IdVec<OutcomeId, compiled::Outcome> {
        let sc = self.sc;
        let root = Path::root();
        sc.outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let path = root.f("outcomes").i(i);
                self.text(&o.title, path.f("title"));
                self.text(&o.epilogue, path.f("epilogue"));
                compiled::Outcome {
                    id: o.id.clone(),
                    tone: o.tone,
                    when: o.when.as_ref().map(|c| self.cond(c, path.f("when"))),
                }
            })
            .collect()
    }
}

//! The reflection: the hidden ledger revealed after a run, relationship by relationship,
//! and the moments that moved it, told from the player's side.

use crate::format::scenario::Layer;
use crate::ids::{NodeId, PartyId};
use crate::play::ledger::{Cause, LedgerChange, State};
use crate::play::runner::RunState;
use crate::story::Story;
use crate::text::{Lang, Text, capitalize};

/// One relationship, seen from `a`: start and end of each layer and of both felt deficits.
#[derive(Clone, Debug, PartialEq)]
pub struct Relationship {
    /// The side it is seen from: the holder when the file's conditions read this credit
    /// (`Credit(holder: a, with: b)`), else the player when the player is in it.
    pub a: PartyId,
    /// The other side.
    pub b: PartyId,
    /// `a`'s credit with `b` on each layer: (start, end).
    pub layers: [(i32, i32); 2],
    /// The deficit `a` feels toward `b`: (start, end).
    pub felt_ab: (i32, i32),
    /// The deficit `b` feels toward `a`: (start, end).
    pub felt_ba: (i32, i32),
}

impl Relationship {
    /// `a`'s credit with `b` on layer `l`: (start, end).
    pub fn layer(&self, l: Layer) -> (i32, i32) {
        self.layers[l.index()]
    }

    /// Whether the run moved anything in it (a credit or either felt deficit).
    pub fn changed(&self) -> bool {
        self.layers.iter().any(|(s, e)| s != e)
            || self.felt_ab.0 != self.felt_ab.1
            || self.felt_ba.0 != self.felt_ba.1
    }
}

/// A moment of the run that moved the ledger: a choice, a reaction, or a scene.
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    /// How many choices the player had made when it happened.
    pub step: u32,
    /// What happened: the choice, reaction or node entered.
    pub cause: Cause,
    /// The player's choice text, when the player caused it.
    pub choice: Option<Text>,
    /// Who acted: the player for choices, the speaker for reactions and lines.
    pub actor: Option<PartyId>,
    /// The party the player played at that moment; the summary speaks from their side.
    pub player: PartyId,
    /// Indices into the run's entries (never a flag's).
    pub entries: Vec<usize>,
    /// What it did to the player's relationships, in a sentence or two.
    pub summary: Text,
}

/// What a finished run did: every relationship from the start of play to its end, and the
/// moments that moved the ledger.
#[derive(Clone, Debug, PartialEq)]
pub struct Reflection {
    /// The party the player played last.
    pub player: PartyId,
    /// Every relationship with a balance or felt deficit at the start or the end, the
    /// player's first, then those that moved most.
    pub relationships: Vec<Relationship>,
    /// The moments of play that moved the ledger, in order (the history before play is
    /// the starting point, not a moment).
    pub moments: Vec<Moment>,
}

impl Reflection {
    /// Reads `run` (usually finished) of `story`: where the ledger started once the
    /// history was applied, where it ended, and what moved it on the way.
    pub fn build(story: &Story, run: &RunState) -> Reflection {
        let n = story.parties.len();
        let start = State::replay(n, run.entries.iter().filter(|e| e.cause == Cause::History));
        let parties = || story.parties.ids();
        let end = &run.state;
        let player = run.player;
        let mut relationships: Vec<Relationship> = Vec::new();
        for a in parties() {
            for b in parties().skip(a.index() + 1) {
                // The way round the file's conditions read it, else from the player's side.
                let (a, b) = story.credit_as_written(a, b).unwrap_or(if b == player {
                    (b, a)
                } else {
                    (a, b)
                });
                let r = Relationship {
                    a,
                    b,
                    layers: Layer::ALL
                        .map(|l| (start.ledger.credit(a, b, l), end.ledger.credit(a, b, l))),
                    felt_ab: (start.ledger.felt(a, b), end.ledger.felt(a, b)),
                    felt_ba: (start.ledger.felt(b, a), end.ledger.felt(b, a)),
                };
                let any = r.layers.iter().any(|&(s, e)| s != 0 || e != 0)
                    || r.felt_ab != (0, 0)
                    || r.felt_ba != (0, 0);
                if any {
                    relationships.push(r);
                }
            }
        }
        // The player's relationships first, then those that moved most.
        relationships.sort_by_key(|r| {
            let moved: i64 = r
                .layers
                .iter()
                .map(|(s, e)| (e - s).abs() as i64)
                .sum::<i64>()
                + (r.felt_ab.1 - r.felt_ab.0).abs() as i64
                + (r.felt_ba.1 - r.felt_ba.0).abs() as i64;
            (r.a != player && r.b != player, -moved)
        });

        let mut moments: Vec<Moment> = Vec::new();
        for (i, e) in run.entries.iter().enumerate() {
            // Flags are the story's bookkeeping, named for the author: never shown to a player.
            if e.cause == Cause::History || matches!(e.change, LedgerChange::Flag { .. }) {
                continue;
            }
            match moments.last_mut() {
                Some(m) if m.cause == e.cause && m.step == e.step => m.entries.push(i),
                _ => moments.push(Moment {
                    step: e.step,
                    cause: e.cause,
                    choice: None,
                    actor: None,
                    player,
                    entries: vec![i],
                    summary: Text::default(),
                }),
            }
        }
        for m in &mut moments {
            match m.cause {
                Cause::Choice { node, choice } => {
                    m.choice = story.choice_text(node, choice).cloned();
                    m.actor = Some(player_at(story, run, node));
                }
                // A reaction belongs to whoever speaks at the node, or else in the node it leads to.
                Cause::Reaction { node, reaction } => {
                    m.actor = story.nodes[node]
                        .speaker
                        .or_else(|| match &story.nodes[node].then {
                            crate::compiled::Then::React { reactions, .. } => reactions
                                .get(reaction)
                                .and_then(|r| story.nodes[r.next].speaker),
                            _ => None,
                        })
                }
                Cause::Enter { node } => m.actor = story.nodes[node].speaker,
                _ => {}
            }
            // Told from the role the player had at that moment (a scenario may switch roles).
            m.player = match m.cause {
                Cause::Choice { node, .. }
                | Cause::Reaction { node, .. }
                | Cause::Enter { node } => player_at(story, run, node),
                _ => player,
            };
            m.summary = summarise(story, run, m.player, &m.entries);
        }
        Reflection {
            player,
            relationships,
            moments,
        }
    }
}

/// Who the player played when at `node` (a node may hand the player another role).
fn player_at(story: &Story, run: &RunState, node: NodeId) -> PartyId {
    let mut p = story.player;
    for b in &run.transcript {
        if let crate::play::runner::Beat::Line { node: n } = b {
            if let Some(q) = story.nodes[*n].player {
                p = q;
            }
            if *n == node {
                break;
            }
        }
    }
    p
}

/// Net changes of these entries that touch `me` — or an organisation `me` acts for — biggest
/// first, as sentences.
fn summarise(story: &Story, run: &RunState, me: PartyId, entries: &[usize]) -> Text {
    // Whose balances count as the player's: the player, then the organisations they act for.
    let sides: Vec<PartyId> = std::iter::once(me)
        .chain(story.parties[me].member_of.iter().map(|&(o, _)| o))
        .collect();
    // (side, other, what) → net delta; what: 0 = deal credit, 1 = seen credit,
    // 2 = other's felt deficit toward the side, 3 = the side's felt deficit toward other.
    let mut net: Vec<((PartyId, PartyId, u8), i32)> = Vec::new();
    let mut add =
        |key: (PartyId, PartyId, u8), d: i32| match net.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => *v = v.saturating_add(d),
            None => net.push((key, d)),
        };
    for &i in entries {
        match run.entries[i].change {
            LedgerChange::Transfer {
                from,
                to,
                layer,
                amount,
                ..
            } => {
                if let Some(&s) = sides.iter().find(|&&s| s == from) {
                    add((s, to, layer.index() as u8), amount);
                } else if let Some(&s) = sides.iter().find(|&&s| s == to) {
                    add((s, from, layer.index() as u8), -amount);
                }
            }
            LedgerChange::Felt { who, toward, delta } => {
                if let Some(&s) = sides.iter().find(|&&s| s == toward) {
                    add((s, who, 2), delta);
                } else if let Some(&s) = sides.iter().find(|&&s| s == who) {
                    add((s, toward, 3), delta);
                }
            }
            _ => {}
        }
    }
    // An organisation's dealings with the player themselves are already told from the player's side.
    net.retain(|&((side, other, _), d)| d != 0 && !(side != me && sides.contains(&other)));
    // The player's own balances first, felt deficits loudest; then by size.
    net.sort_by_key(|&((side, _, what), d)| (side != me, what < 2, -(d.abs())));
    if net.is_empty() {
        return Text::new(
            "It left your own balances as they were.",
            "Aan je eigen balansen veranderde het niets.",
        );
    }
    let mut en = Vec::new();
    let mut nl = Vec::new();
    for &((side, other, what), d) in net.iter().take(3) {
        let (oe, on) = (
            story.party_name(other, Lang::En),
            story.party_name(other, Lang::Nl),
        );
        let (se, sn) = (
            story.party_name(side, Lang::En),
            story.party_name(side, Lang::Nl),
        );
        let mine = side == me;
        let n = d.unsigned_abs();
        let (grew_en, grew_nl) = ("grew", "groeide");
        match what {
            0 | 1 => {
                let layer = if what == 0 { Layer::Deal } else { Layer::Seen };
                let (ue, un) = if d > 0 {
                    (grew_en, grew_nl)
                } else {
                    ("fell", "daalde")
                };
                let (le, ln) = (layer.phrase(Lang::En), layer.phrase(Lang::Nl));
                if mine {
                    en.push(format!("your credit with {oe} {le} {ue} by {n}"));
                    nl.push(format!("je tegoed bij {on} {ln} {un} met {n}"));
                } else {
                    let se = crate::text::possessive(se);
                    en.push(format!("{se} credit with {oe} {le} {ue} by {n}"));
                    nl.push(format!("het tegoed van {sn} bij {on} {ln} {un} met {n}"));
                }
            }
            2 => {
                let (ue, un) = if d > 0 {
                    (grew_en, grew_nl)
                } else {
                    ("eased", "slonk")
                };
                if mine {
                    en.push(format!("the deficit {oe} feels toward you {ue} by {n}"));
                    nl.push(format!(
                        "het tekort dat {on} tegenover jou voelt {un} met {n}"
                    ));
                } else {
                    en.push(format!("the deficit {oe} feels toward {se} {ue} by {n}"));
                    nl.push(format!(
                        "het tekort dat {on} tegenover {sn} voelt {un} met {n}"
                    ));
                }
            }
            _ => {
                let (ue, un) = if d > 0 {
                    (grew_en, grew_nl)
                } else {
                    ("eased", "slonk")
                };
                if mine {
                    en.push(format!("your own deficit toward {oe} {ue} by {n}"));
                    nl.push(format!("je eigen tekort tegenover {on} {un} met {n}"));
                } else {
                    en.push(format!("the deficit {se} feels toward {oe} {ue} by {n}"));
                    nl.push(format!(
                        "het tekort dat {sn} tegenover {on} voelt {un} met {n}"
                    ));
                }
            }
        }
    }
    Text::new(
        capitalize(&en.join("; ")) + ".",
        capitalize(&nl.join("; ")) + ".",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The player is `a`, but the file reads `Credit(holder: "shop", with: "a")`: the
    /// reflection shows the shop's credit, as the condition reads it; `b` and `a` as the
    /// in-file test reads them; and a pair nothing reads from the player's side.
    #[test]
    fn a_relationship_is_seen_the_way_round_the_file_reads_it() {
        let src = r#"Scenario(
            id: "t", title: (en: "T", nl: "T"), summary: (en: "s", nl: "s"), player: "a",
            parties: [
                Party(id: "a", name: (en: "A", nl: "A")),
                Party(id: "shop", name: (en: "Shop", nl: "Winkel"), kind: Organisation),
                Party(id: "b", name: (en: "B", nl: "B")),
                Party(id: "c", name: (en: "C", nl: "C")),
            ],
            history: [
                Give(from: "a", to: "shop", layer: Deal, amount: 2),
                Give(from: "b", to: "a", layer: Deal, amount: 1),
                Give(from: "c", to: "a", layer: Deal, amount: 1),
            ],
            nodes: [Node(id: "n", text: (en: "n", nl: "n"), then: End)],
            outcomes: [
                Outcome(id: "owed", title: (en: "o", nl: "o"), epilogue: (en: "o", nl: "o"),
                        tone: Mixed, when: Below(Credit(holder: "shop", with: "a"), 0)),
                Outcome(id: "else", title: (en: "e", nl: "e"), epilogue: (en: "e", nl: "e"), tone: Mixed),
            ],
            tests: [Test(name: "t", choices: [], expect: "owed",
                         ledger: [AtLeast(Credit(holder: "b", with: "a"), 1)])],
        )"#;
        let checked = crate::check_str(src);
        let story = checked.story.expect("checks");
        let run = RunState::replay(&story, 0, &[]).expect("plays");
        let r = Reflection::build(&story, &run);
        let id = |p: PartyId| story.party_id(p).to_string();
        let sides: Vec<(String, String)> =
            r.relationships.iter().map(|r| (id(r.a), id(r.b))).collect();
        assert!(sides.contains(&("shop".into(), "a".into())), "{sides:?}");
        assert!(sides.contains(&("b".into(), "a".into())), "{sides:?}");
        assert!(sides.contains(&("a".into(), "c".into())), "{sides:?}");
        let shop = r.relationships.iter().find(|r| id(r.a) == "shop").unwrap();
        assert_eq!(shop.layer(Layer::Deal), (-2, -2));
    }
}

//! Blunt ways of playing: always the kindest reply, always the first, always at random…
//! `simulate` plays them many times and the analysis weighs them over every draw; a
//! scenario whose best ending such a policy reaches most of the time is not a dilemma.

use crate::compiled::{EffectKind, Then};
use crate::format::scenario::Move;
use crate::ids::{NodeId, PartyId};
use crate::play::runner::Offered;
use crate::story::Story;

/// A way of choosing that looks at nothing but the choices on offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Policy {
    /// Any of the choices on offer, each as likely.
    Random,
    /// Always the first choice on offer.
    First,
    /// Always the last choice on offer.
    Last,
    /// The kindest reply: acknowledge, else give, else a neutral one, else the first.
    Kindest,
    /// The choice that gives the most away (gifts and acknowledgment by the player).
    MostGiving,
    /// Always deflect when it can (else the first choice).
    Deflecting,
    /// Always take when it can (else the first choice).
    Taking,
}

impl Policy {
    /// Every policy, in the order reports list them.
    pub const ALL: [Policy; 7] = [
        Policy::Kindest,
        Policy::MostGiving,
        Policy::Deflecting,
        Policy::Taking,
        Policy::First,
        Policy::Last,
        Policy::Random,
    ];

    /// Its name on the command line and in JSON (`kindest`, `most_giving`, …).
    pub fn name(self) -> &'static str {
        match self {
            Policy::Random => "random",
            Policy::First => "first",
            Policy::Last => "last",
            Policy::Kindest => "kindest",
            Policy::MostGiving => "most_giving",
            Policy::Deflecting => "deflecting",
            Policy::Taking => "taking",
        }
    }

    /// The policy with this name.
    pub fn from_name(name: &str) -> Option<Policy> {
        Policy::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The position (among `offered`) this policy takes at `node`, played by `player`;
    /// `None` for [`Policy::Random`], which the caller draws, and when nothing is offered.
    pub fn pick(
        self,
        story: &Story,
        node: NodeId,
        player: PartyId,
        offered: &[Offered],
    ) -> Option<usize> {
        if offered.is_empty() {
            return None;
        }
        let Then::Choices(choices) = &story.nodes[node].then else {
            return None;
        };
        let move_of = |o: &Offered| choices[o.index].move_kind;
        let first_with = |m: Move| offered.iter().position(|o| move_of(o) == m);
        match self {
            Policy::Random => None,
            Policy::First => Some(0),
            Policy::Last => Some(offered.len() - 1),
            Policy::Kindest => first_with(Move::Acknowledge)
                .or_else(|| first_with(Move::Give))
                .or_else(|| first_with(Move::Neutral))
                .or(Some(0)),
            Policy::Deflecting => first_with(Move::Deflect).or(Some(0)),
            Policy::Taking => first_with(Move::Take).or(Some(0)),
            Policy::MostGiving => {
                let given = |o: &Offered| -> i64 {
                    choices[o.index]
                        .effects
                        .iter()
                        .map(|e| match e.kind {
                            EffectKind::Give { from, amount, .. } if from == player => {
                                i64::from(amount)
                            }
                            EffectKind::Acknowledge { by, amount, .. } if by == player => {
                                i64::from(amount)
                            }
                            _ => 0,
                        })
                        .sum()
                };
                // The first of the most giving: `max_by_key` would take the last.
                let most = offered.iter().map(given).max().unwrap_or(0);
                offered.iter().position(|o| given(o) == most)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check_str;
    use crate::play::runner::RunState;

    const SRC: &str = r#"Scenario(
        id: "t", title: (en: "T", nl: "T"), summary: (en: "S", nl: "S"), player: "a",
        parties: [Party(id: "a", name: (en: "A", nl: "A")), Party(id: "b", name: (en: "B", nl: "B"))],
        nodes: [
            Node(id: "ask", speaker: "b", text: (en: "?", nl: "?"), then: Choices([
                Choice(text: (en: "shrug", nl: "schouders"), move: Neutral, next: "end"),
                Choice(text: (en: "blame", nl: "schuld"), move: Deflect,
                       effects: [Deflect(by: "a", toward: "b", amount: 1)], next: "end"),
                Choice(text: (en: "a little", nl: "wat"), move: Give,
                       effects: [Give(from: "a", to: "b", layer: Deal, amount: 1)], next: "end"),
                Choice(text: (en: "a lot", nl: "veel"), move: Give,
                       effects: [Give(from: "a", to: "b", layer: Deal, amount: 3)], next: "end"),
                Choice(text: (en: "grab", nl: "pak"), move: Take,
                       effects: [Take(by: "a", from: "b", layer: Deal, amount: 2)], next: "end"),
            ])),
            Node(id: "end", text: (en: "end", nl: "eind"), then: End),
        ],
        outcomes: [Outcome(id: "o", title: (en: "O", nl: "O"), epilogue: (en: "E", nl: "E"), tone: Mixed)],
    )"#;

    #[test]
    fn each_policy_picks_its_kind_of_reply() {
        let checked = check_str(SRC);
        let story = checked
            .story
            .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
        let rs = RunState::new(&story, 0).unwrap();
        let offered = rs.offered(&story);
        let pick = |p: Policy| p.pick(&story, rs.node, rs.player, &offered);
        assert_eq!(pick(Policy::First), Some(0));
        assert_eq!(pick(Policy::Last), Some(4));
        // No acknowledgment on offer: the first gift.
        assert_eq!(pick(Policy::Kindest), Some(2));
        assert_eq!(pick(Policy::MostGiving), Some(3));
        assert_eq!(pick(Policy::Deflecting), Some(1));
        assert_eq!(pick(Policy::Taking), Some(4));
        assert_eq!(pick(Policy::Random), None);
        for p in Policy::ALL {
            assert_eq!(Policy::from_name(p.name()), Some(p));
        }
    }
}

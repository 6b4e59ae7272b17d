//! The hidden state of a scenario: every give-and-take balance between its parties, the
//! deficits they feel, who knows of whose credits, and the story's flags.
//!
//! The state only changes through [`Change`]s recorded as [`Entry`]s, so replaying the
//! entries from an empty ledger reproduces it exactly ([`State::replay`]).

use crate::compiled::{N, P, Permille};
use crate::format::scenario::Layer;
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// Directed balances per pair and layer, and felt deficits, for `n` parties.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ledger {
    n: usize,
    /// `credit[a*n+b][layer]`: what a gave b beyond what b gave back. Antisymmetric.
    credit: Vec<[i32; 2]>,
    /// `felt[a*n+b]`: the deficit a feels toward b; never negative.
    felt: Vec<i32>,
    /// Sorted `(who, holder, with)`: who knows of holder's credits with `with`.
    knows: Vec<(u16, u16, u16)>,
}

impl Ledger {
    pub fn new(n: usize) -> Ledger {
        Ledger {
            n,
            credit: vec![[0; 2]; n * n],
            felt: vec![0; n * n],
            knows: Vec::new(),
        }
    }

    /// What `holder` has given `with` beyond what came back, on one layer.
    pub fn credit(&self, holder: P, with: P, layer: Layer) -> i32 {
        self.credit[holder * self.n + with][layer.index()]
    }

    /// Both layers summed.
    pub fn credit_total(&self, holder: P, with: P) -> i32 {
        let [d, s] = self.credit[holder * self.n + with];
        d.saturating_add(s)
    }

    pub fn felt(&self, who: P, toward: P) -> i32 {
        self.felt[who * self.n + toward]
    }

    pub fn knows(&self, who: P, holder: P, with: P) -> bool {
        self.knows
            .binary_search(&(who as u16, holder as u16, with as u16))
            .is_ok()
    }

    fn transfer(&mut self, from: P, to: P, layer: Layer, amount: i32) {
        let l = layer.index();
        let ab = &mut self.credit[from * self.n + to][l];
        *ab = ab.saturating_add(amount);
        let v = *ab;
        // Kept exactly antisymmetric, also when saturating.
        self.credit[to * self.n + from][l] = v.saturating_neg();
    }

    fn add_felt(&mut self, who: P, toward: P, delta: i32) {
        let f = &mut self.felt[who * self.n + toward];
        *f = f.saturating_add(delta).max(0);
    }

    fn learn(&mut self, who: P, holder: P, with: P) {
        let key = (who as u16, holder as u16, with as u16);
        if let Err(at) = self.knows.binary_search(&key) {
            self.knows.insert(at, key);
        }
    }

    /// This ledger over another set of parties: `map[p]` is `p`'s index there (`None` when
    /// the party is gone). Fails with the first gone party that still has a balance, a felt
    /// deficit or knowledge.
    pub fn remap(&self, map: &[Option<P>], n: usize) -> Result<Ledger, P> {
        let mut out = Ledger::new(n);
        for a in 0..self.n {
            for b in 0..self.n {
                let (credit, felt) = (self.credit[a * self.n + b], self.felt(a, b));
                if credit == [0, 0] && felt == 0 {
                    continue;
                }
                let (Some(x), Some(y)) = (map[a], map[b]) else {
                    return Err(if map[a].is_none() { a } else { b });
                };
                out.credit[x * n + y] = credit;
                out.felt[x * n + y] = felt;
            }
        }
        for &(w, h, t) in &self.knows {
            let get = |p: u16| map[p as usize].ok_or(p as usize);
            out.learn(get(w)?, get(h)?, get(t)?);
        }
        Ok(out)
    }

    /// Every pair with a non-zero balance or felt deficit, each unordered pair once
    /// (`a < b`), for reports.
    pub fn pairs(&self) -> impl Iterator<Item = (P, P)> + '_ {
        let n = self.n;
        (0..n)
            .flat_map(move |a| (a + 1..n).map(move |b| (a, b)))
            .filter(move |&(a, b)| {
                self.credit[a * n + b] != [0, 0] || self.felt(a, b) != 0 || self.felt(b, a) != 0
            })
    }
}

/// A small growable bit set (flags, visited nodes).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Bits(Vec<u64>);

impl Bits {
    pub fn get(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
    pub fn set(&mut self, i: usize, on: bool) {
        if self.0.len() <= i / 64 {
            if !on {
                return;
            }
            self.0.resize(i / 64 + 1, 0);
        }
        if on {
            self.0[i / 64] |= 1 << (i % 64);
        } else {
            self.0[i / 64] &= !(1 << (i % 64));
        }
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }
}

/// Everything that decides what can happen next: two runs with equal states at the same
/// node have the same futures (the analysis merges them).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct State {
    pub ledger: Ledger,
    pub flags: Bits,
    /// Watched nodes (those some `Visited` condition asks about) that were entered.
    pub visited: Bits,
}

impl State {
    pub fn new(parties: usize) -> State {
        State {
            ledger: Ledger::new(parties),
            flags: Bits::default(),
            visited: Bits::default(),
        }
    }

    /// Applies one change; the only way the ledger and flags move.
    pub fn apply(&mut self, change: &Change) {
        match *change {
            Change::Transfer {
                from,
                to,
                layer,
                amount,
            } => self.ledger.transfer(from, to, layer, amount),
            Change::Felt { who, toward, delta } => self.ledger.add_felt(who, toward, delta),
            Change::Learn { who, holder, with } => self.ledger.learn(who, holder, with),
            Change::Flag { flag, on } => self.flags.set(flag, on),
        }
    }

    /// The ledger and flags rebuilt from nothing but the entries.
    pub fn replay<'a>(parties: usize, entries: impl IntoIterator<Item = &'a Entry>) -> State {
        let mut s = State::new(parties);
        for e in entries {
            s.apply(&e.change);
        }
        s
    }
}

/// One movement of the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// `from` gave `to` `amount` (negative: took) on `layer`.
    Transfer {
        from: P,
        to: P,
        layer: Layer,
        amount: i32,
    },
    /// The deficit `who` feels toward `toward` moved by `delta` (already clamped at zero).
    Felt {
        who: P,
        toward: P,
        delta: i32,
    },
    /// `who` learned of `holder`'s credits with `with`.
    Learn {
        who: P,
        holder: P,
        with: P,
    },
    Flag {
        flag: usize,
        on: bool,
    },
}

/// Which rule of the ledger made an entry; each is documented in docs/authoring.md.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rule {
    /// A plain gift at face value.
    Gift,
    /// A gift weighed by what the receiver thinks of its kind.
    Valuation {
        kind: String,
        worth: Permille,
    },
    Take,
    /// Recognition shrinks a felt deficit, more the larger it is.
    Acknowledge,
    /// Blame or counter-claims grow the other's felt deficit.
    Deflect,
    /// A deflection by someone who carries a deficit of his own hurts more.
    Escalation,
    /// A member's act moves the client's balance with the organisation too.
    CallingCard {
        org: P,
        weight: Permille,
    },
    /// Part of what a party receives is passed on.
    Chain {
        index: usize,
    },
    /// Credits with a predecessor taken over by his successor.
    Succession {
        loyalty: Permille,
    },
    /// Honouring a predecessor's credits is the successor's gift to him.
    Loyalty,
    /// A claim on credits the other does not honour is a take.
    ClaimRefused {
        reason: Refusal,
    },
    /// A direct change written by the author (`Feel`, `Tell`, `Set`).
    Direct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The successor never heard of the credits.
    Unknown,
    /// The successor owes his predecessor nothing that honouring them would repay.
    NoLoyalty,
    /// There are no credits with the predecessor to claim.
    NoCredits,
}

/// What caused an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cause {
    /// The scenario's history, before play.
    History,
    /// Entering a node.
    Enter { node: N },
    /// The player's choice (index into the node's choices as written).
    Choice { node: N, choice: usize },
    /// Another party's reaction (index into the node's reactions).
    Reaction { node: N, reaction: usize },
}

/// One change with its reason: what the reflection screen and `play` explain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub change: Change,
    pub rule: Rule,
    pub cause: Cause,
    /// How many choices the player had made when this happened.
    pub step: u32,
    /// The author's note on the effect that caused it, if any.
    pub note: Option<Text>,
    /// The rule's own explanation, in both languages.
    pub why: Text,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balances_are_directed_and_antisymmetric() {
        let mut s = State::new(3);
        s.apply(&Change::Transfer {
            from: 0,
            to: 1,
            layer: Layer::Deal,
            amount: 5,
        });
        s.apply(&Change::Transfer {
            from: 1,
            to: 0,
            layer: Layer::Seen,
            amount: 2,
        });
        assert_eq!(s.ledger.credit(0, 1, Layer::Deal), 5);
        assert_eq!(s.ledger.credit(1, 0, Layer::Deal), -5);
        assert_eq!(s.ledger.credit(0, 1, Layer::Seen), -2);
        assert_eq!(s.ledger.credit_total(0, 1), 3);
        assert_eq!(s.ledger.credit_total(0, 2), 0);
    }

    #[test]
    fn felt_deficits_never_go_negative() {
        let mut s = State::new(2);
        s.apply(&Change::Felt {
            who: 0,
            toward: 1,
            delta: 3,
        });
        s.apply(&Change::Felt {
            who: 0,
            toward: 1,
            delta: -10,
        });
        assert_eq!(s.ledger.felt(0, 1), 0);
        assert_eq!(s.ledger.felt(1, 0), 0);
    }

    #[test]
    fn saturates_instead_of_overflowing() {
        let mut s = State::new(2);
        for _ in 0..3 {
            s.apply(&Change::Transfer {
                from: 0,
                to: 1,
                layer: Layer::Deal,
                amount: i32::MAX,
            });
        }
        assert_eq!(s.ledger.credit(0, 1, Layer::Deal), i32::MAX);
        assert_eq!(s.ledger.credit(1, 0, Layer::Deal), -i32::MAX);
    }

    #[test]
    fn bits_compare_equal_regardless_of_history() {
        let mut a = Bits::default();
        a.set(70, true);
        a.set(70, false);
        assert_eq!(a, Bits::default());
        a.set(3, true);
        assert!(a.get(3) && !a.get(4) && !a.get(1000));
    }
}

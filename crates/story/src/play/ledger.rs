//! The hidden state of a scenario: every give-and-take balance between its parties, how each
//! party perceives its own balances, the deficits they feel, who knows of whose credits, and
//! the story's flags.
//!
//! The state only changes through [`LedgerChange`]s recorded as [`Entry`]s, so replaying the
//! entries from an empty ledger reproduces it exactly ([`State::replay`]).

use crate::compiled::Permille;
use crate::format::scenario::Layer;
use crate::ids::{ChoiceId, FlagId, Id, IdVec, NodeId, PartyId, ReactionId};
use crate::text::Text;
use serde::{Deserialize, Serialize};

mod packed;

/// Directed balances per pair and layer, and felt deficits, for `n` parties.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ledger {
    n: usize,
    /// `credit[a*n+b][layer]`: what a gave b beyond what b gave back. Antisymmetric.
    credit: Vec<[i32; 2]>,
    /// `view[a*n+b][layer]`: what a believes it gave b beyond what came back. Not
    /// antisymmetric: it counts only what a noticed.
    view: Vec<[i32; 2]>,
    /// `felt[a*n+b]`: the deficit a feels toward b; never negative.
    felt: Vec<i32>,
    /// Sorted `(who, holder, with)`: who knows of holder's credits with `with`.
    knows: Vec<(u16, u16, u16)>,
    /// Which cells may be non-zero, so that packing and clearing cost what the story
    /// touched, not the square of its parties (a thousand parties are a million cells).
    #[serde(skip)]
    touched: Touched,
}

/// The cells of a [`Ledger`] ever written, sorted: a superset of the non-zero ones. Not part
/// of the ledger's value, so equal ledgers stay equal however they were built.
#[derive(Clone, Debug)]
struct Touched {
    cells: Vec<u32>,
    /// The list is not kept (a ledger read back from JSON): every cell may be non-zero.
    unknown: bool,
}

impl Default for Touched {
    fn default() -> Self {
        Touched {
            cells: Vec::new(),
            unknown: true,
        }
    }
}

impl PartialEq for Touched {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Touched {}

impl std::hash::Hash for Touched {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

impl Ledger {
    /// An empty ledger for `n` parties: every balance and felt deficit zero, nobody knowing
    /// anything.
    pub(crate) fn new(n: usize) -> Ledger {
        Ledger {
            n,
            credit: vec![[0; 2]; n * n],
            view: vec![[0; 2]; n * n],
            felt: vec![0; n * n],
            knows: Vec::new(),
            touched: Touched {
                cells: Vec::new(),
                unknown: false,
            },
        }
    }

    /// Notes that cell `i` is about to be written.
    fn touch(&mut self, i: usize) {
        let t = &mut self.touched;
        if !t.unknown
            && let Err(at) = t.cells.binary_search(&(i as u32))
        {
            t.cells.insert(at, i as u32);
        }
    }

    /// The cells that may be non-zero, in order.
    fn maybe_nonzero(&self) -> impl Iterator<Item = usize> + '_ {
        let (all, listed) = if self.touched.unknown {
            (0..self.n * self.n, &[][..])
        } else {
            (0..0, &self.touched.cells[..])
        };
        all.chain(listed.iter().map(|&i| i as usize))
    }

    /// Where the pair `(a, b)` sits in the flat tables.
    fn at(&self, a: PartyId, b: PartyId) -> usize {
        a.index() * self.n + b.index()
    }

    /// What `holder` has given `with` beyond what came back, on one layer.
    pub fn credit(&self, holder: PartyId, with: PartyId, layer: Layer) -> i32 {
        self.credit[self.at(holder, with)][layer.index()]
    }

    /// Both layers summed.
    pub fn credit_total(&self, holder: PartyId, with: PartyId) -> i32 {
        let [d, s] = self.credit[self.at(holder, with)];
        d.saturating_add(s)
    }

    /// What `who` believes it has given `with` beyond what came back, on one layer: the
    /// balance as `who` perceives it, which can differ from [`Ledger::credit`].
    pub fn perceived(&self, who: PartyId, with: PartyId, layer: Layer) -> i32 {
        self.view[self.at(who, with)][layer.index()]
    }

    /// Both layers of [`Ledger::perceived`] summed.
    pub fn perceived_total(&self, who: PartyId, with: PartyId) -> i32 {
        let [d, s] = self.view[self.at(who, with)];
        d.saturating_add(s)
    }

    /// How short-changed `who` feels toward `toward` (zero or more); not the same as what
    /// `toward` feels back.
    pub fn felt(&self, who: PartyId, toward: PartyId) -> i32 {
        self.felt[self.at(who, toward)]
    }

    /// Whether `who` has learned of what `holder` built up with `with` (what a claim on
    /// those credits needs).
    pub fn knows(&self, who: PartyId, holder: PartyId, with: PartyId) -> bool {
        self.knows
            .binary_search(&(
                who.index() as u16,
                holder.index() as u16,
                with.index() as u16,
            ))
            .is_ok()
    }

    fn perceive(&mut self, who: PartyId, with: PartyId, layer: Layer, delta: i32) {
        let at = self.at(who, with);
        self.touch(at);
        let v = &mut self.view[at][layer.index()];
        *v = v.saturating_add(delta);
    }

    fn transfer(&mut self, from: PartyId, to: PartyId, layer: Layer, amount: i32) {
        let l = layer.index();
        let (ab, ba) = (self.at(from, to), self.at(to, from));
        self.touch(ab);
        self.touch(ba);
        let ab = &mut self.credit[ab][l];
        *ab = ab.saturating_add(amount);
        let v = *ab;
        // Kept exactly antisymmetric, also when saturating.
        self.credit[ba][l] = v.saturating_neg();
    }

    fn add_felt(&mut self, who: PartyId, toward: PartyId, delta: i32) {
        let at = self.at(who, toward);
        self.touch(at);
        let f = &mut self.felt[at];
        *f = f.saturating_add(delta).max(0);
    }

    fn learn(&mut self, who: PartyId, holder: PartyId, with: PartyId) {
        let key = (
            who.index() as u16,
            holder.index() as u16,
            with.index() as u16,
        );
        if let Err(at) = self.knows.binary_search(&key) {
            self.knows.insert(at, key);
        }
    }

    /// This ledger over another set of parties: `map[p]` is `p`'s index there (`None` when
    /// the party is gone). Fails with the first gone party that still has a balance, a felt
    /// deficit or knowledge.
    pub(crate) fn remap(
        &self,
        map: &IdVec<PartyId, Option<PartyId>>,
        n: usize,
    ) -> Result<Ledger, PartyId> {
        let mut out = Ledger::new(n);
        for ab in self.maybe_nonzero() {
            let (credit, view, felt) = (self.credit[ab], self.view[ab], self.felt[ab]);
            if credit == [0, 0] && view == [0, 0] && felt == 0 {
                continue;
            }
            let (a, b) = (
                PartyId::from_index(ab / self.n),
                PartyId::from_index(ab % self.n),
            );
            let (Some(x), Some(y)) = (map[a], map[b]) else {
                return Err(if map[a].is_none() { a } else { b });
            };
            let xy = out.at(x, y);
            out.touch(xy);
            out.credit[xy] = credit;
            out.view[xy] = view;
            out.felt[xy] = felt;
        }
        for &(w, h, t) in &self.knows {
            let get = |p: u16| {
                let p = PartyId::from_index(p as usize);
                map[p].ok_or(p)
            };
            out.learn(get(w)?, get(h)?, get(t)?);
        }
        Ok(out)
    }

    /// Every party the ledger keeps balances for.
    pub fn parties(&self) -> impl ExactSizeIterator<Item = PartyId> + use<> {
        (0..self.n).map(PartyId::from_index)
    }

    /// Every pair with a non-zero balance, perceived balance or felt deficit, each unordered
    /// pair once
    /// (`a < b`), for reports.
    pub fn pairs(&self) -> impl Iterator<Item = (PartyId, PartyId)> + '_ {
        let mut pairs: Vec<(usize, usize)> = self
            .maybe_nonzero()
            .filter(|&i| self.credit[i] != [0, 0] || self.view[i] != [0, 0] || self.felt[i] != 0)
            .map(|i| {
                let (a, b) = (i / self.n, i % self.n);
                (a.min(b), a.max(b))
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
            .into_iter()
            .map(|(a, b)| (PartyId::from_index(a), PartyId::from_index(b)))
    }
}

/// A small growable bit set (flags, visited nodes).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Bits(Vec<u64>);

impl Bits {
    /// Whether bit `i` is set.
    pub fn get(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
    /// Sets (`on`) or clears bit `i`; equal sets compare equal however they were built.
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
    /// The balances, felt deficits and knowledge between the parties.
    pub ledger: Ledger,
    /// The story's flags that are set, by flag index ([`State::flag`] reads one).
    pub flags: Bits,
    /// Watched nodes (those some `Visited` condition asks about) that were entered.
    pub visited: Bits,
}

impl State {
    /// The state before anything happened: an empty ledger, no flags, nothing visited.
    pub(crate) fn new(parties: usize) -> State {
        State {
            ledger: Ledger::new(parties),
            flags: Bits::default(),
            visited: Bits::default(),
        }
    }

    /// Makes this state equal to `from`, a state of the same story, at the cost of the cells
    /// either has touched rather than of the ledger's full tables (a thousand parties are a
    /// million cells): what the analysis does before each transition out of a state.
    pub(crate) fn restore_from(&mut self, from: &State) {
        let (l, f) = (&mut self.ledger, &from.ledger);
        debug_assert_eq!(l.n, f.n, "states of the same story");
        if l.touched.unknown || f.touched.unknown {
            l.clone_from(f);
        } else {
            for &i in &l.touched.cells {
                let i = i as usize;
                (l.credit[i], l.view[i], l.felt[i]) = ([0, 0], [0, 0], 0);
            }
            for &i in &f.touched.cells {
                let i = i as usize;
                (l.credit[i], l.view[i], l.felt[i]) = (f.credit[i], f.view[i], f.felt[i]);
            }
            l.touched.cells.clone_from(&f.touched.cells);
            l.knows.clone_from(&f.knows);
        }
        self.flags.0.clone_from(&from.flags.0);
        self.visited.0.clone_from(&from.visited.0);
    }

    /// Whether a flag is set.
    pub fn flag(&self, f: FlagId) -> bool {
        self.flags.get(f.index())
    }

    /// Applies one change; the only way the ledger and flags move.
    pub fn apply(&mut self, change: &LedgerChange) {
        match *change {
            LedgerChange::Transfer {
                from,
                to,
                layer,
                amount,
                giver_counts,
                receiver_counts,
            } => {
                self.ledger.transfer(from, to, layer, amount);
                self.ledger.perceive(from, to, layer, giver_counts);
                self.ledger
                    .perceive(to, from, layer, receiver_counts.saturating_neg());
            }
            LedgerChange::Perceive {
                who,
                with,
                layer,
                delta,
            } => self.ledger.perceive(who, with, layer, delta),
            LedgerChange::Felt { who, toward, delta } => self.ledger.add_felt(who, toward, delta),
            LedgerChange::Learn { who, holder, with } => self.ledger.learn(who, holder, with),
            LedgerChange::Flag { flag, on } => self.flags.set(flag.index(), on),
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
pub enum LedgerChange {
    /// `from` gave `to` `amount` (negative: took) on `layer`.
    Transfer {
        /// The giver: `amount` is added to its credit with `to`.
        from: PartyId,
        /// Who received.
        to: PartyId,
        /// Deal or Seen.
        layer: Layer,
        /// How much (negative: `from` took).
        amount: i32,
        /// How much of it the giver counts as given (its perceived credit with `to` grows
        /// by this): the face value of a gift, nothing for a deflector's or taker's gain.
        giver_counts: i32,
        /// How much of it the receiver counts as received (its perceived credit with `from`
        /// shrinks by this): nothing when it went unnoticed.
        receiver_counts: i32,
    },
    /// `who` now sees its balance with `with` differently: its perceived credit moved by
    /// `delta` (it learned of a gift it had missed, say).
    Perceive {
        /// Whose perception changed.
        who: PartyId,
        /// The other party of the balance.
        with: PartyId,
        /// Deal or Seen.
        layer: Layer,
        /// How far the perceived credit moved.
        delta: i32,
    },
    /// The deficit `who` feels toward `toward` moved by `delta` (already clamped at zero).
    Felt {
        /// Who feels short-changed.
        who: PartyId,
        /// Whom the deficit is felt toward.
        toward: PartyId,
        /// How much it grew (negative: eased).
        delta: i32,
    },
    /// `who` learned of `holder`'s credits with `with`.
    Learn {
        /// Who learned.
        who: PartyId,
        /// Whose credits they learned of.
        holder: PartyId,
        /// The party those credits are held with.
        with: PartyId,
    },
    /// A flag was set or cleared.
    Flag {
        /// The flag.
        flag: FlagId,
        /// `true` when it was set, `false` when it was cleared.
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
        /// The kind of gift, by its id in the file.
        kind: String,
        /// What the receiver thinks that kind is worth (1000 = face value).
        worth: Permille,
    },
    /// A party takes without giving back: the one taken from is now in credit with the taker.
    Take,
    /// Recognition shrinks a felt deficit, more the larger it is.
    Acknowledge,
    /// Blame or counter-claims grow the other's felt deficit.
    Deflect,
    /// A deflection by someone who carries a deficit of his own hurts more.
    Escalation,
    /// A member's act moves the client's balance with the organisation too.
    CallingCard {
        /// The organisation the member acts for.
        org: PartyId,
        /// How much the member represents it: the share of the act that counts for it.
        weight: Permille,
    },
    /// Part of what a party receives is passed on.
    Chain {
        /// Which chain passed it on: its position in the scenario's `chains`, from 0.
        index: usize,
    },
    /// Credits with a predecessor taken over by his successor.
    Succession {
        /// How loyal the successor is to the predecessor (0–1000): the share of the
        /// credits that carries over.
        loyalty: Permille,
    },
    /// Honouring a predecessor's credits is the successor's gift to him.
    Loyalty,
    /// A claim on credits the other does not honour is a take.
    ClaimRefused {
        /// Why the claim was not honoured.
        reason: Refusal,
    },
    /// A felt deficit follows from a perceived balance: what a party believes it is owed
    /// beyond what it tolerates.
    Perception,
    /// A party carrying a deficit reads a neutral reply as a slight.
    Slight,
    /// A third party's acknowledgment eases part of a deficit felt toward someone else.
    Consolation,
    /// An organisation pays for what its member gives away.
    Expense {
        /// The organisation that pays.
        org: PartyId,
    },
    /// A direct change written by the author (`Feel`, `Tell`, `Set`).
    Direct,
}

/// Why a successor did not honour a claim on the credits built up with his predecessor.
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
    Enter {
        /// The node entered.
        node: NodeId,
    },
    /// The player's choice (as written in the file).
    Choice {
        /// The node the choice was made at.
        node: NodeId,
        /// The choice, by its place in the file.
        choice: ChoiceId,
    },
    /// Another party's reaction (as written in the file).
    Reaction {
        /// The node the reaction was taken at.
        node: NodeId,
        /// The reaction, by its place in the file.
        reaction: ReactionId,
    },
}

/// One change with its reason: what the reflection screen and `play` explain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// What moved.
    pub change: LedgerChange,
    /// The ledger rule that moved it.
    pub rule: Rule,
    /// What in the story set it off.
    pub cause: Cause,
    /// How many choices the player had made when this happened.
    pub step: u32,
    /// The author's note on the effect that caused it, if any.
    pub note: Option<Text>,
    /// The rule's own explanation, put into words by [`crate::Why::text`] when shown.
    pub why: crate::play::rules::Why,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(i: usize) -> PartyId {
        PartyId::from_index(i)
    }

    fn transfer(from: usize, to: usize, layer: Layer, amount: i32) -> LedgerChange {
        LedgerChange::Transfer {
            from: p(from),
            to: p(to),
            layer,
            amount,
            giver_counts: amount,
            receiver_counts: 0,
        }
    }

    #[test]
    fn balances_are_directed_and_antisymmetric() {
        let mut s = State::new(3);
        s.apply(&transfer(0, 1, Layer::Deal, 5));
        s.apply(&transfer(1, 0, Layer::Seen, 2));
        assert_eq!(s.ledger.credit(p(0), p(1), Layer::Deal), 5);
        assert_eq!(s.ledger.credit(p(1), p(0), Layer::Deal), -5);
        assert_eq!(s.ledger.credit(p(0), p(1), Layer::Seen), -2);
        assert_eq!(s.ledger.credit_total(p(0), p(1)), 3);
        assert_eq!(s.ledger.credit_total(p(0), p(2)), 0);
        // Each side perceives only what it counted: the receiver of each counted nothing.
        assert_eq!(s.ledger.perceived(p(0), p(1), Layer::Deal), 5);
        assert_eq!(s.ledger.perceived(p(1), p(0), Layer::Deal), 0);
        assert_eq!(s.ledger.perceived(p(1), p(0), Layer::Seen), 2);
    }

    #[test]
    fn a_state_restored_from_another_equals_it() {
        let mut a = State::new(3);
        a.apply(&transfer(0, 1, Layer::Deal, 5));
        a.apply(&LedgerChange::Flag {
            flag: FlagId::from_index(3),
            on: true,
        });
        let mut b = State::new(3);
        b.apply(&transfer(2, 1, Layer::Seen, 4));
        b.apply(&LedgerChange::Learn {
            who: p(0),
            holder: p(1),
            with: p(2),
        });
        b.restore_from(&a);
        assert_eq!(b, a);
        // Then moved on its own, it leaves the state it came from as it was.
        b.apply(&transfer(1, 2, Layer::Deal, 1));
        assert_ne!(b, a);
        b.restore_from(&a);
        assert_eq!(b, a);
        assert_eq!(b.ledger.credit(p(2), p(1), Layer::Seen), 0);
    }

    #[test]
    fn felt_deficits_never_go_negative() {
        let mut s = State::new(2);
        s.apply(&LedgerChange::Felt {
            who: p(0),
            toward: p(1),
            delta: 3,
        });
        s.apply(&LedgerChange::Felt {
            who: p(0),
            toward: p(1),
            delta: -10,
        });
        assert_eq!(s.ledger.felt(p(0), p(1)), 0);
        assert_eq!(s.ledger.felt(p(1), p(0)), 0);
    }

    #[test]
    fn saturates_instead_of_overflowing() {
        let mut s = State::new(2);
        for _ in 0..3 {
            s.apply(&transfer(0, 1, Layer::Deal, i32::MAX));
        }
        assert_eq!(s.ledger.credit(p(0), p(1), Layer::Deal), i32::MAX);
        assert_eq!(s.ledger.credit(p(1), p(0), Layer::Deal), -i32::MAX);
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

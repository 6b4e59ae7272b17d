//! Interval bounds: a sound over-approximation of every value the story's conditions read, at
//! every node, found without enumerating paths (abstract interpretation over the node graph).
//!
//! # Method
//! Each value a condition reads (a balance, a perceived balance, a felt deficit, a flag, a
//! `Knows`, a `Visited`) is a *cell* holding an interval; truths are intervals within 0..=1.
//! The opening state (the history applied) is exact. Entering a node and taking a choice or
//! a reaction move the intervals the way the effects can move the values:
//! - **Balances** (`Credit`) move by amounts that do not depend on the state for every effect
//!   but a claim (gifts, takes, recognition, understanding taken by a deflection, with the
//!   calling card, expenses and chains they set off): so each effect's exact movement of each
//!   balance is found once by applying it, with the real rules, to an empty ledger. A claim's
//!   movement depends on loyalty and credits, so the balances among its parties become
//!   unbounded.
//! - **Felt deficits and perceived balances** follow the perception, relief, escalation,
//!   consolation and succession rules, which all depend on the state; they are bounded
//!   coarsely: an effect that may touch one (the parties it names, their organisations and
//!   the parties their chains pass on to) sets it to "anything" (felt: 0 or more). `Feel`
//!   moves one deficit exactly, and a neutral reply can add at most 1 (the **Slight** rule).
//! - **Flags, `Knows`, `Visited`** are set exactly.
//!
//! Where paths meet, intervals are joined; a node whose state keeps growing (a loop through
//! player choices) is widened to unbounded after [`WIDEN_AFTER`] changes, so the fixpoint is
//! reached in a few passes. A condition is then true, false or unknown on the intervals; a
//! choice or reaction whose condition is false is never taken, an outcome whose condition is
//! false (or after an outcome that surely holds) at every reachable `End` is unreachable.
//! Sound, not complete: an outcome the bounds allow may still be unreachable.

use crate::compiled::{Cond, Effect, EffectKind, Then, Value};
use crate::format::scenario::{Layer, Move};
use crate::ids::{NodeId, PartyId};
use crate::play::ledger::{Cause, State};
use crate::play::{rules, runner};
use crate::story::Story;
use std::collections::{BTreeSet, HashMap};

/// A node stepped this many times whose entry state still grows is widened: growing bounds
/// become unbounded (loops through player choices would otherwise never settle). Merges
/// before a node is first stepped do not count: in a DAG, taken in reverse postorder, every
/// node is stepped once, after all its predecessors, and never widened.
pub const WIDEN_AFTER: u32 = 8;
/// Beyond this magnitude a bound counts as unbounded: concrete values are `i32` and
/// saturate, so large bounds are not trusted.
const HUGE: i64 = 1 << 30;

/// A closed interval; `i64::MIN` / `i64::MAX` stand for unbounded ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// The lowest possible value.
    pub lo: i64,
    /// The highest possible value.
    pub hi: i64,
}

impl Span {
    const ALL: Span = Span {
        lo: i64::MIN,
        hi: i64::MAX,
    };
    fn point(v: i64) -> Span {
        Span { lo: v, hi: v }
    }
    fn norm(lo: i64, hi: i64) -> Span {
        Span {
            lo: if lo.unsigned_abs() >= HUGE as u64 {
                i64::MIN
            } else {
                lo
            },
            hi: if hi.unsigned_abs() >= HUGE as u64 {
                i64::MAX
            } else {
                hi
            },
        }
    }
    fn plus(self, o: Span) -> Span {
        let lo = if self.lo == i64::MIN || o.lo == i64::MIN {
            i64::MIN
        } else {
            self.lo + o.lo
        };
        let hi = if self.hi == i64::MAX || o.hi == i64::MAX {
            i64::MAX
        } else {
            self.hi + o.hi
        };
        Span::norm(lo, hi)
    }
    fn add(self, d: i64) -> Span {
        self.plus(Span::point(d))
    }
    fn neg(self) -> Span {
        let f = |x: i64| match x {
            i64::MIN => i64::MAX,
            i64::MAX => i64::MIN,
            x => -x,
        };
        Span {
            lo: f(self.hi),
            hi: f(self.lo),
        }
    }
    fn join(self, o: Span) -> Span {
        Span {
            lo: self.lo.min(o.lo),
            hi: self.hi.max(o.hi),
        }
    }
    /// Never below `floor` (a felt deficit is never negative).
    fn at_least(self, floor: i64) -> Span {
        Span {
            lo: self.lo.max(floor),
            hi: self.hi.max(floor),
        }
    }
    /// Whether `v` lies inside.
    #[cfg(test)]
    pub fn contains(self, v: i64) -> bool {
        self.lo <= v && v <= self.hi
    }
}

/// A condition on intervals: surely true, surely false, or either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truth {
    /// Holds in every state the bounds allow.
    True,
    /// Holds in none.
    False,
    /// May or may not hold.
    Unknown,
}

/// One value a condition reads (balances between `a < b`, the other way round negated). A
/// value over both layers (`None`) is a cell of its own: bounds on the layers apart would
/// lose that the paths that raise one are not those that raise the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Cell {
    Credit(PartyId, PartyId, Option<Layer>),
    View(PartyId, PartyId, Option<Layer>),
    Felt(PartyId, PartyId),
    Knows(PartyId, PartyId, PartyId),
    Flag(usize),
    Visited(usize),
}

/// How one effect moves the cells.
#[derive(Default)]
struct Plan {
    /// Exact movement of balances.
    credit: Vec<(usize, i64)>,
    /// Exact movement of felt deficits (clamped at 0).
    felt: Vec<(usize, i64)>,
    /// Set to a truth.
    set: Vec<(usize, i64)>,
    /// Anything (felt: 0 or more).
    widen: Vec<usize>,
}

/// The bounds of a story: the intervals at the entry of every node, and which outcomes they
/// allow.
pub struct Bounds {
    cells: Vec<Cell>,
    index: HashMap<Cell, usize>,
    /// Intervals when entering each node; `None`: the bounds prove it is never entered.
    pub(super) at: Vec<Option<Vec<Span>>>,
    /// Whether each outcome may be reached.
    pub(super) possible: Vec<bool>,
    /// The reachable `End` nodes with their state after the node's effects.
    pub(super) ends: Vec<(NodeId, Vec<Span>)>,
}

/// Finds the bounds of `story`.
pub fn bounds(story: &Story) -> Bounds {
    let mut cells = BTreeSet::new();
    let mut conds: Vec<&Cond> = story
        .outcomes
        .iter()
        .filter_map(|o| o.when.as_ref())
        .collect();
    for n in story.nodes.iter() {
        match &n.then {
            Then::Choices(cs) => conds.extend(cs.iter().filter_map(|c| c.when.as_ref())),
            Then::React { reactions, .. } => {
                conds.extend(reactions.iter().filter_map(|r| r.when.as_ref()))
            }
            _ => {}
        }
    }
    for c in conds {
        cells_of(c, &mut cells);
    }
    let cells: Vec<Cell> = cells.into_iter().collect();
    let index = cells.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let mut b = Bounds {
        cells,
        index,
        at: vec![None; story.nodes.len()],
        possible: vec![false; story.outcomes.len()],
        ends: Vec::new(),
    };
    b.fixpoint(story);
    b
}

fn credit_cell(a: PartyId, b: PartyId, l: Option<Layer>) -> Cell {
    Cell::Credit(a.min(b), a.max(b), l)
}

fn cells_of(c: &Cond, out: &mut BTreeSet<Cell>) {
    match c {
        Cond::Always => {}
        Cond::AtLeast(v, _) | Cond::Below(v, _) => match *v {
            Value::Credit {
                holder,
                with,
                layer,
            } => {
                out.insert(credit_cell(holder, with, layer));
            }
            Value::Perceived { who, with, layer } => {
                out.insert(Cell::View(who, with, layer));
            }
            Value::Felt { who, toward } => {
                out.insert(Cell::Felt(who, toward));
            }
            Value::Transferable { holder, with, via } => {
                out.extend(Layer::ALL.map(|l| credit_cell(holder, via, Some(l))));
                out.insert(Cell::Knows(with, holder, via));
            }
        },
        Cond::Knows { who, holder, with } => {
            out.insert(Cell::Knows(*who, *holder, *with));
        }
        Cond::Flag(f) => {
            out.insert(Cell::Flag(f.index()));
        }
        Cond::Visited(w) => {
            out.insert(Cell::Visited(*w));
        }
        Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| cells_of(c, out)),
        Cond::Not(c) => cells_of(c, out),
    }
}

/// The cell's value in a concrete state.
fn concrete(cell: Cell, s: &State) -> i64 {
    let b = |x: bool| x as i64;
    (match cell {
        Cell::Credit(a, w, l) => credit_of(s, a, w, l),
        Cell::View(a, w, Some(l)) => s.ledger.perceived(a, w, l),
        Cell::View(a, w, None) => s.ledger.perceived_total(a, w),
        Cell::Felt(a, w) => s.ledger.felt(a, w),
        Cell::Knows(w, h, t) => b(s.ledger.knows(w, h, t)) as i32,
        Cell::Flag(f) => b(s.flags.get(f)) as i32,
        Cell::Visited(w) => b(s.visited.get(w)) as i32,
    }) as i64
}

fn credit_of(s: &State, a: PartyId, w: PartyId, l: Option<Layer>) -> i32 {
    match l {
        Some(l) => s.ledger.credit(a, w, l),
        None => s.ledger.credit_total(a, w),
    }
}

impl Bounds {
    /// The number of values tracked.
    pub fn cells(&self) -> usize {
        self.cells.len()
    }

    /// Whether a concrete state met on entering `node` lies within the bounds (for the
    /// soundness tests).
    #[cfg(test)]
    pub fn contains(&self, node: NodeId, s: &State) -> bool {
        self.at[node.index()].as_ref().is_some_and(|a| {
            self.cells
                .iter()
                .zip(a)
                .all(|(&c, span)| span.contains(concrete(c, s)))
        })
    }

    fn cell(&self, c: Cell) -> Option<usize> {
        self.index.get(&c).copied()
    }

    fn credit(&self, a: &[Span], holder: PartyId, with: PartyId, l: Option<Layer>) -> Span {
        if holder == with {
            return Span::point(0);
        }
        let s = a[self.index[&credit_cell(holder, with, l)]];
        if holder < with { s } else { s.neg() }
    }

    /// The interval of a value.
    pub(super) fn value(&self, a: &[Span], v: &Value) -> Span {
        match *v {
            Value::Credit {
                holder,
                with,
                layer,
            } => self.credit(a, holder, with, layer),
            Value::Perceived { who, with, layer } => a[self.index[&Cell::View(who, with, layer)]],
            Value::Felt { who, toward } => a[self.index[&Cell::Felt(who, toward)]],
            Value::Transferable { holder, with, via } => {
                // Loyalty is at most full: at most the positive credits, all of them.
                if a[self.index[&Cell::Knows(with, holder, via)]].hi == 0 {
                    return Span::point(0);
                }
                let most = Layer::ALL
                    .map(|l| self.credit(a, holder, via, Some(l)).at_least(0))
                    .into_iter()
                    .fold(Span::point(0), Span::plus);
                Span { lo: 0, hi: most.hi }
            }
        }
    }

    /// Whether `c` holds on the intervals `a`.
    pub(super) fn truth(&self, a: &[Span], c: &Cond) -> Truth {
        let cmp = |s: Span, n: i64| {
            if s.lo >= n {
                Truth::True
            } else if s.hi < n {
                Truth::False
            } else {
                Truth::Unknown
            }
        };
        let bit = |cell: Cell| cmp(a[self.index[&cell]], 1);
        match c {
            Cond::Always => Truth::True,
            Cond::AtLeast(v, n) => cmp(self.value(a, v), *n as i64),
            Cond::Below(v, n) => not(cmp(self.value(a, v), *n as i64)),
            Cond::Knows { who, holder, with } => bit(Cell::Knows(*who, *holder, *with)),
            Cond::Flag(f) => bit(Cell::Flag(f.index())),
            Cond::Visited(w) => bit(Cell::Visited(*w)),
            Cond::All(cs) => cs
                .iter()
                .fold(Truth::True, |t, c| match (t, self.truth(a, c)) {
                    (Truth::False, _) | (_, Truth::False) => Truth::False,
                    (Truth::True, Truth::True) => Truth::True,
                    _ => Truth::Unknown,
                }),
            Cond::Any(cs) => cs
                .iter()
                .fold(Truth::False, |t, c| match (t, self.truth(a, c)) {
                    (Truth::True, _) | (_, Truth::True) => Truth::True,
                    (Truth::False, Truth::False) => Truth::False,
                    _ => Truth::Unknown,
                }),
            Cond::Not(c) => not(self.truth(a, c)),
        }
    }

    pub(super) fn truth_opt(&self, a: &[Span], c: Option<&Cond>) -> Truth {
        c.map_or(Truth::True, |c| self.truth(a, c))
    }

    /// Runs the node graph to a fixpoint, in reverse postorder (each node of a DAG once).
    fn fixpoint(&mut self, story: &Story) {
        let order = reverse_postorder(story);
        let mut rank = vec![usize::MAX; story.nodes.len()];
        for (i, &n) in order.iter().enumerate() {
            rank[n.index()] = i;
        }
        let plans = self.plans(story);
        let opening = runner::opening_state(story, None);
        let start: Vec<Span> = self
            .cells
            .iter()
            .map(|&c| Span::point(concrete(c, &opening)))
            .collect();
        self.at[story.start.index()] = Some(start);
        let mut stepped = vec![0u32; story.nodes.len()];
        let mut queue = std::collections::BinaryHeap::new();
        let mut queued = vec![false; story.nodes.len()];
        queue.push(std::cmp::Reverse(rank[story.start.index()]));
        queued[story.start.index()] = true;
        while let Some(std::cmp::Reverse(r)) = queue.pop() {
            let node = order[r];
            queued[node.index()] = false;
            stepped[node.index()] += 1;
            for (next, state) in self.step(story, &plans, node) {
                if self.merge(next, state, stepped[next.index()]) && !queued[next.index()] {
                    queued[next.index()] = true;
                    queue.push(std::cmp::Reverse(rank[next.index()]));
                }
            }
        }
    }

    /// Joins `state` into the entry of `node`; whether it changed.
    fn merge(&mut self, node: NodeId, state: Vec<Span>, stepped: u32) -> bool {
        let slot = &mut self.at[node.index()];
        let Some(old) = slot else {
            *slot = Some(state);
            return true;
        };
        let widen = stepped >= WIDEN_AFTER;
        let mut changed = false;
        for ((o, n), &cell) in old.iter_mut().zip(state).zip(&self.cells) {
            let j = o.join(n);
            if j != *o {
                changed = true;
                *o = if widen { grown(*o, j, cell) } else { j };
            }
        }
        changed
    }

    /// Enters `node` on its entry intervals: the intervals passed on to each successor.
    fn step(&mut self, story: &Story, plans: &Plans, node: NodeId) -> Vec<(NodeId, Vec<Span>)> {
        let n = &story.nodes[node];
        let mut a = self.at[node.index()]
            .clone()
            .expect("queued nodes have a state");
        if let Some(i) = n.watch.and_then(|w| self.cell(Cell::Visited(w))) {
            a[i] = Span::point(1);
        }
        for e in &n.effects {
            self.apply(plans, e, &mut a);
        }
        let mut out = Vec::new();
        match &n.then {
            Then::Choices(cs) => {
                for c in cs.iter() {
                    if self.truth_opt(&a, c.when.as_ref()) == Truth::False {
                        continue;
                    }
                    let mut b = a.clone();
                    for e in &c.effects {
                        self.apply(plans, e, &mut b);
                    }
                    if c.move_kind == Move::Neutral && story.rules.hurt_travels {
                        self.slight(n.speaker, &mut b);
                    }
                    out.push((c.next, b));
                }
            }
            Then::Goto(next) => out.push((*next, a)),
            Then::React {
                weighted,
                reactions,
            } => {
                for r in reactions.iter() {
                    let t = self.truth_opt(&a, r.when.as_ref());
                    if t == Truth::False {
                        continue;
                    }
                    let mut b = a.clone();
                    for e in &r.effects {
                        self.apply(plans, e, &mut b);
                    }
                    out.push((r.next, b));
                    // Unweighted: the first that surely applies is taken; none after it.
                    if !weighted && t == Truth::True {
                        break;
                    }
                }
            }
            Then::End => {
                for (o, outcome) in story.outcomes.iter_enumerated() {
                    let t = self.truth_opt(&a, outcome.when.as_ref());
                    if t != Truth::False {
                        self.possible[o.index()] = true;
                    }
                    if t == Truth::True {
                        break;
                    }
                }
                match self.ends.iter_mut().find(|(e, _)| *e == node) {
                    Some((_, s)) => s.iter_mut().zip(&a).for_each(|(s, x)| *s = s.join(*x)),
                    None => self.ends.push((node, a)),
                }
            }
            Then::Outcome(o) => self.possible[o.index()] = true,
        }
        out
    }

    /// A neutral reply to a hurt speaker adds at most 1 to what it feels toward the player
    /// (whoever the player is by then).
    fn slight(&self, speaker: Option<PartyId>, a: &mut [Span]) {
        let Some(sp) = speaker else { return };
        for (i, c) in self.cells.iter().enumerate() {
            if matches!(*c, Cell::Felt(who, _) if who == sp) {
                a[i] = a[i].plus(Span { lo: 0, hi: 1 });
            }
        }
    }

    fn apply(&self, plans: &Plans, e: &Effect, a: &mut [Span]) {
        let Some(&i) = plans.by_effect.get(&(e as *const Effect as usize)) else {
            return;
        };
        let p = &plans.distinct[i as usize].1;
        for &(i, d) in &p.credit {
            a[i] = a[i].add(d);
        }
        for &(i, d) in &p.felt {
            a[i] = a[i].add(d).at_least(0);
        }
        for &(i, v) in &p.set {
            a[i] = Span::point(v);
        }
        for &i in &p.widen {
            a[i] = anything(self.cells[i]);
        }
    }

    /// How each effect of the story's nodes, choices and reactions moves the cells.
    fn plans(&self, story: &Story) -> Plans {
        let mut plans = Plans::default();
        // Large stories repeat a few effects thousands of times: each is planned once (found
        // by hash: a story of all-different effects must not cost the square of its size).
        let mut index: HashMap<EffectKind, u32> = HashMap::new();
        let mut add = |e: &Effect| {
            let i = *index.entry(e.kind.clone()).or_insert_with(|| {
                plans.distinct.push((e.kind.clone(), self.plan(story, e)));
                plans.distinct.len() as u32 - 1
            }) as usize;
            plans
                .by_effect
                .insert(e as *const Effect as usize, i as u32);
        };
        for n in story.nodes.iter() {
            n.effects.iter().for_each(&mut add);
            match &n.then {
                Then::Choices(cs) => cs.iter().flat_map(|c| &c.effects).for_each(&mut add),
                Then::React { reactions, .. } => {
                    reactions.iter().flat_map(|r| &r.effects).for_each(&mut add)
                }
                _ => {}
            }
        }
        plans
    }

    fn plan(&self, story: &Story, e: &Effect) -> Plan {
        let mut p = Plan::default();
        let perception = story.rules.perception;
        let named = match e.kind {
            EffectKind::Set(f) | EffectKind::Clear(f) => {
                let on = matches!(e.kind, EffectKind::Set(_));
                p.set
                    .extend(self.cell(Cell::Flag(f.index())).map(|i| (i, on as i64)));
                return p;
            }
            // As the rules: a party feels nothing toward itself.
            EffectKind::Feel { who, toward, .. } if who == toward => return p,
            EffectKind::Feel {
                who,
                toward,
                amount,
            } => {
                p.felt.extend(
                    self.cell(Cell::Felt(who, toward))
                        .map(|i| (i, amount as i64)),
                );
                return p;
            }
            EffectKind::Tell { who, holder, with } => {
                p.set
                    .extend(self.cell(Cell::Knows(who, holder, with)).map(|i| (i, 1)));
                // Hearing what `holder` did for you: your view of that balance, and what you
                // feel about it, move to the truth.
                if perception && who == with && holder != who {
                    self.widen_among(&[who, holder], perception, &mut p);
                }
                return p;
            }
            EffectKind::Give { from, to, .. } => vec![from, to],
            EffectKind::Take { by, from, .. } => vec![by, from],
            EffectKind::Acknowledge { by, of, .. } => vec![by, of],
            EffectKind::Deflect { by, toward, .. } => vec![by, toward],
            EffectKind::ClaimCredit {
                claimant,
                with,
                via,
                ..
            } => vec![claimant, with, via],
        };
        let parties = footprint(story, named);
        self.widen_among(&parties, perception, &mut p);
        if matches!(e.kind, EffectKind::ClaimCredit { .. }) {
            // What a claim moves depends on loyalty and credits: unbounded among its parties.
            for (i, c) in self.cells.iter().enumerate() {
                if let Cell::Credit(a, b, _) = *c
                    && parties.contains(&a)
                    && parties.contains(&b)
                {
                    p.widen.push(i);
                }
            }
        } else if self.cells.iter().any(|c| matches!(c, Cell::Credit(..))) {
            // Every other effect moves balances by fixed amounts: apply it once, with the
            // real rules, to an empty ledger and read the movement off.
            let mut probe = State::new(story.parties.len());
            rules::apply(story, &mut probe, e, Cause::History, 0, None);
            for (i, c) in self.cells.iter().enumerate() {
                if let Cell::Credit(a, b, l) = *c {
                    let d = credit_of(&probe, a, b, l);
                    if d != 0 {
                        p.credit.push((i, d as i64));
                    }
                }
            }
        }
        p
    }

    /// Views between parties of `parties`, and deficits felt by them, may move any way.
    fn widen_among(&self, parties: &[PartyId], perception: bool, p: &mut Plan) {
        for (i, c) in self.cells.iter().enumerate() {
            let hit = match *c {
                Cell::View(a, b, _) => perception && parties.contains(&a) && parties.contains(&b),
                Cell::Felt(a, _) => parties.contains(&a),
                _ => false,
            };
            if hit {
                p.widen.push(i);
            }
        }
    }
}

/// The plan of every effect, by its address in the story (which outlives the bounds'
/// computation); equal effects share one.
#[derive(Default)]
struct Plans {
    distinct: Vec<(EffectKind, Plan)>,
    by_effect: HashMap<usize, u32, std::hash::BuildHasherDefault<AddressHasher>>,
}

/// Addresses are distinct and well spread: a multiply is hash enough.
#[derive(Default)]
struct AddressHasher(u64);

impl std::hash::Hasher for AddressHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

fn not(t: Truth) -> Truth {
    match t {
        Truth::True => Truth::False,
        Truth::False => Truth::True,
        Truth::Unknown => Truth::Unknown,
    }
}

/// The widest a cell can be.
fn anything(c: Cell) -> Span {
    match c {
        Cell::Felt(..) => Span {
            lo: 0,
            hi: i64::MAX,
        },
        Cell::Knows(..) | Cell::Flag(_) | Cell::Visited(_) => Span { lo: 0, hi: 1 },
        _ => Span::ALL,
    }
}

/// `old` widened where `joined` grew past it.
fn grown(old: Span, joined: Span, c: Cell) -> Span {
    let all = anything(c);
    Span {
        lo: if joined.lo < old.lo { all.lo } else { old.lo },
        hi: if joined.hi > old.hi { all.hi } else { old.hi },
    }
}

/// The parties an effect's rules can reach from those it names: the organisations they act
/// for (the calling card, expenses) and whoever their chains pass on to, transitively.
fn footprint(story: &Story, named: Vec<PartyId>) -> Vec<PartyId> {
    let mut out = named;
    let mut i = 0;
    while i < out.len() {
        let p = out[i];
        let orgs = story.parties[p].member_of.iter().map(|&(o, _)| o);
        let passed = story.chains.iter().filter(|c| c.at == p).map(|c| c.pass_to);
        for q in orgs.chain(passed).collect::<Vec<_>>() {
            if !out.contains(&q) {
                out.push(q);
            }
        }
        i += 1;
    }
    out
}

/// The nodes in reverse postorder from the start (unreachable ones left out).
fn reverse_postorder(story: &Story) -> Vec<NodeId> {
    let n = story.nodes.len();
    let mut seen = vec![false; n];
    let mut post = Vec::with_capacity(n);
    let mut stack: Vec<(NodeId, Vec<NodeId>)> = Vec::new();
    seen[story.start.index()] = true;
    let succ = |v: NodeId| story.nodes[v].then.successors().collect::<Vec<_>>();
    stack.push((story.start, succ(story.start)));
    while let Some((v, rest)) = stack.last_mut() {
        if let Some(w) = rest.pop() {
            if !seen[w.index()] {
                seen[w.index()] = true;
                let s = succ(w);
                stack.push((w, s));
            }
        } else {
            post.push(*v);
            stack.pop();
        }
    }
    post.reverse();
    post
}

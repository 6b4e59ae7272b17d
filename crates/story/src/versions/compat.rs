//! Save compatibility between two versions of a scenario (`give-and-take diff`).
//!
//! A run rests only at choice nodes, so those are the positions a save can hold. A saved
//! position can no longer resume when, in the new version:
//! - its node is gone (or renamed: the save names the old id);
//! - its choice list changed shape: choices added, removed or reordered, a condition on a
//!   choice changed (the choices on offer shift), or the node no longer offers choices;
//! - the choice list of a choice node *before* it changed shape: a save replays its choices
//!   by position from the start ([`crate::versions::save::Save`]), so a pick made there now
//!   means another choice;
//! - a party it may already have balances with is gone (the ledger cannot be carried over).
//!
//! The comparison is structural and conservative: "could break" where a path exists in the
//! node graph. It cannot see edits to amounts or conditions elsewhere that make a replay
//! take another way; `Save::restore` still catches those when a save is loaded.

use crate::format::scenario::{Cond, Effect, Node, Scenario, Then};
use crate::graph;
use crate::versions::matching::match_choices;
use std::collections::{BTreeSet, HashMap, HashSet};

/// What changed at one node that both versions have (matched by id, or as a rename).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChoiceChange {
    /// The node's id in the old version.
    pub node: String,
    /// English texts of choices only the new version has.
    pub added: Vec<String>,
    /// English texts of choices only the old version has.
    pub removed: Vec<String>,
    /// The choices both have now come in another order.
    pub reordered: bool,
    /// Choices (English text) whose `when` changed, so what is on offer may shift.
    pub conditions: Vec<String>,
    /// Choices whose text was rewritten, `(old, new)` in English: the same choice to a
    /// save and a reload, since as many went as came and they pair up in order.
    pub rewritten: Vec<(String, String)>,
    /// Choices (English text) that now lead elsewhere: `(text, old next, new next)`.
    pub retargeted: Vec<(String, String, String)>,
    /// The node offered choices and no longer does, or the other way round.
    pub kind_changed: bool,
}

impl ChoiceChange {
    /// Whether a choice made here by position may now mean another choice.
    pub fn changes_shape(&self) -> bool {
        !self.added.is_empty()
            || !self.removed.is_empty()
            || self.reordered
            || !self.conditions.is_empty()
            || self.kind_changed
    }
}

/// Why a saved position breaks.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// The node is gone from the new version.
    NodeGone,
    /// The node is now called this.
    Renamed(String),
    /// The node's own choice list changed shape ([`ChoiceChange::changes_shape`]).
    ChoicesChanged,
    /// The choices changed at this earlier node, which saves here may have passed.
    ChoicesChangedBefore(String),
    /// The ledger may already hold balances with this party.
    PartyGone(String),
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::NodeGone => write!(f, "the node is gone"),
            Reason::Renamed(new) => write!(
                f,
                "the node is now `{new}` (saves name the old id; migrate them)"
            ),
            Reason::ChoicesChanged => write!(f, "its choice list changed"),
            Reason::ChoicesChangedBefore(n) => write!(
                f,
                "the choices at `{n}`, which it may have been reached through, changed (saves replay choices by position)"
            ),
            Reason::PartyGone(p) => write!(
                f,
                "the party `{p}` is gone, but the ledger may hold balances with it"
            ),
        }
    }
}

/// A place a save of the old version may rest at that could no longer resume in the new one.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokenPosition {
    /// The choice node (old id) a save may rest at.
    pub node: String,
    /// Every reason it breaks, each once.
    pub reasons: Vec<Reason>,
}

/// What an edit of a scenario means for its saves ([`compare`]): what went, came or was
/// renamed, and which saved positions could no longer resume.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Compat {
    /// Ids of nodes only the old version has (renamed ones are in `renamed_nodes`).
    pub removed_nodes: Vec<String>,
    /// Ids of nodes only the new version has (renamed ones are in `renamed_nodes`).
    pub added_nodes: Vec<String>,
    /// `(old id, new id)`: an id gone and an id added whose text and choices are the same.
    pub renamed_nodes: Vec<(String, String)>,
    /// The nodes both versions have whose choices changed: in shape, in where they lead or
    /// in their wording.
    pub choice_changes: Vec<ChoiceChange>,
    /// Ids of parties only the old version has.
    pub removed_parties: Vec<String>,
    /// Flags the old version sets, clears or tests and the new one no longer names.
    pub removed_flags: Vec<String>,
    /// Ids of outcomes only the old version has.
    pub removed_outcomes: Vec<String>,
    /// How many positions (choice nodes) a save of the old version can rest at.
    pub positions: usize,
    /// The positions that could no longer resume, in the old file's order.
    pub broken: Vec<BrokenPosition>,
}

fn en(t: &crate::text::Text) -> String {
    t.get(crate::text::Lang::En).to_string()
}

fn choice_texts(n: &Node) -> Option<Vec<String>> {
    match &n.then {
        Then::Choices(cs) => Some(cs.iter().map(|c| en(&c.text)).collect()),
        _ => None,
    }
}

/// The nodes a node leads to directly.
fn successors(n: &Node) -> Vec<&str> {
    match &n.then {
        Then::Choices(cs) => cs.iter().map(|c| c.next.as_str()).collect(),
        Then::Goto(t) => vec![t.as_str()],
        Then::React(rs) => rs.iter().map(|r| r.next.as_str()).collect(),
        Then::End | Then::Outcome(_) => Vec::new(),
    }
}

/// Every node reachable from `seeds` (seeds included), by old index.
fn closure(old: &Scenario, index: &HashMap<&str, usize>, seeds: &[usize]) -> Vec<bool> {
    let edges: Vec<Vec<u32>> = old
        .nodes
        .iter()
        .map(|n| {
            successors(n)
                .into_iter()
                .filter_map(|t| index.get(t).map(|&y| y as u32))
                .collect()
        })
        .collect();
    graph::reachable(&edges[..], seeds.iter().map(|&s| s as u32))
}

/// What changed in a node's choices, with the choices of both versions paired up the way a
/// reload pairs them ([`match_choices`]).
fn compare_choices(old_id: &str, a: &Node, b: &Node) -> ChoiceChange {
    let mut change = ChoiceChange {
        node: old_id.to_string(),
        ..ChoiceChange::default()
    };
    let (Then::Choices(oc), Then::Choices(nc)) = (&a.then, &b.then) else {
        change.kind_changed =
            matches!(a.then, Then::Choices(_)) != matches!(b.then, Then::Choices(_));
        return change;
    };
    let map = match_choices(oc, nc);
    change.removed = oc
        .iter()
        .zip(&map)
        .filter(|(_, m)| m.is_none())
        .map(|(c, _)| en(&c.text))
        .collect();
    change.added = (0..nc.len())
        .filter(|j| !map.contains(&Some(*j)))
        .map(|j| en(&nc[j].text))
        .collect();
    let kept: Vec<usize> = map.iter().flatten().copied().collect();
    change.reordered = kept.windows(2).any(|w| w[0] > w[1]);
    for (c, j) in oc.iter().zip(&map) {
        let Some(d) = j.map(|j| &nc[j]) else { continue };
        let text = en(&c.text);
        if en(&d.text) != text {
            change.rewritten.push((text.clone(), en(&d.text)));
        }
        if c.when != d.when {
            change.conditions.push(text.clone());
        }
        if c.next != d.next {
            change
                .retargeted
                .push((text, c.next.clone(), d.next.clone()));
        }
    }
    change
}

/// Parties whose balances an effect may move, beyond those it names: the organisations of
/// a member who acts (calling card), those a chain passes on to, a predecessor whose
/// credits are claimed.
fn touched_by(sc: &Scenario, e: &Effect) -> BTreeSet<String> {
    let named: Vec<&str> = match e {
        Effect::Give { from, to, .. } => vec![from, to],
        Effect::Take { by, from, .. } => vec![by, from],
        Effect::Acknowledge { by, of, .. } => vec![by, of],
        Effect::Deflect { by, toward, .. } => vec![by, toward],
        Effect::ClaimCredit { claimant, with, .. } => vec![claimant, with],
        Effect::Tell {
            who, holder, with, ..
        } => vec![who, holder, with],
        Effect::Feel { who, toward, .. } => vec![who, toward],
        Effect::Set(_) | Effect::Clear(_) => vec![],
    }
    .into_iter()
    .map(String::as_str)
    .collect();
    let mut out: BTreeSet<String> = named.iter().map(|s| s.to_string()).collect();
    let mut queue: Vec<String> = out.iter().cloned().collect();
    while let Some(p) = queue.pop() {
        let mut more = Vec::new();
        for party in &sc.parties {
            if party.members.iter().any(|m| m.party == p) {
                more.push(party.id.clone());
            }
            if party.id == p
                && let Some(pred) = &party.succeeds
                && matches!(e, Effect::ClaimCredit { .. })
            {
                more.push(pred.clone());
            }
        }
        for ch in &sc.chains {
            if ch.at == p {
                more.push(ch.pass_to.clone());
            }
        }
        for m in more {
            if out.insert(m.clone()) {
                queue.push(m);
            }
        }
    }
    out
}

fn collect_flags(sc: &Scenario) -> BTreeSet<String> {
    fn cond(c: &Cond, out: &mut BTreeSet<String>) {
        match c {
            Cond::Flag(f) => {
                out.insert(f.clone());
            }
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| cond(c, out)),
            Cond::Not(c) => cond(c, out),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    let effects = |es: &[Effect], out: &mut BTreeSet<String>| {
        for e in es {
            if let Effect::Set(f) | Effect::Clear(f) = e {
                out.insert(f.clone());
            }
        }
    };
    effects(&sc.history, &mut out);
    for n in &sc.nodes {
        effects(&n.effects, &mut out);
        match &n.then {
            Then::Choices(cs) => {
                for c in cs {
                    effects(&c.effects, &mut out);
                    if let Some(w) = &c.when {
                        cond(w, &mut out);
                    }
                }
            }
            Then::React(rs) => {
                for r in rs {
                    effects(&r.effects, &mut out);
                    if let Some(w) = &r.when {
                        cond(w, &mut out);
                    }
                }
            }
            _ => {}
        }
    }
    for o in &sc.outcomes {
        if let Some(w) = &o.when {
            cond(w, &mut out);
        }
    }
    out
}

/// Compares two versions of a scenario for save compatibility.
pub fn compare(old: &Scenario, new: &Scenario) -> Compat {
    let old_index: HashMap<&str, usize> = old
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let new_index: HashMap<&str, usize> = new
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut c = Compat::default();

    // Removed and added ids; a removed and an added node with the same text and choices
    // are one node renamed.
    let removed: Vec<&Node> = old
        .nodes
        .iter()
        .filter(|n| !new_index.contains_key(n.id.as_str()))
        .collect();
    let mut added: Vec<&Node> = new
        .nodes
        .iter()
        .filter(|n| !old_index.contains_key(n.id.as_str()))
        .collect();
    let mut renamed_to: HashMap<&str, &Node> = HashMap::new();
    for r in &removed {
        let same = |a: &&Node| en(&a.text) == en(&r.text) && choice_texts(a) == choice_texts(r);
        if let Some(k) = added.iter().position(same) {
            let a = added.remove(k);
            c.renamed_nodes.push((r.id.clone(), a.id.clone()));
            renamed_to.insert(r.id.as_str(), a);
        } else {
            c.removed_nodes.push(r.id.clone());
        }
    }
    c.added_nodes = added.iter().map(|n| n.id.clone()).collect();

    // Choice lists of the nodes both versions have.
    for n in &old.nodes {
        let counterpart = new_index
            .get(n.id.as_str())
            .map(|&i| &new.nodes[i])
            .or_else(|| renamed_to.get(n.id.as_str()).copied());
        if let Some(m) = counterpart {
            let change = compare_choices(&n.id, n, m);
            if change.changes_shape()
                || !change.retargeted.is_empty()
                || !change.rewritten.is_empty()
            {
                c.choice_changes.push(change);
            }
        }
    }

    let new_parties: HashSet<&String> = new.parties.iter().map(|p| &p.id).collect();
    c.removed_parties = old
        .parties
        .iter()
        .map(|p| p.id.clone())
        .filter(|p| !new_parties.contains(p))
        .collect();
    let new_outcomes: HashSet<&String> = new.outcomes.iter().map(|o| &o.id).collect();
    c.removed_outcomes = old
        .outcomes
        .iter()
        .map(|o| o.id.clone())
        .filter(|o| !new_outcomes.contains(o))
        .collect();
    let new_flags = collect_flags(new);
    c.removed_flags = collect_flags(old)
        .into_iter()
        .filter(|f| !new_flags.contains(f))
        .collect();

    // Which positions break, and why.
    let mut reasons: Vec<BTreeSet<Reason>> = vec![BTreeSet::new(); old.nodes.len()];
    for (i, n) in old.nodes.iter().enumerate() {
        if c.removed_nodes.contains(&n.id) {
            reasons[i].insert(Reason::NodeGone);
        }
        if let Some(m) = renamed_to.get(n.id.as_str()) {
            reasons[i].insert(Reason::Renamed(m.id.clone()));
        }
    }
    for change in c.choice_changes.iter().filter(|ch| ch.changes_shape()) {
        let at = old_index[change.node.as_str()];
        reasons[at].insert(Reason::ChoicesChanged);
        // Saves resting beyond this node replay a pick here by position.
        let after: Vec<usize> = successors(&old.nodes[at])
            .into_iter()
            .filter_map(|t| old_index.get(t).copied())
            .collect();
        for (k, downstream) in closure(old, &old_index, &after).into_iter().enumerate() {
            if downstream && k != at {
                reasons[k].insert(Reason::ChoicesChangedBefore(change.node.clone()));
            }
        }
    }
    for party in &c.removed_parties {
        let touches = |es: &[Effect]| es.iter().any(|e| touched_by(old, e).contains(party));
        let mut seeds = Vec::new();
        if touches(&old.history) {
            seeds.extend(0..old.nodes.len());
        }
        for (i, n) in old.nodes.iter().enumerate() {
            if touches(&n.effects) {
                seeds.push(i);
            }
            let nexts: Vec<(&[Effect], &str)> = match &n.then {
                Then::Choices(cs) => cs
                    .iter()
                    .map(|c| (&c.effects[..], c.next.as_str()))
                    .collect(),
                Then::React(rs) => rs
                    .iter()
                    .map(|r| (&r.effects[..], r.next.as_str()))
                    .collect(),
                _ => Vec::new(),
            };
            for (es, next) in nexts {
                if touches(es)
                    && let Some(&t) = old_index.get(next)
                {
                    seeds.push(t);
                }
            }
        }
        for (k, hit) in closure(old, &old_index, &seeds).into_iter().enumerate() {
            if hit {
                reasons[k].insert(Reason::PartyGone(party.clone()));
            }
        }
    }
    let positions: HashSet<usize> = old
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| matches!(n.then, Then::Choices(_)))
        .map(|(i, _)| i)
        .collect();
    c.positions = positions.len();
    c.broken = reasons
        .into_iter()
        .enumerate()
        .filter(|(i, r)| positions.contains(i) && !r.is_empty())
        .map(|(i, r)| BrokenPosition {
            node: old.nodes[i].id.clone(),
            reasons: r.into_iter().collect(),
        })
        .collect();
    c
}

//! Reachability over the node graph (through [`crate::graph`]).

use super::Compiler;
use crate::compiled;
use crate::format::codes;
use crate::format::span::Path;
use crate::graph;
use crate::ids::{Id, IdVec, NodeId, OutcomeId};
use std::collections::HashSet;

impl Compiler<'_> {
    /// Reachability over the node graph: unreachable nodes, dead ends, outcomes nothing
    /// leads to, and loops that no player choice breaks.
    pub(super) fn graph(&mut self, nodes: &IdVec<NodeId, compiled::Node>, start: NodeId) {
        if nodes.is_empty() {
            return;
        }
        let edges: Vec<Vec<u32>> = nodes
            .iter()
            .map(|x| x.then.successors().map(|n| n.index() as u32).collect())
            .collect();
        // A cycle through nodes that offer no choice would run forever: the components
        // of the graph without the choice nodes' edges.
        let auto: Vec<Vec<u32>> = nodes
            .iter()
            .zip(&edges)
            .map(|(x, es)| match x.then {
                compiled::Then::Choices(_) => Vec::new(),
                _ => es.clone(),
            })
            .collect();
        let mut loops: Vec<Vec<u32>> = graph::Components::of(&auto[..])
            .iter()
            .filter(|c| graph::is_cycle(&auto[..], c))
            .map(|c| {
                // Named from the first node in the file, in the order the story runs.
                let first = *c.iter().min().expect("non-empty");
                let mut cycle = vec![first];
                let mut at = first;
                while let Some(next) = auto[at as usize]
                    .iter()
                    .copied()
                    .find(|w| c.contains(w) && !cycle.contains(w))
                {
                    cycle.push(next);
                    at = next;
                }
                let mut rest: Vec<u32> = c.iter().copied().filter(|w| !cycle.contains(w)).collect();
                rest.sort();
                cycle.extend(rest);
                cycle
            })
            .collect();
        loops.sort();
        for cycle in &loops {
            let ids: Vec<&str> = cycle
                .iter()
                .map(|&x| nodes[NodeId::from_index(x as usize)].id.as_str())
                .collect();
            let path = Path::root().f("nodes").i(cycle[0] as usize).f("id");
            self.err(
                codes::CHOICELESS_LOOP,
                format!(
                    "the story can loop without a player choice: {}",
                    ids.join(" → ")
                ),
                path,
            )
            .help("put a node with `Choices` in the loop, or end it");
        }

        let reach = graph::reachable(&edges[..], [start.index() as u32]);
        // A loop is its own error (E0163, above): its nodes count as ending here, so
        // what leads into it is not reported again as a dead end.
        let in_loop: HashSet<u32> = loops.iter().flatten().copied().collect();
        let ends = graph::reachable(
            &graph::reversed(&edges[..])[..],
            nodes
                .ids()
                .filter(|&x| nodes[x].then.ends() || in_loop.contains(&(x.index() as u32)))
                .map(|x| x.index() as u32),
        );
        for (x, node) in nodes.iter_enumerated() {
            let path = Path::root().f("nodes").i(x.index()).f("id");
            if !reach[x.index()] {
                let id = node.id.clone();
                self.err(
                    codes::UNREACHABLE_NODE,
                    format!("the node `{id}` can never be reached"),
                    path,
                )
                .label("no choice, goto or reaction leads here")
                .help(format!(
                    "lead a `next` or `Goto` to \"{id}\", or remove the node"
                ));
            } else if !ends[x.index()] {
                let id = node.id.clone();
                self.err(
                    codes::DEAD_END,
                    format!("from the node `{id}` no path leads to an outcome"),
                    path,
                )
                .help("every path must end at a node with `then: End` or `then: Outcome(\"...\")`");
            }
        }

        // Outcomes: reachable if a reachable node names them, or a reachable `End` may pick
        // them (an earlier unconditional outcome shadows all later ones). With a loop the
        // story cannot get out of, that is for after the loop is fixed.
        if !loops.is_empty() {
            return;
        }
        let reached = || nodes.iter_enumerated().filter(|(x, _)| reach[x.index()]);
        let any_end = reached().any(|(_, node)| matches!(node.then, compiled::Then::End));
        let named: HashSet<OutcomeId> = reached()
            .filter_map(|(_, node)| match node.then {
                compiled::Then::Outcome(o) => Some(o),
                _ => None,
            })
            .collect();
        let shadow = self.sc.outcomes.iter().position(|o| o.when.is_none());
        for (o, out) in self.sc.outcomes.iter().enumerate() {
            let by_end = any_end && shadow.is_none_or(|s| o <= s);
            if !named.contains(&OutcomeId::from_index(o)) && !by_end {
                let path = Path::root().f("outcomes").i(o).f("id");
                let help = match shadow {
                    Some(s) if any_end => format!(
                        "`{}` comes first and has no `when`, so an `End` never gets this far",
                        self.sc.outcomes[s].id
                    ),
                    _ => "end a path with `then: End` or `then: Outcome(\"...\")`".to_string(),
                };
                self.err(
                    codes::UNREACHED_OUTCOME,
                    format!("no path reaches the outcome `{}`", out.id),
                    path,
                )
                .help(help);
            }
        }
    }
}

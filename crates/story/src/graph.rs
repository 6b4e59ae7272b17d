//! Graph walks, written once: what can be reached from some vertices, and the strongly
//! connected components. The checks walk the story's nodes with them, `diff` the written
//! nodes, the analysis its state graph.

use std::collections::VecDeque;

/// A directed graph over the vertices `0..vertex_count()`.
pub(crate) trait Successors {
    /// How many vertices the graph has.
    fn vertex_count(&self) -> usize;
    /// Where the edges out of `v` lead (edges that leave the graph are left out).
    fn successors(&self, v: u32) -> impl Iterator<Item = u32> + '_;
}

/// Successor lists.
impl Successors for [Vec<u32>] {
    fn vertex_count(&self) -> usize {
        self.len()
    }
    fn successors(&self, v: u32) -> impl Iterator<Item = u32> + '_ {
        self[v as usize].iter().copied()
    }
}

/// The same graph with every edge turned round.
pub(crate) fn reversed(g: &(impl Successors + ?Sized)) -> Vec<Vec<u32>> {
    let mut rev = vec![Vec::new(); g.vertex_count()];
    for v in 0..g.vertex_count() as u32 {
        for w in g.successors(v) {
            rev[w as usize].push(v);
        }
    }
    rev
}

/// Which vertices a path from one of `seeds` reaches (the seeds included), breadth first.
pub(crate) fn reachable(
    g: &(impl Successors + ?Sized),
    seeds: impl IntoIterator<Item = u32>,
) -> Vec<bool> {
    let mut seen = vec![false; g.vertex_count()];
    let mut queue = VecDeque::new();
    for s in seeds {
        if !std::mem::replace(&mut seen[s as usize], true) {
            queue.push_back(s);
        }
    }
    while let Some(v) = queue.pop_front() {
        for w in g.successors(v) {
            if !std::mem::replace(&mut seen[w as usize], true) {
                queue.push_back(w);
            }
        }
    }
    seen
}

/// Strongly connected components in reverse topological order: every component comes after
/// all the components it leads to. Iterative Tarjan, so deep graphs never overflow the
/// stack.
pub(crate) struct Components {
    /// The vertices, grouped by component.
    order: Vec<u32>,
    /// Where each component starts in `order`.
    starts: Vec<usize>,
}

impl Components {
    pub(crate) fn of(g: &(impl Successors + ?Sized)) -> Components {
        const UNSEEN: u32 = u32::MAX;
        let n = g.vertex_count();
        let mut index = vec![UNSEEN; n];
        let mut low = vec![0u32; n];
        let mut on_stack = vec![false; n];
        let mut stack: Vec<u32> = Vec::new();
        let mut order = Vec::with_capacity(n);
        let mut starts = Vec::new();
        let mut next = 0u32;
        let mut work = Vec::new();
        for root in 0..n as u32 {
            if index[root as usize] != UNSEEN {
                continue;
            }
            work.push((root, g.successors(root)));
            index[root as usize] = next;
            low[root as usize] = next;
            next += 1;
            stack.push(root);
            on_stack[root as usize] = true;
            while let Some((v, edges)) = work.last_mut() {
                let v = *v;
                if let Some(w) = edges.next() {
                    if index[w as usize] == UNSEEN {
                        index[w as usize] = next;
                        low[w as usize] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[w as usize] = true;
                        work.push((w, g.successors(w)));
                    } else if on_stack[w as usize] {
                        low[v as usize] = low[v as usize].min(index[w as usize]);
                    }
                    continue;
                }
                work.pop();
                if let Some((u, _)) = work.last() {
                    low[*u as usize] = low[*u as usize].min(low[v as usize]);
                }
                if low[v as usize] == index[v as usize] {
                    starts.push(order.len());
                    loop {
                        let w = stack.pop().expect("on the stack");
                        on_stack[w as usize] = false;
                        order.push(w);
                        if w == v {
                            break;
                        }
                    }
                }
            }
        }
        Components { order, starts }
    }

    /// Every vertex, grouped by component, the components in reverse topological order.
    pub(crate) fn order(&self) -> &[u32] {
        &self.order
    }

    /// Each component, in reverse topological order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[u32]> {
        self.starts.iter().enumerate().map(|(i, &s)| {
            let e = self.starts.get(i + 1).copied().unwrap_or(self.order.len());
            &self.order[s..e]
        })
    }
}

/// Whether a component holds a cycle: more than one vertex, or a vertex with an edge to
/// itself.
pub(crate) fn is_cycle(g: &(impl Successors + ?Sized), component: &[u32]) -> bool {
    component.len() > 1 || g.successors(component[0]).any(|w| w == component[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reaches_and_finds_cycles_in_reverse_topological_order() {
        // 0 → 1 → 2 → 1, 2 → 3, 4 alone with a self-loop.
        let g: Vec<Vec<u32>> = vec![vec![1], vec![2], vec![1, 3], vec![], vec![4]];
        assert_eq!(reachable(&g[..], [0]), vec![true, true, true, true, false]);
        assert_eq!(
            reachable(&reversed(&g[..])[..], [3]),
            vec![true, true, true, true, false]
        );
        let c = Components::of(&g[..]);
        let comps: Vec<Vec<u32>> = c
            .iter()
            .map(|c| {
                let mut c = c.to_vec();
                c.sort();
                c
            })
            .collect();
        let pos = |v: u32| comps.iter().position(|c| c.contains(&v)).unwrap();
        assert!(pos(3) < pos(1) && pos(1) < pos(0), "{comps:?}");
        let cyclic: Vec<&Vec<u32>> = comps.iter().filter(|c| is_cycle(&g[..], c)).collect();
        assert_eq!(cyclic, vec![&vec![1, 2], &vec![4]]);
    }
}

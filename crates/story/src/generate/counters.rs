//! The *counters* shape (issue 11): the branching story the issue measured against Yarn
//! Spinner and inkjs, told in our domain. The player (a market trader) keeps a ledger with
//! four parties; every option moves each of those four balances by −2..+3 (a `Give` or an
//! `Acknowledge` for more, a `Take` for less). Choice nodes are laid out in layers that branch
//! and re-join (a DAG), so the paths are astronomically many while the balances reached at the
//! end take every value in a wide range: enumeration cannot finish, yet every ending is
//! decidable by bounds or a guided search.
//!
//! The endings, in order (the first whose `when` holds is the one reached):
//! - `in_your_pocket` asks for more credit with Ada than any path gives (one more than the
//!   longest path's sum): unreachable, though nothing in the file says so at a glance;
//! - `patron` asks for high credit with both Ada and Bram, `in_debt` for deep debt with both
//!   Cor and Dina, `dinas_favourite` for high credit with Dina: each threshold is taken from
//!   a real path (found by dynamic programming over the DAG), so each is reachable, but rare;
//! - `even` holds always.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use std::fmt::Write as _;

/// The four parties whose balances are the counters, with their names.
const PARTIES: [(&str, &str); 4] = [
    ("ada", "Ada"),
    ("bram", "Bram"),
    ("cor", "Cor"),
    ("dina", "Dina"),
];

/// One option: how it moves each counter.
struct Opt {
    deltas: [i32; 4],
    /// Per counter, whether a rise is recognition (`Acknowledge`) rather than a gift.
    seen: [bool; 4],
    next: usize,
}

/// The layers of choice nodes: indices into one flat list, and each node's options.
struct Layout {
    layers: Vec<std::ops::Range<usize>>,
    options: Vec<Vec<Opt>>,
}

/// `choice_nodes` choice nodes laid out in layers that double up to a width of about the
/// square root of the count, every node reached, each with two or three options.
fn layout(choice_nodes: usize, rng: &mut ChaCha8Rng) -> Layout {
    let width = ((choice_nodes as f64).sqrt().round() as usize).max(2);
    let mut layers = Vec::new();
    let mut start = 0;
    while start < choice_nodes {
        let w = (1usize << layers.len().min(20))
            .min(width)
            .min(choice_nodes - start);
        layers.push(start..start + w);
        start += w;
    }
    let mut options: Vec<Vec<Opt>> = Vec::with_capacity(choice_nodes);
    let below =
        |rng: &mut ChaCha8Rng, n: usize| ((rng.next_u64() as u128 * n as u128) >> 64) as usize;
    for (l, layer) in layers.iter().enumerate() {
        let next = layers.get(l + 1).cloned();
        for i in layer.clone() {
            let k = 2 + below(rng, 2);
            let opts = (0..k)
                .map(|j| {
                    let mut deltas = [0; 4];
                    let mut seen = [false; 4];
                    for c in 0..4 {
                        deltas[c] = below(rng, 6) as i32 - 2;
                        seen[c] = below(rng, 3) == 0;
                    }
                    // Option 0 (and 1) cover the next layer so that every node is reached:
                    // it is at most twice as wide.
                    let next = match &next {
                        None => usize::MAX,
                        Some(n) => {
                            let local = i - layer.start;
                            let covering = local + j * layer.len();
                            if j < 2 && covering < n.len() {
                                n.start + covering
                            } else {
                                n.start + below(rng, n.len())
                            }
                        }
                    };
                    Opt { deltas, seen, next }
                })
                .collect();
            options.push(opts);
        }
    }
    Layout { layers, options }
}

/// The path maximising `weights · deltas` over the DAG: the final counters along it.
fn best_path(lay: &Layout, weights: [i32; 4]) -> [i64; 4] {
    let n = lay.options.len();
    // best[i]: the best score from node i to the end, and the option taking it.
    let mut best = vec![(i64::MIN, 0usize); n];
    for i in (0..n).rev() {
        for (j, o) in lay.options[i].iter().enumerate() {
            let here: i64 = (0..4).map(|c| (weights[c] * o.deltas[c]) as i64).sum();
            let rest = if o.next == usize::MAX {
                0
            } else {
                best[o.next].0
            };
            if here + rest > best[i].0 {
                best[i] = (here + rest, j);
            }
        }
    }
    let (mut at, mut sum) = (0usize, [0i64; 4]);
    loop {
        let o = &lay.options[at][best[at].1];
        for (s, &d) in sum.iter_mut().zip(&o.deltas) {
            *s += d as i64;
        }
        if o.next == usize::MAX {
            return sum;
        }
        at = o.next;
    }
}

/// The counters story with `choice_nodes` choice nodes, deterministic from `seed`, as a RON
/// file written the way an author writes one.
pub fn counters_ron(choice_nodes: usize, seed: u64) -> Result<String, String> {
    if choice_nodes < 2 {
        return Err(format!(
            "{choice_nodes} choice nodes are too few: it takes at least 2"
        ));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let lay = layout(choice_nodes, &mut rng);
    let credit = |p: &str| format!(r#"Credit(holder: "you", with: "{p}")"#);
    let ada_max = best_path(&lay, [1, 0, 0, 0])[0];
    let patron = best_path(&lay, [1, 1, 0, 0]);
    let debt = best_path(&lay, [0, 0, -1, -1]);
    let dina = best_path(&lay, [0, 0, 0, 1])[3];
    // A little below the best path's values, so that more than one path gets there.
    let slack = |v: i64| v - v.abs() / 10;

    let mut r = String::with_capacity(choice_nodes * 700);
    let _ = write!(
        r,
        r##"// Generated by `give-and-take gen --shape counters --choice-nodes {choice_nodes} --seed {seed}`:
// {} layers of choice nodes that branch and re-join; every option moves the trader's four
// balances by -2..+3.
Scenario(
    id: "counters_{choice_nodes}_{seed}",
    title: (en: "Market days: {choice_nodes} choices", nl: "Marktdagen: {choice_nodes} keuzes"),
    summary: (en: "A generated story for benchmarks: four balances, many paths.", nl: "Een gegenereerd verhaal voor benchmarks: vier balansen, veel paden."),
    player: "you",
    parties: [
        Party(id: "you", name: (en: "You", nl: "Jij"), color: "#c0713a"),
"##,
        lay.layers.len()
    );
    for (id, name) in PARTIES {
        let _ = writeln!(
            r,
            r#"        Party(id: "{id}", name: (en: "{name}", nl: "{name}")),"#
        );
    }
    let _ = writeln!(r, "    ],\n    nodes: [");
    let node_id = |i: usize| {
        if i == usize::MAX {
            "end".to_string()
        } else {
            format!("c{i}")
        }
    };
    for (i, opts) in lay.options.iter().enumerate() {
        let speaker = PARTIES[i % 4].0;
        let _ = writeln!(
            r,
            r#"        Node(id: "{}", speaker: "{speaker}", text: (en: "Market day {i}.", nl: "Marktdag {i}."), then: Choices(["#,
            node_id(i)
        );
        for (j, o) in opts.iter().enumerate() {
            let mut effects = Vec::new();
            for (c, &(p, _)) in PARTIES.iter().enumerate() {
                let d = o.deltas[c];
                effects.push(match d {
                    0 => continue,
                    d if d < 0 => format!(
                        r#"Take(by: "you", from: "{p}", layer: Deal, amount: {})"#,
                        -d
                    ),
                    d if o.seen[c] => format!(r#"Acknowledge(by: "you", of: "{p}", amount: {d})"#),
                    d => format!(r#"Give(from: "you", to: "{p}", layer: Deal, amount: {d})"#),
                });
            }
            let mv = if o.deltas.iter().sum::<i32>() >= 0 {
                "Give"
            } else {
                "Take"
            };
            let _ = writeln!(
                r,
                r#"            Choice(text: (en: "Option {j}.", nl: "Optie {j}."), move: {mv}, effects: [{}], next: "{}"),"#,
                effects.join(", "),
                node_id(o.next)
            );
        }
        let _ = writeln!(r, "        ])),");
    }
    let _ = write!(
        r,
        r#"        Node(id: "end", text: (en: "The season ends.", nl: "Het seizoen is voorbij."), then: End),
    ],
    outcomes: [
        Outcome(id: "in_your_pocket", title: (en: "In your pocket", nl: "In je zak"), epilogue: (en: "Ada owes you more than she can pay.", nl: "Ada is je meer schuldig dan ze kan betalen."), tone: Dark,
                when: AtLeast({ada}, {ada_over})),
        Outcome(id: "patron", title: (en: "Patron", nl: "Beschermheer"), epilogue: (en: "Ada and Bram are deep in your debt.", nl: "Ada en Bram staan diep bij je in het krijt."), tone: Bright,
                when: All([AtLeast({ada}, {p0}), AtLeast({bram}, {p1})])),
        Outcome(id: "in_debt", title: (en: "In debt", nl: "In de schuld"), epilogue: (en: "You owe Cor and Dina more than you like.", nl: "Je staat bij Cor en Dina dieper in het krijt dan je lief is."), tone: Dark,
                when: All([Below({cor}, {d2}), Below({dina}, {d3})])),
        Outcome(id: "dinas_favourite", title: (en: "Dina's favourite", nl: "Dina's favoriet"), epilogue: (en: "Dina owes you a great deal.", nl: "Dina is je veel verschuldigd."), tone: Mixed,
                when: AtLeast({dina}, {dina_at})),
        Outcome(id: "even", title: (en: "Even", nl: "Quitte"), epilogue: (en: "Another season.", nl: "Weer een seizoen."), tone: Mixed),
    ],
)
"#,
        ada = credit("ada"),
        bram = credit("bram"),
        cor = credit("cor"),
        dina = credit("dina"),
        ada_over = ada_max + 1,
        p0 = slack(patron[0]),
        p1 = slack(patron[1]),
        // Below: one above the (slackened) debt reached.
        d2 = debt[2] + debt[2].abs() / 10 + 1,
        d3 = debt[3] + debt[3].abs() / 10 + 1,
        dina_at = slack(dina),
    );
    Ok(r)
}

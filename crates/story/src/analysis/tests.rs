use super::explore::passages;
use super::{AnalysisOptions, BalanceKind, analyze};
use crate::check_str;
use crate::format::scenario::Layer;
use crate::ids::{Id, NodeId, PartyId};
use crate::play::runner::RunState;
use crate::story::Story;

fn story(src: &str) -> Story {
    let c = check_str(src);
    c.story.unwrap_or_else(|| panic!("{:?}", c.diagnostics))
}

/// Two rounds of two choices each plus a fair coin: 8 paths, few distinct states.
const SMALL: &str = r#"Scenario(
    id: "small", title: (en: "Small", nl: "Klein"), summary: (en: "s", nl: "k"),
    player: "a",
    // Only the true balances, so that states merge exactly as counted below.
    rules: (perception: false),
    parties: [Party(id: "a", name: (en: "A", nl: "A")), Party(id: "b", name: (en: "B", nl: "B"))],
    nodes: [
        Node(id: "one", text: (en: "1", nl: "1"), then: Choices([
            Choice(text: (en: "give", nl: "geef"), move: Give,
                   effects: [Give(from: "a", to: "b", layer: Deal, amount: 1)], next: "coin"),
            Choice(text: (en: "take", nl: "neem"), move: Take,
                   effects: [Take(by: "a", from: "b", layer: Deal, amount: 1)], next: "coin"),
        ])),
        Node(id: "coin", text: (en: "c", nl: "c"), then: React([
            Reaction(weight: 3, effects: [Give(from: "b", to: "a", layer: Deal, amount: 1)], next: "two"),
            Reaction(weight: 1, next: "two"),
        ])),
        Node(id: "two", text: (en: "2", nl: "2"), then: Choices([
            Choice(text: (en: "give", nl: "geef"), move: Give,
                   effects: [Give(from: "a", to: "b", layer: Deal, amount: 1)], next: "end"),
            Choice(text: (en: "wait", nl: "wacht"), move: Neutral, next: "end"),
        ])),
        Node(id: "end", text: (en: "e", nl: "e"), then: End),
    ],
    outcomes: [
        Outcome(id: "owed", title: (en: "o", nl: "o"), epilogue: (en: "o", nl: "o"), tone: Bright,
                when: AtLeast(Credit(holder: "a", with: "b"), 1)),
        Outcome(id: "even", title: (en: "e", nl: "e"), epilogue: (en: "e", nl: "e"), tone: Mixed),
    ],
)"#;

#[test]
fn merges_states_and_computes_exact_probabilities() {
    let s = story(SMALL);
    let a = analyze(&s, &AnalysisOptions::default());
    assert!(a.complete && !a.approximate);
    // `one`: 1 state. `coin`: credit a→b +1 or −1: 2. `two`: after the coin {0, 1} or
    // {−2, −1}: 4. `end`: the 8 paths end on credits {2, 1, 0, −1, −2}, so 8 paths merge
    // into 5 end states: 12 in all, against 15 without merging.
    assert_eq!(a.states, 1 + 2 + 4 + 5);
    // owed iff final credit ≥ 1: enumerate the 8 paths by hand.
    // give(+1), coin 3/4 (−1 → 0) or 1/4 (+1); second: give(+1) or wait.
    //   +1→0: give → 1 owed, wait → 0 even; +1→+1: give 2 owed, wait 1 owed.
    // take(−1): coin → −2 or −1; give → −1/0, wait → −2/−1: never owed.
    let p_owed = 0.5 * (0.75 * 0.5 + 0.25 * 1.0);
    assert!((a.outcomes[0].probability - p_owed).abs() < 1e-12);
    assert!((a.outcomes[1].probability - (1.0 - p_owed)).abs() < 1e-12);
    let w = a.outcomes[0].witness.as_ref().expect("reachable");
    assert_eq!(w.choices, vec![1, 1]);
    // Given the script 1,1 the outcome is certain.
    assert!((w.probability - 1.0).abs() < 1e-12);
    assert_eq!(w.seed, Some(0));
}

#[test]
fn witness_seeds_replay_to_their_outcome() {
    let s = story(SMALL);
    let a = analyze(&s, &AnalysisOptions::default());
    for r in &a.outcomes {
        let w = r.witness.as_ref().expect("reachable");
        let zero: Vec<usize> = w.choices.iter().map(|c| c - 1).collect();
        let rs = RunState::replay(&s, w.seed.expect("seed"), &zero).expect("replays");
        assert_eq!(rs.outcome, Some(r.outcome));
    }
}

#[test]
fn the_bound_is_reported_not_hung_on() {
    let s = story(SMALL);
    let a = analyze(
        &s,
        &AnalysisOptions {
            max_states: 2,
            ..AnalysisOptions::default()
        },
    );
    assert!(!a.complete);
    assert_eq!(a.stopped_by, Some(super::Limit::States));
    assert!(a.states <= 2);
    assert!(a.lints.is_empty());
    assert!(a.unexplored > 0.0);
}

#[test]
fn a_memory_budget_stops_the_exploration_with_a_report() {
    // 2^40 paths through over a hundred thousand distinct states: more than 256 KB holds,
    // whatever the state bound.
    let sc = crate::generate::synthetic(200, 40).expect("generates");
    let s = crate::check::compile(sc).story.expect("checks");
    let small = AnalysisOptions {
        max_bytes: 256 << 10,
        ..AnalysisOptions::default()
    };
    let a = analyze(&s, &small);
    assert!(!a.complete);
    assert_eq!(a.stopped_by, Some(super::Limit::Memory));
    assert!(a.states > 100, "{} states", a.states);
    // The same story with room and time enough is explored completely.
    let all = analyze(
        &s,
        &AnalysisOptions {
            max_time: None,
            ..AnalysisOptions::default()
        },
    );
    assert!(all.complete && all.stopped_by.is_none());
    assert!(
        all.states > 10 * a.states,
        "{} and {} states",
        all.states,
        a.states
    );
}

#[test]
fn states_are_packed_so_many_parties_cost_little() {
    // 302 parties: the ledger's tables hold 91,204 cells, about 1.8 MB a state unpacked.
    // Packed, a state lists only its non-zero cells, so 4 MB holds the whole story.
    let parties: String = (0..300)
        .map(|i| format!(r#"Party(id: "p{i}", name: (en: "P", nl: "P")),"#))
        .collect();
    let src = SMALL.replace(
        r#"parties: [Party(id: "a", name: (en: "A", nl: "A")), Party(id: "b", name: (en: "B", nl: "B"))],"#,
        &format!(
            r#"parties: [Party(id: "a", name: (en: "A", nl: "A")), Party(id: "b", name: (en: "B", nl: "B")), {parties}],"#
        ),
    );
    assert_ne!(src, SMALL);
    let s = story(&src);
    let few = analyze(&s, &AnalysisOptions::default()).states;
    let a = analyze(
        &s,
        &AnalysisOptions {
            max_bytes: 4 << 20,
            max_time: None,
            ..AnalysisOptions::default()
        },
    );
    assert!(a.complete && a.stopped_by.is_none());
    assert_eq!(a.states, few);
}

#[test]
fn narration_jumped_over_still_counts_as_entered() {
    // `one` is reached through a run of narration; `dead` only through another run that
    // ends in a loop without a way out.
    let src = SMALL
        .replace(
            r#"Node(id: "one","#,
            r#"Node(id: "open", text: (en: "o", nl: "o"), then: Goto("open2")),
        Node(id: "open2", text: (en: "o", nl: "o"), then: Goto("one")),
        Node(id: "one","#,
        )
        .replace(
            r#"Choice(text: (en: "wait", nl: "wacht"), move: Neutral, next: "end"),"#,
            r#"Choice(text: (en: "wait", nl: "wacht"), move: Neutral, next: "end"),
            Choice(text: (en: "stray", nl: "dwaal"), move: Neutral, next: "lost"),"#,
        )
        .replace(
            r#"Node(id: "end","#,
            r#"Node(id: "lost", text: (en: "l", nl: "l"), then: Goto("lost2")),
        Node(id: "lost2", text: (en: "l", nl: "l"), then: Goto("circle")),
        Node(id: "circle", text: (en: "c", nl: "c"), then: Choices([
            Choice(text: (en: "again", nl: "weer"), move: Neutral, next: "circle"),
            Choice(text: (en: "out", nl: "uit"), move: Neutral, when: Flag("never"), next: "end"),
        ])),
        Node(id: "end","#,
        );
    let s = story(&src);
    assert!(
        s.node_id(NodeId::from_index(0)) == "open" && passages(&s)[0].is_some_and(|p| p.len == 2)
    );
    let a = analyze(&s, &AnalysisOptions::default());
    let dead: Vec<&str> = a
        .lints
        .iter()
        .filter(|l| l.name() == "dead_end")
        .map(|l| s.node_id(l.node().expect("node")))
        .collect();
    assert_eq!(dead, vec!["lost", "lost2", "circle"]);
    assert!(!a.lints.iter().any(|l| l.name() == "unreached_node"));
}

#[test]
fn balances_span_every_final_state() {
    let s = story(SMALL);
    let a = analyze(&s, &AnalysisOptions::default());
    let owed = &a.outcomes[0].balances;
    let deal = owed
        .iter()
        .find(|b| {
            b.kind
                == BalanceKind::Credit {
                    holder: PartyId::from_index(0),
                    with: PartyId::from_index(1),
                    layer: Layer::Deal,
                }
        })
        .expect("credit a→b");
    assert_eq!((deal.min, deal.max), (1, 2));
}

#[test]
fn balances_are_shown_the_way_round_the_file_reads_them() {
    // `b` is listed after `a`, but the outcome reads b's credit with a.
    let src = SMALL.replace(
        "Credit(holder: \"a\", with: \"b\")",
        "Credit(holder: \"b\", with: \"a\")",
    );
    assert_ne!(src, SMALL, "SMALL reads a credit");
    let s = story(&src);
    let a = analyze(&s, &AnalysisOptions::default());
    let credits: Vec<_> = a
        .outcomes
        .iter()
        .flat_map(|o| o.balances.iter())
        .filter_map(|b| match b.kind {
            super::BalanceKind::Credit { holder, with, .. } => Some((holder, with)),
            _ => None,
        })
        .collect();
    assert!(!credits.is_empty());
    let (pa, pb) = (s.party("a").unwrap(), s.party("b").unwrap());
    assert!(credits.iter().all(|&c| c == (pb, pa)), "{credits:?}");
}

#[test]
fn without_cycles_one_sweep_finds_dijkstras_paths() {
    use super::explore::Explorer;
    use super::passes::{dijkstra, shortest_paths_acyclic};
    use crate::graph::{Components, is_cycle};
    let file = |name: &str| {
        let path = format!("{}/../../scenarios/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    };
    for src in [
        SMALL.to_string(),
        file("furniture_delivery.ron"),
        file("painter.ron"),
        file("quote_dispute.ron"),
    ] {
        let s = story(&src);
        let g = Explorer::new(&s, &AnalysisOptions::default()).run();
        let components = Components::of(&g);
        assert!(components.iter().all(|c| !is_cycle(&g, c)));
        let mut edge_from = vec![0u32; g.edges.len()];
        for (v, vx) in g.vertices.iter().enumerate() {
            edge_from[vx.edges.0 as usize..vx.edges.1 as usize].fill(v as u32);
        }
        let (dist, via) = dijkstra(&g);
        let (swept, swept_via) =
            shortest_paths_acyclic(&g, &components, &edge_from).expect("no free step");
        assert_eq!(via, swept_via);
        assert_eq!(format!("{dist:?}"), format!("{swept:?}"));
    }
}

/// Two threads walking the transitions find the same states, in the same order, as one:
/// the whole analysis is the same, on every shipped scenario and on a generated story large
/// enough for many batches walked on two threads.
#[test]
fn two_walk_threads_analyse_alike() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/");
    let mut sources: Vec<String> = ["painter", "furniture_delivery", "quote_dispute", "school"]
        .iter()
        .map(|n| std::fs::read_to_string(format!("{root}{n}.ron")).unwrap())
        .collect();
    sources.push(crate::generate::counters_ron(60, 2).unwrap());
    for src in &sources {
        let s = story(src);
        let options = |walk_threads| AnalysisOptions {
            max_states: 40_000,
            max_time: None,
            find_seeds: false,
            walk_threads,
            ..AnalysisOptions::default()
        };
        let one = analyze(&s, &options(1));
        let two = analyze(&s, &options(2));
        assert!(one.states > 1_000, "{}: {} states", s.id(), one.states);
        assert_eq!(format!("{one:?}"), format!("{two:?}"), "{}", s.id());
    }
}

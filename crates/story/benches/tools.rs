//! Benchmarks of the author tools on synthetic scenarios (crates/story/src/generate.rs):
//! - `analyze` on a story with 2^40 paths (target: ≤ 2 s in release);
//! - load + check of a 10,000-node story, including `check`'s value analysis (≤ 50 ms);
//! - issue 11's branching story of 1,000 and 10,000 choice nodes (`gen --shape counters`):
//!   `check` (≤ 50 / 250 ms), `simulate` (≥ 1.5 M lines/s) and `analyze` (every outcome
//!   answered; ≤ 5 / 60 s).
//!
//! Run with `cargo bench -p give-and-take-story` (no Bevy); figures in docs/performance.md.

use criterion::{Criterion, criterion_group, criterion_main};
use give_and_take_story::{
    AnalysisOptions, Policy, Story, analyze, check_bytes, check_values, counters_ron, simulate,
    synthetic_ron,
};
use std::hint::black_box;
use std::time::Duration;

fn analyze_2_pow_40(c: &mut Criterion) {
    let src = synthetic_ron(200, 40).expect("generates");
    let story = give_and_take_story::check_str(&src)
        .story
        .expect("the generated story checks");
    let mut group = c.benchmark_group("analyze");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("2^40 paths, 200 nodes", |b| {
        b.iter(|| {
            let a = analyze(black_box(&story), &AnalysisOptions::default());
            assert!(a.complete);
            a
        })
    });
    group.finish();
}

fn load_and_check_10k(c: &mut Criterion) {
    let src = synthetic_ron(10_000, 20).expect("generates");
    let path = std::env::temp_dir().join(format!("gat-bench-10k-{}.ron", std::process::id()));
    std::fs::write(&path, &src).expect("writes the scenario");
    let mut group = c.benchmark_group("check");
    group.sample_size(20);
    group.bench_function("load + check, 10,000 nodes, 2^20 paths", |b| {
        b.iter(|| {
            // What `give-and-take check FILE` does, minus printing.
            let bytes = std::fs::read(black_box(&path)).expect("reads");
            let (_, checked) = check_bytes(&bytes);
            let story = checked.story.expect("checks");
            let values = check_values(&story);
            assert!(values.notes.is_empty(), "the value analysis ran in full");
            values
        })
    });
    // The same without the value analysis: what it adds to `check`.
    group.bench_function("load + structural check only, 10,000 nodes", |b| {
        b.iter(|| {
            let bytes = std::fs::read(black_box(&path)).expect("reads");
            let (_, checked) = check_bytes(&bytes);
            checked.story.expect("checks")
        })
    });
    group.finish();
    let _ = std::fs::remove_file(&path);
}

/// The counters story of `choice_nodes` choice nodes (seed 1), written to a temporary file.
fn counters_file(choice_nodes: usize) -> (std::path::PathBuf, Story) {
    let src = counters_ron(choice_nodes, 1).expect("generates");
    let path = std::env::temp_dir().join(format!(
        "gat-bench-counters-{choice_nodes}-{}.ron",
        std::process::id()
    ));
    std::fs::write(&path, &src).expect("writes the scenario");
    let story = give_and_take_story::check_str(&src)
        .story
        .expect("the generated story checks");
    (path, story)
}

fn counters(c: &mut Criterion) {
    for n in [1_000, 10_000] {
        let (path, story) = counters_file(n);
        let mut group = c.benchmark_group(format!("counters {n}"));
        group.sample_size(10);
        group.bench_function("check (load + check + value analysis)", |b| {
            b.iter(|| {
                let bytes = std::fs::read(black_box(&path)).expect("reads");
                let (_, checked) = check_bytes(&bytes);
                let story = checked.story.expect("checks");
                let values = check_values(&story);
                // The bounds prove the one unreachable ending.
                assert_eq!(values.diagnostics.len(), 1);
                values
            })
        });
        group.bench_function("load + structural check only", |b| {
            b.iter(|| {
                let bytes = std::fs::read(black_box(&path)).expect("reads");
                check_bytes(&bytes).1.story.expect("checks")
            })
        });
        group.bench_function("simulate 1,000 runs", |b| {
            b.iter(|| simulate(black_box(&story), Policy::Random, 1_000, 1))
        });
        group.measurement_time(Duration::from_secs(40));
        group.bench_function("analyze (defaults)", |b| {
            b.iter(|| {
                let a = analyze(black_box(&story), &AnalysisOptions::default());
                assert!(a.outcomes.iter().all(|o| o.reachable.is_some()));
                a
            })
        });
        group.finish();
        let _ = std::fs::remove_file(&path);
    }
}

criterion_group!(benches, analyze_2_pow_40, load_and_check_10k, counters);
criterion_main!(benches);

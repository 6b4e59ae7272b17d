//! Benchmarks of the author tools on synthetic scenarios (crates/story/src/generate.rs):
//! - `analyze` on a story with 2^40 paths (target: ≤ 2 s in release);
//! - load + check of a 10,000-node story, including `check`'s value analysis (≤ 50 ms).
//!
//! Run with `cargo bench -p give-and-take-story` (no Bevy); figures in docs/performance.md.

use criterion::{Criterion, criterion_group, criterion_main};
use give_and_take_story::{AnalysisOptions, analyze, check_bytes, check_values, synthetic_ron};
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

criterion_group!(benches, analyze_2_pow_40, load_and_check_10k);
criterion_main!(benches);

//! Any bytes as a scenario file: read, check, locate and render the diagnostics; when it
//! loads, play it at random and analyse it with a small budget (500 states: past it the
//! interval bounds settle what the exploration did not reach). Nothing may panic, hang or
//! run out of memory. See docs/robustness.md for how to run it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = story::Source::from_bytes("fuzz.ron", data);
    let _ = source.render(false);
    if let Some(scenario) = &source.checked.story {
        let seed = data.iter().fold(0u64, |h, &b| h.wrapping_mul(31).wrapping_add(b as u64));
        let _ = story::simulate(scenario, story::Policy::Random, 2, seed);
        let _ = story::analyze(
            scenario,
            &story::AnalysisOptions {
                // Small, so that larger inputs stop short and the interval bounds run too.
                max_states: 500,
                max_bytes: 64 << 20,
                // No time budget: an input must behave the same on every run.
                max_time: None,
                timed_after: 0,
                find_seeds: false,
                walk_threads: 2,
            },
        );
    }
});

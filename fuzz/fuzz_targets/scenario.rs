//! Any bytes as a scenario file: read, check, locate and render the diagnostics; when it
//! loads, play it at random and analyse it with a small budget (`check`'s own value
//! analysis, bounded at 200,000 states, is too slow per input here). Nothing may panic, hang or
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
                max_states: 2_000,
                max_bytes: 64 << 20,
                max_time: None,
                find_seeds: false,
            },
        );
    }
});

//! Invariants of the story core, checked on every shipped scenario with random playthroughs.

use give_and_take_story::{RunState, State, Story, check_str};
use proptest::prelude::*;

fn shipped() -> Vec<Story> {
    let dir = format!("{}/../../scenarios", env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "ron") {
            let src = std::fs::read_to_string(&path).unwrap();
            let story = check_str(&src)
                .story
                .unwrap_or_else(|| panic!("{} does not check", path.display()));
            out.push(story);
        }
    }
    assert!(!out.is_empty());
    out
}

/// Plays to the end, picking among the offered choices with `picks` (cycled).
fn play_random(story: &Story, seed: u64, picks: &[usize]) -> RunState {
    let mut rs = RunState::new(story, seed).expect("starts");
    let mut i = 0;
    while !rs.ended() {
        let n = rs.offered(story).len();
        assert!(n > 0);
        rs.choose(story, picks[i % picks.len()] % n)
            .expect("a reachable choice never fails");
        i += 1;
        assert!(i < 10_000, "runs end");
    }
    rs
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Replaying the entries from an empty ledger reproduces the ledger and flags exactly.
    #[test]
    fn replay_reproduces_state(seed in any::<u64>(), picks in prop::collection::vec(0usize..8, 1..20)) {
        for story in shipped() {
            let rs = play_random(&story, seed, &picks);
            let replayed = State::replay(story.parties().len(), &rs.entries);
            prop_assert_eq!(&replayed.ledger, &rs.state.ledger);
            prop_assert_eq!(&replayed.flags, &rs.state.flags);
        }
    }

    /// The same seed and choices give the same run, entry for entry.
    #[test]
    fn same_seed_and_choices_same_run(seed in any::<u64>(), picks in prop::collection::vec(0usize..8, 1..20)) {
        for story in shipped() {
            let a = play_random(&story, seed, &picks);
            let b = RunState::replay(&story, seed, &a.choices).expect("replays");
            prop_assert_eq!(&a, &b);
            // And the state survives a save: serialise, restore, compare.
            let saved = serde_json::to_string(&a).unwrap();
            let restored: RunState = serde_json::from_str(&saved).unwrap();
            prop_assert_eq!(a, restored);
        }
    }

    /// Any index is either applied or refused with an error — never a panic.
    #[test]
    fn choosing_never_panics(seed in any::<u64>(), picks in prop::collection::vec(0usize..12, 1..30)) {
        for story in shipped() {
            let mut rs = RunState::new(&story, seed).unwrap();
            for &p in &picks {
                let _ = rs.choose(&story, p);
            }
        }
    }

    /// Checking never panics on mangled scenario text: cut short, bytes flipped, or garbage.
    #[test]
    fn check_never_panics_on_mangled_input(cut in 0.0f64..1.0, flips in prop::collection::vec((0.0f64..1.0, any::<u8>()), 0..6)) {
        let src = std::fs::read(format!("{}/../../scenarios/quote_dispute.ron", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let mut bytes = src[..(src.len() as f64 * cut) as usize].to_vec();
        for (at, b) in flips {
            if !bytes.is_empty() {
                let i = ((bytes.len() - 1) as f64 * at) as usize;
                bytes[i] = b;
            }
        }
        let source = give_and_take_story::Source::from_bytes("x.ron", &bytes);
        let _ = source.render(false);
        let checked = source.checked;
        prop_assert!(checked.story.is_some() || !checked.diagnostics.is_empty());
    }

    #[test]
    fn check_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let source = give_and_take_story::Source::from_bytes("x.ron", &bytes);
        let _ = source.render(false);
        let checked = source.checked;
        prop_assert!(checked.story.is_none());
    }
}

//! Helpers shared by the story crate's test files (each compiles its own copy).
#![allow(dead_code)]

use give_and_take_story::Story;
use std::path::{Path, PathBuf};

/// The repository: the shipped scenarios and the fixtures are named relative to it.
pub fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Every shipped scenario file.
pub fn shipped() -> Vec<PathBuf> {
    let files = give_and_take_story::scenario_files(&repo().join("scenarios")).expect("scenarios/");
    assert!(!files.is_empty(), "no shipped scenarios");
    files
}

/// Loads and checks a file; panics with its diagnostics when it has errors.
pub fn story(path: &Path) -> Story {
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let checked = give_and_take_story::check_str(&src);
    checked.story.unwrap_or_else(|| {
        panic!(
            "{} does not check: {:?}",
            path.display(),
            checked.diagnostics
        )
    })
}

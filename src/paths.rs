//! Where the shipped scenarios and assets live, and where saves go. The release binary must
//! work from any working directory, so nothing here depends on the current directory alone.

use std::path::{Path, PathBuf};

/// The first of these that exists: `$GIVE_AND_TAKE_HOME/<name>`, `<name>` beside the
/// executable or up to three levels above it (covers `target/release/`), the source tree the
/// binary was built from, and finally the current directory.
pub fn shipped(name: &str) -> PathBuf {
    let mut candidates = Vec::new();
    if let Some(home) = std::env::var_os("GIVE_AND_TAKE_HOME") {
        candidates.push(PathBuf::from(home).join(name));
    }
    if let Ok(exe) = std::env::current_exe() {
        let exe = exe.canonicalize().unwrap_or(exe);
        for dir in exe.ancestors().skip(1).take(4) {
            candidates.push(dir.join(name));
        }
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join(name));
    candidates
        .iter()
        .find(|p| p.is_dir())
        .cloned()
        .unwrap_or_else(|| PathBuf::from(name))
}

pub fn scenarios_dir() -> PathBuf {
    shipped("scenarios")
}

#[cfg(feature = "game")]
pub fn assets_dir() -> PathBuf {
    shipped("assets")
}

/// Saves and settings: the platform's data directory (e.g. `~/.local/share/give-and-take`),
/// overridable with `GIVE_AND_TAKE_DATA` (tests use a temporary directory).
#[cfg(feature = "game")]
pub fn data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("GIVE_AND_TAKE_DATA") {
        return PathBuf::from(d);
    }
    directories::ProjectDirs::from("org", "Give and Take", "give-and-take")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("give-and-take"))
}

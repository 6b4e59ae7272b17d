//! The one way a scenario file becomes a story: read → check → locate → render. The CLI,
//! the game's loader and the tests all go through [`Source`], so a file gives the same
//! diagnostics, at the same places, wherever it is opened.

use crate::check::{Checked, check_bytes};
use crate::format::diagnostics::{Located, Severity, locate};
use std::path::{Path, PathBuf};

/// A scenario source as read, with what the checks found in it.
pub struct Source {
    /// How messages name the file (`scenarios/quote_dispute.ron`).
    pub name: String,
    /// The text the diagnostics point into (lossy where the file is not UTF-8).
    pub text: String,
    /// The story when the file has no errors, and every diagnostic.
    pub checked: Checked,
}

impl Source {
    /// Checks bytes that came from anywhere (a file, an asset reader, a test).
    pub fn from_bytes(name: impl Into<String>, bytes: &[u8]) -> Source {
        let (text, checked) = check_bytes(bytes);
        Source {
            name: name.into(),
            text,
            checked,
        }
    }

    /// Reads and checks the file at `path`; the error says which file could not be read.
    pub fn read(path: &Path) -> Result<Source, String> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
        Ok(Source::from_bytes(name, &bytes))
    }

    /// Every diagnostic with its line and column.
    pub fn located(&self) -> Vec<Located> {
        locate(&self.name, &self.text, &self.checked.diagnostics)
    }

    /// The one-line form (`file:line:col: error[E0110]: …`) of each diagnostic of a severity.
    pub fn lines(&self, severity: Severity) -> Vec<String> {
        self.located()
            .iter()
            .filter(|d| d.severity == severity)
            .map(ToString::to_string)
            .collect()
    }

    /// Every diagnostic rendered rustc-style, with the source line and a caret.
    #[cfg(feature = "render")]
    pub fn render(&self, color: bool) -> String {
        crate::format::render::render(&self.text, &self.located(), color)
    }
}

/// Every `*.ron` file in a folder, sorted by name.
pub fn scenario_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

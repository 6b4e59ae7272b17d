//! The one way a scenario file becomes a story: read → check → locate → render. The CLI,
//! the game's loader and the tests all go through [`Source`], so a file gives the same
//! diagnostics, at the same places, wherever it is opened.

use crate::check::{Checked, MAX_FILE_BYTES, check_bytes};
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
    /// Only regular files up to [`MAX_FILE_BYTES`] are read: a device (`/dev/zero`), a pipe
    /// or a huge file is refused before reading, so nothing can hang or fill the memory.
    pub fn read(path: &Path) -> Result<Source, String> {
        use std::io::Read as _;
        let name = path.display().to_string();
        let cannot = |e: std::io::Error| format!("{name}: cannot read: {e}");
        let meta = std::fs::metadata(path).map_err(cannot)?;
        if !meta.is_file() {
            return Err(format!("{name}: cannot read: not a regular file"));
        }
        let too_big = |len: u64| {
            format!(
                "{name}: cannot read: {len} bytes is more than a scenario may be ({MAX_FILE_BYTES} bytes)"
            )
        };
        if meta.len() > MAX_FILE_BYTES as u64 {
            return Err(too_big(meta.len()));
        }
        // The file may grow after the look: never read more than the limit and one byte.
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
            .map_err(cannot)?;
        if bytes.len() > MAX_FILE_BYTES {
            return Err(too_big(bytes.len() as u64));
        }
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

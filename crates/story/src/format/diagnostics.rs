//! Errors and warnings about a scenario file, pointing at the exact place in its source.

use crate::format::span::{Path, Span, SpanIndex};
use serde::Serialize;
use std::fmt;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file cannot be played: there is no story.
    Error,
    /// The story plays, but probably not as meant.
    Warning,
}

/// Where a diagnostic points: a byte span (syntax errors), or a value path resolved to a
/// span once the file has been indexed.
#[derive(Clone, Debug)]
pub enum Loc {
    /// Bytes of the source.
    Span(Span),
    /// A value, by its place in the scenario (`nodes[3].then.0[1].next`).
    Path(Path),
    /// The file as a whole.
    File,
}

/// An error or warning about a scenario file, before its place is resolved to a line.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code from [`crate::CODES`], documented in docs/authoring.md.
    pub code: &'static str,
    /// What is wrong, in one line.
    pub message: String,
    /// Where.
    pub loc: Loc,
    /// Short text under the caret.
    pub label: Option<String>,
    /// What the author can do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error, without label or help.
    pub fn error(code: &'static str, message: impl Into<String>, loc: Loc) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            loc,
            label: None,
            help: None,
        }
    }
    /// A warning, without label or help.
    pub fn warning(code: &'static str, message: impl Into<String>, loc: Loc) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, loc)
        }
    }
    /// Sets the text under the caret.
    pub fn label(&mut self, label: impl Into<String>) -> &mut Self {
        self.label = Some(label.into());
        self
    }
    /// Sets the help.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
    /// Sets the help, if there is one.
    pub fn help_opt(&mut self, help: Option<String>) -> &mut Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }
}

/// 1-based line and column (in characters) of a byte offset.
#[cfg(any(feature = "render", test))]
pub(crate) fn line_col(src: &str, byte: usize) -> (usize, usize) {
    let byte = floor_char_boundary(src, byte.min(src.len()));
    let before = &src[..byte];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = src[line_start..byte].chars().count() + 1;
    (line, col)
}

/// Byte offset of a 1-based line and character column (clamped to the text).
pub(crate) fn offset_of(src: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match src[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return src.len(),
        }
    }
    let line_text = &src[start..src[start..].find('\n').map_or(src.len(), |i| start + i)];
    start
        + line_text
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i)
}

#[cfg(feature = "render")]
pub(crate) fn visible(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\t' && c.is_ascii() {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[cfg(feature = "render")]
pub(crate) fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

pub(crate) fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A diagnostic with its place resolved: what the CLI prints and tests assert on.
#[derive(Clone, Debug, Serialize)]
pub struct Located {
    /// The file's name as given.
    pub file: String,
    /// Error or warning.
    pub severity: Severity,
    /// Stable code from [`crate::CODES`], documented in docs/authoring.md.
    pub code: &'static str,
    /// What is wrong, in one line.
    pub message: String,
    /// 1-based line (1 when the diagnostic is about the whole file).
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// The bytes pointed at, if any (not in JSON).
    #[serde(skip)]
    pub span: Option<Span>,
    /// Short text under the caret.
    pub label: Option<String>,
    /// What the author can do about it.
    pub help: Option<String>,
}

impl fmt::Display for Located {
    /// The one-line form: `file:line:col: error[E0110]: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {sev}[{}]: {}",
            self.file, self.line, self.col, self.code, self.message
        )
    }
}

/// Resolves every diagnostic's place in `src` (indexing the file only if needed).
pub(crate) fn locate(file: &str, src: &str, diags: &[Diagnostic]) -> Vec<Located> {
    // One pass over the file finds every path asked for; the rest of the file is skipped.
    let paths: Vec<Path> = diags
        .iter()
        .filter_map(|d| match &d.loc {
            Loc::Path(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    let index = (!paths.is_empty()).then(|| SpanIndex::build(src, &paths));
    // Line starts found once per file, so many diagnostics in a big file stay cheap.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(src.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_col = |byte: usize| {
        let byte = floor_char_boundary(src, byte.min(src.len()));
        let line = line_starts.partition_point(|&s| s <= byte);
        let start = line_starts[line - 1];
        (line, src[start..byte].chars().count() + 1)
    };
    diags
        .iter()
        .map(|d| {
            let span = match &d.loc {
                Loc::Span(s) => Some(*s),
                Loc::Path(p) => index.as_ref().and_then(|i| i.find(p)),
                Loc::File => None,
            };
            let (line, col) = span.map_or((1, 1), |s| line_col(s.start));
            Located {
                file: file.to_string(),
                severity: d.severity,
                code: d.code,
                message: d.message.clone(),
                line,
                col,
                span,
                label: d.label.clone(),
                help: d.help.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let src = "ab\ncé d\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        // 'd' comes after a two-byte 'é'.
        assert_eq!(line_col(src, src.find('d').unwrap()), (2, 4));
        assert_eq!(offset_of(src, 2, 4), src.find('d').unwrap());
    }
}

//! Errors and warnings about a scenario file, pointing at the exact place in its source.

use crate::format::span::{Path, Span, SpanIndex};
use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where a diagnostic points: a byte span (syntax errors), or a value path resolved to a
/// span once the file has been indexed.
#[derive(Clone, Debug)]
pub enum Loc {
    Span(Span),
    Path(Path),
    File,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code, documented in docs/authoring.md ("E0110").
    pub code: &'static str,
    pub message: String,
    pub loc: Loc,
    /// Short text under the caret.
    pub label: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
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
    pub fn warning(code: &'static str, message: impl Into<String>, loc: Loc) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, loc)
        }
    }
    pub fn label(&mut self, label: impl Into<String>) -> &mut Self {
        self.label = Some(label.into());
        self
    }
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
    pub fn help_opt(&mut self, help: Option<String>) -> &mut Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, byte: usize) -> (usize, usize) {
    let byte = floor_char_boundary(src, byte.min(src.len()));
    let before = &src[..byte];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = src[line_start..byte].chars().count() + 1;
    (line, col)
}

/// Byte offset of a 1-based line and character column (clamped to the text).
pub fn offset_of(src: &str, line: usize, col: usize) -> usize {
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
    pub file: String,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub line: usize,
    pub col: usize,
    #[serde(skip)]
    pub span: Option<Span>,
    pub label: Option<String>,
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
pub fn locate(file: &str, src: &str, diags: &[Diagnostic]) -> Vec<Located> {
    let mut index: Option<SpanIndex> = None;
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
                Loc::Path(p) => index.get_or_insert_with(|| SpanIndex::build(src)).find(p),
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

//! Errors and warnings about a scenario file, pointing at the exact place in its source,
//! rendered rustc-style through miette.

use crate::story::span::{Path, Span, SpanIndex};
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

fn visible(s: &str) -> String {
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

fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
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

/// Renders diagnostics the way rustc does: header, `--> file:line:col`, the source line and
/// a caret under the value, then help.
pub fn render(src: &str, diags: &[Located], color: bool) -> String {
    use miette::{GraphicalReportHandler, GraphicalTheme};
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .with_width(100);
    let mut out = String::new();
    for d in diags {
        let report = MietteDiag::new(src, d);
        let _ = handler.render_report(&mut out, &report);
    }
    out
}

/// Adapter from [`Located`] to miette, showing only an excerpt around the error so that a
/// 20 MB line never ends up on the terminal.
#[derive(Debug)]
struct MietteDiag {
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    label: Option<miette::LabeledSpan>,
    source: Option<Excerpt>,
}

impl MietteDiag {
    fn new(src: &str, d: &Located) -> MietteDiag {
        let severity = match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        };
        let (source, label) = match d.span {
            Some(span) => {
                let (ex, local) = Excerpt::around(&d.file, src, span);
                let label = miette::LabeledSpan::new_primary_with_span(
                    d.label.clone(),
                    (local.start, local.end - local.start),
                );
                (Some(ex), Some(label))
            }
            None => (None, None),
        };
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let message = if d.span.is_none() {
            format!("{sev}[{}]: {} ({})", d.code, d.message, d.file)
        } else {
            format!("{sev}[{}]: {}", d.code, d.message)
        };
        MietteDiag {
            message,
            severity,
            help: d.help.clone(),
            label,
            source,
        }
    }
}

impl fmt::Display for MietteDiag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MietteDiag {}

impl miette::Diagnostic for MietteDiag {
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.label
            .clone()
            .map(|l| Box::new(std::iter::once(l)) as Box<dyn Iterator<Item = _>>)
    }
}

/// A few lines around a span, long lines cropped, that still reports the real line and
/// column numbers to miette.
#[derive(Debug)]
struct Excerpt {
    name: String,
    text: String,
    /// 0-based line number of the excerpt's first line in the file.
    first_line: usize,
    /// Which excerpt line holds the span, and how many characters were cropped before it.
    span_line: usize,
    col_shift: usize,
}

const MAX_LINE: usize = 160;

impl Excerpt {
    fn around(name: &str, src: &str, span: Span) -> (Excerpt, Span) {
        let start = floor_char_boundary(src, span.start.min(src.len()));
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
        let (line_no, _) = line_col(src, start);
        let prev = (line_start > 0).then(|| {
            let e = line_start - 1;
            let s = src[..e].rfind('\n').map_or(0, |i| i + 1);
            &src[s..e]
        });
        let next = (line_end < src.len()).then(|| {
            let s = line_end + 1;
            &src[s..src[s..].find('\n').map_or(src.len(), |i| s + i)]
        });

        // Control characters are shown as spaces (same byte length, so offsets still hold).
        let line = &visible(&src[line_start..line_end]);
        let col_chars = src[line_start..start].chars().count();
        let (shown, crop_chars, prefix) = if line.chars().count() > MAX_LINE {
            let from = col_chars.saturating_sub(40);
            let shown: String = line.chars().skip(from).take(MAX_LINE).collect();
            let prefix = if from > 0 { "…" } else { "" };
            (format!("{prefix}{shown}…"), from, prefix)
        } else {
            (line.trim_end_matches('\r').to_string(), 0, "")
        };
        let crop = |l: &str| {
            let l = &visible(l.trim_end_matches('\r'));
            if l.chars().count() > MAX_LINE {
                format!("{}…", l.chars().take(MAX_LINE).collect::<String>())
            } else {
                l.to_string()
            }
        };

        let mut text = String::new();
        let mut first_line = line_no - 1;
        let mut span_line = 0;
        if let Some(p) = prev {
            text.push_str(&crop(p));
            text.push('\n');
            first_line -= 1;
            span_line = 1;
        }
        let local_line_start = text.len();
        text.push_str(&shown);
        let local_line_end = text.len();
        if let Some(n) = next {
            text.push('\n');
            text.push_str(&crop(n));
        }

        // The span inside the excerpt: from the caret's column, at most to the end of its line.
        let skip = col_chars - crop_chars;
        let local_start = local_line_start
            + prefix.len()
            + shown[prefix.len()..]
                .char_indices()
                .nth(skip)
                .map_or(shown.len() - prefix.len(), |(i, _)| i);
        let end = ceil_char_boundary(src, span.end.clamp(start, line_end));
        let span_chars = src[start..end].chars().count().max(1);
        let local_end = text[local_start..local_line_end]
            .char_indices()
            .nth(span_chars)
            .map_or(local_line_end, |(i, _)| local_start + i)
            .max(local_start);
        let col_shift = crop_chars.saturating_sub(prefix.chars().count());
        (
            Excerpt {
                name: name.to_string(),
                text,
                first_line,
                span_line,
                col_shift,
            },
            Span {
                start: local_start,
                end: local_end,
            },
        )
    }
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        let column = if before == 0 {
            let (l, c) = line_col(&self.text, span.offset());
            let shift = if l - 1 == self.span_line {
                self.col_shift
            } else {
                0
            };
            c - 1 + shift
        } else {
            0
        };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
    }
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

    #[test]
    fn renders_real_position_of_a_cropped_long_line() {
        let long = format!("Scenario(id: \"{}\", oops)", "x".repeat(5000));
        let src = format!("// first\n{long}\n");
        let at = src.find("oops").unwrap();
        let d = Diagnostic::error(
            "E0001",
            "unexpected",
            Loc::Span(Span {
                start: at,
                end: at + 4,
            }),
        );
        let located = locate("big.ron", &src, &[d]);
        let (line, col) = (located[0].line, located[0].col);
        assert_eq!(line, 2);
        let out = render(&src, &located, false);
        assert!(out.contains(&format!("big.ron:{line}:{col}")), "{out}");
        assert!(
            out.len() < 2000,
            "the excerpt must be cropped: {} bytes",
            out.len()
        );
        assert!(out.contains("oops"));
    }
}

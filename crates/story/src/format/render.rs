//! Diagnostics rendered rustc-style through miette (feature `render`): the header, `-->
//! file:line:col`, the source line with a caret under the value, then help.

use crate::format::diagnostics::{
    Located, Severity, ceil_char_boundary, floor_char_boundary, line_col, visible,
};
use crate::format::span::Span;
use std::fmt;

/// Renders diagnostics the way rustc does: header, `--> file:line:col`, the source line and
/// a caret under the value, then help.
pub(crate) fn render(src: &str, diags: &[Located], color: bool) -> String {
    use miette::{GraphicalReportHandler, GraphicalTheme};
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .with_width(100)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace);
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
                let (ex, local) = Excerpt::around(&d.file, src, span, d.line);
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
    /// The lines around `span`, which starts on line `line_no` (as located: counting the
    /// lines again for each diagnostic would read a large file from its start each time).
    fn around(name: &str, src: &str, span: Span, line_no: usize) -> (Excerpt, Span) {
        let start = floor_char_boundary(src, span.start.min(src.len()));
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
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
    use crate::format::codes;
    use crate::format::diagnostics::{Diagnostic, Loc, locate};
    use crate::format::span::Span;

    #[test]
    fn renders_real_position_of_a_cropped_long_line() {
        let long = format!("Scenario(id: \"{}\", oops)", "x".repeat(5000));
        let src = format!("// first\n{long}\n");
        let at = src.find("oops").unwrap();
        let d = Diagnostic::error(
            codes::SYNTAX,
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

//! Diagnostics as you type, off the main thread.
//!
//! Two workers, each keeping only the newest job per document and starting it only after
//! a quiet period (debounce):
//! - the **check** worker runs what `give-and-take check` runs first (syntax, references,
//!   texts, reachability: `Source::from_bytes(…).located()`), [`CHECK_DELAY`] after the last
//!   change (at once on open);
//! - the **values** worker runs `story::check_values` (E0164, E0165) on a version without
//!   errors, [`VALUES_DELAY`] after the last change. It is bounded like `check`'s (at most
//!   [`story::CHECK_MAX_STATES`] states, skipped above [`story::CHECK_MAX_NODES`] nodes),
//!   and also skipped above [`VALUES_MAX_BYTES`]; it cannot be interrupted, so an edit made
//!   while it runs waits for it and its result is dropped when the document has moved on.
//!
//! A panic in the story core becomes one diagnostic, never the end of the server.

use super::lines::LineIndex;
use super::syntax::Span;
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, unbounded};
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};
use story::{Checked, Located, Severity, Source, Story};

/// Quiet time after a change before the file is checked again.
pub const CHECK_DELAY: Duration = Duration::from_millis(150);
/// Quiet time after a change before the value analysis starts.
pub const VALUES_DELAY: Duration = Duration::from_millis(600);
/// Larger documents are not checked at all (one diagnostic says so).
pub const CHECK_MAX_BYTES: usize = 32 << 20;
/// Larger documents get no value analysis in the editor (`check` still runs it).
pub const VALUES_MAX_BYTES: usize = 4 << 20;

/// A diagnostic as published, with what a quick fix needs.
#[derive(Clone, Debug)]
pub struct Diag {
    pub lsp: Diagnostic,
    pub span: Option<Span>,
    pub message: String,
    pub help: Option<String>,
}

/// A version of a document to look at.
#[derive(Clone)]
pub struct Job {
    pub uri: Uri,
    pub version: i32,
    pub text: Arc<String>,
    /// For the values worker: the story of this version.
    pub story: Option<Arc<Story>>,
}

pub enum Cmd {
    Run(Job, Duration),
    Forget(Uri),
}

/// What a worker found.
pub enum Event {
    Checked {
        uri: Uri,
        version: i32,
        diags: Vec<Diag>,
        story: Option<Arc<Story>>,
    },
    Values {
        uri: Uri,
        version: i32,
        diags: Vec<Diag>,
        notes: Vec<String>,
    },
}

/// Starts a worker that runs `work` on the newest job of each document once it is due.
pub fn spawn(
    name: &str,
    events: Sender<Event>,
    work: fn(Job) -> Event,
) -> (Sender<Cmd>, thread::JoinHandle<()>) {
    let (tx, rx) = unbounded::<Cmd>();
    let handle = thread::Builder::new()
        .name(name.into())
        // The story core recurses over nested values (at most 96 deep); room to spare.
        .stack_size(64 << 20)
        .spawn(move || worker(&rx, &events, work))
        .expect("spawn a worker thread");
    (tx, handle)
}

fn worker(rx: &Receiver<Cmd>, events: &Sender<Event>, work: fn(Job) -> Event) {
    // Keyed by the URI's text (`Uri` has interior mutability, so it makes a poor key).
    let mut pending: HashMap<String, (Job, Instant)> = HashMap::new();
    loop {
        let next = pending.values().map(|(_, due)| *due).min();
        let cmd = match next {
            Some(due) => match rx.recv_deadline(due) {
                Ok(c) => Some(c),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            },
            None => match rx.recv() {
                Ok(c) => Some(c),
                Err(_) => return,
            },
        };
        match cmd {
            Some(Cmd::Run(job, delay)) => {
                pending.insert(job.uri.as_str().to_string(), (job, Instant::now() + delay));
            }
            Some(Cmd::Forget(uri)) => {
                pending.remove(uri.as_str());
            }
            None => {}
        }
        let now = Instant::now();
        let due = pending
            .iter()
            .filter(|(_, (_, due))| *due <= now)
            .map(|(u, _)| u.clone())
            .next();
        if let Some((job, _)) = due.and_then(|u| pending.remove(&u))
            && events.send(work(job)).is_err()
        {
            return;
        }
    }
}

/// The check `give-and-take check` makes first.
pub fn check(job: Job) -> Event {
    let Job {
        uri, version, text, ..
    } = job;
    if text.len() > CHECK_MAX_BYTES {
        let message = format!(
            "this file is too large for the editor's checks ({} MB; the limit is {} MB): run `give-and-take check` on it",
            text.len() >> 20,
            CHECK_MAX_BYTES >> 20
        );
        return Event::Checked {
            uri,
            version,
            diags: vec![plain(message, DiagnosticSeverity::WARNING)],
            story: None,
        };
    }
    let result = catch_unwind(AssertUnwindSafe(|| {
        let source = Source::from_bytes(name(&uri), text.as_bytes());
        let located = source.located();
        (located, source.checked.story)
    }));
    let (diags, story) = match result {
        Ok((located, story)) => {
            let lines = LineIndex::new(&text);
            let diags = located
                .iter()
                .map(|d| convert(&uri, &text, &lines, d))
                .collect();
            (diags, story.map(Arc::new))
        }
        Err(_) => (
            vec![plain(
                "internal error while checking this file (please report it)".into(),
                DiagnosticSeverity::ERROR,
            )],
            None,
        ),
    };
    Event::Checked {
        uri,
        version,
        diags,
        story,
    }
}

/// `check`'s value analysis: outcomes no path reaches (E0164), paths that get stuck (E0165).
pub fn values(job: Job) -> Event {
    let Job {
        uri,
        version,
        text,
        story,
    } = job;
    let Some(story) = story else {
        return Event::Values {
            uri,
            version,
            diags: Vec::new(),
            notes: Vec::new(),
        };
    };
    if text.len() > VALUES_MAX_BYTES {
        return Event::Values {
            uri,
            version,
            diags: Vec::new(),
            notes: vec![format!(
                "the value analysis is skipped in the editor for files over {} MB; `give-and-take check` runs it",
                VALUES_MAX_BYTES >> 20
            )],
        };
    }
    let result = catch_unwind(AssertUnwindSafe(|| {
        let found = story::check_values(&story);
        // Its diagnostics point at ids through paths into the text: `located` finds them.
        let source = Source {
            name: name(&uri),
            text: (*text).clone(),
            checked: Checked {
                story: None,
                diagnostics: found.diagnostics,
            },
        };
        (source.located(), found.notes)
    }));
    let (diags, notes) = match result {
        Ok((located, notes)) => {
            let lines = LineIndex::new(&text);
            let diags = located
                .iter()
                .map(|d| convert(&uri, &text, &lines, d))
                .collect();
            (diags, notes)
        }
        Err(_) => (
            Vec::new(),
            vec!["internal error in the value analysis (please report it)".into()],
        ),
    };
    Event::Values {
        uri,
        version,
        diags,
        notes,
    }
}

/// How messages name the document: its path for a `file:` URI.
fn name(uri: &Uri) -> String {
    let s = uri.as_str();
    s.strip_prefix("file://").unwrap_or(s).to_string()
}

fn plain(message: String, severity: DiagnosticSeverity) -> Diag {
    Diag {
        lsp: Diagnostic {
            severity: Some(severity),
            source: Some("give-and-take".into()),
            message: message.clone(),
            ..Diagnostic::default()
        },
        span: None,
        message,
        help: None,
    }
}

/// One of the story core's diagnostics as LSP sees it: the same code, the range of its
/// span (in UTF-16 positions), the message with its help, and the label as related
/// information at the same place.
pub fn convert(uri: &Uri, text: &str, lines: &LineIndex, d: &Located) -> Diag {
    let span = d.span.map(|s| (s.start, s.end));
    let range = span.map(|s| lines.range(text, s)).unwrap_or_default();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related = d.label.as_ref().map(|label| {
        vec![DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range),
            message: label.clone(),
        }]
    });
    Diag {
        lsp: Diagnostic {
            range,
            severity: Some(match d.severity {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
            }),
            code: Some(NumberOrString::String(d.code.to_string())),
            source: Some("give-and-take".into()),
            message,
            related_information: related,
            ..Diagnostic::default()
        },
        span,
        message: d.message.clone(),
        help: d.help.clone(),
    }
}

//! Reading and checking a scenario file: syntax (via `ron`), then every semantic rule,
//! producing either a [`Story`] or diagnostics that point at the exact value.
//!
//! One `Compiler` walks the parsed scenario pass by pass. Its `impl` is spread over a file
//! per pass; `Compiler::run`, here, says in which order they go.

mod effects;
mod in_file_tests;
mod lints;
mod nodes;
mod parse;
mod parties;
mod reach;
mod references;
#[cfg(test)]
mod tests_lints;

pub use parse::parse;
use parse::suggest;

use crate::compiled::{self, Permille};
use crate::format::codes;
use crate::format::diagnostics::{Diagnostic, Loc, Severity};
use crate::format::scenario::Scenario;
use crate::format::span::{Path, Span};
use crate::ids::{FlagId, Id, IdVec, KindId, NodeId, OutcomeId, PartyId};
use crate::story::Story;
use std::collections::{HashMap, HashSet};

/// The largest scenario file read (16 MiB): `Source::read` refuses larger files before
/// reading them, and a larger text is refused before parsing.
pub const MAX_FILE_BYTES: usize = 16 << 20;
/// The most parties a scenario may have.
pub const MAX_PARTIES: usize = 1000;
/// The most nodes a scenario may have.
pub const MAX_NODES: usize = 100_000;
/// The most choices a node may offer (the game's number keys go 1–9).
pub const MAX_CHOICES: usize = 9;
/// The most characters in one text: what the game's text box holds.
pub const MAX_TEXT_CHARS: usize = 700;
/// The most characters in an id.
pub const MAX_ID_CHARS: usize = 64;
/// More diagnostics of one code than this are summed up in one more ("… and 9,998 more").
pub const MAX_SAME_CODE: usize = 20;

/// The result of checking one source: the story when there were no errors, and every
/// diagnostic (warnings also accompany a story).
pub struct Checked {
    /// The checked story; `None` when there is any error.
    pub story: Option<Story>,
    /// Every error and warning, in the order the checks found them.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// How many errors.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
    /// How many warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
}

/// Checks raw bytes: anything at all may come in (binary, truncated, huge).
/// Returns the text to show diagnostics against (lossy for invalid UTF-8) and the result.
pub fn check_bytes(bytes: &[u8]) -> (String, Checked) {
    if bytes.len() > MAX_FILE_BYTES {
        let mut d = Diagnostic::error(
            codes::UNREADABLE,
            format!(
                "the file is {} bytes, more than a scenario may be ({MAX_FILE_BYTES} bytes)",
                bytes.len()
            ),
            Loc::File,
        );
        d.help("is this the right file? the largest shipped scenario is under 100 KB");
        return (
            String::new(),
            Checked {
                story: None,
                diagnostics: vec![d],
            },
        );
    }
    // A byte-order mark (as Notepad writes) is not part of the text: line 1, column 1 is
    // what comes after it.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(src) => (src.to_string(), check_str(src)),
        Err(e) => {
            let at = e.valid_up_to();
            let shown = String::from_utf8_lossy(bytes).into_owned();
            // The lossy text replaces the bad bytes; its prefix up to `at` is unchanged.
            let mut d = Diagnostic::error(
                codes::NOT_UTF8,
                "the file is not valid UTF-8 text",
                Loc::Span(Span {
                    start: at,
                    end: at + 1,
                }),
            );
            d.label("this byte is not UTF-8")
                .help("scenario files are UTF-8 text in RON; save the file as UTF-8");
            (
                shown,
                Checked {
                    story: None,
                    diagnostics: vec![d],
                },
            )
        }
    }
}

/// Checks the text of a scenario file: its syntax, then every rule.
pub fn check_str(src: &str) -> Checked {
    match parse(src) {
        Ok(sc) => compile(sc),
        Err(d) => Checked {
            story: None,
            diagnostics: vec![d],
        },
    }
}

/// Turns a parsed scenario into a [`Story`], reporting every semantic problem.
pub(crate) fn compile(sc: Scenario) -> Checked {
    let mut c = Compiler::new(&sc);
    c.run();
    let Compiler {
        diags, story_parts, ..
    } = c;
    let mut diags = diags;
    let has_errors = diags.iter().any(|d| d.severity == Severity::Error);
    let story = if has_errors {
        None
    } else {
        story_parts.map(|parts| parts.into_story(sc))
    };
    if let Some(story) = &story {
        in_file_tests::lint_script_ends(story, &mut diags);
    }
    let diags = group(diags);
    Checked {
        story,
        diagnostics: diags,
    }
}

/// Keeps the first [`MAX_SAME_CODE`] diagnostics of each code and says how many more there
/// were, so 10,000 unused parties give 21 lines, not 10,000.
fn group(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen: HashMap<&'static str, usize> = HashMap::new();
    let mut out = Vec::with_capacity(diags.len().min(256));
    let mut last_of: HashMap<&'static str, Diagnostic> = HashMap::new();
    for d in diags {
        let n = seen.entry(d.code).or_default();
        *n += 1;
        if *n <= MAX_SAME_CODE {
            out.push(d);
        } else {
            last_of.entry(d.code).or_insert(d);
        }
    }
    let mut extra: Vec<(&'static str, Diagnostic)> = last_of.into_iter().collect();
    extra.sort_by_key(|(code, _)| *code);
    for (code, first_left_out) in extra {
        let more = seen[code] - MAX_SAME_CODE;
        let mut d = Diagnostic {
            message: format!(
                "… and {more} more {code} not listed; the next: {}",
                first_left_out.message
            ),
            label: None,
            help: None,
            ..first_left_out
        };
        d.help(format!(
            "only the first {MAX_SAME_CODE} of each kind are listed; fix those and check again"
        ));
        out.push(d);
    }
    out
}

/// The compiled pieces of a [`Story`], kept until the checks are done.
struct Parts {
    parties: IdVec<PartyId, compiled::Party>,
    player: PartyId,
    start: NodeId,
    rules: compiled::Rules,
    history: Vec<compiled::Effect>,
    valuations: HashMap<(PartyId, KindId), Permille>,
    kinds: IdVec<KindId, String>,
    chains: Vec<compiled::Chain>,
    nodes: IdVec<NodeId, compiled::Node>,
    outcomes: IdVec<OutcomeId, compiled::Outcome>,
    flags: IdVec<FlagId, String>,
    node_index: HashMap<String, NodeId>,
    party_index: HashMap<String, PartyId>,
    outcome_index: HashMap<String, OutcomeId>,
    test_ledgers: Vec<Vec<compiled::Cond>>,
}

impl Parts {
    fn into_story(self, scenario: Scenario) -> Story {
        let credits_read =
            crate::story::credits_read(&self.nodes, &self.outcomes, &self.test_ledgers);
        Story {
            scenario,
            parties: self.parties,
            player: self.player,
            start: self.start,
            rules: self.rules,
            history: self.history,
            valuations: self.valuations,
            kinds: self.kinds,
            chains: self.chains,
            nodes: self.nodes,
            outcomes: self.outcomes,
            flags: self.flags,
            node_index: self.node_index,
            party_index: self.party_index,
            outcome_index: self.outcome_index,
            test_ledgers: self.test_ledgers,
            credits_read,
        }
    }
}

/// One check of one scenario: what the passes have learnt so far, and what they found.
struct Compiler<'a> {
    sc: &'a Scenario,
    diags: Vec<Diagnostic>,
    party_index: HashMap<String, PartyId>,
    node_index: HashMap<String, NodeId>,
    outcome_index: HashMap<String, OutcomeId>,
    /// Flags get ids as they are met, set or tested.
    flags: IdVec<FlagId, String>,
    flag_index: HashMap<String, FlagId>,
    flags_set: HashSet<FlagId>,
    /// Where each flag is first tested, for W0203.
    flags_tested: HashMap<FlagId, Path>,
    /// Gift kinds get ids as they are given or valued.
    kinds: IdVec<KindId, String>,
    kind_index: HashMap<String, KindId>,
    /// The nodes `Visited` asks about; a run records only these.
    watched: Vec<NodeId>,
    watch_of: HashMap<NodeId, usize>,
    /// Parties something refers to, for W0202.
    used_parties: HashSet<PartyId>,
    story_parts: Option<Parts>,
}

/// The largest amount, weight, pressure or `loyalty_full` a file may write.
const MAX_AMOUNT: i32 = 10_000;

impl<'a> Compiler<'a> {
    fn new(sc: &'a Scenario) -> Self {
        Compiler {
            sc,
            diags: Vec::new(),
            party_index: HashMap::new(),
            node_index: HashMap::new(),
            outcome_index: HashMap::new(),
            flags: IdVec::new(),
            flag_index: HashMap::new(),
            flags_set: HashSet::new(),
            flags_tested: HashMap::new(),
            kinds: IdVec::new(),
            kind_index: HashMap::new(),
            watched: Vec::new(),
            watch_of: HashMap::new(),
            used_parties: HashSet::new(),
            story_parts: None,
        }
    }

    /// Reports an error at `path`; the caller may add a label and help.
    fn err(&mut self, code: &'static str, msg: impl Into<String>, path: Path) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(code, msg, Loc::Path(path)));
        self.diags.last_mut().expect("just pushed")
    }

    /// Reports a warning at `path`; the caller may add a label and help.
    fn warn(&mut self, code: &'static str, msg: impl Into<String>, path: Path) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::warning(code, msg, Loc::Path(path)));
        self.diags.last_mut().expect("just pushed")
    }

    /// The passes, in order. The order is the order of the diagnostics, and the reachability
    /// pass needs the others to have found no error.
    fn run(&mut self) {
        let sc = self.sc;
        let root = Path::root();
        self.check_id(&sc.id, root.f("id"), "scenario");
        self.text(&sc.title, root.f("title"));
        self.text(&sc.summary, root.f("summary"));
        // Ids first, so that references may point forward.
        self.index_ids();
        let rules = self.rules(&sc.rules, root.f("rules"));
        let parties = self.parties();
        let player = self.person(&sc.player, root.f("player"));
        let history = self.effects(&sc.history, root.f("history"));
        self.gifts();
        let valuations = self.valuations();
        let chains = self.chains();
        let start = match &sc.start {
            Some(s) => self.node_ref(s, root.f("start")),
            None => NodeId::from_index(0),
        };
        if sc.nodes.is_empty() {
            self.err(
                codes::NOTHING_NEXT,
                "the scenario has no nodes",
                root.f("nodes"),
            )
            .help("add at least one `Node(id: ..., text: ..., then: ...)`");
        }
        if sc.outcomes.is_empty() {
            self.err(
                codes::NO_OUTCOMES,
                "the scenario has no outcomes",
                root.f("outcomes"),
            )
            .help("add at least one `Outcome(id: ..., title: ..., epilogue: ..., tone: ...)`");
        }
        let mut nodes = self.nodes();
        let outcomes = self.outcomes();
        let test_ledgers = self.tests();
        self.used_parties.insert(player);

        for (w, &n) in self.watched.iter().enumerate() {
            nodes[n].watch = Some(w);
        }
        if !self.diags.iter().any(|d| d.severity == Severity::Error) {
            self.graph(&nodes, start);
        }
        self.lint_flags();
        self.lint_gifts();
        self.lint_parties();

        self.story_parts = Some(Parts {
            parties,
            player,
            start,
            rules,
            history,
            valuations,
            kinds: self.kinds.clone(),
            chains,
            nodes,
            outcomes,
            flags: self.flags.clone(),
            node_index: self.node_index.clone(),
            party_index: self.party_index.clone(),
            outcome_index: self.outcome_index.clone(),
            test_ledgers,
        });
    }
}

//! Reading and checking a scenario file: syntax (via `ron`), then every semantic rule,
//! producing either a [`Story`] or diagnostics that point at the exact value.

use crate::compiled::{self, EffectKind, Permille};
use crate::format::diagnostics::{Diagnostic, Loc, Severity};
use crate::format::scenario::*;
use crate::format::span::{Path, Span};
use crate::graph;
use crate::ids::{ChoiceId, FlagId, Id, IdVec, KindId, NodeId, OutcomeId, PartyId, ReactionId};
use crate::story::Story;
use crate::text::{Lang, Text};
use std::collections::{HashMap, HashSet};

/// The result of checking one source: the story when there were no errors, and every
/// diagnostic (warnings also accompany a story).
pub struct Checked {
    pub story: Option<Story>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
}

/// How deep values may nest (`Not(Not(...))`); deeper files are rejected, never overflow.
pub const RECURSION_LIMIT: usize = 96;

/// Checks raw bytes: anything at all may come in (binary, truncated, huge).
/// Returns the text to show diagnostics against (lossy for invalid UTF-8) and the result.
pub fn check_bytes(bytes: &[u8]) -> (String, Checked) {
    match std::str::from_utf8(bytes) {
        Ok(src) => (src.to_string(), check_str(src)),
        Err(e) => {
            let at = e.valid_up_to();
            let shown = String::from_utf8_lossy(bytes).into_owned();
            // The lossy text replaces the bad bytes; its prefix up to `at` is unchanged.
            let mut d = Diagnostic::error(
                "E0002",
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

pub fn check_str(src: &str) -> Checked {
    match parse(src) {
        Ok(sc) => compile(sc),
        Err(d) => Checked {
            story: None,
            diagnostics: vec![d],
        },
    }
}

/// Parses RON into the authoring types. `Option` fields may be written without `Some(…)`.
pub fn parse(src: &str) -> Result<Scenario, Diagnostic> {
    if src.trim().is_empty() {
        let mut d = Diagnostic::error(
            "E0003",
            "the file is empty",
            Loc::Span(Span { start: 0, end: 0 }),
        );
        d.label("expected `Scenario(` here").help(
            "a scenario file holds one `Scenario(id: ..., title: ..., ...)`; see docs/authoring.md",
        );
        return Err(d);
    }
    let options = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(RECURSION_LIMIT);
    options
        .from_str::<Scenario>(src)
        .map_err(|e| syntax_error(src, e))
}

fn syntax_error(src: &str, e: ron::error::SpannedError) -> Diagnostic {
    use crate::format::diagnostics::offset_of;
    use ron::error::Error as E;
    let start = offset_of(src, e.span.start.line, e.span.start.col);
    let mut end = offset_of(src, e.span.end.line, e.span.end.col).max(start);
    if end == start {
        end = (start + src[start..].chars().next().map_or(0, char::len_utf8)).min(src.len());
    }
    let loc = Loc::Span(Span { start, end });
    let (message, label, help): (String, &str, Option<String>) = match &e.code {
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            format!(
                "unknown {} `{found}`",
                outer
                    .as_deref()
                    .map_or("variant".to_string(), |o| format!("{o} kind"))
            ),
            "not a known kind",
            Some(match suggest(found, expected.iter().copied()) {
                Some(s) => format!(
                    "did you mean `{s}`? expected one of: {}",
                    expected.join(", ")
                ),
                None => format!("expected one of: {}", expected.join(", ")),
            }),
        ),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            format!(
                "unknown field `{found}`{}",
                outer
                    .as_deref()
                    .map_or(String::new(), |o| format!(" in `{o}`"))
            ),
            "not a field here",
            Some(match suggest(found, expected.iter().copied()) {
                Some(s) => format!(
                    "did you mean `{s}`? the fields are: {}",
                    expected.join(", ")
                ),
                None => format!("the fields are: {}", expected.join(", ")),
            }),
        ),
        E::MissingStructField { field, outer } => (
            format!(
                "missing field `{field}`{}",
                outer
                    .as_deref()
                    .map_or(String::new(), |o| format!(" in `{o}`"))
            ),
            "this value ends without it",
            Some(format!(
                "add `{field}: ...`; docs/authoring.md lists every field"
            )),
        ),
        E::ExceededRecursionLimit => (
            format!("values are nested more than {RECURSION_LIMIT} levels deep"),
            "too deep",
            Some("flatten the condition, e.g. `All([...])` instead of nested `All`s".to_string()),
        ),
        E::Eof => (
            "the file ends in the middle of a value".to_string(),
            "unexpected end of file",
            Some("a bracket or parenthesis is not closed".to_string()),
        ),
        other => {
            let help = src.trim_start().starts_with(['{', '[']).then(|| {
                "this looks like JSON; scenario files are RON: `Scenario(id: \"...\", ...)`"
                    .to_string()
            });
            (other.to_string(), "here", help)
        }
    };
    let mut d = Diagnostic::error("E0001", message, loc);
    d.label(label).help_opt(help);
    d
}

/// The closest candidate by edit distance, if it is close enough to be a likely typo.
pub fn suggest<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let found_l = found.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (levenshtein(&found_l, &c.to_lowercase()), c))
        .filter(|&(d, c)| d <= (c.chars().count().max(found.chars().count()) / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + (ca != cb) as usize)
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Turns a parsed scenario into a [`Story`], reporting every semantic problem.
pub fn compile(sc: Scenario) -> Checked {
    let mut c = Compiler::new(&sc);
    c.run();
    let Compiler {
        diags, story_parts, ..
    } = c;
    let has_errors = diags.iter().any(|d| d.severity == Severity::Error);
    let story = if has_errors {
        None
    } else {
        story_parts.map(|parts| parts.into_story(sc))
    };
    Checked {
        story,
        diagnostics: diags,
    }
}

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
        }
    }
}

struct Compiler<'a> {
    sc: &'a Scenario,
    diags: Vec<Diagnostic>,
    party_index: HashMap<String, PartyId>,
    node_index: HashMap<String, NodeId>,
    outcome_index: HashMap<String, OutcomeId>,
    flags: IdVec<FlagId, String>,
    flag_index: HashMap<String, FlagId>,
    flags_set: HashSet<FlagId>,
    flags_tested: HashMap<FlagId, Path>,
    kinds: IdVec<KindId, String>,
    kind_index: HashMap<String, KindId>,
    watched: Vec<NodeId>,
    watch_of: HashMap<NodeId, usize>,
    used_parties: HashSet<PartyId>,
    story_parts: Option<Parts>,
}

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

    fn err(&mut self, code: &'static str, msg: impl Into<String>, path: Path) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(code, msg, Loc::Path(path)));
        self.diags.last_mut().expect("just pushed")
    }

    fn warn(&mut self, code: &'static str, msg: impl Into<String>, path: Path) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::warning(code, msg, Loc::Path(path)));
        self.diags.last_mut().expect("just pushed")
    }

    fn run(&mut self) {
        let sc = self.sc;
        let root = Path::root();
        self.check_id(&sc.id, root.f("id"), "scenario");
        self.text(&sc.title, root.f("title"));
        self.text(&sc.summary, root.f("summary"));

        // Index ids first so that references may point forward.
        for (i, p) in sc.parties.iter().enumerate() {
            let path = root.f("parties").i(i).f("id");
            self.check_id(&p.id, path.clone(), "party");
            if self
                .party_index
                .insert(p.id.clone(), PartyId::from_index(i))
                .is_some()
            {
                self.err(
                    "E0101",
                    format!("the party `{}` is defined twice", p.id),
                    path,
                )
                .label("second definition");
            }
        }
        if sc.parties.len() > 1000 {
            self.err(
                "E0130",
                "a scenario may have at most 1000 parties",
                root.f("parties"),
            );
        }
        for (i, n) in sc.nodes.iter().enumerate() {
            let path = root.f("nodes").i(i).f("id");
            self.check_id(&n.id, path.clone(), "node");
            if self
                .node_index
                .insert(n.id.clone(), NodeId::from_index(i))
                .is_some()
            {
                self.err(
                    "E0102",
                    format!("the node `{}` is defined twice", n.id),
                    path,
                )
                .label("second definition");
            }
        }
        for (i, o) in sc.outcomes.iter().enumerate() {
            let path = root.f("outcomes").i(i).f("id");
            self.check_id(&o.id, path.clone(), "outcome");
            if self
                .outcome_index
                .insert(o.id.clone(), OutcomeId::from_index(i))
                .is_some()
            {
                self.err(
                    "E0103",
                    format!("the outcome `{}` is defined twice", o.id),
                    path,
                )
                .label("second definition");
            }
        }

        let rules = self.rules(&sc.rules, root.f("rules"));
        let parties = self.parties();
        let player = self.person(&sc.player, root.f("player"));
        let history = self.effects(&sc.history, root.f("history"));
        let mut gift_ids = HashSet::new();
        for (i, g) in sc.gifts.iter().enumerate() {
            let path = root.f("gifts").i(i);
            self.check_id(&g.kind, path.f("kind"), "gift kind");
            self.text(&g.name, path.f("name"));
            if !gift_ids.insert(g.kind.as_str()) {
                self.err(
                    "E0104",
                    format!("the gift kind `{}` is declared twice", g.kind),
                    path.f("kind"),
                );
            }
        }
        let valuations = self.valuations();
        let chains = self.chains();
        let start = match &sc.start {
            Some(s) => self.node_ref(s, root.f("start")),
            None => NodeId::from_index(0),
        };
        if sc.nodes.is_empty() {
            self.err("E0150", "the scenario has no nodes", root.f("nodes"))
                .help("add at least one `Node(id: ..., text: ..., then: ...)`");
        }
        if sc.outcomes.is_empty() {
            self.err("E0151", "the scenario has no outcomes", root.f("outcomes"))
                .help("add at least one `Outcome(id: ..., title: ..., epilogue: ..., tone: ...)`");
        }
        let nodes: IdVec<NodeId, compiled::Node> = sc
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| self.node(n, root.f("nodes").i(i)))
            .collect();
        let outcomes: IdVec<OutcomeId, compiled::Outcome> = sc
            .outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let path = root.f("outcomes").i(i);
                self.text(&o.title, path.f("title"));
                self.text(&o.epilogue, path.f("epilogue"));
                compiled::Outcome {
                    id: o.id.clone(),
                    tone: o.tone,
                    when: o.when.as_ref().map(|c| self.cond(c, path.f("when"))),
                }
            })
            .collect();
        let test_ledgers = self.tests();
        self.used_parties.insert(player);

        let mut nodes = nodes;
        for (w, &n) in self.watched.iter().enumerate() {
            nodes[n].watch = Some(w);
        }
        if !self.diags.iter().any(|d| d.severity == Severity::Error) {
            self.graph(&nodes, start);
        }
        self.lint_flags();
        for (i, g) in sc.gifts.iter().enumerate() {
            if !self.kind_index.contains_key(&g.kind) {
                self.warn(
                    "W0210",
                    format!("the gift kind `{}` is never given or valued", g.kind),
                    root.f("gifts").i(i).f("kind"),
                );
            }
        }
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

    fn check_id(&mut self, id: &str, path: Path, what: &str) {
        if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c.is_control()) {
            self.err(
                "E0105",
                format!("a {what} id must be a non-empty word without spaces"),
                path,
            )
            .help("use snake_case, e.g. `morning_after`");
        }
    }

    fn text(&mut self, t: &Text, path: Path) {
        for lang in Lang::ALL {
            match t.get_opt(lang) {
                None => {
                    let name = match lang {
                        Lang::En => "English",
                        Lang::Nl => "Dutch",
                    };
                    self.err(
                        "E0120",
                        format!("missing `{}` text", lang.code()),
                        path.clone(),
                    )
                    .label(format!("no {name} here"))
                    .help(format!(
                        "every player-facing text needs both `en` and `nl`: add `{}: \"...\"`",
                        lang.code()
                    ));
                }
                Some(s) if s.trim().is_empty() => {
                    self.err(
                        "E0121",
                        format!("the `{}` text is empty", lang.code()),
                        path.f(lang.code()),
                    );
                }
                Some(s) if s.chars().count() > 700 => {
                    self.warn(
                        "W0208",
                        format!(
                            "the `{}` text is {} characters long",
                            lang.code(),
                            s.chars().count()
                        ),
                        path.f(lang.code()),
                    )
                    .help(
                        "the game's text box holds about 700 characters; split it over two nodes",
                    );
                }
                _ => {}
            }
        }
        if let (Some(en), Some(nl)) = (&t.en, &t.nl)
            && en == nl
            && en.chars().filter(|c| c.is_alphabetic()).count() > 12
            && en.contains(' ')
        {
            self.warn(
                "W0201",
                "the `nl` text is the same as the `en` text",
                path.f("nl"),
            )
            .label("not translated?");
        }
    }

    fn opt_text(&mut self, t: &Option<Text>, path: Path) {
        if let Some(t) = t {
            self.text(t, path);
        }
    }

    fn unknown(
        &mut self,
        code: &'static str,
        what: &str,
        id: &str,
        path: Path,
        candidates: Vec<String>,
    ) {
        let help = suggest(id, candidates.iter().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"));
        let help = help.or_else(|| {
            (!candidates.is_empty() && candidates.len() <= 12)
                .then(|| format!("known {what}s: {}", candidates.join(", ")))
        });
        self.err(code, format!("unknown {what} `{id}`"), path)
            .label(format!("no {what} has this id"))
            .help_opt(help);
    }

    fn party_ref(&mut self, id: &str, path: Path) -> PartyId {
        match self.party_index.get(id) {
            Some(&p) => {
                self.used_parties.insert(p);
                p
            }
            None => {
                let cands = self.sc.parties.iter().map(|p| p.id.clone()).collect();
                self.unknown("E0110", "party", id, path, cands);
                PartyId::from_index(0)
            }
        }
    }

    fn person(&mut self, id: &str, path: Path) -> PartyId {
        let p = self.party_ref(id, path.clone());
        if let Some(party) = self.sc.parties.get(p.index())
            && party.id == id
            && party.kind == PartyKind::Organisation
        {
            self.err(
                "E0140",
                format!("`{id}` is an organisation; only a person can do this"),
                path,
            )
            .help("let one of its members act instead");
        }
        p
    }

    fn node_ref(&mut self, id: &str, path: Path) -> NodeId {
        match self.node_index.get(id) {
            Some(&n) => n,
            None => {
                let cands = self.sc.nodes.iter().map(|n| n.id.clone()).collect();
                self.unknown("E0111", "node", id, path, cands);
                NodeId::from_index(0)
            }
        }
    }

    fn outcome_ref(&mut self, id: &str, path: Path) -> OutcomeId {
        match self.outcome_index.get(id) {
            Some(&o) => o,
            None => {
                let cands = self.sc.outcomes.iter().map(|o| o.id.clone()).collect();
                self.unknown("E0112", "outcome", id, path, cands);
                OutcomeId::from_index(0)
            }
        }
    }

    fn flag(&mut self, name: &str) -> FlagId {
        if let Some(&f) = self.flag_index.get(name) {
            return f;
        }
        let f = self.flags.push(name.to_string());
        self.flag_index.insert(name.to_string(), f);
        f
    }

    /// A gift kind by id; the first use of an undeclared kind gets a warning (typos would
    /// otherwise silently count at face value).
    fn kind(&mut self, name: &str, path: Path) -> KindId {
        if let Some(&k) = self.kind_index.get(name) {
            return k;
        }
        if !self.sc.gifts.iter().any(|g| g.kind == name) {
            let declared: Vec<&str> = self.sc.gifts.iter().map(|g| g.kind.as_str()).collect();
            let help = match suggest(name, declared) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "declare it with a name for the reflection: `gifts: [(kind: \"{name}\", name: (en: \"...\", nl: \"...\"))]`"
                ),
            };
            self.warn(
                "W0209",
                format!("the gift kind `{name}` is not declared in `gifts`"),
                path,
            )
            .help(help);
        }
        let k = self.kinds.push(name.to_string());
        self.kind_index.insert(name.to_string(), k);
        k
    }

    fn range_f(&mut self, x: f64, lo: f64, hi: f64, what: &str, path: Path) -> Permille {
        if !x.is_finite() || x < lo || x > hi {
            self.err(
                "E0130",
                format!("{what} must be between {lo} and {hi}, not {x}"),
                path,
            );
        }
        Permille::from_f64(x.clamp(lo, hi))
    }

    fn range_i(&mut self, x: i32, lo: i32, hi: i32, what: &str, path: Path) -> i32 {
        if x < lo || x > hi {
            self.err(
                "E0130",
                format!("{what} must be between {lo} and {hi}, not {x}"),
                path,
            );
        }
        x.clamp(lo, hi)
    }

    fn rules(&mut self, r: &Rules, path: Path) -> compiled::Rules {
        self.range_f(r.ack_scale, 0.0, 1.0, "`ack_scale`", path.f("ack_scale"));
        self.range_f(r.escalation, 1.0, 5.0, "`escalation`", path.f("escalation"));
        self.range_i(
            r.loyalty_full,
            1,
            MAX_AMOUNT,
            "`loyalty_full`",
            path.f("loyalty_full"),
        );
        if r.chain_depth > 16 {
            self.err(
                "E0130",
                format!("`chain_depth` must be at most 16, not {}", r.chain_depth),
                path.f("chain_depth"),
            );
        }
        let mut c = compiled::Rules::from(r);
        c.chain_depth = c.chain_depth.min(16);
        c
    }

    fn parties(&mut self) -> IdVec<PartyId, compiled::Party> {
        let sc = self.sc;
        let mut out: IdVec<PartyId, compiled::Party> = sc
            .parties
            .iter()
            .map(|p| compiled::Party {
                id: p.id.clone(),
                name: p.name.clone(),
                is_org: p.kind == PartyKind::Organisation,
                succeeds: None,
                member_of: Vec::new(),
            })
            .collect();
        for (index, p) in sc.parties.iter().enumerate() {
            let i = PartyId::from_index(index);
            let path = Path::root().f("parties").i(index);
            self.text(&p.name, path.f("name"));
            self.opt_text(&p.role, path.f("role"));
            if let Some(color) = &p.color {
                let ok = color.len() == 7
                    && color.starts_with('#')
                    && color[1..].chars().all(|c| c.is_ascii_hexdigit());
                if !ok {
                    self.err(
                        "E0130",
                        format!("`{color}` is not a colour"),
                        path.f("color"),
                    )
                    .help("write it as `#rrggbb`, e.g. `#3a7bd5`");
                }
            }
            if let Some(s) = &p.succeeds {
                let sp = path.f("succeeds");
                let q = self.party_ref(s, sp.clone());
                if p.kind == PartyKind::Organisation
                    || sc
                        .parties
                        .get(q.index())
                        .is_some_and(|x| x.kind == PartyKind::Organisation)
                {
                    self.err("E0143", "only a person can succeed a person", sp.clone());
                } else if q == i && s == &p.id {
                    self.err(
                        "E0143",
                        format!("`{}` cannot succeed themselves", p.id),
                        sp.clone(),
                    );
                }
                out[i].succeeds = Some(q);
            }
            if !p.members.is_empty() && p.kind == PartyKind::Person {
                self.err(
                    "E0140",
                    format!("`{}` is a person and cannot have members", p.id),
                    path.f("members"),
                )
                .help("add `kind: Organisation` to this party");
            }
            let mut seen = HashSet::new();
            for (k, m) in p.members.iter().enumerate() {
                let mp = path.f("members").i(k);
                let q = self.party_ref(&m.party, mp.f("party"));
                let w = self.range_f(m.weight, 0.0, 1.0, "a member's `weight`", mp.f("weight"));
                if q == i && m.party == p.id {
                    self.err(
                        "E0142",
                        format!("`{}` cannot be a member of itself", p.id),
                        mp.f("party"),
                    );
                } else if !seen.insert(q) {
                    self.err(
                        "E0104",
                        format!("`{}` is listed twice as a member", m.party),
                        mp.f("party"),
                    );
                } else {
                    out[q].member_of.push((i, w));
                }
            }
        }
        // Succession and membership must not go round in circles.
        for start in out.ids() {
            let (mut p, mut steps) = (start, 0);
            while let Some(q) = out[p].succeeds {
                p = q;
                steps += 1;
                if p == start || steps > out.len() {
                    let path = Path::root().f("parties").i(start.index()).f("succeeds");
                    self.err(
                        "E0143",
                        format!("succession from `{}` goes round in a circle", out[start].id),
                        path,
                    );
                    out[start].succeeds = None;
                    break;
                }
            }
        }
        for start in out.ids() {
            let mut stack: Vec<PartyId> = out[start].member_of.iter().map(|&(o, _)| o).collect();
            let mut seen = HashSet::new();
            while let Some(o) = stack.pop() {
                if o == start {
                    let path = Path::root().f("parties").i(start.index()).f("id");
                    self.err(
                        "E0142",
                        format!(
                            "`{}` is, through other organisations, a member of itself",
                            out[start].id
                        ),
                        path,
                    );
                    break;
                }
                if seen.insert(o) {
                    stack.extend(out[o].member_of.iter().map(|&(q, _)| q));
                }
            }
        }
        out
    }

    fn valuations(&mut self) -> HashMap<(PartyId, KindId), Permille> {
        let mut out = HashMap::new();
        for (i, v) in self.sc.valuations.iter().enumerate() {
            let path = Path::root().f("valuations").i(i);
            let p = self.party_ref(&v.party, path.f("party"));
            let k = self.kind(&v.kind, path.f("kind"));
            let w = self.range_f(v.worth, 0.0, 10.0, "`worth`", path.f("worth"));
            if out.insert((p, k), w).is_some() {
                self.err(
                    "E0104",
                    format!("`{}` values `{}` twice", v.party, v.kind),
                    path,
                );
            }
        }
        out
    }

    fn chains(&mut self) -> Vec<compiled::Chain> {
        let mut out = Vec::new();
        for (i, ch) in self.sc.chains.iter().enumerate() {
            let path = Path::root().f("chains").i(i);
            let at = self.party_ref(&ch.at, path.f("at"));
            let from = ch.from.as_ref().map(|f| self.party_ref(f, path.f("from")));
            let pass_to = self.party_ref(&ch.pass_to, path.f("pass_to"));
            let share = self.range_f(ch.share, 0.0, 1.0, "`share`", path.f("share"));
            self.text(&ch.note, path.f("note"));
            out.push(compiled::Chain {
                at,
                from,
                layer: ch.layer,
                pass_to,
                as_layer: ch.as_layer.unwrap_or(ch.layer),
                share,
                note: ch.note.clone(),
            });
        }
        out
    }

    fn effects(&mut self, effects: &[Effect], path: Path) -> Vec<compiled::Effect> {
        effects
            .iter()
            .enumerate()
            .map(|(i, e)| self.effect(e, path.i(i)))
            .collect()
    }

    fn amount(&mut self, a: i32, path: Path) -> i32 {
        self.range_i(a, -MAX_AMOUNT, MAX_AMOUNT, "an amount", path)
    }

    fn effect(&mut self, e: &Effect, path: Path) -> compiled::Effect {
        let (kind, note) = match e {
            Effect::Give {
                from,
                to,
                layer,
                amount,
                kind,
                note,
            } => {
                let from = self.party_ref(from, path.f("from"));
                let to = self.party_ref(to, path.f("to"));
                let kind = kind.as_ref().map(|k| self.kind(k, path.f("kind")));
                let amount = self.amount(*amount, path.f("amount"));
                (
                    EffectKind::Give {
                        from,
                        to,
                        layer: *layer,
                        amount,
                        kind,
                    },
                    note,
                )
            }
            Effect::Take {
                by,
                from,
                layer,
                amount,
                note,
            } => {
                let by = self.party_ref(by, path.f("by"));
                let from = self.party_ref(from, path.f("from"));
                let amount = self.amount(*amount, path.f("amount"));
                (
                    EffectKind::Take {
                        by,
                        from,
                        layer: *layer,
                        amount,
                    },
                    note,
                )
            }
            Effect::Acknowledge {
                by,
                of,
                amount,
                note,
            } => {
                let by = self.party_ref(by, path.f("by"));
                let of = self.party_ref(of, path.f("of"));
                let amount = self.range_i(
                    *amount,
                    0,
                    MAX_AMOUNT,
                    "an acknowledgment's amount",
                    path.f("amount"),
                );
                (EffectKind::Acknowledge { by, of, amount }, note)
            }
            Effect::Deflect {
                by,
                toward,
                amount,
                note,
            } => {
                let by = self.party_ref(by, path.f("by"));
                let toward = self.party_ref(toward, path.f("toward"));
                let amount = self.range_i(
                    *amount,
                    0,
                    MAX_AMOUNT,
                    "a deflection's amount",
                    path.f("amount"),
                );
                (EffectKind::Deflect { by, toward, amount }, note)
            }
            Effect::ClaimCredit {
                claimant,
                with,
                via,
                pressure,
                note,
            } => {
                let claimant = self.party_ref(claimant, path.f("claimant"));
                let w = self.party_ref(with, path.f("with"));
                let via = self.credits_via(w, with, via.as_deref(), &path);
                let pressure =
                    self.range_i(*pressure, 0, MAX_AMOUNT, "`pressure`", path.f("pressure"));
                (
                    EffectKind::ClaimCredit {
                        claimant,
                        with: w,
                        via,
                        pressure,
                    },
                    note,
                )
            }
            Effect::Tell {
                who,
                holder,
                with,
                note,
            } => {
                let who = self.party_ref(who, path.f("who"));
                let holder = self.party_ref(holder, path.f("holder"));
                let with = self.party_ref(with, path.f("with"));
                (EffectKind::Tell { who, holder, with }, note)
            }
            Effect::Feel {
                who,
                toward,
                amount,
                note,
            } => {
                let who = self.party_ref(who, path.f("who"));
                let toward = self.party_ref(toward, path.f("toward"));
                let amount = self.amount(*amount, path.f("amount"));
                (
                    EffectKind::Feel {
                        who,
                        toward,
                        amount,
                    },
                    note,
                )
            }
            Effect::Set(name) => {
                let f = self.flag(name);
                self.flags_set.insert(f);
                (EffectKind::Set(f), &None)
            }
            Effect::Clear(name) => {
                let f = self.flag(name);
                self.flags_set.insert(f);
                (EffectKind::Clear(f), &None)
            }
        };
        self.opt_text(note, path.f("note"));
        compiled::Effect {
            kind,
            note: note.clone(),
        }
    }

    /// Whose credits a claim on `with` weighs: `via` when written, else the person `with`
    /// succeeds (E0141 when there is neither).
    fn credits_via(&mut self, w: PartyId, with: &str, via: Option<&str>, path: &Path) -> PartyId {
        if let Some(v) = via {
            let p = self.party_ref(v, path.f("via"));
            if p == w && v == with {
                self.err(
                    "E0141",
                    format!("`{with}` cannot honour credits with themselves"),
                    path.f("via"),
                );
            }
            return p;
        }
        let nobody = PartyId::from_index(0);
        match self
            .sc
            .parties
            .get(w.index())
            .filter(|party| party.id == with)
        {
            Some(party) => match &party.succeeds {
                Some(pred) => self.party_index.get(pred).copied().unwrap_or(nobody),
                None => {
                    self.err(
                        "E0141",
                        format!("`{with}` succeeds nobody, so it is not clear whose credits are claimed"),
                        path.f("with"),
                    )
                    .help(format!(
                        "add `via: \"...\"` (the person whose credits count, e.g. the boss `{with}` stands in for), or `succeeds: \"...\"` to the party `{with}`"
                    ));
                    nobody
                }
            },
            None => nobody,
        }
    }

    fn value(&mut self, v: &Value, path: Path) -> compiled::Value {
        match v {
            Value::Credit {
                holder,
                with,
                layer,
            } => compiled::Value::Credit {
                holder: self.party_ref(holder, path.f("holder")),
                with: self.party_ref(with, path.f("with")),
                layer: *layer,
            },
            Value::Felt { who, toward } => compiled::Value::Felt {
                who: self.party_ref(who, path.f("who")),
                toward: self.party_ref(toward, path.f("toward")),
            },
            Value::Transferable { holder, with, via } => {
                let holder = self.party_ref(holder, path.f("holder"));
                let w = self.party_ref(with, path.f("with"));
                let via = self.credits_via(w, with, via.as_deref(), &path);
                compiled::Value::Transferable {
                    holder,
                    with: w,
                    via,
                }
            }
        }
    }

    fn cond(&mut self, c: &Cond, path: Path) -> compiled::Cond {
        match c {
            Cond::Always => compiled::Cond::Always,
            Cond::AtLeast(v, n) => compiled::Cond::AtLeast(self.value(v, path.i(0)), *n),
            Cond::Below(v, n) => compiled::Cond::Below(self.value(v, path.i(0)), *n),
            Cond::Knows { who, holder, with } => compiled::Cond::Knows {
                who: self.party_ref(who, path.f("who")),
                holder: self.party_ref(holder, path.f("holder")),
                with: self.party_ref(with, path.f("with")),
            },
            Cond::Flag(name) => {
                let f = self.flag(name);
                self.flags_tested.entry(f).or_insert(path.i(0));
                compiled::Cond::Flag(f)
            }
            Cond::Visited(id) => {
                let n = self.node_ref(id, path.i(0));
                let next = self.watched.len();
                let w = *self.watch_of.entry(n).or_insert(next);
                if w == next {
                    self.watched.push(n);
                }
                compiled::Cond::Visited(w)
            }
            Cond::All(cs) => compiled::Cond::All(
                cs.iter()
                    .enumerate()
                    .map(|(i, c)| self.cond(c, path.i(0).i(i)))
                    .collect(),
            ),
            Cond::Any(cs) => compiled::Cond::Any(
                cs.iter()
                    .enumerate()
                    .map(|(i, c)| self.cond(c, path.i(0).i(i)))
                    .collect(),
            ),
            Cond::Not(c) => compiled::Cond::Not(Box::new(self.cond(c, path.i(0)))),
        }
    }

    fn node(&mut self, n: &Node, path: Path) -> compiled::Node {
        self.text(&n.text, path.f("text"));
        self.opt_text(&n.scene, path.f("scene"));
        let speaker = n
            .speaker
            .as_ref()
            .map(|s| self.party_ref(s, path.f("speaker")));
        let player = n.player.as_ref().map(|s| self.person(s, path.f("player")));
        let effects = self.effects(&n.effects, path.f("effects"));
        let tp = path.f("then");
        let then = match &n.then {
            Then::Choices(cs) => {
                if cs.is_empty() {
                    self.err(
                        "E0150",
                        format!("the node `{}` offers no choices", n.id),
                        tp.clone(),
                    )
                    .help("add a `Choice(...)`, or use `Goto(\"...\")` to continue without one");
                }
                let list = tp.i(0);
                compiled::Then::Choices(
                    cs.iter()
                        .enumerate()
                        .map(|(k, ch)| {
                            let cp = list.i(k);
                            self.text(&ch.text, cp.f("text"));
                            let when = ch.when.as_ref().map(|c| self.cond(c, cp.f("when")));
                            let effects = self.effects(&ch.effects, cp.f("effects"));
                            let next = self.node_ref(&ch.next, cp.f("next"));
                            compiled::Choice {
                                move_kind: ch.move_kind,
                                when,
                                effects,
                                next,
                            }
                        })
                        .collect(),
                )
            }
            Then::Goto(id) => compiled::Then::Goto(self.node_ref(id, tp.i(0))),
            Then::React(rs) => {
                if rs.is_empty() {
                    self.err(
                        "E0150",
                        format!("the node `{}` has an empty `React` list", n.id),
                        tp.clone(),
                    );
                }
                let weighted = rs
                    .iter()
                    .any(|r| r.weight.is_some() || !r.weight_by.is_empty());
                let list = tp.i(0);
                let reactions: IdVec<ReactionId, compiled::Reaction> = rs
                    .iter()
                    .enumerate()
                    .map(|(k, r)| {
                        let rp = list.i(k);
                        let when = r.when.as_ref().map(|c| self.cond(c, rp.f("when")));
                        let weight = self.range_i(
                            r.weight.unwrap_or(1),
                            0,
                            MAX_AMOUNT,
                            "a weight",
                            rp.f("weight"),
                        );
                        let weight_by = r
                            .weight_by
                            .iter()
                            .enumerate()
                            .map(|(t, term)| {
                                let v = self.value(&term.value, rp.f("weight_by").i(t).f("value"));
                                let per = self.range_f(
                                    term.per,
                                    -1000.0,
                                    1000.0,
                                    "`per`",
                                    rp.f("weight_by").i(t).f("per"),
                                );
                                (v, per)
                            })
                            .collect();
                        let effects = self.effects(&r.effects, rp.f("effects"));
                        let next = self.node_ref(&r.next, rp.f("next"));
                        compiled::Reaction {
                            when,
                            weight,
                            weight_by,
                            effects,
                            next,
                        }
                    })
                    .collect();
                // Structural hint only; the value analysis finds the states where really no
                // reaction applies.
                let fallback = rs
                    .iter()
                    .any(|r| r.when.is_none() && r.weight.unwrap_or(1) > 0);
                if !rs.is_empty() && !fallback {
                    self.warn("W0205", format!("the reactions of `{}` may all fail to apply", n.id), tp.clone())
                        .help("when no reaction applies the story stops with an error; add one without `when` (and with a positive weight)");
                }
                compiled::Then::React {
                    weighted,
                    reactions,
                }
            }
            Then::End => {
                if self.sc.outcomes.last().is_some_and(|o| o.when.is_some()) {
                    self.warn("W0206", format!("`{}` ends the story, but every outcome has a condition", n.id), tp.clone())
                        .help("if none holds the story stops with an error; make the last outcome unconditional");
                }
                compiled::Then::End
            }
            Then::Outcome(id) => compiled::Then::Outcome(self.outcome_ref(id, tp.i(0))),
        };
        if let compiled::Then::Choices(cs) = &then {
            self.lint_moves(n, cs, &tp);
        }
        compiled::Node {
            id: n.id.clone(),
            speaker,
            player,
            effects,
            then,
            watch: None,
        }
    }

    /// A choice labelled Acknowledge, Deflect or ClaimCredit should make that move.
    fn lint_moves(&mut self, n: &Node, cs: &IdVec<ChoiceId, compiled::Choice>, tp: &Path) {
        let Then::Choices(raw) = &n.then else { return };
        for (k, (ch, c)) in raw.iter().zip(cs).enumerate() {
            let next_effects = self
                .sc
                .nodes
                .get(c.next.index())
                .filter(|x| x.id == ch.next)
                .map(|x| &x.effects[..])
                .unwrap_or(&[]);
            let makes = |pred: fn(&Effect) -> bool| ch.effects.iter().chain(next_effects).any(pred);
            let ok = match ch.move_kind {
                Move::Acknowledge => makes(|e| matches!(e, Effect::Acknowledge { .. })),
                Move::Deflect => makes(|e| matches!(e, Effect::Deflect { .. })),
                Move::ClaimCredit => makes(|e| matches!(e, Effect::ClaimCredit { .. })),
                _ => true,
            };
            if !ok {
                let name = format!("{:?}", ch.move_kind);
                self.warn("W0207", format!("this choice is marked `{name}` but makes no `{name}` effect"), tp.i(0).i(k).f("move"))
                    .help("add the effect to the choice (or to the node it leads to), or change its `move`");
            }
        }
    }

    /// Checks the in-file tests and compiles their ledger conditions.
    fn tests(&mut self) -> Vec<Vec<compiled::Cond>> {
        let mut compiled = Vec::new();
        let mut names = HashSet::new();
        let mut covered = HashSet::new();
        for (i, t) in self.sc.tests.iter().enumerate() {
            let path = Path::root().f("tests").i(i);
            if !names.insert(t.name.as_str()) {
                self.err(
                    "E0104",
                    format!("two tests are named `{}`", t.name),
                    path.f("name"),
                );
            }
            covered.insert(self.outcome_ref(&t.expect, path.f("expect")));
            for (k, &c) in t.choices.iter().enumerate() {
                if c == 0 {
                    self.err(
                        "E0170",
                        "choices are counted from 1, as `play` shows them",
                        path.f("choices").i(k),
                    );
                }
            }
            let ledger = t
                .ledger
                .iter()
                .enumerate()
                .map(|(k, c)| self.cond(c, path.f("ledger").i(k)))
                .collect();
            compiled.push(ledger);
        }
        for (o, out) in self.sc.outcomes.iter().enumerate() {
            if !covered.contains(&OutcomeId::from_index(o)) {
                self.warn(
                    "W0204",
                    format!("no test ends in the outcome `{}`", out.id),
                    Path::root().f("outcomes").i(o).f("id"),
                )
                .help("add a `Test(name: ..., choices: [...], expect: \"...\")` that reaches it");
            }
        }
        compiled
    }

    fn lint_flags(&mut self) {
        let mut tested: Vec<(FlagId, Path)> = self
            .flags_tested
            .iter()
            .map(|(f, p)| (*f, p.clone()))
            .collect();
        tested.sort_by_key(|(f, _)| *f);
        for (f, path) in tested {
            if !self.flags_set.contains(&f) {
                let name = self.flags[f].clone();
                let set: Vec<&str> = self
                    .flags_set
                    .iter()
                    .map(|&g| self.flags[g].as_str())
                    .collect();
                let help = suggest(&name, set).map(|s| format!("did you mean `{s}`?"));
                self.warn(
                    "W0203",
                    format!("the flag `{name}` is tested but never set"),
                    path,
                )
                .label("always false")
                .help_opt(help);
            }
        }
    }

    fn lint_parties(&mut self) {
        // Organisations are used through their members; don't ask that they be named.
        for (i, p) in self.sc.parties.iter().enumerate() {
            let in_org = self
                .sc
                .parties
                .iter()
                .any(|o| o.members.iter().any(|m| m.party == p.id));
            if !self.used_parties.contains(&PartyId::from_index(i))
                && p.members.is_empty()
                && !in_org
                && p.succeeds.is_none()
            {
                let succeeded = self
                    .sc
                    .parties
                    .iter()
                    .any(|o| o.succeeds.as_deref() == Some(p.id.as_str()));
                if !succeeded {
                    self.warn(
                        "W0202",
                        format!("the party `{}` takes no part in the story", p.id),
                        Path::root().f("parties").i(i).f("id"),
                    );
                }
            }
        }
    }

    /// Reachability over the node graph: unreachable nodes, dead ends, outcomes nothing
    /// leads to, and loops that no player choice breaks.
    fn graph(&mut self, nodes: &IdVec<NodeId, compiled::Node>, start: NodeId) {
        if nodes.is_empty() {
            return;
        }
        let edges: Vec<Vec<u32>> = nodes
            .iter()
            .map(|x| x.then.successors().map(|n| n.index() as u32).collect())
            .collect();
        let reach = graph::reachable(&edges[..], [start.index() as u32]);
        let ends = graph::reachable(
            &graph::reversed(&edges[..])[..],
            nodes
                .ids()
                .filter(|&x| nodes[x].then.ends())
                .map(|x| x.index() as u32),
        );
        for (x, node) in nodes.iter_enumerated() {
            let path = Path::root().f("nodes").i(x.index()).f("id");
            if !reach[x.index()] {
                let id = node.id.clone();
                self.err(
                    "E0160",
                    format!("the node `{id}` can never be reached"),
                    path,
                )
                .label("no choice, goto or reaction leads here")
                .help(format!(
                    "lead a `next` or `Goto` to \"{id}\", or remove the node"
                ));
            } else if !ends[x.index()] {
                let id = node.id.clone();
                self.err(
                    "E0161",
                    format!("from the node `{id}` no path leads to an outcome"),
                    path,
                )
                .help("every path must end at a node with `then: End` or `then: Outcome(\"...\")`");
            }
        }

        // Outcomes: reachable if a reachable node names them, or a reachable `End` may pick
        // them (an earlier unconditional outcome shadows all later ones).
        let reached = || nodes.iter_enumerated().filter(|(x, _)| reach[x.index()]);
        let any_end = reached().any(|(_, node)| matches!(node.then, compiled::Then::End));
        let named: HashSet<OutcomeId> = reached()
            .filter_map(|(_, node)| match node.then {
                compiled::Then::Outcome(o) => Some(o),
                _ => None,
            })
            .collect();
        let shadow = self.sc.outcomes.iter().position(|o| o.when.is_none());
        for (o, out) in self.sc.outcomes.iter().enumerate() {
            let by_end = any_end && shadow.is_none_or(|s| o <= s);
            if !named.contains(&OutcomeId::from_index(o)) && !by_end {
                let path = Path::root().f("outcomes").i(o).f("id");
                let help = match shadow {
                    Some(s) if any_end => format!(
                        "`{}` comes first and has no `when`, so an `End` never gets this far",
                        self.sc.outcomes[s].id
                    ),
                    _ => "end a path with `then: End` or `then: Outcome(\"...\")`".to_string(),
                };
                self.err(
                    "E0162",
                    format!("no path reaches the outcome `{}`", out.id),
                    path,
                )
                .help(help);
            }
        }

        // A cycle through nodes that offer no choice would run forever: the components
        // of the graph without the choice nodes' edges.
        let auto: Vec<Vec<u32>> = nodes
            .iter()
            .zip(&edges)
            .map(|(x, es)| match x.then {
                compiled::Then::Choices(_) => Vec::new(),
                _ => es.clone(),
            })
            .collect();
        let mut loops: Vec<Vec<u32>> = graph::Components::of(&auto[..])
            .iter()
            .filter(|c| graph::is_cycle(&auto[..], c))
            .map(|c| {
                // Named from the first node in the file, in the order the story runs.
                let first = *c.iter().min().expect("non-empty");
                let mut cycle = vec![first];
                let mut at = first;
                while let Some(next) = auto[at as usize]
                    .iter()
                    .copied()
                    .find(|w| c.contains(w) && !cycle.contains(w))
                {
                    cycle.push(next);
                    at = next;
                }
                let mut rest: Vec<u32> = c.iter().copied().filter(|w| !cycle.contains(w)).collect();
                rest.sort();
                cycle.extend(rest);
                cycle
            })
            .collect();
        loops.sort();
        for cycle in loops {
            let ids: Vec<&str> = cycle
                .iter()
                .map(|&x| nodes[NodeId::from_index(x as usize)].id.as_str())
                .collect();
            let path = Path::root().f("nodes").i(cycle[0] as usize).f("id");
            self.err(
                "E0163",
                format!(
                    "the story can loop without a player choice: {}",
                    ids.join(" → ")
                ),
                path,
            )
            .help("put a node with `Choices` in the loop, or end it");
        }
    }
}

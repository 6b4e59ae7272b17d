//! Ids, references between them, ranges and texts: the small checks every pass uses.

use super::{Compiler, MAX_ID_CHARS, MAX_NODES, MAX_PARTIES, MAX_TEXT_CHARS, suggest};
use crate::compiled::Permille;
use crate::format::codes;
use crate::format::scenario::PartyKind;
use crate::format::span::Path;
use crate::ids::{FlagId, Id, KindId, NodeId, OutcomeId, PartyId};
use crate::text::{Lang, Text};

impl Compiler<'_> {
    /// Indexes the parties', nodes' and outcomes' ids (each valid and defined once).
    pub(super) fn index_ids(&mut self) {
        let sc = self.sc;
        let root = Path::root();
        for (i, p) in sc.parties.iter().enumerate() {
            let path = root.f("parties").i(i).f("id");
            self.check_id(&p.id, path.clone(), "party");
            if self
                .party_index
                .insert(p.id.clone(), PartyId::from_index(i))
                .is_some()
            {
                self.err(
                    codes::DUPLICATE_PARTY,
                    format!("the party `{}` is defined twice", p.id),
                    path,
                )
                .label("second definition");
            }
        }
        if sc.parties.len() > MAX_PARTIES {
            self.err(
                codes::OUT_OF_RANGE,
                format!(
                    "a scenario may have at most {MAX_PARTIES} parties, not {}",
                    sc.parties.len()
                ),
                root.f("parties"),
            );
        }
        if sc.nodes.len() > MAX_NODES {
            self.err(
                codes::OUT_OF_RANGE,
                format!(
                    "a scenario may have at most {MAX_NODES} nodes, not {}",
                    sc.nodes.len()
                ),
                root.f("nodes"),
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
                    codes::DUPLICATE_NODE,
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
                    codes::DUPLICATE_OUTCOME,
                    format!("the outcome `{}` is defined twice", o.id),
                    path,
                )
                .label("second definition");
            }
        }
    }

    /// E0105 unless `id` is one word.
    pub(super) fn check_id(&mut self, id: &str, path: Path, what: &str) {
        if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c.is_control()) {
            self.err(
                codes::BAD_ID,
                format!("a {what} id must be a non-empty word without spaces"),
                path,
            )
            .help("use snake_case, e.g. `morning_after`");
        } else if id.chars().count() > MAX_ID_CHARS {
            self.err(
                codes::BAD_ID,
                format!(
                    "a {what} id may be at most {MAX_ID_CHARS} characters, not {}",
                    id.chars().count()
                ),
                path,
            )
            .help("ids are for the author; the player sees the texts");
        }
    }

    /// Both languages present and not empty; warns on a long or untranslated text.
    pub(super) fn text(&mut self, t: &Text, path: Path) {
        for lang in Lang::ALL {
            match t.get_opt(lang) {
                None => {
                    let name = match lang {
                        Lang::En => "English",
                        Lang::Nl => "Dutch",
                    };
                    self.err(
                        codes::MISSING_TEXT,
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
                        codes::EMPTY_TEXT,
                        format!("the `{}` text is empty", lang.code()),
                        path.f(lang.code()),
                    );
                }
                Some(s) if s.contains(|c: char| c.is_control() && c != '\n' && c != '\t') => {
                    let c = s
                        .chars()
                        .find(|&c| c.is_control() && c != '\n' && c != '\t')
                        .expect("found above");
                    self.err(
                        codes::CONTROL_CHARACTER,
                        format!(
                            "the `{}` text holds the control character {}",
                            lang.code(),
                            c.escape_unicode()
                        ),
                        path.f(lang.code()),
                    )
                    .help("texts may break lines (`\\n`) and hold tabs, nothing else invisible");
                }
                Some(s) if s.chars().count() > MAX_TEXT_CHARS => {
                    self.err(
                        codes::TEXT_TOO_LONG,
                        format!(
                            "the `{}` text is {} characters long, more than the {MAX_TEXT_CHARS} the game's text box holds",
                            lang.code(),
                            s.chars().count()
                        ),
                        path.f(lang.code()),
                    )
                    .help("split it over two nodes (a `Goto` from one to the next)");
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
                codes::UNTRANSLATED,
                "the `nl` text is the same as the `en` text",
                path.f("nl"),
            )
            .label("not translated?");
        }
    }

    pub(super) fn opt_text(&mut self, t: &Option<Text>, path: Path) {
        if let Some(t) = t {
            self.text(t, path);
        }
    }

    /// Reports an unknown id, suggesting a close one or listing the few there are.
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

    /// The party with this id. An unknown id is reported and stands in as the first party so
    /// that checking goes on; no story is built when there are errors.
    pub(super) fn party_ref(&mut self, id: &str, path: Path) -> PartyId {
        match self.party_index.get(id) {
            Some(&p) => {
                self.used_parties.insert(p);
                p
            }
            None => {
                let cands = self.sc.parties.iter().map(|p| p.id.clone()).collect();
                self.unknown(codes::UNKNOWN_PARTY, "party", id, path, cands);
                PartyId::from_index(0)
            }
        }
    }

    /// As [`Self::party_ref`], and it must be a person.
    pub(super) fn person(&mut self, id: &str, path: Path) -> PartyId {
        let p = self.party_ref(id, path.clone());
        if let Some(party) = self.sc.parties.get(p.index())
            && party.id == id
            && party.kind == PartyKind::Organisation
        {
            self.err(
                codes::NOT_A_PERSON,
                format!("`{id}` is an organisation; only a person can do this"),
                path,
            )
            .help("let one of its members act instead");
        }
        p
    }

    /// As [`Self::party_ref`], for a node.
    pub(super) fn node_ref(&mut self, id: &str, path: Path) -> NodeId {
        match self.node_index.get(id) {
            Some(&n) => n,
            None => {
                let cands = self.sc.nodes.iter().map(|n| n.id.clone()).collect();
                self.unknown(codes::UNKNOWN_NODE, "node", id, path, cands);
                NodeId::from_index(0)
            }
        }
    }

    /// As [`Self::party_ref`], for an outcome.
    pub(super) fn outcome_ref(&mut self, id: &str, path: Path) -> OutcomeId {
        match self.outcome_index.get(id) {
            Some(&o) => o,
            None => {
                let cands = self.sc.outcomes.iter().map(|o| o.id.clone()).collect();
                self.unknown(codes::UNKNOWN_OUTCOME, "outcome", id, path, cands);
                OutcomeId::from_index(0)
            }
        }
    }

    /// The flag's id, made on first use (flags need no declaration).
    pub(super) fn flag(&mut self, name: &str) -> FlagId {
        if let Some(&f) = self.flag_index.get(name) {
            return f;
        }
        let f = self.flags.push(name.to_string());
        self.flag_index.insert(name.to_string(), f);
        f
    }

    /// A gift kind by id; the first use of an undeclared kind gets a warning (typos would
    /// otherwise silently count at face value).
    pub(super) fn kind(&mut self, name: &str, path: Path) -> KindId {
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
                codes::UNDECLARED_GIFT_KIND,
                format!("the gift kind `{name}` is not declared in `gifts`"),
                path,
            )
            .help(help);
        }
        let k = self.kinds.push(name.to_string());
        self.kind_index.insert(name.to_string(), k);
        k
    }

    /// E0130 unless `lo <= x <= hi`; returns `x` clamped into the range.
    pub(super) fn range_f(&mut self, x: f64, lo: f64, hi: f64, what: &str, path: Path) -> Permille {
        if !x.is_finite() || x < lo || x > hi {
            self.err(
                codes::OUT_OF_RANGE,
                // `{x:e}` past a million: `1e308` and not 309 digits.
                if x.abs() < 1e6 {
                    format!("{what} must be between {lo} and {hi}, not {x}")
                } else {
                    format!("{what} must be between {lo} and {hi}, not {x:e}")
                },
                path,
            );
        }
        Permille::from_f64(x.clamp(lo, hi))
    }

    /// E0130 unless `lo <= x <= hi`; returns `x` clamped into the range.
    pub(super) fn range_i(&mut self, x: i32, lo: i32, hi: i32, what: &str, path: Path) -> i32 {
        if x < lo || x > hi {
            self.err(
                codes::OUT_OF_RANGE,
                format!("{what} must be between {lo} and {hi}, not {x}"),
                path,
            );
        }
        x.clamp(lo, hi)
    }
}

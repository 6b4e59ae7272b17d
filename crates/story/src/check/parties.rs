//! The rules, the parties (membership, succession), gift kinds, valuations and chains.

use super::{Compiler, MAX_AMOUNT};
use crate::compiled::{self, Permille};
use crate::format::codes;
use crate::format::scenario::{PartyKind, Rules};
use crate::format::span::Path;
use crate::ids::{Id, IdVec, KindId, PartyId};
use std::collections::{HashMap, HashSet};

impl Compiler<'_> {
    /// The rules' ranges; the compiled rules have `chain_depth` clamped.
    pub(super) fn rules(&mut self, r: &Rules, path: Path) -> compiled::Rules {
        self.range_f(r.ack_scale, 0.0, 1.0, "`ack_scale`", path.f("ack_scale"));
        self.range_f(r.escalation, 1.0, 5.0, "`escalation`", path.f("escalation"));
        self.range_i(
            r.loyalty_full,
            1,
            MAX_AMOUNT,
            "`loyalty_full`",
            path.f("loyalty_full"),
        );
        self.range_f(
            r.consolation,
            0.0,
            1.0,
            "`consolation`",
            path.f("consolation"),
        );
        self.range_i(
            r.tolerance,
            0,
            MAX_AMOUNT,
            "`tolerance`",
            path.f("tolerance"),
        );
        self.range_i(r.touchy, 1, MAX_AMOUNT, "`touchy`", path.f("touchy"));
        if r.chain_depth > 16 {
            self.err(
                codes::OUT_OF_RANGE,
                format!("`chain_depth` must be at most 16, not {}", r.chain_depth),
                path.f("chain_depth"),
            );
        }
        for (on, field, lost) in [
            (
                r.perception,
                "perception",
                "felt deficits no longer follow the balances",
            ),
            (
                r.hurt_travels,
                "hurt_travels",
                "hurt no longer travels to third parties",
            ),
            (
                r.giving_costs,
                "giving_costs",
                "giving no longer costs the giver anything",
            ),
        ] {
            if !on {
                self.warn(
                    codes::MODEL_SWITCHED_OFF,
                    format!("`{field}` is switched off: {lost}"),
                    path.f(field),
                )
                .help("the switches are for experiments (a knock-out of one rule); a scenario players see keeps them on");
            }
        }
        let mut c = compiled::Rules::from(r);
        c.chain_depth = c.chain_depth.min(16);
        c
    }

    /// Each party's texts, colour, succession and members, then the circles among them.
    pub(super) fn parties(&mut self) -> IdVec<PartyId, compiled::Party> {
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
                tolerance: p.tolerance_under(&sc.rules),
            })
            .collect();
        for (index, p) in sc.parties.iter().enumerate() {
            let i = PartyId::from_index(index);
            let path = Path::root().f("parties").i(index);
            self.text(&p.name, path.f("name"));
            self.opt_text(&p.role, path.f("role"));
            if let Some(t) = p.tolerance {
                self.range_i(t, 0, MAX_AMOUNT, "`tolerance`", path.f("tolerance"));
            }
            if let Some(color) = &p.color {
                let ok = color.len() == 7
                    && color.starts_with('#')
                    && color[1..].chars().all(|c| c.is_ascii_hexdigit());
                if !ok {
                    self.err(
                        codes::OUT_OF_RANGE,
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
                    self.err(
                        codes::BAD_SUCCESSION,
                        "only a person can succeed a person",
                        sp.clone(),
                    );
                } else if q == i && s == &p.id {
                    self.err(
                        codes::BAD_SUCCESSION,
                        format!("`{}` cannot succeed themselves", p.id),
                        sp.clone(),
                    );
                }
                out[i].succeeds = Some(q);
            }
            if !p.members.is_empty() && p.kind == PartyKind::Person {
                self.err(
                    codes::NOT_A_PERSON,
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
                        codes::MEMBER_OF_ITSELF,
                        format!("`{}` cannot be a member of itself", p.id),
                        mp.f("party"),
                    );
                } else if !seen.insert(q) {
                    self.err(
                        codes::DUPLICATE,
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
                        codes::BAD_SUCCESSION,
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
                        codes::MEMBER_OF_ITSELF,
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

    /// The declared gift kinds: valid ids, named in both languages, each once.
    pub(super) fn gifts(&mut self) {
        let sc = self.sc;
        let root = Path::root();
        let mut gift_ids = HashSet::new();
        for (i, g) in sc.gifts.iter().enumerate() {
            let path = root.f("gifts").i(i);
            self.check_id(&g.kind, path.f("kind"), "gift kind");
            self.text(&g.name, path.f("name"));
            if !gift_ids.insert(g.kind.as_str()) {
                self.err(
                    codes::DUPLICATE,
                    format!("the gift kind `{}` is declared twice", g.kind),
                    path.f("kind"),
                );
            }
        }
    }

    /// Each valuation, at most one per party and kind.
    pub(super) fn valuations(&mut self) -> HashMap<(PartyId, KindId), Permille> {
        let mut out = HashMap::new();
        for (i, v) in self.sc.valuations.iter().enumerate() {
            let path = Path::root().f("valuations").i(i);
            let p = self.party_ref(&v.party, path.f("party"));
            let k = self.kind(&v.kind, path.f("kind"));
            let w = self.range_f(v.worth, 0.0, 10.0, "`worth`", path.f("worth"));
            if out.insert((p, k), w).is_some() {
                self.err(
                    codes::DUPLICATE,
                    format!("`{}` values `{}` twice", v.party, v.kind),
                    path,
                );
            }
        }
        out
    }

    /// Each chain's parties, share and note.
    pub(super) fn chains(&mut self) -> Vec<compiled::Chain> {
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
}

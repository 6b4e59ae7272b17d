//! One test per classic rule, on a tiny scenario with parties a, b, c, d, an organisation
//! `org` (members a 0.8, c 0.5), `heir` who succeeds `c`, and valuations of b's. The model's
//! perception, travelling hurt and cost of giving are switched off here, so each classic rule
//! is seen alone; `tests_model.rs` tests them on top.

use super::*;
use crate::check::check_str;
use crate::format::scenario::Layer::{Deal, Seen};
use crate::play::ledger::{Entry, LedgerChange, Refusal, Rule, State};
use crate::story::Story;
use crate::text::Lang;

fn story(extra: &str) -> Story {
    let classic = "rules: (perception: false, hurt_travels: false, giving_costs: false),";
    scenario(&format!("{classic}\n{extra}"))
}

/// The test scenario with `extra` fields (rules, chains, history) added.
pub(super) fn scenario(extra: &str) -> Story {
    let src = format!(
        r#"Scenario(
            id: "t", title: (en: "T", nl: "T"), summary: (en: "S", nl: "S"), player: "a",
            parties: [
                Party(id: "a", name: (en: "A", nl: "A")),
                Party(id: "b", name: (en: "B", nl: "B")),
                Party(id: "c", name: (en: "C", nl: "C")),
                Party(id: "d", name: (en: "D", nl: "D")),
                Party(id: "heir", name: (en: "H", nl: "H"), succeeds: "c"),
                Party(id: "org", name: (en: "O", nl: "O"), kind: Organisation,
                      members: [(party: "a", weight: 0.8), (party: "c", weight: 0.5)]),
            ],
            valuations: [(party: "b", kind: "toys", worth: 1.5), (party: "b", kind: "cards", worth: 0.0)],
            {extra}
            nodes: [Node(id: "n", text: (en: "x", nl: "y"), then: End)],
            outcomes: [Outcome(id: "o", title: (en: "O", nl: "O"), epilogue: (en: "E", nl: "E"), tone: Mixed)],
        )"#
    );
    let c = check_str(&src);
    c.story.unwrap_or_else(|| panic!("{:?}", c.diagnostics))
}

pub(super) fn p(s: &Story, id: &str) -> PartyId {
    s.party(id).unwrap()
}

/// Applies effects written in RON to a fresh state, through the real path: they become
/// the scenario's `history`, which is checked and run like any file's.
pub(super) fn run(s: &Story, state: &mut State, effects: &str) -> Vec<Entry> {
    let mut sc = s.scenario.clone();
    sc.history = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(effects)
        .unwrap();
    let checked = crate::check::compile(sc);
    let with = checked
        .story
        .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
    let rs = crate::play::runner::RunState::new(&with, 0).unwrap();
    *state = rs.state;
    rs.entries
}

#[test]
fn gift_is_worth_what_the_receiver_values() {
    let s = story("");
    let mut st = State::new(s.parties.len());
    let es = run(
        &s,
        &mut st,
        r#"[Give(from: "d", to: "b", layer: Deal, amount: 10, kind: "toys"), Give(from: "d", to: "b", layer: Deal, amount: 10, kind: "cards"), Give(from: "d", to: "b", layer: Deal, amount: 10)]"#,
    );
    assert_eq!(st.ledger.credit(p(&s, "d"), p(&s, "b"), Deal), 15 + 10);
    assert!(
        matches!(&es[0].rule, Rule::Valuation { kind, worth } if kind == "toys" && worth.0 == 1500)
    );
    // A worthless gift moves nothing, but its entry says so: it binds nobody.
    assert_eq!(es.len(), 3);
    assert!(matches!(
        es[1].change,
        LedgerChange::Transfer { amount: 0, .. }
    ));
    assert!(es[1].why.get(&s, Lang::En).contains("worth nothing"));
    assert_eq!(es[2].rule, Rule::Gift);
}

#[test]
fn take_puts_the_other_in_credit() {
    let s = story("");
    let mut st = State::new(s.parties.len());
    run(
        &s,
        &mut st,
        r#"[Take(by: "b", from: "c", layer: Seen, amount: 4)]"#,
    );
    assert_eq!(st.ledger.credit(p(&s, "c"), p(&s, "b"), Seen), 4);
}

#[test]
fn acknowledging_helps_more_the_larger_the_deficit() {
    let s = story("");
    let relief = |deficit: i32| {
        let mut st = State::new(s.parties.len());
        run(
            &s,
            &mut st,
            &format!(
                r#"[Feel(who: "b", toward: "c", amount: {deficit}), Acknowledge(by: "c", of: "b", amount: 2)]"#
            ),
        );
        deficit - st.ledger.felt(p(&s, "b"), p(&s, "c"))
    };
    assert_eq!(relief(1), 1, "never below zero");
    assert_eq!(relief(8), 4, "2 + 25% of 8");
    assert_eq!(relief(20), 7, "2 + 25% of 20");
    let mut st = State::new(s.parties.len());
    run(&s, &mut st, r#"[Acknowledge(by: "c", of: "b", amount: 3)]"#);
    assert_eq!(
        st.ledger.credit(p(&s, "c"), p(&s, "b"), Seen),
        3,
        "recognition is a gift on Seen"
    );
}

#[test]
fn deflecting_grows_the_deficit_and_takes_understanding() {
    let s = story("");
    let mut st = State::new(s.parties.len());
    let es = run(&s, &mut st, r#"[Deflect(by: "d", toward: "b", amount: 4)]"#);
    assert_eq!(st.ledger.felt(p(&s, "b"), p(&s, "d")), 4);
    assert_eq!(st.ledger.credit(p(&s, "b"), p(&s, "d"), Seen), 4);
    assert!(es.iter().all(|e| e.rule == Rule::Deflect));
}

#[test]
fn both_deflecting_escalates_and_both_acknowledging_repairs() {
    let s = story("");
    let (b, c) = (p(&s, "b"), p(&s, "c"));
    let start = r#"Feel(who: "b", toward: "c", amount: 6), Feel(who: "c", toward: "b", amount: 6)"#;
    let mut fight = State::new(s.parties.len());
    let es = run(
        &s,
        &mut fight,
        &format!(
            r#"[{start}, Deflect(by: "c", toward: "b", amount: 4), Deflect(by: "b", toward: "c", amount: 4)]"#
        ),
    );
    assert_eq!(fight.ledger.felt(b, c), 12, "6 + 4 × 1.5");
    assert_eq!(fight.ledger.felt(c, b), 12);
    assert_eq!(es.iter().filter(|e| e.rule == Rule::Escalation).count(), 2);
    let mut peace = State::new(s.parties.len());
    run(
        &s,
        &mut peace,
        &format!(
            r#"[{start}, Acknowledge(by: "c", of: "b", amount: 2), Acknowledge(by: "b", of: "c", amount: 2)]"#
        ),
    );
    assert!(
        peace.ledger.felt(b, c) < 6 && peace.ledger.felt(c, b) < 6,
        "both shrink"
    );
    // Deflecting at someone who feels no deficit toward you does not escalate.
    let mut one_sided = State::new(s.parties.len());
    run(
        &s,
        &mut one_sided,
        r#"[Deflect(by: "c", toward: "b", amount: 4)]"#,
    );
    assert_eq!(one_sided.ledger.felt(b, c), 4);
}

#[test]
fn a_members_act_moves_the_clients_balance_with_the_organisation() {
    let s = story("");
    let (a, b, org) = (p(&s, "a"), p(&s, "b"), p(&s, "org"));
    let mut st = State::new(s.parties.len());
    let es = run(
        &s,
        &mut st,
        r#"[Give(from: "a", to: "b", layer: Deal, amount: 10), Deflect(by: "a", toward: "b", amount: 5)]"#,
    );
    assert_eq!(st.ledger.credit(org, b, Deal), 8, "80% of the gift");
    assert_eq!(st.ledger.felt(b, org), 4, "80% of the hurt");
    assert!(
        es.iter()
            .any(|e| matches!(e.rule, Rule::CallingCard { org: o, .. } if o == org))
    );
    // Between members of the same organisation the card does not apply.
    let mut inside = State::new(s.parties.len());
    run(
        &s,
        &mut inside,
        r#"[Give(from: "a", to: "c", layer: Deal, amount: 10)]"#,
    );
    assert_eq!(inside.ledger.credit(org, p(&s, "c"), Deal), 0);
    assert_eq!(inside.ledger.credit(a, p(&s, "c"), Deal), 10);
}

#[test]
fn a_members_acknowledgment_eases_a_grudge_against_the_organisation() {
    let s = story("");
    let (b, org) = (p(&s, "b"), p(&s, "org"));
    let mut st = State::new(s.parties.len());
    run(
        &s,
        &mut st,
        r#"[Feel(who: "b", toward: "org", amount: 8), Acknowledge(by: "a", of: "b", amount: 5)]"#,
    );
    // 80% of (5 plus 25% of the 8 held against the organisation) = 5.6, rounded to 6.
    assert_eq!(st.ledger.felt(b, org), 2);
}

#[test]
fn chains_pass_part_of_what_is_received_onward() {
    let s = story(
        r#"chains: [
            (at: "b", from: "a", layer: Deal, pass_to: "c", share: 0.5, note: (en: "on", nl: "door")),
            (at: "c", layer: Deal, pass_to: "b", as_layer: Seen, share: 0.5, note: (en: "back", nl: "terug")),
        ],"#,
    );
    let (a, b, c) = (p(&s, "a"), p(&s, "b"), p(&s, "c"));
    let mut st = State::new(s.parties.len());
    let es = run(
        &s,
        &mut st,
        r#"[Give(from: "a", to: "b", layer: Deal, amount: 8)]"#,
    );
    assert_eq!(st.ledger.credit(a, b, Deal), 8);
    assert_eq!(st.ledger.credit(b, c, Deal), 4, "half passed on");
    assert_eq!(
        st.ledger.credit(c, b, Seen),
        2,
        "and half of that comes back as thanks"
    );
    assert!(
        es.iter()
            .filter(|e| matches!(e.rule, Rule::Chain { .. }))
            .count()
            >= 2
    );
}

#[test]
fn chain_cycles_stop_at_the_depth_limit() {
    let s = scenario(
        r#"rules: (chain_depth: 5, perception: false, hurt_travels: false, giving_costs: false),
           chains: [
            (at: "b", layer: Deal, pass_to: "d", share: 1.0, note: (en: "x", nl: "x")),
            (at: "d", layer: Deal, pass_to: "heir", share: 1.0, note: (en: "x", nl: "x")),
            (at: "heir", layer: Deal, pass_to: "b", share: 1.0, note: (en: "x", nl: "x")),
           ],"#,
    );
    let mut st = State::new(s.parties.len());
    let es = run(
        &s,
        &mut st,
        r#"[Give(from: "org", to: "b", layer: Deal, amount: 3)]"#,
    );
    assert_eq!(
        es.len(),
        1 + 5,
        "the gift, then five links round the circle"
    );
}

#[test]
fn a_chain_never_hands_the_same_thing_straight_back() {
    let s = story(
        r#"chains: [(at: "b", layer: Deal, pass_to: "d", share: 0.5, note: (en: "x", nl: "x"))],"#,
    );
    let mut st = State::new(s.parties.len());
    let es = run(
        &s,
        &mut st,
        r#"[Take(by: "b", from: "d", layer: Deal, amount: 4)]"#,
    );
    assert_eq!(es.len(), 1, "what b took from d is not passed back to d");
}

#[test]
fn succession_needs_knowledge_and_loyalty() {
    let s = story("");
    let (a, c, heir) = (p(&s, "a"), p(&s, "c"), p(&s, "heir"));
    let history = r#"Give(from: "a", to: "c", layer: Deal, amount: 10), Give(from: "c", to: "heir", layer: Seen, amount: 10)"#;

    let mut unknown = State::new(s.parties.len());
    let es = run(
        &s,
        &mut unknown,
        &format!(r#"[{history}, ClaimCredit(claimant: "a", with: "heir", pressure: 3)]"#),
    );
    assert!(es.iter().any(|e| e.rule
        == Rule::ClaimRefused {
            reason: Refusal::Unknown
        }));
    assert_eq!(
        unknown.ledger.credit(a, heir, Seen),
        -3,
        "the claim is a take"
    );
    assert_eq!(unknown.ledger.felt(heir, a), 3);
    assert_eq!(
        unknown.ledger.credit(a, c, Deal),
        10,
        "the credits stay with the person"
    );

    let mut disloyal = State::new(s.parties.len());
    let es = run(
        &s,
        &mut disloyal,
        r#"[Give(from: "a", to: "c", layer: Deal, amount: 10), Tell(who: "heir", holder: "a", with: "c"), ClaimCredit(claimant: "a", with: "heir")]"#,
    );
    assert!(es.iter().any(|e| e.rule
        == Rule::ClaimRefused {
            reason: Refusal::NoLoyalty
        }));

    let mut loyal = State::new(s.parties.len());
    let es = run(
        &s,
        &mut loyal,
        &format!(
            r#"[{history}, Tell(who: "heir", holder: "a", with: "c"), ClaimCredit(claimant: "a", with: "heir")]"#
        ),
    );
    // Loyalty: c's credit with heir (10) over loyalty_full (20) = 50%.
    assert!(
        es.iter()
            .any(|e| matches!(e.rule, Rule::Succession { loyalty } if loyalty.0 == 500))
    );
    assert_eq!(
        loyal.ledger.credit(a, heir, Deal),
        5,
        "half the credits count with the heir"
    );
    assert_eq!(
        loyal.ledger.credit(a, c, Deal),
        5,
        "and left the predecessor's account"
    );
    assert_eq!(
        loyal.ledger.credit(c, heir, Seen),
        5,
        "honouring them was the heir's gift to his father"
    );
    assert!(es.iter().any(|e| e.rule == Rule::Loyalty));
    // Loyalty is spent by honouring: c's credit with heir fell to 5 (25%) on 5 credits left.
    assert_eq!(transferable(&s, &loyal, a, heir, c), 1);
}

#[test]
fn every_entry_explains_itself_in_both_languages() {
    let s = story("");
    let mut st = State::new(s.parties.len());
    let es = run(
        &s,
        &mut st,
        r#"[Give(from: "a", to: "b", layer: Deal, amount: 3, kind: "toys"), Deflect(by: "a", toward: "b", amount: 2), ClaimCredit(claimant: "a", with: "heir")]"#,
    );
    for e in es {
        let t = e.why.text(&s);
        let (en, nl) = (t.en.unwrap(), t.nl.unwrap());
        assert!(!en.is_empty() && !nl.is_empty() && en != nl, "{en} / {nl}");
    }
}

#[test]
fn replaying_entries_reproduces_the_state() {
    let s = story(
        r#"chains: [(at: "b", layer: Deal, pass_to: "c", share: 0.5, note: (en: "x", nl: "x"))],"#,
    );
    let mut st = State::new(s.parties.len());
    let es = run(
        &s,
        &mut st,
        r#"[Give(from: "a", to: "b", layer: Deal, amount: 9), Feel(who: "b", toward: "a", amount: 2), Acknowledge(by: "a", of: "b", amount: 5), Deflect(by: "b", toward: "c", amount: 3)]"#,
    );
    assert_eq!(State::replay(s.parties.len(), &es), st);
    assert!(
        es.iter()
            .all(|e| !matches!(e.change, LedgerChange::Felt { delta: 0, .. }))
    );
}

//! The model on top of the classic rules: perception, travelling hurt and the cost of giving.
//! Each test pairs a run with its knock-out (the same effects with the rule switched off).
//! Same scenario as `tests.rs`: a, b, c, d, `org` (members a 0.8, c 0.5), b's valuations
//! (toys 1.5, cards 0); default rules (tolerance 2, ack_scale 0.25, escalation 1.5,
//! consolation 0.5, touchy 3).

use super::tests::{p, run, scenario};
use crate::format::scenario::Layer::{Deal, Seen};
use crate::play::ledger::{Entry, LedgerChange, Rule, State};
use crate::story::Story;

fn play(rules: &str, effects: &str) -> (Story, State, Vec<Entry>) {
    let s = scenario(rules);
    let mut st = State::new(s.parties.len());
    let es = run(&s, &mut st, effects);
    (s, st, es)
}

fn felt(s: &Story, st: &State, who: &str, toward: &str) -> i32 {
    st.ledger.felt(p(s, who), p(s, toward))
}

fn by_rule<'a>(es: &'a [Entry], rule: &Rule) -> Vec<&'a Entry> {
    es.iter().filter(|e| &e.rule == rule).collect()
}

#[test]
fn a_felt_deficit_follows_the_perceived_balance() {
    let take = r#"[Take(by: "b", from: "d", layer: Deal, amount: 5)]"#;
    let (s, st, es) = play("", take);
    // d counts the 5 taken; beyond the 2 it lets pass, it feels 3. The taker counts nothing.
    assert_eq!(felt(&s, &st, "d", "b"), 3);
    assert_eq!(felt(&s, &st, "b", "d"), 0);
    assert_eq!(st.ledger.perceived(p(&s, "b"), p(&s, "d"), Deal), 0);
    let perceived = by_rule(&es, &Rule::Perception);
    assert_eq!(perceived.len(), 1);
    assert!(
        perceived[0]
            .why
            .get(&s, crate::text::Lang::En)
            .contains("grows by 3")
    );

    // Paying back what d notices evens the view, and the feeling follows.
    let (s, st, _) = play(
        "",
        r#"[Take(by: "b", from: "d", layer: Deal, amount: 5), Give(from: "b", to: "d", layer: Deal, amount: 3)]"#,
    );
    assert_eq!(felt(&s, &st, "d", "b"), 0);

    // Knock-out: without perception no balance is felt.
    let (s, st, es) = play("rules: (perception: false),", take);
    assert_eq!(felt(&s, &st, "d", "b"), 0);
    assert!(by_rule(&es, &Rule::Perception).is_empty());
}

#[test]
fn an_unnoticed_gift_is_felt_only_once_it_is_told() {
    // d gives 5; b gives 3 back without d noticing: truly d is owed 2, but d feels owed 5.
    let base = r#"Give(from: "d", to: "b", layer: Deal, amount: 5), Give(from: "b", to: "d", layer: Deal, amount: 3, unnoticed: true)"#;
    let (s, st, _) = play("", &format!("[{base}]"));
    assert_eq!(st.ledger.credit(p(&s, "d"), p(&s, "b"), Deal), 2);
    assert_eq!(st.ledger.perceived(p(&s, "d"), p(&s, "b"), Deal), 5);
    assert_eq!(felt(&s, &st, "d", "b"), 3);

    // Told of it, d sees the true balance (2, within what d lets pass) and feels nothing.
    let (s, st, es) = play(
        "",
        &format!(r#"[{base}, Tell(who: "d", holder: "b", with: "d")]"#),
    );
    assert_eq!(st.ledger.perceived(p(&s, "d"), p(&s, "b"), Deal), 2);
    assert_eq!(felt(&s, &st, "d", "b"), 0);
    assert!(
        es.iter()
            .any(|e| matches!(e.change, LedgerChange::Perceive { delta: -3, .. }))
    );

    // Noticed, the same gift is felt at once: the difference is the noticing alone.
    let (s, st, _) = play(
        "",
        r#"[Give(from: "d", to: "b", layer: Deal, amount: 5), Give(from: "b", to: "d", layer: Deal, amount: 3)]"#,
    );
    assert_eq!(felt(&s, &st, "d", "b"), 0);
}

#[test]
fn acknowledging_someone_shows_what_they_gave() {
    let base = r#"Give(from: "d", to: "b", layer: Deal, amount: 5), Give(from: "b", to: "d", layer: Deal, amount: 3, unnoticed: true)"#;
    let (s, st, _) = play(
        "",
        &format!(r#"[{base}, Acknowledge(by: "d", of: "b", amount: 1)]"#),
    );
    // Naming b's effort, d no longer overlooks b's gift.
    assert_eq!(st.ledger.perceived(p(&s, "d"), p(&s, "b"), Deal), 2);
    assert_eq!(felt(&s, &st, "d", "b"), 0);
}

#[test]
fn gifts_the_receiver_does_not_value_cost_the_giver() {
    let cards = r#"[Give(from: "d", to: "b", layer: Deal, amount: 5, kind: "cards")]"#;
    let (s, st, _) = play("", cards);
    // Worth nothing to b: nobody is bound, but d counts the 5 it gave.
    assert_eq!(st.ledger.credit(p(&s, "d"), p(&s, "b"), Deal), 0);
    assert_eq!(felt(&s, &st, "d", "b"), 3);
    assert_eq!(felt(&s, &st, "b", "d"), 0);

    // Knock-out: without the cost of giving, the giver counts only what the gift is worth.
    let (s, st, _) = play("rules: (giving_costs: false),", cards);
    assert_eq!(felt(&s, &st, "d", "b"), 0);
}

#[test]
fn one_sided_recognition_wears_the_acknowledger_down() {
    let twice =
        r#"[Acknowledge(by: "a", of: "b", amount: 2), Acknowledge(by: "a", of: "b", amount: 2)]"#;
    let (s, st, _) = play("", twice);
    // a has given 4 in recognition and had none back: 2 beyond what a lets pass.
    assert_eq!(st.ledger.perceived(p(&s, "a"), p(&s, "b"), Seen), 4);
    assert_eq!(felt(&s, &st, "a", "b"), 2);
    let (s, st, _) = play(
        "",
        r#"[Acknowledge(by: "a", of: "b", amount: 2), Acknowledge(by: "b", of: "a", amount: 2), Acknowledge(by: "a", of: "b", amount: 2)]"#,
    );
    // Returned, it does not.
    assert_eq!(felt(&s, &st, "a", "b"), 0);
    let (s, st, _) = play("rules: (giving_costs: false),", twice);
    assert_eq!(felt(&s, &st, "a", "b"), 0);
}

#[test]
fn acknowledgment_relieves_more_than_the_balance() {
    let (s, st, es) = play(
        "",
        r#"[Feel(who: "b", toward: "a", amount: 8), Acknowledge(by: "a", of: "b", amount: 2)]"#,
    );
    // 2 + 0.25 × 8 = 4 off a deficit of 8.
    assert_eq!(felt(&s, &st, "b", "a"), 4);
    assert_eq!(
        by_rule(&es, &Rule::Acknowledge).len(),
        2,
        "the gift and the relief"
    );
}

#[test]
fn a_members_gift_costs_the_organisation() {
    let gift = r#"[Give(from: "a", to: "d", layer: Deal, amount: 5)]"#;
    let (s, st, es) = play("", gift);
    // a counts 0.8 for org: org gave d 4 through a, and a owes org those 4.
    assert_eq!(st.ledger.credit(p(&s, "org"), p(&s, "d"), Deal), 4);
    assert_eq!(st.ledger.credit(p(&s, "org"), p(&s, "a"), Deal), 4);
    assert_eq!(by_rule(&es, &Rule::Expense { org: p(&s, "org") }).len(), 1);
    let (s, st, _) = play("rules: (giving_costs: false),", gift);
    assert_eq!(st.ledger.credit(p(&s, "org"), p(&s, "a"), Deal), 0);
}

#[test]
fn hurt_from_one_party_is_taken_out_on_another() {
    let snap =
        r#"[Feel(who: "b", toward: "c", amount: 4), Deflect(by: "b", toward: "d", amount: 2)]"#;
    let (s, st, es) = play("", snap);
    // Hurt by c, b's blame of d weighs 1.5 × 2 = 3.
    let esc = by_rule(&es, &Rule::Escalation);
    assert_eq!(esc.len(), 1);
    assert!(
        esc[0]
            .why
            .get(&s, crate::text::Lang::En)
            .contains("Still hurt by C")
    );
    assert!(felt(&s, &st, "d", "b") >= 3);
    let (s, st, es) = play("rules: (hurt_travels: false),", snap);
    assert!(by_rule(&es, &Rule::Escalation).is_empty());
    assert_eq!(felt(&s, &st, "d", "b"), 2);
}

#[test]
fn a_third_partys_acknowledgment_eases_carried_hurt() {
    let ack =
        r#"[Feel(who: "b", toward: "c", amount: 6), Acknowledge(by: "d", of: "b", amount: 2)]"#;
    let (s, st, es) = play("", ack);
    // d's relief would be 2 + 0.25 × 6 = 4 (rounded up from 3.5); half of it reaches c's.
    assert_eq!(felt(&s, &st, "b", "c"), 4);
    assert_eq!(by_rule(&es, &Rule::Consolation).len(), 1);
    let (s, st, _) = play("rules: (hurt_travels: false),", ack);
    assert_eq!(felt(&s, &st, "b", "c"), 6);
}

/// A one-node scenario: b, hurt by c as far as `hurt`, speaks; a answers neutrally.
fn neutral_reply(hurt: i32, rules: &str) -> (Story, crate::play::runner::RunState) {
    let src = format!(
        r#"Scenario(
            id: "t", title: (en: "T", nl: "T"), summary: (en: "S", nl: "S"), player: "a",
            {rules}
            parties: [
                Party(id: "a", name: (en: "A", nl: "A")),
                Party(id: "b", name: (en: "B", nl: "B")),
                Party(id: "c", name: (en: "C", nl: "C")),
            ],
            history: [Feel(who: "b", toward: "c", amount: {hurt})],
            nodes: [Node(id: "n", speaker: "b", text: (en: "x", nl: "y"), then: Choices([
                Choice(text: (en: "Right.", nl: "Juist."), move: Neutral, next: "e"),
            ])), Node(id: "e", text: (en: "x", nl: "y"), then: End)],
            outcomes: [Outcome(id: "o", title: (en: "O", nl: "O"), epilogue: (en: "E", nl: "E"), tone: Mixed)],
        )"#
    );
    let s = crate::check::check_str(&src).story.expect("valid");
    let mut rs = crate::play::runner::RunState::new(&s, 0).unwrap();
    rs.choose(&s, 0).unwrap();
    (s, rs)
}

#[test]
fn a_hurt_speaker_reads_a_neutral_reply_as_a_slight() {
    let (s, rs) = neutral_reply(3, "");
    assert_eq!(rs.state.ledger.felt(p(&s, "b"), p(&s, "a")), 1);
    assert!(rs.entries.iter().any(|e| e.rule == Rule::Slight));
    // Below `touchy` (3), or with the rule off, a neutral reply is just that.
    let (s, rs) = neutral_reply(2, "");
    assert_eq!(rs.state.ledger.felt(p(&s, "b"), p(&s, "a")), 0);
    let (s, rs) = neutral_reply(3, "rules: (hurt_travels: false),");
    assert_eq!(rs.state.ledger.felt(p(&s, "b"), p(&s, "a")), 0);
}

/// The worked example of docs/authoring.md ("Perception, travelling hurt and the cost of
/// giving"), number by number: a = Jort, b = Bernard, c = Erik.
#[test]
fn the_worked_example_of_the_guide() {
    let s = scenario("");
    let (jort, bernard, erik) = (p(&s, "a"), p(&s, "b"), p(&s, "c"));
    let mut st = State::new(s.parties.len());
    let steps = [
        (r#"Feel(who: "b", toward: "c", amount: 6)"#, 0),
        (r#"Give(from: "a", to: "b", layer: Deal, amount: 5)"#, 3),
        (r#"Take(by: "b", from: "a", layer: Seen, amount: 3)"#, 4),
        (r#"Deflect(by: "b", toward: "a", amount: 2)"#, 9),
        (r#"Acknowledge(by: "a", of: "b", amount: 3)"#, 12),
    ];
    let mut effects = Vec::new();
    for (effect, jort_feels) in steps {
        effects.push(effect);
        run(&s, &mut st, &format!("[{}]", effects.join(", ")));
        assert_eq!(st.ledger.felt(jort, bernard), jort_feels, "after {effect}");
        assert_eq!(st.ledger.felt(bernard, jort), 0, "after {effect}");
    }
    assert_eq!(st.ledger.felt(bernard, erik), 3);
    // a is a member of `org` in this scenario: its acts toward b also count for `org`, which
    // is why the example's numbers are read between the persons only.
}

#[test]
fn chains_pass_on_gifts_never_takes_or_blame() {
    let chain = r#"chains: [(at: "b", from: "d", layer: Seen, pass_to: "c", share: 0.5, note: (en: "x", nl: "x"))],"#;
    let (s, st, es) = play(
        chain,
        r#"[Take(by: "b", from: "d", layer: Seen, amount: 4), Deflect(by: "b", toward: "d", amount: 2)]"#,
    );
    assert!(es.iter().all(|e| !matches!(e.rule, Rule::Chain { .. })));
    assert_eq!(st.ledger.credit(p(&s, "b"), p(&s, "c"), Seen), 0);
    // A gift on the same link is passed on.
    let (s, st, _) = play(
        chain,
        r#"[Give(from: "d", to: "b", layer: Seen, amount: 4)]"#,
    );
    assert_eq!(st.ledger.credit(p(&s, "b"), p(&s, "c"), Seen), 2);
}

#[test]
fn hidden_damage_is_felt_once_it_is_found() {
    let hidden = r#"Take(by: "b", from: "d", layer: Deal, amount: 5, unnoticed: true)"#;
    let (s, st, _) = play("", &format!("[{hidden}]"));
    assert_eq!(st.ledger.credit(p(&s, "d"), p(&s, "b"), Deal), 5);
    assert_eq!(felt(&s, &st, "d", "b"), 0);
    // Told what b did, d sees the true balance and feels it.
    let (s, st, _) = play(
        "",
        &format!(r#"[{hidden}, Tell(who: "d", holder: "b", with: "d")]"#),
    );
    assert_eq!(felt(&s, &st, "d", "b"), 3);
}

#[test]
fn conditions_read_the_balance_as_a_party_perceives_it() {
    let src = r#"Scenario(
        id: "t", title: (en: "T", nl: "T"), summary: (en: "S", nl: "S"), player: "a",
        parties: [Party(id: "a", name: (en: "A", nl: "A")), Party(id: "b", name: (en: "B", nl: "B"))],
        history: [
            Give(from: "a", to: "b", layer: Seen, amount: 5),
            Give(from: "b", to: "a", layer: Seen, amount: 3, unnoticed: true),
        ],
        nodes: [Node(id: "n", text: (en: "x", nl: "y"), then: End)],
        outcomes: [
            Outcome(id: "unseen", title: (en: "O", nl: "O"), epilogue: (en: "E", nl: "E"), tone: Mixed,
                    when: All([AtLeast(Perceived(who: "a", with: "b", layer: Seen), 5), Below(Credit(holder: "a", with: "b"), 3)])),
            Outcome(id: "other", title: (en: "O", nl: "O"), epilogue: (en: "E", nl: "E"), tone: Mixed),
        ],
    )"#;
    let s = crate::check::check_str(src).story.expect("valid");
    let rs = crate::play::runner::RunState::new(&s, 0).unwrap();
    // a believes b owes 5 in recognition; truly b owes 2.
    assert_eq!(s.outcome_id(rs.outcome.expect("ends at once")), "unseen");
}

#[test]
fn thanking_someone_you_owe_repays_before_it_gives() {
    // d owes b 5 (b gave, d noticed); d's thanks of 3 repays, so d does not count it.
    let owed = r#"Give(from: "b", to: "d", layer: Deal, amount: 5), Acknowledge(by: "d", of: "b", amount: 3)"#;
    let (s, st, _) = play("", &format!("[{owed}]"));
    assert_eq!(st.ledger.perceived(p(&s, "d"), p(&s, "b"), Seen), 0);
    assert_eq!(felt(&s, &st, "d", "b"), 0);
    // Owing nothing, the same thanks is a gift d counts.
    let (s, st, _) = play("", r#"[Acknowledge(by: "d", of: "b", amount: 3)]"#);
    assert_eq!(st.ledger.perceived(p(&s, "d"), p(&s, "b"), Seen), 3);
}

#[test]
fn one_who_wholly_stands_for_the_organisation_gives_as_the_organisation() {
    // `a` stands for `org` at 0.8: the organisation pays (see the test above); at 1.0 it
    // gives itself, and nobody owes it for that.
    let full = crate::check::check_str(
        r#"Scenario(
            id: "t", title: (en: "T", nl: "T"), summary: (en: "S", nl: "S"), player: "a",
            parties: [
                Party(id: "a", name: (en: "A", nl: "A")),
                Party(id: "d", name: (en: "D", nl: "D")),
                Party(id: "org", name: (en: "O", nl: "O"), kind: Organisation, members: [(party: "a", weight: 1.0)]),
            ],
            history: [Give(from: "a", to: "d", layer: Deal, amount: 5)],
            nodes: [Node(id: "n", text: (en: "x", nl: "y"), then: End)],
            outcomes: [Outcome(id: "o", title: (en: "O", nl: "O"), epilogue: (en: "E", nl: "E"), tone: Mixed)],
        )"#,
    )
    .story
    .expect("valid");
    let rs = crate::play::runner::RunState::new(&full, 0).unwrap();
    let (a, org, d) = (p(&full, "a"), p(&full, "org"), p(&full, "d"));
    assert_eq!(rs.state.ledger.credit(org, d, Deal), 5);
    assert_eq!(rs.state.ledger.credit(org, a, Deal), 0);
    assert!(
        rs.entries
            .iter()
            .all(|e| !matches!(e.rule, Rule::Expense { .. }))
    );
}

#[test]
fn an_honoured_claim_repays_the_claimant_and_makes_no_new_grievance() {
    // a built up 10 with c; c's heir owes c enough to be fully loyal, and knows of a's years.
    let (s, st, es) = play(
        "",
        r#"[Give(from: "a", to: "c", layer: Deal, amount: 10), Give(from: "c", to: "heir", layer: Deal, amount: 20),
            Tell(who: "heir", holder: "a", with: "c"), ClaimCredit(claimant: "a", with: "heir")]"#,
    );
    assert!(es.iter().any(|e| matches!(e.rule, Rule::Succession { .. })));
    // The credits now count with the heir, who perceives he owes them...
    assert_eq!(st.ledger.credit(p(&s, "a"), p(&s, "heir"), Deal), 10);
    assert_eq!(st.ledger.perceived(p(&s, "heir"), p(&s, "a"), Deal), -10);
    // ...and a, repaid, no longer feels owed by c, nor newly owed by the heir.
    assert_eq!(felt(&s, &st, "a", "c"), 0);
    assert_eq!(felt(&s, &st, "a", "heir"), 0);
}

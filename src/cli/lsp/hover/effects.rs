//! What an effect does to the ledger, in words: the rule and its numbers.

use super::*;

/// The words for an effect: `item` is `Give(...)`, `Set(...)`, ….
pub fn effect(ctx: &Ctx<'_>, item: &Item) -> String {
    let kind = item.ctor.as_deref().unwrap_or("");
    let rules = ctx.rules();
    let p = |field: &str| ctx.party(s(item, field));
    let n = |field: &str| {
        item.num(field)
            .map_or_else(|| "?".to_string(), |n| n.replace('_', ""))
    };
    let mut out = String::new();
    match kind {
        "Give" => {
            let (from, to, a) = (p("from"), p("to"), n("amount"));
            let layer = item.ident("layer");
            let _ = write!(
                out,
                "**Give** — {from} gives {to} {a} on {}.\n\n",
                layer_words(layer)
            );
            let worth = item
                .str("kind")
                .map(|k| (k, valuation(ctx, s(item, "to"), k)));
            match (worth, amount(item, "amount")) {
                (Some((k, Some(w))), _) if w.abs() < 1e-9 => {
                    let _ = write!(
                        out,
                        "{to} values `{k}` at 0: the gift binds nobody and moves nothing (the **Valuation** rule)."
                    );
                }
                (Some((k, Some(w))), Some(x)) if (w - 1.0).abs() > 1e-9 => {
                    let _ = write!(
                        out,
                        "{to} now owes {from} {a} × {to}'s valuation of `{k}` ({}) = {}: {from}'s credit with {to} grows by that much and {to}'s with {from} falls by as much (the **Valuation** rule).",
                        num(w),
                        times(x, w)
                    );
                }
                _ => {
                    let _ = write!(
                        out,
                        "{to} now owes {from} {a}: {from}'s credit with {to} grows by {a} and {to}'s with {from} falls by {a} (the **Gift** rule)."
                    );
                    if let Some((k, _)) = worth {
                        let _ = write!(
                            out,
                            " {to} has no valuation of `{k}`, so it counts at its face value (× 1)."
                        );
                    }
                }
            }
            let unnoticed = item.ident("unnoticed") == Some("true");
            let _ = write!(
                out,
                "\n\nGiving costs: {from} counts the face value, {a}, as given; past {from}'s tolerance, \
                 what does not come back is felt as a deficit toward {to} (the **Perception** rule). {}",
                if unnoticed {
                    format!(
                        "{to} does not notice the gift (`unnoticed`): it counts in the true balance, not in what {to} perceives, until {to} is told or acknowledges {from}."
                    )
                } else {
                    format!("{to} counts what the gift is worth to {to}.")
                }
            );
            calling_card(
                ctx,
                &mut out,
                s(item, "from"),
                s(item, "to"),
                amount(item, "amount"),
                false,
            );
            chains(ctx, &mut out, item);
        }
        "Take" => {
            let (by, from, a) = (p("by"), p("from"), n("amount"));
            let _ = write!(
                out,
                "**Take** — {by} takes {a} from {from} on {} without giving back: {from} is now in credit with {by} by {a} more ({from}'s credit with {by} grows by {a}, {by}'s with {from} falls by {a}; the **Take** rule).\n\n\
                 {from} counts it and {by} does not: past {from}'s tolerance it is felt as a deficit toward {by} (the **Perception** rule).",
                layer_words(item.ident("layer"))
            );
            calling_card(
                ctx,
                &mut out,
                s(item, "by"),
                s(item, "from"),
                amount(item, "amount"),
                false,
            );
        }
        "Acknowledge" => {
            let (by, of, a) = (p("by"), p("of"), n("amount"));
            let _ = write!(
                out,
                "**Acknowledge** — {by} names {of}'s effort or loss.\n\n\
                 Recognition shrinks the deficit {of} feels toward {by} by {a} plus {}% of the deficit itself \
                 (the `ack_scale` rule, ack_scale = {}): a deficit d becomes max(0, d − {a} − {} × d), \
                 so it is worth more the larger the deficit.\n\n\
                 It is also a gift of {a} on being seen: {by} gives {of} {a} on `Seen`, so {of} owes {by} {a} there (the **Acknowledge** rule). \
                 Both count it: if it is never returned, it wears {by} down (the **Perception** rule). {by} also stops overlooking what {of} gave.\n\n\
                 Hurt travels: {}% of the relief also eases the largest deficit {of} carries toward someone else (the **Consolation** rule, consolation = {}).",
                num(rules.ack_scale * 100.0),
                num(rules.ack_scale),
                num(rules.ack_scale),
                num(rules.consolation * 100.0),
                num(rules.consolation),
            );
            calling_card(
                ctx,
                &mut out,
                s(item, "by"),
                s(item, "of"),
                amount(item, "amount"),
                true,
            );
        }
        "Deflect" => {
            let (by, toward, a) = (p("by"), p("toward"), n("amount"));
            let escalated = amount(item, "amount")
                .map_or_else(|| "?".into(), |x| times(x, rules.escalation).to_string());
            let _ = write!(
                out,
                "**Deflect** — {by} blames, shares the blame or counters.\n\n\
                 The deficit {toward} feels toward {by} grows by {a} — or by {a} × {} = {escalated} when {by} \
                 carries a felt deficit toward anyone: hurt from one is taken out on another \
                 (the **Deflect** rule; **Escalation**, escalation = {}).\n\n\
                 And {by} took understanding: {toward} gives {by} {a} on being seen (`Seen`), which only {toward} counts.",
                num(rules.escalation),
                num(rules.escalation),
            );
            calling_card(
                ctx,
                &mut out,
                s(item, "by"),
                s(item, "toward"),
                amount(item, "amount"),
                false,
            );
        }
        "ClaimCredit" => {
            let (claimant, with) = (p("claimant"), p("with"));
            let via_id = item
                .str("via")
                .map(str::to_string)
                .or_else(|| ctx.predecessor(s(item, "with")));
            let via = via_id.as_deref().map(|v| ctx.party(v));
            let pressure = n("pressure");
            let pressure = if item.get("pressure").is_none() {
                "3".to_string()
            } else {
                pressure
            };
            match &via {
                Some(via) => {
                    let _ = write!(
                        out,
                        "**ClaimCredit** — {claimant} calls on his credits with {via}{}.\n\n\
                         If {with} knows of them (a `Tell`) and {via} is in credit with {with} \
                         (loyalty = that credit ÷ {} (`loyalty_full`), at most 1), each layer's credits \
                         × loyalty move from {via}'s account to {with}'s (the **Succession** rule), and {with} \
                         gives {via} the total on being seen: honouring them is his gift to {via} (**Loyalty**).\n\n\
                         Otherwise the claim is a demand: {with} gives {claimant} {pressure} on being seen and \
                         feels a deficit of {pressure} toward him (**ClaimRefused**).",
                        if item.get("via").is_none() {
                            format!(", whose place {with} took")
                        } else {
                            String::new()
                        },
                        rules.loyalty_full,
                    );
                }
                None => {
                    let _ = write!(
                        out,
                        "**ClaimCredit** — {claimant} calls on credits built up with whoever {with} succeeds, \
                         but {with} succeeds nobody: give `via: \"…\"` (E0141).\n\n\
                         Unhonoured, a claim is a demand: {with} gives {claimant} {pressure} on being seen and \
                         feels a deficit of {pressure} toward him (**ClaimRefused**)."
                    );
                }
            }
        }
        "Tell" => {
            let (who, holder, with) = (p("who"), p("holder"), p("with"));
            let _ = write!(
                out,
                "**Tell** — {who} now knows of the credits {holder} built up with {with}. No balance moves; \
                 `Knows(who: \"{}\", holder: \"{}\", with: \"{}\")` holds from here on, and a `ClaimCredit` on \
                 those credits can now be honoured by {who}.",
                s(item, "who"),
                s(item, "holder"),
                s(item, "with"),
            );
        }
        "Feel" => {
            let (who, toward) = (p("who"), p("toward"));
            let words = match amount(item, "amount") {
                Some(x) if x < 0 => format!("eases by {} (never below 0)", -x),
                Some(x) => format!("grows by {x}"),
                None => "moves by the amount (negative eases it; never below 0)".into(),
            };
            let _ = write!(
                out,
                "**Feel** — the deficit {who} feels toward {toward} {words}. No balance moves."
            );
        }
        "Set" | "Clear" => {
            let flag = match item.first() {
                Some(Val::Str { text, .. }) => text.as_str(),
                _ => "?",
            };
            let _ = if kind == "Set" {
                write!(
                    out,
                    "**Set** — sets the story flag `{flag}`: `Flag(\"{flag}\")` holds from here on (until a `Clear`). Nothing moves in the ledger."
                )
            } else {
                write!(
                    out,
                    "**Clear** — clears the story flag `{flag}`: `Flag(\"{flag}\")` no longer holds (until a `Set`). Nothing moves in the ledger."
                )
            };
        }
        _ => {}
    }
    if let Some(note) = item.item("note").and_then(|t| ctx.tree.items[t].str("en")) {
        let _ = write!(out, "\n\n> {note}");
    }
    out
}

/// What `party` thinks a gift of `kind` is worth, when the document says.
fn valuation(ctx: &Ctx<'_>, party: &str, kind: &str) -> Option<f64> {
    ctx.list("valuations")
        .into_iter()
        .find(|v| v.str("party") == Some(party) && v.str("kind") == Some(kind))
        .and_then(|v| v.num("worth"))
        .and_then(|w| w.parse().ok())
}

/// The calling-card rule, when the actor acts for an organisation the other is not in.
fn calling_card(
    ctx: &Ctx<'_>,
    out: &mut String,
    actor: &str,
    other: &str,
    amount: Option<i64>,
    acknowledgment: bool,
) {
    let others_orgs: Vec<String> = ctx.memberships(other).into_iter().map(|(o, _)| o).collect();
    for (org, w) in ctx.memberships(actor) {
        if org == other || others_orgs.contains(&org) {
            continue;
        }
        let (a, o, orgname) = (ctx.party(actor), ctx.party(other), ctx.party(&org));
        let by = match amount {
            Some(x) if acknowledgment => format!(
                "{} × ({x} + {} × that grudge)",
                num(w),
                num(ctx.rules().ack_scale)
            ),
            Some(x) => format!("{x} × {} = {}", num(w), times(x, w)),
            None => format!("the amount × {}", num(w)),
        };
        let what = if acknowledgment {
            format!("the grudge {o} holds against {orgname} eases too, by {by}")
        } else {
            format!("{o}'s balance and felt deficit with {orgname} move too, by {by}")
        };
        let _ = write!(
            out,
            "\n\nBecause {a} acts for {orgname} (weight {}), {what} (the **CallingCard** rule).",
            num(w)
        );
    }
}

/// Chains that pass part of a gift on.
fn chains(ctx: &Ctx<'_>, out: &mut String, give: &Item) {
    let (to, from, layer) = (s(give, "to"), s(give, "from"), give.ident("layer"));
    for c in ctx.list("chains") {
        let from_ok = c.str("from").is_none_or(|f| f == from);
        if c.str("at") == Some(to) && from_ok && c.ident("layer") == layer {
            let share = c
                .num("share")
                .and_then(|x| x.parse::<f64>().ok())
                .unwrap_or(0.0);
            let onward = c.ident("as_layer").or(layer);
            let _ = write!(
                out,
                "\n\n{} passes {}% of what it receives on to {} on {} (the **Chain** rule).",
                ctx.party(to),
                num(share * 100.0),
                ctx.party(s(c, "pass_to")),
                layer_words(onward),
            );
        }
    }
}

//! `give-and-take lsp` driven over stdio as an editor drives it: Content-Length framed
//! JSON-RPC to the real binary, on `scenarios/quote_dispute.ron` and small inline
//! documents.

// Beside this file, not as test targets of their own.
#[path = "lsp/client.rs"]
mod client;
#[path = "lsp/protocol.rs"]
mod protocol;

use client::*;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

#[test]
fn diagnostics_have_the_code_the_range_and_the_help() {
    let mut c = Client::start();
    let init = c.initialize();
    assert_eq!(init["serverInfo"]["name"], "give-and-take");
    let text =
        quote_dispute().replacen("next: \"reading_together\"", "next: \"reading_togther\"", 1);
    c.open(URI, &text);
    let diags = c.diagnostics(URI, |d| !d.is_empty());
    let d = diags
        .iter()
        .find(|d| d["code"] == "E0111")
        .unwrap_or_else(|| panic!("E0111 in {diags:#?}"));
    // The span is the string with its quotes, as `check` underlines it.
    let start = text.find("\"reading_togther\"").unwrap();
    let end = start + "\"reading_togther\"".len();
    assert_eq!(range(&d["range"]), (pos(&text, start), pos(&text, end)));
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "give-and-take");
    let msg = d["message"].as_str().unwrap();
    assert!(msg.starts_with("unknown node `reading_togther`"), "{msg}");
    assert!(
        msg.contains("help: did you mean `reading_together`?"),
        "{msg}"
    );
    assert_eq!(d["relatedInformation"][0]["message"], "no node has this id");

    // Fixed: the diagnostics are cleared (the value analysis finds nothing either).
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": quote_dispute()}]}),
    );
    c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["version"] == 2
            && m["params"]["diagnostics"] == json!([])
    });
    assert!(c.finish().success());
}

/// Accents are one UTF-16 unit and two bytes, an emoji two units and four bytes: the range
/// of a diagnostic after them on the same line is in UTF-16 units.
#[test]
fn ranges_count_utf16_units_after_accents_and_an_emoji() {
    let text = r#"Scenario(
    id: "café", title: (en: "Café", nl: "Café"), summary: (en: "s", nl: "s"),
    player: "zoë",
    parties: [Party(id: "zoë", name: (en: "Zoë", nl: "Zoë"))],
    nodes: [
        Node(id: "één", text: (en: "Déjà vu 🙂 — “hé”", nl: "Déjà vu 🙂 — “hé”"), speaker: "zoe", then: End),
    ],
    outcomes: [Outcome(id: "fin", title: (en: "Fin", nl: "Einde"), epilogue: (en: "e", nl: "e"), tone: Bright)],
)
"#;
    let mut c = Client::start();
    c.initialize();
    let uri = "file:///tmp/caf%C3%A9.ron";
    c.open(uri, text);
    let diags = c.diagnostics(uri, |d| d.iter().any(|d| d["code"] == "E0110"));
    let d = diags.iter().find(|d| d["code"] == "E0110").unwrap();
    let start = text.find("\"zoe\"").unwrap();
    let line_start = text[..start].rfind('\n').unwrap() + 1;
    let before = &text[line_start..start];
    let expected = (pos(text, start), pos(text, start + 5));
    assert_eq!(range(&d["range"]), expected);
    // Not characters, not bytes.
    assert_ne!(expected.0.1 as usize, before.chars().count());
    assert_ne!(expected.0.1 as usize, before.len());
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `zoë`?")
    );

    // The quick fix replaces the id with the suggestion, at the same UTF-16 place.
    let actions = c.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["title"], "Replace `zoe` with `zoë`");
    let edits = fix["edit"]["changes"][uri].as_array().unwrap();
    let fixed = apply(text, edits);
    assert!(fixed.contains("speaker: \"zoë\""), "{fixed}");

    // Hover, definition and completion on that line land in the right place too.
    let def = c.at(
        "textDocument/definition",
        uri,
        pos_in(text, "speaker: \"zoe", 11),
    );
    assert_eq!(def, Value::Null, "zoe is defined nowhere");
    let after_emoji = text.find("then: End").unwrap();
    let h = c.at("textDocument/hover", uri, pos(text, after_emoji));
    assert_eq!(h, Value::Null, "nothing to say about `then`");
    assert!(c.finish().success());
}

#[test]
fn completion_offers_ids_where_they_go_and_effects_as_snippets() {
    let text = quote_dispute();
    let mut c = Client::start();
    c.initialize();
    c.open(URI, &text);
    c.diagnostics(URI, |_| true);
    let parties = ["bernard", "jort", "harry", "erik", "hofstra", "bothof"];

    // Inside `to: "` (the cursor right after the quote): every party.
    let at = pos_in(&text, "to: \"harry\"", 5);
    let got = c.at("textDocument/completion", URI, at);
    assert_eq!(labels(&got), parties);
    // The edit replaces the whole id, quotes left alone.
    let item = &got.as_array().unwrap()[0];
    let (s, e) = range(&item["textEdit"]["range"]);
    assert_eq!(s, at);
    assert_eq!(e, (at.0, at.1 + "harry".len() as u32));

    // Other party fields: who, toward, speaker, by, of.
    for needle in ["who: \"", "toward: \"", "speaker: \"", "by: \"", "of: \""] {
        let got = c.at(
            "textDocument/completion",
            URI,
            pos_in(&text, needle, needle.len()),
        );
        assert_eq!(labels(&got), parties, "after {needle}");
    }
    // Node ids after `next: "` and `Goto("`; outcomes after `expect: "`; flags in `Flag("`.
    let got = labels(&c.at("textDocument/completion", URI, pos_in(&text, "next: \"", 7)));
    assert!(got.contains(&"reading_together".to_string()) && got.contains(&"evening".to_string()));
    assert!(!got.contains(&"bernard".to_string()));
    let got = labels(&c.at("textDocument/completion", URI, pos_in(&text, "Goto(\"", 6)));
    assert!(got.contains(&"jort_at_door".to_string()), "{got:?}");
    let got = labels(&c.at(
        "textDocument/completion",
        URI,
        pos_in(&text, "expect: \"", 9),
    ));
    assert!(got.contains(&"won_together".to_string()) && got.contains(&"won_unseen".to_string()));
    let got = labels(&c.at("textDocument/completion", URI, pos_in(&text, "Flag(\"", 6)));
    assert!(got.contains(&"read_quote".to_string()) && got.contains(&"contract_won".to_string()));

    // In a list of effects: the effect kinds, with their fields as snippets.
    let at = pos_in(&text, "effects: [", 10);
    let got = c.at("textDocument/completion", URI, at);
    let give = got
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "Give")
        .expect("Give");
    assert_eq!(
        give["textEdit"]["newText"],
        r#"Give(from: "$1", to: "$2", layer: Deal, amount: $3)"#
    );
    assert_eq!(give["insertTextFormat"], 2);
    let got = labels(&got);
    for kind in [
        "Take",
        "Acknowledge",
        "Deflect",
        "ClaimCredit",
        "Tell",
        "Feel",
        "Set",
        "Clear",
    ] {
        assert!(got.contains(&kind.to_string()), "{kind} in {got:?}");
    }
    // After `when: ` the condition kinds.
    let got = labels(&c.at("textDocument/completion", URI, pos_in(&text, "when: ", 6)));
    for kind in ["AtLeast", "Below", "Knows", "Flag", "All", "Not"] {
        assert!(got.contains(&kind.to_string()), "{kind} in {got:?}");
    }

    // While the document does not parse (cut in the middle), ids are still offered.
    let cut = text.find("Feel(").unwrap();
    let broken = format!("{}Feel(who: \"", &text[..cut]);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": broken}]}),
    );
    let diags = c.diagnostics(URI, |d| d.iter().any(|d| d["code"] == "E0001"));
    assert!(!diags.is_empty());
    let end = pos(&broken, broken.len());
    assert_eq!(labels(&c.at("textDocument/completion", URI, end)), parties);
    assert!(c.finish().success());
}

#[test]
fn definition_references_and_rename_cover_every_place() {
    let text = quote_dispute();
    let mut c = Client::start();
    c.initialize();
    c.open(URI, &text);

    // On a `next:` id: the node's id.
    let def = c.at(
        "textDocument/definition",
        URI,
        pos_in(&text, "next: \"reading_together\"", 10),
    );
    let id = text.find("id: \"reading_together\"").unwrap() + 5;
    assert_eq!(def["uri"], URI);
    assert_eq!(
        range(&def["range"]),
        (pos(&text, id), pos(&text, id + "reading_together".len()))
    );
    // A party from an effect, an outcome from a test, a flag from a condition.
    let def = c.at(
        "textDocument/definition",
        URI,
        pos_in(&text, "of: \"jort\"", 6),
    );
    let id = text.find("id: \"jort\"").unwrap() + 5;
    assert_eq!(range(&def["range"]).0, pos(&text, id));
    let def = c.at(
        "textDocument/definition",
        URI,
        pos_in(&text, "expect: \"won_unseen\"", 10),
    );
    let id = text.find("id: \"won_unseen\"").unwrap() + 5;
    assert_eq!(range(&def["range"]).0, pos(&text, id));
    let def = c.at(
        "textDocument/definition",
        URI,
        pos_in(&text, "Flag(\"read_quote\")", 7),
    );
    let set = text.find("Set(\"read_quote\")").unwrap() + 5;
    let defs = if def.is_array() {
        def.as_array().unwrap().clone()
    } else {
        vec![def]
    };
    assert!(
        defs.iter().any(|d| range(&d["range"]).0 == pos(&text, set)),
        "{defs:?}"
    );

    // References: every `"jort"` in the file is the party.
    let refs = c.call(
        "textDocument/references",
        json!({"textDocument": {"uri": URI}, "position": pos_json(pos_in(&text, "id: \"jort\"", 6)),
               "context": {"includeDeclaration": true}}),
    );
    assert_eq!(
        refs.as_array().unwrap().len(),
        text.matches("\"jort\"").count()
    );

    // Rename a node and a party: every place, and the file still checks clean.
    for (needle, old, new) in [
        (
            "next: \"reading_together\"",
            "reading_together",
            "reading_as_one",
        ),
        ("who: \"jort\"", "jort", "jorrit"),
    ] {
        let prep = c.at(
            "textDocument/prepareRename",
            URI,
            pos_in(&text, needle, needle.len() - 2),
        );
        assert_eq!(prep["placeholder"], old);
        let edit = c.call(
            "textDocument/rename",
            json!({"textDocument": {"uri": URI}, "position": pos_json(pos_in(&text, needle, needle.len() - 2)),
                   "newName": new}),
        );
        let edits = edit["changes"][URI].as_array().unwrap();
        assert_eq!(
            edits.len(),
            text.matches(&format!("\"{old}\"")).count(),
            "{old}"
        );
        let renamed = apply(&text, edits);
        assert_eq!(renamed.matches(&format!("\"{old}\"")).count(), 0);
        let checked = story::check_str(&renamed);
        assert!(checked.story.is_some(), "{:?}", checked.diagnostics);
    }
    // Renaming onto another id of the same kind, or to a name with a space, is refused.
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": pos_json(pos_in(&text, "who: \"jort\"", 7)),
               "newName": "erik"}),
    );
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("already a party id"),
        "{r}"
    );
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": pos_json(pos_in(&text, "who: \"jort\"", 7)),
               "newName": "jort junior"}),
    );
    assert!(r.get("error").is_some(), "{r}");
    assert!(c.finish().success());
}

#[test]
fn hover_says_what_an_effect_does_to_the_ledger() {
    let text = quote_dispute();
    let mut c = Client::start();
    c.initialize();
    c.open(URI, &text);
    c.diagnostics(URI, |_| true);
    // The example of the issue: `Acknowledge(by: "bernard", of: "erik", amount: 2)`.
    let h = c.at(
        "textDocument/hover",
        URI,
        pos_in(
            &text,
            "Acknowledge(by: \"bernard\", of: \"erik\", amount: 2)",
            3,
        ),
    );
    let words = hover_text(&h);
    assert!(
        words.contains(
            "shrinks the deficit Erik feels toward Bernard by 2 plus 25% of the deficit itself"
        ),
        "{words}"
    );
    assert!(
        words.contains("`ack_scale` rule, ack_scale = 0.25"),
        "{words}"
    );
    assert!(words.contains("gift of 2 on being seen"), "{words}");
    // Bernard acts for Hofstra Climate: the calling card.
    assert!(words.contains("Hofstra Climate (weight 0.9)"), "{words}");
    assert!(words.contains("**CallingCard**"), "{words}");

    // A condition: what it reads, and the values it takes where it is evaluated.
    let h = c.at(
        "textDocument/hover",
        URI,
        pos_in(
            &text,
            "Below(Felt(who: \"erik\", toward: \"bernard\"), 6)",
            2,
        ),
    );
    let words = hover_text(&h);
    assert!(
        words.contains("reads the deficit Erik feels toward Bernard"),
        "{words}"
    );
    assert!(words.contains("Holds when it is below 6"), "{words}");
    assert!(words.contains("random playthroughs"), "{words}");
    // In a test's ledger: the exact value at the end of that test.
    let in_test = text
        .find("AtLeast(Credit(holder: \"bernard\", with: \"erik\", layer: Deal), 4)")
        .unwrap();
    let words = hover_text(&c.at("textDocument/hover", URI, pos(&text, in_test + 1)));
    assert!(
        words.contains("At the end of this test's playthrough the value is"),
        "{words}"
    );

    // An outcome: how likely, from the analysis.
    let words = hover_text(&c.at(
        "textDocument/hover",
        URI,
        pos_in(&text, "id: \"won_together\"", 6),
    ));
    assert!(words.contains("Signed, and said so"), "{words}");
    assert!(words.contains("reaches it with probability"), "{words}");
    assert!(words.contains("--choices"), "{words}");
    assert!(c.finish().success());
}

/// Every effect kind of docs/authoring.md's "Effects" section, in words with its rule.
#[test]
fn hover_words_for_every_effect_kind() {
    let text = r#"Scenario(
    id: "fx", title: (en: "Fx", nl: "Fx"), summary: (en: "s", nl: "s"),
    player: "ann",
    rules: (ack_scale: 0.5, escalation: 2.0, loyalty_full: 10),
    parties: [
        Party(id: "ann", name: (en: "Ann", nl: "Ann")),
        Party(id: "bob", name: (en: "Bob", nl: "Bob"), succeeds: "cas"),
        Party(id: "cas", name: (en: "Cas", nl: "Cas")),
        Party(id: "shop", name: (en: "The Shop", nl: "De winkel"), kind: Organisation, members: [(party: "ann", weight: 0.5)]),
    ],
    gifts: [(kind: "cake", name: (en: "cake", nl: "taart"))],
    valuations: [(party: "bob", kind: "cake", worth: 1.5)],
    history: [
        Give(from: "ann", to: "bob", layer: Deal, amount: 4, kind: "cake"),
        Take(by: "bob", from: "ann", layer: Seen, amount: 3),
        Acknowledge(by: "bob", of: "ann", amount: 2),
        Deflect(by: "bob", toward: "ann", amount: 3),
        ClaimCredit(claimant: "ann", with: "bob"),
        Tell(who: "bob", holder: "ann", with: "cas"),
        Feel(who: "ann", toward: "bob", amount: -2),
        Set("met"),
        Clear("met"),
    ],
    nodes: [Node(id: "n", text: (en: "n", nl: "n"), then: End)],
    outcomes: [Outcome(id: "o", title: (en: "O", nl: "O"), epilogue: (en: "e", nl: "e"), tone: Bright)],
)
"#;
    let mut c = Client::start();
    c.initialize();
    let uri = "file:///tmp/fx.ron";
    c.open(uri, text);
    let expect: &[(&str, &[&str])] = &[
        (
            "Give(",
            &[
                "Ann gives Bob 4 on the deal",
                "valuation of `cake` (1.5) = 6",
                "**Valuation**",
                "The Shop (weight 0.5)",
                "4 × 0.5 = 2",
            ],
        ),
        (
            "Take(",
            &[
                "Bob takes 3 from Ann on being seen",
                "Ann is now in credit with Bob by 3",
                "**Take**",
            ],
        ),
        (
            "Acknowledge(",
            &[
                "shrinks the deficit Ann feels toward Bob by 2 plus 50%",
                "ack_scale = 0.5",
                "gift of 2 on being seen",
            ],
        ),
        (
            "Deflect(",
            &[
                "deficit Ann feels toward Bob grows by 3",
                "3 × 2 = 6",
                "**Escalation**",
                "Ann gives Bob 3 on being seen",
            ],
        ),
        (
            "ClaimCredit(",
            &[
                "Ann calls on his credits with Cas, whose place Bob took",
                "÷ 10",
                "**Succession**",
                "**Loyalty**",
                "Bob gives Ann 3 on being seen",
                "**ClaimRefused**",
            ],
        ),
        (
            "Tell(",
            &[
                "Bob now knows of the credits Ann built up with Cas",
                "Knows(who: \"bob\"",
            ],
        ),
        ("Feel(", &["the deficit Ann feels toward Bob eases by 2"]),
        ("Set(", &["sets the story flag `met`"]),
        ("Clear(", &["clears the story flag `met`"]),
    ];
    for (needle, phrases) in expect {
        let words = hover_text(&c.at("textDocument/hover", uri, pos_in(text, needle, 1)));
        for p in *phrases {
            assert!(words.contains(p), "{needle}: `{p}` not in:\n{words}");
        }
    }
    assert!(c.finish().success());
}

#[test]
fn outline_lists_nodes_and_outcomes() {
    let text = quote_dispute();
    let mut c = Client::start();
    c.initialize();
    c.open(URI, &text);
    let symbols = c.call(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    for n in [
        "evening",
        "jort_at_door",
        "reading_together",
        "won_together",
        "won_unseen",
        "bernard",
    ] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
    let door = symbols
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "jort_at_door")
        .unwrap();
    assert_eq!(door["kind"], 12, "a node is a function in the outline");
    assert!(
        door["children"].as_array().unwrap().len() >= 2,
        "its choices"
    );
    let at = text.find("id: \"jort_at_door\"").unwrap() + 5;
    assert_eq!(range(&door["selectionRange"]).0, pos(&text, at));
    assert!(c.finish().success());
}

/// The value analysis runs in the background: while it works on one version, the next
/// version's structural diagnostics arrive at once, and requests are answered.
#[test]
fn structural_diagnostics_do_not_wait_for_the_value_analysis() {
    let text = std::fs::read_to_string(format!(
        "{}/scenarios/oral_surgeon.ron",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut c = Client::start();
    c.initialize();
    let uri = "file:///tmp/oral_surgeon.ron";
    c.open(uri, &text);
    c.wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 1);
    // The value analysis of this file (200,000 states) takes seconds, many in a debug
    // build; it starts 600 ms after the last change.
    std::thread::sleep(Duration::from_millis(900));
    let broken = text.replacen("speaker: \"", "speaker: \"x", 1);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": broken}]}),
    );
    let started = Instant::now();
    let m = c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 2
    });
    assert!(
        m["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "E0110"),
        "{m}"
    );
    let h = c.at("textDocument/hover", uri, pos_in(&broken, "Party(", 1));
    let _ = h;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(c.finish().success());
}

/// `check_values`' diagnostics (E0164: an outcome the values never allow) are published
/// too, at the outcome's id.
#[test]
fn value_analysis_diagnostics_are_published() {
    let text = r#"Scenario(
    id: "v", title: (en: "V", nl: "V"), summary: (en: "s", nl: "s"), player: "a",
    parties: [Party(id: "a", name: (en: "A", nl: "A")), Party(id: "b", name: (en: "B", nl: "B"))],
    nodes: [Node(id: "n", text: (en: "n", nl: "n"), effects: [Give(from: "a", to: "b", layer: Deal, amount: 1)], then: End)],
    outcomes: [
        Outcome(id: "never", title: (en: "N", nl: "N"), epilogue: (en: "e", nl: "e"), tone: Bright,
                when: AtLeast(Felt(who: "a", toward: "b"), 100)),
        Outcome(id: "always", title: (en: "A", nl: "A"), epilogue: (en: "e", nl: "e"), tone: Dark),
    ],
)
"#;
    let mut c = Client::start();
    c.initialize();
    let uri = "file:///tmp/values.ron";
    c.open(uri, text);
    let diags = c.diagnostics(uri, |d| d.iter().any(|d| d["code"] == "E0164"));
    let d = diags.iter().find(|d| d["code"] == "E0164").unwrap();
    let at = text.find("\"never\"").unwrap();
    assert_eq!(range(&d["range"]), (pos(text, at), pos(text, at + 7)));
    // The structural warnings are still there beside it.
    assert!(diags.iter().any(|d| d["code"] == "W0204"), "{diags:?}");
    assert!(c.finish().success());
}

/// `scenarios/school.ron` is written in the short forms (`Say`, `Narrate`, `Pick`): the
/// editor treats them as the nodes and choices they stand for.
#[test]
fn short_forms_work_as_nodes_and_choices() {
    let text = std::fs::read_to_string(format!(
        "{}/scenarios/school.ron",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    assert!(text.contains("Say(") && text.contains("Narrate(") && text.contains("Pick("));
    const SCHOOL: &str = "file:///work/scenarios/school.ron";
    let mut c = Client::start();
    c.initialize();
    c.open(SCHOOL, &text);
    let diags = c.diagnostics(SCHOOL, |_| true);
    assert!(diags.iter().all(|d| d["severity"] != 1), "{diags:?}");

    // A `Pick`'s `next` leads to the `Say` that defines the node.
    let def = c.at(
        "textDocument/definition",
        SCHOOL,
        pos_in(&text, "next: \"milan_wish\"", 10),
    );
    let id = text.find("Say(id: \"milan_wish\"").unwrap() + "Say(id: \"".len();
    assert_eq!(
        range(&def["range"]),
        (pos(&text, id), pos(&text, id + "milan_wish".len()))
    );

    // A `Say`'s `who` is a party: completion offers the parties, and references find all.
    let parties = ["esther", "milan", "frank", "karin", "school"];
    let got = labels(&c.at(
        "textDocument/completion",
        SCHOOL,
        pos_in(&text, "who: \"", 6),
    ));
    assert_eq!(got, parties);
    let got = labels(&c.at(
        "textDocument/completion",
        SCHOOL,
        pos_in(&text, "next: \"", 7),
    ));
    assert!(got.contains(&"milan_wish".to_string()) && got.contains(&"monday".to_string()));
    let refs = c.call(
        "textDocument/references",
        json!({"textDocument": {"uri": SCHOOL}, "position": pos_json(pos_in(&text, "who: \"milan\"", 7)),
               "context": {"includeDeclaration": true}}),
    );
    assert_eq!(
        refs.as_array().unwrap().len(),
        text.matches("\"milan\"").count()
    );

    // Rename a node defined by a `Say` and a party named in `who`: every place, still clean.
    for (needle, old, new) in [
        ("next: \"milan_wish\"", "milan_wish", "milan_hopes"),
        ("who: \"milan\"", "milan", "milo"),
    ] {
        let at = pos_in(&text, needle, needle.len() - 2);
        let edit = c.call(
            "textDocument/rename",
            json!({"textDocument": {"uri": SCHOOL}, "position": pos_json(at), "newName": new}),
        );
        let edits = edit["changes"][SCHOOL].as_array().unwrap();
        assert_eq!(
            edits.len(),
            text.matches(&format!("\"{old}\"")).count(),
            "{old}"
        );
        let renamed = apply(&text, edits);
        let checked = story::check_str(&renamed);
        assert!(checked.story.is_some(), "{:?}", checked.diagnostics);
    }

    // Hover on a node id: who speaks and what; the outline: speakers and the `Pick`s.
    let h = hover_text(&c.at(
        "textDocument/hover",
        SCHOOL,
        pos_in(&text, "next: \"milan_wish\"", 10),
    ));
    assert!(
        h.contains("Milan speaks") && h.contains("Sem's going"),
        "{h}"
    );
    let symbols = c.call(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": SCHOOL}}),
    );
    let stomach = symbols
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "milan_stomach")
        .expect("the node in the outline");
    assert_eq!(stomach["detail"], "milan speaks");
    let children = stomach["children"].as_array().unwrap();
    assert_eq!(children.len(), 3, "its three choices");
    assert!(
        children[0]["name"]
            .as_str()
            .unwrap()
            .starts_with("Crouch down"),
        "{children:?}"
    );
    assert_eq!(children[0]["detail"], "→ milan_whispers");
    assert!(c.finish().success());
}

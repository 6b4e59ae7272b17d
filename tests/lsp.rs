//! `give-and-take lsp` driven over stdio as an editor drives it: Content-Length framed
//! JSON-RPC to the real binary, on `scenarios/quote_dispute.ron` and small inline
//! documents.

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// How long a test waits for one answer (a debug build, on a busy machine).
const WAIT: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    from_server: Receiver<Value>,
    /// Messages read while waiting for something else.
    backlog: VecDeque<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_give-and-take"))
            .args(["lsp", "--stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start give-and-take lsp");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = Some(v.parse::<usize>().expect("a length"));
                    }
                }
                let mut body = vec![0; len.expect("a Content-Length header")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&body).expect("the server writes JSON");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            from_server: rx,
            backlog: VecDeque::new(),
            next_id: 1,
        }
    }

    fn raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, v: &Value) {
        let body = v.to_string();
        self.raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// The result of a request that must succeed.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    /// The next message that satisfies `pred` (others are kept for later).
    fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i).unwrap();
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.from_server.recv_timeout(left) {
                Ok(m) if pred(&m) => return m,
                Ok(m) => self.backlog.push_back(m),
                Err(RecvTimeoutError::Timeout) => panic!(
                    "no such message within {WAIT:?}; got meanwhile: {:#?}",
                    self.backlog
                ),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server closed its output; got: {:#?}", self.backlog)
                }
            }
        }
    }

    /// The diagnostics published for `uri` that satisfy `pred`.
    fn diagnostics(&mut self, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let m = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && pred(m["params"]["diagnostics"].as_array().map_or(&[], |v| v))
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn initialize(&mut self) -> Value {
        let r = self.call(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": {
                    "textDocument": {"completion": {"completionItem": {"snippetSupport": true}}}
                }
            }),
        );
        self.notify("initialized", json!({}));
        r
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "ron", "version": 1, "text": text}}),
        );
    }

    fn at(&mut self, method: &str, uri: &str, pos: (u32, u32)) -> Value {
        self.call(
            method,
            json!({"textDocument": {"uri": uri}, "position": {"line": pos.0, "character": pos.1}}),
        )
    }

    /// Shutdown, exit, and the exit status.
    fn finish(mut self) -> ExitStatus {
        let r = self.call("shutdown", Value::Null);
        assert_eq!(r, Value::Null);
        self.notify("exit", Value::Null);
        self.wait()
    }

    fn wait(mut self) -> ExitStatus {
        drop(self.stdin.take());
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn quote_dispute() -> String {
    std::fs::read_to_string(format!(
        "{}/scenarios/quote_dispute.ron",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

const URI: &str = "file:///work/scenarios/quote_dispute.ron";

/// The LSP position (UTF-16) of a byte offset, counted here independently of the server.
fn pos(text: &str, byte: usize) -> (u32, u32) {
    let line = text[..byte].matches('\n').count();
    let start = text[..byte].rfind('\n').map_or(0, |i| i + 1);
    (line as u32, text[start..byte].encode_utf16().count() as u32)
}

/// The position `after` bytes into the `n`-th occurrence of `needle`.
fn pos_in(text: &str, needle: &str, after: usize) -> (u32, u32) {
    pos(text, text.find(needle).expect("needle in text") + after)
}

fn range(v: &Value) -> ((u32, u32), (u32, u32)) {
    let p = |p: &Value| {
        (
            p["line"].as_u64().unwrap() as u32,
            p["character"].as_u64().unwrap() as u32,
        )
    };
    (p(&v["start"]), p(&v["end"]))
}

/// The byte offset of an LSP position (UTF-16), for applying edits here.
fn offset(text: &str, (line, character): (u32, u32)) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line as usize)
        .map(str::len)
        .sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character as usize || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Applies a document's text edits (sorted from the end so offsets stay valid).
fn apply(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let (s, t) = range(&e["range"]);
            (
                offset(text, s),
                offset(text, t),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, new) in spans {
        out.replace_range(s..e, &new);
    }
    out
}

fn labels(completion: &Value) -> Vec<String> {
    let items = completion
        .get("items")
        .unwrap_or(completion)
        .as_array()
        .expect("completion items");
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

fn hover_text(h: &Value) -> String {
    h["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

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

fn pos_json((line, character): (u32, u32)) -> Value {
    json!({"line": line, "character": character})
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

/// The protocol's edges: exit without shutdown is 1, requests before `initialize` are
/// refused, unknown methods and bad parameters get errors.
#[test]
fn the_protocol_edges_get_errors_not_crashes() {
    let mut c = Client::start();
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002);
    c.initialize();
    let r = c.request("initialize", json!({"capabilities": {}}));
    assert_eq!(r["error"]["code"], -32600);
    let r = c.request("workspace/frobnicate", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    let r = c.request("textDocument/hover", json!({"textDocument": 3}));
    assert_eq!(r["error"]["code"], -32602);
    // A document nobody opened: nothing to say.
    let nowhere = "file:///nowhere.ron";
    for m in [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/completion",
    ] {
        assert_eq!(c.at(m, nowhere, (0, 0)), Value::Null, "{m}");
    }
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": nowhere}, "position": pos_json((0, 0)), "newName": "x"}),
    );
    assert!(r.get("error").is_some());
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": nowhere, "version": 3}, "contentChanges": [{"text": "x"}]}),
    );
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": nowhere}}),
    );
    // Notifications it does not know are ignored; it still answers.
    c.notify("$/cancelRequest", json!({"id": 1}));
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    assert_eq!(c.at("textDocument/hover", nowhere, (0, 0)), Value::Null);
    // After shutdown, requests are refused, and exit is 0.
    assert_eq!(c.call("shutdown", Value::Null), Value::Null);
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32600);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait().code(), Some(0));

    // Exit without shutdown: 1; end of input without either: 1.
    let mut c = Client::start();
    c.initialize();
    c.notify("exit", Value::Null);
    assert_eq!(c.wait().code(), Some(1));
    let mut c = Client::start();
    c.initialize();
    assert_eq!(c.wait().code(), Some(1));
}

#[test]
fn malformed_messages_and_documents_never_crash_it() {
    let mut c = Client::start();
    c.initialize();
    // Frames that are not JSON, headers that are not headers, JSON that is not JSON-RPC.
    let framed = |body: &[u8]| {
        let mut f = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        f.extend_from_slice(body);
        f
    };
    c.raw(&framed(b"{not json"));
    let e = c.wait_for(|m| m.get("error").is_some());
    assert_eq!(e["error"]["code"], -32700);
    assert_eq!(e["id"], Value::Null);
    c.raw(b"Content-Length: twelve\r\n\r\n");
    c.raw(b"what is this\r\n\r\n");
    c.raw(&framed(b"[1,2,3]"));
    c.raw(&framed(br#"{"jsonrpc":"2.0","id":5,"foo":1}"#));
    c.raw(&framed(b"\xff\xfe\xfd\xfc"));
    c.raw(&framed(b""));
    c.raw(b"\r\n\r\n");
    c.send(
        &json!({"jsonrpc": "2.0", "id": 6, "method": "textDocument/hover", "params": "nonsense"}),
    );
    let r = c.wait_for(|m| m["id"] == 6);
    assert_eq!(r["error"]["code"], -32602);
    let r = c.wait_for(|m| m["id"] == 5);
    assert_eq!(r["error"]["code"], -32600);

    // Documents that are garbage, binary-ish, deeply nested, cut anywhere, or huge.
    let text = quote_dispute();
    let mut garbage: Vec<String> = vec![
        String::new(),
        "\u{0}\u{1}\u{7f}\u{fffd}🙂\r\r\n\"".into(),
        "{\"json\": true}".into(),
        "(".repeat(100_000),
        "Scenario(".repeat(5000),
        "\"".repeat(10_001),
        "r#\"".into(),
        "/* never closed".into(),
    ];
    let mut cut = 0;
    while cut < text.len() {
        cut = (cut + 997).min(text.len());
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        garbage.push(text[..cut].to_string());
    }
    for (n, g) in garbage.iter().enumerate() {
        let uri = format!("file:///tmp/garbage{n}.ron");
        c.open(&uri, g);
        let end = pos(g, g.len());
        for p in [
            (0, 0),
            end,
            (end.0, end.1.saturating_sub(3)),
            (end.0 + 5, 999),
            (u32::MAX, u32::MAX),
        ] {
            for m in [
                "textDocument/hover",
                "textDocument/completion",
                "textDocument/definition",
                "textDocument/prepareRename",
            ] {
                let r = c.request(
                    m,
                    json!({"textDocument": {"uri": uri}, "position": pos_json(p)}),
                );
                assert!(r.get("error").is_none(), "{m} at {p:?} of garbage {n}: {r}");
            }
        }
        c.call(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        );
        // An edit with a range past the end is clamped, not a crash.
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
                {"range": {"start": pos_json((9999, 0)), "end": pos_json((0, 0))}, "text": "é"}]}),
        );
        c.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }

    // A huge document (over the 32 MB limit of the checks): one diagnostic says so.
    let huge = format!("Scenario(id: \"{}\")", "x".repeat(33 << 20));
    c.open("file:///tmp/huge.ron", &huge);
    let d = c.diagnostics("file:///tmp/huge.ron", |d| !d.is_empty());
    assert!(
        d[0]["message"].as_str().unwrap().contains("too large"),
        "{d:?}"
    );
    let r = c.at("textDocument/completion", "file:///tmp/huge.ron", (0, 20));
    assert_eq!(r, Value::Null);

    // And through all of it, the server kept its wits.
    c.open(URI, &text);
    let def = c.at(
        "textDocument/definition",
        URI,
        pos_in(&text, "next: \"reading_together\"", 10),
    );
    assert!(def["range"].is_object(), "{def}");

    // With a story from a good version, a condition nested beyond any sense in the new
    // text: hovers stay within their depth (no stack overflow).
    c.diagnostics(URI, |_| true);
    let deep = text.replacen(
        "when: Flag(\"contract_won\"),\n",
        &format!(
            "when: {}Flag(\"contract_won\"){},\n",
            "Not(".repeat(60_000),
            ")".repeat(60_000)
        ),
        1,
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": deep}]}),
    );
    let outer = deep.find("Not(Not(").unwrap();
    for at in [
        outer + 1,
        outer + 4 * 30_000 + 1,
        deep.find("Flag(\"contract_won\")))").unwrap() + 1,
    ] {
        let h = c.at("textDocument/hover", URI, pos(&deep, at));
        assert!(h["contents"]["value"].is_string(), "{h}");
    }
    let h = c.at(
        "textDocument/hover",
        URI,
        pos_in(&deep, "id: \"won_unseen\"", 6),
    );
    assert!(hover_text(&h).contains("when: `Not(Not("), "{h}");
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

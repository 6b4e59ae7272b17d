//! The server never crashes: protocol edge cases get errors, malformed messages and
//! documents are survived.

use super::client::*;
use serde_json::{Value, json};

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

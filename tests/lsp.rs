//! The language server, driven over stdio by a real JSON-RPC client, as an editor would.

mod lsp_support;

use std::time::Duration;

use lsp_support::{Client, file_uri, pull_capabilities, push_capabilities};
use serde_json::{Value, json};

struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new(files: &[(&str, &str)]) -> Workspace {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Workspace { dir }
    }

    fn uri(&self, path: &str) -> String {
        let full = self.dir.path().join(path);
        if full.exists() {
            file_uri(&full)
        } else {
            format!("{}/{path}", file_uri(self.dir.path()))
        }
    }

    fn start(&self, capabilities: Value, options: Value) -> Client {
        let mut client = Client::spawn(self.dir.path(), &[]);
        client.initialize(self.dir.path(), capabilities, options);
        client
    }
}

fn range(line: u32, start: u32, end: u32) -> Value {
    json!({"start": {"line": line, "character": start}, "end": {"line": line, "character": end}})
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}@{}:{}",
                d["code"].as_str().unwrap(),
                d["range"]["start"]["line"],
                d["range"]["start"]["character"]
            )
        })
        .collect()
}

#[test]
fn shutdown_then_exit_ends_the_process_with_stdin_open() {
    let ws = Workspace::new(&[]);
    let mut client = ws.start(push_capabilities(&[]), Value::Null);
    let status = client.shutdown_and_exit();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn exit_without_shutdown_is_status_one() {
    let ws = Workspace::new(&[]);
    let mut client = ws.start(push_capabilities(&[]), Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit().code(), Some(1));
}

#[test]
fn lsp_subcommand_accepts_stdio_flag() {
    let ws = Workspace::new(&[]);
    let mut client = Client::spawn(ws.dir.path(), &["lsp", "--stdio"]);
    let result = client.initialize(ws.dir.path(), push_capabilities(&[]), Value::Null);
    assert_eq!(result["serverInfo"]["name"], "glossary-ls");
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn pushed_diagnostics_follow_edits_with_their_version() {
    let ws = Workspace::new(&[("spec.md", "")]);
    let mut client = ws.start(push_capabilities(&[]), Value::Null);
    let uri = ws.uri("spec.md");
    client.open(&uri, "markdown", "# Spec\n\nThe DLQ holds events.\n");
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(codes(&diagnostics), vec!["undefined-acronym@2:4"]);
    let d = &diagnostics[0];
    assert_eq!(d["source"], "glossary-ls");
    assert_eq!(d["severity"], 2);
    assert_eq!(d["range"], range(2, 4, 7));

    // Define it inline: the warning goes away in version 2.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": range(2, 4, 7), "text": "dead-letter queue (DLQ)"}]}),
    );
    assert_eq!(codes(&client.diagnostics(&uri, 2)), Vec::<String>::new());

    // Closing clears the document's diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let cleared = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri)
    });
    assert_eq!(cleared["diagnostics"], json!([]));
}

#[test]
fn utf8_and_utf16_clients_get_their_own_columns() {
    let text = "# Spec\r\n\r\n😀 中文 the QQX here\r\nsecond 😀 ZZQ\r\n";
    for (encodings, expected_kind, qqx, zzq) in [
        (vec!["utf-8", "utf-16"], "utf-8", (2, 16, 19), (3, 12, 15)),
        (vec!["utf-16"], "utf-16", (2, 10, 13), (3, 10, 13)),
        (vec![], "utf-16", (2, 10, 13), (3, 10, 13)),
        (vec!["utf-32"], "utf-32", (2, 9, 12), (3, 9, 12)),
    ] {
        let ws = Workspace::new(&[("spec.md", "")]);
        let mut client = Client::spawn(ws.dir.path(), &[]);
        let result = client.initialize(ws.dir.path(), push_capabilities(&encodings), Value::Null);
        assert_eq!(
            result["capabilities"]["positionEncoding"], expected_kind,
            "{encodings:?}"
        );
        let uri = ws.uri("spec.md");
        client.open(&uri, "markdown", text);
        let diagnostics = client.diagnostics(&uri, 1);
        let ranges: Vec<Value> = diagnostics.iter().map(|d| d["range"].clone()).collect();
        assert_eq!(
            ranges,
            vec![range(qqx.0, qqx.1, qqx.2), range(zzq.0, zzq.1, zzq.2)],
            "{encodings:?}"
        );
        // Hover at the emoji's second UTF-16 unit is clamped, never a crash.
        let hover = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 1}}),
        );
        assert_eq!(hover, Value::Null);
    }
}

#[test]
fn hover_shows_the_glossary_entry() {
    let ws = Workspace::new(&[("spec.md", "")]);
    let mut client = ws.start(pull_capabilities(&["utf-16"]), Value::Null);
    let uri = ws.uri("spec.md");
    client.open(&uri, "markdown", "Our public APIs are stable.\n");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 12}}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(
        value.starts_with("**API** — Application Program Interface"),
        "{value}"
    );
    assert!(value.contains("payment gateway"), "{value}");
    assert_eq!(hover["range"], range(0, 11, 15));
    let nothing = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}}),
    );
    assert_eq!(nothing, Value::Null);
}

#[test]
fn completion_offers_terms_and_first_use_forms() {
    let ws = Workspace::new(&[("spec.md", "")]);
    let mut client = ws.start(push_capabilities(&[]), Value::Null);
    let uri = ws.uri("spec.md");
    client.open(&uri, "markdown", "We expose an Applic");
    let list = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 19}}),
    );
    let items = list["items"].as_array().unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels[0], "Application Program Interface (API)");
    let api = items
        .iter()
        .find(|i| i["label"] == "API")
        .expect("API offered");
    assert_eq!(api["detail"], "Application Program Interface");
    assert!(
        api["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("**API**")
    );
    assert_eq!(api["textEdit"]["range"], range(0, 13, 19));
    assert_eq!(list["isIncomplete"], false);
}

#[test]
fn pull_clients_get_no_pushed_diagnostics_for_documents() {
    let ws = Workspace::new(&[("spec.md", "")]);
    let mut client = ws.start(pull_capabilities(&["utf-16"]), Value::Null);
    let result_caps = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": ws.uri("nope.md")}}),
    );
    assert_eq!(result_caps["items"], json!([]));
    let uri = ws.uri("spec.md");
    client.open(&uri, "markdown", "The DLQ.\n");
    let report = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(report["kind"], "full");
    assert_eq!(
        codes(report["items"].as_array().unwrap()),
        vec!["undefined-acronym@0:4"]
    );
    client.drain(Duration::from_millis(300));
    assert!(
        !client
            .inbox
            .iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == json!(uri)),
        "a pull client was also pushed diagnostics: {:?}",
        client.inbox
    );
}

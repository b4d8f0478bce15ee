//! The server's workspace index, driven over stdio as an editor would: built in the
//! background with `$/progress`, kept current from open buffers and watched files, and the
//! diagnostics that compare documents (`conflicting-definition`, `inconsistent-expansion`).

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
        let ws = Workspace { dir };
        for (path, text) in files {
            ws.write(path, text);
        }
        ws
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn uri(&self, path: &str) -> String {
        format!("{}/{path}", file_uri(self.dir.path()))
    }

    fn start(&self, capabilities: Value) -> Client {
        let mut client = Client::spawn(self.dir.path(), &[]);
        client.initialize(self.dir.path(), capabilities, Value::Null);
        client
    }
}

/// Waits for the end of the indexing progress; returns its message.
fn indexed(client: &mut Client) -> String {
    let created = client.wait_server_request("window/workDoneProgress/create");
    let token = created["token"].clone();
    let begin = client.wait_notification("$/progress", |p| {
        p["token"] == token && p["value"]["kind"] == "begin"
    });
    assert_eq!(begin["value"]["title"], "Indexing the workspace");
    let end = client.wait_notification("$/progress", |p| {
        p["token"] == token && p["value"]["kind"] == "end"
    });
    end["value"]["message"].as_str().unwrap_or("").to_string()
}

#[test]
fn the_index_covers_the_files_check_would_read_and_reports_progress() {
    let ws = Workspace::new(&[
        ("a.md", "The API.\n"),
        ("docs/b.md", "More.\n"),
        ("docs/c.rst", "Text.\n"),
        ("ignored/d.md", "Left out.\n"),
        (".gitignore", "ignored/\n"),
        ("image.png", "not a document"),
        (
            "glossary/glossary.toml",
            "[[entries]]\nterm = \"QQA\"\nexpansion = \"quick question answer\"\n",
        ),
    ]);
    let mut client = ws.start(pull_capabilities(&["utf-16"]));
    assert_eq!(indexed(&mut client), "3 documents indexed");
}

#[test]
fn a_client_without_work_done_progress_is_never_asked_to_create_a_token() {
    let ws = Workspace::new(&[("a.md", "The API.\n")]);
    let mut client = ws.start(push_capabilities(&[]));
    // The server still answers while (and after) it indexes.
    let symbols = client.request("workspace/symbol", json!({"query": "API"}));
    assert!(symbols.is_array() || symbols.is_null(), "{symbols}");
    client.drain(Duration::from_millis(500));
    assert!(
        !client
            .server_requests
            .iter()
            .any(|(m, _)| m == "window/workDoneProgress/create"),
        "{:?}",
        client.server_requests
    );
}

#[test]
fn the_server_answers_while_the_client_has_not_answered_the_progress_request() {
    let ws = Workspace::new(&[("a.md", "The API.\n")]);
    let mut client = Client::spawn(ws.dir.path(), &[]);
    client
        .unanswered
        .push("window/workDoneProgress/create".to_string());
    client.initialize(ws.dir.path(), pull_capabilities(&["utf-16"]), Value::Null);
    client.wait_server_request("window/workDoneProgress/create");
    let uri = ws.uri("a.md");
    client.open(&uri, "markdown", "The API.\n");
    let hover = client.request_within(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 5}}),
        Duration::from_secs(4),
    );
    assert!(
        hover.is_some(),
        "no answer while the progress request waits"
    );
}

/// Waits for diagnostics of `uri` that satisfy `accept`; returns them.
fn diagnostics_where(
    client: &mut Client,
    uri: &str,
    accept: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let params = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri) && accept(p["diagnostics"].as_array().map_or(&[], Vec::as_slice))
    });
    // What came before is out of date: the next wait is for what follows.
    client
        .inbox
        .retain(|m| m["method"] != "textDocument/publishDiagnostics");
    params["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn has(diagnostics: &[Value], code: &str) -> bool {
    diagnostics.iter().any(|d| d["code"] == code)
}

#[test]
fn conflicts_follow_open_buffers_closing_and_watched_files() {
    let ws = Workspace::new(&[
        (
            "a.md",
            "Failed messages go to the dead-letter queue (DLQ).\n",
        ),
        ("b.md", "Nothing yet.\n"),
    ]);
    let mut client = ws.start(push_capabilities(&["utf-16"]));
    let (a, b) = (ws.uri("a.md"), ws.uri("b.md"));
    client.open(
        &b,
        "markdown",
        "We raised the data lake quota (DLQ) today.\n",
    );
    // Once the workspace is indexed, b's definition meets a's on disk.
    let found = diagnostics_where(&mut client, &b, |d| has(d, "conflicting-definition"));
    let conflict = found
        .iter()
        .find(|d| d["code"] == "conflicting-definition")
        .unwrap();
    assert_eq!(conflict["severity"], 3);
    assert_eq!(
        conflict["message"],
        "DLQ is defined here as \"data lake quota\", but as \"dead-letter queue\" in a.md"
    );
    assert_eq!(
        conflict["range"],
        json!({"start": {"line": 0, "character": 14}, "end": {"line": 0, "character": 34}})
    );
    let related = &conflict["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], json!(a));
    assert_eq!(
        related["location"]["range"],
        json!({"start": {"line": 0, "character": 26}, "end": {"line": 0, "character": 48}})
    );
    assert_eq!(related["message"], "defined as \"dead-letter queue\"");

    // a's open buffer, not its file, counts: it now agrees with b.
    client.open(
        &a,
        "markdown",
        "Failed messages go to the dead-letter queue (DLQ).\n",
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 2},
               "contentChanges": [{"text": "We raised the data lake quota (DLQ) too.\n"}]}),
    );
    diagnostics_where(&mut client, &b, |d| !has(d, "conflicting-definition"));
    // Closed, a is its file on disk again.
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": a}}));
    diagnostics_where(&mut client, &b, |d| has(d, "conflicting-definition"));
    // The file changes on disk, and the editor says so.
    ws.write("a.md", "We raised the Data Lake Quotas (DLQ) as well.\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": a, "type": 2}]}),
    );
    diagnostics_where(&mut client, &b, |d| !has(d, "conflicting-definition"));
    // A new file that disagrees, then gone again.
    ws.write("c.md", "Drain the dead-letter queue (DLQ).\n");
    let c = ws.uri("c.md");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": c, "type": 1}]}),
    );
    diagnostics_where(&mut client, &b, |d| has(d, "conflicting-definition"));
    std::fs::remove_file(ws.dir.path().join("c.md")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": c, "type": 3}]}),
    );
    diagnostics_where(&mut client, &b, |d| !has(d, "conflicting-definition"));
}

#[test]
fn pulled_diagnostics_compare_a_document_with_the_glossary() {
    let ws = Workspace::new(&[(
        "glossary/glossary.toml",
        "[[entries]]\nterm = \"SLA\"\nexpansion = \"service-level agreement\"\n",
    )]);
    let mut client = ws.start(pull_capabilities(&["utf-16"]));
    assert_eq!(indexed(&mut client), "0 documents indexed");
    let uri = ws.uri("terms.md");
    client.open(
        &uri,
        "markdown",
        "Our service level assurance (SLA) holds.\n",
    );
    let report = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    let items = report["items"].as_array().unwrap();
    let hint = items
        .iter()
        .find(|d| d["code"] == "inconsistent-expansion")
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(hint["severity"], 4);
    assert_eq!(
        hint["range"],
        json!({"start": {"line": 0, "character": 4}, "end": {"line": 0, "character": 27}})
    );
    let related = &hint["relatedInformation"][0];
    assert!(
        related["location"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("glossary/glossary.toml"),
        "{related}"
    );
    assert_eq!(related["location"]["range"]["start"]["line"], 0);
    assert_eq!(
        related["message"],
        "the glossary expands it as \"service-level agreement\""
    );
    // One click writes the glossary's words.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": hint["range"], "context": {"diagnostics": [hint]}}),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Use the glossary's expansion \"service-level agreement\"")
        .unwrap_or_else(|| panic!("{actions}"));
    assert_eq!(
        fix["edit"]["changes"][&uri][0],
        json!({"range": hint["range"], "newText": "service-level agreement"})
    );
}

#[test]
fn an_undefined_acronym_is_offered_the_expansions_of_the_workspace() {
    let ws = Workspace::new(&[
        (
            "docs/queues.md",
            "Failed messages go to the dead-letter queue (DLQ).\n",
        ),
        ("docs/more.md", "The Dead-Letter Queues (DLQ) fill up.\n"),
        ("docs/lake.md", "We raised the data lake quota (DLQ).\n"),
    ]);
    let mut client = ws.start(pull_capabilities(&["utf-16"]));
    indexed(&mut client);
    let uri = ws.uri("notes.md");
    client.open(&uri, "markdown", "Drain the DLQ daily.\n");
    let report = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    let undefined = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "undefined-acronym")
        .unwrap_or_else(|| panic!("{report}"))
        .clone();
    let message = undefined["message"].as_str().unwrap();
    assert!(
        message.ends_with(
            "; the workspace expands it as \"dead-letter queue\" (in docs/more.md) or \"data lake quota\" (in docs/lake.md)"
        ),
        "{message}"
    );
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": undefined["range"], "context": {"diagnostics": [undefined]}}),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        &titles[..2],
        [
            "Expand as 'dead-letter queue (DLQ)', as in docs/more.md",
            "Expand as 'data lake quota (DLQ)', as in docs/lake.md"
        ],
        "{titles:?}"
    );
    let first = &actions[0];
    assert_eq!(first["isPreferred"], true);
    assert_eq!(
        first["edit"]["changes"][&uri][0]["newText"],
        "dead-letter queue (DLQ)"
    );
}

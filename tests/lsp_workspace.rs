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

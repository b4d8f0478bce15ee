//! The language server under load that must not end, deafen, stall or bloat it: bursts of
//! file-watch notifications, clients that never answer the server's requests, and many
//! documents opened, edited, queried and closed. Driven over stdio as an editor would.

mod lsp_support;

use std::time::{Duration, Instant};

use lsp_support::{Client, file_uri, push_capabilities};
use serde_json::{Value, json};

/// Far more than a reload takes, far less than the old server needed for such a burst.
const DEADLINE: Duration = Duration::from_secs(10);

fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dirs");
        std::fs::write(path, text).expect("write file");
    }
    dir
}

fn uri(dir: &tempfile::TempDir, path: &str) -> String {
    format!("{}/{path}", file_uri(dir.path()))
}

fn glossary(expansion: &str) -> String {
    format!("[[entries]]\nterm = \"ZZT\"\nexpansion = \"{expansion}\"\n")
}

/// A project with a glossary file `terms.toml` defining ZZT, and a document using it.
fn glossary_project() -> tempfile::TempDir {
    workspace(&[
        (
            "glossary-ls.toml",
            "[glossary]\nsources = [\"terms.toml\"]\n",
        ),
        ("terms.toml", &glossary("Zeroth Version")),
        ("spec.md", ""),
    ])
}

/// Rewrites the glossary `count` times, telling the server of each change right away,
/// without reading anything in between (as a client replaying a checkout would).
fn burst_of_glossary_changes(client: &mut Client, dir: &tempfile::TempDir, count: usize) {
    let terms = uri(dir, "terms.toml");
    for i in 1..=count {
        std::fs::write(
            dir.path().join("terms.toml"),
            glossary(&format!("Version {i}")),
        )
        .expect("write glossary");
        client.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": terms, "type": 2}]}),
        );
    }
}

/// Hovers on ZZT until the hover shows `expected` (reloads finish after the burst), and
/// returns how long the first answer took.
fn hover_until(client: &mut Client, doc: &str, expected: &str) -> Duration {
    let asked = Instant::now();
    let mut first = None;
    loop {
        let hover = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": doc}, "position": {"line": 0, "character": 5}}),
        );
        first.get_or_insert(asked.elapsed());
        let value = hover["contents"]["value"].as_str().unwrap_or_default();
        if value.contains(expected) {
            return first.unwrap_or_default();
        }
        assert!(
            asked.elapsed() < lsp_support::TIMEOUT,
            "hover never showed {expected:?}; last: {value:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn with_inlay_refresh(mut caps: Value) -> Value {
    caps["workspace"]["inlayHint"] = json!({"refreshSupport": true});
    caps
}

#[test]
fn a_burst_of_watched_file_changes_does_not_stall_a_client_without_refresh_support() {
    let dir = glossary_project();
    let mut client = Client::spawn(dir.path(), &[]);
    // Like a client that does not know `workspace/inlayHint/refresh`: it never answers it.
    client
        .unanswered
        .push("workspace/inlayHint/refresh".to_string());
    client.initialize(dir.path(), push_capabilities(&["utf-16"]), Value::Null);
    let doc = uri(&dir, "spec.md");
    client.open(&doc, "markdown", "The ZZT ships.\n");
    client.diagnostics(&doc, 1);

    burst_of_glossary_changes(&mut client, &dir, 200);
    let first_answer = hover_until(&mut client, &doc, "Version 200");
    assert!(
        first_answer < DEADLINE,
        "the first answer after the burst took {first_answer:?}"
    );
    client.drain(Duration::from_millis(300));
    let refreshes: Vec<&String> = client
        .server_requests
        .iter()
        .map(|(method, _)| method)
        .filter(|m| m.ends_with("/refresh"))
        .collect();
    assert!(
        refreshes.is_empty(),
        "refresh requests sent to a client that did not declare support: {refreshes:?}"
    );
}

#[test]
fn a_client_that_never_answers_refresh_requests_still_gets_answers() {
    let dir = glossary_project();
    let mut client = Client::spawn(dir.path(), &[]);
    client
        .unanswered
        .push("workspace/inlayHint/refresh".to_string());
    client.initialize(
        dir.path(),
        with_inlay_refresh(push_capabilities(&["utf-16"])),
        Value::Null,
    );
    let doc = uri(&dir, "spec.md");
    client.open(&doc, "markdown", "The ZZT ships.\n");
    client.diagnostics(&doc, 1);

    burst_of_glossary_changes(&mut client, &dir, 200);
    let first_answer = hover_until(&mut client, &doc, "Version 200");
    assert!(
        first_answer < DEADLINE,
        "the first answer after the burst took {first_answer:?}"
    );
}

#[test]
fn a_client_that_declares_inlay_hint_refresh_support_is_asked_to_refresh() {
    let dir = glossary_project();
    let mut client = Client::spawn(dir.path(), &[]);
    client.initialize(
        dir.path(),
        with_inlay_refresh(push_capabilities(&["utf-16"])),
        Value::Null,
    );
    let doc = uri(&dir, "spec.md");
    client.open(&doc, "markdown", "The ZZT ships.\n");
    client.diagnostics(&doc, 1);

    burst_of_glossary_changes(&mut client, &dir, 1);
    client.wait_server_request("workspace/inlayHint/refresh");
    hover_until(&mut client, &doc, "Version 1");
}

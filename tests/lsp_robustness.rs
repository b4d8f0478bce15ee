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

/// A document of about 8 KB with glossary terms, a document definition, undefined acronyms
/// (so code actions have fixes) and text that differs per document and round.
fn busy_document(n: usize, round: usize) -> String {
    let mut text = format!("# Spec {n}\n\n");
    for p in 0..40 {
        text.push_str(&format!(
            "Paragraph {p} of {n}/{round}: our public API and the SLA. A Recovery Point \
             Objective (RPO) and the RPO again. QQX{} and ZZT ships.\n\n",
            (p + n) % 7
        ));
    }
    text
}

fn rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// One round: open 50 documents, edit each, ask every kind of request on each, close all.
fn busy_round(client: &mut Client, dir: &tempfile::TempDir, round: usize) {
    let docs: Vec<String> = (0..50).map(|n| uri(dir, &format!("doc{n}.md"))).collect();
    for (n, doc) in docs.iter().enumerate() {
        client.open(doc, "markdown", &busy_document(n, round));
    }
    for (n, doc) in docs.iter().enumerate() {
        for (version, line) in (2..6).zip([2, 10, 20, 30]) {
            client.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": doc, "version": version},
                       "contentChanges": [{"range": {"start": {"line": line, "character": 0},
                                                     "end": {"line": line, "character": 9}},
                                           "text": format!("Edit {n}.{version} ")}]}),
            );
        }
        let at = |line: u32, character: u32| json!({"textDocument": {"uri": doc}, "position": {"line": line, "character": character}});
        client.request("textDocument/hover", at(4, 29));
        client.request("textDocument/completion", at(4, 3));
        client.request("textDocument/definition", at(4, 29));
        client.request("textDocument/documentHighlight", at(4, 70));
        let mut refs = at(4, 29);
        refs["context"] = json!({"includeDeclaration": true});
        client.request("textDocument/references", refs);
        client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": doc},
                   "range": {"start": {"line": 0, "character": 0}, "end": {"line": 80, "character": 0}},
                   "context": {"diagnostics": []}}),
        );
        client.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": doc}}),
        );
        client.request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": doc},
                   "range": {"start": {"line": 0, "character": 0}, "end": {"line": 80, "character": 0}}}),
        );
    }
    client.request("workspace/symbol", json!({"query": "rp"}));
    for doc in &docs {
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": doc}}),
        );
    }
}

#[test]
fn closing_every_document_leaves_nothing_behind_round_after_round() {
    let files: Vec<(String, String)> = (0..20)
        .map(|n| (format!("disk{n}.md"), busy_document(n, 0)))
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = workspace(&files);
    let mut client =
        Client::spawn_with_env(dir.path(), &[], &[("GLOSSARY_LS_LOG", "glossary_ls=debug")]);
    client.initialize(dir.path(), push_capabilities(&["utf-16"]), Value::Null);
    let rounds = 3;
    for round in 1..=rounds {
        busy_round(&mut client, &dir, round);
        client.drain(Duration::from_millis(500));
        eprintln!("after round {round}: {:.1} MB RSS", rss_mb(client.pid()));
    }
    assert!(client.shutdown_and_exit().success());
    // One line each time the last document closed: what the server still holds.
    let log = client.stderr();
    let kept = kept_lines(&log);
    eprintln!("{}", kept.join("\n"));
    assert_eq!(kept.len(), rounds, "{log}");
    for line in &kept {
        let held = |name: &str| held(line, name);
        assert_eq!(held("documents"), 0, "{line}");
        assert_eq!(held("analyses"), 0, "{line}");
        assert_eq!(held("pieces"), 0, "{line}");
        assert_eq!(held("projects"), 1, "{line}");
    }
}

/// The `kept:` debug lines the server logged each time its last open document closed.
fn kept_lines(log: &str) -> Vec<String> {
    log.lines()
        .filter_map(|l| l.split_once("kept: ").map(|(_, k)| k.to_string()))
        .collect()
}

fn held(line: &str, name: &str) -> usize {
    line.split_whitespace()
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {line:?}"))
}

#[test]
fn looking_terms_up_for_files_in_many_folders_keeps_a_bounded_number_of_glossaries() {
    let dir = workspace(&[]);
    let mut client =
        Client::spawn_with_env(dir.path(), &[], &[("GLOSSARY_LS_LOG", "glossary_ls=debug")]);
    // No workspace folder: every folder a request names is a project of its own.
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": push_capabilities(&["utf-16"])}),
    );
    client.notify("initialized", json!({}));
    for n in 0..60 {
        let found = client.request(
            "glossaryLs/define",
            json!({"term": "API", "uri": uri(&dir, &format!("folder{n}/spec.md"))}),
        );
        assert_eq!(found["term"], "API");
    }
    let doc = uri(&dir, "spec.md");
    client.open(&doc, "markdown", "The API.\n");
    client.diagnostics(&doc, 1);
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": doc}}),
    );
    assert!(client.shutdown_and_exit().success());
    let log = client.stderr();
    let kept = kept_lines(&log);
    assert_eq!(kept.len(), 1, "{log}");
    let projects = held(&kept[0], "projects");
    assert!(projects <= 16, "{projects} glossaries kept: {}", kept[0]);
}

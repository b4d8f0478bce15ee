//! The language server, driven over stdio by a real JSON-RPC client, as an editor would.

mod lsp_support;

use std::time::Duration;

use lsp_support::{
    Client, file_uri, pull_capabilities, push_capabilities, with_lazy_documentation,
};
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

/// Opens spec.md as "We expose an Applic" and completes at its end.
fn complete_after_applic(ws: &Workspace, client: &mut Client) -> Value {
    let uri = ws.uri("spec.md");
    client.open(&uri, "markdown", "We expose an Applic");
    client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 19}}),
    )
}

#[test]
fn completion_offers_terms_and_first_use_forms() {
    let ws = Workspace::new(&[("spec.md", "")]);
    let mut client = ws.start(push_capabilities(&[]), Value::Null);
    let list = complete_after_applic(&ws, &mut client);
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
fn completion_documentation_comes_on_demand_for_clients_that_ask_for_it() {
    let ws = Workspace::new(&[("spec.md", "")]);
    let mut client = Client::spawn(ws.dir.path(), &[]);
    let result = client.initialize(
        ws.dir.path(),
        with_lazy_documentation(push_capabilities(&[])),
        Value::Null,
    );
    assert_eq!(
        result["capabilities"]["completionProvider"]["resolveProvider"],
        true
    );
    let list = complete_after_applic(&ws, &mut client);
    let items = list["items"].as_array().unwrap();
    assert!(
        items.iter().all(|i| i.get("documentation").is_none()),
        "{list}"
    );
    let api = items
        .iter()
        .find(|i| i["label"] == "API")
        .expect("API offered")
        .clone();
    assert_eq!(api["detail"], "Application Program Interface");
    let resolved = client.request("completionItem/resolve", api.clone());
    let documentation = resolved["documentation"]["value"].as_str().unwrap();
    assert!(documentation.contains("**API**"), "{documentation}");
    assert_eq!(resolved["label"], "API");
    assert_eq!(resolved["textEdit"], api["textEdit"]);
    // An item whose term the glossary no longer has comes back as it was.
    let mut gone = api.clone();
    gone["data"]["term"] = json!("No Such Term");
    assert_eq!(client.request("completionItem/resolve", gone.clone()), gone);
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

/// Applies LSP text edits (UTF-8 columns) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let character = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + character
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    out
}

fn actions(client: &mut Client, uri: &str, line: u32, character: u32) -> Vec<Value> {
    client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": line, "character": character}, "end": {"line": line, "character": character}},
                   "context": {"diagnostics": []}}),
        )
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn action<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| {
            panic!(
                "no action {title:?} in {:?}",
                actions.iter().map(|a| &a["title"]).collect::<Vec<_>>()
            )
        })
}

/// Applies a document fix, sends it as a full change, and returns the new diagnostics.
fn apply_fix(
    client: &mut Client,
    uri: &str,
    text: &str,
    fix: &Value,
    version: i64,
) -> (String, Vec<Value>) {
    let edits = fix["edit"]["changes"][uri]
        .as_array()
        .expect("edits for this document");
    let fixed = apply(text, edits);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": fixed}]}),
    );
    let diagnostics = client.diagnostics(uri, version);
    (fixed, diagnostics)
}

#[test]
fn quick_fixes_in_the_document_apply_and_recheck_clean() {
    let ws = Workspace::new(&[("spec.md", "")]);
    let mut client = ws.start(push_capabilities(&["utf-8"]), Value::Null);
    let uri = ws.uri("spec.md");
    let text = "The API is new.\n\nAn Api, a whitelist.\n";
    client.open(&uri, "markdown", text);
    assert_eq!(
        codes(&client.diagnostics(&uri, 1)),
        vec![
            "unexpanded-first-use@0:4",
            "term-case@2:3",
            "deprecated-term@2:10"
        ]
    );

    let all = actions(&mut client, &uri, 0, 5);
    let (text, diagnostics) =
        apply_fix(&mut client, &uri, text, action(&all, "Expand first use"), 2);
    assert!(
        text.starts_with("The Application Program Interface (API) is new."),
        "{text}"
    );
    assert_eq!(
        codes(&diagnostics),
        vec!["term-case@2:3", "deprecated-term@2:10"]
    );

    let all = actions(&mut client, &uri, 2, 4);
    let (text, diagnostics) = apply_fix(&mut client, &uri, &text, action(&all, "Write `API`"), 3);
    assert_eq!(codes(&diagnostics), vec!["deprecated-term@2:10"]);

    let all = actions(&mut client, &uri, 2, 12);
    let (text, diagnostics) = apply_fix(
        &mut client,
        &uri,
        &text,
        action(&all, "Replace with `allowlist`"),
        4,
    );
    assert!(text.ends_with("An API, a allowlist.\n"), "{text}");
    assert_eq!(codes(&diagnostics), Vec::<String>::new());
}

#[test]
fn undefined_acronym_fixes_edit_the_glossary_the_config_and_the_document() {
    let ws = Workspace::new(&[
        (
            "glossary-ls.toml",
            "# settings\n[glossary]\nsources = [\"terms.toml\"]\n",
        ),
        (
            "terms.toml",
            "# our terms\n[[entries]]\nterm = \"ACME\"\nsummary = \"Us.\"\n",
        ),
        ("spec.md", ""),
    ]);
    let mut client = ws.start(pull_capabilities(&["utf-8"]), Value::Null);
    let uri = ws.uri("spec.md");
    let text = "---\ntitle: x\n---\nThe DLQ and the ZZT.\n";
    client.open(&uri, "markdown", text);
    let report = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(
        codes(report["items"].as_array().unwrap()),
        vec!["undefined-acronym@3:4", "undefined-acronym@3:16"]
    );

    let all = actions(&mut client, &uri, 3, 5);
    let titles: Vec<&str> = all.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        vec![
            "Add DLQ to the glossary",
            "Allow DLQ in this workspace",
            "Allow DLQ in this document"
        ]
    );
    for a in &all {
        assert_eq!(a["kind"], "quickfix");
        assert_eq!(a["diagnostics"][0]["code"], "undefined-acronym");
    }

    // Add to the glossary: appended to terms.toml, comments kept; reload clears the finding.
    let glossary_uri = ws.uri("terms.toml");
    let glossary_path = ws.dir.path().join("terms.toml");
    let before = std::fs::read_to_string(&glossary_path).unwrap();
    let edits = action(&all, "Add DLQ to the glossary")["edit"]["changes"][&glossary_uri].clone();
    let after = apply(&before, edits.as_array().unwrap());
    assert!(
        after.starts_with("# our terms\n[[entries]]\nterm = \"ACME\""),
        "{after}"
    );
    std::fs::write(
        &glossary_path,
        after.replace("expansion = \"\"", "expansion = \"Dead Letter Queue\""),
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": glossary_uri, "type": 2}]}),
    );
    client.wait_server_request("workspace/diagnostic/refresh");
    let report = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    // DLQ is a glossary acronym now: only its unexpanded first use is worth a note.
    assert_eq!(
        codes(report["items"].as_array().unwrap()),
        vec!["unexpanded-first-use@3:4", "undefined-acronym@3:16"]
    );

    // Allow in this workspace: glossary-ls.toml gains [acronyms] allow, comments kept.
    let all = actions(&mut client, &uri, 3, 17);
    let config_uri = ws.uri("glossary-ls.toml");
    let config_path = ws.dir.path().join("glossary-ls.toml");
    let before = std::fs::read_to_string(&config_path).unwrap();
    let edits = action(&all, "Allow ZZT in this workspace")["edit"]["changes"][&config_uri].clone();
    let after = apply(&before, edits.as_array().unwrap());
    assert!(after.starts_with("# settings\n"), "{after}");
    assert!(after.contains("allow = [\"ZZT\"]"), "{after}");

    // Allow in this document: a comment after the front matter.
    let (fixed, _) = {
        let edits = action(&all, "Allow ZZT in this document")["edit"]["changes"][&uri].clone();
        (apply(text, edits.as_array().unwrap()), ())
    };
    assert_eq!(
        fixed,
        "---\ntitle: x\n---\n<!-- glossary-ls: allow ZZT -->\nThe DLQ and the ZZT.\n"
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let report = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(
        codes(report["items"].as_array().unwrap()),
        vec!["unexpanded-first-use@4:4"]
    );
}

#[test]
fn adding_to_a_missing_glossary_creates_it() {
    let ws = Workspace::new(&[("spec.md", "")]);
    let mut client = ws.start(pull_capabilities(&["utf-16"]), Value::Null);
    let uri = ws.uri("spec.md");
    client.open(&uri, "markdown", "The DLQ.\n");
    let all = actions(&mut client, &uri, 0, 5);
    let add = action(&all, "Add DLQ to the glossary");
    let changes = add["edit"]["documentChanges"]
        .as_array()
        .expect("document changes");
    assert_eq!(changes[0]["kind"], "create");
    assert!(
        changes[0]["uri"]
            .as_str()
            .unwrap()
            .ends_with("/glossary/glossary.toml")
    );
    let new_text = changes[1]["edits"][0]["newText"].as_str().unwrap();
    assert!(new_text.contains("term = \"DLQ\""));

    // The client creates the file; the conventional glossary is read without configuration.
    let path = ws.dir.path().join("glossary/glossary.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        new_text.replace("expansion = \"\"", "expansion = \"Dead Letter Queue\""),
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&path), "type": 1}]}),
    );
    client.wait_server_request("workspace/diagnostic/refresh");
    let report = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(
        codes(report["items"].as_array().unwrap()),
        vec!["unexpanded-first-use@0:4"]
    );
}

#[test]
fn navigation_definition_references_highlights_symbols() {
    let ws = Workspace::new(&[
        (
            "glossary-ls.toml",
            "[glossary]\nsources = [\"terms.toml\"]\n",
        ),
        (
            "terms.toml",
            "# terms\n\n[[entries]]\nterm = \"ACME\"\nexpansion = \"A Company Making Everything\"\n",
        ),
        ("other.md", "ACME again, and ACME.\n"),
        ("spec.md", ""),
    ]);
    let mut client = ws.start(
        push_capabilities(&["utf-8"]),
        json!({"editor": {"inlay-hints": true}}),
    );
    let uri = ws.uri("spec.md");
    let text = "ACME ships. A Recovery Point Objective (RPO) and the RPO.\n";
    client.open(&uri, "markdown", text);
    client.diagnostics(&uri, 1);

    let at = |line: u32, character: u32| json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
    let definition = client.request("textDocument/definition", at(0, 1));
    assert_eq!(definition["uri"], ws.uri("terms.toml"));
    assert_eq!(definition["range"]["start"]["line"], 2);
    let definition = client.request("textDocument/definition", at(0, 54));
    assert_eq!(definition["uri"], json!(uri));
    assert_eq!(definition["range"], range(0, 40, 43));
    // The built-in glossary is written out so that its entries can be opened.
    client.open(&ws.uri("api.md"), "markdown", "The API.\n");
    let builtin = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": ws.uri("api.md")}, "position": {"line": 0, "character": 5}}),
    );
    assert!(
        builtin["uri"]
            .as_str()
            .unwrap()
            .ends_with("product-management.toml"),
        "{builtin}"
    );

    let mut refs = client.request("textDocument/references", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}, "context": {"includeDeclaration": true}}));
    let refs = refs.as_array_mut().unwrap();
    let files: Vec<String> = refs
        .iter()
        .map(|r| {
            format!(
                "{}@{}",
                r["uri"].as_str().unwrap().rsplit('/').next().unwrap(),
                r["range"]["start"]["character"]
            )
        })
        .collect();
    assert_eq!(files, vec!["spec.md@0", "other.md@0", "other.md@16"]);

    let highlights = client.request("textDocument/documentHighlight", at(0, 41));
    let ranges: Vec<Value> = highlights
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["range"].clone())
        .collect();
    assert_eq!(ranges, vec![range(0, 40, 43), range(0, 53, 56)]);

    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(symbols[0]["name"], "RPO");
    assert_eq!(symbols[0]["detail"], "Recovery Point Objective");

    let found = client.request("workspace/symbol", json!({"query": "acm"}));
    assert_eq!(found[0]["name"], "ACME");

    let hints = client.request("textDocument/inlayHint", json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}}));
    let labels: Vec<&str> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        vec![
            " (A Company Making Everything)",
            " (Recovery Point Objective)"
        ]
    );
}

#[test]
fn a_broken_glossary_keeps_the_last_good_one_and_shows_its_errors() {
    let ws = Workspace::new(&[
        (
            "glossary-ls.toml",
            "[glossary]\nsources = [\"terms.toml\"]\n",
        ),
        (
            "terms.toml",
            "[[entries]]\nterm = \"ZZT\"\nsummary = \"z\"\n",
        ),
        ("spec.md", ""),
    ]);
    let mut client = ws.start(push_capabilities(&["utf-8"]), Value::Null);
    let uri = ws.uri("spec.md");
    client.open(&uri, "markdown", "The ZZT and the QQX.\n");
    assert_eq!(
        codes(&client.diagnostics(&uri, 1)),
        vec!["undefined-acronym@0:16"]
    );

    let glossary = ws.dir.path().join("terms.toml");
    std::fs::write(
        &glossary,
        "[[entries]]\nterm = \"ZZT\"\nsummary = \"z\"\n\n[[entries]]\nterm = \"QQX\"\nsummary = \"q\"\nbogus = 1\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": ws.uri("terms.toml"), "type": 2}]}),
    );
    // The glossary file's diagnostics are published again whenever they change (its health
    // too, after indexing): wait for those that show this step.
    let has_code = |p: &Value, code: &str| {
        p["diagnostics"]
            .as_array()
            .is_some_and(|d| d.iter().any(|d| d["code"] == code))
    };
    let problems = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(ws.uri("terms.toml")) && has_code(p, "glossary-syntax")
    });
    let message = problems["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("unknown field `bogus`"), "{message}");
    // At the field.
    assert_eq!(
        problems["diagnostics"][0]["range"]["start"],
        json!({"line": 7, "character": 0})
    );
    // The last good glossary is still in force: ZZT known, QQX still flagged.
    let diagnostics = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri)
    })["diagnostics"]
        .clone();
    assert_eq!(
        codes(diagnostics.as_array().unwrap()),
        vec!["undefined-acronym@0:16"]
    );

    // Fixed, but QQX says nothing: the new glossary applies (an incomplete entry is a
    // finding, not a broken glossary) and the entry is shown as a warning at its term.
    std::fs::write(
        &glossary,
        "[[entries]]\nterm = \"ZZT\"\nsummary = \"z\"\n\n[[entries]]\nterm = \"QQX\"\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": ws.uri("terms.toml"), "type": 2}]}),
    );
    let incomplete = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(ws.uri("terms.toml")) && has_code(p, "incomplete-entry")
    });
    let diagnostic = &incomplete["diagnostics"][0];
    assert_eq!(diagnostic["code"], "incomplete-entry", "{incomplete}");
    assert_eq!(diagnostic["severity"], 2, "{incomplete}");
    assert_eq!(
        diagnostic["range"]["start"],
        json!({"line": 5, "character": 7})
    );
    let diagnostics = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri)
    })["diagnostics"]
        .clone();
    assert_eq!(codes(diagnostics.as_array().unwrap()), Vec::<String>::new());

    // Complete: the glossary's problems are cleared.
    client
        .inbox
        .retain(|m| m["method"] != "textDocument/publishDiagnostics");
    std::fs::write(
        &glossary,
        "[[entries]]\nterm = \"ZZT\"\nsummary = \"z\"\n\n[[entries]]\nterm = \"QQX\"\nsummary = \"q\"\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": ws.uri("terms.toml"), "type": 2}]}),
    );
    let cleared = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(ws.uri("terms.toml"))
            && p["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().all(|d| d["code"] == "unused-entry"))
    });
    assert_eq!(cleared["diagnostics"], json!([]));
}

#[test]
fn settings_come_from_initialization_options_and_configuration_changes() {
    let ws = Workspace::new(&[("spec.md", "")]);
    let mut client = ws.start(
        push_capabilities(&[]),
        json!({"acronyms": {"allow": ["DLQ"]}}),
    );
    let uri = ws.uri("spec.md");
    client.open(&uri, "markdown", "The DLQ and the ZZT.\n");
    assert_eq!(
        codes(&client.diagnostics(&uri, 1)),
        vec!["undefined-acronym@0:16"]
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"glossaryLs": {"acronyms": {"allow": ["DLQ", "ZZT"]}, "rules": {"undefined-acronym": "error"}}}}),
    );
    let diagnostics = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri)
    });
    assert_eq!(diagnostics["diagnostics"], json!([]));
}

#[test]
fn malformed_input_gets_json_rpc_errors_not_a_crash() {
    let ws = Workspace::new(&[]);
    let mut client = Client::spawn(ws.dir.path(), &[]);
    // Before initialize: -32002.
    let early = client.request_raw(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x.md"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(early["error"]["code"], -32002);
    client.initialize(ws.dir.path(), push_capabilities(&[]), Value::Null);
    // Malformed JSON: a parse error (id null), and the server keeps serving.
    client.send_raw(b"Content-Length: 9\r\n\r\n{nonsense");
    let parse_error = client.wait_message(|m| m["error"]["code"] == json!(-32700));
    assert_eq!(parse_error["id"], Value::Null);
    let unknown = client.request_raw("glossary/nothing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let wrong = client.request_raw("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(wrong["error"]["code"], -32602);
    let missing = client.request("textDocument/hover", json!({"textDocument": {"uri": "file:///not/open.md"}, "position": {"line": 0, "character": 0}}));
    assert_eq!(missing, Value::Null);
    client.notify("$/cancelRequest", json!({"id": 999}));
    client.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///not/open.md", "version": 2}, "contentChanges": [{"text": "x"}]}));
    // Still alive and well.
    let uri = ws.uri("spec.md");
    client.open(&uri, "markdown", "The QQX.\n");
    assert_eq!(
        codes(&client.diagnostics(&uri, 1)),
        vec!["undefined-acronym@0:4"]
    );
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
    assert!(!client.stderr().contains("panicked"));
}

/// A position of char index `at` in `text`, with UTF-16 columns, lines broken like LSP.
fn utf16_position(text: &str, at: usize) -> Value {
    let mut line = 0;
    let mut column = 0;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < at {
        match chars[i] {
            '\r' if chars.get(i + 1) == Some(&'\n') && i + 1 < at => {
                line += 1;
                column = 0;
                i += 1;
            }
            '\r' | '\n' => {
                line += 1;
                column = 0;
            }
            c => column += c.len_utf16(),
        }
        i += 1;
    }
    json!({"line": line, "character": column})
}

mod incremental {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "API",
        " ",
        "\n",
        "\r\n",
        "😀",
        "中文",
        "DLQ",
        "(",
        ")",
        "Recovery Point Objective (RPO)",
        "RPO",
        "Api",
        "e\u{301}",
        "- ",
        "**",
        "`x`",
        "whitelist",
        "\n\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

        #[test]
        fn random_incremental_edits_match_a_full_resync(
            edits in prop::collection::vec((0usize..1000, 0usize..6, 0usize..PIECES.len()), 1..25)
        ) {
            let ws = Workspace::new(&[]);
            let mut client = ws.start(push_capabilities(&["utf-16"]), Value::Null);
            let (a, b) = (ws.uri("a.md"), ws.uri("b.md"));
            let mut model: Vec<char> = "The API and DLQ.\r\nSecond 😀 line.\n".chars().collect();
            let initial: String = model.iter().collect();
            client.open(&a, "markdown", &initial);
            client.open(&b, "markdown", &initial);
            client.diagnostics(&a, 1);
            client.diagnostics(&b, 1);
            let mut last_version = 1;
            for (version, (at, len, piece)) in edits.into_iter().enumerate() {
                let version = version as i64 + 2;
                let text: String = model.iter().collect();
                let start = at % (model.len() + 1);
                let mut end = (start + len).min(model.len());
                // Never split a CRLF pair: no position can name its middle.
                let splits_crlf = |i: usize| i > 0 && i < model.len() && model[i - 1] == '\r' && model[i] == '\n';
                if splits_crlf(start) {
                    continue;
                }
                if splits_crlf(end) {
                    end += 1;
                }
                let range = json!({"start": utf16_position(&text, start), "end": utf16_position(&text, end)});
                model.splice(start..end, PIECES[piece].chars());
                let new_text: String = model.iter().collect();
                client.notify("textDocument/didChange", json!({
                    "textDocument": {"uri": a, "version": version},
                    "contentChanges": [{"range": range, "text": PIECES[piece]}]}));
                client.notify("textDocument/didChange", json!({
                    "textDocument": {"uri": b, "version": version},
                    "contentChanges": [{"text": new_text}]}));
                last_version = version;
            }
            // The diagnostics of the last version of both documents agree, leaving out what
            // each takes from the other through the workspace index (conflicting
            // definitions, expansions suggested from the other document): those depend on
            // which of the two was analysed last, by design.
            let own = |diagnostics: Vec<Value>| {
                json!(diagnostics
                    .into_iter()
                    .filter(|d| !matches!(d["code"].as_str(), Some("conflicting-definition" | "inconsistent-expansion")))
                    .map(|mut d| {
                        if let Some(message) = d["message"].as_str() {
                            let own = message.split("; the workspace expands it as").next().unwrap_or(message).to_string();
                            d["message"] = json!(own);
                        }
                        d
                    })
                    .collect::<Vec<_>>())
            };
            let (da, db) = if last_version > 1 {
                (own(client.diagnostics(&a, last_version)), own(client.diagnostics(&b, last_version)))
            } else {
                (json!([]), json!([]))
            };
            // Related information points into each document itself.
            prop_assert_eq!(da.to_string().replace(&a, "DOC"), db.to_string().replace(&b, "DOC"));
            // And hovering every line start answers the same in both.
            let text: String = model.iter().collect();
            for line in 0..text.lines().count() as u32 {
                let ha = client.request("textDocument/hover", json!({"textDocument": {"uri": a}, "position": {"line": line, "character": 0}}));
                let hb = client.request("textDocument/hover", json!({"textDocument": {"uri": b}, "position": {"line": line, "character": 0}}));
                prop_assert_eq!(ha, hb);
            }
        }
    }
}

#[test]
fn a_panic_becomes_an_error_response_and_the_server_keeps_serving() {
    let ws = Workspace::new(&[]);
    let mut client = Client::spawn_with_env(ws.dir.path(), &[], &[("GLOSSARY_LS_CRASH_TEST", "1")]);
    client.initialize(ws.dir.path(), push_capabilities(&[]), Value::Null);
    let crashed = client.request_raw("glossaryLs/crashForTesting", json!({}));
    assert_eq!(crashed["error"]["code"], -32603, "{crashed}");
    let uri = ws.uri("spec.md");
    client.open(&uri, "markdown", "The QQX.\n");
    assert_eq!(
        codes(&client.diagnostics(&uri, 1)),
        vec!["undefined-acronym@0:4"]
    );
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn hover_on_every_form_of_a_term_and_on_document_acronyms() {
    let ws = Workspace::new(&[("spec.md", "")]);
    let mut client = ws.start(push_capabilities(&["utf-8"]), Value::Null);
    let uri = ws.uri("spec.md");
    let text = "An Application Programming Interface, the API's docs, our application program interfaces.\n\nA Recovery Point Objective (RPO). The RPO and the DLQ.\n";
    client.open(&uri, "markdown", text);
    client.diagnostics(&uri, 1);
    let mut hover_at = |needle: &str, nth: usize| {
        let (line, line_text) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .unwrap();
        let character = line_text.match_indices(needle).nth(nth).unwrap().0 + 1;
        client.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}))
    };
    for (needle, span) in [
        (
            "Application Programming Interface",
            "Application Programming Interface",
        ),
        ("API's", "API"),
        (
            "application program interfaces",
            "application program interfaces",
        ),
    ] {
        let hover = hover_at(needle, 0);
        let value = hover["contents"]["value"].as_str().unwrap_or_default();
        assert!(
            value.starts_with("**API** — Application Program Interface"),
            "{needle}: {value}"
        );
        let start = hover["range"]["start"]["character"].as_u64().unwrap() as usize;
        let end = hover["range"]["end"]["character"].as_u64().unwrap() as usize;
        assert_eq!(&text.lines().next().unwrap()[start..end], span);
    }
    let rpo = hover_at("RPO", 1);
    assert_eq!(
        rpo["contents"]["value"],
        "**RPO** — Recovery Point Objective\n\n*Defined in this document, line 3.*"
    );
    let dlq = hover_at("DLQ", 0);
    assert!(
        dlq["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**DLQ** is not explained")
    );
}

#[test]
fn references_report_progress_with_a_token_the_server_creates() {
    let ws = Workspace::new(&[("a.md", "The API.\n"), ("b.md", "APIs here.\n")]);
    let mut client = ws.start(pull_capabilities(&["utf-16"]), Value::Null);
    let uri = ws.uri("a.md");
    client.open(&uri, "markdown", "The API.\n");
    let refs = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 5}, "context": {"includeDeclaration": true}}),
    );
    assert_eq!(refs.as_array().unwrap().len(), 2);
    // The server also indexes the workspace with a progress of its own.
    let begin = client.wait_notification("$/progress", |p| {
        p["value"]["kind"] == "begin" && p["value"]["title"] == "Finding references to API"
    });
    let token = begin["token"].clone();
    client.wait_server_request("window/workDoneProgress/create");
    client.wait_notification("$/progress", |p| {
        p["token"] == token && p["value"]["kind"] == "end"
    });
}

#[test]
fn each_workspace_folder_has_its_own_configuration() {
    let ws = Workspace::new(&[
        ("one/glossary-ls.toml", "[acronyms]\nallow = [\"QNE\"]\n"),
        ("two/glossary-ls.toml", "[acronyms]\nallow = [\"QTW\"]\n"),
        ("one/a.md", ""),
        ("two/b.md", ""),
    ]);
    let mut client = Client::spawn(ws.dir.path(), &[]);
    let folders = json!([
        {"uri": file_uri(&ws.dir.path().join("one")), "name": "one"},
        {"uri": file_uri(&ws.dir.path().join("two")), "name": "two"},
    ]);
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "workspaceFolders": folders, "capabilities": push_capabilities(&[])}),
    );
    client.notify("initialized", json!({}));
    let (a, b) = (ws.uri("one/a.md"), ws.uri("two/b.md"));
    client.open(&a, "markdown", "QNE and QTW.\n");
    client.open(&b, "markdown", "QNE and QTW.\n");
    assert_eq!(
        codes(&client.diagnostics(&a, 1)),
        vec!["undefined-acronym@0:8"]
    );
    assert_eq!(
        codes(&client.diagnostics(&b, 1)),
        vec!["undefined-acronym@0:0"]
    );
    // A file outside every folder uses the defaults, without a panic.
    let outside = tempfile::tempdir().unwrap();
    let c = format!("{}/c.md", file_uri(outside.path()));
    client.open(&c, "markdown", "QNE.\n");
    assert_eq!(
        codes(&client.diagnostics(&c, 1)),
        vec!["undefined-acronym@0:0"]
    );
}

#[test]
fn configuration_errors_are_shown_in_the_configuration_file() {
    let ws = Workspace::new(&[
        (
            "glossary-ls.toml",
            "[rules]\nundefined-acronym = \"loud\"\nno-such-rule = \"off\"\n",
        ),
        ("spec.md", ""),
    ]);
    let mut client = ws.start(push_capabilities(&[]), Value::Null);
    let config = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(ws.uri("glossary-ls.toml"))
    });
    let d = &config["diagnostics"][0];
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("unknown variant `loud`"),
        "{d}"
    );
    assert_eq!(d["range"]["start"], json!({"line": 1, "character": 20}));
    // Every error, not only the first.
    let d = &config["diagnostics"][1];
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `no-such-rule`"),
        "{config}"
    );
    assert_eq!(d["range"]["start"], json!({"line": 2, "character": 0}));
    // Documents are still checked, with the built-in defaults.
    let uri = ws.uri("spec.md");
    client.open(&uri, "markdown", "The QQX.\n");
    assert_eq!(
        codes(&client.diagnostics(&uri, 1)),
        vec!["undefined-acronym@0:4"]
    );
}

#[test]
fn a_trace_setting_sends_logs_to_the_client() {
    let ws = Workspace::new(&[("glossary-ls.toml", "")]);
    let mut client = Client::spawn(ws.dir.path(), &[]);
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": file_uri(ws.dir.path()), "trace": "verbose", "capabilities": push_capabilities(&[])}),
    );
    client.notify("initialized", json!({}));
    // Once a document is analysed its project is loaded, so there is something to reload.
    let uri = ws.uri("spec.md");
    client.open(&uri, "markdown", "The QQX.\n");
    client.diagnostics(&uri, 1);
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": ws.uri("glossary-ls.toml"), "type": 2}]}),
    );
    let log = client.wait_notification("window/logMessage", |p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.contains("reloaded"))
    });
    assert_eq!(log["type"], 3);
}

#[test]
fn define_looks_a_term_up_for_editor_commands() {
    let ws = Workspace::new(&[]);
    let mut client = ws.start(push_capabilities(&[]), Value::Null);
    let found = client.request(
        "glossaryLs/define",
        json!({"term": "application programming interface"}),
    );
    assert_eq!(found["term"], "API");
    assert!(
        found["markdown"]
            .as_str()
            .unwrap()
            .starts_with("**API** — Application Program Interface")
    );
    assert_eq!(
        client.request("glossaryLs/define", json!({"term": "nothing-like-this"})),
        Value::Null
    );
    assert_eq!(
        client.request_raw("glossaryLs/define", json!({}))["error"]["code"],
        -32602
    );
}

#[test]
fn without_a_trace_setting_only_errors_reach_the_client() {
    let ws = Workspace::new(&[("glossary-ls.toml", "")]);
    let mut client = ws.start(push_capabilities(&[]), Value::Null);
    let uri = ws.uri("spec.md");
    client.open(&uri, "markdown", "The QQX.\n");
    client.diagnostics(&uri, 1);
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": ws.uri("glossary-ls.toml"), "type": 2}]}),
    );
    // The reload happens (new diagnostics come) but its info message stays on stderr.
    client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri)
    });
    client.drain(Duration::from_millis(300));
    assert!(
        !client
            .inbox
            .iter()
            .any(|m| m["method"] == "window/logMessage"),
        "{:?}",
        client.inbox
    );
}

#[test]
fn diagnostics_carry_related_locations_and_tags() {
    let ws = Workspace::new(&[("spec.md", "")]);
    let mut client = ws.start(push_capabilities(&["utf-8"]), Value::Null);
    let uri = ws.uri("spec.md");
    client.open(
        &uri,
        "markdown",
        "The RPO is low.\n\nA Recovery Point Objective (RPO).\n\nThe DLQ and the DLQ.\n\nNo whitelist.\n",
    );
    let diagnostics = client.diagnostics(&uri, 1);
    let by_code = |code: &str| {
        diagnostics
            .iter()
            .find(|d| d["code"] == code)
            .cloned()
            .unwrap()
    };

    let early = by_code("used-before-definition");
    assert_eq!(early["range"], range(0, 4, 7));
    let related = &early["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], json!(uri));
    assert_eq!(related["location"]["range"], range(2, 28, 31));
    assert!(
        related["message"]
            .as_str()
            .unwrap()
            .contains("Recovery Point Objective")
    );

    let undefined = by_code("undefined-acronym");
    assert_eq!(
        undefined["relatedInformation"][0]["location"]["range"],
        range(4, 16, 19)
    );

    let deprecated = by_code("deprecated-term");
    assert_eq!(deprecated["tags"], json!([2]));
}

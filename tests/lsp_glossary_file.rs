//! The glossary in the editor, over stdio as an editor drives it. Rename: `prepareRename` and
//! `rename` from a use in a document and from the name in the glossary file; the edits reach
//! the glossary's string, the open buffers and the workspace's files, keep each use's form
//! and never touch code; what cannot be renamed is refused with a reason. In the glossary
//! file: code lenses "used in N documents", hover listing the documents, references from an
//! entry, and the glossary's health (`unused-entry`, `glossary-candidate`) as diagnostics.

mod lsp_support;

use std::collections::BTreeMap;

use lsp_support::{Client, file_uri, pull_capabilities};
use serde_json::{Value, json};

const GLOSSARY: &str = "# Our terms.\n\n[[entries]]\nterm = \"widget\"\naliases = ['gizmo']\nsummary = \"A part.\" # kept\n\n[[entries]]\nterm = \"DLQ\"\nexpansion = \"dead-letter queue\"\nsummary = \"Where failed messages go.\"\n";

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
        format!("{}/{path}", file_uri(self.dir.path()))
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(path)).unwrap()
    }

    /// The server, once its workspace index is built.
    fn start(&self) -> Client {
        let mut client = Client::spawn(self.dir.path(), &[]);
        client.initialize(self.dir.path(), pull_capabilities(&["utf-8"]), Value::Null);
        let created = client.wait_server_request("window/workDoneProgress/create");
        let token = created["token"].clone();
        client.wait_notification("$/progress", |p| {
            p["token"] == token && p["value"]["kind"] == "end"
        });
        client
    }
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

/// The byte offset of an LSP position (UTF-8 columns).
fn offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    start + character
}

/// Each file's text after the edits (files from disk, or the given unsaved texts).
fn apply(
    ws: &Workspace,
    edit: &Value,
    unsaved: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (uri, edits) in edit["changes"].as_object().expect("changes") {
        let root = format!("{}/", file_uri(ws.dir.path()));
        let name = uri
            .strip_prefix(&root)
            .expect("in the workspace")
            .to_string();
        let mut text = unsaved
            .get(&name)
            .cloned()
            .unwrap_or_else(|| ws.read(&name));
        let mut edits: Vec<&Value> = edits.as_array().unwrap().iter().collect();
        edits.sort_by_key(|e| std::cmp::Reverse(offset(&text, &e["range"]["start"])));
        for e in edits {
            let (from, to) = (
                offset(&text, &e["range"]["start"]),
                offset(&text, &e["range"]["end"]),
            );
            text.replace_range(from..to, e["newText"].as_str().unwrap());
        }
        out.insert(name, text);
    }
    out
}

fn error_message(response: &Value) -> String {
    response["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn renaming_a_term_edits_the_glossary_and_every_use_keeping_forms_and_code() {
    let ws = Workspace::new(&[
        (
            "glossary-ls.toml",
            "[glossary]\nsources = [\"terms.toml\"]\n",
        ),
        ("terms.toml", GLOSSARY),
        (
            "docs/b.md",
            "The widget's edge. Two Widgets.\n\n```\nwidget\n```\n",
        ),
        ("docs/c.md", "Nothing to see.\n"),
        ("a.md", "saved text\n"),
    ]);
    let mut client = ws.start();
    let uri = ws.uri("a.md");
    // The open buffer's unsaved text is what gets edited.
    let unsaved = "A WIDGET and `widget` in code; a gizmo too.\n";
    client.open(&uri, "markdown", unsaved);

    let prepared = client.request("textDocument/prepareRename", at(&uri, 0, 4));
    assert_eq!(prepared["placeholder"], "widget");
    assert_eq!(prepared["range"]["start"]["character"], 2);
    assert_eq!(prepared["range"]["end"]["character"], 8);

    let edit = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 4}, "newName": "gadget"}),
    );
    let texts = apply(
        &ws,
        &edit,
        &BTreeMap::from([("a.md".to_string(), unsaved.to_string())]),
    );
    assert_eq!(
        texts.keys().collect::<Vec<_>>(),
        ["a.md", "docs/b.md", "terms.toml"]
    );
    assert_eq!(
        texts["a.md"],
        "A GADGET and `widget` in code; a gizmo too.\n"
    );
    assert_eq!(
        texts["docs/b.md"],
        "The gadget's edge. Two Gadgets.\n\n```\nwidget\n```\n"
    );
    assert_eq!(
        texts["terms.toml"],
        GLOSSARY.replace("\"widget\"", "\"gadget\"")
    );
}

#[test]
fn an_alias_is_renamed_from_the_glossary_file() {
    let ws = Workspace::new(&[
        (
            "glossary-ls.toml",
            "[glossary]\nsources = [\"terms.toml\"]\n",
        ),
        ("terms.toml", GLOSSARY),
        ("b.md", "A gizmo, a widget and the Gizmos.\n"),
    ]);
    let mut client = ws.start();
    let glossary = ws.uri("terms.toml");
    // Line 4 is `aliases = ['gizmo']`.
    let prepared = client.request("textDocument/prepareRename", at(&glossary, 4, 13));
    assert_eq!(prepared["placeholder"], "gizmo");
    // Not on a name: nothing to rename.
    let nothing = client.request("textDocument/prepareRename", at(&glossary, 5, 2));
    assert_eq!(nothing, Value::Null);

    let edit = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": glossary}, "position": {"line": 4, "character": 13}, "newName": "doohickey"}),
    );
    let texts = apply(&ws, &edit, &BTreeMap::new());
    assert_eq!(texts["b.md"], "A doohickey, a widget and the Doohickeys.\n");
    assert_eq!(
        texts["terms.toml"],
        GLOSSARY.replace("['gizmo']", "['doohickey']")
    );
}

#[test]
fn what_cannot_be_renamed_is_refused_with_the_reason() {
    let ws = Workspace::new(&[
        (
            "glossary-ls.toml",
            "[glossary]\nsources = [\"terms.toml\"]\n",
        ),
        ("terms.toml", GLOSSARY),
    ]);
    let mut client = ws.start();
    let uri = ws.uri("a.md");
    client.open(
        &uri,
        "markdown",
        "A dead-letter queue holds it. The API. The QPX code. A widget.\n",
    );
    let refused = |client: &mut Client, character: u32| {
        error_message(&client.request_raw("textDocument/prepareRename", at(&uri, 0, character)))
    };
    assert!(
        refused(&mut client, 4).contains("expansion of DLQ"),
        "{}",
        refused(&mut client, 4)
    );
    assert!(
        refused(&mut client, 35).contains("built-in"),
        "{}",
        refused(&mut client, 35)
    );
    let unknown = client.request_raw("textDocument/prepareRename", at(&uri, 0, 45));
    assert!(
        error_message(&unknown).contains("not in the glossary"),
        "{unknown}"
    );
    // Plain prose: nothing to rename, no error.
    let nothing = client.request("textDocument/prepareRename", at(&uri, 0, 25));
    assert_eq!(nothing, Value::Null);

    let merge = client.request_raw(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 58}, "newName": "dlq"}),
    );
    assert!(
        error_message(&merge).contains("would merge two entries"),
        "{merge}"
    );
    // The glossary is untouched by a refused rename.
    assert_eq!(ws.read("terms.toml"), GLOSSARY);
}

#[test]
fn the_glossary_file_shows_where_each_entry_is_used_and_its_health() {
    let ws = Workspace::new(&[
        (
            "glossary-ls.toml",
            "[glossary]\nsources = [\"terms.toml\"]\n",
        ),
        ("terms.toml", GLOSSARY),
        ("a.md", "A widget. The QPX.\n"),
        ("docs/b.md", "Two widgets and the QPX.\n"),
        ("docs/c.md", "The QPX again.\n"),
    ]);
    let mut client = ws.start();
    let glossary = ws.uri("terms.toml");

    // Health: DLQ is used nowhere; QPX is left unexplained in three documents.
    let published = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(glossary)
            && p["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["code"] == "glossary-candidate"))
    });
    let mut found: Vec<String> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}@{}: {}",
                d["code"].as_str().unwrap(),
                d["range"]["start"]["line"],
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "glossary-candidate@0: QPX is left unexplained in 3 documents (a.md, docs/b.md, docs/c.md): a candidate for the glossary",
            "unused-entry@7: 'DLQ' is used by no document of the workspace",
        ]
    );

    let lenses = client.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": glossary}}),
    );
    let titles: Vec<String> = lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{}: {}",
                l["range"]["start"]["line"],
                l["command"]["title"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(titles, ["2: used in 2 documents", "7: used in no document"]);
    let command = &lenses[0]["command"];
    assert_eq!(command["command"], "glossaryLs.showReferences");
    assert_eq!(command["arguments"][0], json!(glossary));

    // The lens's command asks for the references at its position.
    let refs = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": glossary}, "position": command["arguments"][1], "context": {"includeDeclaration": true}}),
    );
    let mut places: Vec<String> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}@{}",
                r["uri"].as_str().unwrap().rsplit('/').next().unwrap(),
                r["range"]["start"]["character"]
            )
        })
        .collect();
    places.sort();
    assert_eq!(places, ["a.md@2", "b.md@4"]);

    let hover = client.request("textDocument/hover", at(&glossary, 4, 3));
    assert_eq!(
        hover["contents"]["value"],
        "**widget** is used in 2 documents:\n\n- `a.md`\n- `docs/b.md`"
    );
    let hover = client.request("textDocument/hover", at(&glossary, 9, 0));
    assert_eq!(
        hover["contents"]["value"],
        "**DLQ** is used by no document of the workspace."
    );
}

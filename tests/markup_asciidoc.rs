//! AsciiDoc documents and glossaries through the real binary and the language server.

mod common;
mod lsp_support;

use common::Project;
use lsp_support::{Client, file_uri, push_capabilities};
use serde_json::{Value, json};

const GUIDE: &str = include_str!("data/asciidoc/guide.adoc");

/// What `check --no-builtin` finds in the guide: only acronyms of its prose. The title,
/// author and revision lines, attribute entries, listing, literal, source, passthrough,
/// comment and stem blocks, inline code and link targets hold acronyms too, and none of
/// them is reported; the glossary's entries and the inline definitions are not either.
const GUIDE_FINDINGS: [(&str, u64, u64, &str); 5] = [
    ("undefined-acronym", 17, 59, "LQS"),
    ("undefined-acronym", 22, 27, "GRT"),
    ("undefined-acronym", 54, 112, "CDN"),
    ("undefined-acronym", 59, 74, "ID"),
    ("undefined-acronym", 73, 30, "SLO"),
];

fn findings(p: &Project, name: &str) -> Vec<(String, u64, u64, String)> {
    p.findings(&[name, "--no-builtin"])
        .into_iter()
        .map(|f| (f.rule, f.line, f.column, f.term))
        .collect()
}

fn expected() -> Vec<(String, u64, u64, String)> {
    GUIDE_FINDINGS
        .iter()
        .map(|&(r, l, c, t)| (r.to_string(), l, c, t.to_string()))
        .collect()
}

#[test]
fn only_prose_acronyms_of_an_asciidoc_guide_are_reported_at_their_source_positions() {
    let p = Project::new();
    p.file("guide.adoc", GUIDE);
    assert_eq!(findings(&p, "guide.adoc"), expected());
    // Each finding's columns point at the acronym itself.
    for (_, line, column, term) in expected() {
        let text = GUIDE.lines().nth(line as usize - 1).unwrap();
        assert_eq!(&text[column as usize - 1..][..term.len()], term);
    }
    // The other extensions are AsciiDoc too; a folder check finds them.
    p.file("more/guide.asciidoc", GUIDE);
    p.file("more/guide.asc", GUIDE);
    let report = p.check_json(&["more", "--no-builtin"]);
    assert_eq!(report.paths().len(), 2, "{:?}", report.paths());
    assert_eq!(report.findings().len(), 2 * GUIDE_FINDINGS.len());
}

#[test]
fn crlf_line_endings_give_the_same_positions() {
    let p = Project::new();
    p.file("guide.adoc", GUIDE.replace('\n', "\r\n"));
    assert_eq!(findings(&p, "guide.adoc"), expected());
}

#[test]
fn non_ascii_text_keeps_columns_in_characters() {
    let p = Project::new();
    let doc = "= Tïtel\n:lang: de\n\n== Überblick\n\nDer Dienst läuft über `XQZ` und meldet sich beim ÄBC-Server, café QRM.\n";
    p.file("doc.adoc", doc);
    let found = findings(&p, "doc.adoc");
    let terms: Vec<(u64, &str)> = found.iter().map(|f| (f.1, f.3.as_str())).collect();
    assert_eq!(terms, [(6, "ÄBC"), (6, "QRM")]);
    let line = doc.lines().nth(5).unwrap();
    for finding in &found {
        let chars: String = line.chars().skip(finding.2 as usize - 1).take(3).collect();
        assert_eq!(chars, finding.3);
    }
}

const GLOSSARY: &str = "\
= Team glossary
:toc:

[glossary]
== Glossary

[glossary]
QAD:: Quick AsciiDoc delta, the test entry.
`Ledger`:: The record of every batch.
";

#[test]
fn an_asciidoc_glossary_makes_its_terms_known() {
    let p = Project::new();
    p.file("glossary.adoc", GLOSSARY);
    p.file("doc.md", "The QAD and the QZZ.\n");
    assert_eq!(
        p.findings(&["doc.md", "--no-builtin", "--glossary", "glossary.adoc"]),
        [
            ("unexpanded-first-use", 1, 5, "QAD"),
            ("undefined-acronym", 1, 17, "QZZ"),
        ]
    );
    let run = p.run(&["--glossary", "glossary.adoc", "define", "QAD"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        "QAD — Quick AsciiDoc delta\n\nQuick AsciiDoc delta, the test entry.\n\nSource: glossary.adoc:8:1\n"
    );
}

fn start(dir: &std::path::Path) -> Client {
    let mut client = Client::spawn(dir, &[]);
    client.initialize(dir, push_capabilities(&["utf-16"]), Value::Null);
    client
}

#[test]
fn the_server_reports_and_hovers_inside_asciidoc() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("glossary-ls.toml"),
        "[glossary]\nbuiltin = false\n",
    )
    .unwrap();
    let mut client = start(dir.path());
    let uri = format!("{}/guide.adoc", file_uri(dir.path()));
    client.open(&uri, "asciidoc", GUIDE);
    let diagnostics = client.diagnostics(&uri, 1);
    let got: Vec<(u64, u64, String)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
                d["code"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    // The server keeps the well-known acronyms allowed (ID), as `check` does without
    // `--no-builtin`.
    let want: Vec<(u64, u64, String)> = GUIDE_FINDINGS
        .iter()
        .filter(|f| f.3 != "ID")
        .map(|&(rule, line, column, _)| (line - 1, column - 1, rule.to_string()))
        .collect();
    assert_eq!(got, want);
    // Hover over the use of a term the document defines inline: "vector clock (VC)".
    let (line, text) = GUIDE
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("(WAJ)"))
        .unwrap();
    let character = text.find("WAJ").unwrap() + 1;
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    let value = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.contains("write-ahead journal"), "{hover}");
    // Nothing to hover inside a listing block.
    let (line, text) = GUIDE
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("fn sync"))
        .unwrap();
    let character = text.find("ZXC").unwrap() + 1;
    let nothing = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    assert_eq!(nothing, Value::Null);
    client.shutdown_and_exit();
}

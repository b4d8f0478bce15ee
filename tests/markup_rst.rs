//! reStructuredText through the real binary and the language server: only prose is checked,
//! and every finding lands on the characters of its source.

mod common;
mod lsp_support;

use common::Project;
use lsp_support::{Client, file_uri, push_capabilities};
use serde_json::{Value, json};

/// A realistic design note in reST (written for this test), with every construct whose
/// text is not prose holding an acronym-shaped word that must never be reported.
const SAMPLE: &str = "\
:Author: QXA Team
:Status: Draft

=====================
 The Zorblax service
=====================

Overview
========

The Zorblax service stores data for the BRQ. Each request carries a
:abbr:`TTK (time to kill)` value; the TTK is short.

See :ref:`the VRX guide <vrx-GUIDE>` and :class:`MNPClient`.
Use ``FOOBAR = 1`` to enable it::

    LITERAL_VAR = QQP

.. code-block:: python
   :caption: KWZ example

   KWZ = \"value\"

.. note:: The DPW cache is warm.

.. A comment about QXC.

.. _QXD: https://example.com/QXD

+----------+---------------+
| Name     | Meaning       |
+==========+===============+
| Cache    | Kept by ZRT   |
+----------+---------------+

Glossary
========

.. glossary::

   SLQ (service level quota)
      How much each tenant may use.

The SLQ applies to everyone; ask the WNP.
";

/// The 1-based line and column of the first `needle` in `text` (columns in characters).
fn position(text: &str, needle: &str) -> (u64, u64) {
    let at = text.find(needle).expect("needle in text");
    let line = text[..at].matches('\n').count() as u64 + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..at].chars().count() as u64 + 1;
    (line, column)
}

/// The position of the first `word` standing as a whole word.
fn word_position(text: &str, word: &str) -> (u64, u64) {
    let at = text
        .match_indices(word)
        .map(|(i, _)| i)
        .find(|&i| {
            let before = text[..i].chars().next_back();
            let after = text[i + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .expect("word in text");
    position(text, &text[at..])
}

#[test]
fn only_prose_is_checked_and_findings_land_on_their_source() {
    let p = Project::new();
    let findings = p.findings_of("design.rst", SAMPLE, &["--no-builtin"]);
    let expected: Vec<(&str, u64, u64, &str)> = ["BRQ", "VRX", "DPW", "ZRT", "WNP"]
        .into_iter()
        .map(|term| {
            let (line, column) = word_position(SAMPLE, term);
            ("undefined-acronym", line, column, term)
        })
        .collect();
    assert_eq!(findings, expected);
}

#[test]
fn crlf_and_non_ascii_documents_keep_their_positions() {
    let p = Project::new();
    let text =
        "Résumé\r\n======\r\n\r\nLe café ``QQA`` garde la\r\nZRQ prête. :ref:`Voir <QQB>`.\r\n";
    let findings = p.findings_of("note.rst", text, &["--no-builtin"]);
    assert_eq!(findings, [("undefined-acronym", 5, 1, "ZRQ")]);
}

#[test]
fn the_server_reports_and_hovers_inside_rest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("design.rst");
    std::fs::write(&path, SAMPLE).expect("write sample");
    let mut client = Client::spawn(dir.path(), &[]);
    client.initialize(dir.path(), push_capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&path);
    client.open(&uri, "restructuredtext", SAMPLE);
    let diagnostics = client.diagnostics(&uri, 1);
    let mut terms: Vec<(String, u64, u64)> = diagnostics
        .iter()
        .filter(|d| d["code"] == "undefined-acronym")
        .map(|d| {
            let start = &d["range"]["start"];
            let word = d["message"].as_str().unwrap_or_default();
            let term = word.split('`').nth(1).unwrap_or_default().to_string();
            (
                term,
                start["line"].as_u64().unwrap_or(0),
                start["character"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    terms.sort();
    let mut expected: Vec<(String, u64, u64)> = ["BRQ", "DPW", "VRX", "WNP", "ZRT"]
        .into_iter()
        .map(|term| {
            let (line, column) = word_position(SAMPLE, term);
            (term.to_string(), line - 1, column - 1)
        })
        .collect();
    expected.sort();
    assert_eq!(terms, expected);

    // Hover on the acronym the :abbr: role explains, at its later use.
    let (line, column) = position(SAMPLE, "TTK is short");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line - 1, "character": column}}),
    );
    let value = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.contains("time to kill"), "{hover}");
    assert_eq!(hover["range"]["start"]["character"], json!(column - 1));
    client.shutdown_and_exit();
}

#[test]
fn a_sphinx_glossary_file_is_a_glossary_source() {
    let p = Project::new();
    p.file(
        "docs/terms.rst",
        "Terms\n=====\n\n.. glossary::\n\n   QRA (quick reply agent)\n      Answers first.\n\n   QRB\n   queue relay broker\n      Moves messages.\n\n  stray\n\n   QRC\n",
    );
    p.file("doc.md", "The QRA, the QRB and the QRZ.\n");
    let run = p.run(&[
        "check",
        "doc.md",
        "--no-builtin",
        "--glossary",
        "docs/terms.rst",
    ]);
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("]: ") && !l.starts_with(' '))
        .collect();
    assert_eq!(
        lines,
        [
            "docs/terms.rst:13:3: error[glossary-syntax]: glossary line is indented less than the terms above it",
            "docs/terms.rst:15:4: warning[incomplete-entry]: entry `QRC` has no expansion, summary or definition: say what it means",
            "doc.md:1:5: info[unexpanded-first-use]: first use of `QRA` is not expanded: write \"quick reply agent (QRA)\"",
            "doc.md:1:14: info[unexpanded-first-use]: first use of `QRB` is not expanded: write \"queue relay broker (QRB)\"",
            "doc.md:1:26: warning[undefined-acronym]: `QRZ` is not explained: expand it at first use, as \"Long Form (QRZ)\", add it to the glossary, or allow it",
        ],
        "{run}"
    );
}

//! Definitions a document makes for itself: every form explains the acronym (no finding)
//! and shows up in the `definitions` array of `check --format json`.

mod common;

use common::{NO_FINDINGS, Project, pairs};

/// `check --format json a.md --no-builtin` on `text`: with no built-in glossary or allow
/// list, only the document itself can explain an acronym.
fn check(text: &str) -> common::Report {
    let p = Project::new();
    p.file("a.md", text);
    p.check_json(&["a.md", "--no-builtin"])
}

#[test]
fn long_form_then_short_form() {
    let report = check("A Dead Letter Queue (DLQ) holds events. The DLQ drains.\n");
    assert_eq!(report.findings(), NO_FINDINGS);
    assert_eq!(
        report.definitions(),
        [("DLQ".to_string(), "Dead Letter Queue".to_string(), 1, 22)]
    );
}

#[test]
fn short_form_then_long_form() {
    let report = check("The ZRP (Zone Routing Protocol) routes. The ZRP is old.\n");
    assert_eq!(report.findings(), NO_FINDINGS);
    assert_eq!(
        report.definitions(),
        [("ZRP".to_string(), "Zone Routing Protocol".to_string(), 1, 5)]
    );
}

#[test]
fn lower_case_long_forms_either_way_round() {
    let report = check(
        "Create a personal access token (PAT) first. Then a PUK (personal unblocking key).\n\
         Use the PAT and the PUK.\n",
    );
    assert_eq!(report.findings(), NO_FINDINGS);
    assert_eq!(
        report.defined(),
        pairs(&[
            ("PAT", "personal access token"),
            ("PUK", "personal unblocking key"),
        ])
    );
}

#[test]
fn a_definition_wrapped_over_two_lines() {
    let report =
        check("We index with Hierarchical Navigable\nSmall World (HNSW) graphs. HNSW is fast.\n");
    assert_eq!(report.findings(), NO_FINDINGS);
    assert_eq!(
        report.definitions(),
        [(
            "HNSW".to_string(),
            "Hierarchical Navigable Small World".to_string(),
            2,
            14
        )]
    );
}

#[test]
fn a_definition_wrapped_over_two_lines_in_plain_text() {
    let p = Project::new();
    p.file(
        "notes.txt",
        "We index with Hierarchical Navigable\r\nSmall World (HNSW) graphs. HNSW is fast.\r\n",
    );
    let report = p.check_json(&["notes.txt", "--no-builtin"]);
    assert_eq!(report.findings(), NO_FINDINGS);
    assert_eq!(
        report.defined(),
        pairs(&[("HNSW", "Hierarchical Navigable Small World")])
    );
}

#[test]
fn a_short_form_inside_a_link() {
    let report = check(
        "We use Hierarchical Navigable Small World ([HNSW](https://arxiv.org/abs/1603.09320)).\n\n\
         HNSW is fast.\n",
    );
    assert_eq!(report.findings(), NO_FINDINGS);
    assert_eq!(
        report.definitions(),
        [(
            "HNSW".to_string(),
            "Hierarchical Navigable Small World".to_string(),
            1,
            45
        )]
    );
}

#[test]
fn a_plural_short_form_defines_the_singular() {
    let report =
        check("Large Language Models (LLMs) write text. One LLM is enough; two LLMs are plenty.\n");
    assert_eq!(report.findings(), NO_FINDINGS);
    assert_eq!(
        report.defined(),
        pairs(&[("LLMs", "Large Language Models")])
    );
}

#[test]
fn hyphenated_words_and_camel_case_humps() {
    let report = check(
        "The Write-Ahead Log (WAL) and Role-Based Access Control (RBAC) and the XMLHttpRequest (XHR).\n\n\
         WAL, RBAC and XHR.\n",
    );
    assert_eq!(report.findings(), NO_FINDINGS);
    assert_eq!(
        report.defined(),
        pairs(&[
            ("WAL", "Write-Ahead Log"),
            ("RBAC", "Role-Based Access Control"),
            ("XHR", "XMLHttpRequest"),
        ])
    );
}

#[test]
fn a_versioned_short_form() {
    let report =
        check("Hypertext Transfer Protocol version 2 (HTTP/2) multiplexes. HTTP/2 is here.\n");
    assert_eq!(report.findings(), NO_FINDINGS);
    assert_eq!(
        report.defined(),
        pairs(&[("HTTP/2", "Hypertext Transfer Protocol version 2")])
    );
}

#[test]
fn markdown_abbreviations_explain_the_whole_document() {
    let report = check("The SBOM lists dependencies.\n\n*[SBOM]: Software Bill of Materials\n");
    assert_eq!(report.findings(), NO_FINDINGS);
    assert_eq!(
        report.definitions(),
        [(
            "SBOM".to_string(),
            "Software Bill of Materials".to_string(),
            3,
            3
        )]
    );
}

#[test]
fn every_kind_of_definitions_section_and_entry() {
    let report = check(
        "\
# Spec

The QAA, QAB, QAC, QAD, QAE, QAF, QAG and QAH are all used before their section.

## Terminology

QAA: quick acronym alpha

QAB — quick acronym bravo

- QAC: quick acronym charlie

QAD
: quick acronym delta

| Term | Meaning |
|------|---------|
| QAE  | quick acronym echo |

## Definitions

QAF: quick acronym foxtrot

## Abbreviations

QAG - quick acronym golf

## Acronyms

QAH: quick acronym hotel

## Design

The QZZ is not defined anywhere.
",
    );
    assert_eq!(report.findings(), [("undefined-acronym", 34, 5, "QZZ")]);
    assert_eq!(
        report.definitions(),
        [
            ("QAA".to_string(), "quick acronym alpha".to_string(), 7, 1),
            ("QAB".to_string(), "quick acronym bravo".to_string(), 9, 1),
            (
                "QAC".to_string(),
                "quick acronym charlie".to_string(),
                11,
                3
            ),
            ("QAD".to_string(), "quick acronym delta".to_string(), 13, 1),
            ("QAE".to_string(), "quick acronym echo".to_string(), 18, 3),
            (
                "QAF".to_string(),
                "quick acronym foxtrot".to_string(),
                22,
                1
            ),
            ("QAG".to_string(), "quick acronym golf".to_string(), 26, 1),
            ("QAH".to_string(), "quick acronym hotel".to_string(), 30, 1),
        ]
    );
}

#[test]
fn a_glossary_section_with_an_abbreviation_in_it() {
    let report = check(
        "# Spec\n\nThe RPO and the QRD are low.\n\n## Glossary\n\nRPO: recovery point objective\n\n*[QRD]: Quick Recovery Drill\n",
    );
    assert_eq!(report.findings(), NO_FINDINGS);
    assert_eq!(
        report.defined(),
        pairs(&[
            ("RPO", "recovery point objective"),
            ("QRD", "Quick Recovery Drill"),
        ])
    );
}

#[test]
fn entries_outside_a_definitions_section_define_nothing() {
    let report = check("# Design\n\nQCA: some thing here.\n\n- QCB — another thing\n");
    assert_eq!(
        report.findings(),
        [
            ("undefined-acronym", 3, 1, "QCA"),
            ("undefined-acronym", 5, 3, "QCB"),
        ]
    );
    assert_eq!(report.definitions(), []);
}

#[test]
fn a_definitions_section_ends_at_the_next_heading_of_its_level() {
    let report =
        check("## Glossary\n\nQCA: quick charlie alpha\n\n## Design\n\nQCB: quick charlie bravo\n");
    assert_eq!(report.findings(), [("undefined-acronym", 7, 1, "QCB")]);
    assert_eq!(report.defined(), pairs(&[("QCA", "quick charlie alpha")]));
}

#[test]
fn parentheses_that_define_nothing() {
    let report = check(
        "The result (see Figure 3) is clear. The step (optional) is easy. \
         Use a queue (e.g. FIFO) here. As argued before (Smith 2020).\n",
    );
    assert_eq!(report.definitions(), []);
    // "(e.g. FIFO)" is an example, not a definition: FIFO is still unexplained.
    assert_eq!(report.findings(), [("undefined-acronym", 1, 84, "FIFO")]);
}

#[test]
fn a_long_form_that_does_not_spell_the_letters_defines_nothing() {
    let report = check("The big thing (QXR) is here. QXS (see below) is there.\n");
    assert_eq!(report.definitions(), []);
    assert_eq!(
        report.findings(),
        [
            ("undefined-acronym", 1, 16, "QXR"),
            ("undefined-acronym", 1, 30, "QXS"),
        ]
    );
}

#[test]
fn definitions_count_only_in_their_own_document() {
    let p = Project::new();
    p.file("a.md", "A Dead Letter Queue (DLQ) holds events.\n");
    p.file("b.md", "The DLQ drains.\n");
    let report = p.check_json(&["a.md", "b.md", "--no-builtin"]);
    assert_eq!(report.findings(), [("undefined-acronym", 1, 5, "DLQ")]);
    assert_eq!(report.file("b.md")["diagnostics"][0]["term"], "DLQ");
    assert_eq!(report.file("a.md")["definitions"][0]["short"], "DLQ");
    assert_eq!(report.file("b.md")["definitions"], serde_json::json!([]));
}

#[test]
fn worded_definitions_explain_later_uses() {
    let report = check(
        "We park failed events in a dead-letter queue, or DLQ, for a day.\n\n\
         MTTR stands for mean time to\nrepair. The SLO is short for service level objective.\n\n\
         The RPO — recovery point objective — is an hour.\n\n\
         Our write-ahead log (hereafter WAL) is replayed.\n\n\
         The DLQ drains; the MTTR, SLO, RPO and WAL are tracked.\n",
    );
    assert_eq!(report.findings(), NO_FINDINGS);
    assert_eq!(
        report.defined(),
        pairs(&[
            ("DLQ", "dead-letter queue"),
            ("MTTR", "mean time to repair"),
            ("SLO", "service level objective"),
            ("RPO", "recovery point objective"),
            ("WAL", "write-ahead log"),
        ])
    );
}

#[test]
fn a_short_form_spaced_out_explains_neither_it_nor_its_parts() {
    let report =
        check("Lines end with CRLF (CR LF) on Windows.\n\nA bare LF ends them elsewhere.\n");
    assert_eq!(report.definitions(), []);
    // Each acronym is reported at its first use: LF is still unexplained.
    assert_eq!(
        report.findings(),
        [
            ("undefined-acronym", 1, 16, "CRLF"),
            ("undefined-acronym", 1, 22, "CR"),
            ("undefined-acronym", 1, 25, "LF"),
        ]
    );
}

#[test]
fn a_two_column_table_anywhere_defines_when_its_letters_align() {
    let report = check(
        "# Design\n\n| Short | Meaning |\n|---|---|\n| DLQ | dead-letter queue |\n| QXA | Alice |\n\n\
         The DLQ and the QXA.\n",
    );
    assert_eq!(report.defined(), pairs(&[("DLQ", "dead-letter queue")]));
    assert_eq!(report.findings(), [("undefined-acronym", 6, 3, "QXA")]);
}

#[test]
fn a_worded_form_that_does_not_spell_the_letters_defines_nothing() {
    let report = check("QXB means we retry later. Red, blue, or QXC queues.\n");
    assert_eq!(report.definitions(), []);
    assert_eq!(
        report.findings(),
        [
            ("undefined-acronym", 1, 1, "QXB"),
            ("undefined-acronym", 1, 41, "QXC"),
        ]
    );
}

#[test]
fn a_glossary_expansion_defines_where_the_letters_do_not_align() {
    let p = Project::new();
    p.file(
        "glossary.toml",
        "[[entries]]\nterm = \"CHAMP\"\nexpansion = \"deployment platform\"\n",
    );
    p.file(
        "glossary-ls.toml",
        "[glossary]\nsources = [\"glossary.toml\"]\n",
    );
    p.file(
        "a.md",
        "We ship with our deployment platform (CHAMP) daily.\n",
    );
    let report = p.check_json(&["a.md", "--no-builtin"]);
    assert_eq!(report.defined(), pairs(&[("CHAMP", "deployment platform")]));
}

#[test]
fn a_long_form_spelled_in_capitals_in_the_same_paragraph_explains_it() {
    // No brackets tie them, but the paragraph writes the long form in capitalised words
    // whose initials are the acronym, before or after it.
    let report = check(
        "Keys use Quantum Resistant Lattice Padding and the QRLP variant.\n\n\
         The QRSP key (a Quiet Random Salt Padding variant) is newer. Later QRSP and QRLP are used.\n",
    );
    assert_eq!(report.findings(), NO_FINDINGS);
    assert_eq!(
        report.definitions(),
        [
            (
                "QRLP".to_string(),
                "Quantum Resistant Lattice Padding".to_string(),
                1,
                52
            ),
            (
                "QRSP".to_string(),
                "Quiet Random Salt Padding".to_string(),
                3,
                5
            ),
        ]
    );
    // Words that do not make an exact, bounded run explain nothing.
    let report = check(
        "Keys use quantum resistant lattice padding and the QRLP variant, or Very Quiet Random Salt Padding and the QRSP.\n",
    );
    let flagged: Vec<String> = report.findings().into_iter().map(|f| f.term).collect();
    assert_eq!(flagged, ["QRLP", "QRSP"]);
}

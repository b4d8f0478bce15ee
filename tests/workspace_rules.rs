//! `check` compares the documents it checks: `conflicting-definition` (an acronym two
//! documents, or a document and the glossary, expand differently) and
//! `inconsistent-expansion` (a glossary acronym expanded in other words).

mod common;

use common::Project;
use serde_json::Value;

fn project() -> Project {
    let p = Project::new();
    p.file(
        "glossary/glossary.toml",
        "[[entries]]\nterm = \"SLA\"\nexpansion = \"service-level agreement\"\naliases = [\"service level guarantee\"]\n",
    );
    p.file(
        "docs/queues.md",
        "# Queues\n\nFailed messages go to the dead-letter queue (DLQ).\n",
    );
    p.file(
        "docs/more.md",
        "# More\n\nThe Dead Letter Queues (DLQ) hold them.\n",
    );
    p.file(
        "docs/lake.md",
        "# Lake\n\nWe raised the data lake quota (DLQ) today.\n",
    );
    p.file(
        "docs/terms.md",
        "# Terms\n\nOur service level assurance (SLA) holds.\nThe Service Level Guarantee (SLA) too.\n",
    );
    p.file(
        "docs/audit.md",
        "# Audit\n\nThe software licence audit (SLA) passed.\n",
    );
    p
}

#[test]
fn documents_that_expand_an_acronym_differently_conflict() {
    let p = project();
    let report = p.check_json(&["docs/queues.md", "docs/more.md", "docs/lake.md"]);
    let found = report.findings();
    let rules: Vec<(String, String)> = report
        .files()
        .iter()
        .flat_map(|f| {
            f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    (
                        f["path"].as_str().unwrap().to_string(),
                        d["rule"].as_str().unwrap().to_string(),
                    )
                })
                .collect::<Vec<_>>()
        })
        .filter(|(_, rule)| rule == "conflicting-definition")
        .collect();
    assert_eq!(
        rules,
        [
            (
                "docs/queues.md".to_string(),
                "conflicting-definition".to_string()
            ),
            (
                "docs/more.md".to_string(),
                "conflicting-definition".to_string()
            ),
            (
                "docs/lake.md".to_string(),
                "conflicting-definition".to_string()
            ),
        ],
        "{found:?}"
    );
    let lake = report.file("docs/lake.md")["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "conflicting-definition")
        .unwrap()
        .clone();
    assert_eq!(
        lake["message"],
        "DLQ is defined here as \"data lake quota\", but as \"dead-letter queue\" in docs/more.md and docs/queues.md"
    );
    assert_eq!(lake["severity"], "info");
    assert_eq!(
        (lake["line"].as_u64(), lake["column"].as_u64()),
        (Some(3), Some(15))
    );
    // Checked alone, a document has nothing to conflict with.
    let alone = p.check_json(&["docs/lake.md"]);
    assert!(
        !alone
            .diagnostics()
            .iter()
            .any(|d| d["rule"] == "conflicting-definition"),
        "{}",
        alone.run
    );
}

#[test]
fn a_document_and_the_glossary_conflict_or_differ_in_wording() {
    let p = project();
    let report = p.check_json(&["docs/terms.md"]);
    let diagnostics: Vec<&Value> = report
        .diagnostics()
        .into_iter()
        .filter(|d| d["term"] == "SLA")
        .collect();
    // "service level assurance" shares words with the glossary's expansion: a hint; the
    // second definition (an alias) speaks no more, the first speaks for the document.
    assert_eq!(diagnostics.len(), 1, "{}", report.run);
    assert_eq!(diagnostics[0]["rule"], "inconsistent-expansion");
    assert_eq!(diagnostics[0]["severity"], "hint");
    assert_eq!(
        diagnostics[0]["message"],
        "SLA is expanded here as \"service level assurance\"; the glossary expands it as \"service-level agreement\""
    );
    let audit = p.check_json(&["docs/audit.md"]);
    assert_eq!(
        audit.message_for("SLA"),
        "SLA is defined here as \"software licence audit\", but as \"service-level agreement\" in the glossary"
    );
}

#[test]
fn the_rules_are_configured_like_the_others_and_listed_in_sarif() {
    let p = project();
    p.file(
        "glossary-ls.toml",
        "[rules]\nconflicting-definition = \"warning\"\ninconsistent-expansion = \"off\"\n",
    );
    let run = p.run(&["check", "docs"]);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("warning[conflicting-definition]: DLQ is defined here as"),
        "{run}"
    );
    assert!(!run.stdout.contains("inconsistent-expansion"), "{run}");
    let sarif = p.run(&["check", "--format", "sarif", "docs"]);
    let log: Value = serde_json::from_str(&sarif.stdout).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for id in ["conflicting-definition", "inconsistent-expansion"] {
        let rule = rules.iter().find(|r| r["id"] == id).expect(id);
        assert!(rule["help"]["text"].as_str().unwrap().len() > 20, "{rule}");
    }
}

#[test]
fn an_undefined_acronym_names_the_expansions_of_other_documents() {
    let p = project();
    p.file("docs/notes.md", "# Notes\n\nDrain the DLQ daily.\n");
    let report = p.check_json(&["docs"]);
    let notes: Vec<&Value> = report.file("docs/notes.md")["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "undefined-acronym")
        .collect();
    assert_eq!(notes.len(), 1, "{}", report.run);
    assert!(
        notes[0]["message"].as_str().unwrap().ends_with(
            "; the workspace expands it as \"dead-letter queue\" (in docs/more.md) or \"data lake quota\" (in docs/lake.md)"
        ),
        "{}",
        notes[0]["message"]
    );
}

/// A project whose glossary has one entry in use and one nobody uses, and whose documents
/// leave QPX unexplained in three places and ZRT in two.
fn health_project() -> Project {
    let p = Project::new();
    p.file(
        "glossary/glossary.toml",
        "[[entries]]\nterm = \"widget\"\nsummary = \"A part.\"\n\n[[entries]]\nterm = \"gizmo\"\nsummary = \"Nobody says it.\"\n",
    );
    p.file("docs/a.md", "The QPX moves a widget.\n");
    p.file("docs/b.md", "The QPX and the ZRT.\n");
    p.file("docs/c.md", "The QPX and the ZRT again.\n");
    p
}

#[test]
fn an_acronym_three_documents_leave_unexplained_is_a_glossary_candidate() {
    let p = health_project();
    let report = p.check_json(&["docs"]);
    let glossary = report.file("glossary/glossary.toml");
    let found: Vec<(&str, &str)> = glossary["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    // ZRT (two documents) is not; unused entries are off by default in `check`.
    assert_eq!(
        found,
        [(
            "glossary-candidate",
            "QPX is left unexplained in 3 documents (docs/a.md, docs/b.md, docs/c.md): a candidate for the glossary"
        )],
        "{}",
        report.run
    );
    assert_eq!(glossary["diagnostics"][0]["severity"], "info");
    // Checking fewer documents finds fewer: one document is no habit.
    let one = p.check_json(&["docs/a.md"]);
    assert!(
        !one.run.stdout.contains("glossary-candidate"),
        "{}",
        one.run
    );
}

#[test]
fn unused_entries_are_reported_when_the_configuration_asks() {
    let p = health_project();
    p.file(
        "glossary-ls.toml",
        "[rules]\nunused-entry = \"warning\"\nglossary-candidate = \"off\"\n",
    );
    let run = p.run(&["check", "docs"]);
    run.expect_code(1);
    assert!(
        run.stdout.contains(
            "glossary/glossary.toml:5:1: warning[unused-entry]: 'gizmo' is used by no document of the workspace"
        ),
        "{run}"
    );
    assert!(!run.stdout.contains("'widget'"), "{run}");
    assert!(!run.stdout.contains("glossary-candidate"), "{run}");
}

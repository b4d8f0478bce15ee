//! `glossary-ls init`: a commented configuration and glossary, never overwriting, optionally
//! seeded with the definitions the documents make.

mod common;

use common::Project;

#[test]
fn init_writes_a_commented_configuration_and_glossary_that_load() {
    let p = Project::new();
    p.file("docs/a.md", "The QIA here.\n");
    p.file("docs/b.rst", "Some text.\n");
    let run = p.run(&["init"]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("wrote glossary-ls.toml and glossary/glossary.toml"),
        "{run}"
    );
    let config = std::fs::read_to_string(p.path("glossary-ls.toml")).unwrap();
    assert!(
        config.contains(
            "Documents found when this file was written: 1 Markdown, 1 reStructuredText."
        ),
        "{config}"
    );
    assert!(
        config.contains("sources = [\"glossary/glossary.toml\"]"),
        "{config}"
    );
    // Both files load without a problem, and check runs with them.
    let run = p.run(&["check", "docs"]);
    run.expect_code(1);
    assert!(run.stdout.contains("QIA"), "{run}");
    assert!(!run.stdout.contains("glossary.toml"), "{run}");
    assert!(!run.stderr.contains("glossary.toml"), "{run}");

    // Never overwrites.
    let run = p.run(&["init"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("glossary-ls.toml and glossary/glossary.toml already exist: nothing written"),
        "{run}"
    );
    assert_eq!(
        std::fs::read_to_string(p.path("glossary-ls.toml")).unwrap(),
        config
    );
}

#[test]
fn init_from_documents_seeds_the_glossary_with_their_definitions() {
    let p = Project::new();
    p.file(
        "docs/a.md",
        "A dead-letter queue (DLQ) holds them. The DLQ again.\n\nThe QIB here.\n",
    );
    p.file("docs/b.md", "Every Dead-Letter Queue (DLQ) is watched.\n");
    p.file("docs/c.md", "A DLQ (Delayed Load Queue) differs.\n");
    let run = p.run(&["init", "--from-documents"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("with 1 entry from the documents"),
        "{run}"
    );
    let glossary = std::fs::read_to_string(p.path("glossary/glossary.toml")).unwrap();
    assert!(
        glossary.contains(
            "# Defined in docs/a.md, docs/b.md\n# Also defined as \"Delayed Load Queue\" in docs/c.md: choose one\n[[entries]]\nterm = \"DLQ\"\nexpansion = \"dead-letter queue\"\n"
        ),
        "{glossary}"
    );
    // With the glossary, a document that uses DLQ bare is told to expand it.
    p.file("docs/d.md", "The DLQ.\n");
    let report = p.check_json(&["docs/d.md"]);
    assert_eq!(report.findings(), [("unexpanded-first-use", 1, 5, "DLQ")]);
}

//! `glossary-ls harvest`: a draft glossary of the definitions a tree's documents make,
//! printed (TOML or JSON) or merged into the project's glossary file.

mod common;

use common::Project;
use serde_json::Value;

/// Three documents: DLQ defined three ways that differ only in case, hyphens and plural;
/// PR defined two different ways; XQZ and QRB used bare in several documents; QZO bare in one.
fn docs(p: &Project) {
    p.file(
        "docs/a.md",
        "# Queues\n\nFailed messages go to the dead-letter queue (DLQ). Open a pull request (PR) \
         to change it.\nThe XQZ handles the rest, and the QRB too.\n",
    );
    p.file(
        "docs/b.md",
        "# More queues\n\nDead-letter queues (DLQs) hold messages. The press release (PR) went \
         out. The XQZ is busy.\n",
    );
    p.file(
        "docs/c.md",
        "# Other\n\nThe Dead letter queue (DLQ) again. The XQZ once more. The QRB and the QZO.\n",
    );
}

/// The `[[entries]]` of a TOML glossary as (term, expansion).
fn entries(toml: &str) -> Vec<(String, String)> {
    let document: toml_edit::DocumentMut = toml
        .trim_start_matches('\u{feff}')
        .parse()
        .unwrap_or_else(|e| panic!("not TOML: {e}\n{toml}"));
    document
        .get("entries")
        .and_then(toml_edit::Item::as_array_of_tables)
        .map(|tables| {
            tables
                .iter()
                .map(|t| {
                    (
                        t.get("term")
                            .and_then(toml_edit::Item::as_str)
                            .unwrap_or_default()
                            .to_string(),
                        t.get("expansion")
                            .and_then(toml_edit::Item::as_str)
                            .unwrap_or_default()
                            .to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    common::pairs(items)
}

#[test]
fn the_draft_merges_alike_expansions_lists_alternatives_and_acronyms_to_define() {
    let p = Project::new();
    docs(&p);
    let run = p.run(&["harvest"]);
    run.expect_code(0);
    assert_eq!(
        entries(&run.stdout),
        pairs(&[("DLQ", "dead-letter queue"), ("PR", "pull request")]),
        "{run}"
    );
    let out = &run.stdout;
    assert!(
        out.contains("# Defined in docs/a.md, docs/b.md, docs/c.md\n[[entries]]\nterm = \"DLQ\""),
        "{run}"
    );
    assert!(
        out.contains(
            "# Defined in docs/a.md\n# Other expansions found (choose one for `expansion`):\n\
             #   \"press release\" in docs/b.md\n[[entries]]\nterm = \"PR\""
        ),
        "{run}"
    );
    let to_define = &out[out.find("# To define").unwrap_or_else(|| panic!("{run}"))..];
    assert!(
        to_define.contains("# QRB: used in docs/a.md, docs/c.md\n"),
        "{run}"
    );
    assert!(
        to_define.contains("# XQZ: used in docs/a.md, docs/b.md, docs/c.md\n"),
        "{run}"
    );
    assert!(!out.contains("QZO"), "one document is not several:\n{run}");
}

#[test]
fn the_printed_draft_loads_as_a_glossary_without_problems() {
    let p = Project::new();
    docs(&p);
    let run = p.run(&["harvest", "docs"]);
    run.expect_code(0);
    p.file("draft.toml", &run.stdout);
    // The acronyms "to define" stay undefined, so `glossary-candidate` would name them in
    // the draft (tested in tests/workspace_rules.rs); here only loading problems count.
    p.file(
        "glossary-ls.toml",
        "[rules]\nglossary-candidate = \"off\"\n",
    );
    let check = p.check_json(&["--glossary", "draft.toml", "docs"]);
    assert_ne!(check.run.code, Some(2), "{}", check.run);
    assert_eq!(
        check.paths(),
        ["docs/a.md", "docs/b.md", "docs/c.md"],
        "no problem in the draft:\n{}",
        check.run
    );
    let define = p.run(&["--glossary", "draft.toml", "define", "DLQ"]);
    define.expect_code(0);
    assert!(define.stdout.contains("dead-letter queue"), "{define}");
    // Loaded, the draft's acronyms are no longer news.
    let again = p.run(&["--glossary", "draft.toml", "harvest", "docs"]);
    assert_eq!(entries(&again.stdout), pairs(&[]), "{again}");
}

#[test]
fn acronyms_the_glossary_has_are_left_out() {
    let p = Project::new();
    docs(&p);
    p.file(
        "team.toml",
        "[[entries]]\nterm = \"DLQ\"\nexpansion = \"dead-letter queue\"\n",
    );
    let run = p.run(&["--glossary", "team.toml", "harvest"]);
    run.expect_code(0);
    assert_eq!(
        entries(&run.stdout),
        pairs(&[("PR", "pull request")]),
        "{run}"
    );
}

#[test]
fn json_output_has_entries_alternatives_and_acronyms_to_define() {
    let p = Project::new();
    docs(&p);
    let run = p.run(&["harvest", "--json"]);
    run.expect_code(0);
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{run}"));
    assert_eq!(json["documents"], 3);
    assert_eq!(json["entries"][0]["term"], "DLQ");
    assert_eq!(json["entries"][0]["expansion"], "dead-letter queue");
    assert_eq!(
        json["entries"][0]["defined_in"],
        serde_json::json!(["docs/a.md", "docs/b.md", "docs/c.md"])
    );
    assert_eq!(
        json["entries"][1]["alternatives"],
        serde_json::json!([{"expansion": "press release", "defined_in": ["docs/b.md"]}])
    );
    assert_eq!(
        json["to_define"],
        serde_json::json!([
            {"term": "QRB", "used_in": ["docs/a.md", "docs/c.md"]},
            {"term": "XQZ", "used_in": ["docs/a.md", "docs/b.md", "docs/c.md"]},
        ])
    );
}

#[test]
fn write_adds_new_entries_to_the_configured_glossary_once_keeping_its_comments() {
    let p = Project::new();
    docs(&p);
    p.file(
        "glossary-ls.toml",
        "[glossary]\nsources = [\"terms/team.toml\"]\n",
    );
    let original = "# Our team's words. Keep this comment.\n\n[[entries]]\nterm = \"churn\"  # \
                    the usual meaning\nsummary = \"Customers lost in a period.\"\n";
    p.file("terms/team.toml", original);
    let run = p.run(&["harvest", "--write"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("added 2 entries to terms/team.toml"),
        "{run}"
    );
    let written = std::fs::read_to_string(p.path("terms/team.toml")).unwrap();
    assert!(written.starts_with(original), "{written}");
    assert_eq!(
        entries(&written),
        pairs(&[
            ("churn", ""),
            ("DLQ", "dead-letter queue"),
            ("PR", "pull request")
        ])
    );
    assert!(
        written.contains("#   \"press release\" in docs/b.md\n"),
        "{written}"
    );
    assert!(!p.path("glossary/glossary.toml").exists());

    let again = p.run(&["harvest", "--write"]);
    again.expect_code(0);
    assert!(again.stderr.contains("nothing written"), "{again}");
    assert_eq!(
        std::fs::read_to_string(p.path("terms/team.toml")).unwrap(),
        written
    );
    let check = p.check_json(&["docs"]);
    assert_ne!(check.run.code, Some(2), "{}", check.run);
}

#[test]
fn write_creates_the_conventional_glossary_when_none_is_configured() {
    let p = Project::new();
    docs(&p);
    let run = p.run(&["harvest", "--write"]);
    run.expect_code(0);
    let written = std::fs::read_to_string(p.path("glossary/glossary.toml")).unwrap();
    assert_eq!(
        entries(&written),
        pairs(&[("DLQ", "dead-letter queue"), ("PR", "pull request")])
    );
    let again = p.run(&["harvest", "--write"]);
    again.expect_code(0);
    assert_eq!(
        std::fs::read_to_string(p.path("glossary/glossary.toml")).unwrap(),
        written
    );
}

#[test]
fn write_keeps_the_line_breaks_and_bom_of_a_crlf_glossary() {
    let p = Project::new();
    docs(&p);
    let original = "\u{feff}# Windows glossary\r\n[[entries]]\r\nterm = \"churn\"\r\nsummary = \"Customers lost.\"\r\n";
    p.file("glossary/glossary.toml", original);
    p.run(&["harvest", "--write"]).expect_code(0);
    let written = std::fs::read_to_string(p.path("glossary/glossary.toml")).unwrap();
    assert!(written.starts_with(original), "{written:?}");
    assert_eq!(
        written.matches('\n').count(),
        written.matches("\r\n").count(),
        "every line break is CRLF: {written:?}"
    );
    assert_eq!(entries(&written).len(), 3, "{written:?}");
}

#[test]
fn write_refuses_a_glossary_that_is_not_valid_toml() {
    let p = Project::new();
    docs(&p);
    p.file("glossary/glossary.toml", "[[entries]\nterm = \n");
    let run = p.run(&["harvest", "--write"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("not valid TOML, nothing written"),
        "{run}"
    );
    assert_eq!(
        std::fs::read_to_string(p.path("glossary/glossary.toml")).unwrap(),
        "[[entries]\nterm = \n"
    );
}

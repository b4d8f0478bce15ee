//! What the commands print: human and JSON reports of `check`, `define` and `terms`.

mod common;

use common::Project;
use serde_json::{Value, json};

const DOC: &str = "\
# Payments webhooks

The API sends each event to the DLQ when a merchant endpoint fails.
Retries\tread the DLQ too; an Api client checks the whitelist first.
";

#[test]
fn human_output_of_a_small_document() {
    let p = Project::new();
    p.file("docs/webhooks.md", DOC);
    let run = p.run(&["check", "docs/webhooks.md"]);
    run.expect_code(1);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("human_output", run.stdout);
}

#[test]
fn human_output_of_a_clean_run_is_the_summary_alone() {
    let p = Project::new();
    p.file("a.md", "Nothing to see.\n");
    p.file("b.txt", "Nothing here either.\n");
    let run = p.run(&["check", "a.md", "b.txt"]);
    run.expect_code(0);
    assert_eq!(run.stdout, "2 files checked: no findings\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn human_output_lines_are_compiler_style() {
    let p = Project::new();
    p.file("a.md", "First line.\nThe QZA is here.\n");
    let run = p.run(&["check", "a.md"]);
    assert_eq!(
        run.stdout,
        "a.md:2:5: warning[undefined-acronym]: `QZA` is not explained: expand it at first use, \
         as \"Long Form (QZA)\", add it to the glossary, or allow it\n\
         \x20 |\n\
         2 | The QZA is here.\n\
         \x20 |     ^^^\n\
         \n\
         1 file checked: 1 warning\n"
    );
}

#[test]
fn define_api_output() {
    let p = Project::new();
    let run = p.run(&["define", "API"]);
    run.expect_code(0);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("define_api", run.stdout);
}

// --- JSON --------------------------------------------------------------------------------

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn json_output_shape() {
    let p = Project::new();
    p.file(
        "a.md",
        "A Dead Letter Queue (DLQ) holds events. The QZA is new.\n",
    );
    let report = p.check_json(&["a.md"]);
    report.run.expect_code(1);
    assert_eq!(keys(&report.json), ["files", "summary"]);
    assert_eq!(report.files().len(), 1);
    let file = &report.files()[0];
    assert_eq!(keys(file), ["definitions", "diagnostics", "path"]);
    assert_eq!(file["path"], "a.md");
    assert_eq!(
        file["diagnostics"],
        json!([{
            "rule": "undefined-acronym",
            "severity": "warning",
            "message": "`QZA` is not explained: expand it at first use, as \"Long Form (QZA)\", add it to the glossary, or allow it",
            "term": "QZA",
            "line": 1,
            "column": 45,
            "end_line": 1,
            "end_column": 48,
            "byte_start": 44,
            "byte_end": 47
        }])
    );
    assert_eq!(
        file["definitions"],
        json!([{"short": "DLQ", "long": "Dead Letter Queue", "line": 1, "column": 22}])
    );
    assert_eq!(
        report.summary(),
        &json!({
            "files": 1, "errors": 0, "warnings": 1, "infos": 0, "hints": 0,
            "skipped": 0, "failed": 0
        })
    );
}

#[test]
fn json_summary_counts_every_severity_and_every_file() {
    let p = Project::new();
    p.file(
        "glossary-ls.toml",
        "[rules]\nundefined-acronym = \"error\"\n",
    );
    p.file("a.md", "The API and the QZA.\n");
    p.file("b.md", "An Api and a whitelist and the QZB.\n");
    p.file("c.md", "Clean.\n");
    let report = p.check_json(&["a.md", "b.md", "c.md"]);
    assert_eq!(
        report.findings(),
        [
            ("unexpanded-first-use", 1, 5, "API"),
            ("undefined-acronym", 1, 17, "QZA"),
            ("term-case", 1, 4, "API"),
            ("deprecated-term", 1, 14, "whitelist"),
            ("undefined-acronym", 1, 32, "QZB"),
        ]
    );
    assert_eq!(
        report.summary(),
        &json!({
            "files": 3, "errors": 2, "warnings": 0, "infos": 2, "hints": 1,
            "skipped": 0, "failed": 0
        })
    );
    assert_eq!(report.paths(), ["a.md", "b.md", "c.md"]);
}

#[test]
fn columns_count_unicode_scalar_values_and_bytes_count_bytes() {
    let p = Project::new();
    // 😀 is 4 bytes and 1 scalar value; 日本語 is 9 bytes and 3 scalar values.
    p.file("a.md", "😀 日本語 The QIA here.\nSecond 🎉 line, QIB.\n");
    let report = p.check_json(&["a.md"]);
    let d = report.diagnostics();
    assert_eq!(
        (&d[0]["line"], &d[0]["column"], &d[0]["end_column"]),
        (&json!(1), &json!(11), &json!(14))
    );
    assert_eq!(
        (&d[0]["byte_start"], &d[0]["byte_end"]),
        (&json!(19), &json!(22))
    );
    assert_eq!(
        (&d[1]["line"], &d[1]["column"], &d[1]["end_column"]),
        (&json!(2), &json!(16), &json!(19))
    );
    let text = std::fs::read_to_string(p.path("a.md")).unwrap();
    assert_eq!(&text[19..22], "QIA");
    // The human report puts the caret under the acronym, counted the same way.
    let run = p.run(&["check", "a.md"]);
    assert!(
        run.stdout
            .contains("1 | 😀 日本語 The QIA here.\n  |           ^^^\n"),
        "{run}"
    );
}

#[test]
fn crlf_and_cr_line_endings() {
    let p = Project::new();
    p.file(
        "crlf.md",
        "First line.\r\n\r\nThe QIC is here.\r\nA Quick Input Delta (QID) and\r\nthe QID.\r\n",
    );
    p.file("cr.txt", "First line.\rThe QIE is here.\r");
    let report = p.check_json(&["crlf.md", "cr.txt"]);
    assert_eq!(
        report.findings(),
        [
            ("undefined-acronym", 3, 5, "QIC"),
            ("undefined-acronym", 2, 5, "QIE"),
        ]
    );
    let qic = &report.file("crlf.md")["diagnostics"][0];
    assert_eq!(
        (&qic["byte_start"], &qic["end_column"]),
        (&json!(19), &json!(8))
    );
    assert_eq!(
        report.file("crlf.md")["definitions"],
        json!([{"short": "QID", "long": "Quick Input Delta", "line": 4, "column": 22}])
    );
    // No carriage return leaks into the human report's source lines.
    let run = p.run(&["check", "crlf.md"]);
    assert!(!run.stdout.contains('\r'), "{run}");
    assert!(run.stdout.contains("3 | The QIC is here.\n"), "{run}");
}

// --- terms -------------------------------------------------------------------------------

const TEAM: &str = r#"
[[entries]]
term = "QTA"
expansion = "Quick Toml Alpha"
aliases = ["toml alpha"]
summary = "One sentence."
definition = "A longer *Markdown* definition."
see_also = ["churn"]
tags = ["test"]

[[entries]]
term = "churn"
status = "deprecated"
use_instead = "attrition"
"#;

#[test]
fn terms_json_shape() {
    let p = Project::new();
    p.file("team.toml", TEAM);
    let run = p.run(&["--no-builtin", "--glossary", "team.toml", "terms", "--json"]);
    run.expect_code(0);
    let terms: Value = serde_json::from_str(&run.stdout).expect("terms --json prints JSON");
    assert_eq!(
        terms,
        json!([
            {
                "term": "churn",
                "expansion": null,
                "aliases": [],
                "summary": null,
                "definition": null,
                "see_also": [],
                "tags": [],
                "status": "deprecated",
                "use_instead": "attrition",
                "source": {"path": "team.toml", "line": 11, "column": 1}
            },
            {
                "term": "QTA",
                "expansion": "Quick Toml Alpha",
                "aliases": ["toml alpha"],
                "summary": "One sentence.",
                "definition": "A longer *Markdown* definition.",
                "see_also": ["churn"],
                "tags": ["test"],
                "status": "preferred",
                "use_instead": null,
                "source": {"path": "team.toml", "line": 2, "column": 1}
            }
        ])
    );
}

#[test]
fn terms_lists_the_builtin_glossary_by_default() {
    let p = Project::new();
    let run = p.run(&["terms", "--json"]);
    run.expect_code(0);
    let terms: Value = serde_json::from_str(&run.stdout).unwrap();
    let terms = terms.as_array().unwrap();
    assert!(terms.len() >= 150, "{} built-in entries", terms.len());
    let api = terms.iter().find(|t| t["term"] == "API").expect("API");
    assert_eq!(api["expansion"], "Application Program Interface");
    assert_eq!(
        api["source"]["path"],
        "builtin:glossary/product-management.toml"
    );
    let run = p.run(&["--no-builtin", "terms", "--json"]);
    assert_eq!(run.stdout, "[]\n");
}

#[test]
fn terms_table() {
    let p = Project::new();
    p.file("team.toml", TEAM);
    let run = p.run(&["--no-builtin", "--glossary", "team.toml", "terms"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        format!(
            "churn  {:40}  team.toml:11:1\nQTA    {:40}  team.toml:2:1\n",
            "", "Quick Toml Alpha"
        )
    );
    assert_eq!(run.stderr, "2 entries\n");
    let p = Project::new();
    p.file(
        "one.toml",
        "[[entries]]\nterm = \"QTB\"\nsummary = \"The one.\"\n",
    );
    let run = p.run(&["--no-builtin", "--glossary", "one.toml", "terms"]);
    assert_eq!(run.stderr, "1 entry\n");
}

// --- define ------------------------------------------------------------------------------

#[test]
fn define_finds_a_term_by_alias_expansion_plural_and_any_case() {
    let p = Project::new();
    let first_line = |term: &str| {
        let run = p.run(&["define", term]);
        run.expect_code(0);
        run.stdout.lines().next().unwrap_or_default().to_string()
    };
    for name in [
        "API",
        "api",
        "Api",
        "APIs",
        "Application Program Interface",
        "application programming interface",
        "  API  ",
    ] {
        assert_eq!(
            first_line(name),
            "API — Application Program Interface",
            "define {name:?}"
        );
    }
}

#[test]
fn define_shows_status_and_replacement() {
    let p = Project::new();
    p.file("team.toml", TEAM);
    let run = p.run(&["--no-builtin", "--glossary", "team.toml", "define", "Churn"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        "churn\nStatus: deprecated; use `attrition` instead\n\n(no definition)\n\nSource: team.toml:11:1\n"
    );
    let run = p.run(&[
        "--no-builtin",
        "--glossary",
        "team.toml",
        "define",
        "toml alpha",
    ]);
    assert_eq!(
        run.stdout,
        "QTA — Quick Toml Alpha\nAlso: toml alpha\n\nA longer *Markdown* definition.\n\n\
         See also: churn\nTags: test\nSource: team.toml:2:1\n"
    );
}

#[test]
fn define_an_unknown_term_suggests_near_names() {
    let p = Project::new();
    let run = p.run(&["define", "Apii"]);
    run.expect_code(1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("glossary-ls: no glossary entry for `Apii`; did you mean: API"),
        "{run}"
    );
}

#[test]
fn define_a_term_with_nothing_near() {
    let p = Project::new();
    let run = p.run(&["--no-builtin", "define", "zebra"]);
    run.expect_code(1);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "glossary-ls: no glossary entry for `zebra`\n");
}

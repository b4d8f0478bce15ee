//! `glossary-ls report` through the real binary: what each format shows a user about a small
//! tree (a document's unexplained acronym, a term's uses, a conflict, an unused entry), and
//! that the HTML page is self-contained and escapes what documents hold. The page in a real
//! Chromium is `scripts/report-e2e.sh`.

mod common;

use common::Project;
use serde_json::Value;

fn tree() -> Project {
    let p = Project::new();
    p.file(
        "glossary/glossary.toml",
        "[[entries]]\nterm = \"widget\"\nsummary = \"A part.\"\n\n[[entries]]\nterm = \"gizmo\"\nsummary = \"Nobody says it.\"\n",
    );
    p.file(
        "docs/a<b>.md",
        "# A\n\nA widget and two widgets. The QPX runs. A data lake quota (DLQ).\n",
    );
    p.file(
        "docs/b.md",
        "# B | pipes\n\nThe QPX again. A dead-letter queue (DLQ).\n",
    );
    p
}

#[test]
fn json_has_each_document_and_the_repository_view() {
    let p = tree();
    let run = p.run(&["report", "--format", "json", "docs"]);
    run.expect_code(0);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["totals"]["documents"], 2, "{run}");
    let a = &report["documents"][0];
    assert_eq!(a["path"], "docs/a<b>.md");
    assert_eq!(a["terms"][0]["term"], "widget");
    assert_eq!(a["terms"][0]["uses"], 2);
    assert_eq!(a["unexplained"], serde_json::json!(["QPX"]));
    assert_eq!(a["explained"], serde_json::json!(["DLQ"]));
    assert_eq!(a["definitions"][0]["expansion"], "data lake quota");
    assert_eq!(report["top_unexplained"][0]["acronym"], "QPX");
    assert_eq!(
        report["top_unexplained"][0]["documents"],
        serde_json::json!(["docs/a<b>.md", "docs/b.md"])
    );
    assert_eq!(report["conflicts"][0]["acronym"], "DLQ");
    assert_eq!(report["unused_entries"], serde_json::json!(["gizmo"]));
}

#[test]
fn markdown_tables_escape_what_documents_hold() {
    let p = tree();
    let run = p.run(&["report", "docs"]);
    run.expect_code(0);
    let out = &run.stdout;
    assert!(out.starts_with("# Glossary report\n"), "{run}");
    assert!(
        out.contains("| QPX | 2 | docs/a&lt;b>.md, docs/b.md |"),
        "{run}"
    );
    assert!(out.contains("| widget | 1 | 2 |"), "{run}");
    assert!(
        out.contains("| DLQ | data lake quota | docs/a&lt;b>.md |"),
        "{run}"
    );
    assert!(
        out.contains("## Unused glossary entries\n\n- gizmo\n"),
        "{run}"
    );
}

#[test]
fn html_is_one_self_contained_escaped_page_written_to_a_file() {
    let p = tree();
    let run = p.run(&[
        "report",
        "--format",
        "html",
        "--output",
        "report.html",
        "docs",
    ]);
    run.expect_code(0);
    assert_eq!(run.stdout, "", "the report goes to the file");
    let html = std::fs::read_to_string(p.path("report.html")).expect("report.html");
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("<style>"), "inline CSS");
    assert!(html.contains("<svg role=\"img\""), "an inline chart");
    assert!(!html.contains("<script"), "no script");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing fetched"
    );
    assert!(html.contains("docs/a&lt;b&gt;.md"), "paths escaped");
    assert!(!html.contains("a<b>"), "no raw markup from a path");
}

#[test]
fn report_refuses_stdin_and_reports_an_unwritable_output() {
    let p = tree();
    let run = p.run(&["report", "-"]);
    run.expect_code(2);
    assert!(run.stderr.contains("not stdin"), "{run}");
    let run = p.run(&["report", "--output", "no/such/dir/r.md", "docs"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("cannot write no/such/dir/r.md"),
        "{run}"
    );
}

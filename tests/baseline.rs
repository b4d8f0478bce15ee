//! Adopting glossary-ls on a repository with findings: `--write-baseline` and `--baseline`.

mod common;

use common::Project;

#[test]
fn a_baseline_hides_recorded_findings_even_when_lines_move() {
    let p = Project::new();
    p.file("a.md", "The QBA here.\n\nThe QBB there.\n");
    let run = p.run(&["check", "a.md", "--write-baseline", "baseline.json"]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("wrote 2 findings to the baseline baseline.json"),
        "{run}"
    );

    // Lines inserted above both findings and a new finding below them.
    p.file(
        "a.md",
        "# Notes\n\nAn introduction.\n\nThe QBA here.\n\nThe QBB there.\n\nThe QBC is new.\n",
    );
    let report = p.check_json(&["a.md", "--baseline", "baseline.json"]);
    report.run.expect_code(1);
    assert_eq!(report.findings(), [("undefined-acronym", 9, 5, "QBC")]);
    assert_eq!(report.summary()["baseline"]["known"], 2);
    assert_eq!(report.summary()["baseline"]["gone"], 0);

    // A recorded finding fixed: counted as gone, so the baseline can be tightened.
    p.file("a.md", "The QBA here.\n");
    let run = p.run(&["check", "a.md", "--baseline", "baseline.json"]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("1 recorded finding no longer occurs: run with --write-baseline baseline.json to tighten it"),
        "{run}"
    );
    p.run(&["check", "a.md", "--write-baseline", "baseline.json"])
        .expect_code(0);
    let run = p.run(&["check", "a.md", "--baseline", "baseline.json"]);
    run.expect_code(0);
    assert!(!run.stderr.contains("no longer"), "{run}");
}

#[test]
fn an_edited_line_is_a_new_finding() {
    let p = Project::new();
    p.file("a.md", "The QBD here.\n");
    p.run(&["check", "a.md", "--write-baseline", "b.json"])
        .expect_code(0);
    p.file("a.md", "The QBD is somewhere else now.\n");
    let report = p.check_json(&["a.md", "--baseline", "b.json"]);
    assert_eq!(report.findings(), [("undefined-acronym", 1, 5, "QBD")]);
    assert_eq!(report.summary()["baseline"]["gone"], 1);
}

#[test]
fn a_broken_baseline_is_a_usage_error_with_its_position() {
    let p = Project::new();
    p.file("a.md", "Fine.\n");
    p.file(
        "b.json",
        "{\n  \"version\": 1,\n  \"findings\": [oops]\n}\n",
    );
    let run = p.run(&["check", "a.md", "--baseline", "b.json"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .starts_with("glossary-ls: error: b.json:3:16: not a glossary-ls baseline"),
        "{run}"
    );
    let run = p.run(&["check", "a.md", "--baseline", "missing.json"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("missing.json: cannot read baseline"),
        "{run}"
    );
}

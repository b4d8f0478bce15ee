//! Silencing findings: inline comments in the document, and rule levels in glossary-ls.toml.

mod common;

use common::{NO_FINDINGS, Project};

fn findings(text: &str) -> Vec<common::Finding> {
    Project::new().findings_of("a.md", text, &["--no-builtin"])
}

#[test]
fn disable_next_line_silences_only_the_next_line() {
    let text = "\
<!-- glossary-ls-disable-next-line undefined-acronym -->
The QDA is here.
The QDB is on the line after.
";
    assert_eq!(findings(text), [("undefined-acronym", 3, 5, "QDB")]);
}

#[test]
fn disable_next_line_silences_only_the_rules_it_names() {
    let p = Project::new();
    p.file(
        "team.toml",
        "[[entries]]\nterm = \"KPI\"\nexpansion = \"Key Performance Indicator\"\n",
    );
    let text = "\
Key Performance Indicator (KPI).

<!-- glossary-ls-disable-next-line term-case -->
The Kpi and the QDC.
";
    assert_eq!(
        p.findings_of("a.md", text, &["--no-builtin", "--glossary", "team.toml"]),
        [("undefined-acronym", 4, 17, "QDC")]
    );
}

#[test]
fn disable_next_line_without_rules_silences_every_rule() {
    let text = "<!-- glossary-ls-disable-next-line -->\nThe QDA is here.\n\nThe QDB is not.\n";
    assert_eq!(findings(text), [("undefined-acronym", 4, 5, "QDB")]);
}

#[test]
fn disable_and_enable_silence_the_lines_between() {
    let text = "\
The QDA is before.

<!-- glossary-ls-disable undefined-acronym -->
The QDB is inside.

The QDC is inside too.
<!-- glossary-ls-enable undefined-acronym -->

The QDD is after.
";
    assert_eq!(
        findings(text),
        [
            ("undefined-acronym", 1, 5, "QDA"),
            ("undefined-acronym", 9, 5, "QDD"),
        ]
    );
}

#[test]
fn disable_without_enable_lasts_to_the_end() {
    let text = "The QDA is before.\n\n<!-- glossary-ls-disable -->\nThe QDB.\n\nThe QDC.\n";
    assert_eq!(findings(text), [("undefined-acronym", 1, 5, "QDA")]);
}

#[test]
fn a_use_after_the_disabled_range_is_reported_as_the_first_use() {
    let text = "<!-- glossary-ls-disable undefined-acronym -->\nThe QDA.\n<!-- glossary-ls-enable undefined-acronym -->\n\nThe QDA again.\n";
    assert_eq!(findings(text), [("undefined-acronym", 5, 5, "QDA")]);
}

#[test]
fn a_directive_naming_an_unknown_rule_silences_nothing() {
    // A typo in the rule name must not turn into "every rule".
    let text = "\
<!-- glossary-ls-disable-next-line undefined-acronyms -->
The QDA is here.

<!-- glossary-ls-disable undefined-acronym -->
The QDB is silenced.
<!-- glossary-ls-enable undefined-acronmy -->

The QDC is still silenced: the typo closed nothing.
";
    assert_eq!(findings(text), [("undefined-acronym", 2, 5, "QDA")]);
}

#[test]
fn allow_comments_explain_acronyms_in_the_whole_document() {
    let text = "\
The QDF is used before the comment.

<!-- glossary-ls: allow QDF QDG -->
The QDF and QDG are here. The QDH is not allowed.
";
    assert_eq!(findings(text), [("undefined-acronym", 4, 31, "QDH")]);
}

#[test]
fn directives_work_in_plain_text_files() {
    let p = Project::new();
    let text =
        "glossary-ls-disable-next-line undefined-acronym\nThe QDA is here.\nThe QDB is not.\n";
    assert_eq!(
        p.findings_of("notes.txt", text, &["--no-builtin"]),
        [("undefined-acronym", 3, 5, "QDB")]
    );
}

#[test]
fn a_directive_inside_a_code_block_is_no_directive() {
    let text = "```\n<!-- glossary-ls-disable -->\n```\n\nThe QDA is here.\n";
    assert_eq!(findings(text), [("undefined-acronym", 5, 5, "QDA")]);
}

// --- configuration -----------------------------------------------------------------------

const TEAM: &str = "\
[[entries]]
term = \"KPI\"
expansion = \"Key Performance Indicator\"

[[entries]]
term = \"whitelist\"
status = \"deprecated\"
use_instead = \"allowlist\"
";

const DOC: &str = "The KPI, a Kpi, the whitelist and the QDX.\n";

/// A project with the team glossary and `rules` as the `[rules]` table of its configuration;
/// returns the (rule, severity) of each finding in [`DOC`].
fn rule_levels(rules: &str) -> Vec<(String, String)> {
    let p = Project::new();
    p.file("team.toml", TEAM);
    p.file(
        "glossary-ls.toml",
        format!("[glossary]\nsources = [\"team.toml\"]\nbuiltin = false\n\n[rules]\n{rules}"),
    );
    p.file("a.md", DOC);
    p.check_json(&["a.md"])
        .diagnostics()
        .into_iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn levels(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(r, s)| (r.to_string(), s.to_string()))
        .collect()
}

#[test]
fn default_severities() {
    assert_eq!(
        rule_levels(""),
        levels(&[
            ("unexpanded-first-use", "info"),
            ("term-case", "hint"),
            ("deprecated-term", "info"),
            ("undefined-acronym", "warning"),
        ])
    );
}

#[test]
fn rules_can_be_turned_off_in_the_configuration() {
    assert_eq!(
        rule_levels("undefined-acronym = \"off\"\nterm-case = \"off\"\n"),
        levels(&[
            ("unexpanded-first-use", "info"),
            ("deprecated-term", "info")
        ])
    );
    assert_eq!(
        rule_levels(
            "unexpanded-first-use = \"off\"\ndeprecated-term = \"off\"\nterm-case = \"off\"\nundefined-acronym = \"off\"\n"
        ),
        levels(&[])
    );
}

#[test]
fn severities_can_be_changed_in_the_configuration() {
    assert_eq!(
        rule_levels(
            "undefined-acronym = \"error\"\nterm-case = \"warning\"\ndeprecated-term = \"hint\"\nunexpanded-first-use = \"error\"\n"
        ),
        levels(&[
            ("unexpanded-first-use", "error"),
            ("term-case", "warning"),
            ("deprecated-term", "hint"),
            ("undefined-acronym", "error"),
        ])
    );
}

#[test]
fn a_raised_severity_changes_the_exit_status() {
    let p = Project::new();
    p.file("a.md", "The API is here.\n"); // unexpanded-first-use: info
    p.run(&["check", "a.md"]).expect_code(0);
    p.file(
        "glossary-ls.toml",
        "[rules]\nunexpanded-first-use = \"error\"\n",
    );
    let run = p.run(&["check", "a.md"]);
    run.expect_code(1);
    assert!(
        run.stdout
            .starts_with("a.md:1:5: error[unexpanded-first-use]: "),
        "{run}"
    );
}

#[test]
fn glossary_rules_can_be_turned_off_too() {
    let p = Project::new();
    p.file(
        "bad.toml",
        "[[entries]]\nterm = \"QDY\"\nsummary = \"s\"\nsee_also = [\"nothing\"]\n",
    );
    p.file("a.md", "Fine.\n");
    p.file("glossary-ls.toml", "[glossary]\nsources = [\"bad.toml\"]\n");
    assert_eq!(p.findings(&["a.md"]), [("broken-see-also", 1, 1, "")]);
    p.file(
        "glossary-ls.toml",
        "[glossary]\nsources = [\"bad.toml\"]\n\n[rules]\nbroken-see-also = \"off\"\n",
    );
    assert_eq!(p.findings(&["a.md"]), NO_FINDINGS);
}

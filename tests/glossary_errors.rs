//! Glossary and configuration problems that lose no data: every error reported where it is,
//! the rest still loaded and used, and `check` exiting 2 after reporting everything.

mod common;

use common::Project;

/// Five entries, two with a syntax error (an unterminated string, a doubled `=`).
const FIVE: &str = r#"name = "team"

[[entries]]
term = "QAA"
summary = "First."

[[entries]]
term = "QBB
summary = "Second."

[[entries]]
term = "QCC"
definition = """
[[entries]]
is text here, not a header."""

[[entries]]
term = "QDD"
summary = = "Fourth."

[[entries]]
term = "QEE"
expansion = "Quite Early Entry"
"#;

/// Uses the five terms; those of the broken entries stay undefined.
const DOC: &str = "QAA, QBB, QCC, QDD and QEE.\n";

/// The `path:line:col: severity[rule]: message` lines of a human report.
fn headlines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| l.contains("]: ") && !l.starts_with(' '))
        .collect()
}

fn five(line_break: &str) -> Project {
    let p = Project::new();
    p.file("glossary.toml", FIVE.replace('\n', line_break));
    p.file("doc.md", DOC);
    p
}

#[test]
fn two_syntax_errors_lose_only_their_two_entries() {
    for line_break in ["\n", "\r\n"] {
        let p = five(line_break);
        let run = p.run(&[
            "check",
            "doc.md",
            "--no-builtin",
            "--glossary",
            "glossary.toml",
        ]);
        // Broken glossary: exit 2, after printing the document's findings.
        run.expect_code(2);
        let lines = headlines(&run.stdout);
        assert_eq!(
            lines[..3],
            [
                "glossary.toml:8:12: error[glossary-syntax]: invalid basic string, expected `\"`",
                "glossary.toml:19:11: error[glossary-syntax]: extra `=`, expected nothing",
                "glossary.toml:19:13: error[glossary-syntax]: unexpected key or value, expected newline, `#`",
            ],
            "line breaks {line_break:?}:\n{run}"
        );
        // The three good entries work: only the two broken ones are undefined.
        let rest: Vec<&str> = lines[3..]
            .iter()
            .map(|l| l.split("]: ").next().unwrap_or(l))
            .collect();
        assert_eq!(
            rest,
            [
                "doc.md:1:6: warning[undefined-acronym",
                "doc.md:1:16: warning[undefined-acronym",
                "doc.md:1:24: info[unexpanded-first-use",
            ],
            "line breaks {line_break:?}:\n{run}"
        );
    }
}

#[test]
fn the_json_output_has_the_same_errors_and_exit_status() {
    let p = five("\n");
    let report = p.check_json(&["doc.md", "--no-builtin", "--glossary", "glossary.toml"]);
    report.run.expect_code(2);
    assert_eq!(
        report.findings(),
        [
            ("glossary-syntax", 8, 12, ""),
            ("glossary-syntax", 19, 11, ""),
            ("glossary-syntax", 19, 13, ""),
            ("undefined-acronym", 1, 6, "QBB"),
            ("undefined-acronym", 1, 16, "QDD"),
            ("unexpanded-first-use", 1, 24, "QEE"),
        ]
    );
}

#[test]
fn a_broken_glossary_exits_2_whatever_the_threshold() {
    let p = five("\n");
    for flags in [
        ["--fail-on", "never"].as_slice(),
        ["--fail-on", "error"].as_slice(),
        ["--format", "sarif"].as_slice(),
        ["--max-warnings", "100"].as_slice(),
    ] {
        let mut args = vec![
            "check",
            "doc.md",
            "--no-builtin",
            "--glossary",
            "glossary.toml",
        ];
        args.extend_from_slice(flags);
        p.run(&args).expect_code(2);
    }
    // Turned off, a problem is not reported and breaks nothing.
    p.file("glossary-ls.toml", "[rules]\nglossary-syntax = \"off\"\n");
    let run = p.run(&[
        "check",
        "doc.md",
        "--no-builtin",
        "--glossary",
        "glossary.toml",
    ]);
    run.expect_code(1);
}

#[test]
fn duplicates_and_broken_links_exit_2_too() {
    let p = Project::new();
    p.file("doc.md", "Fine.\n");
    p.file(
        "dup.toml",
        "[[entries]]\nterm = \"QAA\"\nsummary = \"s\"\n\n[[entries]]\nterm = \"QAA\"\nsummary = \"t\"\n",
    );
    p.file(
        "link.toml",
        "[[entries]]\nterm = \"QBB\"\nsummary = \"s\"\nsee_also = [\"nothing\"]\n",
    );
    for glossary in ["dup.toml", "link.toml"] {
        let run = p.run(&["check", "doc.md", "--no-builtin", "--glossary", glossary]);
        run.expect_code(2);
        assert!(run.stdout.contains("error["), "{run}");
    }
}

#[test]
fn unknown_fields_are_reported_at_the_field_and_the_entry_kept() {
    let p = Project::new();
    p.file(
        "fields.toml",
        "[[entries]]\nterm = \"QTA\"\nsummary = \"Kept.\"\n  colour = \"red\"\nsize = 2\n",
    );
    p.file(
        "fields.json",
        "{\n  \"entries\": [\n    {\"term\": \"QJA\", \"summary\": \"Kept.\",\n     \"colour\": \"red\"}\n  ]\n}\n",
    );
    p.file("doc.md", "QTA and QJA.\n");
    let report = p.check_json(&[
        "doc.md",
        "--no-builtin",
        "--glossary",
        "fields.toml",
        "--glossary",
        "fields.json",
    ]);
    report.run.expect_code(2);
    // Both entries load: their acronyms are known (no undefined-acronym finding).
    assert_eq!(
        report.findings(),
        [
            ("glossary-syntax", 4, 3, ""),
            ("glossary-syntax", 5, 1, ""),
            ("glossary-syntax", 4, 6, ""),
        ]
    );
    let messages = report.messages();
    assert!(messages[0].starts_with("unknown field `colour`, expected one of `term`"));
    assert!(messages[1].starts_with("unknown field `size`"));
    assert!(messages[2].starts_with("unknown field `colour`"));
}

#[test]
fn a_value_of_the_wrong_type_is_reported_at_the_value() {
    let p = Project::new();
    p.file(
        "types.toml",
        "[[entries]]\nterm = \"QTA\"\nsummary = 3\nexpansion = \"Quite Typed A\"\n",
    );
    p.file("doc.md", "Quite Typed A (QTA).\n");
    let report = p.check_json(&["doc.md", "--no-builtin", "--glossary", "types.toml"]);
    assert_eq!(report.findings(), [("glossary-syntax", 3, 11, "")]);
    assert_eq!(
        report.messages(),
        ["`summary` must be a string, not an integer"]
    );
}

#[test]
fn an_entry_that_says_nothing_is_an_incomplete_entry() {
    let p = Project::new();
    p.file(
        "glossary.toml",
        "[[entries]]\nterm = \"QAA\"\nsummary = \"Said.\"\n\n[[entries]]\n  term = \"QBB\"\n\n[[entries]]\nterm = \"old word\"\nstatus = \"forbidden\"\nuse_instead = \"new word\"\n",
    );
    p.file("glossary.md", "## QMM\n\n## QNN\n\nSaid.\n");
    p.file("doc.md", "QAA, QBB and QMM.\n");
    let args = [
        "doc.md",
        "--no-builtin",
        "--glossary",
        "glossary.toml",
        "--glossary",
        "glossary.md",
    ];
    let report = p.check_json(&args);
    // A warning about the glossary, not a broken glossary: exit 1 (findings).
    report.run.expect_code(1);
    assert_eq!(
        report.findings(),
        [
            ("incomplete-entry", 6, 10, ""),
            ("incomplete-entry", 1, 1, ""),
        ]
    );
    assert_eq!(
        report.messages()[0],
        "entry `QBB` has no expansion, summary or definition: say what it means"
    );
    assert_eq!(report.diagnostics()[0]["severity"], "warning");
    let mut human = vec!["check"];
    human.extend(args);
    let run = p.run(&human);
    assert!(
        run.stdout.contains(
            "glossary.toml:6:10: warning[incomplete-entry]: entry `QBB` has no expansion, summary or definition"
        ),
        "{run}"
    );
    // It follows --fail-on like any warning.
    let mut never = human.clone();
    never.extend(["--fail-on", "error"]);
    p.run(&never).expect_code(0);
    // And can be turned off.
    p.file("glossary-ls.toml", "[rules]\nincomplete-entry = \"off\"\n");
    let report = p.check_json(&args);
    report.run.expect_code(0);
    assert_eq!(report.findings(), common::NO_FINDINGS);
}

#[test]
fn every_configuration_error_is_reported_and_the_documents_still_checked() {
    let p = Project::new();
    p.file(
        "glossary-ls.toml",
        "[acronyms]\nallow = [\"QEA\"]\nalow = []\n\n[rules]\nundefined-acronym = \"loud\"\nno-such-rule = \"off\"\n",
    );
    p.file("doc.md", "The QEA and the QZZ.\n");
    let run = p.run(&["check", "doc.md"]);
    run.expect_code(2);
    assert_eq!(
        run.stderr.lines().collect::<Vec<_>>(),
        [
            "glossary-ls: error: glossary-ls.toml:3:1: unknown field `alow`, expected one of `allow`, `builtin-allow`, `audience`",
            "glossary-ls: error: glossary-ls.toml:6:21: unknown variant `loud`, expected one of `error`, `warning`, `info`, `hint`, `off`",
            "glossary-ls: error: glossary-ls.toml:7:1: unknown field `no-such-rule`, expected one of `undefined-acronym`, `used-before-definition`, `unexpanded-first-use`, `forbidden-term`, `deprecated-term`, `term-case`, `glossary-syntax`, `duplicate-term`, `broken-see-also`, `incomplete-entry`, `conflicting-definition`, `inconsistent-expansion`, `unused-entry`, `glossary-candidate`",
        ],
        "{run}"
    );
    // Checked with what is right in the configuration: QEA allowed, QZZ not.
    let lines = headlines(&run.stdout);
    assert_eq!(lines.len(), 1, "{run}");
    assert!(
        lines[0].starts_with("doc.md:1:17: warning[undefined-acronym]: `QZZ` is not explained"),
        "{run}"
    );
    // The same for the JSON format, and `define` still refuses a broken configuration.
    let report = p.check_json(&["doc.md"]);
    report.run.expect_code(2);
    assert_eq!(report.findings(), [("undefined-acronym", 1, 17, "QZZ")]);
    let run = p.run(&["define", "API"]);
    run.expect_code(2);
    assert_eq!(run.stderr.lines().count(), 3, "{run}");
}

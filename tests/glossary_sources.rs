//! Glossary sources (TOML, JSON, Markdown; by flag and by configuration), their errors, and
//! errors in glossary-ls.toml itself.

mod common;

use common::Project;

const TOML_GLOSSARY: &str = r#"
[[entries]]
term = "QTA"
expansion = "Quick Toml Alpha"
aliases = ["toml alpha"]
summary = "The TOML test entry."
"#;

const JSON_GLOSSARY: &str = r#"{
  "entries": [
    {"term": "QJA", "expansion": "Quick Json Alpha", "summary": "The JSON test entry."}
  ]
}
"#;

const MARKDOWN_GLOSSARY: &str = "\
# Team glossary

## QMA (Quick Markdown Alpha)

Aliases: markdown alpha

The Markdown test entry. It has a body.
";

/// The document every glossary test checks: one acronym from each format, and one unknown.
const DOC: &str = "The QTA, the QJA, the QMA and the QZZ.\n";

fn project_with_glossaries() -> Project {
    let p = Project::new();
    p.file("glossaries/team.toml", TOML_GLOSSARY);
    p.file("glossaries/team.json", JSON_GLOSSARY);
    p.file("glossaries/team.md", MARKDOWN_GLOSSARY);
    p.file("doc.md", DOC);
    p
}

#[test]
fn without_a_glossary_every_acronym_is_undefined() {
    let p = project_with_glossaries();
    assert_eq!(
        p.findings(&["doc.md", "--no-builtin"]),
        [
            ("undefined-acronym", 1, 5, "QTA"),
            ("undefined-acronym", 1, 14, "QJA"),
            ("undefined-acronym", 1, 23, "QMA"),
            ("undefined-acronym", 1, 35, "QZZ"),
        ]
    );
}

#[test]
fn each_format_loaded_with_the_glossary_flag_makes_its_terms_known() {
    let p = project_with_glossaries();
    let findings = p.findings(&[
        "doc.md",
        "--no-builtin",
        "--glossary",
        "glossaries/team.toml",
        "--glossary",
        "glossaries/team.json",
        "--glossary",
        "glossaries/team.md",
    ]);
    assert_eq!(
        findings,
        [
            ("unexpanded-first-use", 1, 5, "QTA"),
            ("unexpanded-first-use", 1, 14, "QJA"),
            ("unexpanded-first-use", 1, 23, "QMA"),
            ("undefined-acronym", 1, 35, "QZZ"),
        ]
    );
}

#[test]
fn define_finds_terms_of_each_format() {
    let p = project_with_glossaries();
    let flags = [
        "--glossary",
        "glossaries/team.toml",
        "--glossary",
        "glossaries/team.json",
        "--glossary",
        "glossaries/team.md",
    ];
    let define = |term: &str| {
        let mut args = flags.to_vec();
        args.extend(["define", term]);
        let run = p.run(&args);
        run.expect_code(0);
        run.stdout
    };
    assert_eq!(
        define("QTA"),
        "QTA — Quick Toml Alpha\nAlso: toml alpha\n\nThe TOML test entry.\n\nSource: glossaries/team.toml:2:1\n"
    );
    assert_eq!(
        define("QJA"),
        "QJA — Quick Json Alpha\n\nThe JSON test entry.\n\nSource: glossaries/team.json:3:5\n"
    );
    assert_eq!(
        define("QMA"),
        "QMA — Quick Markdown Alpha\nAlso: markdown alpha\n\nThe Markdown test entry. It has a body.\n\nSource: glossaries/team.md:3:1\n"
    );
}

#[test]
fn configured_sources_may_be_files_and_folders() {
    let p = Project::new();
    p.file("glossaries/team.toml", TOML_GLOSSARY);
    p.file("glossaries/more/team.json", JSON_GLOSSARY);
    p.file("extra.md", MARKDOWN_GLOSSARY);
    p.file(
        "glossary-ls.toml",
        "[glossary]\nsources = [\"glossaries\", \"extra.md\"]\nbuiltin = false\n",
    );
    p.file("docs/doc.md", DOC);
    assert_eq!(
        p.findings(&["docs/doc.md"]),
        [
            ("unexpanded-first-use", 1, 5, "QTA"),
            ("unexpanded-first-use", 1, 14, "QJA"),
            ("unexpanded-first-use", 1, 23, "QMA"),
            ("undefined-acronym", 1, 35, "QZZ"),
        ]
    );
    for term in ["QTA", "qja", "Quick Markdown Alpha"] {
        p.run(&["define", term]).expect_code(0);
    }
}

#[test]
fn configured_sources_are_relative_to_the_configuration_file() {
    let p = Project::new();
    p.file("project/glossaries/team.toml", TOML_GLOSSARY);
    p.file(
        "project/glossary-ls.toml",
        "[glossary]\nsources = [\"glossaries/team.toml\"]\n",
    );
    p.file("project/docs/deep/doc.md", "The QTA.\n");
    assert_eq!(
        p.findings(&["project/docs/deep/doc.md"]),
        [("unexpanded-first-use", 1, 5, "QTA")]
    );
    // From inside the document's folder, the same configuration is found by walking up.
    let report = p.check_json_in("project/docs/deep", &["doc.md"]);
    assert_eq!(report.findings(), [("unexpanded-first-use", 1, 5, "QTA")]);
}

#[test]
fn glossary_files_in_a_checked_folder_are_not_checked_as_documents() {
    let p = Project::new();
    p.file(
        "docs/glossary.md",
        "## QMB (Quick Markdown Bravo)\n\nThe QMB body.\n",
    );
    p.file("docs/doc.md", "Quick Markdown Bravo (QMB) and the QMB.\n");
    p.file(
        "glossary-ls.toml",
        "[glossary]\nsources = [\"docs/glossary.md\"]\n",
    );
    let report = p.check_json(&["docs"]);
    assert_eq!(report.paths(), ["docs/doc.md"]);
}

// --- errors in glossary files ------------------------------------------------------------

/// Runs `check doc.md` with the given glossaries (human output) and returns the run.
fn check_with(p: &Project, glossaries: &[&str]) -> common::Run {
    p.file("doc.md", "Fine.\n");
    let mut args = vec!["check", "doc.md", "--no-builtin"];
    for g in glossaries {
        args.extend(["--glossary", g]);
    }
    p.run(&args)
}

/// The `path:line:col: severity[rule]: message` lines of a human report.
fn headlines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| l.contains("]: ") && !l.starts_with(' '))
        .collect()
}

#[test]
fn toml_syntax_error() {
    let p = Project::new();
    p.file("bad.toml", "[[entries]]\nterm = \"QTB\nsummary = \"x\"\n");
    let run = check_with(&p, &["bad.toml"]);
    run.expect_code(2);
    assert_eq!(
        headlines(&run.stdout),
        ["bad.toml:2:12: error[glossary-syntax]: invalid basic string, expected `\"`"]
    );
    // The source line and a caret under the column.
    assert!(
        run.stdout.contains("2 | term = \"QTB\n  |            ^\n"),
        "{run}"
    );
}

#[test]
fn json_syntax_error() {
    let p = Project::new();
    p.file(
        "bad.json",
        "{\n  \"entries\": [\n    {\"term\": }\n  ]\n}\n",
    );
    let run = check_with(&p, &["bad.json"]);
    run.expect_code(2);
    assert_eq!(
        headlines(&run.stdout),
        ["bad.json:3:14: error[glossary-syntax]: expected value"]
    );
}

#[test]
fn unknown_fields_and_empty_terms_in_toml_and_json() {
    let p = Project::new();
    p.file(
        "fields.toml",
        "[[entries]]\nterm = \"QTB\"\ncolour = \"red\"\n\n[[entries]]\nterm = \"  \"\n\n[[entries]]\nterm = \"QTC\"\n",
    );
    p.file(
        "fields.json",
        "{\n  \"entries\": [\n    {\"term\": \"QJB\", \"colour\": \"red\"},\n    {\"term\": \"\"},\n    {\"term\": \"QJC\"}\n  ]\n}\n",
    );
    let run = check_with(&p, &["fields.toml", "fields.json"]);
    run.expect_code(2);
    let expected_fields = "expected one of `term`, `expansion`, `aliases`, `summary`, `definition`, \
                           `see_also`, `tags`, `status`, `use_instead`, `case`";
    assert_eq!(
        headlines(&run.stdout),
        [
            "fields.toml:2:8: warning[incomplete-entry]: entry `QTB` has no expansion, summary or definition: say what it means".to_string(),
            // Unknown fields at the field, empty terms at the term; the entries are kept.
            format!(
                "fields.toml:3:1: error[glossary-syntax]: unknown field `colour`, {expected_fields}"
            ),
            "fields.toml:6:8: error[glossary-syntax]: entry has an empty `term`".to_string(),
            "fields.toml:9:8: warning[incomplete-entry]: entry `QTC` has no expansion, summary or definition: say what it means".to_string(),
            "fields.json:3:14: warning[incomplete-entry]: entry `QJB` has no expansion, summary or definition: say what it means".to_string(),
            format!(
                "fields.json:3:21: error[glossary-syntax]: unknown field `colour`, {expected_fields}"
            ),
            "fields.json:4:14: error[glossary-syntax]: entry has an empty `term`".to_string(),
            "fields.json:5:14: warning[incomplete-entry]: entry `QJC` has no expansion, summary or definition: say what it means".to_string(),
        ]
    );
    // The good entries of both files still load, and those with an unknown field too.
    for term in ["QTB", "QTC", "QJB", "QJC"] {
        p.run(&[
            "--glossary",
            "fields.toml",
            "--glossary",
            "fields.json",
            "define",
            term,
        ])
        .expect_code(0);
    }
}

#[test]
fn markdown_glossary_errors() {
    let p = Project::new();
    p.file(
        "bad.md",
        "# G\n\n## QMC (Quick Markdown Charlie)\n\nStatus: maybe\n\n## QMD (Quick Markdown Delta)\n\nSee also: QMZ\n\nFine.\n",
    );
    let run = check_with(&p, &["bad.md"]);
    run.expect_code(2);
    assert_eq!(
        headlines(&run.stdout),
        [
            "bad.md:3:1: error[glossary-syntax]: unknown status `maybe` for `QMC`: expected preferred, deprecated or forbidden",
            "bad.md:7:1: error[broken-see-also]: `QMD` has see_also `QMZ`, which names no entry",
        ]
    );
}

#[test]
fn duplicate_terms_and_aliases_across_two_sources() {
    let p = Project::new();
    p.file("first.json", JSON_GLOSSARY);
    p.file(
        "second.toml",
        "[[entries]]\nterm = \"QJA\"\nsummary = \"s\"\n\n[[entries]]\nterm = \"QTD\"\nsummary = \"s\"\naliases = [\"quick json alpha\"]\n",
    );
    let run = check_with(&p, &["first.json", "second.toml"]);
    run.expect_code(2);
    assert_eq!(
        headlines(&run.stdout),
        [
            "second.toml:1:1: error[duplicate-term]: duplicate term `QJA`: entry `QJA` already uses it at first.json:3:5",
            "second.toml:5:1: error[duplicate-term]: duplicate term `quick json alpha`: entry `QJA` already uses it at first.json:3:5",
        ]
    );
    // The first definition wins; the second entry keeps its own term.
    let run = p.run(&[
        "--glossary",
        "first.json",
        "--glossary",
        "second.toml",
        "define",
        "QJA",
    ]);
    assert!(run.stdout.ends_with("Source: first.json:3:5\n"), "{run}");
    p.run(&[
        "--glossary",
        "first.json",
        "--glossary",
        "second.toml",
        "define",
        "QTD",
    ])
    .expect_code(0);
}

#[test]
fn see_also_naming_no_entry() {
    let p = Project::new();
    p.file(
        "g.toml",
        "[[entries]]\nterm = \"QTE\"\nsummary = \"s\"\nsee_also = [\"QTF\", \"nothing at all\"]\n\n[[entries]]\nterm = \"QTF\"\nsummary = \"s\"\n",
    );
    let run = check_with(&p, &["g.toml"]);
    run.expect_code(2);
    assert_eq!(
        headlines(&run.stdout),
        [
            "g.toml:1:1: error[broken-see-also]: `QTE` has see_also `nothing at all`, which names no entry"
        ]
    );
}

#[test]
fn glossary_errors_in_json_output_have_positions() {
    let p = Project::new();
    p.file(
        "bad.json",
        "{\n  \"entries\": [\n    {\"term\": }\n  ]\n}\n",
    );
    p.file("doc.md", "Fine.\n");
    let report = p.check_json(&["doc.md", "--glossary", "bad.json"]);
    assert_eq!(report.findings(), [("glossary-syntax", 3, 14, "")]);
    let d = &report.file("bad.json")["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "expected value");
}

#[test]
fn one_bad_glossary_does_not_stop_a_good_one() {
    let p = Project::new();
    p.file("bad.toml", "[[entries]\nterm = \"QTG\"\n");
    p.file("good.toml", TOML_GLOSSARY);
    p.file("doc.md", "The QTA and the QTG.\n");
    let findings = p.findings(&[
        "doc.md",
        "--no-builtin",
        "--glossary",
        "bad.toml",
        "--glossary",
        "good.toml",
    ]);
    assert_eq!(
        findings,
        [
            ("glossary-syntax", 1, 11, ""),
            ("unexpanded-first-use", 1, 5, "QTA"),
            ("undefined-acronym", 1, 17, "QTG"),
        ]
    );
    // In a configured folder too.
    p.file("glossaries/bad.toml", "[[entries]\nterm = \"QTG\"\n");
    p.file("glossaries/good.toml", TOML_GLOSSARY);
    p.file(
        "glossary-ls.toml",
        "[glossary]\nsources = [\"glossaries\"]\nbuiltin = false\n",
    );
    let run = p.run(&["define", "QTA"]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("glossary-ls: warning: glossaries/bad.toml:1:11: "),
        "{run}"
    );
}

#[test]
fn define_and_terms_report_glossary_problems_as_warnings() {
    let p = Project::new();
    p.file(
        "bad.toml",
        "[[entries]]\nterm = \"QTH\"\nsummary = \"s\"\ncolour = 1\n",
    );
    let run = p.run(&["--glossary", "bad.toml", "terms"]);
    run.expect_code(0);
    assert!(
        run.stderr
            .starts_with("glossary-ls: warning: bad.toml:4:1: unknown field `colour`"),
        "{run}"
    );
}

#[test]
fn a_missing_glossary_file_is_a_usage_error() {
    let p = Project::new();
    p.file("doc.md", "Fine.\n");
    let run = p.run(&["check", "doc.md", "--glossary", "nope.toml"]);
    run.expect_code(2);
    assert!(
        run.stderr.starts_with(
            "glossary-ls: error: nope.toml:1:1: cannot read: No such file or directory"
        ),
        "{run}"
    );
}

#[test]
fn a_glossary_of_an_unknown_format_is_a_usage_error() {
    let p = Project::new();
    p.file("doc.md", "Fine.\n");
    p.file("glossary.yaml", "API: Application Program Interface\n");
    let run = p.run(&["check", "doc.md", "--glossary", "glossary.yaml"]);
    run.expect_code(2);
    assert_eq!(
        run.stderr,
        "glossary-ls: error: glossary.yaml:1:1: unknown glossary format (expected .toml, .json, .md, .csv, .tbx, .rst, .adoc, .tex, a Vale accept.txt or reject.txt, or a `format` in [glossary] sources)\n"
    );
    p.file(
        "glossary-ls.toml",
        "[glossary]\nsources = [\"glossary.yaml\"]\n",
    );
    let run = p.run(&["check", "doc.md"]);
    run.expect_code(2);
    assert_eq!(
        run.stderr,
        "glossary-ls: error: glossary-ls.toml:2:12: glossary source `glossary.yaml`: \
         unknown glossary format (expected .toml, .json, .md, .csv, .tbx, .rst, .adoc, .tex, a Vale accept.txt or reject.txt, or a `format` in [glossary] sources)\n"
    );
}

// --- errors in glossary-ls.toml ----------------------------------------------------------

/// Writes `config` as glossary-ls.toml at the project root, checks a document two folders
/// below it (the configuration is found by walking up) and returns the run.
fn check_with_config(config: &str) -> common::Run {
    let p = Project::new();
    p.file("glossary-ls.toml", config);
    p.file("docs/sub/a.md", "The QEA here.\n");
    p.run(&["check", "docs/sub/a.md"])
}

fn assert_config_error(config: &str, expected: &str) {
    let run = check_with_config(config);
    run.expect_code(2);
    // The document is still checked, with what is right in the configuration.
    assert!(run.stdout.ends_with("1 file checked: 1 warning\n"), "{run}");
    assert!(
        run.stderr
            .starts_with(&format!("glossary-ls: error: {expected}")),
        "expected stderr to start with {expected:?}:\n{run}"
    );
    assert!(!run.stderr.contains("backtrace"), "{run}");
}

#[test]
fn the_configuration_is_found_in_a_parent_folder() {
    let run = check_with_config("[acronyms]\nallow = [\"QEA\"]\n");
    run.expect_code(0);
    assert_eq!(run.stdout, "1 file checked: no findings\n");
}

#[test]
fn config_unknown_key() {
    assert_config_error(
        "[glossary]\nsource = []\n",
        "glossary-ls.toml:2:1: unknown field `source`, expected `sources` or `builtin`",
    );
    assert_config_error(
        "[glosary]\n",
        "glossary-ls.toml:1:2: unknown field `glosary`",
    );
}

#[test]
fn config_bad_severity() {
    assert_config_error(
        "[rules]\nundefined-acronym = \"loud\"\n",
        "glossary-ls.toml:2:21: unknown variant `loud`, expected one of `error`, `warning`, `info`, `hint`, `off`",
    );
}

#[test]
fn config_unknown_rule() {
    assert_config_error(
        "[rules]\n\nno-such-rule = \"off\"\n",
        "glossary-ls.toml:3:1: unknown field `no-such-rule`, expected one of `undefined-acronym`",
    );
}

#[test]
fn config_syntax_error() {
    assert_config_error("[rules\n", "glossary-ls.toml:1:7: ");
}

#[test]
fn config_bad_glob() {
    assert_config_error(
        "[files]\nexclude = [\"docs/**\", \"a/[\"]\n",
        "glossary-ls.toml:2:23: invalid glob `a/[`",
    );
}

#[test]
fn config_missing_glossary_source() {
    assert_config_error(
        "[glossary]\nsources = [\"nope.toml\"]\n",
        "glossary-ls.toml:2:12: glossary source `nope.toml`: cannot read: No such file or directory",
    );
}

#[test]
fn config_error_when_found_above_the_current_folder() {
    let p = Project::new();
    p.file(
        "glossary-ls.toml",
        "[rules]\nundefined-acronym = \"loud\"\n",
    );
    p.file("docs/a.md", "Fine.\n");
    let run = p.run_in("docs", &["check", "a.md"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("glossary-ls.toml:2:21: unknown variant `loud`"),
        "{run}"
    );
    // `define` and `terms` read the same configuration.
    for args in [["define", "API"].as_slice(), ["terms"].as_slice()] {
        let run = p.run_in("docs", args);
        run.expect_code(2);
        assert!(run.stderr.contains("glossary-ls.toml:2:21: "), "{run}");
    }
}

#[test]
fn an_explicit_config_flag_is_used_instead_of_the_nearest_file() {
    let p = Project::new();
    p.file(
        "glossary-ls.toml",
        "[rules]\nundefined-acronym = \"loud\"\n",
    );
    p.file("other.toml", "[acronyms]\nallow = [\"QEA\"]\n");
    p.file("a.md", "The QEA here.\n");
    p.run(&["--config", "other.toml", "check", "a.md"])
        .expect_code(0);
    let run = p.run(&["--config", "missing.toml", "check", "a.md"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .starts_with("glossary-ls: error: missing.toml:1:1: cannot read configuration: "),
        "{run}"
    );
}

#[test]
fn the_conventional_glossary_is_read_without_configuration() {
    let p = Project::new();
    p.file(
        "glossary/glossary.toml",
        "[[entries]]\nterm = \"QCG\"\nexpansion = \"Quite Conventional Glossary\"\n",
    );
    // Known without any glossary-ls.toml: only its unexpanded first use is noted.
    let findings = p.findings_of("doc.md", "The QCG is here.\n", &[]);
    let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["unexpanded-first-use"]);
    let run = p.run(&["define", "qcg"]);
    run.expect_code(0);
    assert!(
        run.stdout.starts_with("QCG — Quite Conventional Glossary"),
        "{run}"
    );
}

//! Each diagnostic rule of `glossary-ls check`: where it fires and where it must not.

mod common;

use common::{NO_FINDINGS, Project, Report, terms_of};

/// A small team glossary used by the rule tests.
const GLOSSARY: &str = r#"
[[entries]]
term = "ZKP"
expansion = "Zero Knowledge Proof"
summary = "A proof that reveals nothing but its truth."

[[entries]]
term = "KPI"
expansion = "Key Performance Indicator"

[[entries]]
term = "IT"
expansion = "Information Technology"

[[entries]]
term = "whitelist"
status = "deprecated"
use_instead = "allowlist"

[[entries]]
term = "master branch"
status = "forbidden"
use_instead = "main branch"

[[entries]]
term = "sanity check"
status = "forbidden"
summary = "Say what is checked instead."
"#;

/// A project holding [`GLOSSARY`] as `team.toml`.
fn project() -> Project {
    let p = Project::new();
    p.file("team.toml", GLOSSARY);
    p
}

// --- undefined-acronym -------------------------------------------------------------------

#[test]
fn undefined_acronym_is_reported_once_at_first_use_with_a_count_of_the_others() {
    let p = Project::new();
    p.file(
        "spec.md",
        "Failed events go to the DLQ.\n\nThe DLQ drains hourly; alert when the DLQ grows.\n",
    );
    let report = p.check_json(&["spec.md"]);
    assert_eq!(report.findings(), [("undefined-acronym", 1, 25, "DLQ")]);
    assert_eq!(
        report.message_for("DLQ"),
        "`DLQ` is not explained: expand it at first use, as \"Long Form (DLQ)\", \
         add it to the glossary, or allow it (used 2 more times)"
    );
    assert_eq!(report.diagnostics()[0]["severity"], "warning");
}

#[test]
fn undefined_acronym_used_twice_says_once_more_and_used_once_says_nothing() {
    let p = Project::new();
    p.file("a.md", "The QRA and the QRA. Only one QRB.\n");
    let report = p.check_json(&["a.md"]);
    assert_eq!(
        report.findings(),
        [
            ("undefined-acronym", 1, 5, "QRA"),
            ("undefined-acronym", 1, 31, "QRB"),
        ]
    );
    assert!(report.message_for("QRA").ends_with("(used once more)"));
    assert!(report.message_for("QRB").ends_with("or allow it"));
}

#[test]
fn plurals_and_possessives_are_uses_of_the_base_acronym() {
    let p = Project::new();
    let findings = p.findings_of(
        "a.md",
        "Two DLQs hold the DLQ's events. The DLQ is full.\n",
        &[],
    );
    assert_eq!(findings, [("undefined-acronym", 1, 5, "DLQ")]);

    // Without the built-in glossary, API is unknown too: "APIs" is reported as API.
    let findings = p.findings_of("b.md", "Our APIs are public.\n", &["--no-builtin"]);
    assert_eq!(findings, [("undefined-acronym", 1, 5, "API")]);
}

#[test]
fn acronyms_with_digits_and_mixed_case_are_flagged_when_unknown() {
    let p = Project::new();
    let findings = p.findings_of(
        "a.md",
        "We sell B2B, speak HTTP2 and gRPC, log in with SaaS over IPv6.\n",
        &["--no-builtin"],
    );
    // A version is a use of the acronym it versions: HTTP2 is reported as HTTP.
    assert_eq!(
        findings,
        [
            ("undefined-acronym", 1, 9, "B2B"),
            ("undefined-acronym", 1, 20, "HTTP"),
            ("undefined-acronym", 1, 30, "gRPC"),
            ("undefined-acronym", 1, 48, "SaaS"),
            ("undefined-acronym", 1, 58, "IP"),
        ]
    );
}

#[test]
fn versioned_acronyms_are_known_through_their_base() {
    // HTTP and IP are in the built-in allow list, so HTTP2 and IPv6 need no expansion.
    let p = Project::new();
    let findings = p.findings_of("a.md", "We speak HTTP2 over IPv6 to a P2P network.\n", &[]);
    assert_eq!(findings, [("undefined-acronym", 1, 31, "P2P")]);
}

#[test]
fn ordinary_capitalised_words_are_not_acronyms() {
    let p = Project::new();
    let findings = p.findings_of(
        "a.md",
        "JavaScript and GitHub run on an iPhone. I think A is fine, and so is PowerPoint.\n",
        &["--no-builtin"],
    );
    assert_eq!(findings, NO_FINDINGS);
}

#[test]
fn acronyms_in_the_glossary_are_not_undefined() {
    let p = project();
    let findings = p.findings_of(
        "a.md",
        "A Zero Knowledge Proof (ZKP) and the ZKP. And the QRC.\n",
        &["--glossary", "team.toml"],
    );
    assert_eq!(findings, [("undefined-acronym", 1, 51, "QRC")]);
}

// --- used-before-definition --------------------------------------------------------------

#[test]
fn an_acronym_used_before_its_inline_definition_is_reported_at_the_early_use() {
    let p = Project::new();
    p.file(
        "spec.md",
        "The RPO is zero.\n\nLater: the Recovery Point Objective (RPO) is measured hourly.\n",
    );
    let report = p.check_json(&["spec.md"]);
    assert_eq!(report.findings(), [("used-before-definition", 1, 5, "RPO")]);
    assert_eq!(
        report.message_for("RPO"),
        "`RPO` is used before its definition on line 3: define it here, at its first use"
    );
    assert_eq!(report.diagnostics()[0]["severity"], "warning");
}

#[test]
fn an_acronym_defined_before_use_is_not_used_before_definition() {
    let p = Project::new();
    let findings = p.findings_of(
        "a.md",
        "The Recovery Point Objective (RPO) is zero.\n\nThe RPO is measured hourly.\n",
        &[],
    );
    assert_eq!(findings, NO_FINDINGS);
}

#[test]
fn a_definitions_section_at_the_end_explains_earlier_uses() {
    // Appendix glossaries and abbreviation lists explain the whole document.
    let p = Project::new();
    let findings = p.findings_of(
        "a.md",
        "# Spec\n\nThe RPO and the QRD are low.\n\n## Glossary\n\nRPO: recovery point objective\n\n*[QRD]: Quick Recovery Drill\n",
        &[],
    );
    assert_eq!(findings, NO_FINDINGS);
}

// --- unexpanded-first-use ----------------------------------------------------------------

#[test]
fn a_glossary_acronym_whose_first_use_is_not_expanded_is_reported_once() {
    let p = project();
    p.file("a.md", "The ZKP is neat. Later the ZKP again.\n");
    let report = p.check_json(&["a.md", "--glossary", "team.toml"]);
    assert_eq!(report.findings(), [("unexpanded-first-use", 1, 5, "ZKP")]);
    assert_eq!(
        report.message_for("ZKP"),
        "first use of `ZKP` is not expanded: write \"Zero Knowledge Proof (ZKP)\""
    );
    assert_eq!(report.diagnostics()[0]["severity"], "info");
}

#[test]
fn a_plural_first_use_is_expanded_in_the_plural() {
    let p = project();
    let report = check_with_glossary(&p, "Our KPIs are green.\n");
    assert_eq!(report.findings(), [("unexpanded-first-use", 1, 5, "KPI")]);
    assert_eq!(
        report.message_for("KPI"),
        "first use of `KPIs` is not expanded: write \"Key Performance Indicators (KPIs)\""
    );
}

#[test]
fn an_expanded_first_use_either_way_round_is_fine() {
    let p = project();
    for text in [
        "A Zero Knowledge Proof (ZKP) first. Then the ZKP.\n",
        "A ZKP (zero knowledge proof) first. Then the ZKP.\n",
        "We talk about the zero knowledge proof. Then about the Zero Knowledge Proof (ZKP).\n",
    ] {
        let findings = p.findings_of("a.md", text, &["--glossary", "team.toml"]);
        assert_eq!(findings, NO_FINDINGS, "{text}");
    }
}

#[test]
fn acronyms_everybody_knows_need_no_expansion_even_in_the_glossary() {
    // IT is in the glossary, but also in the built-in allow list.
    let p = project();
    let findings = p.findings_of("a.md", "Ask the IT desk.\n", &["--glossary", "team.toml"]);
    assert_eq!(findings, NO_FINDINGS);
}

// --- forbidden-term and deprecated-term --------------------------------------------------

#[test]
fn forbidden_terms_are_warnings_with_their_replacement() {
    let p = project();
    let report = check_with_glossary(&p, "Merge into the master branch after a sanity check.\n");
    assert_eq!(
        report.findings(),
        [
            ("forbidden-term", 1, 16, "master branch"),
            ("forbidden-term", 1, 38, "sanity check"),
        ]
    );
    assert_eq!(
        report.messages(),
        [
            "`master branch` is forbidden: use `main branch` instead",
            "`sanity check` is forbidden",
        ]
    );
    assert!(
        report
            .diagnostics()
            .iter()
            .all(|d| d["severity"] == "warning")
    );
}

#[test]
fn deprecated_terms_are_infos_that_name_use_instead_in_the_written_form() {
    let p = project();
    let report = check_with_glossary(&p, "Add it to the whitelist. Two Whitelists.\n");
    assert_eq!(
        report.findings(),
        [
            ("deprecated-term", 1, 15, "whitelist"),
            ("deprecated-term", 1, 30, "whitelist"),
        ]
    );
    assert_eq!(
        report.messages(),
        [
            "`whitelist` is deprecated: use `allowlist` instead",
            "`Whitelists` is deprecated: use `Allowlists` instead",
        ]
    );
    assert!(report.diagnostics().iter().all(|d| d["severity"] == "info"));
}

#[test]
fn a_term_wrapped_over_two_lines_is_found_and_reported_on_one_line() {
    let p = project();
    p.file("a.md", "Merge it into the master\nbranch today.\n");
    let report = p.check_json(&["a.md", "--glossary", "team.toml"]);
    assert_eq!(
        report.findings(),
        [("forbidden-term", 1, 19, "master branch")]
    );
    let d = &report.diagnostics()[0];
    assert_eq!((&d["end_line"], &d["end_column"]), (&2.into(), &7.into()));
    assert_eq!(
        d["message"],
        "`master branch` is forbidden: use `main branch` instead"
    );
    let run = p.run(&["check", "a.md", "--glossary", "team.toml"]);
    assert!(
        run.stdout.starts_with(
            "a.md:1:19: warning[forbidden-term]: `master branch` is forbidden: use `main branch` instead\n  |\n1 | Merge it into the master\n  |                   ^^^^^^\n"
        ),
        "{run}"
    );
}

#[test]
fn preferred_terms_and_look_alikes_are_not_reported() {
    let p = project();
    let report = check_with_glossary(
        &p,
        "Use the allowlist and the main branch. A whitelisted host and a mastery of branches.\n",
    );
    assert_eq!(report.findings(), NO_FINDINGS);
}

// --- term-case ---------------------------------------------------------------------------

#[test]
fn acronyms_written_in_the_wrong_case_are_hints() {
    let p = project();
    let report = check_with_glossary(&p, "The Kpi and the kpi. The Api is built in.\n");
    assert_eq!(
        report.findings(),
        [
            ("term-case", 1, 5, "KPI"),
            ("term-case", 1, 17, "KPI"),
            ("term-case", 1, 26, "API"),
        ]
    );
    assert_eq!(
        report.messages(),
        [
            "`Kpi` should be written `KPI`",
            "`kpi` should be written `KPI`",
            "`Api` should be written `API`",
        ]
    );
    assert!(report.diagnostics().iter().all(|d| d["severity"] == "hint"));
}

#[test]
fn a_common_word_is_no_miscased_acronym() {
    // "It" is the pronoun, not the glossary's IT.
    let p = project();
    let findings = p.findings_of(
        "a.md",
        "It works. Ask It, or it. It is what it is.\n",
        &["--glossary", "team.toml", "--no-builtin"],
    );
    assert_eq!(findings, NO_FINDINGS);
}

#[test]
fn correctly_cased_terms_are_not_reported() {
    let p = project();
    let report = check_with_glossary(
        &p,
        "The Key Performance Indicator (KPI) is up, and the KPI is tracked.\n",
    );
    assert_eq!(report.findings(), NO_FINDINGS);
}

// --- all rules together ------------------------------------------------------------------

#[test]
fn every_document_rule_in_one_document_in_position_order() {
    let p = project();
    p.file(
        "spec.md",
        "The ZKP is neat. The DLQ drains. The RPO is low.\n\n\
         The Recovery Point Objective (RPO) is measured. An Api, a whitelist, the master branch.\n",
    );
    let findings = p.findings(&["spec.md", "--glossary", "team.toml"]);
    assert_eq!(
        findings,
        [
            ("unexpanded-first-use", 1, 5, "ZKP"),
            ("undefined-acronym", 1, 22, "DLQ"),
            ("used-before-definition", 1, 38, "RPO"),
            ("term-case", 3, 52, "API"),
            ("deprecated-term", 3, 59, "whitelist"),
            ("forbidden-term", 3, 74, "master branch"),
        ]
    );
    assert_eq!(terms_of(&findings, "undefined-acronym"), ["DLQ"]);
}

/// `check --format json a.md --glossary team.toml`, with `text` as a.md.
fn check_with_glossary(p: &Project, text: &str) -> Report {
    p.file("a.md", text);
    p.check_json(&["a.md", "--glossary", "team.toml"])
}

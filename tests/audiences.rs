//! Audience profiles: which acronyms need no expansion, chosen in `glossary-ls.toml`, listed
//! with their reasons by `glossary-ls acronyms`, and always overridden by a document's own
//! definition.

mod common;

use common::Project;

fn terms(p: &Project, text: &str) -> Vec<String> {
    p.findings_of("a.md", text, &[])
        .into_iter()
        .map(|f| f.term)
        .collect()
}

const TEXT: &str = "Export the PDF and the JSON over TCP, then the QZX.\n";

#[test]
fn developers_is_the_default_audience() {
    let p = Project::new();
    assert_eq!(terms(&p, TEXT), ["QZX"]);
}

#[test]
fn a_general_audience_needs_developer_acronyms_explained() {
    let p = Project::new();
    p.file("glossary-ls.toml", "[acronyms]\naudience = \"general\"\n");
    assert_eq!(terms(&p, TEXT), ["JSON", "TCP", "QZX"]);
}

#[test]
fn no_audience_needs_every_acronym_explained() {
    let p = Project::new();
    p.file(
        "glossary-ls.toml",
        "[acronyms]\naudience = \"none\"\nallow = [\"QZX\"]\n",
    );
    assert_eq!(terms(&p, TEXT), ["PDF", "JSON", "TCP"]);
}

#[test]
fn an_unknown_audience_is_a_configuration_error() {
    let p = Project::new();
    p.file("glossary-ls.toml", "[acronyms]\naudience = \"everyone\"\n");
    p.file("a.md", TEXT);
    let run = p.run(&["check", "a.md"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("glossary-ls.toml:2:12") && run.stderr.contains("developers"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_acronyms_command_lists_the_audience_with_reasons_and_sources() {
    let p = Project::new();
    p.file("glossary-ls.toml", "[acronyms]\nallow = [\"QZX\"]\n");
    let run = p.run(&["acronyms"]);
    run.expect_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].contains("\"developers\""), "{}", run.stdout);
    for (acronym, group) in [
        ("TCP", "rfc7322"),
        ("JSON", "data-formats"),
        ("PDF", "everyday-file-formats"),
        ("QZX", "project"),
    ] {
        assert!(
            lines.contains(&format!("{acronym}\t{group}").as_str()),
            "{acronym} missing:\n{}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains("RFC 7322"),
        "the source of a group is shown"
    );
    let general = p.run(&["acronyms", "--audience", "general"]);
    assert!(general.stdout.contains("PDF\t") && !general.stdout.contains("JSON\t"));
    let json = p.run(&["acronyms", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let tcp = list
        .as_array()
        .and_then(|l| l.iter().find(|k| k["acronym"] == "TCP"))
        .expect("TCP listed");
    assert!(tcp["why"].as_str().is_some_and(|w| !w.is_empty()));
    assert!(
        tcp["source"]
            .as_str()
            .is_some_and(|s| s.contains("RFC 7322"))
    );
}

#[test]
fn a_document_definition_wins_over_the_list_and_is_never_used_before_definition() {
    let p = Project::new();
    let text =
        "We use TLS everywhere.\n\nEach worker keeps thread-local storage (TLS) for its buffers.\n";
    assert_eq!(terms(&p, text), Vec::<String>::new());
    let report = p.check_json(&["a.md"]);
    assert_eq!(
        report.defined(),
        [("TLS".to_string(), "thread-local storage".to_string())]
    );
}

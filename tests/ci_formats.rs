//! Output for CI systems: SARIF (validated against the official 2.1.0 schema), GitHub
//! workflow commands and reviewdog's rdjsonl.

mod common;

use common::Project;
use serde_json::Value;

fn sarif_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json"),
    )
    .expect("the vendored SARIF schema");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn sarif(p: &Project, args: &[&str]) -> Value {
    let mut full = vec!["check", "--format", "sarif"];
    full.extend_from_slice(args);
    let run = p.run(&full);
    let log: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{run}"));
    let errors: Vec<String> = sarif_schema()
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}\n{run}");
    log
}

#[test]
fn sarif_output_is_valid_and_says_what_github_code_scanning_needs() {
    let p = Project::new();
    p.file("docs/my spec.md", "The café QZA here.\n\nAn Api.\n");
    p.file(
        "bad.toml",
        "[[entries]]\nterm = \"QZB\"\nsee_also = [\"nothing\"]\n",
    );
    p.file("latin1.md", b"caf\xe9\n");
    let log = sarif(&p, &["docs", "latin1.md", "--glossary", "bad.toml"]);
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let undefined = rules
        .iter()
        .find(|r| r["id"] == "undefined-acronym")
        .expect("a rule per rule id");
    for field in ["shortDescription", "fullDescription", "help"] {
        assert!(
            undefined[field]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty()),
            "{field}"
        );
    }
    let results = run["results"].as_array().unwrap();
    let qza = results
        .iter()
        .find(|r| r["message"]["text"].as_str().unwrap().contains("QZA"))
        .expect("the finding");
    assert_eq!(qza["ruleId"], "undefined-acronym");
    assert_eq!(qza["level"], "warning");
    assert_eq!(
        rules[qza["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "undefined-acronym"
    );
    let location = &qza["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "docs/my%20spec.md");
    assert_eq!(
        location["region"],
        serde_json::json!({"startLine": 1, "startColumn": 10, "endLine": 1, "endColumn": 13})
    );
    assert!(qza["partialFingerprints"]["glossaryLs/v1"].is_string());
    // The validator does reject what GitHub would: a level SARIF does not have.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "hint".into();
    assert!(!sarif_schema().is_valid(&broken));
    // The broken see_also is an error of the glossary file.
    assert!(results.iter().any(|r| r["ruleId"] == "broken-see-also"
        && r["level"] == "error"
        && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.toml"));
    // The file that could not be read is a failed notification, and the run not successful.
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert!(
        invocation["toolExecutionNotifications"][0]["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("latin1.md: not valid UTF-8")
    );
}

#[test]
fn sarif_fingerprints_stay_when_lines_move() {
    let p = Project::new();
    p.file("a.md", "The QZC here.\n\nThe QZF there.\n\nThe QZG here.\n");
    let fingerprints = |log: &Value| -> Vec<(String, u64)> {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"]["glossaryLs/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                )
            })
            .collect()
    };
    let before = fingerprints(&sarif(&p, &["a.md"]));
    p.file(
        "a.md",
        "# Title\n\nA new paragraph.\n\nThe QZC here.\n\nThe QZF there.\n\nThe QZG here.\n",
    );
    let after = fingerprints(&sarif(&p, &["a.md"]));
    assert_eq!(before.len(), 3);
    let ids = |v: &[(String, u64)]| v.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&before), ids(&after));
    assert_ne!(before[0].1, after[0].1, "the lines did move");
}

#[test]
fn github_format_writes_escaped_workflow_commands() {
    let p = Project::new();
    p.file("d,1.md", "The QZD here: 100% sure.\n\nThe API.\n");
    let run = p.run(&["check", "--format", "github", "d,1.md"]);
    run.expect_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with(
            "::warning file=d%2C1.md,line=1,col=5,endLine=1,endColumn=8,title=glossary-ls (undefined-acronym)::`QZD` is not explained"
        ),
        "{run}"
    );
    assert!(
        lines[1].starts_with("::notice file=d%2C1.md,line=3,col=5,"),
        "{run}"
    );
    assert_eq!(lines.last(), Some(&"1 file checked: 1 warning, 1 info"));
}

#[test]
fn rdjsonl_counts_columns_in_utf8_bytes() {
    let p = Project::new();
    p.file("a.md", "Ünïcödé QZE here.\n");
    let run = p.run(&["check", "--format", "rdjsonl", "a.md"]);
    run.expect_code(1);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    assert_eq!(lines.len(), 1, "{run}");
    let d = &lines[0];
    assert_eq!(d["location"]["path"], "a.md");
    assert_eq!(d["severity"], "WARNING");
    assert_eq!(d["code"]["value"], "undefined-acronym");
    assert_eq!(d["source"]["name"], "glossary-ls");
    // "Ünïcödé " is 8 characters but 12 bytes.
    assert_eq!(
        d["location"]["range"],
        serde_json::json!({"start": {"line": 1, "column": 13}, "end": {"line": 1, "column": 16}})
    );
}

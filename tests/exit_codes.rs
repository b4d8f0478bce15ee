//! Exit status: 0 clean, 1 findings at or above `--fail-on`, 2 usage errors and a broken
//! configuration or glossary (after reporting everything).

mod common;

use common::Project;

/// A project with one case per severity (default rule levels): `warning.md` has an
/// undefined acronym (warning), `info.md` an unexpanded first use (info), `hint.md` a term in
/// the wrong case (hint), `clean.md` nothing, and `error.md` an undefined acronym that
/// `errors.toml` makes an error.
fn project() -> Project {
    let p = Project::new();
    p.file("clean.md", "Nothing to report.\n");
    p.file("warning.md", "The QZA is unknown.\n");
    p.file("info.md", "The API is not expanded.\n");
    p.file("hint.md", "Application Program Interface (API). An Api.\n");
    p.file("error.md", "The QZB is unknown.\n");
    p.file("errors.toml", "[rules]\nundefined-acronym = \"error\"\n");
    p.file(
        "bad.toml",
        "[[entries]]\nterm = \"QZB\"\nsummary = \"s\"\nsee_also = [\"nothing\"]\n",
    );
    p
}

/// The `check` arguments of each case.
fn case(name: &str) -> Vec<&'static str> {
    match name {
        "error" => vec!["error.md", "--config", "errors.toml"],
        "warning" => vec!["warning.md"],
        "info" => vec!["info.md"],
        "hint" => vec!["hint.md"],
        "clean" => vec!["clean.md"],
        other => panic!("no case {other}"),
    }
}

/// The exit status of `check CASE FLAGS…`.
fn status(p: &Project, name: &str, flags: &[&str]) -> i32 {
    let mut args = vec!["check"];
    args.extend(case(name));
    args.extend_from_slice(flags);
    p.run(&args).code.expect("exit status")
}

#[test]
fn each_case_has_the_severity_it_is_named_after() {
    let p = project();
    for name in ["error", "warning", "info", "hint"] {
        let severities: Vec<String> = p
            .check_json(&case(name))
            .diagnostics()
            .iter()
            .map(|d| d["severity"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(severities, [name], "case {name}");
    }
    assert!(p.check_json(&case("clean")).diagnostics().is_empty());
}

#[test]
fn clean_documents_exit_0() {
    let p = project();
    assert_eq!(status(&p, "clean", &[]), 0);
    for level in ["error", "warning", "info", "hint", "never"] {
        assert_eq!(status(&p, "clean", &["--fail-on", level]), 0, "{level}");
    }
}

#[test]
fn the_default_threshold_is_warning() {
    let p = project();
    assert_eq!(status(&p, "error", &[]), 1);
    assert_eq!(status(&p, "warning", &[]), 1);
    assert_eq!(status(&p, "info", &[]), 0);
    assert_eq!(status(&p, "hint", &[]), 0);
}

#[test]
fn fail_on_sets_the_threshold() {
    let p = project();
    let table = [
        // (case, --fail-on error, warning, info, hint, never)
        ("error", [1, 1, 1, 1, 0]),
        ("warning", [0, 1, 1, 1, 0]),
        ("info", [0, 0, 1, 1, 0]),
        ("hint", [0, 0, 0, 1, 0]),
    ];
    for (name, expected) in table {
        for (level, want) in ["error", "warning", "info", "hint", "never"]
            .into_iter()
            .zip(expected)
        {
            assert_eq!(
                status(&p, name, &["--fail-on", level]),
                want,
                "case {name} with --fail-on {level}"
            );
        }
    }
}

#[test]
fn the_json_format_has_the_same_exit_status() {
    let p = project();
    assert_eq!(status(&p, "warning", &["--format", "json"]), 1);
    assert_eq!(status(&p, "info", &["--format", "json"]), 0);
    assert_eq!(
        status(&p, "info", &["--format", "json", "--fail-on", "info"]),
        1
    );
}

/// Asserts a usage error: exit 2, a message on stderr, no panic, nothing on stdout.
fn assert_usage_error(p: &Project, args: &[&str], message: &str) {
    let run = p.run(args);
    run.expect_code(2);
    assert!(
        run.stderr.contains(message),
        "expected {message:?} in stderr:\n{run}"
    );
    assert_eq!(run.stdout, "", "{run}");
}

#[test]
fn usage_errors_exit_2() {
    let p = project();
    assert_usage_error(
        &p,
        &["check", "--bogus"],
        "unexpected argument '--bogus' found",
    );
    assert_usage_error(
        &p,
        &["check", "--format", "xml", "clean.md"],
        "invalid value 'xml' for '--format <FORMAT>'",
    );
    assert_usage_error(
        &p,
        &["check", "--fail-on", "sometimes", "clean.md"],
        "invalid value 'sometimes' for '--fail-on <FAIL_ON>'",
    );
    assert_usage_error(&p, &["frobnicate"], "unrecognized subcommand 'frobnicate'");
    assert_usage_error(&p, &["define"], "required arguments were not provided");
}

#[test]
fn a_missing_path_exits_2_and_names_it() {
    let p = project();
    assert_usage_error(
        &p,
        &["check", "missing.md"],
        "glossary-ls: error: missing.md: No such file or directory",
    );
    // Even with good files beside it.
    assert_usage_error(
        &p,
        &["check", "clean.md", "missing/"],
        "glossary-ls: error: missing/: No such file or directory",
    );
}

#[test]
fn a_bad_configuration_exits_2_even_with_fail_on_never() {
    let p = project();
    p.file("glossary-ls.toml", "[rules]\nterm-case = \"sometimes\"\n");
    let run = p.run(&["check", "warning.md", "--fail-on", "never"]);
    run.expect_code(2);
    assert_eq!(
        run.stderr,
        "glossary-ls: error: glossary-ls.toml:2:13: unknown variant `sometimes`, expected one of `error`, `warning`, `info`, `hint`, `off`\n"
    );
    // The documents are still checked and their findings reported.
    assert!(
        run.stdout
            .contains("warning.md:1:5: warning[undefined-acronym]"),
        "{run}"
    );
}

#[test]
fn a_broken_glossary_exits_2_after_reporting_everything() {
    let p = project();
    for flags in [
        [].as_slice(),
        ["--fail-on", "never"].as_slice(),
        ["--format", "json"].as_slice(),
    ] {
        let mut args = vec!["check", "warning.md", "--glossary", "bad.toml"];
        args.extend_from_slice(flags);
        let run = p.run(&args);
        run.expect_code(2);
        assert!(run.stdout.contains("broken-see-also"), "{run}");
        assert!(run.stdout.contains("undefined-acronym"), "{run}");
    }
    // A rule turned off breaks nothing.
    p.file("off.toml", "[rules]\nbroken-see-also = \"off\"\n");
    let run = p.run(&[
        "check",
        "clean.md",
        "--glossary",
        "bad.toml",
        "--config",
        "off.toml",
    ]);
    run.expect_code(0);
}

#[test]
fn help_and_version_exit_0() {
    let p = Project::new();
    let run = p.run(&["--help"]);
    run.expect_code(0);
    for command in ["check", "define", "terms"] {
        assert!(run.stdout.contains(command), "{run}");
    }
    let run = p.run(&["check", "--help"]);
    run.expect_code(0);
    for flag in [
        "--format",
        "--fail-on",
        "--config",
        "--glossary",
        "--no-builtin",
    ] {
        assert!(run.stdout.contains(flag), "{flag}:\n{run}");
    }
    let run = p.run(&["--version"]);
    run.expect_code(0);
    assert!(run.stdout.starts_with("glossary-ls "), "{run}");
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly_with_status_0() {
    // `glossary-ls terms --json | head -c 100` once panicked (broken pipe, status 101).
    use std::io::Read;
    use std::process::{Command, Stdio};
    let p = Project::new();
    for args in [
        &["terms", "--json"][..],
        &["terms"][..],
        &["define", "API"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
            .args(args)
            .current_dir(p.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start glossary-ls");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = [0u8; 10];
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout);
        let output = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

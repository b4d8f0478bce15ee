//! Shared helpers for the integration tests: a throw-away project folder and the real
//! `glossary-ls` binary run inside it.
//!
//! Every test writes its documents, glossaries and `glossary-ls.toml` into a fresh temporary
//! folder and runs the binary there with relative paths, so that outputs (and snapshots)
//! never contain absolute temporary paths.

#![allow(dead_code)] // Each test binary uses a different part of this module.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

/// The longest any single run may take before the test fails instead of hanging.
const TIMEOUT: Duration = Duration::from_secs(180);

/// A temporary project folder.
pub struct Project {
    dir: tempfile::TempDir,
}

impl Default for Project {
    fn default() -> Self {
        Project::new()
    }
}

impl Project {
    pub fn new() -> Project {
        Project {
            dir: tempfile::tempdir().expect("create a temporary folder"),
        }
    }

    /// The project's folder (absolute).
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The absolute path of `relative` inside the project.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Writes `contents` to `relative` (creating folders), and returns the project.
    pub fn file(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Project {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&path, contents).expect("write a project file");
        self
    }

    /// Creates an empty folder `relative`.
    pub fn folder(&self, relative: &str) -> &Project {
        std::fs::create_dir_all(self.path(relative)).expect("create a folder");
        self
    }

    /// Runs `glossary-ls ARGS` in the project's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(".", args)
    }

    /// Runs `glossary-ls ARGS` in the folder `relative` of the project.
    pub fn run_in(&self, relative: &str, args: &[&str]) -> Run {
        self.run_command(relative, args, None)
    }

    /// Runs `glossary-ls ARGS` in the project's folder with `input` on stdin.
    pub fn run_with_stdin(&self, args: &[&str], input: impl Into<Vec<u8>>) -> Run {
        self.run_command(".", args, Some(input.into()))
    }

    fn run_command(&self, relative: &str, args: &[&str], stdin: Option<Vec<u8>>) -> Run {
        let mut command =
            Command::cargo_bin("glossary-ls").expect("the glossary-ls binary is built");
        command
            .args(args)
            .current_dir(self.path(relative))
            .env("NO_COLOR", "1")
            .env("CI", "true")
            .env_remove("RUST_LOG")
            .env_remove("RUST_BACKTRACE")
            .timeout(TIMEOUT);
        if let Some(input) = stdin {
            command.write_stdin(input);
        }
        let output = command.output().expect("run glossary-ls");
        let run = Run {
            args: args.iter().map(|a| a.to_string()).collect(),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
            code: output.status.code(),
        };
        assert!(
            !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
            "glossary-ls panicked:\n{run}"
        );
        assert!(run.code.is_some(), "glossary-ls was killed:\n{run}");
        run
    }

    /// Runs `glossary-ls check --format json ARGS` and parses its output.
    pub fn check_json(&self, args: &[&str]) -> Report {
        self.check_json_in(".", args)
    }

    /// [`Project::check_json`] in the folder `relative` of the project.
    pub fn check_json_in(&self, relative: &str, args: &[&str]) -> Report {
        let mut full = vec!["check", "--format", "json"];
        full.extend_from_slice(args);
        let run = self.run_in(relative, &full);
        let json: Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("check --format json printed no JSON ({e}):\n{run}"));
        Report { run, json }
    }

    /// The findings of `check --format json ARGS`, as (rule, line, column, term).
    pub fn findings(&self, args: &[&str]) -> Vec<Finding> {
        self.check_json(args).findings()
    }

    /// Writes one document and returns its findings (`check --format json NAME EXTRA…`).
    pub fn findings_of(&self, name: &str, text: &str, extra: &[&str]) -> Vec<Finding> {
        self.file(name, text);
        let mut args = vec![name];
        args.extend_from_slice(extra);
        self.findings(&args)
    }
}

/// What one run of the binary did.
pub struct Run {
    pub args: Vec<String>,
    pub stdout: String,
    pub stderr: String,
    /// The exit status (`None` only when killed by a signal, which [`Project::run`] rejects).
    pub code: Option<i32>,
}

impl Run {
    /// Asserts the exit status, showing the whole run when it differs.
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, Some(code), "unexpected exit status:\n{self}");
        self
    }
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "$ glossary-ls {}", self.args.join(" "))?;
        writeln!(f, "exit status: {:?}", self.code)?;
        writeln!(f, "--- stdout ---\n{}", self.stdout)?;
        write!(f, "--- stderr ---\n{}", self.stderr)
    }
}

/// One finding, compared with `(rule, line, column, term)` tuples in assertions.
#[derive(Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub line: u64,
    pub column: u64,
    pub term: String,
}

impl fmt::Debug for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "({:?}, {}, {}, {:?})",
            self.rule, self.line, self.column, self.term
        )
    }
}

impl PartialEq<(&str, u64, u64, &str)> for Finding {
    fn eq(&self, other: &(&str, u64, u64, &str)) -> bool {
        self.rule == other.0
            && self.line == other.1
            && self.column == other.2
            && self.term == other.3
    }
}

/// For `assert_eq!(findings, NO_FINDINGS)`.
pub const NO_FINDINGS: [(&str, u64, u64, &str); 0] = [];

/// The parsed output of `check --format json`, with the run it came from.
pub struct Report {
    pub run: Run,
    pub json: Value,
}

impl Report {
    /// Every file entry of the output.
    pub fn files(&self) -> &Vec<Value> {
        self.json["files"]
            .as_array()
            .unwrap_or_else(|| panic!("no `files` array:\n{}", self.run))
    }

    /// The file entry for `path` (as the output shows it).
    pub fn file(&self, path: &str) -> &Value {
        self.files()
            .iter()
            .find(|f| f["path"] == path)
            .unwrap_or_else(|| panic!("no file `{path}` in the output:\n{}", self.run))
    }

    /// The paths of the files in the output, in order.
    pub fn paths(&self) -> Vec<String> {
        self.files()
            .iter()
            .map(|f| f["path"].as_str().expect("path is a string").to_string())
            .collect()
    }

    /// Every diagnostic of every file, in output order.
    pub fn diagnostics(&self) -> Vec<&Value> {
        self.files()
            .iter()
            .flat_map(|f| f["diagnostics"].as_array().expect("diagnostics array"))
            .collect()
    }

    /// Every diagnostic as (rule, line, column, term).
    pub fn findings(&self) -> Vec<Finding> {
        self.diagnostics().into_iter().map(finding).collect()
    }

    /// The messages of every diagnostic, in output order.
    pub fn messages(&self) -> Vec<String> {
        self.diagnostics()
            .into_iter()
            .map(|d| d["message"].as_str().expect("message").to_string())
            .collect()
    }

    /// The message of the one diagnostic about `term`.
    pub fn message_for(&self, term: &str) -> String {
        let found: Vec<&Value> = self
            .diagnostics()
            .into_iter()
            .filter(|d| d["term"] == term)
            .collect();
        assert_eq!(
            found.len(),
            1,
            "one diagnostic about `{term}`:\n{}",
            self.run
        );
        found[0]["message"].as_str().expect("message").to_string()
    }

    /// Definitions the documents make, as (short, long, line, column).
    pub fn definitions(&self) -> Vec<(String, String, u64, u64)> {
        self.files()
            .iter()
            .flat_map(|f| f["definitions"].as_array().expect("definitions array"))
            .map(|d| {
                (
                    d["short"].as_str().expect("short").to_string(),
                    d["long"].as_str().expect("long").to_string(),
                    d["line"].as_u64().expect("line"),
                    d["column"].as_u64().expect("column"),
                )
            })
            .collect()
    }

    /// The (short, long) pairs of [`Report::definitions`].
    pub fn defined(&self) -> Vec<(String, String)> {
        self.definitions()
            .into_iter()
            .map(|(short, long, _, _)| (short, long))
            .collect()
    }

    pub fn summary(&self) -> &Value {
        &self.json["summary"]
    }
}

fn finding(d: &Value) -> Finding {
    Finding {
        rule: d["rule"].as_str().expect("rule").to_string(),
        line: d["line"].as_u64().expect("line"),
        column: d["column"].as_u64().expect("column"),
        term: d["term"].as_str().expect("term").to_string(),
    }
}

/// `(short, long)` pairs as owned strings, to compare with [`Report::defined`].
pub fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(s, l)| (s.to_string(), l.to_string()))
        .collect()
}

/// The terms of findings with `rule`, in order.
pub fn terms_of(findings: &[Finding], rule: &str) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.term.clone())
        .collect()
}

/// Whether the tests run as root, where permissions do not stop reading.
pub fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

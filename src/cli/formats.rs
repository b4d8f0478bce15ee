//! Output formats for CI systems: SARIF 2.1.0 (GitHub code scanning and other SARIF
//! consumers), GitHub workflow commands (annotations on a pull request) and reviewdog's
//! rdjsonl. The human and JSON formats live in [`super::report`].

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::report::{Diagnostic, FileReport, Summary};
use crate::rules::{Rule, Severity};

/// Identifies a finding across edits elsewhere in its file: its rule, term and line text,
/// plus how many identical findings came before it in the file. Never a line number, so
/// lines inserted above a finding leave it unchanged.
pub fn fingerprints(report: &FileReport) -> Vec<String> {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let hash = fnv1a(&[d.rule.as_bytes(), d.term.as_bytes(), d.context.as_bytes()]);
            let nth = seen.entry(hash).or_default();
            *nth += 1;
            format!("{hash:016x}:{nth}")
        })
        .collect()
}

/// FNV-1a over the parts, with a separator byte that cannot occur in UTF-8 text: a hash
/// that is the same on every platform and every Rust version.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in part.iter().chain(std::iter::once(&0xFF)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// SARIF's levels: it has no hint, and "note" covers infos and hints.
fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// `undefined-acronym` → `UndefinedAcronym`, SARIF's convention for a rule's name.
fn rule_name(rule: Rule) -> String {
    rule.id()
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// A path as a relative URI reference (`/` separators, percent-encoded), or a `file://`
/// URI for an absolute path: what `artifactLocation.uri` expects.
pub fn path_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char);
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Prints one SARIF 2.1.0 log: a rule per rule id, a result per finding (with
/// `partialFingerprints`), and files that could not be read as tool notifications.
pub fn print_sarif(
    out: &mut impl Write,
    reports: &[FileReport],
    summary: &Summary,
) -> io::Result<()> {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|&rule| {
            json!({
                "id": rule.id(),
                "name": rule_name(rule),
                "shortDescription": { "text": capitalised(rule.description()) },
                "fullDescription": {
                    "text": format!("{}. {}", capitalised(rule.description()), rule.help())
                },
                "help": { "text": rule.help() },
                "defaultConfiguration": { "level": sarif_level(rule.default_severity()) },
            })
        })
        .collect();
    let rule_index: HashMap<&str, usize> = Rule::ALL
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id(), i))
        .collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for report in reports {
        if let Some(reason) = &report.skipped {
            notifications.push(json!({
                "level": if report.failed { "error" } else { "note" },
                "message": { "text": format!("{}: {reason}", report.path) },
                "locations": [{
                    "physicalLocation": { "artifactLocation": { "uri": path_uri(&report.path) } }
                }],
            }));
        }
        for (d, fingerprint) in report.diagnostics.iter().zip(fingerprints(report)) {
            let mut result = json!({
                "ruleId": d.rule,
                "level": sarif_level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": path_uri(&report.path) },
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column.max(d.column),
                        },
                    }
                }],
                "partialFingerprints": { "glossaryLs/v1": fingerprint },
            });
            if let Some(&index) = rule_index.get(d.rule.as_str()) {
                result["ruleIndex"] = json!(index);
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "glossary-ls",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            // Columns count Unicode scalar values, as in every other output.
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": summary.failed == 0,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// Escapes the message of a workflow command (GitHub's `escapeData`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property of a workflow command (GitHub's `escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Prints one GitHub Actions workflow command per finding (`::warning file=…::message`),
/// which GitHub shows as annotations on the pull request, then the summary line.
pub fn print_github(
    out: &mut impl Write,
    reports: &[FileReport],
    summary: &Summary,
) -> io::Result<()> {
    for report in reports {
        if let Some(reason) = &report.skipped {
            let command = if report.failed { "error" } else { "notice" };
            writeln!(
                out,
                "::{command} file={},title={}::{}",
                escape_property(&report.path),
                escape_property("glossary-ls"),
                escape_data(&format!("{}: {reason}", report.path)),
            )?;
        }
        for d in &report.diagnostics {
            writeln!(out, "{}", github_command(&report.path, d))?;
        }
    }
    writeln!(out, "{}", super::report::summary_line(summary))
}

fn github_command(path: &str, d: &Diagnostic) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    };
    format!(
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(path),
        d.line,
        d.column,
        d.end_line,
        d.end_column,
        escape_property(&format!("glossary-ls ({})", d.rule)),
        escape_data(&d.message),
    )
}

/// Prints reviewdog's rdjsonl: one diagnostic object per line. Columns are UTF-8 bytes,
/// the unit reviewdog's format specifies.
pub fn print_rdjsonl(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    for report in reports {
        for d in &report.diagnostics {
            let severity = match d.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "WARNING",
                Severity::Info | Severity::Hint => "INFO",
            };
            let line = json!({
                "message": d.message,
                "location": {
                    "path": report.path,
                    "range": {
                        "start": { "line": d.line, "column": d.byte_columns.0 },
                        "end": { "line": d.end_line, "column": d.byte_columns.1 },
                    },
                },
                "severity": severity,
                "source": { "name": "glossary-ls" },
                "code": { "value": d.rule },
            });
            serde_json::to_writer(&mut *out, &line)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_what_github_reads_as_syntax() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(path_uri("docs/my spec.md"), "docs/my%20spec.md");
        assert_eq!(path_uri("docs\\a#1.md"), "docs/a%231.md");
        assert_eq!(path_uri("/abs/café.md"), "file:///abs/caf%C3%A9.md");
    }

    #[test]
    fn rule_names_are_camel_case() {
        assert_eq!(rule_name(Rule::UndefinedAcronym), "UndefinedAcronym");
        assert_eq!(rule_name(Rule::BrokenSeeAlso), "BrokenSeeAlso");
    }

    fn diagnostic(term: &str, context: &str, line: u32) -> Diagnostic {
        Diagnostic {
            rule: "undefined-acronym".to_string(),
            severity: Severity::Warning,
            message: String::new(),
            term: term.to_string(),
            line,
            column: 1,
            end_line: line,
            end_column: 2,
            byte_start: None,
            byte_end: None,
            snippet: None,
            context: context.to_string(),
            byte_columns: (1, 2),
        }
    }

    #[test]
    fn fingerprints_ignore_line_numbers_and_tell_repeats_apart() {
        let report = |diagnostics| FileReport {
            diagnostics,
            ..FileReport::default()
        };
        let before = fingerprints(&report(vec![
            diagnostic("DLQ", "The DLQ holds it.", 3),
            diagnostic("DLQ", "The DLQ holds it.", 9),
            diagnostic("SQS", "Via SQS.", 12),
        ]));
        let after = fingerprints(&report(vec![
            diagnostic("DLQ", "The DLQ holds it.", 30),
            diagnostic("DLQ", "The DLQ holds it.", 90),
            diagnostic("SQS", "Via SQS.", 120),
        ]));
        assert_eq!(before, after);
        assert_ne!(before[0], before[1]);
        assert!(before[0].ends_with(":1") && before[1].ends_with(":2"));
    }
}

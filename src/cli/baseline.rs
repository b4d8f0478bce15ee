//! Baselines: adopting glossary-ls on a repository that already has findings.
//!
//! `check --write-baseline FILE` records today's findings; `check --baseline FILE` reports
//! only the others. A finding is known by its file, rule, term and the fingerprint of its
//! line's text ([`super::formats::fingerprints`]), never by its line number, so edits
//! elsewhere in a file do not bring recorded findings back.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::formats::fingerprints;
use super::report::FileReport;

/// The file format's version, so that a later format can read (or refuse) this one.
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    findings: Vec<Known>,
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct Known {
    path: String,
    rule: String,
    term: String,
    fingerprint: String,
}

/// What applying a baseline did.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Applied {
    /// Findings left out because the baseline records them.
    pub known: usize,
    /// Recorded findings that no longer occur: writing the baseline again drops them.
    pub gone: usize,
}

fn known_findings(reports: &[FileReport]) -> Vec<Known> {
    reports
        .iter()
        .flat_map(|report| {
            report
                .diagnostics
                .iter()
                .zip(fingerprints(report))
                .map(|(d, fingerprint)| Known {
                    path: report.path.clone(),
                    rule: d.rule.clone(),
                    term: d.term.clone(),
                    fingerprint,
                })
        })
        .collect()
}

/// Writes every finding of `reports` to `path` (atomically: a temporary file beside it,
/// then a rename). Returns how many were written.
pub fn write(path: &Path, reports: &[FileReport]) -> Result<usize, String> {
    let mut findings = known_findings(reports);
    findings.sort_by(|a, b| {
        (&a.path, &a.rule, &a.term, &a.fingerprint).cmp(&(
            &b.path,
            &b.rule,
            &b.term,
            &b.fingerprint,
        ))
    });
    let count = findings.len();
    let file = BaselineFile {
        version: VERSION,
        findings,
    };
    let mut text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
    text.push('\n');
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    std::io::Write::write_all(&mut temp, text.as_bytes())
        .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    temp.persist(path)
        .map_err(|e| format!("{}: cannot write: {}", path.display(), e.error))?;
    Ok(count)
}

/// Reads a baseline and removes the findings it records from `reports`.
pub fn apply(path: &Path, reports: &mut [FileReport]) -> Result<Applied, String> {
    let bytes = crate::fsread::read_regular(path, crate::fsread::MAX_GLOSSARY_BYTES)
        .map_err(|e| format!("{}: cannot read baseline: {e}", path.display()))?;
    let file: BaselineFile = serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "{}:{}:{}: not a glossary-ls baseline: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    if file.version != VERSION {
        return Err(format!(
            "{}: baseline version {} is not supported (this glossary-ls writes version {VERSION})",
            path.display(),
            file.version
        ));
    }
    // A multiset: a finding recorded once hides one occurrence.
    let mut remaining: HashMap<Known, usize> = HashMap::new();
    for known in file.findings {
        *remaining.entry(known).or_default() += 1;
    }
    let mut applied = Applied::default();
    for report in reports.iter_mut() {
        let prints = fingerprints(report);
        let mut keep = Vec::with_capacity(report.diagnostics.len());
        for (d, fingerprint) in report.diagnostics.drain(..).zip(prints) {
            let key = Known {
                path: report.path.clone(),
                rule: d.rule.clone(),
                term: d.term.clone(),
                fingerprint,
            };
            match remaining.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    applied.known += 1;
                }
                _ => keep.push(d),
            }
        }
        report.diagnostics = keep;
    }
    applied.gone = remaining.values().sum();
    Ok(applied)
}

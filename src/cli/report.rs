//! What `check` prints: compiler-style text for people, one JSON document for machines.

use std::io::{self, Write};
use std::ops::Range;

use serde::Serialize;

use crate::analysis::Analysis;
use crate::rules::Severity;
use crate::text::LineIndex;

/// The findings and definitions of one file.
#[derive(Debug, Default, Serialize)]
pub struct FileReport {
    pub path: String,
    pub diagnostics: Vec<Diagnostic>,
    pub definitions: Vec<DefinitionReport>,
    /// Why the file was not checked (binary, not UTF-8, unreadable).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// The file could not be checked and that is an error (not a deliberate skip).
    #[serde(skip)]
    pub failed: bool,
    /// With `--fix`: how many fixes were applied (or, with `--diff`, would be).
    #[serde(skip)]
    pub fixes: usize,
    /// With `--fix --diff`: the unified diff of the fixes.
    #[serde(skip)]
    pub diff: Option<String>,
}

/// One finding, positioned for people (1-based lines, columns in Unicode scalar values).
#[derive(Debug, Serialize)]
pub struct Diagnostic {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub term: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub byte_start: Option<usize>,
    pub byte_end: Option<usize>,
    #[serde(skip)]
    pub snippet: Option<Snippet>,
    /// The source line, whitespace collapsed: with the rule and the term, what identifies a
    /// finding when lines above it move (SARIF fingerprints).
    #[serde(skip)]
    pub context: String,
    /// Start and end columns counted in UTF-8 bytes (reviewdog's unit).
    #[serde(skip)]
    pub byte_columns: (u32, u32),
}

/// `text` with every run of whitespace one space, trimmed.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The source line under a finding, cut to a readable window, with the caret position.
#[derive(Debug, Clone)]
pub struct Snippet {
    pub text: String,
    /// Characters before the caret.
    pub caret_at: usize,
    pub caret_len: usize,
}

#[derive(Debug, Serialize)]
pub struct DefinitionReport {
    pub short: String,
    pub long: String,
    pub line: u32,
    pub column: u32,
}

/// Counts for the closing summary.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
    pub skipped: usize,
    pub failed: usize,
    /// With `--baseline`: findings left out, and recorded findings gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<super::baseline::Applied>,
}

impl Summary {
    pub fn count(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
            Severity::Hint => self.hints += 1,
        }
    }
}

/// Builds the report of an analysed file.
pub fn file_report(path: String, text: &str, analysis: &Analysis) -> FileReport {
    let index = LineIndex::new(text);
    let offsets = analysis
        .findings
        .iter()
        .flat_map(|f| [f.range.start, f.range.end])
        .chain(analysis.definitions.iter().map(|d| d.short_range.start));
    let mut positions = index.line_cols(text, offsets);
    // Editors do not show a byte order mark: columns on the first line start after it.
    let bom = text.starts_with('\u{feff}');
    if bom {
        for pos in positions.values_mut() {
            if pos.line == 1 && pos.column > 1 {
                pos.column -= 1;
            }
        }
    }
    let diagnostics = analysis
        .findings
        .iter()
        .map(|f| {
            let start = positions[&f.range.start];
            let end = positions[&f.range.end];
            let mut line = index.line_range(text, start.line as usize - 1);
            if bom && start.line == 1 {
                line.start += '\u{feff}'.len_utf8();
            }
            let byte_column = |offset: usize, line_start: usize| {
                u32::try_from(offset.saturating_sub(line_start) + 1).unwrap_or(u32::MAX)
            };
            let end_line_start = if end.line == start.line {
                line.start
            } else {
                let mut end_line = index.line_range(text, end.line as usize - 1);
                if bom && end.line == 1 {
                    end_line.start += '\u{feff}'.len_utf8();
                }
                end_line.start
            };
            let byte_columns = (
                byte_column(f.range.start, line.start),
                byte_column(f.range.end, end_line_start),
            );
            let caret_len = if end.line == start.line {
                (end.column - start.column).max(1) as usize
            } else {
                // The caret never runs past the snippet's width.
                text[f.range.start.min(line.end)..line.end]
                    .chars()
                    .take(SNIPPET_WIDTH + 2)
                    .count()
                    .max(1)
            };
            Diagnostic {
                rule: f.rule.id().to_string(),
                severity: f.severity,
                message: f.message.clone(),
                term: f.term.clone(),
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                byte_start: Some(f.range.start),
                byte_end: Some(f.range.end),
                snippet: Some(snippet_at(
                    &text[line.clone()],
                    f.range.start.saturating_sub(line.start),
                    caret_len,
                )),
                context: finding_context(text, line, f.range.clone()),
                byte_columns,
            }
        })
        .collect();
    let definitions = analysis
        .definitions
        .iter()
        .map(|d| {
            let pos = positions[&d.short_range.start];
            DefinitionReport {
                short: d.short.clone(),
                long: d.long.clone(),
                line: pos.line,
                column: pos.column,
            }
        })
        .collect();
    FileReport {
        path,
        diagnostics,
        definitions,
        ..FileReport::default()
    }
}

/// Characters a snippet shows before the caret when it cuts a long line.
const SNIPPET_BEFORE: usize = 60;
/// Characters a snippet shows at most.
const SNIPPET_WIDTH: usize = 160;

/// A line cut to at most ~160 characters around the caret (`caret_at` characters into the
/// line), tabs shown as spaces.
pub fn snippet(line: &str, caret_at: usize, caret_len: usize) -> Snippet {
    let caret_byte = line
        .char_indices()
        .nth(caret_at)
        .map_or(line.len(), |(i, _)| i);
    snippet_at(line, caret_byte, caret_len)
}

/// [`snippet`] with the caret given as a byte offset into the line. Reads only the
/// characters it shows and the few it counts past them: O(width), however long the line
/// (a finding on a one-line document of megabytes once cost the whole line, per finding).
pub fn snippet_at(line: &str, caret_byte: usize, caret_len: usize) -> Snippet {
    let mut caret_byte = caret_byte.min(line.len());
    while !line.is_char_boundary(caret_byte) {
        caret_byte -= 1;
    }
    let before = &line[..caret_byte];
    let long_line = line.len() > SNIPPET_WIDTH && line.chars().nth(SNIPPET_WIDTH).is_some();
    // Cut the start when more than SNIPPET_BEFORE characters precede the caret.
    let cut_from = before
        .char_indices()
        .rev()
        .nth(SNIPPET_BEFORE)
        .and(before.char_indices().rev().nth(SNIPPET_BEFORE - 1))
        .map(|(i, _)| i)
        .filter(|_| long_line);
    let (from, mut text, caret_at) = match cut_from {
        Some(from) => (from, "…".to_string(), SNIPPET_BEFORE + 1),
        None => (0, String::new(), before.chars().count()),
    };
    let mut shown_end = from;
    for c in line[from..].chars().take(SNIPPET_WIDTH) {
        text.push(if c == '\t' { ' ' } else { c });
        shown_end += c.len_utf8();
    }
    if shown_end < line.len() {
        text.push('…');
    }
    let room = text.chars().count().saturating_sub(caret_at).max(1);
    Snippet {
        text,
        caret_at,
        caret_len: caret_len.min(room).max(1),
    }
}

/// Lines up to this many bytes are a finding's whole context; on longer ones, the context
/// is this many bytes around the finding, so that identifying a finding costs O(1) however
/// long its line is.
const CONTEXT_LIMIT: usize = 4096;

/// A finding's context for its fingerprint: its line (`line`, bytes of `text`) with
/// whitespace collapsed, or on a very long line the window around the finding at `at`.
pub fn finding_context(text: &str, line: Range<usize>, at: Range<usize>) -> String {
    if line.len() <= CONTEXT_LIMIT {
        return collapse_whitespace(&text[line]);
    }
    let half = CONTEXT_LIMIT / 2;
    let mut start = at.start.saturating_sub(half).max(line.start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = at.end.saturating_add(half).min(line.end).max(start);
    while !text.is_char_boundary(end) {
        end += 1;
    }
    collapse_whitespace(&text[start..end])
}

/// How the human output looks.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanStyle {
    /// ANSI colours, as compilers use them in a terminal.
    pub color: bool,
    /// Only the summary line.
    pub quiet: bool,
}

/// Wraps `text` in an ANSI style when colours are on.
fn paint(color: bool, style: &str, text: &str) -> String {
    if color {
        format!("\x1b[{style}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn severity_style(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
        Severity::Hint => "1;32",
    }
}

/// Prints reports the way compilers do, then a summary line.
pub fn print_human(
    out: &mut impl Write,
    reports: &[FileReport],
    summary: &Summary,
    style: HumanStyle,
) -> io::Result<()> {
    let color = style.color;
    for report in reports.iter().filter(|_| !style.quiet) {
        for d in &report.diagnostics {
            let severity_style = severity_style(d.severity);
            writeln!(
                out,
                "{}: {}: {}",
                paint(
                    color,
                    "1",
                    &format!("{}:{}:{}", report.path, d.line, d.column)
                ),
                paint(
                    color,
                    severity_style,
                    &format!("{}[{}]", d.severity, d.rule)
                ),
                d.message
            )?;
            if let Some(s) = &d.snippet {
                let number = d.line.to_string();
                let gutter = " ".repeat(number.len());
                let bar = paint(color, "1;34", "|");
                writeln!(out, "{gutter} {bar}")?;
                writeln!(out, "{} {bar} {}", paint(color, "1;34", &number), s.text)?;
                writeln!(
                    out,
                    "{gutter} {bar} {}{}",
                    " ".repeat(s.caret_at),
                    paint(color, severity_style, &"^".repeat(s.caret_len))
                )?;
            }
            writeln!(out)?;
        }
    }
    writeln!(out, "{}", summary_line(summary))
}

pub fn summary_line(s: &Summary) -> String {
    let mut parts = Vec::new();
    let mut push = |n: usize, one: &str, many: &str| {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    };
    push(s.errors, "error", "errors");
    push(s.warnings, "warning", "warnings");
    push(s.infos, "info", "infos");
    push(s.hints, "hint", "hints");
    let findings = if parts.is_empty() {
        "no findings".to_string()
    } else {
        parts.join(", ")
    };
    let files = if s.files == 1 { "file" } else { "files" };
    let mut line = format!("{} {files} checked: {findings}", s.files);
    if s.skipped > 0 {
        line.push_str(&format!(", {} skipped", s.skipped));
    }
    if s.failed > 0 {
        line.push_str(&format!(", {} could not be read", s.failed));
    }
    line
}

/// Prints the whole run as one JSON document.
pub fn print_json(
    out: &mut impl Write,
    reports: &[FileReport],
    summary: &Summary,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Output<'a> {
        files: &'a [FileReport],
        summary: &'a Summary,
    }
    serde_json::to_writer_pretty(
        &mut *out,
        &Output {
            files: reports,
            summary,
        },
    )?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = "x".repeat(1000) + "API" + &"y".repeat(1000);
        let s = snippet(&line, 1000, 3);
        assert!(s.text.chars().count() <= 162);
        let api: String = s.text.chars().skip(s.caret_at).take(3).collect();
        assert_eq!(api, "API");
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
    }

    #[test]
    fn snippets_by_byte_offset_match_snippets_by_column() {
        let lines = [
            "short line with API".to_string(),
            "é".repeat(100) + "\tAPI" + &"ü".repeat(300),
            "x".repeat(59) + "API" + &"y".repeat(200),
            "x".repeat(61) + "API" + &"y".repeat(200),
            "x".repeat(150) + "API",
        ];
        for line in &lines {
            let column = line.find("API").map(|b| line[..b].chars().count()).unwrap();
            let by_column = snippet(line, column, 3);
            let by_byte = snippet_at(line, line.find("API").unwrap(), 3);
            assert_eq!(by_column.text, by_byte.text, "{line}");
            assert_eq!(
                (by_column.caret_at, by_column.caret_len),
                (by_byte.caret_at, by_byte.caret_len)
            );
            let api: String = by_byte
                .text
                .chars()
                .skip(by_byte.caret_at)
                .take(3)
                .collect();
            assert_eq!(api, "API", "{line}");
        }
    }

    #[test]
    fn a_finding_on_a_very_long_line_has_a_bounded_context() {
        let text = "word ".repeat(10_000) + "API" + &" more".repeat(10_000);
        let at = text.find("API").unwrap();
        let context = finding_context(&text, 0..text.len(), at..at + 3);
        assert!(context.len() <= CONTEXT_LIMIT + 3 && context.contains("API"));
        // A short line is its whole context, whitespace collapsed.
        let short = "An  API\there.";
        assert_eq!(finding_context(short, 0..short.len(), 4..7), "An API here.");
    }

    #[test]
    fn summary_wording() {
        let mut s = Summary {
            files: 2,
            ..Summary::default()
        };
        assert_eq!(summary_line(&s), "2 files checked: no findings");
        s.count(Severity::Warning);
        s.count(Severity::Warning);
        s.count(Severity::Info);
        s.skipped = 1;
        assert_eq!(
            summary_line(&s),
            "2 files checked: 2 warnings, 1 info, 1 skipped"
        );
    }
}

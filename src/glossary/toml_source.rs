//! TOML glossaries, the primary format.

use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{
    FILE_FIELDS, Field, Origin, Parsed, Problem, ProblemKind, Written, WrittenValue,
    entry_from_fields, expected_one_of,
};
use crate::text::LineIndex;

pub(super) fn parse(name: &Arc<str>, text: &str) -> Parsed {
    let index = LineIndex::new(text);
    let origin_at = |offset: usize| {
        let pos = index.line_col(text, offset);
        Origin {
            source: name.clone(),
            line: pos.line,
            column: pos.column,
        }
    };
    let mut parsed = Parsed::default();
    let whole = match DeTable::parse(text) {
        Ok(table) => {
            read_file(table.into_inner(), 0, &origin_at, &mut parsed);
            return parsed;
        }
        Err(error) => error,
    };
    // A syntax error loses at most the entry it is in: each entry (and what comes before
    // the first) is parsed on its own, and every error of each is reported.
    let mut reported = false;
    for chunk in chunks(text) {
        let part = &text[chunk.clone()];
        let (table, mut errors) = DeTable::parse_recoverable(part);
        if errors.is_empty() {
            read_file(table.into_inner(), chunk.start, &origin_at, &mut parsed);
            continue;
        }
        if part.contains("\r\n") {
            // The errors of the same text with LF line breaks (a space after each keeps every
            // offset), so that a CRLF file reports what its LF twin does: an unterminated
            // string otherwise swallows the `\r` and one error becomes two.
            let lf = part.replace("\r\n", "\n ");
            let (_, lf_errors) = DeTable::parse_recoverable(&lf);
            if !lf_errors.is_empty() {
                errors = lf_errors;
            }
        }
        reported = true;
        for error in errors {
            let offset = chunk.start + error.span().map_or(0, |span| span.start);
            parsed.problems.push(Problem {
                kind: ProblemKind::Syntax,
                origin: origin_at(offset),
                message: first_line(error.message()),
            });
        }
    }
    if !reported {
        // Each part parses alone but the whole does not: say why.
        parsed.problems.push(Problem {
            kind: ProblemKind::Syntax,
            origin: origin_at(whole.span().map_or(0, |span| span.start)),
            message: first_line(whole.message()),
        });
    }
    parsed
}

/// Reads a parsed file (or part of one that starts at byte `base`): its entries, and a
/// problem for each unknown or ill-typed top-level field.
fn read_file(
    table: DeTable<'_>,
    base: usize,
    origin_at: &dyn Fn(usize) -> Origin,
    parsed: &mut Parsed,
) {
    let problem = |parsed: &mut Parsed, at: usize, message: String| {
        parsed.problems.push(Problem {
            kind: ProblemKind::Syntax,
            origin: origin_at(base + at),
            message,
        })
    };
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        match (name, value.get_ref()) {
            ("name" | "description" | "$schema", DeValue::String(_)) => {}
            ("name" | "description" | "$schema", other) => problem(
                parsed,
                value.span().start,
                format!("`{name}` must be a string, not {}", type_name(other)),
            ),
            ("entries", DeValue::Array(entries)) => {
                for entry in entries.iter() {
                    let start = base + entry.span().start;
                    match entry.get_ref() {
                        DeValue::Table(fields) => {
                            let fields = fields
                                .iter()
                                .map(|(key, value)| Field {
                                    key: key.get_ref().to_string(),
                                    key_at: base + key.span().start,
                                    value: written(value, base),
                                })
                                .collect();
                            entry_from_fields(fields, start, origin_at, parsed);
                        }
                        other => problem(
                            parsed,
                            entry.span().start,
                            format!("an entry must be a table, not {}", type_name(other)),
                        ),
                    }
                }
            }
            ("entries", other) => problem(
                parsed,
                value.span().start,
                format!(
                    "`entries` must be an array of tables (`[[entries]]`), not {}",
                    type_name(other)
                ),
            ),
            _ => problem(
                parsed,
                key.span().start,
                format!("unknown field `{name}`, {}", expected_one_of(&FILE_FIELDS)),
            ),
        }
    }
}

fn written(value: &Spanned<DeValue<'_>>, base: usize) -> Written {
    let at = base + value.span().start;
    let value = match value.get_ref() {
        DeValue::String(s) => WrittenValue::Str(s.to_string()),
        DeValue::Array(items) => {
            WrittenValue::List(items.iter().map(|item| written(item, base)).collect())
        }
        other => WrittenValue::Other(type_name(other)),
    };
    Written { value, at }
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Byte ranges of the file's parts: what comes before the first `[[entries]]` header, then
/// each entry from its header to the next one. A header inside a multi-line string is text.
fn chunks(text: &str) -> Vec<Range<usize>> {
    let mut starts = vec![0];
    let mut open: Option<&'static str> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if open.is_none() && line_start > 0 && is_entries_header(line) {
            starts.push(line_start);
        }
        open = scan_line(line, open);
        line_start += line.len();
    }
    let mut ends: Vec<usize> = starts[1..].to_vec();
    ends.push(text.len());
    starts.into_iter().zip(ends).map(|(s, e)| s..e).collect()
}

/// Whether a line is exactly an `[[entries]]` header (spaces and a comment allowed).
fn is_entries_header(line: &str) -> bool {
    let Some(rest) = line.trim().strip_prefix("[[") else {
        return false;
    };
    let Some(close) = rest.find("]]") else {
        return false;
    };
    let after = rest[close + 2..].trim();
    matches!(
        rest[..close].trim(),
        "entries" | "\"entries\"" | "'entries'"
    ) && (after.is_empty() || after.starts_with('#'))
}

/// Follows strings and comments through one line; `open` is the multi-line string (its
/// delimiter) the line starts in, and the result the one it ends in.
fn scan_line(line: &str, mut open: Option<&'static str>) -> Option<&'static str> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(delimiter) = open {
            if delimiter == "\"\"\"" && bytes[i] == b'\\' {
                i += 2;
                continue;
            }
            if bytes[i..].starts_with(delimiter.as_bytes()) {
                open = None;
                i += 3;
                // Quotes right after the delimiter belong to the string (`a""""` ends in `""`).
                while i < bytes.len() && bytes[i] == delimiter.as_bytes()[0] {
                    i += 1;
                }
            } else {
                i += 1;
            }
            continue;
        }
        match bytes[i] {
            b'#' => break,
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                open = Some("\"\"\"");
                i += 3;
            }
            b'\'' if bytes[i..].starts_with(b"'''") => {
                open = Some("'''");
                i += 3;
            }
            quote @ (b'"' | b'\'') => {
                // A one-line string ends at its quote or, unterminated, at the line's end.
                i += 1;
                while i < bytes.len() && bytes[i] != quote && bytes[i] != b'\n' {
                    if quote == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    open
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Parsed {
        super::super::parse_source("g.toml", text, super::super::SourceFormat::Toml)
    }

    fn messages(parsed: &Parsed) -> Vec<String> {
        parsed.problems.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn entries_carry_their_header_position() {
        let parsed = run(
            "name = \"x\"\n\n[[entries]]\nterm = \"API\"\nsummary = \"a\"\n\n[[entries]]\nterm = \"MVP\"\nsummary = \"b\"\n",
        );
        assert_eq!(parsed.problems, vec![]);
        let lines: Vec<u32> = parsed.entries.iter().map(|e| e.origin.line).collect();
        assert_eq!(lines, vec![3, 7]);
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let parsed = run("[[entries]]\nterm = \"API\nsummary = 1\n");
        assert_eq!(parsed.entries.len(), 0);
        let problem = &parsed.problems[0];
        assert_eq!(problem.kind, ProblemKind::Syntax);
        assert_eq!((problem.origin.line, problem.origin.column), (2, 12));
    }

    const FIVE: &str = r#"name = "team"

[[entries]]
term = "AAA"
summary = "one"

[[entries]]
term = "BBB
summary = "two"

[[entries]]  # third
term = "CCC"
definition = """
[[entries]]
not a header"""

[[entries]]
term = "DDD"
summary = = "four"

[[entries]]
term = "EEE"
expansion = "Five"
"#;

    #[test]
    fn every_syntax_error_is_reported_and_the_other_entries_kept() {
        let parsed = run(FIVE);
        assert_eq!(
            messages(&parsed),
            [
                "g.toml:8:12: invalid basic string, expected `\"`",
                // Every error the parser finds, two in this line.
                "g.toml:19:11: extra `=`, expected nothing",
                "g.toml:19:13: unexpected key or value, expected newline, `#`",
            ]
        );
        let terms: Vec<&str> = parsed.entries.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms, ["AAA", "CCC", "EEE"]);
        assert_eq!(parsed.entries[1].origin.line, 11);
        assert_eq!(
            parsed.entries[1].definition.as_deref(),
            Some("[[entries]]\nnot a header")
        );
        // Line breaks written CRLF: the same positions.
        let crlf = run(&FIVE.replace('\n', "\r\n"));
        assert_eq!(messages(&crlf), messages(&parsed));
        assert_eq!(crlf.entries.len(), 3);
    }

    #[test]
    fn headers_are_found_outside_strings_and_comments_only() {
        let text = r#"a = '[[entries]]'
[[entries]]
b = '''
[[entries]]
'''
 # [[entries]]
[[ entries ]] # c
c = """x\"""""
[[entries]]
"#;
        let lines: Vec<&str> = chunks(text)
            .iter()
            .map(|c| text[c.start..].lines().next().unwrap())
            .collect();
        assert_eq!(
            lines,
            [
                "a = '[[entries]]'",
                "[[entries]]",
                "[[ entries ]] # c",
                "[[entries]]"
            ]
        );
    }

    #[test]
    fn every_unknown_field_is_reported_at_its_key_and_the_entry_kept() {
        let parsed = run(
            "[[entries]]\nterm = \"API\"\n  colour = \"red\"\nsummary = \"s\"\nsize = 3\n\n[[entries]]\nterm = \"MVP\"\nsummary = 2\naliases = [\"a\", 3]\n\n[[entries]]\nterm = \"  \"\n",
        );
        let terms: Vec<&str> = parsed.entries.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms, ["API", "MVP"]);
        assert_eq!(parsed.entries[1].aliases, ["a"]);
        let messages = messages(&parsed);
        assert_eq!(messages.len(), 6, "{messages:?}");
        assert!(
            messages[0].starts_with("g.toml:3:3: unknown field `colour`, expected one of `term`"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("g.toml:5:1: unknown field `size`"),
            "{messages:?}"
        );
        assert_eq!(
            messages[2..],
            [
                "g.toml:8:8: entry `MVP` has no expansion, summary or definition: say what it means",
                "g.toml:9:11: `summary` must be a string, not an integer",
                "g.toml:10:17: `aliases` must list strings; this is an integer",
                "g.toml:13:8: entry has an empty `term`",
            ]
        );
    }

    #[test]
    fn an_entry_without_explanation_is_incomplete_unless_it_names_its_replacement() {
        let parsed = run(
            "[[entries]]\nterm = \"QQA\"\n\n[[entries]]\nterm = \"churn\"\nstatus = \"deprecated\"\nuse_instead = \"attrition\"\n\n[[entries]]\nterm = \"QQB\"\nexpansion = \"Quite Quick B\"\n",
        );
        assert_eq!(parsed.entries.len(), 3);
        assert_eq!(parsed.problems.len(), 1);
        let problem = &parsed.problems[0];
        assert_eq!(problem.kind, ProblemKind::IncompleteEntry);
        assert_eq!((problem.origin.line, problem.origin.column), (2, 8));
    }

    #[test]
    fn unknown_top_level_fields_and_a_bad_status() {
        let parsed = run(
            "title = \"x\"\n[[entries]]\nterm = \"QQA\"\nsummary = \"s\"\nstatus = \"maybe\"\n",
        );
        assert_eq!(parsed.entries.len(), 0);
        assert_eq!(
            messages(&parsed),
            [
                "g.toml:1:1: unknown field `title`, expected one of `name`, `description`, `entries`, `$schema`",
                "g.toml:5:10: unknown status `maybe`, expected one of `preferred`, `deprecated`, `forbidden`",
            ]
        );
    }
}

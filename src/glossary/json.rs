//! JSON glossaries: the same fields as TOML, `{"entries": [...]}`.
//!
//! serde_json keeps no positions, so a small scanner finds where each entry, key and value
//! starts. It tolerates broken JSON (a string ends at its line's end at the latest, and an
//! entry whose `{` lines up with the one before starts anew), so that when the file does not
//! parse each entry is parsed on its own: a syntax error loses at most the entry it is in.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use serde_json::Value;

use super::{
    FILE_FIELDS, Field, Origin, Parsed, Problem, ProblemKind, Written, WrittenValue,
    entry_from_fields, expected_one_of,
};
use crate::text::LineIndex;

pub(super) fn parse(name: &Arc<str>, text: &str) -> Parsed {
    let index = LineIndex::new(text);
    let scan = scan(text);
    // The positions of entries, keys and values in one pass (O(n + k log k) for k of them in
    // n bytes): one at a time, each counted the columns from its line's start, O(n·k) for a
    // one-line file.
    let positions = index.line_cols(
        text,
        scan.entries.iter().flat_map(|e| {
            std::iter::once(e.range.start).chain(e.keys.values().flat_map(|&(k, v)| [k, v]))
        }),
    );
    let origin_at = |offset: usize| {
        let pos = positions
            .get(&offset)
            .copied()
            .unwrap_or_else(|| index.line_col(text, offset));
        Origin {
            source: name.clone(),
            line: pos.line,
            column: pos.column,
        }
    };
    let mut parsed = Parsed::default();
    let syntax = |parsed: &mut Parsed, at: usize, error: &serde_json::Error| {
        parsed.problems.push(Problem {
            kind: ProblemKind::Syntax,
            origin: origin_at(at),
            message: strip_position(&error.to_string()),
        })
    };
    match serde_json::from_str::<Value>(text) {
        Ok(value) => read_file(value, &scan, &origin_at, &mut parsed),
        Err(whole) => {
            // Each entry on its own; the whole file's error is reported too unless it is
            // in an entry that is reported already.
            let mut broken: Vec<Range<usize>> = Vec::new();
            for entry in &scan.entries {
                let part = &text[entry.range.clone()];
                match serde_json::from_str::<Value>(part) {
                    Ok(Value::Object(fields)) => {
                        read_entry(fields, entry, &origin_at, &mut parsed);
                    }
                    Ok(_) => {}
                    Err(error) => {
                        let at = entry.range.start + offset_of(part, &error);
                        syntax(&mut parsed, at, &error);
                        broken.push(entry.range.clone());
                    }
                }
            }
            let at = offset_of(text, &whole);
            if !broken.iter().any(|r| r.start <= at && at <= r.end) {
                syntax(&mut parsed, at, &whole);
            }
        }
    }
    parsed
}

/// Reads a file that parsed: its entries, and a problem for each unknown or ill-typed
/// top-level field.
fn read_file(value: Value, scan: &Scan, origin_at: &dyn Fn(usize) -> Origin, parsed: &mut Parsed) {
    let problem = |parsed: &mut Parsed, at: usize, message: String| {
        parsed.problems.push(Problem {
            kind: ProblemKind::Syntax,
            origin: origin_at(at),
            message,
        })
    };
    let Value::Object(top) = value else {
        problem(
            parsed,
            0,
            format!(
                "a JSON glossary must be an object with `entries`, not {}",
                type_name(&value)
            ),
        );
        return;
    };
    let key_at = |name: &str| scan.top_keys.get(name).copied().unwrap_or((0, 0));
    for (name, value) in top {
        let (key, at) = key_at(&name);
        match (name.as_str(), value) {
            ("name" | "description" | "$schema", Value::String(_)) => {}
            ("name" | "description" | "$schema", other) => problem(
                parsed,
                at,
                format!("`{name}` must be a string, not {}", type_name(&other)),
            ),
            ("entries", Value::Array(entries)) => {
                let mut scanned = scan.entries.iter();
                for entry in entries {
                    match entry {
                        Value::Object(fields) => match scanned.next() {
                            Some(written) => read_entry(fields, written, origin_at, parsed),
                            // The scanner finds every object of a valid file; never lose one.
                            None => read_entry(
                                fields,
                                &Scanned {
                                    range: at..at,
                                    keys: HashMap::new(),
                                },
                                origin_at,
                                parsed,
                            ),
                        },
                        other => problem(
                            parsed,
                            at,
                            format!("an entry must be an object, not {}", type_name(&other)),
                        ),
                    }
                }
            }
            ("entries", other) => problem(
                parsed,
                at,
                format!(
                    "`entries` must be an array of objects, not {}",
                    type_name(&other)
                ),
            ),
            (name, _) => problem(
                parsed,
                key,
                format!("unknown field `{name}`, {}", expected_one_of(&FILE_FIELDS)),
            ),
        }
    }
}

fn read_entry(
    fields: serde_json::Map<String, Value>,
    scanned: &Scanned,
    origin_at: &dyn Fn(usize) -> Origin,
    parsed: &mut Parsed,
) {
    let start = scanned.range.start;
    let fields = fields
        .into_iter()
        .map(|(key, value)| {
            let (key_at, value_at) = scanned.keys.get(&key).copied().unwrap_or((start, start));
            Field {
                key,
                key_at,
                value: written(value, value_at),
            }
        })
        .collect();
    entry_from_fields(fields, start, origin_at, parsed);
}

/// A JSON value as written; the items of an array are placed at the array.
fn written(value: Value, at: usize) -> Written {
    let value = match value {
        Value::String(s) => WrittenValue::Str(s),
        Value::Array(items) => {
            WrittenValue::List(items.into_iter().map(|item| written(item, at)).collect())
        }
        other => WrittenValue::Other(type_name(&other)),
    };
    Written { value, at }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The byte offset in `text` of a serde_json error's line and column.
fn offset_of(text: &str, error: &serde_json::Error) -> usize {
    let index = LineIndex::new(text);
    let line = index.line_start(error.line().saturating_sub(1));
    let end = index.line_start(error.line()).min(text.len());
    (line + error.column().saturating_sub(1)).min(end)
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// Where an entry object is, and where each of its keys and their values start.
#[derive(Debug)]
struct Scanned {
    range: Range<usize>,
    /// Key → (offset of the key, offset of its value); the last of a repeated key, as
    /// serde_json keeps the last value.
    keys: HashMap<String, (usize, usize)>,
}

#[derive(Debug, Default)]
struct Scan {
    /// The objects of the top-level `entries` array, in order.
    entries: Vec<Scanned>,
    /// Top-level key → (offset of the key, offset of its value).
    top_keys: HashMap<String, (usize, usize)>,
}

/// Finds the entries of a JSON glossary, valid or not (see the module's documentation).
fn scan(text: &str) -> Scan {
    let bytes = text.as_bytes();
    let mut scan = Scan::default();
    let mut depth = 0usize;
    let mut last_string: Option<(usize, Range<usize>)> = None;
    let mut in_entries = false;
    // The entry being read, and the column of its `{` when that starts its line.
    let mut current: Option<(Scanned, Option<usize>)> = None;
    let mut line_start = 0;
    let mut i = 0;
    let value_start = |mut j: usize| {
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        j
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line_start = i + 1,
            b'"' => {
                let quote = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                last_string = Some((quote, quote + 1..i.min(bytes.len())));
                if bytes.get(i) == Some(&b'\n') {
                    continue;
                }
            }
            b':' => {
                if let Some((key_at, name)) = last_string.take() {
                    let name = text.get(name).unwrap_or("").to_string();
                    let at = (key_at, value_start(i + 1));
                    match (&mut current, depth) {
                        (Some((entry, _)), 3) => {
                            entry.keys.insert(name, at);
                        }
                        (None, 1) => {
                            scan.top_keys.insert(name, at);
                        }
                        _ => {}
                    }
                }
            }
            b'{' => {
                let first_on_line = text[line_start..i].trim().is_empty();
                let column = first_on_line.then_some(i - line_start);
                // An entry whose `{` lines up with the open one's: the open one is broken
                // (a `}` lost in a string); end it at this line.
                let realigned = depth > 2
                    && column.is_some()
                    && matches!(&current, Some((_, open)) if *open == column);
                if realigned && let Some((mut entry, _)) = current.take() {
                    entry.range.end = line_start;
                    scan.entries.push(entry);
                    depth = 2;
                }
                if depth == 2 && in_entries {
                    current = Some((
                        Scanned {
                            range: i..i,
                            keys: HashMap::new(),
                        },
                        column,
                    ));
                }
                depth += 1;
            }
            b'[' => {
                if depth == 1 {
                    in_entries = scan
                        .top_keys
                        .get("entries")
                        .is_some_and(|&(_, value)| value == i);
                }
                depth += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 2
                    && bytes[i] == b'}'
                    && let Some((mut entry, _)) = current.take()
                {
                    entry.range.end = i + 1;
                    scan.entries.push(entry);
                }
                if depth == 1 && bytes[i] == b']' {
                    in_entries = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if let Some((mut entry, _)) = current.take() {
        entry.range.end = text.len();
        scan.entries.push(entry);
    }
    scan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Parsed {
        super::super::parse_source("g.json", text, super::super::SourceFormat::Json)
    }

    fn messages(parsed: &Parsed) -> Vec<String> {
        parsed.problems.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn entries_and_their_positions() {
        let parsed = run(
            "{\n  \"name\": \"x\",\n  \"tags\": [],\n  \"entries\": [\n    {\"term\": \"API\", \"summary\": \"s\", \"see_also\": [\"{\"]},\n    {\"term\": \"MVP\", \"summary\": \"s\"}\n  ]\n}",
        );
        // "tags" is not a top-level field: reported at its key, and the entries still load.
        assert_eq!(parsed.entries.len(), 2);
        assert_eq!(parsed.entries[1].origin.line, 6);
        assert_eq!(messages(&parsed).len(), 1);
        assert!(
            messages(&parsed)[0].starts_with("g.json:3:3: unknown field `tags`"),
            "{:?}",
            messages(&parsed)
        );

        let parsed = run(
            "{\n  \"entries\": [\n    {\"term\": \"API\", \"summary\": \"s\", \"see_also\": [\"{\"]},\n    {\"term\": \"MVP\", \"summary\": \"s\", \"bogus\": 1, \"more\": 2}\n  ]\n}",
        );
        assert_eq!(parsed.entries.len(), 2);
        assert_eq!(parsed.entries[0].origin.line, 3);
        let messages = messages(&parsed);
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("g.json:4:37: unknown field `bogus`"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("g.json:4:49: unknown field `more`"),
            "{messages:?}"
        );
    }

    #[test]
    fn syntax_error_position() {
        let parsed = run("{\n  \"entries\": [\n    {\"term\": }\n  ]\n}");
        assert_eq!(messages(&parsed), ["g.json:3:14: expected value"]);
    }

    const FIVE: &str = r#"{
  "entries": [
    {"term": "AAA", "summary": "one"},
    {"term": "BBB, "summary": "two"},
    {"term": "CCC", "summary": "three"},
    {
      "term": "DDD",
      "summary": "four",,
    },
    {"term": "EEE", "expansion": "Five"}
  ]
}
"#;

    #[test]
    fn a_syntax_error_loses_only_its_entry() {
        let parsed = run(FIVE);
        let terms: Vec<&str> = parsed.entries.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms, ["AAA", "CCC", "EEE"]);
        assert_eq!(
            messages(&parsed),
            [
                "g.json:4:21: expected `,` or `}`",
                "g.json:8:25: key must be a string",
            ]
        );
        let crlf = run(&FIVE.replace('\n', "\r\n"));
        assert_eq!(messages(&crlf), messages(&parsed));
        assert_eq!(crlf.entries.len(), 3);
    }

    #[test]
    fn a_missing_comma_between_entries_keeps_both() {
        let parsed = run(
            "{\"entries\": [\n  {\"term\": \"AAA\", \"summary\": \"s\"}\n  {\"term\": \"BBB\", \"summary\": \"s\"}\n]}",
        );
        assert_eq!(parsed.entries.len(), 2);
        assert_eq!(messages(&parsed), ["g.json:3:3: expected `,` or `]`"]);
    }
}

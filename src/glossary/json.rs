//! JSON glossaries: the same fields as TOML, `{"entries": [...]}`.

use std::sync::Arc;

use super::{Origin, Parsed, Problem, ProblemKind, RawEntry, RawFile};
use crate::text::LineIndex;

pub(super) fn parse(name: &Arc<str>, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let file: RawFile<serde_json::Value> = match serde_json::from_str(text) {
        Ok(file) => file,
        Err(error) => {
            parsed.problems.push(Problem {
                kind: ProblemKind::Syntax,
                origin: Origin {
                    source: name.clone(),
                    line: error.line().max(1) as u32,
                    column: error.column().max(1) as u32,
                },
                message: strip_position(&error.to_string()),
            });
            return parsed;
        }
    };
    let index = LineIndex::new(text);
    let starts = entry_offsets(text);
    // All positions in one pass (O(n + e log e) for e entries in n bytes): one at a time,
    // each counted the columns from its line's start, O(n·e) for a one-line file.
    let positions = index.line_cols(text, starts.iter().copied());
    for (i, value) in file.entries.into_iter().enumerate() {
        let offset = starts.get(i).copied().unwrap_or(0);
        let pos = positions
            .get(&offset)
            .copied()
            .unwrap_or_else(|| index.line_col(text, offset));
        let origin = Origin {
            source: name.clone(),
            line: pos.line,
            column: pos.column,
        };
        let result = serde_json::from_value::<RawEntry>(value)
            .map_err(|e| strip_position(&e.to_string()))
            .and_then(|raw| raw.into_entry(origin.clone()));
        parsed.push(result, origin)
    }
    parsed
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// Byte offsets of the objects in the top-level `entries` array, in order.
///
/// serde_json keeps no positions, so a tiny scanner (strings, nesting, top-level keys)
/// finds where each entry starts; the text is already known to be valid JSON.
fn entry_offsets(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut offsets = Vec::new();
    let mut depth = 0usize;
    let mut last_string: Option<(usize, usize)> = None;
    let mut key_at_top: Option<(usize, usize)> = None;
    let mut in_entries = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                last_string = Some((start, i.min(bytes.len())));
            }
            b':' if depth == 1 => key_at_top = last_string,
            b'[' | b'{' => {
                if depth == 1 && bytes[i] == b'[' {
                    in_entries = key_at_top.is_some_and(|(s, e)| &text[s..e] == "entries");
                }
                if depth == 2 && in_entries && bytes[i] == b'{' {
                    offsets.push(i);
                }
                depth += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 1 && bytes[i] == b']' {
                    in_entries = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Parsed {
        parse(&Arc::from("g.json"), text)
    }

    #[test]
    fn entries_and_their_positions() {
        let parsed = run(
            "{\n  \"name\": \"x\",\n  \"tags\": [],\n  \"entries\": [\n    {\"term\": \"API\", \"see_also\": [\"{\"]},\n    {\"term\": \"MVP\"}\n  ]\n}",
        );
        // "tags" is not a top-level field: the whole file is rejected with its position.
        assert_eq!(parsed.entries.len(), 0);
        assert_eq!(parsed.problems[0].origin.line, 3);
        assert!(parsed.problems[0].message.contains("unknown field `tags`"));

        let parsed = run(
            "{\n  \"entries\": [\n    {\"term\": \"API\", \"see_also\": [\"{\"]},\n    {\"term\": \"MVP\", \"bogus\": 1}\n  ]\n}",
        );
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.entries[0].origin.line, 3);
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].origin.line, 4);
        assert_eq!(parsed.problems[0].origin.column, 5);
        assert!(parsed.problems[0].message.contains("unknown field `bogus`"));
    }

    #[test]
    fn syntax_error_position() {
        let parsed = run("{\n  \"entries\": [\n    {\"term\": }\n  ]\n}");
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].origin.line, 3);
        assert!(!parsed.problems[0].message.contains("at line"));
    }
}

//! Docusaurus-style glossary JSON (docusaurus-plugin-glossary):
//!
//! ```json
//! {"description": "…", "terms": [
//!   {"term": "API", "abbreviation": "Application Programming Interface",
//!    "definition": "…", "relatedTerms": ["REST"]}
//! ]}
//! ```
//!
//! A top-level array of such objects is read too. Each term object is parsed on its own, so
//! a syntax error loses only the object it is in.

use std::sync::{Arc, LazyLock};

use regex::Regex;
use serde_json::Value;

use super::util::{Positions, entry, first_sentence, nonempty, status_word};
use super::{Parsed, Status};

/// Whether JSON text is a Docusaurus glossary rather than glossary-ls's own
/// `{"entries": [...]}`: a `terms` array, or a top-level array of objects with `term`.
pub(super) fn looks_like(text: &str) -> bool {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(top)) => top.contains_key("terms") && !top.contains_key("entries"),
        Ok(Value::Array(items)) => items.first().is_some_and(|i| i.get("term").is_some()),
        Ok(_) => false,
        Err(_) => {
            static TERMS: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r#""terms"\s*:\s*\["#).expect("static regex"));
            static ENTRIES: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r#""entries"\s*:"#).expect("static regex"));
            TERMS.is_match(text) && !ENTRIES.is_match(text)
        }
    }
}

pub(super) fn parse(name: &Arc<str>, text: &str) -> Parsed {
    let at = Positions::new(name, text);
    let mut parsed = Parsed::default();
    let whole = serde_json::from_str::<Value>(text);
    let objects = entry_objects(text);
    let mut broken = Vec::new();
    for (start, end) in &objects {
        let part = &text[*start..*end];
        match serde_json::from_str::<Value>(part) {
            Ok(Value::Object(fields)) => read_term(fields, part, *start, &at, &mut parsed),
            Ok(_) => {}
            Err(error) => {
                parsed.problems.push(at.problem(
                    start + offset_in(part, &error),
                    strip_position(&error.to_string()),
                ));
                broken.push(*start..*end);
            }
        }
    }
    match whole {
        Err(error) => {
            let offset = offset_in(text, &error);
            if !broken.iter().any(|r| r.start <= offset && offset <= r.end) {
                parsed
                    .problems
                    .push(at.problem(offset, strip_position(&error.to_string())));
            }
        }
        Ok(Value::Object(top)) => {
            if !matches!(top.get("terms"), Some(Value::Array(_))) {
                parsed
                    .problems
                    .push(at.problem(0, "a Docusaurus glossary needs a `terms` array"));
            }
        }
        Ok(Value::Array(_)) => {}
        Ok(_) => parsed
            .problems
            .push(at.problem(0, "a Docusaurus glossary is an object with `terms`")),
    }
    parsed
}

fn read_term(
    fields: serde_json::Map<String, Value>,
    part: &str,
    start: usize,
    at: &Positions<'_>,
    parsed: &mut Parsed,
) {
    let key_at = |key: &str| {
        let quoted = format!("\"{key}\"");
        start + part.find(&quoted).unwrap_or(0)
    };
    let mut problems = Vec::new();
    let mut text = |key: &str| match fields.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => nonempty(s),
        Some(_) => {
            problems.push(at.problem(key_at(key), format!("`{key}` must be a string")));
            None
        }
    };
    let Some(term) = text("term") else {
        problems.push(at.problem(start, "term object has no `term`"));
        parsed.problems.extend(problems);
        return;
    };
    let mut e = entry(&term, at.at(start));
    e.definition = text("definition");
    e.expansion = text("abbreviation").or_else(|| text("expansion"));
    e.summary = text("summary").or_else(|| e.definition.as_deref().map(first_sentence));
    e.use_instead = text("useInstead").or_else(|| text("use_instead"));
    let status = text("status");
    if let Some(status) = status {
        match status_word(&status) {
            Some(s) => e.status = s,
            None => problems.push(at.problem(
                key_at("status"),
                format!("unknown status `{status}`, expected preferred, deprecated or forbidden"),
            )),
        }
    }
    let mut list = |keys: &[&str]| -> Vec<String> {
        let mut out = Vec::new();
        for key in keys {
            match fields.get(*key) {
                None | Some(Value::Null) => {}
                Some(Value::Array(items)) => {
                    for item in items {
                        match item {
                            Value::String(s) => out.extend(nonempty(s)),
                            _ => problems.push(
                                at.problem(key_at(key), format!("`{key}` must list strings")),
                            ),
                        }
                    }
                }
                Some(_) => problems
                    .push(at.problem(key_at(key), format!("`{key}` must be an array of strings"))),
            }
        }
        out
    };
    e.see_also = list(&["relatedTerms", "related"]);
    e.aliases = list(&["aliases", "synonyms"]);
    e.tags = list(&["tags"]);
    if e.use_instead.is_some() && e.status == Status::Preferred {
        e.status = Status::Deprecated;
    }
    problems.extend(super::incomplete(&e, at.at(key_at("term"))));
    parsed.problems.extend(problems);
    parsed.entries.push(e);
}

/// The byte ranges of the term objects: objects directly in an array that is the whole
/// document or a value of the top-level object. Strings are skipped (a string ends at its
/// line's end at the latest, so one unclosed quote loses one line, not the file).
fn entry_objects(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            c @ (b'{' | b'[') => {
                // An entry object starting where another one never closed ends that one.
                if c == b'{' {
                    let parents: Vec<u8> = stack.iter().map(|(c, _)| *c).collect();
                    if parents.len() >= 3
                        && parents[parents.len() - 1] == b'{'
                        && is_entry_parent(&parents[..parents.len() - 1])
                        && starts_line(bytes, i)
                    {
                        stack.pop();
                    }
                }
                stack.push((c, i));
            }
            c @ (b'}' | b']') => {
                if let Some((open, start)) = stack.pop() {
                    let parents: Vec<u8> = stack.iter().map(|(c, _)| *c).collect();
                    if c == b'}' && open == b'{' && is_entry_parent(&parents) {
                        out.push((start, i + 1));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Whether an object whose open brackets are `parents` is a term object.
fn is_entry_parent(parents: &[u8]) -> bool {
    parents == [b'['] || parents == [b'{', b'[']
}

fn starts_line(bytes: &[u8], i: usize) -> bool {
    bytes[..i]
        .iter()
        .rev()
        .take_while(|b| **b != b'\n')
        .all(|b| b.is_ascii_whitespace())
}

/// The byte offset a serde_json error points at.
fn offset_in(text: &str, error: &serde_json::Error) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(error.line().saturating_sub(1))
        .map(str::len)
        .sum();
    let col = error.column().saturating_sub(1);
    let rest = &text[line_start.min(text.len())..];
    line_start + rest.char_indices().nth(col).map_or(rest.len(), |(i, _)| i)
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"{
  "description": "Words of the payments team",
  "terms": [
    {
      "term": "PSP",
      "abbreviation": "Payment Service Provider",
      "definition": "A company that accepts card payments for merchants. It settles daily.",
      "relatedTerms": ["Acquirer"]
    },
    {
      "term": "Acquirer",
      "definition": "The bank that receives card payments on a merchant's behalf."
    }
  ]
}"#;

    #[test]
    fn terms_become_entries() {
        assert!(looks_like(SAMPLE));
        assert!(!looks_like(r#"{"entries": []}"#));
        let parsed = parse(&Arc::from("glossary.json"), SAMPLE);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let psp = &parsed.entries[0];
        assert_eq!(psp.term, "PSP");
        assert_eq!(psp.expansion.as_deref(), Some("Payment Service Provider"));
        assert_eq!(
            psp.summary.as_deref(),
            Some("A company that accepts card payments for merchants.")
        );
        assert_eq!(psp.see_also, ["Acquirer"]);
        assert_eq!(psp.origin.to_string(), "glossary.json:4:5");
        assert_eq!(parsed.entries[1].origin.to_string(), "glossary.json:10:5");
    }

    #[test]
    fn a_broken_term_loses_only_itself() {
        let broken = SAMPLE.replace(
            "\"abbreviation\": \"Payment Service Provider\",",
            "\"abbreviation\": \"Payment Service Provider\"",
        );
        let parsed = parse(&Arc::from("g.json"), &broken);
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.entries[0].term, "Acquirer");
        assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
        assert!(
            parsed.problems[0].to_string().starts_with("g.json:7:7: "),
            "{}",
            parsed.problems[0]
        );
    }
}

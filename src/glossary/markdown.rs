//! Markdown glossaries: one section per entry, as teams already keep them in wikis.
//!
//! ```markdown
//! ## API (Application Program Interface)
//!
//! Aliases: Application Programming Interface
//! See also: [web API](#web-api), internal API
//!
//! A contract that lets one program use another's functions. ...
//! ```
//!
//! Entries are the headings of the level used most often (single-letter headings such as
//! "## A" that group entries alphabetically are skipped). The section body is the definition;
//! its first sentence is the summary. Lines labelled `Aliases:`, `See also:`, `Tags:`,
//! `Status:`, `Use instead:`, `Expansion:` or `Summary:` set those fields.

use std::sync::{Arc, LazyLock};

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::{Entry, Origin, Parsed, Status};
use crate::text::LineIndex;

struct Heading {
    level: HeadingLevel,
    text: String,
    start: usize,
    end: usize,
}

pub(super) fn parse(name: &Arc<str>, text: &str) -> Parsed {
    let headings = headings(text);
    let mut parsed = Parsed::default();
    let Some(level) = entry_level(&headings) else {
        return parsed;
    };
    let index = LineIndex::new(text);
    for (i, heading) in headings.iter().enumerate() {
        if heading.level != level || is_letter_group(&heading.text) {
            continue;
        }
        let body_end = headings[i + 1..]
            .iter()
            .find(|h| h.level <= level)
            .map_or(text.len(), |h| h.start);
        let pos = index.line_col(text, heading.start);
        let origin = Origin {
            source: name.clone(),
            line: pos.line,
            column: pos.column,
        };
        match entry(&heading.text, &text[heading.end..body_end], origin.clone()) {
            Ok(entry) => {
                parsed
                    .problems
                    .extend(super::incomplete(&entry, origin.clone()));
                parsed.entries.push(entry);
            }
            Err(message) => parsed.push(Err(message), origin),
        }
    }
    parsed
}

fn headings(text: &str) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut current: Option<Heading> = None;
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS | Options::ENABLE_HEADING_ATTRIBUTES;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some(Heading {
                    level,
                    text: String::new(),
                    start: range.start,
                    end: range.end,
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = current.as_mut() {
                    h.text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut h) = current.take() {
                    h.end = range.end;
                    h.text = h.text.trim().to_string();
                    out.push(h);
                }
            }
            _ => {}
        }
    }
    out
}

/// The heading level that holds entries: the one used most often (ties go to the deeper one).
fn entry_level(headings: &[Heading]) -> Option<HeadingLevel> {
    let mut counts: Vec<(HeadingLevel, usize)> = Vec::new();
    for h in headings.iter().filter(|h| !is_letter_group(&h.text)) {
        match counts.iter_mut().find(|(l, _)| *l == h.level) {
            Some((_, n)) => *n += 1,
            None => counts.push((h.level, 1)),
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
        .map(|(level, _)| level)
}

fn is_letter_group(text: &str) -> bool {
    text.chars().count() <= 1
}

static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:[-*+]\s+)?(?:\*\*|__)?(aliases|also known as|aka|see also|tags|status|use instead|expansion|summary)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*?)\s*$",
    )
    .expect("static regex")
});

static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("static regex"));

fn entry(heading: &str, body: &str, origin: Origin) -> Result<Entry, String> {
    let (term, mut expansion) = split_heading(heading);
    if term.is_empty() {
        return Err("entry heading has no term".to_string());
    }
    let mut entry = Entry {
        term: term.to_string(),
        expansion: None,
        aliases: Vec::new(),
        summary: None,
        definition: None,
        see_also: Vec::new(),
        tags: Vec::new(),
        status: Status::Preferred,
        use_instead: None,
        case: None,
        origin,
    };
    let mut definition = String::new();
    for line in body.lines() {
        let Some(caps) = FIELD.captures(line) else {
            definition.push_str(line);
            definition.push('\n');
            continue;
        };
        let value = caps[2].trim();
        match caps[1].to_ascii_lowercase().as_str() {
            "aliases" | "also known as" | "aka" => entry.aliases.extend(list(value)),
            "see also" => entry.see_also.extend(list(value)),
            "tags" => entry.tags.extend(list(value)),
            "expansion" => expansion = Some(plain(value)),
            "summary" => entry.summary = Some(plain(value)),
            "use instead" => entry.use_instead = Some(plain(value)),
            "status" => {
                entry.status = match plain(value).to_ascii_lowercase().as_str() {
                    "preferred" => Status::Preferred,
                    "deprecated" => Status::Deprecated,
                    "forbidden" => Status::Forbidden,
                    other => {
                        return Err(format!(
                            "unknown status `{other}` for `{term}`: expected preferred, deprecated or forbidden"
                        ));
                    }
                }
            }
            _ => unreachable!("the regex names every field"),
        }
    }
    let definition = definition.trim();
    if !definition.is_empty() {
        if entry.summary.is_none() {
            entry.summary = Some(first_sentence(definition));
        }
        entry.definition = Some(definition.to_string());
    }
    entry.expansion = expansion.filter(|e| !e.is_empty());
    Ok(entry)
}

/// `API (Application Program Interface)` → ("API", Some(expansion)); other headings are terms.
fn split_heading(heading: &str) -> (&str, Option<String>) {
    if let Some(inner) = heading.strip_suffix(')')
        && let Some(open) = inner.rfind(" (")
    {
        let term = inner[..open].trim();
        if crate::acronym::is_acronym_shaped(term) {
            return (term, Some(inner[open + 2..].trim().to_string()));
        }
    }
    (heading.trim(), None)
}

fn list(value: &str) -> Vec<String> {
    let value = LINK.replace_all(value, "$1");
    value
        .split([',', ';'])
        .map(plain)
        .filter(|s| !s.is_empty())
        .collect()
}

fn plain(value: &str) -> String {
    let value = LINK.replace_all(value, "$1");
    value
        .trim()
        .trim_matches(|c| matches!(c, '*' | '_' | '`'))
        .trim()
        .to_string()
}

use super::util::first_sentence;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_become_entries() {
        let text = "# Our glossary\n\n## A\n\n## API (Application Program Interface)\n\nAliases: Application Programming Interface\n**See also:** [web API](#web-api)\n\nA contract between programs. It names operations.\n\n### Example\n\nPayments.\n\n## web API\n\nAn API over HTTP.\n\n## churn\n\nStatus: deprecated\nUse instead: attrition\n\nOld word.\n";
        let parsed = parse(&Arc::from("g.md"), text);
        assert_eq!(parsed.problems, vec![]);
        let api = &parsed.entries[0];
        assert_eq!(api.term, "API");
        assert_eq!(api.origin.line, 5);
        assert_eq!(
            api.expansion.as_deref(),
            Some("Application Program Interface")
        );
        assert_eq!(api.aliases, vec!["Application Programming Interface"]);
        assert_eq!(api.see_also, vec!["web API"]);
        assert_eq!(api.summary.as_deref(), Some("A contract between programs."));
        assert!(api.definition.as_deref().unwrap().contains("### Example"));
        assert_eq!(parsed.entries[1].term, "web API");
        assert_eq!(parsed.entries[2].status, Status::Deprecated);
        assert_eq!(parsed.entries[2].use_instead.as_deref(), Some("attrition"));
    }

    #[test]
    fn a_section_without_a_body_is_an_incomplete_entry() {
        let parsed = parse(
            &Arc::from("g.md"),
            "## QQA\n\n## churn\n\nStatus: forbidden\nUse instead: attrition\n\n## QQB\n\nA body.\n",
        );
        assert_eq!(parsed.entries.len(), 3);
        let messages: Vec<String> = parsed.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            messages,
            ["g.md:1:1: entry `QQA` has no expansion, summary or definition: say what it means"]
        );
    }

    #[test]
    fn bad_status_is_a_problem() {
        let parsed = parse(&Arc::from("g.md"), "## churn\n\nStatus: maybe\n");
        assert_eq!(parsed.entries.len(), 0);
        assert_eq!(parsed.problems[0].origin.line, 1);
        assert!(
            parsed.problems[0]
                .message
                .contains("unknown status `maybe`")
        );
    }
}

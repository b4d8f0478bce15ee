//! AsciiDoc glossaries: the description lists of `[glossary]` sections and lists.
//!
//! ```asciidoc
//! [glossary]
//! == Glossary
//!
//! [glossary]
//! DLQ:: Dead-letter queue, where failed batches wait.
//! Snapshot:: A frozen copy of the ledger.
//! ```
//!
//! Each `term:: definition` item is an entry; the definition's first sentence is its
//! summary. An acronym-shaped term gets an expansion: the name in brackets after it
//! (`API (Application Programming Interface)::`), or else the definition's first clause
//! when that is a short name (`TTL:: Time to live`). A file without `[glossary]` lists is
//! read for every description list it has. The items are found by the AsciiDoc prose
//! parser, so listing blocks, comments and the header never make entries.

use std::sync::Arc;

use super::{Entry, Origin, Parsed, Status};
use crate::acronym::is_acronym_shaped;
use crate::text::LineIndex;

/// The longest first clause of a definition taken as an acronym's expansion, in words.
const MAX_EXPANSION_WORDS: usize = 6;

pub(super) fn parse(name: &Arc<str>, text: &str) -> Parsed {
    let items = crate::markup::description_items(text);
    let any_glossary = items.iter().any(|i| i.in_glossary);
    let index = LineIndex::new(text);
    let mut parsed = Parsed::default();
    for item in items.iter().filter(|i| i.in_glossary || !any_glossary) {
        let pos = index.line_col(text, item.term_offset);
        let origin = Origin {
            source: name.clone(),
            line: pos.line,
            column: pos.column,
        };
        match entry(&item.term, &item.definition, origin.clone()) {
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

fn entry(term: &str, definition: &str, origin: Origin) -> Result<Entry, String> {
    let term = term.trim_matches(|c: char| c.is_whitespace() || c == '\u{1a}');
    let (term, bracketed) = split_term(term);
    if term.is_empty() {
        return Err("glossary item has no term".to_string());
    }
    let definition = definition.split_whitespace().collect::<Vec<_>>().join(" ");
    let expansion = bracketed.or_else(|| {
        let clause = definition.split([',', '.', ';', ':', '(']).next()?.trim();
        let words = clause.split_whitespace().count();
        (is_acronym_shaped(term) && (1..=MAX_EXPANSION_WORDS).contains(&words))
            .then(|| clause.to_string())
    });
    let summary = (!definition.is_empty()).then(|| first_sentence(&definition));
    Ok(Entry {
        term: term.to_string(),
        expansion,
        aliases: Vec::new(),
        summary,
        definition: (!definition.is_empty()).then_some(definition),
        see_also: Vec::new(),
        tags: Vec::new(),
        status: Status::Preferred,
        use_instead: None,
        case: None,
        origin,
    })
}

/// `API (Application Programming Interface)` → ("API", Some(expansion)).
fn split_term(term: &str) -> (&str, Option<String>) {
    if let Some(inner) = term.strip_suffix(')')
        && let Some(open) = inner.rfind(" (")
    {
        let short = inner[..open].trim();
        if is_acronym_shaped(short) {
            return (short, Some(inner[open + 2..].trim().to_string()));
        }
    }
    (term, None)
}

fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(end) => text[..=end].to_string(),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ProblemKind, SourceFormat, parse_source};

    #[test]
    fn glossary_lists_are_entries_with_positions() {
        let text = "= Team glossary\n:toc:\n\nIntro text:: not a glossary item\n\n[glossary]\n== Glossary\n\n[glossary]\nDLQ:: Dead-letter queue, where failed batches wait.\nAPI (Application Programming Interface):: How programs talk.\n`Snapshot`::\n  A frozen copy of the ledger. It is read-only.\nOrphan::\n\n----\nCODE:: not an entry\n----\n";
        let parsed = parse_source("g.adoc", text, SourceFormat::Asciidoc);
        let got: Vec<(&str, Option<&str>, u32, u32)> = parsed
            .entries
            .iter()
            .map(|e| {
                (
                    e.term.as_str(),
                    e.expansion.as_deref(),
                    e.origin.line,
                    e.origin.column,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("DLQ", Some("Dead-letter queue"), 10, 1),
                ("API", Some("Application Programming Interface"), 11, 1),
                ("Snapshot", None, 12, 1),
            ]
        );
        let snapshot = &parsed.entries[2];
        assert_eq!(
            snapshot.summary.as_deref(),
            Some("A frozen copy of the ledger.")
        );
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    }

    #[test]
    fn without_glossary_style_every_description_list_counts_and_gaps_are_reported() {
        let text =
            "QPR:: Quick path routing\r\n\r\nNode::\r\n\r\n== Next\r\n\r\nTerm:: A term.\r\n";
        let parsed = parse_source("g.adoc", text, SourceFormat::Asciidoc);
        let terms: Vec<&str> = parsed.entries.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms, ["QPR", "Term"]);
        assert_eq!(
            parsed.entries[0].expansion.as_deref(),
            Some("Quick path routing")
        );
        assert_eq!(parsed.entries[1].origin.line, 7);
        assert!(
            parsed
                .problems
                .iter()
                .all(|p| p.kind != ProblemKind::Syntax),
            "{:?}",
            parsed.problems
        );
    }
}

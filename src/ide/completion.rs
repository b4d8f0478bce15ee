//! Completing glossary terms, their aliases and expansions while typing.

use crate::analysis::{Analysis, Engine};
use crate::glossary::{EntryId, FormKind};
use crate::text::is_word_char;

/// At most this many items are returned; more makes the list incomplete.
pub const MAX_ITEMS: usize = 100;

/// What an item inserts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// A name of a glossary entry.
    Name(FormKind),
    /// The first-use form of an acronym: "Long Form (LF)".
    FirstUse,
    /// A term the document defines itself.
    DocumentDefinition,
}

/// One completion item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub label: String,
    /// The text clients filter on (the typed name may be an expansion of the label).
    pub filter: String,
    pub insert: String,
    pub detail: Option<String>,
    /// Markdown. `None` for glossary entries: their documentation is long and the same for
    /// several items, so it is made on demand (`entry_documentation`) for the item the
    /// user looks at, or for every item by clients that cannot ask later.
    pub documentation: Option<String>,
    pub kind: ItemKind,
    pub entry: Option<EntryId>,
}

/// The items for the word before the cursor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completions {
    /// Byte range of the word being completed (replaced by the item).
    pub replace: std::ops::Range<usize>,
    pub items: Vec<Item>,
    /// More items match than were returned: the client should ask again as the user types.
    pub incomplete: bool,
}

/// Items for the word that ends at byte `offset` of `text`.
pub fn complete(engine: &Engine, analysis: &Analysis, text: &str, offset: usize) -> Completions {
    let offset = floor_boundary(text, offset);
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c) || c == '-' || c == '/')
        .last()
        .map_or(offset, |(i, _)| i);
    let typed = &text[start..offset];
    let prefix = typed.to_lowercase();
    let glossary = engine.glossary();
    let hits = engine.name_index().search(&prefix, MAX_ITEMS);
    let mut completions = Completions {
        replace: start..offset,
        items: Vec::new(),
        incomplete: hits.len() > MAX_ITEMS,
    };
    let defined = |term: &str| analysis.definitions.iter().any(|d| d.key() == term);
    for (id, kind) in hits.into_iter().take(MAX_ITEMS) {
        let entry = glossary.entry(id);
        let name = entry
            .names()
            .find(|(_, k)| *k == kind)
            .map_or(entry.term.as_str(), |(n, _)| n);
        let detail = entry.expansion.clone().or_else(|| entry.summary.clone());
        if entry.is_acronym() && !defined(&entry.term) {
            let expansion = entry.expansion.as_deref().unwrap_or_default();
            let first_use = format!("{expansion} ({})", entry.term);
            completions.items.push(Item {
                label: first_use.clone(),
                filter: name.to_string(),
                insert: first_use,
                detail: Some(format!("first use of {}", entry.term)),
                documentation: None,
                kind: ItemKind::FirstUse,
                entry: Some(id),
            });
        }
        if kind != FormKind::Term {
            // Typing an alias or an expansion offers the term itself too.
            completions.items.push(Item {
                label: entry.term.clone(),
                filter: name.to_string(),
                insert: entry.term.clone(),
                detail: detail.clone(),
                documentation: None,
                kind: ItemKind::Name(FormKind::Term),
                entry: Some(id),
            });
        }
        completions.items.push(Item {
            label: name.to_string(),
            filter: name.to_string(),
            insert: name.to_string(),
            detail,
            documentation: None,
            kind: ItemKind::Name(kind),
            entry: Some(id),
        });
    }
    for d in &analysis.definitions {
        let matches = |s: &str| s.to_lowercase().starts_with(&prefix);
        if (matches(&d.short) || matches(&d.long)) && glossary.lookup_exact(d.key()).is_none() {
            completions.items.push(Item {
                label: d.short.clone(),
                filter: if matches(&d.short) {
                    d.short.clone()
                } else {
                    d.long.clone()
                },
                insert: d.short.clone(),
                detail: Some(d.long.clone()),
                documentation: Some(format!(
                    "**{}** — {}\n\n*Defined in this document.*",
                    d.short, d.long
                )),
                kind: ItemKind::DocumentDefinition,
                entry: None,
            });
        }
    }
    let mut seen = std::collections::HashSet::new();
    completions
        .items
        .retain(|item| seen.insert(item.label.clone()));
    if completions.items.len() > MAX_ITEMS {
        completions.items.truncate(MAX_ITEMS);
        completions.incomplete = true;
    }
    completions
}

/// The documentation of an item for a glossary entry: the entry as hover shows it, but
/// without the summary when the item's detail already is the summary (no expansion).
pub fn entry_documentation(entry: &crate::glossary::Entry) -> String {
    super::hover::entry_markdown_with(entry, entry.expansion.is_some())
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Settings;
    use crate::glossary::{Glossary, GlossaryBuilder, SourceFormat, parse_source};
    use crate::markup::Markup;

    fn complete_at_end(engine: &Engine, text: &str) -> Completions {
        let analysis = engine.analyze(text, Markup::Markdown);
        complete(engine, &analysis, text, text.len())
    }

    #[test]
    fn expansion_prefix_offers_the_acronym_and_its_first_use() {
        let engine = Engine::new(Glossary::builtin(), Settings::default());
        let c = complete_at_end(&engine, "We expose an Applic");
        let labels: Vec<&str> = c.items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(
            &labels[..3],
            [
                "Application Program Interface (API)",
                "API",
                "Application Program Interface"
            ]
        );
        assert_eq!(c.replace, 13..19);
        let api = &c.items[1];
        assert_eq!(api.detail.as_deref(), Some("Application Program Interface"));
        // Documented on demand, with the entry as hover shows it.
        assert_eq!(api.documentation, None);
        let entry = engine.glossary().entry(api.entry.expect("an entry"));
        assert!(entry_documentation(entry).contains("**API**"));
        assert!(!c.incomplete);
    }

    #[test]
    fn a_summary_shown_as_detail_is_not_repeated_in_the_documentation() {
        let engine = Engine::new(Glossary::builtin(), Settings::default());
        let c = complete_at_end(&engine, "Groom the backl");
        let item = c
            .items
            .iter()
            .find(|i| i.label == "backlog")
            .expect("backlog offered");
        let entry = engine.glossary().entry(item.entry.expect("an entry"));
        let summary = entry.summary.as_deref().expect("a summary");
        assert_eq!(entry.expansion, None);
        assert_eq!(item.detail.as_deref(), Some(summary));
        let documentation = entry_documentation(entry);
        assert!(!documentation.contains(summary), "{documentation}");
        assert!(documentation.starts_with("**backlog**"), "{documentation}");
        let definition = entry.definition.as_deref().expect("a definition").trim();
        assert!(documentation.contains(definition), "{documentation}");
        assert!(!documentation.contains("---"), "{documentation}");
        // An acronym's detail is its expansion: the summary stays in the documentation.
        let api = engine
            .glossary()
            .lookup_exact("API")
            .map(|id| engine.glossary().entry(id));
        let api = api.expect("API");
        assert!(entry_documentation(api).contains(api.summary.as_deref().expect("a summary")));
    }

    #[test]
    fn defined_acronyms_offer_no_first_use_and_document_terms_complete() {
        let engine = Engine::new(Glossary::builtin(), Settings::default());
        let c = complete_at_end(
            &engine,
            "An Application Program Interface (API). The Zeta Quux Loop (ZQL). Z",
        );
        let labels: Vec<&str> = c.items.iter().map(|i| i.label.as_str()).collect();
        assert!(labels.contains(&"ZQL"), "{labels:?}");
        let c = complete_at_end(&engine, "An Application Program Interface (API). Applic");
        assert!(c.items.iter().all(|i| i.kind != ItemKind::FirstUse));
    }

    #[test]
    fn huge_glossaries_give_a_hundred_items_and_say_so() {
        let mut toml = String::new();
        for i in 0..5000 {
            toml.push_str(&format!("[[entries]]\nterm = \"term number {i}\"\n"));
        }
        let mut b = GlossaryBuilder::new();
        b.add(parse_source("big.toml", &toml, SourceFormat::Toml));
        let engine = Engine::new(b.build(), Settings::default());
        let c = complete_at_end(&engine, "te");
        assert_eq!(c.items.len(), MAX_ITEMS);
        assert!(c.incomplete);
    }
}

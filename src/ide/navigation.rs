//! What term is under the cursor, and where else it stands.

use std::ops::Range;

use crate::acronym::unversioned;
use crate::analysis::{Analysis, Engine, Explanation};
use crate::definitions::Definition;
use crate::glossary::EntryId;

/// The term a position is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TermRef {
    /// A glossary entry (any of its names).
    Entry { id: EntryId, range: Range<usize> },
    /// An acronym the glossary does not know (defined in the document, allowed, or not
    /// explained at all), by the acronym it stands for.
    Acronym { key: String, range: Range<usize> },
}

impl TermRef {
    pub fn range(&self) -> &Range<usize> {
        match self {
            TermRef::Entry { range, .. } | TermRef::Acronym { range, .. } => range,
        }
    }
}

/// Index of the last item whose range starts at or before `offset`, if that range reaches
/// `offset` (a cursor just after a word is still on it).
fn at<T>(items: &[T], offset: usize, range: impl Fn(&T) -> &Range<usize>) -> Option<usize> {
    let i = items.partition_point(|x| range(x).start <= offset);
    let candidate = i.checked_sub(1)?;
    (range(&items[candidate]).end >= offset).then_some(candidate)
}

/// The term at byte `offset`.
pub fn term_at(engine: &Engine, analysis: &Analysis, offset: usize) -> Option<TermRef> {
    if let Some(i) = at(&analysis.occurrences, offset, |o| &o.range) {
        let o = &analysis.occurrences[i];
        return Some(TermRef::Entry {
            id: o.entry,
            range: o.range.clone(),
        });
    }
    if let Some(i) = at(&analysis.acronyms, offset, |a| &a.range) {
        let a = &analysis.acronyms[i];
        if a.explained_by == Some(Explanation::Glossary)
            && let Some(id) = glossary_entry(engine, &a.key)
        {
            return Some(TermRef::Entry {
                id,
                range: a.range.clone(),
            });
        }
        return Some(TermRef::Acronym {
            key: a.key.to_string(),
            range: a.range.clone(),
        });
    }
    let defs = &analysis.definitions;
    let d = defs
        .iter()
        .find(|d| d.short_range.start <= offset && offset <= d.short_range.end)?;
    match glossary_entry(engine, d.key()) {
        Some(id) => Some(TermRef::Entry {
            id,
            range: d.short_range.clone(),
        }),
        None => Some(TermRef::Acronym {
            key: d.key().to_string(),
            range: d.short_range.clone(),
        }),
    }
}

fn glossary_entry(engine: &Engine, key: &str) -> Option<EntryId> {
    let glossary = engine.glossary();
    glossary
        .lookup_exact(key)
        .or_else(|| unversioned(key).and_then(|k| glossary.lookup_exact(k)))
}

/// The first definition the document makes of `key`.
pub fn definition_of<'a>(analysis: &'a Analysis, key: &str) -> Option<&'a Definition> {
    analysis.definitions.iter().find(|d| d.key() == key)
}

/// Every place the term stands in the document (uses and definitions), in order.
pub fn occurrences_of(engine: &Engine, analysis: &Analysis, term: &TermRef) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = match term {
        TermRef::Entry { id, .. } => {
            let entry = engine.glossary().entry(*id);
            let mut ranges: Vec<Range<usize>> = analysis
                .occurrences
                .iter()
                .filter(|o| o.entry == *id)
                .map(|o| o.range.clone())
                .collect();
            ranges.extend(
                analysis
                    .definitions
                    .iter()
                    .filter(|d| {
                        glossary_entry(engine, d.key()) == Some(*id) || d.key() == entry.term
                    })
                    .map(|d| d.short_range.clone()),
            );
            ranges
        }
        TermRef::Acronym { key, .. } => analysis
            .acronyms
            .iter()
            .filter(|a| *a.key == **key)
            .map(|a| a.range.clone())
            .chain(
                analysis
                    .definitions
                    .iter()
                    .filter(|d| d.key() == key)
                    .map(|d| d.short_range.clone()),
            )
            .collect(),
    };
    out.sort_by_key(|r| (r.start, r.end));
    out.dedup_by(|a, b| a.start < b.end);
    out
}

/// A definition the document makes, for the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: String,
    pub range: Range<usize>,
    pub selection: Range<usize>,
}

/// The document's own definitions, for the outline.
pub fn document_symbols(analysis: &Analysis) -> Vec<Symbol> {
    analysis
        .definitions
        .iter()
        .map(|d| Symbol {
            name: d.short.clone(),
            detail: d.long.clone(),
            range: d.short_range.start.min(d.long_range.start)
                ..d.short_range.end.max(d.long_range.end),
            selection: d.short_range.clone(),
        })
        .collect()
}

/// Glossary entries whose names contain `query` (any case), best first, at most `limit`.
pub fn workspace_symbols(engine: &Engine, query: &str, limit: usize) -> Vec<EntryId> {
    let query = query.trim().to_lowercase();
    let mut hits: Vec<(usize, EntryId)> = engine
        .glossary()
        .entries()
        .iter()
        .enumerate()
        .filter_map(|(id, e)| {
            e.names()
                .filter_map(|(name, _)| {
                    let name = name.to_lowercase();
                    if name == query {
                        Some(0)
                    } else if name.starts_with(&query) {
                        Some(1)
                    } else {
                        name.contains(&query).then_some(2)
                    }
                })
                .min()
                .map(|rank| (rank, id))
        })
        .collect();
    hits.sort_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| {
            engine
                .glossary()
                .entry(a.1)
                .term
                .cmp(&engine.glossary().entry(b.1).term)
        })
    });
    hits.into_iter().take(limit).map(|(_, id)| id).collect()
}

/// An expansion shown after an acronym (an inlay hint).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expansion {
    /// Where the hint goes: just after the acronym.
    pub offset: usize,
    pub label: String,
}

/// Expansions of the acronyms used in `range` that the glossary or the document explains.
/// Definitions themselves get none (they are expanded already).
pub fn expansions(engine: &Engine, analysis: &Analysis, range: Range<usize>) -> Vec<Expansion> {
    let mut out = Vec::new();
    for a in &analysis.acronyms {
        if a.range.end < range.start || a.range.start > range.end {
            continue;
        }
        let long = match a.explained_by {
            Some(Explanation::Glossary) => glossary_entry(engine, &a.key)
                .and_then(|id| engine.glossary().entry(id).expansion.clone()),
            Some(Explanation::Document) => definition_of(analysis, &a.key).map(|d| d.long.clone()),
            _ => None,
        };
        if let Some(long) = long {
            out.push(Expansion {
                offset: a.range.end,
                label: long,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Settings;
    use crate::glossary::Glossary;
    use crate::markup::Markup;

    fn setup(text: &str) -> (Engine, Analysis) {
        let engine = Engine::new(Glossary::builtin(), Settings::default());
        let analysis = engine.analyze(text, Markup::Markdown);
        (engine, analysis)
    }

    #[test]
    fn terms_under_the_cursor() {
        let text = "The APIs and the DLQ. A Recovery Point Objective (RPO) and RPO.";
        let (engine, analysis) = setup(text);
        let api = text.find("APIs").unwrap();
        let Some(TermRef::Entry { id, range }) = term_at(&engine, &analysis, api + 2) else {
            panic!("no entry at APIs");
        };
        assert_eq!(engine.glossary().entry(id).term, "API");
        assert_eq!(&text[range], "APIs");
        let dlq = text.find("DLQ").unwrap();
        assert_eq!(
            term_at(&engine, &analysis, dlq + 3),
            Some(TermRef::Acronym {
                key: "DLQ".into(),
                range: dlq..dlq + 3
            })
        );
        assert_eq!(term_at(&engine, &analysis, 1), None);
        let rpo = text.rfind("RPO").unwrap();
        let term = term_at(&engine, &analysis, rpo).unwrap();
        let all: Vec<&str> = occurrences_of(&engine, &analysis, &term)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(all, vec!["RPO", "RPO"]);
    }

    #[test]
    fn symbols_and_expansions() {
        let text = "A Recovery Point Objective (RPO) and the RPO of an API.";
        let (engine, analysis) = setup(text);
        let symbols = document_symbols(&analysis);
        assert_eq!(symbols[0].name, "RPO");
        assert_eq!(symbols[0].detail, "Recovery Point Objective");
        let hints: Vec<String> = expansions(&engine, &analysis, 0..text.len())
            .into_iter()
            .map(|e| format!("{}@{}", e.label, e.offset))
            .collect();
        let rpo = text.rfind("RPO").unwrap() + 3;
        let api = text.rfind("API").unwrap() + 3;
        assert_eq!(
            hints,
            vec![
                format!("Recovery Point Objective@{rpo}"),
                format!("Application Program Interface@{api}")
            ]
        );
        let found = workspace_symbols(&engine, "api", 10);
        assert_eq!(engine.glossary().entry(found[0]).term, "API");
    }
}

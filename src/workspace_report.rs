//! The facts of `glossary-ls report`: per document (words, glossary terms used, acronyms
//! explained and left unexplained, definitions made) and for the repository (the most used
//! terms, the most frequent unexplained acronyms and where, acronyms expanded in different
//! ways, glossary entries nobody uses). Pure: the command reads the files and renders.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::analysis::{Analysis, Engine, Explanation};
use crate::conflicts::{ExpansionGroup, best_spelling, fold_expansion};
use crate::glossary::{BUILTIN_GLOSSARY_NAME, Status};
use crate::markup::{Markup, Prose};
use crate::rules::Rule;

/// Items in each repository-wide list.
pub const TOP: usize = 20;

/// What one document says and leaves unsaid.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct DocumentFacts {
    pub path: String,
    /// Words of prose (code, metadata and markup left out).
    pub words: usize,
    /// Glossary terms used (by their term), with how many times, most used first.
    pub terms: Vec<Counted>,
    /// Acronyms the document defines, or uses with an explanation (its own definition, the
    /// glossary, a citation); allowed acronyms need none and are left out.
    pub explained: Vec<String>,
    /// Acronyms reported `undefined-acronym`.
    pub unexplained: Vec<String>,
    /// The definitions the document makes: acronym and expansion, in order.
    pub definitions: Vec<DefinitionFact>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Counted {
    pub term: String,
    pub uses: usize,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct DefinitionFact {
    pub acronym: String,
    pub expansion: String,
}

impl DocumentFacts {
    /// The terms used as a reader sees them listed: "widget (2)".
    pub fn terms_listed(&self) -> Vec<String> {
        self.terms
            .iter()
            .map(|t| format!("{} ({})", t.term, t.uses))
            .collect()
    }

    /// The definitions as a reader sees them listed: "DLQ: dead-letter queue".
    pub fn definitions_listed(&self) -> Vec<String> {
        self.definitions
            .iter()
            .map(|d| format!("{}: {}", d.acronym, d.expansion))
            .collect()
    }

    /// The facts of one analysed document.
    pub fn new(
        path: String,
        text: &str,
        markup: Markup,
        engine: &Engine,
        analysis: &Analysis,
    ) -> DocumentFacts {
        let words = Prose::new(text, markup)
            .text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        let mut uses: HashMap<usize, usize> = HashMap::new();
        for occurrence in &analysis.occurrences {
            *uses.entry(occurrence.entry).or_default() += 1;
        }
        let mut terms: Vec<Counted> = uses
            .into_iter()
            .map(|(id, uses)| Counted {
                term: engine.glossary().entry(id).term.clone(),
                uses,
            })
            .collect();
        terms.sort_by(|a, b| b.uses.cmp(&a.uses).then_with(|| a.term.cmp(&b.term)));
        let explained: BTreeSet<String> = analysis
            .acronyms
            .iter()
            .filter(|a| a.explained_by.is_some_and(|e| e != Explanation::AllowList))
            .map(|a| a.key.to_string())
            .chain(analysis.definitions.iter().map(|d| d.key().to_string()))
            .collect();
        let unexplained: BTreeSet<String> = analysis
            .findings
            .iter()
            .filter(|f| f.rule == Rule::UndefinedAcronym)
            .map(|f| f.term.clone())
            .collect();
        let definitions = analysis
            .definitions
            .iter()
            .map(|d| DefinitionFact {
                acronym: d.key().to_string(),
                expansion: d.long.clone(),
            })
            .collect();
        DocumentFacts {
            path,
            words,
            terms,
            explained: explained.into_iter().collect(),
            unexplained: unexplained.into_iter().collect(),
            definitions,
        }
    }
}

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Report {
    pub totals: Totals,
    /// The glossary terms used in the most documents.
    pub top_terms: Vec<TermUse>,
    /// The acronyms left unexplained in the most documents.
    pub top_unexplained: Vec<Unexplained>,
    /// Acronyms the documents (or a document and the glossary) expand in different ways.
    pub conflicts: Vec<Conflict>,
    /// Entries of the project's own glossary no document uses.
    pub unused_entries: Vec<String>,
    pub documents: Vec<DocumentFacts>,
}

#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Totals {
    pub documents: usize,
    pub words: usize,
    /// Distinct glossary terms used anywhere, and their uses.
    pub terms_used: usize,
    pub term_uses: usize,
    /// Distinct acronyms left unexplained somewhere.
    pub unexplained_acronyms: usize,
    pub definitions: usize,
    pub glossary_entries: usize,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct TermUse {
    pub term: String,
    pub documents: usize,
    pub uses: usize,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Unexplained {
    pub acronym: String,
    pub documents: Vec<String>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Conflict {
    pub acronym: String,
    pub expansions: Vec<ConflictingExpansion>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ConflictingExpansion {
    pub expansion: String,
    /// The documents that write it; `glossary` when it is the glossary's.
    pub defined_in: Vec<String>,
    pub glossary: bool,
}

impl Report {
    /// The repository's view of the documents' facts (in path order) with the glossary the
    /// project loads.
    pub fn new(mut documents: Vec<DocumentFacts>, engine: &Engine) -> Report {
        documents.sort_by(|a, b| a.path.cmp(&b.path));
        let glossary = engine.glossary();

        let mut terms: HashMap<&str, (usize, usize)> = HashMap::new();
        let mut unexplained: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for document in &documents {
            for counted in &document.terms {
                let entry = terms.entry(&counted.term).or_default();
                entry.0 += 1;
                entry.1 += counted.uses;
            }
            for acronym in &document.unexplained {
                unexplained.entry(acronym).or_default().push(&document.path);
            }
        }
        let totals = Totals {
            documents: documents.len(),
            words: documents.iter().map(|d| d.words).sum(),
            terms_used: terms.len(),
            term_uses: terms.values().map(|(_, uses)| uses).sum(),
            unexplained_acronyms: unexplained.len(),
            definitions: documents.iter().map(|d| d.definitions.len()).sum(),
            glossary_entries: glossary
                .entries()
                .iter()
                .filter(|e| &*e.origin.source != BUILTIN_GLOSSARY_NAME)
                .count(),
        };
        let mut top_terms: Vec<TermUse> = terms
            .iter()
            .map(|(term, (documents, uses))| TermUse {
                term: term.to_string(),
                documents: *documents,
                uses: *uses,
            })
            .collect();
        top_terms.sort_by(|a, b| {
            (b.documents, b.uses)
                .cmp(&(a.documents, a.uses))
                .then_with(|| a.term.cmp(&b.term))
        });
        top_terms.truncate(TOP);
        let mut top_unexplained: Vec<Unexplained> = unexplained
            .into_iter()
            .map(|(acronym, paths)| Unexplained {
                acronym: acronym.to_string(),
                documents: paths.into_iter().map(str::to_string).collect(),
            })
            .collect();
        // Stable: ties stay in acronym order.
        top_unexplained.sort_by_key(|u| std::cmp::Reverse(u.documents.len()));
        top_unexplained.truncate(TOP);

        let used: BTreeSet<&str> = terms.keys().copied().collect();
        let unused_entries = glossary
            .entries()
            .iter()
            .filter(|e| {
                &*e.origin.source != BUILTIN_GLOSSARY_NAME
                    && e.status == Status::Preferred
                    && !used.contains(e.term.as_str())
            })
            .map(|e| e.term.clone())
            .collect();
        let conflicts = conflicts(&documents, engine);
        Report {
            totals,
            top_terms,
            top_unexplained,
            conflicts,
            unused_entries,
            documents,
        }
    }
}

/// Acronyms with two or more expansions that fold apart, counting the glossary's
/// expansion (and its aliases, which name the same thing) as one of them.
fn conflicts(documents: &[DocumentFacts], engine: &Engine) -> Vec<Conflict> {
    // acronym → its expansions grouped by folded form (documents come in path order)
    let mut by_acronym: BTreeMap<&str, Vec<ExpansionGroup<'_, &str>>> = BTreeMap::new();
    for document in documents {
        for definition in &document.definitions {
            ExpansionGroup::add(
                by_acronym.entry(&definition.acronym).or_default(),
                &fold_expansion(&definition.expansion),
                &definition.expansion,
                &document.path,
            );
        }
    }
    let mut out = Vec::new();
    for (acronym, groups) in by_acronym {
        let glossary = engine
            .glossary()
            .lookup_exact(acronym)
            .map(|id| engine.glossary().entry(id))
            .filter(|e| e.expansion.is_some());
        let glossary_names: Vec<String> = glossary
            .map(|e| {
                e.expansion
                    .iter()
                    .chain(&e.aliases)
                    .map(|n| fold_expansion(n))
                    .collect()
            })
            .unwrap_or_default();
        let mut expansions: Vec<ConflictingExpansion> = groups
            .into_iter()
            .filter(|group| !glossary_names.contains(&group.folded))
            .map(|group| ConflictingExpansion {
                expansion: best_spelling(&group.spellings),
                defined_in: group.places.into_iter().map(str::to_string).collect(),
                glossary: false,
            })
            .collect();
        let from_glossary = glossary.and_then(|e| e.expansion.clone());
        let distinct = expansions.len() + usize::from(from_glossary.is_some());
        if distinct < 2 || expansions.is_empty() {
            continue;
        }
        expansions.sort_by_key(|e| std::cmp::Reverse(e.defined_in.len()));
        if let Some(expansion) = from_glossary {
            expansions.insert(
                0,
                ConflictingExpansion {
                    expansion,
                    defined_in: Vec::new(),
                    glossary: true,
                },
            );
        }
        out.push(Conflict {
            acronym: acronym.to_string(),
            expansions,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{GlossaryBuilder, SourceFormat, parse_source};

    fn engine() -> Engine {
        let toml = "[[entries]]\nterm = \"SLA\"\nexpansion = \"service-level agreement\"\n\n\
                    [[entries]]\nterm = \"widget\"\nsummary = \"A part.\"\n\n\
                    [[entries]]\nterm = \"gizmo\"\nsummary = \"Unused.\"\n";
        let mut builder = GlossaryBuilder::new().builtin();
        builder.add(parse_source("team.toml", toml, SourceFormat::Toml));
        Engine::new(builder.build(), Default::default())
    }

    fn facts(engine: &Engine, path: &str, text: &str) -> DocumentFacts {
        let analysis = engine.analyze(text, Markup::Markdown);
        DocumentFacts::new(path.to_string(), text, Markup::Markdown, engine, &analysis)
    }

    #[test]
    fn a_document_s_facts() {
        let engine = engine();
        let f = facts(
            &engine,
            "a.md",
            "# Queues\n\nTwo widgets and a widget. The dead-letter queue (DLQ) holds the QPX.\n\n```\nWIDGET ZZZ code\n```\n",
        );
        assert_eq!(f.words, 13);
        assert_eq!(
            f.terms,
            [Counted {
                term: "widget".into(),
                uses: 2
            }]
        );
        assert_eq!(f.explained, ["DLQ"]);
        assert_eq!(f.unexplained, ["QPX"]);
        assert_eq!(
            f.definitions,
            [DefinitionFact {
                acronym: "DLQ".into(),
                expansion: "dead-letter queue".into()
            }]
        );
    }

    #[test]
    fn the_repository_view() {
        let engine = engine();
        let report = Report::new(
            vec![
                facts(
                    &engine,
                    "b.md",
                    "A widget. The QPX. A data lake quota (DLQ). The service level assurance (SLA).\n",
                ),
                facts(
                    &engine,
                    "a.md",
                    "Widgets. The QPX and ZRT. A dead-letter queue (DLQ).\n",
                ),
                facts(
                    &engine,
                    "c.md",
                    "The Dead Letter Queues (DLQ) hold it. The service-level agreement (SLA).\n",
                ),
            ],
            &engine,
        );
        assert_eq!(report.totals.documents, 3);
        assert_eq!(report.totals.glossary_entries, 3);
        assert_eq!(
            report.top_terms,
            [
                TermUse {
                    term: "SLA".into(),
                    documents: 2,
                    uses: 3
                },
                TermUse {
                    term: "widget".into(),
                    documents: 2,
                    uses: 2
                }
            ]
        );
        assert_eq!(
            report.top_unexplained,
            [
                Unexplained {
                    acronym: "QPX".into(),
                    documents: vec!["a.md".into(), "b.md".into()]
                },
                Unexplained {
                    acronym: "ZRT".into(),
                    documents: vec!["a.md".into()]
                }
            ]
        );
        type Shown<'a> = (&'a str, Vec<(&'a str, Vec<&'a str>, bool)>);
        let conflicts: Vec<Shown<'_>> = report
            .conflicts
            .iter()
            .map(|c| {
                (
                    c.acronym.as_str(),
                    c.expansions
                        .iter()
                        .map(|e| {
                            (
                                e.expansion.as_str(),
                                e.defined_in.iter().map(String::as_str).collect(),
                                e.glossary,
                            )
                        })
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            conflicts,
            [
                (
                    "DLQ",
                    vec![
                        ("dead-letter queue", vec!["a.md", "c.md"], false),
                        ("data lake quota", vec!["b.md"], false)
                    ]
                ),
                (
                    "SLA",
                    vec![
                        ("service-level agreement", vec![], true),
                        ("service level assurance", vec!["b.md"], false)
                    ]
                )
            ]
        );
        assert_eq!(report.unused_entries, ["gizmo"]);
    }
}

//! Definitions compared across the workspace: `conflicting-definition` (an acronym that
//! two documents, or a document and the glossary, expand differently) and
//! `inconsistent-expansion` (a document words a glossary acronym's expansion differently
//! from the glossary's expansion and aliases).
//!
//! Pure: questions go to a [`WorkspaceIndex`]; the CLI and the server position the answers.
//! Long forms are compared folded ([`fold_expansion`]: case, hyphens and a plural ending
//! ignored), as `harvest` merges them.
//!
//! A document that expands a glossary acronym with none of the words of the glossary's
//! expansion ("press release" for a glossary's "pull request") means something else by it:
//! a conflict. One that shares a word with it ("service agreement" for "service-level
//! agreement") says the same thing another way: an inconsistency, and the quieter hint.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::analysis::Engine;
use crate::glossary::EntryId;
use crate::rules::{Finding, Fix, Rule};
use crate::workspace_index::{DefinitionSite, WorkspaceIndex};

/// Other places listed with one finding at most (the message counts the rest).
pub const MAX_ELSEWHERE: usize = 10;

/// Documents named per expansion in a message; the rest are counted.
const NAMED_IN_MESSAGE: usize = 3;

/// Words that say nothing about what an expansion means.
const STOP_WORDS: [&str; 9] = ["a", "an", "and", "for", "in", "of", "on", "the", "to"];

/// An expansion compared without case, hyphens or a plural ending on its last word:
/// "Dead-letter queues" and "dead letter queue" are one.
pub fn fold_expansion(long: &str) -> String {
    let lower = long.to_lowercase();
    let mut words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_' || c == '\u{2010}')
        .filter(|w| !w.is_empty())
        .collect();
    let singular;
    if let Some(last) = words.last_mut() {
        singular = singular_of(last);
        *last = &singular;
    }
    words.join(" ")
}

/// An English word without its plural ending (a guess good enough to fold expansions).
pub fn singular_of(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies")
        && stem.chars().count() >= 2
    {
        return format!("{stem}y");
    }
    for ending in ["ches", "shes", "sses", "xes", "zes"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].to_string();
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if stem.chars().count() >= 2 && !stem.ends_with(['s', 'u', 'i']) => {
            stem.to_string()
        }
        _ => word.to_string(),
    }
}

/// The spelling to show for expansions that fold alike: a singular one, then the most
/// written, then one in lower case (a capital may only start a sentence), then the first in
/// sort order.
pub fn best_spelling(spellings: &HashMap<&str, usize>) -> String {
    let mut candidates: Vec<(&str, usize)> = spellings.iter().map(|(s, n)| (*s, *n)).collect();
    candidates.sort_by_key(|(spelling, count)| {
        let lower = spelling.to_lowercase();
        let plural = lower
            .split_whitespace()
            .last()
            .is_some_and(|w| singular_of(w) != w);
        let capital = spelling.chars().next().is_some_and(char::is_uppercase);
        (plural, std::cmp::Reverse(*count), capital, *spelling)
    });
    candidates
        .first()
        .map(|(s, _)| s.to_string())
        .unwrap_or_default()
}

/// The words of a folded expansion that carry its meaning, singular.
fn meaning_words(folded: &str) -> BTreeSet<String> {
    folded
        .split(' ')
        .filter(|w| !STOP_WORDS.contains(w))
        .map(singular_of)
        .collect()
}

/// Where else an acronym is expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A definition in another document (bytes of that document: its long and short forms).
    Document { path: PathBuf, range: Range<usize> },
    /// A glossary entry.
    Glossary(EntryId),
}

/// Another expansion of the acronym of a finding, and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Elsewhere {
    pub place: Place,
    pub long: String,
}

/// A finding about a document's definition and the other expansions it is compared with
/// (at most [`MAX_ELSEWHERE`]).
#[derive(Clone, Debug)]
pub struct WorkspaceFinding {
    pub finding: Finding,
    pub elsewhere: Vec<Elsewhere>,
}

/// Written expansions of one acronym that fold alike: how often each spelling is written,
/// and the places that write them (in order; a place met twice in a row counts once, so
/// places given in order are listed once each).
#[derive(Debug)]
pub struct ExpansionGroup<'a, P> {
    pub folded: String,
    pub spellings: HashMap<&'a str, usize>,
    pub places: Vec<P>,
}

impl<'a, P: PartialEq> ExpansionGroup<'a, P> {
    /// Adds expansion `long` (folded: `folded`), written at `place`, to its group among
    /// `groups`, which keep the order of first appearance.
    pub fn add(groups: &mut Vec<Self>, folded: &str, long: &'a str, place: P) {
        let at = match groups.iter().position(|g| g.folded == folded) {
            Some(at) => at,
            None => {
                groups.push(ExpansionGroup {
                    folded: folded.to_string(),
                    spellings: HashMap::new(),
                    places: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let group = &mut groups[at];
        *group.spellings.entry(long).or_default() += 1;
        if group.places.last() != Some(&place) {
            group.places.push(place);
        }
    }
}

/// The definitions of one acronym across the workspace, grouped by folded expansion.
struct Group<'a> {
    folded: &'a str,
    /// One site per document, sorted by path.
    sites: Vec<(&'a Path, &'a DefinitionSite)>,
    /// How many sites spell the expansion each way.
    spellings: HashMap<&'a str, usize>,
    /// The spelling to suggest from all of them.
    best: String,
}

impl<'a> Group<'a> {
    /// The group as the document at `path` sees it: how many other documents make it and
    /// the spelling to show them by; `None` when no other document does. Asked for every
    /// definition and undefined acronym of every document, so the counts and the best
    /// spelling are made once per group and the document's own site (at most one, found by
    /// binary search over the sorted paths) is taken out only when it has one:
    /// O(log documents) per question, not O(documents).
    fn seen_from(&self, path: &Path) -> Option<(usize, String)> {
        let own = self.sites.binary_search_by(|(p, _)| (*p).cmp(path)).ok();
        let count = self.sites.len() - usize::from(own.is_some());
        if count == 0 {
            return None;
        }
        let long = match own {
            None => self.best.clone(),
            Some(i) => {
                let mut spellings = self.spellings.clone();
                if let Some(n) = spellings.get_mut(&*self.sites[i].1.long) {
                    *n -= 1;
                }
                spellings.retain(|_, n| *n > 0);
                best_spelling(&spellings)
            }
        };
        Some((count, long))
    }

    /// The sites of the other documents, in path order.
    fn sites_besides(
        &self,
        path: &'a Path,
    ) -> impl Iterator<Item = (&'a Path, &'a DefinitionSite)> + '_ {
        self.sites.iter().copied().filter(move |(p, _)| *p != path)
    }
}

/// The expansions of some acronyms across the workspace, grouped once, so that comparing
/// every document's definitions costs the number of distinct expansions, not of documents.
pub struct Expansions<'a> {
    by_key: HashMap<String, Vec<Group<'a>>>,
}

impl<'a> Expansions<'a> {
    /// The expansions of `keys` (acronyms) in the index.
    pub fn of<'k>(index: &'a WorkspaceIndex, keys: impl IntoIterator<Item = &'k str>) -> Self {
        let mut by_key = HashMap::new();
        for key in keys {
            if by_key.contains_key(key) {
                continue;
            }
            let mut groups: Vec<Group<'a>> = Vec::new();
            for (path, site) in index.definitions_of(key) {
                let folded: &'a str = &site.folded;
                match groups.iter_mut().find(|g| g.folded == folded) {
                    // One site per document and expansion: the first.
                    Some(group) if group.sites.last().is_some_and(|(p, _)| *p == path) => {}
                    Some(group) => group.sites.push((path, site)),
                    None => groups.push(Group {
                        folded,
                        sites: vec![(path, site)],
                        spellings: HashMap::new(),
                        best: String::new(),
                    }),
                }
            }
            for group in &mut groups {
                for (_, site) in &group.sites {
                    *group.spellings.entry(&*site.long).or_default() += 1;
                }
                group.best = best_spelling(&group.spellings);
            }
            by_key.insert(key.to_string(), groups);
        }
        Expansions { by_key }
    }

    /// The expansions of every acronym the index knows.
    pub fn all(index: &'a WorkspaceIndex) -> Self {
        let keys: Vec<&str> = index.keys().collect();
        Expansions::of(index, keys)
    }
}

/// The glossary entry `key` names, with its names folded (the acronym itself left out) and
/// the expansion to show; `None` when the glossary does not expand it.
fn glossary_expansions(engine: &Engine, key: &str) -> Option<(EntryId, Vec<String>, String)> {
    let id = engine.glossary().lookup_exact(key)?;
    let entry = engine.glossary().entry(id);
    let folded_key = key.to_lowercase();
    let names: Vec<&String> = entry
        .expansion
        .iter()
        .chain(std::iter::once(&entry.term))
        .chain(&entry.aliases)
        .filter(|n| n.to_lowercase() != folded_key && !crate::acronym::is_acronym_shaped(n))
        .collect();
    let shown = names.first()?.to_string();
    let folded = names.iter().map(|n| fold_expansion(n)).collect();
    Some((id, folded, shown))
}

/// The workspace findings of the document at `path`, whose definitions are `definitions`
/// (in document order; the index may hold an older entry of it). `show` writes a path for
/// messages.
pub fn workspace_findings(
    engine: &Engine,
    expansions: &Expansions<'_>,
    path: &Path,
    definitions: &[DefinitionSite],
    show: &dyn Fn(&Path) -> String,
) -> Vec<WorkspaceFinding> {
    let severities = &engine.settings().severities;
    let conflict_level = severities.get(Rule::ConflictingDefinition);
    let inconsistent_level = severities.get(Rule::InconsistentExpansion);
    if conflict_level.is_none() && inconsistent_level.is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut seen_keys = BTreeSet::new();
    for definition in definitions {
        // The first definition of an acronym speaks for the document.
        if !seen_keys.insert(&*definition.key) {
            continue;
        }
        let folded = definition.folded.to_string();
        let range = definition
            .short_range
            .start
            .min(definition.long_range.start)
            ..definition.short_range.end.max(definition.long_range.end);
        // Other documents' expansions that differ, with their places (this one left out).
        let mut others: Vec<(String, usize, &Group<'_>)> = Vec::new();
        for group in expansions
            .by_key
            .get(&*definition.key)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            if group.folded == folded {
                continue;
            }
            if let Some((count, long)) = group.seen_from(path) {
                others.push((long, count, group));
            }
        }
        let glossary = glossary_expansions(engine, &definition.key)
            .filter(|(_, names, _)| !names.contains(&folded));
        let glossary_conflicts = glossary.as_ref().is_some_and(|(_, names, _)| {
            let words = meaning_words(&folded);
            names.iter().all(|n| meaning_words(n).is_disjoint(&words))
        });
        let mut elsewhere = Vec::new();
        if let Some((id, _, shown)) = &glossary {
            elsewhere.push(Elsewhere {
                place: Place::Glossary(*id),
                long: shown.clone(),
            });
        }
        for (_, _, group) in &others {
            for (p, site) in group.sites_besides(path) {
                if elsewhere.len() == MAX_ELSEWHERE {
                    break;
                }
                elsewhere.push(Elsewhere {
                    place: Place::Document {
                        path: p.to_path_buf(),
                        range: site.short_range.start.min(site.long_range.start)
                            ..site.short_range.end.max(site.long_range.end),
                    },
                    long: site.long.to_string(),
                });
            }
        }
        if !others.is_empty() || glossary_conflicts {
            let Some(severity) = conflict_level else {
                continue;
            };
            let mut parts = Vec::new();
            if let Some((_, _, shown)) = &glossary {
                parts.push(format!("as \"{shown}\" in the glossary"));
            }
            for (long, count, group) in &others {
                let paths = group.sites_besides(path).map(|(p, _)| p);
                parts.push(format!("as \"{long}\" in {}", places(paths, *count, show)));
            }
            out.push(WorkspaceFinding {
                finding: Finding {
                    rule: Rule::ConflictingDefinition,
                    severity,
                    range,
                    message: format!(
                        "{} is defined here as \"{}\", but {}",
                        definition.key,
                        definition.long,
                        parts.join(", and ")
                    ),
                    term: definition.key.to_string(),
                    related: Vec::new(),
                    fixes: Vec::new(),
                },
                elsewhere,
            });
        } else if let (Some((_, _, shown)), Some(severity)) = (&glossary, inconsistent_level) {
            out.push(WorkspaceFinding {
                finding: Finding {
                    rule: Rule::InconsistentExpansion,
                    severity,
                    range: definition.long_range.clone(),
                    message: format!(
                        "{} is expanded here as \"{}\"; the glossary expands it as \"{shown}\"",
                        definition.key, definition.long
                    ),
                    term: definition.key.to_string(),
                    related: Vec::new(),
                    fixes: vec![Fix {
                        title: format!("Use the glossary's expansion \"{shown}\""),
                        range: definition.long_range.clone(),
                        replacement: shown.clone(),
                    }],
                },
                elsewhere,
            });
        }
    }
    out
}

/// Expansions suggested for an undefined acronym, at most.
pub const MAX_SUGGESTIONS: usize = 3;

/// An expansion another document of the workspace gives an acronym this one leaves
/// unexplained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub long: String,
    /// The first document that writes it.
    pub path: PathBuf,
}

/// The expansions other documents give `key` (not the document at `path`), the one most
/// documents write first, at most [`MAX_SUGGESTIONS`].
pub fn suggestions(expansions: &Expansions<'_>, key: &str, path: &Path) -> Vec<Suggestion> {
    let mut found: Vec<(usize, Suggestion)> = Vec::new();
    for group in expansions
        .by_key
        .get(key)
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let Some((count, long)) = group.seen_from(path) else {
            continue;
        };
        let Some((first, _)) = group.sites_besides(path).next() else {
            continue;
        };
        found.push((
            count,
            Suggestion {
                long,
                path: first.to_path_buf(),
            },
        ));
    }
    found.sort_by_key(|(documents, _)| std::cmp::Reverse(*documents));
    found
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, s)| s)
        .collect()
}

/// What an undefined acronym's message adds: `; the workspace expands it as "…" (in …)`.
pub fn suggestion_note(found: &[Suggestion], show: &dyn Fn(&Path) -> String) -> String {
    if found.is_empty() {
        return String::new();
    }
    let each: Vec<String> = found
        .iter()
        .map(|s| format!("\"{}\" (in {})", s.long, show(&s.path)))
        .collect();
    format!("; the workspace expands it as {}", each.join(" or "))
}

/// Quick fixes that write the first-use form of each suggestion over the use at `range`
/// (written there as `written`).
pub fn suggestion_fixes(
    found: &[Suggestion],
    range: &Range<usize>,
    written: &str,
    show: &dyn Fn(&Path) -> String,
) -> Vec<Fix> {
    found
        .iter()
        .map(|s| {
            let replacement = format!("{} ({written})", s.long);
            Fix {
                title: format!("Expand as '{replacement}', as in {}", show(&s.path)),
                range: range.clone(),
                replacement,
            }
        })
        .collect()
}

/// "docs/a.md", "docs/a.md and docs/b.md", "a.md, b.md, c.md and 4 more documents".
fn places<'p>(
    mut paths: impl Iterator<Item = &'p Path>,
    count: usize,
    show: &dyn Fn(&Path) -> String,
) -> String {
    let named: Vec<String> = paths.by_ref().take(NAMED_IN_MESSAGE).map(show).collect();
    let more = count.saturating_sub(named.len());
    match (named.as_slice(), more) {
        ([one], 0) => one.clone(),
        (names, 0) => {
            let (last, rest) = names.split_last().unwrap_or((&names[0], &[]));
            format!("{} and {last}", rest.join(", "))
        }
        (names, more) => format!(
            "{} and {more} more document{}",
            names.join(", "),
            if more == 1 { "" } else { "s" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Settings;
    use crate::glossary::{GlossaryBuilder, SourceFormat, parse_source};
    use crate::markup::Markup;
    use crate::workspace_index::DocumentEntry;

    fn engine() -> Engine {
        let mut b = GlossaryBuilder::new();
        b.add(parse_source(
            "g.toml",
            "[[entries]]\nterm = \"SLA\"\nexpansion = \"service-level agreement\"\n",
            SourceFormat::Toml,
        ));
        Engine::new(b.build(), Settings::default())
    }

    fn findings(docs: &[(&str, &str)], of: &str) -> Vec<WorkspaceFinding> {
        let e = engine();
        let index = WorkspaceIndex::build(docs.iter().map(|(p, t)| {
            (
                PathBuf::from(p),
                DocumentEntry::from_analysis(&e.analyze(t, Markup::Markdown)),
            )
        }));
        let expansions = Expansions::all(&index);
        let definitions = index.document(Path::new(of)).unwrap().definitions.clone();
        workspace_findings(&e, &expansions, Path::new(of), &definitions, &|p| {
            p.display().to_string()
        })
    }

    #[test]
    fn two_documents_expanding_an_acronym_differently_conflict() {
        let docs = [
            ("a.md", "Drain the dead-letter queue (DLQ) first.\n"),
            ("b.md", "We raised the data lake quota (DLQ) today.\n"),
            ("c.md", "Drain the Dead Letter Queues (DLQ) first.\n"),
        ];
        let found = findings(&docs, "b.md");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].finding.rule, Rule::ConflictingDefinition);
        assert_eq!(
            found[0].finding.message,
            "DLQ is defined here as \"data lake quota\", but as \"dead-letter queue\" in a.md and c.md"
        );
        assert_eq!(found[0].elsewhere.len(), 2);
        // Spellings that fold alike agree.
        let found = findings(&docs, "a.md");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].finding.message.ends_with("in b.md"),
            "{:?}",
            found[0]
        );
    }

    #[test]
    fn a_document_and_the_glossary_conflict_or_differ_in_wording() {
        let a = findings(
            &[("a.md", "Our service level assurance (SLA) holds.\n")],
            "a.md",
        );
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].finding.rule, Rule::InconsistentExpansion);
        assert_eq!(a[0].finding.fixes[0].replacement, "service-level agreement");
        let b = [("b.md", "The Service Level Agreements (SLA) hold.\n")];
        assert!(findings(&b, "b.md").is_empty());
        let docs = [("c.md", "The software licence audit (SLA) passed.\n")];
        let c = findings(&docs, "c.md");
        assert_eq!(c[0].finding.rule, Rule::ConflictingDefinition);
        assert!(
            c[0].finding
                .message
                .contains("as \"service-level agreement\" in the glossary"),
            "{}",
            c[0].finding.message
        );
    }
}

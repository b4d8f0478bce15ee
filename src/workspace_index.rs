//! The workspace index: what every document of a workspace defines and uses, by acronym and
//! by glossary entry, so that features can answer for the whole workspace ("where is DLQ
//! defined?", "which documents leave PR unexplained?") without analysing it again.
//!
//! Pure: no I/O and no LSP types. A document's entry is made from its [`Analysis`]
//! ([`DocumentEntry::from_analysis`], cheap enough to run on analysis workers) and can be
//! replaced or removed alone, so that a server can keep the index current edit by edit.
//!
//! Memory: an entry keeps byte ranges, keys (interned: one allocation per distinct acronym
//! in the whole workspace) and the short and long forms of definitions; never the text of
//! a document, its findings or its prose.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::Analysis;
use crate::glossary::EntryId;

/// One definition a document makes: `Long Form (LF)` and its other forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefinitionSite {
    /// The acronym without a plural ending, as uses are matched against it.
    pub key: Arc<str>,
    /// The short form as written ("APIs").
    pub short: Box<str>,
    /// The long form as written.
    pub long: Box<str>,
    /// The long form folded ([`crate::conflicts::fold_expansion`]), as expansions are
    /// compared: computed once here, not on every comparison.
    pub folded: Box<str>,
    /// Where the short form stands (bytes of the document).
    pub short_range: Range<usize>,
    /// Where the long form stands.
    pub long_range: Range<usize>,
}

impl From<&crate::definitions::Definition> for DefinitionSite {
    fn from(d: &crate::definitions::Definition) -> DefinitionSite {
        DefinitionSite {
            key: Arc::from(d.key()),
            short: d.short.as_str().into(),
            long: d.long.as_str().into(),
            folded: crate::conflicts::fold_expansion(&d.long).into(),
            short_range: d.short_range.clone(),
            long_range: d.long_range.clone(),
        }
    }
}

/// Where a document writes one acronym, split by whether it is explained there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AcronymUses {
    pub key: Arc<str>,
    /// Uses the glossary, the allow lists, the document or a citation explains.
    pub explained: Vec<Range<usize>>,
    /// Uses nothing explains.
    pub unexplained: Vec<Range<usize>>,
}

/// What the index keeps of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentEntry {
    /// Definitions in document order.
    pub definitions: Vec<DefinitionSite>,
    /// One item per acronym written, sorted by key.
    pub acronyms: Vec<AcronymUses>,
    /// Uses of glossary entries (terms, aliases, expansions): entry and ranges, by entry.
    pub terms: Vec<(EntryId, Vec<Range<usize>>)>,
}

impl DocumentEntry {
    /// What the index keeps of an analysis.
    pub fn from_analysis(analysis: &Analysis) -> DocumentEntry {
        let definitions = analysis
            .definitions
            .iter()
            .map(DefinitionSite::from)
            .collect();
        let mut acronyms: BTreeMap<Arc<str>, AcronymUses> = BTreeMap::new();
        for use_ in &analysis.acronyms {
            let uses = acronyms
                .entry(use_.key.clone())
                .or_insert_with(|| AcronymUses {
                    key: use_.key.clone(),
                    ..AcronymUses::default()
                });
            match use_.explained_by {
                Some(_) => uses.explained.push(use_.range.clone()),
                None => uses.unexplained.push(use_.range.clone()),
            }
        }
        let mut terms: BTreeMap<EntryId, Vec<Range<usize>>> = BTreeMap::new();
        for occurrence in &analysis.occurrences {
            terms
                .entry(occurrence.entry)
                .or_default()
                .push(occurrence.range.clone());
        }
        DocumentEntry {
            definitions,
            acronyms: acronyms.into_values().collect(),
            terms: terms.into_iter().collect(),
        }
    }
}

/// A document's number in the index (reused after removal).
type DocId = u32;

/// The documents that define or use one acronym.
#[derive(Debug, Default)]
struct KeyDocuments {
    defined_in: BTreeSet<DocId>,
    explained_in: BTreeSet<DocId>,
    unexplained_in: BTreeSet<DocId>,
}

impl KeyDocuments {
    fn is_empty(&self) -> bool {
        self.defined_in.is_empty() && self.explained_in.is_empty() && self.unexplained_in.is_empty()
    }
}

/// Definitions and uses of every document of a workspace, by document, by acronym and by
/// glossary entry.
///
/// Bounds: replacing or removing a document costs O(k log n) for its k distinct keys and
/// entries and n documents, whatever the size of the workspace; questions about one key
/// cost O(log keys) plus the size of the answer.
#[derive(Debug, Default)]
pub struct WorkspaceIndex {
    /// Document paths by id; `None` for a freed id.
    paths: Vec<Option<PathBuf>>,
    entries: Vec<DocumentEntry>,
    /// Per document, the positions of its definitions sorted by key: one key's definitions
    /// are found by binary search, not by reading all of them (a document of n definitions
    /// asked about its n keys stays O(n log n)).
    definitions_by_key: Vec<Box<[u32]>>,
    ids: BTreeMap<PathBuf, DocId>,
    free: Vec<DocId>,
    /// Every key defined or used anywhere, with its documents; the keys of the entries are
    /// these same allocations.
    keys: BTreeMap<Arc<str>, KeyDocuments>,
    terms: HashMap<EntryId, BTreeSet<DocId>>,
}

impl WorkspaceIndex {
    pub fn new() -> WorkspaceIndex {
        WorkspaceIndex::default()
    }

    /// The index of these documents (a path given twice keeps its last entry).
    pub fn build(documents: impl IntoIterator<Item = (PathBuf, DocumentEntry)>) -> WorkspaceIndex {
        let mut index = WorkspaceIndex::new();
        for (path, entry) in documents {
            index.replace(path, entry);
        }
        index
    }

    /// How many documents the index holds.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Sets the entry of the document at `path` (adding the document when new).
    pub fn replace(&mut self, path: PathBuf, mut entry: DocumentEntry) {
        let id = match self.ids.get(&path) {
            Some(&id) => {
                self.unlink(id);
                id
            }
            None => {
                let id = match self.free.pop() {
                    Some(id) => {
                        self.paths[id as usize] = Some(path.clone());
                        id
                    }
                    None => {
                        let id = DocId::try_from(self.paths.len()).unwrap_or(DocId::MAX);
                        self.paths.push(Some(path.clone()));
                        self.entries.push(DocumentEntry::default());
                        self.definitions_by_key.push(Box::default());
                        id
                    }
                };
                self.ids.insert(path, id);
                id
            }
        };
        for definition in &mut entry.definitions {
            let (key, docs) = self.key_mut(&definition.key);
            definition.key = key;
            docs.defined_in.insert(id);
        }
        for uses in &mut entry.acronyms {
            let (key, docs) = self.key_mut(&uses.key);
            uses.key = key;
            if !uses.explained.is_empty() {
                docs.explained_in.insert(id);
            }
            if !uses.unexplained.is_empty() {
                docs.unexplained_in.insert(id);
            }
        }
        for (term, _) in &entry.terms {
            self.terms.entry(*term).or_default().insert(id);
        }
        let mut by_key: Vec<u32> = (0..entry.definitions.len())
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        by_key.sort_by(|&a, &b| {
            entry.definitions[a as usize]
                .key
                .cmp(&entry.definitions[b as usize].key)
                .then(a.cmp(&b))
        });
        self.definitions_by_key[id as usize] = by_key.into_boxed_slice();
        self.entries[id as usize] = entry;
    }

    /// Forgets the document at `path`; whether it was indexed.
    pub fn remove(&mut self, path: &Path) -> bool {
        let Some(id) = self.ids.remove(path) else {
            return false;
        };
        self.unlink(id);
        self.entries[id as usize] = DocumentEntry::default();
        self.definitions_by_key[id as usize] = Box::default();
        self.paths[id as usize] = None;
        self.free.push(id);
        true
    }

    /// The entry of the document at `path`.
    pub fn document(&self, path: &Path) -> Option<&DocumentEntry> {
        self.ids.get(path).map(|&id| &self.entries[id as usize])
    }

    /// Every document with its entry, in path order.
    pub fn documents(&self) -> impl Iterator<Item = (&Path, &DocumentEntry)> {
        self.ids
            .iter()
            .map(|(path, &id)| (path.as_path(), &self.entries[id as usize]))
    }

    /// Every acronym defined or used anywhere, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.keys.keys().map(|k| &**k)
    }

    /// Every definition of `key` in the workspace, by document (in path order), then in
    /// document order.
    pub fn definitions_of(&self, key: &str) -> Vec<(&Path, &DefinitionSite)> {
        let ids = self.keys.get(key).map(|docs| &docs.defined_in);
        let mut found: Vec<(&Path, &DefinitionSite)> = ids
            .into_iter()
            .flatten()
            .filter_map(|&id| Some((id as usize, self.paths[id as usize].as_deref()?)))
            .flat_map(|(id, path)| {
                let definitions = &self.entries[id].definitions;
                let order = &self.definitions_by_key[id];
                let first = order.partition_point(|&i| &*definitions[i as usize].key < key);
                order[first..]
                    .iter()
                    .map(|&i| &definitions[i as usize])
                    .take_while(|d| &*d.key == key)
                    .map(move |d| (path, d))
            })
            .collect();
        found.sort_by(|a, b| a.0.cmp(b.0));
        found
    }

    /// The documents that define `key`, in path order.
    pub fn defined_in(&self, key: &str) -> Vec<&Path> {
        self.paths_of(key, |d| &d.defined_in)
    }

    /// The documents where some use of `key` is explained, in path order.
    pub fn explained_in(&self, key: &str) -> Vec<&Path> {
        self.paths_of(key, |d| &d.explained_in)
    }

    /// The documents that leave some use of `key` unexplained, in path order.
    pub fn unexplained_in(&self, key: &str) -> Vec<&Path> {
        self.paths_of(key, |d| &d.unexplained_in)
    }

    /// The documents that leave some use of `key` unexplained, in no set order: for
    /// questions about all of them, where sorting thousands of paths would cost most.
    pub fn unexplained_in_any_order(&self, key: &str) -> impl Iterator<Item = &Path> {
        self.docs_of(key, |d| &d.unexplained_in)
            .map(|(path, _)| path)
    }

    /// How many documents leave some use of `key` unexplained, without listing them.
    pub fn unexplained_count(&self, key: &str) -> usize {
        self.keys.get(key).map_or(0, |d| d.unexplained_in.len())
    }

    /// The documents that use glossary entry `entry`, in no set order.
    pub fn users_in_any_order(&self, entry: EntryId) -> impl Iterator<Item = &Path> {
        self.terms
            .get(&entry)
            .into_iter()
            .flatten()
            .filter_map(|&id| self.paths[id as usize].as_deref())
    }

    /// The documents that use glossary entry `entry`, in path order.
    pub fn documents_using(&self, entry: EntryId) -> Vec<&Path> {
        let mut paths: Vec<&Path> = self
            .terms
            .get(&entry)
            .into_iter()
            .flatten()
            .filter_map(|&id| self.paths[id as usize].as_deref())
            .collect();
        paths.sort();
        paths
    }

    fn docs_of<'a>(
        &'a self,
        key: &str,
        set: impl Fn(&KeyDocuments) -> &BTreeSet<DocId>,
    ) -> impl Iterator<Item = (&'a Path, &'a DocumentEntry)> {
        self.keys
            .get(key)
            .into_iter()
            .flat_map(move |docs| set(docs).iter().copied())
            .filter_map(|id| {
                let path = self.paths[id as usize].as_deref()?;
                Some((path, &self.entries[id as usize]))
            })
    }

    fn paths_of(&self, key: &str, set: impl Fn(&KeyDocuments) -> &BTreeSet<DocId>) -> Vec<&Path> {
        let mut paths: Vec<&Path> = self.docs_of(key, set).map(|(path, _)| path).collect();
        paths.sort();
        paths
    }

    /// The interned key equal to `key` and its documents (created when new).
    fn key_mut(&mut self, key: &Arc<str>) -> (Arc<str>, &mut KeyDocuments) {
        let interned = match self.keys.get_key_value(&**key) {
            Some((interned, _)) => interned.clone(),
            None => key.clone(),
        };
        let docs = self.keys.entry(interned.clone()).or_default();
        (interned, docs)
    }

    /// Takes document `id` out of the by-key and by-entry maps (its entry stays).
    fn unlink(&mut self, id: DocId) {
        let entry = std::mem::take(&mut self.entries[id as usize]);
        let keys = entry
            .definitions
            .iter()
            .map(|d| &d.key)
            .chain(entry.acronyms.iter().map(|a| &a.key));
        for key in keys {
            if let Some(docs) = self.keys.get_mut(&**key) {
                docs.defined_in.remove(&id);
                docs.explained_in.remove(&id);
                docs.unexplained_in.remove(&id);
                if docs.is_empty() {
                    self.keys.remove(&**key);
                }
            }
        }
        for (term, _) in &entry.terms {
            if let Some(docs) = self.terms.get_mut(term) {
                docs.remove(&id);
                if docs.is_empty() {
                    self.terms.remove(term);
                }
            }
        }
        self.entries[id as usize] = entry;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Engine, Settings};
    use crate::glossary::{GlossaryBuilder, SourceFormat, parse_source};
    use crate::markup::Markup;

    fn engine() -> Engine {
        let mut b = GlossaryBuilder::new();
        b.add(parse_source(
            "g.toml",
            "[[entries]]\nterm = \"SLA\"\nexpansion = \"service-level agreement\"\n\n[[entries]]\nterm = \"churn\"\nsummary = \"Customers lost.\"\n",
            SourceFormat::Toml,
        ));
        Engine::new(b.build(), Settings::default())
    }

    fn entry(engine: &Engine, text: &str) -> DocumentEntry {
        DocumentEntry::from_analysis(&engine.analyze(text, Markup::Markdown))
    }

    fn index(engine: &Engine, docs: &[(&str, &str)]) -> WorkspaceIndex {
        WorkspaceIndex::build(
            docs.iter()
                .map(|(path, text)| (PathBuf::from(path), entry(engine, text))),
        )
    }

    fn paths(found: Vec<&Path>) -> Vec<String> {
        found.iter().map(|p| p.display().to_string()).collect()
    }

    #[test]
    fn definitions_and_uses_are_found_by_acronym() {
        let e = engine();
        let index = index(
            &e,
            &[
                (
                    "b.md",
                    "Failed messages go to the dead-letter queue (DLQ). The DLQ is drained.\n",
                ),
                ("a.md", "The DLQ and the XQZ are full. Churn is up.\n"),
                ("c.md", "We read the XQZ daily under the SLA.\n"),
            ],
        );
        assert_eq!(index.len(), 3);
        let dlq = index.definitions_of("DLQ");
        assert_eq!(dlq.len(), 1);
        assert_eq!(dlq[0].0, Path::new("b.md"));
        assert_eq!(&*dlq[0].1.long, "dead-letter queue");
        assert_eq!(paths(index.defined_in("DLQ")), ["b.md"]);
        assert_eq!(paths(index.explained_in("DLQ")), ["b.md"]);
        assert_eq!(paths(index.unexplained_in("DLQ")), ["a.md"]);
        assert_eq!(paths(index.unexplained_in("XQZ")), ["a.md", "c.md"]);
        assert!(index.defined_in("XQZ").is_empty());
        let sla = e.glossary().lookup("SLA").unwrap();
        let churn = e.glossary().lookup("churn").unwrap();
        assert_eq!(paths(index.documents_using(sla)), ["c.md"]);
        assert_eq!(paths(index.documents_using(churn)), ["a.md"]);
        assert!(index.keys().any(|k| k == "XQZ"));
        // Ranges point at the text.
        let text = "The DLQ and the XQZ are full. Churn is up.\n";
        let a = index.document(Path::new("a.md")).unwrap();
        let xqz = a.acronyms.iter().find(|u| &*u.key == "XQZ").unwrap();
        assert_eq!(&text[xqz.unexplained[0].clone()], "XQZ");
    }

    #[test]
    fn replacing_a_document_updates_every_view_of_it() {
        let e = engine();
        let mut index = index(
            &e,
            &[
                ("a.md", "The EQZ is full.\n"),
                ("b.md", "The EQZ is empty.\n"),
            ],
        );
        index.replace(
            PathBuf::from("a.md"),
            entry(&e, "The extra queue zone (EQZ) is full.\n"),
        );
        assert_eq!(paths(index.defined_in("EQZ")), ["a.md"]);
        assert_eq!(paths(index.unexplained_in("EQZ")), ["b.md"]);
        assert_eq!(index.len(), 2);
        index.replace(PathBuf::from("a.md"), entry(&e, "Nothing here.\n"));
        assert!(index.defined_in("EQZ").is_empty());
        assert!(index.definitions_of("EQZ").is_empty());
    }

    #[test]
    fn removing_a_document_forgets_its_keys_and_reuses_its_slot() {
        let e = engine();
        let mut index = index(
            &e,
            &[
                ("a.md", "The extra queue zone (EQZ) is full. Churn!\n"),
                ("b.md", "The QQV is empty.\n"),
            ],
        );
        assert!(index.remove(Path::new("a.md")));
        assert!(!index.remove(Path::new("a.md")));
        assert_eq!(index.len(), 1);
        assert!(
            !index.keys().any(|k| k == "EQZ"),
            "a key nobody uses is gone"
        );
        let churn = e.glossary().lookup("churn").unwrap();
        assert!(index.documents_using(churn).is_empty());
        index.replace(PathBuf::from("c.md"), entry(&e, "The QQV again.\n"));
        assert_eq!(index.paths.len(), 2, "the freed slot is reused");
        assert_eq!(paths(index.unexplained_in("QQV")), ["b.md", "c.md"]);
        assert_eq!(
            index.documents().map(|(p, _)| p).collect::<Vec<_>>(),
            [Path::new("b.md"), Path::new("c.md")]
        );
    }

    #[test]
    fn keys_are_stored_once_for_the_whole_workspace() {
        let e = engine();
        let index = index(
            &e,
            &[
                ("a.md", "The QQV is here.\n"),
                ("b.md", "The QQV is there.\n"),
            ],
        );
        let a = index.document(Path::new("a.md")).unwrap();
        let b = index.document(Path::new("b.md")).unwrap();
        assert!(Arc::ptr_eq(&a.acronyms[0].key, &b.acronyms[0].key));
    }
}

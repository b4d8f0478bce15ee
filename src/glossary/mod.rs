//! The glossary: entries from every source, checked and indexed by every name they go by.
//!
//! Sources are parsed by [`parse_source`] (TOML, JSON or Markdown) into entries and
//! [`Problem`]s; a [`GlossaryBuilder`] merges them, reports duplicates and broken
//! `see_also` links, and yields an immutable [`Glossary`]. One bad source never stops the
//! others: its problems are kept beside the entries that did load.

mod abbreviations;
mod asciidoc;
mod builtin;
mod csv_source;
pub mod detect;
mod docusaurus;
pub mod export;
mod json;
mod latex;
mod markdown;
mod names;
mod rst;
mod tbx;
mod term_pages;
mod toml_source;
mod util;
mod vale;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use builtin::{BUILTIN_GLOSSARY_NAME, builtin_entries, builtin_glossary_text};
pub use names::NameIndex;

/// Index of an entry in its [`Glossary`].
pub type EntryId = usize;

/// Whether a term is still the one to use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Preferred,
    Deprecated,
    Forbidden,
}

/// How a term's case is matched: acronyms (API) exactly, phrases (user story) in any case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseRule {
    Sensitive,
    Insensitive,
}

/// Where something was written: a source name (a path, or `builtin:…`) and a 1-based position.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    pub source: Arc<str>,
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.source, self.line, self.column)
    }
}

/// One glossary entry, as the user wrote it (case rule resolved).
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub term: String,
    pub expansion: Option<String>,
    pub aliases: Vec<String>,
    pub summary: Option<String>,
    /// Markdown: what it is, how it works, why it matters.
    pub definition: Option<String>,
    pub see_also: Vec<String>,
    pub tags: Vec<String>,
    pub status: Status,
    pub use_instead: Option<String>,
    /// The case rule the author set; `None` means "decide per form by its shape".
    pub case: Option<CaseRule>,
    pub origin: Origin,
}

impl Entry {
    /// The case rule for one of this entry's names: the author's choice, else exact case for
    /// acronym-shaped names (API) and any case for phrases. Expansions always match in any case.
    pub fn case_for(&self, form: &str, kind: FormKind) -> CaseRule {
        if kind == FormKind::Expansion {
            return CaseRule::Insensitive;
        }
        self.case
            .unwrap_or(if crate::acronym::is_acronym_shaped(form) {
                CaseRule::Sensitive
            } else {
                CaseRule::Insensitive
            })
    }

    /// Every name of the entry with what it is: the term, its aliases and its expansion.
    pub fn names(&self) -> impl Iterator<Item = (&str, FormKind)> {
        std::iter::once((self.term.as_str(), FormKind::Term))
            .chain(self.aliases.iter().map(|a| (a.as_str(), FormKind::Alias)))
            .chain(
                self.expansion
                    .iter()
                    .map(|e| (e.as_str(), FormKind::Expansion)),
            )
    }

    /// Whether the entry's term is an acronym that stands for its expansion.
    pub fn is_acronym(&self) -> bool {
        self.expansion.is_some() && crate::acronym::is_acronym_shaped(&self.term)
    }
}

/// Which name of an entry a text matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FormKind {
    Term,
    Alias,
    Expansion,
}

/// What is wrong with a glossary source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// The file cannot be read or parsed, or an entry has a bad or unknown field.
    Syntax,
    /// A term, alias or expansion already belongs to another entry.
    DuplicateTerm,
    /// A `see_also` names no entry.
    BrokenSeeAlso,
    /// An entry with no expansion, summary or definition: nothing says what it means.
    IncompleteEntry,
    /// An entry no document of the workspace uses (found across documents, not in parsing).
    UnusedEntry,
    /// An acronym several documents leave unexplained that no entry has (found across
    /// documents).
    GlossaryCandidate,
}

impl ProblemKind {
    /// The stable rule id that reports this problem.
    pub fn rule_id(self) -> &'static str {
        match self {
            ProblemKind::Syntax => "glossary-syntax",
            ProblemKind::DuplicateTerm => "duplicate-term",
            ProblemKind::BrokenSeeAlso => "broken-see-also",
            ProblemKind::IncompleteEntry => "incomplete-entry",
            ProblemKind::UnusedEntry => "unused-entry",
            ProblemKind::GlossaryCandidate => "glossary-candidate",
        }
    }

    /// Whether the problem means the glossary is broken (`check` exits 2), rather than a
    /// finding about an entry that loaded.
    pub fn breaks_glossary(self) -> bool {
        !matches!(
            self,
            ProblemKind::IncompleteEntry
                | ProblemKind::UnusedEntry
                | ProblemKind::GlossaryCandidate
        )
    }
}

/// How many broken `see_also` links get a "did you mean" hint (see `check_see_also`).
pub const MAX_SEE_ALSO_HINTS: usize = 100;

/// A problem in a glossary source, with where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub origin: Origin,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// The format of a glossary source; its kebab-case name is how `[glossary] sources` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    Toml,
    Json,
    Markdown,
    /// MkDocs abbreviation lines, `*[HTML]: Hyper Text Markup Language`.
    #[serde(alias = "abbreviations")]
    MkdocsAbbreviations,
    /// One Markdown file per term: front matter (`title`, `aka`, …) and the definition.
    #[serde(alias = "front-matter")]
    TermPages,
    /// Docusaurus-style glossary JSON: `{"terms": [{"term", "definition", …}]}`.
    Docusaurus,
    /// A CSV (or TSV) term base with a header row.
    Csv,
    /// TermBase eXchange: TBX-Basic (2008) and TBX v3.
    Tbx,
    /// A Vale vocabulary's `accept.txt`: words that need no explanation.
    ValeAccept,
    /// A Vale vocabulary's `reject.txt`: forbidden words.
    ValeReject,
    /// `.tex` files with `\newacronym`, `\newglossaryentry`, `\DeclareAcronym`, … .
    Latex,
    /// The `.. glossary::` directives of a reStructuredText (Sphinx) file.
    Restructuredtext,
    /// AsciiDoc `[glossary]` description lists.
    Asciidoc,
}

impl SourceFormat {
    /// The format a file name implies (`.toml`, `.json`, `.md`/`.markdown`).
    pub fn from_path(path: &std::path::Path) -> Option<SourceFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "toml" => Some(SourceFormat::Toml),
            "json" => Some(SourceFormat::Json),
            "md" | "markdown" | "mdx" => Some(SourceFormat::Markdown),
            "csv" | "tsv" => Some(SourceFormat::Csv),
            "tbx" => Some(SourceFormat::Tbx),
            "txt" => detect::vale_by_name(path),
            "tex" | "latex" => Some(SourceFormat::Latex),
            "rst" | "rest" => Some(SourceFormat::Restructuredtext),
            "adoc" | "asciidoc" | "asc" => Some(SourceFormat::Asciidoc),
            _ => None,
        }
    }
}

/// Entries and problems parsed from one source.
#[derive(Debug, Default)]
pub struct Parsed {
    pub entries: Vec<Entry>,
    pub problems: Vec<Problem>,
    /// Names that need no explanation (a Vale `accept.txt`), kept apart from entries.
    pub allowed: Vec<String>,
}

impl Parsed {
    /// Keeps an entry, or records why the entry written at `origin` was rejected.
    fn push(&mut self, entry: Result<Entry, String>, origin: Origin) {
        match entry {
            Ok(entry) => self.entries.push(entry),
            Err(message) => self.problems.push(Problem {
                kind: ProblemKind::Syntax,
                origin,
                message,
            }),
        }
    }
}

/// Parses one glossary source; `name` is how positions refer to it (usually its path).
pub fn parse_source(name: &str, text: &str, format: SourceFormat) -> Parsed {
    let name: Arc<str> = Arc::from(name);
    let mut parsed = match format {
        SourceFormat::Toml => toml_source::parse(&name, text),
        SourceFormat::Json => json::parse(&name, text),
        SourceFormat::Markdown => markdown::parse(&name, text),
        SourceFormat::MkdocsAbbreviations => abbreviations::parse(&name, text),
        SourceFormat::TermPages => term_pages::parse(&name, text),
        SourceFormat::Docusaurus => docusaurus::parse(&name, text),
        SourceFormat::Csv => csv_source::parse(&name, text),
        SourceFormat::Tbx => tbx::parse(&name, text),
        SourceFormat::ValeAccept => vale::parse(&name, text, vale::List::Accept),
        SourceFormat::ValeReject => vale::parse(&name, text, vale::List::Reject),
        SourceFormat::Latex => latex::parse(&name, text),
        SourceFormat::Restructuredtext => rst::parse(&name, text),
        SourceFormat::Asciidoc => asciidoc::parse(&name, text),
    };
    parsed.entries.retain(|entry| {
        // Empty terms are reported by the format parsers; never let one through.
        !entry.term.trim().is_empty()
    });
    // In the order they are written, whatever order each parser found them in.
    parsed
        .problems
        .sort_by_key(|p| (p.origin.line, p.origin.column));
    parsed
}

/// The `incomplete-entry` problem of an entry that says nothing about what it means (no
/// expansion, summary or definition), reported `at` its term. A deprecated or forbidden
/// entry that names its replacement needs no definition: `use_instead` is what it says.
fn incomplete(entry: &Entry, at: Origin) -> Option<Problem> {
    let explained =
        entry.expansion.is_some() || entry.summary.is_some() || entry.definition.is_some();
    let replaced = entry.status != Status::Preferred && entry.use_instead.is_some();
    (!explained && !replaced).then(|| Problem {
        kind: ProblemKind::IncompleteEntry,
        origin: at,
        message: format!(
            "entry `{}` has no expansion, summary or definition: say what it means",
            entry.term
        ),
    })
}

/// The fields an entry of a structured source (TOML, JSON) may have.
const ENTRY_FIELDS: [&str; 10] = [
    "term",
    "expansion",
    "aliases",
    "summary",
    "definition",
    "see_also",
    "tags",
    "status",
    "use_instead",
    "case",
];

/// A value of a structured source (TOML, JSON) as written, with the byte offset it starts at.
#[derive(Debug)]
struct Written {
    value: WrittenValue,
    at: usize,
}

#[derive(Debug)]
enum WrittenValue {
    Str(String),
    List(Vec<Written>),
    /// Any other value, by the name of its type, for the message.
    Other(&'static str),
}

impl WrittenValue {
    fn type_name(&self) -> &'static str {
        match self {
            WrittenValue::Str(_) => "a string",
            WrittenValue::List(_) => "an array",
            WrittenValue::Other(name) => name,
        }
    }
}

/// One `key = value` of an entry, with where its key starts.
#[derive(Debug)]
struct Field {
    key: String,
    key_at: usize,
    value: Written,
}

/// `one of `a`, `b`` as serde words it, for "unknown field" messages.
fn expected_one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    format!("expected one of {}", quoted.join(", "))
}

/// Turns an entry's fields into an [`Entry`] written at `start` (its `[[entries]]` header or
/// `{`), reporting each problem where it is: an unknown field at its key, a value of the wrong
/// type at the value. A bad field is left out and the entry kept, so that a typo loses no
/// data; only an entry without a usable term, or whose `status` is unknown (what the entry
/// means depends on it), is lost.
fn entry_from_fields(
    fields: Vec<Field>,
    start: usize,
    origin_at: &dyn Fn(usize) -> Origin,
    parsed: &mut Parsed,
) {
    let mut problems = Vec::new();
    let mut problem = |at: usize, message: String| {
        problems.push(Problem {
            kind: ProblemKind::Syntax,
            origin: origin_at(at),
            message,
        })
    };
    let mut term: Option<(String, usize)> = None;
    let mut raw = RawEntry::default();
    let mut use_instead_at = start;
    let mut lost = false;
    for Field { key, key_at, value } in fields {
        let text = |value: Written, problem: &mut dyn FnMut(usize, String)| match value.value {
            WrittenValue::Str(s) => Some(s),
            other => {
                problem(
                    value.at,
                    format!("`{key}` must be a string, not {}", other.type_name()),
                );
                None
            }
        };
        let list = |value: Written, problem: &mut dyn FnMut(usize, String)| match value.value {
            WrittenValue::List(items) => items
                .into_iter()
                .filter_map(|item| match item.value {
                    WrittenValue::Str(s) => Some(s),
                    other => {
                        problem(
                            item.at,
                            format!("`{key}` must list strings; this is {}", other.type_name()),
                        );
                        None
                    }
                })
                .collect(),
            other => {
                problem(
                    value.at,
                    format!(
                        "`{key}` must be an array of strings, not {}",
                        other.type_name()
                    ),
                );
                Vec::new()
            }
        };
        match key.as_str() {
            "term" => {
                let at = value.at;
                match text(value, &mut problem) {
                    Some(s) => term = Some((s, at)),
                    None => lost = true,
                }
            }
            "expansion" => raw.expansion = text(value, &mut problem),
            "summary" => raw.summary = text(value, &mut problem),
            "definition" => raw.definition = text(value, &mut problem),
            "use_instead" => {
                use_instead_at = key_at;
                raw.use_instead = text(value, &mut problem);
            }
            "aliases" => raw.aliases = list(value, &mut problem),
            "see_also" => raw.see_also = list(value, &mut problem),
            "tags" => raw.tags = list(value, &mut problem),
            "status" => {
                let at = value.at;
                match text(value, &mut problem).as_deref() {
                    Some("preferred") => raw.status = Status::Preferred,
                    Some("deprecated") => raw.status = Status::Deprecated,
                    Some("forbidden") => raw.status = Status::Forbidden,
                    Some(other) => {
                        problem(
                            at,
                            format!(
                                "unknown status `{other}`, expected one of `preferred`, `deprecated`, `forbidden`"
                            ),
                        );
                        lost = true;
                    }
                    None => lost = true,
                }
            }
            "case" => {
                let at = value.at;
                match text(value, &mut problem).as_deref() {
                    Some("sensitive") => raw.case = Some(CaseRule::Sensitive),
                    Some("insensitive") => raw.case = Some(CaseRule::Insensitive),
                    Some(other) => problem(
                        at,
                        format!(
                            "unknown case `{other}`, expected one of `sensitive`, `insensitive`"
                        ),
                    ),
                    None => {}
                }
            }
            _ => problem(
                key_at,
                format!("unknown field `{key}`, {}", expected_one_of(&ENTRY_FIELDS)),
            ),
        }
    }
    match (term, lost) {
        (Some((written, term_at)), false) => {
            raw.term = written;
            match raw.into_entry(origin_at(start)) {
                Ok(entry) => {
                    problems.extend(incomplete(&entry, origin_at(term_at)));
                    parsed.entries.push(entry);
                }
                Err(EntryError::EmptyTerm) => {
                    problem(term_at, "entry has an empty `term`".to_string());
                }
                Err(EntryError::Message(message)) => problem(use_instead_at, message),
            }
        }
        (None, false) => problem(start, "missing field `term`".to_string()),
        // The reason is reported already.
        (_, true) => {}
    }
    parsed.problems.extend(problems);
}

/// The fields every structured source (TOML, JSON) shares, as written.
#[derive(Debug, Default)]
struct RawEntry {
    term: String,
    expansion: Option<String>,
    aliases: Vec<String>,
    summary: Option<String>,
    definition: Option<String>,
    see_also: Vec<String>,
    tags: Vec<String>,
    status: Status,
    use_instead: Option<String>,
    case: Option<CaseRule>,
}

/// Why a written entry is not an [`Entry`].
#[derive(Debug)]
enum EntryError {
    EmptyTerm,
    /// About `use_instead`.
    Message(String),
}

impl RawEntry {
    /// Turns a written entry into an [`Entry`], or says what is wrong with it.
    fn into_entry(self, origin: Origin) -> Result<Entry, EntryError> {
        let term = self.term.trim().to_string();
        if term.is_empty() {
            return Err(EntryError::EmptyTerm);
        }
        let clean = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let list = |v: Vec<String>| {
            v.into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        };
        if self.use_instead.is_some() && self.status == Status::Preferred {
            return Err(EntryError::Message(format!(
                "`{term}` has `use_instead` but its status is `preferred`: set status to `deprecated` or `forbidden`"
            )));
        }
        Ok(Entry {
            term,
            expansion: clean(self.expansion),
            aliases: list(self.aliases),
            summary: clean(self.summary),
            definition: clean(self.definition),
            see_also: list(self.see_also),
            tags: list(self.tags),
            status: self.status,
            use_instead: clean(self.use_instead),
            case: self.case,
            origin,
        })
    }
}

/// The top-level fields of a TOML or JSON glossary besides `entries`.
const FILE_FIELDS: [&str; 4] = ["name", "description", "entries", "$schema"];

/// Merges sources into a [`Glossary`]: later sources may not reuse a name, but every user
/// source overrides the built-in glossary (a built-in entry whose name a user entry takes is
/// dropped).
#[derive(Debug, Default)]
pub struct GlossaryBuilder {
    user: Vec<Entry>,
    builtin: Vec<Entry>,
    problems: Vec<Problem>,
    allowed: Vec<String>,
}

impl GlossaryBuilder {
    pub fn new() -> GlossaryBuilder {
        GlossaryBuilder::default()
    }

    /// Adds the built-in product-management glossary.
    pub fn builtin(mut self) -> GlossaryBuilder {
        self.builtin = builtin_entries();
        self
    }

    /// Adds the entries and problems of one parsed source.
    pub fn add(&mut self, parsed: Parsed) {
        self.user.extend(parsed.entries);
        self.problems.extend(parsed.problems);
        self.allowed.extend(parsed.allowed);
    }

    /// Records a problem found outside parsing (an unreadable file, say).
    pub fn add_problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    pub fn build(self) -> Glossary {
        let mut glossary = Glossary {
            entries: Vec::with_capacity(self.user.len() + self.builtin.len()),
            by_name: HashMap::new(),
            problems: self.problems,
            allowed: self.allowed,
        };
        for entry in self.user {
            glossary.insert_user(entry);
        }
        for entry in self.builtin {
            let taken = entry
                .names()
                .any(|(name, _)| glossary.by_name.contains_key(&fold(name)));
            if !taken {
                glossary.insert_user(entry);
            }
        }
        glossary.check_see_also();
        glossary
    }
}

/// The case-folded key names are indexed by.
pub(crate) fn fold(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Every entry of every source, indexed by each of its names (case-insensitively).
#[derive(Debug, Default)]
pub struct Glossary {
    entries: Vec<Entry>,
    by_name: HashMap<String, EntryId>,
    problems: Vec<Problem>,
    allowed: Vec<String>,
}

impl Glossary {
    /// A glossary of built-in entries only.
    pub fn builtin() -> Glossary {
        GlossaryBuilder::new().builtin().build()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.entries[id]
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Problems found in the sources; the entries that loaded are usable regardless.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Names the sources say need no explanation (Vale `accept.txt`), as written.
    pub fn allowed(&self) -> &[String] {
        &self.allowed
    }

    /// The entry with this term, alias or expansion, in any case.
    pub fn lookup(&self, name: &str) -> Option<EntryId> {
        self.by_name.get(&fold(name)).copied()
    }

    /// The entry whose name is exactly `name` in the case its rule demands.
    pub fn lookup_exact(&self, name: &str) -> Option<EntryId> {
        let id = self.lookup(name)?;
        let entry = &self.entries[id];
        let key = fold(name);
        entry
            .names()
            .filter(|(form, _)| fold(form) == key)
            .any(|(form, kind)| match entry.case_for(form, kind) {
                CaseRule::Sensitive => form == name,
                CaseRule::Insensitive => true,
            })
            .then_some(id)
    }

    /// Names close to `name`, best first, for "did you mean" answers.
    pub fn suggestions(&self, name: &str, max: usize) -> Vec<&str> {
        let wanted = fold(name);
        let mut scored: Vec<(f64, &str)> = self
            .entries
            .iter()
            .flat_map(|e| e.names().map(|(n, _)| n))
            .map(|n| {
                let folded = fold(n);
                let mut score = strsim::jaro_winkler(&wanted, &folded);
                if folded.contains(&wanted) || wanted.contains(&folded) {
                    score += 0.2;
                }
                (score, n)
            })
            .filter(|(score, _)| *score >= 0.75)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let mut out: Vec<&str> = Vec::new();
        for (_, n) in scored {
            if !out.contains(&n) {
                out.push(n);
            }
            if out.len() == max {
                break;
            }
        }
        out
    }

    /// Adds an entry under each of its names, or reports the names another entry has.
    ///
    /// Bound: O(a) hash operations for an entry with a names (a set, not a scan of the names
    /// kept so far, notices a name the entry repeats).
    fn insert_user(&mut self, entry: Entry) {
        let id = self.entries.len();
        let mut names: Vec<String> = Vec::new();
        let mut own: HashSet<String> = HashSet::new();
        for (name, _) in entry.names() {
            let key = fold(name);
            if own.contains(&key) {
                continue;
            }
            if let Some(&other) = self.by_name.get(&key) {
                let first = &self.entries[other];
                self.problems.push(Problem {
                    kind: ProblemKind::DuplicateTerm,
                    origin: entry.origin.clone(),
                    message: format!(
                        "duplicate term `{name}`: entry `{}` already uses it at {}",
                        first.term, first.origin
                    ),
                });
                if name == entry.term {
                    // The whole entry is a duplicate; keep the first one.
                    return;
                }
                continue;
            }
            own.insert(key.clone());
            names.push(key);
        }
        for key in names {
            self.by_name.insert(key, id);
        }
        self.entries.push(entry);
    }

    /// Reports every `see_also` that names no entry.
    ///
    /// Bound: a "did you mean" hint compares the name with every name of the glossary, so
    /// only the first [`MAX_SEE_ALSO_HINTS`] broken links get one: O(h·N + b) for b broken
    /// links in a glossary of N names, where a hint for each cost O(b·N) (6,250 broken links
    /// once took 20 s, 12,500 took 90 s).
    fn check_see_also(&mut self) {
        let mut problems = Vec::new();
        let mut hints = 0;
        for entry in &self.entries {
            for target in &entry.see_also {
                if self.lookup(target).is_none() {
                    // Never suggest the entry itself.
                    let own = |n: &&str| entry.names().any(|(name, _)| name == *n);
                    let near = if hints < MAX_SEE_ALSO_HINTS {
                        hints += 1;
                        self.suggestions(target, 4).into_iter().find(|n| !own(n))
                    } else {
                        None
                    };
                    let hint = match near {
                        Some(near) => format!(" (did you mean `{near}`?)"),
                        None => String::new(),
                    };
                    problems.push(Problem {
                        kind: ProblemKind::BrokenSeeAlso,
                        origin: entry.origin.clone(),
                        message: format!(
                            "`{}` has see_also `{target}`, which names no entry{hint}",
                            entry.term
                        ),
                    });
                }
            }
        }
        self.problems.extend(problems);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_broken_see_also_is_reported_and_the_first_ones_get_a_hint() {
        let n = MAX_SEE_ALSO_HINTS + 20;
        let text: String = (0..n)
            .map(|i| format!("[[entries]]\nterm = \"entry {i}\"\nsee_also = [\"entry {i}x\"]\n\n"))
            .collect();
        let mut builder = GlossaryBuilder::new();
        builder.add(parse_source("g.toml", &text, SourceFormat::Toml));
        let glossary = builder.build();
        let broken: Vec<&Problem> = glossary
            .problems()
            .iter()
            .filter(|p| p.kind == ProblemKind::BrokenSeeAlso)
            .collect();
        assert_eq!(broken.len(), n);
        let hinted = broken
            .iter()
            .filter(|p| p.message.contains("did you mean"))
            .count();
        assert_eq!(hinted, MAX_SEE_ALSO_HINTS);
    }

    fn toml(text: &str) -> Glossary {
        let mut builder = GlossaryBuilder::new();
        builder.add(parse_source("g.toml", text, SourceFormat::Toml));
        builder.build()
    }

    #[test]
    fn lookup_by_any_name_in_any_case() {
        let g = toml(
            r#"
[[entries]]
term = "API"
expansion = "Application Program Interface"
aliases = ["Application Programming Interface"]
"#,
        );
        let id = g.lookup("api").unwrap();
        assert_eq!(g.entry(id).term, "API");
        assert_eq!(g.lookup("application programming interface"), Some(id));
        assert_eq!(g.lookup_exact("API"), Some(id));
        assert_eq!(g.lookup_exact("Api"), None);
        assert!(g.problems().is_empty());
    }

    #[test]
    fn duplicates_and_broken_links_are_reported_with_positions() {
        let g = toml(
            r#"
[[entries]]
term = "API"
see_also = ["Nope"]

[[entries]]
term = "api"
"#,
        );
        let messages: Vec<String> = g.problems().iter().map(|p| p.to_string()).collect();
        assert_eq!(g.len(), 1);
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("g.toml:6:1: duplicate term `api`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("see_also `Nope`, which names no entry")),
            "{messages:?}"
        );
    }

    #[test]
    fn user_entries_override_builtin_ones() {
        let mut builder = GlossaryBuilder::new().builtin();
        builder.add(parse_source(
            "mine.toml",
            "[[entries]]\nterm = \"API\"\nsummary = \"Ours.\"\n",
            SourceFormat::Toml,
        ));
        let g = builder.build();
        let id = g.lookup("API").unwrap();
        assert_eq!(g.entry(id).summary.as_deref(), Some("Ours."));
        assert!(g.problems().is_empty(), "{:?}", g.problems());
    }
}

//! Analysis of one document against a glossary: occurrences, definitions and findings.
//!
//! [`Engine::analyze`] is a pure function of the text, its markup and the engine; it does
//! no I/O and knows nothing of LSP. Ranges in the result are byte ranges of the source.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use crate::acronym::{base_form, find_acronyms, unversioned};
use crate::definitions::{Definition, DefinitionSites, find_definitions_with};
use crate::glossary::{Entry, FormKind, Glossary, Status, fold};
use rayon::prelude::*;

use crate::markup::{Directive, DirectiveKind, Markup, Prose, SectionState};
use crate::matcher::{Matcher, Occurrence, plural_of};
use crate::rules::{Finding, Fix, Related, Rule, Severities, Severity};
use crate::text::LineIndex;
use crate::wordlists::{Audience, is_well_known};

/// What a project decided beyond its glossary: severities and allowed acronyms.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub severities: Severities,
    /// Acronyms that need no expansion in this project (exact case).
    pub allowed: HashSet<String>,
    /// Whose well-known acronyms need no expansion (`glossary/audiences.toml`).
    pub audience: Audience,
}

impl Settings {
    /// Whether `name` (exact case) needs no expansion: the project allows it, or the
    /// audience knows it.
    pub fn is_allowed(&self, name: &str) -> bool {
        self.allowed.contains(name) || is_well_known(name, self.audience)
    }
}

/// A glossary compiled for matching, with the project's settings: everything an analysis
/// needs, immutable and shareable.
#[derive(Debug)]
pub struct Engine {
    glossary: Glossary,
    matcher: Matcher,
    settings: Settings,
    /// Sorted names for completion, built the first time an editor asks.
    names: std::sync::OnceLock<crate::glossary::NameIndex>,
    /// Unique for the life of the process, so that a [`PieceCache`] never takes an engine
    /// built later (perhaps at the same address) for the one its pieces came from.
    id: u64,
}

/// The next [`Engine::id`]; 0 is never used, so a fresh cache matches no engine.
static NEXT_ENGINE_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// An acronym written in the document and how it is explained, if it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcronymUse {
    pub range: Range<usize>,
    /// The acronym it is a use of ("API" for "APIs"), shared by all uses of one spelling.
    pub key: Arc<str>,
    pub explained_by: Option<Explanation>,
}

/// What explains an acronym.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Explanation {
    Glossary,
    AllowList,
    Document,
    /// The document cites a work by this name (`{{QUIC-TRANSPORT}}`, `[WHATWG.CORS]`):
    /// the reference explains it, as specifications cite protocols rather than expand them.
    /// Also the organisation its authors write from (`jane@iohk.io`: IOHK).
    Reference,
}

/// Everything glossary-ls knows about one document.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Glossary terms found, in order.
    pub occurrences: Vec<Occurrence>,
    /// Definitions the document makes, in order.
    pub definitions: Vec<Definition>,
    /// Acronyms written in the document, in order.
    pub acronyms: Vec<AcronymUse>,
    /// Findings, ordered by position.
    pub findings: Vec<Finding>,
}

/// Documents larger than this are analysed in pieces, in parallel.
const PIECE_BYTES: usize = 256 * 1024;

impl Engine {
    pub fn new(glossary: Glossary, settings: Settings) -> Engine {
        let matcher = Matcher::new(&glossary);
        Engine {
            glossary,
            matcher,
            settings,
            names: std::sync::OnceLock::new(),
            id: NEXT_ENGINE_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// The glossary's names sorted for completion.
    pub fn name_index(&self) -> &crate::glossary::NameIndex {
        self.names
            .get_or_init(|| crate::glossary::NameIndex::new(&self.glossary))
    }

    pub fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Analyses `text` written in `markup`.
    ///
    /// Large documents are split where new top-level blocks start
    /// ([`crate::markup::chunk_ranges`]); the pieces are parsed and searched in parallel,
    /// then the rules run over the whole document.
    pub fn analyze(&self, text: &str, markup: Markup) -> Analysis {
        self.analyze_in_pieces(text, markup, PIECE_BYTES)
    }

    pub(crate) fn analyze_in_pieces(
        &self,
        text: &str,
        markup: Markup,
        piece_bytes: usize,
    ) -> Analysis {
        self.analyze_with(text, markup, piece_bytes, None)
    }

    /// Analyses `text` re-using the pieces of an earlier analysis that an edit left alone
    /// (the language server keeps one [`PieceCache`] per open document).
    pub fn analyze_incremental(
        &self,
        text: &str,
        markup: Markup,
        cache: &mut PieceCache,
    ) -> Analysis {
        self.analyze_with(text, markup, EDITOR_PIECE_BYTES, Some(cache))
    }

    fn analyze_with(
        &self,
        text: &str,
        markup: Markup,
        piece_bytes: usize,
        mut cache: Option<&mut PieceCache>,
    ) -> Analysis {
        if let Some(cache) = cache.as_deref_mut() {
            let engine = self.id;
            if cache.engine != engine || cache.markup != Some(markup) {
                *cache = PieceCache {
                    engine,
                    markup: Some(markup),
                    pieces: HashMap::new(),
                    memo: Default::default(),
                };
            }
        }
        let known: HashSet<u64> = cache
            .as_deref()
            .map(|c| c.pieces.keys().map(|(h, _)| *h).collect())
            .unwrap_or_default();
        // The first piece is parsed with the document's metadata: the same text elsewhere
        // is another piece.
        let keyed = |i: usize, hash: u64| hash ^ u64::from(i == 0);
        let parse = |i: usize, range: Range<usize>, hash: u64| {
            let prose = (!known.contains(&hash))
                .then(|| Prose::parse_piece(&text[range.clone()], markup, i == 0));
            (i, range, hash, prose)
        };
        // Parse (in parallel) every piece no earlier analysis had. An open document's
        // pieces are cut again around the edit; a document seen first is parsed while it is
        // still being cut into pieces (workers take the next piece as soon as it is found).
        let again = cache
            .as_deref()
            .and_then(|c| c.memo.cut_again(text, markup, piece_bytes));
        let hashing = cache.is_some();
        let mut split: Vec<(usize, Range<usize>, u64, Option<Prose>)> = match again {
            Some(pieces) => pieces
                .into_par_iter()
                .enumerate()
                .map(|(i, (range, hash))| parse(i, range, keyed(i, hash)))
                .collect(),
            None => crate::markup::chunks(text, markup, piece_bytes)
                .enumerate()
                .par_bridge()
                .map(|(i, range)| {
                    let hash = if hashing {
                        crate::markup::piece_hash(&text[range.clone()])
                    } else {
                        0
                    };
                    parse(i, range, keyed(i, hash))
                })
                .collect(),
        };
        split.sort_unstable_by_key(|(i, ..)| *i);
        let mut ranges = Vec::with_capacity(split.len());
        let mut hashes = Vec::with_capacity(split.len());
        let mut proses = Vec::with_capacity(split.len());
        for (i, range, hash, prose) in split {
            ranges.push(range);
            hashes.push(hash);
            proses.push(prose);
            debug_assert_eq!(i + 1, ranges.len());
        }
        if let Some(cache) = cache.as_deref_mut() {
            // The memo keeps each piece's own hash (`keyed` undoes what it did).
            let cut: Vec<(Range<usize>, u64)> = ranges
                .iter()
                .zip(&hashes)
                .enumerate()
                .map(|(i, (range, hash))| (range.clone(), keyed(i, *hash)))
                .collect();
            cache.memo.remember(text, markup, piece_bytes, &cut);
        }
        // Carry the section state through the document, taking cached pieces where the
        // text and the state they start in are the same.
        let mut state = SectionState::default();
        let mut slots: Vec<(SectionState, Slot)> = Vec::with_capacity(ranges.len());
        for (i, range) in ranges.iter().enumerate() {
            let before = state;
            let cached = cache
                .as_deref()
                .and_then(|c| c.pieces.get(&(hashes[i], before)).cloned());
            match cached {
                Some(piece) => {
                    state = piece.out;
                    slots.push((before, Slot::Cached(piece)));
                }
                None => {
                    let mut prose = proses[i].take().unwrap_or_else(|| {
                        Prose::parse_piece(&text[range.clone()], markup, i == 0)
                    });
                    state.mark(&mut prose);
                    slots.push((before, Slot::Fresh(prose, state, &text[range.clone()])));
                }
            }
        }
        drop(proses);
        let pieces: Vec<(SectionState, Arc<CachedPiece>)> = slots
            .into_par_iter()
            .map(|(before, slot)| {
                let piece = match slot {
                    Slot::Cached(piece) => piece,
                    Slot::Fresh(prose, out, source) => Arc::new(CachedPiece {
                        piece: self.analyze_piece(&prose, source),
                        out,
                    }),
                };
                (before, piece)
            })
            .collect();
        if let Some(cache) = cache {
            cache.pieces = hashes
                .iter()
                .zip(&pieces)
                .map(|(h, (before, piece))| ((*h, *before), piece.clone()))
                .collect();
        }
        // The document is joined from the pieces where they are (cached ones are shared,
        // not copied first): each result is copied once, shifted to source offsets.
        let placed: Vec<(usize, &Piece)> = pieces
            .iter()
            .zip(&ranges)
            .map(|((_, cached), range)| (range.start, &cached.piece))
            .collect();
        Document::new(self, text, &placed).finish()
    }

    /// Everything one piece of a document yields on its own, in offsets of the piece
    /// (`source` is the piece's text).
    fn analyze_piece(&self, prose: &Prose, source: &str) -> Piece {
        // Titles of cited works are no prose to check (`block_at` is a binary search).
        let in_references = |start: usize| {
            prose
                .block_at(start)
                .is_some_and(|b| b.in_references_section)
        };
        let mut occurrences = self.matcher.find_all(&prose.text);
        if prose.blocks.iter().any(|b| b.in_references_section) {
            occurrences.retain(|o| !in_references(o.range.start));
        }
        // Paths and repository references (`owner/repo#123`) are names, not prose.
        let paths = crate::markup::path_ranges(&prose.text);
        let in_path = |r: &Range<usize>| {
            let i = paths.partition_point(|p| p.end <= r.start);
            paths.get(i).is_some_and(|p| p.start < r.end)
        };
        if !paths.is_empty() {
            occurrences.retain(|o| !in_path(&o.range));
        }
        let definitions = find_definitions_with(prose, &self.glossary);
        let sites = DefinitionSites::new(&definitions);
        let is_definition_site = |r: &Range<usize>| sites.contains(r);
        let is_occurrence = |r: &Range<usize>| {
            let i = occurrences.partition_point(|o| o.range.end <= r.start);
            occurrences.get(i).is_some_and(|o| o.range.start < r.end)
        };
        // The same few acronyms recur thousands of times: explain each spelling once, and
        // share one key among its uses.
        let mut known: foldhash::HashMap<&str, (Arc<str>, Option<Explanation>)> =
            foldhash::HashMap::default();
        let mut map = prose.source_map();
        let acronyms: Vec<Candidate> = find_acronyms(prose)
            .into_iter()
            .filter(|r| !is_definition_site(r) && !in_references(r.start) && !in_path(r))
            .map(|range| {
                let token = &prose.text[range.clone()];
                let (key, explained) = known.entry(token).or_insert_with(|| {
                    (Arc::from(acronym_key(token)), self.explain_anywhere(token))
                });
                let explained = if is_occurrence(&range) {
                    Some(Explanation::Glossary)
                } else {
                    *explained
                };
                Candidate {
                    range: map.range(range),
                    key: key.clone(),
                    explained,
                }
            })
            .collect();
        let mut map = prose.source_map();
        let occurrences: Vec<Occurrence> = occurrences
            .into_iter()
            .map(|o| Occurrence {
                range: map.range(o.range.clone()),
                ..o
            })
            .collect();
        let mut map = prose.source_map();
        let definitions = definitions
            .into_iter()
            .map(|d| Definition {
                short_range: map.range(d.short_range.clone()),
                long_range: map.range(d.long_range.clone()),
                ..d
            })
            .collect();
        let directives = prose.directives.clone();
        let keys = known.into_values().map(|(key, _)| key).collect();
        let term_findings = self.term_findings(&occurrences, source);
        let first_uses = self.first_uses(&occurrences, source);
        Piece {
            occurrences,
            definitions,
            acronyms,
            keys,
            term_findings,
            first_uses,
            directives,
            code_words: prose
                .code_words
                .iter()
                .cloned()
                .chain(crate::acronym::frame_names(&prose.text).map(Box::from))
                .chain(crate::acronym::assigned_names(&prose.text).map(Box::from))
                .chain(crate::acronym::mnemonics_with_operands(&prose.text).map(Box::from))
                .chain(
                    crate::acronym::value_table_words(prose)
                        .into_iter()
                        .map(Box::from),
                )
                .collect(),
            cited_names: prose
                .cited_names
                .iter()
                .cloned()
                .chain(crate::acronym::email_organisations(source).map(Box::from))
                .collect(),
        }
    }

    /// The findings about glossary terms of one piece (`source` is its text), before
    /// suppression comments, which depend on the whole document.
    fn term_findings(&self, occurrences: &[Occurrence], source: &str) -> Vec<TermFinding> {
        let severity = |rule| self.settings.severities.get(rule);
        let mut out = Vec::new();
        for (at, o) in occurrences.iter().enumerate() {
            let entry = self.glossary.entry(o.entry);
            let rule = match entry.status {
                Status::Forbidden => Some(Rule::ForbiddenTerm),
                Status::Deprecated => Some(Rule::DeprecatedTerm),
                Status::Preferred if !o.miscased => continue,
                Status::Preferred => None,
            };
            let written = &source[o.range.clone()];
            let status = rule.and_then(|rule| {
                let severity = severity(rule)?;
                Some(status_finding(rule, severity, entry, o, written))
            });
            let case = severity(Rule::TermCase)
                .filter(|_| o.miscased)
                .map(|severity| {
                    let correct = correct_case(entry, o, written);
                    Finding {
                        rule: Rule::TermCase,
                        severity,
                        range: o.range.clone(),
                        message: format!("`{}` should be written `{correct}`", one_line(written)),
                        term: entry.term.clone(),
                        related: Vec::new(),
                        fixes: vec![Fix {
                            title: format!("Write `{correct}`"),
                            range: o.range.clone(),
                            replacement: correct,
                        }],
                    }
                });
            if status.is_some() || case.is_some() {
                out.push(TermFinding {
                    occurrence: at,
                    status,
                    case,
                });
            }
        }
        out
    }

    /// The occurrences (indices) of one piece that are the piece's first use of an acronym
    /// of the glossary, written as an acronym: where the document's first use of each is.
    fn first_uses(&self, occurrences: &[Occurrence], source: &str) -> Vec<usize> {
        let mut seen = foldhash::HashSet::default();
        let mut out = Vec::new();
        for (at, o) in occurrences.iter().enumerate() {
            if o.kind == FormKind::Expansion || o.miscased || seen.contains(&o.entry) {
                continue;
            }
            if !self.glossary.entry(o.entry).is_acronym() {
                seen.insert(o.entry);
                continue;
            }
            if !crate::acronym::is_acronym_shaped(&source[o.range.clone()]) {
                continue;
            }
            seen.insert(o.entry);
            out.push(at);
        }
        out
    }

    /// What explains an acronym spelled `token` in any document: the glossary or the
    /// project's allow lists.
    fn explain_anywhere(&self, token: &str) -> Option<Explanation> {
        if lookup_names(token).any(|n| self.glossary.lookup_exact(n).is_some()) {
            return Some(Explanation::Glossary);
        }
        lookup_names(token)
            .any(|n| self.settings.is_allowed(n))
            .then_some(Explanation::AllowList)
    }
}

/// The core rules of ABNF (RFC 5234, appendix B.1).
fn is_abnf_core_rule(name: &str) -> bool {
    matches!(
        name,
        "ALPHA"
            | "BIT"
            | "CHAR"
            | "CR"
            | "CRLF"
            | "CTL"
            | "DIGIT"
            | "DQUOTE"
            | "HEXDIG"
            | "HTAB"
            | "LF"
            | "LWSP"
            | "OCTET"
            | "SP"
            | "VCHAR"
            | "WSP"
    )
}

/// The acronym a written token is a use of: without plural or version (`APIs` → `API`,
/// `JDK17` → `JDK`, `HTTP/2` → `HTTP`), so that every version is one finding.
fn acronym_key(token: &str) -> &str {
    let base = base_form(token);
    unversioned(base).unwrap_or(base)
}

/// Names a written acronym may be explained under: as written, without plural, without version.
fn lookup_names(token: &str) -> impl Iterator<Item = &str> {
    let base = base_form(token);
    [Some(token), Some(base), unversioned(base)]
        .into_iter()
        .flatten()
}

/// Documents are cut into pieces of about this size for the editor, so that an edit
/// re-analyses a few kilobytes.
const EDITOR_PIECE_BYTES: usize = 16 * 1024;

/// Pieces of one document analysed before, by their text's hash and the section state they
/// start in.
#[derive(Default)]
pub struct PieceCache {
    /// The [`Engine::id`] the pieces were analysed with (a new glossary empties the cache).
    engine: u64,
    markup: Option<Markup>,
    pieces: HashMap<(u64, SectionState), Arc<CachedPiece>>,
    /// Where the last version was cut into pieces.
    memo: crate::markup::PieceMemo,
}

impl PieceCache {
    /// How many pieces are kept.
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }
}

impl std::fmt::Debug for PieceCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PieceCache({} pieces)", self.pieces.len())
    }
}

/// A piece while a document is analysed: re-used, or parsed and waiting for analysis
/// (with the section state after it).
enum Slot<'a> {
    Cached(Arc<CachedPiece>),
    /// The piece's prose, the section state after it and its source text.
    Fresh(Prose, SectionState, &'a str),
}

struct CachedPiece {
    piece: Piece,
    /// The section state after the piece.
    out: SectionState,
}

/// What one piece of a document yields (offsets within the piece).
struct Piece {
    occurrences: Vec<Occurrence>,
    definitions: Vec<Definition>,
    acronyms: Vec<Candidate>,
    /// The distinct keys of `acronyms`: what the document-wide decisions about acronyms
    /// (code words, mnemonic families, explanations) are made for, once per key.
    keys: Vec<Arc<str>>,
    /// Findings about glossary terms, in the order of their occurrences.
    term_findings: Vec<TermFinding>,
    /// See [`Engine::first_uses`].
    first_uses: Vec<usize>,
    directives: Vec<Directive>,
    code_words: Vec<Box<str>>,
    cited_names: Vec<Box<str>>,
}

/// What one occurrence of a glossary term is reported for: its status (forbidden,
/// deprecated) or, when that rule is off or suppressed, its case.
struct TermFinding {
    occurrence: usize,
    status: Option<Finding>,
    case: Option<Finding>,
}

/// A finding of a piece moved to source offsets.
fn shifted_finding(f: &Finding, base: usize) -> Finding {
    Finding {
        range: shifted(&f.range, base),
        related: f
            .related
            .iter()
            .map(|r| Related {
                range: shifted(&r.range, base),
                message: r.message.clone(),
            })
            .collect(),
        fixes: f
            .fixes
            .iter()
            .map(|x| Fix {
                range: shifted(&x.range, base),
                ..x.clone()
            })
            .collect(),
        ..f.clone()
    }
}

/// A range of a piece moved to source offsets.
fn shifted(range: &Range<usize>, base: usize) -> Range<usize> {
    range.start + base..range.end + base
}

/// An acronym found in a piece, explained as far as the piece alone can tell.
struct Candidate {
    range: Range<usize>,
    key: Arc<str>,
    explained: Option<Explanation>,
}

/// The whole document, pieces joined, while the rules run (source offsets throughout).
struct Document<'a> {
    engine: &'a Engine,
    source: &'a str,
    /// The pieces, each with the source offset it starts at.
    pieces: &'a [(usize, &'a Piece)],
    occurrences: Vec<Occurrence>,
    definitions: Vec<Definition>,
    acronyms: Vec<AcronymUse>,
    /// Definitions by key, in document order.
    defined: HashMap<String, Vec<usize>>,
    inline_allowed: HashSet<String>,
    suppressions: Suppressions,
    lines: std::sync::OnceLock<LineIndex>,
}

impl<'a> Document<'a> {
    /// Joins pieces, each with the source offset it starts at, in document order.
    fn new(engine: &'a Engine, source: &'a str, pieces: &'a [(usize, &'a Piece)]) -> Document<'a> {
        let count = |f: fn(&Piece) -> usize| pieces.iter().map(|(_, p)| f(p)).sum::<usize>();
        let mut occurrences = Vec::with_capacity(count(|p| p.occurrences.len()));
        let mut definitions = Vec::with_capacity(count(|p| p.definitions.len()));
        let mut directives = Vec::with_capacity(count(|p| p.directives.len()));
        // Asked once per acronym key: foldhash rather than SipHash.
        let mut code_words: foldhash::HashSet<&str> = foldhash::HashSet::default();
        let mut cited: foldhash::HashSet<&str> = foldhash::HashSet::default();
        let mut keys: foldhash::HashSet<&str> = foldhash::HashSet::default();
        for &(base, piece) in pieces {
            occurrences.extend(piece.occurrences.iter().map(|o| Occurrence {
                range: shifted(&o.range, base),
                ..o.clone()
            }));
            definitions.extend(piece.definitions.iter().map(|d| Definition {
                short_range: shifted(&d.short_range, base),
                long_range: shifted(&d.long_range, base),
                ..d.clone()
            }));
            directives.extend(piece.directives.iter().map(|d| Directive {
                source: shifted(&d.source, base),
                ..d.clone()
            }));
            code_words.extend(piece.code_words.iter().map(|w| &**w));
            cited.extend(piece.cited_names.iter().map(|w| &**w));
            keys.extend(piece.keys.iter().map(|k| &**k));
        }
        // A document that speaks of ABNF names its core rules (RFC 5234, appendix B.1) in
        // prose as identifiers: "terminated by CRLF", "a SP".
        let abnf = keys.contains("ABNF");
        if abnf {
            keys.retain(|k| !is_abnf_core_rule(k));
        }
        code_words.extend(crate::acronym::mnemonic_families(keys.iter().copied()));
        let mut defined: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in definitions.iter().enumerate() {
            defined
                .entry(acronym_key(d.key()).to_string())
                .or_default()
                .push(i);
        }
        let inline_allowed: HashSet<String> = directives
            .iter()
            .filter(|d| d.kind == DirectiveKind::Allow)
            .flat_map(|d| d.names.iter().cloned())
            .collect();
        let explained_here = |key: &str| {
            let names = [Some(key), unversioned(key)];
            if names.iter().flatten().any(|n| inline_allowed.contains(*n)) {
                Some(Explanation::AllowList)
            } else if names.iter().flatten().any(|n| defined.contains_key(*n)) {
                Some(Explanation::Document)
            } else if names.iter().flatten().any(|n| cited.contains(*n)) {
                Some(Explanation::Reference)
            } else {
                None
            }
        };
        // What the document decides for each key: `None` when a use of it is an identifier
        // (a word the document writes as code, names a frame type with, writes in a table of
        // values or that belongs to a family of mnemonics, or such a word with a few
        // capitals more; an English word the document names a method or frame with
        // somewhere: one search of the text per such word), else how the document explains
        // it.
        let decided: foldhash::HashMap<&str, Option<Option<Explanation>>> = keys
            .iter()
            .map(|&k| {
                let identifier = code_words.contains(k)
                    || crate::acronym::extends_an_identifier(k, |w| code_words.contains(w))
                    || crate::acronym::is_named_somewhere(source, k);
                (k, (!identifier).then(|| explained_here(k)))
            })
            .collect();
        // The first part of a compound the document defines: `MP` in "an MP-JWT token" or
        // "the MP JWT endpoint" after "MicroProfile JWT (MP-JWT)".
        let compound_heads: HashSet<&str> = defined
            .keys()
            .filter_map(|k| k.split_once('-').map(|(head, _)| head))
            .collect();
        let in_defined_compound = |key: &str, range: &Range<usize>| {
            if !compound_heads.contains(key) {
                return false;
            }
            let after = source.get(range.end..).unwrap_or_default();
            after.strip_prefix(['-', ' ']).is_some_and(|rest| {
                let end = rest
                    .find(|c: char| !c.is_alphanumeric())
                    .unwrap_or(rest.len());
                end > 0 && defined.contains_key(&format!("{key}-{}", &rest[..end]))
            })
        };
        let mut acronyms = Vec::with_capacity(count(|p| p.acronyms.len()));
        for &(base, piece) in pieces {
            for c in &piece.acronyms {
                let Some(&Some(here)) = decided.get(&*c.key) else {
                    continue;
                };
                let range = shifted(&c.range, base);
                // A use written as a code word is an identifier, whatever its key (a use
                // written as its key was decided with the key).
                if !code_words.is_empty() {
                    let written = source.get(range.clone()).unwrap_or_default();
                    if written != &*c.key && code_words.contains(written) {
                        continue;
                    }
                }
                acronyms.push(AcronymUse {
                    // The document's own definition wins over an allow list: "TLS
                    // (thread-local storage)" is what TLS means here.
                    explained_by: match c.explained {
                        Some(Explanation::AllowList) | None => here
                            .or_else(|| {
                                in_defined_compound(&c.key, &range).then_some(Explanation::Document)
                            })
                            .or(c.explained),
                        known => known,
                    },
                    range,
                    key: c.key.clone(),
                });
            }
        }
        Document {
            engine,
            source,
            pieces,
            occurrences,
            definitions,
            acronyms,
            defined,
            suppressions: Suppressions::new(&directives, source.len()),
            inline_allowed,
            lines: std::sync::OnceLock::new(),
        }
    }

    fn finish(mut self) -> Analysis {
        let mut findings = self.findings();
        findings.sort_by(|a, b| a.range.start.cmp(&b.range.start).then(a.rule.cmp(&b.rule)));
        Analysis {
            occurrences: std::mem::take(&mut self.occurrences),
            definitions: std::mem::take(&mut self.definitions),
            acronyms: std::mem::take(&mut self.acronyms),
            findings,
        }
    }

    fn glossary(&self) -> &Glossary {
        &self.engine.glossary
    }

    fn severity(&self, rule: Rule) -> Option<Severity> {
        self.engine.settings.severities.get(rule)
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.source))
    }

    fn suppressed(&self, rule: Rule, range: &Range<usize>) -> bool {
        !self.suppressions.is_empty() && self.suppressions.covers(rule, range.start, self.lines())
    }

    fn is_allowed(&self, name: &str) -> bool {
        self.engine.settings.is_allowed(name) || self.inline_allowed.contains(name)
    }

    /// Runs the rules: those over acronyms and those over glossary terms side by side.
    fn findings(&self) -> Vec<Finding> {
        let (mut out, mut terms) = rayon::join(
            || {
                let mut out = Vec::new();
                self.undefined_acronyms(&mut out);
                let late = self.used_before_definition(&mut out);
                self.unexpanded_first_uses(&late, &mut out);
                out
            },
            || {
                let mut out = Vec::new();
                self.term_status_and_case(&mut out);
                out
            },
        );
        out.append(&mut terms);
        out
    }

    fn undefined_acronyms(&self, out: &mut Vec<Finding>) {
        let Some(severity) = self.severity(Rule::UndefinedAcronym) else {
            return;
        };
        let mut groups: Vec<(&str, Vec<&AcronymUse>)> = Vec::new();
        let mut index: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
        for a in self.acronyms.iter().filter(|a| a.explained_by.is_none()) {
            if self.suppressed(Rule::UndefinedAcronym, &a.range) {
                continue;
            }
            let slot = *index.entry(&a.key).or_insert_with(|| {
                groups.push((&a.key, Vec::new()));
                groups.len() - 1
            });
            groups[slot].1.push(a);
        }
        for (key, uses) in groups {
            let first = uses[0];
            let others = uses.len() - 1;
            let more = match others {
                0 => String::new(),
                1 => " (used once more)".to_string(),
                n => format!(" (used {n} more times)"),
            };
            out.push(Finding {
                rule: Rule::UndefinedAcronym,
                severity,
                range: first.range.clone(),
                message: format!(
                    "`{key}` is not explained: expand it at first use, as \"Long Form ({key})\", add it to the glossary, or allow it{more}"
                ),
                term: key.to_string(),
                related: uses[1..]
                    .iter()
                    .take(20)
                    .map(|u| Related {
                        range: u.range.clone(),
                        message: format!("`{key}` is used here too"),
                    })
                    .collect(),
                fixes: Vec::new(),
            });
        }
    }

    /// Reports acronyms used before their inline definition; returns the keys reported.
    fn used_before_definition(&self, out: &mut Vec<Finding>) -> HashSet<String> {
        let mut reported = HashSet::new();
        let Some(severity) = self.severity(Rule::UsedBeforeDefinition) else {
            return reported;
        };
        // Each key's uses in document order, gathered in one pass: looking for a key's early
        // use reads only that key's uses (O(uses) in all, not uses × definitions).
        let mut uses_of: foldhash::HashMap<&str, Vec<usize>> = foldhash::HashMap::default();
        for (i, a) in self.acronyms.iter().enumerate() {
            if self.defined.contains_key(&*a.key) {
                uses_of.entry(&*a.key).or_default().push(i);
            }
        }
        for (key, defs) in &self.defined {
            if defs
                .iter()
                .any(|&d| !self.definitions[d].kind.is_positional())
            {
                continue;
            }
            // An acronym the allow lists or the glossary explain is never "used before its
            // definition": its early uses were explained already.
            if self.engine.explain_anywhere(key).is_some() || self.inline_allowed.contains(key) {
                continue;
            }
            let def = &self.definitions[defs[0]];
            let early = uses_of
                .get(key.as_str())
                .into_iter()
                .flatten()
                .map(|&i| &self.acronyms[i])
                .find(|a| {
                    a.range.start < def.short_range.start
                        && !self.suppressed(Rule::UsedBeforeDefinition, &a.range)
                });
            let Some(early) = early else {
                continue;
            };
            reported.insert(key.clone());
            let line = self.lines().line_of(def.short_range.start) + 1;
            let written = &self.source[early.range.clone()];
            out.push(Finding {
                rule: Rule::UsedBeforeDefinition,
                severity,
                range: early.range.clone(),
                message: format!(
                    "`{key}` is used before its definition on line {line}: define it here, at its first use"
                ),
                term: key.clone(),
                related: vec![Related {
                    range: def.short_range.clone(),
                    message: format!("`{key}` is defined here as \"{}\"", def.long),
                }],
                fixes: vec![Fix {
                    title: format!("Expand `{written}` here"),
                    range: early.range.clone(),
                    replacement: format!("{} ({written})", def.long),
                }],
            });
        }
        reported
    }

    fn unexpanded_first_uses(&self, late: &HashSet<String>, out: &mut Vec<Finding>) {
        let Some(severity) = self.severity(Rule::UnexpandedFirstUse) else {
            return;
        };
        // The document's first use of each entry is the first of the pieces' first uses.
        let mut seen = foldhash::HashSet::default();
        let firsts = self.pieces.iter().flat_map(|&(base, piece)| {
            piece.first_uses.iter().map(move |&at| {
                let o = &piece.occurrences[at];
                Occurrence {
                    range: shifted(&o.range, base),
                    ..o.clone()
                }
            })
        });
        for o in firsts {
            if !seen.insert(o.entry) {
                continue;
            }
            let entry = self.glossary().entry(o.entry);
            let written = &self.source[o.range.clone()];
            let key = base_form(&entry.term);
            if late.contains(key) || self.is_allowed(&entry.term) {
                continue;
            }
            let defined_before = self.defined.get(key).is_some_and(|defs| {
                defs.iter().any(|&d| {
                    let d = &self.definitions[d];
                    !d.kind.is_positional() || d.short_range.start <= o.range.end
                })
            });
            if defined_before || self.suppressed(Rule::UnexpandedFirstUse, &o.range) {
                continue;
            }
            let expansion = entry.expansion.as_deref().unwrap_or_default();
            let long = if o.plural {
                plural_of(expansion).unwrap_or_else(|| expansion.to_string())
            } else {
                expansion.to_string()
            };
            out.push(Finding {
                rule: Rule::UnexpandedFirstUse,
                severity,
                range: o.range.clone(),
                message: format!(
                    "first use of `{written}` is not expanded: write \"{long} ({written})\""
                ),
                term: entry.term.clone(),
                related: Vec::new(),
                fixes: vec![Fix {
                    title: "Expand first use".to_string(),
                    range: o.range.clone(),
                    replacement: format!("{long} ({written})"),
                }],
            });
        }
    }

    /// The pieces' findings about glossary terms, where no comment suppresses them.
    fn term_status_and_case(&self, out: &mut Vec<Finding>) {
        for &(base, piece) in self.pieces {
            for t in &piece.term_findings {
                let range = shifted(&piece.occurrences[t.occurrence].range, base);
                let kept = [&t.status, &t.case]
                    .into_iter()
                    .flatten()
                    .find(|f| !self.suppressed(f.rule, &range));
                if let Some(f) = kept {
                    out.push(shifted_finding(f, base));
                }
            }
        }
    }
}

fn status_finding(
    rule: Rule,
    severity: Severity,
    entry: &Entry,
    o: &Occurrence,
    written: &str,
) -> Finding {
    let verb = if rule == Rule::ForbiddenTerm {
        "forbidden"
    } else {
        "deprecated"
    };
    let (message, fixes) = match &entry.use_instead {
        Some(instead) => {
            let mut replacement = if o.plural {
                plural_of(instead).unwrap_or_else(|| instead.clone())
            } else {
                instead.clone()
            };
            if written.starts_with(char::is_uppercase)
                && replacement.starts_with(char::is_lowercase)
            {
                replacement = capitalize(&replacement);
            }
            (
                format!(
                    "`{}` is {verb}: use `{replacement}` instead",
                    one_line(written)
                ),
                vec![Fix {
                    title: format!("Replace with `{replacement}`"),
                    range: o.range.clone(),
                    replacement,
                }],
            )
        }
        None => (format!("`{}` is {verb}", one_line(written)), Vec::new()),
    };
    Finding {
        rule,
        severity,
        range: o.range.clone(),
        message,
        term: entry.term.clone(),
        related: Vec::new(),
        fixes,
    }
}

/// The name the glossary spells, in the form (plural or not) that was written.
fn correct_case(entry: &Entry, o: &Occurrence, written: &str) -> String {
    let key = fold(written);
    entry
        .names()
        .filter(|(_, kind)| *kind == o.kind)
        .map(|(name, _)| {
            if o.plural {
                plural_of(name).unwrap_or_else(|| name.to_string())
            } else {
                name.to_string()
            }
        })
        .find(|name| fold(name) == key)
        .unwrap_or_else(|| entry.term.clone())
}

/// A term as written, for a one-line message: a term wrapped over two lines ("master\nbranch")
/// reads as "master branch".
fn one_line(written: &str) -> std::borrow::Cow<'_, str> {
    if written.contains(['\n', '\r']) {
        written
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .into()
    } else {
        written.into()
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Where comments switch rules off. Asked once per finding: a document may hold thousands
/// of comments and of findings, so each question is a binary search, not a walk over
/// every comment.
#[derive(Default)]
struct Suppressions {
    /// For each rule (by its place in [`Rule::ALL`]), the source ranges between a
    /// `disable` comment and the `enable` that ends it, sorted and merged.
    ranges: Vec<Vec<Range<usize>>>,
    /// Where each `disable-next-line` comment ends, with the rules it names (empty for all).
    next_line: Vec<(usize, Vec<Rule>)>,
    /// The same by the line each silences (0-based), sorted: resolved when a finding asks.
    by_line: std::sync::OnceLock<Vec<(usize, Vec<Rule>)>>,
}

impl Suppressions {
    fn new(directives: &[Directive], source_len: usize) -> Suppressions {
        let mut s = Suppressions::default();
        let mut open: Vec<(usize, Vec<Rule>)> = Vec::new();
        let mut ranges: Vec<(Range<usize>, Vec<Rule>)> = Vec::new();
        // The rules a directive names; `None` when it names only unknown rules (a typo such
        // as `undefined-acronyms`), which must not widen to "every rule".
        let rules = |names: &[String]| -> Option<Vec<Rule>> {
            let known: Vec<Rule> = names.iter().filter_map(|n| n.parse().ok()).collect();
            (names.is_empty() || !known.is_empty()).then_some(known)
        };
        for d in directives {
            let Some(named) = rules(&d.names) else {
                continue;
            };
            match d.kind {
                DirectiveKind::DisableNextLine => s.next_line.push((d.source.end, named)),
                DirectiveKind::Disable => open.push((d.source.end, named)),
                DirectiveKind::Enable => {
                    let closing = named;
                    open.retain(|(start, disabled)| {
                        let closes = closing.is_empty()
                            || disabled.is_empty()
                            || disabled.iter().all(|r| closing.contains(r));
                        if closes {
                            ranges.push((*start..d.source.start, disabled.clone()));
                        }
                        !closes
                    });
                }
                DirectiveKind::Allow => {}
            }
        }
        ranges.extend(
            open.into_iter()
                .map(|(start, disabled)| (start..source_len, disabled)),
        );
        if !ranges.is_empty() {
            s.ranges = Rule::ALL
                .iter()
                .map(|rule| {
                    let mut covered: Vec<Range<usize>> = ranges
                        .iter()
                        .filter(|(range, rules)| {
                            !range.is_empty() && (rules.is_empty() || rules.contains(rule))
                        })
                        .map(|(range, _)| range.clone())
                        .collect();
                    covered.sort_unstable_by_key(|r| r.start);
                    let mut merged: Vec<Range<usize>> = Vec::with_capacity(covered.len());
                    for r in covered {
                        match merged.last_mut() {
                            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                            _ => merged.push(r),
                        }
                    }
                    merged
                })
                .collect();
        }
        s
    }

    fn is_empty(&self) -> bool {
        self.next_line.is_empty() && self.ranges.iter().all(Vec::is_empty)
    }

    fn covers(&self, rule: Rule, offset: usize, lines: &LineIndex) -> bool {
        let place = Rule::ALL.iter().position(|r| *r == rule);
        if let Some(covered) = place.and_then(|p| self.ranges.get(p)) {
            let i = covered.partition_point(|r| r.end <= offset);
            if covered.get(i).is_some_and(|r| r.start <= offset) {
                return true;
            }
        }
        if self.next_line.is_empty() {
            return false;
        }
        let by_line = self.by_line.get_or_init(|| {
            let mut by_line: Vec<(usize, Vec<Rule>)> = self
                .next_line
                .iter()
                .map(|(end, rules)| (lines.line_of(*end) + 1, rules.clone()))
                .collect();
            by_line.sort_by_key(|(line, _)| *line);
            by_line
        });
        let line = lines.line_of(offset);
        let first = by_line.partition_point(|(l, _)| *l < line);
        by_line[first..]
            .iter()
            .take_while(|(l, _)| *l == line)
            .any(|(_, rules)| rules.is_empty() || rules.contains(&rule))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{GlossaryBuilder, SourceFormat, parse_source};

    fn engine(toml: &str) -> Engine {
        let mut b = GlossaryBuilder::new();
        b.add(parse_source("g.toml", toml, SourceFormat::Toml));
        Engine::new(b.build(), Settings::default())
    }

    fn findings(engine: &Engine, text: &str) -> Vec<String> {
        engine
            .analyze(text, Markup::Markdown)
            .findings
            .into_iter()
            .map(|f| format!("{}:{}", f.rule, &text[f.range]))
            .collect()
    }

    const API: &str = "[[entries]]\nterm = \"API\"\nexpansion = \"Application Program Interface\"\n\n[[entries]]\nterm = \"whitelist\"\nstatus = \"deprecated\"\nuse_instead = \"allowlist\"\n";

    #[test]
    fn each_rule_fires_where_it_should() {
        let e = engine(API);
        let text = "The API is fast. The DLQ holds messages; the DLQ drains. RPO matters.\n\nThe Recovery Point Objective (RPO) is low. An Api and a Whitelist.\n";
        assert_eq!(
            findings(&e, text),
            vec![
                "unexpanded-first-use:API",
                "undefined-acronym:DLQ",
                "used-before-definition:RPO",
                "term-case:Api",
                "deprecated-term:Whitelist",
            ]
        );
    }

    #[test]
    fn expanded_first_use_is_fine() {
        let e = engine(API);
        assert_eq!(
            findings(&e, "An Application Program Interface (API) and the API."),
            Vec::<String>::new()
        );
        assert_eq!(
            findings(&e, "The API (Application Program Interface) and the API."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn suppression_comments() {
        let e = engine(API);
        let text = "<!-- glossary-ls-disable-next-line undefined-acronym -->\nThe QXZ.\n\n<!-- glossary-ls: allow ZZT -->\nThe ZZT.\n\n<!-- glossary-ls-disable -->\nThe KKR.\n<!-- glossary-ls-enable -->\n\nThe MMQ.\n";
        assert_eq!(findings(&e, text), vec!["undefined-acronym:MMQ"]);
    }

    #[test]
    fn messages_about_a_term_wrapped_over_two_lines_are_one_line() {
        let e = engine("[[entries]]\nterm = \"master branch\"\nstatus = \"forbidden\"\n");
        let a = e.analyze("Merge into the master\r\nbranch.", Markup::Markdown);
        assert_eq!(a.findings[0].message, "`master branch` is forbidden");
    }

    #[test]
    fn suppression_naming_only_unknown_rules_silences_nothing() {
        let e = engine(API);
        let text = "<!-- glossary-ls-disable-next-line undefined-acronyms -->\nThe QXZ.\n\n<!-- glossary-ls-disable undefined-acronym -->\nThe KKR.\n<!-- glossary-ls-enable undefined-acronmy -->\n\nThe MMQ.\n";
        // A typo is no rule: it neither silences every rule nor closes the disabled range.
        assert_eq!(findings(&e, text), vec!["undefined-acronym:QXZ"]);
    }

    /// The rules as the comments first applied them, walking every comment for each
    /// finding: what the indexed [`Suppressions`] must answer.
    fn covered_by_walking(
        directives: &[Directive],
        len: usize,
        rule: Rule,
        offset: usize,
        lines: &LineIndex,
    ) -> bool {
        let rules = |names: &[String]| -> Option<Vec<Rule>> {
            let known: Vec<Rule> = names.iter().filter_map(|n| n.parse().ok()).collect();
            (names.is_empty() || !known.is_empty()).then_some(known)
        };
        let applies = |rules: &Vec<Rule>| rules.is_empty() || rules.contains(&rule);
        let mut open: Vec<(usize, Vec<Rule>)> = Vec::new();
        let mut ranges = Vec::new();
        for d in directives {
            let Some(named) = rules(&d.names) else {
                continue;
            };
            match d.kind {
                DirectiveKind::DisableNextLine => {
                    if lines.line_of(d.source.end) + 1 == lines.line_of(offset) && applies(&named) {
                        return true;
                    }
                }
                DirectiveKind::Disable => open.push((d.source.end, named)),
                DirectiveKind::Enable => open.retain(|(start, disabled)| {
                    let closes = named.is_empty()
                        || disabled.is_empty()
                        || disabled.iter().all(|r| named.contains(r));
                    if closes {
                        ranges.push((*start..d.source.start, disabled.clone()));
                    }
                    !closes
                }),
                DirectiveKind::Allow => {}
            }
        }
        ranges.extend(open.into_iter().map(|(start, d)| (start..len, d)));
        ranges
            .iter()
            .any(|(range, rules)| range.contains(&offset) && applies(rules))
    }

    proptest::proptest! {
        /// Thousands of comments are looked up, not walked: the same answers either way,
        /// for comments naming rules, every rule or only unknown ones, nested and unclosed.
        #[test]
        fn indexed_suppressions_answer_as_walking_every_comment(
            comments in proptest::collection::vec((0usize..4, 0usize..8, 0usize..4), 0..40),
            questions in proptest::collection::vec((0usize..Rule::ALL.len(), 0usize..400), 1..40),
        ) {
            let text = "a line of text\n".repeat(25);
            let lines = LineIndex::new(&text);
            let names = |n: usize| -> Vec<String> {
                match n {
                    0 => Vec::new(),
                    1 => vec!["undefined-acronym".into()],
                    2 => vec!["term-case".into(), "forbidden-term".into()],
                    _ => vec!["no-such-rule".into()],
                }
            };
            let directives: Vec<Directive> = comments
                .iter()
                .enumerate()
                .map(|(i, &(kind, length, n))| {
                    let start = i * 9 % text.len();
                    Directive {
                        kind: [
                            DirectiveKind::DisableNextLine,
                            DirectiveKind::Disable,
                            DirectiveKind::Enable,
                            DirectiveKind::Allow,
                        ][kind],
                        names: names(n),
                        source: start..(start + length).min(text.len()),
                    }
                })
                .collect();
            let indexed = Suppressions::new(&directives, text.len());
            for (rule, offset) in questions {
                let rule = Rule::ALL[rule];
                let offset = offset.min(text.len());
                proptest::prop_assert_eq!(
                    indexed.covers(rule, offset, &lines),
                    covered_by_walking(&directives, text.len(), rule, offset, &lines),
                    "{:?} at {}", rule, offset
                );
            }
        }
    }

    #[test]
    fn pieces_analyse_exactly_like_the_whole() {
        let e = Engine::new(Glossary::builtin(), Settings::default());
        let spec = include_str!("../examples/spec.md");
        let body = spec.split_once("\n---\n").map_or(spec, |(_, rest)| rest);
        let text = format!("{spec}\n{body}\n{body}\n*[ZZQ]: Zeta Zulu Quebec\n");
        let whole = e.analyze_in_pieces(&text, Markup::Markdown, usize::MAX);
        let pieces = e.analyze_in_pieces(&text, Markup::Markdown, 1);
        assert!(crate::markup::chunk_ranges(&text, Markup::Markdown, 1).len() > 50);
        assert_eq!(whole.findings, pieces.findings);
        assert_eq!(whole.occurrences, pieces.occurrences);
        assert_eq!(whole.definitions, pieces.definitions);
        assert_eq!(whole.acronyms, pieces.acronyms);
        assert!(!whole.findings.is_empty() && !whole.definitions.is_empty());
    }

    #[test]
    fn incremental_analysis_matches_a_fresh_one() {
        let e = Engine::new(Glossary::builtin(), Settings::default());
        let spec = include_str!("../examples/spec.md");
        let body = spec.split_once("\n---\n").map_or(spec, |(_, rest)| rest);
        let mut text = format!("{spec}\n{}", body.repeat(12));
        let mut cache = PieceCache::default();
        let middle = text.len() / 2;
        let middle = text[..middle].rfind("\n\n").unwrap() + 2;
        type Edit = Box<dyn Fn(&mut String)>;
        let edits: Vec<Edit> = vec![
            Box::new(|_| {}),
            Box::new(move |t| t.insert_str(middle, "The QQZ here.\n\n")),
            // A definitions section opens: later pieces start in another state.
            Box::new(move |t| t.insert_str(middle, "## Glossary\n\n- ZZQ: zeta\n\nThe ZZQ.\n\n")),
            Box::new(|t| *t = t.replacen("DLQ", "DLX", 1)),
            Box::new(move |t| t.replace_range(middle..middle + 30, "")),
            Box::new(|t| t.push_str("\n*[DLX]: dead letter exchange\n")),
        ];
        for edit in edits {
            edit(&mut text);
            let incremental = e.analyze_incremental(&text, Markup::Markdown, &mut cache);
            let fresh = e.analyze_in_pieces(&text, Markup::Markdown, usize::MAX);
            assert_eq!(incremental.findings, fresh.findings);
            assert_eq!(incremental.occurrences, fresh.occurrences);
            assert_eq!(incremental.definitions, fresh.definitions);
            assert_eq!(incremental.acronyms, fresh.acronyms);
        }
    }

    /// Snippets an edit inserts: ordinary typing, and text that changes what later pieces
    /// mean (definitions, a definitions section, suppression comments, a code fence).
    const SNIPPETS: &[&str] = &[
        "x",
        " ",
        "\n\n",
        "The QQZ here.",
        "DLQ",
        "Dead Letter Queue (DLQ)",
        "\n\n## Glossary\n\n- ZZQ: zeta\n\nThe ZZQ.\n\n",
        "\n\n## Notes\n\n",
        "\n\n<!-- glossary-ls-disable undefined-acronym -->\n\n",
        "\n\n<!-- glossary-ls-enable -->\n\n",
        "\n\n<!-- glossary-ls: allow HMAC -->\n\n",
        "\n\n```\n",
        "*[RPO]: recovery point objective\n",
        "`DLQ`",
        "Api",
        "whitelist",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 10, .. proptest::prelude::ProptestConfig::default() })]

        /// Edits anywhere in a document of many editor pieces, one after the other with one
        /// cache: each incremental analysis equals a fresh analysis of the whole text.
        #[test]
        fn edits_anywhere_in_a_large_document_analyse_like_a_fresh_one(
            edits in proptest::collection::vec(
                (0.0f64..1.0, 0usize..200, 0..SNIPPETS.len()), 1..6)
        ) {
            let e = Engine::new(Glossary::builtin(), Settings::default());
            let spec = include_str!("../examples/spec.md");
            let body = spec.split_once("\n---\n").map_or(spec, |(_, rest)| rest);
            let mut text = format!("{spec}\n{}", body.repeat(24));
            let mut cache = PieceCache::default();
            e.analyze_incremental(&text, Markup::Markdown, &mut cache);
            for (at, delete, snippet) in edits {
                crate::text::edit_at(&mut text, at, delete, SNIPPETS[snippet]);
                let incremental = e.analyze_incremental(&text, Markup::Markdown, &mut cache);
                let fresh = e.analyze_in_pieces(&text, Markup::Markdown, usize::MAX);
                proptest::prop_assert_eq!(&incremental.findings, &fresh.findings);
                proptest::prop_assert_eq!(&incremental.occurrences, &fresh.occurrences);
                proptest::prop_assert_eq!(&incremental.definitions, &fresh.definitions);
                proptest::prop_assert_eq!(&incremental.acronyms, &fresh.acronyms);
            }
        }
    }

    /// Snippets an edit inserts in MDX, LaTeX, reST and AsciiDoc: what opens or closes the
    /// constructs a piece must not cut, besides ordinary typing.
    const MARKUP_SNIPPETS: &[&str] = &[
        "x",
        "\n\n",
        "The QQZ here.",
        "Dead Letter Queue (DLQ)",
        "{",
        "}",
        "<Note>\n",
        "</Note>\n",
        "```\n",
        "\\begin{itemize}\n",
        "\\end{itemize}\n",
        "$",
        "%",
        "\\verb|{|",
        "::\n",
        "====\n",
        "----\n",
        "|===\n",
        ".. code::\n",
        "   indented\n",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 10, .. proptest::prelude::ProptestConfig::default() })]

        /// The same for the other markups.
        #[test]
        fn edits_in_large_documents_of_every_markup_analyse_like_a_fresh_one(
            markup in 0..4usize,
            edits in proptest::collection::vec(
                (0.0f64..1.0, 0usize..200, 0..MARKUP_SNIPPETS.len()), 1..6)
        ) {
            let e = Engine::new(Glossary::builtin(), Settings::default());
            let (markup, mut text) = match markup {
                0 => {
                    let doc = include_str!("../eval/sets/latex-specs/docs/proxy-key-sols.tex");
                    let body = doc
                        .split_once("\\begin{document}")
                        .and_then(|(_, rest)| rest.split_once("\\end{document}"))
                        .map_or(doc, |(body, _)| body);
                    (Markup::Latex, body.repeat(12))
                }
                1 => {
                    let doc = include_str!("../eval/speed/mdx/getting-started.mdx");
                    (Markup::Mdx, doc.repeat(8))
                }
                2 => {
                    let doc = include_str!("../eval/sets/rst-specs/docs/core-metadata.rst");
                    (Markup::Restructuredtext, doc.repeat(3))
                }
                _ => {
                    let doc = include_str!("../eval/sets/asciidoc-specs/docs/identityStore.adoc");
                    (Markup::Asciidoc, doc.repeat(4))
                }
            };
            let mut cache = PieceCache::default();
            e.analyze_incremental(&text, markup, &mut cache);
            for (at, delete, snippet) in edits {
                crate::text::edit_at(&mut text, at, delete, MARKUP_SNIPPETS[snippet]);
                let incremental = e.analyze_incremental(&text, markup, &mut cache);
                let fresh = e.analyze_in_pieces(&text, markup, usize::MAX);
                proptest::prop_assert_eq!(&incremental.findings, &fresh.findings);
                proptest::prop_assert_eq!(&incremental.occurrences, &fresh.occurrences);
                proptest::prop_assert_eq!(&incremental.definitions, &fresh.definitions);
                proptest::prop_assert_eq!(&incremental.acronyms, &fresh.acronyms);
            }
        }
    }

    #[test]
    fn a_cache_never_serves_pieces_of_an_engine_that_is_gone() {
        // An engine rebuilt after a glossary change is likely to land where the old one
        // was; the cache must still tell them apart.
        let text = "The DLQ holds messages.\n";
        let mut cache = PieceCache::default();
        for round in 0..20 {
            let toml = if round % 2 == 0 {
                API.to_string()
            } else {
                format!("{API}\n[[entries]]\nterm = \"DLQ\"\nexpansion = \"Dead Letter Queue\"\n")
            };
            let e = Box::new(engine(&toml));
            let rules: Vec<Rule> = e
                .analyze_incremental(text, Markup::Markdown, &mut cache)
                .findings
                .iter()
                .map(|f| f.rule)
                .collect();
            let expected = if round % 2 == 0 {
                Rule::UndefinedAcronym
            } else {
                Rule::UnexpandedFirstUse
            };
            assert_eq!(rules, vec![expected], "round {round}");
        }
    }

    #[test]
    fn fixes_carry_replacements() {
        let e = engine(API);
        let a = e.analyze("Use the APIs and the whitelist.", Markup::Markdown);
        let fixes: Vec<String> = a
            .findings
            .iter()
            .flat_map(|f| f.fixes.iter().map(|x| x.replacement.clone()))
            .collect();
        assert_eq!(
            fixes,
            vec!["Application Program Interfaces (APIs)", "allowlist"]
        );
    }
}

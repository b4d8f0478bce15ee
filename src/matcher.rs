//! Finding glossary terms in text with one Aho-Corasick automaton.
//!
//! Every name of every entry (term, aliases, expansion) and its plural is a pattern. Both
//! patterns and text are *folded* the same way before the search: word characters ASCII
//! lower-cased, everything else a space, a space at each end. So the automaton only ever
//! matches whole words (" api " cannot match inside "rapid"), case folding costs one pass
//! over the text instead of a 4–5 times slower automaton build, and offsets stay put. Each
//! match is then checked against the original text: the same punctuation, the case an
//! acronym demands. When the longest candidate
//! fails a check ("Scrum Master" in "Scrum Masterclass"), shorter patterns at the same
//! place are tried with anchored searches, so "Scrum" is still found.

use std::collections::HashSet;

use rayon::prelude::*;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use crate::glossary::{CaseRule, EntryId, FormKind, Glossary};
use crate::text::{char_at, find_non_ascii, is_word_char};
use crate::wordlists::is_common_word;

/// One pattern: which entry and name it stands for.
#[derive(Clone, Debug)]
struct Pattern {
    entry: EntryId,
    kind: FormKind,
    /// The name as the glossary writes it, in its plural form when `plural`.
    text: String,
    case: CaseRule,
    plural: bool,
    /// The name is one word (no space, hyphen or other separator inside): text that folds
    /// like it can differ from it in ASCII case only.
    one_word: bool,
    /// The name, in any case, is a common English word ("it" for IT).
    common_word: bool,
}

/// A glossary term found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub entry: EntryId,
    pub kind: FormKind,
    pub range: Range<usize>,
    pub plural: bool,
    /// Written in another case than an exact-case name demands ("Api" for API).
    pub miscased: bool,
}

/// The compiled form of a glossary, built once and shared.
#[derive(Clone, Debug)]
pub struct Matcher {
    /// One automaton, or (for large glossaries) one per part of the patterns, built in
    /// parallel. Patterns are split by their first character, so all names that can match
    /// at one place are in one automaton and leftmost-longest stays exact.
    parts: Vec<Part>,
    patterns: Vec<Pattern>,
}

#[derive(Clone, Debug)]
struct Part {
    automaton: AhoCorasick,
    /// The index in `Matcher::patterns` of each of the automaton's patterns.
    ids: Vec<u32>,
}

/// Above this many patterns the automata are built in parallel, one per core.
const PARALLEL_BUILD: usize = 20_000;

impl Matcher {
    /// Compiles every name of every entry of `glossary`.
    pub fn new(glossary: &Glossary) -> Matcher {
        Matcher::with_parts(glossary, None)
    }

    /// `parts`: how many automata to split into (`None`: one per core for large glossaries).
    fn with_parts(glossary: &Glossary, parts: Option<usize>) -> Matcher {
        // Every entry's patterns, made side by side (folding and word lists are most of
        // the cost for a large glossary) ...
        let made: Vec<Vec<(Vec<u8>, Pattern)>> = glossary
            .entries()
            .par_iter()
            .enumerate()
            .map(|(id, entry)| entry_patterns(id, entry))
            .collect();
        // ... then the first pattern for each folded form kept, in glossary order.
        let mut seen: HashSet<&[u8]> = HashSet::new();
        let keep: Vec<bool> = made
            .iter()
            .flatten()
            .map(|(key, _)| !key.iter().all(|&b| b == b' ') && seen.insert(key.as_slice()))
            .collect();
        drop(seen);
        let (folded, patterns): (Vec<Vec<u8>>, Vec<Pattern>) = made
            .into_iter()
            .flatten()
            .zip(keep)
            .filter_map(|(made, keep)| keep.then_some(made))
            .unzip();
        let part_count = parts.unwrap_or(if patterns.len() > PARALLEL_BUILD {
            rayon::current_num_threads().clamp(1, 8)
        } else {
            1
        });
        let mut groups: Vec<Vec<u32>> = vec![Vec::new(); part_count];
        for (i, key) in folded.iter().enumerate() {
            // key[0] is the leading space; key[1] the name's first byte.
            let first = key.get(1).copied().unwrap_or(0) as usize;
            groups[first % part_count].push(i as u32);
        }
        let parts = groups
            .into_par_iter()
            .filter(|ids| !ids.is_empty())
            .map(|ids| Part {
                automaton: AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Both)
                    // Every pattern starts with a space, so a start-byte prefilter would
                    // stop at every word: worse than none.
                    .prefilter(false)
                    .kind(choose_kind(ids.len()))
                    .build(ids.iter().map(|&i| &folded[i as usize]))
                    .expect("patterns of a glossary always compile"),
                ids,
            })
            .collect();
        Matcher { parts, patterns }
    }

    /// How many patterns the glossary compiled into.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// The bare automata (over folded patterns), for benchmarks that compare the full
    /// analysis with a raw Aho-Corasick search.
    pub fn automata(&self) -> impl Iterator<Item = &AhoCorasick> {
        self.parts.iter().map(|p| &p.automaton)
    }

    /// `text` as the automata search it: case-folded, every non-word character a space,
    /// with a space added at each end (for benchmarks that run the automata bare).
    pub fn fold_text(text: &str) -> Vec<u8> {
        fold(text)
    }

    /// Every glossary term in `text`, in order, none overlapping.
    pub fn find_all(&self, text: &str) -> Vec<Occurrence> {
        let mut out = Vec::new();
        // Offsets in `folded` are one more than in `text` (the leading space).
        let folded = fold(text);
        if let [part] = self.parts.as_slice() {
            let mut pos = 0;
            while let Some((occurrence, next)) = self.next_in(part, text, &folded, pos) {
                out.push(occurrence);
                pos = next;
            }
            return out;
        }
        // Several automata: take the leftmost (then longest) of their next occurrences;
        // an automaton's next occurrence stays valid while it starts at or after `pos`.
        let mut next: Vec<Option<(Occurrence, usize)>> = vec![None; self.parts.len()];
        let mut done = vec![false; self.parts.len()];
        let mut pos = 0;
        loop {
            for (k, part) in self.parts.iter().enumerate() {
                let stale = next[k].as_ref().is_none_or(|(o, _)| o.range.start < pos);
                if stale && !done[k] {
                    next[k] = self.next_in(part, text, &folded, pos);
                    done[k] = next[k].is_none();
                }
            }
            let best = next
                .iter()
                .enumerate()
                .filter_map(|(k, n)| n.as_ref().map(|(o, _)| (k, o.range.start, o.range.end)))
                .min_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)));
            let Some((k, _, _)) = best else {
                return out;
            };
            let (occurrence, after) = next[k].take().expect("chosen above");
            pos = after;
            out.push(occurrence);
        }
    }

    /// The first accepted occurrence at or after folded offset `pos` in one automaton, with
    /// where to search next.
    fn next_in(
        &self,
        part: &Part,
        text: &str,
        folded: &[u8],
        mut pos: usize,
    ) -> Option<(Occurrence, usize)> {
        let ac = &part.automaton;
        while pos < folded.len() {
            let found = ac.find(Input::new(folded).range(pos..))?;
            let start = found.start();
            let mut candidate = Some(found);
            while let Some(m) = candidate {
                // The match covers " word ": the word is start..end-2 in `text`.
                let range = m.start()..m.end() - 2;
                let pattern = part.ids[m.pattern().as_usize()] as usize;
                if let Some(occurrence) = self.accept(text, range, pattern) {
                    // The trailing space may lead the next word's match.
                    return Some((occurrence, m.end() - 1));
                }
                // A shorter name at the same place may still be right ("It" is no IT, but
                // "It" may start another term).
                candidate = ac.find(
                    Input::new(folded)
                        .range(start..m.end() - 1)
                        .anchored(Anchored::Yes),
                );
            }
            pos = start + 1;
        }
        None
    }

    fn accept(&self, text: &str, range: Range<usize>, pattern: usize) -> Option<Occurrence> {
        let p = &self.patterns[pattern];
        let written = text.get(range.clone())?;
        if !word_ends_at(text, range.end) {
            return None;
        }
        // The automaton saw both folded alike: a one-word name can only differ in case,
        // which matters only to a name whose case is fixed.
        let case = if (p.one_word && p.case == CaseRule::Insensitive) || written == p.text {
            Case::Same
        } else if p.one_word {
            Case::Different
        } else {
            compare(written, &p.text)?
        };
        let miscased = match (case, p.case) {
            (_, CaseRule::Insensitive) | (Case::Same, CaseRule::Sensitive) => false,
            (Case::Different, CaseRule::Sensitive) => {
                // "It" is no misspelling of IT; "Api" is one of API.
                let common = if p.one_word {
                    p.common_word
                } else {
                    is_common_word(written)
                };
                if common {
                    return None;
                }
                true
            }
        };
        Some(Occurrence {
            entry: p.entry,
            kind: p.kind,
            range,
            plural: p.plural,
            miscased,
        })
    }
}

/// The patterns of one entry with their folded forms: each name and its plural, and for
/// a case-insensitive non-ASCII name its lower-case, upper-case and capitalised spellings.
fn entry_patterns(id: EntryId, entry: &crate::glossary::Entry) -> Vec<(Vec<u8>, Pattern)> {
    let mut out = Vec::new();
    for (name, kind) in entry.names() {
        let case = entry.case_for(name, kind);
        for (text, plural) in [(name.to_string(), false)]
            .into_iter()
            .chain(plural_of(name).map(|p| (p, true)))
        {
            let mut variants = vec![text.clone()];
            if !text.is_ascii() && case == CaseRule::Insensitive {
                // ASCII case folding misses "Übergabe" / "übergabe".
                variants.push(text.to_lowercase());
                variants.push(text.to_uppercase());
                variants.push(capitalized(&text.to_lowercase()));
            }
            for variant in variants {
                let key = fold(&variant);
                out.push((
                    key,
                    Pattern {
                        entry: id,
                        kind,
                        one_word: variant.chars().all(is_word_char),
                        // A plural that spells a word ("GAs", "ADs": gas, ads) is
                        // the word when written in another case.
                        common_word: is_common_word(&variant)
                            || (plural && crate::wordlists::is_english_word(&variant)),
                        text: variant,
                        case,
                        plural,
                    },
                ));
            }
        }
    }
    out
}

/// How the case of a written name compares with the glossary's.
enum Case {
    Same,
    Different,
}

/// Compares a written name with a pattern character by character: word characters equal
/// (up to ASCII case), separators equal, except that a space and a hyphen stand for each
/// other ("product-market fit" / "product market fit").
fn compare(written: &str, pattern: &str) -> Option<Case> {
    let mut case = Case::Same;
    let mut w = written.chars();
    let mut p = pattern.chars();
    loop {
        match (w.next(), p.next()) {
            (None, None) => return Some(case),
            (Some(a), Some(b)) if a == b => {}
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(&b) => case = Case::Different,
            (Some(a), Some(b)) if is_blank_or_hyphen(a) && is_blank_or_hyphen(b) => {}
            _ => return None,
        }
    }
}

fn is_blank_or_hyphen(c: char) -> bool {
    matches!(c, ' ' | '-' | '\u{a0}' | '\u{2010}' | '\u{2011}')
}

/// The text as the automaton sees it: a space, then every word character ASCII-lower-cased
/// and every other character a space (one per byte), then a space. Offsets shift by
/// exactly one.
fn fold(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() + 2);
    out.push(b' ');
    // One branch-free pass (vector instructions) folds ASCII and keeps every other byte ...
    out.extend(bytes.iter().map(|&b| fold_byte(b)));
    out.push(b' ');
    // ... then the few non-ASCII characters that are no word characters become spaces.
    let mut i = 0;
    while let Some(at) = find_non_ascii(bytes, i) {
        let c = char_at(text, at).unwrap_or(' ');
        let width = c.len_utf8();
        if !is_word_char(c) {
            out[1 + at..1 + at + width].fill(b' ');
        }
        i = at + width;
    }
    out
}

/// ASCII letters to lower case, digits, `_` and non-ASCII bytes kept, everything else a
/// space. Branch-free, so that it runs with vector instructions.
#[inline]
fn fold_byte(b: u8) -> u8 {
    let upper = b.wrapping_sub(b'A') < 26;
    let lower = b.wrapping_sub(b'a') < 26;
    let digit = b.wrapping_sub(b'0') < 10;
    let keep = upper | lower | digit | (b == b'_') | (b >= 0x80);
    if keep { b | ((upper as u8) << 5) } else { b' ' }
}

/// A word ends at `offset` when the next character is no word character; a possessive
/// `'s` / `’s` still ends it ("API's").
fn word_ends_at(text: &str, offset: usize) -> bool {
    // Most words end at a space or ASCII punctuation.
    if let Some(&b) = text.as_bytes().get(offset)
        && b < 0x80
        && b != b'\''
    {
        return !(b.is_ascii_alphanumeric() || b == b'_');
    }
    match char_at(text, offset) {
        None => true,
        Some(c) if !is_word_char(c) => {
            if c == '\'' || c == '’' {
                let rest = &text[offset + c.len_utf8()..];
                if let Some(after) = rest.strip_prefix('s') {
                    return !after.chars().next().is_some_and(is_word_char);
                }
            }
            true
        }
        Some(_) => false,
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Small glossaries get a DFA (fastest search); large ones a contiguous NFA, which compiles
/// quickly and stays small with 100k terms.
fn choose_kind(patterns: usize) -> Option<AhoCorasickKind> {
    if patterns <= 2_000 {
        Some(AhoCorasickKind::DFA)
    } else {
        Some(AhoCorasickKind::ContiguousNFA)
    }
}

/// The plural of a name: API → APIs, user story → user stories, process → processes.
/// Names that already end in "s" and names ending in a digit or symbol get none.
pub fn plural_of(name: &str) -> Option<String> {
    let last = name.chars().next_back()?;
    if !last.is_alphabetic() {
        return None;
    }
    if crate::acronym::is_acronym_shaped(name) {
        return (last.is_uppercase() && last != 'S').then(|| format!("{name}s"));
    }
    let lower = name.to_lowercase();
    if lower.ends_with('s') {
        return None;
    }
    if lower.ends_with("sh")
        || lower.ends_with("ch")
        || lower.ends_with('x')
        || lower.ends_with('z')
    {
        return Some(format!("{name}es"));
    }
    if let Some(stem) = name.strip_suffix('y') {
        let before = stem.chars().next_back();
        if before.is_some_and(|c| !"aeiouAEIOU".contains(c)) {
            return Some(format!("{stem}ies"));
        }
    }
    Some(format!("{name}s"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{GlossaryBuilder, SourceFormat, parse_source};

    fn glossary(toml: &str) -> Glossary {
        let mut b = GlossaryBuilder::new();
        b.add(parse_source("g.toml", toml, SourceFormat::Toml));
        b.build()
    }

    fn found(g: &Glossary, text: &str) -> Vec<String> {
        Matcher::new(g)
            .find_all(text)
            .into_iter()
            .map(|o| {
                let mark = if o.miscased { "!" } else { "" };
                format!("{}{mark}", &text[o.range])
            })
            .collect()
    }

    #[test]
    fn shorter_term_survives_a_failed_longer_one() {
        let g = glossary("[[entries]]\nterm = \"Scrum\"\n[[entries]]\nterm = \"Scrum Master\"\n");
        assert_eq!(found(&g, "The Scrum Masterclass"), vec!["Scrum"]);
        assert_eq!(
            found(&g, "A Scrum Master, a scrum."),
            vec!["Scrum Master", "scrum"]
        );
    }

    #[test]
    fn acronyms_are_exact_phrases_are_not() {
        let g = glossary(
            "[[entries]]\nterm = \"API\"\n[[entries]]\nterm = \"user story\"\n[[entries]]\nterm = \"IT\"\n",
        );
        assert_eq!(
            found(&g, "APIs and API's, User Stories, an Api; it is IT. Rapid"),
            vec!["APIs", "API", "User Stories", "Api!", "IT"]
        );
    }

    #[test]
    fn a_plural_that_spells_a_word_is_the_word_in_another_case() {
        // Once a term-case hint: "gas should be written GAs" in the Ethereum yellow paper.
        let g = glossary("[[entries]]\nterm = \"GA\"\n[[entries]]\nterm = \"PR\"\n");
        assert_eq!(
            found(&g, "Gas and gas cost; two GAs; PRs and prs."),
            vec!["GAs", "PRs", "prs!"]
        );
    }

    #[test]
    fn punctuation_must_agree_but_hyphens_and_spaces_are_alike() {
        let g = glossary(
            "[[entries]]\nterm = \"C++\"\n[[entries]]\nterm = \"product-market fit\"\n[[entries]]\nterm = \"A/B test\"\n",
        );
        assert_eq!(
            found(
                &g,
                "C++ and C-- differ; product market fit; an A/B test, not an A-B test."
            ),
            vec!["C++", "product market fit", "A/B test"]
        );
    }

    #[test]
    fn adjacent_terms_are_all_found() {
        let g = glossary("[[entries]]\nterm = \"API\"\n[[entries]]\nterm = \"SDK\"\n");
        assert_eq!(
            found(&g, "API SDK API,SDK"),
            vec!["API", "SDK", "API", "SDK"]
        );
    }

    #[test]
    fn split_automata_find_exactly_what_one_finds() {
        let g = glossary(
            "[[entries]]\nterm = \"Scrum\"\n[[entries]]\nterm = \"Scrum Master\"\n[[entries]]\nterm = \"master plan\"\n[[entries]]\nterm = \"plan\"\n[[entries]]\nterm = \"API\"\n[[entries]]\nterm = \"IT\"\n[[entries]]\nterm = \"product-market fit\"\n[[entries]]\nterm = \"market\"\n",
        );
        let text = "A Scrum Master plan; the Scrum Masterclass plan. It is IT: APIs, api, product market fit, market plan.";
        let one = Matcher::with_parts(&g, Some(1)).find_all(text);
        for parts in 2..=5 {
            assert_eq!(
                Matcher::with_parts(&g, Some(parts)).find_all(text),
                one,
                "{parts} parts"
            );
        }
        assert!(one.len() > 8);
    }

    #[test]
    fn folding_keeps_word_characters_only() {
        for b in 0u8..128 {
            let c = b as char;
            let expected = if c.is_ascii_alphanumeric() || c == '_' {
                c.to_ascii_lowercase() as u8
            } else {
                b' '
            };
            assert_eq!(fold_byte(b), expected, "{b}");
        }
        // Non-ASCII word characters are kept byte for byte, others are blanked byte for byte.
        let text = "Übergabe\u{FFFC}x—é";
        let mut expected = vec![b' '];
        expected.extend_from_slice("Übergabe".as_bytes());
        expected.extend_from_slice(b"   x   ");
        expected.extend_from_slice("é".as_bytes());
        expected.push(b' ');
        assert_eq!(fold(text), expected);
    }

    #[test]
    fn non_ascii_terms() {
        let g = glossary("[[entries]]\nterm = \"Übergabe\"\n[[entries]]\nterm = \"café\"\n");
        assert_eq!(
            found(&g, "Die übergabe, ÜBERGABE? Café cafés cafe\u{301} caféx"),
            vec!["übergabe", "ÜBERGABE", "Café", "cafés"]
        );
    }

    #[test]
    fn plurals() {
        assert_eq!(plural_of("API").as_deref(), Some("APIs"));
        assert_eq!(plural_of("user story").as_deref(), Some("user stories"));
        assert_eq!(plural_of("process").as_deref(), None);
        assert_eq!(plural_of("key").as_deref(), Some("keys"));
        assert_eq!(plural_of("batch").as_deref(), Some("batches"));
        assert_eq!(plural_of("SaaS"), None);
    }
}

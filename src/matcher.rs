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

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use crate::glossary::{CaseRule, EntryId, FormKind, Glossary};
use crate::text::{char_at, is_word_char};
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
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

impl Matcher {
    /// Compiles every name of every entry of `glossary`.
    pub fn new(glossary: &Glossary) -> Matcher {
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut seen: HashMap<Vec<u8>, usize> = HashMap::new();
        for (id, entry) in glossary.entries().iter().enumerate() {
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
                        if key.iter().all(|&b| b == b' ') || seen.contains_key(&key) {
                            continue;
                        }
                        seen.insert(key, patterns.len());
                        patterns.push(Pattern {
                            entry: id,
                            kind,
                            text: variant,
                            case,
                            plural,
                        });
                    }
                }
            }
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Both)
                    .kind(choose_kind(patterns.len()))
                    .build(patterns.iter().map(|p| fold(&p.text)))
                    .expect("patterns of a glossary always compile"),
            )
        };
        Matcher {
            automaton,
            patterns,
        }
    }

    /// How many patterns the glossary compiled into.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// The bare automaton (over folded patterns), for benchmarks that compare the full
    /// analysis with a raw Aho-Corasick search.
    pub fn automaton(&self) -> Option<&AhoCorasick> {
        self.automaton.as_ref()
    }

    /// Every glossary term in `text`, in order, none overlapping.
    pub fn find_all(&self, text: &str) -> Vec<Occurrence> {
        let mut out = Vec::new();
        let Some(ac) = &self.automaton else {
            return out;
        };
        // Offsets in `folded` are one more than in `text` (the leading space).
        let folded = fold(text);
        let mut pos = 0;
        while pos < folded.len() {
            let Some(found) = ac.find(Input::new(&folded).range(pos..)) else {
                break;
            };
            let start = found.start();
            let mut candidate = Some(found);
            let mut accepted = None;
            while let Some(m) = candidate {
                // The match covers " word ": the word is start..end-2 in `text`.
                let range = m.start()..m.end() - 2;
                if let Some(occurrence) = self.accept(text, range, m.pattern().as_usize()) {
                    accepted = Some((occurrence, m.end() - 1));
                    break;
                }
                // A shorter name at the same place may still be right ("It" is no IT, but
                // "It" may start another term).
                candidate = ac.find(
                    Input::new(&folded)
                        .range(start..m.end() - 1)
                        .anchored(Anchored::Yes),
                );
            }
            match accepted {
                Some((occurrence, next)) => {
                    out.push(occurrence);
                    // The trailing space may lead the next word's match.
                    pos = next;
                }
                None => pos = start + 1,
            }
        }
        out
    }

    fn accept(&self, text: &str, range: Range<usize>, pattern: usize) -> Option<Occurrence> {
        let p = &self.patterns[pattern];
        let written = text.get(range.clone())?;
        if !word_ends_at(text, range.end) {
            return None;
        }
        let miscased = match (compare(written, &p.text)?, p.case) {
            (_, CaseRule::Insensitive) | (Case::Same, CaseRule::Sensitive) => false,
            (Case::Different, CaseRule::Sensitive) => {
                // "It" is no misspelling of IT; "Api" is one of API.
                if is_common_word(written) {
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
/// and every other byte a space, then a space. Offsets shift by exactly one.
fn fold(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() + 2);
    out.push(b' ');
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            out.push(FOLD[b as usize]);
            i += 1;
            continue;
        }
        let c = char_at(text, i).unwrap_or(' ');
        let width = c.len_utf8();
        if is_word_char(c) {
            out.extend_from_slice(&bytes[i..i + width]);
        } else {
            out.extend(std::iter::repeat_n(b' ', width));
        }
        i += width;
    }
    out.push(b' ');
    out
}

/// ASCII folding: letters to lower case, digits and `_` kept, everything else a space.
static FOLD: [u8; 128] = {
    let mut table = [b' '; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'_' {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// A word ends at `offset` when the next character is no word character; a possessive
/// `'s` / `’s` still ends it ("API's").
fn word_ends_at(text: &str, offset: usize) -> bool {
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

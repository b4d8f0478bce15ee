//! Definitions written in words rather than brackets:
//!
//! - `dead-letter queue, or DLQ`;
//! - `DLQ stands for / is short for / means / is an abbreviation of dead-letter queue`;
//! - an em-dash gloss: `the DLQ — dead-letter queue — holds…` or `the dead-letter queue —
//!   DLQ — holds…` (also ` – ` and ` -- `), the second dash or the clause's end closing it;
//! - a document naming what it defines: `This specification defines QPACK: a compression
//!   format for…` or `This document introduces XYZ, a …` (the name needs no expansion: the
//!   document says what it is);
//! - outside a definitions section, a definition-list item or a two-column table row
//!   (`| DLQ | dead-letter queue |`), through [`long_form_after`].
//!
//! Every one needs the long form to spell the short form (or to be a known long form of
//! it), so that "OK means we agree" or a random two-column table defines nothing.

use std::ops::Range;

use super::{KnownLongForms, ShortForm, align, folded, is_short_form, long_form_before, max_words};

/// Phrases between a short form and its long form.
const LINKS: [&str; 9] = [
    " stands for ",
    " is short for ",
    " is shorthand for ",
    " means ",
    " is an abbreviation of ",
    " is an abbreviation for ",
    " is an acronym for ",
    " is an acronym of ",
    " is the abbreviation for ",
];

/// Verbs by which a document names what it defines.
const NAMING: [&str; 3] = [" defines ", " introduces ", " specifies "];

/// The documents that define things by name: "This specification defines QPACK: …".
const DOCUMENT_WORDS: [&str; 8] = [
    "document",
    "specification",
    "memo",
    "draft",
    "proposal",
    "extension",
    "section",
    "standard",
];

/// The dashes that open or close a gloss.
const DASHES: [&str; 4] = [" — ", "—", " – ", " -- "];

/// How far a gloss or a worded long form is looked for: a long form has at most 17 words,
/// and a bound keeps a block of thousands of dashes linear.
const GLOSS_BYTES: usize = 200;

/// `from + max`, or the text's end, moved back to a character boundary.
fn within(text: &str, from: usize, max: usize) -> usize {
    let mut end = (from + max).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// A definition found in a block: short and long ranges in the block's text, and whether
/// the short form came first.
pub(super) struct Found {
    pub short: Range<usize>,
    pub long: Range<usize>,
    pub short_first: bool,
}

/// Every phrase the worded forms start from — ", or ", the links, the dashes — in one
/// automaton, so that a block is searched once for all of them (fourteen substring searches
/// per block made the definition search as slow as the rest of the analysis).
static MARKERS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
    let patterns = std::iter::once(OR).chain(LINKS).chain(DASHES).chain(NAMING);
    // Leftmost-longest: " — " is found rather than the "—" inside it.
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        // A few dozen states: a DFA is the fastest to search, and every block is searched.
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(patterns)
        .expect("fixed patterns build")
});

const OR: &str = ", or ";

/// Where each marker stands in a block: ", or " offsets, links (offset, which), dashes.
#[derive(Default)]
struct Markers {
    ors: Vec<usize>,
    links: Vec<(usize, &'static str)>,
    dashes: Vec<Range<usize>>,
    /// Ends of the naming verbs (" defines ").
    namings: Vec<usize>,
}

fn markers(text: &str) -> Markers {
    let mut found = Markers::default();
    for m in MARKERS.find_iter(text) {
        let id = m.pattern().as_usize();
        if id == 0 {
            found.ors.push(m.start());
        } else if let Some(link) = LINKS.get(id - 1) {
            found.links.push((m.start(), link));
        } else if id <= LINKS.len() + DASHES.len() {
            found.dashes.push(m.range());
        } else {
            found.namings.push(m.end());
        }
    }
    found
}

/// Every worded definition in one block of prose.
pub(super) fn worded_definitions(text: &str, known: &dyn KnownLongForms) -> Vec<Found> {
    let mut out = Vec::new();
    let found = markers(text);
    if found.ors.is_empty()
        && found.links.is_empty()
        && found.dashes.is_empty()
        && found.namings.is_empty()
    {
        return out;
    }
    or_short(text, &found.ors, known, &mut out);
    linked(text, &found.links, known, &mut out);
    dashes(text, found.dashes, known, &mut out);
    named(text, &found.namings, &mut out);
    out
}

/// `This specification defines QPACK: a compression format for…`: the name, and what the
/// document says it is (to the end of the sentence) as its long form.
fn named(text: &str, namings: &[usize], out: &mut Vec<Found>) {
    for &at in namings {
        let verb_start = text[..at - 1].rfind(' ').map_or(0, |s| s + 1);
        let subject = text[..verb_start].trim_end();
        let noun = subject
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default();
        if !DOCUMENT_WORDS.contains(&noun.to_ascii_lowercase().as_str()) {
            continue;
        }
        let Some(short) = short_at(text, at) else {
            continue;
        };
        let rest = &text[short.end..];
        let Some(gloss) = rest
            .strip_prefix(": ")
            .or_else(|| rest.strip_prefix(", ").filter(|g| starts_with_article(g)))
        else {
            continue;
        };
        let start = text.len() - gloss.len();
        let limit = within(text, start, GLOSS_BYTES);
        let window = &text[start..limit];
        let sentence = match window.find(". ") {
            Some(e) => &window[..e],
            // Cut short: end on a whole word.
            None if limit < text.len() => window.rsplit_once(' ').map_or("", |(w, _)| w),
            None => window,
        };
        let end = start + sentence.trim_end_matches(['.', ' ', '\n']).len();
        if end > start {
            out.push(Found {
                short,
                long: start..end,
                short_first: true,
            });
        }
    }
}

fn starts_with_article(text: &str) -> bool {
    ["a ", "an ", "the "].iter().any(|a| {
        text.get(..a.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(a))
    })
}

/// The acronym-shaped word starting at `at` (quotes allowed around it), and its range.
fn short_at(text: &str, at: usize) -> Option<Range<usize>> {
    let rest = &text[at..];
    let quote = rest.len() - rest.trim_start_matches(['"', '“', '\'', '‘']).len();
    let start = at + quote;
    let end = text[start..]
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '&' | '-' | '/' | '.')))
        .map_or(text.len(), |e| start + e);
    let end = start + text[start..end].trim_end_matches(['.', '-', '/']).len();
    (end > start && is_short_form(&text[start..end])).then_some(start..end)
}

/// The acronym-shaped word ending at `end` (quotes allowed around it).
fn short_ending_at(text: &str, end: usize) -> Option<Range<usize>> {
    let before = text[..end].trim_end_matches(['"', '”', '\'', '’']);
    let end = before.len();
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '&' | '-' | '/')))
        .map_or(0, |(i, c)| i + c.len_utf8());
    (end > start && is_short_form(&text[start..end])).then_some(start..end)
}

/// Whether the short form ends a phrase: followed by punctuation, a space or the end.
fn ends_phrase(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | ')' | '!' | '?'))
}

/// `a dead-letter queue, or DLQ, holds…`
fn or_short(text: &str, ors: &[usize], known: &dyn KnownLongForms, out: &mut Vec<Found>) {
    for &comma in ors {
        let Some(short) = short_at(text, comma + OR.len()) else {
            continue;
        };
        let after = short.end
            + text[short.end..]
                .chars()
                .next()
                .filter(|c| matches!(c, '"' | '”' | '\'' | '’'))
                .map_or(0, char::len_utf8);
        if !ends_phrase(text, after) {
            continue;
        }
        let form = ShortForm {
            range: short.clone(),
            loose: false,
        };
        // `MAP1A, MAP1B, or MAP2` is a list, not a definition.
        if let Some(long) = long_form_before(text, comma, &form, known)
            && !text[..long.start].trim_end().ends_with(',')
        {
            out.push(Found {
                short,
                long,
                short_first: false,
            });
        }
    }
}

/// `DLQ stands for dead-letter queue`, `MTTR means mean time to repair`.
fn linked(
    text: &str,
    links: &[(usize, &'static str)],
    known: &dyn KnownLongForms,
    out: &mut Vec<Found>,
) {
    // In the order the links are listed, as each was searched for in turn before.
    let mut links = links.to_vec();
    links.sort_by_key(|&(at, link)| (LINKS.iter().position(|l| *l == link), at));
    for (at, link) in links {
        let Some(short) = short_ending_at(text, at) else {
            continue;
        };
        if let Some(long) = long_form_after(text, at + link.len(), &text[short.clone()], known) {
            out.push(Found {
                short,
                long,
                short_first: true,
            });
        }
    }
}

/// `DLQ — dead-letter queue —` and `dead-letter queue — DLQ —`.
fn dashes(
    text: &str,
    mut all: Vec<Range<usize>>,
    known: &dyn KnownLongForms,
    out: &mut Vec<Found>,
) {
    // Every dash once: the longest spelling at each place (` — ` over `—`).
    all.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut marks: Vec<Range<usize>> = Vec::with_capacity(all.len());
    for m in all {
        if marks.last().is_none_or(|last| last.end <= m.start) {
            marks.push(m);
        }
    }
    for (n, open) in marks.iter().enumerate() {
        // The gloss ends at the next dash, or where the clause ends.
        let close = marks.get(n + 1).map(|m| m.start);
        let reach = within(text, open.end, GLOSS_BYTES);
        let clause_end = text[open.end..reach]
            .find([',', ';', '.', ':', '(', ')', '\n'])
            .map_or(reach, |e| open.end + e);
        let end = close.map_or(clause_end, |c| c.min(clause_end));
        let inside = &text[open.end..end];
        let trimmed = inside.trim();
        if trimmed.is_empty() {
            continue;
        }
        let inside_start = open.end + (inside.len() - inside.trim_start().len());
        let inside = inside_start..inside_start + trimmed.len();
        // `dead-letter queue — DLQ —`: the short form alone between the dashes.
        if let Some(short) = short_at(text, inside.start).filter(|s| s.end == inside.end) {
            let form = ShortForm {
                range: short.clone(),
                loose: false,
            };
            if let Some(long) = long_form_before(text, open.start, &form, known) {
                out.push(Found {
                    short,
                    long,
                    short_first: false,
                });
            }
            continue;
        }
        // `DLQ — dead-letter queue —`: the long form takes up the gloss.
        if let Some(short) = short_ending_at(text, open.start)
            && let Some(long) = long_form_after(text, inside.start, &text[short.clone()], known)
            && long.end == inside.end
        {
            out.push(Found {
                short,
                long,
                short_first: true,
            });
        }
    }
}

/// The long form starting at `from` (after an article or a quote): the fewest words up to
/// the clause's end that spell `short` by the most precise strategy, or a known long form.
pub(super) fn long_form_after(
    text: &str,
    from: usize,
    short: &str,
    known: &dyn KnownLongForms,
) -> Option<Range<usize>> {
    let rest = &text[from..];
    let mut start = from + (rest.len() - rest.trim_start_matches(['"', '“', '\'', '‘', ' ']).len());
    for article in ["a ", "an ", "the "] {
        if text[start..]
            .get(..article.len())
            .is_some_and(|a| a.eq_ignore_ascii_case(article))
        {
            start += article.len();
            break;
        }
    }
    let reach = within(text, start, GLOSS_BYTES);
    let clause_end = text[start..reach]
        .find(|c: char| {
            matches!(
                c,
                ',' | ';' | ':' | '(' | ')' | '\n' | '!' | '?' | '"' | '”' | '—' | '–'
            )
        })
        .map_or(reach, |e| start + e);
    let clause = &text[start..clause_end];
    // Word ends, nearest first; a full stop ends the clause (not one inside a word).
    let mut ends = Vec::new();
    for (i, c) in clause.char_indices() {
        let next = clause[i + c.len_utf8()..].chars().next();
        if c == '.' && next.is_none_or(char::is_whitespace) {
            ends.push(start + i);
            break;
        }
        if !c.is_whitespace() && next.is_none_or(|n| n.is_whitespace()) {
            ends.push(start + i + c.len_utf8());
        }
    }
    ends.dedup();
    let units = align::Short::new(short);
    let known: Vec<String> = known.long_forms(short).iter().map(|k| folded(k)).collect();
    if let Some(&end) = ends
        .iter()
        .find(|&&end| known.contains(&folded(&text[start..end])))
    {
        return Some(start..end);
    }
    ends.truncate(max_words(&units));
    for strategy in align::strategies() {
        for &end in &ends {
            let long = &text[start..end];
            if super::valid_long_form(long, short, false) && units.spelled_by(long, strategy) {
                return Some(start..end);
            }
        }
    }
    None
}

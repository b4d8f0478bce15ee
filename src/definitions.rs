//! Definitions a document makes for itself.
//!
//! - `Long Form (LF)` and `LF (Long Form)`, inline, where the long form must spell the
//!   short form's letters in order (after Schwartz & Hearst 2003): lower-case long forms,
//!   hyphenated words, small words ("of", "the"), camelCase humps (XMLHttpRequest → XHR),
//!   plural short forms (LLMs) and digits (HTTP/2) all work; "(see Figure 3)" defines nothing;
//! - Markdown abbreviations, `*[LF]: Long Form`;
//! - entries of a Terminology / Definitions / Glossary / Abbreviations / Acronyms section:
//!   `LF: long form`, `LF — long form`, definition lists and two-column tables.
//!
//! Inline definitions count from where they stand; abbreviations and section entries
//! count for the whole document (glossaries often sit in an appendix).

use std::ops::Range;

use crate::acronym::{base_form, is_acronym_shaped};
use crate::markup::{BlockKind, CODE_PLACEHOLDER, Prose};
use crate::text::is_word_char;

/// How a document defined a term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DefinitionKind {
    /// `Long Form (LF)`
    LongFirst,
    /// `LF (Long Form)`
    ShortFirst,
    /// `*[LF]: Long Form`
    Abbreviation,
    /// An entry of a definitions section.
    Section,
}

impl DefinitionKind {
    /// Whether the definition only explains uses after it (inline definitions do; appendix
    /// glossaries and abbreviation lists explain the whole document).
    pub fn is_positional(self) -> bool {
        matches!(self, DefinitionKind::LongFirst | DefinitionKind::ShortFirst)
    }
}

/// One definition in a document. Ranges are in whatever text it was found in (prose while
/// analysing, source once the analysis maps them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub short: String,
    pub long: String,
    pub short_range: Range<usize>,
    pub long_range: Range<usize>,
    pub kind: DefinitionKind,
}

impl Definition {
    /// The name uses are matched against: the short form without a plural ending.
    pub fn key(&self) -> &str {
        base_form(&self.short)
    }
}

/// The short forms of a document's definitions, for asking whether a range lies within one
/// (an acronym written where it is defined is no use of it).
///
/// Bound: O(d log d) to build for d definitions, O(log d) per question, so a document that
/// defines an acronym on every line costs O(n log n) rather than O(n²) for a scan of every
/// definition per acronym.
#[derive(Debug)]
pub struct DefinitionSites {
    /// Short-form starts, sorted.
    starts: Vec<usize>,
    /// `max_end[i]`: the furthest end of the short forms `0..=i` in `starts` order.
    max_end: Vec<usize>,
}

impl DefinitionSites {
    pub fn new(definitions: &[Definition]) -> DefinitionSites {
        let mut ranges: Vec<(usize, usize)> = definitions
            .iter()
            .map(|d| (d.short_range.start, d.short_range.end))
            .collect();
        ranges.sort_unstable();
        let mut furthest = 0;
        let max_end = ranges
            .iter()
            .map(|&(_, end)| {
                furthest = furthest.max(end);
                furthest
            })
            .collect();
        DefinitionSites {
            starts: ranges.into_iter().map(|(start, _)| start).collect(),
            max_end,
        }
    }

    /// Whether some short form contains `range` (starts at or before it, ends at or after it):
    /// of the short forms that start at or before `range`, the one reaching furthest decides.
    pub fn contains(&self, range: &Range<usize>) -> bool {
        let before = self.starts.partition_point(|&s| s <= range.start);
        before > 0 && self.max_end[before - 1] >= range.end
    }
}

/// Every definition in `prose`, in document order.
pub fn find_definitions(prose: &Prose) -> Vec<Definition> {
    let mut out = Vec::new();
    let blocks = &prose.blocks;
    for (i, block) in blocks.iter().enumerate() {
        let text = &prose.text[block.range.clone()];
        let base = block.range.start;
        // `*[LF]: Long Form` is an abbreviation wherever it stands, a definitions section too.
        if text.starts_with("*[") {
            abbreviations(text, base, &mut out);
            continue;
        }
        if block.in_definitions_section {
            let pair = match block.kind {
                BlockKind::DefinitionTitle => blocks
                    .get(i + 1)
                    .filter(|next| next.kind == BlockKind::DefinitionBody)
                    .map(|next| next.range.clone()),
                BlockKind::TableCell {
                    row,
                    column: 0,
                    header: false,
                } => blocks
                    .get(i + 1)
                    .filter(|next| {
                        next.kind
                            == BlockKind::TableCell {
                                row,
                                column: 1,
                                header: false,
                            }
                    })
                    .map(|next| next.range.clone()),
                _ => None,
            };
            if let Some(long) = pair {
                push_section(&mut out, prose, block.range.clone(), long);
                continue;
            }
            if matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem)
                && let Some((short, long)) = separated_entry(text)
            {
                push_section(
                    &mut out,
                    prose,
                    base + short.start..base + short.end,
                    base + long.start..base + long.end,
                );
                continue;
            }
        }
        inline_definitions(text, base, &mut out);
    }
    out
}

fn push_section(out: &mut Vec<Definition>, prose: &Prose, short: Range<usize>, long: Range<usize>) {
    let short_text = clean(&prose.text[short.clone()]);
    let long_text = first_sentence(clean(&prose.text[long.clone()]));
    if short_text.is_empty() || long_text.is_empty() || short_text.chars().count() > 60 {
        return;
    }
    out.push(Definition {
        short: short_text.to_string(),
        long: long_text.to_string(),
        short_range: trimmed(&prose.text, short),
        long_range: trimmed(&prose.text, long),
        kind: DefinitionKind::Section,
    });
}

fn clean(text: &str) -> &str {
    text.trim()
        .trim_matches(|c: char| matches!(c, '*' | '_' | '"' | '“' | '”' | CODE_PLACEHOLDER))
        .trim()
}

fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(end) => &text[..=end],
        None => text,
    }
}

/// `LF: long form`, `LF — long form`, `LF - long form`, `LF = long form`.
fn separated_entry(text: &str) -> Option<(Range<usize>, Range<usize>)> {
    const SEPARATORS: [&str; 7] = [": ", " — ", " – ", " - ", " = ", "—", "–"];
    let (at, sep) = SEPARATORS
        .iter()
        .filter_map(|sep| text.find(sep).map(|at| (at, *sep)))
        .min_by_key(|(at, _)| *at)?;
    let head = text[..at].trim();
    if head.is_empty() || at > 80 || head.split_whitespace().count() > 6 {
        return None;
    }
    let long_start = at + sep.len();
    (!text[long_start..].trim().is_empty()).then_some((0..at, long_start..text.len()))
}

/// `*[HTML]: Hyper Text Markup Language *[CSS]: Cascading Style Sheets` (soft breaks joined).
fn abbreviations(text: &str, base: usize, out: &mut Vec<Definition>) {
    let starts: Vec<usize> = text.match_indices("*[").map(|(i, _)| i).collect();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(text.len());
        let item = &text[start..end];
        let Some(close) = item.find("]:") else {
            continue;
        };
        let short = item[2..close].trim();
        let long = item[close + 2..].trim();
        if short.is_empty() || long.is_empty() {
            continue;
        }
        let short_start =
            base + start + 2 + (item[2..close].len() - item[2..close].trim_start().len());
        let long_start = base
            + start
            + close
            + 2
            + (item[close + 2..].len() - item[close + 2..].trim_start().len());
        out.push(Definition {
            short: short.to_string(),
            long: long.to_string(),
            short_range: short_start..short_start + short.len(),
            long_range: long_start..long_start + long.len(),
            kind: DefinitionKind::Abbreviation,
        });
    }
}

/// `Long Form (LF)` and `LF (Long Form)` in one block of prose.
fn inline_definitions(text: &str, base: usize, out: &mut Vec<Definition>) {
    let bytes = text.as_bytes();
    for (open, _) in text.match_indices('(') {
        let Some(len) = text[open + 1..]
            .bytes()
            .take(120)
            .position(|b| matches!(b, b')' | b'(' | b'\n'))
            .filter(|&p| bytes[open + 1 + p] == b')')
        else {
            continue;
        };
        let inner = open + 1..open + 1 + len;
        if let Some(short) = short_in_parentheses(text, inner.clone())
            && let Some(long) = long_form_before(text, open, &text[short.clone()])
        {
            out.push(Definition {
                short: text[short.clone()].to_string(),
                long: text[long.clone()].to_string(),
                short_range: base + short.start..base + short.end,
                long_range: base + long.start..base + long.end,
                kind: DefinitionKind::LongFirst,
            });
            continue;
        }
        if let Some(short) = short_before(text, open)
            && let Some(long) = long_form_inside(text, inner, &text[short.clone()])
        {
            out.push(Definition {
                short: text[short.clone()].to_string(),
                long: text[long.clone()].to_string(),
                short_range: base + short.start..base + short.end,
                long_range: base + long.start..base + long.end,
                kind: DefinitionKind::ShortFirst,
            });
        }
    }
}

/// The short form inside `( … )`: `(LF)`, `(LF, for short)`, `(hereafter LF)`, `("LF")`.
fn short_in_parentheses(text: &str, inner: Range<usize>) -> Option<Range<usize>> {
    let content = &text[inner.clone()];
    let mut start = inner.start + (content.len() - content.trim_start().len());
    let mut rest = content.trim_start();
    for lead in [
        "hereafter ",
        "henceforth ",
        "or ",
        "aka ",
        "a.k.a. ",
        "abbreviated ",
        "abbreviated as ",
        "short ",
    ] {
        if rest.len() > lead.len()
            && rest
                .get(..lead.len())
                .is_some_and(|r| r.eq_ignore_ascii_case(lead))
        {
            start += lead.len();
            rest = &rest[lead.len()..];
            break;
        }
    }
    let end_in_rest = rest.find([',', ';']).unwrap_or(rest.len());
    let candidate = rest[..end_in_rest].trim_end();
    let quotes = |c: char| matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’');
    let unquoted = candidate.trim_matches(quotes);
    let lead_quote = candidate.len() - candidate.trim_start_matches(quotes).len();
    if unquoted.is_empty() || unquoted.contains(char::is_whitespace) {
        return None;
    }
    is_short_form(unquoted).then(|| start + lead_quote..start + lead_quote + unquoted.len())
}

/// A short form: acronym-shaped, maybe with `&`, `.` or `-` (R&D, U.S., COVID-19).
fn is_short_form(text: &str) -> bool {
    let squeezed: String = text
        .chars()
        .filter(|c| !matches!(c, '&' | '.' | '-'))
        .collect();
    text.chars().count() <= 12
        && text.chars().next().is_some_and(char::is_alphanumeric)
        && is_acronym_shaped(&squeezed)
}

/// The acronym just before `(`, separated by at most one space: `PAT (personal access token)`.
fn short_before(text: &str, open: usize) -> Option<Range<usize>> {
    let before = &text[..open];
    let end = before.strip_suffix(' ').map_or(open, |b| b.len());
    let word = &text[..end];
    let start = word
        .char_indices()
        .rev()
        .find(|&(_, c)| !(is_word_char(c) || c == '/' || c == '&' || c == '-'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let short = &text[start..end];
    (!short.is_empty() && is_short_form(short)).then_some(start..end)
}

/// The long form that ends just before `(`, searched back over a few words (Schwartz &
/// Hearst: at most min(|SF| + 5, 2·|SF|) words).
fn long_form_before(text: &str, open: usize, short: &str) -> Option<Range<usize>> {
    let letters = short_letters(short);
    let max_words = (letters.len() + 5).min(letters.len() * 2).max(1);
    let window_end = text[..open].trim_end().len();
    let mut window_start = window_end;
    let mut words = 0;
    for (i, c) in text[..window_end].char_indices().rev() {
        if matches!(
            c,
            '.' | ':' | ';' | ',' | '(' | ')' | '\n' | '!' | '?' | CODE_PLACEHOLDER
        ) {
            break;
        }
        if c.is_whitespace() && i + 1 < window_start {
            words += 1;
            if words >= max_words {
                break;
            }
        }
        window_start = i;
    }
    let window = &text[window_start..window_end];
    let start = best_long_form_start(&letters, window)?;
    let long = window_start + start..window_end;
    valid_long_form(&text[long.clone()], short).then_some(long)
}

/// The long form inside `( … )` after a short form: it must take up the whole parenthesis
/// (after an optional article).
fn long_form_inside(text: &str, inner: Range<usize>, short: &str) -> Option<Range<usize>> {
    let content = text[inner.clone()].trim();
    let offset = inner.start + text[inner.clone()].find(content)?;
    let letters = short_letters(short);
    let max_words = (letters.len() + 5).min(letters.len() * 2).max(1);
    if content.split_whitespace().count() > max_words {
        return None;
    }
    let mut skip = 0;
    for article in ["a ", "an ", "the "] {
        if content.len() > article.len()
            && content
                .get(..article.len())
                .is_some_and(|c| c.eq_ignore_ascii_case(article))
        {
            skip = article.len();
        }
    }
    let start = best_long_form_start(&letters, content)?;
    if start != 0 && start != skip {
        return None;
    }
    let long = offset + start..offset + content.len();
    valid_long_form(&text[long.clone()], short).then_some(long)
}

fn valid_long_form(long: &str, short: &str) -> bool {
    long.chars().next().is_some_and(char::is_alphabetic)
        && long.chars().count() > short.chars().count()
        && !long.contains(short)
}

/// The short form's letters and digits, lower-cased, without a plural ending.
fn short_letters(short: &str) -> Vec<char> {
    base_form(short)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Schwartz & Hearst's search: match the short form's characters right to left in the
/// candidate, the first one at the start of a word (or a camelCase hump). Digits the long
/// form does not spell out may be skipped. Returns the long form's start in `candidate`.
fn best_long_form_start(letters: &[char], candidate: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = candidate.char_indices().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|&(_, c)| c.to_lowercase().next().unwrap_or(c))
        .collect();
    let starts_word = |l: usize| {
        l == 0
            || !is_word_char(chars[l - 1].1)
            || (chars[l].1.is_uppercase() && chars[l - 1].1.is_lowercase())
    };
    let mut l = lower.len();
    for (s, &c) in letters.iter().enumerate().rev() {
        let mut probe = l;
        let mut found = None;
        while probe > 0 {
            probe -= 1;
            if lower[probe] == c && (s != 0 || starts_word(probe)) {
                found = Some(probe);
                break;
            }
        }
        match found {
            Some(at) => l = at,
            None if c.is_ascii_digit() => continue,
            None => return None,
        }
    }
    if l == lower.len() {
        return None;
    }
    // Extend back to the start of the word that holds the first letter.
    while l > 0 && is_word_char(chars[l - 1].1) {
        l -= 1;
    }
    Some(chars[l].0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::{Markup, Prose};

    fn defs(source: &str) -> Vec<(String, String, DefinitionKind)> {
        let prose = Prose::new(source, Markup::Markdown);
        find_definitions(&prose)
            .into_iter()
            .map(|d| (d.short, d.long, d.kind))
            .collect()
    }

    fn pair(short: &str, long: &str, kind: DefinitionKind) -> (String, String, DefinitionKind) {
        (short.to_string(), long.to_string(), kind)
    }

    use DefinitionKind::*;

    #[test]
    fn definition_sites_agree_with_a_scan_of_every_definition() {
        let def = |short_range: Range<usize>| Definition {
            short: String::new(),
            long: String::new(),
            short_range,
            long_range: 0..0,
            kind: LongFirst,
        };
        // Overlapping, nested, empty and unsorted short forms, and every range over them.
        let definitions: Vec<Definition> = [9..12, 2..5, 3..4, 20..30, 22..24, 7..7, 15..40]
            .into_iter()
            .map(def)
            .collect();
        let sites = DefinitionSites::new(&definitions);
        for start in 0..45 {
            for end in start..45 {
                let range = start..end;
                let scan = definitions
                    .iter()
                    .any(|d| d.short_range.start <= start && end <= d.short_range.end);
                assert_eq!(sites.contains(&range), scan, "{range:?}");
            }
        }
        assert!(!DefinitionSites::new(&[]).contains(&(0..0)));
    }

    #[test]
    fn long_form_first() {
        assert_eq!(
            defs("We sign with a Hash-based Message Authentication Code (HMAC) today."),
            vec![pair(
                "HMAC",
                "Hash-based Message Authentication Code",
                LongFirst
            )]
        );
        assert_eq!(
            defs("Create a personal access token (PAT) first."),
            vec![pair("PAT", "personal access token", LongFirst)]
        );
        assert_eq!(
            defs("Use Large Language Models (LLMs) with care."),
            vec![pair("LLMs", "Large Language Models", LongFirst)]
        );
        assert_eq!(
            defs("An index of Hierarchical Navigable\nSmall World ([HNSW](https://x.io)) graphs."),
            vec![pair(
                "HNSW",
                "Hierarchical Navigable Small World",
                LongFirst
            )]
        );
        assert_eq!(
            defs("The XMLHttpRequest (XHR) object."),
            vec![pair("XHR", "XMLHttpRequest", LongFirst)]
        );
        assert_eq!(
            defs("the Total Addressable Market (TAM) is big"),
            vec![pair("TAM", "Total Addressable Market", LongFirst)]
        );
        assert_eq!(
            defs("Hypertext Transfer Protocol version 2 (HTTP/2) is used."),
            vec![pair(
                "HTTP/2",
                "Hypertext Transfer Protocol version 2",
                LongFirst
            )]
        );
    }

    #[test]
    fn short_form_first() {
        assert_eq!(
            defs("A PAT (personal access token) is needed."),
            vec![pair("PAT", "personal access token", ShortFirst)]
        );
        assert_eq!(
            defs("The RPO (Recovery Point Objective) is 5 minutes."),
            vec![pair("RPO", "Recovery Point Objective", ShortFirst)]
        );
    }

    #[test]
    fn parentheses_that_define_nothing() {
        for text in [
            "As shown before (see Figure 3).",
            "A field (optional) may be set.",
            "Some tools (e.g. Vale) do this.",
            "Prior work (Smith 2020) agrees.",
            "It is fast (OK).",
            "The API (which is new) works.",
            "The report [1] (p. 4) says.",
        ] {
            assert_eq!(defs(text), vec![], "{text}");
        }
    }

    #[test]
    fn abbreviations_in_a_definitions_section_are_abbreviations() {
        assert_eq!(
            defs("## Glossary\n\nRPO: recovery point objective\n\n*[QRD]: Quick Recovery Drill\n"),
            vec![
                pair("RPO", "recovery point objective", Section),
                pair("QRD", "Quick Recovery Drill", Abbreviation),
            ]
        );
    }

    #[test]
    fn abbreviations_and_sections() {
        let source = "# Spec\n\n*[HTML]: Hyper Text Markup Language\n*[W3C]: World Wide Web Consortium\n\n## Terminology\n\n- **RTO**: Recovery Time Objective. More text.\n- DLQ — dead-letter queue\n\nSLA\n: Service Level Agreement\n\n| Term | Meaning |\n|---|---|\n| MTTR | Mean Time To Recovery |\n\n## Next\n\n- XYZ: not a definition here\n";
        assert_eq!(
            defs(source),
            vec![
                pair("HTML", "Hyper Text Markup Language", Abbreviation),
                pair("W3C", "World Wide Web Consortium", Abbreviation),
                pair("RTO", "Recovery Time Objective.", Section),
                pair("DLQ", "dead-letter queue", Section),
                pair("SLA", "Service Level Agreement", Section),
                pair("MTTR", "Mean Time To Recovery", Section),
            ]
        );
    }
}

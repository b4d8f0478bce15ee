//! Definitions a document makes for itself.
//!
//! - `Long Form (LF)`, `LF (Long Form)`, `Long Form [LF]`, `(Long Form, LF)`, `(hereafter /
//!   abbreviated as / or LF)`, inline, where the long form must spell the short form (see
//!   `align.rs`: strategies from the most to the least precise, after Schwartz & Hearst 2003
//!   and Ab3P): lower-case long forms, hyphenated words, small words ("of", "the"),
//!   camelCase humps (XMLHttpRequest → XHR), plural short forms (LLMs), digits (HTTP/2),
//!   Greek letters (TNF-alpha) and prefixes (3-hydroxy-…) all work; "(see Figure 3)"
//!   defines nothing, and neither does a long form that would swallow a clause;
//! - worded definitions (see `forms.rs`): `long form, or LF`, `LF stands for / is short for
//!   / means / is an abbreviation of long form`, em-dash glosses;
//! - Markdown abbreviations, `*[LF]: Long Form`;
//! - entries of a Terminology / Definitions / Glossary / Abbreviations / Acronyms section:
//!   `LF: long form`, `LF — long form`, definition lists and two-column tables; elsewhere,
//!   definition lists and two-column tables whose long form spells the short form;
//! - with [`find_definitions_with`], any of the bracketed or worded forms whose long form is
//!   one the glossary knows for the short form, even when the letters do not align.
//!
//! Inline definitions count from where they stand; abbreviations and entries count for the
//! whole document (glossaries often sit in an appendix).

use std::ops::Range;

use crate::acronym::{base_form, is_acronym_shaped};
use crate::markup::{BlockKind, CODE_PLACEHOLDER, Prose};
use crate::text::is_word_char;

mod align;
mod forms;
mod spelled_nearby;

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
    find_definitions_with(prose, &())
}

/// Every definition in `prose`, in document order, taking `known` long forms as
/// definitions even where their letters do not spell the short form.
pub fn find_definitions_with(prose: &Prose, known: &dyn KnownLongForms) -> Vec<Definition> {
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
        if block.kind == BlockKind::DeclaredShort {
            if let Some(long) = blocks
                .get(i + 1)
                .filter(|b| b.kind == BlockKind::DeclaredLong)
            {
                push_section(&mut out, prose, block.range.clone(), long.range.clone());
            }
            continue;
        }
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
        if block.in_definitions_section {
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
        } else {
            // Anywhere else a definition-list item or a two-column table row defines only
            // when its letters align (a table of names and owners defines nothing).
            let two_columns = !matches!(block.kind, BlockKind::TableCell { .. })
                || !blocks.get(i + 2).is_some_and(|b| {
                    matches!((b.kind, block.kind), (
                        BlockKind::TableCell { row: r2, column: 2, .. },
                        BlockKind::TableCell { row, .. },
                    ) if r2 == row)
                });
            let entry = match pair {
                Some(long) if two_columns => Some((block.range.clone(), long)),
                // `QCB: quick charlie bravo` in running text is prose, not an entry.
                _ => None,
            };
            if let Some((short, long)) = entry
                && let Some(definition) = aligned_entry(prose, short, long, known)
            {
                out.push(definition);
                continue;
            }
        }
        // A definition list's body that names the term's short form: `"resource owner":`
        // then `…  This is sometimes abbreviated as "RO".`
        if block.kind == BlockKind::DefinitionBody
            && let Some(title) = i.checked_sub(1).and_then(|t| blocks.get(t))
            && title.kind == BlockKind::DefinitionTitle
        {
            for short in abbreviated_as(text) {
                let short = base + short.start..base + short.end;
                if let Some(definition) = aligned_entry(prose, short, title.range.clone(), known) {
                    out.push(definition);
                }
            }
        }
        let found_before = out.len();
        inline_definitions(text, base, known, &mut out);
        for (short, long) in spelled_nearby::spelled_nearby(text) {
            let short = base + short.start..base + short.end;
            let long = base + long.start..base + long.end;
            // A bracketed or worded definition in the block says more. (Only the block is
            // asked: whether an earlier block defined the acronym would depend on where an
            // editor cut the document into pieces.)
            let key = base_form(&prose.text[short.clone()]);
            if out[found_before..].iter().any(|d| {
                d.key() == key || (d.long_range.start < short.end && short.start < d.long_range.end)
            }) {
                continue;
            }
            out.push(Definition {
                short: prose.text[short.clone()].to_string(),
                long: prose.text[long.clone()].to_string(),
                kind: if long.start < short.start {
                    DefinitionKind::LongFirst
                } else {
                    DefinitionKind::ShortFirst
                },
                short_range: short,
                long_range: long,
            });
        }
    }
    // Worded definitions are found after bracketed ones in a block.
    out.sort_by_key(|d| d.short_range.start);
    out
}

/// The short forms a text announces with "abbreviated [as] X" or "shortened to X" (quotes
/// allowed), as ranges of `text`.
fn abbreviated_as(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for marker in ["abbreviated as ", "abbreviated ", "shortened to "] {
        for (at, _) in text.match_indices(marker) {
            let start = at + marker.len();
            let rest = &text[start..];
            let quote = rest.len() - rest.trim_start_matches(['"', '“', '\'', '‘']).len();
            let word_start = start + quote;
            let word_end = text[word_start..]
                .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '/'))
                .map_or(text.len(), |e| word_start + e);
            if word_end > word_start && is_short_form(&text[word_start..word_end]) {
                out.push(word_start..word_end);
            }
        }
    }
    out
}

/// An entry outside a definitions section whose long form (its first words) spells the
/// short form: `| DLQ | dead-letter queue |`, `DLQ\n: Dead-letter queue, where…`.
fn aligned_entry(
    prose: &Prose,
    short: Range<usize>,
    long: Range<usize>,
    known: &dyn KnownLongForms,
) -> Option<Definition> {
    let short = trimmed(&prose.text, short);
    let raw = &prose.text[short.clone()];
    let inner = clean(raw);
    let at = short.start + raw.find(inner)?;
    let short = at..at + inner.len();
    if !is_short_form(inner) {
        return None;
    }
    let long = trimmed(&prose.text, long);
    let found = forms::long_form_after(&prose.text[..long.end], long.start, inner, known)?;
    Some(Definition {
        short: inner.to_string(),
        long: prose.text[found.clone()].to_string(),
        short_range: short,
        long_range: found,
        kind: DefinitionKind::Section,
    })
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

/// Long forms the reader already knows for a short form: the loaded glossary's expansions.
/// A document that writes one of them beside the short form defines it even when the
/// letters do not align ("CHAMP (Container Host Automated Management Platform)" vs
/// "CHAMP (our deployment platform)").
pub trait KnownLongForms {
    /// The known long forms of `short` (as written in the document).
    fn long_forms(&self, short: &str) -> Vec<String>;
}

/// No known long forms.
impl KnownLongForms for () {
    fn long_forms(&self, _short: &str) -> Vec<String> {
        Vec::new()
    }
}

impl KnownLongForms for crate::glossary::Glossary {
    fn long_forms(&self, short: &str) -> Vec<String> {
        let Some(id) = self.lookup_exact(short) else {
            return Vec::new();
        };
        let entry = self.entry(id);
        entry
            .names()
            .map(|(name, _)| name)
            .filter(|name| !is_short_form(name) && name.chars().count() > short.chars().count())
            .map(str::to_string)
            .collect()
    }
}

/// Text compared without case, hyphens or repeated spaces ("Dead-letter  queue" is
/// "dead letter queue").
fn folded(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A short form found in a bracket, and how strict its long form must be.
struct ShortForm {
    range: Range<usize>,
    /// Not acronym-shaped (`bpm`, `TNF alpha`, `Ub`): only the most precise strategies.
    loose: bool,
}

/// `Long Form (LF)`, `LF (Long Form)`, `Long Form [LF]`, `(Long Form, LF)` in one block.
fn inline_definitions(
    text: &str,
    base: usize,
    known: &dyn KnownLongForms,
    out: &mut Vec<Definition>,
) {
    let mut push = |short: Range<usize>, long: Range<usize>, kind| {
        out.push(Definition {
            short: text[short.clone()].to_string(),
            long: text[long.clone()].to_string(),
            short_range: base + short.start..base + short.end,
            long_range: base + long.start..base + long.end,
            kind,
        })
    };
    for open in memchr::memchr2_iter(b'(', b'[', text.as_bytes()) {
        let close_char = if text.as_bytes()[open] == b'(' {
            b')'
        } else {
            b']'
        };
        let Some(inner) = bracket_content(text, open, close_char) else {
            continue;
        };
        if let Some(short) = short_in_parentheses(text, inner.clone())
            && let Some(long) = long_form_before(text, open, &short, known)
        {
            push(short.range, long, DefinitionKind::LongFirst);
            continue;
        }
        if let Some(short) = short_before(text, open)
            && let Some(long) = long_form_inside(text, inner.clone(), &short, known)
        {
            push(short, long, DefinitionKind::ShortFirst);
            continue;
        }
        // `(blood-brain barrier, BBB)`: both inside, the short form last.
        if let Some(comma) = text[inner.clone()].rfind([',', ';']) {
            let at = inner.start + comma;
            if let Some(short) = short_in_parentheses(text, at + 1..inner.end) {
                // `(EC 1.11.1.9; GPx)`: the long form stands before the bracket.
                let long = long_form_before(text, at, &short, known)
                    .filter(|long| long.start >= inner.start)
                    .or_else(|| long_form_before(text, open, &short, known));
                if let Some(long) = long {
                    push(short.range, long, DefinitionKind::LongFirst);
                }
            }
        }
    }
    worded(text, base, known, out);
}

/// Worded definitions (`, or DLQ`, `stands for`, dashes), pushed with block offsets.
fn worded(text: &str, base: usize, known: &dyn KnownLongForms, out: &mut Vec<Definition>) {
    for found in forms::worded_definitions(text, known) {
        // Only this block's definitions can share the place (`out` holds the document's).
        if out
            .iter()
            .rev()
            .take_while(|d| d.short_range.start >= base)
            .any(|d| d.short_range.start == base + found.short.start)
        {
            continue;
        }
        out.push(Definition {
            short: text[found.short.clone()].to_string(),
            long: text[found.long.clone()].to_string(),
            short_range: base + found.short.start..base + found.short.end,
            long_range: base + found.long.start..base + found.long.end,
            kind: if found.short_first {
                DefinitionKind::ShortFirst
            } else {
                DefinitionKind::LongFirst
            },
        });
    }
}

/// The content of the bracket opening at `open`, up to its matching `close` (nested
/// brackets skipped), within one line and 150 bytes.
fn bracket_content(text: &str, open: usize, close: u8) -> Option<Range<usize>> {
    let opener = text.as_bytes()[open];
    let mut depth = 0usize;
    for (i, &b) in text.as_bytes()[open + 1..].iter().enumerate().take(150) {
        match b {
            b'\n' => return None,
            b if b == opener => depth += 1,
            b if b == close => {
                if depth == 0 {
                    return Some(open + 1..open + 1 + i);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    None
}

/// The short form inside `( … )`: `(LF)`, `(LF, for short)`, `(hereafter LF)`, `("LF")`.
fn short_in_parentheses(text: &str, inner: Range<usize>) -> Option<ShortForm> {
    let content = &text[inner.clone()];
    let mut start = inner.start + (content.len() - content.trim_start().len());
    let mut rest = content.trim_start();
    for lead in [
        "hereafter referred to as ",
        "hereinafter referred to as ",
        "hereafter ",
        "hereinafter ",
        "henceforth ",
        "referred to as ",
        "known as ",
        "called ",
        "or ",
        "aka ",
        "a.k.a. ",
        "abbreviated as ",
        "abbreviated ",
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
    // `(LF, for short)`, `(LF; 1999)`; a comma inside a short form stays (`Fru-2,6-P(2)`).
    let end_in_rest = [", ", "; ", ";"]
        .iter()
        .filter_map(|sep| rest.find(sep))
        .min()
        .unwrap_or(rest.len());
    let end_in_rest = if rest.ends_with(',') {
        end_in_rest.min(rest.len() - 1)
    } else {
        end_in_rest
    };
    let candidate = rest[..end_in_rest].trim_end();
    let quotes = |c: char| matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’');
    let unquoted = candidate.trim_matches(quotes);
    let lead_quote = candidate.len() - candidate.trim_start_matches(quotes).len();
    if unquoted.is_empty() {
        return None;
    }
    let range = start + lead_quote..start + lead_quote + unquoted.len();
    if !unquoted.contains(char::is_whitespace) && is_short_form(unquoted) {
        return Some(ShortForm {
            range,
            loose: false,
        });
    }
    // Two capitals, or a capital and a digit, make a short form as sure as an acronym's
    // shape does (`FEV(1)`, `CrB(+)`); fewer are held to the precise strategies.
    let capitals = unquoted.chars().filter(|c| c.is_uppercase()).count();
    let digits = unquoted.chars().filter(char::is_ascii_digit).count();
    let loose = !(capitals >= 2 || (capitals == 1 && digits > 0));
    is_loose_short_form(unquoted).then_some(ShortForm { range, loose })
}

/// A short form: acronym-shaped, maybe with `&`, `.`, `-` or `#` (R&D, U.S., COVID-19, PKCS#8).
fn is_short_form(text: &str) -> bool {
    let squeezed: String = text
        .chars()
        .filter(|c| !matches!(c, '&' | '.' | '-' | '#'))
        .collect();
    text.chars().count() <= 12
        && text.chars().next().is_some_and(char::is_alphanumeric)
        && is_acronym_shaped(&squeezed)
}

/// A short form that is not acronym-shaped, as scientific writing has them: `bpm`, `Ub`,
/// `tHcy`, `TNF alpha`, `MEF cells`, `E2`, a single capital. Not an English word.
fn is_loose_short_form(text: &str) -> bool {
    let tokens: Vec<&str> = text.split(' ').collect();
    let chars = text.chars().count();
    if tokens.len() > 2
        || chars > 15
        || !text.chars().next().is_some_and(char::is_alphanumeric)
        || !text.chars().any(char::is_alphabetic)
        || tokens.iter().any(|t| {
            t.is_empty()
                || !t.chars().all(|c| {
                    c.is_alphanumeric()
                        || matches!(c, '-' | '+' | '/' | '.' | '\'' | ',' | '(' | ')')
                })
        })
    {
        return false;
    }
    // A genus abbreviated: `H. pylori`, `S. aureus`.
    if let [genus, species] = tokens[..]
        && genus.len() == 2
        && genus.ends_with('.')
        && genus.starts_with(|c: char| c.is_ascii_uppercase())
        && species.chars().all(|c| c.is_ascii_lowercase())
    {
        return true;
    }
    if tokens.len() == 2 {
        // One of the two carries the abbreviation (`TNF alpha`, `gamma IFN`), or both are
        // short with a capital (`Dyn A`, `E site`).
        return tokens.iter().any(|t| is_short_form(t))
            || (text.chars().any(char::is_uppercase)
                && tokens
                    .iter()
                    .all(|t| t.chars().count() <= 4 || align::is_greek(t)));
    }
    if chars == 1 {
        return text.chars().all(char::is_uppercase);
    }
    let lower = text.to_lowercase();
    let all_lower = text.chars().all(|c| !c.is_uppercase());
    !crate::wordlists::is_common_word(&lower) && (!all_lower || chars <= 5)
}

/// The acronym just before `(`, separated by at most one space: `PAT (personal access token)`.
fn short_before(text: &str, open: usize) -> Option<Range<usize>> {
    let before = &text[..open];
    let end = before.strip_suffix(' ').map_or(open, |b| b.len());
    let word = &text[..end];
    let start = word
        .char_indices()
        .rev()
        .find(|&(_, c)| !(is_word_char(c) || matches!(c, '/' | '&' | '-' | '.')))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let short = &text[start..end];
    (!short.is_empty() && is_short_form(short)).then_some(start..end)
}

/// At most min(|SF| + 5, 2·|SF|) words (Schwartz & Hearst), counting a short form's units.
fn max_words(short: &align::Short) -> usize {
    (short.len() + 5).min(short.len() * 2).max(1)
}

/// The long form that ends just before the bracket at `open`: the shortest run of words
/// there that the most precise strategy accepts.
fn long_form_before(
    text: &str,
    open: usize,
    short: &ShortForm,
    known: &dyn KnownLongForms,
) -> Option<Range<usize>> {
    let short_text = &text[short.range.clone()];
    let units = align::Short::new(short_text);
    let window_end = text[..open]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '”' | ',' | '-'))
        .len();
    let window_start = window_start(text, window_end);
    // Word starts, nearest first.
    let bytes = text.as_bytes();
    let mut starts = Vec::new();
    for i in (window_start..window_end).rev() {
        if (i == window_start || bytes[i - 1].is_ascii_whitespace())
            && !bytes[i].is_ascii_whitespace()
        {
            // `non-high-density lipoprotein (HDL)`, `anti-human immunodeficiency virus
            // (HIV)`: a word's part after a leading word (not after a prefix such as
            // `3-` or `alpha-`, which stays with the long form).
            let word_end = text[i..window_end]
                .find(char::is_whitespace)
                .map_or(window_end, |e| i + e);
            if let Some(hyphen) = text[i..word_end].find('-')
                && is_leading_word(&text[i..i + hyphen])
                && i + hyphen + 1 < word_end
            {
                starts.push(i + hyphen + 1);
            }
            // `(FEV1)/forced vital capacity (FVC)`, `SCID/beige (bg)`.
            if let Some(slash) = text[i..word_end].rfind('/')
                && i + slash + 1 < word_end
            {
                starts.push(i + slash + 1);
            }
            starts.push(i);
        }
    }
    let known_forms: Vec<String> = known
        .long_forms(short_text)
        .iter()
        .map(|k| folded(k))
        .collect();
    if !known_forms.is_empty() {
        for &start in &starts {
            if known_forms.contains(&folded(&text[start..window_end])) {
                return Some(start..window_end);
            }
        }
    }
    starts.truncate(max_words(&units));
    let candidate = |start: usize| {
        let start = start
            + (text[start..window_end].len()
                - text[start..window_end]
                    .trim_start_matches(['"', '“', '\''])
                    .len());
        start..window_end
    };
    for strategy in align::strategies() {
        if short.loose && strategy > align::Strategy::WithinWords {
            break;
        }
        for &start in &starts {
            let long = candidate(start);
            if valid_long_form(&text[long.clone()], short_text, short.loose)
                && units.spelled_by(&text[long.clone()], strategy)
            {
                return Some(with_count_before(text, window_start, long, short_text));
            }
        }
    }
    None
}

/// `20-item Toronto Alexithymia Scale (TAS-20)`: the word before a long form that gives
/// the short form's number, when the long form does not, belongs to it.
fn with_count_before(
    text: &str,
    window_start: usize,
    long: Range<usize>,
    short: &str,
) -> Range<usize> {
    let before = text[window_start..long.start].trim_end();
    if before.len() == long.start - window_start {
        return long;
    }
    let word_start = before
        .rfind(char::is_whitespace)
        .map_or(window_start, |i| window_start + i + 1);
    let word = &text[word_start..window_start + before.len()];
    let number: String = word.chars().take_while(char::is_ascii_digit).collect();
    let rest = &word[number.len()..];
    let in_short = short
        .split(|c: char| !c.is_ascii_digit())
        .any(|n| !n.is_empty() && n == number);
    if in_short
        && !text[long.clone()].contains(number.as_str())
        && (rest.is_empty()
            || (rest.starts_with('-') && rest[1..].chars().all(char::is_alphabetic)))
    {
        word_start..long.end
    } else {
        long
    }
}

/// A word before a hyphen that may be left out of a long form: a word of three letters or
/// more, not a number, a Greek letter or a chemical locant.
fn is_leading_word(word: &str) -> bool {
    word.chars().count() >= 3
        && word.chars().all(|c| c.is_ascii_lowercase())
        && !align::is_greek(word)
}

/// Where a long form ending at `end` may start at the earliest: after the sentence,
/// clause or bracket it stands in (`, ` `. ` `; ` `: ` or an unmatched `(`), the line,
/// or inline code.
/// How far back a long form is looked for; 17 words of chemistry fit.
const WINDOW_BYTES: usize = 400;

fn window_start(text: &str, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = end;
    // At most WINDOW_BYTES back: a block of thousands of brackets stays linear.
    let floor = end.saturating_sub(WINDOW_BYTES);
    for (at, c) in text[..end].char_indices().rev() {
        if at < floor {
            break;
        }
        match c {
            '\n' | CODE_PLACEHOLDER | '!' | '?' | '—' | '–' => break,
            // `malformations--persistent truncus arteriosus`, not `methanesulfon-m--anisidine`.
            '-' if text[..at].ends_with('-')
                && text[..at - 1]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphabetic())
                    .count()
                    >= 3 =>
            {
                break;
            }
            // `SCS from T. kodakaraensis (SCS(Tk))`: an initial does not end a sentence.
            '.' if bytes.get(at + 1) == Some(&b' ')
                && text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_uppercase)
                && !text[..at]
                    .chars()
                    .rev()
                    .nth(1)
                    .is_some_and(char::is_alphanumeric) => {}
            ')' | ']' => depth += 1,
            '(' | '[' => {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            }
            '.' | ',' | ';' | ':' if bytes.get(at + 1).is_none_or(|b| b.is_ascii_whitespace()) => {
                break;
            }
            _ => {}
        }
        i = at;
    }
    i
}

/// The long form inside `( … )` after a short form: it must take up the whole parenthesis
/// (after an optional article).
fn long_form_inside(
    text: &str,
    inner: Range<usize>,
    short: &Range<usize>,
    known: &dyn KnownLongForms,
) -> Option<Range<usize>> {
    let short_text = &text[short.clone()];
    let content = text[inner.clone()].trim();
    let mut offset = inner.start + text[inner.clone()].find(content)?;
    let mut content = content;
    for article in ["a ", "an ", "the "] {
        if content.len() > article.len()
            && content
                .get(..article.len())
                .is_some_and(|c| c.eq_ignore_ascii_case(article))
        {
            offset += article.len();
            content = &content[article.len()..];
            break;
        }
    }
    let long = offset..offset + content.len();
    let known_forms = known.long_forms(short_text);
    if known_forms.iter().any(|k| folded(k) == folded(content)) {
        return Some(long);
    }
    let units = align::Short::new(short_text);
    if content.split_whitespace().count() > max_words(&units)
        || !valid_long_form(content, short_text, false)
    {
        return None;
    }
    align::strategies()
        .any(|s| units.spelled_by(content, s))
        .then_some(long)
}

/// Whether `word` stands in `text` as a whole word, in any case (`D-Gal` does not in
/// `D-Galactosamine`; `CENTRAL` does in `Central Register`).
fn contains_word(text: &str, word: &str) -> bool {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return text.contains(word);
    }
    let text = lower.as_str();
    let word = word.to_lowercase();
    text.match_indices(word.as_str()).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A long form starts with a letter or a digit, or with a bracket closed inside its first
/// word (`(AIDS)-related complex`, `(+/-)-3-(3-hydroxyphenyl)…`, not `(FEV1)/forced…`).
fn starts_well(long: &str) -> bool {
    let Some(first) = long.chars().next() else {
        return false;
    };
    if first.is_alphanumeric() {
        return true;
    }
    let close = match first {
        '(' => ')',
        '[' => ']',
        _ => return false,
    };
    let word = long.split(char::is_whitespace).next().unwrap_or(long);
    word.find(close)
        .and_then(|at| word[at + 1..].chars().next())
        .is_some_and(|c| c == '-' || c.is_alphanumeric())
}

/// Whether every bracket opened in `text` is closed in it, in order.
fn balanced(text: &str) -> bool {
    let mut open = Vec::new();
    for c in text.chars() {
        match c {
            '(' | '[' => open.push(c),
            ')' if open.pop() != Some('(') => return false,
            ']' if open.pop() != Some('[') => return false,
            _ => {}
        }
    }
    open.is_empty()
}

/// A long form is longer than its short form, starts with a letter, a digit or a
/// bracket, and is not the short form itself spaced out (`CRLF (CR LF)` explains nothing).
fn valid_long_form(long: &str, short: &str, loose: bool) -> bool {
    let squeezed: String = long.chars().filter(|c| c.is_alphanumeric()).collect();
    let short_squeezed: String = short.chars().filter(|c| c.is_alphanumeric()).collect();
    starts_well(long)
        && balanced(long)
        && long.chars().count() > short.chars().count()
        && !contains_word(long, short)
        && !squeezed.eq_ignore_ascii_case(&short_squeezed)
        // A one-letter short form names one word of four letters or more.
        && (!loose || short.chars().count() > 1 || squeezed.chars().count() >= 4)
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
    #[test]
    fn a_declared_pair_defines_whatever_its_letters() {
        use crate::markup::Block;
        let block = |range: Range<usize>, kind| Block {
            range,
            kind,
            in_definitions_section: false,
            in_references_section: false,
        };
        let mut prose = Prose::default();
        prose.text = "ZK\nglossary query\nWX\n".to_string();
        prose.blocks = vec![
            block(0..2, BlockKind::DeclaredShort),
            block(3..17, BlockKind::DeclaredLong),
            // A short form with no long form after it declares nothing.
            block(18..20, BlockKind::DeclaredShort),
        ];
        let found = find_definitions(&prose);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].short.as_str(), found[0].long.as_str()),
            ("ZK", "glossary query")
        );
        assert_eq!(found[0].kind, DefinitionKind::Section);
        assert_eq!(
            (found[0].short_range.clone(), found[0].long_range.clone()),
            (0..2, 3..17)
        );
    }

    fn defs_known(source: &str, known: &dyn KnownLongForms) -> Vec<(String, String)> {
        let prose = Prose::new(source, Markup::Markdown);
        find_definitions_with(&prose, known)
            .into_iter()
            .map(|d| (d.short, d.long))
            .collect()
    }

    fn pairs_of(source: &str) -> Vec<(String, String)> {
        defs(source).into_iter().map(|(s, l, _)| (s, l)).collect()
    }

    fn one(short: &str, long: &str) -> Vec<(String, String)> {
        vec![(short.to_string(), long.to_string())]
    }

    #[test]
    fn worded_definitions() {
        for (text, short, long) in [
            (
                "We use a dead-letter queue, or DLQ, for failures.",
                "DLQ",
                "dead-letter queue",
            ),
            (
                "We use a dead-letter\nqueue, or DLQ, for failures.",
                "DLQ",
                "dead-letter queue",
            ),
            (
                "We use a dead-letter queue (or DLQ) for failures.",
                "DLQ",
                "dead-letter queue",
            ),
            (
                "DLQ stands for dead-letter queue.",
                "DLQ",
                "dead-letter queue",
            ),
            (
                "MTTR stands for mean time to repair, which we track.",
                "MTTR",
                "mean time to repair",
            ),
            (
                "The DLQ is short for dead-letter queue here.",
                "DLQ",
                "dead-letter queue",
            ),
            ("DLQ means dead-letter queue.", "DLQ", "dead-letter queue"),
            (
                "DLQ is an abbreviation of dead-letter\nqueue.",
                "DLQ",
                "dead-letter queue",
            ),
            (
                "A dead-letter queue (hereafter DLQ) holds events.",
                "DLQ",
                "dead-letter queue",
            ),
            (
                "A dead-letter queue (abbreviated DLQ) holds events.",
                "DLQ",
                "dead-letter queue",
            ),
            (
                "A dead-letter queue (abbreviated as DLQ) holds.",
                "DLQ",
                "dead-letter queue",
            ),
            (
                "The DLQ — dead-letter queue — holds events.",
                "DLQ",
                "dead-letter queue",
            ),
            ("The DLQ — a dead-letter queue.", "DLQ", "dead-letter queue"),
            (
                "The dead-letter queue — DLQ — holds events.",
                "DLQ",
                "dead-letter queue",
            ),
            (
                "The DLQ -- dead-letter queue -- holds events.",
                "DLQ",
                "dead-letter queue",
            ),
        ] {
            assert_eq!(pairs_of(text), one(short, long), "{text}");
        }
    }

    #[test]
    fn worded_forms_that_define_nothing() {
        for text in [
            "OK means we agree.",
            "DLQ means we retry later.",
            "Red, blue, or DLQ queues.",
            "The team — DLQ owners — met.",
            "A queue, or DLQ, holds.",
            "The API stands for nothing here.",
        ] {
            assert_eq!(pairs_of(text), vec![], "{text}");
        }
    }

    #[test]
    fn a_short_form_spaced_out_is_no_long_form() {
        assert_eq!(
            pairs_of("Lines end with CRLF (CR LF) here. Then LF alone."),
            vec![]
        );
    }

    #[test]
    fn long_forms_keep_numeric_and_greek_prefixes() {
        assert_eq!(
            pairs_of("The 3-hydroxy-3-methylglutaryl-CoA (HMG-CoA) reductase."),
            one("HMG-CoA", "3-hydroxy-3-methylglutaryl-CoA")
        );
        assert_eq!(
            pairs_of("Levels of 17-beta-estradiol (E2) rose."),
            one("E2", "17-beta-estradiol")
        );
        assert_eq!(
            pairs_of("Cells made interleukin-1beta (IL-1beta) and more."),
            one("IL-1beta", "interleukin-1beta")
        );
    }

    #[test]
    fn the_most_precise_alignment_wins_over_the_shortest() {
        // Schwartz & Hearst alone stop at "Index …", spelling the second I inside "Erectile".
        assert_eq!(
            pairs_of("Patients completed the International Index of Erectile Function (IIEF)."),
            one("IIEF", "International Index of Erectile Function")
        );
    }

    #[test]
    fn long_forms_do_not_run_on_into_a_clause() {
        assert_eq!(
            pairs_of("We found that studies were conducted without metabolic activation (S9)."),
            vec![]
        );
        assert_eq!(
            pairs_of("The service that we deployed uses the message queue (MQ) daily."),
            one("MQ", "message queue")
        );
        assert_eq!(
            pairs_of("It runs retrospective analysis of all cases by a single surgeon (RDB)."),
            vec![]
        );
    }

    #[test]
    fn a_definition_list_body_that_names_the_short_form() {
        let p = Prose::new(
            "\"resource owner\":\n:   An entity that grants access. This is sometimes abbreviated as \"RO\".\n",
            Markup::Markdown,
        );
        let found: Vec<(String, String)> = find_definitions(&p)
            .into_iter()
            .map(|d| (d.short, d.long))
            .collect();
        assert_eq!(found, [("RO".to_string(), "resource owner".to_string())]);
    }

    #[test]
    fn nested_and_square_brackets() {
        assert_eq!(
            pairs_of("Found in the endothelium (blood-brain barrier, BBB) and elsewhere."),
            one("BBB", "blood-brain barrier")
        );
        assert_eq!(
            pairs_of("A seven-channel electroencephalogram [EEG] was taken."),
            one("EEG", "electroencephalogram")
        );
        assert_eq!(
            pairs_of("The (AIDS)-related complex (ARC) was seen."),
            one("ARC", "(AIDS)-related complex")
        );
        assert_eq!(
            pairs_of("We use (in production) a dead-letter queue (DLQ)."),
            one("DLQ", "dead-letter queue")
        );
    }

    #[test]
    fn entries_outside_a_definitions_section_need_aligned_letters() {
        let source = "# Design\n\n| Short | Meaning |\n|---|---|\n| DLQ | dead-letter queue |\n| API | Alice |\n\nSLA\n: Service level agreement, what we promise.\n\nOwner\n: Alice\n\n- RTO: recovery time objective\n- XYZ: not a definition here\n";
        assert_eq!(
            defs(source),
            vec![
                pair("DLQ", "dead-letter queue", Section),
                pair("SLA", "Service level agreement", Section),
            ]
        );
        // Three columns: a table of something else.
        assert_eq!(
            defs("| Short | Meaning | Owner |\n|---|---|---|\n| DLQ | dead-letter queue | Bob |\n"),
            vec![]
        );
    }

    #[test]
    fn known_long_forms_define_where_letters_do_not_align() {
        struct Known;
        impl KnownLongForms for Known {
            fn long_forms(&self, short: &str) -> Vec<String> {
                match short {
                    "CHAMP" => vec!["deployment platform".to_string()],
                    _ => Vec::new(),
                }
            }
        }
        let text = "We ship with our deployment platform (CHAMP) daily.";
        assert_eq!(defs_known(text, &()), vec![]);
        assert_eq!(
            defs_known(text, &Known),
            one("CHAMP", "deployment platform")
        );
        let text = "CHAMP stands for Deployment Platform.";
        assert_eq!(
            defs_known(text, &Known),
            one("CHAMP", "Deployment Platform")
        );
    }

    #[test]
    fn glossary_expansions_are_known_long_forms() {
        let mut builder = crate::glossary::GlossaryBuilder::new();
        builder.add(crate::glossary::parse_source(
            "g.toml",
            "[[entries]]\nterm = \"CHAMP\"\nexpansion = \"deployment platform\"\n",
            crate::glossary::SourceFormat::Toml,
        ));
        let glossary = builder.build();
        assert_eq!(
            defs_known("Our deployment platform (CHAMP) ships.", &glossary),
            one("CHAMP", "deployment platform")
        );
    }
    #[test]
    fn short_forms_after_a_comma_in_the_bracket() {
        assert_eq!(
            pairs_of("We use the Kotlin Gradle plugin (from now on, KGP) for builds."),
            one("KGP", "Kotlin Gradle plugin")
        );
        assert_eq!(
            pairs_of("Levels of glutathione peroxidase (EC 1.11.1.9; GPx) fell."),
            one("GPx", "glutathione peroxidase")
        );
    }

    #[test]
    fn short_forms_that_are_not_acronym_shaped() {
        assert_eq!(
            pairs_of("A drop of 0.3 beats per minute (bpm) was seen."),
            one("bpm", "beats per minute")
        );
        assert_eq!(
            pairs_of("Cells made tumor necrosis factor alpha (TNF alpha) today."),
            one("TNF alpha", "tumor necrosis factor alpha")
        );
        assert_eq!(
            pairs_of("The M protein-positive (M+) strain grew."),
            one("M+", "M protein-positive")
        );
        // An English word in brackets is no short form, whatever precedes it.
        assert_eq!(pairs_of("Set the option only once (optional)."), vec![]);
    }
}

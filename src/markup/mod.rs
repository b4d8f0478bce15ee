//! Markup awareness: turning a document into the prose people read.
//!
//! A [`Prose`] is the document's readable text with code, HTML, front matter, link
//! destinations and URLs left out, soft line breaks joined into spaces (so a definition
//! wrapped by a formatter reads as one line), and blocks separated by `\n`. Every prose
//! byte maps back to the source through [`Prose::to_source`].

mod asciidoc;
mod chunks;
mod citations;
pub(crate) mod latex;
mod markdown;
mod mdx;
pub mod metadata;
mod plain;
mod rst;

pub use asciidoc::{DescriptionItem, description_items};
pub use chunks::{Chunks, PieceMemo, chunk_ranges, chunks, piece_hash};

use std::ops::Range;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// What stands for inline code in prose: no word character, so it never joins or forms a
/// term, and one ASCII byte (the "substitute" control character), which keeps the scans
/// over prose on their ASCII fast paths.
pub const CODE_PLACEHOLDER: char = '\u{1A}';

/// The markup languages glossary-ls reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Markup {
    Markdown,
    #[serde(alias = "text", alias = "plain")]
    Plaintext,
    Asciidoc,
    #[serde(alias = "rst")]
    Restructuredtext,
    Latex,
    /// Markdown with JSX (`.mdx`): ESM, JSX tags and `{expressions}` are not prose.
    Mdx,
}

impl Markup {
    /// The markup a file extension means by default, if glossary-ls reads it at all.
    pub fn from_extension(ext: &str) -> Option<Markup> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "md" | "markdown" | "mdown" | "mkd" => Markup::Markdown,
            "mdx" => Markup::Mdx,
            "txt" | "text" => Markup::Plaintext,
            "adoc" | "asciidoc" | "asc" => Markup::Asciidoc,
            "rst" | "rest" => Markup::Restructuredtext,
            "tex" | "latex" => Markup::Latex,
            _ => return None,
        })
    }

    /// The markup an LSP language id means (`markdown`, `plaintext`, …).
    pub fn from_language_id(id: &str) -> Option<Markup> {
        Some(match id {
            "markdown" => Markup::Markdown,
            "mdx" => Markup::Mdx,
            "plaintext" | "text" => Markup::Plaintext,
            "asciidoc" => Markup::Asciidoc,
            "restructuredtext" | "rst" => Markup::Restructuredtext,
            "latex" | "tex" => Markup::Latex,
            _ => return None,
        })
    }
}

/// What kind of block a run of prose came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading(u8),
    ListItem,
    TableCell {
        row: u32,
        column: u32,
        header: bool,
    },
    DefinitionTitle,
    DefinitionBody,
    /// The short form of an abbreviation the markup itself declares (LaTeX `\newacronym`,
    /// a Sphinx or AsciiDoc glossary entry); the next block, a [`BlockKind::DeclaredLong`],
    /// is its long form. The pair defines the short form for the whole document, whether
    /// or not its letters align, as an entry of a definitions section does.
    DeclaredShort,
    /// The long form of the [`BlockKind::DeclaredShort`] block before it.
    DeclaredLong,
}

/// A block of prose: a paragraph, heading, list item, table cell, …
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Range in [`Prose::text`].
    pub range: Range<usize>,
    pub kind: BlockKind,
    /// Inside a section titled Terminology, Definitions, Glossary, Abbreviations or Acronyms.
    pub in_definitions_section: bool,
    /// In a references or bibliography section: titles of cited works, not prose to check.
    pub in_references_section: bool,
}

/// An inline instruction to glossary-ls written in a comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// Rule ids (for disable/enable; empty means every rule) or acronyms (for allow).
    pub names: Vec<String>,
    /// Where the comment is, in the source.
    pub source: Range<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirectiveKind {
    DisableNextLine,
    Disable,
    Enable,
    Allow,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    prose: usize,
    source: usize,
    prose_len: usize,
    source_len: usize,
    /// Each prose byte stands for the source byte at the same place: the source text
    /// itself, or a line break read as a space (not an entity, escape or placeholder).
    exact: bool,
}

/// The readable text of a document and the way back to its source.
#[derive(Clone, Debug, Default)]
pub struct Prose {
    pub text: String,
    pub blocks: Vec<Block>,
    pub directives: Vec<Directive>,
    /// Words with a capital written as code (inline code, code blocks): evidence that the
    /// same word bare in prose is an identifier, not an acronym. Unique, in no set order.
    pub code_words: Vec<Box<str>>,
    /// Acronym-shaped parts of the labels the document cites works by (`QUIC` of
    /// `{{QUIC-TRANSPORT}}`, `CORS` of `{{WHATWG.CORS}}`): an acronym that names a cited
    /// work is explained by the reference. Unique, in no set order.
    pub cited_names: Vec<Box<str>>,
    segments: Vec<Segment>,
}

impl Prose {
    /// Extracts the prose of a whole document written in `markup`.
    pub fn new(source: &str, markup: Markup) -> Prose {
        let mut prose = Prose::parse(source, markup);
        SectionState::default().mark(&mut prose);
        prose
    }

    /// Extracts the prose of a piece of a document (see [`chunk_ranges`]); its sections are
    /// marked afterwards, in document order, by a [`SectionState`].
    pub fn parse(source: &str, markup: Markup) -> Prose {
        Prose::parse_piece(source, markup, true)
    }

    /// Like [`Prose::parse`], for a piece that starts at the top of its document
    /// (`at_start`, where metadata may be) or further down.
    pub fn parse_piece(source: &str, markup: Markup, at_start: bool) -> Prose {
        let mut prose = match markup {
            Markup::Markdown => markdown::prose(source, at_start),
            Markup::Mdx => mdx::prose(source, at_start),
            Markup::Latex => latex::prose(source),
            Markup::Restructuredtext => rst::prose(source, at_start),
            Markup::Asciidoc => asciidoc::prose(source, at_start),
            _ => plain::prose(source),
        };
        prose.blank_urls();
        prose
    }

    /// The source offset of prose offset `offset`. Text that markup rewrote (an entity, an
    /// escape) maps to the start of what it came from.
    pub fn to_source(&self, offset: usize) -> usize {
        self.map(offset, false, &mut 0)
    }

    /// The source range of a prose range.
    pub fn range_to_source(&self, range: Range<usize>) -> Range<usize> {
        self.source_map().range(range)
    }

    /// A mapper for many ranges: fastest when they come in ascending order.
    pub fn source_map(&self) -> SourceMap<'_> {
        SourceMap {
            prose: self,
            hint: 0,
        }
    }

    /// Maps `offset`; `hint` is where the previous lookup ended (0 when unknown).
    fn map(&self, offset: usize, is_end: bool, hint: &mut usize) -> usize {
        // Most lookups fall in the segment of the previous one.
        if let Some(segment) = self.segments.get(*hint) {
            let end = segment.prose + segment.prose_len;
            let inside = if is_end {
                segment.prose < offset && offset <= end
            } else {
                segment.prose <= offset && offset < end
            };
            if inside && segment.exact {
                return segment.source + (offset - segment.prose);
            }
        }
        let before = |s: &Segment| {
            if is_end {
                s.prose < offset
            } else {
                s.prose <= offset
            }
        };
        let index = partition_from(&self.segments, *hint, before);
        *hint = index.saturating_sub(1);
        let Some(segment) = index.checked_sub(1).map(|i| self.segments[i]) else {
            return self.segments.first().map_or(0, |s| s.source);
        };
        let within = offset - segment.prose;
        if within >= segment.prose_len {
            return segment.source + segment.source_len;
        }
        if segment.exact {
            segment.source + within
        } else if is_end {
            segment.source + segment.source_len
        } else {
            segment.source
        }
    }

    /// The block that holds prose offset `offset`.
    pub fn block_at(&self, offset: usize) -> Option<&Block> {
        let index = self.blocks.partition_point(|b| b.range.end < offset);
        self.blocks
            .get(index)
            .filter(|b| b.range.contains(&offset) || b.range.end == offset)
    }

    /// Appends `text`, which came from `source` (and is that very text when `exact`).
    fn push(&mut self, text: &str, source: Range<usize>, exact: bool) {
        if text.is_empty() {
            return;
        }
        // Text that continues the previous segment in both prose and source extends it:
        // fewer segments, faster mapping.
        if let Some(last) = self.segments.last_mut()
            && exact
            && last.exact
            && last.prose + last.prose_len == self.text.len()
            && last.source + last.source_len == source.start
        {
            last.prose_len += text.len();
            last.source_len += source.len();
            self.text.push_str(text);
            return;
        }
        self.segments.push(Segment {
            prose: self.text.len(),
            source: source.start,
            prose_len: text.len(),
            source_len: source.len(),
            exact,
        });
        self.text.push_str(text);
    }

    /// Records the words with a capital in `code` (a code span, or a line of a code block
    /// with its trailing comment already cut off).
    ///
    /// Words inside a double-quoted string are values, often words of prose (`"typ": "JWT"`,
    /// `"JWK Set URL"`), and words between two words of a sentence are prose printed by a
    /// program (`[INFO] Building MicroProfile JWT Auth TCK`), not identifiers: both are
    /// left out.
    fn note_code(&mut self, code: &str, seen: &mut std::collections::HashSet<Box<str>>) {
        let quoted = quoted_ranges(code);
        for word in code.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            // `split` yields slices of `code`: the word's offset is the pointer difference.
            let start = word.as_ptr() as usize - code.as_ptr() as usize;
            // A segment of a path (`docs/ABI/x.md`, `HTTP/1.1`) or a part of a hyphenated
            // name (`RSA-OAEP-256`, `X-API-Key`: no language's identifier has a hyphen) names
            // no identifier.
            let in_path = code[..start].ends_with(['/', '-'])
                || code[start + word.len()..].starts_with(['/', '-']);
            let in_string = quoted.iter().any(|q| q.contains(&start));
            if !in_path
                && !in_string
                && !between_words(code, start..start + word.len())
                && word.len() >= 2
                && word.len() <= 64
                && word.chars().any(char::is_uppercase)
                && !seen.contains(word)
            {
                seen.insert(word.into());
                self.code_words.push(word.into());
            }
        }
    }

    /// Replaces URLs and e-mail addresses with spaces, which keeps every offset.
    fn blank_urls(&mut self) {
        let ranges = url_ranges(&self.text);
        if ranges.is_empty() {
            return;
        }
        let mut text = std::mem::take(&mut self.text);
        let mut blanked = String::with_capacity(text.len());
        let mut at = 0;
        for range in ranges {
            blanked.push_str(&text[at..range.start]);
            // Each character becomes a blank of its own length: offsets, and the character
            // boundaries that map to the source's, stay where they were.
            for c in text[range.clone()].chars() {
                blanked.push(match c.len_utf8() {
                    1 => ' ',
                    2 => '\u{a0}',
                    3 => '\u{2002}',
                    _ => '\u{e0020}',
                });
            }
            at = range.end;
        }
        blanked.push_str(&text[at..]);
        text.clear();
        self.text = blanked;
    }
}

/// Which section a document is in, carried from one piece of it to the next.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SectionState {
    /// The level of the heading that opened the definitions section we are in.
    definitions_level: Option<u8>,
    /// The level of the heading that opened the references section we are in.
    references_level: Option<u8>,
}

impl SectionState {
    /// Marks the blocks of `prose` that stand in a definitions section, and moves on past it.
    pub fn mark(&mut self, prose: &mut Prose) {
        for block in &mut prose.blocks {
            if let BlockKind::Heading(level) = block.kind {
                if self.definitions_level.is_some_and(|l| level <= l) {
                    self.definitions_level = None;
                }
                if self.references_level.is_some_and(|l| level <= l) {
                    self.references_level = None;
                }
                let heading = &prose.text[block.range.clone()];
                if is_definitions_heading(heading) {
                    self.definitions_level = Some(level);
                }
                if is_references_heading(heading) {
                    self.references_level = Some(level);
                }
                block.in_definitions_section = false;
                block.in_references_section = self.references_level.is_some_and(|l| level > l);
            } else {
                block.in_definitions_section = self.definitions_level.is_some();
                block.in_references_section = self.references_level.is_some();
            }
        }
    }
}

/// The code of one line of a code block without its trailing comment (`// …`, `# …`,
/// `-- …`, or a line that is all comment): comments are prose about the code, so their
/// acronyms are no evidence of identifiers.
fn code_without_comment(line: &str) -> &str {
    let trimmed = line.trim_start();
    if ["//", "/*", "* ", "# ", "-- ", "<!--", ";"]
        .iter()
        .any(|p| trimmed.starts_with(p))
        || trimmed == "*"
    {
        return "";
    }
    // The first ` // `, ` # `, ` -- ` or ` /* `: one pass over the spaces of the line.
    let bytes = line.as_bytes();
    let cut = memchr::memchr_iter(b' ', bytes).find(|&i| {
        let rest = &bytes[i + 1..];
        [&b"// "[..], b"# ", b"-- ", b"/* "]
            .iter()
            .any(|m| rest.starts_with(m))
    });
    cut.map_or(line, |cut| &line[..cut])
}

/// Whether a heading opens a list of cited works ("References", "7.1. Normative
/// References", "Bibliography", "Works Cited").
pub fn is_references_heading(heading: &str) -> bool {
    let words: Vec<&str> = heading
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let Some(last) = words.last() else {
        return false;
    };
    let is = |w: &str, s: &str| w.eq_ignore_ascii_case(s);
    (is(last, "references") && words.len() <= 3)
        || is(last, "bibliography")
        || (is(last, "cited") && words.len() == 2)
        || (is(last, "citations") && words.len() <= 2)
}

/// Whether a heading opens a section of definitions ("2. Terminology", "Acronyms and
/// Abbreviations", "Glossary of terms").
pub fn is_definitions_heading(heading: &str) -> bool {
    const WORDS: [&str; 6] = [
        "terminology",
        "definitions",
        "glossary",
        "abbreviations",
        "acronyms",
        "terms and",
    ];
    // The words are ASCII: compare bytes without case, no lower-cased copy per heading.
    let heading = heading.as_bytes();
    WORDS.iter().any(|w| {
        heading
            .windows(w.len())
            .any(|window| window.eq_ignore_ascii_case(w.as_bytes()))
    })
}

/// Paths and repository references written in prose (`owner/repo#123`, `docs/api/x.md`,
/// `./build`, `~/.config`): words with slashes between them that are a path by their shape —
/// an issue or pull request number after `#`, two slashes or more, a leading `/`, `./`, `../`
/// or `~/`, or a file extension at the end. "TCP/IP", "and/or" and "HTTP/2" are no paths.
/// Linear: only the words around each `/` are looked at.
pub fn path_ranges(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    for slash in memchr::memchr_iter(b'/', bytes) {
        if out.last().is_some_and(|r| r.end > slash) {
            continue;
        }
        let is_break = |b: u8| {
            b.is_ascii_whitespace()
                || matches!(
                    b,
                    b'(' | b')' | b'[' | b']' | b'<' | b'>' | b'"' | b'`' | b',' | b';'
                )
        };
        let start = bytes[..slash]
            .iter()
            .rposition(|&b| is_break(b))
            .map_or(0, |i| i + 1);
        let end = bytes[slash..]
            .iter()
            .position(|&b| is_break(b))
            .map_or(bytes.len(), |i| slash + i);
        let word = text[start..end].trim_end_matches(['.', ':', '!', '?']);
        let end = start + word.len();
        let slashes = word.matches('/').count();
        let issue = word
            .rsplit_once('#')
            .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        let rooted = ["/", "./", "../", "~/"].iter().any(|p| word.starts_with(p)) && word.len() > 2;
        let extension = word.rsplit_once('.').is_some_and(|(stem, ext)| {
            stem.contains('/')
                // `.md`, `.yaml`, `.properties`: extensions are short, lower-case words.
                && (1..=10).contains(&ext.len())
                && ext
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        if issue || rooted || extension || slashes >= 2 {
            out.push(start..end);
        }
    }
    out
}

/// Maps prose ranges to source ranges, remembering where the last one was.
pub struct SourceMap<'a> {
    prose: &'a Prose,
    hint: usize,
}

impl SourceMap<'_> {
    pub fn range(&mut self, range: Range<usize>) -> Range<usize> {
        let start = self.prose.map(range.start, false, &mut self.hint);
        // Most ranges (a word, a term) lie within the segment their start is in.
        if let Some(segment) = self.prose.segments.get(self.hint)
            && segment.exact
            && segment.prose <= range.start
            && range.end <= segment.prose + segment.prose_len
        {
            return start..start + range.len();
        }
        let end = self.prose.map(range.end, true, &mut self.hint).max(start);
        start..end
    }
}

/// `items.partition_point(pred)`, starting with a short linear walk from `hint` (ascending
/// lookups cost O(1) each), falling back to a binary search.
fn partition_from<T>(items: &[T], hint: usize, pred: impl Fn(&T) -> bool) -> usize {
    let hint = hint.min(items.len());
    if hint == 0 || pred(&items[hint - 1]) {
        let mut i = hint;
        for _ in 0..16 {
            if i == items.len() || !pred(&items[i]) {
                return i;
            }
            i += 1;
        }
        return i + items[i..].partition_point(pred);
    }
    items[..hint].partition_point(pred)
}

/// Ranges of bare URLs (`https://…`, `www.…`, `mailto:…`) and e-mail addresses.
///
/// Every URL holds a `:` or an `@`, or starts with `www.`; prose has few of either, so the
/// scan jumps from one to the next with `memchr` instead of looking at every byte.
fn url_ranges(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let is_url_byte = |b: u8| !b.is_ascii_whitespace() && !matches!(b, b'<' | b'>' | b'"' | b'`');
    let is_name_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-');
    let mut markers: Vec<(usize, Marker)> = Vec::new();
    for at in memchr::memchr2_iter(b':', b'@', bytes) {
        if bytes[at] == b'@' {
            markers.push((at, Marker::At));
        } else if bytes[at..].starts_with(b"://") {
            markers.push((at, Marker::Scheme));
        } else if bytes[..at].ends_with(b"mailto") {
            markers.push((at - "mailto".len(), Marker::Prefix("mailto:".len())));
        }
    }
    for at in memchr::memmem::find_iter(bytes, b"www.") {
        markers.push((at, Marker::Prefix("www.".len())));
    }
    markers.sort_unstable_by_key(|&(at, _)| at);
    let mut out: Vec<Range<usize>> = Vec::new();
    for (at, marker) in markers {
        // A range never reaches back into the one before it ("a@b.c+http://x": the address
        // ends at the colon where the scheme's name would start), so the ranges stay sorted
        // and disjoint.
        let floor = out.last().map_or(0, |r| r.end);
        if floor > at {
            continue;
        }
        let (mut start, mut end) = (at, at);
        match marker {
            Marker::Scheme => {
                end += "://".len();
                while start > floor
                    && (bytes[start - 1].is_ascii_alphanumeric()
                        || matches!(bytes[start - 1], b'+' | b'.' | b'-'))
                {
                    start -= 1;
                }
                if start == at {
                    continue;
                }
            }
            Marker::At => {
                end += 1;
                while start > floor && is_name_byte(bytes[start - 1]) {
                    start -= 1;
                }
                let domain_start = end;
                while end < bytes.len() && is_name_byte(bytes[end]) {
                    end += 1;
                }
                if start == at || !text[domain_start..end].contains('.') {
                    continue;
                }
                out.push(start..trim_url_end(bytes, start, end));
                continue;
            }
            Marker::Prefix(len) => {
                end += len;
                if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
                    continue;
                }
            }
        }
        while end < bytes.len() && is_url_byte(bytes[end]) {
            end += 1;
        }
        out.push(start..trim_url_end(bytes, start, end));
    }
    out
}

/// What gave a URL away: `://` after a scheme, an `@` in an address, or a prefix
/// (`www.`, `mailto:`) of this length.
#[derive(Clone, Copy)]
enum Marker {
    Scheme,
    At,
    Prefix(usize),
}

/// A URL does not end in sentence punctuation or an unbalanced closing bracket.
fn trim_url_end(bytes: &[u8], start: usize, mut end: usize) -> usize {
    loop {
        let Some(&last) = bytes.get(end.wrapping_sub(1)).filter(|_| end > start) else {
            return end;
        };
        let unbalanced = |open: u8, close: u8| {
            last == close && {
                let slice = &bytes[start..end];
                slice.iter().filter(|&&b| b == close).count()
                    > slice.iter().filter(|&&b| b == open).count()
            }
        };
        if matches!(
            last,
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'*' | b'_'
        ) || unbalanced(b'(', b')')
            || unbalanced(b'[', b']')
        {
            end -= 1;
        } else {
            return end;
        }
    }
}

static DIRECTIVE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"glossary-ls(?:-(disable-next-line|disable|enable)|:\s*(allow))((?:[ \t]+[\p{L}\p{N}][\p{L}\p{N}_./'-]*)*)",
    )
    .expect("static regex")
});

/// Finds directives in comment text that starts at source offset `base`.
fn directives_in(comment: &str, base: usize, out: &mut Vec<Directive>) {
    for caps in DIRECTIVE.captures_iter(comment) {
        let whole = caps.get(0).expect("group 0");
        let kind = match caps.get(1).or(caps.get(2)).map(|m| m.as_str()) {
            Some("disable-next-line") => DirectiveKind::DisableNextLine,
            Some("disable") => DirectiveKind::Disable,
            Some("enable") => DirectiveKind::Enable,
            _ => DirectiveKind::Allow,
        };
        let names = caps[3]
            .split_whitespace()
            .map(|n| n.trim_end_matches([',', '-', '.']).to_string())
            .filter(|n| !n.is_empty())
            .collect();
        out.push(Directive {
            kind,
            names,
            source: base + whole.start()..base + whole.end(),
        });
    }
}

/// Whether `word` stands between two words with only a space on each side, as in a
/// sentence (`Building MicroProfile JWT Auth`), not among the punctuation of code.
fn between_words(code: &str, word: Range<usize>) -> bool {
    let before = code[..word.start].strip_suffix(' ');
    let after = code[word.end..].strip_prefix(' ');
    before.is_some_and(|b| b.ends_with(|c: char| c.is_alphabetic()))
        && after.is_some_and(|a| a.starts_with(|c: char| c.is_alphabetic()))
}

/// The insides of the double-quoted strings of a line of code (a backslash escapes a quote).
fn quoted_ranges(code: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut open = None;
    let mut escaped = false;
    for (i, b) in code.bytes().enumerate() {
        match b {
            b'\\' if !escaped => {
                escaped = true;
                continue;
            }
            b'"' if !escaped => match open.take() {
                Some(start) => ranges.push(start..i),
                None => open = Some(i + 1),
            },
            _ => {}
        }
        escaped = false;
    }
    ranges
}

/// A block where it was found: its kind, its text and its source range.
#[cfg(test)]
pub(crate) type PlacedBlock = (BlockKind, String, Range<usize>);

/// The blocks of `source` parsed whole and parsed piece by piece (pieces of one byte's
/// target, so that every split point is used), and the number of pieces: what a test of a
/// markup's split points compares.
#[cfg(test)]
pub(crate) fn blocks_whole_and_split(
    source: &str,
    markup: Markup,
) -> (Vec<PlacedBlock>, Vec<PlacedBlock>, usize) {
    let whole = Prose::parse(source, markup);
    let expected = whole
        .blocks
        .iter()
        .map(|b| {
            let text = whole.text[b.range.clone()].to_string();
            (b.kind, text, whole.range_to_source(b.range.clone()))
        })
        .collect();
    let ranges = chunk_ranges(source, markup, 1);
    let mut blocks = Vec::new();
    for (i, range) in ranges.iter().enumerate() {
        let piece = Prose::parse_piece(&source[range.clone()], markup, i == 0);
        for b in &piece.blocks {
            let text = piece.text[b.range.clone()].to_string();
            let at = piece.range_to_source(b.range.clone());
            blocks.push((b.kind, text, at.start + range.start..at.end + range.start));
        }
    }
    (expected, blocks, ranges.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_repository_references_are_found() {
        let text = "See acme/Roadmap#42 and docs/Api/MVP.md, ./build and ~/.config; not TCP/IP, and/or, HTTP/2 or I/O. Keys: META-INF/app-keys.properties.";
        let found: Vec<&str> = path_ranges(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            found,
            [
                "acme/Roadmap#42",
                "docs/Api/MVP.md",
                "./build",
                "~/.config",
                "META-INF/app-keys.properties"
            ]
        );
    }

    #[test]
    fn a_blanked_url_keeps_the_character_boundaries_of_the_source() {
        let source = "See https://ex\u{e9}mple.com/\u{fffd}\u{1f600}x now.";
        let prose = Prose::new(source, Markup::Markdown);
        assert_eq!(prose.text.len(), source.len() + 1, "{:?}", prose.text);
        for (i, _) in prose.text.char_indices() {
            assert!(source.is_char_boundary(prose.to_source(i)), "offset {i}");
        }
        assert!(prose.text.starts_with("See ") && prose.text.trim_end().ends_with("now."));
        assert!(!prose.text.contains("mple"));
    }

    #[test]
    fn urls_and_emails_are_found() {
        let text = "See https://example.com/API_docs. Mail ops@example.org or www.acme.io/x (https://a.b/c(d)).";
        let found: Vec<&str> = url_ranges(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            found,
            vec![
                "https://example.com/API_docs",
                "ops@example.org",
                "www.acme.io/x",
                "https://a.b/c(d)"
            ]
        );
        assert!(url_ranges("a @ b, @mention, x@y").is_empty());
        let text = "Write to mailto:ops@example.org, see https://www.acme.io/a:b and awww.no";
        let found: Vec<&str> = url_ranges(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            found,
            vec!["mailto:ops@example.org", "https://www.acme.io/a:b"]
        );
    }

    #[test]
    fn url_ranges_stay_sorted_and_disjoint_when_an_address_touches_a_scheme() {
        // Once overlapping ranges, and a panic blanking them (found by fuzzing).
        for text in [
            "a@b.c+http://x now",
            "x@y.z-www.q.r",
            "a@b.c@d.e.f",
            "u@v.w+mailto:k@l.m",
        ] {
            let ranges = url_ranges(text);
            assert!(
                ranges.windows(2).all(|w| w[0].end <= w[1].start),
                "{text:?}: {ranges:?}"
            );
        }
        let text = "Write to a@b.c+http://x now.";
        let found: Vec<&str> = url_ranges(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, vec!["a@b.c+http"]);
    }

    #[test]
    fn directives_parse() {
        let mut out = Vec::new();
        directives_in(
            "<!-- glossary-ls-disable-next-line undefined-acronym term-case -->",
            10,
            &mut out,
        );
        directives_in("<!-- glossary-ls: allow ACME K8s -->", 0, &mut out);
        directives_in("<!-- glossary-ls-disable -->", 0, &mut out);
        assert_eq!(out[0].kind, DirectiveKind::DisableNextLine);
        assert_eq!(out[0].names, vec!["undefined-acronym", "term-case"]);
        assert_eq!(out[0].source.start, 15);
        assert_eq!(out[1].kind, DirectiveKind::Allow);
        assert_eq!(out[1].names, vec!["ACME", "K8s"]);
        assert_eq!(out[2].kind, DirectiveKind::Disable);
        assert!(out[2].names.is_empty());
    }
}

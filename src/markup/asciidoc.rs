//! AsciiDoc prose: a line-based block parser and an inline scanner, written by hand.
//!
//! No maintained crate parses AsciiDoc with source positions for every inline span (the
//! `asciidoc-parser` crate is pre-1.0, changes its API every release and resolves
//! substitutions for rendering), and what glossary-ls needs is narrower: which bytes a
//! reader reads as prose. Blocks follow Asciidoctor's rules:
//!
//! - the document header (title, author and revision lines, attribute entries up to the
//!   first blank line) and attribute entries (`:name: value`) anywhere are metadata;
//! - listing (`----`), literal (`....` and indented paragraphs), fenced code, passthrough
//!   (`++++`), comment (`////`, `//`) blocks, and blocks styled `[source]`, `[listing]`,
//!   `[literal]`, `[pass]`, `[stem]`, `[latexmath]`, `[asciimath]`, `[comment]` are not
//!   prose (listing and literal lines are evidence of identifiers, see `code_words`);
//! - section titles (`==`…, `##`…) are headings; paragraphs, list items, description
//!   lists, table cells, block titles (`.Title`), admonitions (the `NOTE:` label left out)
//!   and the contents of example, sidebar, quote and open blocks are prose;
//! - in a `[glossary]` section or list, an acronym-shaped term with a definition is a
//!   declared abbreviation ([`BlockKind::DeclaredShort`]); elsewhere a description list
//!   is a definition list the normal alignment rules read.
//!
//! Inline: monospace and passthroughs become one [`CODE_PLACEHOLDER`], attribute
//! references and `<<id>>` one placeholder, macros that render no prose (`pass:[]`,
//! `stem:[]`, `image:`, `kbd:[]`…) one placeholder; xrefs, links and footnotes keep their
//! text and lose their target; formatting marks (`*`, `_`, `#`) are left out.

use super::{Block, BlockKind, CODE_PLACEHOLDER, Prose, directives_in};
use crate::acronym::is_acronym_shaped;
use std::collections::HashSet;
use std::ops::Range;

/// A line of the source without its line ending.
#[derive(Clone, Copy)]
struct Line<'a> {
    start: usize,
    text: &'a str,
}

/// The lines of `source`, `\n`, `\r\n` and lone `\r` endings taken off.
fn lines(source: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let bytes = source.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        out.push(Line {
            start,
            text: &source[start..end],
        });
        start = if bytes.get(end) == Some(&b'\r') && bytes.get(end + 1) == Some(&b'\n') {
            end + 2
        } else {
            end + 1
        };
    }
    out
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// What a delimiter line opens, and what its contents are.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Delimited {
    /// `----`, ``` ``` ```, `....`: code or literal text.
    Verbatim,
    /// `++++` and `////`: nothing a reader reads as prose.
    Hidden,
    /// `|===`, `!===`, `,===`, `:===`.
    Table(u8),
    /// `====`, `****`, `____`, `--`: prose blocks inside.
    Compound,
}

/// The kind of block a delimiter line opens (`----`, `|===`, …), if it is one.
fn delimiter(line: &str) -> Option<Delimited> {
    let line = line.trim_end();
    let bytes = line.as_bytes();
    let first = *bytes.first()?;
    if line == "--" {
        return Some(Delimited::Compound);
    }
    if bytes.len() >= 3 && line.starts_with("```") {
        return Some(Delimited::Verbatim);
    }
    if bytes.len() >= 4 && matches!(first, b'|' | b'!' | b',' | b':') && &line[1..] == "===" {
        return Some(Delimited::Table(first));
    }
    if bytes.len() < 4 || !bytes.iter().all(|&b| b == first) {
        return None;
    }
    match first {
        b'-' | b'.' => Some(Delimited::Verbatim),
        b'+' | b'/' => Some(Delimited::Hidden),
        b'=' | b'*' | b'_' => Some(Delimited::Compound),
        _ => None,
    }
}

/// Whether the delimiter line `line` closes a block opened by `opener`.
fn closes(opener: &str, line: &str) -> bool {
    let (opener, line) = (opener.trim_end(), line.trim_end());
    if opener.starts_with("```") {
        return line.starts_with("```") && line.bytes().all(|b| b == b'`');
    }
    opener == line
}

/// A block attribute line (`[source,java]`, `[[id]]`, `[#id.role%header]`): the style it
/// sets (`source`), if any.
fn attribute_line(line: &str) -> Option<&str> {
    let line = line.trim_end();
    let inner = line.strip_prefix('[')?.strip_suffix(']')?;
    if inner.starts_with('[') {
        // An anchor: `[[id]]` or `[[id, reftext]]`.
        return Some("");
    }
    if inner.is_empty() || inner.starts_with([' ', '\t']) {
        return if inner.is_empty() { Some("") } else { None };
    }
    let first = inner.split(',').next().unwrap_or_default().trim();
    // Shorthands after the style: `source#id.role%opt`.
    let style = first
        .split(['#', '.', '%'])
        .next()
        .unwrap_or_default()
        .trim_matches('"');
    if style.contains('=') {
        return Some("");
    }
    Some(style)
}

/// A section title: its level (the number of `=` or `#`) and where its text starts.
fn heading(line: &str) -> Option<(u8, usize)> {
    let first = *line.as_bytes().first()?;
    if first != b'=' && first != b'#' {
        return None;
    }
    let marks = line.bytes().take_while(|&b| b == first).count();
    if marks > 6 {
        return None;
    }
    let rest = &line[marks..];
    if !rest.starts_with([' ', '\t']) || rest.trim().is_empty() {
        return None;
    }
    Some((marks as u8, marks + (rest.len() - rest.trim_start().len())))
}

/// An attribute entry (`:name: value`, `:name!:`, `:!name:`).
fn is_attribute_entry(line: &str) -> bool {
    let Some(rest) = line.strip_prefix(':') else {
        return false;
    };
    let rest = rest.strip_prefix('!').unwrap_or(rest);
    let name_len = rest
        .bytes()
        .take_while(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        .count();
    if name_len == 0 {
        return false;
    }
    let rest = &rest[name_len..];
    let rest = rest.strip_prefix('!').unwrap_or(rest);
    rest.strip_prefix(':')
        .is_some_and(|after| after.is_empty() || after.starts_with([' ', '\t']))
}

/// A preprocessor directive or block macro (`include::x[]`, `ifdef::a[]`, `image::x[alt]`,
/// `toc::[]`): never prose.
fn is_block_macro(line: &str) -> bool {
    let line = line.trim_end();
    let name_len = line
        .bytes()
        .take_while(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        .count();
    name_len > 0
        && line[name_len..].starts_with("::")
        && !line[name_len + 2..].starts_with([' ', '\t'])
        && line.ends_with(']')
        && !line[name_len + 2..].is_empty()
}

fn is_line_comment(line: &str) -> bool {
    line.starts_with("//") && !(line.len() >= 4 && line.bytes().all(|b| b == b'/'))
}

/// A block title: `.Title` (not `. item`, `..`, or `....`).
fn block_title(line: &str) -> Option<usize> {
    let rest = line.strip_prefix('.')?;
    let next = rest.chars().next()?;
    (!next.is_whitespace() && next != '.').then_some(1)
}

/// A list item: where its text starts (after the marker and a checkbox).
fn list_item(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let bytes = trimmed.as_bytes();
    let first = *bytes.first()?;
    let marker = match first {
        b'*' | b'.' => {
            let run = bytes.iter().take_while(|&&b| b == first).count();
            if run > 5 {
                return None;
            }
            run
        }
        b'-' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if bytes.get(digits) != Some(&b'.') || digits > 9 {
                return None;
            }
            digits + 1
        }
        b'a'..=b'z' | b'A'..=b'Z' if bytes.get(1) == Some(&b'.') => 2,
        _ => return None,
    };
    let rest = &trimmed[marker..];
    if !rest.starts_with([' ', '\t']) || rest.trim().is_empty() {
        return None;
    }
    let mut text = indent + marker + (rest.len() - rest.trim_start().len());
    for checkbox in ["[ ] ", "[x] ", "[X] ", "[*] "] {
        if line[text..].starts_with(checkbox) {
            text += checkbox.len();
        }
    }
    Some(text)
}

/// A description list item `term:: definition` (`:::`, `::::`, `;;`): the term's range
/// and where the definition starts on the line (the line's end when it is below).
fn dlist_item(line: &str) -> Option<(Range<usize>, usize)> {
    let trimmed = line.trim_start();
    if trimmed.is_empty() || trimmed.starts_with("//") {
        return None;
    }
    let indent = line.len() - trimmed.len();
    let bytes = line.as_bytes();
    let mut from = indent;
    while let Some(at) = memchr::memchr2(b':', b';', &bytes[from..]).map(|i| from + i) {
        let mark = bytes[at];
        let run = bytes[at..].iter().take_while(|&&b| b == mark).count();
        let valid = if mark == b':' {
            (2..=4).contains(&run)
        } else {
            run == 2
        };
        let after = at + run;
        if valid
            && at > indent
            && (after == bytes.len() || matches!(bytes[after], b' ' | b'\t'))
            && !matches!(bytes[at - 1], b':' | b';')
        {
            let text = line[after..].trim_start();
            return Some((indent..at, line.len() - text.len()));
        }
        from = at + run;
    }
    None
}

const ADMONITIONS: [&str; 5] = ["NOTE: ", "TIP: ", "IMPORTANT: ", "WARNING: ", "CAUTION: "];

/// Styles whose paragraph or block is code or literal text.
fn is_verbatim_style(style: &str) -> bool {
    matches!(style, "source" | "listing" | "literal")
}

/// Styles whose paragraph or block is not read at all.
fn is_hidden_style(style: &str) -> bool {
    matches!(
        style,
        "pass" | "stem" | "latexmath" | "asciimath" | "comment"
    )
}

/// Where the document header ends (after the blank line that closes it), or 0 when the
/// document has no header. The header is the `= Title` line after leading blank lines,
/// comments and attribute entries, and every line up to the next blank line.
pub(super) fn header_end(source: &str) -> usize {
    let all = lines(source);
    let mut i = 0;
    let mut in_comment_block = false;
    while let Some(line) = all.get(i) {
        let text = line.text;
        if in_comment_block {
            in_comment_block = !(text.len() >= 4 && text.bytes().all(|b| b == b'/'));
        } else if text.len() >= 4 && text.trim_end().bytes().all(|b| b == b'/') {
            in_comment_block = true;
        } else if !(is_blank(text) || is_line_comment(text) || is_attribute_entry(text)) {
            break;
        }
        i += 1;
    }
    let Some(title) = all.get(i) else {
        return 0;
    };
    if !matches!(heading(title.text), Some((1, _))) {
        return 0;
    }
    let mut end = i;
    while all.get(end).is_some_and(|l| !is_blank(l.text)) {
        end += 1;
    }
    all.get(end).map_or(source.len(), |l| l.start)
}

/// Tracks what a piece of a document may not start inside: delimited blocks, a block's
/// attributes or title waiting for it, a description term waiting for its definition, a
/// `[glossary]` section or list. Fed every line; see [`Splitter::feed`].
#[derive(Default)]
pub(super) struct Splitter {
    /// The open delimited blocks: their delimiter line and kind.
    open: Vec<(String, Delimited)>,
    /// Attributes, a title, a list continuation or a term waits for the next block.
    held: bool,
    glossary: Glossary,
    previous_blank: bool,
}

impl Splitter {
    /// Takes the next line; true when a piece may start at it (the parser's state before it
    /// is the state at the top of a document body).
    pub(super) fn feed(&mut self, line: &str) -> bool {
        if is_blank(line) {
            self.previous_blank = true;
            return false;
        }
        let previous_blank = std::mem::replace(&mut self.previous_blank, false);
        let inside = match self.open.last() {
            Some((opener, kind)) => {
                if closes(opener, line) {
                    self.open.pop();
                    return false;
                }
                if *kind != Delimited::Compound {
                    return false;
                }
                true
            }
            None => false,
        };
        if is_line_comment(line) {
            return false;
        }
        self.glossary.before(line, previous_blank);
        let safe = !inside
            && previous_blank
            && !self.held
            && self.glossary.is_idle()
            && !line.starts_with([' ', '\t']);
        if let Some(kind) = delimiter(line) {
            self.open.push((line.to_string(), kind));
            self.held = false;
        } else if let Some(style) = attribute_line(line) {
            self.glossary.style(style);
            self.held = true;
        } else {
            self.held = block_title(line).is_some()
                || line.trim_end() == "+"
                || dlist_item(line).is_some_and(|(_, def)| def == line.len());
        }
        safe
    }
}

/// Whether description lists define abbreviations: in a section or list styled
/// `[glossary]`.
#[derive(Default, Clone, Copy)]
struct Glossary {
    /// The `[glossary]` style waits for its section or list.
    pending: bool,
    /// The level of the `[glossary]` section we are in.
    section: Option<u8>,
    /// Inside a description list styled `[glossary]`.
    list: bool,
}

impl Glossary {
    /// Updates the state for a line that is not blank, not a comment and not inside a
    /// delimited block, before the line is read.
    /// `starts_block` when the line cannot continue a paragraph (only such a heading
    /// closes a section: the splitter, which does not track paragraphs, passes "after a
    /// blank line" and so never sees a section closed that the parser still has open).
    fn before(&mut self, line: &str, starts_block: bool) {
        if let Some((level, _)) = heading(line) {
            if starts_block && self.section.is_some_and(|l| level <= l) {
                self.section = None;
            }
            if std::mem::take(&mut self.pending) {
                self.section = Some(level);
            }
            self.list = false;
        } else if dlist_item(line).is_some() {
            if std::mem::take(&mut self.pending) {
                self.list = true;
            }
        } else if attribute_line(line).is_none() && block_title(line).is_none() {
            self.pending = false;
            // A definition's lines continue the list; any other block ends it.
            if !line.starts_with([' ', '\t']) && delimiter(line).is_some() {
                self.list = false;
            }
        }
    }

    fn style(&mut self, style: &str) {
        if style == "glossary" {
            self.pending = true;
        }
    }

    fn active(&self) -> bool {
        self.section.is_some() || self.list
    }

    fn is_idle(&self) -> bool {
        !self.pending && !self.active()
    }
}

/// Text of a block assembled from source lines, joined by `\n`, with the way back.
#[derive(Default)]
struct Joined {
    text: String,
    /// For each line: where it starts in `text`, and in the source.
    parts: Vec<(usize, usize)>,
}

impl Joined {
    fn add(&mut self, source_start: usize, text: &str) {
        if !self.parts.is_empty() {
            self.text.push('\n');
        }
        self.parts.push((self.text.len(), source_start));
        self.text.push_str(text);
    }

    fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    fn clear(&mut self) {
        self.text.clear();
        self.parts.clear();
    }

    /// The source offset of `at` in `text` (an offset inside a line, or a line's end).
    fn source(&self, at: usize) -> usize {
        let index = self.parts.partition_point(|&(j, _)| j <= at).max(1) - 1;
        let (j, s) = self.parts[index];
        s + (at - j)
    }
}

struct Builder<'a> {
    source: &'a str,
    prose: Prose,
    seen: HashSet<Box<str>>,
    glossary: Glossary,
    /// The style of the last block attribute line, for the next block.
    style: String,
    /// The last attribute line, whole (a table's `cols` and `options`).
    attributes: String,
    /// Index in `prose.blocks` of the term waiting for its definition.
    term: Option<usize>,
    /// Description list items: the term's block, the definition's block, and whether the
    /// list is a glossary.
    items: Vec<(usize, usize, bool)>,
}

/// The prose of `source`; `at_start` when it starts at the top of its document, where the
/// header may be.
pub(super) fn prose(source: &str, at_start: bool) -> Prose {
    build(source, at_start).prose
}

/// A description list item (`term:: definition`) of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DescriptionItem {
    /// The term as a reader reads it (inline markup resolved).
    pub term: String,
    /// Where the term starts in the source.
    pub term_offset: usize,
    pub definition: String,
    /// In a `[glossary]` section or list.
    pub in_glossary: bool,
}

/// Every description list item of an AsciiDoc document that has a definition, in order.
pub fn description_items(source: &str) -> Vec<DescriptionItem> {
    let b = build(source, true);
    let text = |i: usize| {
        b.prose
            .blocks
            .get(i)
            .map_or("", |block| b.prose.text[block.range.clone()].trim())
    };
    b.items
        .iter()
        .map(|&(term, definition, in_glossary)| {
            let range = b
                .prose
                .blocks
                .get(term)
                .map_or(0..0, |block| b.prose.range_to_source(block.range.clone()));
            // A term written as code (`` `Snapshot` ``) is still the term: its source
            // without the formatting marks around it.
            let term_text = if text(term).contains(CODE_PLACEHOLDER) {
                source
                    .get(range.clone())
                    .unwrap_or_default()
                    .trim_matches(|c: char| matches!(c, '`' | '*' | '_' | '+' | '#'))
                    .to_string()
            } else {
                text(term).to_string()
            };
            DescriptionItem {
                term: term_text,
                term_offset: range.start,
                definition: text(definition).to_string(),
                in_glossary,
            }
        })
        .collect()
}

fn build(source: &str, at_start: bool) -> Builder<'_> {
    let mut b = Builder {
        source,
        prose: Prose::default(),
        seen: HashSet::new(),
        glossary: Glossary::default(),
        style: String::new(),
        attributes: String::new(),
        term: None,
        items: Vec::new(),
    };
    b.prose.text.reserve(source.len());
    let all = lines(source);
    let mut i = 0;
    if at_start {
        let end = header_end(source);
        while all.get(i).is_some_and(|l| l.start < end) {
            b.comment(all[i]);
            i += 1;
        }
    }
    b.blocks(&all[i..]);
    b
}

/// The kind of the paragraph being collected.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Para {
    Prose(BlockKind),
    /// Lines of code or literal text: their words are evidence of identifiers.
    Code,
    Hidden,
}

impl Builder<'_> {
    /// Scans a comment (or any hidden line) for directives.
    fn comment(&mut self, line: Line<'_>) {
        if line.text.contains("glossary-ls") {
            directives_in(line.text, line.start, &mut self.prose.directives);
        }
    }

    fn code_line(&mut self, line: &str) {
        let code = super::code_without_comment(line);
        self.prose.note_code(code, &mut self.seen);
    }

    fn take_style(&mut self) -> String {
        self.attributes.clear();
        std::mem::take(&mut self.style)
    }

    fn blocks(&mut self, all: &[Line<'_>]) {
        let mut para = Joined::default();
        let mut kind = Para::Prose(BlockKind::Paragraph);
        // Compound blocks open around the current line, innermost last.
        let mut open: Vec<&str> = Vec::new();
        let mut i = 0;
        while i < all.len() {
            let line = all[i];
            let text = line.text;
            i += 1;
            if is_blank(text) {
                self.flush(&mut para, kind);
                continue;
            }
            if is_line_comment(text) {
                self.comment(line);
                continue;
            }
            if (kind == Para::Code || kind == Para::Hidden)
                && delimiter(text).is_none()
                && !para.is_empty()
            {
                // A literal, source or hidden paragraph runs to the blank line.
                if kind == Para::Code {
                    self.code_line(text);
                }
                para.add(line.start, "");
                continue;
            }
            let in_item = matches!(
                kind,
                Para::Prose(BlockKind::ListItem | BlockKind::DefinitionBody)
            );
            if !para.is_empty() {
                let breaks = delimiter(text).is_some()
                    || attribute_line(text).is_some()
                    || is_attribute_entry(text)
                    || (in_item && (list_item(text).is_some() || dlist_item(text).is_some()))
                    || (in_item && text.trim_end() == "+");
                if !breaks {
                    let content = text.trim_start();
                    let at = line.start + (text.len() - content.len());
                    para.add(at, content);
                    continue;
                }
                self.flush(&mut para, kind);
            }
            if let Some(&opener) = open.last()
                && closes(opener, text)
            {
                open.pop();
                continue;
            }
            self.glossary.before(text, true);
            if let Some(delimited) = delimiter(text) {
                let attributes = std::mem::take(&mut self.attributes);
                let style = self.take_style();
                let delimited = match delimited {
                    Delimited::Compound if is_verbatim_style(&style) => Delimited::Verbatim,
                    Delimited::Compound if is_hidden_style(&style) => Delimited::Hidden,
                    Delimited::Verbatim if is_hidden_style(&style) => Delimited::Hidden,
                    other => other,
                };
                if delimited == Delimited::Compound {
                    open.push(text);
                    continue;
                }
                let end = all[i..]
                    .iter()
                    .position(|l| closes(text, l.text))
                    .map_or(all.len(), |p| i + p);
                let inner = &all[i..end];
                match delimited {
                    Delimited::Verbatim => inner.iter().for_each(|l| self.code_line(l.text)),
                    Delimited::Table(separator) => self.table(inner, separator, &attributes),
                    _ => inner.iter().for_each(|&l| self.comment(l)),
                }
                i = (end + 1).min(all.len());
                continue;
            }
            if let Some(style) = attribute_line(text) {
                self.glossary.style(style);
                if !style.is_empty() {
                    self.style = style.to_string();
                }
                self.attributes = text.to_string();
                continue;
            }
            if is_attribute_entry(text) || is_block_macro(text) {
                self.take_style();
                self.comment(line);
                continue;
            }
            if matches!(text.trim_end(), "+" | "'''" | "---" | "***" | "<<<") {
                self.take_style();
                continue;
            }
            if let Some((level, at)) = heading(text) {
                self.take_style();
                self.term = None;
                let mut title = Joined::default();
                let content = text[at..].trim_end();
                let unmarked = content.trim_end_matches(text.as_bytes()[0] as char);
                let content = if unmarked.ends_with([' ', '\t']) {
                    unmarked.trim_end()
                } else {
                    content
                };
                title.add(line.start + at, content);
                self.flush(&mut title, Para::Prose(BlockKind::Heading(level)));
                continue;
            }
            if let Some(at) = block_title(text) {
                let mut title = Joined::default();
                title.add(line.start + at, text[at..].trim_end());
                self.flush(&mut title, Para::Prose(BlockKind::Paragraph));
                continue;
            }
            let style = self.take_style();
            if !text.starts_with([' ', '\t'])
                && let Some((term, definition)) = dlist_item(text)
            {
                let mut joined = Joined::default();
                joined.add(line.start + term.start, &text[term]);
                self.term = None;
                self.flush(&mut joined, Para::Prose(BlockKind::DefinitionTitle));
                self.term = Some(self.prose.blocks.len().wrapping_sub(1));
                kind = Para::Prose(BlockKind::DefinitionBody);
                if definition < text.len() {
                    para.add(line.start + definition, text[definition..].trim_end());
                }
                continue;
            }
            if let Some(at) = list_item(text) {
                kind = Para::Prose(BlockKind::ListItem);
                para.add(line.start + at, text[at..].trim_end());
                continue;
            }
            if self.term.is_some() {
                // The definition of a term on a line above.
                kind = Para::Prose(BlockKind::DefinitionBody);
                let content = text.trim();
                para.add(line.start + (text.len() - text.trim_start().len()), content);
                continue;
            }
            kind = if text.starts_with([' ', '\t']) || is_verbatim_style(&style) {
                self.code_line(text);
                Para::Code
            } else if is_hidden_style(&style) {
                Para::Hidden
            } else {
                Para::Prose(BlockKind::Paragraph)
            };
            let mut at = 0;
            if kind == Para::Prose(BlockKind::Paragraph)
                && let Some(label) = ADMONITIONS.iter().find(|a| text.starts_with(**a))
            {
                at = label.len();
            }
            para.add(line.start + at, text[at..].trim_end());
        }
        self.flush(&mut para, kind);
    }

    /// Emits the collected paragraph as one block of `kind`.
    fn flush(&mut self, para: &mut Joined, kind: Para) {
        if para.is_empty() {
            return;
        }
        let Para::Prose(mut kind) = kind else {
            para.clear();
            return;
        };
        if kind != BlockKind::DefinitionTitle && kind != BlockKind::DefinitionBody {
            self.term = None;
        }
        let start = self.prose.text.len();
        self.scan(para);
        para.clear();
        let end = self.prose.text.len();
        if end == start {
            return;
        }
        let term = if kind == BlockKind::DefinitionBody {
            self.term.take()
        } else {
            None
        };
        if let Some(term) = term
            && self.glossary.active()
            && let Some(title) = self.prose.blocks.get(term)
            && title.kind == BlockKind::DefinitionTitle
            && is_acronym_shaped(
                self.prose.text[title.range.clone()].trim_matches(|c: char| !c.is_alphanumeric()),
            )
        {
            self.prose.blocks[term].kind = BlockKind::DeclaredShort;
            kind = BlockKind::DeclaredLong;
        }
        if let Some(term) = term {
            self.items
                .push((term, self.prose.blocks.len(), self.glossary.active()));
        }
        self.prose.blocks.push(Block {
            range: start..end,
            kind,
            in_definitions_section: false,
            in_references_section: false,
        });
        self.prose.text.push('\n');
    }

    /// A table's cells, each a block of its own.
    fn table(&mut self, inner: &[Line<'_>], separator: u8, attributes: &str) {
        let mut cells: Vec<(Joined, u8, usize)> = Vec::new();
        let csv = separator == b',' || separator == b':' || attributes.contains("format=csv");
        let mut first_line_cells = 0;
        let mut first_line = None;
        let mut header_blank = false;
        for (n, line) in inner.iter().enumerate() {
            let text = line.text;
            if is_blank(text) {
                if first_line == Some(n.wrapping_sub(1)) {
                    header_blank = true;
                }
                continue;
            }
            if is_line_comment(text) {
                self.comment(*line);
                continue;
            }
            let bytes = text.as_bytes();
            let before = cells.len();
            let mut segment = 0;
            let mut at = 0;
            if csv {
                for piece in text.split(separator as char) {
                    let mut joined = Joined::default();
                    let start = piece.len() - piece.trim_start().len();
                    joined.add(line.start + at + start, piece.trim());
                    cells.push((joined, b'd', 1));
                    at += piece.len() + 1;
                }
            } else {
                while let Some(found) = memchr::memchr(separator, &bytes[at..]) {
                    let sep = at + found;
                    if sep > 0 && bytes[sep - 1] == b'\\' {
                        at = sep + 1;
                        continue;
                    }
                    // A cell specifier (`2+`, `a`, `.3+^.>s`) just before the separator.
                    let head = &text[segment..sep];
                    let token_start = head.rfind([' ', '\t']).map_or(segment, |s| segment + s + 1);
                    let (spec_style, span) =
                        cell_spec(&text[token_start..sep]).unwrap_or((b'd', 1));
                    let content_end = if cell_spec(&text[token_start..sep]).is_some() {
                        token_start
                    } else {
                        sep
                    };
                    if let Some((joined, _, _)) = cells.last_mut() {
                        let piece = &text[segment..content_end];
                        if !piece.trim().is_empty() {
                            let lead = piece.len() - piece.trim_start().len();
                            joined.add(line.start + segment + lead, piece.trim());
                        }
                    }
                    cells.push((Joined::default(), spec_style, span));
                    segment = sep + 1;
                    at = sep + 1;
                }
                if let Some((joined, _, _)) = cells.last_mut() {
                    let piece = &text[segment..];
                    if !piece.trim().is_empty() {
                        let lead = piece.len() - piece.trim_start().len();
                        joined.add(line.start + segment + lead, piece.trim());
                    }
                }
            }
            if first_line.is_none() {
                first_line = Some(n);
                first_line_cells = cells.len() - before;
            }
        }
        let columns = columns(attributes).unwrap_or(first_line_cells).max(1);
        let lower = attributes.to_ascii_lowercase();
        let header = (lower.contains("header") && !lower.contains("noheader"))
            || (header_blank && !lower.contains("noheader"));
        let (mut row, mut column) = (0u32, 0usize);
        for (mut joined, cell_style, span) in cells {
            let is_header = header && row == 0;
            match cell_style {
                b'l' | b'm' => {
                    for line in joined.text.lines() {
                        self.code_line(line);
                    }
                }
                _ => {
                    let start = self.prose.text.len();
                    self.scan(&joined);
                    let end = self.prose.text.len();
                    if end > start {
                        self.prose.blocks.push(Block {
                            range: start..end,
                            kind: BlockKind::TableCell {
                                row: if header { row } else { row + 1 },
                                column: column as u32,
                                header: is_header,
                            },
                            in_definitions_section: false,
                            in_references_section: false,
                        });
                        self.prose.text.push('\n');
                    }
                }
            }
            joined.clear();
            column += span;
            if column >= columns {
                column = 0;
                row += 1;
            }
        }
        self.term = None;
    }

    /// Appends the prose of `joined` (inline markup resolved), line breaks read as spaces.
    fn scan(&mut self, joined: &Joined) {
        let spans = inline_spans(&joined.text);
        let mut at = 0;
        for span in spans {
            self.emit(joined, at..span.range.start);
            match span.kind {
                Inline::Hidden => {}
                Inline::Code => {
                    let inner = joined.text[span.range.clone()].trim_matches(['`', '+']);
                    let inner = inner.to_string();
                    self.prose.note_code(&inner, &mut self.seen);
                    self.placeholder(joined, span.range.clone());
                }
                Inline::Placeholder => self.placeholder(joined, span.range.clone()),
                Inline::Replace(text) => {
                    let range = joined.source(span.range.start)..joined.source(span.range.end);
                    self.prose.push(text, range, false);
                }
            }
            at = span.range.end;
        }
        self.emit(joined, at..joined.text.len());
    }

    fn placeholder(&mut self, joined: &Joined, range: Range<usize>) {
        let range = joined.source(range.start)..joined.source(range.end);
        self.prose
            .push(CODE_PLACEHOLDER.encode_utf8(&mut [0; 4]), range, false);
    }

    /// Appends `range` of the joined text: its lines byte for byte, each `\n` a space that
    /// stands for the source between two lines.
    fn emit(&mut self, joined: &Joined, range: Range<usize>) {
        let mut at = range.start;
        while at < range.end {
            let text = &joined.text[at..range.end];
            match memchr::memchr(b'\n', text.as_bytes()) {
                Some(0) => {
                    let from = joined.source(at);
                    let to = joined.source(at + 1);
                    let gap = self.source.get(from..to).unwrap_or_default();
                    let exact = gap == "\n";
                    self.prose.push(" ", from..to, exact);
                    at += 1;
                }
                found => {
                    let end = found.map_or(range.end, |f| at + f);
                    let source = joined.source(at);
                    self.prose
                        .push(&joined.text[at..end], source..source + (end - at), true);
                    at = end;
                }
            }
        }
    }
}

/// A cell specifier's style letter and column span (`2+a` → `a`, 2), if `token` is one.
fn cell_spec(token: &str) -> Option<(u8, usize)> {
    if token.is_empty() {
        return None;
    }
    let bytes = token.as_bytes();
    let (body, style) = match bytes[bytes.len() - 1] {
        s @ (b'a' | b'd' | b'e' | b'h' | b'l' | b'm' | b's' | b'v') => {
            (&token[..token.len() - 1], s)
        }
        _ => (token, b'd'),
    };
    if !body
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'*' | b'+' | b'.' | b'<' | b'^' | b'>'))
    {
        return None;
    }
    // A bare number is text ("version 2|"), not a specifier.
    if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let span = body
        .split_once('+')
        .filter(|(n, _)| !n.contains('.'))
        .and_then(|(n, _)| n.parse::<usize>().ok())
        .unwrap_or(1);
    Some((style, span.clamp(1, 64)))
}

/// The number of columns a table's `cols` attribute gives (`cols="1,2a,3"`, `cols="3*"`,
/// `cols=4`).
fn columns(attributes: &str) -> Option<usize> {
    let at = attributes.find("cols=")? + "cols=".len();
    let rest = &attributes[at..];
    let value = if let Some(quoted) = rest.strip_prefix(['"', '\'']) {
        &quoted[..quoted.find(['"', '\'']).unwrap_or(quoted.len())]
    } else {
        &rest[..rest.find([',', ']']).unwrap_or(rest.len())]
    };
    let mut total = 0;
    let specs: Vec<&str> = value.split([',', ';']).collect();
    if specs.len() == 1
        && let Ok(n) = specs[0].trim().parse::<usize>()
    {
        return Some(n.clamp(1, 256));
    }
    for spec in specs {
        let spec = spec.trim();
        total += spec
            .split_once('*')
            .and_then(|(n, _)| n.trim().parse::<usize>().ok())
            .unwrap_or(1);
    }
    (total > 0).then_some(total.min(256))
}

/// What an inline span becomes in prose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Inline {
    /// Left out (markup characters, targets, anchors).
    Hidden,
    /// Monospace or a passthrough: one placeholder, its words noted as code.
    Code,
    /// Text a reader does not read as words (an attribute reference, `<<id>>`, `pass:[]`).
    Placeholder,
    /// A replacement character (`(C)` → ©).
    Replace(&'static str),
}

#[derive(Debug)]
struct Span {
    range: Range<usize>,
    kind: Inline,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn is_space(b: u8) -> bool {
    b.is_ascii_whitespace()
}

/// Finds the first `needle` at or after `from` for which `valid` holds, remembering a
/// failed search: no later search from further on can succeed either (`valid` depends
/// only on where the needle is), which keeps a block's scan linear.
struct Closer {
    failed_from: usize,
}

impl Closer {
    fn find(
        &mut self,
        bytes: &[u8],
        from: usize,
        needle: &[u8],
        valid: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        if from >= self.failed_from {
            return None;
        }
        let found = memchr::memmem::find_iter(&bytes[from.min(bytes.len())..], needle)
            .map(|i| from + i)
            .find(|&i| valid(i));
        if found.is_none() {
            self.failed_from = from;
        }
        found
    }
}

/// The longest a bracketed macro argument may be: bounds the bracket search.
const MAX_BRACKET: usize = 4096;

/// Macros whose whole text is left out (one placeholder).
const HIDDEN_MACROS: [&str; 12] = [
    "pass",
    "stem",
    "latexmath",
    "asciimath",
    "image",
    "icon",
    "kbd",
    "btn",
    "menu",
    "anchor",
    "indexterm",
    "footnoteref",
];

/// Macros whose bracketed text is prose and whose target is not.
const TEXT_MACROS: [&str; 9] = [
    "http",
    "https",
    "ftp",
    "irc",
    "mailto",
    "link",
    "xref",
    "footnote",
    "indexterm2",
];

/// The spans of `text` (a block's lines joined by `\n`) that are not prose as written, in
/// order and never overlapping.
fn inline_spans(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out: Vec<Span> = Vec::new();
    // Closing parts of constructs whose inside is prose (`]` of a link), smallest last.
    let mut closers: Vec<Range<usize>> = Vec::new();
    let mut backtick = Closer {
        failed_from: usize::MAX,
    };
    let mut double_backtick = Closer {
        failed_from: usize::MAX,
    };
    let mut plus = [
        Closer {
            failed_from: usize::MAX,
        },
        Closer {
            failed_from: usize::MAX,
        },
        Closer {
            failed_from: usize::MAX,
        },
    ];
    let mut angle = Closer {
        failed_from: usize::MAX,
    };
    let prev = |i: usize| if i == 0 { b' ' } else { bytes[i - 1] };
    let next = |i: usize| bytes.get(i).copied().unwrap_or(b' ');
    let mut i = 0;
    while i < bytes.len() {
        while closers.last().is_some_and(|c| c.start < i) {
            closers.pop();
        }
        if closers.last().is_some_and(|c| c.start == i) {
            let close = closers.pop().unwrap_or(i..i + 1);
            i = close.end;
            out.push(Span {
                range: close,
                kind: Inline::Hidden,
            });
            continue;
        }
        let c = bytes[i];
        let mut span: Option<(usize, Inline)> = None;
        match c {
            b'\\'
                if matches!(
                    next(i + 1),
                    b'`' | b'+' | b'{' | b'<' | b'[' | b'*' | b'_' | b'#' | b'(' | b'\\' | b'|'
                ) =>
            {
                out.push(Span {
                    range: i..i + 1,
                    kind: Inline::Hidden,
                });
                i += 2;
                continue;
            }
            b'`' => {
                if next(i + 1) == b'`' {
                    if let Some(end) = double_backtick.find(bytes, i + 3, b"``", |_| true) {
                        span = Some((end + 2, Inline::Code));
                    }
                } else if !is_word(prev(i))
                    && !matches!(prev(i), b'"' | b'\'')
                    && !is_space(next(i + 1))
                {
                    let valid = |j: usize| {
                        !is_space(bytes[j - 1])
                            && !is_word(next(j + 1))
                            && !matches!(next(j + 1), b'"' | b'\'' | b'`')
                            && bytes[j - 1] != b'`'
                    };
                    if let Some(end) = backtick.find(bytes, i + 1, b"`", valid) {
                        span = Some((end + 1, Inline::Code));
                    }
                }
            }
            b'+' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'+').count();
                if run == 1 && prev(i) == b' ' && matches!(next(i + 1), b' ' | b'\n') {
                    if matches!(next(i + 1), b'\n') || i + 1 == bytes.len() {
                        // A hard line break.
                        span = Some((i + 1, Inline::Hidden));
                    }
                } else if run >= 3 {
                    if let Some(end) = plus[2].find(bytes, i + 3, b"+++", |_| true) {
                        span = Some((end + 3, Inline::Code));
                    }
                } else if run == 2 {
                    if !is_space(next(i + 2))
                        && let Some(end) =
                            plus[1].find(bytes, i + 2, b"++", |j| !is_space(bytes[j - 1]))
                    {
                        span = Some((end + 2, Inline::Code));
                    }
                } else if !is_word(prev(i)) && !is_space(next(i + 1)) {
                    let valid = |j: usize| {
                        !is_space(bytes[j - 1]) && !is_word(next(j + 1)) && next(j + 1) != b'+'
                    };
                    if let Some(end) = plus[0].find(bytes, i + 1, b"+", valid) {
                        span = Some((end + 1, Inline::Code));
                    }
                } else if run == 1 && i + 1 == bytes.len() && prev(i) == b' ' {
                    span = Some((i + 1, Inline::Hidden));
                }
            }
            b'{' => {
                let name = bytes[i + 1..]
                    .iter()
                    .take(100)
                    .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b':'))
                    .count();
                if name > 0 && next(i + 1 + name) == b'}' && next(i + 1) != b':' {
                    span = Some((i + name + 2, Inline::Placeholder));
                }
            }
            b'<' if next(i + 1) == b'<' && !is_space(next(i + 2)) => {
                if let Some(end) = angle.find(bytes, i + 2, b">>", |_| true) {
                    let inner = &text[i + 2..end];
                    match inner.find(',') {
                        Some(comma) if !inner[comma + 1..].trim().is_empty() => {
                            let text_start = i + 2 + comma + 1;
                            let lead = text[text_start..end].len()
                                - text[text_start..end].trim_start().len();
                            out.push(Span {
                                range: i..text_start + lead,
                                kind: Inline::Hidden,
                            });
                            closers.push(end..end + 2);
                            i = text_start + lead;
                            continue;
                        }
                        _ => span = Some((end + 2, Inline::Placeholder)),
                    }
                }
            }
            b'[' => {
                if next(i + 1) == b'[' {
                    let limit = (i + 256).min(bytes.len());
                    if let Some(end) = memchr::memmem::find(&bytes[i..limit], b"]]") {
                        let mut end = i + end + 2;
                        if next(end) == b']' {
                            end += 1;
                        }
                        span = Some((end, Inline::Hidden));
                    }
                } else {
                    // A role before formatted text: `[.role]#text#`, `[#id]*bold*`.
                    let limit = (i + 128).min(bytes.len());
                    if let Some(end) = memchr::memchr(b']', &bytes[i..limit]).map(|e| i + e)
                        && !bytes[i + 1..end].contains(&b'[')
                        && !bytes[i + 1..end].iter().any(|&b| is_space(b))
                        && matches!(next(end + 1), b'#' | b'*' | b'_' | b'`')
                    {
                        span = Some((end + 1, Inline::Hidden));
                    }
                }
            }
            b':' => {
                let mut start = i;
                while start > 0
                    && (bytes[start - 1].is_ascii_lowercase() || bytes[start - 1].is_ascii_digit())
                {
                    start -= 1;
                }
                let name = &text[start..i];
                let boundary =
                    start == 0 || !(is_word(bytes[start - 1]) || bytes[start - 1] == b'\\');
                let hidden = HIDDEN_MACROS.contains(&name);
                let texted = TEXT_MACROS.contains(&name);
                if boundary
                    && (hidden || texted)
                    && out.last().is_none_or(|s| s.range.end <= start)
                    && let Some((open, close)) = macro_brackets(bytes, i + 1)
                {
                    let url = matches!(name, "http" | "https" | "ftp" | "irc");
                    if url && !text[i + 1..].starts_with("//") {
                        i += 1;
                        continue;
                    }
                    let inner = &text[open + 1..close];
                    let shown = link_text(inner);
                    if hidden || shown.is_empty() {
                        let kind = if name == "footnote" {
                            Inline::Hidden
                        } else {
                            Inline::Placeholder
                        };
                        out.push(Span {
                            range: start..close + 1,
                            kind,
                        });
                        i = close + 1;
                        continue;
                    }
                    let text_start = open + 1 + (shown.as_ptr() as usize - inner.as_ptr() as usize);
                    let text_end = text_start + shown.len();
                    out.push(Span {
                        range: start..text_start,
                        kind: Inline::Hidden,
                    });
                    closers.push(text_end..close + 1);
                    i = text_start;
                    continue;
                }
            }
            b'(' => {
                let rest = &bytes[i..];
                if rest.starts_with(b"(((") {
                    let limit = (i + 512).min(bytes.len());
                    if let Some(end) = memchr::memmem::find(&bytes[i..limit], b")))") {
                        span = Some((i + end + 3, Inline::Hidden));
                    }
                } else if rest.starts_with(b"(C)") {
                    span = Some((i + 3, Inline::Replace("\u{a9}")));
                } else if rest.starts_with(b"(R)") {
                    span = Some((i + 3, Inline::Replace("\u{ae}")));
                } else if rest.starts_with(b"(TM)") {
                    span = Some((i + 4, Inline::Replace("\u{2122}")));
                }
            }
            b'*' | b'_' | b'#' => {
                let run = bytes[i..].iter().take_while(|&&b| b == c).count();
                let (before, after) = (prev(i), next(i + run));
                let opening = !is_word(before) && !is_space(after);
                let closing = !is_space(before) && !is_word(after);
                if run <= 2 && (opening || closing) {
                    span = Some((i + run, Inline::Hidden));
                }
            }
            _ => {}
        }
        match span {
            Some((end, kind)) => {
                out.push(Span {
                    range: i..end,
                    kind,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// The `[` and matching `]` of a macro whose target starts at `from` (`xref:a.adoc#b[…]`,
/// `footnote:[…]`): the target holds no blank; brackets nest; `\]` does not close.
fn macro_brackets(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let limit = (from + MAX_BRACKET).min(bytes.len());
    let open = from
        + bytes[from..limit]
            .iter()
            .position(|&b| b == b'[' || is_space(b))?;
    if bytes[open] != b'[' {
        return None;
    }
    let mut depth = 0usize;
    let mut j = open + 1;
    while j < limit {
        match bytes[j] {
            b'\\' => j += 1,
            b'[' => depth += 1,
            b']' if depth == 0 => return Some((open, j)),
            b']' => depth -= 1,
            _ => {}
        }
        j += 1;
    }
    None
}

/// The text a reader sees of a link's bracketed attributes: `"text",role=x` → `text`,
/// `text,window=_blank` → `text`, `text^` → `text`.
fn link_text(inner: &str) -> &str {
    let inner = inner.trim();
    if let Some(quoted) = inner.strip_prefix('"') {
        return quoted.find('"').map_or(quoted, |e| &quoted[..e]);
    }
    let mut end = inner.len();
    for (comma, _) in inner.match_indices(',') {
        let rest = inner[comma + 1..].trim_start();
        let name = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
            .count();
        if name > 0 && rest[name..].starts_with('=') {
            end = comma;
            break;
        }
    }
    inner[..end].trim_end().trim_end_matches('^')
}

#[cfg(test)]
mod tests {
    use super::super::{BlockKind, Markup, Prose};

    const GUIDE: &str = include_str!("../../tests/data/asciidoc/guide.adoc");

    fn prose(source: &str) -> Prose {
        Prose::new(source, Markup::Asciidoc)
    }

    fn block_texts(p: &Prose, kind: impl Fn(BlockKind) -> bool) -> Vec<&str> {
        p.blocks
            .iter()
            .filter(|b| kind(b.kind))
            .map(|b| &p.text[b.range.clone()])
            .collect()
    }

    #[test]
    fn code_metadata_and_comments_are_not_prose() {
        let p = prose(GUIDE);
        for hidden in [
            "WXYZ",
            "Okafor",
            "v2.1",
            "KVB",
            "toc",
            "PQV",
            "HRZ",
            "LDR_MAX",
            "BQT_PORT",
            "ZXC",
            "UVB",
            "RTY",
            "FGH",
            "continues here",
            "JKL",
            "QWE",
            "ASD",
            "CRC",
            "POI",
            "NMV",
            "ops.adoc",
            "retries",
            "MXQ",
            "product-name",
            "[[merge]]",
            "NOTE",
            "[source",
        ] {
            assert!(
                !p.text.contains(hidden),
                "{hidden} leaked into {:?}",
                p.text
            );
        }
        for shown in [
            "write-ahead journal (WAJ)",
            "drops the old LQS",
            "the merge rules",
            "the GRT retry policy",
            "the status page",
            "mention the CDN edge",
            "vector clock (VC)",
            "café-grade",
            "Sync stages",
        ] {
            assert!(p.text.contains(shown), "{shown} missing from {:?}", p.text);
        }
        for code in [
            "HRZ", "LDR_MAX", "BQT_PORT", "ZXC", "UVB", "RTY", "FGH", "MXQ_SIZE",
        ] {
            assert!(
                p.code_words.iter().any(|w| &**w == code),
                "{code} not noted as code: {:?}",
                p.code_words
            );
        }
        assert_eq!(p.directives.len(), 2, "{:?}", p.directives);
    }

    #[test]
    fn blocks_have_their_kinds() {
        let p = prose(GUIDE);
        assert_eq!(
            block_texts(&p, |k| matches!(k, BlockKind::Heading(_))),
            ["Overview", "Merge rules", "Glossary"]
        );
        let items = block_texts(&p, |k| k == BlockKind::ListItem);
        assert_eq!(items.len(), 3, "{items:?}");
        assert!(items[1].starts_with("Apply it with") && items[1].ends_with("retry policy."));
        let cells = block_texts(&p, |k| matches!(k, BlockKind::TableCell { .. }));
        assert_eq!(
            cells,
            [
                "Setting",
                "Meaning",
                "RPO",
                "Recovery point objective, in seconds",
                "\u{1a}",
                "Queue length before back-pressure"
            ]
        );
        let header = p
            .blocks
            .iter()
            .find(|b| &p.text[b.range.clone()] == "RPO")
            .map(|b| b.kind);
        assert_eq!(
            header,
            Some(BlockKind::TableCell {
                row: 1,
                column: 0,
                header: false
            })
        );
    }

    #[test]
    fn glossary_entries_declare_acronyms_and_other_terms_are_definitions() {
        let p = prose(GUIDE);
        let kinds: Vec<(BlockKind, &str)> = p
            .blocks
            .iter()
            .skip_while(|b| {
                !matches!(b.kind, BlockKind::Heading(_)) || &p.text[b.range.clone()] != "Glossary"
            })
            .skip(1)
            .map(|b| (b.kind, &p.text[b.range.clone()]))
            .collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::DeclaredShort, "DLQ"),
                (
                    BlockKind::DeclaredLong,
                    "Dead-letter queue, where failed batches wait."
                ),
                (BlockKind::DefinitionTitle, "Snapshot"),
                (BlockKind::DefinitionBody, "A frozen copy of the ledger."),
                (BlockKind::DeclaredShort, "TTL"),
                (BlockKind::DeclaredLong, "Time to live"),
            ]
        );
        // Outside a glossary a description list is an ordinary definition list.
        let p = prose("== Terms of use\n\nQPR:: quick path routing\n");
        assert_eq!(
            p.blocks.iter().map(|b| b.kind).collect::<Vec<_>>(),
            [
                BlockKind::Heading(2),
                BlockKind::DefinitionTitle,
                BlockKind::DefinitionBody
            ]
        );
    }

    #[test]
    fn every_prose_word_maps_back_to_its_source() {
        let p = prose(GUIDE);
        for word in [
            "WAJ", "LQS", "merge", "GRT", "status", "CDN", "VC", "café", "RPO", "SLO", "DLQ", "TTL",
        ] {
            let at = p
                .text
                .find(word)
                .unwrap_or_else(|| panic!("{word} missing"));
            let range = p.range_to_source(at..at + word.len());
            assert_eq!(&GUIDE[range], word);
        }
        // A range across a line break maps to the whole source range.
        let start = p.text.find("the merge rules").unwrap();
        let end = p.text.find("retry policy").unwrap() + "retry policy".len();
        let source = &GUIDE[p.range_to_source(start..end)];
        assert!(
            source.starts_with("the merge rules>> and\nxref:") && source.ends_with("retry policy")
        );
    }

    #[test]
    fn crlf_and_non_ascii_keep_offsets() {
        let source = "= Tïtle\r\n:attr: XQJ\r\n\r\nÜber die Straße fährt der ÖPNV\r\nmit `KLM` nach Süden.\r\n\r\n----\r\nTUV\r\n----\r\n";
        let p = prose(source);
        assert_eq!(
            p.text,
            "Über die Straße fährt der ÖPNV mit \u{1a} nach Süden.\n"
        );
        let at = p.text.find("ÖPNV").unwrap();
        assert_eq!(&source[p.range_to_source(at..at + "ÖPNV".len())], "ÖPNV");
        let at = p.text.find("nach").unwrap();
        assert_eq!(&source[p.range_to_source(at..at + 4)], "nach");
        for (i, _) in p.text.char_indices() {
            assert!(source.is_char_boundary(p.to_source(i)), "offset {i}");
        }
    }

    #[test]
    fn inline_markup_is_resolved() {
        let text = |s: &str| prose(s).text;
        assert_eq!(
            text("A *bold* and _it_ and #mark# word.\n"),
            "A bold and it and mark word.\n"
        );
        assert_eq!(
            text("See <<sec-a>> or <<sec-b, Section B>>.\n"),
            "See \u{1a} or Section B.\n"
        );
        assert_eq!(
            text("Use link:https://x.io/ABC[the docs,window=_blank] now.\n"),
            "Use the docs now.\n"
        );
        assert_eq!(
            text("Press kbd:[Ctrl+T] in image:icon.png[ZZT].\n"),
            "Press \u{1a} in \u{1a}.\n"
        );
        assert_eq!(
            text("Escaped \\`RAW` and a snake_case_name stay.\n"),
            "Escaped `RAW` and a snake_case_name stay.\n"
        );
        assert_eq!(text("Line one +\nline two.\n"), "Line one  line two.\n");
        assert_eq!(
            text("C++ and C++ are fine; so is 1 + 2.\n"),
            "C++ and C++ are fine; so is 1 + 2.\n"
        );
        assert_eq!(
            text("Brand(TM) and (C) here.\n"),
            "Brand\u{2122} and \u{a9} here.\n"
        );
        assert_eq!(text("A `multi\nline` span.\n"), "A \u{1a} span.\n");
    }

    #[test]
    fn pieces_analyse_exactly_like_the_whole() {
        use crate::analysis::Engine;
        let engine = Engine::new(
            crate::glossary::Glossary::builtin(),
            crate::analysis::Settings::default(),
        );
        let body = GUIDE
            .split_once("== Overview")
            .map_or(GUIDE, |(_, rest)| rest);
        let text = format!(
            "{GUIDE}\n== Again\n{body}\n----\ncode\n\nmore QQA\n----\n\n[source]\n\nQQB\n\nDone.\n\n{body}"
        );
        let pieces = crate::markup::chunk_ranges(&text, Markup::Asciidoc, 1);
        assert!(pieces.len() > 20, "{}", pieces.len());
        for piece in &pieces {
            let first = text[piece.clone()].lines().next().unwrap_or_default();
            assert!(
                !first.starts_with("more QQA") && first != "QQB",
                "{first:?}"
            );
        }
        let whole = engine.analyze_in_pieces(&text, Markup::Asciidoc, usize::MAX);
        let split = engine.analyze_in_pieces(&text, Markup::Asciidoc, 1);
        assert_eq!(whole.findings, split.findings);
        assert_eq!(whole.occurrences, split.occurrences);
        assert_eq!(whole.definitions, split.definitions);
        assert_eq!(whole.acronyms, split.acronyms);
        assert!(!whole.findings.is_empty() && !whole.definitions.is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Any mix of AsciiDoc's markup maps every prose offset back to a character
        /// boundary of the source, and pieces of it parse as the whole does.
        #[test]
        fn any_markup_maps_back_and_splits_safely(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "\n", "\r\n", "\n\n", "----\n", "....\n", "////\n", "++++\n", "====\n",
                "|===\n", "--\n", "[glossary]\n", "[source]\n", "== Glossary\n", "= T\n",
                ":a: b\n", "// c\n", "DLQ:: ", "* ", ". ", ".Title\n", "NOTE: ", "`", "+",
                "++", "``", "{x}", "<<a,b>>", "<<", ">>", "xref:a[b]", "https://x.io[t]",
                "footnote:[f]", "pass:[p]", "[[id]]", "[", "]", "*", "_", "#", "|", "\\",
                "(C)", "ÄPI", "é", "\u{1f600}", "API", "word ", " ", "  lit\n", "a|",
            ]), 0..40)
        ) {
            let text: String = parts.concat();
            let prose = Prose::new(&text, Markup::Asciidoc);
            for (i, _) in prose.text.char_indices().chain([(prose.text.len(), ' ')]) {
                let source = prose.to_source(i);
                proptest::prop_assert!(source <= text.len() && text.is_char_boundary(source));
            }
            let engine = crate::analysis::Engine::new(
                crate::glossary::Glossary::builtin(),
                crate::analysis::Settings::default(),
            );
            let whole = engine.analyze_in_pieces(&text, Markup::Asciidoc, usize::MAX);
            let split = engine.analyze_in_pieces(&text, Markup::Asciidoc, 1);
            proptest::prop_assert_eq!(whole.findings, split.findings);
            proptest::prop_assert_eq!(whole.definitions, split.definitions);
        }
    }
}

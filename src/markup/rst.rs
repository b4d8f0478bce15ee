//! reStructuredText (and Sphinx) prose: a line-based block parser and an inline scanner.
//!
//! No maintained Rust crate parses reST with source positions, so this follows the
//! docutils specification closely enough for prose: blocks are found from indentation and
//! markers; everything that is not prose (literal blocks, code and math directives, doctest
//! blocks, comments, targets, substitution definitions, directive options, the bibliographic
//! field list at the top) is left out, and every prose byte maps back to its source.
//!
//! Heading levels come from a fixed ranking of adornment styles (overlined before
//! underlined, then `#*=-~^'"+` …) rather than from the order styles first appear, so that a
//! piece of a document parses alone exactly as inside the whole.

use std::collections::HashSet;
use std::ops::Range;

use super::{Block, BlockKind, CODE_PLACEHOLDER, Prose, directives_in};

/// One line as the block parser sees it: its text from the first non-blank character, the
/// column of that character, and where the text and the line break are in the source.
#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    /// Text without leading white space or line break (trailing white space kept).
    text: &'a str,
    /// Source offset of `text`.
    start: usize,
    /// The column of `text`'s first character (a tab counts as one column).
    indent: usize,
    /// The line break after the line, in the source (empty at the end of the input).
    eol: (usize, usize),
}

impl Line<'_> {
    fn blank(&self) -> bool {
        self.text.trim_end().is_empty()
    }

    /// The same line from `skip` bytes further on (a list item's text after its marker).
    fn from(&self, skip: usize) -> Self {
        let skip = skip.min(self.text.len());
        let rest = &self.text[skip..];
        let trimmed = rest.trim_start();
        let skip = skip + (rest.len() - trimmed.len());
        Line {
            text: &self.text[skip..],
            start: self.start + skip,
            indent: self.indent + self.text[..skip].chars().count(),
            eol: self.eol,
        }
    }
}

fn split_lines(source: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    while offset < source.len() {
        let rest = &source[offset..];
        let length = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        let raw = &rest[..length];
        let content = raw.trim_end_matches(['\n', '\r']);
        let text = content.trim_start_matches([' ', '\t']);
        let lead = content.len() - text.len();
        out.push(Line {
            text,
            start: offset + lead,
            indent: lead,
            eol: (offset + content.len(), offset + length),
        });
        offset += length;
    }
    out
}

/// Directives whose body (and arguments) are code, data or markup, never prose.
const CODE_DIRECTIVES: &[&str] = &[
    "code-block",
    "code",
    "sourcecode",
    "literalinclude",
    "math",
    "raw",
    "highlight",
    "include",
    "parsed-literal",
    "productionlist",
    "doctest",
    "testcode",
    "testoutput",
    "testsetup",
    "testcleanup",
    "ipython",
    "jupyter-execute",
    "graphviz",
    "digraph",
    "graph",
    "mermaid",
    "plantuml",
    "toctree",
    "index",
    "image",
    "contents",
    "sectnum",
    "meta",
    "title",
    "default-role",
    "role",
    "unicode",
    "replace",
    "class",
    "header",
    "footer",
    "tabularcolumns",
    "literal",
];

/// Directives whose argument is prose (a title, or the first line of the body).
const PROSE_ARGUMENT_DIRECTIVES: &[&str] = &[
    "admonition",
    "note",
    "warning",
    "tip",
    "hint",
    "important",
    "caution",
    "danger",
    "error",
    "attention",
    "seealso",
    "topic",
    "sidebar",
    "rubric",
    "versionadded",
    "versionchanged",
    "versionremoved",
    "deprecated",
    "table",
    "epigraph",
    "pull-quote",
    "highlights",
    "compound",
    "container",
    "centered",
    "hlist",
    "todo",
];

/// Roles whose content is prose as written.
const PROSE_ROLES: &[&str] = &[
    "emphasis",
    "strong",
    "title-reference",
    "title",
    "t",
    "sub",
    "subscript",
    "sup",
    "superscript",
    "dfn",
    "guilabel",
    "menuselection",
    "term",
    "abbr",
];

/// Roles whose content names a target (a label, a document): never evidence of identifiers.
const REFERENCE_ROLES: &[&str] = &[
    "ref", "doc", "numref", "any", "download", "pep", "rfc", "label", "keyword", "term",
];

struct Parser<'a> {
    source: &'a str,
    prose: Prose,
    seen: HashSet<Box<str>>,
    /// The bibliographic field list may still come (at the top, after titles and comments).
    docinfo_allowed: bool,
}

/// The prose of `source`; `at_start` when it starts at the top of its document, where the
/// bibliographic fields (`:Author:`, or a PEP's `Author:` header block) are metadata.
pub(super) fn prose(source: &str, at_start: bool) -> Prose {
    let lines = split_lines(source);
    let mut p = Parser {
        source,
        prose: Prose::default(),
        seen: HashSet::new(),
        docinfo_allowed: at_start,
    };
    p.prose.text.reserve(source.len());
    let mut from = 0;
    if at_start {
        from = rfc822_header_end(&lines);
    }
    p.blocks(&lines[from..], BlockKind::Paragraph);
    p.prose
}

/// Where the document's top metadata ends, as a byte offset: a split of the document into
/// pieces never falls before it (see `chunks.rs`).
pub(super) fn top_end(source: &str) -> usize {
    // Metadata is short: look at the first lines only, never split the whole document.
    let mut limit = source.len().min(64 * 1024);
    while !source.is_char_boundary(limit) {
        limit -= 1;
    }
    let source = &source[..limit];
    let lines = split_lines(source);
    let mut i = rfc822_header_end(&lines);
    let mut end = lines.get(i).map_or(source.len(), |l| l.start - l.indent);
    // Titles, comments and targets may come before the bibliographic field list.
    loop {
        while lines.get(i).is_some_and(|l| l.blank()) {
            i += 1;
        }
        let Some(line) = lines.get(i) else {
            return end;
        };
        if let Some(next) = title_at(&lines, i) {
            i = next.1;
        } else if line.text.starts_with("..") && explicit_start(line.text) {
            i = indented_end(&lines, i + 1, line.indent);
        } else if field_marker(line.text).is_some() {
            let stop = field_list_end(&lines, i);
            return lines.get(stop).map_or(source.len(), |l| l.start - l.indent);
        } else {
            return end;
        }
        end = lines.get(i).map_or(source.len(), |l| l.start - l.indent);
    }
}

/// A PEP-style RFC 822 header at the very top (`PEP: 8`, `Title: …`, indented
/// continuations) ends at the first blank line; returns the index of the line after it.
fn rfc822_header_end(lines: &[Line<'_>]) -> usize {
    let is_field = |l: &Line<'_>| {
        l.indent == 0 && {
            let name_end = l.text.find(':').unwrap_or(0);
            name_end > 0
                && l.text[..name_end]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && l.text.as_bytes()[0].is_ascii_alphabetic()
                && l.text[name_end + 1..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        }
    };
    let (Some(first), Some(second)) = (lines.first(), lines.get(1)) else {
        return 0;
    };
    if !is_field(first) || !(is_field(second) || second.indent > 0 && !second.blank()) {
        return 0;
    }
    let mut i = 0;
    while lines
        .get(i)
        .is_some_and(|l| !l.blank() && (is_field(l) || l.indent > 0))
    {
        i += 1;
    }
    if lines.get(i).is_some_and(|l| !l.blank()) {
        // Not a header after all: a line that is neither a field nor a continuation.
        return 0;
    }
    i
}

/// The index of the first line at or after `from` that is not blank and is indented no
/// more than `indent` (the end of an indented body).
fn indented_end(lines: &[Line<'_>], from: usize, indent: usize) -> usize {
    let mut i = from;
    while let Some(l) = lines.get(i) {
        if !l.blank() && l.indent <= indent {
            break;
        }
        i += 1;
    }
    i
}

/// Whether `text` opens explicit markup (`.. ` or a lone `..`).
fn explicit_start(text: &str) -> bool {
    let t = text.trim_end();
    t == ".." || text.starts_with(".. ") || text.starts_with("..\t")
}

/// A field marker `:name: ` at the start of `text`: the length of the marker.
fn field_marker(text: &str) -> Option<usize> {
    let rest = text.strip_prefix(':')?;
    if rest.starts_with([':', ' ', '`']) {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => return None,
            b':' => {
                let after = rest[i + 1..].chars().next();
                if i > 0 && bytes[i - 1] != b' ' && after.is_none_or(char::is_whitespace) {
                    return Some(i + 2);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// The index after a field list that starts at `from`.
fn field_list_end(lines: &[Line<'_>], from: usize) -> usize {
    let indent = lines[from].indent;
    let mut i = from;
    while let Some(l) = lines.get(i) {
        if l.blank() {
            // A field list goes on after a blank line only with another field.
            let next = indented_end(lines, i, indent);
            if lines
                .get(next)
                .is_some_and(|n| n.indent == indent && field_marker(n.text).is_some())
                && lines[i..next].iter().all(Line::blank)
            {
                i = next;
                continue;
            }
            if next > i && lines[i..next].iter().any(|l| !l.blank()) {
                // An indented continuation after a blank line.
                i = next;
                continue;
            }
            return i;
        }
        if l.indent == indent && field_marker(l.text).is_none() {
            return i;
        }
        if l.indent < indent {
            return i;
        }
        i += 1;
    }
    i
}

/// Whether a line is a section adornment: one punctuation character repeated (4 or more
/// times, or at least as long as `min`).
fn adornment(text: &str) -> Option<char> {
    let t = text.trim_end();
    let c = t.chars().next()?;
    (c.is_ascii_punctuation() && t.len() >= 2 && t.bytes().all(|b| b == c as u8)).then_some(c)
}

/// A section title at line `i`: (its title line, the index after it, its level).
fn title_at(lines: &[Line<'_>], i: usize) -> Option<(usize, usize, u8)> {
    let line = lines.get(i)?;
    if line.blank() {
        return None;
    }
    if let Some(c) = adornment(line.text)
        && let (Some(title), Some(under)) = (lines.get(i + 1), lines.get(i + 2))
        && !title.blank()
        && adornment(under.text) == Some(c)
        && under.text.trim_end().len() == line.text.trim_end().len()
        && line.indent == 0
    {
        return Some((i + 1, i + 3, level(c, true)));
    }
    let under = lines.get(i + 1)?;
    let c = adornment(under.text)?;
    let width = line.text.trim_end().chars().count();
    let length = under.text.trim_end().len();
    (line.indent == 0
        && under.indent == 0
        && adornment(line.text).is_none()
        && (length >= width || length >= 4)
        && !is_simple_border(under.text))
    .then_some((i, i + 2, level(c, false)))
}

/// A fixed rank of adornment styles (see the module comment): overlined titles first.
fn level(c: char, overline: bool) -> u8 {
    const ORDER: &str = "#*=-~^'\"+`:._";
    let rank = ORDER.find(c).unwrap_or(ORDER.len()) as u8;
    if overline { 1 + rank } else { 16 + rank }
}

/// A simple table border: runs of `=` separated by spaces, two columns or more.
fn is_simple_border(text: &str) -> bool {
    let t = text.trim_end();
    t.starts_with('=')
        && t.bytes().all(|b| b == b'=' || b == b' ')
        && t.split(' ').filter(|s| !s.is_empty()).count() >= 2
}

fn is_grid_border(text: &str) -> bool {
    let t = text.trim_end();
    t.len() >= 3
        && t.starts_with('+')
        && t.ends_with('+')
        && t.bytes().all(|b| matches!(b, b'+' | b'-' | b'=' | b':'))
}

/// A bullet list marker: its length (marker and the white space after it).
fn bullet(text: &str) -> Option<usize> {
    let c = text.chars().next()?;
    if !matches!(c, '-' | '*' | '+' | '•' | '‣' | '⁃') {
        return None;
    }
    let rest = &text[c.len_utf8()..];
    if rest.trim_end().is_empty() {
        return Some(text.len());
    }
    rest.starts_with([' ', '\t']).then_some(c.len_utf8() + 1)
}

/// An enumerated list marker (`1.`, `(a)`, `iv)`, `#.`): its length with the space after.
fn enumerator(text: &str) -> Option<usize> {
    let (paren, rest) = match text.strip_prefix('(') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let n = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    if n == 0 || n > 6 {
        return None;
    }
    let label = &rest[..n];
    let ok = label == "#"
        || label.bytes().all(|b| b.is_ascii_digit())
        || (n == 1 && label.bytes().all(|b| b.is_ascii_alphabetic()))
        || label.bytes().all(|b| b"ivxlcdm".contains(&b))
        || label.bytes().all(|b| b"IVXLCDM".contains(&b));
    if !ok {
        return None;
    }
    let close = rest[n..].chars().next()?;
    let fits = if paren {
        close == ')'
    } else {
        close == '.' || close == ')'
    };
    if !fits {
        return None;
    }
    let after = &rest[n + 1..];
    (fits && (after.is_empty() || after.starts_with([' ', '\t'])))
        .then_some(usize::from(paren) + n + 1 + usize::from(!after.is_empty()))
}

impl Parser<'_> {
    /// Parses a run of lines (a document, a directive body, a list item) into blocks.
    fn blocks(&mut self, lines: &[Line<'_>], kind: BlockKind) {
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            if line.blank() {
                i += 1;
                continue;
            }
            let ind = line.indent;
            let text = line.text;
            if text.starts_with("..") && explicit_start(text) {
                i = self.explicit(lines, i, kind);
                continue;
            }
            if text.starts_with("__ ") {
                // An anonymous hyperlink target.
                i = indented_end(lines, i + 1, ind);
                continue;
            }
            if text.starts_with(">>>") {
                self.docinfo_allowed = false;
                while lines.get(i).is_some_and(|l| !l.blank()) {
                    self.code_line(lines[i].text);
                    i += 1;
                }
                continue;
            }
            if let Some((title, next, level)) = title_at(lines, i) {
                self.paragraph(&lines[title..title + 1], BlockKind::Heading(level));
                i = next;
                continue;
            }
            if let Some(marker) = field_marker(text) {
                if self.docinfo_allowed {
                    i = field_list_end(lines, i);
                    self.docinfo_allowed = false;
                    continue;
                }
                let end = indented_end(lines, i + 1, ind);
                let mut body = vec![line.from(marker)];
                body.extend_from_slice(&lines[i + 1..end]);
                self.blocks(&body, BlockKind::ListItem);
                i = end;
                continue;
            }
            self.docinfo_allowed = false;
            if is_grid_border(text) {
                i = self.grid_table(lines, i);
                continue;
            }
            if text.starts_with('=') && adornment(text) == Some('=') || is_simple_border(text) {
                // A simple table follows a blank line (as chunks.rs assumes) and has rows.
                let after_blank = i == 0 || lines[i - 1].blank();
                if after_blank && lines.get(i + 1).is_some_and(|l| !l.blank()) {
                    i = self.simple_table(lines, i);
                } else {
                    i += 1; // a transition
                }
                continue;
            }
            if adornment(text).is_some() && text.trim_end().len() >= 4 {
                i += 1; // a transition
                continue;
            }
            let marker = bullet(text).or_else(|| {
                enumerator(text).filter(|_| {
                    lines
                        .get(i + 1)
                        .is_none_or(|n| n.blank() || n.indent > ind || enumerator(n.text).is_some())
                })
            });
            if let Some(marker) = marker {
                let end = indented_end(lines, i + 1, ind);
                let mut body = vec![line.from(marker)];
                body.extend_from_slice(&lines[i + 1..end]);
                self.blocks(&body, BlockKind::ListItem);
                i = end;
                continue;
            }
            if text.starts_with('|') && (text.len() == 1 || text[1..].starts_with(' ')) {
                // A line block: each line is prose.
                let mut block = Vec::new();
                while let Some(l) = lines.get(i).filter(|l| !l.blank()) {
                    block.push(if l.text.starts_with('|') {
                        l.from(1)
                    } else {
                        *l
                    });
                    i += 1;
                }
                self.paragraph(&block, kind);
                continue;
            }
            // A definition list item: a term line, then its definition indented below.
            if let Some(next) = lines.get(i + 1)
                && !next.blank()
                && next.indent > ind
                && !text.trim_end().ends_with("::")
            {
                let end = indented_end(lines, i + 1, ind);
                let term = text.split(" : ").next().unwrap_or(text);
                let term_line = Line { text: term, ..line };
                self.paragraph(&[term_line], BlockKind::DefinitionTitle);
                self.blocks(&lines[i + 1..end], BlockKind::DefinitionBody);
                i = end;
                continue;
            }
            // A paragraph: lines at the same indentation.
            let mut end = i + 1;
            while lines
                .get(end)
                .is_some_and(|l| !l.blank() && l.indent == ind && !is_grid_border(l.text))
            {
                end += 1;
            }
            let last = lines[end - 1].text.trim_end();
            if let Some(before) = last.strip_suffix("::") {
                let mut para: Vec<Line<'_>> = lines[i..end].to_vec();
                // `text::` reads "text:"; `text ::` and a lone `::` leave no colon.
                let cut = if before.is_empty() {
                    2
                } else if before.ends_with([' ', '\t']) {
                    last.len() - before.trim_end().len()
                } else {
                    1
                };
                let l = para.last_mut().expect("a paragraph has a line");
                l.text = &last[..last.len() - cut];
                self.paragraph(&para, kind);
                i = self.literal_block(lines, end, ind);
                continue;
            }
            self.paragraph(&lines[i..end], kind);
            i = end;
        }
    }

    /// The literal block after a `::` paragraph, from line `from`: returns the line after it.
    fn literal_block(&mut self, lines: &[Line<'_>], from: usize, ind: usize) -> usize {
        let mut k = from;
        while lines.get(k).is_some_and(|l| l.blank()) {
            k += 1;
        }
        let Some(first) = lines.get(k) else {
            return k;
        };
        if first.indent > ind {
            let end = indented_end(lines, k, ind);
            for l in &lines[k..end] {
                self.code_line(l.text);
            }
            return end;
        }
        // A quoted literal block: unindented lines that start with the same punctuation.
        let Some(quote) = first.text.chars().next().filter(char::is_ascii_punctuation) else {
            return k;
        };
        while lines
            .get(k)
            .is_some_and(|l| !l.blank() && l.indent == ind && l.text.starts_with(quote))
        {
            self.code_line(lines[k].text);
            k += 1;
        }
        k
    }

    fn code_line(&mut self, line: &str) {
        let code = super::code_without_comment(line);
        self.prose.note_code(code, &mut self.seen);
    }

    /// Explicit markup at line `i` (a directive, comment, target, footnote or substitution
    /// definition): returns the line after it.
    fn explicit(&mut self, lines: &[Line<'_>], i: usize, kind: BlockKind) -> usize {
        let line = lines[i];
        let end = indented_end(lines, i + 1, line.indent);
        let rest = line.text.get(3..).unwrap_or("");
        if rest.starts_with('_') || rest.starts_with('|') {
            return end; // a hyperlink target or a substitution definition
        }
        if rest.starts_with('[')
            && let Some(close) = rest.find(']')
            && !rest[1..close].contains(' ')
        {
            // A footnote or citation: the label is not prose, its text is.
            let mut body = vec![line.from(3 + close + 1)];
            body.extend_from_slice(&lines[i + 1..end]);
            self.docinfo_allowed = false;
            self.blocks(&body, kind);
            return end;
        }
        if let Some(name) = directive_name(rest) {
            self.docinfo_allowed = false;
            self.directive(lines, i, end, name, kind);
            return end;
        }
        // A comment: only glossary-ls directives are read from it.
        let from = line.start;
        let to = lines.get(end - 1).map_or(from, |l| l.eol.0).max(from);
        let comment = &self.source[from..to];
        if comment.contains("glossary-ls") {
            directives_in(comment, from, &mut self.prose.directives);
        }
        end
    }

    fn directive(&mut self, lines: &[Line<'_>], i: usize, end: usize, name: &str, kind: BlockKind) {
        let line = lines[i];
        let lower = name.to_ascii_lowercase();
        let bare = lower.rsplit(':').next().unwrap_or(&lower);
        let args = line.from(3 + name.len() + 2);
        // Options: field lines right after the directive line (and their continuations).
        let mut options: Vec<(&str, Line<'_>)> = Vec::new();
        let mut k = i + 1;
        while let Some(l) = lines
            .get(k)
            .filter(|l| !l.blank() && l.indent > line.indent)
        {
            if let Some(m) = field_marker(l.text) {
                options.push((l.text[1..m - 1].trim_end_matches(':'), l.from(m)));
            } else if options.is_empty() || l.indent <= options.last().map_or(0, |o| o.1.indent) {
                if options.is_empty() && !args.blank() {
                    // The argument goes on over this line (before any option).
                    k += 1;
                    continue;
                }
                break;
            }
            k += 1;
        }
        let body_from = if options.is_empty() { i + 1 } else { k };
        let body = &lines[body_from.min(end)..end];
        if CODE_DIRECTIVES.contains(&lower.as_str()) || CODE_DIRECTIVES.contains(&bare) {
            if matches!(
                bare,
                "code-block" | "code" | "sourcecode" | "doctest" | "testcode"
            ) {
                for l in body {
                    self.code_line(l.text);
                }
            }
            return;
        }
        match bare {
            "glossary" => return self.glossary(body),
            "csv-table" => {
                if !args.blank() {
                    self.paragraph(&[args], BlockKind::Paragraph);
                }
                let delim = options
                    .iter()
                    .find(|o| o.0 == "delim")
                    .and_then(|o| o.1.text.trim().chars().next())
                    .map(|c| if c == 't' { '\t' } else { c })
                    .unwrap_or(',');
                let mut row = 0;
                if let Some((_, header)) = options.iter().find(|o| o.0 == "header") {
                    self.csv_row(*header, delim, row, true);
                    row += 1;
                }
                let header_rows = option_number(&options, "header-rows");
                for l in body.iter().filter(|l| !l.blank()) {
                    self.csv_row(*l, delim, row, row < header_rows);
                    row += 1;
                }
                return;
            }
            "list-table" => {
                if !args.blank() {
                    self.paragraph(&[args], BlockKind::Paragraph);
                }
                let header_rows = option_number(&options, "header-rows");
                return self.list_table(body, header_rows);
            }
            _ => {}
        }
        let mut content: Vec<Line<'_>> = Vec::new();
        if PROSE_ARGUMENT_DIRECTIVES.contains(&bare) && !args.blank() {
            // Lines right below the argument continue it: one paragraph.
            let indent = match lines.get(i + 1) {
                Some(next) if options.is_empty() && !next.blank() => next.indent,
                _ => args.indent,
            };
            content.push(Line { indent, ..args });
            if !options.is_empty() {
                content.push(Line {
                    text: "",
                    start: args.eol.1,
                    indent: 0,
                    eol: (args.eol.1, args.eol.1),
                });
            } else {
                // The argument's continuation lines are in `body` already.
            }
        }
        content.extend_from_slice(body);
        self.blocks(&content, kind);
    }

    /// A Sphinx glossary in a document: terms are declared (an acronym with its long form)
    /// or are definition titles; definitions are prose.
    fn glossary(&mut self, body: &[Line<'_>]) {
        let Some(term_indent) = body.iter().find(|l| !l.blank()).map(|l| l.indent) else {
            return;
        };
        let mut i = 0;
        while i < body.len() {
            if body[i].blank() || body[i].indent != term_indent {
                i += 1;
                continue;
            }
            let mut terms = Vec::new();
            while body
                .get(i)
                .is_some_and(|l| !l.blank() && l.indent == term_indent)
            {
                terms.push(body[i]);
                i += 1;
            }
            let end = indented_end(body, i, term_indent);
            let mut definition: Vec<Line<'_>> = body[i..end].to_vec();
            i = end;
            let names: Vec<(Line<'_>, Option<Line<'_>>)> =
                terms.iter().map(|t| glossary_term(*t)).collect();
            // A multi-word alias stacked with an acronym is its long form.
            let phrase = names
                .iter()
                .find(|(n, long)| long.is_none() && n.text.contains(' '))
                .map(|(n, _)| *n);
            let mut declared = false;
            for (name, long) in &names {
                if !crate::acronym::is_acronym_shaped(name.text) {
                    continue;
                }
                let long = long.or(phrase).or_else(|| {
                    let first = definition.iter().position(|l| !l.blank())?;
                    let clause = leading_clause(definition[first].text, name.text)?;
                    let long = Line {
                        text: clause,
                        ..definition[first]
                    };
                    definition[first] = definition[first].from(clause.len());
                    Some(long)
                });
                if let Some(long) = long {
                    self.paragraph(&[*name], BlockKind::DeclaredShort);
                    self.paragraph(&[long], BlockKind::DeclaredLong);
                    declared = true;
                }
            }
            if !declared {
                for (name, long) in &names {
                    let title = match long {
                        Some(l) => Line {
                            text: &self.source[name.start..l.start + l.text.len() + 1],
                            ..*name
                        },
                        None => *name,
                    };
                    self.paragraph(&[title], BlockKind::DefinitionTitle);
                }
            }
            self.blocks(&definition, BlockKind::DefinitionBody);
        }
    }

    /// One row of a `csv-table` written on one line (quoted cells may hold the delimiter).
    fn csv_row(&mut self, line: Line<'_>, delim: char, row: u32, header: bool) {
        let text = line.text.trim_end();
        let mut column = 0;
        let mut at = 0;
        while at <= text.len() {
            let rest = &text[at..];
            let lead = rest.len() - rest.trim_start().len();
            let cell_start = at + lead;
            let (inner, next) = if text[cell_start..].starts_with('"') {
                let body = cell_start + 1;
                let close = text[body..]
                    .match_indices('"')
                    .map(|(j, _)| body + j)
                    .find(|&j| !text[j + 1..].starts_with('"'))
                    .unwrap_or(text.len());
                let after = text[close.min(text.len())..]
                    .find(delim)
                    .map_or(text.len() + 1, |j| close + j + delim.len_utf8());
                (body..close, after)
            } else {
                let stop = text[cell_start..]
                    .find(delim)
                    .map_or(text.len(), |j| cell_start + j);
                (cell_start..stop, stop + delim.len_utf8())
            };
            let cell = text[inner.clone()].trim_end();
            if !cell.is_empty() {
                let cell_line = Line {
                    text: cell,
                    start: line.start + inner.start,
                    indent: 0,
                    eol: line.eol,
                };
                self.paragraph(
                    &[cell_line],
                    BlockKind::TableCell {
                        row,
                        column,
                        header,
                    },
                );
            }
            column += 1;
            at = next;
        }
    }

    /// A `list-table` body: `*` items are rows, their `-` items cells.
    fn list_table(&mut self, body: &[Line<'_>], header_rows: u32) {
        let mut row = 0;
        let mut i = 0;
        while i < body.len() {
            let line = body[i];
            let Some(marker) = bullet(line.text).filter(|_| !line.blank()) else {
                i += 1;
                continue;
            };
            let end = indented_end(body, i + 1, line.indent);
            let mut cells = vec![line.from(marker)];
            cells.extend_from_slice(&body[i + 1..end]);
            let mut column = 0;
            let mut j = 0;
            while j < cells.len() {
                let cell = cells[j];
                let Some(m) = bullet(cell.text).filter(|_| !cell.blank()) else {
                    j += 1;
                    continue;
                };
                let cell_end = indented_end(&cells, j + 1, cell.indent);
                let mut content = vec![cell.from(m)];
                content.extend_from_slice(&cells[j + 1..cell_end]);
                self.blocks(
                    &content,
                    BlockKind::TableCell {
                        row,
                        column,
                        header: row < header_rows,
                    },
                );
                column += 1;
                j = cell_end;
            }
            row += 1;
            i = end;
        }
    }

    /// A grid table from line `i`: each cell's text is a table cell block.
    fn grid_table(&mut self, lines: &[Line<'_>], i: usize) -> usize {
        let border = lines[i];
        let mut end = i + 1;
        while lines.get(end).is_some_and(|l| {
            !l.blank() && l.indent == border.indent && l.text.starts_with(['+', '|'])
        }) {
            end += 1;
        }
        let header_end = lines[i + 1..end]
            .iter()
            .position(|l| is_grid_border(l.text) && l.text.contains('='))
            .map(|p| i + 1 + p);
        let mut row = 0;
        let mut k = i + 1;
        while k < end {
            // One row: the lines up to the next border, cut at its column separators.
            let mut stop = k;
            while stop < end && !is_grid_border(lines[stop].text) {
                stop += 1;
            }
            let header = header_end.is_some_and(|h| stop <= h);
            let separators: Vec<usize> = lines[k..stop]
                .first()
                .map(|l| l.text.match_indices('|').map(|(j, _)| j).collect())
                .unwrap_or_default();
            for column in 0..separators.len().saturating_sub(1) {
                let (from, to) = (separators[column] + 1, separators[column + 1]);
                let cell: Vec<Line<'_>> = lines[k..stop]
                    .iter()
                    .filter_map(|l| {
                        let text = l.text.get(from..to.min(l.text.len()))?;
                        let trimmed = text.trim_start();
                        Some(Line {
                            text: trimmed.trim_end(),
                            start: l.start + from + (text.len() - trimmed.len()),
                            indent: from + (text.len() - trimmed.len()),
                            eol: l.eol,
                        })
                    })
                    .collect();
                self.cell(&cell, row, column as u32, header);
            }
            row += 1;
            k = stop + 1;
        }
        end
    }

    /// A simple table from its top border at line `i`.
    fn simple_table(&mut self, lines: &[Line<'_>], i: usize) -> usize {
        let border = lines[i].text.trim_end();
        let mut columns: Vec<usize> = Vec::new();
        let bytes = border.as_bytes();
        for (j, &b) in bytes.iter().enumerate() {
            if b == b'=' && (j == 0 || bytes[j - 1] == b' ') {
                columns.push(j);
            }
        }
        let ind = lines[i].indent;
        let is_border = |l: &Line<'_>| {
            l.indent == ind
                && l.text.starts_with('=')
                && l.text.bytes().all(|b| b == b'=' || b == b' ' || b == b'\r')
        };
        // The table ends at a border followed by a blank line (or the end).
        let mut end = i + 1;
        let mut borders = vec![i];
        while let Some(l) = lines.get(end) {
            if !l.blank() && l.indent < ind {
                break; // a table in a block quote ends where the quote does
            }
            end += 1;
            if is_border(l) && !l.blank() {
                borders.push(end - 1);
                if lines.get(end).is_none_or(|n| n.blank()) {
                    break;
                }
            }
        }
        let header_end = (borders.len() >= 3).then(|| borders[1]);
        let mut row = 0;
        let mut k = i + 1;
        let mut cells: Vec<Vec<Line<'_>>> = vec![Vec::new(); columns.len()];
        let mut header = header_end.is_some();
        let flush = |p: &mut Self, cells: &mut Vec<Vec<Line<'_>>>, row: &mut u32, header: bool| {
            if cells.iter().any(|c| !c.is_empty()) {
                for (column, cell) in cells.iter_mut().enumerate() {
                    p.cell(cell, *row, column as u32, header);
                    cell.clear();
                }
                *row += 1;
            }
        };
        while k < end {
            let l = lines[k];
            if is_border(&l) || l.blank() {
                flush(self, &mut cells, &mut row, header);
                if header_end == Some(k) {
                    header = false;
                }
                k += 1;
                continue;
            }
            // Columns are positions from the table's left edge.
            let offset = l.indent.saturating_sub(ind);
            let first_empty = columns.get(1).is_some_and(|&c| offset >= c);
            if !first_empty {
                flush(self, &mut cells, &mut row, header);
            }
            for (column, &from) in columns.iter().enumerate() {
                let to = columns.get(column + 1).copied();
                let (from, to) = (
                    from.saturating_sub(offset),
                    to.map(|t| t.saturating_sub(offset)),
                );
                let text = match to {
                    Some(to) => l.text.get(from.min(l.text.len())..to.min(l.text.len())),
                    None => l.text.get(from.min(l.text.len())..),
                };
                let Some(text) = text else { continue };
                let trimmed = text.trim_start();
                if trimmed.trim_end().is_empty() {
                    continue;
                }
                let skip = from.min(l.text.len()) + (text.len() - trimmed.len());
                cells[column].push(Line {
                    text: trimmed.trim_end(),
                    start: l.start + skip,
                    indent: skip,
                    eol: l.eol,
                });
            }
            k += 1;
        }
        flush(self, &mut cells, &mut row, header);
        end
    }

    fn cell(&mut self, lines: &[Line<'_>], row: u32, column: u32, header: bool) {
        if lines.iter().all(Line::blank) {
            return;
        }
        // A cell's lines lose their relative indentation: read them as one run of prose.
        let flat: Vec<Line<'_>> = lines.iter().map(|l| Line { indent: 0, ..*l }).collect();
        self.blocks(
            &flat,
            BlockKind::TableCell {
                row,
                column,
                header,
            },
        );
    }

    /// One block of prose from consecutive lines, joined by spaces, with inline markup read.
    fn paragraph(&mut self, lines: &[Line<'_>], kind: BlockKind) {
        // The lines joined with `\n`, and where each starts in it and in the source.
        let mut buf = String::new();
        let mut map: Vec<(usize, Line<'_>)> = Vec::with_capacity(lines.len());
        for l in lines {
            let text = l.text.trim_end();
            if text.is_empty() {
                continue;
            }
            if !buf.is_empty() {
                buf.push('\n');
            }
            map.push((buf.len(), Line { text, ..*l }));
            buf.push_str(text);
        }
        if buf.is_empty() {
            return;
        }
        let start = self.prose.text.len();
        let mut out = Emitter {
            prose: &mut self.prose,
            map: &map,
            seen: &mut self.seen,
        };
        inline(&buf, &mut out);
        let end = self.prose.text.len();
        if end > start {
            self.prose.blocks.push(Block {
                range: start..end,
                kind,
                in_definitions_section: false,
                in_references_section: false,
            });
            self.prose.text.push('\n');
        }
    }
}

fn option_number(options: &[(&str, Line<'_>)], name: &str) -> u32 {
    options
        .iter()
        .find(|o| o.0 == name)
        .and_then(|o| o.1.text.trim().parse().ok())
        .unwrap_or(0)
}

/// The name of a directive (`code-block`, `py:function`) at the start of explicit markup.
fn directive_name(rest: &str) -> Option<&str> {
    let end = rest.find("::")?;
    let name = &rest[..end];
    let after = &rest[end + 2..];
    (!name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.' | b'+'))
        && after.chars().next().is_none_or(char::is_whitespace))
    .then_some(name)
}

/// A glossary term line, with its parenthesised long form when it reads
/// `API (application programming interface)`.
fn glossary_term(line: Line<'_>) -> (Line<'_>, Option<Line<'_>>) {
    let text = line.text.trim_end();
    // `term : index-key` classifiers are not part of the term.
    let text = text.split(" : ").next().unwrap_or(text);
    if let Some(inner) = text.strip_suffix(')')
        && let Some(open) = inner.rfind(" (")
    {
        let short = inner[..open].trim_end();
        let long = &inner[open + 2..];
        if crate::acronym::is_acronym_shaped(short) && !long.trim().is_empty() {
            return (
                Line {
                    text: short,
                    ..line
                },
                Some(Line {
                    text: long,
                    start: line.start + open + 2,
                    ..line
                }),
            );
        }
    }
    (Line { text, ..line }, None)
}

/// The clause a definition starts with when its words' initials spell `short`
/// ("Application programming interface: a contract…" for API).
fn leading_clause<'a>(text: &'a str, short: &str) -> Option<&'a str> {
    let end = text
        .find(['.', ':', ';', ',', '(', '—'])
        .unwrap_or(text.len());
    let clause = text[..end].trim_end();
    let letters: String = short
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    // With or without the small words: "time to live" is TTL, "quality of service" QoS.
    let initials = |skip_small: bool| -> String {
        clause
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| {
                let small = matches!(
                    *w,
                    "of" | "and" | "the" | "for" | "to" | "a" | "an" | "in" | "on"
                );
                !(w.is_empty() || (skip_small && small))
            })
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_lowercase)
            .collect()
    };
    (!letters.is_empty() && (initials(true) == letters || initials(false) == letters))
        .then_some(clause)
}

/// Writes inline prose to a [`Prose`], mapping offsets of a paragraph's joined text back to
/// the source.
struct Emitter<'p, 'l> {
    prose: &'p mut Prose,
    map: &'l [(usize, Line<'l>)],
    seen: &'p mut HashSet<Box<str>>,
}

impl Emitter<'_, '_> {
    /// The line of the paragraph that holds joined-text offset `at`.
    fn line_of(&self, at: usize) -> usize {
        self.map
            .partition_point(|(s, _)| *s <= at)
            .saturating_sub(1)
    }

    fn source_of(&self, at: usize) -> usize {
        let (s, l) = &self.map[self.line_of(at)];
        l.start + (at - s).min(l.text.len())
    }

    /// Prose written as is: `buf[range]`, each line break read as a space.
    fn text(&mut self, buf: &str, range: Range<usize>) {
        let mut at = range.start;
        while at < range.end {
            let index = self.line_of(at);
            let (s, l) = self.map[index];
            let line_end = (s + l.text.len()).min(range.end);
            if at < line_end {
                let from = l.start + (at - s);
                self.prose
                    .push(&buf[at..line_end], from..from + (line_end - at), true);
                at = line_end;
            }
            if at < range.end {
                // The `\n` joining two lines: a space standing for the line break.
                let exact = l.eol.1 - l.eol.0 == 1;
                self.prose.push(" ", l.eol.0..l.eol.1, exact);
                at += 1;
            }
        }
    }

    /// One placeholder standing for `buf[range]` (inline code, a role's target).
    fn placeholder(&mut self, range: Range<usize>) {
        let from = self.source_of(range.start);
        let to = self.source_of(range.end).max(from);
        self.prose
            .push(CODE_PLACEHOLDER.encode_utf8(&mut [0; 4]), from..to, false);
    }

    fn code(&mut self, code: &str) {
        for line in code.split('\n') {
            self.prose.note_code(line, self.seen);
        }
    }
}

/// Whether inline markup may start after `prev` (docutils: white space, the start, or
/// punctuation that may open a phrase).
fn may_open(prev: Option<char>) -> bool {
    prev.is_none_or(|c| c.is_whitespace() || !(c.is_alphanumeric() || c == '\\'))
}

/// Whether inline markup may end before `next`.
fn may_close(next: Option<char>) -> bool {
    next.is_none_or(|c| c.is_whitespace() || !(c.is_alphanumeric()) && c != '`')
}

/// The end of an inline construct whose content starts at `from` and ends with `end`:
/// the offset of the end string.
fn find_end(buf: &str, from: usize, end: &str) -> Option<usize> {
    let mut at = from;
    while let Some(found) = buf.get(at..).and_then(|r| r.find(end)) {
        let pos = at + found;
        let before = buf[..pos].chars().next_back();
        let after = buf[pos + end.len()..].chars().next();
        if pos > from
            && before.is_some_and(|c| !c.is_whitespace())
            && (end == "``" || before != Some('\\'))
            && may_close(after)
        {
            return Some(pos);
        }
        at = pos + 1;
    }
    None
}

/// Reads the inline markup of a paragraph's joined text.
fn inline(buf: &str, out: &mut Emitter<'_, '_>) {
    let bytes = buf.as_bytes();
    let mut plain = 0; // start of the text not yet written
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !matches!(b, b'`' | b':' | b'*' | b'|' | b'[' | b'_' | b'\\') {
            i += 1;
            continue;
        }
        let prev = buf[..i].chars().next_back();
        let next = buf[i + 1..].chars().next();
        if b == b'\\' {
            out.text(buf, plain..i);
            plain = i + 1;
            i += 1 + next.map_or(0, char::len_utf8);
            continue;
        }
        if b == b'_' {
            // A simple reference `name_` or `name__`: the name is prose, the underscores not.
            let run = bytes[i..].iter().take_while(|&&c| c == b'_').count();
            let after = buf[i + run..].chars().next();
            if run <= 2
                && prev.is_some_and(char::is_alphanumeric)
                && after.is_none_or(|c| {
                    c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | ')' | '!' | '?')
                })
            {
                out.text(buf, plain..i);
                plain = i + run;
                i += run;
                continue;
            }
            if next == Some('`')
                && may_open(prev)
                && let Some(close) = find_end(buf, i + 2, "`")
            {
                // An inline target: its text is prose.
                out.text(buf, plain..i);
                out.text(buf, i + 2..close);
                plain = close + 1;
                i = close + 1;
                continue;
            }
            i += run;
            continue;
        }
        if !may_open(prev) {
            i += 1;
            continue;
        }
        match b {
            b'`' if buf[i..].starts_with("``") => {
                if let Some(close) = find_end(buf, i + 2, "``") {
                    out.text(buf, plain..i);
                    out.code(&buf[i + 2..close]);
                    out.placeholder(i..close + 2);
                    plain = close + 2;
                    i = close + 2;
                    continue;
                }
            }
            b'`' => {
                if let Some(close) = find_end(buf, i + 1, "`") {
                    let content = i + 1..close;
                    let mut after = close + 1;
                    out.text(buf, plain..i);
                    if buf[after..].starts_with('_') {
                        // A hyperlink reference: its text is prose, an embedded URI not.
                        after += if buf[after..].starts_with("__") { 2 } else { 1 };
                        let (text, _) = split_target(buf, content.clone());
                        out.text(buf, text);
                    } else if let Some(role_len) = role_suffix(&buf[after..]) {
                        let role = &buf[after + 1..after + role_len - 1];
                        role_content(buf, role, content, out);
                        after += role_len;
                    } else {
                        // Interpreted text in the default role: read as code.
                        out.code(&buf[content.clone()]);
                        out.placeholder(i..after);
                    }
                    plain = after;
                    i = after;
                    continue;
                }
            }
            b':' => {
                if let Some(role_len) = role_prefix(&buf[i..])
                    && let Some(close) = find_end(buf, i + role_len + 1, "`")
                {
                    let role = &buf[i + 1..i + role_len - 1];
                    out.text(buf, plain..i);
                    let content = i + role_len + 1..close;
                    if PROSE_ROLES.contains(&role) || has_target(buf, content.clone()) {
                        role_content(buf, role, content, out);
                    } else {
                        note_role_code(buf, role, content.clone(), out);
                        out.placeholder(i..close + 1);
                    }
                    plain = close + 1;
                    i = close + 1;
                    continue;
                }
            }
            b'*' => {
                let strong = buf[i..].starts_with("**");
                let marker = if strong { "**" } else { "*" };
                if next.is_some_and(|c| !c.is_whitespace())
                    && let Some(close) = find_end(buf, i + marker.len(), marker)
                {
                    out.text(buf, plain..i);
                    out.text(buf, i + marker.len()..close);
                    plain = close + marker.len();
                    i = plain;
                    continue;
                }
            }
            b'|' => {
                if next.is_some_and(|c| !c.is_whitespace())
                    && let Some(close) = find_end(buf, i + 1, "|")
                {
                    let mut after = close + 1;
                    after += buf[after..]
                        .bytes()
                        .take_while(|&c| c == b'_')
                        .count()
                        .min(2);
                    out.text(buf, plain..i);
                    out.placeholder(i..after);
                    plain = after;
                    i = after;
                    continue;
                }
            }
            b'[' => {
                if let Some(close) = buf[i..].find("]_").map(|j| i + j)
                    && !buf[i + 1..close].contains(char::is_whitespace)
                    && close > i + 1
                    && may_close(buf[close + 2..].chars().next())
                {
                    // A footnote or citation reference.
                    out.text(buf, plain..i);
                    out.placeholder(i..close + 2);
                    plain = close + 2;
                    i = close + 2;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.text(buf, plain..bytes.len());
}

/// A role name and its colons at the start of `text` followed by a backtick (`:ref:` in
/// ``:ref:`x` ``): the length of `:ref:`.
fn role_prefix(text: &str) -> Option<usize> {
    let rest = text.strip_prefix(':')?;
    let end = rest.find(":`")?;
    let name = &rest[..end];
    (!name.is_empty()
        && name.len() <= 40
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.' | b'+')))
    .then_some(end + 2)
}

/// A role written after its content (`` `x`:ref: ``): the length of `:ref:`.
fn role_suffix(text: &str) -> Option<usize> {
    let rest = text.strip_prefix(':')?;
    let end = rest.find(':')?;
    let name = &rest[..end];
    (!name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'+')))
    .then_some(end + 2)
}

/// Whether interpreted text reads `text <target>`.
fn has_target(buf: &str, content: Range<usize>) -> bool {
    let (text, target) = split_target(buf, content);
    target.is_some() && !text.is_empty()
}

/// `text <target>` → (the text's range, the target's range).
fn split_target(buf: &str, content: Range<usize>) -> (Range<usize>, Option<Range<usize>>) {
    let inner = &buf[content.clone()];
    if inner.ends_with('>')
        && let Some(open) = inner.rfind('<')
        && (open == 0 || inner[..open].ends_with(char::is_whitespace))
    {
        let text_end = content.start + inner[..open].trim_end().len();
        return (
            content.start..text_end,
            Some(content.start + open..content.end),
        );
    }
    (content, None)
}

/// The prose of a role's content: its text (without target), for prose roles and roles
/// written `text <target>`; a placeholder otherwise.
fn role_content(buf: &str, role: &str, content: Range<usize>, out: &mut Emitter<'_, '_>) {
    let (text, target) = split_target(buf, content.clone());
    let bare = role.rsplit(':').next().unwrap_or(role);
    if target.is_some() || PROSE_ROLES.contains(&bare) {
        let text_str = &buf[text.clone()];
        // `~` and `!` prefixes change how a reference is shown, not what it says.
        let skip = text_str.len() - text_str.trim_start_matches(['~', '!']).len();
        out.text(buf, text.start + skip..text.end);
    } else {
        note_role_code(buf, role, content.clone(), out);
        out.placeholder(content);
    }
}

fn note_role_code(buf: &str, role: &str, content: Range<usize>, out: &mut Emitter<'_, '_>) {
    let bare = role.rsplit(':').next().unwrap_or(role);
    if !REFERENCE_ROLES.contains(&bare) && bare != "math" {
        out.code(&buf[content]);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{BlockKind, Markup, Prose};

    fn prose(source: &str) -> Prose {
        Prose::new(source, Markup::Restructuredtext)
    }

    /// The source text each block maps back to.
    fn mapped(p: &Prose, source: &str, word: &str) -> String {
        let at = p
            .text
            .find(word)
            .unwrap_or_else(|| panic!("{word} not in {:?}", p.text));
        source[p.range_to_source(at..at + word.len())].to_string()
    }

    #[test]
    fn code_literals_comments_and_targets_are_not_prose() {
        let source = "Intro\n=====\n\nThe ``ABC`` call::\n\n    DEF = 1\n\n.. code-block:: python\n   :caption: GHI\n\n   JKL()\n\n.. MNO comment\n\n.. _PQR: https://x.io\n\n.. |STU| replace:: VWX\n\n>>> YZA()\n\nEnd BCD.\n";
        let p = prose(source);
        for hidden in [
            "ABC", "DEF", "GHI", "JKL", "MNO", "PQR", "STU", "VWX", "YZA",
        ] {
            assert!(
                !p.text.contains(hidden),
                "{hidden} leaked into {:?}",
                p.text
            );
        }
        assert!(p.text.contains("The \u{1a} call:\n"), "{:?}", p.text);
        assert!(p.text.contains("End BCD."));
        assert_eq!(p.blocks[0].kind, BlockKind::Heading(18));
        for code in ["ABC", "DEF", "JKL"] {
            assert!(p.code_words.iter().any(|w| &**w == code), "{code}");
        }
    }

    #[test]
    fn top_field_lists_and_pep_headers_are_metadata() {
        let p = prose(
            "PEP: 9999\nTitle: The XYZ plan\nAuthor: A. B <a@b.c>\nStatus: Draft\n\nAbstract\n========\n\nThe QRS.\n",
        );
        assert_eq!(p.text, "Abstract\nThe QRS.\n");
        let p = prose(
            "==========\n The title\n==========\n\n:Author: QQA\n:Status: Draft\n  QQB\n\nBody.\n\n:Field: QQC value\n",
        );
        assert_eq!(p.text, "The title\nBody.\nQQC value\n");
    }

    #[test]
    fn roles_keep_their_text_and_drop_their_targets() {
        let source = "See :ref:`the API guide <api-GUIDE>`, :ref:`LBL`, :class:`HTTPClient`, :term:`SDK`, :abbr:`LIFO (last-in, first-out)` and `Docs <https://x.io/ZZZ>`_.";
        let p = prose(source);
        assert_eq!(
            p.text,
            "See the API guide, \u{1a}, \u{1a}, SDK, LIFO (last-in, first-out) and Docs.\n"
        );
        assert!(p.code_words.iter().any(|w| &**w == "HTTPClient"));
        assert!(!p.code_words.iter().any(|w| &**w == "LBL"));
        assert_eq!(mapped(&p, source, "LIFO (last-in"), "LIFO (last-in");
        assert_eq!(mapped(&p, source, "SDK"), "SDK");
    }

    #[test]
    fn lists_definitions_and_admonitions_are_prose() {
        let source = "- one ABC\n  wraps\n\n#. two DEF\n\nTerm GHI\n   Its body JKL.\n\n.. note:: Mind the MNO\n   and PQR.\n\n:param x: the STU\n";
        let p = prose(source);
        let kinds: Vec<(BlockKind, &str)> = p
            .blocks
            .iter()
            .map(|b| (b.kind, &p.text[b.range.clone()]))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (BlockKind::ListItem, "one ABC wraps"),
                (BlockKind::ListItem, "two DEF"),
                (BlockKind::DefinitionTitle, "Term GHI"),
                (BlockKind::DefinitionBody, "Its body JKL."),
                (BlockKind::Paragraph, "Mind the MNO and PQR."),
                (BlockKind::ListItem, "the STU"),
            ]
        );
        assert_eq!(mapped(&p, source, "PQR"), "PQR");
    }

    #[test]
    fn tables_become_cells() {
        let source = "+-----+------+\n| AAA | BBB  |\n+=====+======+\n| CCC | DDD  |\n|     | more |\n+-----+------+\n\n=====  =====\nEEE    FFF\n=====  =====\nGGG    HHH\n\nIII    JJJ\n=====  =====\n\n.. csv-table:: Title KKK\n   :header: \"LLL\", \"MMM, too\"\n\n   NNN, \"OOO, x\"\n\n.. list-table::\n   :header-rows: 1\n\n   * - PPP\n     - QQQ\n   * - RRR\n     - SSS\n";
        let p = prose(source);
        let cells: Vec<(u32, u32, bool, &str)> = p
            .blocks
            .iter()
            .filter_map(|b| match b.kind {
                BlockKind::TableCell {
                    row,
                    column,
                    header,
                } => Some((row, column, header, &p.text[b.range.clone()])),
                _ => None,
            })
            .collect();
        assert_eq!(
            cells,
            vec![
                (0, 0, true, "AAA"),
                (0, 1, true, "BBB"),
                (1, 0, false, "CCC"),
                (1, 1, false, "DDD more"),
                (0, 0, true, "EEE"),
                (0, 1, true, "FFF"),
                (1, 0, false, "GGG"),
                (1, 1, false, "HHH"),
                (2, 0, false, "III"),
                (2, 1, false, "JJJ"),
                (0, 0, true, "LLL"),
                (0, 1, true, "MMM, too"),
                (1, 0, false, "NNN"),
                (1, 1, false, "OOO, x"),
                (0, 0, true, "PPP"),
                (0, 1, true, "QQQ"),
                (1, 0, false, "RRR"),
                (1, 1, false, "SSS"),
            ]
        );
        assert!(p.text.contains("Title KKK"));
        assert_eq!(mapped(&p, source, "OOO, x"), "OOO, x");
        assert_eq!(mapped(&p, source, "DDD more"), "DDD  |\n|     | more");
    }

    #[test]
    fn glossary_entries_declare_their_acronyms() {
        let source = ".. glossary::\n   :sorted:\n\n   API (application programming interface)\n      A contract between programs.\n\n   SLO\n   service level objective\n      A target.\n\n   TTL\n      Time to live: how long a record lasts.\n\n   Widget\n      A thing.\n";
        let p = prose(source);
        let kinds: Vec<(BlockKind, &str)> = p
            .blocks
            .iter()
            .map(|b| (b.kind, &p.text[b.range.clone()]))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (BlockKind::DeclaredShort, "API"),
                (BlockKind::DeclaredLong, "application programming interface"),
                (BlockKind::DefinitionBody, "A contract between programs."),
                (BlockKind::DeclaredShort, "SLO"),
                (BlockKind::DeclaredLong, "service level objective"),
                (BlockKind::DefinitionBody, "A target."),
                (BlockKind::DeclaredShort, "TTL"),
                (BlockKind::DeclaredLong, "Time to live"),
                (BlockKind::DefinitionBody, ": how long a record lasts."),
                (BlockKind::DefinitionTitle, "Widget"),
                (BlockKind::DefinitionBody, "A thing."),
            ]
        );
        assert_eq!(
            mapped(&p, source, "application programming"),
            "application programming"
        );
    }

    #[test]
    fn crlf_and_non_ascii_map_back() {
        let source = "Café ÉTÉ\r\n========\r\n\r\nLe **naïve** QQZ\r\nsuit ``x`` ici.\r\n";
        let p = prose(source);
        assert_eq!(p.text, "Café ÉTÉ\nLe naïve QQZ suit \u{1a} ici.\n");
        assert_eq!(mapped(&p, source, "QQZ suit"), "QQZ\r\nsuit");
        assert_eq!(mapped(&p, source, "ÉTÉ"), "ÉTÉ");
        for (i, _) in p.text.char_indices() {
            assert!(source.is_char_boundary(p.to_source(i)));
        }
    }

    #[test]
    fn pieces_parse_exactly_like_the_whole() {
        // Constructs that hold blank lines and column-0 lines a split must not cut.
        let part = "Section ABC\n===========\n\nA paragraph with ``QQA``::\n\n    literal QQB\n\n    more QQC\n\nQuoted::\n\n> quoted QQD\n\n=====  =====\nEEE    FFF\n=====  =====\nGGG    HHH\n\nIII    JJJ\n=====  =====\n\n.. note:: A DPW note\n\n   with two paragraphs.\n\n- item one\n\n  item two DEF\n\nTerm\n   Body.\n\n.. glossary::\n\n   SLQ (service level quota)\n      Quota.\n\n";
        let source = format!("PEP: 1\nTitle: T\n\n:Author: QXA\n\n{}", part.repeat(5));
        let (expected, blocks, pieces) =
            crate::markup::blocks_whole_and_split(&source, Markup::Restructuredtext);
        assert!(pieces > 20, "{pieces}");
        assert_eq!(blocks, expected);
        let whole = prose(&source);
        assert!(!whole.text.contains("QQB") && !whole.text.contains("QQD"));
        assert!(!whole.text.contains("QXA"));
    }

    #[test]
    fn a_letter_before_a_multibyte_character_is_no_enumerator() {
        // Once a panic: the enumerator check sliced inside the apostrophe.
        let p = prose("I\u{2019}m not shipping any ``.pyc`` files.\n");
        assert_eq!(p.text, "I\u{2019}m not shipping any \u{1a} files.\n");
    }

    #[test]
    fn a_multibyte_csv_delimiter_splits_cells() {
        let p = prose(".. csv-table::\n   :delim: ¦\n\n   QQA ¦ \"QQB ¦ x\" ¦ QQC\n");
        assert_eq!(p.text, "QQA\nQQB ¦ x\nQQC\n");
    }

    /// Fragments of reST constructs, combined at random by the property test below.
    const PIECES: &[&str] = &[
        "Title\n",
        "=====\n",
        "\n",
        "   ",
        "- ",
        "#. ",
        "(a) ",
        "I’m ",
        ":Field: v\n",
        ".. note:: ",
        ".. code-block:: py\n",
        ".. glossary::\n",
        "   :opt: x\n",
        "::\n",
        "``QQA``",
        "`t <u>`_",
        ":ref:`x <y>`",
        ":abbr:`LIFO (l)`",
        "*e*",
        "**s**",
        "|s|",
        "[1]_",
        "x_ ",
        "\\",
        "+---+---+\n",
        "| a | b |\n",
        "===  ===\n",
        ".. csv-table::\n",
        ".. list-table::\n",
        "   * - c\n",
        "     - d\n",
        ">>> x\n",
        "\r\n",
        "é",
        "API ",
        ".. _t: u\n",
        ".. |x| replace:: y\n",
        "Term\n   body\n",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, .. proptest::prelude::ProptestConfig::default() })]

        /// Any arrangement of constructs parses without panicking, every prose character
        /// maps to a character boundary of the source, and pieces parse like the whole.
        #[test]
        fn any_rest_parses_and_maps_to_boundaries(
            picks in proptest::collection::vec(0..PIECES.len(), 0..40),
            noise in "\\PC{0,10}",
        ) {
            let mut source: String = picks.iter().map(|&i| PIECES[i]).collect();
            source.push_str(&noise);
            let p = prose(&source);
            for (i, _) in p.text.char_indices() {
                proptest::prop_assert!(source.is_char_boundary(p.to_source(i)));
            }
            let whole: Vec<String> = p.blocks.iter().map(|b| p.text[b.range.clone()].to_string()).collect();
            let mut pieces = Vec::new();
            for (i, r) in super::super::chunk_ranges(&source, Markup::Restructuredtext, 1).into_iter().enumerate() {
                let piece = Prose::parse_piece(&source[r], Markup::Restructuredtext, i == 0);
                pieces.extend(piece.blocks.iter().map(|b| piece.text[b.range.clone()].to_string()));
            }
            proptest::prop_assert_eq!(whole, pieces);
        }
    }

    #[test]
    fn comments_carry_directives() {
        let p = prose(".. glossary-ls: allow QQX\n\nThe QQX.\n");
        assert_eq!(p.directives.len(), 1);
        assert_eq!(p.directives[0].names, vec!["QQX"]);
    }
}

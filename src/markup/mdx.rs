//! MDX: Markdown with JSX. A pre-pass takes out what is not prose — ESM (`import`/`export`
//! blocks at the top level), JSX tags with their attributes (self-closing, nested and
//! multi-line ones) and `{expressions}` (balanced braces, strings and comments inside) —
//! and the indentation of lines inside components (which MDX ignores but Markdown would
//! read as code); the rest is parsed as Markdown and every offset is mapped back to the
//! source. Text inside components is prose. Suppression comments are written
//! `{/* glossary-ls: allow ACME */}`.

use super::{Prose, directives_in};

/// A kept piece of the source: where it is in the text Markdown sees and in the source.
#[derive(Clone, Copy, Debug)]
struct Piece {
    out: usize,
    src: usize,
    len: usize,
}

/// The source with the MDX constructs taken out, and the way back.
struct Stripped {
    text: String,
    pieces: Vec<Piece>,
}

impl Stripped {
    fn keep(&mut self, source: &str, range: std::ops::Range<usize>) {
        if range.is_empty() {
            return;
        }
        let out = self.text.len();
        self.text.push_str(&source[range.clone()]);
        match self.pieces.last_mut() {
            Some(last) if last.src + last.len == range.start && last.out + last.len == out => {
                last.len += range.len();
            }
            _ => self.pieces.push(Piece {
                out,
                src: range.start,
                len: range.len(),
            }),
        }
    }

    /// The source offset of offset `at` of the stripped text; `end` for the end of a range
    /// (which maps to the end of the piece before a cut, not the start of the next).
    fn to_source(&self, at: usize, end: bool) -> usize {
        let i = self.pieces.partition_point(|p| {
            if end {
                p.out + p.len < at
            } else {
                p.out + p.len <= at
            }
        });
        match self.pieces.get(i) {
            Some(p) if p.out <= at => p.src + (at - p.out),
            Some(p) => p.src,
            None => self.pieces.last().map_or(0, |p| p.src + p.len),
        }
    }
}

pub(super) fn prose(source: &str, at_start: bool) -> Prose {
    let mut directives = Vec::new();
    let stripped = strip(source, at_start, &mut directives);
    let mut prose = super::markdown::prose(&stripped.text, at_start);
    // Back to source offsets: a segment that spans a cut is split where the cut is.
    let mut segments = Vec::with_capacity(prose.segments.len());
    for segment in &prose.segments {
        let start = segment.source;
        let end = start + segment.source_len;
        if segment.exact && segment.prose_len == segment.source_len {
            let first = stripped.pieces.partition_point(|p| p.out + p.len <= start);
            for piece in &stripped.pieces[first..] {
                if piece.out >= end {
                    break;
                }
                let a = start.max(piece.out);
                let b = end.min(piece.out + piece.len);
                if a < b {
                    segments.push(super::Segment {
                        prose: segment.prose + (a - start),
                        source: piece.src + (a - piece.out),
                        prose_len: b - a,
                        source_len: b - a,
                        exact: true,
                    });
                }
            }
        } else {
            let from = stripped.to_source(start, false);
            let to = stripped.to_source(end, true).max(from);
            segments.push(super::Segment {
                source: from,
                source_len: to - from,
                ..*segment
            });
        }
    }
    prose.segments = segments;
    for directive in &mut prose.directives {
        let from = stripped.to_source(directive.source.start, false);
        let to = stripped.to_source(directive.source.end, true).max(from);
        directive.source = from..to;
    }
    prose.directives.extend(directives);
    prose.directives.sort_by_key(|d| d.source.start);
    prose
}

/// Takes the MDX constructs out of `source`; suppression comments in expressions go to
/// `directives`.
fn strip(source: &str, at_start: bool, directives: &mut Vec<super::Directive>) -> Stripped {
    let mut out = Stripped {
        text: String::with_capacity(source.len()),
        pieces: Vec::new(),
    };
    let bytes = source.as_bytes();
    // Front matter is left to the Markdown reader.
    let mut i = if at_start {
        super::metadata::top(source).front.end
    } else {
        0
    };
    out.keep(source, 0..i);
    // Open flow components, innermost last, with the indentation of their content.
    let mut components: Vec<Option<usize>> = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut in_esm = false;
    while i < bytes.len() {
        let line_end = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n + 1);
        let line = &source[i..line_end];
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches([' ', '\t']).len();
        let trimmed = &content[indent..];
        let blank = trimmed.is_empty();
        // Inside a component, its content's indentation is not Markdown's.
        let dedent = match components.last_mut() {
            Some(content_indent) if !blank => {
                let own = *content_indent.get_or_insert(indent);
                if trimmed.starts_with('<') {
                    indent
                } else {
                    indent.min(own)
                }
            }
            _ => 0,
        };
        // Code fences: their text is left as it is.
        let fence_marker = trimmed
            .as_bytes()
            .first()
            .copied()
            .filter(|b| *b == b'`' || *b == b'~');
        if let Some(c) = fence_marker {
            let run = trimmed.bytes().take_while(|b| *b == c).count();
            if run >= 3 {
                match fence {
                    None => fence = Some((c, run)),
                    Some((open, len))
                        if open == c && run >= len && trimmed[run..].trim().is_empty() =>
                    {
                        fence = None
                    }
                    Some(_) => {}
                }
                out.keep(source, i + dedent..line_end);
                i = line_end;
                continue;
            }
        }
        if fence.is_some() {
            out.keep(source, i + dedent.min(indent)..line_end);
            i = line_end;
            continue;
        }
        // ESM: an `import`/`export` line at the top level, up to the next blank line.
        if components.is_empty()
            && (in_esm
                || indent == 0
                    && (trimmed.starts_with("import ") || trimmed.starts_with("export ")))
        {
            in_esm = !blank;
            out.keep(source, line_end - (line.len() - content.len())..line_end);
            i = line_end;
            continue;
        }
        in_esm = false;
        i = scan_line(
            source,
            i + dedent,
            line_end,
            &mut out,
            &mut components,
            directives,
        );
    }
    out
}

/// Copies one line (from `start`) without its JSX tags and expressions; a tag or expression
/// that goes on past the line is taken out whole. Returns where the next line starts.
fn scan_line(
    source: &str,
    start: usize,
    line_end: usize,
    out: &mut Stripped,
    components: &mut Vec<Option<usize>>,
    directives: &mut Vec<super::Directive>,
) -> usize {
    let bytes = source.as_bytes();
    let line_start = source[..start].rfind('\n').map_or(0, |n| n + 1);
    let mut kept = start;
    let mut i = start;
    let mut end = line_end;
    while i < end {
        match bytes[i] {
            b'`' => {
                // An inline code span on this line is left alone.
                let run = bytes[i..end].iter().take_while(|b| **b == b'`').count();
                let closer = "`".repeat(run);
                match source[i + run..end].find(&closer) {
                    Some(n) => i += run + n + run,
                    None => i += run,
                }
            }
            b'\\' => i += 2,
            b'{' => {
                let close = balanced(source, i);
                let text = &source[i..close];
                if text.contains("glossary-ls") {
                    directives_in(text, i, directives);
                }
                out.keep(source, kept..i);
                kept = close;
                i = close;
                end = end.max(next_line_end(source, close));
            }
            b'<' if is_tag_start(bytes, i) => {
                let close = tag_end(source, i);
                let tag = &source[i..close];
                let alone_before = source[line_start..i].trim().is_empty();
                let after_end = next_line_end(source, close);
                let alone_after = source[close..after_end].trim().is_empty();
                if alone_before && alone_after {
                    if tag.starts_with("</") {
                        components.pop();
                    } else if !tag.ends_with("/>") {
                        components.push(None);
                    }
                }
                out.keep(source, kept..i);
                kept = close;
                i = close;
                end = end.max(after_end);
            }
            _ => i += 1,
        }
    }
    let end = end.min(bytes.len());
    out.keep(source, kept.min(end)..end);
    end
}

/// Where the line holding `at` ends (after its `\n`).
fn next_line_end(source: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &source.as_bytes()[at.min(source.len())..])
        .map_or(source.len(), |n| at + n + 1)
}

/// Whether `<` at `i` opens a JSX tag: `<Name`, `</`, `<>` (a fragment).
fn is_tag_start(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i + 1) {
        Some(b'/') => bytes
            .get(i + 2)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'>'),
        Some(b'>') => true,
        Some(b) if b.is_ascii_alphabetic() => {
            // Not an autolink (`<https://…>`), which MDX does not have but writers do.
            let rest = &bytes[i + 1..];
            let name_len = rest
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':'))
                .count();
            !rest[..name_len].contains(&b':') || !rest[name_len..].starts_with(b"//")
        }
        _ => false,
    }
}

/// Where the tag opened at `start` ends (after its `>`): attribute strings and `{…}`
/// values may hold `>`.
fn tag_end(source: &str, start: usize) -> usize {
    let bytes = source.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return i + 1,
            q @ (b'"' | b'\'') => {
                i = memchr::memchr(q, &bytes[i + 1..]).map_or(bytes.len(), |n| i + 1 + n + 1);
            }
            b'{' => i = balanced(source, i),
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Where the expression opened by `{` at `start` ends (after its `}`): braces balanced,
/// strings, template literals and comments skipped. Unclosed, it runs to the end.
fn balanced(source: &str, start: usize) -> usize {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            q @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = source[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| i + 2 + n + 1);
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::Markup;

    const DOC: &str = "---\ntitle: Deploying\n---\nimport Tabs from '@theme/Tabs';\nimport {\n  TabItem,\n} from '@theme/TabItem';\nexport const meta = {owner: 'SRE'};\n\n# Deploy with the CLI\n\n<Tabs groupId=\"OS\" values={[{label: 'GNU', value: 'GNU'}]}>\n  <TabItem value=\"GNU\"\n           label=\"GNU/Linux\">\n    Run the CLI once per VPC.\n\n    Then check the DNS.\n  </TabItem>\n</Tabs>\n\nThe <abbr title=\"Time To Live\">TTL</abbr> is {props.ttl ?? 'short'} for ÉTS.\n\n{/* glossary-ls: allow ÉTS */}\n\n<Note kind=\"SLO\" />\n\n```js\nconst x = {JSX: <Foo/>};\n```\n";

    fn prose() -> Prose {
        Prose::new(DOC, Markup::Mdx)
    }

    /// The source text of each word of prose that matches `word`.
    fn source_of(p: &Prose, word: &str) -> Vec<(usize, String)> {
        p.text
            .match_indices(word)
            .map(|(at, w)| {
                let range = p.range_to_source(at..at + w.len());
                (range.start, DOC[range].to_string())
            })
            .collect()
    }

    #[test]
    fn esm_tags_attributes_and_expressions_are_not_prose() {
        let p = prose();
        for gone in [
            "import",
            "export",
            "SRE",
            "OS",
            "GNU",
            "groupId",
            "label",
            "Time To Live",
            "props",
            "short",
            "SLO",
            "JSX",
            "meta",
            "Note",
            "TabItem",
        ] {
            assert!(!p.text.contains(gone), "{gone:?} in {:?}", p.text);
        }
        for kept in [
            "Deploy with the CLI",
            "Run the CLI once per VPC.",
            "Then check the DNS.",
            "The TTL is  for ÉTS.",
        ] {
            assert!(p.text.contains(kept), "{kept:?} not in {:?}", p.text);
        }
    }

    #[test]
    fn text_inside_components_maps_to_its_exact_source_position() {
        let p = prose();
        let vpc = DOC.find("VPC").unwrap();
        assert_eq!(source_of(&p, "VPC"), [(vpc, "VPC".to_string())]);
        let dns = DOC.find("DNS").unwrap();
        assert_eq!(source_of(&p, "DNS"), [(dns, "DNS".to_string())]);
        let ttl = DOC.find(">TTL<").unwrap() + 1;
        assert_eq!(source_of(&p, "TTL"), [(ttl, "TTL".to_string())]);
        let ets = DOC.find("ÉTS.").unwrap();
        assert_eq!(source_of(&p, "ÉTS"), [(ets, "ÉTS".to_string())]);
        // A range across a cut maps to the whole source it spans.
        let at = p.text.find("TTL is").unwrap();
        let range = p.range_to_source(at..at + "TTL is  for".len());
        assert_eq!(&DOC[range], "TTL</abbr> is {props.ttl ?? 'short'} for");
    }

    #[test]
    fn suppression_comments_are_expressions() {
        let p = prose();
        assert_eq!(p.directives.len(), 1, "{:?}", p.directives);
        assert_eq!(p.directives[0].names, ["ÉTS"]);
        // The directive is the comment's text.
        let at = DOC.find("glossary-ls: allow").unwrap();
        assert_eq!(p.directives[0].source.start, at);
    }

    #[test]
    fn crlf_line_breaks_give_the_same_prose() {
        let crlf = DOC.replace('\n', "\r\n");
        let p = Prose::new(&crlf, Markup::Mdx);
        assert!(p.text.contains("Run the CLI once per VPC."), "{:?}", p.text);
        let at = p.text.find("VPC").unwrap();
        let range = p.range_to_source(at..at + 3);
        assert_eq!(&crlf[range.clone()], "VPC");
        assert_eq!(range.start, crlf.find("VPC").unwrap());
    }
}

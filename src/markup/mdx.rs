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
    /// Collecting the line starts where no MDX construct is open (see [`split_points`]).
    splits: Option<Vec<usize>>,
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
    strip_into(
        source,
        at_start,
        directives,
        Stripped {
            text: String::with_capacity(source.len()),
            pieces: Vec::new(),
            splits: None,
        },
    )
}

/// The line starts of `source` (an MDX document from its top) where a piece may begin and
/// parse alone exactly as it does within the whole (see `chunks`): where no front matter,
/// ESM, component, code fence or multi-line tag or expression is open, at column 0 after a
/// blank line, and where the text Markdown reads (the constructs taken out) may be split
/// by Markdown's own rule (`{x}```` opens a fence for Markdown, not for MDX).
///
/// `source` may also be a part of a document that starts at a split point (not `at_start`).
pub(super) fn split_points(source: &str, at_start: bool) -> Vec<usize> {
    let out = Stripped {
        text: String::with_capacity(source.len()),
        pieces: Vec::new(),
        splits: Some(Vec::new()),
    };
    let stripped = strip_into(source, at_start, &mut Vec::new(), out);
    let candidates = stripped.splits.as_deref().unwrap_or_default();
    let markdown = super::chunks::chunks_in(&stripped.text, super::Markup::Markdown, 1, at_start)
        .skip(1)
        .map(|piece| stripped.to_source(piece.start, false));
    // Both lists are sorted: keep the source offsets in both.
    let mut out = Vec::new();
    let mut k = 0;
    for at in markdown {
        k += candidates[k..].partition_point(|&c| c < at);
        if candidates.get(k) == Some(&at) {
            out.push(at);
        }
    }
    out
}

/// Whether the line before `at` (a line start) is blank.
fn follows_blank_line(source: &str, at: usize) -> bool {
    let Some(before) = source[..at].strip_suffix('\n') else {
        return false;
    };
    let line = before.rfind('\n').map_or(before, |n| &before[n + 1..]);
    line.trim().is_empty()
}

fn strip_into(
    source: &str,
    at_start: bool,
    directives: &mut Vec<super::Directive>,
    mut out: Stripped,
) -> Stripped {
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
        if let Some(splits) = out.splits.as_mut()
            && components.is_empty()
            && fence.is_none()
            && !in_esm
            && indent == 0
            && !blank
            && !trimmed.starts_with(':')
            && follows_blank_line(source, i)
        {
            splits.push(i);
        }
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

    use crate::markup::PlacedBlock;

    fn blocks_whole_and_split(source: &str) -> (Vec<PlacedBlock>, Vec<PlacedBlock>, usize) {
        crate::markup::blocks_whole_and_split(source, Markup::Mdx)
    }

    #[test]
    fn pieces_parse_exactly_like_the_whole() {
        // Components, expressions and ESM that hold blank lines at column 0 are never cut.
        let part = "Intro QQA text.\n\n<Note>\n\nInside QQB.\n\n    indented QQC inside\n\n</Note>\n\n{\n\nexpr QQD\n\n}\n\nexport const x = {\n\n  y: 'QQE'}\n\n<Tabs\n\n  label=\"QQF\">\n\nTab QQG.\n\n</Tabs>\n\n```\n\nQQH code\n\n```\n\nOutro QQI.\n\n";
        let source = format!(
            "---\ntitle: T\n---\nimport A from 'a'\n\n{}",
            part.repeat(4)
        );
        let (whole, split, pieces) = blocks_whole_and_split(&source);
        assert!(pieces > 8, "{pieces}");
        assert_eq!(whole, split);
    }

    #[test]
    fn real_mdx_documents_analyse_in_pieces_as_whole() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/speed/mdx");
        let engine = crate::analysis::Engine::new(
            crate::glossary::Glossary::builtin(),
            crate::analysis::Settings::default(),
        );
        let mut documents = 0;
        for entry in std::fs::read_dir(dir).expect("eval/speed/mdx") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|e| e != "mdx") {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("MDX document");
            // (Block texts may differ in brackets: a piece cannot resolve a reference link
            // defined in a later one, as in Markdown; what is found may not.)
            let (_, _, pieces) = blocks_whole_and_split(&source);
            assert!(pieces > 1, "{}", path.display());
            let whole = engine.analyze_in_pieces(&source, Markup::Mdx, usize::MAX);
            let split = engine.analyze_in_pieces(&source, Markup::Mdx, 1);
            assert_eq!(whole.findings, split.findings, "{}", path.display());
            assert_eq!(whole.definitions, split.definitions, "{}", path.display());
            assert_eq!(whole.acronyms, split.acronyms, "{}", path.display());
            documents += 1;
        }
        assert!(documents >= 10, "{documents}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// Any mix of MDX's constructs parses piece by piece exactly as it does whole.
        /// (Reference definitions are left out: a piece cannot resolve a reference defined
        /// in a later one, in Markdown as in MDX — the link text stays prose either way.)
        #[test]
        fn any_mdx_splits_safely(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "\n", "\r\n", "\n\n", "<Note>\n", "</Note>\n", "<Tabs\n", "  a=\"b\">\n",
                "<X />\n", "{\n", "}\n", "{x}", "{/* c */}", "import a from 'b'\n",
                "export const c = {\n", "```\n", "~~~\n", "    code\n", "<!--\n", "-->\n",
                "---\n", "# H\n", "* ", "> ", "API ", "QQA ", "word ", "`", "<", ">", "\\",
                "[a](b)", "é", "\u{1f600}", ": ",
            ]), 0..40)
        ) {
            let source: String = parts.concat();
            // Block kinds may differ where Markdown's own do (a loose list's item is a
            // paragraph whole, an item alone): the text, where it is, and the analysis may not.
            let (whole, split, _) = blocks_whole_and_split(&source);
            let placed = |blocks: Vec<PlacedBlock>| {
                blocks.into_iter().map(|(_, text, at)| (text, at)).collect::<Vec<_>>()
            };
            proptest::prop_assert_eq!(placed(whole), placed(split));
            static ENGINE: std::sync::LazyLock<crate::analysis::Engine> =
                std::sync::LazyLock::new(|| {
                    crate::analysis::Engine::new(
                        crate::glossary::Glossary::builtin(),
                        crate::analysis::Settings::default(),
                    )
                });
            let engine = &*ENGINE;
            let whole = engine.analyze_in_pieces(&source, Markup::Mdx, usize::MAX);
            let split = engine.analyze_in_pieces(&source, Markup::Mdx, 1);
            proptest::prop_assert_eq!(whole.findings, split.findings);
            proptest::prop_assert_eq!(whole.definitions, split.definitions);
            proptest::prop_assert_eq!(whole.acronyms, split.acronyms);
        }
    }
}

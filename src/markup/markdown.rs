//! Markdown prose through pulldown-cmark: text events kept, code, HTML, front matter, link
//! destinations, autolinks and image descriptions left out.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{Block, BlockKind, CODE_PLACEHOLDER, Prose, directives_in};

struct Builder<'a> {
    source: &'a str,
    prose: Prose,
    /// Kinds of the open block containers, innermost last.
    containers: Vec<BlockKind>,
    block_start: Option<usize>,
    /// Depth of elements whose text is not prose (code blocks, metadata, autolinks, images).
    hidden: usize,
    /// For each open link, innermost last: whether it opened a hidden span (an autolink).
    links: Vec<bool>,
    in_table_head: bool,
    row: u32,
    column: u32,
    /// Depth of open code blocks, whose text is evidence of identifiers.
    code_blocks: usize,
    /// Citations in the source (never prose), and the first one not yet passed.
    citations: Vec<super::citations::Citation>,
    next_citation: usize,
    code_seen: std::collections::HashSet<Box<str>>,
    /// The names in `prose.cited_names`, for uniqueness.
    cited_seen: std::collections::HashSet<Box<str>>,
}

/// The prose of `source`; `at_start` when it starts at the top of its document, where
/// metadata may be (see [`super::metadata`]).
pub(super) fn prose(source: &str, at_start: bool) -> Prose {
    // Front matter is found by `metadata`, which knows every dialect (pulldown-cmark's own
    // YAML block would end kramdown-rfc's at the first `...` line of a code block).
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM;
    let top = if at_start {
        super::metadata::top(source)
    } else {
        super::metadata::TopMetadata::default()
    };
    let skip = top.front.end;
    let header = top.header.unwrap_or(0..0);
    let hidden = |range: &std::ops::Range<usize>| {
        (header.start <= range.start && range.start < header.end)
            || is_on_marker_line(source, range.start)
    };
    let mut b = Builder {
        source,
        prose: Prose::default(),
        containers: Vec::new(),
        block_start: None,
        hidden: 0,
        links: Vec::new(),
        in_table_head: false,
        row: 0,
        column: 0,
        code_blocks: 0,
        code_seen: std::collections::HashSet::new(),
        cited_seen: std::collections::HashSet::new(),
        citations: super::citations::citation_spans(source),
        next_citation: 0,
    };
    b.prose.text.reserve(source.len());
    // A full reference link (`[text][label]`) is a link whether or not its definition is
    // in this text: a piece of a document parses it as the whole does (its definition may
    // sit in another piece), and a missing definition leaves no label in the prose.
    let mut full_reference = |link: pulldown_cmark::BrokenLink<'_>| {
        (link.link_type == LinkType::Reference).then(|| ("".into(), "".into()))
    };
    let parser =
        Parser::new_with_broken_link_callback(&source[skip..], options, Some(&mut full_reference));
    for (event, range) in parser.into_offset_iter() {
        let range = range.start + skip..range.end + skip;
        match event {
            Event::Start(tag) => b.start(tag),
            Event::End(tag) => b.end(tag),
            Event::Text(_) | Event::Code(_) if hidden(&range) => {}
            Event::Text(text) => {
                if b.hidden == 0 {
                    b.text(&text, range);
                } else if b.code_blocks > 0 {
                    for line in text.lines() {
                        let code = super::code_without_comment(line);
                        b.prose.note_code(code, &mut b.code_seen);
                    }
                }
            }
            Event::Code(code) => {
                b.prose.note_code(&code, &mut b.code_seen);
                if b.hidden == 0 {
                    b.text(CODE_PLACEHOLDER.encode_utf8(&mut [0; 4]), range);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if b.hidden == 0 && b.block_start.is_some() {
                    // A bare `\n` read as a space still maps byte for byte.
                    let byte_for_byte = range.len() == 1;
                    b.push(" ", range, byte_for_byte);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if html.contains("glossary-ls") {
                    directives_in(&source[range.clone()], range.start, &mut b.prose.directives);
                }
            }
            Event::FootnoteReference(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::Rule
            | Event::TaskListMarker(_) => {}
        }
    }
    b.close_block();
    b.prose
}

/// Whether text at `offset` is a kramdown-rfc section marker line (`--- middle`), which
/// Markdown reads as a paragraph starting at the line's first byte.
fn is_on_marker_line(source: &str, offset: usize) -> bool {
    let at_line_start = offset == 0 || source.as_bytes().get(offset - 1) == Some(&b'\n');
    let rest = source.get(offset..).unwrap_or_default();
    at_line_start && rest.starts_with("--- ") && {
        let end = rest.find('\n').unwrap_or(rest.len());
        super::metadata::is_section_marker(&rest[..end])
    }
}

impl Builder<'_> {
    fn start(&mut self, tag: Tag<'_>) {
        let block = match tag {
            Tag::Paragraph => Some(BlockKind::Paragraph),
            Tag::Heading { level, .. } => Some(BlockKind::Heading(level as u8)),
            Tag::Item => Some(BlockKind::ListItem),
            Tag::DefinitionListTitle => Some(BlockKind::DefinitionTitle),
            Tag::DefinitionListDefinition => Some(BlockKind::DefinitionBody),
            Tag::TableHead => {
                self.in_table_head = true;
                self.row = 0;
                None
            }
            Tag::TableRow => {
                self.row += 1;
                self.column = 0;
                None
            }
            Tag::TableCell => Some(BlockKind::TableCell {
                row: self.row,
                column: self.column,
                header: self.in_table_head,
            }),
            Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) | Tag::List(_) | Tag::Table(_) => {
                self.close_block();
                None
            }
            Tag::CodeBlock(_) => {
                self.hidden += 1;
                self.code_blocks += 1;
                None
            }
            Tag::MetadataBlock(_) | Tag::Image { .. } | Tag::HtmlBlock => {
                self.hidden += 1;
                None
            }
            Tag::Link { link_type, .. } => {
                let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                if autolink {
                    self.hidden += 1;
                }
                self.links.push(autolink);
                None
            }
            _ => None,
        };
        if let Some(kind) = block {
            self.close_block();
            self.containers.push(kind);
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::Item
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.pop_block(),
            TagEnd::Heading(_) => self.pop_block(),
            TagEnd::TableCell => {
                self.pop_block();
                self.column += 1;
            }
            TagEnd::TableHead => {
                self.in_table_head = false;
                self.row = 0;
            }
            TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::List(_)
            | TagEnd::Table => {
                self.close_block();
            }
            TagEnd::CodeBlock => {
                self.hidden = self.hidden.saturating_sub(1);
                self.code_blocks = self.code_blocks.saturating_sub(1);
            }
            TagEnd::MetadataBlock(_) | TagEnd::Image | TagEnd::HtmlBlock => {
                self.hidden = self.hidden.saturating_sub(1);
            }
            // Every link end pops its link; autolinks opened a hidden span, ordinary links not.
            TagEnd::Link if self.links.pop() == Some(true) => {
                self.hidden = self.hidden.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str, range: std::ops::Range<usize>) {
        // Text pulldown-cmark did not rewrite is a slice of the source itself: comparing
        // pointers spares comparing every byte.
        let exact = self.source.get(range.clone()).is_some_and(|written| {
            (written.as_ptr() == text.as_ptr() && written.len() == text.len()) || written == text
        });
        // Text events come in source order: skip the citations that end before this one.
        while self
            .citations
            .get(self.next_citation)
            .is_some_and(|c| c.range.end <= range.start)
        {
            self.next_citation += 1;
        }
        let in_link = !self.links.is_empty();
        let cuts: Vec<std::ops::Range<usize>> = self.citations[self.next_citation..]
            .iter()
            .take_while(|c| c.range.start < range.end)
            .filter(|c| !(c.is_label && in_link))
            .map(|c| c.range.clone())
            .collect();
        if cuts.is_empty() {
            self.push(text, range, exact);
            return;
        }
        if !exact {
            // Rewritten text (an entity) inside a citation: all of it is the citation's.
            return;
        }
        for cut in &cuts {
            let label = self.source.get(cut.clone()).unwrap_or_default();
            for name in super::citations::label_names(label) {
                if self.cited_seen.insert(name.into()) {
                    self.prose.cited_names.push(name.into());
                }
            }
        }
        // Prose around the citations; each citation becomes one placeholder.
        let mut at = range.start;
        for cut in cuts {
            let (start, end) = (cut.start.max(range.start), cut.end.min(range.end));
            if start > at {
                self.push(
                    &text[at - range.start..start - range.start],
                    at..start,
                    true,
                );
            }
            if end > start {
                self.push(CODE_PLACEHOLDER.encode_utf8(&mut [0; 4]), start..end, false);
            }
            at = at.max(end);
        }
        if at < range.end {
            self.push(&text[at - range.start..], at..range.end, true);
        }
    }

    /// Appends prose that came from `range` of the source, opening a block if none is open.
    fn push(&mut self, text: &str, range: std::ops::Range<usize>, exact: bool) {
        if self.block_start.is_none() {
            self.block_start = Some(self.prose.text.len());
        }
        self.prose.push(text, range, exact);
    }

    fn pop_block(&mut self) {
        self.close_block();
        self.containers.pop();
    }

    fn close_block(&mut self) {
        let Some(start) = self.block_start.take() else {
            return;
        };
        let end = self.prose.text.len();
        let kind = self
            .containers
            .last()
            .copied()
            .unwrap_or(BlockKind::Paragraph);
        if end > start {
            self.prose.blocks.push(Block {
                range: start..end,
                kind,
                in_definitions_section: false,
                in_references_section: false,
            });
            // Blocks never run into each other: `\n` ends every one.
            self.prose.text.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Markup, Prose};

    fn text(source: &str) -> String {
        Prose::new(source, Markup::Markdown).text
    }

    #[test]
    fn code_html_links_and_front_matter_are_not_prose() {
        let source = "---\ntitle: XYZ\n---\n\n# Intro\n\nThe `ABC` call and <span>DEF</span> [GHI](https://x.io/JKL) <https://y.io/MNO>.\n\n```\nPQR\n```\n\n    STU indented\n\n<div>\nVWX\n</div>\n";
        let prose = text(source);
        for hidden in ["XYZ", "ABC", "JKL", "MNO", "PQR", "STU", "VWX"] {
            assert!(!prose.contains(hidden), "{hidden} leaked into {prose:?}");
        }
        for shown in ["Intro", "DEF", "GHI"] {
            assert!(prose.contains(shown), "{shown} missing from {prose:?}");
        }
    }

    #[test]
    fn text_after_an_autolink_is_prose_again() {
        let prose = text("See <https://x.io/ABC> and <ops@x.io> then DEF.\n\nGHI here.\n");
        assert!(
            !prose.contains("ABC") && !prose.contains("ops@"),
            "{prose:?}"
        );
        assert!(prose.contains("then DEF."), "{prose:?}");
        assert!(prose.contains("GHI here."), "{prose:?}");
    }

    #[test]
    fn wrapped_lines_join_and_blocks_separate() {
        let prose =
            text("Hierarchical Navigable\nSmall World ([HNSW](https://x)) is fast.\n\nNext");
        assert_eq!(
            prose,
            "Hierarchical Navigable Small World (HNSW) is fast.\nNext\n"
        );
    }

    #[test]
    fn offsets_map_back_to_source() {
        let source = "# T\n\nSee **the\nAPI** &amp; more";
        let p = Prose::new(source, Markup::Markdown);
        let at = p.text.find("API").unwrap();
        let mapped = p.range_to_source(at..at + 3);
        assert_eq!(&source[mapped], "API");
        let amp = p.text.find('&').unwrap();
        assert_eq!(&source[p.range_to_source(amp..amp + 1)], "&amp;");
    }

    #[test]
    fn ranges_across_line_breaks_map_back_to_source() {
        for source in [
            "Hierarchical Navigable\nSmall World here",
            "Hierarchical Navigable\r\nSmall World here",
            "*Hierarchical* Navigable\nSmall `x` World here",
        ] {
            let p = Prose::new(source, Markup::Markdown);
            let start = p.text.find("Navigable").unwrap();
            let end = p.text.find("World").unwrap() + "World".len();
            let mapped = p.range_to_source(start..end);
            let written = &source[mapped];
            assert!(
                written.starts_with("Navigable") && written.ends_with("World"),
                "{source:?} mapped to {written:?}"
            );
            let small = p.text.find("Small").unwrap();
            assert_eq!(&source[p.range_to_source(small..small + 5)], "Small");
        }
    }

    #[test]
    fn definitions_sections_are_marked() {
        let source =
            "# Spec\n\n## Terminology\n\n- API: a thing\n\n### Sub\n\nx\n\n## Design\n\ny\n";
        let p = Prose::new(source, Markup::Markdown);
        let flags: Vec<(String, bool)> = p
            .blocks
            .iter()
            .map(|b| {
                (
                    p.text[b.range.clone()].to_string(),
                    b.in_definitions_section,
                )
            })
            .collect();
        assert_eq!(
            flags,
            vec![
                ("Spec".to_string(), false),
                ("Terminology".to_string(), false),
                ("API: a thing".to_string(), true),
                ("Sub".to_string(), false),
                ("x".to_string(), true),
                ("Design".to_string(), false),
                ("y".to_string(), false),
            ]
        );
    }

    #[test]
    fn suppression_comments_are_collected() {
        let p = Prose::new(
            "<!-- glossary-ls-disable-next-line undefined-acronym -->\nXYZ here\n\nText <!-- glossary-ls: allow QQQ --> end\n",
            Markup::Markdown,
        );
        assert_eq!(p.directives.len(), 2);
        assert_eq!(p.directives[0].source.start, 5);
    }

    #[test]
    fn a_full_reference_link_is_a_link_in_a_piece_without_its_definition() {
        // The label is no prose (no term-case finding on `api`), whole or in pieces.
        let source = "See [the API doc][api] now.\n\nMore text.\n\n[api]: https://x.io\n";
        let engine = crate::analysis::Engine::new(
            crate::glossary::Glossary::builtin(),
            crate::analysis::Settings::default(),
        );
        let whole = engine.analyze_in_pieces(source, Markup::Markdown, usize::MAX);
        let split = engine.analyze_in_pieces(source, Markup::Markdown, 1);
        assert_eq!(whole.findings, split.findings);
        assert!(
            whole
                .findings
                .iter()
                .all(|f| f.term != "API" || f.range.start == 9)
        );
        // A label with no definition anywhere is not prose either.
        let p = Prose::new("See [the doc][QQZ] now.\n", Markup::Markdown);
        assert!(!p.text.contains("QQZ"), "{:?}", p.text);
    }
}

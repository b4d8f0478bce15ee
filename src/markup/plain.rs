//! Plain text (and, for now, AsciiDoc, reStructuredText and LaTeX): paragraphs are runs of
//! non-blank lines; a line break inside a paragraph reads as a space.

use super::{Block, BlockKind, Prose, directives_in};

pub(super) fn prose(source: &str) -> Prose {
    let mut prose = Prose::default();
    prose.text.reserve(source.len());
    let mut block_start: Option<usize> = None;
    let mut offset = 0;
    for raw_line in source.split_inclusive(['\n', '\r']) {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        if line.contains("glossary-ls") {
            directives_in(line, line_start, &mut prose.directives);
        }
        let content = line.trim_start();
        if content.trim_end().is_empty() {
            if raw_line == "\n" && source.as_bytes().get(line_start.wrapping_sub(1)) == Some(&b'\r')
            {
                // The `\n` of a `\r\n` pair: not a blank line of its own.
                continue;
            }
            close(&mut prose, &mut block_start);
            continue;
        }
        let content_start = line_start + (line.len() - content.len());
        match block_start {
            None => block_start = Some(prose.text.len()),
            Some(_) => prose.push(" ", line_start.saturating_sub(1)..line_start, false),
        }
        prose.push(content, content_start..content_start + content.len(), true);
    }
    close(&mut prose, &mut block_start);
    prose
}

fn close(prose: &mut Prose, block_start: &mut Option<usize>) {
    if let Some(start) = block_start.take() {
        let end = prose.text.len();
        prose.blocks.push(Block {
            range: start..end,
            kind: BlockKind::Paragraph,
            in_definitions_section: false,
            in_references_section: false,
        });
        prose.text.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Markup, Prose};

    #[test]
    fn paragraphs_join_lines() {
        let source = "  Personal access\r\ntoken (PAT) here.\r\n\r\nNext one\n";
        let p = Prose::new(source, Markup::Plaintext);
        assert_eq!(p.text, "Personal access token (PAT) here.\nNext one\n");
        assert_eq!(p.blocks.len(), 2);
        let at = p.text.find("PAT").unwrap();
        assert_eq!(&source[p.range_to_source(at..at + 3)], "PAT");
    }
}

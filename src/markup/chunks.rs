//! Splitting a large document into pieces that parse alone exactly as they do together.
//!
//! A split point is the start of a line that follows a blank line, starts in column 0 and
//! is outside front matter, fenced code and multi-line HTML: there a new top-level block
//! begins, so Markdown parsed piecewise gives the same text. Pieces are analysed in
//! parallel (and, in the server, re-used when an edit leaves them alone).

use std::ops::Range;

use super::Markup;

/// Byte ranges covering `source`, each about `target` bytes or more, split only where a
/// new top-level block starts.
pub fn chunk_ranges(source: &str, markup: Markup, target: usize) -> Vec<Range<usize>> {
    if source.len() <= target {
        return std::iter::once(0..source.len()).collect();
    }
    let markdown = markup == Markup::Markdown;
    let mut scanner = Scanner::default();
    let mut out = Vec::new();
    let mut chunk_start = 0;
    let mut offset = 0;
    let mut previous_blank = false;
    for (index, line) in source.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let blank = content.trim().is_empty();
        let safe = if markdown {
            let outside = scanner.outside_blocks();
            scanner.feed(content, index == 0);
            outside && previous_blank && !blank && !content.starts_with([' ', '\t', ':'])
        } else {
            previous_blank && !blank
        };
        if safe && line_start - chunk_start >= target {
            out.push(chunk_start..line_start);
            chunk_start = line_start;
        }
        previous_blank = blank;
    }
    out.push(chunk_start..source.len());
    out
}

/// Tracks the multi-line constructs a split must not cut.
#[derive(Default)]
struct Scanner {
    /// Inside front matter closed by this line (`---` or `+++`).
    front_matter: Option<&'static str>,
    /// An open code fence: its character and length.
    fence: Option<(char, usize)>,
    /// An open HTML block that ends at a line containing this text.
    html_end: Option<&'static str>,
}

impl Scanner {
    fn outside_blocks(&self) -> bool {
        self.front_matter.is_none() && self.fence.is_none() && self.html_end.is_none()
    }

    fn feed(&mut self, line: &str, first: bool) {
        if first && (line == "---" || line == "+++") {
            self.front_matter = Some(if line == "---" { "---" } else { "+++" });
            return;
        }
        if let Some(end) = self.front_matter {
            if line == end || (end == "---" && line == "...") {
                self.front_matter = None;
            }
            return;
        }
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some((fence_char, fence_len)) = self.fence {
            let run = trimmed.chars().take_while(|&c| c == fence_char).count();
            if indent <= 3 && run >= fence_len && trimmed[run..].trim().is_empty() {
                self.fence = None;
            }
            return;
        }
        if let Some(end) = self.html_end {
            if line.to_ascii_lowercase().contains(end) {
                self.html_end = None;
            }
            return;
        }
        if indent > 3 || !trimmed.starts_with(['`', '~', '<']) {
            return;
        }
        for fence_char in ['`', '~'] {
            let run = trimmed.chars().take_while(|&c| c == fence_char).count();
            if run >= 3 {
                self.fence = Some((fence_char, run));
                return;
            }
        }
        if let Some(end) = html_block_end(trimmed)
            && !trimmed.to_ascii_lowercase().contains(end)
        {
            self.html_end = Some(end);
        }
    }
}

/// For HTML blocks that may hold blank lines (CommonMark types 1–5), the text that ends them.
fn html_block_end(line: &str) -> Option<&'static str> {
    let lower = line.get(..12.min(line.len()))?.to_ascii_lowercase();
    if lower.starts_with("<!--") {
        Some("-->")
    } else if lower.starts_with("<![cdata[") {
        Some("]]>")
    } else if lower.starts_with("<?") {
        Some("?>")
    } else if lower.starts_with("<!") {
        Some(">")
    } else {
        ["pre", "script", "style", "textarea"]
            .into_iter()
            .find(|tag| {
                lower
                    .strip_prefix('<')
                    .and_then(|rest| rest.strip_prefix(tag))
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '>', '\t']))
            })
            .map(|tag| match tag {
                "pre" => "</pre>",
                "script" => "</script>",
                "style" => "</style>",
                _ => "</textarea>",
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(source: &str) -> Vec<&str> {
        chunk_ranges(source, Markup::Markdown, 1)
            .into_iter()
            .map(|r| &source[r])
            .collect()
    }

    #[test]
    fn splits_between_top_level_blocks_only() {
        let source = "---\na: 1\n\nb: 2\n---\n\n# One\n\npara\n\n```\ncode\n\nmore\n```\n\n- item\n\n  continued\n\n<!--\n\n-->\n\nTerm\n\n: def\n";
        assert_eq!(
            pieces(source),
            vec![
                "---\na: 1\n\nb: 2\n---\n\n",
                "# One\n\n",
                "para\n\n",
                "```\ncode\n\nmore\n```\n\n",
                "- item\n\n  continued\n\n",
                "<!--\n\n-->\n\n",
                "Term\n\n: def\n",
            ]
        );
    }

    #[test]
    fn small_documents_stay_whole() {
        assert_eq!(chunk_ranges("a\n\nb\n", Markup::Markdown, 1000), vec![0..5]);
    }
}

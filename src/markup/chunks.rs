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
    chunks(source, markup, target).collect()
}

/// The ranges of [`chunk_ranges`], found as they are asked for: a parallel consumer can
/// work on the first pieces while the rest of the document is still being scanned.
///
/// A byte order mark is left out of every piece: the document starts after it, so that
/// front matter at the top is still front matter to the parser.
pub fn chunks(source: &str, markup: Markup, target: usize) -> Chunks<'_> {
    chunks_in(source, markup, target, true, None)
}

/// [`chunks`] of a document the language server keeps open: `memo` holds what the scan of
/// its last version found, so that MDX and LaTeX rescan only around an edit.
pub fn chunks_remembering<'a>(
    source: &'a str,
    markup: Markup,
    target: usize,
    memo: &mut SplitMemo,
) -> Chunks<'a> {
    chunks_in(source, markup, target, true, Some(memo))
}

/// The pieces of `source`, the top of a document when `at_start` (where a byte order mark
/// and metadata may be), else a part of one that starts at a split point.
pub(super) fn chunks_in<'a>(
    source: &'a str,
    markup: Markup,
    target: usize,
    at_start: bool,
    memo: Option<&mut SplitMemo>,
) -> Chunks<'a> {
    let start = if at_start && source.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    // MDX is Markdown once its components, expressions and ESM are taken out: Markdown's
    // rule, at the lines where none of those is open.
    let mdx = markup == Markup::Mdx;
    let markdown = markup == Markup::Markdown || mdx;
    let rst = markup == Markup::Restructuredtext;
    // A document no larger than one piece is one piece: no need to look at its lines.
    let small = source.len() - start <= target;
    // No piece starts inside the metadata at the top (front matter, a template header).
    let metadata_end = if !at_start || small {
        start
    } else if markdown {
        start + super::metadata::top(&source[start..]).end()
    } else if rst {
        start + super::rst::top_end(&source[start..])
    } else if markup == Markup::Asciidoc {
        start + super::asciidoc::header_end(&source[start..])
    } else {
        start
    };
    // MDX and LaTeX list the lines outside their constructs (groups and environments span
    // blank lines in LaTeX) in a scan of their own.
    let listed = match markup {
        Markup::Mdx => Some(MDX),
        Markup::Latex => Some(LATEX),
        _ => None,
    };
    let splits = listed.filter(|_| !small).map(|scanner| {
        let body = &source[start..];
        let splits = match memo {
            Some(memo) if at_start => memo.split_points(body, scanner),
            _ => (scanner.scan)(body, at_start),
        };
        splits.into_iter().map(|at| at + start).collect()
    });
    Chunks {
        source,
        markdown,
        splits,
        next_split: 0,
        rst: rst.then(RstScanner::default),
        asciidoc: (markup == Markup::Asciidoc).then(super::asciidoc::Splitter::default),
        target,
        scanner: Scanner::default(),
        chunk_start: start,
        offset: if small { source.len() } else { metadata_end },
        first_line: at_start && metadata_end == start,
        // reST's scanner must know whether the metadata ended with a blank line (a
        // simple table may start right after it).
        previous_blank: rst && ends_with_blank_line(&source[start..metadata_end]),
        done: false,
    }
}

/// Iterator over the pieces of a document; see [`chunks`].
pub struct Chunks<'a> {
    source: &'a str,
    markdown: bool,
    /// For MDX and LaTeX: the line starts outside their constructs (see
    /// `mdx::split_points`, `latex::split_points`), sorted, and the first one not yet passed.
    splits: Option<Vec<usize>>,
    next_split: usize,
    /// For reStructuredText: the constructs that hold blank lines at column 0.
    rst: Option<RstScanner>,
    /// AsciiDoc's delimited blocks, attributes and glossaries, which a piece never cuts.
    asciidoc: Option<super::asciidoc::Splitter>,
    target: usize,
    scanner: Scanner,
    chunk_start: usize,
    /// Where the next line starts.
    offset: usize,
    first_line: bool,
    previous_blank: bool,
    done: bool,
}

impl Iterator for Chunks<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        if self.done {
            return None;
        }
        while self.offset < self.source.len() {
            let rest = &self.source[self.offset..];
            let length = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
            let line_start = self.offset;
            self.offset += length;
            let first_line = std::mem::replace(&mut self.first_line, false);
            let content = rest[..length].trim_end_matches(['\n', '\r']);
            // Most lines start with a visible ASCII character: not blank, and (outside
            // every multi-line construct) of no interest to the scanner unless they open a
            // fence or an HTML block.
            let first = content.as_bytes().first().copied();
            let visible = first.is_some_and(|b| b.is_ascii_graphic());
            let blank = !visible && content.trim().is_empty();
            let listed = self.splits.as_ref().is_none_or(|splits| {
                let passed = splits[self.next_split..].partition_point(|&s| s < line_start);
                self.next_split += passed;
                splits.get(self.next_split) == Some(&line_start)
            });
            let safe = if let Some(splitter) = self.asciidoc.as_mut() {
                splitter.feed(content)
            } else if self.markdown {
                let outside = self.scanner.outside_blocks();
                let inert =
                    outside && !first_line && visible && !matches!(first, Some(b'`' | b'~' | b'<'));
                if !inert {
                    self.scanner.feed(content, first_line);
                }
                outside
                    && self.previous_blank
                    && !blank
                    && !content.starts_with([' ', '\t', ':'])
                    && listed
            } else if let Some(scanner) = self.rst.as_mut() {
                let next = &self.source[self.offset..];
                let next_blank = next.split('\n').next().is_none_or(|l| l.trim().is_empty());
                let safe = self.previous_blank
                    && !blank
                    && !content.starts_with([' ', '\t'])
                    && scanner.outside();
                scanner.feed(
                    content,
                    blank,
                    self.previous_blank || first_line,
                    next_blank,
                );
                safe
            } else {
                self.previous_blank && !blank && listed
            };
            self.previous_blank = blank;
            if safe && line_start - self.chunk_start >= self.target {
                let piece = self.chunk_start..line_start;
                self.chunk_start = line_start;
                return Some(piece);
            }
        }
        self.done = true;
        Some(self.chunk_start..self.source.len())
    }
}

/// What the last scan of a document's split points found, so that the scan after an edit
/// reads only around the edit: the split points with a hash of the text between each two.
/// MDX and LaTeX find theirs in a scan of their own (see `mdx::split_points`,
/// `latex::split_points`), which would otherwise read the whole document on each keystroke.
#[derive(Clone, Default)]
pub struct SplitMemo {
    /// Offsets in the scanned text: 0, each split point, then the text's length.
    bounds: Vec<usize>,
    /// The hash of the text between `bounds[k]` and `bounds[k + 1]`.
    hashes: Vec<u64>,
    /// The scanner's [`SplitScanner::context`] of the scanned text.
    context: bool,
}

/// A markup's own scan for split points.
#[derive(Clone, Copy)]
struct SplitScanner {
    /// The split points of a text, from the top of its document (`at_start`) or from a
    /// split point further down.
    scan: fn(&str, bool) -> Vec<usize>,
    /// What the scan of any part reads from the whole text: when it changes, every split
    /// point may (a LaTeX document has a preamble only if a `\begin{document}` follows).
    context: fn(&str) -> bool,
}

const MDX: SplitScanner = SplitScanner {
    scan: super::mdx::split_points,
    context: |_| false,
};

const LATEX: SplitScanner = SplitScanner {
    scan: super::latex::split_points,
    context: super::latex::has_preamble,
};

impl SplitMemo {
    /// The split points of `text` (a whole document), re-using the last scan's where the
    /// text is the same.
    fn split_points(&mut self, text: &str, scanner: SplitScanner) -> Vec<usize> {
        let context = (scanner.context)(text);
        let splits = (context == self.context)
            .then(|| self.reuse(text, scanner.scan))
            .flatten()
            .unwrap_or_else(|| (scanner.scan)(text, true));
        self.context = context;
        self.bounds.clear();
        self.bounds.push(0);
        self.bounds.extend_from_slice(&splits);
        self.bounds.push(text.len());
        self.hashes.clear();
        self.hashes
            .extend(self.bounds.windows(2).map(|w| hash(&text[w[0]..w[1]])));
        splits
    }

    /// The split points of `text` from the last scan's: those before the first segment the
    /// edit changed and after the last one are kept, and the text from the split point
    /// before the change up to the first unchanged segment after it is scanned again.
    /// `None` when that segment no longer starts at a split point (the edit opened or
    /// closed a construct), so that the whole text must be scanned.
    fn reuse(&self, text: &str, scan: fn(&str, bool) -> Vec<usize>) -> Option<Vec<usize>> {
        let bounds = &self.bounds;
        let segments = self.hashes.len();
        let old_len = *bounds.last()?;
        let same = |k: usize, at: usize, end: usize| {
            text.get(at..end).is_some_and(|t| hash(t) == self.hashes[k])
        };
        // Segments the edit left alone at the start…
        let mut k = 0;
        while k < segments && same(k, bounds[k], bounds[k + 1]) {
            k += 1;
        }
        if k == segments && text.len() == old_len {
            return Some(bounds[1..segments].to_vec());
        }
        // …and at the end, where they have moved by what the edit added or took away.
        let moved = |at: usize| (at + text.len()).checked_sub(old_len);
        let mut m = segments;
        while m > k {
            let (Some(at), Some(end)) = (moved(bounds[m - 1]), moved(bounds[m])) else {
                break;
            };
            if at < bounds[k] || !same(m - 1, at, end) {
                break;
            }
            m -= 1;
        }
        // The first line of the first changed segment may be what changed: the scan starts
        // at the split point before it. (Not at the top: what the top holds may depend on
        // the whole text — a LaTeX preamble needs a `\begin{document}` further down.)
        let from = bounds[k.checked_sub(1)?];
        if from == 0 {
            return None;
        }
        let mut out = bounds[1..k].to_vec();
        if m == segments {
            let rest = scan(text.get(from..)?, false);
            out.extend(rest.into_iter().map(|s| s + from));
            return Some(out);
        }
        let resume = moved(bounds[m])?;
        let line_end = memchr::memchr(b'\n', text.get(resume..)?.as_bytes())
            .map_or(text.len(), |n| resume + n + 1);
        if resume <= from {
            return None;
        }
        let middle = scan(text.get(from..line_end)?, false);
        if middle.last().map(|s| s + from) != Some(resume) {
            return None;
        }
        out.extend(middle.into_iter().map(|s| s + from));
        out.extend(bounds[m + 1..segments].iter().filter_map(|&s| moved(s)));
        Some(out)
    }
}

fn hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x7370_6c69_7473).hash_one(text)
}

/// Whether the last line of `head` (which ends with a line break) is blank.
fn ends_with_blank_line(head: &str) -> bool {
    let Some(body) = head.strip_suffix('\n') else {
        return false;
    };
    let body = body.strip_suffix('\r').unwrap_or(body);
    let last = body.rfind('\n').map_or(body, |i| &body[i + 1..]);
    last.trim().is_empty()
}

/// The reStructuredText constructs whose lines at column 0 may follow a blank line: simple
/// tables (rows separated by blank lines) and quoted literal blocks after a `::` paragraph.
#[derive(Default)]
struct RstScanner {
    in_simple_table: bool,
    /// The last line that was not blank ended with `::`.
    literal_next: bool,
}

impl RstScanner {
    fn outside(&self) -> bool {
        !self.in_simple_table && !self.literal_next
    }

    fn feed(&mut self, line: &str, blank: bool, after_blank: bool, next_blank: bool) {
        if blank {
            return;
        }
        self.literal_next = line.trim_end().ends_with("::");
        let border =
            line.starts_with('=') && line.trim_end().bytes().all(|b| b == b'=' || b == b' ');
        if !border {
            return;
        }
        if self.in_simple_table {
            // A border followed by a blank line ends the table.
            self.in_simple_table = !next_blank;
        } else if after_blank && !next_blank {
            self.in_simple_table = true;
        }
    }
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
    fn a_byte_order_mark_stays_out_of_the_pieces() {
        let source = "\u{feff}---\ntitle: X\n---\n\n# One\n\npara\n";
        for target in [1, 1000] {
            let ranges = chunk_ranges(source, Markup::Markdown, target);
            assert_eq!(ranges.first().map(|r| r.start), Some(3), "{target}");
            assert_eq!(&source[ranges[0].clone()][..4], "---\n");
            assert_eq!(ranges.last().map(|r| r.end), Some(source.len()));
        }
    }

    #[test]
    fn pieces_cover_the_document_exactly() {
        let mut source = String::new();
        for i in 0..200 {
            source.push_str(&format!(
                "# H{i}\n\npara {i}\r\nmore\n\n```\ncode\n\n```\n\n"
            ));
        }
        for target in [1, 7, 100, 1000, source.len(), source.len() + 1] {
            let ranges = chunk_ranges(&source, Markup::Markdown, target);
            assert_eq!(ranges.first().map(|r| r.start), Some(0));
            assert_eq!(ranges.last().map(|r| r.end), Some(source.len()));
            assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
            assert!(
                ranges.iter().all(|r| r.end > r.start),
                "{target}: {ranges:?}"
            );
        }
        assert_eq!(chunk_ranges("", Markup::Markdown, 10), vec![0..0]);
        assert_eq!(chunk_ranges("", Markup::Markdown, 0), vec![0..0]);
    }

    #[test]
    fn small_documents_stay_whole() {
        assert_eq!(chunk_ranges("a\n\nb\n", Markup::Markdown, 1000), vec![0..5]);
    }

    /// Text an edit inserts in an MDX or LaTeX document: constructs that open or close
    /// what a split point must not cut, paragraph breaks and plain words.
    const EDITS: &[&str] = &[
        "",
        "x",
        "\n",
        "\n\n",
        " ",
        "{",
        "}",
        "<Note>\n",
        "</Note>\n",
        "```\n",
        "export a\n",
        "\\begin{itemize}\n",
        "\\end{itemize}\n",
        "$",
        "%",
        "\\verb|{|",
        "é",
        "Word QQA.\n\n",
        "---\n",
        "\\begin{document}\n",
        "\\end{document}\n",
        "\\documentclass{x}\n",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// After any edits, the split points found from the last version's are those a scan
        /// of the whole text finds.
        #[test]
        fn remembered_split_points_are_those_of_a_fresh_scan(
            latex in proptest::bool::ANY,
            top in 0..EDITS.len(),
            paragraphs in proptest::collection::vec(0..EDITS.len(), 0..60),
            edits in proptest::collection::vec(
                (0.0f64..1.0, 0usize..40, 0..EDITS.len()), 1..8),
        ) {
            let scanner = if latex { LATEX } else { MDX };
            let scan = scanner.scan;
            // The top too may hold a construct (a class declared: a preamble).
            let mut text: String = EDITS[top].to_string();
            text.extend(paragraphs.iter().map(|&i| format!("Para {i} text.\n\n{}", EDITS[i])));
            let mut memo = SplitMemo::default();
            proptest::prop_assert_eq!(memo.split_points(&text, scanner), scan(&text, true));
            for (at, delete, insert) in edits {
                crate::text::edit_at(&mut text, at, delete, EDITS[insert]);
                proptest::prop_assert_eq!(memo.split_points(&text, scanner), scan(&text, true));
            }
        }
    }

    #[test]
    fn a_preamble_made_by_an_edit_far_below_moves_every_split_point() {
        // A document whose first line declares a class but which has no
        // `\begin{document}` is all body; one added further down makes all that is above
        // it a preamble, where nothing is cut.
        let scanner = LATEX;
        let mut text = format!(
            "\\documentclass{{article}}\n\n{}",
            "A paragraph of text.\n\n".repeat(40)
        );
        let mut memo = SplitMemo::default();
        assert_eq!(memo.split_points(&text, scanner).len(), 40);
        let middle = text.len() / 2;
        let line = middle + text[middle..].find('\n').unwrap() + 1;
        text.insert_str(line, "\\begin{document}\n");
        assert_eq!(
            memo.split_points(&text, scanner),
            (scanner.scan)(&text, true)
        );
    }

    #[test]
    fn an_edit_rescans_only_around_itself() {
        // A count of the bytes scanned: the scan after an edit reads a few paragraphs.
        static SCANNED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        fn counting(text: &str, at_start: bool) -> Vec<usize> {
            SCANNED.fetch_add(text.len(), std::sync::atomic::Ordering::Relaxed);
            super::super::latex::split_points(text, at_start)
        }
        let counting = SplitScanner {
            scan: counting,
            ..LATEX
        };
        let mut text = "A paragraph of \\emph{LaTeX} text.\n\n".repeat(2000);
        let mut memo = SplitMemo::default();
        let first = memo.split_points(&text, counting);
        assert_eq!(first.len(), 1999);
        SCANNED.store(0, std::sync::atomic::Ordering::Relaxed);
        text.insert_str(text.len() / 2 + 10, "more ");
        let after_edit = memo.split_points(&text, counting);
        let moved: Vec<usize> = first
            .iter()
            .map(|&s| if s > text.len() / 2 { s + 5 } else { s })
            .collect();
        assert!(after_edit == moved);
        let scanned = SCANNED.load(std::sync::atomic::Ordering::Relaxed);
        assert!(scanned < 200, "{scanned} bytes scanned again");
        // An edit that opens a group the rest of the document never closes: all of it again.
        text.insert(10, '{');
        assert!(memo.split_points(&text, counting).is_empty());
    }
}

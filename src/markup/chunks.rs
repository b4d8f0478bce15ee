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
    chunks_in(source, markup, target, true)
}

/// The pieces of `source`, the top of a document when `at_start` (where a byte order mark
/// and metadata may be), else a part of one that starts at a split point.
pub(super) fn chunks_in<'a>(
    source: &'a str,
    markup: Markup,
    target: usize,
    at_start: bool,
) -> Chunks<'a> {
    let start = if at_start { body_start(source) } else { 0 };
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
    } else {
        start + metadata_len(&source[start..], markup)
    };
    // MDX and LaTeX list the lines outside their constructs (groups and environments span
    // blank lines in LaTeX) in a scan of their own.
    let listed: Option<fn(&str, bool) -> Vec<usize>> = match markup {
        Markup::Mdx => Some(super::mdx::split_points),
        Markup::Latex => Some(super::latex::split_points),
        _ => None,
    };
    let splits = listed.filter(|_| !small).map(|scan| {
        scan(&source[start..], at_start)
            .into_iter()
            .map(|at| at + start)
            .collect()
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
        // simple table may start right after it); a part starting at a split point follows
        // one.
        previous_blank: !at_start || (rst && ends_with_blank_line(&source[start..metadata_end])),
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

/// Where a document's body starts: after a byte order mark, so that front matter at the top
/// is still front matter to the parser.
fn body_start(source: &str) -> usize {
    if source.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// The length of the metadata at the top of `body` (front matter, a template header, a
/// reST field list, an AsciiDoc header), where no piece starts.
fn metadata_len(body: &str, markup: Markup) -> usize {
    match markup {
        Markup::Markdown | Markup::Mdx => super::metadata::top(body).end(),
        Markup::Restructuredtext => super::rst::top_end(body),
        Markup::Asciidoc => super::asciidoc::header_end(body),
        Markup::Plaintext | Markup::Latex => 0,
    }
}

/// What a markup's scan for split points reads from the whole text: when it changes, every
/// split point may (a LaTeX document has a preamble, where nothing is cut, only if a
/// `\begin{document}` follows).
fn context(text: &str, markup: Markup) -> bool {
    markup == Markup::Latex && super::latex::has_preamble(text)
}

/// The hash by which a piece is known again after an edit. Every piece of a document is
/// compared on every keystroke: foldhash's quality hasher reads long text several times
/// faster than SipHash, and a fixed seed keeps it stable.
pub fn piece_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x6c73_7069_6563_6573).hash_one(text)
}

/// The pieces the last version of an open document was cut into, with a hash of each, so
/// that the next version is cut again only around what an edit changed: the pieces before
/// and after it are kept where they are (moved by what the edit added or took away), and
/// the text from the split point before the change to the first unchanged piece after it
/// is scanned again.
#[derive(Clone, Default)]
pub struct PieceMemo {
    markup: Option<Markup>,
    target: usize,
    /// Each piece's start, then the end of the text.
    bounds: Vec<usize>,
    /// The [`piece_hash`] of each piece.
    hashes: Vec<u64>,
    /// The [`context`] of the text.
    context: bool,
}

impl PieceMemo {
    /// The pieces of `text` (a whole document) as [`chunks`] would cut it, each with its
    /// [`piece_hash`]. They may be cut at other split points than a fresh scan's (a piece
    /// an edit left alone keeps its bounds), never elsewhere.
    pub fn pieces(
        &mut self,
        text: &str,
        markup: Markup,
        target: usize,
    ) -> Vec<(Range<usize>, u64)> {
        let pieces = self.cut_again(text, markup, target).unwrap_or_else(|| {
            use rayon::prelude::*;
            let ranges: Vec<Range<usize>> = chunks(text, markup, target).collect();
            ranges
                .into_par_iter()
                .map(|r| {
                    let hash = piece_hash(&text[r.clone()]);
                    (r, hash)
                })
                .collect()
        });
        self.remember(text, markup, target, &pieces);
        pieces
    }

    /// The pieces of `text` cut from the last version's (see [`PieceMemo::pieces`]), or
    /// `None` when it must be cut whole, by [`chunks`] (then [`PieceMemo::remember`] what
    /// they are).
    pub fn cut_again(
        &self,
        text: &str,
        markup: Markup,
        target: usize,
    ) -> Option<Vec<(Range<usize>, u64)>> {
        let known = self.markup == Some(markup)
            && self.target == target
            && self.context == context(text, markup);
        known.then(|| self.reuse(text, markup, target)).flatten()
    }

    /// Keeps the pieces `text` was cut into, each with its [`piece_hash`].
    pub fn remember(
        &mut self,
        text: &str,
        markup: Markup,
        target: usize,
        pieces: &[(Range<usize>, u64)],
    ) {
        self.markup = Some(markup);
        self.target = target;
        self.context = context(text, markup);
        self.bounds.clear();
        self.bounds.extend(pieces.iter().map(|(r, _)| r.start));
        self.bounds.push(text.len());
        self.hashes.clear();
        self.hashes.extend(pieces.iter().map(|(_, h)| *h));
    }

    /// The pieces of `text` from the last version's, or `None` when it must be scanned whole.
    fn reuse(&self, text: &str, markup: Markup, target: usize) -> Option<Vec<(Range<usize>, u64)>> {
        let bounds = &self.bounds;
        let n = self.hashes.len();
        let old_len = *bounds.last()?;
        if n == 0 || bounds[0] != body_start(text) {
            return None;
        }
        let same = |k: usize, at: usize, end: usize| {
            text.get(at..end)
                .is_some_and(|t| piece_hash(t) == self.hashes[k])
        };
        let kept = |k: usize, shift: &dyn Fn(usize) -> usize| {
            (shift(bounds[k])..shift(bounds[k + 1]), self.hashes[k])
        };
        // Pieces the edit left alone at the start…
        let mut k = 0;
        while k < n && same(k, bounds[k], bounds[k + 1]) {
            k += 1;
        }
        if k == n && text.len() == old_len {
            return Some((0..n).map(|k| kept(k, &|at| at)).collect());
        }
        // …and at the end, where they have moved by what the edit added or took away.
        let moved = |at: usize| (at + text.len()).checked_sub(old_len);
        let mut m = n;
        while m > k {
            let (Some(at), Some(end)) = (moved(bounds[m - 1]), moved(bounds[m])) else {
                break;
            };
            if at < bounds[k] || !same(m - 1, at, end) {
                break;
            }
            m -= 1;
        }
        // The first line of the first changed piece may be what changed (whether a piece
        // may start there): the scan starts at the piece before it.
        let first = k.saturating_sub(1);
        let from = bounds[first];
        let at_start = first == 0;
        // The scan ends at the first unchanged piece after the edit, if it still starts at
        // a split point; else it goes on to the end.
        let resume = (m < n)
            .then(|| moved(bounds[m]))
            .flatten()
            .filter(|&r| r > from);
        let mut cuts = resume.and_then(|resume| {
            let line_end = memchr::memchr(b'\n', &text.as_bytes()[resume..])
                .map_or(text.len(), |i| resume + i + 1);
            let cuts = split_between(text, markup, target, from..line_end, at_start)?;
            (cuts.last() == Some(&resume)).then_some(cuts)
        });
        let resumed = cuts.is_some();
        if cuts.is_none() {
            let mut all = split_between(text, markup, target, from..text.len(), at_start)?;
            all.push(text.len());
            cuts = Some(all);
        }
        let cuts = cuts?;
        let mut out: Vec<(Range<usize>, u64)> = (0..first).map(|k| kept(k, &|at| at)).collect();
        let mut start = from;
        for &cut in cuts.iter().filter(|&&cut| cut > from) {
            out.push((start..cut, piece_hash(&text[start..cut])));
            start = cut;
        }
        if out.is_empty() {
            return None;
        }
        if resumed {
            let shift = |at: usize| moved(at).unwrap_or(at);
            out.extend((m..n).map(|k| kept(k, &shift)));
        }
        Some(out)
    }
}

/// Where the pieces of `range` (starting at a split point, or at the top of the document
/// when `at_start`) are cut, each about `target` bytes or more: the ends of those pieces,
/// the last the last split point of the range (the start of its last line) when the range
/// ends before the text does. `None` when the part cannot be scanned alone (the metadata or
/// a LaTeX preamble at the top reaches past it).
fn split_between(
    text: &str,
    markup: Markup,
    target: usize,
    range: Range<usize>,
    at_start: bool,
) -> Option<Vec<usize>> {
    let whole = range.end == text.len();
    // The top is scanned from the start of the text, as a fresh scan reads it.
    let offset = if at_start { 0 } else { range.start };
    let part = &text[offset..range.end];
    if at_start && !whole {
        let body = &text[body_start(text)..];
        let part_body = &part[body_start(part)..];
        if metadata_len(part_body, markup) != metadata_len(body, markup)
            || context(part, markup) != context(text, markup)
        {
            return None;
        }
    }
    // Every split point of the part: a piece per line where one may start.
    let splits = chunks_in(part, markup, 1, at_start)
        .skip(1)
        .map(|r| r.start + offset);
    let mut cuts = Vec::new();
    let mut last = range.start;
    let mut final_split = None;
    for split in splits {
        if split - last >= target {
            cuts.push(split);
            last = split;
        }
        final_split = Some(split);
    }
    if !whole {
        // The part's last line must start a piece: the pieces after it are kept.
        let end = final_split?;
        if cuts.last() != Some(&end) {
            cuts.push(end);
        }
    }
    Some(cuts)
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

    /// Text an edit inserts: constructs that open or close what a split point must not
    /// cut in each markup, paragraph breaks and plain words.
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
        "::\n",
        "====\n",
        "----\n",
        "|===\n",
        "[glossary]\n",
        ".. code::\n",
        "   indented\n",
        ":field: value\n",
        "= Title\n",
        "\u{feff}",
    ];

    const MARKUPS: [Markup; 6] = [
        Markup::Markdown,
        Markup::Mdx,
        Markup::Latex,
        Markup::Restructuredtext,
        Markup::Asciidoc,
        Markup::Plaintext,
    ];

    /// Checks the memo's pieces of `text`: they cover it, each starts where a fresh scan
    /// may start one, and each hash is its text's.
    fn check_pieces(
        memo: &mut PieceMemo,
        text: &str,
        markup: Markup,
        target: usize,
    ) -> Result<Vec<(Range<usize>, u64)>, String> {
        let pieces = memo.pieces(text, markup, target);
        let fresh: std::collections::HashSet<usize> =
            chunks(text, markup, 1).map(|r| r.start).collect();
        let first = pieces.first().map(|(r, _)| r.start);
        if first != Some(body_start(text)) || pieces.last().map(|(r, _)| r.end) != Some(text.len())
        {
            return Err(format!("{pieces:?} do not cover {} bytes", text.len()));
        }
        for w in pieces.windows(2) {
            if w[0].0.end != w[1].0.start || w[0].0.is_empty() {
                return Err(format!("{:?} then {:?}", w[0].0, w[1].0));
            }
            if !fresh.contains(&w[1].0.start) {
                return Err(format!(
                    "a piece starts at {}, no split point",
                    w[1].0.start
                ));
            }
        }
        for (r, hash) in &pieces {
            if piece_hash(&text[r.clone()]) != *hash {
                return Err(format!("stale hash for {r:?}"));
            }
        }
        Ok(pieces)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// After any edits, in any markup, the pieces cut from the last version's start only
        /// where a fresh scan may start one.
        #[test]
        fn remembered_pieces_start_only_at_split_points(
            markup in 0..MARKUPS.len(),
            target in 1usize..200,
            top in 0..EDITS.len(),
            paragraphs in proptest::collection::vec(0..EDITS.len(), 0..60),
            edits in proptest::collection::vec(
                (0.0f64..1.0, 0usize..40, 0..EDITS.len()), 1..8),
        ) {
            let markup = MARKUPS[markup];
            // The top too may hold a construct (a class declared: a preamble).
            let mut text: String = EDITS[top].to_string();
            text.extend(paragraphs.iter().map(|&i| format!("Para {i} text.\n\n{}", EDITS[i])));
            let mut memo = PieceMemo::default();
            check_pieces(&mut memo, &text, markup, target).map_err(proptest::test_runner::TestCaseError::fail)?;
            for (at, delete, insert) in edits {
                crate::text::edit_at(&mut text, at, delete, EDITS[insert]);
                check_pieces(&mut memo, &text, markup, target).map_err(proptest::test_runner::TestCaseError::fail)?;
            }
        }
    }

    #[test]
    fn a_preamble_made_by_an_edit_far_below_moves_every_split_point() {
        // A document whose first line declares a class but which has no
        // `\begin{document}` is all body; one added further down makes all that is above
        // it a preamble, where nothing is cut.
        let mut text = format!(
            "\\documentclass{{article}}\n\n{}",
            "A paragraph of text.\n\n".repeat(40)
        );
        let mut memo = PieceMemo::default();
        assert_eq!(memo.pieces(&text, Markup::Latex, 1).len(), 41);
        let middle = text.len() / 2;
        let line = middle + text[middle..].find('\n').unwrap() + 1;
        text.insert_str(line, "\\begin{document}\n");
        let pieces = check_pieces(&mut memo, &text, Markup::Latex, 1).unwrap();
        assert!(pieces[0].0.end > line, "{pieces:?}");
    }

    #[test]
    fn an_edit_cuts_again_only_around_itself() {
        for markup in MARKUPS {
            let mut text = "A paragraph of \\emph{text}.\n\n".repeat(2000);
            let mut memo = PieceMemo::default();
            let before = memo.pieces(&text, markup, 1000);
            assert!(before.len() > 50, "{markup:?}");
            let at = text.len() / 2 + 10;
            text.insert_str(at, "more ");
            let after = check_pieces(&mut memo, &text, markup, 1000).unwrap();
            // Every piece but the one edited and the one before it is kept, moved.
            let moved = |r: &Range<usize>| {
                if r.start > at {
                    r.start + 5..r.end + 5
                } else {
                    r.clone()
                }
            };
            let kept = before
                .iter()
                .filter(|(r, hash)| after.contains(&(moved(r), *hash)))
                .count();
            assert!(
                kept + 2 >= before.len(),
                "{markup:?}: {kept} of {} kept",
                before.len()
            );
            // An edit that opens a construct the rest never closes: nothing is cut after it.
            let opener = if markup == Markup::Latex {
                "{"
            } else {
                "```\n"
            };
            let line = at + text[at..].find("\n\n").unwrap() + 2;
            text.insert_str(line, opener);
            let pieces = check_pieces(&mut memo, &text, markup, 1000).unwrap();
            if matches!(markup, Markup::Markdown | Markup::Mdx | Markup::Latex) {
                assert!(pieces.last().unwrap().0.start <= line, "{markup:?}");
            }
        }
    }
}

//! Metadata at the top of a Markdown document, in every dialect specs are written with:
//! never prose, and never able to swallow the body.
//!
//! - YAML front matter: `---` on the first line, closed by `---` or `...`;
//! - kramdown-rfc: YAML closed by a section marker (`--- abstract`); later markers
//!   (`--- middle`, `--- back`, `--- note_…`) are hidden wherever they are;
//! - TOML front matter between `+++` lines;
//! - Pandoc title blocks: `%` lines at the very top;
//! - MultiMarkdown metadata: `Key: value` lines at the very top;
//! - template headers: `key: value` lines or list items right under the title
//!   (`* Proposal: [SE-0001](…)`, `- **Status**: Draft`, `Author(s): …`).
//!
//! Every scan here looks at the top lines only (the header ends at the first line that is not
//! metadata), except [`is_section_marker`], which is a test of one line.

use std::ops::Range;

/// What is metadata at the top of a document: `front` is a prefix of the source (front
/// matter, title block), `header` a template header under the title.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopMetadata {
    pub front: Range<usize>,
    pub header: Option<Range<usize>>,
}

impl TopMetadata {
    /// Where the metadata ends: nothing before it may start a new piece of the document.
    pub fn end(&self) -> usize {
        self.header.as_ref().map_or(self.front.end, |h| h.end)
    }
}

/// Lines of `source` with their byte ranges, line breaks excluded.
fn lines(source: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut offset = 0;
    source.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        (start..start + line.len(), line)
    })
}

/// The metadata at the top of `source` (which starts at the top of the document).
pub fn top(source: &str) -> TopMetadata {
    let front = front_matter(source);
    let header = template_header(source, front.end);
    TopMetadata { front, header }
}

/// Whether a line is a kramdown-rfc section marker (`--- abstract`, `--- middle`,
/// `--- back`, `--- note_Title`).
pub fn is_section_marker(line: &str) -> bool {
    let Some(rest) = line.trim_end().strip_prefix("--- ") else {
        return false;
    };
    let word = rest.trim();
    matches!(word, "abstract" | "middle" | "back") || word.starts_with("note_")
}

fn front_matter(source: &str) -> Range<usize> {
    let mut all = lines(source);
    let Some((_, first)) = all.next() else {
        return 0..0;
    };
    let end_of = |range: Range<usize>| {
        // Through the line break, so the body starts on the next line.
        source[range.end..]
            .find('\n')
            .map_or(source.len(), |i| range.end + i + 1)
    };
    match first.trim_end() {
        "---" => {
            for (range, line) in all {
                let line = line.trim_end();
                if line == "---" || line == "..." || is_section_marker(line) {
                    return 0..end_of(range);
                }
            }
            0..0
        }
        "+++" => {
            for (range, line) in all {
                if line.trim_end() == "+++" {
                    return 0..end_of(range);
                }
            }
            0..0
        }
        _ if first.starts_with('%') => {
            // A Pandoc title block: `%` lines (title, authors, date), continuation lines
            // indented, up to the first other line.
            let mut end = end_of(0..first.len());
            for (range, line) in all {
                if line.starts_with('%')
                    || (line.starts_with([' ', '\t']) && !line.trim().is_empty())
                {
                    end = end_of(range);
                } else {
                    break;
                }
            }
            0..end
        }
        _ => multimarkdown(source, first).unwrap_or(0..0),
    }
}

/// MultiMarkdown metadata: `Key: value` lines from the first line to the first blank line,
/// indented lines continuing a value. Two keys at least, or one of the keys such blocks
/// always hold, so that a first paragraph starting "Note: …" stays prose.
fn multimarkdown(source: &str, first: &str) -> Option<Range<usize>> {
    let key = metadata_key(first)?;
    let mut keys = 1;
    let mut known = is_common_metadata_key(key);
    let mut end = first.len();
    for (range, line) in lines(source).skip(1) {
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            end = range.end;
            continue;
        }
        let key = metadata_key(line)?;
        keys += 1;
        known |= is_common_metadata_key(key);
        end = range.end;
    }
    (keys >= 2 || known).then(|| 0..(end + 1).min(source.len()))
}

/// The key of a `Key: value` line (letters, digits, spaces, `-`, `_`, up to five words),
/// with no list marker or emphasis.
fn metadata_key(line: &str) -> Option<&str> {
    let (key, value) = line.split_once(':')?;
    let key_ok = key.starts_with(|c: char| c.is_alphabetic())
        && key.len() <= 40
        && key.split_whitespace().count() <= 5
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'));
    (key_ok && (value.is_empty() || value.starts_with([' ', '\t']))).then_some(key)
}

fn is_common_metadata_key(key: &str) -> bool {
    const KEYS: [&str; 12] = [
        "title",
        "author",
        "authors",
        "date",
        "status",
        "tags",
        "category",
        "version",
        "description",
        "keywords",
        "layout",
        "slug",
    ];
    KEYS.iter().any(|k| k.eq_ignore_ascii_case(key.trim()))
}

/// A template header: right under the document's title (an ATX or setext heading after the
/// front matter), a run of two or more `key: value` lines or list items, blank lines between
/// them allowed, ending before the first line that is neither.
fn template_header(source: &str, from: usize) -> Option<Range<usize>> {
    let mut rest = lines(&source[from..])
        .map(|(range, line)| (range.start + from..range.end + from, line))
        .skip_while(|(_, line)| line.trim().is_empty())
        .peekable();
    let (_, title) = rest.next()?;
    if title.starts_with('#') {
        // An ATX heading: one line.
    } else {
        // A setext heading: the title line and its underline.
        let (_, underline) = rest.next()?;
        let underline = underline.trim();
        if underline.is_empty()
            || !(underline.bytes().all(|b| b == b'=') || underline.bytes().all(|b| b == b'-'))
        {
            return None;
        }
    }
    let mut start = None;
    let mut end = 0;
    let mut items = 0;
    let mut metadata_words = false;
    for (range, line) in rest {
        if line.trim().is_empty() {
            continue;
        }
        if let Some(key) = header_key(line) {
            start.get_or_insert(range.start);
            end = range.end;
            items += 1;
            metadata_words |= names_metadata(key);
        } else if start.is_some() && line.starts_with([' ', '\t']) {
            // A wrapped value.
            end = range.end;
        } else {
            break;
        }
    }
    (items >= 2 && metadata_words).then(|| start.unwrap_or(end)..end)
}

/// Whether a header key speaks of a document's metadata (who, when, status, where it is
/// discussed and tracked), so that a list of design points ("Goal: …") under the title
/// stays prose.
fn names_metadata(key: &str) -> bool {
    const WORDS: [&str; 30] = [
        "author",
        "status",
        "date",
        "created",
        "updated",
        "proposal",
        "review",
        "editor",
        "owner",
        "champion",
        "sponsor",
        "shepherd",
        "issue",
        "discussion",
        "implementation",
        "tracking",
        "version",
        "type",
        "stage",
        "pr",
        "bug",
        "feature",
        "decision",
        "approver",
        "contributor",
        "revision",
        "rfc",
        "tracker",
        "target",
        "release",
    ];
    key.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|word| {
            let word = word.to_ascii_lowercase();
            let singular = word.strip_suffix('s').unwrap_or(&word);
            WORDS.contains(&word.as_str()) || WORDS.contains(&singular)
        })
}

/// The key of `Key: value`, `* Key: value`, `- **Key**: value`, `* **Key:** value`: up to
/// six words that start with a capital ("Author(s)", "Review Manager", "Last updated").
fn header_key(line: &str) -> Option<&str> {
    let mut text = line.trim_start();
    for marker in ["* ", "- ", "+ "] {
        if let Some(after) = text.strip_prefix(marker) {
            text = after.trim_start();
            break;
        }
    }
    let text = text.trim_start_matches(['*', '_']);
    let colon = text.find(':')?;
    let key = text[..colon].trim_end_matches(['*', '_']);
    let after = text[colon + 1..].trim_start_matches(['*', '_']);
    let is_key = key.starts_with(|c: char| c.is_uppercase())
        && key.len() <= 48
        && key.split_whitespace().count() <= 6
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '(' | ')' | '/' | '\''))
        && (after.is_empty() || after.starts_with([' ', '\t']));
    is_key.then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(source: &str) -> &str {
        &source[top(source).front]
    }

    fn header(source: &str) -> Option<&str> {
        top(source).header.map(|r| &source[r])
    }

    #[test]
    fn yaml_front_matter_ends_at_its_own_closing_line() {
        let source = "---\ntitle: X\n...\nBody\n";
        assert_eq!(front(source), "---\ntitle: X\n...\n");
        let source = "---\ntitle: X\n---\r\nBody\n";
        assert_eq!(front(source), "---\ntitle: X\n---\r\n");
    }

    #[test]
    fn kramdown_rfc_front_matter_ends_at_the_abstract_marker() {
        let source = "---\ntitle: A Protocol\nnormative:\n  RFC9110:\n--- abstract\n\nThis document.\n\n```\n...\n```\n";
        assert_eq!(
            front(source),
            "---\ntitle: A Protocol\nnormative:\n  RFC9110:\n--- abstract\n"
        );
        assert!(is_section_marker("--- middle"));
        assert!(is_section_marker("--- note_Note_to_Readers"));
        assert!(!is_section_marker("--- a list item"));
    }

    #[test]
    fn an_unclosed_front_matter_is_no_metadata() {
        assert_eq!(front("---\nJust a rule then text\n"), "");
    }

    #[test]
    fn toml_and_pandoc_and_multimarkdown() {
        assert_eq!(
            front("+++\ntitle = 'X'\n+++\nBody"),
            "+++\ntitle = 'X'\n+++\n"
        );
        assert_eq!(
            front("% The Title\n% Jane Doe; John Roe\n  and Others\n% 2024-01-01\n\nBody"),
            "% The Title\n% Jane Doe; John Roe\n  and Others\n% 2024-01-01\n"
        );
        assert_eq!(
            front("Title: A Spec\nAuthor: J. Doe\n  and R. Roe\n\nBody"),
            "Title: A Spec\nAuthor: J. Doe\n  and R. Roe\n"
        );
        assert_eq!(front("Title: A Spec\n\nBody"), "Title: A Spec\n");
        // A first paragraph that happens to start like a key stays prose.
        assert_eq!(front("Note: the API changes.\nIt breaks clients.\n"), "");
        assert_eq!(front("Note: the API changes.\n"), "");
    }

    #[test]
    fn template_headers_under_the_title() {
        let source = "# Feature\n\n* Proposal: [SE-0400](0400.md)\n* Authors: [A B](https://x)\n* Status: **Implemented (Swift 5.9)**\n\n## Introduction\n";
        assert_eq!(
            header(source),
            Some(
                "* Proposal: [SE-0400](0400.md)\n* Authors: [A B](https://x)\n* Status: **Implemented (Swift 5.9)**"
            )
        );
        let source = "# Title\n\n* **Type**: Design proposal\n* **Author:** R. E.\n\n## Summary\n";
        assert_eq!(
            header(source),
            Some("* **Type**: Design proposal\n* **Author:** R. E.")
        );
        let source = "Title\n=====\n\nAuthor(s): Jane Doe\n\nLast updated: 2020-01-01\n\nDiscussion at https://x.\n";
        assert_eq!(
            header(source),
            Some("Author(s): Jane Doe\n\nLast updated: 2020-01-01")
        );
        let source = "---\ntitle: T\n---\n# Title\n\n- Start Date: 2024\n- Tracking PR: [owner/repo#123](https://x)\n\nText";
        assert_eq!(
            header(source),
            Some("- Start Date: 2024\n- Tracking PR: [owner/repo#123](https://x)")
        );
    }

    #[test]
    fn prose_under_the_title_is_no_header() {
        assert_eq!(header("# Title\n\nThe API: a thing.\n\n## Next\n"), None);
        assert_eq!(header("# Title\n\n- Goal: be fast\n- and small\n"), None);
        assert_eq!(
            header("# Plan\n\n- Goal: be fast\n- Non-goal: be small\n"),
            None
        );
        assert_eq!(header("Some paragraph\n\n* A: b\n* C: d\n"), None);
    }
}

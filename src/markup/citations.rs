//! Citations in Markdown, which name cited works and are never prose: kramdown-rfc's
//! `{{RFC9110}}`, `{{?RFC1234}}`, `{{!I-D.ietf-foo}}`, `{{Section 3 of RFC9110}}`; Pandoc's
//! `[@key]`, `[-@key; @other, p. 3]` and bare `@key`; and bracketed reference labels that are
//! no link (`[RFC9110]`, `[I-D.ietf-quic-http]`), as IETF drafts cite.

use std::ops::Range;

/// A citation found in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    pub range: Range<usize>,
    /// A bracketed label (`[RFC9110]`): when Markdown resolved it as a link, its text is
    /// link text, which is prose.
    pub is_label: bool,
}

/// The citations of `source`, in order and disjoint. Linear: each candidate is scanned to
/// its closing bracket on the same line at most.
pub fn citation_spans(source: &str) -> Vec<Citation> {
    let bytes = source.as_bytes();
    let mut spans: Vec<Citation> = Vec::new();
    let mut from = 0;
    while let Some(found) = memchr::memchr3(b'{', b'[', b'@', &bytes[from..]) {
        let at = from + found;
        let (end, is_label) = match bytes[at] {
            b'{' if bytes.get(at + 1) == Some(&b'{') => (closing(bytes, at + 2, b"}}", 200), false),
            b'[' if is_pandoc_citation(&bytes[at + 1..]) => {
                (closing(bytes, at + 1, b"]", 400), false)
            }
            b'[' => (bracket_label(bytes, at), true),
            b'@' if at == 0 || is_citation_lead(bytes[at - 1]) => {
                (citation_key(bytes, at + 1), false)
            }
            _ => (None, false),
        };
        match end {
            Some(end) => {
                spans.push(Citation {
                    range: at..end,
                    is_label,
                });
                from = end;
            }
            None => from = at + 1,
        }
    }
    spans
}

/// The acronym-shaped parts of a citation's label (`{{!QUIC-TRANSPORT=RFC9000}}` → `QUIC`,
/// `TRANSPORT`, `RFC9000`; `[WHATWG.CORS]` → `WHATWG`, `CORS`), the names a document cites
/// works by. Pandoc keys are names of entries, not of works, and give none.
pub fn label_names(citation: &str) -> impl Iterator<Item = &str> {
    let label = citation
        .strip_prefix("{{")
        .and_then(|c| c.strip_suffix("}}"))
        .or_else(|| {
            citation
                .strip_prefix('[')
                .and_then(|c| c.strip_suffix(']'))
                .filter(|c| !c.contains('@'))
        })
        .unwrap_or_default();
    label
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| part.len() >= 2 && crate::acronym::is_acronym_shaped(part))
}

/// The end (past `close`) of a span whose body starts at `start`, if `close` comes within
/// `limit` bytes and before the end of the line.
fn closing(bytes: &[u8], start: usize, close: &[u8], limit: usize) -> Option<usize> {
    let window = &bytes[start..bytes.len().min(start + limit)];
    let line = memchr::memchr(b'\n', window).unwrap_or(window.len());
    memchr::memmem::find(&window[..line], close).map(|i| start + i + close.len())
}

/// `[@key`, `[-@key`, `[see @key`: a Pandoc citation group.
fn is_pandoc_citation(after: &[u8]) -> bool {
    let body = &after[..after.len().min(64)];
    let end = memchr::memchr(b']', body).unwrap_or(body.len());
    let body = &body[..end];
    body.starts_with(b"@")
        || body.starts_with(b"-@")
        || memchr::memmem::find(body, b" @").is_some() && !body.contains(&b'\n')
}

fn is_citation_lead(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'(' | b'[' | b';')
}

/// The end of a Pandoc citation key starting at `start` (letters, digits and `_:.#$%&-+?<>~/`
/// inside, ending on a letter or digit).
fn citation_key(bytes: &[u8], start: usize) -> Option<usize> {
    let mut end = start;
    while end < bytes.len()
        && (bytes[end].is_ascii_alphanumeric() || b"_:.#$%&-+?<>~/".contains(&bytes[end]))
    {
        end += 1;
    }
    while end > start && !bytes[end - 1].is_ascii_alphanumeric() {
        end -= 1;
    }
    (end > start && (bytes[start].is_ascii_alphanumeric() || bytes[start] == b'_')).then_some(end)
}

/// `[LABEL]` with one token inside (letters, digits, `-._/:`; a capital, and a digit or
/// punctuation) and no link after it: `[RFC9110]`, `[QUIC-TLS]`, `[I-D.ietf-quic-http]`.
fn bracket_label(bytes: &[u8], open: usize) -> Option<usize> {
    if open > 0 && matches!(bytes[open - 1], b'!' | b'\\') {
        return None;
    }
    let mut end = open + 1;
    while end < bytes.len() && end - open <= 65 {
        match bytes[end] {
            b']' => break,
            b if b.is_ascii_alphanumeric() || b"-._/:".contains(&b) => end += 1,
            _ => return None,
        }
    }
    let label = bytes.get(open + 1..end)?;
    let closed = bytes.get(end) == Some(&b']');
    let followed = matches!(bytes.get(end + 1), Some(b'(' | b'[' | b':'));
    // A digit or punctuation marks a reference key (`RFC9110`, `QUIC-TRANSPORT`, `TLS13`);
    // a bare word in brackets may be a short form being defined ("electroencephalogram [EEG]").
    let marked = label
        .iter()
        .any(|b| b.is_ascii_digit() || b"-._/:".contains(b))
        && label.iter().any(|b| b.is_ascii_uppercase());
    (closed && !followed && marked && !label.is_empty() && label[0] != b'^').then_some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(source: &str) -> Vec<&str> {
        citation_spans(source)
            .into_iter()
            .map(|c| &source[c.range])
            .collect()
    }

    #[test]
    fn kramdown_rfc_citations() {
        assert_eq!(
            spans(
                "As {{RFC9110}} and {{?RFC1234}}, {{!I-D.ietf-foo}}, {{Section 3 of RFC9110}} say."
            ),
            [
                "{{RFC9110}}",
                "{{?RFC1234}}",
                "{{!I-D.ietf-foo}}",
                "{{Section 3 of RFC9110}}"
            ]
        );
        assert_eq!(
            spans("An unclosed {{RFC9110 stays\nprose }}"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn pandoc_citations() {
        assert_eq!(
            spans("As shown [@doe2020; @roe, p. 3] and [-@smith] and by @knuth84, mail a@b.c."),
            ["[@doe2020; @roe, p. 3]", "[-@smith]", "@knuth84"]
        );
    }

    #[test]
    fn bracketed_reference_labels_that_are_no_links() {
        assert_eq!(
            spans(
                "See [RFC9110], [I-D.ietf-quic-http] and [QUIC-TLS]; not [a link](x), [ref][HTTP2], ![IMG1], [^1], [EEG] or [some words]."
            ),
            ["[RFC9110]", "[I-D.ietf-quic-http]", "[QUIC-TLS]", "[HTTP2]"]
        );
    }
}

//! Text primitives shared by every module: word characters and line/column positions.
//!
//! The engine works in byte offsets; people read lines and columns. Lines break on `\n`,
//! `\r\n` and `\r` (as LSP says), and columns count Unicode scalar values.

/// Whether `c` belongs inside a word: letters, digits, `_` and combining marks.
///
/// A combining mark (as in "cafe\u{301}") continues the word before it, so a term never
/// matches half of an accented word.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    // Spare the Unicode tables for what prose is full of: typographic punctuation and
    // spaces.
    if matches!(c, '\u{2000}'..='\u{206F}') {
        return matches!(c, '\u{200C}' | '\u{200D}');
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF | 0x200C..=0x200D | 0x20D0..=0x20FF | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F)
}

/// The first non-ASCII byte at or after `from`.
#[inline]
pub fn find_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    find_byte(bytes, from, |x| x & HIGH_BITS)
}

/// The first ASCII capital letter or non-ASCII byte at or after `from`: where a word that
/// may be an acronym can start, in prose that is mostly lower case.
#[inline]
pub fn find_capital_or_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    find_byte(bytes, from, |x| {
        // For the ASCII bytes, adding to the low seven bits sets the high bit from a
        // threshold on, and never carries into the next byte.
        let low = x & !HIGH_BITS;
        let from_a = low.wrapping_add(ONES * (0x80 - u64::from(b'A')));
        let past_z = low.wrapping_add(ONES * (0x80 - u64::from(b'Z') - 1));
        (from_a & !past_z & !x & HIGH_BITS) | (x & HIGH_BITS)
    })
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The first byte at or after `from` that `wanted` marks. `wanted` gets eight bytes at a
/// time as a little-endian word and must set the high bit of exactly the bytes it wants
/// (nothing may carry from one byte into the next). Slower than `memchr`'s vector search,
/// but not limited to three byte values.
#[inline]
fn find_byte(bytes: &[u8], from: usize, wanted: impl Fn(u64) -> u64) -> Option<usize> {
    let mut i = from;
    while let Some(eight) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        let hits = wanted(word);
        if hits != 0 {
            return Some(i + hits.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    let rest = bytes.get(i..)?;
    let mut tail = [0u8; 8];
    tail[..rest.len()].copy_from_slice(rest);
    // Fewer than eight bytes are left: only their bits count.
    let hits = wanted(u64::from_le_bytes(tail)) & ((1u64 << (8 * rest.len())) - 1);
    (hits != 0).then(|| i + hits.trailing_zeros() as usize / 8)
}

/// The character that ends just before byte `offset`, if any.
pub fn char_before(text: &str, offset: usize) -> Option<char> {
    text.get(..offset)?.chars().next_back()
}

/// The character that starts at byte `offset`, if any.
pub fn char_at(text: &str, offset: usize) -> Option<char> {
    text.get(offset..)?.chars().next()
}

/// A 1-based line and column, the column counted in Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Start offsets of every line, for turning byte offsets into lines and columns.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(found) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + found;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(next);
            i = next;
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// The 0-based line that holds byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte offset where 0-based `line` starts, or the text's end past the last line.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte range of 0-based `line` without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let mut end = self.line_start(line + 1).min(text.len());
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 1-based line and column of byte `offset` (clamped to a character boundary).
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = text[start..offset].chars().count();
        LineCol {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }
}

impl LineIndex {
    /// Lines and columns of many offsets at once, in one pass over the text (so that a
    /// 50 MB one-line file with many findings costs no more than reading it once).
    pub fn line_cols(
        &self,
        text: &str,
        offsets: impl IntoIterator<Item = usize>,
    ) -> std::collections::HashMap<usize, LineCol> {
        let mut sorted: Vec<usize> = offsets.into_iter().collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut out = std::collections::HashMap::with_capacity(sorted.len());
        let mut last: Option<(usize, usize, u32)> = None; // (line, offset, column)
        for offset in sorted {
            let mut clamped = offset.min(text.len());
            while !text.is_char_boundary(clamped) {
                clamped -= 1;
            }
            let line = self.line_of(clamped);
            let column = match last {
                Some((l, from, col)) if l == line && from <= clamped => {
                    col + text[from..clamped].chars().count() as u32
                }
                _ => text[self.line_start(line)..clamped].chars().count() as u32 + 1,
            };
            last = Some((line, clamped, column));
            out.insert(
                offset,
                LineCol {
                    line: line as u32 + 1,
                    column,
                },
            );
        }
        out
    }
}

/// Where invalid UTF-8 starts in `bytes`, as a line and column of the valid text before it.
pub fn utf8_error_position(bytes: &[u8], error: std::str::Utf8Error) -> LineCol {
    let valid = &bytes[..error.valid_up_to()];
    let text = std::str::from_utf8(valid).unwrap_or_default();
    LineIndex::new(text).line_col(text, text.len())
}

/// Why a document's bytes are not text.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A NUL byte early on, and no UTF-16 byte order mark.
    Binary,
    InvalidUtf8(LineCol),
    /// An unpaired surrogate or an odd number of bytes, after the valid text.
    InvalidUtf16(LineCol),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary => f.write_str("binary file"),
            DecodeError::InvalidUtf8(pos) => write!(
                f,
                "not valid UTF-8 (line {}, column {})",
                pos.line, pos.column
            ),
            DecodeError::InvalidUtf16(pos) => write!(
                f,
                "not valid UTF-16 (line {}, column {})",
                pos.line, pos.column
            ),
        }
    }
}

/// A document's bytes as text: UTF-8, or UTF-16 (either byte order) when a byte order mark
/// says so, as editors on Windows still write. The mark is kept as U+FEFF so that columns
/// on the first line count as they do for a UTF-8 file with a mark.
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    let utf16 = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(u16::from_le_bytes as fn([u8; 2]) -> u16),
        Some([0xFE, 0xFF]) => Some(u16::from_be_bytes as fn([u8; 2]) -> u16),
        _ => None,
    };
    if let Some(unit) = utf16 {
        let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
        let mut text = String::with_capacity(bytes.len());
        for c in char::decode_utf16(units) {
            match c {
                Ok(c) => text.push(c),
                Err(_) => return Err(DecodeError::InvalidUtf16(end_of(&text))),
            }
        }
        if bytes.len() % 2 == 1 {
            return Err(DecodeError::InvalidUtf16(end_of(&text)));
        }
        return Ok(text);
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(DecodeError::Binary);
    }
    String::from_utf8(bytes)
        .map_err(|e| DecodeError::InvalidUtf8(utf8_error_position(e.as_bytes(), e.utf8_error())))
}

/// Where `text` ends, as people count it (a byte order mark is no column).
fn end_of(text: &str) -> LineCol {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    LineIndex::new(text).line_col(text, text.len())
}

/// For tests of edits: replaces `delete` bytes of `text` at the fraction `at` of its length
/// with `insert`, both ends moved back to character boundaries.
#[cfg(test)]
pub(crate) fn edit_at(text: &mut String, at: f64, delete: usize, insert: &str) {
    let mut start = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + delete).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.replace_range(start..end, insert);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        std::iter::once('\u{feff}')
            .chain(text.chars())
            .collect::<String>()
            .encode_utf16()
            .flat_map(|u| {
                if little_endian {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn documents_decode_from_utf8_and_from_utf16_with_a_mark() {
        assert_eq!(decode(b"caf\xc3\xa9".to_vec()).unwrap(), "café");
        for le in [true, false] {
            assert_eq!(
                decode(utf16("The QZA, café 𝄞.\r\n", le)).unwrap(),
                "\u{feff}The QZA, café 𝄞.\r\n"
            );
        }
        assert_eq!(decode(b"a\0b".to_vec()), Err(DecodeError::Binary));
        let bad = decode(b"ok\nthe caf\xe9".to_vec()).unwrap_err();
        assert_eq!(bad.to_string(), "not valid UTF-8 (line 2, column 8)");
        let mut odd = utf16("ab\nc", true);
        odd.push(b'x');
        assert_eq!(
            decode(odd).unwrap_err().to_string(),
            "not valid UTF-16 (line 2, column 2)"
        );
        let mut lone = utf16("ab", true);
        lone.extend(0xD800u16.to_le_bytes());
        assert_eq!(
            decode(lone).unwrap_err().to_string(),
            "not valid UTF-16 (line 1, column 3)"
        );
    }

    #[test]
    fn byte_searches_are_exact_at_every_offset() {
        let alphabet = [
            b'a', b'A', b'Z', b'z', b'@', b'[', b'`', b' ', 0x7f, 0x80, 0xc3, 0xff, b'0',
        ];
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        for len in 0..40 {
            for _ in 0..200 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        rng ^= rng << 13;
                        rng ^= rng >> 7;
                        rng ^= rng << 17;
                        alphabet[(rng % alphabet.len() as u64) as usize]
                    })
                    .collect();
                for from in 0..=len + 1 {
                    let scan = |wanted: fn(u8) -> bool| (from..len).find(|&i| wanted(bytes[i]));
                    assert_eq!(
                        find_non_ascii(&bytes, from),
                        scan(|b| b >= 0x80),
                        "{bytes:?} {from}"
                    );
                    assert_eq!(
                        find_capital_or_non_ascii(&bytes, from),
                        scan(|b| b.is_ascii_uppercase() || b >= 0x80),
                        "{bytes:?} {from}"
                    );
                }
            }
        }
    }

    #[test]
    fn word_char_fast_paths_agree_with_the_definition() {
        let planes = (0..=0x3000).chain(0xFE00..=0x10000);
        for c in planes.filter_map(char::from_u32) {
            let defined = c.is_alphanumeric() || c == '_' || is_combining_mark(c);
            assert_eq!(is_word_char(c), defined, "{c:?} (U+{:04X})", c as u32);
        }
    }

    #[test]
    fn lines_break_on_lf_crlf_and_cr() {
        let text = "a\nb\r\nc\rd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(text, 2), LineCol { line: 2, column: 1 });
        assert_eq!(index.line_col(text, 5), LineCol { line: 3, column: 1 });
        assert_eq!(index.line_col(text, 7), LineCol { line: 4, column: 1 });
        assert_eq!(index.line_range(text, 1), 2..3);
    }

    #[test]
    fn columns_count_scalar_values() {
        let text = "😀 café API";
        let index = LineIndex::new(text);
        let api = text.find("API").unwrap();
        assert_eq!(index.line_col(text, api), LineCol { line: 1, column: 8 });
    }

    #[test]
    fn many_positions_at_once_agree_with_one_at_a_time() {
        let text = "ab😀c\r\nd é f\rg";
        let index = LineIndex::new(text);
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .collect();
        let all = index.line_cols(text, offsets.iter().copied());
        for o in offsets {
            assert_eq!(all[&o], index.line_col(text, o), "offset {o}");
        }
    }

    #[test]
    fn offsets_inside_a_character_are_clamped() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 1), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(text, 99), LineCol { line: 1, column: 2 });
    }

    #[test]
    fn accents_continue_words() {
        assert!(is_word_char('é'));
        assert!(is_word_char('\u{301}'));
        assert!(!is_word_char('-'));
        assert!(!is_word_char('\''));
    }
}

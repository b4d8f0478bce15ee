//! Byte offsets ⇄ LSP positions, in the encoding negotiated with the client. The one place
//! where positions are converted; everything inside the engine is bytes.

use std::ops::Range;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind};

/// How LSP columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// The best encoding the client offers: UTF-8, else UTF-32, else UTF-16 (which every
    /// client supports).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&PositionEncodingKind::UTF16) || offered.is_empty() {
            Encoding::Utf16
        } else if offered.contains(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }
}

/// The number of line-break bytes at the end of a line slice.
fn line_break_len(line: ropey::RopeSlice<'_>) -> usize {
    let len = line.len_bytes();
    let last = |i: usize| line.byte(len - i);
    if len >= 2 && last(2) == b'\r' && last(1) == b'\n' {
        2
    } else if len >= 1 && (last(1) == b'\n' || last(1) == b'\r') {
        1
    } else {
        0
    }
}

/// The position of byte `offset` (clamped to the text and to a character boundary).
pub fn position(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    let char_index = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_index);
    let line_char = rope.line_to_char(line);
    let character = match encoding {
        Encoding::Utf8 => rope.char_to_byte(char_index) - rope.line_to_byte(line),
        Encoding::Utf16 => rope.char_to_utf16_cu(char_index) - rope.char_to_utf16_cu(line_char),
        Encoding::Utf32 => char_index - line_char,
    };
    Position::new(line as u32, character as u32)
}

/// The LSP range of a byte range.
pub fn range(
    rope: &Rope,
    range: Range<usize>,
    encoding: Encoding,
) -> tower_lsp_server::ls_types::Range {
    tower_lsp_server::ls_types::Range::new(
        position(rope, range.start, encoding),
        position(rope, range.end, encoding),
    )
}

/// The byte offset of a position. Positions past the end of a line are clamped to the line's
/// end (before its line break), past the last line to the text's end, and inside a character
/// (a UTF-16 surrogate pair, a UTF-8 sequence) to the character's start. Never panics.
pub fn offset(rope: &Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let slice = rope.line(line);
    let content_chars = slice.len_chars() - line_break_len(slice);
    let column = position.character as usize;
    let char_in_line = match encoding {
        Encoding::Utf8 => {
            let content_bytes = slice.len_bytes() - line_break_len(slice);
            slice.byte_to_char(column.min(content_bytes))
        }
        Encoding::Utf16 => {
            let content_units = slice.char_to_utf16_cu(content_chars);
            slice.utf16_cu_to_char(column.min(content_units))
        }
        Encoding::Utf32 => column.min(content_chars),
    };
    rope.char_to_byte(rope.line_to_char(line) + char_in_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_each_encoding() {
        let text = "a😀b\r\n中文 API\rend";
        let rope = Rope::from_str(text);
        let api = text.find("API").unwrap();
        assert_eq!(position(&rope, api, Encoding::Utf8), Position::new(1, 7));
        assert_eq!(position(&rope, api, Encoding::Utf16), Position::new(1, 3));
        assert_eq!(position(&rope, api, Encoding::Utf32), Position::new(1, 3));
        let b = text.find('b').unwrap();
        assert_eq!(position(&rope, b, Encoding::Utf16), Position::new(0, 3));
        assert_eq!(position(&rope, b, Encoding::Utf8), Position::new(0, 5));
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            // Every character boundary except the middle of a `\r\n` (no position names it).
            let inside_crlf =
                |o: usize| o > 0 && text[..o].ends_with('\r') && text[o..].starts_with('\n');
            for o in (0..=text.len()).filter(|&o| text.is_char_boundary(o) && !inside_crlf(o)) {
                let p = position(&rope, o, encoding);
                assert_eq!(offset(&rope, p, encoding), o, "{encoding:?} {o}");
            }
        }
        assert_eq!(
            position(&rope, text.find("end").unwrap(), Encoding::Utf16),
            Position::new(2, 0)
        );
    }

    #[test]
    fn odd_positions_are_clamped() {
        let text = "a😀b\nxy";
        let rope = Rope::from_str(text);
        // Inside the surrogate pair: the emoji's start.
        assert_eq!(offset(&rope, Position::new(0, 2), Encoding::Utf16), 1);
        // Inside the UTF-8 sequence.
        assert_eq!(offset(&rope, Position::new(0, 3), Encoding::Utf8), 1);
        // Past the end of a line: before its break.
        assert_eq!(offset(&rope, Position::new(0, 99), Encoding::Utf16), 6);
        // Past the last line.
        assert_eq!(
            offset(&rope, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
        assert_eq!(position(&rope, 99, Encoding::Utf8), Position::new(1, 2));
    }
}

//! Position conversion and document edits as the server applies `didChange`: the rope gives
//! the same text as a plain-string model of the LSP rules (positions past a line's end clamp
//! to it, past the last line to the text's end, inside a character to its start), and byte
//! offsets survive a round trip through positions.
#![no_main]

use arbitrary::Arbitrary;
use glossary_ls::lsp::Encoding;
use glossary_ls::lsp::fuzzing::{Change, Text, apply_changes};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    text: String,
    encoding: u8,
    changes: Vec<(Option<(u8, u8, u8, u8)>, String)>,
}

/// Lines of `text` as (start, content end, end after the break); breaks are `\n`, `\r\n`
/// and a lone `\r`, as the server counts them.
fn lines(text: &str) -> Vec<(usize, usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push((start, i, i + 1));
                start = i + 1;
            }
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                out.push((start, i, i + 2));
                i += 1;
                start = i + 1;
            }
            b'\r' => {
                out.push((start, i, i + 1));
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push((start, bytes.len(), bytes.len()));
    out
}

fn units(c: char, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => c.len_utf8(),
        Encoding::Utf16 => c.len_utf16(),
        Encoding::Utf32 => 1,
    }
}

/// The model: the byte offset of (line, column).
fn model_offset(text: &str, line: u32, column: u32, encoding: Encoding) -> usize {
    let lines = lines(text);
    let Some(&(start, content_end, _)) = lines.get(line as usize) else {
        return text.len();
    };
    let mut offset = start;
    let mut seen = 0;
    for c in text[start..content_end].chars() {
        seen += units(c, encoding);
        if seen > column as usize {
            break;
        }
        offset += c.len_utf8();
    }
    offset
}

fuzz_target!(|input: Input| {
    let encoding = match input.encoding % 3 {
        0 => Encoding::Utf8,
        1 => Encoding::Utf16,
        _ => Encoding::Utf32,
    };
    let changes: Vec<Change> = input
        .changes
        .iter()
        .map(|(range, text)| Change {
            range: range.map(|(a, b, c, d)| (a.into(), b.into(), c.into(), d.into())),
            text: text.clone(),
        })
        .collect();
    let mut expected = input.text.clone();
    for change in &changes {
        expected = match change.range {
            None => change.text.clone(),
            Some((l1, c1, l2, c2)) => {
                let start = model_offset(&expected, l1, c1, encoding);
                let end = model_offset(&expected, l2, c2, encoding).max(start);
                format!("{}{}{}", &expected[..start], change.text, &expected[end..])
            }
        };
    }
    let actual = match apply_changes(&input.text, &changes, encoding) {
        Ok(text) => text,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(actual, expected, "edits {changes:?}");

    let text = Text::new(&actual);
    for (offset, _) in actual.char_indices().chain([(actual.len(), ' ')]).take(512) {
        let (line, column) = text.position(offset, encoding);
        // Between the two bytes of a CRLF break there is no position of its own.
        let inside_crlf = offset > 0
            && actual.as_bytes()[offset - 1] == b'\r'
            && actual.as_bytes().get(offset) == Some(&b'\n');
        if !inside_crlf {
            assert_eq!(
                text.offset(line, column, encoding),
                offset,
                "offset {offset} → {line}:{column}"
            );
            assert_eq!(model_offset(&actual, line, column, encoding), offset);
        }
    }
});

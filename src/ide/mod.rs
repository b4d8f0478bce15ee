//! Editor features as pure functions of an [`Engine`](crate::analysis::Engine), an
//! [`Analysis`](crate::analysis::Analysis) and the document text: what to show on hover,
//! what to complete, where a term is used and defined, which quick fixes exist.
//!
//! Nothing here knows LSP; `crate::lsp` converts requests in and answers out.

pub mod actions;
pub mod completion;
pub mod hover;
pub mod navigation;

pub use navigation::{TermRef, term_at};

/// The 1-based line of byte `offset` (counting `\n`, `\r\n` and lone `\r` breaks), without
/// building a line index: hovers need one line number, fast.
pub(crate) fn line_number(text: &str, offset: usize) -> usize {
    let bytes = &text.as_bytes()[..offset.min(text.len())];
    let newlines = bytes.iter().filter(|&&b| b == b'\n').count();
    let lone_cr = bytes
        .windows(2)
        .filter(|w| w[0] == b'\r' && w[1] != b'\n')
        .count()
        + usize::from(bytes.last() == Some(&b'\r'));
    newlines + lone_cr + 1
}

#[cfg(test)]
mod tests {
    #[test]
    fn line_numbers() {
        assert_eq!(super::line_number("a\nb\r\nc\rd", 0), 1);
        assert_eq!(super::line_number("a\nb\r\nc\rd", 2), 2);
        assert_eq!(super::line_number("a\nb\r\nc\rd", 5), 3);
        assert_eq!(super::line_number("a\nb\r\nc\rd", 7), 4);
    }
}

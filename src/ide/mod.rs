//! Editor features as pure functions of an [`Engine`](crate::analysis::Engine), an
//! [`Analysis`](crate::analysis::Analysis) and the document text: what to show on hover,
//! what to complete, where a term is used and defined, which quick fixes exist.
//!
//! Nothing here knows LSP; `crate::lsp` converts requests in and answers out.

pub mod actions;
pub mod completion;
pub mod hover;
pub mod navigation;
pub mod rename;

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

#[cfg(test)]
mod no_panics {
    use proptest::prelude::*;

    use crate::analysis::{Engine, Settings};
    use crate::glossary::Glossary;
    use crate::markup::Markup;

    const PIECES: &[&str] = &[
        "API",
        " ",
        "\n",
        "\r\n",
        "\r",
        "😀",
        "中文",
        "DLQ",
        "(",
        ")",
        "[",
        "]",
        "Recovery Point Objective (RPO)",
        "RPO",
        "Api",
        "e\u{301}",
        "- ",
        "**",
        "`x`",
        "whitelist",
        "\n\n",
        "# ",
        "> ",
        "| a | b |\n|---|---|\n",
        "*[X]: ",
        "https://x.io/ABC",
        "<!-- glossary-ls-disable -->",
        "Ü",
        "(see Figure 3)",
        "HTTP/2",
        ":",
        "—",
        "---\n",
        "```\n",
        "    ",
        "&amp;",
        "\\*",
        "ǅ",
        "İ",
    ];

    fn engine() -> &'static Engine {
        static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
        ENGINE.get_or_init(|| Engine::new(Glossary::builtin(), Settings::default()))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 150, .. ProptestConfig::default() })]

        /// Any text, in any markup, at any offset: analysis, hover, completion and
        /// navigation answer without panicking, and every range is on character boundaries.
        #[test]
        fn no_text_makes_the_engine_panic(
            pieces in prop::collection::vec(0..PIECES.len(), 0..30),
            noise in "\\PC{0,20}",
            markdown in any::<bool>(),
        ) {
            let mut text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            text.push_str(&noise);
            let markup = if markdown { Markup::Markdown } else { Markup::Plaintext };
            let engine = engine();
            let analysis = engine.analyze(&text, markup);
            for f in &analysis.findings {
                prop_assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
                prop_assert!(f.range.start <= f.range.end && f.range.end <= text.len());
            }
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                let _ = super::hover::hover(engine, &analysis, &text, offset);
                let _ = super::completion::complete(engine, &analysis, &text, offset);
                if let Some(term) = super::term_at(engine, &analysis, offset) {
                    let _ = super::navigation::occurrences_of(engine, &analysis, &term);
                }
            }
            let _ = super::navigation::expansions(engine, &analysis, 0..text.len());
        }
    }
}

//! Prose extraction (every markup): never panics; blocks slice the prose; every prose offset
//! maps back into the source on a character boundary; the pieces a large document is cut
//! into cover it exactly, and (LaTeX, reStructuredText) parse as the whole does.
#![no_main]

use glossary_ls::markup::{Markup, Prose, chunk_ranges};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (markup, text) = common::document(data);
    let prose = Prose::new(&text, markup);
    for block in &prose.blocks {
        common::check_range(&prose.text, &block.range, "block");
    }
    for directive in &prose.directives {
        common::check_range(&text, &directive.source, "directive");
    }
    let mut map = prose.source_map();
    for (i, _) in prose.text.char_indices().chain([(prose.text.len(), ' ')]) {
        let source = prose.to_source(i);
        assert!(
            text.is_char_boundary(source),
            "prose offset {i} maps to {source}, not a character boundary of the source"
        );
        common::check_range(&text, &map.range(i..i), "mapped offset");
    }
    // Tiny pieces, so that short inputs are cut too.
    let pieces = chunk_ranges(&text, markup, 16);
    let mut end = 0;
    for piece in &pieces {
        assert_eq!(piece.start, end, "pieces {pieces:?} leave a gap or overlap");
        common::check_range(&text, piece, "piece");
        end = piece.end;
    }
    assert_eq!(end, text.len(), "pieces {pieces:?} do not reach the end");
    if matches!(markup, Markup::Latex | Markup::Restructuredtext) {
        let placed = |prose: &Prose, base: usize| -> Vec<(String, std::ops::Range<usize>)> {
            let mut map = prose.source_map();
            prose
                .blocks
                .iter()
                .map(|b| {
                    let at = map.range(b.range.clone());
                    (
                        prose.text[b.range.clone()].to_string(),
                        at.start + base..at.end + base,
                    )
                })
                .collect()
        };
        let whole = placed(&Prose::parse(&text, markup), 0);
        let split: Vec<_> = pieces
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                placed(
                    &Prose::parse_piece(&text[r.clone()], markup, i == 0),
                    r.start,
                )
            })
            .collect();
        assert_eq!(whole, split, "pieces {pieces:?} parse unlike the whole");
    }
});

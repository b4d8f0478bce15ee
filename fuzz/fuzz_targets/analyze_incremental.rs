//! Incremental analysis (what the server runs after each edit) equals a full analysis of the
//! edited text, in every markup. The input is repeated to make a document of several editor
//! pieces (16 KiB), so that the edit leaves some pieces alone and the cache (pieces, and
//! where the last version was cut into them) is used.
#![no_main]

use arbitrary::Arbitrary;
use glossary_ls::analysis::PieceCache;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

#[derive(Arbitrary, Debug)]
struct Input {
    markup: u8,
    text: String,
    at: u16,
    delete: u8,
    insert: String,
}

fuzz_target!(|input: Input| {
    let markup = common::markup(input.markup);
    let mut before = String::new();
    while before.len() < 40 * 1024 && !input.text.is_empty() {
        before.push_str(&input.text);
        before.push_str("\n\n");
    }
    let engine = common::engine();
    let mut cache = PieceCache::default();
    let _ = engine.analyze_incremental(&before, markup, &mut cache);

    let mut start = (usize::from(input.at) * 7).min(before.len());
    while !before.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + usize::from(input.delete)).min(before.len());
    while !before.is_char_boundary(end) {
        end -= 1;
    }
    let after = format!("{}{}{}", &before[..start], input.insert, &before[end..]);
    let incremental = engine.analyze_incremental(&after, markup, &mut cache);
    let full = engine.analyze(&after, markup);
    common::check_analysis(&after, &incremental);
    assert_eq!(format!("{incremental:?}"), format!("{full:?}"));
});

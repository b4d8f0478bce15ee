//! The acronym scan: never panics, and every acronym it finds is an acronym-shaped slice of
//! the prose.
#![no_main]

use glossary_ls::acronym::{base_form, find_acronyms, is_acronym_shaped, unversioned};
use glossary_ls::markup::Prose;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (markup, text) = common::document(data);
    let prose = Prose::new(&text, markup);
    for range in find_acronyms(&prose) {
        common::check_range(&prose.text, &range, "acronym");
    }
    // The token classifiers take any token.
    for token in text.split_whitespace() {
        let _ = is_acronym_shaped(token);
        let _ = base_form(token);
        let _ = unversioned(token);
    }
});

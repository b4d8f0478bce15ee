//! In-document definitions: never panics, and both forms of every definition slice the
//! prose.
#![no_main]

use glossary_ls::definitions::find_definitions;
use glossary_ls::markup::Prose;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (markup, text) = common::document(data);
    let prose = Prose::new(&text, markup);
    for d in find_definitions(&prose) {
        common::check_range(&prose.text, &d.short_range, "short form");
        common::check_range(&prose.text, &d.long_range, "long form");
    }
});

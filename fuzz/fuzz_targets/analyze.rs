//! The whole analysis of arbitrary text: never panics, and every range it reports slices the
//! document (the server and the CLI slice and convert them).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (markup, text) = common::document(data);
    let analysis = common::engine().analyze(&text, markup);
    common::check_analysis(&text, &analysis);
});

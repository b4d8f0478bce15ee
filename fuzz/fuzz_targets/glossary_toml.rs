//! The Toml glossary parser through the public entry point, then the glossary built and
//! compiled from what it read, and used once: never panics, whatever the file says.
#![no_main]

use glossary_ls::glossary::SourceFormat;
use libfuzzer_sys::fuzz_target;

#[path = "glossary.rs"]
mod glossary;

fuzz_target!(|data: &[u8]| {
    glossary::run(data, SourceFormat::Toml);
});

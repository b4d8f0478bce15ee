//! `glossary-ls.toml` parsing: never panics; an error points inside the text.
#![no_main]

use std::path::Path;

use glossary_ls::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse(Path::new("glossary-ls.toml"), text) {
        Ok(config) => {
            for ext in ["md", "txt", "rst", ""] {
                let _ = config.markup_for(ext);
            }
        }
        Err(errors) => {
            assert!(!errors.0.is_empty());
            for e in &errors.0 {
                assert!(
                    e.line >= 1 && e.column >= 1,
                    "error at {}:{}",
                    e.line,
                    e.column
                );
            }
            let _ = errors.to_string();
        }
    }
});

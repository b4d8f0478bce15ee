//! Shared by the fuzz targets: input decoding and the range checks every result must pass.
#![allow(dead_code)]

use std::ops::Range;
use std::sync::OnceLock;

use glossary_ls::analysis::{Analysis, Engine, Settings};
use glossary_ls::glossary::{GlossaryBuilder, SourceFormat, parse_source};
use glossary_ls::markup::Markup;

/// The first byte picks the markup; the rest is the document (invalid UTF-8 replaced, as
/// the CLI and the server never see it).
pub fn document(data: &[u8]) -> (Markup, String) {
    let (first, rest) = data.split_first().map_or((0, data), |(f, r)| (*f, r));
    (markup(first), String::from_utf8_lossy(rest).into_owned())
}

/// One of the markups, chosen by a byte of the input.
pub fn markup(byte: u8) -> Markup {
    match byte % 6 {
        0 => Markup::Markdown,
        1 => Markup::Plaintext,
        2 => Markup::Restructuredtext,
        3 => Markup::Asciidoc,
        4 => Markup::Latex,
        _ => Markup::Mdx,
    }
}

/// A glossary with every kind of entry the rules look at, on top of the built-in one.
const GLOSSARY: &str = r#"
[[entries]]
term = "SLA"
expansion = "service-level agreement"

[[entries]]
term = "whitelist"
status = "forbidden"
use_instead = "allow list"

[[entries]]
term = "master branch"
status = "deprecated"
use_instead = "main branch"

[[entries]]
term = "GitHub"
case = "sensitive"

[[entries]]
term = "allow list"
aliases = ["allowlist"]
"#;

/// One engine for the whole run (building it is the slow part).
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut builder = GlossaryBuilder::new().builtin();
        builder.add(parse_source("fuzz.toml", GLOSSARY, SourceFormat::Toml));
        Engine::new(builder.build(), Settings::default())
    })
}

/// Panics unless `range` is a slice of `text` (in order, in bounds, on character boundaries).
pub fn check_range(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        range.start <= range.end && text.get(range.clone()).is_some(),
        "{what} range {range:?} is not a slice of a {}-byte text",
        text.len()
    );
}

/// Every range an analysis gives the editor or the CLI must slice the document.
pub fn check_analysis(text: &str, analysis: &Analysis) {
    for o in &analysis.occurrences {
        check_range(text, &o.range, "occurrence");
    }
    for d in &analysis.definitions {
        check_range(text, &d.short_range, "definition short form");
        check_range(text, &d.long_range, "definition long form");
    }
    for a in &analysis.acronyms {
        check_range(text, &a.range, "acronym");
    }
    for f in &analysis.findings {
        check_range(text, &f.range, "finding");
        for r in &f.related {
            check_range(text, &r.range, "related location");
        }
        for fix in &f.fixes {
            check_range(text, &fix.range, "fix");
        }
    }
}

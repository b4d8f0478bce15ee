//! Shared by the glossary targets.

use glossary_ls::analysis::{Engine, Settings};
use glossary_ls::glossary::{GlossaryBuilder, SourceFormat, parse_source};
use glossary_ls::markup::Markup;

pub fn run(data: &[u8], format: SourceFormat) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse_source("fuzz", text, format);
    let mut builder = GlossaryBuilder::new();
    builder.add(parsed);
    let glossary = builder.build();
    for entry in glossary.entries() {
        for (name, _) in entry.names() {
            let _ = glossary.lookup(name);
            let _ = glossary.suggestions(name, 3);
        }
    }
    for problem in glossary.problems() {
        let _ = problem.to_string();
    }
    // Compile the names into a matcher and search the file's own text with it.
    let engine = Engine::new(glossary, Settings::default());
    let analysis = engine.analyze(text, Markup::Markdown);
    for o in &analysis.occurrences {
        assert!(
            text.get(o.range.clone()).is_some(),
            "occurrence {:?}",
            o.range
        );
    }
}

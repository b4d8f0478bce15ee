//! Engine throughput: glossary compile time, raw Aho-Corasick search over the same text
//! with the same patterns, and full analysis (Markdown parsing, matching, acronyms,
//! definitions, rules) — for glossaries of ~200 (built-in), 10k and 100k terms on 10 MB of
//! generated Markdown. Run with `cargo bench --bench engine`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use glossary_ls::analysis::{Engine, Settings};
use glossary_ls::glossary::{Glossary, GlossaryBuilder, SourceFormat, parse_source};
use glossary_ls::markup::Markup;
use glossary_ls::matcher::Matcher;

mod support;

const TEXT_BYTES: usize = 10 * 1024 * 1024;

fn glossaries() -> Vec<(&'static str, Glossary)> {
    let synthetic = |n: usize| {
        let mut b = GlossaryBuilder::new();
        b.add(parse_source(
            "bench.toml",
            &support::glossary_toml(n),
            SourceFormat::Toml,
        ));
        b.build()
    };
    vec![
        ("builtin", Glossary::builtin()),
        ("10k", synthetic(10_000)),
        ("100k", synthetic(100_000)),
    ]
}

fn benches(c: &mut Criterion) {
    let text = support::markdown(TEXT_BYTES);
    let glossaries = glossaries();

    let mut compile = c.benchmark_group("compile");
    compile.sample_size(10);
    for (name, glossary) in &glossaries {
        compile.bench_function(
            BenchmarkId::from_parameter(format!("{name} ({} entries)", glossary.len())),
            |b| b.iter(|| Matcher::new(glossary)),
        );
    }
    compile.finish();

    let mut search = c.benchmark_group("search-10MB");
    search.sample_size(10);
    search.throughput(Throughput::Bytes(text.len() as u64));
    for (name, glossary) in glossaries {
        // The very automata the engine searches with, run bare over the same text.
        let matcher = Matcher::new(&glossary);
        search.bench_function(BenchmarkId::new("raw-aho-corasick", name), |b| {
            b.iter(|| {
                matcher
                    .automata()
                    .map(|ac| ac.find_iter(&text).count())
                    .sum::<usize>()
            })
        });
        // The same automata searching the way the engine does: the text folded first (the
        // automata's patterns are folded, which is how they match case-insensitively).
        search.bench_function(BenchmarkId::new("folded-aho-corasick", name), |b| {
            b.iter(|| {
                let folded = Matcher::fold_text(&text);
                matcher
                    .automata()
                    .map(|ac| ac.find_iter(&folded).count())
                    .sum::<usize>()
            })
        });
        // aho-corasick as one would use it directly: every name of every entry (and its
        // plural), ASCII case-insensitive, leftmost-longest, default configuration.
        let names: Vec<String> = glossary
            .entries()
            .iter()
            .flat_map(|e| e.names().map(|(n, _)| n.to_string()).collect::<Vec<_>>())
            .flat_map(|n| {
                let plural = glossary_ls::matcher::plural_of(&n);
                std::iter::once(n).chain(plural)
            })
            .collect();
        let plain = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&names)
            .expect("names compile");
        search.bench_function(BenchmarkId::new("plain-aho-corasick", name), |b| {
            b.iter(|| plain.find_iter(&text).count())
        });
        let engine = Engine::new(glossary, Settings::default());
        search.bench_function(BenchmarkId::new("full-analysis", name), |b| {
            b.iter(|| engine.analyze(&text, Markup::Markdown).findings.len())
        });
    }
    search.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);

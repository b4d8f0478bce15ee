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

/// The glossaries measured, by name.
const GLOSSARIES: [&str; 3] = ["builtin", "10k", "100k"];

fn glossary(name: &str) -> Glossary {
    let synthetic = |n: usize| {
        let mut b = GlossaryBuilder::new();
        b.add(parse_source(
            "bench.toml",
            &support::glossary_toml(n),
            SourceFormat::Toml,
        ));
        b.build()
    };
    match name {
        "builtin" => Glossary::builtin(),
        "10k" => synthetic(10_000),
        _ => synthetic(100_000),
    }
}

fn benches(c: &mut Criterion) {
    let text = support::markdown(TEXT_BYTES);
    // One glossary alive at a time, as in a `glossary-ls` process: the heap that a 100k
    // glossary and its automata leave behind made the built-in glossary's analysis pay
    // for page faults (measured: 8 times as many, ~15% slower).
    for name in GLOSSARIES {
        let glossary = glossary(name);
        let mut compile = c.benchmark_group("compile");
        compile.sample_size(10);
        compile.bench_function(
            BenchmarkId::from_parameter(format!("{name} ({} entries)", glossary.len())),
            |b| b.iter(|| Matcher::new(&glossary)),
        );
        compile.finish();

        let mut search = c.benchmark_group("search-10MB");
        search.sample_size(10);
        search.throughput(Throughput::Bytes(text.len() as u64));
        // The baseline: aho-corasick searching the text for every name of every entry (and
        // its plural) the way the engine matches them: ASCII case-insensitive,
        // leftmost-longest, in the configuration the engine itself would pick for that
        // many patterns (a DFA, the fastest to search, up to 2,000; above, aho-corasick's
        // own choice, a contiguous NFA, as a DFA would take too long to build).
        let names: Vec<String> = glossary
            .entries()
            .iter()
            .flat_map(|e| e.names().map(|(n, _)| n.to_string()).collect::<Vec<_>>())
            .flat_map(|n| {
                let plural = glossary_ls::matcher::plural_of(&n);
                std::iter::once(n).chain(plural)
            })
            .collect();
        let kind = (names.len() <= 2_000).then_some(aho_corasick::AhoCorasickKind::DFA);
        let names_automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .kind(kind)
            .build(&names)
            .expect("names compile");
        search.bench_function(BenchmarkId::new("aho-corasick", name), |b| {
            b.iter(|| names_automaton.find_iter(&text).count())
        });
        // The engine's own automata, searching the way the engine does: the text folded
        // first (their patterns are folded, which is how they match case-insensitively
        // and only at word boundaries).
        let matcher = Matcher::new(&glossary);
        search.bench_function(BenchmarkId::new("engine-automaton-folded", name), |b| {
            b.iter(|| {
                let folded = Matcher::fold_text(&text);
                matcher
                    .automata()
                    .map(|ac| ac.find_iter(&folded).count())
                    .sum::<usize>()
            })
        });
        // A lower bound, not a search: the same automata run bare over the unfolded text.
        // Their patterns (" api ") then only meet lower-case words between spaces, so this
        // measures one automaton pass over 10 MB, finding about half the terms.
        search.bench_function(BenchmarkId::new("engine-automaton-raw", name), |b| {
            b.iter(|| {
                matcher
                    .automata()
                    .map(|ac| ac.find_iter(&text).count())
                    .sum::<usize>()
            })
        });
        let engine = Engine::new(glossary, Settings::default());
        search.bench_function(BenchmarkId::new("full-analysis", name), |b| {
            b.iter(|| engine.analyze(&text, Markup::Markdown).findings.len())
        });
        // The same on one core: what the analysis costs, whatever the machine's cores.
        let one_core = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a one-thread pool");
        search.bench_function(BenchmarkId::new("full-analysis-1-thread", name), |b| {
            b.iter(|| one_core.install(|| engine.analyze(&text, Markup::Markdown).findings.len()))
        });
        search.finish();
    }
}

criterion_group!(engine, benches);
criterion_main!(engine);

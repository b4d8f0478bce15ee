//! Where a 10 MB document's bytes go (issue 14, "memory proportional to need"), measured
//! with dhat's heap statistics: what each structure the server keeps costs once built, and
//! the peak while it is built. Run with
//! `cargo run --release --example heap_profile [MEGABYTES] [--one-line]`; it also writes
//! dhat-heap.json (allocation sites; open it in dhat's viewer, dh_view.html). `--one-line`
//! profiles the hardening issue's worst line instead of a spec: inline definitions ("Quick
//! Alpha Beta (QAB) uses QAB.") on a single line.

#[path = "../benches/support/mod.rs"]
mod support;

use glossary_ls::analysis::{Engine, PieceCache, Settings};
use glossary_ls::glossary::Glossary;
use glossary_ls::markup::Markup;
use glossary_ls::text::LineIndex;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn live() -> usize {
    dhat::HeapStats::get().curr_bytes
}

/// Inline definitions on one line, about `bytes` long.
fn one_line(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 64);
    let mut i = 0u32;
    while text.len() < bytes {
        let (a, b) = (
            char::from(b'A' + (i % 26) as u8),
            char::from(b'A' + (i / 26 % 26) as u8),
        );
        text.push_str(&format!("Quick {a}lpha {b}eta (Q{a}{b}) uses Q{a}{b}. "));
        i += 1;
    }
    text.push('\n');
    text
}

fn main() {
    let megabytes: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10);
    let _profiler = dhat::Profiler::new_heap();
    let mut rows: Vec<(String, usize)> = Vec::new();

    let before = live();
    let engine = Engine::new(Glossary::builtin(), Settings::default());
    rows.push(("engine with the built-in glossary".into(), live() - before));

    let before = live();
    let text = if std::env::args().any(|a| a == "--one-line") {
        one_line(megabytes * 1024 * 1024)
    } else {
        support::markdown(megabytes * 1024 * 1024)
    };
    rows.push(("the document's text (one String)".into(), live() - before));

    let before = live();
    let lines = LineIndex::new(&text);
    rows.push(("line index".into(), live() - before));

    let before = live();
    let peak_before = dhat::HeapStats::get().max_bytes;
    let mut cache = PieceCache::default();
    let analysis = engine.analyze_incremental(&text, Markup::Markdown, &mut cache);
    let built = live() - before;
    let peak = dhat::HeapStats::get().max_bytes.max(peak_before);

    let before_drop = live();
    let counts = (
        analysis.occurrences.len(),
        analysis.definitions.len(),
        analysis.acronyms.len(),
        analysis.findings.len(),
    );
    drop(analysis);
    let analysis_bytes = before_drop - live();
    rows.push((
        format!(
            "analysis: {} occurrences, {} definitions, {} acronym uses, {} findings",
            counts.0, counts.1, counts.2, counts.3
        ),
        analysis_bytes,
    ));
    rows.push((
        format!(
            "piece cache: {} pieces with their per-piece results",
            cache.len()
        ),
        built - analysis_bytes,
    ));

    println!(
        "{} MB Markdown document{}, built-in glossary ({} bytes of text)",
        megabytes,
        if text.lines().count() == 1 {
            " on one line"
        } else {
            ""
        },
        text.len()
    );
    println!("| structure | live bytes | per MB of text |");
    println!("|---|---|---|");
    let per_mb = |b: usize| b as f64 / (text.len() as f64 / 1e6);
    let mut total = 0;
    for (name, bytes) in &rows {
        total += bytes;
        println!(
            "| {name} | {} | {:.2} MB |",
            mb(*bytes),
            per_mb(*bytes) / 1e6
        );
    }
    println!("| total | {} | {:.2} MB |", mb(total), per_mb(total) / 1e6);
    println!("peak heap during the first analysis: {}", mb(peak));
    drop(lines);
}

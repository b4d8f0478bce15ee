//! Issue 10's speed target on real documents: the full analysis of 1 MB of each markup
//! against the same bytes analysed as Markdown ("within 2×"). For each markup, the labelled
//! sets' documents of that markup are concatenated and repeated to 1 MB; both analyses run
//! 15 times, alternated, and the medians are printed. A measurement run by hand:
//!
//!     cargo run --profile profiling --example markup_speed [DIR...]
//!
//! (by default `eval/sets`, and `eval/speed` for MDX, of which no labelled set exists).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use glossary_ls::analysis::{Engine, Settings};
use glossary_ls::glossary::Glossary;
use glossary_ls::markup::Markup;

#[path = "../benches/support/mod.rs"]
mod support;

const SIZE: usize = 1 << 20;
const RUNS: usize = 15;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let mut roots: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if roots.is_empty() {
        roots = vec!["eval/sets".into(), "eval/speed".into()];
    }
    let engine = Engine::new(Glossary::builtin(), Settings::default());
    println!("| markup | documents | its analysis (ms) | as Markdown (ms) | ratio |");
    println!("|---|---|---|---|---|");
    for (name, markup) in [
        ("reStructuredText", Markup::Restructuredtext),
        ("AsciiDoc", Markup::Asciidoc),
        ("LaTeX", Markup::Latex),
        ("MDX", Markup::Mdx),
    ] {
        let paths: Vec<PathBuf> = roots
            .iter()
            .flat_map(|r| support::documents_of(r, markup))
            .collect();
        let mut one = String::new();
        for path in &paths {
            if let Ok(text) = std::fs::read_to_string(path) {
                // LaTeX ignores what follows `\end{document}`: keep every copy in the body.
                one.push_str(&text.replace("\\end{document}", ""));
                one.push_str("\n\n");
            }
        }
        if one.trim().is_empty() {
            println!("| {name} | 0 | — | — | — |");
            continue;
        }
        let mut text = String::with_capacity(SIZE + one.len());
        while text.len() < SIZE {
            text.push_str(&one);
        }
        let mut own = Vec::with_capacity(RUNS);
        let mut markdown = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let start = Instant::now();
            std::hint::black_box(engine.analyze(&text, markup));
            own.push(start.elapsed());
            let start = Instant::now();
            std::hint::black_box(engine.analyze(&text, Markup::Markdown));
            markdown.push(start.elapsed());
        }
        let (own, markdown) = (median(own), median(markdown));
        println!(
            "| {name} | {} | {:.1} | {:.1} | {:.2} |",
            paths.len(),
            ms(own),
            ms(markdown),
            ms(own) / ms(markdown)
        );
    }
}

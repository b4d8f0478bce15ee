//! Times the prose extraction of one file read as Markdown and as AsciiDoc, alternating
//! runs, and prints the median of each: `cargo run --release --example prose_time FILE [RUNS]`.

use std::time::Instant;

use glossary_ls::markup::{Markup, Prose};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: prose_time FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(21);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let markups = [Markup::Markdown, Markup::Asciidoc];
    let mut times = vec![Vec::new(); markups.len()];
    for _ in 0..runs {
        for (i, &markup) in markups.iter().enumerate() {
            let start = Instant::now();
            let prose = Prose::new(&text, markup);
            times[i].push(start.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(prose);
        }
    }
    for (markup, mut t) in markups.iter().zip(times) {
        t.sort_by(f64::total_cmp);
        println!(
            "{markup:?}: median {:.2} ms over {runs} runs ({} bytes)",
            t[t.len() / 2],
            text.len()
        );
    }
}

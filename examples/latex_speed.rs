//! Prose extraction of 1 MB of LaTeX against the same bytes read as Markdown.
//!
//!     cargo run --release --example latex_speed -- FILE.tex...
//!
//! The files are concatenated and repeated up to 1 MB; each markup's `Prose::new` runs
//! 20 times, alternated, and the median is printed.

use std::time::{Duration, Instant};

use glossary_ls::markup::{Markup, Prose};

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let mut one = String::new();
    for path in &paths {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                one.push_str(&text);
                one.push_str("\n\n");
            }
            Err(e) => {
                eprintln!("latex_speed: {path}: {e}");
                std::process::exit(2);
            }
        }
    }
    if one.is_empty() {
        eprintln!("latex_speed: give LaTeX files");
        std::process::exit(2);
    }
    let mut text = String::with_capacity(1 << 20);
    while text.len() < 1 << 20 {
        text.push_str(&one);
    }
    let mut times = [Vec::new(), Vec::new()];
    let markups = [Markup::Latex, Markup::Markdown];
    for _ in 0..20 {
        for (i, markup) in markups.iter().enumerate() {
            let start = Instant::now();
            let prose = Prose::new(&text, *markup);
            times[i].push(start.elapsed());
            std::hint::black_box(prose);
        }
    }
    let median = |t: &mut Vec<Duration>| {
        t.sort();
        t[t.len() / 2]
    };
    let latex = median(&mut times[0]);
    let markdown = median(&mut times[1]);
    println!(
        "{} bytes: LaTeX {:.2} ms, Markdown {:.2} ms, ratio {:.2}",
        text.len(),
        latex.as_secs_f64() * 1e3,
        markdown.as_secs_f64() * 1e3,
        latex.as_secs_f64() / markdown.as_secs_f64()
    );
}

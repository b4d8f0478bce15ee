//! Prose extraction and full analysis of 1 MB of reStructuredText against the same text
//! written as Markdown (issue 10's "within 2×" target). A quick measurement, not a
//! benchmark: `cargo run --profile profiling --example rst_speed`.

use std::time::{Duration, Instant};

use glossary_ls::analysis::{Engine, Settings};
use glossary_ls::glossary::Glossary;
use glossary_ls::markup::{Markup, Prose};

/// One section in both markups, with the same prose: a heading, paragraphs with inline
/// code, links and emphasis, a list, a literal block, a table and an admonition.
fn section(n: usize) -> (String, String) {
    let para = format!(
        "The gateway in region {n} forwards each request to the DLQ when the upstream API \
         times out; see the *retry policy* for how the SLA is kept and how a Recovery Point \
         Objective (RPO) is measured across zones."
    );
    let rst = format!(
        "Section {n}\n==========\n\n{para}\n\nCall ``retry_{n}()`` or read `the guide <https://example.com/g{n}>`_ \
         before you page the on-call team.\n\n- first item with ``code``\n- second item about the TTL\n\n\
         Example::\n\n    let x = QQA_{n};\n    call(x)\n\n=====  ==========\nName   Meaning\n=====  ==========\nDLQ    dead letter queue\n=====  ==========\n\n\
         .. note:: The queue drains every hour.\n\n"
    );
    let md = format!(
        "## Section {n}\n\n{para}\n\nCall `retry_{n}()` or read [the guide](https://example.com/g{n}) \
         before you page the on-call team.\n\n- first item with `code`\n- second item about the TTL\n\n\
         Example:\n\n```\nlet x = QQA_{n};\ncall(x)\n```\n\n| Name | Meaning |\n|---|---|\n| DLQ | dead letter queue |\n\n\
         > The queue drains every hour.\n\n"
    );
    (rst, md)
}

fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let (mut rst, mut md) = (String::new(), String::new());
    let mut n = 0;
    while rst.len() < 1024 * 1024 {
        let (r, m) = section(n);
        rst.push_str(&r);
        md.push_str(&m);
        n += 1;
    }
    let engine = Engine::new(Glossary::builtin(), Settings::default());
    let runs = 15;
    for (name, text, markup) in [
        ("Markdown", &md, Markup::Markdown),
        ("reST", &rst, Markup::Restructuredtext),
    ] {
        let prose = best(runs, || {
            std::hint::black_box(Prose::new(text, markup));
        });
        let analysis = best(runs, || {
            std::hint::black_box(engine.analyze(text, markup));
        });
        println!(
            "{name:9} {:>8} bytes  Prose::new {:>7.2} ms  analyze {:>7.2} ms",
            text.len(),
            prose.as_secs_f64() * 1e3,
            analysis.as_secs_f64() * 1e3
        );
    }
}

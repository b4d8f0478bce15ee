//! The language server as an editor meets it: the real release binary over a pipe, timed
//! end to end (request written → answer read). Reports medians. Run with
//! `cargo bench --bench lsp`.
//!
//! - one-character edit of a 1 MB Markdown document → `publishDiagnostics` for that version;
//! - hover and completion on that document;
//! - opening a 10 MB document → its first diagnostics;
//! - idle memory with the built-in glossary; a 100k-term glossary: time to first
//!   diagnostics and memory.

#[path = "../tests/lsp_support/mod.rs"]
mod lsp_support;
mod support;

use std::time::{Duration, Instant};

use lsp_support::{Client, push_capabilities, with_lazy_documentation};
use serde_json::{Value, json};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn start_server(dir: &std::path::Path) -> Client {
    let mut client = Client::spawn(dir, &[]);
    client.initialize(dir, push_capabilities(&["utf-16"]), Value::Null);
    client
}

/// (line, character) positions of `needle` in `text`, UTF-16 columns (ASCII text here).
fn positions_of(text: &str, needle: &str, limit: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (line, content) in text.lines().enumerate() {
        if content.starts_with("```") || content.starts_with('{') || content.starts_with(' ') {
            continue;
        }
        if let Some(col) = content.find(needle) {
            out.push((line, col));
            if out.len() == limit {
                break;
            }
        }
    }
    out
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();

    // Idle memory with the built-in glossary.
    let mut client = start_server(root);
    client.drain(Duration::from_millis(300));
    println!(
        "idle memory, built-in glossary: {:.1} MB RSS (target < 30 MB)",
        rss_mb(client.pid())
    );

    // A 1 MB document: edits, hover, completion.
    let text = support::markdown(1024 * 1024);
    let uri = format!("{}/one-mb.md", lsp_support::file_uri(root));
    let opened = Instant::now();
    client.open(&uri, "markdown", &text);
    client.diagnostics(&uri, 1);
    println!("open 1 MB → first diagnostics: {}", ms(opened.elapsed()));
    let mut hovers = Vec::new();
    for (line, character) in positions_of(&text, " API ", 200) {
        let start = Instant::now();
        let hover = client.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character + 2}}));
        hovers.push(start.elapsed());
        assert!(!hover.is_null());
    }
    println!(
        "1 MB document, hover: median {} over {} requests (target ≤ 1 ms)",
        ms(median(hovers.clone())),
        hovers.len()
    );

    let complete = |client: &mut Client| {
        let mut times = Vec::new();
        for (line, character) in positions_of(&text, "the ", 200) {
            let start = Instant::now();
            let list = client.request("textDocument/completion", json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character + 3}}));
            times.push(start.elapsed());
            assert!(list["items"].is_array());
        }
        times
    };
    let completions = complete(&mut client);
    println!(
        "1 MB document, completion, documentation in the items (Neovim): median {} over {} requests (target ≤ 1 ms)",
        ms(median(completions.clone())),
        completions.len()
    );
    // A client that fetches an item's documentation when it shows it, as VS Code does.
    let mut lazy = Client::spawn(root, &[]);
    lazy.initialize(
        root,
        with_lazy_documentation(push_capabilities(&["utf-16"])),
        Value::Null,
    );
    lazy.open(&uri, "markdown", &text);
    lazy.diagnostics(&uri, 1);
    let completions = complete(&mut lazy);
    println!(
        "1 MB document, completion, documentation on demand (VS Code): median {} over {} requests (target ≤ 1 ms)",
        ms(median(completions.clone())),
        completions.len()
    );
    drop(lazy);
    let lines: Vec<&str> = text.lines().collect();
    let mut edits = Vec::new();
    for version in 2..=101i64 {
        // Type one character in the middle of a prose line somewhere in the document.
        let line = (version as usize * 7919) % lines.len();
        let line = (line..lines.len())
            .find(|&l| lines[l].len() > 20 && !lines[l].starts_with(['`', '{', ' ', '#', '-']))
            .unwrap_or(0);
        let start = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": {"line": line, "character": 10}, "end": {"line": line, "character": 10}}, "text": "x"}]}),
        );
        client.diagnostics(&uri, version);
        edits.push(start.elapsed());
    }
    println!(
        "1 MB document, one-character edit → publishDiagnostics: median {} over {} edits (target ≤ 5 ms)",
        ms(median(edits.clone())),
        edits.len()
    );

    drop(client);

    // Opening a 10 MB document.
    let big = support::markdown(10 * 1024 * 1024);
    let mut opens = Vec::new();
    for run in 0..3 {
        let mut client = start_server(root);
        let uri = format!("{}/ten-mb-{run}.md", lsp_support::file_uri(root));
        let start = Instant::now();
        client.open(&uri, "markdown", &big);
        client.diagnostics(&uri, 1);
        opens.push(start.elapsed());
        if run == 2 {
            println!(
                "memory with the 10 MB document open: {:.1} MB RSS",
                rss_mb(client.pid())
            );
        }
    }
    println!(
        "open 10 MB → first diagnostics: median {} over 3 runs (target < 300 ms)",
        ms(median(opens))
    );

    // A 100k-term glossary.
    let project = root.join("big-glossary");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(project.join("terms.toml"), support::glossary_toml(100_000)).unwrap();
    std::fs::write(
        project.join("glossary-ls.toml"),
        "[glossary]\nsources = [\"terms.toml\"]\n",
    )
    .unwrap();
    let mut ready = Vec::new();
    for run in 0..3 {
        let start = Instant::now();
        let mut client = start_server(&project);
        let uri = format!("{}/doc-{run}.md", lsp_support::file_uri(&project));
        client.open(&uri, "markdown", "The API and the DLQ.\n");
        client.diagnostics(&uri, 1);
        ready.push(start.elapsed());
        if run == 2 {
            client.drain(Duration::from_millis(200));
            println!(
                "100k-term glossary: {:.1} MB RSS (target < 300 MB)",
                rss_mb(client.pid())
            );
            let start = Instant::now();
            let list = client.request(
                "textDocument/completion",
                json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}}),
            );
            println!(
                "100k-term glossary: completion {} with {} items, isIncomplete {}",
                ms(start.elapsed()),
                list["items"].as_array().map_or(0, Vec::len),
                list["isIncomplete"]
            );
        }
    }
    println!(
        "100k-term glossary: start → first diagnostics median {} over 3 runs (target < 1 s)",
        ms(median(ready))
    );
}

//! The workspace features over 10,000 generated documents (~100 MB, written by
//! `scripts/workspace_tree.py`; an existing tree may be named: `cargo bench --bench
//! workspace -- /tmp/hvbench/tree`). The real release server over a pipe: the index built
//! in the background (time to the end of its progress, memory), references and rename of a
//! glossary acronym used across the tree, typing in one of its documents; in process: one
//! document's index update and the glossary health computed over the index. Reports medians.

#[path = "../tests/lsp_support/mod.rs"]
mod lsp_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use glossary_ls::analysis::Engine;
use glossary_ls::glossary::{GlossaryBuilder, SourceFormat, parse_source};
use glossary_ls::glossary_health;
use glossary_ls::markup::Markup;
use glossary_ls::workspace_index::{DocumentEntry, WorkspaceIndex};
use lsp_support::{Client, file_uri, pull_capabilities};
use serde_json::{Value, json};

/// The glossary written into the tree: CAAX is one of the tree's 300 acronyms (used in
/// about one document in twenty); the other entry is there to be left alone.
const GLOSSARY: &str = "[[entries]]\nterm = \"CAAX\"\nexpansion = \"charlie alpha alpha xenon\"\nsummary = \"A benchmark acronym.\"\n\n[[entries]]\nterm = \"widget\"\nsummary = \"A part.\"\n";

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// VmRSS and VmHWM (peak) of a process, in MB.
fn memory_mb(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn documents(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read the tree").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn main() {
    let given = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from);
    let scratch = tempfile::tempdir().expect("temp dir");
    let tree = match given {
        Some(tree) => tree,
        None => {
            let tree = scratch.path().join("tree");
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/workspace_tree.py");
            let status = std::process::Command::new("python3")
                .arg(&script)
                .arg(&tree)
                .status()
                .expect("python3 runs scripts/workspace_tree.py");
            assert!(status.success(), "scripts/workspace_tree.py failed");
            tree
        }
    };
    std::fs::create_dir_all(tree.join("glossary")).expect("glossary folder");
    std::fs::write(tree.join("glossary/glossary.toml"), GLOSSARY).expect("glossary");
    let files = documents(&tree);
    println!("tree: {} ({} documents)", tree.display(), files.len());

    server(&tree, &files);
    index_update(&files);
}

/// The server on the tree: index build, memory, references, rename, typing.
fn server(tree: &Path, files: &[PathBuf]) {
    let mut builds = Vec::new();
    let mut memory = (0.0, 0.0);
    let mut client = None;
    for run in 0..3 {
        let started = Instant::now();
        let mut c = Client::spawn(tree, &[]);
        c.initialize(tree, pull_capabilities(&["utf-16"]), Value::Null);
        let created = c.wait_server_request("window/workDoneProgress/create");
        let token = created["token"].clone();
        let end = c.wait_notification("$/progress", |p| {
            p["token"] == token && p["value"]["kind"] == "end"
        });
        builds.push(started.elapsed());
        memory = memory_mb(c.pid());
        println!(
            "index build {}: {} ({}), {:.0} MB resident, {:.0} MB peak",
            run + 1,
            ms(started.elapsed()),
            end["value"]["message"].as_str().unwrap_or(""),
            memory.0,
            memory.1
        );
        client = Some(c);
    }
    let mut client = client.expect("a server");
    println!(
        "index of {} documents: median {} (target < 3 s), {:.0} MB resident after, {:.0} MB peak (target < 300 MB)",
        files.len(),
        ms(median(builds)),
        memory.0,
        memory.1
    );

    // A document that uses CAAX, opened; the position of its first bare use.
    let (path, text, line, character) = files
        .iter()
        .find_map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            let (line, content) = text
                .lines()
                .enumerate()
                .find(|(_, l)| l.contains("the CAAX runs"))?;
            let character = content.find("CAAX")?;
            Some((path.clone(), text, line, character))
        })
        .expect("a document using CAAX");
    let uri = file_uri(&path);
    client.open(&uri, "markdown", &text);
    let at = json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character + 1}});

    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..10 {
        let mut params = at.clone();
        params["context"] = json!({"includeDeclaration": true});
        let start = Instant::now();
        let refs = client.request("textDocument/references", params);
        times.push(start.elapsed());
        found = refs.as_array().map_or(0, Vec::len);
    }
    println!(
        "references to CAAX: median {} over 10 requests, {found} locations (target < 200 ms)",
        ms(median(times))
    );

    let mut times = Vec::new();
    let mut files_edited = 0;
    let mut edits = 0;
    for _ in 0..5 {
        let mut params = at.clone();
        params["newName"] = json!("CAAZ");
        let start = Instant::now();
        let edit = client.request("textDocument/rename", params);
        times.push(start.elapsed());
        let changes = edit["changes"].as_object().cloned().unwrap_or_default();
        files_edited = changes.len();
        edits = changes
            .values()
            .map(|e| e.as_array().map_or(0, Vec::len))
            .sum();
    }
    println!(
        "rename CAAX → CAAZ: median {} over 5 requests, {edits} edits in {files_edited} files (target < 200 ms)",
        ms(median(times))
    );

    // Typing in the open document: each edit re-analyses it and updates its index entry.
    let mut times = Vec::new();
    for k in 0..30 {
        let version = 2 + k;
        let at = json!({"line": line, "character": 0});
        let start = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": at, "end": at}, "text": "x"}]}),
        );
        client.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        );
        times.push(start.elapsed());
    }
    println!(
        "typing in a document of the indexed tree → its diagnostics: median {}",
        ms(median(times))
    );
    client.shutdown_and_exit();
}

/// In process: the index of the tree, and the cost of replacing one document's entry.
fn index_update(files: &[PathBuf]) {
    let mut builder = GlossaryBuilder::new().builtin();
    builder.add(parse_source("glossary.toml", GLOSSARY, SourceFormat::Toml));
    let engine = Engine::new(builder.build(), Default::default());
    let entries: Vec<(PathBuf, DocumentEntry)> = files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("read a document");
            let analysis = engine.analyze(&text, Markup::Markdown);
            (path.clone(), DocumentEntry::from_analysis(&analysis))
        })
        .collect();
    let start = Instant::now();
    let mut index = WorkspaceIndex::build(entries.iter().cloned());
    println!(
        "in process: WorkspaceIndex::build of {} entries: {}",
        entries.len(),
        ms(start.elapsed())
    );
    // Glossary health, as the server computes it after index changes (holding the index).
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..10 {
        let everywhere = |_: &Path| true;
        let show = |p: &Path| p.display().to_string();
        let start = Instant::now();
        let unused = glossary_health::unused_entries(engine.glossary(), &index, &everywhere);
        let candidates = glossary_health::candidates(
            engine.glossary(),
            &index,
            None,
            Path::new("glossary.toml"),
            &show,
        );
        times.push(start.elapsed());
        found = unused.len() + candidates.len();
    }
    println!(
        "in process: glossary health over the index ({found} problems): median {}",
        ms(median(times))
    );
    // One document typed in: its entry alternates between two versions.
    let (path, before) = &entries[entries.len() / 2];
    let other = &entries[entries.len() / 3].1;
    let mut times = Vec::new();
    for k in 0..400 {
        let entry = if k % 2 == 0 { other } else { before }.clone();
        let path = path.clone();
        let start = Instant::now();
        index.replace(path, entry);
        times.push(start.elapsed());
    }
    println!(
        "in process: one document's index update (replace): median {} over 400 (target < 5 ms)",
        ms(median(times))
    );
}

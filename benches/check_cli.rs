//! `glossary-ls check` on a 10 MB Markdown file with the built-in glossary, timed as a
//! user would time it: the real release binary, wall clock and peak memory (max RSS), over
//! repeated runs. Run with `cargo bench --bench check_cli`; prints medians.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;

const RUNS: usize = 11;

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("spec.md");
    std::fs::write(&file, support::markdown(10 * 1024 * 1024)).expect("write the document");
    let binary = env!("CARGO_BIN_EXE_glossary-ls");

    // One warm-up run (page cache, binary loading), then the measured ones.
    run(binary, &file, "human");
    for format in ["human", "json"] {
        let mut times: Vec<Duration> = (0..RUNS).map(|_| run(binary, &file, format)).collect();
        times.sort();
        let median = times[RUNS / 2];
        println!(
            "check 10 MB ({format}): median {:.1} ms, min {:.1} ms, max {:.1} ms over {RUNS} runs",
            median.as_secs_f64() * 1e3,
            times[0].as_secs_f64() * 1e3,
            times[RUNS - 1].as_secs_f64() * 1e3,
        );
    }
    println!(
        "peak memory (max RSS of any run): {:.1} MB",
        max_child_rss_kb() as f64 / 1024.0
    );
    println!("targets: median under 500 ms, peak memory under 100 MB");
}

fn run(binary: &str, file: &Path, format: &str) -> Duration {
    let start = Instant::now();
    let status = Command::new(binary)
        .args(["check", "--fail-on", "never", "--format", format])
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run glossary-ls");
    let elapsed = start.elapsed();
    assert!(status.success(), "glossary-ls check failed: {status}");
    elapsed
}

/// The largest resident set of any child waited for so far, in KiB (Linux reports KiB).
fn max_child_rss_kb() -> i64 {
    // SAFETY: getrusage only writes into the struct we pass.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage.ru_maxrss
    }
}

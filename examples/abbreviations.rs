//! Prints the definitions the engine finds in plain text, as `SF|LF` lines.
//!
//! `cargo run --example abbreviations [FILE]` reads FILE (or stdin). With
//! `--records`, the input is records separated by lines holding only `%%`: each record is
//! analysed alone and its pairs are printed after a `## N` line (N counts from 1). Used by
//! `eval/med1250.py`.

use std::io::Read;
use std::process::ExitCode;

use glossary_ls::definitions::find_definitions;
use glossary_ls::markup::{Markup, Prose};

fn main() -> ExitCode {
    let mut records = false;
    let mut path = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--records" => records = true,
            "-h" | "--help" => {
                eprintln!("usage: abbreviations [--records] [FILE]");
                return ExitCode::SUCCESS;
            }
            _ => path = Some(arg),
        }
    }
    let mut input = String::new();
    let read = match &path {
        Some(p) => std::fs::read_to_string(p).map(|s| input = s),
        None => std::io::stdin().read_to_string(&mut input).map(|_| ()),
    };
    if let Err(e) = read {
        eprintln!(
            "abbreviations: cannot read {}: {e}",
            path.as_deref().unwrap_or("stdin")
        );
        return ExitCode::FAILURE;
    }
    let mut out = String::new();
    let pairs = |text: &str, out: &mut String| {
        let prose = Prose::new(text, Markup::Plaintext);
        for d in find_definitions(&prose) {
            out.push_str(&format!("{}|{}\n", d.short, d.long));
        }
    };
    if records {
        for (n, record) in input.split("\n%%\n").enumerate() {
            out.push_str(&format!("## {}\n", n + 1));
            pairs(record, &mut out);
        }
    } else {
        pairs(&input, &mut out);
    }
    print!("{out}");
    ExitCode::SUCCESS
}

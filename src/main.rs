use std::process::ExitCode;

use clap::Parser;
use glossary_ls::cli::{Cli, run};

fn main() -> ExitCode {
    run(Cli::parse())
}

//! `glossary-ls export`: the loaded glossary (the project's sources, not the built-in
//! entries) in another format, on stdout or in a file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{CliError, GlobalArgs};
use crate::glossary::export::{ExportFormat, export};
use crate::glossary::{BUILTIN_GLOSSARY_NAME, Entry};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format to write.
    #[arg(long, value_enum, default_value_t = FormatArg::Toml)]
    format: FormatArg,
    /// Write to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The language of the TBX language sections (`xml:lang`).
    #[arg(long, default_value = "en")]
    language: String,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FormatArg {
    Toml,
    Json,
    Markdown,
    Csv,
    Tbx,
}

pub fn run(global: &GlobalArgs, args: ExportArgs) -> Result<ExitCode, CliError> {
    let project = global.project_here()?;
    let glossary = project.engine.glossary();
    for problem in glossary.problems() {
        eprintln!("glossary-ls: warning: {problem}");
    }
    let builtin = BUILTIN_GLOSSARY_NAME;
    let entries: Vec<&Entry> = glossary
        .entries()
        .iter()
        .filter(|e| &*e.origin.source != builtin)
        .collect();
    let format = match args.format {
        FormatArg::Toml => ExportFormat::Toml,
        FormatArg::Json => ExportFormat::Json,
        FormatArg::Markdown => ExportFormat::Markdown,
        FormatArg::Csv => ExportFormat::Csv,
        FormatArg::Tbx => ExportFormat::Tbx,
    };
    let text = export(&entries, format, &args.language)
        .map_err(|e| CliError::Usage(format!("cannot write the glossary: {e}")))?;
    match &args.output {
        Some(path) => {
            if project.is_glossary_file(path) {
                return Err(CliError::Usage(format!(
                    "{} is a glossary this export reads: write to another file",
                    path.display()
                )));
            }
            std::fs::write(path, text)
                .map_err(|e| CliError::Usage(format!("cannot write {}: {e}", path.display())))?;
            eprintln!(
                "glossary-ls: wrote {} entries to {}",
                entries.len(),
                path.display()
            );
        }
        None => super::write_stdout(|out| out.write_all(text.as_bytes()))?,
    }
    Ok(ExitCode::SUCCESS)
}

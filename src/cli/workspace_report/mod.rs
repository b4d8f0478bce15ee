//! `glossary-ls report`: what the documents of a tree say with the glossary and leave
//! unsaid, as Markdown, JSON or one self-contained HTML page ([`crate::workspace_report`]
//! computes it; `markdown` and `html` render it). Walks the files `check` would walk; each
//! analysis is reduced to its document's facts at once.

mod html;
mod markdown;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use super::{CliError, GlobalArgs};
use crate::project::display_path;
use crate::workspace_report::{DocumentFacts, Report};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Files and folders to report on (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    /// Write the report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Markdown,
    Html,
    Json,
}

pub fn run(global: &GlobalArgs, args: ReportArgs) -> Result<ExitCode, CliError> {
    let (paths, mut projects, jobs) = super::tree::jobs(global, &args.paths, "report")?;
    let documents: Vec<DocumentFacts> = jobs
        .par_iter()
        .filter_map(|job| {
            let document = super::tree::read_or_warn(job)?;
            let engine = &job.project.engine;
            let analysis = engine.analyze(&document.text, document.markup);
            Some(DocumentFacts::new(
                display_path(&job.path),
                &document.text,
                document.markup,
                engine,
                &analysis,
            ))
        })
        .collect();
    // The glossary of the project the first path belongs to.
    let project = projects.for_dir(super::tree::first_folder(&paths))?;
    let report = Report::new(documents, &project.engine);
    let rendered = match args.format {
        ReportFormat::Markdown => markdown::render(&report),
        ReportFormat::Html => html::render(&report),
        ReportFormat::Json => {
            let mut json = serde_json::to_string_pretty(&report)
                .map_err(|e| CliError::Usage(format!("cannot write the report: {e}")))?;
            json.push('\n');
            json
        }
    };
    match &args.output {
        Some(path) => std::fs::write(path, rendered)
            .map_err(|e| CliError::Usage(format!("cannot write {}: {e}", path.display())))?,
        None => super::write_stdout(|out| out.write_all(rendered.as_bytes()))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// "a.md, b.md, c.md and 4 more": the first few of a list.
fn first_few(items: &[String], shown: usize) -> String {
    let head = items[..items.len().min(shown)].join(", ");
    match items.len().saturating_sub(shown) {
        0 => head,
        more => format!("{head} and {more} more"),
    }
}

//! What the commands that read a whole tree (`harvest`, `report`) share: the files `check`
//! would walk, with their projects, and each file read or warned about.

use std::path::{Path, PathBuf};

use super::check::{Document, Job, Projects, Skip, collect_jobs, read_document};
use super::{CliError, GlobalArgs};
use crate::project::display_path;

/// The files below `paths` (default `.`; never stdin, which `command` cannot read twice)
/// walked as `check` walks them, with the projects they belong to. Folders that could not
/// be read are warned about; configuration errors stop the command.
pub(super) fn jobs<'g>(
    global: &'g GlobalArgs,
    paths: &[PathBuf],
    command: &str,
) -> Result<(Vec<PathBuf>, Projects<'g>, Vec<Job>), CliError> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    if paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(CliError::Usage(format!(
            "{command} reads files and folders, not stdin"
        )));
    }
    let mut projects = Projects::new(global);
    let (jobs, unreadable) = collect_jobs(&paths, None, &mut projects)?;
    let config_errors = projects.config_errors();
    if !config_errors.is_empty() {
        return Err(CliError::Config(crate::config::ConfigErrors(config_errors)));
    }
    for report in &unreadable {
        if let Some(reason) = &report.skipped {
            eprintln!("glossary-ls: warning: {}: {reason}", report.path);
        }
    }
    Ok((paths, projects, jobs))
}

/// A job's document; `None` when it is skipped (binary, not UTF-8), with a warning when it
/// could not be read at all.
pub(super) fn read_or_warn(job: &Job) -> Option<Document> {
    match read_document(job) {
        Ok(document) => Some(document),
        Err(Skip { reason, failed }) => {
            if failed {
                eprintln!(
                    "glossary-ls: warning: {}: {reason}",
                    display_path(&job.path)
                );
            }
            None
        }
    }
}

/// The folder whose project speaks for the command: the first path's (its parent for a
/// file).
pub(super) fn first_folder(paths: &[PathBuf]) -> &Path {
    paths
        .first()
        .map(|p| {
            if p.is_dir() {
                p.as_path()
            } else {
                p.parent().unwrap_or(Path::new("."))
            }
        })
        .unwrap_or(Path::new("."))
}

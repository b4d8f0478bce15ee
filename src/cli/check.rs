//! `glossary-ls check`: walk files like ripgrep, analyse them in parallel, report.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use super::report::{self, Diagnostic, FileReport, Summary};
use super::{CliError, FailOn, GlobalArgs};
use crate::config::Config;
use crate::conflicts::Expansions;
use crate::glossary_health;
use crate::markup::Markup;
use crate::project::{Project, display_path};
use crate::rules::{Rule, Severity};
use crate::workspace_index::{DocumentEntry, WorkspaceIndex};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and folders to check (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with status 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// With `-` as a path: the name of the document read from stdin, for its markup, the
    /// configuration that applies and the path in the output.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Report only findings this baseline file does not record (see --write-baseline).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every finding of this run in FILE, to adopt glossary-ls on a repository
    /// that already has findings; exits 0 unless a file could not be read.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Colours in the human output: `auto` uses them in a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only the summary line (and errors) in the human output.
    #[arg(long, short)]
    pub quiet: bool,
    /// Exit with status 1 only when there are more than N warnings (errors still count).
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// Apply the safe fixes (expand a glossary acronym's first use, a term's case, the
    /// replacement of a deprecated or forbidden term) and report what remains.
    #[arg(long)]
    pub fix: bool,
    /// With --fix: print the fixes as a unified diff instead of writing them; exit 1 when
    /// there is one.
    #[arg(long, requires = "fix")]
    pub diff: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour stdout: `auto` means a terminal, NO_COLOR unset or empty
    /// (no-color.org), and a terminal that is not `dumb`.
    fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Compiler-style text for people.
    Human,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// reviewdog's diagnostic format, one JSON object a line.
    Rdjsonl,
}

/// One file to check and the project it belongs to.
pub(super) struct Job {
    /// The path shown (for stdin, `--stdin-filename` or `<stdin>`).
    pub(super) path: PathBuf,
    pub(super) from_stdin: bool,
    pub(super) project: Arc<Project>,
}

/// What stdin is called in the output when `--stdin-filename` does not name it.
const STDIN_NAME: &str = "<stdin>";

pub fn run(global: &GlobalArgs, args: CheckArgs) -> Result<ExitCode, CliError> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    if args.stdin_filename.is_some() && !paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(CliError::Usage(
            "--stdin-filename names the document read from stdin: add `-` to the paths".to_string(),
        ));
    }
    if args.fix && !args.diff && paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(CliError::Usage(
            "--fix cannot write back to stdin: use --fix --diff to see the fixes".to_string(),
        ));
    }
    let mut projects = Projects::new(global);
    let (jobs, mut unreadable) =
        collect_jobs(&paths, args.stdin_filename.as_deref(), &mut projects)?;

    let fix = match (args.fix, args.diff) {
        (false, _) => FixMode::Off,
        (true, false) => FixMode::Write,
        (true, true) => FixMode::Diff,
    };
    let progress = progress_bar(jobs.len(), args.format);
    let checked: Vec<Checked> = jobs
        .par_iter()
        .map(|job| {
            let checked = check_file(job, fix);
            progress.inc(1);
            checked
        })
        .collect();
    progress.finish_and_clear();
    let (mut reports, health) = if fix == FixMode::Diff {
        // Only the diffs are printed.
        (checked.into_iter().map(|c| c.report).collect(), Vec::new())
    } else {
        with_workspace_findings(&jobs, checked)
    };

    let mut glossary_reports = projects.glossary_reports(&health);
    glossary_reports.append(&mut reports);
    // Folders the walk could not read count as files that could not be read; special files
    // it found, as skipped files.
    let unreadable_folders = unreadable.len();
    glossary_reports.append(&mut unreadable);
    let mut reports = glossary_reports;

    let mut summary = Summary {
        files: jobs.len() + unreadable_folders,
        ..Summary::default()
    };
    if let Some(path) = &args.write_baseline {
        let written = super::baseline::write(path, &reports).map_err(CliError::Usage)?;
        eprintln!(
            "glossary-ls: note: wrote {written} finding{} to the baseline {}",
            if written == 1 { "" } else { "s" },
            path.display()
        );
    }
    if let Some(path) = &args.baseline {
        let applied = super::baseline::apply(path, &mut reports).map_err(CliError::Usage)?;
        if args.format == Format::Human && !args.quiet && (applied.known > 0 || applied.gone > 0) {
            eprintln!(
                "glossary-ls: note: {} finding{} left out as recorded in {}",
                applied.known,
                if applied.known == 1 { "" } else { "s" },
                path.display()
            );
            if applied.gone > 0 {
                eprintln!(
                    "glossary-ls: note: {} recorded finding{} no longer occur{}: run with --write-baseline {} to tighten it",
                    applied.gone,
                    if applied.gone == 1 { "" } else { "s" },
                    if applied.gone == 1 { "s" } else { "" },
                    path.display()
                );
            }
        }
        summary.baseline = Some(applied);
    }
    for report in &reports {
        if let Some(reason) = &report.skipped {
            if report.failed {
                summary.failed += 1;
                eprintln!("glossary-ls: error: {}: {reason}", report.path);
            } else {
                summary.skipped += 1;
                if args.format == Format::Human && !args.quiet {
                    eprintln!("glossary-ls: note: {}: skipped: {reason}", report.path);
                }
            }
        }
        for d in &report.diagnostics {
            summary.count(d.severity);
        }
    }
    summary.files -= summary.skipped + summary.failed;
    // A broken configuration or glossary is reported (the documents are still checked, with
    // what loaded) and makes the run exit 2, whatever the findings.
    let config_errors = projects.config_errors();
    super::print_config_errors(&config_errors);
    let broken = !config_errors.is_empty()
        || reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .any(|d| d.rule.parse::<Rule>().is_ok_and(Rule::breaks_glossary));

    let fixed_files = reports.iter().filter(|r| r.fixes > 0).count();
    let fixes: usize = reports.iter().map(|r| r.fixes).sum();
    if fix == FixMode::Diff {
        super::write_stdout(|out| {
            for diff in reports.iter().filter_map(|r| r.diff.as_deref()) {
                out.write_all(diff.as_bytes())?;
            }
            Ok(())
        })?;
        eprintln!(
            "glossary-ls: {fixes} fix{} in {fixed_files} file{} (not written: --diff)",
            if fixes == 1 { "" } else { "es" },
            if fixed_files == 1 { "" } else { "s" },
        );
        let code = if summary.failed > 0 || broken {
            super::EXIT_USAGE
        } else {
            u8::from(fixes > 0)
        };
        return Ok(ExitCode::from(code));
    }
    if fix == FixMode::Write && !args.quiet {
        eprintln!(
            "glossary-ls: note: applied {fixes} fix{} in {fixed_files} file{}",
            if fixes == 1 { "" } else { "es" },
            if fixed_files == 1 { "" } else { "s" },
        );
    }

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        Format::Human => {
            let style = report::HumanStyle {
                color: args.color.enabled(),
                quiet: args.quiet,
            };
            report::print_human(&mut out, &reports, &summary, style)
        }
        Format::Json => report::print_json(&mut out, &reports, &summary),
        Format::Sarif => super::formats::print_sarif(&mut out, &reports, &summary),
        Format::Github => super::formats::print_github(&mut out, &reports, &summary),
        Format::Rdjsonl => super::formats::print_rdjsonl(&mut out, &reports),
    };
    if let Err(e) = written.and_then(|_| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(CliError::Usage(format!("cannot write output: {e}")));
    }

    if summary.failed > 0 || broken {
        return Ok(ExitCode::from(super::EXIT_USAGE));
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Hint => Some(Severity::Hint),
        FailOn::Never => None,
    };
    // With --max-warnings, warnings fail the run only past that many.
    let warnings_tolerated = args.max_warnings.is_some_and(|n| summary.warnings <= n);
    let failing = args.write_baseline.is_none()
        && threshold.is_some_and(|t| {
            reports.iter().flat_map(|r| &r.diagnostics).any(|d| {
                d.severity >= t && !(d.severity == Severity::Warning && warnings_tolerated)
            })
        });
    Ok(ExitCode::from(u8::from(failing)))
}

/// Glossary lines longer than this (in bytes) are shown in a window around each problem.
const LONG_LINE: usize = 1000;

/// Projects by configuration file, loaded once each.
pub(super) struct Projects<'a> {
    global: &'a GlobalArgs,
    by_config: HashMap<Option<PathBuf>, Arc<Project>>,
    config_of_dir: HashMap<PathBuf, Option<PathBuf>>,
}

impl<'a> Projects<'a> {
    pub(super) fn new(global: &'a GlobalArgs) -> Projects<'a> {
        Projects {
            global,
            by_config: HashMap::new(),
            config_of_dir: HashMap::new(),
        }
    }

    /// The project a file in `dir` belongs to: `--config`, else the nearest glossary-ls.toml.
    pub(super) fn for_dir(&mut self, dir: &Path) -> Result<Arc<Project>, CliError> {
        let config = match &self.global.config {
            Some(path) => Some(path.clone()),
            None => {
                let dir = if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                };
                match self.config_of_dir.get(dir) {
                    Some(found) => found.clone(),
                    None => {
                        let absolute =
                            std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
                        let found = Config::discover(&absolute).map(|p| relative_if_below_cwd(&p));
                        self.config_of_dir.insert(dir.to_path_buf(), found.clone());
                        found
                    }
                }
            }
        };
        if let Some(project) = self.by_config.get(&config) {
            return Ok(project.clone());
        }
        let project = Arc::new(Project::load(
            config.as_deref(),
            Path::new("."),
            &self.global.overrides(),
        )?);
        self.by_config.insert(config, project.clone());
        Ok(project)
    }

    /// The configuration errors of every loaded project, each once.
    pub(super) fn config_errors(&self) -> Vec<crate::config::ConfigError> {
        let mut projects: Vec<&Arc<Project>> = self.by_config.values().collect();
        projects.sort_by(|a, b| a.config_path.cmp(&b.config_path));
        let mut seen = HashSet::new();
        projects
            .into_iter()
            .flat_map(|p| &p.config_errors)
            .filter(|e| seen.insert(e.to_string()))
            .cloned()
            .collect()
    }

    /// Glossary problems of every loaded project, one report per glossary file.
    fn glossary_reports(&self, health: &Health) -> Vec<FileReport> {
        let mut by_file: Vec<FileReport> = Vec::new();
        let mut seen = HashSet::new();
        // Each glossary file's lines, read once: re-reading and re-scanning the file for every
        // problem cost O(problems × file size). Now O(file size) per file, then O(1) a line.
        let mut files: HashMap<String, Option<Vec<String>>> = HashMap::new();
        let mut char_starts: HashMap<(String, usize), Vec<usize>> = HashMap::new();
        let mut projects: Vec<&Arc<Project>> = self.by_config.values().collect();
        projects.sort_by(|a, b| a.config_path.cmp(&b.config_path));
        for project in projects {
            let severities = &project.engine.settings().severities;
            let found = health
                .iter()
                .filter(|(p, _)| Arc::ptr_eq(p, project))
                .flat_map(|(_, problems)| problems);
            for problem in project.engine.glossary().problems().iter().chain(found) {
                let rule: Rule = problem
                    .kind
                    .rule_id()
                    .parse()
                    .expect("glossary problem kinds are rules");
                let Some(severity) = severities.get(rule) else {
                    continue;
                };
                if !seen.insert(problem.to_string()) {
                    continue;
                }
                let path = problem.origin.source.to_string();
                let lines = files.entry(path.clone()).or_insert_with(|| {
                    crate::fsread::read_regular(Path::new(&path), crate::fsread::MAX_GLOSSARY_BYTES)
                        .ok()
                        .and_then(|bytes| String::from_utf8(bytes).ok())
                        .map(|text| text.lines().map(str::to_string).collect())
                });
                let line_number = (problem.origin.line as usize).saturating_sub(1);
                let line = lines
                    .as_ref()
                    .and_then(|lines| lines.get(line_number))
                    .map(String::as_str);
                let column = (problem.origin.column as usize).saturating_sub(1);
                // A long line (a minified JSON glossary is one line with every problem on
                // it) is indexed once and shown in a window around each problem: O(line)
                // for each problem made many problems on one line quadratic.
                let shown = line.map(|l| {
                    if l.len() <= LONG_LINE {
                        return (l, column, l.chars().take(column).map(char::len_utf8).sum());
                    }
                    let starts = char_starts
                        .entry((path.clone(), line_number))
                        .or_insert_with(|| l.char_indices().map(|(i, _)| i).collect());
                    let byte_at =
                        |char_index: usize| starts.get(char_index).copied().unwrap_or(l.len());
                    let from = column.saturating_sub(LONG_LINE / 4);
                    let window = &l[byte_at(from)..byte_at(column + LONG_LINE / 2)];
                    (window, column - from, byte_at(column))
                });
                let snippet = shown.map(|(l, caret, _)| report::snippet(l, caret, 1));
                let byte_column = shown.map_or(problem.origin.column, |(_, _, bytes)| {
                    u32::try_from(bytes + 1).unwrap_or(u32::MAX)
                });
                let line = shown.map(|(l, _, _)| l);
                let diagnostic = Diagnostic {
                    rule: rule.id().to_string(),
                    severity,
                    message: problem.message.clone(),
                    term: String::new(),
                    line: problem.origin.line,
                    column: problem.origin.column,
                    end_line: problem.origin.line,
                    end_column: problem.origin.column,
                    byte_start: None,
                    byte_end: None,
                    snippet,
                    context: report::collapse_whitespace(line.unwrap_or("")),
                    byte_columns: (byte_column, byte_column),
                };
                match by_file.iter_mut().find(|r| r.path == path) {
                    Some(report) => report.diagnostics.push(diagnostic),
                    None => by_file.push(FileReport {
                        path,
                        diagnostics: vec![diagnostic],
                        ..FileReport::default()
                    }),
                }
            }
        }
        by_file
    }
}

pub(super) fn relative_if_below_cwd(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// Every file to check, in a stable order: named files as they are, folders walked the way
/// ripgrep does (`.gitignore`, hidden files skipped) and filtered by each project's globs.
/// Also returns a failed report for each path the walk could not read.
pub(super) fn collect_jobs(
    paths: &[PathBuf],
    stdin_filename: Option<&Path>,
    projects: &mut Projects<'_>,
) -> Result<(Vec<Job>, Vec<FileReport>), CliError> {
    let mut jobs = Vec::new();
    let mut unreadable = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        if path.as_os_str() == "-" {
            if jobs.iter().any(|j: &Job| j.from_stdin) {
                continue;
            }
            let shown = stdin_filename.unwrap_or(Path::new(STDIN_NAME));
            let dir = stdin_filename
                .and_then(Path::parent)
                .unwrap_or(Path::new("."));
            jobs.push(Job {
                path: shown.to_path_buf(),
                from_stdin: true,
                project: projects.for_dir(dir)?,
            });
            continue;
        }
        let meta = std::fs::metadata(path)
            .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
        if crate::fsread::is_stream(&meta.file_type()) {
            // A named pipe, `/dev/stdin` or a process substitution named on purpose: read as
            // a stream (bounded), with the configuration of the current folder.
            let project = projects.for_dir(Path::new("."))?;
            jobs.push(Job {
                path: path.clone(),
                from_stdin: false,
                project,
            });
            continue;
        }
        if !meta.is_file() && !meta.is_dir() {
            let kind = crate::fsread::kind_of(&meta.file_type());
            unreadable.push(FileReport {
                path: display_path(path),
                skipped: Some(format!("cannot read: not a regular file ({kind})")),
                failed: true,
                ..FileReport::default()
            });
            continue;
        }
        if meta.is_file() {
            let project = projects.for_dir(path.parent().unwrap_or(Path::new(".")))?;
            if seen.insert(same_file_key(path)) {
                jobs.push(Job {
                    path: path.clone(),
                    from_stdin: false,
                    project,
                });
            }
            continue;
        }
        let mut special = Vec::new();
        let mut walked: Vec<PathBuf> = ignore::WalkBuilder::new(path)
            .require_git(false)
            .build()
            .filter_map(|entry| match entry {
                Ok(entry) => Some(entry),
                Err(e) => {
                    match unreadable_in_walk(&e) {
                        Some((path, message)) => unreadable.push(FileReport {
                            path: display_path(&path),
                            skipped: Some(format!("cannot read: {message}")),
                            failed: true,
                            ..FileReport::default()
                        }),
                        None => eprintln!("glossary-ls: warning: {e}"),
                    }
                    None
                }
            })
            .filter(|e| match e.file_type() {
                Some(t) if t.is_file() => true,
                // Named pipes, devices and sockets inside a folder are never read (a pipe
                // could block the run forever), and never passed over in silence.
                Some(t) if !t.is_dir() && !t.is_symlink() => {
                    special.push(FileReport {
                        path: display_path(e.path()),
                        skipped: Some(format!(
                            "not a regular file ({})",
                            crate::fsread::kind_of(&t)
                        )),
                        ..FileReport::default()
                    });
                    false
                }
                _ => false,
            })
            .map(ignore::DirEntry::into_path)
            .collect();
        unreadable.append(&mut special);
        walked.sort();
        for file in walked {
            let project = projects.for_dir(file.parent().unwrap_or(Path::new(".")))?;
            if project.wants(&file) && seen.insert(same_file_key(&file)) {
                jobs.push(Job {
                    path: file,
                    from_stdin: false,
                    project,
                });
            }
        }
    }
    Ok((jobs, unreadable))
}

/// A folder or file the walk could not read, with the I/O error. Other walk errors (a bad
/// glob in a `.gitignore`, say) are not about reading documents and stay warnings.
fn unreadable_in_walk(error: &ignore::Error) -> Option<(PathBuf, String)> {
    let mut path = None;
    let mut error = error;
    loop {
        match error {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p.clone());
                error = err;
            }
            ignore::Error::WithDepth { err, .. } => error = err,
            ignore::Error::Io(io) => {
                // The walker's own message repeats the path; the OS's reason is enough.
                let reason = match io.raw_os_error() {
                    Some(code) => std::io::Error::from_raw_os_error(code).to_string(),
                    None => io.kind().to_string(),
                };
                return path.map(|p| (p, reason));
            }
            _ => return None,
        }
    }
}

/// A key under which `docs/a.md`, `./docs/a.md` and `docs/./a.md` are one file, so that a
/// file named twice (or named and also found by walking its folder) is checked once.
fn same_file_key(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// Whether `check` applies fixes, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FixMode {
    Off,
    Write,
    Diff,
}

/// A document read and decoded for analysis.
pub(super) struct Document {
    pub(super) text: String,
    pub(super) markup: Markup,
    /// Stored as UTF-16 (fixes are never written back to such a file).
    utf16: bool,
}

/// Why a document was not analysed, and whether that is a failure (an unreadable file)
/// rather than a file passed over on purpose (a binary file).
pub(super) struct Skip {
    pub(super) reason: String,
    pub(super) failed: bool,
}

/// Reads and decodes a job's document and finds its markup.
pub(super) fn read_document(job: &Job) -> Result<Document, Skip> {
    // Named files may be streams; files found by a walk are regular (the walk keeps only
    // those), so one bounded reader serves both.
    let read = if job.from_stdin {
        crate::fsread::read_stdin(crate::fsread::MAX_DOCUMENT_BYTES)
    } else {
        crate::fsread::read_named(&job.path, crate::fsread::MAX_DOCUMENT_BYTES)
    };
    let bytes = read.map_err(|e| Skip {
        reason: format!("cannot read: {e}"),
        failed: true,
    })?;
    let utf16 = matches!(bytes.get(..2), Some([0xFF, 0xFE] | [0xFE, 0xFF]));
    let text = match crate::text::decode(bytes) {
        Ok(text) => text,
        Err(crate::text::DecodeError::Binary) => {
            return Err(Skip {
                reason: "binary file".to_string(),
                failed: false,
            });
        }
        Err(e) => {
            return Err(Skip {
                reason: e.to_string(),
                failed: true,
            });
        }
    };
    // Stdin without a name is most often Markdown piped in by an editor or a script.
    let default_markup = if job.from_stdin && job.path == Path::new(STDIN_NAME) {
        Markup::Markdown
    } else {
        Markup::Plaintext
    };
    let markup = job.project.markup_for(&job.path).unwrap_or(default_markup);
    Ok(Document {
        text,
        markup,
        utf16,
    })
}

/// A file checked: its report, and what the workspace index keeps of it (with the text
/// of a document read from stdin, which cannot be read twice).
struct Checked {
    report: FileReport,
    entry: Option<DocumentEntry>,
    stdin_text: Option<String>,
}

/// Adds the findings that compare documents (`conflicting-definition`,
/// `inconsistent-expansion`) to the reports, from the workspace index of the files
/// checked, and to each undefined acronym's message the expansions other documents give
/// it. Only files with new findings are read again, to position them. Also returns the
/// glossary health problems of each project ([`glossary_health`]).
fn with_workspace_findings(jobs: &[Job], checked: Vec<Checked>) -> (Vec<FileReport>, Health) {
    let mut reports = Vec::with_capacity(checked.len());
    let mut entries = Vec::new();
    let mut stdin_texts = Vec::new();
    for (i, c) in checked.into_iter().enumerate() {
        reports.push(c.report);
        if let Some(entry) = c.entry {
            entries.push((jobs[i].path.clone(), entry));
        }
        stdin_texts.push(c.stdin_text);
    }
    let index = WorkspaceIndex::build(entries);
    let expansions = Expansions::all(&index);
    let show = |p: &Path| display_path(p);
    let found: Vec<Option<FileReport>> = jobs
        .par_iter()
        .zip(stdin_texts.par_iter())
        .map(|(job, stdin_text)| {
            let entry = index.document(&job.path)?;
            let findings = crate::conflicts::workspace_findings(
                &job.project.engine,
                &expansions,
                &job.path,
                &entry.definitions,
                &show,
            );
            if findings.is_empty() {
                return None;
            }
            let text = match stdin_text {
                Some(text) => text.clone(),
                None => read_document(job).ok()?.text,
            };
            let analysis = crate::analysis::Analysis {
                findings: findings.into_iter().map(|f| f.finding).collect(),
                ..crate::analysis::Analysis::default()
            };
            Some(report::file_report(
                display_path(&job.path),
                &text,
                &analysis,
            ))
        })
        .collect();
    for ((report, found), job) in reports.iter_mut().zip(found).zip(jobs) {
        // An undefined acronym's message names the expansions other documents give it.
        for d in &mut report.diagnostics {
            if d.rule == Rule::UndefinedAcronym.id() {
                let suggested = crate::conflicts::suggestions(&expansions, &d.term, &job.path);
                d.message
                    .push_str(&crate::conflicts::suggestion_note(&suggested, &show));
            }
        }
        if let Some(found) = found {
            report.diagnostics.extend(found.diagnostics);
            report.diagnostics.sort_by_key(|d| (d.line, d.column));
        }
    }
    let health = health(jobs, &index);
    (reports, health)
}

/// Each project's glossary health problems.
type Health = Vec<(Arc<Project>, Vec<crate::glossary::Problem>)>;

/// The glossary health of each project over its checked documents: `glossary-candidate`
/// (placed in the project's own glossary file, when it has one) and, only when the
/// configuration gives `unused-entry` a level, unused entries: a check of a few files
/// would otherwise call most of the glossary unused.
fn health(jobs: &[Job], index: &WorkspaceIndex) -> Health {
    let project_of: HashMap<&Path, &Arc<Project>> = jobs
        .iter()
        .map(|j| (j.path.as_path(), &j.project))
        .collect();
    let mut projects: Vec<&Arc<Project>> = Vec::new();
    for job in jobs {
        if !projects.iter().any(|p| Arc::ptr_eq(p, &job.project)) {
            projects.push(&job.project);
        }
    }
    projects
        .into_iter()
        .map(|project| {
            let in_project = |path: &Path| {
                project_of
                    .get(path)
                    .is_some_and(|p| Arc::ptr_eq(p, project))
            };
            let glossary = project.engine.glossary();
            let severities = &project.engine.settings().severities;
            let mut problems = Vec::new();
            if let Some(file) = project.own_glossary_file()
                && severities.get(Rule::GlossaryCandidate).is_some()
            {
                // Named as its entries name it, so that its findings make one report.
                let file = project
                    .entries_written_in(file)
                    .first()
                    .map(|&(id, _)| Path::new(&*glossary.entry(id).origin.source))
                    .unwrap_or(file);
                problems.extend(glossary_health::candidates(
                    glossary,
                    index,
                    Some(&in_project),
                    file,
                    &|p: &Path| display_path(p),
                ));
            }
            if project.config.rules.unused_entry.is_some()
                && severities.get(Rule::UnusedEntry).is_some()
            {
                problems.extend(glossary_health::unused_entries(
                    glossary,
                    index,
                    &in_project,
                ));
            }
            (project.clone(), problems)
        })
        .collect()
}

fn check_file(job: &Job, fix: FixMode) -> Checked {
    let shown = display_path(&job.path);
    let skip = |reason: String, failed: bool| Checked {
        report: FileReport {
            path: shown.clone(),
            skipped: Some(reason),
            failed,
            ..FileReport::default()
        },
        entry: None,
        stdin_text: None,
    };
    let done = |report: FileReport, text: &str, analysis: &crate::analysis::Analysis| Checked {
        report,
        entry: Some(DocumentEntry::from_analysis(analysis)),
        stdin_text: job.from_stdin.then(|| text.to_string()),
    };
    let Document {
        text,
        markup,
        utf16,
    } = match read_document(job) {
        Ok(document) => document,
        Err(Skip { reason, failed }) => return skip(reason, failed),
    };
    // Fixes are written back only to regular files stored as UTF-8 (a UTF-16 file would
    // have to be encoded again; stdin and pipes cannot be written).
    let fixable = !utf16
        && (fix == FixMode::Diff
            || !job.from_stdin && std::fs::metadata(&job.path).is_ok_and(|m| m.is_file()));
    let engine = &job.project.engine;
    if fix != FixMode::Off && fixable {
        // The last round's analysis is that of the fixed text: what remains to report.
        let fixed = super::fix::fixed_text(engine, &text, markup);
        if fixed.applied == 0 {
            let report = report::file_report(shown, &text, &fixed.analysis);
            return done(report, &text, &fixed.analysis);
        }
        let diff = match fix {
            FixMode::Diff => Some(super::fix::unified_diff(&shown, &text, &fixed.text)),
            _ => match super::fix::write_atomically(&job.path, &fixed.text) {
                Ok(()) => None,
                Err(e) => return skip(format!("cannot write the fixes: {e}"), true),
            },
        };
        let mut report = report::file_report(shown, &fixed.text, &fixed.analysis);
        report.fixes = fixed.applied;
        report.diff = diff;
        return done(report, &fixed.text, &fixed.analysis);
    }
    let analysis = engine.analyze(&text, markup);
    let report = report::file_report(shown, &text, &analysis);
    done(report, &text, &analysis)
}

/// A progress bar on stderr, only for long runs in a terminal (never in CI or machine-readable output).
fn progress_bar(files: usize, format: Format) -> indicatif::ProgressBar {
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if !interactive || format != Format::Human || files < 200 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {msg}") {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_of_the_walk_name_the_unreadable_path() {
        let denied = ignore::Error::WithDepth {
            depth: 1,
            err: Box::new(ignore::Error::WithPath {
                path: PathBuf::from("docs/locked"),
                err: Box::new(ignore::Error::Io(std::io::Error::from(
                    std::io::ErrorKind::PermissionDenied,
                ))),
            }),
        };
        let (path, message) = unreadable_in_walk(&denied).unwrap();
        assert_eq!(path, PathBuf::from("docs/locked"));
        assert!(message.contains("permission denied"), "{message}");
        let glob = ignore::Error::WithPath {
            path: PathBuf::from(".gitignore"),
            err: Box::new(ignore::Error::Glob {
                glob: Some("a/[".to_string()),
                err: "unclosed character class".to_string(),
            }),
        };
        assert_eq!(unreadable_in_walk(&glob), None);
    }

    #[test]
    fn paths_below_the_current_folder_are_shown_relative() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            relative_if_below_cwd(&cwd.join("docs/glossary-ls.toml")),
            PathBuf::from("docs/glossary-ls.toml")
        );
        let outside = Path::new("/nowhere-near/glossary-ls.toml");
        assert_eq!(relative_if_below_cwd(outside), outside);
    }

    #[test]
    fn one_file_spelled_two_ways_has_one_key() {
        assert_eq!(
            same_file_key(Path::new("./docs/a.md")),
            same_file_key(Path::new("docs/a.md"))
        );
        assert_eq!(
            same_file_key(Path::new("docs/./a.md")),
            PathBuf::from("docs/a.md")
        );
        assert_ne!(
            same_file_key(Path::new("docs/a.md")),
            same_file_key(Path::new("a.md"))
        );
    }
}

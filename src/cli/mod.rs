//! The command line: `check`, `harvest`, `report`, `define`, `terms`, `init` (and, with no command, the language
//! server).

mod acronyms;
mod baseline;
mod check;
mod define;
mod export;
mod fix;
mod formats;
mod harvest;
mod init;
mod report;
mod tree;
mod workspace_report;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{Config, ConfigError, ConfigErrors};
use crate::project::{Overrides, Project};

/// glossary-ls: your team's glossary in every document — hover, completion and checks for
/// glossary terms and unexplained acronyms, in the editor (LSP) and in CI.
#[derive(Debug, Parser)]
#[command(name = "glossary-ls", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Use this configuration file instead of the nearest glossary-ls.toml.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Also load this glossary file or folder (TOML, JSON, Markdown, CSV, TBX, …); repeatable.
    #[arg(long = "glossary", global = true, value_name = "FILE")]
    pub glossaries: Vec<PathBuf>,
    /// Turn off the built-in glossary and the built-in list of allowed acronyms.
    #[arg(long, global = true)]
    pub no_builtin: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check documents for undefined acronyms and glossary rules (files and folders; default `.`).
    Check(check::CheckArgs),
    /// Print a draft glossary (TOML) of the definitions the documents make, with the
    /// acronyms several documents leave undefined; --write adds it to the glossary file.
    Harvest(harvest::HarvestArgs),
    /// Report on the documents: words, glossary terms used, acronyms explained and left
    /// unexplained, definitions, conflicts, unused entries (Markdown, HTML or JSON).
    Report(workspace_report::ReportArgs),
    /// Show the glossary entry for a term, alias or expansion.
    Define {
        /// The term to look up (any case).
        term: String,
    },
    /// List every loaded glossary entry with its source.
    Terms {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List the acronyms that need no expansion for the project's audience, and why.
    Acronyms {
        /// Show this audience's list instead of the configured one.
        #[arg(long, value_enum)]
        audience: Option<AudienceArg>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write the loaded glossary (without the built-in entries) as TOML, JSON, Markdown, CSV or TBX.
    Export(export::ExportArgs),
    /// Write a commented glossary-ls.toml and glossary/glossary.toml (never overwriting).
    Init {
        /// The project's folder (default: the current folder).
        dir: Option<PathBuf>,
        /// Seed the glossary with the definitions the documents already make.
        #[arg(long)]
        from_documents: bool,
    },
    /// Serve the Language Server Protocol on stdin/stdout (also what no command does).
    Lsp {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

/// `--audience` values (see `[acronyms] audience`).
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum AudienceArg {
    General,
    Developers,
    None,
}

impl From<AudienceArg> for crate::wordlists::Audience {
    fn from(arg: AudienceArg) -> Self {
        match arg {
            AudienceArg::General => crate::wordlists::Audience::General,
            AudienceArg::Developers => crate::wordlists::Audience::Developers,
            AudienceArg::None => crate::wordlists::Audience::None,
        }
    }
}

/// Minimum severity that makes `check` exit with status 1.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
    Never,
}

/// Exit status for usage and configuration errors.
pub const EXIT_USAGE: u8 = 2;

/// Runs a parsed command line; no command serves LSP on stdio.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Some(Command::Check(args)) => check::run(&cli.global, args),
        Some(Command::Harvest(args)) => harvest::run(&cli.global, args),
        Some(Command::Report(args)) => workspace_report::run(&cli.global, args),
        Some(Command::Define { term }) => define::define(&cli.global, &term),
        Some(Command::Terms { json }) => define::terms(&cli.global, json),
        Some(Command::Export(args)) => export::run(&cli.global, args),
        Some(Command::Acronyms { audience, json }) => {
            acronyms::acronyms(&cli.global, audience.map(Into::into), json)
        }
        Some(Command::Init {
            dir,
            from_documents,
        }) => init::init(
            &cli.global,
            dir.as_deref().unwrap_or(std::path::Path::new(".")),
            from_documents,
        ),
        None if std::io::IsTerminal::is_terminal(&std::io::stdin()) => {
            // Someone typed `glossary-ls` at a prompt: say what is happening.
            eprintln!(
                "glossary-ls: serving the Language Server Protocol on stdin/stdout for an editor \
                 (Ctrl-D or Ctrl-C to stop).\nTo check documents, run `glossary-ls check [PATH…]`; \
                 `glossary-ls --help` lists every command."
            );
            let code = crate::lsp::serve_stdio();
            return ExitCode::from(u8::try_from(code).unwrap_or(1));
        }
        Some(Command::Lsp { .. }) | None => {
            let code = crate::lsp::serve_stdio();
            return ExitCode::from(u8::try_from(code).unwrap_or(1));
        }
    };
    match result {
        Ok(code) => code,
        Err(CliError::Config(errors)) => {
            print_config_errors(&errors.0);
            ExitCode::from(EXIT_USAGE)
        }
        Err(error) => {
            eprintln!("glossary-ls: error: {error}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Prints configuration errors on stderr, one a line.
fn print_config_errors(errors: &[ConfigError]) {
    for error in errors {
        eprintln!("glossary-ls: error: {error}");
    }
}

/// Why a command could not run at all.
#[derive(Debug)]
pub enum CliError {
    Config(ConfigErrors),
    Usage(String),
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Config(e) => write!(f, "{e}"),
            CliError::Usage(message) => f.write_str(message),
        }
    }
}

impl From<ConfigError> for CliError {
    fn from(e: ConfigError) -> CliError {
        CliError::Config(e.into())
    }
}

impl From<ConfigErrors> for CliError {
    fn from(e: ConfigErrors) -> CliError {
        CliError::Config(e)
    }
}

/// Writes a command's output to stdout. A reader that stops early (`| head`) closes the
/// pipe: that ends the output quietly, as other command-line tools do, instead of panicking.
fn write_stdout(
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), CliError> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match write(&mut out).and_then(|()| std::io::Write::flush(&mut out)) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::Usage(format!("cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}

impl GlobalArgs {
    fn overrides(&self) -> Overrides {
        Overrides {
            glossaries: self.glossaries.clone(),
            no_builtin: self.no_builtin,
        }
    }

    /// The project for the current folder (`define`, `terms`).
    fn project_here(&self) -> Result<Project, CliError> {
        let cwd = std::env::current_dir()
            .map_err(|e| CliError::Usage(format!("cannot read the current folder: {e}")))?;
        let config = match &self.config {
            Some(path) => Some(path.clone()),
            // Relative when found in the current folder, so that sources read
            // `glossaries/team.toml` here as they do in `check`.
            None => Config::discover(&cwd).map(|p| check::relative_if_below_cwd(&p)),
        };
        Ok(Project::load(
            config.as_deref(),
            std::path::Path::new("."),
            &self.overrides(),
        )?
        .checked()?)
    }
}

//! A project on disk: its configuration, glossary files and the [`Engine`] built from them.
//!
//! This is the one place (with the CLI and the server) that reads files; the engine itself
//! stays pure.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::analysis::{Engine, Settings};
use crate::config::{Config, ConfigError, ConfigErrors};
use crate::glossary::{GlossaryBuilder, SourceFormat, parse_source};
use crate::markup::Markup;

/// Where a project's own glossary lives when its configuration names none: read if it
/// exists, and where new entries go.
pub const DEFAULT_GLOSSARY: &str = "glossary/glossary.toml";

/// Whether two paths name the same file (as written, or once resolved).
pub fn same_path(a: &Path, b: &Path) -> bool {
    a == b
        || (std::fs::canonicalize(a)
            .ok()
            .is_some_and(|ca| std::fs::canonicalize(b).ok() == Some(ca)))
}

/// What the command line adds to a project's configuration.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// Extra glossary files (`--glossary`).
    pub glossaries: Vec<PathBuf>,
    /// Turn off the built-in glossary and allow list (`--no-builtin`).
    pub no_builtin: bool,
}

/// A loaded project.
#[derive(Debug)]
pub struct Project {
    /// The folder globs and relative sources are resolved against.
    pub root: PathBuf,
    pub config_path: Option<PathBuf>,
    pub config: Config,
    pub engine: Engine,
    /// Every glossary file that was read.
    pub glossary_files: Vec<PathBuf>,
    /// The format the configuration names for a glossary file, where it names one.
    pub glossary_formats: Vec<(PathBuf, SourceFormat)>,
    /// What is wrong with the configuration (and the glossary files it names), in the order
    /// written: the project is built from the rest. See [`Project::checked`].
    pub config_errors: Vec<ConfigError>,
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl Project {
    /// Loads the project configured by `config_path` (or defaults rooted at `root`), from
    /// every setting that is right: what is wrong is in [`Project::config_errors`]. Fails
    /// only when the configuration file cannot be read.
    pub fn load(
        config_path: Option<&Path>,
        root: &Path,
        overrides: &Overrides,
    ) -> Result<Project, ConfigError> {
        let (config, config_text, errors) = match config_path {
            Some(path) => Config::load(path)?,
            None => (Config::default(), String::new(), Vec::new()),
        };
        let mut project = Project::from_config(config, &config_text, config_path, root, overrides);
        project.config_errors.splice(0..0, errors);
        Ok(project)
    }

    /// The project, or every configuration error when there is one (for commands that
    /// do not run on a configuration in part).
    pub fn checked(self) -> Result<Project, ConfigErrors> {
        if self.config_errors.is_empty() {
            Ok(self)
        } else {
            Err(ConfigErrors(self.config_errors))
        }
    }

    /// Builds a project from configuration already parsed (`config_text` is only used to
    /// point errors at the line that names a source). A source that cannot be read is left
    /// out and reported in [`Project::config_errors`].
    pub fn from_config(
        config: Config,
        config_text: &str,
        config_path: Option<&Path>,
        root: &Path,
        overrides: &Overrides,
    ) -> Project {
        let mut config_errors = Vec::new();
        let config_text = config_text.to_string();
        let root = match config_path {
            Some(path) => path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from(".")),
            None => root.to_path_buf(),
        };
        let root = if root.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            root
        };

        let mut builder = if config.glossary.builtin && !overrides.no_builtin {
            GlossaryBuilder::new().builtin()
        } else {
            GlossaryBuilder::new()
        };
        let mut glossary_files = Vec::new();
        let mut glossary_formats = Vec::new();
        for source in &config.glossary.sources {
            let path = root.join(&source.path);
            match glossary_files_in(&path, source.format) {
                Ok(files) => {
                    if let Some(format) = source.format {
                        glossary_formats.extend(files.iter().map(|f| (f.clone(), format)));
                    }
                    glossary_files.extend(files);
                }
                Err(message) => {
                    let offset = config_text.find(&format!("\"{source}\"")).unwrap_or(0);
                    let pos =
                        crate::text::LineIndex::new(&config_text).line_col(&config_text, offset);
                    config_errors.push(ConfigError {
                        path: config_path.map(Path::to_path_buf).unwrap_or_default(),
                        line: pos.line,
                        column: pos.column,
                        message: format!("glossary source `{source}`: {message}"),
                    });
                }
            }
        }
        // The project's own glossary at its conventional place (where the "Add to the
        // glossary" quick fix writes by default) is read even when no source names it.
        let conventional = root.join(DEFAULT_GLOSSARY);
        if conventional.is_file() && !glossary_files.iter().any(|f| same_path(f, &conventional)) {
            glossary_files.push(conventional);
        }
        for path in &overrides.glossaries {
            match glossary_files_in(path, None) {
                Ok(files) => glossary_files.extend(files),
                Err(message) => config_errors.push(ConfigError {
                    path: path.clone(),
                    line: 1,
                    column: 1,
                    message,
                }),
            }
        }
        for path in &glossary_files {
            let name = display_path(path);
            let explicit = glossary_formats
                .iter()
                .find(|(f, _)| f == path)
                .map(|(_, format)| *format);
            match crate::fsread::read_regular(path, crate::fsread::MAX_GLOSSARY_BYTES) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => match crate::glossary::detect::detect(path, &text, explicit) {
                        Some(format) => builder.add(parse_source(&name, &text, format)),
                        None => builder.add_problem(crate::glossary::Problem {
                            kind: crate::glossary::ProblemKind::Syntax,
                            origin: crate::glossary::Origin {
                                source: name.as_str().into(),
                                line: 1,
                                column: 1,
                            },
                            message: format!("unknown glossary format ({KNOWN_FORMATS})"),
                        }),
                    },
                    Err(e) => builder.add_problem(crate::glossary::Problem {
                        kind: crate::glossary::ProblemKind::Syntax,
                        origin: {
                            let pos =
                                crate::text::utf8_error_position(e.as_bytes(), e.utf8_error());
                            crate::glossary::Origin {
                                source: name.as_str().into(),
                                line: pos.line,
                                column: pos.column,
                            }
                        },
                        message: "not valid UTF-8".to_string(),
                    }),
                },
                Err(e) => config_errors.push(ConfigError {
                    path: path.clone(),
                    line: 1,
                    column: 1,
                    message: format!("cannot read glossary: {e}"),
                }),
            }
        }

        let glossary = builder.build();
        let mut allowed: std::collections::HashSet<String> =
            config.acronyms.allow.iter().cloned().collect();
        // Words a vocabulary (Vale's accept.txt) accepts need no explanation either.
        allowed.extend(glossary.allowed().iter().cloned());
        allowed.retain(|a| !a.trim().is_empty());
        let settings = Settings {
            severities: config.rules.severities(),
            allowed,
            audience: if overrides.no_builtin || !config.acronyms.builtin_allow {
                crate::wordlists::Audience::None
            } else {
                config.acronyms.audience
            },
        };
        let include = if config.files.include.is_empty() {
            None
        } else {
            Some(glob_set(&config.files.include))
        };
        let exclude = glob_set(&config.files.exclude);
        Project {
            root,
            config_path: config_path.map(Path::to_path_buf),
            engine: Engine::new(glossary, settings),
            config,
            glossary_files,
            glossary_formats,
            config_errors,
            include,
            exclude,
        }
    }

    /// The markup glossary-ls reads `path` as, if it reads it at all.
    pub fn markup_for(&self, path: &Path) -> Option<Markup> {
        let ext = path.extension()?.to_str()?;
        self.config.markup_for(ext)
    }

    /// Whether a file found by walking a folder should be checked: a known markup, inside
    /// `include` (when set), outside `exclude`, and not one of the glossary files.
    pub fn wants(&self, path: &Path) -> bool {
        if self.markup_for(path).is_none() || self.is_glossary_file(path) {
            return false;
        }
        let relative = relative_to(path, &self.root);
        if self.exclude.is_match(&relative) {
            return false;
        }
        self.include
            .as_ref()
            .is_none_or(|include| include.is_match(&relative))
    }

    pub fn is_glossary_file(&self, path: &Path) -> bool {
        self.glossary_files.iter().any(|g| same_path(g, path))
    }

    /// The entries written in glossary file `path`, by id, with their 1-based lines, in
    /// line order. One path comparison per distinct source (comparing may touch the disk).
    pub fn entries_written_in(&self, path: &Path) -> Vec<(crate::glossary::EntryId, u32)> {
        let mut sources: Vec<(&str, bool)> = Vec::new();
        let mut out = Vec::new();
        for (id, entry) in self.engine.glossary().entries().iter().enumerate() {
            let source = &*entry.origin.source;
            let here = match sources.iter().find(|(s, _)| *s == source) {
                Some((_, here)) => *here,
                None => {
                    let here = same_path(Path::new(source), path);
                    sources.push((source, here));
                    here
                }
            };
            if here {
                out.push((id, entry.origin.line));
            }
        }
        out.sort_by_key(|(_, line)| *line);
        out
    }

    /// The team's own glossary file, where findings about the glossary as a whole
    /// (`glossary-candidate`) are placed: its first TOML file, else its first file of any
    /// format; `None` when the project loads none.
    pub fn own_glossary_file(&self) -> Option<&Path> {
        self.glossary_files
            .iter()
            .find(|f| {
                f.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
            })
            .or(self.glossary_files.first())
            .map(PathBuf::as_path)
    }
}

fn glob_set(globs: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        // Config::parse_lenient already left out globs that do not compile.
        if let Ok(glob) = Glob::new(glob) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

fn relative_to(path: &Path, root: &Path) -> PathBuf {
    let path = path.strip_prefix("./").unwrap_or(path);
    if let Ok(rel) = path.strip_prefix(root) {
        return rel.to_path_buf();
    }
    match (std::fs::canonicalize(path), std::fs::canonicalize(root)) {
        (Ok(p), Ok(r)) => p.strip_prefix(&r).map(Path::to_path_buf).unwrap_or(p),
        _ => path.to_path_buf(),
    }
}

/// What a glossary file may be, for messages.
const KNOWN_FORMATS: &str = "expected .toml, .json, .md, .csv, .tbx, .rst, .adoc, .tex, a \
                             Vale accept.txt or reject.txt, or a `format` in [glossary] sources";

/// The glossary files a source names: the file itself, or every glossary file below a
/// folder (honouring `.gitignore`), in a stable order. With an explicit `format`, a file
/// of any name is read, and a folder's files of any known extension.
fn glossary_files_in(path: &Path, format: Option<SourceFormat>) -> Result<Vec<PathBuf>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() && !meta.is_dir() {
        return Err(format!(
            "cannot read: {}",
            crate::fsread::ReadError::NotRegular(crate::fsread::kind_of(&meta.file_type()))
        ));
    }
    if meta.is_file() {
        if format.is_none() && SourceFormat::from_path(path).is_none() && !sniffs_as_tbx(path) {
            return Err(format!("unknown glossary format ({KNOWN_FORMATS})"));
        }
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(path)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(ignore::DirEntry::into_path)
        .filter(|p| {
            SourceFormat::from_path(p).is_some()
                || (format.is_some() && p.extension().is_some_and(|e| e == "txt" || e == "xml"))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Whether a file with no glossary extension (`terms.xml`) opens as TBX.
fn sniffs_as_tbx(path: &Path) -> bool {
    let Ok(bytes) = crate::fsread::read_regular(path, crate::fsread::MAX_GLOSSARY_BYTES) else {
        return false;
    };
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]);
    crate::glossary::detect::detect(path, &head, None) == Some(SourceFormat::Tbx)
}

/// How a path is shown to people: as given, without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let shown = path.strip_prefix("./").unwrap_or(path);
    shown.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glossary_source_errors_leave_naming_the_path_to_the_caller() {
        let dir = tempfile::tempdir().unwrap();
        let yaml = dir.path().join("g.yaml");
        std::fs::write(&yaml, "a: 1\n").unwrap();
        assert_eq!(
            glossary_files_in(&yaml, None).unwrap_err(),
            format!("unknown glossary format ({KNOWN_FORMATS})")
        );
        let missing = glossary_files_in(&dir.path().join("nope.toml"), None).unwrap_err();
        assert!(missing.starts_with("cannot read: "), "{missing}");
        assert!(!missing.contains("nope.toml"), "{missing}");
    }
}

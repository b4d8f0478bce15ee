//! The workspace configuration file, `glossary-ls.toml`.
//!
//! ```toml
//! [glossary]
//! sources = ["docs/glossary.toml", "glossaries/"]   # files or directories, relative to this file
//! builtin = true                                     # the built-in product-management glossary
//!
//! [acronyms]
//! allow = ["ACME", "K8s"]   # need no expansion in this project
//! builtin-allow = true      # the built-in list of well-known acronyms (units, formats, …)
//!
//! [rules]                   # error | warning | info | hint | off
//! undefined-acronym = "error"
//! term-case = "off"
//!
//! [files]
//! include = ["docs/**"]     # globs relative to this file; empty means every known markup
//! exclude = ["docs/vendor/**"]
//!
//! [files.markup]            # file extension → markdown | plaintext | asciidoc | restructuredtext | latex
//! mdx = "markdown"
//!
//! [editor]                  # read by the language server only
//! inlay-hints = true        # show expansions after acronyms
//! languages = { mdx = "markdown" }   # more LSP language ids to analyse
//! ```
//!
//! Unknown keys, rules and severities are errors that name their line and column.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::markup::Markup;
use crate::rules::{Rule, Severities, Severity};
use crate::text::LineIndex;

/// The file name glossary-ls looks for, walking up from a document.
pub const CONFIG_FILE_NAME: &str = "glossary-ls.toml";

/// A parsed `glossary-ls.toml` (every section optional).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub glossary: GlossaryConfig,
    #[serde(default)]
    pub acronyms: AcronymConfig,
    #[serde(default)]
    pub rules: RuleLevels,
    #[serde(default)]
    pub files: FilesConfig,
    #[serde(default)]
    pub editor: EditorConfig,
}

/// Settings only the language server reads.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EditorConfig {
    /// Show each acronym's expansion after its uses (off by default).
    #[serde(default)]
    pub inlay_hints: bool,
    /// More LSP language ids to analyse, with the markup each one is.
    #[serde(default)]
    pub languages: BTreeMap<String, Markup>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryConfig {
    /// Glossary files or directories, relative to the configuration file.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Whether the built-in product-management glossary is loaded.
    #[serde(default = "yes")]
    pub builtin: bool,
}

impl Default for GlossaryConfig {
    fn default() -> Self {
        GlossaryConfig {
            sources: Vec::new(),
            builtin: true,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AcronymConfig {
    #[serde(default)]
    pub allow: Vec<String>,
    #[serde(default = "yes")]
    pub builtin_allow: bool,
}

impl Default for AcronymConfig {
    fn default() -> Self {
        AcronymConfig {
            allow: Vec::new(),
            builtin_allow: true,
        }
    }
}

fn yes() -> bool {
    true
}

/// A severity as written in configuration: a [`Severity`] or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    Hint,
    Off,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Hint => Some(Severity::Hint),
            Level::Off => None,
        }
    }
}

/// One optional level per rule; a field per rule so an unknown rule name is an error.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleLevels {
    pub undefined_acronym: Option<Level>,
    pub used_before_definition: Option<Level>,
    pub unexpanded_first_use: Option<Level>,
    pub forbidden_term: Option<Level>,
    pub deprecated_term: Option<Level>,
    pub term_case: Option<Level>,
    pub glossary_syntax: Option<Level>,
    pub duplicate_term: Option<Level>,
    pub broken_see_also: Option<Level>,
    pub incomplete_entry: Option<Level>,
}

impl RuleLevels {
    pub fn get(&self, rule: Rule) -> Option<Level> {
        match rule {
            Rule::UndefinedAcronym => self.undefined_acronym,
            Rule::UsedBeforeDefinition => self.used_before_definition,
            Rule::UnexpandedFirstUse => self.unexpanded_first_use,
            Rule::ForbiddenTerm => self.forbidden_term,
            Rule::DeprecatedTerm => self.deprecated_term,
            Rule::TermCase => self.term_case,
            Rule::GlossarySyntax => self.glossary_syntax,
            Rule::DuplicateTerm => self.duplicate_term,
            Rule::BrokenSeeAlso => self.broken_see_also,
            Rule::IncompleteEntry => self.incomplete_entry,
        }
    }

    pub fn severities(&self) -> Severities {
        let mut severities = Severities::default();
        for rule in Rule::ALL {
            if let Some(level) = self.get(rule) {
                severities.set(rule, level.severity());
            }
        }
        severities
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilesConfig {
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Extension (without the dot) → markup.
    #[serde(default)]
    pub markup: BTreeMap<String, Markup>,
}

/// A configuration error, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Parses configuration text; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let pos = LineIndex::new(text).line_col(text, offset);
            ConfigError {
                path: path.to_path_buf(),
                line: pos.line,
                column: pos.column,
                message: e.message().lines().next().unwrap_or("invalid").to_string(),
            }
        })?;
        config.validate(path, text)?;
        Ok(config)
    }

    /// Checks what serde cannot: globs compile.
    fn validate(&self, path: &Path, text: &str) -> Result<(), ConfigError> {
        for glob in self.files.include.iter().chain(&self.files.exclude) {
            if let Err(e) = globset::Glob::new(glob) {
                let offset = text.find(&format!("\"{glob}\"")).unwrap_or(0);
                let pos = LineIndex::new(text).line_col(text, offset);
                return Err(ConfigError {
                    path: path.to_path_buf(),
                    line: pos.line,
                    column: pos.column,
                    message: format!("invalid glob `{glob}`: {}", e.kind()),
                });
            }
        }
        Ok(())
    }

    /// Reads and parses a configuration file; returns its text too (errors about what it
    /// names point into it).
    pub fn load(path: &Path) -> Result<(Config, String), ConfigError> {
        let error = |message: String| ConfigError {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message,
        };
        let bytes = crate::fsread::read_regular(path, crate::fsread::MAX_CONFIG_BYTES)
            .map_err(|e| error(format!("cannot read configuration: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let pos = crate::text::utf8_error_position(e.as_bytes(), e.utf8_error());
            ConfigError {
                line: pos.line,
                column: pos.column,
                ..error("configuration is not valid UTF-8".to_string())
            }
        })?;
        Ok((Config::parse(path, &text)?, text))
    }

    /// The nearest `glossary-ls.toml` in `dir` or a folder above it.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .map(|d| d.join(CONFIG_FILE_NAME))
            .find(|candidate| candidate.is_file())
    }

    /// The markup of a file extension: configuration first, then the defaults.
    pub fn markup_for(&self, ext: &str) -> Option<Markup> {
        self.files
            .markup
            .get(ext)
            .or_else(|| self.files.markup.get(&ext.to_ascii_lowercase()))
            .copied()
            .or_else(|| Markup::from_extension(ext))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_example_parses() {
        let text = "[glossary]\nsources = [\"g.toml\"]\nbuiltin = false\n\n[acronyms]\nallow = [\"ACME\"]\nbuiltin-allow = false\n\n[rules]\nundefined-acronym = \"error\"\nterm-case = \"off\"\n\n[files]\ninclude = [\"docs/**\"]\n\n[files.markup]\nmdx = \"markdown\"\n";
        let config = Config::parse(Path::new("glossary-ls.toml"), text).unwrap();
        assert!(!config.glossary.builtin);
        assert_eq!(config.acronyms.allow, vec!["ACME"]);
        let severities = config.rules.severities();
        assert_eq!(
            severities.get(Rule::UndefinedAcronym),
            Some(Severity::Error)
        );
        assert_eq!(severities.get(Rule::TermCase), None);
        assert_eq!(config.markup_for("mdx"), Some(Markup::Markdown));
        assert_eq!(config.markup_for("MD"), Some(Markup::Markdown));
    }

    #[test]
    fn errors_name_their_position() {
        let path = Path::new("glossary-ls.toml");
        let err = Config::parse(path, "[rules]\nundefined-acronym = \"loud\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 21));
        assert!(
            err.message.contains("unknown variant `loud`"),
            "{}",
            err.message
        );
        let err = Config::parse(path, "[glossary]\nsource = []\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(
            err.message.contains("unknown field `source`"),
            "{}",
            err.message
        );
        let err = Config::parse(path, "[rules]\nno-such-rule = \"off\"\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("glossary-ls.toml:2:1: unknown field `no-such-rule`"),
            "{err}"
        );
        let err = Config::parse(path, "[files]\nexclude = [\"a/[\"]\n").unwrap_err();
        assert!(err.message.contains("invalid glob"), "{}", err.message);
    }
}

//! The workspace configuration file, `glossary-ls.toml`.
//!
//! ```toml
//! [glossary]
//! sources = ["docs/glossary.toml", "glossaries/"]   # files or directories, relative to this file
//! # or with the format its files are in: { path = "vocab/accept.txt", format = "vale-accept" }
//! builtin = true                                     # the built-in product-management glossary
//!
//! [acronyms]
//! allow = ["ACME", "K8s"]   # need no expansion in this project
//! audience = "developers"   # whose well-known acronyms need no expansion: general | developers | none
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
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

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
    pub sources: Vec<GlossarySource>,
    /// Whether the built-in product-management glossary is loaded.
    #[serde(default = "yes")]
    pub builtin: bool,
}

/// One `[glossary] sources` item: a path (`"terms.csv"`), or a path with the format its
/// files are in (`{ path = "terms.txt", format = "vale-accept" }`) when neither the name nor
/// the content tells.
#[derive(Clone, Debug, PartialEq)]
pub struct GlossarySource {
    pub path: String,
    pub format: Option<crate::glossary::SourceFormat>,
}

impl GlossarySource {
    pub fn new(path: impl Into<String>) -> GlossarySource {
        GlossarySource {
            path: path.into(),
            format: None,
        }
    }
}

impl AsRef<Path> for GlossarySource {
    fn as_ref(&self) -> &Path {
        Path::new(&self.path)
    }
}

impl fmt::Display for GlossarySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)
    }
}

impl<'de> Deserialize<'de> for GlossarySource {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = GlossarySource;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a path, or a table with `path` and `format`")
            }
            fn visit_str<E: serde::de::Error>(self, path: &str) -> Result<GlossarySource, E> {
                Ok(GlossarySource::new(path))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<GlossarySource, A::Error> {
                let mut path: Option<String> = None;
                let mut format = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "path" => path = Some(map.next_value()?),
                        "format" => format = Some(map.next_value()?),
                        other => {
                            return Err(serde::de::Error::unknown_field(
                                other,
                                &["path", "format"],
                            ));
                        }
                    }
                }
                let path = path.ok_or_else(|| serde::de::Error::missing_field("path"))?;
                Ok(GlossarySource { path, format })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
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
    /// Whose well-known acronyms need no expansion; `builtin-allow = false` means `none`.
    #[serde(default)]
    pub audience: crate::wordlists::Audience,
}

impl Default for AcronymConfig {
    fn default() -> Self {
        AcronymConfig {
            allow: Vec::new(),
            builtin_allow: true,
            audience: crate::wordlists::Audience::default(),
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
    pub conflicting_definition: Option<Level>,
    pub inconsistent_expansion: Option<Level>,
    pub unused_entry: Option<Level>,
    pub glossary_candidate: Option<Level>,
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
            Rule::ConflictingDefinition => self.conflicting_definition,
            Rule::InconsistentExpansion => self.inconsistent_expansion,
            Rule::UnusedEntry => self.unused_entry,
            Rule::GlossaryCandidate => self.glossary_candidate,
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

/// Every error of a configuration, reported at once (never empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl fmt::Display for ConfigErrors {
    /// One error a line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

impl From<ConfigError> for ConfigErrors {
    fn from(error: ConfigError) -> ConfigErrors {
        ConfigErrors(vec![error])
    }
}

impl Config {
    /// Parses configuration text; `path` names it in errors. Any error fails, and every
    /// error is reported.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigErrors> {
        let (config, errors) = Config::parse_lenient(path, text);
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(ConfigErrors(errors))
        }
    }

    /// Parses configuration text, leaving out what is wrong: the configuration of every
    /// setting that is right, and an error (with its line and column) for each one that is
    /// not: syntax errors, unknown sections, keys and rules, bad values, globs that do not
    /// compile.
    pub fn parse_lenient(path: &Path, text: &str) -> (Config, Vec<ConfigError>) {
        let index = LineIndex::new(text);
        let error_at = |offset: usize, message: &str| {
            let pos = index.line_col(text, offset);
            ConfigError {
                path: path.to_path_buf(),
                line: pos.line,
                column: pos.column,
                message: message
                    .lines()
                    .next()
                    .unwrap_or("invalid")
                    .trim()
                    .to_string(),
            }
        };
        let (table, syntax) = DeTable::parse_recoverable(text);
        let span = table.span();
        let mut table = table.into_inner();
        let mut errors = Vec::new();
        for error in syntax {
            let at = error.span().map_or(0, |s| s.start);
            errors.push(error_at(at, error.message()));
            remove_at(&mut table, at);
        }
        // serde stops at the first error: report it, leave out what it is about, and again.
        // Each round removes a key or an item, so this ends.
        let mut config = loop {
            let de = toml::de::Deserializer::from(Spanned::new(span.clone(), table.clone()));
            match Config::deserialize(de) {
                Ok(config) => break config,
                Err(error) => {
                    let at = error.span().map(|s| s.start);
                    errors.push(error_at(at.unwrap_or(0), error.message()));
                    if !at.is_some_and(|at| remove_at(&mut table, at)) {
                        break Config::default();
                    }
                }
            }
        };
        errors.extend(config.validate(path, text));
        errors.sort_by_key(|e| (e.line, e.column));
        errors.dedup();
        (config, errors)
    }

    /// Checks what serde cannot (globs compile), and leaves out what is wrong.
    fn validate(&mut self, path: &Path, text: &str) -> Vec<ConfigError> {
        let mut errors = Vec::new();
        for globs in [&mut self.files.include, &mut self.files.exclude] {
            globs.retain(|glob| {
                let Err(e) = globset::Glob::new(glob) else {
                    return true;
                };
                let offset = text.find(&format!("\"{glob}\"")).unwrap_or(0);
                let pos = LineIndex::new(text).line_col(text, offset);
                errors.push(ConfigError {
                    path: path.to_path_buf(),
                    line: pos.line,
                    column: pos.column,
                    message: format!("invalid glob `{glob}`: {}", e.kind()),
                });
                false
            });
        }
        errors
    }

    /// Reads and parses a configuration file, leniently (see [`Config::parse_lenient`]);
    /// returns its text too (errors about what it names point into it). Fails only when the
    /// file cannot be read.
    pub fn load(path: &Path) -> Result<(Config, String, Vec<ConfigError>), ConfigError> {
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
        let (config, errors) = Config::parse_lenient(path, &text);
        Ok((config, text, errors))
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

/// Removes the innermost key (or array item) whose key or value holds byte `offset`;
/// returns whether one was removed.
fn remove_at(table: &mut DeTable<'_>, offset: usize) -> bool {
    let holds = |span: std::ops::Range<usize>| span.start <= offset && offset <= span.end;
    let mut removed = false;
    for (key, mut value) in std::mem::take(table) {
        if !removed && remove_inside(&mut value, offset) {
            removed = true;
        } else if !removed && (holds(key.span()) || holds(value.span())) {
            // A section's value span is its `[header]` only: an error in its body is not
            // taken for one in the header.
            removed = true;
            continue;
        }
        table.insert(key, value);
    }
    removed
}

fn remove_inside(value: &mut Spanned<DeValue<'_>>, offset: usize) -> bool {
    match value.get_mut() {
        DeValue::Table(table) => remove_at(table, offset),
        DeValue::Array(items) => {
            let holds = |span: std::ops::Range<usize>| span.start <= offset && offset <= span.end;
            let Some(index) = items.iter().position(|item| holds(item.span())) else {
                return false;
            };
            if let Some(DeValue::Table(table)) = items.get_mut(index).map(Spanned::get_mut)
                && remove_at(table, offset)
            {
                return true;
            }
            let mut kept = DeArray::new();
            for (i, item) in items.iter().enumerate() {
                if i != index {
                    kept.push(item.clone());
                }
            }
            *items = kept;
            true
        }
        _ => false,
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

    fn first_error(text: &str) -> ConfigError {
        let errors = Config::parse(Path::new("glossary-ls.toml"), text).unwrap_err();
        errors.0[0].clone()
    }

    #[test]
    fn errors_name_their_position() {
        let err = first_error("[rules]\nundefined-acronym = \"loud\"\n");
        assert_eq!((err.line, err.column), (2, 21));
        assert!(
            err.message.contains("unknown variant `loud`"),
            "{}",
            err.message
        );
        let err = first_error("[glossary]\nsource = []\n");
        assert_eq!(err.line, 2);
        assert!(
            err.message.contains("unknown field `source`"),
            "{}",
            err.message
        );
        let err = first_error("[rules]\nno-such-rule = \"off\"\n");
        assert!(
            err.to_string()
                .starts_with("glossary-ls.toml:2:1: unknown field `no-such-rule`"),
            "{err}"
        );
        let err = first_error("[files]\nexclude = [\"a/[\"]\n");
        assert!(err.message.contains("invalid glob"), "{}", err.message);
    }

    #[test]
    fn every_error_is_reported_and_the_rest_is_kept() {
        let text = "[glossary]\nbuiltin = false\nsource = []\n\n[rules]\nterm-case = \"off\"\nundefined-acronym = \"loud\"\nno-such-rule = \"off\"\n\n[acronyms]\nallow = [\"ACME\", 3]\n\n[files]\nexclude = [\"a/[\", \"b/**\"]\n\n[typo]\nx = 1\n";
        let (config, errors) = Config::parse_lenient(Path::new("glossary-ls.toml"), text);
        let errors: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 6, "{errors:#?}");
        let starts = [
            "glossary-ls.toml:3:1: unknown field `source`",
            "glossary-ls.toml:7:21: unknown variant `loud`",
            "glossary-ls.toml:8:1: unknown field `no-such-rule`",
            "glossary-ls.toml:11:18: invalid type: integer `3`, expected a string",
            "glossary-ls.toml:14:12: invalid glob `a/[`",
            "glossary-ls.toml:16:2: unknown field `typo`",
        ];
        for (error, start) in errors.iter().zip(starts) {
            assert!(error.starts_with(start), "{error} / {start}");
        }
        // What is right is kept.
        assert!(!config.glossary.builtin);
        assert_eq!(config.acronyms.allow, ["ACME"]);
        assert_eq!(config.files.exclude, ["b/**"]);
        assert_eq!(config.rules.severities().get(Rule::TermCase), None);
        // The same with CRLF line breaks.
        let (_, crlf) =
            Config::parse_lenient(Path::new("glossary-ls.toml"), &text.replace('\n', "\r\n"));
        let crlf: Vec<String> = crlf.iter().map(|e| e.to_string()).collect();
        assert_eq!(crlf, errors);
    }

    #[test]
    fn every_syntax_error_is_reported() {
        let (config, errors) = Config::parse_lenient(
            Path::new("glossary-ls.toml"),
            "[rules\nterm-case = \"off\"\n[acronyms]\nallow = [\"A\"\nbuiltin-allow = = false\n",
        );
        assert!(errors.len() >= 2, "{errors:#?}");
        assert_eq!(errors[0].line, 1);
        assert!(errors.iter().any(|e| e.line >= 4), "{errors:#?}");
        let _ = config;
    }

    #[test]
    fn a_source_may_name_its_format_and_a_bad_one_is_reported_where_it_is() {
        use crate::glossary::SourceFormat;
        let text = "[glossary]\nsources = [\n  \"g.toml\",\n  { path = \"terms.txt\", format = \"vale-accept\" },\n  { path = \"x.xlsx\", format = \"excel\" },\n  { path = \"y.csv\", fromat = \"csv\" },\n]\n";
        let (config, errors) = Config::parse_lenient(Path::new("glossary-ls.toml"), text);
        let errors: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(
            errors[0].starts_with("glossary-ls.toml:5:31: unknown variant `excel`"),
            "{errors:#?}"
        );
        assert!(
            errors[1].starts_with("glossary-ls.toml:6:3: unknown field `fromat`"),
            "{errors:#?}"
        );
        assert_eq!(
            config.glossary.sources,
            [
                GlossarySource::new("g.toml"),
                GlossarySource {
                    path: "terms.txt".into(),
                    format: Some(SourceFormat::ValeAccept)
                },
                // The bad format is left out; the file is then read by its name.
                GlossarySource::new("x.xlsx"),
            ]
        );
    }

    #[test]
    fn the_incomplete_entry_rule_is_configurable() {
        let config =
            Config::parse(Path::new("g.toml"), "[rules]\nincomplete-entry = \"off\"\n").unwrap();
        assert_eq!(config.rules.severities().get(Rule::IncompleteEntry), None);
    }
}

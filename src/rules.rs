//! Rules, severities and findings: what glossary-ls reports and how loudly.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::Serialize;

/// Every rule, with a stable id users configure and silence it by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    UndefinedAcronym,
    UsedBeforeDefinition,
    UnexpandedFirstUse,
    ForbiddenTerm,
    DeprecatedTerm,
    TermCase,
    GlossarySyntax,
    DuplicateTerm,
    BrokenSeeAlso,
    IncompleteEntry,
    ConflictingDefinition,
    InconsistentExpansion,
    UnusedEntry,
    GlossaryCandidate,
}

impl Rule {
    pub const ALL: [Rule; 14] = [
        Rule::UndefinedAcronym,
        Rule::UsedBeforeDefinition,
        Rule::UnexpandedFirstUse,
        Rule::ForbiddenTerm,
        Rule::DeprecatedTerm,
        Rule::TermCase,
        Rule::GlossarySyntax,
        Rule::DuplicateTerm,
        Rule::BrokenSeeAlso,
        Rule::IncompleteEntry,
        Rule::ConflictingDefinition,
        Rule::InconsistentExpansion,
        Rule::UnusedEntry,
        Rule::GlossaryCandidate,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::UndefinedAcronym => "undefined-acronym",
            Rule::UsedBeforeDefinition => "used-before-definition",
            Rule::UnexpandedFirstUse => "unexpanded-first-use",
            Rule::ForbiddenTerm => "forbidden-term",
            Rule::DeprecatedTerm => "deprecated-term",
            Rule::TermCase => "term-case",
            Rule::GlossarySyntax => "glossary-syntax",
            Rule::DuplicateTerm => "duplicate-term",
            Rule::BrokenSeeAlso => "broken-see-also",
            Rule::IncompleteEntry => "incomplete-entry",
            Rule::ConflictingDefinition => "conflicting-definition",
            Rule::InconsistentExpansion => "inconsistent-expansion",
            Rule::UnusedEntry => "unused-entry",
            Rule::GlossaryCandidate => "glossary-candidate",
        }
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Rule::UndefinedAcronym
            | Rule::UsedBeforeDefinition
            | Rule::ForbiddenTerm
            | Rule::IncompleteEntry => Severity::Warning,
            Rule::UnexpandedFirstUse
            | Rule::DeprecatedTerm
            | Rule::ConflictingDefinition
            | Rule::GlossaryCandidate => Severity::Info,
            Rule::TermCase | Rule::InconsistentExpansion | Rule::UnusedEntry => Severity::Hint,
            Rule::GlossarySyntax | Rule::DuplicateTerm | Rule::BrokenSeeAlso => Severity::Error,
        }
    }

    /// What the rule checks, in one line (for `--help`-style listings and docs).
    pub fn description(self) -> &'static str {
        match self {
            Rule::UndefinedAcronym => "an acronym no glossary, allow list or definition explains",
            Rule::UsedBeforeDefinition => "an acronym used before the document defines it",
            Rule::UnexpandedFirstUse => "a glossary acronym whose first use is not expanded",
            Rule::ForbiddenTerm => "a term the glossary forbids",
            Rule::DeprecatedTerm => "a term the glossary deprecates",
            Rule::TermCase => "a glossary term written in the wrong case",
            Rule::GlossarySyntax => "a glossary source that cannot be read",
            Rule::DuplicateTerm => "a name two glossary entries share",
            Rule::BrokenSeeAlso => "a see_also that names no entry",
            Rule::IncompleteEntry => "a glossary entry with no expansion, summary or definition",
            Rule::ConflictingDefinition => {
                "an acronym two documents, or a document and the glossary, expand differently"
            }
            Rule::InconsistentExpansion => {
                "a glossary acronym a document expands in other words than the glossary"
            }
            Rule::UnusedEntry => "a glossary entry no document of the workspace uses",
            Rule::GlossaryCandidate => {
                "an acronym three or more documents leave unexplained that the glossary lacks"
            }
        }
    }
}

impl Rule {
    /// What to do about a finding, for reports that carry help (SARIF).
    pub fn help(self) -> &'static str {
        match self {
            Rule::UndefinedAcronym => {
                "Expand the acronym at its first use, as \"Long Form (LF)\"; or add it to the \
                 glossary; or allow it in glossary-ls.toml ([acronyms] allow) or in the document \
                 with a glossary-ls: allow comment."
            }
            Rule::UsedBeforeDefinition => {
                "Move the definition \"Long Form (LF)\" to the first use of the acronym, or \
                 expand that first use."
            }
            Rule::UnexpandedFirstUse => {
                "Write the glossary's expansion at the first use, as \"Long Form (LF)\", so that \
                 readers who do not know the acronym can follow."
            }
            Rule::ForbiddenTerm => {
                "Replace the term with the one the glossary names in use_instead."
            }
            Rule::DeprecatedTerm => {
                "Prefer the term the glossary names in use_instead; the deprecated one still \
                 reads, but is on its way out."
            }
            Rule::TermCase => "Write the term in the case the glossary gives it.",
            Rule::GlossarySyntax => "Fix the glossary file at the position given.",
            Rule::DuplicateTerm => {
                "Give each name to one glossary entry only: remove or rename the duplicate."
            }
            Rule::BrokenSeeAlso => "Name an existing entry in see_also, or remove the link.",
            Rule::IncompleteEntry => {
                "Say what the term means: give the entry a summary or a definition (or, for an \
                 acronym, its expansion). A deprecated or forbidden entry may name its \
                 replacement in use_instead instead."
            }
            Rule::ConflictingDefinition => {
                "Give the acronym one meaning across the workspace: use the expansion of the \
                 glossary or of the other documents, or write this meaning out without the \
                 acronym."
            }
            Rule::InconsistentExpansion => {
                "Write the glossary's expansion (or one of its aliases), so that readers meet \
                 the same words everywhere; or add this wording to the entry's aliases."
            }
            Rule::UnusedEntry => {
                "Remove the entry if the team no longer uses the term, or keep it for documents \
                 still to come. Off in `check` unless [rules] unused-entry sets a level."
            }
            Rule::GlossaryCandidate => {
                "Add the acronym to the glossary with its expansion and a summary (`glossary-ls \
                 harvest` drafts entries), or allow it if every reader knows it."
            }
        }
    }

    /// Whether a report of this rule means the glossary is broken: `check` exits 2.
    pub fn breaks_glossary(self) -> bool {
        matches!(
            self,
            Rule::GlossarySyntax | Rule::DuplicateTerm | Rule::BrokenSeeAlso
        )
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Rule {
    type Err = String;

    fn from_str(s: &str) -> Result<Rule, String> {
        Rule::ALL.into_iter().find(|r| r.id() == s).ok_or_else(|| {
            let ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
            format!("unknown rule `{s}`; rules are: {}", ids.join(", "))
        })
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// How loudly a finding is reported; ordered from quietest to loudest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Severity, String> {
        match s {
            "hint" => Ok(Severity::Hint),
            "info" | "information" => Ok(Severity::Info),
            "warning" | "warn" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}`; expected error, warning, info or hint"
            )),
        }
    }
}

/// The severity of each rule; `None` turns a rule off.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Severities {
    overrides: HashMap<Rule, Option<Severity>>,
}

impl Severities {
    /// Sets `rule` to `severity` (`None`: off).
    pub fn set(&mut self, rule: Rule, severity: Option<Severity>) {
        self.overrides.insert(rule, severity);
    }

    /// The severity `rule` reports at, or `None` when it is off.
    pub fn get(&self, rule: Rule) -> Option<Severity> {
        self.overrides
            .get(&rule)
            .copied()
            .unwrap_or(Some(rule.default_severity()))
    }
}

/// A replacement of one range with new text: the engine's quick fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub range: Range<usize>,
    pub replacement: String,
}

/// A place elsewhere that explains a finding (the definition, the other uses).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
}

/// Something worth telling the author, at a byte range of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub range: Range<usize>,
    pub message: String,
    /// The term or acronym the finding is about.
    pub term: String,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for rule in Rule::ALL {
            assert_eq!(rule.id().parse::<Rule>(), Ok(rule));
        }
        assert!(
            "nope"
                .parse::<Rule>()
                .unwrap_err()
                .contains("undefined-acronym")
        );
    }

    #[test]
    fn severities_default_and_override() {
        let mut s = Severities::default();
        assert_eq!(s.get(Rule::TermCase), Some(Severity::Hint));
        s.set(Rule::TermCase, None);
        assert_eq!(s.get(Rule::TermCase), None);
        assert!(Severity::Error > Severity::Warning);
    }
}

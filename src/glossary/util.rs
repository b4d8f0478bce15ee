//! What the parsers of the formats teams already keep (CSV, TBX, front matter, …) share.

use std::sync::Arc;

use super::{CaseRule, Entry, Origin, Problem, ProblemKind, Status};
use crate::text::LineIndex;

/// Positions of byte offsets in one source.
pub(super) struct Positions<'a> {
    name: Arc<str>,
    text: &'a str,
    index: LineIndex,
}

impl<'a> Positions<'a> {
    pub(super) fn new(name: &Arc<str>, text: &'a str) -> Positions<'a> {
        Positions {
            name: name.clone(),
            text,
            index: LineIndex::new(text),
        }
    }

    pub(super) fn at(&self, offset: usize) -> Origin {
        let offset = offset.min(self.text.len());
        let pos = self.index.line_col(self.text, offset);
        Origin {
            source: self.name.clone(),
            line: pos.line,
            column: pos.column,
        }
    }

    /// A `glossary-syntax` problem at `offset`.
    pub(super) fn problem(&self, offset: usize, message: impl Into<String>) -> Problem {
        Problem {
            kind: ProblemKind::Syntax,
            origin: self.at(offset),
            message: message.into(),
        }
    }
}

/// An entry with only its term.
pub(super) fn entry(term: &str, origin: Origin) -> Entry {
    Entry {
        term: term.trim().to_string(),
        expansion: None,
        aliases: Vec::new(),
        summary: None,
        definition: None,
        see_also: Vec::new(),
        tags: Vec::new(),
        status: Status::Preferred,
        use_instead: None,
        case: None,
        origin,
    }
}

/// Trimmed, or `None` when nothing is left.
pub(super) fn nonempty(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// The status a term base writes in words: its own names and the usual synonyms of
/// terminology tools (`admitted`, `approved`, `obsolete`, `prohibited`, TBX picklist values
/// such as `deprecatedTerm-admn-sts`). `None` for a word it does not know.
pub(super) fn status_word(value: &str) -> Option<Status> {
    let word = value
        .trim()
        .to_ascii_lowercase()
        .replace("-admn-sts", "")
        .replace(['_', ' ', '-'], "");
    let word = word.strip_suffix("term").unwrap_or(&word);
    match word {
        "" | "preferred" | "admitted" | "approved" | "standardized" | "standardised" | "legal"
        | "regulated" | "allowed" | "ok" | "active" | "proposed" => Some(Status::Preferred),
        "deprecated" | "superseded" | "obsolete" | "notrecommended" | "discouraged" | "avoid" => {
            Some(Status::Deprecated)
        }
        "forbidden" | "prohibited" | "rejected" | "banned" | "donotuse" | "dontuse" => {
            Some(Status::Forbidden)
        }
        _ => None,
    }
}

/// A yes/no cell: `yes`, `true`, `1`, `x`, `y` or `no`, `false`, `0`, `n`.
pub(super) fn yes_no(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "x" | "✓" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// A case-sensitivity value: `sensitive`/`insensitive` or yes/no (yes means sensitive).
pub(super) fn case_word(value: &str) -> Option<CaseRule> {
    match value
        .trim()
        .to_ascii_lowercase()
        .replace(['-', '_', ' '], "")
        .as_str()
    {
        "sensitive" | "casesensitive" | "exact" | "matchcase" => Some(CaseRule::Sensitive),
        "insensitive" | "caseinsensitive" | "any" | "ignorecase" => Some(CaseRule::Insensitive),
        other => yes_no(other).map(|yes| {
            if yes {
                CaseRule::Sensitive
            } else {
                CaseRule::Insensitive
            }
        }),
    }
}

/// A list written in one cell or line: split on `|`, and on `;` or `,` (whichever is not
/// `separator`, the character that separates the fields themselves).
pub(super) fn split_list(value: &str, separator: u8) -> Vec<String> {
    let inner = if separator == b';' { ',' } else { ';' };
    value.split(['|', inner]).filter_map(nonempty).collect()
}

/// The first paragraph's first sentence, for a summary.
pub(super) fn first_sentence(text: &str) -> String {
    let paragraph = text.split("\n\n").next().unwrap_or(text);
    let joined = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.find(". ") {
        Some(end) => joined[..=end].to_string(),
        None => joined,
    }
}

//! Sphinx glossaries: the `.. glossary::` directives of a reStructuredText file.
//!
//! ```rst
//! .. glossary::
//!    :sorted:
//!
//!    API (application programming interface)
//!       A contract that lets one program use another's functions.
//!
//!    SLO
//!    service level objective
//!       A target for a service's reliability.
//! ```
//!
//! Each group of term lines (stacked lines are aliases of one entry) followed by an
//! indented definition is an entry. `API (long form)` gives the expansion; so does a
//! multi-word alias stacked under an acronym. A `term : index-key` classifier is dropped.
//! The definition becomes Markdown (inline literals, roles and links rewritten).

use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::{Entry, Origin, Parsed, Problem, ProblemKind, Status};
use crate::text::LineIndex;

struct Line<'a> {
    /// Text without leading white space and line break.
    text: &'a str,
    indent: usize,
    /// Source offset of `text`.
    start: usize,
}

impl Line<'_> {
    fn blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let content = raw.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start_matches([' ', '\t']);
        let indent = content.len() - trimmed.len();
        out.push(Line {
            text: trimmed.trim_end(),
            indent,
            start: offset + indent,
        });
        offset += raw.len();
    }
    out
}

pub(super) fn parse(name: &Arc<str>, text: &str) -> Parsed {
    let index = LineIndex::new(text);
    let origin_at = |offset: usize| {
        let pos = index.line_col(text, offset);
        Origin {
            source: name.clone(),
            line: pos.line,
            column: pos.column,
        }
    };
    let lines = lines(text);
    let mut parsed = Parsed::default();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let directive = line
            .text
            .strip_prefix("..")
            .map(str::trim_start)
            .is_some_and(|rest| rest == "glossary::" || rest.starts_with("glossary:: "));
        if !directive {
            i += 1;
            continue;
        }
        let end = body_end(&lines, i + 1, line.indent);
        directive_body(&lines[i + 1..end], line.indent, &origin_at, &mut parsed);
        i = end;
    }
    parsed
}

/// The index of the first line after `from` that is not blank and indented no more than
/// `indent`.
fn body_end(lines: &[Line<'_>], from: usize, indent: usize) -> usize {
    let mut i = from;
    while lines.get(i).is_some_and(|l| l.blank() || l.indent > indent) {
        i += 1;
    }
    i
}

fn directive_body(
    body: &[Line<'_>],
    directive_indent: usize,
    origin_at: &dyn Fn(usize) -> Origin,
    parsed: &mut Parsed,
) {
    // Options (`:sorted:`) come first.
    let mut i = 0;
    while body
        .get(i)
        .is_some_and(|l| !l.blank() && l.text.starts_with(':') && l.text[1..].contains(':'))
    {
        i += 1;
    }
    let Some(term_indent) = body[i..].iter().find(|l| !l.blank()).map(|l| l.indent) else {
        return;
    };
    while i < body.len() {
        let line = &body[i];
        if line.blank() {
            i += 1;
            continue;
        }
        if line.indent != term_indent {
            // Indented less than the terms (but inside the directive), or a definition
            // with no term above it.
            parsed.problems.push(Problem {
                kind: ProblemKind::Syntax,
                origin: origin_at(line.start),
                message: if line.indent > directive_indent && line.indent < term_indent {
                    "glossary line is indented less than the terms above it".to_string()
                } else {
                    "glossary definition has no term above it".to_string()
                },
            });
            // Skip what hangs below it, up to the next term.
            i = body_end(body, i + 1, term_indent);
            continue;
        }
        let first = i;
        while body
            .get(i)
            .is_some_and(|l| !l.blank() && l.indent == term_indent)
        {
            i += 1;
        }
        let terms = &body[first..i];
        let end = body_end(body, i, term_indent);
        let definition = &body[i..end];
        i = end;
        let origin = origin_at(terms[0].start);
        match entry(terms, definition, origin.clone()) {
            Ok(entry) => {
                parsed
                    .problems
                    .extend(super::incomplete(&entry, origin.clone()));
                parsed.entries.push(entry);
            }
            Err(message) => parsed.push(Err(message), origin),
        }
    }
}

fn entry(terms: &[Line<'_>], definition: &[Line<'_>], origin: Origin) -> Result<Entry, String> {
    let mut names: Vec<String> = Vec::new();
    let mut expansion: Option<String> = None;
    for line in terms {
        let text = line.text.split(" : ").next().unwrap_or(line.text).trim();
        let (term, long) = split_term(text);
        if expansion.is_none() {
            expansion = long;
        }
        names.push(inline_to_text(term));
    }
    let term = names.remove(0);
    if term.is_empty() {
        return Err("glossary entry has no term".to_string());
    }
    // A phrase stacked with an acronym is the acronym's long form.
    if expansion.is_none()
        && crate::acronym::is_acronym_shaped(&term)
        && let Some(at) = names.iter().position(|n| n.contains(' '))
    {
        expansion = Some(names.remove(at));
    }
    let indent = definition
        .iter()
        .filter(|l| !l.blank())
        .map(|l| l.indent)
        .min()
        .unwrap_or(0);
    let mut text = String::new();
    for line in definition {
        if line.blank() {
            text.push('\n');
        } else {
            text.push_str(&" ".repeat(line.indent - indent));
            text.push_str(line.text);
            text.push('\n');
        }
    }
    let markdown = inline_to_markdown(text.trim());
    let summary = (!markdown.is_empty()).then(|| first_sentence(&markdown));
    Ok(Entry {
        term,
        expansion: expansion.filter(|e| !e.is_empty()),
        aliases: names,
        summary,
        definition: (!markdown.is_empty()).then_some(markdown),
        see_also: Vec::new(),
        tags: Vec::new(),
        status: Status::Preferred,
        use_instead: None,
        case: None,
        origin,
    })
}

/// `API (application programming interface)` → ("API", Some(long form)).
fn split_term(text: &str) -> (&str, Option<String>) {
    if let Some(inner) = text.strip_suffix(')')
        && let Some(open) = inner.rfind(" (")
    {
        let short = inner[..open].trim();
        if crate::acronym::is_acronym_shaped(short) {
            return (short, Some(inner[open + 2..].trim().to_string()));
        }
    }
    (text, None)
}

static ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r":[A-Za-z0-9:+._-]+:`([^`<]*?)\s*(?:<[^`>]*>)?`").expect("static regex")
});
static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`([^`<]+?)\s*<([^`>]+)>`__?").expect("static regex"));
static LITERAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"``([^`]+)``").expect("static regex"));

/// A term as plain text (roles and literals keep their text).
fn inline_to_text(text: &str) -> String {
    let text = ROLE.replace_all(text, "$1");
    LITERAL.replace_all(&text, "$1").trim().to_string()
}

/// A definition as Markdown: ``code`` → `code`, roles → their text, links → Markdown links.
fn inline_to_markdown(text: &str) -> String {
    let text = LITERAL.replace_all(text, "`$1`");
    let text = LINK.replace_all(&text, "[$1]($2)");
    ROLE.replace_all(&text, "$1").to_string()
}

use super::util::first_sentence;

#[cfg(test)]
mod tests {
    use super::super::{ProblemKind, SourceFormat, parse_source};

    #[test]
    fn glossary_directives_become_entries() {
        let text = "Terms\n=====\n\n.. glossary::\n   :sorted:\n\n   API (application programming interface)\n      A contract between programs. It names\n      operations, see :ref:`the guide <guide>`.\n\n   SLO\n   service level objective\n      A target, as ``slo.yaml`` says.\n\n   widget : index\n   gadget\n      A thing.\n\nAfter the glossary, ``prose``.\n";
        let parsed = parse_source("terms.rst", text, SourceFormat::Restructuredtext);
        assert_eq!(parsed.problems, vec![]);
        let api = &parsed.entries[0];
        assert_eq!(api.term, "API");
        assert_eq!(
            api.expansion.as_deref(),
            Some("application programming interface")
        );
        assert_eq!(api.summary.as_deref(), Some("A contract between programs."));
        assert_eq!(
            api.definition.as_deref(),
            Some("A contract between programs. It names\noperations, see the guide.")
        );
        assert_eq!((api.origin.line, api.origin.column), (7, 4));
        let slo = &parsed.entries[1];
        assert_eq!(slo.term, "SLO");
        assert_eq!(slo.expansion.as_deref(), Some("service level objective"));
        assert_eq!(
            slo.definition.as_deref(),
            Some("A target, as `slo.yaml` says.")
        );
        let widget = &parsed.entries[2];
        assert_eq!(widget.term, "widget");
        assert_eq!(widget.aliases, vec!["gadget"]);
        assert_eq!(parsed.entries.len(), 3);
    }

    #[test]
    fn a_bad_entry_keeps_its_neighbours_and_is_reported_where_it_is() {
        let text = ".. glossary::\r\n\r\n    DLQ\r\n       Dead letter queue.\r\n\r\n  stray line\r\n\r\n    TTL\r\n\r\n    Café\r\n       Coffee, in French.\r\n";
        let parsed = parse_source("g.rst", text, SourceFormat::Restructuredtext);
        let terms: Vec<&str> = parsed.entries.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms, vec!["DLQ", "TTL", "Café"]);
        let problems: Vec<(ProblemKind, u32, u32)> = parsed
            .problems
            .iter()
            .map(|p| (p.kind, p.origin.line, p.origin.column))
            .collect();
        assert_eq!(
            problems,
            vec![
                (ProblemKind::Syntax, 6, 3),
                (ProblemKind::IncompleteEntry, 8, 5)
            ]
        );
    }
}

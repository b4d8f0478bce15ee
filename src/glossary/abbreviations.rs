//! MkDocs abbreviation files (Python-Markdown's `abbr` extension), often one shared file
//! appended to every page:
//!
//! ```markdown
//! *[HTML]: Hyper Text Markup Language
//! *[W3C]:  World Wide Web Consortium
//! ```
//!
//! Each line defines an entry whose expansion is the text after the colon. Lines in fenced
//! code blocks are skipped; every other line is left alone.

use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::util::{Positions, entry, nonempty};
use super::{Parsed, Problem, ProblemKind};

/// `*[ABBR]: expansion` at the start of a line (up to three spaces before it).
pub(super) static LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ {0,3}\*\[([^\]]+)\]:(.*)$").expect("static regex"));

pub(super) fn parse(name: &Arc<str>, text: &str) -> Parsed {
    let at = Positions::new(name, text);
    let mut parsed = Parsed::default();
    for (start, line) in lines_outside_fences(text) {
        let Some(caps) = LINE.captures(line) else {
            continue;
        };
        let (Some(term), Some(rest)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let origin = at.at(start + term.start() - 2);
        if term.as_str().trim().is_empty() {
            parsed
                .problems
                .push(at.problem(start + term.start() - 2, "`*[]:` names no abbreviation"));
            continue;
        }
        let mut abbr = entry(term.as_str(), origin.clone());
        abbr.expansion = nonempty(rest.as_str());
        if abbr.expansion.is_none() {
            parsed.problems.push(Problem {
                kind: ProblemKind::IncompleteEntry,
                origin,
                message: format!(
                    "abbreviation `{}` has no expansion after its colon",
                    abbr.term
                ),
            });
            continue;
        }
        parsed.entries.push(abbr);
    }
    parsed
}

/// Each line (without its line break, `\r` included) with its byte offset, leaving out
/// fenced code blocks.
pub(super) fn lines_outside_fences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(c) = marker {
            let run = trimmed.chars().take_while(|x| *x == c).count();
            if run >= 3 {
                match fence {
                    None => fence = Some((c, run)),
                    Some((open, len)) if open == c && run >= len => fence = None,
                    Some(_) => {}
                }
                continue;
            }
        }
        if fence.is_none() {
            out.push((start, line));
        }
    }
    out
}

/// Whether Markdown text is an abbreviation file: it has abbreviation lines and no
/// headings (a glossary page with sections is read by sections).
pub(super) fn looks_like(text: &str) -> bool {
    let lines = lines_outside_fences(text);
    lines.iter().any(|(_, l)| LINE.is_match(l))
        && !lines.iter().any(|(_, l)| {
            let t = l.trim_start();
            t.starts_with('#') && t.trim_start_matches('#').starts_with([' ', '\t'])
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_entries_with_positions() {
        let text = "<!-- shared -->\r\n*[HTML]: Hyper Text Markup Language\r\n  *[Ü-Bahn]: Untergrundbahn\r\n```\r\n*[NOT]: in code\r\n```\r\n*[EMPTY]:\r\n";
        let parsed = parse(&Arc::from("abbr.md"), text);
        let got: Vec<(String, Option<String>, String)> = parsed
            .entries
            .iter()
            .map(|e| (e.term.clone(), e.expansion.clone(), e.origin.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "HTML".to_string(),
                    Some("Hyper Text Markup Language".to_string()),
                    "abbr.md:2:1".to_string()
                ),
                (
                    "Ü-Bahn".to_string(),
                    Some("Untergrundbahn".to_string()),
                    "abbr.md:3:3".to_string()
                ),
            ]
        );
        assert_eq!(parsed.problems.len(), 1);
        assert!(
            parsed.problems[0]
                .to_string()
                .starts_with("abbr.md:7:1: abbreviation `EMPTY` has no expansion"),
            "{}",
            parsed.problems[0]
        );
        assert!(looks_like(text));
        assert!(!looks_like("# Glossary\n\n*[HTML]: x\n"));
    }
}

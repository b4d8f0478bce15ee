//! LaTeX glossaries: the `\newacronym`, `\newabbreviation`, `\newglossaryentry`,
//! `\longnewglossaryentry`, `\DeclareAcronym` (acro) and `\acro`/`\acrodef` (acronym)
//! declarations of a `.tex` file, as teams keep them in an `acronyms.tex` that every
//! chapter loads.
//!
//! An abbreviation becomes an entry with its short form as the term and its long form as
//! the expansion (acro's `alt` as an alias); a glossary entry keeps its `name` as the term
//! and its `description` as the summary, or as the expansion when the name is an acronym
//! and the description a short phrase. Arguments are read as LaTeX (`\'e`, `\emph{…}`).

use std::sync::Arc;

use super::{Entry, Origin, Parsed, Status};
use crate::markup::latex::{Declaration, declarations, plain_text};
use crate::text::LineIndex;

pub(super) fn parse(name: &Arc<str>, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let index = LineIndex::new(text);
    let mut found = declarations(text);
    // A declaration whose arguments are missing is still reported where it stands.
    report_incomplete(text, &mut found);
    for decl in &found {
        let pos = index.line_col(text, decl.at);
        let origin = Origin {
            source: name.clone(),
            line: pos.line,
            column: pos.column,
        };
        match entry(text, decl, origin.clone()) {
            Ok(entry) => {
                parsed
                    .problems
                    .extend(super::incomplete(&entry, origin.clone()));
                parsed.entries.push(entry);
            }
            Err(message) => parsed.push(Err(message), origin),
        }
    }
    parsed
}

/// Declarations [`declarations`] could not read whole (a missing argument) are kept as
/// empty ones, so that [`entry`] reports them.
fn report_incomplete(text: &str, found: &mut Vec<Declaration>) {
    const COMMANDS: [&str; 9] = [
        "\\newacronym",
        "\\newabbreviation",
        "\\newglossaryentry",
        "\\longnewglossaryentry",
        "\\provideglossaryentry",
        "\\DeclareAcronym",
        "\\acrodef",
        "\\acro",
        "\\newacro",
    ];
    let mut missing = Vec::new();
    for command in COMMANDS {
        for (at, _) in text.match_indices(command) {
            let after = at + command.len();
            // `\acro` is also the start of `\acrodef`, `\acronym`, …: a whole name only.
            if text[after..]
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic())
            {
                continue;
            }
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let commented = is_commented(&text[line_start..at]);
            if !commented && !found.iter().any(|d| d.at == at) {
                missing.push(Declaration {
                    at,
                    command: command[1..].to_string(),
                    key: None,
                    short: None,
                    long: None,
                    description: None,
                    aliases: Vec::new(),
                    is_entry: false,
                    end: after,
                });
            }
        }
    }
    if !missing.is_empty() {
        found.extend(missing);
        found.sort_by_key(|d| d.at);
    }
}

/// Whether a line up to a position has an unescaped `%` (the rest is a comment).
fn is_commented(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'%' && (i == 0 || bytes[i - 1] != b'\\'))
}

fn entry(text: &str, decl: &Declaration, origin: Origin) -> Result<Entry, String> {
    let command = &decl.command;
    let read = |range: &Option<std::ops::Range<usize>>| {
        range
            .as_ref()
            .map(|r| plain_text(&text[r.clone()]))
            .filter(|s| !s.is_empty())
    };
    let (Some(short), Some(long)) = (read(&decl.short), read(&decl.long)) else {
        let wanted = match command.as_str() {
            "newacronym" | "newabbreviation" => "{key}{short}{long}",
            "DeclareAcronym" => "{key}{short = …, long = …}",
            "acro" | "acrodef" | "newacro" => "{short}{long}",
            _ => "{key}{name = …, description = …}",
        };
        return Err(format!(
            "\\{command} needs {wanted}: a short form and a long form (or a name and a description)"
        ));
    };
    let mut entry = Entry {
        term: short.clone(),
        expansion: None,
        aliases: decl
            .aliases
            .iter()
            .filter_map(|r| read(&Some(r.clone())))
            .collect(),
        summary: None,
        definition: None,
        see_also: Vec::new(),
        tags: Vec::new(),
        status: Status::Preferred,
        use_instead: None,
        case: None,
        origin,
    };
    if let Some(description) = read(&decl.description).filter(|_| !decl.is_entry) {
        // An abbreviation that also has a description (glossaries-extra, acro).
        entry.summary = Some(description);
    }
    let phrase = long.split_whitespace().count() <= 8 && !long.ends_with('.');
    if !decl.is_entry || (crate::acronym::is_acronym_shaped(&short) && phrase) {
        entry.expansion = Some(long);
    } else {
        entry.summary = Some(long);
    }
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::super::{SourceFormat, parse_source};

    #[test]
    fn every_package_declares_entries_with_positions() {
        let text = "% acronyms.tex\n\\newacronym{api}{API}{Application Programming Interface}\n\\newglossaryentry{latency}{name={latency},description={The delay before a transfer starts.}}\n\\DeclareAcronym{eu}{short = EU, long = European Union, alt = EC}\n\\acro{SLA}{service level agre\\'ement}\n\\newglossaryentry{gpu}{name=GPU, description={graphics processing unit}}\n";
        let parsed = parse_source("acronyms.tex", text, SourceFormat::Latex);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let e = &parsed.entries;
        assert_eq!(e.len(), 5);
        assert_eq!(e[0].term, "API");
        assert_eq!(
            e[0].expansion.as_deref(),
            Some("Application Programming Interface")
        );
        assert_eq!((e[0].origin.line, e[0].origin.column), (2, 1));
        assert_eq!(e[1].term, "latency");
        assert_eq!(
            e[1].summary.as_deref(),
            Some("The delay before a transfer starts.")
        );
        assert_eq!(e[2].term, "EU");
        assert_eq!(e[2].aliases, ["EC"]);
        assert_eq!(e[3].expansion.as_deref(), Some("service level agreément"));
        assert_eq!(e[4].expansion.as_deref(), Some("graphics processing unit"));
    }

    #[test]
    fn a_bad_declaration_is_reported_and_keeps_its_neighbours() {
        let text = "\\newacronym{a}{AB}{alpha beta}\n  \\newacronym{c}{CD}\n\\DeclareAcronym{x}{short = XY}\n\\newacronym{e}{EF}{echo foxtrot}\n% \\newacronym{z}{Z}\n";
        let parsed = parse_source("g.tex", text, SourceFormat::Latex);
        let terms: Vec<&str> = parsed.entries.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms, ["AB", "EF"]);
        let at: Vec<String> = parsed
            .problems
            .iter()
            .map(|p| p.origin.to_string())
            .collect();
        assert_eq!(at, ["g.tex:2:3", "g.tex:3:1"], "{:?}", parsed.problems);
        assert!(parsed.problems[0].message.contains("\\newacronym needs"));
    }
}

//! CSV term bases with a header row, as spreadsheets and terminology tools export them:
//!
//! ```text
//! Term;Definition;Expansion;Part of speech;Case sensitive;Status;Use instead
//! SLA;Promised service level;Service Level Agreement;noun;yes;;
//! whitelist;;;noun;;forbidden;allowlist
//! ```
//!
//! Header names are matched case-insensitively, ignoring spaces, `_` and `-`; unknown
//! columns are ignored. The separator (`,`, `;` or a tab) is the one the header row uses
//! most. Parsed with the `csv` crate; every problem names its row and cell.

use std::sync::Arc;

use super::util::{Positions, case_word, entry, nonempty, split_list, status_word, yes_no};
use super::{Parsed, Status};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Term,
    Definition,
    Summary,
    Expansion,
    Aliases,
    PartOfSpeech,
    Case,
    Status,
    Forbidden,
    Deprecated,
    UseInstead,
    SeeAlso,
    Tags,
}

/// The column a header names, if glossary-ls reads it.
fn column(header: &str) -> Option<Column> {
    let key: String = header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    Some(match key.as_str() {
        "term" | "terms" | "name" | "word" | "sourceterm" | "entry" | "concept" | "acronym" => {
            Column::Term
        }
        "definition" | "description" | "meaning" | "explanation" | "definitions" => {
            Column::Definition
        }
        "summary" | "shortdescription" | "shortdefinition" => Column::Summary,
        "expansion" | "longform" | "fullform" | "standsfor" | "expanded" | "abbreviationof" => {
            Column::Expansion
        }
        "aliases" | "alias" | "synonyms" | "synonym" | "aka" | "alsoknownas" | "variants" => {
            Column::Aliases
        }
        "partofspeech" | "pos" | "wordclass" => Column::PartOfSpeech,
        "case" | "casesensitive" | "casesensitivity" | "matchcase" => Column::Case,
        "status" | "usage" | "usagestatus" | "administrativestatus" => Column::Status,
        "forbidden" | "donotuse" | "prohibited" => Column::Forbidden,
        "deprecated" => Column::Deprecated,
        "useinstead" | "replacement" | "preferredterm" | "replacedby" => Column::UseInstead,
        "seealso" | "related" | "relatedterms" => Column::SeeAlso,
        "tags" | "tag" | "category" | "categories" | "domain" | "subject" | "subjectfield" => {
            Column::Tags
        }
        _ => return None,
    })
}

/// The separator the header line uses most (outside quotes): `,`, `;` or a tab.
fn sniff(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(c) = counts.iter_mut().find(|(c, _)| *c == b) {
            c.1 += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(c, n)| (*n, *c == b','))
        .map_or(b',', |(c, _)| *c)
}

/// The byte offset of field `index` of the record that starts at `start`.
fn cell_offset(text: &str, start: usize, separator: u8, index: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut field = 0;
    let mut quoted = false;
    while i < bytes.len() && field < index {
        let b = bytes[i];
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && b == separator {
            field += 1;
        } else if !quoted && b == b'\n' {
            break;
        }
        i += 1;
    }
    i
}

pub(super) fn parse(name: &Arc<str>, text: &str) -> Parsed {
    let at = Positions::new(name, text);
    let mut parsed = Parsed::default();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let separator = if name.to_ascii_lowercase().ends_with(".tsv") {
        b'\t'
    } else {
        sniff(&text[bom..])
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(&text.as_bytes()[bom..]);
    let mut columns: Option<Vec<Option<Column>>> = None;
    let mut record = csv::StringRecord::new();
    loop {
        let start = bom + reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let offset = error.position().map_or(start, |p| bom + p.byte() as usize);
                parsed
                    .problems
                    .push(at.problem(offset, format!("cannot read this row: {error}")));
                continue;
            }
        }
        // The record's own start (the reader's position before it may be a blank line).
        let mut start = record.position().map_or(start, |p| bom + p.byte() as usize);
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let Some(cols) = &columns else {
            let found: Vec<Option<Column>> = record.iter().map(column).collect();
            if !found.contains(&Some(Column::Term)) {
                parsed.problems.push(at.problem(
                    start,
                    "the header row has no `term` column (expected a header such as Term, \
                     Definition, Expansion, Status)",
                ));
                return parsed;
            }
            columns = Some(found);
            continue;
        };
        row(&record, cols, start, separator, text, &at, &mut parsed);
    }
    if columns.is_none() {
        parsed
            .problems
            .push(at.problem(0, "a CSV glossary needs a header row with a `term` column"));
    }
    parsed
}

fn row(
    record: &csv::StringRecord,
    columns: &[Option<Column>],
    start: usize,
    separator: u8,
    text: &str,
    at: &Positions<'_>,
    parsed: &mut Parsed,
) {
    let cell_at = |i: usize| cell_offset(text, start, separator, i);
    let mut term: Option<(usize, String)> = None;
    let mut problems = Vec::new();
    let mut e = entry("", at.at(start));
    let mut lost = false;
    for (i, value) in record.iter().enumerate() {
        let Some(Some(col)) = columns.get(i) else {
            continue;
        };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match col {
            Column::Term => {
                if term.is_none() {
                    term = Some((i, value.to_string()));
                }
            }
            Column::Definition => e.definition = nonempty(value),
            Column::Summary => e.summary = nonempty(value),
            Column::Expansion => e.expansion = nonempty(value),
            Column::Aliases => e.aliases.extend(split_list(value, separator)),
            Column::SeeAlso => e.see_also.extend(split_list(value, separator)),
            Column::Tags => e.tags.extend(split_list(value, separator)),
            Column::UseInstead => e.use_instead = nonempty(value),
            Column::PartOfSpeech => {}
            Column::Case => match case_word(value) {
                Some(case) => e.case = Some(case),
                None => problems.push(at.problem(
                    cell_at(i),
                    format!("unknown case `{value}`, expected sensitive, insensitive, yes or no"),
                )),
            },
            Column::Status => match status_word(value) {
                Some(status) => e.status = status,
                None => {
                    problems.push(at.problem(
                        cell_at(i),
                        format!(
                            "unknown status `{value}`, expected preferred, deprecated or forbidden"
                        ),
                    ));
                    lost = true;
                }
            },
            Column::Forbidden | Column::Deprecated => match yes_no(value) {
                Some(true) if *col == Column::Forbidden => e.status = Status::Forbidden,
                Some(true) => {
                    if e.status != Status::Forbidden {
                        e.status = Status::Deprecated;
                    }
                }
                Some(false) => {}
                None => {
                    problems
                        .push(at.problem(cell_at(i), format!("expected yes or no, not `{value}`")));
                    lost = true;
                }
            },
        }
    }
    let term_col = columns
        .iter()
        .position(|c| *c == Some(Column::Term))
        .unwrap_or(0);
    match term {
        None => problems.push(at.problem(cell_at(term_col), "this row has no term")),
        Some(_) if lost => {}
        Some((i, written)) => {
            e.term = written;
            e.origin = at.at(cell_at(i));
            if e.use_instead.is_some() && e.status == Status::Preferred {
                e.status = Status::Deprecated;
            }
            problems.extend(super::incomplete(&e, e.origin.clone()));
            parsed.entries.push(e);
        }
    }
    parsed.problems.extend(problems);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::CaseRule;

    fn run(text: &str) -> Parsed {
        parse(&Arc::from("terms.csv"), text)
    }

    #[test]
    fn semicolons_and_header_names_in_any_case() {
        let text = "\u{feff}TERM;Description;Long form;Part of Speech;Case-Sensitive;status;Use Instead;Synonyms\r\nSLA;Promised service level, per month;Service Level Agreement;noun;yes;;;service agreement, SLO-backed contract\r\n\r\nwhitelist;;;noun;;Forbidden;allowlist;\r\nÉtat-major;Le commandement;;nom;no;admitted;;\r\n";
        let parsed = run(text);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let [sla, white, etat] = &parsed.entries[..] else {
            panic!("{:?}", parsed.entries)
        };
        assert_eq!(sla.term, "SLA");
        assert_eq!(sla.expansion.as_deref(), Some("Service Level Agreement"));
        assert_eq!(
            sla.definition.as_deref(),
            Some("Promised service level, per month")
        );
        assert_eq!(sla.aliases, ["service agreement", "SLO-backed contract"]);
        assert_eq!(sla.case, Some(CaseRule::Sensitive));
        assert_eq!(sla.origin.to_string(), "terms.csv:2:1");
        assert_eq!(white.status, Status::Forbidden);
        assert_eq!(white.use_instead.as_deref(), Some("allowlist"));
        assert_eq!(white.origin.to_string(), "terms.csv:4:1");
        assert_eq!(etat.term, "État-major");
        assert_eq!(etat.case, Some(CaseRule::Insensitive));
    }

    #[test]
    fn a_bad_cell_is_reported_at_its_column_and_its_neighbours_kept() {
        let text = "term,definition,status,case\nAPI,\"A contract, between programs\",preferred,maybe\nFOO,Old name,retired,\n,Orphan definition,,\nBAR,\"Quoted\nacross lines\",,\n";
        let parsed = run(text);
        let messages: Vec<String> = parsed.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            messages,
            [
                "terms.csv:2:46: unknown case `maybe`, expected sensitive, insensitive, yes or no",
                "terms.csv:3:14: unknown status `retired`, expected preferred, deprecated or forbidden",
                "terms.csv:4:1: this row has no term",
            ]
        );
        let terms: Vec<&str> = parsed.entries.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms, ["API", "BAR"]);
        assert_eq!(
            parsed.entries[1].definition.as_deref(),
            Some("Quoted\nacross lines")
        );
    }

    #[test]
    fn a_header_without_a_term_column_is_one_problem() {
        let parsed = run("word class,meaning\nnoun,x\n");
        // "word class" is not "word".
        assert_eq!(parsed.entries.len(), 0);
        assert_eq!(parsed.problems.len(), 1);
        assert!(
            parsed.problems[0]
                .to_string()
                .starts_with("terms.csv:1:1: the header row has no `term` column")
        );
    }
}

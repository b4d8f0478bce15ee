//! `glossary-ls define TERM` and `glossary-ls terms`.

use std::process::ExitCode;

use serde::Serialize;

use super::{CliError, GlobalArgs};
use crate::glossary::{Entry, Glossary, Status};

pub fn define(global: &GlobalArgs, term: &str) -> Result<ExitCode, CliError> {
    let project = global.project_here()?;
    let glossary = project.engine.glossary();
    warn_problems(glossary);
    let found = glossary
        .lookup(term)
        .or_else(|| glossary.lookup(crate::acronym::base_form(term.trim())));
    match found {
        Some(id) => {
            let text = render_entry(glossary.entry(id));
            super::write_stdout(|out| out.write_all(text.as_bytes()))?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let near = glossary.suggestions(term, 5);
            if near.is_empty() {
                eprintln!("glossary-ls: no glossary entry for `{term}`");
            } else {
                eprintln!(
                    "glossary-ls: no glossary entry for `{term}`; did you mean: {}?",
                    near.join(", ")
                );
            }
            Ok(ExitCode::from(1))
        }
    }
}

/// An entry as text: term and expansion, status, definition, links and where it comes from.
pub fn render_entry(entry: &Entry) -> String {
    let mut out = String::new();
    match &entry.expansion {
        Some(expansion) => out.push_str(&format!("{} — {}\n", entry.term, expansion)),
        None => out.push_str(&format!("{}\n", entry.term)),
    }
    if !entry.aliases.is_empty() {
        out.push_str(&format!("Also: {}\n", entry.aliases.join(", ")));
    }
    if entry.status != Status::Preferred {
        let status = if entry.status == Status::Forbidden {
            "forbidden"
        } else {
            "deprecated"
        };
        match &entry.use_instead {
            Some(instead) => out.push_str(&format!("Status: {status}; use `{instead}` instead\n")),
            None => out.push_str(&format!("Status: {status}\n")),
        }
    }
    out.push('\n');
    match (&entry.definition, &entry.summary) {
        (Some(definition), _) => out.push_str(&format!("{}\n", definition.trim_end())),
        (None, Some(summary)) => out.push_str(&format!("{summary}\n")),
        (None, None) => out.push_str("(no definition)\n"),
    }
    out.push('\n');
    if !entry.see_also.is_empty() {
        out.push_str(&format!("See also: {}\n", entry.see_also.join(", ")));
    }
    if !entry.tags.is_empty() {
        out.push_str(&format!("Tags: {}\n", entry.tags.join(", ")));
    }
    out.push_str(&format!("Source: {}\n", entry.origin));
    out
}

#[derive(Serialize)]
struct TermJson<'a> {
    term: &'a str,
    expansion: Option<&'a str>,
    aliases: &'a [String],
    summary: Option<&'a str>,
    definition: Option<&'a str>,
    see_also: &'a [String],
    tags: &'a [String],
    status: Status,
    use_instead: Option<&'a str>,
    source: SourceJson<'a>,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    path: &'a str,
    line: u32,
    column: u32,
}

pub fn terms(global: &GlobalArgs, json: bool) -> Result<ExitCode, CliError> {
    let project = global.project_here()?;
    let glossary = project.engine.glossary();
    warn_problems(glossary);
    let mut entries: Vec<&Entry> = glossary.entries().iter().collect();
    entries.sort_by_key(|e| e.term.to_lowercase());
    if json {
        let list: Vec<TermJson<'_>> = entries
            .iter()
            .map(|e| TermJson {
                term: &e.term,
                expansion: e.expansion.as_deref(),
                aliases: &e.aliases,
                summary: e.summary.as_deref(),
                definition: e.definition.as_deref(),
                see_also: &e.see_also,
                tags: &e.tags,
                status: e.status,
                use_instead: e.use_instead.as_deref(),
                source: SourceJson {
                    path: &e.origin.source,
                    line: e.origin.line,
                    column: e.origin.column,
                },
            })
            .collect();
        let text = serde_json::to_string_pretty(&list)
            .map_err(|e| CliError::Usage(format!("cannot write JSON: {e}")))?;
        super::write_stdout(|out| writeln!(out, "{text}"))?;
    } else {
        let width = entries
            .iter()
            .map(|e| e.term.chars().count())
            .max()
            .unwrap_or(0);
        super::write_stdout(|out| {
            for e in &entries {
                let expansion = e.expansion.as_deref().unwrap_or("");
                writeln!(out, "{:width$}  {:40}  {}", e.term, expansion, e.origin)?;
            }
            Ok(())
        })?;
        eprintln!("{}", entry_count(entries.len()));
    }
    Ok(ExitCode::SUCCESS)
}

/// "1 entry", "2 entries".
fn entry_count(n: usize) -> String {
    format!("{n} {}", if n == 1 { "entry" } else { "entries" })
}

fn warn_problems(glossary: &Glossary) {
    for problem in glossary.problems() {
        eprintln!("glossary-ls: warning: {problem}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_count_wording() {
        assert_eq!(entry_count(0), "0 entries");
        assert_eq!(entry_count(1), "1 entry");
        assert_eq!(entry_count(2), "2 entries");
    }
}

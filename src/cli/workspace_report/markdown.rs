//! The report as Markdown: a summary, then one table per section.

use super::first_few;
use crate::workspace_report::Report;

/// Documents named in a table cell.
const NAMED: usize = 5;

/// Text for a table cell: pipes, backslashes and HTML escaped, lines joined.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

fn cells(items: &[String]) -> String {
    cell(&first_few(items, NAMED))
}

pub fn render(report: &Report) -> String {
    let t = &report.totals;
    let mut out = String::from("# Glossary report\n\n");
    out.push_str(&format!(
        "{} documents, {} words; {} glossary terms used {} times; {} acronyms left unexplained; \
         {} definitions made; {} glossary entries, {} of them unused.\n",
        t.documents,
        t.words,
        t.terms_used,
        t.term_uses,
        t.unexplained_acronyms,
        t.definitions,
        t.glossary_entries,
        report.unused_entries.len()
    ));

    out.push_str("\n## Most used glossary terms\n\n");
    if report.top_terms.is_empty() {
        out.push_str("No glossary term is used.\n");
    } else {
        out.push_str("| term | documents | uses |\n|---|---:|---:|\n");
        for term in &report.top_terms {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                cell(&term.term),
                term.documents,
                term.uses
            ));
        }
    }

    out.push_str("\n## Most frequent unexplained acronyms\n\n");
    if report.top_unexplained.is_empty() {
        out.push_str("Every acronym is explained.\n");
    } else {
        out.push_str("| acronym | documents | where |\n|---|---:|---|\n");
        for u in &report.top_unexplained {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                cell(&u.acronym),
                u.documents.len(),
                cells(&u.documents)
            ));
        }
    }

    out.push_str("\n## Conflicting expansions\n\n");
    if report.conflicts.is_empty() {
        out.push_str("No acronym is expanded in two ways.\n");
    } else {
        out.push_str("| acronym | expansion | where |\n|---|---|---|\n");
        for conflict in &report.conflicts {
            for e in &conflict.expansions {
                let place = if e.glossary {
                    "the glossary".to_string()
                } else {
                    cells(&e.defined_in)
                };
                out.push_str(&format!(
                    "| {} | {} | {} |\n",
                    cell(&conflict.acronym),
                    cell(&e.expansion),
                    place
                ));
            }
        }
    }

    out.push_str("\n## Unused glossary entries\n\n");
    if report.unused_entries.is_empty() {
        out.push_str("Every entry is used.\n");
    } else {
        for entry in &report.unused_entries {
            out.push_str(&format!("- {}\n", cell(entry)));
        }
    }

    out.push_str("\n## Documents\n\n");
    out.push_str(
        "| document | words | glossary terms | explained | unexplained | definitions |\n\
         |---|---:|---|---|---|---|\n",
    );
    for d in &report.documents {
        let terms = d.terms_listed();
        let definitions = d.definitions_listed();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            cell(&d.path),
            d.words,
            cells(&terms),
            cells(&d.explained),
            cells(&d.unexplained),
            cells(&definitions)
        ));
    }
    out
}

//! Writing a glossary in another format (`glossary-ls export`): TOML, JSON and TBX keep
//! every field of every entry (loading the output gives the same entries); Markdown is a
//! glossary page with an anchor per entry, CSV a term base with a header row.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use quick_xml::escape::escape;
use serde::Serialize;

use super::{CaseRule, Entry, Status};

/// A format `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Toml,
    Json,
    Markdown,
    Csv,
    Tbx,
}

/// An entry as the TOML and JSON glossary formats write it (empty fields left out).
#[derive(Serialize)]
struct Written<'a> {
    term: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    expansion: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    aliases: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    definition: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    see_also: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<Status>,
    #[serde(skip_serializing_if = "Option::is_none")]
    use_instead: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    case: Option<CaseRule>,
}

#[derive(Serialize)]
struct File<'a> {
    entries: Vec<Written<'a>>,
}

fn written(entry: &Entry) -> Written<'_> {
    Written {
        term: &entry.term,
        expansion: entry.expansion.as_deref(),
        aliases: &entry.aliases,
        summary: entry.summary.as_deref(),
        definition: entry.definition.as_deref(),
        see_also: &entry.see_also,
        tags: &entry.tags,
        status: (entry.status != Status::Preferred).then_some(entry.status),
        use_instead: entry.use_instead.as_deref(),
        case: entry.case,
    }
}

/// The entries in `format`; `language` is the TBX language section's `xml:lang`.
pub fn export(entries: &[&Entry], format: ExportFormat, language: &str) -> Result<String, String> {
    let file = || File {
        entries: entries.iter().map(|e| written(e)).collect(),
    };
    match format {
        ExportFormat::Toml => toml::to_string_pretty(&file()).map_err(|e| e.to_string()),
        ExportFormat::Json => serde_json::to_string_pretty(&file())
            .map(|s| s + "\n")
            .map_err(|e| e.to_string()),
        ExportFormat::Markdown => Ok(markdown(entries)),
        ExportFormat::Csv => csv(entries),
        ExportFormat::Tbx => Ok(tbx(entries, language)),
    }
}

/// A URL fragment for each entry: its term in lower case, word characters joined by `-`,
/// numbered when two terms give the same one.
fn anchors(entries: &[&Entry]) -> Vec<String> {
    let mut seen: HashSet<String> = HashSet::new();
    entries
        .iter()
        .map(|e| {
            let mut slug = String::new();
            for c in e.term.to_lowercase().chars() {
                if c.is_alphanumeric() {
                    slug.push(c);
                } else if !slug.ends_with('-') && !slug.is_empty() {
                    slug.push('-');
                }
            }
            let slug = slug.trim_end_matches('-').to_string();
            let slug = if slug.is_empty() {
                "entry".to_string()
            } else {
                slug
            };
            let mut unique = slug.clone();
            let mut n = 2;
            while !seen.insert(unique.clone()) {
                unique = format!("{slug}-{n}");
                n += 1;
            }
            unique
        })
        .collect()
}

/// A glossary page: a `##` section per entry with an `id` anchor, labelled lines that the
/// Markdown glossary format reads back, and the definition. Entries in alphabetical order.
fn markdown(entries: &[&Entry]) -> String {
    let mut sorted: Vec<&Entry> = entries.to_vec();
    sorted.sort_by_key(|e| e.term.to_lowercase());
    let anchors = anchors(&sorted);
    let by_name: HashMap<String, &str> = sorted
        .iter()
        .zip(&anchors)
        .flat_map(|(e, a)| e.names().map(move |(n, _)| (n.to_lowercase(), a.as_str())))
        .collect();
    let mut out = String::from("# Glossary\n");
    for (e, anchor) in sorted.iter().zip(&anchors) {
        let heading = match &e.expansion {
            Some(x) if crate::acronym::is_acronym_shaped(&e.term) => {
                format!("{} ({x})", e.term)
            }
            _ => e.term.clone(),
        };
        let _ = write!(out, "\n## <a id=\"{anchor}\"></a>{heading}\n\n");
        let mut labels = Vec::new();
        if let Some(x) = &e.expansion
            && !crate::acronym::is_acronym_shaped(&e.term)
        {
            labels.push(format!("Expansion: {x}"));
        }
        if !e.aliases.is_empty() {
            labels.push(format!("Aliases: {}", e.aliases.join(", ")));
        }
        if e.status != Status::Preferred {
            let status = if e.status == Status::Forbidden {
                "forbidden"
            } else {
                "deprecated"
            };
            labels.push(format!("Status: {status}"));
        }
        if let Some(instead) = &e.use_instead {
            labels.push(format!("Use instead: {}", link(instead, &by_name)));
        }
        if !e.see_also.is_empty() {
            let links: Vec<String> = e.see_also.iter().map(|s| link(s, &by_name)).collect();
            labels.push(format!("See also: {}", links.join(", ")));
        }
        if !e.tags.is_empty() {
            labels.push(format!("Tags: {}", e.tags.join(", ")));
        }
        if let (Some(summary), Some(definition)) = (&e.summary, &e.definition)
            && super::util::first_sentence(definition) != *summary
        {
            labels.push(format!("Summary: {summary}"));
        }
        if !labels.is_empty() {
            // Two spaces: a line break between the labels on a rendered page.
            out.push_str(&labels.join("  \n"));
            out.push_str("\n\n");
        }
        match (&e.definition, &e.summary) {
            (Some(text), _) | (None, Some(text)) => {
                out.push_str(text.trim_end());
                out.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

/// `[name](#anchor)` when an entry goes by `name`, else the name.
fn link(name: &str, by_name: &HashMap<String, &str>) -> String {
    match by_name.get(&name.to_lowercase()) {
        Some(anchor) => format!("[{name}](#{anchor})"),
        None => name.to_string(),
    }
}

fn csv(entries: &[&Entry]) -> Result<String, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let error = |e: csv::Error| e.to_string();
    writer
        .write_record([
            "term",
            "expansion",
            "aliases",
            "summary",
            "definition",
            "see_also",
            "tags",
            "status",
            "use_instead",
            "case",
        ])
        .map_err(error)?;
    for e in entries {
        let status = match e.status {
            Status::Preferred => "",
            Status::Deprecated => "deprecated",
            Status::Forbidden => "forbidden",
        };
        let case = match e.case {
            None => "",
            Some(CaseRule::Sensitive) => "sensitive",
            Some(CaseRule::Insensitive) => "insensitive",
        };
        writer
            .write_record([
                e.term.as_str(),
                e.expansion.as_deref().unwrap_or(""),
                &e.aliases.join("; "),
                e.summary.as_deref().unwrap_or(""),
                e.definition.as_deref().unwrap_or(""),
                &e.see_also.join("; "),
                &e.tags.join("; "),
                status,
                e.use_instead.as_deref().unwrap_or(""),
                case,
            ])
            .map_err(error)?;
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// TBX v3 (TBX-Basic, DCA style), one concept per entry: the term, then its expansion
/// (`fullForm`), aliases and, for a deprecated or forbidden entry, the term to use instead
/// (without a status, which is how `tbx.rs` tells it from a term of the entry).
fn tbx(entries: &[&Entry], language: &str) -> String {
    let lang = escape(language);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"{lang}\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n  <tbxHeader>\n    <fileDesc>\n      <sourceDesc>\n        <p>Exported by glossary-ls</p>\n      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n  <text>\n    <body>\n"
    );
    let status_value = |status: Status, admitted: bool| match status {
        Status::Preferred if admitted => "admittedTerm-admn-sts",
        Status::Preferred => "preferredTerm-admn-sts",
        Status::Deprecated => "deprecatedTerm-admn-sts",
        Status::Forbidden => "forbiddenTerm-admn-sts",
    };
    for (i, e) in entries.iter().enumerate() {
        let _ = writeln!(out, "      <conceptEntry id=\"c{}\">", i + 1);
        for tag in &e.tags {
            let _ = writeln!(
                out,
                "        <descrip type=\"subjectField\">{}</descrip>",
                escape(tag)
            );
        }
        for target in &e.see_also {
            let _ = writeln!(
                out,
                "        <ref type=\"crossReference\">{}</ref>",
                escape(target)
            );
        }
        let _ = writeln!(out, "        <langSec xml:lang=\"{lang}\">");
        if let Some(definition) = &e.definition {
            let _ = writeln!(
                out,
                "          <descrip type=\"definition\">{}</descrip>",
                escape(definition)
            );
        }
        if let Some(summary) = &e.summary {
            let _ = writeln!(
                out,
                "          <descrip type=\"explanation\">{}</descrip>",
                escape(summary)
            );
        }
        let mut term =
            |text: &str, status: Option<&str>, kind: Option<&str>, case: Option<CaseRule>| {
                let _ = writeln!(
                    out,
                    "          <termSec>\n            <term>{}</term>",
                    escape(text)
                );
                if let Some(status) = status {
                    let _ = writeln!(
                        out,
                        "            <termNote type=\"administrativeStatus\">{status}</termNote>"
                    );
                }
                if let Some(kind) = kind {
                    let _ = writeln!(
                        out,
                        "            <termNote type=\"termType\">{kind}</termNote>"
                    );
                }
                if let Some(case) = case {
                    let case = if case == CaseRule::Sensitive {
                        "sensitive"
                    } else {
                        "insensitive"
                    };
                    let _ = writeln!(
                        out,
                        "            <termNote type=\"x-caseSensitivity\">{case}</termNote>"
                    );
                }
                out.push_str("          </termSec>\n");
            };
        let live = e.status == Status::Preferred;
        term(&e.term, Some(status_value(e.status, false)), None, e.case);
        if let Some(x) = &e.expansion {
            term(
                x,
                Some(status_value(e.status, true)),
                Some("fullForm"),
                None,
            );
        }
        for alias in &e.aliases {
            let kind = (!live).then_some("variant");
            term(alias, Some(status_value(e.status, true)), kind, None);
        }
        if let Some(instead) = &e.use_instead {
            term(instead, None, None, None);
        }
        out.push_str("        </langSec>\n      </conceptEntry>\n");
    }
    out.push_str("    </body>\n  </text>\n</tbx>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{SourceFormat, parse_source};

    /// Every field of the entry model, in every state it has, with non-ASCII text.
    const FULL: &str = r#"
[[entries]]
term = "SLO"
expansion = "Service Level Objective"
aliases = ["objectif de niveau de service", "target <99.9%>"]
summary = "A reliability target & its window."
definition = """
A target for a service's reliability, measured over a window.

Teams spend the “error budget” it leaves."""
see_also = ["SLA", "error budget"]
tags = ["reliability", "ops"]
case = "sensitive"

[[entries]]
term = "SLA"
summary = "The contract."

[[entries]]
term = "error budget"
definition = "What the SLO leaves to spend."
case = "insensitive"

[[entries]]
term = "master"
expansion = "master branch"
aliases = ["Master"]
status = "forbidden"
use_instead = "main"
tags = ["inclusive"]
see_also = ["SLA"]
summary = "Replaced."
definition = "Say main."
case = "sensitive"

[[entries]]
term = "blacklist"
status = "deprecated"

[[entries]]
term = "sanity check"
status = "deprecated"
use_instead = "quick check"
"#;

    fn load(text: &str, format: SourceFormat) -> Vec<Entry> {
        let parsed = parse_source("g", text, format);
        parsed
            .entries
            .into_iter()
            .map(|mut e| {
                e.origin.line = 0;
                e.origin.column = 0;
                e
            })
            .collect()
    }

    #[test]
    fn toml_json_and_tbx_round_trip_every_field() {
        let original = load(FULL, SourceFormat::Toml);
        assert_eq!(original.len(), 6);
        let refs: Vec<&Entry> = original.iter().collect();
        for (format, source) in [
            (ExportFormat::Toml, SourceFormat::Toml),
            (ExportFormat::Json, SourceFormat::Json),
            (ExportFormat::Tbx, SourceFormat::Tbx),
        ] {
            let text = export(&refs, format, "en").unwrap();
            let back = load(&text, source);
            assert_eq!(back, original, "{format:?}:\n{text}");
            // And with Windows line breaks.
            let back = load(&text.replace('\n', "\r\n"), source);
            assert_eq!(back.len(), original.len(), "{format:?} CRLF");
        }
    }

    #[test]
    fn markdown_is_a_page_with_anchors_that_reads_back() {
        let original = load(FULL, SourceFormat::Toml);
        let refs: Vec<&Entry> = original.iter().collect();
        let page = export(&refs, ExportFormat::Markdown, "en").unwrap();
        assert!(
            page.contains("\n## <a id=\"slo\"></a>SLO (Service Level Objective)\n"),
            "{page}"
        );
        assert!(
            page.contains("See also: [SLA](#sla), [error budget](#error-budget)"),
            "{page}"
        );
        let back = load(&page, SourceFormat::Markdown);
        let terms: Vec<&str> = back.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(
            terms,
            [
                "blacklist",
                "error budget",
                "master",
                "sanity check",
                "SLA",
                "SLO"
            ]
        );
        let slo = back.iter().find(|e| e.term == "SLO").unwrap();
        assert_eq!(slo.expansion.as_deref(), Some("Service Level Objective"));
        assert_eq!(slo.aliases, original[0].aliases);
        assert_eq!(slo.summary, original[0].summary);
    }

    #[test]
    fn csv_reads_back_as_a_term_base() {
        let original = load(FULL, SourceFormat::Toml);
        let refs: Vec<&Entry> = original.iter().collect();
        let text = export(&refs, ExportFormat::Csv, "en").unwrap();
        let back = load(&text, SourceFormat::Csv);
        assert_eq!(back, original, "{text}");
    }
}

//! What the editor shows when the pointer rests on a term.

use std::ops::Range;

use super::line_number;
use super::navigation::{TermRef, definition_of, term_at};
use crate::analysis::{Analysis, Engine};
use crate::glossary::{BUILTIN_GLOSSARY_NAME, Entry, Status};

/// A hover: the Markdown to show and the span it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub range: Range<usize>,
    pub markdown: String,
}

/// The hover at byte `offset` of `text`, or `None` on plain words.
pub fn hover(engine: &Engine, analysis: &Analysis, text: &str, offset: usize) -> Option<Hover> {
    let term = term_at(engine, analysis, offset)?;
    let markdown = match &term {
        TermRef::Entry { id, .. } => {
            let entry = engine.glossary().entry(*id);
            let mut md = entry_markdown(entry);
            if let Some(d) = definition_of(analysis, crate::acronym::base_form(&entry.term)) {
                md.push_str(&format!(
                    "\n\n*Also defined in this document, line {}, as \"{}\".*",
                    line_number(text, d.short_range.start),
                    d.long
                ));
            }
            md
        }
        TermRef::Acronym { key, .. } => acronym_markdown(engine, analysis, text, key),
    };
    Some(Hover {
        range: term.range().clone(),
        markdown,
    })
}

/// A glossary entry as Markdown: the term in bold and its expansion, the summary, the
/// definition, its status, related entries and where it is defined.
pub fn entry_markdown(entry: &Entry) -> String {
    entry_markdown_with(entry, true)
}

/// [`entry_markdown`], with or without the summary (left out where it shows already,
/// as a completion item's detail).
pub fn entry_markdown_with(entry: &Entry, with_summary: bool) -> String {
    let mut md = match &entry.expansion {
        Some(expansion) => format!("**{}** — {}", escape(&entry.term), escape(expansion)),
        None => format!("**{}**", escape(&entry.term)),
    };
    if !entry.aliases.is_empty() {
        md.push_str(&format!(
            "\n\nAlso: {}",
            entry
                .aliases
                .iter()
                .map(|a| escape(a))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    match entry.status {
        Status::Preferred => {}
        Status::Deprecated | Status::Forbidden => {
            let status = if entry.status == Status::Forbidden {
                "Forbidden"
            } else {
                "Deprecated"
            };
            match &entry.use_instead {
                Some(instead) => md.push_str(&format!(
                    "\n\n**{status}**: use *{}* instead.",
                    escape(instead)
                )),
                None => md.push_str(&format!("\n\n**{status}**.")),
            }
        }
    }
    let summary = entry.summary.as_ref().filter(|_| with_summary);
    if let Some(summary) = summary {
        md.push_str(&format!("\n\n{summary}"));
    }
    if let Some(definition) = &entry.definition {
        let first = definition.trim();
        // The summary often repeats the definition's opening; show the definition whole,
        // set apart from the summary.
        let rule = if summary.is_some() { "---\n\n" } else { "" };
        md.push_str(&format!("\n\n{rule}{first}"));
    }
    if !entry.see_also.is_empty() {
        md.push_str(&format!(
            "\n\nSee also: {}",
            entry
                .see_also
                .iter()
                .map(|s| escape(s))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    md.push_str(&format!("\n\n*{}*", origin_line(entry)));
    md
}

fn origin_line(entry: &Entry) -> String {
    let source = &*entry.origin.source;
    if source == BUILTIN_GLOSSARY_NAME {
        format!(
            "Built-in product-management glossary, line {}",
            entry.origin.line
        )
    } else {
        format!("Defined in {}, line {}", escape(source), entry.origin.line)
    }
}

fn acronym_markdown(engine: &Engine, analysis: &Analysis, text: &str, key: &str) -> String {
    if let Some(d) = definition_of(analysis, key) {
        return format!(
            "**{}** — {}\n\n*Defined in this document, line {}.*",
            escape(&d.short),
            escape(&d.long),
            line_number(text, d.short_range.start)
        );
    }
    let allowed = engine.settings().is_allowed(key);
    if allowed {
        return format!(
            "**{}** is on the allow list: it needs no expansion.",
            escape(key)
        );
    }
    let inline = analysis
        .acronyms
        .iter()
        .find(|a| *a.key == *key)
        .is_some_and(|a| a.explained_by.is_some());
    if inline {
        return format!("**{}** is allowed in this document.", escape(key));
    }
    format!(
        "**{key}** is not explained: no glossary, allow list or definition in this document \
         says what it stands for.\n\nQuick fixes: expand it at first use as \"Long Form \
         ({key})\", add {key} to the glossary, or allow it in this workspace or this document.",
        key = escape(key)
    )
}

/// Escapes Markdown so that a term renders as written.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Settings;
    use crate::glossary::Glossary;
    use crate::markup::Markup;

    fn hover_at(text: &str, needle: &str) -> Option<Hover> {
        let engine = Engine::new(Glossary::builtin(), Settings::default());
        let analysis = engine.analyze(text, Markup::Markdown);
        hover(&engine, &analysis, text, text.find(needle)? + 1)
    }

    #[test]
    fn hover_on_a_glossary_term() {
        let text = "Our public APIs are stable.";
        let h = hover_at(text, "APIs").unwrap();
        assert_eq!(&text[h.range], "APIs");
        assert!(
            h.markdown
                .starts_with("**API** — Application Program Interface"),
            "{}",
            h.markdown
        );
        assert!(
            h.markdown
                .contains("See also: web API, internal API, partner API"),
            "{}",
            h.markdown
        );
        assert!(
            h.markdown
                .contains("Built-in product-management glossary, line"),
            "{}",
            h.markdown
        );
    }

    #[test]
    fn hover_on_document_definitions_and_unknown_acronyms() {
        let text = "A Recovery Point Objective (RPO).\n\nThe RPO and the DLQ.";
        let h = hover_at(text, "RPO and").unwrap();
        assert_eq!(
            h.markdown,
            "**RPO** — Recovery Point Objective\n\n*Defined in this document, line 1.*"
        );
        let h = hover_at(text, "DLQ").unwrap();
        assert!(
            h.markdown.starts_with("**DLQ** is not explained"),
            "{}",
            h.markdown
        );
        assert!(h.markdown.contains("Quick fixes"));
        assert_eq!(hover_at(text, "and"), None);
    }
}

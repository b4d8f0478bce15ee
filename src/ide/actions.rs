//! Quick fixes that edit files other than the document: the glossary and the configuration.
//! (Fixes inside the document come with each finding, see [`crate::rules::Fix`].)

use crate::markup::Markup;

/// A text edit of a file: replace `range` (bytes) with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEdit {
    pub range: std::ops::Range<usize>,
    pub text: String,
}

/// Appends a TOML entry for `acronym` to a glossary file (or writes a new one), leaving the
/// existing text and comments as they are.
pub fn add_to_glossary(existing: Option<&str>, acronym: &str) -> FileEdit {
    let entry = format!(
        "[[entries]]\nterm = {}\nexpansion = \"\"  # TODO: what {acronym} stands for\nsummary = \"\"\n",
        toml_string(acronym)
    );
    match existing {
        None => FileEdit {
            range: 0..0,
            text: format!("# Glossary for glossary-ls: one [[entries]] table per term.\n\n{entry}"),
        },
        Some(text) => {
            let separator = if text.is_empty() || text.ends_with("\n\n") {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            FileEdit {
                range: text.len()..text.len(),
                text: format!("{separator}{entry}"),
            }
        }
    }
}

/// Adds `acronym` to `[acronyms] allow` of a `glossary-ls.toml` (or writes a new one),
/// keeping its comments and layout. `None` when the file is not valid TOML.
pub fn allow_in_config(existing: Option<&str>, acronym: &str) -> Option<FileEdit> {
    let text = existing.unwrap_or("");
    let mut doc: toml_edit::DocumentMut = text.parse().ok()?;
    let acronyms = doc
        .entry("acronyms")
        .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()))
        .as_table_like_mut()?;
    let allow = acronyms
        .entry("allow")
        .or_insert(toml_edit::Item::Value(toml_edit::Value::Array(
            toml_edit::Array::new(),
        )))
        .as_array_mut()?;
    if allow.iter().any(|v| v.as_str() == Some(acronym)) {
        return None;
    }
    allow.push(acronym);
    Some(FileEdit {
        range: 0..text.len(),
        text: doc.to_string(),
    })
}

/// Inserts a comment that allows `acronym` in this document, at its top (after front
/// matter).
pub fn allow_in_document(text: &str, markup: Markup, acronym: &str) -> FileEdit {
    let at = front_matter_end(text);
    let line_break = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let comment = match markup {
        Markup::Markdown => format!("<!-- glossary-ls: allow {acronym} -->{line_break}"),
        Markup::Asciidoc => format!("// glossary-ls: allow {acronym}{line_break}"),
        Markup::Restructuredtext => format!(".. glossary-ls: allow {acronym}{line_break}"),
        Markup::Latex => format!("% glossary-ls: allow {acronym}{line_break}"),
        Markup::Plaintext => format!("glossary-ls: allow {acronym}{line_break}"),
    };
    FileEdit {
        range: at..at,
        text: comment,
    }
}

fn front_matter_end(text: &str) -> usize {
    for fence in ["---", "+++"] {
        if !(text.starts_with(&format!("{fence}\n")) || text.starts_with(&format!("{fence}\r\n"))) {
            continue;
        }
        let mut offset = 0;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            offset += line.len();
            if i > 0 && line.trim_end() == fence {
                return offset;
            }
        }
    }
    0
}

fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, edit: &FileEdit) -> String {
        format!(
            "{}{}{}",
            &text[..edit.range.start],
            edit.text,
            &text[edit.range.end..]
        )
    }

    #[test]
    fn glossary_entries_are_appended() {
        let text = "# our terms\n[[entries]]\nterm = \"ACME\"\n";
        let out = apply(text, &add_to_glossary(Some(text), "DLQ"));
        assert!(out.starts_with(text));
        assert!(out.ends_with("\n\n[[entries]]\nterm = \"DLQ\"\nexpansion = \"\"  # TODO: what DLQ stands for\nsummary = \"\"\n"), "{out}");
        let parsed =
            crate::glossary::parse_source("g.toml", &out, crate::glossary::SourceFormat::Toml);
        assert_eq!(parsed.entries.len(), 2);
        assert!(add_to_glossary(None, "DLQ").text.contains("term = \"DLQ\""));
    }

    #[test]
    fn config_allow_keeps_comments() {
        let text = "# project settings\n[acronyms]\nallow = [\"ACME\"] # ours\n\n[rules]\nterm-case = \"off\"\n";
        let out = apply(text, &allow_in_config(Some(text), "DLQ").unwrap());
        assert!(out.contains("# project settings"));
        assert!(out.contains("\"ACME\", \"DLQ\"]"), "{out}");
        assert!(out.contains("term-case = \"off\""));
        let fresh = allow_in_config(None, "DLQ").unwrap().text;
        assert!(
            fresh.contains("[acronyms]") && fresh.contains("allow = [\"DLQ\"]"),
            "{fresh}"
        );
        assert_eq!(allow_in_config(Some(&out), "DLQ"), None);
    }

    #[test]
    fn document_allow_goes_after_front_matter() {
        let text = "---\ntitle: x\n---\n# Spec\n";
        let out = apply(text, &allow_in_document(text, Markup::Markdown, "DLQ"));
        assert_eq!(
            out,
            "---\ntitle: x\n---\n<!-- glossary-ls: allow DLQ -->\n# Spec\n"
        );
    }
}

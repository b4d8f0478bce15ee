//! Quick fixes that edit files other than the document: the glossary and the configuration.
//! (Fixes inside the document come with each finding, see [`crate::rules::Fix`].)
//!
//! Every edit inserts or replaces only what changes, in the file's own line breaks, and never
//! touches a leading byte order mark: editors load a file without its BOM and count
//! positions from after it, so the text given here may start with one or not.

use crate::markup::Markup;

/// A text edit of a file: replace `range` (bytes) with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEdit {
    pub range: std::ops::Range<usize>,
    pub text: String,
}

const BOM: &str = "\u{feff}";

/// The length of a leading byte order mark (0 or 3), kept out of every edit.
fn bom_len(text: &str) -> usize {
    if text.starts_with(BOM) { BOM.len() } else { 0 }
}

/// The line break a file uses (its first one; `\n` when it has none), for inserted text.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// Appends a TOML entry for `acronym` to a glossary file (or writes a new one), leaving the
/// existing text and comments as they are and using the file's line breaks.
pub fn add_to_glossary(existing: Option<&str>, acronym: &str) -> FileEdit {
    let entry = format!(
        "[[entries]]\nterm = {}\nexpansion = \"\"  # TODO: what {acronym} stands for\nsummary = \"\"\n",
        toml_string(acronym)
    );
    append_to_glossary(existing, &entry)
}

/// Appends a TOML entry for a definition the document makes ("dead-letter queue (DLQ)"):
/// the short form as the term, the long form as its expansion, so that every document of
/// the project is explained by it.
pub fn add_definition_to_glossary(existing: Option<&str>, short: &str, long: &str) -> FileEdit {
    let entry = format!(
        "[[entries]]\nterm = {}\nexpansion = {}\n",
        toml_string(short),
        toml_string(long)
    );
    append_to_glossary(existing, &entry)
}

/// Appends TOML text (written with `\n` line breaks) to a glossary file, or writes a new
/// one: the existing text, comments and BOM stay as they are, a blank line separates the
/// new text, and every line break is the file's own.
pub fn append_to_glossary(existing: Option<&str>, toml: &str) -> FileEdit {
    let eol = existing.map_or("\n", line_ending);
    let entry = if eol == "\n" {
        toml.to_string()
    } else {
        toml.replace('\n', eol)
    };
    match existing {
        None => FileEdit {
            range: 0..0,
            text: format!("# Glossary for glossary-ls: one [[entries]] table per term.\n\n{entry}"),
        },
        Some(text) => {
            let body = &text[bom_len(text)..];
            let separator = if body.is_empty() || ends_with_blank_line(body) {
                String::new()
            } else if body.ends_with('\n') {
                eol.to_string()
            } else {
                format!("{eol}{eol}")
            };
            FileEdit {
                range: text.len()..text.len(),
                text: format!("{separator}{entry}"),
            }
        }
    }
}

/// Whether the text ends with an empty line (`\n\n`, `\r\n\r\n`, or a mix).
fn ends_with_blank_line(text: &str) -> bool {
    text.strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .is_some_and(|t| t.ends_with('\n'))
}

/// Adds `acronym` to `[acronyms] allow` of a `glossary-ls.toml` (or writes a new one),
/// keeping its comments, layout, line breaks and BOM: the edit covers only what changes.
/// `Ok(None)` when the acronym is already allowed; `Err` says why the file cannot be edited.
pub fn allow_in_config(existing: Option<&str>, acronym: &str) -> Result<Option<FileEdit>, String> {
    let text = existing.unwrap_or("");
    let bom = bom_len(text);
    let body = &text[bom..];
    // toml_edit writes `\n` line breaks and no BOM: edit a copy with `\n` breaks, then map
    // the change back onto the file as it is.
    let lf = body.replace("\r\n", "\n");
    let mut doc: toml_edit::DocumentMut = lf.parse().map_err(|e: toml_edit::TomlError| {
        let first = e.to_string();
        let first = first.lines().next().unwrap_or_default().to_string();
        format!("it is not valid TOML ({first})")
    })?;
    let acronyms = doc
        .entry("acronyms")
        .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()))
        .as_table_like_mut()
        .ok_or("its `acronyms` is not a table")?;
    let allow = acronyms
        .entry("allow")
        .or_insert(toml_edit::Item::Value(toml_edit::Value::Array(
            toml_edit::Array::new(),
        )))
        .as_array_mut()
        .ok_or("its `acronyms.allow` is not an array")?;
    if allow.iter().any(|v| v.as_str() == Some(acronym)) {
        return Ok(None);
    }
    // In an array written one value a line, the new value gets a line of its own, with the
    // same indentation, after any comment that follows the last value.
    let indent = allow
        .iter()
        .last()
        .and_then(|v| v.decor().prefix())
        .and_then(|p| p.as_str())
        .and_then(|p| p.rsplit_once('\n'))
        .map(|(_, indent)| indent.to_string());
    match indent {
        Some(indent) => {
            // What follows the last value up to `]`: after its comma, or (without one) its
            // own suffix, where the comma is about to go.
            let tail = if allow.trailing_comma() {
                allow.trailing().as_str().unwrap_or_default().to_string()
            } else {
                let last = allow.len().saturating_sub(1);
                allow.get_mut(last).map_or_else(String::new, |value| {
                    let suffix = value.decor().suffix().and_then(|s| s.as_str());
                    let suffix = suffix.unwrap_or_default().to_string();
                    value.decor_mut().set_suffix("");
                    suffix
                })
            };
            let (after_last, closing) = match tail.rsplit_once('\n') {
                Some((after_last, closing)) => (after_last, format!("\n{closing}")),
                None => (tail.as_str(), String::new()),
            };
            let prefix = format!("{}\n{indent}", after_last.trim_end());
            allow.set_trailing(closing);
            allow.push_formatted(toml_edit::Value::from(acronym).decorated(prefix, ""));
        }
        None => allow.push(acronym),
    }
    let new = doc.to_string();
    let (start, old_end, new_end) = changed_span(&lf, &new);
    Ok(Some(FileEdit {
        range: bom + original_offset(body, start)..bom + original_offset(body, old_end),
        text: new[start..new_end].replace('\n', line_ending(body)),
    }))
}

/// The one span where `old` and `new` differ: its start, and its end in each (char
/// boundaries; the common prefix and suffix never overlap).
fn changed_span(old: &str, new: &str) -> (usize, usize, usize) {
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !(old.is_char_boundary(start) && new.is_char_boundary(start)) {
        start -= 1;
    }
    let most = old.len().min(new.len()) - start;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(most)
        .take_while(|(a, b)| a == b)
        .count();
    while !(old.is_char_boundary(old.len() - suffix) && new.is_char_boundary(new.len() - suffix)) {
        suffix -= 1;
    }
    (start, old.len() - suffix, new.len() - suffix)
}

/// The offset in `original` of offset `at` in its copy with `\r\n` written `\n`.
fn original_offset(original: &str, at: usize) -> usize {
    let bytes = original.as_bytes();
    let (mut i, mut copied) = (0, 0);
    while copied < at && i < bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i += 1;
        }
        i += 1;
        copied += 1;
    }
    i
}

/// Inserts a comment that allows `acronym` in this document, at its top (after front
/// matter and any BOM).
pub fn allow_in_document(text: &str, markup: Markup, acronym: &str) -> FileEdit {
    let bom = bom_len(text);
    let at = bom + front_matter_end(&text[bom..]);
    let line_break = line_ending(text);
    let comment = match markup {
        Markup::Markdown => format!("<!-- glossary-ls: allow {acronym} -->{line_break}"),
        Markup::Mdx => format!("{{/* glossary-ls: allow {acronym} */}}{line_break}"),
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
        let out = apply(text, &allow_in_config(Some(text), "DLQ").unwrap().unwrap());
        assert!(out.contains("# project settings"));
        assert!(out.contains("\"ACME\", \"DLQ\"]"), "{out}");
        assert!(out.contains("term-case = \"off\""));
        let fresh = allow_in_config(None, "DLQ").unwrap().unwrap().text;
        assert!(
            fresh.contains("[acronyms]") && fresh.contains("allow = [\"DLQ\"]"),
            "{fresh}"
        );
        assert_eq!(allow_in_config(Some(&out), "DLQ"), Ok(None));
    }

    #[test]
    fn config_edits_are_minimal_and_keep_line_breaks_and_bom() {
        // A value added to an existing array: only `, "DLQ"` is inserted.
        let text = "\u{feff}# settings\r\n[acronyms]\r\nallow = [\"ACME\"] # ours\r\n";
        let edit = allow_in_config(Some(text), "DLQ").unwrap().unwrap();
        assert_eq!(edit.text, ", \"DLQ\"");
        let out = apply(text, &edit);
        assert_eq!(
            out,
            "\u{feff}# settings\r\n[acronyms]\r\nallow = [\"ACME\", \"DLQ\"] # ours\r\n"
        );
        // A new table at the end, in CRLF.
        let text = "\u{feff}# settings\r\n[rules]\r\nterm-case = \"off\"\r\n";
        let edit = allow_in_config(Some(text), "DLQ").unwrap().unwrap();
        assert_eq!(edit.range, text.len()..text.len());
        assert_eq!(
            apply(text, &edit),
            format!("{text}\r\n[acronyms]\r\nallow = [\"DLQ\"]\r\n")
        );
        // An array written one value a line gets a line for the new value, after the
        // comment on the last one.
        let text = "[acronyms]\r\nallow = [\r\n  \"A\", # ours\r\n]\r\n";
        let out = apply(text, &allow_in_config(Some(text), "DLQ").unwrap().unwrap());
        assert_eq!(
            out,
            "[acronyms]\r\nallow = [\r\n  \"A\", # ours\r\n  \"DLQ\",\r\n]\r\n"
        );
        let text = "[acronyms]\nallow = [\n  \"A\" # ours\n]\n";
        let out = apply(text, &allow_in_config(Some(text), "DLQ").unwrap().unwrap());
        assert_eq!(
            out,
            "[acronyms]\nallow = [\n  \"A\", # ours\n  \"DLQ\"\n]\n"
        );
    }

    #[test]
    fn config_edits_of_every_shape_give_valid_toml_in_the_file_line_breaks() {
        let shapes = [
            "",
            "# only a comment",
            "[rules]\nterm-case = \"off\"",
            "[acronyms]\nallow = []\n",
            "[acronyms]\nallow = [ ]\n",
            "[acronyms]\nallow = [\"A\",]\n",
            "[acronyms]\nallow = [\n  \"A\", # ours\n]\n",
            "[acronyms]\nallow = [\n  \"A\", # a\n  \"B\" # b\n  # more\n  ]\n",
            "[acronyms]\nallow = [\n  \"A\"]\n",
            "[acronyms]\nallow = [\n  \"A\" ]\n",
            "[acronyms]\nallow = [\n  \"A\"\n]\n",
            "[acronyms]\n# nothing yet\n\n[rules]\nx = 1\n",
            "acronyms = { allow = [\"A\"] }\n",
            "acronyms = {}\n",
            "acronyms.allow = [\"A\"]\n",
            "[acronyms.more]\nx = 1\n",
            "# é😀\n[acronyms]\nallow = [\"É\"]\n",
        ];
        for shape in shapes {
            for eol in ["\n", "\r\n"] {
                for bom in ["", "\u{feff}"] {
                    let text = format!("{bom}{}", shape.replace('\n', eol));
                    let edit = allow_in_config(Some(&text), "DLQ").unwrap().unwrap();
                    let out = apply(&text, &edit);
                    assert!(out.starts_with(bom), "{out:?}");
                    if text.contains("\r\n") {
                        assert_eq!(
                            out.matches('\n').count(),
                            out.matches("\r\n").count(),
                            "{out:?}"
                        );
                    }
                    let doc: toml_edit::DocumentMut = out[bom.len()..].parse().unwrap();
                    let allow = doc["acronyms"]["allow"].as_array().unwrap();
                    assert!(allow.iter().any(|v| v.as_str() == Some("DLQ")), "{out:?}");
                    assert_eq!(allow_in_config(Some(&out), "DLQ"), Ok(None));
                }
            }
        }
    }

    #[test]
    fn config_that_cannot_be_edited_says_why() {
        let err = allow_in_config(Some("allow = [\n"), "DLQ").unwrap_err();
        assert!(err.starts_with("it is not valid TOML ("), "{err}");
        assert_eq!(
            allow_in_config(Some("acronyms = 1\n"), "DLQ"),
            Err("its `acronyms` is not a table".to_string())
        );
        assert_eq!(
            allow_in_config(Some("[acronyms]\nallow = \"A\"\n"), "DLQ"),
            Err("its `acronyms.allow` is not an array".to_string())
        );
    }

    #[test]
    fn glossary_entries_use_the_file_line_breaks() {
        let text = "\u{feff}# terms\r\n[[entries]]\r\nterm = \"ACME\"\r\n";
        let edit = add_to_glossary(Some(text), "DLQ");
        assert_eq!(edit.range, text.len()..text.len());
        assert_eq!(
            edit.text,
            "\r\n[[entries]]\r\nterm = \"DLQ\"\r\nexpansion = \"\"  # TODO: what DLQ stands for\r\nsummary = \"\"\r\n"
        );
        let blank = "# terms\r\n\r\n";
        assert!(
            add_to_glossary(Some(blank), "DLQ")
                .text
                .starts_with("[[entries]]\r\n")
        );
        assert!(
            add_to_glossary(Some("\u{feff}"), "DLQ")
                .text
                .starts_with("[[entries]]\n")
        );
    }

    #[test]
    fn changed_span_stays_on_char_boundaries() {
        assert_eq!(changed_span("aé", "aè"), (1, 3, 3));
        assert_eq!(changed_span("ab", "abab"), (2, 2, 4));
        assert_eq!(original_offset("a\r\nb\r\n", 2), 3);
        assert_eq!(original_offset("a\r\nb\r\n", 1), 1);
    }

    #[test]
    fn document_allow_goes_after_front_matter() {
        let text = "---\ntitle: x\n---\n# Spec\n";
        let out = apply(text, &allow_in_document(text, Markup::Markdown, "DLQ"));
        assert_eq!(
            out,
            "---\ntitle: x\n---\n<!-- glossary-ls: allow DLQ -->\n# Spec\n"
        );
        let text = "\u{feff}# Spec\r\n";
        let out = apply(text, &allow_in_document(text, Markup::Markdown, "DLQ"));
        assert_eq!(out, "\u{feff}<!-- glossary-ls: allow DLQ -->\r\n# Spec\r\n");
    }
}

//! Renaming a glossary name (its term or an alias): the edits to each document's uses, each
//! keeping its own case style and plural/possessive suffix, and the minimal edit to a TOML
//! glossary file. Uses come from the analysis, which matches prose only, so code is never
//! touched.

use std::ops::Range;

use super::actions::FileEdit;
use crate::analysis::{Analysis, Engine};
use crate::glossary::{EntryId, FormKind};
use crate::matcher::plural_of;

/// The name of entry `id` that the text `written` (a use, maybe "APIs" or "API's") stands
/// for: the term or an alias, never the expansion (renaming an expansion is not a rename of
/// the entry).
pub fn name_written(engine: &Engine, id: EntryId, written: &str) -> Option<String> {
    let entry = engine.glossary().entry(id);
    std::iter::once(&entry.term)
        .chain(entry.aliases.iter())
        .find(|name| restyle(name, written, name).is_some())
        .cloned()
}

/// Why `new` cannot replace `old` in entry `id`, if it cannot.
pub fn check_new_name(engine: &Engine, id: EntryId, old: &str, new: &str) -> Result<(), String> {
    let new = new.trim();
    if new.is_empty() {
        return Err("the new name is empty".to_string());
    }
    if new.contains(['\n', '\r', '"', '\\']) {
        return Err(format!(
            "'{new}' cannot be a glossary name (line break, quote or backslash)"
        ));
    }
    if new == old {
        return Err(format!("'{new}' is already the name"));
    }
    if let Some(other) = engine.glossary().lookup(new)
        && other != id
    {
        let other = &engine.glossary().entry(other).term;
        return Err(format!(
            "'{new}' is already a glossary name (of '{other}'): renaming would merge two entries"
        ));
    }
    Ok(())
}

/// `new` written as `written` writes `old`: same case style (ALL CAPS, Title, lower) and the
/// same plural or possessive suffix. `None` when `written` is not a form of `old`.
pub fn restyle(old: &str, written: &str, new: &str) -> Option<String> {
    let (core, plural, possessive) = split_form(old, written)?;
    let styled = if core == old || (plural && plural_of(old).is_some_and(|p| p == core)) {
        new.to_string()
    } else if has_letters(core) && core == core.to_uppercase() && old != old.to_uppercase() {
        new.to_uppercase()
    } else if core == core.to_lowercase() && old != old.to_lowercase() {
        // Lower case, keeping acronym-shaped words of the new name as they are.
        new.split(' ')
            .map(|w| {
                if crate::acronym::is_acronym_shaped(w) {
                    w.to_string()
                } else {
                    w.to_lowercase()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    } else if starts_upper(core) && !starts_upper(old) {
        let mut chars = new.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        new.to_string()
    };
    let mut out = if plural {
        let shouting = styled == styled.to_uppercase()
            && core == core.to_uppercase()
            && !crate::acronym::is_acronym_shaped(old);
        match plural_of(&styled) {
            Some(p) if shouting => p.to_uppercase(),
            Some(p) => p,
            None => styled,
        }
    } else {
        styled
    };
    out.push_str(possessive);
    Some(out)
}

/// `written` as (the name's part as written, whether it is plural, the possessive mark after
/// it): "Queries'" for "query" is ("Queries", true, "'"), "API's" is ("API", false, "'s").
fn split_form<'a>(old: &str, written: &'a str) -> Option<(&'a str, bool, &'a str)> {
    let plural = plural_of(old);
    let forms = [(Some(old.to_string()), false), (plural, true)];
    for (form, is_plural) in forms {
        let Some(form) = form else { continue };
        let Some(core) = written.get(..form.len()) else {
            continue;
        };
        if core.to_lowercase() != form.to_lowercase() {
            continue;
        }
        let rest = &written[form.len()..];
        let possessives: &[&str] = if is_plural {
            &["", "'", "\u{2019}"]
        } else {
            &["", "'s", "\u{2019}s"]
        };
        if possessives.contains(&rest) {
            return Some((core, is_plural, rest));
        }
    }
    None
}

fn has_letters(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// The edits renaming `old` (a name of entry `id`) to `new` in one analysed document: each use
/// and each definition of that name, restyled; uses of the entry's other names stay.
pub fn document_edits(
    engine: &Engine,
    analysis: &Analysis,
    text: &str,
    id: EntryId,
    old: &str,
    new: &str,
) -> Vec<FileEdit> {
    let term = super::TermRef::Entry { id, range: 0..0 };
    let kinds: Vec<(Range<usize>, Option<FormKind>)> = analysis
        .occurrences
        .iter()
        .filter(|o| o.entry == id)
        .map(|o| (o.range.clone(), Some(o.kind)))
        .collect();
    super::navigation::occurrences_of(engine, analysis, &term)
        .into_iter()
        .filter(|r| {
            // Expansions written out ("application programming interface") are not the name.
            !kinds
                .iter()
                .any(|(k, kind)| k == r && *kind == Some(FormKind::Expansion))
        })
        .filter_map(|range| {
            let written = text.get(range.clone())?;
            let replacement = restyle(old, written, new)?;
            (replacement != written).then_some(FileEdit {
                range,
                text: replacement,
            })
        })
        .collect()
}

/// The edit renaming `old` to `new` in a TOML glossary, in the entry that starts on 1-based
/// line `line`: only the string's content changes, so comments, layout and line breaks stay.
pub fn toml_glossary_edit(text: &str, line: u32, old: &str, new: &str) -> Result<FileEdit, String> {
    let start = line_start(text, line).ok_or("the entry's line is not in the glossary file")?;
    // The entry's text: from its line up to the next table header.
    let mut end = text.len();
    let mut pos = start;
    let mut first = true;
    for l in text[start..].split_inclusive('\n') {
        if !first && l.trim_start().starts_with('[') && !l.trim_start().starts_with("[\"") {
            end = pos;
            break;
        }
        first = false;
        pos += l.len();
    }
    let section = &text[start..end];
    for quote in ['"', '\''] {
        let needle = format!("{quote}{old}{quote}");
        if let Some(i) = section.find(&needle) {
            let from = start + i + 1;
            return Ok(FileEdit {
                range: from..from + old.len(),
                text: new.to_string(),
            });
        }
    }
    Err(format!(
        "cannot find \"{old}\" as a plain string in the glossary entry (escaped or multi-line strings are not edited)"
    ))
}

fn line_start(text: &str, line: u32) -> Option<usize> {
    if line <= 1 {
        return Some(0);
    }
    let mut seen = 1;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            seen += 1;
            if seen == line {
                return Some(i + 1);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restyle_keeps_case_and_suffix() {
        assert_eq!(
            restyle("widget", "widget", "gadget").as_deref(),
            Some("gadget")
        );
        assert_eq!(
            restyle("widget", "Widgets", "gadget").as_deref(),
            Some("Gadgets")
        );
        assert_eq!(
            restyle("widget", "WIDGET's", "gadget").as_deref(),
            Some("GADGET's")
        );
        assert_eq!(
            restyle("API", "APIs", "REST API").as_deref(),
            Some("REST APIs")
        );
        assert_eq!(restyle("API", "API's", "RPC").as_deref(), Some("RPC's"));
        assert_eq!(
            restyle("Service Mesh", "service mesh", "Data Plane").as_deref(),
            Some("data plane")
        );
        assert_eq!(
            restyle("query", "queries", "lookup").as_deref(),
            Some("lookups")
        );
        assert_eq!(
            restyle("query", "Queries", "batch").as_deref(),
            Some("Batches")
        );
        assert_eq!(restyle("widget", "gizmo", "gadget"), None);
    }

    #[test]
    fn toml_edit_changes_only_the_string() {
        let text = "# comment\r\n[[entries]]\r\nterm = \"widget\"\r\naliases = ['gizmo']\r\n\r\n[[entries]]\r\nterm = \"gizmo thing\"\r\n";
        let edit = toml_glossary_edit(text, 2, "gizmo", "doohickey").expect("edit");
        let mut out = text.to_string();
        out.replace_range(edit.range, &edit.text);
        assert_eq!(out, text.replace("['gizmo']", "['doohickey']"));
        assert!(toml_glossary_edit(text, 2, "nothing", "x").is_err());
    }

    #[test]
    fn document_edits_skip_code_and_keep_forms() {
        let toml = "[[entries]]\nterm = \"widget\"\nsummary = \"A thing.\"\n";
        let mut builder = crate::glossary::GlossaryBuilder::new();
        builder.add(crate::glossary::parse_source(
            "g.toml",
            toml,
            crate::glossary::SourceFormat::Toml,
        ));
        let glossary = builder.build();
        let engine = Engine::new(glossary, Default::default());
        let text = "Widgets are fine. The widget's edge.\n\n```\nwidget\n```\n\nSee `widget`.\n";
        let analysis = engine.analyze(text, crate::markup::Markup::Markdown);
        let id = engine.glossary().lookup("widget").expect("entry");
        let edits = document_edits(&engine, &analysis, text, id, "widget", "gadget");
        let mut out = text.to_string();
        for e in edits.iter().rev() {
            out.replace_range(e.range.clone(), &e.text);
        }
        assert_eq!(
            out,
            "Gadgets are fine. The gadget's edge.\n\n```\nwidget\n```\n\nSee `widget`.\n"
        );
    }
}

//! A folder with one Markdown file per term, as large documentation sites keep their
//! glossaries (Kubernetes, Docusaurus terminology plugins):
//!
//! ```markdown
//! ---
//! title: Service mesh
//! id: service-mesh
//! short_description: >
//!   Infrastructure that routes traffic between services.
//! aka:
//! - mesh
//! tags:
//! - networking
//! ---
//! A service mesh moves retries, encryption and telemetry out of each service ...
//! ```
//!
//! The front matter is YAML (read by saphyr); the body is the definition. Keys a site uses
//! for itself (`date`, `full_link`, `weight`, …) are ignored.

use std::sync::{Arc, LazyLock};

use regex::Regex;
use saphyr::{LoadableYamlNode, Scalar, Yaml};

use super::util::{Positions, entry, first_sentence, nonempty, status_word};
use super::{Parsed, Status};

/// The keys that hold the term, first found wins.
const TERM_KEYS: [&str; 3] = ["title", "term", "id"];
const SUMMARY_KEYS: [&str; 5] = [
    "short_description",
    "summary",
    "hoverText",
    "hover_text",
    "description",
];
const ALIAS_KEYS: [&str; 4] = ["aka", "aliases", "synonyms", "also_known_as"];

/// The front matter of a Markdown file: its YAML text, where that starts, and where the
/// body starts. `None` when the file does not open with `---`.
pub(super) fn front_matter(text: &str) -> Option<(&str, usize, usize)> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let first = rest.split_inclusive('\n').next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let yaml_start = bom + first.len();
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((&text[yaml_start..offset], yaml_start, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

/// Whether a Markdown file is a term page: front matter that names a term and says
/// something about it (`short_description`, `aka`, …), or a `title` with an `id` or `tags`
/// above a body without headings (a glossary page with one section per entry is read by
/// sections instead).
pub(super) fn looks_like(text: &str) -> bool {
    let Some((yaml, _, body)) = front_matter(text) else {
        return false;
    };
    let keys: Vec<&str> = yaml
        .lines()
        .filter(|l| !l.starts_with([' ', '\t', '-', '#']))
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim()))
        .collect();
    let has = |k: &str| keys.contains(&k);
    let strong = SUMMARY_KEYS[..4].iter().chain(&ALIAS_KEYS).any(|k| has(k))
        || has("term")
        || has("definition");
    let weak = has("title") && (has("id") || has("tags"));
    let headings = super::abbreviations::lines_outside_fences(&text[body..])
        .iter()
        .any(|(_, l)| {
            let t = l.trim_start();
            t.starts_with('#') && t.trim_start_matches('#').starts_with([' ', '\t'])
        });
    strong || (weak && !headings)
}

static TOOLTIP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{\{[<%]\s*glossary_tooltip\b[^}]*?\btext\s*=\s*"([^"]*)"[^}]*[>%]\}\}"#)
        .expect("static regex")
});
static SHORTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{[<%].*?[>%]\}\}").expect("static regex"));

pub(super) fn parse(name: &Arc<str>, text: &str) -> Parsed {
    let at = Positions::new(name, text);
    let mut parsed = Parsed::default();
    let Some((yaml, yaml_start, body_start)) = front_matter(text) else {
        parsed.problems.push(at.problem(
            0,
            "a term page must open with `---` front matter that holds its `title`",
        ));
        return parsed;
    };
    let key_at = |key: &str| {
        let mut offset = yaml_start;
        for line in yaml.split_inclusive('\n') {
            if let Some(rest) = line.strip_prefix(key)
                && rest.trim_start().starts_with(':')
            {
                return offset;
            }
            offset += line.len();
        }
        yaml_start
    };
    let docs = match Yaml::load_from_str(yaml) {
        Ok(docs) => docs,
        Err(error) => {
            let marker = error.marker();
            // The marker counts lines of the front matter from 1 and columns from 0.
            let line_start: usize = yaml
                .split_inclusive('\n')
                .take(marker.line().saturating_sub(1))
                .map(str::len)
                .sum();
            let col: usize = yaml[line_start..]
                .chars()
                .take(marker.col())
                .map(char::len_utf8)
                .sum();
            parsed.problems.push(at.problem(
                yaml_start + line_start + col,
                format!("front matter is not valid YAML: {}", error.info()),
            ));
            return parsed;
        }
    };
    let Some(map) = docs.first().filter(|d| d.is_mapping()) else {
        parsed
            .problems
            .push(at.problem(yaml_start, "front matter must be a mapping with a `title`"));
        return parsed;
    };
    let mut problems = Vec::new();
    let mut text_of = |key: &str| -> Option<String> {
        let value = map.as_mapping_get(key)?;
        match scalar(value) {
            Some(s) => nonempty(&s),
            None => {
                problems.push(at.problem(key_at(key), format!("`{key}` must be text")));
                None
            }
        }
    };
    let Some((term_key, term)) = TERM_KEYS.iter().find_map(|k| text_of(k).map(|t| (*k, t))) else {
        parsed.problems.extend(problems);
        parsed
            .problems
            .push(at.problem(yaml_start, "front matter names no term: give it a `title`"));
        return parsed;
    };
    let mut page = entry(&term, at.at(key_at(term_key)));
    page.summary = SUMMARY_KEYS.iter().find_map(|k| text_of(k));
    page.expansion = ["expansion", "abbreviation", "stands_for"]
        .iter()
        .find_map(|k| text_of(k));
    page.use_instead = ["use_instead", "replaced_by"]
        .iter()
        .find_map(|k| text_of(k));
    let status = text_of("status");
    let mut list_of = |keys: &[&str]| -> Vec<String> {
        let mut out = Vec::new();
        for key in keys {
            match map.as_mapping_get(key) {
                None => {}
                Some(Yaml::Sequence(items)) => {
                    for item in items {
                        match scalar(item) {
                            Some(s) => out.extend(nonempty(&s)),
                            None => problems
                                .push(at.problem(key_at(key), format!("`{key}` must list text"))),
                        }
                    }
                }
                Some(value) => match scalar(value) {
                    Some(s) => out.extend(s.split(',').filter_map(nonempty)),
                    None => problems
                        .push(at.problem(key_at(key), format!("`{key}` must be a list of text"))),
                },
            }
        }
        out
    };
    page.aliases = list_of(&ALIAS_KEYS);
    page.tags = list_of(&["tags"]);
    page.see_also = list_of(&["see_also", "related", "relatedTerms", "related_terms"]);
    if let Some(status) = status {
        match status_word(&status) {
            Some(s) => page.status = s,
            None => problems.push(at.problem(
                key_at("status"),
                format!("unknown status `{status}`, expected preferred, deprecated or forbidden"),
            )),
        }
    }
    if page.use_instead.is_some() && page.status == Status::Preferred {
        page.status = Status::Deprecated;
    }
    let body = text[body_start..].replace("<!--more-->", "");
    let body = TOOLTIP.replace_all(&body, "$1");
    let body = SHORTCODE.replace_all(&body, "");
    page.definition = nonempty(&body.replace("\r\n", "\n"));
    if page.summary.is_none() {
        page.summary = page.definition.as_deref().map(first_sentence);
    }
    parsed.problems.extend(problems);
    parsed
        .problems
        .extend(super::incomplete(&page, page.origin.clone()));
    parsed.entries.push(page);
    parsed
}

/// A YAML scalar as text (numbers and booleans as written); `None` for collections.
fn scalar(value: &Yaml) -> Option<String> {
    match value {
        Yaml::Value(Scalar::String(s)) => Some(s.to_string()),
        Yaml::Value(Scalar::Integer(i)) => Some(i.to_string()),
        Yaml::Value(Scalar::FloatingPoint(f)) => Some(f.to_string()),
        Yaml::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        Yaml::Value(Scalar::Null) => Some(String::new()),
        Yaml::Representation(s, _, _) => Some(s.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: Service mesh\nid: service-mesh\ndate: 2024-01-02\nshort_description: >\n  Infrastructure that routes traffic between services.\naka:\n- mesh\n- maillage de services\ntags:\n- networking\n---\nA {{< glossary_tooltip text=\"service mesh\" term_id=\"service-mesh\" >}} moves retries out of each service.\n<!--more-->\n\nIt is configured once.\n";

    #[test]
    fn front_matter_and_body_make_the_entry() {
        let parsed = parse(&Arc::from("terms/mesh.md"), PAGE);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let e = &parsed.entries[0];
        assert_eq!(e.term, "Service mesh");
        assert_eq!(e.origin.to_string(), "terms/mesh.md:2:1");
        assert_eq!(
            e.summary.as_deref(),
            Some("Infrastructure that routes traffic between services.")
        );
        assert_eq!(e.aliases, ["mesh", "maillage de services"]);
        assert_eq!(e.tags, ["networking"]);
        assert_eq!(
            e.definition.as_deref(),
            Some("A service mesh moves retries out of each service.\n\n\nIt is configured once.")
        );
        assert!(looks_like(PAGE));
        assert!(looks_like(&PAGE.replace('\n', "\r\n")));
        assert!(!looks_like(
            "---\ntitle: Glossary\nid: glossary\n---\n## API\n\nx\n"
        ));
    }

    #[test]
    fn bad_yaml_and_bad_fields_are_reported_where_they_are() {
        let parsed = parse(
            &Arc::from("t.md"),
            "---\ntitle: Broker\naka: {a: 1}\nstatus: odd\n---\nBody.\n",
        );
        let messages: Vec<String> = parsed.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            messages,
            [
                "t.md:3:1: `aka` must be a list of text",
                "t.md:4:1: unknown status `odd`, expected preferred, deprecated or forbidden"
            ]
        );
        assert_eq!(parsed.entries.len(), 1);
        let parsed = parse(&Arc::from("t.md"), "---\ntitle: [unclosed\n---\nBody.\n");
        assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
        assert!(parsed.problems[0].to_string().starts_with("t.md:3:"));
    }
}

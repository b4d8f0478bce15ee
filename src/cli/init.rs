//! `glossary-ls init`: a commented `glossary-ls.toml` and `glossary/glossary.toml` for a
//! project starting out, optionally seeded with the definitions its documents already make.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{CliError, GlobalArgs};
use crate::config::CONFIG_FILE_NAME;
use crate::markup::Markup;
use crate::project::{DEFAULT_GLOSSARY, Project, display_path};

/// The markups' names in the order the configuration comment lists them.
const MARKUP_NAMES: [(Markup, &str); 6] = [
    (Markup::Markdown, "Markdown"),
    (Markup::Mdx, "MDX"),
    (Markup::Restructuredtext, "reStructuredText"),
    (Markup::Asciidoc, "AsciiDoc"),
    (Markup::Latex, "LaTeX"),
    (Markup::Plaintext, "plain text"),
];

pub fn init(global: &GlobalArgs, dir: &Path, from_documents: bool) -> Result<ExitCode, CliError> {
    let config_path = dir.join(CONFIG_FILE_NAME);
    let glossary_path = dir.join(DEFAULT_GLOSSARY);
    let existing: Vec<String> = [&config_path, &glossary_path]
        .into_iter()
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .map(|p| display_path(p))
        .collect();
    if !existing.is_empty() {
        return Err(CliError::Usage(format!(
            "{} already exist{}: nothing written (init never overwrites)",
            existing.join(" and "),
            if existing.len() == 1 { "s" } else { "" }
        )));
    }
    let documents = documents_in(dir);
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for (_, markup) in &documents {
        if let Some(i) = MARKUP_NAMES.iter().position(|(m, _)| m == markup) {
            *counts.entry(i).or_default() += 1;
        }
    }
    let found: Vec<String> = counts
        .iter()
        .map(|(&i, n)| format!("{n} {}", MARKUP_NAMES[i].1))
        .collect();
    let config = config_text(&found);
    let glossary = if from_documents {
        let project = Project::load(None, dir, &global.overrides())?.checked()?;
        glossary_text(&harvest(&project, dir, &documents))
    } else {
        glossary_text(&[])
    };
    let write = |path: &PathBuf, text: &str| {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                CliError::Usage(format!("{}: cannot create: {e}", parent.display()))
            })?;
        }
        // `create_new`: a file that appeared since the check above is still not overwritten.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| CliError::Usage(format!("{}: cannot write: {e}", path.display())))?;
        std::io::Write::write_all(&mut file, text.as_bytes())
            .map_err(|e| CliError::Usage(format!("{}: cannot write: {e}", path.display())))
    };
    write(&config_path, &config)?;
    write(&glossary_path, &glossary.0)?;
    eprintln!(
        "glossary-ls: wrote {} and {}{}",
        display_path(&config_path),
        display_path(&glossary_path),
        if from_documents {
            format!(
                " with {} entr{} from the documents",
                glossary.1,
                if glossary.1 == 1 { "y" } else { "ies" }
            )
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// Every document below `dir` that `check` would read, with its markup.
fn documents_in(dir: &Path) -> Vec<(PathBuf, Markup)> {
    let mut found: Vec<(PathBuf, Markup)> = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .filter_map(|e| {
            let markup = Markup::from_extension(e.path().extension()?.to_str()?)?;
            Some((e.into_path(), markup))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

fn config_text(found: &[String]) -> String {
    let found = if found.is_empty() {
        "no documents yet".to_string()
    } else {
        found.join(", ")
    };
    format!(
        r#"# glossary-ls configuration. Every section is optional; the values shown are the
# defaults unless said otherwise. Documents found when this file was written: {found}.

[glossary]
# Glossary files or folders (TOML, JSON, Markdown), relative to this file.
sources = ["{DEFAULT_GLOSSARY}"]
# The built-in product-management glossary (API, MVP, PRD, KPI, SLA, …).
builtin = true

[acronyms]
# Acronyms that need no expansion in this project, in exact case.
allow = []
# Who reads these documents, which decides the well-known acronyms that need no expansion:
# "developers", "general" or "none". `glossary-ls acronyms` lists them, with why.
audience = "developers"

[rules]
# Each rule: "error", "warning", "info", "hint" or "off".
# undefined-acronym = "warning"
# used-before-definition = "warning"
# unexpanded-first-use = "info"
# term-case = "hint"

[files]
# Globs relative to this file; an empty include means every known markup.
include = []
exclude = []
"#
    )
}

/// One acronym's definitions across the documents: each long form with where it is made.
type Harvest = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// The definitions the documents make, by acronym, then by long form (compared without
/// case), with the documents that make each.
fn harvest(project: &Project, dir: &Path, documents: &[(PathBuf, Markup)]) -> Vec<HarvestEntry> {
    let mut by_acronym: Harvest = BTreeMap::new();
    let mut spelled: BTreeMap<(String, String), String> = BTreeMap::new();
    for (path, markup) in documents {
        let Ok(bytes) = crate::fsread::read_regular(path, crate::fsread::MAX_DOCUMENT_BYTES) else {
            continue;
        };
        let Ok(text) = crate::text::decode(bytes) else {
            continue;
        };
        let analysis = project.engine.analyze(&text, *markup);
        let shown = display_path(path.strip_prefix(dir).unwrap_or(path));
        for d in &analysis.definitions {
            let key = d.key().to_string();
            let folded = d.long.to_lowercase();
            spelled
                .entry((key.clone(), folded.clone()))
                .or_insert_with(|| d.long.clone());
            let places = by_acronym
                .entry(key)
                .or_default()
                .entry(folded)
                .or_default();
            if !places.contains(&shown) {
                places.push(shown.clone());
            }
        }
    }
    by_acronym
        .into_iter()
        .map(|(acronym, longs)| {
            let mut longs: Vec<(String, Vec<String>)> = longs
                .into_iter()
                .map(|(folded, places)| (spelled[&(acronym.clone(), folded)].clone(), places))
                .collect();
            // The long form most documents use first.
            longs.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
            HarvestEntry { acronym, longs }
        })
        .collect()
}

struct HarvestEntry {
    acronym: String,
    longs: Vec<(String, Vec<String>)>,
}

fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_string()
}

/// The glossary file's text and how many entries it has.
fn glossary_text(entries: &[HarvestEntry]) -> (String, usize) {
    let mut out = String::from(
        "# The project's glossary for glossary-ls: one [[entries]] table per term.\n\
         # Fields: term, expansion (for acronyms), aliases, summary (one sentence),\n\
         # definition (Markdown), see_also, tags, status (preferred, deprecated, forbidden)\n\
         # with use_instead.\n",
    );
    if entries.is_empty() {
        out.push_str(
            "\n# [[entries]]\n# term = \"DLQ\"\n# expansion = \"dead-letter queue\"\n\
             # summary = \"Where messages go that could not be delivered.\"\n",
        );
    }
    for entry in entries {
        let (long, places) = &entry.longs[0];
        out.push_str(&format!("\n# Defined in {}\n", places.join(", ")));
        for (other, places) in &entry.longs[1..] {
            out.push_str(&format!(
                "# Also defined as {} in {}: choose one\n",
                toml_string(other),
                places.join(", ")
            ));
        }
        out.push_str(&format!(
            "[[entries]]\nterm = {}\nexpansion = {}\n",
            toml_string(&entry.acronym),
            toml_string(long)
        ));
    }
    (out, entries.len())
}

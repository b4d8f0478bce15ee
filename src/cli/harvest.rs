//! `glossary-ls harvest`: a draft glossary of every definition the documents of a tree
//! make, built from the workspace index over the files `check` would walk.
//!
//! Alternative expansions of one acronym are written as comments above its entry, not as
//! `aliases`: in the glossary format, an alias is another accepted name of the entry
//! (matched in documents, offered in completion), so writing every expansion found there
//! would accept them all silently. A draft is for a person to choose: the comment lists
//! each alternative with the documents that use it, and the entry stays valid as it is.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use rayon::prelude::*;
use serde::Serialize;

use super::{CliError, GlobalArgs};
use crate::conflicts::{ExpansionGroup, best_spelling};
use crate::project::{DEFAULT_GLOSSARY, Project, display_path};
use crate::workspace_index::{DocumentEntry, WorkspaceIndex};

#[derive(Debug, Args)]
pub struct HarvestArgs {
    /// Files and folders to harvest (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// Print JSON instead of TOML.
    #[arg(long)]
    pub json: bool,
    /// Add the new entries to the project's glossary file (the first TOML source of the
    /// configuration, else glossary/glossary.toml), keeping its text and comments.
    #[arg(long, conflicts_with = "json")]
    pub write: bool,
}

/// Acronyms used unexplained in at least this many documents, and defined in none, are
/// listed "to define".
const TO_DEFINE_MIN_DOCUMENTS: usize = 2;

/// One expansion of an acronym (spellings that fold alike count as one) and where it is made.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Expansion {
    pub expansion: String,
    pub defined_in: Vec<String>,
}

/// One acronym of the draft: the expansion most documents use, and the others.
#[derive(Debug, Serialize)]
pub struct HarvestEntry {
    pub term: String,
    pub expansion: String,
    pub defined_in: Vec<String>,
    pub alternatives: Vec<Expansion>,
}

/// An acronym several documents leave unexplained and none defines.
#[derive(Debug, Serialize)]
pub struct ToDefine {
    pub term: String,
    pub used_in: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Harvest {
    pub documents: usize,
    pub entries: Vec<HarvestEntry>,
    pub to_define: Vec<ToDefine>,
}

pub fn run(global: &GlobalArgs, args: HarvestArgs) -> Result<ExitCode, CliError> {
    let (paths, mut projects, jobs) = super::tree::jobs(global, &args.paths, "harvest")?;
    // Each worker reduces its analysis to the index entry at once: the analyses (findings,
    // messages) of the whole tree are never held together.
    let entries: Vec<(PathBuf, DocumentEntry)> = jobs
        .par_iter()
        .filter_map(|job| {
            let document = super::tree::read_or_warn(job)?;
            let engine = &job.project.engine;
            let analysis = engine.analyze(&document.text, document.markup);
            let mut entry = DocumentEntry::from_analysis(&analysis);
            // What the loaded glossary already has is no news.
            entry
                .definitions
                .retain(|d| engine.glossary().lookup(&d.key).is_none());
            Some((PathBuf::from(display_path(&job.path)), entry))
        })
        .collect();
    let documents = entries.len();
    let index = WorkspaceIndex::build(entries);
    let harvest = harvest(&index, documents);

    if args.write {
        let project = projects.for_dir(super::tree::first_folder(&paths))?;
        return write(&project, global, &harvest);
    }
    super::write_stdout(|out| {
        if args.json {
            serde_json::to_writer_pretty(&mut *out, &harvest).map_err(std::io::Error::other)?;
            out.write_all(b"\n")
        } else {
            out.write_all(draft_toml(&harvest, &BTreeSet::new()).0.as_bytes())
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The draft: one entry per acronym defined, and the acronyms to define.
pub fn harvest(index: &WorkspaceIndex, documents: usize) -> Harvest {
    let mut entries = Vec::new();
    let mut to_define = Vec::new();
    for key in index.keys() {
        let definitions = index.definitions_of(key);
        if definitions.is_empty() {
            let used_in = index.unexplained_in(key);
            if used_in.len() >= TO_DEFINE_MIN_DOCUMENTS {
                to_define.push(ToDefine {
                    term: key.to_string(),
                    used_in: used_in.iter().map(|p| display_path(p)).collect(),
                });
            }
            continue;
        }
        // Expansions that fold alike, in order of first appearance (definitions come in
        // path order, so each document is listed once per group).
        let mut groups: Vec<ExpansionGroup<'_, &Path>> = Vec::new();
        for (path, definition) in &definitions {
            ExpansionGroup::add(&mut groups, &definition.folded, &definition.long, *path);
        }
        let mut expansions: Vec<Expansion> = groups
            .into_iter()
            .map(|group| Expansion {
                expansion: best_spelling(&group.spellings),
                defined_in: group.places.iter().map(|p| display_path(p)).collect(),
            })
            .collect();
        // The expansion most documents make first (stable: ties keep path order).
        expansions.sort_by_key(|e| std::cmp::Reverse(e.defined_in.len()));
        let first = expansions.remove(0);
        entries.push(HarvestEntry {
            term: key.to_string(),
            expansion: first.expansion,
            defined_in: first.defined_in,
            alternatives: expansions,
        });
    }
    Harvest {
        documents,
        entries,
        to_define,
    }
}

fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_string()
}

/// The draft as TOML in the glossary format (`\n` line breaks), leaving out the terms in
/// `skip` (folded); also how many entries it has. The "to define" list comes as comments
/// at the end.
fn draft_toml(harvest: &Harvest, skip: &BTreeSet<String>) -> (String, usize) {
    let mut out = format!(
        "# Draft glossary harvested by glossary-ls from {} document{}: review each entry,\n\
         # choose among alternative expansions and add a summary.\n",
        harvest.documents,
        if harvest.documents == 1 { "" } else { "s" }
    );
    let written = entries_toml(harvest, skip, &mut out);
    if !harvest.to_define.is_empty() {
        out.push_str(
            "\n# To define: acronyms used unexplained in several documents and defined in none.\n",
        );
        for item in &harvest.to_define {
            out.push_str(&format!(
                "# {}: used in {}\n",
                item.term,
                places(&item.used_in)
            ));
        }
    }
    (out, written)
}

/// Documents named in a comment of the draft; the JSON output lists them all.
const PLACES_SHOWN: usize = 5;

/// A list of documents for a comment: the first few and how many more, so that an acronym
/// defined in thousands of documents stays one readable line.
fn places(paths: &[String]) -> String {
    let shown = paths[..paths.len().min(PLACES_SHOWN)].join(", ");
    match paths.len().saturating_sub(PLACES_SHOWN) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

/// Appends each entry not in `skip` to `out`; how many.
fn entries_toml(harvest: &Harvest, skip: &BTreeSet<String>, out: &mut String) -> usize {
    let mut written = 0;
    for entry in &harvest.entries {
        if skip.contains(&entry.term.to_lowercase()) {
            continue;
        }
        written += 1;
        out.push_str(&format!("\n# Defined in {}\n", places(&entry.defined_in)));
        if !entry.alternatives.is_empty() {
            out.push_str("# Other expansions found (choose one for `expansion`):\n");
            for alternative in &entry.alternatives {
                out.push_str(&format!(
                    "#   {} in {}\n",
                    toml_string(&alternative.expansion),
                    places(&alternative.defined_in)
                ));
            }
        }
        out.push_str(&format!(
            "[[entries]]\nterm = {}\nexpansion = {}\n",
            toml_string(&entry.term),
            toml_string(&entry.expansion)
        ));
    }
    written
}

/// The glossary file `--write` adds to: the first TOML file of the configuration's sources
/// (not one named with `--glossary`), else the project's `glossary/glossary.toml`.
fn target_file(project: &Project, global: &GlobalArgs) -> PathBuf {
    project
        .glossary_files
        .iter()
        .filter(|f| !global.glossaries.iter().any(|g| f.starts_with(g)))
        .find(|f| {
            f.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        })
        .cloned()
        .unwrap_or_else(|| project.root.join(DEFAULT_GLOSSARY))
}

/// The terms and aliases of a TOML glossary's entries, folded.
fn names_in(text: &str) -> Result<BTreeSet<String>, String> {
    let document: toml_edit::DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
    let mut names = BTreeSet::new();
    if let Some(entries) = document
        .get("entries")
        .and_then(toml_edit::Item::as_array_of_tables)
    {
        for entry in entries {
            if let Some(term) = entry.get("term").and_then(toml_edit::Item::as_str) {
                names.insert(term.to_lowercase());
            }
            if let Some(aliases) = entry.get("aliases").and_then(toml_edit::Item::as_array) {
                names.extend(
                    aliases
                        .iter()
                        .filter_map(|a| a.as_str())
                        .map(str::to_lowercase),
                );
            }
        }
    }
    Ok(names)
}

/// `--write`: appends the entries the glossary file lacks, as the "Add to the glossary"
/// quick fix does (text, comments, BOM and line breaks kept).
fn write(project: &Project, global: &GlobalArgs, harvest: &Harvest) -> Result<ExitCode, CliError> {
    let path = target_file(project, global);
    let shown = display_path(&path);
    let existing = match std::fs::symlink_metadata(&path) {
        Ok(_) => {
            let bytes = crate::fsread::read_regular(&path, crate::fsread::MAX_GLOSSARY_BYTES)
                .map_err(|e| CliError::Usage(format!("{shown}: cannot read: {e}")))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| CliError::Usage(format!("{shown}: not UTF-8: nothing written")))?;
            Some(text)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(CliError::Usage(format!("{shown}: {e}"))),
    };
    let skip = match &existing {
        Some(text) => names_in(text.strip_prefix('\u{feff}').unwrap_or(text)).map_err(|e| {
            CliError::Usage(format!(
                "{shown}: not valid TOML, nothing written: {}",
                e.trim()
            ))
        })?,
        None => BTreeSet::new(),
    };
    let mut toml = String::new();
    let added = entries_toml(harvest, &skip, &mut toml);
    if added == 0 {
        eprintln!("glossary-ls: note: {shown} already has every harvested entry: nothing written");
        return Ok(ExitCode::SUCCESS);
    }
    let toml = toml.trim_start_matches('\n');
    let edit = crate::ide::actions::append_to_glossary(existing.as_deref(), toml);
    let mut text = existing.clone().unwrap_or_default();
    text.replace_range(edit.range.clone(), &edit.text);
    let written = match existing {
        Some(_) => super::fix::write_atomically(&path, &text),
        None => path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| {
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
            })
            .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes())),
    };
    written.map_err(|e| CliError::Usage(format!("{shown}: cannot write: {e}")))?;
    eprintln!(
        "glossary-ls: note: added {added} entr{} to {shown}",
        if added == 1 { "y" } else { "ies" }
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conflicts::fold_expansion;
    use std::collections::HashMap;

    #[test]
    fn expansions_fold_case_plural_and_hyphens() {
        assert_eq!(
            fold_expansion("Dead-letter queues"),
            fold_expansion("dead letter queue")
        );
        assert_eq!(fold_expansion("Key Policies"), "key policy");
        assert_eq!(fold_expansion("access switches"), "access switch");
        assert_eq!(fold_expansion("business"), "business");
        assert_eq!(fold_expansion("status"), "status");
        assert_ne!(
            fold_expansion("pull request"),
            fold_expansion("press release")
        );
    }

    #[test]
    fn long_lists_of_documents_are_cut_short() {
        let paths: Vec<String> = (1..=7).map(|i| format!("d{i}.md")).collect();
        assert_eq!(
            places(&paths),
            "d1.md, d2.md, d3.md, d4.md, d5.md and 2 more"
        );
        assert_eq!(places(&paths[..2]), "d1.md, d2.md");
    }

    #[test]
    fn the_shown_spelling_is_singular_and_lower_case() {
        let spellings = HashMap::from([("Dead-letter queues", 2), ("dead-letter queue", 1)]);
        assert_eq!(best_spelling(&spellings), "dead-letter queue");
        let spellings = HashMap::from([("Dead-letter queue", 1), ("dead-letter queue", 1)]);
        assert_eq!(best_spelling(&spellings), "dead-letter queue");
    }
}

//! `glossary-ls acronyms`: the acronyms that need no expansion in this project, and why.

use std::process::ExitCode;

use serde::Serialize;

use super::{CliError, GlobalArgs};
use crate::wordlists::{Audience, acronym_groups};

#[derive(Serialize)]
struct Known<'a> {
    acronym: &'a str,
    group: &'a str,
    why: &'a str,
    source: &'a str,
}

/// Lists the configured audience's well-known acronyms (or `audience`'s), then the project's
/// own allow list: one per line, tab-separated from its group, each group headed by why it
/// is there and where that comes from.
pub fn acronyms(
    global: &GlobalArgs,
    audience: Option<Audience>,
    json: bool,
) -> Result<ExitCode, CliError> {
    let project = global.project_here()?;
    let settings = project.engine.settings();
    let audience = audience.unwrap_or(settings.audience);
    let mut known: Vec<Known<'_>> = Vec::new();
    for (name, group) in acronym_groups() {
        if !group.audiences.contains(&audience) {
            continue;
        }
        known.extend(group.terms.iter().map(|t| Known {
            acronym: t,
            group: name,
            why: &group.why,
            source: &group.source,
        }));
    }
    let mut own: Vec<&String> = settings.allowed.iter().collect();
    own.sort();
    known.extend(own.into_iter().map(|t| Known {
        acronym: t,
        group: "project",
        why: "Listed under [acronyms] allow in glossary-ls.toml.",
        source: "this project",
    }));
    let text = if json {
        serde_json::to_string_pretty(&known)
            .map_err(|e| CliError::Usage(format!("cannot write JSON: {e}")))?
            + "\n"
    } else {
        let mut text = format!(
            "# Acronyms that need no expansion for the audience \"{}\" ([acronyms] audience in glossary-ls.toml).\n",
            audience.name()
        );
        let mut group = "";
        for k in &known {
            if k.group != group {
                group = k.group;
                text += &format!("#\n# {group}: {} Source: {}\n", k.why, k.source);
            }
            text += &format!("{}\t{}\n", k.acronym, k.group);
        }
        text
    };
    super::write_stdout(|out| out.write_all(text.as_bytes()))?;
    Ok(ExitCode::SUCCESS)
}

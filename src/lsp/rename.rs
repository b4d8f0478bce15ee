//! `textDocument/prepareRename` and `rename` on a glossary name (a term or an alias), from
//! a use in a document or from the name in a TOML glossary file: the entry's string in the
//! glossary and every use in the open documents and the workspace's files, each keeping its
//! case style and plural or possessive suffix ([`ide::rename`]). Expansions, acronyms the
//! glossary does not know and built-in entries are not renamed: the answer says why.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

use super::convert::{self, uri_of};
use super::documents::{self, Analyzed};
use super::position::{self, Encoding};
use super::references::on_disk;
use super::server::{Backend, blocking};
use crate::glossary::EntryId;
use crate::ide::{self, TermRef};
use crate::project::{Project, same_path};

/// What a rename renames: one name of one entry, and where the request points at it.
struct Target {
    project: Arc<Project>,
    id: EntryId,
    /// The name as the glossary writes it.
    name: String,
    /// The name under the cursor, in the requesting file.
    range: Range,
}

/// A refusal the client shows the user.
fn refuse(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::InvalidRequest,
        message: message.into().into(),
        data: None,
    }
}

pub(super) async fn prepare_rename(
    backend: &Backend,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let target = target(backend, &params.text_document.uri, params.position).await?;
    Ok(target.map(|t| PrepareRenameResponse::RangeWithPlaceholder {
        range: t.range,
        placeholder: t.name,
    }))
}

pub(super) async fn rename(
    backend: &Backend,
    params: RenameParams,
) -> Result<Option<WorkspaceEdit>> {
    let at = params.text_document_position;
    let Some(target) = target(backend, &at.text_document.uri, at.position).await? else {
        return Ok(None);
    };
    let new = params.new_name.trim().to_string();
    ide::rename::check_new_name(&target.project.engine, target.id, &target.name, &new)
        .map_err(refuse)?;
    let encoding = backend.session().encoding;
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();

    // The glossary's own string first: if it cannot be edited, nothing is.
    let entry = target.project.engine.glossary().entry(target.id);
    let glossary_path = PathBuf::from(&*entry.origin.source);
    let line = entry.origin.line;
    let (old, new_name) = (target.name.clone(), new.clone());
    let glossary_edit = blocking(move || -> std::result::Result<(Uri, TextEdit), String> {
        let text = documents::text_on_disk(&glossary_path, crate::fsread::MAX_DOCUMENT_BYTES)?
            .ok_or_else(|| format!("{} no longer exists", glossary_path.display()))?;
        let edit = ide::rename::toml_glossary_edit(&text, line, &old, &new_name)?;
        let rope = ropey::Rope::from_str(&text);
        let uri = uri_of(&glossary_path).ok_or("the glossary file has no URI")?;
        Ok((
            uri,
            convert::text_edit(&rope, edit.range, edit.text, encoding),
        ))
    })
    .await?
    .map_err(refuse)?;
    changes
        .entry(glossary_edit.0)
        .or_default()
        .push(glossary_edit.1);

    // Open documents (their unsaved text), then the files on disk that use the entry.
    let open = backend.inner.documents.uris();
    for uri in &open {
        if let Some(analyzed) = backend.analyzed(uri).await? {
            let (old, new) = (target.name.clone(), new.clone());
            let edits = blocking(move || document_edits(&analyzed, &old, &new, encoding)).await?;
            if !edits.is_empty() {
                changes.entry(uri.clone()).or_default().extend(edits);
            }
        }
    }
    let searcher = backend.clone();
    let (project, id, old) = (target.project.clone(), target.id, target.name.clone());
    let from_files = blocking(move || {
        let term = TermRef::Entry { id, range: 0..0 };
        searcher
            .files_to_search(&term, &project, &open)
            .par_iter()
            .filter(|path| !project.is_glossary_file(path))
            .filter_map(|path| {
                let analyzed = on_disk(path, &project)?;
                let edits = document_edits(&analyzed, &old, &new, encoding);
                (!edits.is_empty()).then(|| Some((uri_of(path)?, edits)))?
            })
            .collect::<Vec<_>>()
    })
    .await?;
    changes.extend(from_files);
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }))
}

/// The edits renaming `old` in one analysed document, resolved in its own glossary.
fn document_edits(analyzed: &Analyzed, old: &str, new: &str, encoding: Encoding) -> Vec<TextEdit> {
    let engine = &analyzed.project.engine;
    let Some(id) = engine.glossary().lookup(old) else {
        return Vec::new();
    };
    ide::rename::document_edits(engine, &analyzed.analysis, &analyzed.text, id, old, new)
        .into_iter()
        .map(|e| convert::text_edit(&analyzed.rope, e.range, e.text, encoding))
        .collect()
}

/// The name a request points at: a use in an open document, or the name's string in a
/// glossary file. `Ok(None)`: nothing there to rename; an error: something that cannot be.
async fn target(backend: &Backend, uri: &Uri, at: Position) -> Result<Option<Target>> {
    let encoding = backend.session().encoding;
    if let Some(analyzed) = backend.analyzed(uri).await? {
        let found = blocking(move || in_document(&analyzed, at, encoding)).await?;
        return found.map_err(refuse);
    }
    let Some((project, path)) = backend.glossary_file(uri) else {
        return Ok(None);
    };
    let found = blocking(move || in_glossary_file(&project, &path, at, encoding)).await?;
    found.map_err(refuse)
}

fn in_document(
    analyzed: &Arc<Analyzed>,
    at: Position,
    encoding: Encoding,
) -> std::result::Result<Option<Target>, String> {
    let engine = &analyzed.project.engine;
    let offset = position::offset(&analyzed.rope, at, encoding);
    let Some(term) = ide::term_at(engine, &analyzed.analysis, offset) else {
        return Ok(None);
    };
    let (id, range) = match term {
        TermRef::Entry { id, range } => (id, range),
        TermRef::Acronym { key, .. } => {
            return Err(format!(
                "{key} is not in the glossary: only glossary terms and aliases are renamed"
            ));
        }
    };
    let written = analyzed.text.get(range.clone()).unwrap_or_default();
    let name = ide::rename::name_written(engine, id, written).ok_or_else(|| {
        format!(
            "'{written}' is the expansion of {}: rename the term or an alias",
            engine.glossary().entry(id).term
        )
    })?;
    renamable(&analyzed.project, id)?;
    Ok(Some(Target {
        project: analyzed.project.clone(),
        id,
        name,
        range: position::range(&analyzed.rope, range, encoding),
    }))
}

/// The name in a glossary file at a position: the quoted string there, if it is the term
/// or an alias of an entry written in this file.
fn in_glossary_file(
    project: &Arc<Project>,
    path: &Path,
    at: Position,
    encoding: Encoding,
) -> std::result::Result<Option<Target>, String> {
    let Some(text) = documents::text_on_disk(path, crate::fsread::MAX_DOCUMENT_BYTES)? else {
        return Ok(None);
    };
    let rope = ropey::Rope::from_str(&text);
    let offset = position::offset(&rope, at, encoding);
    let Some(range) = quoted_string_at(&text, offset) else {
        return Ok(None);
    };
    let name = &text[range.clone()];
    let glossary = project.engine.glossary();
    let Some(id) = glossary.lookup(name) else {
        return Ok(None);
    };
    let entry = glossary.entry(id);
    if !same_path(Path::new(&*entry.origin.source), path)
        || !(entry.term == name || entry.aliases.iter().any(|a| a == name))
    {
        return Ok(None);
    }
    renamable(project, id)?;
    Ok(Some(Target {
        project: project.clone(),
        id,
        name: name.to_string(),
        range: position::range(&rope, range, encoding),
    }))
}

/// Why entry `id` cannot be renamed, if it cannot: its glossary must be a TOML file.
fn renamable(project: &Project, id: EntryId) -> std::result::Result<(), String> {
    let entry = project.engine.glossary().entry(id);
    let source = &*entry.origin.source;
    if source == crate::glossary::BUILTIN_GLOSSARY_NAME {
        return Err(format!(
            "{} is a built-in glossary entry: add your own entry to rename it",
            entry.term
        ));
    }
    let path = Path::new(source);
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        return Err(format!(
            "{} is defined in {source}: rename edits TOML glossaries only",
            entry.term
        ));
    }
    Ok(())
}

/// The content of the one-line quoted string (`"…"` or `'…'`) around `offset`.
fn quoted_string_at(text: &str, offset: usize) -> Option<std::ops::Range<usize>> {
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let mut open: Option<(char, usize)> = None;
    for (i, c) in line.char_indices() {
        match open {
            None if c == '#' => return None,
            None if c == '"' || c == '\'' => open = Some((c, i + 1)),
            Some((quote, from)) if c == quote => {
                let range = line_start + from..line_start + i;
                if range.start <= offset && offset <= range.end {
                    return Some(range);
                }
                open = None;
            }
            Some(('"', _)) if c == '\\' => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::quoted_string_at;

    #[test]
    fn finds_the_string_under_the_cursor() {
        let text = "[[entries]]\nterm = \"widget\"\naliases = ['gizmo', \"thing\"] # 'x'\n";
        let at = |needle: &str| text.find(needle).expect("in text") + 1;
        assert_eq!(
            quoted_string_at(text, at("widget")).map(|r| &text[r]),
            Some("widget")
        );
        assert_eq!(
            quoted_string_at(text, at("gizmo")).map(|r| &text[r]),
            Some("gizmo")
        );
        assert_eq!(
            quoted_string_at(text, at("thing")).map(|r| &text[r]),
            Some("thing")
        );
        assert_eq!(quoted_string_at(text, at("term")), None);
        assert_eq!(quoted_string_at(text, at("x'")), None);
    }
}

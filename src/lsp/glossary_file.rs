//! Features in a glossary file itself (not a document): a code lens on each entry, "used
//! in N documents", whose command shows its references; hover on an entry lists the
//! documents that use it; `references` from an entry finds its uses in the workspace.
//! Where the entries are comes from the loaded glossary (each entry's line), how much they
//! are used from the workspace index: the file is never analysed as prose.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::server::{Backend, blocking};
use crate::glossary::EntryId;
use crate::project::Project;

/// The client command a code lens runs: show the references of the entry at a position
/// (`[uri, position]`); the editor integrations implement it with `textDocument/references`.
pub(super) const SHOW_REFERENCES: &str = "glossaryLs.showReferences";

/// Documents a hover names; the count says how many more there are.
const HOVER_DOCUMENTS: usize = 10;

/// The entries written in `path`, with their 0-based first lines, in line order.
pub(super) fn entries_in(project: &Project, path: &Path) -> Vec<(EntryId, u32)> {
    project
        .entries_written_in(path)
        .into_iter()
        .map(|(id, line)| (id, line.saturating_sub(1)))
        .collect()
}

/// The entry whose text holds 0-based `line`: the last one starting at or before it.
pub(super) fn entry_at(project: &Project, path: &Path, line: u32) -> Option<EntryId> {
    entries_in(project, path)
        .into_iter()
        .take_while(|(_, start)| *start <= line)
        .last()
        .map(|(id, _)| id)
}

impl Backend {
    /// The project and path of a glossary file, if `uri` is one (and no open document).
    pub(super) fn glossary_file(&self, uri: &Uri) -> Option<(Arc<Project>, PathBuf)> {
        if self.inner.documents.is_open(uri) {
            return None;
        }
        let path = uri.to_file_path()?.into_owned();
        let project = self.project_for(uri);
        project.is_glossary_file(&path).then_some((project, path))
    }

    /// The documents using entry `id`, once the index is built (the same project only).
    fn documents_using(&self, id: EntryId) -> Option<Vec<PathBuf>> {
        self.index_speaks_for_all()?;
        self.with_built_index(|index| {
            index
                .documents_using(id)
                .into_iter()
                .map(Path::to_path_buf)
                .collect()
        })
    }
}

pub(super) async fn code_lens(
    backend: &Backend,
    params: CodeLensParams,
) -> Result<Option<Vec<CodeLens>>> {
    let uri = params.text_document.uri;
    let Some((project, path)) = backend.glossary_file(&uri) else {
        return Ok(None);
    };
    let this = backend.clone();
    blocking(move || {
        let mut lenses = Vec::new();
        for (id, line) in entries_in(&project, &path) {
            let Some(used) = this.documents_using(id) else {
                // Not indexed yet (or several projects): no count to show.
                return None;
            };
            let title = match used.len() {
                0 => "used in no document".to_string(),
                1 => "used in 1 document".to_string(),
                n => format!("used in {n} documents"),
            };
            let position = Position::new(line, 0);
            lenses.push(CodeLens {
                range: Range::new(position, position),
                command: Some(Command {
                    title,
                    command: SHOW_REFERENCES.to_string(),
                    arguments: Some(vec![
                        serde_json::json!(uri.as_str()),
                        serde_json::json!(position),
                    ]),
                }),
                data: None,
            });
        }
        Some(lenses)
    })
    .await
}

/// Hover on an entry of a glossary file: the documents that use it.
pub(super) async fn hover(backend: &Backend, uri: &Uri, at: Position) -> Result<Option<Hover>> {
    let Some((project, path)) = backend.glossary_file(uri) else {
        return Ok(None);
    };
    let this = backend.clone();
    let show = backend.path_shower();
    blocking(move || {
        let id = entry_at(&project, &path, at.line)?;
        let used = this.documents_using(id)?;
        let term = &project.engine.glossary().entry(id).term;
        let mut text = match used.len() {
            0 => format!("**{term}** is used by no document of the workspace."),
            1 => format!("**{term}** is used in 1 document:\n"),
            n => format!("**{term}** is used in {n} documents:\n"),
        };
        for path in used.iter().take(HOVER_DOCUMENTS) {
            text.push_str(&format!("\n- `{}`", show(path)));
        }
        if used.len() > HOVER_DOCUMENTS {
            text.push_str(&format!("\n- and {} more", used.len() - HOVER_DOCUMENTS));
        }
        Some(Hover {
            contents: HoverContents::Markup(super::convert::markdown(text)),
            range: None,
        })
    })
    .await
}

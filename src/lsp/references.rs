//! `textDocument/references`: the uses of a glossary term or an acronym in every open
//! document (their unsaved text) and then in the workspace's files on disk, with progress.
//! Only the files the workspace index says mention the term are read (every file while the
//! index is not built); `rename` searches the same way.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::convert::{self, uri_of};
use super::documents::{self, Analyzed};
use super::position::{self, Encoding};
use super::server::{Backend, blocking};
use crate::ide::{self, TermRef};
use crate::markup::Markup;
use crate::project::Project;

pub(super) async fn references(
    backend: &Backend,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    let uri = params.text_document_position.text_document.uri;
    let position = params.text_document_position.position;
    let encoding = backend.session().encoding;
    let Some((term, project)) = term_and_project(backend, &uri, position, encoding).await? else {
        return Ok(None);
    };
    let name = match &term {
        TermRef::Entry { id, .. } => project.engine.glossary().entry(*id).term.clone(),
        TermRef::Acronym { key, .. } => key.clone(),
    };
    let progress = backend
        .begin_progress(
            params.work_done_progress_params.work_done_token.clone(),
            format!("Finding references to {name}"),
        )
        .await;
    // Open documents first (their unsaved text), then the workspace's files on disk.
    let mut locations = Vec::new();
    let open = backend.inner.documents.uris();
    for other in &open {
        if let Some(a) = backend.analyzed(other).await? {
            let term = term.clone();
            let uri = other.clone();
            let mut found = blocking(move || references_in(&uri, &a, &term, encoding)).await?;
            locations.append(&mut found);
        }
    }
    let term_for_files = term.clone();
    let searcher = backend.clone();
    let mut from_files = blocking(move || {
        searcher
            .files_to_search(&term_for_files, &project, &open)
            .par_iter()
            .filter_map(|path| {
                let file = on_disk(path, &project)?;
                let uri = uri_of(path)?;
                Some(references_in(&uri, &file, &term_for_files, encoding))
            })
            .flatten()
            .collect::<Vec<_>>()
    })
    .await?;
    locations.append(&mut from_files);
    if let Some(progress) = progress {
        progress.finish().await;
    }
    Ok(Some(locations))
}

/// The term at a position, with the project it belongs to: in an open document, the term
/// written there; in a glossary file, the entry written there.
async fn term_and_project(
    backend: &Backend,
    uri: &Uri,
    position: Position,
    encoding: Encoding,
) -> Result<Option<(TermRef, Arc<Project>)>> {
    let Some(analyzed) = backend.analyzed(uri).await? else {
        let Some((project, path)) = backend.glossary_file(uri) else {
            return Ok(None);
        };
        return Ok(
            super::glossary_file::entry_at(&project, &path, position.line)
                .map(|id| (TermRef::Entry { id, range: 0..0 }, project)),
        );
    };
    let offset = position::offset(&analyzed.rope, position, encoding);
    blocking(move || {
        let term = ide::term_at(&analyzed.project.engine, &analyzed.analysis, offset)?;
        Some((term, analyzed.project.clone()))
    })
    .await
}

/// The locations of a term in one analysed document.
fn references_in(
    uri: &Uri,
    analyzed: &Analyzed,
    term: &TermRef,
    encoding: Encoding,
) -> Vec<Location> {
    let engine = &analyzed.project.engine;
    // Re-resolve the term in this document's glossary (the same entry, by its term).
    let local = match term {
        TermRef::Entry { id, .. } => {
            let name = &engine.glossary().entry(*id).term;
            match engine.glossary().lookup(name) {
                Some(id) => TermRef::Entry { id, range: 0..0 },
                None => return Vec::new(),
            }
        }
        TermRef::Acronym { key, .. } => TermRef::Acronym {
            key: key.clone(),
            range: 0..0,
        },
    };
    ide::navigation::occurrences_of(engine, &analyzed.analysis, &local)
        .into_iter()
        .map(|r| convert::location(uri, &analyzed.rope, r, encoding))
        .collect()
}

impl Backend {
    /// The workspace files on disk, not open, that may mention `term`: those the workspace
    /// index lists for it once built, else every file `check` would walk there. With several
    /// projects (entry numbers are a project's own), every file.
    pub(super) fn files_to_search(
        &self,
        term: &TermRef,
        project: &Project,
        open: &[Uri],
    ) -> Vec<PathBuf> {
        let single_project = self.index_speaks_for_all().is_some();
        let indexed = single_project
            .then(|| {
                self.with_built_index(|index| {
                    let mut paths: Vec<PathBuf> = match term {
                        TermRef::Entry { id, .. } => index
                            .documents_using(*id)
                            .into_iter()
                            .map(Path::to_path_buf)
                            .collect(),
                        TermRef::Acronym { key, .. } => index
                            .defined_in(key)
                            .into_iter()
                            .chain(index.explained_in(key))
                            .chain(index.unexplained_in(key))
                            .map(Path::to_path_buf)
                            .collect(),
                    };
                    paths.sort();
                    paths.dedup();
                    paths
                })
            })
            .flatten();
        let paths = indexed.unwrap_or_else(|| self.walk_workspace(project));
        paths
            .into_iter()
            .filter(|path| uri_of(path).is_none_or(|uri| !open.contains(&uri)))
            .collect()
    }

    /// Every file of the workspace folders that `project` would check.
    fn walk_workspace(&self, project: &Project) -> Vec<PathBuf> {
        let roots = self.workspace().roots.clone();
        let mut out = Vec::new();
        for root in roots {
            for file in ignore::WalkBuilder::new(&root)
                .require_git(false)
                .build()
                .flatten()
            {
                if file.file_type().is_some_and(|t| t.is_file()) && project.wants(file.path()) {
                    out.push(file.into_path());
                }
            }
        }
        out
    }
}

/// A file on disk analysed as an editor would open it: within the size limit, UTF-8, without
/// its byte order mark.
pub(super) fn on_disk(path: &Path, project: &Arc<Project>) -> Option<Analyzed> {
    let Ok(Some(text)) = documents::text_on_disk(path, crate::fsread::MAX_DOCUMENT_BYTES) else {
        return None;
    };
    let markup = project.markup_for(path).unwrap_or(Markup::Plaintext);
    let analysis = project.engine.analyze(&text, markup);
    Some(Analyzed {
        version: 0,
        rope: ropey::Rope::from_str(&text),
        text,
        markup,
        project: project.clone(),
        analysis,
    })
}

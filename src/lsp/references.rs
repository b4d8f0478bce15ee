//! `textDocument/references`: the uses of a glossary term or an acronym in every open
//! document (their unsaved text) and then in the workspace's files on disk, with progress.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::convert::{self, uri_of};
use super::documents::{self, Analyzed};
use super::position::{self, Encoding};
use super::server::{Backend, blocking};
use crate::ide::{self, TermRef};
use crate::markup::Markup;

pub(super) async fn references(
    backend: &Backend,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    let uri = params.text_document_position.text_document.uri;
    let position = params.text_document_position.position;
    let Some(analyzed) = backend.analyzed(&uri).await? else {
        return Ok(None);
    };
    let encoding = backend.session().encoding;
    let offset = position::offset(&analyzed.rope, position, encoding);
    let engine_analyzed = analyzed.clone();
    let Some(term) = blocking(move || {
        ide::term_at(
            &engine_analyzed.project.engine,
            &engine_analyzed.analysis,
            offset,
        )
    })
    .await?
    else {
        return Ok(None);
    };
    let name = match &term {
        TermRef::Entry { id, .. } => analyzed.project.engine.glossary().entry(*id).term.clone(),
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
    let roots = backend.workspace().roots.clone();
    let project = analyzed.project.clone();
    let term_for_files = term.clone();
    let mut from_files = blocking(move || {
        let mut out = Vec::new();
        for root in roots {
            for file in ignore::WalkBuilder::new(&root)
                .require_git(false)
                .build()
                .flatten()
            {
                let path = file.path();
                if !file.file_type().is_some_and(|t| t.is_file()) || !project.wants(path) {
                    continue;
                }
                let Some(file_uri) = uri_of(path) else {
                    continue;
                };
                if open.contains(&file_uri) {
                    continue;
                }
                // Within the size limit, UTF-8, and without a BOM as editors show it.
                let Ok(Some(text)) =
                    documents::text_on_disk(path, crate::fsread::MAX_DOCUMENT_BYTES)
                else {
                    continue;
                };
                let markup = project.markup_for(path).unwrap_or(Markup::Plaintext);
                let analysis = project.engine.analyze(&text, markup);
                let a = Analyzed {
                    version: 0,
                    rope: ropey::Rope::from_str(&text),
                    text,
                    markup,
                    project: project.clone(),
                    analysis,
                };
                out.extend(references_in(&file_uri, &a, &term_for_files, encoding));
            }
        }
        out
    })
    .await?;
    locations.append(&mut from_files);
    if let Some(progress) = progress {
        progress.finish().await;
    }
    Ok(Some(locations))
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

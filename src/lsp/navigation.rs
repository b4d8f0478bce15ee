//! Navigation within a document and the glossary: `textDocument/definition` (the document's
//! own definition, else the glossary entry), `documentHighlight`, `documentSymbol` and
//! `workspace/symbol` ([`ide::navigation`]). References across files are in `references`.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::convert;
use super::server::{Backend, blocking};
use crate::ide::{self, TermRef};
use crate::project::Project;

pub(super) async fn goto_definition(
    backend: &Backend,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let uri = params
        .text_document_position_params
        .text_document
        .uri
        .clone();
    backend
        .at_position(
            params.text_document_position_params,
            move |analyzed, offset, encoding| {
                let engine = &analyzed.project.engine;
                let term = ide::term_at(engine, &analyzed.analysis, offset)?;
                let key = match &term {
                    TermRef::Entry { id, .. } => {
                        crate::acronym::base_form(&engine.glossary().entry(*id).term).to_string()
                    }
                    TermRef::Acronym { key, .. } => key.clone(),
                };
                // The document's own definition first, then the glossary entry.
                if let Some(d) = ide::navigation::definition_of(&analyzed.analysis, &key)
                    && !(d.short_range.start <= offset && offset <= d.short_range.end)
                {
                    return Some(GotoDefinitionResponse::Scalar(convert::location(
                        &uri,
                        &analyzed.rope,
                        d.short_range.clone(),
                        encoding,
                    )));
                }
                match term {
                    TermRef::Entry { id, .. } => {
                        convert::entry_location(engine.glossary().entry(id))
                            .map(GotoDefinitionResponse::Scalar)
                    }
                    TermRef::Acronym { .. } => None,
                }
            },
        )
        .await
}

pub(super) async fn document_highlight(
    backend: &Backend,
    params: DocumentHighlightParams,
) -> Result<Option<Vec<DocumentHighlight>>> {
    backend
        .at_position(
            params.text_document_position_params,
            |analyzed, offset, encoding| {
                let engine = &analyzed.project.engine;
                let term = ide::term_at(engine, &analyzed.analysis, offset)?;
                Some(
                    ide::navigation::occurrences_of(engine, &analyzed.analysis, &term)
                        .into_iter()
                        .map(|r| convert::highlight(r, &analyzed.rope, encoding))
                        .collect(),
                )
            },
        )
        .await
}

pub(super) async fn document_symbol(
    backend: &Backend,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let Some(analyzed) = backend.analyzed(&params.text_document.uri).await? else {
        return Ok(None);
    };
    let encoding = backend.session().encoding;
    blocking(move || {
        let symbols = ide::navigation::document_symbols(&analyzed.analysis)
            .into_iter()
            .map(|s| convert::document_symbol(s, &analyzed.rope, encoding))
            .collect();
        Some(DocumentSymbolResponse::Nested(symbols))
    })
    .await
}

/// The glossary entries of every loaded project whose names match the query (the
/// workspace's default project is loaded if none is yet).
pub(super) async fn workspace_symbol(
    backend: &Backend,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    let projects: Vec<Arc<Project>> = {
        let mut workspace = backend.workspace();
        if workspace.projects().next().is_none() {
            let key = workspace.key_for(None);
            workspace.project(&key);
        }
        workspace.projects().map(|(_, p)| p.clone()).collect()
    };
    blocking(move || {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for project in projects {
            let glossary = project.engine.glossary();
            for id in ide::navigation::workspace_symbols(&project.engine, &params.query, 200) {
                let entry = glossary.entry(id);
                if !seen.insert((entry.term.clone(), entry.origin.clone())) {
                    continue;
                }
                let Some(symbol) = convert::entry_symbol(entry) else {
                    continue;
                };
                out.push(symbol);
            }
        }
        Some(WorkspaceSymbolResponse::Flat(out))
    })
    .await
}

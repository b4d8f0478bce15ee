//! `textDocument/hover`: the glossary entry, or the document's own definition, of the term
//! under the cursor ([`ide::hover`]); in a glossary file, where the entry is used
//! (`glossary_file`).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::convert;
use super::server::Backend;
use crate::ide;

pub(super) async fn hover(backend: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    let at = &params.text_document_position_params;
    if !backend.inner.documents.is_open(&at.text_document.uri) {
        return super::glossary_file::hover(backend, &at.text_document.uri, at.position).await;
    }
    backend
        .at_position(
            params.text_document_position_params,
            |analyzed, offset, encoding| {
                let engine = &analyzed.project.engine;
                ide::hover::hover(engine, &analyzed.analysis, &analyzed.text, offset)
                    .map(|h| convert::hover(h, &analyzed.rope, encoding))
            },
        )
        .await
}

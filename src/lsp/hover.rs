//! `textDocument/hover`: the glossary entry, or the document's own definition, of the term
//! under the cursor ([`ide::hover`]).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::convert;
use super::server::Backend;
use crate::ide;

pub(super) async fn hover(backend: &Backend, params: HoverParams) -> Result<Option<Hover>> {
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

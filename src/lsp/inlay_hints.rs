//! `textDocument/inlayHint`: the expansion after each acronym of the glossary, when the
//! project's configuration or the editor settings turn them on ([`ide::navigation`]).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::convert;
use super::position;
use super::server::{Backend, blocking};
use crate::ide;

pub(super) async fn inlay_hint(
    backend: &Backend,
    params: InlayHintParams,
) -> Result<Option<Vec<InlayHint>>> {
    let uri = params.text_document.uri;
    let Some(analyzed) = backend.analyzed(&uri).await? else {
        return Ok(None);
    };
    let enabled = analyzed.project.config.editor.inlay_hints
        || backend.workspace().settings.editor.inlay_hints;
    if !enabled {
        return Ok(Some(Vec::new()));
    }
    let encoding = backend.session().encoding;
    let range = params.range;
    blocking(move || {
        let start = position::offset(&analyzed.rope, range.start, encoding);
        let end = position::offset(&analyzed.rope, range.end, encoding);
        Some(
            ide::navigation::expansions(&analyzed.project.engine, &analyzed.analysis, start..end)
                .into_iter()
                .map(|e| convert::inlay_hint(e, &analyzed.rope, encoding))
                .collect(),
        )
    })
    .await
}

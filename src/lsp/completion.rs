//! `textDocument/completion` and `completionItem/resolve`: glossary names, first-use forms
//! and the document's own terms ([`ide::completion`]); an entry's documentation is made
//! when the client shows the item, for clients that ask for it then.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::convert;
use super::server::{Backend, blocking};
use crate::ide;

pub(super) async fn completion(
    backend: &Backend,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let uri = params.text_document_position.text_document.uri.clone();
    let lazy = backend.session().lazy_documentation;
    // Completion wants the text as it is now, even mid-burst: analysed if needed.
    backend
        .at_position(
            params.text_document_position,
            move |analyzed, offset, encoding| {
                let engine = &analyzed.project.engine;
                let completions =
                    ide::completion::complete(engine, &analyzed.analysis, &analyzed.text, offset);
                Some(convert::completion_list(
                    completions,
                    engine,
                    &uri,
                    lazy,
                    &analyzed.rope,
                    encoding,
                ))
            },
        )
        .await
}

/// Adds the documentation of the glossary entry an item stands for (named in its
/// `data` by the document's URI, for the project, and the term), as the glossary is
/// now. An item without one, or whose term is gone, comes back as it was.
pub(super) async fn resolve(backend: &Backend, mut item: CompletionItem) -> Result<CompletionItem> {
    if item.documentation.is_some() {
        return Ok(item);
    }
    let data = item.data.as_ref();
    let term = data.and_then(|d| d.get("term")).and_then(|t| t.as_str());
    let uri = data
        .and_then(|d| d.get("uri"))
        .and_then(|u| u.as_str())
        .and_then(|u| u.parse::<Uri>().ok());
    let (Some(term), Some(uri)) = (term.map(str::to_string), uri) else {
        return Ok(item);
    };
    let project = backend.project_for(&uri);
    let documentation = blocking(move || {
        let glossary = project.engine.glossary();
        let entry = glossary.entry(glossary.lookup_exact(&term)?);
        Some(ide::completion::entry_documentation(entry))
    })
    .await?;
    item.documentation = documentation.map(|d| Documentation::MarkupContent(convert::markdown(d)));
    Ok(item)
}

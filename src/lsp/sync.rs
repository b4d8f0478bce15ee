//! Document synchronisation: `didOpen`, `didChange` (edits applied in order, before any
//! await), `didClose`, and the analysis that follows an edit, whose diagnostics are pushed
//! to clients that do not pull them.

use tower_lsp_server::ls_types::*;

use super::server::{Backend, blocking};

pub(super) async fn did_open(backend: &Backend, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let Some(markup) = backend.markup_for(&doc.language_id, &doc.uri) else {
        return;
    };
    backend
        .inner
        .documents
        .open(doc.uri.clone(), &doc.text, doc.version, markup);
    backend.schedule(doc.uri);
}

pub(super) async fn did_change(backend: &Backend, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    // Applied here, before any `.await`, so edits can never apply out of order.
    let applied = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        backend.inner.documents.change(
            &uri,
            params.text_document.version,
            params.content_changes,
            backend.session().encoding,
        )
    }));
    match applied {
        Ok(Ok(())) => backend.schedule(uri),
        Ok(Err(message)) => tracing::debug!("{message}"),
        Err(_) => {
            tracing::error!("applying an edit panicked; resynchronising is needed");
        }
    }
}

pub(super) async fn did_close(backend: &Backend, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let left = backend.inner.documents.close(&uri);
    if left.is_some() && !backend.session().pull_diagnostics {
        backend
            .client
            .publish_diagnostics(uri, Vec::new(), None)
            .await;
    }
    if left != Some(0) {
        return;
    }
    // Analyses ran on many threads, each with its own malloc arena: what they freed
    // stays in the process until handed back. (`GLOSSARY_LS_NO_TRIM=1`: keep it, to
    // measure what this saves.)
    if std::env::var_os("GLOSSARY_LS_NO_TRIM").is_none() {
        let _ = blocking(heap::trim).await;
    }
    // What is left once every document is closed: the test of leaks.
    if tracing::enabled!(tracing::Level::DEBUG) {
        let documents = backend.inner.documents.stats();
        let projects = backend.workspace().projects().count();
        let (heap_in_use, heap_free) = heap::usage().unwrap_or_default();
        tracing::debug!(
            "kept: documents={} analyses={} pieces={} projects={} \
             heap_in_use={heap_in_use} heap_free={heap_free}",
            documents.open,
            documents.analyses,
            documents.pieces,
            projects,
        );
    }
}

impl Backend {
    /// Analyses a document after it changed, coalescing bursts of edits: while a run is
    /// going, further edits only mark it dirty, and it runs once more with the latest text.
    /// Diagnostics are published for the version they were computed for, and only while it
    /// is still the latest.
    pub(super) fn schedule(&self, uri: Uri) {
        if !self.inner.documents.start_analysis(&uri) {
            return;
        }
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                match this.analyzed(&uri).await {
                    Ok(Some(analyzed)) => {
                        let still_current = this
                            .inner
                            .documents
                            .current(&uri)
                            .is_some_and(|c| c.version == analyzed.version);
                        if still_current && !this.session().pull_diagnostics {
                            let diagnostics = this.document_diagnostics(&uri, &analyzed);
                            this.client
                                .publish_diagnostics(
                                    uri.clone(),
                                    diagnostics,
                                    Some(analyzed.version),
                                )
                                .await;
                        }
                    }
                    Ok(None) => {}
                    Err(e) => this.log(MessageType::ERROR, e.message.to_string()).await,
                }
                if !this.inner.documents.finish_analysis(&uri) {
                    break;
                }
            }
        });
    }
}

/// The C heap: figures for the debug log, and handing freed memory back to the system.
mod heap {
    /// Bytes in use and bytes free but kept by the allocator, over all its arenas.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    pub fn usage() -> Option<(usize, usize)> {
        // SAFETY: mallinfo2 only reads the allocator's own statistics.
        let info = unsafe { libc::mallinfo2() };
        Some((info.uordblks + info.hblkhd, info.fordblks))
    }

    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    pub fn usage() -> Option<(usize, usize)> {
        None
    }

    /// Returns the free memory of every arena to the system (glibc keeps it otherwise).
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    pub fn trim() {
        // SAFETY: malloc_trim takes no pointers and is safe to call at any time.
        unsafe {
            libc::malloc_trim(0);
        }
    }

    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    pub fn trim() {}
}

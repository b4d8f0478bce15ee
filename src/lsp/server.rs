//! The server's state and its `LanguageServer` impl, whose methods only delegate to the
//! feature modules beside this one (`lifecycle`, `sync`, `reload`, `diagnostics`, `hover`,
//! `completion`, `code_actions`, `navigation`, `references`, `rename`, `glossary_file`,
//! `inlay_hints`, `commands`).
//! What every handler needs is here: the session, the project and the current analysis of
//! a document, and [`blocking`], which runs engine work on a blocking thread where a panic
//! becomes an error response instead of taking the server down.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::documents::{Analyzed, Documents};
use super::lifecycle::Session;
use super::position::{self, Encoding};
use super::reload::{InFlight, ReloadQueue};
use super::workspace::Workspace;
use super::{code_actions, completion, diagnostics, hover, inlay_hints, lifecycle};
use super::{glossary_file, navigation, references, reload, rename, sync};
use crate::markup::Markup;
use crate::project::Project;
use crate::workspace_index::DocumentEntry;

/// Numbers the progress tokens the server creates.
static PROGRESS_IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// How long a request to the client may take before the server gives up on it.
pub(super) const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Clone)]
pub struct Backend {
    pub(super) client: Client,
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub(super) session: OnceLock<Session>,
    pub(super) documents: Documents,
    pub(super) workspace: Mutex<Workspace>,
    /// Glossary and configuration files we published problems for.
    pub(super) problem_files: Mutex<Vec<Uri>>,
    /// Why a quick fix could not edit a file, as already told to the user (once each).
    pub(super) refusals_told: Mutex<std::collections::HashSet<String>>,
    /// Glossary reloads asked for and not yet done (see [`Backend::request_reload`]).
    pub(super) reloads: Mutex<ReloadQueue>,
    /// One refresh request of each kind in flight at most (see [`Backend::refresh`]).
    pub(super) diagnostic_refresh: Mutex<InFlight>,
    pub(super) inlay_hint_refresh: Mutex<InFlight>,
    /// The workspace index (see `index`).
    pub(super) index: Mutex<super::index::IndexState>,
    /// The glossary health last published (see `health`).
    pub(super) health: Mutex<super::health::HealthState>,
    pub(super) shutdown: Arc<AtomicBool>,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            inner: Arc::new(Inner {
                session: OnceLock::new(),
                documents: Documents::default(),
                workspace: Mutex::new(Workspace::default()),
                problem_files: Mutex::new(Vec::new()),
                refusals_told: Mutex::new(std::collections::HashSet::new()),
                reloads: Mutex::new(ReloadQueue::default()),
                diagnostic_refresh: Mutex::new(InFlight::default()),
                inlay_hint_refresh: Mutex::new(InFlight::default()),
                index: Mutex::new(super::index::IndexState::default()),
                health: Mutex::new(super::health::HealthState::default()),
                shutdown: Arc::new(AtomicBool::new(false)),
            }),
        }
    }

    /// Set once `shutdown` was received; the process exit code depends on it.
    pub fn shutdown_flag(&self) -> Arc<AtomicBool> {
        self.inner.shutdown.clone()
    }

    pub(super) fn session(&self) -> Session {
        self.inner.session.get().cloned().unwrap_or_default()
    }

    pub(super) fn workspace(&self) -> std::sync::MutexGuard<'_, Workspace> {
        self.inner
            .workspace
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(super) async fn log(&self, level: MessageType, message: String) {
        match level {
            MessageType::ERROR => tracing::error!("{message}"),
            MessageType::WARNING => tracing::warn!("{message}"),
            _ => tracing::info!("{message}"),
        }
        // Errors always reach the client.
        if severity_rank(level) <= self.session().log_to_client.max(1) {
            self.client.log_message(level, message).await;
        }
    }

    /// Starts `$/progress` for long work: with the request's token, else (when the client
    /// supports work-done progress) with one the server creates. `None`: no progress.
    pub(super) async fn begin_progress(
        &self,
        token: Option<ProgressToken>,
        title: String,
    ) -> Option<
        tower_lsp_server::OngoingProgress<
            tower_lsp_server::Unbounded,
            tower_lsp_server::NotCancellable,
        >,
    > {
        let token = match token {
            Some(token) => token,
            None if self.session().work_done_progress => {
                let token = ProgressToken::String(format!(
                    "glossary-ls/{}",
                    PROGRESS_IDS.fetch_add(1, Ordering::Relaxed)
                ));
                let created = tokio::time::timeout(
                    CLIENT_REQUEST_TIMEOUT,
                    self.client.create_work_done_progress(token.clone()),
                )
                .await;
                if !matches!(created, Ok(Ok(()))) {
                    return None;
                }
                token
            }
            None => return None,
        };
        Some(self.client.progress(token, title).begin().await)
    }

    /// The project for a document. Which project a document belongs to is looked up on disk
    /// (the nearest glossary-ls.toml) once, not on every keystroke; a reload forgets it.
    pub(super) fn project_for(&self, uri: &Uri) -> Arc<Project> {
        let known = self.inner.documents.project_key(uri);
        let mut workspace = self.workspace();
        let key = match known {
            Some(key) => key,
            None => {
                let path = uri.to_file_path().map(|p| p.into_owned());
                workspace.key_for(path.as_deref())
            }
        };
        let project = workspace.project(&key);
        drop(workspace);
        // Remembered with the document (and gone with it); other URIs are not.
        self.inner.documents.set_project_key(uri, key);
        project
    }

    /// The markup of a document by its language id, or `None` when glossary-ls does not read it.
    pub(super) fn markup_for(&self, language_id: &str, uri: &Uri) -> Option<Markup> {
        if let Some(markup) = Markup::from_language_id(language_id) {
            return Some(markup);
        }
        let project = self.project_for(uri);
        let from_config = project.config.editor.languages.get(language_id).copied();
        let from_settings = self
            .workspace()
            .settings
            .editor
            .languages
            .get(language_id)
            .copied();
        from_config.or(from_settings)
    }

    /// Analyses the current version of a document (if not done already) and returns it.
    pub(super) async fn analyzed(&self, uri: &Uri) -> Result<Option<Arc<Analyzed>>> {
        if let Some(current) = self.inner.documents.current(uri) {
            return Ok(Some(current));
        }
        let Some(snapshot) = self.inner.documents.snapshot(uri) else {
            return Ok(None);
        };
        let project = self.project_for(uri);
        let analyzed = blocking(move || {
            let engine = &project.engine;
            let text = snapshot.text();
            // Another analysis of this document holds the cache: analyse without it.
            let analysis = match snapshot.pieces.try_lock() {
                Ok(mut cache) => engine.analyze_incremental(&text, snapshot.markup, &mut cache),
                Err(_) => engine.analyze(&text, snapshot.markup),
            };
            // What the workspace index keeps of it, made here off the async threads.
            let entry = DocumentEntry::from_analysis(&analysis);
            let analyzed = Arc::new(Analyzed {
                version: snapshot.version,
                text,
                rope: snapshot.rope,
                markup: snapshot.markup,
                project,
                analysis,
            });
            (analyzed, entry)
        })
        .await?;
        let (analyzed, entry) = analyzed;
        if self.inner.documents.store(uri, analyzed.clone()) {
            self.index_open_document(uri, analyzed.version, entry);
        }
        Ok(Some(analyzed))
    }

    /// Runs `feature` on a blocking thread with the current analysis of a document and the
    /// byte offset of a position in it; `None` when the document is not open.
    pub(super) async fn at_position<T: Send + 'static>(
        &self,
        at: TextDocumentPositionParams,
        feature: impl FnOnce(&Analyzed, usize, Encoding) -> Option<T> + Send + 'static,
    ) -> Result<Option<T>> {
        let Some(analyzed) = self.analyzed(&at.text_document.uri).await? else {
            return Ok(None);
        };
        let encoding = self.session().encoding;
        blocking(move || {
            let offset = position::offset(&analyzed.rope, at.position, encoding);
            feature(&analyzed, offset, encoding)
        })
        .await
    }
}

/// 1 for errors up to 4 for plain logs (LSP's own numbering of message types).
pub(super) fn severity_rank(level: MessageType) -> u8 {
    match level {
        MessageType::ERROR => 1,
        MessageType::WARNING => 2,
        MessageType::INFO => 3,
        _ => 4,
    }
}

/// Runs `work` on a blocking thread; a panic becomes an internal-error response.
pub(super) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        let what = if e.is_panic() {
            "panicked"
        } else {
            "was cancelled"
        };
        tracing::error!("a glossary-ls task {what}: {e}");
        Error {
            code: ErrorCode::InternalError,
            message: format!("glossary-ls {what} while handling this request (this is a bug)")
                .into(),
            data: None,
        }
    })
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        lifecycle::initialize(self, params).await
    }

    async fn initialized(&self, params: InitializedParams) {
        lifecycle::initialized(self, params).await
    }

    async fn shutdown(&self) -> Result<()> {
        lifecycle::shutdown(self).await
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        sync::did_open(self, params).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        sync::did_change(self, params).await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri.clone();
        sync::did_close(self, params).await;
        self.index_closed_document(&uri);
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        reload::did_change_configuration(self, params).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        reload::did_change_watched_files(self, params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        hover::hover(self, params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        completion::completion(self, params).await
    }

    async fn completion_resolve(&self, item: CompletionItem) -> Result<CompletionItem> {
        completion::resolve(self, item).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        diagnostics::pull(self, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        code_actions::code_action(self, params).await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        navigation::goto_definition(self, params).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        references::references(self, params).await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        glossary_file::code_lens(self, params).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        rename::prepare_rename(self, params).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        rename::rename(self, params).await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        navigation::document_highlight(self, params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        navigation::document_symbol(self, params).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        navigation::workspace_symbol(self, params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        inlay_hints::inlay_hint(self, params).await
    }
}

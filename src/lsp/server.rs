//! The LSP handlers: each converts the request, calls the engine or an `ide` feature, and
//! converts the answer. Work runs on blocking threads, where a panic becomes an error
//! response instead of taking the server down.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::documents::{Analyzed, Documents};
use super::position::{self, Encoding};
use super::workspace::Workspace;
use crate::ide::{self, TermRef};
use crate::markup::Markup;
use crate::project::Project;
use crate::rules::{Finding, Rule, Severity};

/// Numbers the progress tokens the server creates.
static PROGRESS_IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// How long a request to the client may take before the server gives up on it.
const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

/// What the client said it can do, fixed at `initialize`.
#[derive(Debug, Default, Clone)]
struct Session {
    encoding: Encoding,
    pull_diagnostics: bool,
    /// The client declared `refreshSupport` for diagnostics / inlay hints: only then does
    /// the server ask it to refresh them.
    diagnostic_refresh: bool,
    inlay_hint_refresh: bool,
    work_done_progress: bool,
    watch_registration: bool,
    resource_operations: bool,
    /// The client asks for a completion item's documentation when it shows it
    /// (`completionItem/resolve`): items are sent without it.
    lazy_documentation: bool,
    /// The client shows code actions that cannot be applied, with the reason why
    /// (`codeAction.disabledSupport`).
    disabled_actions: bool,
    /// The least severe message forwarded to `window/logMessage` (errors always are): set
    /// by the client's trace setting or by `GLOSSARY_LS_LOG`, whichever says more.
    log_to_client: u8,
}

#[derive(Clone)]
pub struct Backend {
    client: Client,
    inner: Arc<Inner>,
}

struct Inner {
    session: OnceLock<Session>,
    documents: Documents,
    workspace: Mutex<Workspace>,
    /// Glossary and configuration files we published problems for.
    problem_files: Mutex<Vec<Uri>>,
    /// Why a quick fix could not edit a file, as already told to the user (once each).
    refusals_told: Mutex<std::collections::HashSet<String>>,
    /// Glossary reloads asked for and not yet done (see [`Backend::request_reload`]).
    reloads: Mutex<ReloadQueue>,
    /// One refresh request of each kind in flight at most (see [`Backend::refresh`]).
    diagnostic_refresh: Mutex<InFlight>,
    inlay_hint_refresh: Mutex<InFlight>,
    shutdown: Arc<AtomicBool>,
}

/// Reloads waiting to run. A burst of watched-file changes becomes one reload of every
/// path it named, plus at most one more for the changes that came while it ran.
#[derive(Debug, Default)]
struct ReloadQueue {
    running: bool,
    pending: Option<Changed>,
}

/// What a pending reload covers.
#[derive(Debug)]
enum Changed {
    /// Every project (the settings changed).
    All,
    Paths(std::collections::BTreeSet<PathBuf>),
}

impl Changed {
    fn merge(self, other: Changed) -> Changed {
        match (self, other) {
            (Changed::Paths(mut a), Changed::Paths(b)) => {
                a.extend(b);
                Changed::Paths(a)
            }
            _ => Changed::All,
        }
    }
}

/// A server-to-client request of one kind: whether one is awaiting its answer, and whether
/// another must follow it (something changed after it was sent).
#[derive(Debug, Default)]
struct InFlight {
    sent: bool,
    again: bool,
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
                shutdown: Arc::new(AtomicBool::new(false)),
            }),
        }
    }

    /// `glossaryLs/define`: the glossary entry for a term, alias or expansion (any case) as
    /// Markdown, for editor commands that look a term up (`{"term": "API"}`; optional
    /// `"uri"` picks the project of that document). `null` when there is none.
    pub async fn define(&self, params: serde_json::Value) -> Result<Option<serde_json::Value>> {
        let Some(term) = params
            .get("term")
            .and_then(|t| t.as_str())
            .map(str::to_string)
        else {
            return Err(Error::invalid_params("expected {\"term\": string}"));
        };
        let project = {
            let path = params
                .get("uri")
                .and_then(|u| u.as_str())
                .and_then(|u| u.parse::<Uri>().ok())
                .and_then(|u| u.to_file_path().map(|p| p.into_owned()));
            let mut workspace = self.workspace();
            let probe = path.or_else(|| {
                workspace
                    .roots
                    .first()
                    .map(|r| r.join("glossary-ls-probe.md"))
            });
            let key = workspace.key_for(probe.as_deref());
            workspace.project(&key)
        };
        blocking(move || {
            let glossary = project.engine.glossary();
            let id = glossary
                .lookup(&term)
                .or_else(|| glossary.lookup(crate::acronym::base_form(term.trim())))?;
            let entry = glossary.entry(id);
            Some(serde_json::json!({
                "term": entry.term,
                "markdown": ide::hover::entry_markdown(entry),
            }))
        })
        .await
    }

    /// `glossaryLs/crashForTesting`: panics on purpose (only when the environment variable
    /// `GLOSSARY_LS_CRASH_TEST=1` is set) so that tests can see a panic become an error.
    pub async fn crash_for_testing(&self, _: serde_json::Value) -> Result<serde_json::Value> {
        if std::env::var_os("GLOSSARY_LS_CRASH_TEST").is_none_or(|v| v != "1") {
            return Err(Error::method_not_found());
        }
        blocking(|| -> serde_json::Value { panic!("crash requested for testing") }).await
    }

    /// Set once `shutdown` was received; the process exit code depends on it.
    pub fn shutdown_flag(&self) -> Arc<AtomicBool> {
        self.inner.shutdown.clone()
    }

    fn session(&self) -> Session {
        self.inner.session.get().cloned().unwrap_or_default()
    }

    fn workspace(&self) -> std::sync::MutexGuard<'_, Workspace> {
        self.inner
            .workspace
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn log(&self, level: MessageType, message: String) {
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

    /// The project for a document. Which project a document belongs to is looked up on disk
    /// (the nearest glossary-ls.toml) once, not on every keystroke; a reload forgets it.
    fn project_for(&self, uri: &Uri) -> Arc<Project> {
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
    fn markup_for(&self, language_id: &str, uri: &Uri) -> Option<Markup> {
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
    async fn analyzed(&self, uri: &Uri) -> Result<Option<Arc<Analyzed>>> {
        if let Some(current) = self.inner.documents.current(uri) {
            return Ok(Some(current));
        }
        let Some(snapshot) = self.inner.documents.snapshot(uri) else {
            return Ok(None);
        };
        let project = self.project_for(uri);
        let analyzed = blocking(move || {
            let engine = &project.engine;
            // Another analysis of this document holds the cache: analyse without it.
            let analysis = match snapshot.pieces.try_lock() {
                Ok(mut cache) => {
                    engine.analyze_incremental(&snapshot.text, snapshot.markup, &mut cache)
                }
                Err(_) => engine.analyze(&snapshot.text, snapshot.markup),
            };
            Arc::new(Analyzed {
                version: snapshot.version,
                text: snapshot.text,
                rope: snapshot.rope,
                markup: snapshot.markup,
                project,
                analysis,
            })
        })
        .await?;
        self.inner.documents.store(uri, analyzed.clone());
        Ok(Some(analyzed))
    }

    /// Runs `feature` on a blocking thread with the current analysis of a document and the
    /// byte offset of a position in it; `None` when the document is not open.
    async fn at_position<T: Send + 'static>(
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

    /// Analyses a document after it changed, coalescing bursts of edits: while a run is
    /// going, further edits only mark it dirty, and it runs once more with the latest text.
    /// Diagnostics are published for the version they were computed for, and only while it
    /// is still the latest.
    fn schedule(&self, uri: Uri) {
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
                            let diagnostics =
                                to_diagnostics(&uri, &analyzed, this.session().encoding);
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

    /// Publishes (or clears) the problems of glossary and configuration files.
    async fn publish_problems(&self) {
        let problems = self.workspace().problems();
        let mut by_file: HashMap<Uri, Vec<Diagnostic>> = HashMap::new();
        for (_, config_errors, glossary_problems) in problems {
            for error in config_errors {
                let Some(uri) = uri_of(&error.path) else {
                    continue;
                };
                by_file.entry(uri).or_default().push(point_diagnostic(
                    error.line,
                    error.column,
                    Rule::GlossarySyntax,
                    Severity::Error,
                    error.message.clone(),
                ));
            }
            for (problem, level) in glossary_problems {
                let Some(uri) = uri_of(Path::new(&*problem.origin.source)) else {
                    continue;
                };
                let rule: Rule = problem
                    .kind
                    .rule_id()
                    .parse()
                    .unwrap_or(Rule::GlossarySyntax);
                by_file.entry(uri).or_default().push(point_diagnostic(
                    problem.origin.line,
                    problem.origin.column,
                    rule,
                    level,
                    problem.message.clone(),
                ));
            }
        }
        let previous = std::mem::replace(
            &mut *self
                .inner
                .problem_files
                .lock()
                .unwrap_or_else(|p| p.into_inner()),
            by_file.keys().cloned().collect(),
        );
        for uri in previous {
            if !by_file.contains_key(&uri) && !self.inner.documents.is_open(&uri) {
                self.client.publish_diagnostics(uri, Vec::new(), None).await;
            }
        }
        for (uri, diagnostics) in by_file {
            if !self.inner.documents.is_open(&uri) {
                self.client
                    .publish_diagnostics(uri, diagnostics, None)
                    .await;
            }
        }
    }

    /// After a glossary or settings change: re-analyse every open document and tell the
    /// client (push: new diagnostics; pull: a refresh request).
    async fn reanalyze_all(&self) {
        for uri in self.inner.documents.uris() {
            self.project_for(&uri);
            self.schedule(uri);
        }
        self.publish_problems().await;
        let session = self.session();
        if session.pull_diagnostics && session.diagnostic_refresh {
            self.refresh(Refresh::Diagnostics);
        }
        if session.inlay_hint_refresh {
            self.refresh(Refresh::InlayHints);
        }
    }

    /// Asks the client to refresh, without waiting for its answer (a client that never
    /// answers must not hold anything up). One request of a kind is in flight at a time:
    /// asked again meanwhile, one more is sent when the answer (or the timeout) comes.
    fn refresh(&self, kind: Refresh) {
        let state = match kind {
            Refresh::Diagnostics => &self.inner.diagnostic_refresh,
            Refresh::InlayHints => &self.inner.inlay_hint_refresh,
        };
        {
            let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
            if state.sent {
                state.again = true;
                return;
            }
            state.sent = true;
        }
        let this = self.clone();
        tokio::spawn(async move {
            let state = match kind {
                Refresh::Diagnostics => &this.inner.diagnostic_refresh,
                Refresh::InlayHints => &this.inner.inlay_hint_refresh,
            };
            loop {
                let answered = match kind {
                    Refresh::Diagnostics => {
                        tokio::time::timeout(
                            CLIENT_REQUEST_TIMEOUT,
                            this.client.workspace_diagnostic_refresh(),
                        )
                        .await
                    }
                    Refresh::InlayHints => {
                        tokio::time::timeout(
                            CLIENT_REQUEST_TIMEOUT,
                            this.client.inlay_hint_refresh(),
                        )
                        .await
                    }
                };
                if answered.is_err() {
                    tracing::debug!("the client did not answer a {kind:?} refresh request");
                }
                let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
                if !state.again {
                    state.sent = false;
                    break;
                }
                state.again = false;
            }
        });
    }

    /// Queues a reload of the projects that `changed` files touch (all with `None`) and
    /// returns at once: notification handlers must not hold up the input while glossaries
    /// are rebuilt. A reload task runs while any are pending, taking all of them each time.
    fn request_reload(&self, changed: Option<Vec<PathBuf>>) {
        let changed = match changed {
            None => Changed::All,
            Some(paths) => Changed::Paths(paths.into_iter().collect()),
        };
        {
            let mut queue = self.inner.reloads.lock().unwrap_or_else(|p| p.into_inner());
            queue.pending = Some(match queue.pending.take() {
                Some(pending) => pending.merge(changed),
                None => changed,
            });
            if queue.running {
                return;
            }
            queue.running = true;
        }
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                let next = {
                    let mut queue = this.inner.reloads.lock().unwrap_or_else(|p| p.into_inner());
                    let next = queue.pending.take();
                    if next.is_none() {
                        queue.running = false;
                    }
                    next
                };
                match next {
                    None => break,
                    Some(Changed::All) => this.reload(None).await,
                    Some(Changed::Paths(paths)) => {
                        this.reload(Some(paths.into_iter().collect())).await
                    }
                }
            }
        });
    }

    async fn reload(&self, changed: Option<Vec<PathBuf>>) {
        let progress = self
            .begin_progress(None, "Rebuilding the glossary".to_string())
            .await;
        // The glossaries are rebuilt without holding the workspace, which requests need.
        let (loader, keys) = {
            let workspace = self.workspace();
            (workspace.loader(), workspace.affected(changed.as_deref()))
        };
        let rebuilt = blocking(move || {
            keys.into_iter()
                .map(|key| {
                    let result = loader.load(&key);
                    (key, result)
                })
                .collect::<Vec<_>>()
        })
        .await;
        let reloaded = rebuilt.map(|rebuilt| self.workspace().apply(rebuilt));
        if let Some(progress) = progress {
            progress.finish().await;
        }
        match reloaded {
            Ok(keys) if keys.is_empty() => {}
            Ok(keys) => {
                self.log(
                    MessageType::INFO,
                    format!("reloaded {} glossary project(s)", keys.len()),
                )
                .await;
                // Drop stored analyses so the new glossary applies.
                self.invalidate();
                self.reanalyze_all().await;
            }
            Err(e) => self.log(MessageType::ERROR, e.message.to_string()).await,
        }
    }

    /// Forgets every stored analysis (their glossary is outdated) and which project each
    /// document belongs to (a configuration file may have come or gone).
    fn invalidate(&self) {
        self.inner.documents.forget_analyses();
    }

    fn settings_from(
        value: &serde_json::Value,
    ) -> std::result::Result<crate::config::Config, String> {
        let value = value
            .get("glossaryLs")
            .or_else(|| value.get("glossary-ls"))
            .unwrap_or(value);
        if value.is_null() {
            return Ok(crate::config::Config::default());
        }
        serde_json::from_value(value.clone())
            .map_err(|e| format!("invalid glossary-ls settings: {e}"))
    }

    async fn register_watchers(&self) {
        if !self.session().watch_registration {
            return;
        }
        let watchers = [
            "**/glossary-ls.toml",
            "**/*.toml",
            "**/*.json",
            "**/*.md",
            "**/*.markdown",
        ]
        .into_iter()
        .map(|glob| FileSystemWatcher {
            glob_pattern: GlobPattern::String(glob.to_string()),
            kind: None,
        })
        .collect();
        let registration = Registration {
            id: "glossary-ls-watch".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        match tokio::time::timeout(
            CLIENT_REQUEST_TIMEOUT,
            self.client.register_capability(vec![registration]),
        )
        .await
        {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                self.log(
                    MessageType::WARNING,
                    format!("cannot watch glossary files: {}", e.message),
                )
                .await
            }
            Err(_) => {
                self.log(
                    MessageType::WARNING,
                    "the client did not answer the file watch registration".to_string(),
                )
                .await
            }
        }
    }

    /// Starts `$/progress` for long work: with the request's token, else (when the client
    /// supports work-done progress) with one the server creates. `None`: no progress.
    async fn begin_progress(
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

    /// Where a glossary entry is written, as a location (the built-in glossary is written
    /// out to a cache file so that editors can open it).
    fn entry_location(&self, entry: &crate::glossary::Entry) -> Option<Location> {
        let source = &*entry.origin.source;
        let path = if source == crate::glossary::BUILTIN_GLOSSARY_NAME {
            builtin_glossary_file()?
        } else {
            PathBuf::from(source)
        };
        let uri = uri_of(&path)?;
        let line = entry.origin.line.saturating_sub(1);
        Some(Location::new(
            uri,
            Range::new(Position::new(line, 0), Position::new(line, 0)),
        ))
    }
}

/// The kinds of refresh request the server sends.
#[derive(Debug, Clone, Copy)]
enum Refresh {
    Diagnostics,
    InlayHints,
}

/// 1 for errors up to 4 for plain logs (LSP's own numbering of message types).
fn severity_rank(level: MessageType) -> u8 {
    match level {
        MessageType::ERROR => 1,
        MessageType::WARNING => 2,
        MessageType::INFO => 3,
        _ => 4,
    }
}

/// The least severe message (as a [`severity_rank`]) to forward to the client.
fn client_log_level(trace: Option<TraceValue>) -> u8 {
    let from_trace = match trace {
        Some(TraceValue::Verbose) => 4,
        Some(TraceValue::Messages) => 3,
        _ => 1,
    };
    let from_env = match std::env::var("GLOSSARY_LS_LOG")
        .ok()
        .as_deref()
        .map(str::trim)
    {
        Some("debug" | "trace") => 4,
        Some("info") => 3,
        Some("warn" | "warning") => 2,
        _ => 1,
    };
    from_trace.max(from_env)
}

/// Runs `work` on a blocking thread; a panic becomes an internal-error response.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
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

fn uri_of(path: &Path) -> Option<Uri> {
    let absolute = std::path::absolute(path).ok()?;
    Uri::from_file_path(absolute)
}

/// The built-in glossary written to a cache file, once per version.
fn builtin_glossary_file() -> Option<PathBuf> {
    static FILE: OnceLock<Option<PathBuf>> = OnceLock::new();
    FILE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("glossary-ls-{}", env!("CARGO_PKG_VERSION")));
        let path = dir.join("product-management.toml");
        if !path.exists() {
            std::fs::create_dir_all(&dir).ok()?;
            std::fs::write(&path, crate::glossary::builtin_glossary_text()).ok()?;
        }
        Some(path)
    })
    .clone()
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

fn point_diagnostic(
    line: u32,
    column: u32,
    rule: Rule,
    level: Severity,
    message: String,
) -> Diagnostic {
    let at = Position::new(line.saturating_sub(1), column.saturating_sub(1));
    Diagnostic {
        range: Range::new(at, at),
        severity: Some(severity(level)),
        code: Some(NumberOrString::String(rule.id().to_string())),
        source: Some("glossary-ls".to_string()),
        message,
        ..Diagnostic::default()
    }
}

fn to_diagnostic(
    uri: &Uri,
    analyzed: &Analyzed,
    finding: &Finding,
    encoding: Encoding,
) -> Diagnostic {
    let rope = &analyzed.rope;
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(
                uri.clone(),
                position::range(rope, r.range.clone(), encoding),
            ),
            message: r.message.clone(),
        })
        .collect();
    let tags = match finding.rule {
        Rule::DeprecatedTerm | Rule::ForbiddenTerm => Some(vec![DiagnosticTag::DEPRECATED]),
        _ => None,
    };
    Diagnostic {
        range: position::range(rope, finding.range.clone(), encoding),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.id().to_string())),
        source: Some("glossary-ls".to_string()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags,
        ..Diagnostic::default()
    }
}

fn to_diagnostics(uri: &Uri, analyzed: &Analyzed, encoding: Encoding) -> Vec<Diagnostic> {
    analyzed
        .analysis
        .findings
        .iter()
        .map(|f| to_diagnostic(uri, analyzed, f, encoding))
        .collect()
}

fn markdown(value: String) -> MarkupContent {
    MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let encoding = Encoding::negotiate(
            caps.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let pull_diagnostics = caps
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some());
        let workspace_caps = caps.workspace.as_ref();
        let session = Session {
            encoding,
            pull_diagnostics,
            diagnostic_refresh: workspace_caps
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            inlay_hint_refresh: workspace_caps
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|i| i.refresh_support)
                .unwrap_or(false),
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            watch_registration: workspace_caps
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            resource_operations: workspace_caps
                .and_then(|w| w.workspace_edit.as_ref())
                .is_some_and(|e| {
                    e.document_changes == Some(true)
                        && e.resource_operations
                            .as_ref()
                            .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create))
                }),
            lazy_documentation: caps
                .text_document
                .as_ref()
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.resolve_support.as_ref())
                .is_some_and(|r| r.properties.iter().any(|p| p == "documentation")),
            disabled_actions: caps
                .text_document
                .as_ref()
                .and_then(|t| t.code_action.as_ref())
                .and_then(|c| c.disabled_support)
                .unwrap_or(false),
            log_to_client: client_log_level(params.trace),
        };
        let _ = self.inner.session.set(session);

        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty()
            && let Some(root) = params.root_uri.as_ref().and_then(|u| u.to_file_path())
        {
            roots.push(root.into_owned());
        }
        let settings = match params
            .initialization_options
            .as_ref()
            .map(Backend::settings_from)
        {
            Some(Ok(settings)) => settings,
            Some(Err(message)) => {
                self.client.show_message(MessageType::ERROR, &message).await;
                crate::config::Config::default()
            }
            None => crate::config::Config::default(),
        };
        {
            let mut workspace = self.workspace();
            workspace.roots = roots;
            workspace.settings = settings;
        }

        let diagnostic_provider = pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("glossary-ls".to_string()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        });
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "glossary-ls".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    resolve_provider: Some(true),
                    ..CompletionOptions::default()
                }),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                document_highlight_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                inlay_hint_provider: Some(OneOf::Left(true)),
                diagnostic_provider,
                ..ServerCapabilities::default()
            },
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.register_watchers().await;
        // Load the projects of the workspace folders now, so their glossary problems show.
        let roots = self.workspace().roots.clone();
        for root in roots {
            let probe = root.join("glossary-ls-probe.md");
            let mut workspace = self.workspace();
            let key = workspace.key_for(Some(&probe));
            workspace.project(&key);
        }
        self.publish_problems().await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.inner.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let Some(markup) = self.markup_for(&doc.language_id, &doc.uri) else {
            return;
        };
        self.inner
            .documents
            .open(doc.uri.clone(), &doc.text, doc.version, markup);
        self.schedule(doc.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        // Applied here, before any `.await`, so edits can never apply out of order.
        let applied = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.inner.documents.change(
                &uri,
                params.text_document.version,
                params.content_changes,
                self.session().encoding,
            )
        }));
        match applied {
            Ok(Ok(())) => self.schedule(uri),
            Ok(Err(message)) => tracing::debug!("{message}"),
            Err(_) => {
                tracing::error!("applying an edit panicked; resynchronising is needed");
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let left = self.inner.documents.close(&uri);
        if left.is_some() && !self.session().pull_diagnostics {
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
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
            let documents = self.inner.documents.stats();
            let projects = self.workspace().projects().count();
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

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match Backend::settings_from(&params.settings) {
            Ok(settings) => {
                self.workspace().settings = settings;
                self.request_reload(None);
            }
            Err(message) => self.client.show_message(MessageType::ERROR, message).await,
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let paths: Vec<PathBuf> = params
            .changes
            .iter()
            .filter_map(|c| c.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        if !paths.is_empty() {
            self.request_reload(Some(paths));
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.at_position(
            params.text_document_position_params,
            |analyzed, offset, encoding| {
                let engine = &analyzed.project.engine;
                ide::hover::hover(engine, &analyzed.analysis, &analyzed.text, offset).map(|h| {
                    Hover {
                        contents: HoverContents::Markup(markdown(h.markdown)),
                        range: Some(position::range(&analyzed.rope, h.range, encoding)),
                    }
                })
            },
        )
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let uri = params.text_document_position.text_document.uri.clone();
        let lazy = self.session().lazy_documentation;
        // Completion wants the text as it is now, even mid-burst: analysed if needed.
        self.at_position(
            params.text_document_position,
            move |analyzed, offset, encoding| {
                let engine = &analyzed.project.engine;
                let completions =
                    ide::completion::complete(engine, &analyzed.analysis, &analyzed.text, offset);
                let replace =
                    position::range(&analyzed.rope, completions.replace.clone(), encoding);
                let items = completions
                    .items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let entry = item.entry.map(|id| engine.glossary().entry(id));
                        // A glossary entry's documentation comes with the item only for
                        // clients that will not ask for it (`completion_resolve`).
                        let documentation = item.documentation.or_else(|| {
                            entry
                                .filter(|_| !lazy)
                                .map(ide::completion::entry_documentation)
                        });
                        CompletionItem {
                            label: item.label,
                            kind: Some(match item.kind {
                                ide::completion::ItemKind::FirstUse => CompletionItemKind::SNIPPET,
                                ide::completion::ItemKind::DocumentDefinition => {
                                    CompletionItemKind::REFERENCE
                                }
                                ide::completion::ItemKind::Name(_) => CompletionItemKind::TEXT,
                            }),
                            detail: item.detail,
                            documentation: documentation
                                .map(|d| Documentation::MarkupContent(markdown(d))),
                            sort_text: Some(format!("{i:04}")),
                            filter_text: Some(item.filter),
                            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                                replace,
                                item.insert,
                            ))),
                            // What `completion_resolve` needs to find the entry again.
                            data: entry
                                .filter(|_| lazy)
                                .map(|e| serde_json::json!({"uri": uri.as_str(), "term": e.term})),
                            ..CompletionItem::default()
                        }
                    })
                    .collect();
                Some(CompletionResponse::List(CompletionList {
                    is_incomplete: completions.incomplete,
                    items,
                }))
            },
        )
        .await
    }

    /// Adds the documentation of the glossary entry an item stands for (named in its
    /// `data` by the document's URI, for the project, and the term), as the glossary is
    /// now. An item without one, or whose term is gone, comes back as it was.
    async fn completion_resolve(&self, mut item: CompletionItem) -> Result<CompletionItem> {
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
        let project = self.project_for(&uri);
        let documentation = blocking(move || {
            let glossary = project.engine.glossary();
            let entry = glossary.entry(glossary.lookup_exact(&term)?);
            Some(ide::completion::entry_documentation(entry))
        })
        .await?;
        item.documentation = documentation.map(|d| Documentation::MarkupContent(markdown(d)));
        Ok(item)
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let encoding = self.session().encoding;
        let items = match self.analyzed(&uri).await? {
            Some(analyzed) => {
                let uri = uri.clone();
                blocking(move || to_diagnostics(&uri, &analyzed, encoding)).await?
            }
            None => Vec::new(),
        };
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(analyzed) = self.analyzed(&uri).await? else {
            return Ok(None);
        };
        let session = self.session();
        let this = self.clone();
        let range = params.range;
        let (actions, refusals) =
            blocking(move || this.code_actions(&uri, &analyzed, range, &session)).await?;
        for message in refusals {
            self.tell_refusal(message).await;
        }
        Ok(Some(actions))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let uri = params
            .text_document_position_params
            .text_document
            .uri
            .clone();
        let this = self.clone();
        self.at_position(
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
                    let range = position::range(&analyzed.rope, d.short_range.clone(), encoding);
                    return Some(GotoDefinitionResponse::Scalar(Location::new(
                        uri.clone(),
                        range,
                    )));
                }
                match term {
                    TermRef::Entry { id, .. } => this
                        .entry_location(engine.glossary().entry(id))
                        .map(GotoDefinitionResponse::Scalar),
                    TermRef::Acronym { .. } => None,
                }
            },
        )
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let uri = params.text_document_position.text_document.uri;
        let position = params.text_document_position.position;
        let Some(analyzed) = self.analyzed(&uri).await? else {
            return Ok(None);
        };
        let encoding = self.session().encoding;
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
        let progress = self
            .begin_progress(
                params.work_done_progress_params.work_done_token.clone(),
                format!("Finding references to {name}"),
            )
            .await;
        // Open documents first (their unsaved text), then the workspace's files on disk.
        let mut locations = Vec::new();
        let open = self.inner.documents.uris();
        for other in &open {
            if let Some(a) = self.analyzed(other).await? {
                let term = term.clone();
                let uri = other.clone();
                let mut found = blocking(move || references_in(&uri, &a, &term, encoding)).await?;
                locations.append(&mut found);
            }
        }
        let roots = self.workspace().roots.clone();
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
                    let Ok(Some(text)) = text_on_disk(path, crate::fsread::MAX_DOCUMENT_BYTES)
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

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        self.at_position(
            params.text_document_position_params,
            |analyzed, offset, encoding| {
                let engine = &analyzed.project.engine;
                let term = ide::term_at(engine, &analyzed.analysis, offset)?;
                Some(
                    ide::navigation::occurrences_of(engine, &analyzed.analysis, &term)
                        .into_iter()
                        .map(|r| DocumentHighlight {
                            range: position::range(&analyzed.rope, r, encoding),
                            kind: Some(DocumentHighlightKind::TEXT),
                        })
                        .collect(),
                )
            },
        )
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some(analyzed) = self.analyzed(&params.text_document.uri).await? else {
            return Ok(None);
        };
        let encoding = self.session().encoding;
        blocking(move || {
            #[allow(deprecated)]
            let symbols = ide::navigation::document_symbols(&analyzed.analysis)
                .into_iter()
                .map(|s| DocumentSymbol {
                    name: s.name,
                    detail: Some(s.detail),
                    kind: SymbolKind::CONSTANT,
                    tags: None,
                    deprecated: None,
                    range: position::range(&analyzed.rope, s.range, encoding),
                    selection_range: position::range(&analyzed.rope, s.selection, encoding),
                    children: None,
                })
                .collect();
            Some(DocumentSymbolResponse::Nested(symbols))
        })
        .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let projects: Vec<Arc<Project>> = {
            let mut workspace = self.workspace();
            if workspace.projects().next().is_none() {
                let key = workspace.key_for(None);
                workspace.project(&key);
            }
            workspace.projects().map(|(_, p)| p.clone()).collect()
        };
        let this = self.clone();
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
                    let Some(location) = this.entry_location(entry) else {
                        continue;
                    };
                    #[allow(deprecated)]
                    out.push(SymbolInformation {
                        name: entry.term.clone(),
                        kind: SymbolKind::CONSTANT,
                        tags: None,
                        deprecated: None,
                        location,
                        container_name: entry.expansion.clone(),
                    });
                }
            }
            Some(WorkspaceSymbolResponse::Flat(out))
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let uri = params.text_document.uri;
        let Some(analyzed) = self.analyzed(&uri).await? else {
            return Ok(None);
        };
        let enabled = analyzed.project.config.editor.inlay_hints
            || self.workspace().settings.editor.inlay_hints;
        if !enabled {
            return Ok(Some(Vec::new()));
        }
        let encoding = self.session().encoding;
        let range = params.range;
        blocking(move || {
            let start = position::offset(&analyzed.rope, range.start, encoding);
            let end = position::offset(&analyzed.rope, range.end, encoding);
            Some(
                ide::navigation::expansions(
                    &analyzed.project.engine,
                    &analyzed.analysis,
                    start..end,
                )
                .into_iter()
                .map(|e| InlayHint {
                    position: position::position(&analyzed.rope, e.offset, encoding),
                    label: InlayHintLabel::String(format!(" ({})", e.label)),
                    kind: None,
                    text_edits: None,
                    tooltip: None,
                    padding_left: Some(false),
                    padding_right: Some(false),
                    data: None,
                })
                .collect(),
            )
        })
        .await
    }
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
        .map(|r| Location::new(uri.clone(), position::range(&analyzed.rope, r, encoding)))
        .collect()
}

impl Backend {
    /// Quick fixes for the findings in `range`, each a `WorkspaceEdit` the client applies,
    /// and why a fix that edits another file could not be offered (to tell the user).
    fn code_actions(
        &self,
        uri: &Uri,
        analyzed: &Analyzed,
        range: Range,
        session: &Session,
    ) -> (CodeActionResponse, Vec<String>) {
        let encoding = session.encoding;
        let rope = &analyzed.rope;
        let start = position::offset(rope, range.start, encoding);
        let end = position::offset(rope, range.end, encoding);
        let mut actions = Vec::new();
        let mut refusals = Vec::new();
        for finding in &analyzed.analysis.findings {
            if finding.range.end < start || finding.range.start > end {
                continue;
            }
            let diagnostic = to_diagnostic(uri, analyzed, finding, encoding);
            for (i, fix) in finding.fixes.iter().enumerate() {
                let edit = TextEdit::new(
                    position::range(rope, fix.range.clone(), encoding),
                    fix.replacement.clone(),
                );
                actions.push(quick_fix(
                    fix.title.clone(),
                    &diagnostic,
                    WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                        ..WorkspaceEdit::default()
                    },
                    i == 0,
                ));
            }
            if finding.rule == Rule::UndefinedAcronym {
                actions.extend(self.acronym_actions(
                    uri,
                    analyzed,
                    finding,
                    &diagnostic,
                    session,
                    &mut refusals,
                ));
            }
        }
        let actions = actions
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect();
        (actions, refusals)
    }

    /// Tells the user once why a quick fix could not edit a file, in a message and the log.
    /// A disabled action alone is not enough: VS Code leaves disabled actions out of its
    /// quick-fix menu, so its reason would never be seen.
    async fn tell_refusal(&self, message: String) {
        let first = self
            .inner
            .refusals_told
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(message.clone());
        if !first {
            tracing::debug!("{message}");
            return;
        }
        self.client
            .show_message(MessageType::WARNING, message.clone())
            .await;
        self.log(MessageType::WARNING, message).await;
    }

    fn acronym_actions(
        &self,
        uri: &Uri,
        analyzed: &Analyzed,
        finding: &Finding,
        diagnostic: &Diagnostic,
        session: &Session,
        refusals: &mut Vec<String>,
    ) -> Vec<CodeAction> {
        let acronym = &finding.term;
        let project = &analyzed.project;
        let mut actions = Vec::new();

        // Add to the glossary: the project's first TOML source, else glossary/glossary.toml.
        let glossary_path = project
            .config
            .glossary
            .sources
            .iter()
            .map(|s| project.root.join(s))
            .find(|p| p.extension().is_some_and(|e| e == "toml"))
            .unwrap_or_else(|| project.root.join(crate::project::DEFAULT_GLOSSARY));
        let edit = self.file_edit(
            &glossary_path,
            crate::fsread::MAX_GLOSSARY_BYTES,
            session,
            |existing| Ok(Some(ide::actions::add_to_glossary(existing, acronym))),
        );
        let title = format!("Add {acronym} to the glossary");
        offer(&mut actions, refusals, session, title, diagnostic, edit);

        // Allow in this workspace: the project's glossary-ls.toml, else one at its root.
        let config_path = project
            .config_path
            .clone()
            .unwrap_or_else(|| project.root.join(crate::config::CONFIG_FILE_NAME));
        let edit = self.file_edit(
            &config_path,
            crate::fsread::MAX_CONFIG_BYTES,
            session,
            |existing| ide::actions::allow_in_config(existing, acronym),
        );
        let title = format!("Allow {acronym} in this workspace");
        offer(&mut actions, refusals, session, title, diagnostic, edit);

        // Allow in this document.
        let insert = ide::actions::allow_in_document(&analyzed.text, analyzed.markup, acronym);
        let edit = TextEdit::new(
            position::range(&analyzed.rope, insert.range, session.encoding),
            insert.text,
        );
        actions.push(quick_fix(
            format!("Allow {acronym} in this document"),
            diagnostic,
            WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                ..WorkspaceEdit::default()
            },
            false,
        ));
        actions
    }

    /// An edit of a file by path: its open text (or the text on disk, or nothing when it
    /// does not exist) goes through `change`; new files are created. `Err` says why the
    /// file cannot be edited (it is not a regular file, larger than `limit`, not UTF-8, or
    /// `change` refuses it), for the user.
    fn file_edit(
        &self,
        path: &Path,
        limit: u64,
        session: &Session,
        change: impl FnOnce(Option<&str>) -> std::result::Result<Option<ide::actions::FileEdit>, String>,
    ) -> std::result::Result<Option<WorkspaceEdit>, String> {
        let cannot = |reason: String| {
            format!(
                "Cannot edit {}: {reason}",
                crate::project::display_path(path)
            )
        };
        let Some(uri) = uri_of(path) else {
            return Ok(None);
        };
        let existing = match self.inner.documents.text(&uri) {
            Some(text) => Some(text),
            None => text_on_disk(path, limit).map_err(cannot)?,
        };
        let Some(edit) = change(existing.as_deref()).map_err(cannot)? else {
            return Ok(None);
        };
        let rope = ropey::Rope::from_str(existing.as_deref().unwrap_or(""));
        let text_edit = TextEdit::new(
            position::range(&rope, edit.range, session.encoding),
            edit.text,
        );
        if existing.is_some() || !session.resource_operations {
            return Ok(Some(WorkspaceEdit {
                changes: Some(HashMap::from([(uri, vec![text_edit])])),
                ..WorkspaceEdit::default()
            }));
        }
        Ok(Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(vec![
                DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                })),
                DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                    edits: vec![OneOf::Left(text_edit)],
                }),
            ])),
            ..WorkspaceEdit::default()
        }))
    }
}

/// The text of a file on disk as an editor loads it (without its
/// byte order mark: positions count from after it); `None` when it does not exist. Only a
/// regular UTF-8 file within `limit` is read: a named pipe or a device is refused unread.
fn text_on_disk(path: &Path, limit: u64) -> std::result::Result<Option<String>, String> {
    match crate::fsread::read_regular(path, limit) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.drain(..'\u{feff}'.len_utf8());
                }
                Ok(Some(text))
            }
            Err(e) => {
                let at = crate::text::utf8_error_position(e.as_bytes(), e.utf8_error());
                Err(format!(
                    "it is not UTF-8 text (line {}, column {})",
                    at.line, at.column
                ))
            }
        },
        Err(crate::fsread::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(None)
        }
        Err(e @ crate::fsread::ReadError::Io(_)) => Err(format!("it cannot be read ({e})")),
        // "it is not a regular file (a named pipe)", "it is larger than the limit of 4 MiB".
        Err(e) => Err(format!("it is {e}")),
    }
}

/// Adds a quick fix that edits another file; when the file cannot be edited, the reason
/// goes to `refusals` and the action is shown disabled with it (if the client can).
fn offer(
    actions: &mut Vec<CodeAction>,
    refusals: &mut Vec<String>,
    session: &Session,
    title: String,
    diagnostic: &Diagnostic,
    edit: std::result::Result<Option<WorkspaceEdit>, String>,
) {
    match edit {
        Ok(Some(edit)) => actions.push(quick_fix(title, diagnostic, edit, false)),
        Ok(None) => {}
        Err(reason) => {
            if session.disabled_actions {
                actions.push(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    disabled: Some(CodeActionDisabled {
                        reason: reason.clone(),
                    }),
                    ..CodeAction::default()
                });
            }
            refusals.push(reason);
        }
    }
}

fn quick_fix(
    title: String,
    diagnostic: &Diagnostic,
    edit: WorkspaceEdit,
    preferred: bool,
) -> CodeAction {
    CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(edit),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
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

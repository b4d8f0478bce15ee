//! The session's start and end: `initialize` (what the client can do, the workspace folders
//! and settings, the server's capabilities), `initialized` (file watching, the first
//! projects) and `shutdown`; and the settings, also read on `didChangeConfiguration`.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::position::Encoding;
use super::server::{Backend, CLIENT_REQUEST_TIMEOUT};

/// What the client said it can do, fixed at `initialize`.
#[derive(Debug, Default, Clone)]
pub(super) struct Session {
    pub(super) encoding: Encoding,
    pub(super) pull_diagnostics: bool,
    /// The client declared `refreshSupport` for diagnostics / inlay hints: only then does
    /// the server ask it to refresh them.
    pub(super) diagnostic_refresh: bool,
    pub(super) inlay_hint_refresh: bool,
    pub(super) work_done_progress: bool,
    pub(super) watch_registration: bool,
    pub(super) resource_operations: bool,
    /// The client asks for a completion item's documentation when it shows it
    /// (`completionItem/resolve`): items are sent without it.
    pub(super) lazy_documentation: bool,
    /// The client shows code actions that cannot be applied, with the reason why
    /// (`codeAction.disabledSupport`).
    pub(super) disabled_actions: bool,
    /// The least severe message forwarded to `window/logMessage` (errors always are): set
    /// by the client's trace setting or by `GLOSSARY_LS_LOG`, whichever says more.
    pub(super) log_to_client: u8,
}

impl Session {
    /// What the client declared in `initialize`.
    fn negotiate(params: &InitializeParams) -> Session {
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
        Session {
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
        }
    }
}

pub(super) async fn initialize(
    backend: &Backend,
    params: InitializeParams,
) -> Result<InitializeResult> {
    let session = Session::negotiate(&params);
    let encoding = session.encoding;
    let pull_diagnostics = session.pull_diagnostics;
    let _ = backend.inner.session.set(session);

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
    let settings = match params.initialization_options.as_ref().map(settings_from) {
        Some(Ok(settings)) => settings,
        Some(Err(message)) => {
            backend
                .client
                .show_message(MessageType::ERROR, &message)
                .await;
            crate::config::Config::default()
        }
        None => crate::config::Config::default(),
    };
    {
        let mut workspace = backend.workspace();
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
            code_lens_provider: Some(CodeLensOptions {
                resolve_provider: Some(false),
            }),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            document_highlight_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            workspace_symbol_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            inlay_hint_provider: Some(OneOf::Left(true)),
            diagnostic_provider,
            ..ServerCapabilities::default()
        },
        ..InitializeResult::default()
    })
}

pub(super) async fn initialized(backend: &Backend, _: InitializedParams) {
    register_watchers(backend).await;
    // Load the projects of the workspace folders now, so their glossary problems show.
    let roots = backend.workspace().roots.clone();
    for root in roots {
        let probe = root.join("glossary-ls-probe.md");
        let mut workspace = backend.workspace();
        let key = workspace.key_for(Some(&probe));
        workspace.project(&key);
    }
    backend.publish_problems().await;
    backend.start_index_build();
}

pub(super) async fn shutdown(backend: &Backend) -> Result<()> {
    backend.inner.shutdown.store(true, Ordering::SeqCst);
    Ok(())
}

/// The least severe message (as a [`severity_rank`](super::server::severity_rank)) to
/// forward to the client.
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

/// The glossary-ls settings in `initializationOptions` or a `didChangeConfiguration`.
pub(super) fn settings_from(
    value: &serde_json::Value,
) -> std::result::Result<crate::config::Config, String> {
    let value = value
        .get("glossaryLs")
        .or_else(|| value.get("glossary-ls"))
        .unwrap_or(value);
    if value.is_null() {
        return Ok(crate::config::Config::default());
    }
    serde_json::from_value(value.clone()).map_err(|e| format!("invalid glossary-ls settings: {e}"))
}

/// Asks the client to tell the server when glossary, configuration or document files change.
pub(super) async fn register_watchers(backend: &Backend) {
    if !backend.session().watch_registration {
        return;
    }
    let watchers = [
        "**/glossary-ls.toml",
        "**/*.toml",
        "**/*.json",
        "**/*.md",
        "**/*.markdown",
        // Documents of the other markups, for the workspace index.
        "**/*.mdx",
        "**/*.rst",
        "**/*.adoc",
        "**/*.tex",
        "**/*.txt",
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
        backend.client.register_capability(vec![registration]),
    )
    .await
    {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            backend
                .log(
                    MessageType::WARNING,
                    format!("cannot watch glossary files: {}", e.message),
                )
                .await
        }
        Err(_) => {
            backend
                .log(
                    MessageType::WARNING,
                    "the client did not answer the file watch registration".to_string(),
                )
                .await
        }
    }
}

//! Glossary and settings changes: watched files and `didChangeConfiguration` queue a reload
//! of the projects they touch, which runs outside the input path; then every open document
//! is analysed again and the client is told (new diagnostics, or refresh requests).

use std::path::PathBuf;

use tower_lsp_server::ls_types::*;

use super::lifecycle::settings_from;
use super::server::{Backend, CLIENT_REQUEST_TIMEOUT, blocking};

/// Reloads waiting to run. A burst of watched-file changes becomes one reload of every
/// path it named, plus at most one more for the changes that came while it ran.
#[derive(Debug, Default)]
pub(super) struct ReloadQueue {
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
pub(super) struct InFlight {
    sent: bool,
    again: bool,
}

/// The kinds of refresh request the server sends.
#[derive(Debug, Clone, Copy)]
enum Refresh {
    Diagnostics,
    InlayHints,
}

pub(super) async fn did_change_configuration(
    backend: &Backend,
    params: DidChangeConfigurationParams,
) {
    match settings_from(&params.settings) {
        Ok(settings) => {
            backend.workspace().settings = settings;
            backend.request_reload(None);
        }
        Err(message) => {
            backend
                .client
                .show_message(MessageType::ERROR, message)
                .await
        }
    }
}

pub(super) async fn did_change_watched_files(
    backend: &Backend,
    params: DidChangeWatchedFilesParams,
) {
    let paths: Vec<PathBuf> = params
        .changes
        .iter()
        .filter_map(|c| c.uri.to_file_path().map(|p| p.into_owned()))
        .collect();
    if !paths.is_empty() {
        backend.reindex_files(paths.clone());
        backend.request_reload(Some(paths));
    }
}

impl Backend {
    /// After a glossary or settings change: re-analyse every open document and tell the
    /// client (push: new diagnostics; pull: a refresh request).
    pub(super) async fn reanalyze_all(&self) {
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

    /// Sends the diagnostics of these open documents again (they depend on the rest of the
    /// workspace): pushed to a client that does not pull, else a refresh request.
    pub(super) fn redo_diagnostics(&self, uris: Vec<Uri>) {
        let session = self.session();
        if !session.pull_diagnostics {
            for uri in uris {
                self.schedule(uri);
            }
        } else if session.diagnostic_refresh {
            self.refresh(Refresh::Diagnostics);
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
    pub(super) fn request_reload(&self, changed: Option<Vec<PathBuf>>) {
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
                // Uses and explanations depend on the glossary: index the workspace again.
                self.start_index_build();
            }
            Err(e) => self.log(MessageType::ERROR, e.message.to_string()).await,
        }
    }

    /// Forgets every stored analysis (their glossary is outdated) and which project each
    /// document belongs to (a configuration file may have come or gone).
    fn invalidate(&self) {
        self.inner.documents.forget_analyses();
    }
}

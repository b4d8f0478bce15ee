//! The server's workspace index ([`WorkspaceIndex`]): what every document of the workspace
//! defines and uses, for the features that look beyond one document (conflicting
//! definitions). Built in the background after `initialized` over the files `check` would
//! walk (each workspace folder walked as `check` walks it, filtered by each file's project),
//! with `$/progress`; then kept current from open buffers (each new analysis replaces the
//! document's entry; closing it reads the file again), from watched files, and rebuilt
//! after a glossary reload. The index keeps no text: its memory grows with the definitions
//! and uses of the workspace, not with its size in bytes.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tower_lsp_server::ls_types::*;

use super::convert;
use super::documents::{self, Analyzed};
use super::position::Encoding;
use super::server::{Backend, blocking};
use crate::conflicts::{self, Elsewhere, Expansions, Place};
use crate::markup::Markup;
use crate::project::Project;
use crate::rules::{Finding, Rule};
use crate::workspace_index::{DefinitionSite, DocumentEntry, WorkspaceIndex};

/// Files indexed at most: past this, the rest of the workspace is left out (and the log
/// says so), so that a huge folder opened by mistake cannot fill memory.
pub(super) const MAX_INDEXED_DOCUMENTS: usize = 100_000;

/// Files analysed between two progress reports.
const CHUNK: usize = 256;

/// The index and what keeps it consistent while it is built and updated.
#[derive(Debug, Default)]
pub(super) struct IndexState {
    pub(super) index: WorkspaceIndex,
    /// The version each open document's entry was made from: an older analysis finishing
    /// late never replaces a newer entry.
    open_versions: HashMap<PathBuf, i32>,
    /// Paths updated (buffer, watched file) since the running build started: the build's
    /// entry for them, read earlier, is older and is not kept.
    touched: HashSet<PathBuf>,
    /// A build is running; `again`: another must follow (a glossary changed meanwhile).
    building: bool,
    again: bool,
    /// The first build has finished.
    pub(super) built: bool,
    /// What the workspace findings of each open document were when last sent: only the
    /// documents whose findings change are sent again when the workspace changes.
    shown: HashMap<Uri, u64>,
    /// A check of which documents' findings changed is running; `check_again`: another
    /// must follow.
    checking: bool,
    check_again: bool,
}

/// The fingerprint of workspace findings and suggestion messages together.
fn combined(findings: u64, suggested: &[String]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    findings.hash(&mut hasher);
    suggested.hash(&mut hasher);
    hasher.finish()
}

/// The fingerprint of what a document takes from the workspace: its workspace findings
/// (`found`) and the messages its own findings (`own`) got suggestions in (`suggested`).
fn signature_of(
    suggested: &[Finding],
    own: &[Finding],
    found: &[conflicts::WorkspaceFinding],
) -> u64 {
    let messages: Vec<String> = suggested
        .iter()
        .zip(own)
        .filter(|(suggested, own)| suggested.message != own.message)
        .map(|(f, _)| f.message.clone())
        .collect();
    combined(signature(found), &messages)
}

/// A fingerprint of a document's workspace findings as the user sees them.
fn signature(found: &[conflicts::WorkspaceFinding]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for f in found {
        (f.finding.rule.id(), &f.finding.range, &f.finding.message).hash(&mut hasher);
        for e in &f.elsewhere {
            format!("{:?}", e.place).hash(&mut hasher);
        }
    }
    hasher.finish()
}

/// Definitions as compared for conflicts: a change of these in one document may change the
/// diagnostics of others.
fn definitions_of(entry: Option<&DocumentEntry>) -> Vec<(&str, &str)> {
    entry
        .map(|e| e.definitions.iter().map(|d| (&*d.key, &*d.long)).collect())
        .unwrap_or_default()
}

impl Backend {
    fn index_state(&self) -> std::sync::MutexGuard<'_, IndexState> {
        self.inner
            .index
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `read` on the index.
    pub(super) fn with_index<T>(&self, read: impl FnOnce(&WorkspaceIndex) -> T) -> T {
        read(&self.index_state().index)
    }

    /// The workspace's one project, when it has one: only then does the index's entry
    /// numbering (each project's own) answer questions about glossary entries.
    pub(super) fn index_speaks_for_all(&self) -> Option<Arc<Project>> {
        let workspace = self.workspace();
        let mut projects = workspace.projects();
        match (projects.next(), projects.next()) {
            (Some((_, project)), None) => Some(project.clone()),
            _ => None,
        }
    }

    /// Runs `read` on the index when it is complete and current: built, and not being
    /// rebuilt (after a glossary reload its entry numbers may be stale).
    pub(super) fn with_built_index<T>(&self, read: impl FnOnce(&WorkspaceIndex) -> T) -> Option<T> {
        let state = self.index_state();
        (state.built && !state.building).then(|| read(&state.index))
    }

    /// Builds the index in the background (returns at once); asked while a build runs,
    /// one more build follows it.
    pub(super) fn start_index_build(&self) {
        {
            let mut state = self.index_state();
            if state.building {
                state.again = true;
                return;
            }
            state.building = true;
        }
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                this.build_index().await;
                let mut state = this.index_state();
                if !state.again {
                    state.building = false;
                    break;
                }
                state.again = false;
            }
        });
    }

    async fn build_index(&self) {
        self.index_state().touched.clear();
        let progress = self
            .begin_progress(None, "Indexing the workspace".to_string())
            .await;
        let this = self.clone();
        let files = match blocking(move || this.workspace_files()).await {
            Ok(files) => files,
            Err(e) => {
                self.log(MessageType::ERROR, e.message.to_string()).await;
                Vec::new()
            }
        };
        let total = files.len();
        let mut built = WorkspaceIndex::new();
        let mut done = 0;
        let chunks: Vec<Vec<(PathBuf, Arc<Project>)>> =
            files.chunks(CHUNK).map(<[_]>::to_vec).collect();
        for chunk in chunks {
            done += chunk.len();
            match blocking(move || {
                chunk
                    .par_iter()
                    .filter_map(|(path, project)| {
                        Some((path.clone(), entry_on_disk(path, project)?))
                    })
                    .collect::<Vec<_>>()
            })
            .await
            {
                Ok(entries) => {
                    for (path, entry) in entries {
                        built.replace(path, entry);
                    }
                }
                Err(e) => self.log(MessageType::ERROR, e.message.to_string()).await,
            }
            if let Some(progress) = &progress {
                progress.report(format!("{done}/{total} documents")).await;
            }
        }
        {
            // Entries made since the build started (open buffers, watched files) are newer
            // than those the build read: they are kept.
            let mut state = self.index_state();
            let state = &mut *state;
            let open: Vec<&PathBuf> = state.open_versions.keys().collect();
            for path in open.into_iter().chain(state.touched.iter()) {
                match state.index.document(path) {
                    Some(entry) => built.replace(path.clone(), entry.clone()),
                    None => {
                        built.remove(path);
                    }
                }
            }
            state.index = built;
            state.touched.clear();
            state.built = true;
        }
        let documents = self.with_index(WorkspaceIndex::len);
        if let Some(progress) = progress {
            progress
                .finish_with_message(format!("{documents} documents indexed"))
                .await;
        }
        tracing::info!("workspace index: {documents} documents");
        self.workspace_changed();
        self.health_changed();
    }

    /// The files of every workspace folder that `check` would read there, each with its
    /// project, at most [`MAX_INDEXED_DOCUMENTS`].
    fn workspace_files(&self) -> Vec<(PathBuf, Arc<Project>)> {
        let roots = self.workspace().roots.clone();
        let mut files = Vec::new();
        let mut seen = HashSet::new();
        let mut by_dir: HashMap<PathBuf, Arc<Project>> = HashMap::new();
        for root in roots {
            for found in ignore::WalkBuilder::new(&root)
                .require_git(false)
                .build()
                .flatten()
            {
                if !found.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let path = found.into_path();
                let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
                let project = by_dir
                    .entry(dir)
                    .or_insert_with(|| self.project_of(&path))
                    .clone();
                if !project.wants(&path) || !seen.insert(path.clone()) {
                    continue;
                }
                if files.len() == MAX_INDEXED_DOCUMENTS {
                    tracing::warn!(
                        "the workspace has more than {MAX_INDEXED_DOCUMENTS} documents: \
                         the index leaves out the rest"
                    );
                    return files;
                }
                files.push((path, project));
            }
        }
        files
    }

    /// The project a file on disk belongs to.
    fn project_of(&self, path: &Path) -> Arc<Project> {
        let mut workspace = self.workspace();
        let key = workspace.key_for(Some(path));
        workspace.project(&key)
    }

    /// Whether `path` is in a workspace folder (every path is, without folders).
    fn in_workspace(&self, path: &Path) -> bool {
        let workspace = self.workspace();
        workspace.roots.is_empty() || workspace.roots.iter().any(|r| path.starts_with(r))
    }

    /// After a new analysis of an open document: its entry replaces the one from disk.
    pub(super) fn index_open_document(&self, uri: &Uri, version: i32, entry: DocumentEntry) {
        let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
            return;
        };
        if !self.in_workspace(&path) {
            return;
        }
        let changed = {
            let mut state = self.index_state();
            // Closed meanwhile (its file is read again), or a newer version is indexed.
            if !self.inner.documents.is_open(uri)
                || state.open_versions.get(&path).is_some_and(|&v| v > version)
            {
                return;
            }
            state.open_versions.insert(path.clone(), version);
            state.touched.insert(path.clone());
            let changed =
                definitions_of(state.index.document(&path)) != definitions_of(Some(&entry));
            state.index.replace(path, entry);
            changed
        };
        if changed {
            self.workspace_changed();
        }
        self.health_changed();
    }

    /// After `didClose`: the document's entry is the file on disk again (or nothing).
    pub(super) fn index_closed_document(&self, uri: &Uri) {
        let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
            return;
        };
        {
            let mut state = self.index_state();
            state.open_versions.remove(&path);
            state.shown.remove(uri);
        }
        self.reindex_files(vec![path]);
    }

    /// After watched files changed (or a document closed): reads each again, in the
    /// background; a file gone, or no longer one `check` would read, leaves the index.
    /// Open documents are left to their buffers.
    pub(super) fn reindex_files(&self, paths: Vec<PathBuf>) {
        let this = self.clone();
        tokio::spawn(async move {
            let work = this.clone();
            let updates = blocking(move || {
                paths
                    .into_iter()
                    .filter(|path| work.in_workspace(path))
                    .map(|path| {
                        let entry = if path.is_file() {
                            let project = work.project_of(&path);
                            project
                                .wants(&path)
                                .then(|| entry_on_disk(&path, &project))
                                .flatten()
                        } else {
                            None
                        };
                        (path, entry)
                    })
                    .collect::<Vec<_>>()
            })
            .await;
            let Ok(updates) = updates else { return };
            let mut changed = false;
            {
                let mut state = this.index_state();
                for (path, entry) in updates {
                    if state.open_versions.contains_key(&path) {
                        continue;
                    }
                    state.touched.insert(path.clone());
                    let before = definitions_of(state.index.document(&path))
                        .into_iter()
                        .map(|(k, l)| (k.to_string(), l.to_string()))
                        .collect::<Vec<_>>();
                    let after = definitions_of(entry.as_ref())
                        .into_iter()
                        .map(|(k, l)| (k.to_string(), l.to_string()))
                        .collect::<Vec<_>>();
                    changed |= before != after;
                    match entry {
                        Some(entry) => state.index.replace(path, entry),
                        None => {
                            // A folder removed takes its documents with it.
                            let below: Vec<PathBuf> = state
                                .index
                                .documents()
                                .map(|(p, _)| p.to_path_buf())
                                .filter(|p| p.starts_with(&path) && p != &path)
                                .collect();
                            changed |= !below.is_empty();
                            for p in below {
                                state.index.remove(&p);
                            }
                            state.index.remove(&path);
                        }
                    }
                }
            }
            if changed {
                this.workspace_changed();
            }
            this.health_changed();
        });
    }

    /// The workspace's definitions changed: diagnostics that depend on them are sent again
    /// (pushed for each open document, or a refresh request to a client that pulls).
    fn workspace_changed(&self) {
        if !self.index_state().built {
            return;
        }
        {
            // One check at a time; changes meanwhile make it run once more.
            let mut state = self.index_state();
            if state.checking {
                state.check_again = true;
                return;
            }
            state.checking = true;
        }
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                this.send_changed_findings().await;
                let mut state = this.index_state();
                if !state.check_again {
                    state.checking = false;
                    break;
                }
                state.check_again = false;
            }
        });
    }

    /// Sends again the diagnostics of the open documents whose workspace findings changed.
    async fn send_changed_findings(&self) {
        let this = self.clone();
        {
            let work = this.clone();
            let stale = blocking(move || {
                work.inner
                    .documents
                    .uris()
                    .into_iter()
                    .filter(|uri| {
                        let Some(analyzed) = work.inner.documents.current(uri) else {
                            return false;
                        };
                        let now = work.workspace_signature(uri, &analyzed);
                        let shown = work.index_state().shown.get(uri).copied();
                        // Never sent: as if it had nothing from the workspace.
                        shown.unwrap_or_else(|| combined(signature(&[]), &[])) != now
                    })
                    .collect::<Vec<_>>()
            })
            .await
            .unwrap_or_default();
            if !stale.is_empty() {
                this.redo_diagnostics(stale);
            }
        }
    }
}

/// The index entry of a file on disk, read as an editor loads it; `None` when it cannot be
/// read as text.
fn entry_on_disk(path: &Path, project: &Project) -> Option<DocumentEntry> {
    let text = documents::text_on_disk(path, crate::fsread::MAX_DOCUMENT_BYTES)
        .ok()
        .flatten()?;
    let markup = project.markup_for(path).unwrap_or(Markup::Plaintext);
    let analysis = project.engine.analyze(&text, markup);
    Some(DocumentEntry::from_analysis(&analysis))
}

impl Backend {
    /// A document's diagnostics: its own findings, then those that compare it with the rest
    /// of the workspace, with related locations in the other documents and the glossary.
    pub(super) fn document_diagnostics(&self, uri: &Uri, analyzed: &Analyzed) -> Vec<Diagnostic> {
        let encoding = self.session().encoding;
        let mut diagnostics = convert::to_diagnostics(uri, analyzed, encoding);
        let suggested = self.suggested_findings(uri, analyzed);
        let found = self.workspace_findings(uri, analyzed);
        let shown = signature_of(&suggested, &analyzed.analysis.findings, &found);
        self.index_state().shown.insert(uri.clone(), shown);
        // One diagnostic per finding, in order: messages that name the workspace's expansions.
        for (diagnostic, finding) in diagnostics.iter_mut().zip(suggested) {
            diagnostic.message = finding.message;
        }
        let engine = &analyzed.project.engine;
        for found in found {
            let mut diagnostic = convert::to_diagnostic(uri, analyzed, &found.finding, encoding);
            let related: Vec<DiagnosticRelatedInformation> = found
                .elsewhere
                .iter()
                .filter_map(|e| self.related_location(engine, e, encoding))
                .collect();
            if !related.is_empty() {
                diagnostic.related_information = Some(related);
            }
            diagnostics.push(diagnostic);
        }
        diagnostics
    }

    /// A document's own findings, where an undefined acronym's message and quick fixes
    /// offer the expansions other documents of the workspace give it.
    pub(super) fn suggested_findings(&self, uri: &Uri, analyzed: &Analyzed) -> Vec<Finding> {
        let mut findings = analyzed.analysis.findings.clone();
        let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
            return findings;
        };
        let keys: Vec<String> = findings
            .iter()
            .filter(|f| f.rule == Rule::UndefinedAcronym)
            .map(|f| f.term.clone())
            .collect();
        if keys.is_empty() {
            return findings;
        }
        let show = self.path_shower();
        self.with_index(|index| {
            let expansions = Expansions::of(index, keys.iter().map(String::as_str));
            for finding in findings
                .iter_mut()
                .filter(|f| f.rule == Rule::UndefinedAcronym)
            {
                let found = conflicts::suggestions(&expansions, &finding.term, &path);
                if found.is_empty() {
                    continue;
                }
                let written = analyzed
                    .text
                    .get(finding.range.clone())
                    .unwrap_or(&finding.term);
                finding
                    .message
                    .push_str(&conflicts::suggestion_note(&found, &show));
                let mut fixes = conflicts::suggestion_fixes(&found, &finding.range, written, &show);
                fixes.append(&mut finding.fixes);
                finding.fixes = fixes;
            }
        });
        findings
    }

    /// A fingerprint of what a document's diagnostics take from the workspace: its
    /// workspace findings and the expansions suggested for its undefined acronyms.
    fn workspace_signature(&self, uri: &Uri, analyzed: &Analyzed) -> u64 {
        signature_of(
            &self.suggested_findings(uri, analyzed),
            &analyzed.analysis.findings,
            &self.workspace_findings(uri, analyzed),
        )
    }

    /// Writes paths for messages: relative to the workspace folder that holds them.
    pub(super) fn path_shower(&self) -> impl Fn(&Path) -> String + use<> {
        let roots = self.workspace().roots.clone();
        move |p: &Path| {
            roots
                .iter()
                .find_map(|r| p.strip_prefix(r).ok())
                .unwrap_or(p)
                .display()
                .to_string()
        }
    }

    /// The findings that compare a document with the rest of the workspace and the glossary.
    pub(super) fn workspace_findings(
        &self,
        uri: &Uri,
        analyzed: &Analyzed,
    ) -> Vec<conflicts::WorkspaceFinding> {
        let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
            return Vec::new();
        };
        let engine = &analyzed.project.engine;
        let definitions: Vec<DefinitionSite> = analyzed
            .analysis
            .definitions
            .iter()
            .map(DefinitionSite::from)
            .collect();
        if definitions.is_empty() {
            return Vec::new();
        }
        let show = self.path_shower();
        self.with_index(|index| {
            let expansions = Expansions::of(index, definitions.iter().map(|d| &*d.key));
            conflicts::workspace_findings(engine, &expansions, &path, &definitions, &show)
        })
    }

    /// Where another expansion is written, as related information: a definition in another
    /// document (its open buffer, else the file on disk; nothing when it has changed so
    /// that the range no longer fits), or a glossary entry.
    fn related_location(
        &self,
        engine: &crate::analysis::Engine,
        elsewhere: &Elsewhere,
        encoding: Encoding,
    ) -> Option<DiagnosticRelatedInformation> {
        let (location, message) = match &elsewhere.place {
            Place::Glossary(id) => (
                convert::entry_location(engine.glossary().entry(*id))?,
                format!("the glossary expands it as \"{}\"", elsewhere.long),
            ),
            Place::Document { path, range } => {
                let uri = convert::uri_of(path)?;
                let text = match self.inner.documents.text(&uri) {
                    Some(text) => text,
                    None => documents::text_on_disk(path, crate::fsread::MAX_DOCUMENT_BYTES)
                        .ok()
                        .flatten()?,
                };
                if range.end > text.len()
                    || !text.is_char_boundary(range.start)
                    || !text.is_char_boundary(range.end)
                {
                    return None;
                }
                let rope = ropey::Rope::from_str(&text);
                (
                    convert::location(&uri, &rope, range.clone(), encoding),
                    format!("defined as \"{}\"", elsewhere.long),
                )
            }
        };
        Some(DiagnosticRelatedInformation { location, message })
    }
}

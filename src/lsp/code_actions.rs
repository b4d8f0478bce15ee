//! `textDocument/codeAction`: the quick fixes of the findings in a range — the fixes the
//! rules carry, and for an undefined acronym, adding it to the glossary or allowing it in
//! the workspace or the document ([`ide::actions`] makes the edits). A fix that cannot edit
//! its file is shown disabled with the reason, and the user is told once.

use std::collections::HashMap;
use std::path::Path;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::convert::{self, uri_of};
use super::documents::{self, Analyzed};
use super::lifecycle::Session;
use super::position;
use super::server::{Backend, blocking};
use crate::ide;
use crate::rules::{Finding, Rule};

pub(super) async fn code_action(
    backend: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let Some(analyzed) = backend.analyzed(&uri).await? else {
        return Ok(None);
    };
    let session = backend.session();
    let this = backend.clone();
    let range = params.range;
    let (actions, refusals) =
        blocking(move || this.code_actions(&uri, &analyzed, range, &session)).await?;
    for message in refusals {
        backend.tell_refusal(message).await;
    }
    Ok(Some(actions))
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
        let workspace = self.workspace_findings(uri, analyzed);
        let own = self.suggested_findings(uri, analyzed);
        let findings = own.iter().chain(workspace.iter().map(|w| &w.finding));
        for finding in findings {
            if finding.range.end < start || finding.range.start > end {
                continue;
            }
            let diagnostic = convert::to_diagnostic(uri, analyzed, finding, encoding);
            for (i, fix) in finding.fixes.iter().enumerate() {
                let edit =
                    convert::text_edit(rope, fix.range.clone(), fix.replacement.clone(), encoding);
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
        actions.extend(self.definition_actions(analyzed, start..end, session, &mut refusals));
        let actions = actions
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect();
        (actions, refusals)
    }

    /// "Add DLQ (dead-letter queue) to the glossary" on a definition the document makes of
    /// an acronym the glossary does not know: the harvest of one definition, from the editor.
    fn definition_actions(
        &self,
        analyzed: &Analyzed,
        range: std::ops::Range<usize>,
        session: &Session,
        refusals: &mut Vec<String>,
    ) -> Vec<CodeAction> {
        let project = &analyzed.project;
        let mut actions = Vec::new();
        for definition in &analyzed.analysis.definitions {
            let touches = |r: &std::ops::Range<usize>| r.start <= range.end && range.start <= r.end;
            if !(touches(&definition.short_range) || touches(&definition.long_range)) {
                continue;
            }
            let short = definition.key();
            if project.engine.glossary().lookup_exact(short).is_some() {
                continue;
            }
            let edit = self.file_edit(
                &glossary_path(project),
                crate::fsread::MAX_GLOSSARY_BYTES,
                session,
                |existing| {
                    Ok(Some(ide::actions::add_definition_to_glossary(
                        existing,
                        short,
                        &definition.long,
                    )))
                },
            );
            let title = format!("Add {short} ({}) to the glossary", definition.long);
            match edit {
                Ok(Some(edit)) => actions.push(CodeAction {
                    title,
                    kind: Some(CodeActionKind::REFACTOR),
                    edit: Some(edit),
                    ..CodeAction::default()
                }),
                Ok(None) => {}
                Err(reason) => refusals.push(reason),
            }
        }
        actions
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

        let edit = self.file_edit(
            &glossary_path(project),
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
        let edit = convert::text_edit(&analyzed.rope, insert.range, insert.text, session.encoding);
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
            None => documents::text_on_disk(path, limit).map_err(cannot)?,
        };
        let Some(edit) = change(existing.as_deref()).map_err(cannot)? else {
            return Ok(None);
        };
        let rope = ropey::Rope::from_str(existing.as_deref().unwrap_or(""));
        let text_edit = convert::text_edit(&rope, edit.range, edit.text, session.encoding);
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

/// The glossary file quick fixes add entries to: the project's first TOML source, else
/// `glossary/glossary.toml`.
fn glossary_path(project: &crate::project::Project) -> std::path::PathBuf {
    project
        .config
        .glossary
        .sources
        .iter()
        .map(|s| project.root.join(s))
        .find(|p| p.extension().is_some_and(|e| e == "toml"))
        .unwrap_or_else(|| project.root.join(crate::project::DEFAULT_GLOSSARY))
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

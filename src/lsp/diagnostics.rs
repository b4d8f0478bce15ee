//! Diagnostics: pulled by `textDocument/diagnostic` (pushed ones follow each analysis, see
//! `sync`), and the problems of glossary and configuration files (with the glossary's
//! health, see `health`), published for each file.

use std::collections::HashMap;
use std::path::Path;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::convert::{point_diagnostic, uri_of};
use super::server::{Backend, blocking};
use crate::rules::{Rule, Severity};

pub(super) async fn pull(
    backend: &Backend,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let uri = params.text_document.uri;
    let items = match backend.analyzed(&uri).await? {
        Some(analyzed) => {
            let uri = uri.clone();
            let backend = backend.clone();
            blocking(move || backend.document_diagnostics(&uri, &analyzed)).await?
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

impl Backend {
    /// Publishes (or clears) the problems of glossary and configuration files.
    pub(super) async fn publish_problems(&self) {
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
        let health = {
            let this = self.clone();
            blocking(move || this.health_problems())
                .await
                .unwrap_or_default()
        };
        for (problem, level) in health {
            let Some(uri) = uri_of(Path::new(&*problem.origin.source)) else {
                continue;
            };
            let rule: Rule = problem.kind.rule_id().parse().unwrap_or(Rule::UnusedEntry);
            let mut diagnostic = point_diagnostic(
                problem.origin.line,
                problem.origin.column,
                rule,
                level,
                problem.message.clone(),
            );
            if rule == Rule::UnusedEntry {
                diagnostic.tags = Some(vec![DiagnosticTag::UNNECESSARY]);
            }
            by_file.entry(uri).or_default().push(diagnostic);
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
}

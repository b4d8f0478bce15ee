//! The server's own requests, for editor commands: `glossaryLs/define` (look a term up)
//! and `glossaryLs/crashForTesting` (a panic on purpose, for tests).

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use super::server::{Backend, blocking};
use crate::ide;

impl Backend {
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
}

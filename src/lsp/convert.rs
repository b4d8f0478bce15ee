//! Engine ⇄ LSP conversions: findings to diagnostics, `ide` answers to protocol types, paths
//! and glossary entries to URIs and locations. Positions go through [`position`], the one
//! place where byte offsets meet the negotiated encoding; every other conversion is here.

use std::ops::Range as Bytes;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ropey::Rope;
use tower_lsp_server::ls_types::*;

use super::documents::Analyzed;
use super::position::{self, Encoding};
use crate::analysis::Engine;
use crate::glossary::Entry;
use crate::ide;
use crate::rules::{Finding, Rule, Severity};

pub(super) fn uri_of(path: &Path) -> Option<Uri> {
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

/// Where a glossary entry is written, as a location (the built-in glossary is written
/// out to a cache file so that editors can open it).
pub(super) fn entry_location(entry: &Entry) -> Option<Location> {
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

/// A byte range of a document as a location.
pub(super) fn location(
    uri: &Uri,
    rope: &Rope,
    range: Bytes<usize>,
    encoding: Encoding,
) -> Location {
    Location::new(uri.clone(), position::range(rope, range, encoding))
}

pub(super) fn markdown(value: String) -> MarkupContent {
    MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A problem of a glossary or configuration file at a 1-based line and column.
pub(super) fn point_diagnostic(
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

pub(super) fn to_diagnostic(
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

pub(super) fn to_diagnostics(
    uri: &Uri,
    analyzed: &Analyzed,
    encoding: Encoding,
) -> Vec<Diagnostic> {
    analyzed
        .analysis
        .findings
        .iter()
        .map(|f| to_diagnostic(uri, analyzed, f, encoding))
        .collect()
}

/// A replacement of a byte range of a document.
pub(super) fn text_edit(
    rope: &Rope,
    range: Bytes<usize>,
    text: String,
    encoding: Encoding,
) -> TextEdit {
    TextEdit::new(position::range(rope, range, encoding), text)
}

pub(super) fn hover(hover: ide::hover::Hover, rope: &Rope, encoding: Encoding) -> Hover {
    Hover {
        contents: HoverContents::Markup(markdown(hover.markdown)),
        range: Some(position::range(rope, hover.range, encoding)),
    }
}

/// The completion list for `uri`. With `lazy` (the client resolves items), a glossary
/// entry's documentation is left out and the item's `data` names the entry instead.
pub(super) fn completion_list(
    completions: ide::completion::Completions,
    engine: &Engine,
    uri: &Uri,
    lazy: bool,
    rope: &Rope,
    encoding: Encoding,
) -> CompletionResponse {
    let replace = position::range(rope, completions.replace.clone(), encoding);
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
                    ide::completion::ItemKind::DocumentDefinition => CompletionItemKind::REFERENCE,
                    ide::completion::ItemKind::Name(_) => CompletionItemKind::TEXT,
                }),
                detail: item.detail,
                documentation: documentation.map(|d| Documentation::MarkupContent(markdown(d))),
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
    CompletionResponse::List(CompletionList {
        is_incomplete: completions.incomplete,
        items,
    })
}

pub(super) fn highlight(range: Bytes<usize>, rope: &Rope, encoding: Encoding) -> DocumentHighlight {
    DocumentHighlight {
        range: position::range(rope, range, encoding),
        kind: Some(DocumentHighlightKind::TEXT),
    }
}

pub(super) fn document_symbol(
    symbol: ide::navigation::Symbol,
    rope: &Rope,
    encoding: Encoding,
) -> DocumentSymbol {
    #[allow(deprecated)]
    DocumentSymbol {
        name: symbol.name,
        detail: Some(symbol.detail),
        kind: SymbolKind::CONSTANT,
        tags: None,
        deprecated: None,
        range: position::range(rope, symbol.range, encoding),
        selection_range: position::range(rope, symbol.selection, encoding),
        children: None,
    }
}

/// A glossary entry as a workspace symbol; `None` when it has no file to point at.
pub(super) fn entry_symbol(entry: &Entry) -> Option<SymbolInformation> {
    let location = entry_location(entry)?;
    #[allow(deprecated)]
    Some(SymbolInformation {
        name: entry.term.clone(),
        kind: SymbolKind::CONSTANT,
        tags: None,
        deprecated: None,
        location,
        container_name: entry.expansion.clone(),
    })
}

pub(super) fn inlay_hint(
    expansion: ide::navigation::Expansion,
    rope: &Rope,
    encoding: Encoding,
) -> InlayHint {
    InlayHint {
        position: position::position(rope, expansion.offset, encoding),
        label: InlayHintLabel::String(format!(" ({})", expansion.label)),
        kind: None,
        text_edits: None,
        tooltip: None,
        padding_left: Some(false),
        padding_right: Some(false),
        data: None,
    }
}

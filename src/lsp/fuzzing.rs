//! Entry points for the fuzz targets in `fuzz/` into the server's private modules (position
//! conversion, document edits, the input guard). Not an API: hidden from the docs and free to
//! change with the fuzz targets.

use std::str::FromStr;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent, Uri};

use super::documents::Documents;
use super::position::{self, Encoding};
use crate::markup::Markup;

/// A document's text as the server holds it, for position conversion.
pub struct Text(Rope);

impl Text {
    pub fn new(text: &str) -> Text {
        Text(Rope::from_str(text))
    }

    /// The (line, column) of byte `offset`, as the server would send it.
    pub fn position(&self, offset: usize, encoding: Encoding) -> (u32, u32) {
        let p = position::position(&self.0, offset, encoding);
        (p.line, p.character)
    }

    /// The byte offset of a (line, column) a client sent.
    pub fn offset(&self, line: u32, character: u32, encoding: Encoding) -> usize {
        position::offset(&self.0, Position::new(line, character), encoding)
    }
}

/// One `textDocument/didChange` content change: a range (start line, start column, end
/// line, end column) and its new text, or the whole text without a range.
#[derive(Clone, Debug)]
pub struct Change {
    pub range: Option<(u32, u32, u32, u32)>,
    pub text: String,
}

/// Opens `text` as a document, applies `changes` in one `didChange` as the server does, and
/// returns the resulting text.
pub fn apply_changes(text: &str, changes: &[Change], encoding: Encoding) -> Result<String, String> {
    let uri = Uri::from_str("file:///fuzz.md").map_err(|e| e.to_string())?;
    let documents = Documents::default();
    documents.open(uri.clone(), text, 1, Markup::Markdown);
    let events = changes
        .iter()
        .map(|c| TextDocumentContentChangeEvent {
            range: c.range.map(|(l1, c1, l2, c2)| {
                tower_lsp_server::ls_types::Range::new(Position::new(l1, c1), Position::new(l2, c2))
            }),
            range_length: None,
            text: c.text.clone(),
        })
        .collect();
    documents.change(&uri, 2, events, encoding)?;
    documents
        .text(&uri)
        .ok_or_else(|| "the document was lost".to_string())
}

/// What the input guard did with a byte stream: the frames it passed to the server, and the
/// error answers it wrote instead.
#[derive(Debug, Default)]
pub struct Filtered {
    pub forwarded: Vec<u8>,
    pub errors: Vec<Vec<u8>>,
}

/// Runs the server's input guard (`transport::filter_input`) over `input` to its end.
pub fn filter_input(input: &[u8]) -> Result<Filtered, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    // The guard waits when its error queue is full: drain it while the guard runs.
    let (errors_tx, mut errors_rx) = tokio::sync::mpsc::channel(64);
    let mut forwarded = Vec::new();
    let errors = runtime.block_on(async {
        let drain = async {
            let mut errors = Vec::new();
            while let Some(error) = errors_rx.recv().await {
                errors.push(error);
            }
            errors
        };
        let (_, errors) = tokio::join!(
            super::transport::filter_input(input, &mut forwarded, errors_tx),
            drain
        );
        errors
    });
    Ok(Filtered { forwarded, errors })
}

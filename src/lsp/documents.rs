//! Open documents: a rope per document, edited in order, and its last analysis.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use ropey::Rope;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::position::{Encoding, offset};
use super::workspace::ProjectKey;
use crate::analysis::{Analysis, PieceCache};
use crate::markup::Markup;
use crate::project::Project;

/// An analysis of one version of a document, with what it was made from.
#[derive(Debug)]
pub struct Analyzed {
    pub version: i32,
    pub text: String,
    /// The rope of that version (cheap to clone), for position conversion.
    pub rope: Rope,
    pub markup: Markup,
    pub project: Arc<Project>,
    pub analysis: Analysis,
}

#[derive(Debug)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub markup: Markup,
    pub analyzed: Option<Arc<Analyzed>>,
    /// An analysis task is running; `dirty` asks it to run once more when done.
    pub running: bool,
    pub dirty: bool,
    /// Pieces of earlier analyses, so that an edit re-analyses only what it touched.
    pub pieces: Arc<Mutex<PieceCache>>,
    /// The project the document belongs to, once looked up.
    pub project: Option<ProjectKey>,
}

/// What an analysis needs from a document, taken under the lock (the rope is shared, not
/// copied: its text is made outside the lock, by [`Snapshot::text`]).
pub struct Snapshot {
    pub rope: Rope,
    pub version: i32,
    pub markup: Markup,
    pub pieces: Arc<Mutex<PieceCache>>,
}

impl Snapshot {
    /// The text of the snapshot, in one piece, as the engine reads it.
    pub fn text(&self) -> String {
        self.rope.to_string()
    }
}

/// Sizes of what [`Documents`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentStats {
    pub open: usize,
    pub analyses: usize,
    pub pieces: usize,
}

#[derive(Debug, Default)]
pub struct Documents {
    map: Mutex<HashMap<Uri, Document>>,
}

impl Documents {
    fn lock(&self) -> MutexGuard<'_, HashMap<Uri, Document>> {
        // A panic while holding the lock leaves consistent data (edits are applied whole).
        self.map
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn open(&self, uri: Uri, text: &str, version: i32, markup: Markup) {
        self.lock().insert(
            uri,
            Document {
                rope: Rope::from_str(text),
                version,
                markup,
                analyzed: None,
                running: false,
                dirty: false,
                pieces: Arc::default(),
                project: None,
            },
        );
    }

    /// Applies changes in order. An unknown document is an error the caller logs.
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> Result<(), String> {
        let mut map = self.lock();
        let document = map
            .get_mut(uri)
            .ok_or_else(|| format!("change to a document that is not open: {}", uri.as_str()))?;
        for change in changes {
            match change.range {
                None => document.rope = Rope::from_str(&change.text),
                Some(range) => {
                    let rope = &mut document.rope;
                    let start = offset(rope, range.start, encoding);
                    let end = offset(rope, range.end, encoding).max(start);
                    let (start, end) = (rope.byte_to_char(start), rope.byte_to_char(end));
                    rope.remove(start..end);
                    rope.insert(start, &change.text);
                }
            }
        }
        document.version = version;
        Ok(())
    }

    /// Forgets a document. `None` when it was not open, else how many stay open.
    pub fn close(&self, uri: &Uri) -> Option<usize> {
        let mut map = self.lock();
        map.remove(uri)?;
        Some(map.len())
    }

    pub fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let map = self.lock();
        let d = map.get(uri)?;
        Some(Snapshot {
            rope: d.rope.clone(),
            version: d.version,
            markup: d.markup,
            pieces: d.pieces.clone(),
        })
    }

    /// The analysis of the current version, if there is one.
    pub fn current(&self, uri: &Uri) -> Option<Arc<Analyzed>> {
        let map = self.lock();
        let d = map.get(uri)?;
        d.analyzed.clone().filter(|a| a.version == d.version)
    }

    /// Keeps an analysis if it is not older than the one kept. Returns whether it is for the
    /// current version.
    pub fn store(&self, uri: &Uri, analyzed: Arc<Analyzed>) -> bool {
        let mut map = self.lock();
        let Some(d) = map.get_mut(uri) else {
            return false;
        };
        let current = analyzed.version == d.version;
        if d.analyzed
            .as_ref()
            .is_none_or(|old| old.version <= analyzed.version)
        {
            d.analyzed = Some(analyzed);
        }
        current
    }

    /// Marks that an analysis should run; returns true when the caller must start one (none
    /// is running), false when the running one will pick the change up.
    pub fn start_analysis(&self, uri: &Uri) -> bool {
        let mut map = self.lock();
        let Some(d) = map.get_mut(uri) else {
            return false;
        };
        if d.running {
            d.dirty = true;
            false
        } else {
            d.running = true;
            true
        }
    }

    /// Ends a run; returns true when another run is needed.
    pub fn finish_analysis(&self, uri: &Uri) -> bool {
        let mut map = self.lock();
        let Some(d) = map.get_mut(uri) else {
            return false;
        };
        if d.dirty {
            d.dirty = false;
            true
        } else {
            d.running = false;
            false
        }
    }

    /// Drops every stored analysis and which project each document belongs to (the
    /// glossaries or configuration files changed).
    pub fn forget_analyses(&self) {
        for d in self.lock().values_mut() {
            d.analyzed = None;
            d.project = None;
        }
    }

    /// The project an open document was found to belong to.
    pub fn project_key(&self, uri: &Uri) -> Option<ProjectKey> {
        self.lock().get(uri)?.project.clone()
    }

    /// Remembers the project of an open document (nothing for a URI that is not open).
    pub fn set_project_key(&self, uri: &Uri, key: ProjectKey) {
        if let Some(d) = self.lock().get_mut(uri) {
            d.project = Some(key);
        }
    }

    pub fn uris(&self) -> Vec<Uri> {
        self.lock().keys().cloned().collect()
    }

    pub fn is_open(&self, uri: &Uri) -> bool {
        self.lock().contains_key(uri)
    }

    /// What is kept for open documents, for the debug log (nothing once all are closed).
    pub fn stats(&self) -> DocumentStats {
        let map = self.lock();
        DocumentStats {
            open: map.len(),
            analyses: map.values().filter(|d| d.analyzed.is_some()).count(),
            // A piece cache in use by an analysis is counted as empty rather than waited for.
            pieces: map
                .values()
                .map(|d| d.pieces.try_lock().map_or(0, |c| c.len()))
                .sum(),
        }
    }

    /// The current text of an open document.
    pub fn text(&self, uri: &Uri) -> Option<String> {
        self.lock().get(uri).map(|d| d.rope.to_string())
    }
}

/// The text of a file on disk as an editor loads it (without its
/// byte order mark: positions count from after it); `None` when it does not exist. Only a
/// regular UTF-8 file within `limit` is read: a named pipe or a device is refused unread.
pub fn text_on_disk(
    path: &std::path::Path,
    limit: u64,
) -> std::result::Result<Option<String>, String> {
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

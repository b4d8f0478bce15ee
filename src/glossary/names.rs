//! Every name of a glossary, folded and sorted, for prefix search: the completion index an
//! [`Engine`](crate::analysis::Engine) builds once and `ide::completion` searches. It lives
//! beside the glossary so that the engine need not reach up into `ide` for it.

use super::{EntryId, FormKind, Glossary};

/// Every name of a glossary, folded and sorted, for prefix search by binary search.
#[derive(Debug)]
pub struct NameIndex {
    names: Vec<(String, EntryId, FormKind)>,
}

impl NameIndex {
    pub fn new(glossary: &Glossary) -> NameIndex {
        let mut names: Vec<(String, EntryId, FormKind)> = glossary
            .entries()
            .iter()
            .enumerate()
            .flat_map(|(id, e)| e.names().map(move |(n, k)| (n.to_lowercase(), id, k)))
            .collect();
        names.sort();
        NameIndex { names }
    }

    /// Names starting with `prefix` (folded), then names containing it, then names holding
    /// its letters in order; at most `limit + 1` (to tell whether there are more).
    pub fn search(&self, prefix: &str, limit: usize) -> Vec<(EntryId, FormKind)> {
        let mut out: Vec<(EntryId, FormKind)> = Vec::new();
        let start = self.names.partition_point(|(n, _, _)| n.as_str() < prefix);
        for (name, id, kind) in &self.names[start..] {
            if !name.starts_with(prefix) || out.len() > limit {
                break;
            }
            out.push((*id, *kind));
        }
        if out.len() <= limit && !prefix.is_empty() {
            for (name, id, kind) in &self.names {
                if out.len() > limit {
                    break;
                }
                if !name.starts_with(prefix) && name.contains(prefix) {
                    out.push((*id, *kind));
                }
            }
        }
        if out.len() <= limit && prefix.chars().count() >= 2 {
            for (name, id, kind) in &self.names {
                if out.len() > limit {
                    break;
                }
                if !name.contains(prefix) && is_subsequence(prefix, name) {
                    out.push((*id, *kind));
                }
            }
        }
        out
    }
}

fn is_subsequence(needle: &str, haystack: &str) -> bool {
    let mut chars = haystack.chars();
    needle.chars().all(|c| chars.any(|h| h == c))
}

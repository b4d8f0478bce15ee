//! The glossary's health as the workspace shows it: entries no document uses
//! (`unused-entry`) and acronyms that several documents leave unexplained and no entry
//! has (`glossary-candidate`). Both are facts about the glossary, so they are reported as
//! problems of glossary files, beside `incomplete-entry`; `check` and the server place them.

use std::path::Path;

use crate::glossary::{BUILTIN_GLOSSARY_NAME, Glossary, Origin, Problem, ProblemKind, Status};
use crate::workspace_index::WorkspaceIndex;

/// Documents that must leave an acronym unexplained before it is a candidate: two could be
/// chance, three is a habit of the team.
pub const CANDIDATE_MIN_DOCUMENTS: usize = 3;

/// Documents named in a candidate's message; the count says how many there are.
const DOCUMENTS_NAMED: usize = 3;

/// An `unused-entry` problem for each entry of the project's own glossary files that no
/// document of the project (`in_project`) uses. Built-in entries are no news, and a
/// deprecated or forbidden entry is there so that nobody uses it.
pub fn unused_entries(
    glossary: &Glossary,
    index: &WorkspaceIndex,
    in_project: &dyn Fn(&Path) -> bool,
) -> Vec<Problem> {
    glossary
        .entries()
        .iter()
        .enumerate()
        .filter(|(_, entry)| {
            &*entry.origin.source != BUILTIN_GLOSSARY_NAME && entry.status == Status::Preferred
        })
        .filter(|(id, _)| !index.users_in_any_order(*id).any(in_project))
        .map(|(_, entry)| Problem {
            kind: ProblemKind::UnusedEntry,
            origin: entry.origin.clone(),
            message: format!("'{}' is used by no document of the workspace", entry.term),
        })
        .collect()
}

/// A `glossary-candidate` problem, placed at the top of `glossary_file`, for each acronym
/// that at least [`CANDIDATE_MIN_DOCUMENTS`] documents of the project (`in_project`; `None`:
/// every document of the index) leave unexplained and the glossary does not have. The
/// message names the first documents in path order, or, with every document counting (the
/// server, which holds its index meanwhile), any few of them: sorting thousands of paths
/// per acronym would cost tens of milliseconds. `show` writes a path for the message.
pub fn candidates(
    glossary: &Glossary,
    index: &WorkspaceIndex,
    in_project: Option<&dyn Fn(&Path) -> bool>,
    glossary_file: &Path,
    show: &dyn Fn(&Path) -> String,
) -> Vec<Problem> {
    let source: std::sync::Arc<str> = glossary_file.to_string_lossy().into();
    index
        .keys()
        .filter(|key| glossary.lookup(key).is_none())
        .filter(|key| index.unexplained_count(key) >= CANDIDATE_MIN_DOCUMENTS)
        .filter_map(|key| {
            let (mut documents, count): (Vec<&Path>, usize) = match in_project {
                // Every document counts: the count is known, a few documents are named.
                None => (
                    index
                        .unexplained_in_any_order(key)
                        .take(DOCUMENTS_NAMED)
                        .collect(),
                    index.unexplained_count(key),
                ),
                Some(in_project) => {
                    let mut all: Vec<&Path> = index
                        .unexplained_in_any_order(key)
                        .filter(|p| in_project(p))
                        .collect();
                    let count = all.len();
                    if count > DOCUMENTS_NAMED {
                        all.select_nth_unstable(DOCUMENTS_NAMED);
                        all.truncate(DOCUMENTS_NAMED);
                    }
                    (all, count)
                }
            };
            if count < CANDIDATE_MIN_DOCUMENTS {
                return None;
            }
            documents.sort();
            Some(Problem {
                kind: ProblemKind::GlossaryCandidate,
                origin: Origin {
                    source: source.clone(),
                    line: 1,
                    column: 1,
                },
                message: format!(
                    "{key} is left unexplained in {count} documents ({}): a candidate for the glossary",
                    named(&documents, count, show)
                ),
            })
        })
        .collect()
}

/// The first documents (sorted) and how many more of `count` there are.
fn named(first: &[&Path], count: usize, show: &dyn Fn(&Path) -> String) -> String {
    let mut out: Vec<String> = first.iter().map(|p| show(p)).collect();
    if count > first.len() {
        out.push(format!("and {} more", count - first.len()));
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Engine;
    use crate::glossary::{GlossaryBuilder, SourceFormat, parse_source};
    use crate::markup::Markup;
    use crate::workspace_index::DocumentEntry;
    use std::path::PathBuf;

    fn engine() -> Engine {
        let toml = "[[entries]]\nterm = \"widget\"\nsummary = \"A part.\"\n\n\
                    [[entries]]\nterm = \"gizmo\"\nsummary = \"Unused.\"\n\n\
                    [[entries]]\nterm = \"doohickey\"\nsummary = \"Old.\"\nstatus = \"deprecated\"\nuse_instead = \"widget\"\n";
        let mut builder = GlossaryBuilder::new().builtin();
        builder.add(parse_source("team.toml", toml, SourceFormat::Toml));
        Engine::new(builder.build(), Default::default())
    }

    fn index(engine: &Engine, documents: &[(&str, &str)]) -> WorkspaceIndex {
        WorkspaceIndex::build(documents.iter().map(|(path, text)| {
            let analysis = engine.analyze(text, Markup::Markdown);
            (PathBuf::from(path), DocumentEntry::from_analysis(&analysis))
        }))
    }

    #[test]
    fn an_entry_no_document_uses_is_unused_unless_built_in_or_deprecated() {
        let engine = engine();
        let index = index(&engine, &[("a.md", "A widget.\n"), ("b.md", "Nothing.\n")]);
        let all = |_: &Path| true;
        let unused = unused_entries(engine.glossary(), &index, &all);
        let messages: Vec<&str> = unused.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            ["'gizmo' is used by no document of the workspace"]
        );
        assert_eq!(unused[0].origin.source.as_ref(), "team.toml");
        // A use in a document of another project does not count.
        let only_b = |p: &Path| p == Path::new("b.md");
        let unused = unused_entries(engine.glossary(), &index, &only_b);
        assert_eq!(unused.len(), 2);
    }

    #[test]
    fn an_acronym_three_documents_leave_unexplained_is_a_candidate() {
        let engine = engine();
        let documents = [
            ("a.md", "The QPX runs.\n"),
            ("b.md", "A QPX and a ZRT.\n"),
            ("c.md", "QPX again, ZRT too.\n"),
            ("d.md", "The QPX once more.\n"),
            ("e.md", "A quick path exchange (QPX) here.\n"),
        ];
        let index = index(&engine, &documents);
        let all = |_: &Path| true;
        let show = |p: &Path| p.display().to_string();
        let found = candidates(
            engine.glossary(),
            &index,
            Some(&all),
            Path::new("glossary/glossary.toml"),
            &show,
        );
        let messages: Vec<&str> = found.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "QPX is left unexplained in 4 documents (a.md, b.md, c.md, and 1 more): a candidate for the glossary"
            ]
        );
        assert_eq!(found[0].origin.source.as_ref(), "glossary/glossary.toml");
        assert_eq!((found[0].origin.line, found[0].origin.column), (1, 1));
        // Every document counting (the server): the same count, three of them named.
        let found = candidates(engine.glossary(), &index, None, Path::new("g.toml"), &show);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .starts_with("QPX is left unexplained in 4 documents (")
                && found[0]
                    .message
                    .ends_with(", and 1 more): a candidate for the glossary"),
            "{}",
            found[0].message
        );
    }
}

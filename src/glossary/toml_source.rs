//! TOML glossaries, the primary format.

use std::sync::Arc;

use super::{Origin, Parsed, Problem, ProblemKind, RawEntry, RawFile};
use crate::text::LineIndex;

pub(super) fn parse(name: &Arc<str>, text: &str) -> Parsed {
    let index = LineIndex::new(text);
    let origin_at = |offset: usize| {
        let pos = index.line_col(text, offset);
        Origin {
            source: name.clone(),
            line: pos.line,
            column: pos.column,
        }
    };
    let mut parsed = Parsed::default();
    // Fast path: a file whose entries all have known fields deserialises in one pass.
    if let Ok(file) = toml::from_str::<RawFile<toml::Spanned<RawEntry>>>(text) {
        for spanned in file.entries {
            let origin = origin_at(entry_start(text, spanned.span().start));
            parsed.push(spanned.into_inner().into_entry(origin.clone()), origin)
        }
        return parsed;
    }
    // Otherwise each entry on its own, so one bad entry does not lose the others.
    let file: RawFile<toml::Spanned<toml::Value>> = match toml::from_str(text) {
        Ok(file) => file,
        Err(error) => {
            let offset = error.span().map_or(0, |span| span.start);
            parsed.problems.push(Problem {
                kind: ProblemKind::Syntax,
                origin: origin_at(offset),
                message: first_line(error.message()),
            });
            return parsed;
        }
    };
    for spanned in file.entries {
        let span = spanned.span();
        let origin = origin_at(entry_start(text, span.start));
        let result = spanned
            .into_inner()
            .try_into::<RawEntry>()
            .map_err(|e| first_line(e.message()))
            .and_then(|raw| raw.into_entry(origin.clone()));
        parsed.push(result, origin)
    }
    parsed
}

/// The `[[entries]]` header that opens the table whose body starts at `offset`, so that
/// positions point at the line people look for.
fn entry_start(text: &str, offset: usize) -> usize {
    let before = &text[..offset.min(text.len())];
    match before.rfind("[[") {
        Some(header) if before[header..].trim_end().ends_with("]]") => header,
        _ => offset,
    }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Parsed {
        parse(&Arc::from("g.toml"), text)
    }

    #[test]
    fn entries_carry_their_header_position() {
        let parsed =
            run("name = \"x\"\n\n[[entries]]\nterm = \"API\"\n\n[[entries]]\nterm = \"MVP\"\n");
        assert_eq!(parsed.problems, vec![]);
        let lines: Vec<u32> = parsed.entries.iter().map(|e| e.origin.line).collect();
        assert_eq!(lines, vec![3, 6]);
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let parsed = run("[[entries]]\nterm = \"API\nsummary = 1\n");
        assert_eq!(parsed.entries.len(), 0);
        let problem = &parsed.problems[0];
        assert_eq!(problem.kind, ProblemKind::Syntax);
        assert_eq!(problem.origin.line, 2);
    }

    #[test]
    fn one_bad_entry_does_not_lose_the_others() {
        let parsed = run(
            "[[entries]]\nterm = \"API\"\ncolour = \"red\"\n\n[[entries]]\nterm = \"MVP\"\n\n[[entries]]\nterm = \"  \"\n",
        );
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.entries[0].term, "MVP");
        let messages: Vec<String> = parsed.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("g.toml:1:1: unknown field `colour`"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("g.toml:8:1: entry has an empty `term`"),
            "{messages:?}"
        );
    }
}

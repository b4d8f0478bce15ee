//! `check --fix`: the safe quick fixes the language server offers, applied to files.
//!
//! Safe means the fix says what the glossary says and nothing else: the first use of a
//! glossary acronym expanded ("Application Program Interface (API)"), a term written in its
//! case, a deprecated or forbidden term replaced by its `use_instead`. Findings, and so
//! their fixes, only ever lie in prose: never in code, metadata or link destinations.

use std::path::Path;

use crate::analysis::{Analysis, Engine};
use crate::markup::Markup;
use crate::rules::Rule;

/// The rules whose fixes `--fix` applies.
const SAFE: [Rule; 4] = [
    Rule::UnexpandedFirstUse,
    Rule::TermCase,
    Rule::ForbiddenTerm,
    Rule::DeprecatedTerm,
];

/// At most this many rounds: a fix can only settle a finding (an expansion defines the
/// acronym, a replacement is the glossary's word), so two rounds reach the fixed point in
/// practice; the bound keeps a glossary whose replacements cycle from looping.
const MAX_ROUNDS: usize = 5;

/// A document after `--fix`.
pub struct Fixed {
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
    /// The analysis of `text`, the last round's: what remains to report.
    pub analysis: Analysis,
}

/// `text` with every safe fix applied. Fixes that overlap one applied before them wait for
/// the next round, on the new text, so that the result is a fixed point: fixing it again
/// changes nothing.
pub fn fixed_text(engine: &Engine, text: &str, markup: Markup) -> Fixed {
    let mut current = text.to_string();
    let mut applied = 0;
    for _ in 0..MAX_ROUNDS {
        let analysis = engine.analyze(&current, markup);
        let mut fixes: Vec<_> = analysis
            .findings
            .iter()
            .filter(|f| SAFE.contains(&f.rule))
            .filter_map(|f| f.fixes.first())
            .filter(|fix| current.get(fix.range.clone()) != Some(fix.replacement.as_str()))
            .collect();
        fixes.sort_by_key(|fix| (fix.range.start, fix.range.end));
        let mut chosen: Vec<&crate::rules::Fix> = Vec::new();
        for fix in fixes {
            if chosen
                .last()
                .is_none_or(|last| last.range.end <= fix.range.start)
            {
                chosen.push(fix);
            }
        }
        if chosen.is_empty() {
            return Fixed {
                text: current,
                applied,
                analysis,
            };
        }
        for fix in chosen.iter().rev() {
            current.replace_range(fix.range.clone(), &fix.replacement);
        }
        applied += chosen.len();
    }
    let analysis = engine.analyze(&current, markup);
    Fixed {
        text: current,
        applied,
        analysis,
    }
}

/// A unified diff of one file's fixes, `a/` and `b/` prefixed as `git apply` expects.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Replaces `path` with `text` atomically (a temporary file beside it, then a rename),
/// keeping its permissions. The bytes outside the fixed spans are the file's own: line
/// endings and a byte order mark pass through untouched.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let permissions = std::fs::metadata(path)?.permissions();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut temp, text.as_bytes())?;
    temp.as_file().sync_all()?;
    std::fs::set_permissions(temp.path(), permissions)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Settings;
    use crate::glossary::{GlossaryBuilder, SourceFormat, parse_source};

    fn engine() -> Engine {
        let mut builder = GlossaryBuilder::new();
        builder.add(parse_source(
            "g.toml",
            r#"
[[entries]]
term = "API"
expansion = "Application Program Interface"

[[entries]]
term = "whitelist"
status = "forbidden"
use_instead = "allowlist"

[[entries]]
term = "GitHub"
case = "sensitive"
"#,
            SourceFormat::Toml,
        ));
        Engine::new(builder.build(), Settings::default())
    }

    #[test]
    fn safe_fixes_apply_once_and_reach_a_fixed_point() {
        let engine = engine();
        let text = "The API and the Github whitelist.\r\n\r\n`whitelist` in code, API again.\r\n";
        let Fixed {
            text: fixed,
            applied: count,
            ..
        } = fixed_text(&engine, text, Markup::Markdown);
        assert_eq!(
            fixed,
            "The Application Program Interface (API) and the GitHub allowlist.\r\n\r\n`whitelist` in code, API again.\r\n"
        );
        assert_eq!(count, 3);
        let again = fixed_text(&engine, &fixed, Markup::Markdown);
        assert_eq!((again.text, again.applied), (fixed.clone(), 0));
        assert!(again.analysis.findings.is_empty());
    }

    #[test]
    fn diffs_name_both_sides_for_git_apply() {
        let diff = unified_diff("docs/a.md", "one\nApi\n", "one\nAPI\n");
        assert!(
            diff.starts_with("--- a/docs/a.md\n+++ b/docs/a.md\n@@"),
            "{diff}"
        );
        assert!(diff.contains("-Api\n+API\n"), "{diff}");
    }
}

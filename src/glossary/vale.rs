//! Vale vocabularies: `accept.txt` (words that need no explanation) and `reject.txt`
//! (forbidden words), one regular expression a line.
//!
//! Plain words are taken exactly; escaped characters (`\.`), case classes (`[Kk]ubernetes`),
//! `(?i)` and alternatives at the top level (`npm|pnpm`) are expanded into every word they
//! match. Any other construct (`colou?r`, `[A-Z]+`, `.*`) matches words no list can hold:
//! it is reported at its line and column, and the other lines are kept.

use std::sync::Arc;

use super::util::{Positions, entry};
use super::{CaseRule, Parsed, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum List {
    Accept,
    Reject,
}

/// Most words one line may expand to (`[Aa][Bb]…` doubles with each class).
const MAX_FORMS: usize = 64;

pub(super) fn parse(name: &Arc<str>, text: &str, list: List) -> Parsed {
    let at = Positions::new(name, text);
    let mut parsed = Parsed::default();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let lead = line.len() - line.trim_start().len();
        let pattern = line.trim();
        if pattern.is_empty() || pattern.starts_with('#') {
            continue;
        }
        let start = line_start + lead;
        let (insensitive, body, body_at) = match pattern.strip_prefix("(?i)") {
            Some(rest) => (true, rest, start + 4),
            None => (false, pattern, start),
        };
        match expand(body) {
            Ok(mut forms) => {
                forms.dedup();
                match list {
                    List::Accept => {
                        for form in forms {
                            if insensitive {
                                parsed.allowed.extend(case_forms(&form));
                            }
                            parsed.allowed.push(form);
                        }
                    }
                    List::Reject => {
                        let mut word = entry(&forms[0], at.at(start));
                        word.aliases = forms[1..].to_vec();
                        word.status = Status::Forbidden;
                        word.case = Some(if insensitive {
                            CaseRule::Insensitive
                        } else {
                            CaseRule::Sensitive
                        });
                        parsed.entries.push(word);
                    }
                }
            }
            Err((at_byte, why)) => parsed.problems.push(at.problem(
                body_at + at_byte,
                format!("`{pattern}` cannot be read as a list of words: {why}"),
            )),
        }
    }
    parsed
}

/// The usual case forms of a word matched in any case.
fn case_forms(word: &str) -> Vec<String> {
    let mut chars = word.chars();
    let capitalised = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect::<String>())
        .unwrap_or_default();
    vec![word.to_lowercase(), word.to_uppercase(), capitalised]
}

/// Every word a pattern matches, or where and why it matches something else.
fn expand(pattern: &str) -> Result<Vec<String>, (usize, String)> {
    let mut out = Vec::new();
    let mut at = 0;
    for alternative in pattern.split('|') {
        if alternative.is_empty() {
            return Err((at, "an empty alternative".to_string()));
        }
        out.extend(expand_one(alternative).map_err(|(i, why)| (at + i, why))?);
        at += alternative.len() + 1;
    }
    Ok(out)
}

fn expand_one(pattern: &str) -> Result<Vec<String>, (usize, String)> {
    let mut forms = vec![String::new()];
    let mut chars = pattern.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let choices: Vec<char> = match c {
            '\\' => match chars.next() {
                Some((_, e)) if !e.is_alphanumeric() => vec![e],
                Some((j, e)) => return Err((j - 1, format!("the class `\\{e}`"))),
                None => return Err((i, "a trailing `\\`".to_string())),
            },
            '[' => {
                let mut class = Vec::new();
                loop {
                    match chars.next() {
                        Some((_, ']')) => break,
                        Some((_, x)) if x.is_alphanumeric() => class.push(x),
                        Some((j, x)) => {
                            return Err((j, format!("`{x}` in a character class")));
                        }
                        None => return Err((i, "an unclosed `[`".to_string())),
                    }
                }
                let first = class.first().copied().unwrap_or(' ');
                let same_letter = class.len() == 2
                    && class[0] != class[1]
                    && class[0].to_lowercase().eq(class[1].to_lowercase())
                    || class.len() == 1;
                if !same_letter {
                    return Err((
                        i,
                        "a character class other than one letter in two cases".to_string(),
                    ));
                }
                if class.len() == 1 { vec![first] } else { class }
            }
            '.' => {
                // `Node.js`: a dot between word characters is meant literally.
                let before = pattern[..i].chars().next_back();
                let after = pattern[i + 1..].chars().next();
                if before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric)
                {
                    vec!['.']
                } else {
                    return Err((i, "`.` matches any character".to_string()));
                }
            }
            '?' | '*' | '+' | '{' | '(' | ')' | '^' | '$' | ']' | '}' => {
                return Err((i, format!("`{c}`")));
            }
            c => vec![c],
        };
        if forms.len() * choices.len() > MAX_FORMS {
            return Err((i, format!("more than {MAX_FORMS} words")));
        }
        forms = forms
            .iter()
            .flat_map(|f| {
                choices.iter().map(move |c| {
                    let mut f = f.clone();
                    f.push(*c);
                    f
                })
            })
            .collect();
    }
    Ok(forms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_lists_words_and_reports_what_is_not_one() {
        let text = "Kubernetes\r\n[Oo]bservability\r\n\r\n# comment\r\nNode.js\r\nnpm|pnpm\r\ncolou?r\r\n  [A-Z]+ops\r\n(?i)Grafana\r\nCI\\/CD\r\n";
        let parsed = parse(&Arc::from("accept.txt"), text, List::Accept);
        assert_eq!(
            parsed.allowed,
            [
                "Kubernetes",
                "Observability",
                "observability",
                "Node.js",
                "npm",
                "pnpm",
                "grafana",
                "GRAFANA",
                "Grafana",
                "Grafana",
                "CI/CD"
            ]
        );
        let messages: Vec<String> = parsed.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            messages,
            [
                "accept.txt:7:6: `colou?r` cannot be read as a list of words: `?`",
                "accept.txt:8:5: `[A-Z]+ops` cannot be read as a list of words: `-` in a character class",
            ]
        );
    }

    #[test]
    fn reject_words_are_forbidden_entries() {
        let parsed = parse(
            &Arc::from("reject.txt"),
            "[Ww]hitelist\n(?i)master branch\nnaïve\n",
            List::Reject,
        );
        let got: Vec<(String, Vec<String>, Option<CaseRule>, String)> = parsed
            .entries
            .iter()
            .map(|e| {
                assert_eq!(e.status, Status::Forbidden);
                (
                    e.term.clone(),
                    e.aliases.clone(),
                    e.case,
                    e.origin.to_string(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Whitelist".into(),
                    vec!["whitelist".into()],
                    Some(CaseRule::Sensitive),
                    "reject.txt:1:1".into()
                ),
                (
                    "master branch".into(),
                    vec![],
                    Some(CaseRule::Insensitive),
                    "reject.txt:2:1".into()
                ),
                (
                    "naïve".into(),
                    vec![],
                    Some(CaseRule::Sensitive),
                    "reject.txt:3:1".into()
                ),
            ]
        );
    }
}

//! An acronym whose long form stands in the same paragraph without brackets or words to
//! tie them: "RSAES using Optimal Asymmetric Encryption Padding and RSAES OAEP", "the
//! [RSA-OAEP] (RSAES using Optimal Asymmetric Encryption Padding …) algorithm". A reader
//! sees both side by side, so the acronym is explained — but only on the strictest
//! evidence: a run of capitalised words, exactly as many as the acronym has letters, whose
//! initials spell it, bounded by words that are not capitalised.

use std::ops::Range;

/// Acronyms of this many capitals or more (two-letter ones are too easily spelled by
/// chance: "New York … NY").
const MIN_LETTERS: usize = 3;
const MAX_LETTERS: usize = 8;

/// A word of the text: its range and whether it is capitalised (`Optimal`, not `OAEP`).
struct Word {
    range: Range<usize>,
    capitalised: bool,
}

/// Each acronym of `text` (one block) with the run of capitalised words that spells it,
/// as `(short, long)` ranges of `text`; one pair per acronym, its first place in the block.
pub(super) fn spelled_nearby(text: &str) -> Vec<(Range<usize>, Range<usize>)> {
    // Most blocks have no run of capitals: one pass over the bytes decides.
    let mut capitals = 0;
    let has_capitals = text.bytes().any(|b| {
        capitals = if b.is_ascii_uppercase() {
            capitals + 1
        } else {
            0
        };
        capitals == MIN_LETTERS
    });
    if !has_capitals {
        return Vec::new();
    }
    let words = words(text);
    let mut out: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for word in &words {
        let token = &text[word.range.clone()];
        if !(MIN_LETTERS..=MAX_LETTERS).contains(&token.len())
            || !token.bytes().all(|b| b.is_ascii_uppercase())
            || out.iter().any(|(s, _)| &text[s.clone()] == token)
        {
            continue;
        }
        if let Some(long) = run_spelling(text, &words, token) {
            out.push((word.range.clone(), long));
        }
    }
    out
}

/// The words of `text`: letters and digits, split at spaces, hyphens and punctuation.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            let word = &text[s..i];
            let mut chars = word.chars();
            let capitalised = chars.next().is_some_and(char::is_uppercase)
                && word.chars().count() >= 2
                && chars.all(char::is_lowercase);
            out.push(Word {
                range: s..i,
                capitalised,
            });
        }
    }
    out
}

/// The run of capitalised words, separated by single spaces, whose initials are `token`
/// and that no capitalised word extends on either side.
fn run_spelling(text: &str, words: &[Word], token: &str) -> Option<Range<usize>> {
    let n = token.len();
    let joined_by_space = |a: &Word, b: &Word| {
        a.range.end + 1 == b.range.start && text.as_bytes()[a.range.end] == b' '
    };
    (0..words.len().saturating_sub(n - 1)).find_map(|i| {
        let run = &words[i..i + n];
        let spelled = run
            .iter()
            .zip(token.bytes())
            .all(|(w, letter)| w.capitalised && text.as_bytes()[w.range.start] == letter);
        let joined = run.windows(2).all(|p| joined_by_space(&p[0], &p[1]));
        // A capitalised word before the run extends it, unless it starts a sentence ("The
        // Optimal Asymmetric Encryption Padding").
        let extended_before = i > 0 && {
            let before = &words[i - 1];
            let head = text[..before.range.start].trim_end_matches(' ');
            let starts_sentence = head.is_empty() || head.ends_with(['.', '!', '?', ':', '\n']);
            before.capitalised && joined_by_space(before, &run[0]) && !starts_sentence
        };
        let extended_after = words
            .get(i + n)
            .is_some_and(|after| after.capitalised && joined_by_space(&run[n - 1], after));
        (spelled && joined && !extended_before && !extended_after)
            .then(|| run[0].range.start..run[n - 1].range.end)
    })
}

#[cfg(test)]
mod tests {
    use super::spelled_nearby;

    fn pairs(text: &str) -> Vec<(&str, &str)> {
        spelled_nearby(text)
            .into_iter()
            .map(|(s, l)| (&text[s], &text[l]))
            .collect()
    }

    #[test]
    fn a_run_of_capitalised_words_beside_the_acronym_spells_it() {
        assert_eq!(
            pairs(
                "RSAES using Optimal Asymmetric Encryption Padding and RSAES OAEP using SHA-256."
            ),
            [("OAEP", "Optimal Asymmetric Encryption Padding")]
        );
        assert_eq!(
            pairs("the RSA-OAEP (RSAES using Optimal Asymmetric Encryption Padding) key"),
            [("OAEP", "Optimal Asymmetric Encryption Padding")]
        );
        // A sentence's first word does not extend the run.
        assert_eq!(
            pairs("Done. The Optimal Asymmetric Encryption Padding is OAEP."),
            [("OAEP", "Optimal Asymmetric Encryption Padding")]
        );
    }

    #[test]
    fn only_an_exact_bounded_run_counts() {
        // A longer run of capitals, lower-case words, two letters, a run split by a comma.
        for text in [
            "Use Quick Optimal Asymmetric Encryption Padding and OAEP.",
            "optimal asymmetric encryption padding and OAEP.",
            "New York, NY.",
            "Optimal Asymmetric, Encryption Padding and OAEP.",
        ] {
            assert_eq!(pairs(text), [], "{text}");
        }
    }
}

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

/// A run of capitalised words joined by single spaces, as long as it goes.
struct Run {
    /// Where each word starts.
    starts: Vec<usize>,
    end: usize,
    /// Whether its first word starts a sentence ("The Optimal …"): the run may also be
    /// read without it.
    sentence_start: bool,
}

/// Each acronym of `text` (one block) with the run of capitalised words that spells it,
/// as `(short, long)` ranges of `text`; one pair per acronym, its first place in the block.
///
/// One pass over the bytes finds the acronyms and the runs of three capitalised words or
/// more (few in any text), so a block costs what reading it costs.
pub(super) fn spelled_nearby(text: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let bytes = text.as_bytes();
    // Most blocks have no three capitalised words in a row: one plain pass over the bytes
    // says so (every word the scan below reads starts after a byte that is no word's).
    let mut in_a_row = 0;
    let mut at_word_start = true;
    let mut found = false;
    for (i, &b) in bytes.iter().enumerate() {
        if !(b.is_ascii_alphanumeric() || b >= 0x80) {
            at_word_start = true;
        } else if at_word_start {
            at_word_start = false;
            let capitalised =
                b.is_ascii_uppercase() && bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase);
            in_a_row = if capitalised { in_a_row + 1 } else { 0 };
            if in_a_row == MIN_LETTERS {
                found = true;
                break;
            }
        }
    }
    if !found {
        return Vec::new();
    }
    // Words are runs of letters, digits and non-ASCII bytes.
    let is_word_byte = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let mut tokens: Vec<Range<usize>> = Vec::new();
    let mut runs: Vec<Run> = Vec::new();
    let mut current: Option<Run> = None;
    let mut i = 0;
    while i < bytes.len() {
        if !is_word_byte(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_word_byte(bytes[i]) {
            i += 1;
        }
        let word = &bytes[start..i];
        let capitalised = word.len() >= 2
            && word[0].is_ascii_uppercase()
            && word[1..]
                .iter()
                .all(|b| b.is_ascii_lowercase() || *b >= 0x80);
        if (MIN_LETTERS..=MAX_LETTERS).contains(&word.len())
            && word.iter().all(u8::is_ascii_uppercase)
        {
            tokens.push(start..i);
        }
        let joined = current
            .as_ref()
            .is_some_and(|run| run.end + 1 == start && bytes[run.end] == b' ');
        if capitalised && joined {
            if let Some(run) = current.as_mut() {
                run.starts.push(start);
                run.end = i;
            }
            continue;
        }
        if let Some(run) = current.take().filter(|r| r.starts.len() >= MIN_LETTERS) {
            runs.push(run);
        }
        if capitalised {
            let head = text[..start].trim_end_matches(' ');
            current = Some(Run {
                starts: vec![start],
                end: i,
                sentence_start: head.is_empty() || head.ends_with(['.', '!', '?', ':', '\n']),
            });
        }
    }
    if let Some(run) = current.filter(|r| r.starts.len() >= MIN_LETTERS) {
        runs.push(run);
    }
    let mut out: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    if runs.is_empty() {
        return out;
    }
    for token in tokens {
        let letters = &bytes[token.clone()];
        if out.iter().any(|(s, _)| &bytes[s.clone()] == letters) {
            continue;
        }
        let spelled = |starts: &[usize]| {
            starts.len() == letters.len()
                && starts
                    .iter()
                    .zip(letters)
                    .all(|(&at, &letter)| bytes[at] == letter)
        };
        let long = runs.iter().find_map(|run| {
            if spelled(&run.starts) {
                Some(run.starts[0]..run.end)
            } else if run.sentence_start && spelled(&run.starts[1..]) {
                Some(run.starts[1]..run.end)
            } else {
                None
            }
        });
        if let Some(long) = long {
            out.push((token, long));
        }
    }
    out
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
        // After a hyphen or a slash too.
        assert_eq!(
            pairs("The RSA-Quick Lattice Padding, or QLP."),
            [("QLP", "Quick Lattice Padding")]
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

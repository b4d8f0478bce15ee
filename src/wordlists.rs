//! Built-in word lists, kept as data in `glossary/` and compiled into the binary.
//!
//! - the acronyms that need no expansion, by audience (`glossary/audiences.toml`, in groups
//!   that each say why and where from);
//! - units, which are never flagged after a number even when the built-in list is off;
//! - common English words: a case variant of an acronym that is one of them ("It" for IT) is
//!   no term-case error, and a capitalised one ("DATA") is emphasis, not an acronym.

use std::collections::BTreeMap;

// Looked up for every word in capitals: a fast hash rather than SipHash (no untrusted keys
// choose these tables' contents).
use foldhash::{HashMap as FastMap, HashSet as FastSet};
use std::sync::LazyLock;

use serde::Deserialize;

const AUDIENCES: &str = include_str!("../glossary/audiences.toml");
const COMMON_WORDS: &str = include_str!("../glossary/common-words.txt");
const ENGLISH_WORDS: &str = include_str!("../glossary/english-words.txt");

/// Who reads a project's documents, which decides the acronyms they need no expansion for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Anyone: units, everyday abbreviations and file formats from the dictionary.
    General,
    /// Software developers: the general list plus data formats and computing terms.
    #[default]
    Developers,
    /// Nobody: every acronym must be explained or allowed by the project.
    None,
}

impl Audience {
    pub fn name(self) -> &'static str {
        match self {
            Audience::General => "general",
            Audience::Developers => "developers",
            Audience::None => "none",
        }
    }
}

/// A group of well-known acronyms: who knows them, why and on whose word.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub audiences: Vec<Audience>,
    pub why: String,
    pub source: String,
    /// The entries are words written in capitals (RFC 2119 keywords, admonitions), not
    /// acronyms.
    #[serde(default)]
    pub words: bool,
    pub terms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Groups {
    groups: BTreeMap<String, Group>,
}

static GROUPS: LazyLock<BTreeMap<String, Group>> = LazyLock::new(|| {
    toml::from_str::<Groups>(AUDIENCES)
        .expect("glossary/audiences.toml is valid (tested)")
        .groups
});

/// For each well-known acronym, the audiences that know it (bit per audience).
static KNOWN: LazyLock<FastMap<&'static str, u8>> = LazyLock::new(|| {
    let mut known = FastMap::default();
    for group in GROUPS.values() {
        let mask = group
            .audiences
            .iter()
            .fold(if group.words { WORD_BIT } else { ACRONYM_BIT }, |m, a| {
                m | audience_bit(*a)
            });
        for term in &group.terms {
            *known.entry(term.as_str()).or_insert(0) |= mask;
        }
    }
    known
});

/// In [`KNOWN`]: listed as an acronym (not in a group of words).
const ACRONYM_BIT: u8 = 4;

/// In [`KNOWN`]: listed as a word written in capitals (RFC 2119 keywords, admonitions).
const WORD_BIT: u8 = 8;

/// Whether a list names `token` as a word written in capitals on purpose (NOTE, MUST).
pub fn is_listed_word(token: &str) -> bool {
    KNOWN.get(token).is_some_and(|mask| mask & WORD_BIT != 0)
}

/// Whether a list names `token` as an acronym, whoever knows it: then it is one even where
/// it is also an English word (MIME, TIFF).
pub fn is_listed_acronym(token: &str) -> bool {
    KNOWN.get(token).is_some_and(|mask| mask & ACRONYM_BIT != 0)
}

fn audience_bit(audience: Audience) -> u8 {
    match audience {
        Audience::General => 1,
        Audience::Developers => 2,
        Audience::None => 0,
    }
}

static UNITS: LazyLock<FastSet<&'static str>> = LazyLock::new(|| {
    GROUPS
        .get("units")
        .map(|g| g.terms.iter().map(String::as_str).collect())
        .unwrap_or_default()
});

static COMMON: LazyLock<FastSet<&'static str>> = LazyLock::new(|| {
    COMMON_WORDS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// The groups of well-known acronyms, by name (units, rfc2119, computing, …).
pub fn acronym_groups() -> &'static BTreeMap<String, Group> {
    &GROUPS
}

/// Whether `audience` knows `token` (exact case) without an expansion.
pub fn is_well_known(token: &str, audience: Audience) -> bool {
    let bit = audience_bit(audience);
    bit != 0 && KNOWN.get(token).is_some_and(|mask| mask & bit != 0)
}

/// Whether `token` is a unit of measure written with capitals (GB, MHz, kWh).
pub fn is_unit(token: &str) -> bool {
    UNITS.contains(token)
}

static ENGLISH: LazyLock<FastSet<&'static str>> = LazyLock::new(|| {
    ENGLISH_WORDS
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Whether `word` (any case) is an English word of SCOWL's common sizes (about 39,000
/// words: `glossary/english-words.txt`, with its source and licence beside it).
pub fn is_english_word(word: &str) -> bool {
    // Lower-cased on the stack: this runs for every word in capitals.
    let mut buffer = [0u8; 15];
    let Some(lower) = buffer.get_mut(..word.len()) else {
        return false;
    };
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).is_ok_and(|w| ENGLISH.contains(w))
}

/// Whether `word` (any case) is a common English word.
pub fn is_common_word(word: &str) -> bool {
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        return COMMON.contains(word);
    }
    COMMON.contains(word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load() {
        assert!(is_well_known("PDF", Audience::General));
        assert!(is_well_known("MUST", Audience::Developers));
        assert!(is_well_known("JSON", Audience::Developers));
        assert!(!is_well_known("JSON", Audience::General));
        assert!(!is_well_known("PDF", Audience::None));
        assert!(is_unit("GB"));
        assert!(!is_unit("API"));
        assert!(is_common_word("it"));
        assert!(is_common_word("It"));
        assert!(!is_common_word("kpi"));
        assert!(is_english_word("DELETE") && is_english_word("continuation"));
        assert!(!is_english_word("API") && !is_english_word("JSON"));
        assert!(acronym_groups().len() >= 4);
    }

    #[test]
    fn every_group_says_why_and_where_from_and_no_term_is_listed_twice() {
        let mut seen = std::collections::HashSet::new();
        for (name, group) in acronym_groups() {
            assert!(!group.audiences.is_empty(), "{name}: no audience");
            assert!(group.why.len() > 20 && group.source.len() > 10, "{name}");
            for term in &group.terms {
                assert!(seen.insert(term.as_str()), "{term} is listed twice");
                assert!(term.chars().any(char::is_uppercase), "{term}");
            }
        }
    }
}

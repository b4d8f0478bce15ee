//! Built-in word lists, kept as data in `glossary/` and compiled into the binary.
//!
//! - the acronyms that need no expansion (`glossary/allowed-acronyms.toml`, by group);
//! - units, which are never flagged after a number even when the built-in list is off;
//! - common English words: a case variant of an acronym that is one of them ("It" for IT) is
//!   no term-case error, and a capitalised one ("DATA") is emphasis, not an acronym.

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

const ALLOWED_ACRONYMS: &str = include_str!("../glossary/allowed-acronyms.toml");
const COMMON_WORDS: &str = include_str!("../glossary/common-words.txt");

static GROUPS: LazyLock<BTreeMap<String, Vec<String>>> = LazyLock::new(|| {
    toml::from_str(ALLOWED_ACRONYMS).expect("glossary/allowed-acronyms.toml is valid (tested)")
});

static ALLOWED: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    GROUPS
        .values()
        .flat_map(|words| words.iter().map(String::as_str))
        .collect()
});

static UNITS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    GROUPS
        .get("units")
        .map(|words| words.iter().map(String::as_str).collect())
        .unwrap_or_default()
});

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    COMMON_WORDS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// The built-in allow list, by group name (units, file-formats, rfc2119, …).
pub fn allowed_acronym_groups() -> &'static BTreeMap<String, Vec<String>> {
    &GROUPS
}

/// Whether the built-in allow list holds `token` (exact case).
pub fn is_builtin_allowed(token: &str) -> bool {
    ALLOWED.contains(token)
}

/// Whether `token` is a unit of measure written with capitals (GB, MHz, kWh).
pub fn is_unit(token: &str) -> bool {
    UNITS.contains(token)
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
        assert!(is_builtin_allowed("PDF"));
        assert!(is_builtin_allowed("MUST"));
        assert!(is_unit("GB"));
        assert!(!is_unit("API"));
        assert!(is_common_word("it"));
        assert!(is_common_word("It"));
        assert!(!is_common_word("kpi"));
        assert!(allowed_acronym_groups().len() >= 4);
    }
}

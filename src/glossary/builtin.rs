//! The glossaries compiled into the binary, so that glossary-ls is useful with no files.

use super::{Entry, SourceFormat, parse_source};

/// How positions in the built-in product-management glossary are reported.
pub const BUILTIN_GLOSSARY_NAME: &str = "builtin:glossary/product-management.toml";

const PRODUCT_MANAGEMENT: &str = include_str!("../../glossary/product-management.toml");

/// The built-in glossary's TOML text (the server writes it out so editors can open it).
pub fn builtin_glossary_text() -> &'static str {
    PRODUCT_MANAGEMENT
}

/// The built-in product-management glossary's entries.
pub fn builtin_entries() -> Vec<Entry> {
    let parsed = parse_source(
        BUILTIN_GLOSSARY_NAME,
        PRODUCT_MANAGEMENT,
        SourceFormat::Toml,
    );
    debug_assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    parsed.entries
}

#[cfg(test)]
mod tests {
    use crate::glossary::GlossaryBuilder;

    #[test]
    fn builtin_glossary_is_clean_and_large() {
        let glossary = GlossaryBuilder::new().builtin().build();
        assert_eq!(glossary.problems(), &[]);
        assert!(glossary.len() >= 150, "only {} entries", glossary.len());
        for entry in glossary.entries() {
            assert!(entry.summary.is_some(), "{} has no summary", entry.term);
            assert!(
                entry.definition.is_some(),
                "{} has no definition",
                entry.term
            );
        }
        let api = glossary.entry(glossary.lookup("API").unwrap());
        assert_eq!(
            api.expansion.as_deref(),
            Some("Application Program Interface")
        );
        assert!(
            api.aliases
                .iter()
                .any(|a| a == "Application Programming Interface")
        );
        for kind in ["web API", "internal API", "partner API"] {
            assert!(api.see_also.iter().any(|s| s == kind), "{kind}");
            assert!(glossary.lookup(kind).is_some(), "{kind}");
        }
    }
}

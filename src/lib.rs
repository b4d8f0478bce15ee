//! glossary-ls: a team's glossary in every document they write.
//!
//! The engine is pure: [`glossary`] sources become a [`glossary::Glossary`], compiled once into
//! a [`matcher::Matcher`]; a document's [`markup::Prose`] is analysed into an
//! [`analysis::Analysis`] (occurrences, definitions, findings). The CLI and the language
//! server only convert at the edges.

pub mod acronym;
pub mod analysis;
pub mod cli;
pub mod config;
pub mod conflicts;
pub mod definitions;
pub mod fsread;
pub mod glossary;
pub mod glossary_health;
pub mod ide;
pub mod lsp;
pub mod markup;
pub mod matcher;
pub mod project;
pub mod rules;
pub mod text;
pub mod wordlists;
pub mod workspace_index;
pub mod workspace_report;

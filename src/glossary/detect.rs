//! Which format a glossary file is in: by its name, then by its content.

use std::path::Path;

use super::{SourceFormat, abbreviations, docusaurus, tbx, term_pages};

/// `accept.txt` and `reject.txt` are Vale vocabularies; no other `.txt` is a glossary.
pub fn vale_by_name(path: &Path) -> Option<SourceFormat> {
    match path.file_name()?.to_str()?.to_ascii_lowercase().as_str() {
        "accept.txt" => Some(SourceFormat::ValeAccept),
        "reject.txt" => Some(SourceFormat::ValeReject),
        _ => None,
    }
}

/// The format of a glossary file: `explicit` when the configuration names one, else the
/// one its extension implies, refined by its content (a Markdown file of `*[HTML]: …` lines
/// or with a term's front matter, a JSON file with a Docusaurus `terms` array); a file
/// whose name says nothing is TBX when its root says so. `None` when nothing fits.
pub fn detect(path: &Path, text: &str, explicit: Option<SourceFormat>) -> Option<SourceFormat> {
    if explicit.is_some() {
        return explicit;
    }
    match SourceFormat::from_path(path) {
        Some(SourceFormat::Markdown) => Some(if term_pages::looks_like(text) {
            SourceFormat::TermPages
        } else if abbreviations::looks_like(text) {
            SourceFormat::MkdocsAbbreviations
        } else {
            SourceFormat::Markdown
        }),
        Some(SourceFormat::Json) if docusaurus::looks_like(text) => Some(SourceFormat::Docusaurus),
        Some(format) => Some(format),
        None if tbx::looks_like(text) => Some(SourceFormat::Tbx),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_between_formats_of_one_extension() {
        let md = Path::new("g.md");
        assert_eq!(
            detect(md, "*[HTML]: Hyper Text Markup Language\n", None),
            Some(SourceFormat::MkdocsAbbreviations)
        );
        assert_eq!(
            detect(
                md,
                "---\ntitle: Pod\naka: [pods]\n---\nA group of containers.\n",
                None
            ),
            Some(SourceFormat::TermPages)
        );
        assert_eq!(
            detect(md, "# Glossary\n\n## API\n\nA contract.\n", None),
            Some(SourceFormat::Markdown)
        );
        let json = Path::new("g.json");
        assert_eq!(
            detect(json, r#"{"terms": [{"term": "API"}]}"#, None),
            Some(SourceFormat::Docusaurus)
        );
        assert_eq!(
            detect(json, r#"{"entries": []}"#, None),
            Some(SourceFormat::Json)
        );
        assert_eq!(
            detect(
                Path::new("terms.xml"),
                "<?xml version=\"1.0\"?>\n<martif type=\"TBX\">",
                None
            ),
            Some(SourceFormat::Tbx)
        );
        assert_eq!(detect(Path::new("notes.txt"), "API\n", None), None);
        assert_eq!(
            detect(Path::new("styles/Vocab/Team/reject.txt"), "x\n", None),
            Some(SourceFormat::ValeReject)
        );
        assert_eq!(
            detect(
                Path::new("notes.txt"),
                "API\n",
                Some(SourceFormat::ValeAccept)
            ),
            Some(SourceFormat::ValeAccept)
        );
    }
}

//! MDX documents through the real binary and through the language server: ESM, JSX tags
//! and attributes and `{expressions}` are not prose; text inside components is, at its
//! exact source position.

mod common;
mod lsp_support;

use common::Project;
use lsp_support::{Client, file_uri, push_capabilities};
use serde_json::{Value, json};

/// Acronyms in every MDX construct; only QVP, QDN and QTL stand in prose. QAL is allowed by
/// the suppression comment; QXA, QXB, QXC, QXD, QXE are in ESM, attributes and expressions.
const DOC: &str = "---\ntitle: Rollout\n---\nimport Tabs from '@theme/Tabs';\nimport {\n  QXA,\n} from './names';\nexport const owner = 'QXB';\n\n{/* glossary-ls: allow QAL */}\n\n# Roll out\n\n<Tabs groupId=\"QXC\"\n      values={[{label: 'QXD', value: 'x'}]}>\n  <TabItem value=\"a\">\n    Open the QVP once; QAL is fine.\n\n    Then watch the QDN.\n  </TabItem>\n</Tabs>\n\nThe <abbr title=\"QXE\">QTL</abbr> is {config.QXE} for Éloïse.\n";

fn findings(text: &str) -> Vec<common::Finding> {
    let p = Project::new();
    p.file(
        "glossary-ls.toml",
        "[glossary]\nbuiltin = false\n[acronyms]\nbuiltin-allow = false\n",
    );
    p.file("docs/rollout.mdx", text);
    p.findings(&["docs"])
}

#[test]
fn check_reads_mdx_prose_inside_components_only() {
    let expected = [
        ("undefined-acronym", 17, 14, "QVP"),
        ("undefined-acronym", 19, 20, "QDN"),
        ("undefined-acronym", 23, 23, "QTL"),
    ];
    for text in [DOC.to_string(), DOC.replace('\n', "\r\n")] {
        assert_eq!(findings(&text), expected);
    }
}

#[test]
fn the_server_serves_the_mdx_language_id() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("glossary-ls.toml"),
        "[glossary]\nbuiltin = false\n[acronyms]\nbuiltin-allow = false\n",
    )
    .unwrap();
    let mut client = Client::spawn(dir.path(), &[]);
    client.initialize(dir.path(), push_capabilities(&[]), Value::Null);
    let uri = format!("{}/rollout.mdx", file_uri(dir.path()));
    client.open(&uri, "mdx", DOC);
    let diagnostics = client.diagnostics(&uri, 1);
    let got: Vec<(String, Value)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["range"].clone(),
            )
        })
        .collect();
    let range = |line: u32, start: u32| json!({"start": {"line": line, "character": start}, "end": {"line": line, "character": start + 3}});
    assert_eq!(
        got,
        [
            ("undefined-acronym".to_string(), range(16, 13)),
            ("undefined-acronym".to_string(), range(18, 19)),
            ("undefined-acronym".to_string(), range(22, 22)),
        ]
    );
    // The quick fix that allows an acronym in the document writes an MDX comment.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(16, 13),
               "context": {"diagnostics": [diagnostics[0].clone()]}}),
    );
    let text = actions.to_string();
    assert!(text.contains("{/* glossary-ls: allow QVP */}"), "{text}");
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

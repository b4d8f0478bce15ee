//! Which files `check` reads when given folders: known markups only, `.gitignore` and hidden
//! files skipped, `[files] include/exclude` and `[files.markup]` honoured.

mod common;

use common::Project;

/// One document per extension, each mentioning an acronym named after it.
fn project() -> Project {
    let p = Project::new();
    for (ext, acronym) in [
        ("md", "QGMD"),
        ("markdown", "QGMK"),
        ("txt", "QGTX"),
        ("rst", "QGRS"),
        ("adoc", "QGAD"),
        ("tex", "QGTE"),
        ("html", "QGHT"),
        ("rs", "QGRU"),
        ("json", "QGJS"),
        ("py", "QGPY"),
        ("notes", "QGNO"),
    ] {
        p.file(&format!("docs/f.{ext}"), format!("The {acronym} here.\n"));
    }
    p
}

#[test]
fn a_folder_is_walked_for_known_markups_only() {
    let p = project();
    let report = p.check_json(&["docs"]);
    assert_eq!(
        report.paths(),
        [
            "docs/f.adoc",
            "docs/f.markdown",
            "docs/f.md",
            "docs/f.rst",
            "docs/f.tex",
            "docs/f.txt",
        ]
    );
    assert_eq!(report.summary()["files"], 6);
}

#[test]
fn with_no_path_the_current_folder_is_checked() {
    let p = project();
    p.file("top.md", "The QGTO here.\n");
    let report = p.check_json(&[]);
    assert_eq!(report.paths()[0], "docs/f.adoc");
    assert!(report.paths().contains(&"top.md".to_string()));
    assert_eq!(report.paths().len(), 7);
    // The same from inside a sub-folder: paths are relative to where it runs.
    let report = p.check_json_in("docs", &[]);
    assert_eq!(report.paths().len(), 6);
    assert_eq!(report.paths()[0], "f.adoc");
}

#[test]
fn a_file_named_explicitly_is_checked_whatever_its_extension() {
    let p = project();
    let report = p.check_json(&["docs/f.rs"]);
    assert_eq!(report.findings(), [("undefined-acronym", 1, 5, "QGRU")]);
}

#[test]
fn a_file_named_twice_is_checked_once() {
    let p = project();
    let report = p.check_json(&["docs", "docs/f.md", "./docs/f.md", "docs/./f.md"]);
    assert_eq!(report.summary()["files"], 6);
    assert_eq!(
        report
            .paths()
            .iter()
            .filter(|path| path.ends_with("f.md"))
            .count(),
        1
    );
    let report = p.check_json(&[".", "docs/f.md"]);
    assert_eq!(report.summary()["files"], 6);
}

#[test]
fn gitignored_and_hidden_files_are_not_checked() {
    let p = project();
    p.file(".gitignore", "build/\n*.generated.md\n");
    p.file("build/out.md", "The QGBU here.\n");
    p.file("docs/api.generated.md", "The QGGE here.\n");
    p.file(".hidden/notes.md", "The QGHI here.\n");
    p.file("docs/.draft.md", "The QGDR here.\n");
    let report = p.check_json(&["."]);
    assert_eq!(report.paths().len(), 6, "{:?}", report.paths());
    assert!(
        report
            .paths()
            .iter()
            .all(|path| path.starts_with("docs/f.")),
        "{:?}",
        report.paths()
    );
    // A .gitignore in a sub-folder counts too, without a git repository.
    p.file("docs/.gitignore", "f.txt\n");
    let report = p.check_json(&["docs"]);
    assert!(!report.paths().contains(&"docs/f.txt".to_string()));
    assert_eq!(report.paths().len(), 5);
}

#[test]
fn an_ignored_file_named_explicitly_is_still_checked() {
    let p = project();
    p.file(".gitignore", "build/\n");
    p.file("build/out.md", "The QGBU here.\n");
    let report = p.check_json(&["build/out.md"]);
    assert_eq!(report.findings(), [("undefined-acronym", 1, 5, "QGBU")]);
}

#[test]
fn exclude_globs_are_relative_to_the_configuration() {
    let p = project();
    p.file("docs/vendor/third-party.md", "The QGVE here.\n");
    p.file(
        "glossary-ls.toml",
        "[files]\nexclude = [\"docs/vendor/**\", \"**/*.tex\"]\n",
    );
    let report = p.check_json(&["."]);
    assert_eq!(
        report.paths(),
        [
            "docs/f.adoc",
            "docs/f.markdown",
            "docs/f.md",
            "docs/f.rst",
            "docs/f.txt",
        ]
    );
    // Walking a sub-folder uses the same globs.
    let report = p.check_json(&["docs/vendor"]);
    assert!(report.paths().is_empty(), "{:?}", report.paths());
}

#[test]
fn include_globs_limit_the_walk() {
    let p = project();
    p.file("docs/guide/intro.md", "The QGGI here.\n");
    p.file("notes/todo.md", "The QGNT here.\n");
    p.file(
        "glossary-ls.toml",
        "[files]\ninclude = [\"docs/guide/**\", \"**/*.rst\"]\n",
    );
    let report = p.check_json(&[]);
    assert_eq!(report.paths(), ["docs/f.rst", "docs/guide/intro.md"]);
}

#[test]
fn files_markup_maps_extensions_to_markups() {
    let p = project();
    p.file("docs/f.notes", "```\nQGCO in code\n```\n\nThe QGNO here.\n");
    p.file("docs/g.txt", "```\nQGCT in code\n```\n\nThe QGTT here.\n");
    // Without configuration: .notes is not walked; .txt is plain text, so its fence is prose.
    let report = p.check_json(&["docs/g.txt"]);
    assert_eq!(
        report.findings(),
        [
            ("undefined-acronym", 2, 1, "QGCT"),
            ("undefined-acronym", 5, 5, "QGTT"),
        ]
    );
    p.file(
        "glossary-ls.toml",
        "[files.markup]\nnotes = \"markdown\"\ntxt = \"markdown\"\nhtml = \"plaintext\"\n",
    );
    let report = p.check_json(&["docs"]);
    assert!(report.paths().contains(&"docs/f.notes".to_string()));
    assert!(report.paths().contains(&"docs/f.html".to_string()));
    // Read as Markdown now: the fenced code is not prose.
    let file = report.file("docs/f.notes");
    assert_eq!(file["diagnostics"].as_array().unwrap().len(), 1);
    assert_eq!(file["diagnostics"][0]["term"], "QGNO");
    let file = report.file("docs/g.txt");
    assert_eq!(file["diagnostics"].as_array().unwrap().len(), 1);
    assert_eq!(file["diagnostics"][0]["term"], "QGTT");
}

#[test]
fn each_folder_uses_its_nearest_configuration() {
    let p = Project::new();
    p.file("a/glossary-ls.toml", "[acronyms]\nallow = [\"QGXA\"]\n");
    p.file("a/doc.md", "The QGXA and QGXB.\n");
    p.file("b/glossary-ls.toml", "[acronyms]\nallow = [\"QGXB\"]\n");
    p.file("b/doc.md", "The QGXA and QGXB.\n");
    let report = p.check_json(&["a", "b"]);
    assert_eq!(
        report.findings(),
        [
            ("undefined-acronym", 1, 14, "QGXB"),
            ("undefined-acronym", 1, 5, "QGXA"),
        ]
    );
    assert_eq!(report.paths(), ["a/doc.md", "b/doc.md"]);
}

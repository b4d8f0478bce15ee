//! `check --fix` and `--fix --diff`: the safe fixes, applied to files byte-preservingly.

mod common;

use common::Project;

const GLOSSARY: &str = r#"
[[entries]]
term = "QFX"
expansion = "Quick Fix Exchange"

[[entries]]
term = "whitelist"
status = "forbidden"
use_instead = "allowlist"

[[entries]]
term = "GitHub"
case = "sensitive"
summary = "A code hosting service."
"#;

/// A document with a fix of each kind, CRLF line endings, a BOM and non-ASCII text; the
/// forbidden term also stands in code, a link destination and front matter.
const DOCUMENT: &str = "\u{feff}---\r\ntitle: whitelist QFX\r\n---\r\n\r\nThe QFX café uses a whitelist.\r\n\r\nSee [Github](https://x.test/whitelist) and `whitelist`.\r\n\r\n```\r\nwhitelist QFX\r\n```\r\n";

const FIXED: &str = "\u{feff}---\r\ntitle: whitelist QFX\r\n---\r\n\r\nThe Quick Fix Exchange (QFX) café uses a allowlist.\r\n\r\nSee [GitHub](https://x.test/whitelist) and `whitelist`.\r\n\r\n```\r\nwhitelist QFX\r\n```\r\n";

fn project() -> Project {
    let p = Project::new();
    p.file("glossary/glossary.toml", GLOSSARY);
    p.file("doc.md", DOCUMENT);
    p
}

#[test]
fn fix_writes_only_the_fixed_spans_and_is_idempotent() {
    let p = project();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(p.path("doc.md"), std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let run = p.run(&["check", "--fix", "doc.md"]);
    run.expect_code(0);
    assert!(run.stderr.contains("applied 3 fixes in 1 file"), "{run}");
    assert_eq!(run.stdout, "1 file checked: no findings\n", "{run}");
    assert_eq!(std::fs::read_to_string(p.path("doc.md")).unwrap(), FIXED);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(p.path("doc.md"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    // Again: nothing to do, nothing written.
    let before = std::fs::metadata(p.path("doc.md"))
        .unwrap()
        .modified()
        .unwrap();
    let run = p.run(&["check", "--fix", "doc.md"]);
    run.expect_code(0);
    assert!(run.stderr.contains("applied 0 fixes in 0 files"), "{run}");
    assert_eq!(std::fs::read_to_string(p.path("doc.md")).unwrap(), FIXED);
    let after = std::fs::metadata(p.path("doc.md"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
}

#[test]
fn fix_diff_prints_a_diff_and_writes_nothing() {
    let p = project();
    let run = p.run(&["check", "--fix", "--diff", "doc.md"]);
    run.expect_code(1);
    assert!(
        run.stdout.starts_with("--- a/doc.md\r\n+++ b/doc.md\r\n")
            || run.stdout.starts_with("--- a/doc.md\n+++ b/doc.md\n"),
        "{run}"
    );
    assert!(
        run.stdout
            .contains("+The Quick Fix Exchange (QFX) café uses a allowlist.\r\n"),
        "{run}"
    );
    assert!(
        run.stderr
            .contains("3 fixes in 1 file (not written: --diff)"),
        "{run}"
    );
    assert_eq!(std::fs::read_to_string(p.path("doc.md")).unwrap(), DOCUMENT);
    // A clean file: no diff, status 0.
    p.file("clean.md", "Nothing here.\n");
    let run = p.run(&["check", "--fix", "--diff", "clean.md"]);
    run.expect_code(0);
    assert_eq!(run.stdout, "", "{run}");
}

#[test]
fn diff_needs_fix() {
    let p = project();
    let run = p.run(&["check", "--diff", "doc.md"]);
    run.expect_code(2);
    assert!(run.stderr.contains("--fix"), "{run}");
}

#[test]
fn stdin_fixes_come_as_a_diff_only() {
    let p = project();
    let run = p.run_with_stdin(&["check", "--fix", "-"], "The QFX.\n");
    run.expect_code(2);
    assert!(run.stderr.contains("use --fix --diff"), "{run}");
    let run = p.run_with_stdin(
        &["check", "--fix", "--diff", "-", "--stdin-filename", "in.md"],
        "The QFX.\n",
    );
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("-The QFX.\n+The Quick Fix Exchange (QFX).\n"),
        "{run}"
    );
}

//! The pre-commit hook (`.pre-commit-hooks.yaml`), run by the real `pre-commit` from PyPI
//! (installed by scripts/test.sh) in a temporary git repository: pre-commit builds
//! glossary-ls from this repository with cargo, as it does for its users.

use std::path::Path;
use std::process::Command;

fn run(dir: &Path, program: &str, args: &[&str]) -> std::process::Output {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    Command::new(program)
        .args(args)
        .current_dir(dir)
        // Keep pre-commit's environments and the hook's build under target/, re-used
        // between runs; a faster build than the release profile's (no LTO).
        .env("PRE_COMMIT_HOME", repo.join("target/pre-commit/home"))
        .env("CARGO_TARGET_DIR", repo.join("target/pre-commit/build"))
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.test")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.test")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"))
}

#[test]
fn the_hook_flags_an_unexplained_acronym_and_passes_a_clean_document() {
    let python = if Command::new("python3").arg("--version").output().is_ok() {
        "python3"
    } else {
        "python"
    };
    let version = run(Path::new("."), python, &["-m", "pre_commit", "--version"]);
    assert!(
        version.status.success(),
        "pre-commit is not installed (scripts/test.sh installs it): {}",
        String::from_utf8_lossy(&version.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    let repo = env!("CARGO_MANIFEST_DIR");
    std::fs::write(dir.path().join("spec.md"), "The QPX is new.\n").unwrap();
    std::fs::write(dir.path().join("code.rs"), "// The QPY\n").unwrap();
    assert!(run(dir.path(), "git", &["init", "-q"]).status.success());
    assert!(run(dir.path(), "git", &["add", "."]).status.success());

    let hook = |files: &[&str]| {
        let mut args = vec![
            "-m",
            "pre_commit",
            "try-repo",
            repo,
            "glossary-ls",
            "--files",
        ];
        args.extend_from_slice(files);
        run(dir.path(), python, &args)
    };
    let failing = hook(&["spec.md", "code.rs"]);
    let out = String::from_utf8_lossy(&failing.stdout);
    assert_eq!(
        failing.status.code(),
        Some(1),
        "{out}\n{}",
        String::from_utf8_lossy(&failing.stderr)
    );
    assert!(
        out.contains("spec.md:1:5: warning[undefined-acronym]: `QPX`"),
        "{out}"
    );
    // Only documents go to the hook.
    assert!(!out.contains("QPY"), "{out}");

    std::fs::write(dir.path().join("spec.md"), "The queue is new.\n").unwrap();
    let passing = hook(&["spec.md"]);
    assert!(
        passing.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&passing.stdout),
        String::from_utf8_lossy(&passing.stderr)
    );
}

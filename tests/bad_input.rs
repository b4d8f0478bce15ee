//! Input that is not a nice Markdown file: binary, not UTF-8, empty, huge, deeply nested,
//! unreadable. glossary-ls must say what happened, keep checking the other files, and never
//! crash.

mod common;

use std::time::Instant;

use common::{NO_FINDINGS, Project, running_as_root};

#[test]
fn a_binary_file_is_skipped_with_a_note_and_the_others_are_checked() {
    let p = Project::new();
    p.file("image.md", b"The QFA \0\x01\x02 here.\n");
    p.file("ok.md", "The QFB here.\n");
    let run = p.run(&["check", "image.md", "ok.md"]);
    run.expect_code(1); // for ok.md's warning, not for the binary file
    assert_eq!(
        run.stderr,
        "glossary-ls: note: image.md: skipped: binary file\n"
    );
    assert!(
        run.stdout
            .starts_with("ok.md:1:5: warning[undefined-acronym]"),
        "{run}"
    );
    assert!(
        run.stdout
            .ends_with("1 file checked: 1 warning, 1 skipped\n"),
        "{run}"
    );

    let report = p.check_json(&["image.md", "ok.md"]);
    assert_eq!(report.file("image.md")["skipped"], "binary file");
    assert_eq!(report.findings(), [("undefined-acronym", 1, 5, "QFB")]);
    assert_eq!(report.summary()["skipped"], 1);
    // JSON output keeps stderr quiet: the skip is in the document.
    assert_eq!(report.run.stderr, "");
}

#[test]
fn a_skipped_binary_file_alone_exits_0() {
    let p = Project::new();
    p.file("data.txt", b"\0\0\0\0");
    p.run(&["check", "data.txt"]).expect_code(0);
}

#[test]
fn invalid_utf8_is_an_error_with_its_position_and_the_others_are_checked() {
    let p = Project::new();
    p.file("latin1.md", b"First line.\nThe caf\xe9 QFC.\n");
    p.file("ok.md", "The QFD here.\n");
    let run = p.run(&["check", "latin1.md", "ok.md"]);
    run.expect_code(2);
    assert_eq!(
        run.stderr,
        "glossary-ls: error: latin1.md: not valid UTF-8 (line 2, column 8)\n"
    );
    assert!(
        run.stdout
            .starts_with("ok.md:1:5: warning[undefined-acronym]"),
        "{run}"
    );
    assert!(
        run.stdout
            .ends_with("1 file checked: 1 warning, 1 could not be read\n"),
        "{run}"
    );

    let report = p.check_json(&["latin1.md", "ok.md"]);
    report.run.expect_code(2);
    assert_eq!(
        report.file("latin1.md")["skipped"],
        "not valid UTF-8 (line 2, column 8)"
    );
    assert_eq!(report.findings(), [("undefined-acronym", 1, 5, "QFD")]);
    assert_eq!(report.summary()["failed"], 1);
}

#[test]
fn empty_and_blank_files_are_fine() {
    let p = Project::new();
    p.file("empty.md", "");
    p.file("blank.txt", "\n\n   \n\t\n");
    p.file("crlf.md", "\r\n\r\n");
    let run = p.run(&["check", "empty.md", "blank.txt", "crlf.md"]);
    run.expect_code(0);
    assert_eq!(run.stdout, "3 files checked: no findings\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn a_50_mb_file_on_one_line_completes() {
    // Simple ASCII prose with an unknown acronym and a glossary acronym every ~1 KB.
    let chunk = format!(
        "{}and the QZA with the API. ",
        "the quick brown fox jumps over the lazy dog ".repeat(22)
    );
    let size: usize = 50 * 1024 * 1024;
    let count = size.div_ceil(chunk.len());
    let mut text = chunk.repeat(count);
    text.push('\n');
    assert!(text.len() >= size);
    let p = Project::new();
    p.file("big.md", &text);

    let started = Instant::now();
    let report = p.check_json(&["big.md"]);
    let took = started.elapsed();
    eprintln!("check of a {} byte one-line file took {took:?}", text.len());

    report.run.expect_code(1);
    let qza = chunk.find("QZA").unwrap() as u64 + 1;
    let api = chunk.find("API").unwrap() as u64 + 1;
    assert_eq!(
        report.findings(),
        [
            ("undefined-acronym", 1, qza, "QZA"),
            ("unexpanded-first-use", 1, api, "API"),
        ]
    );
    assert!(
        report
            .message_for("QZA")
            .ends_with(&format!("(used {} more times)", count - 1)),
        "{}",
        report.message_for("QZA")
    );
}

#[test]
fn deeply_nested_markdown_does_not_crash() {
    let p = Project::new();
    let quotes = format!("{} The QHA here.\n", ">".repeat(10_000));
    let lists = format!("{}QHB\n", "- ".repeat(5_000));
    let indented: String = (0..5_000)
        .map(|depth| format!("{}- item\n", "  ".repeat(depth % 40)))
        .collect::<String>()
        + "\nThe QHC here.\n";
    let brackets = format!("{} QHD\n", "[".repeat(50_000));
    let stars = format!("{} QHE\n", "*".repeat(100_000));
    let parens = format!("{} QHF\n", "(".repeat(50_000));
    p.file("quotes.md", &quotes);
    p.file("lists.md", &lists);
    p.file("indented.md", &indented);
    p.file("brackets.md", &brackets);
    p.file("stars.md", &stars);
    p.file("parens.md", &parens);
    let report = p.check_json(&[
        "quotes.md",
        "lists.md",
        "indented.md",
        "brackets.md",
        "stars.md",
        "parens.md",
    ]);
    report.run.expect_code(1);
    assert_eq!(
        report.findings(),
        [
            ("undefined-acronym", 1, 10_006, "QHA"),
            ("undefined-acronym", 1, 10_001, "QHB"),
            ("undefined-acronym", 5_002, 5, "QHC"),
            ("undefined-acronym", 1, 50_002, "QHD"),
            ("undefined-acronym", 1, 100_002, "QHE"),
            ("undefined-acronym", 1, 50_002, "QHF"),
        ]
    );
}

#[test]
fn an_unreadable_path_is_reported() {
    let p = Project::new();
    p.file("ok.md", "The QFE here.\n");
    if running_as_root() {
        // Permissions do not stop root: use paths that cannot be read by anyone.
        std::os::unix::fs::symlink("nowhere.md", p.path("dangling.md")).unwrap();
        let run = p.run(&["check", "dangling.md", "ok.md"]);
        run.expect_code(2);
        assert!(
            run.stderr
                .starts_with("glossary-ls: error: dangling.md: No such file or directory"),
            "{run}"
        );
        let run = p.run(&["check", "ok.md/inside.md"]);
        run.expect_code(2);
        assert!(
            run.stderr
                .starts_with("glossary-ls: error: ok.md/inside.md: Not a directory"),
            "{run}"
        );
    } else {
        use std::os::unix::fs::PermissionsExt;
        p.file("docs/ok.md", "The QFE here.\n");
        p.file("docs/locked.md", "The QFF here.\n");
        p.file("docs/locked/inside.md", "The QFG here.\n");
        let none = std::fs::Permissions::from_mode(0o000);
        std::fs::set_permissions(p.path("docs/locked.md"), none.clone()).unwrap();
        std::fs::set_permissions(p.path("docs/locked"), none).unwrap();
        let run = p.run(&["check", "docs"]);
        // Let the temporary folder be deleted.
        std::fs::set_permissions(
            p.path("docs/locked"),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
        run.expect_code(2);
        assert!(
            run.stderr
                .contains("glossary-ls: error: docs/locked.md: cannot read: Permission denied"),
            "{run}"
        );
        assert!(
            run.stderr
                .contains("glossary-ls: error: docs/locked: cannot read: permission denied"),
            "{run}"
        );
        assert!(run.stdout.starts_with("docs/ok.md:1:5: "), "{run}");
        assert!(
            run.stdout
                .ends_with("1 file checked: 1 warning, 2 could not be read\n"),
            "{run}"
        );
    }
}

#[test]
fn a_byte_order_mark_is_not_an_acronym_breaker() {
    let p = Project::new();
    let findings = p.findings_of("bom.md", "\u{feff}QFH is first.\n", &[]);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].term, "QFH");
    // Columns count from after the byte order mark, as editors show the line.
    assert_eq!((findings[0].line, findings[0].column), (1, 1));
    assert_eq!(
        p.findings_of("clean.md", "\u{feff}Clean.\n", &[]),
        NO_FINDINGS
    );
}

#[test]
fn a_sentence_ending_before_a_multibyte_space_is_checked_and_the_run_goes_on() {
    // Once a panic in the acronym scan ("not a char boundary") that ended the whole run.
    let p = Project::new();
    p.file("nbsp.md", "OK FINE.\u{a0}QZX ABC.\n");
    p.file("ideographic.md", "Fine.\u{3000}QZY\n");
    let report = p.check_json(&["nbsp.md", "ideographic.md"]);
    report.run.expect_code(1);
    let mut terms: Vec<_> = report.findings().into_iter().map(|f| f.term).collect();
    terms.sort();
    assert_eq!(terms, ["ABC", "QZX", "QZY"], "{}", report.run);
}

#[cfg(unix)]
fn make_fifo(path: &std::path::Path) {
    let name = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: `name` is a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0, "mkfifo");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_named_on_the_command_line_is_read() {
    // Once "0 files checked" and exit 0: the pipe was walked as if it were a folder.
    let p = Project::new();
    let fifo = p.path("spec.md");
    make_fifo(&fifo);
    let writer = std::thread::spawn(move || {
        std::fs::write(&fifo, "The QPA here.\n").expect("write to the pipe");
    });
    let report = p.check_json(&["spec.md"]);
    writer.join().unwrap();
    report.run.expect_code(1);
    assert_eq!(report.findings(), [("undefined-acronym", 1, 5, "QPA")]);
}

#[cfg(unix)]
#[test]
fn an_endless_device_named_on_the_command_line_fails_at_the_size_limit() {
    let p = Project::new();
    p.file("ok.md", "The QPB here.\n");
    let run = p.run(&["check", "/dev/zero", "ok.md"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("/dev/zero: cannot read: larger than the limit of 1 GiB"),
        "{run}"
    );
    assert!(run.stdout.contains("QPB"), "{run}");
}

#[cfg(unix)]
#[test]
fn a_configuration_or_glossary_that_is_not_a_regular_file_is_refused_unread() {
    let p = Project::new();
    p.file("doc.md", "The QPC here.\n");
    let run = p.run(&["--config", "/dev/zero", "check", "doc.md"]);
    run.expect_code(2);
    assert_eq!(
        run.stderr,
        "glossary-ls: error: /dev/zero:1:1: cannot read configuration: not a regular file (a character device)\n",
        "{run}"
    );

    let run = p.run(&["--glossary", "/dev/zero", "check", "doc.md"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("not a regular file (a character device)"),
        "{run}"
    );

    // A glossary at the conventional place that links to an endless device, or is a pipe
    // nobody writes to, is left alone: the check still runs (and ends).
    std::fs::create_dir_all(p.path("glossary")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", p.path("glossary/glossary.toml")).unwrap();
    let run = p.run(&["check", "doc.md"]);
    run.expect_code(1);
    assert!(run.stdout.contains("QPC"), "{run}");
    std::fs::remove_file(p.path("glossary/glossary.toml")).unwrap();
    make_fifo(&p.path("glossary/glossary.toml"));
    let run = p.run(&["check", "doc.md"]);
    run.expect_code(1);
    assert!(run.stdout.contains("QPC"), "{run}");
}

#[test]
fn stdin_is_checked_as_the_document_stdin_filename_names() {
    let p = Project::new();
    p.file("docs/glossary-ls.toml", "[acronyms]\nallow = [\"QSB\"]\n");
    // Without a name: Markdown (the code span is not prose), shown as <stdin>.
    let run = p.run_with_stdin(&["check", "-"], "The QSA and `QSC` here.\n");
    run.expect_code(1);
    assert!(
        run.stdout
            .starts_with("<stdin>:1:5: warning[undefined-acronym]: `QSA`"),
        "{run}"
    );
    assert!(run.stdout.ends_with("1 file checked: 1 warning\n"), "{run}");
    // With a name: its folder's configuration applies and the output names it.
    let run = p.run_with_stdin(
        &[
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "docs/new.md",
        ],
        "The QSA and QSB here.\n",
    );
    run.expect_code(1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["files"][0]["path"], "docs/new.md", "{run}");
    let terms: Vec<_> = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["term"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(terms, ["QSA"], "{run}");
    // A name without `-` is a usage error.
    let run = p.run(&["check", "--stdin-filename", "a.md"]);
    run.expect_code(2);
    assert!(run.stderr.contains("add `-` to the paths"), "{run}");
}

fn utf16le(text: &str) -> Vec<u8> {
    std::iter::once('\u{feff}')
        .chain(text.chars())
        .collect::<String>()
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect()
}

#[test]
fn utf16_files_with_a_byte_order_mark_are_decoded_and_checked() {
    // Once skipped as binary (they are full of NUL bytes) with exit status 0.
    let p = Project::new();
    p.file("win.md", utf16le("Café notes.\r\nThe QUA here.\r\n"));
    let report = p.check_json(&["win.md"]);
    report.run.expect_code(1);
    assert_eq!(report.findings(), [("undefined-acronym", 2, 5, "QUA")]);

    let mut broken = utf16le("The QUB here.\n");
    broken.extend(0xDC00u16.to_le_bytes());
    p.file("broken.md", broken);
    let run = p.run(&["check", "broken.md"]);
    run.expect_code(2);
    assert_eq!(
        run.stderr, "glossary-ls: error: broken.md: not valid UTF-16 (line 2, column 1)\n",
        "{run}"
    );
}

#[cfg(unix)]
#[test]
fn special_files_in_a_walked_folder_are_skipped_with_a_note() {
    // A named pipe inside a folder is never opened (nobody may ever write to it).
    let p = Project::new();
    p.file("docs/a.md", "The QWA here.\n");
    make_fifo(&p.path("docs/pipe.md"));
    let run = p.run(&["check", "docs"]);
    run.expect_code(1);
    assert_eq!(
        run.stderr, "glossary-ls: note: docs/pipe.md: skipped: not a regular file (a named pipe)\n",
        "{run}"
    );
    assert!(
        run.stdout
            .ends_with("1 file checked: 1 warning, 1 skipped\n"),
        "{run}"
    );
}

#[test]
fn front_matter_after_a_byte_order_mark_is_still_front_matter() {
    // The mark once hid the opening `---` from the parser: the metadata was read as prose.
    let p = Project::new();
    p.file(
        "bom.md",
        "\u{feff}---\r\ntitle: The QFM release\r\n---\r\n\r\nThe QFN here.\r\n",
    );
    let report = p.check_json(&["bom.md"]);
    assert_eq!(report.findings(), [("undefined-acronym", 5, 5, "QFN")]);
}

#[test]
fn an_address_running_into_a_url_is_checked_and_the_run_goes_on() {
    // Once a panic blanking overlapping URL ranges (found by fuzzing the JSON glossary).
    let p = Project::new();
    p.file("mail.md", "Write to a@b.c+http://x.org about QZX.\n");
    p.file("next.md", "And QZY.\n");
    let report = p.check_json(&["mail.md", "next.md"]);
    report.run.expect_code(1);
    let mut terms: Vec<_> = report.findings().into_iter().map(|f| f.term).collect();
    terms.sort();
    assert_eq!(terms, ["QZX", "QZY"], "{}", report.run);
}

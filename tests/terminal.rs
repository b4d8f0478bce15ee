//! Terminal manners of `check`: colours, `--quiet`, `--max-warnings`, and what a person who
//! types `glossary-ls` at a prompt is told.

mod common;

use common::Project;

fn project() -> Project {
    let p = Project::new();
    p.file("a.md", "The QTA here.\n\nThe QTB there.\n\nThe API.\n");
    p
}

#[test]
fn colours_only_when_asked_or_in_a_terminal() {
    let p = project();
    // Not a terminal (the test captures stdout): no colours by default.
    let plain = p.run(&["check", "a.md"]);
    assert!(!plain.stdout.contains('\u{1b}'), "{plain}");
    let coloured = p.run(&["check", "a.md", "--color", "always"]);
    assert!(
        coloured
            .stdout
            .contains("\u{1b}[1;33mwarning[undefined-acronym]\u{1b}[0m"),
        "{coloured}"
    );
    // Without the escapes, the same text.
    let stripped = regex::Regex::new("\u{1b}\\[[0-9;]*m")
        .unwrap()
        .replace_all(&coloured.stdout, "");
    assert_eq!(stripped, plain.stdout);
    let never = p.run(&["check", "a.md", "--color", "never"]);
    assert_eq!(never.stdout, plain.stdout);
}

#[test]
fn quiet_prints_only_the_summary() {
    let p = project();
    p.file("bin.md", b"\0\0");
    let run = p.run(&["check", "a.md", "bin.md", "--quiet"]);
    run.expect_code(1);
    assert_eq!(
        run.stdout, "1 file checked: 2 warnings, 1 info, 1 skipped\n",
        "{run}"
    );
    assert_eq!(run.stderr, "", "{run}");
}

#[test]
fn max_warnings_tolerates_up_to_n_warnings() {
    let p = project();
    p.run(&["check", "a.md", "--max-warnings", "2"])
        .expect_code(0);
    p.run(&["check", "a.md", "--max-warnings", "1"])
        .expect_code(1);
    // Infos still fail when --fail-on asks for them.
    p.run(&["check", "a.md", "--max-warnings", "5", "--fail-on", "info"])
        .expect_code(1);
}

#[cfg(unix)]
#[test]
fn a_person_at_a_terminal_is_told_what_the_bare_command_does() {
    use std::io::Read;
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::process::{Command, Stdio};
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two file descriptors; no name, termios or size are passed.
    let ok = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(ok, 0, "openpty");
    // SAFETY: both descriptors were just opened and are owned here only.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let mut child = Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
        .stdin(Stdio::from(slave))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start glossary-ls");
    let mut stderr = child.stderr.take().expect("stderr");
    // Read on a thread, so that a server that says nothing fails the test instead of
    // hanging it.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut chunk = [0; 256];
        while let Ok(n @ 1..) = stderr.read(&mut chunk) {
            if tx.send(chunk[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut first = Vec::new();
    while !String::from_utf8_lossy(&first).contains("--help") {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match rx.recv_timeout(left) {
            Ok(chunk) => first.extend(chunk),
            Err(_) => break,
        }
    }
    let told = String::from_utf8_lossy(&first).to_string();
    drop(master);
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        told.starts_with("glossary-ls: serving the Language Server Protocol"),
        "{told}"
    );
    assert!(told.contains("glossary-ls check"), "{told}");
}

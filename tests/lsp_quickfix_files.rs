//! Quick fixes that edit the glossary and `glossary-ls.toml`, applied to the files' bytes the
//! way an editor applies them: the edits must change only what they add, keep the file's
//! line breaks and byte order mark, and files that cannot be read are refused, not replaced.

mod lsp_support;

use std::path::Path;
use std::time::Duration;

use lsp_support::{Client, file_uri, pull_capabilities, with_disabled_actions};
use serde_json::{Value, json};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A workspace with `spec.md` open, holding an undefined acronym (ZZT) at line 0.
struct Workspace {
    dir: tempfile::TempDir,
    client: Client,
    spec: String,
}

impl Workspace {
    /// `files` are written as bytes; `prepare` may add special files before the server starts.
    fn start(files: &[(&str, &[u8])], prepare: impl FnOnce(&Path), capabilities: Value) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, bytes) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        std::fs::write(dir.path().join("spec.md"), "").unwrap();
        prepare(dir.path());
        let mut client = Client::spawn(dir.path(), &[]);
        client.initialize(dir.path(), capabilities, Value::Null);
        let spec = file_uri(&dir.path().join("spec.md"));
        client.open(&spec, "markdown", "The ZZT is here.\n");
        Workspace { dir, client, spec }
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    fn params(&self) -> Value {
        json!({"textDocument": {"uri": self.spec},
               "range": {"start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 5}},
               "context": {"diagnostics": []}})
    }

    /// The code actions on ZZT.
    fn actions(&mut self) -> Vec<Value> {
        let params = self.params();
        self.client
            .request("textDocument/codeAction", params)
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The code actions on ZZT, failing the test when the server does not answer within a
    /// generous deadline (a guard against a hang, not a speed check).
    fn actions_without_hanging(&mut self) -> Vec<Value> {
        let params = self.params();
        let response = self
            .client
            .request_within("textDocument/codeAction", params, Duration::from_secs(10))
            .expect("the code action request must answer");
        assert!(response.get("error").is_none(), "{response}");
        response["result"].as_array().cloned().unwrap_or_default()
    }

    /// Applies `title`'s edits of file `name` to its bytes as an editor would, and writes it.
    fn apply_to_file(&self, actions: &[Value], title: &str, name: &str) -> Vec<u8> {
        let path = self.path(name);
        let edits = edits_of(action(actions, title), &file_uri(&path));
        let after = apply_as_editor(&std::fs::read(&path).unwrap(), &edits);
        std::fs::write(&path, &after).unwrap();
        after
    }

    /// Tells the server `name` changed and returns the codes of spec.md's diagnostics.
    fn recheck_after_change_of(&mut self, name: &str) -> Vec<String> {
        self.client.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": file_uri(&self.path(name)), "type": 2}]}),
        );
        self.client
            .wait_server_request("workspace/diagnostic/refresh");
        let report = self.client.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": self.spec}}),
        );
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    }
}

fn action<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action {title:?} in {actions:?}"))
}

fn titles(actions: &[Value]) -> Vec<&str> {
    actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect()
}

/// The text edits an action makes to `uri` (plain `changes` or `documentChanges`).
fn edits_of(action: &Value, uri: &str) -> Vec<Value> {
    let edit = &action["edit"];
    if let Some(edits) = edit["changes"][uri].as_array() {
        return edits.clone();
    }
    edit["documentChanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["textDocument"]["uri"] == uri)
        .flat_map(|c| c["edits"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// Applies LSP text edits to a file's bytes as an editor does: it loads the text without its
/// BOM, counts columns in UTF-16 code units on lines ended by `\n`, `\r\n` or `\r`, and
/// saves the text with the BOM it had.
fn apply_as_editor(bytes: &[u8], edits: &[Value]) -> Vec<u8> {
    let (bom, rest) = match bytes.strip_prefix(BOM) {
        Some(rest) => (BOM, rest),
        None => (&b""[..], bytes),
    };
    let text = std::str::from_utf8(rest).expect("an editor edits UTF-8 text");
    // Each line: its start and the end of its content (before its line break).
    let mut lines = Vec::new();
    let (mut start, mut i, b) = (0, 0, text.as_bytes());
    while i < b.len() {
        let end = i;
        match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => i += 2,
            b'\r' | b'\n' => i += 1,
            _ => {
                i += 1;
                continue;
            }
        }
        lines.push((start, end));
        start = i;
    }
    lines.push((start, text.len()));
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let character = p["character"].as_u64().unwrap() as usize;
        let Some(&(start, end)) = lines.get(line) else {
            return text.len();
        };
        let mut units = 0;
        for (at, c) in text[start..end].char_indices() {
            if units >= character {
                return start + at;
            }
            units += c.len_utf16();
        }
        end
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    [bom, out.as_bytes()].concat()
}

#[test]
fn allowing_in_a_crlf_configuration_with_a_bom_keeps_every_byte_and_adds_crlf_lines() {
    let config = "\u{feff}# réglages 😀\r\n[rules]\r\nterm-case = \"off\"  # ours\r\n";
    let mut ws = Workspace::start(
        &[("glossary-ls.toml", config.as_bytes())],
        |_| {},
        pull_capabilities(&["utf-16"]),
    );
    let all = ws.actions();
    let after = ws.apply_to_file(&all, "Allow ZZT in this workspace", "glossary-ls.toml");
    assert_eq!(
        String::from_utf8(after).unwrap(),
        format!("{config}\r\n[acronyms]\r\nallow = [\"ZZT\"]\r\n")
    );
    assert_eq!(
        ws.recheck_after_change_of("glossary-ls.toml"),
        Vec::<String>::new()
    );
}

#[test]
fn allowing_next_to_others_on_the_first_line_after_a_bom_inserts_only_the_new_value() {
    // The list is on the first line, after the BOM and non-ASCII text: the UTF-16 column
    // must count from after the BOM, as editors load the file.
    let config = "\u{feff}acronyms.allow = [\"ÉTÉ😀\"] # naïve\r\n# end\r\n";
    let mut ws = Workspace::start(
        &[("glossary-ls.toml", config.as_bytes())],
        |_| {},
        pull_capabilities(&["utf-16"]),
    );
    let all = ws.actions();
    let action = action(&all, "Allow ZZT in this workspace");
    let edits = edits_of(action, &file_uri(&ws.path("glossary-ls.toml")));
    assert_eq!(edits.len(), 1, "{edits:?}");
    assert_eq!(edits[0]["newText"], ", \"ZZT\"");
    let after = ws.apply_to_file(&all, "Allow ZZT in this workspace", "glossary-ls.toml");
    assert_eq!(
        String::from_utf8(after).unwrap(),
        "\u{feff}acronyms.allow = [\"ÉTÉ😀\", \"ZZT\"] # naïve\r\n# end\r\n"
    );
    assert_eq!(
        ws.recheck_after_change_of("glossary-ls.toml"),
        Vec::<String>::new()
    );
}

#[test]
fn adding_to_a_crlf_glossary_appends_a_crlf_entry() {
    let glossary = "# terms\r\n[[entries]]\r\nterm = \"ACME\"\r\nsummary = \"Us.\"\r\n";
    let mut ws = Workspace::start(
        &[("glossary/glossary.toml", glossary.as_bytes())],
        |_| {},
        pull_capabilities(&["utf-16"]),
    );
    let all = ws.actions();
    let after = ws.apply_to_file(&all, "Add ZZT to the glossary", "glossary/glossary.toml");
    let after = String::from_utf8(after).unwrap();
    assert_eq!(
        after,
        format!(
            "{glossary}\r\n[[entries]]\r\nterm = \"ZZT\"\r\nexpansion = \"\"  # TODO: what ZZT stands for\r\nsummary = \"\"\r\n"
        )
    );
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count());
}

#[test]
fn a_glossary_that_is_not_utf8_is_refused_with_a_message_not_replaced() {
    let glossary: &[u8] = b"# caf\xE9\n[[entries]]\nterm = \"ACME\"\n";
    let mut ws = Workspace::start(
        &[("glossary/glossary.toml", glossary)],
        |_| {},
        pull_capabilities(&["utf-16"]),
    );
    let all = ws.actions();
    // No edit of the glossary is offered; the other fixes still are.
    assert_eq!(
        titles(&all),
        vec!["Allow ZZT in this workspace", "Allow ZZT in this document"]
    );
    let message = ws.client.wait_notification("window/showMessage", |_| true);
    assert_eq!(message["type"], 2, "a warning: {message}");
    let text = message["message"].as_str().unwrap();
    assert!(
        text.starts_with("Cannot edit ")
            && text.ends_with("glossary/glossary.toml: it is not UTF-8 text (line 1, column 6)"),
        "{text}"
    );
    // Told once, not at every request.
    ws.actions();
    assert!(
        !ws.client
            .inbox
            .iter()
            .any(|m| m["method"] == "window/showMessage"),
        "{:?}",
        ws.client.inbox
    );
    assert_eq!(
        std::fs::read(ws.path("glossary/glossary.toml")).unwrap(),
        glossary
    );
}

#[test]
fn a_client_that_shows_disabled_actions_gets_the_reason_in_the_action() {
    let glossary: &[u8] = b"# caf\xE9\n[[entries]]\nterm = \"ACME\"\n";
    let mut ws = Workspace::start(
        &[("glossary/glossary.toml", glossary)],
        |_| {},
        with_disabled_actions(pull_capabilities(&["utf-16"])),
    );
    let all = ws.actions();
    let add = action(&all, "Add ZZT to the glossary");
    assert!(add.get("edit").is_none(), "{add}");
    let reason = add["disabled"]["reason"].as_str().unwrap();
    assert!(
        reason.ends_with("glossary/glossary.toml: it is not UTF-8 text (line 1, column 6)"),
        "{reason}"
    );
    // Shown as a message too: VS Code leaves disabled actions out of its quick-fix menu.
    let message = ws.client.wait_notification("window/showMessage", |_| true);
    assert_eq!(message["message"], reason);
}

#[cfg(unix)]
#[test]
fn a_glossary_linked_to_dev_zero_is_not_read() {
    let mut ws = Workspace::start(
        &[],
        |root| {
            std::fs::create_dir_all(root.join("glossary")).unwrap();
            std::os::unix::fs::symlink("/dev/zero", root.join("glossary/glossary.toml")).unwrap();
        },
        with_disabled_actions(pull_capabilities(&["utf-16"])),
    );
    let all = ws.actions_without_hanging();
    let add = action(&all, "Add ZZT to the glossary");
    assert!(add.get("edit").is_none(), "{add}");
    let reason = add["disabled"]["reason"].as_str().unwrap();
    assert!(
        reason.ends_with("glossary/glossary.toml: it is not a regular file (a character device)"),
        "{reason}"
    );
}

#[cfg(unix)]
#[test]
fn a_glossary_that_is_a_named_pipe_is_not_opened() {
    let mut ws = Workspace::start(
        &[],
        |root| {
            std::fs::create_dir_all(root.join("glossary")).unwrap();
            let fifo = std::ffi::CString::new(
                root.join("glossary/glossary.toml")
                    .into_os_string()
                    .into_encoded_bytes(),
            )
            .unwrap();
            // SAFETY: a valid NUL-terminated path.
            assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        },
        pull_capabilities(&["utf-16"]),
    );
    let all = ws.actions_without_hanging();
    assert!(
        !titles(&all).contains(&"Add ZZT to the glossary"),
        "{all:?}"
    );
    let message = ws.client.wait_notification("window/showMessage", |_| true);
    let text = message["message"].as_str().unwrap();
    assert!(
        text.ends_with("glossary/glossary.toml: it is not a regular file (a named pipe)"),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn a_configuration_too_large_to_read_is_refused_with_its_limit() {
    // A sparse file: larger than the 4 MiB limit without using the space.
    let mut ws = Workspace::start(
        &[],
        |root| {
            let file = std::fs::File::create(root.join("glossary-ls.toml")).unwrap();
            file.set_len(5 << 20).unwrap();
        },
        with_disabled_actions(pull_capabilities(&["utf-16"])),
    );
    let all = ws.actions_without_hanging();
    let allow = action(&all, "Allow ZZT in this workspace");
    assert!(allow.get("edit").is_none(), "{allow}");
    let reason = allow["disabled"]["reason"].as_str().unwrap();
    assert!(
        reason.ends_with("glossary-ls.toml: it is larger than the limit of 4 MiB"),
        "{reason}"
    );
}

#[test]
fn a_definition_the_document_makes_can_be_added_to_the_glossary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let glossary = dir.path().join("glossary/glossary.toml");
    std::fs::create_dir_all(glossary.parent().unwrap()).unwrap();
    std::fs::write(
        &glossary,
        "# Ours\r\n[[entries]]\r\nterm = \"SLO\"\r\nexpansion = \"service level objective\"\r\n",
    )
    .unwrap();
    let spec = file_uri(&dir.path().join("spec.md"));
    let mut client = Client::spawn(dir.path(), &[]);
    client.initialize(dir.path(), pull_capabilities(&["utf-16"]), Value::Null);
    client.open(
        &spec,
        "markdown",
        "The dead-letter queue (DLQ) holds failures; the SLO (service level objective) is met.\n",
    );
    let actions_at = |client: &mut Client, character: u32| -> Vec<Value> {
        client
            .request("textDocument/codeAction", json!({"textDocument": {"uri": spec},
                "range": {"start": {"line": 0, "character": character}, "end": {"line": 0, "character": character}},
                "context": {"diagnostics": []}}))
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    // On the definition (its short or its long form): an action that adds the entry.
    let on_short = actions_at(&mut client, 24);
    let title = "Add DLQ (dead-letter queue) to the glossary";
    assert_eq!(titles(&on_short), [title], "{on_short:?}");
    assert_eq!(titles(&actions_at(&mut client, 6)), [title]);
    let edits = edits_of(action(&on_short, title), &file_uri(&glossary));
    let after = apply_as_editor(&std::fs::read(&glossary).unwrap(), &edits);
    assert_eq!(
        String::from_utf8(after).unwrap(),
        "# Ours\r\n[[entries]]\r\nterm = \"SLO\"\r\nexpansion = \"service level objective\"\r\n\r\n[[entries]]\r\nterm = \"DLQ\"\r\nexpansion = \"dead-letter queue\"\r\n"
    );
    // An acronym the glossary knows already gets no such action; nor does plain text.
    assert!(titles(&actions_at(&mut client, 50)).is_empty());
    assert!(titles(&actions_at(&mut client, 36)).is_empty());
}

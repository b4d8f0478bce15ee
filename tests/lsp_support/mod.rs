//! A small, real JSON-RPC client for driving `glossary-ls` over stdio in tests: framing with
//! Content-Length headers, requests matched by id, notifications collected, and
//! server-to-client requests answered the way an editor would.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications (and server requests) received and not yet taken.
    pub inbox: Vec<Value>,
    /// Requests the server sent us (method, params), in order.
    pub server_requests: Vec<(String, Value)>,
    /// Server requests this client never answers (recorded all the same), like an editor
    /// that ignores a method it does not know.
    pub unanswered: Vec<String>,
}

/// Encodes one message with its header.
pub fn frame(message: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(message).expect("serialisable");
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend(body);
    out
}

impl Client {
    /// Starts the server in `dir` with the given extra arguments.
    pub fn spawn(dir: &std::path::Path, args: &[&str]) -> Client {
        Client::spawn_with_env(dir, args, &[])
    }

    /// Starts the server with extra environment variables.
    pub fn spawn_with_env(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
            .args(args)
            .envs(env.iter().copied())
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start glossary-ls");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let Some(length) = length else { return };
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let Ok(value) = serde_json::from_slice::<Value>(&body) else {
                    return;
                };
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        Client {
            child,
            stdin,
            incoming: rx,
            next_id: 1,
            inbox: Vec::new(),
            server_requests: Vec::new(),
            unanswered: Vec::new(),
        }
    }

    /// The server's process id (benchmarks read its memory).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().expect("flush");
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send_raw(&frame(
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
        ));
    }

    /// Sends a request and waits for its response (the whole response object).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send_raw(&frame(
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        ));
        self.wait_response(id)
    }

    /// Sends a request and returns its result, failing the test on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let mut response = self.request_raw(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].take()
    }

    pub fn wait_response(&mut self, id: i64) -> Value {
        let is_answer = |m: &Value| m.get("method").is_none() && m["id"] == json!(id);
        // An earlier wait may have kept it while looking for something else.
        if let Some(i) = self.inbox.iter().position(is_answer) {
            return self.inbox.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self
                .receive(deadline)
                .unwrap_or_else(|| panic!("no response to request {id}"));
            if is_answer(&message) {
                return message;
            }
            self.keep(message);
        }
    }

    fn receive(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(left) {
            Ok(message) => Some(message),
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Answers server requests like an editor; keeps notifications.
    fn keep(&mut self, message: Value) {
        if let (Some(method), Some(id)) = (
            message.get("method").and_then(Value::as_str),
            message.get("id"),
        ) {
            let result = match method {
                "workspace/configuration" => json!([null]),
                "workspace/applyEdit" => json!({"applied": true}),
                _ => Value::Null,
            };
            let reply = json!({"jsonrpc": "2.0", "id": id, "result": result});
            self.server_requests
                .push((method.to_string(), message["params"].clone()));
            if !self.unanswered.iter().any(|m| m == method) {
                self.send_raw(&frame(&reply));
            }
            return;
        }
        self.inbox.push(message);
    }

    /// Waits for a notification `method` whose params satisfy `accept`, and takes it.
    pub fn wait_notification(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self
                .inbox
                .iter()
                .position(|m| m["method"] == json!(method) && accept(&m["params"]))
            {
                return self.inbox.remove(i)["params"].clone();
            }
            let message = self.receive(deadline).unwrap_or_else(|| {
                panic!("no {method} notification came; inbox: {:?}", self.inbox)
            });
            self.keep(message);
        }
    }

    /// Waits for any message (response without a pending request, or notification) that
    /// satisfies `accept`, and takes it.
    pub fn wait_message(&mut self, accept: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self.inbox.iter().position(&accept) {
                return self.inbox.remove(i);
            }
            let message = self
                .receive(deadline)
                .unwrap_or_else(|| panic!("no such message came; inbox: {:?}", self.inbox));
            self.keep(message);
        }
    }

    /// Waits until the server has sent a request `method` (answered automatically).
    pub fn wait_server_request(&mut self, method: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self.server_requests.iter().position(|(m, _)| m == method) {
                return self.server_requests.remove(i).1;
            }
            let message = self
                .receive(deadline)
                .unwrap_or_else(|| panic!("the server never sent {method}"));
            self.keep(message);
        }
    }

    /// Collects everything that arrives within `wait` (for "nothing else comes" checks).
    pub fn drain(&mut self, wait: Duration) {
        let deadline = Instant::now() + wait;
        while let Some(message) = self.receive(deadline) {
            self.keep(message);
        }
    }

    /// `initialize` + `initialized` with the given client capabilities; returns the result.
    pub fn initialize(
        &mut self,
        root: &std::path::Path,
        capabilities: Value,
        options: Value,
    ) -> Value {
        let root_uri = file_uri(root);
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": "ws"}],
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    pub fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    /// Waits for diagnostics of `uri` at `version` and returns them.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == json!(uri) && p["version"] == json!(version)
        });
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub fn shutdown_and_exit(&mut self) -> std::process::ExitStatus {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// Waits for the process to end (stdin stays open: the server must exit by itself).
    pub fn wait_exit(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn stderr(&mut self) -> String {
        let mut out = String::new();
        if let Some(mut err) = self.child.stderr.take() {
            let _ = err.read_to_string(&mut out);
        }
        out
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn file_uri(path: &std::path::Path) -> String {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    format!("file://{}", absolute.display())
}

/// Client capabilities of an editor that supports pull diagnostics (like VS Code).
pub fn pull_capabilities(encodings: &[&str]) -> Value {
    json!({
        "general": {"positionEncodings": encodings},
        "textDocument": {"diagnostic": {"dynamicRegistration": false}, "hover": {"contentFormat": ["markdown"]}},
        "workspace": {"diagnostics": {"refreshSupport": true}, "didChangeWatchedFiles": {"dynamicRegistration": true},
                      "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}},
        "window": {"workDoneProgress": true}
    })
}

/// `caps` for a client that fetches a completion item's documentation when it shows the
/// item (`completionItem/resolve`), as VS Code does.
pub fn with_lazy_documentation(mut caps: Value) -> Value {
    caps["textDocument"]["completion"] = json!({
        "completionItem": {"resolveSupport": {"properties": ["documentation", "detail"]}}
    });
    caps
}

/// Client capabilities of an editor that only takes pushed diagnostics (like Neovim 0.11).
pub fn push_capabilities(encodings: &[&str]) -> Value {
    json!({
        "general": {"positionEncodings": encodings},
        "textDocument": {"hover": {"contentFormat": ["markdown"]}},
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}
    })
}

/// `caps` for a client that shows code actions that cannot be applied, with their reason
/// (`codeAction.disabledSupport`, as VS Code and Neovim do).
pub fn with_disabled_actions(mut caps: Value) -> Value {
    caps["textDocument"]["codeAction"] = json!({"disabledSupport": true});
    caps
}

impl Client {
    /// Sends a request and returns its whole response, or `None` when none came within
    /// `wait` (a guard against a request that never answers, not a speed check).
    pub fn request_within(&mut self, method: &str, params: Value, wait: Duration) -> Option<Value> {
        let id = self.next_id;
        self.next_id += 1;
        self.send_raw(&frame(
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        ));
        let deadline = Instant::now() + wait;
        loop {
            let message = self.receive(deadline)?;
            if message.get("method").is_none() && message["id"] == json!(id) {
                return Some(message);
            }
            self.keep(message);
        }
    }
}

//! A hostile or broken client, against the real binary over stdio: whatever bytes come in,
//! the server stays alive, answers what can be answered, keeps answering the requests that
//! follow, and still ends cleanly on `shutdown` + `exit`. Every wait has a deadline (see
//! `lsp_support::TIMEOUT`), so a server gone deaf fails the test instead of hanging it.

mod lsp_support;

use lsp_support::{Client, push_capabilities};
use serde_json::{Value, json};

/// A started and initialised server in an empty workspace.
fn start() -> (tempfile::TempDir, Client) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut client = Client::spawn(dir.path(), &[]);
    client.initialize(dir.path(), push_capabilities(&[]), Value::Null);
    (dir, client)
}

fn framed(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// The server answers requests normally: an unknown method, a hover, a definition.
fn assert_serving(client: &mut Client, what: &str) {
    for _ in 0..3 {
        let unknown = client.request_raw("glossaryLs/noSuchMethod", json!({}));
        assert_eq!(unknown["error"]["code"], -32601, "after {what}: {unknown}");
    }
    let hover = client.request_raw(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///not/open.md"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover["result"], Value::Null, "after {what}: {hover}");
}

/// Sends `bad`, expects the error answers `codes` (with the given ids), then checks the
/// server serves on and ends with status 0 on `shutdown` + `exit`.
fn survives(what: &str, bad: &[u8], expected: &[(i64, Value)]) {
    let (_dir, mut client) = start();
    client.send_raw(bad);
    for (code, id) in expected {
        let answer = client.wait_message(|m| {
            m.get("method").is_none() && m["error"]["code"] == json!(code) && m["id"] == *id
        });
        assert_eq!(answer["jsonrpc"], "2.0", "{what}: {answer}");
    }
    assert_serving(&mut client, what);
    let status = client.shutdown_and_exit();
    assert_eq!(status.code(), Some(0), "{what}");
    let stderr = client.stderr();
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    // Nothing else was answered with an error.
    let stray: Vec<&Value> = client
        .inbox
        .iter()
        .filter(|m| m.get("error").is_some())
        .collect();
    assert!(stray.is_empty(), "{what}: unexpected answers {stray:?}");
}

fn invalid_request(id: Value) -> Vec<(i64, Value)> {
    vec![(-32600, id)]
}

fn parse_error() -> Vec<(i64, Value)> {
    vec![(-32700, Value::Null)]
}

/// A request the server answers (-32601), to check it is not lost to the bytes before it.
fn unknown_method_request(id: i64) -> Vec<u8> {
    framed(
        json!({"jsonrpc": "2.0", "id": id, "method": "glossaryLs/noSuchMethod"})
            .to_string()
            .as_bytes(),
    )
}

#[test]
fn an_empty_object_is_an_invalid_request() {
    survives("{}", &framed(b"{}"), &invalid_request(Value::Null));
}

#[test]
fn an_object_without_json_rpc_fields_is_an_invalid_request() {
    survives(
        r#"{"foo":1}"#,
        &framed(br#"{"foo":1}"#),
        &invalid_request(Value::Null),
    );
}

#[test]
fn a_wrong_json_rpc_version_is_an_invalid_request_with_its_id() {
    survives(
        "jsonrpc 1.0",
        &framed(br#"{"jsonrpc":"1.0","id":41,"method":"shutdown"}"#),
        &invalid_request(json!(41)),
    );
}

#[test]
fn a_missing_json_rpc_version_is_an_invalid_request_with_its_id() {
    survives(
        "no jsonrpc",
        &framed(br#"{"id":"forty-two","method":"textDocument/hover","params":{}}"#),
        &invalid_request(json!("forty-two")),
    );
}

#[test]
fn unusable_ids_are_invalid_requests_answered_with_a_null_id() {
    for id in [
        "1.5",
        "true",
        "[1]",
        r#"{"a":1}"#,
        "18446744073709551616",
        "9223372036854775808",
    ] {
        let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"shutdown"}}"#);
        survives(
            &format!("id {id}"),
            &framed(body.as_bytes()),
            &invalid_request(Value::Null),
        );
    }
}

#[test]
fn a_broken_notification_is_not_answered_and_changes_nothing() {
    survives(
        "notification with jsonrpc 1.0",
        &framed(br#"{"jsonrpc":"1.0","method":"exit"}"#),
        &[],
    );
    survives(
        "notification without jsonrpc",
        &framed(br#"{"method":"exit"}"#),
        &[],
    );
}

#[test]
fn unparsable_json_is_a_parse_error() {
    survives("{nonsense", &framed(b"{nonsense"), &parse_error());
    survives("not UTF-8", &framed(b"{\"a\":\"\xff\"}"), &parse_error());
    survives("a batch", &framed(b"[]"), &invalid_request(Value::Null));
}

#[test]
fn a_missing_content_length_is_answered_and_skipped() {
    let body = br#"{"jsonrpc":"2.0","id":5,"method":"shutdown"}"#;
    let mut bad = b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n".to_vec();
    bad.extend(body);
    survives("a header without Content-Length", &bad, &parse_error());
    survives("a body without a header", body, &parse_error());
}

#[test]
fn invalid_content_lengths_are_answered_and_skipped() {
    let body = r#"{"jsonrpc":"2.0","id":5,"method":"shutdown"}"#;
    for length in ["-5", "abc", "18446744073709551616", "", "0x10"] {
        let bad = format!("Content-Length: {length}\r\n\r\n{body}");
        survives(
            &format!("Content-Length: {length}"),
            bad.as_bytes(),
            &parse_error(),
        );
    }
}

#[test]
fn a_message_above_the_size_limit_is_refused_without_being_read_into_memory() {
    // Declared above the 256 MiB limit; what follows is the next request.
    survives(
        "Content-Length above the limit",
        b"Content-Length: 268435457\r\n\r\n",
        &invalid_request(Value::Null),
    );
}

#[test]
fn a_content_length_smaller_than_the_body_skips_the_leftover() {
    let body = r#"{"jsonrpc":"2.0","id":5,"method":"shutdown"}"#;
    survives(
        "Content-Length smaller than the body",
        format!("Content-Length: 10\r\n\r\n{body}").as_bytes(),
        &parse_error(),
    );
}

#[test]
fn a_content_length_larger_than_the_body_stops_at_the_next_header() {
    survives(
        "a header with no body",
        b"Content-Length: 60\r\n\r\n",
        &parse_error(),
    );
    survives(
        "a body shorter than its Content-Length",
        b"Content-Length: 100000\r\n\r\n{\"jsonrpc\":\"2.0\",",
        &parse_error(),
    );
}

#[test]
fn conflicting_content_lengths_are_answered() {
    let body = r#"{"jsonrpc":"2.0","id":5,"method":"shutdown"}"#;
    let bad = format!(
        "Content-Length: {}\r\nContent-Length: 7\r\n\r\n{body}",
        body.len()
    );
    survives("two Content-Length headers", bad.as_bytes(), &parse_error());
}

#[test]
fn garbage_before_a_frame_is_answered_and_the_frame_still_served() {
    let (_dir, mut client) = start();
    let mut bad = b"xyz".to_vec();
    bad.extend(unknown_method_request(77));
    client.send_raw(&bad);
    client.wait_message(|m| m["error"]["code"] == -32700 && m["id"].is_null());
    let answer = client.wait_response(77);
    assert_eq!(answer["error"]["code"], -32601, "{answer}");
    assert_serving(&mut client, "garbage before a frame");
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

/// Deterministic noise (xorshift with a fixed seed).
fn random_bytes(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

#[test]
fn four_kilobytes_of_random_bytes_are_answered_and_skipped() {
    survives(
        "4 KiB of random bytes",
        &random_bytes(4096, 0x5eed),
        &parse_error(),
    );
}

fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

#[test]
fn a_header_line_that_never_ends_is_not_kept_in_memory() {
    let (_dir, mut client) = start();
    let chunk = vec![b'a'; 1 << 20];
    let mut peak = 0;
    for _ in 0..64 {
        client.send_raw(&chunk);
        peak = peak.max(resident_kib(client.pid()));
    }
    client.send_raw(b"\r\n");
    client.wait_message(|m| m["error"]["code"] == -32700 && m["id"].is_null());
    assert_serving(&mut client, "64 MiB of header without a newline");
    peak = peak.max(resident_kib(client.pid()));
    assert!(
        peak < 100 * 1024,
        "resident memory reached {peak} KiB for 64 MiB of header"
    );
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn exit_without_shutdown_still_ends_with_status_1_after_garbage() {
    let (_dir, mut client) = start();
    client.send_raw(b"Content-Length: 60\r\n\r\n");
    client.send_raw(&random_bytes(4096, 7));
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit().code(), Some(1));
}

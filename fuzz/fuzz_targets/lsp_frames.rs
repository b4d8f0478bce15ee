//! The server's frame reader (the guard in front of tower-lsp-server): never panics; passes
//! on only whole frames whose body is a JSON object, and answers with whole frames. With a
//! first byte of 0 the rest is a list of bodies, framed correctly: what passes is a
//! subsequence of them, every valid JSON-RPC request on one line passes unchanged, and
//! nothing else is answered more than once.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use glossary_ls::lsp::fuzzing::filter_input;
use libfuzzer_sys::fuzz_target;

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn is_object(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|v| v.is_object())
}

/// A JSON-RPC 2.0 request tower-lsp-server decodes: a string method and an integer (i64)
/// or string id.
fn is_request(body: &[u8]) -> bool {
    let Ok(serde_json::Value::Object(m)) = serde_json::from_slice::<serde_json::Value>(body)
    else {
        return false;
    };
    let id_ok = match m.get("id") {
        Some(serde_json::Value::Number(n)) => n.is_i64(),
        Some(serde_json::Value::String(_)) => true,
        _ => false,
    };
    let params_ok = match m.get("params") {
        None => true,
        Some(p) => p.is_object() || p.is_array(),
    };
    m.get("jsonrpc").and_then(|v| v.as_str()) == Some("2.0")
        && m.get("method").is_some_and(|v| v.is_string())
        && id_ok
        && params_ok
        && m.keys().all(|k| ["jsonrpc", "method", "id", "params"].contains(&k.as_str()))
}

/// Splits the guard's output back into bodies, checking its framing.
fn bodies(mut out: &[u8]) -> Vec<&[u8]> {
    let mut bodies = Vec::new();
    while !out.is_empty() {
        let header_end = out
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a forwarded frame has a header");
        let header = std::str::from_utf8(&out[..header_end]).expect("an ASCII header");
        let length: usize = header
            .strip_prefix("Content-Length: ")
            .and_then(|n| n.parse().ok())
            .expect("a Content-Length header");
        let body = &out[header_end + 4..header_end + 4 + length];
        bodies.push(body);
        out = &out[header_end + 4 + length..];
    }
    bodies
}

fuzz_target!(|data: &[u8]| {
    if let Some((0, rest)) = data.split_first() {
        let Ok(list) = Vec::<Vec<u8>>::arbitrary_take_rest(Unstructured::new(rest)) else {
            return;
        };
        let input: Vec<u8> = list.iter().flat_map(|b| frame(b)).collect();
        let filtered = filter_input(&input).expect("a runtime");
        let forwarded = bodies(&filtered.forwarded);
        // What passes is a subsequence of the bodies sent, objects only.
        let mut rest = list.iter();
        for body in &forwarded {
            assert!(is_object(body), "forwarded a body that is not a JSON object");
            assert!(
                rest.any(|b| b.as_slice() == *body),
                "forwarded a body that was not sent, or out of order"
            );
        }
        // A valid request on one line (no line that could be a header) always passes.
        let requests: Vec<&[u8]> = list
            .iter()
            .filter(|b| is_request(b) && !b.contains(&b'\n') && !b.contains(&b'\r'))
            .map(|b| b.as_slice())
            .collect();
        for request in &requests {
            assert!(forwarded.contains(request), "a valid request was dropped");
        }
        assert!(filtered.errors.len() <= list.len() - requests.len());
        for error in &filtered.errors {
            let body = bodies(error);
            assert_eq!(body.len(), 1);
            assert!(is_object(body[0]));
        }
    } else {
        let filtered = filter_input(data).expect("a runtime");
        for body in bodies(&filtered.forwarded) {
            assert!(
                is_object(body),
                "forwarded a body that is not a JSON object"
            );
        }
        for error in &filtered.errors {
            let body = bodies(error);
            assert_eq!(body.len(), 1);
            assert!(is_object(body[0]));
        }
    }
});

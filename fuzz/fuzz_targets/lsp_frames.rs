//! The server's frame reader (the guard in front of tower-lsp-server): never panics; passes
//! on only whole frames whose body is a JSON object. With a first byte of 0 the rest is a
//! list of bodies, framed correctly: each object must pass unchanged and each other body be
//! answered with one parse error.
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
        let objects: Vec<&[u8]> = list
            .iter()
            .filter(|b| is_object(b))
            .map(|b| b.as_slice())
            .collect();
        assert_eq!(bodies(&filtered.forwarded), objects);
        assert_eq!(filtered.errors.len(), list.len() - objects.len());
    } else {
        let filtered = filter_input(data).expect("a runtime");
        for body in bodies(&filtered.forwarded) {
            assert!(is_object(body), "forwarded a body that is not a JSON object");
        }
        for error in &filtered.errors {
            let body = bodies(error);
            assert_eq!(body.len(), 1);
            assert!(is_object(body[0]));
        }
    }
});

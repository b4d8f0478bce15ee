//! A guard in front of the protocol stream.
//!
//! tower-lsp-server stops reading after the first message it cannot decode (tokio-util's
//! `FramedRead` ends the stream after a decoder error), so one malformed message would end
//! the session. Messages are therefore framed and checked here first: valid JSON goes on
//! to the server, anything else is answered with a JSON-RPC parse error (-32700, id null)
//! and skipped. The server's output is copied to stdout whole frames at a time, so the
//! answers written here never interleave with the server's.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// The largest message accepted (a 50 MB document as JSON, with room to spare).
const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// One framed message with its header.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn parse_error(detail: &str) -> Vec<u8> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {"code": -32700, "message": format!("Parse error: {detail}")},
    });
    frame(body.to_string().as_bytes())
}

/// Reads framed messages from `input`; forwards valid ones to `server`, reports the others
/// on `errors`. Ends when `input` ends.
pub async fn filter_input(
    input: impl AsyncRead + Unpin,
    mut server: impl AsyncWrite + Unpin,
    errors: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut reader = BufReader::new(input);
    loop {
        let mut length: Option<usize> = None;
        let mut saw_header = false;
        loop {
            let mut line = Vec::new();
            match reader.read_until(b'\n', &mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                if saw_header {
                    break;
                }
                continue;
            }
            saw_header = true;
            if let Some((name, value)) = text.split_once(':')
                && name.trim().eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().ok();
            }
        }
        let Some(length) = length.filter(|&l| l <= MAX_MESSAGE) else {
            let _ = errors.send(parse_error("missing or invalid Content-Length header"));
            continue;
        };
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        match serde_json::from_slice::<serde_json::Value>(&body) {
            Ok(value) if value.is_object() => {
                if server.write_all(&frame(&body)).await.is_err() || server.flush().await.is_err() {
                    return;
                }
            }
            Ok(_) => {
                let _ = errors.send(parse_error("a message must be a JSON object"));
            }
            Err(e) => {
                tracing::warn!("malformed message: {e}");
                let _ = errors.send(parse_error(&e.to_string()));
            }
        }
    }
}

/// Copies the server's frames and the filter's error answers to `output`, a whole frame at
/// a time, until the server's output ends.
pub async fn merge_output(
    server: impl AsyncRead + Unpin,
    mut errors: mpsc::UnboundedReceiver<Vec<u8>>,
    mut output: impl AsyncWrite + Unpin,
) {
    let mut reader = BufReader::new(server);
    loop {
        tokio::select! {
            frame = read_frame(&mut reader) => {
                let Some(frame) = frame else { break };
                if output.write_all(&frame).await.is_err() || output.flush().await.is_err() {
                    return;
                }
            }
            Some(answer) = errors.recv() => {
                if output.write_all(&answer).await.is_err() || output.flush().await.is_err() {
                    return;
                }
            }
        }
    }
    while let Ok(answer) = errors.try_recv() {
        let _ = output.write_all(&answer).await;
    }
    let _ = output.flush().await;
}

/// One whole frame (header and body) as the server wrote it.
async fn read_frame(reader: &mut (impl AsyncBufReadExt + Unpin)) -> Option<Vec<u8>> {
    let mut header = Vec::new();
    let mut length = None;
    loop {
        let mut line = Vec::new();
        if reader.read_until(b'\n', &mut line).await.ok()? == 0 {
            return None;
        }
        header.extend_from_slice(&line);
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).await.ok()?;
    header.extend_from_slice(&body);
    Some(header)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn malformed_messages_are_answered_and_skipped() {
        let mut input = Vec::new();
        input.extend(frame(br#"{"jsonrpc":"2.0","id":1,"method":"a"}"#));
        input.extend(frame(b"{nonsense"));
        input.extend(b"Garbage: yes\r\n\r\n");
        input.extend(frame(b"[1]"));
        input.extend(frame(br#"{"jsonrpc":"2.0","id":2,"method":"b"}"#));
        let (tx, mut rx) = mpsc::unbounded_channel();
        let mut forwarded = Vec::new();
        filter_input(&input[..], &mut forwarded, tx).await;
        let mut expected = frame(br#"{"jsonrpc":"2.0","id":1,"method":"a"}"#);
        expected.extend(frame(br#"{"jsonrpc":"2.0","id":2,"method":"b"}"#));
        assert_eq!(
            String::from_utf8_lossy(&forwarded),
            String::from_utf8_lossy(&expected)
        );
        let mut answers = Vec::new();
        while let Ok(a) = rx.try_recv() {
            answers.push(String::from_utf8(a).unwrap());
        }
        assert_eq!(answers.len(), 3);
        assert!(
            answers
                .iter()
                .all(|a| a.contains("-32700") && a.contains("\"id\":null"))
        );
    }
}

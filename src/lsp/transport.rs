//! A guard in front of the protocol stream.
//!
//! tower-lsp-server ends the session on the first message it cannot decode (tokio-util's
//! `FramedRead` ends the stream after a decoder error), and its framing trusts the client:
//! a wrong `Content-Length` leaves it waiting or misaligned for good. So the input is framed
//! here first, by [`Decoder`], which never trusts a length further than the bytes prove it:
//!
//! - only messages tower-lsp-server decodes (its own `Request`/`Response` types) are
//!   forwarded, re-framed with a plain `Content-Length` header;
//! - unparsable bodies get -32700, JSON that is not a JSON-RPC message gets -32600 (with the
//!   request's id when it has a usable one); a broken notification or response is logged to
//!   stderr and not answered, as JSON-RPC says;
//! - after any framing error the stream is resynchronised on the next
//!   `Content-Length: <digits><newline>` line. Such a line cannot occur inside a valid JSON
//!   body (JSON strings hold no raw newlines), so it also cuts short a body whose declared
//!   length runs into the next message;
//! - every buffer is bounded: header lines ([`MAX_HEADER_LINE`]), header blocks
//!   ([`MAX_HEADER_BLOCK`]); a body above [`MAX_MESSAGE`] is discarded as it streams past.
//!
//! The server's output is copied to stdout whole frames at a time, so the answers written
//! here never interleave with the server's.

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// The largest message accepted (a 50 MB document as JSON, with room to spare).
pub const MAX_MESSAGE: u64 = 256 * 1024 * 1024;
/// The longest header line, terminator included.
pub const MAX_HEADER_LINE: usize = 8 * 1024;
/// The largest header block (all lines of one message's header, blank line included).
pub const MAX_HEADER_BLOCK: usize = 16 * 1024;
/// How much input is read at a time.
const CHUNK: usize = 64 * 1024;

/// One framed message with its header.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// A JSON-RPC error answer, framed.
fn error_frame(id: Value, code: i64, message: &str) -> Vec<u8> {
    let body = json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": {"code": code, "message": message},
    });
    frame(body.to_string().as_bytes())
}

fn parse_error(detail: &str) -> Vec<u8> {
    tracing::warn!("malformed message: {detail}");
    error_frame(Value::Null, -32700, &format!("Parse error: {detail}"))
}

/// Exactly what tower-lsp-server decodes (its private `Message`): a message that
/// deserialises into this is safe to forward.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Decodable {
    #[allow(dead_code)]
    Response(tower_lsp_server::jsonrpc::Response),
    #[allow(dead_code)]
    Request(tower_lsp_server::jsonrpc::Request),
}

/// What the guard makes of the input.
#[derive(Debug, PartialEq, Eq)]
pub enum Event {
    /// The body of a message the server can decode.
    Forward(Vec<u8>),
    /// An error answer for the client, framed.
    Answer(Vec<u8>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Length {
    Missing,
    Valid(u64),
    Invalid(&'static str),
}

#[derive(Debug)]
enum State {
    /// In a header block that starts at `pos`. `cursor` is where the next line starts;
    /// `resume` the last line after the first that looks like a frame start (where to
    /// resynchronise if this block turns out bad); `boundary` whether the block starts
    /// where the previous message ended (rather than at a resynchronisation point).
    Header {
        cursor: usize,
        length: Length,
        resume: Option<usize>,
        boundary: bool,
    },
    /// A body of `len` bytes starting at `pos`; `scanned` bytes of it checked for a header.
    Body { len: usize, scanned: usize },
    /// Discarding the rest of a message too large to accept.
    Skip { remaining: u64 },
    /// Discarding input until the next header line.
    Resync,
}

impl State {
    fn header(boundary: bool) -> State {
        State::Header {
            cursor: 0,
            length: Length::Missing,
            resume: None,
            boundary,
        }
    }
}

/// Frames the client's byte stream into [`Event`]s; see the module comment.
#[derive(Debug)]
pub struct Decoder {
    /// Input not yet consumed starts at `pos`.
    buf: Vec<u8>,
    pos: usize,
    state: State,
    /// The framing is trusted, so errors are answered. Off after a framing error until a
    /// good header block starts where a message ended: the garbage that follows an
    /// answered error is skipped without more answers (one per broken stretch).
    synced: bool,
    /// [`MAX_MESSAGE`], smaller in tests.
    max_message: u64,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder {
            buf: Vec::new(),
            pos: 0,
            state: State::header(true),
            synced: true,
            max_message: MAX_MESSAGE,
        }
    }
}

/// How far the bytes at the start of a slice match a header line
/// `Content-Length: <digits>` + newline (name in any case, spaces or tabs around the value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    Full,
    /// The slice ends before the match is decided.
    Partial,
    No,
}

const NAME: &[u8] = b"content-length:";
/// Spaces or tabs allowed on either side of the value, and digits in it, in a resync point.
const MAX_PAD: usize = 16;
const MAX_DIGITS: usize = 20;

fn header_at(data: &[u8]) -> Match {
    let mut i = 0;
    for &expected in NAME {
        match data.get(i) {
            None => return Match::Partial,
            Some(b) if b.to_ascii_lowercase() == expected => i += 1,
            Some(_) => return Match::No,
        }
    }
    // Runs are counted up to one past their limit, so a long run is refused unread.
    let run = |i: usize, accept: fn(&u8) -> bool, max: usize| {
        data[i..]
            .iter()
            .take(max + 1)
            .take_while(|b| accept(b))
            .count()
    };
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let before = run(i, blank, MAX_PAD);
    i += before;
    let digits = run(i, u8::is_ascii_digit, MAX_DIGITS);
    i += digits;
    let after = run(i, blank, MAX_PAD);
    i += after;
    if before > MAX_PAD || digits > MAX_DIGITS || after > MAX_PAD {
        return Match::No;
    }
    match data.get(i) {
        None => Match::Partial,
        Some(b'\r' | b'\n') if digits > 0 => Match::Full,
        Some(_) => Match::No,
    }
}

/// The first place in `data` at or after `from` where a header line starts (`Full`) or may
/// start (`Partial`, at the end of `data`).
fn find_header(data: &[u8], from: usize) -> Option<(usize, Match)> {
    let mut i = from;
    while i < data.len() {
        let found = i + memchr::memchr2(b'C', b'c', &data[i..])?;
        match header_at(&data[found..]) {
            Match::No => i = found + 1,
            m => return Some((found, m)),
        }
    }
    None
}

/// The value of a `Content-Length` header: decimal digits only.
fn parse_length(value: &[u8]) -> Result<u64, &'static str> {
    let value = value.trim_ascii();
    if value.is_empty() {
        return Err("empty Content-Length");
    }
    if !value.iter().all(u8::is_ascii_digit) {
        return Err("Content-Length is not a non-negative integer");
    }
    std::str::from_utf8(value)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .ok_or("Content-Length is too large")
}

/// A header name as HTTP defines it (a token).
fn is_token(name: &[u8]) -> bool {
    !name.is_empty()
        && name
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

impl Decoder {
    /// Adds input.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// Input received but not consumed (a message in progress, at most the size limits).
    pub fn pending(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// The next event the input so far allows, or `None` until more input comes.
    pub fn next_event(&mut self) -> Option<Event> {
        loop {
            let step = match self.state {
                State::Header {
                    cursor,
                    length,
                    resume,
                    boundary,
                } => self.header(cursor, length, resume, boundary),
                State::Body { len, scanned } => self.body(len, scanned),
                State::Skip { remaining } => self.skip(remaining),
                State::Resync => self.resync(),
            };
            match step {
                Step::More => return None,
                Step::Go => {}
                Step::Emit(event) => return Some(event),
            }
        }
    }

    /// A framing error: answer it (unless the framing was already lost) and resynchronise
    /// at `resume` (a likely frame start) or else scan from `at`.
    fn fail(&mut self, detail: &str, resume: Option<usize>, at: usize) -> Step {
        match resume {
            Some(resume) => {
                self.pos += resume;
                self.state = State::header(false);
            }
            None => {
                self.pos += at;
                self.state = State::Resync;
            }
        }
        self.answer_parse_error(detail)
    }

    /// A -32700 answer if the framing was trusted; the framing is lost from here.
    fn answer_parse_error(&mut self, detail: &str) -> Step {
        if std::mem::replace(&mut self.synced, false) {
            Step::Emit(Event::Answer(parse_error(detail)))
        } else {
            tracing::debug!("skipped: {detail}");
            Step::Go
        }
    }

    fn header(
        &mut self,
        mut cursor: usize,
        mut length: Length,
        mut resume: Option<usize>,
        boundary: bool,
    ) -> Step {
        loop {
            let data = &self.buf[self.pos..];
            let line_start = cursor;
            let Some(newline) = memchr::memchr(b'\n', &data[cursor..]).map(|n| cursor + n) else {
                self.state = State::Header {
                    cursor,
                    length,
                    resume,
                    boundary,
                };
                if data.len() - cursor > MAX_HEADER_LINE {
                    return self.fail("header line too long", resume, line_start);
                }
                if data.len() > MAX_HEADER_BLOCK {
                    return self.fail("header too large", resume, line_start);
                }
                return Step::More;
            };
            cursor = newline + 1;
            if cursor - line_start > MAX_HEADER_LINE {
                return self.fail("header line too long", resume, line_start);
            }
            if cursor > MAX_HEADER_BLOCK {
                return self.fail("header too large", resume, line_start);
            }
            let line = &data[line_start..newline];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.is_empty() {
                if line_start == 0 {
                    // A blank line between messages: tolerated.
                    self.pos += cursor;
                    cursor = 0;
                    continue;
                }
                return self.end_of_header(cursor, length, resume, boundary);
            }
            // Garbage glued to the front of a header line: resynchronise on the header.
            if let Some((at, Match::Full)) = find_header(&data[..cursor], line_start + 1) {
                return self.fail("garbage before a header", Some(at), 0);
            }
            let Some(colon) = memchr::memchr(b':', line) else {
                return self.fail("malformed header line", resume, cursor);
            };
            let (name, value) = (&line[..colon], &line[colon + 1..]);
            if !is_token(name) {
                return self.fail("malformed header line", resume, cursor);
            }
            if line_start > 0 && header_at(&data[line_start..]) == Match::Full {
                resume = Some(line_start);
            }
            if name.eq_ignore_ascii_case(b"content-length") {
                length = match (length, parse_length(value)) {
                    (Length::Invalid(e), _) | (_, Err(e)) => Length::Invalid(e),
                    (Length::Missing, Ok(n)) => Length::Valid(n),
                    (Length::Valid(m), Ok(n)) if m == n => Length::Valid(n),
                    (Length::Valid(_), Ok(_)) => {
                        Length::Invalid("conflicting Content-Length headers")
                    }
                };
            }
            // Other headers (Content-Type included) are ignored: messages are re-framed.
        }
    }

    fn end_of_header(
        &mut self,
        end: usize,
        length: Length,
        resume: Option<usize>,
        boundary: bool,
    ) -> Step {
        match length {
            Length::Valid(n) if n <= self.max_message => {
                self.pos += end;
                self.synced |= boundary;
                self.state = State::Body {
                    len: usize::try_from(n).unwrap_or(usize::MAX),
                    scanned: 0,
                };
                Step::Go
            }
            Length::Valid(n) => {
                self.pos += end;
                self.state = State::Skip { remaining: n };
                let detail = format!(
                    "a message of {n} bytes is larger than the limit of {} bytes",
                    self.max_message
                );
                tracing::warn!("skipped: {detail}");
                self.synced |= boundary;
                if !self.synced {
                    return Step::Go;
                }
                Step::Emit(Event::Answer(error_frame(
                    Value::Null,
                    -32600,
                    &format!("Invalid Request: {detail}"),
                )))
            }
            Length::Missing => self.fail("missing Content-Length header", resume, end),
            Length::Invalid(detail) => self.fail(detail, resume, end),
        }
    }

    fn body(&mut self, len: usize, scanned: usize) -> Step {
        let available = (self.buf.len() - self.pos).min(len);
        let data = &self.buf[self.pos..self.pos + available];
        let mut tail = None;
        match find_header(data, scanned) {
            Some((at, Match::Full)) => {
                // The next message began before this one's declared end.
                self.pos += at;
                self.state = State::header(false);
                return self.answer_parse_error("the message is shorter than its Content-Length");
            }
            Some((at, _)) => tail = Some(at),
            None => {}
        }
        if available < len {
            self.state = State::Body {
                len,
                scanned: tail.unwrap_or(available),
            };
            return Step::More;
        }
        if let Some(at) = tail {
            // The body ends inside what may be the next header: keep that for the header.
            self.pos += at;
            self.state = State::header(false);
            return self.answer_parse_error("the message is shorter than its Content-Length");
        }
        self.state = State::header(true);
        let rest = self.buf.split_off(self.pos + len);
        let mut body = std::mem::replace(&mut self.buf, rest);
        body.drain(..self.pos);
        self.pos = 0;
        match classify(&body) {
            Verdict::Forward => {
                self.synced = true;
                Step::Emit(Event::Forward(body))
            }
            // A whole JSON value where the header said: the framing is right.
            Verdict::Invalid(answer) => {
                self.synced = true;
                Step::Emit(Event::Answer(answer))
            }
            Verdict::Ignore => {
                self.synced = true;
                Step::Go
            }
            Verdict::Unparsable(detail) => self.answer_parse_error(&detail),
        }
    }

    fn skip(&mut self, remaining: u64) -> Step {
        let available = self.buf.len() - self.pos;
        let take = usize::try_from(remaining).map_or(available, |r| r.min(available));
        match find_header(&self.buf[self.pos..self.pos + take], 0) {
            Some((at, Match::Full)) => {
                // Not the oversized message's body after all: it was answered already.
                self.pos += at;
                self.state = State::header(false);
                self.synced = false;
                return Step::Go;
            }
            Some((at, _)) if (at as u64) < remaining => {
                // Maybe a header: keep it until it is decided.
                self.pos += at;
                let left = remaining - at as u64;
                if take as u64 == remaining {
                    self.state = State::header(false);
                    self.synced = false;
                    return Step::Go;
                }
                self.state = State::Skip { remaining: left };
                return Step::More;
            }
            _ => {}
        }
        self.pos += take;
        let left = remaining - take as u64;
        if left == 0 {
            self.state = State::header(true);
            Step::Go
        } else {
            self.state = State::Skip { remaining: left };
            Step::More
        }
    }

    fn resync(&mut self) -> Step {
        match find_header(&self.buf[self.pos..], 0) {
            Some((at, Match::Full)) => {
                self.pos += at;
                self.state = State::header(false);
                Step::Go
            }
            Some((at, _)) => {
                self.pos += at;
                Step::More
            }
            None => {
                self.pos = self.buf.len();
                Step::More
            }
        }
    }
}

enum Step {
    /// Need more input.
    More,
    /// State changed: go on.
    Go,
    Emit(Event),
}

enum Verdict {
    Forward,
    /// JSON, but not a JSON-RPC message: the answer.
    Invalid(Vec<u8>),
    /// Not JSON: why.
    Unparsable(String),
    /// Logged, not answered (a broken notification or response).
    Ignore,
}

/// Forward, answer or ignore one whole message body.
fn classify(body: &[u8]) -> Verdict {
    let Ok(text) = std::str::from_utf8(body) else {
        return Verdict::Unparsable("the message is not valid UTF-8".to_string());
    };
    let decoded = match serde_json::from_str::<Decodable>(text) {
        Ok(_) => return Verdict::Forward,
        Err(e) => e,
    };
    let value = match serde_json::from_str::<Value>(text) {
        Ok(value) => value,
        Err(e) => return Verdict::Unparsable(e.to_string()),
    };
    let invalid = |id: Value, detail: &str| {
        tracing::warn!("invalid message: {detail}: {}", abbreviate(text));
        Verdict::Invalid(error_frame(
            id,
            -32600,
            &format!("Invalid Request: {detail}"),
        ))
    };
    let Value::Object(map) = &value else {
        return invalid(Value::Null, "a message must be a JSON object");
    };
    let detail = if map.get("jsonrpc") != Some(&json!("2.0")) {
        "\"jsonrpc\" must be \"2.0\"".to_string()
    } else if map.get("id").is_some_and(|id| !usable_id(id)) {
        "\"id\" must be an integer, a string or null".to_string()
    } else if map.get("method").is_some_and(|m| !m.is_string()) {
        "\"method\" must be a string".to_string()
    } else {
        decoded.to_string()
    };
    let has_method = map.get("method").is_some_and(Value::is_string);
    let is_response =
        !map.contains_key("method") && (map.contains_key("result") || map.contains_key("error"));
    if is_response || (has_method && !map.contains_key("id")) {
        // JSON-RPC answers neither notifications nor responses.
        tracing::warn!(
            "ignored an invalid notification or response: {detail}: {}",
            abbreviate(text)
        );
        return Verdict::Ignore;
    }
    let id = map
        .get("id")
        .filter(|id| usable_id(id))
        .cloned()
        .unwrap_or(Value::Null);
    invalid(id, &detail)
}

/// An id tower-lsp-server accepts: an integer in i64 range, a string or null.
fn usable_id(id: &Value) -> bool {
    id.is_i64() || id.is_string() || id.is_null()
}

/// The start of a message, for logs.
fn abbreviate(text: &str) -> &str {
    let mut end = text.len().min(200);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Reads the client's input; forwards messages the server can decode to `server`, sends
/// error answers to `errors`. Ends when `input` ends.
pub async fn filter_input(
    mut input: impl AsyncRead + Unpin,
    mut server: impl AsyncWrite + Unpin,
    errors: mpsc::Sender<Vec<u8>>,
) {
    let mut decoder = Decoder::default();
    let mut chunk = vec![0; CHUNK];
    loop {
        while let Some(event) = decoder.next_event() {
            match event {
                Event::Forward(body) => {
                    let header = format!("Content-Length: {}\r\n\r\n", body.len());
                    let written = async {
                        server.write_all(header.as_bytes()).await?;
                        server.write_all(&body).await?;
                        server.flush().await
                    };
                    if written.await.is_err() {
                        return;
                    }
                }
                // Bounded: a client that sends errors without reading answers waits.
                Event::Answer(answer) => {
                    let _ = errors.send(answer).await;
                }
            }
        }
        match input.read(&mut chunk).await {
            Ok(0) | Err(_) => {
                if decoder.pending() > 0 {
                    tracing::warn!("input ended inside a message");
                }
                return;
            }
            Ok(n) => decoder.push(&chunk[..n]),
        }
    }
}

/// Copies the server's frames and the filter's error answers to `output`, a whole frame at
/// a time, until the server's output ends.
pub async fn merge_output(
    server: impl AsyncRead + Unpin,
    mut errors: mpsc::Receiver<Vec<u8>>,
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
    use proptest::prelude::*;

    /// What a client would see: forwarded messages and (code, id) of the answers.
    #[derive(Debug, PartialEq)]
    struct Seen {
        forwarded: Vec<Value>,
        answers: Vec<(i64, Value)>,
    }

    fn decode_in_chunks(decoder: &mut Decoder, input: &[u8], chunk: usize) -> Seen {
        let mut seen = Seen {
            forwarded: Vec::new(),
            answers: Vec::new(),
        };
        let mut drain = |decoder: &mut Decoder| {
            while let Some(event) = decoder.next_event() {
                match event {
                    Event::Forward(body) => seen
                        .forwarded
                        .push(serde_json::from_slice(&body).expect("forwarded JSON")),
                    Event::Answer(answer) => {
                        let text = String::from_utf8(answer).expect("UTF-8 answer");
                        let (header, body) = text.split_once("\r\n\r\n").expect("framed");
                        assert_eq!(header, format!("Content-Length: {}", body.len()));
                        let body: Value = serde_json::from_str(body).expect("JSON answer");
                        assert_eq!(body["jsonrpc"], "2.0");
                        let code = body["error"]["code"].as_i64().expect("error code");
                        seen.answers.push((code, body["id"].clone()));
                    }
                }
            }
        };
        drain(decoder);
        for piece in input.chunks(chunk.max(1)) {
            decoder.push(piece);
            drain(decoder);
        }
        seen
    }

    /// Decodes `input` whole, byte by byte and in 7-byte pieces: all must agree.
    fn decode(input: &[u8]) -> Seen {
        let whole = decode_in_chunks(&mut Decoder::default(), input, input.len());
        for chunk in [1, 7] {
            let pieces = decode_in_chunks(&mut Decoder::default(), input, chunk);
            assert_eq!(pieces, whole, "in {chunk}-byte pieces");
        }
        whole
    }

    fn request(id: i64, method: &str) -> Value {
        json!({"jsonrpc": "2.0", "id": id, "method": method})
    }

    fn framed(message: &Value) -> Vec<u8> {
        frame(message.to_string().as_bytes())
    }

    /// `bad` followed by a good request: the request must come through whatever `bad` is;
    /// returns the answers `bad` got.
    fn answers_to(bad: &[u8]) -> Vec<(i64, Value)> {
        let mut input = bad.to_vec();
        input.extend(framed(&request(99, "probe")));
        let seen = decode(&input);
        assert_eq!(
            seen.forwarded.last(),
            Some(&request(99, "probe")),
            "the request after {:?} was lost",
            String::from_utf8_lossy(&bad[..bad.len().min(200)])
        );
        assert_eq!(
            seen.forwarded.len(),
            1,
            "{:?} forwarded something",
            String::from_utf8_lossy(&bad[..bad.len().min(200)])
        );
        seen.answers
    }

    fn invalid(id: Value) -> Vec<(i64, Value)> {
        vec![(-32600, id)]
    }

    fn parse_error() -> Vec<(i64, Value)> {
        vec![(-32700, Value::Null)]
    }

    #[test]
    fn valid_messages_are_forwarded_whatever_their_headers() {
        let body = request(1, "a").to_string();
        let mut input = frame(body.as_bytes());
        input.extend(format!(
            "content-length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{body}",
            body.len()
        ).as_bytes());
        input.extend(format!("Content-Length:{}\n\n{body}", body.len()).as_bytes());
        input.extend(b"\r\n\r\n");
        input.extend(framed(&json!({"jsonrpc": "2.0", "method": "note"})));
        input.extend(framed(&json!({"jsonrpc": "2.0", "id": 3, "result": null})));
        let seen = decode(&input);
        assert_eq!(seen.answers, vec![]);
        assert_eq!(seen.forwarded.len(), 5);
    }

    #[test]
    fn header_text_inside_a_valid_body_is_just_text() {
        for text in [
            "Content-Length: 5\r\n\r\n{}",
            "Content-Length: 12",
            "content-length:",
        ] {
            let message = json!({"jsonrpc": "2.0", "method": "x", "params": {"text": text}});
            assert_eq!(
                decode(&framed(&message)).forwarded,
                vec![message.clone()],
                "{text:?}"
            );
        }
    }

    #[test]
    fn json_that_is_not_json_rpc_gets_invalid_request() {
        assert_eq!(answers_to(&frame(b"{}")), invalid(Value::Null));
        assert_eq!(answers_to(&frame(br#"{"foo":1}"#)), invalid(Value::Null));
        assert_eq!(answers_to(&frame(b"[1]")), invalid(Value::Null));
        assert_eq!(answers_to(&frame(b"[]")), invalid(Value::Null));
        assert_eq!(answers_to(&frame(b"7")), invalid(Value::Null));
        // The id is echoed when it is a usable one.
        assert_eq!(
            answers_to(&frame(br#"{"jsonrpc":"1.0","id":3,"method":"x"}"#)),
            invalid(json!(3))
        );
        assert_eq!(
            answers_to(&frame(br#"{"id":"s","method":"x"}"#)),
            invalid(json!("s"))
        );
        assert_eq!(
            answers_to(&frame(br#"{"jsonrpc":"2.0","id":4,"method":5}"#)),
            invalid(json!(4))
        );
        for id in [
            "1.5",
            "true",
            "[1]",
            r#"{"a":1}"#,
            "18446744073709551616",
            "9223372036854775808",
        ] {
            let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"x"}}"#);
            assert_eq!(
                answers_to(&frame(body.as_bytes())),
                invalid(Value::Null),
                "{id}"
            );
        }
    }

    #[test]
    fn broken_notifications_and_responses_are_not_answered() {
        assert_eq!(
            answers_to(&frame(br#"{"jsonrpc":"1.0","method":"x"}"#)),
            vec![]
        );
        assert_eq!(answers_to(&frame(br#"{"method":"x","params":{}}"#)), vec![]);
        assert_eq!(
            answers_to(&frame(br#"{"jsonrpc":"2.0","id":1.5,"result":1}"#)),
            vec![]
        );
        assert_eq!(answers_to(&frame(br#"{"id":1,"result":1}"#)), vec![]);
        // tower-lsp-server reads this one as a request without a method: it answers.
        let seen = decode(&frame(br#"{"jsonrpc":"2.0","id":1,"error":"no"}"#));
        assert_eq!(seen.forwarded.len(), 1);
    }

    #[test]
    fn unparsable_bodies_get_a_parse_error() {
        assert_eq!(answers_to(&frame(b"{nonsense")), parse_error());
        assert_eq!(answers_to(&frame(b"\xff\xfe{}")), parse_error());
        assert_eq!(answers_to(&frame(b"")), parse_error());
        assert_eq!(answers_to(&frame(b"{\"a\":\"\n\"}")), parse_error());
    }

    #[test]
    fn bad_content_lengths_are_answered_and_skipped() {
        let body = request(5, "lost").to_string();
        for header in [
            "Content-Type: application/json\r\n".to_string(),
            "Content-Length: -5\r\n".to_string(),
            "Content-Length: +5\r\n".to_string(),
            "Content-Length: abc\r\n".to_string(),
            "Content-Length: \r\n".to_string(),
            "Content-Length: 18446744073709551616\r\n".to_string(),
            "Content-Length: 5 5\r\n".to_string(),
            format!("Content-Length: {}\r\nContent-Length: 3\r\n", body.len()),
            format!("Content-Length: {}\r\nnot a header\r\n", body.len()),
        ] {
            let input = format!("{header}\r\n{body}");
            assert_eq!(answers_to(input.as_bytes()), parse_error(), "{header:?}");
        }
    }

    #[test]
    fn conflicting_lengths_resume_at_the_last_header() {
        // Junk then a real frame: the frame is the one that counts.
        let mut input = b"Content-Length: 5\r\n".to_vec();
        input.extend(framed(&request(7, "kept")));
        let seen = decode(&input);
        assert_eq!(seen.answers, parse_error());
        assert_eq!(seen.forwarded, vec![request(7, "kept")]);
    }

    #[test]
    fn a_message_without_a_header_is_answered_once() {
        let body = request(5, "lost").to_string();
        assert_eq!(answers_to(body.as_bytes()), parse_error());
        assert_eq!(answers_to(format!("{body}\r\n").as_bytes()), parse_error());
        assert_eq!(
            answers_to(format!("\r\n\r\n{body}").as_bytes()),
            parse_error()
        );
    }

    #[test]
    fn a_length_shorter_than_the_body_skips_the_rest() {
        let body = request(5, "lost").to_string();
        let input = format!("Content-Length: 5\r\n\r\n{body}");
        assert_eq!(answers_to(input.as_bytes()), parse_error());
        let input = format!("Content-Length: 5\r\n\r\n{body}\r\n");
        assert_eq!(answers_to(input.as_bytes()), parse_error());
    }

    #[test]
    fn a_length_longer_than_the_body_stops_at_the_next_header() {
        assert_eq!(answers_to(b"Content-Length: 50\r\n\r\n"), parse_error());
        assert_eq!(
            answers_to(b"Content-Length: 100000\r\n\r\n{\"a\":1}"),
            parse_error()
        );
        // The declared end falls inside the next header.
        for end in 1..20 {
            let input = format!("Content-Length: {}\r\n\r\n{{}}", 2 + end);
            assert_eq!(answers_to(input.as_bytes()), parse_error(), "{end}");
        }
    }

    #[test]
    fn garbage_before_a_frame_is_answered_and_the_frame_kept() {
        assert_eq!(answers_to(b"xyz"), parse_error());
        assert_eq!(answers_to(b"xyz\r\n"), parse_error());
        assert_eq!(answers_to(b"Content-Length: 12"), parse_error());
        assert_eq!(answers_to(b"\x00\x01:\xff"), parse_error());
    }

    /// 4 KiB from a fixed-seed generator (xorshift), as an unlucky client might send.
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
    fn random_bytes_do_not_stop_the_stream() {
        for seed in 1..20 {
            let answers = answers_to(&random_bytes(4096, seed));
            assert!(!answers.is_empty(), "seed {seed}");
        }
    }

    #[test]
    fn header_lines_and_blocks_are_bounded() {
        let long_line = vec![b'a'; 100_000];
        assert_eq!(answers_to(&long_line), parse_error());
        let mut long_value = b"Content-Length: ".to_vec();
        long_value.extend(vec![b'1'; 100_000]);
        long_value.extend(b"\r\n\r\n");
        assert_eq!(answers_to(&long_value), parse_error());
        let many_lines = "X-A: b\r\n".repeat(3000);
        assert_eq!(answers_to(many_lines.as_bytes()), parse_error());
        // Memory: a megabyte without a newline is not kept.
        let mut decoder = Decoder::default();
        for _ in 0..16 {
            decoder.push(&[b'a'; 65536]);
            while decoder.next_event().is_some() {}
            assert!(
                decoder.pending() <= MAX_HEADER_BLOCK,
                "{}",
                decoder.pending()
            );
        }
        let mut decoder = Decoder::default();
        decoder.push(b"Content-Length:");
        for _ in 0..16 {
            decoder.push(&[b' '; 65536]);
            while decoder.next_event().is_some() {}
            assert!(
                decoder.pending() <= MAX_HEADER_BLOCK,
                "{}",
                decoder.pending()
            );
        }
    }

    #[test]
    fn messages_above_the_limit_are_answered_and_skipped_unkept() {
        // Declared far above the limit, then the next frame: it is found at once.
        let seen = answers_to(b"Content-Length: 300000000\r\n\r\n{\"jsonrpc\":");
        assert_eq!(seen, invalid(Value::Null));
        // Sent whole: discarded as it streams past, nothing of it kept.
        let mut decoder = Decoder {
            max_message: 1000,
            ..Decoder::default()
        };
        let body = format!(
            r#"{{"jsonrpc":"2.0","method":"big","params":"{}"}}"#,
            "x".repeat(50_000)
        );
        let mut input = frame(body.as_bytes());
        input.extend(framed(&request(99, "probe")));
        let seen = decode_in_chunks(&mut decoder, &input, 4096);
        assert_eq!(seen.answers, invalid(Value::Null));
        assert_eq!(seen.forwarded, vec![request(99, "probe")]);
        let mut decoder = Decoder {
            max_message: 1000,
            ..Decoder::default()
        };
        decoder.push(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        for piece in body.as_bytes().chunks(4096) {
            decoder.push(piece);
            while decoder.next_event().is_some() {}
            assert!(decoder.pending() < 100, "{}", decoder.pending());
        }
    }

    #[test]
    fn one_broken_stretch_gets_one_answer_and_each_broken_frame_its_own() {
        let mut input = frame(b"{nonsense");
        input.extend(frame(b"{more nonsense"));
        input.extend(b"Garbage: yes\r\n\r\n");
        input.extend(frame(b"[1]"));
        input.extend(frame(b"{}"));
        input.extend(b"Garbage: yes\r\n\r\n");
        let seen = decode(&input);
        assert_eq!(
            seen.answers,
            vec![
                (-32700, Value::Null),
                (-32700, Value::Null),
                (-32600, Value::Null),
                (-32600, Value::Null),
                (-32700, Value::Null),
            ]
        );
    }

    /// Pieces of garbage likely to confuse a framer.
    fn garbage() -> impl Strategy<Value = Vec<u8>> {
        let token = prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..24),
            Just(b"Content-Length: ".to_vec()),
            Just(b"content-length:".to_vec()),
            Just(b"Content-Len".to_vec()),
            Just(b"Content-Type: x".to_vec()),
            (0u64..100).prop_map(|n| n.to_string().into_bytes()),
            Just(b"99999999999".to_vec()),
            Just(b"18446744073709551616".to_vec()),
            Just(b"-1".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\r\n\r\n".to_vec()),
            Just(b"\n".to_vec()),
            Just(b" ".to_vec()),
            Just(b":".to_vec()),
            Just(br#"{"jsonrpc":"2.0","id":1,"#.to_vec()),
            Just(b"}".to_vec()),
        ];
        proptest::collection::vec(token, 0..12).prop_map(|t| t.concat())
    }

    proptest! {
        #[test]
        fn garbage_between_frames_never_loses_a_frame(
            pieces in proptest::collection::vec(garbage(), 1..8),
            chunk in 1usize..300,
        ) {
            let mut input = Vec::new();
            let mut expected = Vec::new();
            for (i, junk) in pieces.iter().enumerate() {
                input.extend(junk);
                let probe = request(i as i64, "probe");
                input.extend(framed(&probe));
                expected.push(probe);
            }
            let seen = decode_in_chunks(&mut Decoder::default(), &input, chunk);
            let probes: Vec<Value> = seen
                .forwarded
                .into_iter()
                .filter(|m| m["method"] == "probe")
                .collect();
            prop_assert_eq!(probes, expected);
        }
    }
}

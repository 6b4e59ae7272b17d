//! Content-Length framed JSON-RPC on stdin/stdout, built on `lsp_server`'s message types.
//!
//! `lsp_server::Connection::stdio()` ends its reader thread at the first malformed frame
//! (and allocates whatever a `Content-Length` claims), which would take the server down
//! with one bad message. This reader answers a frame that is not JSON with a parse error
//! (-32700, id null), a JSON value that is not a request, response or notification with
//! an invalid-request error (-32600), skips oversized frames, and reads on.

use crossbeam_channel::{Receiver, Sender, bounded, unbounded};
use lsp_server::{ErrorCode, Message};
use serde_json::{Value, json};
use std::io::{self, BufRead, Read, Write};
use std::thread;

/// Bodies above this are skipped (and answered with an error) instead of read.
pub const MAX_FRAME: usize = 256 << 20;
/// A header line longer than this is not a header.
const MAX_HEADER_LINE: usize = 8 << 10;

/// What the writer thread is given.
pub enum Out {
    /// A whole frame, headers included.
    Frame(Vec<u8>),
    /// Answered once everything before it is written.
    Flush(Sender<()>),
}

/// Starts the reader and writer threads on stdin and stdout: what the client sends (the
/// channel closes at the end of input) and a sender of whole frames to write.
pub fn stdio() -> (Receiver<Message>, Sender<Out>) {
    let (out_tx, out_rx) = unbounded::<Out>();
    let (in_tx, in_rx) = bounded::<Message>(64);
    thread::Builder::new()
        .name("lsp-writer".into())
        .spawn(move || {
            let stdout = io::stdout();
            let mut stdout = stdout.lock();
            for out in out_rx {
                match out {
                    Out::Frame(frame) => {
                        if stdout
                            .write_all(&frame)
                            .and_then(|()| stdout.flush())
                            .is_err()
                        {
                            break;
                        }
                    }
                    Out::Flush(done) => {
                        let _ = done.send(());
                    }
                }
            }
        })
        .expect("spawn the writer thread");
    let (err_tx, err_rx) = unbounded::<Vec<u8>>();
    let to_writer = out_tx.clone();
    thread::Builder::new()
        .name("lsp-errors".into())
        .spawn(move || {
            for frame in err_rx {
                if to_writer.send(Out::Frame(frame)).is_err() {
                    break;
                }
            }
        })
        .expect("spawn the error thread");
    thread::Builder::new()
        .name("lsp-reader".into())
        .spawn(move || {
            let stdin = io::stdin();
            read_loop(&mut stdin.lock(), &in_tx, &err_tx);
        })
        .expect("spawn the reader thread");
    (in_rx, out_tx)
}

/// One message as a frame.
pub fn frame(msg: &Message) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail; serialising our own messages neither.
    let _ = msg.write(&mut out);
    out
}

fn raw_frame(value: &Value) -> Vec<u8> {
    let body = value.to_string();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

fn error_frame(id: Value, code: ErrorCode, message: &str) -> Vec<u8> {
    raw_frame(&json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code as i32, "message": message },
    }))
}

/// Reads frames until the end of input (or until nobody listens any more).
pub fn read_loop(input: &mut impl BufRead, messages: &Sender<Message>, errors: &Sender<Vec<u8>>) {
    loop {
        let frame = match read_frame(input) {
            Ok(Frame::Eof) => return,
            Ok(Frame::Body(b)) => b,
            Ok(Frame::Bad(why)) => {
                let _ = errors.send(error_frame(Value::Null, ErrorCode::ParseError, &why));
                continue;
            }
            Ok(Frame::TooLarge(n)) => {
                let why = format!("message of {n} bytes skipped: the limit is {MAX_FRAME}");
                let _ = errors.send(error_frame(Value::Null, ErrorCode::InvalidRequest, &why));
                continue;
            }
            Err(_) => return,
        };
        let value: Value = match serde_json::from_slice(&frame) {
            Ok(v) => v,
            Err(e) => {
                let why = format!("the message is not JSON: {e}");
                let _ = errors.send(error_frame(Value::Null, ErrorCode::ParseError, &why));
                continue;
            }
        };
        match serde_json::from_value::<Message>(value.clone()) {
            Ok(msg) => {
                if messages.send(msg).is_err() {
                    return;
                }
            }
            Err(e) => {
                // Answer with the request's id when it has a usable one.
                let id = match value.get("id") {
                    Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
                    _ => Value::Null,
                };
                // A malformed response to us (there are none: we send no requests) needs
                // no answer.
                if value.get("method").is_none()
                    && (value.get("result").is_some() || value.get("error").is_some())
                {
                    continue;
                }
                let why = format!("not a JSON-RPC request or notification: {e}");
                let _ = errors.send(error_frame(id, ErrorCode::InvalidRequest, &why));
            }
        }
    }
}

enum Frame {
    Eof,
    Body(Vec<u8>),
    /// The headers were not understood; the reader goes on after them.
    Bad(String),
    TooLarge(usize),
}

fn read_frame(input: &mut impl BufRead) -> io::Result<Frame> {
    let mut length: Option<usize> = None;
    let mut bad: Option<String> = None;
    let mut any_header = false;
    loop {
        let mut line = Vec::new();
        let n = input
            .by_ref()
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(if any_header {
                Frame::Bad("the input ended inside the headers".into())
            } else {
                Frame::Eof
            });
        }
        if !line.ends_with(b"\n") && n >= MAX_HEADER_LINE {
            // Not a header: skip the rest of this line.
            let mut rest = Vec::new();
            input.read_until(b'\n', &mut rest)?;
            bad.get_or_insert_with(|| "a header line is too long".into());
            any_header = true;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !any_header {
                // Blank lines between frames are tolerated.
                continue;
            }
            break;
        }
        any_header = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => {
                        bad = Some(format!("bad Content-Length `{}`", value.trim()));
                    }
                }
            }
            Some(_) => {}
            None => {
                bad.get_or_insert_with(|| format!("malformed header `{text}`"));
            }
        }
    }
    if let Some(why) = bad {
        return Ok(Frame::Bad(why));
    }
    let Some(length) = length else {
        return Ok(Frame::Bad("no Content-Length header".into()));
    };
    if length > MAX_FRAME {
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        return Ok(Frame::TooLarge(length));
    }
    // Grows with what really arrives: a lying Content-Length allocates nothing up front.
    let mut body = Vec::new();
    input.by_ref().take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Ok(Frame::Eof);
    }
    Ok(Frame::Body(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> (Vec<Message>, Vec<Value>) {
        let (mtx, mrx) = unbounded();
        let (etx, erx) = unbounded();
        read_loop(&mut io::Cursor::new(input.to_vec()), &mtx, &etx);
        drop((mtx, etx));
        let errors = erx
            .iter()
            .map(|f| {
                let s = String::from_utf8(f).unwrap();
                serde_json::from_str(s.split("\r\n\r\n").nth(1).unwrap()).unwrap()
            })
            .collect();
        (mrx.iter().collect(), errors)
    }

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn bad_frames_are_answered_and_reading_goes_on() {
        let good = framed(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#);
        let input = [
            framed("{not json"),
            "Content-Length: abc\r\n\r\n".to_string(),
            "Garbage header line\r\n\r\n".to_string(),
            framed(r#"{"jsonrpc":"2.0","id":7,"params":3}"#),
            framed(r#"[1,2,3]"#),
            framed(r#"{"jsonrpc":"2.0","method":3}"#),
            good,
            format!("Content-Length: {}\r\n\r\n", MAX_FRAME + 1),
        ]
        .concat();
        let (msgs, errors) = run(input.as_bytes());
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        let codes: Vec<i64> = errors
            .iter()
            .map(|e| e["error"]["code"].as_i64().unwrap())
            .collect();
        assert_eq!(
            codes,
            vec![-32700, -32700, -32700, -32600, -32600, -32600, -32600],
            "{errors:?}"
        );
        assert_eq!(errors[3]["id"], 7);
    }

    #[test]
    fn a_truncated_body_is_the_end() {
        let (msgs, errors) = run(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"");
        assert!(msgs.is_empty() && errors.is_empty());
    }
}

//! Hostile answers: mutated documented samples, wrong types, truncated, empty, HTML, huge and
//! deeply nested bodies, mebibyte error texts, odd statuses and `Retry-After`s, dropped and
//! half-answered connections, slow answers.

use base64::Engine as _;
use serde_json::Value;

use crate::rng::Rng;
use crate::server::Venue;

/// How a body's length is told.
#[derive(Debug, Clone, Copy)]
pub enum Len {
    /// `Content-Length` is the body's length.
    Exact,
    /// `Content-Length` claims this, and the body written is shorter (half-answered).
    Claims(usize),
    /// No length: the body ends when the connection closes.
    Close,
}

/// One answer.
#[derive(Debug)]
pub enum Answer {
    /// Status, headers and a body.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        len: Len,
    },
    /// A body of `size` bytes repeating `unit`, with or without `Content-Length`.
    Huge {
        size: usize,
        with_length: bool,
        unit: &'static [u8],
    },
    /// The connection closes without an answer.
    Drop,
    /// These bytes, then the connection closes (a cut status line, garbage).
    Raw(Vec<u8>),
    /// The inner answer after the venue's slow delay (past the client's timeout).
    Slow(Box<Answer>),
}

impl Answer {
    /// A JSON answer with an exact length.
    pub fn json(status: u16, body: Vec<u8>) -> Answer {
        Answer::Full {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body,
            len: Len::Exact,
        }
    }
}

/// What huge bodies repeat: an endless array, an endless string, an endless number.
const HUGE_UNITS: [&[u8]; 3] = [b"[", b"{\"data\":\"AAAAAAAAAAAAAAAA", b"1234567890"];

/// The size of a huge body (20 MB).
pub const HUGE: usize = 20_000_000;

/// A JWT with a far `exp` and a random id (the server's good token).
pub fn jwt(rng: &mut Rng) -> String {
    let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let claims = format!(
        r#"{{"sub":"25","exp":4102444800,"jti":"{:016x}{:016x}"}}"#,
        rng.next_u64(),
        rng.next_u64()
    );
    let sig = format!(
        "{:016x}{:016x}{:016x}",
        rng.next_u64(),
        rng.next_u64(),
        rng.next_u64()
    );
    format!(
        "{}.{}.{}",
        enc(r#"{"alg":"HS256","typ":"JWT"}"#),
        enc(&claims),
        enc(&sig)
    )
}

fn fixture<'a>(rng: &mut Rng, venue: &'a Venue) -> &'a [u8] {
    if venue.fixtures.is_empty() {
        b"{}"
    } else {
        let i = rng.below(venue.fixtures.len());
        &venue.fixtures[i]
    }
}

const INTERESTING: &[u8] = b"\"{}[],:0123456789eE.+-\\ntfu\x00\x7f\xff\xc3";

/// 1..=8 byte mutations of `body`.
pub fn mutate(rng: &mut Rng, body: &[u8]) -> Vec<u8> {
    let mut out = body.to_vec();
    for _ in 0..1 + rng.below(8) {
        if out.is_empty() {
            out.push(*rng.pick(INTERESTING));
            continue;
        }
        let at = rng.below(out.len());
        match rng.below(6) {
            0 => out[at] ^= 1 << rng.below(8),
            1 => out[at] = *rng.pick(INTERESTING),
            2 => {
                out.remove(at);
            }
            3 => out.insert(at, *rng.pick(INTERESTING)),
            4 => {
                let end = (at + 1 + rng.below(32)).min(out.len());
                let slice = out[at..end].to_vec();
                out.splice(at..at, slice);
            }
            _ => {
                // A digit run made long: a number too big for any integer type.
                out.splice(at..at, std::iter::repeat_n(b'9', 1 + rng.below(400)));
            }
        }
    }
    out
}

fn wrong_value(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(500)),
        2 => Value::String(String::new()),
        3 => Value::String("NaN".into()),
        4 => Value::String("-1e999".into()),
        5 => Value::from(u64::MAX),
        6 => Value::from(i64::MIN),
        7 => Value::from(1.797_693_134_862_315_7e308),
        8 => Value::Array(vec![Value::Null, Value::from(1)]),
        9 => Value::Object(Default::default()),
        10 => Value::String("１２３.４".into()),
        _ => Value::String("2026-13-45T25:61:61Z".into()),
    }
}

/// Replaces values of a document with values of the wrong type.
pub fn wrong_types(rng: &mut Rng, v: &mut Value, depth: usize) {
    match v {
        Value::Object(map) => {
            for (_, item) in map.iter_mut() {
                wrong_types(rng, item, depth + 1);
            }
        }
        Value::Array(items) => {
            for item in items.iter_mut() {
                wrong_types(rng, item, depth + 1);
            }
        }
        _ => {
            if rng.chance(300) {
                *v = wrong_value(rng);
            }
        }
    }
    if depth > 0 && rng.chance(30) {
        *v = wrong_value(rng);
    }
}

/// A mebibyte of text that JSON must escape here and there.
fn mebibyte(rng: &mut Rng) -> String {
    let unit = *rng.pick(&[
        "A",
        "é€",
        "<b>\"x\"</b>\\",
        "\u{0}\u{1b}[31m",
        "signature=… ",
    ]);
    unit.repeat((1 << 20) / unit.len())
}

/// An error-shaped body with a mebibyte in its message or code (one or two fields), in the
/// shapes of all five venues at once.
fn huge_error(rng: &mut Rng) -> Vec<u8> {
    let big = Value::String(mebibyte(rng));
    let mut body = serde_json::json!({
        "success": false,
        "status": "error",
        "code": 10001,
        "errorCode": "E10001",
        "message": "refused",
        "msg": "refused",
        "error": "refused",
        "errors": [{"code": "E1", "message": "refused"}],
        "data": null,
        "ret": 1,
    });
    for _ in 0..1 + rng.below(2) {
        match rng.below(7) {
            0 => body["message"] = big.clone(),
            1 => body["msg"] = big.clone(),
            2 => body["error"] = big.clone(),
            3 => body["code"] = big.clone(),
            4 => body["errorCode"] = big.clone(),
            5 => body["errors"][0]["message"] = big.clone(),
            _ => body["errors"][0]["code"] = big.clone(),
        }
    }
    serde_json::to_vec(&body).unwrap()
}

fn status_of(rng: &mut Rng) -> u16 {
    *rng.pick(&[
        200, 200, 201, 204, 400, 401, 403, 404, 409, 418, 422, 429, 500, 502, 503,
    ])
}

/// One hostile answer for `venue`.
pub fn draw(rng: &mut Rng, venue: &Venue) -> (&'static str, Answer) {
    let roll = rng.below(1000);
    let answer = match roll {
        // A documented sample, mutated byte-wise.
        0..260 => {
            let sample = fixture(rng, venue);
            let body = mutate(rng, sample);
            Answer::json(if rng.chance(850) { 200 } else { status_of(rng) }, body)
        }
        // A documented sample with wrong types.
        260..380 => {
            let text = fixture(rng, venue).to_vec();
            let body = match serde_json::from_slice::<Value>(&text) {
                Ok(mut v) => {
                    wrong_types(rng, &mut v, 0);
                    serde_json::to_vec(&v).unwrap()
                }
                Err(_) => mutate(rng, &text),
            };
            Answer::json(200, body)
        }
        // The sample as documented, under any status.
        380..480 => {
            let status = if roll < 430 { 200 } else { status_of(rng) };
            Answer::json(status, fixture(rng, venue).to_vec())
        }
        // Truncated, told honestly.
        480..540 => {
            let f = fixture(rng, venue);
            let cut = rng.below(f.len().max(1));
            Answer::json(200, f[..cut].to_vec())
        }
        // Half-answered: the length claims more than is written.
        540..580 => {
            let f = fixture(rng, venue).to_vec();
            let cut = rng.below(f.len().max(1));
            Answer::Full {
                status: 200,
                headers: vec![("content-type".into(), "application/json".into())],
                body: f[..cut].to_vec(),
                len: Len::Claims(f.len() + 1),
            }
        }
        // Empty.
        580..610 => Answer::json(*rng.pick(&[200, 200, 204, 400, 500]), Vec::new()),
        // HTML from a proxy.
        610..640 => Answer::Full {
            status: *rng.pick(&[200, 502, 503, 403]),
            headers: vec![("content-type".into(), "text/html".into())],
            body: b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>".to_vec(),
            len: if rng.chance(500) { Len::Exact } else { Len::Close },
        },
        // Mebibyte messages and codes.
        640..650 => Answer::json(*rng.pick(&[200, 400, 401, 429, 500]), huge_error(rng)),
        // Deeply nested.
        650..670 => {
            let depth = 1_000 + rng.below(100_000);
            let body = match rng.below(3) {
                0 => "[".repeat(depth).into_bytes(),
                1 => "{\"data\":".repeat(depth).into_bytes(),
                _ => format!("{{\"data\":{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes(),
            };
            Answer::json(200, body)
        }
        // 429 with an odd Retry-After.
        670..740 => {
            let after = *rng.pick(&[
                "", "0", "-1", "abc", "1.5", "  2 ", "1e9", "99999999999999999999",
                "18446744073709551616", "Wed, 21 Oct 2015 07:28:00 GMT",
                "Fri, 31 Dec 9999 23:59:59 GMT", "0, 5",
            ]);
            let mut headers = vec![("content-type".into(), "application/json".into())];
            if !after.is_empty() || rng.chance(500) {
                headers.push(("retry-after".into(), after.into()));
            }
            Answer::Full {
                status: 429,
                headers,
                body: br#"{"code":429,"message":"too many requests"}"#.to_vec(),
                len: Len::Exact,
            }
        }
        // 5xx.
        740..790 => Answer::json(
            *rng.pick(&[500, 501, 502, 503, 504, 520, 599]),
            mutate(rng, br#"{"message":"internal error"}"#),
        ),
        // Any status (redirects go back to this loopback server).
        790..840 => {
            let status = 200 + rng.below(800) as u16;
            let mut headers = vec![("content-type".into(), "application/json".into())];
            if (300..400).contains(&status) || rng.chance(100) {
                headers.push(("location".into(), "/hostile/redirected".into()));
            }
            Answer::Full {
                status,
                headers,
                body: fixture(rng, venue).to_vec(),
                len: Len::Exact,
            }
        }
        // Dropped.
        840..880 => Answer::Drop,
        // Cut inside the status line or the headers.
        880..910 => {
            let full = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
            let cut = 1 + rng.below(full.len() - 3);
            Answer::Raw(full[..cut].to_vec())
        }
        // Not HTTP at all.
        910..930 => {
            let n = 1 + rng.below(256);
            Answer::Raw((0..n).map(|_| rng.next_u64() as u8).collect())
        }
        // Huge, with and without a length.
        930..936 => Answer::Huge {
            size: HUGE,
            with_length: roll < 933,
            unit: HUGE_UNITS[rng.below(HUGE_UNITS.len())],
        },
        // Slow: past the client's timeout.
        936..946 => Answer::Slow(Box::new(Answer::json(200, fixture(rng, venue).to_vec()))),
        // The documented sample: the calls that succeed.
        _ => Answer::json(200, fixture(rng, venue).to_vec()),
    };
    (label(roll), answer)
}

/// The name of an answer's kind, by its roll.
pub fn label(roll: usize) -> &'static str {
    match roll {
        0..260 => "mutated",
        260..380 => "wrong-types",
        380..480 => "sample-any-status",
        480..540 => "truncated",
        540..580 => "half-answered",
        580..610 => "empty",
        610..640 => "html",
        640..650 => "mebibyte-error",
        650..670 => "nested",
        670..740 => "429",
        740..790 => "5xx",
        790..840 => "any-status",
        840..880 => "dropped",
        880..910 => "cut-head",
        910..930 => "garbage",
        930..933 => "huge-with-length",
        933..936 => "huge-no-length",
        936..946 => "slow",
        _ => "sample",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_are_reproducible() {
        let a = mutate(&mut Rng::new(3), br#"{"a":[1,2,3],"b":"x"}"#);
        let b = mutate(&mut Rng::new(3), br#"{"a":[1,2,3],"b":"x"}"#);
        assert_eq!(a, b);
        assert!(!mutate(&mut Rng::new(4), b"").is_empty());
    }
}

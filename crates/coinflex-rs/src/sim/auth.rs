//! The venue's check of a signed request, written from the recipe the venue publishes (see
//! `VENUES.md`), never through this crate's signer:
//!
//! ```text
//! message   = Timestamp \n Nonce \n VERB \n HOST \n PATH \n BODY
//! Signature = base64(HMAC-SHA256(api_secret, message))
//! ```
//!
//! HOST is the `Host` header as received; PATH the path as received (no query); BODY the raw
//! query for `GET` (or a request without a body) and the raw body bytes otherwise.

use std::time::Duration;

use chrono::{NaiveDateTime, Utc};
use venue_common::sim::{Request, constant_time_eq, mac};
use venue_common::{Method, StatusCode};

use super::CoinflexVenue;
use super::wire::{Refusal, refusal};

fn unauthorized(code: &'static str, message: &str) -> Refusal {
    refusal(StatusCode::UNAUTHORIZED, code, message)
}

fn bad(code: &'static str, message: impl Into<String>) -> Refusal {
    refusal(StatusCode::BAD_REQUEST, code, message)
}

/// The signature the venue expects for `request` under `secret`.
pub(crate) fn expected_signature(
    secret: &str,
    request: &Request,
    timestamp: &str,
    nonce: &str,
) -> String {
    let body: &[u8] = if *request.method() == Method::GET || request.body().is_empty() {
        request.query().as_bytes()
    } else {
        request.body()
    };
    let mut message = Vec::with_capacity(128 + body.len());
    for part in [
        timestamp,
        nonce,
        request.method().as_str(),
        request.header("host").unwrap_or(""),
        request.path(),
    ] {
        message.extend_from_slice(part.as_bytes());
        message.push(b'\n');
    }
    message.extend_from_slice(body);
    mac::base64_standard(&mac::hmac_sha256(secret.as_bytes(), &message))
}

/// Checks `request` as the venue does; the API key when it passes. Refusals: unknown key
/// `20025`, bad signature `20000` (HTTP 401); missing timestamp `20023`, a timestamp outside
/// the window `20024`, a missing or reused nonce `40001` (HTTP 400).
pub(crate) fn authenticate(venue: &CoinflexVenue, request: &Request) -> Result<String, Refusal> {
    let key = request
        .header("accesskey")
        .filter(|k| !k.is_empty())
        .ok_or_else(|| unauthorized("20025", "API key is invalid"))?;
    let secret = venue
        .with_state(|s| s.secret_of(key))
        .ok_or_else(|| unauthorized("20025", "API key is invalid"))?;
    let timestamp = request
        .header("timestamp")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| bad("20023", "timestamp is required"))?;
    // The document's own Python sends `isoformat()`, with microseconds: accept a fraction.
    let at = NaiveDateTime::parse_from_str(timestamp, "%Y-%m-%dT%H:%M:%S%.f")
        .map_err(|_| bad("20024", "timestamp is not YYYY-MM-DDThh:mm:ss"))?
        .and_utc();
    let skew = (Utc::now() - at).abs().to_std().unwrap_or(Duration::MAX);
    if skew > venue.skew_window() {
        return Err(bad(
            "20024",
            format!(
                "timestamp exceeds the threshold of {} seconds",
                venue.skew_window().as_secs()
            ),
        ));
    }
    let nonce_text = request
        .header("nonce")
        .ok_or_else(|| bad("40001", "Nonce is required and must be an integer"))?;
    let nonce: u64 = nonce_text
        .trim()
        .parse()
        .map_err(|_| bad("40001", "Nonce is required and must be an integer"))?;
    let given = request
        .header("signature")
        .ok_or_else(|| unauthorized("20000", "Signature is invalid"))?;
    let expected = expected_signature(&secret, request, timestamp, nonce_text);
    if !constant_time_eq(expected.as_bytes(), given.as_bytes()) {
        return Err(unauthorized("20000", "Signature is invalid"));
    }
    // Only a correctly signed request may use up a nonce.
    if !venue.with_state(|s| s.claim_nonce(key, nonce)) {
        return Err(bad(
            "40001",
            format!("Nonce {nonce} has been used by this API key"),
        ));
    }
    Ok(key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generated::endpoints;

    /// A vector computed outside this crate, with Python's standard library:
    ///
    /// ```text
    /// import hmac, hashlib, base64
    /// m = "2021-07-16T11:13:01\n1\nGET\n127.0.0.1:8080\n/v2/borrow/BTC\nlimit=5"
    /// base64.b64encode(hmac.new(b"s3cret", m.encode(), hashlib.sha256).digest())
    /// ```
    #[test]
    fn signs_the_documented_message() {
        let request = Request::new(
            Method::GET,
            "/v2/borrow/BTC?limit=5".parse().unwrap(),
            endpoints::BORROW_HISTORY,
        )
        .with_header("host", "127.0.0.1:8080");
        let sig = expected_signature("s3cret", &request, "2021-07-16T11:13:01", "1");
        assert_eq!(sig, PYTHON_VECTOR);
    }

    const PYTHON_VECTOR: &str = "oRVZmJwPj2TI6MgN8iF/4s9Hqfwh3VG1XMf/4jqvSaA=";
}

//! CoinFLEX's error answers, turned into [`venue_common::Error`].
//!
//! A refusal comes as `{"success": false, "code": "40001", "message": "..."}` (with `success`
//! sometimes the string `"false"`, codes always strings), at the top level of the answer or,
//! for order-like operations, inside an item of `data`. Both become [`Error::Venue`] with the
//! HTTP status, the venue's code and message, an [`ErrorKind`] from [`kind_of`], and the raw
//! body.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use venue_common::{Error, ErrorKind, Response, Result, StatusCode, VenueError, decode_json};

use crate::model::Envelope;

/// The venue's error codes this crate knows, with what they mean and their kind.
///
/// Collected from `shared/VENUES.md` and the code table of the venue's public v2 documentation.
pub const CODES: &[(&str, ErrorKind, &str)] = &[
    ("40001", ErrorKind::BadRequest, "bad request"),
    (
        "20001",
        // On a write it is a refusal ("please check your parameters"); on the history reads
        // the venue uses it for an empty result, which `decode_list` turns into an empty list.
        ErrorKind::BadRequest,
        "result not found / operation failed",
    ),
    (
        "20002",
        ErrorKind::BadRequest,
        "request data does not comply with the specification",
    ),
    ("20003", ErrorKind::BadRequest, "unrecognized operation"),
    (
        "20006",
        ErrorKind::InvalidOrder,
        "quantity must be greater than zero",
    ),
    (
        "20007",
        ErrorKind::RateLimited,
        "accessing the server too rapidly",
    ),
    (
        "20009",
        ErrorKind::BadRequest,
        "JSON data format is invalid",
    ),
    ("20011", ErrorKind::BadRequest, "marketCode is required"),
    ("20015", ErrorKind::InvalidOrder, "marketCode is invalid"),
    ("20016", ErrorKind::InvalidOrder, "side is invalid"),
    ("20017", ErrorKind::InvalidOrder, "orderType is invalid"),
    ("20018", ErrorKind::InvalidOrder, "timeInForce is invalid"),
    (
        "20020",
        ErrorKind::InvalidOrder,
        "stopPrice or limitPrice is invalid",
    ),
    ("20021", ErrorKind::InvalidOrder, "price is invalid"),
    ("20023", ErrorKind::InvalidNonce, "timestamp is required"),
    (
        "20024",
        ErrorKind::InvalidNonce,
        "timestamp exceeds the threshold",
    ),
    ("20000", ErrorKind::Authentication, "signature is invalid"),
    ("20025", ErrorKind::Authentication, "API key is invalid"),
    (
        "20026",
        ErrorKind::Authentication,
        "token is invalid or expired",
    ),
    (
        "20028",
        ErrorKind::InvalidOrder,
        "price must be greater than zero",
    ),
    (
        "20031",
        ErrorKind::Unavailable,
        "market closed for trading temporarily",
    ),
    (
        "20032",
        ErrorKind::Unavailable,
        "timeout on the server side",
    ),
    ("25009", ErrorKind::Permission, "permission denied"),
    (
        "05001",
        ErrorKind::Permission,
        "operation authority is invalid",
    ),
    ("40035", ErrorKind::OrderNotFound, "order not found"),
    (
        "100005",
        ErrorKind::OrderNotFound,
        "open order not found with id",
    ),
    ("200050", ErrorKind::Unavailable, "the market is not active"),
    (
        "710002",
        ErrorKind::InvalidOrder,
        "price below the sanity bound",
    ),
    (
        "710003",
        ErrorKind::InvalidOrder,
        "price above the sanity bound",
    ),
    (
        "710004",
        ErrorKind::InvalidOrder,
        "net position above threshold",
    ),
    (
        "710005",
        ErrorKind::InsufficientFunds,
        "margin check failed",
    ),
    (
        "710006",
        ErrorKind::InsufficientFunds,
        "balance check failed",
    ),
];

/// The kind of a venue code, refined by the message where the code is generic (a `40001`
/// about a nonce is [`ErrorKind::InvalidNonce`]), falling back on the HTTP status.
pub fn kind_of(code: Option<&str>, message: &str, status: StatusCode) -> ErrorKind {
    let known = code.and_then(|c| CODES.iter().find(|(k, _, _)| *k == c));
    match known {
        Some((_, ErrorKind::BadRequest, _)) if mentions_nonce(message) => ErrorKind::InvalidNonce,
        Some((_, kind, _)) => *kind,
        None if mentions_nonce(message) => ErrorKind::InvalidNonce,
        None if status.is_success() => ErrorKind::Other,
        None => ErrorKind::from_status(status),
    }
}

fn mentions_nonce(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("nonce")
}

/// The refusal shape, lenient in every field.
#[derive(Debug, Deserialize)]
struct Failure {
    #[serde(default, deserialize_with = "lenient_bool")]
    success: Option<bool>,
    #[serde(
        default,
        deserialize_with = "venue_common::serde_ext::string_or_number_opt::deserialize"
    )]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
    /// Present in answers, absent from refusals.
    #[serde(default)]
    data: Option<serde::de::IgnoredAny>,
}

fn lenient_bool<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<bool>, D::Error> {
    let raw = Option::<Box<RawValue>>::deserialize(d)?;
    Ok(raw.and_then(|r| match r.get().trim_matches('"') {
        "true" | "TRUE" | "True" => Some(true),
        "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }))
}

/// Builds the venue error for a refusal.
fn refusal(resp: &Response, code: Option<String>, message: Option<String>) -> Error {
    let message = message.filter(|m| !m.is_empty()).unwrap_or_else(|| {
        resp.status
            .canonical_reason()
            .unwrap_or("error")
            .to_string()
    });
    let kind = kind_of(code.as_deref(), &message, resp.status);
    let mut v = VenueError::new(resp.status, kind, message)
        .with_body(resp.body.clone())
        .with_retry_after(venue_common::error::retry_after(&resp.headers));
    if let Some(c) = code {
        v = v.with_code(c);
    }
    Error::venue(v)
}

/// Finds a refusal in an answer: a non-2xx status, or `success: false` at the top level.
/// Returns `None` for an answer that is not a refusal.
pub fn check(resp: &Response) -> Option<Error> {
    let parsed: Option<Failure> = serde_json::from_slice(&resp.body).ok();
    match parsed {
        Some(f)
            if f.success == Some(false)
                || (!resp.status.is_success() && (f.code.is_some() || f.message.is_some()))
                // A code and a message without `data` is a refusal even without `success`.
                || (f.success.is_none()
                    && f.code.is_some()
                    && f.message.is_some()
                    && f.data.is_none()) =>
        {
            Some(refusal(resp, f.code, f.message))
        }
        _ if !resp.status.is_success() => {
            // Not the venue's JSON (an HTML page from a proxy, an empty body): the status says
            // what kind of failure it is.
            Some(refusal(resp, None, None))
        }
        _ => None,
    }
}

/// One item of `data` that may carry its own `success`/`code`/`message`.
pub fn check_item(resp: &Response, item: &RawValue) -> Option<Error> {
    let f: Failure = serde_json::from_str(item.get()).ok()?;
    if f.success == Some(false) {
        return Some(refusal(resp, f.code, f.message));
    }
    None
}

/// Decodes a successful answer's envelope, turning refusals into errors.
///
/// A 2xx answer is decoded as the envelope first (one pass over the body); only when that
/// fails is it read as the refusal shape, so a `200` carrying `success: false` still becomes
/// the venue's error, and anything else the decode error naming the failing JSON path.
pub fn decode<T: DeserializeOwned>(resp: Response) -> Result<Envelope<T>> {
    if !resp.status.is_success() {
        return Err(check(&resp).unwrap_or_else(|| refusal(&resp, None, None)));
    }
    decode_json(resp.status, &resp.body).map_err(|e| check(&resp).unwrap_or(e))
}

/// Decodes a list read's `data`. Code 20001 ("result not found, please check your
/// parameters") is how the venue answers a read that matched nothing (ccxt reads it so), so it
/// is an empty list here; on writes the same code stays a refusal.
pub fn decode_list<T: DeserializeOwned>(
    resp: Response,
    _: &venue_common::api::DecodeContext<'_>,
) -> Result<Vec<T>> {
    match decode_data::<Vec<T>>(resp) {
        Err(e) if e.code() == Some("20001") => Ok(Vec::new()),
        other => other,
    }
}

/// Decodes a successful answer's `data` (the envelope's other fields are dropped), or the
/// venue's refusal: every generated request decodes through it.
pub fn decode_data<T: DeserializeOwned>(resp: Response) -> Result<T> {
    decode::<T>(resp).map(|envelope| envelope.data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_kinds() {
        let ok = StatusCode::OK;
        assert_eq!(
            kind_of(Some("710006"), "", ok),
            ErrorKind::InsufficientFunds
        );
        assert_eq!(kind_of(Some("05001"), "", ok), ErrorKind::Permission);
        assert_eq!(
            kind_of(Some("40001"), "Nonce 5 was used", ok),
            ErrorKind::InvalidNonce
        );
        assert_eq!(
            kind_of(Some("40001"), "limit too large", ok),
            ErrorKind::BadRequest
        );
        assert_eq!(
            kind_of(Some("999"), "", StatusCode::TOO_MANY_REQUESTS),
            ErrorKind::RateLimited
        );
        assert_eq!(kind_of(None, "", ok), ErrorKind::Other);
    }
}

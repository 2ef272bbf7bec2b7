//! Mudawyl's error answers, turned into [`venue_common::Error`].
//!
//! | status | body | becomes |
//! |---|---|---|
//! | 422 | `{"errors": [{"value", "msg", "param", "location"}]}` | [`ErrorKind::BadRequest`]; every entry kept, see [`validation_errors`] |
//! | 433 | `{"error": "exchange API authorization failed (1103)"}` | code `1103` (alphanumeric: `2129a`), message without the code, kind from [`kind_of_433`] |
//! | 404 | `{"message": "route not found"}` | [`ErrorKind::NotFound`] |
//! | 400, 401, 403, 429, 500, 503 | any | bad request, authentication, permission, rate limited (with `Retry-After`), unavailable |
//!
//! The whole body is kept in [`VenueError::body`]; it is the venue's answer and never holds
//! our token.

use bytes::Bytes;
use http::StatusCode;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use venue_common::api::DecodeContext;
use venue_common::{Error, ErrorKind, Response, Result, VenueError};

use crate::validate::FieldError;

/// Mudawyl's own status for failures of external validation (exchange, Stripe, plan limits).
pub const STATUS_EXTERNAL: u16 = 433;

#[derive(Deserialize)]
struct ErrorsBody {
    errors: Vec<FieldError>,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

/// Splits `"exchange API authorization failed (1103)"` into the message and the code. The
/// code is the last parenthesised group at the end, made of letters and digits.
pub fn split_code(text: &str) -> (String, Option<String>) {
    let t = text.trim();
    if let Some(rest) = t.strip_suffix(')')
        && let Some(open) = rest.rfind('(')
    {
        let code = &rest[open + 1..];
        if !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return (rest[..open].trim_end().to_string(), Some(code.to_string()));
        }
    }
    (t.to_string(), None)
}

/// The kind of a 433 code, from the codes the document lists: what a program should do next.
///
/// | code | document | kind | why |
/// |---|---|---|---|
/// | 1103 | exchange API authorization failed | `Permission` | the *exchange* refused the user's exchange API key (IP whitelist, revoked key); the Cognito session is fine, so refreshing it would loop |
/// | 1106, 1115 | exchange API key type is invalid / unsupported | `BadRequest` | the key's trade or strategy type cannot do this: use another key |
/// | 1109, 1309, 3109 | key / followed symbol / Stripe subscription already exist | `Duplicate` | what was asked for is already there |
/// | 1110 | exchange API key is inactive | `Permission` | the user must fix or update the key |
/// | 2103, 2129a, 2129b | plan features and limits | `Permission` | the subscription does not allow it |
/// | 1206, 1300, 1306, 2100 | exchange id, symbol, subscription type invalid or not matching | `BadRequest` | fix the request |
/// | 1500 | exchange bad request | `InsufficientFunds` | the exchange refused an order the key's wallet cannot margin (also leverage above the bracket the position allows); not a malformed order |
/// | 3104 | active Stripe subscription does not exist | `NotFound` | |
pub fn kind_of_433(code: &str) -> ErrorKind {
    match code {
        // the exchange refused the exchange API key (not our session: never `Authentication`)
        "1103" => ErrorKind::Permission,
        // key type invalid / unsupported for this operation
        "1106" | "1115" => ErrorKind::BadRequest,
        // key already exists, symbol already followed, Stripe subscription already exists
        "1109" | "1309" | "3109" => ErrorKind::Duplicate,
        // key inactive, subscription does not allow the feature, plan limits exceeded
        "1110" | "2103" | "2129a" | "2129b" => ErrorKind::Permission,
        // exchange id / symbol mismatch, invalid symbol, invalid subscription type
        "1206" | "1306" | "1300" | "2100" => ErrorKind::BadRequest,
        // the exchange refused: the wallet cannot margin it (or leverage above the bracket)
        "1500" => ErrorKind::InsufficientFunds,
        // no active Stripe subscription
        "3104" => ErrorKind::NotFound,
        _ => ErrorKind::Other,
    }
}

fn reason(status: StatusCode) -> String {
    status
        .canonical_reason()
        .unwrap_or("unexpected status")
        .to_string()
}

/// Turns a non-2xx answer into an [`Error`]. Never panics, whatever the body.
pub fn from_response(resp: &Response) -> Error {
    let status = resp.status;
    let body = resp.body.clone();
    let retry_after = venue_common::error::retry_after(&resp.headers);
    let venue = match status.as_u16() {
        422 => {
            let entries = parse_errors(&body).unwrap_or_default();
            let message = if entries.is_empty() {
                reason(status)
            } else {
                entries
                    .iter()
                    .map(|e| format!("`{}` {}", e.param, e.msg))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            VenueError::new(status, ErrorKind::BadRequest, message)
        }
        STATUS_EXTERNAL => {
            let text = parse_error_text(&body).unwrap_or_else(|| reason(status));
            let (message, code) = split_code(&text);
            let kind = code.as_deref().map(kind_of_433).unwrap_or(ErrorKind::Other);
            let v = VenueError::new(status, kind, message);
            match code {
                Some(c) => v.with_code(c),
                None => v,
            }
        }
        _ => {
            let message = parse_error_text(&body).unwrap_or_else(|| reason(status));
            let kind = match status.as_u16() {
                503 => ErrorKind::Unavailable,
                500 => ErrorKind::Unavailable,
                _ => ErrorKind::from_status(status),
            };
            VenueError::new(status, kind, message)
        }
    };
    Error::venue(venue.with_body(body).with_retry_after(retry_after))
}

/// The venue's answer decoder: an error shape becomes its [`Error`]; a success decodes as JSON,
/// an empty body as `null` (so "Response data can be NULL" endpoints, typed `Option`, read it as
/// `None`).
pub fn decode<T: DeserializeOwned>(response: Response) -> Result<T> {
    if !response.is_success() {
        return Err(from_response(&response));
    }
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return venue_common::decode_json(response.status, b"null");
    }
    response.json()
}

/// The decoder of `204 No Content` endpoints: any 2xx is done, a body (if any) is ignored.
pub fn no_content(response: Response, _ctx: &DecodeContext<'_>) -> Result<()> {
    if response.is_success() {
        Ok(())
    } else {
        Err(from_response(&response))
    }
}

fn parse_errors(body: &Bytes) -> Option<Vec<FieldError>> {
    serde_json::from_slice::<ErrorsBody>(body)
        .ok()
        .map(|b| b.errors)
}

fn parse_error_text(body: &Bytes) -> Option<String> {
    let b: ErrorBody = serde_json::from_slice(body).ok()?;
    b.error.or(b.message).filter(|m| !m.trim().is_empty())
}

/// Every `{value, msg, param, location}` entry of a 422 answer, in the venue's order.
///
/// `None` when `error` is not a 422 from the venue (or its body holds no entries). Client-side
/// validation failures are [`Error::InvalidRequest`] instead; [`crate::validate`] produces the
/// same entries for them.
pub fn validation_errors(error: &Error) -> Option<Vec<FieldError>> {
    let v = error.venue_error()?;
    if v.status.as_u16() != 422 {
        return None;
    }
    parse_errors(&v.body).filter(|e| !e.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code of the document has a kind a program can act on, and only a 401 says the
    /// Cognito session is refused.
    #[test]
    fn every_documented_433_code_has_a_kind() {
        let codes = [
            "1103", "1106", "1109", "1110", "1115", "1206", "1300", "1306", "1309", "1500", "2100",
            "2103", "2129a", "2129b", "3104", "3109",
        ];
        for c in codes {
            assert_ne!(kind_of_433(c), ErrorKind::Other, "{c}");
            assert_ne!(kind_of_433(c), ErrorKind::Authentication, "{c}");
        }
        assert_eq!(kind_of_433("1103"), ErrorKind::Permission);
        assert_eq!(kind_of_433("1500"), ErrorKind::InsufficientFunds);
        assert_eq!(kind_of_433("9999"), ErrorKind::Other);
    }

    #[test]
    fn codes_in_parentheses() {
        assert_eq!(
            split_code("exceed subscription max API key limit (2129a)"),
            (
                "exceed subscription max API key limit".into(),
                Some("2129a".into())
            )
        );
        assert_eq!(split_code("no code here"), ("no code here".into(), None));
        assert_eq!(split_code("odd (a b)"), ("odd (a b)".into(), None));
        assert_eq!(split_code("()"), ("()".into(), None));
        assert_eq!(split_code(")"), (")".into(), None));
    }
}

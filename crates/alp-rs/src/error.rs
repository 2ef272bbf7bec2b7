//! ALP.COM's error answers turned into [`venue_common::Error`].
//!
//! - v1: `{"date": 1570599531.48, "error": "Out of balance -9.99 BTC"}`, or a plain HTTP status
//!   with any body (HTML, text, nothing).
//! - v3: `{"code": "ERROR_CODE", "message": "..."}`; `400 {"formErrors": {...}}` (every field's
//!   messages are kept in the message, the body in full); `401` (bad key or expired token),
//!   sometimes as `text/plain`.
//!
//! The documents publish no code table, so the kind comes from the status and, where the
//! status is generic, from words in the code or message (`balance` means insufficient funds,
//! `nonce` an invalid nonce, `not found` an unknown order). The raw body is always kept.

use venue_common::error::retry_after;
use venue_common::{Error, ErrorKind, Response, StatusCode, VenueError};

use crate::auth::Api;

/// The error of a non-2xx answer from `api`.
pub fn from_response(api: Api, resp: &Response) -> Error {
    let (code, message) = match api {
        Api::V1 => v1_parts(&resp.body),
        Api::V3 => v3_parts(&resp.body),
    };
    let message = message.unwrap_or_else(|| {
        let text = String::from_utf8_lossy(&resp.body);
        let text = text.trim();
        if !text.is_empty() && text.len() <= 200 && !text.starts_with('<') {
            text.to_string()
        } else {
            resp.status
                .canonical_reason()
                .unwrap_or("error")
                .to_string()
        }
    });
    let kind = kind_of(resp.status, code.as_deref(), &message);
    let mut v = VenueError::new(resp.status, kind, message)
        .with_body(resp.body.clone())
        .with_retry_after(retry_after(&resp.headers));
    if let Some(code) = code {
        v = v.with_code(code);
    }
    Error::venue(v)
}

/// A v1 error carried in a 2xx answer (`{"error": ...}` or `{"success": false}`), if any.
pub fn v1_error_in_success(resp: &Response) -> Option<Error> {
    let value: serde_json::Value = serde_json::from_slice(&resp.body).ok()?;
    let obj = value.as_object()?;
    let failed = obj.get("error").is_some_and(|e| !e.is_null())
        || obj.get("success") == Some(&serde_json::Value::Bool(false));
    if !failed {
        return None;
    }
    let message = obj
        .get("error")
        .and_then(|e| e.as_str())
        .unwrap_or("the venue reported a failure")
        .to_string();
    let kind = kind_of(StatusCode::BAD_REQUEST, None, &message);
    Some(Error::venue(
        VenueError::new(resp.status, kind, message).with_body(resp.body.clone()),
    ))
}

fn v1_parts(body: &[u8]) -> (Option<String>, Option<String>) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return (None, None);
    };
    let message = match value.get("error") {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Null) | None => value
            .get("detail")
            .and_then(|d| d.as_str())
            .map(str::to_string),
        Some(other) => Some(other.to_string()),
    };
    (None, message)
}

fn v3_parts(body: &[u8]) -> (Option<String>, Option<String>) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return (None, None);
    };
    if let Some(form) = value.get("formErrors") {
        let mut parts = Vec::new();
        if let Some(map) = form.as_object() {
            for (field, errs) in map {
                let text = match errs {
                    serde_json::Value::Array(list) => list
                        .iter()
                        .map(|e| {
                            e.as_str()
                                .map(str::to_string)
                                .unwrap_or_else(|| e.to_string())
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                parts.push(format!("{field}: {text}"));
            }
        }
        let message = if parts.is_empty() {
            "the venue refused the form".to_string()
        } else {
            parts.join(", ")
        };
        return (Some("FORM_ERRORS".into()), Some(message));
    }
    if let serde_json::Value::String(s) = &value {
        return (None, Some(s.clone()));
    }
    let code = value.get("code").and_then(|c| match c {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    let message = value
        .get("message")
        .or_else(|| value.get("error"))
        .and_then(|m| m.as_str())
        .map(str::to_string);
    (code, message)
}

/// The kind of a refusal from its status, code and message.
pub fn kind_of(status: StatusCode, code: Option<&str>, message: &str) -> ErrorKind {
    match status.as_u16() {
        401 => return ErrorKind::Authentication,
        403 => return ErrorKind::Permission,
        429 => return ErrorKind::RateLimited,
        500 | 502..=504 => return ErrorKind::Unavailable,
        _ => {}
    }
    let text = format!("{} {}", code.unwrap_or(""), message).to_ascii_lowercase();
    let has = |w: &str| text.contains(w);
    if has("nonce") {
        ErrorKind::InvalidNonce
    } else if has("balance") || has("insufficient") || has("funds") {
        ErrorKind::InsufficientFunds
    } else if has("signature") || (has("sign") && has("invalid")) || has("token") || has("api key")
    {
        ErrorKind::Authentication
    } else if has("not found") || has("not_found") || has("not exist") || has("does not exist") {
        ErrorKind::OrderNotFound
    } else if has("rate limit") || has("too many") {
        ErrorKind::RateLimited
    } else if has("order")
        && (has("invalid") || has("precision") || has("minimum") || has("maximum"))
    {
        ErrorKind::InvalidOrder
    } else {
        ErrorKind::from_status(status)
    }
}

//! What the local ALP.COM sends: answers built as the shared `Json` tree (exact numbers, keys
//! in order; ALP's time formats in `json.rs`), and each API's error shapes as the document
//! and the venue's own client show them.
//!
//! - v1: `{"date": <seconds>, "error": "..."}` with an HTTP status;
//! - v3: `{"code": "ERROR_CODE", "message": "..."}`, `400 {"formErrors": {field: [msg]}}`
//!   for invalid parameters, and sometimes `text/plain`.

use venue_common::StatusCode;
use venue_common::sim::{Json, Reply};

use super::engine::Refusal;
use super::json::secs;
use super::now_ms;

/// An answer with a body of this content type.
pub(crate) fn respond(status: StatusCode, content_type: &str, body: Vec<u8>) -> Reply {
    Reply::empty(status)
        .with_header("content-type", content_type)
        .with_body(body)
}

/// A `200` JSON answer.
pub(crate) fn ok(j: Json) -> Reply {
    j.reply(StatusCode::OK)
}

/// A status with no body (`201`, `202`, `204`).
pub(crate) fn status_only(status: StatusCode) -> Reply {
    Reply::empty(status)
}

/// The v1 error shape.
pub(crate) fn v1_err(status: StatusCode, message: impl Into<String>) -> Reply {
    Json::obj([("date", secs(now_ms())), ("error", Json::str(message))]).reply(status)
}

/// The v3 error shape.
pub(crate) fn v3_err(status: StatusCode, code: &str, message: impl Into<String>) -> Reply {
    Json::obj([("code", Json::str(code)), ("message", Json::str(message))]).reply(status)
}

/// The v3 `400 {"formErrors": {field: [message]}}`.
pub(crate) fn form_err(field: &str, message: impl Into<String>) -> Reply {
    let errors = Json::obj([(field, Json::arr([Json::str(message)]))]);
    Json::obj([("formErrors", errors)]).reply(StatusCode::BAD_REQUEST)
}

/// `429` with `Retry-After: 1`, in the API's shape.
pub(crate) fn too_many(v3: bool) -> Reply {
    let reply = if v3 {
        v3_err(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMIT",
            "too many requests",
        )
    } else {
        v1_err(StatusCode::TOO_MANY_REQUESTS, "Too many requests")
    };
    reply.with_header("retry-after", "1")
}

/// An engine refusal in the v1 shape.
pub(crate) fn refusal_v1(r: Refusal) -> Reply {
    match r {
        Refusal::Balance {
            shortfall,
            currency,
        } => v1_err(
            StatusCode::BAD_REQUEST,
            format!("Out of balance -{} {currency}", shortfall.normalize()),
        ),
        Refusal::NotFound(m) => v1_err(StatusCode::NOT_FOUND, m),
        Refusal::Invalid { field, message } => {
            v1_err(StatusCode::BAD_REQUEST, format!("{field}: {message}"))
        }
    }
}

/// An engine refusal in the v3 shape.
pub(crate) fn refusal_v3(r: Refusal) -> Reply {
    match r {
        Refusal::Balance {
            shortfall,
            currency,
        } => v3_err(
            StatusCode::BAD_REQUEST,
            "INSUFFICIENT_BALANCE",
            format!(
                "insufficient balance: {} {currency} missing",
                shortfall.normalize()
            ),
        ),
        Refusal::NotFound(m) => v3_err(StatusCode::NOT_FOUND, "NOT_FOUND", m),
        Refusal::Invalid { field, message } => form_err(field, message),
    }
}

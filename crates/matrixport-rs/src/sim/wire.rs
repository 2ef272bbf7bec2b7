//! What the local Matrixport sends: the document's envelope `{"code", "message", "data"}`.

use serde_json::{Value, json};
use venue_common::StatusCode;
use venue_common::sim::Reply;

use super::engine::Reply as Outcome;

/// The envelope. A documented venue code comes with HTTP 200; a refusal the document gives no
/// code for (a bad key or signature, a stale timestamp, a missing parameter, an unknown path)
/// comes with its HTTP status, doubled as `code`.
pub(crate) fn envelope(outcome: Outcome) -> Reply {
    let (status, code, message, data) = match outcome {
        Outcome::Ok(data) => (StatusCode::OK, 0, String::new(), data),
        Outcome::Venue(code, message) => (StatusCode::OK, code, message, Value::Null),
        Outcome::Http(status, message) => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            i64::from(status),
            message,
            Value::Null,
        ),
    };
    Reply::json(
        status,
        &json!({ "code": code, "message": message, "data": data }),
    )
}

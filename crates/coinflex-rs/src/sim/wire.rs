//! What the local CoinFLEX sends: the answer envelope and the error shape, as the document's
//! samples show them.

use serde_json::{Value, json};
use venue_common::StatusCode;
use venue_common::sim::{IntoReply, Reply};

use super::ACCOUNT_ID;

/// A refusal: HTTP status, the venue's code (a string, as the venue sends it) and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

/// A `400` refusal with `code`.
pub(crate) fn bad(code: &'static str, message: impl Into<String>) -> Refusal {
    refusal(StatusCode::BAD_REQUEST, code, message)
}

/// A refusal with any status.
pub(crate) fn refusal(
    status: StatusCode,
    code: &'static str,
    message: impl Into<String>,
) -> Refusal {
    Refusal {
        status,
        code,
        message: message.into(),
    }
}

/// The venue's error shape: `{"success": false, "code": "<code>", "message": "..."}`.
pub(crate) fn failure(status: StatusCode, code: &str, message: &str) -> Reply {
    Reply::json(
        status,
        &json!({ "success": false, "code": code, "message": message }),
    )
}

impl IntoReply for Refusal {
    fn into_reply(self) -> Reply {
        failure(self.status, self.code, &self.message)
    }
}

/// A success: `{"event": ..., "timestamp": "<ms>", "accountId": ..., "data": ...}`.
pub(crate) fn answer(event: &str, now_ms: i64, data: Value) -> Reply {
    Reply::json(
        StatusCode::OK,
        &json!({
            "event": event,
            "timestamp": now_ms.to_string(),
            "accountId": ACCOUNT_ID,
            "data": data,
        }),
    )
}

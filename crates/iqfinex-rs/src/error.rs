//! IQFinex's answers: the `{"status", "data"}` envelope, its error statuses, and their mapping
//! onto [`venue_common::Error`].
//!
//! The venue answers `{"status": 200, "data": ...}` on success. A failure carries one of the
//! documented statuses (400, 401, 402, 403, 500, 503, 504) in the HTTP status line, in the
//! body's `status`, or both; a body `status` other than 200 is an error even under HTTP 200.
//! 400 answers carry a message; this crate reads it from `message`, `error`, `msg` or a string
//! `data`, whichever is present.

use http::StatusCode;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use venue_common::{Error, ErrorKind, Response, Result, VenueError};

venue_common::open_enum! {
    /// The documented statuses of an IQFinex answer, so that the three credential failures
    /// (which share few [`ErrorKind`]s) stay apart.
    pub enum ApiStatus: int {
        /// 400: bad request; the body carries the venue's message.
        BadRequest = 400,
        /// 401: invalid login data (unknown, wrong or disabled key).
        InvalidLogin = 401,
        /// 402: the action is forbidden for this API key (e.g. trading without the trade
        /// permission).
        ForbiddenForKey = 402,
        /// 403: the authorization token expired.
        TokenExpired = 403,
        /// 500: internal server error.
        InternalError = 500,
        /// 503: service down for maintenance.
        Maintenance = 503,
        /// 504: gateway timeout.
        GatewayTimeout = 504,
    }
}

impl ApiStatus {
    /// The IQFinex status of a failed call: the venue's code, when the venue refused.
    pub fn of(error: &Error) -> Option<ApiStatus> {
        error.code()?.parse::<ApiStatus>().ok()
    }

    /// The [`ErrorKind`] of this status. 401 and 403 are both
    /// [`ErrorKind::Authentication`] (the key is refused; [`ApiStatus`] tells which way),
    /// 402 is [`ErrorKind::Permission`].
    pub fn kind(self) -> ErrorKind {
        match self {
            ApiStatus::BadRequest => ErrorKind::BadRequest,
            ApiStatus::InvalidLogin | ApiStatus::TokenExpired => ErrorKind::Authentication,
            ApiStatus::ForbiddenForKey => ErrorKind::Permission,
            ApiStatus::InternalError | ApiStatus::Maintenance | ApiStatus::GatewayTimeout => {
                ErrorKind::Unavailable
            }
            ApiStatus::Other(code) => u16::try_from(code)
                .ok()
                .and_then(|c| StatusCode::from_u16(c).ok())
                .map_or(ErrorKind::Other, ErrorKind::from_status),
        }
    }

    /// The document's description.
    pub fn description(self) -> &'static str {
        match self {
            ApiStatus::BadRequest => "Bad Request",
            ApiStatus::InvalidLogin => "Invalid login data",
            ApiStatus::ForbiddenForKey => "Forbidden. Action is forbidden for API key",
            ApiStatus::TokenExpired => "Authorization token expired",
            ApiStatus::InternalError => "Internal Server Error",
            ApiStatus::Maintenance => "Service Unavailable. Service is down for maintenance",
            ApiStatus::GatewayTimeout => "Gateway Timeout. Request timeout expired",
            ApiStatus::Other(_) => "Unexpected status",
        }
    }
}

/// A refined kind for a 400 answer, from its message: the venue gives no codes, so the few
/// failures a trading program must tell apart are recognised by their wording.
fn bad_request_kind(message: &str) -> ErrorKind {
    let m = message.to_ascii_lowercase();
    if m.contains("insufficient")
        || m.contains("not enough balance")
        || m.contains("not enough funds")
    {
        ErrorKind::InsufficientFunds
    } else if m.contains("order") && m.contains("not found") {
        ErrorKind::OrderNotFound
    } else if m.contains("not found") {
        ErrorKind::NotFound
    } else if m.contains("liquidity") || m.contains("min volume") || m.contains("minimal volume") {
        ErrorKind::InvalidOrder
    } else {
        ErrorKind::BadRequest
    }
}

/// The parts of an envelope needed to tell an error: status and message, `data` skipped.
#[derive(Deserialize)]
struct Head {
    #[serde(
        default,
        deserialize_with = "venue_common::serde_ext::int_or_string_opt::deserialize"
    )]
    status: Option<u16>,
    #[serde(default)]
    message: Option<serde_json::Value>,
    #[serde(default)]
    error: Option<serde_json::Value>,
    #[serde(default)]
    msg: Option<serde_json::Value>,
    #[serde(default)]
    data: Option<serde_json::Value>,
}

impl Head {
    fn message(&self) -> Option<String> {
        [&self.message, &self.error, &self.msg, &self.data]
            .into_iter()
            .flatten()
            .find_map(|v| match v {
                serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
                serde_json::Value::Object(o) => o
                    .get("message")
                    .and_then(|m| m.as_str())
                    .map(str::to_string),
                _ => None,
            })
    }
}

/// The success envelope.
#[derive(Deserialize)]
struct Envelope<T> {
    #[serde(deserialize_with = "venue_common::serde_ext::int_or_string::deserialize")]
    status: u16,
    data: T,
}

/// The error for an answer carrying `status` (`http` when the body has none).
fn venue_error(resp: &Response, status: u16, message: Option<String>) -> Error {
    let api = ApiStatus::from_code(i64::from(status));
    let kind = match api {
        ApiStatus::BadRequest => message
            .as_deref()
            .map(bad_request_kind)
            .unwrap_or(ErrorKind::BadRequest),
        other => other.kind(),
    };
    let message = message.unwrap_or_else(|| api.description().to_string());
    Error::venue(
        VenueError::new(resp.status, kind, message)
            .with_code(status.to_string())
            .with_body(resp.body.clone())
            .with_retry_after(venue_common::error::retry_after(&resp.headers)),
    )
}

/// Turns an IQFinex answer into `T` (the envelope's `data`) or the venue's error.
pub fn decode<T: DeserializeOwned>(resp: Response) -> Result<T> {
    if resp.status.is_success() {
        // One plain pass on the success path. Only when it fails is the body read again: with
        // path tracking (to name the failing field), and for an in-body error status.
        if let Ok(env) = serde_json::from_slice::<Envelope<T>>(&resp.body)
            && env.status == 200
        {
            return Ok(env.data);
        }
        let typed = venue_common::decode_json::<Envelope<T>>(resp.status, &resp.body);
        match typed {
            Ok(env) if env.status == 200 => return Ok(env.data),
            Ok(env) => {
                let head: Option<Head> = serde_json::from_slice(&resp.body).ok();
                return Err(venue_error(
                    &resp,
                    env.status,
                    head.and_then(|h| h.message()),
                ));
            }
            Err(decode_error) => {
                return match serde_json::from_slice::<Head>(&resp.body) {
                    Ok(head) => match head.status {
                        Some(s) if s != 200 => {
                            let message = head.message();
                            Err(venue_error(&resp, s, message))
                        }
                        _ => Err(decode_error),
                    },
                    Err(_) => Err(decode_error),
                };
            }
        }
    }
    let head: Option<Head> = serde_json::from_slice(&resp.body).ok();
    let message = head.as_ref().and_then(Head::message);
    // The body's status is the venue's own word (it tells 401, 402 and 403 apart even behind a
    // proxy that rewrites the status line); the HTTP status stands when the body has none.
    let status = head
        .as_ref()
        .and_then(|h| h.status)
        .filter(|s| *s >= 400)
        .unwrap_or(resp.status.as_u16());
    Err(venue_error(&resp, status, message))
}

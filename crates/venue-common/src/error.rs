//! The one error type of every venue crate.
//!
//! An [`Error`] answers the three questions a trading program asks after a failure:
//! was the request sent ([`Error::sent`]), may it be retried ([`Error::is_retryable`]), and what
//! kind of failure is it ([`Error::kind`]). Nothing in it ever holds a secret, a signature or an
//! `Authorization` value: bodies are the venue's answers, never our requests.

use std::fmt;
use std::time::Duration;

use http::StatusCode;

/// Result alias used throughout the venue crates.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The most bytes of a body an error keeps as an excerpt.
pub const BODY_EXCERPT_LIMIT: usize = 512;

/// The most bytes of a venue's message a [`VenueError`] keeps (then a note says it was cut).
pub const MESSAGE_LIMIT: usize = 512;

/// The most bytes of a venue's code a [`VenueError`] keeps (then a note says it was cut).
pub const CODE_LIMIT: usize = 64;

/// The most bytes of a [`DecodeError`]'s reason kept (then a note says it was cut). serde's
/// messages quote the offending input (`invalid type: string "…"`), so a reason is as long as
/// whatever the venue put in that field.
pub const REASON_LIMIT: usize = 512;

/// The most bytes of a [`DecodeError`]'s JSON path kept (then a note says it was cut). The
/// path holds the answer's own map keys, which the venue chooses.
pub const PATH_LIMIT: usize = 256;

/// How many bytes [`bounded`]'s note (`… (cut: N bytes in all)`) adds at most: the ellipsis and
/// the text around a `usize` of 20 digits. Display and Debug cut again only what is longer
/// than a limit plus this, so a value already cut at construction is shown as it is.
const CUT_NOTE_MAX: usize = 48;

/// `text` cut to at most `limit` bytes on a character boundary, followed by a note saying it was
/// cut and how long it was (`abc… (cut: 1048576 bytes in all)`); `text` itself when it fits.
///
/// Errors keep venue-controlled text (messages, codes, serde's reasons quoting the input)
/// through this, so an answer of a mebibyte never makes an error of a mebibyte.
pub fn bounded(text: impl Into<String>, limit: usize) -> String {
    let text = text.into();
    if text.len() <= limit {
        return text;
    }
    // A new string rather than `truncate`, which would keep the whole allocation alive.
    bounded_str(&text, limit)
}

/// [`bounded`] for borrowed text: copies at most `limit` bytes of it.
pub(crate) fn bounded_str(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_owned();
    }
    let mut out = String::with_capacity(limit + CUT_NOTE_MAX);
    // Writing to a String cannot fail.
    let _ = write_cut(&mut out, text, limit);
    out
}

/// Writes the first `limit` bytes of `text` (on a character boundary) and the cut note.
fn write_cut(out: &mut impl fmt::Write, text: &str, limit: usize) -> fmt::Result {
    let mut cut = limit.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    write!(out, "{}… (cut: {} bytes in all)", &text[..cut], text.len())
}

/// Shows a field that construction has already bounded, bounding it again only when it was
/// set directly (the fields are public) to something longer.
struct Shown<'a>(&'a str, usize);

impl Shown<'_> {
    fn needs_cut(&self) -> bool {
        self.0.len() > self.1 + CUT_NOTE_MAX
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.needs_cut() {
            write_cut(f, self.0, self.1)
        } else {
            f.write_str(self.0)
        }
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.needs_cut() {
            let mut cut = String::with_capacity(self.1 + CUT_NOTE_MAX);
            write_cut(&mut cut, self.0, self.1)?;
            fmt::Debug::fmt(cut.as_str(), f)
        } else {
            fmt::Debug::fmt(self.0, f)
        }
    }
}

/// Whether a failed request reached the venue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sent {
    /// Nothing left this process: safe to fix and send again.
    No,
    /// The request may have been written before the failure. A write must be reconciled
    /// (look the order or transfer up) before it is sent again.
    Maybe,
    /// The venue answered.
    Yes,
}

/// What kind of failure an [`Error`] is, in the spirit of ccxt's error hierarchy.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The request was rejected by validation before it was sent.
    InvalidRequest,
    /// The client has no credentials for a private endpoint.
    MissingCredentials,
    /// The credentials were refused (bad key, bad signature, expired token).
    Authentication,
    /// The credentials are valid but not allowed to do this.
    Permission,
    /// Not enough balance for the operation.
    InsufficientFunds,
    /// The venue rejected the order's parameters.
    InvalidOrder,
    /// The order (or other object) does not exist.
    OrderNotFound,
    /// Too many requests; see [`VenueError::retry_after`].
    RateLimited,
    /// The nonce or timestamp was refused (reused, too old, out of window).
    InvalidNonce,
    /// The venue already has this request (idempotency key, serial number).
    Duplicate,
    /// The venue is down, overloaded or in maintenance.
    Unavailable,
    /// The venue refused the request as malformed.
    BadRequest,
    /// The resource or route does not exist.
    NotFound,
    /// No answer in time.
    Timeout,
    /// The connection failed or was lost.
    Network,
    /// The answer could not be decoded.
    Decode,
    /// The client was configured wrongly.
    Config,
    /// The venue's answer contradicts the request (see [`Error::Mismatch`]).
    Mismatch,
    /// Anything else the venue said.
    Other,
}

impl ErrorKind {
    /// The kind commonly implied by an HTTP status alone, used when the venue gives no code.
    pub fn from_status(status: StatusCode) -> ErrorKind {
        match status.as_u16() {
            400 | 405 | 409 | 413 | 415 | 422 => ErrorKind::BadRequest,
            401 => ErrorKind::Authentication,
            403 => ErrorKind::Permission,
            404 => ErrorKind::NotFound,
            429 => ErrorKind::RateLimited,
            500 | 502..=504 => ErrorKind::Unavailable,
            _ => ErrorKind::Other,
        }
    }
}

/// The venue's own refusal: the HTTP status, its code and message, and the raw body.
///
/// The code and message come from the network: [`VenueError::new`] and
/// [`VenueError::with_code`] keep at most [`MESSAGE_LIMIT`] and [`CODE_LIMIT`] bytes of them
/// (with a note saying they were cut), and `Display`/`Debug` show at most that much even of
/// fields set directly.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VenueError {
    /// HTTP status of the answer (200 for venues that put errors inside a 200 envelope).
    pub status: StatusCode,
    /// The venue's error code as it sent it (`"40001"`, `"12070528"`, `"2129a"`), when it sent one;
    /// cut to [`CODE_LIMIT`] bytes.
    pub code: Option<String>,
    /// The venue's message, or the status' reason when it sent none; cut to [`MESSAGE_LIMIT`]
    /// bytes.
    pub message: String,
    /// What kind of failure this is.
    pub kind: ErrorKind,
    /// How long the venue asked us to wait (`Retry-After`), when it said.
    pub retry_after: Option<Duration>,
    /// The raw body, kept in full (it is the venue's answer and holds no secret of ours).
    pub body: bytes::Bytes,
}

impl VenueError {
    /// A venue error with status, kind and message; code, retry-after and body empty.
    /// A message longer than [`MESSAGE_LIMIT`] bytes is cut, and says so.
    pub fn new(status: StatusCode, kind: ErrorKind, message: impl Into<String>) -> Self {
        VenueError {
            status,
            code: None,
            message: bounded(message, MESSAGE_LIMIT),
            kind,
            retry_after: None,
            body: bytes::Bytes::new(),
        }
    }

    /// Sets the venue's code. A code longer than [`CODE_LIMIT`] bytes is cut, and says so.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(bounded(code, CODE_LIMIT));
        self
    }

    /// Keeps the raw body.
    pub fn with_body(mut self, body: bytes::Bytes) -> Self {
        self.body = body;
        self
    }

    /// Sets the venue's requested wait.
    pub fn with_retry_after(mut self, retry_after: Option<Duration>) -> Self {
        self.retry_after = retry_after;
        self
    }

    /// The body as text, lossily, for display.
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

impl fmt::Debug for VenueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VenueError")
            .field("status", &self.status.as_u16())
            .field("code", &self.code.as_deref().map(|c| Shown(c, CODE_LIMIT)))
            .field("message", &Shown(&self.message, MESSAGE_LIMIT))
            .field("kind", &self.kind)
            .field("retry_after", &self.retry_after)
            .field("body", &excerpt(&self.body))
            .finish()
    }
}

impl fmt::Display for VenueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status.as_u16())?;
        if let Some(code) = &self.code {
            write!(f, ", code {}", Shown(code, CODE_LIMIT))?;
        }
        write!(f, ": {}", Shown(&self.message, MESSAGE_LIMIT))
    }
}

/// An answer that could not be decoded into the expected type.
///
/// Path and reason come from the answer (its keys; serde's messages quote its values):
/// [`DecodeError::new`] and [`Error::decode`] keep at most [`PATH_LIMIT`] and [`REASON_LIMIT`]
/// bytes of them, with a note saying they were cut.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// The JSON path that failed (`data.items[3].price`), `.` for the document itself; cut to
    /// [`PATH_LIMIT`] bytes.
    pub path: String,
    /// What went wrong there; cut to [`REASON_LIMIT`] bytes.
    pub reason: String,
    /// HTTP status of the answer.
    pub status: StatusCode,
    /// The first [`BODY_EXCERPT_LIMIT`] bytes of the body, lossily as text.
    pub excerpt: String,
}

impl DecodeError {
    /// A decode failure at a JSON path of an answer with this status and body; path and reason
    /// are cut to [`PATH_LIMIT`] and [`REASON_LIMIT`] bytes, the body to an excerpt of
    /// [`BODY_EXCERPT_LIMIT`] bytes.
    pub fn new(
        path: impl Into<String>,
        reason: impl Into<String>,
        status: StatusCode,
        body: &[u8],
    ) -> Self {
        DecodeError {
            path: bounded(path, PATH_LIMIT),
            reason: bounded(reason, REASON_LIMIT),
            status,
            excerpt: excerpt(body),
        }
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("path", &Shown(&self.path, PATH_LIMIT))
            .field("reason", &Shown(&self.reason, REASON_LIMIT))
            .field("status", &self.status)
            .field("excerpt", &Shown(&self.excerpt, BODY_EXCERPT_LIMIT))
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the answer (HTTP {}) at `{}`: {}",
            self.status.as_u16(),
            Shown(&self.path, PATH_LIMIT),
            Shown(&self.reason, REASON_LIMIT)
        )
    }
}

/// Every failure of a venue call.
#[non_exhaustive]
#[derive(Debug)]
pub enum Error {
    /// Client-side validation refused the request; nothing was sent.
    InvalidRequest {
        /// The parameter at fault, named as the venue names it.
        param: String,
        /// Why it was refused.
        reason: String,
    },

    /// A private endpoint was called without credentials; nothing was sent.
    MissingCredentials(String),

    /// The client could not be built or a request could not be prepared; nothing was sent.
    Config(String),

    /// No answer within the configured bound.
    Timeout {
        /// Whether the request may have reached the venue.
        sent: Sent,
        /// How long the attempt ran.
        elapsed: Duration,
        /// The transport's error (boxed: the transport's own types stay out of this API).
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },

    /// The connection failed, or was lost after the request was written.
    Connection {
        /// Whether the request may have reached the venue.
        sent: Sent,
        /// What the transport said.
        message: String,
        /// The transport's error (boxed: the transport's own types stay out of this API).
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },

    /// The venue answered with a refusal.
    Venue(Box<VenueError>),

    /// The answer could not be decoded.
    Decode(Box<DecodeError>),

    /// The answer's body is larger than the configured cap; it was not read whole.
    BodyTooLarge {
        /// The cap in bytes.
        limit: usize,
        /// HTTP status of the answer.
        status: u16,
    },

    /// A write was repeated after an uncertain attempt and the venue answered that it already
    /// has it: the earlier attempt went through. The key identifies it.
    AlreadyDone {
        /// The idempotency key the write carried.
        key: String,
        /// The venue's "duplicate" answer.
        venue: Box<VenueError>,
    },

    /// The venue answered, but its answer contradicts what was asked (a partial close echoed
    /// as a full one, say): the venue may have done something other than intended, so the
    /// caller must reconcile before acting again.
    Mismatch {
        /// The venue's name of the field that differs.
        field: String,
        /// What the request asked.
        asked: String,
        /// What the venue answered (cut to 64 characters).
        answered: String,
    },

    /// Not sent: the venue asked every client of the account to wait (a `429`'s
    /// `Retry-After`) for longer than the call's per-attempt timeout, so the call failed at
    /// once instead of waiting silently. [`Error::retry_after`] is the time left.
    Blocked {
        /// How long until the venue's wait is over.
        remaining: Duration,
    },

    /// A write that may have been sent failed; the idempotency key identifies it so the caller
    /// can reconcile or repeat it safely.
    WithKey {
        /// The idempotency key the write carried.
        key: String,
        /// The failure.
        source: Box<Error>,
    },
}

// Written out rather than derived: a derive macro crate would add its build to every user's
// first build for these few lines.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn reached(sent: &Sent, not_sent: &'static str) -> &'static str {
            if *sent == Sent::No {
                not_sent
            } else {
                "the request may have been sent"
            }
        }
        match self {
            Error::InvalidRequest { param, reason } => {
                write!(f, "invalid request: `{param}` {reason}")
            }
            Error::MissingCredentials(what) => write!(f, "missing credentials: {what}"),
            Error::Config(what) => write!(f, "configuration: {what}"),
            Error::Timeout { sent, elapsed, .. } => write!(
                f,
                "timed out after {elapsed:?} ({})",
                reached(sent, "while connecting, not sent")
            ),
            Error::Connection { sent, message, .. } => write!(
                f,
                "connection failed ({}): {message}",
                reached(sent, "not sent")
            ),
            Error::Venue(venue) => write!(f, "venue error: {venue}"),
            Error::Decode(decode) => decode.fmt(f),
            Error::BodyTooLarge { limit, status } => write!(
                f,
                "answer body larger than the {limit} byte cap (HTTP {status})"
            ),
            Error::AlreadyDone { key, venue } => write!(
                f,
                "the write already succeeded on an earlier attempt (idempotency key {key}): {venue}"
            ),
            Error::Mismatch {
                field,
                asked,
                answered,
            } => write!(
                f,
                "the venue's answer does not match the request: `{field}` was asked as {asked}, the venue answered {answered}"
            ),
            Error::Blocked { remaining } => write!(
                f,
                "not sent: the venue asked this account to wait {remaining:?} more (Retry-After), longer than the call's timeout"
            ),
            Error::WithKey { key, source } => write!(f, "{source} (idempotency key {key})"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Timeout { source, .. } | Error::Connection { source, .. } => source
                .as_deref()
                .map(|e| e as &(dyn std::error::Error + 'static)),
            Error::WithKey { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

impl Error {
    /// A validation error naming the parameter.
    pub fn invalid(param: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidRequest {
            param: param.into(),
            reason: reason.into(),
        }
    }

    /// An answer that contradicts the request: `field` was asked as `asked`, the venue
    /// answered `answered` (kept to its first 64 characters).
    pub fn mismatch(
        field: impl Into<String>,
        asked: impl ToString,
        answered: impl ToString,
    ) -> Self {
        let answered: String = answered.to_string().chars().take(64).collect();
        Error::Mismatch {
            field: field.into(),
            asked: asked.to_string(),
            answered,
        }
    }

    /// Wraps a venue refusal.
    pub fn venue(v: VenueError) -> Self {
        Error::Venue(Box::new(v))
    }

    /// A decode failure at a JSON path (see [`DecodeError::new`] for the bounds it applies).
    pub fn decode(
        path: impl Into<String>,
        reason: impl Into<String>,
        status: StatusCode,
        body: &[u8],
    ) -> Self {
        Error::Decode(Box::new(DecodeError::new(path, reason, status, body)))
    }

    /// Whether the request reached the venue.
    pub fn sent(&self) -> Sent {
        match self {
            Error::InvalidRequest { .. }
            | Error::MissingCredentials(_)
            | Error::Config(_)
            | Error::Blocked { .. } => Sent::No,
            Error::Timeout { sent, .. } | Error::Connection { sent, .. } => *sent,
            Error::Venue(_) | Error::Decode(_) | Error::BodyTooLarge { .. } => Sent::Yes,
            Error::AlreadyDone { .. } | Error::Mismatch { .. } => Sent::Yes,
            Error::WithKey { source, .. } => source.sent(),
        }
    }

    /// Whether the request was certainly not sent (nothing to reconcile).
    pub fn was_sent(&self) -> bool {
        self.sent() != Sent::No
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidRequest { .. } => ErrorKind::InvalidRequest,
            Error::MissingCredentials(_) => ErrorKind::MissingCredentials,
            Error::Config(_) => ErrorKind::Config,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Blocked { .. } => ErrorKind::RateLimited,
            Error::Connection { .. } => ErrorKind::Network,
            Error::Venue(v) => v.kind,
            Error::Decode(_) | Error::BodyTooLarge { .. } => ErrorKind::Decode,
            Error::AlreadyDone { .. } => ErrorKind::Duplicate,
            Error::Mismatch { .. } => ErrorKind::Mismatch,
            Error::WithKey { source, .. } => source.kind(),
        }
    }

    /// Whether repeating the same request could succeed: time-outs, lost connections,
    /// rate limits and unavailability. Whether it is *safe* to repeat is the retry policy's
    /// question (it depends on the request), not this one's.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } | Error::Connection { .. } | Error::Blocked { .. } => true,
            Error::Venue(v) => match v.kind {
                ErrorKind::RateLimited | ErrorKind::Unavailable => true,
                _ => matches!(v.status.as_u16(), 429 | 502..=504),
            },
            Error::WithKey { source, .. } => source.is_retryable(),
            _ => false,
        }
    }

    /// The venue's refusal, when the venue refused.
    pub fn venue_error(&self) -> Option<&VenueError> {
        match self {
            Error::Venue(v) | Error::AlreadyDone { venue: v, .. } => Some(v),
            Error::WithKey { source, .. } => source.venue_error(),
            _ => None,
        }
    }

    /// The venue's code, when it sent one.
    pub fn code(&self) -> Option<&str> {
        self.venue_error().and_then(|v| v.code.as_deref())
    }

    /// How long the venue asked us to wait before the next request.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Blocked { remaining } => Some(*remaining),
            Error::WithKey { source, .. } => source.retry_after(),
            _ => self.venue_error().and_then(|v| v.retry_after),
        }
    }

    /// The idempotency key of a write whose outcome is uncertain or already known.
    pub fn idempotency_key(&self) -> Option<&str> {
        match self {
            Error::AlreadyDone { key, .. } | Error::WithKey { key, .. } => Some(key),
            _ => None,
        }
    }
}

/// The first [`BODY_EXCERPT_LIMIT`] bytes of a body as text, cut on a character boundary.
pub fn excerpt(body: &[u8]) -> String {
    let cut = &body[..body.len().min(BODY_EXCERPT_LIMIT)];
    let text = String::from_utf8_lossy(cut);
    let mut out = text.into_owned();
    if body.len() > BODY_EXCERPT_LIMIT {
        // The lossy conversion may have replaced a split character; the marker says it was cut.
        out.push('…');
    }
    out
}

/// The longest wait [`retry_after`] reports: a day. A larger value is a venue's (or a proxy's)
/// mistake, and unbounded values would overflow the arithmetic of whoever adds them up.
pub const RETRY_AFTER_CAP: Duration = Duration::from_secs(86_400);

/// Reads `Retry-After` (seconds, or an HTTP date) from response headers, capped at
/// [`RETRY_AFTER_CAP`].
pub fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    read_retry_after(headers).map(|wait| wait.min(RETRY_AFTER_CAP))
}

fn read_retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>()
        && secs.is_finite()
        && secs >= 0.0
    {
        return Some(Duration::from_secs_f64(secs.min(86_400.0)));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_bounded_and_marked() {
        let body = vec![b'a'; 2000];
        let e = excerpt(&body);
        assert_eq!(e.chars().filter(|c| *c == 'a').count(), BODY_EXCERPT_LIMIT);
        assert!(e.ends_with('…'));
        assert_eq!(excerpt(b"short"), "short");
    }

    #[test]
    fn excerpt_survives_a_split_character() {
        let mut body = vec![b'a'; BODY_EXCERPT_LIMIT - 1];
        body.extend_from_slice("é".as_bytes());
        body.extend_from_slice(b"tail");
        let e = excerpt(&body);
        assert!(e.starts_with("aaa"));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = http::HeaderMap::new();
        h.insert(http::header::RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(
            http::header::RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert(http::header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn questions_answer_per_variant() {
        let e = Error::invalid("limit", "must be at most 100");
        assert_eq!(e.sent(), Sent::No);
        assert!(!e.is_retryable());
        assert_eq!(e.kind(), ErrorKind::InvalidRequest);
        assert_eq!(
            e.to_string(),
            "invalid request: `limit` must be at most 100"
        );

        let v = VenueError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::RateLimited,
            "slow",
        )
        .with_code("429")
        .with_retry_after(Some(Duration::from_secs(1)));
        let e = Error::venue(v);
        assert_eq!(e.sent(), Sent::Yes);
        assert!(e.is_retryable());
        assert_eq!(e.code(), Some("429"));
        assert_eq!(e.retry_after(), Some(Duration::from_secs(1)));

        let e = Error::decode("data.price", "invalid decimal", StatusCode::OK, b"{}");
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert!(e.to_string().contains("data.price"));

        let e = Error::WithKey {
            key: "abc12345".into(),
            source: Box::new(Error::Connection {
                sent: Sent::Maybe,
                message: "reset".into(),
                source: None,
            }),
        };
        assert_eq!(e.sent(), Sent::Maybe);
        assert_eq!(e.idempotency_key(), Some("abc12345"));
        assert_eq!(e.kind(), ErrorKind::Network);
    }

    #[test]
    fn status_kinds() {
        assert_eq!(
            ErrorKind::from_status(StatusCode::UNAUTHORIZED),
            ErrorKind::Authentication
        );
        assert_eq!(
            ErrorKind::from_status(StatusCode::SERVICE_UNAVAILABLE),
            ErrorKind::Unavailable
        );
        assert_eq!(
            ErrorKind::from_status(StatusCode::IM_A_TEAPOT),
            ErrorKind::Other
        );
    }
}

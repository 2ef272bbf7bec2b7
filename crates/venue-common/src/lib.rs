//! The shared runtime of the venue SDK crates (`coinflex-rs`, `alp-rs`, `mudawyl-rs`,
//! `iqfinex-rs`, `matrixport-rs`).
//!
//! Users rarely name this crate: each venue crate re-exports what its API shows ([`Error`],
//! [`ErrorKind`], [`RetryPolicy`], [`Rate`]). Venue crates build on it:
//!
//! - [`Request`]: a request as data; [`Signer`]: the venue's authentication hook;
//! - [`Core`]: paces, signs, sends through one pooled [`Transport`], decodes, retries what is
//!   safe to repeat ([`RetryPolicy`]), and traces one span per attempt;
//! - [`sign`]: HMAC-SHA256 in hex and base64, encoded and sorted query strings;
//! - [`NonceStore`] ([`NonceSource`]): strictly increasing nonces; [`RateLimiter`]
//!   ([`Pacer`]): pacing; [`fleet`]: both shared by every client of one account, in this
//!   process or, with the `redis` feature, across processes through Redis;
//! - [`secret`]: credentials that never print;
//! - [`serde_ext`]: exact decimals, timestamps, `""`-as-`None`;
//! - [`pagination`]: pages as streams;
//! - `sim` (feature `sim`): the skeleton of the venue crates' local venues.
//!
//! ```
//! use venue_common::{Request, sign};
//! use venue_common::secret::SecretString;
//!
//! let request = Request::get("/v2/borrow/BTC").query("limit", 10).private();
//! assert_eq!(request.query_string(), "limit=10");
//! let secret = SecretString::from("key".to_string());
//! let sig = sign::hmac_sha256_hex(&secret, b"The quick brown fox jumps over the lazy dog");
//! assert_eq!(sig, "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
pub mod clock;
pub mod core;
// For `dec!`'s expansion.
#[doc(hidden)]
pub mod dec;
pub mod decimal_text;
pub mod endpoint;
mod enums;
pub mod error;
pub mod fleet;
mod json_path;
pub mod nonce;
pub mod pacing;
pub mod pagination;
pub mod random;
pub mod request;
pub mod retry;
pub mod rfc3339;
pub mod secret;
pub mod serde_ext;
pub mod sign;
pub mod signer;
#[cfg(feature = "sim")]
pub mod sim;
pub mod transport;

pub use crate::api::{ApiRequest, Call, Dispatch, PagedRequest, RawCall};
pub use crate::clock::{Clock, ManualClock, SharedClock, SystemClock};
pub use crate::core::{Core, CoreBuilder};
pub use crate::endpoint::{Endpoint, HttpMethod, Location, Param};
pub use crate::error::{DecodeError, Error, ErrorKind, Result, Sent, VenueError};
pub use crate::fleet::{Account, RedisOptions, SharedTurn, StoreError, Turn, TurnGuard};
pub use crate::nonce::{NonceSource, NonceStore, NonceUnit, SharedNonces};
pub use crate::pacing::{PaceError, Pacer, Rate, RateLimiter, Scope, SharedLimiter};
pub use crate::pagination::{Page, offset_stream, token_stream};
pub use crate::request::{Auth, Body, Idempotency, Request};
pub use crate::retry::{RetryMode, RetryPolicy};
pub use crate::signer::{HeaderSlots, NoAuth, SignContext, Signer};
pub use crate::transport::{Response, Transport, TransportConfig, decode_json};

pub use bytes::Bytes;
pub use chrono::{DateTime, NaiveDate, Utc};
pub use http::{HeaderMap, HeaderValue, Method, StatusCode};
pub use rust_decimal::Decimal;
pub use url::Url;

// For `open_enum!`'s expansion in venue crates.
#[doc(hidden)]
pub use serde as __serde;

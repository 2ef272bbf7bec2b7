//! Matrixport Prime Broker API client: every endpoint of the venue's document (trading
//! accounts, margin loans, risk control), typed and signed, with exact decimals, idempotent
//! writes, paging streams and a local venue (feature `sim`) for tests.
//!
//! ```no_run
//! use matrixport_rs::prelude::*;
//!
//! # async fn demo() -> Result<()> {
//! let client = Client::builder()
//!     .credentials(Credentials::new("access-key", "secret-key"))
//!     .build()?;
//! let accounts = client.account_list().limit(20).await?; // `limit` is required by the venue
//! for account in &accounts.items {
//!     println!("{} {:?}", account.account_id, account.status);
//! }
//! // Writes carry a serial_no/request_id (generated unless given) and are safe to retry.
//! let receipt = client
//!     .transfer("888.bal", "888_binance_1", "USDT", Decimal::new(125, 1))
//!     .await?;
//! let record = client.transfer_record(&receipt.key).await?;
//! println!("transfer {} is {:?}", record.serial_no, record.process);
//! # Ok(())
//! # }
//! ```
//!
//! # How it is organised
//!
//! - [`Client`] has one method per endpoint, named after its spec id: required parameters as
//!   arguments, optional ones as setters on the returned [`Call`], which `.await` sends. List
//!   endpoints also page with [`Call::into_stream`]. Every request is a plain type too, named
//!   after the endpoint ([`TransferRequest`], [`OrderListRequest`], ...), that [`Client::send`]
//!   accepts, and [`Client::raw`] signs anything the SDK does not model.
//! - The requests, the client methods and the call's setters are generated from
//!   `spec/endpoints.toml` into [`generated`], on venue-common's one request layer
//!   ([`venue_common::ApiRequest`]); the transfer is written by hand against the same trait.
//! - [`trading`], [`margin`] and [`risk`] hold the models and the checks of the document's
//!   constraints; [`auth`] the signing recipe as pure functions; [`error`] the envelope and the
//!   code table ([`ApiCode`]); [`enums`] every documented enum; [`validate`] the shared checks.
//!
//! # Writes and retries
//!
//! Transfers and profit accruals carry `serial_no`, the other writes `request_id`: 8 to 32
//! characters of `[a-zA-Z0-9_-]`, generated when you give none, kept across retries and
//! returned in the [`Receipt`]. A write whose outcome is unknown fails with
//! [`Error::WithKey`]; a retry the venue answers "Repeated Request" (12070528) or "Duplicate
//! Serial No" (12070132) comes back as [`Error::AlreadyDone`]: the earlier attempt went
//! through. Set Lending Account has no key and is never repeated after it may have been sent.
//!
//! # Amounts and times
//!
//! Every amount, price and rate is a [`Decimal`], sent as a string without trailing zeros.
//! Times are `chrono::DateTime<Utc>`, sent and read as milliseconds (RCU detail keeps its
//! microseconds as an integer, see [`RcuDetail::updated_at`]). No time filter takes a bare
//! number, so a time in seconds cannot go out where milliseconds are meant:
//!
//! ```compile_fail
//! use matrixport_rs::AccountFlowsRequest;
//! // A UNIX time in seconds where the venue wants milliseconds: refused by the compiler.
//! let request = AccountFlowsRequest::new().start_time(1_695_634_589);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod auth;
pub mod client;
pub mod enums;
pub mod error;
pub mod generated;
pub mod margin;
mod paging;
pub mod risk;
#[cfg(feature = "sim")]
pub mod sim;
pub mod trading;
pub mod validate;

pub use crate::auth::Credentials;
pub use crate::client::{Client, ClientBuilder, LIVE_URL};
pub use crate::enums::*;
pub use crate::error::{ApiCode, Receipt};
pub use crate::generated::client::Call;
pub use crate::generated::requests::*;
pub use crate::margin::*;
pub use crate::paging::ListPage;
pub use crate::risk::*;
pub use crate::trading::*;
// The runtime types this crate's API names (the request layer in `api`), so no user has to
// depend on venue-common by name.
pub use venue_common::api;
/// Exact decimal literals checked at compile time (`dec!(870.69)`), so examples need no
/// direct dependency on `rust_decimal`.
pub use venue_common::dec;
pub use venue_common::{
    Core, Endpoint, Request, Response, SharedClock, SharedNonces, Url, VenueError,
};
pub use venue_common::{
    Decimal, Error, ErrorKind, Method, Rate, RawCall, Result, RetryMode, RetryPolicy, Sent,
};

/// What most programs name: `use matrixport_rs::prelude::*;`.
pub mod prelude {
    pub use crate::dec;
    pub use crate::{
        Call, Client, Credentials, Decimal, Error, ErrorKind, ListPage, Receipt, Result,
    };
}

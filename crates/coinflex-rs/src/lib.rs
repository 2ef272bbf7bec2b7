//! # coinflex-rs
//!
//! A typed, async client for the borrowing endpoints of the CoinFLEX REST v2 API: borrow
//! against collateral, repay, close a borrowing, the borrowing summary and the borrow and
//! repay histories. Amounts are exact [`Decimal`]s, times `DateTime<Utc>`, every request is
//! signed exactly as the venue expects ([`auth`]), and the venue's refusals come back as typed
//! [`Error`]s ([`error`]). With the `sim` feature, `sim::LocalVenue` is a faithful local
//! CoinFLEX for tests.
//!
//! ```no_run
//! use coinflex_rs::{Client, Credentials, Environment};
//! use rust_decimal::Decimal;
//!
//! # async fn run() -> Result<(), coinflex_rs::Error> {
//! let client = Client::builder()
//!     .environment(Environment::Test)                       // default: Environment::Live
//!     .credentials(Credentials::new("api-key", "api-secret"))
//!     .build()?;
//! let summary = client.borrowing_summary().await?;
//! for row in &summary {
//!     println!("{} {} against {} {}", row.borrowed_amount, row.borrow_asset,
//!              row.collateralized_amount, row.collateral_asset);
//! }
//! let borrowed = client.borrow("USD", "BTC", Decimal::new(1, 2)).await?;   // 0.01 BTC
//! println!("borrowed {} USD", borrowed.borrowed_amount);
//! let history = client.borrow_history("BTC").limit(50).await?;
//! println!("{} borrows in the last 24 hours", history.len());
//! # Ok(()) }
//! ```
//!
//! Every call can also be built as data and sent with [`Client::send`]
//! (`client.send(BorrowHistoryRequest::new("BTC").limit(10))`), and [`Client::raw`] signs a
//! request to any path the crate does not model.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod auth;
pub mod borrowing;
pub mod client;
pub mod error;
pub mod generated;
pub mod model;
#[cfg(feature = "sim")]
pub mod sim;

pub use crate::auth::Credentials;
pub use crate::borrowing::{Borrowing, BorrowingSummary, CloseBorrowOrder, HistoryItem, Repayment};
pub use crate::client::{Client, ClientBuilder, Environment, LIVE_URL, TEST_URL};
pub use crate::generated::client::Call;
pub use crate::generated::requests::*;
pub use crate::model::{
    BorrowStatus, Envelope, Notice, OrderStatus, OrderType, RateType, Side, SummaryStatus,
    TimeInForce,
};
pub use venue_common::api::{ApiRequest, RawCall};
// The runtime types this crate's API names (the request layer in `api`), so no user has to
// depend on venue-common by name.
pub use venue_common::api;
/// Exact decimal literals checked at compile time (`dec!(870.69)`), so examples need no
/// direct dependency on `rust_decimal`.
pub use venue_common::dec;
pub use venue_common::{Core, Endpoint, Request, Response, SharedNonces};
pub use venue_common::{
    Decimal, Error, ErrorKind, Method, Rate, Result, RetryPolicy, Scope, Sent, SharedClock, Url,
    VenueError,
};

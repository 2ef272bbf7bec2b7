//! Typed async client for the [ALP.COM](https://alp.com) HTTP API v1 and v3.
//!
//! One [`Client`] serves both APIs: [`Client::v1`] and [`Client::v3`] return handles with one
//! method per endpoint, named after its id in `spec/endpoints.toml`. A method returns a
//! [`Call`]: set optional parameters with its setters, then `.await` it. The same request is
//! plain data too (`CreateOrderRequest`, `OrdersRequest`, ...): build it and send it with
//! [`Client::send`]. Both APIs sit below one API root ([`LIVE_URL`], `https://www.alp.com/api`), so a client has
//! one base URL, one connection pool, one pacer (2 authorized calls/s per account, shared by
//! v1 and v3, and 100 public calls/s) and one nonce source.
//!
//! ```no_run
//! use alp_rs::prelude::*;
//! use alp_rs::v1;
//!
//! # async fn run() -> alp_rs::Result<()> {
//! let client = Client::builder()
//!     .credentials(Credentials::new("api key", "api secret"))
//!     .build()?;
//! let book = client.v1().orderbook("BTC_USD").limit_sell(10).limit_buy(10).await?;
//! let placed = client
//!     .v1()
//!     .create_order(v1::Side::Buy, "BTC_USD", Decimal::new(1, 3), Decimal::new(87069, 2))
//!     .await?;
//! let orders = client.v3().orders().pair("BTC_USDT").open_only(true).await?;
//! let wallets = client.send(WalletsRequest::new()).await?;
//! # let _ = (book, placed, orders, wallets);
//! # Ok(()) }
//! ```
//!
//! `client.raw(Method::GET, "/v1/...")` signs anything not modelled here. Models and enums
//! live in [`v1`] and [`v3`] (both APIs have a `Side`, an `Order`, an `OrderStatus`).
//!
//! With the `sim` feature, [`sim`] runs a local ALP.COM (both APIs, one state) for tests.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod auth;
pub mod client;
pub mod error;
pub mod generated;
mod lenient;
#[cfg(feature = "sim")]
pub mod sim;
pub mod v1;
pub mod v3;

pub use auth::Credentials;
pub use client::{Client, ClientBuilder, DOCUMENT_URL, LIVE_URL, default_rates};
pub use generated::client::Call;
pub use generated::requests::*;
pub use venue_common::api::RawCall;
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
    Decimal, Error, ErrorKind, Method, Rate, Result, RetryMode, RetryPolicy, Scope, Sent,
};

/// What most programs name: `use alp_rs::prelude::*;`.
pub mod prelude {
    pub use crate::dec;
    pub use crate::generated::requests::*;
    pub use crate::{Call, Client, Credentials, Decimal, Error, ErrorKind, Method, Result};
}

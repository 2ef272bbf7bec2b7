//! A typed async client for the IQFinex public and authorized REST API
//! (`https://datacenter.iqfinex.com`), with a local in-process venue (feature `sim`).
//!
//! - One method per endpoint of the venue's document, named after its spec id; required
//!   parameters are arguments, optional ones setters, `.await` sends ([`Call`]). The same
//!   request can be built as data (`TradesRequest::new("BTCUSDT").limit(50)`, one
//!   `<Id>Request` per endpoint) and sent with [`Client::send`]; [`Client::raw`] calls anything
//!   not modelled.
//! - The `{"status", "data"}` envelope is unwrapped; a `status` other than 200 in the body is
//!   an error even under HTTP 200. 401 (invalid key), 402 (forbidden for this key) and 403
//!   (expired) stay distinct: [`ApiStatus::of`].
//! - Money is [`rust_decimal::Decimal`], decoded from the venue's JSON numbers without passing
//!   through `f64`; times are `DateTime<Utc>` (the venue sends UNIX seconds).
//! - Listings page lazily: `client.closed_orders().into_stream()`.
//!
//! ```no_run
//! use iqfinex_rs::prelude::*;
//! use rust_decimal_macros::dec;
//!
//! # async fn demo() -> iqfinex_rs::Result<()> {
//! let client = Client::builder()
//!     .credentials(Credentials::new("my-api-key"))
//!     .build()?;
//! let book = client.orderbook("BTCUSDT", Rounding::Exact).await?;
//! let trades = client.my_trades().limit(50).sort(Sort::Asc).await?;
//! let order = client
//!     .open_order(OpenOrderRequest::limit("ETHBTC", Side::Sell, dec!(1.245), dec!(0.03437)))
//!     .await?;
//! let page = client.send(iqfinex_rs::ClosedOrdersRequest::new().limit(100)).await?;
//! # let _ = (book, trades, order, page);
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod account;
pub mod auth;
pub mod client;
pub mod error;
pub mod generated;
pub mod market;
pub mod orders;
#[cfg(feature = "sim")]
pub mod sim;
pub mod types;

pub use crate::account::{AccountInfo, Balance, Balances};
pub use crate::auth::Credentials;
pub use crate::client::{Client, ClientBuilder, LIVE_URL};
pub use crate::error::ApiStatus;
pub use crate::generated::client::Call;
pub use crate::generated::requests::*;
pub use crate::market::{
    Asset, Candle, Currency, CurrencyType, Frame, Level, OrderBook, PublicTrade, Rounding, Ticker,
};
pub use crate::orders::{MyTrade, OpenOrderRequest, Order, OrderStatus, OrderType};
pub use crate::types::{Paged, Seen, Side, Sort};
pub use venue_common::api::{ApiRequest, PagedRequest, RawCall};
// The runtime types this crate's API names (the request layer in `api`), so no user has to
// depend on venue-common by name.
pub use venue_common::api;
/// Exact decimal literals checked at compile time (`dec!(870.69)`), so examples need no
/// direct dependency on `rust_decimal`.
pub use venue_common::dec;
pub use venue_common::{Core, Endpoint, Method, Request, Response, SharedClock, SharedNonces, Url};
pub use venue_common::{
    Decimal, Error, ErrorKind, Rate, Result, RetryPolicy, Scope, Sent, VenueError,
};

/// What most programs name: `use iqfinex_rs::prelude::*;`.
pub mod prelude {
    pub use crate::dec;
    pub use crate::{
        ApiStatus, Client, Credentials, Decimal, Error, ErrorKind, Frame, OpenOrderRequest, Result,
        Rounding, Side, Sort,
    };
}

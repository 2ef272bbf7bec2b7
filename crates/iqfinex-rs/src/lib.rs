//! A typed async client for the IQFinex public and authorized REST API
//! (`https://datacenter.iqfinex.com`), with a local in-process venue (feature `sim`).
//!
//! - One method per endpoint of the venue's document; required parameters are arguments,
//!   optional ones setters, `.await` sends ([`Call`]). The same request can be built as data
//!   and sent with [`Client::send`]; [`Client::raw`] calls anything not modelled.
//! - The `{"status", "data"}` envelope is unwrapped; a `status` other than 200 in the body is
//!   an error even under HTTP 200. 401 (invalid key), 402 (forbidden for this key) and 403
//!   (expired) stay distinct: [`ApiStatus::of`].
//! - Money is [`rust_decimal::Decimal`], decoded from the venue's JSON numbers without passing
//!   through `f64`; times are `DateTime<Utc>` (the venue sends UNIX seconds).
//! - Listings page lazily: `client.closed_orders().into_stream()`.
//!
//! ```no_run
//! use iqfinex_rs::{Client, Credentials, NewOrder, Rounding, Side, Sort};
//! use rust_decimal_macros::dec;
//!
//! # async fn demo() -> iqfinex_rs::Result<()> {
//! let client = Client::builder()
//!     .credentials(Credentials::new("my-api-key"))
//!     .build()?;
//! let book = client.orderbook("BTCUSDT", Rounding::Exact).await?;
//! let trades = client.my_trades().limit(50).sort(Sort::Asc).await?;
//! let order = client
//!     .open_order(NewOrder::limit("ETHBTC", Side::Sell, dec!(1.245), dec!(0.03437)))
//!     .await?;
//! # let _ = (book, trades, order);
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
mod num;
pub mod orders;
#[cfg(feature = "sim")]
pub mod sim;
pub mod types;

pub use crate::account::{AccountInfo, Balance, Balances};
pub use crate::auth::Credentials;
pub use crate::client::{ApiRequest, Call, Client, ClientBuilder, LIVE_URL, PagedRequest, RawCall};
pub use crate::error::ApiStatus;
pub use crate::market::{
    Asset, Candle, Currency, CurrencyType, Frame, Level, OrderBook, PublicTrade, Rounding, Ticker,
};
pub use crate::orders::{MyTrade, NewOrder, Order, OrderStatus, OrderType};
pub use crate::types::{Paged, Side, Sort};
pub use venue_common::{Error, ErrorKind, Rate, Result, RetryPolicy, Scope, Sent, VenueError};

//! A typed async client for the **Mudawyl user API**: public strategy data, the account's
//! profile, exchange API keys, notifications and subscriptions, trade history, manual futures
//! orders and strategy follows — every one of the document's 37 endpoints.
//!
//! Mudawyl publishes no base URL, so the builder needs one. Private endpoints carry the AWS
//! Cognito JWT in `Authorization` (as is, no scheme), from a fixed token or a provider asked per
//! request; writes carry a single-use reCAPTCHA v3 token from a provider, when one is set.
//!
//! ```no_run
//! use mudawyl_rs::{Amount, Client, ManualOrder, Price, Side, StopLoss, Trigger};
//! use rust_decimal_macros::dec;
//!
//! # async fn run() -> Result<(), mudawyl_rs::Error> {
//! let client = Client::builder()
//!     .base_url("https://api.example.com")
//!     .token(std::env::var("MUDAWYL_TOKEN").unwrap_or_default())
//!     .recaptcha_provider(|| async { Ok(mudawyl_rs::Token::new("fresh-recaptcha-token")) })
//!     .build()?;
//! let plans = client.list_subscription_plans().await?;
//! let keys = client.list_exchange_keys().await?;
//! if let Some(key) = keys.items.first() {
//!     let order = ManualOrder::market("BTC/USDT", Side::Buy, Amount(dec!(0.05)))
//!         .take_profits([dec!(19250), dec!(19300)])
//!         .stop_loss(StopLoss::limit(Trigger(dec!(19000)), Price(dec!(19000))));
//!     let placed = client.create_manual_order(key.id, order).await?;
//!     println!("{} plans, {} orders placed", plans.items.len(), placed.len());
//! }
//! # Ok(()) }
//! ```
//!
//! Every method is named after its endpoint's spec id and returns a [`Call`] bound to the
//! client: optional parameters are setters on it, `.await` sends it, and it owns what it needs
//! (`Send + 'static`), so it can be spawned. The same request is plain data
//! (`<Id>Request::new(..)`, e.g. [`ListOpenOrdersRequest`]) that [`Client::send`] sends;
//! [`Client::raw`] signs a call to any path the crate does not model.
//!
//! Errors are [`Error`]: validation failures never leave the process
//! ([`Error::InvalidRequest`] names the venue's parameter); the venue's 422 keeps every entry
//! ([`validation_errors`]); 433 carries the code from the parentheses (`2129a`).
//!
//! With the `sim` feature, the `sim` module runs a local Mudawyl for tests.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod account;
pub mod auth;
pub mod client;
pub mod error;
pub mod follows;
pub mod generated;
mod lists;
pub mod public;
mod serde_util;
pub mod trading;
pub mod types;
pub mod validate;

#[cfg(feature = "sim")]
pub mod sim;

pub use account::*;
pub use auth::{Credentials, RecaptchaProvider, TokenProvider};
pub use client::{Client, ClientBuilder};
pub use error::validation_errors;
pub use follows::*;
pub use generated::client::Call;
pub use generated::requests::*;
pub use public::*;
pub use serde_util::{format_time, parse_time};
pub use trading::*;
pub use types::*;
pub use validate::FieldError;
// The runtime types this crate's API names (the request layer in `api`), so no user has to
// depend on venue-common by name.
pub use venue_common::api;
/// Exact decimal literals checked at compile time (`dec!(870.69)`), so examples need no
/// direct dependency on `rust_decimal`.
pub use venue_common::dec;
pub use venue_common::secret::Token;
pub use venue_common::{
    ApiRequest, Decimal, Error, ErrorKind, PagedRequest, Rate, Result, RetryPolicy, Scope, Sent,
    VenueError,
};
pub use venue_common::{Core, Endpoint, Method, Request, Response, SharedClock, SharedNonces, Url};

/// A signed call to any path ([`Client::raw`]).
pub type RawCall = venue_common::RawCall<Client>;

/// What most programs name: `use mudawyl_rs::prelude::*;`.
pub mod prelude {
    pub use crate::{
        Amount, ApiRequest, Call, Client, Credentials, Error, ErrorKind, ExchangeId, Interval,
        ManualOrder, MarginType, Price, Result, Side, StopLoss, StrategyType, Token, TradeType,
        Trigger,
    };
    pub use crate::{Decimal, dec};
}

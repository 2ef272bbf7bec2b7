//! Matrixport Prime Broker API client: every endpoint of the document, typed and signed, with
//! exact decimals, idempotent writes and a local venue (feature `sim`) for tests.
//!
//! ```no_run
//! use matrixport_rs::{Client, Credentials};
//! use rust_decimal::Decimal;
//!
//! # async fn demo() -> Result<(), matrixport_rs::Error> {
//! let client = Client::builder()
//!     .credentials(Credentials::new("access-key", "secret-key"))
//!     .build()?;
//! let accounts = client.account_list().limit(20).await?;
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
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod auth;
pub mod call;
pub mod client;
pub mod enums;
pub mod error;
pub mod generated;
pub mod margin;
pub mod risk;
#[cfg(feature = "sim")]
pub mod sim;
pub mod trading;
pub mod validate;

pub use crate::auth::Credentials;
pub use crate::call::{ApiRequest, Call, ListPage, ListRequest, Receipt};
pub use crate::client::{Client, ClientBuilder, LIVE_URL, RawCall};
pub use crate::enums::*;
pub use crate::error::ApiCode;
pub use crate::margin::*;
pub use crate::risk::*;
pub use crate::trading::*;
pub use venue_common::{Error, ErrorKind, Rate, Result, RetryMode, RetryPolicy, Sent};

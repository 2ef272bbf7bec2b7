//! The local venue: an in-process stand-in for the Matrixport Prime Broker API (feature `sim`).
//!
//! It binds `127.0.0.1`, speaks the document's paths and envelope, and checks what the venue
//! checks:
//!
//! - authentication exactly as the document's recipe: `X-MatrixPort-Access-Key`, the upper-case
//!   hex HMAC in `X-MatrixPort-Access-Signature` over `api_path&k=v...` (query for `GET`, body
//!   fields for `POST`, whose `signature` field must match the header), and a `timestamp`
//!   within 30 seconds of its clock;
//! - `serial_no` / `request_id` de-duplication with the venue's codes (12070132 Duplicate Serial
//!   No, 12070528 Repeated Request) and format checks (12070538);
//! - the Transfer Case table (12070130 Transfer Verification Failed, 12070137 for instant
//!   transfers outside CEX to CEX) and RCU binding rules.
//!
//! It keeps state for the core flows: accounts (the Prime wallet and exchange sub-accounts,
//! with RCU bindings), balances per account and currency, transfers processed asynchronously
//! (pending, processing, processed) with the flows and fund records they leave, loan orders
//! with their bills, margin additions and operations, DMA bills, and RCUs. Endpoints without a
//! flow (wallet types, custody, trading fees, minimum amounts) answer with the documented
//! sample.
//!
//! Its signature check (`auth.rs`) and its Transfer Case table (`engine.rs`) are written from
//! the document, apart from the client's signer and validators.
//!
//! It stands on `venue_common::sim`: [`LocalVenue`] is
//! `venue_common::sim::LocalVenue<MatrixportVenue>`, with the same handle as every venue
//! crate's (`start`, `start_with`, `start_on`, `base_url`, `faults`, `shutdown`), routes per
//! endpoint id, and faults for every endpoint (a lost answer after a committed write, a
//! closed connection, delays, 5xx, 429). [`MatrixportVenue::lose_next_answers`] arms the lost
//! answer for every endpoint. Standalone: `matrixport-local-venue --port N`
//! (`cargo install matrixport-rs --features sim`).
//!
//! Failures the document gives no code for (a bad key or signature, a stale timestamp, a
//! missing parameter, an unknown path) are answered in the same envelope with an HTTP status
//! (401, 400 or 404) and codes `401`, `400` and `404`: the document is silent on them.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let venue = matrixport_rs::sim::LocalVenue::start().await?;
//! let client = venue.client()?;
//! let accounts = client.account_list().limit(50).await?;
//! assert!(!accounts.items.is_empty());
//! # Ok(())
//! # }
//! ```

mod auth;
mod engine;
mod routes;
mod wire;

use std::time::Duration;

use rust_decimal::Decimal;
use venue_common::StatusCode;
use venue_common::sim::{Fault, Faults, Lock, Reply, Routes, ServerConfig, Site, Target, Venue};

use crate::auth::Credentials;
use crate::client::Client;

pub use engine::TRANSFER_STEP;
use engine::{Reply as Outcome, SimState};

/// The access key the local venue accepts.
pub const ACCESS_KEY: &str = "sim-access-key-0001";
/// The secret key the local venue verifies signatures with.
pub const SECRET_KEY: &str = "sim-secret-key-0001";
/// The user the local venue's accounts belong to.
pub const USER_ID: &str = "606113";
/// How far a request's `timestamp` may be from the venue's clock.
pub const TIMESTAMP_WINDOW_MS: i64 = 30_000;

/// A running local Matrixport (see the [module docs](self)). Dropping it stops the server.
pub type LocalVenue = venue_common::sim::LocalVenue<MatrixportVenue>;

/// How a [`LocalVenue`] starts.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Accept only Matrixport's published recipe for lists of objects in signed parameters
    /// (`[k=v&k=v&k=v&k=v]`, GitHub `mtxpt/dcp-api`), as the live venue does: on by default.
    /// Off, compact JSON is accepted for them too (a client written before the recipe was
    /// known).
    pub strict_list_signing: bool,
    /// Which of the two paths the document gives the trading fee rates answers (the heading's
    /// `/exchange/trading_fee/rate`, the curl's `/exchange/trading_fees`, or both, the
    /// default); the other is a 404.
    pub trading_fee_path: TradingFeePath,
    /// The server's limits (timeouts, connection cap).
    pub server: ServerConfig,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            strict_list_signing: true,
            trading_fee_path: TradingFeePath::Both,
            server: ServerConfig::default(),
        }
    }
}

/// Where the local venue serves the trading fee rates ([`SimConfig::trading_fee_path`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TradingFeePath {
    /// Both paths.
    #[default]
    Both,
    /// Only the heading's `/credit/agency/v1/exchange/trading_fee/rate`.
    Rate,
    /// Only the curl example's `/credit/agency/v1/exchange/trading_fees`.
    Fees,
}

/// The local Matrixport's state and helpers; a [`LocalVenue`] derefs to it.
pub struct MatrixportVenue {
    state: Lock<SimState>,
    base_url: String,
    faults: Faults,
    strict_list_signing: bool,
    trading_fee_path: TradingFeePath,
}

impl std::fmt::Debug for MatrixportVenue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MatrixportVenue")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

pub(crate) fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl Venue for MatrixportVenue {
    type Config = SimConfig;
    const NAME: &'static str = "Matrixport";
    const TICK: Option<Duration> = Some(TRANSFER_STEP);

    fn new(config: SimConfig, site: &Site) -> Self {
        MatrixportVenue {
            state: Lock::new(SimState::seeded(now_ms())),
            base_url: site.base_url().to_string(),
            faults: site.faults().clone(),
            strict_list_signing: config.strict_list_signing,
            trading_fee_path: config.trading_fee_path,
        }
    }

    fn server_config(config: &SimConfig) -> ServerConfig {
        config.server.clone()
    }

    fn routes(routes: &mut Routes<Self>) {
        routes::register(routes);
    }

    fn error(&self, status: StatusCode, message: &str) -> Reply {
        wire::envelope(Outcome::Http(status.as_u16(), message.to_string()))
    }

    fn credentials_json(&self) -> serde_json::Value {
        serde_json::json!({
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "user_id": USER_ID,
        })
    }

    fn tick(&self) {
        self.with_state(|s| s.advance_transfers(now_ms()));
    }
}

impl MatrixportVenue {
    /// The credentials the venue accepts.
    pub fn credentials(&self) -> Credentials {
        Credentials::new(ACCESS_KEY, SECRET_KEY)
    }

    /// A client for this venue (pacing off).
    pub fn client(&self) -> venue_common::Result<Client> {
        Client::builder()
            .base_url(self.base_url.clone())
            .credentials(self.credentials())
            .no_pacing()
            .build()
    }

    /// Runs every pending transfer to its end now, instead of waiting for the background steps.
    pub fn settle(&self) {
        self.with_state(|s| s.settle_transfers(now_ms()));
    }

    /// Fault injection: the venue processes the next `n` requests, whatever their endpoint,
    /// as usual, but their answers are lost (the connection drops before the answer). A client
    /// sees a request that may have been sent: it must not repeat a write without an
    /// idempotency key, and a repeat with the key is answered "Duplicate Serial No" /
    /// "Repeated Request". For one endpoint, arm [`Fault::LoseAnswer`] through
    /// [`LocalVenue::faults`](venue_common::sim::LocalVenue::faults).
    pub fn lose_next_answers(&self, n: u32) {
        self.faults.arm(Target::All, Fault::LoseAnswer, n);
    }

    /// A balance held by the venue (zero when none).
    pub fn balance(&self, account_id: &str, currency: &str) -> Decimal {
        self.with_state(|s| s.balance(account_id, currency))
    }

    /// Credits an account (for tests that need funds somewhere).
    pub fn fund(&self, account_id: &str, currency: &str, amount: Decimal) {
        self.with_state(|s| s.credit(account_id, currency, amount));
    }

    /// How many transfers the venue has recorded under `serial_no` (0 or 1).
    pub fn transfers_with_serial(&self, serial_no: &str) -> usize {
        self.with_state(|s| s.transfers_with_serial(serial_no))
    }

    pub(crate) fn access_key(&self) -> &str {
        ACCESS_KEY
    }

    pub(crate) fn secret_key(&self) -> &str {
        SECRET_KEY
    }

    pub(crate) fn strict_list_signing(&self) -> bool {
        self.strict_list_signing
    }

    pub(crate) fn trading_fee_path(&self) -> TradingFeePath {
        self.trading_fee_path
    }

    pub(crate) fn with_state<T>(&self, f: impl FnOnce(&mut SimState) -> T) -> T {
        self.state.with(f)
    }
}

//! A local CoinFLEX (feature `sim`): an in-process HTTP server on `127.0.0.1` that speaks the
//! borrowing endpoints the way the venue does, for tests and examples.
//!
//! It is a stand-in for the venue, not a mock of this crate: any client that follows the
//! CoinFLEX documentation works against it.
//!
//! - **Authentication** exactly as the venue: `AccessKey`, `Timestamp`, `Nonce`, `Signature`
//!   headers; the signature is recomputed from the request as received (the `Host` header, the
//!   path, the raw query for `GET` or the raw body bytes otherwise). Refusals: unknown key
//!   `20025`, bad signature `20000` (both HTTP 401), missing timestamp `20023`, a timestamp more
//!   than [`SKEW_WINDOW`] away from the venue's clock `20024`, a nonce already used by the key
//!   `40001` (HTTP 400). Timestamps are read as `YYYY-MM-DDThh:mm:ss` UTC, with or without a
//!   fraction (the documentation's own Python sends microseconds).
//! - **State**: balances per asset; borrowings per borrow/collateral pair. `POST /v2/borrow`
//!   moves collateral into a borrowing and credits the borrowed USD at the mark price (partly
//!   when the balance is short: `PARTIAL`; refused with `710006` when it is empty);
//!   `POST /v2/repay` pays back USD in proportion to the collateral regained;
//!   `POST /v2/borrow/close` sells collateral to pay the borrowing back (a fill-or-kill order:
//!   a price above the mark does not fill and is answered `CANCELED_BY_FOK`, as in the
//!   documented sample); the summary lists outstanding borrowings; the histories list the
//!   borrow and repay events, newest first, with `limit` (≤ 100) and `startTime`/`endTime`
//!   (default: the last 24 hours; at most 7 days apart), refusing violations with `40001`.
//! - **Layouts**: paths are served under `/v2/...` only. `/v2/v2/...`, what a client gets when
//!   it appends the paths to the document's live URL (`https://v2api.coinflex.com/v2`)
//!   verbatim, is a 404, as the venue has no such routes: that client mistake fails here.
//! - **Closing**: the amount is read from `quantity` (the example) or `collateralAmount` (the
//!   table); both with different values are refused (`40001`). The order answers `orderType`
//!   `MARKET`, as the document's sample does for a close with a price.
//!
//! Errors are the venue's shape: `{"success": false, "code": "...", "message": "..."}`.
//!
//! It stands on `venue_common::sim`: [`LocalVenue`] is
//! `venue_common::sim::LocalVenue<CoinflexVenue>`, with the same handle as every venue
//! crate's (`start`, `start_with`, `start_on`, `base_url`, `faults`, `shutdown`) and the
//! venue's own helpers through `Deref` ([`CoinflexVenue`]). Faults (a lost answer after a
//! committed write, delays, 5xx, 429) are armed with [`LocalVenue::faults`]. The same venue
//! runs standalone as `coinflex-local-venue --port N` (`cargo install coinflex-rs --features
//! sim`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use coinflex_rs::sim::LocalVenue;
//! let venue = LocalVenue::start().await?;
//! let client = venue.client_builder().build()?;
//! let summary = client.borrowing_summary().await?;
//! # let _ = summary; Ok(()) }
//! ```

mod auth;
mod engine;
mod routes;
mod wire;

use std::time::Duration;

use rust_decimal::Decimal;
use venue_common::StatusCode;
use venue_common::sim::{Lock, Reply, Routes, ServerConfig, Site, Venue};

use crate::auth::Credentials;
use crate::client::ClientBuilder;

use engine::SimState;

/// How far a request's `Timestamp` may be from the venue's clock, either way: 30 seconds.
/// CoinFLEX does not document its window; 30 s is this stand-in's choice.
pub const SKEW_WINDOW: Duration = Duration::from_secs(30);

/// The API key the local venue accepts by default.
pub const DEFAULT_API_KEY: &str = "sim-api-key-0001";
/// The secret of [`DEFAULT_API_KEY`].
pub const DEFAULT_API_SECRET: &str = "sim-api-secret-please-change";
/// The account id the local venue answers with.
pub const ACCOUNT_ID: &str = "3123";

/// A running local CoinFLEX (see the [module docs](self)). Dropping it stops the server.
pub type LocalVenue = venue_common::sim::LocalVenue<CoinflexVenue>;

/// How a [`LocalVenue`] starts.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Accepted API keys and their secrets.
    pub keys: Vec<(String, String)>,
    /// Opening balances per asset.
    pub balances: Vec<(String, Decimal)>,
    /// Mark prices in USD per collateral asset.
    pub marks: Vec<(String, Decimal)>,
    /// The timestamp window.
    pub skew_window: Duration,
    /// The server's limits (timeouts, connection cap).
    pub server: ServerConfig,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            keys: vec![(DEFAULT_API_KEY.into(), DEFAULT_API_SECRET.into())],
            balances: vec![
                ("BTC".into(), Decimal::new(10, 0)),
                ("ETH".into(), Decimal::new(100, 0)),
                ("FLEX".into(), Decimal::new(10_000, 0)),
                ("USD".into(), Decimal::new(1_000, 0)),
            ],
            marks: vec![
                ("BTC".into(), Decimal::new(296_335, 1)),
                ("ETH".into(), Decimal::new(2_000, 0)),
                ("FLEX".into(), Decimal::new(45, 1)),
            ],
            skew_window: SKEW_WINDOW,
            server: ServerConfig::default(),
        }
    }
}

/// The local CoinFLEX's state and helpers; a [`LocalVenue`] derefs to it.
pub struct CoinflexVenue {
    state: Lock<SimState>,
    skew_window: Duration,
    credentials: (String, String),
    base_url: String,
}

impl std::fmt::Debug for CoinflexVenue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CoinflexVenue")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Venue for CoinflexVenue {
    type Config = SimConfig;
    const NAME: &'static str = "CoinFLEX";

    fn new(config: SimConfig, site: &Site) -> Self {
        let credentials = config
            .keys
            .first()
            .cloned()
            .unwrap_or_else(|| (DEFAULT_API_KEY.into(), DEFAULT_API_SECRET.into()));
        CoinflexVenue {
            state: Lock::new(SimState::new(&config)),
            skew_window: config.skew_window,
            credentials,
            base_url: site.base_url().to_string(),
        }
    }

    fn server_config(config: &SimConfig) -> ServerConfig {
        config.server.clone()
    }

    fn routes(routes: &mut Routes<Self>) {
        routes::register(routes);
    }

    fn error(&self, status: StatusCode, message: &str) -> Reply {
        // The document lists no code for these: a path or method the venue does not serve
        // takes its bad-request code, anything else (5xx, 429) its HTTP status.
        let code = match status {
            StatusCode::NOT_FOUND
            | StatusCode::METHOD_NOT_ALLOWED
            | StatusCode::PAYLOAD_TOO_LARGE => "40001",
            _ => status.as_str(),
        };
        wire::failure(status, code, message)
    }

    fn credentials_json(&self) -> serde_json::Value {
        serde_json::json!({
            "api_key": self.credentials.0,
            "api_secret": self.credentials.1,
        })
    }
}

impl CoinflexVenue {
    /// The API key it accepts (the first configured).
    pub fn api_key(&self) -> &str {
        &self.credentials.0
    }

    /// The secret of [`api_key`](Self::api_key).
    pub fn api_secret(&self) -> &str {
        &self.credentials.1
    }

    /// Credentials that the venue accepts.
    pub fn credentials(&self) -> Credentials {
        Credentials::new(self.credentials.0.clone(), self.credentials.1.clone())
    }

    /// A client builder aimed at this venue with its credentials.
    pub fn client_builder(&self) -> ClientBuilder {
        crate::Client::builder()
            .base_url(self.base_url.clone())
            .credentials(self.credentials())
    }

    /// The available balance of `asset` (zero when it has none).
    pub fn balance(&self, asset: &str) -> Decimal {
        self.with_state(|s| s.balance(asset))
    }

    /// Sets the available balance of `asset`.
    pub fn set_balance(&self, asset: &str, amount: Decimal) {
        self.with_state(|s| s.set_balance(asset, amount))
    }

    /// The outstanding (borrowed, collateralised) amounts of USD against `collateral`.
    pub fn borrowing(&self, collateral: &str) -> (Decimal, Decimal) {
        self.with_state(|s| s.borrowing("USD", collateral))
    }

    /// How many borrowings the venue has recorded (every `POST /v2/borrow` that succeeded).
    pub fn borrow_count(&self) -> usize {
        self.with_state(|s| s.borrows().len())
    }

    pub(crate) fn skew_window(&self) -> Duration {
        self.skew_window
    }

    pub(crate) fn with_state<T>(&self, f: impl FnOnce(&mut SimState) -> T) -> T {
        self.state.with(f)
    }
}

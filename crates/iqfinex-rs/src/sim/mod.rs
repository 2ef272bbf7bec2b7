//! A local, in-process IQFinex venue (feature `sim`) for tests and examples.
//!
//! It binds `127.0.0.1`, speaks the document's paths and envelope, checks the
//! `Authorization` key exactly as the venue does (unknown or disabled keys: 401; expired: 403;
//! a key without the trade permission: 402 on opening and cancelling orders), and keeps state:
//!
//! - assets `BTCUSDT`, `ETHBTC`, `ETHUSDT`, each with a house order book (the document's
//!   BTCUSDT book among them) and a few past trades;
//! - balances per key (balance and free balance); an open order reserves what it may spend;
//! - a limit order that does not cross rests; one that crosses fills against the book at the
//!   resting orders' prices (price-time priority) and produces trades; a market order fills
//!   what the book offers; a stop-limit order waits until the last price reaches its stop;
//! - cancel releases the reservation, and an order cancelled with nothing executed is gone
//!   from the history and from order status, as the document says.
//!
//! Commissions are zero. It is a stand-in that follows the document, not a mock of this
//! crate's client: its wire JSON (`wire.rs`), its checks and its rules (`engine.rs`) are
//! written from the document and share no model or validator with the client, so any HTTP
//! client can use it, and a misreading on either side fails a test.
//!
//! It stands on `venue_common::sim`: [`LocalVenue`] is
//! `venue_common::sim::LocalVenue<IqfinexVenue>`, with the same handle as every venue crate's
//! (`start`, `start_with`, `start_on`, `base_url`, `faults`, `shutdown`), routes per endpoint
//! id, and faults for every endpoint. Standalone: `iqfinex-local-venue --port N`
//! (`cargo install iqfinex-rs --features sim`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use iqfinex_rs::sim::{LocalVenue, keys};
//! let venue = LocalVenue::start().await?;
//! let client = iqfinex_rs::Client::builder()
//!     .base_url(venue.base_url())
//!     .credentials(iqfinex_rs::Credentials::new(keys::TRADER))
//!     .build()?;
//! let balance = client.balance().await?;
//! # let _ = balance; Ok(()) }
//! ```

mod auth;
mod engine;
mod routes;
mod wire;

use venue_common::StatusCode;
use venue_common::sim::{Lock, Reply, Routes, ServerConfig, Site, Venue};

use self::engine::Engine;

/// The API keys the local venue accepts, and what each may do.
pub mod keys {
    /// Reads and trades (account 1001, funded with BTC, ETH and USDT).
    pub const TRADER: &str = "sim-trader-key-0001";
    /// A second trading account (1002), a counterparty for the first.
    pub const SECOND_TRADER: &str = "sim-trader-key-0002";
    /// Reads only: opening or cancelling an order answers 402.
    pub const READ_ONLY: &str = "sim-readonly-key-0003";
    /// A disabled key: every authorized call answers 401.
    pub const DISABLED: &str = "sim-disabled-key-0004";
    /// An expired key: every authorized call answers 403.
    pub const EXPIRED: &str = "sim-expired-key-0005";
}

/// A running local IQFinex (see the [module docs](self)); it stops when dropped.
pub type LocalVenue = venue_common::sim::LocalVenue<IqfinexVenue>;

/// Which shapes the local venue answers lists and asset rows in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shapes {
    /// As the live venue answers (recorded answers, see `docs/venues/iqfinex.md`): currencies
    /// and assets as `{"count", "rows"}` pages, asset rows without `isTrade` and with
    /// `accuracy` as a string, tickers without `timestamp`. The default.
    #[default]
    Live,
    /// As the document shows them: currencies and assets as bare arrays, asset rows with
    /// `isTrade` and a numeric `accuracy`, tickers with `timestamp`.
    Document,
}

/// How a [`LocalVenue`] starts.
#[derive(Debug, Clone, Default)]
pub struct SimConfig {
    /// The server's limits (timeouts, connection cap).
    pub server: ServerConfig,
    /// The shapes of list answers and asset rows (default: [`Shapes::Live`]).
    pub shapes: Shapes,
}

/// The local IQFinex's state; a [`LocalVenue`] derefs to it.
pub struct IqfinexVenue {
    engine: Lock<Engine>,
    shapes: Shapes,
}

impl std::fmt::Debug for IqfinexVenue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IqfinexVenue").finish_non_exhaustive()
    }
}

impl Venue for IqfinexVenue {
    type Config = SimConfig;
    const NAME: &'static str = "IQFinex";

    fn new(config: SimConfig, _site: &Site) -> Self {
        IqfinexVenue {
            engine: Lock::new(Engine::seeded(chrono::Utc::now())),
            shapes: config.shapes,
        }
    }

    fn server_config(config: &SimConfig) -> ServerConfig {
        config.server.clone()
    }

    fn routes(routes: &mut Routes<Self>) {
        routes::register(routes);
    }

    fn error(&self, status: StatusCode, message: &str) -> Reply {
        wire::refuse(status.as_u16(), message)
    }

    fn credentials_json(&self) -> serde_json::Value {
        IqfinexVenue::keys_json()
    }
}

impl IqfinexVenue {
    /// The keys it accepts, by role, as JSON (what `iqfinex-local-venue` prints).
    pub fn keys_json() -> serde_json::Value {
        serde_json::json!({
            "trader": {"api_key": keys::TRADER},
            "second_trader": {"api_key": keys::SECOND_TRADER},
            "read_only": {"api_key": keys::READ_ONLY},
            "disabled": {"api_key": keys::DISABLED},
            "expired": {"api_key": keys::EXPIRED},
        })
    }

    /// How many orders the venue keeps for the account of `api_key`, in any status (an
    /// order cancelled with nothing executed is not kept, as the document says).
    pub fn order_count(&self, api_key: &str) -> usize {
        self.with(|e| {
            e.users
                .get(api_key)
                .map(|u| u.id)
                .map_or(0, |id| e.order_count(id))
        })
    }

    fn with<T>(&self, f: impl FnOnce(&mut Engine) -> T) -> T {
        self.engine.with(f)
    }
}

//! A local ALP.COM (feature `sim`): both APIs over one shared state, on `127.0.0.1`.
//!
//! It speaks the venue's paths below `/api` (`/api/v1/...`, `/api/v3/...`,
//! `/api/charts/...`), so its [`LocalVenue::base_url`] is an API root like
//! `https://alp.com/api`. It verifies authentication as the venue does and answers failures in
//! the venue's shapes:
//!
//! - v1: `X-KEY`, `X-SIGN` over the key and the sorted, `+`-encoded payload (a POST's form
//!   fields, or its JSON object's fields; nothing for a GET), and an `X-NONCE` that must exceed
//!   the key's previous one. Errors are `{"date": <seconds>, "error": "..."}`.
//! - v3: `POST /api/v3/auth` with `{"api_key", "api_secret"}` (and, when sent, an `X-SIGN` over
//!   the body) returns a JWT carrying `exp`; private calls need `Authorization: Bearer <jwt>`
//!   and, with a body, `X-SIGN` over the exact body. Errors are `{"code", "message"}`, and
//!   `400 {"formErrors": {...}}` for invalid parameters.
//! - Limits: 2 authorized calls per second per account (v1 and v3 together) and 100 public
//!   calls per second per IP, refused with `429` and `Retry-After`; both are
//!   [`SimConfig`] fields (a fleet test runs the account at 200/s). The account's limit and
//!   the key's nonce order hold over every connection; [`AlpVenue::private_checks`] counts
//!   what they accepted and refused.
//!
//! Its signature checks and JWTs (`auth.rs`) are written from the document and the venue's
//! own client, apart from this crate's signer. Amount arithmetic is checked: numbers that
//! would overflow are refused in the API's shape (v1 `400 {"error"}`, v3 `400 {"formErrors"}`).
//!
//! It stands on `venue_common::sim`: [`LocalVenue`] is
//! `venue_common::sim::LocalVenue<AlpVenue>`, with the same handle as every venue crate's
//! (`start`, `start_with`, `start_on`, `base_url`, `faults`, `shutdown`), routes per endpoint
//! id, and faults for every endpoint. Standalone: `alp-local-venue --port N`
//! (`cargo install alp-rs --features sim`).
//!
//! State: pairs and order books (a house account keeps orders resting on both sides),
//! wallets with balance and reserve, orders (a new order matches resting ones at their price
//! and rests what is left; statuses 1 active, 2 cancelled, 3 done), trades, deposits,
//! withdraws, accounts with a subaccount, fee info, margin borrows, transfers, repays,
//! interest and positions. Trades carry no fee. Liquidations answer the documented sample.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let venue = alp_rs::sim::LocalVenue::start().await?;
//! let client = venue.client_builder().build().expect("client");
//! let wallets = client.v1().wallets().await.expect("wallets");
//! # let _ = wallets; Ok(()) }
//! ```

mod auth;
mod engine;
mod json;
mod routes;
mod v3;
mod wire;

use std::time::Duration;

use venue_common::StatusCode;
use venue_common::sim::{Lock, Reply, Routes, ServerConfig, Site, Venue};

use self::auth::AuthState;
pub use self::auth::PrivateChecks;
use self::engine::{MAIN, State};
use crate::{Client, ClientBuilder, Credentials};

/// How the local venue behaves.
#[derive(Clone)]
pub struct SimConfig {
    /// The API key it accepts (account 25, with subaccount 26).
    pub key: String,
    /// That key's secret.
    pub secret: String,
    /// Authorized calls allowed per second per account (`None`: unlimited).
    pub private_per_second: Option<u32>,
    /// Public calls allowed per second per IP (`None`: unlimited).
    pub public_per_second: Option<u32>,
    /// Lifetime of the JWTs it issues.
    pub token_ttl: Duration,
    /// The server's limits (timeouts, connection cap).
    pub server: ServerConfig,
}

impl std::fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimConfig")
            .field("key", &self.key)
            .field("secret", &"[redacted]")
            .field("private_per_second", &self.private_per_second)
            .field("public_per_second", &self.public_per_second)
            .field("token_ttl", &self.token_ttl)
            .field("server", &self.server)
            .finish()
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            key: "alp-sim-key-0001".into(),
            secret: "alp-sim-secret-0001".into(),
            private_per_second: Some(2),
            public_per_second: Some(100),
            token_ttl: Duration::from_secs(3600),
            server: ServerConfig::default(),
        }
    }
}

/// A running local ALP.COM (see the [module docs](self)). Stops when dropped.
pub type LocalVenue = venue_common::sim::LocalVenue<AlpVenue>;

/// The local ALP.COM's state and helpers; a [`LocalVenue`] derefs to it.
pub struct AlpVenue {
    config: SimConfig,
    /// Signs the JWTs this venue issues (fresh per start).
    token_key: String,
    state: Lock<State>,
    auth: Lock<AuthState>,
    base_url: String,
}

impl std::fmt::Debug for AlpVenue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AlpVenue")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

pub(crate) fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl Venue for AlpVenue {
    type Config = SimConfig;
    const NAME: &'static str = "ALP.COM";
    const BASE_PATH: &'static str = "/api";

    fn new(config: SimConfig, site: &Site) -> Self {
        AlpVenue {
            token_key: format!("sim-jwt-{}-{}", now_ms(), site.addr().port()),
            config,
            state: Lock::new(State::seeded(now_ms())),
            auth: Lock::new(AuthState::default()),
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
        wire::v1_err(status, message)
    }

    fn error_at(&self, path: &str, status: StatusCode, message: &str) -> Reply {
        // Two APIs, two shapes: v3's `{"code", "message"}` below `/api/v3`, v1's otherwise.
        if path.starts_with("/api/v3") {
            let code = match status {
                StatusCode::NOT_FOUND => "NOT_FOUND",
                StatusCode::METHOD_NOT_ALLOWED => "METHOD_NOT_ALLOWED",
                StatusCode::TOO_MANY_REQUESTS => "RATE_LIMIT",
                StatusCode::PAYLOAD_TOO_LARGE => "BAD_REQUEST",
                _ => "INTERNAL_ERROR",
            };
            wire::v3_err(status, code, message)
        } else {
            wire::v1_err(status, message)
        }
    }

    fn credentials_json(&self) -> serde_json::Value {
        serde_json::json!({ "api_key": self.config.key, "api_secret": self.config.secret })
    }
}

impl AlpVenue {
    /// The credentials it accepts.
    pub fn credentials(&self) -> Credentials {
        Credentials::new(self.config.key.clone(), self.config.secret.clone())
    }

    /// A client builder pointed at this venue with its credentials, pacing as configured
    /// for the venue's limits.
    pub fn client_builder(&self) -> ClientBuilder {
        let mut rates = Vec::new();
        if let Some(p) = self.config.private_per_second {
            rates.push(crate::Rate::new(
                crate::Scope::Private,
                p,
                Duration::from_secs(1),
            ));
        }
        if let Some(p) = self.config.public_per_second {
            rates.push(crate::Rate::new(
                crate::Scope::Public,
                p,
                Duration::from_secs(1),
            ));
        }
        Client::builder()
            .base_url(self.base_url.clone())
            .credentials(self.credentials())
            .pacing(rates)
    }

    /// The account id of the configured key.
    pub fn account_id(&self) -> u64 {
        MAIN
    }

    /// Revokes every JWT issued so far (the next v3 call is answered `401`).
    pub fn expire_tokens(&self) {
        self.auth.lock().revoke_all();
    }

    /// What the account's limit and the v1 nonce check have decided so far (accepted and
    /// refused calls, first and last accepted).
    pub fn private_checks(&self) -> PrivateChecks {
        self.auth.lock().checks
    }

    /// How many JWTs it has issued.
    pub fn tokens_issued(&self) -> u64 {
        self.auth.lock().issued
    }

    /// How many orders `account` has placed, in any status.
    pub fn order_count(&self, account: u64) -> usize {
        self.state
            .lock()
            .orders
            .iter()
            .filter(|o| o.account == account)
            .count()
    }

    /// A spot balance of `account` (zero when it holds none).
    pub fn spot_balance(&self, account: u64, currency: &str) -> rust_decimal::Decimal {
        self.state
            .lock()
            .wallet(account, "SPOT", currency, "")
            .balance
    }
}

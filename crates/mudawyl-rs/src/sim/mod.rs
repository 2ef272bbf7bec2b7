//! A local, in-process Mudawyl (feature `sim`) for tests and examples.
//!
//! It binds `127.0.0.1`, speaks the document's paths, and behaves like the venue for the core
//! flows:
//!
//! - **Authentication**: private routes need `Authorization: <token>` with one of the tokens it
//!   was started with (401 `{"message": "Unauthorized"}` otherwise). Writes (POST, PUT, DELETE)
//!   need a non-empty, never-used `recaptcha-token-v3` (403 otherwise), unless
//!   [`SimConfig::require_recaptcha`] is off (the venue checks it in production only).
//! - **Validation**: the document's rules, written for the venue in `validate.rs` (apart from
//!   the client's [`crate::validate`]), answered as 422 with every entry; type errors in bodies
//!   too.
//! - **State per user**: profile (null until first set), exchange keys (plan key limit
//!   `2129a`, duplicate key `1109`, a key starting with `invalid` is refused by the "exchange"
//!   with `1103`; every route that documents `1103` uses the key and keeps what the exchange
//!   did as its `apiKeyStatus`, which [`MudawylVenue::set_exchange_key_access`] turns to
//!   `UNAUTHORIZED`, the key then inactive, or `FAILED`), notification settings (null until first set; Telegram settings need a linked
//!   Telegram, see [`MudawylVenue::link_telegram`]), subscription (BASIC; checkout subscribes at
//!   once, as if paid), balances, strategy follows.
//! - **Symbols** come from its list (`validate::SYMBOLS`: `BTC/USDT`, `ETH/USDT` and their
//!   futures names `BTC/USDT:USDT`, `ETH/USDT:USDT`, spot-only `DOGE/USDT`); others are 422
//!   "must be valid exchange symbol", a symbol without a futures market is `1300`.
//! - **Futures per key and symbol**: an order that
//!   the key's wallet (1000 USDT) cannot margin at the symbol's leverage is refused with `1500`;
//!   otherwise it clears the symbol's position and open orders, then MARKET fills at the mark price and opens
//!   a position, with take-profit orders splitting the amount and a stop order; a marketable
//!   LIMIT fills at the mark, like a MARKET, and one that is not rests, to fill at its own
//!   price when the mark reaches it; TRAILING_STOP rests. Moving the mark price
//!   ([`MudawylVenue::set_mark_price`]) fills the resting LIMIT entries, take-profits and stops it
//!   reaches. Cancel position closes it at the mark
//!   price and cancels its orders. Leverage (max 125 for BTC/USDT, 100 for ETH/USDT, else
//!   `1500`) and margin type (400 with an open position: the document lists no 433 code for it) change.
//! - Everything else answers the documented samples.
//!
//! It is a witness, not a mirror of this crate's client: its authentication (`auth.rs`), its
//! validation and code lists (`validate.rs`, `lists.rs`) and the records it keeps and answers
//! with (`wire.rs`: keys, orders, fills, positions, follows, subscriptions, in the JSON forms
//! of the document's samples) are written from the document and share no model, validator or
//! signer with the client, so a misreading on either side fails a test. Only the endpoint ids
//! it routes by are shared.
//!
//! It stands on `venue_common::sim`: [`LocalVenue`] is
//! `venue_common::sim::LocalVenue<MudawylVenue>`, with the same handle as every venue crate's
//! (`start`, `start_with`, `start_on`, `base_url`, `faults`, `shutdown`), routes per endpoint
//! id, and faults for every endpoint. Standalone: `mudawyl-local-venue --port N`
//! (`cargo install mudawyl-rs --features sim`).

mod auth;
mod body;
mod engine;
mod lists;
mod routes;
mod validate;
mod wire;

use serde::Serialize;
use venue_common::StatusCode;
use venue_common::sim::{IntoReply, Json, Lock, Reply, Routes, ServerConfig, Site, Venue};

use engine::State;
pub use engine::{ExchangeKeyAccess, SimUser};

use self::validate::FieldError;

/// How the local venue behaves.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Check `recaptcha-token-v3` on writes (production behaviour; default on).
    pub require_recaptcha: bool,
    /// The users and their tokens (default: two, see [`SimUser::defaults`]).
    pub users: Vec<SimUser>,
    /// The server's limits (timeouts, connection cap).
    pub server: ServerConfig,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            require_recaptcha: true,
            users: SimUser::defaults(),
            server: ServerConfig::default(),
        }
    }
}

/// A running local Mudawyl (see the [module docs](self)); stops when dropped.
pub type LocalVenue = venue_common::sim::LocalVenue<MudawylVenue>;

/// The local Mudawyl's state and helpers; a [`LocalVenue`] derefs to it.
pub struct MudawylVenue {
    state: Lock<State>,
    users: Vec<SimUser>,
}

impl std::fmt::Debug for MudawylVenue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MudawylVenue")
            .field("users", &self.users.len())
            .finish_non_exhaustive()
    }
}

impl Venue for MudawylVenue {
    type Config = SimConfig;
    const NAME: &'static str = "Mudawyl";

    fn new(config: SimConfig, _site: &Site) -> Self {
        let users = config.users.clone();
        MudawylVenue {
            state: Lock::new(State::new(config)),
            users,
        }
    }

    fn server_config(config: &SimConfig) -> ServerConfig {
        config.server.clone()
    }

    fn routes(routes: &mut Routes<Self>) {
        routes::register(routes);
    }

    fn error(&self, status: StatusCode, message: &str) -> Reply {
        // The document's 404 is `{"message": "route not found"}`; the other statuses it lists
        // without a body take the same shape.
        let message = if status == StatusCode::NOT_FOUND {
            "route not found"
        } else {
            message
        };
        self::message(status, message).into_reply()
    }

    fn credentials_json(&self) -> serde_json::Value {
        let users: Vec<_> = self
            .users
            .iter()
            .map(|u| serde_json::json!({ "name": u.name, "authorization": u.token }))
            .collect();
        serde_json::json!({
            "authorization": self.token(),
            "users": users,
            "recaptcha-token-v3": "required on POST, PUT and DELETE: any non-empty value, each used once",
        })
    }
}

impl MudawylVenue {
    /// The first user's token.
    pub fn token(&self) -> &str {
        self.users
            .first()
            .map(|u| u.token.as_str())
            .unwrap_or_default()
    }

    /// Every user.
    pub fn users(&self) -> &[SimUser] {
        &self.users
    }

    /// Links Telegram to the user with `token` (what messaging the bot would do), so the
    /// Telegram notification settings can be turned on.
    pub fn link_telegram(&self, token: &str) -> bool {
        self.with_state(|s| s.link_telegram(token))
    }

    /// Sets what the exchange does, from now on, with the exchange API key `api_key` (the
    /// key's `apiKey`) when the venue uses it: accept it, refuse it (as when the user deleted it
    /// on the exchange), or fail. The venue records the outcome of each use as the key's
    /// `apiKeyStatus` (see [`ExchangeKeyAccess`]). `false` when no user has added that key yet;
    /// it still applies to one added later.
    pub fn set_exchange_key_access(&self, api_key: &str, access: ExchangeKeyAccess) -> bool {
        self.with_state(|s| s.set_exchange_key_access(api_key, access))
    }

    /// Moves the mark price of a symbol (`BTC/USDT:USDT` and `BTC/USDT` share one price) and
    /// fills what it reaches, as the exchange would: resting LIMIT entries, take-profits and
    /// stops of every key (so a test can see a stop being hit). The ticker shows the price.
    pub fn set_mark_price(&self, symbol: &str, price: rust_decimal::Decimal) {
        self.with_state(|s| s.set_mark(symbol, price))
    }

    /// How many manual orders the user with `token` has placed (the entries of their manual
    /// trading history).
    pub fn manual_order_count(&self, token: &str) -> usize {
        self.with_state(|s| s.manual_order_count(token))
    }

    /// How many open futures positions the user with `token` holds.
    pub fn open_positions(&self, token: &str) -> usize {
        self.with_state(|s| s.open_positions(token))
    }

    pub(crate) fn with_state<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        self.state.with(f)
    }
}

/// An answer of the local venue.
pub(crate) enum Answer {
    Json(StatusCode, Vec<u8>),
    NoContent,
}

pub(crate) fn ok<T: Serialize>(value: &T) -> Answer {
    match serde_json::to_vec(value) {
        Ok(b) => Answer::Json(StatusCode::OK, b),
        Err(e) => message(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("serialization failed: {e}"),
        ),
    }
}

/// `{"message": "..."}`, the document's shape for 401, 403 and 404.
pub(crate) fn message(status: StatusCode, msg: &str) -> Answer {
    let body = Json::obj([("message", Json::str(msg))]).to_text();
    Answer::Json(status, body.into_bytes())
}

/// The venue's 422: `{"errors": [{"value", "msg", "param", "location"}, ...]}`, every entry.
pub(crate) fn unprocessable(errors: Vec<FieldError>) -> Answer {
    let body = Json::obj([("errors", Json::arr(errors.iter().map(FieldError::to_json)))]);
    Answer::Json(
        StatusCode::UNPROCESSABLE_ENTITY,
        body.to_text().into_bytes(),
    )
}

/// The venue's 433: `{"error": "<message> (<code>)"}`.
pub(crate) fn external(msg: &str, code: &str) -> Answer {
    let body = Json::obj([("error", Json::str(format!("{msg} ({code})")))]).to_text();
    let status = StatusCode::from_u16(433).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    Answer::Json(status, body.into_bytes())
}

pub(crate) fn not_found() -> Answer {
    message(StatusCode::NOT_FOUND, "route not found")
}

impl IntoReply for Answer {
    fn into_reply(self) -> Reply {
        match self {
            Answer::Json(status, body) => Reply::json_bytes(status, body),
            Answer::NoContent => Reply::empty(StatusCode::NO_CONTENT),
        }
    }
}

//! A local, in-process Mudawyl (feature `sim`) for tests and examples.
//!
//! It binds `127.0.0.1`, speaks the document's paths, and behaves like the venue for the core
//! flows:
//!
//! - **Authentication**: private routes need `Authorization: <token>` with one of the tokens it
//!   was started with (401 `{"message": "Unauthorized"}` otherwise). Writes (POST, PUT, DELETE)
//!   need a non-empty, never-used `recaptcha-token-v3` (403 otherwise), unless
//!   [`SimConfig::require_recaptcha`] is off (the venue checks it in production only).
//! - **Validation**: the same functions as the client ([`crate::validate`]), answered as 422 with
//!   every entry; type errors in bodies too.
//! - **State per user**: profile (null until first set), exchange keys (plan key limit
//!   `2129a`, duplicate key `1109`, a key starting with `invalid` is refused by the "exchange"
//!   with `1103`), notification settings (null until first set; Telegram settings need a linked
//!   Telegram, see [`LocalVenue::link_telegram`]), subscription (BASIC; checkout subscribes at
//!   once, as if paid), balances, strategy follows.
//! - **Futures per key and symbol** (BTC/USDT and ETH/USDT; others are `1300`): an order that
//!   the key's wallet (1000 USDT) cannot margin at the symbol's leverage is refused with `1500`;
//!   otherwise it clears the symbol's position and open orders, then MARKET fills at the mark price and opens
//!   a position, with take-profit orders splitting the amount and a stop order; LIMIT fills when
//!   marketable and rests otherwise; TRAILING_STOP rests. Cancel position closes it at the mark
//!   price and cancels its orders. Leverage (max 125 for BTC/USDT, 100 for ETH/USDT, else
//!   `1500`) and margin type (`1500` with an open position) change.
//! - Everything else answers the documented samples.

mod body;
mod state;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State as AxState;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tokio::sync::oneshot;

pub use state::SimUser;
use state::State;

use crate::validate::FieldError;

/// How the local venue behaves.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Check `recaptcha-token-v3` on writes (production behaviour; default on).
    pub require_recaptcha: bool,
    /// The users and their tokens (default: two, see [`SimUser::defaults`]).
    pub users: Vec<SimUser>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            require_recaptcha: true,
            users: SimUser::defaults(),
        }
    }
}

/// A running local venue; stops when dropped.
pub struct LocalVenue {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    users: Vec<SimUser>,
    stop: Option<oneshot::Sender<()>>,
}

impl std::fmt::Debug for LocalVenue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalVenue")
            .field("addr", &self.addr)
            .field("users", &self.users.len())
            .finish_non_exhaustive()
    }
}

impl LocalVenue {
    /// Starts on `127.0.0.1`, any free port, with the default configuration.
    pub async fn start() -> std::io::Result<LocalVenue> {
        LocalVenue::start_with(SimConfig::default(), 0).await
    }

    /// Starts on `127.0.0.1:<port>` (0 = any free port).
    pub async fn start_with(config: SimConfig, port: u16) -> std::io::Result<LocalVenue> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let users = config.users.clone();
        let state = Arc::new(Mutex::new(State::new(config)));
        let app = Router::new().fallback(handle).with_state(state.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(LocalVenue {
            addr,
            state,
            users,
            stop: Some(stop),
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

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
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.link_telegram(token)
    }

    /// Sets the mark price of a symbol (for fills and the ticker).
    pub fn set_mark_price(&self, symbol: &str, price: rust_decimal::Decimal) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.marks.insert(symbol.to_string(), price);
    }
}

impl Drop for LocalVenue {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
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

pub(crate) fn message(status: StatusCode, msg: &str) -> Answer {
    Answer::Json(
        status,
        serde_json::to_vec(&serde_json::json!({ "message": msg })).unwrap_or_default(),
    )
}

/// The venue's 422.
pub(crate) fn unprocessable(errors: Vec<FieldError>) -> Answer {
    // Serialised from the struct, not through `serde_json::Value`, so each entry keeps the
    // venue's key order: value, msg, param, location.
    #[derive(Serialize)]
    struct Errors {
        errors: Vec<FieldError>,
    }
    Answer::Json(
        StatusCode::UNPROCESSABLE_ENTITY,
        serde_json::to_vec(&Errors { errors }).unwrap_or_default(),
    )
}

/// The venue's 433: `{"error": "<message> (<code>)"}`.
pub(crate) fn external(msg: &str, code: &str) -> Answer {
    let body = serde_json::json!({ "error": format!("{msg} ({code})") });
    let status = StatusCode::from_u16(433).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    Answer::Json(status, serde_json::to_vec(&body).unwrap_or_default())
}

pub(crate) fn not_found() -> Answer {
    message(StatusCode::NOT_FOUND, "route not found")
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        match self {
            Answer::Json(status, body) => (
                status,
                [(axum::http::header::CONTENT_TYPE, "application/json")],
                body,
            )
                .into_response(),
            Answer::NoContent => StatusCode::NO_CONTENT.into_response(),
        }
    }
}

async fn handle(
    AxState(state): AxState<Arc<Mutex<State>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
    s.route(&method, &uri, &headers, &body)
}

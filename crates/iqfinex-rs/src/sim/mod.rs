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
//! crate's client: any HTTP client can use it (see the `local_venue` example).
//!
//! ```no_run
//! # async fn demo() -> iqfinex_rs::Result<()> {
//! use iqfinex_rs::sim::{LocalVenue, keys};
//! let venue = LocalVenue::start().await?;
//! let client = iqfinex_rs::Client::builder()
//!     .base_url(venue.base_url())
//!     .credentials(iqfinex_rs::Credentials::new(keys::TRADER))
//!     .build()?;
//! let balance = client.balance().await?;
//! # let _ = balance; Ok(()) }
//! ```

mod engine;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::Utc;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;

use self::engine::{Engine, PageArgs, Refusal, User};
use crate::market::{Frame, Rounding};
use crate::types::Sort;

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

type Shared = Arc<Mutex<Engine>>;

/// A running local venue; it stops when dropped.
#[derive(Debug)]
pub struct LocalVenue {
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
}

impl LocalVenue {
    /// Starts on `127.0.0.1` at a free port.
    pub async fn start() -> crate::Result<LocalVenue> {
        LocalVenue::start_on(0).await
    }

    /// Starts on `127.0.0.1:<port>` (0: any free port).
    pub async fn start_on(port: u16) -> crate::Result<LocalVenue> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| crate::Error::Config(format!("local venue: cannot bind: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| crate::Error::Config(format!("local venue: no address: {e}")))?;
        let (tx, rx) = oneshot::channel::<()>();
        let app = router(Arc::new(Mutex::new(Engine::seeded(Utc::now()))));
        tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = rx.await;
            });
            if let Err(e) = serve.await {
                tracing_free_log(&e.to_string());
            }
        });
        Ok(LocalVenue {
            addr,
            shutdown: Some(tx),
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The keys it accepts, by role, as JSON (printed by the `local_venue` example).
    pub fn credentials_json() -> serde_json::Value {
        serde_json::json!({
            "trader": {"api_key": keys::TRADER},
            "second_trader": {"api_key": keys::SECOND_TRADER},
            "read_only": {"api_key": keys::READ_ONLY},
            "disabled": {"api_key": keys::DISABLED},
            "expired": {"api_key": keys::EXPIRED},
        })
    }
}

impl Drop for LocalVenue {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// The server has nowhere to report a failure but stderr; it must not panic.
fn tracing_free_log(message: &str) {
    eprintln!("iqfinex local venue stopped: {message}");
}

fn router(state: Shared) -> Router {
    Router::new()
        .route("/v1/currencies", get(currencies))
        .route("/v1/currency/{name}", get(currency))
        .route("/v1/assets", get(assets))
        .route("/v1/asset/{name}", get(asset))
        .route("/v1/tickers", get(tickers))
        .route("/v1/ticker/{asset}", get(ticker))
        .route("/v1/orderbook/{asset}/{rounding}", get(orderbook))
        .route("/v1/trades/{asset}", get(public_trades))
        .route("/v1/candles/{asset}/{frame}", get(candles))
        .route("/v1/account/info", get(account_info))
        .route("/v1/balance", get(balance))
        .route("/v1/order", post(open_order))
        .route("/v1/order/{id}/cancel", post(cancel_order))
        .route("/v1/orders/opened", get(opened_orders))
        .route("/v1/orders/closed", get(closed_orders))
        .route("/v1/order/{id}", get(order_status))
        .route("/v1/order/{id}/trades", get(order_trades))
        .route("/v1/trades", get(my_trades))
        .fallback(|| async { refuse(Refusal::new(404, "Not found")) })
        .with_state(state)
}

// ------------------------------------------------------------------ envelope

#[derive(Serialize)]
struct Envelope<T> {
    status: u16,
    data: T,
}

fn json_response(status: StatusCode, bytes: Vec<u8>) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response()
}

fn ok<T: Serialize>(data: T) -> Response {
    match serde_json::to_vec(&Envelope { status: 200, data }) {
        Ok(bytes) => json_response(StatusCode::OK, bytes),
        Err(e) => refuse(Refusal::new(500, format!("Internal Server Error: {e}"))),
    }
}

fn refuse(r: Refusal) -> Response {
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::json!({"status": r.status, "message": r.message});
    json_response(status, body.to_string().into_bytes())
}

fn reply<T: Serialize>(outcome: Result<T, Refusal>) -> Response {
    match outcome {
        Ok(v) => ok(v),
        Err(r) => refuse(r),
    }
}

fn lock(state: &Shared) -> MutexGuard<'_, Engine> {
    // A panic while holding the lock cannot leave the engine half-updated in a way that
    // matters more than stopping the venue would; keep serving.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The venue's check: the `Authorization` header must be exactly a known key.
fn authenticate(engine: &Engine, headers: &HeaderMap) -> Result<User, Refusal> {
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| Refusal::new(401, "Invalid login data"))?;
    let user = engine
        .users
        .get(key)
        .ok_or_else(|| Refusal::new(401, "Invalid login data"))?;
    if user.disabled {
        return Err(Refusal::new(401, "Invalid login data"));
    }
    if user.expired {
        return Err(Refusal::new(403, "Authorization token expired"));
    }
    Ok(user.clone())
}

fn authenticate_trader(engine: &Engine, headers: &HeaderMap) -> Result<User, Refusal> {
    let user = authenticate(engine, headers)?;
    if !user.is_trade {
        return Err(Refusal::new(402, "Action is forbidden for API key"));
    }
    Ok(user)
}

fn page_args(
    q: &HashMap<String, String>,
    default_limit: u32,
    max: u32,
) -> Result<PageArgs, Refusal> {
    let limit = match q.get("limit") {
        None => default_limit,
        Some(v) => match v.parse::<u32>() {
            Ok(l) if (1..=max).contains(&l) => l,
            _ => return Err(Refusal::bad(format!("limit must be between 1 and {max}"))),
        },
    };
    let offset = match q.get("offset") {
        None => 0,
        Some(v) => v
            .parse::<u64>()
            .map_err(|_| Refusal::bad("offset must be a non-negative integer"))?,
    };
    let sort = match q.get("sort") {
        None => Sort::Desc,
        Some(v) => match Sort::from(v.to_ascii_uppercase().as_str()) {
            Sort::Other(_) => return Err(Refusal::bad("sort must be ASC or DESC")),
            sort => sort,
        },
    };
    Ok(PageArgs {
        limit,
        offset,
        sort,
    })
}

fn order_id(raw: &str) -> Result<u64, Refusal> {
    raw.parse().map_err(|_| Refusal::bad("Order not found"))
}

type Q = Query<HashMap<String, String>>;

// ------------------------------------------------------------------ public

async fn currencies(State(s): State<Shared>) -> Response {
    ok(lock(&s).currencies())
}

async fn currency(State(s): State<Shared>, Path(name): Path<String>) -> Response {
    reply(lock(&s).currency(&name))
}

async fn assets(State(s): State<Shared>) -> Response {
    ok(lock(&s).assets())
}

async fn asset(State(s): State<Shared>, Path(name): Path<String>) -> Response {
    reply(lock(&s).asset(&name))
}

async fn tickers(State(s): State<Shared>) -> Response {
    ok(lock(&s).tickers(Utc::now()))
}

async fn ticker(State(s): State<Shared>, Path(asset): Path<String>) -> Response {
    reply(lock(&s).ticker(&asset, Utc::now()))
}

async fn orderbook(
    State(s): State<Shared>,
    Path((asset, rounding)): Path<(String, String)>,
) -> Response {
    let rounding = match rounding
        .parse::<u8>()
        .ok()
        .and_then(|l| Rounding::from_level(l).ok())
    {
        Some(r) => r,
        None => return refuse(Refusal::bad("rounding must be 0, 1, 2 or 3")),
    };
    reply(lock(&s).orderbook(&asset, rounding))
}

async fn public_trades(
    State(s): State<Shared>,
    Path(asset): Path<String>,
    Query(q): Q,
) -> Response {
    let page = match page_args(&q, 10, 100) {
        Ok(p) => p,
        Err(r) => return refuse(r),
    };
    reply(lock(&s).public_trades(&asset, page))
}

async fn candles(
    State(s): State<Shared>,
    Path((asset, frame)): Path<(String, String)>,
    Query(q): Q,
) -> Response {
    let frame = match frame
        .parse::<u32>()
        .ok()
        .and_then(|f| Frame::from_seconds(f).ok())
    {
        Some(f) => f,
        None => return refuse(Refusal::bad("frame is not one of the available frames")),
    };
    let page = match page_args(&q, 20, 500) {
        Ok(p) => p,
        Err(r) => return refuse(r),
    };
    reply(lock(&s).candles(&asset, frame, page, Utc::now()))
}

// ------------------------------------------------------------------ authorized

async fn account_info(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let engine = lock(&s);
    reply(authenticate(&engine, &headers).map(|u| engine.account_info(&u)))
}

async fn balance(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let engine = lock(&s);
    reply(authenticate(&engine, &headers).map(|u| engine.balances(u.id)))
}

#[derive(Deserialize)]
struct OrderBody {
    asset: String,
    cmd: String,
    #[serde(deserialize_with = "venue_common::serde_ext::decimal::deserialize")]
    volume: Decimal,
    #[serde(
        default,
        deserialize_with = "venue_common::serde_ext::decimal_opt::deserialize"
    )]
    price: Option<Decimal>,
    #[serde(
        rename = "stopPrice",
        default,
        deserialize_with = "venue_common::serde_ext::decimal_opt::deserialize"
    )]
    stop_price: Option<Decimal>,
}

async fn open_order(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let mut engine = lock(&s);
    let user = match authenticate_trader(&engine, &headers) {
        Ok(u) => u,
        Err(r) => return refuse(r),
    };
    let order: OrderBody = match serde_json::from_slice(&body) {
        Ok(o) => o,
        Err(e) => return refuse(Refusal::bad(format!("Invalid body: {e}"))),
    };
    let side = match order.cmd.as_str() {
        "buy" => crate::Side::Buy,
        "sell" => crate::Side::Sell,
        _ => return refuse(Refusal::bad("cmd must be buy or sell")),
    };
    let now = Utc::now();
    reply(engine.place(
        user.id,
        &order.asset,
        side,
        order.volume,
        order.price,
        order.stop_price,
        now,
    ))
}

async fn cancel_order(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let mut engine = lock(&s);
    let user = match authenticate_trader(&engine, &headers) {
        Ok(u) => u,
        Err(r) => return refuse(r),
    };
    let outcome = order_id(&id).and_then(|id| engine.cancel(user.id, id, Utc::now()));
    reply(outcome)
}

async fn opened_orders(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let engine = lock(&s);
    reply(authenticate(&engine, &headers).map(|u| engine.opened(u.id)))
}

async fn closed_orders(State(s): State<Shared>, headers: HeaderMap, Query(q): Q) -> Response {
    let engine = lock(&s);
    let outcome = authenticate(&engine, &headers)
        .and_then(|u| page_args(&q, 20, 100).map(|p| engine.closed(u.id, p)));
    reply(outcome)
}

async fn order_status(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let engine = lock(&s);
    let outcome = authenticate(&engine, &headers)
        .and_then(|u| order_id(&id).and_then(|id| engine.order(u.id, id)));
    reply(outcome)
}

async fn order_trades(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Q,
) -> Response {
    let engine = lock(&s);
    let outcome = authenticate(&engine, &headers).and_then(|u| {
        let page = page_args(&q, 20, 100)?;
        engine.order_trades(u.id, order_id(&id)?, page)
    });
    reply(outcome)
}

async fn my_trades(State(s): State<Shared>, headers: HeaderMap, Query(q): Q) -> Response {
    let engine = lock(&s);
    let outcome = authenticate(&engine, &headers)
        .and_then(|u| page_args(&q, 20, 100).map(|p| engine.my_trades(u.id, p)));
    reply(outcome)
}

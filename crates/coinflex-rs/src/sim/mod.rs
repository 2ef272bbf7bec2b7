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
//! - **Layouts**: paths are served under `/v2/...` (both sites' layout) and also under
//!   `/v2/v2/...`, what a client gets when it appends the paths to the document's live URL
//!   (`https://v2api.coinflex.com/v2`) verbatim. The signature covers the path as received.
//!
//! Errors are the venue's shape: `{"success": false, "code": "...", "message": "..."}`.

mod state;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDateTime, Utc};
use rust_decimal::Decimal;
use venue_common::secret::SecretString;

use crate::auth::{self, Credentials};
use crate::client::ClientBuilder;

use state::SimError;
pub use state::SimState;

/// How far a request's `Timestamp` may be from the venue's clock, either way: 30 seconds.
/// CoinFLEX does not document its window; 30 s is this stand-in's choice.
pub const SKEW_WINDOW: Duration = Duration::from_secs(30);

/// The API key the local venue accepts by default.
pub const DEFAULT_API_KEY: &str = "sim-api-key-0001";
/// The secret of [`DEFAULT_API_KEY`].
pub const DEFAULT_API_SECRET: &str = "sim-api-secret-please-change";
/// The account id the local venue answers with.
pub const ACCOUNT_ID: &str = "3123";

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
        }
    }
}

struct Shared {
    state: Mutex<SimState>,
    skew_window: Duration,
}

/// A running local venue. Dropping it stops the server.
pub struct LocalVenue {
    base_url: String,
    addr: SocketAddr,
    shared: Arc<Shared>,
    credentials: (String, String),
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for LocalVenue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalVenue")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Drop for LocalVenue {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl LocalVenue {
    /// Starts the default venue on `127.0.0.1:0` (any free port).
    pub async fn start() -> std::io::Result<LocalVenue> {
        LocalVenue::start_with(0, SimConfig::default()).await
    }

    /// Starts a venue with `config` on `127.0.0.1:<port>` (0: any free port).
    pub async fn start_with(port: u16, config: SimConfig) -> std::io::Result<LocalVenue> {
        let credentials = config
            .keys
            .first()
            .cloned()
            .unwrap_or_else(|| (DEFAULT_API_KEY.into(), DEFAULT_API_SECRET.into()));
        let shared = Arc::new(Shared {
            state: Mutex::new(SimState::new(&config)),
            skew_window: config.skew_window,
        });
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let app = router(shared.clone());
        let task = tokio::spawn(async move {
            // The server ends only when the task is aborted (the venue dropped).
            let _ = axum::serve(listener, app).await;
        });
        Ok(LocalVenue {
            base_url: format!("http://{addr}"),
            addr,
            shared,
            credentials,
            task,
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The socket address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

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

    fn with_state<T>(&self, f: impl FnOnce(&mut SimState) -> T) -> T {
        // A poisoned lock only means another handler panicked; the data is still usable.
        let mut guard = match self.shared.state.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        f(&mut guard)
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

/// The venue's error answer.
pub(crate) fn failure(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    let body = serde_json::json!({
        "success": false,
        "code": code,
        "message": message.into(),
    });
    (
        status,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn sim_error(status: StatusCode, code: &'static str, message: impl Into<String>) -> SimError {
    SimError {
        status,
        code,
        message: message.into(),
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Checks the request's authentication exactly as the venue does; `Ok(key)` when it passes.
fn authenticate(
    shared: &Shared,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<String, SimError> {
    let unauthorized = StatusCode::UNAUTHORIZED;
    let key = header(headers, "accesskey")
        .filter(|k| !k.is_empty())
        .ok_or_else(|| sim_error(unauthorized, "20025", "API key is invalid"))?;
    let secret = {
        let state = lock(shared);
        state.secret_of(key)
    }
    .ok_or_else(|| sim_error(unauthorized, "20025", "API key is invalid"))?;
    let timestamp = header(headers, "timestamp")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| sim_error(StatusCode::BAD_REQUEST, "20023", "timestamp is required"))?;
    let at = NaiveDateTime::parse_from_str(timestamp, "%Y-%m-%dT%H:%M:%S%.f")
        .map_err(|_| {
            sim_error(
                StatusCode::BAD_REQUEST,
                "20024",
                "timestamp is not YYYY-MM-DDThh:mm:ss",
            )
        })?
        .and_utc();
    let skew = (Utc::now() - at).abs();
    if skew.to_std().unwrap_or(Duration::MAX) > shared.skew_window {
        return Err(sim_error(
            StatusCode::BAD_REQUEST,
            "20024",
            format!(
                "timestamp exceeds the threshold of {} seconds",
                shared.skew_window.as_secs()
            ),
        ));
    }
    let nonce: u64 = header(headers, "nonce")
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| {
            sim_error(
                StatusCode::BAD_REQUEST,
                "40001",
                "Nonce is required and must be an integer",
            )
        })?;
    let given = header(headers, "signature")
        .ok_or_else(|| sim_error(unauthorized, "20000", "Signature is invalid"))?;
    let host = header(headers, "host").unwrap_or_default();
    let signed_body: &[u8] = if *method == Method::GET || body.is_empty() {
        uri.query().unwrap_or_default().as_bytes()
    } else {
        body
    };
    let expected = auth::signature(
        &SecretString::from(secret),
        timestamp,
        nonce,
        method,
        host,
        uri.path(),
        signed_body,
    );
    if !constant_time_eq(expected.as_bytes(), given.as_bytes()) {
        return Err(sim_error(unauthorized, "20000", "Signature is invalid"));
    }
    // Only a correctly signed request may use up a nonce.
    if !lock(shared).claim_nonce(key, nonce) {
        return Err(sim_error(
            StatusCode::BAD_REQUEST,
            "40001",
            format!("Nonce {nonce} has been used by this API key"),
        ));
    }
    Ok(key.to_string())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, SimState> {
    match shared.state.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // The live document's base URL ends in `/v2`; a client appending `/v2/...` to it verbatim
    // sends `/v2/v2/...`: serve that layout too.
    let path = uri.path();
    let route = path
        .strip_prefix("/v2/v2/")
        .map(|rest| format!("/v2/{rest}"));
    let route = route.as_deref().unwrap_or(path);
    let known = state::route_of(&method, route);
    let Some(known) = known else {
        return failure(
            StatusCode::NOT_FOUND,
            "40001",
            format!("no such endpoint: {method} {path}"),
        );
    };
    if let Err(e) = authenticate(&shared, &method, &uri, &headers, &body) {
        return failure(e.status, e.code, e.message);
    }
    let now = Utc::now().timestamp_millis();
    let result = lock(&shared).serve(known, uri.query().unwrap_or_default(), &body, now);
    match result {
        Ok(value) => (
            StatusCode::OK,
            [("content-type", "application/json")],
            value.to_string(),
        )
            .into_response(),
        Err(e) => failure(e.status, e.code, e.message),
    }
}

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
//! For retry tests, [`LocalVenue::lose_next_answers`] makes the venue process requests but lose
//! their answers, as a broken connection would.
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

mod state;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State as AxumState;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};
use tokio::task::JoinHandle;

use crate::auth::{ACCESS_KEY_HEADER, Credentials, SIGNATURE_HEADER, body_params, string_to_sign};
use crate::client::Client;
use venue_common::secret::SecretString;
use venue_common::sign;

pub use state::TRANSFER_STEP;
use state::{Params, Reply, SimState};

/// The access key the local venue accepts.
pub const ACCESS_KEY: &str = "sim-access-key-0001";
/// The secret key the local venue verifies signatures with.
pub const SECRET_KEY: &str = "sim-secret-key-0001";
/// The user the local venue's accounts belong to.
pub const USER_ID: &str = "606113";
/// How far a request's `timestamp` may be from the venue's clock.
pub const TIMESTAMP_WINDOW_MS: i64 = 30_000;

struct Shared {
    state: Mutex<SimState>,
    secret: SecretString,
    /// Answers still to lose (fault injection, see [`LocalVenue::lose_next_answers`]).
    lose: AtomicU32,
}

/// A running local venue. Dropping it stops the server.
pub struct LocalVenue {
    base_url: String,
    shared: Arc<Shared>,
    tasks: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for LocalVenue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalVenue")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl LocalVenue {
    /// Starts on `127.0.0.1` at any free port.
    pub async fn start() -> std::io::Result<LocalVenue> {
        LocalVenue::start_on(0).await
    }

    /// Starts on `127.0.0.1:<port>` (0 picks a free one).
    pub async fn start_on(port: u16) -> std::io::Result<LocalVenue> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            state: Mutex::new(SimState::seeded(now_ms())),
            secret: SecretString::from(SECRET_KEY.to_string()),
            lose: AtomicU32::new(0),
        });
        let router = Router::new().fallback(handle).with_state(shared.clone());
        let server = tokio::spawn(async move {
            // The server runs until the venue is dropped (the task is aborted then).
            let _ = axum::serve(listener, router).await;
        });
        let ticker_shared = shared.clone();
        let ticker = tokio::spawn(async move {
            let mut interval = tokio::time::interval(TRANSFER_STEP);
            loop {
                interval.tick().await;
                if let Ok(mut s) = ticker_shared.state.lock() {
                    s.advance_transfers(now_ms());
                }
            }
        });
        Ok(LocalVenue {
            base_url: format!("http://{addr}"),
            shared,
            tasks: vec![server, ticker],
        })
    }

    /// The base URL to give a client (`http://127.0.0.1:<port>`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

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
        if let Ok(mut s) = self.shared.state.lock() {
            s.settle_transfers(now_ms());
        }
    }

    /// Fault injection: the venue processes the next `n` requests as usual, but their answers
    /// are lost (the connection breaks after the headers). A client sees a request that may
    /// have been sent: it must not repeat a write without an idempotency key, and a repeat
    /// with the key is answered "Duplicate Serial No" / "Repeated Request".
    pub fn lose_next_answers(&self, n: u32) {
        self.shared.lose.store(n, Ordering::SeqCst);
    }

    /// A balance held by the venue (zero when none).
    pub fn balance(&self, account_id: &str, currency: &str) -> Decimal {
        self.shared
            .state
            .lock()
            .map(|s| s.balance(account_id, currency))
            .unwrap_or_default()
    }

    /// Credits an account (for tests that need funds somewhere).
    pub fn fund(&self, account_id: &str, currency: &str, amount: Decimal) {
        if let Ok(mut s) = self.shared.state.lock() {
            s.credit(account_id, currency, amount);
        }
    }
}

impl Drop for LocalVenue {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn envelope(status: StatusCode, code: i64, message: &str, data: Value) -> Response {
    let body = json!({"code": code, "message": message, "data": data}).to_string();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn reply(r: Reply) -> Response {
    match r {
        Reply::Ok(data) => envelope(StatusCode::OK, 0, "", data),
        Reply::Venue(code, message) => envelope(StatusCode::OK, code, &message, Value::Null),
        Reply::Http(status, message) => {
            let code = i64::from(status);
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
            envelope(status, code, &message, Value::Null)
        }
    }
}

async fn handle(
    AxumState(shared): AxumState<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let params = match read_params(&method, &uri, &body) {
        Ok(p) => p,
        Err(message) => return reply(Reply::Http(400, message)),
    };
    if let Err(r) = authenticate(&shared.secret, &path, &headers, &params) {
        return reply(r);
    }
    let Ok(mut state) = shared.state.lock() else {
        return reply(Reply::Http(500, "internal error".into()));
    };
    state.advance_transfers(now_ms());
    let answer = reply(state.dispatch(method.as_str(), &path, &params, now_ms()));
    drop(state);
    let lose = shared
        .lose
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    if lose {
        return lost_answer();
    }
    answer
}

/// A 200 whose body breaks off: the connection is aborted after the headers.
fn lost_answer() -> Response {
    let broken = futures::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("answer lost (fault injection)"))
    });
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        axum::body::Body::from_stream(broken),
    )
        .into_response()
}

/// The request's parameters: the decoded query of a `GET`, the JSON body object otherwise.
fn read_params(method: &Method, uri: &Uri, body: &[u8]) -> Result<Params, String> {
    if *method == Method::GET {
        let query = uri.query().unwrap_or("");
        let parsed = venue_common::Url::parse(&format!("http://x/?{query}"))
            .map_err(|e| format!("bad query: {e}"))?;
        let mut map = Map::new();
        for (k, v) in parsed.query_pairs() {
            map.insert(k.into_owned(), Value::String(v.into_owned()));
        }
        Ok(Params::new(map, true))
    } else {
        if body.is_empty() {
            return Ok(Params::new(Map::new(), false));
        }
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => Ok(Params::new(map, false)),
            _ => Err("the body must be a JSON object".into()),
        }
    }
}

fn authenticate(
    secret: &SecretString,
    path: &str,
    headers: &HeaderMap,
    params: &Params,
) -> Result<(), Reply> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match header(ACCESS_KEY_HEADER) {
        Some(k) if k == ACCESS_KEY => {}
        Some(_) => return Err(Reply::Http(401, "invalid access key".into())),
        None => return Err(Reply::Http(401, "missing X-MatrixPort-Access-Key".into())),
    }
    let Some(given) = header(SIGNATURE_HEADER) else {
        return Err(Reply::Http(
            401,
            "missing X-MatrixPort-Access-Signature".into(),
        ));
    };
    let Some(ts) = params.i64("timestamp") else {
        return Err(Reply::Http(400, "missing timestamp".into()));
    };
    if now_ms().saturating_sub(ts).saturating_abs() > TIMESTAMP_WINDOW_MS {
        return Err(Reply::Http(401, "timestamp expired".into()));
    }
    let pairs = if params.is_query() {
        params
            .map()
            .iter()
            .map(|(k, v)| (k.clone(), crate::auth::value_text(v)))
            .collect::<Vec<_>>()
    } else {
        match params.map().get("signature") {
            Some(Value::String(s)) if s == given => {}
            _ => {
                return Err(Reply::Http(
                    401,
                    "the body's signature field does not match the header".into(),
                ));
            }
        }
        body_params(params.map())
    };
    let expected = sign::hmac_sha256_hex_upper(secret, string_to_sign(path, &pairs).as_bytes());
    if expected != given {
        return Err(Reply::Http(401, "signature verification failed".into()));
    }
    Ok(())
}

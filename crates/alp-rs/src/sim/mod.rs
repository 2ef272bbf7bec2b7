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
//!   calls per second per IP, refused with `429` and `Retry-After`.
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

mod json;
mod state;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, State as AxState};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use base64::Engine as _;
use rust_decimal::Decimal;
use venue_common::secret::SecretString;
use venue_common::serde_ext::parse_decimal;

use self::json::{J, i, n, rfc, s, secs, u};
use self::state::{MAIN, Refusal, SUB, Side, State, Status};
use crate::auth::{v1_signature, v3_body_signature};
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
}

impl std::fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimConfig")
            .field("key", &self.key)
            .field("secret", &"[redacted]")
            .field("private_per_second", &self.private_per_second)
            .field("public_per_second", &self.public_per_second)
            .field("token_ttl", &self.token_ttl)
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
        }
    }
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

struct Shared {
    config: SimConfig,
    secret: SecretString,
    /// Signs the JWTs this venue issues.
    token_secret: SecretString,
    state: Mutex<State>,
    auth: Mutex<AuthState>,
}

#[derive(Default)]
struct AuthState {
    last_nonce: HashMap<String, u64>,
    tokens: HashMap<String, (u64, i64)>,
    issued: u64,
    buckets: HashMap<String, Bucket>,
}

/// A running local venue. Stops when dropped.
pub struct LocalVenue {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for LocalVenue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalVenue")
            .field("base_url", &self.base_url())
            .finish()
    }
}

impl Drop for LocalVenue {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl LocalVenue {
    /// Starts on a free port of 127.0.0.1 with the default configuration.
    pub async fn start() -> std::io::Result<LocalVenue> {
        LocalVenue::start_with(SimConfig::default()).await
    }

    /// Starts on a free port of 127.0.0.1.
    pub async fn start_with(config: SimConfig) -> std::io::Result<LocalVenue> {
        LocalVenue::bind(0, config).await
    }

    /// Starts on `127.0.0.1:<port>` (0 for any free port).
    pub async fn bind(port: u16, config: SimConfig) -> std::io::Result<LocalVenue> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            secret: SecretString::from(config.secret.clone()),
            token_secret: SecretString::from(format!("sim-jwt-{}", now_ms())),
            config,
            state: Mutex::new(State::seeded(now_ms())),
            auth: Mutex::new(AuthState::default()),
        });
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let task = tokio::spawn(async move {
            let service = app.into_make_service_with_connect_info::<SocketAddr>();
            let _ = axum::serve(listener, service).await;
        });
        Ok(LocalVenue { addr, shared, task })
    }

    /// The API root to give a client (`http://127.0.0.1:<port>/api`).
    pub fn base_url(&self) -> String {
        format!("http://{}/api", self.addr)
    }

    /// The socket address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The credentials it accepts.
    pub fn credentials(&self) -> Credentials {
        Credentials::new(
            self.shared.config.key.clone(),
            self.shared.config.secret.clone(),
        )
    }

    /// A client builder pointed at this venue with its credentials, pacing as configured
    /// for the venue's limits.
    pub fn client_builder(&self) -> ClientBuilder {
        let mut b = Client::builder()
            .base_url(self.base_url())
            .credentials(self.credentials());
        let cfg = &self.shared.config;
        let mut rates = Vec::new();
        if let Some(p) = cfg.private_per_second {
            rates.push(crate::Rate::new(
                crate::Scope::Private,
                p,
                Duration::from_secs(1),
            ));
        }
        if let Some(p) = cfg.public_per_second {
            rates.push(crate::Rate::new(
                crate::Scope::Public,
                p,
                Duration::from_secs(1),
            ));
        }
        b = b.pacing(rates);
        b
    }

    /// The account id of the configured key.
    pub fn account_id(&self) -> u64 {
        MAIN
    }

    /// Revokes every JWT issued so far (the next v3 call is answered `401`).
    pub fn expire_tokens(&self) {
        lock(&self.shared.auth).tokens.clear();
    }

    /// How many JWTs it has issued.
    pub fn tokens_issued(&self) -> u64 {
        lock(&self.shared.auth).issued
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic in another request must not take the venue down.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn respond(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response {
    Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

fn ok(j: J) -> Response {
    respond(StatusCode::OK, "application/json", j.to_bytes())
}

fn status_only(status: StatusCode) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = status;
    r
}

fn v1_err(status: StatusCode, message: impl Into<String>) -> Response {
    let body = J::Obj(vec![("date", secs(now_ms())), ("error", s(message))]);
    respond(status, "application/json", body.to_bytes())
}

fn v3_err(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    let body = J::Obj(vec![("code", s(code)), ("message", s(message))]);
    respond(status, "application/json", body.to_bytes())
}

fn form_err(field: &str, message: impl Into<String>) -> Response {
    let body = format!(
        "{{\"formErrors\":{{{}:[{}]}}}}",
        serde_json::to_string(field).unwrap_or_default(),
        serde_json::to_string(&message.into()).unwrap_or_default()
    );
    respond(
        StatusCode::BAD_REQUEST,
        "application/json",
        body.into_bytes(),
    )
}

fn too_many(v3: bool) -> Response {
    let mut r = if v3 {
        v3_err(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMIT",
            "too many requests",
        )
    } else {
        v1_err(StatusCode::TOO_MANY_REQUESTS, "Too many requests")
    };
    r.headers_mut()
        .insert("retry-after", axum::http::HeaderValue::from_static("1"));
    r
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

fn query_map(uri: &Uri) -> HashMap<String, String> {
    url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

impl Shared {
    /// Takes a token of `who`'s bucket; false when the limit is reached.
    fn allow(&self, who: String, per_second: Option<u32>) -> bool {
        let Some(rate) = per_second else { return true };
        let rate = f64::from(rate.max(1));
        let mut auth = lock(&self.auth);
        let now = Instant::now();
        let b = auth.buckets.entry(who).or_insert(Bucket {
            tokens: rate,
            at: now,
        });
        b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * rate).min(rate);
        b.at = now;
        // A quarter of a token of grace absorbs network jitter for a client pacing exactly
        // at the limit.
        if b.tokens >= 0.75 {
            b.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Verifies a v1 private request; returns the account.
    fn v1_auth(
        &self,
        method: &Method,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<u64, Box<Response>> {
        let key = header(headers, "x-key").unwrap_or("");
        if key != self.config.key {
            return Err(Box::new(v1_err(
                StatusCode::UNAUTHORIZED,
                "Invalid API key",
            )));
        }
        let Some(nonce) = header(headers, "x-nonce").and_then(|n| n.trim().parse::<u64>().ok())
        else {
            return Err(Box::new(v1_err(StatusCode::BAD_REQUEST, "Invalid nonce")));
        };
        let payload: Vec<(String, String)> = if *method == Method::POST {
            payload_pairs(headers, body)
        } else {
            Vec::new()
        };
        let expected = v1_signature(key, &self.secret, &payload);
        let given = header(headers, "x-sign").unwrap_or("").to_ascii_lowercase();
        if given != expected {
            return Err(Box::new(v1_err(
                StatusCode::UNAUTHORIZED,
                "Invalid signature",
            )));
        }
        let mut auth = lock(&self.auth);
        let last = auth.last_nonce.entry(key.to_string()).or_insert(0);
        if nonce <= *last {
            return Err(Box::new(v1_err(
                StatusCode::BAD_REQUEST,
                format!("Invalid nonce: must be greater than {last}"),
            )));
        }
        *last = nonce;
        Ok(MAIN)
    }

    fn issue_token(&self, account: u64) -> String {
        let exp = now_ms() / 1000 + self.config.token_ttl.as_secs() as i64;
        let mut auth = lock(&self.auth);
        auth.issued += 1;
        let enc = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
        let head = enc(br#"{"alg":"HS256","typ":"JWT"}"#);
        let claims =
            enc(format!(r#"{{"sub":"{account}","exp":{exp},"jti":{}}}"#, auth.issued).as_bytes());
        let signing = format!("{head}.{claims}");
        let sig = enc(&venue_common::sign::hmac_sha256(
            venue_common::secret::ExposeSecret::expose_secret(&self.token_secret).as_bytes(),
            signing.as_bytes(),
        ));
        let token = format!("{signing}.{sig}");
        auth.tokens.insert(token.clone(), (account, exp));
        token
    }

    /// Verifies a v3 private request; returns the account.
    fn v3_auth(&self, headers: &HeaderMap, body: &[u8]) -> Result<u64, Box<Response>> {
        let Some(token) = header(headers, "authorization").and_then(|v| v.strip_prefix("Bearer "))
        else {
            return Err(Box::new(v3_err(
                StatusCode::UNAUTHORIZED,
                "UNAUTHORIZED",
                "missing bearer token",
            )));
        };
        let found = lock(&self.auth).tokens.get(token.trim()).copied();
        let Some((account, exp)) = found else {
            return Err(Box::new(v3_err(
                StatusCode::UNAUTHORIZED,
                "UNAUTHORIZED",
                "invalid or revoked token",
            )));
        };
        if now_ms() / 1000 >= exp {
            return Err(Box::new(v3_err(
                StatusCode::UNAUTHORIZED,
                "TOKEN_EXPIRED",
                "token is expired",
            )));
        }
        if !body.is_empty() {
            let expected = v3_body_signature(&self.secret, body);
            if header(headers, "x-sign")
                .map(str::to_ascii_lowercase)
                .as_deref()
                != Some(expected.as_str())
            {
                return Err(Box::new(v3_err(
                    StatusCode::UNAUTHORIZED,
                    "INVALID_SIGNATURE",
                    "body signature mismatch",
                )));
            }
        }
        Ok(account)
    }
}

/// The payload of a v1 POST: form fields, or a JSON object's fields as text.
fn payload_pairs(headers: &HeaderMap, body: &[u8]) -> Vec<(String, String)> {
    let json = header(headers, "content-type").is_some_and(|c| c.contains("json"));
    if json {
        // Values keep their JSON text (numbers never pass through a binary float).
        let Ok(map) =
            serde_json::from_slice::<HashMap<String, Box<serde_json::value::RawValue>>>(body)
        else {
            return Vec::new();
        };
        return map
            .into_iter()
            .map(|(k, v)| {
                let text =
                    serde_json::from_str::<String>(v.get()).unwrap_or_else(|_| v.get().to_string());
                (k, text)
            })
            .collect();
    }
    url::form_urlencoded::parse(body).into_owned().collect()
}

async fn handle(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(path) = uri.path().strip_prefix("/api") else {
        return v1_err(StatusCode::NOT_FOUND, "Not found");
    };
    let path = path.trim_end_matches('/').to_string();
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let q = query_map(&uri);
    let ip = format!("ip:{}", peer.ip());
    match segs.first().copied() {
        Some("v3") => {
            if segs.get(1) == Some(&"auth") && segs.len() == 2 && method == Method::POST {
                if !shared.allow(ip, shared.config.public_per_second) {
                    return too_many(true);
                }
                return v3_login(&shared, &headers, &body);
            }
            let account = match shared.v3_auth(&headers, &body) {
                Ok(a) => a,
                Err(r) => return *r,
            };
            if !shared.allow(format!("acct:{account}"), shared.config.private_per_second) {
                return too_many(true);
            }
            v3_route(&shared, account, &method, &segs[1..], &q, &body)
        }
        Some("v1") | Some("charts") => {
            let private = v1_is_private(&method, &segs);
            if private {
                let account = match shared.v1_auth(&method, &headers, &body) {
                    Ok(a) => a,
                    Err(r) => return *r,
                };
                if !shared.allow(format!("acct:{account}"), shared.config.private_per_second) {
                    return too_many(false);
                }
                v1_private(&shared, account, &method, &segs, &q, &headers, &body)
            } else {
                if !shared.allow(ip, shared.config.public_per_second) {
                    return too_many(false);
                }
                v1_public(&shared, &method, &segs, &q)
            }
        }
        _ => v1_err(StatusCode::NOT_FOUND, "Not found"),
    }
}

fn v1_is_private(method: &Method, segs: &[&str]) -> bool {
    matches!(
        (method.as_str(), segs),
        ("GET", ["v1", "wallets"])
            | ("GET", ["v1", "orders", "own"])
            | ("GET", ["v1", "order", _])
            | ("POST", ["v1", "order"])
            | ("POST", ["v1", "order-cancel"])
            | ("GET", ["v1", "exchanges", "own"])
            | ("GET", ["v1", "deposits"])
            | ("GET", ["v1", "withdraws"])
    )
}

fn v3_login(shared: &Shared, headers: &HeaderMap, body: &[u8]) -> Response {
    #[derive(serde::Deserialize)]
    struct Login {
        api_key: String,
        api_secret: String,
    }
    let Ok(login) = serde_json::from_slice::<Login>(body) else {
        return form_err("api_key", "api_key and api_secret are required");
    };
    if login.api_key != shared.config.key || login.api_secret != shared.config.secret {
        return respond(
            StatusCode::UNAUTHORIZED,
            "text/plain",
            b"invalid api key or secret".to_vec(),
        );
    }
    if let Some(sign) = header(headers, "x-sign")
        && sign.to_ascii_lowercase() != v3_body_signature(&shared.secret, body)
    {
        return v3_err(
            StatusCode::UNAUTHORIZED,
            "INVALID_SIGNATURE",
            "body signature mismatch",
        );
    }
    let token = shared.issue_token(MAIN);
    ok(s(token))
}

fn dec_param(q: &HashMap<String, String>, name: &str) -> Option<Decimal> {
    q.get(name).and_then(|v| parse_decimal(v).ok())
}

fn usize_param(q: &HashMap<String, String>, name: &str, default: usize) -> Result<usize, String> {
    match q.get(name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| format!("{name} must be an integer")),
    }
}

fn v1_public(
    shared: &Shared,
    method: &Method,
    segs: &[&str],
    q: &HashMap<String, String>,
) -> Response {
    if *method != Method::GET {
        return v1_err(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed");
    }
    let st = lock(&shared.state);
    match segs {
        ["v1", "currencies"] => ok(J::Arr(
            st.currencies
                .iter()
                .map(|(c, sign)| J::Obj(vec![("sign", s(*sign)), ("short_name", s(*c))]))
                .collect(),
        )),
        ["v1", "pairs"] => ok(J::Arr(
            st.pairs
                .iter()
                .filter(|p| q.get("currency1").is_none_or(|c| c == p.base))
                .filter(|p| q.get("currency2").is_none_or(|c| c == p.quote))
                .map(|p| {
                    J::Obj(vec![
                        ("name", s(p.name)),
                        ("currency1", s(p.base)),
                        ("currency2", s(p.quote)),
                        ("price_precision", i(p.price_precision)),
                        ("amount_precision", i(p.amount_precision)),
                        ("maximum_order_size", n(Decimal::new(100_000_000, 0))),
                        ("minimum_order_size", n(Decimal::new(1, p.amount_precision))),
                        ("liquidity_type", i(10)),
                    ])
                })
                .collect(),
        )),
        ["v1", "ticker"] => {
            let now = now_ms();
            let list = st
                .pairs
                .iter()
                .filter(|p| q.get("pair").is_none_or(|x| x == p.name))
                .map(|p| {
                    let day: Vec<_> = st
                        .trades
                        .iter()
                        .filter(|t| t.pair == p.name && t.time > now - 86_400_000)
                        .collect();
                    let last = st
                        .trades
                        .iter()
                        .rfind(|t| t.pair == p.name)
                        .map(|t| t.price)
                        .unwrap_or_default();
                    let first = day.first().map(|t| t.price).unwrap_or(last);
                    let best = |side: Side| {
                        let it = st
                            .orders
                            .iter()
                            .filter(|o| {
                                o.pair == p.name && o.side == side && o.status == Status::Active
                            })
                            .map(|o| o.price);
                        match side {
                            Side::Buy => it.max(),
                            Side::Sell => it.min(),
                        }
                    };
                    let opt = |d: Option<Decimal>| d.map(n).unwrap_or(J::Null);
                    J::Obj(vec![
                        ("timestamp", secs(now)),
                        ("pair", s(p.name)),
                        ("last", n(last)),
                        ("diff", n(last - first)),
                        ("vol", n(day.iter().map(|t| t.amount).sum())),
                        (
                            "high",
                            n(day.iter().map(|t| t.price).max().unwrap_or_default()),
                        ),
                        (
                            "low",
                            n(day.iter().map(|t| t.price).min().unwrap_or_default()),
                        ),
                        ("buy", opt(best(Side::Buy))),
                        ("sell", opt(best(Side::Sell))),
                    ])
                })
                .collect();
            ok(J::Arr(list))
        }
        ["v1", "orderbook", pair] => {
            if st.pair(pair).is_none() {
                return v1_err(StatusCode::NOT_FOUND, format!("Unknown pair {pair}"));
            }
            let group = q.get("group").map(String::as_str) == Some("1");
            let side_levels = |side: Side, limit: Option<usize>| {
                let mut rows: Vec<(Decimal, Decimal)> = st
                    .orders
                    .iter()
                    .filter(|o| o.pair == *pair && o.side == side && o.status == Status::Active)
                    .map(|o| (o.price, o.remaining()))
                    .collect();
                rows.sort_by(|a, b| {
                    if side == Side::Buy {
                        b.0.cmp(&a.0)
                    } else {
                        a.0.cmp(&b.0)
                    }
                });
                if group {
                    let mut grouped: Vec<(Decimal, Decimal)> = Vec::new();
                    for (p, a) in rows {
                        match grouped.last_mut() {
                            Some(last) if last.0 == p => last.1 += a,
                            _ => grouped.push((p, a)),
                        }
                    }
                    rows = grouped;
                }
                if let Some(l) = limit {
                    rows.truncate(l);
                }
                J::Arr(
                    rows.into_iter()
                        .map(|(p, a)| J::Obj(vec![("price", n(p)), ("amount", n(a))]))
                        .collect(),
                )
            };
            let lim = |k: &str| q.get(k).and_then(|v| v.parse::<usize>().ok());
            ok(J::Obj(vec![
                ("sell", side_levels(Side::Sell, lim("limit_sell"))),
                ("buy", side_levels(Side::Buy, lim("limit_buy"))),
            ]))
        }
        ["v1", "exchanges"] => exchanges(&st, None, q),
        ["charts", pair, tf, "chart"] => {
            let width: i64 = match *tf {
                "5" => 300,
                "15" => 900,
                "30" => 1800,
                "60" => 3600,
                "240" => 14_400,
                "D" => 86_400,
                _ => return v1_err(StatusCode::BAD_REQUEST, "Invalid timeframe"),
            } * 1000;
            let limit = match usize_param(q, "limit", 720) {
                Ok(l) => l,
                Err(e) => return v1_err(StatusCode::BAD_REQUEST, e),
            };
            let since = q
                .get("since")
                .and_then(|v| v.parse::<i64>().ok())
                .map(|v| v * 1000);
            let until = q
                .get("until")
                .and_then(|v| v.parse::<i64>().ok())
                .map(|v| v * 1000);
            let mut candles: Vec<(i64, Decimal, Decimal, Decimal, Decimal, Decimal)> = Vec::new();
            let mut trades: Vec<_> = st
                .trades
                .iter()
                .filter(|t| t.pair == *pair)
                .filter(|t| since.is_none_or(|s| t.time >= s) && until.is_none_or(|u| t.time <= u))
                .collect();
            trades.sort_by_key(|t| (t.time, t.id));
            for t in trades {
                let start = t.time - t.time.rem_euclid(width);
                match candles.last_mut() {
                    Some(c) if c.0 == start => {
                        c.2 = c.2.max(t.price);
                        c.3 = c.3.min(t.price);
                        c.4 = t.price;
                        c.5 += t.amount;
                    }
                    _ => candles.push((start, t.price, t.price, t.price, t.price, t.amount)),
                }
            }
            let skip = candles.len().saturating_sub(limit);
            ok(J::Arr(
                candles
                    .into_iter()
                    .skip(skip)
                    .map(|(t, o, h, l, c, v)| {
                        J::Obj(vec![
                            ("volume", n(v)),
                            ("high", n(h)),
                            ("low", n(l)),
                            ("close", n(c)),
                            ("time", i(t / 1000)),
                            ("open", n(o)),
                        ])
                    })
                    .collect(),
            ))
        }
        _ => v1_err(StatusCode::NOT_FOUND, "Not found"),
    }
}

fn exchanges(st: &State, own: Option<u64>, q: &HashMap<String, String>) -> Response {
    let (limit, offset) = match (usize_param(q, "limit", 100), usize_param(q, "offset", 0)) {
        (Ok(l), Ok(o)) => (l, o),
        (Err(e), _) | (_, Err(e)) => return v1_err(StatusCode::BAD_REQUEST, e),
    };
    let side = q.get("type").and_then(|t| Side::parse(t));
    let mut rows: Vec<_> = st
        .trades
        .iter()
        .filter(|t| q.get("pair").is_none_or(|p| p == t.pair))
        .filter_map(|t| match own {
            None => Some((t, t.taker_side, t.maker_account)),
            Some(a) if t.taker_account == a => Some((t, t.taker_side, a)),
            Some(a) if t.maker_account == a => Some((
                t,
                if t.taker_side == Side::Buy {
                    Side::Sell
                } else {
                    Side::Buy
                },
                a,
            )),
            Some(_) => None,
        })
        .filter(|(_, s, _)| side.is_none_or(|x| x == *s))
        .collect();
    match q.get("ordering").map(String::as_str) {
        Some("id") => rows.sort_by_key(|(t, _, _)| t.id),
        _ => rows.sort_by_key(|(t, _, _)| std::cmp::Reverse(t.id)),
    }
    ok(J::Arr(
        rows.into_iter()
            .skip(offset)
            .take(limit)
            .map(|(t, side, account)| {
                J::Obj(vec![
                    ("id", u(t.id)),
                    ("account_id", u(account)),
                    ("price", n(t.price)),
                    ("pair", s(t.pair)),
                    ("type", s(side.v1())),
                    ("timestamp", secs(t.time)),
                    ("amount", n(t.amount)),
                ])
            })
            .collect(),
    ))
}

fn refusal_v1(r: Refusal) -> Response {
    match r {
        Refusal::Balance {
            shortfall,
            currency,
        } => v1_err(
            StatusCode::BAD_REQUEST,
            format!("Out of balance -{} {currency}", shortfall.normalize()),
        ),
        Refusal::NotFound(m) => v1_err(StatusCode::NOT_FOUND, m),
        Refusal::Invalid { field, message } => {
            v1_err(StatusCode::BAD_REQUEST, format!("{field}: {message}"))
        }
    }
}

fn refusal_v3(r: Refusal) -> Response {
    match r {
        Refusal::Balance {
            shortfall,
            currency,
        } => v3_err(
            StatusCode::BAD_REQUEST,
            "INSUFFICIENT_BALANCE",
            format!(
                "insufficient balance: {} {currency} missing",
                shortfall.normalize()
            ),
        ),
        Refusal::NotFound(m) => v3_err(StatusCode::NOT_FOUND, "NOT_FOUND", m),
        Refusal::Invalid { field, message } => form_err(field, message),
    }
}

fn v1_status(st: Status) -> i64 {
    match st {
        Status::Active => 1,
        Status::Canceled => 2,
        Status::Done => 3,
    }
}

fn v1_private(
    shared: &Shared,
    account: u64,
    method: &Method,
    segs: &[&str],
    q: &HashMap<String, String>,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let now = now_ms();
    let mut st = lock(&shared.state);
    match (method.as_str(), segs) {
        ("GET", ["v1", "wallets"]) => {
            let rows: Vec<J> = st
                .wallets
                .iter()
                .filter(|((a, wt, cur, _), _)| {
                    *a == account && wt == "SPOT" && q.get("currency_id").is_none_or(|c| c == cur)
                })
                .map(|((_, _, cur, _), w)| {
                    J::Obj(vec![
                        ("currency", s(cur.clone())),
                        ("balance", n(w.balance)),
                        ("reserve", n(w.reserve)),
                    ])
                })
                .collect();
            ok(J::Arr(rows))
        }
        ("GET", ["v1", "orders", "own"]) => {
            let limit = match usize_param(q, "limit", 2000) {
                Ok(l) => l,
                Err(e) => return v1_err(StatusCode::BAD_REQUEST, e),
            };
            let side = q.get("type").and_then(|t| Side::parse(t));
            let status = q.get("status").and_then(|v| v.parse::<i64>().ok());
            let rows: Vec<J> = st
                .orders
                .iter()
                .rev()
                .filter(|o| o.account == account)
                .filter(|o| side.is_none_or(|x| x == o.side))
                .filter(|o| q.get("pair").is_none_or(|p| p == o.pair))
                .filter(|o| status.is_none_or(|x| x == v1_status(o.status)))
                .take(limit)
                .map(|o| {
                    J::Obj(vec![
                        ("amount", n(o.amount)),
                        ("pair", s(o.pair)),
                        ("type", s(o.side.v1())),
                        ("status", i(v1_status(o.status))),
                        ("price", n(o.price)),
                        ("id", u(o.id)),
                    ])
                })
                .collect();
            ok(J::Arr(rows))
        }
        ("GET", ["v1", "order", pk]) => {
            let Some(o) = pk.parse::<u64>().ok().and_then(|id| {
                st.orders
                    .iter()
                    .find(|o| o.id == id && o.account == account)
            }) else {
                return v1_err(StatusCode::NOT_FOUND, "Not found");
            };
            ok(J::Obj(vec![
                ("id", u(o.id)),
                ("date", i(o.created)),
                ("pair", s(o.pair)),
                ("type", s(o.side.v1())),
                ("price", n(o.price)),
                ("amount", n(o.remaining())),
                ("amount_filled", s(o.filled.to_string())),
                ("amount_original", n(o.amount)),
                ("status", s(v1_status(o.status).to_string())),
            ]))
        }
        ("POST", ["v1", "order"]) => {
            let fields: HashMap<String, String> =
                payload_pairs(headers, body).into_iter().collect();
            let Some(side) = fields.get("type").and_then(|t| Side::parse(t)) else {
                return v1_err(StatusCode::BAD_REQUEST, "type: must be sell or buy");
            };
            let pair = fields.get("pair").cloned().unwrap_or_default();
            let (Some(amount), Some(price)) =
                (dec_param(&fields, "amount"), dec_param(&fields, "price"))
            else {
                return v1_err(StatusCode::BAD_REQUEST, "amount and price are required");
            };
            match st.place(
                account,
                &pair,
                side,
                Some(price),
                amount,
                "SPOT",
                "GTC",
                None,
                now,
            ) {
                Ok((id, trades)) => {
                    let o = st.orders.iter().find(|o| o.id == id).cloned();
                    let remaining = o.as_ref().map(|o| o.remaining()).unwrap_or_default();
                    let trades: Vec<J> = trades
                        .iter()
                        .filter_map(|tid| st.trades.iter().find(|t| t.id == *tid))
                        .map(|t| {
                            let maker_side = if t.taker_side == Side::Buy {
                                Side::Sell
                            } else {
                                Side::Buy
                            };
                            J::Obj(vec![
                                ("type", s(maker_side.v1())),
                                ("price", n(t.price)),
                                ("o_id", u(t.maker_order)),
                                ("amount", n(t.amount)),
                                ("tid", u(t.id)),
                            ])
                        })
                        .collect();
                    ok(J::Obj(vec![
                        ("success", J::Bool(true)),
                        ("type", s(side.v1())),
                        ("date", secs(now)),
                        ("oid", u(id)),
                        ("price", n(price)),
                        ("amount", n(remaining)),
                        ("trades", J::Arr(trades)),
                    ]))
                }
                Err(r) => refusal_v1(r),
            }
        }
        ("POST", ["v1", "order-cancel"]) => {
            let fields: HashMap<String, String> =
                payload_pairs(headers, body).into_iter().collect();
            let Some(id) = fields
                .get("order")
                .and_then(|v| v.trim().parse::<u64>().ok())
            else {
                return v1_err(StatusCode::BAD_REQUEST, "order: an order id is required");
            };
            match st.cancel(account, id, now) {
                Ok(()) => ok(J::Obj(vec![("order", u(id))])),
                Err(r) => refusal_v1(r),
            }
        }
        ("GET", ["v1", "exchanges", "own"]) => exchanges(&st, Some(account), q),
        ("GET", ["v1", "deposits"]) => ok(J::Arr(
            st.deposits
                .iter()
                .filter(|d| d.account == account)
                .map(|d| {
                    J::Obj(vec![
                        ("timestamp", secs(d.time)),
                        ("id", u(d.id)),
                        ("currency", s(d.currency.clone())),
                        ("amount", n(d.amount)),
                    ])
                })
                .collect(),
        )),
        ("GET", ["v1", "withdraws"]) => {
            let status = q.get("status").and_then(|v| v.parse::<u32>().ok());
            ok(J::Arr(
                st.withdraws
                    .iter()
                    .filter(|w| w.account == account)
                    .filter(|w| q.get("currency_id").is_none_or(|c| *c == w.currency))
                    .filter(|w| status.is_none_or(|x| x == w.status))
                    .map(|w| {
                        J::Obj(vec![
                            ("id", u(w.id)),
                            ("timestamp", secs(w.time)),
                            ("currency", s(w.currency.clone())),
                            ("amount", n(w.amount)),
                            ("status", i(w.status)),
                        ])
                    })
                    .collect(),
            ))
        }
        _ => v1_err(StatusCode::NOT_FOUND, "Not found"),
    }
}

/// The v3 window filter: RFC 3339, at most 30 days; defaults as the document says.
fn window(q: &HashMap<String, String>) -> Result<(i64, i64), Box<Response>> {
    let parse = |k: &str| -> Result<Option<i64>, Box<Response>> {
        match q.get(k) {
            None => Ok(None),
            Some(v) => chrono::DateTime::parse_from_rfc3339(v)
                .map(|t| Some(t.timestamp_millis()))
                .map_err(|_| Box::new(form_err(k, "format must be 2006-01-02T15:04:05Z07:00"))),
        }
    };
    let month = 30 * 86_400_000i64;
    let (start, end) = (parse("start_time")?, parse("end_time")?);
    let (start, end) = match (start, end) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, s + month),
        (None, Some(e)) => (e - month, e),
        (None, None) => (now_ms() + 1 - month, now_ms() + 1),
    };
    if end - start > month {
        return Err(Box::new(form_err(
            "end_time",
            "interval must not exceed 30 days",
        )));
    }
    Ok((start, end))
}

fn flag(q: &HashMap<String, String>, k: &str) -> bool {
    q.get(k).is_some_and(|v| v == "true" || v == "1")
}

fn v3_status(o: &state::Order) -> &'static str {
    match o.status {
        Status::Active if o.filled > Decimal::ZERO => "PARTIALLY_FILLED",
        Status::Active => "OPEN",
        Status::Canceled => "CANCELLED",
        Status::Done if o.cancelled > Decimal::ZERO => "CANCELLED",
        Status::Done => "FILLED",
    }
}

fn opt_str(v: &str) -> J {
    s(v.to_string())
}

fn v3_route(
    shared: &Shared,
    account: u64,
    method: &Method,
    segs: &[&str],
    q: &HashMap<String, String>,
    body: &[u8],
) -> Response {
    let now = now_ms();
    let json: serde_json::Value = if body.is_empty() {
        serde_json::Value::Null
    } else {
        match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(_) => return v3_err(StatusCode::BAD_REQUEST, "BAD_REQUEST", "body is not JSON"),
        }
    };
    let text = |k: &str| {
        json.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    // Amounts are read from the body's own text, never through a binary float.
    let raw: HashMap<String, Box<serde_json::value::RawValue>> =
        serde_json::from_slice(body).unwrap_or_default();
    let dec = |k: &str| -> Option<Decimal> {
        let text = raw.get(k)?.get();
        let text = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(text);
        parse_decimal(text).ok()
    };
    let mut st = lock(&shared.state);
    match (method.as_str(), segs) {
        ("GET", ["feeinfo"]) => ok(J::Arr(
            st.fees
                .iter()
                .filter(|f| f.0 == account)
                .map(|f| {
                    let name = st
                        .accounts
                        .iter()
                        .find(|a| a.id == f.0)
                        .map(|a| a.name.clone())
                        .unwrap_or_default();
                    J::Obj(vec![
                        ("name", s(name)),
                        ("account_id", u(f.0)),
                        ("is_active", J::Bool(true)),
                        ("currency", s(f.1)),
                        ("pair", s(f.2)),
                        ("taker_fee_rate", n(f.3)),
                        ("maker_fee_rate", n(f.4)),
                        ("fee_currency", s(f.5)),
                        ("priority", i(f.6)),
                    ])
                })
                .collect(),
        )),
        ("GET", ["orders"]) => {
            let (start, end) = match window(q) {
                Ok(w) => w,
                Err(r) => return *r,
            };
            let side = q.get("side").and_then(|t| Side::parse(t));
            let open_only = flag(q, "open_only");
            ok(J::Arr(
                st.orders
                    .iter()
                    .filter(|o| o.account == account && o.created >= start && o.created < end)
                    .filter(|o| q.get("pair").is_none_or(|p| p == o.pair))
                    .filter(|o| side.is_none_or(|x| x == o.side))
                    .filter(|o| !open_only || o.status == Status::Active)
                    .map(|o| {
                        J::Obj(vec![
                            ("id", u(o.id)),
                            ("account_id", u(o.account)),
                            ("pair", s(o.pair)),
                            ("wallet_type", s(o.wallet_type.clone())),
                            ("side", s(o.side.v3())),
                            ("type", s(if o.market { "MARKET" } else { "LIMIT" })),
                            ("tif", s(o.tif.clone())),
                            ("price", n(o.price)),
                            ("stop_price", n(Decimal::ZERO)),
                            ("amount", n(o.amount)),
                            ("amount_filled", n(o.filled)),
                            ("amount_cancelled", n(o.cancelled)),
                            ("status", s(v3_status(o))),
                            ("date", rfc(Some(o.created))),
                            ("updated_at", rfc(Some(o.updated))),
                            (
                                "open_at",
                                rfc(if o.market { None } else { Some(o.created) }),
                            ),
                            ("expire_after", rfc(None)),
                            ("done_at", rfc(o.done)),
                        ])
                    })
                    .collect(),
            ))
        }
        ("POST", ["orders"]) => {
            if json
                .get("account_id")
                .and_then(|v| v.as_u64())
                .is_some_and(|a| a != account && a != SUB)
            {
                return form_err("account_id", "unknown account");
            }
            let acct = json
                .get("account_id")
                .and_then(|v| v.as_u64())
                .unwrap_or(account);
            let Some(side) = Side::parse(&text("order_side")) else {
                return form_err("order_side", "must be BUY or SELL");
            };
            let wallet_type = match text("wallet_type").as_str() {
                "" => "SPOT".to_string(),
                w @ ("SPOT" | "ISOLATED_MARGIN" | "CROSS_MARGIN") => w.to_string(),
                _ => return form_err("wallet_type", "unknown wallet type"),
            };
            let tif = match text("tif").as_str() {
                "" => "GTC".to_string(),
                t => t.to_string(),
            };
            let cid = Some(text("client_order_id")).filter(|c| !c.is_empty());
            let pair = text("pair");
            let result = match text("order_type").as_str() {
                "LIMIT" => {
                    let (Some(price), Some(amount)) = (dec("limit_price"), dec("base_amount"))
                    else {
                        return form_err(
                            "base_amount",
                            "limit_price and base_amount are required for limit types",
                        );
                    };
                    st.place(
                        acct,
                        &pair,
                        side,
                        Some(price),
                        amount,
                        &wallet_type,
                        &tif,
                        cid,
                        now,
                    )
                }
                "MARKET" => {
                    let Some(amount) = dec("base_amount") else {
                        return form_err("base_amount", "base_amount is required");
                    };
                    st.place(
                        acct,
                        &pair,
                        side,
                        None,
                        amount,
                        &wallet_type,
                        &tif,
                        cid,
                        now,
                    )
                }
                other => return form_err("order_type", format!("{other} is not supported here")),
            };
            match result {
                Ok((id, _)) => respond(
                    StatusCode::CREATED,
                    "application/json",
                    id.to_string().into_bytes(),
                ),
                Err(r) => refusal_v3(r),
            }
        }
        ("DELETE", ["orders"]) => {
            let all = json.get("all").and_then(|v| v.as_bool()).unwrap_or(false);
            let ids: Vec<u64> = json
                .get("order_ids")
                .and_then(|v| v.as_array())
                .map(|a| a.iter().filter_map(|x| x.as_u64()).collect())
                .unwrap_or_default();
            if !all && ids.is_empty() {
                return form_err("order_ids", "order_ids or all=true must be specified");
            }
            let pair = text("pair");
            let targets: Vec<u64> = st
                .orders
                .iter()
                .filter(|o| o.account == account && o.status == Status::Active)
                .filter(|o| {
                    if all {
                        pair.is_empty() || o.pair == pair
                    } else {
                        ids.contains(&o.id)
                    }
                })
                .map(|o| o.id)
                .collect();
            if targets.is_empty() {
                return status_only(StatusCode::NO_CONTENT);
            }
            for id in targets {
                let _ = st.cancel(account, id, now);
            }
            status_only(StatusCode::ACCEPTED)
        }
        ("GET", ["accounts"]) => {
            let subs = flag(q, "include_subaccounts");
            ok(J::Arr(
                st.accounts
                    .iter()
                    .filter(|a| a.id == account || (subs && a.parent == account))
                    .map(|a| {
                        J::Obj(vec![
                            ("id", u(a.id)),
                            ("name", s(a.name.clone())),
                            ("email", s(a.email.clone())),
                            ("id_parent", u(a.parent)),
                        ])
                    })
                    .collect(),
            ))
        }
        ("GET", ["accounts", "trades"]) => {
            let (start, end) = match window(q) {
                Ok(w) => w,
                Err(r) => return *r,
            };
            let side = q.get("side").and_then(|t| Side::parse(t));
            let mut rows = Vec::new();
            for t in st.trades.iter().filter(|t| t.time >= start && t.time < end) {
                for (acct, order_id, maker) in [
                    (t.taker_account, t.taker_order, false),
                    (t.maker_account, t.maker_order, true),
                ] {
                    if acct != account {
                        continue;
                    }
                    let Some(o) = st.orders.iter().find(|o| o.id == order_id) else {
                        continue;
                    };
                    if q.get("pair").is_some_and(|p| p != t.pair)
                        || side.is_some_and(|x| x != o.side)
                    {
                        continue;
                    }
                    let quote = st.pair(t.pair).map(|p| p.quote).unwrap_or("");
                    rows.push(J::Obj(vec![
                        ("date", rfc(Some(t.time))),
                        ("status", s(v3_status(o))),
                        ("side", s(o.side.v3())),
                        ("type", s(if o.market { "MARKET" } else { "LIMIT" })),
                        ("price", n(t.price)),
                        ("amount", n(t.amount)),
                        ("amount_unfilled", n(o.remaining())),
                        ("fee_rate", n(Decimal::ZERO)),
                        ("fee_amount", n(Decimal::ZERO)),
                        ("is_maker", J::Bool(maker)),
                        ("account_id", u(acct)),
                        ("currency", s(quote)),
                        ("pair", s(t.pair)),
                        ("fee_currency", s(quote)),
                        ("wallet_type", s(o.wallet_type.clone())),
                    ]));
                }
            }
            ok(J::Arr(rows))
        }
        ("GET", ["accounts", "balances"]) => ok(J::Arr(
            st.wallets
                .iter()
                .filter(|((a, _, _, _), _)| *a == account)
                .map(|((a, wt, cur, pair), w)| {
                    J::Obj(vec![
                        ("account_id", u(*a)),
                        ("balance", n(w.balance)),
                        ("reserve", n(w.reserve)),
                        ("currency", s(cur.clone())),
                        ("pair", opt_str(pair)),
                        ("wallet_type", s(wt.clone())),
                        ("last_update_at", rfc(Some(w.updated))),
                    ])
                })
                .collect(),
        )),
        ("GET", ["wallets", "activity"]) => {
            let (start, end) = match window(q) {
                Ok(w) => w,
                Err(r) => return *r,
            };
            let side = q.get("side").map(String::as_str);
            ok(J::Arr(
                st.activity
                    .iter()
                    .filter(|m| m.account == account && m.time >= start && m.time < end)
                    .filter(|m| q.get("currency").is_none_or(|c| *c == m.currency))
                    .filter(|m| match side {
                        Some("BUY") => m.balance_delta > Decimal::ZERO,
                        Some("SELL") => m.balance_delta < Decimal::ZERO,
                        _ => true,
                    })
                    .map(|m| {
                        J::Obj(vec![
                            ("id", u(m.id)),
                            ("account_id", u(m.account)),
                            ("currency", s(m.currency.clone())),
                            ("pair", opt_str(&m.pair)),
                            ("wallet_id", u(m.wallet_id)),
                            ("date", rfc(Some(m.time))),
                            ("type", s(m.kind)),
                            ("balance", n(m.balance)),
                            ("balance_delta", n(m.balance_delta)),
                            ("reserve", n(m.reserve)),
                            ("reserve_delta", n(m.reserve_delta)),
                            ("balance_end", n(m.balance + m.balance_delta)),
                            ("reserve_end", n(m.reserve + m.reserve_delta)),
                            ("wallet_type", s(m.wallet_type.clone())),
                        ])
                    })
                    .collect(),
            ))
        }
        ("GET", ["margin"]) => {
            let (iso, cross) = (flag(q, "isolated_margin"), flag(q, "cross_margin"));
            if !iso && !cross {
                return form_err(
                    "isolated_margin",
                    "rather isolated_margin or cross_margin must be set true",
                );
            }
            let mut positions: Vec<(String, String, String, Decimal, Decimal, u64)> = Vec::new();
            for b in st
                .borrows
                .iter()
                .filter(|b| b.account == account && b.closed.is_none())
            {
                let wanted = (iso && b.wallet_type == "ISOLATED_MARGIN")
                    || (cross && b.wallet_type == "CROSS_MARGIN");
                if !wanted {
                    continue;
                }
                let owed = b.borrowed - b.repaid;
                let interest = b.accrued - b.paid;
                match positions
                    .iter_mut()
                    .find(|p| p.0 == b.wallet_type && p.1 == b.currency && p.2 == b.pair)
                {
                    Some(p) => {
                        p.3 += owed;
                        p.4 += interest;
                    }
                    None => positions.push((
                        b.wallet_type.clone(),
                        b.currency.clone(),
                        b.pair.clone(),
                        owed,
                        interest,
                        b.id,
                    )),
                }
            }
            ok(J::Arr(
                positions
                    .into_iter()
                    .map(|(wt, cur, pair, borrowed, interest, id)| {
                        J::Obj(vec![
                            ("id", u(id)),
                            ("account_id", u(account)),
                            ("wallet_type", s(wt)),
                            ("interest", n(interest)),
                            // Spelled as the venue spells it.
                            ("currecny", s(cur)),
                            ("borrowed", n(borrowed)),
                            ("pair", s(pair)),
                        ])
                    })
                    .collect(),
            ))
        }
        ("DELETE", ["margin"]) => {
            let wt = text("wallet_type");
            if wt != "ISOLATED_MARGIN" && wt != "CROSS_MARGIN" {
                return form_err(
                    "wallet_type",
                    "rather ISOLATED_MARGIN or CROSS_MARGIN must be set",
                );
            }
            match st.close_margin(account, &wt, &text("pair"), now) {
                Ok(()) => status_only(StatusCode::ACCEPTED),
                Err(r) => refusal_v3(r),
            }
        }
        ("GET", ["margin", list]) => {
            let (start, end) = match window(q) {
                Ok(w) => w,
                Err(r) => return *r,
            };
            let pair_ok = |p: &str| q.get("pair").is_none_or(|x| x == p);
            let cur_ok = |c: &str| q.get("currency").is_none_or(|x| x == c);
            let in_window = |t: i64| t >= start && t < end;
            let open_only = flag(q, "open_only");
            let rows: Vec<J> = match *list {
                "borrow" => st
                    .borrows
                    .iter()
                    .filter(|b| {
                        b.account == account
                            && in_window(b.time)
                            && pair_ok(&b.pair)
                            && cur_ok(&b.currency)
                    })
                    .filter(|b| !open_only || b.closed.is_none())
                    .map(|b| {
                        J::Obj(vec![
                            ("id", u(b.id)),
                            ("date", rfc(Some(b.time))),
                            ("type", s(b.loan_type.clone())),
                            ("wallet_type", s(b.wallet_type.clone())),
                            ("opened_at", rfc(Some(b.time))),
                            ("closed_at", rfc(b.closed)),
                            ("borrowed", n(b.borrowed)),
                            ("repaid", n(b.repaid)),
                            ("interest_rate", n(b.rate)),
                            ("interest_accrued", n(b.accrued)),
                            ("interest_paid", n(b.paid)),
                            ("account_id", u(b.account)),
                            ("currency", s(b.currency.clone())),
                            ("pair", opt_str(&b.pair)),
                            ("last_interest_at", rfc(Some(b.time))),
                        ])
                    })
                    .collect(),
                "transfer" => st
                    .transfers
                    .iter()
                    .filter(|t| {
                        t.account == account
                            && in_window(t.time)
                            && pair_ok(&t.pair)
                            && cur_ok(&t.currency)
                    })
                    .map(|t| {
                        J::Obj(vec![
                            ("id", u(t.id)),
                            ("account_id", u(t.account)),
                            ("wallet_type", s(t.wallet_type.clone())),
                            ("date", rfc(Some(t.time))),
                            ("direction", s(t.direction.clone())),
                            ("currency", s(t.currency.clone())),
                            ("pair", opt_str(&t.pair)),
                            ("amount", n(t.amount)),
                            ("note", s(t.note.clone())),
                        ])
                    })
                    .collect(),
                "repay" => st
                    .repays
                    .iter()
                    .filter(|r| {
                        r.account == account
                            && in_window(r.time)
                            && pair_ok(&r.pair)
                            && cur_ok(&r.currency)
                    })
                    .map(|r| {
                        J::Obj(vec![
                            ("id", u(r.id)),
                            ("account_id", u(r.account)),
                            ("wallet_type", s(r.wallet_type.clone())),
                            ("date", rfc(Some(r.time))),
                            ("type", s(r.loan_type.clone())),
                            ("currency", s(r.currency.clone())),
                            ("pair", opt_str(&r.pair)),
                            ("principal_amount", n(r.principal)),
                            ("interest_amount", n(r.interest)),
                            ("borrow_id", u(r.borrow_id)),
                        ])
                    })
                    .collect(),
                "interest" => st
                    .interest
                    .iter()
                    .filter(|r| {
                        r.account == account
                            && in_window(r.time)
                            && pair_ok(&r.pair)
                            && cur_ok(&r.currency)
                    })
                    .map(|r| {
                        J::Obj(vec![
                            ("id", u(r.id)),
                            ("account_id", u(r.account)),
                            ("wallet_type", s(r.wallet_type.clone())),
                            ("date", rfc(Some(r.time))),
                            ("currency", s(r.currency.clone())),
                            ("pair", opt_str(&r.pair)),
                            ("interest_rate", n(r.rate)),
                            ("borrow_id", u(r.borrow_id)),
                            ("interest_accrued", n(r.accrued)),
                            ("interest_paid", n(r.paid)),
                        ])
                    })
                    .collect(),
                "liquidation" => {
                    // No liquidation engine: the documented sample, for this account.
                    let sample = include_str!("../../tests/fixtures/margin_liquidations.json")
                        .replace("\"account_id\": 25", &format!("\"account_id\": {account}"));
                    return respond(StatusCode::OK, "application/json", sample.into_bytes());
                }
                _ => return v3_err(StatusCode::NOT_FOUND, "NOT_FOUND", "route not found"),
            };
            ok(J::Arr(rows))
        }
        ("POST", ["margin", op @ ("borrow" | "transfer" | "repay")]) => {
            let wt = text("wallet_type");
            if wt != "ISOLATED_MARGIN" && wt != "CROSS_MARGIN" {
                return form_err("wallet_type", "must be ISOLATED_MARGIN or CROSS_MARGIN");
            }
            let pair = if wt == "ISOLATED_MARGIN" {
                text("pair")
            } else {
                String::new()
            };
            if wt == "ISOLATED_MARGIN" && st.pair(&pair).is_none() {
                return form_err("pair", "must be set for ISOLATED_MARGIN");
            }
            let cur = text("currency");
            if !st.currencies.iter().any(|(c, _)| *c == cur) {
                return form_err("currency", "unknown currency");
            }
            let amount_field = if *op == "borrow" { "borrow" } else { "amount" };
            let Some(amount) = dec(amount_field).filter(|a| *a > Decimal::ZERO) else {
                return form_err(amount_field, "must be greater than 0");
            };
            let result = match *op {
                "borrow" => {
                    let lt = text("type");
                    let lt = if lt.is_empty() {
                        "LOAN_MANUAL".to_string()
                    } else {
                        lt
                    };
                    st.borrow(account, &wt, &cur, &pair, &lt, amount, now);
                    Ok(())
                }
                "transfer" => st
                    .transfer(
                        account,
                        &wt,
                        &text("direction"),
                        &cur,
                        &pair,
                        amount,
                        &text("note"),
                        now,
                    )
                    .map(|_| ()),
                _ => {
                    let lt = text("type");
                    st.repay(account, &wt, &lt, &cur, &pair, amount, now)
                }
            };
            match result {
                Ok(()) => status_only(StatusCode::OK),
                Err(r) => refusal_v3(r),
            }
        }
        _ => v3_err(StatusCode::NOT_FOUND, "NOT_FOUND", "route not found"),
    }
}

//! The one request layer every venue crate uses: requests as data ([`ApiRequest`]), a call bound
//! to a client that `.await`s and can be spawned ([`Call`]), pages as streams
//! ([`PagedRequest`]), and a signed escape hatch ([`RawCall`]).
//!
//! A venue crate's generator output (`src/generated/`) implements [`ApiRequest`] for each
//! endpoint's request struct and writes the client methods; the venue's `Client` implements
//! [`Dispatch`], which says how a request travels (which [`Core`](crate::Core), which answer decoder).
//!
//! ```
//! use venue_common::api::{ApiRequest, Context, DecodeContext, Dispatch, Params, ToParam};
//! use venue_common::{Endpoint, Request, Response, Result};
//!
//! // What `cargo xtask codegen` writes for an endpoint, in miniature.
//! const TICKER: Endpoint = Endpoint::new("ticker", venue_common::endpoint::HttpMethod::Get, "/ticker/{pair}");
//!
//! #[derive(Debug, Clone)]
//! struct TickerRequest { pair: String, depth: Option<u32> }
//!
//! #[derive(Clone)]
//! struct Client { core: venue_common::Core }
//!
//! impl Dispatch for Client {
//!     fn core(&self) -> &venue_common::Core { &self.core }
//!     fn decode_raw<T: serde::de::DeserializeOwned>(response: Response) -> Result<T> {
//!         response.json()   // a venue would check its error shapes first
//!     }
//! }
//! impl ApiRequest for TickerRequest {
//!     type Client = Client;
//!     type Output = serde_json::Value;
//!     const ENDPOINT: Endpoint = TICKER;
//!     fn to_request(&self) -> Result<Request> {
//!         let mut p = Params::new(&Self::ENDPOINT);
//!         p.path("pair", self.pair.to_param());
//!         p.query("depth", self.depth.as_ref().map(ToParam::to_param));
//!         p.build()
//!     }
//!     fn decode(response: Response, _: &DecodeContext<'_>) -> Result<Self::Output> {
//!         response.json()
//!     }
//! }
//!
//! let request = TickerRequest { pair: "BTC_USD".into(), depth: Some(5) }.to_request().unwrap();
//! assert_eq!(request.path, "/ticker/BTC_USD");
//! assert_eq!(request.query_string(), "depth=5");
//! ```

use std::borrow::Cow;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::stream::{self, BoxStream, StreamExt};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;

use crate::endpoint::Endpoint;
use crate::error::{Error, Result};
use crate::request::{Auth, Request};
use crate::sign::SpaceStyle;
use crate::transport::Response;

/// A boxed, `Send`, `'static` future: what a bound call turns into, so it can be spawned.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// What a request's checks may need besides the request: the client's clock, read once.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Context {
    now: DateTime<Utc>,
}

impl Context {
    /// A context at `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        Context { now }
    }

    /// The client's time when the request was checked.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }
}

/// What a decoder may need besides the answer: the idempotency key the request carried.
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct DecodeContext<'a> {
    key: Option<&'a str>,
}

impl<'a> DecodeContext<'a> {
    /// A context for a request that carried `key` (or none).
    pub fn new(key: Option<&'a str>) -> Self {
        DecodeContext { key }
    }

    /// The idempotency key the request carried, if it was a keyed write.
    pub fn key(&self) -> Option<&'a str> {
        self.key
    }
}

/// One endpoint's request as plain data: it names its endpoint and its output, checks what
/// the venue's document states, becomes a [`Request`], and decodes the answer.
///
/// `cargo xtask codegen` implements it for every endpoint the spec can express; an endpoint
/// marked `custom` in the spec implements it by hand.
pub trait ApiRequest: Send + 'static {
    /// The venue client that sends it.
    type Client: Dispatch;
    /// What a successful call returns.
    type Output: Send + 'static;
    /// The endpoint, from the spec.
    const ENDPOINT: Endpoint;

    /// Checks what the document states about the parameters, before anything is sent. A
    /// refusal is [`Error::InvalidRequest`] naming the parameter.
    fn validate(&self, _ctx: &Context) -> Result<()> {
        Ok(())
    }

    /// The idempotency key of a keyed write: the parameter's name and its slot. The client
    /// fills an empty slot with a fresh key before the first attempt and keeps it across
    /// retries.
    fn idempotency_slot(&mut self) -> Option<(&'static str, &mut Option<String>)> {
        None
    }

    /// The request as sent (unsigned): method, path, query and body placed as the spec says.
    fn to_request(&self) -> Result<Request>;

    /// Turns the venue's answer into the output, or into the venue's refusal.
    fn decode(response: Response, ctx: &DecodeContext<'_>) -> Result<Self::Output>;

    /// Checks a decoded answer against the request (an echoed quantity, say); a contradiction
    /// is [`Error::Mismatch`]. Nothing is checked by default.
    fn check_output(&self, _output: &Self::Output) -> Result<()> {
        Ok(())
    }
}

/// A request whose answer is one page of a longer list.
pub trait PagedRequest: ApiRequest + Clone {
    /// One item of the list.
    type Item: Send + 'static;

    /// Splits one page's answer into its items and the request for the next page (`None`
    /// after the last page). Implementations choose an order that stays stable while rows
    /// arrive, or drop rows already seen, and say which.
    fn next_page(&self, output: Self::Output) -> Result<(Vec<Self::Item>, Option<Self>)>;
}

/// How a venue client sends requests: implemented by each venue crate's `Client`.
///
/// A venue gives its engine ([`Dispatch::core`]) and how a raw answer decodes
/// ([`Dispatch::decode_raw`]); a venue with idempotency keys also says how keys are made and
/// checked. The sending itself is the same for every venue ([`execute`]); a venue whose calls
/// travel differently (two engines, a session to renew) overrides [`Dispatch::dispatch`] and
/// builds on [`prepare`] and [`settle`].
pub trait Dispatch: Clone + Send + Sync + 'static {
    /// The engine requests run on.
    fn core(&self) -> &crate::Core;

    /// Decodes the answer to a raw call: the venue's error shapes, then `T` (its envelope's
    /// data, where it has one).
    fn decode_raw<T: DeserializeOwned>(response: Response) -> Result<T>;

    /// A fresh idempotency key, for a keyed write the caller gave none (only venues with
    /// keyed writes are asked).
    fn new_key() -> String {
        fresh_key()
    }

    /// Checks a key the caller gave for parameter `name`.
    fn check_key(_name: &str, _key: &str) -> Result<()> {
        Ok(())
    }

    /// Checks, prepares, sends and decodes one request.
    fn dispatch<R: ApiRequest<Client = Self>>(&self, request: R) -> BoxFuture<Result<R::Output>> {
        let core = self.core().clone();
        Box::pin(async move { execute(&core, request, Self::new_key, Self::check_key).await })
    }

    /// Sends a request built by hand (see [`RawCall`]) and decodes it with
    /// [`Dispatch::decode_raw`].
    fn dispatch_raw<T: DeserializeOwned + Send + 'static>(
        &self,
        request: Request,
    ) -> BoxFuture<Result<T>> {
        let core = self.core().clone();
        Box::pin(async move { core.execute(request, Self::decode_raw).await })
    }
}

/// A key unique to this process and moment: 32 hex digits of the time in nanoseconds and a
/// counter (venues that take keys accept letters and digits).
fn fresh_key() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    format!(
        "{nanos:016x}{:016x}",
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The first half of sending: fills a keyed write's idempotency key (a fresh one from
/// `new_key` when the caller gave none, checked with `check_key` when given), runs the
/// request's checks at `now`, and builds the [`Request`]. Returns it with the key.
pub fn prepare<R: ApiRequest>(
    request: &mut R,
    now: DateTime<Utc>,
    new_key: impl FnOnce() -> String,
    check_key: impl FnOnce(&str, &str) -> Result<()>,
) -> Result<(Request, Option<String>)> {
    let key = match request.idempotency_slot() {
        Some((name, slot)) => match slot {
            Some(given) => {
                check_key(name, given)?;
                Some(given.clone())
            }
            None => {
                let fresh = new_key();
                *slot = Some(fresh.clone());
                Some(fresh)
            }
        },
        None => None,
    };
    request.validate(&Context::new(now))?;
    let mut prepared = request.to_request()?;
    if let Some(key) = &key {
        prepared = prepared.idempotency_key(key.clone());
    }
    Ok((prepared, key))
}

/// The last half of sending: checks a decoded answer against the request
/// ([`ApiRequest::check_output`]), and keeps a keyed write's key on a failure to read or trust
/// its answer.
pub fn settle<R: ApiRequest>(
    request: &R,
    outcome: Result<R::Output>,
    key: Option<String>,
) -> Result<R::Output> {
    match outcome {
        Ok(output) => request.check_output(&output).map(|()| output),
        Err(e) => Err(e),
    }
    .map_err(|e| keep_key(e, key))
}

/// The common path of [`Dispatch::dispatch`]: [`prepare`], run on `core`, [`settle`].
pub async fn execute<R: ApiRequest>(
    core: &crate::Core,
    mut request: R,
    new_key: impl FnOnce() -> String,
    check_key: impl FnOnce(&str, &str) -> Result<()>,
) -> Result<R::Output> {
    let (prepared, key) = prepare(&mut request, core.clock().now(), new_key, check_key)?;
    let ctx = DecodeContext::new(key.as_deref());
    let outcome = core
        .execute(prepared, |response| R::decode(response, &ctx))
        .await;
    settle(&request, outcome, key)
}

/// A keyed write whose answer could not be read, or contradicts the request, may have moved
/// money: the error carries the key so the caller can look the write up. (Refusals and
/// uncertain sends get their key from [`crate::Core::execute`] already.)
fn keep_key(error: Error, key: Option<String>) -> Error {
    match (key, &error) {
        (Some(key), Error::Decode(_) | Error::Mismatch { .. }) => Error::WithKey {
            key,
            source: Box::new(error),
        },
        _ => error,
    }
}

/// A request bound to its client: `.await` sends it. Owned, `Send` and `'static`, so it can be
/// handed to `tokio::spawn`.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<R: ApiRequest> {
    client: R::Client,
    request: R,
}

impl<R: ApiRequest> Clone for Call<R>
where
    R: Clone,
{
    fn clone(&self) -> Self {
        Call {
            client: self.client.clone(),
            request: self.request.clone(),
        }
    }
}

impl<R: ApiRequest + fmt::Debug> fmt::Debug for Call<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}

impl<R: ApiRequest> Call<R> {
    /// Binds `request` to `client`.
    pub fn new(client: &R::Client, request: R) -> Self {
        Call {
            client: client.clone(),
            request,
        }
    }

    /// The request as data.
    pub fn request(&self) -> &R {
        &self.request
    }

    /// The request, to change in place.
    pub fn request_mut(&mut self) -> &mut R {
        &mut self.request
    }

    /// Takes the request out (to keep, log, or send later with the client's `send`).
    pub fn into_request(self) -> R {
        self.request
    }

    /// The client it is bound to.
    pub fn client(&self) -> &R::Client {
        &self.client
    }

    /// Replaces the request with `f(request)`: how generated setters forward.
    pub fn map(self, f: impl FnOnce(R) -> R) -> Self {
        Call {
            client: self.client,
            request: f(self.request),
        }
    }

    /// Sends it.
    pub fn send(self) -> BoxFuture<Result<R::Output>> {
        self.client.dispatch(self.request)
    }
}

impl<R: PagedRequest> Call<R> {
    /// Every item of every page from this request on, fetched one page at a time as the stream
    /// is read. An error ends the stream after it is yielded.
    pub fn into_stream(self) -> BoxStream<'static, Result<R::Item>> {
        paged_stream(self.client, self.request)
    }
}

impl<R: ApiRequest> IntoFuture for Call<R> {
    type Output = Result<R::Output>;
    type IntoFuture = BoxFuture<Result<R::Output>>;

    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

/// Every item of every page of `first` and its successors, sent through `client`.
///
/// Each page's request is remembered (as a fingerprint of its method, path, query and body): a
/// next page the venue's answer leads back to (the same token or offset again, or a longer cycle
/// `A → B → A`) ends the stream with a decode error ([`Error::Decode`], sent) after the
/// items of the page that led there, rather than an endless loop.
pub fn paged_stream<R: PagedRequest>(
    client: R::Client,
    first: R,
) -> BoxStream<'static, Result<R::Item>> {
    let mut seen = std::collections::HashSet::new();
    if let Ok(request) = first.to_request() {
        seen.insert(page_fingerprint(&request));
    }
    stream::unfold(Some((client, first, seen)), |state| async move {
        let (client, request, mut seen) = state?;
        let output = match client.dispatch(request.clone()).await {
            Ok(output) => output,
            Err(e) => return Some((vec![Err(e)], None)),
        };
        match request.next_page(output) {
            Ok((items, next)) => {
                let mut items: Vec<Result<R::Item>> = items.into_iter().map(Ok).collect();
                let Some(next) = next else {
                    return Some((items, None));
                };
                // A request that cannot be built fails in `dispatch`, with its own error.
                if let Ok(prepared) = next.to_request()
                    && !seen.insert(page_fingerprint(&prepared))
                {
                    items.push(Err(repeated_page(&prepared)));
                    return Some((items, None));
                }
                Some((items, Some((client, next, seen))))
            }
            Err(e) => Some((vec![Err(e)], None)),
        }
    })
    .flat_map(stream::iter)
    .boxed()
}

/// A page request's identity: method, path, query and body (the request before signing).
fn page_fingerprint(request: &Request) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    request.method.as_str().hash(&mut h);
    request.path.hash(&mut h);
    request.query.hash(&mut h);
    request.body_bytes().hash(&mut h);
    h.finish()
}

/// The error ending a paged stream whose next page was read before: the venue's answer (its
/// token or count) is at fault, so it is a decode error of a sent request, not a configuration
/// error.
fn repeated_page(next: &Request) -> Error {
    let mut shown = next.path.clone();
    let query = next.query_string();
    if !query.is_empty() {
        shown.push('?');
        shown.push_str(&query);
    }
    Error::decode(
        "next page",
        format!(
            "the venue's answer leads back to a page already read (`{}`); stopping to avoid a loop",
            crate::error::bounded(shown, 256)
        ),
        http::StatusCode::OK,
        b"",
    )
}

/// A signed request to any path: the escape hatch for what a crate does not model yet.
#[must_use = "a raw call does nothing until `send` is awaited"]
pub struct RawCall<C: Dispatch> {
    client: C,
    request: Result<Request>,
}

impl<C: Dispatch> fmt::Debug for RawCall<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawCall")
            .field("request", &self.request.as_ref().ok())
            .finish_non_exhaustive()
    }
}

impl<C: Dispatch> RawCall<C> {
    /// A private (signed) request with `method` to `path` (below the base URL, starting `/`).
    pub fn new(client: &C, method: http::Method, path: impl Into<String>) -> Self {
        let path = path.into();
        let request = if path.starts_with('/') {
            Ok(Request::new(method, path).private())
        } else {
            Err(Error::invalid("path", "must start with `/`"))
        };
        RawCall {
            client: client.clone(),
            request,
        }
    }

    /// Appends a query pair (sent, and signed where the venue signs queries, in this order).
    pub fn query(mut self, key: impl Into<Cow<'static, str>>, value: impl ToString) -> Self {
        self.request = self.request.map(|r| r.query(key, value));
        self
    }

    /// Sets the JSON body, serialized once: those bytes are signed and sent.
    pub fn json<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.request = self.request.and_then(|r| r.json(body));
        self
    }

    /// Sets a form body from pairs, encoded in the order given.
    pub fn form<K: AsRef<str>, V: AsRef<str>>(
        mut self,
        pairs: &[(K, V)],
        style: SpaceStyle,
    ) -> Self {
        self.request = self.request.map(|r| r.form(pairs, style));
        self
    }

    /// Sends it without credentials.
    pub fn public(mut self) -> Self {
        self.request = self.request.map(|mut r| {
            r.auth = Auth::Public;
            r
        });
        self
    }

    /// The request as it stands (for inspection).
    pub fn request(&self) -> Result<&Request> {
        self.request
            .as_ref()
            .map_err(|e| Error::Config(e.to_string()))
    }

    /// Sends it and decodes the answer (the venue's envelope data, where it has one) as `T`:
    /// `serde_json::Value` for anything.
    pub fn send<T: DeserializeOwned + Send + 'static>(self) -> BoxFuture<Result<T>> {
        match self.request {
            Ok(request) => self.client.dispatch_raw(request),
            Err(e) => Box::pin(async move { Err(e) }),
        }
    }
}

/// One parameter's value as it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireValue<'a> {
    /// Text: a JSON string in a body, as is in a query or form.
    Text(Cow<'a, str>),
    /// A number's exact text: a JSON number in a body.
    Number(Cow<'a, str>),
    /// `true` or `false`.
    Bool(bool),
    /// Ready JSON (an array or object) for a body; the same text in a query or form.
    Json(Cow<'a, str>),
}

impl WireValue<'_> {
    /// The value as text, as it goes in a path, query or form.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            WireValue::Text(t) | WireValue::Number(t) | WireValue::Json(t) => Cow::Borrowed(t),
            WireValue::Bool(true) => Cow::Borrowed("true"),
            WireValue::Bool(false) => Cow::Borrowed("false"),
        }
    }

    /// The value as owned text (no copy when it already owns its text).
    fn into_string(self) -> String {
        match self {
            WireValue::Text(t) | WireValue::Number(t) | WireValue::Json(t) => t.into_owned(),
            WireValue::Bool(b) => (if b { "true" } else { "false" }).to_owned(),
        }
    }

    /// Appends the value as JSON to `out`.
    fn write_json(&self, out: &mut String) {
        match self {
            WireValue::Text(t) => write_json_string(t, out),
            WireValue::Number(t) | WireValue::Json(t) => out.push_str(t),
            WireValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        }
    }
}

/// Writes `s` as a JSON string, escaped as serde_json escapes it (so bodies keep their bytes).
///
/// Runs of plain text are found eight bytes at a time ([`plain_json_len`]) and copied whole:
/// parameter text rarely needs an escape, and this sits on the signing path of every body a
/// venue signs.
pub(crate) fn write_json_string(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push('"');
    let mut rest = s;
    loop {
        let plain = plain_json_len(rest.as_bytes());
        // Every byte that needs an escape is ASCII, so `plain` is a character boundary.
        out.push_str(&rest[..plain]);
        let Some(&b) = rest.as_bytes().get(plain) else {
            break;
        };
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
        rest = &rest[plain + 1..];
    }
    out.push('"');
}

/// How many leading bytes of `bytes` a JSON string holds as they are: the length of the run
/// before the first `"`, `\\` or control character (below `0x20`), or the whole length.
///
/// Read eight bytes at a time: signers and request builders scan every name and value of a
/// body with it, and a byte-by-byte loop was the largest part of building one.
#[inline]
pub fn plain_json_len(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    /// The first byte (in memory order) of `word` that ends a plain run, if any.
    fn first_stop(word: u64) -> Option<usize> {
        // The high bit of each byte is set where `word` has a zero byte. The lowest one marks
        // the first zero byte exactly: a borrow only reaches the bytes above it.
        let zero_bytes = |w: u64| w.wrapping_sub(ONES) & !w & (ONES * 0x80);
        // A byte below 0x20 is one whose top three bits are all clear.
        let stops = zero_bytes(word & (ONES * 0xe0))
            | zero_bytes(word ^ (ONES * u64::from(b'"')))
            | zero_bytes(word ^ (ONES * u64::from(b'\\')));
        (stops != 0).then(|| stops.trailing_zeros() as usize / 8)
    }
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        if let Some(i) = first_stop(u64::from_le_bytes(eight)) {
            return at + i;
        }
        at += 8;
    }
    if at == bytes.len() {
        return at;
    }
    if bytes.len() < 8 {
        // Shorter than a word: byte by byte (names like `amount` are).
        return bytes
            .iter()
            .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
            .unwrap_or(bytes.len());
    }
    // The last few bytes, read as the word that ends the text: the bytes it shares with the
    // words before are plain, so a stop it finds is among the last few. (Copying the few bytes
    // into a padded word instead stalls the load that reads it back.)
    let start = bytes.len() - 8;
    let mut eight = [0u8; 8];
    eight.copy_from_slice(&bytes[start..]);
    first_stop(u64::from_le_bytes(eight)).map_or(bytes.len(), |i| start + i)
}

/// A parameter type's default wire form. Dates and times have none: the spec says which
/// form (see the functions of [`wire`]).
pub trait ToParam {
    /// The value as it goes on the wire.
    fn to_param(&self) -> WireValue<'_>;
}

impl ToParam for String {
    fn to_param(&self) -> WireValue<'_> {
        WireValue::Text(Cow::Borrowed(self))
    }
}

impl ToParam for str {
    fn to_param(&self) -> WireValue<'_> {
        WireValue::Text(Cow::Borrowed(self))
    }
}

impl ToParam for bool {
    fn to_param(&self) -> WireValue<'_> {
        WireValue::Bool(*self)
    }
}

impl ToParam for Decimal {
    fn to_param(&self) -> WireValue<'_> {
        WireValue::Number(Cow::Owned(
            crate::decimal_text::DecimalText::exact(self)
                .as_str()
                .to_owned(),
        ))
    }
}

macro_rules! int_params {
    ($via:ident: $($t:ty),*) => {
        $(impl ToParam for $t {
            fn to_param(&self) -> WireValue<'_> {
                // Written on the stack, then copied once (no `fmt`).
                WireValue::Number(Cow::Owned(
                    crate::sign::Digits::$via((*self).into()).as_str().to_owned(),
                ))
            }
        })*
    };
}

int_params!(of_u64: u8, u16, u32, u64);
int_params!(of_i64: i8, i16, i32, i64);

impl ToParam for usize {
    fn to_param(&self) -> WireValue<'_> {
        // `usize` is at most 64 bits on every target Rust supports.
        let n = u64::try_from(*self).unwrap_or(u64::MAX);
        WireValue::Number(Cow::Owned(
            crate::sign::Digits::of_u64(n).as_str().to_owned(),
        ))
    }
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> WireValue<'_> {
        (**self).to_param()
    }
}

/// The wire forms a spec may ask for instead of a type's default.
pub mod wire {
    use super::*;

    /// A time as UNIX milliseconds.
    pub fn millis(t: &DateTime<Utc>) -> WireValue<'static> {
        WireValue::Number(Cow::Owned(
            crate::sign::Digits::of_i64(t.timestamp_millis())
                .as_str()
                .to_owned(),
        ))
    }

    /// A time as UNIX seconds.
    pub fn seconds(t: &DateTime<Utc>) -> WireValue<'static> {
        WireValue::Number(Cow::Owned(
            crate::sign::Digits::of_i64(t.timestamp())
                .as_str()
                .to_owned(),
        ))
    }

    /// A time as RFC 3339 in UTC with a `Z` and no fraction (`2024-01-02T03:04:05Z`).
    pub fn rfc3339(t: &DateTime<Utc>) -> WireValue<'static> {
        WireValue::Text(Cow::Owned(
            t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        ))
    }

    /// A calendar date (`2024-01-02`).
    pub fn date(d: &NaiveDate) -> WireValue<'static> {
        WireValue::Text(Cow::Owned(d.format("%Y-%m-%d").to_string()))
    }

    /// Any value's default form, as text (a JSON string in a body): for numbers a venue
    /// documents as strings.
    pub fn text<T: ToParam + ?Sized>(v: &T) -> WireValue<'_> {
        match v.to_param() {
            WireValue::Number(t) | WireValue::Json(t) => WireValue::Text(t),
            other => other,
        }
    }

    /// A decimal without trailing zeros (`1.50` as `1.5`), as a JSON number.
    pub fn normalized(d: &Decimal) -> WireValue<'static> {
        WireValue::Number(Cow::Owned(
            crate::decimal_text::DecimalText::normalized(d)
                .as_str()
                .to_owned(),
        ))
    }

    /// A decimal without trailing zeros, as text.
    pub fn normalized_text(d: &Decimal) -> WireValue<'static> {
        WireValue::Text(Cow::Owned(
            crate::decimal_text::DecimalText::normalized(d)
                .as_str()
                .to_owned(),
        ))
    }

    /// A credential's text (only for parameters that carry one, such as an exchange key's
    /// secret handed to the venue).
    pub fn secret(s: &crate::secret::SecretString) -> WireValue<'_> {
        use secrecy::ExposeSecret as _;
        WireValue::Text(Cow::Borrowed(s.expose_secret()))
    }

    /// Any serializable value as compact JSON (arrays and objects).
    pub fn json<T: serde::Serialize + ?Sized>(v: &T) -> WireValue<'static> {
        WireValue::Json(Cow::Owned(
            serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned()),
        ))
    }
}

/// Checks `value` against the document's bounds (given as text, as the spec has them).
pub fn check_range<T>(name: &str, value: &T, min: Option<&str>, max: Option<&str>) -> Result<()>
where
    T: PartialOrd + fmt::Display + std::str::FromStr,
{
    let bound = |text: &str| {
        text.parse::<T>().map_err(|_| {
            Error::Config(format!(
                "the bound `{text}` of `{name}` is not a value of its type"
            ))
        })
    };
    if let Some(min) = min
        && *value < bound(min)?
    {
        return Err(Error::invalid(
            name,
            format!("must be at least {min} (got {value})"),
        ));
    }
    if let Some(max) = max
        && *value > bound(max)?
    {
        return Err(Error::invalid(
            name,
            format!("must be at most {max} (got {value})"),
        ));
    }
    Ok(())
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Query,
    Body,
    Form,
}

/// How generated code places parameters: collects them in spec order, then builds the
/// [`Request`] for an endpoint.
#[derive(Debug)]
pub struct Params<'a> {
    endpoint: &'a Endpoint,
    path: Vec<(&'static str, String)>,
    fields: Vec<(Place, &'static str, WireValue<'a>)>,
    json_body: bool,
    form_body: bool,
    sort: bool,
    space: SpaceStyle,
}

impl<'a> Params<'a> {
    /// Parameters for `endpoint`.
    pub fn new(endpoint: &'a Endpoint) -> Self {
        Params {
            endpoint,
            path: Vec::new(),
            // Most endpoints take a handful of parameters: one allocation, no regrowth.
            fields: Vec::with_capacity(8),
            json_body: false,
            form_body: false,
            sort: false,
            space: SpaceStyle::Percent20,
        }
    }

    /// Sends query and body fields sorted by name (venues that sign sorted parameters).
    pub fn sorted(mut self) -> Self {
        self.sort = true;
        self
    }

    /// How spaces are written in queries and forms.
    pub fn space_style(mut self, style: SpaceStyle) -> Self {
        self.space = style;
        self
    }

    /// Fills the path template's `{name}` with `value` (percent-encoded as one segment).
    pub fn path(&mut self, name: &'static str, value: WireValue<'_>) {
        self.path.push((name, value.text().into_owned()));
    }

    /// A query parameter (skipped when `None`).
    pub fn query<V: Into<Option<WireValue<'a>>>>(&mut self, name: &'static str, value: V) {
        if let Some(v) = value.into() {
            self.fields.push((Place::Query, name, v));
        }
    }

    /// A JSON body field (skipped when `None`). Declaring one makes the request carry a JSON
    /// body even when every field is unset (`{}`).
    pub fn body<V: Into<Option<WireValue<'a>>>>(&mut self, name: &'static str, value: V) {
        self.json_body = true;
        if let Some(v) = value.into() {
            self.fields.push((Place::Body, name, v));
        }
    }

    /// A form body field (skipped when `None`). Declaring one makes the request carry a form
    /// body even when every field is unset.
    pub fn form<V: Into<Option<WireValue<'a>>>>(&mut self, name: &'static str, value: V) {
        self.form_body = true;
        if let Some(v) = value.into() {
            self.fields.push((Place::Form, name, v));
        }
    }

    /// The request: method, filled path, query, and the body the fields make.
    pub fn build(mut self) -> Result<Request> {
        let values: Vec<(&str, &str)> = self.path.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let path = self.endpoint.path_with(&values)?;
        if self.sort {
            self.fields.sort_by(|a, b| a.1.cmp(b.1));
        }
        // Built in place: the request is large, and a builder chain would move it per field.
        let mut request = self.endpoint.request_to(path);
        request.space_style = self.space;
        // Sized once: names and values plus quotes, colon and comma (escapes may add more).
        let json_len = self
            .fields
            .iter()
            .filter(|(place, ..)| *place == Place::Body)
            .map(|(_, name, value)| name.len() + value.text().len() + 6)
            .sum::<usize>()
            + 2;
        let mut json = String::with_capacity(if self.json_body { json_len } else { 0 });
        let mut form: Vec<(&str, Cow<'_, str>)> = Vec::new();
        for (place, name, value) in &mut self.fields {
            match place {
                Place::Query => {
                    // Taken, not copied: a number's text was made for this request.
                    let text = std::mem::replace(value, WireValue::Bool(false)).into_string();
                    request.query.push((Cow::Borrowed(*name), text));
                }
                Place::Form => {
                    let value: &WireValue<'_> = value;
                    form.push((name, value.text()));
                }
                Place::Body => {
                    json.push(if json.is_empty() { '{' } else { ',' });
                    write_json_string(name, &mut json);
                    json.push(':');
                    value.write_json(&mut json);
                }
            }
        }
        if self.json_body {
            if json.is_empty() {
                json.push('{');
            }
            json.push('}');
            request.body = Some(crate::request::Body::new(
                json.into_bytes(),
                crate::request::JSON,
            ));
        } else if self.form_body {
            let encoded = crate::sign::encode_query(&form, self.space);
            request.body = Some(crate::request::Body::new(
                encoded.into_bytes(),
                crate::request::FORM,
            ));
        }
        Ok(request)
    }
}

#[cfg(test)]
mod tests {
    use super::{plain_json_len, write_json_string};

    #[test]
    fn json_strings_are_escaped_byte_for_byte_as_serde_json_escapes_them() {
        let mut every_control: String = (0u8..0x20).map(char::from).collect();
        every_control.push_str("\"\\/\u{7f}é€😀 plain");
        for text in [
            "",
            "plain",
            "a\"b",
            "\\",
            "tab\there",
            "€ after ascii",
            "\u{1f}\u{0}end",
            every_control.as_str(),
        ] {
            let mut ours = String::from("x");
            write_json_string(text, &mut ours);
            assert_eq!(ours[1..], serde_json::to_string(text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn the_plain_run_ends_at_the_first_byte_json_escapes() {
        let naive = |bytes: &[u8]| {
            bytes
                .iter()
                .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
                .unwrap_or(bytes.len())
        };
        // Every byte value at every offset of a run longer than one word, so each lands in the
        // word-at-a-time part and in the tail.
        for len in 0..20 {
            for at in 0..len {
                for b in 0..=u8::MAX {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    assert_eq!(
                        plain_json_len(&bytes),
                        naive(&bytes),
                        "{b:#x} at {at} of {len}"
                    );
                }
            }
        }
        // Bytes that only resemble the targets (0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0xa2,
        // 0xdc) never end the run.
        let near = [0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0xa2, 0xdc, 0x80, 0xff];
        assert_eq!(plain_json_len(&near), near.len());
    }
}

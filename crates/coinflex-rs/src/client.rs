//! The CoinFLEX client, its builder, and the calls it returns.

use std::future::{Future, IntoFuture};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use futures::future::BoxFuture;
use futures::stream::{self, BoxStream, StreamExt};
use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;
use venue_common::{Core, CoreBuilder, Error, Method, Rate, Request, Result, Scope};

use crate::auth::{CoinflexSigner, Credentials};
use crate::borrowing::{
    BorrowHistoryRequest, BorrowRequest, BorrowingSummaryRequest, CloseBorrowRequest,
    CoinflexRequest, DEFAULT_WINDOW, HistoryItem, HistoryRequest, MAX_LIMIT, MAX_WINDOW,
    RepayHistoryRequest, RepayRequest,
};
use crate::error;
use crate::model::Envelope;

/// The live site.
pub const LIVE_URL: &str = "https://v2api.coinflex.com";
/// The test (staging) site.
pub const TEST_URL: &str = "https://v2stgapi.coinflex.com";

/// The venue's documented limits: 100 requests per second and 2,500 per 5 minutes per IP.
pub const DEFAULT_RATES: [Rate; 2] = [
    Rate {
        scope: Scope::All,
        count: 100,
        per: Duration::from_secs(1),
        burst: 100,
    },
    Rate {
        scope: Scope::All,
        count: 2_500,
        per: Duration::from_secs(300),
        burst: 100,
    },
];

/// Which CoinFLEX site to talk to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Environment {
    /// `https://v2api.coinflex.com` (the default).
    #[default]
    Live,
    /// `https://v2stgapi.coinflex.com`, the staging site.
    Test,
}

impl Environment {
    /// The base URL.
    pub fn base_url(self) -> &'static str {
        match self {
            Environment::Live => LIVE_URL,
            Environment::Test => TEST_URL,
        }
    }
}

/// Normalises a base URL so paths, which all start with `/v2/`, are never sent as `/v2/v2/`:
/// a trailing `/` and a trailing `/v2` segment (as the document's live URL has) are removed.
pub fn normalize_base_url(url: &str) -> String {
    let mut s = url.trim().trim_end_matches('/').to_string();
    if let Some(stripped) = s.strip_suffix("/v2") {
        s = stripped.trim_end_matches('/').to_string();
    }
    s
}

/// Builds a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    core: CoreBuilder,
    environment: Environment,
    credentials: Option<Credentials>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            core: CoreBuilder::new(
                "coinflex",
                concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            ),
            environment: Environment::Live,
            credentials: None,
        }
    }
}

impl ClientBuilder {
    venue_common::common_builder_methods!(core);

    /// The site to use when no [`base_url`](Self::base_url) is given (default: live).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// The API key and secret; every borrowing endpoint needs them.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Builds the client. Fails on a base URL that is not `http(s)://host[:port][/prefix]`.
    pub fn build(self) -> Result<Client> {
        let base = normalize_base_url(
            self.core
                .base_url_str()
                .unwrap_or(self.environment.base_url()),
        );
        let clock = self.core.clock_ref().clone();
        let signer = CoinflexSigner::new(self.credentials, clock);
        let core = self
            .core
            .base_url(base)
            .build(Arc::new(signer), &DEFAULT_RATES)?;
        Ok(Client { core })
    }
}

/// A CoinFLEX client. Cheap to clone: clones share the connection pool, the pacer and the
/// nonce source (so nonces stay strictly increasing across every clone and task).
#[derive(Debug, Clone)]
pub struct Client {
    core: Core,
}

impl Client {
    /// A builder (live site, no credentials, documented limits).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL in use (the signature's `HOST` comes from it).
    pub fn base_url(&self) -> &venue_common::Url {
        self.core.base_url()
    }

    /// Sends a request built as data.
    pub async fn send<R: CoinflexRequest>(&self, request: R) -> Result<Envelope<R::Data>> {
        request.validate_at(self.core.clock().now())?;
        let request = request.into_request()?;
        self.core.execute(request, R::decode).await
    }

    /// `GET /v2/borrowingSummary`: outstanding borrowings per asset pair.
    pub fn borrowing_summary(&self) -> Call<'_, BorrowingSummaryRequest> {
        Call::new(self, BorrowingSummaryRequest)
    }

    /// `POST /v2/borrow`: borrow `borrow_asset` (only `USD` for now) against
    /// `collateral_amount` of `collateral_asset`. Not repeated on failure (a borrow is not
    /// idempotent).
    pub fn borrow(
        &self,
        borrow_asset: impl Into<String>,
        collateral_asset: impl Into<String>,
        collateral_amount: Decimal,
    ) -> Call<'_, BorrowRequest> {
        Call::new(
            self,
            BorrowRequest::new(borrow_asset, collateral_asset, collateral_amount),
        )
    }

    /// `POST /v2/repay`: repay `repay_asset` (only `USD` for now) and regain `regain_amount`
    /// of `regain_asset`. Not repeated on failure.
    pub fn repay(
        &self,
        repay_asset: impl Into<String>,
        regain_asset: impl Into<String>,
        regain_amount: Decimal,
    ) -> Call<'_, RepayRequest> {
        Call::new(
            self,
            RepayRequest::new(repay_asset, regain_asset, regain_amount),
        )
    }

    /// `POST /v2/borrow/close`: close a borrowing with an order on `market_code`
    /// (e.g. `BTC-USD-SWAP-LIN`); `.price(..)` and `.quantity(..)` are optional. Not repeated
    /// on failure.
    pub fn close_borrow(&self, market_code: impl Into<String>) -> Call<'_, CloseBorrowRequest> {
        Call::new(self, CloseBorrowRequest::new(market_code))
    }

    /// `GET /v2/borrow/{asset}`: borrows against collateral `asset`, newest first;
    /// `.limit(..)`, `.start_time(..)`, `.end_time(..)` are optional, `.into_stream()` pages.
    pub fn borrow_history(&self, asset: impl Into<String>) -> Call<'_, BorrowHistoryRequest> {
        Call::new(self, BorrowHistoryRequest::new(asset))
    }

    /// `GET /v2/repay/{asset}`: repayments regaining `asset`, newest first; options as for
    /// [`borrow_history`](Self::borrow_history).
    pub fn repay_history(&self, asset: impl Into<String>) -> Call<'_, RepayHistoryRequest> {
        Call::new(self, RepayHistoryRequest::new(asset))
    }

    /// A signed request to any path (for endpoints this crate does not model yet); the answer
    /// is checked for the venue's error shape and decoded as `T` whole.
    pub fn raw(&self, method: Method, path: impl Into<String>) -> RawCall<'_> {
        RawCall {
            client: self,
            request: Ok(Request::new(method, path).private()),
        }
    }
}

/// A request bound to a client: set options, then `.await` it (or [`Call::into_request`] to
/// get the data).
#[derive(Debug, Clone)]
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, R> {
    client: &'a Client,
    request: R,
}

impl<'a, R> Call<'a, R> {
    fn new(client: &'a Client, request: R) -> Self {
        Call { client, request }
    }

    /// The request as data (for [`Client::send`] or inspection).
    pub fn into_request(self) -> R {
        self.request
    }
}

impl<'a, R> IntoFuture for Call<'a, R>
where
    R: CoinflexRequest + Send + 'a,
{
    type Output = Result<Envelope<R::Data>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.client.send(self.request))
    }
}

impl Call<'_, CloseBorrowRequest> {
    /// Closes at this price (default: the market price).
    pub fn price(mut self, price: Decimal) -> Self {
        self.request = self.request.price(price);
        self
    }

    /// Closes this quantity (default: the whole position).
    pub fn quantity(mut self, quantity: Decimal) -> Self {
        self.request = self.request.quantity(quantity);
        self
    }
}

macro_rules! history_setters {
    ($req:ty) => {
        impl<'a> Call<'a, $req> {
            /// At most this many rows (1..=100, default 100).
            pub fn limit(mut self, limit: u32) -> Self {
                self.request = self.request.limit(limit);
                self
            }

            /// From this time (default: 24 hours before now).
            pub fn start_time(mut self, time: chrono::DateTime<chrono::Utc>) -> Self {
                self.request = self.request.start_time(time);
                self
            }

            /// Up to this time (default: now).
            pub fn end_time(mut self, time: chrono::DateTime<chrono::Utc>) -> Self {
                self.request = self.request.end_time(time);
                self
            }

            /// Every row of the window, newest first, fetched a page (`limit` rows) at a time;
            /// the window may exceed 7 days. See [`Client::history_stream`].
            pub fn into_stream(self) -> BoxStream<'a, Result<<$req as HistoryRequest>::Item>> {
                self.client.history_stream(self.request)
            }
        }
    };
}

history_setters!(BorrowHistoryRequest);
history_setters!(RepayHistoryRequest);

impl Client {
    /// Every row of a history window, newest first, a page at a time.
    ///
    /// The window is the request's `startTime`..`endTime` (defaults: the 24 hours up to now,
    /// as the venue's own defaults) and may be longer than the venue's 7-day limit: it is
    /// walked backwards in slices of at most 7 days. Each page asks for `limit` rows (default
    /// 100) with an explicit slice; when a page is full, the next one ends 1 ms before the
    /// oldest row seen, otherwise the next slice starts. Rows sharing that oldest millisecond
    /// across a page boundary may be missed (the venue offers no finer cursor). An error ends
    /// the stream after it is yielded.
    pub fn history_stream<R: HistoryRequest>(
        &self,
        mut request: R,
    ) -> BoxStream<'_, Result<R::Item>> {
        let now = self.core.clock().now();
        let query = request.query_mut();
        let end = query.end_time.unwrap_or(now);
        let start = query.start_time.unwrap_or(end - DEFAULT_WINDOW);
        let limit = query.limit.unwrap_or(MAX_LIMIT) as usize;
        struct State<R> {
            request: R,
            start: DateTime<Utc>,
            end: DateTime<Utc>,
            done: bool,
        }
        let state = State {
            request,
            start,
            end,
            done: end < start,
        };
        stream::unfold(state, move |mut state| async move {
            if state.done {
                return None;
            }
            let slice_start = state.start.max(state.end - MAX_WINDOW);
            let mut page_request = state.request.clone();
            let q = page_request.query_mut();
            q.start_time = Some(slice_start);
            q.end_time = Some(state.end);
            match self.send(page_request).await {
                Err(e) => {
                    state.done = true;
                    Some((vec![Err(e)], state))
                }
                Ok(page) => {
                    let items = page.data;
                    let oldest = items.iter().map(|i| i.at()).min();
                    state.end = match oldest {
                        Some(oldest) if items.len() >= limit => {
                            oldest - ChronoDuration::milliseconds(1)
                        }
                        _ => slice_start - ChronoDuration::milliseconds(1),
                    };
                    if state.end < state.start {
                        state.done = true;
                    }
                    Some((items.into_iter().map(Ok).collect::<Vec<_>>(), state))
                }
            }
        })
        .flat_map(stream::iter)
        .boxed()
    }
}

/// A signed request to any path; see [`Client::raw`].
#[derive(Debug)]
#[must_use = "a raw call does nothing until `send` is awaited"]
pub struct RawCall<'a> {
    client: &'a Client,
    request: Result<Request>,
}

impl RawCall<'_> {
    /// Appends a query pair (sent and signed in this order).
    pub fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.request = self.request.map(|r| r.query(key, value));
        self
    }

    /// Sets the JSON body (serialised once; those bytes are signed and sent).
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.request = self.request.and_then(|r| r.json(body));
        self
    }

    /// Sends it and decodes the whole answer as `T` (e.g. `serde_json::Value` or
    /// [`Envelope`]`<..>`), after turning the venue's error shape into an error.
    pub fn send<T: DeserializeOwned>(self) -> impl Future<Output = Result<T>> {
        let client = self.client;
        let request = self.request;
        async move {
            let request = request?;
            if !request.path.starts_with('/') {
                return Err(Error::invalid("path", "must start with `/`"));
            }
            client
                .core
                .execute(request, |resp| {
                    if let Some(e) = error::check(&resp) {
                        return Err(e);
                    }
                    resp.json::<T>()
                })
                .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environments_and_custom_urls() {
        let live = Client::builder().build().unwrap();
        assert_eq!(live.base_url().as_str(), "https://v2api.coinflex.com/");
        let test = Client::builder()
            .environment(Environment::Test)
            .build()
            .unwrap();
        assert_eq!(test.base_url().as_str(), "https://v2stgapi.coinflex.com/");
        // The document's live URL, verbatim, loses its `/v2`.
        let doc = Client::builder()
            .base_url("https://v2api.coinflex.com/v2")
            .build()
            .unwrap();
        assert_eq!(doc.base_url().as_str(), "https://v2api.coinflex.com/");
        // A custom URL wins over the environment.
        let custom = Client::builder()
            .environment(Environment::Test)
            .base_url("http://127.0.0.1:8080/")
            .build()
            .unwrap();
        assert_eq!(custom.base_url().as_str(), "http://127.0.0.1:8080/");
        assert!(Client::builder().base_url("not a url").build().is_err());
    }

    #[test]
    fn normalisation_keeps_other_prefixes() {
        assert_eq!(normalize_base_url("https://h/v2/"), "https://h");
        assert_eq!(normalize_base_url("https://h/proxy/v2"), "https://h/proxy");
        assert_eq!(normalize_base_url("https://h/v22"), "https://h/v22");
        assert_eq!(normalize_base_url("https://h"), "https://h");
    }

    #[test]
    fn clients_are_send_sync_and_clone() {
        fn check<T: Send + Sync + Clone>() {}
        check::<Client>();
    }
}

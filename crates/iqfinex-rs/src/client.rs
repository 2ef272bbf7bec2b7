//! The IQFinex [`Client`], its [`ClientBuilder`], and the request plumbing shared by every
//! endpoint: [`ApiRequest`] (a request as data), [`Call`] (a request bound to a client, sent by
//! `.await`) and [`RawCall`] (the escape hatch for anything not modelled).

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures::stream::BoxStream;
use serde::Serialize;
use serde::de::DeserializeOwned;
use venue_common::{CoreBuilder, Error, Method, Page, Rate, Request, Result, Scope, offset_stream};

use crate::auth::{Credentials, IqfinexSigner};
use crate::types::Paged;

/// The live API.
pub const LIVE_URL: &str = "https://datacenter.iqfinex.com";

/// Client-side pacing. The document states no rate limit; 10 requests per second is a
/// courteous default (replace it with [`ClientBuilder::pacing`] or turn it off with
/// [`ClientBuilder::no_pacing`]).
pub const DEFAULT_RATES: [Rate; 1] = [Rate {
    scope: Scope::All,
    count: 10,
    per: Duration::from_secs(1),
    burst: 10,
}];

/// A request as plain data: it knows its endpoint, validates itself and names the type its
/// answer's `data` decodes into. Send it with [`Client::send`], or get it bound to a client
/// from the endpoint's method and `.await` it.
pub trait ApiRequest: Send + Sync + 'static {
    /// The decoded `data` of a successful answer.
    type Output: DeserializeOwned + Send + 'static;

    /// Validates the parameters and prepares the HTTP request (nothing is sent). A parameter
    /// the document constrains is refused here as [`Error::InvalidRequest`] naming it.
    fn to_request(&self) -> Result<Request>;
}

/// A listing paged by `offset`/`limit` whose answer carries the total `count`.
pub trait PagedRequest: ApiRequest<Output = Paged<Self::Item>> + Clone {
    /// One row.
    type Item: Send + 'static;
    /// The document's maximum `limit`, used as the page size when none was set.
    const MAX_LIMIT: u32;
    /// The `offset` and `limit` set so far.
    fn page(&self) -> (Option<u64>, Option<u32>);
    /// Sets `offset` and `limit`.
    fn set_page(&mut self, offset: u64, limit: u32);
}

/// Checks a `limit` against the document's `1..=max`.
pub(crate) fn check_limit(limit: Option<u32>, max: u32) -> Result<()> {
    match limit {
        Some(l) if l == 0 || l > max => Err(Error::invalid(
            "limit",
            format!("must be between 1 and {max} (got {l})"),
        )),
        _ => Ok(()),
    }
}

/// Checks that a name used in a path (asset, currency) is present.
pub(crate) fn check_name(param: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(param, "must not be empty"));
    }
    if value.trim() != value {
        return Err(Error::invalid(param, "must not start or end with spaces"));
    }
    Ok(())
}

/// Builds an [`IqfinexClient`](Client).
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    core: CoreBuilder,
    credentials: Option<Credentials>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            core: CoreBuilder::new(
                "iqfinex",
                concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            ),
            credentials: None,
        }
    }
}

impl ClientBuilder {
    venue_common::common_builder_methods!(core);

    /// The API key for the authorized endpoints (public ones need none).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Builds the client. The base URL defaults to [`LIVE_URL`].
    pub fn build(self) -> Result<Client> {
        let mut core = self.core;
        if core.base_url_str().is_none() {
            core = core.base_url(LIVE_URL);
        }
        let signer = IqfinexSigner::new(self.credentials.clone());
        let core = core.build(Arc::new(signer), &DEFAULT_RATES)?;
        Ok(Client {
            core,
            has_credentials: self.credentials.is_some(),
        })
    }
}

/// An IQFinex client: one method per endpoint of the document.
///
/// `Clone + Send + Sync` and cheap to clone: clones share the connection pool, the pacer and
/// the credentials.
///
/// ```no_run
/// # async fn demo() -> iqfinex_rs::Result<()> {
/// use iqfinex_rs::{Client, Credentials, Rounding};
/// let client = Client::builder()
///     .credentials(Credentials::new("my-api-key"))
///     .build()?;
/// let book = client.orderbook("BTCUSDT", Rounding::Exact).await?;
/// println!("best bid {:?}", book.best_bid());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) core: venue_common::Core,
    has_credentials: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.core.base_url().as_str())
            .field("has_credentials", &self.has_credentials)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder with the defaults: live URL, no credentials, 10 s connect and 30 s total
    /// timeouts, retries of reads only (IQFinex has no idempotency keys), pacing at
    /// [`DEFAULT_RATES`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for the public endpoints of the live API.
    pub fn public() -> Result<Client> {
        Client::builder().build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &venue_common::Url {
        self.core.base_url()
    }

    /// Whether the client holds an API key.
    pub fn has_credentials(&self) -> bool {
        self.has_credentials
    }

    /// Sends a request built as data and returns the answer's decoded `data`.
    pub async fn send<R: ApiRequest>(&self, request: R) -> Result<R::Output> {
        let prepared = request.to_request()?;
        self.core
            .execute(prepared, crate::error::decode::<R::Output>)
            .await
    }

    /// Sends a prepared [`Request`] (signed when marked private) and decodes the envelope's
    /// `data` into `T`.
    pub async fn execute<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        self.core.execute(request, crate::error::decode::<T>).await
    }

    /// A signed call to any path, for what this crate does not model yet:
    /// `client.raw(Method::GET, "/v1/balance").send::<serde_json::Value>().await`.
    /// It is authorized (the key is sent) unless [`RawCall::public`] is called.
    pub fn raw(&self, method: Method, path: impl Into<String>) -> RawCall {
        let mut path = path.into();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        RawCall {
            client: self.clone(),
            request: Ok(Request::new(method, path).private()),
        }
    }

    pub(crate) fn call<R: ApiRequest>(&self, request: R) -> Call<R> {
        Call {
            client: self.clone(),
            request,
        }
    }
}

/// A request bound to a client: set the optional parameters, then `.await` it.
#[must_use = "a Call does nothing until it is awaited"]
#[derive(Clone)]
pub struct Call<R> {
    pub(crate) client: Client,
    pub(crate) request: R,
}

impl<R: fmt::Debug> fmt::Debug for Call<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}

impl<R> Call<R> {
    /// The request as data.
    pub fn request(&self) -> &R {
        &self.request
    }

    /// Unbinds the request from the client.
    pub fn into_request(self) -> R {
        self.request
    }
}

impl<R: ApiRequest> Call<R> {
    /// Sends it (the same as `.await`).
    pub async fn send(self) -> Result<R::Output> {
        self.client.send(self.request).await
    }
}

impl<R: ApiRequest> IntoFuture for Call<R> {
    type Output = Result<R::Output>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<R::Output>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.client.send(self.request).await })
    }
}

impl<R: PagedRequest> Call<R> {
    /// Every row from the request's `offset` (default 0), lazily, one page of `limit` rows
    /// (default: the document's maximum) at a time, until the venue's `count` is reached.
    pub fn into_stream(self) -> BoxStream<'static, Result<R::Item>> {
        let (offset, limit) = self.request.page();
        let client = self.client;
        let template = self.request;
        offset_stream(
            offset.unwrap_or(0),
            limit.unwrap_or(R::MAX_LIMIT),
            move |offset, limit| {
                let client = client.clone();
                let mut request = template.clone();
                request.set_page(offset, limit);
                async move {
                    let page = client.send(request).await?;
                    Ok(Page::counted(page.rows, page.count))
                }
            },
        )
    }
}

/// Writes the setters of optional parameters on a request type and on its bound [`Call`].
macro_rules! setters {
    ($ty:ident { $( $(#[$doc:meta])* $name:ident : $t:ty ),* $(,)? }) => {
        impl $ty {
            $(
                $(#[$doc])*
                pub fn $name(mut self, value: $t) -> Self {
                    self.$name = Some(value);
                    self
                }
            )*
        }

        impl $crate::client::Call<$ty> {
            $(
                $(#[$doc])*
                pub fn $name(self, value: $t) -> Self {
                    $crate::client::Call {
                        client: self.client,
                        request: self.request.$name(value),
                    }
                }
            )*
        }
    };
}
pub(crate) use setters;

/// A signed call to any path: the escape hatch for what this crate does not model.
#[must_use = "a RawCall does nothing until it is sent"]
pub struct RawCall {
    client: Client,
    request: Result<Request>,
}

impl fmt::Debug for RawCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawCall")
            .field("request", &self.request.as_ref().ok())
            .finish_non_exhaustive()
    }
}

impl RawCall {
    /// Appends a query pair.
    pub fn query(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.request = self.request.map(|r| r.query(key, value));
        self
    }

    /// Sets the JSON body (serialized once).
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.request = self.request.and_then(|r| r.json(body));
        self
    }

    /// Sends it without the API key.
    pub fn public(mut self) -> Self {
        self.request = self.request.map(|mut r| {
            r.auth = venue_common::Auth::Public;
            r
        });
        self
    }

    /// Sends it and decodes the envelope's `data` into `T` (`serde_json::Value` for anything).
    pub async fn send<T: DeserializeOwned>(self) -> Result<T> {
        let request = self.request?;
        self.client.execute(request).await
    }
}

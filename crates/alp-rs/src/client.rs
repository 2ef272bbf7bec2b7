//! The client: one [`Client`] for both APIs, with [`Client::v1`] and [`Client::v3`] handles.
//!
//! Both APIs live below one API root ([`LIVE_URL`], `https://www.alp.com/api`): v1 under `/v1/`, v3 under `/v3`,
//! the v1 charts under `/charts/`. A client therefore has one base URL, one connection pool, one
//! pacer and one nonce source, and its v1 and v3 calls share the account's rate limit.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures_util::future::Either;
use serde::de::DeserializeOwned;
use venue_common::api::{self, ApiRequest, BoxFuture, DecodeContext, Dispatch};
use venue_common::sign::SpaceStyle;
use venue_common::{
    Auth, Core, CoreBuilder, ErrorKind, Method, NoAuth, NonceUnit, Rate, Request, Response, Result,
    RetryPolicy, Scope, SharedTurn,
};

use crate::auth::{AlpSigner, Api, Credentials, TOKEN_USED};
use crate::error::{from_response, v1_error_in_success};

/// The live API root. v1 is at `<root>/v1/`, v3 at `<root>/v3`, charts at `<root>/charts/`.
///
/// The host of the venue's own client (PyPI `alpcom-api`, `alpcom_api/clients.py`:
/// `https://www.alp.com/api/v3`). The document's host is [`DOCUMENT_URL`]; either can be given
/// to [`ClientBuilder::base_url`].
pub const LIVE_URL: &str = "https://www.alp.com/api";

/// The API root as the venue document writes it (`https://alp.com/api`), for
/// [`ClientBuilder::base_url`].
pub const DOCUMENT_URL: &str = "https://alp.com/api";

/// How long before a v3 token's `exp` the client fetches a new one (default).
pub const DEFAULT_TOKEN_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// The documented limits the client keeps to by default: 2 calls per second for authorized
/// methods (per account; v1 and v3 share it) and 100 per second for public ones (per IP).
pub fn default_rates() -> Vec<Rate> {
    vec![
        Rate::new(Scope::Private, 2, Duration::from_secs(1)),
        Rate::new(Scope::Public, 100, Duration::from_secs(1)),
    ]
}

/// Builds a [`Client`].
pub struct ClientBuilder {
    core: CoreBuilder,
    credentials: Option<Credentials>,
    refresh_margin: Duration,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("core", &self.core)
            .field("credentials", &self.credentials)
            .field("refresh_margin", &self.refresh_margin)
            .finish()
    }
}

const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            core: CoreBuilder::new("alp", USER_AGENT),
            credentials: None,
            refresh_margin: DEFAULT_TOKEN_REFRESH_MARGIN,
        }
    }
}

impl ClientBuilder {
    // `base_url` is the API root: v1 is below `<root>/v1`, v3 below `<root>/v3` (default
    // `LIVE_URL`). The retry policy defaults to reads only: no ALP.COM write carries an
    // idempotency key, so writes are never repeated.
    venue_common::common_builder_methods!(core);

    /// The API key and secret (needed for private endpoints of both APIs).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Credentials from `ALP_API_KEY` and `ALP_API_SECRET`, when both are set.
    pub fn credentials_from_env(mut self) -> Self {
        if let Some(c) = Credentials::from_env() {
            self.credentials = Some(c);
        }
        self
    }

    /// How long before a v3 token expires a new one is fetched (default 60 s).
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Builds the client. Without [`ClientBuilder::base_url`] it talks to [`LIVE_URL`].
    pub fn build(self) -> Result<Client> {
        let mut core = self.core;
        if core.base_url_str().is_none() {
            core = core.base_url(LIVE_URL);
        }
        // One pool for both cores: the caller's client, or one built with the options.
        let core = core.with_shared_http_client()?;
        // The token endpoint is reached through its own unpaced core (same options, same
        // pool) so a token fetch never waits behind, or
        // counts against, the calls that need it.
        let auth_core = core.clone().no_pacing().build(Arc::new(NoAuth), &[])?;
        // Every client of this key (in this process, and with Redis in the fleet) shares the
        // pacer, the v1 nonces and the v1 turn: the venue counts and orders them per account.
        let core = match &self.credentials {
            Some(creds) => core.account(creds.key()),
            None => core,
        };
        let nonces = core.nonces("v1", NonceUnit::Millis)?;
        let v1_turn = core.nonce_turn("v1")?;
        let signer = Arc::new(AlpSigner::new(
            self.credentials,
            nonces,
            auth_core,
            self.refresh_margin,
        ));
        let core = core.build(signer.clone(), &default_rates())?;
        Ok(Client {
            inner: Arc::new(Inner {
                core,
                signer,
                v1_turn,
            }),
        })
    }
}

struct Inner {
    core: Core,
    signer: Arc<AlpSigner>,
    /// Serialises private v1 calls of the account from signing to answer: see [`Client`] on
    /// nonces.
    v1_turn: SharedTurn,
}

/// The ALP.COM client for both APIs. Cheap to clone: clones share the connection pool, the
/// pacer, the nonce source and the v3 token.
///
/// - [`Client::v1`]: the HTTP API v1 (public market data, orders, wallets, deposits, withdraws);
/// - [`Client::v3`]: the HTTP API v3 (accounts, orders, balances, margin), authenticated with a
///   JWT the client fetches and renews itself.
///
/// # Nonces (v1)
/// ALP.COM refuses a v1 nonce that is not greater than the last one it saw from the key. The
/// nonce is drawn from one source shared by every clone, inside the signer, at the moment a
/// request is signed (after pacing). Private v1 calls of one client are serialised from
/// signing until their answer arrives, so a later nonce is never sent while an earlier one is
/// still on its way: the venue sees the nonces of one client in increasing order. If an
/// attempt times out, its request may still arrive after the next one; the venue then
/// refuses that stale request, which is the safe outcome. Two clients built separately
/// for the same key do not coordinate: clone one client instead.
///
/// # Requests
/// Every endpoint's request (`CreateOrderRequest`, `OrdersRequest`, ...) is generated from the
/// spec and sent through this client's [`Dispatch`]: checked, placed, then sent the way its
/// API wants (by path: `/v3/...` is v3, the rest v1). A v1 form, generated or
/// [`raw`](Client::raw), is sent sorted by name with spaces as `+`, as the document's signing
/// recipe writes it.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("core", &self.inner.core)
            .field("signer", &self.inner.signer)
            .finish()
    }
}

impl Client {
    /// A builder with the defaults: live URL, no credentials, documented pacing, retries of
    /// reads only (no v1 or v3 write carries an idempotency key).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for the live venue without credentials (public endpoints only).
    pub fn public() -> Result<Client> {
        Client::builder().build()
    }

    /// The HTTP API v1.
    pub fn v1(&self) -> crate::v1::V1<'_> {
        crate::v1::V1(self)
    }

    /// The HTTP API v3.
    pub fn v3(&self) -> crate::v3::V3<'_> {
        crate::v3::V3(self)
    }

    /// The client's time now (its clock: the system's unless pinned).
    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.core.clock().now()
    }

    /// The API root requests go to.
    pub fn base_url(&self) -> &venue_common::Url {
        self.inner.core.base_url()
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        self.inner.core.retry_policy()
    }

    /// Whether credentials were given.
    pub fn has_credentials(&self) -> bool {
        self.inner.signer.has_credentials()
    }

    /// The last v1 nonce this client sent (0 before the first).
    pub fn last_nonce(&self) -> u64 {
        self.inner.signer.nonces().last()
    }

    /// How many v3 tokens this client has fetched so far.
    pub fn token_fetches(&self) -> u64 {
        self.inner.signer.token_fetches()
    }

    /// Sends a prepared request through the API's path: v1 private calls in nonce order, v3
    /// private calls with the token repeat; `decode` sees 2xx answers only.
    pub(crate) fn run<T>(
        &self,
        mut request: Request,
        decode: impl Fn(Response) -> Result<T>,
    ) -> impl Future<Output = Result<T>> {
        // The work before the first wait is done here, and the future below takes the request
        // as it is: an `async fn` would keep a second copy of it in every call's future.
        let api = Api::of_path(&request.path);
        if api == Api::V1 {
            v1_form(&mut request);
        }
        let wrapped = move |resp: Response| -> Result<T> {
            if !resp.is_success() {
                return Err(from_response(api, &resp));
            }
            if api == Api::V1
                && resp.body.first() == Some(&b'{')
                && let Some(e) = v1_error_in_success(&resp)
            {
                return Err(e);
            }
            decode(resp)
        };
        // A public call is the core's future itself. The private paths (turns, token repeats)
        // wait in a box of their own: their state machine holds the request a second time, and
        // made every call's boxed future 1,528 bytes (976 now). Over 1,032 bytes glibc serves
        // an allocation from its shared arenas, under a lock, instead of the thread's cache.
        if request.auth != Auth::Private {
            return Either::Left(self.inner.core.execute(request, wrapped));
        }
        Either::Right(Box::pin(async move {
            let core = &self.inner.core;
            match api {
                Api::V1 => {
                    let held = self.inner.v1_turn.lock().await?;
                    let outcome = core.execute(request, wrapped).await;
                    held.release().await;
                    outcome
                }
                Api::V3 => {
                    let used = Arc::new(AtomicU64::new(0));
                    let is_read = request.method == Method::GET;
                    let first = TOKEN_USED
                        .scope(used.clone(), core.execute(request.clone(), &wrapped))
                        .await;
                    match first {
                        Err(e) if is_token_refusal(&e) => {
                            let generation = used.load(Ordering::Acquire);
                            if generation == 0 {
                                return Err(e);
                            }
                            // The venue refused the token (expired or revoked): forget it, and
                            // repeat a read once with a fresh one. A write is never repeated.
                            self.inner.signer.invalidate(generation).await;
                            if !is_read {
                                return Err(e);
                            }
                            TOKEN_USED.scope(used, core.execute(request, wrapped)).await
                        }
                        other => other,
                    }
                }
            }
        }))
    }
}

// `venue_common::api::execute` does not fit ALP: its decoder sees the answer alone, and ALP's
// error shape depends on the API (v1 or v3, from the path); and a v3 read refused for its
// token is repeated with the prepared request. ALP writes carry no idempotency key.
/// v1 and v3 travel differently (two engines; v3's session is renewed and a read refused for
/// its token is repeated once), so ALP overrides how a request is sent and keeps the shared
/// preparation and settling.
impl Dispatch for Client {
    fn core(&self) -> &Core {
        &self.inner.core
    }

    /// An empty answer (`204`) is JSON `null`; the error shapes were checked by the engine.
    fn decode_raw<T: DeserializeOwned>(resp: Response) -> Result<T> {
        if resp.body.is_empty() {
            return venue_common::decode_json(resp.status, b"null");
        }
        resp.json()
    }

    fn dispatch<R: ApiRequest<Client = Self>>(&self, request: R) -> BoxFuture<Result<R::Output>> {
        let client = self.clone();
        Box::pin(async move {
            let mut request = request;
            let now = client.inner.core.clock().now();
            let (prepared, key) = api::prepare(&mut request, now, Self::new_key, Self::check_key)?;
            let ctx = DecodeContext::new(key.as_deref());
            let outcome = client.run(prepared, |resp| R::decode(resp, &ctx)).await;
            api::settle(&request, outcome, key)
        })
    }

    fn dispatch_raw<T: DeserializeOwned + Send + 'static>(
        &self,
        request: Request,
    ) -> BoxFuture<Result<T>> {
        let client = self.clone();
        Box::pin(async move { client.run(request, Self::decode_raw).await })
    }
}

/// The venue's answer decoder (`[venue] decode` of the spec): JSON, after the client checked
/// the answer for the venue's error shapes.
pub(crate) fn json<T: DeserializeOwned>(response: Response) -> Result<T> {
    response.json()
}

/// v1 signs the form as sent, and the document's recipe sorts it by name and writes spaces as
/// `+`: every v1 form (generated or raw) is rewritten so, whatever order it was built in.
fn v1_form(request: &mut Request) {
    let Some(body) = request.body.as_mut() else {
        return;
    };
    if body.content_type != venue_common::request::FORM {
        return;
    }
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&body.bytes)
        .into_owned()
        .collect();
    let encoded = venue_common::sign::encode_sorted_query(&pairs, SpaceStyle::Plus);
    body.bytes = encoded.into_bytes().into();
}

fn is_token_refusal(e: &venue_common::Error) -> bool {
    e.kind() == ErrorKind::Authentication
        && e.venue_error().is_some_and(|v| v.status.as_u16() == 401)
}

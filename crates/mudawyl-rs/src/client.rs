//! [`Client`], its builder, the request trait and the bound call type.

use std::fmt;
use std::future::IntoFuture;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use http::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use venue_common::secret::Token;
use venue_common::{Core, CoreBuilder, Rate, Request, Response, Result, Scope};

use crate::auth::{Credentials, MudawylSigner, RecaptchaProvider, TokenProvider};
use crate::error::from_response;

/// Client-side pacing. The document states no limit; this keeps a burst of calls polite
/// (10 per second) and can be replaced with [`ClientBuilder::pacing`].
pub const DEFAULT_RATES: [Rate; 1] = [Rate {
    scope: Scope::All,
    count: 10,
    per: Duration::from_secs(1),
    burst: 10,
}];

/// A request to one Mudawyl endpoint, as plain data. Every endpoint's request type implements
/// it; [`Client::send`] sends any of them.
pub trait ApiRequest: Send {
    /// What a success decodes into.
    type Output: Send;

    /// Validates the request (nothing is sent when it fails) and builds it.
    fn to_request(&self) -> Result<Request>;

    /// Decodes a 2xx answer.
    fn decode(response: &Response) -> Result<Self::Output>;
}

/// Builds a [`Client`]. There is no default base URL: Mudawyl does not publish one.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    core: CoreBuilder,
    credentials: Option<Credentials>,
    recaptcha: Option<Arc<dyn RecaptchaProvider>>,
}

impl fmt::Debug for dyn RecaptchaProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<recaptcha provider>")
    }
}

impl ClientBuilder {
    fn new() -> Self {
        ClientBuilder {
            core: CoreBuilder::new(
                "mudawyl",
                concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            ),
            credentials: None,
            recaptcha: None,
        }
    }

    venue_common::common_builder_methods!(core);

    /// A fixed JWT (AWS Cognito), sent as `Authorization: <token>` on private endpoints.
    pub fn token(mut self, token: impl Into<Token>) -> Self {
        self.credentials = Some(Credentials::Fixed(token.into()));
        self
    }

    /// A JWT source asked before every private request (an async closure returning
    /// `Result<Token>` works), so expiring tokens can be refreshed.
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.credentials = Some(Credentials::Provider(Arc::new(provider)));
        self
    }

    /// The JWT source as a shared handle.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// A reCAPTCHA v3 token source asked once per POST, PUT and DELETE attempt (production
    /// requires the `recaptcha-token-v3` header on writes). Without one the header is omitted.
    pub fn recaptcha_provider(mut self, provider: impl RecaptchaProvider) -> Self {
        self.recaptcha = Some(Arc::new(provider));
        self
    }

    /// Builds the client. Fails with [`venue_common::Error::Config`] when no base URL was given
    /// (Mudawyl has no public default) or it is not an http(s) URL.
    pub fn build(self) -> Result<Client> {
        let signer = MudawylSigner::new(self.credentials, self.recaptcha);
        let core = self.core.build(Arc::new(signer), &DEFAULT_RATES)?;
        Ok(Client { core })
    }
}

/// A Mudawyl user API client. Cheap to clone: clones share the connection pool, pacing and
/// credentials. `Send + Sync`.
#[derive(Clone)]
pub struct Client {
    core: Core,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("core", &self.core).finish()
    }
}

impl Client {
    /// A builder; [`ClientBuilder::base_url`] is required.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The engine underneath (base URL, clock, retry policy).
    pub fn core(&self) -> &Core {
        &self.core
    }

    /// Sends a request built as data.
    pub async fn send<R: ApiRequest>(&self, request: R) -> Result<R::Output> {
        let prepared = request.to_request()?;
        self.core
            .execute(prepared, |resp| {
                if resp.is_success() {
                    R::decode(&resp)
                } else {
                    Err(from_response(&resp))
                }
            })
            .await
    }

    /// A call of anything the SDK does not model. `.private()` adds `Authorization`; writes
    /// (POST, PUT, DELETE) get a reCAPTCHA token like every other write. Not retried unless a
    /// read.
    pub fn raw(&self, method: Method, path: impl Into<String>) -> RawCall<'_> {
        RawCall {
            client: self,
            request: Request::new(method, path),
        }
    }

    pub(crate) fn call<R>(&self, request: R) -> Call<'_, R> {
        Call {
            client: self,
            request,
        }
    }
}

/// A request bound to a client: set options, then `.await` it.
#[must_use = "a call does nothing until awaited"]
pub struct Call<'a, R> {
    client: &'a Client,
    request: R,
}

impl<R: fmt::Debug> fmt::Debug for Call<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.request)
            .finish()
    }
}

impl<'a, R> Call<'a, R> {
    /// The request as data.
    pub fn request(&self) -> &R {
        &self.request
    }

    /// Unbinds the request (to keep it, or send it later with [`Client::send`]).
    pub fn into_request(self) -> R {
        self.request
    }

    pub(crate) fn map(self, f: impl FnOnce(R) -> R) -> Self {
        Call {
            client: self.client,
            request: f(self.request),
        }
    }

    pub(crate) fn client(&self) -> &'a Client {
        self.client
    }
}

impl<'a, R: ApiRequest + 'a> IntoFuture for Call<'a, R> {
    type Output = Result<R::Output>;
    type IntoFuture = BoxFuture<'a, Result<R::Output>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.client.send(self.request).await })
    }
}

/// An unmodelled call: see [`Client::raw`].
#[must_use = "a call does nothing until sent"]
#[derive(Debug)]
pub struct RawCall<'a> {
    client: &'a Client,
    request: Request,
}

impl RawCall<'_> {
    /// Marks it private: `Authorization` is added.
    pub fn private(mut self) -> Self {
        self.request = self.request.private();
        self
    }

    /// Appends a query pair.
    pub fn query(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.request = self.request.query(key, value);
        self
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self> {
        self.request = self.request.json(body)?;
        Ok(self)
    }

    /// Sends it and decodes the answer as `T` (`serde_json::Value` for anything); an empty
    /// body (204) decodes as JSON `null`.
    pub async fn send<T: DeserializeOwned>(self) -> Result<T> {
        self.client
            .core
            .execute(self.request, |resp| {
                if !resp.is_success() {
                    return Err(from_response(&resp));
                }
                if resp.body.iter().all(u8::is_ascii_whitespace) {
                    return venue_common::decode_json(resp.status, b"null");
                }
                resp.json()
            })
            .await
    }
}

/// Decodes a JSON answer.
pub(crate) fn json<T: DeserializeOwned>(resp: &Response) -> Result<T> {
    resp.json()
}

/// Decodes an answer the document says "can be NULL": an empty body or `null` is `None`.
pub(crate) fn nullable<T: DeserializeOwned>(resp: &Response) -> Result<Option<T>> {
    if resp.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    resp.json()
}

/// Accepts a `204 No Content` (any 2xx; a body, if any, is ignored).
pub(crate) fn empty(_resp: &Response) -> Result<()> {
    Ok(())
}

/// Checks a path id is a UUID and fills the template.
pub(crate) fn id_path(ep: &venue_common::Endpoint, id: &str) -> Result<Request> {
    crate::validate::into_result(crate::validate::path_uuid(id).into_iter().collect())?;
    Ok(ep.request_to(ep.path_with(&[("id", id)])?))
}

/// Defines setters for optional fields on a request type and forwards them on its [`Call`].
macro_rules! setters {
    ($req:ident { $( $(#[$m:meta])* $field:ident : $ty:ty ),* $(,)? }) => {
        impl $req {
            $(
                $(#[$m])*
                pub fn $field(mut self, value: impl Into<$ty>) -> Self {
                    self.$field = Some(value.into());
                    self
                }
            )*
        }

        impl<'a> $crate::client::Call<'a, $req> {
            $(
                $(#[$m])*
                pub fn $field(self, value: impl Into<$ty>) -> Self {
                    self.map(|r| r.$field(value))
                }
            )*
        }
    };
}
pub(crate) use setters;

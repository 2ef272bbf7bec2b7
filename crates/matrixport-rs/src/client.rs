//! The client and its builder.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use venue_common::{Core, CoreBuilder, Error, Method, Rate, Request, Result, Scope};

use crate::auth::{Credentials, MatrixportSigner};
use crate::call::{ApiRequest, Call, prepare};
use crate::error::decode_answer;

/// The production REST host.
pub const LIVE_URL: &str = "https://mapi.matrixport.com";

/// Client-side pacing. The document states no limit; this keeps a client polite (20 requests
/// per second, bursts of 20). Replace it with [`ClientBuilder::pacing`].
pub const DEFAULT_RATES: [Rate; 1] = [Rate {
    scope: Scope::All,
    count: 20,
    per: Duration::from_secs(1),
    burst: 20,
}];

/// A Matrixport Prime Broker client. Cheap to clone: clones share one connection pool, pacer
/// and credentials.
#[derive(Clone)]
pub struct Client {
    core: Core,
    has_credentials: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("core", &self.core)
            .field("has_credentials", &self.has_credentials)
            .finish()
    }
}

/// Builds a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    core: CoreBuilder,
    credentials: Option<Credentials>,
}

impl ClientBuilder {
    venue_common::common_builder_methods!(core);

    /// The access key and secret key every endpoint needs.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Builds the client (live URL unless [`ClientBuilder::base_url`] was given).
    pub fn build(self) -> Result<Client> {
        let core = if self.core.base_url_str().is_some() {
            self.core
        } else {
            self.core.base_url(LIVE_URL)
        };
        let has_credentials = self.credentials.is_some();
        let signer = MatrixportSigner {
            credentials: self.credentials,
        };
        Ok(Client {
            core: core.build(Arc::new(signer), &DEFAULT_RATES)?,
            has_credentials,
        })
    }
}

impl Client {
    /// A builder with the defaults: live URL, 10 s connect and 30 s total timeouts, retries
    /// of reads and keyed writes, polite pacing.
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            core: CoreBuilder::new(
                "matrixport",
                concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            ),
            credentials: None,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &venue_common::Url {
        self.core.base_url()
    }

    /// Whether the client holds credentials.
    pub fn has_credentials(&self) -> bool {
        self.has_credentials
    }

    /// Sends a request built as data. Writes carry their `serial_no`/`request_id` (generated
    /// when not given) on every attempt; a write that may have gone through fails with
    /// [`Error::WithKey`], and a retried write the venue already had comes back as
    /// [`Error::AlreadyDone`] with the key.
    pub async fn send<R: ApiRequest>(&self, request: R) -> Result<R::Output> {
        let (prepared, key) = prepare(request)?;
        let data = self.execute::<R::Data>(prepared).await?;
        Ok(R::finish(data, key))
    }

    /// Sends a prepared request and unwraps the envelope's `data`.
    pub async fn execute<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        self.core
            .execute(request, |response| decode_answer::<T>(&response))
            .await
    }

    /// A signed call to any path, for what this SDK does not model yet.
    pub fn raw(&self, method: Method, path: impl Into<String>) -> RawCall {
        RawCall {
            client: self.clone(),
            request: Request::new(method, path).private(),
            error: None,
        }
    }

    pub(crate) fn call<R: ApiRequest>(&self, request: R) -> Call<R> {
        Call::new(self, request)
    }
}

/// A signed request to any path (see [`Client::raw`]).
#[must_use = "a raw call does nothing until it is sent"]
#[derive(Debug)]
pub struct RawCall {
    client: Client,
    request: Request,
    error: Option<Error>,
}

impl RawCall {
    /// Appends a query pair (signed with the others).
    pub fn query(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.request = self.request.query(key, value);
        self
    }

    /// Sets the JSON body (an object; `timestamp` and `signature` are added when signing).
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match self.request.clone().json(body) {
            Ok(r) => self.request = r,
            Err(e) => self.error = Some(e),
        }
        self
    }

    /// Marks the request as a write that may be repeated with this key (the venue's
    /// `serial_no`/`request_id` in the body).
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.request = self.request.idempotency_key(key);
        self
    }

    /// Sends it and decodes the envelope's `data` as `T`.
    pub async fn send<T: DeserializeOwned>(self) -> Result<T> {
        if let Some(e) = self.error {
            return Err(e);
        }
        self.client.execute(self.request).await
    }
}

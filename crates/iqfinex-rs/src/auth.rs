//! IQFinex authentication: the API key, as is, in the `Authorization` header of every
//! authorized request. There is no signature, timestamp or nonce.

use std::fmt;

use futures_util::future::BoxFuture;
use venue_common::secret::Token;
use venue_common::{Auth, Error, Request, Result, SignContext, Signer};

/// The environment variable [`Credentials::from_env`] reads.
pub const ENV_API_KEY: &str = "IQFINEX_API_KEY";

/// The header that carries the key.
pub const AUTHORIZATION: &str = "authorization";

/// An IQFinex API key (created on the API page of the personal cabinet).
///
/// It never prints: `Debug` shows `Credentials([redacted])`, and no error or log line of this
/// crate contains it.
#[derive(Clone)]
pub struct Credentials {
    key: Token,
}

impl Credentials {
    /// Wraps an API key.
    pub fn new(api_key: impl Into<String>) -> Self {
        Credentials {
            key: Token::new(api_key),
        }
    }

    /// Reads the key from `IQFINEX_API_KEY`; `None` when it is unset or empty.
    pub fn from_env() -> Option<Self> {
        Token::from_env(ENV_API_KEY).map(|key| Credentials { key })
    }

    /// The key, for the one place that sends it.
    pub(crate) fn expose(&self) -> &str {
        self.key.expose()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credentials([redacted])")
    }
}

/// Authenticates `request` in place: a private request gets `Authorization: <api key>`
/// (the key exactly, no scheme such as `Bearer`), marked sensitive so no `Debug` of the
/// request shows it; a public request is left untouched. A private request without
/// credentials is refused before anything is sent.
///
/// This is the whole recipe: a pure function of the request and the key.
pub fn authorize(request: &mut Request, credentials: Option<&Credentials>) -> Result<()> {
    if request.auth == Auth::Public {
        return Ok(());
    }
    let Some(credentials) = credentials else {
        return Err(Error::MissingCredentials(
            "this IQFinex endpoint needs an API key (Client::builder().credentials(..))".into(),
        ));
    };
    let key = credentials.expose();
    if key.is_empty() {
        return Err(Error::MissingCredentials(
            "the IQFinex API key is empty".into(),
        ));
    }
    request
        .set_secret_header(AUTHORIZATION, key)
        // The venue-common message names the header, never the value; keep it so.
        .map_err(|_| Error::Config("the IQFinex API key holds characters HTTP refuses".into()))
}

/// The [`Signer`] of IQFinex clients.
#[derive(Debug, Clone, Default)]
pub struct IqfinexSigner {
    credentials: Option<Credentials>,
}

impl IqfinexSigner {
    /// A signer with these credentials (or none: public endpoints only).
    pub fn new(credentials: Option<Credentials>) -> Self {
        IqfinexSigner { credentials }
    }
}

impl Signer for IqfinexSigner {
    fn sign<'a>(
        &'a self,
        request: &'a mut Request,
        _ctx: &'a SignContext<'a>,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move { authorize(request, self.credentials.as_ref()) })
    }
}

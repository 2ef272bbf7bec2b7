//! [`Client`], its builder, and how a request travels ([`Dispatch`]). The methods per endpoint,
//! `send` and `raw` are generated (`src/generated/client.rs`).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use venue_common::api::Dispatch;
use venue_common::secret::Token;
use venue_common::{Core, CoreBuilder, Rate, Response, Result, Scope};

use crate::auth::{Credentials, MudawylSigner, RecaptchaProvider, TokenProvider};

/// Client-side pacing. The document states no limit; this keeps a burst of calls polite
/// (10 per second) and can be replaced with [`ClientBuilder::pacing`].
pub const DEFAULT_RATES: [Rate; 1] = [Rate::new(Scope::All, 10, Duration::from_secs(1)).burst(10)];

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
#[derive(Debug, Clone)]
pub struct Client {
    core: Core,
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
}

/// The token provider and the reCAPTCHA provider run in the signer, once per attempt. Mudawyl
/// has no idempotency keys, so writes are sent once (the retry policy repeats reads only).
impl Dispatch for Client {
    fn core(&self) -> &Core {
        &self.core
    }

    /// `raw` calls are private unless `.public()`; writes get a reCAPTCHA token like every other
    /// write; an empty answer (204) decodes as JSON `null`.
    fn decode_raw<T: DeserializeOwned>(response: Response) -> Result<T> {
        crate::error::decode(response)
    }
}

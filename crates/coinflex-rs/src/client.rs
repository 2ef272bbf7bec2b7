//! The CoinFLEX client, its builder, and the calls it returns.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use venue_common::api::Dispatch;
use venue_common::{Core, CoreBuilder, NonceUnit, Rate, Response, Result, Scope};

use crate::auth::{CoinflexSigner, Credentials};
use crate::error;
#[cfg(doc)]
use crate::model::Envelope;

/// The live site.
pub const LIVE_URL: &str = "https://v2api.coinflex.com";
/// The test (staging) site.
pub const TEST_URL: &str = "https://v2stgapi.coinflex.com";

/// The venue's documented limits: 100 requests per second and 2,500 per 5 minutes per IP.
pub const DEFAULT_RATES: [Rate; 2] = [
    Rate::new(Scope::All, 100, Duration::from_secs(1)).burst(100),
    Rate::new(Scope::All, 2_500, Duration::from_secs(300)).burst(100),
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
        // Every client of this key in the process (and with Redis, in the fleet) shares the
        // pacer and the nonces: the venue checks them per key.
        let mut core = self.core.base_url(base);
        if let Some(credentials) = &self.credentials {
            core = core.account(credentials.api_key());
        }
        let signer =
            CoinflexSigner::new(self.credentials, core.nonces("private", NonceUnit::Millis)?);
        let core = core.build(Arc::new(signer), &DEFAULT_RATES)?;
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

    /// The client's current time (its clock: the system's unless the builder pinned one).
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.core.clock().now()
    }
}

impl Dispatch for Client {
    fn core(&self) -> &Core {
        &self.core
    }

    /// The whole answer is decoded as `T` (e.g. `serde_json::Value` or [`Envelope`]`<..>`),
    /// after the venue's error shape is turned into an error.
    fn decode_raw<T: DeserializeOwned>(resp: Response) -> Result<T> {
        if let Some(e) = error::check(&resp) {
            return Err(e);
        }
        resp.json::<T>()
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

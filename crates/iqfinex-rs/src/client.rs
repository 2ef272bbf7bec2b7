//! The IQFinex [`Client`] and its [`ClientBuilder`], and how the client sends every request
//! ([`Dispatch`]): the endpoint methods, `send` and `raw` are generated from the spec.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use serde::de::DeserializeOwned;
use venue_common::api::Dispatch;
use venue_common::{Core, CoreBuilder, Rate, Response, Result, Scope};

use crate::auth::{Credentials, IqfinexSigner};
use crate::market::Asset;

/// The live API.
pub const LIVE_URL: &str = "https://datacenter.iqfinex.com";

/// Client-side pacing. The document states no rate limit; 10 requests per second is a
/// courteous default (replace it with [`ClientBuilder::pacing`] or turn it off with
/// [`ClientBuilder::no_pacing`]).
pub const DEFAULT_RATES: [Rate; 1] = [Rate::new(Scope::All, 10, Duration::from_secs(1)).burst(10)];

/// Builds a [`Client`].
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
        // Clients of one key share its pacer (in the process, and with Redis in the fleet);
        // the account is known by a hash of the key, never the key itself.
        if let Some(credentials) = &self.credentials {
            core = core.account(credentials.expose());
        }
        let signer = IqfinexSigner::new(self.credentials.clone());
        let core = core.build(Arc::new(signer), &DEFAULT_RATES)?;
        Ok(Client {
            core,
            has_credentials: self.credentials.is_some(),
            assets: Arc::default(),
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
    /// The assets [`Client::load_assets`] read, by pair, shared by clones.
    assets: Arc<RwLock<HashMap<String, Asset>>>,
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

    /// Reads every asset (`GET /v1/assets`) and keeps their rules, so that
    /// [`Client::open_order`] checks each order as the venue would (`min_volume`, `accuracy`,
    /// `isTrade`) before sending it. Call it again to refresh; clones share the cache.
    pub async fn load_assets(&self) -> Result<Vec<Asset>> {
        let assets = self.assets().await?;
        let mut cache = self.assets.write().unwrap_or_else(|p| p.into_inner());
        cache.clear();
        cache.extend(assets.iter().map(|a| (a.pair.clone(), a.clone())));
        Ok(assets)
    }

    /// The rules of `pair` from the last [`Client::load_assets`], if it listed the pair.
    pub fn cached_asset(&self, pair: &str) -> Option<Asset> {
        let cache = self.assets.read().unwrap_or_else(|p| p.into_inner());
        cache.get(pair).cloned()
    }
}

impl Dispatch for Client {
    fn core(&self) -> &Core {
        &self.core
    }

    fn decode_raw<T: DeserializeOwned>(response: Response) -> Result<T> {
        crate::error::decode(response)
    }
}

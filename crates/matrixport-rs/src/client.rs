//! The client and its builder.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use venue_common::api::Dispatch;
use venue_common::{Core, CoreBuilder, Rate, Response, Result, Scope};

use crate::auth::{Credentials, MatrixportSigner};
use crate::error::decode_answer;
use crate::validate;

/// The production REST host.
pub const LIVE_URL: &str = "https://mapi.matrixport.com";

/// Client-side pacing. The document states no limit; this keeps a client polite (20 requests
/// per second, bursts of 20). Replace it with [`ClientBuilder::pacing`].
pub const DEFAULT_RATES: [Rate; 1] = [Rate::new(Scope::All, 20, Duration::from_secs(1)).burst(20)];

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
        // Clients of one key share its pacer (in the process, and with Redis in the fleet).
        let core = match &self.credentials {
            Some(credentials) => core.account(credentials.access_key()),
            None => core,
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
}

/// How every request travels: writes get their `serial_no`/`request_id` (generated when not
/// given, checked when given) on every attempt; a write that may have gone through fails with
/// [`venue_common::Error::WithKey`], and a retried write the venue already had comes back as
/// [`venue_common::Error::AlreadyDone`] with the key. Answers are unwrapped from the envelope.
impl Dispatch for Client {
    fn core(&self) -> &Core {
        &self.core
    }

    fn decode_raw<T: DeserializeOwned>(response: Response) -> Result<T> {
        decode_answer(&response)
    }

    fn new_key() -> String {
        validate::generate_key()
    }

    fn check_key(name: &str, key: &str) -> Result<()> {
        validate::idempotency_key(name, key)
    }
}

//! The client and its builder.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::de::DeserializeOwned;
use venue_common::api::{ApiRequest, BoxFuture, DecodeContext, Dispatch, prepare, settle};
use venue_common::{Core, CoreBuilder, Error, Rate, Response, Result, Scope, StatusCode};

use crate::auth::{Credentials, MatrixportSigner};
use crate::error::decode_answer;
use crate::validate;

/// The production REST host.
pub const LIVE_URL: &str = "https://mapi.matrixport.com";

/// Client-side pacing. The document states no limit; this keeps a client polite (20 requests
/// per second, bursts of 20). Replace it with [`ClientBuilder::pacing`].
pub const DEFAULT_RATES: [Rate; 1] = [Rate::new(Scope::All, 20, Duration::from_secs(1)).burst(20)];

/// The trading fee rates path of the document's heading, which the spec names.
pub const TRADING_FEE_RATE_PATH: &str = "/credit/agency/v1/exchange/trading_fee/rate";
/// The trading fee rates path of the document's curl example.
pub const TRADING_FEES_PATH: &str = "/credit/agency/v1/exchange/trading_fees";

/// A Matrixport Prime Broker client. Cheap to clone: clones share one connection pool, pacer,
/// credentials and what was learnt of the venue's paths.
#[derive(Clone)]
pub struct Client {
    core: Core,
    has_credentials: bool,
    /// The trading fee rates answered at the curl's path, not the heading's (learnt from a
    /// 404; see [`Client::trading_fee_path`]).
    fees_at_curl_path: Arc<AtomicBool>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("core", &self.core)
            .field("has_credentials", &self.has_credentials)
            .field("trading_fee_path", &self.trading_fee_path())
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
            fees_at_curl_path: Arc::new(AtomicBool::new(false)),
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

    /// The path this client asks for trading fee rates: the document's heading
    /// ([`TRADING_FEE_RATE_PATH`]) until the venue answered it 404 and the curl example's
    /// ([`TRADING_FEES_PATH`]) answered instead; then that one, and back on a 404 again.
    pub fn trading_fee_path(&self) -> &'static str {
        if self.fees_at_curl_path.load(Ordering::Relaxed) {
            TRADING_FEES_PATH
        } else {
            TRADING_FEE_RATE_PATH
        }
    }
}

/// A 404 from the venue (the path is not served), as opposed to a refusal of the request.
fn not_found(error: &Error) -> bool {
    error
        .venue_error()
        .is_some_and(|v| v.status == StatusCode::NOT_FOUND)
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

    /// The common path, except for the trading fee rates: the document gives their path two
    /// ways, so a 404 at the one this client uses is tried once at the other (a read, safe to
    /// repeat), and the client keeps the one that answered.
    fn dispatch<R: ApiRequest<Client = Self>>(&self, request: R) -> BoxFuture<Result<R::Output>> {
        let client = self.clone();
        Box::pin(async move {
            let mut request = request;
            let core = &client.core;
            let (mut prepared, key) = prepare(
                &mut request,
                core.clock().now(),
                Self::new_key,
                Self::check_key,
            )?;
            let ctx = DecodeContext::new(key.as_deref());
            let fees = R::ENDPOINT.id == crate::generated::endpoints::EXCHANGE_TRADING_FEE_RATE.id;
            if fees {
                prepared.path = client.trading_fee_path().to_string();
            }
            let mut outcome = core
                .execute(prepared.clone(), |response| R::decode(response, &ctx))
                .await;
            if fees && outcome.as_ref().is_err_and(not_found) {
                let other = if prepared.path == TRADING_FEES_PATH {
                    TRADING_FEE_RATE_PATH
                } else {
                    TRADING_FEES_PATH
                };
                prepared.path = other.to_string();
                outcome = core
                    .execute(prepared, |response| R::decode(response, &ctx))
                    .await;
                if outcome.is_ok() {
                    client
                        .fees_at_curl_path
                        .store(other == TRADING_FEES_PATH, Ordering::Relaxed);
                }
            }
            settle(&request, outcome, key)
        })
    }
}

//! The engine every venue client wraps: pace, sign, send, decode, and retry what is safe.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use tracing::Instrument as _;
use url::Url;

use crate::clock::{SharedClock, system};
use crate::error::{Error, ErrorKind, Result, Sent, VenueError};
use crate::fleet::{self, Account, LocalTurn, RedisOptions, SharedTurn};
use crate::nonce::{DEFAULT_MAX_LEAD, NonceSource, NonceUnit, SharedNonces};
use crate::pacing::{Pacer, Rate, SharedLimiter};
use crate::request::{Idempotency, Request};
use crate::retry::RetryPolicy;
use crate::signer::{SignContext, Signer};
use crate::transport::{Response, Transport, TransportConfig};

/// The options every venue client offers. Venue builders hold one and forward to it (see
/// [`crate::common_builder_methods`]).
#[derive(Clone)]
pub struct CoreBuilder {
    venue: &'static str,
    base_url: Option<String>,
    transport: TransportConfig,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    rates: Option<Vec<Rate>>,
    clock: SharedClock,
    account: Option<Account>,
    redis: Option<RedisOptions>,
    nonce_max_lead: Duration,
    limiter: Option<SharedLimiter>,
    nonce_store: Option<SharedNonces>,
}

impl fmt::Debug for CoreBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CoreBuilder")
            .field("venue", &self.venue)
            .field("base_url", &self.base_url)
            .field("transport", &self.transport)
            .field("retry", &self.retry)
            .field("rates", &self.rates)
            .field("account", &self.account)
            .field("redis", &self.redis)
            .field("nonce_max_lead", &self.nonce_max_lead)
            .finish_non_exhaustive()
    }
}

impl CoreBuilder {
    /// Options for `venue` (a short lower-case name used in traces) with the user agent
    /// `<crate>/<version>`.
    pub fn new(venue: &'static str, user_agent: impl Into<String>) -> Self {
        CoreBuilder {
            venue,
            base_url: None,
            transport: TransportConfig::new(user_agent),
            http: None,
            retry: RetryPolicy::default(),
            rates: None,
            clock: system(),
            account: None,
            redis: None,
            nonce_max_lead: DEFAULT_MAX_LEAD,
            limiter: None,
            nonce_store: None,
        }
    }

    /// The base URL (scheme, host, optional port and path prefix).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The base URL, if one was set.
    pub fn base_url_str(&self) -> Option<&str> {
        self.base_url.as_deref()
    }

    /// Bound on connecting (default 10 s).
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.transport.connect_timeout = t;
        self
    }

    /// Bound on a whole attempt (default 30 s).
    pub fn timeout(mut self, t: Duration) -> Self {
        self.transport.timeout = t;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.transport.user_agent = ua.into();
        self
    }

    /// Cap on an answer's body (default 16 MiB).
    pub fn max_body_bytes(mut self, n: usize) -> Self {
        self.transport.max_body_bytes = n;
        self
    }

    /// Uses this `reqwest::Client` (proxies, custom TLS, shared pool). Its redirect policy
    /// applies: `reqwest::redirect::Policy::none()` keeps signed headers from following a
    /// redirect to another host, as the default client does.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Replaces the venue's documented limits with these (an empty list turns pacing off).
    pub fn pacing(mut self, rates: Vec<Rate>) -> Self {
        self.rates = Some(rates);
        self
    }

    /// Turns client-side pacing off.
    pub fn no_pacing(self) -> Self {
        self.pacing(Vec::new())
    }

    /// The clock used for timestamps and nonces.
    pub fn clock(mut self, clock: SharedClock) -> Self {
        self.clock = clock;
        self
    }

    /// The clock.
    pub fn clock_ref(&self) -> &SharedClock {
        &self.clock
    }

    /// The account this client acts for, named by its key id (the API key, not the secret).
    ///
    /// Every client built with the same venue and key in this process then shares one pacer
    /// (per set of rates), one nonce source per scope ([`CoreBuilder::nonces`]) and one turn
    /// lock per scope ([`CoreBuilder::nonce_turn`]), as clones of one client do; with
    /// [`CoreBuilder::redis_url`], every process does. Without it each client has its own.
    pub fn account(mut self, key_id: &str) -> Self {
        self.account = Some(Account::new(self.venue, key_id));
        self
    }

    /// The account set by [`CoreBuilder::account`].
    pub fn account_ref(&self) -> Option<&Account> {
        self.account.as_ref()
    }

    /// Shares pacing and nonces with every process using this Redis (or Valkey) and the same
    /// account: `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS. Needs
    /// venue-common's `redis` feature (without it, building fails with [`Error::Config`]).
    /// Keeps an earlier [`CoreBuilder::redis_key_prefix`].
    pub fn redis_url(mut self, url: impl Into<String>) -> Self {
        let url = url.into();
        self.redis = Some(match self.redis.take() {
            Some(mut options) => {
                options.url = url;
                options
            }
            None => RedisOptions::new(url),
        });
        self
    }

    /// The prefix of every Redis key (default `venue-sdk`); for several fleets on one Redis.
    pub fn redis_key_prefix(mut self, prefix: impl Into<String>) -> Self {
        let options = self.redis.take().unwrap_or_else(|| RedisOptions::new(""));
        self.redis = Some(options.key_prefix(prefix));
        self
    }

    /// All the Redis options at once (URL, prefix, per-operation timeout, idle expiry).
    pub fn redis(mut self, options: RedisOptions) -> Self {
        self.redis = Some(options);
        self
    }

    /// The Redis options, if any.
    pub fn redis_options(&self) -> Option<&RedisOptions> {
        self.redis.as_ref()
    }

    /// How far ahead of the clock a nonce may run (default [`DEFAULT_MAX_LEAD`]): a draw that
    /// would go further waits for the clock, so a process restarted on the same key is
    /// refused for at most this long.
    pub fn nonce_max_lead(mut self, lead: Duration) -> Self {
        self.nonce_max_lead = lead;
        self
    }

    /// Paces with this limiter instead of the one built from the rates (any store of your
    /// own); [`CoreBuilder::no_pacing`] still turns pacing off.
    pub fn rate_limiter(mut self, limiter: SharedLimiter) -> Self {
        self.limiter = Some(limiter);
        self
    }

    /// Draws nonces from this store instead of the one [`CoreBuilder::nonces`] would make.
    pub fn nonce_store(mut self, store: SharedNonces) -> Self {
        self.nonce_store = Some(store);
        self
    }

    /// The nonce store a venue's signer should draw from for `scope` (a name of the venue
    /// crate's choosing, such as `"v1"`): the one given to [`CoreBuilder::nonce_store`]; else
    /// the account's counter in Redis with [`CoreBuilder::redis_url`]; else the account's
    /// source shared in this process with [`CoreBuilder::account`]; else a source of its own.
    /// All but a store given by hand are bounded by [`CoreBuilder::nonce_max_lead`].
    pub fn nonces(&self, scope: &str, unit: NonceUnit) -> Result<SharedNonces> {
        if let Some(store) = &self.nonce_store {
            return Ok(store.clone());
        }
        if let Some(options) = &self.redis {
            return self.redis_nonces(options, scope, unit);
        }
        Ok(match &self.account {
            Some(account) => {
                fleet::shared_nonces(account, scope, unit, &self.clock, self.nonce_max_lead)
            }
            None => Arc::new(
                NonceSource::new(self.clock.clone(), unit).with_max_lead(self.nonce_max_lead),
            ),
        })
    }

    /// The turn a venue takes around each call whose nonce must reach the venue in order
    /// (ALP.COM v1): taken before pacing, its guard kept until the answer, so a nonce is never
    /// sent while a smaller one is on its way. Shared by every client of the account in this
    /// process (see [`CoreBuilder::account`]) and, with [`CoreBuilder::redis_url`], by every
    /// process (a lease in Redis); without an account, a turn of its own.
    pub fn nonce_turn(&self, scope: &str) -> Result<SharedTurn> {
        let local = match &self.account {
            Some(account) => fleet::shared_turn(account, scope),
            None => Arc::default(),
        };
        match &self.redis {
            Some(options) => self.redis_turn(options, scope, local),
            None => Ok(Arc::new(LocalTurn::new(local))),
        }
    }

    #[cfg(feature = "redis")]
    fn redis_turn(
        &self,
        options: &RedisOptions,
        scope: &str,
        local: Arc<tokio::sync::Mutex<()>>,
    ) -> Result<SharedTurn> {
        let fleet = Self::redis_fleet(options)?;
        Ok(Arc::new(fleet.turn(&self.fleet_account(), scope, local)))
    }

    #[cfg(not(feature = "redis"))]
    fn redis_turn(
        &self,
        _: &RedisOptions,
        _: &str,
        _: Arc<tokio::sync::Mutex<()>>,
    ) -> Result<SharedTurn> {
        Err(no_redis())
    }

    /// The account to use in Redis: the one given, or the venue's anonymous one.
    #[cfg(feature = "redis")]
    fn fleet_account(&self) -> Account {
        self.account
            .clone()
            .unwrap_or_else(|| Account::new(self.venue, ""))
    }

    #[cfg(feature = "redis")]
    fn redis_fleet(options: &RedisOptions) -> Result<fleet::redis::RedisFleet> {
        if options.url.is_empty() {
            return Err(Error::Config(
                "a Redis key prefix was set without a Redis URL (redis_url)".into(),
            ));
        }
        fleet::redis::RedisFleet::shared(options.clone())
            .map_err(|e| Error::Config(format!("redis: {e}")))
    }

    #[cfg(feature = "redis")]
    fn redis_nonces(
        &self,
        options: &RedisOptions,
        scope: &str,
        unit: NonceUnit,
    ) -> Result<SharedNonces> {
        let fleet = Self::redis_fleet(options)?;
        Ok(Arc::new(fleet.nonces(
            &self.fleet_account(),
            scope,
            unit,
            self.nonce_max_lead,
        )))
    }

    #[cfg(not(feature = "redis"))]
    fn redis_nonces(&self, _: &RedisOptions, _: &str, _: NonceUnit) -> Result<SharedNonces> {
        Err(no_redis())
    }

    #[cfg(feature = "redis")]
    fn redis_limiter(&self, options: &RedisOptions, rates: &[Rate]) -> Result<SharedLimiter> {
        let fleet = Self::redis_fleet(options)?;
        Ok(Arc::new(fleet.limiter(&self.fleet_account(), rates)))
    }

    #[cfg(not(feature = "redis"))]
    fn redis_limiter(&self, _: &RedisOptions, _: &[Rate]) -> Result<SharedLimiter> {
        Err(no_redis())
    }

    /// The limiter [`CoreBuilder::build`] uses for these rates.
    fn limiter_for(&self, rates: &[Rate]) -> Result<SharedLimiter> {
        // `no_pacing` wins over everything, a limiter given by hand over the rates.
        if self.rates.as_ref().is_some_and(Vec::is_empty) {
            return Ok(Arc::new(Pacer::disabled()));
        }
        if let Some(limiter) = &self.limiter {
            return Ok(limiter.clone());
        }
        if rates.is_empty() {
            return Ok(Arc::new(Pacer::disabled()));
        }
        if let Some(options) = &self.redis {
            return self.redis_limiter(options, rates);
        }
        Ok(Arc::new(match &self.account {
            Some(account) => fleet::shared_pacer(account, rates, &self.clock),
            None => Pacer::new(rates),
        }))
    }

    /// Fixes the HTTP client now (the injected one, or one built from the options so far), so
    /// that every [`Core`] built from this builder or its clones shares one connection pool:
    /// for venues whose client needs a second core (a token endpoint, another API version).
    pub fn with_shared_http_client(mut self) -> Result<Self> {
        if self.http.is_none() {
            self.http = Some(self.transport.build_client()?);
        }
        Ok(self)
    }

    /// Builds the engine with the venue's signer and default limits.
    pub fn build(self, signer: Arc<dyn Signer>, default_rates: &[Rate]) -> Result<Core> {
        let pacer = self.limiter_for(self.rates.as_deref().unwrap_or(default_rates))?;
        let raw = self.base_url.ok_or_else(|| {
            Error::Config(format!(
                "{}: no base URL was given and the venue has no default",
                self.venue
            ))
        })?;
        let base_url =
            Url::parse(&raw).map_err(|e| Error::Config(format!("base URL `{raw}`: {e}")))?;
        let transport = Transport::new(base_url, self.transport, self.http)?;
        Ok(Core {
            inner: Arc::new(Inner {
                venue: self.venue,
                transport,
                signer,
                pacer,
                retry: self.retry,
                clock: self.clock,
            }),
        })
    }
}

struct Inner {
    venue: &'static str,
    transport: Transport,
    signer: Arc<dyn Signer>,
    pacer: SharedLimiter,
    retry: RetryPolicy,
    clock: SharedClock,
}

/// Sends requests for one venue client. Cheap to clone: clones share the connection pool,
/// the pacer and the signer (and so the nonce source).
#[derive(Clone)]
pub struct Core {
    inner: Arc<Inner>,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Core")
            .field("venue", &self.inner.venue)
            .field("transport", &self.inner.transport)
            .field("retry", &self.inner.retry)
            .field("pacing", &self.inner.pacer.is_enabled())
            .finish_non_exhaustive()
    }
}

impl Core {
    /// The venue's short name.
    pub fn venue(&self) -> &'static str {
        self.inner.venue
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        self.inner.transport.base_url()
    }

    /// The clock.
    pub fn clock(&self) -> &SharedClock {
        &self.inner.clock
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The limiter every attempt waits for.
    pub fn rate_limiter(&self) -> &SharedLimiter {
        &self.inner.pacer
    }

    /// Sends `request` and decodes the answer with `decode`, retrying what the policy allows.
    ///
    /// Each attempt waits for the pacer, is signed afresh from the unsigned request, sent, and
    /// passed to `decode`, which turns the venue's answer (success or error shape) into a value
    /// or an [`Error`]. A failed write that carried an idempotency key comes back wrapped in
    /// [`Error::WithKey`] when it may have been sent, and as [`Error::AlreadyDone`] when a
    /// repeat was answered "duplicate".
    ///
    /// (Not an `async fn`: one would keep a second copy of `request` in every call's future.)
    #[expect(
        clippy::manual_async_fn,
        reason = "an async fn keeps its arguments twice in its future"
    )]
    pub fn execute<T, F>(&self, request: Request, decode: F) -> impl Future<Output = Result<T>>
    where
        F: Fn(Response) -> Result<T>,
    {
        async move {
            let started = Instant::now();
            let mut attempt = 0u32;
            // Whether an earlier attempt may have reached the venue: only then can a "duplicate"
            // answer mean that one of *our* attempts went through.
            let mut earlier_maybe_sent = false;
            loop {
                attempt += 1;
                let outcome = self.attempt(&request, attempt, &decode).await;
                let error = match outcome {
                    Ok(value) => return Ok(value),
                    Err(e) => e,
                };
                self.penalize(&error).await;
                if let Some(delay) =
                    self.inner
                        .retry
                        .next_delay(&request, &error, attempt, started.elapsed())
                {
                    tracing::debug!(venue = self.inner.venue, attempt, ?delay, error = %error, "retrying");
                    earlier_maybe_sent |= error.sent() != Sent::No;
                    tokio::time::sleep(delay).await;
                    continue;
                }
                return Err(finish(&request, error, earlier_maybe_sent));
            }
        }
    }

    /// A `429` with `Retry-After` blocks every sharer of the limiter for that long.
    async fn penalize(&self, error: &Error) {
        let Some(venue) = error.venue_error() else {
            return;
        };
        if venue.status != http::StatusCode::TOO_MANY_REQUESTS
            && venue.kind != ErrorKind::RateLimited
        {
            return;
        }
        let Some(wait) = venue.retry_after else {
            return;
        };
        if let Err(e) = self.inner.pacer.penalize(wait).await {
            // The call's own error is what the caller needs; the next acquire will fail the
            // same way if the store is still down.
            tracing::warn!(venue = self.inner.venue, error = %e, "could not share the venue's Retry-After");
        }
    }

    async fn attempt<T, F>(&self, request: &Request, attempt: u32, decode: &F) -> Result<T>
    where
        F: Fn(Response) -> Result<T>,
    {
        // Before signing: the nonce is drawn only once the request may go. A limiter that
        // cannot answer, or a venue's wait longer than the attempt may take, fails the attempt
        // as not sent.
        let patience = self.inner.transport.timeout();
        self.inner.pacer.acquire(request.auth, patience).await?;
        let sending = self.sign_and_send(request, attempt).await?;
        let span = tracing::info_span!(
            "venue.request",
            venue = self.inner.venue,
            endpoint = request.endpoint.unwrap_or(""),
            method = %request.method,
            path = %request.path,
            attempt,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
            outcome = tracing::field::Empty,
        );
        let sent_at = Instant::now();
        async {
            let result = sending.await;
            let span = tracing::Span::current();
            span.record("latency_ms", sent_at.elapsed().as_millis() as u64);
            match &result {
                Ok(r) => {
                    span.record("status", r.status.as_u16());
                }
                Err(e) => tracing::debug!(error = %e, "attempt failed"),
            }
            let value = decode_or_status(result?, decode)?;
            // The answer was read: tests' coverage evidence and traces see the call succeed.
            span.record("outcome", "ok");
            Ok(value)
        }
        .instrument(span)
        .await
    }

    /// Signs a copy of `request` for this attempt and starts sending it.
    ///
    /// The send is boxed on its own, and the signed copy lives only until it is handed over:
    /// the future of a call waiting for its answer no longer carries a copy of every part of
    /// the request it was made from. (An ALP ticker call in flight held one 4,040-byte future;
    /// it now holds 1,528 bytes and this send's 952, freed as soon as the answer is read.)
    async fn sign_and_send(
        &self,
        request: &Request,
        attempt: u32,
    ) -> Result<BoxFuture<'static, Result<Response>>> {
        let mut signed = request.clone();
        let ctx = SignContext {
            base_url: self.inner.transport.base_url(),
            attempt,
            clock: self.inner.clock.as_ref(),
        };
        self.inner.signer.sign(&mut signed, &ctx).await?;
        Ok(Box::pin(self.inner.transport.send_owned(signed)))
    }
}

/// Runs the venue's decoder; when it cannot read a 5xx or 429 answer (an HTML page from a
/// proxy, an empty body), the status itself is the venue's answer: it becomes a venue error of
/// the status' kind, so that unavailability and rate limits stay retryable.
fn decode_or_status<T, F>(response: Response, decode: &F) -> Result<T>
where
    F: Fn(Response) -> Result<T>,
{
    let status = response.status;
    if !(status.is_server_error() || status == http::StatusCode::TOO_MANY_REQUESTS) {
        return decode(response);
    }
    let body = response.body.clone();
    let wait = crate::error::retry_after(&response.headers);
    match decode(response) {
        Err(Error::Decode(d)) => Err(Error::venue(
            VenueError::new(
                status,
                ErrorKind::from_status(status),
                format!(
                    "{} (the body could not be read: {})",
                    status.canonical_reason().unwrap_or("error"),
                    d.reason
                ),
            )
            .with_body(body)
            .with_retry_after(wait),
        )),
        other => other,
    }
}

/// Attaches the idempotency key to a failed keyed write, and turns a "duplicate" answer to a
/// repeat into the news that an earlier attempt went through (when one may have been sent).
fn finish(request: &Request, error: Error, earlier_maybe_sent: bool) -> Error {
    let Idempotency::Keyed(key) = &request.idempotency else {
        return error;
    };
    if earlier_maybe_sent
        && error.kind() == ErrorKind::Duplicate
        && let Error::Venue(venue) = error
    {
        return Error::AlreadyDone {
            key: key.clone(),
            venue,
        };
    }
    // The key matters when the outcome is uncertain (this attempt or an earlier one may have
    // reached the venue) and when the venue says the key is taken. Any other refusal of a write
    // whose attempts all got a clear answer is just the venue's refusal.
    if error.sent() != Sent::Maybe && !earlier_maybe_sent && error.kind() != ErrorKind::Duplicate {
        return error;
    }
    Error::WithKey {
        key: key.clone(),
        source: Box::new(error),
    }
}

#[cfg(not(feature = "redis"))]
fn no_redis() -> Error {
    Error::Config(
        "a Redis URL was given but venue-common was built without its `redis` feature".into(),
    )
}

/// Writes the builder options every venue client shares, forwarding to a [`CoreBuilder`]
/// field of the builder: `base_url`, `connect_timeout`, `timeout`, `user_agent`,
/// `max_body_bytes`, `http_client`, `retry_policy`, `pacing`, `no_pacing`, `clock`,
/// `redis_url`, `redis_key_prefix`, `nonce_max_lead`. (The account is the venue crate's to
/// set, from its credentials: see [`CoreBuilder::account`].)
///
/// ```ignore
/// impl ClientBuilder {
///     venue_common::common_builder_methods!(core);
/// }
/// ```
#[macro_export]
macro_rules! common_builder_methods {
    ($field:ident) => {
        /// Sends to this base URL instead of the default (a local venue, a proxy, a test
        /// environment). Scheme, host, optional port and path prefix.
        pub fn base_url(mut self, url: impl Into<String>) -> Self {
            self.$field = self.$field.base_url(url);
            self
        }

        /// Bound on establishing a connection (default 10 s).
        pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.$field = self.$field.connect_timeout(timeout);
            self
        }

        /// Bound on each attempt, from connecting to the last byte of the answer (default 30 s).
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.$field = self.$field.timeout(timeout);
            self
        }

        /// The `User-Agent` header (default `<crate>/<version>`).
        pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
            self.$field = self.$field.user_agent(user_agent);
            self
        }

        /// Cap on an answer's body in bytes (default 16 MiB); larger answers are refused.
        pub fn max_body_bytes(mut self, bytes: usize) -> Self {
            self.$field = self.$field.max_body_bytes(bytes);
            self
        }

        /// Sends through this `reqwest::Client` (proxies, custom TLS, a shared pool). Its own
        /// connect timeout and redirect policy apply (give it `Policy::none()` so signed
        /// headers never follow a redirect); the per-attempt timeout is still enforced.
        pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
            self.$field = self.$field.http_client(client);
            self
        }

        /// How failed attempts are retried (default: reads and keyed writes, 3 attempts).
        pub fn retry_policy(mut self, policy: $crate::RetryPolicy) -> Self {
            self.$field = self.$field.retry_policy(policy);
            self
        }

        /// Replaces the venue's documented rate limits (an empty list turns pacing off).
        pub fn pacing(mut self, rates: ::std::vec::Vec<$crate::Rate>) -> Self {
            self.$field = self.$field.pacing(rates);
            self
        }

        /// Turns client-side pacing off.
        pub fn no_pacing(mut self) -> Self {
            self.$field = self.$field.no_pacing();
            self
        }

        /// The clock used for timestamps and nonces (tests pin it).
        pub fn clock(mut self, clock: $crate::SharedClock) -> Self {
            self.$field = self.$field.clock(clock);
            self
        }

        /// Shares pacing and nonces with every process using this key through Redis 6+ or
        /// Valkey: `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS. Needs
        /// the crate's `redis` feature. A call whose pacing or nonce Redis cannot give in
        /// time fails as not sent; the connection comes back by itself.
        pub fn redis_url(mut self, url: impl Into<String>) -> Self {
            self.$field = self.$field.redis_url(url);
            self
        }

        /// The prefix of every Redis key (default `venue-sdk`), for several fleets on one Redis.
        pub fn redis_key_prefix(mut self, prefix: impl Into<String>) -> Self {
            self.$field = self.$field.redis_key_prefix(prefix);
            self
        }

        /// How far ahead of the clock a nonce may run when calls come faster than one per
        /// unit (default 500 ms); a process restarted on the same key is refused for at most
        /// this long.
        pub fn nonce_max_lead(mut self, lead: ::std::time::Duration) -> Self {
            self.$field = self.$field.nonce_max_lead(lead);
            self
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signer::NoAuth;

    #[tokio::test]
    async fn an_unreadable_5xx_page_is_the_status_and_is_retried() {
        let server = httpmock::MockServer::start_async().await;
        let page = server
            .mock_async(|when, then| {
                when.method("GET").path("/x");
                then.status(503)
                    .header("content-type", "text/html")
                    .body("<html>busy</html>");
            })
            .await;
        let core = CoreBuilder::new("test", "test/0")
            .base_url(server.base_url())
            .retry_policy(RetryPolicy {
                max_attempts: 2,
                base_delay: Duration::from_millis(1),
                ..RetryPolicy::default()
            })
            .build(Arc::new(NoAuth), &[])
            .unwrap();
        let json_only = |r: Response| r.json::<serde_json::Value>();
        let err = core
            .execute(Request::get("/x"), json_only)
            .await
            .unwrap_err();
        assert_eq!(
            page.calls_async().await,
            2,
            "an unreadable 503 is retried like any 503"
        );
        assert_eq!(err.kind(), ErrorKind::Unavailable);
        assert_eq!(err.venue_error().unwrap().body_text(), "<html>busy</html>");
        page.delete_async().await;

        // A 2xx the decoder cannot read stays a decode error naming the path.
        server
            .mock_async(|when, then| {
                when.method("GET").path("/x");
                then.status(200).body("<html>ok?</html>");
            })
            .await;
        let err = core
            .execute(Request::get("/x"), json_only)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode);
    }
}

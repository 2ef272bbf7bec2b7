//! A fleet on one key: pacing and nonces shared by every client of an account.
//!
//! Venues count their limits per account, across every connection and process that uses the
//! account's key (ALP.COM: 2 signed calls per second and strictly increasing v1 nonces per
//! key). Two levels of sharing:
//!
//! - **In this process**, always available: a client built with
//!   [`crate::CoreBuilder::account`] takes its pacer, nonce source and turn lock from a
//!   process-wide registry keyed by venue, account and scope ([`shared_pacer`],
//!   [`shared_nonces`], [`shared_turn`]), so every client built for one key shares them, as
//!   clones of one client do.
//! - **Across processes**, with the `redis` feature: [`crate::CoreBuilder::redis_url`] puts
//!   the pacer and the nonces in Redis (6+, or Valkey): one GCRA limiter per venue, account
//!   and rate, and one nonce counter per venue, account and scope, each updated by one atomic
//!   Lua script (see `redis::RedisFleet`).
//!
//! A store that cannot answer (Redis down or slow) fails the call with a [`StoreError`] before
//! anything is sent: no request goes unpaced or with an unordered nonce.
//!
//! How a venue crate wires it (the user only adds `.redis_url(..)` to the client's builder):
//!
//! ```no_run
//! # use std::sync::Arc;
//! # use venue_common::{CoreBuilder, NonceUnit, NoAuth, Request, Result};
//! # async fn demo(api_key: &str) -> Result<()> {
//! let builder = CoreBuilder::new("alp", "alp-rs/0.1")
//!     .base_url("https://alp.com/api")
//!     .account(api_key)                          // the venue crate passes its key id
//!     .redis_url("redis://127.0.0.1:6379/");     // the user's option: share across processes
//! let nonces = builder.nonces("v1", NonceUnit::Millis)?; // the signer draws from these
//! let turn = builder.nonce_turn("v1")?;                  // held around each ordered call
//! let core = builder.build(Arc::new(NoAuth), &[])?;      // paced by the shared limiter
//! let held = turn.lock().await?;
//! let answer = core.execute(Request::get("/v1/orders/").private(), |r| Ok(r.body)).await;
//! held.release().await;
//! # let _ = (answer, nonces);
//! # Ok(())
//! # }
//! ```
//!
//! # Ordering
//! A venue that checks "nonce greater than the last seen" (ALP.COM v1) refuses a request that
//! arrives after one carrying a larger nonce. Nonces are drawn by the signer, after the pacer
//! admitted the request, as the last step before sending; that alone keeps draw order, not
//! arrival order: two requests drawn `d` apart arrive in draw order only while the difference
//! in their send latency (signing, connection, network) stays below `d`.
//!
//! Arrival order comes from the account's turn ([`crate::CoreBuilder::nonce_turn`]), which a
//! venue crate takes before pacing and holds until the answer, so a nonce is never sent while a
//! smaller one is on its way:
//! - within one process, a lock shared by every client of the account;
//! - with Redis, that lock and then a lease in Redis shared by every process, renewed while
//!   held ([`RedisOptions::turn_lease`]). What remains: a holder whose lease lapses mid-call
//!   (Redis unreachable for longer than the lease, or the holder frozen as long) lets the next
//!   process send; and an attempt that timed out may still arrive after a later one, which the
//!   venue then refuses, the safe outcome for a request whose fate was already reported as
//!   uncertain.
//!
//! The turn serialises the account's ordered calls from pacing to answer: at most one per
//! round trip across the fleet, far above ALP.COM's 2 signed calls per second. Without the
//! turn (a venue crate that does not take it), a pacer with a burst of 1
//! (`Rate::new(Scope::Private, 2, 1s).burst(1)`) keeps admitted requests 500 ms apart, which
//! bounds the window to send-latency jitter above 500 ms.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use futures_util::future::BoxFuture;
use sha2::{Digest, Sha256};

use crate::clock::SharedClock;
use crate::error::{Error, Sent};
use crate::nonce::{NonceSource, NonceUnit};
use crate::pacing::{Pacer, Rate};

#[cfg(feature = "redis")]
pub mod redis;

/// A shared pacing or nonce store could not answer; the request was not sent.
///
/// It converts into [`Error`] as [`Error::Connection`] with [`Sent::No`] (kind
/// [`crate::ErrorKind::Network`], retryable: nothing reached the venue), its message naming
/// the store.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The store did not answer within its bound.
    Timeout {
        /// Which store (`"redis pacer"`, `"redis nonces"`, `"nonce source"`).
        store: &'static str,
        /// How long it was given.
        after: Duration,
    },
    /// The store is unreachable or refused the operation.
    Unavailable {
        /// Which store.
        store: &'static str,
        /// What went wrong (never holds a password: URLs are not quoted).
        message: String,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Timeout { store, after } => write!(
                f,
                "{store} did not answer within {after:?}; the request was not sent"
            ),
            StoreError::Unavailable { store, message } => write!(
                f,
                "{store} is unavailable ({message}); the request was not sent"
            ),
        }
    }
}

impl std::error::Error for StoreError {}

impl StoreError {
    /// Which store failed.
    pub fn store(&self) -> &'static str {
        match self {
            StoreError::Timeout { store, .. } | StoreError::Unavailable { store, .. } => store,
        }
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        // A connection failure before anything was written: its message names the store
        // (an `Error::Timeout` would read as the venue's connection timing out).
        Error::Connection {
            sent: Sent::No,
            message: e.to_string(),
            source: None,
        }
    }
}

impl From<crate::pacing::PaceError> for Error {
    fn from(e: crate::pacing::PaceError) -> Self {
        match e {
            crate::pacing::PaceError::Blocked { remaining, .. } => Error::Blocked { remaining },
            crate::pacing::PaceError::Store(store) => store.into(),
        }
    }
}

/// One holder at a time: for calls whose nonces must reach the venue in the order they were
/// drawn. A venue crate takes the turn before pacing and keeps the [`TurnGuard`] until the
/// answer, so a nonce is never sent while a smaller one is on its way.
///
/// [`crate::CoreBuilder::nonce_turn`] gives one: in this process a lock shared by every client
/// of the account; with Redis, that lock and then a lease in Redis shared by every process.
pub trait Turn: Send + Sync + fmt::Debug + 'static {
    /// Waits for the turn. An error (Redis down or slow) means the call must not be sent.
    fn lock(&self) -> BoxFuture<'_, Result<TurnGuard, StoreError>>;
}

/// A shared handle on a [`Turn`].
pub type SharedTurn = Arc<dyn Turn>;

/// The shared part of a held turn: handed on by [`TurnGuard::release`], or when dropped.
pub(crate) trait Handoff: Send + Sync + 'static {
    /// Hands the turn on now.
    fn release(self: Box<Self>) -> BoxFuture<'static, ()>;
}

/// Anything whose drop hands a turn on.
struct OnDrop<T>(T);

impl<T: Send + Sync + 'static> Handoff for OnDrop<T> {
    fn release(self: Box<Self>) -> BoxFuture<'static, ()> {
        drop(self);
        Box::pin(async {})
    }
}

/// A turn held. [`TurnGuard::release`] hands it on at once; dropping the guard hands it on
/// too (with Redis, from a spawned task, so the next process may wait a moment longer).
#[must_use = "the turn is handed on as soon as the guard is dropped"]
pub struct TurnGuard {
    // Fields drop in order: the shared part first, then this process' lock.
    remote: Option<Box<dyn Handoff>>,
    local: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl fmt::Debug for TurnGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TurnGuard")
            .field("remote", &self.remote.is_some())
            .field("local", &self.local.is_some())
            .finish()
    }
}

impl TurnGuard {
    /// A guard that holds `held` (anything whose drop hands the turn on), for a [`Turn`] of
    /// your own.
    pub fn new(held: impl Send + Sync + 'static) -> Self {
        TurnGuard {
            remote: Some(Box::new(OnDrop(held))),
            local: None,
        }
    }

    /// A guard holding this process' lock, and possibly a shared part.
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    pub(crate) fn held(
        local: tokio::sync::OwnedMutexGuard<()>,
        remote: Option<Box<dyn Handoff>>,
    ) -> Self {
        TurnGuard {
            remote,
            local: Some(local),
        }
    }

    /// Hands the turn on now: the shared part first (with Redis, the lease is deleted before
    /// this returns, so the next process can take it at once), then this process' lock.
    pub async fn release(mut self) {
        if let Some(remote) = self.remote.take() {
            remote.release().await;
        }
    }
}

/// The turn of one process: a lock shared by every client of an account ([`shared_turn`]).
#[derive(Debug, Clone, Default)]
pub struct LocalTurn(Arc<tokio::sync::Mutex<()>>);

impl LocalTurn {
    /// A turn around this lock.
    pub fn new(lock: Arc<tokio::sync::Mutex<()>>) -> Self {
        LocalTurn(lock)
    }
}

impl Turn for LocalTurn {
    fn lock(&self) -> BoxFuture<'_, Result<TurnGuard, StoreError>> {
        Box::pin(async move { Ok(TurnGuard::held(self.0.clone().lock_owned().await, None)) })
    }
}

/// One venue account, named by its key id, as shared stores know it.
///
/// The key id (an API key, which venues treat as half a credential) never appears as is:
/// [`Account::id`] is the first 16 hex digits of SHA-256 over the venue and the key.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Account {
    venue: &'static str,
    id: String,
}

impl fmt::Debug for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Account({}:{})", self.venue, self.id)
    }
}

impl Account {
    /// The account of `key_id` on `venue`.
    pub fn new(venue: &'static str, key_id: &str) -> Self {
        let mut hash = Sha256::new();
        hash.update(venue.as_bytes());
        hash.update([0]);
        hash.update(key_id.as_bytes());
        let digest = hash.finalize();
        let mut head = [0u8; 8];
        head.copy_from_slice(&digest[..8]);
        Account {
            venue,
            // The first eight bytes as sixteen lower-case hex digits, in byte order.
            id: format!("{:016x}", u64::from_be_bytes(head)),
        }
    }

    /// The venue's short name.
    pub fn venue(&self) -> &'static str {
        self.venue
    }

    /// The hashed key id (16 hex digits).
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// Where a fleet's shared state lives in Redis, and how long each operation may take.
///
/// Its `Debug` hides the URL's password.
#[non_exhaustive]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RedisOptions {
    /// `redis://[user:password@]host[:port][/db]` or `rediss://…` (TLS).
    pub url: String,
    /// Prefix of every key (default `venue-sdk`), so several fleets can share one Redis.
    pub key_prefix: String,
    /// Bound on connecting and on each operation (default 250 ms). A call whose pacing or
    /// nonce takes longer fails as not sent.
    pub timeout: Duration,
    /// Keys expire after this long without use (default 24 h). A nonce key must outlive the
    /// nonce lead (it does, by far).
    pub idle_expiry: Duration,
    /// How long a process' turn ([`crate::CoreBuilder::nonce_turn`]) outlives its last
    /// renewal (default 5 s): the holder renews it every third of that while it holds it, so
    /// a process that dies holding the turn blocks the others for at most this long.
    pub turn_lease: Duration,
}

impl fmt::Debug for RedisOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = match url::Url::parse(&self.url) {
            Ok(mut u) => {
                if u.password().is_some() {
                    let _ = u.set_password(Some("redacted"));
                }
                u.to_string()
            }
            Err(_) => "<unparsable>".to_string(),
        };
        f.debug_struct("RedisOptions")
            .field("url", &shown)
            .field("key_prefix", &self.key_prefix)
            .field("timeout", &self.timeout)
            .field("idle_expiry", &self.idle_expiry)
            .field("turn_lease", &self.turn_lease)
            .finish()
    }
}

impl RedisOptions {
    /// Options for `url` with the defaults.
    pub fn new(url: impl Into<String>) -> Self {
        RedisOptions {
            url: url.into(),
            key_prefix: "venue-sdk".into(),
            timeout: Duration::from_millis(250),
            idle_expiry: Duration::from_secs(86_400),
            turn_lease: Duration::from_secs(5),
        }
    }

    /// Sets the key prefix.
    pub fn key_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.key_prefix = prefix.into();
        self
    }

    /// Sets the bound on connecting and on each operation.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets how long unused keys live.
    pub fn idle_expiry(mut self, expiry: Duration) -> Self {
        self.idle_expiry = expiry;
        self
    }

    /// Sets how long a turn outlives its last renewal.
    pub fn turn_lease(mut self, lease: Duration) -> Self {
        self.turn_lease = lease;
        self
    }
}

#[derive(Default)]
struct Registry {
    nonces: HashMap<(Account, String, NonceUnitKey, ClockKey), Arc<NonceSource>>,
    pacers: HashMap<(Account, Vec<RateKey>, ClockKey), Pacer>,
    turns: HashMap<(Account, String), Arc<tokio::sync::Mutex<()>>>,
}

type NonceUnitKey = bool;
/// A clock's identity: clients share state only when they share a clock (the system clock is
/// one instance per process; a test's pinned clock is its own).
type ClockKey = usize;

fn clock_key(clock: &SharedClock) -> ClockKey {
    Arc::as_ptr(clock) as *const () as usize
}
type RateKey = (&'static str, u32, u128, u32);

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    static REGISTRY: OnceLock<Mutex<Registry>> = OnceLock::new();
    REGISTRY
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner())
}

/// The nonce source every client of `account` in this process shares for `scope` (a name the
/// venue crate chooses: `"v1"`, `"private"`), created on first use with `clock`, `unit` and
/// the lead bound `max_lead`. Later callers get the same source whatever clock they pass.
/// Sources live as long as the process: a source dropped and made anew would start at the
/// clock again.
pub fn shared_nonces(
    account: &Account,
    scope: &str,
    unit: NonceUnit,
    clock: &SharedClock,
    max_lead: Duration,
) -> Arc<NonceSource> {
    registry()
        .nonces
        .entry((
            account.clone(),
            scope.to_string(),
            unit == NonceUnit::Micros,
            clock_key(clock),
        ))
        .or_insert_with(|| Arc::new(NonceSource::new(clock.clone(), unit).with_max_lead(max_lead)))
        .clone()
}

/// The pacer every client of `account` in this process shares for these `rates` (clients
/// configured with other rates get their own). An empty list gives a disabled pacer.
pub fn shared_pacer(account: &Account, rates: &[Rate], clock: &SharedClock) -> Pacer {
    if rates.is_empty() {
        return Pacer::disabled();
    }
    let key = rates
        .iter()
        .map(|r| (r.scope.name(), r.count, r.per.as_nanos(), r.burst))
        .collect();
    registry()
        .pacers
        .entry((account.clone(), key, clock_key(clock)))
        .or_insert_with(|| Pacer::new(rates))
        .clone()
}

/// The lock every client of `account` in this process shares for `scope`: a venue that needs
/// nonces to arrive in order holds it from pacing to the answer of each call.
pub fn shared_turn(account: &Account, scope: &str) -> Arc<tokio::sync::Mutex<()>> {
    registry()
        .turns
        .entry((account.clone(), scope.to_string()))
        .or_default()
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_are_the_head_of_the_keys_sha256() {
        // python3 -c "import hashlib; print(hashlib.sha256(b'coinflex\x00my-key-id').hexdigest()[:16])"
        // Every process sharing a store must name the account alike, whatever its version.
        assert_eq!(
            Account::new("coinflex", "my-key-id").id(),
            "515d173d4f453e70"
        );
    }
}

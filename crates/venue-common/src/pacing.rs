//! Client-side pacing: token buckets that keep a client under the venue's documented limits.
//!
//! Pacing sits behind the [`RateLimiter`] trait. [`Pacer`] is the in-process implementation
//! (the default); with the `redis` feature, `crate::fleet::redis::RedisLimiter` shares one
//! limit across every process using a key.
//!
//! Each bucket of a [`Pacer`] holds up to `burst` tokens and refills at `count` per `per`. A
//! request takes a token from every bucket whose scope covers it; when a bucket is empty the
//! request reserves the next token and sleeps until it is due, so waiting requests are served
//! in arrival order. [`RateLimiter::penalize`] (a `429` with `Retry-After`) blocks every
//! request until the venue's wait is over, including those already waiting for a token.
//!
//! A request waits for the venue's penalty only as long as its `patience` (the client's
//! per-attempt timeout): a longer one (a `Retry-After` of an hour, a proxy's date years ahead)
//! fails at once with [`PaceError::Blocked`], not sent, naming the time left, instead of
//! holding every caller of the account silently. The client's own limits always wait: they
//! are short by construction, and a queue of calls behind them is what pacing is for.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::BoxFuture;
use tokio::time::Instant;

use crate::fleet::StoreError;
use crate::request::Auth;

/// Decides when a request may go: the pacing half of a fleet.
///
/// [`crate::Core`] calls [`RateLimiter::acquire`] before every attempt (before signing, so a
/// nonce is drawn only once the request may go) and [`RateLimiter::penalize`] when the venue
/// answers `429` with a `Retry-After`. Implementations: [`Pacer`] (in this process) and, with
/// the `redis` feature, `RedisLimiter` (every process using one key).
pub trait RateLimiter: Send + Sync + fmt::Debug + 'static {
    /// Waits until a request of kind `auth` may go, and counts it.
    ///
    /// When the venue's penalty ([`RateLimiter::penalize`]) would hold the request for longer
    /// than `patience`, answers [`PaceError::Blocked`] at once instead. Any other error means
    /// the limiter could not tell (its store is unreachable or slow). Either way the request
    /// must not be sent: it is never sent early or unpaced.
    fn acquire(&self, auth: Auth, patience: Duration) -> BoxFuture<'_, Result<(), PaceError>>;

    /// The venue asked every caller of this limiter to wait `wait` (a `429`'s `Retry-After`):
    /// no request is admitted before it is over.
    fn penalize(&self, wait: Duration) -> BoxFuture<'_, Result<(), StoreError>>;

    /// Whether any limit is enforced (a disabled limiter admits everything at once).
    fn is_enabled(&self) -> bool {
        true
    }
}

/// A shared handle on a [`RateLimiter`].
pub type SharedLimiter = Arc<dyn RateLimiter>;

/// Why a [`RateLimiter`] did not admit a request; the request was not sent.
///
/// It converts into [`crate::Error`]: `Blocked` as [`crate::Error::Blocked`], `Store` as a
/// not-sent [`crate::Error::Connection`] naming the store.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaceError {
    /// The venue asked the account to wait (a `429`'s `Retry-After`) longer than the caller's
    /// patience.
    Blocked {
        /// How long until the venue's wait is over.
        remaining: Duration,
        /// How long the caller was willing to wait.
        patience: Duration,
    },
    /// The shared store behind the limiter could not answer.
    Store(StoreError),
}

impl fmt::Display for PaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaceError::Blocked {
                remaining,
                patience,
            } => write!(
                f,
                "the venue asked this account to wait {remaining:?} more, longer than the call's {patience:?}"
            ),
            PaceError::Store(store) => store.fmt(f),
        }
    }
}

impl std::error::Error for PaceError {}

impl From<StoreError> for PaceError {
    fn from(store: StoreError) -> Self {
        PaceError::Store(store)
    }
}

/// Which requests a limit applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every request.
    All,
    /// Requests without credentials.
    Public,
    /// Signed requests.
    Private,
}

impl Scope {
    /// A short lower-case name (used in shared stores' keys).
    pub fn name(self) -> &'static str {
        match self {
            Scope::All => "all",
            Scope::Public => "public",
            Scope::Private => "private",
        }
    }

    pub(crate) fn covers(self, auth: Auth) -> bool {
        match self {
            Scope::All => true,
            Scope::Public => auth == Auth::Public,
            Scope::Private => auth == Auth::Private,
        }
    }
}

/// One documented limit: `count` requests per `per`, with up to `burst` at once. Built with
/// [`Rate::new`] and [`Rate::burst`] (both `const`), so adding a field later breaks no one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rate {
    /// Which requests it covers.
    pub scope: Scope,
    /// Requests allowed per window.
    pub count: u32,
    /// The window.
    pub per: Duration,
    /// Requests that may go at once after a quiet spell (at least 1).
    pub burst: u32,
}

impl Rate {
    /// `count` per `per`, with a burst of `count`.
    pub const fn new(scope: Scope, count: u32, per: Duration) -> Self {
        Rate {
            scope,
            count,
            per,
            burst: count,
        }
    }

    /// Sets the burst.
    pub const fn burst(mut self, burst: u32) -> Self {
        self.burst = burst;
        self
    }
}

#[derive(Debug)]
struct Bucket {
    rate: Rate,
    tokens: f64,
    updated: Instant,
}

impl Bucket {
    fn new(rate: Rate) -> Self {
        Bucket {
            rate,
            tokens: f64::from(rate.burst.max(1)),
            updated: Instant::now(),
        }
    }

    fn per_second(&self) -> f64 {
        f64::from(self.rate.count.max(1)) / self.rate.per.as_secs_f64().max(1e-9)
    }

    /// Gives back a token taken by a request that did not go (its wait was cut by a penalty).
    fn refund(&mut self) {
        self.tokens = (self.tokens + 1.0).min(f64::from(self.rate.burst.max(1)));
    }

    /// Takes a token, possibly in advance; returns how long to wait before using it.
    fn take(&mut self, now: Instant) -> Duration {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        let capacity = f64::from(self.rate.burst.max(1));
        self.tokens = (self.tokens + elapsed * self.per_second()).min(capacity);
        self.updated = now;
        self.tokens -= 1.0;
        if self.tokens >= 0.0 {
            Duration::ZERO
        } else {
            // `try_`: an absurd rate (one per `Duration::MAX`) means "wait forever", not a
            // panic; tokio's sleep caps a far deadline.
            Duration::try_from_secs_f64(-self.tokens / self.per_second()).unwrap_or(Duration::MAX)
        }
    }
}

/// The state behind a [`Pacer`]: its buckets and the venue's last "wait until".
#[derive(Debug)]
struct State {
    buckets: Vec<Bucket>,
    /// No request goes before this instant (set by [`RateLimiter::penalize`]).
    blocked_until: Option<Instant>,
    /// Bumped by every penalty: a request that reserved a token before a penalty was set
    /// takes a new one after it.
    penalties: u64,
}

/// A set of limits shared by every clone of a client (and, through [`crate::fleet`]'s
/// registry, by every client built for one account in this process).
#[derive(Debug, Clone, Default)]
pub struct Pacer {
    state: Option<Arc<Mutex<State>>>,
}

impl Pacer {
    /// A pacer enforcing `rates`.
    pub fn new(rates: &[Rate]) -> Self {
        if rates.is_empty() {
            return Pacer::disabled();
        }
        Pacer {
            state: Some(Arc::new(Mutex::new(State {
                buckets: rates.iter().copied().map(Bucket::new).collect(),
                blocked_until: None,
                penalties: 0,
            }))),
        }
    }

    /// A pacer that never waits.
    pub fn disabled() -> Self {
        Pacer { state: None }
    }

    /// Whether any limit is enforced.
    pub fn is_enabled(&self) -> bool {
        self.state.is_some()
    }

    /// Waits until a request of kind `auth` may go, however long the venue's penalty.
    pub async fn acquire(&self, auth: Auth) {
        // An infinite patience never gives up.
        let _ = self.admit(auth, Duration::MAX).await;
    }

    /// Waits until a request of kind `auth` may go, or answers [`PaceError::Blocked`] at once
    /// when the venue's penalty has more than `patience` left (then nothing is counted).
    pub async fn admit(&self, auth: Auth, patience: Duration) -> Result<(), PaceError> {
        let Some(state) = &self.state else {
            return Ok(());
        };
        loop {
            let (wait, reserved) = {
                // A poisoned lock only means another task panicked mid-update; the counts are
                // still usable.
                let mut guard = state.lock().unwrap_or_else(|p| p.into_inner());
                let now = Instant::now();
                let blocked = guard
                    .blocked_until
                    .map_or(Duration::ZERO, |until| until.saturating_duration_since(now));
                match blocked {
                    remaining if remaining > patience => {
                        return Err(PaceError::Blocked {
                            remaining,
                            patience,
                        });
                    }
                    remaining if !remaining.is_zero() => (remaining, None),
                    _ => {
                        let wait = guard
                            .buckets
                            .iter_mut()
                            .filter(|b| b.rate.scope.covers(auth))
                            .map(|b| b.take(now))
                            .max()
                            .unwrap_or(Duration::ZERO);
                        (wait, Some(guard.penalties))
                    }
                }
            };
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            let Some(generation) = reserved else {
                // The venue's wait is over: now take a token.
                continue;
            };
            let mut guard = state.lock().unwrap_or_else(|p| p.into_inner());
            if guard.penalties == generation {
                return Ok(());
            }
            // A penalty arrived while this request waited for its token: give the token back
            // and wait for the penalty (and a new token) like everyone else.
            guard
                .buckets
                .iter_mut()
                .filter(|b| b.rate.scope.covers(auth))
                .for_each(Bucket::refund);
        }
    }

    /// No request goes before `wait` from now (longer earlier penalties stand). A disabled
    /// pacer ignores it.
    pub fn block_for(&self, wait: Duration) {
        let Some(state) = &self.state else { return };
        let mut guard = state.lock().unwrap_or_else(|p| p.into_inner());
        let until = Instant::now() + wait.min(crate::error::RETRY_AFTER_CAP);
        if guard.blocked_until.is_none_or(|b| b < until) {
            guard.blocked_until = Some(until);
            guard.penalties += 1;
        }
    }
}

impl RateLimiter for Pacer {
    fn acquire(&self, auth: Auth, patience: Duration) -> BoxFuture<'_, Result<(), PaceError>> {
        Box::pin(self.admit(auth, patience))
    }

    fn penalize(&self, wait: Duration) -> BoxFuture<'_, Result<(), StoreError>> {
        self.block_for(wait);
        Box::pin(async { Ok(()) })
    }

    fn is_enabled(&self) -> bool {
        Pacer::is_enabled(self)
    }
}

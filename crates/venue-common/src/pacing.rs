//! Client-side pacing: token buckets that keep a client under the venue's documented limits.
//!
//! Each bucket holds up to `burst` tokens and refills at `count` per `per`. A request takes a
//! token from every bucket whose scope covers it; when a bucket is empty the request reserves
//! the next token and sleeps until it is due, so waiting requests are served in arrival order.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use crate::request::Auth;

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
    fn covers(self, auth: Auth) -> bool {
        match self {
            Scope::All => true,
            Scope::Public => auth == Auth::Public,
            Scope::Private => auth == Auth::Private,
        }
    }
}

/// One documented limit: `count` requests per `per`, with up to `burst` at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    pub fn new(scope: Scope, count: u32, per: Duration) -> Self {
        Rate {
            scope,
            count,
            per,
            burst: count,
        }
    }

    /// Sets the burst.
    pub fn burst(mut self, burst: u32) -> Self {
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

/// A set of limits shared by every clone of a client.
#[derive(Debug, Clone, Default)]
pub struct Pacer {
    buckets: Option<Arc<Mutex<Vec<Bucket>>>>,
}

impl Pacer {
    /// A pacer enforcing `rates`.
    pub fn new(rates: &[Rate]) -> Self {
        if rates.is_empty() {
            return Pacer::disabled();
        }
        Pacer {
            buckets: Some(Arc::new(Mutex::new(
                rates.iter().copied().map(Bucket::new).collect(),
            ))),
        }
    }

    /// A pacer that never waits.
    pub fn disabled() -> Self {
        Pacer { buckets: None }
    }

    /// Whether any limit is enforced.
    pub fn is_enabled(&self) -> bool {
        self.buckets.is_some()
    }

    /// Waits until a request of kind `auth` may go.
    pub async fn acquire(&self, auth: Auth) {
        let Some(buckets) = &self.buckets else { return };
        let wait = {
            // A poisoned lock only means another task panicked mid-update; the counts are
            // still usable.
            let mut guard = buckets.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            guard
                .iter_mut()
                .filter(|b| b.rate.scope.covers(auth))
                .map(|b| b.take(now))
                .max()
                .unwrap_or(Duration::ZERO)
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

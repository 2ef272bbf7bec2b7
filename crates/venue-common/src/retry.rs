//! Retry policy: which failed attempts are repeated, and after how long.
//!
//! A request is repeated only when repeating it is safe: reads, writes carrying an idempotency
//! key the venue honours, and any request whose connection failed before it was sent. A write
//! that may have reached the venue is never repeated without a key.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::error::{Error, Sent};
use crate::request::{Idempotency, Request};

/// Which requests may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryMode {
    /// Never repeat.
    Off,
    /// Repeat reads only.
    ReadsOnly,
    /// Repeat reads and writes that carry an idempotency key (the default).
    ReadsAndKeyedWrites,
}

/// How failed attempts are retried.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Which requests may be repeated.
    pub mode: RetryMode,
    /// Attempts in all, the first included (1 means no retry).
    pub max_attempts: u32,
    /// The first backoff; each later one doubles, up to `max_delay`.
    pub base_delay: Duration,
    /// The longest backoff (a venue's `Retry-After` may ask for longer and is honoured).
    pub max_delay: Duration,
    /// No retry starts once this much time has passed since the first attempt.
    pub max_elapsed: Duration,
    /// Randomises each backoff between half and all of its value, so clients spread out.
    pub jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            mode: RetryMode::ReadsAndKeyedWrites,
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn off() -> Self {
        RetryPolicy {
            mode: RetryMode::Off,
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Which requests may be repeated.
    pub fn mode(mut self, mode: RetryMode) -> Self {
        self.mode = mode;
        self
    }

    /// Attempts in all, the first included (1 means no retry).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// The first backoff; each later one doubles, up to `max_delay`.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest backoff.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// No retry starts once this much time has passed since the first attempt.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// Whether backoffs are randomised between half and all of their value.
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Whether `request` may be repeated after `error`.
    pub fn may_repeat(&self, request: &Request, error: &Error) -> bool {
        if self.mode == RetryMode::Off || !error.is_retryable() {
            return false;
        }
        if error.sent() == Sent::No {
            // Nothing reached the venue: sending again is not repeating.
            return true;
        }
        matches!(
            (&request.idempotency, self.mode),
            (Idempotency::Safe, _) | (Idempotency::Keyed(_), RetryMode::ReadsAndKeyedWrites)
        )
    }

    /// The wait before attempt `attempt + 1`, or `None` when no retry should follow.
    pub fn next_delay(
        &self,
        request: &Request,
        error: &Error,
        attempt: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts || !self.may_repeat(request, error) {
            return None;
        }
        let delay = match error.retry_after() {
            Some(wait) => wait,
            None => self.backoff(attempt),
        };
        // Saturating: a `Retry-After` set by hand may be as large as `Duration::MAX`.
        if elapsed.saturating_add(delay) > self.max_elapsed {
            return None;
        }
        Some(delay)
    }

    /// The backoff after `attempt` failed attempts, jittered when asked.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = attempt.saturating_sub(1).min(20);
        let full = self
            .base_delay
            .saturating_mul(1u32 << exp)
            .min(self.max_delay);
        if !self.jitter {
            return full;
        }
        let half = full / 2;
        let spread = full - half;
        let fraction = (random_u64() % 1_000_000) as u32;
        half + spread.mul_f64(f64::from(fraction) / 1_000_000.0)
    }
}

/// A cheap, non-cryptographic random number for jitter (SplitMix64 over a shared counter
/// seeded from the clock); jitter needs spread, not secrecy.
fn random_u64() -> u64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let mut seed = STATE.load(Ordering::Relaxed);
    if seed == 0 {
        seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9E37_79B9_7F4A_7C15)
            | 1;
        STATE.store(seed, Ordering::Relaxed);
    }
    let mut z = STATE
        .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ErrorKind, VenueError};
    use http::StatusCode;

    fn unavailable() -> Error {
        Error::venue(VenueError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::Unavailable,
            "busy",
        ))
    }

    #[test]
    fn reads_repeat_writes_do_not() {
        let p = RetryPolicy::default();
        assert!(
            p.next_delay(&Request::get("/"), &unavailable(), 1, Duration::ZERO)
                .is_some()
        );
        assert!(
            p.next_delay(&Request::post("/"), &unavailable(), 1, Duration::ZERO)
                .is_none()
        );
        let keyed = Request::post("/").idempotency_key("abcdefgh");
        assert!(
            p.next_delay(&keyed, &unavailable(), 1, Duration::ZERO)
                .is_some()
        );
        let reads_only = RetryPolicy {
            mode: RetryMode::ReadsOnly,
            ..p.clone()
        };
        assert!(
            reads_only
                .next_delay(&keyed, &unavailable(), 1, Duration::ZERO)
                .is_none()
        );
        assert!(
            p.next_delay(&Request::get("/"), &unavailable(), 3, Duration::ZERO)
                .is_none()
        );
        assert!(
            RetryPolicy::off()
                .next_delay(&Request::get("/"), &unavailable(), 1, Duration::ZERO)
                .is_none()
        );
    }

    #[test]
    fn unsent_writes_may_be_sent_again() {
        let e = Error::Connection {
            sent: Sent::No,
            message: "refused".into(),
            source: None,
        };
        assert!(RetryPolicy::default().may_repeat(&Request::post("/"), &e));
        let e = Error::Connection {
            sent: Sent::Maybe,
            message: "reset".into(),
            source: None,
        };
        assert!(!RetryPolicy::default().may_repeat(&Request::post("/"), &e));
    }

    #[test]
    fn bad_requests_never_repeat() {
        let e = Error::venue(VenueError::new(
            StatusCode::BAD_REQUEST,
            ErrorKind::BadRequest,
            "no",
        ));
        assert!(
            RetryPolicy::default()
                .next_delay(&Request::get("/"), &e, 1, Duration::ZERO)
                .is_none()
        );
    }

    #[test]
    fn backoff_doubles_within_bounds() {
        let p = RetryPolicy {
            jitter: false,
            ..RetryPolicy::default()
        };
        assert_eq!(p.backoff(1), Duration::from_millis(200));
        assert_eq!(p.backoff(2), Duration::from_millis(400));
        assert_eq!(p.backoff(30), Duration::from_secs(5));
        let j = RetryPolicy::default();
        for attempt in 1..6 {
            let d = j.backoff(attempt);
            let full = p.backoff(attempt);
            assert!(d >= full / 2 && d <= full, "{d:?} vs {full:?}");
        }
    }

    #[test]
    fn retry_after_wins_and_max_elapsed_stops() {
        let e = Error::venue(
            VenueError::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorKind::RateLimited,
                "slow",
            )
            .with_retry_after(Some(Duration::from_secs(7))),
        );
        let p = RetryPolicy::default();
        assert_eq!(
            p.next_delay(&Request::get("/"), &e, 1, Duration::ZERO),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            p.next_delay(&Request::get("/"), &e, 1, Duration::from_secs(25)),
            None
        );
    }
}

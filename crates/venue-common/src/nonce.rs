//! Nonces that only go up.
//!
//! Venues refuse a nonce that is not greater than the last one they saw from a key. A
//! [`NonceSource`] is shared by every task that uses one client (it is behind an `Arc` in the
//! client), and hands out values that are strictly increasing in the order they are drawn,
//! even when the clock stands still or steps back: each value is the larger of "now" and
//! "last + 1", claimed with a compare-and-swap.
//!
//! # A bounded lead
//! "last + 1" runs ahead of the clock when calls come faster than one per unit (10,000 calls
//! in 2 s put a millisecond nonce 8 s ahead). A process started afterwards on the same key
//! begins at "now" and is refused until the clock catches up. A source with a maximum lead
//! ([`NonceSource::with_max_lead`], set by every source [`crate::CoreBuilder::nonces`] gives)
//! never hands out a nonce more than that lead ahead of its clock through
//! [`NonceStore::next`]: a draw that would waits for the clock instead. So a process
//! restarted on the same key is refused for at most the lead.
//!
//! Nonces sit behind the [`NonceStore`] trait: [`NonceSource`] in this process, and with the
//! `redis` feature `crate::fleet::redis::RedisNonces` for every process using one key.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures_util::future::BoxFuture;

use crate::clock::{SharedClock, system};
use crate::fleet::StoreError;

/// The lead over the clock a shared nonce source allows by default: 500 ms (500 nonces in
/// milliseconds, 500,000 in microseconds, beyond one per unit).
pub const DEFAULT_MAX_LEAD: Duration = Duration::from_millis(500);

/// The longest a draw waits for the clock to catch up before it gives up with
/// [`StoreError::Timeout`] (a clock that stands still never catches up).
pub const MAX_LEAD_WAIT: Duration = Duration::from_secs(5);

/// Where a signer draws its nonces: the nonce half of a fleet.
///
/// Values are strictly increasing across every holder of the store: [`NonceSource`] within
/// one process, `RedisNonces` (feature `redis`) across processes. Draw a nonce as the last
/// step before sending (inside the signer, after pacing), so that nonces are sent in the
/// order they were drawn.
pub trait NonceStore: Send + Sync + fmt::Debug + 'static {
    /// The next nonce: greater than every nonce the store handed out before.
    ///
    /// An error means no nonce could be drawn (the store is unreachable or slow, or the
    /// clock would not catch up): the request must not be sent.
    fn next(&self) -> BoxFuture<'_, Result<u64, StoreError>>;

    /// The last nonce this handle handed out (0 before the first).
    fn last(&self) -> u64;

    /// The unit the nonces count in.
    fn unit(&self) -> NonceUnit;
}

/// A shared handle on a [`NonceStore`].
pub type SharedNonces = Arc<dyn NonceStore>;

/// The unit a nonce counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonceUnit {
    /// Milliseconds since the epoch (ALP.COM, most venues).
    Millis,
    /// Microseconds since the epoch: room for a thousand requests per millisecond.
    Micros,
}

impl NonceUnit {
    /// `d` in this unit (saturating).
    pub fn of(self, d: Duration) -> u64 {
        let n = match self {
            NonceUnit::Millis => d.as_millis(),
            NonceUnit::Micros => d.as_micros(),
        };
        u64::try_from(n).unwrap_or(u64::MAX)
    }

    /// `n` of this unit as a duration.
    pub fn duration(self, n: u64) -> Duration {
        match self {
            NonceUnit::Millis => Duration::from_millis(n),
            NonceUnit::Micros => Duration::from_micros(n),
        }
    }
}

/// A strictly increasing nonce source with an injectable clock.
pub struct NonceSource {
    last: AtomicU64,
    clock: SharedClock,
    unit: NonceUnit,
    /// The most a nonce drawn through [`NonceStore::next`] may be ahead of the clock, in
    /// `unit`; `None` for no bound.
    max_lead: Option<u64>,
}

impl fmt::Debug for NonceSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NonceSource")
            .field("last", &self.last.load(Ordering::Relaxed))
            .field("unit", &self.unit)
            .field("max_lead", &self.max_lead)
            .finish()
    }
}

impl Default for NonceSource {
    fn default() -> Self {
        NonceSource::new(system(), NonceUnit::Millis)
    }
}

impl NonceSource {
    /// A source reading `clock` in `unit`.
    pub fn new(clock: SharedClock, unit: NonceUnit) -> Self {
        NonceSource {
            last: AtomicU64::new(0),
            clock,
            unit,
            max_lead: None,
        }
    }

    /// Bounds how far ahead of the clock [`NonceStore::next`] may run (see the module docs):
    /// a draw that would go further waits for the clock. [`NonceSource::next`], which cannot
    /// wait, is not bounded.
    pub fn with_max_lead(mut self, lead: Duration) -> Self {
        self.max_lead = Some(self.unit.of(lead));
        self
    }

    /// The bound set by [`NonceSource::with_max_lead`].
    pub fn max_lead(&self) -> Option<Duration> {
        self.max_lead.map(|n| self.unit.duration(n))
    }

    /// The clock's reading in this source's unit.
    fn now(&self) -> u64 {
        let millis = self.clock.now_millis().max(0) as u64;
        match self.unit {
            NonceUnit::Millis => millis,
            NonceUnit::Micros => millis.saturating_mul(1000),
        }
    }

    /// The next nonce, within the lead bound when one is set: `Ok(nonce)`, or `Err(wait)`, how
    /// long (in the unit) until the clock has caught up enough for one.
    fn try_next(&self) -> Result<u64, u64> {
        let now = self.now();
        let mut last = self.last.load(Ordering::Relaxed);
        loop {
            let candidate = now.max(last.saturating_add(1));
            if let Some(lead) = self.max_lead
                && candidate > now.saturating_add(lead)
            {
                return Err(candidate - now - lead);
            }
            match self.last.compare_exchange_weak(
                last,
                candidate,
                Ordering::AcqRel,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Ok(candidate),
                Err(seen) => last = seen,
            }
        }
    }

    /// Draws the next nonce, waiting (on the runtime's timer) while it would be more than the
    /// lead ahead of the clock; gives up after [`MAX_LEAD_WAIT`].
    pub async fn next_within_lead(&self) -> Result<u64, StoreError> {
        let started = tokio::time::Instant::now();
        loop {
            match self.try_next() {
                Ok(nonce) => return Ok(nonce),
                Err(ahead) => {
                    if started.elapsed() >= MAX_LEAD_WAIT {
                        return Err(StoreError::Timeout {
                            store: "nonce source (the clock does not catch up with the lead)",
                            after: started.elapsed(),
                        });
                    }
                    // At least a millisecond: the clock reads in milliseconds.
                    let wait = self.unit.duration(ahead).max(Duration::from_millis(1));
                    tokio::time::sleep(wait.min(MAX_LEAD_WAIT)).await;
                }
            }
        }
    }

    /// The next nonce: greater than every nonce this source handed out before. It does not
    /// wait, so it ignores the lead bound; signers should draw through [`NonceStore::next`].
    pub fn next(&self) -> u64 {
        let now = self.now();
        let mut last = self.last.load(Ordering::Relaxed);
        loop {
            let candidate = now.max(last.saturating_add(1));
            match self.last.compare_exchange_weak(
                last,
                candidate,
                Ordering::AcqRel,
                Ordering::Relaxed,
            ) {
                Ok(_) => return candidate,
                Err(seen) => last = seen,
            }
        }
    }

    /// The last nonce handed out (0 before the first).
    pub fn last(&self) -> u64 {
        self.last.load(Ordering::Acquire)
    }

    /// The unit.
    pub fn unit(&self) -> NonceUnit {
        self.unit
    }
}

impl NonceStore for NonceSource {
    fn next(&self) -> BoxFuture<'_, Result<u64, StoreError>> {
        Box::pin(self.next_within_lead())
    }

    fn last(&self) -> u64 {
        NonceSource::last(self)
    }

    fn unit(&self) -> NonceUnit {
        self.unit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use std::sync::Arc;

    #[test]
    fn increases_when_the_clock_stands_still_or_steps_back() {
        let clock = ManualClock::at_millis(1_700_000_000_000);
        let source = NonceSource::new(Arc::new(clock.clone()), NonceUnit::Millis);
        let a = source.next();
        let b = source.next();
        clock.advance_millis(-60_000);
        let c = source.next();
        clock.set_millis(1_700_000_100_000);
        let d = source.next();
        assert_eq!(a, 1_700_000_000_000);
        assert!(a < b && b < c && c < d, "{a} {b} {c} {d}");
        assert_eq!(d, 1_700_000_100_000);
    }

    #[test]
    fn micros_scale() {
        let source = NonceSource::new(Arc::new(ManualClock::at_millis(5)), NonceUnit::Micros);
        assert_eq!(source.next(), 5000);
        assert_eq!(source.next(), 5001);
    }
}

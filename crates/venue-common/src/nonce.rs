//! Nonces that only go up.
//!
//! Venues refuse a nonce that is not greater than the last one they saw from a key. A
//! [`NonceSource`] is shared by every task that uses one client (it is behind an `Arc` in the
//! client), and hands out values that are strictly increasing in the order they are drawn,
//! even when the clock stands still or steps back: each value is the larger of "now" and
//! "last + 1", claimed with a compare-and-swap.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::clock::{SharedClock, system};

/// The unit a nonce counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonceUnit {
    /// Milliseconds since the epoch (ALP.COM, most venues).
    Millis,
    /// Microseconds since the epoch: room for a thousand requests per millisecond.
    Micros,
}

/// A strictly increasing nonce source with an injectable clock.
pub struct NonceSource {
    last: AtomicU64,
    clock: SharedClock,
    unit: NonceUnit,
}

impl fmt::Debug for NonceSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NonceSource")
            .field("last", &self.last.load(Ordering::Relaxed))
            .field("unit", &self.unit)
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
        }
    }

    /// The next nonce: greater than every nonce this source handed out before.
    pub fn next(&self) -> u64 {
        let millis = self.clock.now_millis().max(0) as u64;
        let now = match self.unit {
            NonceUnit::Millis => millis,
            NonceUnit::Micros => millis.saturating_mul(1000),
        };
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

//! Wall clocks, injectable so signatures and nonces can be tested at fixed times.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, TimeZone, Utc};

/// A source of the current UTC time.
pub trait Clock: Send + Sync + fmt::Debug + 'static {
    /// Now.
    fn now(&self) -> DateTime<Utc>;

    /// Now, in milliseconds since the UNIX epoch.
    fn now_millis(&self) -> i64 {
        self.now().timestamp_millis()
    }
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that says what it is told, for tests: it can stand still or step back.
#[derive(Debug, Clone)]
pub struct ManualClock {
    millis: Arc<AtomicI64>,
}

impl ManualClock {
    /// A clock stopped at `millis` since the epoch.
    pub fn at_millis(millis: i64) -> Self {
        ManualClock {
            millis: Arc::new(AtomicI64::new(millis)),
        }
    }

    /// Sets the time (it may go backwards).
    pub fn set_millis(&self, millis: i64) {
        self.millis.store(millis, Ordering::SeqCst);
    }

    /// Moves the time by `delta` milliseconds (negative steps back).
    pub fn advance_millis(&self, delta: i64) {
        self.millis.fetch_add(delta, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(self.now_millis())
            .single()
            .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
    }

    fn now_millis(&self) -> i64 {
        self.millis.load(Ordering::SeqCst)
    }
}

/// A shared clock handle.
pub type SharedClock = Arc<dyn Clock>;

/// The system clock as a shared handle.
pub fn system() -> SharedClock {
    // One instance for the process: clients on the system clock share nonce sources and pacers
    // per account (the fleet registry tells clocks apart by identity), while a client given a
    // clock of its own (a test's pinned clock) gets its own.
    static SYSTEM: std::sync::OnceLock<SharedClock> = std::sync::OnceLock::new();
    SYSTEM.get_or_init(|| Arc::new(SystemClock)).clone()
}

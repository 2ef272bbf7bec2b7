//! Fault injection: what can go wrong between a client and a venue, on demand.

use std::sync::Arc;
use std::time::Duration;

use http::StatusCode;

use super::lock::Lock;
use crate::Endpoint;

/// One thing going wrong with one request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Read the whole request, then close the connection without answering. The handler does
    /// not run: nothing changed, but the client cannot know that.
    CloseAfterRead,
    /// Wait this long, then run the handler and answer. The handler runs even when the client
    /// gave up meanwhile (a write still commits), as on a slow venue.
    Delay(Duration),
    /// Answer with this status (a 5xx) in the venue's error shape, without running the handler.
    ServerError(StatusCode),
    /// Answer `429 Too Many Requests` with `Retry-After` (whole seconds, rounded up) in the
    /// venue's error shape, without running the handler.
    TooManyRequests {
        /// What `Retry-After` says.
        retry_after: Duration,
    },
    /// Run the handler (a write commits), then drop the connection before the answer: the
    /// client sees a request that may or may not have gone through.
    LoseAnswer,
}

/// Which requests an armed fault applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Every routed request.
    All,
    /// Requests to the endpoint with this id.
    Endpoint(&'static str),
}

impl From<&Endpoint> for Target {
    fn from(e: &Endpoint) -> Self {
        Target::Endpoint(e.id)
    }
}

impl From<Endpoint> for Target {
    fn from(e: Endpoint) -> Self {
        Target::Endpoint(e.id)
    }
}

impl From<&'static str> for Target {
    fn from(id: &'static str) -> Self {
        Target::Endpoint(id)
    }
}

#[derive(Debug)]
struct Armed {
    target: Target,
    fault: Fault,
    left: u32,
}

#[derive(Debug, Default)]
struct Table {
    armed: Vec<Armed>,
    fired: u64,
}

/// A venue's fault table. Cloning shares it.
///
/// Faults fire in the order they were armed: a request takes the first armed fault whose
/// target matches it, and that fault's count goes down by one.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    table: Arc<Lock<Table>>,
}

impl Faults {
    /// Arms `fault` for the next `times` requests that match `target` (an endpoint, its id, or
    /// [`Target::All`]).
    pub fn arm(&self, target: impl Into<Target>, fault: Fault, times: u32) {
        if times == 0 {
            return;
        }
        self.table.with(|t| {
            t.armed.push(Armed {
                target: target.into(),
                fault,
                left: times,
            })
        });
    }

    /// Disarms every fault.
    pub fn clear(&self) {
        self.table.with(|t| t.armed.clear());
    }

    /// How many armed faults are still to fire, all targets together.
    pub fn pending(&self) -> u64 {
        self.table
            .with(|t| t.armed.iter().map(|a| u64::from(a.left)).sum())
    }

    /// How many faults have fired since the venue started.
    pub fn fired(&self) -> u64 {
        self.table.with(|t| t.fired)
    }

    /// Takes the fault for a request to endpoint `id`, if one is armed.
    pub(crate) fn take(&self, id: &str) -> Option<Fault> {
        self.table.with(|t| {
            let idx = t.armed.iter().position(|a| match &a.target {
                Target::All => true,
                Target::Endpoint(e) => *e == id,
            })?;
            let armed = &mut t.armed[idx];
            let fault = armed.fault.clone();
            armed.left = armed.left.saturating_sub(1);
            if armed.left == 0 {
                t.armed.remove(idx);
            }
            t.fired = t.fired.saturating_add(1);
            Some(fault)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_fire_in_order_and_count_down() {
        let f = Faults::default();
        f.arm("place", Fault::LoseAnswer, 2);
        f.arm(Target::All, Fault::CloseAfterRead, 1);
        assert_eq!(f.pending(), 3);
        assert_eq!(f.take("list"), Some(Fault::CloseAfterRead));
        assert_eq!(f.take("list"), None);
        assert_eq!(f.take("place"), Some(Fault::LoseAnswer));
        assert_eq!(f.take("place"), Some(Fault::LoseAnswer));
        assert_eq!(f.take("place"), None);
        assert_eq!(f.fired(), 3);
        f.arm("place", Fault::LoseAnswer, 0);
        assert_eq!(f.pending(), 0);
    }
}

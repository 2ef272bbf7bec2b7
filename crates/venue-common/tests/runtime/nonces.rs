//! Nonces: strictly increasing for every task sharing one source, whatever the clock does.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use venue_common::{ManualClock, NonceSource, NonceUnit, SystemClock};

const TASKS: usize = 64;
const DRAWS: usize = 1_000;

/// Draws under a lock, so the order of the recorded list *is* the order of the draws: the
/// list must be strictly increasing. 64 tasks on a multi-threaded runtime interleave freely
/// between draws.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn draws_recorded_in_draw_order_strictly_increase() {
    let source = Arc::new(NonceSource::new(Arc::new(SystemClock), NonceUnit::Millis));
    let log = Arc::new(Mutex::new(Vec::with_capacity(TASKS * DRAWS)));
    let mut tasks = Vec::new();
    for _ in 0..TASKS {
        let source = source.clone();
        let log = log.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..DRAWS {
                {
                    let mut log = log.lock().unwrap();
                    let n = source.next();
                    log.push(n);
                }
                if i % 16 == 0 {
                    tokio::task::yield_now().await;
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let log = log.lock().unwrap();
    assert_eq!(log.len(), TASKS * DRAWS);
    for w in log.windows(2) {
        assert!(w[0] < w[1], "{} then {}", w[0], w[1]);
    }
    assert_eq!(source.last(), *log.last().unwrap());
}

/// Draws without any lock around them. Three properties, each checked honestly:
/// - every task sees its own draws strictly increase (program order);
/// - all 64,000 values are distinct;
/// - real-time order: a draw that starts after another draw *finished* (observed through
///   `finished_max`, published after each draw) returns a larger value.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_draws_are_distinct_and_ordered() {
    let source = Arc::new(NonceSource::new(Arc::new(SystemClock), NonceUnit::Micros));
    let finished_max = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..TASKS {
        let source = source.clone();
        let finished_max = finished_max.clone();
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::with_capacity(DRAWS);
            for i in 0..DRAWS {
                let before = finished_max.load(Ordering::SeqCst);
                let n = source.next();
                assert!(n > before, "drew {n} after {before} had been handed out");
                finished_max.fetch_max(n, Ordering::SeqCst);
                mine.push(n);
                if i % 16 == 0 {
                    tokio::task::yield_now().await;
                }
            }
            mine
        }));
    }
    let mut all = HashSet::with_capacity(TASKS * DRAWS);
    for t in tasks {
        let mine = t.await.unwrap();
        for w in mine.windows(2) {
            assert!(w[0] < w[1], "one task drew {} then {}", w[0], w[1]);
        }
        for n in mine {
            assert!(all.insert(n), "{n} was handed out twice");
        }
    }
    assert_eq!(all.len(), TASKS * DRAWS);
}

/// With the clock standing still every draw is "last + 1", so 64 tasks together must have
/// drawn exactly the contiguous range from the clock's value: no duplicate, no gap.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_still_clock_yields_a_contiguous_range() {
    const START: u64 = 1_700_000_000_000;
    let clock = ManualClock::at_millis(START as i64);
    let source = Arc::new(NonceSource::new(Arc::new(clock), NonceUnit::Millis));
    let mut tasks = Vec::new();
    for _ in 0..TASKS {
        let source = source.clone();
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::with_capacity(DRAWS);
            for _ in 0..DRAWS {
                mine.push(source.next());
                tokio::task::yield_now().await;
            }
            mine
        }));
    }
    let mut all = Vec::with_capacity(TASKS * DRAWS);
    for t in tasks {
        let mine = t.await.unwrap();
        assert!(mine.windows(2).all(|w| w[0] < w[1]));
        all.extend(mine);
    }
    all.sort_unstable();
    let expected: Vec<u64> = (START..START + (TASKS * DRAWS) as u64).collect();
    assert_eq!(all, expected);
}

#[test]
fn a_clock_that_stands_still_or_steps_back_still_increases() {
    let clock = ManualClock::at_millis(1_700_000_000_000);
    let source = NonceSource::new(Arc::new(clock.clone()), NonceUnit::Millis);
    let mut seen = vec![source.next()];
    assert_eq!(seen[0], 1_700_000_000_000);
    // Standing still.
    for _ in 0..5 {
        seen.push(source.next());
    }
    // Stepping back an hour (an NTP correction).
    clock.advance_millis(-3_600_000);
    for _ in 0..5 {
        seen.push(source.next());
    }
    // Stepping back before the epoch.
    clock.set_millis(-5);
    seen.push(source.next());
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    assert_eq!(*seen.last().unwrap(), 1_700_000_000_011);
    // Moving forward past the last value: the clock wins again.
    clock.set_millis(1_700_000_001_000);
    assert_eq!(source.next(), 1_700_000_001_000);
    assert_eq!(source.last(), 1_700_000_001_000);
}

#[test]
fn microsecond_nonces_scale_the_clock() {
    let clock = ManualClock::at_millis(1_700_000_000_000);
    let source = NonceSource::new(Arc::new(clock.clone()), NonceUnit::Micros);
    assert_eq!(source.next(), 1_700_000_000_000_000);
    assert_eq!(source.next(), 1_700_000_000_000_001);
    clock.advance_millis(1);
    assert_eq!(source.next(), 1_700_000_000_001_000);
}

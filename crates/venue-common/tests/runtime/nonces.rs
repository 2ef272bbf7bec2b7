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

/// The hostile-test finding: 10,000 concurrent draws in 2 s pushed a millisecond nonce 8 s
/// ahead of the clock, so a process restarted on the same key was refused for 8 s. With a
/// lead bound, a burst of 2,000 concurrent draws waits for the clock instead: no nonce is
/// ever more than the bound ahead, and a source started afresh (the restarted process) once
/// the bound has passed issues nonces greater than every nonce of the burst.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_never_runs_more_than_the_lead_ahead_and_a_restart_follows_it() {
    use venue_common::NonceStore;
    let lead = std::time::Duration::from_millis(100);
    let clock: venue_common::SharedClock = Arc::new(SystemClock);
    let source = Arc::new(NonceSource::new(clock.clone(), NonceUnit::Millis).with_max_lead(lead));
    let worst_lead = Arc::new(AtomicU64::new(0));
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (source, clock, worst_lead) = (source.clone(), clock.clone(), worst_lead.clone());
        tasks.push(tokio::spawn(async move {
            for _ in 0..100 {
                let n = NonceStore::next(&*source).await.unwrap();
                // The clock is read after the draw: it can only have moved forward.
                let now = clock.now_millis() as u64;
                worst_lead.fetch_max(n.saturating_sub(now), Ordering::Relaxed);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let burst_last = source.last();
    let worst = worst_lead.load(Ordering::Relaxed);
    println!(
        "2,000 draws in {:?}; worst lead {worst} ms (bound {} ms)",
        started.elapsed(),
        lead.as_millis()
    );
    assert!(worst <= lead.as_millis() as u64, "lead {worst} ms");
    // The burst could not have finished faster than one nonce per millisecond beyond the lead.
    assert!(started.elapsed() >= std::time::Duration::from_millis(2_000 - 100 - 50));

    // The restart: a fresh source (a new process on the same key) after the bound.
    tokio::time::sleep(lead + std::time::Duration::from_millis(2)).await;
    let restarted = NonceSource::new(clock.clone(), NonceUnit::Millis).with_max_lead(lead);
    let first = NonceStore::next(&restarted).await.unwrap();
    assert!(first > burst_last, "{first} after {burst_last}");
}

/// A clock that stands still cannot satisfy the bound for ever: the draw gives up with a
/// not-sent error instead of hanging.
#[tokio::test(start_paused = true)]
async fn a_still_clock_and_a_spent_lead_fail_as_not_sent() {
    use venue_common::NonceStore;
    let clock = ManualClock::at_millis(1_000);
    let source = NonceSource::new(Arc::new(clock), NonceUnit::Millis)
        .with_max_lead(std::time::Duration::from_millis(2));
    for expected in [1_000, 1_001, 1_002] {
        assert_eq!(NonceStore::next(&source).await.unwrap(), expected);
    }
    let e = NonceStore::next(&source).await.unwrap_err();
    let e = venue_common::Error::from(e);
    assert_eq!(e.sent(), venue_common::Sent::No);
    assert_eq!(e.kind(), venue_common::ErrorKind::Network);
    assert!(e.to_string().contains("nonce source"), "{e}");
}

/// Two engines built separately for one venue and key draw from one source (the hostile
/// test: 4 clients on one key had 7,481 of 10,000 calls refused); another key, another venue
/// or no key gets a source of its own. (Microseconds: 10,000 millisecond nonces would wait
/// for the clock, beyond the lead.)
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn builders_for_one_account_share_one_nonce_source() {
    use venue_common::CoreBuilder;
    let builder = |venue: &'static str, key: Option<&str>| {
        let b = CoreBuilder::new(venue, "t/0");
        match key {
            Some(key) => b.account(key),
            None => b,
        }
    };
    let a = builder("testvenue", Some("nonce-key"))
        .nonces("v1", NonceUnit::Micros)
        .unwrap();
    let b = builder("testvenue", Some("nonce-key"))
        .nonces("v1", NonceUnit::Micros)
        .unwrap();
    let others = [
        builder("testvenue", Some("nonce-key"))
            .nonces("v3", NonceUnit::Micros)
            .unwrap(),
        builder("testvenue", Some("other-key"))
            .nonces("v1", NonceUnit::Micros)
            .unwrap(),
        builder("othervenue", Some("nonce-key"))
            .nonces("v1", NonceUnit::Micros)
            .unwrap(),
        builder("testvenue", None)
            .nonces("v1", NonceUnit::Micros)
            .unwrap(),
    ];
    // Four "clients", two per handle, 2,500 draws each: all 10,000 distinct, each client's
    // strictly increasing.
    let mut tasks = Vec::new();
    for store in [a.clone(), b.clone(), a.clone(), b.clone()] {
        tasks.push(tokio::spawn(async move {
            let mut got = Vec::with_capacity(2_500);
            for _ in 0..2_500 {
                got.push(store.next().await.unwrap());
            }
            got
        }));
    }
    let mut all = HashSet::new();
    for t in tasks {
        let got = t.await.unwrap();
        assert!(got.windows(2).all(|w| w[0] < w[1]));
        all.extend(got);
    }
    assert_eq!(all.len(), 10_000);
    assert_eq!(a.last(), b.last());
    for other in others {
        assert_eq!(other.last(), 0, "{other:?} is not shared");
    }
}

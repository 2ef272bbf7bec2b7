//! Client-side pacing, on tokio's paused clock: time only moves when every task waits, so
//! the instants below are exact and the tests take no real time.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;
use venue_common::{Auth, Pacer, Rate, Scope};

/// Milliseconds since `start` at which each of `n` sequential acquisitions went through.
async fn schedule(pacer: &Pacer, auth: Auth, n: usize, start: Instant) -> Vec<u128> {
    let mut at = Vec::with_capacity(n);
    for _ in 0..n {
        pacer.acquire(auth).await;
        at.push(start.elapsed().as_millis());
    }
    at
}

/// The timer wheel works in whole milliseconds and rounds a deadline up; allow that.
#[track_caller]
fn assert_near(got: &[u128], expected: &[u128]) {
    assert_eq!(got.len(), expected.len(), "{got:?} vs {expected:?}");
    for (g, e) in got.iter().zip(expected) {
        assert!(g >= e && *g <= e + 2, "{got:?} vs {expected:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_burst_goes_at_once_then_the_rate_spaces_requests() {
    // 10 per second with a burst of 3: three at once, then one every 100 ms.
    let pacer = Pacer::new(&[Rate::new(Scope::All, 10, Duration::from_secs(1)).burst(3)]);
    let start = Instant::now();
    let at = schedule(&pacer, Auth::Public, 7, start).await;
    assert_near(&at, &[0, 0, 0, 100, 200, 300, 400]);
}

#[tokio::test(start_paused = true)]
async fn tokens_refill_during_a_quiet_spell_up_to_the_burst() {
    let pacer = Pacer::new(&[Rate::new(Scope::All, 2, Duration::from_secs(1)).burst(2)]);
    let start = Instant::now();
    assert_near(
        &schedule(&pacer, Auth::Public, 3, start).await,
        &[0, 0, 500],
    );
    // Ten quiet seconds refill the bucket to its burst (2), not to 20.
    tokio::time::sleep(Duration::from_secs(10)).await;
    let start = Instant::now();
    assert_near(
        &schedule(&pacer, Auth::Public, 4, start).await,
        &[0, 0, 500, 1000],
    );
}

#[tokio::test(start_paused = true)]
async fn the_default_burst_is_the_count() {
    let rate = Rate::new(Scope::All, 5, Duration::from_secs(1));
    assert_eq!(rate.burst, 5);
    let pacer = Pacer::new(&[rate]);
    let start = Instant::now();
    let at = schedule(&pacer, Auth::Private, 7, start).await;
    assert_near(&at, &[0, 0, 0, 0, 0, 200, 400]);
}

#[tokio::test(start_paused = true)]
async fn a_disabled_pacer_never_waits() {
    for pacer in [Pacer::disabled(), Pacer::new(&[]), Pacer::default()] {
        assert!(!pacer.is_enabled());
        let start = Instant::now();
        for _ in 0..10_000 {
            pacer.acquire(Auth::Private).await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
    assert!(Pacer::new(&[Rate::new(Scope::All, 1, Duration::from_secs(1))]).is_enabled());
}

#[tokio::test(start_paused = true)]
async fn scopes_apply_to_their_requests_only() {
    // Public: 1 per second. Private: 2 per second. All: 4 per second, burst 4.
    let pacer = Pacer::new(&[
        Rate::new(Scope::Public, 1, Duration::from_secs(1)),
        Rate::new(Scope::Private, 2, Duration::from_secs(1)).burst(1),
    ]);
    let start = Instant::now();
    // Private requests are not held back by the public limit...
    assert_near(
        &schedule(&pacer, Auth::Private, 3, start).await,
        &[0, 500, 1000],
    );
    // ...and the public bucket is still full.
    let start = Instant::now();
    assert_near(
        &schedule(&pacer, Auth::Public, 3, start).await,
        &[0, 1000, 2000],
    );

    // A global limit holds back both kinds together.
    let pacer = Pacer::new(&[
        Rate::new(Scope::All, 4, Duration::from_secs(1)).burst(1),
        Rate::new(Scope::Public, 100, Duration::from_secs(1)),
    ]);
    let start = Instant::now();
    let mut at = Vec::new();
    for auth in [Auth::Public, Auth::Private, Auth::Public, Auth::Private] {
        pacer.acquire(auth).await;
        at.push(start.elapsed().as_millis());
    }
    assert_near(&at, &[0, 250, 500, 750]);
}

#[tokio::test(start_paused = true)]
async fn concurrent_waiters_are_spaced_too() {
    // Clones share the buckets: 8 tasks through 4 clones still go one per 250 ms.
    let pacer = Pacer::new(&[Rate::new(Scope::All, 4, Duration::from_secs(1)).burst(1)]);
    let start = Instant::now();
    let times = Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for i in 0..8 {
        let pacer = pacer.clone();
        let times = times.clone();
        tasks.push(tokio::spawn(async move {
            let auth = if i % 2 == 0 {
                Auth::Public
            } else {
                Auth::Private
            };
            pacer.acquire(auth).await;
            times.lock().unwrap().push(start.elapsed().as_millis());
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let mut at = times.lock().unwrap().clone();
    at.sort_unstable();
    assert_near(&at, &[0, 250, 500, 750, 1000, 1250, 1500, 1750]);
}

#[tokio::test(start_paused = true)]
async fn the_engine_paces_every_attempt() {
    // Through Core: pacing configured on the builder applies to execute(). No request reaches
    // the network: the signer refuses the private request (missing credentials) after the
    // pacer let it through, so only the pacer's waits move the paused clock.
    let core = venue_common::CoreBuilder::new("testvenue", "t/0")
        .base_url("http://127.0.0.1:1")
        .retry_policy(venue_common::RetryPolicy::off())
        .pacing(vec![
            Rate::new(Scope::All, 2, Duration::from_secs(1)).burst(1),
        ])
        .build(Arc::new(venue_common::NoAuth), &[])
        .unwrap();
    let start = Instant::now();
    let mut at = Vec::new();
    for _ in 0..3 {
        let e = core
            .execute(venue_common::Request::get("/x").private(), |_| Ok(()))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), venue_common::ErrorKind::MissingCredentials);
        at.push(start.elapsed().as_millis());
    }
    assert_near(&at, &[0, 500, 1000]);

    // The venue's defaults apply unless replaced; `no_pacing` turns them off.
    let defaults = [Rate::new(Scope::All, 1, Duration::from_secs(1))];
    let core = venue_common::CoreBuilder::new("testvenue", "t/0")
        .base_url("http://127.0.0.1:1")
        .no_pacing()
        .build(Arc::new(venue_common::NoAuth), &defaults)
        .unwrap();
    let start = Instant::now();
    for _ in 0..5 {
        let _ = core
            .execute(venue_common::Request::get("/x").private(), |_| Ok(()))
            .await;
    }
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert!(format!("{core:?}").contains("pacing: false"));
}

#[tokio::test(start_paused = true)]
async fn absurd_rates_wait_long_but_never_panic() {
    // One request per `Duration::MAX`: the second waits (practically) forever; computing that
    // wait must not overflow.
    let pacer = Pacer::new(&[Rate::new(Scope::All, 1, Duration::MAX)]);
    pacer.acquire(Auth::Public).await;
    let second = tokio::time::timeout(Duration::from_secs(86_400), pacer.acquire(Auth::Public));
    assert!(second.await.is_err(), "still waiting after a day");

    // A zero window or a zero count is treated as the tightest sane limit, not a division by 0.
    for rate in [
        Rate::new(Scope::All, 5, Duration::ZERO),
        Rate::new(Scope::All, 0, Duration::from_secs(1)).burst(0),
    ] {
        let pacer = Pacer::new(&[rate]);
        let start = Instant::now();
        for _ in 0..3 {
            pacer.acquire(Auth::Private).await;
        }
        assert!(start.elapsed() <= Duration::from_secs(2), "{rate:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_penalty_holds_back_every_waiter_then_the_rate_resumes() {
    // 10 per second, burst 1. Three requests reserve tokens at 0, 100 and 200 ms; at 50 ms the
    // venue says "wait 1 s". Nothing goes before 1050 ms, including the two that had already
    // reserved, and after it the rate applies again (no burst of the stale reservations).
    use venue_common::RateLimiter;
    let pacer = Pacer::new(&[Rate::new(Scope::All, 10, Duration::from_secs(1)).burst(1)]);
    let start = Instant::now();
    pacer.acquire(Auth::Public).await; // 0 ms
    let mut tasks = Vec::new();
    for _ in 0..3 {
        let pacer = pacer.clone();
        tasks.push(tokio::spawn(async move {
            pacer.acquire(Auth::Public).await;
            start.elapsed().as_millis()
        }));
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    RateLimiter::penalize(&pacer, Duration::from_secs(1))
        .await
        .unwrap();
    let mut at = Vec::new();
    for t in tasks {
        at.push(t.await.unwrap());
    }
    at.sort_unstable();
    assert!(at[0] >= 1050, "{at:?}");
    // One token had accumulated during the block (burst 1): the rest are 100 ms apart.
    assert_near(&at, &[1050, 1150, 1250]);
}

#[tokio::test(start_paused = true)]
async fn a_penalty_longer_than_the_patience_fails_at_once_waiters_included() {
    // The venue says "wait a day". A request that may wait 10 s is refused at once with the
    // time left; so is one already queued for a token when the penalty arrives. One whose
    // patience covers the penalty waits it out.
    use venue_common::{PaceError, RateLimiter};
    let pacer = Pacer::new(&[Rate::new(Scope::All, 1, Duration::from_secs(1)).burst(1)]);
    let start = Instant::now();
    pacer.acquire(Auth::Public).await;
    let queued = {
        let pacer = pacer.clone();
        tokio::spawn(async move { pacer.admit(Auth::Public, Duration::from_secs(10)).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    RateLimiter::penalize(&pacer, Duration::from_secs(86_400))
        .await
        .unwrap();
    let refused = queued.await.unwrap().unwrap_err();
    assert!(
        matches!(refused, PaceError::Blocked { remaining, patience }
            if remaining > Duration::from_secs(86_000) && patience == Duration::from_secs(10)),
        "{refused:?}"
    );
    // The queued request gave up at its token's time (1 s), not a day later.
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    let now = pacer.admit(Auth::Public, Duration::from_secs(10)).await;
    assert!(matches!(now, Err(PaceError::Blocked { .. })), "{now:?}");
    let error = venue_common::Error::from(now.unwrap_err());
    assert_eq!(error.sent(), venue_common::Sent::No);
    assert_eq!(error.kind(), venue_common::ErrorKind::RateLimited);
    assert!(
        error.retry_after().unwrap() > Duration::from_secs(86_000),
        "{error}"
    );

    // A short penalty is waited out by a patient request.
    let pacer = Pacer::new(&[Rate::new(Scope::All, 10, Duration::from_secs(1))]);
    RateLimiter::penalize(&pacer, Duration::from_secs(2))
        .await
        .unwrap();
    let start = Instant::now();
    pacer
        .admit(Auth::Public, Duration::from_secs(10))
        .await
        .unwrap();
    assert!(start.elapsed() >= Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn the_engine_shares_a_retry_after_with_every_client_of_the_account() {
    // Client A gets a 429 with `Retry-After: 2`; client B, built separately for the same
    // account, waits those 2 s before its own request. A client of another account does not.
    let answers = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let seen = answers.clone();
    let base = crate::support::serve(move |mut stream| {
        let seen = seen.clone();
        async move {
            use tokio::io::AsyncWriteExt;
            while crate::support::read_request(&mut stream).await.is_some() {
                let n = seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let answer = if n == 0 {
                    b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 2\r\nContent-Length: 0\r\n\r\n"
                        .to_vec()
                } else {
                    crate::support::http_response("200 OK", "application/json", b"{}")
                };
                if stream.write_all(&answer).await.is_err() {
                    return;
                }
            }
        }
    })
    .await;
    let build = |key: &str| {
        venue_common::CoreBuilder::new("testvenue", "t/0")
            .base_url(base.clone())
            .retry_policy(venue_common::RetryPolicy::off())
            .account(key)
            .pacing(vec![Rate::new(Scope::All, 100, Duration::from_secs(1))])
            .build(Arc::new(venue_common::NoAuth), &[])
            .unwrap()
    };
    let (a, b, other) = (build("k-429"), build("k-429"), build("k-other"));
    let json = |r: venue_common::Response| r.json::<serde_json::Value>();
    let e = a
        .execute(venue_common::Request::get("/x"), json)
        .await
        .unwrap_err();
    assert_eq!(e.retry_after(), Some(Duration::from_secs(2)));
    let start = Instant::now();
    other
        .execute(venue_common::Request::get("/x"), json)
        .await
        .unwrap();
    assert!(start.elapsed() < Duration::from_millis(100));
    b.execute(venue_common::Request::get("/x"), json)
        .await
        .unwrap();
    assert!(
        start.elapsed() >= Duration::from_millis(1990),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn clients_built_for_one_account_share_one_pacer() {
    // Two engines built separately for one key pace together (2/s, burst 1); an engine for
    // another key, or without one, has its own pacer.
    let rates = vec![Rate::new(Scope::All, 2, Duration::from_secs(1)).burst(1)];
    let build = |key: Option<&str>| {
        let mut b = venue_common::CoreBuilder::new("testvenue", "t/0")
            .base_url("http://127.0.0.1:1")
            .retry_policy(venue_common::RetryPolicy::off())
            .pacing(rates.clone());
        if let Some(key) = key {
            b = b.account(key);
        }
        b.build(Arc::new(venue_common::NoAuth), &[]).unwrap()
    };
    let (a, b) = (build(Some("shared-key")), build(Some("shared-key")));
    let (c, d) = (build(Some("another-key")), build(None));
    let start = Instant::now();
    let mut at = Vec::new();
    for core in [&a, &b, &a, &b, &c, &d] {
        let _ = core
            .execute(venue_common::Request::get("/x").private(), |_| Ok(()))
            .await;
        at.push(start.elapsed().as_millis());
    }
    // a, b, a, b: 0, 500, 1000, 1500; c and d are fresh: no wait.
    assert_near(&at, &[0, 500, 1000, 1500, 1500, 1500]);
}

/// A limiter of the caller's own (any shared store) replaces the built one; a store that
/// cannot answer fails the call as not sent, before signing; `no_pacing` still turns pacing
/// off.
#[tokio::test]
async fn a_limiter_of_ones_own_paces_the_engine_and_its_failure_is_not_sent() {
    use std::sync::atomic::{AtomicU32, Ordering};
    use venue_common::{RateLimiter, StoreError};

    #[derive(Debug, Default)]
    struct Counting {
        calls: AtomicU32,
        down: std::sync::atomic::AtomicBool,
    }
    impl RateLimiter for Counting {
        fn acquire(
            &self,
            _: Auth,
            _: Duration,
        ) -> futures::future::BoxFuture<'_, Result<(), venue_common::PaceError>> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            let down = self.down.load(Ordering::SeqCst);
            Box::pin(async move {
                if down {
                    return Err(StoreError::Unavailable {
                        store: "test store",
                        message: "down".into(),
                    }
                    .into());
                }
                Ok(())
            })
        }
        fn penalize(&self, _: Duration) -> futures::future::BoxFuture<'_, Result<(), StoreError>> {
            Box::pin(async { Ok(()) })
        }
    }

    let limiter = Arc::new(Counting::default());
    let signer = crate::support::CountingSigner::new("s3cr3t");
    let build = |no_pacing: bool| {
        let b = venue_common::CoreBuilder::new("testvenue", "t/0")
            .base_url("http://127.0.0.1:1")
            .retry_policy(venue_common::RetryPolicy::off())
            .rate_limiter(limiter.clone());
        let b = if no_pacing { b.no_pacing() } else { b };
        b.build(signer.clone(), &[]).unwrap()
    };
    let paced = build(false);
    let _ = paced
        .execute(venue_common::Request::get("/x"), |_| Ok(()))
        .await;
    assert_eq!(limiter.calls.load(Ordering::SeqCst), 1);
    assert_eq!(signer.calls(), 1);

    limiter.down.store(true, Ordering::SeqCst);
    let e = paced
        .execute(venue_common::Request::get("/x"), |_| Ok(()))
        .await
        .unwrap_err();
    assert_eq!(e.sent(), venue_common::Sent::No);
    assert!(e.to_string().contains("test store is unavailable"), "{e}");
    assert_eq!(signer.calls(), 1, "nothing signed, no nonce drawn");

    let unpaced = build(true);
    let _ = unpaced
        .execute(venue_common::Request::get("/x"), |_| Ok(()))
        .await;
    assert_eq!(limiter.calls.load(Ordering::SeqCst), 2);
}

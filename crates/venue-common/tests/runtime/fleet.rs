//! A fleet on one key: clients and processes sharing an account's pacing and nonces.
//!
//! The Redis tests need a real Redis (or Valkey): `.ci/run` starts one and sets
//! `VENUE_TEST_REDIS_URL`; without it they print a notice and pass without checking anything.
//! The outage test also starts and kills a `redis-server` of its own (from `PATH`).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use futures::future::BoxFuture;
use tokio::io::AsyncWriteExt;
use venue_common::{
    Core, CoreBuilder, Error, NonceUnit, Request, Response, Result, RetryPolicy, SharedNonces,
    SignContext, Signer,
};

use crate::support;

/// A signer that stamps each request with `x-nonce` drawn from a shared store, as a venue's
/// signer does: after pacing, as the last step before sending.
#[derive(Debug)]
pub struct NonceSigner(pub SharedNonces);

impl Signer for NonceSigner {
    fn sign<'a>(
        &'a self,
        request: &'a mut Request,
        _ctx: &'a SignContext<'a>,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let nonce = self.0.next().await?;
            request.set_header("x-nonce", &nonce.to_string())
        })
    }
}

/// A venue that, like ALP.COM v1, refuses a nonce not greater than the last it accepted. Each
/// request is checked after a delay of 0–3 ms chosen by its nonce, as if it had travelled a
/// little slower or faster. Returns the base URL, the accepted and the refused counters.
async fn nonce_checking_venue() -> (String, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let last = Arc::new(AtomicU64::new(0));
    let (ok, refused) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (o, r) = (ok.clone(), refused.clone());
    let base = support::serve(move |mut stream| {
        let (last, ok, refused) = (last.clone(), o.clone(), r.clone());
        async move {
            while let Some(raw) = support::read_request(&mut stream).await {
                let head = String::from_utf8_lossy(&raw).to_ascii_lowercase();
                let nonce: u64 = head
                    .lines()
                    .find_map(|l| l.strip_prefix("x-nonce:"))
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0);
                tokio::time::sleep(Duration::from_micros(nonce.wrapping_mul(7919) % 3_000)).await;
                let accepted = last.fetch_max(nonce, Ordering::SeqCst) < nonce;
                let answer = if accepted {
                    ok.fetch_add(1, Ordering::SeqCst);
                    support::http_response("200 OK", "application/json", b"{}")
                } else {
                    refused.fetch_add(1, Ordering::SeqCst);
                    support::http_response("400 Bad Request", "application/json", b"{}")
                };
                if stream.write_all(&answer).await.is_err() {
                    return;
                }
            }
        }
    })
    .await;
    (base, ok, refused)
}

fn json(r: Response) -> Result<serde_json::Value> {
    if !r.status.is_success() {
        return Err(Error::invalid("nonce", "refused"));
    }
    r.json()
}

/// Within one process, two clients built separately for one key, 16 tasks each, hold the
/// account's turn lock from pacing to the answer: every nonce reaches the venue after every
/// smaller one, so none of 320 calls is refused, although the venue's checks are delayed at
/// random. (Without the lock the same run has requests overtake each other.)
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_turn_lock_keeps_nonces_in_arrival_order_across_clients_of_one_key() {
    let (base, ok, refused) = nonce_checking_venue().await;
    let client = |base: &str| -> (Core, venue_common::SharedTurn) {
        let builder = CoreBuilder::new("testvenue", "t/0")
            .base_url(base)
            .retry_policy(RetryPolicy::off())
            .account("turn-key")
            .no_pacing();
        let nonces = builder.nonces("v1", NonceUnit::Millis).unwrap();
        let turn = builder.nonce_turn("v1").unwrap();
        (
            builder.build(Arc::new(NonceSigner(nonces)), &[]).unwrap(),
            turn,
        )
    };
    let clients = [client(&base), client(&base)];
    let mut tasks = Vec::new();
    for (core, turn) in clients.iter().cloned().cycle().take(32) {
        tasks.push(tokio::spawn(async move {
            for _ in 0..10 {
                let _turn = turn.lock().await.unwrap();
                core.execute(Request::get("/order").private(), json)
                    .await
                    .unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(refused.load(Ordering::SeqCst), 0);
    assert_eq!(ok.load(Ordering::SeqCst), 320);
}

#[cfg(feature = "redis")]
mod redis {
    use std::collections::{HashMap, HashSet};
    use std::net::TcpStream as StdTcpStream;
    use std::process::{Child, Command, Stdio};
    use std::time::{Instant, SystemTime, UNIX_EPOCH};

    use venue_common::fleet::redis::RedisFleet;
    use venue_common::{
        Account, Auth, ErrorKind, NonceStore, Rate, RateLimiter, RedisOptions, Scope, Sent,
    };

    use super::*;
    use crate::processes::{child_index, spawn_children, tagged};

    /// The test Redis, or a printed notice and `None`.
    fn redis_url(test: &str) -> Option<String> {
        match std::env::var("VENUE_TEST_REDIS_URL") {
            Ok(url) if !url.is_empty() => Some(url),
            _ => {
                println!("skipped {test}: VENUE_TEST_REDIS_URL is not set (no Redis to test with)");
                None
            }
        }
    }

    /// A key prefix of this test and process, so runs never share state.
    fn prefix(test: &str) -> String {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        format!("venue-test:{}:{nanos}:{test}", std::process::id())
    }

    fn options(url: &str, prefix: &str) -> RedisOptions {
        RedisOptions::new(url)
            .key_prefix(prefix)
            .timeout(Duration::from_millis(500))
            .idle_expiry(Duration::from_secs(60))
    }

    fn now_us() -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_micros() as u64
    }

    /// The most instants (µs, any order) that fall within any window of `window`.
    fn busiest_window(times: &[u64], window: Duration) -> usize {
        let mut t = times.to_vec();
        t.sort_unstable();
        let w = window.as_micros() as u64;
        let mut best = 0;
        let mut lo = 0;
        for hi in 0..t.len() {
            while t[hi] - t[lo] >= w {
                lo += 1;
            }
            best = best.max(hi - lo + 1);
        }
        best
    }

    /// Four connections (as four processes would have), four tasks on each, all acquiring
    /// from one GCRA limit of 40/s with a burst of 4 for 1.5 s. Within any 500 ms no more
    /// than burst + 20 go (two of slack: the instant is read after the script answered, and a
    /// busy machine may delay that read); overall the fleet gets at least 75% of what the
    /// limit allows, so it waits, never starves.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_shared_gcra_keeps_a_fleet_of_connections_within_the_rate() {
        let test = "gcra_fleet";
        let Some(url) = redis_url(test) else { return };
        let prefix = prefix(test);
        let account = Account::new("testvenue", "gcra-key");
        let rate = Rate::new(Scope::Private, 40, Duration::from_secs(1)).burst(4);
        let admitted = Arc::new(std::sync::Mutex::new(Vec::new()));
        let started = Instant::now();
        let run_for = Duration::from_millis(1_500);
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let fleet = RedisFleet::connect(options(&url, &prefix)).unwrap();
            let limiter = Arc::new(fleet.limiter(&account, &[rate]));
            for _ in 0..4 {
                let (limiter, admitted) = (limiter.clone(), admitted.clone());
                tasks.push(tokio::spawn(async move {
                    while started.elapsed() < run_for {
                        limiter.acquire(Auth::Private, Duration::MAX).await.unwrap();
                        if started.elapsed() < run_for {
                            admitted.lock().unwrap().push(now_us());
                        }
                    }
                }));
            }
        }
        for t in tasks {
            t.await.unwrap();
        }
        let times = admitted.lock().unwrap().clone();
        let elapsed = run_for.as_secs_f64();
        let allowed = 4.0 + 40.0 * elapsed;
        let busiest = busiest_window(&times, Duration::from_millis(500));
        println!(
            "GCRA fleet: {} admitted in {elapsed:.2} s for a limit of {allowed:.0} (ratio {:.3}); busiest 500 ms: {busiest} (limit {})",
            times.len(),
            times.len() as f64 / allowed,
            4 + 20
        );
        assert!(busiest <= 4 + 20 + 2, "busiest window {busiest}");
        assert!(
            times.len() as f64 <= allowed + 1.0,
            "{} admitted",
            times.len()
        );
        assert!(
            times.len() as f64 >= 0.75 * allowed,
            "{} admitted",
            times.len()
        );
    }

    /// A `429` seen by one process (its `Retry-After` of 400 ms) holds back another process
    /// sharing the account; an account of its own is not held.
    #[tokio::test]
    async fn a_retry_after_holds_back_every_process_of_the_account() {
        let test = "retry_after";
        let Some(url) = redis_url(test) else { return };
        let prefix = prefix(test);
        let rates = [Rate::new(Scope::All, 100, Duration::from_secs(1))];
        let account = Account::new("testvenue", "penalty-key");
        let a = RedisFleet::connect(options(&url, &prefix))
            .unwrap()
            .limiter(&account, &rates);
        let fleet_b = RedisFleet::connect(options(&url, &prefix)).unwrap();
        let b = fleet_b.limiter(&account, &rates);
        let other = fleet_b.limiter(&Account::new("testvenue", "another"), &rates);
        a.penalize(Duration::from_millis(400)).await.unwrap();
        let started = Instant::now();
        other.acquire(Auth::Private, Duration::MAX).await.unwrap();
        assert!(started.elapsed() < Duration::from_millis(100));
        b.acquire(Auth::Private, Duration::MAX).await.unwrap();
        let waited = started.elapsed();
        println!("held back {waited:?} by a Retry-After of 400 ms");
        assert!(waited >= Duration::from_millis(390), "{waited:?}");
        assert!(waited < Duration::from_millis(2_000), "{waited:?}");

        // A wait longer than the caller's patience is refused at once, with the time left,
        // in every process; the rates' own waits are not (they are always waited out).
        a.penalize(Duration::from_secs(3_600)).await.unwrap();
        let started = Instant::now();
        let refused = b.acquire(Auth::Private, Duration::from_secs(5)).await;
        assert!(started.elapsed() < Duration::from_millis(500));
        match refused {
            Err(venue_common::PaceError::Blocked { remaining, .. }) => {
                assert!(remaining > Duration::from_secs(3_500), "{remaining:?}");
            }
            other => panic!("{other:?}"),
        }
        other.acquire(Auth::Private, Duration::ZERO).await.unwrap();
    }

    /// Nonces drawn through four connections by 16 tasks at once: each task's strictly
    /// increase, all are distinct, a draw that starts after another finished is larger, and
    /// none is more than the lead ahead of the clock.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn nonces_strictly_increase_across_connections_within_the_lead() {
        let test = "nonces_connections";
        let Some(url) = redis_url(test) else { return };
        let prefix = prefix(test);
        let account = Account::new("testvenue", "nonce-key");
        let lead = Duration::from_millis(200);
        let finished_max = Arc::new(AtomicU64::new(0));
        let worst_lead = Arc::new(AtomicU64::new(0));
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let fleet = RedisFleet::connect(options(&url, &prefix)).unwrap();
            let nonces = Arc::new(fleet.nonces(&account, "v1", NonceUnit::Millis, lead));
            for _ in 0..4 {
                let (nonces, finished_max, worst_lead) =
                    (nonces.clone(), finished_max.clone(), worst_lead.clone());
                tasks.push(tokio::spawn(async move {
                    let mut got = Vec::new();
                    for _ in 0..100 {
                        let floor = finished_max.load(Ordering::SeqCst);
                        let n = nonces.next().await.unwrap();
                        assert!(n > floor, "{n} drawn after {floor} was handed out");
                        worst_lead.fetch_max(n.saturating_sub(now_us() / 1000), Ordering::SeqCst);
                        finished_max.fetch_max(n, Ordering::SeqCst);
                        got.push(n);
                    }
                    got
                }));
            }
        }
        let mut all = HashSet::new();
        for t in tasks {
            let got = t.await.unwrap();
            assert!(got.windows(2).all(|w| w[0] < w[1]), "{got:?}");
            all.extend(got);
        }
        assert_eq!(all.len(), 1_600);
        let worst = worst_lead.load(Ordering::SeqCst);
        println!("1,600 Redis nonces over 4 connections; worst lead {worst} ms (bound 200 ms)");
        // Redis' clock is this machine's clock; 5 ms of slack for reading it afterwards.
        assert!(worst <= 200 + 5, "lead {worst} ms");
    }

    /// The child half of [`a_fleet_of_processes_shares_pacing_and_nonces`]: 50 calls, each
    /// an acquire from the shared limiter then a nonce, reported as `call <µs> <nonce>`.
    #[tokio::test]
    async fn child_process_calls() {
        let Some(index) = child_index() else { return };
        let url = std::env::var("VENUE_TEST_REDIS_URL").unwrap();
        let prefix = std::env::var("VENUE_TEST_FLEET_PREFIX").unwrap();
        let builder = CoreBuilder::new("testvenue", "t/0")
            .account("process-key")
            .redis(options(&url, &prefix));
        let nonces = builder.nonces("v1", NonceUnit::Millis).unwrap();
        let core = builder
            .base_url("http://127.0.0.1:1")
            .build(
                Arc::new(NonceSigner(nonces.clone())),
                &[Rate::new(Scope::Private, 100, Duration::from_secs(1)).burst(1)],
            )
            .unwrap();
        for _ in 0..50 {
            core.rate_limiter()
                .acquire(Auth::Private, Duration::MAX)
                .await
                .unwrap();
            let admitted = now_us();
            let nonce = nonces.next().await.unwrap();
            println!("call {admitted} {nonce}");
        }
        println!("child {index} done");
    }

    /// Four real processes share one account through Redis: 200 calls paced at 100/s with a
    /// burst of 1 across all of them, every nonce distinct and increasing within each process.
    /// Reports how many nonces are out of admission order across processes (the window the
    /// docs describe; with admissions 10 ms apart it should be none).
    #[test]
    fn a_fleet_of_processes_shares_pacing_and_nonces() {
        let test = "process_fleet";
        let Some(url) = redis_url(test) else { return };
        let prefix = prefix(test);
        let started = Instant::now();
        let outputs = spawn_children(
            "fleet::redis::child_process_calls",
            4,
            &[
                ("VENUE_TEST_REDIS_URL", url),
                ("VENUE_TEST_FLEET_PREFIX", prefix),
            ],
        );
        let elapsed = started.elapsed();
        let mut calls = Vec::new();
        let mut owners = HashMap::new();
        for (i, out) in outputs.iter().enumerate() {
            let mine: Vec<(u64, u64)> = tagged(out, "call")
                .map(|l| {
                    let (t, n) = l.split_once(' ').unwrap();
                    (t.parse().unwrap(), n.parse().unwrap())
                })
                .collect();
            assert_eq!(mine.len(), 50, "child {i}: {out}");
            assert!(mine.windows(2).all(|w| w[0].1 < w[1].1), "child {i}");
            for &(_, n) in &mine {
                assert!(owners.insert(n, i).is_none(), "nonce {n} twice");
            }
            calls.extend(mine);
        }
        let times: Vec<u64> = calls.iter().map(|c| c.0).collect();
        let busiest = busiest_window(&times, Duration::from_millis(500));
        calls.sort_unstable();
        let inversions = calls.windows(2).filter(|w| w[0].1 > w[1].1).count();
        let span = (times.iter().max().unwrap() - times.iter().min().unwrap()) as f64 / 1e6;
        println!(
            "4 processes, 200 calls in {span:.2} s (limit 100/s, burst 1: at least 1.99 s); busiest 500 ms: {busiest} (limit 50); nonces out of admission order: {inversions}; whole run {elapsed:?}"
        );
        assert!(span >= 1.99 * 0.98, "{span} s");
        // Two of slack: each instant is read after the script answered.
        assert!(busiest <= 50 + 2, "busiest window {busiest}");
    }

    /// Through the engine: client A's `429` with `Retry-After: 1` holds back client B, built
    /// for the same account on another connection (as another process would be), for that
    /// second; a client of another account goes at once.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_engine_shares_a_retry_after_through_redis() {
        let test = "engine_retry_after";
        let Some(url) = redis_url(test) else { return };
        let prefix = prefix(test);
        let answers = Arc::new(AtomicUsize::new(0));
        let seen = answers.clone();
        let base = support::serve(move |mut stream| {
            let seen = seen.clone();
            async move {
                while support::read_request(&mut stream).await.is_some() {
                    let answer = if seen.fetch_add(1, Ordering::SeqCst) == 0 {
                        b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n"
                            .to_vec()
                    } else {
                        support::http_response("200 OK", "application/json", b"{}")
                    };
                    if stream.write_all(&answer).await.is_err() {
                        return;
                    }
                }
            }
        })
        .await;
        // Distinct options (timeouts) give each client a connection of its own.
        let build = |key: &str, timeout_ms: u64| {
            CoreBuilder::new("testvenue", "t/0")
                .base_url(base.clone())
                .retry_policy(RetryPolicy::off())
                .account(key)
                .redis(options(&url, &prefix).timeout(Duration::from_millis(timeout_ms)))
                .build(
                    Arc::new(venue_common::NoAuth),
                    &[Rate::new(Scope::All, 100, Duration::from_secs(1))],
                )
                .unwrap()
        };
        // The status speaks for an empty 429 body (the engine reads it as rate limited).
        let plain = |r: Response| r.json::<serde_json::Value>();
        let (a, b, other) = (build("k", 500), build("k", 501), build("k2", 502));
        let e = a.execute(Request::get("/x"), plain).await.unwrap_err();
        assert_eq!(e.retry_after(), Some(Duration::from_secs(1)));
        let started = Instant::now();
        other.execute(Request::get("/x"), plain).await.unwrap();
        assert!(started.elapsed() < Duration::from_millis(500));
        b.execute(Request::get("/x"), plain).await.unwrap();
        let waited = started.elapsed();
        println!("engine B held back {waited:?} by engine A's Retry-After of 1 s");
        assert!(waited >= Duration::from_millis(950), "{waited:?}");
    }

    /// The child half of [`a_fleet_of_processes_sends_nonces_in_order_with_the_turn`]: two
    /// tasks, 25 calls each, every call inside the account's turn.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn child_process_ordered_calls() {
        let Some(_) = child_index() else { return };
        let url = std::env::var("VENUE_TEST_REDIS_URL").unwrap();
        let prefix = std::env::var("VENUE_TEST_FLEET_PREFIX").unwrap();
        let venue = std::env::var("VENUE_TEST_VENUE_URL").unwrap();
        let builder = CoreBuilder::new("testvenue", "t/0")
            .base_url(venue)
            .retry_policy(RetryPolicy::off())
            .account("ordered-key")
            .redis(options(&url, &prefix));
        let nonces = builder.nonces("v1", NonceUnit::Millis).unwrap();
        let turn = builder.nonce_turn("v1").unwrap();
        // Bursty pacing: slots of several processes fall together, so only the turn orders.
        let core = builder
            .build(
                Arc::new(NonceSigner(nonces)),
                &[Rate::new(Scope::Private, 400, Duration::from_secs(1)).burst(20)],
            )
            .unwrap();
        let mut tasks = Vec::new();
        for _ in 0..2 {
            let (core, turn) = (core.clone(), turn.clone());
            tasks.push(tokio::spawn(async move {
                let mut refused = 0;
                for _ in 0..25 {
                    let held = match std::env::var_os("VENUE_TEST_NO_TURN") {
                        None => Some(turn.lock().await.unwrap()),
                        Some(_) => None,
                    };
                    if core
                        .execute(Request::get("/order").private(), json)
                        .await
                        .is_err()
                    {
                        refused += 1;
                    }
                    if let Some(held) = held {
                        held.release().await;
                    }
                }
                refused
            }));
        }
        let mut refused = 0;
        for t in tasks {
            refused += t.await.unwrap();
        }
        println!("refused {refused}");
    }

    /// Four real processes, two tasks each, call a venue that refuses any nonce not greater
    /// than the last it accepted, and checks each request after a random delay of up to 3 ms.
    /// Holding the account's turn (a lease in Redis) from pacing to the answer, none of the
    /// 200 calls is refused. (The same run without the turn is printed for comparison: its
    /// requests overtake each other.)
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_fleet_of_processes_sends_nonces_in_order_with_the_turn() {
        let test = "ordered_fleet";
        let Some(url) = redis_url(test) else { return };

        let (venue, control_ok, control_refused) = nonce_checking_venue().await;
        let envs = vec![
            ("VENUE_TEST_REDIS_URL", url.clone()),
            ("VENUE_TEST_FLEET_PREFIX", prefix("unordered_fleet")),
            ("VENUE_TEST_VENUE_URL", venue),
            ("VENUE_TEST_NO_TURN", "1".to_string()),
        ];
        tokio::task::spawn_blocking(move || {
            spawn_children("fleet::redis::child_process_ordered_calls", 4, &envs)
        })
        .await
        .unwrap();
        println!(
            "4 processes without the turn: {} accepted, {} refused",
            control_ok.load(Ordering::SeqCst),
            control_refused.load(Ordering::SeqCst)
        );

        let (venue, ok, refused) = nonce_checking_venue().await;
        let envs = vec![
            ("VENUE_TEST_REDIS_URL", url),
            ("VENUE_TEST_FLEET_PREFIX", prefix(test)),
            ("VENUE_TEST_VENUE_URL", venue),
        ];
        let started = Instant::now();
        let outputs = tokio::task::spawn_blocking(move || {
            spawn_children("fleet::redis::child_process_ordered_calls", 4, &envs)
        })
        .await
        .unwrap();
        let reported: usize = outputs
            .iter()
            .flat_map(|o| tagged(o, "refused"))
            .map(|n| n.parse::<usize>().unwrap())
            .sum();
        println!(
            "4 processes in turn: {} accepted, {} refused, in {:?}",
            ok.load(Ordering::SeqCst),
            refused.load(Ordering::SeqCst),
            started.elapsed()
        );
        assert_eq!(refused.load(Ordering::SeqCst), 0);
        assert_eq!(reported, 0);
        assert_eq!(ok.load(Ordering::SeqCst), 200);
    }

    /// The child half of [`a_turn_held_by_a_dead_process_lapses_after_its_lease`]: takes the
    /// turn and dies holding it.
    #[tokio::test]
    async fn child_process_dies_holding_the_turn() {
        let Some(_) = child_index() else { return };
        let url = std::env::var("VENUE_TEST_REDIS_URL").unwrap();
        let prefix = std::env::var("VENUE_TEST_FLEET_PREFIX").unwrap();
        let turn = CoreBuilder::new("testvenue", "t/0")
            .account("dying-key")
            .redis(options(&url, &prefix).turn_lease(Duration::from_millis(300)))
            .nonce_turn("v1")
            .unwrap();
        let _held = turn.lock().await.unwrap();
        println!("holding");
        std::process::exit(0);
    }

    /// A process that dies holding the turn blocks the others until its lease lapses (300 ms
    /// here), not for ever; while a live holder renews it, the others wait.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_turn_held_by_a_dead_process_lapses_after_its_lease() {
        let test = "dead_holder";
        let Some(url) = redis_url(test) else { return };
        let prefix = prefix(test);
        let envs = vec![
            ("VENUE_TEST_REDIS_URL", url.clone()),
            ("VENUE_TEST_FLEET_PREFIX", prefix.clone()),
        ];
        let out = tokio::task::spawn_blocking(move || {
            spawn_children(
                "fleet::redis::child_process_dies_holding_the_turn",
                1,
                &envs,
            )
        })
        .await
        .unwrap();
        assert!(out[0].contains("holding"), "{out:?}");
        let died = Instant::now();
        let turn = CoreBuilder::new("testvenue", "t/0")
            .account("dying-key")
            .redis(options(&url, &prefix).turn_lease(Duration::from_millis(300)))
            .nonce_turn("v1")
            .unwrap();
        let held = turn.lock().await.unwrap();
        let waited = died.elapsed();
        println!("turn of a dead holder taken after {waited:?} (lease 300 ms)");
        assert!(waited <= Duration::from_millis(1_000), "{waited:?}");

        // A live holder renews: another process (another connection) waits past the lease.
        let other = CoreBuilder::new("testvenue", "t/0")
            .account("dying-key")
            .redis(
                options(&url, &prefix)
                    .turn_lease(Duration::from_millis(300))
                    .timeout(Duration::from_millis(499)),
            )
            .nonce_turn("v1")
            .unwrap();
        let waiting = tokio::time::timeout(Duration::from_millis(900), other.lock()).await;
        assert!(
            waiting.is_err(),
            "the turn was taken while its holder lived"
        );
        drop(held);
        let started = Instant::now();
        let _next = other.lock().await.unwrap();
        assert!(started.elapsed() < Duration::from_millis(500));
    }

    /// A `redis-server` of this test's own, on a free loopback port, killed on drop.
    struct OwnRedis {
        child: Child,
        port: u16,
    }

    impl OwnRedis {
        fn start(port: u16) -> Option<OwnRedis> {
            let child = Command::new("redis-server")
                .args([
                    "--port",
                    &port.to_string(),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ])
                .args(["--bind", "127.0.0.1"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .ok()?;
            let deadline = Instant::now() + Duration::from_secs(5);
            while StdTcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(Instant::now() < deadline, "redis-server did not start");
                std::thread::sleep(Duration::from_millis(20));
            }
            Some(OwnRedis { child, port })
        }

        fn kill(mut self) -> u16 {
            self.child.kill().unwrap();
            self.child.wait().unwrap();
            self.port
        }
    }

    impl Drop for OwnRedis {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// Redis killed mid-run: every call fails quickly as not sent (a time-out or a refused
    /// connection) and the venue receives nothing, neither unpaced nor with an unordered
    /// nonce; once Redis is back, calls go through again by themselves.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn calls_fail_as_not_sent_while_redis_is_down_and_recover_after() {
        let test = "outage";
        if redis_url(test).is_none() {
            return;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let Some(redis) = OwnRedis::start(port) else {
            println!("skipped {test}: no redis-server on PATH");
            return;
        };
        let hits = Arc::new(AtomicUsize::new(0));
        let seen = hits.clone();
        let base = support::serve(move |mut stream| {
            let seen = seen.clone();
            async move {
                while support::read_request(&mut stream).await.is_some() {
                    seen.fetch_add(1, Ordering::SeqCst);
                    let answer = support::http_response("200 OK", "application/json", b"{}");
                    if stream.write_all(&answer).await.is_err() {
                        return;
                    }
                }
            }
        })
        .await;
        let url = format!("redis://127.0.0.1:{port}/");
        let builder = CoreBuilder::new("testvenue", "t/0")
            .base_url(base)
            .retry_policy(RetryPolicy::off())
            .account("outage-key")
            .redis(options(&url, &prefix(test)).timeout(Duration::from_millis(200)));
        let nonces = builder.nonces("v1", NonceUnit::Millis).unwrap();
        let turn = builder.nonce_turn("v1").unwrap();
        let core = builder
            .build(
                Arc::new(NonceSigner(nonces.clone())),
                &[Rate::new(Scope::All, 50, Duration::from_secs(1))],
            )
            .unwrap();
        for _ in 0..3 {
            core.execute(Request::get("/x").private(), json)
                .await
                .unwrap();
        }
        assert_eq!(hits.load(Ordering::SeqCst), 3);
        let before = nonces.last();

        // Slow: Redis stops answering for 800 ms; the call gives up after its 200 ms bound.
        let paused = Command::new("redis-cli")
            .args(["-p", &port.to_string(), "client", "pause", "800"])
            .output();
        if paused.is_ok_and(|o| o.status.success()) {
            let started = Instant::now();
            let e = core
                .execute(Request::get("/x").private(), json)
                .await
                .unwrap_err();
            println!("Redis paused: failed after {:?}: {e}", started.elapsed());
            assert_eq!(e.sent(), Sent::No, "{e}");
            assert_eq!(e.kind(), ErrorKind::Network, "{e}");
            assert!(e.to_string().contains("redis pacer did not answer"), "{e}");
            assert!(started.elapsed() < Duration::from_millis(1_500));
            assert_eq!(hits.load(Ordering::SeqCst), 3);
            tokio::time::sleep(Duration::from_millis(800)).await;
        }

        // Down.
        let port = redis.kill();
        let mut slowest = Duration::ZERO;
        for _ in 0..5 {
            let started = Instant::now();
            let e = core
                .execute(Request::get("/x").private(), json)
                .await
                .unwrap_err();
            let took = started.elapsed();
            assert_eq!(e.sent(), Sent::No, "{e}");
            assert_eq!(e.kind(), ErrorKind::Network, "{e}");
            assert!(e.to_string().contains("redis pacer"), "{e}");
            assert!(took < Duration::from_millis(1_500), "{took:?}: {e}");
            slowest = slowest.max(took);
        }
        println!("Redis down: 5 calls failed as not sent, the slowest after {slowest:?}");
        assert!(nonces.next().await.is_err());
        assert!(turn.lock().await.is_err(), "no turn without Redis");
        assert_eq!(hits.load(Ordering::SeqCst), 3, "nothing reached the venue");

        // Back again (empty: no persistence). The connection recovers by itself.
        let _redis = OwnRedis::start(port).expect("redis-server restarts");
        let restarted = Instant::now();
        let deadline = restarted + Duration::from_secs(10);
        loop {
            match core.execute(Request::get("/x").private(), json).await {
                Ok(_) => {
                    println!(
                        "Redis back: calls go through after {:?}",
                        restarted.elapsed()
                    );
                    break;
                }
                Err(e) => {
                    assert_eq!(e.sent(), Sent::No, "{e}");
                    assert!(Instant::now() < deadline, "no recovery: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
        assert_eq!(hits.load(Ordering::SeqCst), 4);
        assert!(
            nonces.last() > before,
            "the lost counter did not make nonces go back"
        );
    }
}

#[cfg(feature = "redis")]
#[test]
fn a_redis_client_can_be_built_outside_a_runtime_and_bad_options_are_config_errors() {
    // Building connects lazily: no runtime, no Redis needed until the first call.
    let builder = CoreBuilder::new("testvenue", "t/0")
        .base_url("http://127.0.0.1:1")
        .account("lazy-key")
        .redis_url("redis://127.0.0.1:1/");
    builder.nonces("v1", NonceUnit::Millis).unwrap();
    builder.build(Arc::new(venue_common::NoAuth), &[]).unwrap();
    // TLS URLs are understood (rustls).
    CoreBuilder::new("testvenue", "t/0")
        .account("lazy-key")
        .redis_url("rediss://127.0.0.1:1/")
        .nonces("v1", NonceUnit::Millis)
        .unwrap();

    let e = CoreBuilder::new("testvenue", "t/0")
        .base_url("http://127.0.0.1:1")
        .redis_url("http://not-redis/")
        .build(
            Arc::new(venue_common::NoAuth),
            &[venue_common::Rate::new(
                venue_common::Scope::All,
                1,
                Duration::from_secs(1),
            )],
        )
        .unwrap_err();
    assert_eq!(e.kind(), venue_common::ErrorKind::Config, "{e}");
    let e = CoreBuilder::new("testvenue", "t/0")
        .redis_key_prefix("only-a-prefix")
        .nonces("v1", NonceUnit::Millis)
        .unwrap_err();
    assert!(e.to_string().contains("without a Redis URL"), "{e}");
    // The password never shows.
    let shown = format!(
        "{:?}",
        CoreBuilder::new("testvenue", "t/0").redis_url("redis://user:hunter2@127.0.0.1:6379/0")
    );
    assert!(
        !shown.contains("hunter2") && shown.contains("redacted"),
        "{shown}"
    );
}

/// One process, two runtimes one after the other (as `#[tokio::test]`s are): the shared
/// connection made in the first still serves the second.
#[cfg(feature = "redis")]
#[test]
fn a_shared_redis_connection_survives_its_first_runtime() {
    let Ok(url) = std::env::var("VENUE_TEST_REDIS_URL") else {
        println!("skipped: VENUE_TEST_REDIS_URL is not set");
        return;
    };
    let options = venue_common::RedisOptions::new(url)
        .key_prefix(format!("venue-test:{}:two-runtimes", std::process::id()));
    let builder = CoreBuilder::new("testvenue", "t/0")
        .account("two-runtimes")
        .redis(options);
    for round in 0..2 {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let nonces = builder.nonces("v1", NonceUnit::Micros).unwrap();
        runtime.block_on(async {
            nonces
                .next()
                .await
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
        });
    }
}

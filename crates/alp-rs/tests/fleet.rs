//! A fleet on one ALP.COM key: real OS processes calling the local venue, which enforces the
//! account's limit and the key's nonce order over every connection.
//!
//! The parent test starts the local venue and re-runs this test binary as child processes
//! (filtered to a child test, with [`CHILD_ENV`] set), passing the venue's base URL and the
//! run's settings in the environment; each child reports what it saw on standard output.
//! The venue itself counts what it accepted and refused ([`PrivateChecks`]).
//!
//! The fleet tests need a Redis: `.ci/run` starts one and sets `VENUE_TEST_REDIS_URL`; without
//! it they print a notice and pass without checking anything. The outage test also starts,
//! kills and restarts a `redis-server` of its own (from `PATH`). Everything is on 127.0.0.1,
//! and every child is killed after a deadline.
#![cfg(feature = "sim")]

use std::io::Read as _;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use alp_rs::sim::{LocalVenue, PrivateChecks, SimConfig};
use alp_rs::{Client, Credentials, ErrorKind, Rate, RetryPolicy, Scope, Sent};

/// The fleet: processes × calls on one key, at this venue limit (authorized calls per second).
const PROCESSES: usize = 8;
const CALLS: usize = 500;
const LIMIT: u32 = 200;
/// The clients' burst: small, so the venue's first-to-last rate is the paced rate.
const BURST: u32 = 50;

/// How long after the parent prepared the run the children start calling, all at once.
const START_DELAY_MS: u64 = 1_500;

/// Set in a child to its index; unset in the parent.
const CHILD_ENV: &str = "VENUE_TEST_FLEET_CHILD";

/// One parent test at a time: they measure rates, and share two cores. (A tokio mutex: it is
/// held across awaits, by tests on runtimes of their own.)
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn child_index() -> Option<usize> {
    std::env::var(CHILD_ENV).ok()?.parse().ok()
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set in the child"))
}

fn env_opt(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// The test Redis, or a printed notice and `None`.
fn redis_url(test: &str) -> Option<String> {
    if !cfg!(feature = "redis") {
        println!("skipped {test}: built without the `redis` feature");
        return None;
    }
    match env_opt("VENUE_TEST_REDIS_URL") {
        Some(url) => Some(url),
        None => {
            println!("skipped {test}: VENUE_TEST_REDIS_URL is not set (no Redis to test with)");
            None
        }
    }
}

/// A key prefix of this run alone.
fn prefix(test: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("alp-fleet-test:{}:{nanos}:{test}", std::process::id())
}

fn venue_config(limit: u32) -> SimConfig {
    SimConfig {
        private_per_second: Some(limit),
        public_per_second: None,
        ..SimConfig::default()
    }
}

/// Runs `n` copies of this test binary at once, each running only `test` with `envs` and
/// [`CHILD_ENV`] set, and returns each one's standard output. Kills them all and panics when
/// they are not done within `deadline`, or when one fails.
fn run_children(test: &str, n: usize, envs: &[(&str, String)], deadline: Duration) -> Vec<String> {
    let exe = std::env::current_exe().expect("the test binary's path");
    let started = Instant::now();
    let mut children: Vec<(Child, std::thread::JoinHandle<String>)> = (0..n)
        .map(|i| {
            let mut cmd = Command::new(&exe);
            cmd.args([test, "--exact", "--nocapture", "--test-threads=1", "-q"])
                .env(CHILD_ENV, i.to_string())
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit());
            for (k, v) in envs {
                cmd.env(k, v);
            }
            let mut child = cmd.spawn().expect("spawn a child test process");
            let mut stdout = child.stdout.take().expect("the child's output");
            // Read as it comes, so a chatty child never blocks on a full pipe.
            let reader = std::thread::spawn(move || {
                let mut out = String::new();
                let _ = stdout.read_to_string(&mut out);
                out
            });
            (child, reader)
        })
        .collect();
    let mut statuses = vec![None; n];
    while statuses.iter().any(Option::is_none) {
        for (i, (child, _)) in children.iter_mut().enumerate() {
            if statuses[i].is_none() {
                statuses[i] = child.try_wait().expect("poll a child");
            }
        }
        if started.elapsed() > deadline {
            for (child, _) in &mut children {
                let _ = child.kill();
                let _ = child.wait();
            }
            panic!("the fleet was not done within {deadline:?}: children killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    children
        .into_iter()
        .zip(statuses)
        .enumerate()
        .map(|(i, ((_, reader), status))| {
            let out = reader.join().expect("the child's output");
            let status = status.expect("exited");
            assert!(status.success(), "child {i} failed: {status}\n{out}");
            out
        })
        .collect()
}

/// The lines of `output` that start with `tag `, without the tag.
fn tagged<'a>(output: &'a str, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    output
        .lines()
        .filter_map(move |l| l.strip_prefix(tag)?.strip_prefix(' '))
}

/// The sum of the `count <what> <n>` lines of every child for `what`.
fn total(outputs: &[String], what: &str) -> usize {
    outputs
        .iter()
        .flat_map(|o| tagged(o, "count"))
        .filter_map(|l| l.split_once(' '))
        .filter(|(w, _)| *w == what)
        .map(|(_, n)| n.parse::<usize>().unwrap())
        .sum()
}

/// How a call ended, as a child reports it.
fn outcome(result: &alp_rs::Result<Vec<alp_rs::v1::Wallet>>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(e) if e.kind() == ErrorKind::InvalidNonce => "nonce",
        Err(e) if e.kind() == ErrorKind::RateLimited => "rate",
        Err(e) if e.sent() == Sent::No => "not_sent",
        Err(_) => "other",
    }
}

/// The client of a child: the venue's key, paced at the fleet's rate, retries off (every
/// refusal is seen), sharing pacing, nonces and the turn through Redis when given one.
fn child_client() -> Client {
    let limit: u32 = env("ALP_FLEET_LIMIT").parse().unwrap();
    let mut builder = Client::builder()
        .base_url(env("ALP_FLEET_VENUE"))
        .credentials(Credentials::new(
            env("ALP_FLEET_KEY"),
            env("ALP_FLEET_SECRET"),
        ))
        .pacing(vec![
            Rate::new(Scope::Private, limit, Duration::from_secs(1)).burst(BURST),
        ])
        .retry_policy(RetryPolicy::off())
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2));
    if let Some(url) = env_opt("ALP_FLEET_REDIS") {
        builder = builder
            .redis_url(url)
            .redis_key_prefix(env("ALP_FLEET_PREFIX"));
    }
    builder.build().unwrap()
}

fn fleet_envs(venue: &LocalVenue, limit: u32, calls: usize) -> Vec<(&'static str, String)> {
    // The venue runs with the default key (see `venue_config`).
    let config = SimConfig::default();
    vec![
        ("ALP_FLEET_VENUE", venue.base_url().to_string()),
        ("ALP_FLEET_KEY", config.key),
        ("ALP_FLEET_SECRET", config.secret),
        ("ALP_FLEET_LIMIT", limit.to_string()),
        ("ALP_FLEET_CALLS", calls.to_string()),
        (
            "ALP_FLEET_START_AT",
            (now_ms() + START_DELAY_MS).to_string(),
        ),
    ]
}

/// The child half of the fleet tests: `ALP_FLEET_CALLS` private v1 reads (`wallets`), one
/// after the other, reported as `count <outcome> <n>`.
#[tokio::test]
async fn child_fleet_calls() {
    let Some(index) = child_index() else { return };
    let client = child_client();
    let calls: usize = env("ALP_FLEET_CALLS").parse().unwrap();
    wait_for_start().await;
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    // The first error of each kind, so that a failed run says why.
    let mut first = std::collections::BTreeMap::<&str, String>::new();
    for _ in 0..calls {
        let result = client.v1().wallets().await;
        let what = outcome(&result);
        *counts.entry(what).or_default() += 1;
        if let Err(e) = &result {
            first.entry(what).or_insert_with(|| e.to_string());
        }
    }
    for (what, n) in counts {
        println!("count {what} {n}");
    }
    for (what, e) in first {
        println!("first {what}: {e}");
    }
    println!("child {index} done");
}

/// Waits for the fleet's common start (`ALP_FLEET_START_AT`, UNIX ms): the processes start
/// one by one, and the first ones would otherwise call while the others are still loading.
async fn wait_for_start() {
    let at: u64 = env("ALP_FLEET_START_AT").parse().unwrap();
    let wait = at.saturating_sub(now_ms()).min(10_000);
    tokio::time::sleep(Duration::from_millis(wait)).await;
}

/// Runs the fleet against a fresh venue; the venue's checks, the children's outputs and the
/// wall time.
async fn run_fleet(
    processes: usize,
    calls: usize,
    redis: Option<(String, String)>,
) -> (PrivateChecks, Vec<String>, Duration) {
    let venue = LocalVenue::start_with(venue_config(LIMIT)).await.unwrap();
    let mut envs = fleet_envs(&venue, LIMIT, calls);
    if let Some((url, prefix)) = redis {
        envs.push(("ALP_FLEET_REDIS", url));
        envs.push(("ALP_FLEET_PREFIX", prefix));
    }
    let started = Instant::now();
    let outputs = tokio::task::spawn_blocking(move || {
        run_children(
            "child_fleet_calls",
            processes,
            &envs,
            Duration::from_secs(90),
        )
    })
    .await
    .unwrap();
    (venue.private_checks(), outputs, started.elapsed())
}

fn report(what: &str, calls: usize, checks: &PrivateChecks, outputs: &[String], took: Duration) {
    let rate = checks.rate().unwrap_or(0.0);
    println!(
        "{what}: {calls} calls; venue accepted {}, refused {} for the nonce and {} for the rate \
         ({} not sent, {} other failures seen by the clients); aggregate {rate:.1} calls/s over \
         {:.2} s for a limit of {LIMIT}/s ({:+.2}%); whole run {:.2} s",
        checks.accepted,
        checks.refused_nonce,
        checks.refused_rate,
        total(outputs, "not_sent"),
        total(outputs, "other"),
        checks.span().as_secs_f64(),
        (rate / f64::from(LIMIT) - 1.0) * 100.0,
        took.as_secs_f64(),
    );
}

/// 8 processes × 500 private v1 calls on one key through Redis: the venue, limited to 200
/// calls/s for the account, refuses none (neither for the nonce nor for the rate) and sees
/// them at the limit, within 5%, from the first accepted to the last.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_of_processes_on_one_key_through_redis_keeps_to_the_limit_and_nonce_order() {
    let test = "alp_fleet";
    let Some(url) = redis_url(test) else { return };
    let _serial = SERIAL.lock().await;
    let (checks, outputs, took) = run_fleet(PROCESSES, CALLS, Some((url, prefix(test)))).await;
    let calls = PROCESSES * CALLS;
    report(
        &format!("fleet with Redis ({PROCESSES} processes x {CALLS})"),
        calls,
        &checks,
        &outputs,
        took,
    );
    assert_eq!(checks.refused_nonce, 0, "nonce refusals");
    assert_eq!(checks.refused_rate, 0, "rate refusals");
    assert_eq!(total(&outputs, "ok"), calls, "{outputs:?}");
    assert_eq!(checks.accepted, calls as u64);
    let rate = checks.rate().unwrap();
    let limit = f64::from(LIMIT);
    assert!(
        (rate - limit).abs() <= 0.05 * limit,
        "aggregate rate {rate:.1}/s for a limit of {limit}/s"
    );
}

/// The same fleet without Redis: each process paces and draws nonces alone, so the venue
/// refuses calls (how many of each kind is printed, not asserted: it depends on timing).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_fleet_without_redis_is_refused() {
    // Skipped with the Redis fleet it is compared with.
    if redis_url("alp_fleet_without_redis").is_none() {
        return;
    }
    let _serial = SERIAL.lock().await;
    let (checks, outputs, took) = run_fleet(PROCESSES, CALLS, None).await;
    report(
        &format!("the same fleet without Redis ({PROCESSES} processes x {CALLS})"),
        PROCESSES * CALLS,
        &checks,
        &outputs,
        took,
    );
    assert!(
        checks.refused_nonce + checks.refused_rate > 0,
        "without Redis the fleet was never refused"
    );
}

/// A `redis-server` of the outage test's own, on a loopback port, persistence off; killed
/// (by its pid) on drop.
struct OwnRedis {
    child: Child,
    port: u16,
}

impl OwnRedis {
    fn start(port: u16) -> Option<OwnRedis> {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let mut redis = OwnRedis { child, port };
        let deadline = Instant::now() + Duration::from_secs(5);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline || redis.child.try_wait().ok().flatten().is_some() {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(redis)
    }

    /// Kills it (SIGKILL to its pid) and waits until it is gone; its port.
    fn kill(mut self) -> u16 {
        self.child.kill().expect("kill redis-server");
        self.child.wait().expect("reap redis-server");
        self.port
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The child half of the outage test: private v1 reads one after the other until
/// `ALP_FLEET_UNTIL` (UNIX ms), each reported as `call <start ms> <end ms> <outcome>`; after a
/// failure it pauses 20 ms.
#[tokio::test]
async fn child_outage_calls() {
    let Some(index) = child_index() else { return };
    let client = child_client();
    let until: u64 = env("ALP_FLEET_UNTIL").parse().unwrap();
    wait_for_start().await;
    let mut first_failure = None;
    while now_ms() < until {
        let started = now_ms();
        let result = client.v1().wallets().await;
        let what = outcome(&result);
        println!("call {started} {} {what}", now_ms());
        if let Err(e) = result {
            if first_failure.is_none() {
                first_failure = Some(format!("{:?} {e}", e.kind()));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    if let Some(e) = first_failure {
        println!("failure {e}");
    }
    println!("child {index} done");
}

/// Redis killed in the middle of a run of 4 processes on one key, and restarted on its port
/// 1.5 s later (empty): meanwhile every call fails as not sent (`Sent::No`) and the venue
/// receives nothing; before and after, calls go through; over the whole run the venue
/// refuses none, neither for the nonce nor for the rate.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_killed_mid_run_fails_calls_as_not_sent_and_they_resume_after() {
    let test = "alp_fleet_outage";
    if redis_url(test).is_none() {
        return;
    }
    let _serial = SERIAL.lock().await;
    let Some(redis) = OwnRedis::start(free_port()) else {
        println!("skipped {test}: no redis-server on PATH, or it did not start");
        return;
    };
    let processes = 4;
    let venue = LocalVenue::start_with(venue_config(LIMIT)).await.unwrap();
    let mut envs = fleet_envs(&venue, LIMIT, 0);
    let start_at: u64 = envs
        .iter()
        .find(|(k, _)| *k == "ALP_FLEET_START_AT")
        .unwrap()
        .1
        .parse()
        .unwrap();
    let kill_at = start_at + 1_500;
    let down_for = 1_500;
    let until = kill_at + down_for + 4_000;
    envs.push(("ALP_FLEET_UNTIL", until.to_string()));
    envs.push((
        "ALP_FLEET_REDIS",
        format!("redis://127.0.0.1:{}/", redis.port),
    ));
    envs.push(("ALP_FLEET_PREFIX", prefix(test)));
    let children = tokio::task::spawn_blocking(move || {
        run_children(
            "child_outage_calls",
            processes,
            &envs,
            Duration::from_secs(60),
        )
    });

    tokio::time::sleep(Duration::from_millis(kill_at.saturating_sub(now_ms()))).await;
    let killed_at = now_ms();
    let port = redis.kill();
    // A call already past its pacing and nonce when Redis died may still land.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let down_from = venue.private_checks();
    tokio::time::sleep(Duration::from_millis(down_for - 200)).await;
    let down_to = venue.private_checks();
    let restarted_at = now_ms();
    let _redis = OwnRedis::start(port).expect("redis-server restarts on its port");
    let outputs = children.await.unwrap();
    let checks = venue.private_checks();

    let mut before = 0;
    let mut during = 0;
    let mut failed = 0;
    let mut first_ok_after: Option<u64> = None;
    for (i, out) in outputs.iter().enumerate() {
        let mut ok_after = 0;
        for line in tagged(out, "call") {
            let mut parts = line.split(' ');
            let start: u64 = parts.next().unwrap().parse().unwrap();
            let end: u64 = parts.next().unwrap().parse().unwrap();
            let what = parts.next().unwrap();
            assert!(
                what == "ok" || what == "not_sent",
                "child {i}: a call failed otherwise than not sent: {line}\n{out}"
            );
            if what == "not_sent" {
                failed += 1;
            }
            if start > killed_at + 100 && end < restarted_at {
                during += 1;
                assert_eq!(what, "not_sent", "child {i}: {line} while Redis was down");
            }
            if what == "ok" && end < killed_at {
                before += 1;
            }
            if what == "ok" && start > restarted_at {
                ok_after += 1;
                first_ok_after = Some(first_ok_after.map_or(end, |t| t.min(end)));
            }
        }
        assert!(
            ok_after > 0,
            "child {i}: no call went through after Redis came back\n{out}"
        );
    }
    let failure = outputs
        .iter()
        .find_map(|o| tagged(o, "failure").next())
        .unwrap_or("none");
    println!(
        "Redis outage ({processes} processes): {before} calls went through before the kill, \
         {during} calls made while it was down all failed as not sent ({failed} not sent in \
         all; first: {failure}); the venue received nothing meanwhile ({} accepted before and \
         after the {} ms down); calls went through again {} ms after the restart; venue: {} \
         accepted, {} refused for the nonce, {} for the rate",
        down_from.accepted,
        down_for - 200,
        first_ok_after.map_or(0, |t| t.saturating_sub(restarted_at)),
        checks.accepted,
        checks.refused_nonce,
        checks.refused_rate,
    );
    assert!(failure.contains("redis"), "{failure}");
    assert!(before > 0, "no call went through before the kill");
    assert!(during > 0, "no call was made while Redis was down");
    assert_eq!(
        down_from, down_to,
        "the venue received calls while Redis was down"
    );
    assert_eq!(checks.refused_nonce, 0, "nonce refusals");
    assert_eq!(checks.refused_rate, 0, "rate refusals");
}

/// The venue's checks are per account and key, over every connection: two clients of one key
/// on connections of their own, one whose clock is in the past. The documented limit (2/s)
/// answers
/// `429` with `Retry-After` in the v1 shape; a nonce not above the key's last one is refused
/// `400` in the v1 shape, whichever connection the last one came on; both are counted.
#[tokio::test]
async fn the_venue_counts_and_refuses_per_key_over_every_connection() {
    let venue = LocalVenue::start_with(venue_config(2)).await.unwrap();
    let unpaced = venue
        .client_builder()
        .no_pacing()
        .retry_policy(RetryPolicy::off())
        .build()
        .unwrap();
    let mut limited = None;
    for _ in 0..8 {
        if let Err(e) = unpaced.v1().wallets().await {
            limited = Some(e);
        }
    }
    let e = limited.expect("eight calls at once are over 2/s");
    assert_eq!(e.kind(), ErrorKind::RateLimited, "{e}");
    assert_eq!(e.retry_after(), Some(Duration::from_secs(1)));
    let body: serde_json::Value = serde_json::from_slice(&e.venue_error().unwrap().body).unwrap();
    assert!(
        body["error"].is_string() && body["date"].is_number(),
        "{body}"
    );
    let checks = venue.private_checks();
    assert!(
        checks.accepted >= 2 && checks.refused_rate >= 1,
        "{checks:?}"
    );
    assert_eq!(checks.accepted + checks.refused_rate, 8, "{checks:?}");
    let accepted = checks.accepted;

    // Another client of the key, on its own connection, with a clock far behind.
    let behind = Client::builder()
        .base_url(venue.base_url())
        .credentials(venue.credentials())
        .clock(std::sync::Arc::new(venue_common::ManualClock::at_millis(
            1_000,
        )))
        .no_pacing()
        .retry_policy(RetryPolicy::off())
        .build()
        .unwrap();
    let e = behind.v1().wallets().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidNonce, "{e}");
    let refusal = e.venue_error().unwrap();
    assert_eq!(refusal.status.as_u16(), 400);
    let body: serde_json::Value = serde_json::from_slice(&refusal.body).unwrap();
    assert!(body["error"].as_str().unwrap().contains("nonce"), "{body}");
    let checks = venue.private_checks();
    assert_eq!((checks.refused_nonce, checks.accepted), (1, accepted));
    println!("per-key checks over two connections: {checks:?}");
}

//! Benchmarks of the venue-common runtime (criterion; measured, not asserted).
//!
//! - `common/hmac_sha256_200b`: HMAC-SHA256 of a 200-byte message to lower-case hex.
//! - `common/call/venue_common` vs `common/call/raw_reqwest`: the same GET against one loopback
//!   keep-alive server started here, through `Core::execute` (no auth, no pacing, no retries)
//!   and through a plain `reqwest::Client` (`get` + `bytes`). `cargo xtask bench` prints the
//!   median ratio. `common/call/raw_reqwest_with_timeout` adds the per-attempt timeout every
//!   venue-common call carries, to tell that cost apart from the rest.
//! - `common/fleet/local` vs `common/fleet/redis`: what a call pays for pacing and its nonce,
//!   one `RateLimiter::acquire` (a limit high enough never to wait) and one `NonceStore::next`
//!   (microseconds), in this process (`Pacer`, `NonceSource`) and shared through Redis
//!   (`RedisLimiter`, `RedisNonces`: two Lua script calls); `common/fleet/redis_in_turn` adds
//!   taking and handing on the account's turn (a Redis lease). The Redis ones need the `redis`
//!   feature and `VENUE_TEST_REDIS_URL` (a loopback Redis, as `.ci/run` starts); without them
//!   it is skipped with a notice.
//! - `common/decode_2mb/typed` vs `common/decode_2mb/value`: a generated ~2 MB JSON array of
//!   trades (decimal strings and numbers, millisecond timestamps) decoded into a struct through
//!   `decode_json` with the `serde_ext` helpers, versus into `serde_json::Value`.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use venue_common::secret::SecretString;
use venue_common::{CoreBuilder, Decimal, NoAuth, Request, RetryPolicy, StatusCode, serde_ext};

fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
}

fn hmac(c: &mut Criterion) {
    let secret = SecretString::from("k".repeat(32));
    let message: Vec<u8> = (0..200u32).map(|i| b'a' + (i % 26) as u8).collect();
    c.bench_function("common/hmac_sha256_200b", |b| {
        b.iter(|| venue_common::sign::hmac_sha256_hex(&secret, black_box(&message)))
    });
}

const ANSWER: &[u8] = br#"{"symbol":"BTC_USDT","price":"37123.45","ts":1700000000123}"#;

/// A minimal HTTP/1.1 keep-alive server: answers every request on a connection with the same
/// small JSON. Requests are GETs without bodies, so the head's end is the request's end.
async fn start_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        ANSWER.len()
    )
    .into_bytes();
    answer.extend_from_slice(ANSWER);
    let answer = Arc::new(answer);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let answer = answer.clone();
            tokio::spawn(async move {
                let _ = stream.set_nodelay(true);
                let mut buf = Vec::with_capacity(4096);
                let mut chunk = [0u8; 4096];
                loop {
                    let n = match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    buf.extend_from_slice(&chunk[..n]);
                    while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        buf.drain(..end + 4);
                        if stream.write_all(&answer).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}

fn call(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let base = rt.block_on(start_server());
    let core = CoreBuilder::new("bench", "venue-common-bench/0")
        .base_url(base.clone())
        .retry_policy(RetryPolicy::off())
        .no_pacing()
        .build(Arc::new(NoAuth), &[])
        .expect("engine");
    let raw = reqwest::Client::new();
    let url = format!("{base}/v1/ticker?symbol=BTC_USDT");

    let mut group = c.benchmark_group("common/call");
    group.bench_function("venue_common", |b| {
        b.to_async(&rt).iter(|| async {
            let request = Request::get("/v1/ticker").query("symbol", "BTC_USDT");
            let body = core
                .execute(request, |resp| Ok(resp.body))
                .await
                .expect("call");
            black_box(body)
        })
    });
    group.bench_function("raw_reqwest", |b| {
        b.to_async(&rt).iter(|| async {
            let resp = raw.get(&url).send().await.expect("send");
            let body = resp.bytes().await.expect("body");
            black_box(body)
        })
    });
    // The same raw call with the per-attempt timeout venue-common always sets: shows how much
    // of the difference is the timer every bounded call pays for.
    let bounded = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    group.bench_function("raw_reqwest_with_timeout", |b| {
        b.to_async(&rt).iter(|| async {
            let resp = bounded.get(&url).send().await.expect("send");
            let body = resp.bytes().await.expect("body");
            black_box(body)
        })
    });
    group.finish();
}

fn fleet(c: &mut Criterion) {
    use venue_common::{Auth, NonceSource, NonceStore, NonceUnit, Pacer, Rate, RateLimiter, Scope};
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    // A limit that never makes a call wait, and a lead that never makes a nonce wait: what is
    // measured is the bookkeeping.
    let rates = [Rate::new(Scope::All, 1_000_000_000, Duration::from_secs(1))];
    let lead = Duration::from_secs(3_600);
    let mut group = c.benchmark_group("common/fleet");
    let pacer = Pacer::new(&rates);
    let nonces =
        NonceSource::new(venue_common::clock::system(), NonceUnit::Micros).with_max_lead(lead);
    group.bench_function("local", |b| {
        b.to_async(&rt).iter(|| async {
            RateLimiter::acquire(&pacer, Auth::Private, Duration::MAX)
                .await
                .expect("acquire");
            black_box(NonceStore::next(&nonces).await.expect("nonce"))
        })
    });
    #[cfg(feature = "redis")]
    match std::env::var("VENUE_TEST_REDIS_URL") {
        Ok(url) if !url.is_empty() => {
            use venue_common::fleet::redis::RedisFleet;
            use venue_common::{Account, RedisOptions};
            let fleet = rt.block_on(async {
                RedisFleet::connect(
                    RedisOptions::new(url)
                        .key_prefix(format!("venue-bench:{}", std::process::id())),
                )
                .expect("redis options")
            });
            let account = Account::new("bench", "bench-key");
            let limiter = fleet.limiter(&account, &rates);
            let nonces = fleet.nonces(&account, "v1", NonceUnit::Micros, lead);
            group.bench_function("redis", |b| {
                b.to_async(&rt).iter(|| async {
                    limiter
                        .acquire(Auth::Private, Duration::MAX)
                        .await
                        .expect("acquire");
                    black_box(nonces.next().await.expect("nonce"))
                })
            });
            let turn = fleet.turn(&account, "v1", Arc::default());
            group.bench_function("redis_in_turn", |b| {
                b.to_async(&rt).iter(|| async {
                    let held = venue_common::Turn::lock(&turn).await.expect("turn");
                    limiter
                        .acquire(Auth::Private, Duration::MAX)
                        .await
                        .expect("acquire");
                    let nonce = nonces.next().await.expect("nonce");
                    held.release().await;
                    black_box(nonce)
                })
            });
        }
        _ => println!("common/fleet/redis skipped: VENUE_TEST_REDIS_URL is not set"),
    }
    #[cfg(not(feature = "redis"))]
    println!("common/fleet/redis skipped: built without venue-common's `redis` feature");
    group.finish();
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Trade {
    id: u64,
    #[serde(with = "serde_ext::decimal")]
    price: Decimal,
    #[serde(with = "serde_ext::decimal")]
    amount: Decimal,
    #[serde(with = "serde_ext::decimal")]
    fee: Decimal,
    #[serde(with = "serde_ext::ts_millis")]
    ts: DateTime<Utc>,
    side: String,
}

/// About 2 MB of trades: prices as strings, amounts as numbers, fees in both forms.
fn trades_json() -> Vec<u8> {
    let mut out = String::from("[");
    let mut i: u64 = 0;
    while out.len() < 2 * 1024 * 1024 {
        if i > 0 {
            out.push(',');
        }
        let fee = if i.is_multiple_of(2) {
            format!("\"0.{:08}\"", i % 100_000_000)
        } else {
            format!("0.{:08}", i % 100_000_000)
        };
        out.push_str(&format!(
            r#"{{"id":{},"price":"{}.{:02}","amount":{}.{:06},"fee":{},"ts":{},"side":"{}"}}"#,
            1_000_000 + i,
            30_000 + i % 9_000,
            i % 100,
            i % 50,
            (i * 7919) % 1_000_000,
            fee,
            1_700_000_000_000u64 + i * 37,
            if i.is_multiple_of(3) { "sell" } else { "buy" },
        ));
        i += 1;
    }
    out.push(']');
    out.into_bytes()
}

fn decode(c: &mut Criterion) {
    let body = trades_json();
    // The same bytes for `xtask/bench_json.py` (Python's json.loads and orjson).
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        let dir = std::path::Path::new(&home)
            .join("venue-extra")
            .join("bodies");
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join("common~decode_2mb.json"), &body[..]);
    }
    // Check once that the typed path decodes the whole document.
    let trades: Vec<Trade> = venue_common::decode_json(StatusCode::OK, &body).expect("typed");
    assert!(trades.len() > 10_000);

    let mut group = c.benchmark_group("common/decode_2mb");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("typed", |b| {
        b.iter(|| {
            let v: Vec<Trade> =
                venue_common::decode_json(StatusCode::OK, black_box(&body)).expect("typed");
            v
        })
    });
    group.bench_function("value", |b| {
        b.iter(|| {
            let v: serde_json::Value = serde_json::from_slice(black_box(&body)).expect("value");
            v
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = hmac, call, fleet, decode
}
criterion_main!(benches);

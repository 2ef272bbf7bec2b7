//! Benchmarks: signing and preparing a typical private request, and decoding the largest
//! documented answer (v3 orders) scaled to about 2 MB, typed and as `serde_json::Value`.
//!
//! - `alp/sign_request/full`: a v1 order built, encoded and signed (`X-KEY`, `X-SIGN`,
//!   `X-NONCE`) by the client's recipe under prepared credentials; `alp/sign_request/hmac`: one
//!   bare HMAC-SHA256 (key set up, hex) of the same message, the floor.
//! - `alp/call/{sdk,raw_reqwest}`: one ticker call at a time against a loopback HTTP/1.1 server
//!   running in a separate process (this binary, started again with `ALP_BENCH_SERVE=1`): the
//!   client's `ticker()` (typed) versus `reqwest` `get` + `bytes` + `serde_json::Value`.
//! - `alp/inflight_1000/{sdk,raw_reqwest}`: the same with 1,000 calls in flight on one client
//!   (1,000 tasks on a two-thread runtime); criterion's time is for all 1,000.
//! - `inflight_rounds`: the same 1,000 in flight, the SDK, raw reqwest, raw reqwest with the
//!   SDK's timeouts and a second raw client (the control) taking turns for 81 rounds; the
//!   median ratios are written to `$CRITERION_HOME/venue-extra/alp_inflight.json`.
//! - Allocations per call (same two calls, a counting global allocator, after warm-up) are
//!   printed, and written to `$CRITERION_HOME/venue-extra/alp_allocs.json` for
//!   `cargo xtask bench`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufRead, BufReader};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use alp_rs::auth::{Credentials, v1_signature_encoded};
use alp_rs::v1::Side;
use alp_rs::{CreateOrderRequest, OrdersRequest};
use criterion::{Criterion, Throughput, criterion_group};
use rust_decimal_macros::dec;
use venue_common::api::{ApiRequest, DecodeContext};
use venue_common::secret::SecretString;
use venue_common::{HeaderMap, HeaderValue, Response, StatusCode};

/// Counts allocations (`alloc`, `alloc_zeroed`, `realloc`) of the whole process.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const KEY: &str = "ak_7f3c2e19b4d84a6c";
const SECRET: &str = "sk_Z%2Fq9LmN4vX8pR1tY6wE3";

fn sign_request(c: &mut Criterion) {
    let secret = SecretString::from(SECRET.to_string());
    let credentials = Credentials::new(KEY, SECRET);
    let order = || CreateOrderRequest::new(Side::Buy, "BTC_USD", dec!(1.0), dec!(870.69));
    let body = order()
        .to_request()
        .expect("valid order")
        .body_bytes()
        .to_vec();
    let body = String::from_utf8(body).expect("form text");
    assert_eq!(
        credentials.v1_sign_header(&body).to_str().unwrap(),
        v1_signature_encoded(KEY, &secret, &body)
    );
    let mut group = c.benchmark_group("alp/sign_request");
    group.bench_function("full", |b| {
        let mut nonce = 1_700_000_000_000u64;
        b.iter(|| {
            nonce += 1;
            let mut request = order().to_request().expect("valid order");
            let body = std::str::from_utf8(request.body_bytes()).expect("form text");
            let sign = credentials.v1_sign_header(body);
            request
                .headers
                .insert("x-key", HeaderValue::from_static(KEY));
            request.headers.insert("x-sign", sign);
            request.headers.insert("x-nonce", HeaderValue::from(nonce));
            std::hint::black_box(request)
        })
    });
    // Where the time of `full` goes: building the request alone.
    group.bench_function("build", |b| {
        b.iter(|| std::hint::black_box(order().to_request().expect("valid order")))
    });
    let message = format!("{KEY}{body}");
    group.bench_function("hmac", |b| {
        b.iter(|| {
            std::hint::black_box(venue_common::sign::hmac_sha256_hex(
                &secret,
                std::hint::black_box(message.as_bytes()),
            ))
        })
    });
    group.finish();
}

/// The documented ticker answer, served to every request on a keep-alive connection.
fn serve() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = include_str!("../tests/fixtures/ticker.json");
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(body.as_bytes());
    let answer: Arc<[u8]> = answer.into();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        println!("{}", listener.local_addr().expect("address"));
        while let Ok((mut stream, _)) = listener.accept().await {
            let answer = answer.clone();
            tokio::spawn(async move {
                let _ = stream.set_nodelay(true);
                let mut buf = Vec::with_capacity(8192);
                let mut chunk = [0u8; 4096];
                loop {
                    let n = match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    buf.extend_from_slice(&chunk[..n]);
                    // GETs without bodies: the end of the head is the end of the request.
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
}

/// Starts the ticker server as a separate process; it ends when this process drops it.
struct Server {
    child: std::process::Child,
    base: String,
}

impl Server {
    fn start() -> Server {
        let mut child = std::process::Command::new(std::env::current_exe().expect("own path"))
            .env("ALP_BENCH_SERVE", "1")
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("start the server process");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the server's address");
        Server {
            child,
            base: format!("http://{}", line.trim()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn clients(base: &str) -> (alp_rs::Client, reqwest::Client, String) {
    let sdk = alp_rs::Client::builder()
        .base_url(base)
        .no_pacing()
        .build()
        .expect("client");
    (sdk, reqwest::Client::new(), format!("{base}/v1/ticker/"))
}

async fn raw_call(raw: &reqwest::Client, url: &str) -> serde_json::Value {
    let resp = raw.get(url).send().await.expect("send");
    let body = resp.bytes().await.expect("body");
    serde_json::from_slice(&body).expect("json")
}

/// `n` ticker calls in flight on one SDK client, each its own task.
async fn sdk_in_flight(sdk: &alp_rs::Client, n: usize) {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let sdk = sdk.clone();
            tokio::spawn(async move { sdk.v1().ticker().await.expect("ticker").len() })
        })
        .collect();
    for t in tasks {
        std::hint::black_box(t.await.expect("task"));
    }
}

/// The same with raw reqwest and `serde_json::Value`.
async fn raw_in_flight(raw: &reqwest::Client, url: &str, n: usize) {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let (raw, url) = (raw.clone(), url.to_owned());
            tokio::spawn(async move { raw_call(&raw, &url).await.is_array() })
        })
        .collect();
    for t in tasks {
        std::hint::black_box(t.await.expect("task"));
    }
}

/// The runtime the call benches use: two workers, as many as this machine's cores.
fn two_workers() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

fn calls(c: &mut Criterion) {
    let server = Server::start();
    let rt = two_workers();
    let (sdk, raw, url) = clients(&server.base);
    let mut group = c.benchmark_group("alp/call");
    group.bench_function("sdk", |b| {
        b.to_async(&rt)
            .iter(|| async { std::hint::black_box(sdk.v1().ticker().await.expect("ticker")) })
    });
    group.bench_function("raw_reqwest", |b| {
        b.to_async(&rt)
            .iter(|| async { std::hint::black_box(raw_call(&raw, &url).await) })
    });
    group.finish();

    const IN_FLIGHT: usize = 1_000;
    let mut group = c.benchmark_group("alp/inflight_1000");
    group.throughput(Throughput::Elements(IN_FLIGHT as u64));
    group.sample_size(10);
    group.bench_function("sdk", |b| {
        b.to_async(&rt).iter(|| sdk_in_flight(&sdk, IN_FLIGHT))
    });
    group.bench_function("raw_reqwest", |b| {
        b.to_async(&rt)
            .iter(|| raw_in_flight(&raw, &url, IN_FLIGHT))
    });
    group.finish();
    drop(server);
}

/// Allocations per call, one call at a time after warm-up (the server is another process, so
/// only the client's allocations count).
fn allocations() {
    const CALLS: u64 = 2_000;
    let server = Server::start();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (sdk, raw, url) = clients(&server.base);
    let (ours, theirs) = rt.block_on(async {
        for _ in 0..100 {
            sdk.v1().ticker().await.expect("ticker");
            raw_call(&raw, &url).await;
        }
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        for _ in 0..CALLS {
            std::hint::black_box(sdk.v1().ticker().await.expect("ticker"));
        }
        let mid = ALLOCATIONS.load(Ordering::Relaxed);
        for _ in 0..CALLS {
            std::hint::black_box(raw_call(&raw, &url).await);
        }
        let after = ALLOCATIONS.load(Ordering::Relaxed);
        (
            (mid - before) as f64 / CALLS as f64,
            (after - mid) as f64 / CALLS as f64,
        )
    });
    println!(
        "alp/allocs_per_call: sdk {ours:.1}, raw reqwest + serde_json::Value {theirs:.1}, ratio {:.2}",
        ours / theirs
    );
    venue_testkit::save_bench_extra(
        "alp_allocs.json",
        format!("{{\"sdk\":{ours},\"raw_value\":{theirs}}}"),
    );
}

/// 1,000 calls in flight, the SDK and raw reqwest taking turns round by round, so each sees the
/// same machine: criterion's groups run minutes apart, and on a shared machine the load between
/// them moves either figure by tens of percent. Raw reqwest runs three times: as `Client::new()`
/// (no timeout at all), with the SDK's default timeouts, and as a second `Client::new()`, the
/// control: its ratio to the first is what this design reads for two identical clients, so it
/// shows how far the SDK's figure can be trusted. Three warm-up rounds each first: every pool
/// opens connections for its first rounds. The medians of the per-round ratios go to
/// `$CRITERION_HOME/venue-extra/alp_inflight.json`.
fn inflight_rounds() {
    const IN_FLIGHT: usize = 1_000;
    // A round is ~25 ms here: many short rounds give a steadier median than a few long ones.
    const ROUNDS: usize = 81;
    const WARM_UP: usize = 3;
    let server = Server::start();
    let rt = two_workers();
    let (sdk, raw, url) = clients(&server.base);
    let control = reqwest::Client::new();
    let defaults = venue_common::TransportConfig::new("bench");
    let raw_bounded = reqwest::Client::builder()
        .timeout(defaults.timeout)
        .connect_timeout(defaults.connect_timeout)
        .build()
        .expect("client");
    let round_sdk = || async {
        let started = std::time::Instant::now();
        sdk_in_flight(&sdk, IN_FLIGHT).await;
        started.elapsed().as_secs_f64()
    };
    let round_raw = |raw: &reqwest::Client| {
        let (raw, url) = (raw.clone(), url.clone());
        async move {
            let started = std::time::Instant::now();
            raw_in_flight(&raw, &url, IN_FLIGHT).await;
            started.elapsed().as_secs_f64()
        }
    };
    let (mut plain, mut bounded, mut same) = rt.block_on(async {
        for _ in 0..WARM_UP {
            round_sdk().await;
            round_raw(&raw).await;
            round_raw(&raw_bounded).await;
            round_raw(&control).await;
        }
        let (mut plain, mut bounded, mut same) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..ROUNDS {
            // The four take turns in a rotating order, so none always follows another.
            let mut times = [0.0; 4];
            for k in 0..4 {
                let who = (i + k) % 4;
                times[who] = match who {
                    0 => round_sdk().await,
                    1 => round_raw(&raw).await,
                    2 => round_raw(&raw_bounded).await,
                    _ => round_raw(&control).await,
                };
            }
            plain.push(times[1] / times[0]);
            bounded.push(times[2] / times[0]);
            same.push(times[1] / times[3]);
        }
        (plain, bounded, same)
    });
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (plain, bounded, same) = (median(&mut plain), median(&mut bounded), median(&mut same));
    println!(
        "alp/inflight_1000 in turns over {ROUNDS} rounds: throughput SDK/raw {plain:.3}, SDK/raw with the same timeouts {bounded:.3}, raw/raw (control) {same:.3}"
    );
    venue_testkit::save_bench_extra(
        "alp_inflight.json",
        format!(
            "{{\"plain\":{plain},\"bounded\":{bounded},\"control\":{same},\"rounds\":{ROUNDS}}}"
        ),
    );
}

fn big_orders() -> Vec<u8> {
    let sample = include_str!("../tests/fixtures/orders.json");
    let item = sample
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim();
    let mut out = String::from("[");
    let mut n = 0;
    while out.len() < 2 * 1024 * 1024 {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&item.replacen("76575", &(76575 + n).to_string(), 1));
        n += 1;
    }
    out.push(']');
    out.into_bytes()
}

fn decode_orders(c: &mut Criterion) {
    let body = big_orders();
    // The same bytes for `xtask/bench_json.py` (Python's json.loads and orjson).
    venue_testkit::save_bench_extra("bodies/alp~decode_orders.json", &body[..]);
    let response = Response::new(StatusCode::OK, HeaderMap::new(), body.clone());
    let mut group = c.benchmark_group("alp/decode_orders");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("typed", |b| {
        b.iter(|| {
            std::hint::black_box(
                OrdersRequest::decode(response.clone(), &DecodeContext::default())
                    .expect("decodes"),
            )
        })
    });
    group.bench_function("value", |b| {
        b.iter(|| {
            std::hint::black_box(
                serde_json::from_slice::<serde_json::Value>(&body).expect("decodes"),
            )
        })
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
}

criterion_group! {
    name = benches;
    config = config();
    targets = sign_request, decode_orders, calls
}

fn main() {
    if std::env::var_os("ALP_BENCH_SERVE").is_some() {
        serve();
        return;
    }
    // `cargo test --benches` runs this binary with `--test`-style arguments: skip the counts.
    let measuring = std::env::args().any(|a| a == "--bench");
    benches();
    if measuring {
        allocations();
        inflight_rounds();
    }
    Criterion::default().configure_from_args().final_summary();
}

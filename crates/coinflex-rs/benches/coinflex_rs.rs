//! Signing a typical private request, and decoding the largest documented answer (the borrow
//! history) scaled to about 2 MB, typed versus `serde_json::Value`.

use std::hint::black_box;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use coinflex_rs::auth::{self, CoinflexSigner, Credentials};
use coinflex_rs::{ApiRequest, BorrowHistoryRequest};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use venue_common::{Bytes, HeaderMap, Response, StatusCode, Url};

fn sign_request(c: &mut Criterion) {
    let credentials = Credentials::new("bench-api-key-0001", "bench-api-secret");
    let base = Url::parse("https://v2api.coinflex.com").unwrap();
    let now = Utc.timestamp_millis_opt(1_626_433_827_000).unwrap();
    let start = Utc.timestamp_millis_opt(1_626_300_000_000).unwrap();
    let build = || {
        BorrowHistoryRequest::new("BTC")
            .limit(100)
            .start_time(start)
            .end_time(now)
            .to_request()
            .unwrap()
    };
    let mut group = c.benchmark_group("coinflex/sign_request");
    group.bench_function("full", |b| {
        b.iter(|| {
            let mut request = build();
            CoinflexSigner::sign_with(&credentials, &mut request, &base, now, 1_626_433_827_000)
                .unwrap();
            black_box(request)
        })
    });
    // Where the time of `full` goes: building the request alone.
    group.bench_function("build", |b| b.iter(|| black_box(build())));
    // The floor: one bare HMAC (key set up, base64) of the same message.
    let request = build();
    let message = auth::message(
        &auth::format_timestamp(now),
        1_626_433_827_000,
        &request.method,
        &auth::host_of(&base),
        &auth::path_for(&request, &base),
        &auth::body_for(&request),
    );
    let secret = credentials.secret().clone();
    group.bench_function("hmac", |b| {
        b.iter(|| venue_common::sign::hmac_sha256_base64(&secret, black_box(&message)))
    });
    group.finish();
}

/// The documented borrow history, its rows repeated until the body is about 2 MB.
fn large_history() -> Bytes {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/borrow_history.json"
    );
    let sample: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let rows = sample["data"].as_array().unwrap().clone();
    let mut data = Vec::new();
    let mut size = 0;
    while size < 2_000_000 {
        for row in &rows {
            size += row.to_string().len() + 1;
            data.push(row.clone());
        }
    }
    let mut doc = sample.clone();
    doc["data"] = serde_json::Value::Array(data);
    Bytes::from(doc.to_string())
}

fn decode_history(c: &mut Criterion) {
    let body = large_history();
    // The same bytes for `xtask/bench_json.py` (Python's json.loads and orjson).
    venue_testkit::save_bench_extra("bodies/coinflex~decode_borrow_history.json", &body[..]);
    let mut group = c.benchmark_group("coinflex/decode_borrow_history");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("typed", |b| {
        b.iter(|| {
            let resp = Response::new(StatusCode::OK, HeaderMap::new(), body.clone());
            black_box(BorrowHistoryRequest::decode(resp, &Default::default()).unwrap())
        })
    });
    group.bench_function("value", |b| {
        b.iter(|| black_box(serde_json::from_slice::<serde_json::Value>(&body).unwrap()))
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
    targets = sign_request, decode_history
}
criterion_main!(benches);

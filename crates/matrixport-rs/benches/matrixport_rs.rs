//! Signing and preparing a typical private request (a transfer), and decoding the largest
//! documented answer (the account transfer records) scaled to about 2 MB, typed versus
//! `serde_json::Value`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use matrixport_rs::auth::{body_params, sign_request, string_to_sign};
use matrixport_rs::error::decode_answer;
use matrixport_rs::{Credentials, FundRecord, ListPage, TransferRequest};
use rust_decimal::Decimal;
use venue_common::api::ApiRequest;
use venue_common::{Bytes, HeaderMap, Response, StatusCode};

fn sign(c: &mut Criterion) {
    let credentials = Credentials::new("bench-access-key-0001", "bench-secret-key-0001");
    let build = || {
        TransferRequest::new(
            "606113.bal",
            "606113_binance_1",
            "USDT",
            Decimal::new(12345, 2),
        )
        .serial_no("bench_serial_0001")
        .to_request()
        .unwrap()
    };
    let mut group = c.benchmark_group("matrixport/sign_request");
    group.bench_function("full", |b| {
        b.iter(|| {
            let mut prepared = build();
            sign_request(&credentials, &mut prepared, 1_695_634_589_886).unwrap();
            black_box(prepared)
        })
    });
    // Where the time of `full` goes: building the request alone.
    group.bench_function("build", |b| b.iter(|| black_box(build())));
    // The floor: one bare HMAC (key set up, upper-case hex) of the same string to sign.
    let mut signed = build();
    sign_request(&credentials, &mut signed, 1_695_634_589_886).unwrap();
    let body: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(signed.body_bytes()).unwrap();
    let message = string_to_sign(&signed.path, &body_params(&body));
    let secret = credentials.secret_key().clone();
    group.bench_function("hmac", |b| {
        b.iter(|| venue_common::sign::hmac_sha256_hex_upper(&secret, black_box(message.as_bytes())))
    });
    group.finish();
}

/// The documented transfer records, repeated until the body is about 2 MB.
fn large_records() -> Bytes {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/account_transfer_records.json"
    );
    let sample: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let rows = sample["data"]["items"].as_array().unwrap().clone();
    let mut items = Vec::new();
    let mut size = 0;
    while size < 2_000_000 {
        for row in &rows {
            size += row.to_string().len() + 1;
            items.push(row.clone());
        }
    }
    let mut doc = sample.clone();
    doc["data"]["count"] = serde_json::Value::from(items.len());
    doc["data"]["items"] = serde_json::Value::Array(items);
    Bytes::from(doc.to_string())
}

fn decode(c: &mut Criterion) {
    let body = large_records();
    // The same bytes for `xtask/bench_json.py` (Python's json.loads and orjson).
    venue_testkit::save_bench_extra("bodies/matrixport~decode_transfer_records.json", &body[..]);
    let mut group = c.benchmark_group("matrixport/decode_transfer_records");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("typed", |b| {
        b.iter(|| {
            let response = Response::new(StatusCode::OK, HeaderMap::new(), body.clone());
            black_box(decode_answer::<ListPage<FundRecord>>(&response).unwrap())
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
    targets = sign, decode
}
criterion_main!(benches);

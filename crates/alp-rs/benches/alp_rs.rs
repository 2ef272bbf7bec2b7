//! Benchmarks: signing and preparing a typical private request, and decoding the largest
//! documented answer (v3 orders) scaled to about 2 MB, typed and as `serde_json::Value`.

use std::time::Duration;

use alp_rs::auth::v1_signature_encoded;
use alp_rs::v1::Side;
use alp_rs::{CreateOrderRequest, OrdersRequest};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_decimal_macros::dec;
use venue_common::api::{ApiRequest, DecodeContext};
use venue_common::secret::SecretString;
use venue_common::{HeaderMap, Response, StatusCode};

fn sign_request(c: &mut Criterion) {
    let secret = SecretString::from("sk_Z%2Fq9LmN4vX8pR1tY6wE3".to_string());
    c.bench_function("alp/sign_request", |b| {
        b.iter(|| {
            let call = CreateOrderRequest::new(Side::Buy, "BTC_USD", dec!(1.0), dec!(870.69));
            let request = call.to_request().expect("valid order");
            let body = std::str::from_utf8(request.body_bytes()).expect("form text");
            std::hint::black_box(v1_signature_encoded("ak_7f3c2e19b4d84a6c", &secret, body))
        })
    });
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
    targets = sign_request, decode_orders
}
criterion_main!(benches);

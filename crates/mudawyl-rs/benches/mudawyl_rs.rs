//! Benchmarks: preparing and authenticating a typical private write (Mudawyl has no signature:
//! validation, serialisation and the two headers), and decoding the largest documented answer
//! (the order list of Create Manual Order) scaled to about 2 MB, typed vs `serde_json::Value`.

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mudawyl_rs::auth::auth_headers;
use mudawyl_rs::{
    Amount, ApiRequest, CreateManualOrderRequest, ManualOrder, Order, Price, Side, StopLoss,
    Trigger,
};
use rust_decimal_macros::dec;

fn orders_2mb() -> Vec<u8> {
    let sample = include_str!("../tests/fixtures/create_manual_order.json");
    let inner = sample
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim();
    let mut out = String::from("[");
    while out.len() < 2 * 1024 * 1024 {
        if out.len() > 1 {
            out.push(',');
        }
        out.push_str(inner);
    }
    out.push(']');
    out.into_bytes()
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("mudawyl");
    g.sample_size(20)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    let order = CreateManualOrderRequest::new(
        "46a19fb1-4e90-4736-b820-257c947fd694",
        ManualOrder::market("BTC/USDT", Side::Buy, Amount(dec!(0.05)))
            .take_profits([dec!(19250), dec!(19300)])
            .stop_loss(StopLoss::limit(Trigger(dec!(19000)), Price(dec!(19000)))),
    );
    g.bench_function("sign_request", |b| {
        b.iter(|| {
            let ctx = venue_common::api::Context::new(chrono::Utc::now());
            order.validate(&ctx).expect("valid order");
            let mut r = order.to_request().expect("builds");
            auth_headers(
                &mut r,
                Some("eyJhbGciOiJub25lIn0.bench.token"),
                Some("recaptcha-bench"),
            )
            .expect("headers");
            r
        })
    });
    let body = orders_2mb();
    // The same bytes for `xtask/bench_json.py` (Python's json.loads and orjson).
    venue_testkit::save_bench_extra("bodies/mudawyl~decode_orders.json", &body[..]);
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("decode_orders/typed", |b| {
        b.iter(|| {
            venue_common::decode_json::<Vec<Order>>(http::StatusCode::OK, &body).expect("decodes")
        })
    });
    g.bench_function("decode_orders/value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(&body).expect("decodes"))
    });
    g.finish();
}

criterion_group!(mudawyl, benches);
criterion_main!(mudawyl);

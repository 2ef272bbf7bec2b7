//! IQFinex benchmarks: preparing and authorizing a private request, and decoding the largest
//! answers (an orderbook of 10,000 levels per side, a ~2 MB page of trades), typed against
//! `serde_json::Value` of the same bytes.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iqfinex_rs::auth::authorize;
use iqfinex_rs::{ApiRequest, Credentials, MyTrade, OpenOrderRequest, OrderBook, Paged, Side};
use rust_decimal_macros::dec;
use venue_common::{Bytes, HeaderMap, Response, StatusCode};

/// An orderbook answer with `levels` levels per side, keyed by price as the venue sends it.
fn orderbook_body(levels: usize) -> Vec<u8> {
    let mut s = String::with_capacity(levels * 64);
    s.push_str(r#"{"status":200,"data":{"buy":{"#);
    for i in 0..levels {
        let price = 30000u64 * 100 - i as u64;
        let _ = write!(
            s,
            r#"{}"{}.{:02}":[{}.{:07},{}]"#,
            if i == 0 { "" } else { "," },
            price / 100,
            price % 100,
            i % 7,
            (i * 7919) % 10_000_000,
            1 + i % 5
        );
    }
    s.push_str(r#"},"sell":{"#);
    for i in 0..levels {
        let price = 30001u64 * 100 + i as u64;
        let _ = write!(
            s,
            r#"{}"{}.{:02}":[{}.{:07},{}]"#,
            if i == 0 { "" } else { "," },
            price / 100,
            price % 100,
            i % 5,
            (i * 104_729) % 10_000_000,
            1 + i % 3
        );
    }
    s.push_str("}}}");
    s.into_bytes()
}

/// A `GET /v1/trades` page of about `bytes` bytes, rows shaped like the document's sample.
fn trades_body(bytes: usize) -> Vec<u8> {
    let mut s = String::with_capacity(bytes + 512);
    s.push_str(r#"{"status":200,"data":{"count":1000000,"rows":["#);
    let mut i = 0u64;
    while s.len() < bytes {
        let _ = write!(
            s,
            r#"{}{{"id":{},"id_user":3,"volume":{}.{:03},"price":0.00{},"cmd":"{}","asset":"MODETH","commission":7.874127,"commissionCurrency":"MOD","open_time":{},"target_user":3,"close_time":{},"order_id":{}}}"#,
            if i == 0 { "" } else { "," },
            17_967_861 + i,
            5249 + i % 100,
            i % 1000,
            1000 + i % 9000,
            if i.is_multiple_of(2) { "buy" } else { "sell" },
            1_552_632_196 + i,
            1_552_632_205 + i,
            17_967_861 + i
        );
        i += 1;
    }
    s.push_str("]}}");
    s.into_bytes()
}

fn response(body: &[u8]) -> Response {
    Response::new(
        StatusCode::OK,
        HeaderMap::new(),
        Bytes::copy_from_slice(body),
    )
}

fn benches(c: &mut Criterion) {
    let credentials = Credentials::new("bench-api-key-0123456789abcdef");
    let order = OpenOrderRequest::limit("ETHBTC", Side::Sell, dec!(1.245), dec!(0.03437));
    c.bench_function("iqfinex/sign_request", |b| {
        b.iter(|| {
            let mut request = black_box(&order).to_request().expect("valid order");
            authorize(&mut request, Some(&credentials)).expect("authorized");
            request
        })
    });

    let book = orderbook_body(10_000);
    // The same bytes for `xtask/bench_json.py` (Python's json.loads and orjson).
    venue_testkit::save_bench_extra("bodies/iqfinex~decode_orderbook.json", &book[..]);
    let mut group = c.benchmark_group("iqfinex/decode_orderbook");
    group.throughput(Throughput::Bytes(book.len() as u64));
    group.bench_function("typed", |b| {
        b.iter_batched(
            || response(&book),
            |r| iqfinex_rs::error::decode::<OrderBook>(r).expect("decodes"),
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&book)).expect("decodes"))
    });
    group.finish();

    let trades = trades_body(2 * 1024 * 1024);
    // The same bytes for `xtask/bench_json.py` (Python's json.loads and orjson).
    venue_testkit::save_bench_extra("bodies/iqfinex~decode_my_trades.json", &trades[..]);
    let mut group = c.benchmark_group("iqfinex/decode_my_trades");
    group.throughput(Throughput::Bytes(trades.len() as u64));
    group.bench_function("typed", |b| {
        b.iter_batched(
            || response(&trades),
            |r| iqfinex_rs::error::decode::<Paged<MyTrade>>(r).expect("decodes"),
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&trades)).expect("decodes"))
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
    name = iqfinex;
    config = config();
    targets = benches
}
criterion_main!(iqfinex);

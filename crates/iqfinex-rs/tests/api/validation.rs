//! Constraints the document states, refused before anything is sent, naming the parameter.

use iqfinex_rs::{
    ApiRequest, CandlesRequest, Client, ClosedOrdersRequest, ErrorKind, Frame, MyTradesRequest,
    OpenOrderRequest, OrderTradesRequest, OrderbookRequest, Rounding, Sent, Side, TradesRequest,
};
use rust_decimal_macros::dec;
use venue_common::api::Context;

/// Runs the request's checks, as the client does before sending.
fn check<R: ApiRequest>(request: R) -> iqfinex_rs::Result<()> {
    request.validate(&Context::new(chrono::Utc::now()))
}

fn param_of(e: &iqfinex_rs::Error) -> &str {
    match e {
        iqfinex_rs::Error::InvalidRequest { param, .. } => param,
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

#[test]
fn limits_follow_the_document() {
    assert!(check(TradesRequest::new("BTCUSDT").limit(100)).is_ok());
    let e = check(TradesRequest::new("BTCUSDT").limit(101)).unwrap_err();
    assert_eq!(param_of(&e), "limit");
    assert_eq!(e.sent(), Sent::No);
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
    assert_eq!(
        param_of(&check(TradesRequest::new("BTCUSDT").limit(0)).unwrap_err()),
        "limit"
    );

    assert!(check(CandlesRequest::new("ETHBTC", Frame::M1).limit(500)).is_ok());
    assert_eq!(
        param_of(&check(CandlesRequest::new("ETHBTC", Frame::M1).limit(501)).unwrap_err()),
        "limit"
    );
    for r in [
        check(ClosedOrdersRequest::new().limit(101)),
        check(MyTradesRequest::new().limit(101)),
        check(OrderTradesRequest::new(1).limit(101)),
    ] {
        assert_eq!(param_of(&r.unwrap_err()), "limit");
    }
    assert!(check(ClosedOrdersRequest::new().limit(100)).is_ok());
}

#[test]
fn frames_and_rounding_come_from_the_fixed_lists() {
    let seconds: Vec<u32> = Frame::ALL.iter().map(|f| f.seconds()).collect();
    assert_eq!(
        seconds,
        vec![
            60, 120, 300, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 604800
        ]
    );
    assert_eq!(Frame::from_seconds(900).unwrap(), Frame::M15);
    assert_eq!(param_of(&Frame::from_seconds(600).unwrap_err()), "frame");
    assert_eq!(Rounding::from_level(2).unwrap(), Rounding::TwoDigits);
    assert_eq!(param_of(&Rounding::try_from(4u8).unwrap_err()), "rounding");
    // The document's example: BTCUSDT (2 digits) price 3632.12 at each level.
    let p = dec!(3632.12);
    assert_eq!(Rounding::Exact.apply(p, 2), dec!(3632.12));
    assert_eq!(Rounding::OneDigit.apply(p, 2), dec!(3632.1));
    assert_eq!(Rounding::TwoDigits.apply(p, 2), dec!(3632));
    assert_eq!(Rounding::ThreeDigits.apply(p, 2), dec!(3630));
}

#[test]
fn orders_are_checked() {
    let bad = [
        (
            OpenOrderRequest::limit("", Side::Buy, dec!(1), dec!(1)),
            "asset",
        ),
        (
            OpenOrderRequest::limit("ETHBTC", Side::Other("hold".into()), dec!(1), dec!(1)),
            "cmd",
        ),
        (
            OpenOrderRequest::market("ETHBTC", Side::Buy, dec!(0)),
            "volume",
        ),
        (
            OpenOrderRequest::limit("ETHBTC", Side::Buy, dec!(1), dec!(-1)),
            "price",
        ),
        (
            OpenOrderRequest::stop_limit("ETHBTC", Side::Buy, dec!(1), dec!(1), dec!(0)),
            "stopPrice",
        ),
    ];
    for (order, param) in bad {
        assert_eq!(param_of(&check(order).unwrap_err()), param);
    }
    assert_eq!(
        OpenOrderRequest::market("ETHBTC", Side::Buy, dec!(1)).kind(),
        iqfinex_rs::OrderType::Market
    );
    assert_eq!(
        OpenOrderRequest::stop_limit("ETHBTC", Side::Buy, dec!(1), dec!(2), dec!(3)).kind(),
        iqfinex_rs::OrderType::StopLimit
    );
}

#[test]
fn path_names_are_checked_and_cannot_escape() {
    let e = check(TradesRequest::new(" ")).unwrap_err();
    assert_eq!(param_of(&e), "asset");
    let r = TradesRequest::new("BTC/../x").to_request().unwrap();
    assert_eq!(r.path, "/v1/trades/BTC%2F..%2Fx");
}

#[tokio::test]
async fn nothing_is_sent_for_invalid_input() {
    venue_testkit::install();
    // Port 9 on loopback: if anything were sent it would fail with a network error instead.
    let c = Client::builder()
        .base_url("http://127.0.0.1:9")
        .no_pacing()
        .build()
        .unwrap();
    let e = c.trades("BTCUSDT").limit(1000).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
    let e = c.balance().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingCredentials);
    assert_eq!(e.sent(), Sent::No);
}

#[test]
fn open_enum_values_off_the_documents_lists_are_refused() {
    // Rounding and Frame keep unknown values (`Other`) like every venue enum; a request never
    // sends one.
    assert!(check(OrderbookRequest::new("BTCUSDT", Rounding::ThreeDigits)).is_ok());
    for level in [-1, 4] {
        let e = check(OrderbookRequest::new("BTCUSDT", Rounding::Other(level))).unwrap_err();
        assert_eq!(param_of(&e), "rounding");
    }
    let e = check(CandlesRequest::new("ETHBTC", Frame::Other(600))).unwrap_err();
    assert_eq!(param_of(&e), "frame");
    let sent = OrderbookRequest::new("BTCUSDT", Rounding::TwoDigits)
        .to_request()
        .unwrap();
    assert_eq!(sent.path, "/v1/orderbook/BTCUSDT/2");
}

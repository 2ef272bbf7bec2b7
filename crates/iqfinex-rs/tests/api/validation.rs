//! Constraints the document states, refused before anything is sent, naming the parameter.

use iqfinex_rs::market::{CandlesRequest, TradesRequest};
use iqfinex_rs::orders::{ClosedOrdersRequest, MyTradesRequest, OrderTradesRequest};
use iqfinex_rs::{ApiRequest, Client, ErrorKind, Frame, NewOrder, Rounding, Sent, Side};
use rust_decimal_macros::dec;

fn param_of(e: &iqfinex_rs::Error) -> &str {
    match e {
        iqfinex_rs::Error::InvalidRequest { param, .. } => param,
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

#[test]
fn limits_follow_the_document() {
    assert!(
        TradesRequest::new("BTCUSDT")
            .limit(100)
            .to_request()
            .is_ok()
    );
    let e = TradesRequest::new("BTCUSDT")
        .limit(101)
        .to_request()
        .unwrap_err();
    assert_eq!(param_of(&e), "limit");
    assert_eq!(e.sent(), Sent::No);
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
    assert_eq!(
        param_of(
            &TradesRequest::new("BTCUSDT")
                .limit(0)
                .to_request()
                .unwrap_err()
        ),
        "limit"
    );

    assert!(
        CandlesRequest::new("ETHBTC", Frame::M1)
            .limit(500)
            .to_request()
            .is_ok()
    );
    assert_eq!(
        param_of(
            &CandlesRequest::new("ETHBTC", Frame::M1)
                .limit(501)
                .to_request()
                .unwrap_err()
        ),
        "limit"
    );
    for r in [
        ClosedOrdersRequest::default().limit(101).to_request(),
        MyTradesRequest::default().limit(101).to_request(),
        OrderTradesRequest {
            id: 1,
            ..Default::default()
        }
        .limit(101)
        .to_request(),
    ] {
        assert_eq!(param_of(&r.unwrap_err()), "limit");
    }
    assert!(
        ClosedOrdersRequest::default()
            .limit(100)
            .to_request()
            .is_ok()
    );
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
        (NewOrder::limit("", Side::Buy, dec!(1), dec!(1)), "asset"),
        (
            NewOrder::limit("ETHBTC", Side::Other("hold".into()), dec!(1), dec!(1)),
            "cmd",
        ),
        (NewOrder::market("ETHBTC", Side::Buy, dec!(0)), "volume"),
        (
            NewOrder::limit("ETHBTC", Side::Buy, dec!(1), dec!(-1)),
            "price",
        ),
        (
            NewOrder::stop_limit("ETHBTC", Side::Buy, dec!(1), dec!(1), dec!(0)),
            "stopPrice",
        ),
    ];
    for (order, param) in bad {
        assert_eq!(param_of(&order.to_request().unwrap_err()), param);
    }
    assert_eq!(
        NewOrder::market("ETHBTC", Side::Buy, dec!(1)).kind(),
        iqfinex_rs::OrderType::Market
    );
    assert_eq!(
        NewOrder::stop_limit("ETHBTC", Side::Buy, dec!(1), dec!(2), dec!(3)).kind(),
        iqfinex_rs::OrderType::StopLimit
    );
}

#[test]
fn path_names_are_checked_and_cannot_escape() {
    let e = TradesRequest::new(" ").to_request().unwrap_err();
    assert_eq!(param_of(&e), "asset");
    let r = TradesRequest::new("BTC/../x").to_request().unwrap();
    assert_eq!(r.path, "/v1/trades/BTC%2F..%2Fx");
}

#[tokio::test]
async fn nothing_is_sent_for_invalid_input() {
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

//! What the live venue does where the document differs ("Live fidelity"): the venue's own
//! client's values and spellings (PyPI `alpcom-api`, `alpcom_api/dto.py`).

use alp_rs::v3::{self, OrderStatus, SideEffect, TimeInForce, WalletType};
use alp_rs::{MarginBorrowRequest, MarginRepayRequest, MarginTransferRequest};
use rust_decimal_macros::dec;
use venue_common::api::{ApiRequest, Context};

fn de<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap()
}

#[test]
fn v3_statuses_are_the_venue_clients() {
    let all: Vec<OrderStatus> = de(r#"["UNDEFINED","PENDING","OPEN","CANCELLED",
        "PARTIAL_CANCELLED","PARTIAL_FILLED","FILLED","EXPIRED","FAILED"]"#);
    assert_eq!(
        all,
        [
            OrderStatus::Undefined,
            OrderStatus::Pending,
            OrderStatus::Open,
            OrderStatus::Cancelled,
            OrderStatus::PartialCancelled,
            OrderStatus::PartialFilled,
            OrderStatus::Filled,
            OrderStatus::Expired,
            OrderStatus::Failed,
        ]
    );
    // Values neither the document nor the venue's client has are not invented.
    let invented: Vec<OrderStatus> = de(r#"["PARTIALLY_FILLED","REJECTED"]"#);
    assert!(invented.iter().all(|s| matches!(s, OrderStatus::Other(_))));
}

#[test]
fn v3_sides_decode_both_spellings_and_go_out_as_bid_ask() {
    let sides: Vec<v3::Side> = de(r#"["BUY","BID","SELL","ASK"]"#);
    assert_eq!(
        sides,
        [v3::Side::Buy, v3::Side::Buy, v3::Side::Sell, v3::Side::Sell]
    );
    assert_eq!(serde_json::to_string(&v3::Side::Buy).unwrap(), r#""BID""#);
    assert_eq!(serde_json::to_string(&v3::Side::Sell).unwrap(), r#""ASK""#);
}

#[test]
fn v3_values_of_the_venues_client_decode() {
    assert_eq!(de::<WalletType>(r#""FUNDING""#), WalletType::Funding);
    assert_eq!(de::<TimeInForce>(r#""AON""#), TimeInForce::Aon);
    assert_eq!(de::<SideEffect>(r#""AUTO_REPLAY""#), SideEffect::AutoRepay);
    assert_eq!(
        de::<SideEffect>(r#""NO_SIDE_EFFECT""#),
        SideEffect::NoSideEffect
    );
}

#[test]
fn margin_checks_never_refuse_a_wallet_the_venue_may_accept() {
    let ctx = Context::new(chrono::Utc::now());
    let other = WalletType::Other("MARGIN_V2".into());
    let manual = v3::LoanType::Manual;
    MarginBorrowRequest::new("ETH", None, other.clone(), manual.clone(), dec!(1))
        .validate(&ctx)
        .unwrap();
    MarginRepayRequest::new(other.clone(), manual.clone(), "ETH", dec!(1), None)
        .validate(&ctx)
        .unwrap();
    MarginTransferRequest::new(other, v3::Direction::Add, "ETH", dec!(1), None)
        .validate(&ctx)
        .unwrap();
    for known_not_margin in [WalletType::Spot, WalletType::Funding] {
        let e = MarginBorrowRequest::new("ETH", None, known_not_margin, manual.clone(), dec!(1))
            .validate(&ctx)
            .unwrap_err();
        assert_eq!(e.kind(), venue_common::ErrorKind::InvalidRequest, "{e}");
    }
}

#[test]
fn amounts_and_prices_go_out_normalized_and_signed_so() {
    use alp_rs::{MarginBorrowRequest, PlaceOrderRequest};
    let secret = venue_common::secret::SecretString::from(super::common::SECRET.to_string());
    let order = PlaceOrderRequest::limit(
        25,
        WalletType::Spot,
        "BTC_USDT",
        v3::Side::Buy,
        dec!(870.690),
        dec!(0.10000),
    )
    .to_request()
    .unwrap();
    let body = std::str::from_utf8(order.body_bytes()).unwrap();
    assert_eq!(
        body,
        r#"{"account_id":25,"wallet_type":"SPOT","pair":"BTC_USDT","order_side":"BID","order_type":"LIMIT","tif":"GTC","limit_price":870.69,"base_amount":0.1}"#
    );
    // From tests/vectors/alp_sign.py (the venue client's body signature).
    assert_eq!(
        alp_rs::auth::v3_body_signature(&secret, body.as_bytes()),
        "80689ca15d6b9b1a96039b88cedf8b32b8c7cea61bd7681ecb2fc6613cce393a"
    );
    let third = dec!(1) / dec!(3);
    let borrow = MarginBorrowRequest::new(
        "ETH",
        None,
        WalletType::CrossMargin,
        v3::LoanType::Manual,
        third * dec!(1.0000),
    )
    .to_request()
    .unwrap();
    let body = std::str::from_utf8(borrow.body_bytes()).unwrap();
    assert_eq!(
        body,
        r#"{"currency":"ETH","pair":"","wallet_type":"CROSS_MARGIN","type":"LOAN_MANUAL","borrow":0.3333333333333333333333333333}"#
    );
    assert_eq!(
        alp_rs::auth::v3_body_signature(&secret, body.as_bytes()),
        "ec1fe6f55f31b245b5f40c2c5030369e887bbe2a52e2368c7c8236c39e99e30e"
    );
    // v1: the form carries the normalized text.
    let form =
        alp_rs::CreateOrderRequest::new(alp_rs::v1::Side::Buy, "BTC_USD", dec!(1.0), dec!(870.690))
            .to_request()
            .unwrap();
    let text = std::str::from_utf8(form.body_bytes()).unwrap();
    assert!(
        text.contains("amount=1&") || text.ends_with("amount=1"),
        "{text}"
    );
    assert!(text.contains("price=870.69"), "{text}");
    assert!(!text.contains("870.690"), "{text}");
}

fn pair(price_precision: u32, amount_precision: u32) -> alp_rs::v1::Pair {
    serde_json::from_value(serde_json::json!({
        "name": "BTC_USDT", "currency1": "BTC", "currency2": "USDT",
        "price_precision": price_precision, "amount_precision": amount_precision,
    }))
    .unwrap()
}

#[test]
fn a_pair_given_refuses_what_its_precision_does_not_allow() {
    use alp_rs::{CreateOrderRequest, PlaceOrderRequest};
    let ctx = Context::new(chrono::Utc::now());
    let p = pair(2, 4);
    // Trailing zeros do not count; extra places do.
    CreateOrderRequest::new(
        alp_rs::v1::Side::Buy,
        "BTC_USDT",
        dec!(0.10000),
        dec!(870.690),
    )
    .pair_info(p.clone())
    .validate(&ctx)
    .unwrap();
    let e = CreateOrderRequest::new(alp_rs::v1::Side::Buy, "BTC_USDT", dec!(0.1), dec!(870.691))
        .pair_info(p.clone())
        .validate(&ctx)
        .unwrap_err();
    assert!(e.to_string().contains("price"), "{e}");
    let e = PlaceOrderRequest::limit(
        25,
        WalletType::Spot,
        "BTC_USDT",
        v3::Side::Buy,
        dec!(870.69),
        dec!(0.00001),
    )
    .pair_info(p.clone())
    .validate(&ctx)
    .unwrap_err();
    assert!(e.to_string().contains("base_amount"), "{e}");
    let computed = dec!(1) / dec!(3);
    let e = PlaceOrderRequest::limit(
        25,
        WalletType::Spot,
        "BTC_USDT",
        v3::Side::Buy,
        dec!(870.69),
        computed,
    )
    .pair_info(p.clone())
    .validate(&ctx)
    .unwrap_err();
    assert!(e.to_string().contains("base_amount"), "{e}");
    // A cached `pairs()` answer serves the lookup.
    let cached = vec![pair(6, 8), p.clone()];
    assert_eq!(
        alp_rs::v1::Pair::find(&cached, "BTC_USDT"),
        Some(&cached[0])
    );
    assert_eq!(alp_rs::v1::Pair::find(&cached, "ETH_USDT"), None);
    // The rounding helpers make them fit.
    assert_eq!(p.round_amount(computed), dec!(0.3333));
    assert_eq!(p.round_price(dec!(870.695)), dec!(870.70).normalize());
    assert_eq!(p.round_price(dec!(870.690)).to_string(), "870.69");
    PlaceOrderRequest::limit(
        25,
        WalletType::Spot,
        "BTC_USDT",
        v3::Side::Buy,
        p.round_price(dec!(870.6949)),
        p.round_amount(computed),
    )
    .pair_info(p)
    .validate(&ctx)
    .unwrap();
}

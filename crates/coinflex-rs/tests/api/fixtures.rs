//! The documented samples decode to the documented values, field by field.

use chrono::{DateTime, TimeZone, Utc};
use coinflex_rs::{
    BorrowHistoryRequest, BorrowRequest, BorrowStatus, BorrowingSummaryRequest, CloseBorrowRequest,
    Envelope, Notice, OrderStatus, OrderType, RateType, RepayHistoryRequest, RepayRequest, Side,
    SummaryStatus, TimeInForce,
};
use rust_decimal_macros::dec;
use venue_common::api::{ApiRequest, DecodeContext};
use venue_common::{Bytes, HeaderMap, Response, StatusCode};
use venue_testkit::record_fixture;

use super::common::fixture;

fn ms(v: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(v).unwrap()
}

/// The sample's envelope, with its `data` decoded as the endpoint's call decodes it.
fn decode<R: ApiRequest>(id: &str) -> Envelope<R::Output> {
    let text = fixture(id);
    let envelope: Envelope<serde::de::IgnoredAny> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{id}: {e}"));
    let data = R::decode(
        Response::new(StatusCode::OK, HeaderMap::new(), Bytes::from(text)),
        &DecodeContext::default(),
    )
    .unwrap_or_else(|e| panic!("{id}: {e}"));
    Envelope {
        event: envelope.event,
        timestamp: envelope.timestamp,
        account_id: envelope.account_id,
        data,
    }
}

#[test]
fn borrowing_summary_sample() {
    let e = decode::<BorrowingSummaryRequest>("borrowing_summary");
    assert_eq!(e.event, "borrowingSummary");
    assert_eq!(e.timestamp, ms(1626433981644));
    assert_eq!(e.account_id, "3123");
    assert_eq!(e.data.len(), 1);
    let row = &e.data[0];
    assert_eq!(row.borrow_asset, "USD");
    assert_eq!(row.borrowed_amount, dec!(109031.8252978));
    assert_eq!(row.collateral_asset, "BTC");
    assert_eq!(row.collateralized_amount, dec!(3.65800000));
    assert_eq!(row.collateralized_amount.to_string(), "3.65800000");
    assert_eq!(row.rate_type, RateType::FloatingRate);
    assert_eq!(row.status, SummaryStatus::ToBeRepaid);
    record_fixture("coinflex", "borrowing_summary");
}

#[test]
fn close_borrow_sample() {
    let e = decode::<CloseBorrowRequest>("close_borrow");
    assert_eq!(e.event, "closeBorrow");
    assert_eq!(e.timestamp, ms(1626434069478));
    assert_eq!(e.account_id, "3123");
    let o = &e.data;
    assert!(o.success);
    assert_eq!(o.timestamp, ms(1626434069461));
    assert_eq!(o.client_order_id, Some(1626434069478));
    assert_eq!(o.order_id.as_deref(), Some("1000018496331"));
    assert_eq!(o.price, Some(dec!(29633.5)));
    assert_eq!(o.quantity, dec!(1.0));
    assert_eq!(o.side, Side::Sell);
    assert_eq!(o.status, OrderStatus::CanceledByFok);
    assert_eq!(o.market_code, "BTC-USD-SWAP-LIN");
    assert_eq!(o.time_in_force, TimeInForce::Fok);
    assert_eq!(o.notice, Notice::OrderClosed);
    assert_eq!(o.order_type, OrderType::Market);
    assert_eq!(o.is_triggered, Some(false));
    record_fixture("coinflex", "close_borrow");
}

#[test]
fn borrow_sample() {
    let e = decode::<BorrowRequest>("borrow");
    assert_eq!(e.event, "borrow");
    assert_eq!(e.timestamp, ms(1626433827430));
    assert_eq!(e.account_id, "3123");
    let b = &e.data;
    assert_eq!(b.borrow_asset, "USD");
    assert_eq!(b.borrowed_amount, dec!(296.21588287));
    assert_eq!(b.collateral_asset, "BTC");
    assert_eq!(b.collateralized_amount, dec!(0.01));
    assert_eq!(b.non_collateralized_amount, Some(dec!(0)));
    assert_eq!(b.rate_type, RateType::FloatingRate);
    assert_eq!(b.status, BorrowStatus::Completed);
    assert_eq!(b.borrowed_at, ms(1626433827616));
    record_fixture("coinflex", "borrow");
}

#[test]
fn repay_sample() {
    let e = decode::<RepayRequest>("repay");
    assert_eq!(e.event, "repay");
    assert_eq!(e.timestamp, ms(1626433876060));
    assert_eq!(e.account_id, "3123");
    let r = &e.data;
    assert_eq!(r.repay_asset, "USD");
    assert_eq!(r.repaid_amount, dec!(31.33109616));
    assert_eq!(r.regain_asset, "BTC");
    assert_eq!(r.regained_amount, dec!(0.001));
    assert_eq!(r.non_regained_amount, Some(dec!(0)));
    assert_eq!(r.status, BorrowStatus::Completed);
    assert_eq!(r.repaid_at, ms(1626433876398));
    assert_eq!(r.borrowed_at, None);
    record_fixture("coinflex", "repay");
}

#[test]
fn borrow_history_sample() {
    let e = decode::<BorrowHistoryRequest>("borrow_history");
    assert_eq!(e.event, "borrowHistory");
    assert_eq!(e.timestamp, ms(1626433904976));
    assert_eq!(e.account_id, "3123");
    assert_eq!(e.data.len(), 2);
    let a = &e.data[0];
    assert_eq!(a.borrow_asset, "USD");
    assert_eq!(a.borrowed_amount, dec!(296.2158828));
    assert_eq!(a.collateral_asset, "BTC");
    assert_eq!(a.collateralized_amount, dec!(0.01000000));
    assert_eq!(a.non_collateralized_amount, Some(dec!(0)));
    assert_eq!(a.rate_type, RateType::FloatingRate);
    assert_eq!(a.status, BorrowStatus::Completed);
    assert_eq!(a.borrowed_at, ms(1626433827613));
    let b = &e.data[1];
    assert_eq!(b.borrow_asset, "USD");
    assert_eq!(b.borrowed_amount, dec!(0));
    assert_eq!(b.collateral_asset, "BTC");
    assert_eq!(b.collateralized_amount, dec!(0));
    assert_eq!(b.non_collateralized_amount, Some(dec!(1)));
    assert_eq!(b.rate_type, RateType::FloatingRate);
    // The sample spells `CANCELED`, the table `CANCELLED`: both are the same status.
    assert_eq!(b.status, BorrowStatus::Cancelled);
    assert_eq!(b.borrowed_at, ms(1626432797124));
    record_fixture("coinflex", "borrow_history");
}

#[test]
fn repay_history_sample() {
    let e = decode::<RepayHistoryRequest>("repay_history");
    assert_eq!(e.event, "repayHistory");
    assert_eq!(e.timestamp, ms(1626433953585));
    assert_eq!(e.account_id, "3123");
    assert_eq!(e.data.len(), 2);
    let a = &e.data[0];
    assert_eq!(a.repay_asset, "USD");
    assert_eq!(a.repaid_amount, dec!(0));
    assert_eq!(a.regain_asset, "BTC");
    assert_eq!(a.regained_amount, dec!(0));
    assert_eq!(a.non_regained_amount, Some(dec!(0.001)));
    assert_eq!(a.status, BorrowStatus::Cancelled);
    assert_eq!(a.repaid_at, ms(1626747403329));
    assert_eq!(a.borrowed_at, None);
    let b = &e.data[1];
    assert_eq!(b.repay_asset, "USD");
    assert_eq!(b.repaid_amount, dec!(31863.01677));
    assert_eq!(b.regain_asset, "BTC");
    assert_eq!(b.regained_amount, dec!(1));
    assert_eq!(b.non_regained_amount, Some(dec!(0)));
    assert_eq!(b.status, BorrowStatus::Completed);
    assert_eq!(b.repaid_at, ms(1626676776330));
    record_fixture("coinflex", "repay_history");
}

#[test]
fn envelope_timestamp_as_number_and_unknown_values_decode() {
    // Other v2 answers send `timestamp` as a number; unknown enum values stay readable.
    let body = r#"{"event":"borrow","timestamp":1626433827430,"accountId":3123,"data":{
        "borrowAsset":"USD","borrowedAmount":"1","collateralAsset":"ETH","collateralizedAmount":"2",
        "rateType":"STEP_RATE","status":"PENDING","borrowedAt":1626433827616,"extra":"ignored"}}"#;
    let e: Envelope<coinflex_rs::Borrowing> = coinflex_rs::error::decode(Response::new(
        StatusCode::OK,
        HeaderMap::new(),
        Bytes::from(body),
    ))
    .unwrap();
    assert_eq!(e.timestamp, ms(1626433827430));
    assert_eq!(e.account_id, "3123");
    assert_eq!(e.data.rate_type, RateType::Other("STEP_RATE".into()));
    assert_eq!(e.data.status, BorrowStatus::Other("PENDING".into()));
    assert_eq!(e.data.non_collateralized_amount, None);
}

#[test]
fn documented_optional_flags_may_be_null_or_odd() {
    for flag in ["null", "\"yes\"", "1", "{}"] {
        let body = format!(
            r#"{{"event":"closeBorrow","timestamp":"1","accountId":"1","data":{{"success":"true","timestamp":"1626434069461","quantity":"1","side":"SELL","status":"FILLED","marketCode":"BTC-USD-SWAP-LIN","timeInForce":"FOK","notice":"OrderClosed","orderType":"MARKET","isTriggered":{flag}}}}}"#
        );
        let e: Envelope<coinflex_rs::CloseBorrowOrder> =
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("isTriggered {flag}: {e}"));
        assert_eq!(e.data.is_triggered, None, "isTriggered {flag}");
    }
}

#[test]
fn every_answer_model_survives_any_serde_format() {
    use venue_testkit::formats::round_trip;
    round_trip(
        "borrowing_summary",
        &decode::<BorrowingSummaryRequest>("borrowing_summary"),
    );
    round_trip("borrow", &decode::<BorrowRequest>("borrow"));
    round_trip("repay", &decode::<RepayRequest>("repay"));
    round_trip(
        "close_borrow",
        &decode::<CloseBorrowRequest>("close_borrow"),
    );
    round_trip(
        "borrow_history",
        &decode::<BorrowHistoryRequest>("borrow_history"),
    );
    round_trip(
        "repay_history",
        &decode::<RepayHistoryRequest>("repay_history"),
    );
}

/// The leniency rule: what the document's field tables promise is required (every field of
/// the tables: none is marked optional but `isTriggered`, "for stop order", and the repay
/// history's `borrowedAt`, which its sample lacks); anything else may be missing or `null`.
#[test]
fn only_promised_fields_are_required() {
    use venue_testkit::leniency::optional_fields;
    const ENVELOPE: &[&str] = &["event", "timestamp", "accountId", "data"];
    fn check<R: ApiRequest>(id: &str, required: &[&str]) {
        let required: Vec<&str> = ENVELOPE.iter().chain(required).copied().collect();
        let breaches = optional_fields(&fixture(id), &required, |text| {
            let response = Response::new(
                StatusCode::OK,
                HeaderMap::new(),
                Bytes::from(text.to_string()),
            );
            R::decode(response, &DecodeContext::default())
                .map(|_| ())
                .map_err(|e| e.to_string())
        });
        assert!(breaches.is_empty(), "{id}: {breaches:#?}");
    }
    let borrowing = [
        "data.borrowAsset",
        "data.borrowedAmount",
        "data.collateralAsset",
        "data.collateralizedAmount",
        "data.rateType",
        "data.status",
        "data.borrowedAt",
    ];
    check::<BorrowRequest>("borrow", &borrowing);
    let rows: Vec<String> = borrowing
        .iter()
        .map(|p| p.replace("data.", "data[]."))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    check::<BorrowHistoryRequest>("borrow_history", &rows);
    let repayment = [
        "data.repayAsset",
        "data.repaidAmount",
        "data.regainAsset",
        "data.regainedAmount",
        "data.status",
        "data.repaidAt",
    ];
    check::<RepayRequest>("repay", &repayment);
    let rows: Vec<String> = repayment
        .iter()
        .map(|p| p.replace("data.", "data[]."))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    check::<RepayHistoryRequest>("repay_history", &rows);
    check::<BorrowingSummaryRequest>(
        "borrowing_summary",
        &[
            "data[].borrowAsset",
            "data[].borrowedAmount",
            "data[].collateralAsset",
            "data[].collateralizedAmount",
            "data[].rateType",
            "data[].status",
        ],
    );
    check::<CloseBorrowRequest>(
        "close_borrow",
        &[
            "data.success",
            "data.timestamp",
            "data.quantity",
            "data.side",
            "data.status",
            "data.marketCode",
            "data.timeInForce",
            "data.notice",
            "data.orderType",
        ],
    );
}

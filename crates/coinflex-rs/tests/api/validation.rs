//! Every documented constraint is checked before anything is sent, naming the parameter.

use chrono::{Duration, TimeZone, Utc};
use coinflex_rs::{ApiRequest, Error, ErrorKind, Sent};
use rust_decimal_macros::dec;

use super::common::{T0, client};

fn param(e: Error) -> String {
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
    assert_eq!(e.sent(), Sent::No);
    match e {
        Error::InvalidRequest { param, .. } => param,
        other => panic!("{other}"),
    }
}

#[tokio::test]
async fn history_limits_and_windows() {
    // Nothing listens on port 9: a request that got past validation would fail differently.
    let (client, _) = client("http://127.0.0.1:9");
    let now = Utc.timestamp_millis_opt(T0).unwrap();
    let e = client.borrow_history("BTC").limit(101).await.unwrap_err();
    assert_eq!(param(e), "limit");
    let e = client.repay_history("BTC").limit(0).await.unwrap_err();
    assert_eq!(param(e), "limit");
    let e = client
        .borrow_history("BTC")
        .start_time(now - Duration::days(8))
        .end_time(now)
        .await
        .unwrap_err();
    assert_eq!(param(e), "endTime");
    let e = client
        .repay_history("BTC")
        .start_time(now)
        .end_time(now - Duration::seconds(1))
        .await
        .unwrap_err();
    assert_eq!(param(e), "endTime");
    // A lone startTime is checked against the default endTime, now (the client's clock).
    let e = client
        .borrow_history("BTC")
        .start_time(now - Duration::days(7) - Duration::milliseconds(1))
        .await
        .unwrap_err();
    assert_eq!(param(e), "startTime");
    let e = client.borrow_history("").await.unwrap_err();
    assert_eq!(param(e), "asset");
    let e = client.borrow_history("BTC/../x").await.unwrap_err();
    assert_eq!(param(e), "asset");
}

#[test]
fn exactly_seven_days_and_a_hundred_rows_are_allowed() {
    let now = Utc.timestamp_millis_opt(T0).unwrap();
    let r = coinflex_rs::BorrowHistoryRequest::new("BTC")
        .limit(100)
        .start_time(now - Duration::days(7))
        .end_time(now);
    r.validate(&venue_common::api::Context::new(now)).unwrap();
    let r = r.to_request().unwrap();
    assert_eq!(
        r.query_string(),
        format!("limit=100&startTime={}&endTime={T0}", T0 - 7 * 86_400_000)
    );
}

#[tokio::test]
async fn writes_need_assets_and_positive_amounts() {
    let (client, _) = client("http://127.0.0.1:9");
    assert_eq!(
        param(client.borrow("", "BTC", dec!(1)).await.unwrap_err()),
        "borrowAsset"
    );
    assert_eq!(
        param(client.borrow("USD", " ", dec!(1)).await.unwrap_err()),
        "collateralAsset"
    );
    assert_eq!(
        param(client.borrow("USD", "BTC", dec!(0)).await.unwrap_err()),
        "collateralAmount"
    );
    assert_eq!(
        param(client.repay("", "BTC", dec!(1)).await.unwrap_err()),
        "repayAsset"
    );
    assert_eq!(
        param(client.repay("USD", "", dec!(1)).await.unwrap_err()),
        "regainAsset"
    );
    assert_eq!(
        param(client.repay("USD", "BTC", dec!(-1)).await.unwrap_err()),
        "regainAmount"
    );
    assert_eq!(
        param(client.close_borrow("").await.unwrap_err()),
        "marketCode"
    );
    assert_eq!(
        param(
            client
                .close_borrow("BTC-USD-SWAP-LIN")
                .price(dec!(0))
                .await
                .unwrap_err()
        ),
        "price"
    );
    assert_eq!(
        param(
            client
                .close_borrow("BTC-USD-SWAP-LIN")
                .quantity(dec!(-2))
                .await
                .unwrap_err()
        ),
        "quantity"
    );
}

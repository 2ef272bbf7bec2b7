//! Answers recorded from the live v1 API (tests/fixtures/live/README.md says where each comes
//! from) decode through the public calls with the right values, times included; and the
//! walks that must not miss or repeat items.

use std::sync::Arc;

use alp_rs::v1::{OrderStatus, Side, Timeframe};
use alp_rs::{Client, Credentials};
use chrono::{DateTime, Utc};
use futures::StreamExt;
use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use rust_decimal_macros::dec;
use venue_common::ManualClock;

use super::common::{KEY, SECRET, jwt};

fn live(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/live/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

const NOW_MS: i64 = 1_700_000_000_123;

fn client(server: &MockServer) -> Client {
    venue_testkit::install();
    Client::builder()
        .base_url(server.base_url())
        .credentials(Credentials::new(KEY, SECRET))
        .clock(Arc::new(ManualClock::at_millis(NOW_MS)))
        .no_pacing()
        .retry_policy(alp_rs::RetryPolicy::off())
        .build()
        .unwrap()
}

async fn serve(server: &MockServer, method: httpmock::Method, path: &str, body: String) {
    server
        .mock_async(|when, then| {
            when.method(method).path(path);
            then.status(200)
                .header("content-type", "application/json")
                .body(body);
        })
        .await;
}

#[tokio::test]
async fn live_v1_public_answers_decode_with_their_times() {
    let server = MockServer::start_async().await;
    let c = client(&server);
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/ticker/")
                .query_param("pair", "BTC_USDT");
            then.status(200).body(live("ticker_pair"));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/ticker/")
                .query_param_missing("pair");
            then.status(200).body(live("ticker_list"));
        })
        .await;
    serve(&server, GET, "/v1/exchanges/", live("exchanges")).await;
    serve(&server, GET, "/v1/pairs/", live("pairs")).await;
    // The path the live clients use: with the trailing slash.
    serve(&server, GET, "/charts/BTC_USDT/60/chart/", live("charts")).await;
    serve(
        &server,
        GET,
        "/charts/ETH_BTC/5/chart/",
        live("charts_numbers"),
    )
    .await;

    // A ticker asked for one pair is one object.
    let one = c.v1().ticker().pair("BTC_USDT").await.unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].timestamp, Some(t("2024-03-13T11:10:17.553Z")));
    assert_eq!(one[0].pair, "BTC_USDT");
    assert_eq!(one[0].last, Some(dec!(73356.61)));
    assert_eq!(one[0].diff, Some(dec!(1261.61)));
    assert_eq!(one[0].vol, Some(dec!(3077.27262)));
    assert_eq!(
        (one[0].buy, one[0].sell),
        (Some(dec!(73365.77)), Some(dec!(73422.95)))
    );
    let all = c.v1().ticker().await.unwrap();
    assert_eq!(all[0].timestamp, Some(t("2023-01-25T14:54:05.272Z")));
    assert_eq!(all[0].high, Some(dec!(23106.08)));

    let trades = c.v1().exchanges().await.unwrap();
    assert_eq!(trades[0].id, 1_725_465_174);
    assert_eq!(trades[0].account_id, Some(412_965));
    assert_eq!(trades[0].timestamp, Some(t("2024-03-12T17:35:56.584Z")));
    assert_eq!(trades[0].side, Some(Side::Buy));
    assert_eq!(
        (trades[0].price, trades[0].amount),
        (Some(dec!(69817.52)), Some(dec!(0.019)))
    );

    let pairs = c.v1().pairs().await.unwrap();
    assert_eq!(pairs[0].name, "1INCH_USDT");
    assert_eq!(
        (pairs[0].price_precision, pairs[0].amount_precision),
        (Some(4), Some(2))
    );
    assert_eq!(pairs[0].minimum_order_size, Some(dec!(0.01)));
    assert_eq!(pairs[0].maximum_order_size, Some(dec!(900000)));
    assert_eq!(pairs[0].minimum_order_value, Some(dec!(10)));

    let candles = c.v1().charts("BTC_USDT", Timeframe::H1).await.unwrap();
    assert_eq!(candles[0].time, Some(t("2024-03-13T11:00:00Z")));
    assert_eq!(candles[0].open, Some(dec!(73303.56)));
    assert_eq!(candles[0].volume, Some(dec!(16.446269)));
    let candles = c.v1().charts("ETH_BTC", Timeframe::M5).await.unwrap();
    assert_eq!(candles[1].time, Some(t("2020-06-04T18:35:00Z")));
    assert_eq!(candles[1].close, Some(dec!(0.02475)));
}

#[tokio::test]
async fn live_v1_private_answers_decode_with_their_times() {
    let server = MockServer::start_async().await;
    let c = client(&server);
    serve(&server, GET, "/v1/exchanges/own/", live("own_exchanges")).await;
    serve(&server, GET, "/v1/order/923763073/", live("order")).await;
    serve(&server, POST, "/v1/order/", live("create_order")).await;

    let mine = c.v1().own_exchanges().await.unwrap();
    assert_eq!(mine[0].id, 202_203_440);
    assert_eq!(mine[0].timestamp, Some(t("2021-11-25T16:04:36.264215Z")));
    assert_eq!(mine[0].my_side, Some(Side::Buy));
    assert_eq!(mine[0].price, Some(dec!(320.799)));

    let order = c.v1().order(923_763_073).await.unwrap();
    assert_eq!(order.id, 923_763_073);
    assert_eq!(order.date, Some(t("2021-10-28T19:58:10.368Z")));
    assert_eq!(order.status, Some(OrderStatus::Done));
    assert_eq!(order.side, Some(Side::Sell));
    assert_eq!(order.amount_filled, Some(dec!(10)));
    assert_eq!(order.amount_original, Some(dec!(10)));

    let placed = c
        .v1()
        .create_order(Side::Sell, "XRP_USDT", dec!(10), dec!(1))
        .await
        .unwrap();
    assert_eq!(placed.oid, 923_776_755);
    assert_eq!(placed.success, Some(true));
    assert_eq!(placed.date, Some(t("2021-10-28T20:09:14.497541Z")));
    assert_eq!(placed.amount, Some(dec!(10)));
}

#[tokio::test]
async fn trade_pages_shifted_by_a_new_trade_yield_each_row_once() {
    let server = MockServer::start_async().await;
    let c = client(&server);
    let row = |id: u64| {
        format!(
            r#"{{"id":"{id}","price":"1","amount":"1","pair":"BTC_USDT","type":"buy","timestamp":"1710264.956584"}}"#
        )
    };
    // Newest first; a trade (id 11) arrives after the first page, so the second page starts
    // with the first page's last row again.
    for (offset, ids) in [("0", vec![10, 9]), ("2", vec![9, 8]), ("4", vec![7])] {
        let body = format!(
            "[{}]",
            ids.iter().map(|i| row(*i)).collect::<Vec<_>>().join(",")
        );
        server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/v1/exchanges/")
                    .query_param("offset", offset);
                then.status(200).body(body);
            })
            .await;
    }
    let ids: Vec<u64> = c
        .v1()
        .exchanges()
        .limit(2u32)
        .offset(0u64)
        .into_stream()
        .map(|e| e.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, [10, 9, 8, 7]);
}

#[tokio::test]
async fn all_open_walks_back_to_the_horizon_with_open_only() {
    let server = MockServer::start_async().await;
    let c = client(&server);
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v3/auth");
            then.status(200)
                .body(format!("\"{}\"", jwt(NOW_MS / 1000 + 3600)));
        })
        .await;
    // Only the oldest window (a GTC order resting for 80 days) holds an open order.
    let now = DateTime::from_timestamp_millis(NOW_MS).unwrap();
    let horizon = now - chrono::TimeDelta::days(90);
    let old = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v3/orders")
                .query_param("open_only", "true")
                .query_param("start_time", alp_rs::v3::format_time(&horizon));
            then.status(200).body(
                r#"[{"id":7,"account_id":25,"pair":"BTC_USDT","side":"BID","type":"LIMIT",
                     "tif":"GTC","price":20000,"amount":0.1,"status":"OPEN",
                     "date":"2023-08-25T00:00:00Z"}]"#,
            );
        })
        .await;
    let others = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v3/orders")
                .query_param("open_only", "true");
            then.status(200).body("[]");
        })
        .await;
    let open = c
        .v3()
        .all_open(alp_rs::OrdersRequest::new(), horizon)
        .await
        .unwrap();
    assert_eq!(open.iter().map(|o| o.id).collect::<Vec<_>>(), [7]);
    assert_eq!(old.calls_async().await, 1);
    // 90 days and a second: four windows, the first answered by `old`.
    assert_eq!(others.calls_async().await, 3);
}

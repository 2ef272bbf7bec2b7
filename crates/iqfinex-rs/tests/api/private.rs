//! Authorized endpoints: request shape (`Authorization: <key>` exactly) and the documented
//! sample, field by field.

use chrono::{TimeZone, Utc};
use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use iqfinex_rs::{OpenOrderRequest, OrderStatus, OrderType, Side, Sort};
use rust_decimal_macros::dec;

use crate::{KEY, client, exact_query, fixture, record};

fn ts(secs: i64) -> chrono::DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).single().expect("valid time")
}

#[tokio::test]
async fn account_info() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/account/info")
                .is_true(exact_query(""))
                .header("authorization", KEY);
            then.status(200).body(fixture("account_info"));
        })
        .await;
    let info = client(&server).account_info().await.expect("decodes");
    mock.assert_async().await;
    assert_eq!(info.id, 1);
    assert_eq!(info.email, "test@test.com");
    assert_eq!(info.role, Some(1));
    assert_eq!(info.keylabel, "Development");
    assert!(!info.is_trade);
    assert!(!info.is_withdrawal);
    assert_eq!(
        info.whitelist,
        vec!["1.1.1.1".to_string(), "2.2.2.2".to_string()]
    );
    record("account_info");
}

#[tokio::test]
async fn balance() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/balance")
                .is_true(exact_query(""))
                .header("authorization", KEY);
            then.status(200).body(fixture("balance"));
        })
        .await;
    let b = client(&server).balance().await.expect("decodes");
    mock.assert_async().await;
    assert_eq!(b.len(), 3);
    assert_eq!(b["BTC"].balance, dec!(1.5));
    assert_eq!(b["BTC"].free_balance, dec!(1.2));
    assert_eq!(b["BTC"].reserved(), dec!(0.3));
    assert_eq!(b["BTG"].balance, dec!(0));
    assert_eq!(b["BTG"].free_balance, dec!(0));
    assert_eq!(b["ETH"].balance, dec!(52.48052531));
    assert_eq!(b["ETH"].free_balance, dec!(52.48052531));
    record("balance");
}

#[tokio::test]
async fn open_limit_order() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/order")
                .is_true(exact_query(""))
                .header("authorization", KEY)
                .header("content-type", "application/json")
                .body(r#"{"asset":"ETHBTC","cmd":"sell","volume":1.245,"price":0.03437}"#);
            then.status(200).body(fixture("open_order"));
        })
        .await;
    let o = client(&server)
        .open_order(OpenOrderRequest::limit(
            "ETHBTC",
            Side::Sell,
            dec!(1.245),
            dec!(0.03437),
        ))
        .await
        .expect("decodes");
    mock.assert_async().await;
    assert_eq!(o.id, 304962);
    assert_eq!(o.asset, "ETHBTC");
    assert_eq!(o.cmd, Side::Sell);
    assert_eq!(o.volume, Some(dec!(1.245)));
    assert_eq!(o.kind, OrderType::Limit);
    assert_eq!(o.price, Some(dec!(0.03437)));
    assert_eq!(o.stop_price, None);
    assert_eq!(o.original_volume, dec!(1.245));
    assert_eq!(o.executed_volume, dec!(0));
    assert_eq!(o.open_time, ts(1552371582));
    assert_eq!(o.close_time, None);
    assert_eq!(o.status, OrderStatus::Active);
    record("open_order");
}

#[tokio::test]
async fn open_market_and_stop_limit_bodies() {
    let server = MockServer::start_async().await;
    let market = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/order")
                .header("authorization", KEY)
                .body(r#"{"asset":"BTCUSDT","cmd":"buy","volume":0.5}"#);
            then.status(200).body(fixture("open_order"));
        })
        .await;
    let stop = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/order")
                .header("authorization", KEY)
                .body(
                    r#"{"asset":"BTCUSDT","cmd":"sell","volume":0.10,"price":3300.5,"stopPrice":3310}"#,
                );
            then.status(200).body(fixture("open_order"));
        })
        .await;
    let c = client(&server);
    c.open_order(OpenOrderRequest::market("BTCUSDT", Side::Buy, dec!(0.5)))
        .await
        .expect("market order");
    c.open_order(OpenOrderRequest::stop_limit(
        "BTCUSDT",
        Side::Sell,
        dec!(0.10),
        dec!(3300.5),
        dec!(3310),
    ))
    .await
    .expect("stop-limit order");
    market.assert_async().await;
    stop.assert_async().await;
}

#[tokio::test]
async fn cancel_order() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/order/304964/cancel")
                .is_true(exact_query(""))
                .header("authorization", KEY)
                .body("");
            then.status(200).body(fixture("cancel_order"));
        })
        .await;
    let o = client(&server).cancel_order(304964).await.expect("decodes");
    mock.assert_async().await;
    assert_eq!(o.id, 304964);
    assert_eq!(o.asset, "ETHBTC");
    assert_eq!(o.cmd, Side::Sell);
    assert_eq!(o.volume, Some(dec!(1.52)));
    assert_eq!(o.kind, OrderType::Limit);
    assert_eq!(o.price, Some(dec!(0.03437)));
    assert_eq!(o.open_time, ts(1552460758));
    assert_eq!(o.original_volume, dec!(1.52));
    assert_eq!(o.executed_volume, dec!(0));
    assert_eq!(o.status, OrderStatus::Canceled);
    record("cancel_order");
}

#[tokio::test]
async fn opened_orders() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/orders/opened")
                .is_true(exact_query(""))
                .header("authorization", KEY);
            then.status(200).body(fixture("opened_orders"));
        })
        .await;
    let page = client(&server).opened_orders().await.expect("decodes");
    mock.assert_async().await;
    assert_eq!(page.count, Some(1));
    assert_eq!(page.rows.len(), 1);
    let o = &page.rows[0];
    assert_eq!(o.id, 304963);
    assert_eq!(o.asset, "ETHBTC");
    assert_eq!(o.cmd, Side::Sell);
    assert_eq!(o.volume, Some(dec!(1.52)));
    assert_eq!(o.kind, OrderType::Limit);
    assert_eq!(o.price, Some(dec!(0.03437)));
    assert_eq!(o.open_time, ts(1552460758));
    assert_eq!(o.original_volume, dec!(1.52));
    assert_eq!(o.executed_volume, dec!(0));
    assert_eq!(o.status, OrderStatus::Active);
    record("opened_orders");
}

#[tokio::test]
async fn closed_orders() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/orders/closed")
                .is_true(exact_query("limit=3&offset=0&sort=DESC"))
                .header("authorization", KEY);
            then.status(200).body(fixture("closed_orders"));
        })
        .await;
    let page = client(&server)
        .closed_orders()
        .limit(3)
        .offset(0)
        .sort(Sort::Desc)
        .await
        .expect("decodes");
    mock.assert_async().await;
    assert_eq!(page.count, Some(95));
    assert_eq!(page.rows.len(), 2);
    let o = &page.rows[0];
    assert_eq!(o.id, 17967862);
    assert_eq!(o.original_volume, dec!(5249.418));
    assert_eq!(o.executed_volume, dec!(5249.418));
    assert_eq!(o.price, Some(dec!(0.001)));
    assert_eq!(o.cmd, Side::Sell);
    assert_eq!(o.asset, "MODETH");
    assert_eq!(o.kind, OrderType::Limit);
    assert_eq!(o.open_time, ts(1552632204));
    assert_eq!(o.close_time, Some(ts(1552632205)));
    assert_eq!(o.status, OrderStatus::Closed);
    assert_eq!(o.volume, None);
    let o = &page.rows[1];
    assert_eq!(o.id, 17967861);
    assert_eq!(o.cmd, Side::Buy);
    assert_eq!(o.open_time, ts(1552632196));
    assert_eq!(o.close_time, Some(ts(1552632205)));
    assert_eq!(o.status, OrderStatus::Closed);
    record("closed_orders");
}

#[tokio::test]
async fn order_status() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/order/17355056")
                .is_true(exact_query(""))
                .header("authorization", KEY);
            then.status(200).body(fixture("order_status"));
        })
        .await;
    let o = client(&server)
        .order_status(17355056)
        .await
        .expect("decodes");
    mock.assert_async().await;
    assert_eq!(o.id, 17355056);
    assert_eq!(o.original_volume, dec!(4118.95858777));
    assert_eq!(o.executed_volume, dec!(4118.95858777));
    assert_eq!(o.remaining_volume(), dec!(0));
    assert_eq!(o.price, Some(dec!(0.0013)));
    assert_eq!(o.cmd, Side::Sell);
    assert_eq!(o.asset, "MODETH");
    assert_eq!(o.kind, OrderType::Limit);
    assert_eq!(o.open_time, ts(1552117699));
    assert_eq!(o.close_time, Some(ts(1552117699)));
    assert_eq!(o.status, OrderStatus::Closed);
    record("order_status");
}

fn check_my_trade(page: &iqfinex_rs::Paged<iqfinex_rs::MyTrade>) {
    assert_eq!(page.count, Some(95));
    assert_eq!(page.rows.len(), 1);
    let t = &page.rows[0];
    assert_eq!(t.id, 17967861);
    assert_eq!(t.id_user, Some(3));
    assert_eq!(t.volume, dec!(5249.418));
    assert_eq!(t.price, dec!(0.001));
    assert_eq!(t.cmd, Side::Buy);
    assert_eq!(t.asset, "MODETH");
    assert_eq!(t.commission, dec!(7.874127));
    assert_eq!(t.commission_currency.as_deref(), Some("MOD"));
    assert_eq!(t.open_time, ts(1552632196));
    assert_eq!(t.target_user, Some(3));
    assert_eq!(t.close_time, ts(1552632205));
    assert_eq!(t.order_id, 17967861);
}

#[tokio::test]
async fn order_trades() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/order/17967861/trades")
                .is_true(exact_query("limit=5&offset=10&sort=ASC"))
                .header("authorization", KEY);
            then.status(200).body(fixture("order_trades"));
        })
        .await;
    let page = client(&server)
        .order_trades(17967861)
        .limit(5)
        .offset(10)
        .sort(Sort::Asc)
        .await
        .expect("decodes");
    mock.assert_async().await;
    check_my_trade(&page);
    record("order_trades");
}

#[tokio::test]
async fn my_trades() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/trades")
                .is_true(exact_query("limit=1"))
                .header("authorization", KEY);
            then.status(200).body(fixture("my_trades"));
        })
        .await;
    let page = client(&server).my_trades().limit(1).await.expect("decodes");
    mock.assert_async().await;
    check_my_trade(&page);
    record("my_trades");
}

#[tokio::test]
async fn send_takes_a_request_built_as_data() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/orders/closed")
                .is_true(exact_query("limit=100&sort=ASC"))
                .header("authorization", KEY);
            then.status(200).body(fixture("closed_orders"));
        })
        .await;
    let request = iqfinex_rs::ClosedOrdersRequest::new()
        .limit(100)
        .sort(Sort::Asc);
    let page = client(&server).send(request).await.expect("decodes");
    mock.assert_async().await;
    assert_eq!(page.count, Some(95));
}

#[tokio::test]
async fn raw_call_is_signed() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/balance")
                .is_true(exact_query("x=1"))
                .header("authorization", KEY);
            then.status(200).body(fixture("balance"));
        })
        .await;
    let v: serde_json::Value = client(&server)
        .raw(venue_common::Method::GET, "/v1/balance")
        .query("x", 1)
        .send()
        .await
        .expect("decodes");
    mock.assert_async().await;
    assert_eq!(v["BTC"]["balance"], serde_json::json!(1.5));
}

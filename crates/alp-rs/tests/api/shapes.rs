//! Request shapes: every endpoint's method, path, query or body, and authentication headers
//! exactly as ALP.COM expects, sent through the client against httpmock.

use std::sync::Arc;

use alp_rs::v1::{self, Side, Timeframe};
use alp_rs::v3::{self, Direction, LoanType, WalletType};
use alp_rs::{
    CancelOrdersRequest, Client, CloseMarginRequest, Credentials, MarginBorrowRequest,
    MarginRepayRequest, MarginTransferRequest, PlaceOrderRequest,
};
use chrono::{DateTime, Utc};
use httpmock::Method::{DELETE, GET, POST};
use httpmock::MockServer;
use rust_decimal_macros::dec;
use serde_json::json;
use venue_common::ManualClock;
use venue_common::sign::SpaceStyle;

use super::common::{KEY, SECRET, fixture, jwt};

/// The pinned clock: the first v1 nonce of a fresh client is exactly this.
const NOW_MS: i64 = 1_700_000_000_123;
const NONCE: &str = "1700000000123";
/// python3 tests/vectors/alp_sign.py: the key alone (every v1 GET).
const SIGN_EMPTY: &str = "ac250a33e2ea74b8caa996904429ca09b139aee10946b76750b23d98d299e716";
/// python3 tests/vectors/alp_sign.py: {"type","pair","amount","price"} order.
/// The order of `create_order` below, its amount `1.0` sent normalized as `1`
/// (tests/vectors/alp_sign.py, `create_order_normalized`).
const SIGN_ORDER: &str = "2e319e442fc34b673279b07e54b6a80c95dde0fd5e88a3b906ee5a3a885f9e09";
/// python3 tests/vectors/alp_sign.py: {"order": 63568}.
const SIGN_CANCEL: &str = "8afed684ab39b7a799533a6b5d5827e7892960c7be92b4fade666eddd4efd37c";
/// python3 tests/vectors/alp_sign.py: the auth body.
const SIGN_AUTH: &str = "e6b3d92dc230257602819f3d5ab9e639eeb44ba00f370aac4d31b2395134fc40";

fn pinned(server: &MockServer) -> Client {
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

fn token() -> String {
    jwt(NOW_MS / 1000 + 3600)
}

async fn with_auth(server: &MockServer) -> httpmock::Mock<'_> {
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v3/auth")
                .header("content-type", "application/json")
                .header("x-sign", SIGN_AUTH)
                .body(format!(r#"{{"api_key":"{KEY}","api_secret":"{SECRET}"}}"#));
            then.status(200)
                .header("content-type", "application/json")
                .body(format!("\"{}\"", token()));
        })
        .await
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[tokio::test]
async fn v1_public_endpoints() {
    let server = MockServer::start_async().await;
    let c = pinned(&server);
    let m1 = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/currencies/")
                .header_missing("x-key");
            then.status(200).body(fixture("currencies"));
        })
        .await;
    let m2 = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/pairs/")
                .query_param("currency1", "BTC")
                .query_param("currency2", "USD")
                .header_missing("x-sign");
            then.status(200).body(fixture("pairs"));
        })
        .await;
    let m3 = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/ticker/")
                .query_param("pair", "ETH_BTC");
            then.status(200).body(fixture("ticker"));
        })
        .await;
    let m4 = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/charts/BTC_USD/D/chart/")
                .query_param("limit", "1")
                .query_param("since", "1485777600")
                .query_param("until", "1485864000");
            then.status(200).body(fixture("charts"));
        })
        .await;
    let m5 = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/orderbook/BTC_USD")
                .query_param("limit_sell", "1")
                .query_param("limit_buy", "2")
                .query_param("group", "1");
            then.status(200).body(fixture("orderbook"));
        })
        .await;
    let m6 = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/exchanges/")
                .query_param("pair", "BTC_USD")
                .query_param("limit", "10")
                .query_param("offset", "20")
                .query_param("ordering", "id");
            then.status(200).body(fixture("exchanges"));
        })
        .await;
    assert_eq!(c.v1().currencies().await.unwrap().len(), 2);
    assert_eq!(
        c.v1()
            .pairs()
            .currency1("BTC")
            .currency2("USD")
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        c.v1().ticker().pair("ETH_BTC").await.unwrap()[0].pair,
        "ETH_BTC"
    );
    let candles = c
        .v1()
        .charts("BTC_USD", Timeframe::D1)
        .limit(1u32)
        .since(1485777600i64)
        .until(1485864000i64)
        .await
        .unwrap();
    assert_eq!(candles[0].open, dec!(910.424).into());
    let book = c
        .v1()
        .orderbook("BTC_USD")
        .limit_sell(1u32)
        .limit_buy(2u32)
        .group(true)
        .await
        .unwrap();
    assert_eq!(book.buy[0].price, dec!(911.122).into());
    let ex = c
        .v1()
        .exchanges()
        .pair("BTC_USD")
        .limit(10u32)
        .offset(20u64)
        .ordering(v1::Ordering::Ascending)
        .await
        .unwrap();
    assert_eq!(ex[0].id, 6030);
    for m in [m1, m2, m3, m4, m5, m6] {
        m.assert_async().await;
    }
    // Public calls draw no nonce.
    assert_eq!(c.last_nonce(), 0);
}

macro_rules! v1_get {
    ($name:ident, $path:literal, [$(($k:literal, $v:literal)),*], $fixture:literal, |$c:ident| $call:expr) => {
        #[tokio::test]
        async fn $name() {
            let server = MockServer::start_async().await;
            let $c = pinned(&server);
            let m = server
                .mock_async(|when, then| {
                    when.method(GET)
                        .path($path)
                        .header("x-key", KEY)
                        .header("x-sign", SIGN_EMPTY)
                        .header("x-nonce", NONCE)
                        $(.query_param($k, $v))*;
                    then.status(200).body(fixture($fixture));
                })
                .await;
            let out = $call.await.unwrap();
            assert!(!format!("{out:?}").is_empty());
            m.assert_async().await;
        }
    };
}

v1_get!(
    wallets,
    "/v1/wallets/",
    [("currency_id", "BTC")],
    "wallets",
    |c| c.v1().wallets().currency_id("BTC")
);
v1_get!(
    own_orders,
    "/v1/orders/own/",
    [
        ("type", "sell"),
        ("pair", "ETH_USD"),
        ("status", "3"),
        ("limit", "5")
    ],
    "own_orders",
    |c| c
        .v1()
        .own_orders()
        .side(Side::Sell)
        .pair("ETH_USD")
        .status(v1::OrderStatus::Done)
        .limit(5u32)
);
v1_get!(order, "/v1/order/11259/", [], "order", |c| c
    .v1()
    .order(11259));
v1_get!(
    own_exchanges,
    "/v1/exchanges/own/",
    [
        ("type", "buy"),
        ("pair", "BTC_USD"),
        ("limit", "3"),
        ("offset", "6"),
        ("ordering", "-id")
    ],
    "own_exchanges",
    |c| c
        .v1()
        .own_exchanges()
        .side(Side::Buy)
        .pair("BTC_USD")
        .limit(3u32)
        .offset(6u64)
        .ordering(v1::Ordering::Descending)
);
v1_get!(deposits, "/v1/deposits/", [], "deposits", |c| c
    .v1()
    .deposits());
v1_get!(
    withdraws,
    "/v1/withdraws/",
    [("currency_id", "BTC"), ("status", "20")],
    "withdraws",
    |c| c
        .v1()
        .withdraws()
        .currency_id("BTC")
        .status(v1::WithdrawStatus::Verified)
);

#[tokio::test]
async fn v1_create_and_cancel_order_send_the_signed_form() {
    let server = MockServer::start_async().await;
    let c = pinned(&server);
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/order/")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-key", KEY)
                .header("x-sign", SIGN_ORDER)
                .header("x-nonce", NONCE)
                .body("amount=1&pair=BTC_USD&price=870.69&type=buy");
            then.status(200).body(fixture("create_order"));
        })
        .await;
    let cancel = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/order-cancel/")
                .header("x-key", KEY)
                .header("x-sign", SIGN_CANCEL)
                .header("x-nonce", "1700000000124")
                .body("order=63568");
            then.status(200).body(fixture("cancel_order"));
        })
        .await;
    let placed = c
        .v1()
        .create_order(Side::Buy, "BTC_USD", dec!(1.0), dec!(870.69))
        .await
        .unwrap();
    assert_eq!(placed.oid, 11268);
    assert_eq!(c.v1().cancel_order(63568).await.unwrap().order, 63568);
    create.assert_async().await;
    cancel.assert_async().await;
    assert_eq!(c.last_nonce(), 1_700_000_000_124);
}

#[tokio::test]
async fn v3_reads_carry_the_bearer_token() {
    let server = MockServer::start_async().await;
    let c = pinned(&server);
    let auth = with_auth(&server).await;
    let bearer = format!("Bearer {}", token());
    let start = "2022-10-01T00:00:00Z";
    let end = "2022-10-20T12:30:00Z";
    let mut mocks = Vec::new();
    type Spec<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
    let specs: Vec<Spec> = vec![
        ("/v3/feeinfo", vec![], "fee_info"),
        (
            "/v3/orders",
            vec![
                ("pair", "BTC_USDT"),
                ("open_only", "true"),
                ("side", "BID"),
                ("start_time", start),
                ("end_time", end),
            ],
            "orders",
        ),
        (
            "/v3/accounts",
            vec![("include_subaccounts", "true")],
            "accounts",
        ),
        (
            "/v3/accounts/trades",
            vec![
                ("pair", "BTC_USDT"),
                ("side", "ASK"),
                ("start_time", start),
                ("end_time", end),
            ],
            "account_trades",
        ),
        ("/v3/accounts/balances", vec![], "account_balances"),
        (
            "/v3/wallets/activity",
            vec![
                ("currency", "USDT"),
                ("side", "BID"),
                ("start_time", start),
                ("end_time", end),
            ],
            "wallet_activity",
        ),
        (
            "/v3/margin",
            vec![("isolated_margin", "true"), ("cross_margin", "false")],
            "margin_positions",
        ),
        (
            "/v3/margin/borrow",
            vec![
                ("pair", "BTC_ETH"),
                ("currency", "ETH"),
                ("open_only", "true"),
                ("start_time", start),
                ("end_time", end),
            ],
            "margin_borrows",
        ),
        (
            "/v3/margin/transfer",
            vec![
                ("pair", "ETH_BTC"),
                ("currency", "ETH"),
                ("start_time", start),
                ("end_time", end),
            ],
            "margin_transfers",
        ),
        (
            "/v3/margin/repay",
            vec![("currency", "ETH"), ("start_time", start)],
            "margin_repays",
        ),
        (
            "/v3/margin/interest",
            vec![("pair", "ETH_BTC"), ("end_time", end)],
            "margin_interest",
        ),
        (
            "/v3/margin/liquidation",
            vec![("currency", "ETH"), ("open_only", "false")],
            "margin_liquidations",
        ),
    ];
    for (path, query, fx) in &specs {
        let m = server
            .mock_async(|when, then| {
                let mut w = when
                    .method(GET)
                    .path(*path)
                    .header("authorization", bearer.clone())
                    .header_missing("x-sign")
                    .header_missing("x-key");
                for (k, v) in query {
                    w = w.query_param(*k, *v);
                }
                then.status(200).body(fixture(fx));
            })
            .await;
        mocks.push(m);
    }
    let (s, e) = (t(start), t(end));
    let v3 = c.v3();
    assert_eq!(v3.fee_info().await.unwrap()[0].account_id, 25);
    assert_eq!(
        v3.orders()
            .pair("BTC_USDT")
            .open_only(true)
            .side(v3::Side::Buy)
            .start_time(s)
            .end_time(e)
            .await
            .unwrap()[0]
            .id,
        76575
    );
    assert_eq!(
        v3.accounts().include_subaccounts(true).await.unwrap()[0].id,
        25
    );
    assert_eq!(
        v3.account_trades()
            .pair("BTC_USDT")
            .side(v3::Side::Sell)
            .start_time(s)
            .end_time(e)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(v3.account_balances().await.unwrap()[0].currency, "USDT");
    assert_eq!(
        v3.wallet_activity()
            .currency("USDT")
            .side(v3::Side::Buy)
            .start_time(s)
            .end_time(e)
            .await
            .unwrap()[0]
            .id,
        12
    );
    assert_eq!(
        v3.margin_positions()
            .isolated_margin(true)
            .cross_margin(false)
            .await
            .unwrap()[0]
            .currency,
        "ETH"
    );
    assert_eq!(
        v3.margin_borrows()
            .pair("BTC_ETH")
            .currency("ETH")
            .open_only(true)
            .start_time(s)
            .end_time(e)
            .await
            .unwrap()[0]
            .id,
        3636
    );
    assert_eq!(
        v3.margin_transfers()
            .pair("ETH_BTC")
            .currency("ETH")
            .start_time(s)
            .end_time(e)
            .await
            .unwrap()[0]
            .id,
        30930
    );
    assert_eq!(
        v3.margin_repays()
            .currency("ETH")
            .start_time(s)
            .await
            .unwrap()[0]
            .borrow_id,
        283
    );
    assert_eq!(
        v3.margin_interest()
            .pair("ETH_BTC")
            .end_time(e)
            .await
            .unwrap()[0]
            .borrow_id,
        234
    );
    assert_eq!(
        v3.margin_liquidations()
            .currency("ETH")
            .open_only(false)
            .await
            .unwrap()[0]
            .id,
        293878
    );
    for m in mocks {
        m.assert_async().await;
    }
    // One token for all twelve calls.
    auth.assert_calls_async(1).await;
}

#[tokio::test]
async fn v3_writes_sign_the_exact_body() {
    let server = MockServer::start_async().await;
    let c = pinned(&server);
    let _auth = with_auth(&server).await;
    let bearer = format!("Bearer {}", token());
    let secret = venue_common::secret::SecretString::from(SECRET.to_string());
    let sign = |body: &str| alp_rs::auth::v3_body_signature(&secret, body.as_bytes());

    let order_body = r#"{"account_id":25,"wallet_type":"SPOT","pair":"BTC_USDT","order_side":"ASK","order_type":"LIMIT","tif":"GTC","limit_price":25750.45,"base_amount":0.1,"client_order_id":"jkndijejnmjn2554562"}"#;
    let cancel_body = r#"{"order_ids":[1,5,8],"all":false}"#;
    let cancel_all_body = r#"{"all":true,"pair":"BTC_USDT"}"#;
    let close_body = r#"{"pair":"BTC_USDT","wallet_type":"ISOLATED_MARGIN"}"#;
    let borrow_body = r#"{"currency":"ETH","pair":"","wallet_type":"CROSS_MARGIN","type":"LOAN_MANUAL","borrow":0.3}"#;
    let transfer_body = r#"{"wallet_type":"CROSS_MARGIN","direction":"SUB","currency":"ETH","amount":0.02,"pair":"","note":"test transfer note"}"#;
    let repay_body = r#"{"wallet_type":"CROSS_MARGIN","type":"LOAN_MANUAL","currency":"ETH","amount":0.02,"pair":""}"#;
    // The body signature of the documented cancel body, from tests/vectors/alp_sign.py.
    assert_eq!(
        sign(cancel_body),
        "e28182ff174dace847f21f3c847ee20fbda50cface51d0f4213415819b2918a6"
    );

    let specs = [
        (POST, "/v3/orders", order_body, 201u16, "34"),
        (DELETE, "/v3/orders", cancel_body, 202, ""),
        (DELETE, "/v3/orders", cancel_all_body, 204, ""),
        (DELETE, "/v3/margin", close_body, 202, ""),
        (POST, "/v3/margin/borrow", borrow_body, 200, ""),
        (POST, "/v3/margin/transfer", transfer_body, 200, ""),
        (POST, "/v3/margin/repay", repay_body, 200, ""),
    ];
    let mut mocks = Vec::new();
    for (method, path, body, status, answer) in specs {
        let m = server
            .mock_async(|when, then| {
                when.method(method)
                    .path(path)
                    .header("authorization", bearer.clone())
                    .header("content-type", "application/json")
                    .header("x-sign", sign(body))
                    .body(body);
                then.status(status).body(answer);
            })
            .await;
        mocks.push(m);
    }
    let v3 = c.v3();
    let order = v3
        .place_order(
            25,
            WalletType::Spot,
            "BTC_USDT",
            v3::Side::Sell,
            v3::OrderType::Limit,
        )
        .tif(v3::TimeInForce::Gtc)
        .limit_price(dec!(25750.45))
        .base_amount(dec!(0.1))
        .client_order_id("jkndijejnmjn2554562");
    assert_eq!(order.await.unwrap(), 34);
    assert_eq!(
        v3.cancel_orders(false)
            .order_ids(vec![1, 5, 8])
            .await
            .unwrap(),
        v3::CancelOutcome::Accepted
    );
    assert_eq!(
        v3.cancel_orders(true).pair("BTC_USDT").await.unwrap(),
        v3::CancelOutcome::NothingToCancel
    );
    v3.close_margin(WalletType::IsolatedMargin)
        .pair("BTC_USDT")
        .await
        .unwrap();
    v3.margin_borrow(
        "ETH",
        None,
        WalletType::CrossMargin,
        LoanType::Manual,
        dec!(0.3),
    )
    .await
    .unwrap();
    v3.margin_transfer(
        WalletType::CrossMargin,
        Direction::Sub,
        "ETH",
        dec!(0.02),
        None,
    )
    .note("test transfer note")
    .await
    .unwrap();
    v3.margin_repay(
        WalletType::CrossMargin,
        LoanType::Manual,
        "ETH",
        dec!(0.02),
        None,
    )
    .await
    .unwrap();
    for m in mocks {
        m.assert_async().await;
    }
}

#[tokio::test]
async fn calls_are_data_and_raw_is_signed() {
    let server = MockServer::start_async().await;
    let c = pinned(&server);
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/wallets/")
                .header("x-sign", SIGN_EMPTY)
                .header("x-nonce", NONCE);
            then.status(200).body(fixture("wallets"));
        })
        .await;
    let wallets = c.send(alp_rs::WalletsRequest::new()).await.unwrap();
    assert_eq!(wallets[0].currency, "BTC");
    m.assert_async().await;
    let raw = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/order-cancel/")
                .header("x-sign", SIGN_CANCEL)
                .header("x-nonce", "1700000000124")
                .body("order=63568");
            then.status(200).body(r#"{"order": 63568}"#);
        })
        .await;
    let v: serde_json::Value = c
        .raw(alp_rs::Method::POST, "/v1/order-cancel/")
        .form(&[("order", "63568")], SpaceStyle::Plus)
        .send()
        .await
        .unwrap();
    assert_eq!(v, json!({"order": 63568}));
    raw.assert_async().await;
}

#[test]
fn validation_refuses_before_sending() {
    use alp_rs::{
        ChartsRequest, CreateOrderRequest, MarginPositionsRequest, OrderRequest, OrderbookRequest,
        OrdersRequest, OwnOrdersRequest,
    };
    use venue_common::api::{ApiRequest, Context};
    // What the client does before anything is sent: the document's checks, then placement.
    fn to_request<R: ApiRequest>(r: R) -> alp_rs::Result<venue_common::Request> {
        r.validate(&Context::new(chrono::Utc::now()))?;
        r.to_request()
    }
    let name = |r: alp_rs::Result<venue_common::Request>| match r {
        Err(alp_rs::Error::InvalidRequest { param, .. }) => param,
        other => panic!("expected a validation error, got {other:?}"),
    };
    let order = |side, pair, amount, price| CreateOrderRequest::new(side, pair, amount, price);
    assert_eq!(
        name(to_request(order(Side::Buy, "BTC_USD", dec!(0), dec!(1)))),
        "amount"
    );
    assert_eq!(
        name(to_request(order(Side::Buy, "BTC_USD", dec!(1), dec!(-1)))),
        "price"
    );
    assert_eq!(
        name(to_request(order(
            Side::Other("x".into()),
            "BTC_USD",
            dec!(1),
            dec!(1)
        ))),
        "type"
    );
    assert_eq!(
        name(to_request(order(Side::Buy, " ", dec!(1), dec!(1)))),
        "pair"
    );
    assert_eq!(
        name(to_request(alp_rs::CancelOrderRequest::new(0))),
        "order"
    );
    assert_eq!(name(to_request(OrderRequest::new(0))), "pk");
    assert_eq!(
        name(to_request(OwnOrdersRequest::new().limit(0u32))),
        "limit"
    );
    assert_eq!(name(to_request(OrderbookRequest::new(""))), "pair");
    assert_eq!(
        name(to_request(
            ChartsRequest::new("BTC_USD", Timeframe::H1)
                .since(10i64)
                .until(5i64)
        )),
        "since"
    );
    let s = t("2022-10-01T00:00:00Z");
    assert_eq!(
        name(to_request(
            OrdersRequest::new()
                .start_time(s)
                .end_time(s + chrono::TimeDelta::days(31))
        )),
        "end_time"
    );
    assert_eq!(
        name(to_request(OrdersRequest::new().start_time(s).end_time(s))),
        "start_time"
    );
    // Exactly 30 days is allowed.
    assert!(
        to_request(
            OrdersRequest::new()
                .start_time(s)
                .end_time(s + chrono::TimeDelta::days(30))
        )
        .is_ok()
    );
    assert_eq!(
        name(to_request(MarginPositionsRequest::new())),
        "isolated_margin"
    );
    assert_eq!(
        name(to_request(
            CancelOrdersRequest::new(false).order_ids(vec![])
        )),
        "order_ids"
    );
    assert_eq!(
        name(to_request(CloseMarginRequest::new(
            WalletType::IsolatedMargin
        ))),
        "pair"
    );
    assert_eq!(
        name(to_request(CloseMarginRequest::new(WalletType::Spot))),
        "wallet_type"
    );
    let mut o = PlaceOrderRequest::limit(
        25,
        WalletType::Spot,
        "BTC_USDT",
        v3::Side::Buy,
        dec!(1),
        dec!(1),
    );
    o.base_amount = None;
    assert_eq!(name(to_request(o.clone())), "base_amount");
    o.base_amount = Some(dec!(1));
    o.quote_amount = Some(dec!(5));
    assert_eq!(name(to_request(o)), "quote_amount");
    let stop = PlaceOrderRequest::limit(
        25,
        WalletType::Spot,
        "BTC_USDT",
        v3::Side::Buy,
        dec!(1),
        dec!(1),
    );
    let mut stop = stop.stop(dec!(2), v3::StopOperator::Gte);
    stop.stop_operator = None;
    assert_eq!(name(to_request(stop)), "stop_price");
    assert_eq!(
        name(to_request(MarginBorrowRequest::new(
            "ETH",
            None,
            WalletType::CrossMargin,
            LoanType::Manual,
            dec!(0)
        ))),
        "borrow"
    );
    assert_eq!(
        name(to_request(MarginTransferRequest::new(
            WalletType::IsolatedMargin,
            Direction::Add,
            "ETH",
            dec!(1),
            None
        ))),
        "pair"
    );
    assert_eq!(
        name(to_request(MarginRepayRequest::new(
            WalletType::CrossMargin,
            LoanType::Auto,
            "ETH",
            dec!(-1),
            None
        ))),
        "amount"
    );
}

#[tokio::test]
async fn a_value_with_a_space_is_plus_encoded_and_signed_as_python_does() {
    let server = MockServer::start_async().await;
    let c = pinned(&server);
    // python3 tests/vectors/alp_sign.py, case `value_with_space`.
    let m = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/order/")
                .header("content-type", "application/x-www-form-urlencoded")
                .header(
                    "x-sign",
                    "467e27f4f6b79e4c3a7e053feeecf27d7e6c420c52927ea22964687165989d1c",
                )
                .body("amount=0.5&note=a+b%26c&pair=BTC_USD");
            then.status(200).body(r#"{"ok": true}"#);
        })
        .await;
    let v: serde_json::Value = c
        .raw(alp_rs::Method::POST, "/v1/order/")
        .form(
            &[("pair", "BTC_USD"), ("note", "a b&c"), ("amount", "0.5")],
            SpaceStyle::Percent20,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(v, json!({"ok": true}));
    m.assert_async().await;
}

#[test]
fn the_client_is_clone_send_sync() {
    fn check<T: Clone + Send + Sync + 'static>() {}
    check::<Client>();
    fn future_is_send<F: std::future::IntoFuture<IntoFuture: Send>>(_: F) {}
    let c = Client::public().unwrap();
    future_is_send(c.v1().currencies());
    future_is_send(c.v3().orders());
}

#[tokio::test]
async fn a_long_range_is_walked_in_thirty_day_windows() {
    use futures::StreamExt;
    let server = MockServer::start_async().await;
    let c = pinned(&server);
    let _auth = with_auth(&server).await;
    let bounds = [
        ("2022-01-01T00:00:00Z", "2022-01-31T00:00:00Z"),
        ("2022-01-31T00:00:00Z", "2022-03-02T00:00:00Z"),
        ("2022-03-02T00:00:00Z", "2022-03-15T12:00:00Z"),
    ];
    let mut mocks = Vec::new();
    for (s, e) in bounds {
        let m = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/v3/accounts/trades")
                    .query_param("pair", "BTC_USDT")
                    .query_param("start_time", s)
                    .query_param("end_time", e);
                then.status(200).body(fixture("account_trades"));
            })
            .await;
        mocks.push(m);
    }
    let all: Vec<_> = c
        .v3()
        .stream_range(
            alp_rs::AccountTradesRequest::new().pair("BTC_USDT"),
            t("2022-01-01T00:00:00Z"),
            t("2022-03-15T12:00:00Z"),
        )
        .collect()
        .await;
    assert_eq!(all.len(), 3);
    assert!(all.iter().all(|r| r.is_ok()));
    for m in mocks {
        m.assert_async().await;
    }
    assert_eq!(
        v3::windows(t("2022-01-01T00:00:00Z"), t("2022-01-31T00:00:00Z")),
        vec![(t("2022-01-01T00:00:00Z"), t("2022-01-31T00:00:00Z"))]
    );
}

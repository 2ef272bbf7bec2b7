//! Error shapes: 422 (every entry kept), 433 (code in parentheses), 404, the status table,
//! broken bodies, validation before sending, and no retry of writes.

use httpmock::prelude::*;
use mudawyl_rs::*;
use rust_decimal_macros::dec;
use serde_json::json;

use crate::common::{KEY_ID, client};

async fn answer(status: u16, body: &'static str) -> (MockServer, Error) {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/v1/priv/account/profile");
            then.status(status).header("retry-after", "7").body(body);
        })
        .await;
    let e = client(&server)
        .put_user_profile()
        .language(Language::Ar)
        .await
        .unwrap_err();
    (server, e)
}

#[tokio::test]
async fn status_422_keeps_every_entry() {
    let body = r#"{"errors":[{"value":"Doe123","msg":"must be alpha character","param":"lastName","location":"body"},{"value":"CAX","msg":"must be valid country","param":"country","location":"body"},{"value":"ENX","msg":"must be a valid language","param":"language","location":"body"},{"value":"America/Torontox","msg":"must be a valid timezone","param":"timezone","location":"body"}]}"#;
    let (_s, e) = answer(422, body).await;
    assert_eq!(e.kind(), ErrorKind::BadRequest);
    let v = e.venue_error().unwrap();
    assert_eq!(v.status.as_u16(), 422);
    assert!(
        v.message.contains("`lastName` must be alpha character"),
        "{}",
        v.message
    );
    let entries = validation_errors(&e).unwrap();
    assert_eq!(entries.len(), 4);
    assert_eq!(
        entries[0],
        FieldError::new("Doe123", "must be alpha character", "lastName", "body")
    );
    assert_eq!(entries[3].param, "timezone");
    assert_eq!(entries[3].value, json!("America/Torontox"));
    // a boolean value (the Telegram sample) is kept as sent
    let (_s, e) = answer(422, r#"{"errors":[{"value":true,"msg":"account must be linked to Telegram","param":"telegramNewOrder","location":"body"}]}"#).await;
    assert_eq!(validation_errors(&e).unwrap()[0].value, json!(true));
}

#[tokio::test]
async fn status_433_parses_the_code() {
    let cases = [
        (
            r#"{"error":"exchange API authorization failed (1103)"}"#,
            "1103",
            "exchange API authorization failed",
            // the exchange refused the exchange key: refreshing the Cognito token cannot help
            ErrorKind::Permission,
        ),
        (
            r#"{"error":"exceed subscription max API key limit (2129a)"}"#,
            "2129a",
            "exceed subscription max API key limit",
            ErrorKind::Permission,
        ),
        (
            r#"{"error":"exceed subscription max API balance limit (2129b)"}"#,
            "2129b",
            "exceed subscription max API balance limit",
            ErrorKind::Permission,
        ),
        (
            r#"{"error":"exchange API key already exist (1109)"}"#,
            "1109",
            "exchange API key already exist",
            ErrorKind::Duplicate,
        ),
        (
            r#"{"error":"exchange bad request (1500)"}"#,
            "1500",
            "exchange bad request",
            ErrorKind::InsufficientFunds,
        ),
        (
            r#"{"error":"active stripe subscription does not exist (3104)"}"#,
            "3104",
            "active stripe subscription does not exist",
            ErrorKind::NotFound,
        ),
        (
            r#"{"error":"invalid exchange symbol (1300)"}"#,
            "1300",
            "invalid exchange symbol",
            ErrorKind::BadRequest,
        ),
    ];
    for (body, code, msg, kind) in cases {
        let (_s, e) = answer(433, body).await;
        assert_ne!(
            e.kind(),
            ErrorKind::Authentication,
            "{body}: only 401 is the session"
        );
        assert_eq!(e.code(), Some(code), "{body}");
        let v = e.venue_error().unwrap();
        assert_eq!(v.message, msg);
        assert_eq!(v.status.as_u16(), 433);
        assert_eq!(e.kind(), kind, "{body}");
        assert!(validation_errors(&e).is_none());
    }
    // no code in parentheses: message kept whole, no code
    let (_s, e) = answer(433, r#"{"error":"something else"}"#).await;
    assert_eq!(e.code(), None);
    assert_eq!(e.venue_error().unwrap().message, "something else");
}

#[tokio::test]
async fn status_404_and_the_table() {
    let (_s, e) = answer(404, r#"{"message":"route not found"}"#).await;
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(e.venue_error().unwrap().message, "route not found");
    let table = [
        (400, ErrorKind::BadRequest),
        (401, ErrorKind::Authentication),
        (403, ErrorKind::Permission),
        (429, ErrorKind::RateLimited),
        (500, ErrorKind::Unavailable),
        (503, ErrorKind::Unavailable),
    ];
    for (status, kind) in table {
        let (_s, e) = answer(status, r#"{"message":"nope"}"#).await;
        assert_eq!(e.kind(), kind, "{status}");
        assert_eq!(e.venue_error().unwrap().status.as_u16(), status);
    }
    let (_s, e) = answer(429, "").await;
    assert_eq!(e.retry_after(), Some(std::time::Duration::from_secs(7)));
    assert_eq!(e.venue_error().unwrap().message, "Too Many Requests");
}

#[tokio::test]
async fn broken_bodies_never_panic() {
    venue_testkit::install();
    for body in [
        "",
        "<html>Bad gateway</html>",
        "{\"errors\": [",
        "{\"errors\": 5}",
        "null",
        "[1,2]",
    ] {
        for status in [400, 422, 433, 500] {
            let (_s, e) = answer(status, body).await;
            assert_eq!(e.venue_error().unwrap().status.as_u16(), status);
        }
    }
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/v1/priv/account/exchange/balance");
            then.status(200).body(r#"{"USD": "twelve"}"#);
        })
        .await;
    let e = client(&server)
        .get_exchange_total_balance()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert!(e.to_string().contains("USD"), "{e}");
    server
        .mock_async(|when, then| {
            when.path("/v1/priv/account/exchange/key/list");
            then.status(200).body(r#"{"items": [{"id": "x"#);
        })
        .await;
    assert_eq!(
        client(&server)
            .list_exchange_keys()
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::Decode
    );
}

#[tokio::test]
async fn oversized_body_is_refused() {
    venue_testkit::install();
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/v1/pub/strategy/list");
            then.status(200)
                .body(format!("{{\"items\":[],\"pad\":\"{}\"}}", "x".repeat(4096)));
        })
        .await;
    let c = Client::builder()
        .base_url(server.base_url())
        .max_body_bytes(1024)
        .no_pacing()
        .build()
        .unwrap();
    assert_eq!(
        c.list_strategy_automated().await.unwrap_err().kind(),
        ErrorKind::Decode
    );
}

#[tokio::test]
async fn writes_are_not_retried_reads_are() {
    venue_testkit::install();
    let server = MockServer::start_async().await;
    let w = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/v1/priv/exchange/order/{KEY_ID}"));
            then.status(503).body(r#"{"message":"maintenance"}"#);
        })
        .await;
    let r = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/pub/strategy/list");
            then.status(503).body(r#"{"message":"maintenance"}"#);
        })
        .await;
    let policy = RetryPolicy::default()
        .max_attempts(3)
        .base_delay(std::time::Duration::from_millis(1))
        .max_delay(std::time::Duration::from_millis(2))
        .jitter(false);
    let c = Client::builder()
        .base_url(server.base_url())
        .token("t")
        .retry_policy(policy)
        .no_pacing()
        .build()
        .unwrap();
    let e = c
        .create_manual_order(
            KEY_ID,
            ManualOrder::market("BTC/USDT", Side::Buy, Amount(dec!(1))),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unavailable);
    assert_eq!(
        w.calls_async().await,
        1,
        "a write without idempotency key is sent once"
    );
    let _ = c.list_strategy_automated().await.unwrap_err();
    assert_eq!(r.calls_async().await, 3, "reads are retried");
}

#[tokio::test]
async fn dropped_connection_and_timeout() {
    venue_testkit::install();
    // a port nobody listens on: connection refused, not sent
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let c = Client::builder()
        .base_url(format!("http://{addr}"))
        .retry_policy(RetryPolicy::off())
        .build()
        .unwrap();
    let e = c.list_strategy_automated().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Network);
    assert_eq!(e.sent(), Sent::No);
    // a server that accepts and never answers: a timeout that may have been sent
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            held.push(s);
        }
    });
    let c = Client::builder()
        .base_url(format!("http://{addr}"))
        .token("t")
        .timeout(std::time::Duration::from_millis(300))
        .retry_policy(RetryPolicy::off())
        .build()
        .unwrap();
    let e = c
        .cancel_futures_position(KEY_ID, "BTC/USDT")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert_eq!(e.sent(), Sent::Maybe);
    hold.abort();
}

#[tokio::test]
async fn validation_before_sending_names_the_parameter() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    let c = client(&server);
    let param = |e: Error| match e {
        Error::InvalidRequest { param, .. } => param,
        other => panic!("expected InvalidRequest, got {other:?}"),
    };
    assert_eq!(
        param(
            c.change_futures_leverage(KEY_ID, "BTC/USDT", 0)
                .await
                .unwrap_err()
        ),
        "leverage"
    );
    assert_eq!(
        param(
            c.change_futures_leverage(KEY_ID, "BTC/USDT", 126)
                .await
                .unwrap_err()
        ),
        "leverage"
    );
    assert_eq!(
        param(
            c.change_futures_leverage("invaliduuid", "BTC/USDT", 10)
                .await
                .unwrap_err()
        ),
        "id"
    );
    assert_eq!(
        param(c.list_open_orders(KEY_ID, "").await.unwrap_err()),
        "symbol"
    );
    assert_eq!(
        param(
            c.list_strategy_history(KEY_ID)
                .limit(1001u32)
                .await
                .unwrap_err()
        ),
        "limit"
    );
    assert_eq!(
        param(
            c.list_manual_trading_history()
                .limit(0u32)
                .await
                .unwrap_err()
        ),
        "limit"
    );
    assert_eq!(
        param(
            c.update_exchange_key(KEY_ID)
                .name("this is example of very long text input")
                .await
                .unwrap_err()
        ),
        "name"
    );
    let ts = |rate| {
        ManualOrder::trailing_stop(
            "BTC/USDT",
            Side::Buy,
            Price(dec!(20000)),
            Amount(dec!(1)),
            rate,
        )
    };
    assert_eq!(
        param(
            c.create_manual_order(KEY_ID, ts(dec!(0.09)))
                .await
                .unwrap_err()
        ),
        "callbackRate"
    );
    assert_eq!(
        param(
            c.create_manual_order(KEY_ID, ts(dec!(5.01)))
                .await
                .unwrap_err()
        ),
        "callbackRate"
    );
    let many = ManualOrder::market("BTC/USDT", Side::Buy, Amount(dec!(1)))
        .take_profits((1..=26).map(rust_decimal::Decimal::from));
    assert_eq!(
        param(c.create_manual_order(KEY_ID, many).await.unwrap_err()),
        "takeProfitPrices"
    );
    let neg = ManualOrder::limit("BTC/USDT", Side::Buy, Price(dec!(-1)), Amount(dec!(1)));
    assert_eq!(
        param(c.create_manual_order(KEY_ID, neg).await.unwrap_err()),
        "price"
    );
    let spot_auto = CreateExchangeKeyRequest::new(
        ExchangeId::Binance,
        TradeType::Spot,
        StrategyType::Automated,
        "n",
        "k",
        "s",
    );
    let e = c.send(spot_auto).await.unwrap_err();
    assert!(
        e.to_string()
            .contains("cannot be assigned to AUTOMATED strategy"),
        "{e}"
    );
    assert_eq!(param(e), "tradeType");
    assert_eq!(
        param(
            c.create_stripe_subscription_checkout("nope")
                .await
                .unwrap_err()
        ),
        "subscriptionId"
    );
    assert_eq!(
        param(
            c.create_exchange_key_follow(KEY_ID, "x", KEY_ID)
                .await
                .unwrap_err()
        ),
        "strategyAutomatedId"
    );
    assert_eq!(
        param(c.put_user_profile().country("CAX").await.unwrap_err()),
        "country"
    );
    assert_eq!(
        param(
            c.change_futures_margin_type(KEY_ID, "BTC/USDT", MarginType::Other("X".into()))
                .await
                .unwrap_err()
        ),
        "type"
    );
    assert_eq!(
        param(
            c.list_strategy_history(KEY_ID)
                .interval(Interval::Other("1w".into()))
                .await
                .unwrap_err()
        ),
        "interval"
    );
    assert_eq!(
        param(
            c.get_exchange_ticker()
                .exchange_id(ExchangeId::Other("KRAKEN".into()))
                .await
                .unwrap_err()
        ),
        "exchangeId"
    );
    assert_eq!(
        param(
            c.get_exchange_ticker()
                .trade_type(TradeType::Other("MARGIN".into()))
                .await
                .unwrap_err()
        ),
        "type"
    );
    assert_eq!(any.calls_async().await, 0, "nothing was sent");
    // the bounds themselves pass
    let ctx = venue_common::api::Context::new(chrono::Utc::now());
    assert!(
        ChangeFuturesLeverageRequest::new(KEY_ID, "BTC/USDT", 125)
            .validate(&ctx)
            .is_ok()
    );
    assert!(
        CreateManualOrderRequest::new(KEY_ID, ts(dec!(0.1)))
            .validate(&ctx)
            .is_ok()
    );
    assert!(
        CreateManualOrderRequest::new(KEY_ID, ts(dec!(5)))
            .validate(&ctx)
            .is_ok()
    );
}

#[tokio::test]
async fn raw_and_send_as_data() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/priv/account/exchange/balance")
                .header("authorization", crate::common::TOKEN);
            then.status(200).body(r#"{"USD": 5.5}"#);
        })
        .await;
    let c = client(&server);
    let v: serde_json::Value = c
        .raw(http::Method::GET, "/v1/priv/account/exchange/balance")
        .send()
        .await
        .unwrap();
    assert_eq!(v["USD"], json!(5.5));
    let b = c.send(GetExchangeTotalBalanceRequest::new()).await.unwrap();
    assert_eq!(b.usd, dec!(5.5));
    assert_eq!(m.calls_async().await, 2);
}

//! Error shapes: the document's statuses in the HTTP line and in the body, malformed answers,
//! time-outs, dropped connections, and which failures are retried.

use std::time::Duration;

use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use iqfinex_rs::{
    ApiStatus, Client, Credentials, ErrorKind, OpenOrderRequest, RetryPolicy, Sent, Side,
};
use rust_decimal_macros::dec;

use crate::{KEY, client};

async fn balance_error(status: u16, body: &str) -> iqfinex_rs::Error {
    let server = MockServer::start_async().await;
    let body = body.to_string();
    server
        .mock_async(move |when, then| {
            when.method(GET).path("/v1/balance");
            then.status(status).body(body);
        })
        .await;
    client(&server).balance().await.expect_err("must fail")
}

#[tokio::test]
async fn statuses_401_402_403_are_distinct() {
    let e = balance_error(401, r#"{"status":401,"message":"Invalid login data"}"#).await;
    assert_eq!(e.kind(), ErrorKind::Authentication);
    assert_eq!(ApiStatus::of(&e), Some(ApiStatus::InvalidLogin));
    assert_eq!(e.code(), Some("401"));
    assert_eq!(
        e.venue_error().map(|v| v.message.as_str()),
        Some("Invalid login data")
    );

    let e = balance_error(
        402,
        r#"{"status":402,"message":"Action is forbidden for API key"}"#,
    )
    .await;
    assert_eq!(e.kind(), ErrorKind::Permission);
    assert_eq!(ApiStatus::of(&e), Some(ApiStatus::ForbiddenForKey));

    let e = balance_error(403, r#"{"status":403}"#).await;
    assert_eq!(e.kind(), ErrorKind::Authentication);
    assert_eq!(ApiStatus::of(&e), Some(ApiStatus::TokenExpired));
    assert_eq!(
        e.venue_error().map(|v| v.message.as_str()),
        Some("Authorization token expired"),
        "no message: the document's description"
    );
}

#[tokio::test]
async fn error_status_inside_http_200_is_an_error() {
    let e = balance_error(200, r#"{"status":401,"message":"Invalid login data"}"#).await;
    assert_eq!(ApiStatus::of(&e), Some(ApiStatus::InvalidLogin));
    assert_eq!(e.kind(), ErrorKind::Authentication);
    assert_eq!(e.venue_error().map(|v| v.status.as_u16()), Some(200));

    // Even when a `data` is present and would decode.
    let e = balance_error(200, r#"{"status":402,"data":{}}"#).await;
    assert_eq!(ApiStatus::of(&e), Some(ApiStatus::ForbiddenForKey));

    let e = balance_error(200, r#"{"status":"400","data":"Insufficient funds"}"#).await;
    assert_eq!(e.kind(), ErrorKind::InsufficientFunds);
    assert_eq!(
        e.venue_error().map(|v| v.message.as_str()),
        Some("Insufficient funds")
    );
}

#[tokio::test]
async fn bad_request_messages_are_kept_and_classified() {
    let e = balance_error(400, r#"{"status":400,"message":"Wrong asset"}"#).await;
    assert_eq!(e.kind(), ErrorKind::BadRequest);
    assert_eq!(ApiStatus::of(&e), Some(ApiStatus::BadRequest));
    assert_eq!(
        e.venue_error().map(|v| v.message.as_str()),
        Some("Wrong asset")
    );
    assert!(e.to_string().contains("Wrong asset"));

    let e = balance_error(400, r#"{"status":400,"error":"Order not found"}"#).await;
    assert_eq!(e.kind(), ErrorKind::OrderNotFound);

    let e = balance_error(400, r#"{"message":"Insufficient balance"}"#).await;
    assert_eq!(e.kind(), ErrorKind::InsufficientFunds);
    assert_eq!(
        e.venue_error().map(|v| v.body_text().into_owned()),
        Some(r#"{"message":"Insufficient balance"}"#.to_string())
    );
}

#[tokio::test]
async fn server_statuses_are_unavailable() {
    for (status, api) in [
        (500, ApiStatus::InternalError),
        (503, ApiStatus::Maintenance),
        (504, ApiStatus::GatewayTimeout),
    ] {
        let server = MockServer::start_async().await;
        server
            .mock_async(move |when, then| {
                when.method(GET).path("/v1/balance");
                then.status(status).body("<html><body>down</body></html>");
            })
            .await;
        let e = client(&server).balance().await.expect_err("fails");
        assert_eq!(e.kind(), ErrorKind::Unavailable, "{status}");
        assert_eq!(ApiStatus::of(&e), Some(api));
        assert!(e.is_retryable());
        assert_eq!(
            e.venue_error().map(|v| v.body_text().into_owned()),
            Some("<html><body>down</body></html>".into())
        );
    }
}

#[tokio::test]
async fn malformed_success_bodies_are_decode_errors() {
    venue_testkit::install();
    for body in [
        "",
        "<html>hello</html>",
        r#"{"status":200,"data":{"BTC":{"balance":1.5,"free_balance""#,
        r#"{"status":200,"data":{"BTC":{"balance":"abc","free_balance":1}}}"#,
        r#"{"status":200}"#,
        "null",
        "[]",
    ] {
        let e = balance_error(200, body).await;
        assert_eq!(e.kind(), ErrorKind::Decode, "{body}");
        assert_eq!(e.sent(), Sent::Yes);
    }
    let e = balance_error(
        200,
        r#"{"status":200,"data":{"BTC":{"balance":"abc","free_balance":1}}}"#,
    )
    .await;
    match e {
        iqfinex_rs::Error::Decode(d) => assert_eq!(d.path, "data.BTC.balance"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    venue_testkit::install();
    let server = MockServer::start_async().await;
    let big = format!(r#"{{"status":200,"data":"{}"}}"#, "x".repeat(10_000));
    server
        .mock_async(move |when, then| {
            when.method(GET).path("/v1/currencies");
            then.status(200).body(big);
        })
        .await;
    let c = Client::builder()
        .base_url(server.base_url())
        .no_pacing()
        .max_body_bytes(1024)
        .build()
        .expect("builds");
    let e = c.currencies().await.expect_err("too big");
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert!(matches!(e, iqfinex_rs::Error::BodyTooLarge { .. }), "{e:?}");
}

#[tokio::test]
async fn timeouts_and_reads_are_retried_but_orders_are_not() {
    venue_testkit::install();
    let server = MockServer::start_async().await;
    let slow = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/balance");
            then.status(200)
                .delay(Duration::from_millis(1500))
                .body(r#"{"status":200,"data":{}}"#);
        })
        .await;
    let unavailable = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/order");
            then.status(503).body(r#"{"status":503}"#);
        })
        .await;
    let retrying = RetryPolicy::default()
        .max_attempts(2)
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(2))
        .jitter(false);
    let c = Client::builder()
        .base_url(server.base_url())
        .credentials(Credentials::new(KEY))
        .no_pacing()
        .timeout(Duration::from_millis(200))
        .retry_policy(retrying)
        .build()
        .expect("builds");
    let e = c.balance().await.expect_err("times out");
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert_eq!(slow.calls_async().await, 2, "a read is retried");

    let e = c
        .open_order(OpenOrderRequest::limit(
            "ETHBTC",
            Side::Buy,
            dec!(1),
            dec!(0.03),
        ))
        .await
        .expect_err("unavailable");
    assert_eq!(e.kind(), ErrorKind::Unavailable);
    assert_eq!(
        unavailable.calls_async().await,
        1,
        "an order is never sent twice"
    );
}

#[tokio::test]
async fn dropped_connections_are_network_errors() {
    venue_testkit::install();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let addr = listener.local_addr().expect("address");
    let server = tokio::spawn(async move {
        for _ in 0..3 {
            if let Ok((socket, _)) = listener.accept().await {
                drop(socket);
            }
        }
    });
    let c = Client::builder()
        .base_url(format!("http://{addr}"))
        .credentials(Credentials::new(KEY))
        .no_pacing()
        .retry_policy(RetryPolicy::off())
        .build()
        .expect("builds");
    let e = c.opened_orders().await.expect_err("dropped");
    assert_eq!(e.kind(), ErrorKind::Network, "{e:?}");
    server.abort();
}

/// Every prefix of every documented sample, and a few hostile bodies, decode to a value or an
/// error: never a panic.
#[test]
fn truncated_and_hostile_bodies_never_panic() {
    use iqfinex_rs::error::decode;
    use std::collections::BTreeMap;
    use venue_common::{Bytes, HeaderMap, Response, StatusCode};

    fn run(status: u16, body: &[u8]) {
        let response = || {
            Response::new(
                StatusCode::from_u16(status).expect("valid status"),
                HeaderMap::new(),
                Bytes::copy_from_slice(body),
            )
        };
        let _ = decode::<iqfinex_rs::OrderBook>(response());
        let _ = decode::<iqfinex_rs::Paged<iqfinex_rs::Candle>>(response());
        let _ = decode::<iqfinex_rs::Paged<iqfinex_rs::MyTrade>>(response());
        let _ = decode::<iqfinex_rs::Order>(response());
        let _ = decode::<BTreeMap<String, iqfinex_rs::Ticker>>(response());
        let _ = decode::<iqfinex_rs::Balances>(response());
    }

    for id in [
        "orderbook",
        "candles",
        "my_trades",
        "open_order",
        "tickers",
        "balance",
    ] {
        let text = crate::fixture(id);
        let bytes = text.as_bytes();
        for cut in 0..bytes.len() {
            run(200, &bytes[..cut]);
        }
    }
    for body in [
        &b"\xff\xfe\x00garbage"[..],
        br#"{"status":200,"data":{"buy":{"1e99999":[1,1]},"sell":{"-":[null]}}}"#,
        br#"{"status":200,"data":{"count":-1,"rows":[[1,2,3,4,5,-99999999999999999999]]}}"#,
        br#"{"status":99999999999,"data":null}"#,
        br#"{"status":200,"data":{"buy":{"1":[1,4294967296]}}}"#,
        br#"{"status":"abc"}"#,
    ] {
        run(200, body);
        run(400, body);
    }
}

#[tokio::test]
async fn rate_limited_reads_wait_and_retry() {
    venue_testkit::install();
    let server = MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/tickers");
            then.status(429)
                .header("Retry-After", "0")
                .body(r#"{"status":429,"message":"Too many requests"}"#);
        })
        .await;
    let c = Client::builder()
        .base_url(server.base_url())
        .no_pacing()
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(3)
                .base_delay(Duration::from_millis(1))
                .jitter(false),
        )
        .build()
        .expect("builds");
    let e = c.tickers().await.expect_err("still limited");
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    assert_eq!(e.retry_after(), Some(Duration::ZERO));
    assert_eq!(
        limited.calls_async().await,
        3,
        "reads are retried after Retry-After"
    );

    // A 400 is the caller's to fix: never retried.
    let server = MockServer::start_async().await;
    let bad = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/tickers");
            then.status(400)
                .body(r#"{"status":400,"message":"Wrong request"}"#);
        })
        .await;
    let c = Client::builder()
        .base_url(server.base_url())
        .no_pacing()
        .build()
        .expect("builds");
    assert_eq!(
        c.tickers().await.expect_err("bad").kind(),
        ErrorKind::BadRequest
    );
    assert_eq!(bad.calls_async().await, 1);
}

#[test]
fn the_client_is_cheap_to_share() {
    venue_testkit::install();
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<Client>();
    shareable::<iqfinex_rs::Credentials>();
    let c = Client::builder().build().expect("builds");
    assert_eq!(c.base_url().as_str(), "https://datacenter.iqfinex.com/");
    assert!(!c.has_credentials());
}

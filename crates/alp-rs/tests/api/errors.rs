//! Every documented error shape, and answers that are not what they should be.

use alp_rs::{ErrorKind, Sent};
use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use rust_decimal_macros::dec;

use super::common::client;

async fn v1_answer(status: u16, body: &str) -> alp_rs::Error {
    let server = MockServer::start_async().await;
    let b = body.to_string();
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/order/");
            then.status(status).body(b);
        })
        .await;
    let c = client(&server.base_url());
    c.v1()
        .create_order(alp_rs::v1::Side::Sell, "BTC_USD", dec!(9.99), dec!(1))
        .await
        .unwrap_err()
}

async fn v3_answer(status: u16, content_type: &str, body: &str) -> alp_rs::Error {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v3/auth");
            then.status(200)
                .body(format!("\"{}\"", super::common::jwt(4_000_000_000)));
        })
        .await;
    let (b, ct) = (body.to_string(), content_type.to_string());
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v3/orders");
            then.status(status).header("content-type", ct).body(b);
        })
        .await;
    client(&server.base_url()).v3().orders().await.unwrap_err()
}

#[tokio::test]
async fn v1_error_shape() {
    let e = v1_answer(
        400,
        r#"{"date": 1570599531.48, "error": "Out of balance -9.99 BTC"}"#,
    )
    .await;
    assert_eq!(e.kind(), ErrorKind::InsufficientFunds);
    let v = e.venue_error().unwrap();
    assert_eq!(v.status.as_u16(), 400);
    assert_eq!(v.message, "Out of balance -9.99 BTC");
    assert!(v.body_text().contains("1570599531.48"));
    assert_eq!(e.sent(), Sent::Yes);
    // The same shape inside a 200.
    let e = v1_answer(200, r#"{"date": 1570599531.48, "error": "Invalid nonce"}"#).await;
    assert_eq!(e.kind(), ErrorKind::InvalidNonce);
    // Plain statuses with HTML, nothing, or garbage.
    let e = v1_answer(403, "<html><body>Forbidden</body></html>").await;
    assert_eq!(e.kind(), ErrorKind::Permission);
    assert_eq!(e.venue_error().unwrap().message, "Forbidden");
    let e = v1_answer(502, "").await;
    assert_eq!(e.kind(), ErrorKind::Unavailable);
    let e = v1_answer(429, "slow down").await;
    assert_eq!(e.kind(), ErrorKind::RateLimited);
}

#[tokio::test]
async fn v3_error_shapes() {
    let e = v3_answer(
        400,
        "application/json",
        r#"{"code":"ORDER_NOT_FOUND","message":"order not found"}"#,
    )
    .await;
    assert_eq!(e.kind(), ErrorKind::OrderNotFound);
    assert_eq!(e.code(), Some("ORDER_NOT_FOUND"));
    let e = v3_answer(
        400,
        "application/json",
        r#"{"formErrors":{"start_time":["invalid format"],"pair":"unknown pair"}}"#,
    )
    .await;
    assert_eq!(e.kind(), ErrorKind::BadRequest);
    assert_eq!(e.code(), Some("FORM_ERRORS"));
    let msg = &e.venue_error().unwrap().message;
    assert!(
        msg.contains("start_time: invalid format") && msg.contains("pair: unknown pair"),
        "{msg}"
    );
    let e = v3_answer(401, "text/plain", "invalid api key").await;
    assert_eq!(e.kind(), ErrorKind::Authentication);
    assert_eq!(e.venue_error().unwrap().message, "invalid api key");
}

#[tokio::test]
async fn malformed_success_bodies_are_decode_errors_not_panics() {
    venue_testkit::install();
    for body in [
        "",
        "[{\"id\": 1",
        "<html>oops</html>",
        "{\"unexpected\": true}",
        "[{\"amount\":\"abc\"}]",
    ] {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method(GET).path("/v1/deposits/");
                then.status(200).body(body);
            })
            .await;
        let e = client(&server.base_url())
            .v1()
            .deposits()
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "{body}: {e}");
    }
    // Oversized answers are refused.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/currencies/");
            then.status(200).body(vec![b'['; 4096]);
        })
        .await;
    let c = alp_rs::Client::builder()
        .base_url(server.base_url())
        .max_body_bytes(1024)
        .no_pacing()
        .build()
        .unwrap();
    assert_eq!(
        c.v1().currencies().await.unwrap_err().kind(),
        ErrorKind::Decode
    );
}

#[tokio::test]
async fn a_write_is_never_repeated_and_a_timeout_says_it_may_have_been_sent() {
    venue_testkit::install();
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/order/");
            then.status(503).body("busy");
        })
        .await;
    // Default retry policy: reads would be retried, this write is not.
    let c = alp_rs::Client::builder()
        .base_url(server.base_url())
        .credentials(alp_rs::Credentials::new("k", "s"))
        .no_pacing()
        .build()
        .unwrap();
    let e = c
        .v1()
        .create_order(alp_rs::v1::Side::Buy, "BTC_USD", dec!(1), dec!(1))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unavailable);
    m.assert_calls_async(1).await;

    let slow = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/order-cancel/");
            then.status(200)
                .delay(std::time::Duration::from_millis(500))
                .body("{\"order\":1}");
        })
        .await;
    let c = alp_rs::Client::builder()
        .base_url(server.base_url())
        .credentials(alp_rs::Credentials::new("k", "s"))
        .timeout(std::time::Duration::from_millis(100))
        .no_pacing()
        .build()
        .unwrap();
    let e = c.v1().cancel_order(1).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert_eq!(e.sent(), Sent::Maybe);
    slow.assert_calls_async(1).await;

    // Reads are retried on 503.
    let read = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/ticker/");
            then.status(503).body("busy");
        })
        .await;
    let c = alp_rs::Client::builder()
        .base_url(server.base_url())
        .no_pacing()
        .build()
        .unwrap();
    c.v1().ticker().await.unwrap_err();
    read.assert_calls_async(3).await;
}

#[test]
fn nothing_secret_in_debug() {
    venue_testkit::install();
    let c = alp_rs::Client::builder()
        .credentials(alp_rs::Credentials::new(
            "ak_7f3c2e19b4d84a6c",
            "sk_very_secret_value",
        ))
        .build()
        .unwrap();
    let s = format!("{c:?}");
    assert!(!s.contains("sk_very_secret_value"), "{s}");
    assert!(!s.contains("2e19b4d84a6c"), "{s}");
}

#[tokio::test]
async fn a_dropped_connection_is_maybe_sent_and_a_write_is_not_repeated() {
    venue_testkit::install();
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let seen = accepted.clone();
    tokio::spawn(async move {
        use tokio::io::AsyncReadExt;
        while let Ok((mut sock, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            // Read the request, then hang up without answering.
            let mut buf = [0u8; 4096];
            let _ = sock.read(&mut buf).await;
            drop(sock);
        }
    });
    let c = alp_rs::Client::builder()
        .base_url(format!("http://{addr}/api"))
        .credentials(alp_rs::Credentials::new("k", "s"))
        .no_pacing()
        .build()
        .unwrap();
    let e = c
        .v1()
        .create_order(alp_rs::v1::Side::Buy, "BTC_USD", dec!(1), dec!(1))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Network);
    assert_eq!(e.sent(), Sent::Maybe);
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
    // A read is repeated (three attempts by default).
    let e = c.v1().deposits().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Network);
    assert!(accepted.load(Ordering::SeqCst) >= 4);
}

//! Every error shape: top-level refusals (`success` as a boolean or a string), per-item
//! refusals inside `data`, non-JSON bodies, malformed answers, and no retry of writes.

use coinflex_rs::{ErrorKind, RetryPolicy, Sent};
use httpmock::MockServer;
use rust_decimal_macros::dec;

use super::common::{client, fixture};

#[tokio::test]
async fn top_level_refusal_with_boolean_success() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("GET").path("/v2/borrowingSummary");
            then.status(401)
                .body(r#"{"success": false, "code": "20000", "message": "Signature is invalid"}"#);
        })
        .await;
    let (client, _) = client(&server.base_url());
    let err = client.borrowing_summary().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert_eq!(err.code(), Some("20000"));
    assert_eq!(err.sent(), Sent::Yes);
    let v = err.venue_error().unwrap();
    assert_eq!(v.status.as_u16(), 401);
    assert_eq!(v.message, "Signature is invalid");
    assert!(v.body_text().contains("20000"));
}

#[tokio::test]
async fn top_level_refusal_with_string_success_inside_http_200() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/borrow");
            then.status(200).body(
                r#"{"success": "false", "code": "710006", "message": "FAILED balance check as balance (0E-9) < value (0.01)"}"#,
            );
        })
        .await;
    let (client, _) = client(&server.base_url());
    let err = client.borrow("USD", "BTC", dec!(0.01)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientFunds);
    assert_eq!(err.code(), Some("710006"));
    assert!(err.to_string().contains("FAILED balance check"));
}

#[tokio::test]
async fn code_table_kinds_over_http() {
    let cases = [
        ("40001", 400, ErrorKind::BadRequest),
        ("710003", 400, ErrorKind::InvalidOrder),
        ("40035", 400, ErrorKind::OrderNotFound),
        ("25009", 403, ErrorKind::Permission),
        ("05001", 403, ErrorKind::Permission),
        ("20020", 400, ErrorKind::InvalidOrder),
        ("20025", 401, ErrorKind::Authentication),
        ("20024", 400, ErrorKind::InvalidNonce),
    ];
    for (code, status, kind) in cases {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method("GET").path("/v2/repay/BTC");
                then.status(status).body(format!(
                    r#"{{"success":false,"code":"{code}","message":"m {code}"}}"#
                ));
            })
            .await;
        let (client, _) = client(&server.base_url());
        let err = client.repay_history("BTC").await.unwrap_err();
        assert_eq!(err.kind(), kind, "code {code}");
        assert_eq!(err.code(), Some(code));
    }
}

#[tokio::test]
async fn per_item_refusal_inside_data() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/borrow/close");
            then.status(200).body(
                r#"{"event":"closeBorrow","timestamp":"1626434069478","accountId":"3123","data":{
                    "success":"false","timestamp":"1626434069461","code":"710003",
                    "message":"FAILED sanity bound check as price (50000) > upper bound (31000)",
                    "clientOrderId":"1626434069478","marketCode":"BTC-USD-SWAP-LIN"}}"#,
            );
        })
        .await;
    let (client, _) = client(&server.base_url());
    let err = client
        .close_borrow("BTC-USD-SWAP-LIN")
        .price(dec!(50000))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidOrder);
    assert_eq!(err.code(), Some("710003"));
    assert_eq!(err.venue_error().unwrap().status.as_u16(), 200);
}

#[tokio::test]
async fn per_item_refusal_inside_a_data_list() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/borrow/close");
            then.status(200).body(
                r#"{"event":"closeBorrow","timestamp":"1","accountId":"3123","data":[
                    {"success":"false","timestamp":"1","code":"710006","message":"FAILED balance check"}]}"#,
            );
        })
        .await;
    let (client, _) = client(&server.base_url());
    let err = client.close_borrow("BTC-USD-SWAP-LIN").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientFunds);
}

#[tokio::test]
async fn html_empty_truncated_and_malformed_bodies_never_panic() {
    venue_testkit::install();
    let cases: [(u16, &str, ErrorKind); 5] = [
        (
            502,
            "<html><body>Bad gateway</body></html>",
            ErrorKind::Unavailable,
        ),
        (500, "", ErrorKind::Unavailable),
        (
            200,
            r#"{"event":"borrowingSummary","timestamp":"1","accountId":"1","data":[{"borrowAsset":"USD""#,
            ErrorKind::Decode,
        ),
        (
            200,
            r#"{"event":"borrowingSummary","timestamp":"1","accountId":"1","data":[{"borrowAsset":"USD","borrowedAmount":"abc","collateralAsset":"BTC","collateralizedAmount":"1","rateType":"FIXED_RATE","status":"To be repaid"}]}"#,
            ErrorKind::Decode,
        ),
        (200, "", ErrorKind::Decode),
    ];
    for (status, body, kind) in cases {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method("GET").path("/v2/borrowingSummary");
                then.status(status).body(body);
            })
            .await;
        let (client, _) = client(&server.base_url());
        let err = client.borrowing_summary().await.unwrap_err();
        assert_eq!(err.kind(), kind, "{status} {body}");
    }
    // The failing JSON path is named.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("GET").path("/v2/borrowingSummary");
            then.status(200).body(cases[3].1);
        })
        .await;
    let (client, _) = client(&server.base_url());
    let err = client.borrowing_summary().await.unwrap_err();
    assert!(err.to_string().contains("data[0].borrowedAmount"), "{err}");
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    venue_testkit::install();
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("GET").path("/v2/borrowingSummary");
            then.status(200)
                .body(fixture("borrowing_summary").repeat(10));
        })
        .await;
    let client = coinflex_rs::Client::builder()
        .base_url(server.base_url())
        .credentials(coinflex_rs::Credentials::new("k", "s"))
        .max_body_bytes(64)
        .build()
        .unwrap();
    let err = client.borrowing_summary().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
}

#[tokio::test]
async fn an_unavailable_write_is_not_repeated_but_a_read_is() {
    venue_testkit::install();
    let server = MockServer::start_async().await;
    let write = server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/borrow");
            then.status(503).body("unavailable");
        })
        .await;
    let read = server
        .mock_async(|when, then| {
            when.method("GET").path("/v2/borrowingSummary");
            then.status(503).body("unavailable");
        })
        .await;
    let client = coinflex_rs::Client::builder()
        .base_url(server.base_url())
        .credentials(coinflex_rs::Credentials::new("k", "s"))
        .no_pacing()
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(3)
                .base_delay(std::time::Duration::from_millis(1))
                .jitter(false),
        )
        .build()
        .unwrap();
    let err = client.borrow("USD", "BTC", dec!(1)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unavailable);
    assert_eq!(write.calls_async().await, 1);
    let _ = client.borrowing_summary().await.unwrap_err();
    assert_eq!(read.calls_async().await, 3);
}

#[tokio::test]
async fn a_dropped_connection_is_a_network_error() {
    // Bind a port, then close it: nothing listens there any more.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let (client, _) = client(&format!("http://127.0.0.1:{port}"));
    let err = client.borrow("USD", "BTC", dec!(1)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network);
    assert_eq!(err.sent(), Sent::No);
}

#[tokio::test]
async fn missing_credentials_are_refused_before_sending() {
    venue_testkit::install();
    let client = coinflex_rs::Client::builder()
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let err = client.borrowing_summary().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingCredentials);
    assert_eq!(err.sent(), Sent::No);
}

#[tokio::test]
async fn a_timed_out_write_may_have_been_sent_and_is_not_repeated() {
    venue_testkit::install();
    let server = MockServer::start_async().await;
    let slow = server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/repay");
            then.status(200)
                .delay(std::time::Duration::from_secs(5))
                .body(fixture("repay"));
        })
        .await;
    let client = coinflex_rs::Client::builder()
        .base_url(server.base_url())
        .credentials(coinflex_rs::Credentials::new("k", "s"))
        .timeout(std::time::Duration::from_millis(200))
        .no_pacing()
        .build()
        .unwrap();
    let err = client.repay("USD", "BTC", dec!(1)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(err.sent(), Sent::Maybe);
    assert_eq!(slow.calls_async().await, 1);
}

#[tokio::test]
async fn errors_and_debug_output_never_show_secrets_or_signatures() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("GET").path("/v2/borrowingSummary");
            then.status(401)
                .body(r#"{"success":false,"code":"20000","message":"Signature is invalid"}"#);
        })
        .await;
    let (client, _) = client(&server.base_url());
    let err = client.borrowing_summary().await.unwrap_err();
    let shown = format!("{err} {err:?} {client:?}");
    assert!(!shown.contains(super::common::SECRET), "{shown}");
    assert!(!shown.contains(super::common::KEY), "{shown}");
    // The signature the client sent cannot appear either: compute it and look for it.
    let host = coinflex_rs::auth::host_of(&venue_common::Url::parse(&server.base_url()).unwrap());
    let sig = coinflex_rs::auth::signature(
        &venue_common::secret::SecretString::from(super::common::SECRET.to_string()),
        "2021-07-16T11:10:27",
        super::common::T0 as u64,
        &venue_common::Method::GET,
        &host,
        "/v2/borrowingSummary",
        b"",
    );
    assert!(!shown.contains(&sig), "{shown}");
}

#[tokio::test]
async fn a_code_and_message_without_success_or_data_is_a_refusal() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("GET").path("/v2/borrow/BTC");
            then.status(200)
                .body(r#"{"code":"25009","message":"permission denied"}"#);
        })
        .await;
    let (client, _) = client(&server.base_url());
    let err = client.borrow_history("BTC").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Permission);
    assert_eq!(err.code(), Some("25009"));
}

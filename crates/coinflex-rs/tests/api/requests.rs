//! Request shapes: method, path, query or body, and the authentication headers exactly, for
//! every endpoint; the answer is the documented sample.

use chrono::TimeZone;
use coinflex_rs::auth;
use httpmock::MockServer;
use rust_decimal_macros::dec;
use venue_common::secret::SecretString;
use venue_common::{Method, Url};

use super::common::{KEY, SECRET, T0, client, fixture};

const TS: &str = "2021-07-16T11:10:27";

/// The signature the venue expects for this request at `T0` with nonce `nonce`.
fn expected_sig(server: &MockServer, method: Method, path: &str, body: &str, nonce: u64) -> String {
    let host = auth::host_of(&Url::parse(&server.base_url()).unwrap());
    assert!(host.starts_with("127.0.0.1:"), "{host}");
    auth::signature(
        &SecretString::from(SECRET.to_string()),
        TS,
        nonce,
        &method,
        &host,
        path,
        body.as_bytes(),
    )
}

#[tokio::test]
async fn borrowing_summary_shape() {
    let server = MockServer::start_async().await;
    let sig = expected_sig(&server, Method::GET, "/v2/borrowingSummary", "", T0 as u64);
    let mock = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v2/borrowingSummary")
                .header("AccessKey", KEY)
                .header("Timestamp", TS)
                .header("Nonce", T0.to_string())
                .header("Signature", sig)
                .header("Content-Type", "application/json");
            then.status(200).body(fixture("borrowing_summary"));
        })
        .await;
    let (client, _) = client(&server.base_url());
    let answer = client.borrowing_summary().await.unwrap();
    mock.assert_async().await;
    assert_eq!(answer.len(), 1);
    assert_eq!(answer[0].borrowed_amount, dec!(109031.8252978));
}

#[tokio::test]
async fn borrow_shape_and_the_signed_bytes_are_the_sent_bytes() {
    let server = MockServer::start_async().await;
    let body = r#"{"borrowAsset":"USD","collateralAsset":"BTC","collateralAmount":"0.01"}"#;
    let sig = expected_sig(&server, Method::POST, "/v2/borrow", body, T0 as u64);
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v2/borrow")
                .query_param_count(".*", ".*", 0)
                .header_count("(?i)^content-type$", ".*", 1)
                .body(body)
                .header("AccessKey", KEY)
                .header("Timestamp", TS)
                .header("Nonce", T0.to_string())
                .header("Signature", sig)
                .header("Content-Type", "application/json");
            then.status(200).body(fixture("borrow"));
        })
        .await;
    let (client, _) = client(&server.base_url());
    let answer = client.borrow("USD", "BTC", dec!(0.01)).await.unwrap();
    mock.assert_async().await;
    assert_eq!(answer.borrowed_amount, dec!(296.21588287));
}

#[tokio::test]
async fn repay_shape() {
    let server = MockServer::start_async().await;
    let body = r#"{"repayAsset":"USD","regainAsset":"BTC","regainAmount":"0.001"}"#;
    let sig = expected_sig(&server, Method::POST, "/v2/repay", body, T0 as u64);
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v2/repay")
                .body(body)
                .header("AccessKey", KEY)
                .header("Timestamp", TS)
                .header("Nonce", T0.to_string())
                .header("Signature", sig)
                .header("Content-Type", "application/json");
            then.status(200).body(fixture("repay"));
        })
        .await;
    let (client, _) = client(&server.base_url());
    let answer = client.repay("USD", "BTC", dec!(0.001)).await.unwrap();
    mock.assert_async().await;
    assert_eq!(answer.repaid_amount, dec!(31.33109616));
}

#[tokio::test]
async fn close_borrow_shape() {
    let server = MockServer::start_async().await;
    // A partial close names its amount both ways (`quantity` in the example,
    // `collateralAmount` in the table), with the same text.
    let body = r#"{"marketCode":"BTC-USD-SWAP-LIN","price":"29633.5","quantity":"1","collateralAmount":"1"}"#;
    let sig = expected_sig(&server, Method::POST, "/v2/borrow/close", body, T0 as u64);
    let mock = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/v2/borrow/close")
                .body(body)
                .header("AccessKey", KEY)
                .header("Timestamp", TS)
                .header("Nonce", T0.to_string())
                .header("Signature", sig)
                .header("Content-Type", "application/json");
            then.status(200).body(fixture("close_borrow"));
        })
        .await;
    let (client, _) = client(&server.base_url());
    let answer = client
        .close_borrow("BTC-USD-SWAP-LIN")
        .price(dec!(29633.5))
        .quantity(dec!(1))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(answer.order_id.as_deref(), Some("1000018496331"));
}

#[tokio::test]
async fn borrow_history_shape_with_query() {
    let server = MockServer::start_async().await;
    let start = chrono::Utc.timestamp_millis_opt(1626300000000).unwrap();
    let end = chrono::Utc.timestamp_millis_opt(1626434000000).unwrap();
    let query = "limit=10&startTime=1626300000000&endTime=1626434000000";
    let sig = expected_sig(&server, Method::GET, "/v2/borrow/BTC", query, T0 as u64);
    let mock = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v2/borrow/BTC")
                .query_param("limit", "10")
                .query_param("startTime", "1626300000000")
                .query_param("endTime", "1626434000000")
                .query_param_count(".*", ".*", 3)
                .header("AccessKey", KEY)
                .header("Timestamp", TS)
                .header("Nonce", T0.to_string())
                .header("Signature", sig);
            then.status(200).body(fixture("borrow_history"));
        })
        .await;
    let (client, _) = client(&server.base_url());
    let answer = client
        .borrow_history("BTC")
        .limit(10)
        .start_time(start)
        .end_time(end)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(answer.len(), 2);
}

#[tokio::test]
async fn repay_history_shape_without_query() {
    let server = MockServer::start_async().await;
    let sig = expected_sig(&server, Method::GET, "/v2/repay/BTC", "", T0 as u64);
    let mock = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v2/repay/BTC")
                .query_param_count(".*", ".*", 0)
                .header("AccessKey", KEY)
                .header("Timestamp", TS)
                .header("Nonce", T0.to_string())
                .header("Signature", sig);
            then.status(200).body(fixture("repay_history"));
        })
        .await;
    let (client, _) = client(&server.base_url());
    let answer = client.repay_history("BTC").await.unwrap();
    mock.assert_async().await;
    assert_eq!(answer.len(), 2);
}

#[tokio::test]
async fn the_documented_live_url_never_doubles_v2() {
    // The document's LIVE URL ends in `/v2`; every path already starts with `/v2/`.
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("GET").path("/v2/borrowingSummary");
            then.status(200).body(fixture("borrowing_summary"));
        })
        .await;
    let doubled = server
        .mock_async(|when, then| {
            when.method("GET").path_prefix("/v2/v2/");
            then.status(404);
        })
        .await;
    let (client, _) = client(&format!("{}/v2/", server.base_url()));
    assert_eq!(client.base_url().path(), "/");
    client.borrowing_summary().await.unwrap();
    mock.assert_async().await;
    assert_eq!(doubled.calls_async().await, 0);
}

#[tokio::test]
async fn nonces_strictly_increase_while_the_clock_stands_still() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v2/borrowingSummary")
                .header("Nonce", T0.to_string());
            then.status(200).body(fixture("borrowing_summary"));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v2/borrowingSummary")
                .header("Nonce", (T0 + 1).to_string());
            then.status(200).body(fixture("borrowing_summary"));
        })
        .await;
    let third = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v2/borrowingSummary")
                .header("Nonce", (T0 + 2).to_string());
            then.status(200).body(fixture("borrowing_summary"));
        })
        .await;
    let (client, clock) = client(&server.base_url());
    client.borrowing_summary().await.unwrap();
    // A clone shares the nonce source; the clock stepping back (within the nonces' bounded
    // lead, 500 ms by default: a larger step makes the next draw wait for the clock) changes
    // nothing.
    clock.advance_millis(-400);
    client.clone().borrowing_summary().await.unwrap();
    client.borrowing_summary().await.unwrap();
    first.assert_async().await;
    second.assert_async().await;
    third.assert_async().await;
}

#[tokio::test]
async fn send_takes_requests_built_as_data_and_raw_signs_anything() {
    let server = MockServer::start_async().await;
    let history = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v2/repay/ETH")
                .query_param("limit", "5");
            then.status(200).body(fixture("repay_history"));
        })
        .await;
    let raw = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v2/balances")
                .header_exists("Signature")
                .header("AccessKey", KEY);
            then.status(200).body(
                r#"{"event":"balances","timestamp":1611665626191,"accountId":"3123","data":[]}"#,
            );
        })
        .await;
    let (client, _) = client(&server.base_url());
    let answer = client
        .send(coinflex_rs::RepayHistoryRequest::new("ETH").limit(5))
        .await
        .unwrap();
    // Calls return the envelope's `data`.
    let expected: coinflex_rs::Envelope<Vec<coinflex_rs::Repayment>> =
        serde_json::from_str(&fixture("repay_history")).unwrap();
    assert_eq!(expected.event, "repayHistory");
    assert_eq!(answer, expected.data);
    let value: serde_json::Value = client
        .raw(Method::GET, "/v2/balances")
        .send()
        .await
        .unwrap();
    assert_eq!(value["event"], "balances");
    history.assert_async().await;
    raw.assert_async().await;
}

#[tokio::test]
async fn history_streams_walk_windows_longer_than_seven_days_in_slices() {
    use futures::StreamExt;
    const DAY: i64 = 86_400_000;
    let server = MockServer::start_async().await;
    let empty = r#"{"event":"borrowHistory","timestamp":"1","accountId":"3123","data":[]}"#;
    let start = T0 - 10 * DAY;
    // Slice 1: the newest 7 days; a full page (2 rows, limit 2).
    let first = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v2/borrow/BTC")
                .query_param("limit", "2")
                .query_param("startTime", (T0 - 7 * DAY).to_string())
                .query_param("endTime", T0.to_string());
            then.status(200).body(fixture("borrow_history"));
        })
        .await;
    // Then 1 ms before the oldest row (1626432797124), still a 7-day slice: empty.
    let end2 = 1_626_432_797_123i64;
    let second = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v2/borrow/BTC")
                .query_param("startTime", (end2 - 7 * DAY).to_string())
                .query_param("endTime", end2.to_string());
            then.status(200).body(empty);
        })
        .await;
    // Then the rest of the window, down to startTime: empty, and the stream ends.
    let end3 = end2 - 7 * DAY - 1;
    let third = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/v2/borrow/BTC")
                .query_param("startTime", start.to_string())
                .query_param("endTime", end3.to_string());
            then.status(200).body(empty);
        })
        .await;
    let (client, _) = client(&server.base_url());
    let rows: Vec<_> = client
        .borrow_history("BTC")
        .limit(2)
        .start_time(chrono::Utc.timestamp_millis_opt(start).unwrap())
        .end_time(chrono::Utc.timestamp_millis_opt(T0).unwrap())
        .into_stream()
        .collect()
        .await;
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(Result::is_ok));
    first.assert_async().await;
    second.assert_async().await;
    third.assert_async().await;
}

#[tokio::test]
async fn a_partial_close_answered_with_another_quantity_is_a_mismatch() {
    let server = MockServer::start_async().await;
    // The venue closed 1.0 although 0.5 was asked (it read another field, say).
    let mock = server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/borrow/close");
            then.status(200).body(fixture("close_borrow"));
        })
        .await;
    let (client, _) = client(&server.base_url());
    let err = client
        .close_borrow("BTC-USD-SWAP-LIN")
        .quantity(dec!(0.5))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), coinflex_rs::ErrorKind::Mismatch);
    assert_eq!(
        err.sent(),
        coinflex_rs::Sent::Yes,
        "the close was sent and answered"
    );
    assert!(
        err.to_string().contains("`quantity` was asked as 0.5"),
        "{err}"
    );
    // A full close (no quantity asked) takes whatever the venue closed.
    let full = client.close_borrow("BTC-USD-SWAP-LIN").await.unwrap();
    assert_eq!(full.quantity, dec!(1.0));
    assert_eq!(mock.calls_async().await, 2, "never repeated");
}

#[tokio::test]
async fn result_not_found_is_an_empty_history_but_a_refused_write() {
    let server = MockServer::start_async().await;
    let not_found = r#"{"success":false,"code":"20001","message":"result not found, please check your parameters"}"#;
    server
        .mock_async(|when, then| {
            when.method("GET").path("/v2/borrow/BTC");
            then.status(200).body(not_found);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method("GET").path("/v2/borrowingSummary");
            then.status(400).body(not_found);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/v2/repay");
            then.status(400).body(not_found);
        })
        .await;
    let (client, _) = client(&server.base_url());
    assert!(client.borrow_history("BTC").await.unwrap().is_empty());
    assert!(client.borrowing_summary().await.unwrap().is_empty());
    let err = client.repay("USD", "BTC", dec!(1)).await.unwrap_err();
    assert_eq!(err.code(), Some("20001"));
    assert_eq!(err.kind(), coinflex_rs::ErrorKind::BadRequest);
}

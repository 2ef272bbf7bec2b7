//! The envelope's error shape, the whole code table, malformed answers, time-outs, and the
//! idempotent-write retry rules.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use httpmock::prelude::*;
use matrixport_rs::error::{api_code, decode_answer};
use matrixport_rs::*;
use rust_decimal_macros::dec;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use venue_common::{Bytes, HeaderMap, Response, StatusCode};

use super::{KEY, NOW, SECRET, client};

fn answer(status: u16, body: &str) -> Response {
    Response::new(
        StatusCode::from_u16(status).unwrap(),
        HeaderMap::new(),
        Bytes::from(body.to_string()),
    )
}

#[test]
fn every_documented_code_has_a_kind() {
    for code in ApiCode::ALL {
        let body = format!(
            r#"{{"code": {}, "message": "m", "data": null}}"#,
            code.code()
        );
        let result = decode_answer::<()>(&answer(200, &body));
        if *code == ApiCode::Ok {
            assert!(result.is_ok());
            continue;
        }
        let err = result.unwrap_err();
        assert_eq!(Some(err.kind()), code.kind(), "{code:?}");
        assert_eq!(err.code(), Some(code.code().to_string().as_str()));
        assert_eq!(api_code(&err), Some(*code));
        assert_eq!(ApiCode::from_code(code.code()), *code);
        assert_ne!(code.description(), "undocumented code");
    }
    assert_eq!(ApiCode::ALL.len(), 37);
    assert_eq!(ApiCode::RepeatedRequest.kind(), Some(ErrorKind::Duplicate));
    assert_eq!(
        ApiCode::DuplicateSerialNo.kind(),
        Some(ErrorKind::Duplicate)
    );
    assert_eq!(
        ApiCode::SystemMaintenance.kind(),
        Some(ErrorKind::Unavailable)
    );
}

#[test]
fn unknown_codes_are_kept() {
    let err = decode_answer::<()>(&answer(
        200,
        r#"{"code": 777, "message": "new", "data": null}"#,
    ))
    .unwrap_err();
    assert_eq!(err.code(), Some("777"));
    assert_eq!(err.kind(), ErrorKind::Other);
    assert_eq!(api_code(&err), Some(ApiCode::Unknown(777)));
    assert_eq!(err.venue_error().unwrap().message, "new");
    // Outside 2xx the status decides the kind of an undocumented code.
    let err = decode_answer::<()>(&answer(401, r#"{"code": "40101", "message": "bad sign"}"#))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert_eq!(err.code(), Some("40101"));
}

#[test]
fn an_empty_message_falls_back_to_the_table() {
    let err =
        decode_answer::<()>(&answer(200, r#"{"code": 12070319, "message": ""}"#)).unwrap_err();
    assert_eq!(
        err.venue_error().unwrap().message,
        "Not Enough Margin Amount"
    );
    assert_eq!(err.kind(), ErrorKind::InsufficientFunds);
}

#[test]
fn malformed_answers_never_panic() {
    venue_testkit::install();
    for (status, body, kind) in [
        (200, "", ErrorKind::Decode),
        (
            200,
            "{\"code\": 0, \"data\": {\"rcu_id\": 3",
            ErrorKind::Decode,
        ),
        (200, "<html>oops</html>", ErrorKind::Decode),
        (200, "[]", ErrorKind::Decode),
        (
            200,
            "{\"code\": 0, \"data\": {\"rcu_id\": \"x\"}}",
            ErrorKind::Decode,
        ),
        (502, "<html>Bad gateway</html>", ErrorKind::Unavailable),
        (404, "", ErrorKind::NotFound),
        (429, "slow down", ErrorKind::RateLimited),
    ] {
        let err = decode_answer::<RcuDetail>(&answer(status, body)).unwrap_err();
        assert_eq!(err.kind(), kind, "{status} {body:?}: {err}");
    }
    let err =
        decode_answer::<RcuDetail>(&answer(200, "{\"code\": 0, \"data\": {\"rcu_id\": \"x\"}}"))
            .unwrap_err();
    match err {
        Error::Decode(d) => assert_eq!(d.path, "data.rcu_id"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn venue_refusal_over_http() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/credit/agency/v1/order");
            then.status(200)
                .body(r#"{"code": 12070316, "message": "Order ID Mismatch", "data": null}"#);
        })
        .await;
    let err = client(&server).order_detail("1").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OrderNotFound);
    assert_eq!(err.code(), Some("12070316"));
    assert_eq!(err.venue_error().unwrap().status, StatusCode::OK);
    assert!(!err.to_string().contains(SECRET));
}

#[tokio::test]
async fn oversized_and_slow_answers() {
    venue_testkit::install();
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/credit/agency/v1/rcus");
            then.status(200).body(vec![b' '; 4096]);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/credit/agency/v1/rcu");
            then.status(200)
                .delay(Duration::from_secs(3))
                .body(r#"{"code":0,"data":null}"#);
        })
        .await;
    let small = Client::builder()
        .base_url(server.base_url())
        .credentials(Credentials::new(KEY, SECRET))
        .max_body_bytes(1024)
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::off())
        .no_pacing()
        .build()
        .unwrap();
    let err = small.rcu_list().limit(10).await.unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { .. }), "{err:?}");
    let err = small.rcu_detail(3).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
}

/// A loopback server answering its connections in turn with `answers`, recording each
/// request's body.
async fn scripted(
    answers: Vec<&'static str>,
) -> (String, Arc<std::sync::Mutex<Vec<String>>>, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let bodies = Arc::new(std::sync::Mutex::new(Vec::new()));
    let hits = Arc::new(AtomicUsize::new(0));
    let (b, h) = (bodies.clone(), hits.clone());
    tokio::spawn(async move {
        for answer in answers {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            h.fetch_add(1, Ordering::SeqCst);
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            // Read the head, then as many body bytes as Content-Length says.
            loop {
                let n = sock.read(&mut chunk).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
                let text = String::from_utf8_lossy(&buf).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let len = text[..end]
                        .lines()
                        .find_map(|l| {
                            let l = l.to_ascii_lowercase();
                            l.strip_prefix("content-length:")
                                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if buf.len() >= end + 4 + len {
                        b.lock().unwrap().push(text[end + 4..].to_string());
                        break;
                    }
                }
            }
            let _ = sock.write_all(answer.as_bytes()).await;
            let _ = sock.shutdown().await;
        }
    });
    (format!("http://{addr}"), bodies, hits)
}

const UNAVAILABLE: &str =
    "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";

fn duplicate(code: u32) -> &'static str {
    let body = format!(r#"{{"code": {code}, "message": "dup", "data": null}}"#);
    Box::leak(
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_boxed_str(),
    )
}

fn retrying(base: &str) -> Client {
    venue_testkit::install();
    Client::builder()
        .base_url(base)
        .credentials(Credentials::new(KEY, SECRET))
        .clock(Arc::new(venue_common::ManualClock::at_millis(NOW)))
        .retry_policy(
            RetryPolicy::default()
                .base_delay(Duration::from_millis(5))
                .jitter(false),
        )
        .no_pacing()
        .build()
        .unwrap()
}

#[tokio::test]
async fn duplicate_serial_no_after_a_retry_means_done() {
    let (base, bodies, hits) = scripted(vec![UNAVAILABLE, duplicate(12070132)]).await;
    let err = retrying(&base)
        .transfer("888.bal", "888_binance_1", "USDT", dec!(5))
        .serial_no("retry_serial_01")
        .await
        .unwrap_err();
    assert_eq!(hits.load(Ordering::SeqCst), 2);
    match &err {
        Error::AlreadyDone { key, venue } => {
            assert_eq!(key, "retry_serial_01");
            assert_eq!(venue.code.as_deref(), Some("12070132"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.idempotency_key(), Some("retry_serial_01"));
    let bodies = bodies.lock().unwrap();
    for b in bodies.iter() {
        assert!(b.contains("\"serial_no\":\"retry_serial_01\""), "{b}");
    }
}

#[tokio::test]
async fn repeated_request_after_a_retry_means_done_with_the_generated_key() {
    let (base, bodies, _) = scripted(vec![UNAVAILABLE, duplicate(12070528)]).await;
    let err = retrying(&base)
        .add_order_margin("888_binance_1", dec!(1), "7053683719172829184")
        .await
        .unwrap_err();
    let key = err.idempotency_key().unwrap().to_string();
    assert!(matches!(err, Error::AlreadyDone { .. }), "{err:?}");
    let bodies = bodies.lock().unwrap();
    assert_eq!(bodies.len(), 2);
    for b in bodies.iter() {
        assert!(b.contains(&format!("\"request_id\":\"{key}\"")), "{b}");
    }
}

#[tokio::test]
async fn a_first_duplicate_answer_is_a_plain_refusal() {
    let (base, _, hits) = scripted(vec![duplicate(12070132)]).await;
    let err = retrying(&base)
        .transfer("888.bal", "888_binance_1", "USDT", dec!(5))
        .serial_no("already_used_01")
        .await
        .unwrap_err();
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert_eq!(err.kind(), ErrorKind::Duplicate);
    assert!(!matches!(err, Error::AlreadyDone { .. }));
}

#[tokio::test]
async fn an_unkeyed_write_is_not_repeated() {
    let (base, _, hits) = scripted(vec![UNAVAILABLE, UNAVAILABLE]).await;
    let err = retrying(&base)
        .set_lending_account(
            "7094504820274515968",
            vec![LendingAccount::new("888_binance_1", dec!(1))],
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unavailable);
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "a write without a key is sent once"
    );
}

fn ok_answer(body: &str) -> &'static str {
    Box::leak(
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_boxed_str(),
    )
}

/// An empty answer: the connection is closed after the request was read.
const DROP: &str = "";

#[tokio::test]
async fn a_dropped_connection_is_retried_for_reads() {
    let (base, _, hits) = scripted(vec![
        DROP,
        ok_answer(r#"{"code":0,"message":"","data":{"count":0,"items":null}}"#),
    ])
    .await;
    let page = retrying(&base).order_list().limit(10).await.unwrap();
    assert_eq!(page.count, 0);
    assert!(page.items.is_empty());
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_dropped_connection_on_a_keyed_write_keeps_the_key() {
    let (base, bodies, hits) = scripted(vec![DROP, DROP, DROP]).await;
    let err = retrying(&base)
        .order_repay(dec!(5), "7053683719172829184", "888_binance_1")
        .request_id("dropped_req_01")
        .await
        .unwrap_err();
    assert_eq!(hits.load(Ordering::SeqCst), 3, "a keyed write is retried");
    assert_eq!(err.sent(), Sent::Maybe);
    assert_eq!(err.idempotency_key(), Some("dropped_req_01"));
    assert!(matches!(err, Error::WithKey { .. }), "{err:?}");
    assert!(
        bodies
            .lock()
            .unwrap()
            .iter()
            .all(|b| b.contains("dropped_req_01"))
    );
}

#[tokio::test]
async fn a_dropped_connection_on_an_unkeyed_write_is_not_repeated() {
    let (base, _, hits) = scripted(vec![DROP, DROP]).await;
    let err = retrying(&base)
        .set_lending_account("1", vec![LendingAccount::new("888_binance_1", dec!(1))])
        .await
        .unwrap_err();
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert_eq!(err.sent(), Sent::Maybe);
    assert_eq!(err.kind(), ErrorKind::Network);
}

#[test]
fn answers_are_read_leniently() {
    // Unknown fields, numbers as strings, new enum values, null lists.
    let body = r#"{"code": "0", "message": null, "data": {"count": "2", "items": [
        {"rcu_id": "5", "rcu_name": "x", "total_value": 1.5, "loan_size": "0", "skitg": "",
         "initial_margin_ratio": null, "order_id": "", "is_enable": "true", "brand_new": [1]},
        {"rcu_id": 6, "rcu_name": "y", "total_value": "2", "loan_size": "1e2", "is_enable": 0}
    ], "extra": {}}}"#;
    let page = decode_answer::<ListPage<Rcu>>(&answer(200, body)).unwrap();
    assert_eq!(page.count, 2);
    assert_eq!(page.items[0].rcu_id, 5);
    assert_eq!(page.items[0].total_value, dec!(1.5));
    assert_eq!(page.items[0].skitg, None);
    assert_eq!(page.items[0].order_id, None);
    assert!(page.items[0].is_enable);
    assert_eq!(page.items[1].loan_size, dec!(100));
    assert!(!page.items[1].is_enable);
    let empty = decode_answer::<ListPage<Rcu>>(&answer(
        200,
        r#"{"code":0,"data":{"count":0,"items":null}}"#,
    ))
    .unwrap();
    assert!(empty.items.is_empty());
}

#[tokio::test]
async fn a_keyed_write_answered_success_with_unexpected_data_keeps_its_key() {
    // The venue took the write (code 0) but `data` is not what the endpoint answers: the
    // money may have moved, so the error carries the generated key, and nothing is repeated.
    let odd = r#"{"code":0,"message":"","data":{"unexpected":[1,2,3]}}"#;
    let (base, bodies, hits) = scripted(vec![ok_answer(odd), ok_answer(odd)]).await;
    let client = retrying(&base);
    let err = client
        .transfer("888.bal", "888_binance_1", "USDT", dec!(5))
        .await
        .unwrap_err();
    assert_eq!(hits.load(Ordering::SeqCst), 1, "not repeated");
    assert!(matches!(err, Error::WithKey { .. }), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::Decode);
    let key = err.idempotency_key().unwrap().to_string();
    assert_eq!(key.len(), 32, "the generated serial_no");
    assert!(bodies.lock().unwrap()[0].contains(&format!(r#""serial_no":"{key}""#)));

    let err = client
        .order_repay(dec!(5), "7053683719172829184", "888_binance_1")
        .await
        .unwrap_err();
    assert_eq!(hits.load(Ordering::SeqCst), 2, "not repeated");
    let key = err.idempotency_key().unwrap().to_string();
    assert!(bodies.lock().unwrap()[1].contains(&format!(r#""request_id":"{key}""#)));
}

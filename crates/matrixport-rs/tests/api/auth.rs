//! Signing vectors computed with the document's own Python demo, and the credential rules.
//!
//! Every expected string and signature below was printed by `tests/vectors/sign_vectors.py`
//! (run with `python3`), which holds the document's `sign` function verbatim with access key
//! "mp-test-access-key-0001", secret key "mp-test-secret-key-0001" and timestamp
//! 1695634589886. Our requests are built (`ApiRequest::to_request`, as the client sends them)
//! and signed by the crate, then compared.

use matrixport_rs::auth::{SIGNATURE_HEADER, sign_request, string_to_sign};
use matrixport_rs::*;
use rust_decimal_macros::dec;
use serde_json::Value;
use std::sync::{Arc, Mutex};

use venue_common::Request;
use venue_common::api::ApiRequest;

use super::{KEY, NOW, SECRET};

fn signed(request: Request) -> (Request, String) {
    let mut request = request;
    sign_request(&Credentials::new(KEY, SECRET), &mut request, NOW).unwrap();
    let sig = request
        .headers
        .get(SIGNATURE_HEADER)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    (request, sig)
}

fn body(request: &Request) -> serde_json::Map<String, Value> {
    match serde_json::from_slice::<Value>(request.body_bytes()).unwrap() {
        Value::Object(o) => o,
        other => panic!("not an object: {other}"),
    }
}

/// python: get_query -> DF81124A...
#[test]
fn vector_get_with_query() {
    let req = AvailableChainsRequest::new("888.bal", "888_binance_1", "BTC")
        .to_request()
        .unwrap();
    let (req, sig) = signed(req);
    assert_eq!(
        req.query_string(),
        "currency=BTC&from_account=888.bal&to_account=888_binance_1&timestamp=1695634589886\
         &signature=DF81124AEE2949106B889A2386C855ED6CF3626100BC76FDADC2C7C5B13C10EF"
    );
    assert_eq!(
        string_to_sign(&req.path, &req.query),
        "/credit/agency/v1/available_chains&currency=BTC&from_account=888.bal&timestamp=1695634589886&to_account=888_binance_1"
    );
    assert_eq!(
        sig,
        "DF81124AEE2949106B889A2386C855ED6CF3626100BC76FDADC2C7C5B13C10EF"
    );
}

/// python: post_body (the document's own transfer example) -> 28D050A2...
#[test]
fn vector_post_with_body() {
    let req = TransferRequest::new("9547_huobi_1", "9547_okex_1", "BTC", dec!(1))
        .serial_no("1695634589886")
        .to_request()
        .unwrap();
    let (req, sig) = signed(req);
    let expected = "28D050A20EADD4048EC928E19B82D4E9B85711FAA0BB5FF36D6235F22BC87E5F";
    assert_eq!(sig, expected);
    let b = body(&req);
    assert_eq!(
        b["signature"],
        Value::from(expected),
        "the body carries the signature"
    );
    assert_eq!(b["timestamp"], Value::from(NOW));
    assert_eq!(b["amount"], Value::from("1"));
    assert_eq!(b["serial_no"], Value::from("1695634589886"));
    assert_eq!(b.len(), 7);
}

/// python: post_bool -> 76A4BD83... (boolean `true`, integer wallet types)
#[test]
fn vector_post_with_boolean() {
    let req = TransferRequest::new("888_binance_1", "888_okex_2", "USDT", dec!(0.5))
        .from_wallet_type(0)
        .to_wallet_type(1)
        .is_instant_transfer(true)
        .serial_no("transfer_0001")
        .to_request()
        .unwrap();
    let (req, sig) = signed(req);
    assert_eq!(
        sig,
        "76A4BD83DE8177F405DB54A66C0952E1A61BCB69421D61F63C04B51B27BD967D"
    );
    assert_eq!(body(&req)["is_instant_transfer"], Value::Bool(true));
}

/// `tests/vectors/family_vectors.py`: post_lending_accounts -> A3D208FB... (a list of objects,
/// signed by Matrixport's published recipe `[k=v&k=v&k=v&k=v]`; it was compact JSON before,
/// which the live venue does not recompute)
#[test]
fn vector_post_with_nested_list() {
    let req = SetLendingAccountRequest::new(
        "7094504820274515968",
        vec![
            LendingAccount::new("888_binance_1", dec!(100.1)),
            LendingAccount::new("888_okex_2", dec!(50)),
        ],
    )
    .to_request()
    .unwrap();
    let (_, sig) = signed(req);
    assert_eq!(
        sig,
        "A3D208FBD6FC18394C1EFE8F413647A761D89CBBC4CB3E4FA94CB18904BECEA4"
    );
}

#[test]
fn resigning_replaces_timestamp_and_signature() {
    let req = TransferRequest::new("9547_huobi_1", "9547_okex_1", "BTC", dec!(1))
        .serial_no("1695634589886")
        .to_request()
        .unwrap();
    let (once, _) = signed(req);
    let (twice, sig) = signed(once);
    assert_eq!(
        sig,
        "28D050A20EADD4048EC928E19B82D4E9B85711FAA0BB5FF36D6235F22BC87E5F"
    );
    assert_eq!(body(&twice).len(), 7);
}

/// A mock that answers every request with an empty success and keeps the JSON bodies it got.
async fn recording(server: &httpmock::MockServer) -> Arc<Mutex<Vec<Value>>> {
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let seen = bodies.clone();
    server
        .mock_async(move |when, then| {
            when.is_true(move |req| {
                if let Ok(body) = serde_json::from_slice::<Value>(req.body_ref()) {
                    seen.lock().unwrap().push(body);
                }
                true
            });
            then.status(200)
                .header("content-type", "application/json")
                .body(r#"{"code": 0, "message": "OK", "data": null}"#);
        })
        .await;
    bodies
}

// That a retry sends the same key again is pinned by the retry tests in errors.rs.
#[tokio::test]
async fn writes_get_a_generated_key_kept_in_the_request() {
    let server = httpmock::MockServer::start_async().await;
    let bodies = recording(&server).await;
    let client = super::client(&server);
    let key = client
        .transfer("888.bal", "888_binance_1", "USDT", dec!(5))
        .await
        .unwrap()
        .key;
    assert_eq!(key.len(), 32);
    assert_eq!(
        bodies.lock().unwrap()[0]["serial_no"],
        Value::from(key.as_str())
    );
    let key = client
        .order_repay(dec!(1), "1", "888_binance_1")
        .await
        .unwrap()
        .key;
    assert_eq!(
        bodies.lock().unwrap()[1]["request_id"],
        Value::from(key.as_str())
    );
    let req = OrderListRequest::new().limit(10).to_request().unwrap();
    assert_eq!(req.idempotency, venue_common::Idempotency::Safe);
}

#[tokio::test]
async fn missing_credentials_send_nothing() {
    venue_testkit::install();
    let server = httpmock::MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .unwrap();
    let err = client.order_list().limit(10).await.unwrap_err();
    assert!(matches!(err, Error::MissingCredentials(_)), "{err:?}");
    assert_eq!(err.sent(), Sent::No);
}

#[test]
fn nothing_prints_a_secret() {
    venue_testkit::install();
    let client = Client::builder()
        .credentials(Credentials::new(KEY, SECRET))
        .build()
        .unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(!shown.contains(KEY), "{shown}");
    let req = OrderListRequest::new().limit(10).to_request().unwrap();
    let (req, sig) = signed(req);
    let shown = format!("{req:?}");
    assert!(!shown.contains(&sig), "{shown}");
    assert!(!shown.contains(KEY), "{shown}");
}

#[test]
fn amounts_are_sent_without_trailing_zeros() {
    let req = TransferRequest::new("888.bal", "888_binance_1", "USDT", dec!(12.500))
        .serial_no("zeros_00001")
        .to_request()
        .unwrap();
    assert_eq!(body(&req)["amount"], Value::from("12.5"));
    let req = SetLendingAccountRequest::new(
        "1",
        vec![LendingAccount::new("888_binance_1", dec!(100.00))],
    )
    .to_request()
    .unwrap();
    assert_eq!(
        body(&req)["lending_accounts"][0]["amount"],
        Value::from("100")
    );
}

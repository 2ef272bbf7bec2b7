//! Flows against the local venue (feature `sim`), end to end over 127.0.0.1.
#![cfg(feature = "sim")]

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use coinflex_rs::auth;
use coinflex_rs::sim::LocalVenue;
use coinflex_rs::{BorrowStatus, Client, Credentials, ErrorKind, OrderStatus, RetryPolicy};
use futures::StreamExt;
use rust_decimal_macros::dec;
use venue_common::secret::SecretString;
use venue_common::sim::standalone::Launched;
use venue_common::sim::{Fault, unrouted};
use venue_common::{ManualClock, Method, Sent};

fn client_for(venue: &LocalVenue) -> Client {
    venue
        .client_builder()
        .no_pacing()
        .retry_policy(RetryPolicy::off())
        .build()
        .unwrap()
}

/// Sends a request signed by hand, the way the venue's documentation does it, with reqwest.
async fn signed(
    venue: &LocalVenue,
    method: Method,
    path_and_query: &str,
    body: &str,
    nonce: u64,
    timestamp: &str,
) -> (u16, serde_json::Value) {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let host = venue.base_url().trim_start_matches("http://").to_string();
    let signed_body = if method == Method::GET { query } else { body };
    let sig = auth::signature(
        &SecretString::from(venue.api_secret().to_string()),
        timestamp,
        nonce,
        &method,
        &host,
        path,
        signed_body.as_bytes(),
    );
    let resp = reqwest::Client::new()
        .request(method, format!("{}{}", venue.base_url(), path_and_query))
        .header("Content-Type", "application/json")
        .header("AccessKey", venue.api_key())
        .header("Timestamp", timestamp)
        .header("Nonce", nonce.to_string())
        .header("Signature", sig)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let bytes = resp.bytes().await.unwrap();
    let value = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, value)
}

fn now_ts() -> String {
    auth::format_timestamp(Utc::now())
}

#[tokio::test]
async fn borrow_repay_close_and_the_summary_follows() {
    let venue = LocalVenue::start().await.unwrap();
    let client = client_for(&venue);
    assert_eq!(venue.balance("BTC"), dec!(10));
    assert_eq!(venue.balance("USD"), dec!(1000));
    assert!(client.borrowing_summary().await.unwrap().is_empty());

    // Borrow USD against 2 BTC at the mark (29633.5).
    // Sent raw so the envelope can be read: typed calls return its `data`.
    let b: coinflex_rs::Envelope<coinflex_rs::Borrowing> = client
        .raw(coinflex_rs::Method::POST, "/v2/borrow")
        .json(&serde_json::json!({"borrowAsset": "USD", "collateralAsset": "BTC", "collateralAmount": "2"}))
        .send()
        .await
        .unwrap();
    assert_eq!(b.event, "borrow");
    assert_eq!(b.data.status, BorrowStatus::Completed);
    assert_eq!(b.data.collateralized_amount, dec!(2));
    assert_eq!(b.data.borrowed_amount, dec!(59267));
    assert_eq!(venue.balance("BTC"), dec!(8));
    assert_eq!(venue.balance("USD"), dec!(60267));

    let summary = client.borrowing_summary().await.unwrap();
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0].borrowed_amount, dec!(59267));
    assert_eq!(summary[0].collateralized_amount, dec!(2));

    // Repay a quarter: regain 0.5 BTC for a quarter of the loan.
    let r = client.repay("USD", "BTC", dec!(0.5)).await.unwrap();
    assert_eq!(r.status, BorrowStatus::Completed);
    assert_eq!(r.regained_amount, dec!(0.5));
    assert_eq!(r.repaid_amount, dec!(14816.75));
    assert_eq!(venue.balance("BTC"), dec!(8.5));
    assert_eq!(venue.borrowing("BTC"), (dec!(44450.25), dec!(1.5)));

    // A close above the mark does not fill (fill or kill).
    let c = client
        .close_borrow("BTC-USD-SWAP-LIN")
        .price(dec!(40000))
        .await
        .unwrap();
    assert_eq!(c.status, OrderStatus::CanceledByFok);
    assert_eq!(venue.borrowing("BTC"), (dec!(44450.25), dec!(1.5)));

    // Close half a BTC at the market, then the rest.
    let c = client
        .close_borrow("BTC-USD-SWAP-LIN")
        .quantity(dec!(0.5))
        .await
        .unwrap();
    assert_eq!(c.status, OrderStatus::Filled);
    assert_eq!(c.quantity, dec!(0.5));
    assert_eq!(venue.borrowing("BTC"), (dec!(29633.5), dec!(1.0)));
    let c = client.close_borrow("BTC-USD-SWAP-LIN").await.unwrap();
    assert_eq!(c.quantity, dec!(1.0));
    assert!(client.borrowing_summary().await.unwrap().is_empty());

    // The histories list the events, newest first.
    let borrows = client.borrow_history("BTC").await.unwrap();
    assert_eq!(borrows.len(), 1);
    assert_eq!(borrows[0].borrowed_amount, dec!(59267));
    let repays = client.repay_history("BTC").await.unwrap();
    assert_eq!(repays.len(), 1);
    assert_eq!(repays[0].repaid_amount, dec!(14816.75));
    assert!(client.borrow_history("ETH").await.unwrap().is_empty());
}

#[tokio::test]
async fn partial_and_refused_borrows_and_repays() {
    let venue = LocalVenue::start().await.unwrap();
    let client = client_for(&venue);
    venue.set_balance("ETH", dec!(1.5));
    let b = client.borrow("USD", "ETH", dec!(2)).await.unwrap();
    assert_eq!(b.status, BorrowStatus::Partial);
    assert_eq!(b.collateralized_amount, dec!(1.5));
    assert_eq!(b.non_collateralized_amount, Some(dec!(0.5)));
    let err = client.borrow("USD", "ETH", dec!(1)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientFunds);
    assert_eq!(err.code(), Some("710006"));
    let err = client.repay("USD", "FLEX", dec!(1)).await.unwrap_err();
    assert_eq!(err.code(), Some("20001"));
    venue.set_balance("USD", dec!(0));
    let err = client.repay("USD", "ETH", dec!(1)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientFunds);
    let err = client.borrow("EUR", "ETH", dec!(1)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest);
}

#[tokio::test]
async fn history_pages_backwards_through_the_window() {
    let venue = LocalVenue::start().await.unwrap();
    let client = client_for(&venue);
    for i in 1..=7 {
        client
            .borrow("USD", "FLEX", rust_decimal::Decimal::from(i))
            .await
            .unwrap();
        // Distinct milliseconds, so page boundaries (1 ms before the oldest row) are exact.
        tokio::time::sleep(Duration::from_millis(3)).await;
    }
    let rows: Vec<_> = client
        .borrow_history("FLEX")
        .limit(3)
        .into_stream()
        .collect()
        .await;
    let amounts: Vec<_> = rows
        .into_iter()
        .map(|r| r.unwrap().collateralized_amount)
        .collect();
    assert_eq!(
        amounts,
        vec![
            dec!(7),
            dec!(6),
            dec!(5),
            dec!(4),
            dec!(3),
            dec!(2),
            dec!(1)
        ]
    );
    // One page alone honours the limit.
    let page = client.borrow_history("FLEX").limit(2).await.unwrap();
    assert_eq!(page.len(), 2);
    assert_eq!(page[0].collateralized_amount, dec!(7));
    // Repay history streams the same way.
    client.repay("USD", "FLEX", dec!(1)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(3)).await;
    client.repay("USD", "FLEX", dec!(2)).await.unwrap();
    let rows: Vec<_> = client
        .repay_history("FLEX")
        .limit(1)
        .into_stream()
        .collect()
        .await;
    assert_eq!(rows.len(), 2);
}

#[tokio::test]
async fn the_venue_checks_keys_signatures_timestamps_and_nonces() {
    let venue = LocalVenue::start().await.unwrap();

    let wrong_secret = Client::builder()
        .base_url(venue.base_url())
        .credentials(Credentials::new(venue.api_key(), "not-the-secret"))
        .build()
        .unwrap();
    let err = wrong_secret.borrowing_summary().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert_eq!(err.code(), Some("20000"));

    let unknown_key = Client::builder()
        .base_url(venue.base_url())
        .credentials(Credentials::new("nobody", "x"))
        .build()
        .unwrap();
    let err = unknown_key.borrowing_summary().await.unwrap_err();
    assert_eq!(err.code(), Some("20025"));

    // A clock 10 minutes behind is outside the window.
    let clock = ManualClock::at_millis(Utc::now().timestamp_millis() - 600_000);
    let late = venue
        .client_builder()
        .clock(Arc::new(clock))
        .retry_policy(RetryPolicy::off())
        .build()
        .unwrap();
    let err = late.borrowing_summary().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidNonce);
    assert_eq!(err.code(), Some("20024"));

    // The same signed request twice: the nonce is refused the second time.
    let ts = now_ts();
    let (status, body) = signed(&venue, Method::GET, "/v2/borrowingSummary", "", 77, &ts).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["event"], "borrowingSummary");
    let (status, body) = signed(&venue, Method::GET, "/v2/borrowingSummary", "", 77, &ts).await;
    assert_eq!(status, 400);
    assert_eq!(body["success"], false);
    assert_eq!(body["code"], "40001");
    // A forged request does not use up a nonce of the key.
    let forged = reqwest::Client::new()
        .get(format!("{}/v2/borrowingSummary", venue.base_url()))
        .header("AccessKey", venue.api_key())
        .header("Timestamp", ts.as_str())
        .header("Nonce", "78")
        .header("Signature", "Zm9yZ2Vk")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 401);
    let (status, _) = signed(&venue, Method::GET, "/v2/borrowingSummary", "", 78, &ts).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_documented_recipe_works_against_the_venue() {
    let venue = LocalVenue::start().await.unwrap();
    // The documentation's Python sends `utcnow().isoformat()`, with microseconds.
    let ts = Utc::now().format("%Y-%m-%dT%H:%M:%S%.6f").to_string();
    let body = r#"{"borrowAsset": "USD", "collateralAsset": "BTC", "collateralAmount": "0.01"}"#;
    let (status, answer) = signed(&venue, Method::POST, "/v2/borrow", body, 1, &ts).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["data"]["borrowedAmount"], "296.335");
    // The live document's layout, `/v2/v2/...`, is not the venue's: a client that sends it
    // gets a 404, so the URL mistake the crate guards against fails against the local venue.
    let (status, _) = signed(
        &venue,
        Method::GET,
        "/v2/v2/borrow/BTC?limit=5",
        "",
        2,
        &now_ts(),
    )
    .await;
    assert_eq!(status, 404);
    // The venue's own limits, for clients that do not validate.
    let (status, answer) = signed(
        &venue,
        Method::GET,
        "/v2/borrow/BTC?limit=101",
        "",
        3,
        &now_ts(),
    )
    .await;
    assert_eq!((status, answer["code"].as_str()), (400, Some("40001")));
    let end = Utc::now().timestamp_millis();
    let q = format!(
        "/v2/repay/BTC?startTime={}&endTime={end}",
        end - 8 * 86_400_000
    );
    let (status, answer) = signed(&venue, Method::GET, &q, "", 4, &now_ts()).await;
    assert_eq!((status, answer["code"].as_str()), (400, Some("40001")));
    let (status, answer) = signed(&venue, Method::GET, "/v2/nothing", "", 5, &now_ts()).await;
    assert_eq!(status, 404, "{answer}");
}

#[tokio::test]
async fn a_client_on_the_documented_live_style_url_works() {
    let venue = LocalVenue::start().await.unwrap();
    let client = Client::builder()
        .base_url(format!("{}/v2", venue.base_url()))
        .credentials(venue.credentials())
        .build()
        .unwrap();
    client.borrow("USD", "BTC", dec!(0.1)).await.unwrap();
    assert_eq!(client.borrowing_summary().await.unwrap().len(), 1);
}

#[tokio::test]
async fn concurrent_clones_never_reuse_a_nonce() {
    let venue = LocalVenue::start().await.unwrap();
    let client = client_for(&venue);
    let calls = (0..20).map(|_| {
        let c = client.clone();
        async move { c.borrowing_summary().await }
    });
    for r in futures::future::join_all(calls).await {
        r.unwrap();
    }
}

#[tokio::test]
async fn every_documented_endpoint_has_a_handler() {
    let missing =
        unrouted::<coinflex_rs::sim::CoinflexVenue>(coinflex_rs::generated::endpoints::ALL);
    assert!(missing.is_empty(), "no handler for {missing:?}");
}

#[tokio::test]
async fn a_lost_borrow_answer_is_not_repeated_and_may_have_been_sent() {
    let venue = LocalVenue::start().await.unwrap();
    // The default retry policy: it must not repeat a write that may have gone through.
    let client = venue.client_builder().no_pacing().build().unwrap();
    venue.faults().arm(
        coinflex_rs::generated::endpoints::BORROW,
        Fault::LoseAnswer,
        1,
    );
    let err = client.borrow("USD", "BTC", dec!(1)).await.unwrap_err();
    assert_eq!(err.sent(), Sent::Maybe, "{err}");
    assert_eq!(venue.faults().fired(), 1);
    // Exactly one effect: one borrowing, collateral moved once.
    assert_eq!(venue.borrow_count(), 1);
    assert_eq!(venue.balance("BTC"), dec!(9));
    assert_eq!(venue.borrowing("BTC"), (dec!(29633.5), dec!(1)));
    // The client reconciles by reading: the summary shows the one borrowing.
    assert_eq!(client.borrowing_summary().await.unwrap().len(), 1);
}

#[tokio::test]
async fn amounts_that_overflow_are_refused_in_the_venue_shape() {
    let venue = LocalVenue::start().await.unwrap();
    venue.set_balance("BTC", rust_decimal::Decimal::MAX);
    let body = format!(
        r#"{{"borrowAsset": "USD", "collateralAsset": "BTC", "collateralAmount": "{}"}}"#,
        rust_decimal::Decimal::MAX
    );
    let (status, answer) = signed(&venue, Method::POST, "/v2/borrow", &body, 1, &now_ts()).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["success"], false);
    assert_eq!(answer["code"], "40001");
    // Nothing moved, and the venue still serves.
    assert_eq!(venue.balance("BTC"), rust_decimal::Decimal::MAX);
    assert_eq!(venue.borrowing("BTC"), (dec!(0), dec!(0)));
    let (status, _) = signed(
        &venue,
        Method::GET,
        "/v2/borrowingSummary",
        "",
        2,
        &now_ts(),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_in_the_venue_shape() {
    let venue = LocalVenue::start().await.unwrap();
    for (method, path, status) in [
        (Method::GET, "/v2/unknown", 404),
        (Method::DELETE, "/v2/borrow", 405),
    ] {
        let r = reqwest::Client::new()
            .request(method, format!("{}{path}", venue.base_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), status);
        let body: serde_json::Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(body["success"], false);
        assert_eq!(body["code"], "40001");
    }
}

#[tokio::test]
async fn the_standalone_command_announces_itself_and_serves() {
    let launched = Launched::start(
        std::path::Path::new(env!("CARGO_BIN_EXE_coinflex-local-venue")),
        Duration::from_secs(30),
    )
    .unwrap();
    assert!(launched.base_url().starts_with("http://127.0.0.1:"));
    let key = launched.credentials()["api_key"].as_str().unwrap();
    let secret = launched.credentials()["api_secret"].as_str().unwrap();
    let client = Client::builder()
        .base_url(launched.base_url())
        .credentials(Credentials::new(key, secret))
        .build()
        .unwrap();
    assert!(client.borrowing_summary().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_close_reads_either_name_of_its_amount_and_refuses_two_different_ones() {
    let venue = LocalVenue::start().await.unwrap();
    let client = client_for(&venue);
    client.borrow("USD", "BTC", dec!(2)).await.unwrap();
    // A client that follows the table sends `collateralAmount` alone: a partial close.
    let (status, answer) = signed(
        &venue,
        Method::POST,
        "/v2/borrow/close",
        r#"{"marketCode":"BTC-USD-SWAP-LIN","collateralAmount":"0.5"}"#,
        10,
        &now_ts(),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["data"]["quantity"], "0.5");
    // Two different amounts are refused, not guessed between.
    let (status, answer) = signed(
        &venue,
        Method::POST,
        "/v2/borrow/close",
        r#"{"marketCode":"BTC-USD-SWAP-LIN","quantity":"0.5","collateralAmount":"1"}"#,
        11,
        &now_ts(),
    )
    .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (400, Some("40001")),
        "{answer}"
    );
    // The SDK sends both names with one value; a priced close answers `MARKET`, as documented.
    let closed = client
        .close_borrow("BTC-USD-SWAP-LIN")
        .quantity(dec!(0.25))
        .price(dec!(29000))
        .await
        .unwrap();
    assert_eq!(closed.quantity, dec!(0.25));
    assert_eq!(closed.order_type, coinflex_rs::OrderType::Market);
}

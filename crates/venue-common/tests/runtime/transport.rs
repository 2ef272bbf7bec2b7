//! The transport as a caller sees it through `Core::execute`: what goes on the wire (method,
//! URL under a base path, query, body, content type, user agent, signer headers) and an
//! injected `reqwest::Client`.

use std::sync::Arc;
use std::time::Duration;

use httpmock::prelude::*;
use venue_common::sign::SpaceStyle;
use venue_common::{CoreBuilder, ErrorKind, NoAuth, Request, RetryPolicy};

use crate::support::{CountingSigner, core_with, read_request, serve};

#[tokio::test]
async fn the_wire_carries_exactly_the_prepared_request() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v3/orders")
                .query_param("pair", "ETH_BTC")
                .query_param("note", "a b")
                .header("user-agent", "venue-common-tests/0")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-attempt", "1")
                .header("x-signature", "sig-1-wire")
                .body("price=0.1&amount=2+3");
            then.status(201).body("created");
        })
        .await;
    // A base URL with a path prefix (and a trailing slash) keeps the prefix.
    let base = format!("{}/api/v3/", server.base_url());
    let core = core_with(&base, RetryPolicy::off(), CountingSigner::new("wire"));
    let request = Request::post("/orders")
        .query("pair", "ETH_BTC")
        .query("note", "a b")
        .form(&[("price", "0.1"), ("amount", "2 3")], SpaceStyle::Plus);
    let (status, body) = core
        .execute(request, |resp| Ok((resp.status, resp.body)))
        .await
        .unwrap();
    assert_eq!(status.as_u16(), 201);
    assert_eq!(&body[..], b"created");
    assert_eq!(m.calls_async().await, 1);
    assert_eq!(core.base_url().as_str(), base);
    assert_eq!(core.venue(), "testvenue");
}

#[tokio::test]
async fn the_raw_query_is_sent_byte_for_byte() {
    // The signed query string and the one on the wire must be the same bytes: check the
    // request line a plain server receives.
    let (tx, rx) = tokio::sync::oneshot::channel::<Vec<u8>>();
    let tx = Arc::new(std::sync::Mutex::new(Some(tx)));
    let base = serve(move |mut s| {
        let tx = tx.clone();
        async move {
            if let Some(req) = read_request(&mut s).await {
                if let Some(tx) = tx.lock().unwrap().take() {
                    let _ = tx.send(req);
                }
                use tokio::io::AsyncWriteExt;
                let _ = s
                    .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
                    .await;
            }
        }
    })
    .await;
    let core = core_with(&base, RetryPolicy::off(), Arc::new(NoAuth));
    let request = Request::get("/v1/x")
        .query("b", "x y+z")
        .query("a", "é/~*")
        .space_style(SpaceStyle::Plus);
    let expected = format!("GET /v1/x?{} HTTP/1.1\r\n", request.query_string());
    core.execute(request, |_| Ok(())).await.unwrap();
    let raw = rx.await.unwrap();
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with(&expected), "{text}");
    assert!(
        text.starts_with("GET /v1/x?b=x+y%2Bz&a=%C3%A9%2F~%2A HTTP/1.1\r\n"),
        "{text}"
    );
}

#[tokio::test]
async fn an_injected_client_is_used_and_still_bounded() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET).path("/ping").header("x-injected", "yes");
            then.status(200).body("{}");
        })
        .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-injected", "yes".parse().unwrap());
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let core = CoreBuilder::new("testvenue", "t/0")
        .base_url(server.base_url())
        .http_client(client.clone())
        .no_pacing()
        .build(Arc::new(NoAuth), &[])
        .unwrap();
    core.execute(Request::get("/ping"), |_| Ok(()))
        .await
        .unwrap();
    assert_eq!(m.calls_async().await, 1);

    // The per-attempt timeout applies to an injected client too.
    let silent = serve(|mut s| async move {
        let _ = read_request(&mut s).await;
        tokio::time::sleep(Duration::from_secs(60)).await;
    })
    .await;
    let core = CoreBuilder::new("testvenue", "t/0")
        .base_url(silent)
        .http_client(client)
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::off())
        .no_pacing()
        .build(Arc::new(NoAuth), &[])
        .unwrap();
    let e = core
        .execute(Request::get("/ping"), |_| Ok(()))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
}

#[tokio::test]
async fn the_user_agent_can_be_replaced() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/ua")
                .header("user-agent", "my-bot/1.2");
            then.status(200).body("{}");
        })
        .await;
    let core = CoreBuilder::new("testvenue", "t/0")
        .base_url(server.base_url())
        .user_agent("my-bot/1.2")
        .no_pacing()
        .build(Arc::new(NoAuth), &[])
        .unwrap();
    core.execute(Request::get("/ua"), |_| Ok(())).await.unwrap();
    assert_eq!(m.calls_async().await, 1);
}

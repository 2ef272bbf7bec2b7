//! Authentication headers. Mudawyl has no signature: the "vectors" are the exact headers the
//! document prescribes — `Authorization: <JWT>` (no scheme) on private endpoints and
//! `recaptcha-token-v3: <token>` on POST, PUT and DELETE — and that neither ever leaks.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use httpmock::prelude::*;
use mudawyl_rs::auth::auth_headers;
use mudawyl_rs::*;
use venue_common::Request;

use crate::common::{KEY_ID, RECAPTCHA, TOKEN, client};

#[test]
fn header_vectors() {
    // 1. private GET: Authorization is the token itself, no recaptcha
    let mut r = Request::get("/v1/priv/account/profile").private();
    auth_headers(&mut r, Some(TOKEN), Some(RECAPTCHA)).unwrap();
    assert_eq!(
        r.headers.get("authorization").unwrap().to_str().unwrap(),
        TOKEN
    );
    assert!(r.headers.get("recaptcha-token-v3").is_none());
    assert_eq!(r.headers.len(), 1);
    // 2. private PUT with a body: both headers, exact values
    let mut r = Request::put("/v1/priv/account/profile")
        .private()
        .json(&serde_json::json!({"language": "AR"}))
        .unwrap();
    auth_headers(&mut r, Some("abc.def.ghi"), Some("rc-token-1")).unwrap();
    assert_eq!(r.headers.get("authorization").unwrap(), "abc.def.ghi");
    assert_eq!(r.headers.get("recaptcha-token-v3").unwrap(), "rc-token-1");
    assert_eq!(
        r.body_bytes(),
        br#"{"language":"AR"}"#,
        "the body is untouched"
    );
    // 3. public GET with a query: no header at all, even with tokens at hand
    let mut r = Request::get("/v1/pub/exchange/ticker").query("symbol", "BTC/USDT");
    auth_headers(&mut r, Some(TOKEN), Some(RECAPTCHA)).unwrap();
    assert!(r.headers.is_empty());
    assert_eq!(r.query_string(), "symbol=BTC%2FUSDT");
    // 4. a DELETE without a recaptcha provider: the header is omitted
    let mut r = Request::delete("/v1/priv/account/exchange/key/x").private();
    auth_headers(&mut r, Some(TOKEN), None).unwrap();
    assert!(r.headers.get("recaptcha-token-v3").is_none());
    // 5. a private request without a token is not sent
    let mut r = Request::get("/v1/priv/account/profile").private();
    let e = auth_headers(&mut r, None, None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingCredentials);
    assert_eq!(e.sent(), Sent::No);
    // both values are sensitive: Debug of the request hides them
    let mut r = Request::post("/x").private();
    auth_headers(&mut r, Some(TOKEN), Some(RECAPTCHA)).unwrap();
    let dbg = format!("{r:?}");
    assert!(!dbg.contains(TOKEN) && !dbg.contains(RECAPTCHA), "{dbg}");
}

#[tokio::test]
async fn providers_are_called_per_request_and_per_write() {
    venue_testkit::install();
    let server = MockServer::start_async().await;
    let reads = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/priv/account/exchange/balance")
                .header("authorization", "jwt-1");
            then.status(200).body(r#"{"USD": 1}"#);
        })
        .await;
    let reads2 = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/priv/account/exchange/balance")
                .header("authorization", "jwt-2");
            then.status(200).body(r#"{"USD": 2}"#);
        })
        .await;
    let write = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!("/v1/priv/account/exchange/key/{KEY_ID}"))
                .header("authorization", "jwt-3")
                .header("recaptcha-token-v3", "rc-1");
            then.status(204);
        })
        .await;
    let tokens = Arc::new(AtomicU32::new(0));
    let captchas = Arc::new(AtomicU32::new(0));
    let (t2, c2) = (tokens.clone(), captchas.clone());
    let c = Client::builder()
        .base_url(server.base_url())
        .token_provider(move || {
            let n = t2.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok(Token::new(format!("jwt-{n}"))) }
        })
        .recaptcha_provider(move || {
            let n = c2.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok(Token::new(format!("rc-{n}"))) }
        })
        .no_pacing()
        .build()
        .unwrap();
    assert_eq!(c.get_exchange_total_balance().await.unwrap().usd, 1.into());
    assert_eq!(c.get_exchange_total_balance().await.unwrap().usd, 2.into());
    c.delete_exchange_key(KEY_ID).await.unwrap();
    reads.assert_async().await;
    reads2.assert_async().await;
    write.assert_async().await;
    assert_eq!(tokens.load(Ordering::SeqCst), 3);
    assert_eq!(
        captchas.load(Ordering::SeqCst),
        1,
        "reads never ask for a reCAPTCHA token"
    );
    let dbg = format!("{c:?}");
    assert!(!dbg.contains("jwt-"), "{dbg}");
}

#[tokio::test]
async fn token_never_leaks_into_errors() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/priv/account/profile");
            then.status(401).body(r#"{"message":"Unauthorized"}"#);
        })
        .await;
    let e = client(&server).get_user_profile().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication);
    assert!(!format!("{e:?}").contains(TOKEN));
    assert!(!e.to_string().contains(TOKEN));
}

#[test]
fn no_base_url_is_a_config_error() {
    venue_testkit::install();
    let e = Client::builder().token(TOKEN).build().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert!(e.to_string().contains("no base URL"), "{e}");
    let b = Client::builder().token(TOKEN);
    assert!(!format!("{b:?}").contains(TOKEN));
}

#[tokio::test]
async fn private_call_without_token_is_not_sent() {
    venue_testkit::install();
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    let c = Client::builder()
        .base_url(server.base_url())
        .build()
        .unwrap();
    let e = c.get_exchange_total_balance().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingCredentials);
    assert_eq!(m.calls_async().await, 0);
}

#[test]
fn client_is_clone_send_sync() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    assert_traits::<Client>();
}

#[tokio::test]
async fn a_failing_token_provider_stops_the_request() {
    venue_testkit::install();
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    let c = Client::builder()
        .base_url(server.base_url())
        .token_provider(|| async { Err(Error::MissingCredentials("session expired".into())) })
        .build()
        .unwrap();
    let e = c.get_alert_method().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingCredentials);
    assert_eq!(e.sent(), Sent::No);
    assert_eq!(m.calls_async().await, 0);
    // public endpoints never ask the provider
    assert!(c.list_strategy_automated().await.unwrap().items.is_empty());
    assert_eq!(m.calls_async().await, 1);
}

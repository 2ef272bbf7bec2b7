//! Authentication: `Authorization: <api key>`, exactly, on authorized requests only; the key
//! never shows in `Debug`, `Display` or errors.
//!
//! IQFinex has no signature (no HMAC, timestamp or nonce), so there is no vector to compute:
//! the document's whole recipe is "add the key to the header Authorization".

use httpmock::Method::GET;
use httpmock::MockServer;
use iqfinex_rs::auth::authorize;
use iqfinex_rs::{Client, Credentials};
use venue_common::Request;

use crate::{KEY, client};

#[test]
fn the_header_is_the_key_exactly() {
    let creds = Credentials::new(KEY);
    let mut private = Request::get("/v1/balance").private();
    authorize(&mut private, Some(&creds)).unwrap();
    let value = private.headers.get("authorization").expect("set");
    assert_eq!(value.to_str().unwrap(), KEY, "no `Bearer`, no prefix");
    assert!(value.is_sensitive());
    assert_eq!(private.headers.len(), 1);

    let mut public = Request::get("/v1/assets");
    authorize(&mut public, Some(&creds)).unwrap();
    assert!(public.headers.is_empty(), "public requests carry no key");

    let mut no_key = Request::get("/v1/balance").private();
    let e = authorize(&mut no_key, None).unwrap_err();
    assert_eq!(e.kind(), iqfinex_rs::ErrorKind::MissingCredentials);
}

#[test]
fn the_key_never_prints() {
    venue_testkit::install();
    let creds = Credentials::new(KEY);
    assert_eq!(format!("{creds:?}"), "Credentials([redacted])");
    let mut r = Request::get("/v1/balance").private();
    authorize(&mut r, Some(&creds)).unwrap();
    assert!(!format!("{r:?}").contains(KEY));
    let c = Client::builder().credentials(creds).build().unwrap();
    assert!(!format!("{c:?}").contains(KEY));
    assert!(!format!("{:?}", Client::builder().credentials(Credentials::new(KEY))).contains(KEY));

    let bad = Credentials::new("bad\nkey-with-newline");
    let mut r = Request::get("/v1/balance").private();
    let e = authorize(&mut r, Some(&bad)).unwrap_err();
    assert!(!e.to_string().contains("key-with-newline"));
    assert!(!format!("{e:?}").contains("key-with-newline"));
}

#[tokio::test]
async fn errors_do_not_carry_the_key() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/account/info")
                .header("authorization", KEY);
            then.status(401)
                .body(r#"{"status":401,"message":"Invalid login data"}"#);
        })
        .await;
    let e = client(&server).account_info().await.unwrap_err();
    mock.assert_async().await;
    assert!(!e.to_string().contains(KEY));
    assert!(!format!("{e:?}").contains(KEY));
}

//! Signature vectors from the venue documentation's own recipe.
//!
//! Every expected signature below was computed with `python3 tests/vectors/coinflex_sign.py`,
//! a transcription of the Python in the CoinFLEX v2 documentation's "Authentication" section
//! (`msg_string = '{}\n{}\n{}\n{}\n{}\n{}'.format(ts, nonce, VERB, rest_path, method, body)`,
//! `base64(hmac_sha256(secret, msg_string))`), with the inputs pasted here. None comes from the
//! Rust code under test.

use coinflex_rs::auth::{self, CoinflexSigner, Credentials};
use venue_common::secret::SecretString;
use venue_common::{Method, Request, Url};

fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

#[test]
fn vector_get_with_query() {
    // python: get_with_query
    let body = b"limit=10&startTime=1626300000000&endTime=1626434000000";
    let msg = auth::message(
        "2021-07-16T11:13:01",
        1626434000000,
        &Method::GET,
        "v2api.coinflex.com",
        "/v2/borrow/BTC",
        body,
    );
    assert_eq!(
        msg,
        b"2021-07-16T11:13:01\n1626434000000\nGET\nv2api.coinflex.com\n/v2/borrow/BTC\nlimit=10&startTime=1626300000000&endTime=1626434000000"
    );
    let sig = auth::signature(
        &secret("s3cr3t-api-secret"),
        "2021-07-16T11:13:01",
        1626434000000,
        &Method::GET,
        "v2api.coinflex.com",
        "/v2/borrow/BTC",
        body,
    );
    assert_eq!(sig, "9PE7tCQaFnLQDojgkca7bm4E7lhop5/cgHEl69ATCQk=");
}

#[test]
fn vector_post_with_json_body() {
    // python: post_with_json_body
    let sig = auth::signature(
        &secret("s3cr3t-api-secret"),
        "2021-07-16T11:10:27",
        1626433827000,
        &Method::POST,
        "v2stgapi.coinflex.com",
        "/v2/borrow",
        br#"{"borrowAsset":"USD","collateralAsset":"BTC","collateralAmount":"0.01"}"#,
    );
    assert_eq!(sig, "z30W+qK6XfVhtfZTT4X9uM2KTPAeHWPb6L20ieyxhfc=");
}

#[test]
fn vector_get_without_body_keeps_trailing_newline_and_port() {
    // python: get_without_body_on_port
    let msg = auth::message(
        "2020-04-30T15:20:30",
        123,
        &Method::GET,
        "127.0.0.1:8080",
        "/v2/borrowingSummary",
        b"",
    );
    assert!(msg.ends_with(b"/v2/borrowingSummary\n"));
    let sig = auth::signature(
        &secret("another+secret/=="),
        "2020-04-30T15:20:30",
        123,
        &Method::GET,
        "127.0.0.1:8080",
        "/v2/borrowingSummary",
        b"",
    );
    assert_eq!(sig, "Qm0sKIdLJJP//ewAA/B54NLThTJIF4ypTF88hVNBYWo=");
}

#[test]
fn vector_post_close_through_the_signer() {
    // python: post_close_live. The whole recipe, from a Request carrying the document's
    // example body (the SDK itself adds `collateralAmount` to a partial close: see
    // `vector_partial_close_sends_both_names_and_signs_them`).
    use chrono::TimeZone;
    let mut request = venue_common::Request::post("/v2/borrow/close")
        .private()
        .body(
            &br#"{"marketCode":"BTC-USD-SWAP-LIN","price":"29633.5","quantity":"1"}"#[..],
            "application/json",
        );
    assert_eq!(
        request.body_bytes(),
        br#"{"marketCode":"BTC-USD-SWAP-LIN","price":"29633.5","quantity":"1"}"#
    );
    let now = chrono::Utc
        .with_ymd_and_hms(2021, 7, 16, 11, 14, 29)
        .unwrap();
    let creds = Credentials::new("k", "s3cr3t-api-secret");
    let base = Url::parse("https://v2api.coinflex.com").unwrap();
    CoinflexSigner::sign_with(&creds, &mut request, &base, now, 1626434069478).unwrap();
    let h = |n: &str| {
        request
            .headers
            .get(n)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        h("Signature"),
        "q0+qPVCp9VzmiVHNLbzse3cN4moYm/nIKO7fyAKPNCA="
    );
    assert_eq!(h("Timestamp"), "2021-07-16T11:14:29");
    assert_eq!(h("Nonce"), "1626434069478");
    assert_eq!(h("AccessKey"), "k");
    // The body's content type travels with the body (the transport sets it once).
    assert!(request.headers.get("Content-Type").is_none());
    assert_eq!(
        request.body.as_ref().unwrap().content_type,
        "application/json"
    );
    // Sensitive headers never print.
    let dbg = format!("{request:?}");
    assert!(!dbg.contains("q0+qPVCp9"), "{dbg}");
}

#[test]
fn the_signed_query_is_the_sent_query() {
    let request = Request::get("/v2/borrow/BTC")
        .query("limit", 10)
        .query("startTime", 1626300000000i64)
        .query("endTime", 1626434000000i64);
    assert_eq!(
        auth::body_for(&request),
        b"limit=10&startTime=1626300000000&endTime=1626434000000"
    );
    let base = Url::parse("https://v2api.coinflex.com").unwrap();
    assert_eq!(
        request.url(&base).query(),
        Some("limit=10&startTime=1626300000000&endTime=1626434000000")
    );
    assert_eq!(auth::path_for(&request, &base), "/v2/borrow/BTC");
}

#[test]
fn vector_partial_close_sends_both_names_and_signs_them() {
    // python: post_partial_close_both_names. The request as the client builds it.
    use chrono::TimeZone;
    let mut request = coinflex_rs::ApiRequest::to_request(
        &coinflex_rs::CloseBorrowRequest::new("BTC-USD-SWAP-LIN")
            .price(rust_decimal_macros::dec!(29633.5))
            .quantity(rust_decimal_macros::dec!(0.5)),
    )
    .unwrap();
    assert_eq!(
        request.body_bytes(),
        br#"{"marketCode":"BTC-USD-SWAP-LIN","price":"29633.5","quantity":"0.5","collateralAmount":"0.5"}"#
    );
    let now = chrono::Utc
        .with_ymd_and_hms(2021, 7, 16, 11, 14, 29)
        .unwrap();
    let creds = Credentials::new("k", "s3cr3t-api-secret");
    let base = Url::parse("https://v2api.coinflex.com").unwrap();
    CoinflexSigner::sign_with(&creds, &mut request, &base, now, 1626434069478).unwrap();
    let signature = request.headers.get("Signature").unwrap().to_str().unwrap();
    assert_eq!(signature, "tSzX6/TeYOvN2fHBg/oYzkSF6Lr8aMUtiv3yGf7RDE4=");
}

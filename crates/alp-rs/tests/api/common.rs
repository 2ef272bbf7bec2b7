//! Helpers shared by the API tests.

use alp_rs::{Client, Credentials};
use venue_common::api::{ApiRequest, DecodeContext};
use venue_common::{HeaderMap, Response, StatusCode};

pub const KEY: &str = "ak_7f3c2e19b4d84a6c";
pub const SECRET: &str = "sk_Z%2Fq9LmN4vX8pR1tY6wE3";

pub fn fixture(id: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{id}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn response(status: u16, body: Vec<u8>) -> Response {
    Response::new(
        StatusCode::from_u16(status).unwrap(),
        HeaderMap::new(),
        body,
    )
}

/// Decodes the documented sample of `id` through the request's own decoder.
pub fn decode<R: ApiRequest>(id: &str) -> R::Output {
    R::decode(response(200, fixture(id)), &DecodeContext::default())
        .unwrap_or_else(|e| panic!("{id}: {e}"))
}

/// The JSON body a request sends.
pub fn body_json<R: ApiRequest>(request: &R) -> serde_json::Value {
    let sent = request.to_request().unwrap();
    serde_json::from_slice(sent.body_bytes()).unwrap()
}

pub fn record(id: &str) {
    venue_testkit::record_fixture("alp", id);
}

/// A client for `base` with credentials, no pacing, no retries.
pub fn client(base: &str) -> Client {
    venue_testkit::install();
    Client::builder()
        .base_url(base)
        .credentials(Credentials::new(KEY, SECRET))
        .no_pacing()
        .retry_policy(alp_rs::RetryPolicy::off())
        .build()
        .unwrap()
}

/// A JWT with the given `exp` (header and payload base64url, signature arbitrary).
pub fn jwt(exp: i64) -> String {
    use base64::Engine as _;
    let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "{}.{}.c2lnbmF0dXJl",
        enc(r#"{"alg":"HS256","typ":"JWT"}"#),
        enc(&format!(r#"{{"sub":"25","exp":{exp}}}"#))
    )
}

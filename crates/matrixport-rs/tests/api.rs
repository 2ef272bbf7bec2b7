//! Request-shape tests (httpmock) and documented-sample decoding for every endpoint, signing
//! vectors, errors and validation. Everything talks to 127.0.0.1 only.

use std::sync::Arc;

use httpmock::Mock;
use httpmock::prelude::*;
use matrixport_rs::auth::{ACCESS_KEY_HEADER, SIGNATURE_HEADER, body_params, signature};
use matrixport_rs::{Client, Credentials, RetryPolicy};
use serde_json::{Map, Value, json};
use venue_common::ManualClock;
use venue_common::secret::SecretString;

#[path = "api/auth.rs"]
mod auth;
#[path = "api/errors.rs"]
mod errors;
#[path = "api/margin.rs"]
mod margin;
#[path = "api/risk.rs"]
mod risk;
#[path = "api/trading.rs"]
mod trading;
#[path = "api/validation.rs"]
mod validation;

pub const KEY: &str = "mp-test-access-key-0001";
pub const SECRET: &str = "mp-test-secret-key-0001";
/// The pinned clock of every test (the document's example timestamp).
pub const NOW: i64 = 1_695_634_589_886;
pub const UUID_V4: &str = "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";

pub fn client(server: &MockServer) -> Client {
    venue_testkit::install();
    Client::builder()
        .base_url(server.base_url())
        .credentials(Credentials::new(KEY, SECRET))
        .clock(Arc::new(ManualClock::at_millis(NOW)))
        .no_pacing()
        .retry_policy(RetryPolicy::off())
        .build()
        .unwrap()
}

pub fn fixture(id: &str) -> String {
    let path = format!("{}/tests/fixtures/{id}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn secret() -> SecretString {
    SecretString::from(SECRET.to_string())
}

/// Expects exactly this signed GET (query pairs plus `timestamp` and `signature`, both headers,
/// a UUID v4 `x-request-id`) and answers with the endpoint's documented sample.
pub async fn expect_get<'a>(
    server: &'a MockServer,
    path: &str,
    params: &[(&str, &str)],
    fixture_id: &str,
) -> Mock<'a> {
    let mut all: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    all.push(("timestamp".into(), NOW.to_string()));
    let sig = signature(&secret(), path, &all);
    // The signature travels in the query too (signed without it), as the demo sends it.
    all.push(("signature".into(), sig.clone()));
    let body = fixture(fixture_id);
    server
        .mock_async(|when, then| {
            let mut w = when
                .method(GET)
                .path(path)
                .header(ACCESS_KEY_HEADER, KEY)
                .header(SIGNATURE_HEADER, sig.as_str())
                .header_matches("x-request-id", UUID_V4)
                .query_param_count(".*", ".*", all.len());
            for (k, v) in &all {
                w = w.query_param(k.as_str(), v.as_str());
            }
            then.status(200)
                .header("content-type", "application/json")
                .body(body);
        })
        .await
}

/// Expects exactly this signed POST: the JSON body is `fields` plus `timestamp` and
/// `signature`, as the document's demo sends it.
pub async fn expect_post<'a>(
    server: &'a MockServer,
    path: &str,
    fields: Value,
    fixture_id: &str,
) -> Mock<'a> {
    let mut object: Map<String, Value> = fields.as_object().cloned().unwrap();
    object.insert("timestamp".into(), json!(NOW));
    let sig = signature(&secret(), path, &body_params(&object));
    object.insert("signature".into(), json!(sig));
    let body = fixture(fixture_id);
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path)
                .header(ACCESS_KEY_HEADER, KEY)
                .header(SIGNATURE_HEADER, sig.as_str())
                .header("content-type", "application/json")
                .header_matches("x-request-id", UUID_V4)
                .json_body(Value::Object(object));
            then.status(200)
                .header("content-type", "application/json")
                .body(body);
        })
        .await
}

/// A time from UNIX milliseconds (request times are `DateTime<Utc>`, sent as milliseconds).
pub fn ms(millis: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::TimeZone::timestamp_millis_opt(&chrono::Utc, millis).unwrap()
}

pub fn done(id: &str) {
    venue_testkit::record_fixture("matrixport", id);
}

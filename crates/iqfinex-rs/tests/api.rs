//! Client tests against httpmock on 127.0.0.1: request shapes, documented samples, errors,
//! validation and authentication.

mod api {
    pub mod auth;
    pub mod errors;
    pub mod private;
    pub mod public;
    pub mod validation;
}

use httpmock::MockServer;
use iqfinex_rs::{Client, Credentials};

/// The key the tests authenticate with.
pub const KEY: &str = "test-key-7f3a9c1e5b2d4f60";

/// The documented sample of an endpoint.
pub fn fixture(id: &str) -> String {
    let path = format!("{}/tests/fixtures/{id}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A client with the test key, no pacing and no retries, talking to `server`.
pub fn client(server: &MockServer) -> Client {
    venue_testkit::install();
    Client::builder()
        .base_url(server.base_url())
        .credentials(Credentials::new(KEY))
        .no_pacing()
        .retry_policy(iqfinex_rs::RetryPolicy::off())
        .build()
        .expect("client builds")
}

/// A client without credentials.
pub fn public_client(server: &MockServer) -> Client {
    venue_testkit::install();
    Client::builder()
        .base_url(server.base_url())
        .no_pacing()
        .build()
        .expect("client builds")
}

/// Records the fixture evidence for `id`.
pub fn record(id: &str) {
    venue_testkit::record_fixture("iqfinex", id);
}

/// A matcher for the exact query string (empty when none).
pub fn exact_query(
    expected: &'static str,
) -> impl Fn(&httpmock::HttpMockRequest) -> bool + Send + Sync + 'static {
    move |req| req.uri().query().unwrap_or("") == expected
}

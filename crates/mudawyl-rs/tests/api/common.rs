//! Shared helpers of the httpmock tests.

use httpmock::MockServer;
use mudawyl_rs::{Client, RetryPolicy, Token};

/// A JWT-shaped test token (not a real credential).
pub const TOKEN: &str = "eyJraWQiOiJ0ZXN0In0.eyJzdWIiOiJ0ZXN0LXVzZXIifQ.dGVzdC1zaWduYXR1cmU";
/// A reCAPTCHA-shaped test token.
pub const RECAPTCHA: &str = "03AGdBq25-test-recaptcha-token";
/// A key id (UUID) used in paths.
pub const KEY_ID: &str = "46a19fb1-4e90-4736-b820-257c947fd694";

/// A client for `server` with the test token and reCAPTCHA provider, no pacing, no retries.
pub fn client(server: &MockServer) -> Client {
    venue_testkit::install();
    Client::builder()
        .base_url(server.base_url())
        .token(TOKEN)
        .recaptcha_provider(|| async { Ok(Token::new(RECAPTCHA)) })
        .no_pacing()
        .retry_policy(RetryPolicy::off())
        .build()
        .expect("client builds")
}

/// The documented sample of endpoint `id`.
pub fn fixture(id: &str) -> String {
    let path = format!("{}/tests/fixtures/{id}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Records that `id`'s sample was decoded and checked.
pub fn record(id: &str) {
    venue_testkit::record_fixture("mudawyl", id);
}

/// Parses a UUID literal.
pub fn uuid(s: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(s).expect("uuid literal")
}

/// Parses a time literal.
pub fn t(s: &str) -> chrono::DateTime<chrono::Utc> {
    mudawyl_rs::parse_time(s).expect("time literal")
}

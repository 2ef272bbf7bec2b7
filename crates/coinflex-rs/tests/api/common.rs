//! Helpers shared by the API tests.

use std::sync::Arc;

use coinflex_rs::{Client, Credentials, RetryPolicy};
use venue_common::ManualClock;

pub const KEY: &str = "test-api-key-0001";
pub const SECRET: &str = "s3cr3t-api-secret";

/// 2021-07-16T11:10:27Z: the time of the documented borrow sample.
pub const T0: i64 = 1_626_433_827_000;

pub fn fixture(id: &str) -> String {
    let path = format!("{}/tests/fixtures/{id}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A client on `base` with a clock pinned at `T0`, no pacing, no retries.
pub fn client(base: &str) -> (Client, ManualClock) {
    venue_testkit::install();
    let clock = ManualClock::at_millis(T0);
    let client = Client::builder()
        .base_url(base)
        .credentials(Credentials::new(KEY, SECRET))
        .clock(Arc::new(clock.clone()))
        .no_pacing()
        .retry_policy(RetryPolicy::off())
        .build()
        .expect("client");
    (client, clock)
}

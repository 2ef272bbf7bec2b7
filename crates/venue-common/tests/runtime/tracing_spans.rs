//! Tracing: one span per attempt with venue, method, path, attempt, status and latency; no
//! header, query or body value in any line.

use std::io;
use std::sync::{Arc, Mutex};

use httpmock::prelude::*;
use tracing_subscriber::fmt::format::FmtSpan;
use venue_common::{Endpoint, Error, ErrorKind, Request, VenueError};

use crate::support::{CountingSigner, core_with, quick_retries};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Installs a capturing subscriber for this thread (the test's current-thread runtime).
///
/// tracing caches each callsite's interest globally. While exactly one scoped dispatcher
/// exists, a callsite first reached on *another* thread (a concurrent test without a
/// subscriber) is cached as "never", and this test would then miss it. A second, silent
/// dispatcher kept alive for the test makes tracing ask every live dispatcher instead, and
/// the rebuild refreshes whatever was cached before.
fn capture() -> (Captured, impl Sized) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let silent = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let guard = tracing::subscriber::set_default(subscriber);
    tracing::callsite::rebuild_interest_cache();
    (captured, (guard, silent))
}

const SECRET: &str = "trace-secret-41f2";
const BODY_VALUE: &str = "body-value-7c1d";
const QUERY_VALUE: &str = "query-value-93ab";
const ANSWER_VALUE: &str = "answer-value-5e0f";

const PLACE: Endpoint = Endpoint::new(
    "place_order",
    venue_common::endpoint::HttpMethod::Post,
    "/v1/orders",
)
.section("Orders")
.summary("Place an order");

#[tokio::test]
async fn one_span_per_attempt_and_no_values_logged() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/orders")
                .header("x-attempt", "1");
            then.status(503)
                .body(format!(r#"{{"msg":"{ANSWER_VALUE}"}}"#));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/orders")
                .header("x-attempt", "2");
            then.status(200)
                .body(format!(r#"{{"echo":"{ANSWER_VALUE}"}}"#));
        })
        .await;

    let (captured, guard) = capture();

    let signer = CountingSigner::new(SECRET);
    let core = core_with(&server.base_url(), quick_retries(3), signer.clone());
    let request = PLACE
        .request()
        .query("note", QUERY_VALUE)
        .json(&serde_json::json!({"clientOrderId": BODY_VALUE}))
        .unwrap()
        .idempotency_key("co-1");
    let answer = core
        .execute(request, |resp| {
            if resp.is_success() {
                resp.json::<serde_json::Value>()
            } else {
                Err(Error::venue(
                    VenueError::new(resp.status, ErrorKind::Unavailable, "busy")
                        .with_body(resp.body.clone()),
                ))
            }
        })
        .await
        .unwrap();
    drop(guard);
    assert_eq!(answer["echo"], ANSWER_VALUE);
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 1);

    let text = captured.text();
    let spans: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("venue.request{") && l.contains("close"))
        .collect();
    assert_eq!(spans.len(), 2, "one closed span per attempt:\n{text}");
    for (line, (attempt, status)) in spans.iter().zip([(1, 503), (2, 200)]) {
        for field in [
            "venue=\"testvenue\"".to_string(),
            "endpoint=\"place_order\"".to_string(),
            "method=POST".to_string(),
            "path=/v1/orders".to_string(),
            format!("attempt={attempt}"),
            format!("status={status}"),
            "latency_ms=".to_string(),
        ] {
            assert!(line.contains(&field), "`{field}` missing from {line}");
        }
    }
    // The retry is logged, with the reason but without the venue's body.
    assert!(text.contains("retrying"), "{text}");
    for secret in [
        SECRET,
        "sig-1",
        "sig-2",
        BODY_VALUE,
        QUERY_VALUE,
        ANSWER_VALUE,
    ] {
        assert!(!text.contains(secret), "`{secret}` was logged:\n{text}");
    }
    assert!(!text.to_ascii_lowercase().contains("x-signature"), "{text}");
}

#[tokio::test]
async fn failed_transport_attempts_are_traced_too() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);

    let (captured, guard) = capture();
    let signer = CountingSigner::new(SECRET);
    let core = core_with(&format!("http://{addr}"), quick_retries(2), signer);
    let e = core
        .execute(Request::get("/v1/ticker").query("k", QUERY_VALUE), |_| {
            Ok(())
        })
        .await
        .unwrap_err();
    drop(guard);
    assert_eq!(e.kind(), ErrorKind::Network);

    let text = captured.text();
    let spans = text
        .lines()
        .filter(|l| l.contains("venue.request{") && l.contains("close"))
        .count();
    assert_eq!(spans, 2, "{text}");
    assert!(text.contains("attempt failed"), "{text}");
    for secret in [SECRET, QUERY_VALUE] {
        assert!(!text.contains(secret), "`{secret}` was logged:\n{text}");
    }
}

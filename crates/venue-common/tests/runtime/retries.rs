//! Retries through `Core::execute` against httpmock: what is repeated, how often, and that
//! every attempt is signed afresh.

use std::time::{Duration, Instant};

use httpmock::prelude::*;
use serde::Deserialize;
use venue_common::error::retry_after;
use venue_common::{Error, ErrorKind, Request, Response, RetryMode, RetryPolicy, Sent, VenueError};

use crate::support::{CountingSigner, core, core_with, quick_retries};

const SECRET: &str = "retry-secret";

#[derive(Debug, Deserialize, PartialEq)]
struct Ok {
    ok: bool,
}

/// The decode closure a venue crate writes: success into the model, the venue's error shape
/// (`{"code": "..", "msg": ".."}`) into a typed error, `DUPLICATE` meaning "already have it".
fn decode(resp: Response) -> venue_common::Result<Ok> {
    if resp.is_success() {
        return resp.json();
    }
    #[derive(Deserialize, Default)]
    struct Shape {
        code: Option<String>,
        msg: Option<String>,
    }
    let shape: Shape = resp.json().unwrap_or_default();
    let kind = match shape.code.as_deref() {
        Some("DUPLICATE") => ErrorKind::Duplicate,
        _ => ErrorKind::from_status(resp.status),
    };
    let mut v = VenueError::new(resp.status, kind, shape.msg.unwrap_or_default())
        .with_body(resp.body.clone())
        .with_retry_after(retry_after(&resp.headers));
    if let Some(code) = shape.code {
        v = v.with_code(code);
    }
    Err(Error::venue(v))
}

fn sig(n: u32) -> String {
    format!("sig-{n}-{SECRET}")
}

#[tokio::test]
async fn get_answered_503_503_200_is_tried_three_times_and_succeeds() {
    let server = MockServer::start_async().await;
    // Each attempt is told apart by the signature its own signing produced: attempt n
    // carries `sig-n`, proving the signer ran again for it.
    let mut mocks = Vec::new();
    for (n, status) in [(1u32, 503u16), (2, 503), (3, 200)] {
        let m = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/v1/ticker")
                    .query_param("symbol", "BTC_USDT")
                    .header("x-attempt", n.to_string())
                    .header("x-signature", sig(n));
                if status == 200 {
                    then.status(200).body(r#"{"ok":true}"#);
                } else {
                    then.status(status)
                        .body(r#"{"code":"BUSY","msg":"try later"}"#);
                }
            })
            .await;
        mocks.push(m);
    }
    let signer = CountingSigner::new(SECRET);
    let core = core_with(&server.base_url(), quick_retries(3), signer.clone());
    let got = core
        .execute(
            Request::get("/v1/ticker").query("symbol", "BTC_USDT"),
            decode,
        )
        .await
        .unwrap();
    assert_eq!(got, Ok { ok: true });
    for m in &mocks {
        assert_eq!(m.calls_async().await, 1);
    }
    assert_eq!(signer.calls(), 3);
}

#[tokio::test]
async fn post_answered_503_is_sent_once() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/orders");
            then.status(503)
                .body(r#"{"code":"BUSY","msg":"overloaded"}"#);
        })
        .await;
    let signer = CountingSigner::new(SECRET);
    // The default policy retries reads and keyed writes; this write has no key.
    let core = core_with(&server.base_url(), RetryPolicy::default(), signer.clone());
    let req = Request::post("/v1/orders")
        .json(&serde_json::json!({"size": "1"}))
        .unwrap();
    let e = core.execute(req, decode).await.unwrap_err();
    assert_eq!(m.calls_async().await, 1);
    assert_eq!(signer.calls(), 1);
    assert_eq!(e.kind(), ErrorKind::Unavailable);
    assert_eq!(e.sent(), Sent::Yes);
    assert!(
        e.is_retryable(),
        "retryable in kind, but not safe to repeat"
    );
    assert!(matches!(e, Error::Venue(_)), "no key, no wrapper: {e:?}");
    assert_eq!(e.code(), Some("BUSY"));
}

#[tokio::test]
async fn a_429_with_retry_after_waits_before_the_next_attempt() {
    let server = MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/depth").header("x-attempt", "1");
            then.status(429)
                .header("Retry-After", "1")
                .body(r#"{"code":"RATE","msg":"slow down"}"#);
        })
        .await;
    let ok = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/depth").header("x-attempt", "2");
            then.status(200).body(r#"{"ok":true}"#);
        })
        .await;
    // Backoff alone would wait 10 ms; the venue's Retry-After (1 s) must win.
    let signer = CountingSigner::new(SECRET);
    let core = core_with(&server.base_url(), quick_retries(3), signer.clone());
    let started = Instant::now();
    let got = core
        .execute(Request::get("/v1/depth"), decode)
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(got, Ok { ok: true });
    assert_eq!(limited.calls_async().await, 1);
    assert_eq!(ok.calls_async().await, 1);
    // A lower bound only: the wait happened. No upper bound on a shared machine.
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
}

#[tokio::test]
async fn a_retry_after_beyond_max_elapsed_is_not_waited_for() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/depth");
            then.status(429).header("Retry-After", "120").body("{}");
        })
        .await;
    let core = core(&server.base_url(), quick_retries(3));
    let started = Instant::now();
    let e = core
        .execute(Request::get("/v1/depth"), decode)
        .await
        .unwrap_err();
    assert_eq!(m.calls_async().await, 1);
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    assert_eq!(e.retry_after(), Some(Duration::from_secs(120)));
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[tokio::test]
async fn client_errors_are_never_retried() {
    let server = MockServer::start_async().await;
    let mut mocks = Vec::new();
    for (path, status) in [
        ("/400", 400u16),
        ("/401", 401),
        ("/403", 403),
        ("/404", 404),
    ] {
        mocks.push(
            server
                .mock_async(|when, then| {
                    when.method(GET).path(path);
                    then.status(status).body(r#"{"code":"NO","msg":"refused"}"#);
                })
                .await,
        );
    }
    let core = core(&server.base_url(), quick_retries(5));
    for (path, kind) in [
        ("/400", ErrorKind::BadRequest),
        ("/401", ErrorKind::Authentication),
        ("/403", ErrorKind::Permission),
        ("/404", ErrorKind::NotFound),
    ] {
        let e = core.execute(Request::get(path), decode).await.unwrap_err();
        assert_eq!(e.kind(), kind, "{path}");
        assert!(!e.is_retryable());
    }
    for m in &mocks {
        assert_eq!(m.calls_async().await, 1);
    }
}

#[tokio::test]
async fn a_keyed_post_repeated_after_503_and_answered_duplicate_is_already_done() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/orders")
                .header("x-attempt", "1")
                .body(r#"{"clientOrderId":"co-42","size":"1"}"#);
            then.status(503)
                .body(r#"{"code":"BUSY","msg":"overloaded"}"#);
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/orders")
                .header("x-attempt", "2")
                .header("x-signature", sig(2))
                .body(r#"{"clientOrderId":"co-42","size":"1"}"#);
            then.status(409)
                .body(r#"{"code":"DUPLICATE","msg":"order co-42 exists"}"#);
        })
        .await;
    let signer = CountingSigner::new(SECRET);
    let core = core_with(&server.base_url(), quick_retries(3), signer.clone());
    let req = Request::post("/v1/orders")
        .json(&serde_json::json!({"clientOrderId": "co-42", "size": "1"}))
        .unwrap()
        .idempotency_key("co-42");
    let e = core.execute(req, decode).await.unwrap_err();
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 1);
    assert_eq!(signer.calls(), 2);
    let Error::AlreadyDone { key, venue } = &e else {
        panic!("expected AlreadyDone, got {e:?}")
    };
    assert_eq!(key, "co-42");
    assert_eq!(venue.code.as_deref(), Some("DUPLICATE"));
    assert_eq!(e.kind(), ErrorKind::Duplicate);
    assert_eq!(e.idempotency_key(), Some("co-42"));
    assert!(!e.is_retryable());
}

#[tokio::test]
async fn a_duplicate_on_the_first_attempt_is_the_venues_refusal() {
    // Only a *repeat* answered "duplicate" proves an earlier attempt of ours went through.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/orders");
            then.status(409)
                .body(r#"{"code":"DUPLICATE","msg":"exists"}"#);
        })
        .await;
    let core = core(&server.base_url(), quick_retries(3));
    let req = Request::post("/v1/orders").idempotency_key("co-1");
    let e = core.execute(req, decode).await.unwrap_err();
    assert!(
        matches!(&e, Error::WithKey { key, .. } if key == "co-1"),
        "{e:?}"
    );
    assert_eq!(e.kind(), ErrorKind::Duplicate);
}

#[tokio::test]
async fn a_keyed_post_that_keeps_failing_carries_its_key() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/orders");
            then.status(503).body(r#"{"code":"BUSY"}"#);
        })
        .await;
    let signer = CountingSigner::new(SECRET);
    let core = core_with(&server.base_url(), quick_retries(3), signer.clone());
    let e = core
        .execute(Request::post("/v1/orders").idempotency_key("co-9"), decode)
        .await
        .unwrap_err();
    assert_eq!(m.calls_async().await, 3);
    assert_eq!(signer.calls(), 3);
    assert_eq!(e.idempotency_key(), Some("co-9"));
    assert_eq!(e.kind(), ErrorKind::Unavailable);
    assert_eq!(e.sent(), Sent::Yes);
}

#[tokio::test]
async fn modes_and_attempt_counts_are_honoured() {
    let server = MockServer::start_async().await;
    let reads = server
        .mock_async(|when, then| {
            when.method(GET).path("/busy");
            then.status(503).body("{}");
        })
        .await;
    let writes = server
        .mock_async(|when, then| {
            when.method(POST).path("/busy");
            then.status(503).body("{}");
        })
        .await;

    let off = core(&server.base_url(), RetryPolicy::off());
    off.execute(Request::get("/busy"), decode)
        .await
        .unwrap_err();
    assert_eq!(reads.calls_async().await, 1);

    let four = core(&server.base_url(), quick_retries(4));
    four.execute(Request::get("/busy"), decode)
        .await
        .unwrap_err();
    assert_eq!(reads.calls_async().await, 1 + 4);

    let reads_only = core(
        &server.base_url(),
        quick_retries(3).mode(RetryMode::ReadsOnly),
    );
    reads_only
        .execute(Request::post("/busy").idempotency_key("k-1"), decode)
        .await
        .unwrap_err();
    assert_eq!(
        writes.calls_async().await,
        1,
        "reads-only never repeats a write"
    );
    reads_only
        .execute(Request::get("/busy"), decode)
        .await
        .unwrap_err();
    assert_eq!(reads.calls_async().await, 1 + 4 + 3);
}

#[tokio::test]
async fn decode_errors_are_not_retried() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET).path("/weird");
            then.status(200).body(r#"{"ok":"maybe"}"#);
        })
        .await;
    let core = core(&server.base_url(), quick_retries(3));
    let e = core
        .execute(Request::get("/weird"), decode)
        .await
        .unwrap_err();
    assert_eq!(m.calls_async().await, 1);
    let Error::Decode(d) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(d.path, "ok");
}

#[test]
fn an_absurd_retry_after_never_panics() {
    // A venue (or a proxy) may send any number. Reading it, and deciding on it after some
    // time has passed, must not overflow.
    let mut headers = venue_common::HeaderMap::new();
    headers.insert(
        "retry-after",
        venue_common::HeaderValue::from_static("18446744073709551615"),
    );
    let wait = retry_after(&headers).expect("a number of seconds");
    assert!(wait <= Duration::from_secs(86_400), "{wait:?}");
    headers.insert(
        "retry-after",
        venue_common::HeaderValue::from_static("Fri, 31 Dec 9999 23:59:59 GMT"),
    );
    assert!(retry_after(&headers).unwrap() <= Duration::from_secs(86_400));

    let e = Error::venue(
        VenueError::new(
            venue_common::StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::RateLimited,
            "slow",
        )
        .with_retry_after(Some(Duration::MAX)),
    );
    let policy = RetryPolicy::default();
    for elapsed in [Duration::ZERO, Duration::from_secs(2), Duration::MAX] {
        assert_eq!(
            policy.next_delay(&Request::get("/"), &e, 1, elapsed),
            None,
            "a wait beyond max_elapsed is not taken"
        );
    }
}

/// Fails the first attempt before anything is sent (as a signer whose token fetch could not
/// connect would), then signs normally.
struct FlakySigner;

impl venue_common::Signer for FlakySigner {
    fn sign<'a>(
        &'a self,
        request: &'a mut Request,
        ctx: &'a venue_common::SignContext<'a>,
    ) -> futures::future::BoxFuture<'a, venue_common::Result<()>> {
        Box::pin(async move {
            if ctx.attempt == 1 {
                return Err(Error::Connection {
                    sent: Sent::No,
                    message: "token endpoint refused the connection".into(),
                    source: None,
                });
            }
            request.set_header("x-attempt", &ctx.attempt.to_string())?;
            Ok(())
        })
    }
}

#[tokio::test]
async fn a_duplicate_after_only_unsent_attempts_is_not_already_done() {
    // Nothing of ours reached the venue before the duplicate answer: the "duplicate" is an
    // older write with the same key, not this one. Reporting AlreadyDone would be a lie.
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/orders")
                .header("x-attempt", "2");
            then.status(409)
                .body(r#"{"code":"DUPLICATE","msg":"exists"}"#);
        })
        .await;
    let core = core_with(
        &server.base_url(),
        quick_retries(3),
        std::sync::Arc::new(FlakySigner),
    );
    let req = Request::post("/v1/orders").idempotency_key("co-5");
    let e = core.execute(req, decode).await.unwrap_err();
    assert_eq!(m.calls_async().await, 1);
    assert!(!matches!(e, Error::AlreadyDone { .. }), "{e:?}");
    assert_eq!(e.kind(), ErrorKind::Duplicate);
    assert_eq!(e.idempotency_key(), Some("co-5"));
}

#[tokio::test]
async fn a_keyed_write_refused_outright_is_the_plain_refusal() {
    // The venue answered the only attempt with a refusal: nothing is uncertain, so the caller
    // can match on `Error::Venue` directly.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/orders");
            then.status(400)
                .body(r#"{"code":"BAD","msg":"price too low"}"#);
        })
        .await;
    let core = core(&server.base_url(), quick_retries(3));
    let req = Request::post("/v1/orders").idempotency_key("co-6");
    let e = core.execute(req, decode).await.unwrap_err();
    assert!(matches!(e, Error::Venue(_)), "{e:?}");
    assert_eq!(e.idempotency_key(), None);
}

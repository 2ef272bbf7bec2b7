//! Faults from hand-written loopback servers: dropped connections, silence, garbage,
//! oversized bodies, refused connections. Every one is a typed error; nothing panics.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Deserialize;
use tokio::io::AsyncWriteExt;
use venue_common::transport::DEFAULT_MAX_BODY_BYTES;
use venue_common::{CoreBuilder, Error, ErrorKind, NoAuth, Request, RetryPolicy, Sent};

use crate::support::{core, http_response, read_request, serve, serve_fixed};

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Ticker {
    data: Vec<Level>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Level {
    #[serde(with = "venue_common::serde_ext::decimal")]
    price: venue_common::Decimal,
}

fn decode(resp: venue_common::Response) -> venue_common::Result<Ticker> {
    resp.json()
}

const TWENTY_MB: usize = 20 * 1024 * 1024;

#[tokio::test]
async fn a_connection_closed_after_the_request_is_maybe_sent() {
    let requests = Arc::new(AtomicUsize::new(0));
    let seen = requests.clone();
    let base = serve(move |mut s| {
        let seen = seen.clone();
        async move {
            if read_request(&mut s).await.is_some() {
                seen.fetch_add(1, Ordering::SeqCst);
            }
            // Dropping the stream closes the connection without an answer.
        }
    })
    .await;
    // A write without a key: the default policy must not repeat it.
    let core = core(&base, RetryPolicy::default());
    let e = core
        .execute(
            Request::post("/v1/orders").body("{}", "application/json"),
            decode,
        )
        .await
        .unwrap_err();
    let Error::Connection { sent, .. } = &e else {
        panic!("expected a connection error, got {e:?}")
    };
    assert_eq!(*sent, Sent::Maybe);
    assert_eq!(e.kind(), ErrorKind::Network);
    assert!(e.to_string().contains("may have been sent"), "{e}");
    assert_eq!(
        requests.load(Ordering::SeqCst),
        1,
        "an unkeyed write is never repeated"
    );
    // The transport's error is kept as the source.
    assert!(std::error::Error::source(&e).is_some());
}

#[tokio::test]
async fn a_silent_server_times_out_within_the_bound() {
    let base = serve(|mut s| async move {
        let _ = read_request(&mut s).await;
        tokio::time::sleep(Duration::from_secs(60)).await;
    })
    .await;
    let core = CoreBuilder::new("testvenue", "t/0")
        .base_url(base)
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::off())
        .no_pacing()
        .build(Arc::new(NoAuth), &[])
        .unwrap();
    let started = Instant::now();
    let e = core
        .execute(Request::get("/v1/ticker"), decode)
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    let Error::Timeout { sent, .. } = &e else {
        panic!("expected a timeout, got {e:?}")
    };
    assert_eq!(*sent, Sent::Maybe);
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert!(e.is_retryable());
    // Loose bound only: it did not hang for the server's minute.
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[tokio::test]
async fn a_server_that_stalls_mid_body_times_out_too() {
    let base = serve(|mut s| async move {
        let _ = read_request(&mut s).await;
        let _ = s
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"data\":[")
            .await;
        tokio::time::sleep(Duration::from_secs(60)).await;
    })
    .await;
    let core = CoreBuilder::new("testvenue", "t/0")
        .base_url(base)
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::off())
        .no_pacing()
        .build(Arc::new(NoAuth), &[])
        .unwrap();
    let started = Instant::now();
    let e = core
        .execute(Request::get("/v1/ticker"), decode)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

async fn decode_error_for(
    status: &str,
    content_type: &str,
    body: &[u8],
) -> Box<venue_common::DecodeError> {
    let base = serve_fixed(http_response(status, content_type, body)).await;
    let core = core(&base, RetryPolicy::off());
    match core.execute(Request::get("/v1/ticker"), decode).await {
        Err(Error::Decode(d)) => d,
        other => panic!("expected a decode error for {body:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn garbage_html_empty_and_truncated_bodies_are_decode_errors() {
    let d = decode_error_for("200 OK", "application/json", b"\x00\xffgarbage\x01").await;
    assert_eq!(d.path, ".");
    assert_eq!(d.status.as_u16(), 200);
    assert!(d.excerpt.contains("garbage"), "{d:?}");

    let html = b"<html><body><h1>200 but HTML</h1></body></html>";
    let d = decode_error_for("200 OK", "text/html", html).await;
    assert_eq!(d.status.as_u16(), 200);
    assert_eq!(d.excerpt.as_bytes(), html);
    assert!(d.reason.contains("expected value"), "{d:?}");

    let d = decode_error_for("200 OK", "application/json", b"").await;
    assert_eq!(d.excerpt, "");
    assert!(d.reason.contains("EOF"), "{d:?}");

    let truncated = br#"{"data":[{"price":"1.5"},{"price":"2."#;
    let d = decode_error_for("200 OK", "application/json", truncated).await;
    assert_eq!(d.excerpt.as_bytes(), truncated);
    assert!(
        d.path.starts_with("data"),
        "the path names where it stopped: {d:?}"
    );
    assert!(d.reason.contains("EOF"), "{d:?}");

    // Well-formed JSON of the wrong shape names the field.
    let d = decode_error_for("200 OK", "application/json", br#"{"data":[{"price":"x"}]}"#).await;
    assert_eq!(d.path, "data[0].price");
}

#[tokio::test]
async fn an_html_error_page_is_the_status_not_a_decode_error() {
    // A proxy's 502 page says "unavailable" however unreadable its body: it must stay a venue
    // error of the status' kind so that reads are retried, with the page kept as the body.
    let html = b"<html><body><h1>502 Bad Gateway</h1></body></html>";
    let base = serve_fixed(http_response("502 Bad Gateway", "text/html", html)).await;
    let core = core(&base, RetryPolicy::off());
    let e = core
        .execute(Request::get("/v1/ticker"), decode)
        .await
        .unwrap_err();
    let v = e.venue_error().expect("a venue error");
    assert_eq!(v.status.as_u16(), 502);
    assert_eq!(v.kind, ErrorKind::Unavailable);
    assert_eq!(&v.body[..], html);
    assert!(e.is_retryable());
}

#[tokio::test]
async fn a_body_shorter_than_its_length_is_a_lost_connection() {
    let base = serve(|mut s| async move {
        let _ = read_request(&mut s).await;
        let _ = s
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"data\":[")
            .await;
    })
    .await;
    let e = core(&base, RetryPolicy::off())
        .execute(Request::get("/v1/ticker"), decode)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Network, "{e:?}");
    assert_eq!(e.sent(), Sent::Maybe);
}

#[tokio::test]
async fn an_answer_that_is_not_http_is_a_typed_error() {
    let base = serve(|mut s| async move {
        let _ = read_request(&mut s).await;
        let _ = s
            .write_all(b"SSH-2.0-OpenSSH_9.0\r\n\r\n garbage \x00\x01")
            .await;
    })
    .await;
    let e = core(&base, RetryPolicy::off())
        .execute(Request::get("/v1/ticker"), decode)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Network, "{e:?}");
    assert_eq!(e.sent(), Sent::Maybe);
}

/// 20 MB announced with `Content-Length`: refused from the header. The server sends the
/// header and 64 KiB, then stalls: reading the body whole would end in a timeout, not in
/// `BodyTooLarge`.
#[tokio::test]
async fn a_20_mb_body_with_content_length_is_refused_unread() {
    let base = serve(|mut s| async move {
        let _ = read_request(&mut s).await;
        let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {TWENTY_MB}\r\n\r\n");
        let _ = s.write_all(head.as_bytes()).await;
        let _ = s.write_all(&vec![b' '; 64 * 1024]).await;
        tokio::time::sleep(Duration::from_secs(60)).await;
    })
    .await;
    let core = CoreBuilder::new("testvenue", "t/0")
        .base_url(base)
        .timeout(Duration::from_secs(20))
        .retry_policy(RetryPolicy::off())
        .no_pacing()
        .build(Arc::new(NoAuth), &[])
        .unwrap();
    let e = core
        .execute(Request::get("/big"), decode)
        .await
        .unwrap_err();
    let Error::BodyTooLarge { limit, status } = &e else {
        panic!("expected BodyTooLarge, got {e:?}")
    };
    assert_eq!(*limit, DEFAULT_MAX_BODY_BYTES);
    assert_eq!(DEFAULT_MAX_BODY_BYTES, 16 * 1024 * 1024);
    assert_eq!(*status, 200);
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert_eq!(e.sent(), Sent::Yes);
}

/// 20 MB chunked, with no length announced: reading stops at the cap. The server sends the
/// 20 MB but never the final chunk and keeps the connection open, so a client that read
/// to the end would hang until its timeout instead of answering `BodyTooLarge`. (Counting
/// what the server wrote proves nothing: loopback socket buffers hold many megabytes.)
#[tokio::test]
async fn a_20_mb_chunked_body_is_refused_at_the_cap() {
    let base = serve(move |mut s| async move {
        let _ = read_request(&mut s).await;
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        if s.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = vec![b'7'; 64 * 1024];
        let framed = [format!("{:x}\r\n", chunk.len()).into_bytes(), chunk, b"\r\n".to_vec()].concat();
        for _ in 0..TWENTY_MB / (64 * 1024) {
            if s.write_all(&framed).await.is_err() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_secs(120)).await;
    })
    .await;
    let core = CoreBuilder::new("testvenue", "t/0")
        .base_url(base)
        .timeout(Duration::from_secs(60))
        .retry_policy(RetryPolicy::off())
        .no_pacing()
        .build(Arc::new(NoAuth), &[])
        .unwrap();
    let started = Instant::now();
    let e = core
        .execute(Request::get("/big"), decode)
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::BodyTooLarge { limit, status: 200 } if limit == DEFAULT_MAX_BODY_BYTES),
        "{e:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[tokio::test]
async fn a_configured_cap_applies() {
    let body = vec![b'1'; 2048];
    let base = serve_fixed(http_response("200 OK", "application/json", &body)).await;
    let small = CoreBuilder::new("testvenue", "t/0")
        .base_url(base.clone())
        .max_body_bytes(1024)
        .retry_policy(RetryPolicy::off())
        .no_pacing()
        .build(Arc::new(NoAuth), &[])
        .unwrap();
    let e = small
        .execute(Request::get("/x"), |r| Ok(r.body.len()))
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::BodyTooLarge { limit: 1024, .. }),
        "{e:?}"
    );
    // At the cap exactly is fine.
    let exact = CoreBuilder::new("testvenue", "t/0")
        .base_url(base)
        .max_body_bytes(2048)
        .no_pacing()
        .build(Arc::new(NoAuth), &[])
        .unwrap();
    let n = exact
        .execute(Request::get("/x"), |r| Ok(r.body.len()))
        .await
        .unwrap();
    assert_eq!(n, 2048);
}

#[tokio::test]
async fn a_refused_connection_was_not_sent() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let core = core(&format!("http://{addr}"), RetryPolicy::off());
    let e = core
        .execute(
            Request::post("/v1/orders").body("{}", "application/json"),
            decode,
        )
        .await
        .unwrap_err();
    let Error::Connection { sent, .. } = &e else {
        panic!("expected a connection error, got {e:?}")
    };
    assert_eq!(*sent, Sent::No);
    assert!(!e.was_sent());
    assert!(e.to_string().contains("not sent"), "{e}");
}

#[tokio::test]
async fn a_refused_write_may_be_sent_again_because_it_never_left() {
    // The default policy repeats even an unkeyed write when nothing was sent.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let signer = crate::support::CountingSigner::new("s");
    let core = crate::support::core_with(
        &format!("http://{addr}"),
        crate::support::quick_retries(3),
        signer.clone(),
    );
    let e = core
        .execute(Request::post("/v1/orders"), decode)
        .await
        .unwrap_err();
    assert_eq!(e.sent(), Sent::No);
    assert_eq!(signer.calls(), 3);
}

#[tokio::test]
async fn bad_base_urls_are_config_errors() {
    for url in ["not a url", "ftp://127.0.0.1/", "unix:/tmp/x"] {
        let e = CoreBuilder::new("testvenue", "t/0")
            .base_url(url)
            .build(Arc::new(NoAuth), &[])
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config, "{url}: {e:?}");
        assert_eq!(e.sent(), Sent::No);
    }
}

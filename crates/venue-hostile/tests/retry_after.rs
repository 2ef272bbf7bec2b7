//! Found by the hostile suite's odd `Retry-After`s, checked here with the venues' default
//! pacing (the suite itself runs without pacing): one `429` carrying `Retry-After: 86400` (or
//! an HTTP date years ahead, cut to the one-day cap) used to hold every later call of the
//! client, and of every client sharing its key, for a day, silently, because the per-attempt
//! timeout starts only once the pacer admits the call. A venue's wait longer than that timeout
//! now fails the call at once, not sent, as `Error::Blocked` with the time left; shorter waits
//! are still waited out.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Answers the first request `429` with `Retry-After: 86400`, every later one `200 []`.
async fn server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut n = 0;
        loop {
            let (mut sock, _) = listener.accept().await.unwrap();
            n += 1;
            let first = n == 1;
            tokio::spawn(async move {
                let mut buf = vec![0u8; 65536];
                let mut got = Vec::new();
                while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                    let Ok(k) = sock.read(&mut buf).await else {
                        return;
                    };
                    if k == 0 {
                        return;
                    }
                    got.extend_from_slice(&buf[..k]);
                }
                let answer: &[u8] = if first {
                    b"HTTP/1.1 429 Too Many\r\nretry-after: 86400\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}"
                } else {
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n[]"
                };
                let _ = sock.write_all(answer).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn one_odd_retry_after_does_not_block_the_client_for_a_day() {
    let base = server().await;
    let client = iqfinex_rs::Client::builder()
        .base_url(&base)
        .timeout(Duration::from_secs(1))
        .retry_policy(venue_common::RetryPolicy::off())
        .build()
        .unwrap();
    let first = client.currencies().await.unwrap_err();
    assert_eq!(
        first.retry_after(),
        Some(Duration::from_secs(86_400)),
        "{first}"
    );
    let second = tokio::time::timeout(Duration::from_secs(10), client.currencies()).await;
    let second = second.expect("the next call was still waiting for the pacer after 10 s");
    let error = second.unwrap_err();
    assert!(
        matches!(error, venue_common::Error::Blocked { .. }),
        "{error:?}"
    );
    assert_eq!(error.sent(), venue_common::Sent::No);
    assert!(error.retry_after().unwrap() > Duration::from_secs(86_000));
}

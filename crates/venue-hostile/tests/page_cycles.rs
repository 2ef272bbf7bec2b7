//! A venue whose page tokens cycle (`A → B → A`), through a crate's public stream (Mudawyl's
//! balance history): the stream ends with an error that blames the venue's answer (a decode
//! error, sent), after one request per distinct page, instead of looping.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Answers each page request with one item and the next token of the cycle `A → B → A`.
async fn cycling_server(requests: Arc<AtomicUsize>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (mut sock, _) = listener.accept().await.unwrap();
            let requests = requests.clone();
            tokio::spawn(async move {
                let mut got = Vec::new();
                let mut buf = vec![0u8; 16384];
                while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                    let Ok(k) = sock.read(&mut buf).await else {
                        return;
                    };
                    if k == 0 {
                        return;
                    }
                    got.extend_from_slice(&buf[..k]);
                }
                requests.fetch_add(1, Ordering::SeqCst);
                let head = String::from_utf8_lossy(&got);
                let next = if head.contains("nextToken=A") {
                    "B"
                } else {
                    "A"
                };
                let body = format!(
                    r#"{{"items":[{{"date":"2022-09-13","totalUSD":1}}],"nextToken":"{next}"}}"#
                );
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = sock.write_all(answer.as_bytes()).await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_cycle_of_page_tokens_ends_the_stream_with_a_venue_side_error() {
    let requests = Arc::new(AtomicUsize::new(0));
    let base = cycling_server(requests.clone()).await;
    let client = mudawyl_rs::Client::builder()
        .base_url(&base)
        .token(mudawyl_rs::Token::new("h8-token-for-pages"))
        .no_pacing()
        .build()
        .unwrap();
    let items: Vec<_> = client
        .list_exchange_key_balance_history("6f1c2a4e-8b3d-4c5e-9a7f-0d1e2f3a4b5c")
        .into_stream()
        .take(100)
        .collect()
        .await;
    let (last, pages) = items.split_last().unwrap();
    assert!(pages.iter().all(|r| r.is_ok()), "{items:?}");
    let e = last.as_ref().unwrap_err();
    assert!(matches!(e, venue_common::Error::Decode(_)), "{e:?}");
    assert_eq!(e.sent(), venue_common::Sent::Yes);
    // No token, A, B: then B leads back to A, read before.
    assert_eq!(requests.load(Ordering::SeqCst), 3);
    assert_eq!(pages.len(), 3);
}

//! Pagers as lazy streams: where they stop, how errors end them, and that pages are fetched
//! only when needed.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use futures::StreamExt;
use venue_common::{Error, ErrorKind, Page, Result, offset_stream, token_stream};

/// A listing of `len` items (0, 1, 2, ...) served `limit` at a time from `offset`.
fn slice(len: u64, offset: u64, limit: u32) -> Vec<u64> {
    (offset..len.min(offset + u64::from(limit))).collect()
}

#[tokio::test]
async fn offset_limit_stops_at_a_short_page() {
    let calls = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = calls.clone();
    let items: Vec<u64> = offset_stream(0, 4, move |offset, limit| {
        log.lock().unwrap().push((offset, limit));
        async move { Ok(Page::new(slice(10, offset, limit))) }
    })
    .map(|r| r.unwrap())
    .collect()
    .await;
    assert_eq!(items, (0..10).collect::<Vec<_>>());
    // 4 + 4 + 2: the short third page ends it, no fourth request.
    assert_eq!(*calls.lock().unwrap(), vec![(0, 4), (4, 4), (8, 4)]);
}

#[tokio::test]
async fn offset_limit_stops_at_an_empty_page_and_starts_where_told() {
    let calls = Arc::new(AtomicU32::new(0));
    let n = calls.clone();
    let items: Vec<u64> = offset_stream(5, 5, move |offset, limit| {
        n.fetch_add(1, Ordering::SeqCst);
        async move { Ok(Page::new(slice(10, offset, limit))) }
    })
    .map(|r| r.unwrap())
    .collect()
    .await;
    assert_eq!(items, vec![5, 6, 7, 8, 9]);
    // A full page at the end cannot be told from a middle one: one more (empty) request.
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_count_bounded_listing_stops_at_the_total() {
    let calls = Arc::new(AtomicU32::new(0));
    let n = calls.clone();
    let items: Vec<u64> = offset_stream(0, 3, move |offset, limit| {
        n.fetch_add(1, Ordering::SeqCst);
        // The venue would keep answering full pages past the total; the total stops us.
        async move {
            let items = (offset..offset + u64::from(limit)).collect();
            Ok(Page::counted(items, 6))
        }
    })
    .map(|r| r.unwrap())
    .collect()
    .await;
    assert_eq!(items, vec![0, 1, 2, 3, 4, 5]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_token_listing_stops_without_a_token() {
    let tokens = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = tokens.clone();
    let items: Vec<&str> = token_stream(move |token: Option<String>| {
        log.lock().unwrap().push(token.clone());
        async move {
            Ok(match token.as_deref() {
                None => Page::with_token(vec!["a", "b"], Some("t1".into())),
                Some("t1") => Page::with_token(vec!["c"], Some("t2".into())),
                // An empty token is no token.
                Some("t2") => Page::with_token(vec!["d"], Some(String::new())),
                Some(other) => panic!("unexpected token {other}"),
            })
        }
    })
    .map(|r| r.unwrap())
    .collect()
    .await;
    assert_eq!(items, vec!["a", "b", "c", "d"]);
    assert_eq!(
        *tokens.lock().unwrap(),
        vec![None, Some("t1".to_string()), Some("t2".to_string())]
    );
}

#[tokio::test]
async fn a_repeated_token_is_an_error_not_a_loop() {
    let calls = Arc::new(AtomicU32::new(0));
    let n = calls.clone();
    let got: Vec<Result<u32>> = token_stream(move |token: Option<String>| {
        n.fetch_add(1, Ordering::SeqCst);
        async move {
            Ok(match token {
                None => Page::with_token(vec![1], Some("same".into())),
                Some(_) => Page::with_token(vec![2], Some("same".into())),
            })
        }
    })
    .collect()
    .await;
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].as_ref().unwrap(), &1);
    assert_eq!(got[1].as_ref().unwrap(), &2);
    let e = got[2].as_ref().unwrap_err();
    assert!(e.to_string().contains("same"), "{e}");
    assert!(matches!(e, Error::Decode(_)), "the venue's fault: {e:?}");
    assert_eq!(e.sent(), venue_common::Sent::Yes, "requests were sent");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_longer_token_cycle_is_an_error_naming_the_venue() {
    let calls = Arc::new(AtomicU32::new(0));
    let n = calls.clone();
    let got: Vec<Result<u32>> = token_stream(move |token: Option<String>| {
        n.fetch_add(1, Ordering::SeqCst);
        async move {
            Ok(match token.as_deref() {
                None => Page::with_token(vec![1], Some("A".into())),
                Some("A") => Page::with_token(vec![2], Some("B".into())),
                Some(_) => Page::with_token(vec![3], Some("A".into())),
            })
        }
    })
    .collect()
    .await;
    assert_eq!(got.len(), 4, "{got:?}");
    let e = got[3].as_ref().unwrap_err();
    assert!(matches!(e, Error::Decode(_)), "{e:?}");
    assert_eq!(e.sent(), venue_common::Sent::Yes);
    assert!(e.to_string().contains("`A`"), "{e}");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    // A mebibyte token is shown cut.
    let long = "t".repeat(1 << 20);
    let e = venue_common::pagination::repeated_token(&long);
    assert!(e.to_string().len() < 1024, "{}", e.to_string().len());
}

#[tokio::test]
async fn an_error_mid_way_is_yielded_then_ends_the_stream() {
    let calls = Arc::new(AtomicU32::new(0));
    let n = calls.clone();
    let got: Vec<Result<u64>> = offset_stream(0, 2, move |offset, limit| {
        n.fetch_add(1, Ordering::SeqCst);
        async move {
            if offset >= 4 {
                Err(Error::invalid("offset", "venue refused"))
            } else {
                Ok(Page::new(slice(100, offset, limit)))
            }
        }
    })
    .collect()
    .await;
    let ok: Vec<u64> = got
        .iter()
        .filter_map(|r| r.as_ref().ok().copied())
        .collect();
    assert_eq!(ok, vec![0, 1, 2, 3]);
    assert_eq!(got.len(), 5);
    assert_eq!(
        got[4].as_ref().unwrap_err().kind(),
        ErrorKind::InvalidRequest
    );
    assert_eq!(
        calls.load(Ordering::SeqCst),
        3,
        "no request after the error"
    );

    let calls = Arc::new(AtomicU32::new(0));
    let n = calls.clone();
    let got: Vec<Result<u32>> = token_stream(move |token: Option<String>| {
        n.fetch_add(1, Ordering::SeqCst);
        async move {
            match token {
                None => Ok(Page::with_token(vec![1, 2], Some("next".into()))),
                Some(_) => Err(Error::MissingCredentials("gone".into())),
            }
        }
    })
    .collect()
    .await;
    assert_eq!(got.len(), 3);
    assert!(got[2].is_err());
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn pages_are_fetched_lazily() {
    let calls = Arc::new(AtomicU32::new(0));
    let n = calls.clone();
    let mut stream = offset_stream(0, 3, move |offset, limit| {
        n.fetch_add(1, Ordering::SeqCst);
        async move { Ok(Page::new(slice(1_000, offset, limit))) }
    });
    assert_eq!(
        calls.load(Ordering::SeqCst),
        0,
        "nothing before the first poll"
    );
    for expected in 0..3 {
        assert_eq!(stream.next().await.unwrap().unwrap(), expected);
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "one page serves three items"
        );
    }
    assert_eq!(stream.next().await.unwrap().unwrap(), 3);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    // Taking a few items of a long listing fetches only the pages they need.
    drop(stream);

    let calls = Arc::new(AtomicU32::new(0));
    let n = calls.clone();
    let first: Vec<String> = token_stream(move |token: Option<String>| {
        let page = n.fetch_add(1, Ordering::SeqCst);
        async move {
            let next = Some(format!("p{}", page + 1));
            Ok(Page::with_token(
                vec![
                    format!("{}-a", token.as_deref().unwrap_or("p0")),
                    "b".into(),
                ],
                next,
            ))
        }
    })
    .take(3)
    .map(|r| r.unwrap())
    .collect()
    .await;
    assert_eq!(first, vec!["p0-a", "b", "p1-a"]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_zero_limit_is_treated_as_one() {
    let items: Vec<u64> = offset_stream(0, 0, |offset, limit| async move {
        assert_eq!(limit, 1);
        Ok(Page::new(slice(3, offset, limit)))
    })
    .map(|r| r.unwrap())
    .collect()
    .await;
    assert_eq!(items, vec![0, 1, 2]);
}

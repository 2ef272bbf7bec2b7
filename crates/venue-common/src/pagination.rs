//! Pages as lazy streams of items.
//!
//! Three styles cover the venues: offset/limit (stop at a short page), count-bounded
//! offset/limit (stop when the venue's total is reached) and next-token (stop when the venue
//! gives no token). A page is fetched only when the previous one is consumed; an error ends
//! the stream after it is yielded.

use std::collections::HashSet;
use std::future::Future;

use futures_util::stream::{self, BoxStream, StreamExt};

use crate::error::{Error, Result, bounded};

/// How much of a repeated page token an error shows.
const TOKEN_SHOWN: usize = 128;

/// The error that ends a token listing when the venue gives a token it gave before: the
/// venue's answer is at fault (a decode error at `nextToken`, sent), not the configuration.
/// The answer was a success (HTTP 200); its body is not kept by the stream, so none is shown.
pub fn repeated_token(token: &str) -> Error {
    Error::decode(
        "nextToken",
        format!(
            "the venue repeated page token `{}`; stopping to avoid a loop",
            bounded(token, TOKEN_SHOWN)
        ),
        http::StatusCode::OK,
        b"",
    )
}

/// One page of items.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The venue's total count of items, where it gives one.
    pub total: Option<u64>,
    /// The token of the next page, where the venue pages by token.
    pub next_token: Option<String>,
}

impl<T> Page<T> {
    /// A page of items with no total and no token.
    pub fn new(items: Vec<T>) -> Self {
        Page {
            items,
            total: None,
            next_token: None,
        }
    }

    /// A page with the venue's total count.
    pub fn counted(items: Vec<T>, total: u64) -> Self {
        Page {
            items,
            total: Some(total),
            next_token: None,
        }
    }

    /// A page with the next page's token.
    pub fn with_token(items: Vec<T>, next_token: Option<String>) -> Self {
        Page {
            items,
            total: None,
            next_token: next_token.filter(|t| !t.is_empty()),
        }
    }
}

struct OffsetState<F> {
    fetch: F,
    offset: u64,
    limit: u32,
    done: bool,
}

/// Every item of an offset/limit listing, `limit` per page from `offset`. Paging stops at a
/// page shorter than `limit`, an empty page, or when `offset` reaches the page's `total`.
pub fn offset_stream<'a, T, F, Fut>(offset: u64, limit: u32, fetch: F) -> BoxStream<'a, Result<T>>
where
    T: Send + 'a,
    F: FnMut(u64, u32) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>>> + Send + 'a,
{
    let state = OffsetState {
        fetch,
        offset,
        limit: limit.max(1),
        done: false,
    };
    stream::unfold(state, |mut s| async move {
        if s.done {
            return None;
        }
        match (s.fetch)(s.offset, s.limit).await {
            Err(e) => {
                s.done = true;
                Some((vec![Err(e)], s))
            }
            Ok(page) => {
                let n = page.items.len() as u64;
                s.offset += n;
                let reached_total = page.total.is_some_and(|t| s.offset >= t);
                if n < u64::from(s.limit) || n == 0 || reached_total {
                    s.done = true;
                }
                Some((page.items.into_iter().map(Ok).collect(), s))
            }
        }
    })
    .flat_map(stream::iter)
    .boxed()
}

/// Every item of a next-token listing. `fetch` gets `None` for the first page, then each
/// token the venue gave; paging stops when no token comes back. A token the venue gave before
/// (the last one, or any earlier one: a cycle `A → B → A`) ends the stream with a decode error
/// naming `nextToken` ([`Error::Decode`], sent: the venue's answer is at fault, not the
/// caller's configuration) rather than an endless loop.
pub fn token_stream<'a, T, F, Fut>(fetch: F) -> BoxStream<'a, Result<T>>
where
    T: Send + 'a,
    F: FnMut(Option<String>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>>> + Send + 'a,
{
    struct State<F> {
        fetch: F,
        token: Option<String>,
        seen: HashSet<String>,
        done: bool,
    }
    let state = State {
        fetch,
        token: None,
        seen: HashSet::new(),
        done: false,
    };
    stream::unfold(state, |mut s| async move {
        if s.done {
            return None;
        }
        match (s.fetch)(s.token.take()).await {
            Err(e) => {
                s.done = true;
                Some((vec![Err(e)], s))
            }
            Ok(page) => {
                let mut items: Vec<Result<T>> = page.items.into_iter().map(Ok).collect();
                match page.next_token {
                    None => s.done = true,
                    Some(t) if s.seen.contains(&t) => {
                        s.done = true;
                        items.push(Err(repeated_token(&t)));
                    }
                    Some(t) => {
                        s.seen.insert(t.clone());
                        s.token = Some(t);
                    }
                }
                Some((items, s))
            }
        }
    })
    .flat_map(stream::iter)
    .boxed()
}

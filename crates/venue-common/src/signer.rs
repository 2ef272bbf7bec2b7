//! The hook through which a venue crate authenticates requests.

use futures_util::future::BoxFuture;
use http::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use crate::clock::Clock;
use crate::error::Result;
use crate::request::Request;

/// What a signer may need besides the request.
#[derive(Debug)]
#[non_exhaustive]
pub struct SignContext<'a> {
    /// The base URL the request goes to (its host, port and path prefix are part of some
    /// venues' signatures; [`Request::url`] gives the full URL).
    pub base_url: &'a Url,
    /// The attempt number, from 1. Every attempt is signed afresh.
    pub attempt: u32,
    /// The client's clock.
    pub clock: &'a dyn Clock,
}

impl<'a> SignContext<'a> {
    /// The context of attempt `attempt` (from 1) to `base_url`, on `clock`.
    pub fn new(base_url: &'a Url, attempt: u32, clock: &'a dyn Clock) -> Self {
        SignContext {
            base_url,
            attempt,
            clock,
        }
    }
}

/// A venue's authentication: adds headers, query pairs or body fields to a request.
///
/// It is called for every attempt of every request, public ones included (some venues
/// decorate those too); it returns [`crate::Error::MissingCredentials`] when a private
/// request cannot be signed. It is async because some venues need a token fetched first.
pub trait Signer: Send + Sync + 'static {
    /// Authenticates `request` in place.
    fn sign<'a>(
        &'a self,
        request: &'a mut Request,
        ctx: &'a SignContext<'a>,
    ) -> BoxFuture<'a, Result<()>>;
}

/// A signer that adds nothing: for public-only clients and tests.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoAuth;

impl Signer for NoAuth {
    fn sign<'a>(
        &'a self,
        request: &'a mut Request,
        _ctx: &'a SignContext<'a>,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            if request.auth == crate::request::Auth::Private {
                return Err(crate::Error::MissingCredentials(
                    "this endpoint needs credentials and the client has none".into(),
                ));
            }
            Ok(())
        })
    }
}

/// The headers a signer sets on every request, under names laid out once.
///
/// `HeaderMap` hashes a name that is not one of HTTP's standard ones byte by byte on every
/// insert, and venues' credential headers never are standard: CoinFLEX's four inserts were a
/// tenth of its signature. A request that reaches the signer without headers of its own
/// (every generated request does) takes a copy of a map prepared here, whose names are
/// already hashed and placed, and each value is written into its name's slot: no name is
/// hashed per request. A request that already carries headers gets ordinary inserts, with
/// the same result. It pays for four or five headers, or long names; ALP's three short ones
/// measured the same either way.
#[derive(Debug, Clone)]
pub struct HeaderSlots<const N: usize> {
    names: [HeaderName; N],
    prepared: HeaderMap,
    /// Whether `prepared` lists the names in the order given, one slot each: only then are
    /// values written by position (otherwise, e.g. for a repeated name, always inserted).
    by_position: bool,
}

impl<const N: usize> HeaderSlots<N> {
    /// Slots for `names`; [`HeaderSlots::fill`] takes their values in the same order.
    pub fn new(names: [HeaderName; N]) -> Self {
        let mut prepared = HeaderMap::with_capacity(N);
        for name in &names {
            prepared.insert(name.clone(), HeaderValue::from_static(""));
        }
        let by_position = prepared.len() == N && prepared.keys().eq(names.iter());
        HeaderSlots {
            names,
            prepared,
            by_position,
        }
    }

    /// Sets each name to its value in `headers`, replacing what a name held.
    pub fn fill(&self, headers: &mut HeaderMap, values: [HeaderValue; N]) {
        if self.by_position && headers.is_empty() {
            // A copy keeps the prepared order, which `new` checked is the names' order.
            let mut filled = self.prepared.clone();
            for ((_, slot), value) in filled.iter_mut().zip(values) {
                *slot = value;
            }
            *headers = filled;
            return;
        }
        headers.reserve(N);
        for (name, value) in self.names.iter().zip(values) {
            headers.insert(name.clone(), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> [HeaderName; 3] {
        ["x-key", "x-sign", "x-nonce"].map(HeaderName::from_static)
    }

    fn values(tag: &str) -> [HeaderValue; 3] {
        ["k", "s", "n"].map(|v| HeaderValue::from_str(&format!("{v}-{tag}")).unwrap())
    }

    fn as_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
        let mut pairs: Vec<_> = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))
            .collect();
        pairs.sort();
        pairs
    }

    #[test]
    fn slots_fill_an_empty_map_as_inserts_would() {
        let slots = HeaderSlots::new(names());
        assert!(slots.by_position);
        let mut filled = HeaderMap::new();
        slots.fill(&mut filled, values("a"));
        let mut inserted = HeaderMap::new();
        for (name, value) in names().into_iter().zip(values("a")) {
            inserted.insert(name, value);
        }
        assert_eq!(as_pairs(&filled), as_pairs(&inserted));
        assert_eq!(filled["x-sign"], "s-a");
        // Filled again: each slot takes the new value, nothing is appended.
        slots.fill(&mut filled, values("b"));
        assert_eq!(filled.len(), 3);
        assert_eq!(filled["x-nonce"], "n-b");
    }

    #[test]
    fn a_map_with_headers_of_its_own_keeps_them() {
        let slots = HeaderSlots::new(names());
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("id"));
        headers.insert("x-key", HeaderValue::from_static("old"));
        slots.fill(&mut headers, values("a"));
        assert_eq!(headers.len(), 4);
        assert_eq!(headers["x-request-id"], "id");
        assert_eq!(headers["x-key"], "k-a");
        assert_eq!(headers.get_all("x-key").iter().count(), 1);
    }

    #[test]
    fn a_repeated_name_is_inserted_not_placed() {
        let slots = HeaderSlots::new(["x-a", "x-a"].map(HeaderName::from_static));
        assert!(!slots.by_position);
        let mut headers = HeaderMap::new();
        slots.fill(
            &mut headers,
            [HeaderValue::from_static("1"), HeaderValue::from_static("2")],
        );
        assert_eq!(headers.len(), 1);
        assert_eq!(headers["x-a"], "2");
    }
}

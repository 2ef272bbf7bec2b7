//! Values shared by several sections: sides, sort order, pages, and how a page leads to the next.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use venue_common::api::DecodeContext;
use venue_common::{Error, Response, Result};

venue_common::open_enum! {
    /// Order side (`cmd` in requests and orders, `type` in public trades): `buy` or `sell`.
    pub enum Side: str {
        /// `buy`.
        Buy = "buy" | "BUY" | "Buy",
        /// `sell`.
        Sell = "sell" | "SELL" | "Sell",
    }
}

impl Side {
    /// The other side (an unknown side stays as it is).
    pub fn opposite(&self) -> Side {
        match self {
            Side::Buy => Side::Sell,
            Side::Sell => Side::Buy,
            Side::Other(s) => Side::Other(s.clone()),
        }
    }
}

venue_common::open_enum! {
    /// Sort direction of list endpoints (`sort`); the venue's default is [`Sort::Desc`].
    pub enum Sort: str {
        /// `ASC`: oldest first.
        Asc = "ASC" | "asc",
        /// `DESC`: newest first (the venue's default).
        Desc = "DESC" | "desc",
    }
}

/// One page of a list endpoint: the venue's total `count` and this page's `rows`.
///
/// Decodes from both shapes the venue is known to use: the `{"count": N, "rows": [...]}` page
/// (what the document shows for trades, candles and the order lists, and what the live venue
/// answers for assets too) and a bare array of rows (then `count` is `None`). A missing or
/// `null` `count` is `None`; missing `rows` are none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paged<T> {
    /// How many rows the whole listing has (not this page); `None` when the venue did not say
    /// (a bare array, or a page without `count`).
    #[serde(with = "venue_common::serde_ext::int_or_string_opt")]
    pub count: Option<u64>,
    /// The rows of this page.
    pub rows: Vec<T>,
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Paged {
            count: None,
            rows: Vec::new(),
        }
    }
}

impl<T> Paged<T> {
    /// A page of `rows` with the venue's total `count`.
    pub fn new(count: Option<u64>, rows: Vec<T>) -> Self {
        Paged { count, rows }
    }
}

/// The `{count, rows}` page as written (and as binary formats hold it).
#[derive(Deserialize)]
#[serde(bound = "T: Deserialize<'de>")]
struct PageWire<T> {
    #[serde(default, with = "venue_common::serde_ext::int_or_string_opt")]
    count: Option<u64>,
    #[serde(default = "Vec::new")]
    rows: Vec<T>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Paged<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        // A binary format cannot say what it holds: it holds what `Serialize` wrote.
        if !d.is_human_readable() {
            let w = PageWire::<T>::deserialize(d)?;
            return Ok(Paged::new(w.count, w.rows));
        }
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Paged<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of rows or a {count, rows} page")
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                seq: A,
            ) -> std::result::Result<Paged<T>, A::Error> {
                let rows = Vec::<T>::deserialize(SeqAccessDeserializer::new(seq))?;
                Ok(Paged::new(None, rows))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<Paged<T>, A::Error> {
                let w = PageWire::<T>::deserialize(MapAccessDeserializer::new(map))?;
                Ok(Paged::new(w.count, w.rows))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// The rows of a list endpoint that takes no paging parameters (currencies, assets), from
/// either shape [`Paged`] reads.
pub(crate) fn decode_rows<T: serde::de::DeserializeOwned>(
    response: Response,
    _: &DecodeContext<'_>,
) -> Result<Vec<T>> {
    crate::error::decode::<Paged<T>>(response).map(|p| p.rows)
}

/// What a stream walking a listing newest first has already yielded, so that rows which
/// arrive during the walk (and push the rows already read into the next page) are not
/// yielded twice. It keeps the keys (ids, or close times for candles) of the last
/// [`Seen::WINDOW`] rows; set by `.into_stream()`, never sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Seen {
    keys: std::collections::VecDeque<u64>,
}

impl Seen {
    /// How many keys are kept: more rows than this arriving between two pages of one walk
    /// can still repeat.
    pub const WINDOW: usize = 1000;

    /// Whether `key` was yielded already.
    pub fn contains(&self, key: u64) -> bool {
        self.keys.contains(&key)
    }

    fn push(&mut self, key: u64) {
        if self.keys.len() == Self::WINDOW {
            self.keys.pop_front();
        }
        self.keys.push_back(key);
    }
}

/// How one listing is walked by `.into_stream()`.
pub(crate) struct Walk<'a> {
    /// `offset` of the request.
    pub offset: Option<u64>,
    /// `limit` of the request.
    pub limit: Option<u32>,
    /// The document's max `limit`, asked for on later pages when none was set.
    pub max: u32,
    /// Whether rows come oldest first (`sort=ASC`): a stable order, nothing to drop.
    pub ascending: bool,
    /// What the walk yielded so far (under a newest-first order).
    pub seen: Option<&'a Seen>,
}

/// Splits one page of an offset listing into its rows and the request for the next page
/// (`at(request, offset, limit, seen)`), or `None` after the last one: the rows are read from
/// `offset` (default 0) until the venue's `count`, a short page or an empty one (without a
/// `count`, only a full page of an explicit `limit` leads to another); pages after the first
/// ask for `limit` rows, or the document's `max` when none was set.
///
/// Offsets count from the newest row under the venue's default `DESC` order, so a row that
/// arrives during the walk pushes the rows already read into the next page: those repeats are
/// dropped by key (`key(row)`; a row without a key is kept). `ASC` walks a stable order: new
/// rows land after the ones read.
pub(crate) fn offset_page<R: Clone, T>(
    request: &R,
    walk: Walk<'_>,
    page: Paged<T>,
    key: impl Fn(&T) -> Option<u64>,
    at: impl FnOnce(R, u64, u32, Option<Seen>) -> R,
) -> Result<(Vec<T>, Option<R>)> {
    let n = page.rows.len() as u64;
    let next = walk.offset.unwrap_or(0).saturating_add(n);
    let short = walk.limit.is_some_and(|l| n < u64::from(l));
    let more = n > 0
        && !short
        && match page.count {
            Some(count) => next < count,
            None => walk.limit.is_some(),
        };
    let (rows, seen) = if walk.ascending {
        (page.rows, None)
    } else {
        let mut seen = walk.seen.cloned().unwrap_or_default();
        let mut rows = Vec::with_capacity(page.rows.len());
        for row in page.rows {
            match key(&row) {
                Some(k) if seen.contains(k) => continue,
                Some(k) => seen.push(k),
                None => {}
            }
            rows.push(row);
        }
        (rows, Some(seen))
    };
    let next = more.then(|| at(request.clone(), next, walk.limit.unwrap_or(walk.max), seen));
    Ok((rows, next))
}

/// Checks that a name used in a path (asset, currency) is present.
pub(crate) fn check_name(param: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(param, "must not be empty"));
    }
    if value.trim() != value {
        return Err(Error::invalid(param, "must not start or end with spaces"));
    }
    Ok(())
}

/// A string the venue may send as `null`: `null` reads as `""`. Written as a plain string,
/// which binary formats read back as one.
pub(crate) mod string_or_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> std::result::Result<String, D::Error> {
        if d.is_human_readable() {
            Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
        } else {
            String::deserialize(d)
        }
    }

    pub(crate) fn serialize<S: Serializer>(
        value: &str,
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(value)
    }
}

/// An optional boolean sent as `true`/`false`, `"true"`/`"false"` or `1`/`0`; `null` and a
/// missing field are `None`.
pub(crate) mod bool_opt {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    struct Lenient(bool);

    impl<'de> Deserialize<'de> for Lenient {
        fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
            venue_common::serde_ext::bool_lenient::deserialize(d).map(Lenient)
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> std::result::Result<Option<bool>, D::Error> {
        Ok(Option::<Lenient>::deserialize(d)?.map(|b| b.0))
    }

    pub(crate) fn serialize<S: Serializer>(
        value: &Option<bool>,
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        value.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rows: usize, count: Option<u64>) -> Paged<u64> {
        Paged {
            count,
            rows: (0..rows as u64).collect(),
        }
    }

    #[derive(Clone, Debug, PartialEq)]
    struct R(u64, u32);

    fn step(r: R, limit: Option<u32>, rows: usize, count: Option<u64>) -> Option<R> {
        let walk = Walk {
            offset: Some(r.0),
            limit,
            max: 100,
            ascending: true,
            seen: None,
        };
        offset_page(
            &r,
            walk,
            page(rows, count),
            |k| Some(*k),
            |_, o, l, _| R(o, l),
        )
        .unwrap()
        .1
    }

    #[test]
    fn a_listing_pages_until_count_short_or_empty() {
        assert_eq!(
            step(R(0, 2), Some(2), 2, Some(3)),
            Some(R(2, 2)),
            "full page, more to come"
        );
        assert_eq!(
            step(R(2, 2), Some(2), 1, Some(3)),
            None,
            "the count is reached"
        );
        assert_eq!(
            step(R(0, 5), Some(5), 3, Some(99)),
            None,
            "a short page is the last"
        );
        assert_eq!(
            step(R(0, 5), Some(5), 0, Some(99)),
            None,
            "an empty page is the last"
        );
        assert_eq!(
            step(R(0, 0), None, 10, Some(95)),
            Some(R(10, 100)),
            "then the document's max"
        );
    }

    #[test]
    fn without_a_count_only_a_full_page_of_an_explicit_limit_leads_on() {
        assert_eq!(step(R(0, 2), Some(2), 2, None), Some(R(2, 2)));
        assert_eq!(step(R(0, 0), None, 10, None), None);
    }

    #[test]
    fn a_newest_first_walk_drops_rows_it_yielded_already() {
        let mut seen = Seen::default();
        for k in [10, 9, 8] {
            seen.push(k);
        }
        let walk = Walk {
            offset: Some(3),
            limit: Some(3),
            max: 100,
            ascending: false,
            seen: Some(&seen),
        };
        // A new row (11) arrived: the second page starts with 8, read already.
        let page = Paged::new(Some(12), vec![8u64, 7, 6]);
        type S = (u64, u32, Option<Seen>);
        let first: S = (3, 3, None);
        let (rows, next) =
            offset_page(&first, walk, page, |k| Some(*k), |_, o, l, s| (o, l, s)).unwrap();
        assert_eq!(rows, vec![7, 6]);
        let (offset, limit, seen) = next.unwrap();
        assert_eq!((offset, limit), (6, 3));
        assert!(seen.unwrap().contains(6));
    }

    #[test]
    fn both_shapes_decode() {
        let bare: Paged<u32> = serde_json::from_str("[1,2]").unwrap();
        assert_eq!(bare, Paged::new(None, vec![1, 2]));
        let page: Paged<u32> = serde_json::from_str(r#"{"count":"7","rows":[1]}"#).unwrap();
        assert_eq!(page, Paged::new(Some(7), vec![1]));
        let bare: Paged<u32> = serde_json::from_str(r#"{"count":null}"#).unwrap();
        assert_eq!(bare, Paged::default());
    }
}

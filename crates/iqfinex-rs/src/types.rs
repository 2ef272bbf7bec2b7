//! Values shared by several sections: sides, sort order, pages, and how a page leads to the next.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};
use venue_common::{Error, Result};

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paged<T> {
    /// How many rows the whole listing has (not this page).
    #[serde(deserialize_with = "venue_common::serde_ext::int_or_string::deserialize")]
    pub count: u64,
    /// The rows of this page.
    #[serde(default = "Vec::new")]
    pub rows: Vec<T>,
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Paged {
            count: 0,
            rows: Vec::new(),
        }
    }
}

/// Splits one page of an offset listing into its rows and the request for the next page
/// (`at(request, offset, limit)`), or `None` after the last one: the rows are read from
/// `offset` (default 0) until the venue's `count`, a short page or an empty one; pages after
/// the first ask for `limit` rows, or the document's `max` when none was set. Offsets count
/// from the newest row under the default `DESC` order, so a row that arrives while a stream
/// is read shifts the rest by one (`Sort::Asc` walks a stable order).
pub(crate) fn offset_page<R: Clone, T>(
    request: &R,
    (offset, limit, max): (Option<u64>, Option<u32>, u32),
    page: Paged<T>,
    at: impl FnOnce(R, u64, u32) -> R,
) -> Result<(Vec<T>, Option<R>)> {
    let n = page.rows.len() as u64;
    let next = offset.unwrap_or(0).saturating_add(n);
    let short = limit.is_some_and(|l| n < u64::from(l));
    let more = n > 0 && !short && next < page.count;
    let next = more.then(|| at(request.clone(), next, limit.unwrap_or(max)));
    Ok((page.rows, next))
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

/// Writes an optional decimal as a JSON number with its exact digits, or `null`: what
/// `venue_common::serde_ext::decimal_number` does for a plain one (venue-common has no
/// optional variant).
pub(crate) fn decimal_number_opt<S: Serializer>(
    value: &Option<Decimal>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match value {
        Some(v) => venue_common::serde_ext::decimal_number::serialize(v, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rows: usize, count: u64) -> Paged<u8> {
        Paged {
            count,
            rows: vec![0; rows],
        }
    }

    #[test]
    fn a_listing_pages_until_count_short_or_empty() {
        #[derive(Clone, Debug, PartialEq)]
        struct R(u64, u32);
        let step = |r: R, limit: Option<u32>, rows: usize, count: u64| {
            offset_page(&r, (Some(r.0), limit, 100), page(rows, count), |_, o, l| {
                R(o, l)
            })
            .unwrap()
            .1
        };
        assert_eq!(
            step(R(0, 2), Some(2), 2, 3),
            Some(R(2, 2)),
            "full page, more to come"
        );
        assert_eq!(step(R(2, 2), Some(2), 1, 3), None, "the count is reached");
        assert_eq!(
            step(R(0, 5), Some(5), 3, 99),
            None,
            "a short page is the last"
        );
        assert_eq!(
            step(R(0, 5), Some(5), 0, 99),
            None,
            "an empty page is the last"
        );
        assert_eq!(
            step(R(0, 0), None, 10, 95),
            Some(R(10, 100)),
            "then the document's max"
        );
    }
}

//! List answers (`{"count", "items"}`) and how list requests page: by `offset`, `limit` rows at
//! a time, until a short or empty page or the venue's `count` is reached.

use serde::{Deserialize, Deserializer};
use venue_common::{PagedRequest, Result};

use crate::*;

/// The page size a list request sends unless told otherwise: the venue requires `limit`, and
/// the document's examples use 10.
pub const DEFAULT_LIMIT: u64 = 10;

/// A page of a list answer: `count` is the venue's total of matching items.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
#[non_exhaustive]
pub struct ListPage<T> {
    /// Total matching items (all pages).
    #[serde(
        default,
        deserialize_with = "venue_common::serde_ext::int_or_string::deserialize"
    )]
    pub count: u64,
    /// The items of this page (`null` reads as empty).
    #[serde(default = "Vec::new", deserialize_with = "null_as_empty")]
    pub items: Vec<T>,
}

/// `null` as an empty list (the venue sends it for an empty page and for absent sub-lists).
pub(crate) fn null_as_empty<'de, D, T>(d: D) -> std::result::Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// The offset of the page after one of `rows` rows read at `offset`, unless that was the last:
/// shorter than `limit`, empty, or reaching the venue's `count`. Rows are not de-duplicated:
/// a row the venue adds while a stream runs can push one already read onto the next page.
fn next_offset(offset: Option<u64>, limit: u64, rows: usize, count: u64) -> Option<u64> {
    let rows = rows as u64;
    let next = offset.unwrap_or(0) + rows;
    (rows > 0 && rows >= limit && next < count).then_some(next)
}

/// `PagedRequest` for list requests (generated, with `limit` and `offset` fields). A macro
/// because the trait and the requests are both foreign to a blanket impl here.
macro_rules! offset_paged {
    ($($request:ident => $item:ident),+ $(,)?) => {$(
        impl PagedRequest for $request {
            type Item = $item;

            fn next_page(&self, page: ListPage<$item>) -> Result<(Vec<$item>, Option<Self>)> {
                let next = next_offset(self.offset, self.limit, page.items.len(), page.count)
                    .map(|offset| self.clone().offset(offset));
                Ok((page.items, next))
            }
        }
    )+};
}

offset_paged! {
    AccountFlowsRequest => AccountFlow,
    AccountTransferRecordsRequest => FundRecord,
    AccountListRequest => Account,
    DmaBillsRequest => DmaBill,
    ExchangeTradingFeeRateRequest => ExchangeTradingFees,
    LoanBillsRequest => LoanBill,
    MarginRecordsRequest => MarginRecord,
    OrderOperationsRequest => Operation,
    OrderListRequest => Order,
    RcuListRequest => Rcu,
}

#[cfg(test)]
mod tests {
    use super::next_offset;

    #[test]
    fn paging_stops_at_a_short_page_an_empty_page_or_the_count() {
        assert_eq!(next_offset(None, 2, 2, 7), Some(2));
        assert_eq!(next_offset(Some(4), 2, 2, 7), Some(6));
        assert_eq!(next_offset(Some(6), 2, 1, 7), None, "short page");
        assert_eq!(next_offset(Some(4), 2, 2, 6), None, "count reached");
        assert_eq!(next_offset(Some(0), 2, 0, 7), None, "empty page");
    }
}

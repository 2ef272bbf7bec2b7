//! The answer envelope and the venue's enumerations.
//!
//! Every successful CoinFLEX answer is `{"event", "timestamp", "accountId", "data"}`; numbers
//! come as strings (some answers send `timestamp` as a number), and every enumeration below
//! keeps values it does not know in an `Other` arm, so a new venue value never breaks decoding.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use venue_common::serde_ext;

/// A successful answer: what happened, when, for which account, and its data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<T> {
    /// The venue's name for the operation (`borrow`, `borrowHistory`, ...).
    pub event: String,
    /// When the venue answered (sent as milliseconds, as a string or a number).
    #[serde(with = "serde_ext::ts_millis")]
    pub timestamp: DateTime<Utc>,
    /// The account the API key belongs to.
    #[serde(with = "serde_ext::string_or_number")]
    pub account_id: String,
    /// The operation's data.
    pub data: T,
}

venue_common::open_enum! {
    /// Side of an order.
    #[non_exhaustive]
    pub enum Side: str {
        /// Buy.
        Buy = "BUY",
        /// Sell.
        Sell = "SELL",
    }
}

venue_common::open_enum! {
    /// Status of an order (the close-borrow order).
    #[non_exhaustive]
    pub enum OrderStatus: str {
        /// Resting on the book.
        Open = "OPEN",
        /// Partly filled.
        PartialFill = "PARTIAL_FILL",
        /// Completely filled.
        Filled = "FILLED",
        /// Cancelled by the user.
        CanceledByUser = "CANCELED_BY_USER",
        /// Fill-or-kill order that could not fill completely.
        CanceledByFok = "CANCELED_BY_FOK",
        /// Immediate-or-cancel order's unfilled rest.
        CanceledByIoc = "CANCELED_BY_IOC",
        /// Cancelled because it would have rested as maker only.
        CanceledByMakerOnly = "CANCELED_BY_MAKER_ONLY",
        /// Cancelled by the venue for lack of margin.
        CanceledAll = "CANCELED_ALL",
    }
}

venue_common::open_enum! {
    /// How long an order stays working.
    #[non_exhaustive]
    pub enum TimeInForce: str {
        /// Good till cancelled.
        Gtc = "GTC",
        /// Immediate or cancel.
        Ioc = "IOC",
        /// Fill or kill.
        Fok = "FOK",
        /// Maker only (post only).
        MakerOnly = "MAKER_ONLY",
        /// Maker only, re-priced instead of rejected.
        MakerOnlyReprice = "MAKER_ONLY_REPRICE",
    }
}

venue_common::open_enum! {
    /// Type of an order.
    #[non_exhaustive]
    pub enum OrderType: str {
        /// Limit order.
        Limit = "LIMIT",
        /// Market order.
        Market = "MARKET",
        /// Stop order.
        Stop = "STOP",
    }
}

venue_common::open_enum! {
    /// What happened to an order. The document spells one value `OrderOpend`; both spellings
    /// decode to [`Notice::OrderOpened`].
    #[non_exhaustive]
    pub enum Notice: str {
        /// The order was closed (cancelled or done).
        OrderClosed = "OrderClosed",
        /// The order matched (filled, at least in part).
        OrderMatched = "OrderMatched",
        /// The order opened on the book.
        OrderOpened = "OrderOpened" | "OrderOpend",
    }
}

venue_common::open_enum! {
    /// How a borrowing's interest is set.
    #[non_exhaustive]
    pub enum RateType: str {
        /// Floating rate.
        FloatingRate = "FLOATING_RATE",
        /// Fixed rate.
        FixedRate = "FIXED_RATE",
    }
}

venue_common::open_enum! {
    /// Outcome of a borrow or repay. The table spells `CANCELLED`, a documented sample
    /// `CANCELED`; both decode to [`BorrowStatus::Cancelled`].
    #[non_exhaustive]
    pub enum BorrowStatus: str {
        /// Done in full.
        Completed = "COMPLETED",
        /// Done in part (see the `nonCollateralizedAmount` / `nonRegainedAmount`).
        Partial = "PARTIAL",
        /// Not done.
        Cancelled = "CANCELLED" | "CANCELED",
    }
}

venue_common::open_enum! {
    /// Status of an outstanding borrowing in the summary.
    #[non_exhaustive]
    pub enum SummaryStatus: str {
        /// Outstanding.
        ToBeRepaid = "To be repaid",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_keep_unknown_values_and_aliases() {
        let s: BorrowStatus = serde_json::from_str("\"CANCELED\"").unwrap();
        assert_eq!(s, BorrowStatus::Cancelled);
        let s: BorrowStatus = serde_json::from_str("\"PENDING\"").unwrap();
        assert_eq!(s, BorrowStatus::Other("PENDING".into()));
        assert_eq!(s.to_string(), "PENDING");
        assert_eq!(Notice::from("OrderOpend"), Notice::OrderOpened);
        assert_eq!(serde_json::to_string(&Side::Sell).unwrap(), "\"SELL\"");
    }
}

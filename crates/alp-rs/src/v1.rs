//! HTTP API v1: currencies, pairs, tickers, charts, wallets, orders, exchanges (trades),
//! deposits and withdraws: the models and enums, the checks the document states, and paging.
//!
//! Reached through [`crate::Client::v1`], whose methods (one per endpoint, named after its
//! spec id) are generated; so are the requests (`CreateOrderRequest`, ...). Private calls are
//! signed with `X-KEY`, `X-SIGN` and `X-NONCE` (see [`crate::auth`]). Amounts and prices are
//! exact [`Decimal`]s whether the venue sends them as numbers or as strings; times are UNIX
//! seconds with fractions, except the single order's `date`, which is in milliseconds.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use venue_common::api::{Context, PagedRequest, WireValue};
use venue_common::serde_ext::{decimal, decimal_opt, ts_millis, ts_seconds};
use venue_common::{Error, Result};

use crate::Client;
use crate::generated::requests::{
    ChartsRequest, CreateOrderRequest, ExchangesRequest, OwnExchangesRequest,
};

/// The v1 API of a [`Client`]: its methods (one per endpoint) are generated from the spec.
#[derive(Debug, Clone, Copy)]
pub struct V1<'a>(pub(crate) &'a Client);

impl AsRef<Client> for V1<'_> {
    fn as_ref(&self) -> &Client {
        self.0
    }
}

venue_common::open_enum! {
    /// Side of a v1 order or trade.
    pub enum Side: str {
        /// `buy`.
        Buy = "buy",
        /// `sell`.
        Sell = "sell",
    }
}

venue_common::open_enum! {
    /// Status of a v1 order. The venue sends it as an integer in lists and as a string in the
    /// single-order answer; both decode to this type.
    pub enum OrderStatus: str {
        /// `1`: in the queue for execution.
        Active = "1",
        /// `2`: cancelled, permanently inactive.
        Canceled = "2",
        /// `3`: fully executed.
        Done = "3",
    }
}

venue_common::open_enum! {
    /// Status of a withdraw.
    pub enum WithdrawStatus: str {
        /// `10`: created, verification needed.
        New = "10",
        /// `20`: verified, waiting for approval.
        Verified = "20",
        /// `30`: approved by a moderator.
        Approved = "30",
        /// `40`: refused by a moderator.
        Refused = "40",
        /// `50`: cancelled by the user.
        Canceled = "50",
    }
}

venue_common::open_enum! {
    /// Candle width of the charts.
    pub enum Timeframe: str {
        /// 5 minutes.
        M5 = "5",
        /// 15 minutes.
        M15 = "15",
        /// 30 minutes.
        M30 = "30",
        /// 1 hour.
        H1 = "60",
        /// 4 hours.
        H4 = "240",
        /// 1 day.
        D1 = "D",
    }
}

venue_common::open_enum! {
    /// Ordering of exchange lists.
    pub enum Ordering: str {
        /// `id`: ascending.
        Ascending = "id",
        /// `-id`: descending (the default).
        Descending = "-id",
    }
}

/// A currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Currency {
    /// Display sign (`Ƀ`).
    pub sign: String,
    /// Ticker (`BTC`).
    pub short_name: String,
}

/// A trading pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pair {
    /// Symbol (`BTC_USD`).
    pub name: String,
    /// Base currency.
    pub currency1: String,
    /// Quote currency.
    pub currency2: String,
    /// Decimal places allowed in a price.
    pub price_precision: u32,
    /// Decimal places allowed in an amount.
    pub amount_precision: u32,
    /// Largest order amount.
    #[serde(with = "decimal")]
    pub maximum_order_size: Decimal,
    /// Smallest order amount.
    #[serde(with = "decimal")]
    pub minimum_order_size: Decimal,
    /// The venue's liquidity type code.
    #[serde(default)]
    pub liquidity_type: Option<i64>,
}

/// Last price changes of a pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticker {
    /// Time of the figures.
    #[serde(with = "ts_seconds")]
    pub timestamp: DateTime<Utc>,
    /// Pair symbol.
    pub pair: String,
    /// Last price.
    #[serde(with = "decimal")]
    pub last: Decimal,
    /// Change over 24 hours.
    #[serde(with = "decimal")]
    pub diff: Decimal,
    /// Volume over 24 hours.
    #[serde(with = "decimal")]
    pub vol: Decimal,
    /// Highest price over 24 hours.
    #[serde(with = "decimal")]
    pub high: Decimal,
    /// Lowest price over 24 hours.
    #[serde(with = "decimal")]
    pub low: Decimal,
    /// Best bid (absent when the book has none).
    #[serde(default, with = "decimal_opt")]
    pub buy: Option<Decimal>,
    /// Best ask (absent when the book has none).
    #[serde(default, with = "decimal_opt")]
    pub sell: Option<Decimal>,
}

/// One candle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candle {
    /// Opening time.
    #[serde(with = "ts_seconds")]
    pub time: DateTime<Utc>,
    /// Open.
    #[serde(with = "decimal")]
    pub open: Decimal,
    /// High.
    #[serde(with = "decimal")]
    pub high: Decimal,
    /// Low.
    #[serde(with = "decimal")]
    pub low: Decimal,
    /// Close.
    #[serde(with = "decimal")]
    pub close: Decimal,
    /// Volume.
    #[serde(with = "decimal")]
    pub volume: Decimal,
}

/// A wallet of the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wallet {
    /// Currency.
    pub currency: String,
    /// Balance (available funds).
    #[serde(with = "decimal")]
    pub balance: Decimal,
    /// Funds held by open orders.
    #[serde(with = "decimal")]
    pub reserve: Decimal,
}

/// A price level of the order book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    /// Price.
    #[serde(with = "decimal")]
    pub price: Decimal,
    /// Amount at that price.
    #[serde(with = "decimal")]
    pub amount: Decimal,
}

/// The order book of active orders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderBook {
    /// Sell orders (asks).
    #[serde(default)]
    pub sell: Vec<Level>,
    /// Buy orders (bids).
    #[serde(default)]
    pub buy: Vec<Level>,
}

/// An order of the account, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// Order id.
    pub id: u64,
    /// Pair.
    pub pair: String,
    /// Side.
    #[serde(rename = "type")]
    pub side: Side,
    /// Status (an integer here).
    pub status: OrderStatus,
    /// Price.
    #[serde(with = "decimal")]
    pub price: Decimal,
    /// Amount.
    #[serde(with = "decimal")]
    pub amount: Decimal,
}

/// One order in detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    /// Order id.
    pub id: u64,
    /// Creation time (milliseconds in this answer).
    #[serde(with = "ts_millis")]
    pub date: DateTime<Utc>,
    /// Pair.
    pub pair: String,
    /// Side.
    #[serde(rename = "type")]
    pub side: Side,
    /// Price.
    #[serde(with = "decimal")]
    pub price: Decimal,
    /// Amount left.
    #[serde(with = "decimal")]
    pub amount: Decimal,
    /// Amount filled (a string in the venue's answer).
    #[serde(with = "decimal")]
    pub amount_filled: Decimal,
    /// Amount at creation.
    #[serde(with = "decimal")]
    pub amount_original: Decimal,
    /// Status (a string here).
    pub status: OrderStatus,
}

/// A trade made by a new order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderTrade {
    /// Side of the matched (resting) order.
    #[serde(rename = "type")]
    pub side: Side,
    /// Price.
    #[serde(with = "decimal")]
    pub price: Decimal,
    /// The matched order's id.
    pub o_id: u64,
    /// Amount traded.
    #[serde(with = "decimal")]
    pub amount: Decimal,
    /// Trade id.
    pub tid: u64,
}

/// The answer to a new order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedOrder {
    /// Whether the order was accepted.
    pub success: bool,
    /// Side.
    #[serde(rename = "type")]
    pub side: Side,
    /// Time of creation.
    #[serde(with = "ts_seconds")]
    pub date: DateTime<Utc>,
    /// The new order's id.
    pub oid: u64,
    /// Price.
    #[serde(with = "decimal")]
    pub price: Decimal,
    /// Amount left resting after the immediate trades.
    #[serde(with = "decimal")]
    pub amount: Decimal,
    /// Trades made at once.
    #[serde(default)]
    pub trades: Vec<OrderTrade>,
}

/// The answer to a cancel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelledOrder {
    /// The cancelled order's id.
    pub order: u64,
}

/// A trade (an "exchange").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    /// Trade id.
    pub id: u64,
    /// Account of the order that was matched.
    #[serde(default)]
    pub account_id: Option<u64>,
    /// Price.
    #[serde(with = "decimal")]
    pub price: Decimal,
    /// Pair.
    pub pair: String,
    /// Side.
    #[serde(rename = "type")]
    pub side: Side,
    /// Time.
    #[serde(with = "ts_seconds")]
    pub timestamp: DateTime<Utc>,
    /// Amount.
    #[serde(with = "decimal")]
    pub amount: Decimal,
}

/// A deposit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deposit {
    /// Time.
    #[serde(with = "ts_seconds")]
    pub timestamp: DateTime<Utc>,
    /// Deposit id.
    pub id: u64,
    /// Currency.
    pub currency: String,
    /// Amount.
    #[serde(with = "decimal")]
    pub amount: Decimal,
}

/// A withdraw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdraw {
    /// Withdraw id.
    pub id: u64,
    /// Time.
    #[serde(with = "ts_seconds")]
    pub timestamp: DateTime<Utc>,
    /// Currency.
    pub currency: String,
    /// Amount.
    #[serde(with = "decimal")]
    pub amount: Decimal,
    /// Status.
    pub status: WithdrawStatus,
}

/// `group` goes as `1` or `0`, as the document writes it.
pub(crate) fn flag(on: &bool) -> WireValue<'static> {
    WireValue::Number(Cow::Borrowed(if *on { "1" } else { "0" }))
}

pub(crate) fn check_charts(r: &ChartsRequest, _: &Context) -> Result<()> {
    if let (Some(a), Some(b)) = (r.since, r.until)
        && a > b
    {
        return Err(Error::invalid("since", "must not be after `until`"));
    }
    Ok(())
}

pub(crate) fn check_create_order(r: &CreateOrderRequest, _: &Context) -> Result<()> {
    if !matches!(r.side, Side::Buy | Side::Sell) {
        return Err(Error::invalid("type", "must be `buy` or `sell`"));
    }
    if r.pair.trim().is_empty() {
        return Err(Error::invalid("pair", "must not be empty"));
    }
    if r.amount <= Decimal::ZERO {
        return Err(Error::invalid("amount", "must be greater than 0"));
    }
    if r.price <= Decimal::ZERO {
        return Err(Error::invalid("price", "must be greater than 0"));
    }
    Ok(())
}

/// The next offset of a `limit`/`offset` list after a page of `got` items, if there may be
/// more: a page shorter than the limit (the venue's default is 100) is the last.
fn next_offset(limit: Option<u32>, offset: Option<u64>, got: usize) -> Option<u64> {
    let full = got > 0 && got >= limit.unwrap_or(100).max(1) as usize;
    full.then(|| offset.unwrap_or(0) + got as u64)
}

/// Pages by `limit`/`offset` (the venue's default page is 100), from `offset` on. With the
/// default `-id` ordering a trade that arrives mid-walk shifts the pages (a row may repeat);
/// `ordering(Ordering::Ascending)` keeps the walk stable.
impl PagedRequest for ExchangesRequest {
    type Item = Exchange;
    fn next_page(&self, page: Vec<Exchange>) -> Result<(Vec<Exchange>, Option<Self>)> {
        let next = next_offset(self.limit, self.offset, page.len());
        Ok((page, next.map(|o| self.clone().offset(o))))
    }
}

/// Pages by `limit`/`offset` (the venue's default page is 100), from `offset` on. With the
/// default `-id` ordering a trade that arrives mid-walk shifts the pages (a row may repeat);
/// `ordering(Ordering::Ascending)` keeps the walk stable.
impl PagedRequest for OwnExchangesRequest {
    type Item = Exchange;
    fn next_page(&self, page: Vec<Exchange>) -> Result<(Vec<Exchange>, Option<Self>)> {
        let next = next_offset(self.limit, self.offset, page.len());
        Ok((page, next.map(|o| self.clone().offset(o))))
    }
}

#[cfg(test)]
mod tests {
    venue_common::open_enum! {
        /// Test enum.
        enum Demo: str {
            /// a
            A = "a",
            /// 1
            One = "1",
        }
    }

    #[test]
    fn open_arm_keeps_unknown_values() {
        let v: Vec<Demo> = serde_json::from_str(r#"["a", 1, "1", "zz", 7]"#).unwrap();
        assert_eq!(
            v,
            vec![
                Demo::A,
                Demo::One,
                Demo::One,
                Demo::Other("zz".into()),
                Demo::Other("7".into())
            ]
        );
        assert_eq!(serde_json::to_string(&Demo::One).unwrap(), r#""1""#);
        assert_eq!(Demo::Other("x".into()).to_string(), "x");
        assert!(serde_json::from_str::<Demo>("[1]").is_err());
    }
}

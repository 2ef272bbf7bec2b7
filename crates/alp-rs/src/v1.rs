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
use venue_common::serde_ext::decimal_opt;
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
    #[serde(default, with = "crate::lenient::null_default")]
    pub sign: String,
    /// Ticker (`BTC`).
    #[serde(default, with = "crate::lenient::null_default")]
    pub short_name: String,
}

/// A trading pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pair {
    /// Symbol (`BTC_USD`).
    #[serde(default, with = "crate::lenient::null_default")]
    pub name: String,
    /// Base currency.
    #[serde(default, with = "crate::lenient::null_default")]
    pub currency1: String,
    /// Quote currency.
    #[serde(default, with = "crate::lenient::null_default")]
    pub currency2: String,
    /// Decimal places allowed in a price.
    #[serde(default, with = "venue_common::serde_ext::int_or_string_opt")]
    pub price_precision: Option<u32>,
    /// Decimal places allowed in an amount.
    #[serde(default, with = "venue_common::serde_ext::int_or_string_opt")]
    pub amount_precision: Option<u32>,
    /// Largest order amount.
    #[serde(default, with = "decimal_opt")]
    pub maximum_order_size: Option<Decimal>,
    /// Smallest order amount.
    #[serde(default, with = "decimal_opt")]
    pub minimum_order_size: Option<Decimal>,
    /// Smallest order value in the quote currency (live answers carry it; ccxt's
    /// `btcalpha`, `fetchMarkets`).
    #[serde(default, with = "decimal_opt")]
    pub minimum_order_value: Option<Decimal>,
    /// The venue's liquidity type code.
    #[serde(default, with = "venue_common::serde_ext::int_or_string_opt")]
    pub liquidity_type: Option<i64>,
}

impl Pair {
    /// The pair named `name` in a `pairs()` answer (cache that answer and look pairs up in it
    /// for `.pair_info(..)`).
    pub fn find<'a>(pairs: &'a [Pair], name: &str) -> Option<&'a Pair> {
        pairs.iter().find(|p| p.name == name)
    }

    /// `price` rounded to the pair's price precision (to the nearest, a midpoint away from
    /// zero); unchanged when the precision is unknown.
    pub fn round_price(&self, price: Decimal) -> Decimal {
        round_to(
            price,
            self.price_precision,
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        )
    }

    /// `amount` rounded down to the pair's amount precision (never more than was meant);
    /// unchanged when the precision is unknown.
    pub fn round_amount(&self, amount: Decimal) -> Decimal {
        round_to(
            amount,
            self.amount_precision,
            rust_decimal::RoundingStrategy::ToZero,
        )
    }

    /// Refuses a price with more decimals than the pair allows (trailing zeros do not count).
    pub fn check_price(&self, name: &str, price: Decimal) -> Result<()> {
        check_places(name, price, self.price_precision)
    }

    /// Refuses an amount with more decimals than the pair allows (trailing zeros do not count).
    pub fn check_amount(&self, name: &str, amount: Decimal) -> Result<()> {
        check_places(name, amount, self.amount_precision)
    }
}

fn round_to(d: Decimal, places: Option<u32>, how: rust_decimal::RoundingStrategy) -> Decimal {
    match places {
        Some(p) => d.round_dp_with_strategy(p, how).normalize(),
        None => d.normalize(),
    }
}

fn check_places(name: &str, d: Decimal, places: Option<u32>) -> Result<()> {
    match places {
        Some(p) if d.normalize().scale() > p => Err(Error::invalid(
            name,
            format!("has more than the pair's {p} decimal places"),
        )),
        _ => Ok(()),
    }
}

/// Last price changes of a pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticker {
    /// Time of the figures.
    #[serde(default, with = "crate::lenient::v1_time")]
    pub timestamp: Option<DateTime<Utc>>,
    /// Pair symbol.
    #[serde(default, with = "crate::lenient::null_default")]
    pub pair: String,
    /// Last price.
    #[serde(default, with = "decimal_opt")]
    pub last: Option<Decimal>,
    /// Change over 24 hours.
    #[serde(default, with = "decimal_opt")]
    pub diff: Option<Decimal>,
    /// Volume over 24 hours.
    #[serde(default, with = "decimal_opt")]
    pub vol: Option<Decimal>,
    /// Highest price over 24 hours.
    #[serde(default, with = "decimal_opt")]
    pub high: Option<Decimal>,
    /// Lowest price over 24 hours.
    #[serde(default, with = "decimal_opt")]
    pub low: Option<Decimal>,
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
    #[serde(default, with = "crate::lenient::v1_time")]
    pub time: Option<DateTime<Utc>>,
    /// Open.
    #[serde(default, with = "decimal_opt")]
    pub open: Option<Decimal>,
    /// High.
    #[serde(default, with = "decimal_opt")]
    pub high: Option<Decimal>,
    /// Low.
    #[serde(default, with = "decimal_opt")]
    pub low: Option<Decimal>,
    /// Close.
    #[serde(default, with = "decimal_opt")]
    pub close: Option<Decimal>,
    /// Volume.
    #[serde(default, with = "decimal_opt")]
    pub volume: Option<Decimal>,
}

/// A wallet of the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wallet {
    /// Currency.
    #[serde(default, with = "crate::lenient::null_default")]
    pub currency: String,
    /// Balance (available funds).
    #[serde(default, with = "decimal_opt")]
    pub balance: Option<Decimal>,
    /// Funds held by open orders.
    #[serde(default, with = "decimal_opt")]
    pub reserve: Option<Decimal>,
}

/// A price level of the order book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    /// Price.
    #[serde(default, with = "decimal_opt")]
    pub price: Option<Decimal>,
    /// Amount at that price.
    #[serde(default, with = "decimal_opt")]
    pub amount: Option<Decimal>,
}

/// The order book of active orders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderBook {
    /// Sell orders (asks).
    #[serde(default, with = "crate::lenient::null_default")]
    pub sell: Vec<Level>,
    /// Buy orders (bids).
    #[serde(default, with = "crate::lenient::null_default")]
    pub buy: Vec<Level>,
}

/// An order of the account, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// Order id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// Pair.
    #[serde(default, with = "crate::lenient::null_default")]
    pub pair: String,
    /// Side.
    #[serde(rename = "type", default)]
    pub side: Option<Side>,
    /// Status (an integer here).
    #[serde(default)]
    pub status: Option<OrderStatus>,
    /// Price.
    #[serde(default, with = "decimal_opt")]
    pub price: Option<Decimal>,
    /// Amount.
    #[serde(default, with = "decimal_opt")]
    pub amount: Option<Decimal>,
}

/// One order in detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    /// Order id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// Creation time (milliseconds in this answer).
    #[serde(default, with = "crate::lenient::v1_time")]
    pub date: Option<DateTime<Utc>>,
    /// Pair.
    #[serde(default, with = "crate::lenient::null_default")]
    pub pair: String,
    /// Side.
    #[serde(rename = "type", default)]
    pub side: Option<Side>,
    /// Price.
    #[serde(default, with = "decimal_opt")]
    pub price: Option<Decimal>,
    /// Amount left.
    #[serde(default, with = "decimal_opt")]
    pub amount: Option<Decimal>,
    /// Amount filled (a string in the venue's answer).
    #[serde(default, with = "decimal_opt")]
    pub amount_filled: Option<Decimal>,
    /// Amount at creation.
    #[serde(default, with = "decimal_opt")]
    pub amount_original: Option<Decimal>,
    /// Status (a string here).
    #[serde(default)]
    pub status: Option<OrderStatus>,
}

/// A trade made by a new order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderTrade {
    /// Side of the matched (resting) order.
    #[serde(rename = "type", default)]
    pub side: Option<Side>,
    /// Price.
    #[serde(default, with = "decimal_opt")]
    pub price: Option<Decimal>,
    /// The matched order's id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub o_id: u64,
    /// Amount traded.
    #[serde(default, with = "decimal_opt")]
    pub amount: Option<Decimal>,
    /// Trade id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub tid: u64,
}

/// The answer to a new order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedOrder {
    /// Whether the order was accepted.
    #[serde(default)]
    pub success: Option<bool>,
    /// Side.
    #[serde(rename = "type", default)]
    pub side: Option<Side>,
    /// Time of creation.
    #[serde(default, with = "crate::lenient::v1_time")]
    pub date: Option<DateTime<Utc>>,
    /// The new order's id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub oid: u64,
    /// Price.
    #[serde(default, with = "decimal_opt")]
    pub price: Option<Decimal>,
    /// Amount left resting after the immediate trades.
    #[serde(default, with = "decimal_opt")]
    pub amount: Option<Decimal>,
    /// Trades made at once.
    #[serde(default, with = "crate::lenient::null_default")]
    pub trades: Vec<OrderTrade>,
}

/// The answer to a cancel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelledOrder {
    /// The cancelled order's id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub order: u64,
}

/// A trade (an "exchange").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    /// Trade id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// Account of the order that was matched.
    #[serde(default, with = "venue_common::serde_ext::int_or_string_opt")]
    pub account_id: Option<u64>,
    /// Price.
    #[serde(default, with = "decimal_opt")]
    pub price: Option<Decimal>,
    /// Pair.
    #[serde(default, with = "crate::lenient::null_default")]
    pub pair: String,
    /// Side.
    #[serde(rename = "type", default)]
    pub side: Option<Side>,
    /// Time.
    #[serde(default, with = "crate::lenient::v1_time")]
    pub timestamp: Option<DateTime<Utc>>,
    /// Amount.
    #[serde(default, with = "decimal_opt")]
    pub amount: Option<Decimal>,
    /// The account's own side (own trades of the live venue carry it; ccxt's `btcalpha`
    /// reads it before `type`).
    #[serde(default)]
    pub my_side: Option<Side>,
}

/// A deposit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deposit {
    /// Time.
    #[serde(default, with = "crate::lenient::v1_time")]
    pub timestamp: Option<DateTime<Utc>>,
    /// Deposit id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// Currency.
    #[serde(default, with = "crate::lenient::null_default")]
    pub currency: String,
    /// Amount.
    #[serde(default, with = "decimal_opt")]
    pub amount: Option<Decimal>,
}

/// A withdraw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdraw {
    /// Withdraw id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// Time.
    #[serde(default, with = "crate::lenient::v1_time")]
    pub timestamp: Option<DateTime<Utc>>,
    /// Currency.
    #[serde(default, with = "crate::lenient::null_default")]
    pub currency: String,
    /// Amount.
    #[serde(default, with = "decimal_opt")]
    pub amount: Option<Decimal>,
    /// Status.
    #[serde(default)]
    pub status: Option<WithdrawStatus>,
}

/// `GET /v1/ticker/`: a list, or, when a `pair` was given, the one ticker object the live venue
/// answers then (ccxt's recorded answers, `ts/src/test/static/response/btcalpha.json`).
pub(crate) fn decode_ticker(
    resp: venue_common::Response,
    _: &venue_common::api::DecodeContext<'_>,
) -> Result<Vec<Ticker>> {
    let first = resp.body.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        crate::client::json::<Ticker>(resp).map(|t| vec![t])
    } else {
        crate::client::json(resp)
    }
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
    if let Some(pair) = &r.pair_info {
        pair.check_price("price", r.price)?;
        pair.check_amount("amount", r.amount)?;
    }
    Ok(())
}

/// The next offset of a `limit`/`offset` list after a page of `got` items, if there may be
/// more: a page shorter than the limit (the venue's default is 100) is the last.
fn next_offset(limit: Option<u32>, offset: Option<u64>, got: usize) -> Option<u64> {
    let full = got > 0 && got >= limit.unwrap_or(100).max(1) as usize;
    full.then(|| offset.unwrap_or(0) + got as u64)
}

/// One page of a trade walk: the rows not yet yielded and the edge for the next page.
///
/// The venue sorts trades newest first by default (`-id`), so a trade that arrives mid-walk
/// pushes every row one offset further and the next page starts with a row already seen.
/// Rows are therefore de-duplicated by id: with `-id` every later row has a smaller id than
/// the last page's smallest, with `id` a larger id than its largest.
fn dedupe(
    page: Vec<Exchange>,
    ordering: Option<&Ordering>,
    edge: Option<u64>,
) -> (Vec<Exchange>, Option<u64>) {
    let ascending = matches!(ordering, Some(Ordering::Ascending));
    let next_edge = if ascending {
        page.iter().map(|e| e.id).max()
    } else {
        page.iter().map(|e| e.id).min()
    }
    .or(edge);
    let kept = page
        .into_iter()
        .filter(|e| match edge {
            Some(edge) if ascending => e.id > edge,
            Some(edge) => e.id < edge,
            None => true,
        })
        .collect();
    (kept, next_edge)
}

/// Pages by `limit`/`offset` (the venue's default page is 100), from `offset` on; a row that
/// a new trade shifted onto the next page is yielded once (rows are de-duplicated by id, see
/// the `seen_edge` field). `ordering(Ordering::Ascending)` pages in a stable order.
impl PagedRequest for ExchangesRequest {
    type Item = Exchange;
    fn next_page(&self, page: Vec<Exchange>) -> Result<(Vec<Exchange>, Option<Self>)> {
        let next = next_offset(self.limit, self.offset, page.len());
        let (kept, edge) = dedupe(page, self.ordering.as_ref(), self.seen_edge);
        let next = next.map(|o| {
            let mut r = self.clone().offset(o);
            r.seen_edge = edge;
            r
        });
        Ok((kept, next))
    }
}

/// Pages like [`ExchangesRequest`]: by `limit`/`offset`, de-duplicated by id.
impl PagedRequest for OwnExchangesRequest {
    type Item = Exchange;
    fn next_page(&self, page: Vec<Exchange>) -> Result<(Vec<Exchange>, Option<Self>)> {
        let next = next_offset(self.limit, self.offset, page.len());
        let (kept, edge) = dedupe(page, self.ordering.as_ref(), self.seen_edge);
        let next = next.map(|o| {
            let mut r = self.clone().offset(o);
            r.seen_edge = edge;
            r
        });
        Ok((kept, next))
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

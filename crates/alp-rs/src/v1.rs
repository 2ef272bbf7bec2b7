//! HTTP API v1: currencies, pairs, tickers, charts, wallets, orders, exchanges (trades),
//! deposits and withdraws.
//!
//! Reached through [`crate::Client::v1`]. Private calls are signed with `X-KEY`, `X-SIGN` and
//! `X-NONCE` (see [`crate::auth`]). Amounts and prices are exact [`Decimal`]s whether the venue
//! sends them as numbers or as strings; times are UNIX seconds with fractions, except the
//! single order's `date`, which is in milliseconds.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use venue_common::serde_ext::{decimal, decimal_opt, ts_millis, ts_seconds};
use venue_common::sign::{SpaceStyle, encode_sorted_query};
use venue_common::{Error, Request, Response, Result};

use crate::client::{Call, Client, Pending, setters};
use crate::generated::endpoints as ep;
use crate::types::open_enum;

open_enum!(
    /// Side of a v1 order or trade.
    Side { Buy = "buy", Sell = "sell" }
);

open_enum!(
    /// Status of a v1 order. The venue sends it as an integer in lists and as a string in the
    /// single-order answer; both decode to this type.
    OrderStatus {
        /// `1`: in the queue for execution.
        Active = "1",
        /// `2`: cancelled, permanently inactive.
        Canceled = "2",
        /// `3`: fully executed.
        Done = "3",
    }
);

open_enum!(
    /// Status of a withdraw.
    WithdrawStatus {
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
);

open_enum!(
    /// Candle width of the charts.
    Timeframe {
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
);

open_enum!(
    /// Ordering of exchange lists.
    Ordering {
        /// `id`: ascending.
        Ascending = "id",
        /// `-id`: descending (the default).
        Descending = "-id",
    }
);

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

fn json<T: serde::de::DeserializeOwned>(resp: &Response) -> Result<T> {
    resp.json()
}

fn positive(param: &str, value: Option<u32>) -> Result<()> {
    if value == Some(0) {
        return Err(Error::invalid(param, "must be at least 1"));
    }
    Ok(())
}

fn not_blank(param: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(param, "must not be empty"));
    }
    Ok(())
}

macro_rules! call {
    ($ty:ident => $out:ty, |$s:ident| $build:expr) => {
        impl Call for $ty {
            type Output = $out;
            fn to_request(&self) -> Result<Request> {
                let $s = self;
                $build
            }
            fn decode(response: &Response) -> Result<$out> {
                json(response)
            }
        }
    };
}

/// `GET /v1/currencies/`: every currency.
#[derive(Debug, Clone, Default)]
pub struct Currencies;
call!(Currencies => Vec<Currency>, |_s| Ok(ep::CURRENCIES.request()));

/// `GET /v1/pairs/`: every pair, optionally filtered.
#[derive(Debug, Clone, Default)]
pub struct Pairs {
    /// Filter by first currency.
    pub currency1: Option<String>,
    /// Filter by second currency.
    pub currency2: Option<String>,
}
setters!(Pairs {
    /// Only pairs whose first currency is this.
    currency1: String,
    /// Only pairs whose second currency is this.
    currency2: String,
});
call!(Pairs => Vec<Pair>, |s| Ok(ep::PAIRS
    .request()
    .query_opt("currency1", s.currency1.as_ref())
    .query_opt("currency2", s.currency2.as_ref())));

/// `GET /v1/ticker/`: last price changes.
#[derive(Debug, Clone, Default)]
pub struct Tickers {
    /// Filter by pair.
    pub pair: Option<String>,
}
setters!(Tickers {
    /// Only this pair (e.g. `BTC_USD`).
    pair: String,
});
call!(Tickers => Vec<Ticker>, |s| Ok(ep::TICKER.request().query_opt("pair", s.pair.as_ref())));

/// `GET /charts/{pair}/{timeframe}/chart`: candles (outside `/v1`).
#[derive(Debug, Clone)]
pub struct Charts {
    /// Pair.
    pub pair: String,
    /// Candle width.
    pub timeframe: Timeframe,
    /// How many candles (venue default 720).
    pub limit: Option<u32>,
    /// From this time (UNIX seconds).
    pub since: Option<i64>,
    /// Until this time (UNIX seconds).
    pub until: Option<i64>,
}
impl Charts {
    /// Candles of `pair` at `timeframe`.
    pub fn new(pair: impl Into<String>, timeframe: Timeframe) -> Self {
        Charts {
            pair: pair.into(),
            timeframe,
            limit: None,
            since: None,
            until: None,
        }
    }
}
setters!(Charts {
    /// How many candles (at least 1; the venue's default is 720).
    limit: u32,
    /// From this UNIX time in seconds.
    since: i64,
    /// Until this UNIX time in seconds.
    until: i64,
});
call!(Charts => Vec<Candle>, |s| {
    positive("limit", s.limit)?;
    if let (Some(a), Some(b)) = (s.since, s.until)
        && a > b
    {
        return Err(Error::invalid("since", "must not be after `until`"));
    }
    let path = ep::CHARTS.path_with(&[("pair", &s.pair), ("timeframe", s.timeframe.as_str())])?;
    Ok(ep::CHARTS
        .request_to(path)
        .query_opt("limit", s.limit)
        .query_opt("since", s.since)
        .query_opt("until", s.until))
});

/// `GET /v1/wallets/`: the account's wallets (private).
#[derive(Debug, Clone, Default)]
pub struct Wallets {
    /// Filter by currency.
    pub currency_id: Option<String>,
}
setters!(Wallets {
    /// Only this currency.
    currency_id: String,
});
call!(Wallets => Vec<Wallet>, |s| Ok(ep::WALLETS
    .request()
    .query_opt("currency_id", s.currency_id.as_ref())));

/// `GET /v1/orderbook/{pair}`: the book of active orders.
#[derive(Debug, Clone)]
pub struct Orderbook {
    /// Pair.
    pub pair: String,
    /// How many sell orders.
    pub limit_sell: Option<u32>,
    /// How many buy orders.
    pub limit_buy: Option<u32>,
    /// Group orders by price.
    pub group: Option<bool>,
}
impl Orderbook {
    /// The book of `pair`.
    pub fn new(pair: impl Into<String>) -> Self {
        Orderbook {
            pair: pair.into(),
            limit_sell: None,
            limit_buy: None,
            group: None,
        }
    }
}
setters!(Orderbook {
    /// How many sell orders (the document's table name; its example says `limit_asks`).
    limit_sell: u32,
    /// How many buy orders (the document's table name; its example says `limit_bids`).
    limit_buy: u32,
    /// Group orders by price (`group=1`).
    group: bool,
});
call!(Orderbook => OrderBook, |s| {
    positive("limit_sell", s.limit_sell)?;
    positive("limit_buy", s.limit_buy)?;
    let path = ep::ORDERBOOK.path_with(&[("pair", &s.pair)])?;
    Ok(ep::ORDERBOOK
        .request_to(path)
        .query_opt("limit_sell", s.limit_sell)
        .query_opt("limit_buy", s.limit_buy)
        .query_opt("group", s.group.map(u8::from)))
});

/// `GET /v1/orders/own/`: the account's orders (private).
#[derive(Debug, Clone, Default)]
pub struct OwnOrders {
    /// Filter by side.
    pub side: Option<Side>,
    /// Filter by pair.
    pub pair: Option<String>,
    /// Filter by status.
    pub status: Option<OrderStatus>,
    /// How many (venue default 2000).
    pub limit: Option<u32>,
}
setters!(OwnOrders {
    /// Only this side (`type`).
    side: Side,
    /// Only this pair.
    pair: String,
    /// Only this status.
    status: OrderStatus,
    /// How many (at least 1).
    limit: u32,
});
call!(OwnOrders => Vec<Order>, |s| {
    positive("limit", s.limit)?;
    Ok(ep::OWN_ORDERS
        .request()
        .query_opt("type", s.side.as_ref())
        .query_opt("pair", s.pair.as_ref())
        .query_opt("status", s.status.as_ref())
        .query_opt("limit", s.limit))
});

/// `GET /v1/order/{pk}/`: one order (private: it is signed).
#[derive(Debug, Clone)]
pub struct GetOrder {
    /// Order id.
    pub id: u64,
}
call!(GetOrder => OrderDetail, |s| {
    if s.id == 0 {
        return Err(Error::invalid("pk", "must be a positive order id"));
    }
    let id = s.id.to_string();
    Ok(ep::ORDER.request_to(ep::ORDER.path_with(&[("pk", &id)])?))
});

/// `POST /v1/order/`: a new limit order (private). Never repeated automatically.
#[derive(Debug, Clone)]
pub struct CreateOrder {
    /// Side (`type`).
    pub side: Side,
    /// Pair.
    pub pair: String,
    /// Amount of the first currency.
    pub amount: Decimal,
    /// Price (limited to the pair's `price_precision`).
    pub price: Decimal,
}
impl CreateOrder {
    /// An order to `side` `amount` of `pair` at `price`.
    pub fn new(side: Side, pair: impl Into<String>, amount: Decimal, price: Decimal) -> Self {
        CreateOrder {
            side,
            pair: pair.into(),
            amount,
            price,
        }
    }

    /// The form fields, sorted and encoded as they are signed and sent.
    pub fn form(&self) -> String {
        encode_sorted_query(
            &[
                ("type", self.side.as_str().to_string()),
                ("pair", self.pair.clone()),
                ("amount", self.amount.to_string()),
                ("price", self.price.to_string()),
            ],
            SpaceStyle::Plus,
        )
    }
}
call!(CreateOrder => CreatedOrder, |s| {
    if !matches!(s.side, Side::Buy | Side::Sell) {
        return Err(Error::invalid("type", "must be `buy` or `sell`"));
    }
    not_blank("pair", &s.pair)?;
    if s.amount <= Decimal::ZERO {
        return Err(Error::invalid("amount", "must be greater than 0"));
    }
    if s.price <= Decimal::ZERO {
        return Err(Error::invalid("price", "must be greater than 0"));
    }
    Ok(ep::CREATE_ORDER
        .request()
        .body(s.form().into_bytes(), venue_common::request::FORM))
});

/// `POST /v1/order-cancel/`: cancels an active order (private).
#[derive(Debug, Clone)]
pub struct CancelOrder {
    /// Order id.
    pub order: u64,
}
call!(CancelOrder => CancelledOrder, |s| {
    if s.order == 0 {
        return Err(Error::invalid("order", "must be a positive order id"));
    }
    let form = encode_sorted_query(&[("order", s.order.to_string())], SpaceStyle::Plus);
    Ok(ep::CANCEL_ORDER
        .request()
        .body(form.into_bytes(), venue_common::request::FORM))
});

/// `GET /v1/exchanges/`: every trade, paged by `limit`/`offset`.
#[derive(Debug, Clone, Default)]
pub struct Exchanges {
    /// Filter by pair.
    pub pair: Option<String>,
    /// Page size (venue default 100).
    pub limit: Option<u32>,
    /// Records to skip.
    pub offset: Option<u64>,
    /// Sort order.
    pub ordering: Option<Ordering>,
}
setters!(Exchanges {
    /// Only this pair.
    pair: String,
    /// Page size (at least 1).
    limit: u32,
    /// Records to skip.
    offset: u64,
    /// Sort order (`id` or `-id`).
    ordering: Ordering,
});
call!(Exchanges => Vec<Exchange>, |s| {
    positive("limit", s.limit)?;
    Ok(ep::EXCHANGES
        .request()
        .query_opt("pair", s.pair.as_ref())
        .query_opt("limit", s.limit)
        .query_opt("offset", s.offset)
        .query_opt("ordering", s.ordering.as_ref()))
});

/// `GET /v1/exchanges/own/`: the account's trades (private), paged by `limit`/`offset`.
#[derive(Debug, Clone, Default)]
pub struct OwnExchanges {
    /// Filter by side.
    pub side: Option<Side>,
    /// Filter by pair.
    pub pair: Option<String>,
    /// Page size (venue default 100).
    pub limit: Option<u32>,
    /// Records to skip.
    pub offset: Option<u64>,
    /// Sort order.
    pub ordering: Option<Ordering>,
}
setters!(OwnExchanges {
    /// Only this side (`type`).
    side: Side,
    /// Only this pair.
    pair: String,
    /// Page size (at least 1).
    limit: u32,
    /// Records to skip.
    offset: u64,
    /// Sort order (`id` or `-id`).
    ordering: Ordering,
});
call!(OwnExchanges => Vec<Exchange>, |s| {
    positive("limit", s.limit)?;
    Ok(ep::OWN_EXCHANGES
        .request()
        .query_opt("type", s.side.as_ref())
        .query_opt("pair", s.pair.as_ref())
        .query_opt("limit", s.limit)
        .query_opt("offset", s.offset)
        .query_opt("ordering", s.ordering.as_ref()))
});

/// `GET /v1/deposits/`: the account's deposits (private).
#[derive(Debug, Clone, Default)]
pub struct Deposits;
call!(Deposits => Vec<Deposit>, |_s| Ok(ep::DEPOSITS.request()));

/// `GET /v1/withdraws/`: the account's withdraws (private).
#[derive(Debug, Clone, Default)]
pub struct Withdraws {
    /// Filter by currency.
    pub currency_id: Option<String>,
    /// Filter by status.
    pub status: Option<WithdrawStatus>,
}
setters!(Withdraws {
    /// Only this currency.
    currency_id: String,
    /// Only this status.
    status: WithdrawStatus,
});
call!(Withdraws => Vec<Withdraw>, |s| Ok(ep::WITHDRAWS
    .request()
    .query_opt("currency_id", s.currency_id.as_ref())
    .query_opt("status", s.status.as_ref())));

/// The v1 API of a [`Client`]: one method per endpoint.
#[derive(Debug, Clone, Copy)]
pub struct V1<'a> {
    client: &'a Client,
}

impl<'a> V1<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        V1 { client }
    }

    /// `GET /v1/currencies/`: every currency.
    pub fn currencies(&self) -> Pending<Currencies> {
        Pending::new(self.client, Currencies)
    }

    /// `GET /v1/pairs/`: every pair (filters by setter).
    pub fn pairs(&self) -> Pending<Pairs> {
        Pending::new(self.client, Pairs::default())
    }

    /// `GET /v1/ticker/`: last price changes.
    pub fn ticker(&self) -> Pending<Tickers> {
        Pending::new(self.client, Tickers::default())
    }

    /// `GET /charts/{pair}/{timeframe}/chart`: candles.
    pub fn charts(&self, pair: impl Into<String>, timeframe: Timeframe) -> Pending<Charts> {
        Pending::new(self.client, Charts::new(pair, timeframe))
    }

    /// `GET /v1/wallets/`: the account's wallets.
    pub fn wallets(&self) -> Pending<Wallets> {
        Pending::new(self.client, Wallets::default())
    }

    /// `GET /v1/orderbook/{pair}`: the book of active orders.
    pub fn orderbook(&self, pair: impl Into<String>) -> Pending<Orderbook> {
        Pending::new(self.client, Orderbook::new(pair))
    }

    /// `GET /v1/orders/own/`: the account's orders.
    pub fn own_orders(&self) -> Pending<OwnOrders> {
        Pending::new(self.client, OwnOrders::default())
    }

    /// `GET /v1/order/{pk}/`: one order.
    pub fn order(&self, id: u64) -> Pending<GetOrder> {
        Pending::new(self.client, GetOrder { id })
    }

    /// `POST /v1/order/`: places a limit order.
    pub fn create_order(
        &self,
        side: Side,
        pair: impl Into<String>,
        amount: Decimal,
        price: Decimal,
    ) -> Pending<CreateOrder> {
        Pending::new(self.client, CreateOrder::new(side, pair, amount, price))
    }

    /// `POST /v1/order-cancel/`: cancels an active order.
    pub fn cancel_order(&self, order: u64) -> Pending<CancelOrder> {
        Pending::new(self.client, CancelOrder { order })
    }

    /// `GET /v1/exchanges/`: trades of every account.
    pub fn exchanges(&self) -> Pending<Exchanges> {
        Pending::new(self.client, Exchanges::default())
    }

    /// `GET /v1/exchanges/own/`: the account's trades.
    pub fn own_exchanges(&self) -> Pending<OwnExchanges> {
        Pending::new(self.client, OwnExchanges::default())
    }

    /// `GET /v1/deposits/`: the account's deposits.
    pub fn deposits(&self) -> Pending<Deposits> {
        Pending::new(self.client, Deposits)
    }

    /// `GET /v1/withdraws/`: the account's withdraws.
    pub fn withdraws(&self) -> Pending<Withdraws> {
        Pending::new(self.client, Withdraws::default())
    }
}

impl Pending<Exchanges> {
    /// Every matching trade, `page_size` per request, as a lazy stream (`limit`/`offset`).
    pub fn into_stream(
        self,
        page_size: u32,
    ) -> futures::stream::BoxStream<'static, Result<Exchange>> {
        let client = self.client().clone();
        let base = self.request;
        let start = base.offset.unwrap_or(0);
        venue_common::offset_stream(start, page_size, move |offset, limit| {
            let client = client.clone();
            let call = base.clone().offset(offset).limit(limit);
            async move { client.send(call).await.map(venue_common::Page::new) }
        })
    }
}

impl Pending<OwnExchanges> {
    /// Every matching own trade, `page_size` per request, as a lazy stream (`limit`/`offset`).
    pub fn into_stream(
        self,
        page_size: u32,
    ) -> futures::stream::BoxStream<'static, Result<Exchange>> {
        let client = self.client().clone();
        let base = self.request;
        let start = base.offset.unwrap_or(0);
        venue_common::offset_stream(start, page_size, move |offset, limit| {
            let client = client.clone();
            let call = base.clone().offset(offset).limit(limit);
            async move { client.send(call).await.map(venue_common::Page::new) }
        })
    }
}

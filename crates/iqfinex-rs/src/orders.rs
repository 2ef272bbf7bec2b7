//! Authorized API, orders: the `Order` and `MyTrade` models and their enums, the typed order
//! to open (`OpenOrderRequest`, written by hand), and how the order lists page.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use venue_common::api::{ApiRequest, Context, DecodeContext, PagedRequest, Params, ToParam};
use venue_common::serde_ext::{ts_seconds, ts_seconds_opt};
use venue_common::{Endpoint, Error, Request, Response, Result};

use crate::client::Client;
use crate::generated::client::Call;
use crate::generated::endpoints::OPEN_ORDER;
use crate::generated::requests::{ClosedOrdersRequest, MyTradesRequest, OrderTradesRequest};
use crate::market::Asset;
use crate::types::{Paged, Side, Sort, Walk, check_name, offset_page};

venue_common::open_enum! {
    /// The kind of an order (`type`).
    pub enum OrderType: str {
        /// `LIMIT`.
        Limit = "LIMIT" | "limit",
        /// `MARKET`.
        Market = "MARKET" | "market",
        /// `STOP_LIMIT`: a limit order placed once the last price reaches `stopPrice`.
        StopLimit = "STOP_LIMIT" | "stop_limit" | "STOP-LIMIT" | "STOPLIMIT",
    }
}

venue_common::open_enum! {
    /// Where an order stands (`status`).
    pub enum OrderStatus: str {
        /// `active`: open (a stop-limit order waiting for its stop is active too).
        Active = "active" | "ACTIVE",
        /// `closed`: fully executed.
        Closed = "closed" | "CLOSED",
        /// `canceled` (the document's spelling; `cancelled` occurs in the wild too).
        Canceled = "canceled" | "cancelled" | "CANCELED" | "CANCELLED",
    }
}

/// An order, as open order, cancel order, the order lists and order status return it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// Order id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// Asset (`ETHBTC`).
    pub asset: String,
    /// `buy` or `sell`.
    pub cmd: Side,
    /// LIMIT, MARKET or STOP_LIMIT.
    #[serde(rename = "type")]
    pub kind: OrderType,
    /// Volume still active (open orders; absent from the history lists).
    #[serde(default, with = "venue_common::serde_ext::decimal_number_opt")]
    pub volume: Option<Decimal>,
    /// Price for 1 volume in the right currency (absent or null for a market order).
    #[serde(default, with = "venue_common::serde_ext::decimal_number_opt")]
    pub price: Option<Decimal>,
    /// Activation price of a stop-limit order.
    #[serde(
        rename = "stopPrice",
        default,
        with = "venue_common::serde_ext::decimal_number_opt"
    )]
    pub stop_price: Option<Decimal>,
    /// Initial volume; never changes.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub original_volume: Decimal,
    /// Volume executed so far (0 on opening, up to `original_volume`).
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub executed_volume: Decimal,
    /// When it was opened (UNIX seconds on the wire).
    #[serde(with = "ts_seconds")]
    pub open_time: DateTime<Utc>,
    /// When it was closed or cancelled; `None` while active.
    #[serde(default, with = "ts_seconds_opt")]
    pub close_time: Option<DateTime<Utc>>,
    /// active, closed or canceled.
    pub status: OrderStatus,
}

impl Order {
    /// Volume not executed: `original_volume - executed_volume`.
    pub fn remaining_volume(&self) -> Decimal {
        // Saturating: both values come from the network and must not panic on overflow.
        self.original_volume.saturating_sub(self.executed_volume)
    }
}

/// One of the account's trades (`GET /v1/trades`, `GET /v1/order/:id/trades`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyTrade {
    /// Trade id (the document calls it "id of opened order"; it is the trade row's id).
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// The account (not in the document's field table, sent all the same).
    #[serde(default, with = "venue_common::serde_ext::int_or_string_opt")]
    pub id_user: Option<u64>,
    /// Executed volume.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub volume: Decimal,
    /// Executed price.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub price: Decimal,
    /// `buy` or `sell`.
    pub cmd: Side,
    /// Asset (`MODETH`).
    pub asset: String,
    /// Commission paid.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub commission: Decimal,
    /// Currency the commission was paid in. Typed double by the document, but a currency
    /// code (`MOD`) on the wire; a number would be kept as its text.
    #[serde(
        rename = "commissionCurrency",
        default,
        with = "venue_common::serde_ext::string_or_number_opt"
    )]
    pub commission_currency: Option<String>,
    /// When the order was opened.
    #[serde(with = "ts_seconds")]
    pub open_time: DateTime<Utc>,
    /// The counterparty account (not in the document's field table).
    #[serde(default, with = "venue_common::serde_ext::int_or_string_opt")]
    pub target_user: Option<u64>,
    /// When the trade happened.
    #[serde(with = "ts_seconds")]
    pub close_time: DateTime<Utc>,
    /// The order it executed.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub order_id: u64,
}

// ------------------------------------------------------------------ open order

/// `POST /v1/order`: an order to open, sent with [`Client::open_order`] or
/// [`Client::send`]. The constructors make the three kinds impossible to mix up: a market
/// order has no price, a limit order a price, a stop-limit order both a price and a stop price.
///
/// Written by hand (the spec marks it `custom`); it is never retried once it may have reached
/// the venue: there is no idempotency key, and a repeated POST opens a second order.
///
/// ```
/// use iqfinex_rs::{OpenOrderRequest, Side};
/// use rust_decimal_macros::dec;
/// let order = OpenOrderRequest::limit("ETHBTC", Side::Sell, dec!(1.245), dec!(0.03437));
/// assert_eq!(order.price(), Some(dec!(0.03437)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenOrderRequest {
    asset: String,
    cmd: Side,
    volume: Decimal,
    price: Option<Decimal>,
    stop_price: Option<Decimal>,
    /// The asset's rules, checked before sending (never sent).
    rules: Option<Asset>,
}

impl OpenOrderRequest {
    /// A market order: `volume` of `asset`'s left currency, executed at the book's prices.
    pub fn market(asset: impl Into<String>, side: Side, volume: Decimal) -> Self {
        OpenOrderRequest {
            asset: asset.into(),
            cmd: side,
            volume,
            price: None,
            stop_price: None,
            rules: None,
        }
    }

    /// A limit order: `volume` at `price` (right currency per 1 left).
    pub fn limit(asset: impl Into<String>, side: Side, volume: Decimal, price: Decimal) -> Self {
        OpenOrderRequest {
            price: Some(price),
            ..OpenOrderRequest::market(asset, side, volume)
        }
    }

    /// A stop-limit order: a limit order at `price`, opened only once the market price
    /// reaches or passes `stop_price`.
    pub fn stop_limit(
        asset: impl Into<String>,
        side: Side,
        volume: Decimal,
        price: Decimal,
        stop_price: Decimal,
    ) -> Self {
        OpenOrderRequest {
            price: Some(price),
            stop_price: Some(stop_price),
            ..OpenOrderRequest::market(asset, side, volume)
        }
    }

    /// Checks the order against `asset`'s rules before sending, as the venue would
    /// ([`Asset::check_order`]: `min_volume`, `accuracy`, `isTrade`). [`Client::open_order`]
    /// does so by itself once [`Client::load_assets`] has cached the assets.
    pub fn with_asset(mut self, asset: &Asset) -> Self {
        self.rules = Some(asset.clone());
        self
    }

    /// The asset rules the order is checked against, if any.
    pub fn rules(&self) -> Option<&Asset> {
        self.rules.as_ref()
    }

    /// The asset.
    pub fn asset(&self) -> &str {
        &self.asset
    }

    /// The side.
    pub fn side(&self) -> &Side {
        &self.cmd
    }

    /// The volume.
    pub fn volume(&self) -> Decimal {
        self.volume
    }

    /// The limit price (none for a market order).
    pub fn price(&self) -> Option<Decimal> {
        self.price
    }

    /// The stop price (stop-limit orders only).
    pub fn stop_price(&self) -> Option<Decimal> {
        self.stop_price
    }

    /// The kind the venue will report.
    pub fn kind(&self) -> OrderType {
        match (self.price, self.stop_price) {
            (None, _) => OrderType::Market,
            (Some(_), None) => OrderType::Limit,
            (Some(_), Some(_)) => OrderType::StopLimit,
        }
    }
}

impl ApiRequest for OpenOrderRequest {
    type Client = Client;
    type Output = Order;
    const ENDPOINT: Endpoint = OPEN_ORDER;

    fn validate(&self, _: &Context) -> Result<()> {
        check_name("asset", &self.asset)?;
        if !matches!(self.cmd, Side::Buy | Side::Sell) {
            return Err(Error::invalid("cmd", "must be buy or sell"));
        }
        let positive = [
            ("volume", Some(self.volume)),
            ("price", self.price),
            ("stopPrice", self.stop_price),
        ];
        if let Some((name, _)) = positive
            .into_iter()
            .find(|(_, v)| v.is_some_and(|v| v <= Decimal::ZERO))
        {
            return Err(Error::invalid(name, "must be greater than 0"));
        }
        match &self.rules {
            Some(asset) => asset.check_order(self),
            None => Ok(()),
        }
    }

    fn to_request(&self) -> Result<Request> {
        // The document's order of fields; decimals as JSON numbers with their exact digits.
        let mut p = Params::new(&Self::ENDPOINT);
        p.body("asset", self.asset.to_param());
        p.body("cmd", self.cmd.to_param());
        p.body("volume", self.volume.to_param());
        p.body("price", self.price.as_ref().map(ToParam::to_param));
        p.body("stopPrice", self.stop_price.as_ref().map(ToParam::to_param));
        p.build()
    }

    fn decode(response: Response, _: &DecodeContext<'_>) -> Result<Order> {
        crate::error::decode(response)
    }
}

impl Client {
    /// `POST /v1/order`: opens a market, limit or stop-limit order (see
    /// [`OpenOrderRequest`]).
    ///
    /// Never retried once it may have reached the venue (there is no idempotency key): after
    /// a timeout, look at [`Client::opened_orders`] before opening it again.
    ///
    /// The order is checked against its asset's rules before sending when it carries them
    /// ([`OpenOrderRequest::with_asset`]) or when [`Client::load_assets`] cached them.
    pub fn open_order(&self, mut order: OpenOrderRequest) -> Call<OpenOrderRequest> {
        if order.rules.is_none() {
            order.rules = self.cached_asset(&order.asset);
        }
        Call::new(self, order)
    }
}

// ------------------------------------------------------------------ paging

impl PagedRequest for ClosedOrdersRequest {
    type Item = Order;
    /// Oldest first with `sort=ASC` (stable); otherwise newest first, repeats dropped by id.
    fn next_page(&self, page: Paged<Order>) -> Result<(Vec<Order>, Option<Self>)> {
        let walk = Walk {
            offset: self.offset,
            limit: self.limit,
            max: 100,
            ascending: self.sort == Some(Sort::Asc),
            seen: self.seen.as_ref(),
        };
        offset_page(
            self,
            walk,
            page,
            |t| Some(t.id),
            |mut r, offset, limit, seen| {
                r.seen = seen;
                r.offset(offset).limit(limit)
            },
        )
    }
}

impl PagedRequest for OrderTradesRequest {
    type Item = MyTrade;
    /// Oldest first with `sort=ASC` (stable); otherwise newest first, repeats dropped by id.
    fn next_page(&self, page: Paged<MyTrade>) -> Result<(Vec<MyTrade>, Option<Self>)> {
        let walk = Walk {
            offset: self.offset,
            limit: self.limit,
            max: 100,
            ascending: self.sort == Some(Sort::Asc),
            seen: self.seen.as_ref(),
        };
        offset_page(
            self,
            walk,
            page,
            |t| Some(t.id),
            |mut r, offset, limit, seen| {
                r.seen = seen;
                r.offset(offset).limit(limit)
            },
        )
    }
}

impl PagedRequest for MyTradesRequest {
    type Item = MyTrade;
    /// Oldest first with `sort=ASC` (stable); otherwise newest first, repeats dropped by id.
    fn next_page(&self, page: Paged<MyTrade>) -> Result<(Vec<MyTrade>, Option<Self>)> {
        let walk = Walk {
            offset: self.offset,
            limit: self.limit,
            max: 100,
            ascending: self.sort == Some(Sort::Asc),
            seen: self.seen.as_ref(),
        };
        offset_page(
            self,
            walk,
            page,
            |t| Some(t.id),
            |mut r, offset, limit, seen| {
                r.seen = seen;
                r.offset(offset).limit(limit)
            },
        )
    }
}

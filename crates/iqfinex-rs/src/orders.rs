//! Authorized API: opening and cancelling orders, order lists and the account's trades.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use venue_common::serde_ext::{ts_seconds, ts_seconds_opt};
use venue_common::{Error, Request, Result};

use crate::client::{ApiRequest, Call, Client, PagedRequest, check_limit, check_name, setters};
use crate::generated::endpoints as ep;
use crate::types::{Paged, Side, Sort};

/// The kind of an order (`type`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OrderType {
    /// `LIMIT`.
    Limit,
    /// `MARKET`.
    Market,
    /// `STOP_LIMIT`: a limit order placed once the last price reaches `stopPrice`.
    StopLimit,
    /// A value this version does not know, kept as sent.
    Other(String),
}

impl OrderType {
    /// The venue's spelling.
    pub fn as_str(&self) -> &str {
        match self {
            OrderType::Limit => "LIMIT",
            OrderType::Market => "MARKET",
            OrderType::StopLimit => "STOP_LIMIT",
            OrderType::Other(s) => s,
        }
    }
}

impl Serialize for OrderType {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for OrderType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(match s.to_ascii_uppercase().as_str() {
            "LIMIT" => OrderType::Limit,
            "MARKET" => OrderType::Market,
            "STOP_LIMIT" | "STOP-LIMIT" | "STOPLIMIT" => OrderType::StopLimit,
            _ => OrderType::Other(s),
        })
    }
}

/// Where an order stands (`status`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    /// `active`: open (a stop-limit order waiting for its stop is active too).
    Active,
    /// `closed`: fully executed.
    Closed,
    /// `canceled`.
    Canceled,
    /// A value this version does not know, kept as sent.
    Other(String),
}

impl OrderStatus {
    /// The venue's spelling.
    pub fn as_str(&self) -> &str {
        match self {
            OrderStatus::Active => "active",
            OrderStatus::Closed => "closed",
            OrderStatus::Canceled => "canceled",
            OrderStatus::Other(s) => s,
        }
    }
}

impl Serialize for OrderStatus {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for OrderStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(match s.to_ascii_lowercase().as_str() {
            "active" => OrderStatus::Active,
            "closed" => OrderStatus::Closed,
            // Both spellings occur in the wild; the document writes `canceled`.
            "canceled" | "cancelled" => OrderStatus::Canceled,
            _ => OrderStatus::Other(s),
        })
    }
}

/// An order, as open order, cancel order, the order lists and order status return it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// Order id.
    #[serde(deserialize_with = "venue_common::serde_ext::int_or_string::deserialize")]
    pub id: u64,
    /// Asset (`ETHBTC`).
    pub asset: String,
    /// `buy` or `sell`.
    pub cmd: Side,
    /// LIMIT, MARKET or STOP_LIMIT.
    #[serde(rename = "type")]
    pub kind: OrderType,
    /// Volume still active (open orders; absent from the history lists).
    #[serde(
        default,
        with = "crate::num::number_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub volume: Option<Decimal>,
    /// Price for 1 volume in the right currency (absent or null for a market order).
    #[serde(
        default,
        with = "crate::num::number_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub price: Option<Decimal>,
    /// Activation price of a stop-limit order.
    #[serde(
        rename = "stopPrice",
        default,
        with = "crate::num::number_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub stop_price: Option<Decimal>,
    /// Initial volume; never changes.
    #[serde(with = "crate::num::number")]
    pub original_volume: Decimal,
    /// Volume executed so far (0 on opening, up to `original_volume`).
    #[serde(with = "crate::num::number")]
    pub executed_volume: Decimal,
    /// When it was opened (UNIX seconds on the wire).
    #[serde(with = "ts_seconds")]
    pub open_time: DateTime<Utc>,
    /// When it was closed or cancelled; `None` while active.
    #[serde(
        default,
        with = "ts_seconds_opt",
        skip_serializing_if = "Option::is_none"
    )]
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
    #[serde(deserialize_with = "venue_common::serde_ext::int_or_string::deserialize")]
    pub id: u64,
    /// The account (not in the document's field table, sent all the same).
    #[serde(
        default,
        deserialize_with = "venue_common::serde_ext::int_or_string_opt::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub id_user: Option<u64>,
    /// Executed volume.
    #[serde(with = "crate::num::number")]
    pub volume: Decimal,
    /// Executed price.
    #[serde(with = "crate::num::number")]
    pub price: Decimal,
    /// `buy` or `sell`.
    pub cmd: Side,
    /// Asset (`MODETH`).
    pub asset: String,
    /// Commission paid.
    #[serde(with = "crate::num::number")]
    pub commission: Decimal,
    /// Currency the commission was paid in. Typed double by the document, but a currency
    /// code (`MOD`) on the wire; a number would be kept as its text.
    #[serde(
        rename = "commissionCurrency",
        default,
        deserialize_with = "venue_common::serde_ext::string_or_number_opt::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub commission_currency: Option<String>,
    /// When the order was opened.
    #[serde(with = "ts_seconds")]
    pub open_time: DateTime<Utc>,
    /// The counterparty account (not in the document's field table).
    #[serde(
        default,
        deserialize_with = "venue_common::serde_ext::int_or_string_opt::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub target_user: Option<u64>,
    /// When the trade happened.
    #[serde(with = "ts_seconds")]
    pub close_time: DateTime<Utc>,
    /// The order it executed.
    #[serde(deserialize_with = "venue_common::serde_ext::int_or_string::deserialize")]
    pub order_id: u64,
}

// ------------------------------------------------------------------ open order

/// An order to open (`POST /v1/order`). The constructors make the three kinds impossible to
/// mix up: a market order has no price, a limit order a price, a stop-limit order both a
/// price and a stop price.
///
/// ```
/// use iqfinex_rs::{NewOrder, Side};
/// use rust_decimal_macros::dec;
/// let order = NewOrder::limit("ETHBTC", Side::Sell, dec!(1.245), dec!(0.03437));
/// assert_eq!(order.price(), Some(dec!(0.03437)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    asset: String,
    cmd: Side,
    volume: Decimal,
    price: Option<Decimal>,
    stop_price: Option<Decimal>,
}

#[derive(Serialize)]
struct NewOrderBody<'a> {
    asset: &'a str,
    cmd: &'a str,
    #[serde(with = "crate::num::number")]
    volume: Decimal,
    #[serde(
        with = "crate::num::number_opt",
        skip_serializing_if = "Option::is_none"
    )]
    price: Option<Decimal>,
    #[serde(
        rename = "stopPrice",
        with = "crate::num::number_opt",
        skip_serializing_if = "Option::is_none"
    )]
    stop_price: Option<Decimal>,
}

impl NewOrder {
    /// A market order: `volume` of `asset`'s left currency, executed at the book's prices.
    pub fn market(asset: impl Into<String>, side: Side, volume: Decimal) -> NewOrder {
        NewOrder {
            asset: asset.into(),
            cmd: side,
            volume,
            price: None,
            stop_price: None,
        }
    }

    /// A limit order: `volume` at `price` (right currency per 1 left).
    pub fn limit(
        asset: impl Into<String>,
        side: Side,
        volume: Decimal,
        price: Decimal,
    ) -> NewOrder {
        NewOrder {
            price: Some(price),
            ..NewOrder::market(asset, side, volume)
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
    ) -> NewOrder {
        NewOrder {
            price: Some(price),
            stop_price: Some(stop_price),
            ..NewOrder::market(asset, side, volume)
        }
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

    fn validate(&self) -> Result<()> {
        check_name("asset", &self.asset)?;
        if !matches!(self.cmd, Side::Buy | Side::Sell) {
            return Err(Error::invalid("cmd", "must be buy or sell"));
        }
        if self.volume <= Decimal::ZERO {
            return Err(Error::invalid("volume", "must be greater than 0"));
        }
        if let Some(p) = self.price
            && p <= Decimal::ZERO
        {
            return Err(Error::invalid("price", "must be greater than 0"));
        }
        if let Some(p) = self.stop_price
            && p <= Decimal::ZERO
        {
            return Err(Error::invalid("stopPrice", "must be greater than 0"));
        }
        Ok(())
    }
}

impl ApiRequest for NewOrder {
    type Output = Order;
    fn to_request(&self) -> Result<Request> {
        self.validate()?;
        // Never retried: the venue has no idempotency key, and a repeated POST opens a
        // second order. The request keeps venue-common's default `Unsafe` marking.
        ep::OPEN_ORDER.request().json(&NewOrderBody {
            asset: &self.asset,
            cmd: self.cmd.as_str(),
            volume: self.volume,
            price: self.price,
            stop_price: self.stop_price,
        })
    }
}

// ------------------------------------------------------------------ other requests

/// `POST /v1/order/:id/cancel`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelOrderRequest {
    /// Order id.
    pub id: u64,
}

impl ApiRequest for CancelOrderRequest {
    type Output = Order;
    fn to_request(&self) -> Result<Request> {
        let id = self.id.to_string();
        Ok(ep::CANCEL_ORDER.request_to(ep::CANCEL_ORDER.path_with(&[("id", &id)])?))
    }
}

/// `GET /v1/orders/opened`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenedOrdersRequest;

impl ApiRequest for OpenedOrdersRequest {
    type Output = Paged<Order>;
    fn to_request(&self) -> Result<Request> {
        Ok(ep::OPENED_ORDERS.request())
    }
}

/// `GET /v1/order/:id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderStatusRequest {
    /// Order id.
    pub id: u64,
}

impl ApiRequest for OrderStatusRequest {
    type Output = Order;
    fn to_request(&self) -> Result<Request> {
        let id = self.id.to_string();
        Ok(ep::ORDER_STATUS.request_to(ep::ORDER_STATUS.path_with(&[("id", &id)])?))
    }
}

/// Writes a `limit`/`offset`/`sort` listing request (max `limit` 100).
macro_rules! listing {
    ($(#[$doc:meta])* $name:ident, $item:ty, $endpoint:expr $(, $field:ident : $fty:ty)*) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct $name {
            $(
                #[doc = concat!("The `", stringify!($field), "` in the path.")]
                pub $field: $fty,
            )*
            /// Rows to return, 1..=100 (venue default 20).
            pub limit: Option<u32>,
            /// Rows to skip (venue default 0).
            pub offset: Option<u64>,
            /// Sort direction (venue default `DESC`).
            pub sort: Option<Sort>,
        }

        impl $name {
            /// The document's maximum `limit`.
            pub const MAX_LIMIT: u32 = 100;
        }

        setters!($name {
            /// Rows to return, 1..=100.
            limit: u32,
            /// Rows to skip.
            offset: u64,
            /// Sort direction.
            sort: Sort,
        });

        impl ApiRequest for $name {
            type Output = Paged<$item>;
            fn to_request(&self) -> Result<Request> {
                check_limit(self.limit, Self::MAX_LIMIT)?;
                let endpoint = $endpoint;
                $( let $field = self.$field.to_string(); )*
                let path = endpoint.path_with(&[$((stringify!($field), $field.as_str())),*])?;
                Ok(endpoint
                    .request_to(path)
                    .query_opt("limit", self.limit)
                    .query_opt("offset", self.offset)
                    .query_opt("sort", self.sort))
            }
        }

        impl PagedRequest for $name {
            type Item = $item;
            const MAX_LIMIT: u32 = $name::MAX_LIMIT;
            fn page(&self) -> (Option<u64>, Option<u32>) {
                (self.offset, self.limit)
            }
            fn set_page(&mut self, offset: u64, limit: u32) {
                self.offset = Some(offset);
                self.limit = Some(limit);
            }
        }
    };
}

listing!(
    /// `GET /v1/orders/closed`: closed orders, and cancelled ones that executed in part
    /// (an order cancelled with nothing executed is not kept).
    ClosedOrdersRequest,
    Order,
    ep::CLOSED_ORDERS
);

listing!(
    /// `GET /v1/order/:id/trades`: the trades that executed one order.
    OrderTradesRequest,
    MyTrade,
    ep::ORDER_TRADES,
    id: u64
);

listing!(
    /// `GET /v1/trades`: every trade of the account.
    MyTradesRequest,
    MyTrade,
    ep::MY_TRADES
);

impl Client {
    /// `POST /v1/order`: opens a market, limit or stop-limit order (see [`NewOrder`]).
    ///
    /// Never retried once it may have reached the venue (there is no idempotency key): after
    /// a timeout, look at [`Client::opened_orders`] before opening it again.
    pub fn open_order(&self, order: NewOrder) -> Call<NewOrder> {
        self.call(order)
    }

    /// `POST /v1/order/:id/cancel`: cancels an open order. One cancelled with nothing
    /// executed disappears from the history and from [`Client::order_status`].
    pub fn cancel_order(&self, id: u64) -> Call<CancelOrderRequest> {
        self.call(CancelOrderRequest { id })
    }

    /// `GET /v1/orders/opened`: open orders.
    pub fn opened_orders(&self) -> Call<OpenedOrdersRequest> {
        self.call(OpenedOrdersRequest)
    }

    /// `GET /v1/orders/closed`: order history; `.limit(..)` (≤ 100), `.offset(..)`,
    /// `.sort(..)`; `.into_stream()` for every page.
    pub fn closed_orders(&self) -> Call<ClosedOrdersRequest> {
        self.call(ClosedOrdersRequest::default())
    }

    /// `GET /v1/order/:id`: one order.
    pub fn order_status(&self, id: u64) -> Call<OrderStatusRequest> {
        self.call(OrderStatusRequest { id })
    }

    /// `GET /v1/order/:id/trades`: the trades of one order; paged like the history.
    pub fn order_trades(&self, id: u64) -> Call<OrderTradesRequest> {
        self.call(OrderTradesRequest {
            id,
            ..OrderTradesRequest::default()
        })
    }

    /// `GET /v1/trades`: every trade of the account; paged like the history.
    pub fn my_trades(&self) -> Call<MyTradesRequest> {
        self.call(MyTradesRequest::default())
    }
}

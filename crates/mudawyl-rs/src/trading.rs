//! Trading: trade history, exchange orders and positions, and order execution (manual
//! futures orders, closing positions, leverage and margin type). Every endpoint is private.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use futures::stream::BoxStream;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use venue_common::{Page, Request, Response, Result};

use crate::account::{PageQuery, Paged};
use crate::client::{ApiRequest, Call, Client, empty, id_path, json, nullable, setters};
use crate::generated::endpoints as ep;
use crate::serde_util::{dec, dec_opt, dec_vec, ms_opt, ts, ts_opt};
use crate::types::{
    ExchangeId, ManualOrderType, MarginType, OrderSide, OrderStatus, OrderType, PositionSide, Side,
    StopTriggerType,
};
use crate::validate::{self, ManualOrderFields, location};

// ------------------------------------------------------------------ models

/// The strategy that triggered an automated order (`StrategyAutomated`, capitalised).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggerStrategy {
    /// Strategy name.
    pub name: String,
    /// Exchange.
    pub exchange_id: ExchangeId,
    /// Symbol.
    pub symbol: String,
}

/// What triggered an automated order (`StrategyAutomatedTrigger`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyTrigger {
    /// The strategy.
    #[serde(rename = "StrategyAutomated")]
    pub strategy_automated: TriggerStrategy,
    /// BUY or SELL.
    #[serde(rename = "tradeSide")]
    pub trade_side: Side,
}

/// An order of the trade history (automated or manual).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TradeRecord {
    /// Exchange order id.
    pub order_id: String,
    /// Average fill price.
    #[serde(with = "dec")]
    pub price: Decimal,
    /// Amount.
    #[serde(with = "dec")]
    pub amount: Decimal,
    /// Cost in the quote asset.
    #[serde(with = "dec")]
    pub cost: Decimal,
    /// Stop-loss price.
    #[serde(default, with = "dec_opt")]
    pub stop: Option<Decimal>,
    /// Stop-loss type.
    #[serde(default)]
    pub stop_type: Option<StopTriggerType>,
    /// Take-profit prices.
    #[serde(default, with = "dec_vec")]
    pub take_profit: Vec<Decimal>,
    /// Trailing trigger price.
    #[serde(default, with = "dec_opt")]
    pub trailing_trigger_price: Option<Decimal>,
    /// Leverage (automated orders).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leverage: Option<u32>,
    /// Trailing callback rate in percent.
    #[serde(default, with = "dec_opt")]
    pub callback_rate: Option<Decimal>,
    /// Risk of equity in percent.
    #[serde(default, with = "dec_opt")]
    pub risk_profile_percent: Option<Decimal>,
    /// Created at.
    #[serde(with = "ts")]
    pub created_at: DateTime<Utc>,
    /// The triggering strategy (automated orders only).
    #[serde(
        rename = "StrategyAutomatedTrigger",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub strategy_automated_trigger: Option<StrategyTrigger>,
}

/// A fee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fee {
    /// Amount.
    #[serde(with = "dec")]
    pub cost: Decimal,
    /// Asset.
    pub currency: String,
}

/// An exchange order (ccxt shape; many fields may be null).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    /// Exchange order id.
    pub id: String,
    /// Client order id.
    #[serde(default)]
    pub client_order_id: Option<String>,
    /// Creation time (UNIX ms).
    #[serde(default, with = "ms_opt", skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<DateTime<Utc>>,
    /// Creation time as text.
    #[serde(default, with = "ts_opt", skip_serializing_if = "Option::is_none")]
    pub datetime: Option<DateTime<Utc>>,
    /// Symbol.
    pub symbol: String,
    /// Type.
    #[serde(rename = "type")]
    pub order_type: OrderType,
    /// Time in force (`GTC`, `GTE_GTC`, ...).
    #[serde(default)]
    pub time_in_force: Option<String>,
    /// Post only.
    #[serde(default)]
    pub post_only: Option<bool>,
    /// Reduce only.
    #[serde(default)]
    pub reduce_only: Option<bool>,
    /// Side.
    pub side: OrderSide,
    /// Price.
    #[serde(default, with = "dec_opt")]
    pub price: Option<Decimal>,
    /// Trigger price.
    #[serde(default, with = "dec_opt", skip_serializing_if = "Option::is_none")]
    pub stop_price: Option<Decimal>,
    /// Amount (null for close-position orders).
    #[serde(default, with = "dec_opt")]
    pub amount: Option<Decimal>,
    /// Cost.
    #[serde(default, with = "dec_opt")]
    pub cost: Option<Decimal>,
    /// Average fill price.
    #[serde(default, with = "dec_opt", skip_serializing_if = "Option::is_none")]
    pub average: Option<Decimal>,
    /// Filled amount.
    #[serde(default, with = "dec_opt")]
    pub filled: Option<Decimal>,
    /// Remaining amount.
    #[serde(default, with = "dec_opt")]
    pub remaining: Option<Decimal>,
    /// Status.
    pub status: OrderStatus,
    /// Fee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<Fee>,
    /// Trades (as the exchange reports them).
    #[serde(default)]
    pub trades: Vec<serde_json::Value>,
    /// Fees.
    #[serde(default)]
    pub fees: Vec<Fee>,
}

/// A trade (fill).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Trade {
    /// Trade id.
    pub id: String,
    /// Order id.
    pub order: String,
    /// Symbol.
    pub symbol: String,
    /// Order type, often null.
    #[serde(default, rename = "type")]
    pub order_type: Option<OrderType>,
    /// Time.
    #[serde(with = "ts")]
    pub datetime: DateTime<Utc>,
    /// Side.
    pub side: OrderSide,
    /// `taker` or `maker`.
    #[serde(default)]
    pub taker_or_maker: Option<String>,
    /// Price.
    #[serde(with = "dec")]
    pub price: Decimal,
    /// Amount.
    #[serde(with = "dec")]
    pub amount: Decimal,
    /// Cost.
    #[serde(with = "dec")]
    pub cost: Decimal,
    /// Fee.
    #[serde(default)]
    pub fee: Option<Fee>,
    /// Fees.
    #[serde(default)]
    pub fees: Vec<Fee>,
}

/// An open futures position (ccxt shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Position {
    /// Symbol.
    pub symbol: String,
    /// Size in contracts.
    #[serde(with = "dec")]
    pub contracts: Decimal,
    /// Contract size.
    #[serde(with = "dec")]
    pub contract_size: Decimal,
    /// Unrealised profit and loss.
    #[serde(default, with = "dec_opt")]
    pub unrealized_pnl: Option<Decimal>,
    /// Leverage.
    #[serde(with = "dec")]
    pub leverage: Decimal,
    /// Liquidation price.
    #[serde(default, with = "dec_opt")]
    pub liquidation_price: Option<Decimal>,
    /// Collateral.
    #[serde(default, with = "dec_opt")]
    pub collateral: Option<Decimal>,
    /// Notional value.
    #[serde(default, with = "dec_opt")]
    pub notional: Option<Decimal>,
    /// Mark price.
    #[serde(default, with = "dec_opt")]
    pub mark_price: Option<Decimal>,
    /// Entry price.
    #[serde(with = "dec")]
    pub entry_price: Decimal,
    /// Initial margin.
    #[serde(default, with = "dec_opt")]
    pub initial_margin: Option<Decimal>,
    /// Initial margin rate.
    #[serde(default, with = "dec_opt")]
    pub initial_margin_percentage: Option<Decimal>,
    /// Maintenance margin.
    #[serde(default, with = "dec_opt")]
    pub maintenance_margin: Option<Decimal>,
    /// Maintenance margin rate.
    #[serde(default, with = "dec_opt")]
    pub maintenance_margin_percentage: Option<Decimal>,
    /// Margin ratio.
    #[serde(default, with = "dec_opt")]
    pub margin_ratio: Option<Decimal>,
    /// Time.
    #[serde(default, with = "ts_opt")]
    pub datetime: Option<DateTime<Utc>>,
    /// `cross` or `isolated`.
    #[serde(default)]
    pub margin_mode: Option<String>,
    /// `cross` or `isolated`.
    #[serde(default)]
    pub margin_type: Option<String>,
    /// Long or short.
    pub side: PositionSide,
    /// Hedge mode.
    #[serde(default)]
    pub hedged: Option<bool>,
    /// Profit in percent of margin.
    #[serde(default, with = "dec_opt")]
    pub percentage: Option<Decimal>,
}

// ------------------------------------------------------------------ history requests

macro_rules! history_request {
    ($(#[$m:meta])* $name:ident, $ep:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct $name {
            start: Option<NaiveDate>,
            limit: Option<u32>,
            next_token: Option<String>,
        }

        setters!($name {
            /// `start`: first day.
            start: NaiveDate,
            /// `limit`: 1 to 1000 (default 30).
            limit: u32,
            /// `nextToken`: the page after the one that returned it.
            next_token: String,
        });

        impl ApiRequest for $name {
            type Output = Paged<TradeRecord>;
            fn to_request(&self) -> Result<Request> {
                let q = PageQuery { start: self.start, limit: self.limit, next_token: self.next_token.clone() };
                q.apply(ep::$ep.request())
            }
            fn decode(r: &Response) -> Result<Self::Output> {
                json(r)
            }
        }

        impl<'a> Call<'a, $name> {
            /// Every record from this page on, following `nextToken` lazily.
            pub fn into_stream(self) -> BoxStream<'a, Result<TradeRecord>> {
                let client = self.client();
                let first = self.into_request();
                venue_common::token_stream(move |token| {
                    let mut req = first.clone();
                    if token.is_some() {
                        req.next_token = token;
                    }
                    async move {
                        let page = client.send(req).await?;
                        Ok(Page::with_token(page.items, page.next_token))
                    }
                })
            }
        }
    };
}

history_request!(
    /// `GET /v1/priv/account/trade/strategy/history`: one page.
    ListStrategyAutomatedHistory, LIST_STRATEGY_AUTOMATED_HISTORY
);
history_request!(
    /// `GET /v1/priv/account/trade/manual/history`: one page.
    ListManualTradingHistory, LIST_MANUAL_TRADING_HISTORY
);

// ------------------------------------------------------------------ per-key requests

fn key_symbol_request(e: &venue_common::Endpoint, id: &str, symbol: &str) -> Result<Request> {
    let mut errors: Vec<_> = validate::path_uuid(id).into_iter().collect();
    errors.extend(validate::symbol(symbol, location::QUERY));
    validate::into_result(errors)?;
    Ok(id_path(e, id)?.query("symbol", symbol))
}

macro_rules! key_symbol {
    ($(#[$m:meta])* $name:ident, $ep:ident, $out:ty, $decode:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            id: String,
            symbol: String,
        }

        impl $name {
            /// The request for key `id` and `symbol` (`BTC/USDT`).
            pub fn new(id: impl fmt::Display, symbol: impl Into<String>) -> Self {
                $name { id: id.to_string(), symbol: symbol.into() }
            }
        }

        impl ApiRequest for $name {
            type Output = $out;
            fn to_request(&self) -> Result<Request> {
                key_symbol_request(&ep::$ep, &self.id, &self.symbol)
            }
            fn decode(r: &Response) -> Result<$out> {
                $decode(r)
            }
        }
    };
}

key_symbol!(
    /// `GET /v1/priv/exchange/order/<API_KEY_ID>/list`.
    ListOpenOrders, LIST_OPEN_ORDERS, Vec<Order>, json
);
key_symbol!(
    /// `GET /v1/priv/exchange/order/<API_KEY_ID>/history`.
    ListOrderHistory, LIST_ORDER_HISTORY, Vec<Order>, json
);
key_symbol!(
    /// `GET /v1/priv/exchange/trade/<API_KEY_ID>/history`.
    ListTradeHistory, LIST_TRADE_HISTORY, Vec<Trade>, json
);
key_symbol!(
    /// `GET /v1/priv/exchange/position/<API_KEY_ID>`; the answer can be null (no position).
    GetFuturesOpenPosition, GET_FUTURES_OPEN_POSITION, Option<Position>, nullable
);

// ------------------------------------------------------------------ manual orders

/// How a stop-loss executes once `trigger_price` is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopLoss {
    /// A market order (`stopTriggerType: MARKET`).
    Market {
        /// `stopTriggerPrice`.
        trigger_price: Decimal,
    },
    /// A limit order at `price` (`stopTriggerType: LIMIT`, `stopPrice`).
    Limit {
        /// `stopTriggerPrice`.
        trigger_price: Decimal,
        /// `stopPrice`.
        price: Decimal,
    },
}

impl StopLoss {
    /// A market stop-loss.
    pub fn market(trigger_price: Decimal) -> Self {
        StopLoss::Market { trigger_price }
    }

    /// A limit stop-loss.
    pub fn limit(trigger_price: Decimal, price: Decimal) -> Self {
        StopLoss::Limit {
            trigger_price,
            price,
        }
    }
}

/// A MARKET or LIMIT entry, with optional take-profits and stop-loss.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryOrder {
    symbol: String,
    side: Side,
    amount: Decimal,
    price: Option<Decimal>,
    take_profit_prices: Vec<Decimal>,
    stop_loss: Option<StopLoss>,
    risk_profile_percent: Option<Decimal>,
}

impl EntryOrder {
    /// Adds a take-profit price (at most 25; the amount is split between them).
    pub fn take_profit(mut self, price: Decimal) -> Self {
        self.take_profit_prices.push(price);
        self
    }

    /// Sets every take-profit price (at most 25).
    pub fn take_profits(mut self, prices: impl IntoIterator<Item = Decimal>) -> Self {
        self.take_profit_prices = prices.into_iter().collect();
        self
    }

    /// Sets the stop-loss.
    pub fn stop_loss(mut self, stop: StopLoss) -> Self {
        self.stop_loss = Some(stop);
        self
    }

    /// The risk-of-equity percentage the amount was derived from (1 = 1 %).
    pub fn risk_profile_percent(mut self, percent: Decimal) -> Self {
        self.risk_profile_percent = Some(percent);
        self
    }
}

/// A TRAILING_STOP order: no take-profits and no stop-loss can be attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailingStopOrder {
    symbol: String,
    side: Side,
    amount: Decimal,
    price: Decimal,
    callback_rate: Decimal,
    risk_profile_percent: Option<Decimal>,
}

impl TrailingStopOrder {
    /// The risk-of-equity percentage the amount was derived from (1 = 1 %).
    pub fn risk_profile_percent(mut self, percent: Decimal) -> Self {
        self.risk_profile_percent = Some(percent);
        self
    }
}

/// A manual order. Build it with [`ManualOrder::market`], [`ManualOrder::limit`] or
/// [`ManualOrder::trailing_stop`]: each takes what its type needs, and only MARKET and LIMIT
/// entries accept take-profits and a stop-loss, so the document's invalid combinations cannot
/// be written. Numeric bounds (callback rate 0.1 to 5, at most 25 take-profits, positive
/// prices) are checked before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManualOrder {
    /// MARKET or LIMIT.
    Entry(EntryOrder),
    /// TRAILING_STOP.
    TrailingStop(TrailingStopOrder),
}

impl ManualOrder {
    /// A MARKET order of `amount`.
    pub fn market(symbol: impl Into<String>, side: Side, amount: Decimal) -> EntryOrder {
        EntryOrder {
            symbol: symbol.into(),
            side,
            amount,
            price: None,
            take_profit_prices: Vec::new(),
            stop_loss: None,
            risk_profile_percent: None,
        }
    }

    /// A LIMIT order of `amount` at `price`.
    pub fn limit(
        symbol: impl Into<String>,
        side: Side,
        price: Decimal,
        amount: Decimal,
    ) -> EntryOrder {
        EntryOrder {
            price: Some(price),
            ..ManualOrder::market(symbol, side, amount)
        }
    }

    /// A TRAILING_STOP order of `amount` activated at `price`, trailing by `callback_rate`
    /// percent (0.1 to 5; 1 = 1 %).
    pub fn trailing_stop(
        symbol: impl Into<String>,
        side: Side,
        price: Decimal,
        amount: Decimal,
        callback_rate: Decimal,
    ) -> TrailingStopOrder {
        TrailingStopOrder {
            symbol: symbol.into(),
            side,
            amount,
            price,
            callback_rate,
            risk_profile_percent: None,
        }
    }

    /// The body's fields as the venue reads them.
    pub fn fields(&self) -> ManualOrderFields {
        match self {
            ManualOrder::Entry(e) => {
                let (stp, stt, sp) = match e.stop_loss {
                    None => (None, None, None),
                    Some(StopLoss::Market { trigger_price }) => {
                        (Some(trigger_price), Some("MARKET"), None)
                    }
                    Some(StopLoss::Limit {
                        trigger_price,
                        price,
                    }) => (Some(trigger_price), Some("LIMIT"), Some(price)),
                };
                ManualOrderFields {
                    symbol: Some(e.symbol.clone()),
                    order_type: Some(if e.price.is_some() { "LIMIT" } else { "MARKET" }.into()),
                    side: Some(e.side.as_str().into()),
                    price: e.price,
                    amount: Some(e.amount),
                    take_profit_prices: (!e.take_profit_prices.is_empty())
                        .then(|| e.take_profit_prices.clone()),
                    stop_trigger_price: stp,
                    stop_trigger_type: stt.map(str::to_string),
                    stop_price: sp,
                    callback_rate: None,
                    risk_profile_percent: e.risk_profile_percent,
                }
            }
            ManualOrder::TrailingStop(t) => ManualOrderFields {
                symbol: Some(t.symbol.clone()),
                order_type: Some("TRAILING_STOP".into()),
                side: Some(t.side.as_str().into()),
                price: Some(t.price),
                amount: Some(t.amount),
                callback_rate: Some(t.callback_rate),
                risk_profile_percent: t.risk_profile_percent,
                ..ManualOrderFields::default()
            },
        }
    }
}

impl From<EntryOrder> for ManualOrder {
    fn from(e: EntryOrder) -> Self {
        ManualOrder::Entry(e)
    }
}

impl From<TrailingStopOrder> for ManualOrder {
    fn from(t: TrailingStopOrder) -> Self {
        ManualOrder::TrailingStop(t)
    }
}

/// The JSON body of Create Manual Order (numbers as JSON numbers, absent fields omitted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManualOrderBody {
    /// `symbol`.
    pub symbol: String,
    /// `type`.
    #[serde(rename = "type")]
    pub order_type: ManualOrderType,
    /// `side`.
    pub side: Side,
    /// `price`.
    #[serde(default, with = "dec_opt", skip_serializing_if = "Option::is_none")]
    pub price: Option<Decimal>,
    /// `amount`.
    #[serde(with = "dec")]
    pub amount: Decimal,
    /// `takeProfitPrices`.
    #[serde(default, with = "dec_vec", skip_serializing_if = "Vec::is_empty")]
    pub take_profit_prices: Vec<Decimal>,
    /// `stopTriggerPrice`.
    #[serde(default, with = "dec_opt", skip_serializing_if = "Option::is_none")]
    pub stop_trigger_price: Option<Decimal>,
    /// `stopTriggerType`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_trigger_type: Option<StopTriggerType>,
    /// `stopPrice`.
    #[serde(default, with = "dec_opt", skip_serializing_if = "Option::is_none")]
    pub stop_price: Option<Decimal>,
    /// `callbackRate`.
    #[serde(default, with = "dec_opt", skip_serializing_if = "Option::is_none")]
    pub callback_rate: Option<Decimal>,
    /// `riskProfilePercent`.
    #[serde(default, with = "dec_opt", skip_serializing_if = "Option::is_none")]
    pub risk_profile_percent: Option<Decimal>,
}

impl ManualOrderBody {
    /// The body of a valid order.
    fn from_fields(f: ManualOrderFields) -> Self {
        ManualOrderBody {
            symbol: f.symbol.unwrap_or_default(),
            order_type: ManualOrderType::parse(f.order_type.as_deref().unwrap_or_default()),
            side: Side::parse(f.side.as_deref().unwrap_or_default()),
            price: f.price,
            amount: f.amount.unwrap_or_default(),
            take_profit_prices: f.take_profit_prices.unwrap_or_default(),
            stop_trigger_price: f.stop_trigger_price,
            stop_trigger_type: f.stop_trigger_type.as_deref().map(StopTriggerType::parse),
            stop_price: f.stop_price,
            callback_rate: f.callback_rate,
            risk_profile_percent: f.risk_profile_percent,
        }
    }
}

/// `POST /v1/priv/exchange/order/<API_KEY_ID>`: the answer lists the entry order and the
/// take-profit and stop orders placed with it. The key must be MANUAL and FUTURES.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateManualOrder {
    id: String,
    order: ManualOrder,
}

impl CreateManualOrder {
    /// `order` on key `id`.
    pub fn new(id: impl fmt::Display, order: impl Into<ManualOrder>) -> Self {
        CreateManualOrder {
            id: id.to_string(),
            order: order.into(),
        }
    }
}

impl ApiRequest for CreateManualOrder {
    type Output = Vec<Order>;
    fn to_request(&self) -> Result<Request> {
        let fields = self.order.fields();
        let mut errors: Vec<_> = validate::path_uuid(&self.id).into_iter().collect();
        errors.extend(validate::manual_order(&fields));
        validate::into_result(errors)?;
        id_path(&ep::CREATE_MANUAL_ORDER, &self.id)?.json(&ManualOrderBody::from_fields(fields))
    }
    fn decode(r: &Response) -> Result<Self::Output> {
        json(r)
    }
}

#[derive(Serialize)]
struct SymbolBody<'a> {
    symbol: &'a str,
}

/// `DELETE /v1/priv/exchange/position/<API_KEY_ID>`: closes the position and its open
/// orders; answers 204.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelFuturesPosition {
    id: String,
    symbol: String,
}

impl CancelFuturesPosition {
    /// Closes key `id`'s `symbol` position.
    pub fn new(id: impl fmt::Display, symbol: impl Into<String>) -> Self {
        CancelFuturesPosition {
            id: id.to_string(),
            symbol: symbol.into(),
        }
    }
}

fn key_body_check(id: &str, symbol: &str) -> Result<()> {
    let mut errors: Vec<_> = validate::path_uuid(id).into_iter().collect();
    errors.extend(validate::symbol(symbol, location::BODY));
    validate::into_result(errors)
}

impl ApiRequest for CancelFuturesPosition {
    type Output = ();
    fn to_request(&self) -> Result<Request> {
        key_body_check(&self.id, &self.symbol)?;
        id_path(&ep::CANCEL_FUTURES_POSITION, &self.id)?.json(&SymbolBody {
            symbol: &self.symbol,
        })
    }
    fn decode(r: &Response) -> Result<()> {
        empty(r)
    }
}

/// `PUT /v1/priv/exchange/order/<API_KEY_ID>/leverage`; answers 204.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeFuturesLeverage {
    id: String,
    symbol: String,
    leverage: u32,
}

impl ChangeFuturesLeverage {
    /// Sets `symbol`'s leverage (1 to 125) on key `id`.
    pub fn new(id: impl fmt::Display, symbol: impl Into<String>, leverage: u32) -> Self {
        ChangeFuturesLeverage {
            id: id.to_string(),
            symbol: symbol.into(),
            leverage,
        }
    }
}

/// The body of Change Futures Leverage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeverageBody {
    /// `symbol`.
    pub symbol: String,
    /// `leverage`.
    pub leverage: i64,
}

impl ApiRequest for ChangeFuturesLeverage {
    type Output = ();
    fn to_request(&self) -> Result<Request> {
        key_body_check(&self.id, &self.symbol)?;
        validate::into_result(
            validate::leverage(i64::from(self.leverage))
                .into_iter()
                .collect(),
        )?;
        id_path(&ep::CHANGE_FUTURES_LEVERAGE, &self.id)?.json(&LeverageBody {
            symbol: self.symbol.clone(),
            leverage: i64::from(self.leverage),
        })
    }
    fn decode(r: &Response) -> Result<()> {
        empty(r)
    }
}

/// `PUT /v1/priv/exchange/order/<API_KEY_ID>/margin`; answers 204.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeFuturesMarginType {
    id: String,
    symbol: String,
    margin_type: MarginType,
}

impl ChangeFuturesMarginType {
    /// Sets `symbol`'s margin type on key `id`.
    pub fn new(id: impl fmt::Display, symbol: impl Into<String>, margin_type: MarginType) -> Self {
        ChangeFuturesMarginType {
            id: id.to_string(),
            symbol: symbol.into(),
            margin_type,
        }
    }
}

/// The body of Change Futures Margin Type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarginBody {
    /// `symbol`.
    pub symbol: String,
    /// `type`.
    #[serde(rename = "type")]
    pub margin_type: MarginType,
}

impl ApiRequest for ChangeFuturesMarginType {
    type Output = ();
    fn to_request(&self) -> Result<Request> {
        key_body_check(&self.id, &self.symbol)?;
        if let MarginType::Other(v) = &self.margin_type {
            validate::into_result(vec![validate::FieldError::new(
                v.as_str(),
                "must be one of ISOLATED, CROSSED",
                "type",
                location::BODY,
            )])?;
        }
        id_path(&ep::CHANGE_FUTURES_MARGIN_TYPE, &self.id)?.json(&MarginBody {
            symbol: self.symbol.clone(),
            margin_type: self.margin_type.clone(),
        })
    }
    fn decode(r: &Response) -> Result<()> {
        empty(r)
    }
}

impl Client {
    /// List Strategy Automated History: orders of followed strategies (one page;
    /// `.into_stream()` for all).
    pub fn list_strategy_automated_history(&self) -> Call<'_, ListStrategyAutomatedHistory> {
        self.call(ListStrategyAutomatedHistory::default())
    }

    /// List Manual Trading History (one page; `.into_stream()` for all).
    pub fn list_manual_trading_history(&self) -> Call<'_, ListManualTradingHistory> {
        self.call(ListManualTradingHistory::default())
    }

    /// List Open Orders of key `id` and `symbol`.
    pub fn list_open_orders(
        &self,
        id: impl fmt::Display,
        symbol: impl Into<String>,
    ) -> Call<'_, ListOpenOrders> {
        self.call(ListOpenOrders::new(id, symbol))
    }

    /// List Order History of key `id` and `symbol`.
    pub fn list_order_history(
        &self,
        id: impl fmt::Display,
        symbol: impl Into<String>,
    ) -> Call<'_, ListOrderHistory> {
        self.call(ListOrderHistory::new(id, symbol))
    }

    /// List Trade History (fills) of key `id` and `symbol`.
    pub fn list_trade_history(
        &self,
        id: impl fmt::Display,
        symbol: impl Into<String>,
    ) -> Call<'_, ListTradeHistory> {
        self.call(ListTradeHistory::new(id, symbol))
    }

    /// Get Futures Open Position of key `id` and `symbol` (`None` when flat).
    pub fn get_futures_open_position(
        &self,
        id: impl fmt::Display,
        symbol: impl Into<String>,
    ) -> Call<'_, GetFuturesOpenPosition> {
        self.call(GetFuturesOpenPosition::new(id, symbol))
    }

    /// Create Manual Order on key `id` (MANUAL, FUTURES). It clears the symbol's active
    /// position and open orders first. Not retried: a write without idempotency key.
    pub fn create_manual_order(
        &self,
        id: impl fmt::Display,
        order: impl Into<ManualOrder>,
    ) -> Call<'_, CreateManualOrder> {
        self.call(CreateManualOrder::new(id, order))
    }

    /// Cancel Futures Position: closes key `id`'s `symbol` position and its open orders (204).
    pub fn cancel_futures_position(
        &self,
        id: impl fmt::Display,
        symbol: impl Into<String>,
    ) -> Call<'_, CancelFuturesPosition> {
        self.call(CancelFuturesPosition::new(id, symbol))
    }

    /// Change Futures Leverage (1 to 125; above what the balance allows the venue answers
    /// 433 code 1500).
    pub fn change_futures_leverage(
        &self,
        id: impl fmt::Display,
        symbol: impl Into<String>,
        leverage: u32,
    ) -> Call<'_, ChangeFuturesLeverage> {
        self.call(ChangeFuturesLeverage::new(id, symbol, leverage))
    }

    /// Change Futures Margin Type.
    pub fn change_futures_margin_type(
        &self,
        id: impl fmt::Display,
        symbol: impl Into<String>,
        margin_type: MarginType,
    ) -> Call<'_, ChangeFuturesMarginType> {
        self.call(ChangeFuturesMarginType::new(id, symbol, margin_type))
    }
}

//! Trading: trade history, exchange orders and positions, and order execution (manual
//! futures orders, closing positions, leverage and margin type). Every endpoint is private.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use venue_common::api::{
    ApiRequest, Context, DecodeContext, PagedRequest, Params, ToParam, WireValue,
};
use venue_common::decimal_text::DecimalText;
use venue_common::{Endpoint, Error, Request, Response, Result};

use crate::Client;
use crate::account::next_by_token;
use crate::generated::client::Call;
use crate::generated::endpoints as ep;
use crate::generated::requests::*;
use crate::serde_util::{dec, dec_opt, dec_vec, ms_opt, ts, ts_opt};
use crate::types::{
    ExchangeId, MarginType, OrderSide, OrderStatus, OrderType, PositionSide, Side, StopTriggerType,
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

// ------------------------------------------------------------------ checks and pages

/// Every record from this page on (`.into_stream()`), in the venue's order (`nextToken` is its
/// cursor).
impl PagedRequest for ListStrategyAutomatedHistoryRequest {
    type Item = TradeRecord;

    fn next_page(&self, page: Self::Output) -> Result<(Vec<TradeRecord>, Option<Self>)> {
        next_by_token(self, self.next_token.as_ref(), page, |r, t| r.next_token(t))
    }
}

/// Every record from this page on (`.into_stream()`), in the venue's order (`nextToken` is its
/// cursor).
impl PagedRequest for ListManualTradingHistoryRequest {
    type Item = TradeRecord;

    fn next_page(&self, page: Self::Output) -> Result<(Vec<TradeRecord>, Option<Self>)> {
        next_by_token(self, self.next_token.as_ref(), page, |r, t| r.next_token(t))
    }
}

/// A key id in the path and a symbol in the query or body.
fn key_symbol(id: &str, symbol: &str, loc: &str) -> Result<()> {
    validate::into_result(
        (validate::path_uuid(id).into_iter())
            .chain(validate::symbol(symbol, loc))
            .collect(),
    )
}

pub(crate) fn check_list_open_orders(r: &ListOpenOrdersRequest, _: &Context) -> Result<()> {
    key_symbol(&r.id, &r.symbol, location::QUERY)
}

pub(crate) fn check_list_order_history(r: &ListOrderHistoryRequest, _: &Context) -> Result<()> {
    key_symbol(&r.id, &r.symbol, location::QUERY)
}

pub(crate) fn check_list_trade_history(r: &ListTradeHistoryRequest, _: &Context) -> Result<()> {
    key_symbol(&r.id, &r.symbol, location::QUERY)
}

pub(crate) fn check_get_futures_open_position(
    r: &GetFuturesOpenPositionRequest,
    _: &Context,
) -> Result<()> {
    key_symbol(&r.id, &r.symbol, location::QUERY)
}

pub(crate) fn check_cancel_futures_position(
    r: &CancelFuturesPositionRequest,
    _: &Context,
) -> Result<()> {
    key_symbol(&r.id, &r.symbol, location::BODY)
}

/// The leverage range itself is the spec's `min`/`max`.
pub(crate) fn check_change_futures_leverage(
    r: &ChangeFuturesLeverageRequest,
    _: &Context,
) -> Result<()> {
    key_symbol(&r.id, &r.symbol, location::BODY)
}

pub(crate) fn check_change_futures_margin_type(
    r: &ChangeFuturesMarginTypeRequest,
    _: &Context,
) -> Result<()> {
    key_symbol(&r.id, &r.symbol, location::BODY)?;
    match &r.margin_type {
        MarginType::Other(v) => Err(Error::invalid(
            "type",
            format!("must be one of ISOLATED, CROSSED (got `{v}`)"),
        )),
        _ => Ok(()),
    }
}

// ------------------------------------------------------------------ manual orders

/// A price of a manual order (`price`, `stopPrice`): `Price(dec!(19000))`. Prices, amounts and
/// trigger prices are distinct types so that two of them cannot be swapped at a call site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Price(pub Decimal);

/// An amount of a manual order in the base asset (`amount`): `Amount(dec!(0.05))`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Amount(pub Decimal);

/// A MARKET order has one number only, so [`ManualOrder::market`] also takes a plain decimal
/// as its amount; [`ManualOrder::limit`] and [`ManualOrder::trailing_stop`] take [`Amount`]
/// itself.
impl From<Decimal> for Amount {
    fn from(amount: Decimal) -> Self {
        Amount(amount)
    }
}

/// The price that triggers a stop-loss (`stopTriggerPrice`): `Trigger(dec!(19000))`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Trigger(pub Decimal);

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
    /// A market stop-loss: `StopLoss::market(Trigger(dec!(19000)))`.
    pub fn market(trigger_price: Trigger) -> Self {
        StopLoss::Market {
            trigger_price: trigger_price.0,
        }
    }

    /// A limit stop-loss: `StopLoss::limit(Trigger(dec!(19000)), Price(dec!(18990)))`.
    pub fn limit(trigger_price: Trigger, price: Price) -> Self {
        StopLoss::Limit {
            trigger_price: trigger_price.0,
            price: price.0,
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
    /// A MARKET order of `amount`: `ManualOrder::market("BTC/USDT", Side::Buy, Amount(dec!(0.05)))`.
    /// Its only number is the amount, so a plain decimal is accepted too.
    pub fn market(symbol: impl Into<String>, side: Side, amount: impl Into<Amount>) -> EntryOrder {
        EntryOrder {
            symbol: symbol.into(),
            side,
            amount: amount.into().0,
            price: None,
            take_profit_prices: Vec::new(),
            stop_loss: None,
            risk_profile_percent: None,
        }
    }

    /// A LIMIT order of `amount` at `price`:
    ///
    /// ```
    /// use mudawyl_rs::{Amount, ManualOrder, Price, Side, dec};
    /// let order = ManualOrder::limit("BTC/USDT", Side::Buy, Price(dec!(19000)), Amount(dec!(0.05)));
    /// ```
    ///
    /// Swapped, the price and amount do not compile:
    ///
    /// ```compile_fail
    /// use mudawyl_rs::{Amount, ManualOrder, Price, Side, dec};
    /// let order = ManualOrder::limit("BTC/USDT", Side::Buy, Amount(dec!(0.05)), Price(dec!(19000)));
    /// ```
    pub fn limit(
        symbol: impl Into<String>,
        side: Side,
        price: Price,
        amount: Amount,
    ) -> EntryOrder {
        EntryOrder {
            price: Some(price.0),
            ..ManualOrder::market(symbol, side, amount)
        }
    }

    /// A TRAILING_STOP order of `amount` activated at `price`, trailing by `callback_rate`
    /// percent (0.1 to 5; 1 = 1 %).
    ///
    /// ```
    /// use mudawyl_rs::{Amount, ManualOrder, Price, Side, dec};
    /// let order = ManualOrder::trailing_stop(
    ///     "BTC/USDT", Side::Sell, Price(dec!(20000)), Amount(dec!(0.01)), dec!(0.5),
    /// );
    /// ```
    ///
    /// ```compile_fail
    /// use mudawyl_rs::{Amount, ManualOrder, Price, Side, dec};
    /// let order = ManualOrder::trailing_stop(
    ///     "BTC/USDT", Side::Sell, Amount(dec!(0.01)), Price(dec!(20000)), dec!(0.5),
    /// );
    /// ```
    pub fn trailing_stop(
        symbol: impl Into<String>,
        side: Side,
        price: Price,
        amount: Amount,
        callback_rate: Decimal,
    ) -> TrailingStopOrder {
        TrailingStopOrder {
            symbol: symbol.into(),
            side,
            amount: amount.0,
            price: price.0,
            callback_rate,
            risk_profile_percent: None,
        }
    }

    /// The body's fields as the venue reads them.
    pub fn fields(&self) -> ManualOrderFields<'_> {
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
                    symbol: Some(e.symbol.as_str().into()),
                    order_type: Some(if e.price.is_some() { "LIMIT" } else { "MARKET" }.into()),
                    side: Some(e.side.as_str().into()),
                    price: e.price,
                    amount: Some(e.amount),
                    take_profit_prices: (!e.take_profit_prices.is_empty())
                        .then(|| e.take_profit_prices.as_slice().into()),
                    stop_trigger_price: stp,
                    stop_trigger_type: stt.map(Into::into),
                    stop_price: sp,
                    callback_rate: None,
                    risk_profile_percent: e.risk_profile_percent,
                }
            }
            ManualOrder::TrailingStop(t) => ManualOrderFields {
                symbol: Some(t.symbol.as_str().into()),
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

/// `POST /v1/priv/exchange/order/{id}`: a manual futures order on key `id` (MANUAL, FUTURES),
/// with its take-profit and stop-loss orders; the answer lists every order placed. Written by
/// hand (the spec marks it `custom`): its typed order kinds are not a flat parameter table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CreateManualOrderRequest {
    /// API_KEY_ID (`id`, path).
    pub id: String,
    /// The order (the JSON body).
    pub order: ManualOrder,
}

impl CreateManualOrderRequest {
    /// `order` on key `id`.
    pub fn new(id: impl Into<String>, order: impl Into<ManualOrder>) -> Self {
        CreateManualOrderRequest {
            id: id.into(),
            order: order.into(),
        }
    }
}

/// Text borrowed from the order's fields.
fn text<'a>(s: &'a Option<Cow<'_, str>>) -> Option<WireValue<'a>> {
    s.as_deref().map(|s| WireValue::Text(s.into()))
}

/// A decimal as a JSON number with its exact digits.
fn number(d: &Option<Decimal>) -> Option<WireValue<'static>> {
    d.as_ref()
        .map(|d| WireValue::Number(DecimalText::exact(d).as_str().to_owned().into()))
}

/// A list of decimals as a JSON array of numbers.
fn numbers(prices: &[Decimal]) -> WireValue<'static> {
    let mut list = String::with_capacity(2 + prices.len() * 12);
    list.push('[');
    for (i, price) in prices.iter().enumerate() {
        if i > 0 {
            list.push(',');
        }
        list.push_str(DecimalText::exact(price).as_str());
    }
    list.push(']');
    WireValue::Json(list.into())
}

impl ApiRequest for CreateManualOrderRequest {
    type Client = Client;
    type Output = Vec<Order>;
    const ENDPOINT: Endpoint = ep::CREATE_MANUAL_ORDER;

    fn validate(&self, _: &Context) -> Result<()> {
        let mut errors: Vec<_> = validate::path_uuid(&self.id).into_iter().collect();
        errors.extend(validate::manual_order(&self.order.fields()));
        validate::into_result(errors)
    }

    fn to_request(&self) -> Result<Request> {
        let f = self.order.fields();
        let mut p = Params::new(&Self::ENDPOINT);
        p.path("id", self.id.to_param());
        p.body("symbol", text(&f.symbol));
        p.body("type", text(&f.order_type));
        p.body("side", text(&f.side));
        p.body("price", number(&f.price));
        p.body("amount", number(&f.amount));
        p.body(
            "takeProfitPrices",
            f.take_profit_prices.as_deref().map(numbers),
        );
        p.body("stopTriggerPrice", number(&f.stop_trigger_price));
        p.body("stopTriggerType", text(&f.stop_trigger_type));
        p.body("stopPrice", number(&f.stop_price));
        p.body("callbackRate", number(&f.callback_rate));
        p.body("riskProfilePercent", number(&f.risk_profile_percent));
        p.build()
    }

    fn decode(response: Response, _: &DecodeContext<'_>) -> Result<Vec<Order>> {
        crate::error::decode(response)
    }
}

impl Client {
    /// `POST /v1/priv/exchange/order/{id}`: Create Manual Order on key `id` (MANUAL, FUTURES).
    /// It clears the symbol's active position and open orders first. Not retried: a write
    /// without idempotency key.
    ///
    /// Sends [`CreateManualOrderRequest`].
    pub fn create_manual_order(
        &self,
        id: impl Into<String>,
        order: impl Into<ManualOrder>,
    ) -> Call<CreateManualOrderRequest> {
        Call::new(self, CreateManualOrderRequest::new(id, order))
    }
}

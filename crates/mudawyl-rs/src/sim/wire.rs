//! What the local Mudawyl sends, record by record as the document's response samples and field
//! tables show them (`002_8749e41c3e2142e4.txt`), written apart from the client's models so
//! that a misreading on either side fails a test:
//!
//! - numbers are JSON numbers with exact digits, written as JavaScript writes them (`0.05`,
//!   `2000`, never `"0.05"` or `0.050`);
//! - times are `2022-09-09T01:57:36.304Z` (UTC, milliseconds); the ticker's and placed orders'
//!   `timestamp` is UNIX milliseconds; days are `2022-09-13`;
//! - the venue's own enumerations are upper case (`FUTURES`, `AUTOMATED`, `AUTHORIZED`), the
//!   exchange's (ccxt) lower case (`market`, `take_profit`, `open`, `buy`, `long`);
//! - keys are spelled as the samples spell them, capitals included (`SubscriptionType`,
//!   `StrategyAutomated`, `StrategyRiskProfile`, `StrategyAutomatedTrigger`, `USD`,
//!   `totalUSD`).
//!
//! The records the document's public samples seed (plans, risk profiles, strategies, strategy
//! history and performance, the ticker, the automated trade history) also read those samples,
//! exactly, so they go back out as the document wrote them (the fourth strategy's `createdAt`
//! without its `Z` included).

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use uuid::Uuid;

// ------------------------------------------------------------------ how values are written

/// A decimal as a JSON number with its exact digits.
#[derive(Debug, Clone, Copy)]
struct Num(Decimal);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        venue_common::sim::json::serialize_num(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        let text = raw.get().trim();
        let exact = text
            .starts_with(|c: char| c == '-' || c.is_ascii_digit())
            .then(|| venue_common::sim::fields::decimal(text))
            .flatten();
        exact
            .map(Num)
            .ok_or_else(|| de::Error::custom(format!("expected a number, found `{text}`")))
    }
}

/// `Decimal` as a JSON number.
mod number {
    use super::*;

    pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        Num(*v).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        Num::deserialize(d).map(|n| n.0)
    }
}

/// `Option<Decimal>` as a JSON number or `null`.
mod number_opt {
    use super::*;

    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        v.map(Num).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        Option::<Num>::deserialize(d).map(|n| n.map(|n| n.0))
    }
}

/// `Vec<Decimal>` as a JSON array of numbers.
mod numbers {
    use super::*;

    pub fn serialize<S: Serializer>(v: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|d| Num(*d)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Decimal>, D::Error> {
        Vec::<Num>::deserialize(d).map(|v| v.into_iter().map(|n| n.0).collect())
    }
}

/// A time as the venue writes it: `2022-09-09T01:57:36.304Z`.
pub(crate) fn time_text(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// `DateTime<Utc>` as the venue's text.
mod time {
    use super::*;

    pub fn serialize<S: Serializer>(v: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&time_text(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| de::Error::custom(format!("invalid time `{text}`: {e}")))
    }
}

/// `Option<DateTime<Utc>>` as the venue's text or `null`.
mod time_opt {
    use super::*;

    pub fn serialize<S: Serializer>(v: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        v.as_ref().map(time_text).serialize(s)
    }
}

/// `DateTime<Utc>` as UNIX milliseconds.
mod millis {
    use super::*;

    pub fn serialize<S: Serializer>(v: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(v.timestamp_millis())
    }
}

// ------------------------------------------------------------------ lists

/// A list answer: `{"items": [...]}`.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub(crate) struct Items<T> {
    pub items: Vec<T>,
}

/// A `nextToken` page: `{"items": [...], "nextToken": null}`.
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Page<T> {
    pub items: Vec<T>,
    pub next_token: Option<String>,
}

// ------------------------------------------------------------------ public data

/// Get Exchange Ticker: the exchange's ticker, every number a JSON number, `timestamp` in
/// milliseconds beside its `datetime` text.
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Ticker {
    pub symbol: String,
    pub timestamp: i64,
    pub datetime: String,
    #[serde(with = "number_opt")]
    pub high: Option<Decimal>,
    #[serde(with = "number_opt")]
    pub low: Option<Decimal>,
    #[serde(with = "number_opt")]
    pub vwap: Option<Decimal>,
    #[serde(with = "number_opt")]
    pub open: Option<Decimal>,
    #[serde(with = "number_opt")]
    pub close: Option<Decimal>,
    #[serde(with = "number_opt")]
    pub last: Option<Decimal>,
    #[serde(with = "number_opt")]
    pub change: Option<Decimal>,
    #[serde(with = "number_opt")]
    pub percentage: Option<Decimal>,
    #[serde(with = "number_opt")]
    pub average: Option<Decimal>,
    #[serde(with = "number_opt")]
    pub base_volume: Option<Decimal>,
    #[serde(with = "number_opt")]
    pub quote_volume: Option<Decimal>,
}

/// List Subscriptions Plans: `monthlyPriceUSD` Float, `maxBalanceUSD` Integer, and
/// `maxApiKey`, typed String in the table but a number in the sample (sent as the sample).
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SubscriptionPlan {
    pub id: String,
    pub name: String,
    #[serde(rename = "monthlyPriceUSD", with = "number")]
    pub monthly_price_usd: Decimal,
    #[serde(rename = "maxBalanceUSD", with = "number")]
    pub max_balance_usd: Decimal,
    pub max_api_key: u32,
    pub strategy_automated: bool,
}

/// List Strategy Risk Profile.
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RiskProfile {
    pub id: String,
    pub name: String,
    #[serde(with = "number")]
    pub percentage: Decimal,
    pub created_at: String,
    pub updated_at: String,
}

/// List Strategy Automated. Times are the sample's text as it is.
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Strategy {
    pub id: String,
    pub active: bool,
    pub name: String,
    pub description: Option<String>,
    pub exchange_id: String,
    pub symbol: String,
    pub created_at: String,
    pub updated_at: String,
}

/// List Strategy History: one interval, `start` inclusive and `endAt` exclusive days; the
/// rates are `null` for an interval without trades.
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StrategyHistoryEntry {
    pub start: String,
    pub end_at: String,
    #[serde(with = "number_opt")]
    pub net_profit_percent: Option<Decimal>,
    #[serde(with = "number_opt")]
    pub win_rate: Option<Decimal>,
    #[serde(with = "number_opt")]
    pub max_draw_down: Option<Decimal>,
    pub trades: u64,
    pub long: u64,
    pub short: u64,
}

/// Get Strategy Performance.
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StrategyPerformance {
    #[serde(with = "number_opt")]
    pub net_profit_percent: Option<Decimal>,
    #[serde(with = "number_opt")]
    pub win_rate: Option<Decimal>,
    #[serde(with = "number_opt")]
    pub max_draw_down: Option<Decimal>,
    pub trades: u64,
    pub long: u64,
    pub short: u64,
}

// ------------------------------------------------------------------ account

/// Get (and Put) User Profile: every field but the times may be `null`.
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UserProfile {
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub country: Option<String>,
    pub language: Option<String>,
    pub timezone: Option<String>,
    #[serde(with = "time")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "time")]
    pub updated_at: DateTime<Utc>,
}

/// Get Exchange Total Balance: `{"USD": 12345.12}`.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct TotalBalance {
    #[serde(rename = "USD", with = "number")]
    pub usd: Decimal,
}

/// `tradeType`: `[SPOT, FUTURES]`.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum TradeType {
    Spot,
    Futures,
}

/// `strategyType`: `[AUTOMATED, MANUAL]`.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum StrategyType {
    Automated,
    Manual,
}

/// The exchange the venue trades on (`exchangeId`: `[BINANCE]`).
pub(crate) const BINANCE: &str = "BINANCE";

/// `apiKeyStatus`, the key's "last access status" (`[AUTHORIZED, UNAUTHORIZED, FAILED]`): the
/// exchange accepted the key the last time the venue used it.
pub(crate) const AUTHORIZED: &str = "AUTHORIZED";

/// `apiKeyStatus`: the exchange refused the key the last time the venue used it.
pub(crate) const UNAUTHORIZED: &str = "UNAUTHORIZED";

/// `apiKeyStatus`: the last use of the key failed without the exchange refusing it.
pub(crate) const FAILED: &str = "FAILED";

/// An exchange API key (List, Create and Update Exchange Key).
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ExchangeKey {
    pub id: Uuid,
    pub exchange_id: &'static str,
    pub trade_type: TradeType,
    pub strategy_type: StrategyType,
    pub active: bool,
    pub name: String,
    pub api_key_status: &'static str,
    pub api_key: String,
    #[serde(with = "time")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "time")]
    pub updated_at: DateTime<Utc>,
}

/// Amounts per asset, in the exchange's order (`{"BNB": 0, "USDT": 2383.52587258, ...}`).
#[derive(Clone, Debug)]
pub(crate) struct Assets(pub Vec<(&'static str, Decimal)>);

impl Serialize for Assets {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (asset, amount) in &self.0 {
            map.serialize_entry(asset, &Num(*amount))?;
        }
        map.end()
    }
}

/// Get Exchange Key Balance: `free`, `used` and `total` per asset.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct KeyBalance {
    pub free: Assets,
    pub used: Assets,
    pub total: Assets,
}

/// List Exchange Key Balance History: a day's total in USD.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct BalanceSnapshot {
    pub date: NaiveDate,
    #[serde(rename = "totalUSD", with = "number")]
    pub total_usd: Decimal,
}

/// Get Alert Method.
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AlertMethod {
    pub telegram_bot_url: String,
    pub telegram_auth_code: String,
    pub telegram_active: bool,
    #[serde(with = "time")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "time")]
    pub updated_at: DateTime<Utc>,
}

/// Get (and Put) Notification Settings.
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NotificationSettings {
    pub weekly_report: bool,
    pub monthly_report: bool,
    pub email_new_order: bool,
    pub email_take_profit: bool,
    pub email_stop_loss: bool,
    pub telegram_new_order: bool,
    pub telegram_take_profit: bool,
    pub telegram_stop_loss: bool,
    #[serde(with = "time")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "time")]
    pub updated_at: DateTime<Utc>,
}

/// The plan of Get User Subscription (no price: `id`, `name`, `maxBalanceUSD` Integer,
/// `maxApiKey` Integer, `strategyAutomated`).
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SubscriptionType {
    pub id: String,
    pub name: String,
    #[serde(rename = "maxBalanceUSD", with = "number")]
    pub max_balance_usd: Decimal,
    pub max_api_key: u32,
    pub strategy_automated: bool,
}

/// Get User Subscription: `paymentType` (`[STRIPE]`) and the plan under a capitalised key.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct UserSubscription {
    #[serde(rename = "paymentType")]
    pub payment_type: &'static str,
    #[serde(rename = "SubscriptionType")]
    pub subscription_type: SubscriptionType,
}

/// The Stripe plan: `amount` Integer in cents, `currency` lower case, `interval`
/// `[day, week, month, year]`, `trialPeriodDays` Integer or `null`.
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StripePlan {
    pub amount: i64,
    pub currency: &'static str,
    pub interval: &'static str,
    pub trial_period_days: Option<u32>,
}

/// Get (and Update) Stripe Subscription.
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StripeSubscription {
    pub cancel_at_period_end: bool,
    #[serde(with = "time_opt")]
    pub cancel_at: Option<DateTime<Utc>>,
    #[serde(with = "time")]
    pub current_period_start: DateTime<Utc>,
    #[serde(with = "time")]
    pub current_period_end: DateTime<Utc>,
    #[serde(with = "time_opt")]
    pub trial_start: Option<DateTime<Utc>>,
    #[serde(with = "time_opt")]
    pub trial_end: Option<DateTime<Utc>>,
    pub plan: StripePlan,
}

/// Create Stripe Subscription Checkout.
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Checkout {
    pub url: String,
    pub success_url: String,
    pub cancel_url: String,
}

/// List Stripe Billing History: a paid invoice, `amountPaid` Integer in cents.
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Invoice {
    pub number: String,
    pub currency: &'static str,
    pub amount_paid: i64,
    #[serde(with = "time_opt")]
    pub period_start: Option<DateTime<Utc>>,
    #[serde(with = "time_opt")]
    pub period_end: Option<DateTime<Utc>>,
    pub hosted_url: String,
    pub pdf: String,
    #[serde(with = "time")]
    pub created_at: DateTime<Utc>,
}

// ------------------------------------------------------------------ trade history

/// The strategy named in an automated record (`StrategyAutomated`).
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TriggerStrategy {
    pub name: String,
    pub exchange_id: String,
    pub symbol: String,
}

/// What triggered an automated order (`StrategyAutomatedTrigger`); `tradeSide` upper case.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub(crate) struct StrategyTrigger {
    #[serde(rename = "StrategyAutomated")]
    pub strategy_automated: TriggerStrategy,
    #[serde(rename = "tradeSide")]
    pub trade_side: String,
}

/// An order of List Strategy Automated History or List Manual Trading History. The manual
/// sample has neither `leverage` nor `StrategyAutomatedTrigger`: those keys are the automated
/// records' only.
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TradeRecord {
    pub order_id: String,
    #[serde(with = "number")]
    pub price: Decimal,
    #[serde(with = "number")]
    pub amount: Decimal,
    #[serde(with = "number")]
    pub cost: Decimal,
    #[serde(with = "number_opt")]
    pub stop: Option<Decimal>,
    pub stop_type: Option<String>,
    #[serde(with = "numbers")]
    pub take_profit: Vec<Decimal>,
    #[serde(with = "number_opt")]
    pub trailing_trigger_price: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leverage: Option<u32>,
    #[serde(with = "number_opt")]
    pub callback_rate: Option<Decimal>,
    #[serde(with = "number_opt")]
    pub risk_profile_percent: Option<Decimal>,
    #[serde(with = "time")]
    pub created_at: DateTime<Utc>,
    #[serde(
        rename = "StrategyAutomatedTrigger",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub strategy_automated_trigger: Option<StrategyTrigger>,
}

// ------------------------------------------------------------------ exchange orders

/// An exchange order's `type`, as the exchange library writes it.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum OrderType {
    Market,
    Limit,
    Stop,
    StopMarket,
    TakeProfit,
    TrailingStopMarket,
}

/// An exchange order's `status`.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum OrderStatus {
    Open,
    Closed,
    Canceled,
}

/// An exchange order's or trade's `side`.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum OrderSide {
    Buy,
    Sell,
}

impl OrderSide {
    pub fn opposite(self) -> OrderSide {
        match self {
            OrderSide::Buy => OrderSide::Sell,
            OrderSide::Sell => OrderSide::Buy,
        }
    }
}

/// A fee: `{"cost": 1.04788463, "currency": "USDT"}`.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct Fee {
    #[serde(with = "number")]
    pub cost: Decimal,
    pub currency: &'static str,
}

/// A fill, as List Trade History shows it (`type` is `null` there).
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Trade {
    pub id: String,
    pub order: String,
    pub symbol: String,
    #[serde(rename = "type")]
    pub order_type: Option<OrderType>,
    #[serde(with = "time")]
    pub datetime: DateTime<Utc>,
    pub side: OrderSide,
    pub taker_or_maker: &'static str,
    #[serde(with = "number")]
    pub price: Decimal,
    #[serde(with = "number")]
    pub amount: Decimal,
    #[serde(with = "number")]
    pub cost: Decimal,
    pub fee: Fee,
    pub fees: Vec<Fee>,
}

/// An exchange order as List Open Orders and List Order History show it: every key present,
/// `null` where the order has no value, no `timestamp`.
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Order {
    pub id: String,
    pub symbol: String,
    #[serde(rename = "type")]
    pub order_type: OrderType,
    pub client_order_id: String,
    #[serde(with = "time")]
    pub datetime: DateTime<Utc>,
    pub time_in_force: &'static str,
    pub post_only: bool,
    pub reduce_only: bool,
    pub side: OrderSide,
    #[serde(with = "number_opt")]
    pub price: Option<Decimal>,
    #[serde(with = "number_opt")]
    pub stop_price: Option<Decimal>,
    #[serde(with = "number")]
    pub amount: Decimal,
    #[serde(with = "number")]
    pub cost: Decimal,
    #[serde(with = "number_opt")]
    pub average: Option<Decimal>,
    #[serde(with = "number")]
    pub filled: Decimal,
    #[serde(with = "number")]
    pub remaining: Decimal,
    pub status: OrderStatus,
    /// The exchange's fee of the order: `null` in every sample (fees show in trade history).
    pub fee: Option<Fee>,
    /// The order's fills: `[]` in every sample (fills show in trade history).
    pub trades: Vec<Trade>,
    pub fees: Vec<Fee>,
}

/// An order of Create Manual Order's answer, in that sample's shape: `timestamp`
/// (milliseconds) beside `datetime`, and a key the order has no value for left out rather than
/// `null` (no `stopPrice` on the entry, no `average` on what rests, no `fee`).
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PlacedOrder<'a> {
    id: &'a str,
    client_order_id: &'a str,
    #[serde(with = "millis")]
    timestamp: DateTime<Utc>,
    #[serde(with = "time")]
    datetime: DateTime<Utc>,
    symbol: &'a str,
    #[serde(rename = "type")]
    order_type: OrderType,
    time_in_force: &'static str,
    post_only: bool,
    reduce_only: bool,
    side: OrderSide,
    #[serde(with = "number_opt", skip_serializing_if = "Option::is_none")]
    price: Option<Decimal>,
    #[serde(with = "number_opt", skip_serializing_if = "Option::is_none")]
    stop_price: Option<Decimal>,
    #[serde(with = "number")]
    amount: Decimal,
    #[serde(with = "number")]
    cost: Decimal,
    #[serde(with = "number_opt", skip_serializing_if = "Option::is_none")]
    average: Option<Decimal>,
    #[serde(with = "number")]
    filled: Decimal,
    #[serde(with = "number")]
    remaining: Decimal,
    status: OrderStatus,
    trades: &'a [Trade],
    fees: &'a [Fee],
}

impl<'a> From<&'a Order> for PlacedOrder<'a> {
    fn from(o: &'a Order) -> Self {
        PlacedOrder {
            id: &o.id,
            client_order_id: &o.client_order_id,
            timestamp: o.datetime,
            datetime: o.datetime,
            symbol: &o.symbol,
            order_type: o.order_type,
            time_in_force: o.time_in_force,
            post_only: o.post_only,
            reduce_only: o.reduce_only,
            side: o.side,
            price: o.price,
            stop_price: o.stop_price,
            amount: o.amount,
            cost: o.cost,
            average: o.average,
            filled: o.filled,
            remaining: o.remaining,
            status: o.status,
            trades: &o.trades,
            fees: &o.fees,
        }
    }
}

/// A futures position's `side`.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum PositionSide {
    Long,
    Short,
}

/// Get Futures Open Position (the exchange library's position; `marginMode` and `marginType`
/// `cross` or `isolated`).
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Position {
    pub symbol: String,
    #[serde(with = "number")]
    pub contracts: Decimal,
    #[serde(with = "number")]
    pub contract_size: Decimal,
    #[serde(with = "number")]
    pub unrealized_pnl: Decimal,
    pub leverage: u32,
    #[serde(with = "number")]
    pub liquidation_price: Decimal,
    #[serde(with = "number")]
    pub collateral: Decimal,
    #[serde(with = "number")]
    pub notional: Decimal,
    #[serde(with = "number")]
    pub mark_price: Decimal,
    #[serde(with = "number")]
    pub entry_price: Decimal,
    #[serde(with = "number")]
    pub initial_margin: Decimal,
    #[serde(with = "number")]
    pub initial_margin_percentage: Decimal,
    #[serde(with = "number")]
    pub maintenance_margin: Decimal,
    #[serde(with = "number")]
    pub maintenance_margin_percentage: Decimal,
    #[serde(with = "number_opt")]
    pub margin_ratio: Option<Decimal>,
    #[serde(with = "time")]
    pub datetime: DateTime<Utc>,
    pub margin_mode: &'static str,
    pub margin_type: &'static str,
    pub side: PositionSide,
    pub hedged: bool,
    #[serde(with = "number_opt")]
    pub percentage: Option<Decimal>,
}

// ------------------------------------------------------------------ strategy follows

/// The followed strategy (`StrategyAutomated` of a follow).
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FollowedStrategy {
    pub id: String,
    pub active: bool,
    pub exchange_id: String,
    pub symbol: String,
}

/// The follow's risk profile (`StrategyRiskProfile`).
#[derive(Serialize, Clone, Debug)]
pub(crate) struct FollowRiskProfile {
    pub id: String,
    #[serde(with = "number")]
    pub percentage: Decimal,
}

/// List Exchange Key Follows, Create Exchange Key Follow, Update Strategy Follow.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct StrategyFollow {
    pub id: Uuid,
    pub active: bool,
    #[serde(rename = "createdAt", with = "time")]
    pub created_at: DateTime<Utc>,
    #[serde(rename = "updatedAt", with = "time")]
    pub updated_at: DateTime<Utc>,
    #[serde(rename = "StrategyAutomated")]
    pub strategy_automated: FollowedStrategy,
    #[serde(rename = "StrategyRiskProfile")]
    pub strategy_risk_profile: FollowRiskProfile,
}

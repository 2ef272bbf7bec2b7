//! Public Data: ticker, subscription plans, strategies, their risk profiles, history and
//! performance. No authentication.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use venue_common::Result;
use venue_common::api::Context;

use crate::generated::requests::*;
use crate::serde_util::{dec, dec_opt, ms_opt, ts, ts_opt};
use crate::types::{ExchangeId, Interval};
use crate::validate::{self, location};

/// A list answer: `{"items": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Items<T> {
    /// The items.
    #[serde(default = "Vec::new")]
    pub items: Vec<T>,
}

/// The exchange's 24-hour ticker of a symbol (ccxt shape). Numbers the exchange may omit are
/// `Option`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ticker {
    /// Symbol, `BTC/USDT`.
    pub symbol: String,
    /// Time of the ticker (from UNIX milliseconds).
    #[serde(default, with = "ms_opt")]
    pub timestamp: Option<DateTime<Utc>>,
    /// The same time as text.
    #[serde(default, with = "ts_opt")]
    pub datetime: Option<DateTime<Utc>>,
    /// Highest price.
    #[serde(default, with = "dec_opt")]
    pub high: Option<Decimal>,
    /// Lowest price.
    #[serde(default, with = "dec_opt")]
    pub low: Option<Decimal>,
    /// Volume-weighted average price.
    #[serde(default, with = "dec_opt")]
    pub vwap: Option<Decimal>,
    /// Opening price.
    #[serde(default, with = "dec_opt")]
    pub open: Option<Decimal>,
    /// Closing price.
    #[serde(default, with = "dec_opt")]
    pub close: Option<Decimal>,
    /// Last price.
    #[serde(default, with = "dec_opt")]
    pub last: Option<Decimal>,
    /// Absolute change.
    #[serde(default, with = "dec_opt")]
    pub change: Option<Decimal>,
    /// Change in percent.
    #[serde(default, with = "dec_opt")]
    pub percentage: Option<Decimal>,
    /// Average of open and close.
    #[serde(default, with = "dec_opt")]
    pub average: Option<Decimal>,
    /// Volume in the base asset.
    #[serde(default, with = "dec_opt")]
    pub base_volume: Option<Decimal>,
    /// Volume in the quote asset.
    #[serde(default, with = "dec_opt")]
    pub quote_volume: Option<Decimal>,
}

/// A public subscription plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionPlan {
    /// SUBSCRIPTION_ID.
    pub id: Uuid,
    /// Plan name (`BASIC`, ...).
    pub name: String,
    /// Monthly price in USD.
    #[serde(rename = "monthlyPriceUSD", with = "dec")]
    pub monthly_price_usd: Decimal,
    /// Largest total account balance allowed, in USD.
    #[serde(rename = "maxBalanceUSD", with = "dec")]
    pub max_balance_usd: Decimal,
    /// Most exchange API keys allowed (the document types it String, the sample sends a number;
    /// both are accepted).
    #[serde(deserialize_with = "venue_common::serde_ext::int_or_string::deserialize")]
    pub max_api_key: u32,
    /// Whether the plan may follow automated strategies.
    pub strategy_automated: bool,
}

/// A strategy risk-of-equity profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RiskProfile {
    /// STRATEGY_PROFILE_ID.
    pub id: Uuid,
    /// `CONSERVATIVE`, `MODERATE`, `AGGRESSIVE`.
    pub name: String,
    /// Risk of equity per trade, in percent (1.5 = 1.5 %).
    #[serde(with = "dec")]
    pub percentage: Decimal,
    /// Created at.
    #[serde(with = "ts")]
    pub created_at: DateTime<Utc>,
    /// Updated at.
    #[serde(with = "ts")]
    pub updated_at: DateTime<Utc>,
}

/// An automated strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Strategy {
    /// STRATEGY_ID.
    pub id: Uuid,
    /// Whether it trades.
    pub active: bool,
    /// Display name.
    pub name: String,
    /// Description, may be null.
    #[serde(default)]
    pub description: Option<String>,
    /// Exchange.
    pub exchange_id: ExchangeId,
    /// Symbol it trades.
    pub symbol: String,
    /// Created at (one documented sample has no `Z`; read as UTC).
    #[serde(with = "ts")]
    pub created_at: DateTime<Utc>,
    /// Updated at.
    #[serde(with = "ts")]
    pub updated_at: DateTime<Utc>,
}

/// A strategy's results over one interval. Intervals without trades have `null` rates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StrategyHistoryEntry {
    /// Range start (inclusive).
    pub start: NaiveDate,
    /// Range end (exclusive).
    pub end_at: NaiveDate,
    /// Net profit in percent.
    #[serde(default, with = "dec_opt")]
    pub net_profit_percent: Option<Decimal>,
    /// Win rate, 0 to 1.
    #[serde(default, with = "dec_opt")]
    pub win_rate: Option<Decimal>,
    /// Maximum draw-down, 0 to 1.
    #[serde(default, with = "dec_opt")]
    pub max_draw_down: Option<Decimal>,
    /// Trades.
    pub trades: u64,
    /// LONG trades.
    pub long: u64,
    /// SHORT trades.
    pub short: u64,
}

/// Totals of a strategy's history range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StrategyPerformance {
    /// Net profit in percent.
    #[serde(default, with = "dec_opt")]
    pub net_profit_percent: Option<Decimal>,
    /// Win rate, 0 to 1.
    #[serde(default, with = "dec_opt")]
    pub win_rate: Option<Decimal>,
    /// Maximum draw-down, 0 to 1.
    #[serde(default, with = "dec_opt")]
    pub max_draw_down: Option<Decimal>,
    /// Trades.
    pub trades: u64,
    /// LONG trades.
    pub long: u64,
    /// SHORT trades.
    pub short: u64,
}

// ------------------------------------------------------------------ checks

pub(crate) fn check_get_exchange_ticker(r: &GetExchangeTickerRequest, _: &Context) -> Result<()> {
    let q = location::QUERY;
    let exchange = r.exchange_id.as_ref().map(ExchangeId::as_str);
    validate::into_result(
        (exchange
            .and_then(|e| validate::exchange_id(e, q))
            .into_iter())
        .chain(r.symbol.as_deref().and_then(|s| validate::symbol(s, q)))
        .chain(
            r.trade_type
                .as_ref()
                .and_then(|t| validate::ticker_type(t.as_str())),
        )
        .collect(),
    )
}

fn check_history(id: &str, interval: Option<&Interval>) -> Result<()> {
    validate::into_result(
        (validate::path_uuid(id).into_iter())
            .chain(interval.and_then(|i| validate::interval(i.as_str())))
            .collect(),
    )
}

pub(crate) fn check_list_strategy_history(
    r: &ListStrategyHistoryRequest,
    _: &Context,
) -> Result<()> {
    check_history(&r.id, r.interval.as_ref())
}

pub(crate) fn check_get_strategy_performance(
    r: &GetStrategyPerformanceRequest,
    _: &Context,
) -> Result<()> {
    check_history(&r.id, r.interval.as_ref())
}

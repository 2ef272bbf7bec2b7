//! Public Data: ticker, subscription plans, strategies, their risk profiles, history and
//! performance. No authentication.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use venue_common::{Request, Response, Result};

use crate::client::{ApiRequest, Call, Client, id_path, json, setters};
use crate::generated::endpoints as ep;
use crate::serde_util::{dec, dec_opt, ms_opt, ts, ts_opt};
use crate::types::{ExchangeId, Interval, TradeType};
use crate::validate;

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

// ------------------------------------------------------------------ requests

/// `GET /v1/pub/exchange/ticker`. Every parameter is optional; the venue's defaults are
/// BINANCE, BTC/USDT, FUTURES.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GetExchangeTicker {
    exchange_id: Option<ExchangeId>,
    symbol: Option<String>,
    trade_type: Option<TradeType>,
}

setters!(GetExchangeTicker {
    /// `exchangeId` (default BINANCE).
    exchange_id: ExchangeId,
    /// `symbol`, `BASE/QUOTE` (default BTC/USDT).
    symbol: String,
    /// `type` (default FUTURES).
    trade_type: TradeType,
});

impl ApiRequest for GetExchangeTicker {
    type Output = Ticker;

    fn to_request(&self) -> Result<Request> {
        let q = validate::location::QUERY;
        let mut errors: Vec<_> = self
            .exchange_id
            .as_ref()
            .and_then(|e| validate::exchange_id(e.as_str(), q))
            .into_iter()
            .collect();
        errors.extend(self.symbol.as_deref().and_then(|s| validate::symbol(s, q)));
        errors.extend(
            self.trade_type
                .as_ref()
                .and_then(|t| validate::ticker_type(t.as_str())),
        );
        validate::into_result(errors)?;
        Ok(ep::GET_EXCHANGE_TICKER
            .request()
            .query_opt("exchangeId", self.exchange_id.as_ref())
            .query_opt("symbol", self.symbol.as_ref())
            .query_opt("type", self.trade_type.as_ref()))
    }

    fn decode(r: &Response) -> Result<Ticker> {
        json(r)
    }
}

macro_rules! plain_get {
    ($(#[$m:meta])* $name:ident, $ep:ident, $out:ty) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct $name;

        impl ApiRequest for $name {
            type Output = $out;

            fn to_request(&self) -> Result<Request> {
                Ok(ep::$ep.request())
            }

            fn decode(r: &Response) -> Result<$out> {
                json(r)
            }
        }
    };
}
pub(crate) use plain_get;

plain_get!(
    /// `GET /v1/pub/subscription/list`.
    ListSubscriptionPlans, LIST_SUBSCRIPTION_PLANS, Items<SubscriptionPlan>
);
plain_get!(
    /// `GET /v1/pub/strategy/profile/list`.
    ListStrategyRiskProfiles, LIST_STRATEGY_RISK_PROFILES, Items<RiskProfile>
);
plain_get!(
    /// `GET /v1/pub/strategy/list`.
    ListStrategyAutomated, LIST_STRATEGY_AUTOMATED, Items<Strategy>
);

/// `GET /v1/pub/strategy/<STRATEGY_ID>/history`.
#[derive(Debug, Clone, PartialEq)]
pub struct ListStrategyHistory {
    id: String,
    interval: Option<Interval>,
    limit: Option<u32>,
}

/// `GET /v1/pub/strategy/<STRATEGY_ID>/performance`.
#[derive(Debug, Clone, PartialEq)]
pub struct GetStrategyPerformance {
    id: String,
    interval: Option<Interval>,
    limit: Option<u32>,
}

setters!(ListStrategyHistory {
    /// `interval` (default 1d).
    interval: Interval,
    /// `limit`, 1 to 1000 (default 30).
    limit: u32,
});

setters!(GetStrategyPerformance {
    /// `interval` (default 1d).
    interval: Interval,
    /// `limit`, 1 to 1000 (default 30).
    limit: u32,
});

impl ListStrategyHistory {
    /// History of the strategy `id` (STRATEGY_ID).
    pub fn new(id: impl std::fmt::Display) -> Self {
        ListStrategyHistory {
            id: id.to_string(),
            interval: None,
            limit: None,
        }
    }
}

impl GetStrategyPerformance {
    /// Performance of the strategy `id` (STRATEGY_ID).
    pub fn new(id: impl std::fmt::Display) -> Self {
        GetStrategyPerformance {
            id: id.to_string(),
            interval: None,
            limit: None,
        }
    }
}

fn history_request(
    e: &venue_common::Endpoint,
    id: &str,
    interval: &Option<Interval>,
    limit: Option<u32>,
) -> Result<Request> {
    let mut errors: Vec<_> = validate::path_uuid(id).into_iter().collect();
    errors.extend(
        interval
            .as_ref()
            .and_then(|i| validate::interval(i.as_str())),
    );
    errors.extend(limit.and_then(validate::limit));
    validate::into_result(errors)?;
    Ok(id_path(e, id)?
        .query_opt("interval", interval.as_ref())
        .query_opt("limit", limit))
}

impl ApiRequest for ListStrategyHistory {
    type Output = Items<StrategyHistoryEntry>;

    fn to_request(&self) -> Result<Request> {
        history_request(
            &ep::LIST_STRATEGY_HISTORY,
            &self.id,
            &self.interval,
            self.limit,
        )
    }

    fn decode(r: &Response) -> Result<Self::Output> {
        json(r)
    }
}

impl ApiRequest for GetStrategyPerformance {
    type Output = StrategyPerformance;

    fn to_request(&self) -> Result<Request> {
        history_request(
            &ep::GET_STRATEGY_PERFORMANCE,
            &self.id,
            &self.interval,
            self.limit,
        )
    }

    fn decode(r: &Response) -> Result<Self::Output> {
        json(r)
    }
}

impl Client {
    /// Get Exchange Ticker: the exchange's price ticker of a symbol.
    pub fn get_exchange_ticker(&self) -> Call<'_, GetExchangeTicker> {
        self.call(GetExchangeTicker::default())
    }

    /// List Subscriptions Plans: the public plans (private plans are not listed).
    pub fn list_subscription_plans(&self) -> Call<'_, ListSubscriptionPlans> {
        self.call(ListSubscriptionPlans)
    }

    /// List Strategy Risk Profile: the risk-of-equity profiles a follow can use.
    pub fn list_strategy_risk_profiles(&self) -> Call<'_, ListStrategyRiskProfiles> {
        self.call(ListStrategyRiskProfiles)
    }

    /// List Strategy Automated: the automated strategies.
    pub fn list_strategy_automated(&self) -> Call<'_, ListStrategyAutomated> {
        self.call(ListStrategyAutomated)
    }

    /// List Strategy History: results per interval of strategy `id` (a UUID).
    pub fn list_strategy_history(
        &self,
        id: impl std::fmt::Display,
    ) -> Call<'_, ListStrategyHistory> {
        self.call(ListStrategyHistory::new(id))
    }

    /// Get Strategy Performance: totals of strategy `id`'s history range.
    pub fn get_strategy_performance(
        &self,
        id: impl std::fmt::Display,
    ) -> Call<'_, GetStrategyPerformance> {
        self.call(GetStrategyPerformance::new(id))
    }
}

//! HTTP API v3: fee info, orders, accounts, trades, balances, wallet activity and margin.
//!
//! Reached through [`crate::Client::v3`]. Every call is private: the client fetches a JWT from
//! `POST /v3/auth` on first use, sends it as `Authorization: Bearer`, renews it before it
//! expires, and signs every body with `X-SIGN` (see [`crate::auth`]).
//!
//! Time filters are RFC 3339 and a window may span at most 30 days ([`MAX_WINDOW`]); a longer
//! window is refused before sending. [`Pending::stream_range`](crate::Pending::stream_range) walks a longer range window
//! by window. Fields the venue sends as `""` when unset decode as `None`.
//!
//! Not available: `POST /v3/wallets/addresses` and `POST /v3/wallets/withdraw` are "coming
//! soon" in the document, with no contract; they are not implemented.

use chrono::{DateTime, SecondsFormat, Utc};
use futures::stream::{self, BoxStream, StreamExt};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use venue_common::serde_ext::{decimal, decimal_number, empty_as_none, ts_rfc3339, ts_rfc3339_opt};
use venue_common::{Error, Request, Response, Result};

use crate::client::{Call, Client, Pending, setters};
use crate::generated::endpoints as ep;
use crate::types::open_enum;

/// A point in time (UTC).
pub type Time = DateTime<Utc>;

/// The longest time window a v3 list accepts.
pub const MAX_WINDOW: chrono::TimeDelta = chrono::TimeDelta::days(30);

open_enum!(
    /// Order or trade side.
    Side { Buy = "BUY", Sell = "SELL" }
);

open_enum!(
    /// Which wallet an order, balance or loan belongs to.
    WalletType {
        /// Spot.
        Spot = "SPOT",
        /// Isolated margin (per pair).
        IsolatedMargin = "ISOLATED_MARGIN",
        /// Cross margin.
        CrossMargin = "CROSS_MARGIN",
    }
);

open_enum!(
    /// Order type.
    OrderType {
        /// Limit.
        Limit = "LIMIT",
        /// Market.
        Market = "MARKET",
        /// Stop-limit.
        StopLimit = "STOP_LIMIT",
        /// Stop-market.
        StopMarket = "STOP_MARKET",
    }
);

open_enum!(
    /// Order status.
    OrderStatus {
        /// Resting.
        Open = "OPEN",
        /// Partly filled, still resting.
        PartiallyFilled = "PARTIALLY_FILLED",
        /// Fully filled.
        Filled = "FILLED",
        /// Cancelled.
        Cancelled = "CANCELLED",
        /// Rejected.
        Rejected = "REJECTED",
        /// Expired.
        Expired = "EXPIRED",
    }
);

open_enum!(
    /// Time in force.
    TimeInForce {
        /// Good till cancelled.
        Gtc = "GTC",
        /// Immediate or cancel.
        Ioc = "IOC",
        /// Fill or kill.
        Fok = "FOK",
    }
);

open_enum!(
    /// Margin side effect of an order.
    SideEffect {
        /// Borrow what the order needs.
        AutoBorrow = "AUTO_BORROW",
        /// Repay with what the order brings.
        AutoRepay = "AUTO_REPAY",
    }
);

open_enum!(
    /// Trigger comparison of a stop order.
    StopOperator {
        /// Price greater than or equal.
        Gte = "GTE",
        /// Price less than or equal.
        Lte = "LTE",
    }
);

open_enum!(
    /// How a loan was taken.
    LoanType {
        /// Borrowed by hand.
        Manual = "LOAN_MANUAL",
        /// Borrowed by an order's side effect.
        Auto = "LOAN_AUTO",
    }
);

open_enum!(
    /// Direction of a margin transfer.
    Direction {
        /// Into the margin wallet.
        Add = "ADD",
        /// Out of the margin wallet.
        Sub = "SUB",
    }
);

/// Fee rates of an account (per pair or currency when set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeInfo {
    /// Account name.
    pub name: String,
    /// Account id.
    pub account_id: u64,
    /// Whether the rate applies.
    pub is_active: bool,
    /// Currency the rate is for (may be empty).
    #[serde(default, with = "empty_as_none")]
    pub currency: Option<String>,
    /// Pair the rate is for (may be empty).
    #[serde(default, with = "empty_as_none")]
    pub pair: Option<String>,
    /// Taker fee rate (0.02 is 2 %).
    #[serde(with = "decimal")]
    pub taker_fee_rate: Decimal,
    /// Maker fee rate.
    #[serde(with = "decimal")]
    pub maker_fee_rate: Decimal,
    /// Currency the fee is charged in.
    pub fee_currency: String,
    /// Priority among matching rates.
    pub priority: i64,
}

/// An order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// Order id.
    pub id: u64,
    /// Account id.
    pub account_id: u64,
    /// Pair.
    pub pair: String,
    /// Wallet.
    pub wallet_type: WalletType,
    /// Side.
    pub side: Side,
    /// Type.
    #[serde(rename = "type")]
    pub order_type: OrderType,
    /// Time in force.
    pub tif: TimeInForce,
    /// Limit price.
    #[serde(with = "decimal")]
    pub price: Decimal,
    /// Stop price (stop orders).
    #[serde(with = "decimal")]
    pub stop_price: Decimal,
    /// Amount in the base currency.
    #[serde(with = "decimal")]
    pub amount: Decimal,
    /// Amount filled.
    #[serde(with = "decimal")]
    pub amount_filled: Decimal,
    /// Amount cancelled.
    #[serde(with = "decimal")]
    pub amount_cancelled: Decimal,
    /// Status.
    pub status: OrderStatus,
    /// Creation time.
    #[serde(with = "ts_rfc3339")]
    pub date: DateTime<Utc>,
    /// Last change.
    #[serde(default, with = "ts_rfc3339_opt")]
    pub updated_at: Option<DateTime<Utc>>,
    /// When it started resting (`""` when not yet).
    #[serde(default, with = "ts_rfc3339_opt")]
    pub open_at: Option<DateTime<Utc>>,
    /// Expiry (`""` when none).
    #[serde(default, with = "ts_rfc3339_opt")]
    pub expire_after: Option<DateTime<Utc>>,
    /// When it was done (`""` when not yet).
    #[serde(default, with = "ts_rfc3339_opt")]
    pub done_at: Option<DateTime<Utc>>,
}

/// An account or subaccount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Account id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Parent account id (`0` for a main account).
    #[serde(default)]
    pub id_parent: u64,
}

/// A trade of the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountTrade {
    /// Time.
    #[serde(with = "ts_rfc3339")]
    pub date: DateTime<Utc>,
    /// Status of the account's order after the trade.
    pub status: OrderStatus,
    /// Side.
    pub side: Side,
    /// Order type.
    #[serde(rename = "type")]
    pub order_type: OrderType,
    /// Price.
    #[serde(with = "decimal")]
    pub price: Decimal,
    /// Amount.
    #[serde(with = "decimal")]
    pub amount: Decimal,
    /// Amount of the order left unfilled.
    #[serde(with = "decimal")]
    pub amount_unfilled: Decimal,
    /// Fee rate applied.
    #[serde(with = "decimal")]
    pub fee_rate: Decimal,
    /// Fee charged.
    #[serde(with = "decimal")]
    pub fee_amount: Decimal,
    /// Whether the account was the maker.
    pub is_maker: bool,
    /// Account id.
    pub account_id: u64,
    /// Currency (may be empty).
    #[serde(default, with = "empty_as_none")]
    pub currency: Option<String>,
    /// Pair.
    pub pair: String,
    /// Fee currency.
    pub fee_currency: String,
    /// Wallet.
    pub wallet_type: WalletType,
}

/// A balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    /// Account id.
    pub account_id: u64,
    /// Balance.
    #[serde(with = "decimal")]
    pub balance: Decimal,
    /// Locked in orders.
    #[serde(with = "decimal")]
    pub reserve: Decimal,
    /// Currency.
    pub currency: String,
    /// Pair (isolated margin; may be empty).
    #[serde(default, with = "empty_as_none")]
    pub pair: Option<String>,
    /// Wallet.
    pub wallet_type: WalletType,
    /// Last change.
    #[serde(default, with = "ts_rfc3339_opt")]
    pub last_update_at: Option<DateTime<Utc>>,
}

/// A movement of a wallet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletActivity {
    /// Movement id.
    pub id: u64,
    /// Account id.
    pub account_id: u64,
    /// Currency.
    pub currency: String,
    /// Pair (may be empty).
    #[serde(default, with = "empty_as_none")]
    pub pair: Option<String>,
    /// Wallet id.
    pub wallet_id: u64,
    /// Time.
    #[serde(with = "ts_rfc3339")]
    pub date: DateTime<Utc>,
    /// Kind of movement (`MOTION_TYPE_ORDER`, ...), as the venue names it.
    #[serde(rename = "type")]
    pub motion_type: String,
    /// Balance before.
    #[serde(with = "decimal")]
    pub balance: Decimal,
    /// Change of balance.
    #[serde(with = "decimal")]
    pub balance_delta: Decimal,
    /// Reserve before.
    #[serde(with = "decimal")]
    pub reserve: Decimal,
    /// Change of reserve.
    #[serde(with = "decimal")]
    pub reserve_delta: Decimal,
    /// Balance after.
    #[serde(with = "decimal")]
    pub balance_end: Decimal,
    /// Reserve after.
    #[serde(with = "decimal")]
    pub reserve_end: Decimal,
    /// Wallet.
    pub wallet_type: WalletType,
}

/// A margin position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarginPosition {
    /// Position id.
    pub id: u64,
    /// Account id.
    pub account_id: u64,
    /// Wallet.
    pub wallet_type: WalletType,
    /// Interest owed.
    #[serde(with = "decimal")]
    pub interest: Decimal,
    /// Currency borrowed. The venue spells the field `currecny`; both spellings decode.
    #[serde(alias = "currecny")]
    pub currency: String,
    /// Amount borrowed.
    #[serde(with = "decimal")]
    pub borrowed: Decimal,
    /// Pair (isolated margin only).
    #[serde(default, with = "empty_as_none")]
    pub pair: Option<String>,
}

/// A borrow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Borrow {
    /// Borrow id.
    pub id: u64,
    /// Time.
    #[serde(with = "ts_rfc3339")]
    pub date: DateTime<Utc>,
    /// How it was taken.
    #[serde(rename = "type")]
    pub loan_type: LoanType,
    /// Wallet.
    pub wallet_type: WalletType,
    /// Opened.
    #[serde(default, with = "ts_rfc3339_opt")]
    pub opened_at: Option<DateTime<Utc>>,
    /// Closed (`""` while open).
    #[serde(default, with = "ts_rfc3339_opt")]
    pub closed_at: Option<DateTime<Utc>>,
    /// Amount borrowed.
    #[serde(with = "decimal")]
    pub borrowed: Decimal,
    /// Amount repaid.
    #[serde(with = "decimal")]
    pub repaid: Decimal,
    /// Interest rate.
    #[serde(with = "decimal")]
    pub interest_rate: Decimal,
    /// Interest accrued.
    #[serde(with = "decimal")]
    pub interest_accrued: Decimal,
    /// Interest paid.
    #[serde(with = "decimal")]
    pub interest_paid: Decimal,
    /// Account id.
    pub account_id: u64,
    /// Currency.
    pub currency: String,
    /// Pair (empty for cross margin).
    #[serde(default, with = "empty_as_none")]
    pub pair: Option<String>,
    /// Last interest charge.
    #[serde(default, with = "ts_rfc3339_opt")]
    pub last_interest_at: Option<DateTime<Utc>>,
}

/// A margin transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    /// Transfer id.
    pub id: u64,
    /// Account id.
    pub account_id: u64,
    /// Wallet.
    pub wallet_type: WalletType,
    /// Time.
    #[serde(with = "ts_rfc3339")]
    pub date: DateTime<Utc>,
    /// Direction.
    pub direction: Direction,
    /// Currency.
    pub currency: String,
    /// Pair (isolated margin).
    #[serde(default, with = "empty_as_none")]
    pub pair: Option<String>,
    /// Amount.
    #[serde(with = "decimal")]
    pub amount: Decimal,
    /// Note.
    #[serde(default)]
    pub note: String,
}

/// A repay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repay {
    /// Repay id.
    pub id: u64,
    /// Account id.
    pub account_id: u64,
    /// Wallet.
    pub wallet_type: WalletType,
    /// Time.
    #[serde(with = "ts_rfc3339")]
    pub date: DateTime<Utc>,
    /// Loan type.
    #[serde(rename = "type")]
    pub loan_type: LoanType,
    /// Currency.
    pub currency: String,
    /// Pair (empty for cross margin).
    #[serde(default, with = "empty_as_none")]
    pub pair: Option<String>,
    /// Principal repaid.
    #[serde(with = "decimal")]
    pub principal_amount: Decimal,
    /// Interest repaid.
    #[serde(with = "decimal")]
    pub interest_amount: Decimal,
    /// The borrow repaid.
    pub borrow_id: u64,
}

/// An interest charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interest {
    /// Charge id.
    pub id: u64,
    /// Account id.
    pub account_id: u64,
    /// Wallet.
    pub wallet_type: WalletType,
    /// Time.
    #[serde(with = "ts_rfc3339")]
    pub date: DateTime<Utc>,
    /// Currency.
    pub currency: String,
    /// Pair (empty for cross margin).
    #[serde(default, with = "empty_as_none")]
    pub pair: Option<String>,
    /// Rate.
    #[serde(with = "decimal")]
    pub interest_rate: Decimal,
    /// The borrow charged.
    pub borrow_id: u64,
    /// Interest accrued.
    #[serde(with = "decimal")]
    pub interest_accrued: Decimal,
    /// Interest paid.
    #[serde(with = "decimal")]
    pub interest_paid: Decimal,
}

/// A liquidation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Liquidation {
    /// Liquidation id.
    pub id: u64,
    /// Account id.
    pub account_id: u64,
    /// Time.
    #[serde(with = "ts_rfc3339")]
    pub created_at: DateTime<Utc>,
    /// Wallet.
    pub wallet_type: WalletType,
    /// Margin level that triggered it.
    #[serde(with = "decimal")]
    pub margin_level: Decimal,
    /// Closed (`""` while open).
    #[serde(default, with = "ts_rfc3339_opt")]
    pub closed_at: Option<DateTime<Utc>>,
    /// Amount.
    #[serde(with = "decimal")]
    pub amount: Decimal,
    /// Funds used.
    #[serde(with = "decimal")]
    pub fund_amount: Decimal,
    /// Currency.
    pub currency: String,
    /// Orders closed.
    #[serde(default)]
    pub order_closed: Vec<u64>,
    /// Orders created.
    #[serde(default)]
    pub order_created: Vec<u64>,
    /// Borrows closed.
    #[serde(default)]
    pub borrow_closed: Vec<u64>,
    /// Repays created.
    #[serde(default)]
    pub repay_created: Vec<u64>,
}

/// What `DELETE /v3/orders` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelOutcome {
    /// `202`: the cancellation was accepted.
    Accepted,
    /// `204`: no order matched.
    NothingToCancel,
}

fn json<T: serde::de::DeserializeOwned>(resp: &Response) -> Result<T> {
    resp.json()
}

fn accepted(_resp: &Response) -> Result<()> {
    Ok(())
}

/// RFC 3339 text of a time, as the v3 filters take it.
pub fn format_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Checks a time window: start before end and at most [`MAX_WINDOW`] apart.
pub fn check_window(start: Option<DateTime<Utc>>, end: Option<DateTime<Utc>>) -> Result<()> {
    if let (Some(s), Some(e)) = (start, end) {
        if s >= e {
            return Err(Error::invalid("start_time", "must be before `end_time`"));
        }
        if e - s > MAX_WINDOW {
            return Err(Error::invalid(
                "end_time",
                "the window from `start_time` may span at most 30 days",
            ));
        }
    }
    Ok(())
}

/// Splits `[start, end)` into consecutive windows of at most [`MAX_WINDOW`].
pub fn windows(start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut out = Vec::new();
    let mut from = start;
    while from < end {
        let to = (from + MAX_WINDOW).min(end);
        out.push((from, to));
        from = to;
    }
    out
}

/// A v3 list call filtered by a time window.
pub trait Windowed: Call<Output = Vec<Self::Item>> + Clone {
    /// One element of the list.
    type Item: Send + 'static;

    /// Sets the window.
    fn set_window(&mut self, start: DateTime<Utc>, end: DateTime<Utc>);
}

impl<R: Windowed> Pending<R> {
    /// Every item between `start` (inclusive) and `end` (exclusive), however long the range:
    /// one request per 30-day window, oldest window first, fetched lazily.
    pub fn stream_range(
        self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> BoxStream<'static, Result<R::Item>> {
        let client = self.client().clone();
        let base = self.request;
        if start >= end {
            return stream::once(async {
                Err(Error::invalid("start_time", "must be before `end_time`"))
            })
            .boxed();
        }
        stream::iter(windows(start, end))
            .then(move |(from, to)| {
                let client = client.clone();
                let mut call = base.clone();
                call.set_window(from, to);
                async move { client.send(call).await }
            })
            .flat_map(|page: Result<Vec<R::Item>>| match page {
                Ok(items) => stream::iter(items.into_iter().map(Ok).collect::<Vec<_>>()),
                Err(e) => stream::iter(vec![Err(e)]),
            })
            .scan(false, |failed, item| {
                // An error ends the stream after it is yielded.
                if *failed {
                    return futures::future::ready(None);
                }
                *failed = item.is_err();
                futures::future::ready(Some(item))
            })
            .boxed()
    }
}

macro_rules! windowed {
    ($ty:ident => $item:ty) => {
        impl Windowed for $ty {
            type Item = $item;
            fn set_window(&mut self, start: DateTime<Utc>, end: DateTime<Utc>) {
                self.start_time = Some(start);
                self.end_time = Some(end);
            }
        }
    };
}

macro_rules! call {
    ($ty:ident => $out:ty, $decode:path, |$s:ident| $build:expr) => {
        impl Call for $ty {
            type Output = $out;
            fn to_request(&self) -> Result<Request> {
                let $s = self;
                $build
            }
            fn decode(response: &Response) -> Result<$out> {
                $decode(response)
            }
        }
    };
}

fn with_window(
    r: Request,
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
) -> Result<Request> {
    check_window(start, end)?;
    Ok(r.query_opt("start_time", start.as_ref().map(format_time))
        .query_opt("end_time", end.as_ref().map(format_time)))
}

/// `GET /v3/feeinfo`: fee rates.
#[derive(Debug, Clone, Default)]
pub struct FeeInfoCall;
call!(FeeInfoCall => Vec<FeeInfo>, json, |_s| Ok(ep::FEE_INFO.request()));

/// `GET /v3/orders`: orders, by pair, side and time window.
#[derive(Debug, Clone, Default)]
pub struct Orders {
    /// Filter by pair.
    pub pair: Option<String>,
    /// Open orders only.
    pub open_only: Option<bool>,
    /// Filter by side.
    pub side: Option<Side>,
    /// From (inclusive).
    pub start_time: Option<DateTime<Utc>>,
    /// Until (exclusive).
    pub end_time: Option<DateTime<Utc>>,
}
setters!(Orders {
    /// Only this pair.
    pair: String,
    /// Open orders only.
    open_only: bool,
    /// Only this side.
    side: Side,
    /// From this time (inclusive).
    start_time: Time,
    /// Until this time (exclusive; at most 30 days after `start_time`).
    end_time: Time,
});
windowed!(Orders => Order);
call!(Orders => Vec<Order>, json, |s| with_window(
    ep::ORDERS
        .request()
        .query_opt("pair", s.pair.as_ref())
        .query_opt("open_only", s.open_only)
        .query_opt("side", s.side.as_ref()),
    s.start_time,
    s.end_time
));

/// The body of `POST /v3/orders`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewOrder {
    /// Account placing the order.
    pub account_id: u64,
    /// Wallet.
    pub wallet_type: WalletType,
    /// Pair.
    pub pair: String,
    /// Side.
    pub order_side: Side,
    /// Type.
    pub order_type: OrderType,
    /// Time in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tif: Option<TimeInForce>,
    /// Expiry.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_time_opt"
    )]
    pub expire_after: Option<DateTime<Utc>>,
    /// Margin side effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side_effect: Option<SideEffect>,
    /// Limit price (limit types).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_dec_opt"
    )]
    pub limit_price: Option<Decimal>,
    /// Amount in the base currency (required for limit types).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_dec_opt"
    )]
    pub base_amount: Option<Decimal>,
    /// Amount in the quote currency (market types only).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_dec_opt"
    )]
    pub quote_amount: Option<Decimal>,
    /// Stop price (stop types).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_dec_opt"
    )]
    pub stop_price: Option<Decimal>,
    /// Stop comparison (stop types).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_operator: Option<StopOperator>,
    /// Your id for the order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_order_id: Option<String>,
    /// Matching must start before this time.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_time_opt"
    )]
    pub valid_till: Option<DateTime<Utc>>,
}

fn ser_dec_opt<S: serde::Serializer>(
    v: &Option<Decimal>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match v {
        Some(d) => decimal_number::serialize(d, s),
        None => s.serialize_none(),
    }
}

fn ser_time_opt<S: serde::Serializer>(
    v: &Option<DateTime<Utc>>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match v {
        Some(t) => s.serialize_str(&format_time(t)),
        None => s.serialize_none(),
    }
}

impl NewOrder {
    /// A good-till-cancelled limit order.
    pub fn limit(
        account_id: u64,
        wallet_type: WalletType,
        pair: impl Into<String>,
        side: Side,
        price: Decimal,
        base_amount: Decimal,
    ) -> Self {
        NewOrder {
            account_id,
            wallet_type,
            pair: pair.into(),
            order_side: side,
            order_type: OrderType::Limit,
            tif: Some(TimeInForce::Gtc),
            expire_after: None,
            side_effect: None,
            limit_price: Some(price),
            base_amount: Some(base_amount),
            quote_amount: None,
            stop_price: None,
            stop_operator: None,
            client_order_id: None,
            valid_till: None,
        }
    }

    /// A market order for `base_amount` of the base currency.
    pub fn market(
        account_id: u64,
        wallet_type: WalletType,
        pair: impl Into<String>,
        side: Side,
        base_amount: Decimal,
    ) -> Self {
        NewOrder {
            order_type: OrderType::Market,
            tif: None,
            limit_price: None,
            ..NewOrder::limit(
                account_id,
                wallet_type,
                pair,
                side,
                Decimal::ZERO,
                base_amount,
            )
        }
    }

    /// Sets your id for the order.
    pub fn client_order_id(mut self, id: impl Into<String>) -> Self {
        self.client_order_id = Some(id.into());
        self
    }

    /// Sets the margin side effect.
    pub fn side_effect(mut self, effect: SideEffect) -> Self {
        self.side_effect = Some(effect);
        self
    }

    /// Makes it a stop order triggered when the price compares to `stop_price` by `operator`.
    pub fn stop(mut self, stop_price: Decimal, operator: StopOperator) -> Self {
        self.order_type = match self.order_type {
            OrderType::Market => OrderType::StopMarket,
            _ => OrderType::StopLimit,
        };
        self.stop_price = Some(stop_price);
        self.stop_operator = Some(operator);
        self
    }

    /// Checks what the document states before sending.
    pub fn validate(&self) -> Result<()> {
        if self.pair.trim().is_empty() {
            return Err(Error::invalid("pair", "must not be empty"));
        }
        let positive = |name: &str, v: Option<Decimal>| match v {
            Some(d) if d <= Decimal::ZERO => Err(Error::invalid(name, "must be greater than 0")),
            _ => Ok(()),
        };
        positive("limit_price", self.limit_price)?;
        positive("base_amount", self.base_amount)?;
        positive("quote_amount", self.quote_amount)?;
        positive("stop_price", self.stop_price)?;
        let is_limit = matches!(self.order_type, OrderType::Limit | OrderType::StopLimit);
        let is_market = matches!(self.order_type, OrderType::Market | OrderType::StopMarket);
        let is_stop = matches!(
            self.order_type,
            OrderType::StopLimit | OrderType::StopMarket
        );
        if is_limit && self.base_amount.is_none() {
            return Err(Error::invalid("base_amount", "is required for limit types"));
        }
        if is_limit && self.limit_price.is_none() {
            return Err(Error::invalid("limit_price", "is required for limit types"));
        }
        if self.quote_amount.is_some() && !is_market {
            return Err(Error::invalid(
                "quote_amount",
                "is allowed for market types only",
            ));
        }
        if is_market && self.base_amount.is_none() && self.quote_amount.is_none() {
            return Err(Error::invalid(
                "base_amount",
                "a market order needs `base_amount` or `quote_amount`",
            ));
        }
        if is_stop && (self.stop_price.is_none() || self.stop_operator.is_none()) {
            return Err(Error::invalid(
                "stop_price",
                "stop orders need `stop_price` and `stop_operator`",
            ));
        }
        if !is_stop && (self.stop_price.is_some() || self.stop_operator.is_some()) {
            return Err(Error::invalid("stop_price", "is for stop orders only"));
        }
        Ok(())
    }
}

/// `POST /v3/orders`: places an order; answers `201` with the new order's id. Never repeated.
#[derive(Debug, Clone)]
pub struct PlaceOrder {
    /// The order.
    pub order: NewOrder,
}
fn decode_order_id(resp: &Response) -> Result<u64> {
    let text = std::str::from_utf8(&resp.body).unwrap_or("").trim();
    let text = text.trim_matches('"');
    text.parse().map_err(|_| {
        Error::decode(
            ".",
            "expected the new order's id (an integer)",
            resp.status,
            &resp.body,
        )
    })
}
call!(PlaceOrder => u64, decode_order_id, |s| {
    s.order.validate()?;
    ep::PLACE_ORDER.request().json(&s.order)
});

/// The body of `DELETE /v3/orders`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CancelOrdersBody {
    /// Orders to cancel.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order_ids: Vec<u64>,
    /// Cancel every order.
    pub all: bool,
    /// With `all`: only this pair.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pair: Option<String>,
}

/// `DELETE /v3/orders`: cancels orders by id, or all of them (optionally of one pair).
#[derive(Debug, Clone)]
pub struct CancelOrders {
    /// What to cancel.
    pub body: CancelOrdersBody,
}
impl CancelOrders {
    /// Cancels these orders.
    pub fn ids(ids: impl IntoIterator<Item = u64>) -> Self {
        CancelOrders {
            body: CancelOrdersBody {
                order_ids: ids.into_iter().collect(),
                all: false,
                pair: None,
            },
        }
    }

    /// Cancels every order, of `pair` only when given.
    pub fn all(pair: Option<String>) -> Self {
        CancelOrders {
            body: CancelOrdersBody {
                order_ids: Vec::new(),
                all: true,
                pair,
            },
        }
    }
}
fn decode_cancel(resp: &Response) -> Result<CancelOutcome> {
    Ok(if resp.status.as_u16() == 204 {
        CancelOutcome::NothingToCancel
    } else {
        CancelOutcome::Accepted
    })
}
call!(CancelOrders => CancelOutcome, decode_cancel, |s| {
    let b = &s.body;
    if b.all && !b.order_ids.is_empty() {
        return Err(Error::invalid("all", "give either `order_ids` or `all`=true, not both"));
    }
    if !b.all && b.order_ids.is_empty() {
        return Err(Error::invalid("order_ids", "give at least one id, or `all`=true"));
    }
    if !b.all && b.pair.is_some() {
        return Err(Error::invalid("pair", "is only taken with `all`=true"));
    }
    if b.order_ids.contains(&0) {
        return Err(Error::invalid("order_ids", "ids are positive"));
    }
    ep::CANCEL_ORDERS.request().json(b)
});

/// `GET /v3/accounts`: the accounts (and subaccounts on request).
#[derive(Debug, Clone, Default)]
pub struct Accounts {
    /// Also list subaccounts.
    pub include_subaccounts: Option<bool>,
}
setters!(Accounts {
    /// Also list subaccounts.
    include_subaccounts: bool,
});
call!(Accounts => Vec<Account>, json, |s| Ok(ep::ACCOUNTS
    .request()
    .query_opt("include_subaccounts", s.include_subaccounts)));

/// `GET /v3/accounts/trades`: trades, by pair, side and time window.
#[derive(Debug, Clone, Default)]
pub struct AccountTrades {
    /// Filter by pair.
    pub pair: Option<String>,
    /// Filter by side.
    pub side: Option<Side>,
    /// From (inclusive).
    pub start_time: Option<DateTime<Utc>>,
    /// Until (exclusive).
    pub end_time: Option<DateTime<Utc>>,
}
setters!(AccountTrades {
    /// Only this pair.
    pair: String,
    /// Only this side.
    side: Side,
    /// From this time (inclusive).
    start_time: Time,
    /// Until this time (exclusive; at most 30 days after `start_time`).
    end_time: Time,
});
windowed!(AccountTrades => AccountTrade);
call!(AccountTrades => Vec<AccountTrade>, json, |s| with_window(
    ep::ACCOUNT_TRADES
        .request()
        .query_opt("pair", s.pair.as_ref())
        .query_opt("side", s.side.as_ref()),
    s.start_time,
    s.end_time
));

/// `GET /v3/accounts/balances`: balances.
#[derive(Debug, Clone, Default)]
pub struct AccountBalances;
call!(AccountBalances => Vec<Balance>, json, |_s| Ok(ep::ACCOUNT_BALANCES.request()));

/// `GET /v3/wallets/activity`: wallet movements.
#[derive(Debug, Clone, Default)]
pub struct WalletActivityCall {
    /// Filter by currency.
    pub currency: Option<String>,
    /// Filter by side.
    pub side: Option<Side>,
    /// From (inclusive).
    pub start_time: Option<DateTime<Utc>>,
    /// Until (exclusive).
    pub end_time: Option<DateTime<Utc>>,
}
setters!(WalletActivityCall {
    /// Only this currency.
    currency: String,
    /// Only this side.
    side: Side,
    /// From this time (inclusive).
    start_time: Time,
    /// Until this time (exclusive; at most 30 days after `start_time`).
    end_time: Time,
});
windowed!(WalletActivityCall => WalletActivity);
call!(WalletActivityCall => Vec<WalletActivity>, json, |s| with_window(
    ep::WALLET_ACTIVITY
        .request()
        .query_opt("currency", s.currency.as_ref())
        .query_opt("side", s.side.as_ref()),
    s.start_time,
    s.end_time
));

/// `GET /v3/margin`: margin positions, isolated and/or cross.
#[derive(Debug, Clone, Default)]
pub struct MarginPositions {
    /// Isolated positions.
    pub isolated_margin: Option<bool>,
    /// Cross positions.
    pub cross_margin: Option<bool>,
}
setters!(MarginPositions {
    /// Return isolated positions.
    isolated_margin: bool,
    /// Return cross positions.
    cross_margin: bool,
});
call!(MarginPositions => Vec<MarginPosition>, json, |s| {
    if s.isolated_margin != Some(true) && s.cross_margin != Some(true) {
        return Err(Error::invalid("isolated_margin", "either `isolated_margin` or `cross_margin` must be true"));
    }
    Ok(ep::MARGIN_POSITIONS
        .request()
        .query_opt("isolated_margin", s.isolated_margin)
        .query_opt("cross_margin", s.cross_margin))
});

fn check_margin_wallet(wallet: &WalletType, pair: Option<&str>) -> Result<()> {
    match wallet {
        WalletType::IsolatedMargin => {
            if pair.is_none_or(|p| p.trim().is_empty()) {
                return Err(Error::invalid("pair", "is required for ISOLATED_MARGIN"));
            }
            Ok(())
        }
        WalletType::CrossMargin => Ok(()),
        _ => Err(Error::invalid(
            "wallet_type",
            "must be ISOLATED_MARGIN or CROSS_MARGIN",
        )),
    }
}

/// The body of `DELETE /v3/margin`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CloseMarginBody {
    /// Pair (isolated margin).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pair: Option<String>,
    /// `ISOLATED_MARGIN` or `CROSS_MARGIN`.
    pub wallet_type: WalletType,
}

/// `DELETE /v3/margin`: closes a margin position (`202`).
#[derive(Debug, Clone)]
pub struct CloseMargin {
    /// What to close.
    pub body: CloseMarginBody,
}
call!(CloseMargin => (), accepted, |s| {
    check_margin_wallet(&s.body.wallet_type, s.body.pair.as_deref())?;
    ep::CLOSE_MARGIN.request().json(&s.body)
});

macro_rules! pair_currency_list {
    ($(#[$m:meta])* $ty:ident, $endpoint:path, $item:ty, open_only: $open:tt) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default)]
        pub struct $ty {
            /// Filter by pair.
            pub pair: Option<String>,
            /// Filter by currency.
            pub currency: Option<String>,
            /// Open ones only (where the endpoint takes it).
            pub open_only: Option<bool>,
            /// From (inclusive).
            pub start_time: Option<DateTime<Utc>>,
            /// Until (exclusive).
            pub end_time: Option<DateTime<Utc>>,
        }
        setters!($ty {
            /// Only this pair.
            pair: String,
            /// Only this currency.
            currency: String,
            /// From this time (inclusive).
            start_time: Time,
            /// Until this time (exclusive; at most 30 days after `start_time`).
            end_time: Time,
        });
        windowed!($ty => $item);
        call!($ty => Vec<$item>, json, |s| {
            if !$open && s.open_only.is_some() {
                return Err(Error::invalid("open_only", "is not taken by this endpoint"));
            }
            with_window(
                $endpoint
                    .request()
                    .query_opt("pair", s.pair.as_ref())
                    .query_opt("currency", s.currency.as_ref())
                    .query_opt("open_only", s.open_only),
                s.start_time,
                s.end_time,
            )
        });
    };
}

pair_currency_list!(
    /// `GET /v3/margin/borrow`: borrows.
    Borrows, ep::MARGIN_BORROWS, Borrow, open_only: true);
pair_currency_list!(
    /// `GET /v3/margin/transfer`: margin transfers.
    Transfers, ep::MARGIN_TRANSFERS, Transfer, open_only: false);
pair_currency_list!(
    /// `GET /v3/margin/repay`: repays.
    Repays, ep::MARGIN_REPAYS, Repay, open_only: false);
pair_currency_list!(
    /// `GET /v3/margin/interest`: interest charges.
    Interests, ep::MARGIN_INTEREST, Interest, open_only: false);
pair_currency_list!(
    /// `GET /v3/margin/liquidation`: liquidations.
    Liquidations, ep::MARGIN_LIQUIDATIONS, Liquidation, open_only: true);

impl Borrows {
    /// Open borrows only.
    pub fn open_only(mut self, open_only: bool) -> Self {
        self.open_only = Some(open_only);
        self
    }
}
impl Pending<Borrows> {
    /// Open borrows only.
    pub fn open_only(mut self, open_only: bool) -> Self {
        self.request = self.request.open_only(open_only);
        self
    }
}
impl Liquidations {
    /// Open liquidations only.
    pub fn open_only(mut self, open_only: bool) -> Self {
        self.open_only = Some(open_only);
        self
    }
}
impl Pending<Liquidations> {
    /// Open liquidations only.
    pub fn open_only(mut self, open_only: bool) -> Self {
        self.request = self.request.open_only(open_only);
        self
    }
}

/// The body of `POST /v3/margin/borrow`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BorrowBody {
    /// Currency to borrow.
    pub currency: String,
    /// Pair (isolated margin; empty for cross).
    #[serde(with = "empty_as_none")]
    pub pair: Option<String>,
    /// Wallet.
    pub wallet_type: WalletType,
    /// How the loan is taken.
    #[serde(rename = "type")]
    pub loan_type: LoanType,
    /// Amount.
    #[serde(with = "decimal_number")]
    pub borrow: Decimal,
}

/// `POST /v3/margin/borrow`: borrows. Never repeated.
#[derive(Debug, Clone)]
pub struct MarginBorrow {
    /// The loan.
    pub body: BorrowBody,
}
call!(MarginBorrow => (), accepted, |s| {
    if s.body.currency.trim().is_empty() {
        return Err(Error::invalid("currency", "must not be empty"));
    }
    if s.body.borrow <= Decimal::ZERO {
        return Err(Error::invalid("borrow", "must be greater than 0"));
    }
    check_margin_wallet(&s.body.wallet_type, s.body.pair.as_deref())?;
    ep::MARGIN_BORROW.request().json(&s.body)
});

/// The body of `POST /v3/margin/transfer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransferBody {
    /// Wallet.
    pub wallet_type: WalletType,
    /// `ADD` (into margin) or `SUB` (out of it).
    pub direction: Direction,
    /// Currency.
    pub currency: String,
    /// Amount.
    #[serde(with = "decimal_number")]
    pub amount: Decimal,
    /// Pair (required for isolated margin).
    #[serde(with = "empty_as_none")]
    pub pair: Option<String>,
    /// Note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `POST /v3/margin/transfer`: moves funds to or from a margin wallet. Never repeated.
#[derive(Debug, Clone)]
pub struct MarginTransfer {
    /// The transfer.
    pub body: TransferBody,
}
call!(MarginTransfer => (), accepted, |s| {
    if s.body.currency.trim().is_empty() {
        return Err(Error::invalid("currency", "must not be empty"));
    }
    if s.body.amount <= Decimal::ZERO {
        return Err(Error::invalid("amount", "must be greater than 0"));
    }
    if !matches!(s.body.direction, Direction::Add | Direction::Sub) {
        return Err(Error::invalid("direction", "must be ADD or SUB"));
    }
    check_margin_wallet(&s.body.wallet_type, s.body.pair.as_deref())?;
    ep::MARGIN_TRANSFER.request().json(&s.body)
});

/// The body of `POST /v3/margin/repay`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepayBody {
    /// Wallet.
    pub wallet_type: WalletType,
    /// Loan type.
    #[serde(rename = "type")]
    pub loan_type: LoanType,
    /// Currency.
    pub currency: String,
    /// Amount.
    #[serde(with = "decimal_number")]
    pub amount: Decimal,
    /// Pair (required for isolated margin).
    #[serde(with = "empty_as_none")]
    pub pair: Option<String>,
}

/// `POST /v3/margin/repay`: repays. Never repeated.
#[derive(Debug, Clone)]
pub struct MarginRepay {
    /// The repay.
    pub body: RepayBody,
}
call!(MarginRepay => (), accepted, |s| {
    if s.body.currency.trim().is_empty() {
        return Err(Error::invalid("currency", "must not be empty"));
    }
    if s.body.amount <= Decimal::ZERO {
        return Err(Error::invalid("amount", "must be greater than 0"));
    }
    check_margin_wallet(&s.body.wallet_type, s.body.pair.as_deref())?;
    ep::MARGIN_REPAY.request().json(&s.body)
});

/// The v3 API of a [`Client`]: one method per endpoint.
#[derive(Debug, Clone, Copy)]
pub struct V3<'a> {
    client: &'a Client,
}

impl<'a> V3<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        V3 { client }
    }

    /// `GET /v3/feeinfo`: fee rates.
    pub fn fee_info(&self) -> Pending<FeeInfoCall> {
        Pending::new(self.client, FeeInfoCall)
    }

    /// `GET /v3/orders`: orders (filters and time window by setter).
    pub fn orders(&self) -> Pending<Orders> {
        Pending::new(self.client, Orders::default())
    }

    /// `POST /v3/orders`: places an order; returns its id.
    pub fn place_order(&self, order: NewOrder) -> Pending<PlaceOrder> {
        Pending::new(self.client, PlaceOrder { order })
    }

    /// `DELETE /v3/orders`: cancels orders (see [`CancelOrders::ids`], [`CancelOrders::all`]).
    pub fn cancel_orders(&self, what: CancelOrders) -> Pending<CancelOrders> {
        Pending::new(self.client, what)
    }

    /// `GET /v3/accounts`: accounts.
    pub fn accounts(&self) -> Pending<Accounts> {
        Pending::new(self.client, Accounts::default())
    }

    /// `GET /v3/accounts/trades`: trades.
    pub fn account_trades(&self) -> Pending<AccountTrades> {
        Pending::new(self.client, AccountTrades::default())
    }

    /// `GET /v3/accounts/balances`: balances.
    pub fn account_balances(&self) -> Pending<AccountBalances> {
        Pending::new(self.client, AccountBalances)
    }

    /// `GET /v3/wallets/activity`: wallet movements.
    pub fn wallet_activity(&self) -> Pending<WalletActivityCall> {
        Pending::new(self.client, WalletActivityCall::default())
    }

    /// `GET /v3/margin`: margin positions (set `isolated_margin` and/or `cross_margin`).
    pub fn margin_positions(&self) -> Pending<MarginPositions> {
        Pending::new(self.client, MarginPositions::default())
    }

    /// `DELETE /v3/margin`: closes a margin position.
    pub fn close_margin(
        &self,
        wallet_type: WalletType,
        pair: Option<String>,
    ) -> Pending<CloseMargin> {
        Pending::new(
            self.client,
            CloseMargin {
                body: CloseMarginBody { pair, wallet_type },
            },
        )
    }

    /// `GET /v3/margin/borrow`: borrows.
    pub fn margin_borrows(&self) -> Pending<Borrows> {
        Pending::new(self.client, Borrows::default())
    }

    /// `POST /v3/margin/borrow`: borrows funds.
    pub fn margin_borrow(&self, body: BorrowBody) -> Pending<MarginBorrow> {
        Pending::new(self.client, MarginBorrow { body })
    }

    /// `GET /v3/margin/transfer`: margin transfers.
    pub fn margin_transfers(&self) -> Pending<Transfers> {
        Pending::new(self.client, Transfers::default())
    }

    /// `POST /v3/margin/transfer`: moves funds to or from a margin wallet.
    pub fn margin_transfer(&self, body: TransferBody) -> Pending<MarginTransfer> {
        Pending::new(self.client, MarginTransfer { body })
    }

    /// `GET /v3/margin/repay`: repays.
    pub fn margin_repays(&self) -> Pending<Repays> {
        Pending::new(self.client, Repays::default())
    }

    /// `POST /v3/margin/repay`: repays a loan.
    pub fn margin_repay(&self, body: RepayBody) -> Pending<MarginRepay> {
        Pending::new(self.client, MarginRepay { body })
    }

    /// `GET /v3/margin/interest`: interest charges.
    pub fn margin_interest(&self) -> Pending<Interests> {
        Pending::new(self.client, Interests::default())
    }

    /// `GET /v3/margin/liquidation`: liquidations.
    pub fn margin_liquidations(&self) -> Pending<Liquidations> {
        Pending::new(self.client, Liquidations::default())
    }
}

//! HTTP API v3: fee info, orders, accounts, trades, balances, wallet activity and margin: the
//! models and enums, the checks the document states, and the walk over long time ranges.
//!
//! Reached through [`crate::Client::v3`], whose methods (one per endpoint, named after its
//! spec id) are generated; so are the requests (`PlaceOrderRequest`, ...). Every call is
//! private: the client fetches a JWT from `POST /v3/auth` on first use, sends it as
//! `Authorization: Bearer`, renews it before it expires, and signs every body with `X-SIGN`
//! (see [`crate::auth`]).
//!
//! Time filters are RFC 3339 and a window may span at most 30 days ([`MAX_WINDOW`]); a longer
//! window is refused before sending. [`V3::stream_range`] walks a longer range window by
//! window. Fields the venue sends as `""` when unset decode as `None`.
//!
//! Not available: `POST /v3/wallets/addresses` and `POST /v3/wallets/withdraw` are "coming
//! soon" in the document, with no contract; they are not implemented.

use std::borrow::Cow;

use chrono::{DateTime, SecondsFormat, Utc};
use futures_util::stream::{self, BoxStream, StreamExt};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use venue_common::api::{ApiRequest, Context, DecodeContext, Dispatch, WireValue};
use venue_common::serde_ext::{decimal_opt, empty_as_none, ts_rfc3339_opt};
use venue_common::{Error, Response, Result};

use crate::Client;
use crate::generated::requests::*;

/// A point in time (UTC).
pub type Time = DateTime<Utc>;

/// The longest time window a v3 list accepts.
pub const MAX_WINDOW: chrono::TimeDelta = chrono::TimeDelta::days(30);

/// The v3 API of a [`Client`]: its methods (one per endpoint) are generated from the spec.
#[derive(Debug, Clone, Copy)]
pub struct V3<'a>(pub(crate) &'a Client);

impl V3<'_> {
    /// Every item of `request` between `start` (inclusive) and `end` (exclusive), however long
    /// the range: one request per 30-day window, oldest window first, fetched lazily. An error
    /// ends the stream after it is yielded.
    ///
    /// ```no_run
    /// # async fn run(client: alp_rs::Client, start: alp_rs::v3::Time, end: alp_rs::v3::Time) {
    /// use futures::StreamExt;
    /// let request = alp_rs::AccountTradesRequest::new().pair("BTC_USDT");
    /// let trades: Vec<_> = client.v3().stream_range(request, start, end).collect().await;
    /// # }
    /// ```
    pub fn stream_range<R, I>(
        &self,
        request: R,
        start: Time,
        end: Time,
    ) -> BoxStream<'static, Result<I>>
    where
        R: Windowed + ApiRequest<Client = Client, Output = Vec<I>>,
        I: Send + 'static,
    {
        if start >= end {
            let e = Error::invalid("start_time", "must be before `end_time`");
            return stream::once(async { Err(e) }).boxed();
        }
        let client = self.0.clone();
        stream::iter(windows(start, end))
            .then(move |(from, to)| {
                let mut request = request.clone();
                let [s, e] = request.window();
                (*s, *e) = (Some(from), Some(to));
                client.dispatch(request)
            })
            .flat_map(|page| match page {
                Ok(items) => stream::iter(items.into_iter().map(Ok).collect::<Vec<_>>()),
                Err(e) => stream::iter(vec![Err(e)]),
            })
            .scan(false, |failed, item| {
                // An error ends the stream after it is yielded.
                let done = std::mem::replace(failed, item.is_err());
                futures_util::future::ready((!done).then_some(item))
            })
            .boxed()
    }
}

impl V3<'_> {
    /// Every open item of `request` (orders, borrows, liquidations) created since `horizon`.
    ///
    /// `open_only(true)` alone misses what is older than 30 days: with no times set the venue
    /// looks back 30 days only, and a window may span no more. This walks every 30-day window
    /// from `horizon` to now (the client's clock), oldest first, with `open_only` set, and
    /// returns the items of all of them; an error ends the walk.
    ///
    /// ```no_run
    /// # async fn run(client: alp_rs::Client) -> alp_rs::Result<()> {
    /// let year_ago = chrono::Utc::now() - chrono::TimeDelta::days(365);
    /// let resting = client.v3().all_open(alp_rs::OrdersRequest::new(), year_ago).await?;
    /// # Ok(()) }
    /// ```
    pub async fn all_open<R, I>(&self, request: R, horizon: Time) -> Result<Vec<I>>
    where
        R: OpenOnly + ApiRequest<Client = Client, Output = Vec<I>>,
        I: Send + 'static,
    {
        let mut request = request;
        request.set_open_only();
        let now = self.0.now() + chrono::TimeDelta::seconds(1);
        let mut out = Vec::new();
        let mut walk = self.stream_range(request, horizon, now);
        while let Some(item) = walk.next().await {
            out.push(item?);
        }
        Ok(out)
    }
}

/// A windowed v3 list that can be narrowed to open items (`open_only`).
pub trait OpenOnly: Windowed {
    /// Sets `open_only` to true.
    fn set_open_only(&mut self);
}

impl OpenOnly for OrdersRequest {
    fn set_open_only(&mut self) {
        self.open_only = Some(true);
    }
}
impl OpenOnly for MarginBorrowsRequest {
    fn set_open_only(&mut self) {
        self.open_only = Some(true);
    }
}
impl OpenOnly for MarginLiquidationsRequest {
    fn set_open_only(&mut self) {
        self.open_only = Some(true);
    }
}

impl AsRef<Client> for V3<'_> {
    fn as_ref(&self) -> &Client {
        self.0
    }
}

venue_common::open_enum! {
    /// Order or trade side.
    ///
    /// Sent as `BID`/`ASK`, the spelling of the venue's own client (PyPI `alpcom-api`,
    /// `alpcom_api/dto.py`, `OrderSide`); the document's `BUY`/`SELL` decode too.
    pub enum Side: str {
        /// `BID` (the document's `BUY`).
        Buy = "BID" | "BUY",
        /// `ASK` (the document's `SELL`).
        Sell = "ASK" | "SELL",
    }
}

venue_common::open_enum! {
    /// Which wallet an order, balance or loan belongs to.
    pub enum WalletType: str {
        /// Spot.
        Spot = "SPOT",
        /// Isolated margin (per pair).
        IsolatedMargin = "ISOLATED_MARGIN",
        /// Cross margin.
        CrossMargin = "CROSS_MARGIN",
        /// Funding (known to the venue's own client).
        Funding = "FUNDING",
    }
}

venue_common::open_enum! {
    /// Order type.
    pub enum OrderType: str {
        /// Limit.
        Limit = "LIMIT",
        /// Market.
        Market = "MARKET",
        /// Stop-limit.
        StopLimit = "STOP_LIMIT",
        /// Stop-market.
        StopMarket = "STOP_MARKET",
    }
}

venue_common::open_enum! {
    /// Order status.
    ///
    /// The values of the venue's own client (PyPI `alpcom-api`, `alpcom_api/dto.py`,
    /// `OrderStatus`); anything else decodes as `Other`.
    pub enum OrderStatus: str {
        /// Not determined yet.
        Undefined = "UNDEFINED",
        /// Accepted, not yet in the book.
        Pending = "PENDING",
        /// Resting.
        Open = "OPEN",
        /// Cancelled.
        Cancelled = "CANCELLED",
        /// Partly filled, the rest cancelled.
        PartialCancelled = "PARTIAL_CANCELLED",
        /// Partly filled, still resting.
        PartialFilled = "PARTIAL_FILLED",
        /// Fully filled.
        Filled = "FILLED",
        /// Expired.
        Expired = "EXPIRED",
        /// Failed.
        Failed = "FAILED",
    }
}

venue_common::open_enum! {
    /// Time in force.
    pub enum TimeInForce: str {
        /// Good till cancelled.
        Gtc = "GTC",
        /// Immediate or cancel.
        Ioc = "IOC",
        /// Fill or kill.
        Fok = "FOK",
        /// All or none (known to the venue's own client).
        Aon = "AON",
    }
}

venue_common::open_enum! {
    /// Margin side effect of an order.
    pub enum SideEffect: str {
        /// Borrow what the order needs.
        AutoBorrow = "AUTO_BORROW",
        /// Repay with what the order brings (the venue's own client spells it
        /// `AUTO_REPLAY`; both decode).
        AutoRepay = "AUTO_REPAY" | "AUTO_REPLAY",
        /// None (the venue's own client's default).
        NoSideEffect = "NO_SIDE_EFFECT",
    }
}

venue_common::open_enum! {
    /// Trigger comparison of a stop order.
    pub enum StopOperator: str {
        /// Price greater than or equal.
        Gte = "GTE",
        /// Price less than or equal.
        Lte = "LTE",
    }
}

venue_common::open_enum! {
    /// How a loan was taken.
    pub enum LoanType: str {
        /// Borrowed by hand.
        Manual = "LOAN_MANUAL",
        /// Borrowed by an order's side effect.
        Auto = "LOAN_AUTO",
    }
}

venue_common::open_enum! {
    /// Direction of a margin transfer.
    pub enum Direction: str {
        /// Into the margin wallet.
        Add = "ADD",
        /// Out of the margin wallet.
        Sub = "SUB",
    }
}

/// Fee rates of an account (per pair or currency when set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeInfo {
    /// Account name.
    #[serde(default, with = "crate::lenient::null_default")]
    pub name: String,
    /// Account id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub account_id: u64,
    /// Whether the rate applies.
    #[serde(default)]
    pub is_active: Option<bool>,
    /// Currency the rate is for (may be empty).
    #[serde(default, with = "empty_as_none")]
    pub currency: Option<String>,
    /// Pair the rate is for (may be empty).
    #[serde(default, with = "empty_as_none")]
    pub pair: Option<String>,
    /// Taker fee rate (0.02 is 2 %).
    #[serde(default, with = "decimal_opt")]
    pub taker_fee_rate: Option<Decimal>,
    /// Maker fee rate.
    #[serde(default, with = "decimal_opt")]
    pub maker_fee_rate: Option<Decimal>,
    /// Currency the fee is charged in.
    #[serde(default, with = "crate::lenient::null_default")]
    pub fee_currency: String,
    /// Priority among matching rates.
    #[serde(default, with = "venue_common::serde_ext::int_or_string_opt")]
    pub priority: Option<i64>,
}

/// An order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// Order id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// Account id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub account_id: u64,
    /// Pair.
    #[serde(default, with = "crate::lenient::null_default")]
    pub pair: String,
    /// Wallet.
    #[serde(default)]
    pub wallet_type: Option<WalletType>,
    /// Side.
    #[serde(default)]
    pub side: Option<Side>,
    /// Type.
    #[serde(rename = "type", default)]
    pub order_type: Option<OrderType>,
    /// Time in force.
    #[serde(default)]
    pub tif: Option<TimeInForce>,
    /// Limit price.
    #[serde(default, with = "decimal_opt")]
    pub price: Option<Decimal>,
    /// Stop price (stop orders).
    #[serde(default, with = "decimal_opt")]
    pub stop_price: Option<Decimal>,
    /// Amount in the base currency.
    #[serde(default, with = "decimal_opt")]
    pub amount: Option<Decimal>,
    /// Amount filled.
    #[serde(default, with = "decimal_opt")]
    pub amount_filled: Option<Decimal>,
    /// Amount cancelled (the venue's own client reads `amount_canceled`; both decode).
    #[serde(default, alias = "amount_canceled", with = "decimal_opt")]
    pub amount_cancelled: Option<Decimal>,
    /// Status.
    #[serde(default)]
    pub status: Option<OrderStatus>,
    /// Creation time.
    #[serde(default, with = "ts_rfc3339_opt")]
    pub date: Option<DateTime<Utc>>,
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
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// Name.
    #[serde(default, with = "crate::lenient::null_default")]
    pub name: String,
    /// E-mail.
    #[serde(default, with = "crate::lenient::null_default")]
    pub email: String,
    /// Parent account id (`0` for a main account; the venue's own client reads `parent_id`,
    /// both decode).
    #[serde(default, alias = "parent_id", with = "crate::lenient::null_default")]
    pub id_parent: u64,
}

/// A trade of the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountTrade {
    /// Time.
    #[serde(default, with = "ts_rfc3339_opt")]
    pub date: Option<DateTime<Utc>>,
    /// Status of the account's order after the trade.
    #[serde(default)]
    pub status: Option<OrderStatus>,
    /// Side.
    #[serde(default)]
    pub side: Option<Side>,
    /// Order type.
    #[serde(rename = "type", default)]
    pub order_type: Option<OrderType>,
    /// Price.
    #[serde(default, with = "decimal_opt")]
    pub price: Option<Decimal>,
    /// Amount.
    #[serde(default, with = "decimal_opt")]
    pub amount: Option<Decimal>,
    /// Amount of the order left unfilled.
    #[serde(default, with = "decimal_opt")]
    pub amount_unfilled: Option<Decimal>,
    /// Fee rate applied.
    #[serde(default, with = "decimal_opt")]
    pub fee_rate: Option<Decimal>,
    /// Fee charged.
    #[serde(default, with = "decimal_opt")]
    pub fee_amount: Option<Decimal>,
    /// Whether the account was the maker.
    #[serde(default)]
    pub is_maker: Option<bool>,
    /// Account id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub account_id: u64,
    /// Currency (may be empty).
    #[serde(default, with = "empty_as_none")]
    pub currency: Option<String>,
    /// Pair.
    #[serde(default, with = "crate::lenient::null_default")]
    pub pair: String,
    /// Fee currency.
    #[serde(default, with = "crate::lenient::null_default")]
    pub fee_currency: String,
    /// Wallet.
    #[serde(default)]
    pub wallet_type: Option<WalletType>,
}

/// A balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    /// Account id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub account_id: u64,
    /// Balance.
    #[serde(default, with = "decimal_opt")]
    pub balance: Option<Decimal>,
    /// Locked in orders.
    #[serde(default, with = "decimal_opt")]
    pub reserve: Option<Decimal>,
    /// Currency.
    #[serde(default, with = "crate::lenient::null_default")]
    pub currency: String,
    /// Pair (isolated margin; may be empty).
    #[serde(default, with = "empty_as_none")]
    pub pair: Option<String>,
    /// Wallet.
    #[serde(default)]
    pub wallet_type: Option<WalletType>,
    /// Last change.
    #[serde(default, with = "ts_rfc3339_opt")]
    pub last_update_at: Option<DateTime<Utc>>,
}

/// A movement of a wallet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletActivity {
    /// Movement id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// Account id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub account_id: u64,
    /// Currency.
    #[serde(default, with = "crate::lenient::null_default")]
    pub currency: String,
    /// Pair (may be empty).
    #[serde(default, with = "empty_as_none")]
    pub pair: Option<String>,
    /// Wallet id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub wallet_id: u64,
    /// Time.
    #[serde(default, with = "ts_rfc3339_opt")]
    pub date: Option<DateTime<Utc>>,
    /// Kind of movement (`MOTION_TYPE_ORDER`, ...), as the venue names it.
    #[serde(rename = "type", default, with = "crate::lenient::null_default")]
    pub motion_type: String,
    /// Balance before.
    #[serde(default, with = "decimal_opt")]
    pub balance: Option<Decimal>,
    /// Change of balance.
    #[serde(default, with = "decimal_opt")]
    pub balance_delta: Option<Decimal>,
    /// Reserve before.
    #[serde(default, with = "decimal_opt")]
    pub reserve: Option<Decimal>,
    /// Change of reserve.
    #[serde(default, with = "decimal_opt")]
    pub reserve_delta: Option<Decimal>,
    /// Balance after.
    #[serde(default, with = "decimal_opt")]
    pub balance_end: Option<Decimal>,
    /// Reserve after.
    #[serde(default, with = "decimal_opt")]
    pub reserve_end: Option<Decimal>,
    /// Wallet.
    #[serde(default)]
    pub wallet_type: Option<WalletType>,
}

/// A margin position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarginPosition {
    /// Position id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// Account id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub account_id: u64,
    /// Wallet.
    #[serde(default)]
    pub wallet_type: Option<WalletType>,
    /// Interest owed.
    #[serde(default, with = "decimal_opt")]
    pub interest: Option<Decimal>,
    /// Currency borrowed. The venue spells the field `currecny`; both spellings decode.
    #[serde(alias = "currecny", default, with = "crate::lenient::null_default")]
    pub currency: String,
    /// Amount borrowed.
    #[serde(default, with = "decimal_opt")]
    pub borrowed: Option<Decimal>,
    /// Pair (isolated margin only).
    #[serde(default, with = "empty_as_none")]
    pub pair: Option<String>,
}

/// A borrow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Borrow {
    /// Borrow id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// Time.
    #[serde(default, with = "ts_rfc3339_opt")]
    pub date: Option<DateTime<Utc>>,
    /// How it was taken.
    #[serde(rename = "type", default)]
    pub loan_type: Option<LoanType>,
    /// Wallet.
    #[serde(default)]
    pub wallet_type: Option<WalletType>,
    /// Opened.
    #[serde(default, with = "ts_rfc3339_opt")]
    pub opened_at: Option<DateTime<Utc>>,
    /// Closed (`""` while open).
    #[serde(default, with = "ts_rfc3339_opt")]
    pub closed_at: Option<DateTime<Utc>>,
    /// Amount borrowed.
    #[serde(default, with = "decimal_opt")]
    pub borrowed: Option<Decimal>,
    /// Amount repaid.
    #[serde(default, with = "decimal_opt")]
    pub repaid: Option<Decimal>,
    /// Interest rate.
    #[serde(default, with = "decimal_opt")]
    pub interest_rate: Option<Decimal>,
    /// Interest accrued.
    #[serde(default, with = "decimal_opt")]
    pub interest_accrued: Option<Decimal>,
    /// Interest paid.
    #[serde(default, with = "decimal_opt")]
    pub interest_paid: Option<Decimal>,
    /// Account id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub account_id: u64,
    /// Currency.
    #[serde(default, with = "crate::lenient::null_default")]
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
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// Account id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub account_id: u64,
    /// Wallet.
    #[serde(default)]
    pub wallet_type: Option<WalletType>,
    /// Time.
    #[serde(default, with = "ts_rfc3339_opt")]
    pub date: Option<DateTime<Utc>>,
    /// Direction.
    #[serde(default)]
    pub direction: Option<Direction>,
    /// Currency.
    #[serde(default, with = "crate::lenient::null_default")]
    pub currency: String,
    /// Pair (isolated margin).
    #[serde(default, with = "empty_as_none")]
    pub pair: Option<String>,
    /// Amount.
    #[serde(default, with = "decimal_opt")]
    pub amount: Option<Decimal>,
    /// Note.
    #[serde(default, with = "crate::lenient::null_default")]
    pub note: String,
}

/// A repay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repay {
    /// Repay id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// Account id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub account_id: u64,
    /// Wallet.
    #[serde(default)]
    pub wallet_type: Option<WalletType>,
    /// Time.
    #[serde(default, with = "ts_rfc3339_opt")]
    pub date: Option<DateTime<Utc>>,
    /// Loan type.
    #[serde(rename = "type", default)]
    pub loan_type: Option<LoanType>,
    /// Currency.
    #[serde(default, with = "crate::lenient::null_default")]
    pub currency: String,
    /// Pair (empty for cross margin).
    #[serde(default, with = "empty_as_none")]
    pub pair: Option<String>,
    /// Principal repaid.
    #[serde(default, with = "decimal_opt")]
    pub principal_amount: Option<Decimal>,
    /// Interest repaid.
    #[serde(default, with = "decimal_opt")]
    pub interest_amount: Option<Decimal>,
    /// The borrow repaid.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub borrow_id: u64,
}

/// An interest charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interest {
    /// Charge id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// Account id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub account_id: u64,
    /// Wallet.
    #[serde(default)]
    pub wallet_type: Option<WalletType>,
    /// Time.
    #[serde(default, with = "ts_rfc3339_opt")]
    pub date: Option<DateTime<Utc>>,
    /// Currency.
    #[serde(default, with = "crate::lenient::null_default")]
    pub currency: String,
    /// Pair (empty for cross margin).
    #[serde(default, with = "empty_as_none")]
    pub pair: Option<String>,
    /// Rate.
    #[serde(default, with = "decimal_opt")]
    pub interest_rate: Option<Decimal>,
    /// The borrow charged.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub borrow_id: u64,
    /// Interest accrued.
    #[serde(default, with = "decimal_opt")]
    pub interest_accrued: Option<Decimal>,
    /// Interest paid.
    #[serde(default, with = "decimal_opt")]
    pub interest_paid: Option<Decimal>,
}

/// A liquidation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Liquidation {
    /// Liquidation id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// Account id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub account_id: u64,
    /// Time.
    #[serde(default, with = "ts_rfc3339_opt")]
    pub created_at: Option<DateTime<Utc>>,
    /// Wallet.
    #[serde(default)]
    pub wallet_type: Option<WalletType>,
    /// Margin level that triggered it.
    #[serde(default, with = "decimal_opt")]
    pub margin_level: Option<Decimal>,
    /// Closed (`""` while open).
    #[serde(default, with = "ts_rfc3339_opt")]
    pub closed_at: Option<DateTime<Utc>>,
    /// Amount.
    #[serde(default, with = "decimal_opt")]
    pub amount: Option<Decimal>,
    /// Funds used.
    #[serde(default, with = "decimal_opt")]
    pub fund_amount: Option<Decimal>,
    /// Currency.
    #[serde(default, with = "crate::lenient::null_default")]
    pub currency: String,
    /// Orders closed.
    #[serde(default, with = "crate::lenient::null_default")]
    pub order_closed: Vec<u64>,
    /// Orders created.
    #[serde(default, with = "crate::lenient::null_default")]
    pub order_created: Vec<u64>,
    /// Borrows closed.
    #[serde(default, with = "crate::lenient::null_default")]
    pub borrow_closed: Vec<u64>,
    /// Repays created.
    #[serde(default, with = "crate::lenient::null_default")]
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

/// A v3 list filtered by a time window (`start_time`, `end_time`).
pub trait Windowed: Clone {
    /// Its `start_time` and `end_time`, to read or set.
    fn window(&mut self) -> [&mut Option<Time>; 2];
}

impl Windowed for OrdersRequest {
    fn window(&mut self) -> [&mut Option<Time>; 2] {
        [&mut self.start_time, &mut self.end_time]
    }
}
impl Windowed for AccountTradesRequest {
    fn window(&mut self) -> [&mut Option<Time>; 2] {
        [&mut self.start_time, &mut self.end_time]
    }
}
impl Windowed for WalletActivityRequest {
    fn window(&mut self) -> [&mut Option<Time>; 2] {
        [&mut self.start_time, &mut self.end_time]
    }
}
impl Windowed for MarginBorrowsRequest {
    fn window(&mut self) -> [&mut Option<Time>; 2] {
        [&mut self.start_time, &mut self.end_time]
    }
}
impl Windowed for MarginTransfersRequest {
    fn window(&mut self) -> [&mut Option<Time>; 2] {
        [&mut self.start_time, &mut self.end_time]
    }
}
impl Windowed for MarginRepaysRequest {
    fn window(&mut self) -> [&mut Option<Time>; 2] {
        [&mut self.start_time, &mut self.end_time]
    }
}
impl Windowed for MarginInterestRequest {
    fn window(&mut self) -> [&mut Option<Time>; 2] {
        [&mut self.start_time, &mut self.end_time]
    }
}
impl Windowed for MarginLiquidationsRequest {
    fn window(&mut self) -> [&mut Option<Time>; 2] {
        [&mut self.start_time, &mut self.end_time]
    }
}

/// RFC 3339 text of a time, as the v3 filters take it (fractions of a second kept).
pub fn format_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// How a v3 time goes on the wire (see [`format_time`]).
pub(crate) fn time(t: &DateTime<Utc>) -> WireValue<'static> {
    WireValue::Text(Cow::Owned(format_time(t)))
}

/// The v3 margin writes always send `pair`: `""` when there is none (cross margin).
pub(crate) fn empty_if_none(pair: &Option<String>) -> WireValue<'_> {
    WireValue::Text(Cow::Borrowed(pair.as_deref().unwrap_or("")))
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

/// The check of every windowed list (it reads the window through a copy: one accessor serves
/// the check and the walk).
pub(crate) fn check_window_of<R: Windowed>(request: &R, _: &Context) -> Result<()> {
    let mut r = request.clone();
    let [start, end] = r.window();
    check_window(*start, *end)
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

/// Decoder of the `202`/`204`/`200` answers without a body.
pub(crate) fn accepted(_: Response, _: &DecodeContext<'_>) -> Result<()> {
    Ok(())
}

/// `POST /v3/orders` answers the new order's id, bare (`34`, sometimes quoted).
pub(crate) fn decode_place_order(resp: Response, _: &DecodeContext<'_>) -> Result<u64> {
    let text = std::str::from_utf8(&resp.body).unwrap_or("").trim();
    text.trim_matches('"').parse().map_err(|_| {
        Error::decode(
            ".",
            "expected the new order's id (an integer)",
            resp.status,
            &resp.body,
        )
    })
}

/// `DELETE /v3/orders`: `202` when accepted, `204` when nothing matched.
pub(crate) fn decode_cancel_orders(resp: Response, _: &DecodeContext<'_>) -> Result<CancelOutcome> {
    Ok(if resp.status.as_u16() == 204 {
        CancelOutcome::NothingToCancel
    } else {
        CancelOutcome::Accepted
    })
}

impl PlaceOrderRequest {
    /// A good-till-cancelled limit order.
    pub fn limit(
        account_id: u64,
        wallet_type: WalletType,
        pair: impl Into<String>,
        side: Side,
        price: Decimal,
        base_amount: Decimal,
    ) -> Self {
        PlaceOrderRequest::new(account_id, wallet_type, pair, side, OrderType::Limit)
            .tif(TimeInForce::Gtc)
            .limit_price(price)
            .base_amount(base_amount)
    }

    /// A market order for `base_amount` of the base currency.
    pub fn market(
        account_id: u64,
        wallet_type: WalletType,
        pair: impl Into<String>,
        side: Side,
        base_amount: Decimal,
    ) -> Self {
        PlaceOrderRequest::new(account_id, wallet_type, pair, side, OrderType::Market)
            .base_amount(base_amount)
    }

    /// Makes it a stop order triggered when the price compares to `stop_price` by `operator`.
    pub fn stop(mut self, stop_price: Decimal, operator: StopOperator) -> Self {
        self.order_type = match self.order_type {
            OrderType::Market => OrderType::StopMarket,
            _ => OrderType::StopLimit,
        };
        self.stop_price(stop_price).stop_operator(operator)
    }
}

pub(crate) fn check_place_order(o: &PlaceOrderRequest, _: &Context) -> Result<()> {
    not_blank("pair", &o.pair)?;
    positive("limit_price", o.limit_price)?;
    positive("base_amount", o.base_amount)?;
    positive("quote_amount", o.quote_amount)?;
    positive("stop_price", o.stop_price)?;
    let is_limit = matches!(o.order_type, OrderType::Limit | OrderType::StopLimit);
    let is_market = matches!(o.order_type, OrderType::Market | OrderType::StopMarket);
    let is_stop = matches!(o.order_type, OrderType::StopLimit | OrderType::StopMarket);
    if is_limit && o.base_amount.is_none() {
        return Err(Error::invalid("base_amount", "is required for limit types"));
    }
    if is_limit && o.limit_price.is_none() {
        return Err(Error::invalid("limit_price", "is required for limit types"));
    }
    if o.quote_amount.is_some() && !is_market {
        return Err(Error::invalid(
            "quote_amount",
            "is allowed for market types only",
        ));
    }
    if is_market && o.base_amount.is_none() && o.quote_amount.is_none() {
        return Err(Error::invalid(
            "base_amount",
            "a market order needs `base_amount` or `quote_amount`",
        ));
    }
    if is_stop && (o.stop_price.is_none() || o.stop_operator.is_none()) {
        return Err(Error::invalid(
            "stop_price",
            "stop orders need `stop_price` and `stop_operator`",
        ));
    }
    if !is_stop && (o.stop_price.is_some() || o.stop_operator.is_some()) {
        return Err(Error::invalid("stop_price", "is for stop orders only"));
    }
    if let Some(pair) = &o.pair_info {
        for (name, price) in [("limit_price", o.limit_price), ("stop_price", o.stop_price)] {
            price.map_or(Ok(()), |p| pair.check_price(name, p))?;
        }
        o.base_amount
            .map_or(Ok(()), |a| pair.check_amount("base_amount", a))?;
    }
    Ok(())
}

pub(crate) fn check_cancel_orders(r: &CancelOrdersRequest, _: &Context) -> Result<()> {
    let ids = r.order_ids.as_deref();
    if r.all && ids.is_some() {
        return Err(Error::invalid(
            "all",
            "give either `order_ids` or `all`=true, not both",
        ));
    }
    if !r.all && ids.is_none_or(<[u64]>::is_empty) {
        return Err(Error::invalid(
            "order_ids",
            "give at least one id, or `all`=true",
        ));
    }
    if !r.all && r.pair.is_some() {
        return Err(Error::invalid("pair", "is only taken with `all`=true"));
    }
    if ids.is_some_and(|ids| ids.contains(&0)) {
        return Err(Error::invalid("order_ids", "ids are positive"));
    }
    Ok(())
}

pub(crate) fn check_margin_positions(r: &MarginPositionsRequest, _: &Context) -> Result<()> {
    if r.isolated_margin != Some(true) && r.cross_margin != Some(true) {
        return Err(Error::invalid(
            "isolated_margin",
            "either `isolated_margin` or `cross_margin` must be true",
        ));
    }
    Ok(())
}

pub(crate) fn check_close_margin(r: &CloseMarginRequest, _: &Context) -> Result<()> {
    check_margin_wallet(&r.wallet_type, r.pair.as_deref())
}

pub(crate) fn check_margin_borrow(r: &MarginBorrowRequest, _: &Context) -> Result<()> {
    check_margin_write(&r.currency, ("borrow", r.borrow), &r.wallet_type, &r.pair)
}

pub(crate) fn check_margin_transfer(r: &MarginTransferRequest, _: &Context) -> Result<()> {
    if !matches!(r.direction, Direction::Add | Direction::Sub) {
        return Err(Error::invalid("direction", "must be ADD or SUB"));
    }
    check_margin_write(&r.currency, ("amount", r.amount), &r.wallet_type, &r.pair)
}

pub(crate) fn check_margin_repay(r: &MarginRepayRequest, _: &Context) -> Result<()> {
    check_margin_write(&r.currency, ("amount", r.amount), &r.wallet_type, &r.pair)
}

/// What every margin write needs: a currency, a positive amount, a margin wallet.
fn check_margin_write(
    currency: &str,
    (name, amount): (&str, Decimal),
    wallet: &WalletType,
    pair: &Option<String>,
) -> Result<()> {
    not_blank("currency", currency)?;
    positive(name, Some(amount))?;
    check_margin_wallet(wallet, pair.as_deref())
}

/// Refuses the wallets known not to be margin wallets (`SPOT`, `FUNDING`); a wallet this
/// crate does not know (`Other`) goes to the venue, which may accept it.
fn check_margin_wallet(wallet: &WalletType, pair: Option<&str>) -> Result<()> {
    match wallet {
        WalletType::IsolatedMargin if pair.is_none_or(|p| p.trim().is_empty()) => {
            Err(Error::invalid("pair", "is required for ISOLATED_MARGIN"))
        }
        WalletType::Spot | WalletType::Funding => Err(Error::invalid(
            "wallet_type",
            "must be ISOLATED_MARGIN or CROSS_MARGIN",
        )),
        _ => Ok(()),
    }
}

fn not_blank(name: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(name, "must not be empty"));
    }
    Ok(())
}

fn positive(name: &str, value: Option<Decimal>) -> Result<()> {
    match value {
        Some(d) if d <= Decimal::ZERO => Err(Error::invalid(name, "must be greater than 0")),
        _ => Ok(()),
    }
}

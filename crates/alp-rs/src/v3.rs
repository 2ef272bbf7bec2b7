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
use futures::stream::{self, BoxStream, StreamExt};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use venue_common::api::{ApiRequest, Context, DecodeContext, Dispatch, WireValue};
use venue_common::serde_ext::{decimal, empty_as_none, ts_rfc3339, ts_rfc3339_opt};
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
                futures::future::ready((!done).then_some(item))
            })
            .boxed()
    }
}

impl AsRef<Client> for V3<'_> {
    fn as_ref(&self) -> &Client {
        self.0
    }
}

venue_common::open_enum! {
    /// Order or trade side.
    pub enum Side: str {
        /// `BUY`.
        Buy = "BUY",
        /// `SELL`.
        Sell = "SELL",
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
    pub enum OrderStatus: str {
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
    }
}

venue_common::open_enum! {
    /// Margin side effect of an order.
    pub enum SideEffect: str {
        /// Borrow what the order needs.
        AutoBorrow = "AUTO_BORROW",
        /// Repay with what the order brings.
        AutoRepay = "AUTO_REPAY",
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

fn check_margin_wallet(wallet: &WalletType, pair: Option<&str>) -> Result<()> {
    match wallet {
        WalletType::IsolatedMargin if pair.is_none_or(|p| p.trim().is_empty()) => {
            Err(Error::invalid("pair", "is required for ISOLATED_MARGIN"))
        }
        WalletType::IsolatedMargin | WalletType::CrossMargin => Ok(()),
        _ => Err(Error::invalid(
            "wallet_type",
            "must be ISOLATED_MARGIN or CROSS_MARGIN",
        )),
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

//! The borrowing family: borrow against collateral, repay, close, the summary and the
//! histories. Requests are plain data ([`CoinflexRequest`]); their answers' models follow.

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use venue_common::serde_ext;
use venue_common::{Error, Request, Response, Result, decode_json};

use crate::error;
use crate::generated::endpoints as ep;
use crate::model::{
    BorrowStatus, Envelope, Notice, OrderStatus, OrderType, RateType, Side, SummaryStatus,
    TimeInForce,
};

/// The most rows a history request may ask for.
pub const MAX_LIMIT: u32 = 100;

/// The widest `startTime`..`endTime` window the venue accepts.
pub const MAX_WINDOW: Duration = Duration::days(7);

/// The window the venue uses when `startTime` is not given: 24 hours before `endTime`/now.
pub const DEFAULT_WINDOW: Duration = Duration::hours(24);

/// A request to CoinFLEX as data: it knows its endpoint, validates itself and says what its
/// answer's `data` decodes to. Pass one to [`crate::Client::send`].
pub trait CoinflexRequest {
    /// What `data` decodes to.
    type Data: DeserializeOwned + Send + 'static;

    /// Validates and prepares the request (nothing is sent). Bad input is
    /// [`Error::InvalidRequest`] naming the venue's parameter.
    fn into_request(self) -> Result<Request>;

    /// Checks what needs the current time (a lone `startTime` against the venue's default
    /// `endTime` of "now"). The client calls it with its clock before sending.
    fn validate_at(&self, _now: DateTime<Utc>) -> Result<()> {
        Ok(())
    }

    /// Turns the venue's answer into the envelope, or into the venue's refusal.
    fn decode(resp: Response) -> Result<Envelope<Self::Data>> {
        error::decode(resp)
    }
}

fn require_asset(param: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(param, "must not be empty"));
    }
    if value.chars().any(|c| c.is_whitespace() || c == '/') {
        return Err(Error::invalid(
            param,
            "must be an asset or market code without spaces or `/`",
        ));
    }
    Ok(())
}

fn require_positive(param: &str, value: &Decimal) -> Result<()> {
    if *value <= Decimal::ZERO {
        return Err(Error::invalid(
            param,
            format!("must be greater than zero (got {value})"),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// GET /v2/borrowingSummary

/// `GET /v2/borrowingSummary`: what is borrowed, against what, per asset pair.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BorrowingSummaryRequest;

impl CoinflexRequest for BorrowingSummaryRequest {
    type Data = Vec<BorrowingSummary>;

    fn into_request(self) -> Result<Request> {
        Ok(ep::BORROWING_SUMMARY.request())
    }
}

/// One outstanding borrowing in the summary.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BorrowingSummary {
    /// Borrowed asset (only `USD` for now).
    pub borrow_asset: String,
    /// Total borrowed amount of the borrow asset.
    #[serde(with = "serde_ext::decimal")]
    pub borrowed_amount: Decimal,
    /// Collateral asset.
    pub collateral_asset: String,
    /// Total collateralised amount of the collateral asset.
    #[serde(with = "serde_ext::decimal")]
    pub collateralized_amount: Decimal,
    /// Floating or fixed rate.
    pub rate_type: RateType,
    /// `To be repaid`.
    pub status: SummaryStatus,
}

// ---------------------------------------------------------------------------------------------
// POST /v2/borrow

/// `POST /v2/borrow`: borrow `borrowAsset` against `collateralAmount` of `collateralAsset`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BorrowRequest {
    /// Asset to borrow (only `USD` for now).
    pub borrow_asset: String,
    /// Asset pledged.
    pub collateral_asset: String,
    /// Amount of the collateral asset pledged; sent as a string.
    #[serde(with = "serde_ext::decimal")]
    pub collateral_amount: Decimal,
}

impl BorrowRequest {
    /// A borrow of `borrow_asset` against `collateral_amount` of `collateral_asset`.
    pub fn new(
        borrow_asset: impl Into<String>,
        collateral_asset: impl Into<String>,
        collateral_amount: Decimal,
    ) -> Self {
        BorrowRequest {
            borrow_asset: borrow_asset.into(),
            collateral_asset: collateral_asset.into(),
            collateral_amount,
        }
    }
}

impl CoinflexRequest for BorrowRequest {
    type Data = Borrowing;

    fn into_request(self) -> Result<Request> {
        require_asset("borrowAsset", &self.borrow_asset)?;
        require_asset("collateralAsset", &self.collateral_asset)?;
        require_positive("collateralAmount", &self.collateral_amount)?;
        ep::BORROW.request().json(&self)
    }
}

/// One borrow: the answer to [`BorrowRequest`] and a row of the borrow history.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Borrowing {
    /// Borrowed asset.
    pub borrow_asset: String,
    /// Amount of the borrow asset borrowed.
    #[serde(with = "serde_ext::decimal")]
    pub borrowed_amount: Decimal,
    /// Collateral asset.
    pub collateral_asset: String,
    /// Amount of the collateral asset actually collateralised.
    #[serde(with = "serde_ext::decimal")]
    pub collateralized_amount: Decimal,
    /// `collateralAmount` asked minus `collateralizedAmount`.
    #[serde(default, with = "serde_ext::decimal_opt")]
    pub non_collateralized_amount: Option<Decimal>,
    /// Floating or fixed rate.
    pub rate_type: RateType,
    /// Completed, partial or cancelled.
    pub status: BorrowStatus,
    /// When it was borrowed.
    #[serde(with = "serde_ext::ts_millis")]
    pub borrowed_at: DateTime<Utc>,
}

// ---------------------------------------------------------------------------------------------
// POST /v2/repay

/// `POST /v2/repay`: repay `repayAsset` and regain `regainAmount` of `regainAsset`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepayRequest {
    /// Asset repaid (only `USD` for now).
    pub repay_asset: String,
    /// Collateral asset to regain.
    pub regain_asset: String,
    /// Amount of the regain asset to get back; sent as a string.
    #[serde(with = "serde_ext::decimal")]
    pub regain_amount: Decimal,
}

impl RepayRequest {
    /// A repayment of `repay_asset` regaining `regain_amount` of `regain_asset`.
    pub fn new(
        repay_asset: impl Into<String>,
        regain_asset: impl Into<String>,
        regain_amount: Decimal,
    ) -> Self {
        RepayRequest {
            repay_asset: repay_asset.into(),
            regain_asset: regain_asset.into(),
            regain_amount,
        }
    }
}

impl CoinflexRequest for RepayRequest {
    type Data = Repayment;

    fn into_request(self) -> Result<Request> {
        require_asset("repayAsset", &self.repay_asset)?;
        require_asset("regainAsset", &self.regain_asset)?;
        require_positive("regainAmount", &self.regain_amount)?;
        ep::REPAY.request().json(&self)
    }
}

/// One repayment: the answer to [`RepayRequest`] and a row of the repay history.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Repayment {
    /// Repaid asset.
    pub repay_asset: String,
    /// Amount of the repay asset repaid.
    #[serde(with = "serde_ext::decimal")]
    pub repaid_amount: Decimal,
    /// Regained collateral asset.
    pub regain_asset: String,
    /// Amount of the regain asset regained.
    #[serde(with = "serde_ext::decimal")]
    pub regained_amount: Decimal,
    /// `regainAmount` asked minus `regainedAmount`.
    #[serde(default, with = "serde_ext::decimal_opt")]
    pub non_regained_amount: Option<Decimal>,
    /// Completed, partial or cancelled.
    pub status: BorrowStatus,
    /// When it was repaid.
    #[serde(with = "serde_ext::ts_millis")]
    pub repaid_at: DateTime<Utc>,
    /// When the repaid borrowing was taken: listed in the history's table, absent from its
    /// sample, so optional.
    #[serde(default, with = "serde_ext::ts_millis_opt")]
    pub borrowed_at: Option<DateTime<Utc>>,
}

// ---------------------------------------------------------------------------------------------
// POST /v2/borrow/close

/// `POST /v2/borrow/close`: close a borrowing with an order on `marketCode`.
///
/// The document's table names the quantity `collateralAmount` and describes `marketCode` as
/// "borrow asset, only USD"; its example and answer send `quantity` and a market
/// (`BTC-USD-SWAP-LIN`). This request follows the example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CloseBorrowRequest {
    /// Market of the closing order, e.g. `BTC-USD-SWAP-LIN`.
    pub market_code: String,
    /// Price to close at; the market price when `None`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "serde_ext::decimal_opt"
    )]
    pub price: Option<Decimal>,
    /// Quantity to close; the whole position when `None`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "serde_ext::decimal_opt"
    )]
    pub quantity: Option<Decimal>,
}

impl CloseBorrowRequest {
    /// A close of the whole borrowing at the market price.
    pub fn new(market_code: impl Into<String>) -> Self {
        CloseBorrowRequest {
            market_code: market_code.into(),
            price: None,
            quantity: None,
        }
    }

    /// Closes at this price.
    pub fn price(mut self, price: Decimal) -> Self {
        self.price = Some(price);
        self
    }

    /// Closes this quantity only.
    pub fn quantity(mut self, quantity: Decimal) -> Self {
        self.quantity = Some(quantity);
        self
    }
}

impl CoinflexRequest for CloseBorrowRequest {
    type Data = CloseBorrowOrder;

    fn into_request(self) -> Result<Request> {
        require_asset("marketCode", &self.market_code)?;
        if let Some(p) = &self.price {
            require_positive("price", p)?;
        }
        if let Some(q) = &self.quantity {
            require_positive("quantity", q)?;
        }
        ep::CLOSE_BORROW.request().json(&self)
    }

    /// The order comes back in `data` as an object (as documented) or as a one-item list (as
    /// CoinFLEX's order endpoints answer); an item with `success: "false"` is the venue's
    /// refusal and becomes an error.
    fn decode(resp: Response) -> Result<Envelope<CloseBorrowOrder>> {
        if let Some(e) = error::check(&resp) {
            return Err(e);
        }
        let raw: Envelope<Box<serde_json::value::RawValue>> = decode_json(resp.status, &resp.body)?;
        let text = raw.data.get().trim_start();
        if text.starts_with('[') {
            let items: Vec<Box<serde_json::value::RawValue>> =
                serde_json::from_str(text).unwrap_or_default();
            if let Some(e) = items.iter().find_map(|i| error::check_item(&resp, i)) {
                return Err(e);
            }
            let list: Envelope<Vec<CloseBorrowOrder>> = decode_json(resp.status, &resp.body)?;
            let Envelope {
                event,
                timestamp,
                account_id,
                data,
            } = list;
            let order = data.into_iter().next().ok_or_else(|| {
                Error::decode(
                    "data",
                    "an empty list where one order was expected",
                    resp.status,
                    &resp.body,
                )
            })?;
            return Ok(Envelope {
                event,
                timestamp,
                account_id,
                data: order,
            });
        }
        if let Some(e) = error::check_item(&resp, &raw.data) {
            return Err(e);
        }
        decode_json(resp.status, &resp.body)
    }
}

/// The order that closed (or tried to close) a borrowing.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CloseBorrowOrder {
    /// Whether the order was accepted (`"true"`; a `"false"` comes back as an error).
    #[serde(with = "serde_ext::bool_lenient")]
    pub success: bool,
    /// When the order was handled.
    #[serde(with = "serde_ext::ts_millis")]
    pub timestamp: DateTime<Utc>,
    /// Client-assigned id (at most `9223372036854775807`).
    #[serde(
        default,
        deserialize_with = "serde_ext::int_or_string_opt::deserialize"
    )]
    pub client_order_id: Option<u64>,
    /// The venue's order id.
    #[serde(
        default,
        deserialize_with = "serde_ext::string_or_number_opt::deserialize"
    )]
    pub order_id: Option<String>,
    /// Price submitted.
    #[serde(default, with = "serde_ext::decimal_opt")]
    pub price: Option<Decimal>,
    /// Quantity submitted.
    #[serde(with = "serde_ext::decimal")]
    pub quantity: Decimal,
    /// Buy or sell.
    pub side: Side,
    /// Order status (`CANCELED_BY_FOK` in the sample).
    pub status: OrderStatus,
    /// Market code.
    pub market_code: String,
    /// Time in force.
    pub time_in_force: TimeInForce,
    /// What happened: closed, matched or opened.
    pub notice: Notice,
    /// Order type (`MARKET` in the sample although the table lists `LIMIT` or `STOP`).
    pub order_type: OrderType,
    /// `true` for a triggered stop order.
    #[serde(default, deserialize_with = "bool_opt")]
    pub is_triggered: Option<bool>,
}

fn bool_opt<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<bool>, D::Error> {
    serde_ext::bool_lenient::deserialize(d).map(Some)
}

// ---------------------------------------------------------------------------------------------
// GET /v2/borrow/{asset} and GET /v2/repay/{asset}

/// The shared query of the two histories: `limit`, `startTime`, `endTime`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryQuery {
    /// Rows, 1..=100 (the venue's default is 100).
    pub limit: Option<u32>,
    /// From this time (the venue's default: 24 hours ago).
    pub start_time: Option<DateTime<Utc>>,
    /// Up to this time (the venue's default: now).
    pub end_time: Option<DateTime<Utc>>,
}

impl HistoryQuery {
    /// Checks `limit` and the window, without the clock.
    pub fn validate(&self) -> Result<()> {
        if let Some(limit) = self.limit
            && !(1..=MAX_LIMIT).contains(&limit)
        {
            return Err(Error::invalid(
                "limit",
                format!("must be between 1 and {MAX_LIMIT} (got {limit})"),
            ));
        }
        if let Some(s) = self.start_time
            && s.timestamp_millis() < 0
        {
            return Err(Error::invalid("startTime", "must not be before 1970"));
        }
        if let (Some(s), Some(e)) = (self.start_time, self.end_time) {
            if e < s {
                return Err(Error::invalid("endTime", "must not be before startTime"));
            }
            if e - s > MAX_WINDOW {
                return Err(Error::invalid(
                    "endTime",
                    "must be within 7 days of startTime",
                ));
            }
        }
        Ok(())
    }

    /// Checks a lone `startTime` against the venue's default `endTime` (now).
    pub fn validate_at(&self, now: DateTime<Utc>) -> Result<()> {
        if let (Some(s), None) = (self.start_time, self.end_time)
            && now - s > MAX_WINDOW
        {
            return Err(Error::invalid(
                "startTime",
                "must be within 7 days of endTime, which defaults to now; give endTime too",
            ));
        }
        Ok(())
    }

    fn apply(&self, request: Request) -> Request {
        request
            .query_opt("limit", self.limit)
            .query_opt("startTime", self.start_time.map(|t| t.timestamp_millis()))
            .query_opt("endTime", self.end_time.map(|t| t.timestamp_millis()))
    }
}

macro_rules! history_request {
    ($(#[$meta:meta])* $name:ident, $endpoint:expr, $item:ty, $param_doc:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            #[doc = $param_doc]
            pub asset: String,
            /// `limit`, `startTime`, `endTime`.
            pub query: HistoryQuery,
        }

        impl $name {
            /// The history of `asset`, with the venue's default limit and window.
            pub fn new(asset: impl Into<String>) -> Self {
                $name { asset: asset.into(), query: HistoryQuery::default() }
            }

            /// At most this many rows (1..=100).
            pub fn limit(mut self, limit: u32) -> Self {
                self.query.limit = Some(limit);
                self
            }

            /// From this time (inclusive).
            pub fn start_time(mut self, time: DateTime<Utc>) -> Self {
                self.query.start_time = Some(time);
                self
            }

            /// Up to this time (inclusive).
            pub fn end_time(mut self, time: DateTime<Utc>) -> Self {
                self.query.end_time = Some(time);
                self
            }
        }

        impl CoinflexRequest for $name {
            type Data = Vec<$item>;

            fn into_request(self) -> Result<Request> {
                require_asset("asset", &self.asset)?;
                self.query.validate()?;
                let path = $endpoint.path_with(&[("asset", &self.asset)])?;
                Ok(self.query.apply($endpoint.request_to(path)))
            }

            fn validate_at(&self, now: DateTime<Utc>) -> Result<()> {
                self.query.validate_at(now)
            }
        }
    };
}

history_request!(
    /// `GET /v2/borrow/{asset}`: borrows against one collateral asset, newest first.
    BorrowHistoryRequest,
    ep::BORROW_HISTORY,
    Borrowing,
    "Collateral asset (`asset` in the path)."
);

history_request!(
    /// `GET /v2/repay/{asset}`: repayments regaining one asset, newest first.
    RepayHistoryRequest,
    ep::REPAY_HISTORY,
    Repayment,
    "Regain asset (`asset` in the path)."
);

/// A history row's time, for paging backwards.
pub trait HistoryItem {
    /// When the row happened.
    fn at(&self) -> DateTime<Utc>;
}

impl HistoryItem for Borrowing {
    fn at(&self) -> DateTime<Utc> {
        self.borrowed_at
    }
}

impl HistoryItem for Repayment {
    fn at(&self) -> DateTime<Utc> {
        self.repaid_at
    }
}

/// A history request that can page backwards through its window.
pub trait HistoryRequest:
    CoinflexRequest<Data = Vec<Self::Item>> + Clone + Send + Sync + 'static
{
    /// The row type.
    type Item: HistoryItem + Send + 'static;
    /// The shared query, for the pager to move `endTime`.
    fn query_mut(&mut self) -> &mut HistoryQuery;
}

impl HistoryRequest for BorrowHistoryRequest {
    type Item = Borrowing;
    fn query_mut(&mut self) -> &mut HistoryQuery {
        &mut self.query
    }
}

impl HistoryRequest for RepayHistoryRequest {
    type Item = Repayment;
    fn query_mut(&mut self) -> &mut HistoryQuery {
        &mut self.query
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn close_borrow_omits_absent_fields() {
        let r = CloseBorrowRequest::new("BTC-USD-SWAP-LIN")
            .into_request()
            .unwrap();
        assert_eq!(r.body_bytes(), br#"{"marketCode":"BTC-USD-SWAP-LIN"}"#);
        let r = CloseBorrowRequest::new("BTC-USD-SWAP-LIN")
            .price(dec!(29633.5))
            .quantity(dec!(1))
            .into_request()
            .unwrap();
        assert_eq!(
            r.body_bytes(),
            br#"{"marketCode":"BTC-USD-SWAP-LIN","price":"29633.5","quantity":"1"}"#
        );
    }
}

//! The borrowing family: borrow against collateral, repay, close, the summary and the
//! histories. The requests are generated from the spec (`crate::generated::requests`); this
//! module holds what the spec cannot say: the document's checks, the answers' models, the
//! close answer's two shapes and the history walk.

use chrono::{DateTime, Duration, Utc};
use futures_util::stream::{self, BoxStream, StreamExt};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use venue_common::api::{Context, DecodeContext};
use venue_common::serde_ext;
use venue_common::{Error, Response, Result, decode_json};

use crate::Client;
use crate::error;
use crate::generated::client::Call;
use crate::generated::requests::{
    BorrowHistoryRequest, BorrowRequest, CloseBorrowRequest, RepayHistoryRequest, RepayRequest,
};
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

/// One outstanding borrowing in the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// One borrow: the answer to [`BorrowRequest`] and a row of the borrow history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// One repayment: the answer to [`RepayRequest`] and a row of the repay history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// The order that closed (or tried to close) a borrowing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CloseBorrowOrder {
    /// Whether the order was accepted (`"true"`; a `"false"` comes back as an error).
    #[serde(with = "serde_ext::bool_lenient")]
    pub success: bool,
    /// When the order was handled.
    #[serde(with = "serde_ext::ts_millis")]
    pub timestamp: DateTime<Utc>,
    /// Client-assigned id (at most `9223372036854775807`).
    #[serde(default, with = "serde_ext::int_or_string_opt")]
    pub client_order_id: Option<u64>,
    /// The venue's order id.
    #[serde(default, with = "serde_ext::string_or_number_opt")]
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

/// A documented-optional flag: `true`/`false` as JSON or text; `null`, absent or anything
/// else is `None` (one surprising flag must not fail a whole answer).
///
/// Formats that cannot describe themselves (postcard, say) hold what the model wrote, a plain
/// `Option<bool>`, and are read as such.
fn bool_opt<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<bool>, D::Error> {
    if !d.is_human_readable() {
        return Option::<bool>::deserialize(d);
    }
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::Bool(b)) => Some(b),
        Some(serde_json::Value::String(s)) if s.eq_ignore_ascii_case("true") => Some(true),
        Some(serde_json::Value::String(s)) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    })
}

// ---------------------------------------------------------------------------------------------
// GET /v2/borrow/{asset} and GET /v2/repay/{asset}

/// Checks `POST /v2/borrow`: assets named, a positive amount.
pub fn check_borrow(r: &BorrowRequest, _: &Context) -> Result<()> {
    require_asset("borrowAsset", &r.borrow_asset)?;
    require_asset("collateralAsset", &r.collateral_asset)?;
    require_positive("collateralAmount", &r.collateral_amount)
}

/// Checks `POST /v2/repay`: assets named, a positive amount.
pub fn check_repay(r: &RepayRequest, _: &Context) -> Result<()> {
    require_asset("repayAsset", &r.repay_asset)?;
    require_asset("regainAsset", &r.regain_asset)?;
    require_positive("regainAmount", &r.regain_amount)
}

/// Checks `POST /v2/borrow/close`: a market named; price and quantity positive when given.
pub fn check_close_borrow(r: &CloseBorrowRequest, _: &Context) -> Result<()> {
    require_asset("marketCode", &r.market_code)?;
    if let Some(p) = &r.price {
        require_positive("price", p)?;
    }
    if let Some(q) = &r.quantity {
        require_positive("quantity", q)?;
    }
    Ok(())
}

/// Checks `GET /v2/borrow/{asset}`: the asset, and the window (see [`check_window`]).
pub fn check_borrow_history(r: &BorrowHistoryRequest, ctx: &Context) -> Result<()> {
    require_asset("asset", &r.asset)?;
    check_window(r.start_time, r.end_time, ctx.now())
}

/// Checks `GET /v2/repay/{asset}`: the asset, and the window (see [`check_window`]).
pub fn check_repay_history(r: &RepayHistoryRequest, ctx: &Context) -> Result<()> {
    require_asset("asset", &r.asset)?;
    check_window(r.start_time, r.end_time, ctx.now())
}

/// The histories' window: not before 1970, `endTime` not before `startTime`, at most 7 days
/// wide, and a lone `startTime` within 7 days of the venue's default `endTime` (now).
pub fn check_window(
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<()> {
    if let Some(s) = start
        && s.timestamp_millis() < 0
    {
        return Err(Error::invalid("startTime", "must not be before 1970"));
    }
    match (start, end) {
        (Some(s), Some(e)) => {
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
        (Some(s), None) if now - s > MAX_WINDOW => {
            return Err(Error::invalid(
                "startTime",
                "must be within 7 days of endTime, which defaults to now; give endTime too",
            ));
        }
        _ => {}
    }
    Ok(())
}

/// Checks the close answer against the request: a partial close echoed with another quantity
/// means the venue closed something other than asked (it may have read `collateralAmount`
/// differently), which the caller must know before acting again.
pub fn check_close_output(r: &CloseBorrowRequest, order: &CloseBorrowOrder) -> Result<()> {
    match r.quantity {
        Some(asked) if order.quantity != asked => {
            Err(Error::mismatch("quantity", asked, order.quantity))
        }
        _ => Ok(()),
    }
}

/// Decodes the answer to `POST /v2/borrow/close`. The order comes back in `data` as an object
/// (as documented) or as a one-item list (as CoinFLEX's order endpoints answer); an item with
/// `success: "false"` is the venue's refusal and becomes an error.
pub fn decode_close(resp: Response, _: &DecodeContext<'_>) -> Result<CloseBorrowOrder> {
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
        return list.data.into_iter().next().ok_or_else(|| {
            Error::decode(
                "data",
                "an empty list where one order was expected",
                resp.status,
                &resp.body,
            )
        });
    }
    if let Some(e) = error::check_item(&resp, &raw.data) {
        return Err(e);
    }
    let one: Envelope<CloseBorrowOrder> = decode_json(resp.status, &resp.body)?;
    Ok(one.data)
}

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

/// The window and page size of a history request, for the walk.
trait Window: venue_common::ApiRequest<Client = Client, Output = Vec<Self::Row>> + Clone {
    type Row: HistoryItem + Send + 'static;
    fn window(&mut self) -> (&mut Option<DateTime<Utc>>, &mut Option<DateTime<Utc>>);
    fn page_size(&self) -> Option<u32>;
}

impl Window for BorrowHistoryRequest {
    type Row = Borrowing;
    fn window(&mut self) -> (&mut Option<DateTime<Utc>>, &mut Option<DateTime<Utc>>) {
        (&mut self.start_time, &mut self.end_time)
    }
    fn page_size(&self) -> Option<u32> {
        self.limit
    }
}

impl Window for RepayHistoryRequest {
    type Row = Repayment;
    fn window(&mut self) -> (&mut Option<DateTime<Utc>>, &mut Option<DateTime<Utc>>) {
        (&mut self.start_time, &mut self.end_time)
    }
    fn page_size(&self) -> Option<u32> {
        self.limit
    }
}

impl Call<BorrowHistoryRequest> {
    /// Every row of the window, newest first, fetched a page (`limit` rows) at a time; the
    /// window may exceed 7 days (see [`Client::history_stream`]).
    pub fn into_stream(self) -> BoxStream<'static, Result<Borrowing>> {
        let client = self.client().clone();
        history_stream(client, self.into_request())
    }
}

impl Call<RepayHistoryRequest> {
    /// Every row of the window, newest first, fetched a page (`limit` rows) at a time; the
    /// window may exceed 7 days (see [`Client::history_stream`]).
    pub fn into_stream(self) -> BoxStream<'static, Result<Repayment>> {
        let client = self.client().clone();
        history_stream(client, self.into_request())
    }
}

impl Client {
    /// Every row of a borrow history window, newest first, a page at a time.
    ///
    /// The window is the request's `startTime`..`endTime` (defaults: the 24 hours up to now,
    /// as the venue's own defaults) and may be longer than the venue's 7-day limit: it is
    /// walked backwards in slices of at most 7 days. Each page asks for `limit` rows (default
    /// 100) with an explicit slice; when a page is full, the next one ends 1 ms before the
    /// oldest row seen, otherwise the next slice starts. Rows sharing that oldest millisecond
    /// across a page boundary may be missed (the venue offers no finer cursor). An error ends
    /// the stream after it is yielded.
    pub fn history_stream(
        &self,
        request: BorrowHistoryRequest,
    ) -> BoxStream<'static, Result<Borrowing>> {
        history_stream(self.clone(), request)
    }

    /// Every row of a repay history window, newest first; see [`Client::history_stream`].
    pub fn repay_history_stream(
        &self,
        request: RepayHistoryRequest,
    ) -> BoxStream<'static, Result<Repayment>> {
        history_stream(self.clone(), request)
    }
}

fn history_stream<R: Window>(client: Client, mut request: R) -> BoxStream<'static, Result<R::Row>> {
    let now = client.now();
    let limit = request.page_size().unwrap_or(MAX_LIMIT) as usize;
    let (start, end) = request.window();
    let end = end.unwrap_or(now);
    let start = start.unwrap_or(end - DEFAULT_WINDOW);
    struct State<R> {
        client: Client,
        request: R,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        done: bool,
    }
    let state = State {
        client,
        request,
        start,
        end,
        done: end < start,
    };
    stream::unfold(state, move |mut state| async move {
        if state.done {
            return None;
        }
        let slice_start = state.start.max(state.end - MAX_WINDOW);
        let mut page_request = state.request.clone();
        let (s, e) = page_request.window();
        *s = Some(slice_start);
        *e = Some(state.end);
        match state.client.send(page_request).await {
            Err(e) => {
                state.done = true;
                Some((vec![Err(e)], state))
            }
            Ok(items) => {
                let oldest = items.iter().map(|i| i.at()).min();
                state.end = match oldest {
                    Some(oldest) if items.len() >= limit => oldest - Duration::milliseconds(1),
                    _ => slice_start - Duration::milliseconds(1),
                };
                if state.end < state.start {
                    state.done = true;
                }
                Some((items.into_iter().map(Ok).collect::<Vec<_>>(), state))
            }
        }
    })
    .flat_map(stream::iter)
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use venue_common::ApiRequest;

    #[test]
    fn close_borrow_omits_absent_fields_and_names_a_partial_amount_both_ways() {
        let r = CloseBorrowRequest::new("BTC-USD-SWAP-LIN")
            .to_request()
            .unwrap();
        assert_eq!(r.body_bytes(), br#"{"marketCode":"BTC-USD-SWAP-LIN"}"#);
        let r = CloseBorrowRequest::new("BTC-USD-SWAP-LIN")
            .price(dec!(29633.5))
            .quantity(dec!(1))
            .to_request()
            .unwrap();
        assert_eq!(
            r.body_bytes(),
            br#"{"marketCode":"BTC-USD-SWAP-LIN","price":"29633.5","quantity":"1","collateralAmount":"1"}"#
        );
    }
}

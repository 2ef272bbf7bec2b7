//! Margin Loan: loan bills, orders, lending accounts, margin, renewal and repayment: the models
//! and the checks the generated requests call.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};
use venue_common::api::Context;
use venue_common::serde_ext::{
    decimal, decimal_opt, empty_as_none, int_or_string_opt, ts_millis, ts_millis_opt,
};
use venue_common::{Error, Result};

use crate::enums::{BillType, OpStatus, OpType, OrderBizType, OrderStatus, PaymentStatus};
use crate::generated::requests::*;
use crate::paging::null_as_empty;
use crate::validate;

/// One day in milliseconds (renewal dates are midnights UTC).
const DAY_MS: i64 = 86_400_000;

/// A loan bill.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct LoanBill {
    /// Bill time (ms; the table says string, the sample a number: both read).
    #[serde(with = "ts_millis")]
    pub bill_time_mill: DateTime<Utc>,
    /// The order's loan amount.
    #[serde(with = "decimal")]
    pub allocate_amount: Decimal,
    /// Unpaid principal of the order.
    #[serde(default, with = "decimal_opt")]
    pub need_pay_allocate_amount: Option<Decimal>,
    /// Order days.
    #[serde(default, deserialize_with = "int_or_string_opt::deserialize")]
    pub close_day: Option<u32>,
    /// Interest rate.
    #[serde(default, with = "decimal_opt")]
    pub interest_rate: Option<Decimal>,
    /// Interest amount.
    #[serde(default, with = "decimal_opt")]
    pub interest: Option<Decimal>,
    /// Penalty amount.
    #[serde(default, with = "decimal_opt")]
    pub penalty: Option<Decimal>,
    /// Reduction amount.
    #[serde(default, with = "decimal_opt")]
    pub reduction_amount: Option<Decimal>,
    /// Repaid on this bill.
    #[serde(default, with = "decimal_opt")]
    pub repaid_amount: Option<Decimal>,
    /// Still outstanding on this bill.
    #[serde(default, with = "decimal_opt")]
    pub need_pay_amount: Option<Decimal>,
    /// Currency.
    pub currency: String,
    /// Payment status (see [`PaymentStatus`] on the document's two readings).
    pub payment_status: PaymentStatus,
    /// Order id.
    pub order_id: String,
    /// Bill id (pass it to [`crate::Client::bill_repay`]).
    pub bill_id: String,
    /// Bill type.
    #[serde(rename = "type")]
    pub bill_type: BillType,
    /// Localised bill names.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub name: Vec<LocalizedText>,
    /// Amount being repaid.
    #[serde(default, with = "decimal_opt")]
    pub repaying: Option<Decimal>,
    /// The order's performance fee distribution rate.
    #[serde(default, with = "decimal_opt")]
    pub distribution_of_performance_fee: Option<Decimal>,
    /// Distribution fee.
    #[serde(default, with = "decimal_opt")]
    pub distribution_fee: Option<Decimal>,
}

/// A text in one language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct LocalizedText {
    /// Language tag (`en`, `zh-CN`).
    pub language: String,
    /// The text.
    pub text: String,
}

/// A loan order (Order Detail and Order List).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Order {
    /// Created (ms); absent from the list.
    #[serde(default, with = "ts_millis_opt")]
    pub created_at: Option<DateTime<Utc>>,
    /// User id.
    pub user_id: String,
    /// Order id.
    pub order_id: String,
    /// Loan currency.
    pub allocation_currency: String,
    /// Approved loan amount.
    #[serde(with = "decimal")]
    pub allocation_amount: Decimal,
    /// Disbursed amount.
    #[serde(default, with = "decimal_opt")]
    pub allocated_amount: Option<Decimal>,
    /// Being disbursed.
    #[serde(default, with = "decimal_opt")]
    pub allocating_amount: Option<Decimal>,
    /// Designated pledged currency.
    #[serde(default, deserialize_with = "empty_as_none::deserialize")]
    pub equity_currency: Option<String>,
    /// Designated pledged amount.
    #[serde(default, with = "decimal_opt")]
    pub equity_amount: Option<Decimal>,
    /// Actual collateral currency.
    #[serde(default, deserialize_with = "empty_as_none::deserialize")]
    pub margin_currency: Option<String>,
    /// Actual collateral amount.
    #[serde(default, with = "decimal_opt")]
    pub margin_amount: Option<Decimal>,
    /// Interest rate.
    #[serde(default, with = "decimal_opt")]
    pub interest_rate: Option<Decimal>,
    /// Order days.
    #[serde(default, deserialize_with = "int_or_string_opt::deserialize")]
    pub close_day: Option<u32>,
    /// Interest start (ms).
    #[serde(default, with = "ts_millis_opt")]
    pub value_time: Option<DateTime<Utc>>,
    /// Interest accrual end (ms).
    #[serde(default, with = "ts_millis_opt")]
    pub due_time: Option<DateTime<Utc>>,
    /// Leverage ratio.
    #[serde(default, with = "decimal_opt")]
    pub allocation_ratio: Option<Decimal>,
    /// Order status.
    pub status: OrderStatus,
    /// Product (absent from the list sample).
    #[serde(default)]
    pub order_biz_type: Option<OrderBizType>,
    /// Principal repaid.
    #[serde(default, with = "decimal_opt")]
    pub amount_repaid: Option<Decimal>,
    /// Principal being repaid.
    #[serde(default, with = "decimal_opt")]
    pub repaying: Option<Decimal>,
    /// Principal penalty interest rate.
    #[serde(default, with = "decimal_opt")]
    pub overdue_rate: Option<Decimal>,
    /// Prepayment penalty rate.
    #[serde(default, with = "decimal_opt")]
    pub pre_repay_penalty_ratio: Option<Decimal>,
    /// Previous order of a renewal (`""` reads as `None`).
    #[serde(default, deserialize_with = "empty_as_none::deserialize")]
    pub pre_order_id: Option<String>,
    /// Performance fee distribution.
    #[serde(default, with = "decimal_opt")]
    pub distribution_of_performance_fee: Option<Decimal>,
    /// Guaranteed hurdle rate of return.
    #[serde(default, deserialize_with = "int_or_string_opt::deserialize")]
    pub guaranteed_hurdle_rate_of_return: Option<i64>,
    /// Binance managed sub-account.
    #[serde(default, deserialize_with = "int_or_string_opt::deserialize")]
    pub binance_managed_sub_account: Option<i64>,
    /// Frequency of performance fee payment.
    #[serde(default, deserialize_with = "int_or_string_opt::deserialize")]
    pub frequency_of_performance_fee_payment: Option<i64>,
    /// Interest.
    #[serde(default, with = "decimal_opt")]
    pub interest: Option<Decimal>,
    /// Penalty.
    #[serde(default, with = "decimal_opt")]
    pub penalty: Option<Decimal>,
    /// Penalty days.
    #[serde(default, deserialize_with = "int_or_string_opt::deserialize")]
    pub penalty_days: Option<i64>,
    /// Prepayment penalty amount.
    #[serde(default, with = "decimal_opt")]
    pub pre_repay_penalty: Option<Decimal>,
}

/// A margin addition.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct MarginRecord {
    /// Serial no.
    pub serial_no: String,
    /// User id.
    pub user_id: String,
    /// Order id.
    pub order_id: String,
    /// Currency.
    pub currency: String,
    /// Amount.
    #[serde(with = "decimal")]
    pub amount: Decimal,
    /// Status.
    pub status: OpStatus,
}

/// An operation on a loan order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Operation {
    /// Created (ms).
    #[serde(with = "ts_millis")]
    pub created_at: DateTime<Utc>,
    /// Serial no.
    pub serial_no: String,
    /// User id.
    pub user_id: String,
    /// The request id that caused it.
    #[serde(default, deserialize_with = "empty_as_none::deserialize")]
    pub request_id: Option<String>,
    /// Order id.
    pub order_id: String,
    /// Operation type.
    pub op_type: OpType,
    /// Currency (`""` reads as `None`).
    #[serde(default, deserialize_with = "empty_as_none::deserialize")]
    pub currency: Option<String>,
    /// Amount.
    #[serde(with = "decimal")]
    pub amount: Decimal,
    /// Status.
    pub status: OpStatus,
}

/// One disbursement account of a loan order: an exchange sub-account and an amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LendingAccount {
    /// Exchange sub-account id.
    pub account_id: String,
    /// Amount (sent as a string without trailing zeros).
    #[serde(
        serialize_with = "plain_decimal",
        deserialize_with = "decimal::deserialize"
    )]
    pub amount: Decimal,
}

impl LendingAccount {
    /// A disbursement of `amount` to `account_id`.
    pub fn new(account_id: impl Into<String>, amount: Decimal) -> Self {
        LendingAccount {
            account_id: account_id.into(),
            amount,
        }
    }
}

/// Writes an amount as the venue's tables ask (a string) without trailing zeros (`1.50` is
/// sent as `"1.5"`): the venue counts decimal places against each currency's limit.
fn plain_decimal<S: Serializer>(value: &Decimal, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(&value.normalize())
}

// ---------------------------------------------------------------------------------------------
// Checks the generated requests call (spec `check`), beyond the spec's bounds

pub(crate) fn check_loan_bills(r: &LoanBillsRequest, _: &Context) -> Result<()> {
    validate::window(
        "bill_time_start",
        r.bill_time_start.as_ref(),
        r.bill_time_end.as_ref(),
    )
}

pub(crate) fn check_bill_repay(r: &BillRepayRequest, _: &Context) -> Result<()> {
    validate::filled(&[("bill_id", &r.bill_id), ("account_id", &r.account_id)])
}

pub(crate) fn check_order_detail(r: &OrderDetailRequest, _: &Context) -> Result<()> {
    validate::non_empty("order_id", &r.order_id)
}

pub(crate) fn check_set_lending_account(r: &SetLendingAccountRequest, _: &Context) -> Result<()> {
    validate::non_empty("order_id", &r.order_id)?;
    if r.lending_accounts.is_empty() {
        return Err(Error::invalid(
            "lending_accounts",
            "must list at least one account",
        ));
    }
    for a in &r.lending_accounts {
        validate::exchange_sub_account("lending_accounts.account_id", &a.account_id)?;
        validate::positive("lending_accounts.amount", a.amount)?;
    }
    Ok(())
}

pub(crate) fn check_add_order_margin(r: &AddOrderMarginRequest, _: &Context) -> Result<()> {
    validate::non_empty("account_id", &r.account_id)?;
    validate::positive("amount", r.amount)?;
    validate::non_empty("order_id", &r.order_id)
}

pub(crate) fn check_order_renew(r: &OrderRenewRequest, _: &Context) -> Result<()> {
    validate::positive("allocation_amount", r.allocation_amount)?;
    validate::non_empty("order_id", &r.order_id)?;
    let ms = r.time_milli.timestamp_millis();
    if ms <= 0 || ms % DAY_MS != 0 {
        return Err(Error::invalid(
            "time_milli",
            "must be a midnight UTC (a multiple of 86400000 ms)",
        ));
    }
    Ok(())
}

pub(crate) fn check_order_repay(r: &OrderRepayRequest, _: &Context) -> Result<()> {
    validate::positive("amount", r.amount)?;
    validate::non_empty("order_id", &r.order_id)?;
    validate::exchange_sub_account("account_id", &r.account_id)
}

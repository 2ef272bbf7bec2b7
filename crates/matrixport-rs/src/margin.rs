//! Margin Loan: loan bills, orders, lending accounts, margin, renewal and repayment.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use venue_common::serde_ext::{
    decimal, decimal_opt, empty_as_none, int_or_string_opt, ts_millis, ts_millis_opt,
};
use venue_common::{Error, Result};

use crate::call::{Call, Check, ListPage, api_request};
use crate::client::Client;
use crate::enums::{
    BillStatus, BillType, OpStatus, OpType, OrderBizType, OrderStatus, PaymentStatus,
};
use crate::validate;

/// One day in milliseconds (renewal dates are midnights UTC).
const DAY_MS: i64 = 86_400_000;

fn null_as_empty<'de, D, T>(d: D) -> std::result::Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

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
    /// Bill id (pass it to [`Client::bill_repay`]).
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
        serialize_with = "crate::call::plain_decimal",
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

api_request! {
    /// `GET /credit/agency/v1/bills`: loan bills.
    LoanBillsRequest => LOAN_BILLS -> ListPage<LoanBill> {
        required {}
        optional {
            /// Bill id.
            bill_id: String,
            /// Billing time, from (ms).
            bill_time_start: i64,
            /// Billing time, to (ms).
            bill_time_end: i64,
            /// Product.
            order_biz_type: OrderBizType,
            /// Order id.
            order_id: String,
            /// Bill status.
            status: BillStatus,
            /// Bill type (the venue's `type`).
            r#type: BillType,
        }
    }
    list = LoanBill;
}

impl Check for LoanBillsRequest {
    fn check(&self) -> Result<()> {
        validate::window("bill_time_start", self.bill_time_start, self.bill_time_end)
    }
}

api_request! {
    /// `POST /credit/agency/v1/bill/repay`: repay a loan bill from the trading account bound to
    /// the order's RCU.
    BillRepayRequest => BILL_REPAY -> () {
        required {
            /// Bill id.
            bill_id: String,
            /// Account to repay from.
            account_id: String,
        }
        optional {
            /// Idempotency key (8 to 32 characters), generated when not given.
            request_id: String,
        }
    }
    key = request_id;
}

impl Check for BillRepayRequest {
    fn check(&self) -> Result<()> {
        validate::non_empty("bill_id", &self.bill_id)?;
        validate::non_empty("account_id", &self.account_id)
    }
}

api_request! {
    /// `GET /credit/agency/v1/order`: one loan order.
    OrderDetailRequest => ORDER_DETAIL -> Order {
        required {
            /// Order id.
            order_id: String,
        }
        optional {}
    }
}

impl Check for OrderDetailRequest {
    fn check(&self) -> Result<()> {
        validate::non_empty("order_id", &self.order_id)
    }
}

api_request! {
    /// `POST /credit/agency/v1/order/leading_account` (spelled so by the venue): where a loan
    /// order is disbursed. Not keyed: setting the same accounts twice leaves the same result,
    /// but the SDK does not repeat it after an uncertain attempt.
    SetLendingAccountRequest => SET_LENDING_ACCOUNT -> () {
        required {
            /// Order id.
            order_id: String,
            /// Disbursement accounts (exchange sub-accounts only).
            lending_accounts: Vec<LendingAccount>,
        }
        optional {}
    }
}

impl Check for SetLendingAccountRequest {
    fn check(&self) -> Result<()> {
        validate::non_empty("order_id", &self.order_id)?;
        if self.lending_accounts.is_empty() {
            return Err(Error::invalid(
                "lending_accounts",
                "must list at least one account",
            ));
        }
        for a in &self.lending_accounts {
            validate::exchange_sub_account("lending_accounts.account_id", &a.account_id)?;
            validate::positive("lending_accounts.amount", a.amount)?;
        }
        Ok(())
    }
}

api_request! {
    /// `POST /credit/agency/v1/order/margin`: add margin to a loan order.
    AddOrderMarginRequest => ADD_ORDER_MARGIN -> () {
        required {
            /// Account the margin comes from.
            account_id: String,
            /// Amount (sent as a string).
            #[serde(serialize_with = "crate::call::plain_decimal")]
            amount: Decimal,
            /// Order id.
            order_id: String,
        }
        optional {
            /// Idempotency key (8 to 32 characters), generated when not given.
            request_id: String,
        }
    }
    key = request_id;
}

impl Check for AddOrderMarginRequest {
    fn check(&self) -> Result<()> {
        validate::non_empty("account_id", &self.account_id)?;
        validate::positive("amount", self.amount)?;
        validate::non_empty("order_id", &self.order_id)
    }
}

api_request! {
    /// `GET /credit/agency/v1/order/margin/records`: margin additions.
    MarginRecordsRequest => MARGIN_RECORDS -> ListPage<MarginRecord> {
        required {}
        optional {
            /// Order id.
            order_id: String,
            /// Currency.
            currency: String,
        }
    }
    list = MarginRecord;
}

impl Check for MarginRecordsRequest {}

api_request! {
    /// `GET /credit/agency/v1/order/operations`: operations on loan orders.
    OrderOperationsRequest => ORDER_OPERATIONS -> ListPage<Operation> {
        required {}
        optional {
            /// Order id.
            order_id: String,
            /// Currency.
            currency: String,
        }
    }
    list = Operation;
}

impl Check for OrderOperationsRequest {}

api_request! {
    /// `GET /credit/agency/v1/orders`: loan orders.
    OrderListRequest => ORDER_LIST -> ListPage<Order> {
        required {}
        optional {
            /// Product.
            order_biz_type: OrderBizType,
            /// Order id.
            order_id: String,
            /// RCU id.
            rcu_id: u64,
            /// Order status.
            status: OrderStatus,
        }
    }
    list = Order;
}

impl Check for OrderListRequest {}

api_request! {
    /// `POST /credit/agency/v1/order/renew`: apply to renew a loan order until a date.
    OrderRenewRequest => ORDER_RENEW -> () {
        required {
            /// Renewal leverage amount (sent as a string); at most the original amount.
            #[serde(serialize_with = "crate::call::plain_decimal")]
            allocation_amount: Decimal,
            /// Order id.
            order_id: String,
            /// Renew until this date: a midnight UTC, in ms.
            time_milli: i64,
        }
        optional {
            /// Idempotency key (8 to 32 characters), generated when not given.
            request_id: String,
        }
    }
    key = request_id;
}

impl Check for OrderRenewRequest {
    fn check(&self) -> Result<()> {
        validate::positive("allocation_amount", self.allocation_amount)?;
        validate::non_empty("order_id", &self.order_id)?;
        if self.time_milli <= 0 || self.time_milli % DAY_MS != 0 {
            return Err(Error::invalid(
                "time_milli",
                "must be a midnight UTC in milliseconds (a multiple of 86400000)",
            ));
        }
        Ok(())
    }
}

api_request! {
    /// `POST /credit/agency/v1/order/repay`: repay principal from an exchange sub-account.
    OrderRepayRequest => ORDER_REPAY -> () {
        required {
            /// Amount (sent as a string).
            #[serde(serialize_with = "crate::call::plain_decimal")]
            amount: Decimal,
            /// Order id.
            order_id: String,
            /// Exchange sub-account to repay from.
            account_id: String,
        }
        optional {
            /// Idempotency key (8 to 32 characters), generated when not given.
            request_id: String,
        }
    }
    key = request_id;
}

impl Check for OrderRepayRequest {
    fn check(&self) -> Result<()> {
        validate::positive("amount", self.amount)?;
        validate::non_empty("order_id", &self.order_id)?;
        validate::exchange_sub_account("account_id", &self.account_id)
    }
}

impl Client {
    /// Loan Bills (`GET /credit/agency/v1/bills`).
    pub fn loan_bills(&self) -> Call<LoanBillsRequest> {
        self.call(LoanBillsRequest::new())
    }

    /// Bill Repay (`POST /credit/agency/v1/bill/repay`).
    pub fn bill_repay(
        &self,
        bill_id: impl Into<String>,
        account_id: impl Into<String>,
    ) -> Call<BillRepayRequest> {
        self.call(BillRepayRequest::new(bill_id, account_id))
    }

    /// Order Detail (`GET /credit/agency/v1/order`).
    pub fn order_detail(&self, order_id: impl Into<String>) -> Call<OrderDetailRequest> {
        self.call(OrderDetailRequest::new(order_id))
    }

    /// Set Lending Account (`POST /credit/agency/v1/order/leading_account`).
    pub fn set_lending_account(
        &self,
        order_id: impl Into<String>,
        lending_accounts: Vec<LendingAccount>,
    ) -> Call<SetLendingAccountRequest> {
        self.call(SetLendingAccountRequest::new(order_id, lending_accounts))
    }

    /// Add Order Margin (`POST /credit/agency/v1/order/margin`).
    pub fn add_order_margin(
        &self,
        account_id: impl Into<String>,
        amount: Decimal,
        order_id: impl Into<String>,
    ) -> Call<AddOrderMarginRequest> {
        self.call(AddOrderMarginRequest::new(account_id, amount, order_id))
    }

    /// Margin Records (`GET /credit/agency/v1/order/margin/records`).
    pub fn margin_records(&self) -> Call<MarginRecordsRequest> {
        self.call(MarginRecordsRequest::new())
    }

    /// Order Operation Records (`GET /credit/agency/v1/order/operations`).
    pub fn order_operations(&self) -> Call<OrderOperationsRequest> {
        self.call(OrderOperationsRequest::new())
    }

    /// Order List (`GET /credit/agency/v1/orders`).
    pub fn order_list(&self) -> Call<OrderListRequest> {
        self.call(OrderListRequest::new())
    }

    /// Order Renew (`POST /credit/agency/v1/order/renew`).
    pub fn order_renew(
        &self,
        allocation_amount: Decimal,
        order_id: impl Into<String>,
        time_milli: i64,
    ) -> Call<OrderRenewRequest> {
        self.call(OrderRenewRequest::new(
            allocation_amount,
            order_id,
            time_milli,
        ))
    }

    /// Order Repay (`POST /credit/agency/v1/order/repay`).
    pub fn order_repay(
        &self,
        amount: Decimal,
        order_id: impl Into<String>,
        account_id: impl Into<String>,
    ) -> Call<OrderRepayRequest> {
        self.call(OrderRepayRequest::new(amount, order_id, account_id))
    }
}

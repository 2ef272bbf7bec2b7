//! Trading Accounts: transfers and the Transfer Case table, accounts, balances, flows, DMA
//! bills, custody, fees, RCU accounts: the models, and the checks the generated requests call
//! (the transfer's Transfer Case table among them).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use venue_common::api::Context;
use venue_common::serde_ext::{
    decimal, decimal_opt, empty_as_none, int_or_string, ts_millis, ts_millis_opt,
};
use venue_common::{Error, Result};

use crate::client::Client;
use crate::enums::{
    AccountStatus, AccountType, Direction, DmaBillStatus, ExchangeId, ExchangeType, Scenario,
    TransferProcess,
};
use crate::generated::client::Call;
use crate::generated::requests::*;
use crate::paging::null_as_empty;
use crate::validate;

// ---------------------------------------------------------------------------------------------
// Transfer and the transfer-cases table

/// What kind of account a transfer touches, for the document's Transfer Case table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AccountKind {
    /// The Prime (Matrix) wallet, `<user>.bal`.
    Wallet,
    /// A centralised-exchange sub-account.
    Cex,
    /// A Defi account (exchange type DEX).
    Defi,
}

impl AccountKind {
    /// The kind an account id implies: `<user>.bal` is the wallet, anything else a CEX
    /// sub-account (a Defi account cannot be told from its id; say so with
    /// [`TransferRequest::from_kind`] / [`TransferRequest::to_kind`]).
    pub fn of_account_id(account_id: &str) -> AccountKind {
        if validate::is_wallet_account(account_id) {
            AccountKind::Wallet
        } else {
            AccountKind::Cex
        }
    }

    /// The kind of a listed account (type and exchange type).
    pub fn of_account(account: &Account) -> AccountKind {
        match (&account.account_type, account.exchange_type) {
            (AccountType::MatrixWallet, _) => AccountKind::Wallet,
            (_, Some(ExchangeType::Dex)) => AccountKind::Defi,
            _ => AccountKind::of_account_id(&account.account_id),
        }
    }
}

/// One row of the document's Transfer Case table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransferCase {
    /// Source kind.
    pub from: AccountKind,
    /// Destination kind.
    pub to: AccountKind,
    /// Whether `chain` is a required parameter.
    pub needs_chain: bool,
    /// Whether `is_instant_transfer` may be true.
    pub instant: bool,
    /// Whether both accounts must be bound to the same RCU or both be unbound.
    pub same_rcu_or_unbound: bool,
    /// Whether the source must be unbound from any RCU.
    pub source_unbound: bool,
}

/// The document's Transfer Case table. A pair not listed (wallet to wallet) is not a transfer
/// the venue makes.
pub const TRANSFER_CASES: &[TransferCase] = {
    use AccountKind::*;
    const fn case(
        from: AccountKind,
        to: AccountKind,
        needs_chain: bool,
        instant: bool,
        same_rcu_or_unbound: bool,
        source_unbound: bool,
    ) -> TransferCase {
        TransferCase {
            from,
            to,
            needs_chain,
            instant,
            same_rcu_or_unbound,
            source_unbound,
        }
    }
    &[
        case(Wallet, Cex, false, false, false, false),
        case(Wallet, Defi, true, false, false, false),
        case(Cex, Cex, false, true, true, false),
        case(Cex, Wallet, false, false, false, true),
        case(Cex, Defi, true, false, true, false),
        case(Defi, Wallet, true, false, false, true),
        case(Defi, Defi, true, false, true, false),
        case(Defi, Cex, true, false, true, false),
    ]
};

/// The Transfer Case row for a pair of kinds.
pub fn transfer_case(from: AccountKind, to: AccountKind) -> Option<&'static TransferCase> {
    TRANSFER_CASES.iter().find(|c| c.from == from && c.to == to)
}

/// Checks a transfer against the Transfer Case table: the pair must be listed, `chain` given
/// where it is required, and instant transfer asked only where the table allows it.
pub fn check_transfer_case(
    from: AccountKind,
    to: AccountKind,
    chain: Option<&str>,
    instant: bool,
) -> Result<&'static TransferCase> {
    let case = transfer_case(from, to).ok_or_else(|| {
        Error::invalid(
            "to_account",
            format!("a transfer from {from:?} to {to:?} is not a documented transfer case"),
        )
    })?;
    if case.needs_chain && chain.is_none_or(|c| c.trim().is_empty()) {
        return Err(Error::invalid(
            "chain",
            format!("is required for a transfer from {from:?} to {to:?}"),
        ));
    }
    if instant && !case.instant {
        return Err(Error::invalid(
            "is_instant_transfer",
            format!("instant transfers are supported from CEX to CEX only, not {from:?} to {to:?}"),
        ));
    }
    Ok(case)
}

impl TransferRequest {
    /// A transfer between two listed accounts ([`Client::account_list`]): their kinds and RCU
    /// bindings come from the listing, so the whole Transfer Case table (RCU rules included)
    /// is checked before sending.
    pub fn between(
        from: &Account,
        to: &Account,
        currency: impl Into<String>,
        amount: Decimal,
    ) -> Self {
        let mut request = TransferRequest::new(
            from.account_id.clone(),
            to.account_id.clone(),
            currency,
            amount,
        );
        request.from_kind = Some(AccountKind::of_account(from));
        request.to_kind = Some(AccountKind::of_account(to));
        request.from_rcu_id = Some(from.rcu_id);
        request.to_rcu_id = Some(to.rcu_id);
        request
    }
}

/// Checks a transfer: accounts and currency named, a positive amount, two different
/// accounts (or wallets), and the Transfer Case table (RCU rules included when the bindings
/// are known).
pub fn check_transfer(r: &TransferRequest, _: &Context) -> Result<()> {
    validate::filled(&[
        ("from_account", &r.from_account),
        ("to_account", &r.to_account),
        ("currency", &r.currency),
    ])?;
    validate::positive("amount", r.amount)?;
    if r.from_account == r.to_account
        && r.from_wallet_type.unwrap_or(0) == r.to_wallet_type.unwrap_or(0)
    {
        return Err(Error::invalid(
            "to_account",
            "must differ from from_account (or use another wallet type)",
        ));
    }
    let from = r
        .from_kind
        .unwrap_or_else(|| AccountKind::of_account_id(&r.from_account));
    let to = r
        .to_kind
        .unwrap_or_else(|| AccountKind::of_account_id(&r.to_account));
    let case = check_transfer_case(
        from,
        to,
        r.chain.as_deref(),
        r.is_instant_transfer.unwrap_or(false),
    )?;
    if let (Some(f), Some(t)) = (r.from_rcu_id, r.to_rcu_id) {
        if case.source_unbound && f != 0 {
            return Err(Error::invalid(
                "from_account",
                format!(
                    "is bound to RCU {f}; a transfer from {from:?} to {to:?} needs an unbound source"
                ),
            ));
        }
        if case.same_rcu_or_unbound && f != t {
            return Err(Error::invalid(
                "to_account",
                format!(
                    "is bound to RCU {t} and the source to RCU {f}: both must share one RCU or both be unbound"
                ),
            ));
        }
    }
    Ok(())
}

impl Client {
    /// Transfer between two listed accounts: like [`Client::transfer`], with the accounts'
    /// kinds and RCU bindings checked against the Transfer Case table before sending.
    pub fn transfer_between(
        &self,
        from: &Account,
        to: &Account,
        currency: impl Into<String>,
        amount: Decimal,
    ) -> Call<TransferRequest> {
        Call::new(self, TransferRequest::between(from, to, currency, amount))
    }
}

// ---------------------------------------------------------------------------------------------
// Models

/// A transfer (cross transfer or profit accrual withdrawal).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct TransferRecord {
    /// Amount.
    #[serde(with = "decimal")]
    pub amount: Decimal,
    /// Currency.
    pub currency: String,
    /// Source account id.
    pub from_account: String,
    /// 1 Pending, 2 Processing, 3 Processed, 4 Failed.
    pub process: TransferProcess,
    /// `allocate` or `instant_transfer`.
    pub scenario: Scenario,
    /// The transfer's serial number.
    pub serial_no: String,
    /// Destination account id.
    pub to_account: String,
    /// User id.
    pub user_id: String,
}

/// Wallets of an exchange account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct WalletTypes {
    /// The wallets.
    #[serde(default = "Vec::new", deserialize_with = "null_as_empty")]
    pub wallets: Vec<Wallet>,
}

/// One wallet of an exchange account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Wallet {
    /// The `wallet_type` to pass to a transfer.
    #[serde(deserialize_with = "int_or_string::deserialize")]
    pub wallet_type: i64,
    /// Its name (`spot`, `unified`, `contract`).
    pub wallet_name: String,
}

/// Currencies transferable between two accounts.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct AvailableCurrencies {
    /// Currencies.
    #[serde(default = "Vec::new", deserialize_with = "null_as_empty")]
    pub currencies: Vec<String>,
}

/// Chains available for a currency between two accounts.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct AvailableChains {
    /// Chains.
    #[serde(default = "Vec::new", deserialize_with = "null_as_empty")]
    pub chains: Vec<String>,
}

/// Minimum transfer amounts of an exchange.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct MinimumAmounts {
    /// The exchange.
    pub exchange: ExchangeId,
    /// Per currency.
    #[serde(default = "Vec::new", deserialize_with = "null_as_empty")]
    pub currency_info: Vec<CurrencyMinimum>,
}

/// Minimum transfer amount and decimal places of one currency.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CurrencyMinimum {
    /// Currency.
    pub currency: String,
    /// Minimum transfer amount.
    #[serde(with = "decimal")]
    pub minimum_amount: Decimal,
    /// Maximum supported decimal places.
    #[serde(deserialize_with = "int_or_string::deserialize")]
    pub digit: u32,
}

impl CurrencyMinimum {
    /// Checks an amount against this currency's limits before a transfer: at least
    /// `minimum_amount`, at most `digit` decimal places (the venue answers 12070525 and
    /// 12070524 otherwise).
    pub fn check(&self, amount: Decimal) -> Result<()> {
        if amount < self.minimum_amount {
            return Err(Error::invalid(
                "amount",
                format!(
                    "{amount} {} is below the minimum transfer amount {}",
                    self.currency, self.minimum_amount
                ),
            ));
        }
        if amount.normalize().scale() > self.digit {
            return Err(Error::invalid(
                "amount",
                format!(
                    "{amount} has more than the {} decimal places {} allows",
                    self.digit, self.currency
                ),
            ));
        }
        Ok(())
    }
}

impl MinimumAmounts {
    /// The limits of one currency.
    pub fn currency(&self, currency: &str) -> Option<&CurrencyMinimum> {
        self.currency_info.iter().find(|c| c.currency == currency)
    }
}

/// A withdrawable balance of an exchange account.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Balance {
    /// Currency.
    pub currency: String,
    /// Amount that can be transferred out.
    #[serde(with = "decimal")]
    pub amount: Decimal,
}

/// One account flow (ledger entry).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct AccountFlow {
    /// Serial number of this step.
    pub serial_no: String,
    /// User id.
    pub user_id: String,
    /// Exchange (`matrixport` for the wallet).
    pub exchange: ExchangeId,
    /// Account id.
    pub account_id: String,
    /// Account type.
    pub account_type: AccountType,
    /// Why the funds moved.
    pub scenario: Scenario,
    /// In or out.
    pub direction: Direction,
    /// Currency.
    pub currency: String,
    /// Amount.
    #[serde(with = "decimal")]
    pub amount: Decimal,
    /// Instant transfer fee.
    #[serde(default, with = "decimal_opt")]
    pub instant_transfer_fee: Option<Decimal>,
    /// Created, in ms.
    #[serde(with = "ts_millis")]
    pub created_at: DateTime<Utc>,
}

/// One transfer record of the accounts.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct FundRecord {
    /// User id.
    pub user_id: String,
    /// Serial number.
    pub serial_no: String,
    /// Source account id.
    pub from_account: String,
    /// Destination account id.
    pub to_account: String,
    /// Currency.
    pub currency: String,
    /// Amount sent.
    #[serde(with = "decimal")]
    pub amount: Decimal,
    /// 1 Pending, 2 Processing, 3 Processed, 4 Failed.
    pub process: TransferProcess,
    /// Why the funds moved.
    pub scenario: Scenario,
    /// Created (ms; the document types it a string, the sample sends a number: both read).
    #[serde(with = "ts_millis")]
    pub created_at: DateTime<Utc>,
    /// Instant transfer fee: received = amount - instant_transfer_fee.
    #[serde(default, with = "decimal_opt")]
    pub instant_transfer_fee: Option<Decimal>,
    /// Cross transfer withdrawal fee: received = amount - transfer_fee.
    #[serde(default, with = "decimal_opt")]
    pub transfer_fee: Option<Decimal>,
}

/// A trading account (wallet or exchange sub-account).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Account {
    /// Account id (`606113.bal`, `606113_binance_582144`).
    pub account_id: String,
    /// User id.
    pub user_id: String,
    /// Account type (the RCU accounts table says integer; the samples send text: both read).
    #[serde(rename = "type")]
    pub account_type: AccountType,
    /// Exchange name, for display (`Binance`).
    pub exchange: String,
    /// Exchange sub-account primary key.
    #[serde(default, deserialize_with = "empty_as_none::deserialize")]
    pub ex_account_id: Option<String>,
    /// Account name.
    #[serde(default, deserialize_with = "empty_as_none::deserialize")]
    pub name: Option<String>,
    /// Account status (absent from RCU accounts).
    #[serde(default)]
    pub status: Option<AccountStatus>,
    /// Exchange id (`binance`).
    pub ex_value: ExchangeId,
    /// Exchange type, where the venue sends it.
    #[serde(default)]
    pub exchange_type: Option<ExchangeType>,
    /// Custody id.
    #[serde(default, deserialize_with = "empty_as_none::deserialize")]
    pub custody_id: Option<String>,
    /// Custody sub-account primary key.
    #[serde(default, deserialize_with = "empty_as_none::deserialize")]
    pub custody_key: Option<String>,
    /// Associated RCU; 0 means none.
    #[serde(default, deserialize_with = "int_or_string::deserialize")]
    pub rcu_id: u64,
}

/// A Direct Market Access bill.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct DmaBill {
    /// User id.
    pub user_id: String,
    /// Amount.
    #[serde(with = "decimal")]
    pub amount: Decimal,
    /// Reduction amount.
    #[serde(default, with = "decimal_opt")]
    pub reduction_amount: Option<Decimal>,
    /// Currency.
    pub currency: String,
    /// The bill's serial number (pass it to [`Client::dma_bill_repay`]).
    pub serial_no: String,
    /// Status.
    pub status: DmaBillStatus,
    /// Bill start (ms).
    #[serde(with = "ts_millis")]
    pub start_time: DateTime<Utc>,
    /// Bill end (ms).
    #[serde(with = "ts_millis")]
    pub end_time: DateTime<Utc>,
    /// Spot maker volume.
    #[serde(default, with = "decimal_opt")]
    pub spot_trading_volume_maker: Option<Decimal>,
    /// Spot taker volume.
    #[serde(default, with = "decimal_opt")]
    pub spot_trading_volume_taker: Option<Decimal>,
    /// Derivatives maker volume.
    #[serde(default, with = "decimal_opt")]
    pub derivatives_trading_volume_maker: Option<Decimal>,
    /// Derivatives taker volume.
    #[serde(default, with = "decimal_opt")]
    pub derivatives_trading_volume_taker: Option<Decimal>,
    /// Option maker volume.
    #[serde(default, with = "decimal_opt")]
    pub option_trading_volume_maker: Option<Decimal>,
    /// Option taker volume.
    #[serde(default, with = "decimal_opt")]
    pub option_trading_volume_taker: Option<Decimal>,
    /// Fee rate.
    #[serde(default, with = "decimal_opt")]
    pub fee_rate: Option<Decimal>,
}

/// Custodians of one exchange.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ExchangeCustody {
    /// Exchange name, for display (mutable).
    pub ex_name: String,
    /// Exchange id (immutable; use it in parameters).
    pub ex_value: ExchangeId,
    /// Custodians (`null` reads as none).
    #[serde(default = "Vec::new", deserialize_with = "null_as_empty")]
    pub custody: Vec<Custodian>,
}

/// A custodian.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Custodian {
    /// Custody id (pass it to [`Client::create_account`]).
    pub custody_id: String,
    /// Name.
    pub name: String,
}

/// Trading fee rates of one exchange.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ExchangeTradingFees {
    /// Exchange name.
    pub ex_name: String,
    /// Exchange id.
    pub ex_value: ExchangeId,
    /// Rates per VIP level and base coin.
    #[serde(default = "Vec::new", deserialize_with = "null_as_empty")]
    pub trading_fees: Vec<TradingFee>,
}

/// Fee rates for one VIP level and base coin; `""` (not offered) reads as `None`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct TradingFee {
    /// VIP name (differs per exchange).
    pub vip: String,
    /// Base coin.
    pub base_coin: String,
    /// Last update (ms); 0 reads as `None`.
    #[serde(default, with = "ts_millis_opt")]
    pub updated_time: Option<DateTime<Utc>>,
    /// Spot maker rate.
    #[serde(default, with = "decimal_opt")]
    pub spot_maker: Option<Decimal>,
    /// Spot taker rate.
    #[serde(default, with = "decimal_opt")]
    pub spot_taker: Option<Decimal>,
    /// Perpetual maker rate (the venue spells it `prep`).
    #[serde(default, with = "decimal_opt")]
    pub prep_maker: Option<Decimal>,
    /// Perpetual taker rate.
    #[serde(default, with = "decimal_opt")]
    pub prep_taker: Option<Decimal>,
    /// Futures maker rate.
    #[serde(default, with = "decimal_opt")]
    pub futures_maker: Option<Decimal>,
    /// Futures taker rate.
    #[serde(default, with = "decimal_opt")]
    pub futures_taker: Option<Decimal>,
    /// Option maker rate.
    #[serde(default, with = "decimal_opt")]
    pub option_maker: Option<Decimal>,
    /// Option taker rate.
    #[serde(default, with = "decimal_opt")]
    pub option_taker: Option<Decimal>,
}

// ---------------------------------------------------------------------------------------------
// Checks the generated requests call (spec `check`), beyond the spec's bounds

pub(crate) fn check_transfer_record(r: &TransferRecordRequest, _: &Context) -> Result<()> {
    validate::idempotency_key("serial_no", &r.serial_no)
}

pub(crate) fn check_wallet_types(r: &WalletTypesRequest, _: &Context) -> Result<()> {
    validate::non_empty("account_id", &r.account_id)
}

pub(crate) fn check_available_currencies(
    r: &AvailableCurrenciesRequest,
    _: &Context,
) -> Result<()> {
    validate::filled(&[
        ("from_account", &r.from_account),
        ("to_account", &r.to_account),
    ])
}

pub(crate) fn check_available_chains(r: &AvailableChainsRequest, _: &Context) -> Result<()> {
    validate::filled(&[
        ("from_account", &r.from_account),
        ("to_account", &r.to_account),
        ("currency", &r.currency),
    ])
}

pub(crate) fn check_exchange_minimum_amount(
    r: &ExchangeMinimumAmountRequest,
    _: &Context,
) -> Result<()> {
    validate::non_empty("exchange", r.exchange.as_str())
}

pub(crate) fn check_profit_accrual(r: &ProfitAccrualRequest, _: &Context) -> Result<()> {
    validate::positive("amount", r.amount)?;
    validate::non_empty("currency", &r.currency)?;
    validate::exchange_sub_account("account_id", &r.account_id)
}

pub(crate) fn check_create_account(r: &CreateAccountRequest, _: &Context) -> Result<()> {
    validate::non_empty("exchange", r.exchange.as_str())?;
    match &r.custody_id {
        Some(c) => validate::non_empty("custody_id", c),
        None => Ok(()),
    }
}

pub(crate) fn check_account_balance(r: &AccountBalanceRequest, _: &Context) -> Result<()> {
    validate::non_empty("account_id", &r.account_id)
}

pub(crate) fn check_account_flows(r: &AccountFlowsRequest, _: &Context) -> Result<()> {
    validate::window("start_time", r.start_time.as_ref(), r.end_time.as_ref())
}

pub(crate) fn check_account_transfer_records(
    r: &AccountTransferRecordsRequest,
    _: &Context,
) -> Result<()> {
    validate::window("start_time", r.start_time.as_ref(), r.end_time.as_ref())
}

pub(crate) fn check_dma_bills(r: &DmaBillsRequest, _: &Context) -> Result<()> {
    validate::window(
        "bill_start_time_start",
        r.bill_start_time_start.as_ref(),
        r.bill_start_time_end.as_ref(),
    )
}

pub(crate) fn check_dma_bill_repay(r: &DmaBillRepayRequest, _: &Context) -> Result<()> {
    validate::filled(&[("account_id", &r.account_id), ("serial_no", &r.serial_no)])
}

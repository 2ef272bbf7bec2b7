//! Trading Accounts: transfers, accounts, balances, flows, DMA bills, custody, fees, RCU
//! accounts.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use venue_common::serde_ext::{
    decimal, decimal_opt, empty_as_none, int_or_string, ts_millis, ts_millis_opt,
};
use venue_common::{Error, Result};

use crate::call::{ApiRequest, Call, Check, ListPage, Receipt, api_request};
use crate::client::Client;
use crate::enums::{
    AccountStatus, AccountType, Direction, DmaBillStatus, ExchangeId, ExchangeType, Scenario,
    TransferProcess,
};
use crate::validate;

fn default_vec<T>() -> Vec<T> {
    Vec::new()
}

fn null_as_empty<'de, D, T>(d: D) -> std::result::Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

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

/// `POST /credit/agency/v1/allocate`: moves funds between trading accounts bound to the same
/// RCU, or between the Prime wallet and accounts without (or with a non margin-lending) RCU.
/// The transfer is processed asynchronously: follow it with [`Client::transfer_record`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TransferRequest {
    /// Source `account_id` (e.g. `888.bal`).
    pub from_account: String,
    /// Source wallet type (default 0), from [`Client::wallet_types`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_wallet_type: Option<i64>,
    /// Destination `account_id` (e.g. `888_binance_1`).
    pub to_account: String,
    /// Destination wallet type (default 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_wallet_type: Option<i64>,
    /// Currency, from [`Client::available_currencies`].
    pub currency: String,
    /// Chain, from [`Client::available_chains`]; required when a Defi account is involved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain: Option<String>,
    /// Amount, sent as a string without trailing zeros.
    #[serde(serialize_with = "crate::call::plain_decimal")]
    pub amount: Decimal,
    /// Instant transfer (CEX to CEX only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_instant_transfer: Option<bool>,
    /// Idempotency key: 8 to 32 characters of `^[a-zA-Z0-9_-]+$`, generated when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial_no: Option<String>,
    /// The source's kind for the Transfer Case check (default: from its id).
    #[serde(skip)]
    pub from_kind: Option<AccountKind>,
    /// The destination's kind for the Transfer Case check (default: from its id).
    #[serde(skip)]
    pub to_kind: Option<AccountKind>,
    /// The source's RCU (0: none), when known, for the table's RCU rules.
    #[serde(skip)]
    pub from_rcu_id: Option<u64>,
    /// The destination's RCU (0: none), when known.
    #[serde(skip)]
    pub to_rcu_id: Option<u64>,
}

impl TransferRequest {
    /// A transfer of `amount` `currency` from one account to another.
    pub fn new(
        from_account: impl Into<String>,
        to_account: impl Into<String>,
        currency: impl Into<String>,
        amount: Decimal,
    ) -> Self {
        TransferRequest {
            from_account: from_account.into(),
            from_wallet_type: None,
            to_account: to_account.into(),
            to_wallet_type: None,
            currency: currency.into(),
            chain: None,
            amount,
            is_instant_transfer: None,
            serial_no: None,
            from_kind: None,
            to_kind: None,
            from_rcu_id: None,
            to_rcu_id: None,
        }
    }

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

    /// Source wallet type.
    pub fn from_wallet_type(mut self, v: i64) -> Self {
        self.from_wallet_type = Some(v);
        self
    }

    /// Destination wallet type.
    pub fn to_wallet_type(mut self, v: i64) -> Self {
        self.to_wallet_type = Some(v);
        self
    }

    /// The chain.
    pub fn chain(mut self, v: impl Into<String>) -> Self {
        self.chain = Some(v.into());
        self
    }

    /// Instant transfer (CEX to CEX only).
    pub fn is_instant_transfer(mut self, v: bool) -> Self {
        self.is_instant_transfer = Some(v);
        self
    }

    /// The idempotency key (8 to 32 characters, `^[a-zA-Z0-9_-]+$`).
    pub fn serial_no(mut self, v: impl Into<String>) -> Self {
        self.serial_no = Some(v.into());
        self
    }

    /// Declares the source's kind (a Defi account cannot be told from its id).
    pub fn from_kind(mut self, kind: AccountKind) -> Self {
        self.from_kind = Some(kind);
        self
    }

    /// Declares the destination's kind.
    pub fn to_kind(mut self, kind: AccountKind) -> Self {
        self.to_kind = Some(kind);
        self
    }
}

impl Call<TransferRequest> {
    /// Source wallet type.
    pub fn from_wallet_type(mut self, v: i64) -> Self {
        self.request = self.request.from_wallet_type(v);
        self
    }

    /// Destination wallet type.
    pub fn to_wallet_type(mut self, v: i64) -> Self {
        self.request = self.request.to_wallet_type(v);
        self
    }

    /// The chain.
    pub fn chain(mut self, v: impl Into<String>) -> Self {
        self.request = self.request.chain(v);
        self
    }

    /// Instant transfer (CEX to CEX only).
    pub fn is_instant_transfer(mut self, v: bool) -> Self {
        self.request = self.request.is_instant_transfer(v);
        self
    }

    /// The idempotency key.
    pub fn serial_no(mut self, v: impl Into<String>) -> Self {
        self.request = self.request.serial_no(v);
        self
    }

    /// Declares the source's kind.
    pub fn from_kind(mut self, kind: AccountKind) -> Self {
        self.request = self.request.from_kind(kind);
        self
    }

    /// Declares the destination's kind.
    pub fn to_kind(mut self, kind: AccountKind) -> Self {
        self.request = self.request.to_kind(kind);
        self
    }
}

impl ApiRequest for TransferRequest {
    const ENDPOINT: venue_common::Endpoint = crate::generated::endpoints::TRANSFER;
    type Data = ();
    type Output = Receipt<()>;

    fn finish(data: (), key: Option<String>) -> Receipt<()> {
        Receipt {
            key: key.unwrap_or_default(),
            data,
        }
    }

    fn validate(&self) -> Result<()> {
        validate::non_empty("from_account", &self.from_account)?;
        validate::non_empty("to_account", &self.to_account)?;
        validate::non_empty("currency", &self.currency)?;
        validate::positive("amount", self.amount)?;
        if self.from_account == self.to_account
            && self.from_wallet_type.unwrap_or(0) == self.to_wallet_type.unwrap_or(0)
        {
            return Err(Error::invalid(
                "to_account",
                "must differ from from_account (or use another wallet type)",
            ));
        }
        for (name, v) in [
            ("from_wallet_type", self.from_wallet_type),
            ("to_wallet_type", self.to_wallet_type),
        ] {
            if v.is_some_and(|v| v < 0) {
                return Err(Error::invalid(name, "must not be negative"));
            }
        }
        let from = self
            .from_kind
            .unwrap_or_else(|| AccountKind::of_account_id(&self.from_account));
        let to = self
            .to_kind
            .unwrap_or_else(|| AccountKind::of_account_id(&self.to_account));
        let case = check_transfer_case(
            from,
            to,
            self.chain.as_deref(),
            self.is_instant_transfer.unwrap_or(false),
        )?;
        if let (Some(f), Some(t)) = (self.from_rcu_id, self.to_rcu_id) {
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

    fn idempotency_slot(&mut self) -> Option<(&'static str, &mut Option<String>)> {
        Some(("serial_no", &mut self.serial_no))
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
    #[serde(default = "default_vec", deserialize_with = "null_as_empty")]
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
    #[serde(default = "default_vec", deserialize_with = "null_as_empty")]
    pub currencies: Vec<String>,
}

/// Chains available for a currency between two accounts.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct AvailableChains {
    /// Chains.
    #[serde(default = "default_vec", deserialize_with = "null_as_empty")]
    pub chains: Vec<String>,
}

/// Minimum transfer amounts of an exchange.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct MinimumAmounts {
    /// The exchange.
    pub exchange: ExchangeId,
    /// Per currency.
    #[serde(default = "default_vec", deserialize_with = "null_as_empty")]
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
    #[serde(default = "default_vec", deserialize_with = "null_as_empty")]
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
    #[serde(default = "default_vec", deserialize_with = "null_as_empty")]
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
// Requests

api_request! {
    /// `GET /credit/agency/v1/allocate`: one transfer by its serial number.
    TransferRecordRequest => TRANSFER_RECORD -> TransferRecord {
        required {
            /// The transfer's serial number.
            serial_no: String,
        }
        optional {}
    }
}

impl Check for TransferRecordRequest {
    fn check(&self) -> Result<()> {
        validate::idempotency_key("serial_no", &self.serial_no)
    }
}

api_request! {
    /// `GET /credit/agency/v1/exchange/wallets`: wallet types of an account.
    WalletTypesRequest => WALLET_TYPES -> WalletTypes {
        required {
            /// Account id.
            account_id: String,
        }
        optional {}
    }
}

impl Check for WalletTypesRequest {
    fn check(&self) -> Result<()> {
        validate::non_empty("account_id", &self.account_id)
    }
}

api_request! {
    /// `GET /credit/agency/v1/allocate_currencies`: currencies transferable between two accounts.
    AvailableCurrenciesRequest => AVAILABLE_CURRENCIES -> AvailableCurrencies {
        required {
            /// Source account id.
            from_account: String,
            /// Destination account id.
            to_account: String,
        }
        optional {}
    }
}

impl Check for AvailableCurrenciesRequest {
    fn check(&self) -> Result<()> {
        validate::non_empty("from_account", &self.from_account)?;
        validate::non_empty("to_account", &self.to_account)
    }
}

api_request! {
    /// `GET /credit/agency/v1/available_chains`: chains for a currency between two accounts.
    AvailableChainsRequest => AVAILABLE_CHAINS -> AvailableChains {
        required {
            /// Source account id.
            from_account: String,
            /// Destination account id.
            to_account: String,
            /// Currency.
            currency: String,
        }
        optional {}
    }
}

impl Check for AvailableChainsRequest {
    fn check(&self) -> Result<()> {
        validate::non_empty("from_account", &self.from_account)?;
        validate::non_empty("to_account", &self.to_account)?;
        validate::non_empty("currency", &self.currency)
    }
}

api_request! {
    /// `GET /credit/agency/v1/exchange/minimum_amount`: minimum amounts and decimal places.
    ExchangeMinimumAmountRequest => EXCHANGE_MINIMUM_AMOUNT -> MinimumAmounts {
        required {
            /// Exchange id.
            exchange: ExchangeId,
        }
        optional {
            /// Only this currency.
            currency: String,
        }
    }
}

impl Check for ExchangeMinimumAmountRequest {
    fn check(&self) -> Result<()> {
        validate::non_empty("exchange", self.exchange.as_str())
    }
}

api_request! {
    /// `POST /credit/agency/v1/user/profit_accrual`: withdraw profit from an exchange
    /// sub-account bound to a loan order's RCU; after approval the funds go back to the Prime
    /// wallet. `data` is the serial number.
    ProfitAccrualRequest => PROFIT_ACCRUAL -> String {
        required {
            /// Amount (sent as a string).
            #[serde(serialize_with = "crate::call::plain_decimal")]
            amount: Decimal,
            /// Currency.
            currency: String,
            /// Source (exchange sub-account) id.
            account_id: String,
        }
        optional {
            /// Idempotency key (8 to 32 characters), generated when not given.
            serial_no: String,
        }
    }
    key = serial_no;
}

impl Check for ProfitAccrualRequest {
    fn check(&self) -> Result<()> {
        validate::positive("amount", self.amount)?;
        validate::non_empty("currency", &self.currency)?;
        validate::exchange_sub_account("account_id", &self.account_id)
    }
}

api_request! {
    /// `POST /credit/agency/v1/account`: create an exchange sub-account. `data` is its id.
    CreateAccountRequest => CREATE_ACCOUNT -> String {
        required {
            /// Exchange id.
            exchange: ExchangeId,
        }
        optional {
            /// Custody id (from [`Client::exchange_custody`]).
            custody_id: String,
            /// Idempotency key (8 to 32 characters), generated when not given.
            request_id: String,
        }
    }
    key = request_id;
}

impl Check for CreateAccountRequest {
    fn check(&self) -> Result<()> {
        validate::non_empty("exchange", self.exchange.as_str())?;
        if let Some(c) = &self.custody_id {
            validate::non_empty("custody_id", c)?;
        }
        Ok(())
    }
}

api_request! {
    /// `GET /credit/agency/v1/account/balance`: what can be transferred out of an exchange
    /// account, per currency.
    AccountBalanceRequest => ACCOUNT_BALANCE -> Vec<Balance> {
        required {
            /// Account id.
            account_id: String,
        }
        optional {}
    }
}

impl Check for AccountBalanceRequest {
    fn check(&self) -> Result<()> {
        validate::non_empty("account_id", &self.account_id)
    }
}

api_request! {
    /// `GET /credit/agency/v1/account/flows`: account flows.
    AccountFlowsRequest => ACCOUNT_FLOWS -> ListPage<AccountFlow> {
        required {}
        optional {
            /// Account id.
            account_id: String,
            /// Account type.
            account_type: AccountType,
            /// Currency.
            currency: String,
            /// From (ms).
            start_time: i64,
            /// To (ms).
            end_time: i64,
            /// Exchange id.
            exchange: ExchangeId,
            /// Scenario.
            scenario: Scenario,
            /// Transfer step serial no.
            serial_no: String,
            /// Transfer serial no.
            transfer_serial_no: String,
        }
    }
    list = AccountFlow;
}

impl Check for AccountFlowsRequest {
    fn check(&self) -> Result<()> {
        validate::window("start_time", self.start_time, self.end_time)
    }
}

api_request! {
    /// `GET /credit/agency/v1/account/funds`: transfer records.
    AccountTransferRecordsRequest => ACCOUNT_TRANSFER_RECORDS -> ListPage<FundRecord> {
        required {}
        optional {
            /// Currency.
            currency: String,
            /// From (ms).
            start_time: i64,
            /// To (ms).
            end_time: i64,
            /// Source account id.
            from_account_id: String,
            /// Source exchange.
            from_exchange: ExchangeId,
            /// Destination account id.
            to_account_id: String,
            /// Destination exchange.
            to_exchange: ExchangeId,
            /// Transfer state.
            process: TransferProcess,
            /// Scenario.
            scenario: Scenario,
            /// Serial no.
            serial_no: String,
        }
    }
    list = FundRecord;
}

impl Check for AccountTransferRecordsRequest {
    fn check(&self) -> Result<()> {
        validate::window("start_time", self.start_time, self.end_time)
    }
}

api_request! {
    /// `GET /credit/agency/v1/accounts`: the user's trading accounts.
    AccountListRequest => ACCOUNT_LIST -> ListPage<Account> {
        required {}
        optional {
            /// Account id.
            account_id: String,
            /// Account type.
            account_type: AccountType,
            /// Custody id.
            custody_id: String,
            /// Exchange id.
            exchange: ExchangeId,
            /// CEX or DEX.
            exchange_type: ExchangeType,
            /// RCU id.
            rcu_id: u64,
            /// Account status.
            status: AccountStatus,
        }
    }
    list = Account;
}

impl Check for AccountListRequest {}

api_request! {
    /// `GET /credit/agency/v1/dma/bills`: Direct Market Access bills.
    DmaBillsRequest => DMA_BILLS -> ListPage<DmaBill> {
        required {}
        optional {
            /// Billing start time, from (ms).
            bill_start_time_start: i64,
            /// Billing start time, to (ms).
            bill_start_time_end: i64,
            /// Currency.
            currency: String,
            /// Serial no.
            serial_no: String,
            /// Status.
            status: DmaBillStatus,
        }
    }
    list = DmaBill;
}

impl Check for DmaBillsRequest {
    fn check(&self) -> Result<()> {
        validate::window(
            "bill_start_time_start",
            self.bill_start_time_start,
            self.bill_start_time_end,
        )
    }
}

api_request! {
    /// `POST /credit/agency/v1/dma/bill/repay`: repay a DMA bill from an account.
    DmaBillRepayRequest => DMA_BILL_REPAY -> () {
        required {
            /// Account to repay from.
            account_id: String,
            /// The DMA bill's serial number.
            serial_no: String,
        }
        optional {
            /// Idempotency key (8 to 32 characters), generated when not given.
            request_id: String,
        }
    }
    key = request_id;
}

impl Check for DmaBillRepayRequest {
    fn check(&self) -> Result<()> {
        validate::non_empty("account_id", &self.account_id)?;
        validate::non_empty("serial_no", &self.serial_no)
    }
}

api_request! {
    /// `GET /credit/agency/v1/exchange/custody`: custodians per exchange.
    ExchangeCustodyRequest => EXCHANGE_CUSTODY -> Vec<ExchangeCustody> {
        required {}
        optional {}
    }
}

impl Check for ExchangeCustodyRequest {}

api_request! {
    /// Trading fee rates per exchange (path: see the crate's Known quirks).
    ExchangeTradingFeeRateRequest => EXCHANGE_TRADING_FEE_RATE -> ListPage<ExchangeTradingFees> {
        required {}
        optional {
            /// Exchange id.
            exchange: ExchangeId,
        }
    }
    list = ExchangeTradingFees;
}

impl Check for ExchangeTradingFeeRateRequest {}

api_request! {
    /// `GET /credit/agency/v1/rcu/accounts`: sub-accounts associated with an RCU.
    RcuAccountsRequest => RCU_ACCOUNTS -> Vec<Account> {
        required {
            /// RCU id.
            rcu_id: u64,
        }
        optional {}
    }
}

impl Check for RcuAccountsRequest {
    fn check(&self) -> Result<()> {
        if self.rcu_id == 0 {
            return Err(Error::invalid("rcu_id", "must be positive"));
        }
        Ok(())
    }
}

impl Client {
    /// Transfer (`POST /credit/agency/v1/allocate`): moves `amount` of `currency` between
    /// accounts, checked against the Transfer Case table first. The answer carries the
    /// `serial_no` (generated unless set); the transfer then runs asynchronously.
    pub fn transfer(
        &self,
        from_account: impl Into<String>,
        to_account: impl Into<String>,
        currency: impl Into<String>,
        amount: Decimal,
    ) -> Call<TransferRequest> {
        self.call(TransferRequest::new(
            from_account,
            to_account,
            currency,
            amount,
        ))
    }

    /// Transfer between two listed accounts: like [`Client::transfer`], with the accounts'
    /// kinds and RCU bindings checked against the Transfer Case table before sending.
    pub fn transfer_between(
        &self,
        from: &Account,
        to: &Account,
        currency: impl Into<String>,
        amount: Decimal,
    ) -> Call<TransferRequest> {
        self.call(TransferRequest::between(from, to, currency, amount))
    }

    /// Transfer Record (`GET /credit/agency/v1/allocate`): one transfer by serial number.
    pub fn transfer_record(&self, serial_no: impl Into<String>) -> Call<TransferRecordRequest> {
        self.call(TransferRecordRequest::new(serial_no))
    }

    /// Wallet Types (`GET /credit/agency/v1/exchange/wallets`).
    pub fn wallet_types(&self, account_id: impl Into<String>) -> Call<WalletTypesRequest> {
        self.call(WalletTypesRequest::new(account_id))
    }

    /// Available Currencies (`GET /credit/agency/v1/allocate_currencies`).
    pub fn available_currencies(
        &self,
        from_account: impl Into<String>,
        to_account: impl Into<String>,
    ) -> Call<AvailableCurrenciesRequest> {
        self.call(AvailableCurrenciesRequest::new(from_account, to_account))
    }

    /// Available Chains (`GET /credit/agency/v1/available_chains`).
    pub fn available_chains(
        &self,
        from_account: impl Into<String>,
        to_account: impl Into<String>,
        currency: impl Into<String>,
    ) -> Call<AvailableChainsRequest> {
        self.call(AvailableChainsRequest::new(
            from_account,
            to_account,
            currency,
        ))
    }

    /// Exchange Minimum Transfer Amount Limit (`GET /credit/agency/v1/exchange/minimum_amount`).
    pub fn exchange_minimum_amount(
        &self,
        exchange: impl Into<ExchangeId>,
    ) -> Call<ExchangeMinimumAmountRequest> {
        self.call(ExchangeMinimumAmountRequest::new(exchange))
    }

    /// Profit Accrual (`POST /credit/agency/v1/user/profit_accrual`).
    pub fn profit_accrual(
        &self,
        amount: Decimal,
        currency: impl Into<String>,
        account_id: impl Into<String>,
    ) -> Call<ProfitAccrualRequest> {
        self.call(ProfitAccrualRequest::new(amount, currency, account_id))
    }

    /// Create Account (`POST /credit/agency/v1/account`): a new exchange sub-account.
    pub fn create_account(&self, exchange: impl Into<ExchangeId>) -> Call<CreateAccountRequest> {
        self.call(CreateAccountRequest::new(exchange))
    }

    /// Account Balance (`GET /credit/agency/v1/account/balance`).
    pub fn account_balance(&self, account_id: impl Into<String>) -> Call<AccountBalanceRequest> {
        self.call(AccountBalanceRequest::new(account_id))
    }

    /// Account Flows (`GET /credit/agency/v1/account/flows`); `.into_stream()` pages through.
    pub fn account_flows(&self) -> Call<AccountFlowsRequest> {
        self.call(AccountFlowsRequest::new())
    }

    /// Account Transfer Records (`GET /credit/agency/v1/account/funds`).
    pub fn account_transfer_records(&self) -> Call<AccountTransferRecordsRequest> {
        self.call(AccountTransferRecordsRequest::new())
    }

    /// Account List (`GET /credit/agency/v1/accounts`).
    pub fn account_list(&self) -> Call<AccountListRequest> {
        self.call(AccountListRequest::new())
    }

    /// DMA Bills (`GET /credit/agency/v1/dma/bills`).
    pub fn dma_bills(&self) -> Call<DmaBillsRequest> {
        self.call(DmaBillsRequest::new())
    }

    /// DMA Bill Repay (`POST /credit/agency/v1/dma/bill/repay`).
    pub fn dma_bill_repay(
        &self,
        account_id: impl Into<String>,
        serial_no: impl Into<String>,
    ) -> Call<DmaBillRepayRequest> {
        self.call(DmaBillRepayRequest::new(account_id, serial_no))
    }

    /// Exchange Custody (`GET /credit/agency/v1/exchange/custody`).
    pub fn exchange_custody(&self) -> Call<ExchangeCustodyRequest> {
        self.call(ExchangeCustodyRequest::new())
    }

    /// Exchange Trading Fee Rate (path: see Known quirks).
    pub fn exchange_trading_fee_rate(&self) -> Call<ExchangeTradingFeeRateRequest> {
        self.call(ExchangeTradingFeeRateRequest::new())
    }

    /// Rcu Accounts (`GET /credit/agency/v1/rcu/accounts`).
    pub fn rcu_accounts(&self, rcu_id: u64) -> Call<RcuAccountsRequest> {
        self.call(RcuAccountsRequest::new(rcu_id))
    }
}

//! Risk Control: the models of RCUs (risk control units); their requests are all generated.

use chrono::{DateTime, TimeZone, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use venue_common::serde_ext::{bool_lenient, decimal, decimal_opt, empty_as_none, int_or_string};

/// An RCU in the list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Rcu {
    /// RCU id.
    #[serde(deserialize_with = "int_or_string::deserialize")]
    pub rcu_id: u64,
    /// Name.
    pub rcu_name: String,
    /// Total value, USD.
    #[serde(with = "decimal")]
    pub total_value: Decimal,
    /// Loan size, USD.
    #[serde(with = "decimal")]
    pub loan_size: Decimal,
    /// Skitg, USD.
    #[serde(default, with = "decimal_opt")]
    pub skitg: Option<Decimal>,
    /// Initial margin ratio.
    #[serde(default, with = "decimal_opt")]
    pub initial_margin_ratio: Option<Decimal>,
    /// The loan order it belongs to.
    #[serde(default, deserialize_with = "empty_as_none::deserialize")]
    pub order_id: Option<String>,
    /// Enabled.
    #[serde(deserialize_with = "bool_lenient::deserialize")]
    pub is_enable: bool,
}

/// One RCU in detail.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct RcuDetail {
    /// RCU id.
    #[serde(deserialize_with = "int_or_string::deserialize")]
    pub rcu_id: u64,
    /// Data update time in MICROseconds (see [`RcuDetail::updated_at`]).
    #[serde(deserialize_with = "int_or_string::deserialize")]
    pub timestamp_in_us: i64,
    /// Name.
    pub rcu_name: String,
    /// Total value, USD.
    #[serde(with = "decimal")]
    pub total_asset: Decimal,
    /// Skitg.
    #[serde(default, with = "decimal_opt")]
    pub total_skitg: Option<Decimal>,
    /// Loan size, USD.
    #[serde(with = "decimal")]
    pub total_loan: Decimal,
    /// Fund.
    #[serde(default, with = "decimal_opt")]
    pub total_fund: Option<Decimal>,
    /// GLR.
    #[serde(default, with = "decimal_opt")]
    pub glr: Option<Decimal>,
    /// NLR.
    #[serde(default, with = "decimal_opt")]
    pub nlr: Option<Decimal>,
    /// NAV.
    #[serde(default, with = "decimal_opt")]
    pub nav: Option<Decimal>,
    /// Risk ratio.
    #[serde(default, with = "decimal_opt")]
    pub risk_ratio: Option<Decimal>,
    /// User id.
    pub user_id: String,
}

impl RcuDetail {
    /// `timestamp_in_us` as a time (microsecond precision kept).
    pub fn updated_at(&self) -> Option<DateTime<Utc>> {
        Utc.timestamp_micros(self.timestamp_in_us).single()
    }
}

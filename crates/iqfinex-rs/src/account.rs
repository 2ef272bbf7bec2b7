//! Authorized API: account info and balances.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The API key's account and permissions (`GET /v1/account/info`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInfo {
    /// Account id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// Account e-mail (empty when the venue sends none).
    #[serde(default, with = "crate::types::string_or_null")]
    pub email: String,
    /// Role (the document says to ignore it).
    #[serde(default, with = "venue_common::serde_ext::int_or_string_opt")]
    pub role: Option<i64>,
    /// Label of the API key (empty when the venue sends none).
    #[serde(default, with = "crate::types::string_or_null")]
    pub keylabel: String,
    /// Whether the key may open and cancel orders.
    #[serde(rename = "isTrade", with = "venue_common::serde_ext::bool_lenient")]
    pub is_trade: bool,
    /// Whether the key may withdraw.
    #[serde(
        rename = "isWithdrawal",
        with = "venue_common::serde_ext::bool_lenient"
    )]
    pub is_withdrawal: bool,
    /// IP whitelist; the venue sends it as one comma-separated string.
    #[serde(
        default,
        deserialize_with = "comma_list",
        serialize_with = "comma_join"
    )]
    pub whitelist: Vec<String>,
}

fn comma_list<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<String>, D::Error> {
    let text = crate::types::string_or_null::deserialize(d)?;
    Ok(text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect())
}

fn comma_join<S: Serializer>(list: &[String], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&list.join(","))
}

/// One coin's balance (`GET /v1/balance`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Balance {
    /// Everything, including what open orders and pending withdrawals hold.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub balance: Decimal,
    /// What is available. Typed string by the document, sent as a number: both decode.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub free_balance: Decimal,
}

impl Balance {
    /// What open orders and pending withdrawals hold: `balance - free_balance`.
    pub fn reserved(&self) -> Decimal {
        // Saturating: the two values come from the network and must not panic on overflow.
        self.balance.saturating_sub(self.free_balance)
    }
}

/// Balances keyed by coin (`BTC`).
pub type Balances = BTreeMap<String, Balance>;

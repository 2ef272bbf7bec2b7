//! Client-side checks of what the document states, run before anything is sent. Each failure
//! is an [`Error::InvalidRequest`] naming the venue's parameter.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use venue_common::{Error, Result};

/// Shortest `serial_no` / `request_id` the venue accepts.
pub const KEY_MIN_LEN: usize = 8;
/// Longest `serial_no` / `request_id` the venue accepts.
pub const KEY_MAX_LEN: usize = 32;

/// Checks an idempotency key (`serial_no`, `request_id`): 8 to 32 characters of
/// `^[a-zA-Z0-9_-]+$`.
pub fn idempotency_key(param: &str, value: &str) -> Result<()> {
    let len = value.len();
    if !(KEY_MIN_LEN..=KEY_MAX_LEN).contains(&len) {
        return Err(Error::invalid(
            param,
            format!("must be 8 to 32 characters long (got {len})"),
        ));
    }
    if !value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(Error::invalid(
            param,
            "may hold only letters, digits, `_` and `-` (^[a-zA-Z0-9_-]+$)",
        ));
    }
    Ok(())
}

/// A fresh idempotency key: a UUID v4 as 32 hex digits, which fits every rule above. Its
/// random bits come from [`venue_common::random`], so this crate builds no second source of
/// randomness beside the one its TLS stack brings.
pub fn generate_key() -> String {
    use venue_common::random;
    let text = random::uuid_simple(random::uuid_v4(random::random_u128().to_le_bytes()));
    text.iter().map(|&digit| char::from(digit)).collect()
}

/// A required text parameter must not be empty or blank.
pub fn non_empty(param: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(param, "must not be empty"));
    }
    Ok(())
}

/// Every `(param, value)` must be [`non_empty`]; the first that is not is named.
pub fn filled(params: &[(&str, &str)]) -> Result<()> {
    params
        .iter()
        .try_for_each(|(param, value)| non_empty(param, value))
}

/// An amount must be positive.
pub fn positive(param: &str, value: Decimal) -> Result<()> {
    if value <= Decimal::ZERO {
        return Err(Error::invalid(
            param,
            format!("must be positive (got {value})"),
        ));
    }
    Ok(())
}

/// A time window's start must not be after its end.
pub fn window(
    start_param: &str,
    start: Option<&DateTime<Utc>>,
    end: Option<&DateTime<Utc>>,
) -> Result<()> {
    if let (Some(s), Some(e)) = (start, end)
        && s > e
    {
        return Err(Error::invalid(
            start_param,
            format!("must not be after the end of the window ({s} > {e})"),
        ));
    }
    Ok(())
}

/// Whether an account id names the Prime (Matrix) wallet: the venue writes those `<user>.bal`.
pub fn is_wallet_account(account_id: &str) -> bool {
    account_id.ends_with(".bal")
}

/// Some operations take exchange sub-accounts only.
pub fn exchange_sub_account(param: &str, account_id: &str) -> Result<()> {
    non_empty(param, account_id)?;
    if is_wallet_account(account_id) {
        return Err(Error::invalid(
            param,
            format!("`{account_id}` is the Prime wallet; only exchange sub-accounts are accepted"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert!(idempotency_key("serial_no", "1695634589886").is_ok());
        assert!(idempotency_key("serial_no", "abc_DEF-0123").is_ok());
        assert!(idempotency_key("serial_no", "1234567").is_err());
        assert!(idempotency_key("serial_no", &"a".repeat(33)).is_err());
        assert!(idempotency_key("serial_no", &"a".repeat(32)).is_ok());
        let e = idempotency_key("request_id", "has space!").unwrap_err();
        assert!(matches!(e, Error::InvalidRequest { ref param, .. } if param == "request_id"));
        let k = generate_key();
        assert!(idempotency_key("serial_no", &k).is_ok(), "{k}");
        assert_ne!(k, generate_key());
    }
}

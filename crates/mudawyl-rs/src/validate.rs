//! Every constraint the document states, checked the way the venue checks it.
//!
//! Each check returns the entries a venue 422 answer would hold (`{value, msg, param,
//! location}`). The client runs them before sending and refuses with
//! [`Error::InvalidRequest`] naming the first parameter; the local venue (feature `sim`) runs
//! the very same functions on what it receives and answers 422 with all the entries.

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use venue_common::Error;

/// Longest key name the venue accepts is 24 characters ("length must be less than 25").
pub const MAX_KEY_NAME_CHARS: usize = 24;
/// Largest `limit` of any listing.
pub const MAX_LIMIT: u32 = 1000;
/// Leverage range.
pub const LEVERAGE_RANGE: std::ops::RangeInclusive<u32> = 1..=125;
/// Most take-profit prices of one order.
pub const MAX_TAKE_PROFITS: usize = 25;

/// Where a parameter was sent, as the venue's 422 names it.
pub mod location {
    /// The path (`"params"`).
    pub const PARAMS: &str = "params";
    /// The query string.
    pub const QUERY: &str = "query";
    /// The JSON body.
    pub const BODY: &str = "body";
}

/// One entry of a venue 422 answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    /// The value that was refused, as sent (may be absent or `null`).
    #[serde(default)]
    pub value: Value,
    /// Why.
    #[serde(default)]
    pub msg: String,
    /// The parameter's name.
    #[serde(default)]
    pub param: String,
    /// Where it was: `params` (path), `query` or `body`.
    #[serde(default)]
    pub location: String,
}

impl FieldError {
    /// An entry.
    pub fn new(
        value: impl Into<Value>,
        msg: impl Into<String>,
        param: impl Into<String>,
        location: impl Into<String>,
    ) -> Self {
        FieldError {
            value: value.into(),
            msg: msg.into(),
            param: param.into(),
            location: location.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` ({}) {}", self.param, self.location, self.msg)
    }
}

/// Turns entries into the client's not-sent error: the first entry's parameter, every
/// message (`Ok` when there are none).
pub fn into_result(errors: Vec<FieldError>) -> Result<(), Error> {
    let Some(first) = errors.first() else {
        return Ok(());
    };
    let mut reason = first.msg.clone();
    for e in &errors[1..] {
        reason.push_str(&format!("; also `{}` {}", e.param, e.msg));
    }
    Err(Error::invalid(first.param.clone(), reason))
}

fn dec_value(d: &Decimal) -> Value {
    Value::String(d.to_string())
}

/// An id in the path must be a UUID (the venue's `{"param": "id", "location": "params"}`).
pub fn path_uuid(id: &str) -> Option<FieldError> {
    uuid_check(id, "id", location::PARAMS, "must be UUID")
}

/// A UUID-valued parameter.
pub fn uuid_check(value: &str, param: &str, loc: &str, msg: &str) -> Option<FieldError> {
    match uuid::Uuid::parse_str(value) {
        Ok(_) if value.len() == 36 => None,
        _ => Some(FieldError::new(value, msg, param, loc)),
    }
}

/// An exchange symbol is not empty. The document says only "must be valid exchange symbol":
/// the venue looks the symbol up in its exchange's list (`BTC/USDT`, the futures `BTC/USDT:USDT`,
/// whatever case that list uses), so anything else is for the venue to decide (its 422, or
/// 433 `1300` "invalid exchange symbol").
pub fn symbol(value: &str, loc: &str) -> Option<FieldError> {
    value
        .trim()
        .is_empty()
        .then(|| FieldError::new(value, "must be valid exchange symbol", "symbol", loc))
}

/// `interval` is `1d` or `1M`.
pub fn interval(value: &str) -> Option<FieldError> {
    (!matches!(value, "1d" | "1M"))
        .then(|| FieldError::new(value, "must be one of 1d, 1M", "interval", location::QUERY))
}

/// `exchangeId` is `BINANCE` (the only exchange the document lists).
pub fn exchange_id(value: &str, loc: &str) -> Option<FieldError> {
    (value != "BINANCE")
        .then(|| FieldError::new(value, "must be valid exchange id", "exchangeId", loc))
}

/// The ticker's `type` is `SPOT` or `FUTURES`.
pub fn ticker_type(value: &str) -> Option<FieldError> {
    (!matches!(value, "SPOT" | "FUTURES")).then(|| {
        FieldError::new(
            value,
            "must be one of SPOT, FUTURES",
            "type",
            location::QUERY,
        )
    })
}

/// `limit` is 1 to 1000.
pub fn limit(value: u32) -> Option<FieldError> {
    (!(1..=MAX_LIMIT).contains(&value)).then(|| {
        FieldError::new(
            value,
            "must be an integer between 1 and 1000",
            "limit",
            location::QUERY,
        )
    })
}

/// A key name is not empty and shorter than 25 characters.
pub fn key_name(value: &str) -> Option<FieldError> {
    if value.trim().is_empty() {
        return Some(FieldError::new(
            value,
            "must not be empty",
            "name",
            location::BODY,
        ));
    }
    (value.chars().count() > MAX_KEY_NAME_CHARS)
        .then(|| FieldError::new(value, "length must be less than 25", "name", location::BODY))
}

/// Leverage is 1 to 125.
pub fn leverage(value: i64) -> Option<FieldError> {
    let ok = u32::try_from(value).is_ok_and(|v| LEVERAGE_RANGE.contains(&v));
    (!ok).then(|| {
        FieldError::new(
            value,
            "must be an integer between 1 and 125",
            "leverage",
            location::BODY,
        )
    })
}

/// The fields of Create Exchange Key that can be checked without the account.
pub fn exchange_key(trade_type: &str, strategy_type: &str, name: &str) -> Vec<FieldError> {
    let mut out = Vec::new();
    if !matches!(trade_type, "SPOT" | "FUTURES") {
        out.push(FieldError::new(
            trade_type,
            "must be one of SPOT, FUTURES",
            "tradeType",
            location::BODY,
        ));
    }
    if !matches!(strategy_type, "AUTOMATED" | "MANUAL") {
        out.push(FieldError::new(
            strategy_type,
            "must be one of AUTOMATED, MANUAL",
            "strategyType",
            location::BODY,
        ));
    }
    if strategy_type == "AUTOMATED" && trade_type == "SPOT" {
        out.push(FieldError::new(
            trade_type,
            "cannot be assigned to AUTOMATED strategy",
            "tradeType",
            location::BODY,
        ));
    }
    out.extend(key_name(name));
    out
}

/// The profile fields: names alphabetic, country an ISO 3166-1 alpha-2 code, language EN or AR,
/// time zone an IANA name (the lists are in `src/lists.rs`, generated from iso-codes and tzdata).
pub fn profile(
    last_name: Option<&str>,
    first_name: Option<&str>,
    country: Option<&str>,
    language: Option<&str>,
    timezone: Option<&str>,
) -> Vec<FieldError> {
    let mut out = Vec::new();
    // Letters only, like the venue's "must be alpha character" check (no spaces or digits).
    let alpha = |s: &str| !s.is_empty() && s.chars().all(char::is_alphabetic);
    for (param, v) in [("lastName", last_name), ("firstName", first_name)] {
        if let Some(v) = v
            && !alpha(v)
        {
            out.push(FieldError::new(
                v,
                "must be alpha character",
                param,
                location::BODY,
            ));
        }
    }
    if let Some(c) = country
        && crate::lists::COUNTRIES.binary_search(&c).is_err()
    {
        out.push(FieldError::new(
            c,
            "must be valid country",
            "country",
            location::BODY,
        ));
    }
    if let Some(l) = language
        && !matches!(l, "EN" | "AR")
    {
        out.push(FieldError::new(
            l,
            "must be a valid language",
            "language",
            location::BODY,
        ));
    }
    if let Some(t) = timezone
        && crate::lists::TIMEZONES.binary_search(&t).is_err()
    {
        out.push(FieldError::new(
            t,
            "must be a valid timezone",
            "timezone",
            location::BODY,
        ));
    }
    out
}

/// The body of Create Manual Order as the venue reads it, for [`manual_order`]; it borrows
/// what it can from the order it describes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ManualOrderFields<'a> {
    /// `symbol`.
    pub symbol: Option<Cow<'a, str>>,
    /// `type`.
    pub order_type: Option<Cow<'a, str>>,
    /// `side`.
    pub side: Option<Cow<'a, str>>,
    /// `price`.
    pub price: Option<Decimal>,
    /// `amount`.
    pub amount: Option<Decimal>,
    /// `takeProfitPrices`.
    pub take_profit_prices: Option<Cow<'a, [Decimal]>>,
    /// `stopTriggerPrice`.
    pub stop_trigger_price: Option<Decimal>,
    /// `stopTriggerType`.
    pub stop_trigger_type: Option<Cow<'a, str>>,
    /// `stopPrice`.
    pub stop_price: Option<Decimal>,
    /// `callbackRate`.
    pub callback_rate: Option<Decimal>,
    /// `riskProfilePercent`.
    pub risk_profile_percent: Option<Decimal>,
}

fn positive(v: &Option<Decimal>, param: &str, out: &mut Vec<FieldError>) {
    if let Some(d) = v
        && *d <= Decimal::ZERO
    {
        out.push(FieldError::new(
            dec_value(d),
            "must be a positive number",
            param,
            location::BODY,
        ));
    }
}

/// Every rule of Create Manual Order: `price` with LIMIT and TRAILING_STOP; `callbackRate`
/// 0.1 to 5 and only with TRAILING_STOP; at most 25 `takeProfitPrices`, and neither they nor
/// `stopTriggerPrice` with TRAILING_STOP; `stopPrice` when `stopTriggerType` is LIMIT.
pub fn manual_order(f: &ManualOrderFields<'_>) -> Vec<FieldError> {
    let b = location::BODY;
    let mut out = Vec::new();
    match f.symbol.as_deref() {
        None => out.push(FieldError::new(Value::Null, "is required", "symbol", b)),
        Some(s) => out.extend(symbol(s, b)),
    }
    let ty = f.order_type.as_deref();
    match ty {
        Some("LIMIT" | "MARKET" | "TRAILING_STOP") => {}
        Some(t) => out.push(FieldError::new(
            t,
            "must be one of LIMIT, MARKET, TRAILING_STOP",
            "type",
            b,
        )),
        None => out.push(FieldError::new(Value::Null, "is required", "type", b)),
    }
    match f.side.as_deref() {
        Some("BUY" | "SELL") => {}
        Some(s) => out.push(FieldError::new(s, "must be one of BUY, SELL", "side", b)),
        None => out.push(FieldError::new(Value::Null, "is required", "side", b)),
    }
    let trailing = ty == Some("TRAILING_STOP");
    if matches!(ty, Some("LIMIT" | "TRAILING_STOP")) && f.price.is_none() {
        out.push(FieldError::new(
            Value::Null,
            "must require price with type limit or trailing stop",
            "price",
            b,
        ));
    }
    positive(&f.price, "price", &mut out);
    match &f.amount {
        None => out.push(FieldError::new(Value::Null, "is required", "amount", b)),
        Some(_) => positive(&f.amount, "amount", &mut out),
    }
    if let Some(tp) = &f.take_profit_prices {
        // Built only for an error: most orders pass.
        let value = || Value::Array(tp.iter().map(dec_value).collect());
        if trailing {
            out.push(FieldError::new(
                value(),
                "must not use with type traililng stop",
                "takeProfitPrices",
                b,
            ));
        } else if tp.len() > MAX_TAKE_PROFITS {
            out.push(FieldError::new(
                value(),
                "must have at most 25 prices",
                "takeProfitPrices",
                b,
            ));
        } else if tp.iter().any(|p| *p <= Decimal::ZERO) {
            out.push(FieldError::new(
                value(),
                "must be positive numbers",
                "takeProfitPrices",
                b,
            ));
        }
    }
    if let Some(p) = &f.stop_trigger_price {
        if trailing {
            out.push(FieldError::new(
                dec_value(p),
                "must not use with type traililng stop",
                "stopTriggerPrice",
                b,
            ));
        } else {
            positive(&f.stop_trigger_price, "stopTriggerPrice", &mut out);
        }
    }
    match f.stop_trigger_type.as_deref() {
        None => {}
        Some(t @ ("LIMIT" | "MARKET")) => {
            if trailing {
                out.push(FieldError::new(
                    t,
                    "must not use with type traililng stop",
                    "stopTriggerType",
                    b,
                ));
            } else if f.stop_trigger_price.is_none() {
                out.push(FieldError::new(
                    t,
                    "must require stopTriggerPrice",
                    "stopTriggerType",
                    b,
                ));
            } else if t == "LIMIT" && f.stop_price.is_none() {
                out.push(FieldError::new(
                    t,
                    "must require stopPrice with type limit",
                    "stopTriggerType",
                    b,
                ));
            }
        }
        Some(t) => out.push(FieldError::new(
            t,
            "must be one of LIMIT, MARKET",
            "stopTriggerType",
            b,
        )),
    }
    if f.stop_trigger_price.is_some() && f.stop_trigger_type.is_none() && !trailing {
        out.push(FieldError::new(
            Value::Null,
            "is required with stopTriggerPrice",
            "stopTriggerType",
            b,
        ));
    }
    positive(&f.stop_price, "stopPrice", &mut out);
    match (&f.callback_rate, trailing) {
        (None, true) => out.push(FieldError::new(
            Value::Null,
            "must require callbackRate with type trailing stop",
            "callbackRate",
            b,
        )),
        (Some(r), false) => out.push(FieldError::new(
            dec_value(r),
            "must only use with type trailing stop",
            "callbackRate",
            b,
        )),
        (Some(r), true) => {
            if *r < Decimal::new(1, 1) || *r > Decimal::from(5) {
                out.push(FieldError::new(
                    dec_value(r),
                    "must be between 0.1 and 5",
                    "callbackRate",
                    b,
                ));
            }
        }
        (None, false) => {}
    }
    positive(&f.risk_profile_percent, "riskProfilePercent", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn documented_422_entries() {
        // The document's sample: a trailing stop with a stop trigger, and a LIMIT stop
        // without stopPrice (two separate mistakes, checked separately here).
        let f = ManualOrderFields {
            symbol: Some("BTC/USDT".into()),
            order_type: Some("TRAILING_STOP".into()),
            side: Some("BUY".into()),
            price: Some(dec!(19000)),
            amount: Some(dec!(0.05)),
            stop_trigger_price: Some(dec!(20000)),
            callback_rate: Some(dec!(1)),
            ..Default::default()
        };
        let e = manual_order(&f);
        assert_eq!(
            e,
            vec![FieldError::new(
                "20000",
                "must not use with type traililng stop",
                "stopTriggerPrice",
                "body"
            )]
        );
        let f = ManualOrderFields {
            symbol: Some("BTC/USDT".into()),
            order_type: Some("MARKET".into()),
            side: Some("BUY".into()),
            amount: Some(dec!(0.05)),
            stop_trigger_price: Some(dec!(19000)),
            stop_trigger_type: Some("LIMIT".into()),
            ..Default::default()
        };
        assert_eq!(
            manual_order(&f),
            vec![FieldError::new(
                "LIMIT",
                "must require stopPrice with type limit",
                "stopTriggerType",
                "body"
            )]
        );
        assert_eq!(path_uuid("invaliduuid").unwrap().param, "id");
        assert!(path_uuid("6645920d-08cb-44f0-b8b3-a14dd918a7b0").is_none());
        assert_eq!(
            key_name("this is example of very long text input")
                .unwrap()
                .msg,
            "length must be less than 25"
        );
        assert_eq!(
            symbol("", "query").unwrap().msg,
            "must be valid exchange symbol"
        );
        // the venue decides from its list of symbols: futures and lower-case symbols are sent
        for s in ["BTC/USDT:USDT", "btc/usdt", "BTCUSDT", "1000SHIB/USDT"] {
            assert!(symbol(s, "query").is_none(), "{s}");
        }
        assert_eq!(
            exchange_key("SPOT", "AUTOMATED", "x")[0].msg,
            "cannot be assigned to AUTOMATED strategy"
        );
        let p = profile(
            Some("Doe123"),
            None,
            Some("CAX"),
            Some("ENX"),
            Some("America/Torontox"),
        );
        let params: Vec<_> = p.iter().map(|e| e.param.as_str()).collect();
        assert_eq!(params, ["lastName", "country", "language", "timezone"]);
    }

    #[test]
    fn profile_lists() {
        assert!(
            profile(
                Some("Doe"),
                Some("John"),
                Some("CA"),
                Some("AR"),
                Some("America/Toronto")
            )
            .is_empty()
        );
        assert!(profile(None, None, Some("DE"), None, Some("UTC")).is_empty());
        assert_eq!(
            profile(None, None, Some("ca"), None, None)[0].param,
            "country"
        );
        assert_eq!(
            profile(None, None, Some("XX"), None, None)[0].param,
            "country"
        );
        assert_eq!(
            profile(None, None, None, None, Some("Mars/Olympus"))[0].param,
            "timezone"
        );
        assert_eq!(
            profile(Some("Mary Ann"), None, None, None, None)[0].param,
            "lastName"
        );
        // the lists are sorted, as the binary search needs
        assert!(crate::lists::COUNTRIES.windows(2).all(|w| w[0] < w[1]));
        assert!(crate::lists::TIMEZONES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn bounds() {
        assert!(leverage(1).is_none() && leverage(125).is_none());
        assert!(leverage(0).is_some() && leverage(126).is_some() && leverage(-3).is_some());
        assert!(limit(1000).is_none() && limit(1001).is_some() && limit(0).is_some());
        assert!(key_name(&"a".repeat(24)).is_none());
        assert!(key_name(&"a".repeat(25)).is_some());
    }
}

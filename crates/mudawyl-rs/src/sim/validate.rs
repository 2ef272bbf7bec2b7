//! The venue's own checks, written from the document's parameter tables and its 422 samples
//! (and the limits `VENUES.md` records), apart from the client's validators: each returns the
//! entries of a 422 answer, `{value, msg, param, location}`.

use rust_decimal::Decimal;
use serde_json::Value;
use venue_common::sim::Json;

use super::lists;

/// Where a parameter was sent, as a 422 entry names it.
pub(crate) mod location {
    /// The path.
    pub const PARAMS: &str = "params";
    /// The query string.
    pub const QUERY: &str = "query";
    /// The JSON body.
    pub const BODY: &str = "body";
}

/// One entry of a 422 answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldError {
    pub value: Value,
    pub msg: String,
    pub param: String,
    pub location: &'static str,
}

impl FieldError {
    pub fn new(
        value: impl Into<Value>,
        msg: impl Into<String>,
        param: impl Into<String>,
        location: &'static str,
    ) -> Self {
        FieldError {
            value: value.into(),
            msg: msg.into(),
            param: param.into(),
            location,
        }
    }

    /// The entry in the document's key order: value, msg, param, location.
    pub fn to_json(&self) -> Json {
        Json::obj([
            ("value", json_of(&self.value)),
            ("msg", Json::str(self.msg.clone())),
            ("param", Json::str(self.param.clone())),
            ("location", Json::str(self.location)),
        ])
    }
}

/// A `serde_json::Value` as an exact, ordered [`Json`].
pub(crate) fn json_of(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => Json::RawNumber(n.to_string()),
        Value::String(s) => Json::str(s.clone()),
        Value::Array(items) => Json::arr(items.iter().map(json_of)),
        Value::Object(map) => Json::obj(map.iter().map(|(k, v)| (k.clone(), json_of(v)))),
    }
}

fn dec_value(d: &Decimal) -> Value {
    Value::String(d.to_string())
}

/// "is required", for a missing body field.
pub(crate) fn required(param: &str) -> FieldError {
    FieldError::new(Value::Null, "is required", param, location::BODY)
}

/// An id of the path: "must be UUID" (the document's samples with `invaliduuid`).
pub(crate) fn path_uuid(id: &str) -> Option<FieldError> {
    uuid(id, "id", location::PARAMS, "must be UUID")
}

/// A UUID-valued parameter, in its 36-character hyphenated form.
pub(crate) fn uuid(value: &str, param: &str, loc: &'static str, msg: &str) -> Option<FieldError> {
    let hyphenated = value.len() == 36
        && value.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        });
    (!hyphenated).then(|| FieldError::new(value, msg, param, loc))
}

/// The exchange symbols this local venue knows, in the exchange library's unified names: spot
/// `BASE/QUOTE` and USD-M futures `BASE/QUOTE:SETTLE` (the venue's own examples use the spot
/// name for futures too).
pub(crate) const SYMBOLS: &[&str] = &[
    "BTC/USDT",
    "BTC/USDT:USDT",
    "DOGE/USDT",
    "ETH/USDT",
    "ETH/USDT:USDT",
];

/// The symbols with a futures market (the others are `1300` on futures endpoints).
pub(crate) const FUTURES_SYMBOLS: &[&str] =
    &["BTC/USDT", "BTC/USDT:USDT", "ETH/USDT", "ETH/USDT:USDT"];

/// An exchange symbol is one of the exchange's: "must be valid exchange symbol" otherwise. The
/// document states no format; the venue looks the symbol up, and so does this one.
pub(crate) fn symbol(value: &str, loc: &'static str) -> Option<FieldError> {
    (!SYMBOLS.contains(&value))
        .then(|| FieldError::new(value, "must be valid exchange symbol", "symbol", loc))
}

/// The market whose price a symbol follows: `BTC/USDT:USDT` follows `BTC/USDT`.
pub(crate) fn price_symbol(symbol: &str) -> &str {
    symbol.split_once(':').map_or(symbol, |(s, _)| s)
}

/// The strategy history's `interval`: `1d` or `1M`.
pub(crate) fn interval(value: &str) -> Option<FieldError> {
    (!matches!(value, "1d" | "1M"))
        .then(|| FieldError::new(value, "must be one of 1d, 1M", "interval", location::QUERY))
}

/// `exchangeId`: the document lists `BINANCE` only.
pub(crate) fn exchange_id(value: &str, loc: &'static str) -> Option<FieldError> {
    (value != "BINANCE")
        .then(|| FieldError::new(value, "must be valid exchange id", "exchangeId", loc))
}

/// The ticker's `type`: `SPOT` or `FUTURES`.
pub(crate) fn ticker_type(value: &str) -> Option<FieldError> {
    (!matches!(value, "SPOT" | "FUTURES")).then(|| {
        FieldError::new(
            value,
            "must be one of SPOT, FUTURES",
            "type",
            location::QUERY,
        )
    })
}

/// A listing's `limit`, 1 to 1000.
pub(crate) fn limit(raw: &str) -> Option<FieldError> {
    let ok = raw
        .trim()
        .parse::<u32>()
        .is_ok_and(|l| (1..=1000).contains(&l));
    (!ok).then(|| {
        FieldError::new(
            raw,
            "must be an integer between 1 and 1000",
            "limit",
            location::QUERY,
        )
    })
}

/// A key's `name`: not blank, "length must be less than 25".
pub(crate) fn key_name(value: &str) -> Option<FieldError> {
    if value.trim().is_empty() {
        return Some(FieldError::new(
            value,
            "must not be empty",
            "name",
            location::BODY,
        ));
    }
    (value.chars().count() >= 25)
        .then(|| FieldError::new(value, "length must be less than 25", "name", location::BODY))
}

/// `leverage`, 1 to 125.
pub(crate) fn leverage(value: i64) -> Option<FieldError> {
    (!(1..=125).contains(&value)).then(|| {
        FieldError::new(
            value,
            "must be an integer between 1 and 125",
            "leverage",
            location::BODY,
        )
    })
}

/// Create Exchange Key: trade and strategy types, the AUTOMATED-needs-FUTURES rule, the name.
pub(crate) fn exchange_key(trade_type: &str, strategy_type: &str, name: &str) -> Vec<FieldError> {
    let b = location::BODY;
    let mut out = Vec::new();
    if !matches!(trade_type, "SPOT" | "FUTURES") {
        out.push(FieldError::new(
            trade_type,
            "must be one of SPOT, FUTURES",
            "tradeType",
            b,
        ));
    }
    if !matches!(strategy_type, "AUTOMATED" | "MANUAL") {
        out.push(FieldError::new(
            strategy_type,
            "must be one of AUTOMATED, MANUAL",
            "strategyType",
            b,
        ));
    }
    if strategy_type == "AUTOMATED" && trade_type == "SPOT" {
        out.push(FieldError::new(
            trade_type,
            "cannot be assigned to AUTOMATED strategy",
            "tradeType",
            b,
        ));
    }
    out.extend(key_name(name));
    out
}

/// Put User Profile: names of letters only ("must be alpha character"), an ISO 3166-1
/// alpha-2 country, language EN or AR, an IANA time zone.
pub(crate) fn profile(
    last_name: Option<&str>,
    first_name: Option<&str>,
    country: Option<&str>,
    language: Option<&str>,
    timezone: Option<&str>,
) -> Vec<FieldError> {
    let b = location::BODY;
    let mut out = Vec::new();
    for (param, value) in [("lastName", last_name), ("firstName", first_name)] {
        if let Some(v) = value
            && (v.is_empty() || !v.chars().all(char::is_alphabetic))
        {
            out.push(FieldError::new(v, "must be alpha character", param, b));
        }
    }
    // The document names the lists without listing them: the local venue keeps its own copy.
    if let Some(c) = country
        && !lists::is_country(c)
    {
        out.push(FieldError::new(c, "must be valid country", "country", b));
    }
    if let Some(l) = language
        && l != "EN"
        && l != "AR"
    {
        out.push(FieldError::new(
            l,
            "must be a valid language",
            "language",
            b,
        ));
    }
    if let Some(t) = timezone
        && !lists::is_timezone(t)
    {
        out.push(FieldError::new(
            t,
            "must be a valid timezone",
            "timezone",
            b,
        ));
    }
    out
}

/// The body of Create Manual Order, as read.
#[derive(Debug, Clone, Default)]
pub(crate) struct ManualOrder {
    pub symbol: Option<String>,
    pub order_type: Option<String>,
    pub side: Option<String>,
    pub price: Option<Decimal>,
    pub amount: Option<Decimal>,
    pub take_profit_prices: Option<Vec<Decimal>>,
    pub stop_trigger_price: Option<Decimal>,
    pub stop_trigger_type: Option<String>,
    pub stop_price: Option<Decimal>,
    pub callback_rate: Option<Decimal>,
    pub risk_profile_percent: Option<Decimal>,
}

fn positive(value: Option<Decimal>, param: &str, out: &mut Vec<FieldError>) {
    if let Some(d) = value
        && d <= Decimal::ZERO
    {
        out.push(FieldError::new(
            dec_value(&d),
            "must be a positive number",
            param,
            location::BODY,
        ));
    }
}

/// Create Manual Order's rules, as its parameter table states them: `price` required with
/// LIMIT and TRAILING_STOP; `callbackRate` 0.1 to 5, with TRAILING_STOP only; at most 25
/// `takeProfitPrices`, and neither they nor a stop with TRAILING_STOP; `stopPrice` required
/// when `stopTriggerType` is LIMIT. Messages as the document's 422 sample writes them (its
/// "traililng" included).
pub(crate) fn manual_order(o: &ManualOrder) -> Vec<FieldError> {
    let b = location::BODY;
    let mut out = Vec::new();
    match &o.symbol {
        None => out.push(required("symbol")),
        Some(s) => out.extend(symbol(s, b)),
    }
    let ty = o.order_type.as_deref();
    match ty {
        Some("LIMIT" | "MARKET" | "TRAILING_STOP") => {}
        Some(t) => out.push(FieldError::new(
            t,
            "must be one of LIMIT, MARKET, TRAILING_STOP",
            "type",
            b,
        )),
        None => out.push(required("type")),
    }
    match o.side.as_deref() {
        Some("BUY" | "SELL") => {}
        Some(s) => out.push(FieldError::new(s, "must be one of BUY, SELL", "side", b)),
        None => out.push(required("side")),
    }
    let trailing = ty == Some("TRAILING_STOP");
    const NOT_WITH_TRAILING: &str = "must not use with type traililng stop";
    if matches!(ty, Some("LIMIT" | "TRAILING_STOP")) && o.price.is_none() {
        out.push(FieldError::new(
            Value::Null,
            "must require price with type limit or trailing stop",
            "price",
            b,
        ));
    }
    positive(o.price, "price", &mut out);
    match o.amount {
        None => out.push(required("amount")),
        Some(a) => positive(Some(a), "amount", &mut out),
    }
    if let Some(tp) = &o.take_profit_prices {
        let value = Value::Array(tp.iter().map(dec_value).collect());
        let msg = if trailing {
            Some(NOT_WITH_TRAILING)
        } else if tp.len() > 25 {
            Some("must have at most 25 prices")
        } else if tp.iter().any(|p| *p <= Decimal::ZERO) {
            Some("must be positive numbers")
        } else {
            None
        };
        if let Some(msg) = msg {
            out.push(FieldError::new(value, msg, "takeProfitPrices", b));
        }
    }
    if let Some(p) = o.stop_trigger_price {
        if trailing {
            out.push(FieldError::new(
                dec_value(&p),
                NOT_WITH_TRAILING,
                "stopTriggerPrice",
                b,
            ));
        } else {
            positive(Some(p), "stopTriggerPrice", &mut out);
        }
    }
    match o.stop_trigger_type.as_deref() {
        None if o.stop_trigger_price.is_some() && !trailing => out.push(FieldError::new(
            Value::Null,
            "is required with stopTriggerPrice",
            "stopTriggerType",
            b,
        )),
        None => {}
        Some(t @ ("LIMIT" | "MARKET")) => {
            let msg = if trailing {
                Some(NOT_WITH_TRAILING)
            } else if o.stop_trigger_price.is_none() {
                Some("must require stopTriggerPrice")
            } else if t == "LIMIT" && o.stop_price.is_none() {
                Some("must require stopPrice with type limit")
            } else {
                None
            };
            if let Some(msg) = msg {
                out.push(FieldError::new(t, msg, "stopTriggerType", b));
            }
        }
        Some(t) => out.push(FieldError::new(
            t,
            "must be one of LIMIT, MARKET",
            "stopTriggerType",
            b,
        )),
    }
    positive(o.stop_price, "stopPrice", &mut out);
    match (o.callback_rate, trailing) {
        (None, true) => out.push(FieldError::new(
            Value::Null,
            "must require callbackRate with type trailing stop",
            "callbackRate",
            b,
        )),
        (Some(r), false) => out.push(FieldError::new(
            dec_value(&r),
            "must only use with type trailing stop",
            "callbackRate",
            b,
        )),
        (Some(r), true) if r < Decimal::new(1, 1) || r > Decimal::from(5) => {
            out.push(FieldError::new(
                dec_value(&r),
                "must be between 0.1 and 5",
                "callbackRate",
                b,
            ))
        }
        _ => {}
    }
    positive(o.risk_profile_percent, "riskProfilePercent", &mut out);
    out
}

/// The follow body's id formats: `strategyAutomatedId` and `strategyRiskProfileId` are UUIDs,
/// both required when creating. (That they exist and are active is checked against the
/// venue's lists.)
pub(crate) fn follow(
    strategy_automated_id: Option<&str>,
    strategy_risk_profile_id: Option<&str>,
    create: bool,
) -> Vec<FieldError> {
    let b = location::BODY;
    let mut out = Vec::new();
    for (param, value, msg) in [
        (
            "strategyAutomatedId",
            strategy_automated_id,
            "must be active strategy automated id",
        ),
        (
            "strategyRiskProfileId",
            strategy_risk_profile_id,
            "must be valid strategy risk profile id",
        ),
    ] {
        match value {
            Some(v) => out.extend(uuid(v, param, b, msg)),
            None if create => out.push(required(param)),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documents_422_samples() {
        // "stopTriggerPrice ... must not use with type traililng stop" and
        // "stopTriggerType ... must require stopPrice with type limit".
        let trailing = ManualOrder {
            symbol: Some("BTC/USDT".into()),
            order_type: Some("TRAILING_STOP".into()),
            side: Some("BUY".into()),
            price: Some(Decimal::from(19000)),
            amount: Some(Decimal::new(5, 2)),
            stop_trigger_price: Some(Decimal::from(20000)),
            callback_rate: Some(Decimal::ONE),
            ..Default::default()
        };
        let e = manual_order(&trailing);
        assert_eq!(e.len(), 1);
        assert_eq!(
            (e[0].param.as_str(), e[0].msg.as_str()),
            ("stopTriggerPrice", "must not use with type traililng stop")
        );
        assert_eq!(
            e[0].to_json().to_text(),
            r#"{"value":"20000","msg":"must not use with type traililng stop","param":"stopTriggerPrice","location":"body"}"#
        );
        let limit_stop = ManualOrder {
            symbol: Some("BTC/USDT".into()),
            order_type: Some("MARKET".into()),
            side: Some("BUY".into()),
            amount: Some(Decimal::new(5, 2)),
            stop_trigger_price: Some(Decimal::from(19000)),
            stop_trigger_type: Some("LIMIT".into()),
            ..Default::default()
        };
        let e = manual_order(&limit_stop);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].msg, "must require stopPrice with type limit");
        assert_eq!(
            path_uuid("invaliduuid").map(|e| e.msg).as_deref(),
            Some("must be UUID")
        );
        assert!(path_uuid("6645920d-08cb-44f0-b8b3-a14dd918a7b0").is_none());
        assert_eq!(
            key_name("this is example of very long text input")
                .map(|e| e.msg)
                .as_deref(),
            Some("length must be less than 25")
        );
        assert!(key_name("twenty-four characters!!").is_none());
        assert!(symbol("BTCUSDT", location::QUERY).is_some());
        assert!(symbol("btc/usdt", location::QUERY).is_some());
        assert!(symbol("BTC/USDT:USDT", location::QUERY).is_none());
        assert!(SYMBOLS.windows(2).all(|w| w[0] < w[1]));
        assert!(limit("1000").is_none() && limit("1001").is_some() && limit("x").is_some());
        assert!(leverage(125).is_none() && leverage(126).is_some() && leverage(0).is_some());
    }
}

//! Serde helpers for what venues send: exact decimals, timestamps in several units, `""` and
//! `null` for "nothing", and ids that come as numbers or strings.
//!
//! Use them with `#[serde(with = "...")]` or `#[serde(deserialize_with = "...")]`. The decimal
//! and timestamp helpers read the value's JSON text ([`serde_json::value::RawValue`]) so a
//! number is never rounded through `f64`: `0.1` decodes to exactly `0.1`, and the written scale
//! is kept (`1.50` stays `1.50`). That exactness holds when decoding from `serde_json` input
//! (bytes, text or readers), which is what venue answers are. Inside `#[serde(flatten)]` and
//! `#[serde(untagged)]` (and from a `serde_json::Value`) the helpers work too, but serde_json
//! has already read non-integer numbers as `f64` there: strings and integers stay exact, such
//! numbers keep their shortest round-trip text (`0.1` is still `0.1`, not its binary value).

use std::borrow::Cow;
use std::str::FromStr;

use chrono::{DateTime, TimeZone, Utc};
use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer};
use serde::ser::Serializer;
use serde_json::value::RawValue;

/// The name under which serde_json hands a value's raw JSON text to a visitor (as a one-entry
/// map), when asked for a newtype struct of this name: the mechanism behind
/// [`serde_json::value::RawValue`].
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// The text of a JSON scalar: a string's contents (unescaped), or a number's digits as written.
/// `None` for `null`. Objects, arrays and booleans are refused.
///
/// Straight from serde_json input the value's raw text is read, so numbers keep every digit.
/// Inside `#[serde(flatten)]` or `#[serde(untagged)]`, serde has already buffered the value and
/// serde_json has already turned a non-integer number into an `f64`; such numbers come back as
/// the shortest text that round-trips that `f64` (`0.1` stays `0.1`; digits beyond the 17th and
/// trailing zeros are lost). Strings and integers stay exact in both paths.
///
/// Venue crates build their own lenient types on it (enums sent as numbers or strings).
pub fn scalar_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match scalar(d)? {
        None => Ok(None),
        Some(Scalar::Text(text)) => Ok(Some(text)),
        Some(Scalar::Bool(b)) => Err(de::Error::custom(format!(
            "expected a number or a string, found `{b}`"
        ))),
    }
}

/// A JSON scalar as the helpers see it.
enum Scalar {
    /// A string's contents or a number's text.
    Text(String),
    /// A boolean.
    Bool(bool),
}

/// Reads a scalar: through serde_json's raw value when the input is serde_json's, from the
/// buffered value otherwise.
fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Scalar>, D::Error> {
    d.deserialize_newtype_struct(RAW_VALUE_TOKEN, ScalarVisitor)
}

/// Interprets a value's raw JSON text.
fn raw_scalar<E: de::Error>(text: &str) -> Result<Option<Scalar>, E> {
    let text = text.trim();
    match text {
        "null" => return Ok(None),
        "true" => return Ok(Some(Scalar::Bool(true))),
        "false" => return Ok(Some(Scalar::Bool(false))),
        _ => {}
    }
    if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        let owned = if inner.contains('\\') {
            serde_json::from_str::<String>(text).map_err(E::custom)?
        } else {
            inner.to_owned()
        };
        return Ok(Some(Scalar::Text(owned)));
    }
    if text.starts_with(['{', '[']) {
        return Err(E::custom(format!(
            "expected a number or a string, found `{}`",
            crate::error::excerpt(text.as_bytes())
        )));
    }
    Ok(Some(Scalar::Text(text.to_owned())))
}

/// Reads a scalar from serde_json's raw-value map, or from an already buffered value.
struct ScalarVisitor;

impl<'de> de::Visitor<'de> for ScalarVisitor {
    type Value = Option<Scalar>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a number or a string")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // serde_json's raw text: one entry, keyed by the token. Any other map is an object.
        let is_raw = map.next_key_seed(TokenKey)?.unwrap_or(false);
        if !is_raw {
            return Err(de::Error::custom(
                "expected a number or a string, found an object",
            ));
        }
        let text = map.next_value_seed(RawText)?;
        // Interpreted after the map is done, so a failure is reported at the field's path.
        raw_scalar(&text)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        // A buffered value (flatten, untagged): whatever it holds.
        d.deserialize_any(self)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Text(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Text(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Text(v.to_string())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Text(v.to_string())))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Text(v.to_string())))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Text(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if !v.is_finite() {
            return Err(E::custom("expected a finite number"));
        }
        // `Display` for f64 writes the shortest text that round-trips, without an exponent.
        Ok(Some(Scalar::Text(v.to_string())))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Bool(v)))
    }
}

/// Whether a map key is serde_json's raw-value token (compared without allocating).
struct TokenKey;

impl<'de> de::DeserializeSeed<'de> for TokenKey {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> de::Visitor<'de> for TokenKey {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a map key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        Ok(v == RAW_VALUE_TOKEN)
    }
}

/// The raw JSON text serde_json hands over, borrowed when it can be.
struct RawText;

impl<'de> de::DeserializeSeed<'de> for RawText {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> de::Visitor<'de> for RawText {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("raw JSON text")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Parses decimal text exactly: plain (`-12.3400`) or scientific (`1e-8`, `1.5E+3`).
/// Text with more than 28 significant digits is rounded to fit, never refused.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty text is not a decimal".into());
    }
    if t.contains(['e', 'E']) {
        return Decimal::from_scientific(t).map_err(|e| format!("invalid decimal `{t}`: {e}"));
    }
    let t = t.strip_prefix('+').unwrap_or(t);
    Decimal::from_str_exact(t)
        .or_else(|_| Decimal::from_str(t))
        .map_err(|e| format!("invalid decimal `{t}`: {e}"))
}

/// A [`Decimal`] from a JSON string or number, exactly; serialized as a JSON string.
pub mod decimal {
    use super::*;

    /// Deserializes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        match scalar_text(d)? {
            Some(text) => parse_decimal(&text).map_err(de::Error::custom),
            None => Err(de::Error::custom("expected a decimal, found null")),
        }
    }

    /// Serializes as a string (`"0.1"`), the form every venue accepts.
    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(value)
    }
}

/// An optional [`Decimal`]: `null`, `""` and a missing field are `None`.
pub mod decimal_opt {
    use super::*;

    /// Deserializes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        match scalar_text(d)? {
            Some(text) if text.trim().is_empty() => Ok(None),
            Some(text) => parse_decimal(&text).map(Some).map_err(de::Error::custom),
            None => Ok(None),
        }
    }

    /// Serializes as a string, or `null`.
    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.collect_str(v),
            None => s.serialize_none(),
        }
    }
}

/// A [`Decimal`] serialized as a JSON number (`0.1`, not `"0.1"`), for venues whose request
/// bodies take numbers; decoding accepts both.
pub mod decimal_number {
    use super::*;

    /// Deserializes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        super::decimal::deserialize(d)
    }

    /// Serializes as a JSON number with its exact digits.
    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        use serde::Serialize;
        let raw = RawValue::from_string(value.to_string()).map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

fn timestamp_from<E: de::Error>(text: &str, unit: Unit) -> Result<DateTime<Utc>, E> {
    let t = text.trim();
    if unit == Unit::Rfc3339 {
        return DateTime::parse_from_rfc3339(t)
            .map(|d| d.with_timezone(&Utc))
            .map_err(|e| E::custom(format!("invalid RFC 3339 time `{t}`: {e}")));
    }
    let value = parse_decimal(t).map_err(E::custom)?;
    let nanos_per_unit = match unit {
        Unit::Seconds => Decimal::from(1_000_000_000u64),
        Unit::Millis => Decimal::from(1_000_000u64),
        Unit::Rfc3339 => unreachable!("handled above"),
    };
    let nanos = value
        .checked_mul(nanos_per_unit)
        .map(|n| n.trunc())
        .and_then(|n| i64::try_from(n).ok())
        .ok_or_else(|| E::custom(format!("time `{t}` is out of range")))?;
    Ok(Utc.timestamp_nanos(nanos))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Seconds,
    Millis,
    Rfc3339,
}

macro_rules! timestamp_module {
    ($name:ident, $opt:ident, $unit:expr, $doc:literal, $ser:expr) => {
        #[doc = concat!("A time in ", $doc, ", as a number or a string, into `DateTime<Utc>`.")]
        pub mod $name {
            use super::*;

            /// Deserializes.
            pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
                match scalar_text(d)? {
                    Some(text) => timestamp_from(&text, $unit),
                    None => Err(de::Error::custom("expected a time, found null")),
                }
            }

            /// Serializes in the same unit.
            pub fn serialize<S: Serializer>(value: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
                let f: fn(&DateTime<Utc>, S) -> Result<S::Ok, S::Error> = $ser;
                f(value, s)
            }
        }

        #[doc = concat!("An optional time in ", $doc, ": `null`, `\"\"`, `0` and a missing field are `None`.")]
        pub mod $opt {
            use super::*;

            /// Deserializes.
            pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
                match scalar_text(d)? {
                    Some(text) if text.trim().is_empty() || text.trim() == "0" => Ok(None),
                    Some(text) => timestamp_from(&text, $unit).map(Some),
                    None => Ok(None),
                }
            }

            /// Serializes in the same unit, or `null`.
            pub fn serialize<S: Serializer>(value: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
                match value {
                    Some(v) => super::$name::serialize(v, s),
                    None => s.serialize_none(),
                }
            }
        }
    };
}

timestamp_module!(
    ts_seconds,
    ts_seconds_opt,
    Unit::Seconds,
    "UNIX seconds (fractions kept)",
    |v, s| s.serialize_i64(v.timestamp())
);
timestamp_module!(
    ts_millis,
    ts_millis_opt,
    Unit::Millis,
    "UNIX milliseconds",
    |v, s| s.serialize_i64(v.timestamp_millis())
);
timestamp_module!(
    ts_rfc3339,
    ts_rfc3339_opt,
    Unit::Rfc3339,
    "RFC 3339 text",
    |v, s| s.collect_str(&v.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
);

/// An optional string where the venue sends `""` for "nothing": `""`, `null` and a missing
/// field are `None`.
pub mod empty_as_none {
    use super::*;

    /// Deserializes.
    pub fn deserialize<'de, D: Deserializer<'de>, T>(d: D) -> Result<Option<T>, D::Error>
    where
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) if s.is_empty() => Ok(None),
            Some(s) => s.parse().map(Some).map_err(de::Error::custom),
        }
    }

    /// Serializes `None` as `""`.
    pub fn serialize<S: Serializer, T: std::fmt::Display>(
        value: &Option<T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.collect_str(v),
            None => s.serialize_str(""),
        }
    }
}

/// An id sent sometimes as a number and sometimes as a string, kept as its text.
pub mod string_or_number {
    use super::*;

    /// Deserializes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        match scalar_text(d)? {
            Some(text) => Ok(text),
            None => Err(de::Error::custom(
                "expected a string or a number, found null",
            )),
        }
    }

    /// Serializes as a string.
    pub fn serialize<S: Serializer>(value: &str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value)
    }
}

/// An optional id sent as a number or a string; `null` and `""` are `None`.
pub mod string_or_number_opt {
    use super::*;

    /// Deserializes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        match scalar_text(d)? {
            Some(text) if text.is_empty() => Ok(None),
            Some(text) => Ok(Some(text)),
            None => Ok(None),
        }
    }

    /// Serializes as a string, or `null`.
    pub fn serialize<S: Serializer>(value: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.serialize_str(v),
            None => s.serialize_none(),
        }
    }
}

/// An integer sent as a number or as a numeric string (`1` or `"1"`).
pub mod int_or_string {
    use super::*;

    /// Deserializes.
    pub fn deserialize<'de, D, T>(d: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        match scalar_text(d)? {
            Some(text) => text.trim().parse().map_err(de::Error::custom),
            None => Err(de::Error::custom("expected an integer, found null")),
        }
    }
}

/// An optional integer sent as a number or a numeric string; `null` and `""` are `None`.
pub mod int_or_string_opt {
    use super::*;

    /// Deserializes.
    pub fn deserialize<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        match scalar_text(d)? {
            Some(text) if text.trim().is_empty() => Ok(None),
            Some(text) => text.trim().parse().map(Some).map_err(de::Error::custom),
            None => Ok(None),
        }
    }
}

/// A boolean sent as `true`/`false`, `"true"`/`"false"`, or `1`/`0`.
pub mod bool_lenient {
    use super::*;

    /// Deserializes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        let text = match scalar(d)? {
            Some(Scalar::Bool(b)) => return Ok(b),
            Some(Scalar::Text(text)) => text,
            None => "null".to_owned(),
        };
        match text.trim() {
            "true" | "1" | "TRUE" | "True" => Ok(true),
            "false" | "0" | "FALSE" | "False" => Ok(false),
            other => Err(de::Error::custom(format!(
                "expected a boolean, found `{other}`"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Row {
        #[serde(with = "decimal")]
        price: Decimal,
        #[serde(default, with = "decimal_opt")]
        fee: Option<Decimal>,
        #[serde(with = "ts_millis")]
        at: DateTime<Utc>,
        #[serde(default, with = "ts_seconds_opt")]
        closed: Option<DateTime<Utc>>,
        #[serde(with = "string_or_number")]
        id: String,
    }

    #[test]
    fn decodes_through_the_path_tracking_decoder() {
        let body = br#"{"data":[{"price":0.1,"fee":"","at":"1700000000123","closed":1700000000.5,"id":42},
                                {"price":"1.50","fee":1e-8,"at":1700000000123,"closed":null,"id":"a-1"}]}"#;
        #[derive(Deserialize)]
        struct Env {
            data: Vec<Row>,
        }
        let env: Env = crate::decode_json(http::StatusCode::OK, body).unwrap();
        let [a, b] = &env.data[..] else {
            panic!("two rows")
        };
        assert_eq!(a.price.to_string(), "0.1");
        assert_eq!(a.fee, None);
        assert_eq!(a.at.timestamp_millis(), 1_700_000_000_123);
        assert_eq!(a.closed.unwrap().timestamp_millis(), 1_700_000_000_500);
        assert_eq!(a.id, "42");
        assert_eq!(b.price.to_string(), "1.50");
        assert_eq!(b.fee.unwrap().to_string(), "0.00000001");
        assert_eq!(b.closed, None);
        assert_eq!(b.id, "a-1");
    }

    #[test]
    fn a_bad_decimal_names_its_path() {
        let body = br#"{"data":[{"price":"abc","at":1,"id":1}]}"#;
        #[derive(Debug, Deserialize)]
        struct Env {
            #[allow(dead_code)]
            data: Vec<Row>,
        }
        let err = crate::decode_json::<Env>(http::StatusCode::OK, body).unwrap_err();
        let crate::Error::Decode(d) = err else {
            panic!("{err:?}")
        };
        assert_eq!(d.path, "data[0].price");
    }

    #[test]
    fn parses_plain_and_scientific_text() {
        assert_eq!(
            parse_decimal("1000114.540727").unwrap().to_string(),
            "1000114.540727"
        );
        assert_eq!(parse_decimal("1e-8").unwrap().to_string(), "0.00000001");
        assert_eq!(parse_decimal("+2").unwrap().to_string(), "2");
        assert!(parse_decimal("").is_err());
        assert!(parse_decimal("1.2.3").is_err());
    }
}

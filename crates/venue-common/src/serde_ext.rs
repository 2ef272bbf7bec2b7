//! Serde helpers for what venues send: exact decimals, timestamps in several units, `""` and
//! `null` for "nothing", and ids that come as numbers or strings.
//!
//! Use them with `#[serde(with = "...")]` or `#[serde(deserialize_with = "...")]`. The decimal
//! and timestamp helpers read the value's JSON text ([`serde_json::value::RawValue`]) so a
//! number is never rounded through `f64`: `0.1` decodes to exactly `0.1`, and the written scale
//! is kept (`1.50` stays `1.50`). They therefore decode from `serde_json` input (bytes, text or
//! readers), which is what venue answers are; not from an already-parsed `serde_json::Value`.

use std::borrow::Cow;
use std::str::FromStr;

use chrono::{DateTime, TimeZone, Utc};
use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer};
use serde::ser::Serializer;
use serde_json::value::RawValue;

/// The text of a JSON scalar: a string's contents (unescaped), or a number's digits as written.
/// `None` for `null`.
fn scalar_text<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<(Cow<'static, str>, bool)>, D::Error> {
    let raw: Box<RawValue> = Box::deserialize(d)?;
    let text = raw.get();
    if text == "null" {
        return Ok(None);
    }
    if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        let owned = if inner.contains('\\') {
            serde_json::from_str::<String>(text).map_err(de::Error::custom)?
        } else {
            inner.to_owned()
        };
        return Ok(Some((Cow::Owned(owned), true)));
    }
    if text.starts_with(['{', '[']) || text == "true" || text == "false" {
        return Err(de::Error::custom(format!(
            "expected a number or a string, found `{}`",
            crate::error::excerpt(text.as_bytes())
        )));
    }
    Ok(Some((Cow::Owned(text.to_owned()), false)))
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
            Some((text, _)) => parse_decimal(&text).map_err(de::Error::custom),
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
            Some((text, _)) if text.trim().is_empty() => Ok(None),
            Some((text, _)) => parse_decimal(&text).map(Some).map_err(de::Error::custom),
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
                    Some((text, _)) => timestamp_from(&text, $unit),
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
                    Some((text, _)) if text.trim().is_empty() || text.trim() == "0" => Ok(None),
                    Some((text, _)) => timestamp_from(&text, $unit).map(Some),
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
            Some((text, _)) => Ok(text.into_owned()),
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
            Some((text, _)) if text.is_empty() => Ok(None),
            Some((text, _)) => Ok(Some(text.into_owned())),
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
            Some((text, _)) => text.trim().parse().map_err(de::Error::custom),
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
            Some((text, _)) if text.trim().is_empty() => Ok(None),
            Some((text, _)) => text.trim().parse().map(Some).map_err(de::Error::custom),
            None => Ok(None),
        }
    }
}

/// A boolean sent as `true`/`false`, `"true"`/`"false"`, or `1`/`0`.
pub mod bool_lenient {
    use super::*;

    /// Deserializes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        let raw: Box<RawValue> = Box::deserialize(d)?;
        match raw.get().trim_matches('"') {
            "true" | "1" | "TRUE" | "True" => Ok(true),
            "false" | "0" | "FALSE" | "False" => Ok(false),
            other => Err(de::Error::custom(format!(
                "expected a boolean, found `{other}`"
            ))),
        }
    }
}

//! A tiny JSON tree whose numbers are exact decimals, so the local venue answers with the
//! same digits it keeps (no binary floats on the way out).

use rust_decimal::Decimal;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use venue_common::sim::json;

/// A JSON value with exact numbers.
#[derive(Debug, Clone)]
pub(crate) enum J {
    Null,
    Bool(bool),
    Int(i64),
    Num(Decimal),
    /// A number written as given (e.g. fractional UNIX seconds).
    Raw(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(&'static str, J)>),
}

impl Serialize for J {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            J::Null => s.serialize_unit(),
            J::Bool(b) => s.serialize_bool(*b),
            J::Int(i) => s.serialize_i64(*i),
            J::Num(d) => json::serialize_num(d, s),
            J::Raw(t) => json::serialize_raw_number(t, s),
            J::Str(t) => s.serialize_str(t),
            J::Arr(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
            J::Obj(fields) => {
                let mut map = s.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl J {
    /// The JSON text.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        // Serialising this tree cannot fail: every number is valid JSON text.
        serde_json::to_vec(self).unwrap_or_else(|_| b"null".to_vec())
    }
}

pub(crate) fn s(t: impl Into<String>) -> J {
    J::Str(t.into())
}

pub(crate) fn n(d: Decimal) -> J {
    J::Num(d)
}

pub(crate) fn i(v: impl Into<i64>) -> J {
    J::Int(v.into())
}

pub(crate) fn u(v: u64) -> J {
    J::Int(i64::try_from(v).unwrap_or(i64::MAX))
}

/// UNIX seconds with microseconds, as v1 writes times (`1483721079.51632`).
pub(crate) fn secs(ms: i64) -> J {
    J::Raw(format!(
        "{}.{:03}",
        ms.div_euclid(1000),
        ms.rem_euclid(1000)
    ))
}

/// A time as the live v1 ticker and trades write it today: a string of thousands of seconds
/// with microseconds (`"1710264.956584"` is 2024-03-12T17:35:56.584Z; ccxt's recorded answers,
/// `ts/src/test/static/response/btcalpha.json`).
pub(crate) fn kilosecs(ms: i64) -> J {
    J::Str(format!(
        "{}.{:06}",
        ms.div_euclid(1_000_000),
        ms.rem_euclid(1_000_000)
    ))
}

/// A decimal as a string, as the live v1 answers write numbers (`"69817.52"`).
pub(crate) fn ns(d: Decimal) -> J {
    J::Str(d.to_string())
}

/// RFC 3339 text, as v3 writes times; `""` for none.
pub(crate) fn rfc(ms: Option<i64>) -> J {
    match ms.and_then(chrono::DateTime::from_timestamp_millis) {
        Some(t) => J::Str(t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)),
        None => J::Str(String::new()),
    }
}

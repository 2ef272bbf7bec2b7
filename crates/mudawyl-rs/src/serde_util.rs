//! What `venue_common::serde_ext` lacks for Mudawyl's models: optional decimals, decimal lists
//! and maps written back as JSON numbers (the venue's form), and date-times that may lack an
//! offset (one documented sample has no `Z`). Single decimals and millisecond times use
//! `serde_ext::decimal_number` and `serde_ext::ts_millis_opt` directly.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use venue_common::serde_ext::{decimal_number, decimal_opt, label_str};

pub(crate) use venue_common::serde_ext::{decimal_number as dec, ts_millis_opt as ms_opt};

/// A decimal read exactly and written as a JSON number (the item of lists and maps).
struct Num(Decimal);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        decimal_number::deserialize(d).map(Num)
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        decimal_number::serialize(&self.0, s)
    }
}

/// `Option<Decimal>` as a JSON number or `null` (use with `#[serde(default)]`).
pub(crate) mod dec_opt {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        decimal_opt::deserialize(d)
    }

    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        v.map(Num).serialize(s)
    }
}

/// `Vec<Decimal>` as a JSON array of numbers; `null` is empty.
pub(crate) mod dec_vec {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Decimal>, D::Error> {
        let v: Option<Vec<Num>> = Option::deserialize(d)?;
        Ok(v.unwrap_or_default().into_iter().map(|n| n.0).collect())
    }

    pub fn serialize<S: Serializer>(v: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|d| Num(*d)))
    }
}

/// `BTreeMap<String, Decimal>` with number values; `null` is empty.
pub(crate) mod dec_map {
    use super::*;

    pub fn deserialize<'de, D>(d: D) -> Result<BTreeMap<String, Decimal>, D::Error>
    where
        D: Deserializer<'de>,
    {
        let v: Option<BTreeMap<String, Num>> = Option::deserialize(d)?;
        Ok(v.unwrap_or_default()
            .into_iter()
            .map(|(k, n)| (k, n.0))
            .collect())
    }

    pub fn serialize<S>(v: &BTreeMap<String, Decimal>, s: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
    {
        s.collect_map(v.iter().map(|(k, d)| (k, Num(*d))))
    }
}

/// Parses the venue's date-times: RFC 3339 (`2022-09-09T01:57:36.304Z`), or the same without
/// an offset (`2022-09-09T02:01:23.456`, as one documented sample has), read as UTC.
pub fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    if let Ok(d) = venue_common::rfc3339::parse(t) {
        return Ok(d);
    }
    NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f")
        .map(|n| n.and_utc())
        .map_err(|e| {
            // The text is the venue's: an answer of a mebibyte never makes an error of one.
            let shown = venue_common::error::bounded(t, 64);
            format!("invalid date-time `{shown}`: {e}")
        })
}

/// Writes a time the way the venue does: `2022-09-09T01:57:36.304Z`.
pub fn format_time(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// `DateTime<Utc>` as the venue's text.
pub(crate) mod ts {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        match label_str(d)? {
            Some(text) => parse_time(&text).map_err(de::Error::custom),
            None => Err(de::Error::custom("expected a date-time, found null")),
        }
    }

    pub fn serialize<S: Serializer>(v: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_time(v))
    }
}

/// `Option<DateTime<Utc>>`: `null`, `""` and a missing field are `None`.
pub(crate) mod ts_opt {
    use super::*;

    pub fn deserialize<'de, D>(d: D) -> Result<Option<DateTime<Utc>>, D::Error>
    where
        D: Deserializer<'de>,
    {
        // A binary format holds what `serialize` wrote: an option marker, then a string.
        let text = if d.is_human_readable() {
            label_str(d)?
        } else {
            Option::<String>::deserialize(d)?.map(Cow::Owned)
        };
        match text {
            Some(s) if !s.trim().is_empty() => parse_time(&s).map(Some).map_err(de::Error::custom),
            _ => Ok(None),
        }
    }

    pub fn serialize<S: Serializer>(v: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        v.as_ref().map(format_time).serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_with_and_without_offset() {
        let a = parse_time("2022-09-09T02:01:23.456Z").unwrap();
        let b = parse_time("2022-09-09T02:01:23.456").unwrap();
        assert_eq!(a, b);
        assert_eq!(format_time(&a), "2022-09-09T02:01:23.456Z");
        assert!(parse_time("yesterday").is_err());
        let long = "9".repeat(1 << 20);
        assert!(parse_time(&long).unwrap_err().len() < 300);
    }

    #[test]
    fn numbers_keep_their_digits() {
        let n: Num = serde_json::from_str("19669.28").unwrap();
        assert_eq!(n.0.to_string(), "19669.28");
        assert_eq!(serde_json::to_string(&n).unwrap(), "19669.28");
        let s: Num = serde_json::from_str("\"0.05\"").unwrap();
        assert_eq!(s.0.to_string(), "0.05");
    }
}

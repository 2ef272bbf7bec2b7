//! Serde helpers of the leniency rule: a field the document does not promise may be missing or
//! `null` without failing the whole answer.

/// A field whose absence or `null` reads as the type's default (`""`, `0`, an empty list), and
/// which is written as the plain value, so binary formats read back what they wrote.
pub(crate) mod null_default {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn deserialize<'de, D, T>(d: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de> + Default,
    {
        if d.is_human_readable() {
            Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
        } else {
            T::deserialize(d)
        }
    }

    pub(crate) fn serialize<S: Serializer, T: Serialize>(
        value: &T,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }
}

/// A v1 time as the live venue sends it: a number or a numeric string, in UNIX seconds
/// (`1483705817.735508`), milliseconds (`"1635451090368"`), or, in today's live ticker and
/// trades, thousands of seconds (`"1710264.956584"` is 2024-03-12T17:35:56.584Z; ccxt's
/// recorded answers, `ts/src/test/static/response/btcalpha.json`). The magnitude tells them
/// apart: below 10^8 thousands of seconds, below 10^11 seconds, else milliseconds (every
/// reading lands after 1973). Missing, `null` and `""` are `None`; written as UNIX seconds.
pub(crate) mod v1_time {
    use chrono::{DateTime, Utc};
    use rust_decimal::Decimal;
    use rust_decimal::prelude::ToPrimitive;
    use serde::{Deserializer, Serializer, de::Error as _};
    use venue_common::serde_ext::decimal_opt;

    pub(crate) fn from_number(n: Decimal) -> Option<DateTime<Utc>> {
        let seconds = if n < Decimal::from(100_000_000) {
            n.checked_mul(Decimal::from(1000))?
        } else if n < Decimal::from(100_000_000_000_i64) {
            n
        } else {
            n.checked_div(Decimal::from(1000))?
        };
        let whole = seconds.trunc();
        let nanos = ((seconds - whole) * Decimal::from(1_000_000_000)).trunc();
        DateTime::from_timestamp(whole.to_i64()?, nanos.to_u32()?)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        match decimal_opt::deserialize(d)? {
            None => Ok(None),
            Some(n) => from_number(n)
                .map(Some)
                .ok_or_else(|| D::Error::custom("a time out of range")),
        }
    }

    pub(crate) fn serialize<S: Serializer>(
        value: &Option<DateTime<Utc>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let seconds = value.map(|t| {
            Decimal::from(t.timestamp()) + Decimal::new(i64::from(t.timestamp_subsec_nanos()), 9)
        });
        decimal_opt::serialize(&seconds.map(|d| d.normalize()), s)
    }
}

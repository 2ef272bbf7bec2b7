//! Serde helpers this crate needs beyond `venue_common::serde_ext`: decimals written as JSON
//! numbers with their exact digits (IQFinex sends and takes numbers, never quoted decimals).

use rust_decimal::Decimal;
use serde::{Deserializer, Serializer};

/// A [`Decimal`] read from a number or a string, written as a JSON number.
pub(crate) mod number {
    use super::*;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        venue_common::serde_ext::decimal_number::deserialize(d)
    }

    pub(crate) fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        venue_common::serde_ext::decimal_number::serialize(value, s)
    }
}

/// An optional [`Decimal`] (`null`, `""` and a missing field are `None`), written as a JSON
/// number or `null`.
pub(crate) mod number_opt {
    use super::*;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Decimal>, D::Error> {
        venue_common::serde_ext::decimal_opt::deserialize(d)
    }

    pub(crate) fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => venue_common::serde_ext::decimal_number::serialize(v, s),
            None => s.serialize_none(),
        }
    }
}

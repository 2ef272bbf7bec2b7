//! A small JSON tree whose numbers are exact decimals, so a local venue answers with the
//! digits it keeps (never through a binary float) and with its keys in the document's order.

use std::fmt::Write as _;

use bytes::Bytes;
use http::StatusCode;
use rust_decimal::Decimal;

use super::Reply;
// Strings are escaped as request bodies are, which is as serde_json escapes them: a local
// venue's answer reads byte for byte like one a serde-built server writes.
use crate::api::write_json_string;

/// A JSON value with exact numbers and ordered keys.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i128),
    /// A decimal, written normalized (`1.50` as `1.5`, `0.000` as `0`).
    Num(Decimal),
    /// A number written exactly as given (`1483721079.516`); it must be valid JSON number text.
    RawNumber(String),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, keys in order.
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// An object from `(key, value)` pairs, in order.
    pub fn obj<K: Into<String>>(fields: impl IntoIterator<Item = (K, Json)>) -> Json {
        Json::Obj(fields.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// An array.
    pub fn arr(items: impl IntoIterator<Item = Json>) -> Json {
        Json::Arr(items.into_iter().collect())
    }

    /// A string.
    pub fn str(text: impl Into<String>) -> Json {
        Json::Str(text.into())
    }

    /// An exact decimal number.
    pub fn num(value: Decimal) -> Json {
        Json::Num(value)
    }

    /// An integer.
    pub fn int(value: impl Into<i128>) -> Json {
        Json::Int(value.into())
    }

    /// A decimal or `null`.
    pub fn opt_num(value: Option<Decimal>) -> Json {
        value.map_or(Json::Null, Json::Num)
    }

    /// Adds a field to an object (nothing for other values).
    pub fn with(mut self, key: impl Into<String>, value: Json) -> Json {
        if let Json::Obj(fields) = &mut self {
            fields.push((key.into(), value));
        }
        self
    }

    /// The JSON text, compact.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    /// A `200` or other answer with this JSON as its body.
    pub fn reply(&self, status: StatusCode) -> Reply {
        Reply::json_bytes(status, Bytes::from(self.to_text()))
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Json::Num(d) => {
                let _ = write!(out, "{}", d.normalize());
            }
            Json::RawNumber(text) => out.push_str(text),
            Json::Str(s) => write_json_string(s, out),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Obj(fields) => {
                out.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(k, out);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// Serializes `value` through serde as [`Json::Num`] writes it: a JSON number of its exact
/// digits, normalized (`1.50` as `1.5`), for local venues that build answers from serde records.
pub fn serialize_num<S: serde::Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    serialize_raw_number(&value.normalize().to_string(), s)
}

/// Serializes `text`, JSON number text, as that number, digit for digit (as
/// [`Json::RawNumber`]); text that is not a JSON value is a serialization error.
pub fn serialize_raw_number<S: serde::Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    use serde::Serialize as _;
    let raw = serde_json::value::RawValue::from_string(text.to_owned())
        .map_err(serde::ser::Error::custom)?;
    raw.serialize(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let text = "q\"b\\n\nc\u{8}f\u{c}u\u{1}é";
        assert_eq!(
            Json::str(text).to_text(),
            serde_json::to_string(text).unwrap()
        );
    }

    #[test]
    fn writes_exact_numbers_in_order() {
        let j = Json::obj([
            ("b", Json::num(Decimal::new(150, 2))),
            (
                "a",
                Json::arr([Json::int(-3), Json::Null, Json::Bool(true)]),
            ),
            ("z", Json::num(Decimal::new(0, 3))),
            ("s", Json::str("q\"\\\n\u{1}")),
            ("t", Json::RawNumber("1483721079.516".into())),
        ]);
        let text = j.to_text();
        assert_eq!(
            text,
            r#"{"b":1.5,"a":[-3,null,true],"z":0,"s":"q\"\\\n\u0001","t":1483721079.516}"#
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["s"], "q\"\\\n\u{1}");
        // 0.1 stays 0.1 on the wire.
        assert_eq!(Json::num(Decimal::new(1, 1)).to_text(), "0.1");
    }
}

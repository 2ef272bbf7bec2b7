//! Reading a JSON object body field by field, the way a venue does: each field's own text,
//! decimals exactly as written (a JSON number never passes through a binary float).

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde_json::value::RawValue;

/// The fields of a JSON object body.
#[derive(Debug, Default)]
pub struct Fields {
    map: HashMap<String, Box<RawValue>>,
}

impl Fields {
    /// Parses a JSON object (an empty or all-blank body is an empty object); `None` for
    /// anything else.
    pub fn parse(body: &[u8]) -> Option<Fields> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Some(Fields::default());
        }
        serde_json::from_slice::<HashMap<String, Box<RawValue>>>(body)
            .ok()
            .map(|map| Fields { map })
    }

    /// Whether the field is present (`null` included).
    pub fn has(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// The field's raw JSON text.
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.map.get(name).map(|r| r.get())
    }

    /// Whether the field is absent or `null`.
    pub fn is_null(&self, name: &str) -> bool {
        self.raw(name).is_none_or(|r| r.trim() == "null")
    }

    /// A JSON string's contents; `None` when absent or not a string.
    pub fn string(&self, name: &str) -> Option<String> {
        serde_json::from_str::<String>(self.raw(name)?).ok()
    }

    /// A JSON boolean; `None` when absent or not a boolean.
    pub fn boolean(&self, name: &str) -> Option<bool> {
        serde_json::from_str::<bool>(self.raw(name)?).ok()
    }

    /// A JSON array of raw values; `None` when absent or not an array.
    pub fn array(&self, name: &str) -> Option<Vec<Box<RawValue>>> {
        serde_json::from_str::<Vec<Box<RawValue>>>(self.raw(name)?).ok()
    }

    /// The text of a JSON number as written, or of a JSON string's contents; `None` for
    /// anything else.
    pub fn scalar_text(&self, name: &str) -> Option<String> {
        scalar_text(self.raw(name)?)
    }

    /// A decimal from a JSON number or a numeric string, exactly as written; `None` when
    /// absent, `null`, or not a decimal.
    pub fn decimal(&self, name: &str) -> Option<Decimal> {
        decimal(&self.scalar_text(name)?)
    }

    /// The field names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }
}

/// The text of a raw JSON number, or a JSON string's contents; `None` otherwise.
pub fn scalar_text(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.starts_with('"') {
        return serde_json::from_str::<String>(raw).ok();
    }
    if raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Some(raw.to_string());
    }
    None
}

/// A decimal from text (`"0.01"`, `12`, `1e-3`), exactly; `None` when it is not one or does
/// not fit.
pub fn decimal(text: &str) -> Option<Decimal> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    text.parse::<Decimal>()
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_exactly() {
        let f = Fields::parse(
            br#"{"a": 0.1, "b": "2.50", "c": null, "d": true, "e": [1, "x"], "f": 1e-3, "g": "x"}"#,
        )
        .unwrap();
        assert_eq!(f.decimal("a"), Some(Decimal::new(1, 1)));
        assert_eq!(f.decimal("b"), Some(Decimal::new(250, 2)));
        assert_eq!(f.decimal("c"), None);
        assert!(f.has("c") && f.is_null("c") && f.is_null("zz"));
        assert_eq!(f.boolean("d"), Some(true));
        assert_eq!(f.array("e").map(|a| a.len()), Some(2));
        assert_eq!(f.decimal("f"), Some(Decimal::new(1, 3)));
        assert_eq!(f.decimal("g"), None);
        assert_eq!(f.string("b").as_deref(), Some("2.50"));
        assert_eq!(f.string("a"), None);
        assert!(Fields::parse(b"[1]").is_none());
        assert!(Fields::parse(b"not json").is_none());
        assert!(Fields::parse(b"  ").is_some());
        assert_eq!(
            Fields::parse(br#"{"v": 79228162514264337593543950336}"#)
                .unwrap()
                .decimal("v"),
            None
        );
    }
}

//! Reading request bodies and queries the way the venue does: leniently typed, each type
//! error reported as a 422 entry, decimals read from their JSON text exactly.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde_json::Value;
use serde_json::value::RawValue;

use super::validate::{FieldError, location};

/// A JSON object body, field by field.
pub(crate) struct Body {
    fields: HashMap<String, Box<RawValue>>,
    pub errors: Vec<FieldError>,
}

fn raw_value(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap_or(Value::Null)
}

impl Body {
    /// Parses an object body; an empty body is an empty object. `None` when it is not a JSON
    /// object.
    pub fn parse(bytes: &[u8]) -> Option<Body> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Some(Body {
                fields: HashMap::new(),
                errors: Vec::new(),
            });
        }
        let fields: HashMap<String, Box<RawValue>> = serde_json::from_slice(bytes).ok()?;
        Some(Body {
            fields,
            errors: Vec::new(),
        })
    }

    fn raw(&self, name: &str) -> Option<&RawValue> {
        self.fields
            .get(name)
            .map(|b| &**b)
            .filter(|r| r.get() != "null")
    }

    fn fail(&mut self, name: &str, raw: &RawValue, msg: &str) {
        let value = raw_value(raw);
        self.errors
            .push(FieldError::new(value, msg, name, location::BODY));
    }

    /// A string field.
    pub fn str(&mut self, name: &str) -> Option<String> {
        let raw = self.raw(name)?.to_owned();
        match serde_json::from_str::<String>(raw.get()) {
            Ok(s) => Some(s),
            Err(_) => {
                self.fail(name, &raw, "must be a string");
                None
            }
        }
    }

    /// A boolean field.
    pub fn bool(&mut self, name: &str) -> Option<bool> {
        let raw = self.raw(name)?.to_owned();
        match serde_json::from_str::<bool>(raw.get()) {
            Ok(b) => Some(b),
            Err(_) => {
                self.fail(name, &raw, "must be boolean");
                None
            }
        }
    }

    /// A number field (a JSON number, or a string holding one), exactly.
    pub fn dec(&mut self, name: &str) -> Option<Decimal> {
        let raw = self.raw(name)?.to_owned();
        match decimal_of(&raw) {
            Some(d) => Some(d),
            None => {
                self.fail(name, &raw, "must be numeric");
                None
            }
        }
    }

    /// An integer field.
    pub fn int(&mut self, name: &str) -> Option<i64> {
        let raw = self.raw(name)?.to_owned();
        match decimal_of(&raw)
            .filter(|d| d.fract().is_zero())
            .and_then(|d| i64::try_from(d).ok())
        {
            Some(i) => Some(i),
            None => {
                self.fail(name, &raw, "must be an integer");
                None
            }
        }
    }

    /// An array of numbers.
    pub fn dec_list(&mut self, name: &str) -> Option<Vec<Decimal>> {
        let raw = self.raw(name)?.to_owned();
        let items: Option<Vec<Box<RawValue>>> = serde_json::from_str(raw.get()).ok();
        let parsed =
            items.and_then(|v| v.iter().map(|r| decimal_of(r)).collect::<Option<Vec<_>>>());
        if parsed.is_none() {
            self.fail(name, &raw, "must be an array of numbers");
        }
        parsed
    }
}

fn decimal_of(raw: &RawValue) -> Option<Decimal> {
    let text = raw.get();
    let inner = match serde_json::from_str::<String>(text) {
        Ok(s) => s,
        Err(_) if text.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) => {
            text.to_string()
        }
        Err(_) => return None,
    };
    venue_common::sim::fields::decimal(&inner)
}

//! Reading request bodies the way the venue does: leniently typed, each type error reported
//! as a 422 entry, decimals read from their JSON text exactly (venue-common's `Fields`).

use rust_decimal::Decimal;
use serde_json::Value;
use venue_common::sim::{Fields, fields};

use super::validate::{FieldError, location};

/// A JSON object body, field by field, with the type errors met so far.
pub(crate) struct Body {
    fields: Fields,
    pub errors: Vec<FieldError>,
}

impl Body {
    /// Parses an object body; an empty body is an empty object. `None` when it is not a JSON
    /// object.
    pub fn parse(bytes: &[u8]) -> Option<Body> {
        Fields::parse(bytes).map(|fields| Body {
            fields,
            errors: Vec::new(),
        })
    }

    /// A present, non-null field's raw text.
    fn raw(&self, name: &str) -> Option<String> {
        (!self.fields.is_null(name))
            .then(|| self.fields.raw(name).map(str::to_string))
            .flatten()
    }

    fn fail(&mut self, name: &str, raw: &str, msg: &str) {
        let value = serde_json::from_str(raw).unwrap_or(Value::Null);
        self.errors
            .push(FieldError::new(value, msg, name, location::BODY));
    }

    /// A string field.
    pub fn str(&mut self, name: &str) -> Option<String> {
        let raw = self.raw(name)?;
        let s = self.fields.string(name);
        if s.is_none() {
            self.fail(name, &raw, "must be a string");
        }
        s
    }

    /// A boolean field.
    pub fn bool(&mut self, name: &str) -> Option<bool> {
        let raw = self.raw(name)?;
        let b = self.fields.boolean(name);
        if b.is_none() {
            self.fail(name, &raw, "must be boolean");
        }
        b
    }

    /// A number field (a JSON number, or a string holding one), exactly.
    pub fn dec(&mut self, name: &str) -> Option<Decimal> {
        let raw = self.raw(name)?;
        let d = self.fields.decimal(name);
        if d.is_none() {
            self.fail(name, &raw, "must be numeric");
        }
        d
    }

    /// An integer field.
    pub fn int(&mut self, name: &str) -> Option<i64> {
        let raw = self.raw(name)?;
        let i = self
            .fields
            .decimal(name)
            .filter(|d| d.fract().is_zero())
            .and_then(|d| i64::try_from(d).ok());
        if i.is_none() {
            self.fail(name, &raw, "must be an integer");
        }
        i
    }

    /// An array of numbers.
    pub fn dec_list(&mut self, name: &str) -> Option<Vec<Decimal>> {
        let raw = self.raw(name)?;
        let parsed = self.fields.array(name).and_then(|items| {
            items
                .iter()
                .map(|r| fields::scalar_text(r.get()).and_then(|t| fields::decimal(&t)))
                .collect::<Option<Vec<_>>>()
        });
        if parsed.is_none() {
            self.fail(name, &raw, "must be an array of numbers");
        }
        parsed
    }
}

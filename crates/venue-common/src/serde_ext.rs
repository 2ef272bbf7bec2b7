//! Serde helpers for what venues send: exact decimals, timestamps in several units, `""` and
//! `null` for "nothing", and ids that come as numbers or strings.
//!
//! Use them with `#[serde(with = "...")]` or `#[serde(deserialize_with = "...")]`.
//!
//! # Exact decimals from JSON
//!
//! The decimal and timestamp helpers read the value's JSON text
//! ([`serde_json::value::RawValue`]) so a number is never rounded through `f64`: `0.1` decodes
//! to exactly `0.1`, and the written scale is kept (`1.50` stays `1.50`). That exactness holds
//! when decoding from `serde_json` input (bytes, text or readers), which is what venue answers
//! are. Inside `#[serde(flatten)]` and `#[serde(untagged)]` (and from a `serde_json::Value`)
//! the helpers work too, but serde_json has already read non-integer numbers as `f64` there:
//! strings and integers stay exact, such numbers keep their shortest round-trip text (`0.1` is
//! still `0.1`, not its binary value).
//!
//! Decimal text, a JSON number or a venue's quoted string alike, follows one grammar, JSON's
//! number grammar, and must fit a [`Decimal`] exactly: see [`parse_decimal_exact`].
//!
//! # Any serde format
//!
//! Models that use these helpers serialize with any serde format and read back what they wrote:
//!
//! - into serde_json text ([`serde_json::to_vec`], [`serde_json::to_string`], writers),
//!   [`decimal_number`] writes the decimal's exact number token (`0.10`), byte for byte what the
//!   venues' signatures are computed over;
//! - into a [`serde_json::Value`] ([`serde_json::to_value`]) it writes a number that holds the
//!   exact value when one can: always with serde_json's `arbitrary_precision` feature; without
//!   it, an integer or an `f64` whose shortest text is the decimal's value, and otherwise the
//!   decimal as a string, so that no digit is ever rounded away;
//! - into every other format it writes a plain string (`"0.10"`), never a serde_json private
//!   type.
//!
//! Timestamps in seconds or milliseconds are written as integers, RFC 3339 times and
//! [`decimal`] as strings, in every format.
//!
//! Reading, a human-readable format (JSON, TOML, YAML, a `serde_json::Value`) hands over
//! whatever it holds: strings, integers, and floats (read through their shortest text, which is
//! what the float's writer meant, not its binary value). A binary format
//! ([`Deserializer::is_human_readable`] is `false`: CBOR, MessagePack, bincode, postcard) is
//! asked for the form the helper writes (a string for decimals and ids, an `i64` for
//! seconds and milliseconds), because formats such as bincode or postcard cannot say what they
//! hold. Self-describing binary formats that treat that request loosely hand over numbers too.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, TimeZone, Utc};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer};
use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;

/// The name under which serde_json hands a value's raw JSON text to a visitor (as a one-entry
/// map), when asked for a newtype struct of this name: the mechanism behind
/// [`serde_json::value::RawValue`].
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

// ---------------------------------------------------------------------------------------------
// The decimal grammar
// ---------------------------------------------------------------------------------------------

/// The most bytes of refused text a [`DecimalError`] quotes.
const QUOTE_LIMIT: usize = 64;

/// The largest mantissa a [`Decimal`] holds: 2^96 - 1.
const MAX_MANTISSA: u128 = (1 << 96) - 1;

/// Why a text is not a [`Decimal`] (see [`parse_decimal_exact`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecimalError {
    kind: DecimalErrorKind,
    /// The refused text, cut to [`QUOTE_LIMIT`] bytes: it comes from the network.
    quoted: String,
}

/// What is wrong with a decimal's text.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecimalErrorKind {
    /// The text is empty.
    Empty,
    /// The text is not a JSON number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
    Syntax,
    /// The value has non-zero digits beyond the 28th decimal place, the finest a [`Decimal`]
    /// holds. It is refused rather than rounded.
    TooPrecise,
    /// The value needs a mantissa beyond 96 bits at every scale that holds it: too many
    /// significant digits, or larger than [`Decimal::MAX`]. It is refused rather than rounded.
    OutOfRange,
}

impl DecimalError {
    fn new(kind: DecimalErrorKind, text: &str) -> Self {
        DecimalError {
            kind,
            quoted: crate::error::bounded_str(text, QUOTE_LIMIT),
        }
    }

    /// What is wrong.
    pub fn kind(&self) -> DecimalErrorKind {
        self.kind
    }
}

impl fmt::Display for DecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = &self.quoted;
        match self.kind {
            DecimalErrorKind::Empty => f.write_str("empty text is not a decimal"),
            DecimalErrorKind::Syntax => write!(
                f,
                "invalid decimal `{q}`: expected a JSON number (an optional `-`, digits without \
                 leading zeros, an optional fraction and exponent)"
            ),
            DecimalErrorKind::TooPrecise => write!(
                f,
                "decimal `{q}` has digits beyond the 28th decimal place; refused, not rounded"
            ),
            DecimalErrorKind::OutOfRange => write!(
                f,
                "decimal `{q}` does not fit a decimal's 96-bit mantissa (about 28 significant \
                 digits, at most {}); refused, not rounded",
                Decimal::MAX
            ),
        }
    }
}

impl std::error::Error for DecimalError {}

/// Parses decimal text exactly, by one grammar: JSON's number grammar,
/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
///
/// The same grammar applies to JSON numbers and to the strings venues quote decimals in, and it
/// is deliberately no wider: a leading `+`, leading zeros (`007`), a bare `.5` or `5.`,
/// surrounding whitespace, `_` separators, `NaN` and `inf` are refused, since a venue that
/// sends them sends something other than what its documents promise, and guessing could read a
/// wrong amount.
///
/// The value must fit a [`Decimal`] exactly; nothing is ever rounded:
///
/// - the exponent is applied exactly (`1.5e3` is `1500`, `1e-8` is `0.00000001`), and the
///   written scale is kept (`1.50` has scale 2, `1.50e1` is `15.0`);
/// - trailing zeros beyond what a [`Decimal`] holds are dropped, which changes only the scale
///   (`1.` followed by 30 zeros is `1` with scale 28);
/// - a value with a non-zero digit beyond the 28th decimal place
///   ([`DecimalErrorKind::TooPrecise`]) or a mantissa above 96 bits at every scale
///   ([`DecimalErrorKind::OutOfRange`]) is refused.
///
/// `-0` is zero. Runs in time linear in the text's length, whatever its exponent.
///
/// ```
/// use venue_common::serde_ext::{parse_decimal_exact, DecimalErrorKind};
///
/// assert_eq!(parse_decimal_exact("1.5e3").unwrap().to_string(), "1500");
/// assert_eq!(parse_decimal_exact("-12.3400").unwrap().to_string(), "-12.3400");
/// assert_eq!(parse_decimal_exact("+1").unwrap_err().kind(), DecimalErrorKind::Syntax);
/// assert_eq!(
///     parse_decimal_exact("0.00000000000000000000000000001").unwrap_err().kind(),
///     DecimalErrorKind::TooPrecise
/// );
/// ```
pub fn parse_decimal_exact(text: &str) -> Result<Decimal, DecimalError> {
    if let Some(value) = plain_decimal(text.as_bytes()) {
        return Ok(value);
    }
    let number = match JsonNumber::parse(text.as_bytes()) {
        Some(number) => number,
        None if text.is_empty() => return Err(DecimalError::new(DecimalErrorKind::Empty, text)),
        None => return Err(DecimalError::new(DecimalErrorKind::Syntax, text)),
    };
    number
        .to_decimal()
        .map_err(|kind| DecimalError::new(kind, text))
}

/// The common case of [`parse_decimal_exact`] in one pass: `-?(0|[1-9][0-9]*)(\.[0-9]+)?` with
/// at most 19 digits in all, which always fits a `u64` mantissa at the written scale. `None`
/// for anything else, which the general route then reads (or refuses).
fn plain_decimal(b: &[u8]) -> Option<Decimal> {
    let (negative, digits) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    // A leading zero must stand alone before the point (`0.5`, not `05`).
    if digits.first() == Some(&b'0') && digits.get(1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut count = 0usize;
    let mut point = None;
    for (i, &c) in digits.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                // Nineteen digits always fit a u64; a twentieth might not.
                if count == 19 {
                    return None;
                }
                mantissa = mantissa * 10 + u64::from(c - b'0');
                count += 1;
            }
            b'.' if point.is_none() && i > 0 => point = Some(i),
            _ => return None,
        }
    }
    let scale = match point {
        // A point needs a digit after it (`1.` is not JSON).
        Some(i) if i + 1 == digits.len() => return None,
        Some(i) => (digits.len() - i - 1) as u32,
        None if count == 0 => return None,
        None => 0,
    };
    // `-0` is zero, as on the general route.
    let negative = negative && mantissa != 0;
    Some(Decimal::from_parts(
        mantissa as u32,
        (mantissa >> 32) as u32,
        0,
        negative,
        scale,
    ))
}

/// Parses decimal text exactly: [`parse_decimal_exact`], with the error as text.
///
/// Kept with its original signature for the venue crates that call it.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    parse_decimal_exact(text).map_err(|e| e.to_string())
}

/// A JSON number split into its parts, borrowed from the text.
struct JsonNumber<'a> {
    negative: bool,
    /// The integer part's digits (no leading zero unless it is `0`).
    int: &'a [u8],
    /// The fraction's digits (possibly empty).
    frac: &'a [u8],
    /// The exponent, saturated to `i64` (a larger one only ever means zero or out of range).
    exp: i64,
}

impl<'a> JsonNumber<'a> {
    /// Splits `b` by JSON's number grammar, or `None` when it does not follow it.
    fn parse(b: &'a [u8]) -> Option<Self> {
        let digits_from = |mut i: usize| {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            i
        };
        let negative = b.first() == Some(&b'-');
        let start = usize::from(negative);
        let int_end = match b.get(start)? {
            b'0' => start + 1,
            b'1'..=b'9' => digits_from(start + 1),
            _ => return None,
        };
        let int = &b[start..int_end];
        let mut i = int_end;
        let mut frac: &[u8] = &[];
        if b.get(i) == Some(&b'.') {
            let end = digits_from(i + 1);
            if end == i + 1 {
                return None;
            }
            frac = &b[i + 1..end];
            i = end;
        }
        let mut exp: i64 = 0;
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            let exp_negative = match b.get(i) {
                Some(b'-') => {
                    i += 1;
                    true
                }
                Some(b'+') => {
                    i += 1;
                    false
                }
                _ => false,
            };
            let end = digits_from(i);
            if end == i {
                return None;
            }
            for d in &b[i..end] {
                exp = exp.saturating_mul(10).saturating_add(i64::from(d - b'0'));
            }
            if exp_negative {
                exp = -exp;
            }
            i = end;
        }
        (i == b.len()).then_some(JsonNumber {
            negative,
            int,
            frac,
            exp,
        })
    }

    /// The exact [`Decimal`], keeping the written scale where it fits.
    fn to_decimal(&self) -> Result<Decimal, DecimalErrorKind> {
        // The value is D × 10^k, with D the digits of int and frac together.
        let digits = || self.int.iter().chain(self.frac.iter()).copied();
        let len = self.int.len() + self.frac.len();
        // i128: a saturated i64 exponent minus a usize length cannot overflow it.
        let k = i128::from(self.exp) - self.frac.len() as i128;
        // The scale as written (`1.50` → 2, `1.5e3` → 0).
        let written_scale = (-k).max(0);
        let leading = digits().take_while(|&d| d == b'0').count();
        if leading == len {
            // Zero: any scale holds it exactly; keep the written one as far as it goes.
            let scale = written_scale.min(i128::from(Decimal::MAX_SCALE)) as u32;
            return Ok(Decimal::from_parts(0, 0, 0, false, scale));
        }
        let trailing = digits().rev().take_while(|&d| d == b'0').count();
        // Now value = S × 10^e with S the significant digits (no leading or trailing zero).
        let significant = len - leading - trailing;
        let e = k + trailing as i128;
        let min_scale = (-e).max(0);
        if min_scale > i128::from(Decimal::MAX_SCALE) {
            return Err(DecimalErrorKind::TooPrecise);
        }
        // The mantissa at the smallest scale has `significant + max(e, 0)` digits; 2^96 has 29.
        if significant as i128 + e.max(0) > 29 {
            return Err(DecimalErrorKind::OutOfRange);
        }
        let mut mantissa: u128 = 0;
        for d in digits().skip(leading).take(significant) {
            mantissa = mantissa * 10 + u128::from(d - b'0');
        }
        // At most 29 digits in all, so no overflow of u128 (39 digits).
        mantissa *= 10u128.pow(e.max(0) as u32);
        if mantissa > MAX_MANTISSA {
            return Err(DecimalErrorKind::OutOfRange);
        }
        // Put back as many of the written trailing zeros as fit: the largest scale up to the
        // written one (and 28) whose mantissa stays within 96 bits.
        let mut scale = min_scale as u32;
        let top = written_scale.min(i128::from(Decimal::MAX_SCALE)) as u32;
        while scale < top {
            match mantissa.checked_mul(10) {
                Some(m) if m <= MAX_MANTISSA => {
                    mantissa = m;
                    scale += 1;
                }
                _ => break,
            }
        }
        Ok(Decimal::from_parts(
            mantissa as u32,
            (mantissa >> 32) as u32,
            (mantissa >> 64) as u32,
            self.negative,
            scale,
        ))
    }
}

/// Whether `text` is a JSON number token, by the grammar of [`parse_decimal_exact`].
fn is_json_number(text: &str) -> bool {
    JsonNumber::parse(text.as_bytes()).is_some()
}

/// `text` as an `i64` when it is a JSON integer (`-?(0|[1-9][0-9]*)`) in range: the fast path
/// of integer timestamps, without decimal arithmetic.
fn json_integer(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let plain = match digits.as_bytes() {
        [b'0'] => true,
        [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    // `i64::from_str` alone would accept `+1` and `007`, which the grammar refuses.
    if plain { text.parse().ok() } else { None }
}

// ---------------------------------------------------------------------------------------------
// Reading scalars
// ---------------------------------------------------------------------------------------------

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
/// [`scalar_str`] does the same without copying the text when the input allows.
pub fn scalar_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    scalar_str(d).map(|text| text.map(Cow::into_owned))
}

/// [`scalar_text`], borrowing the text from the input where it can (a string without escapes
/// or a number, decoded from a byte slice or a `&str`), so that reading it allocates nothing.
///
/// In a binary format (see the [module docs](self)) it asks for a string.
pub fn scalar_str<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    match read(d, Form::Str)? {
        None => Ok(None),
        Some(scalar) => scalar.into_text().map(Some),
    }
}

/// [`scalar_str`] for values that are strings or integers, never fractions: labels and codes
/// (the venues' enums), times as text. They come back as their text, borrowed where the input
/// allows, without the second pass over the value that reading a number's digits costs. A
/// non-integer number, which none of these is, comes back as the shortest text of the `f64`
/// serde_json read.
pub fn label_str<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    match read(d, Form::Text)? {
        None => Ok(None),
        Some(scalar) => scalar.into_text().map(Some),
    }
}

/// A JSON scalar as the helpers see it.
enum Scalar<'de> {
    /// A string's contents or a number's text, borrowed from the input when it can be.
    Text(Cow<'de, str>),
    /// An integer handed over as such (by a non-JSON format, or read where a number's digits
    /// are not needed: see [`Form::exact_number_text`]).
    Int(i128),
    /// A non-integer number a format had already read as a float.
    Float(f64),
    /// A boolean.
    Bool(bool),
}

impl<'de> Scalar<'de> {
    /// The text of a string or number; a boolean is refused.
    fn into_text<E: de::Error>(self) -> Result<Cow<'de, str>, E> {
        match self {
            Scalar::Text(text) => Ok(text),
            Scalar::Int(i) => Ok(Cow::Owned(i.to_string())),
            // `Display` for f64 writes the shortest text that round-trips, without an exponent.
            Scalar::Float(f) => Ok(Cow::Owned(f.to_string())),
            Scalar::Bool(b) => Err(E::custom(format!(
                "expected a number or a string, found `{b}`"
            ))),
        }
    }

    /// The text of a string or an integer, for helpers that read integers: a non-integer
    /// number is refused as such rather than cut to an integer.
    fn into_integer_text<E: de::Error>(self) -> Result<Cow<'de, str>, E> {
        match self {
            Scalar::Float(f) => Err(E::custom(format!("expected an integer, found `{f}`"))),
            other => other.into_text(),
        }
    }

    /// The exact decimal this scalar holds.
    fn into_decimal<E: de::Error>(self) -> Result<Decimal, E> {
        match self {
            Scalar::Text(text) => parse_decimal_exact(&text).map_err(E::custom),
            Scalar::Float(f) => parse_decimal_exact(&f.to_string()).map_err(E::custom),
            Scalar::Int(i) => Decimal::try_from_i128_with_scale(i, 0)
                .map_err(|_| E::custom(format!("integer {i} is out of a decimal's range"))),
            Scalar::Bool(b) => Err(E::custom(format!("expected a decimal, found `{b}`"))),
        }
    }

    /// Whether this is "nothing" where a venue uses `""` so (blank text).
    fn is_blank(&self) -> bool {
        let Scalar::Text(text) = self else {
            return false;
        };
        // Numbers and most strings start with a visible ASCII character: no Unicode trim.
        match text.as_bytes().first() {
            None => true,
            Some(c) if c.is_ascii() && !c.is_ascii_whitespace() => false,
            Some(_) => text.trim().is_empty(),
        }
    }
}

/// The form a helper writes, and so asks a binary format for.
#[derive(Clone, Copy)]
enum Form {
    /// A string whose numbers are read by their digits (decimals, ids).
    Str,
    /// A string or an integer, never a non-integer number (RFC 3339 times, integer ids).
    Text,
    /// An `i64` (seconds and milliseconds, whose fractions are read by their digits).
    I64,
    /// A boolean.
    Bool,
}

impl Form {
    /// Whether a JSON number must be read by its raw text, digit for digit.
    ///
    /// Reading the raw text costs serde_json a second pass over the value (and its UTF-8 check);
    /// helpers for which a non-integer number is an error anyway take the value as serde_json
    /// reads it, which gives integers exactly and strings borrowed.
    fn exact_number_text(self) -> bool {
        matches!(self, Form::Str | Form::I64)
    }
}

/// Reads a scalar (or `null`): its raw text from serde_json, whatever a human-readable format
/// holds, the helper's own form from a binary format.
fn read<'de, D: Deserializer<'de>>(d: D, form: Form) -> Result<Option<Scalar<'de>>, D::Error> {
    if d.is_human_readable() {
        if !form.exact_number_text() {
            return d.deserialize_any(ScalarVisitor);
        }
        // serde_json answers this name with the raw text; every other format hands the value
        // itself to `visit_newtype_struct`.
        return d.deserialize_newtype_struct(RAW_VALUE_TOKEN, ScalarVisitor);
    }
    // bincode and postcard cannot say what they hold: ask for what the helper writes.
    match form {
        Form::Str | Form::Text => d.deserialize_str(ScalarVisitor),
        Form::I64 => d.deserialize_i64(ScalarVisitor),
        Form::Bool => d.deserialize_bool(ScalarVisitor),
    }
}

/// Reads an optional scalar: as [`read`] in a human-readable format (which says `null`), through
/// `deserialize_option` in a binary one (which marks `Some` as the `_opt` serializers write it).
fn read_opt<'de, D: Deserializer<'de>>(d: D, form: Form) -> Result<Option<Scalar<'de>>, D::Error> {
    if d.is_human_readable() {
        read(d, form)
    } else {
        d.deserialize_option(OptionVisitor(form))
    }
}

/// Interprets a value's raw JSON text.
fn raw_scalar<'de, E: de::Error>(text: Cow<'de, str>) -> Result<Option<Scalar<'de>>, E> {
    // serde_json's raw text starts and ends at the value; the trim is for other producers
    // (JSON's whitespace is ASCII only).
    let bytes = text.as_bytes();
    let start = bytes.len() - bytes.trim_ascii_start().len();
    let end = bytes.trim_ascii_end().len().max(start);
    let trimmed = &bytes[start..end];
    match trimmed {
        b"null" => return Ok(None),
        b"true" => return Ok(Some(Scalar::Bool(true))),
        b"false" => return Ok(Some(Scalar::Bool(false))),
        [b'"', inner @ .., b'"'] => {
            if inner.contains(&b'\\') {
                let owned = serde_json::from_slice::<String>(trimmed).map_err(E::custom)?;
                return Ok(Some(Scalar::Text(Cow::Owned(owned))));
            }
            // The quotes are ASCII, so the range lies on character boundaries.
            return Ok(Some(Scalar::Text(slice_cow(text, start + 1..end - 1))));
        }
        [b'{' | b'[', ..] => {
            return Err(E::custom(format!(
                "expected a number or a string, found `{}`",
                crate::error::excerpt(trimmed)
            )));
        }
        _ => {}
    }
    Ok(Some(Scalar::Text(slice_cow(text, start..end))))
}

/// A range of a `Cow`, still borrowed when the `Cow` was.
fn slice_cow(text: Cow<'_, str>, range: std::ops::Range<usize>) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(&s[range]),
        Cow::Owned(s) if range.start == 0 && range.end == s.len() => Cow::Owned(s),
        Cow::Owned(s) => Cow::Owned(s[range].to_owned()),
    }
}

/// Reads a scalar from serde_json's raw-value map, or from any other format's value.
struct ScalarVisitor;

impl<'de> de::Visitor<'de> for ScalarVisitor {
    type Value = Option<Scalar<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
        raw_scalar(text)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        // A buffered value (flatten, untagged) or another format: whatever it holds.
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

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Text(Cow::Borrowed(v))))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Text(Cow::Owned(v.to_owned()))))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Text(Cow::Owned(v))))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Int(i128::from(v))))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Int(i128::from(v))))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        Ok(Some(match i128::try_from(v) {
            Ok(i) => Scalar::Int(i),
            Err(_) => Scalar::Text(Cow::Owned(v.to_string())),
        }))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Int(v)))
    }

    fn visit_f32<E: de::Error>(self, v: f32) -> Result<Self::Value, E> {
        // The f32's own shortest text: widening to f64 first would invent digits
        // (0.1f32 is 0.100000001490116… as an f64).
        if !v.is_finite() {
            return Err(E::custom("expected a finite number"));
        }
        Ok(Some(Scalar::Text(Cow::Owned(v.to_string()))))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if !v.is_finite() {
            return Err(E::custom("expected a finite number"));
        }
        Ok(Some(Scalar::Float(v)))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Bool(v)))
    }
}

/// Reads `Option<scalar>` from a binary format's option marker.
struct OptionVisitor(Form);

impl<'de> de::Visitor<'de> for OptionVisitor {
    type Value = Option<Scalar<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an optional number or string")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        read(d, self.0)
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

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
        d.deserialize_str(StrVisitor)
    }
}

/// A string, borrowed from the input when it can be.
struct StrVisitor;

impl<'de> de::Visitor<'de> for StrVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
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

/// An optional string, borrowed from the input when it can be.
struct OptionStrVisitor;

impl<'de> de::Visitor<'de> for OptionStrVisitor {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(StrVisitor).map(Some)
    }
}

// ---------------------------------------------------------------------------------------------
// Writing in any format
// ---------------------------------------------------------------------------------------------

/// Which serializer a helper writes to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    /// serde_json writing text (`to_vec`, `to_string`, `to_writer`, pretty or compact).
    JsonText,
    /// serde_json building a [`serde_json::Value`] (`to_value`).
    JsonValue,
    /// Any other format.
    Other,
}

/// Tells serde_json's serializers apart from every other format's.
///
/// serde offers no way to ask a `Serializer` what it is, and `TypeId` needs `'static` types,
/// which a `&mut serde_json::Serializer<W, F>` is not. `std::any::type_name` works for any
/// type. It is compared on the serializer's associated `Ok` and `Error` types rather than on
/// the serializer itself: those are concrete, non-generic types (`()` or `Value`, and
/// `serde_json::Error`), so the comparison is of two names the same compiler printed for the
/// same type, whatever writer, formatter or wrapper (`serde_path_to_error`) is involved, and
/// whatever form `type_name` takes in a future compiler. Its one weakness is that names are not
/// unique: another serializer whose error type is named `serde_json::error::Error` and whose
/// output is `()` would be taken for serde_json's text serializer and be handed serde_json's
/// raw-value struct, which is what every serializer got before this check existed.
fn target<S: Serializer>() -> Target {
    use std::any::type_name;
    if type_name::<S::Error>() != type_name::<serde_json::Error>() {
        return Target::Other;
    }
    let ok = type_name::<S::Ok>();
    if ok == type_name::<()>() {
        Target::JsonText
    } else if ok == type_name::<serde_json::Value>() {
        Target::JsonValue
    } else {
        Target::Other
    }
}

/// Whether serde_json keeps a number's text in a `Value` (its `arbitrary_precision` feature,
/// which any crate of the build may turn on): asked once, of serde_json itself.
fn value_keeps_number_text() -> bool {
    static KEEPS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *KEEPS.get_or_init(|| {
        // Compared as text: `Value == &str` would compare against a JSON string instead.
        serde_json::from_str::<serde_json::Value>("0.10")
            .and_then(|v| serde_json::to_string(&v))
            .is_ok_and(|text| text == "0.10")
    })
}

/// Writes `text`, a JSON number token, as a number where the serializer keeps it exactly, and as
/// a string elsewhere (see the [module docs](self)).
fn write_number<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    match target::<S>() {
        Target::JsonText => raw_number(text, s),
        Target::JsonValue if value_keeps_number_text() => raw_number(text, s),
        Target::JsonValue => value_number(text, s),
        Target::Other => s.serialize_str(text),
    }
}

/// Writes the token through serde_json's public raw value: serde_json copies it verbatim.
fn raw_number<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    let raw = RawValue::from_string(text.to_owned()).map_err(serde::ser::Error::custom)?;
    raw.serialize(s)
}

/// Writes a number into a `Value` that stores numbers as `i64`, `u64` or `f64`: as one of those
/// when it holds the value exactly, as a string when none does (a money amount is never rounded
/// to fit).
fn value_number<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    if let Ok(i) = text.parse::<i64>() {
        return s.serialize_i64(i);
    }
    if let Ok(u) = text.parse::<u64>() {
        return s.serialize_u64(u);
    }
    // Not arithmetic on money: a check that the f64 serde_json would store writes back as
    // exactly this value (its shortest text parses to the same decimal).
    if let (Ok(wanted), Ok(f)) = (parse_decimal_exact(text), text.parse::<f64>())
        && f.is_finite()
        && parse_decimal_exact(&f.to_string()).is_ok_and(|back| back == wanted)
    {
        return s.serialize_f64(f);
    }
    s.serialize_str(text)
}

/// Writes a value's `Display` text as a string, in every format.
struct AsStr<'a, T: ?Sized>(&'a T);

impl<T: fmt::Display + ?Sized> Serialize for AsStr<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self.0)
    }
}

/// Writes a value's `Display` text as a JSON number when it is one (see [`write_number`]), and
/// as a string otherwise.
struct AsNumber<'a, T: ?Sized>(&'a T);

impl<T: fmt::Display + ?Sized> Serialize for AsNumber<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = self.0.to_string();
        if is_json_number(&text) {
            write_number(&text, s)
        } else {
            s.serialize_str(&text)
        }
    }
}

/// Writes a time as a helper of its unit does.
struct AsTime<'a>(&'a DateTime<Utc>, Unit);

impl Serialize for AsTime<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.1 {
            Unit::Seconds => s.serialize_i64(self.0.timestamp()),
            Unit::Millis => s.serialize_i64(self.0.timestamp_millis()),
            Unit::Rfc3339 => {
                s.collect_str(&self.0.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The helpers
// ---------------------------------------------------------------------------------------------

/// A [`Decimal`] from a JSON string or number, exactly; serialized as a string (`"0.1"`).
pub mod decimal {
    use super::*;

    /// Deserializes (see [`parse_decimal_exact`] for the grammar).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        match read(d, Form::Str)? {
            Some(scalar) => scalar.into_decimal(),
            None => Err(de::Error::custom("expected a decimal, found null")),
        }
    }

    /// Serializes as a string (`"0.1"`), the form every venue accepts, in every format.
    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(value)
    }
}

/// An optional [`Decimal`]: `null`, `""` and a missing field are `None`.
pub mod decimal_opt {
    use super::*;

    /// Deserializes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        match read_opt(d, Form::Str)? {
            Some(scalar) if scalar.is_blank() => Ok(None),
            Some(scalar) => scalar.into_decimal().map(Some),
            None => Ok(None),
        }
    }

    /// Serializes as a string, or `null`.
    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.serialize_some(&AsStr(v)),
            None => s.serialize_none(),
        }
    }
}

/// A [`Decimal`] serialized as a JSON number (`0.1`, not `"0.1"`), for venues whose request
/// bodies take numbers; decoding accepts both.
///
/// The number is the decimal's exact text into serde_json; a plain string in other formats
/// (see the [module docs](super) for `serde_json::Value`).
pub mod decimal_number {
    use super::*;

    /// Deserializes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        super::decimal::deserialize(d)
    }

    /// Serializes as a JSON number with its exact digits (a string in non-JSON formats).
    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        // A decimal's text is always a JSON number token (`-12.3400`, no exponent).
        write_number(crate::decimal_text::DecimalText::exact(value).as_str(), s)
    }
}

/// An optional [`Decimal`] serialized as a JSON number or `null`; `null`, `""` and a missing
/// field are `None`.
pub mod decimal_number_opt {
    use super::*;

    /// Deserializes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        super::decimal_opt::deserialize(d)
    }

    /// Serializes as a JSON number with its exact digits, or `null`.
    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.serialize_some(&AsNumber(v)),
            None => s.serialize_none(),
        }
    }
}

/// A time from its text or integer in `unit`.
fn timestamp_from<'de, E: de::Error>(scalar: Scalar<'de>, unit: Unit) -> Result<DateTime<Utc>, E> {
    let out_of_range =
        |shown: &dyn fmt::Display| E::custom(format!("time `{shown}` is out of range"));
    let text = match scalar {
        Scalar::Bool(b) => return Err(E::custom(format!("expected a time, found `{b}`"))),
        Scalar::Int(i) if unit != Unit::Rfc3339 => {
            return i64::try_from(i)
                .ok()
                .and_then(|i| from_integer(i, unit))
                .ok_or_else(|| out_of_range(&i));
        }
        other => other.into_text::<E>()?,
    };
    if unit == Unit::Rfc3339 {
        return crate::rfc3339::parse(&text).map_err(|e| {
            let shown = crate::error::bounded_str(&text, QUOTE_LIMIT);
            E::custom(format!("invalid RFC 3339 time `{shown}`: {e}"))
        });
    }
    // Integers, the usual case, without decimal arithmetic.
    if let Some(i) = json_integer(&text) {
        return from_integer(i, unit).ok_or_else(|| out_of_range(&i));
    }
    let value = parse_decimal_exact(&text).map_err(E::custom)?;
    let nanos_per_unit = match unit {
        Unit::Seconds => Decimal::from(1_000_000_000u64),
        _ => Decimal::from(1_000_000u64),
    };
    let nanos = value
        .checked_mul(nanos_per_unit)
        .map(|n| n.trunc())
        .and_then(|n| i64::try_from(n).ok())
        .ok_or_else(|| out_of_range(&crate::error::bounded_str(&text, QUOTE_LIMIT)))?;
    Ok(Utc.timestamp_nanos(nanos))
}

/// A whole number of seconds or milliseconds as a time, when chrono can represent it.
fn from_integer(i: i64, unit: Unit) -> Option<DateTime<Utc>> {
    match unit {
        Unit::Seconds => DateTime::from_timestamp(i, 0),
        Unit::Millis => DateTime::from_timestamp_millis(i),
        Unit::Rfc3339 => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Seconds,
    Millis,
    Rfc3339,
}

impl Unit {
    /// The form a time of this unit is written in.
    fn form(self) -> Form {
        match self {
            Unit::Seconds | Unit::Millis => Form::I64,
            Unit::Rfc3339 => Form::Text,
        }
    }
}

macro_rules! timestamp_module {
    ($name:ident, $opt:ident, $unit:expr, $doc:literal, $written:literal) => {
        #[doc = concat!("A time in ", $doc, ", as a number or a string, into `DateTime<Utc>`; written as ", $written, ".")]
        pub mod $name {
            use super::*;

            /// Deserializes.
            pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
                match read(d, $unit.form())? {
                    Some(scalar) => timestamp_from(scalar, $unit),
                    None => Err(de::Error::custom("expected a time, found null")),
                }
            }

            /// Serializes in the same unit.
            pub fn serialize<S: Serializer>(value: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
                AsTime(value, $unit).serialize(s)
            }
        }

        #[doc = concat!("An optional time in ", $doc, ": `null`, `\"\"`, `0` and a missing field are `None`.")]
        pub mod $opt {
            use super::*;

            /// Deserializes.
            pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
                match read_opt(d, $unit.form())? {
                    Some(scalar) if scalar.is_blank() => Ok(None),
                    Some(Scalar::Int(0)) => Ok(None),
                    Some(Scalar::Text(text)) if text.trim() == "0" => Ok(None),
                    Some(scalar) => timestamp_from(scalar, $unit).map(Some),
                    None => Ok(None),
                }
            }

            /// Serializes in the same unit, or `null`.
            pub fn serialize<S: Serializer>(value: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
                match value {
                    Some(v) => s.serialize_some(&AsTime(v, $unit)),
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
    "an integer of whole seconds"
);
timestamp_module!(
    ts_millis,
    ts_millis_opt,
    Unit::Millis,
    "UNIX milliseconds",
    "an integer of milliseconds"
);
timestamp_module!(
    ts_rfc3339,
    ts_rfc3339_opt,
    Unit::Rfc3339,
    "RFC 3339 text",
    "RFC 3339 text"
);

/// An optional string where the venue sends `""` for "nothing": `""`, `null` and a missing
/// field are `None`.
pub mod empty_as_none {
    use super::*;

    /// Deserializes.
    pub fn deserialize<'de, D: Deserializer<'de>, T>(d: D) -> Result<Option<T>, D::Error>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        // `None` is written as `""`, never as an option marker, so a binary format holds a
        // plain string.
        let text = if d.is_human_readable() {
            d.deserialize_option(OptionStrVisitor)?
        } else {
            Some(d.deserialize_str(StrVisitor)?)
        };
        match text {
            None => Ok(None),
            Some(s) if s.is_empty() => Ok(None),
            Some(s) => s.parse().map(Some).map_err(de::Error::custom),
        }
    }

    /// Serializes `None` as `""`.
    pub fn serialize<S: Serializer, T: fmt::Display>(
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
        match scalar_str(d)? {
            Some(text) => Ok(text.into_owned()),
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
        match read_opt(d, Form::Str)? {
            None => Ok(None),
            Some(scalar) => match scalar.into_text::<D::Error>()? {
                text if text.is_empty() => Ok(None),
                text => Ok(Some(text.into_owned())),
            },
        }
    }

    /// Serializes as a string, or `null`.
    pub fn serialize<S: Serializer>(value: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.serialize_some(v.as_str()),
            None => s.serialize_none(),
        }
    }
}

/// Parses an integer's text.
fn parse_int<T, E>(text: &str) -> Result<T, E>
where
    T: FromStr,
    T::Err: fmt::Display,
    E: de::Error,
{
    text.trim().parse().map_err(|e| {
        let shown = crate::error::bounded_str(text, QUOTE_LIMIT);
        E::custom(format!("invalid integer `{shown}`: {e}"))
    })
}

/// An integer sent as a number or as a numeric string (`1` or `"1"`).
pub mod int_or_string {
    use super::*;

    /// Deserializes.
    pub fn deserialize<'de, D, T>(d: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: FromStr,
        T::Err: fmt::Display,
    {
        match read(d, Form::Text)? {
            Some(scalar) => parse_int(&scalar.into_integer_text::<D::Error>()?),
            None => Err(de::Error::custom("expected an integer, found null")),
        }
    }

    /// Serializes as a JSON number (a string in non-JSON formats, and for text that is not a
    /// number).
    pub fn serialize<S: Serializer, T: fmt::Display>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        AsNumber(value).serialize(s)
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
        T::Err: fmt::Display,
    {
        match read_opt(d, Form::Text)? {
            None => Ok(None),
            Some(scalar) if scalar.is_blank() => Ok(None),
            Some(scalar) => parse_int(&scalar.into_integer_text::<D::Error>()?).map(Some),
        }
    }

    /// Serializes as a JSON number (as [`int_or_string`]), or `null`.
    pub fn serialize<S: Serializer, T: fmt::Display>(
        value: &Option<T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.serialize_some(&AsNumber(v)),
            None => s.serialize_none(),
        }
    }
}

/// A boolean sent as `true`/`false`, `"true"`/`"false"`, or `1`/`0`.
pub mod bool_lenient {
    use super::*;

    /// Deserializes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        let text = match read(d, Form::Bool)? {
            Some(Scalar::Bool(b)) => return Ok(b),
            Some(Scalar::Int(1)) => return Ok(true),
            Some(Scalar::Int(0)) => return Ok(false),
            Some(Scalar::Float(f)) => {
                return Err(de::Error::custom(format!(
                    "expected a boolean, found `{f}`"
                )));
            }
            Some(other) => other.into_text::<D::Error>()?,
            None => Cow::Borrowed("null"),
        };
        match text.trim() {
            "true" | "1" | "TRUE" | "True" => Ok(true),
            "false" | "0" | "FALSE" | "False" => Ok(false),
            other => Err(de::Error::custom(format!(
                "expected a boolean, found `{}`",
                crate::error::bounded_str(other, QUOTE_LIMIT)
            ))),
        }
    }

    /// Serializes as a boolean.
    pub fn serialize<S: Serializer>(value: &bool, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(*value)
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
        assert!(parse_decimal("+2").is_err());
        assert!(parse_decimal("").is_err());
        assert!(parse_decimal("1.2.3").is_err());
    }

    #[test]
    fn borrowed_text_is_not_copied() {
        // From a byte slice, a string without escapes and a number are borrowed.
        let mut de = serde_json::Deserializer::from_slice(br#""12.5""#);
        assert!(matches!(
            scalar_str(&mut de).unwrap(),
            Some(Cow::Borrowed("12.5"))
        ));
        let mut de = serde_json::Deserializer::from_slice(b"12.5");
        assert!(matches!(
            scalar_str(&mut de).unwrap(),
            Some(Cow::Borrowed("12.5"))
        ));
        let mut de = serde_json::Deserializer::from_slice(br#""a\"b""#);
        assert_eq!(scalar_str(&mut de).unwrap().as_deref(), Some("a\"b"));
    }

    #[test]
    fn json_integers_follow_the_grammar() {
        assert_eq!(json_integer("0"), Some(0));
        assert_eq!(json_integer("-17"), Some(-17));
        assert_eq!(json_integer("1700000000123"), Some(1_700_000_000_123));
        for bad in [
            "",
            "-",
            "+1",
            "01",
            "1.0",
            "1e3",
            "-0x1",
            "99999999999999999999",
        ] {
            assert_eq!(json_integer(bad), None, "{bad}");
        }
    }

    /// The general route, without the one-pass fast path.
    fn general(text: &str) -> Option<Decimal> {
        JsonNumber::parse(text.as_bytes())?.to_decimal().ok()
    }

    fn same_decimal(a: Option<Decimal>, b: Option<Decimal>) -> bool {
        // Equal value, scale and sign of zero: `Decimal`'s `==` alone ignores the scale.
        a.map(|d| d.serialize()) == b.map(|d| d.serialize())
    }

    #[test]
    fn the_plain_route_reads_what_the_general_route_reads() {
        for text in [
            "0",
            "-0",
            "0.0",
            "-0.000",
            "1.50",
            "20450.05",
            "9999999999999999999",
            "-999999999.9999999999",
            "0.0000000000000000001",
            "05",
            "1.",
            ".5",
            "-",
            "",
            "1.2.3",
            "-.5",
            "00.1",
            "1e3",
        ] {
            if let Some(fast) = plain_decimal(text.as_bytes()) {
                assert!(same_decimal(Some(fast), general(text)), "{text}");
            }
            assert!(
                same_decimal(parse_decimal_exact(text).ok(), general(text)),
                "{text}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn the_plain_route_agrees_on_any_short_text(text in "-?[0-9.]{0,24}") {
            proptest::prop_assert!(
                same_decimal(parse_decimal_exact(&text).ok(), general(&text)),
                "{}", text
            );
        }
    }
}

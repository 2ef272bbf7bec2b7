//! One strict grammar for decimal text (JSON's number grammar), exact or refused: checked
//! against a reference written here from integer arithmetic on the digit string, and against
//! the grammar as a regular expression.

use proptest::prelude::*;
use regex::Regex;
use serde::Deserialize;
use venue_common::serde_ext::{self, DecimalErrorKind, parse_decimal_exact};
use venue_common::{Decimal, StatusCode, decode_json};

/// JSON's number grammar (RFC 8259, section 6), anchored.
fn json_number() -> Regex {
    Regex::new(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$").unwrap()
}

/// 2^96 - 1, the largest mantissa of a `Decimal`.
const MAX_MANTISSA: u128 = 79_228_162_514_264_337_593_543_950_335;

/// What the reference says a valid number's text is: the (mantissa, scale) a `Decimal` holds
/// it exactly with, keeping as much of the written scale as fits, or the reason it cannot.
///
/// Built only from the digit string and `u128` arithmetic, not from the code under test:
/// the value is D × 10^k (D: all digits, k: exponent minus fraction length); a scale s works
/// when D × 10^(k+s) is an integer of at most 96 bits; the written scale is max(0, -k).
fn reference(
    negative: bool,
    int: &str,
    frac: &str,
    exp: i64,
) -> Result<(i128, u32), DecimalErrorKind> {
    let digits = format!("{int}{frac}");
    let k = exp - frac.len() as i64;
    let written = (-k).max(0);
    if digits.bytes().all(|d| d == b'0') {
        return Ok((0, written.min(28) as u32));
    }
    let mantissa_at = |s: i64| -> Option<u128> {
        let shift = k + s;
        let kept = if shift >= 0 {
            digits.clone()
        } else {
            // Dividing by 10^-shift must leave no remainder: those digits must be zeros.
            let cut = (-shift) as usize;
            if cut > digits.len() || !digits[digits.len() - cut..].bytes().all(|d| d == b'0') {
                return None;
            }
            digits[..digits.len() - cut].to_string()
        };
        let mut m: u128 = 0;
        for d in kept.bytes() {
            m = m.checked_mul(10)?.checked_add(u128::from(d - b'0'))?;
        }
        if shift > 0 {
            m = m.checked_mul(10u128.checked_pow(shift as u32)?)?;
        }
        (m <= MAX_MANTISSA).then_some(m)
    };
    for s in (0..=written.min(28)).rev() {
        if let Some(m) = mantissa_at(s) {
            let m = m as i128;
            return Ok((if negative { -m } else { m }, s as u32));
        }
    }
    // Refused: too precise when even the value's own last digit lies beyond place 28.
    let trailing = digits.bytes().rev().take_while(|&d| d == b'0').count() as i64;
    if -(k + trailing) > 28 {
        Err(DecimalErrorKind::TooPrecise)
    } else {
        Err(DecimalErrorKind::OutOfRange)
    }
}

#[test]
fn text_outside_the_json_grammar_is_refused() {
    for text in [
        "+-1", "-+1", "+1", "1_000", "01", "-01", "00", ".5", "5.", "-.5", " 1", "1 ", "1\n",
        "NaN", "nan", "inf", "-inf", "Infinity", "-", "e5", "1e", "1e+", "1e-", "1.e5", "1..2",
        "1.2.3", "0x10", "--1", "1,5", "١", "1e5.5", "1E+-5", "",
    ] {
        let e = parse_decimal_exact(text).unwrap_err();
        let expected = if text.is_empty() {
            DecimalErrorKind::Empty
        } else {
            DecimalErrorKind::Syntax
        };
        assert_eq!(e.kind(), expected, "{text:?}: {e}");
        assert!(serde_ext::parse_decimal(text).is_err(), "{text:?}");
    }
}

#[test]
fn values_that_do_not_fit_are_refused_never_rounded() {
    use DecimalErrorKind::{OutOfRange, TooPrecise};
    for (text, kind) in [
        // Silently 0 before: 31 decimal places.
        ("0.0000000000000000000000000000001", TooPrecise),
        ("1e-29", TooPrecise),
        ("1.5e-28", TooPrecise),
        ("1e-999999999999999999999999", TooPrecise),
        ("79228162514264337593543950336", OutOfRange),
        ("-79228162514264337593543950336", OutOfRange),
        ("1e29", OutOfRange),
        ("1e999999999999999999999999", OutOfRange),
        // 30 significant digits: fits neither as an integer nor at any scale.
        ("123456789012345678901234567.891", OutOfRange),
    ] {
        let e = parse_decimal_exact(text).unwrap_err();
        assert_eq!(e.kind(), kind, "{text}: {e}");
        assert!(e.to_string().contains("not rounded"), "{e}");
    }
    // Through a JSON answer too, as a number and as a string.
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct P {
        #[serde(with = "serde_ext::decimal")]
        v: Decimal,
    }
    for body in [
        r#"{"v":0.0000000000000000000000000000001}"#,
        r#"{"v":"0.0000000000000000000000000000001"}"#,
        r#"{"v":"+7"}"#,
        r#"{"v":"1_000"}"#,
        r#"{"v":"+-1"}"#,
    ] {
        let e = decode_json::<P>(StatusCode::OK, body.as_bytes()).unwrap_err();
        assert!(e.to_string().contains("at `v`"), "{body}: {e}");
    }
}

#[test]
fn exact_values_at_the_edges() {
    for (text, shown) in [
        ("1.5e3", "1500"),
        ("1.5E+3", "1500"),
        ("1e-8", "0.00000001"),
        ("1e-28", "0.0000000000000000000000000001"),
        ("1.50", "1.50"),
        ("1.50e1", "15.0"),
        ("-0", "0"),
        ("-0.00", "0.00"),
        ("0e-999999999999", "0.0000000000000000000000000000"),
        ("0e999999999999", "0"),
        (
            "79228162514264337593543950335",
            "79228162514264337593543950335",
        ),
        (
            "-79228162514264337593543950335",
            "-79228162514264337593543950335",
        ),
        (
            "7.9228162514264337593543950335",
            "7.9228162514264337593543950335",
        ),
        // Trailing zeros past what fits only lower the scale: the value is exact.
        (
            "1.000000000000000000000000000000",
            "1.0000000000000000000000000000",
        ),
        ("100e-30", "0.0000000000000000000000000001"),
        (
            "79228162514264337593543950335.000",
            "79228162514264337593543950335",
        ),
        (
            "0.00000000000000000000000000010",
            "0.0000000000000000000000000001",
        ),
    ] {
        let d = parse_decimal_exact(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(d.to_string(), shown, "{text}");
    }
}

#[test]
fn a_mebibyte_of_digits_is_refused_quickly_and_briefly() {
    let text = format!("0.{}1", "0".repeat(1 << 20));
    let started = std::time::Instant::now();
    let e = parse_decimal_exact(&text).unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    assert_eq!(e.kind(), DecimalErrorKind::TooPrecise);
    assert!(
        e.to_string().len() < 400,
        "the error quotes a bounded excerpt"
    );
    let text = "9".repeat(1 << 20);
    assert_eq!(
        parse_decimal_exact(&text).unwrap_err().kind(),
        DecimalErrorKind::OutOfRange
    );
}

/// The parts of a text the grammar accepts: sign, integer digits, fraction digits, exponent
/// (with its spelling: `e` or `E`, and `+`, `-` or no sign).
fn valid_parts() -> impl Strategy<Value = (bool, String, String, Option<(i64, &'static str)>)> {
    let int = prop_oneof![
        Just("0".to_string()),
        proptest::string::string_regex("[1-9][0-9]{0,30}").unwrap(),
    ];
    let frac = prop_oneof![
        Just(String::new()),
        proptest::string::string_regex("[0-9]{1,34}").unwrap(),
    ];
    let exp = proptest::option::of((
        -45i64..=45,
        prop_oneof![Just("e"), Just("E"), Just("e+"), Just("E+")],
    ));
    (any::<bool>(), int, frac, exp)
}

fn spell(negative: bool, int: &str, frac: &str, exp: Option<(i64, &str)>) -> String {
    let mut text = String::new();
    if negative {
        text.push('-');
    }
    text.push_str(int);
    if !frac.is_empty() {
        text.push('.');
        text.push_str(frac);
    }
    if let Some((e, mark)) = exp {
        if e < 0 {
            // A negative exponent is spelled with its own `-`.
            text.push_str(&mark[..1]);
        } else {
            text.push_str(mark);
        }
        text.push_str(&e.to_string());
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4_000))]

    /// Every text of the grammar parses to exactly the reference's mantissa and scale, or is
    /// refused for the reference's reason.
    #[test]
    fn valid_text_matches_the_integer_reference((negative, int, frac, exp) in valid_parts()) {
        let text = spell(negative, &int, &frac, exp);
        prop_assert!(json_number().is_match(&text), "{}", text);
        let expected = reference(negative, &int, &frac, exp.map_or(0, |(e, _)| e));
        match (parse_decimal_exact(&text), expected) {
            (Ok(d), Ok((mantissa, scale))) => {
                prop_assert_eq!(d.mantissa(), mantissa, "{}", text);
                prop_assert_eq!(d.scale(), scale, "{}", text);
            }
            (Err(e), Err(kind)) => prop_assert_eq!(e.kind(), kind, "{}", text),
            (got, want) => prop_assert!(false, "{}: got {:?}, want {:?}", text, got, want),
        }
    }

    /// The same text inside a JSON answer, as a number and as a string, reads the same.
    #[test]
    fn json_numbers_and_strings_read_like_the_text((negative, int, frac, exp) in valid_parts()) {
        #[derive(Deserialize)]
        struct P {
            #[serde(with = "serde_ext::decimal")]
            v: Decimal,
        }
        let text = spell(negative, &int, &frac, exp);
        let direct = parse_decimal_exact(&text).ok().map(|d| (d.mantissa(), d.scale()));
        for body in [format!(r#"{{"v":{text}}}"#), format!(r#"{{"v":"{text}"}}"#)] {
            let got = decode_json::<P>(StatusCode::OK, body.as_bytes())
                .ok()
                .map(|p| (p.v.mantissa(), p.v.scale()));
            prop_assert_eq!(got, direct, "{}", body);
        }
    }

    /// Whatever text the grammar refuses, the parser refuses as a syntax error; whatever it
    /// accepts, the parser reads or refuses only for range.
    #[test]
    fn the_parser_accepts_exactly_the_grammar(
        text in proptest::string::string_regex(r"[-+.eE0-9 _a]{0,14}").unwrap(),
    ) {
        let result = parse_decimal_exact(&text);
        if json_number().is_match(&text) {
            if let Err(e) = &result {
                prop_assert!(
                    matches!(e.kind(), DecimalErrorKind::TooPrecise | DecimalErrorKind::OutOfRange),
                    "{:?}: {}", text, e
                );
            }
        } else {
            prop_assert!(result.is_err(), "{:?} is outside the grammar but read as {:?}", text, result);
        }
    }

    /// A valid text with one character inserted anywhere is accepted exactly when the grammar
    /// still accepts it.
    #[test]
    fn one_character_more_is_judged_by_the_grammar(
        (negative, int, frac, exp) in valid_parts(),
        at in any::<proptest::sample::Index>(),
        extra in proptest::sample::select(vec!['+', '-', '.', 'e', 'E', '0', '5', ' ', '_', 'x']),
    ) {
        let mut text = spell(negative, &int, &frac, exp);
        let at = at.index(text.len() + 1);
        text.insert(at, extra);
        let syntax_error = matches!(
            parse_decimal_exact(&text),
            Err(ref e) if matches!(e.kind(), DecimalErrorKind::Syntax | DecimalErrorKind::Empty)
        );
        prop_assert_eq!(syntax_error, !json_number().is_match(&text), "{:?}", text);
    }
}

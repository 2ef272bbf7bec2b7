//! [`dec!`](crate::dec): exact decimal literals, checked at compile time, for users who depend on
//! a venue crate alone.
//!
//! `rust_decimal_macros::dec!` expands to paths of `rust_decimal`, so it only compiles where
//! `rust_decimal` is a direct dependency; a README example that uses it fails for a user who
//! added just the venue crate. This macro is declarative: it parses the literal's text in a
//! `const` and names only `venue_common` paths, so every venue crate can re-export it.

use rust_decimal::Decimal;

/// An exact decimal from a number literal, parsed at compile time: `dec!(870.69)`,
/// `dec!(-0.03437)`, `dec!(1e-8)`, `dec!(1_000)`. A literal `Decimal` cannot hold exactly (more
/// than 28 places, or a mantissa beyond 96 bits) is a compile error, never a rounded value.
///
/// ```
/// use venue_common::{Decimal, dec};
///
/// assert_eq!(dec!(870.690).to_string(), "870.690");
/// assert_eq!(dec!(-1.5), Decimal::new(-15, 1));
/// assert_eq!(dec!(1e-8), Decimal::new(1, 8));
/// const FEE: Decimal = dec!(0.001);
/// assert_eq!(FEE, Decimal::new(1, 3));
/// ```
///
/// ```compile_fail
/// let _ = venue_common::dec!(0.00000000000000000000000000001); // 29 places
/// ```
#[macro_export]
macro_rules! dec {
    (- $lit:literal) => {{
        const VALUE: $crate::Decimal = $crate::dec::parse(concat!("-", stringify!($lit)));
        VALUE
    }};
    ($lit:literal) => {{
        const VALUE: $crate::Decimal = $crate::dec::parse(stringify!($lit));
        VALUE
    }};
}

/// Parses a number literal's text exactly (`-`, digits with optional `_`, a fraction, an
/// exponent). For [`dec!`](crate::dec); a `const` caller turns every refusal into a compile
/// error.
#[doc(hidden)]
pub const fn parse(text: &str) -> Decimal {
    let bytes = text.as_bytes();
    let mut i = 0;
    let negative = !bytes.is_empty() && bytes[0] == b'-';
    if negative {
        i += 1;
    }
    let mut mantissa: u128 = 0;
    let mut scale: i64 = 0;
    let mut digits = 0;
    let mut seen_point = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'_' {
            i += 1;
            continue;
        }
        if b == b'.' {
            if seen_point {
                panic!("dec!: two decimal points");
            }
            seen_point = true;
            i += 1;
            continue;
        }
        if b == b'e' || b == b'E' {
            break;
        }
        if b < b'0' || b > b'9' {
            panic!("dec!: not a number literal");
        }
        mantissa = match mantissa.checked_mul(10) {
            Some(m) => match m.checked_add((b - b'0') as u128) {
                Some(m) => m,
                None => panic!("dec!: too many digits"),
            },
            None => panic!("dec!: too many digits"),
        };
        digits += 1;
        if seen_point {
            scale += 1;
        }
        i += 1;
    }
    if digits == 0 {
        panic!("dec!: no digits");
    }
    if i < bytes.len() {
        // The exponent: `e`, an optional sign, digits.
        i += 1;
        let mut exp_negative = false;
        if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
            exp_negative = bytes[i] == b'-';
            i += 1;
        }
        let mut exponent: i64 = 0;
        let mut exp_digits = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'_' {
                i += 1;
                continue;
            }
            if b < b'0' || b > b'9' {
                panic!("dec!: bad exponent");
            }
            exponent = exponent * 10 + (b - b'0') as i64;
            if exponent > 1000 {
                panic!("dec!: exponent out of range");
            }
            exp_digits += 1;
            i += 1;
        }
        if exp_digits == 0 {
            panic!("dec!: bad exponent");
        }
        scale -= if exp_negative { -exponent } else { exponent };
    }
    // A negative scale is a whole number: multiply it out.
    while scale < 0 {
        mantissa = match mantissa.checked_mul(10) {
            Some(m) => m,
            None => panic!("dec!: out of range"),
        };
        scale += 1;
    }
    if scale > 28 {
        panic!("dec!: more than 28 decimal places");
    }
    if mantissa >> 96 != 0 {
        panic!("dec!: out of range");
    }
    Decimal::from_parts(
        mantissa as u32,
        (mantissa >> 32) as u32,
        (mantissa >> 64) as u32,
        negative,
        scale as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn literals_read_exactly() {
        for (text, expected) in [
            ("0", "0"),
            ("870.690", "870.690"),
            ("-0.03437", "-0.03437"),
            ("1e-8", "0.00000001"),
            ("1.5e3", "1500"),
            ("1_000.000_1", "1000.0001"),
            (
                "79228162514264337593543950335",
                "79228162514264337593543950335",
            ),
            (
                "0.0000000000000000000000000001",
                "0.0000000000000000000000000001",
            ),
        ] {
            assert_eq!(parse(text), Decimal::from_str(expected).unwrap(), "{text}");
            assert_eq!(parse(text).to_string(), expected, "{text}: scale kept");
        }
        assert_eq!(crate::dec!(-1.25), Decimal::new(-125, 2));
    }
}

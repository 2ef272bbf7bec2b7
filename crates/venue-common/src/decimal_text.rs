//! Decimals as wire text, written directly from the mantissa and scale.
//!
//! Every price and amount of a signed request goes through here. `Decimal`'s `Display` goes
//! through `fmt` and 96-bit division digit by digit; this writes the same text (property-tested
//! against it) with 64-bit arithmetic for the mantissas orders carry, and 128-bit steps of
//! nineteen digits otherwise.

use rust_decimal::Decimal;

/// The longest text: a sign, 29 digits, a point and a leading `0`.
const MAX_LEN: usize = 32;

/// A decimal's text on the stack.
#[derive(Clone, Copy)]
pub struct DecimalText {
    buf: [u8; MAX_LEN],
    start: u8,
}

impl DecimalText {
    /// The text `Decimal`'s `Display` writes: every place of the scale kept (`1.50`), `-`
    /// for negative values, negative zero as its `Display` writes it.
    pub fn exact(d: &Decimal) -> Self {
        write(d, false)
    }

    /// The text of `d.normalize()`: trailing zeros of the fraction dropped (`1.5`), `0` for
    /// any zero.
    pub fn normalized(d: &Decimal) -> Self {
        write(d, true)
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits, `-` and `.` were written.
        std::str::from_utf8(&self.buf[usize::from(self.start)..]).unwrap_or_default()
    }
}

impl std::fmt::Debug for DecimalText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

fn write(d: &Decimal, normalize: bool) -> DecimalText {
    let mut out = Digits {
        buf: [b'0'; MAX_LEN],
        at: MAX_LEN,
        written: 0,
        scale: d.scale() as usize,
    };
    let mut m = d.mantissa().unsigned_abs();
    if normalize {
        while out.scale > 0 && m.is_multiple_of(10) {
            m /= 10;
            out.scale -= 1;
        }
    }
    while m > u128::from(u64::MAX) {
        // Nineteen digits per 128-bit division.
        let mut low = (m % 10_000_000_000_000_000_000) as u64;
        m /= 10_000_000_000_000_000_000;
        for _ in 0..19 {
            out.push((low % 10) as u8);
            low /= 10;
        }
    }
    let mut low = m as u64;
    loop {
        out.push((low % 10) as u8);
        low /= 10;
        // At least one digit before the point (`0.5`).
        if low == 0 && out.written > out.scale {
            break;
        }
    }
    let zero = d.mantissa() == 0;
    if d.is_sign_negative() && !(normalize && zero) {
        out.at -= 1;
        out.buf[out.at] = b'-';
    }
    DecimalText {
        buf: out.buf,
        start: out.at as u8,
    }
}

/// Digits written right to left, with the point after `scale` of them.
struct Digits {
    buf: [u8; MAX_LEN],
    at: usize,
    written: usize,
    scale: usize,
}

impl Digits {
    fn push(&mut self, digit: u8) {
        self.at -= 1;
        self.buf[self.at] = b'0' + digit;
        self.written += 1;
        if self.written == self.scale {
            self.at -= 1;
            self.buf[self.at] = b'.';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn decimal(lo: u32, mid: u32, hi: u32, negative: bool, scale: u32) -> Decimal {
        Decimal::from_parts(lo, mid, hi, negative, scale)
    }

    #[test]
    fn edges_match_display() {
        let cases = [
            Decimal::ZERO,
            Decimal::new(0, 5),
            Decimal::new(-0, 3),
            decimal(0, 0, 0, true, 0),
            decimal(0, 0, 0, true, 4),
            Decimal::new(15, 1),
            Decimal::new(150, 2),
            Decimal::new(-150, 2),
            Decimal::new(1, 28),
            Decimal::new(-1, 28),
            Decimal::MAX,
            Decimal::MIN,
            decimal(u32::MAX, u32::MAX, u32::MAX, false, 28),
            decimal(u32::MAX, u32::MAX, u32::MAX, true, 19),
            decimal(0, 0, 1, false, 20),
            Decimal::new(87069, 2),
            Decimal::new(10, 0),
            Decimal::new(1_000_000, 6),
        ];
        for d in cases {
            assert_eq!(DecimalText::exact(&d).as_str(), d.to_string(), "{d:?}");
            assert_eq!(
                DecimalText::normalized(&d).as_str(),
                d.normalize().to_string(),
                "{d:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn matches_display(lo: u32, mid: u32, hi: u32, negative: bool, scale in 0u32..=28,
                           small in any::<bool>()) {
            // Half the cases with a mantissa in 64 bits, as prices and amounts have.
            let hi = if small { 0 } else { hi };
            let d = decimal(lo, mid, hi, negative, scale);
            let (exact, normalized) = (DecimalText::exact(&d), DecimalText::normalized(&d));
            prop_assert_eq!(exact.as_str(), d.to_string());
            prop_assert_eq!(normalized.as_str(), d.normalize().to_string());
        }
    }
}

//! How ALP.COM writes times and some numbers, as values of the JSON tree every local venue
//! shares (`venue_common::sim::Json`). Only what that tree has no constructor for lives
//! here: objects, strings, exact decimals and integers are built with `Json` itself.

use rust_decimal::Decimal;
use venue_common::sim::Json;

/// UNIX seconds with milliseconds as a JSON number, as v1 writes times (`1483721079.516`).
/// Written as text so the fraction keeps its three digits (`.500`, not `.5`).
pub(crate) fn secs(ms: i64) -> Json {
    Json::RawNumber(fixed_point(ms, 1_000, 3))
}

/// A time as the live v1 ticker and trades write it today: a string of thousands of seconds
/// with microseconds (`"1710264.956584"` is 2024-03-12T17:35:56.584Z; ccxt's recorded answers,
/// `ts/src/test/static/response/btcalpha.json`).
pub(crate) fn kilosecs(ms: i64) -> Json {
    Json::Str(fixed_point(ms, 1_000_000, 6))
}

/// `value / per_unit` written with `digits` fraction digits, sign first: `-1` ms is
/// `-0.001` seconds (a floored quotient and a positive remainder would write `-1.999`).
fn fixed_point(value: i64, per_unit: u64, digits: usize) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let magnitude = value.unsigned_abs();
    format!(
        "{sign}{}.{:0digits$}",
        magnitude / per_unit,
        magnitude % per_unit
    )
}

/// A decimal as a string, as the live v1 answers write numbers (`"69817.52"`). Not
/// normalized: the digits are the venue's as kept (`0.06000` stays `"0.06000"`).
pub(crate) fn ns(d: Decimal) -> Json {
    Json::Str(d.to_string())
}

/// RFC 3339 text with microseconds, as v3 writes times; `""` for none.
pub(crate) fn rfc(ms: Option<i64>) -> Json {
    match ms.and_then(chrono::DateTime::from_timestamp_millis) {
        Some(t) => Json::Str(t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)),
        None => Json::Str(String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_string_numbers_keep_alp_text() {
        assert_eq!(secs(1_483_721_079_516).to_text(), "1483721079.516");
        assert_eq!(secs(1_500).to_text(), "1.500");
        assert_eq!(kilosecs(1_710_264_956_584).to_text(), r#""1710264.956584""#);
        assert_eq!(ns(Decimal::new(6000, 5)).to_text(), r#""0.06000""#);
        assert_eq!(
            rfc(Some(1_710_264_956_584)).to_text(),
            r#""2024-03-12T17:35:56.584000Z""#
        );
        assert_eq!(rfc(None).to_text(), r#""""#);
    }

    #[test]
    fn times_before_the_epoch_keep_their_sign() {
        assert_eq!(secs(-1).to_text(), "-0.001");
        assert_eq!(secs(-1_500).to_text(), "-1.500");
        assert_eq!(kilosecs(-1).to_text(), r#""-0.000001""#);
        assert_eq!(secs(i64::MIN).to_text(), "-9223372036854775.808");
    }
}

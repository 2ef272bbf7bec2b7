//! Reading RFC 3339 times quickly.
//!
//! Venues that send RFC 3339 send it in one shape, `2022-10-06T08:28:06.801064-04:00`, several
//! times per record of a list. chrono's parser is general (it walks a format description), so
//! the decode of a long list spent more time there than in the JSON itself. [`parse`] reads
//! that one shape by hand and leaves every other spelling (`t`, a space, `:60`, more than nine
//! fraction digits) to chrono, so what is accepted, and its value, is chrono's.

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// `text` as a UTC time, or chrono's error for text chrono refuses: what
/// `DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc))` answers, faster.
///
/// ```
/// let t = venue_common::rfc3339::parse("2022-10-06T08:28:06.801064-04:00").unwrap();
/// assert_eq!(t.to_rfc3339(), "2022-10-06T12:28:06.801064+00:00");
/// ```
pub fn parse(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    match parse_common(text.as_bytes()) {
        Some(time) => Ok(time),
        None => DateTime::parse_from_rfc3339(text).map(|d| d.with_timezone(&Utc)),
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` with a fraction of one to nine digits, or `None`
/// for anything else, including values out of range, which chrono then reports.
fn parse_common(b: &[u8]) -> Option<DateTime<Utc>> {
    // The fixed head: `YYYY-MM-DDTHH:MM:SS` is 19 bytes.
    let head = b.get(..19)?;
    if head[4] != b'-' || head[7] != b'-' || head[10] != b'T' || head[13] != b':' {
        return None;
    }
    if head[16] != b':' {
        return None;
    }
    let year = digits(&head[0..4])?;
    let month = digits(&head[5..7])?;
    let day = digits(&head[8..10])?;
    let hour = digits(&head[11..13])?;
    let minute = digits(&head[14..16])?;
    let second = digits(&head[17..19])?;
    // A leap second (`:60`) and other edge values go to chrono.
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut rest = &b[19..];
    let mut nanos = 0u32;
    if let Some((b'.', fraction)) = rest.split_first() {
        let len = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 || len > 9 {
            return None;
        }
        nanos = digits(&fraction[..len])? * 10u32.pow(9 - len as u32);
        rest = &fraction[len..];
    }
    let offset_seconds = match rest {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = digits(&[*h1, *h2])?;
            let minutes = digits(&[*m1, *m2])?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = i64::from(hours * 3600 + minutes * 60);
            if *sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };
    let local = NaiveDate::from_ymd_opt(year as i32, month, day)?
        .and_hms_nano_opt(hour, minute, second, nanos)?;
    // A local time minus its offset is UTC (`08:28-04:00` is `12:28Z`).
    let utc = local.checked_sub_signed(Duration::seconds(offset_seconds))?;
    Some(utc.and_utc())
}

/// The value of a run of ASCII digits (at most nine), or `None` when one is not a digit.
fn digits(run: &[u8]) -> Option<u32> {
    run.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chrono(text: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|d| d.with_timezone(&Utc))
    }

    #[test]
    fn reads_the_venues_shapes_as_chrono_does() {
        for text in [
            "2022-10-06T08:28:06.801064-04:00",
            "2022-10-06T08:28:06Z",
            "2022-10-06T08:28:06.1Z",
            "2022-10-06T08:28:06.123456789+05:30",
            "2000-02-29T23:59:59.999999999-23:59",
            "0001-01-01T00:00:00+00:01",
            "9999-12-31T23:59:59-00:00",
        ] {
            assert!(parse_common(text.as_bytes()).is_some(), "{text}");
            assert_eq!(parse(text).ok(), chrono(text), "{text}");
        }
    }

    #[test]
    fn leaves_other_spellings_to_chrono() {
        for text in [
            "2022-10-06t08:28:06Z",
            "2022-10-06 08:28:06Z",
            "2016-12-31T23:59:60Z",
            "2022-10-06T08:28:06.1234567891Z",
            "2022-10-06T08:28:06z",
            "2022-10-06T08:28:06+0400",
            "2023-02-29T00:00:00Z",
            "2022-13-06T08:28:06Z",
            "2022-10-06T24:00:00Z",
            "2022-10-06T08:28:06.Z",
            "2022-10-06T08:28:06",
            "",
            "2022-10-06",
        ] {
            assert!(parse_common(text.as_bytes()).is_none(), "{text}");
            assert_eq!(parse(text).ok(), chrono(text), "{text}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_chrono_on_any_text_of_the_shape(
            date in "[0-9]{4}-[0-1][0-9]-[0-3][0-9]",
            time in "[0-2][0-9]:[0-6][0-9]:[0-6][0-9]",
            fraction in "(\\.[0-9]{0,11})?",
            zone in "(Z|[+-][0-2][0-9]:[0-6][0-9])",
        ) {
            let text = format!("{date}T{time}{fraction}{zone}");
            prop_assert_eq!(parse(&text).ok(), chrono(&text), "{}", text);
        }

        #[test]
        fn agrees_with_chrono_on_any_bytes(text in "[0-9T:.Z+-]{0,36}") {
            prop_assert_eq!(parse(&text).ok(), chrono(&text), "{}", text);
        }
    }
}

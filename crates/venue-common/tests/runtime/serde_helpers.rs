//! Serde helpers: exact decimals, timestamps, `""`/`null` as `None`, ids as numbers or
//! strings, and decode errors that name the JSON path.

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};
use venue_common::serde_ext::{self, parse_decimal};
use venue_common::{Decimal, Error, StatusCode, decode_json};

#[derive(Debug, Deserialize, Serialize, PartialEq)]
struct Price {
    #[serde(with = "serde_ext::decimal")]
    v: Decimal,
}

fn price(json: &str) -> Decimal {
    decode_json::<Price>(StatusCode::OK, json.as_bytes())
        .unwrap_or_else(|e| panic!("{json}: {e}"))
        .v
}

#[test]
fn decimals_keep_their_written_digits() {
    for (json, expected, scale) in [
        (r#"{"v":"0.1"}"#, dec!(0.1), 1),
        (r#"{"v":0.1}"#, dec!(0.1), 1),
        (r#"{"v":1000114.540727}"#, dec!(1000114.540727), 6),
        (r#"{"v":"1000114.540727"}"#, dec!(1000114.540727), 6),
        (r#"{"v":0.00000001}"#, dec!(0.00000001), 8),
        (r#"{"v":"0.00000001"}"#, dec!(0.00000001), 8),
        (r#"{"v":1e-8}"#, dec!(0.00000001), 8),
        (r#"{"v":"1e-8"}"#, dec!(0.00000001), 8),
        (r#"{"v":1.50}"#, dec!(1.50), 2),
        (r#"{"v":"-12.3400"}"#, dec!(-12.3400), 4),
        (r#"{"v":1.5E+3}"#, dec!(1500), 0),
        (r#"{"v":42}"#, dec!(42), 0),
        (r#"{"v":"0"}"#, dec!(0), 0),
    ] {
        let got = price(json);
        assert_eq!(got, expected, "{json}");
        assert_eq!(got.scale(), scale, "scale of {json}");
        // Exact digits, not merely equal value: 0.1 must not be 0.1000000000000000055511.
        assert_eq!(got.to_string(), expected.to_string(), "{json}");
    }
}

#[test]
fn decimals_serialize_as_strings_or_numbers() {
    let p = Price { v: dec!(0.10) };
    assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"v":"0.10"}"#);
    #[derive(Serialize)]
    struct N {
        #[serde(with = "serde_ext::decimal_number")]
        v: Decimal,
    }
    assert_eq!(
        serde_json::to_string(&N {
            v: dec!(1000114.540727)
        })
        .unwrap(),
        r#"{"v":1000114.540727}"#
    );
}

#[test]
fn bad_decimals_are_decode_errors_naming_the_path() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Book {
        data: Data,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Data {
        items: Vec<Price>,
    }
    for body in [
        r#"{"data":{"items":[{"v":"1"},{"v":"2"},{"v":"3"},{"v":"abc"}]}}"#,
        r#"{"data":{"items":[{"v":"1"},{"v":"2"},{"v":"3"},{"v":null}]}}"#,
        r#"{"data":{"items":[{"v":"1"},{"v":"2"},{"v":"3"},{"v":[1]}]}}"#,
        r#"{"data":{"items":[{"v":"1"},{"v":"2"},{"v":"3"},{"v":true}]}}"#,
        r#"{"data":{"items":[{"v":"1"},{"v":"2"},{"v":"3"},{"v":""}]}}"#,
    ] {
        let e = decode_json::<Book>(StatusCode::OK, body.as_bytes()).unwrap_err();
        let Error::Decode(d) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(d.path, "data.items[3].v", "{body}: {e}");
        assert_eq!(d.status, StatusCode::OK);
        assert_eq!(d.excerpt, body);
        assert!(e.to_string().contains("data.items[3].v"), "{e}");
    }
    // A missing field and a trailing extra document are named too.
    let e = decode_json::<Book>(StatusCode::OK, br#"{"data":{}}"#).unwrap_err();
    let Error::Decode(d) = &e else { panic!() };
    assert_eq!(d.path, "data", "{e}");
    assert!(d.reason.contains("items"), "{e}");
    let e = decode_json::<Price>(StatusCode::OK, br#"{"v":"1"} {"v":"2"}"#).unwrap_err();
    assert!(matches!(e, Error::Decode(_)), "{e:?}");
}

#[test]
fn optional_decimals() {
    #[derive(Deserialize)]
    struct O {
        #[serde(default, with = "serde_ext::decimal_opt")]
        v: Option<Decimal>,
    }
    let get = |json: &str| {
        decode_json::<O>(StatusCode::OK, json.as_bytes())
            .unwrap_or_else(|e| panic!("{json}: {e}"))
            .v
    };
    assert_eq!(get(r#"{"v":""}"#), None);
    assert_eq!(get(r#"{"v":null}"#), None);
    assert_eq!(get(r#"{}"#), None);
    assert_eq!(get(r#"{"v":"0.5"}"#), Some(dec!(0.5)));
    assert_eq!(get(r#"{"v":0.5}"#), Some(dec!(0.5)));
}

#[derive(Debug, Deserialize)]
struct Times {
    #[serde(with = "serde_ext::ts_millis")]
    ms: DateTime<Utc>,
    #[serde(with = "serde_ext::ts_seconds")]
    s: DateTime<Utc>,
    #[serde(with = "serde_ext::ts_rfc3339")]
    iso: DateTime<Utc>,
    #[serde(default, with = "serde_ext::ts_millis_opt")]
    ms_opt: Option<DateTime<Utc>>,
    #[serde(default, with = "serde_ext::ts_seconds_opt")]
    s_opt: Option<DateTime<Utc>>,
    #[serde(default, with = "serde_ext::ts_rfc3339_opt")]
    iso_opt: Option<DateTime<Utc>>,
}

fn at(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).unwrap()
}

#[test]
fn timestamps_in_every_unit() {
    let t: Times = decode_json(
        StatusCode::OK,
        br#"{"ms":1700000000123,"s":"1700000000.5","iso":"2023-11-14T22:13:20.123+02:00",
            "ms_opt":"1700000000123","s_opt":1700000000,"iso_opt":"2023-11-14T22:13:20Z"}"#,
    )
    .unwrap();
    assert_eq!(t.ms, at(1_700_000_000_123));
    assert_eq!(t.s, at(1_700_000_000_500));
    assert_eq!(t.iso, at(1_700_000_000_123 - 2 * 3_600_000));
    assert_eq!(t.ms_opt, Some(at(1_700_000_000_123)));
    assert_eq!(t.s_opt, Some(at(1_700_000_000_000)));
    assert_eq!(t.iso_opt, Some(at(1_700_000_000_000)));

    let t: Times = decode_json(
        StatusCode::OK,
        br#"{"ms":"1700000000123","s":1700000000,"iso":"2023-11-14T22:13:20Z",
            "ms_opt":"","s_opt":null,"iso_opt":""}"#,
    )
    .unwrap();
    assert_eq!(t.ms, at(1_700_000_000_123));
    assert_eq!((t.ms_opt, t.s_opt, t.iso_opt), (None, None, None));
    let t: Times = decode_json(
        StatusCode::OK,
        br#"{"ms":0,"s":0,"iso":"1970-01-01T00:00:00Z","ms_opt":0}"#,
    )
    .unwrap();
    assert_eq!(t.ms, DateTime::<Utc>::UNIX_EPOCH);
    assert_eq!(t.ms_opt, None, "0 means unset where the venue uses it so");

    for bad in [
        r#"{"ms":"yesterday","s":0,"iso":"1970-01-01T00:00:00Z"}"#,
        r#"{"ms":1e30,"s":0,"iso":"1970-01-01T00:00:00Z"}"#,
        r#"{"ms":0,"s":0,"iso":"14/11/2023"}"#,
        r#"{"ms":null,"s":0,"iso":"1970-01-01T00:00:00Z"}"#,
    ] {
        let e = decode_json::<Times>(StatusCode::OK, bad.as_bytes()).unwrap_err();
        let Error::Decode(d) = &e else { panic!() };
        assert!(["ms", "iso"].contains(&d.path.as_str()), "{bad}: {e}");
    }
}

#[test]
fn empty_strings_and_nulls_are_none() {
    #[derive(Deserialize)]
    struct S {
        #[serde(default, deserialize_with = "serde_ext::empty_as_none::deserialize")]
        note: Option<String>,
        #[serde(default, deserialize_with = "serde_ext::empty_as_none::deserialize")]
        level: Option<u32>,
    }
    let get = |json: &str| {
        let s: S = decode_json(StatusCode::OK, json.as_bytes()).unwrap();
        (s.note, s.level)
    };
    assert_eq!(get(r#"{"note":"","level":""}"#), (None, None));
    assert_eq!(get(r#"{"note":null,"level":null}"#), (None, None));
    assert_eq!(get(r#"{}"#), (None, None));
    assert_eq!(
        get(r#"{"note":"hi","level":"3"}"#),
        (Some("hi".to_string()), Some(3))
    );
}

#[test]
fn ids_from_numbers_or_strings() {
    #[derive(Debug, Deserialize)]
    struct Ids {
        #[serde(with = "serde_ext::string_or_number")]
        id: String,
        #[serde(default, with = "serde_ext::string_or_number_opt")]
        client_id: Option<String>,
        #[serde(deserialize_with = "serde_ext::int_or_string::deserialize")]
        seq: u64,
        #[serde(
            default,
            deserialize_with = "serde_ext::int_or_string_opt::deserialize"
        )]
        page: Option<u32>,
        #[serde(deserialize_with = "serde_ext::bool_lenient::deserialize")]
        ok: bool,
    }
    let get = |json: &str| -> Ids {
        decode_json(StatusCode::OK, json.as_bytes()).unwrap_or_else(|e| panic!("{json}: {e}"))
    };
    // A 19-digit id survives as written (an f64 would round it).
    let a = get(r#"{"id":1234567890123456789,"client_id":7,"seq":"42","page":3,"ok":1}"#);
    assert_eq!(a.id, "1234567890123456789");
    assert_eq!(a.client_id.as_deref(), Some("7"));
    assert_eq!((a.seq, a.page, a.ok), (42, Some(3), true));
    let b = get(r#"{"id":"ab-\"c\"","client_id":"","seq":42,"page":"","ok":"false"}"#);
    assert_eq!(b.id, "ab-\"c\"");
    assert_eq!((b.client_id, b.page, b.ok), (None, None, false));
    let c = get(r#"{"id":"x","client_id":null,"seq":1,"ok":true}"#);
    assert_eq!((c.client_id, c.page, c.ok), (None, None, true));

    let e = decode_json::<Ids>(StatusCode::OK, br#"{"id":"x","seq":"4x","ok":true}"#).unwrap_err();
    let Error::Decode(d) = &e else { panic!() };
    assert_eq!(d.path, "seq");
    let e = decode_json::<Ids>(StatusCode::OK, br#"{"id":{},"seq":1,"ok":true}"#).unwrap_err();
    let Error::Decode(d) = &e else { panic!() };
    assert_eq!(d.path, "id");
    let e = decode_json::<Ids>(StatusCode::OK, br#"{"id":"x","seq":1,"ok":"yes"}"#).unwrap_err();
    let Error::Decode(d) = &e else { panic!() };
    assert_eq!(d.path, "ok");
}

#[test]
fn parse_decimal_directly() {
    // One grammar, JSON's: no surrounding whitespace, even inside a quoted string.
    assert!(parse_decimal(" 0.1 ").is_err());
    assert_eq!(parse_decimal("0.1").unwrap().to_string(), "0.1");
    assert_eq!(parse_decimal("1E-8").unwrap().to_string(), "0.00000001");
    assert!(parse_decimal("").is_err());
    assert!(parse_decimal("1.2.3").is_err());
    assert!(parse_decimal("NaN").is_err());
}

fn any_decimal() -> impl Strategy<Value = Decimal> {
    (
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        any::<bool>(),
        0u32..=28,
    )
        .prop_map(|(lo, mid, hi, neg, scale)| Decimal::from_parts(lo, mid, hi, neg, scale))
}

/// A JSON document holding `text` as a number (`as_string == false`) or as a string.
fn document(text: &str, as_string: bool) -> String {
    if as_string {
        format!(r#"{{"v":"{text}"}}"#)
    } else {
        format!(r#"{{"v":{text}}}"#)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn any_decimal_round_trips_as_string_or_number(d in any_decimal(), as_string in any::<bool>()) {
        let json = document(&d.to_string(), as_string);
        let got = price(&json);
        prop_assert_eq!(got, d, "{}", json);
        prop_assert_eq!(got.scale(), d.scale(), "{}", json);
        prop_assert_eq!(got.to_string(), d.to_string());
    }

    #[test]
    fn decimals_in_scientific_notation_keep_their_value(
        mantissa in -1_000_000_000i64..1_000_000_000,
        exp in -20i32..10,
        as_string in any::<bool>(),
    ) {
        let text = format!("{mantissa}e{exp}");
        let json = document(&text, as_string);
        let got = price(&json);
        let expected = Decimal::from(mantissa) * Decimal::from_scientific(&format!("1e{exp}")).unwrap();
        prop_assert_eq!(got, expected, "{}", json);
    }
}

/// Envelopes often use `#[serde(flatten)]` or `#[serde(untagged)]`, where serde buffers the
/// value before the helper sees it. Strings and integers stay exact there; non-integer
/// numbers pass through serde_json's `f64` and come back as their shortest text.
#[test]
fn helpers_work_inside_flatten_and_untagged() {
    #[derive(Debug, Deserialize)]
    struct Row {
        #[serde(with = "serde_ext::decimal")]
        price: Decimal,
        #[serde(with = "serde_ext::decimal")]
        size: Decimal,
        #[serde(default, with = "serde_ext::decimal_opt")]
        fee: Option<Decimal>,
        #[serde(with = "serde_ext::ts_millis")]
        ts: DateTime<Utc>,
        #[serde(with = "serde_ext::string_or_number")]
        id: String,
        #[serde(deserialize_with = "serde_ext::bool_lenient::deserialize")]
        open: bool,
    }
    #[derive(Debug, Deserialize)]
    struct Envelope {
        code: u32,
        #[serde(flatten)]
        row: Row,
    }
    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    enum Answer {
        Row(Row),
        Failure { error: String },
    }

    let body = br#"{"code":0,"price":"1.50","size":0.1,"fee":"","ts":1700000000123,"id":1234567890123456789,"open":true}"#;
    let e: Envelope = decode_json(StatusCode::OK, body).unwrap();
    assert_eq!(e.code, 0);
    assert_eq!(e.row.price.to_string(), "1.50", "strings keep their scale");
    assert_eq!(e.row.size.to_string(), "0.1");
    assert_eq!(e.row.fee, None);
    assert_eq!(e.row.ts, at(1_700_000_000_123));
    assert_eq!(e.row.id, "1234567890123456789", "integers stay exact");
    assert!(e.row.open);

    let body = br#"{"price":"0.00000001","size":1e-8,"fee":null,"ts":"1700000000123","id":"x-1","open":"0"}"#;
    let Answer::Row(row) = decode_json::<Answer>(StatusCode::OK, body).unwrap() else {
        panic!("a row")
    };
    assert_eq!(row.price.to_string(), "0.00000001");
    assert_eq!(row.size, dec!(0.00000001));
    assert_eq!(row.fee, None);
    assert_eq!(row.id, "x-1");
    assert!(!row.open);
    let failure = decode_json::<Answer>(StatusCode::OK, br#"{"error":"no"}"#).unwrap();
    let Answer::Failure { error } = failure else {
        panic!("a failure")
    };
    assert_eq!(error, "no");

    // A bad value in a buffered field is still a typed decode error.
    let bad = br#"{"code":0,"price":"abc","size":1,"ts":1,"id":1,"open":true}"#;
    let e = decode_json::<Envelope>(StatusCode::OK, bad).unwrap_err();
    assert!(matches!(e, Error::Decode(_)), "{e:?}");
    let bad = br#"{"code":0,"price":true,"size":1,"ts":1,"id":1,"open":true}"#;
    assert!(decode_json::<Envelope>(StatusCode::OK, bad).is_err());
    let bad = br#"{"code":0,"price":{"a":1},"size":1,"ts":1,"id":1,"open":true}"#;
    assert!(decode_json::<Envelope>(StatusCode::OK, bad).is_err());

    // From an already parsed `serde_json::Value` too.
    let value = serde_json::json!({"v": "2.50"});
    let p: Price = serde_json::from_value(value).unwrap();
    assert_eq!(p.v.to_string(), "2.50");
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Everything {
    #[serde(default, with = "serde_ext::decimal_opt")]
    d: Option<Decimal>,
    #[serde(default, with = "serde_ext::ts_millis_opt")]
    ms: Option<DateTime<Utc>>,
    #[serde(default, with = "serde_ext::ts_seconds_opt")]
    s: Option<DateTime<Utc>>,
    #[serde(default, with = "serde_ext::ts_rfc3339_opt")]
    iso: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "serde_ext::int_or_string_opt::deserialize"
    )]
    n: Option<u64>,
}

/// Text shaped like numbers, and not quite: digits, signs, dots, exponents, junk.
fn numberish() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        r"[-+]?[0-9]{0,40}(\.[0-9]{0,40})?([eE][-+]?[0-9]{0,25})?[a-z:TZ ]{0,3}",
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3_000))]

    /// Whatever a venue writes where a decimal or a time is expected, decoding answers Ok or a
    /// typed error naming the field; it never panics.
    #[test]
    fn helpers_never_panic_on_odd_text(text in numberish(), field in 0usize..5, quoted in any::<bool>()) {
        let name = ["d", "ms", "s", "iso", "n"][field];
        // Unquoted only when it is a JSON number: other bare text is not JSON at all.
        let quoted = quoted || serde_json::from_str::<serde_json::Number>(&text).is_err();
        let json = if quoted {
            format!(r#"{{"{name}":{}}}"#, serde_json::to_string(&text).unwrap())
        } else {
            format!(r#"{{"{name}":{text}}}"#)
        };
        match decode_json::<Everything>(StatusCode::OK, json.as_bytes()) {
            Ok(_) => {}
            Err(Error::Decode(d)) => prop_assert!(d.path == name || d.path == ".", "{json}: {d:?}"),
            Err(other) => prop_assert!(false, "{json}: {other:?}"),
        }
        let _ = parse_decimal(&text);
    }
}

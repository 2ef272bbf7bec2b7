//! Models that use every serde helper serialize with any serde format and read back what they
//! wrote: JSON (exact number tokens, byte for byte as venues sign them), `serde_json::Value`,
//! TOML (human-readable), CBOR (self-describing binary) and postcard (binary that cannot
//! describe itself).

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use venue_common::serde_ext;
use venue_common::{Decimal, StatusCode, decode_json};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Model {
    #[serde(with = "serde_ext::decimal")]
    price: Decimal,
    #[serde(with = "serde_ext::decimal_number")]
    size: Decimal,
    #[serde(default, with = "serde_ext::decimal_opt")]
    fee: Option<Decimal>,
    #[serde(default, with = "serde_ext::decimal_opt")]
    rebate: Option<Decimal>,
    #[serde(default, with = "serde_ext::decimal_number_opt")]
    trigger: Option<Decimal>,
    #[serde(default, with = "serde_ext::decimal_number_opt")]
    stop: Option<Decimal>,
    #[serde(with = "serde_ext::ts_millis")]
    at: DateTime<Utc>,
    #[serde(with = "serde_ext::ts_seconds")]
    day: DateTime<Utc>,
    #[serde(with = "serde_ext::ts_rfc3339")]
    iso: DateTime<Utc>,
    #[serde(default, with = "serde_ext::ts_millis_opt")]
    at_opt: Option<DateTime<Utc>>,
    #[serde(default, with = "serde_ext::ts_seconds_opt")]
    day_opt: Option<DateTime<Utc>>,
    #[serde(default, with = "serde_ext::ts_rfc3339_opt")]
    iso_opt: Option<DateTime<Utc>>,
    #[serde(default, with = "serde_ext::empty_as_none")]
    note: Option<String>,
    #[serde(default, with = "serde_ext::empty_as_none")]
    memo: Option<String>,
    #[serde(with = "serde_ext::string_or_number")]
    id: String,
    #[serde(default, with = "serde_ext::string_or_number_opt")]
    client_id: Option<String>,
    #[serde(default, with = "serde_ext::string_or_number_opt")]
    parent_id: Option<String>,
    #[serde(with = "serde_ext::int_or_string")]
    seq: u64,
    #[serde(default, with = "serde_ext::int_or_string_opt")]
    page: Option<u32>,
    #[serde(default, with = "serde_ext::int_or_string_opt")]
    pages: Option<u32>,
    #[serde(with = "serde_ext::bool_lenient")]
    open: bool,
}

fn sample() -> Model {
    Model {
        price: dec!(0.10),
        size: dec!(1000114.540727),
        fee: Some(dec!(-12.3400)),
        rebate: None,
        trigger: Some(dec!(0.00000001)),
        stop: None,
        at: Utc.timestamp_millis_opt(1_700_000_000_123).unwrap(),
        day: Utc.timestamp_opt(1_700_000_000, 0).unwrap(),
        iso: Utc.timestamp_millis_opt(1_700_000_000_123).unwrap(),
        at_opt: Some(Utc.timestamp_millis_opt(1_700_000_000_001).unwrap()),
        day_opt: None,
        iso_opt: Some(Utc.timestamp_opt(1_700_000_000, 0).unwrap()),
        note: Some("hello".into()),
        memo: None,
        id: "1234567890123456789".into(),
        client_id: Some("c-1".into()),
        parent_id: None,
        seq: 42,
        page: Some(3),
        pages: None,
        open: true,
    }
}

/// The exact JSON the helpers write today: request bodies are signed over these bytes.
const SAMPLE_JSON: &str = concat!(
    r#"{"price":"0.10","size":1000114.540727,"fee":"-12.3400","rebate":null,"#,
    r#""trigger":0.00000001,"stop":null,"at":1700000000123,"day":1700000000,"#,
    r#""iso":"2023-11-14T22:13:20.123Z","at_opt":1700000000001,"day_opt":null,"#,
    r#""iso_opt":"2023-11-14T22:13:20Z","note":"hello","memo":"","id":"1234567890123456789","#,
    r#""client_id":"c-1","parent_id":null,"seq":42,"page":3,"pages":null,"open":true}"#
);

fn via_json<T: Serialize + DeserializeOwned>(v: &T) -> T {
    let bytes = serde_json::to_vec(v).unwrap();
    decode_json(StatusCode::OK, &bytes).unwrap()
}

fn via_toml<T: Serialize + DeserializeOwned>(v: &T) -> T {
    let text = toml::to_string(v).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn via_cbor<T: Serialize + DeserializeOwned>(v: &T) -> T {
    let mut bytes = Vec::new();
    ciborium::into_writer(v, &mut bytes).unwrap();
    ciborium::from_reader(&bytes[..]).unwrap()
}

fn via_postcard<T: Serialize + DeserializeOwned>(v: &T) -> T {
    let bytes = postcard::to_allocvec(v).unwrap();
    postcard::from_bytes(&bytes).unwrap()
}

#[test]
fn json_bytes_are_exactly_as_before() {
    let model = sample();
    assert_eq!(serde_json::to_string(&model).unwrap(), SAMPLE_JSON);
    assert_eq!(serde_json::to_vec(&model).unwrap(), SAMPLE_JSON.as_bytes());
    let mut pretty = Vec::new();
    serde_json::to_writer_pretty(&mut pretty, &model).unwrap();
    let pretty = String::from_utf8(pretty).unwrap();
    assert!(pretty.contains(r#""size": 1000114.540727,"#), "{pretty}");
    assert!(pretty.contains(r#""trigger": 0.00000001,"#), "{pretty}");
}

#[test]
fn every_helper_round_trips_through_every_format() {
    let model = sample();
    assert_eq!(via_json(&model), model, "JSON");
    assert_eq!(via_toml(&model), model, "TOML");
    assert_eq!(via_cbor(&model), model, "CBOR");
    assert_eq!(via_postcard(&model), model, "postcard");
    // The written scale survives where a string carries it.
    assert_eq!(via_toml(&model).price.to_string(), "0.10");
    assert_eq!(via_postcard(&model).fee.unwrap().to_string(), "-12.3400");
}

#[test]
fn other_formats_get_plain_strings_never_serde_json_internals() {
    let model = sample();
    let text = toml::to_string(&model).unwrap();
    assert!(!text.contains("serde_json"), "{text}");
    assert!(text.contains(r#"size = "1000114.540727""#), "{text}");
    assert!(text.contains(r#"trigger = "0.00000001""#), "{text}");
    assert!(text.contains("at = 1700000000123"), "{text}");

    let mut bytes = Vec::new();
    ciborium::into_writer(&model, &mut bytes).unwrap();
    let value: ciborium::Value = ciborium::from_reader(&bytes[..]).unwrap();
    let map = value.as_map().unwrap();
    let field = |name: &str| {
        map.iter()
            .find(|(k, _)| k.as_text() == Some(name))
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(field("size").as_text(), Some("1000114.540727"));
    assert_eq!(field("trigger").as_text(), Some("0.00000001"));
    assert!(field("at").is_integer());
}

#[test]
fn serde_json_values_hold_numbers_exactly_or_strings() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct N {
        #[serde(with = "serde_ext::decimal_number")]
        v: Decimal,
    }
    let value = |d: Decimal| serde_json::to_value(N { v: d }).unwrap()["v"].clone();
    // Integers and decimals an f64 writes back exactly are numbers...
    assert_eq!(value(dec!(42)), serde_json::json!(42));
    assert_eq!(value(dec!(-7)), serde_json::json!(-7));
    assert_eq!(value(dec!(1000114.540727)).to_string(), "1000114.540727");
    assert_eq!(value(dec!(0.1)).to_string(), "0.1");
    // ...one an f64 would round is kept as its exact text, never rounded.
    let fine = dec!(0.30000000000000000001);
    assert_eq!(value(fine), serde_json::json!("0.30000000000000000001"));
    let big = dec!(79228162514264337593543950335);
    assert_eq!(
        value(big),
        serde_json::json!("79228162514264337593543950335")
    );
    // And every one reads back.
    for d in [
        dec!(42),
        dec!(1000114.540727),
        dec!(0.1),
        fine,
        big,
        dec!(-0.5),
    ] {
        let back: N = serde_json::from_value(serde_json::to_value(N { v: d }).unwrap()).unwrap();
        assert_eq!(back.v, d);
    }
    // The whole model too, through a Value.
    let model = sample();
    let back: Model = serde_json::from_value(serde_json::to_value(&model).unwrap()).unwrap();
    assert_eq!(back, model);
}

#[test]
fn formats_may_hand_over_numbers_where_strings_were_written() {
    // A hand-written TOML file: integers and floats where the helpers write strings. Floats are
    // read through their shortest text, which is what their writer meant.
    #[derive(Debug, Deserialize)]
    struct T {
        #[serde(with = "serde_ext::decimal")]
        a: Decimal,
        #[serde(with = "serde_ext::decimal")]
        b: Decimal,
        #[serde(with = "serde_ext::string_or_number")]
        id: String,
        #[serde(with = "serde_ext::bool_lenient")]
        open: bool,
        #[serde(with = "serde_ext::ts_millis")]
        at: DateTime<Utc>,
    }
    let t: T = toml::from_str("a = 0.1\nb = 12\nid = 7\nopen = 1\nat = \"1700000000123\"").unwrap();
    assert_eq!(t.a.to_string(), "0.1");
    assert_eq!(t.b, dec!(12));
    assert_eq!(t.id, "7");
    assert!(t.open);
    assert_eq!(t.at.timestamp_millis(), 1_700_000_000_123);

    // CBOR is binary: the helper asks for the string it writes, and CBOR refuses to hand a
    // float over as one. Reading never guesses; it fails cleanly.
    #[derive(Serialize)]
    struct F {
        a: f64,
    }
    let mut bytes = Vec::new();
    ciborium::into_writer(&F { a: 0.1 }, &mut bytes).unwrap();
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct D {
        #[serde(with = "serde_ext::decimal")]
        a: Decimal,
    }
    assert!(ciborium::from_reader::<D, _>(&bytes[..]).is_err());
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any decimal, any time in chrono's usual range, through every format: the same value
    /// and, where a string carries it, the same scale.
    #[test]
    fn any_model_round_trips(
        price in any_decimal(),
        size in any_decimal(),
        fee in proptest::option::of(any_decimal()),
        ms in -8_000_000_000_000i64..8_000_000_000_000,
    ) {
        let mut model = sample();
        model.price = price;
        model.size = size;
        model.fee = fee;
        model.trigger = fee;
        model.at = Utc.timestamp_millis_opt(ms).unwrap();
        model.day = Utc.timestamp_opt(ms / 1000, 0).unwrap();
        for (name, back) in [
            ("JSON", via_json(&model)),
            ("TOML", via_toml(&model)),
            ("CBOR", via_cbor(&model)),
            ("postcard", via_postcard(&model)),
        ] {
            prop_assert_eq!(&back, &model, "{}", name);
            prop_assert_eq!(back.price.to_string(), model.price.to_string(), "{}", name);
            prop_assert_eq!(back.size.to_string(), model.size.to_string(), "{}", name);
        }
        // JSON writes the exact number token.
        let json = serde_json::to_string(&model).unwrap();
        let size_token = format!(r#""size":{},"#, model.size);
        prop_assert!(json.contains(&size_token), "{}", json);
    }
}

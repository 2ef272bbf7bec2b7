//! The three questions every error answers: was it sent, may it be retried, what kind.

use std::error::Error as _;
use std::time::Duration;

use venue_common::error::{BODY_EXCERPT_LIMIT, excerpt, retry_after};
use venue_common::{
    Error, ErrorKind, HeaderMap, HeaderValue, Sent, StatusCode, VenueError, decode_json,
};

fn venue(status: u16, kind: ErrorKind) -> Error {
    Error::venue(VenueError::new(
        StatusCode::from_u16(status).unwrap(),
        kind,
        "no",
    ))
}

fn connection(sent: Sent) -> Error {
    Error::Connection {
        sent,
        message: "connection reset".into(),
        source: None,
    }
}

#[test]
fn each_variant_answers_sent_retryable_and_kind() {
    let duplicate = VenueError::new(StatusCode::CONFLICT, ErrorKind::Duplicate, "dup");
    // (error, sent, retryable, kind)
    let table: Vec<(Error, Sent, bool, ErrorKind)> = vec![
        (
            Error::invalid("price", "must be positive"),
            Sent::No,
            false,
            ErrorKind::InvalidRequest,
        ),
        (
            Error::MissingCredentials("none".into()),
            Sent::No,
            false,
            ErrorKind::MissingCredentials,
        ),
        (
            Error::Config("bad URL".into()),
            Sent::No,
            false,
            ErrorKind::Config,
        ),
        (
            Error::Timeout {
                sent: Sent::Maybe,
                elapsed: Duration::from_secs(1),
                source: None,
            },
            Sent::Maybe,
            true,
            ErrorKind::Timeout,
        ),
        (
            Error::Timeout {
                sent: Sent::No,
                elapsed: Duration::from_secs(1),
                source: None,
            },
            Sent::No,
            true,
            ErrorKind::Timeout,
        ),
        (connection(Sent::No), Sent::No, true, ErrorKind::Network),
        (
            connection(Sent::Maybe),
            Sent::Maybe,
            true,
            ErrorKind::Network,
        ),
        (
            venue(429, ErrorKind::RateLimited),
            Sent::Yes,
            true,
            ErrorKind::RateLimited,
        ),
        (
            venue(503, ErrorKind::Unavailable),
            Sent::Yes,
            true,
            ErrorKind::Unavailable,
        ),
        // A gateway error is worth repeating even when the venue's code says "other".
        (
            venue(502, ErrorKind::Other),
            Sent::Yes,
            true,
            ErrorKind::Other,
        ),
        (
            venue(400, ErrorKind::BadRequest),
            Sent::Yes,
            false,
            ErrorKind::BadRequest,
        ),
        (
            venue(401, ErrorKind::Authentication),
            Sent::Yes,
            false,
            ErrorKind::Authentication,
        ),
        (
            venue(200, ErrorKind::InsufficientFunds),
            Sent::Yes,
            false,
            ErrorKind::InsufficientFunds,
        ),
        (
            Error::decode("data.price", "invalid decimal", StatusCode::OK, b"{}"),
            Sent::Yes,
            false,
            ErrorKind::Decode,
        ),
        (
            Error::BodyTooLarge {
                limit: 10,
                status: 200,
            },
            Sent::Yes,
            false,
            ErrorKind::Decode,
        ),
        (
            Error::AlreadyDone {
                key: "k1".into(),
                venue: Box::new(duplicate),
            },
            Sent::Yes,
            false,
            ErrorKind::Duplicate,
        ),
        (
            Error::WithKey {
                key: "k2".into(),
                source: Box::new(connection(Sent::Maybe)),
            },
            Sent::Maybe,
            true,
            ErrorKind::Network,
        ),
        (
            Error::WithKey {
                key: "k3".into(),
                source: Box::new(venue(400, ErrorKind::InvalidOrder)),
            },
            Sent::Yes,
            false,
            ErrorKind::InvalidOrder,
        ),
    ];
    for (e, sent, retryable, kind) in table {
        assert_eq!(e.sent(), sent, "sent of {e:?}");
        assert_eq!(e.was_sent(), sent != Sent::No, "was_sent of {e:?}");
        assert_eq!(e.is_retryable(), retryable, "retryable of {e:?}");
        assert_eq!(e.kind(), kind, "kind of {e:?}");
    }
}

#[test]
fn accessors_reach_through_wrappers() {
    let v = VenueError::new(
        StatusCode::TOO_MANY_REQUESTS,
        ErrorKind::RateLimited,
        "slow",
    )
    .with_code("10006")
    .with_retry_after(Some(Duration::from_secs(2)))
    .with_body(bytes::Bytes::from_static(br#"{"code":10006}"#));
    let e = Error::WithKey {
        key: "order-7".into(),
        source: Box::new(Error::venue(v.clone())),
    };
    assert_eq!(e.code(), Some("10006"));
    assert_eq!(e.retry_after(), Some(Duration::from_secs(2)));
    assert_eq!(e.idempotency_key(), Some("order-7"));
    assert_eq!(e.venue_error(), Some(&v));
    assert_eq!(e.venue_error().unwrap().body_text(), r#"{"code":10006}"#);
    // The wrapped error is the source, so reporters print the whole chain.
    assert!(e.source().unwrap().to_string().contains("10006"));
    assert_eq!(
        e.to_string(),
        "venue error: HTTP 429, code 10006: slow (idempotency key order-7)"
    );
    let plain = Error::invalid("size", "must be positive");
    assert_eq!(plain.code(), None);
    assert_eq!(plain.idempotency_key(), None);
    assert_eq!(plain.retry_after(), None);
}

#[test]
fn maybe_sent_errors_say_so() {
    let e = connection(Sent::Maybe);
    assert!(e.to_string().contains("may have been sent"), "{e}");
    let e = connection(Sent::No);
    assert!(e.to_string().contains("not sent"), "{e}");
}

#[test]
fn status_alone_maps_to_kinds() {
    for (status, kind) in [
        (400, ErrorKind::BadRequest),
        (401, ErrorKind::Authentication),
        (403, ErrorKind::Permission),
        (404, ErrorKind::NotFound),
        (409, ErrorKind::BadRequest),
        (429, ErrorKind::RateLimited),
        (500, ErrorKind::Unavailable),
        (503, ErrorKind::Unavailable),
        (418, ErrorKind::Other),
    ] {
        assert_eq!(
            ErrorKind::from_status(StatusCode::from_u16(status).unwrap()),
            kind,
            "{status}"
        );
    }
}

#[test]
fn body_excerpts_are_at_most_512_bytes() {
    let body = "x".repeat(100_000);
    let e = Error::decode("a", "bad", StatusCode::OK, body.as_bytes());
    let Error::Decode(d) = &e else {
        panic!("{e:?}")
    };
    let kept = d.excerpt.trim_end_matches('…');
    assert_eq!(kept.len(), BODY_EXCERPT_LIMIT);
    assert_eq!(BODY_EXCERPT_LIMIT, 512);
    assert!(format!("{e:?}").len() < 2_000);

    // Multi-byte characters split at the cut never panic and never exceed the limit.
    for pad in 0..4 {
        let mut body = "a".repeat(pad).into_bytes();
        body.extend("é€😀".repeat(400).into_bytes());
        let text = excerpt(&body);
        assert!(text.trim_end_matches('…').len() <= BODY_EXCERPT_LIMIT + 3);
        assert!(text.ends_with('…'));
    }

    // Through decode_json: a long undecodable body is cut too.
    let mut big = b"[".to_vec();
    big.extend(std::iter::repeat_n(b"1,".as_slice(), 10_000).flatten());
    big.extend_from_slice(b"oops]");
    let e = decode_json::<Vec<u32>>(StatusCode::OK, &big).unwrap_err();
    let Error::Decode(d) = e else { panic!() };
    assert!(d.excerpt.len() <= BODY_EXCERPT_LIMIT + '…'.len_utf8());

    // A venue error keeps the whole body but shows only an excerpt in Debug.
    let v = VenueError::new(StatusCode::BAD_REQUEST, ErrorKind::BadRequest, "no")
        .with_body(bytes::Bytes::from(body));
    assert_eq!(v.body.len(), 100_000);
    assert!(format!("{v:?}").len() < 2_000);
}

#[test]
fn retry_after_header_forms() {
    let mut h = HeaderMap::new();
    assert_eq!(retry_after(&h), None);
    h.insert("retry-after", HeaderValue::from_static("1"));
    assert_eq!(retry_after(&h), Some(Duration::from_secs(1)));
    h.insert("retry-after", HeaderValue::from_static("0.5"));
    assert_eq!(retry_after(&h), Some(Duration::from_millis(500)));
    h.insert("retry-after", HeaderValue::from_static("-3"));
    assert_eq!(retry_after(&h), None);
    h.insert(
        "retry-after",
        HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
    );
    assert_eq!(retry_after(&h), Some(Duration::ZERO));
    h.insert("retry-after", HeaderValue::from_static("later"));
    assert_eq!(retry_after(&h), None);
}

/// A mebibyte of venue text: ASCII with a multi-byte character straddling every likely cut.
fn mebibyte() -> String {
    let mut text = "é".repeat(300);
    text.push_str(&"m".repeat(1_048_576 - text.len()));
    assert_eq!(text.len(), 1_048_576);
    text
}

#[test]
fn venue_text_in_errors_is_bounded_and_says_it_was_cut() {
    use venue_common::error::{CODE_LIMIT, MESSAGE_LIMIT, PATH_LIMIT, REASON_LIMIT};
    let huge = mebibyte();

    let v = VenueError::new(StatusCode::BAD_REQUEST, ErrorKind::BadRequest, huge.clone())
        .with_code(huge.clone())
        .with_body(bytes::Bytes::from(huge.clone()));
    assert!(v.message.starts_with("éé"));
    assert!(v.message.len() <= MESSAGE_LIMIT + 48, "{}", v.message.len());
    assert!(
        v.message.ends_with("… (cut: 1048576 bytes in all)"),
        "{}",
        v.message
    );
    let code = v.code.as_deref().unwrap();
    assert!(code.len() <= CODE_LIMIT + 48, "{code}");
    assert!(code.ends_with("(cut: 1048576 bytes in all)"), "{code}");
    assert_eq!(v.body.len(), huge.len(), "the raw body is kept whole");
    let e = Error::venue(v.clone());
    for shown in [
        v.to_string(),
        format!("{v:?}"),
        e.to_string(),
        format!("{e:?}"),
    ] {
        assert!(shown.len() < 2_048, "{} bytes", shown.len());
        assert!(shown.contains("cut: 1048576 bytes in all"), "{shown}");
    }

    let e = Error::decode(huge.clone(), huge.clone(), StatusCode::OK, huge.as_bytes());
    let Error::Decode(d) = &e else { panic!() };
    assert!(d.reason.len() <= REASON_LIMIT + 48);
    assert!(d.path.len() <= PATH_LIMIT + 48);
    for shown in [e.to_string(), format!("{e:?}")] {
        assert!(shown.len() < 2_048, "{} bytes", shown.len());
        assert!(shown.contains("cut: 1048576 bytes in all"), "{shown}");
    }
    // The constructor applies the same bounds as `Error::decode`.
    let direct = venue_common::DecodeError::new(huge.clone(), huge.clone(), StatusCode::OK, b"");
    assert_eq!((&direct.path, &direct.reason), (&d.path, &d.reason));

    // Short text is kept as it is, without a note.
    let v = VenueError::new(StatusCode::BAD_REQUEST, ErrorKind::BadRequest, "no").with_code("7");
    assert_eq!(v.to_string(), "HTTP 400, code 7: no");
}

#[test]
fn fields_set_directly_are_still_shown_bounded() {
    let huge = mebibyte();
    let mut v = VenueError::new(StatusCode::BAD_REQUEST, ErrorKind::BadRequest, "no");
    v.message = huge.clone();
    v.code = Some(huge.clone());
    for shown in [v.to_string(), format!("{v:?}")] {
        assert!(shown.len() < 2_048, "{} bytes", shown.len());
        assert!(shown.contains("cut: 1048576 bytes in all"), "{shown}");
    }
}

#[test]
fn serde_reasons_quoting_a_huge_value_are_bounded() {
    // serde's own message quotes the string it refused: `invalid type: string "mmmm…"`.
    let body = format!(r#"{{"n":"{}"}}"#, mebibyte());
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct N {
        n: u32,
    }
    let e = decode_json::<N>(StatusCode::OK, body.as_bytes()).unwrap_err();
    let Error::Decode(d) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(d.path, "n");
    assert!(d.reason.starts_with("invalid type: string"), "{}", d.reason);
    assert!(d.reason.contains("bytes in all)"), "{}", d.reason);
    assert!(e.to_string().len() < 2_048);
    assert!(format!("{e:?}").len() < 2_048);

    // A huge key makes a huge path.
    let body = format!(r#"{{"{}":{{"n":"x"}}}}"#, mebibyte());
    let e = decode_json::<std::collections::HashMap<String, N>>(StatusCode::OK, body.as_bytes())
        .unwrap_err();
    assert!(e.to_string().len() < 2_048, "{}", e.to_string().len());
    assert!(format!("{e:?}").len() < 2_048);
}

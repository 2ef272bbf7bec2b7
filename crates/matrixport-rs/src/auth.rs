//! Matrixport's signing recipe, as pure functions, and the signer the client uses.
//!
//! The recipe (the document's Python demo, with the decisions of the project's venue notes):
//!
//! 1. every request carries `timestamp`, the time in milliseconds: in the query of a `GET`,
//!    in the JSON body of a `POST`;
//! 2. `to_sign = api_path + "&" + "&".join(f"{k}={v}" for k, v in sorted(params))` over every
//!    parameter but `signature`, `timestamp` included; values are raw (not URL-encoded),
//!    booleans `true`/`false`; a list of objects is written as Matrixport's published recipe for
//!    its sibling APIs writes it (GitHub `mtxpt/dcp-api`, `dcp_vendor_api.md`):
//!    `[k=v&k=v&k=v&k=v]`, each object's pairs sorted, the objects in list order, all joined
//!    with `&`; an object is its sorted pairs; a list of plain values is compact JSON;
//! 3. `signature = HEX(HMAC-SHA256(secret_key, to_sign))` in upper case;
//! 4. headers `X-MatrixPort-Access-Key` and `X-MatrixPort-Access-Signature`; the signature also
//!    goes among the parameters, as the demo sends it: the JSON body of a `POST`, the query of a
//!    `GET` (last, `&signature=...`), where Matrixport's sibling APIs require it. Every request
//!    also gets a fresh `x-request-id` (a UUID v4), the document's trace id.

use std::cell::Cell;
use std::fmt;
use std::sync::LazyLock;

use futures_util::future::BoxFuture;
use serde_json::{Map, Value};
use venue_common::random;
use venue_common::request::{HeaderName, HeaderValue};
use venue_common::secret::{KeyPair, SecretString, SigningKeys};
use venue_common::{
    Auth, Body, Bytes, Error, HeaderSlots, Request, Result, SignContext, Signer, sign,
};

/// Header carrying the access key.
pub const ACCESS_KEY_HEADER: &str = "x-matrixport-access-key";
/// Header carrying the signature.
pub const SIGNATURE_HEADER: &str = "x-matrixport-access-signature";
/// Header carrying the per-request trace id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// An access key and its secret key. `Debug` shows the access key's first characters only,
/// never the secret.
///
/// The HMAC key and the access key's header value are prepared once, when the credentials are
/// made.
#[derive(Clone)]
pub struct Credentials(SigningKeys);

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Credentials").field(&self.0).finish()
    }
}

impl Credentials {
    /// The API key pair from the Prime Broker console (needs Read and Earn permissions).
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Credentials::from_pair(KeyPair::new(access_key, secret_key))
    }

    fn from_pair(pair: KeyPair) -> Self {
        Credentials(SigningKeys::new(pair))
    }

    /// Reads `MATRIXPORT_ACCESS_KEY` and `MATRIXPORT_SECRET_KEY`; `None` unless both are set
    /// and not blank.
    pub fn from_env() -> Option<Self> {
        KeyPair::from_env("MATRIXPORT_ACCESS_KEY", "MATRIXPORT_SECRET_KEY")
            .map(Credentials::from_pair)
    }

    /// The access key, as sent in `X-MatrixPort-Access-Key`.
    pub fn access_key(&self) -> &str {
        self.0.key()
    }

    /// The secret key used to sign.
    pub fn secret_key(&self) -> &SecretString {
        self.0.secret()
    }
}

/// The text a parameter value contributes to the string to sign: strings raw, numbers as
/// written, booleans `true`/`false`, `null` as empty; a list of objects
/// `[k=v&k=v&k=v&k=v]` and an object `k=v&k=v` (Matrixport's recipe for its sibling APIs);
/// a list of plain values compact JSON.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        Value::Object(object) => object_text(object),
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
            let objects: Vec<String> = items
                .iter()
                .filter_map(Value::as_object)
                .map(object_text)
                .collect();
            format!("[{}]", objects.join("&"))
        }
        // serde_json writes compact JSON, the same bytes the body carries.
        other => other.to_string(),
    }
}

/// An object's fields as `k=v&k=v`, the pairs sorted as text (the recipe sorts the `k=v`
/// strings).
fn object_text(object: &Map<String, Value>) -> String {
    let mut pairs: Vec<String> = object
        .iter()
        .map(|(k, v)| format!("{k}={}", value_text(v)))
        .collect();
    pairs.sort();
    pairs.join("&")
}

/// `api_path&k1=v1&k2=v2...` with the pairs sorted by key (then value), values raw. A
/// `signature` pair is left out, as the venue leaves it out when it recomputes.
pub fn string_to_sign<K: AsRef<str>, V: AsRef<str>>(api_path: &str, params: &[(K, V)]) -> String {
    let mut pairs: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .filter(|(k, _)| *k != "signature")
        .collect();
    pairs.sort();
    let mut out = String::with_capacity(api_path.len() + 16 * pairs.len());
    out.push_str(api_path);
    for (k, v) in pairs {
        out.push('&');
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

/// The signature of `params` (timestamp included) for `api_path`: upper-case hex HMAC-SHA256.
pub fn signature<K: AsRef<str>, V: AsRef<str>>(
    secret_key: &SecretString,
    api_path: &str,
    params: &[(K, V)],
) -> String {
    sign::hmac_sha256_hex_upper(secret_key, string_to_sign(api_path, params).as_bytes())
}

/// The parameters of a JSON body object, as signed (the `signature` field excluded).
pub fn body_params(body: &Map<String, Value>) -> Vec<(String, String)> {
    body.iter()
        .filter(|(k, _)| k.as_str() != "signature")
        .map(|(k, v)| (k.clone(), value_text(v)))
        .collect()
}

/// Signs `request` in place at `timestamp_ms`: adds `timestamp` and `signature` to the query
/// (`GET`) or the body (`POST`), and the two credential headers. Pure apart from its inputs.
///
/// A body is read once, borrowed (field names and raw values, no tree of values), and kept
/// as it is with `timestamp` and `signature` appended. A body whose signed text this cannot
/// vouch for (escapes, floats, nested values, a `timestamp` or `signature` already there)
/// takes the general route through `serde_json::Value`: the same signature, the same object.
pub fn sign_request(
    credentials: &Credentials,
    request: &mut Request,
    timestamp_ms: i64,
) -> Result<()> {
    static SIGNED: LazyLock<HeaderSlots<2>> = LazyLock::new(|| {
        HeaderSlots::new([
            HeaderName::from_static(ACCESS_KEY_HEADER),
            HeaderName::from_static(SIGNATURE_HEADER),
        ])
    });
    let (key, signature) = sign_in_place(credentials, request, timestamp_ms)?;
    SIGNED.fill(&mut request.headers, [key, signature]);
    Ok(())
}

/// [`sign_request`] but for the headers: signs the query or body in place and returns the
/// values of the key and signature headers, for the signer to set with its own.
fn sign_in_place(
    credentials: &Credentials,
    request: &mut Request,
    timestamp_ms: i64,
) -> Result<(HeaderValue, HeaderValue)> {
    // The signature's hex digits: on a body, a slice of the signed body itself (it ends with
    // them), so the header shares the body's buffer instead of copying them.
    let digits: Bytes = match &request.body {
        Some(body) => {
            let (bytes, digits) = match lean_body(
                credentials.0.mac(),
                &request.path,
                &body.bytes,
                timestamp_ms,
            ) {
                Some((out, at)) => {
                    let bytes = Bytes::from(out);
                    let digits = bytes.slice(at..at + 64);
                    (bytes, digits)
                }
                None => {
                    let (out, digest) =
                        body_via_value(credentials, &request.path, &body.bytes, timestamp_ms)?;
                    (Bytes::from(out), Bytes::copy_from_slice(&digest))
                }
            };
            request.body = Some(Body::new(bytes, venue_common::request::JSON));
            digits
        }
        None => {
            request
                .query
                .retain(|(k, _)| k != "timestamp" && k != "signature");
            let ts = sign::Digits::of_i64(timestamp_ms);
            request
                .query
                .push(("timestamp".into(), ts.as_str().to_owned()));
            let message = string_to_sign(&request.path, &request.query);
            let digest = sign::hex_digest(&credentials.0.mac().sign(message.as_bytes()), true);
            // The document's demo sends `signature` among the parameters: on a GET, in the
            // query too (as the venue's sibling APIs require), besides the header.
            request.query.push((
                "signature".into(),
                String::from_utf8_lossy(&digest).into_owned(),
            ));
            Bytes::copy_from_slice(&digest)
        }
    };
    let key = credentials.0.key_header(ACCESS_KEY_HEADER)?;
    let mut sig = HeaderValue::from_maybe_shared(digits)
        .map_err(|_| Error::Config("the signature is not a header value".into()))?;
    sig.set_sensitive(true);
    Ok((key, sig))
}

/// The general route for a body: through `serde_json::Value` (keys in the map's order, values
/// re-written by `serde_json`). Returns the signed body and the signature in upper-case hex.
fn body_via_value(
    credentials: &Credentials,
    path: &str,
    bytes: &[u8],
    timestamp_ms: i64,
) -> Result<(Vec<u8>, [u8; 64])> {
    let mut object: Map<String, Value> = if bytes.is_empty() {
        Map::new()
    } else {
        match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Object(o)) => o,
            _ => {
                return Err(Error::Config(
                    "Matrixport signs JSON object bodies only".into(),
                ));
            }
        }
    };
    object.remove("signature");
    object.insert("timestamp".into(), Value::from(timestamp_ms));
    let sig = signature(credentials.secret_key(), path, &body_params(&object));
    object.insert("signature".into(), Value::String(sig.clone()));
    let bytes = serde_json::to_vec(&Value::Object(object))
        .map_err(|e| Error::Config(format!("could not serialize the body: {e}")))?;
    let mut digest = [0u8; 64];
    digest.copy_from_slice(sig.as_bytes());
    Ok((bytes, digest))
}

/// The lean route for a body (see [`sign_request`]); `None` when the body needs the general
/// route (the general route also gives the errors). Returns the signed body and where its
/// signature's 64 hex digits start.
///
/// The string to sign is fed to the HMAC piece by piece while the body is read, once: the
/// bodies this crate writes have their members sorted by name already, which is the order the
/// recipe signs them in. A body whose names are not in that order (or repeat, or include
/// `timestamp` or `signature`) takes the general route. The body itself is kept and
/// `timestamp` and `signature` are appended to it, as the document's demo adds `signature`
/// last to the dict it posts.
fn lean_body(
    mac: &sign::HmacKey,
    path: &str,
    bytes: &[u8],
    timestamp_ms: i64,
) -> Option<(Vec<u8>, usize)> {
    let ts = sign::Digits::of_i64(timestamp_ms);
    let ts = ts.as_str();
    let mut run = mac.start();
    run.update(path.as_bytes());
    let mut feed = |key: &str, text: &str| {
        run.update(b"&");
        run.update(key.as_bytes());
        run.update(b"=");
        run.update(text.as_bytes());
    };
    let mut previous: Option<&str> = None;
    let mut timestamp_fed = false;
    let (members, close) = flat_members(bytes, |key, signed| {
        if key == "signature" || key == "timestamp" || previous.is_some_and(|p| p >= key) {
            return None;
        }
        if !timestamp_fed && key > "timestamp" {
            feed("timestamp", ts);
            timestamp_fed = true;
        }
        feed(key, signed);
        previous = Some(key);
        Some(())
    })?;
    if !timestamp_fed {
        feed("timestamp", ts);
    }
    let digest = sign::hex_digest(&run.finish(), true);

    const TIMESTAMP: &[u8] = b"\"timestamp\":";
    const SIGNATURE: &[u8] = b",\"signature\":\"";
    let open = usize::from(bytes.is_empty());
    let comma = usize::from(members > 0);
    // Sized exactly, so the body becomes `Bytes` without a second allocation.
    let len = open + close + comma + TIMESTAMP.len() + ts.len() + SIGNATURE.len() + 64 + 2;
    let mut out = Vec::with_capacity(len);
    if open == 1 {
        out.push(b'{');
    }
    out.extend_from_slice(&bytes[..close]);
    if comma == 1 {
        out.push(b',');
    }
    out.extend_from_slice(TIMESTAMP);
    out.extend_from_slice(ts.as_bytes());
    out.extend_from_slice(SIGNATURE);
    let at = out.len();
    out.extend_from_slice(&digest);
    out.extend_from_slice(b"\"}");
    debug_assert_eq!(out.len(), len);
    Some((out, at))
}

/// Reads a flat JSON object and gives each member, in body order, to `member`: its name and
/// the text it contributes to the string to sign (see [`plain_scalar`]). Returns how many
/// members there were and where the object's closing `}` is; nothing is built, as the bodies
/// this crate writes are flat objects of strings, numbers and booleans. An empty body is an
/// empty object.
///
/// `None` when `member` refuses one, or for anything the lean route cannot vouch for (nested
/// values, escapes, control characters, floats, bad syntax): the general route then reads the
/// body with serde_json.
fn flat_members<'a>(
    bytes: &'a [u8],
    mut member: impl FnMut(&'a str, &'a str) -> Option<()>,
) -> Option<(usize, usize)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let b = text.as_bytes();
    let skip_ws = |mut i: usize| {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        i
    };
    // A string's end: its closing quote, provided nothing in it needs unescaping.
    let string_end = |start: usize| -> Option<usize> {
        let end = start + venue_common::api::plain_json_len(&b[start..]);
        (b.get(end) == Some(&b'"')).then_some(end)
    };
    let mut count = 0;
    if b.is_empty() {
        return Some((0, 0));
    }
    let mut i = skip_ws(0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_ws(i + 1);
    let close = if b.get(i) == Some(&b'}') {
        i
    } else {
        loop {
            if b.get(i) != Some(&b'"') {
                return None;
            }
            let key_end = string_end(i + 1)?;
            let key = &text[i + 1..key_end];
            i = skip_ws(key_end + 1);
            if b.get(i) != Some(&b':') {
                return None;
            }
            i = skip_ws(i + 1);
            let signed = if b.get(i) == Some(&b'"') {
                let end = string_end(i + 1)?;
                let inner = &text[i + 1..end];
                i = end + 1;
                inner
            } else {
                let start = i;
                while i < b.len() && !matches!(b[i], b',' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                    i += 1;
                }
                plain_scalar(&text[start..i])?
            };
            // Every delimiter above is ASCII, so the slices fall on character boundaries.
            member(key, signed)?;
            count += 1;
            i = skip_ws(i);
            match b.get(i)? {
                b',' => i = skip_ws(i + 1),
                b'}' => break i,
                _ => return None,
            }
        }
    };
    (skip_ws(close + 1) == b.len()).then_some((count, close))
}

/// The text a JSON scalar other than a string contributes to the string to sign, for the
/// values `serde_json` reads back unchanged: integers in their shortest form that fit 64 bits,
/// booleans, and `null` (empty). `None` for anything else (a float's text depends on the
/// reader: the general route decides).
fn plain_scalar(json: &str) -> Option<&str> {
    match json {
        "true" | "false" => Some(json),
        "null" => Some(""),
        _ => {
            let digits = json.strip_prefix('-').unwrap_or(json);
            let canonical = !digits.is_empty()
                && digits.len() <= 18
                && digits.bytes().all(|b| b.is_ascii_digit())
                && (digits == "0" || !digits.starts_with('0'))
                && json != "-0";
            canonical.then_some(json)
        }
    }
}

/// The client's signer: a fresh `x-request-id` on every attempt, and the signature on private
/// requests.
#[derive(Clone)]
pub(crate) struct MatrixportSigner {
    pub(crate) credentials: Option<Credentials>,
}

impl Signer for MatrixportSigner {
    fn sign<'a>(
        &'a self,
        request: &'a mut Request,
        ctx: &'a SignContext<'a>,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            // A fresh request id on every attempt; on a private request, with the key and
            // signature, all three set at once.
            static REQUEST_ID: HeaderName = HeaderName::from_static(REQUEST_ID_HEADER);
            static PRIVATE: LazyLock<HeaderSlots<3>> = LazyLock::new(|| {
                HeaderSlots::new([
                    REQUEST_ID.clone(),
                    HeaderName::from_static(ACCESS_KEY_HEADER),
                    HeaderName::from_static(SIGNATURE_HEADER),
                ])
            });
            if request.auth == Auth::Public {
                request.headers.insert(REQUEST_ID.clone(), request_id());
                return Ok(());
            }
            let Some(credentials) = &self.credentials else {
                return Err(Error::MissingCredentials(
                    "Matrixport endpoints need an access key and secret key \
                     (Client::builder().credentials(..))"
                        .into(),
                ));
            };
            let (key, signature) = sign_in_place(credentials, request, ctx.clock.now_millis())?;
            PRIVATE.fill(&mut request.headers, [request_id(), key, signature]);
            Ok(())
        })
    }
}

/// A fresh `x-request-id`: a random UUID v4, lower-case hyphenated. The random bits come from
/// a per-thread wyrand generator seeded once from [`venue_common::random`] (a trace id needs
/// uniqueness, not secrecy): every attempt draws one, and wyrand's multiply costs a fraction of
/// the two SipHash runs a draw from `random_u128` takes.
fn request_id() -> HeaderValue {
    thread_local! {
        static STATE: Cell<u64> = Cell::new(seed());
    }
    fn seed() -> u64 {
        let bits = random::random_u128();
        (bits >> 64) as u64 ^ bits as u64
    }
    // wyrand: one 128-bit multiply per 64 bits.
    let next = |state: &Cell<u64>| {
        let s = state.get().wrapping_add(0xa076_1d64_78bd_642f);
        state.set(s);
        let t = u128::from(s) * u128::from(s ^ 0xe703_7ed1_a0b4_28db);
        ((t >> 64) as u64) ^ (t as u64)
    };
    let (hi, lo) = STATE.with(|state| (next(state), next(state)));
    let mut bits = [0u8; 16];
    bits[..8].copy_from_slice(&hi.to_le_bytes());
    bits[8..].copy_from_slice(&lo.to_le_bytes());
    let text = random::uuid_hyphenated(random::uuid_v4(bits));
    HeaderValue::from_bytes(&text).expect("a UUID is a header value")
}

#[cfg(test)]
mod tests {
    use super::*;

    // Inputs and outputs from `tests/vectors/sign_vectors.py` (the document's Python demo run
    // with python3; secret "mp-test-secret-key-0001", timestamp 1695634589886).
    const SECRET: &str = "mp-test-secret-key-0001";

    #[test]
    fn document_recipe_vectors() {
        let secret = SecretString::from(SECRET.to_string());
        let get = [
            ("currency", "BTC"),
            ("from_account", "888.bal"),
            ("to_account", "888_binance_1"),
            ("timestamp", "1695634589886"),
        ];
        assert_eq!(
            string_to_sign("/credit/agency/v1/available_chains", &get),
            "/credit/agency/v1/available_chains&currency=BTC&from_account=888.bal&timestamp=1695634589886&to_account=888_binance_1"
        );
        assert_eq!(
            signature(&secret, "/credit/agency/v1/available_chains", &get),
            "DF81124AEE2949106B889A2386C855ED6CF3626100BC76FDADC2C7C5B13C10EF"
        );
    }

    // From `tests/vectors/family_vectors.py` (python3): the document's demo recipe for a GET
    // whose query carries `signature` too (it is signed without it), and Matrixport's published
    // recipe for a list of objects.
    #[test]
    fn a_get_carries_its_signature_in_the_query_and_the_header() {
        let credentials = Credentials::new("access-key-123456789", SECRET);
        let mut request = Request::get("/credit/agency/v1/allocate")
            .private()
            .query("serial_no", "1695634589886");
        sign_request(&credentials, &mut request, 1_695_634_589_886).unwrap();
        let expected = "60D4D5C417A5A118E16A7DCC5C73B043ED5EFDF6A3882E923478B7520E2C9514";
        assert_eq!(
            request.query_string(),
            format!("serial_no=1695634589886&timestamp=1695634589886&signature={expected}")
        );
        assert_eq!(
            request.headers[SIGNATURE_HEADER].to_str().unwrap(),
            expected
        );
        // Signing again (a retry) replaces both, never doubles them.
        sign_request(&credentials, &mut request, 1_695_634_589_886).unwrap();
        assert_eq!(request.query.len(), 3);
        assert_eq!(
            string_to_sign("/credit/agency/v1/allocate", &request.query),
            "/credit/agency/v1/allocate&serial_no=1695634589886&timestamp=1695634589886"
        );
    }

    #[test]
    fn lists_of_objects_follow_the_venues_recipe() {
        let secret = SecretString::from(SECRET.to_string());
        let body: Map<String, Value> = serde_json::from_str(
            r#"{"order_id": "7094504820274515968", "timestamp": 1695634589886,
                "lending_accounts": [{"account_id": "888_binance_1", "amount": "100.1"},
                                     {"account_id": "888_okex_2", "amount": "50"}]}"#,
        )
        .unwrap();
        let params = body_params(&body);
        let path = "/credit/agency/v1/order/leading_account";
        assert_eq!(
            string_to_sign(path, &params),
            "/credit/agency/v1/order/leading_account&lending_accounts=[account_id=888_binance_1\
             &amount=100.1&account_id=888_okex_2&amount=50]&order_id=7094504820274515968\
             &timestamp=1695634589886"
        );
        assert_eq!(
            signature(&secret, path, &params),
            "A3D208FBD6FC18394C1EFE8F413647A761D89CBBC4CB3E4FA94CB18904BECEA4"
        );
        // Each object's pairs are sorted, the objects keep their order.
        let body: Map<String, Value> = serde_json::from_str(
            r#"{"order_id": "7094504820274515968", "request_id": "lend_0001",
                "timestamp": 1695634589886,
                "lending_accounts": [{"amount": "5", "account_id": "a"},
                                     {"account_id": "b", "amount": "1"}]}"#,
        )
        .unwrap();
        assert_eq!(
            signature(&secret, path, &body_params(&body)),
            "597542B8049A84936E951790925ADF025C3AC1EA71E55DD1B4F942407697EAAA"
        );
        // A list of plain values stays compact JSON.
        assert_eq!(value_text(&serde_json::json!(["a", 1])), r#"["a",1]"#);
    }

    #[tokio::test]
    async fn every_attempt_gets_a_fresh_request_id() {
        let signer = MatrixportSigner {
            credentials: Some(Credentials::new("access-key-123456789", SECRET)),
        };
        let clock = venue_common::ManualClock::at_millis(1_695_634_589_886);
        let base = venue_common::Url::parse("http://127.0.0.1:1").unwrap();
        let mut ids = Vec::new();
        for attempt in 1..=2 {
            let ctx = SignContext::new(&base, attempt, &clock);
            let mut request = Request::get("/credit/agency/v1/orders").private();
            signer.sign(&mut request, &ctx).await.unwrap();
            let id = request.headers[REQUEST_ID_HEADER]
                .to_str()
                .unwrap()
                .to_string();
            let parsed = uuid::Uuid::parse_str(&id).unwrap();
            assert_eq!(parsed.get_version_num(), 4);
            ids.push(id);
        }
        assert_ne!(ids[0], ids[1]);
    }

    #[test]
    fn lean_bodies_match_the_general_route() {
        let credentials = Credentials::new("access-key-123456789", SECRET);
        let bodies: &[&str] = &[
            "",
            "{}",
            r#"{"amount":"123.45","currency":"USDT","from_account":"606113.bal","serial_no":"s1","to_account":"606113_binance_1"}"#,
            r#"{"z":1,"a":-7,"m":true,"n":null,"f":false,"zero":0}"#,
            r#"{"signature":"OLD","timestamp":1,"b":"x"}"#,
            r#"{ "b" : "x" , "a" : 2 }"#,
            r#"{"esc":"a\"b","u":"\u00e9"}"#,
            r#"{"f":1.50,"e":1e3,"neg0":-0,"big":123456789012345678901}"#,
            r#"{"nested":{"b":1,"a":2},"list":[1,"x"]}"#,
            r#"{"é":"ü","k":"日本"}"#,
            r#"{"dup":1,"dup":2}"#,
            "[1,2]",
            "\"text\"",
            "not json",
            r#"{"a":1}x"#,
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{"a":"unterminated}"#,
            r#"{"a":"tab	here"}"#,
            "{\"a\":\"raw\u{1}control\"}",
            r#"{"a":1 "b":2}"#,
            r#"{"a":tru}"#,
            r#"{"k\u0061":1}"#,
            " {\"b\":\"x\"}\n",
        ];
        // A long body, its names in the order the recipe signs them.
        let members: Vec<String> = (0..40).map(|i| format!("\"k{i:02}\":{i}")).collect();
        let long = format!("{{{}}}", members.join(","));
        for body in bodies.iter().copied().chain([long.as_str()]) {
            let general = body_via_value(&credentials, "/p/x", body.as_bytes(), 1_695_634_589_886);
            let mut request =
                Request::post("/p/x").body(body.as_bytes().to_vec(), "application/json");
            let lean = sign_request(&credentials, &mut request, 1_695_634_589_886);
            match general {
                Ok((bytes, digest)) => {
                    lean.unwrap();
                    // The same object (member order aside: JSON objects have none).
                    let sent: Value = serde_json::from_slice(request.body_bytes()).unwrap();
                    let general: Value = serde_json::from_slice(&bytes).unwrap();
                    assert_eq!(sent, general, "{body}");
                    assert_eq!(
                        request.headers[SIGNATURE_HEADER].as_bytes(),
                        &digest[..],
                        "{body}"
                    );
                }
                Err(_) => assert!(lean.is_err(), "{body}"),
            }
        }
    }

    #[test]
    fn request_ids_are_v4_uuids() {
        let a = request_id();
        let b = request_id();
        assert_ne!(a, b);
        let parsed = uuid::Uuid::parse_str(a.to_str().unwrap()).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122);
        assert_eq!(a.to_str().unwrap(), a.to_str().unwrap().to_lowercase());
    }

    #[test]
    fn debug_hides_credentials() {
        let c = Credentials::new("access-key-123456789", "very-secret-value");
        let d = format!("{c:?}");
        assert!(!d.contains("very-secret"));
        assert!(!d.contains("123456789"));
    }
}

//! The venue's check of a signed request, written from the document's Python demo, the
//! decisions recorded beside it (`VENUES.md`) and what public clients of the live venue show,
//! never through this crate's signer:
//!
//! ```text
//! to_sign   = api_path + "&" + "&".join(f"{k}={v}" for k, v in sorted(params))
//! signature = HEX(HMAC-SHA256(secret_key, to_sign)).upper()
//! ```
//!
//! - `params` are the query of a `GET` or the fields of a `POST`'s JSON body, `timestamp`
//!   included and `signature` left out (the demo sends it among the parameters; the venue
//!   leaves it out when it recomputes);
//! - values are raw: strings as they are, numbers as written, booleans `true`/`false`,
//!   `null` empty; a list of objects follows Matrixport's published recipe for its sibling APIs
//!   (GitHub `mtxpt/dcp-api`, `dcp_vendor_api.md`): `[k=v&k=v&k=v&k=v]`, each object's pairs
//!   sorted, the objects in list order, all joined with `&`; an object is its sorted pairs.
//!   Compact JSON is accepted for lists too only when
//!   [`SimConfig::strict_list_signing`](super::SimConfig::strict_list_signing) is off (it is on
//!   by default);
//! - the signature may come in the `X-MatrixPort-Access-Signature` header, among the
//!   parameters (`signature` in the query or the body), or both (then they must agree); hex
//!   digits in either case;
//! - what the live venue evidently accepts from public clients (ccxt's `js/src/matrixport.js`,
//!   "V1 auth" of the prime broker: `timestamp` as a string and `signature` only in the query or
//!   body, no signature header, lower-case hex, values URL-encoded in the string to sign) is
//!   accepted: values may be signed raw, percent-encoded (RFC 3986, space `%20`) or
//!   form-encoded (space `+`), and a `GET` may be signed over its query exactly as sent.

use serde_json::{Map, Value};
use venue_common::sim::{Request, constant_time_eq, mac};

use super::MatrixportVenue;
use super::engine::{Params, Reply};

/// The access key header.
const ACCESS_KEY: &str = "x-matrixport-access-key";
/// The signature header.
const SIGNATURE: &str = "x-matrixport-access-signature";

/// How a list of objects is written into the string to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lists {
    /// `[k=v&k=v&k=v&k=v]`, the venue family's recipe.
    Family,
    /// Compact JSON, as the body carries it.
    Json,
}

/// How a value's text is written into the string to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// As it is (the document's demo).
    Raw,
    /// Percent-encoded: RFC 3986's unreserved characters kept, space `%20`.
    Percent,
    /// Form-encoded: the same, with space `+`.
    Form,
}

impl Encoding {
    const ALL: [Encoding; 3] = [Encoding::Raw, Encoding::Percent, Encoding::Form];

    fn apply(self, text: &str) -> String {
        if self == Encoding::Raw {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        for byte in text.bytes() {
            match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    out.push(char::from(byte))
                }
                b' ' if self == Encoding::Form => out.push('+'),
                other => out.push_str(&format!("%{other:02X}")),
            }
        }
        out
    }
}

/// The text a value contributes to the string to sign.
pub(crate) fn value_text(value: &Value, lists: Lists) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        Value::Object(o) if lists == Lists::Family => pairs_text(o, lists),
        Value::Array(items)
            if lists == Lists::Family
                && !items.is_empty()
                && items.iter().all(Value::is_object) =>
        {
            let objects: Vec<String> = items
                .iter()
                .filter_map(Value::as_object)
                .map(|o| pairs_text(o, lists))
                .collect();
            format!("[{}]", objects.join("&"))
        }
        other => other.to_string(),
    }
}

/// An object's fields as `k=v&k=v`, the `k=v` texts sorted.
fn pairs_text(object: &Map<String, Value>, lists: Lists) -> String {
    let mut pairs: Vec<String> = object
        .iter()
        .map(|(k, v)| format!("{k}={}", value_text(v, lists)))
        .collect();
    pairs.sort();
    pairs.join("&")
}

/// `api_path&k=v&k=v...` over every parameter but `signature`, sorted by key then value.
#[cfg(test)]
pub(crate) fn string_to_sign(api_path: &str, params: &Map<String, Value>, lists: Lists) -> String {
    encoded_string_to_sign(api_path, params, lists, Encoding::Raw)
}

/// [`string_to_sign`] with each value's text written in `encoding`.
fn encoded_string_to_sign(
    api_path: &str,
    params: &Map<String, Value>,
    lists: Lists,
    encoding: Encoding,
) -> String {
    let pairs: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k.as_str() != "signature")
        .map(|(k, v)| (encoding.apply(k), encoding.apply(&value_text(v, lists))))
        .collect();
    join(api_path, pairs)
}

/// A `GET`'s query exactly as sent (not decoded), `signature` left out, sorted.
fn received_string_to_sign(api_path: &str, raw_query: &str) -> String {
    let pairs: Vec<(String, String)> = raw_query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (p.to_string(), String::new()),
        })
        .filter(|(k, _)| k != "signature")
        .collect();
    join(api_path, pairs)
}

fn join(api_path: &str, mut pairs: Vec<(String, String)>) -> String {
    pairs.sort();
    let mut out = String::from(api_path);
    for (k, v) in pairs {
        out.push('&');
        out.push_str(&k);
        out.push('=');
        out.push_str(&v);
    }
    out
}

/// The upper-case hex HMAC-SHA256 of `text` under `secret`.
pub(crate) fn sign(secret: &str, text: &str) -> String {
    mac::hex_upper(&mac::hmac_sha256(secret.as_bytes(), text.as_bytes()))
}

/// Whether `given` is the signature of `text`, hex digits in either case.
fn signs(secret: &str, text: &str, given: &str) -> bool {
    constant_time_eq(
        sign(secret, text).as_bytes(),
        given.to_ascii_uppercase().as_bytes(),
    )
}

/// Checks `request` (whose parameters are `params`) as the venue does. Failures the document
/// gives no code for are HTTP 401 or 400 with the status as `code`.
pub(crate) fn authenticate(
    venue: &MatrixportVenue,
    request: &Request,
    params: &Params,
    now_ms: i64,
) -> Result<(), Reply> {
    match request.header(ACCESS_KEY) {
        Some(k) if k == venue.access_key() => {}
        Some(_) => return Err(Reply::Http(401, "invalid access key".into())),
        None => return Err(Reply::Http(401, "missing X-MatrixPort-Access-Key".into())),
    }
    let in_params = match params.map().get("signature") {
        None => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => return Err(Reply::Http(401, "signature must be a string".into())),
    };
    let given = match (request.header(SIGNATURE), in_params) {
        (Some(header), Some(param)) if !header.eq_ignore_ascii_case(param) => {
            return Err(Reply::Http(
                401,
                "the signature parameter does not match X-MatrixPort-Access-Signature".into(),
            ));
        }
        (Some(header), _) => header,
        (None, Some(param)) => param,
        (None, None) => {
            return Err(Reply::Http(
                401,
                "missing signature (X-MatrixPort-Access-Signature or a signature parameter)".into(),
            ));
        }
    };
    let Some(ts) = params.i64("timestamp") else {
        return Err(Reply::Http(400, "missing timestamp".into()));
    };
    if now_ms.saturating_sub(ts).saturating_abs() > super::TIMESTAMP_WINDOW_MS {
        return Err(Reply::Http(401, "timestamp expired".into()));
    }
    let path = request.path();
    let secret = venue.secret_key();
    let lists: &[Lists] = if venue.strict_list_signing() {
        &[Lists::Family]
    } else {
        &[Lists::Family, Lists::Json]
    };
    for &l in lists {
        for encoding in Encoding::ALL {
            if signs(
                secret,
                &encoded_string_to_sign(path, params.map(), l, encoding),
                given,
            ) {
                return Ok(());
            }
        }
    }
    if params.is_query()
        && signs(
            secret,
            &received_string_to_sign(path, request.query()),
            given,
        )
    {
        return Ok(());
    }
    Err(Reply::Http(401, "signature verification failed".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document's demo, run with Python's standard library (its `sign` with the demo's
    /// data, `now = 1695634589886`, secret `demo-secret`):
    ///
    /// ```text
    /// data = {"amount": "1", "currency": "BTC", "from_account": "9547_huobi_1",
    ///         "timestamp": 1695634589886, "to_account": "9547_okex_1",
    ///         "serial_no": "1695634589886"}
    /// s = ["/credit/agency/v1/allocate"] + ["{}={}".format(j, k) for j, k in sorted(data.items())]
    /// hmac.new(b"demo-secret", "&".join(s).encode(), sha256).hexdigest().upper()
    /// ```
    #[test]
    fn signs_the_documents_demo() {
        let body: Map<String, Value> = serde_json::from_str(
            r#"{"amount": "1", "currency": "BTC", "from_account": "9547_huobi_1",
                "timestamp": 1695634589886, "to_account": "9547_okex_1",
                "serial_no": "1695634589886", "signature": "ignored"}"#,
        )
        .unwrap();
        let text = string_to_sign("/credit/agency/v1/allocate", &body, Lists::Family);
        assert_eq!(
            text,
            "/credit/agency/v1/allocate&amount=1&currency=BTC&from_account=9547_huobi_1\
             &serial_no=1695634589886&timestamp=1695634589886&to_account=9547_okex_1"
        );
        assert_eq!(sign("demo-secret", &text), PYTHON_DEMO);
    }

    const PYTHON_DEMO: &str = "D0583F5C6F5E362DF694E79898FCD800F007DD0432367304FA1168BF539F791F";

    #[test]
    // The recipe joins the objects with `&` (mtxpt/dcp-api, dcp_vendor_api.md), not `,`.
    fn lists_of_objects_follow_the_family_recipe() {
        let body: Map<String, Value> = serde_json::from_str(
            r#"{"lending_accounts": [{"amount": "5", "account_id": "a"}, {"account_id": "b", "amount": "1"}], "flag": true}"#,
        )
        .unwrap();
        assert_eq!(
            string_to_sign("/p", &body, Lists::Family),
            "/p&flag=true&lending_accounts=[account_id=a&amount=5&account_id=b&amount=1]"
        );
        assert_eq!(
            string_to_sign("/p", &body, Lists::Json),
            r#"/p&flag=true&lending_accounts=[{"account_id":"a","amount":"5"},{"account_id":"b","amount":"1"}]"#
        );
    }

    #[test]
    fn values_may_be_signed_url_encoded() {
        let params: Map<String, Value> =
            serde_json::from_str(r#"{"note": "a b/c", "timestamp": "1"}"#).unwrap();
        assert_eq!(
            encoded_string_to_sign("/p", &params, Lists::Family, Encoding::Percent),
            "/p&note=a%20b%2Fc&timestamp=1"
        );
        assert_eq!(
            encoded_string_to_sign("/p", &params, Lists::Family, Encoding::Form),
            "/p&note=a+b%2Fc&timestamp=1"
        );
        assert_eq!(
            received_string_to_sign("/p", "timestamp=1&note=a+b%2Fc&signature=x"),
            "/p&note=a+b%2Fc&timestamp=1"
        );
    }
}

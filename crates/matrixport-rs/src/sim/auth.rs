//! The venue's check of a signed request, written from the document's Python demo and the
//! decisions recorded beside it (`VENUES.md`), never through this crate's signer:
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
//!   `null` empty, objects compact JSON;
//! - a list of objects follows the venue family's recipe, `[k=v&k=v,k=v&k=v]` (each object's
//!   fields sorted); compact JSON is also accepted for it unless
//!   [`SimConfig::strict_list_signing`](super::SimConfig::strict_list_signing) is set, because
//!   the document itself never shows a list being signed.

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
    /// `[k=v&k=v,k=v&k=v]`, the venue family's recipe.
    Family,
    /// Compact JSON, as the body carries it.
    Json,
}

/// The text a value contributes to the string to sign.
pub(crate) fn value_text(value: &Value, lists: Lists) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
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
            format!("[{}]", objects.join(","))
        }
        other => other.to_string(),
    }
}

/// An object's fields as `k=v&k=v`, sorted by key.
fn pairs_text(object: &Map<String, Value>, lists: Lists) -> String {
    let mut pairs: Vec<(String, String)> = object
        .iter()
        .map(|(k, v)| (k.clone(), value_text(v, lists)))
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// `api_path&k=v&k=v...` over every parameter but `signature`, sorted by key then value.
pub(crate) fn string_to_sign(api_path: &str, params: &Map<String, Value>, lists: Lists) -> String {
    let mut pairs: Vec<(&str, String)> = params
        .iter()
        .filter(|(k, _)| k.as_str() != "signature")
        .map(|(k, v)| (k.as_str(), value_text(v, lists)))
        .collect();
    pairs.sort();
    let mut out = String::from(api_path);
    for (k, v) in pairs {
        out.push('&');
        out.push_str(k);
        out.push('=');
        out.push_str(&v);
    }
    out
}

/// The upper-case hex HMAC-SHA256 of `text` under `secret`.
pub(crate) fn sign(secret: &str, text: &str) -> String {
    mac::hex_upper(&mac::hmac_sha256(secret.as_bytes(), text.as_bytes()))
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
    let Some(given) = request.header(SIGNATURE) else {
        return Err(Reply::Http(
            401,
            "missing X-MatrixPort-Access-Signature".into(),
        ));
    };
    let Some(ts) = params.i64("timestamp") else {
        return Err(Reply::Http(400, "missing timestamp".into()));
    };
    if now_ms.saturating_sub(ts).saturating_abs() > super::TIMESTAMP_WINDOW_MS {
        return Err(Reply::Http(401, "timestamp expired".into()));
    }
    // The demo puts the signature into the body too; it must be the header's.
    if !params.is_query() {
        match params.map().get("signature") {
            Some(Value::String(s)) if s == given => {}
            _ => {
                return Err(Reply::Http(
                    401,
                    "the body's signature field does not match the header".into(),
                ));
            }
        }
    }
    let path = request.path();
    let family = sign(
        venue.secret_key(),
        &string_to_sign(path, params.map(), Lists::Family),
    );
    if constant_time_eq(family.as_bytes(), given.as_bytes()) {
        return Ok(());
    }
    if !venue.strict_list_signing() {
        let json = sign(
            venue.secret_key(),
            &string_to_sign(path, params.map(), Lists::Json),
        );
        if constant_time_eq(json.as_bytes(), given.as_bytes()) {
            return Ok(());
        }
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
    fn lists_of_objects_follow_the_family_recipe() {
        let body: Map<String, Value> = serde_json::from_str(
            r#"{"lending_accounts": [{"amount": "5", "account_id": "a"}, {"account_id": "b", "amount": "1"}], "flag": true}"#,
        )
        .unwrap();
        assert_eq!(
            string_to_sign("/p", &body, Lists::Family),
            "/p&flag=true&lending_accounts=[account_id=a&amount=5,account_id=b&amount=1]"
        );
        assert_eq!(
            string_to_sign("/p", &body, Lists::Json),
            r#"/p&flag=true&lending_accounts=[{"account_id":"a","amount":"5"},{"account_id":"b","amount":"1"}]"#
        );
    }
}

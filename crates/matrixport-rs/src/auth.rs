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

use futures::future::BoxFuture;
use serde_json::{Map, Value};
use venue_common::secret::{KeyPair, SecretString};
use venue_common::{Auth, Body, Error, Request, Result, SignContext, Signer, sign};

/// Header carrying the access key.
pub const ACCESS_KEY_HEADER: &str = "x-matrixport-access-key";
/// Header carrying the signature.
pub const SIGNATURE_HEADER: &str = "x-matrixport-access-signature";
/// Header carrying the per-request trace id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// An access key and its secret key. `Debug` shows the access key's first characters only,
/// never the secret.
#[derive(Clone, Debug)]
pub struct Credentials(KeyPair);

impl Credentials {
    /// The API key pair from the Prime Broker console (needs Read and Earn permissions).
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Credentials(KeyPair::new(access_key, secret_key))
    }

    /// Reads `MATRIXPORT_ACCESS_KEY` and `MATRIXPORT_SECRET_KEY`; `None` unless both are set
    /// and not blank.
    pub fn from_env() -> Option<Self> {
        KeyPair::from_env("MATRIXPORT_ACCESS_KEY", "MATRIXPORT_SECRET_KEY").map(Credentials)
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
pub fn sign_request(
    credentials: &Credentials,
    request: &mut Request,
    timestamp_ms: i64,
) -> Result<()> {
    let path = request.path.clone();
    let signature = match &request.body {
        Some(body) => {
            let mut object: Map<String, Value> = if body.bytes.is_empty() {
                Map::new()
            } else {
                match serde_json::from_slice::<Value>(&body.bytes) {
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
            let sig = signature(credentials.secret_key(), &path, &body_params(&object));
            object.insert("signature".into(), Value::String(sig.clone()));
            let bytes = serde_json::to_vec(&Value::Object(object))
                .map_err(|e| Error::Config(format!("could not serialize the body: {e}")))?;
            request.body = Some(Body::new(bytes, venue_common::request::JSON));
            sig
        }
        None => {
            request
                .query
                .retain(|(k, _)| k != "timestamp" && k != "signature");
            request
                .query
                .push(("timestamp".into(), timestamp_ms.to_string()));
            let sig = signature(credentials.secret_key(), &path, &request.query);
            request.query.push(("signature".into(), sig.clone()));
            sig
        }
    };
    request.set_secret_header(ACCESS_KEY_HEADER, credentials.access_key())?;
    request.set_secret_header(SIGNATURE_HEADER, &signature)?;
    Ok(())
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
            request.set_header(REQUEST_ID_HEADER, &uuid::Uuid::new_v4().to_string())?;
            if request.auth == Auth::Public {
                return Ok(());
            }
            let Some(credentials) = &self.credentials else {
                return Err(Error::MissingCredentials(
                    "Matrixport endpoints need an access key and secret key \
                     (Client::builder().credentials(..))"
                        .into(),
                ));
            };
            sign_request(credentials, request, ctx.clock.now_millis())
        })
    }
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
    fn debug_hides_credentials() {
        let c = Credentials::new("access-key-123456789", "very-secret-value");
        let d = format!("{c:?}");
        assert!(!d.contains("very-secret"));
        assert!(!d.contains("123456789"));
    }
}

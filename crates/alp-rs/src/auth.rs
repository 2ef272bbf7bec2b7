//! Authentication: the v1 HMAC recipe, the v3 JWT session and body signature, and the signer
//! that applies them.
//!
//! Everything that computes a signature is a pure function of its inputs ([`v1_message`],
//! [`v1_signature`], [`v3_body_signature`], [`jwt_expiry`]); the vectors in the tests come from
//! the venue's own Python recipes run with `python3` (`tests/vectors/alp_sign.py`).
//!
//! # v1
//! `X-SIGN = hex(HMAC-SHA256(secret, key + urlencode(sorted(payload))))` in lower case, where
//! `urlencode` is Python's (`+` for a space). A POST sends the same sorted, encoded string as its
//! `application/x-www-form-urlencoded` body; a GET signs the key alone and carries its filters in
//! the query, unsigned. `X-NONCE` is the time in milliseconds, strictly increasing, not signed.
//!
//! # v3
//! `POST /v3/auth` with `{"api_key", "api_secret"}` returns a JWT. Private calls send
//! `Authorization: Bearer <jwt>`; a request with a body also sends
//! `X-SIGN = hex(HMAC-SHA256(secret, body bytes))`. The token is fetched on first use, cached,
//! and fetched again shortly before its `exp` claim (read without verifying the signature).
//!
//! A token that cannot be used is refused when it arrives, as a decode error of the auth answer
//! (sent, HTTP status of the answer), and never cached: the next call asks again. Usable means
//! a JWT of three base64url parts (header and claims non-empty, the claims a JSON object), at
//! most [`MAX_TOKEN_LEN`] bytes, whose `exp`, when present, is a number of seconds. A token
//! without `exp` is used for [`TOKEN_LIFETIME_WITHOUT_EXP`] (5 minutes), then fetched again.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use base64::Engine as _;
use futures_util::future::BoxFuture;
use venue_common::request::{HeaderName, HeaderValue};
use venue_common::secret::{ExposeSecret, KeyPair, SecretString, SigningKeys, Token};
use venue_common::sign::{SpaceStyle, encode_sorted_query, hmac_sha256_hex};
use venue_common::{
    Auth, Core, Error, Request, Result, SharedNonces, SignContext, Signer, VenueError,
};

/// An ALP.COM API key and its secret (both APIs use the same pair).
///
/// `Debug` shows the first characters of the key only, never the secret. The HMAC key is
/// prepared once, when the credentials are made, and so is the `X-KEY` header value.
#[derive(Clone)]
pub struct Credentials(SigningKeys);

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Credentials").field(&self.0).finish()
    }
}

impl Credentials {
    /// A key and its secret.
    pub fn new(key: impl Into<String>, secret: impl Into<String>) -> Self {
        Credentials::from_pair(KeyPair::new(key, secret))
    }

    fn from_pair(pair: KeyPair) -> Self {
        Credentials(SigningKeys::new(pair))
    }

    /// Reads `ALP_API_KEY` and `ALP_API_SECRET`; `None` unless both are set and not blank.
    pub fn from_env() -> Option<Self> {
        KeyPair::from_env("ALP_API_KEY", "ALP_API_SECRET").map(Credentials::from_pair)
    }

    /// The API key (sent as `X-KEY` and in the v3 auth request).
    pub fn key(&self) -> &str {
        self.0.key()
    }

    /// The signing secret.
    pub fn secret(&self) -> &SecretString {
        self.0.secret()
    }

    /// The v1 `X-SIGN` of an already sorted and encoded payload (the form body as sent), as a
    /// sensitive header value: [`v1_signature_encoded`] under the prepared key, the key and the
    /// payload hashed in place.
    pub fn v1_sign_header(&self, encoded_payload: &str) -> HeaderValue {
        let digest = self
            .0
            .mac()
            .sign_parts(&[self.key().as_bytes(), encoded_payload.as_bytes()]);
        sensitive_hex(&digest)
    }

    /// The v3 `X-SIGN` of body bytes, as a sensitive header value: [`v3_body_signature`] under
    /// the prepared key.
    pub fn v3_sign_header(&self, body: &[u8]) -> HeaderValue {
        sensitive_hex(&self.0.mac().sign(body))
    }
}

/// A digest as a lower-case hex header value, marked sensitive.
fn sensitive_hex(digest: &[u8; 32]) -> HeaderValue {
    let mut value = HeaderValue::from_bytes(&venue_common::sign::hex_digest(digest, false))
        .expect("hex digits are a header value");
    value.set_sensitive(true);
    value
}

/// The v1 signed message: the key followed by the payload sorted by name and encoded as
/// Python's `urlencode` does (`+` for a space). An empty payload gives the key alone.
pub fn v1_message<K: AsRef<str>, V: AsRef<str>>(key: &str, payload: &[(K, V)]) -> String {
    let mut msg = String::from(key);
    msg.push_str(&encode_sorted_query(payload, SpaceStyle::Plus));
    msg
}

/// The v1 `X-SIGN` value: lower-case hex HMAC-SHA256 of [`v1_message`] under the secret.
pub fn v1_signature<K: AsRef<str>, V: AsRef<str>>(
    key: &str,
    secret: &SecretString,
    payload: &[(K, V)],
) -> String {
    hmac_sha256_hex(secret, v1_message(key, payload).as_bytes())
}

/// The v1 `X-SIGN` over an already sorted and encoded payload (the form body as sent).
pub fn v1_signature_encoded(key: &str, secret: &SecretString, encoded_payload: &str) -> String {
    let mut msg = String::with_capacity(key.len() + encoded_payload.len());
    msg.push_str(key);
    msg.push_str(encoded_payload);
    hmac_sha256_hex(secret, msg.as_bytes())
}

/// The v3 `X-SIGN` value: lower-case hex HMAC-SHA256 of the exact body bytes.
pub fn v3_body_signature(secret: &SecretString, body: &[u8]) -> String {
    hmac_sha256_hex(secret, body)
}

/// The `exp` claim (seconds since the epoch) of a JWT, read without verifying its signature.
/// `None` when the token is not a JWT or has no numeric `exp`.
pub fn jwt_expiry(token: &str) -> Option<i64> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let exp = claims.get("exp")?;
    exp.as_i64()
        .or_else(|| exp.as_f64().map(|f| f as i64))
        .or_else(|| exp.as_str().and_then(|s| s.trim().parse().ok()))
}

/// How long a token whose claims carry no `exp` is used before a new one is fetched.
pub const TOKEN_LIFETIME_WITHOUT_EXP: Duration = Duration::from_secs(5 * 60);

/// The longest token accepted (bytes); a longer one is refused when it arrives.
pub const MAX_TOKEN_LEN: usize = 8 * 1024;

/// Checks that a token can be used: a JWT of three base64url parts (header and claims
/// non-empty; the signature may be empty), at most [`MAX_TOKEN_LEN`] bytes, its claims a JSON
/// object whose `exp`, when present, is a number of seconds (a JSON number or a string of
/// digits). Returns the `exp` (`None`: the claims have none), or why the token is refused.
/// A usable token is always a valid header value: base64url and dots are visible ASCII.
pub fn check_token(token: &str) -> std::result::Result<Option<i64>, &'static str> {
    if token.len() > MAX_TOKEN_LEN {
        return Err("the token is longer than any JWT the client accepts");
    }
    let parts: Vec<&str> = token.split('.').collect();
    let [header, claims, signature] = parts[..] else {
        return Err("the token is not a JWT of three parts");
    };
    let base64url = |p: &str| {
        p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if header.is_empty()
        || claims.is_empty()
        || ![header, claims, signature].iter().all(|p| base64url(p))
    {
        return Err("the token's parts are not base64url");
    }
    let engine = &base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header = engine
        .decode(header)
        .map_err(|_| "the token's header is not base64url")?;
    if !matches!(
        serde_json::from_slice(&header),
        Ok(serde_json::Value::Object(_))
    ) {
        return Err("the token's header is not a JSON object");
    }
    let claims = engine
        .decode(claims)
        .map_err(|_| "the token's claims are not base64url")?;
    let Ok(serde_json::Value::Object(claims)) = serde_json::from_slice(&claims) else {
        return Err("the token's claims are not a JSON object");
    };
    match claims.get("exp") {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(exp) => exp
            .as_i64()
            .or_else(|| {
                exp.as_f64()
                    .filter(|f| f.is_finite() && f.abs() < 1e15)
                    .map(|f| f as i64)
            })
            .or_else(|| exp.as_str().and_then(|s| s.trim().parse().ok()))
            .map(Some)
            .ok_or("the token's `exp` is not a number of seconds"),
    }
}

/// Which API a path belongs to (paths are below the API root, `https://www.alp.com/api` by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// HTTP API v1 (and the charts, which live beside it).
    V1,
    /// HTTP API v3.
    V3,
}

impl Api {
    /// The API of a path below the root: `/v3/...` is v3, everything else v1.
    pub fn of_path(path: &str) -> Api {
        if path == "/v3" || path.starts_with("/v3/") {
            Api::V3
        } else {
            Api::V1
        }
    }
}

/// The v3 auth path below the API root.
pub const V3_AUTH_PATH: &str = "/v3/auth";

#[derive(Default)]
struct TokenSlot {
    current: Option<CachedToken>,
    /// The venue's refusal of the last fetch and when it came, so calls that queued behind
    /// that fetch share its answer instead of asking again one after the other.
    refused: Option<(std::time::Instant, VenueError)>,
}

#[derive(Clone)]
struct CachedToken {
    token: Token,
    /// Seconds since the epoch, when the token says.
    expires_at: Option<i64>,
    generation: u64,
}

tokio::task_local! {
    /// Set by the client around a v3 call: the signer writes the generation of the token it
    /// used, so an "expired token" answer invalidates exactly that token and no newer one.
    pub(crate) static TOKEN_USED: Arc<AtomicU64>;
}

/// The signer of both APIs: v1 HMAC with a shared nonce source, v3 bearer JWT plus body
/// signature. Cheap to share; every clone of a client uses one.
pub(crate) struct AlpSigner {
    credentials: Option<Credentials>,
    nonces: SharedNonces,
    token: tokio::sync::Mutex<TokenSlot>,
    generation: AtomicU64,
    fetches: AtomicU64,
    /// A core without authentication and without pacing, sharing the HTTP pool, for `/v3/auth`.
    auth_core: Core,
    refresh_before: Duration,
}

impl fmt::Debug for AlpSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlpSigner")
            .field("credentials", &self.credentials)
            .field("nonces", &self.nonces)
            .field("refresh_before", &self.refresh_before)
            .finish_non_exhaustive()
    }
}

impl AlpSigner {
    pub(crate) fn new(
        credentials: Option<Credentials>,
        nonces: SharedNonces,
        auth_core: Core,
        refresh_before: Duration,
    ) -> Self {
        AlpSigner {
            credentials,
            nonces,
            token: tokio::sync::Mutex::new(TokenSlot::default()),
            generation: AtomicU64::new(0),
            fetches: AtomicU64::new(0),
            auth_core,
            refresh_before,
        }
    }

    pub(crate) fn nonces(&self) -> &SharedNonces {
        &self.nonces
    }

    pub(crate) fn has_credentials(&self) -> bool {
        self.credentials.is_some()
    }

    /// How many times a token was fetched from the venue.
    pub(crate) fn token_fetches(&self) -> u64 {
        self.fetches.load(Ordering::Acquire)
    }

    /// Forgets the cached token if it is still the one of `generation` (an "expired token"
    /// answer to a call that used it). A newer token is kept.
    pub(crate) async fn invalidate(&self, generation: u64) {
        let mut guard = self.token.lock().await;
        if guard
            .current
            .as_ref()
            .is_some_and(|t| t.generation == generation)
        {
            guard.current = None;
        }
    }

    /// The current token, fetched when there is none or it expires within `refresh_before`.
    /// The lock is held across the fetch, so racing callers wait for one fetch and share it.
    async fn bearer(&self, creds: &Credentials, now_secs: i64) -> Result<(Token, u64)> {
        let asked_at = std::time::Instant::now();
        let mut guard = self.token.lock().await;
        if let Some((at, refusal)) = &guard.refused
            && *at >= asked_at
        {
            return Err(Error::venue(refusal.clone()));
        }
        if let Some(cached) = guard.current.as_ref() {
            let fresh = match cached.expires_at {
                Some(exp) => now_secs + (self.refresh_before.as_secs() as i64) < exp,
                None => true,
            };
            if fresh {
                return Ok((cached.token.clone(), cached.generation));
            }
        }
        // Boxed: a fetch happens once per token, and its state machine would otherwise sit in
        // every signature's future.
        let token = match Box::pin(self.fetch_token(creds)).await {
            Ok(token) => token,
            Err(e) => {
                if let Some(v) = e.venue_error() {
                    guard.refused = Some((std::time::Instant::now(), v.clone()));
                }
                return Err(e);
            }
        };
        guard.refused = None;
        let generation = self.generation.fetch_add(1, Ordering::AcqRel) + 1;
        // `fetch_token` refused any token whose `exp` cannot be read; one without is used for
        // a bounded time.
        let expires_at = jwt_expiry(token.expose())
            .unwrap_or(now_secs.saturating_add(TOKEN_LIFETIME_WITHOUT_EXP.as_secs() as i64));
        let cached = CachedToken {
            expires_at: Some(expires_at),
            token: token.clone(),
            generation,
        };
        guard.current = Some(cached);
        Ok((token, generation))
    }

    async fn fetch_token(&self, creds: &Credentials) -> Result<Token> {
        self.fetches.fetch_add(1, Ordering::AcqRel);
        #[derive(serde::Serialize)]
        struct AuthBody<'a> {
            api_key: &'a str,
            api_secret: &'a str,
        }
        let mut request = Request::post(V3_AUTH_PATH).json(&AuthBody {
            api_key: creds.key(),
            api_secret: creds.secret().expose_secret(),
        })?;
        // The venue's Python client signs every body it sends, the auth body included.
        let sign = v3_body_signature(creds.secret(), request.body_bytes());
        request.set_secret_header("x-sign", &sign)?;
        // Obtaining a token changes nothing at the venue: safe to repeat.
        request.idempotency = venue_common::Idempotency::Safe;
        self.auth_core
            .execute(request, |resp| {
                if !resp.is_success() {
                    return Err(crate::error::from_response(Api::V3, &resp));
                }
                let token = parse_token(&resp.body).ok_or_else(|| {
                    Error::decode(
                        ".",
                        "the auth answer holds no token",
                        resp.status,
                        b"[token redacted]",
                    )
                })?;
                // Refused here, never cached: a token that cannot be sent would otherwise fail
                // every later call locally, without asking the venue again.
                if let Err(why) = check_token(token.expose()) {
                    return Err(Error::decode(
                        "token",
                        format!(
                            "ALP.COM's v3 auth answer holds a token that cannot be used: {why}"
                        ),
                        resp.status,
                        b"[token redacted]",
                    ));
                }
                Ok(token)
            })
            .await
    }
}

/// Reads the token from the auth answer: a JSON string, a JSON object with `token`,
/// `access_token` or `jwt`, or plain text.
fn parse_token(body: &[u8]) -> Option<Token> {
    let text = std::str::from_utf8(body).ok()?.trim();
    if text.is_empty() {
        return None;
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::String(s)) if !s.is_empty() => Some(Token::new(s)),
        Ok(serde_json::Value::Object(map)) => ["token", "access_token", "jwt"]
            .iter()
            .find_map(|k| map.get(*k).and_then(|v| v.as_str()))
            .filter(|s| !s.is_empty())
            .map(Token::new),
        Ok(_) => None,
        Err(_) if !text.contains(char::is_whitespace) => Some(Token::new(text)),
        Err(_) => None,
    }
}

impl Signer for AlpSigner {
    fn sign<'a>(
        &'a self,
        request: &'a mut Request,
        ctx: &'a SignContext<'a>,
    ) -> BoxFuture<'a, Result<()>> {
        // A public request is sent as built, in a future of a few bytes: the private path's
        // state machine is over a kilobyte, a size glibc serves from its locked arenas rather
        // than the thread's cache, on every call.
        if request.auth == Auth::Public {
            return Box::pin(std::future::ready(Ok(())));
        }
        Box::pin(async move {
            let Some(creds) = &self.credentials else {
                return Err(Error::MissingCredentials(
                    "this ALP.COM endpoint needs credentials (ALP_API_KEY, ALP_API_SECRET)".into(),
                ));
            };
            match Api::of_path(&request.path) {
                Api::V1 => sign_v1(creds, self.nonces.next().await?, request),
                Api::V3 => {
                    let now = ctx.clock.now_millis().div_euclid(1000);
                    let (token, generation) = self.bearer(creds, now).await?;
                    let _ = TOKEN_USED.try_with(|used| used.store(generation, Ordering::Release));
                    let bearer = format!("Bearer {}", token.expose());
                    if request.set_secret_header("authorization", &bearer).is_err() {
                        // Cannot happen to a checked token; if it does, forget the token so
                        // the next call asks again, and blame the venue's answer.
                        self.invalidate(generation).await;
                        return Err(Error::decode(
                            "token",
                            "ALP.COM's v3 token is not valid in a header",
                            http::StatusCode::OK,
                            b"[token redacted]",
                        ));
                    }
                    if request.body.is_some() {
                        let sign = creds.v3_sign_header(request.body_bytes());
                        request
                            .headers
                            .insert(HeaderName::from_static("x-sign"), sign);
                    }
                    Ok(())
                }
            }
        })
    }
}

/// Signs a v1 request. The payload signed is the form body exactly as sent (the request
/// builders write it sorted and `+`-encoded); a request without a body signs the key alone.
///
/// The nonce is drawn by the caller at sign time, after pacing and under the account's v1 turn:
/// the order of nonces is the order in which requests are signed and sent.
fn sign_v1(creds: &Credentials, nonce: u64, request: &mut Request) -> Result<()> {
    let payload = match &request.body {
        None => "",
        Some(body) if body.content_type == venue_common::request::FORM => {
            std::str::from_utf8(&body.bytes)
                .map_err(|_| Error::Config("a v1 form body must be UTF-8 text".into()))?
        }
        Some(_) => {
            return Err(Error::Config(
                "v1 private requests carry form bodies (the signature covers the form)".into(),
            ));
        }
    };
    let signature = creds.v1_sign_header(payload);
    let key = creds.0.key_header("x-key")?;
    let mut digits = Vec::with_capacity(20);
    venue_common::sign::push_u64(&mut digits, nonce);
    let nonce = HeaderValue::from_bytes(&digits).expect("digits are a header value");
    let headers = &mut request.headers;
    headers.reserve(3);
    headers.insert(HeaderName::from_static("x-key"), key);
    headers.insert(HeaderName::from_static("x-sign"), signature);
    headers.insert(HeaderName::from_static("x-nonce"), nonce);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors from tests/vectors/alp_sign.py (python3, the document's `get_auth_headers`).
    const KEY: &str = "ak_7f3c2e19b4d84a6c";
    fn secret() -> SecretString {
        SecretString::from("sk_Z%2Fq9LmN4vX8pR1tY6wE3".to_string())
    }

    #[test]
    fn prepared_signatures_match_the_recipe() {
        let creds = Credentials::new(KEY, "sk_Z%2Fq9LmN4vX8pR1tY6wE3");
        let payload = "amount=1.0&pair=BTC_USD&price=870.69&type=buy";
        assert_eq!(
            creds.v1_sign_header(payload).to_str().unwrap(),
            v1_signature_encoded(KEY, &secret(), payload)
        );
        assert!(creds.v1_sign_header(payload).is_sensitive());
        assert_eq!(
            creds.v3_sign_header(b"{\"a\":1}").to_str().unwrap(),
            v3_body_signature(&secret(), b"{\"a\":1}")
        );
        assert!(!format!("{creds:?}").contains("sk_Z"));
    }

    #[test]
    fn v1_vectors_from_the_documents_python() {
        let empty: [(&str, &str); 0] = [];
        assert_eq!(v1_message(KEY, &empty), "ak_7f3c2e19b4d84a6c");
        assert_eq!(
            v1_signature(KEY, &secret(), &empty),
            "ac250a33e2ea74b8caa996904429ca09b139aee10946b76750b23d98d299e716"
        );
        let order = [
            ("type", "buy"),
            ("pair", "BTC_USD"),
            ("amount", "1.0"),
            ("price", "870.69"),
        ];
        assert_eq!(
            v1_message(KEY, &order),
            "ak_7f3c2e19b4d84a6camount=1.0&pair=BTC_USD&price=870.69&type=buy"
        );
        assert_eq!(
            v1_signature(KEY, &secret(), &order),
            "880c2abeb5eeead42a54fdf572d87e984ca90068951db3c430c81aded05d4865"
        );
        assert_eq!(
            v1_signature(KEY, &secret(), &[("order", "63568")]),
            "8afed684ab39b7a799533a6b5d5827e7892960c7be92b4fade666eddd4efd37c"
        );
        // A value with a space: Python's urlencode writes `+` (the JS example would write %20).
        let spaced = [("pair", "BTC_USD"), ("note", "a b&c"), ("amount", "0.5")];
        assert_eq!(
            v1_message(KEY, &spaced),
            "ak_7f3c2e19b4d84a6camount=0.5&note=a+b%26c&pair=BTC_USD"
        );
        assert_eq!(
            v1_signature(KEY, &secret(), &spaced),
            "467e27f4f6b79e4c3a7e053feeecf27d7e6c420c52927ea22964687165989d1c"
        );
    }

    #[test]
    fn v3_vectors_from_the_venues_python_client() {
        assert_eq!(
            v3_body_signature(
                &secret(),
                br#"{"api_key":"ak_7f3c2e19b4d84a6c","api_secret":"sk_Z%2Fq9LmN4vX8pR1tY6wE3"}"#
            ),
            "e6b3d92dc230257602819f3d5ab9e639eeb44ba00f370aac4d31b2395134fc40"
        );
        assert_eq!(
            v3_body_signature(&secret(), br#"{"order_ids":[1,5,8],"all":false}"#),
            "e28182ff174dace847f21f3c847ee20fbda50cface51d0f4213415819b2918a6"
        );
    }

    #[test]
    fn reads_exp_without_verifying() {
        // header {"alg":"HS256","typ":"JWT"}, payload {"sub":"25","exp":1700003600}
        let token =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIyNSIsImV4cCI6MTcwMDAwMzYwMH0.c2ln";
        assert_eq!(jwt_expiry(token), Some(1_700_003_600));
        assert_eq!(jwt_expiry("not a jwt"), None);
        assert_eq!(jwt_expiry("a.!!!.c"), None);
    }

    #[test]
    fn only_usable_tokens_pass_the_check() {
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let jwt = |claims: &str| format!("{}.{}.c2ln", b64(r#"{"alg":"HS256"}"#), b64(claims));
        assert_eq!(
            check_token(&jwt(r#"{"exp":1700003600}"#)),
            Ok(Some(1_700_003_600))
        );
        assert_eq!(
            check_token(&jwt(r#"{"exp":"1700003600"}"#)),
            Ok(Some(1_700_003_600))
        );
        assert_eq!(check_token(&jwt(r#"{"sub":"25"}"#)), Ok(None));
        for bad in [
            String::new(),
            "not a jwt".into(),
            "abc.def.ghi".into(),
            "a.b".into(),
            "a.b.c.d".into(),
            format!("{}\n", jwt("{}")),
            jwt(r#"{"exp":"soon"}"#),
            jwt(r#"{"exp":[1]}"#),
            jwt(r#"[1,2]"#),
            format!("{}.{}", b64("{}"), "x".repeat(MAX_TOKEN_LEN)),
            "é.é.é".into(),
        ] {
            assert!(check_token(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tokens_parse_from_json_or_text() {
        assert_eq!(
            parse_token(br#""abc.def.ghi""#).unwrap().expose(),
            "abc.def.ghi"
        );
        assert_eq!(
            parse_token(b"abc.def.ghi\n").unwrap().expose(),
            "abc.def.ghi"
        );
        assert_eq!(
            parse_token(br#"{"token":"t.u.v"}"#).unwrap().expose(),
            "t.u.v"
        );
        assert!(parse_token(b"").is_none());
        assert!(parse_token(b"<html> oops </html>").is_none());
        assert!(parse_token(b"42").is_none());
    }

    #[test]
    fn debug_hides_the_secret() {
        let c = Credentials::new("ak_7f3c2e19b4d84a6c", "sk_Z%2Fq9LmN4vX8pR1tY6wE3");
        let s = format!("{c:?}");
        assert!(!s.contains("sk_Z"), "{s}");
        assert!(!s.contains("2e19b4d84a6c"), "{s}");
    }
}

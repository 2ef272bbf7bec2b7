//! Who may call, and how often: the venue's checks written from the document's recipes and
//! the venue's own client (see `VENUES.md`), never through this crate's signer.
//!
//! - v1 private calls: `X-KEY`; `X-SIGN = hex(HMAC-SHA256(secret, key + urlencode(sorted(
//!   payload))))` in lower case, the payload being a POST's form fields (or its JSON object's
//!   fields) and nothing for a GET; `X-NONCE` an integer above the key's previous one.
//!   `urlencode` is Python's `urllib.parse.urlencode`: `quote_plus` on keys and values.
//! - v3: `POST /auth` with `{"api_key", "api_secret"}` returns a JWT (HS256, with `exp`);
//!   private calls send `Authorization: Bearer <jwt>` and, with a body,
//!   `X-SIGN = hex(HMAC-SHA256(secret, exact body bytes))`.
//! - Limits: 2 authorized calls per second per account, 100 public calls per second per IP.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use venue_common::StatusCode;
use venue_common::sim::{Fields, Json, Reply, Request, constant_time_eq, fields, mac};

use super::engine::MAIN;
use super::wire::{respond, v1_err, v3_err};
use super::{AlpVenue, now_ms};

/// Token buckets, nonces and issued JWTs.
#[derive(Default)]
pub(crate) struct AuthState {
    last_nonce: HashMap<String, u64>,
    tokens: HashMap<String, (u64, i64)>,
    pub issued: u64,
    buckets: HashMap<String, Bucket>,
    pub checks: PrivateChecks,
}

/// What the per-account limit and the v1 nonce check decided since the venue started, over
/// every connection: [`AlpVenue::private_checks`](super::AlpVenue::private_checks).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PrivateChecks {
    /// Authorized calls (v1 and v3) that passed the key, the signature, the nonce and the
    /// account's limit.
    pub accepted: u64,
    /// v1 calls refused because their nonce was not above the key's previous one.
    pub refused_nonce: u64,
    /// Authorized calls refused `429` by the account's limit.
    pub refused_rate: u64,
    /// When the first accepted call was let through.
    pub first_accepted: Option<Instant>,
    /// When the last accepted call was let through.
    pub last_accepted: Option<Instant>,
}

impl PrivateChecks {
    /// From the first to the last accepted call.
    pub fn span(&self) -> Duration {
        match (self.first_accepted, self.last_accepted) {
            (Some(first), Some(last)) => last.duration_since(first),
            _ => Duration::ZERO,
        }
    }

    /// Accepted calls per second between the first and the last accepted one (`None` before
    /// two were accepted).
    pub fn rate(&self) -> Option<f64> {
        let span = self.span().as_secs_f64();
        (self.accepted >= 2 && span > 0.0).then(|| (self.accepted - 1) as f64 / span)
    }
}

impl AuthState {
    pub(crate) fn revoke_all(&mut self) {
        self.tokens.clear();
    }
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Python's `quote_plus`: letters, digits and `_.-~` stay, a space is `+`, every other byte
/// is `%XX` (upper case).
pub(crate) fn quote_plus(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `urlencode(sorted(payload))`: pairs sorted (by key, then value), `k=v` joined with `&`.
pub(crate) fn urlencode_sorted(payload: &[(String, String)]) -> String {
    let mut pairs: Vec<&(String, String)> = payload.iter().collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", quote_plus(k), quote_plus(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The v1 `X-SIGN` the venue expects.
pub(crate) fn v1_sign(key: &str, secret: &str, payload: &[(String, String)]) -> String {
    let message = format!("{key}{}", urlencode_sorted(payload));
    mac::hex_lower(&mac::hmac_sha256(secret.as_bytes(), message.as_bytes()))
}

/// The v3 `X-SIGN` of a body.
pub(crate) fn v3_sign(secret: &str, body: &[u8]) -> String {
    mac::hex_lower(&mac::hmac_sha256(secret.as_bytes(), body))
}

/// The payload of a v1 POST: a JSON object's fields (values as their text; numbers never
/// through a binary float) when the content type says JSON, the form fields otherwise.
pub(crate) fn payload_pairs(request: &Request) -> Vec<(String, String)> {
    let json = request
        .header("content-type")
        .is_some_and(|c| c.contains("json"));
    if json {
        let Some(body) = Fields::parse(request.body()) else {
            return Vec::new();
        };
        return body
            .names()
            .map(|k| {
                let raw = body.raw(k).unwrap_or_default();
                let text = fields::scalar_text(raw).unwrap_or_else(|| raw.to_string());
                (k.to_string(), text)
            })
            .collect();
    }
    url::form_urlencoded::parse(request.body())
        .into_owned()
        .collect()
}

impl AlpVenue {
    /// Takes a token of `who`'s bucket; `false` when the limit is reached.
    pub(crate) fn allow(&self, who: String, per_second: Option<u32>) -> bool {
        let Some(rate) = per_second else { return true };
        let rate = f64::from(rate.max(1));
        let mut auth = self.auth.lock();
        let now = Instant::now();
        let b = auth.buckets.entry(who).or_insert(Bucket {
            tokens: rate,
            at: now,
        });
        b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * rate).min(rate);
        b.at = now;
        // A quarter of a token of grace absorbs network jitter for a client pacing exactly
        // at the limit.
        if b.tokens >= 0.75 {
            b.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// The account's limit (v1 and v3 together, over every connection), counted in
    /// [`PrivateChecks`]; `false` when the call must be refused `429`.
    pub(crate) fn allow_account(&self, account: u64) -> bool {
        let allowed = self.allow(format!("acct:{account}"), self.config.private_per_second);
        let mut auth = self.auth.lock();
        let checks = &mut auth.checks;
        if allowed {
            let now = Instant::now();
            checks.accepted += 1;
            checks.first_accepted.get_or_insert(now);
            checks.last_accepted = Some(now);
        } else {
            checks.refused_rate += 1;
        }
        allowed
    }

    /// Checks a v1 private request; the account when it passes.
    pub(crate) fn v1_auth(&self, request: &Request) -> Result<u64, Reply> {
        let key = request.header("x-key").unwrap_or("");
        if key != self.config.key {
            return Err(v1_err(StatusCode::UNAUTHORIZED, "Invalid API key"));
        }
        let Some(nonce) = request
            .header("x-nonce")
            .and_then(|n| n.trim().parse::<u64>().ok())
        else {
            return Err(v1_err(StatusCode::BAD_REQUEST, "Invalid nonce"));
        };
        // GET filters travel in the query, unsigned: the documents sign an empty payload.
        let payload = if *request.method() == venue_common::Method::POST {
            payload_pairs(request)
        } else {
            Vec::new()
        };
        let expected = v1_sign(key, &self.config.secret, &payload);
        let given = request.header("x-sign").unwrap_or("").to_ascii_lowercase();
        if !constant_time_eq(given.as_bytes(), expected.as_bytes()) {
            return Err(v1_err(StatusCode::UNAUTHORIZED, "Invalid signature"));
        }
        let mut auth = self.auth.lock();
        let last = auth.last_nonce.entry(key.to_string()).or_insert(0);
        if nonce <= *last {
            let refusal = v1_err(
                StatusCode::BAD_REQUEST,
                format!("Invalid nonce: must be greater than {last}"),
            );
            auth.checks.refused_nonce += 1;
            return Err(refusal);
        }
        *last = nonce;
        Ok(MAIN)
    }

    /// Issues a JWT (HS256 under the venue's own key) carrying `sub` and `exp`.
    fn issue_token(&self, account: u64) -> String {
        let ttl = i64::try_from(self.config.token_ttl.as_secs()).unwrap_or(i64::MAX);
        let exp = (now_ms() / 1000).saturating_add(ttl);
        let mut auth = self.auth.lock();
        auth.issued += 1;
        let head = mac::base64_url(br#"{"alg":"HS256","typ":"JWT"}"#);
        let claims = mac::base64_url(
            format!(r#"{{"sub":"{account}","exp":{exp},"jti":{}}}"#, auth.issued).as_bytes(),
        );
        let signing = format!("{head}.{claims}");
        let sig = mac::base64_url(&mac::hmac_sha256(
            self.token_key.as_bytes(),
            signing.as_bytes(),
        ));
        let token = format!("{signing}.{sig}");
        auth.tokens.insert(token.clone(), (account, exp));
        token
    }

    /// `POST /api/v3/auth`: the key and secret in, a JWT out.
    pub(crate) fn v3_login(&self, request: &Request) -> Reply {
        let body = Fields::parse(request.body()).unwrap_or_default();
        let (Some(key), Some(secret)) = (body.string("api_key"), body.string("api_secret")) else {
            return super::wire::form_err("api_key", "api_key and api_secret are required");
        };
        if key != self.config.key || secret != self.config.secret {
            return respond(
                StatusCode::UNAUTHORIZED,
                "text/plain",
                b"invalid api key or secret".to_vec(),
            );
        }
        if let Some(sign) = request.header("x-sign")
            && !constant_time_eq(
                sign.to_ascii_lowercase().as_bytes(),
                v3_sign(&self.config.secret, request.body()).as_bytes(),
            )
        {
            return v3_err(
                StatusCode::UNAUTHORIZED,
                "INVALID_SIGNATURE",
                "body signature mismatch",
            );
        }
        let token = self.issue_token(MAIN);
        super::wire::ok(Json::str(token))
    }

    /// Checks a v3 private request; the account when it passes.
    pub(crate) fn v3_auth(&self, request: &Request) -> Result<u64, Reply> {
        let Some(token) = request
            .header("authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
        else {
            return Err(v3_err(
                StatusCode::UNAUTHORIZED,
                "UNAUTHORIZED",
                "missing bearer token",
            ));
        };
        let found = self.auth.lock().tokens.get(token.trim()).copied();
        let Some((account, exp)) = found else {
            return Err(v3_err(
                StatusCode::UNAUTHORIZED,
                "UNAUTHORIZED",
                "invalid or revoked token",
            ));
        };
        if now_ms() / 1000 >= exp {
            return Err(v3_err(
                StatusCode::UNAUTHORIZED,
                "TOKEN_EXPIRED",
                "token is expired",
            ));
        }
        if !request.body().is_empty() {
            let expected = v3_sign(&self.config.secret, request.body());
            let given = request
                .header("x-sign")
                .map(str::to_ascii_lowercase)
                .unwrap_or_default();
            if !constant_time_eq(given.as_bytes(), expected.as_bytes()) {
                return Err(v3_err(
                    StatusCode::UNAUTHORIZED,
                    "INVALID_SIGNATURE",
                    "body signature mismatch",
                ));
            }
        }
        Ok(account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document's Python recipe, run with Python's standard library:
    ///
    /// ```text
    /// payload = {"pair": "BTC_USD", "type": "buy", "amount": "0.5", "price": "100 00"}
    /// msg = "key" + urllib.parse.urlencode(sorted(payload.items()))
    /// hmac.new(b"secret", msg.encode(), hashlib.sha256).hexdigest()
    /// ```
    #[test]
    fn v1_signs_like_the_documents_python() {
        let payload: Vec<(String, String)> = [
            ("pair", "BTC_USD"),
            ("type", "buy"),
            ("amount", "0.5"),
            ("price", "100 00"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            urlencode_sorted(&payload),
            "amount=0.5&pair=BTC_USD&price=100+00&type=buy"
        );
        assert_eq!(v1_sign("key", "secret", &payload), PYTHON_V1);
        assert_eq!(quote_plus("a/b~c é"), "a%2Fb~c+%C3%A9");
    }

    const PYTHON_V1: &str = "d5bcd6aa33c8489f6863ea41a2684268a53bccf75aaf2e9a10ca6ffcdc054ef0";
}

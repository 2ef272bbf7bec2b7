//! CoinFLEX's request signature, as pure functions, and the signer the client uses.
//!
//! The venue signs
//!
//! ```text
//! Timestamp \n Nonce \n VERB \n HOST \n PATH \n BODY
//! ```
//!
//! with HMAC-SHA256 under the API secret, base64-encoded, where
//!
//! - `Timestamp` is UTC `YYYY-MM-DDThh:mm:ss` (no fraction, no zone letter) and is sent in the
//!   `Timestamp` header;
//! - `Nonce` is an integer that only ever increases (sent in the `Nonce` header);
//! - `HOST` is the host of the base URL actually used, with `:port` when the URL names one,
//!   and no scheme;
//! - `PATH` is the request path alone (`/v2/borrow/BTC`), never the query;
//! - `BODY` is, for `GET`, the query string exactly as sent after `?`, and for `POST`/`DELETE`
//!   the exact JSON bytes sent. The `\n` before it stays when it is empty.
//!
//! Headers: `AccessKey`, `Timestamp`, `Signature`, `Nonce` and `Content-Type: application/json`.

use std::fmt;
use std::sync::{Arc, LazyLock};

use chrono::{DateTime, Datelike, Timelike, Utc};
use futures_util::future::BoxFuture;
use venue_common::request::{HeaderName, HeaderValue};
use venue_common::secret::{KeyPair, SecretString, SigningKeys};
use venue_common::{
    Auth, Error, HeaderSlots, Method, NonceSource, NonceUnit, Request, Result, SharedClock,
    SharedNonces, SignContext, Signer, Url, sign,
};

/// The header carrying the API key.
pub const HEADER_ACCESS_KEY: &str = "AccessKey";
/// The header carrying the signing time.
pub const HEADER_TIMESTAMP: &str = "Timestamp";
/// The header carrying the signature.
pub const HEADER_SIGNATURE: &str = "Signature";
/// The header carrying the nonce.
pub const HEADER_NONCE: &str = "Nonce";

/// An API key and its secret. `Debug` shows only the key's first characters, never the secret.
///
/// The HMAC key is prepared once, when the credentials are made, and the `AccessKey` header
/// value once too: signing a request pays for hashing its own message only.
#[derive(Clone)]
pub struct Credentials(SigningKeys);

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Credentials").field(&self.0).finish()
    }
}

impl Credentials {
    /// A key and its secret, as the CoinFLEX web site issues them.
    pub fn new(api_key: impl Into<String>, api_secret: impl Into<String>) -> Self {
        Credentials::from_pair(KeyPair::new(api_key, api_secret))
    }

    fn from_pair(pair: KeyPair) -> Self {
        Credentials(SigningKeys::new(pair))
    }

    /// Reads `COINFLEX_API_KEY` and `COINFLEX_API_SECRET`; `None` unless both are set and
    /// not blank.
    pub fn from_env() -> Option<Self> {
        KeyPair::from_env("COINFLEX_API_KEY", "COINFLEX_API_SECRET").map(Credentials::from_pair)
    }

    /// The API key, as sent in the `AccessKey` header.
    pub fn api_key(&self) -> &str {
        self.0.key()
    }

    /// The secret the signature is keyed with.
    pub fn secret(&self) -> &SecretString {
        self.0.secret()
    }
}

/// The `Timestamp` header's form of a time: UTC `YYYY-MM-DDThh:mm:ss`, whole seconds.
pub fn format_timestamp(time: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(19);
    push_timestamp(time, &mut out);
    out
}

/// Appends the `Timestamp` form of `time` to `out`, written by hand (what chrono's
/// `%Y-%m-%dT%H:%M:%S` writes, for years 0 to 9999; other years take chrono's route).
fn push_timestamp(time: DateTime<Utc>, out: &mut String) {
    // The fields of one naive time: each accessor of `DateTime` would convert it again.
    let time = time.naive_utc();
    let year = time.year();
    if !(0..=9999).contains(&year) {
        out.push_str(&time.format("%Y-%m-%dT%H:%M:%S").to_string());
        return;
    }
    let two = |n: u32| [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
    let y = year as u32;
    let [m0, m1] = two(time.month());
    let [d0, d1] = two(time.day());
    let [h0, h1] = two(time.hour());
    let [i0, i1] = two(time.minute());
    // A leap second reads `60`, as chrono writes it.
    let [s0, s1] = two(time.second() + u32::from(time.nanosecond() >= 1_000_000_000));
    let bytes = [
        b'0' + (y / 1000) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
        b'-',
        m0,
        m1,
        b'-',
        d0,
        d1,
        b'T',
        h0,
        h1,
        b':',
        i0,
        i1,
        b':',
        s0,
        s1,
    ];
    // Only ASCII digits and separators were written.
    out.push_str(std::str::from_utf8(&bytes).unwrap_or_default());
}

/// The `HOST` line of the message for a base URL: its host, with `:port` when the URL names a
/// port that is not the scheme's default (`127.0.0.1:8080`, `v2api.coinflex.com`).
pub fn host_of(url: &Url) -> String {
    let mut out = String::new();
    push_host(url, &mut out);
    out
}

fn push_host(url: &Url, out: &mut String) {
    out.push_str(url.host_str().unwrap_or_default());
    if let Some(port) = url.port() {
        out.push(':');
        let mut digits = Vec::with_capacity(5);
        sign::push_u64(&mut digits, u64::from(port));
        out.push_str(std::str::from_utf8(&digits).unwrap_or_default());
    }
}

/// The message CoinFLEX signs (see the module docs), byte for byte.
pub fn message(
    timestamp: &str,
    nonce: u64,
    method: &Method,
    host: &str,
    path: &str,
    body: &[u8],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + host.len() + path.len() + body.len());
    out.extend_from_slice(timestamp.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(nonce.to_string().as_bytes());
    out.push(b'\n');
    out.extend_from_slice(method.as_str().as_bytes());
    out.push(b'\n');
    out.extend_from_slice(host.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(path.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(body);
    out
}

/// `base64(HMAC-SHA256(secret, message))`: the `Signature` header's value.
pub fn signature(
    secret: &SecretString,
    timestamp: &str,
    nonce: u64,
    method: &Method,
    host: &str,
    path: &str,
    body: &[u8],
) -> String {
    sign::hmac_sha256_base64(secret, &message(timestamp, nonce, method, host, path, body))
}

/// What is signed as `BODY` for a request: the query string as sent for `GET` (and other
/// methods without a body), the body bytes otherwise.
pub fn body_for(request: &Request) -> Vec<u8> {
    match &request.body {
        Some(body) => body.bytes.to_vec(),
        None => request.query_string().into_bytes(),
    }
}

/// The full path as sent: the base URL's path prefix (if any) followed by the request path,
/// exactly as [`Request::url`] joins them.
pub fn path_for(request: &Request, base: &Url) -> String {
    request.url(base).path().to_string()
}

/// Signs requests: adds `AccessKey`, `Timestamp`, `Nonce`, `Signature` and the JSON
/// content type to private requests; public requests go out untouched.
pub struct CoinflexSigner {
    credentials: Option<Credentials>,
    nonces: SharedNonces,
}

impl fmt::Debug for CoinflexSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CoinflexSigner")
            .field("credentials", &self.credentials)
            .field("last_nonce", &self.nonces.last())
            .finish()
    }
}

impl CoinflexSigner {
    /// A signer for these credentials (or none), drawing millisecond nonces from `nonces`
    /// (the client's builder gives the account's shared source: see `CoreBuilder::nonces`).
    pub fn new(credentials: Option<Credentials>, nonces: SharedNonces) -> Self {
        CoinflexSigner {
            credentials,
            nonces,
        }
    }

    /// A signer with a nonce source of its own on `clock`.
    pub fn standalone(credentials: Option<Credentials>, clock: SharedClock) -> Self {
        CoinflexSigner::new(
            credentials,
            Arc::new(NonceSource::new(clock, NonceUnit::Millis)),
        )
    }

    /// The nonce source (shared by every client of the account).
    pub fn nonces(&self) -> &SharedNonces {
        &self.nonces
    }

    /// Signs `request` for `base` at `now` with `nonce`: the whole recipe, without I/O.
    ///
    /// The message is written once into one buffer (timestamp formatted by hand, the path as
    /// sent without building the URL, the query encoded in place) and hashed under the
    /// prepared key; the headers are inserted under names made once.
    pub fn sign_with(
        credentials: &Credentials,
        request: &mut Request,
        base: &Url,
        now: DateTime<Utc>,
        nonce: u64,
    ) -> Result<()> {
        let body_len = request.body.as_ref().map_or(64, |b| b.bytes.len());
        let mut msg = String::with_capacity(96 + body_len);
        push_timestamp(now, &mut msg);
        let timestamp_end = msg.len();
        msg.push('\n');
        let nonce_start = msg.len();
        msg.push_str(sign::Digits::of_u64(nonce).as_str());
        let nonce_end = msg.len();
        msg.push('\n');
        msg.push_str(request.method.as_str());
        msg.push('\n');
        push_host(base, &mut msg);
        msg.push('\n');
        request.push_path_as_sent(base, &mut msg);
        msg.push('\n');
        let digest = match &request.body {
            Some(body) => credentials
                .0
                .mac()
                .sign_parts(&[msg.as_bytes(), &body.bytes]),
            None => {
                request.push_query_string(&mut msg);
                credentials.0.mac().sign(msg.as_bytes())
            }
        };
        let mut sig = HeaderValue::from_bytes(&sign::base64_digest(&digest)).map_err(|_| {
            Error::Config("header `signature` holds characters HTTP refuses".into())
        })?;
        sig.set_sensitive(true);
        let key = credentials.0.key_header("accesskey")?;
        let timestamp = HeaderValue::from_str(&msg[..timestamp_end]).map_err(|_| {
            Error::Config("header `timestamp` holds characters HTTP refuses".into())
        })?;
        let nonce = HeaderValue::from_str(&msg[nonce_start..nonce_end])
            .map_err(|_| Error::Config("header `nonce` holds characters HTTP refuses".into()))?;
        // The documented header set always carries the JSON content type, GETs included. A
        // request with a body gets it from the transport (with the body), so it is set here
        // only for bodiless requests: never twice.
        static WITH_BODY: LazyLock<HeaderSlots<4>> = LazyLock::new(|| {
            HeaderSlots::new(
                ["accesskey", "timestamp", "nonce", "signature"].map(HeaderName::from_static),
            )
        });
        static BODILESS: LazyLock<HeaderSlots<5>> = LazyLock::new(|| {
            HeaderSlots::new(
                [
                    "content-type",
                    "accesskey",
                    "timestamp",
                    "nonce",
                    "signature",
                ]
                .map(HeaderName::from_static),
            )
        });
        if request.body.is_some() {
            WITH_BODY.fill(&mut request.headers, [key, timestamp, nonce, sig]);
        } else {
            let json = HeaderValue::from_static("application/json");
            BODILESS.fill(&mut request.headers, [json, key, timestamp, nonce, sig]);
        }
        Ok(())
    }
}

impl Signer for CoinflexSigner {
    fn sign<'a>(
        &'a self,
        request: &'a mut Request,
        ctx: &'a SignContext<'a>,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            if request.auth != Auth::Private {
                return Ok(());
            }
            let Some(credentials) = &self.credentials else {
                return Err(Error::MissingCredentials(
                    "CoinFLEX private endpoints need an API key and secret \
                     (ClientBuilder::credentials)"
                        .into(),
                ));
            };
            let nonce = self.nonces.next().await?;
            Self::sign_with(credentials, request, ctx.base_url, ctx.clock.now(), nonce)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn timestamp_has_no_fraction_and_no_zone() {
        let t = Utc
            .timestamp_millis_opt(1_626_433_827_616)
            .single()
            .unwrap();
        assert_eq!(format_timestamp(t), "2021-07-16T11:10:27");
        // Hand formatting is chrono's `%Y-%m-%dT%H:%M:%S`, leap second and odd years included.
        let chrono_form = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%S").to_string();
        let mut ms = -62_000_000_000_000_i64;
        while ms < 253_402_300_800_000 + 10_000_000_000_000 {
            let t = Utc.timestamp_millis_opt(ms).single().unwrap();
            assert_eq!(format_timestamp(t), chrono_form(t));
            ms += 7_777_777_777_777 / 1_000 * 997;
        }
        let leap = chrono::NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_milli_opt(23, 59, 59, 1_500)
            .unwrap()
            .and_utc();
        assert_eq!(format_timestamp(leap), chrono_form(leap));
    }

    #[test]
    fn host_keeps_explicit_ports_only() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert_eq!(
            host_of(&u("https://v2api.coinflex.com")),
            "v2api.coinflex.com"
        );
        assert_eq!(
            host_of(&u("https://v2api.coinflex.com:443/")),
            "v2api.coinflex.com"
        );
        assert_eq!(host_of(&u("http://127.0.0.1:8080")), "127.0.0.1:8080");
        assert_eq!(
            host_of(&u("https://example.com:8443/x")),
            "example.com:8443"
        );
    }

    #[test]
    fn debug_hides_the_secret() {
        let c = Credentials::new("AKEYabcdef123456", "very-secret-value");
        let d = format!("{c:?}");
        assert!(!d.contains("very-secret-value"), "{d}");
        assert!(!d.contains("abcdef123456"), "{d}");
    }
}

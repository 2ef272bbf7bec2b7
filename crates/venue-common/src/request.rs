//! A prepared request: plain data that venue crates build, signers complete and the
//! transport sends.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, Method};
/// Header names and values, for signers that insert prepared headers into [`Request::headers`].
pub use http::{HeaderName, HeaderValue};
use serde::Serialize;
use url::Url;

use crate::error::{Error, Result};
use crate::sign::{SpaceStyle, encode_component, encode_query};

/// Whether an endpoint needs credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Auth {
    /// Public: sent without credentials.
    Public,
    /// Private: the venue's signer authenticates it.
    Private,
}

/// Whether a request may be sent twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Idempotency {
    /// Reads: repeating changes nothing.
    Safe,
    /// A write carrying an idempotency key the venue honours (the key is kept for errors).
    Keyed(String),
    /// A write that must never be repeated once it may have been sent.
    Unsafe,
}

/// A request body: the exact bytes sent and their content type.
///
/// Its `Debug` shows the content type and the length only: a signed body may carry a
/// signature or a credential (some venues sign inside the body).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Body {
    /// The bytes, serialized once: these are the bytes signed and the bytes sent.
    pub bytes: Bytes,
    /// The `Content-Type` they are sent with.
    pub content_type: &'static str,
}

impl Body {
    /// A body of exact bytes sent with `content_type`.
    pub fn new(bytes: impl Into<Bytes>, content_type: &'static str) -> Self {
        Body {
            bytes: bytes.into(),
            content_type,
        }
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Body")
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

/// The `Content-Type` of JSON bodies.
pub const JSON: &str = "application/json";
/// The `Content-Type` of form bodies.
pub const FORM: &str = "application/x-www-form-urlencoded";

/// A request as data.
///
/// The query is kept as ordered pairs and encoded once, by [`Request::query_string`], both for
/// signing and for sending, so a signature always covers the bytes on the wire.
///
/// Its `Debug` never shows a credential or a signature once a signer has run: header values
/// marked sensitive print as `Sensitive`, query values whose names suggest a credential
/// (`sign`, `key`, `token`, `secret`, `pass`, `auth`) print redacted, and the body prints as its
/// content type and length.
#[derive(Clone)]
#[non_exhaustive]
pub struct Request {
    /// HTTP method.
    pub method: Method,
    /// Path below the base URL, starting with `/` (`/v2/borrow/BTC`).
    pub path: String,
    /// Query pairs, in the order they are sent. A name is usually the endpoint's own constant
    /// (borrowed, so building a request allocates nothing for it).
    pub query: Vec<(Cow<'static, str>, String)>,
    /// How spaces are written in the query.
    pub space_style: SpaceStyle,
    /// The body, if any.
    pub body: Option<Body>,
    /// Extra headers (signers add theirs here; mark secret ones sensitive).
    pub headers: HeaderMap,
    /// Public or private.
    pub auth: Auth,
    /// Whether it may be repeated.
    pub idempotency: Idempotency,
    /// The spec id of the endpoint (`borrowing_summary`), for tracing and coverage.
    pub endpoint: Option<&'static str>,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query: Vec<(&str, &str)> = self
            .query
            .iter()
            .map(|(k, v)| {
                let shown = if is_sensitive_name(k) {
                    crate::secret::REDACTED
                } else {
                    v.as_str()
                };
                (&**k, shown)
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &query)
            .field("space_style", &self.space_style)
            .field("body", &self.body)
            .field("headers", &self.headers)
            .field("auth", &self.auth)
            .field("idempotency", &self.idempotency)
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

/// Whether a query parameter's name suggests it carries a credential or a signature.
fn is_sensitive_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["sign", "key", "token", "secret", "pass", "auth"]
        .iter()
        .any(|needle| name.contains(needle))
}

impl Request {
    /// A request with no query, body or headers. Reads (`GET`, `HEAD`) are marked safe to
    /// repeat, every other method unsafe until a key is attached.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        let idempotency = if method == Method::GET || method == Method::HEAD {
            Idempotency::Safe
        } else {
            Idempotency::Unsafe
        };
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            space_style: SpaceStyle::Percent20,
            body: None,
            headers: HeaderMap::new(),
            auth: Auth::Public,
            idempotency,
            endpoint: None,
        }
    }

    /// A `GET`.
    pub fn get(path: impl Into<String>) -> Self {
        Request::new(Method::GET, path)
    }

    /// A `POST`.
    pub fn post(path: impl Into<String>) -> Self {
        Request::new(Method::POST, path)
    }

    /// A `PUT`.
    pub fn put(path: impl Into<String>) -> Self {
        Request::new(Method::PUT, path)
    }

    /// A `DELETE`.
    pub fn delete(path: impl Into<String>) -> Self {
        Request::new(Method::DELETE, path)
    }

    /// Marks the request private (signed).
    pub fn private(mut self) -> Self {
        self.auth = Auth::Private;
        self
    }

    /// Names the spec endpoint.
    pub fn endpoint(mut self, id: &'static str) -> Self {
        self.endpoint = Some(id);
        self
    }

    /// Appends a query pair.
    pub fn query(mut self, key: impl Into<Cow<'static, str>>, value: impl ToString) -> Self {
        self.query.push((key.into(), value.to_string()));
        self
    }

    /// Appends a query pair when the value is present.
    pub fn query_opt<V: ToString>(
        self,
        key: impl Into<Cow<'static, str>>,
        value: Option<V>,
    ) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// Chooses how spaces are encoded in the query.
    pub fn space_style(mut self, style: SpaceStyle) -> Self {
        self.space_style = style;
        self
    }

    /// Serializes `value` as the JSON body, once.
    pub fn json<T: Serialize + ?Sized>(mut self, value: &T) -> Result<Self> {
        let bytes = serde_json::to_vec(value)
            .map_err(|e| Error::Config(format!("could not serialize the request body: {e}")))?;
        self.body = Some(Body {
            bytes: Bytes::from(bytes),
            content_type: JSON,
        });
        Ok(self)
    }

    /// Sets a body of exact bytes.
    pub fn body(mut self, bytes: impl Into<Bytes>, content_type: &'static str) -> Self {
        self.body = Some(Body {
            bytes: bytes.into(),
            content_type,
        });
        self
    }

    /// Sets a form body from pairs, encoded in the order given.
    pub fn form<K: AsRef<str>, V: AsRef<str>>(self, pairs: &[(K, V)], style: SpaceStyle) -> Self {
        let encoded = encode_query(pairs, style);
        self.body(encoded.into_bytes(), FORM)
    }

    /// Adds a header.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Marks the request as a write carrying an idempotency key the venue honours.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency = Idempotency::Keyed(key.into());
        self
    }

    /// The query exactly as sent after `?` (empty when there is none).
    pub fn query_string(&self) -> String {
        encode_query(&self.query, self.space_style)
    }

    /// The body bytes (empty when there is none).
    pub fn body_bytes(&self) -> &[u8] {
        self.body.as_ref().map(|b| &b.bytes[..]).unwrap_or(&[])
    }

    /// Appends the query exactly as sent after `?` to `out` (nothing when there is none).
    pub fn push_query_string(&self, out: &mut String) {
        for (i, (k, v)) in self.query.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            encode_component(k, self.space_style, out);
            out.push('=');
            encode_component(v, self.space_style, out);
        }
    }

    /// The full URL this request is sent to under `base`: the base's path, then
    /// [`Request::path`], then the query.
    pub fn url(&self, base: &Url) -> Url {
        let prefix = base.path().trim_end_matches('/');
        if is_plain_path(prefix) && is_plain_path(&self.path) && self.path.starts_with('/') {
            // The joined path is one the URL parser keeps as it is: write the URL once and
            // parse it once, instead of re-serializing it for the path and for the query.
            let head = &base[..url::Position::BeforePath];
            let mut text = String::with_capacity(head.len() + prefix.len() + self.path.len() + 64);
            text.push_str(head);
            text.push_str(prefix);
            text.push_str(&self.path);
            if !self.query.is_empty() {
                let mark = text.len();
                text.push('?');
                self.push_query_string(&mut text);
                if text.len() == mark + 1 {
                    text.truncate(mark);
                }
            }
            if let Ok(url) = Url::parse(&text) {
                return url;
            }
        }
        let mut url = base.clone();
        let joined = format!("{prefix}{}", self.path);
        url.set_path(&joined);
        let query = self.query_string();
        url.set_query(if query.is_empty() { None } else { Some(&query) });
        url
    }

    /// Appends the path exactly as [`Request::url`] sends it under `base` (the base's path
    /// prefix, then [`Request::path`]; never the query) to `out`: what
    /// `request.url(base).path()` gives, without building the URL when the path needs no
    /// normalizing.
    pub fn push_path_as_sent(&self, base: &Url, out: &mut String) {
        let prefix = base.path().trim_end_matches('/');
        if is_plain_path(prefix) && is_plain_path(&self.path) && self.path.starts_with('/') {
            out.push_str(prefix);
            out.push_str(&self.path);
        } else {
            out.push_str(self.url(base).path());
        }
    }

    /// Inserts a header whose value is a credential or signature: marked sensitive so no
    /// `Debug` of the header map shows it.
    pub fn set_secret_header(&mut self, name: &'static str, value: &str) -> Result<()> {
        let mut value = HeaderValue::from_str(value)
            .map_err(|_| Error::Config(format!("header `{name}` holds characters HTTP refuses")))?;
        value.set_sensitive(true);
        self.headers.insert(header_name(name)?, value);
        Ok(())
    }

    /// Inserts a header that is not secret.
    pub fn set_header(&mut self, name: &'static str, value: &str) -> Result<()> {
        let value = HeaderValue::from_str(value)
            .map_err(|_| Error::Config(format!("header `{name}` holds characters HTTP refuses")))?;
        self.headers.insert(header_name(name)?, value);
        Ok(())
    }
}

/// Whether the URL parser keeps `path` exactly as written when it is set as a URL's path:
/// only characters it never escapes, no `%` (so no encoded dot), no empty segment and no `.`
/// or `..` segment. Anything else takes the parser's own route.
fn is_plain_path(path: &str) -> bool {
    // One pass (this runs on every signed request): every byte from the set, and each segment
    // after the first `/` neither empty nor all dots up to two (`.`, `..`).
    let finished = |len: usize, dots: usize| len != 0 && !(len == dots && len <= 2);
    let (mut after_slash, mut len, mut dots) = (false, 0, 0);
    for &b in path.as_bytes() {
        if !PLAIN_PATH_BYTES[usize::from(b)] {
            return false;
        }
        if b == b'/' {
            if after_slash && !finished(len, dots) {
                return false;
            }
            (after_slash, len, dots) = (true, 0, 0);
        } else {
            len += 1;
            dots += usize::from(b == b'.');
        }
    }
    !after_slash || finished(len, dots)
}

/// The bytes the URL parser never escapes in a path: unreserved, sub-delimiters, `:`, `@`, `/`.
const PLAIN_PATH_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
            );
        b += 1;
    }
    table
};

/// A header name from text. Upper-case letters are accepted and lowered (HTTP/1 names are
/// case-insensitive and are sent lower-case); characters HTTP refuses are a configuration
/// error rather than the panic `HeaderName::from_static` would raise.
fn header_name(name: &'static str) -> Result<HeaderName> {
    // A lower-case token name is taken as it is, without copying it.
    if !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Ok(HeaderName::from_static(name));
    }
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))
}

/// Percent-encodes one path segment (for `{asset}`-style templates): unreserved characters
/// stay, everything else (`/` included) is escaped, so a value can never change the path.
pub fn path_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    encode_component(value, SpaceStyle::Percent20, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition `is_plain_path` implements in one pass.
    fn plain_path_by_definition(path: &str) -> bool {
        path.bytes().all(|b| PLAIN_PATH_BYTES[usize::from(b)])
            && path
                .split('/')
                .skip(1)
                .all(|segment| !segment.is_empty() && segment != "." && segment != "..")
    }

    #[test]
    fn plain_paths_in_one_pass_match_the_definition() {
        // Every string of up to 6 bytes over the characters that matter.
        let alphabet = ['/', '.', 'a', '%', ' '];
        let mut paths = vec![String::new()];
        let mut frontier = vec![String::new()];
        for _ in 0..6 {
            frontier = frontier
                .iter()
                .flat_map(|p| alphabet.iter().map(move |c| format!("{p}{c}")))
                .collect();
            paths.extend(frontier.iter().cloned());
        }
        for path in paths
            .iter()
            .map(String::as_str)
            .chain(["/v2/borrow/BTC", "/a/.../b"])
        {
            assert_eq!(
                is_plain_path(path),
                plain_path_by_definition(path),
                "{path:?}"
            );
        }
    }

    #[test]
    fn url_joins_base_path_and_query() {
        let base = Url::parse("https://alp.com/api/v3/").unwrap();
        let r = Request::get("/orders")
            .query("pair", "ETH_BTC")
            .query("note", "a b");
        assert_eq!(
            r.url(&base).as_str(),
            "https://alp.com/api/v3/orders?pair=ETH_BTC&note=a%20b"
        );
        let base = Url::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            Request::get("/v2/x").url(&base).as_str(),
            "http://127.0.0.1:8080/v2/x"
        );
    }

    #[test]
    fn fast_urls_match_the_parser() {
        let bases = [
            "https://alp.com/api/v3/",
            "https://alp.com/api",
            "http://127.0.0.1:8080",
            "https://h.example:443/a%20b/",
            "https://h.example/./x/../y",
        ];
        let paths = [
            "/orders",
            "/v2/borrow/BTC",
            "/a b",
            "/x/../y",
            "/x/./y",
            "//x",
            "/",
            "/é",
            "/%2e%2E/x",
            "/a:b@c;d=e,f!g$h&i'j(k)l*m+n~o",
            "relative",
            "",
            "/trailing/",
            "/q?x",
            "/h#x",
        ];
        for base in bases {
            let base = Url::parse(base).unwrap();
            for path in paths {
                for query in [&[][..], &[("a", "b c"), ("", "")], &[("", "")]] {
                    let mut r = Request::get(path);
                    for (k, v) in query {
                        r = r.query(*k, v);
                    }
                    // The reference: the parser's own route.
                    let mut slow = base.clone();
                    slow.set_path(&format!("{}{}", base.path().trim_end_matches('/'), path));
                    let q = r.query_string();
                    slow.set_query(if q.is_empty() { None } else { Some(&q) });
                    assert_eq!(r.url(&base), slow, "{base} {path} {query:?}");
                    let mut p = String::new();
                    r.push_path_as_sent(&base, &mut p);
                    assert_eq!(p, slow.path(), "{base} {path}");
                }
            }
        }
    }

    #[test]
    fn idempotency_defaults_from_method() {
        assert_eq!(Request::get("/").idempotency, Idempotency::Safe);
        assert_eq!(Request::post("/").idempotency, Idempotency::Unsafe);
        assert_eq!(
            Request::post("/").idempotency_key("k").idempotency,
            Idempotency::Keyed("k".into())
        );
    }

    #[test]
    fn segments_cannot_escape() {
        assert_eq!(path_segment("BTC"), "BTC");
        assert_eq!(path_segment("../x y"), "..%2Fx%20y");
    }

    #[test]
    fn debug_hides_signed_query_values_and_bodies() {
        let r = Request::post("/o")
            .query("symbol", "BTC")
            .query("signature", "deadbeef01")
            .query("apiKey", "key-value-02")
            .json(&serde_json::json!({"sign": "cafe03"}))
            .unwrap();
        let dbg = format!("{r:?}");
        assert!(dbg.contains("BTC"), "{dbg}");
        assert!(dbg.contains("signature"), "{dbg}");
        for hidden in ["deadbeef01", "key-value-02", "cafe03"] {
            assert!(!dbg.contains(hidden), "{dbg}");
        }
        assert!(dbg.contains("len: 17"), "{dbg}");
        // The data itself is untouched.
        assert_eq!(
            r.query_string(),
            "symbol=BTC&signature=deadbeef01&apiKey=key-value-02"
        );
    }

    #[test]
    fn secret_headers_are_sensitive() {
        let mut r = Request::get("/");
        r.set_secret_header("signature", "abcdef").unwrap();
        assert!(r.headers.get("signature").unwrap().is_sensitive());
        assert!(!format!("{r:?}").contains("abcdef"));
    }
}

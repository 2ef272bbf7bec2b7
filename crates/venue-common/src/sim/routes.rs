//! Routing by endpoint id: each endpoint of a venue's spec gets one handler, found by the
//! endpoint's method and path template; requests and answers as plain data.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;

use bytes::Bytes;
use http::header::HeaderName;
use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};

use crate::Endpoint;

/// One request as the handler sees it: read whole, with the endpoint it was routed to.
pub struct Request {
    pub(crate) method: Method,
    pub(crate) uri: Uri,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) peer: SocketAddr,
    pub(crate) endpoint: Endpoint,
    pub(crate) params: Params,
}

impl Request {
    /// A request built by hand, for unit tests of handlers.
    pub fn new(method: Method, uri: Uri, endpoint: Endpoint) -> Request {
        Request {
            method,
            uri,
            headers: HeaderMap::new(),
            body: Bytes::new(),
            peer: SocketAddr::from(([127, 0, 0, 1], 0)),
            endpoint,
            params: Vec::new(),
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The URI as received (path and query, percent-encoded as sent).
    pub fn uri(&self) -> &Uri {
        &self.uri
    }

    /// The path as received, percent-encoded as sent, with the base path still in front.
    pub fn path(&self) -> &str {
        self.uri.path()
    }

    /// The raw query string as received (`""` when there is none).
    pub fn query(&self) -> &str {
        self.uri.query().unwrap_or("")
    }

    /// The query decoded into pairs, in order (`+` is a space, as in forms).
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.query().as_bytes())
            .into_owned()
            .collect()
    }

    /// The query decoded into a map (the last of repeated names wins).
    pub fn query_map(&self) -> HashMap<String, String> {
        self.query_pairs().into_iter().collect()
    }

    /// Every header.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header's value, when present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body bytes, exactly as received.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The client's address.
    pub fn peer(&self) -> SocketAddr {
        self.peer
    }

    /// The endpoint the request was routed to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// A `{name}` parameter of the path template, percent-decoded.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets a header (for unit tests of handlers).
    pub fn with_header(mut self, name: &'static str, value: &str) -> Request {
        if let Ok(v) = HeaderValue::from_str(value) {
            self.headers.insert(HeaderName::from_static(name), v);
        }
        self
    }

    /// Sets the body (for unit tests of handlers).
    pub fn with_body(mut self, body: impl Into<Bytes>) -> Request {
        self.body = body.into();
        self
    }

    /// Sets a path parameter (for unit tests of handlers).
    pub fn with_param(mut self, name: &'static str, value: impl Into<String>) -> Request {
        self.params.push((name, value.into()));
        self
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Headers stay out: they carry keys and signatures.
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.uri.path())
            .field("endpoint", &self.endpoint.id)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// One answer: status, headers, body. Small (headers in a list), so handlers can return
/// `Result<_, Reply>` freely.
#[derive(Debug, Clone)]
pub struct Reply {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
}

impl Reply {
    /// An answer with this status and no body.
    pub fn empty(status: StatusCode) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    /// A JSON answer serialized from `value`.
    pub fn json(status: StatusCode, value: &serde_json::Value) -> Reply {
        Reply::json_bytes(status, value.to_string())
    }

    /// A JSON answer whose text is given as is (for exact decimals or key order).
    pub fn json_bytes(status: StatusCode, body: impl Into<Bytes>) -> Reply {
        Reply::empty(status)
            .with_header("content-type", "application/json")
            .with_body(body)
    }

    /// A `text/plain` answer.
    pub fn text(status: StatusCode, body: impl Into<Bytes>) -> Reply {
        Reply::empty(status)
            .with_header("content-type", "text/plain; charset=utf-8")
            .with_body(body)
    }

    /// Sets a header (`"retry-after"`); a name or value that is not valid is left out.
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            self.headers.retain(|(k, _)| *k != n);
            self.headers.push((n, v));
        }
        self
    }

    /// Replaces the body.
    pub fn with_body(mut self, body: impl Into<Bytes>) -> Reply {
        self.body = body.into();
        self
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// A header's value, when set and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.as_str().eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.to_str().ok())
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    pub(crate) fn into_parts(self) -> (StatusCode, HeaderMap, Bytes) {
        let mut headers = HeaderMap::with_capacity(self.headers.len());
        for (k, v) in self.headers {
            headers.insert(k, v);
        }
        (self.status, headers, self.body)
    }
}

/// What a handler may return: a [`Reply`], or a `Result` of two things that are.
pub trait IntoReply {
    /// The answer.
    fn into_reply(self) -> Reply;
}

impl IntoReply for Reply {
    fn into_reply(self) -> Reply {
        self
    }
}

impl<T: IntoReply, E: IntoReply> IntoReply for Result<T, E> {
    fn into_reply(self) -> Reply {
        match self {
            Ok(t) => t.into_reply(),
            Err(e) => e.into_reply(),
        }
    }
}

type Handler<V> = Box<dyn Fn(&V, &Request) -> Reply + Send + Sync>;

/// Path parameters captured by a match: name and percent-decoded value.
type Params = Vec<(&'static str, String)>;

pub(crate) struct Route {
    endpoint: Endpoint,
    method: Method,
    template: Vec<Segment>,
    handler: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param(&'static str),
}

/// What a path lookup found.
pub(crate) enum Found<'a> {
    /// A route, with the path parameters it captured.
    Route(&'a Route, Params),
    /// The path is served, but not with this method.
    WrongMethod,
    /// Nothing is served here.
    Nothing,
}

/// A venue's route table: endpoint id to handler.
pub struct Routes<V> {
    base_path: String,
    routes: Vec<Route>,
    handlers: Vec<Handler<V>>,
    prefix_aliases: Vec<(String, String)>,
}

impl<V> fmt::Debug for Routes<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Routes")
            .field("base_path", &self.base_path)
            .field(
                "endpoints",
                &self
                    .routes
                    .iter()
                    .map(|r| r.endpoint.id)
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// A path's segments; empty ones (a trailing slash, doubled slashes) are skipped, so
/// `/v1/pairs` and `/v1/pairs/` are one route.
fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn template_of(path: &'static str) -> Vec<Segment> {
    segments(path)
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => Segment::Param(name),
                None => Segment::Literal(s.to_string()),
            },
        )
        .collect()
}

/// Percent-decodes one path segment (`%2F` included); bytes that are not UTF-8 are replaced.
fn decode_segment(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            // Two hex digits make a value below 256.
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl<V> Routes<V> {
    /// An empty table for an API below `base_path` (`""` or `"/api"`).
    pub fn new(base_path: &str) -> Self {
        Routes {
            base_path: base_path.trim_end_matches('/').to_string(),
            routes: Vec::new(),
            handlers: Vec::new(),
            prefix_aliases: Vec::new(),
        }
    }

    /// Serves `endpoint` (its method at its path template) with `handler`.
    pub fn on<R, F>(&mut self, endpoint: Endpoint, handler: F) -> &mut Self
    where
        R: IntoReply,
        F: Fn(&V, &Request) -> R + Send + Sync + 'static,
    {
        let index = self.handlers.len();
        self.handlers.push(Box::new(move |v: &V, r: &Request| {
            handler(v, r).into_reply()
        }));
        self.routes.push(Route {
            endpoint,
            method: endpoint.method(),
            template: template_of(endpoint.path),
            handler: index,
        });
        self
    }

    /// Serves `endpoint` at one more path template too (a path the documents spell two ways),
    /// with the handler registered for it; call after [`Routes::on`].
    pub fn also_at(&mut self, endpoint: Endpoint, path: &'static str) -> &mut Self {
        if let Some(handler) = self
            .routes
            .iter()
            .find(|r| r.endpoint.id == endpoint.id)
            .map(|r| r.handler)
        {
            self.routes.push(Route {
                endpoint,
                method: endpoint.method(),
                template: template_of(path),
                handler,
            });
        }
        self
    }

    /// Serves every path that starts with `alias` as if it started with `target` instead
    /// (the document's base URL and its paths overlapping, `/v2/v2/...`). Handlers still see
    /// the path as received.
    pub fn prefix_alias(&mut self, alias: &str, target: &str) -> &mut Self {
        self.prefix_aliases
            .push((alias.to_string(), target.to_string()));
        self
    }

    /// Whether an endpoint id has a handler.
    pub fn handles(&self, id: &str) -> bool {
        self.routes.iter().any(|r| r.endpoint.id == id)
    }

    /// Finds the route of `method` at `path` (as received, base path included).
    pub(crate) fn find(&self, method: &Method, path: &str) -> Found<'_> {
        let Some(below) = path.strip_prefix(self.base_path.as_str()) else {
            return Found::Nothing;
        };
        // `/api` is a base of `/api/v1` but not of `/apiv1`.
        if !(self.base_path.is_empty() || below.is_empty() || below.starts_with('/')) {
            return Found::Nothing;
        }
        let aliased = self.prefix_aliases.iter().find_map(|(alias, target)| {
            below
                .strip_prefix(alias.as_str())
                .map(|rest| format!("{target}{rest}"))
        });
        let below = aliased.as_deref().unwrap_or(below);
        let got: Vec<&str> = segments(below).collect();
        let mut wrong_method = false;
        // Literal segments win over parameters (`/order/open` before `/order/{id}`): the best
        // match is the one with the most literal segments.
        let mut best: Option<(&Route, Params, usize)> = None;
        for route in &self.routes {
            let Some(params) = match_template(&route.template, &got) else {
                continue;
            };
            if route.method != *method {
                wrong_method = true;
                continue;
            }
            let literals = route
                .template
                .iter()
                .filter(|s| matches!(s, Segment::Literal(_)))
                .count();
            if best.as_ref().is_none_or(|(_, _, l)| literals > *l) {
                best = Some((route, params, literals));
            }
        }
        match best {
            Some((route, params, _)) => Found::Route(route, params),
            None if wrong_method => Found::WrongMethod,
            None => Found::Nothing,
        }
    }

    pub(crate) fn call(&self, handler: usize, venue: &V, request: &Request) -> Reply {
        match self.handlers.get(handler) {
            Some(h) => h(venue, request),
            None => Reply::empty(StatusCode::INTERNAL_SERVER_ERROR),
        }
    }
}

impl Route {
    pub(crate) fn endpoint(&self) -> Endpoint {
        self.endpoint
    }

    pub(crate) fn handler(&self) -> usize {
        self.handler
    }
}

fn match_template(template: &[Segment], got: &[&str]) -> Option<Params> {
    if template.len() != got.len() {
        return None;
    }
    let mut params = Vec::new();
    for (seg, raw) in template.iter().zip(got) {
        match seg {
            Segment::Literal(l) if l == raw => {}
            Segment::Literal(_) => return None,
            Segment::Param(name) => params.push((*name, decode_segment(raw))),
        }
    }
    Some(params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Auth;

    use crate::HttpMethod;

    const OPEN: Endpoint = Endpoint::new("open", HttpMethod::Get, "/v1/orders/open");
    const ONE: Endpoint = Endpoint::new("one", HttpMethod::Get, "/v1/orders/{id}");
    const CANCEL: Endpoint =
        Endpoint::new("cancel", HttpMethod::Post, "/v1/orders/{id}/cancel").auth(Auth::Private);
    const PAIRS: Endpoint = Endpoint::new("pairs", HttpMethod::Get, "/v1/pairs/");

    fn table(base: &str) -> Routes<()> {
        let mut r = Routes::new(base);
        r.on(ONE, |_: &(), _: &Request| Reply::empty(StatusCode::OK))
            .on(OPEN, |_: &(), _: &Request| Reply::empty(StatusCode::OK))
            .on(CANCEL, |_: &(), _: &Request| Reply::empty(StatusCode::OK))
            .on(PAIRS, |_: &(), _: &Request| Reply::empty(StatusCode::OK))
            .also_at(PAIRS, "/v1/markets")
            .prefix_alias("/v1/v1/", "/v1/");
        r
    }

    fn id_of(
        r: &Routes<()>,
        m: Method,
        path: &str,
    ) -> Option<(&'static str, Vec<(&'static str, String)>)> {
        match r.find(&m, path) {
            Found::Route(route, params) => Some((route.endpoint.id, params)),
            _ => None,
        }
    }

    #[test]
    fn literals_win_and_params_are_decoded() {
        let r = table("");
        assert_eq!(id_of(&r, Method::GET, "/v1/orders/open").unwrap().0, "open");
        let (id, params) = id_of(&r, Method::GET, "/v1/orders/a%2Fb").unwrap();
        assert_eq!((id, params), ("one", vec![("id", "a/b".to_string())]));
        assert_eq!(
            id_of(&r, Method::POST, "/v1/orders/7/cancel").unwrap().0,
            "cancel"
        );
        assert_eq!(id_of(&r, Method::GET, "/v1/pairs").unwrap().0, "pairs");
        assert_eq!(id_of(&r, Method::GET, "/v1/pairs/").unwrap().0, "pairs");
        assert_eq!(id_of(&r, Method::GET, "/v1/markets").unwrap().0, "pairs");
        assert_eq!(
            id_of(&r, Method::GET, "/v1/v1/orders/open").unwrap().0,
            "open"
        );
        assert!(matches!(
            r.find(&Method::DELETE, "/v1/orders/7"),
            Found::WrongMethod
        ));
        assert!(matches!(
            r.find(&Method::GET, "/v2/orders/7"),
            Found::Nothing
        ));
        assert!(r.handles("cancel") && !r.handles("nope"));
    }

    #[test]
    fn a_base_path_is_required_and_stripped() {
        let r = table("/api");
        assert_eq!(
            id_of(&r, Method::GET, "/api/v1/orders/open").unwrap().0,
            "open"
        );
        assert!(id_of(&r, Method::GET, "/v1/orders/open").is_none());
        assert!(id_of(&r, Method::GET, "/apiv1/orders/open").is_none());
    }

    #[test]
    fn bad_percent_escapes_stay_as_sent() {
        assert_eq!(decode_segment("100%"), "100%");
        assert_eq!(decode_segment("%zz%41"), "%zzA");
        assert_eq!(decode_segment("%ff"), "\u{fffd}");
    }
}

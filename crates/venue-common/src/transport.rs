//! The HTTP transport: one pooled `reqwest::Client`, bounded in time and in body size.

use std::error::Error as _;
use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::error::{Error, Result, Sent};
use crate::request::Request;

/// Default bound on establishing a connection (TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default bound on a whole attempt, from connecting to the last byte of the body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default cap on an answer's body; larger bodies are refused without reading them whole.
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// How the transport is set up.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TransportConfig {
    /// Bound on connecting (ignored for an injected client, which keeps its own).
    pub connect_timeout: Duration,
    /// Bound on a whole attempt; applies to injected clients too.
    pub timeout: Duration,
    /// `User-Agent` header, `<crate>/<version>` by default.
    pub user_agent: String,
    /// Cap on an answer's body in bytes.
    pub max_body_bytes: usize,
}

impl TransportConfig {
    /// Defaults with the given user agent.
    pub fn new(user_agent: impl Into<String>) -> Self {
        TransportConfig {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: user_agent.into(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }
}

impl TransportConfig {
    /// The HTTP client these options describe: pooled, bounded by the timeouts, following no
    /// redirect (a redirect would carry key and signature headers to another host).
    pub fn build_client(&self) -> Result<reqwest::Client> {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .user_agent(self.user_agent.clone())
            .build()
            .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))
    }
}

/// An answer: status, headers and the body bytes. Built with [`Response::new`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Response {
    /// HTTP status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
}

impl Response {
    /// An answer from its parts (tests and decoders of recorded answers build them).
    pub fn new(status: StatusCode, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        Response {
            status,
            headers,
            body: body.into(),
        }
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    /// Decodes the body as JSON, naming the path that failed.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        decode_json(self.status, &self.body)
    }
}

/// Decodes JSON bytes into `T`; a failure names the JSON path (`data.items[3].price`) and keeps
/// an excerpt of the body.
///
/// The path is found by walking the body up to where serde_json stopped, so a failure costs
/// one walk over the body rather than a second, path-tracking decode (which compiled every
/// model's decoder twice).
pub fn decode_json<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| {
        let reason = e.to_string();
        let path = crate::json_path::at(body, e.line(), e.column(), &reason);
        Error::decode(path, reason, status, body)
    })
}

/// Sends prepared requests to one base URL.
#[derive(Clone)]
pub struct Transport {
    http: reqwest::Client,
    base_url: Url,
    timeout: Duration,
    max_body_bytes: usize,
    /// The `User-Agent` header, made once (`None` when the text is not a header value: the
    /// client's own, if any, is sent then).
    user_agent: Option<HeaderValue>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.base_url.as_str())
            .field("timeout", &self.timeout)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

impl Transport {
    /// A transport to `base_url`. With `http` given, that client is used as is (its proxies,
    /// TLS, pool and redirect policy) and only the total timeout and user agent are applied per
    /// request. The client built otherwise follows no redirect, so credentials never leave for
    /// another host.
    pub fn new(
        base_url: Url,
        config: TransportConfig,
        http: Option<reqwest::Client>,
    ) -> Result<Self> {
        if !matches!(base_url.scheme(), "http" | "https") || base_url.host().is_none() {
            return Err(Error::Config(format!(
                "base URL `{base_url}` is not an http(s) URL with a host"
            )));
        }
        let http = match http {
            Some(client) => client,
            // Redirects are not followed: reqwest would carry the venue's key and signature
            // headers (and, in `Referer`, a signed query) to whatever host the `Location`
            // names. A 3xx reaches the venue crate's decoder as an answer instead.
            None => config.build_client()?,
        };
        Ok(Transport {
            http,
            base_url,
            timeout: config.timeout,
            max_body_bytes: config.max_body_bytes,
            user_agent: HeaderValue::from_str(&config.user_agent).ok(),
        })
    }

    /// The base URL.
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// The per-attempt bound.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Sends one attempt and reads the whole body (up to the cap).
    pub async fn send(&self, request: &Request) -> Result<Response> {
        self.send_owned(request.clone()).await
    }

    /// Sends one attempt of a request given away (its headers and body move into the HTTP
    /// request instead of being copied) and reads the whole body (up to the cap).
    ///
    /// The HTTP request is made before the future is: what the future keeps while it waits is
    /// only the answer in progress, so a call in flight holds a few hundred bytes here rather
    /// than every part of the request it was made from.
    pub fn send_owned(
        &self,
        request: Request,
    ) -> impl Future<Output = Result<Response>> + Send + 'static {
        let started = Instant::now();
        let sending = self
            .http_request(request)
            .map(|http_request| self.http.execute(http_request));
        let max_body_bytes = self.max_body_bytes;
        async move {
            let response = sending?.await.map_err(|e| transport_error(e, started))?;
            read_answer(response, max_body_bytes, started).await
        }
    }

    /// The HTTP request for one attempt: the URL under the base, the per-attempt timeout, the
    /// user agent and the body with its content type.
    fn http_request(&self, request: Request) -> Result<reqwest::Request> {
        let url = request.url(&self.base_url);
        let Request {
            method,
            body,
            mut headers,
            ..
        } = request;
        if let Some(ua) = &self.user_agent
            && !headers.contains_key(http::header::USER_AGENT)
        {
            headers.insert(http::header::USER_AGENT, ua.clone());
        }
        let mut http_request = reqwest::Request::new(method, url);
        *http_request.timeout_mut() = Some(self.timeout);
        if let Some(body) = body {
            // Set the body's content type only when the signer did not already, so it is
            // never sent twice.
            if !headers.contains_key(http::header::CONTENT_TYPE) {
                headers.insert(http::header::CONTENT_TYPE, content_type(body.content_type)?);
            }
            *http_request.body_mut() = Some(body.bytes.into());
        }
        *http_request.headers_mut() = headers;
        Ok(http_request)
    }
}

/// Reads an answer's status, headers and whole body, refusing a body over `max_body_bytes`.
async fn read_answer(
    mut response: reqwest::Response,
    max_body_bytes: usize,
    started: Instant,
) -> Result<Response> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    if let Some(len) = response.content_length() {
        if len > max_body_bytes as u64 {
            return Err(Error::BodyTooLarge {
                limit: max_body_bytes,
                status: status.as_u16(),
            });
        }
        // A declared length within the cap: hyper stops at that length, so the body can be
        // taken whole, without copying it chunk by chunk.
        let body = response
            .bytes()
            .await
            .map_err(|e| transport_error(e, started))?;
        return Ok(Response {
            status,
            headers,
            body,
        });
    }
    // No declared length (chunked): read up to the cap and refuse the rest unread.
    let mut body = BytesMut::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| transport_error(e, started))?
    {
        if body.len() + chunk.len() > max_body_bytes {
            return Err(Error::BodyTooLarge {
                limit: max_body_bytes,
                status: status.as_u16(),
            });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Response {
        status,
        headers,
        body: body.freeze(),
    })
}

/// A body's content type as a header value, without copying the text when it is one.
fn content_type(text: &'static str) -> Result<HeaderValue> {
    if text
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
    {
        Ok(HeaderValue::from_static(text))
    } else {
        Err(Error::Config(format!(
            "the content type `{}` is not a header value",
            text.escape_debug()
        )))
    }
}

/// Classifies a transport failure: a failed connect was not sent; anything after it may
/// have been.
fn transport_error(e: reqwest::Error, started: Instant) -> Error {
    // The URL may carry query parameters; errors never repeat it.
    let e = e.without_url();
    let elapsed = started.elapsed();
    let sent = if e.is_connect() {
        Sent::No
    } else {
        Sent::Maybe
    };
    if e.is_timeout() {
        return Error::Timeout {
            sent,
            elapsed,
            source: Some(Box::new(e)),
        };
    }
    if e.is_builder() {
        return Error::Config(e.to_string());
    }
    let mut message = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        message.push_str(": ");
        message.push_str(&c.to_string());
        cause = c.source();
    }
    Error::Connection {
        sent,
        message,
        source: Some(Box::new(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Sends `request` to a loopback server and returns the raw request head it received.
    async fn wire_head(request: Request) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 8192];
            let mut read = 0;
            while !buf[..read].windows(4).any(|w| w == b"\r\n\r\n") {
                let n = socket.read(&mut buf[read..]).await.unwrap();
                if n == 0 {
                    break;
                }
                read += n;
            }
            socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}")
                .await
                .unwrap();
            String::from_utf8_lossy(&buf[..read]).to_lowercase()
        });
        let base = Url::parse(&format!("http://{addr}")).unwrap();
        let transport = Transport::new(base, TransportConfig::new("test/0"), None).unwrap();
        transport.send(&request).await.unwrap();
        server.await.unwrap()
    }

    #[tokio::test]
    async fn content_type_is_sent_once() {
        let mut signed = Request::post("/x").body(&b"{}"[..], crate::request::JSON);
        signed
            .set_header("content-type", "application/json")
            .unwrap();
        let head = wire_head(signed).await;
        assert_eq!(head.matches("content-type:").count(), 1, "{head}");

        let head = wire_head(Request::post("/x").body(&b"a=1"[..], crate::request::FORM)).await;
        assert_eq!(
            head.matches("content-type: application/x-www-form-urlencoded")
                .count(),
            1,
            "{head}"
        );
    }
}

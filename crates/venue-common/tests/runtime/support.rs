//! Shared helpers: engines pointed at loopback servers, a signer that counts its calls, and
//! a tiny HTTP/1.1 server whose misbehaviour each test chooses.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use futures::future::BoxFuture;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use venue_common::{Core, CoreBuilder, NoAuth, Request, RetryPolicy, SignContext, Signer};

/// The venue name every test engine uses.
pub const VENUE: &str = "testvenue";

/// An engine with no pacing and the given retry policy, signing with `signer`.
pub fn core_with(base_url: &str, policy: RetryPolicy, signer: Arc<dyn Signer>) -> Core {
    CoreBuilder::new(VENUE, "venue-common-tests/0")
        .base_url(base_url)
        .retry_policy(policy)
        .no_pacing()
        .build(signer, &[])
        .expect("test engine builds")
}

/// An engine with no pacing, the given retry policy and no credentials.
pub fn core(base_url: &str, policy: RetryPolicy) -> Core {
    core_with(base_url, policy, Arc::new(NoAuth))
}

/// A retry policy that retries quickly and deterministically (no jitter).
pub fn quick_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(attempts)
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(50))
        .jitter(false)
}

/// A signer that counts its calls and marks each attempt: `x-attempt: <n>` (from the
/// context) and a secret `x-signature: sig-<call>-<secret>` header, so a test can see that
/// every attempt was signed afresh.
#[derive(Debug)]
pub struct CountingSigner {
    pub calls: AtomicU32,
    pub secret: &'static str,
}

impl CountingSigner {
    pub fn new(secret: &'static str) -> Arc<Self> {
        Arc::new(CountingSigner {
            calls: AtomicU32::new(0),
            secret,
        })
    }

    pub fn calls(&self) -> u32 {
        self.calls.load(Ordering::SeqCst)
    }
}

impl Signer for CountingSigner {
    fn sign<'a>(
        &'a self,
        request: &'a mut Request,
        ctx: &'a SignContext<'a>,
    ) -> BoxFuture<'a, venue_common::Result<()>> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            request.set_header("x-attempt", &ctx.attempt.to_string())?;
            request.set_secret_header("x-signature", &format!("sig-{n}-{}", self.secret))?;
            Ok(())
        })
    }
}

/// Reads one HTTP/1.1 request (head and a `Content-Length` body) from `stream`. Returns the
/// raw bytes, or `None` when the peer closed first.
pub async fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            while buf.len() < end + 4 + len {
                let n = stream.read(&mut chunk).await.ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return Some(buf);
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A whole HTTP/1.1 answer with a `Content-Length`.
pub fn http_response(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// Starts a loopback server on `127.0.0.1:0` that hands every accepted connection to
/// `handler` in its own task. Returns the base URL; the server stops with the runtime.
pub async fn serve<F, Fut>(handler: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let handler = Arc::new(handler);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let handler = handler.clone();
            tokio::spawn(async move { handler(stream).await });
        }
    });
    format!("http://{addr}")
}

/// A server answering every request on a connection with the same bytes.
pub async fn serve_fixed(answer: Vec<u8>) -> String {
    let answer = Arc::new(answer);
    serve(move |mut stream| {
        let answer = answer.clone();
        async move {
            while read_request(&mut stream).await.is_some() {
                if stream.write_all(&answer).await.is_err() {
                    return;
                }
            }
        }
    })
    .await
}

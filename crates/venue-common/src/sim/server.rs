//! The HTTP/1.1 server under every local venue: accept with a connection cap, serve each
//! connection with header-read and idle timeouts, read each request whole (bounded), apply
//! armed faults, and call the routed handler.
//!
//! It drives hyper's connection builder directly: `axum::serve` offers no header-read timeout,
//! and a slowloris client held 1,000 connections for a minute against the old servers.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::StatusCode;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::{JoinHandle, JoinSet};

use super::Venue;
use super::fault::{Fault, Faults};
use super::routes::{Found, Reply, Request, Routes};
use crate::error::excerpt;

/// How long [`super::LocalVenue::shutdown`] lets answers in flight finish.
const GRACE: Duration = Duration::from_secs(1);
/// hyper's read buffer per connection: headers larger than this are refused (431), and it
/// bounds what one connection costs before its body is read.
const MAX_BUF: usize = 64 * 1024;

/// The server's limits. `Default` suits tests; tighten them to test a client's timeouts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerConfig {
    /// How long a client may take to send a request's headers (from the moment the server
    /// waits for them, so it also bounds an idle keep-alive connection). Default 10 s.
    pub header_read_timeout: Duration,
    /// How long a connection may stay silent, neither side moving a byte, while it is not
    /// waiting for a handler (a body that stalls half-way). Default 30 s.
    pub idle_timeout: Duration,
    /// At most this many connections are open at once; more wait in the kernel's accept
    /// queue until one closes, costing this process nothing. Default 256.
    pub max_connections: usize,
    /// The largest request body read; a larger one is answered 413. Default 1 MiB.
    pub max_body_bytes: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_connections: 256,
            max_body_bytes: 1024 * 1024,
        }
    }
}

impl ServerConfig {
    /// Sets [`ServerConfig::header_read_timeout`].
    pub fn with_header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// Sets [`ServerConfig::idle_timeout`].
    pub fn with_idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// Sets [`ServerConfig::max_connections`] (at least 1).
    pub fn with_max_connections(mut self, max: usize) -> Self {
        self.max_connections = max.max(1);
        self
    }

    /// Sets [`ServerConfig::max_body_bytes`].
    pub fn with_max_body_bytes(mut self, max: usize) -> Self {
        self.max_body_bytes = max;
        self
    }
}

struct Shared<V> {
    venue: Arc<V>,
    routes: Arc<Routes<V>>,
    faults: Faults,
    config: ServerConfig,
    /// Connections open now (the accept loop's waiting permit is not one).
    open: Arc<AtomicUsize>,
}

/// Counts one open connection while it lives.
struct Open(Arc<AtomicUsize>);

impl Open {
    fn new(count: &Arc<AtomicUsize>) -> Open {
        count.fetch_add(1, Ordering::Relaxed);
        Open(count.clone())
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A running server: the accept task, the ticker, and the stop signal.
pub(crate) struct Server {
    stop: watch::Sender<bool>,
    accept: JoinHandle<()>,
    ticker: Option<JoinHandle<()>>,
    open: Arc<AtomicUsize>,
}

impl Server {
    pub(crate) fn spawn<V: Venue>(
        listener: TcpListener,
        config: ServerConfig,
        venue: Arc<V>,
        routes: Arc<Routes<V>>,
        faults: Faults,
    ) -> Server {
        let max = config.max_connections.max(1);
        let permits = Arc::new(Semaphore::new(max));
        let (stop, stopped) = watch::channel(false);
        let ticker = V::TICK.map(|every| {
            let venue = venue.clone();
            tokio::spawn(async move {
                let mut interval = tokio::time::interval(every.max(Duration::from_millis(1)));
                loop {
                    interval.tick().await;
                    // A bug in one step must not stop the clock for good.
                    let _ = std::panic::catch_unwind(AssertUnwindSafe(|| venue.tick()));
                }
            })
        });
        let open = Arc::new(AtomicUsize::new(0));
        let shared = Arc::new(Shared {
            venue,
            routes,
            faults,
            config,
            open: open.clone(),
        });
        let accept = tokio::spawn(accept_loop(listener, shared, permits, stopped));
        Server {
            stop,
            accept,
            ticker,
            open,
        }
    }

    pub(crate) fn connections(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }

    pub(crate) async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(t) = self.ticker.take() {
            t.abort();
        }
        // The accept task waits for the connections' grace period itself.
        let _ = (&mut self.accept).await;
    }

    pub(crate) fn abort(self) {
        // Drop does it.
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(t) = &self.ticker {
            t.abort();
        }
        // Aborting the accept task drops its listener and its set of connection tasks, which
        // aborts them: the port is free and every socket closed.
        self.accept.abort();
    }
}

async fn accept_loop<V: Venue>(
    listener: TcpListener,
    shared: Arc<Shared<V>>,
    permits: Arc<Semaphore>,
    mut stop: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        // Take a permit before accepting: at the cap, new connections wait in the kernel's
        // queue instead of costing this process a task and buffers each.
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = stop.changed() => break,
        };
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop.changed() => break,
        };
        match accepted {
            Ok((stream, peer)) => {
                connections.spawn(serve_connection(
                    shared.clone(),
                    stream,
                    peer,
                    permit,
                    stop.clone(),
                ));
            }
            Err(_) => {
                // Out of file descriptors, or a connection reset while queued: wait a little
                // rather than spin.
                drop(permit);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    connections.abort_all();
}

/// When a connection last moved a byte, and whether a handler is running on it.
struct Activity {
    epoch: Instant,
    last_ms: AtomicU64,
    busy: AtomicUsize,
}

impl Activity {
    fn new() -> Self {
        Activity {
            epoch: Instant::now(),
            last_ms: AtomicU64::new(0),
            busy: AtomicUsize::new(0),
        }
    }

    fn touch(&self) {
        let ms = u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.epoch + Duration::from_millis(self.last_ms.load(Ordering::Relaxed))
    }

    fn busy(&self) -> bool {
        self.busy.load(Ordering::Relaxed) > 0
    }
}

/// Marks a connection busy while a handler (or an injected delay) runs.
struct Busy(Arc<Activity>);

impl Busy {
    fn new(activity: &Arc<Activity>) -> Busy {
        activity.busy.fetch_add(1, Ordering::Relaxed);
        Busy(activity.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::Relaxed);
        self.0.touch();
    }
}

/// A socket that records when it last moved a byte.
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(result, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
        }
        result
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        result
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

async fn serve_connection<V: Venue>(
    shared: Arc<Shared<V>>,
    stream: TcpStream,
    peer: SocketAddr,
    _permit: OwnedSemaphorePermit,
    mut stop: watch::Receiver<bool>,
) {
    let _open = Open::new(&shared.open);
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity::new());
    let kill = Arc::new(Notify::new());
    let io = TokioIo::new(Watched {
        inner: stream,
        activity: activity.clone(),
    });
    let service = {
        let shared = shared.clone();
        let activity = activity.clone();
        let kill = kill.clone();
        service_fn(move |request: hyper::Request<Incoming>| {
            let shared = shared.clone();
            let activity = activity.clone();
            let kill = kill.clone();
            async move { Ok::<_, Infallible>(handle(shared, request, peer, activity, kill).await) }
        })
    };
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(shared.config.header_read_timeout)
        .keep_alive(true)
        .max_buf_size(MAX_BUF);
    let connection = builder.serve_connection(io, service);
    tokio::pin!(connection);
    let idle = shared.config.idle_timeout;
    loop {
        // While a handler runs (or an injected delay waits) silence is expected: look again
        // one idle period later instead of spinning on a deadline already past.
        let now = Instant::now();
        let wake = if activity.busy() {
            now + idle
        } else {
            (activity.last() + idle).max(now)
        };
        tokio::select! {
            _ = connection.as_mut() => return,
            // Dropping the connection closes the socket without an answer.
            _ = kill.notified() => return,
            _ = stop.changed() => {
                connection.as_mut().graceful_shutdown();
                let _ = tokio::time::timeout(GRACE, connection.as_mut()).await;
                return;
            }
            _ = tokio::time::sleep_until(wake.into()) => {
                if !activity.busy() && activity.last().elapsed() >= idle {
                    return;
                }
            }
        }
    }
}

fn respond(reply: Reply) -> hyper::Response<Full<Bytes>> {
    let (status, headers, body) = reply.into_parts();
    let mut response = hyper::Response::new(Full::new(body));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

/// Runs a handler; a panic becomes a 500 in the venue's shape instead of a dropped connection.
fn run<V: Venue>(shared: &Shared<V>, handler: usize, request: &Request) -> Reply {
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        shared.routes.call(handler, &shared.venue, request)
    }))
    .unwrap_or_else(|_| {
        shared.venue.error_at(
            request.path(),
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error",
        )
    })
}

/// Never answers: the connection task drops the connection once `kill` is notified.
async fn hang_up(kill: &Notify) -> hyper::Response<Full<Bytes>> {
    kill.notify_one();
    std::future::pending().await
}

fn whole_seconds(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

async fn handle<V: Venue>(
    shared: Arc<Shared<V>>,
    request: hyper::Request<Incoming>,
    peer: SocketAddr,
    activity: Arc<Activity>,
    kill: Arc<Notify>,
) -> hyper::Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let venue = &shared.venue;
    let path = parts.uri.path().to_string();
    // A venue reads the whole request before it answers; so does this one.
    let body = match Limited::new(body, shared.config.max_body_bytes)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            return respond(venue.error_at(
                &path,
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!(
                    "request body exceeds {} bytes",
                    shared.config.max_body_bytes
                ),
            ));
        }
        // The client broke off mid-body: nobody is left to answer.
        Err(_) => return hang_up(&kill).await,
    };
    let (handler, endpoint, params) = match shared.routes.find(&parts.method, parts.uri.path()) {
        Found::Route(route, params) => (route.handler(), route.endpoint(), params),
        Found::WrongMethod => {
            return respond(venue.error_at(
                &path,
                StatusCode::METHOD_NOT_ALLOWED,
                &format!(
                    "{} is not allowed on {}",
                    parts.method,
                    excerpt(path.as_bytes())
                ),
            ));
        }
        Found::Nothing => {
            return respond(venue.error_at(
                &path,
                StatusCode::NOT_FOUND,
                &format!("no route for {} {}", parts.method, excerpt(path.as_bytes())),
            ));
        }
    };
    let request = Request {
        method: parts.method,
        uri: parts.uri,
        headers: parts.headers,
        body,
        peer,
        endpoint,
        params,
    };
    let _busy = Busy::new(&activity);
    match shared.faults.take(endpoint.id) {
        None => respond(run(&shared, handler, &request)),
        Some(Fault::CloseAfterRead) => hang_up(&kill).await,
        Some(Fault::Delay(wait)) => {
            // On a task of its own, so the handler runs after the wait even when the client
            // has given up and its connection is gone.
            let shared = shared.clone();
            let late = tokio::spawn(async move {
                tokio::time::sleep(wait).await;
                run(&shared, handler, &request)
            });
            match late.await {
                Ok(reply) => respond(reply),
                Err(_) => hang_up(&kill).await,
            }
        }
        Some(Fault::ServerError(status)) => {
            respond(venue.error_at(&path, status, "injected server error"))
        }
        Some(Fault::TooManyRequests { retry_after }) => respond(
            venue
                .error_at(&path, StatusCode::TOO_MANY_REQUESTS, "too many requests")
                .with_header("retry-after", &whole_seconds(retry_after).to_string()),
        ),
        Some(Fault::LoseAnswer) => {
            let _committed = run(&shared, handler, &request);
            hang_up(&kill).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(whole_seconds(Duration::from_secs(2)), 2);
        assert_eq!(whole_seconds(Duration::from_millis(1)), 1);
        assert_eq!(whole_seconds(Duration::from_millis(1500)), 2);
        assert_eq!(whole_seconds(Duration::ZERO), 0);
    }
}

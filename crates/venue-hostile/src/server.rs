//! The loopback server: binds `127.0.0.1:0`, reads one request per connection, records it and
//! answers with a hostile answer drawn from a seeded generator, then closes.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::answers::{Answer, Len, draw};
use crate::rng::Rng;
use crate::scan::Secrets;

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path without the query.
    pub path: String,
    /// The query string (may be empty).
    pub query: String,
    /// The body.
    pub body: Vec<u8>,
    /// The kind of answer it got.
    pub answer: &'static str,
}

impl Seen {
    /// The value of an idempotency parameter (`serial_no`, `request_id`) in the query or body.
    pub fn key(&self, names: &[&str]) -> Option<String> {
        let body = String::from_utf8_lossy(&self.body);
        for name in names {
            if let Ok(serde_json::Value::Object(map)) =
                serde_json::from_slice::<serde_json::Value>(&self.body)
                && let Some(v) = map.get(*name)
            {
                let v = v
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| v.to_string());
                if !v.is_empty() {
                    return Some(v);
                }
            }
            for text in [self.query.as_str(), body.as_ref()] {
                for pair in text.split('&') {
                    if let Some((k, v)) = pair.split_once('=')
                        && k == *name
                        && !v.is_empty()
                    {
                        return Some(v.to_string());
                    }
                }
            }
        }
        None
    }
}

/// What the server knows about its venue.
pub struct Venue {
    /// Documented samples (`tests/fixtures/*.json`).
    pub fixtures: Vec<Vec<u8>>,
    /// How long a slow answer waits (past the client's timeout).
    pub slow: Duration,
    /// Header names whose values are secrets (lower case).
    pub secret_headers: &'static [&'static str],
    /// A path where the server issues a token (ALP's `/v3/auth`), answered with a good JWT
    /// about half of the time.
    pub token_path: Option<&'static str>,
}

/// One worker's server.
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Every request read, in order.
    pub seen: Arc<Mutex<Vec<Seen>>>,
    /// Answers given (each request read gets one, a dropped connection included).
    pub answers: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct State {
    venue: Arc<Venue>,
    secrets: Arc<Secrets>,
    rng: Mutex<Rng>,
    seen: Arc<Mutex<Vec<Seen>>>,
    answers: Arc<AtomicU64>,
}

impl Server {
    /// Binds a loopback port and serves until dropped.
    pub async fn start(venue: Arc<Venue>, secrets: Arc<Secrets>, seed: u64) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        assert!(addr.ip().is_loopback());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let answers = Arc::new(AtomicU64::new(0));
        let state = Arc::new(State {
            venue,
            secrets,
            rng: Mutex::new(Rng::new(seed)),
            seen: seen.clone(),
            answers: answers.clone(),
        });
        let task = tokio::spawn(async move {
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    continue;
                };
                let state = state.clone();
                tokio::spawn(async move {
                    // A connection never outlives a bound: a client that stops reading a
                    // huge answer, or never sends, is let go.
                    let _ = tokio::time::timeout(Duration::from_secs(20), connection(sock, state))
                        .await;
                });
            }
        });
        Server {
            addr,
            seen,
            answers,
            task,
        }
    }

    /// How many requests were read so far.
    pub fn seen_len(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

struct Read {
    seen: Seen,
    headers: Vec<(String, String)>,
}

async fn read_request(sock: &mut TcpStream) -> Option<Read> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > 1 << 20 {
            return None;
        }
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let target = first.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    if length > 16 << 20 {
        return None;
    }
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(length);
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target.clone(), String::new()),
    };
    Some(Read {
        seen: Seen {
            method,
            path,
            query,
            body,
            answer: "",
        },
        headers,
    })
}

async fn connection(mut sock: TcpStream, state: Arc<State>) {
    let Some(read) = read_request(&mut sock).await else {
        return;
    };
    for (name, value) in &read.headers {
        if state.venue.secret_headers.contains(&name.as_str()) {
            register_secret(&state.secrets, value);
        }
    }
    let mut seen = read.seen;
    let answer = {
        let mut rng = state.rng.lock().unwrap();
        let token_path = state.venue.token_path;
        if token_path == Some(seen.path.as_str()) && rng.chance(600) {
            let token = crate::answers::jwt(&mut rng);
            register_secret(&state.secrets, &token);
            seen.answer = "token";
            Answer::json(200, format!("\"{token}\"").into_bytes())
        } else {
            let (label, answer) = draw(&mut rng, &state.venue);
            seen.answer = label;
            answer
        }
    };
    state.seen.lock().unwrap().push(seen);
    state.answers.fetch_add(1, Ordering::AcqRel);
    write_answer(&mut sock, answer, state.venue.slow).await;
}

/// Registers a header value: a bearer JWT by its claims and signature (its header part is the
/// same for every token), anything else whole.
fn register_secret(secrets: &Secrets, value: &str) {
    let value = value.strip_prefix("Bearer ").unwrap_or(value);
    let parts: Vec<&str> = value.split('.').collect();
    if parts.len() == 3 {
        secrets.add(parts[1]);
        secrets.add(parts[2]);
    } else {
        secrets.add(value);
    }
}

async fn write_answer(sock: &mut TcpStream, answer: Answer, slow: Duration) {
    match answer {
        Answer::Drop => {}
        Answer::Raw(bytes) => {
            let _ = sock.write_all(&bytes).await;
        }
        Answer::Slow(inner) => {
            tokio::time::sleep(slow).await;
            Box::pin(write_answer(sock, *inner, slow)).await;
        }
        Answer::Full {
            status,
            headers,
            body,
            len,
        } => {
            let mut head = format!("HTTP/1.1 {status} Hostile\r\nconnection: close\r\n");
            for (k, v) in &headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            match len {
                Len::Exact => head.push_str(&format!("content-length: {}\r\n", body.len())),
                Len::Claims(n) => head.push_str(&format!("content-length: {n}\r\n")),
                Len::Close => {}
            }
            head.push_str("\r\n");
            if sock.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let _ = sock.write_all(&body).await;
        }
        Answer::Huge {
            size,
            with_length,
            unit,
        } => {
            let mut head = String::from("HTTP/1.1 200 OK\r\nconnection: close\r\n");
            head.push_str("content-type: application/json\r\n");
            if with_length {
                head.push_str(&format!("content-length: {size}\r\n"));
            }
            head.push_str("\r\n");
            if sock.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let block: Vec<u8> = unit.iter().copied().cycle().take(64 * 1024).collect();
            let mut left = size;
            while left > 0 {
                let n = left.min(block.len());
                if sock.write_all(&block[..n]).await.is_err() {
                    return;
                }
                left -= n;
            }
        }
    }
    let _ = sock.shutdown().await;
}

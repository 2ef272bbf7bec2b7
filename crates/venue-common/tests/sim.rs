//! The local-venue skeleton (feature `sim`) against a tiny venue: routing, the venue's error
//! shape, each fault, server hardening, shutdown. Everything talks to 127.0.0.1 only.
#![cfg(feature = "sim")]

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use venue_common::sim::{
    Fault, LocalVenue, Reply, Request, Routes, ServerConfig, Site, Target, Venue, unrouted,
};
use venue_common::transport::TransportConfig;
use venue_common::{Endpoint, Error, HttpMethod, Sent, StatusCode, Transport, Url};

const fn ep(id: &'static str, m: HttpMethod, path: &'static str) -> Endpoint {
    Endpoint::new(id, m, path).section("Test")
}

const COUNT: Endpoint = ep("count", HttpMethod::Get, "/v1/count");
const BUMP: Endpoint = ep("bump", HttpMethod::Post, "/v1/bump");
const ECHO: Endpoint = ep("echo", HttpMethod::Get, "/v1/echo/{word}");
const BOOM: Endpoint = ep("boom", HttpMethod::Get, "/v1/boom");
const UNSERVED: Endpoint = ep("unserved", HttpMethod::Get, "/v1/nobody");

/// A venue with one counter: `POST /v1/bump` adds one, `GET /v1/count` reads it.
struct Counter {
    bumps: AtomicU64,
}

#[derive(Default)]
struct Config {
    server: ServerConfig,
}

impl Venue for Counter {
    type Config = Config;
    const NAME: &'static str = "Counter";

    fn new(_: Config, _: &Site) -> Counter {
        Counter {
            bumps: AtomicU64::new(0),
        }
    }

    fn server_config(config: &Config) -> ServerConfig {
        config.server.clone()
    }

    fn routes(routes: &mut Routes<Counter>) {
        routes
            .on(COUNT, |c: &Counter, _: &Request| {
                Reply::json(
                    StatusCode::OK,
                    &serde_json::json!({ "count": c.bumps.load(Ordering::SeqCst) }),
                )
            })
            .on(BUMP, |c: &Counter, _: &Request| {
                let n = c.bumps.fetch_add(1, Ordering::SeqCst) + 1;
                Reply::json(StatusCode::OK, &serde_json::json!({ "count": n }))
            })
            .on(ECHO, |_: &Counter, r: &Request| {
                Reply::text(StatusCode::OK, r.param("word").unwrap_or("").to_string())
            })
            .on(BOOM, |_: &Counter, _: &Request| -> Reply {
                panic!("a handler bug")
            });
    }

    fn error(&self, status: StatusCode, message: &str) -> Reply {
        Reply::json(status, &serde_json::json!({ "oops": message }))
    }

    fn credentials_json(&self) -> serde_json::Value {
        serde_json::json!({ "key": "k" })
    }
}

async fn start() -> LocalVenue<Counter> {
    LocalVenue::<Counter>::start().await.unwrap()
}

async fn start_with(server: ServerConfig) -> LocalVenue<Counter> {
    LocalVenue::<Counter>::start_with(Config { server })
        .await
        .unwrap()
}

fn transport(venue: &LocalVenue<Counter>, timeout: Duration) -> Transport {
    let mut config = TransportConfig::new("sim-test");
    config.timeout = timeout;
    Transport::new(Url::parse(venue.base_url()).unwrap(), config, None).unwrap()
}

async fn get(venue: &LocalVenue<Counter>, path: &str) -> (u16, String) {
    let r = reqwest::get(format!("{}{path}", venue.base_url()))
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn routes_by_endpoint_and_answers_misses_in_the_venue_shape() {
    let venue = start().await;
    assert!(venue.base_url().starts_with("http://127.0.0.1:"));
    assert_eq!(get(&venue, "/v1/echo/a%2Fb").await, (200, "a/b".into()));
    let (status, body) = get(&venue, "/v1/nowhere").await;
    assert_eq!(status, 404);
    assert!(body.contains("\"oops\""), "{body}");
    let (status, body) = get(&venue, "/v1/bump").await;
    assert_eq!(status, 405);
    assert!(body.contains("\"oops\""), "{body}");
    assert_eq!(
        unrouted::<Counter>(&[COUNT, BUMP, UNSERVED]),
        vec!["unserved"]
    );
}

#[tokio::test]
async fn a_panicking_handler_answers_500_and_the_venue_keeps_serving() {
    let venue = start().await;
    let (status, body) = get(&venue, "/v1/boom").await;
    assert_eq!(status, 500);
    assert!(body.contains("\"oops\""), "{body}");
    assert_eq!(get(&venue, "/v1/count").await.0, 200);
}

#[tokio::test]
async fn a_lost_answer_commits_the_write_and_the_client_may_have_sent_it() {
    let venue = start().await;
    venue.faults().arm(BUMP, Fault::LoseAnswer, 1);
    let t = transport(&venue, Duration::from_secs(5));
    let e = t
        .send(&venue_common::Request::post("/v1/bump").body("{}", "application/json"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Connection { .. }), "{e:?}");
    assert_eq!(e.sent(), Sent::Maybe);
    assert_eq!(venue.bumps.load(Ordering::SeqCst), 1, "the handler ran");
    assert_eq!(venue.faults().fired(), 1);
    assert_eq!(venue.faults().pending(), 0);
    // Disarmed after one: the next write answers.
    let ok = t
        .send(&venue_common::Request::post("/v1/bump"))
        .await
        .unwrap();
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(venue.bumps.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn close_after_read_changes_nothing_but_the_client_cannot_tell() {
    let venue = start().await;
    venue.faults().arm(Target::All, Fault::CloseAfterRead, 1);
    let t = transport(&venue, Duration::from_secs(5));
    let e = t
        .send(&venue_common::Request::post("/v1/bump"))
        .await
        .unwrap_err();
    assert_eq!(e.sent(), Sent::Maybe);
    assert_eq!(
        venue.bumps.load(Ordering::SeqCst),
        0,
        "the handler did not run"
    );
}

#[tokio::test]
async fn a_delay_past_the_timeout_still_commits_the_write() {
    let venue = start().await;
    venue
        .faults()
        .arm("bump", Fault::Delay(Duration::from_millis(400)), 1);
    let t = transport(&venue, Duration::from_millis(100));
    let e = t
        .send(&venue_common::Request::post("/v1/bump"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Timeout { .. }), "{e:?}");
    assert_eq!(e.sent(), Sent::Maybe);
    assert_eq!(venue.bumps.load(Ordering::SeqCst), 0);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        venue.bumps.load(Ordering::SeqCst),
        1,
        "the late write landed"
    );
}

#[tokio::test]
async fn server_error_bursts_and_429_use_the_venue_shape() {
    let venue = start().await;
    venue.faults().arm(
        COUNT,
        Fault::ServerError(StatusCode::SERVICE_UNAVAILABLE),
        2,
    );
    venue.faults().arm(
        COUNT,
        Fault::TooManyRequests {
            retry_after: Duration::from_millis(1500),
        },
        1,
    );
    for _ in 0..2 {
        let (status, body) = get(&venue, "/v1/count").await;
        assert_eq!(status, 503);
        assert!(body.contains("\"oops\""), "{body}");
    }
    let r = reqwest::get(format!("{}/v1/count", venue.base_url()))
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 429);
    assert_eq!(r.headers()["retry-after"], "2");
    assert_eq!(get(&venue, "/v1/count").await.0, 200);
}

#[tokio::test]
async fn half_a_header_is_closed_within_the_header_timeout() {
    let venue = start_with(
        ServerConfig::default()
            .with_header_read_timeout(Duration::from_millis(300))
            .with_idle_timeout(Duration::from_secs(30)),
    )
    .await;
    let mut s = TcpStream::connect(venue.addr()).await.unwrap();
    s.write_all(b"GET /v1/count HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await
        .unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    // The server closes (EOF, or a reset) without waiting for the rest.
    let read = tokio::time::timeout(Duration::from_secs(3), s.read(&mut buf))
        .await
        .expect("closed within the timeout");
    assert!(matches!(read, Ok(_) | Err(_)));
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(250), "{took:?}");
    assert!(took < Duration::from_secs(2), "{took:?}");
    // hyper may answer 408 first; either way the connection is gone soon after.
    let gone = async {
        while venue.connections() > 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(2), gone)
        .await
        .expect("the connection is closed");
}

#[tokio::test]
async fn a_body_that_stalls_is_closed_by_the_idle_timeout() {
    let venue = start_with(
        ServerConfig::default()
            .with_header_read_timeout(Duration::from_secs(30))
            .with_idle_timeout(Duration::from_millis(300)),
    )
    .await;
    let mut s = TcpStream::connect(venue.addr()).await.unwrap();
    s.write_all(b"POST /v1/bump HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nabc")
        .await
        .unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(3), s.read(&mut buf))
        .await
        .expect("closed within the timeout")
        .unwrap_or(0);
    assert_eq!(n, 0, "closed without an answer");
    assert!(started.elapsed() >= Duration::from_millis(250));
    assert_eq!(venue.bumps.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn connections_over_the_cap_wait_in_the_kernel_queue() {
    let venue = start_with(
        ServerConfig::default()
            .with_max_connections(4)
            .with_header_read_timeout(Duration::from_secs(30)),
    )
    .await;
    // A slowloris crowd that never sends a byte; kept under the kernel's accept queue
    // (`somaxconn`, 128 on small machines), past which connecting itself waits.
    let mut crowd = Vec::new();
    for _ in 0..60 {
        crowd.push(TcpStream::connect(venue.addr()).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(venue.connections(), 4, "never more than the cap");
    // A real client waits in the queue behind them...
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let url = format!("{}/v1/count", venue.base_url());
    assert!(client.get(&url).send().await.is_err());
    // ...and is served once the crowd goes.
    drop(crowd);
    let ok = reqwest::get(&url).await.unwrap();
    assert_eq!(ok.status().as_u16(), 200);
}

#[tokio::test]
async fn oversized_bodies_are_refused_in_the_venue_shape() {
    let venue = start_with(ServerConfig::default().with_max_body_bytes(1024)).await;
    let r = reqwest::Client::new()
        .post(format!("{}/v1/bump", venue.base_url()))
        .body(vec![b'x'; 4096])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);
    assert!(r.text().await.unwrap().contains("\"oops\""));
    assert_eq!(venue.bumps.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn shutdown_and_drop_free_the_port() {
    let venue = start().await;
    let addr = venue.addr();
    let _keep_alive = get(&venue, "/v1/count").await;
    venue.shutdown().await;
    let again = LocalVenue::<Counter>::start_on(addr.port(), Config::default())
        .await
        .expect("the port is free after shutdown");
    drop(again);
    tokio::task::yield_now().await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    LocalVenue::<Counter>::start_on(addr.port(), Config::default())
        .await
        .expect("the port is free after drop");
}

#[tokio::test]
async fn the_announcement_names_url_credentials_and_venue() {
    let venue = start().await;
    let line = venue_common::sim::standalone::announcement(&venue);
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["base_url"], venue.base_url());
    assert_eq!(v["credentials"]["key"], "k");
    assert_eq!(v["venue"], "Counter");
    assert!(!line.contains('\n'));
}

#[tokio::test]
async fn a_slow_handler_is_not_cut_by_the_idle_timeout() {
    let venue =
        start_with(ServerConfig::default().with_idle_timeout(Duration::from_millis(200))).await;
    venue
        .faults()
        .arm(BUMP, Fault::Delay(Duration::from_millis(600)), 1);
    let t = transport(&venue, Duration::from_secs(5));
    let answer = t
        .send(&venue_common::Request::post("/v1/bump"))
        .await
        .expect("the answer arrives after the delay");
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(venue.bumps.load(Ordering::SeqCst), 1);
}

//! The skeleton every local venue stands on (feature `sim`): bind, serve, shut down, route by
//! endpoint id, inject faults, and run as a standalone command.
//!
//! A venue crate describes its venue with the [`Venue`] trait (its state, its routes, its error
//! shape, the credentials it accepts) and gets [`LocalVenue<V>`]: an HTTP/1.1 server on
//! `127.0.0.1` with the same handle shape in every crate:
//!
//! - [`LocalVenue::start`], [`LocalVenue::start_with`], [`LocalVenue::start_on`];
//! - [`LocalVenue::base_url`], [`LocalVenue::addr`], [`LocalVenue::faults`];
//! - [`LocalVenue::shutdown`] (or drop it: the server stops and the port is freed);
//! - `Deref` to the venue itself, so its own helpers (balances, clients) read as the handle's.
//!
//! The server is hardened like any server that may face a careless or hostile client: a
//! header-read timeout, an idle timeout, a cap on open connections (connections over it wait
//! in the kernel's accept queue, costing this process nothing) and a cap on body size. See
//! [`ServerConfig`].
//!
//! Faults ([`Fault`]) are armed per endpoint id or for every endpoint, a given number of times:
//! close the connection after reading the request, answer late, answer 5xx, answer 429 with
//! `Retry-After`, or run the handler and then drop the connection ("the answer was lost after
//! the write was committed"), the case a client must never repeat blindly.
//!
//! ```no_run
//! use venue_common::sim::{Fault, LocalVenue, Reply, Request, Routes, Site, Venue};
//! use venue_common::{Endpoint, StatusCode};
//! # const PING: Endpoint = Endpoint::new("ping", venue_common::HttpMethod::Get, "/ping");
//!
//! struct Echo;
//!
//! impl Venue for Echo {
//!     type Config = ();
//!     const NAME: &'static str = "Echo";
//!     fn new(_: (), _: &Site) -> Echo { Echo }
//!     fn routes(routes: &mut Routes<Echo>) {
//!         routes.on(PING, |_: &Echo, _: &Request| Reply::text(StatusCode::OK, "pong"));
//!     }
//!     fn error(&self, status: StatusCode, message: &str) -> Reply {
//!         Reply::json(status, &serde_json::json!({ "error": message }))
//!     }
//!     fn credentials_json(&self) -> serde_json::Value { serde_json::json!({}) }
//! }
//!
//! # async fn demo() -> std::io::Result<()> {
//! let venue = LocalVenue::<Echo>::start().await?;
//! venue.faults().arm(PING, Fault::LoseAnswer, 1);
//! venue.shutdown().await;
//! # Ok(()) }
//! ```

mod fault;
pub mod fields;
pub mod json;
mod lock;
pub mod mac;
mod routes;
mod server;
pub mod standalone;

use std::fmt;
use std::net::SocketAddr;
use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use http::StatusCode;

pub use self::fault::{Fault, Faults, Target};
pub use self::fields::Fields;
pub use self::json::Json;
pub use self::lock::Lock;
pub use self::routes::{IntoReply, Reply, Request, Routes};
pub use self::server::ServerConfig;

use self::server::Server;

/// What a venue crate writes to stand its venue on the skeleton.
pub trait Venue: Send + Sync + Sized + 'static {
    /// How the venue starts (keys, balances, server limits). `Default` is what
    /// [`LocalVenue::start`] and the standalone command use.
    type Config: Default + Send + 'static;

    /// The venue's name, for `--help` and logs (`"CoinFLEX"`).
    const NAME: &'static str;

    /// The path below `http://127.0.0.1:<port>` where the API lives, without a trailing slash
    /// (`""`, or `"/api"` for a venue whose documented base URL ends in `/api`). Routes are
    /// matched below it and [`LocalVenue::base_url`] includes it.
    const BASE_PATH: &'static str = "";

    /// How often [`Venue::tick`] runs, for venues whose state moves with time (transfers that
    /// settle in steps). `None`: never.
    const TICK: Option<Duration> = None;

    /// Builds the venue from its configuration, once the address is known.
    fn new(config: Self::Config, site: &Site) -> Self;

    /// The server limits `config` asks for (default: [`ServerConfig::default`]).
    fn server_config(config: &Self::Config) -> ServerConfig {
        let _ = config;
        ServerConfig::default()
    }

    /// Registers one handler per endpoint id.
    fn routes(routes: &mut Routes<Self>);

    /// An answer in the venue's documented error shape. The skeleton uses it for unknown
    /// paths (404), wrong methods (405), oversized bodies (413), injected 5xx and 429, and a
    /// handler that failed unexpectedly (500).
    fn error(&self, status: StatusCode, message: &str) -> Reply;

    /// The error answer for a request to `path` (as received). A venue with one shape per
    /// API version chooses by path; the default is [`Venue::error`].
    fn error_at(&self, path: &str, status: StatusCode, message: &str) -> Reply {
        let _ = path;
        self.error(status, message)
    }

    /// The credentials the venue accepts, as the standalone command prints them.
    fn credentials_json(&self) -> serde_json::Value;

    /// Moves time-driven state one step; runs every [`Venue::TICK`].
    fn tick(&self) {}
}

/// Where a venue is being served, handed to [`Venue::new`].
#[derive(Debug, Clone)]
pub struct Site {
    addr: SocketAddr,
    base_url: String,
    faults: Faults,
}

impl Site {
    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>` followed by [`Venue::BASE_PATH`].
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The venue's fault table (the same one [`LocalVenue::faults`] returns).
    pub fn faults(&self) -> &Faults {
        &self.faults
    }
}

/// A running local venue. Dropping it stops the server at once and frees the port;
/// [`LocalVenue::shutdown`] lets answers in flight finish first.
pub struct LocalVenue<V: Venue> {
    venue: Arc<V>,
    site: Site,
    server: Option<Server>,
}

impl<V: Venue> LocalVenue<V> {
    /// Starts the venue with its default configuration on a free port of `127.0.0.1`.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_on(0, V::Config::default()).await
    }

    /// Starts the venue with `config` on a free port of `127.0.0.1`.
    pub async fn start_with(config: V::Config) -> std::io::Result<Self> {
        Self::start_on(0, config).await
    }

    /// Starts the venue with `config` on `127.0.0.1:<port>` (0: any free port).
    pub async fn start_on(port: u16, config: V::Config) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let site = Site {
            addr,
            base_url: format!("http://{addr}{}", V::BASE_PATH),
            faults: Faults::default(),
        };
        let server_config = V::server_config(&config);
        let venue = Arc::new(V::new(config, &site));
        let mut routes = Routes::new(V::BASE_PATH);
        V::routes(&mut routes);
        let server = Server::spawn(
            listener,
            server_config,
            venue.clone(),
            Arc::new(routes),
            site.faults.clone(),
        );
        Ok(LocalVenue {
            venue,
            site,
            server: Some(server),
        })
    }

    /// The base URL to give a client: `http://127.0.0.1:<port>` and [`Venue::BASE_PATH`].
    pub fn base_url(&self) -> &str {
        &self.site.base_url
    }

    /// The socket address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.site.addr
    }

    /// The fault table: arm faults here.
    pub fn faults(&self) -> &Faults {
        &self.site.faults
    }

    /// The venue itself (also reachable through `Deref`).
    pub fn venue(&self) -> &V {
        &self.venue
    }

    /// How many connections are open right now.
    pub fn connections(&self) -> usize {
        self.server.as_ref().map_or(0, Server::connections)
    }

    /// Stops accepting, lets the answers in flight finish (for at most a second), and closes
    /// every connection.
    pub async fn shutdown(mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }
}

impl<V: Venue> Deref for LocalVenue<V> {
    type Target = V;

    fn deref(&self) -> &V {
        &self.venue
    }
}

impl<V: Venue> Drop for LocalVenue<V> {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

impl<V: Venue> fmt::Debug for LocalVenue<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalVenue")
            .field("venue", &V::NAME)
            .field("base_url", &self.site.base_url)
            .finish_non_exhaustive()
    }
}

/// The ids of `spec`'s endpoints that `V` registers no handler for (empty when every
/// documented endpoint is served). Each venue crate tests that this is empty.
pub fn unrouted<V: Venue>(spec: &[crate::Endpoint]) -> Vec<&'static str> {
    let mut routes = Routes::<V>::new(V::BASE_PATH);
    V::routes(&mut routes);
    spec.iter()
        .filter(|e| !routes.handles(e.id))
        .map(|e| e.id)
        .collect()
}

/// Compares two byte strings in time that does not depend on where they differ, for
/// signature checks.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

//! `alp-local-venue [--port N]`: the local ALP.COM venue (v1 and v3 below `/api`) as a
//! command, for clients in any language. Prints one JSON line (`base_url`, the API root, and
//! `credentials`) and serves until stopped.
//!
//! ```text
//! cargo install alp-rs --features sim
//! alp-local-venue --port 8080
//! ```

fn main() -> std::process::ExitCode {
    venue_common::sim::standalone::run::<alp_rs::sim::AlpVenue>(
        "alp-local-venue",
        env!("CARGO_PKG_VERSION"),
    )
}

//! `iqfinex-local-venue [--port N]`: the local IQFinex venue as a command, for clients in any
//! language. Prints one JSON line (`base_url`, `credentials`: the keys by role) and serves
//! until stopped.
//!
//! ```text
//! cargo install iqfinex-rs --features sim
//! iqfinex-local-venue --port 8080
//! ```

fn main() -> std::process::ExitCode {
    venue_common::sim::standalone::run::<iqfinex_rs::sim::IqfinexVenue>(
        "iqfinex-local-venue",
        env!("CARGO_PKG_VERSION"),
    )
}

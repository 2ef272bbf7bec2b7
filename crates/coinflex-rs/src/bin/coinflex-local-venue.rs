//! `coinflex-local-venue [--port N]`: the local CoinFLEX venue as a command, for clients in
//! any language. Prints one JSON line (`base_url`, `credentials`) and serves until stopped.
//!
//! ```text
//! cargo install coinflex-rs --features sim
//! coinflex-local-venue --port 8080
//! ```

fn main() -> std::process::ExitCode {
    venue_common::sim::standalone::run::<coinflex_rs::sim::CoinflexVenue>(
        "coinflex-local-venue",
        env!("CARGO_PKG_VERSION"),
    )
}

//! `matrixport-local-venue [--port N]`: the local Matrixport venue as a command, for clients
//! in any language. Prints one JSON line (`base_url`, `credentials`) and serves until stopped.
//!
//! ```text
//! cargo install matrixport-rs --features sim
//! matrixport-local-venue --port 8080
//! ```

fn main() -> std::process::ExitCode {
    venue_common::sim::standalone::run::<matrixport_rs::sim::MatrixportVenue>(
        "matrixport-local-venue",
        env!("CARGO_PKG_VERSION"),
    )
}

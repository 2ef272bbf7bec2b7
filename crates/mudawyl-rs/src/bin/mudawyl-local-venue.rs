//! `mudawyl-local-venue [--port N]`: the local Mudawyl venue as a command, for clients in any
//! language. Prints one JSON line (`base_url`, `credentials`: the users' tokens and the
//! reCAPTCHA rule) and serves until stopped.
//!
//! ```text
//! cargo install mudawyl-rs --features sim
//! mudawyl-local-venue --port 8080
//! ```

fn main() -> std::process::ExitCode {
    venue_common::sim::standalone::run::<mudawyl_rs::sim::MudawylVenue>(
        "mudawyl-local-venue",
        env!("CARGO_PKG_VERSION"),
    )
}

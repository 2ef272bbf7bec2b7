//! Runs the local CoinFLEX venue until killed, for clients in any language.
//!
//! ```text
//! cargo run -p coinflex-rs --features sim --example local_venue -- --port 8080
//! ```
//!
//! Binds `127.0.0.1:<PORT>` (0, the default, picks a free port) and prints one JSON line:
//! `{"base_url": "http://127.0.0.1:8080", "credentials": {"api_key": "...", "api_secret": "..."}}`.

use coinflex_rs::sim::{LocalVenue, SimConfig};

#[tokio::main]
async fn main() {
    let mut port: u16 = 0;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--port" => args.next(),
            other => other.strip_prefix("--port=").map(str::to_string),
        };
        match value.as_deref().map(str::parse::<u16>) {
            Some(Ok(p)) => port = p,
            _ => {
                eprintln!("usage: local_venue [--port <PORT>]");
                std::process::exit(2);
            }
        }
    }
    let venue = match LocalVenue::start_with(port, SimConfig::default()).await {
        Ok(v) => v,
        Err(e) => {
            eprintln!("could not bind 127.0.0.1:{port}: {e}");
            std::process::exit(1);
        }
    };
    let line = serde_json::json!({
        "base_url": venue.base_url(),
        "credentials": {
            "api_key": venue.api_key(),
            "api_secret": venue.api_secret(),
        },
    });
    println!("{line}");
    // Serve until the process is killed.
    std::future::pending::<()>().await;
}

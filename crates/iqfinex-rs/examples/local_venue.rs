//! The IQFinex local venue as a standalone server, for clients in any language.
//!
//! ```sh
//! cargo run -p iqfinex-rs --features sim --example local_venue -- --port 8080
//! ```
//!
//! Binds `127.0.0.1:<PORT>` (0, the default, picks a free port), prints one JSON line
//! `{"base_url": "...", "credentials": {...}}` and serves until killed.

use iqfinex_rs::sim::LocalVenue;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let mut port: u16 = 0;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => match args.next().and_then(|p| p.parse().ok()) {
                Some(p) => port = p,
                None => {
                    eprintln!("--port needs a number from 0 to 65535");
                    std::process::exit(2);
                }
            },
            other => {
                eprintln!("unknown argument `{other}` (usage: local_venue [--port PORT])");
                std::process::exit(2);
            }
        }
    }
    let venue = match LocalVenue::start_on(port).await {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let line = serde_json::json!({
        "base_url": venue.base_url(),
        "credentials": LocalVenue::credentials_json(),
    });
    println!("{line}");
    // Serve until the process is stopped (SIGINT/SIGTERM end it; the OS closes the socket).
    std::future::pending::<()>().await;
}

//! Runs the Matrixport local venue until stopped.
//!
//! `cargo run -p matrixport-rs --features sim --example local_venue -- --port 8080` binds
//! `127.0.0.1:8080` (0 or no `--port`: any free port) and prints one JSON line with the base URL
//! and the credentials it accepts, so clients in any language can test against it.

use matrixport_rs::sim::{ACCESS_KEY, LocalVenue, SECRET_KEY, USER_ID};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let port = match args.iter().position(|a| a == "--port") {
        Some(i) => match args.get(i + 1).map(|p| p.parse::<u16>()) {
            Some(Ok(p)) => p,
            _ => {
                eprintln!("usage: local_venue [--port <PORT>]");
                std::process::exit(2);
            }
        },
        None => 0,
    };
    let venue = match LocalVenue::start_on(port).await {
        Ok(v) => v,
        Err(e) => {
            eprintln!("could not start the local venue on 127.0.0.1:{port}: {e}");
            std::process::exit(1);
        }
    };
    let line = serde_json::json!({
        "base_url": venue.base_url(),
        "credentials": {
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "user_id": USER_ID,
        },
    });
    println!("{line}");
    // Serve until the process is stopped.
    std::future::pending::<()>().await;
}

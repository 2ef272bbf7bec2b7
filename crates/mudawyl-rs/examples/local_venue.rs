//! Runs the local Mudawyl venue until stopped.
//!
//! `cargo run -p mudawyl-rs --features sim --example local_venue -- --port 8080`
//! prints one JSON line: `{"base_url": "...", "credentials": {...}}`.

use mudawyl_rs::sim::{LocalVenue, SimConfig};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut port = 0u16;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => {
                port = args.next().ok_or("--port needs a value")?.parse()?;
            }
            other => {
                return Err(format!("unknown argument `{other}` (usage: --port <PORT>)").into());
            }
        }
    }
    let venue = LocalVenue::start_with(SimConfig::default(), port).await?;
    let users: Vec<_> = venue
        .users()
        .iter()
        .map(|u| serde_json::json!({ "name": u.name, "authorization": u.token }))
        .collect();
    let line = serde_json::json!({
        "base_url": venue.base_url(),
        "credentials": {
            "authorization": venue.token(),
            "users": users,
            "recaptcha-token-v3": "required on POST, PUT and DELETE: any non-empty value, each used once",
        }
    });
    println!("{line}");
    // Serve until the process is killed.
    std::future::pending::<()>().await;
    Ok(())
}

//! Runs the local ALP.COM venue until stopped:
//! `cargo run -p alp-rs --features sim --example local_venue -- --port 8080`.
//!
//! Prints one JSON line with the API root and the credentials it accepts, then serves on
//! 127.0.0.1 (port 0 picks a free port).

use alp_rs::sim::{LocalVenue, SimConfig};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut port = 0u16;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                let value = args.next().ok_or("--port needs a value")?;
                port = value
                    .parse()
                    .map_err(|_| format!("invalid port `{value}`"))?;
            }
            other => {
                return Err(format!("unknown argument `{other}` (usage: --port <PORT>)").into());
            }
        }
    }
    let config = SimConfig::default();
    let venue = LocalVenue::bind(port, config.clone()).await?;
    let line = serde_json::json!({
        "base_url": venue.base_url(),
        "credentials": { "api_key": config.key, "api_secret": config.secret },
    });
    println!("{line}");
    std::future::pending::<()>().await;
    Ok(())
}

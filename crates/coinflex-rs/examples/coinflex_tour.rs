//! A tour of the CoinFLEX borrowing API.
//!
//! Without `COINFLEX_API_KEY` it starts the local venue in-process and walks every flow,
//! writes included. With `COINFLEX_API_KEY` and `COINFLEX_API_SECRET` it talks to
//! `COINFLEX_BASE_URL` (default: the live site) and runs the reads; writes (a small borrow and
//! its repayment) run only with `--writes`.
//!
//! ```text
//! cargo run -p coinflex-rs --features sim --example coinflex_tour
//! COINFLEX_API_KEY=.. COINFLEX_API_SECRET=.. COINFLEX_BASE_URL=https://v2stgapi.coinflex.com \
//!     cargo run -p coinflex-rs --features sim --example coinflex_tour -- --writes
//! ```
//!
//! Prints `ok   <step>` or `FAIL <step>: <error>` per step, then
//! `TOUR SUMMARY calls=<n> ok=<n> failed=<n>`; exits 1 when a step failed.

use std::fmt::Display;

use chrono::{Duration, Utc};
use coinflex_rs::sim::LocalVenue;
use coinflex_rs::{BorrowStatus, Client, Credentials, ErrorKind, LIVE_URL, OrderStatus};
use futures::StreamExt;
use rust_decimal_macros::dec;

#[derive(Default)]
struct Tour {
    calls: u32,
    ok: u32,
    failed: u32,
}

impl Tour {
    /// Records a step: `Ok(detail)` or `Err(reason)`.
    fn step<T: Display, E: Display>(&mut self, name: &str, outcome: Result<T, E>) {
        self.calls += 1;
        match outcome {
            Ok(detail) => {
                self.ok += 1;
                println!("ok   {name}: {detail}");
            }
            Err(e) => {
                self.failed += 1;
                println!("FAIL {name}: {e}");
            }
        }
    }

    fn expect(&mut self, name: &str, condition: bool, detail: impl Display) {
        let outcome: Result<String, String> = if condition {
            Ok(detail.to_string())
        } else {
            Err(format!("unexpected: {detail}"))
        };
        self.step(name, outcome);
    }
}

#[tokio::main]
async fn main() {
    let writes = std::env::args().any(|a| a == "--writes");
    let mut tour = Tour::default();
    let key_set = std::env::var("COINFLEX_API_KEY").is_ok_and(|v| !v.is_empty());
    let credentials = Credentials::from_env();
    if key_set && credentials.is_none() {
        tour.step(
            "read credentials",
            Err::<String, _>("COINFLEX_API_KEY is set but COINFLEX_API_SECRET is not"),
        );
    }
    match credentials.filter(|_| key_set) {
        Some(credentials) => {
            let base = std::env::var("COINFLEX_BASE_URL")
                .ok()
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| LIVE_URL.to_string());
            println!("venue: {base} (credentials from the environment)");
            match Client::builder()
                .base_url(base)
                .credentials(credentials)
                .build()
            {
                Ok(client) => {
                    reads(&mut tour, &client).await;
                    if writes {
                        live_writes(&mut tour, &client).await;
                    } else {
                        println!("(writes skipped: pass --writes to borrow and repay)");
                    }
                }
                Err(e) => tour.step("build client", Err::<String, _>(e)),
            }
        }
        None if key_set => {}
        None => match LocalVenue::start().await {
            Ok(venue) => {
                println!("venue: local, {}", venue.base_url());
                match venue.client_builder().build() {
                    Ok(client) => local_flows(&mut tour, &venue, &client).await,
                    Err(e) => tour.step("build client", Err::<String, _>(e)),
                }
            }
            Err(e) => tour.step("start local venue", Err::<String, _>(e)),
        },
    }
    println!(
        "TOUR SUMMARY calls={} ok={} failed={}",
        tour.calls, tour.ok, tour.failed
    );
    if tour.failed > 0 {
        std::process::exit(1);
    }
}

async fn reads(tour: &mut Tour, client: &Client) {
    let r = client.borrowing_summary().await;
    tour.step(
        "borrowing_summary",
        r.map(|e| format!("{} outstanding borrowing(s)", e.len())),
    );
    let r = client.borrow_history("BTC").limit(10).await;
    tour.step(
        "borrow_history BTC",
        r.map(|e| format!("{} row(s)", e.len())),
    );
    let r = client.repay_history("BTC").limit(10).await;
    tour.step(
        "repay_history BTC",
        r.map(|e| format!("{} row(s)", e.len())),
    );
}

async fn live_writes(tour: &mut Tour, client: &Client) {
    let r = client.borrow("USD", "BTC", dec!(0.001)).await;
    tour.step(
        "borrow 0.001 BTC",
        r.map(|e| format!("{} USD, {}", e.borrowed_amount, e.status)),
    );
    let r = client.repay("USD", "BTC", dec!(0.001)).await;
    tour.step(
        "repay 0.001 BTC",
        r.map(|e| format!("{} USD repaid, {}", e.repaid_amount, e.status)),
    );
}

async fn local_flows(tour: &mut Tour, venue: &LocalVenue, client: &Client) {
    reads(tour, client).await;

    let r = client.borrow("USD", "BTC", dec!(2)).await;
    tour.step(
        "borrow USD against 2 BTC",
        r.map(|e| format!("{} USD borrowed, {}", e.borrowed_amount, e.status)),
    );
    let r = client.borrow("USD", "ETH", dec!(10)).await;
    tour.step(
        "borrow USD against 10 ETH",
        r.map(|e| format!("{} USD borrowed", e.borrowed_amount)),
    );
    match client.borrowing_summary().await {
        Ok(e) => tour.expect(
            "summary shows both borrowings",
            e.len() == 2,
            format!("{} row(s)", e.len()),
        ),
        Err(e) => tour.step("summary shows both borrowings", Err::<String, _>(e)),
    }
    tour.expect(
        "balances moved",
        venue.balance("BTC") == dec!(8),
        format!("BTC {} USD {}", venue.balance("BTC"), venue.balance("USD")),
    );

    let r = client.repay("USD", "BTC", dec!(0.5)).await;
    tour.step(
        "repay to regain 0.5 BTC",
        r.map(|e| format!("{} USD repaid, {}", e.repaid_amount, e.status)),
    );
    match client
        .close_borrow("BTC-USD-SWAP-LIN")
        .price(dec!(99999))
        .await
    {
        Ok(e) => tour.expect(
            "close above the mark is killed (FOK)",
            e.status == OrderStatus::CanceledByFok,
            e.status,
        ),
        Err(e) => tour.step("close above the mark is killed (FOK)", Err::<String, _>(e)),
    }
    let r = client
        .close_borrow("BTC-USD-SWAP-LIN")
        .quantity(dec!(0.5))
        .await;
    tour.step(
        "close 0.5 BTC at the market",
        r.map(|e| format!("{} {} at {:?}", e.status, e.quantity, e.price)),
    );
    let r = client.close_borrow("BTC-USD-SWAP-LIN").await;
    tour.step(
        "close the rest of the BTC borrowing",
        r.map(|e| format!("{} {}", e.status, e.quantity)),
    );
    match client.borrowing_summary().await {
        Ok(e) => tour.expect(
            "summary shows only ETH",
            e.len() == 1 && e[0].collateral_asset == "ETH",
            format!("{} row(s)", e.len()),
        ),
        Err(e) => tour.step("summary shows only ETH", Err::<String, _>(e)),
    }

    for i in 1..=5 {
        let r = client
            .borrow("USD", "FLEX", rust_decimal::Decimal::from(100 * i))
            .await;
        tour.step(
            &format!("borrow against {} FLEX", 100 * i),
            r.map(|e| e.status),
        );
        // Distinct milliseconds keep the pager's time cursor exact.
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let rows: Vec<_> = client
        .borrow_history("FLEX")
        .limit(2)
        .into_stream()
        .collect()
        .await;
    let n = rows.iter().filter(|r| r.is_ok()).count();
    tour.expect(
        "borrow history FLEX, 2 per page, all pages",
        n == 5 && rows.len() == 5,
        format!("{n} row(s)"),
    );
    let r = client
        .repay_history("BTC")
        .start_time(Utc::now() - Duration::hours(1))
        .end_time(Utc::now())
        .await;
    tour.step(
        "repay history BTC, last hour",
        r.map(|e| {
            format!(
                "{} row(s), first {}",
                e.len(),
                e.first()
                    .map(|r| r.status.clone())
                    .unwrap_or(BorrowStatus::Other("none".into()))
            )
        }),
    );

    venue.set_balance("BTC", dec!(0));
    match client.borrow("USD", "BTC", dec!(1)).await {
        Err(e) if e.kind() == ErrorKind::InsufficientFunds => {
            tour.step("borrow without collateral is refused", Ok::<_, String>(e))
        }
        other => tour.step(
            "borrow without collateral is refused",
            Err::<String, _>(format!("{other:?}")),
        ),
    }
    match client.borrow_history("BTC").limit(101).await {
        Err(e) if e.kind() == ErrorKind::InvalidRequest => {
            tour.step("limit 101 is refused before sending", Ok::<_, String>(e))
        }
        other => tour.step(
            "limit 101 is refused before sending",
            Err::<String, _>(format!("{other:?}")),
        ),
    }
}

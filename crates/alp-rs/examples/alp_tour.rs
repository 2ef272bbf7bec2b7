//! A walk through ALP.COM v1 and v3.
//!
//! Without `ALP_API_KEY` it starts the local venue in-process and walks every flow, writes
//! included. With `ALP_API_KEY` and `ALP_API_SECRET` it talks to `ALP_BASE_URL` (default: the
//! live API root `https://alp.com/api`), runs reads only, and places and cancels one small
//! far-from-market order per API only when given `--writes`.
//!
//! Prints `ok   <step>` or `FAIL <step>: <error>` per step and, last,
//! `TOUR SUMMARY calls=<n> ok=<n> failed=<n>`; exits 1 when a step failed.

use std::future::Future;

use alp_rs::v1::{Side, Timeframe};
use alp_rs::v3::{self, Direction, LoanType, WalletType};
use alp_rs::{Client, Credentials, OrdersRequest, PlaceOrderRequest, Result};
use futures::StreamExt;
use rust_decimal::Decimal;

#[derive(Default)]
struct Tour {
    calls: u32,
    ok: u32,
    failed: u32,
}

impl Tour {
    async fn step<T>(
        &mut self,
        name: &str,
        call: impl Future<Output = Result<T>>,
        show: impl Fn(&T) -> String,
    ) -> Option<T> {
        self.calls += 1;
        match call.await {
            Ok(value) => {
                self.ok += 1;
                println!("ok   {name}: {}", show(&value));
                Some(value)
            }
            Err(e) => {
                self.failed += 1;
                println!("FAIL {name}: {e}");
                None
            }
        }
    }
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap_or_default()
}

#[tokio::main]
async fn main() {
    let writes_flag = std::env::args().any(|a| a == "--writes");
    let mut tour = Tour::default();
    let live = Credentials::from_env();
    let _venue;
    let (client, writes, local) = match live {
        Some(creds) => {
            let base =
                std::env::var("ALP_BASE_URL").unwrap_or_else(|_| alp_rs::LIVE_URL.to_string());
            println!(
                "tour: {base} (reads{})",
                if writes_flag { " and writes" } else { " only" }
            );
            match Client::builder().base_url(base).credentials(creds).build() {
                Ok(c) => (c, writes_flag, false),
                Err(e) => {
                    println!("FAIL build client: {e}");
                    println!("TOUR SUMMARY calls=1 ok=0 failed=1");
                    std::process::exit(1);
                }
            }
        }
        None => {
            let venue = match alp_rs::sim::LocalVenue::start().await {
                Ok(v) => v,
                Err(e) => {
                    println!("FAIL start local venue: {e}");
                    println!("TOUR SUMMARY calls=1 ok=0 failed=1");
                    std::process::exit(1);
                }
            };
            println!(
                "tour: local venue at {} (every flow, writes included)",
                venue.base_url()
            );
            let client = venue
                .client_builder()
                .build()
                .expect("a client for the local venue");
            _venue = venue;
            (client, true, true)
        }
    };
    run(&mut tour, &client, writes, local).await;
    println!(
        "TOUR SUMMARY calls={} ok={} failed={}",
        tour.calls, tour.ok, tour.failed
    );
    if tour.failed > 0 {
        std::process::exit(1);
    }
}

async fn run(t: &mut Tour, c: &Client, writes: bool, local: bool) {
    let v1 = c.v1();
    let v3 = c.v3();
    let pair = "BTC_USD";

    // v1 public.
    t.step("v1 currencies", v1.currencies().send(), |l| {
        format!("{} currencies", l.len())
    })
    .await;
    t.step("v1 pairs", v1.pairs().send(), |l| {
        format!("{} pairs", l.len())
    })
    .await;
    let ticker = t
        .step("v1 ticker", v1.ticker().pair(pair).send(), |l| {
            l.first()
                .map(|x| format!("{} last {}", x.pair, x.last.unwrap_or_default()))
                .unwrap_or_default()
        })
        .await;
    t.step(
        "v1 charts",
        v1.charts(pair, Timeframe::H1).limit(24).send(),
        |l| format!("{} hourly candles", l.len()),
    )
    .await;
    let book = t
        .step(
            "v1 orderbook",
            v1.orderbook(pair).limit_sell(5).limit_buy(5).send(),
            |b| format!("{} asks, {} bids", b.sell.len(), b.buy.len()),
        )
        .await;
    let pages: Vec<_> = v1
        .exchanges()
        .pair(pair)
        .limit(2)
        .into_stream()
        .take(6)
        .collect()
        .await;
    t.step(
        "v1 exchanges (paged by 2)",
        async { pages.into_iter().collect::<Result<Vec<_>>>() },
        |l| format!("{} trades", l.len()),
    )
    .await;

    // v1 private reads.
    t.step("v1 wallets", v1.wallets().send(), |l| {
        l.iter()
            .map(|w| {
                format!(
                    "{} {}/{}",
                    w.currency,
                    w.balance.unwrap_or_default(),
                    w.reserve.unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    })
    .await;
    t.step("v1 own orders", v1.own_orders().limit(10).send(), |l| {
        format!("{} orders", l.len())
    })
    .await;
    t.step(
        "v1 own exchanges",
        v1.own_exchanges().limit(10).send(),
        |l| format!("{} trades", l.len()),
    )
    .await;
    t.step("v1 deposits", v1.deposits().send(), |l| {
        format!("{} deposits", l.len())
    })
    .await;
    t.step("v1 withdraws", v1.withdraws().send(), |l| {
        format!("{} withdraws", l.len())
    })
    .await;

    // v3 reads.
    let accounts = t
        .step(
            "v3 accounts",
            v3.accounts().include_subaccounts(true).send(),
            |l| format!("{} accounts", l.len()),
        )
        .await;
    let account_id = accounts
        .and_then(|l| l.first().map(|a| a.id))
        .unwrap_or_default();
    t.step("v3 fee info", v3.fee_info().send(), |l| {
        format!("{} fee rates", l.len())
    })
    .await;
    t.step("v3 balances", v3.account_balances().send(), |l| {
        format!("{} balances", l.len())
    })
    .await;
    t.step("v3 orders", v3.orders().send(), |l| {
        format!("{} orders in the last 30 days", l.len())
    })
    .await;
    t.step("v3 account trades", v3.account_trades().send(), |l| {
        format!("{} trades", l.len())
    })
    .await;
    t.step("v3 wallet activity", v3.wallet_activity().send(), |l| {
        format!("{} movements", l.len())
    })
    .await;
    t.step(
        "v3 margin positions",
        v3.margin_positions()
            .isolated_margin(true)
            .cross_margin(true)
            .send(),
        |l| format!("{} positions", l.len()),
    )
    .await;
    t.step(
        "v3 margin liquidations",
        v3.margin_liquidations().send(),
        |l| format!("{} liquidations", l.len()),
    )
    .await;
    let now = chrono::Utc::now();
    let walked: Vec<_> = v3
        .stream_range(OrdersRequest::new(), now - chrono::TimeDelta::days(90), now)
        .collect()
        .await;
    t.step(
        "v3 orders over 90 days (3 windows)",
        async { walked.into_iter().collect::<Result<Vec<_>>>() },
        |l| format!("{} orders", l.len()),
    )
    .await;

    if !writes {
        return;
    }
    // v1 writes: one order far below the market (rests), then cancelled.
    let bid = book
        .as_ref()
        .and_then(|b| b.buy.last().and_then(|l| l.price))
        .or(ticker.as_ref().and_then(|t| t.first().and_then(|x| x.last)))
        .unwrap_or(dec("1000"));
    let low = (bid / Decimal::TWO).round_dp(2).max(dec("0.01"));
    if let Some(o) = t
        .step(
            "v1 create order (rests)",
            v1.create_order(Side::Buy, pair, dec("0.001"), low).send(),
            |o| format!("oid {} at {}", o.oid, o.price.unwrap_or_default()),
        )
        .await
    {
        t.step("v1 order", v1.order(o.oid).send(), |d| {
            format!("status {:?}", d.status)
        })
        .await;
        t.step("v1 cancel order", v1.cancel_order(o.oid).send(), |x| {
            format!("cancelled {}", x.order)
        })
        .await;
    }
    // v3 writes: the same with a v3 order.
    let order = PlaceOrderRequest::limit(
        account_id,
        WalletType::Spot,
        "BTC_USDT",
        v3::Side::Buy,
        low,
        dec("0.001"),
    );
    if let Some(id) = t
        .step("v3 place order (rests)", c.send(order), |id| {
            format!("id {id}")
        })
        .await
    {
        t.step(
            "v3 cancel orders",
            v3.cancel_orders(false).order_ids(vec![id]).send(),
            |o| format!("{o:?}"),
        )
        .await;
    }
    if !local {
        return;
    }
    // Against the local venue only: a crossing order and the margin cycle.
    let ask = book
        .as_ref()
        .and_then(|b| b.sell.first().map(|l| l.price))
        .unwrap_or(Some(dec("30010")));
    t.step(
        "v1 create order (crosses)",
        v1.create_order(Side::Buy, pair, dec("0.1"), ask.expect("REASON"))
            .send(),
        |o| format!("{} trades", o.trades.len()),
    )
    .await;
    t.step(
        "v1 own exchanges after the fill",
        v1.own_exchanges().pair(pair).send(),
        |l| format!("{} trades", l.len()),
    )
    .await;
    t.step(
        "v3 margin transfer",
        v3.margin_transfer(
            WalletType::CrossMargin,
            Direction::Add,
            "ETH",
            dec("1"),
            None,
        )
        .note("tour")
        .send(),
        |_| "1 ETH to cross margin".into(),
    )
    .await;
    t.step(
        "v3 margin borrow",
        v3.margin_borrow(
            "ETH",
            None,
            WalletType::CrossMargin,
            LoanType::Manual,
            dec("2"),
        )
        .send(),
        |_| "borrowed 2 ETH".into(),
    )
    .await;
    t.step(
        "v3 margin borrows",
        v3.margin_borrows().open_only(true).send(),
        |l| format!("{} open", l.len()),
    )
    .await;
    t.step("v3 margin interest", v3.margin_interest().send(), |l| {
        format!("{} charges", l.len())
    })
    .await;
    t.step(
        "v3 margin repay",
        v3.margin_repay(
            WalletType::CrossMargin,
            LoanType::Manual,
            "ETH",
            dec("1"),
            None,
        )
        .send(),
        |_| "repaid 1 ETH".into(),
    )
    .await;
    t.step("v3 margin repays", v3.margin_repays().send(), |l| {
        format!("{} repays", l.len())
    })
    .await;
    t.step("v3 margin transfers", v3.margin_transfers().send(), |l| {
        format!("{} transfers", l.len())
    })
    .await;
    t.step(
        "v3 close margin",
        v3.close_margin(WalletType::CrossMargin).send(),
        |_| "closed".into(),
    )
    .await;
    t.step(
        "v3 margin positions after close",
        v3.margin_positions().cross_margin(true).send(),
        |l| format!("{} positions", l.len()),
    )
    .await;
}

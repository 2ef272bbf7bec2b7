//! A walk through every IQFinex endpoint.
//!
//! Without `IQFINEX_API_KEY` it starts the local venue in-process and walks every flow,
//! writes included. With it, it targets `IQFINEX_BASE_URL` (default: the live API), runs the
//! reads, and runs the writes (a far-from-market limit order, then its cancel) only when given
//! `--writes`.
//!
//! ```sh
//! cargo run -p iqfinex-rs --features sim --example iqfinex_tour
//! IQFINEX_API_KEY=... cargo run -p iqfinex-rs --features sim --example iqfinex_tour -- --writes
//! ```
//!
//! Prints one line per step and, last, `TOUR SUMMARY calls=<n> ok=<n> failed=<n>`; exits 1
//! when any step failed.

use std::fmt::Debug;
use std::future::IntoFuture;

use futures::TryStreamExt;
use iqfinex_rs::sim::{LocalVenue, keys};
use iqfinex_rs::{
    ApiStatus, Client, ClosedOrdersRequest, Credentials, ErrorKind, Frame, OpenOrderRequest,
    OrderStatus, Rounding, Side, Sort,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

#[derive(Default)]
struct Tour {
    calls: u32,
    ok: u32,
    failed: u32,
}

impl Tour {
    /// Runs one call; prints `ok` with a summary of the answer, or `FAIL` with the error.
    async fn step<F, T>(
        &mut self,
        name: &str,
        call: F,
        show: impl FnOnce(&T) -> String,
    ) -> Option<T>
    where
        F: IntoFuture<Output = iqfinex_rs::Result<T>>,
    {
        self.calls += 1;
        match call.into_future().await {
            Ok(v) => {
                self.ok += 1;
                println!("ok   {name}: {}", show(&v));
                Some(v)
            }
            Err(e) => {
                self.failed += 1;
                println!("FAIL {name}: {e}");
                None
            }
        }
    }

    /// Runs a call that must be refused in a given way.
    async fn refused<F, T: Debug>(&mut self, name: &str, call: F, want: (ErrorKind, ApiStatus))
    where
        F: IntoFuture<Output = iqfinex_rs::Result<T>>,
    {
        self.calls += 1;
        match call.into_future().await {
            Err(e) if (e.kind(), ApiStatus::of(&e)) == (want.0, Some(want.1)) => {
                self.ok += 1;
                println!("ok   {name}: refused as expected ({e})");
            }
            Err(e) => {
                self.failed += 1;
                println!("FAIL {name}: refused the wrong way: {e}");
            }
            Ok(v) => {
                self.failed += 1;
                println!("FAIL {name}: accepted, expected a refusal: {v:?}");
            }
        }
    }

    /// Records a check on answers already received.
    fn check(&mut self, name: &str, passed: bool, detail: String) {
        self.calls += 1;
        if passed {
            self.ok += 1;
            println!("ok   {name}: {detail}");
        } else {
            self.failed += 1;
            println!("FAIL {name}: {detail}");
        }
    }
}

fn level(l: Option<&iqfinex_rs::Level>) -> String {
    l.map(|l| format!("{} x {} ({} orders)", l.price, l.volume, l.positions))
        .unwrap_or_else(|| "none".into())
}

async fn reads(t: &mut Tour, c: &Client) {
    t.step("currencies", c.currencies(), |v| {
        format!("{} currencies", v.len())
    })
    .await;
    t.step("currency BTC", c.currency("BTC"), |v| {
        format!(
            "{} ({}), withdrawal commission {}",
            v.name, v.alias, v.commission
        )
    })
    .await;
    t.step("assets", c.assets(), |v| format!("{} assets", v.len()))
        .await;
    t.step("asset BTCUSDT", c.asset("BTCUSDT"), |v| {
        format!(
            "{}/{}, {} digits, min volume {}",
            v.left, v.right, v.accuracy, v.min_volume
        )
    })
    .await;
    t.step("tickers", c.tickers(), |v| format!("{} tickers", v.len()))
        .await;
    t.step("ticker BTCUSDT", c.ticker("BTCUSDT"), |v| {
        format!(
            "bid {} ask {} last {} ({}%)",
            v.bid, v.ask, v.last, v.percent_change
        )
    })
    .await;
    t.step(
        "orderbook BTCUSDT/0",
        c.orderbook("BTCUSDT", Rounding::Exact),
        |b| {
            format!(
                "{} bids, {} asks, best bid {}, best ask {}",
                b.bids.len(),
                b.asks.len(),
                level(b.best_bid()),
                level(b.best_ask())
            )
        },
    )
    .await;
    t.step(
        "orderbook BTCUSDT/2",
        c.orderbook("BTCUSDT", Rounding::TwoDigits),
        |b| format!("best bid {}", level(b.best_bid())),
    )
    .await;
    t.step(
        "trades BTCUSDT",
        c.trades("BTCUSDT").limit(3).sort(Sort::Desc),
        |p| {
            format!(
                "{} of {} trades, newest at {:?}",
                p.rows.len(),
                total(p.count),
                p.rows.first().map(|r| r.price)
            )
        },
    )
    .await;
    t.step(
        "candles ETHBTC/300",
        c.candles("ETHBTC", Frame::M5).limit(3),
        |p| {
            format!(
                "{} of {} candles, {} still active",
                p.rows.len(),
                total(p.count),
                p.rows.iter().filter(|c| c.is_active()).count()
            )
        },
    )
    .await;
    t.step("account info", c.account_info(), |a| {
        format!(
            "account {} ({}), trade permission {}",
            a.id, a.keylabel, a.is_trade
        )
    })
    .await;
    t.step("balance", c.balance(), |b| {
        b.iter()
            .map(|(coin, x)| format!("{coin} {} (free {})", x.balance, x.free_balance))
            .collect::<Vec<_>>()
            .join(", ")
    })
    .await;
    t.step("opened orders", c.opened_orders(), |p| {
        format!("{} open", total(p.count))
    })
    .await;
    t.step("closed orders", c.closed_orders().limit(5), |p| {
        format!("{} in history", total(p.count))
    })
    .await;
    t.step("my trades", c.my_trades().limit(5), |p| {
        format!("{} trades", total(p.count))
    })
    .await;
    // Any endpoint's request is plain data too, sent later with `send`.
    let request = ClosedOrdersRequest::new().limit(5).sort(Sort::Asc);
    t.step("closed orders, as data", c.send(request), |p| {
        format!("{} in history, oldest first", total(p.count))
    })
    .await;
}

async fn free_of(c: &Client, coin: &str) -> Option<Decimal> {
    c.balance().await.ok()?.get(coin).map(|b| b.free_balance)
}

/// Every write flow, against the local venue.
async fn local_flows(t: &mut Tour, venue: &LocalVenue, c: &Client) {
    let other = Client::builder()
        .base_url(venue.base_url())
        .credentials(Credentials::new(keys::SECOND_TRADER))
        .no_pacing()
        .build()
        .expect("client builds");

    // A limit order that does not cross rests and reserves; cancel releases it.
    let before = free_of(c, "BTC").await;
    let resting = t
        .step(
            "open limit order (rests)",
            c.open_order(OpenOrderRequest::limit(
                "ETHBTC",
                Side::Buy,
                dec!(1),
                dec!(0.034),
            )),
            |o| {
                format!(
                    "order {} {} {:?} {}",
                    o.id,
                    o.status.as_str(),
                    o.price,
                    o.kind.as_str()
                )
            },
        )
        .await;
    if let Some(o) = resting {
        let reserved = free_of(c, "BTC").await;
        t.check(
            "reservation",
            before
                .zip(reserved)
                .is_some_and(|(b, r)| b - r == dec!(0.034)),
            format!("free BTC {before:?} -> {reserved:?}"),
        );
        t.step("opened orders", c.opened_orders(), |p| {
            format!("{} open", total(p.count))
        })
        .await;
        t.step("order status", c.order_status(o.id), |o| {
            o.status.as_str().to_string()
        })
        .await;
        t.step("cancel order", c.cancel_order(o.id), |o| {
            o.status.as_str().to_string()
        })
        .await;
        let after = free_of(c, "BTC").await;
        t.check(
            "release",
            after == before,
            format!("free BTC back to {after:?}"),
        );
        t.refused(
            "cancelled unexecuted order is gone",
            c.order_status(o.id),
            (ErrorKind::OrderNotFound, ApiStatus::BadRequest),
        )
        .await;
    }

    // A crossing limit order fills against the book.
    if let Some(o) = t
        .step(
            "open limit order (crosses)",
            c.open_order(OpenOrderRequest::limit(
                "ETHBTC",
                Side::Buy,
                dec!(6),
                dec!(0.0346),
            )),
            |o| {
                format!(
                    "order {} {}, executed {}",
                    o.id,
                    o.status.as_str(),
                    o.executed_volume
                )
            },
        )
        .await
    {
        t.step(
            "trades by order",
            c.order_trades(o.id).sort(Sort::Asc),
            |p| {
                p.rows
                    .iter()
                    .map(|r| format!("{} @ {}", r.volume, r.price))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        )
        .await;
    }

    // A market order.
    t.step(
        "open market order",
        c.open_order(OpenOrderRequest::market("BTCUSDT", Side::Sell, dec!(0.1))),
        |o| {
            format!(
                "order {} {}, executed {}",
                o.id,
                o.status.as_str(),
                o.executed_volume
            )
        },
    )
    .await;

    // A stop-limit order waits, then activates when the last price reaches the stop.
    if let Some(stop) = t
        .step(
            "open stop-limit order",
            c.open_order(OpenOrderRequest::stop_limit(
                "ETHUSDT",
                Side::Buy,
                dec!(1),
                dec!(118),
                dec!(117),
            )),
            |o| {
                format!(
                    "order {} {}, stop {:?}",
                    o.id,
                    o.status.as_str(),
                    o.stop_price
                )
            },
        )
        .await
    {
        t.step(
            "another account trades at the stop",
            other.open_order(OpenOrderRequest::limit(
                "ETHUSDT",
                Side::Buy,
                dec!(1),
                dec!(117),
            )),
            |o| format!("order {} {}", o.id, o.status.as_str()),
        )
        .await;
        if let Some(o) = t
            .step("stop-limit status", c.order_status(stop.id), |o| {
                format!("{}, executed {}", o.status.as_str(), o.executed_volume)
            })
            .await
        {
            t.check(
                "stop-limit activated",
                o.status == OrderStatus::Closed,
                format!("status {}", o.status.as_str()),
            );
        }
    }

    // Every page.
    t.step(
        "closed orders, every page",
        c.closed_orders()
            .limit(2)
            .into_stream()
            .try_collect::<Vec<_>>(),
        |v| format!("{} orders", v.len()),
    )
    .await;
    t.step(
        "my trades, every page",
        c.my_trades().limit(2).into_stream().try_collect::<Vec<_>>(),
        |v| format!("{} trades", v.len()),
    )
    .await;
    t.step(
        "public trades, every page",
        c.trades("ETHBTC")
            .limit(2)
            .into_stream()
            .try_collect::<Vec<_>>(),
        |v| format!("{} trades", v.len()),
    )
    .await;

    // The venue's refusals.
    let with_key = |key: &str| {
        Client::builder()
            .base_url(venue.base_url())
            .credentials(Credentials::new(key))
            .no_pacing()
            .build()
            .expect("client builds")
    };
    t.refused(
        "read-only key opens an order",
        with_key(keys::READ_ONLY).open_order(OpenOrderRequest::limit(
            "ETHBTC",
            Side::Buy,
            dec!(1),
            dec!(0.03),
        )),
        (ErrorKind::Permission, ApiStatus::ForbiddenForKey),
    )
    .await;
    t.refused(
        "disabled key",
        with_key(keys::DISABLED).balance(),
        (ErrorKind::Authentication, ApiStatus::InvalidLogin),
    )
    .await;
    t.refused(
        "expired key",
        with_key(keys::EXPIRED).balance(),
        (ErrorKind::Authentication, ApiStatus::TokenExpired),
    )
    .await;
    t.refused(
        "order beyond the balance",
        c.open_order(OpenOrderRequest::limit(
            "BTCUSDT",
            Side::Buy,
            dec!(1000),
            dec!(3000),
        )),
        (ErrorKind::InsufficientFunds, ApiStatus::BadRequest),
    )
    .await;
}

/// The live writes: a limit order far below the market, then its cancel.
async fn live_writes(t: &mut Tour, c: &Client) {
    let Some(asset) = t
        .step("asset ETHBTC", c.asset("ETHBTC"), |a| {
            format!("min volume {}", a.min_volume)
        })
        .await
    else {
        return;
    };
    let Some(ticker) = t
        .step("ticker ETHBTC", c.ticker("ETHBTC"), |v| {
            format!("bid {}", v.bid)
        })
        .await
    else {
        return;
    };
    // A tenth of the bid, at the asset's accuracy: it will not fill.
    let price = asset.round_price(ticker.bid / dec!(10));
    if price.is_zero() {
        t.check(
            "far price",
            false,
            "the bid is too small to place a safe order".into(),
        );
        return;
    }
    if let Some(o) = t
        .step(
            "open far limit order",
            c.open_order(OpenOrderRequest::limit(
                "ETHBTC",
                Side::Buy,
                asset.min_volume,
                price,
            )),
            |o| format!("order {} {}", o.id, o.status.as_str()),
        )
        .await
    {
        t.step("cancel order", c.cancel_order(o.id), |o| {
            o.status.as_str().to_string()
        })
        .await;
    }
}

#[tokio::main]
async fn main() {
    let writes = std::env::args().any(|a| a == "--writes");
    let mut tour = Tour::default();
    match Credentials::from_env() {
        Some(credentials) => {
            let base = std::env::var("IQFINEX_BASE_URL")
                .ok()
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| iqfinex_rs::LIVE_URL.to_string());
            println!("IQFinex tour against {base} (writes: {writes})");
            match Client::builder()
                .base_url(base)
                .credentials(credentials)
                .build()
            {
                Ok(client) => {
                    reads(&mut tour, &client).await;
                    if writes {
                        live_writes(&mut tour, &client).await;
                    }
                }
                Err(e) => {
                    tour.calls += 1;
                    tour.failed += 1;
                    println!("FAIL build client: {e}");
                }
            }
        }
        None => match LocalVenue::start().await {
            Ok(venue) => {
                println!(
                    "IQFinex tour against the local venue at {}",
                    venue.base_url()
                );
                let client = Client::builder()
                    .base_url(venue.base_url())
                    .credentials(Credentials::new(keys::TRADER))
                    .no_pacing()
                    .build()
                    .expect("client builds");
                reads(&mut tour, &client).await;
                local_flows(&mut tour, &venue, &client).await;
            }
            Err(e) => {
                tour.calls += 1;
                tour.failed += 1;
                println!("FAIL start local venue: {e}");
            }
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

/// A listing's total, or `?` when the venue did not say.
fn total(count: Option<u64>) -> String {
    count.map_or_else(|| "?".to_string(), |c| c.to_string())
}

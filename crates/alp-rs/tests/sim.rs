//! Flows end to end against the local venue (feature `sim`).
#![cfg(feature = "sim")]

use std::time::Duration;

use alp_rs::sim::{LocalVenue, SimConfig};
use alp_rs::v1::{self, OrderStatus, Side};
use alp_rs::v3::{self, Direction, LoanType, WalletType};
use alp_rs::{Client, Credentials, ErrorKind, Method};
use alp_rs::{OrdersRequest, PlaceOrderRequest};
use chrono::Datelike;
use futures::StreamExt;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use venue_common::Sent;
use venue_common::sim::standalone::Launched;
use venue_common::sim::{Fault, unrouted};

/// A venue with generous limits so flows run quickly; the client paces to match.
async fn fast() -> (LocalVenue, Client) {
    let venue = LocalVenue::start_with(SimConfig {
        private_per_second: Some(200),
        public_per_second: Some(1000),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let client = venue.client_builder().build().unwrap();
    (venue, client)
}

fn wallet(ws: &[v1::Wallet], cur: &str) -> (Decimal, Decimal) {
    ws.iter()
        .find(|w| w.currency == cur)
        .map(|w| (w.balance.unwrap_or_default(), w.reserve.unwrap_or_default()))
        .unwrap_or_default()
}

#[tokio::test]
async fn v1_place_rest_list_cancel_and_balances_move() {
    let (_venue, c) = fast().await;
    let before = c.v1().wallets().await.unwrap();
    assert_eq!(wallet(&before, "USD"), (dec!(100000), dec!(0)));

    // Rests below the best ask: the price times the amount moves to reserve.
    let placed = c
        .v1()
        .create_order(Side::Buy, "BTC_USD", dec!(0.5), dec!(29000))
        .await
        .unwrap();
    assert_eq!(placed.success, Some(true));
    assert!(placed.trades.is_empty());
    assert_eq!(placed.amount, dec!(0.5).into());
    let ws = c.v1().wallets().await.unwrap();
    assert_eq!(wallet(&ws, "USD"), (dec!(85500), dec!(14500)));

    let detail = c.v1().order(placed.oid).await.unwrap();
    assert_eq!(detail.status, Some(OrderStatus::Active));
    assert_eq!(detail.amount_filled, dec!(0).into());
    let open = c
        .v1()
        .own_orders()
        .status(OrderStatus::Active)
        .pair("BTC_USD")
        .await
        .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].id, placed.oid);
    let book = c.v1().orderbook("BTC_USD").await.unwrap();
    assert!(
        book.buy
            .iter()
            .any(|l| l.price == dec!(29000).into() && l.amount == dec!(0.5).into())
    );

    assert_eq!(
        c.v1().cancel_order(placed.oid).await.unwrap().order,
        placed.oid
    );
    assert_eq!(
        c.v1().order(placed.oid).await.unwrap().status,
        Some(OrderStatus::Canceled)
    );
    assert_eq!(
        wallet(&c.v1().wallets().await.unwrap(), "USD"),
        (dec!(100000), dec!(0))
    );
    // Cancelling again is refused in the venue's shape.
    let e = c.v1().cancel_order(placed.oid).await.unwrap_err();
    assert!(
        e.venue_error().unwrap().message.contains("not active"),
        "{e}"
    );

    // Crosses the book: fills at the resting price, buyer keeps the difference.
    let taken = c
        .v1()
        .create_order(Side::Buy, "BTC_USD", dec!(1.5), dec!(30020))
        .await
        .unwrap();
    assert_eq!(taken.trades.len(), 2);
    assert_eq!(
        (taken.trades[0].price, taken.trades[0].amount),
        (Some(dec!(30010)), Some(dec!(1)))
    );
    assert_eq!(
        (taken.trades[1].price, taken.trades[1].amount),
        (Some(dec!(30020)), Some(dec!(0.5)))
    );
    assert_eq!(taken.amount, dec!(0).into());
    assert_eq!(
        c.v1().order(taken.oid).await.unwrap().status,
        Some(OrderStatus::Done)
    );
    let ws = c.v1().wallets().await.unwrap();
    assert_eq!(wallet(&ws, "BTC"), (dec!(11.5), dec!(0)));
    assert_eq!(
        wallet(&ws, "USD"),
        (dec!(100000) - dec!(30010) - dec!(15010), dec!(0))
    );
    let mine = c.v1().own_exchanges().pair("BTC_USD").await.unwrap();
    assert_eq!(mine.len(), 2);
    assert!(mine.iter().all(|e| e.side == Some(Side::Buy)));

    // Out of balance, as the venue says it.
    let e = c
        .v1()
        .create_order(Side::Sell, "BTC_USD", dec!(100), dec!(40000))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InsufficientFunds);
    assert_eq!(e.venue_error().unwrap().message, "Out of balance -88.5 BTC");
}

#[tokio::test]
async fn v1_public_data_and_pagination() {
    let (_venue, c) = fast().await;
    assert_eq!(c.v1().currencies().await.unwrap().len(), 4);
    assert_eq!(c.v1().pairs().currency2("USDT").await.unwrap().len(), 2);
    let t = c.v1().ticker().pair("BTC_USD").await.unwrap();
    assert_eq!(
        (t[0].buy, t[0].sell),
        (Some(dec!(29990)), Some(dec!(30010)))
    );
    let candles = c.v1().charts("BTC_USD", v1::Timeframe::H1).await.unwrap();
    assert!(!candles.is_empty());
    // Seven trades (five seeded, two made here), walked two at a time.
    c.v1()
        .create_order(Side::Sell, "BTC_USD", dec!(2), dec!(29980))
        .await
        .unwrap();
    let all: Vec<_> = c
        .v1()
        .exchanges()
        .pair("BTC_USD")
        .ordering(v1::Ordering::Ascending)
        .limit(2u32)
        .into_stream()
        .collect()
        .await;
    let ids: Vec<u64> = all.into_iter().map(|r| r.unwrap().id).collect();
    assert_eq!(ids.len(), 7);
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    let own: Vec<_> = c
        .v1()
        .own_exchanges()
        .limit(1u32)
        .into_stream()
        .collect()
        .await;
    assert_eq!(own.len(), 2);
    assert_eq!(c.v1().deposits().await.unwrap().len(), 2);
    let w = c
        .v1()
        .withdraws()
        .status(v1::WithdrawStatus::Verified)
        .await
        .unwrap();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].amount, dec!(0.53).into());
}

#[tokio::test]
async fn v3_orders_balances_and_trades_share_the_v1_state() {
    let (venue, c) = fast().await;
    let acct = venue.account_id();
    let accounts = c.v3().accounts().include_subaccounts(true).await.unwrap();
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[1].id_parent, acct);
    assert_eq!(c.v3().fee_info().await.unwrap().len(), 2);

    let id = c
        .send(
            PlaceOrderRequest::limit(
                acct,
                WalletType::Spot,
                "BTC_USDT",
                v3::Side::Buy,
                dec!(29000),
                dec!(0.2),
            )
            .client_order_id("flow-1"),
        )
        .await
        .unwrap();
    let open = c
        .v3()
        .orders()
        .pair("BTC_USDT")
        .open_only(true)
        .await
        .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (open[0].id, open[0].status.clone()),
        (id, Some(v3::OrderStatus::Open))
    );
    // The same order through v1.
    assert_eq!(c.v1().order(id).await.unwrap().price, dec!(29000).into());
    let usdt = c
        .v3()
        .account_balances()
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.currency == "USDT" && b.wallet_type == Some(WalletType::Spot))
        .unwrap();
    assert_eq!(
        (usdt.balance, usdt.reserve),
        (Some(dec!(94200)), Some(dec!(5800)))
    );
    // A client order id is used once.
    let dup = PlaceOrderRequest::limit(
        acct,
        WalletType::Spot,
        "BTC_USDT",
        v3::Side::Buy,
        dec!(29000),
        dec!(0.2),
    )
    .client_order_id("flow-1");
    assert_eq!(c.send(dup).await.unwrap_err().kind(), ErrorKind::BadRequest);

    assert_eq!(
        c.v3()
            .cancel_orders(false)
            .order_ids(vec![id])
            .await
            .unwrap(),
        v3::CancelOutcome::Accepted
    );
    assert_eq!(
        c.v3().cancel_orders(true).await.unwrap(),
        v3::CancelOutcome::NothingToCancel
    );

    // A market order takes the ask.
    let m = c
        .send(PlaceOrderRequest::market(
            acct,
            WalletType::Spot,
            "BTC_USDT",
            v3::Side::Buy,
            dec!(0.5),
        ))
        .await
        .unwrap();
    let trades = c.v3().account_trades().pair("BTC_USDT").await.unwrap();
    assert_eq!(trades.len(), 1);
    assert_eq!(
        (trades[0].price, trades[0].amount, trades[0].is_maker),
        (Some(dec!(30015)), Some(dec!(0.5)), Some(false))
    );
    assert_eq!(
        c.v1().order(m).await.unwrap().status,
        Some(OrderStatus::Done)
    );
    let activity = c
        .v3()
        .wallet_activity()
        .currency("BTC")
        .side(v3::Side::Buy)
        .await
        .unwrap();
    assert!(activity.iter().any(|a| a.balance_delta == dec!(0.5).into()));

    // A long range is walked in 30-day windows.
    let now = chrono::Utc::now();
    let all: Vec<_> = c
        .v3()
        .stream_range(
            OrdersRequest::new(),
            now - chrono::TimeDelta::days(95),
            now + chrono::TimeDelta::minutes(1),
        )
        .collect()
        .await;
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|o| o.is_ok()));
}

#[tokio::test]
async fn v3_margin_borrow_transfer_repay_interest_close() {
    let (_venue, c) = fast().await;
    let v3 = c.v3();
    v3.margin_transfer(
        WalletType::CrossMargin,
        Direction::Add,
        "USDT",
        dec!(1000),
        None,
    )
    .note("collateral")
    .await
    .unwrap();
    v3.margin_borrow(
        "ETH",
        None,
        WalletType::CrossMargin,
        LoanType::Manual,
        dec!(2),
    )
    .await
    .unwrap();
    let pos = v3.margin_positions().cross_margin(true).await.unwrap();
    assert_eq!(pos.len(), 1);
    assert_eq!(
        (pos[0].currency.as_str(), pos[0].borrowed, pos[0].interest),
        ("ETH", Some(dec!(2)), Some(dec!(0.0002)))
    );
    let borrows = v3
        .margin_borrows()
        .currency("ETH")
        .open_only(true)
        .await
        .unwrap();
    assert_eq!(borrows.len(), 1);
    assert_eq!(borrows[0].closed_at, None);
    assert_eq!(
        v3.margin_interest().currency("ETH").await.unwrap()[0].interest_accrued,
        dec!(0.0002).into()
    );

    v3.margin_repay(
        WalletType::CrossMargin,
        LoanType::Manual,
        "ETH",
        dec!(1),
        None,
    )
    .await
    .unwrap();
    let repays = v3.margin_repays().await.unwrap();
    assert_eq!(
        (repays[0].interest_amount, repays[0].principal_amount),
        (Some(dec!(0.0002)), Some(dec!(0.9998)))
    );
    // Closing repays what is owed from the margin wallet: top it up first.
    v3.margin_transfer(
        WalletType::CrossMargin,
        Direction::Add,
        "ETH",
        dec!(1),
        None,
    )
    .await
    .unwrap();
    v3.close_margin(WalletType::CrossMargin).await.unwrap();
    assert!(
        v3.margin_positions()
            .cross_margin(true)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(v3.margin_borrows().open_only(true).await.unwrap().len(), 0);
    let transfers = v3.margin_transfers().await.unwrap();
    assert_eq!(transfers.len(), 2);
    assert_eq!(
        (transfers[0].direction.clone(), transfers[0].amount),
        (Some(Direction::Add), Some(dec!(1000)))
    );
    assert_eq!(v3.margin_liquidations().await.unwrap()[0].id, 293878);
    // Too much to take back.
    let e = v3
        .margin_transfer(
            WalletType::CrossMargin,
            Direction::Sub,
            "USDT",
            dec!(5000),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("INSUFFICIENT_BALANCE"));
}

#[tokio::test]
async fn the_venue_checks_authentication_like_alp() {
    let (venue, c) = fast().await;
    // A revoked token: the client renews it once and repeats the read.
    c.v3().accounts().await.unwrap();
    venue.expire_tokens();
    c.v3().accounts().await.unwrap();
    assert_eq!(venue.tokens_issued(), 2);

    // Wrong secret: v1 signature refused, v3 login refused.
    let bad = Client::builder()
        .base_url(venue.base_url())
        .credentials(Credentials::new("alp-sim-key-0001", "wrong"))
        .no_pacing()
        .build()
        .unwrap();
    assert_eq!(
        bad.v1().wallets().await.unwrap_err().kind(),
        ErrorKind::Authentication
    );
    assert_eq!(
        bad.v3().fee_info().await.unwrap_err().kind(),
        ErrorKind::Authentication
    );

    c.v1().deposits().await.unwrap();
    // A nonce that does not increase, sent by a second client with a clock in the past.
    let past = Client::builder()
        .base_url(venue.base_url())
        .credentials(venue.credentials())
        .clock(std::sync::Arc::new(venue_common::ManualClock::at_millis(
            1_000,
        )))
        .no_pacing()
        .build()
        .unwrap();
    let e = past.v1().deposits().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidNonce);

    // A v3 body whose signature does not match.
    let raw = reqwest::Client::new()
        .post(format!("{}/v3/auth", venue.base_url()))
        .header("x-sign", "00")
        .header("content-type", "application/json")
        .body(r#"{"api_key":"alp-sim-key-0001","api_secret":"alp-sim-secret-0001"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 401);

    // Signed raw calls reach unmodelled paths with the venue's auth.
    let v: serde_json::Value = c.raw(Method::GET, "/v1/wallets/").send().await.unwrap();
    assert!(v.as_array().is_some_and(|a| !a.is_empty()));
    // A window over 30 days is refused by the venue as well as by the client.
    let e = c
        .raw(Method::GET, "/v3/orders")
        .query("start_time", "2022-01-01T00:00:00Z")
        .query("end_time", "2022-03-01T00:00:00Z")
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("FORM_ERRORS"));
    assert!(e.venue_error().unwrap().message.contains("30 days"));
}

#[tokio::test]
async fn the_documented_limits_answer_429_and_the_paced_client_stays_under_them() {
    let venue = LocalVenue::start().await.unwrap();
    // Unpaced and unretried: the third private call within a second is refused.
    let unpaced = venue
        .client_builder()
        .no_pacing()
        .retry_policy(alp_rs::RetryPolicy::off())
        .build()
        .unwrap();
    let mut refused = 0;
    for _ in 0..4 {
        if let Err(e) = unpaced.v1().deposits().await {
            assert_eq!(e.kind(), ErrorKind::RateLimited);
            assert_eq!(e.retry_after(), Some(Duration::from_secs(1)));
            refused += 1;
        }
    }
    assert!(refused >= 1);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    // Paced at the default 2 per second: six private calls, none refused.
    let paced = venue
        .client_builder()
        .retry_policy(alp_rs::RetryPolicy::off())
        .build()
        .unwrap();
    for _ in 0..3 {
        paced.v1().deposits().await.unwrap();
        paced.v3().account_balances().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_v1_writes_are_never_refused_for_their_nonce() {
    let (_venue, c) = fast().await;
    let tasks: Vec<_> = (0..30)
        .map(|k| {
            let c = c.clone();
            tokio::spawn(async move {
                let price = Decimal::new(28_000 + k, 0);
                c.v1()
                    .create_order(Side::Buy, "BTC_USD", dec!(0.01), price)
                    .await
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(
        c.v1()
            .own_orders()
            .status(OrderStatus::Active)
            .await
            .unwrap()
            .len(),
        30
    );
}

#[tokio::test]
async fn tokens_expire_and_the_client_renews_them() {
    let venue = LocalVenue::start_with(SimConfig {
        private_per_second: None,
        token_ttl: Duration::from_secs(2),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let c = venue
        .client_builder()
        .token_refresh_margin(Duration::ZERO)
        .build()
        .unwrap();
    c.v3().account_balances().await.unwrap();
    // Counted after the first call: on a loaded machine its token may already have lapsed in
    // flight and been renewed once (that is the same behaviour, earlier).
    let first = venue.tokens_issued();
    assert!(first >= 1);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    c.v3().account_balances().await.unwrap();
    assert_eq!(
        venue.tokens_issued(),
        first + 1,
        "the expired token is renewed once"
    );
}

#[tokio::test]
async fn every_documented_endpoint_has_a_handler() {
    let missing = unrouted::<alp_rs::sim::AlpVenue>(alp_rs::generated::endpoints::ALL);
    assert!(missing.is_empty(), "no handler for {missing:?}");
}

#[tokio::test]
async fn numbers_that_would_overflow_are_refused_in_each_apis_shape() {
    let (venue, c) = fast().await;
    let max = Decimal::MAX.to_string();
    // v1: price × amount of a buy does not fit a Decimal.
    let e = c
        .raw(Method::POST, "/v1/order/")
        .form(
            &[
                ("pair", "BTC_USD"),
                ("type", "buy"),
                ("amount", max.as_str()),
                ("price", max.as_str()),
            ],
            venue_common::sign::SpaceStyle::Plus,
        )
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    let ve = e
        .venue_error()
        .expect("a venue answer, not a dropped connection");
    assert_eq!(ve.status, 400);
    assert!(ve.body_text().contains("\"error\""), "{}", ve.body_text());
    assert!(ve.message.contains("too large"), "{}", ve.message);
    // v3: the same order, answered as form errors.
    let e = c
        .raw(Method::POST, "/v3/orders")
        .json(&serde_json::json!({
            "pair": "BTC_USD", "order_side": "BUY", "order_type": "LIMIT",
            "limit_price": max, "base_amount": max,
        }))
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    let ve = e.venue_error().expect("a venue answer");
    assert_eq!(ve.status, 400);
    assert!(ve.body_text().contains("formErrors"), "{}", ve.body_text());
    // Two borrows of Decimal::MAX: the second cannot be credited and changes nothing.
    let borrow = || {
        c.raw(Method::POST, "/v3/margin/borrow")
            .json(&serde_json::json!({
                "wallet_type": "CROSS_MARGIN", "currency": "USDT", "borrow": max,
            }))
            .send::<serde_json::Value>()
    };
    let _ = borrow().await;
    let e = borrow().await.unwrap_err();
    assert_eq!(e.venue_error().expect("a venue answer").status, 400);
    // Closing those borrows would owe more than a Decimal holds: refused, not a panic.
    let e = c
        .raw(Method::DELETE, "/v3/margin")
        .json(&serde_json::json!({"wallet_type": "CROSS_MARGIN"}))
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    assert_eq!(e.venue_error().expect("a venue answer").status, 400);
    // Nothing changed, and the venue still serves.
    assert_eq!(venue.spot_balance(venue.account_id(), "USD"), dec!(100000));
    c.v1().wallets().await.unwrap();
}

#[tokio::test]
async fn a_lost_order_answer_is_not_repeated_and_may_have_been_sent() {
    let (venue, c) = fast().await;
    let before = venue.order_count(venue.account_id());
    venue.faults().arm(
        alp_rs::generated::endpoints::CREATE_ORDER,
        Fault::LoseAnswer,
        1,
    );
    let e = c
        .v1()
        .create_order(Side::Buy, "BTC_USD", dec!(0.5), dec!(29000))
        .await
        .unwrap_err();
    assert_eq!(e.sent(), Sent::Maybe, "{e}");
    // Placed exactly once: one more order, one reservation.
    assert_eq!(venue.order_count(venue.account_id()), before + 1);
    let ws = c.v1().wallets().await.unwrap();
    assert_eq!(wallet(&ws, "USD"), (dec!(85500), dec!(14500)));
}

#[tokio::test]
async fn unknown_paths_answer_in_each_apis_shape() {
    let venue = LocalVenue::start().await.unwrap();
    let get = |path: &str| {
        let url = format!("{}{path}", venue.base_url());
        async move {
            let r = reqwest::get(url).await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (status, body) = get("/v1/nothing/").await;
    assert_eq!(status, 404);
    assert!(body.contains("\"error\""), "{body}");
    let (status, body) = get("/v3/nothing").await;
    assert_eq!(status, 404);
    assert!(body.contains("\"code\":\"NOT_FOUND\""), "{body}");
}

#[tokio::test]
async fn the_standalone_command_announces_itself_and_serves() {
    let launched = Launched::start(
        std::path::Path::new(env!("CARGO_BIN_EXE_alp-local-venue")),
        Duration::from_secs(30),
    )
    .unwrap();
    assert!(launched.base_url().ends_with("/api"));
    let creds = launched.credentials();
    let c = Client::builder()
        .base_url(launched.base_url())
        .credentials(Credentials::new(
            creds["api_key"].as_str().unwrap(),
            creds["api_secret"].as_str().unwrap(),
        ))
        .build()
        .unwrap();
    assert!(!c.v1().wallets().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_venue_takes_both_side_spellings_of_an_order() {
    let (venue, c) = fast().await;
    for side in ["BUY", "BID", "SELL", "ASK"] {
        let price = if side == "BUY" || side == "BID" {
            "29000"
        } else {
            "31000"
        };
        let id: u64 = c
            .raw(Method::POST, "/v3/orders")
            .json(&serde_json::json!({
                "account_id": venue.account_id(), "wallet_type": "SPOT", "pair": "BTC_USDT",
                "order_side": side, "order_type": "LIMIT", "tif": "GTC",
                "limit_price": price, "base_amount": "0.01",
            }))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{side}: {e}"));
        assert!(id > 0);
    }
    let e = c
        .raw(Method::POST, "/v3/orders")
        .json(&serde_json::json!({
            "pair": "BTC_USDT", "order_side": "HOLD", "order_type": "LIMIT",
            "limit_price": "29000", "base_amount": "0.01",
        }))
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    assert_eq!(e.venue_error().expect("a venue answer").status, 400);
}

#[tokio::test]
async fn a_v1_path_without_its_documented_slash_is_unknown() {
    let venue = LocalVenue::start().await.unwrap();
    let get = |path: &str| {
        let url = format!("{}{path}", venue.base_url());
        async move { reqwest::get(url).await.unwrap().status().as_u16() }
    };
    assert_eq!(get("/v1/currencies/").await, 200);
    assert_eq!(get("/v1/currencies").await, 404);
    assert_eq!(get("/v1/pairs").await, 404);
    assert_eq!(get("/v1/exchanges").await, 404);
    // The charts: the document's path and the one live clients use both serve.
    assert_eq!(get("/charts/BTC_USD/60/chart").await, 200);
    assert_eq!(get("/charts/BTC_USD/60/chart/").await, 200);
}

#[tokio::test]
async fn the_venue_answers_the_ticker_and_trades_in_the_live_shape() {
    let (venue, c) = fast().await;
    let url = format!("{}/v1/ticker/?pair=BTC_USD", venue.base_url());
    let text = reqwest::get(url).await.unwrap().text().await.unwrap();
    let one: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(one.is_object(), "{one}");
    assert!(one["timestamp"].is_string(), "{one}");
    let tickers = c.v1().ticker().pair("BTC_USD").await.unwrap();
    let now = chrono::Utc::now();
    let at = tickers[0].timestamp.unwrap();
    assert!((now - at).num_seconds().abs() < 60, "{at}");
    let trades = c.v1().exchanges().await.unwrap();
    let at = trades[0].timestamp.unwrap();
    assert!(at.year_ce().1 > 2000, "{at}");
}

#[tokio::test]
async fn stop_orders_wait_for_their_trigger_and_market_orders_take_a_quote_amount() {
    let (venue, c) = fast().await;
    let acct = venue.account_id();
    // A market buy sized by what to spend: 3001.5 USDT at the best ask, 30015.
    let m = c
        .send(
            PlaceOrderRequest::new(
                acct,
                WalletType::Spot,
                "BTC_USDT",
                v3::Side::Buy,
                v3::OrderType::Market,
            )
            .quote_amount(dec!(3001.5)),
        )
        .await
        .unwrap();
    let trades = c.v3().account_trades().pair("BTC_USDT").await.unwrap();
    assert_eq!(
        (trades[0].price, trades[0].amount),
        (Some(dec!(30015)), Some(dec!(0.1)))
    );
    assert_eq!(
        c.v1().order(m).await.unwrap().status,
        Some(OrderStatus::Done)
    );

    // A stop-limit above the last price (GTE) waits, listed as PENDING with its stop price.
    let stop = c
        .send(
            PlaceOrderRequest::limit(
                acct,
                WalletType::Spot,
                "BTC_USDT",
                v3::Side::Buy,
                dec!(29000),
                dec!(0.01),
            )
            .stop(dec!(40000), v3::StopOperator::Gte),
        )
        .await
        .unwrap();
    let listed = c.v3().orders().pair("BTC_USDT").await.unwrap();
    let pending = listed
        .iter()
        .find(|o| o.id == stop)
        .expect("the stop order");
    assert_eq!(pending.status, Some(v3::OrderStatus::Pending));
    assert_eq!(pending.stop_price, Some(dec!(40000)));
    assert_eq!(pending.order_type, Some(v3::OrderType::StopLimit));
    // Cancelled like any order.
    assert_eq!(
        c.v3()
            .cancel_orders(false)
            .order_ids(vec![stop])
            .await
            .unwrap(),
        v3::CancelOutcome::Accepted
    );
    let listed = c.v3().orders().pair("BTC_USDT").await.unwrap();
    assert!(listed.iter().all(|o| o.id != stop));

    // A stop whose trigger the last price (30015) already meets is placed at once, under
    // its id.
    let now = c
        .send(
            PlaceOrderRequest::limit(
                acct,
                WalletType::Spot,
                "BTC_USDT",
                v3::Side::Buy,
                dec!(29000),
                dec!(0.01),
            )
            .stop(dec!(31000), v3::StopOperator::Lte),
        )
        .await
        .unwrap();
    assert_eq!(
        c.v1().order(now).await.unwrap().status,
        Some(OrderStatus::Active)
    );
    // A stop order without its operator is refused in the form-error shape.
    let e = c
        .raw(Method::POST, "/v3/orders")
        .json(&serde_json::json!({
            "pair": "BTC_USDT", "order_side": "BID", "order_type": "STOP_MARKET",
            "base_amount": "0.01", "stop_price": "31000",
        }))
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    assert_eq!(e.venue_error().expect("a venue answer").status, 400);
}

#[tokio::test]
async fn the_venue_checks_precision_on_the_text_it_received() {
    let (_venue, c) = fast().await;
    // BTC_USDT prices have 2 decimals: `29000.000` has three as written.
    let e = c
        .raw(Method::POST, "/v3/orders")
        .json(&serde_json::json!({
            "pair": "BTC_USDT", "order_side": "BID", "order_type": "LIMIT",
            "limit_price": "29000.000", "base_amount": "0.01",
        }))
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    assert_eq!(e.venue_error().expect("a venue answer").status, 400);
}

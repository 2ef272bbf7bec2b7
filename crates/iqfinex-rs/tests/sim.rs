//! Flows end to end against the local venue (feature `sim`).
#![cfg(feature = "sim")]

use futures::TryStreamExt;
use iqfinex_rs::sim::{LocalVenue, keys};
use iqfinex_rs::{
    ApiStatus, Client, Credentials, ErrorKind, Frame, OpenOrderRequest, OrderStatus, OrderType,
    Rounding, Side, Sort,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use venue_common::Sent;
use venue_common::sim::standalone::Launched;
use venue_common::sim::{Fault, unrouted};

fn client(venue: &LocalVenue, key: &str) -> Client {
    Client::builder()
        .base_url(venue.base_url())
        .credentials(Credentials::new(key))
        .no_pacing()
        .build()
        .expect("client builds")
}

async fn free(c: &Client, coin: &str) -> (Decimal, Decimal) {
    let b = c.balance().await.expect("balance");
    let entry = b.get(coin).copied().unwrap_or_default();
    (entry.balance, entry.free_balance)
}

#[tokio::test]
async fn public_reads() {
    let venue = LocalVenue::start().await.expect("starts");
    let c = Client::builder()
        .base_url(venue.base_url())
        .no_pacing()
        .build()
        .unwrap();
    let currencies = c.currencies().await.unwrap();
    assert!(currencies.iter().any(|x| x.name == "BTC"));
    assert_eq!(c.currency("ETH").await.unwrap().name, "ETH");
    assert_eq!(c.assets().await.unwrap().len(), 3);
    let a = c.asset("BTCUSDT").await.unwrap();
    assert_eq!(
        (a.left.as_str(), a.right.as_str(), a.accuracy),
        ("BTC", "USDT", 2)
    );
    let tickers = c.tickers().await.unwrap();
    assert_eq!(tickers.len(), 3);
    let t = c.ticker("BTCUSDT").await.unwrap();
    assert_eq!(
        (t.bid, t.ask, t.last),
        (dec!(3377), dec!(3395), dec!(3388.65))
    );
    assert_eq!(t.ask_vol, dec!(0.2297748));

    let book = c.orderbook("BTCUSDT", Rounding::Exact).await.unwrap();
    let bids: Vec<Decimal> = book.bids.iter().map(|l| l.price).collect();
    assert_eq!(bids, vec![dec!(3377), dec!(3376), dec!(3375), dec!(3373)]);
    let top_ask = book.asks.last().unwrap();
    assert_eq!(
        (top_ask.price, top_ask.volume, top_ask.positions),
        (dec!(3398), dec!(1.2776565), 2)
    );
    let rounded = c.orderbook("BTCUSDT", Rounding::ThreeDigits).await.unwrap();
    assert_eq!(rounded.bids.len(), 1, "3373..3377 all round to 3370");
    assert_eq!(rounded.bids[0].price, dec!(3370));
    assert_eq!(rounded.bids[0].positions, 4);
    assert_eq!(rounded.asks[0].price, dec!(3390));

    let trades = c.trades("BTCUSDT").limit(2).sort(Sort::Desc).await.unwrap();
    assert_eq!(trades.count, Some(3));
    assert_eq!(trades.rows[0].price, dec!(3388.65));
    let candles = c.candles("ETHBTC", Frame::D1).await.unwrap();
    assert!(candles.count >= Some(1));
    assert!(candles.rows.iter().any(|c| c.high >= c.low));
    let e = c.asset("NOPE").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(ApiStatus::of(&e), Some(ApiStatus::BadRequest));
}

#[tokio::test]
async fn limit_order_rests_reserves_and_cancel_releases() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client(&venue, keys::TRADER);
    let (btc_before, free_before) = free(&c, "BTC").await;

    let order = c
        .open_order(OpenOrderRequest::limit(
            "ETHBTC",
            Side::Buy,
            dec!(2),
            dec!(0.034),
        ))
        .await
        .unwrap();
    assert_eq!(order.status, OrderStatus::Active);
    assert_eq!(order.kind, OrderType::Limit);
    assert_eq!(order.executed_volume, dec!(0));
    let (btc, free_now) = free(&c, "BTC").await;
    assert_eq!(btc, btc_before, "nothing spent");
    assert_eq!(
        free_now,
        free_before - dec!(0.068),
        "price x volume reserved"
    );

    let opened = c.opened_orders().await.unwrap();
    assert_eq!(opened.count, Some(1));
    assert_eq!(opened.rows[0].id, order.id);
    let book = c.orderbook("ETHBTC", Rounding::Exact).await.unwrap();
    assert!(
        book.bids
            .iter()
            .any(|l| l.price == dec!(0.034) && l.volume == dec!(2))
    );
    assert_eq!(
        c.order_status(order.id).await.unwrap().status,
        OrderStatus::Active
    );

    let cancelled = c.cancel_order(order.id).await.unwrap();
    assert_eq!(cancelled.status, OrderStatus::Canceled);
    assert_eq!(
        free(&c, "BTC").await,
        (btc_before, free_before),
        "reservation released"
    );
    // Cancelled with nothing executed: gone from history and from order status.
    let e = c.order_status(order.id).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OrderNotFound);
    assert_eq!(c.closed_orders().await.unwrap().count, Some(0));
    assert_eq!(c.opened_orders().await.unwrap().count, Some(0));
    let e = c.cancel_order(order.id).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OrderNotFound);
}

#[tokio::test]
async fn crossing_limit_order_fills_against_the_book() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client(&venue, keys::TRADER);
    let (btc0, _) = free(&c, "BTC").await;
    let (eth0, _) = free(&c, "ETH").await;
    // Asks: 5 @ 0.0345, 10 @ 0.0346. Buying 6 up to 0.0346 takes 5 + 1.
    let order = c
        .open_order(OpenOrderRequest::limit(
            "ETHBTC",
            Side::Buy,
            dec!(6),
            dec!(0.0346),
        ))
        .await
        .unwrap();
    assert_eq!(order.status, OrderStatus::Closed);
    assert_eq!(order.executed_volume, dec!(6));
    let (btc, btc_free) = free(&c, "BTC").await;
    assert_eq!(btc, btc0 - dec!(0.2071), "5 x 0.0345 + 1 x 0.0346");
    assert_eq!(btc_free, btc, "nothing stays reserved");
    assert_eq!(free(&c, "ETH").await.0, eth0 + dec!(6));

    let fills = c.order_trades(order.id).sort(Sort::Asc).await.unwrap();
    assert_eq!(fills.count, Some(2));
    let got: Vec<(Decimal, Decimal)> = fills.rows.iter().map(|t| (t.price, t.volume)).collect();
    assert_eq!(got, vec![(dec!(0.0345), dec!(5)), (dec!(0.0346), dec!(1))]);
    assert!(
        fills
            .rows
            .iter()
            .all(|t| t.order_id == order.id && t.cmd == Side::Buy)
    );
    let mine = c.my_trades().await.unwrap();
    assert_eq!(mine.count, Some(2));
    let history = c.closed_orders().await.unwrap();
    assert_eq!(history.rows[0].id, order.id);
    assert_eq!(history.rows[0].status, OrderStatus::Closed);
    let book = c.orderbook("ETHBTC", Rounding::Exact).await.unwrap();
    assert_eq!(
        book.best_ask().map(|l| (l.price, l.volume)),
        Some((dec!(0.0346), dec!(9)))
    );
    let t = c.ticker("ETHBTC").await.unwrap();
    assert_eq!(t.last, dec!(0.0346));
}

#[tokio::test]
async fn two_accounts_trade_and_partial_cancel_stays_in_history() {
    let venue = LocalVenue::start().await.unwrap();
    let seller = client(&venue, keys::TRADER);
    let buyer = client(&venue, keys::SECOND_TRADER);
    let (eth0, _) = free(&seller, "ETH").await;
    let (btc0, _) = free(&seller, "BTC").await;
    // Inside the spread (0.0343 / 0.0345): rests.
    let ask = seller
        .open_order(OpenOrderRequest::limit(
            "ETHBTC",
            Side::Sell,
            dec!(3),
            dec!(0.0344),
        ))
        .await
        .unwrap();
    assert_eq!(ask.status, OrderStatus::Active);
    assert_eq!(free(&seller, "ETH").await, (eth0, eth0 - dec!(3)));

    let bid = buyer
        .open_order(OpenOrderRequest::limit(
            "ETHBTC",
            Side::Buy,
            dec!(2),
            dec!(0.0344),
        ))
        .await
        .unwrap();
    assert_eq!(bid.status, OrderStatus::Closed);
    let ask_now = seller.order_status(ask.id).await.unwrap();
    assert_eq!(ask_now.executed_volume, dec!(2));
    assert_eq!(ask_now.status, OrderStatus::Active);
    assert_eq!(free(&seller, "ETH").await, (eth0 - dec!(2), eth0 - dec!(3)));
    assert_eq!(free(&seller, "BTC").await.0, btc0 + dec!(0.0688));
    let sold = seller.order_trades(ask.id).await.unwrap();
    assert_eq!(sold.rows[0].cmd, Side::Sell);
    assert_eq!(sold.rows[0].commission_currency.as_deref(), Some("BTC"));

    let cancelled = seller.cancel_order(ask.id).await.unwrap();
    assert_eq!(cancelled.status, OrderStatus::Canceled);
    assert_eq!(free(&seller, "ETH").await, (eth0 - dec!(2), eth0 - dec!(2)));
    // Executed in part: kept.
    let kept = seller.order_status(ask.id).await.unwrap();
    assert_eq!(kept.status, OrderStatus::Canceled);
    assert!(kept.close_time.is_some());
    let history = seller.closed_orders().await.unwrap();
    assert_eq!(history.count, Some(1));
    assert_eq!(history.rows[0].status, OrderStatus::Canceled);
}

#[tokio::test]
async fn market_orders_fill() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client(&venue, keys::TRADER);
    let (usdt0, _) = free(&c, "USDT").await;
    let sell = c
        .open_order(OpenOrderRequest::market("BTCUSDT", Side::Sell, dec!(0.1)))
        .await
        .unwrap();
    assert_eq!(sell.kind, OrderType::Market);
    assert_eq!(sell.status, OrderStatus::Closed);
    assert_eq!(
        free(&c, "USDT").await.0,
        usdt0 + dec!(337.7),
        "0.1 at the best bid 3377"
    );

    let buy = c
        .open_order(OpenOrderRequest::market("BTCUSDT", Side::Buy, dec!(0.25)))
        .await
        .unwrap();
    assert_eq!(buy.executed_volume, dec!(0.25));
    let fills = c.order_trades(buy.id).sort(Sort::Asc).await.unwrap();
    let got: Vec<(Decimal, Decimal)> = fills.rows.iter().map(|t| (t.price, t.volume)).collect();
    assert_eq!(
        got,
        vec![
            (dec!(3395), dec!(0.2297748)),
            (dec!(3396), dec!(0.015)),
            (dec!(3397), dec!(0.0052252))
        ]
    );
    let (usdt, usdt_free) = free(&c, "USDT").await;
    assert_eq!(usdt, usdt_free, "a filled market order holds nothing");
}

#[tokio::test]
async fn stop_limit_waits_then_activates_on_the_last_price() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client(&venue, keys::TRADER);
    let other = client(&venue, keys::SECOND_TRADER);
    // ETHUSDT: last 116.5, bid 116, ask 117. A buy stop at 117 waits.
    let stop = c
        .open_order(OpenOrderRequest::stop_limit(
            "ETHUSDT",
            Side::Buy,
            dec!(1),
            dec!(118),
            dec!(117),
        ))
        .await
        .unwrap();
    assert_eq!(stop.kind, OrderType::StopLimit);
    assert_eq!(stop.stop_price, Some(dec!(117)));
    assert_eq!(stop.status, OrderStatus::Active);
    assert_eq!(stop.executed_volume, dec!(0));
    let book = c.orderbook("ETHUSDT", Rounding::Exact).await.unwrap();
    assert!(
        book.bids.iter().all(|l| l.price != dec!(118)),
        "a waiting stop is not in the book"
    );
    assert_eq!(
        free(&c, "USDT").await.1,
        dec!(100000) - dec!(118),
        "it reserves all the same"
    );

    // Another account trades at 117: the last price reaches the stop.
    other
        .open_order(OpenOrderRequest::limit(
            "ETHUSDT",
            Side::Buy,
            dec!(1),
            dec!(117),
        ))
        .await
        .unwrap();
    let fired = c.order_status(stop.id).await.unwrap();
    assert_eq!(fired.status, OrderStatus::Closed);
    assert_eq!(fired.executed_volume, dec!(1));
    let fills = c.order_trades(stop.id).await.unwrap();
    assert_eq!(fills.rows[0].price, dec!(117));
    assert_eq!(free(&c, "USDT").await, (dec!(99883), dec!(99883)));
}

#[tokio::test]
async fn keys_are_checked_like_the_venue() {
    let venue = LocalVenue::start().await.unwrap();
    let e = client(&venue, keys::DISABLED).balance().await.unwrap_err();
    assert_eq!(
        (e.kind(), ApiStatus::of(&e)),
        (ErrorKind::Authentication, Some(ApiStatus::InvalidLogin))
    );
    let e = client(&venue, "no-such-key")
        .account_info()
        .await
        .unwrap_err();
    assert_eq!(ApiStatus::of(&e), Some(ApiStatus::InvalidLogin));
    let e = client(&venue, keys::EXPIRED).balance().await.unwrap_err();
    assert_eq!(
        (e.kind(), ApiStatus::of(&e)),
        (ErrorKind::Authentication, Some(ApiStatus::TokenExpired))
    );

    let read_only = client(&venue, keys::READ_ONLY);
    let info = read_only.account_info().await.unwrap();
    assert!(!info.is_trade);
    assert!(read_only.balance().await.is_ok());
    let e = read_only
        .open_order(OpenOrderRequest::limit(
            "ETHBTC",
            Side::Buy,
            dec!(1),
            dec!(0.03),
        ))
        .await
        .unwrap_err();
    assert_eq!(
        (e.kind(), ApiStatus::of(&e)),
        (ErrorKind::Permission, Some(ApiStatus::ForbiddenForKey))
    );
    let e = read_only.cancel_order(1).await.unwrap_err();
    assert_eq!(ApiStatus::of(&e), Some(ApiStatus::ForbiddenForKey));

    let e = client(&venue, keys::TRADER)
        .open_order(OpenOrderRequest::limit(
            "BTCUSDT",
            Side::Buy,
            dec!(1000),
            dec!(3000),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InsufficientFunds);
    let public = Client::builder()
        .base_url(venue.base_url())
        .build()
        .unwrap();
    assert_eq!(
        public.balance().await.unwrap_err().kind(),
        ErrorKind::MissingCredentials
    );
}

#[tokio::test]
async fn pagination_streams_every_row() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client(&venue, keys::TRADER);
    for _ in 0..7 {
        c.open_order(OpenOrderRequest::market("ETHUSDT", Side::Buy, dec!(0.5)))
            .await
            .unwrap();
    }
    let trades: Vec<_> = c
        .my_trades()
        .limit(3)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(trades.len(), 7);
    let mut ids: Vec<u64> = trades.iter().map(|t| t.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), 7, "no row twice");
    assert!(
        trades.windows(2).all(|w| w[0].id > w[1].id),
        "DESC by default"
    );

    let orders: Vec<_> = c
        .closed_orders()
        .limit(2)
        .sort(Sort::Asc)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(orders.len(), 7);
    assert!(orders.windows(2).all(|w| w[0].id < w[1].id));

    let public: Vec<_> = c
        .trades("ETHUSDT")
        .limit(5)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(public.len(), 8, "one seeded trade and seven new ones");
    let e = c.my_trades().limit(101).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
}

#[tokio::test]
async fn another_client_speaks_to_it_in_plain_http() {
    // The local venue follows the document, not this crate: a bare HTTP client works too.
    let venue = LocalVenue::start().await.unwrap();
    let http = reqwest::Client::new();
    let res = http
        .post(format!("{}/v1/order", venue.base_url()))
        .header("Authorization", keys::TRADER)
        .header("Content-Type", "application/json")
        .body(r#"{"asset": "ETHBTC", "cmd": "sell", "volume": 1.245, "price": 0.03437}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(body["status"], 200);
    assert_eq!(body["data"]["type"], "LIMIT");
    assert_eq!(body["data"]["status"], "active");
    assert_eq!(
        body["data"]["price"].to_string(),
        "0.03437",
        "numbers, exact"
    );
    let res = http
        .get(format!("{}/v1/balance", venue.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let body: serde_json::Value = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(body["status"], 401);
}

#[tokio::test]
async fn hostile_orders_are_refused_not_fatal() {
    let venue = LocalVenue::start().await.unwrap();
    let http = reqwest::Client::new();
    for body in [
        r#"{"asset":"ETHBTC","cmd":"buy","volume":79228162514264337593543950335,"price":79228162514264337593543950335}"#,
        r#"{"asset":"ETHBTC","cmd":"buy","volume":"1","price":"abc"}"#,
        r#"{"asset":"NOPE","cmd":"buy","volume":1,"price":1}"#,
        r#"{"asset":"ETHBTC","cmd":"hold","volume":1,"price":1}"#,
        r#"{"asset":"ETHBTC","cmd":"buy","volume":0.0001,"price":1}"#,
        r#"{"asset":"ETHBTC","cmd":"buy","volume":1,"price":0.0000001}"#,
        "not json",
    ] {
        let res = http
            .post(format!("{}/v1/order", venue.base_url()))
            .header("Authorization", keys::TRADER)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{body}");
    }
    // Still serving, state intact.
    let c = client(&venue, keys::TRADER);
    assert_eq!(free(&c, "BTC").await, (dec!(10), dec!(10)));
    assert_eq!(c.opened_orders().await.unwrap().count, Some(0));
}

#[tokio::test]
async fn every_documented_endpoint_has_a_handler() {
    let missing = unrouted::<iqfinex_rs::sim::IqfinexVenue>(iqfinex_rs::generated::endpoints::ALL);
    assert!(missing.is_empty(), "no handler for {missing:?}");
}

#[tokio::test]
async fn a_lost_order_answer_is_not_repeated_and_may_have_been_sent() {
    let venue = LocalVenue::start().await.unwrap();
    // The default retry policy: an order without an idempotency key is never repeated.
    let c = Client::builder()
        .base_url(venue.base_url())
        .credentials(Credentials::new(keys::TRADER))
        .no_pacing()
        .build()
        .unwrap();
    venue.faults().arm(
        iqfinex_rs::generated::endpoints::OPEN_ORDER,
        Fault::LoseAnswer,
        1,
    );
    let e = c
        .open_order(OpenOrderRequest::limit(
            "ETHBTC",
            Side::Buy,
            dec!(2),
            dec!(0.034),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.sent(), Sent::Maybe, "{e}");
    // Exactly one effect: one resting order, one reservation.
    assert_eq!(venue.order_count(keys::TRADER), 1);
    let opened = c.opened_orders().await.unwrap();
    assert_eq!(opened.count, Some(1));
    assert_eq!(free(&c, "BTC").await, (dec!(10), dec!(9.932)));
}

#[tokio::test]
async fn unknown_paths_answer_in_the_venue_shape() {
    let venue = LocalVenue::start().await.unwrap();
    let res = reqwest::get(format!("{}/v1/nothing", venue.base_url()))
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let body: serde_json::Value = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(body["status"], 404);
    assert!(body["message"].is_string());
}

#[tokio::test]
async fn the_wire_follows_the_documented_shapes() {
    let venue = LocalVenue::start().await.unwrap();
    let get = |path: &str| {
        let url = format!("{}{path}", venue.base_url());
        async move {
            let res = reqwest::Client::new()
                .get(url)
                .header("Authorization", keys::TRADER)
                .send()
                .await
                .unwrap();
            serde_json::from_slice::<serde_json::Value>(&res.bytes().await.unwrap()).unwrap()
        }
    };
    // Orderbook: objects keyed by price text, values [volume, positions].
    let book = get("/v1/orderbook/BTCUSDT/0").await;
    assert_eq!(book["data"]["sell"]["3398"].to_string(), "[1.2776565,2]");
    // Candles: arrays; the open candle has five entries, closed ones six.
    let candles = get("/v1/candles/ETHBTC/60?limit=500").await;
    let rows = candles["data"]["rows"].as_array().unwrap();
    assert!(
        rows.iter()
            .all(|r| matches!(r.as_array().map(Vec::len), Some(5 | 6)))
    );
    // Account info: the whitelist is one comma-separated string.
    let info = get("/v1/account/info").await;
    assert!(info["data"]["whitelist"].is_string());
    assert_eq!(info["data"]["isTrade"], true);
    // Balances keyed by coin, exact numbers.
    let balance = get("/v1/balance").await;
    assert_eq!(balance["data"]["BTC"]["balance"].to_string(), "10");
}

#[tokio::test]
async fn the_standalone_command_announces_itself_and_serves() {
    let launched = Launched::start(
        std::path::Path::new(env!("CARGO_BIN_EXE_iqfinex-local-venue")),
        std::time::Duration::from_secs(30),
    )
    .unwrap();
    let key = launched.credentials()["trader"]["api_key"]
        .as_str()
        .unwrap()
        .to_string();
    let c = Client::builder()
        .base_url(launched.base_url())
        .credentials(Credentials::new(key))
        .build()
        .unwrap();
    assert_eq!(c.account_info().await.unwrap().id, 1001);
}

#[tokio::test]
async fn lists_decode_in_the_live_and_the_documented_shapes() {
    use iqfinex_rs::sim::{Shapes, SimConfig};
    for shapes in [Shapes::Live, Shapes::Document] {
        let venue = LocalVenue::start_with(SimConfig {
            shapes,
            ..SimConfig::default()
        })
        .await
        .expect("starts");
        let c = client(&venue, keys::TRADER);
        let assets = c
            .assets()
            .await
            .unwrap_or_else(|e| panic!("{shapes:?}: {e}"));
        let btc = assets.iter().find(|a| a.pair == "BTCUSDT").expect("listed");
        assert_eq!(btc.accuracy, 2);
        assert_eq!(btc.min_volume, dec!(0.001));
        let is_trade = match shapes {
            Shapes::Live => None,
            Shapes::Document => Some(true),
        };
        assert_eq!(btc.is_trade, is_trade, "{shapes:?}");
        assert_eq!(c.asset("BTCUSDT").await.unwrap(), *btc);
        assert!(
            c.currencies()
                .await
                .unwrap()
                .iter()
                .any(|x| x.name == "BTC")
        );
        let ticker = c.ticker("BTCUSDT").await.unwrap();
        assert_eq!(ticker.timestamp.is_some(), shapes == Shapes::Document);
        assert!(c.tickers().await.unwrap().contains_key("BTCUSDT"));
    }
}

#[tokio::test]
async fn orders_are_checked_against_the_assets_rules_before_sending() {
    let venue = LocalVenue::start().await.expect("starts");
    let c = client(&venue, keys::TRADER);
    // BTCUSDT: accuracy 2 (price decimal places), min_volume 0.001.
    let too_fine = OpenOrderRequest::limit("BTCUSDT", Side::Buy, dec!(0.01), dec!(3000.125));
    let too_small = OpenOrderRequest::limit("BTCUSDT", Side::Buy, dec!(0.0001), dec!(3000));
    // Unchecked, the venue refuses both.
    for order in [too_fine.clone(), too_small.clone()] {
        let err = c.open_order(order).await.expect_err("the venue refuses");
        assert_eq!(ApiStatus::of(&err), Some(ApiStatus::BadRequest));
    }
    // Checked from the cached assets, the client refuses them without sending.
    let assets = c.load_assets().await.expect("assets");
    let btc = assets.into_iter().find(|a| a.pair == "BTCUSDT").unwrap();
    let before = venue.order_count(keys::TRADER);
    for (order, field) in [(too_fine.clone(), "price"), (too_small.clone(), "volume")] {
        let err = c.open_order(order).await.expect_err("the client refuses");
        assert!(
            matches!(&err, iqfinex_rs::Error::InvalidRequest { param, .. } if param == field),
            "{err:?}"
        );
        assert_eq!(err.sent(), Sent::No);
    }
    // The same with the rules given by hand, and a stop price too.
    let stop =
        OpenOrderRequest::stop_limit("BTCUSDT", Side::Buy, dec!(0.01), dec!(3000), dec!(3000.001))
            .with_asset(&btc);
    assert!(c.open_order(stop).await.is_err());
    assert_eq!(venue.order_count(keys::TRADER), before, "nothing was sent");
    // Rounded with the asset's helpers, the order is valid.
    let price = btc.round_price(dec!(3000.125));
    assert_eq!(price, dec!(3000.13));
    assert_eq!(btc.round_volume(dec!(0.0123456789)), dec!(0.01234567));
    let order = OpenOrderRequest::limit("BTCUSDT", Side::Buy, btc.round_volume(dec!(0.01)), price);
    let opened = c.open_order(order).await.expect("valid");
    assert_eq!(opened.price, Some(dec!(3000.13)));
    c.cancel_order(opened.id).await.expect("cancels");
}

#[tokio::test]
async fn a_newest_first_walk_does_not_repeat_a_row_pushed_by_a_new_one() {
    use futures::StreamExt;
    let venue = LocalVenue::start().await.expect("starts");
    let c = client(&venue, keys::TRADER);
    let before: Vec<u64> = c
        .trades("BTCUSDT")
        .await
        .unwrap()
        .rows
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(before.len(), 3, "three seeded trades");

    let mut walk = c.trades("BTCUSDT").limit(2).into_stream();
    let mut ids = Vec::new();
    for _ in 0..2 {
        ids.push(walk.next().await.unwrap().unwrap().id);
    }
    // A trade arrives between the first and the second page: under DESC it pushes the row
    // read last into the second page.
    let fill = c
        .open_order(OpenOrderRequest::market("BTCUSDT", Side::Buy, dec!(0.01)))
        .await
        .expect("fills against the book");
    assert_eq!(fill.status, OrderStatus::Closed);
    while let Some(t) = walk.next().await {
        ids.push(t.unwrap().id);
    }
    assert_eq!(ids, before, "each row once, newest first");

    // Oldest first, the order is stable: the new row comes last.
    let asc: Vec<u64> = c
        .trades("BTCUSDT")
        .limit(2)
        .sort(Sort::Asc)
        .into_stream()
        .map(|t| t.unwrap().id)
        .collect()
        .await;
    let mut all = before.clone();
    all.reverse();
    assert_eq!(&asc[..3], &all[..]);
    assert_eq!(asc.len(), 4);
}

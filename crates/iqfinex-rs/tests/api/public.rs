//! Public endpoints: request shape (no `Authorization`) and the documented sample, field by field.

use chrono::{TimeZone, Utc};
use httpmock::Method::GET;
use httpmock::MockServer;
use iqfinex_rs::{CurrencyType, Frame, Rounding, Side, Sort};
use rust_decimal_macros::dec;

use crate::{client, exact_query, fixture, record};

fn ts(secs: i64) -> chrono::DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).single().expect("valid time")
}

#[tokio::test]
async fn currencies_list() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/currencies")
                .is_true(exact_query(""))
                .header_missing("authorization");
            then.status(200).body(fixture("currencies"));
        })
        .await;
    let list = client(&server).currencies().await.expect("decodes");
    mock.assert_async().await;
    assert_eq!(list.len(), 1);
    let c = &list[0];
    assert_eq!(c.name, "BTC");
    assert_eq!(c.alias, "Bitcoin");
    assert_eq!(c.commission, dec!(0.0005));
    assert_eq!(c.kind, CurrencyType::Coin);
    assert_eq!(c.confirmations, 6);
    assert_eq!(c.min_withdrawal, dec!(0.001));
    assert_eq!(c.min_deposit, dec!(0.001));
    assert!(c.is_deposit);
    assert!(c.is_withdrawal);
    record("currencies");
}

#[tokio::test]
async fn currency_by_name() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/currency/BTC")
                .is_true(exact_query(""))
                .header_missing("authorization");
            then.status(200).body(fixture("currency"));
        })
        .await;
    let c = client(&server).currency("BTC").await.expect("decodes");
    mock.assert_async().await;
    assert_eq!(c.name, "BTC");
    assert_eq!(c.alias, "Bitcoin");
    assert_eq!(c.commission, dec!(0.0005));
    assert_eq!(c.kind, CurrencyType::Coin);
    assert_eq!(c.confirmations, 6);
    assert_eq!(c.min_withdrawal, dec!(0.001));
    assert_eq!(c.min_deposit, dec!(0.001));
    assert!(c.is_deposit && c.is_withdrawal);
    record("currency");
}

#[tokio::test]
async fn assets_list() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/assets")
                .is_true(exact_query(""))
                .header_missing("authorization");
            then.status(200).body(fixture("assets"));
        })
        .await;
    let list = client(&server).assets().await.expect("decodes");
    mock.assert_async().await;
    assert_eq!(list.len(), 1);
    let a = &list[0];
    assert_eq!(a.pair, "BTCUSDT");
    assert_eq!(a.right, "USDT");
    assert_eq!(a.left, "BTC");
    assert_eq!(a.accuracy, 2);
    assert_eq!(a.min_volume, dec!(0.001));
    assert_eq!(a.is_trade, Some(true));
    record("assets");
}

#[tokio::test]
async fn asset_by_name() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/asset/BTCUSDT")
                .is_true(exact_query(""))
                .header_missing("authorization");
            then.status(200).body(fixture("asset"));
        })
        .await;
    let a = client(&server).asset("BTCUSDT").await.expect("decodes");
    mock.assert_async().await;
    assert_eq!(a.pair, "BTCUSDT");
    assert_eq!(a.right, "USDT");
    assert_eq!(a.left, "BTC");
    assert_eq!(a.accuracy, 2);
    assert_eq!(a.min_volume, dec!(0.001));
    assert_eq!(a.is_trade, Some(true));
    record("asset");
}

fn check_ticker(t: &iqfinex_rs::Ticker) {
    assert_eq!(t.bid, dec!(3368.69));
    assert_eq!(t.ask, dec!(3376.13));
    assert_eq!(t.bid_vol, dec!(0.8359902));
    assert_eq!(t.ask_vol, dec!(3.3522075));
    assert_eq!(t.buy_size, dec!(144.0633642));
    assert_eq!(t.sell_size, dec!(29.8255086));
    assert_eq!(t.high, dec!(3530.87));
    assert_eq!(t.low, dec!(3342.87));
    assert_eq!(t.last, dec!(3373.18));
    assert_eq!(t.volume24, dec!(198.65963));
    assert_eq!(t.percent_change, dec!(-3.89));
    assert_eq!(t.timestamp, Some(ts(1552290919)));
}

#[tokio::test]
async fn tickers_keyed_by_asset() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/tickers")
                .is_true(exact_query(""))
                .header_missing("authorization");
            then.status(200).body(fixture("tickers"));
        })
        .await;
    let all = client(&server).tickers().await.expect("decodes");
    mock.assert_async().await;
    assert_eq!(all.len(), 1);
    check_ticker(all.get("BTCUSDT").expect("BTCUSDT present"));
    record("tickers");
}

#[tokio::test]
async fn ticker_by_asset() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/ticker/BTCUSDT")
                .is_true(exact_query(""))
                .header_missing("authorization");
            then.status(200).body(fixture("ticker"));
        })
        .await;
    let t = client(&server).ticker("BTCUSDT").await.expect("decodes");
    mock.assert_async().await;
    check_ticker(&t);
    record("ticker");
}

#[tokio::test]
async fn orderbook_levels_in_order() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/orderbook/BTCUSDT/0")
                .is_true(exact_query(""))
                .header_missing("authorization");
            then.status(200).body(fixture("orderbook"));
        })
        .await;
    let book = client(&server)
        .orderbook("BTCUSDT", Rounding::Exact)
        .await
        .expect("decodes");
    mock.assert_async().await;
    let bids: Vec<_> = book
        .bids
        .iter()
        .map(|l| (l.price, l.volume, l.positions))
        .collect();
    assert_eq!(
        bids,
        vec![
            (dec!(3377), dec!(0.15), 1),
            (dec!(3376), dec!(0.0024783), 1),
            (dec!(3375), dec!(0.312), 1),
            (dec!(3373), dec!(0.03), 1),
        ]
    );
    let asks: Vec<_> = book
        .asks
        .iter()
        .map(|l| (l.price, l.volume, l.positions))
        .collect();
    assert_eq!(
        asks,
        vec![
            (dec!(3395), dec!(0.2297748), 1),
            (dec!(3396), dec!(0.015), 1),
            (dec!(3397), dec!(0.0896475), 1),
            (dec!(3398), dec!(1.2776565), 2),
        ]
    );
    assert_eq!(book.spread(), Some(dec!(18)));
    record("orderbook");
}

#[tokio::test]
async fn orderbook_rounding_goes_in_the_path() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/orderbook/ETHBTC/3");
            then.status(200)
                .body(r#"{"status":200,"data":{"buy":[],"sell":{"0.035":[2,3]}}}"#);
        })
        .await;
    let book = client(&server)
        .orderbook("ETHBTC", Rounding::ThreeDigits)
        .await
        .expect("decodes");
    mock.assert_async().await;
    assert!(
        book.bids.is_empty(),
        "an empty side sent as [] is no levels"
    );
    assert_eq!(book.asks.len(), 1);
    assert_eq!(book.asks[0].price, dec!(0.035));
    assert_eq!(book.asks[0].positions, 3);
}

#[tokio::test]
async fn public_trades_with_paging() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/trades/BTCUSDT")
                .is_true(exact_query("limit=3&offset=6&sort=DESC"))
                .header_missing("authorization");
            then.status(200).body(fixture("trades"));
        })
        .await;
    let page = client(&server)
        .trades("BTCUSDT")
        .limit(3)
        .offset(6)
        .sort(Sort::Desc)
        .await
        .expect("decodes");
    mock.assert_async().await;
    assert_eq!(page.count, Some(134204));
    assert_eq!(page.rows.len(), 3);
    let t = &page.rows[0];
    assert_eq!(t.id, 752986);
    assert_eq!(t.side, Side::Sell);
    assert_eq!(t.volume, dec!(0.030548));
    assert_eq!(t.price, dec!(3388.65));
    assert_eq!(t.close_time, ts(1544180753));
    assert_eq!(t.asset.as_deref(), Some("BTCUSDT"));
    let t = &page.rows[1];
    assert_eq!(
        (t.id, t.side.clone(), t.volume, t.price, t.close_time),
        (
            752977,
            Side::Buy,
            dec!(0.050624),
            dec!(3388.45),
            ts(1544180720)
        )
    );
    let t = &page.rows[2];
    assert_eq!(
        (t.id, t.side.clone(), t.volume, t.price, t.close_time),
        (
            752966,
            Side::Sell,
            dec!(0.055038),
            dec!(3389.29),
            ts(1544180681)
        )
    );
    record("trades");
}

#[tokio::test]
async fn candles_with_open_candle() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/candles/ETHBTC/300")
                .is_true(exact_query("limit=3"))
                .header_missing("authorization");
            then.status(200).body(fixture("candles"));
        })
        .await;
    let page = client(&server)
        .candles("ETHBTC", Frame::M5)
        .limit(3)
        .await
        .expect("decodes");
    mock.assert_async().await;
    assert_eq!(page.count, Some(3600));
    assert_eq!(page.rows.len(), 3);
    let c = &page.rows[0];
    assert_eq!(
        (c.open, c.high, c.low, c.close, c.volume),
        (
            dec!(0.034375),
            dec!(0.034399),
            dec!(0.03428),
            dec!(0.034381),
            dec!(4.1961)
        )
    );
    assert_eq!(c.close_time, None);
    assert!(c.is_active());
    let c = &page.rows[1];
    assert_eq!(
        (c.open, c.high, c.low, c.close, c.volume),
        (
            dec!(0.034322),
            dec!(0.034425),
            dec!(0.03417),
            dec!(0.034375),
            dec!(15.3358)
        )
    );
    assert_eq!(c.close_time, Some(ts(1552378200)));
    let c = &page.rows[2];
    assert_eq!(
        (c.open, c.high, c.low, c.close, c.volume),
        (
            dec!(0.034358),
            dec!(0.034358),
            dec!(0.0339),
            dec!(0.034322),
            dec!(30.36213)
        )
    );
    assert_eq!(c.close_time, Some(ts(1552377900)));
    record("candles");
}

#[tokio::test]
async fn trades_stream_pages_until_count() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/trades/BTCUSDT")
                .is_true(exact_query("limit=2&offset=0"));
            then.status(200).body(
                r#"{"status":200,"data":{"count":3,"rows":[
                {"id":3,"type":"buy","volume":1,"price":"10.5","close_time":1552290919},
                {"id":2,"type":"sell","volume":2,"price":10.4,"close_time":"1552290918"}]}}"#,
            );
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/trades/BTCUSDT")
                .is_true(exact_query("limit=2&offset=2"));
            then.status(200).body(
                r#"{"status":200,"data":{"count":3,"rows":[
                {"id":1,"type":"buy","volume":0.5,"price":10.3,"close_time":1552290917}]}}"#,
            );
        })
        .await;
    use futures::TryStreamExt;
    let all: Vec<_> = client(&server)
        .trades("BTCUSDT")
        .limit(2)
        // The stream sends the first request as built: the offset it starts from is explicit.
        .offset(0)
        .into_stream()
        .try_collect()
        .await
        .expect("every page");
    first.assert_async().await;
    second.assert_async().await;
    let ids: Vec<u64> = all.iter().map(|t| t.id).collect();
    assert_eq!(ids, vec![3, 2, 1]);
    assert_eq!(all[0].price, dec!(10.5));
    assert_eq!(all[1].close_time, ts(1552290918));
}

/// A recorded live answer (`tests/fixtures/live/`, see its README).
fn live(id: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/live/{id}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[tokio::test]
async fn assets_as_the_live_venue_answers_them() {
    // The live answer is a `{count, rows}` page whose rows have no `isTrade` and a string
    // `accuracy`; it used to fail with "at data: invalid type: map, expected a sequence".
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/assets");
            then.status(200).body(live("assets"));
        })
        .await;
    let list = client(&server).assets().await.expect("decodes");
    assert_eq!(list.len(), 58);
    let btc = list.iter().find(|a| a.pair == "BTCUSDT").expect("listed");
    assert_eq!((btc.left.as_str(), btc.right.as_str()), ("BTC", "USDT"));
    assert_eq!(btc.accuracy, 2);
    assert_eq!(btc.min_volume, dec!(0.001));
    assert_eq!(btc.is_trade, None);
    assert_eq!(list[0].accuracy, 7);
    assert_eq!(list[0].min_volume, dec!(10));
}

#[tokio::test]
async fn currencies_as_a_page_decode_too() {
    let server = MockServer::start_async().await;
    let body = r#"{"status":200,"data":{"count":1,"rows":[{"name":"BTC","alias":"Bitcoin",
        "commission":0.0005,"type":"Coin","confirmations":"6","min_withdrawal":0.001,
        "min_deposit":0.001,"isDeposit":true,"isWithdrawal":true}]}}"#;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/currencies");
            then.status(200).body(body);
        })
        .await;
    let list = client(&server).currencies().await.expect("decodes");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].name, "BTC");
}

#[tokio::test]
async fn tickers_as_the_live_venue_answers_them() {
    // Live tickers carry no `timestamp`.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/tickers");
            then.status(200).body(live("tickers"));
        })
        .await;
    let map = client(&server).tickers().await.expect("decodes");
    assert_eq!(map.len(), 4);
    let t = &map["BTCUSDT"];
    assert_eq!(t.ask, dec!(3372));
    assert_eq!(t.timestamp, None);
    assert_eq!(map["KITBTC"].bid, dec!(0.00000004));
}

#[tokio::test]
async fn trades_as_the_live_venue_answers_them() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/trades/BTCUSDT");
            then.status(200).body(live("trades"));
        })
        .await;
    let page = client(&server).trades("BTCUSDT").await.expect("decodes");
    assert_eq!(page.count, Some(155317));
    assert_eq!(page.rows[0].id, 877425);
    assert_eq!(page.rows[0].price, dec!(3371.39));
}

#[tokio::test]
async fn a_bare_array_of_trades_decodes_without_a_count() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/trades/BTCUSDT");
            then.status(200).body(
                r#"{"status":200,"data":[{"id":1,"type":"buy","volume":"0.5","price":"3371.39","close_time":"1544580451"}]}"#,
            );
        })
        .await;
    let page = client(&server).trades("BTCUSDT").await.expect("decodes");
    assert_eq!(page.count, None);
    assert_eq!(page.rows[0].volume, dec!(0.5));
}

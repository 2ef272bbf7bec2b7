//! Public Data.

use httpmock::prelude::*;
use mudawyl_rs::{ExchangeId, Interval, TradeType};
use rust_decimal_macros::dec;

use crate::common::{client, fixture, record, t, uuid};

#[tokio::test]
async fn get_exchange_ticker() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/pub/exchange/ticker")
                .query_param("exchangeId", "BINANCE")
                .query_param("symbol", "BTC/USDT")
                .query_param("type", "FUTURES")
                .header_missing("authorization")
                .header_missing("recaptcha-token-v3");
            then.status(200).body(fixture("get_exchange_ticker"));
        })
        .await;
    let c = client(&server);
    let call = c
        .get_exchange_ticker()
        .exchange_id(ExchangeId::Binance)
        .symbol("BTC/USDT")
        .trade_type(TradeType::Futures);
    assert_eq!(
        mudawyl_rs::ApiRequest::to_request(call.request())
            .unwrap()
            .query_string(),
        "exchangeId=BINANCE&symbol=BTC%2FUSDT&type=FUTURES"
    );
    let tk = call.await.unwrap();
    m.assert_async().await;
    assert_eq!(tk.symbol, "BTC/USDT");
    assert_eq!(tk.timestamp.unwrap().timestamp_millis(), 1663340989057);
    assert_eq!(tk.datetime, Some(t("2022-09-16T15:09:49.057Z")));
    assert_eq!(tk.high, Some(dec!(19947.56)));
    assert_eq!(tk.low, Some(dec!(19442.76)));
    assert_eq!(tk.vwap, Some(dec!(19749.02184908)));
    assert_eq!(tk.open, Some(dec!(19693.41)));
    assert_eq!(tk.close, Some(dec!(19669.28)));
    assert_eq!(tk.last, Some(dec!(19669.28)));
    assert_eq!(tk.change, Some(dec!(-24.13)));
    assert_eq!(tk.percentage, Some(dec!(-0.123)));
    assert_eq!(tk.average, Some(dec!(19681.345)));
    assert_eq!(tk.base_volume, Some(dec!(280360.89577)));
    assert_eq!(tk.quote_volume, Some(dec!(5536853456.188337)));
    record("get_exchange_ticker");
}

#[tokio::test]
async fn list_subscription_plans() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/pub/subscription/list")
                .header_missing("authorization");
            then.status(200).body(fixture("list_subscription_plans"));
        })
        .await;
    let plans = client(&server)
        .list_subscription_plans()
        .await
        .unwrap()
        .items;
    m.assert_async().await;
    assert_eq!(plans.len(), 3);
    let expect = [
        (
            "336e0577-784d-4482-8a37-46649118aa51",
            "BASIC",
            dec!(20),
            dec!(2500),
            2,
        ),
        (
            "eedb6709-40be-4425-bc8c-3f27b0f16606",
            "ADVANCED",
            dec!(40),
            dec!(5000),
            3,
        ),
        (
            "d6e3155b-caed-449c-b95b-857f1b765040",
            "PROFESSIONAL",
            dec!(60),
            dec!(10000),
            5,
        ),
    ];
    for (p, (id, name, price, bal, keys)) in plans.iter().zip(expect) {
        assert_eq!(p.id, uuid(id));
        assert_eq!(p.name, name);
        assert_eq!(p.monthly_price_usd, price);
        assert_eq!(p.max_balance_usd, bal);
        assert_eq!(p.max_api_key, keys);
        assert!(p.strategy_automated);
    }
    record("list_subscription_plans");
}

#[tokio::test]
async fn list_strategy_risk_profiles() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/pub/strategy/profile/list")
                .header_missing("authorization");
            then.status(200)
                .body(fixture("list_strategy_risk_profiles"));
        })
        .await;
    let items = client(&server)
        .list_strategy_risk_profiles()
        .await
        .unwrap()
        .items;
    m.assert_async().await;
    let expect = [
        (
            "ab00673a-cd19-44d4-a7c4-05c63e309663",
            "CONSERVATIVE",
            dec!(1.5),
            "2022-09-09T01:57:36.304Z",
        ),
        (
            "3dc38f3d-4b4e-43b3-a102-e250b7cd3551",
            "MODERATE",
            dec!(2),
            "2022-09-09T01:58:12.344Z",
        ),
        (
            "9234a512-48d0-4fa9-8b77-fdaec0fd3e00",
            "AGGRESSIVE",
            dec!(3),
            "2022-09-09T01:59:23.456Z",
        ),
    ];
    assert_eq!(items.len(), 3);
    for (p, (id, name, pct, at)) in items.iter().zip(expect) {
        assert_eq!(p.id, uuid(id));
        assert_eq!(p.name, name);
        assert_eq!(p.percentage, pct);
        assert_eq!(p.created_at, t(at));
        assert_eq!(p.updated_at, t(at));
    }
    record("list_strategy_risk_profiles");
}

#[tokio::test]
async fn list_strategy_automated() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/pub/strategy/list")
                .header_missing("authorization");
            then.status(200).body(fixture("list_strategy_automated"));
        })
        .await;
    let items = client(&server)
        .list_strategy_automated()
        .await
        .unwrap()
        .items;
    m.assert_async().await;
    let expect = [
        (
            "b9f67eb2-1d6e-4a47-a735-d0d9039c9b08",
            "STRATEGY #1",
            "2022-09-09T01:57:36.304Z",
        ),
        (
            "b762dad3-b720-4ddd-a515-32ae48e39f94",
            "STRATEGY #2",
            "2022-09-09T01:58:45.678Z",
        ),
        (
            "fa142ba2-9a7f-48ab-b182-4e47a1f242b6",
            "STRATEGY #3",
            "2022-09-09T01:59:56.789Z",
        ),
        // the document's fourth sample has no `Z`: read as UTC
        (
            "f330861a-464a-436e-872a-d82d95666d80",
            "STRATEGY #4",
            "2022-09-09T02:01:23.456Z",
        ),
    ];
    assert_eq!(items.len(), 4);
    for (s, (id, name, at)) in items.iter().zip(expect) {
        assert_eq!(s.id, uuid(id));
        assert!(s.active);
        assert_eq!(s.name, name);
        assert_eq!(s.description, None);
        assert_eq!(s.exchange_id, ExchangeId::Binance);
        assert_eq!(s.symbol, "BTC/USDT");
        assert_eq!(s.created_at, t(at));
        assert_eq!(s.updated_at, t(at));
    }
    record("list_strategy_automated");
}

#[tokio::test]
async fn list_strategy_history() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/pub/strategy/b9f67eb2-1d6e-4a47-a735-d0d9039c9b08/history")
                .query_param("interval", "1M")
                .query_param("limit", "3")
                .header_missing("authorization");
            then.status(200).body(fixture("list_strategy_history"));
        })
        .await;
    let items = client(&server)
        .list_strategy_history("b9f67eb2-1d6e-4a47-a735-d0d9039c9b08")
        .interval(Interval::OneMonth)
        .limit(3u32)
        .await
        .unwrap()
        .items;
    m.assert_async().await;
    assert_eq!(items.len(), 3);
    let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    assert_eq!(items[0].start, d("2022-10-19"));
    assert_eq!(items[0].end_at, d("2022-10-20"));
    assert_eq!(items[0].net_profit_percent, Some(dec!(-5.62505875)));
    assert_eq!(items[0].win_rate, Some(dec!(0.25)));
    assert_eq!(items[0].max_draw_down, Some(dec!(0.05625059)));
    assert_eq!((items[0].trades, items[0].long, items[0].short), (4, 4, 0));
    for (e, start) in items[1..].iter().zip(["2022-10-18", "2022-10-17"]) {
        assert_eq!(e.start, d(start));
        assert_eq!(e.net_profit_percent, None);
        assert_eq!(e.win_rate, None);
        assert_eq!(e.max_draw_down, None);
        assert_eq!((e.trades, e.long, e.short), (0, 0, 0));
    }
    assert_eq!(items[2].end_at, d("2022-10-18"));
    record("list_strategy_history");
}

#[tokio::test]
async fn get_strategy_performance() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/pub/strategy/b9f67eb2-1d6e-4a47-a735-d0d9039c9b08/performance")
                .query_param("interval", "1d")
                .query_param("limit", "30")
                .header_missing("authorization");
            then.status(200).body(fixture("get_strategy_performance"));
        })
        .await;
    let p = client(&server)
        .get_strategy_performance(uuid("b9f67eb2-1d6e-4a47-a735-d0d9039c9b08"))
        .interval(Interval::OneDay)
        .limit(30u32)
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(p.net_profit_percent, Some(dec!(-5.62505875)));
    assert_eq!(p.win_rate, Some(dec!(0.25)));
    assert_eq!(p.max_draw_down, Some(dec!(0.05625059)));
    assert_eq!((p.trades, p.long, p.short), (4, 4, 0));
    record("get_strategy_performance");
}

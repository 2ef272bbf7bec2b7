//! Account Trade History, Exchange Order and Exchange Order Execute.

use futures::StreamExt;
use httpmock::prelude::*;
use mudawyl_rs::*;
use rust_decimal_macros::dec;

use crate::common::{KEY_ID, RECAPTCHA, TOKEN, client, fixture, record, t};

#[tokio::test]
async fn list_strategy_automated_history() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/priv/account/trade/strategy/history")
                .query_param("limit", "2")
                .header("authorization", TOKEN);
            then.status(200)
                .body(fixture("list_strategy_automated_history"));
        })
        .await;
    let page = client(&server)
        .list_strategy_automated_history()
        .limit(2u32)
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(page.next_token, None);
    let r = &page.items;
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].order_id, "3237790823");
    assert_eq!(r[0].price, dec!(19580.1));
    assert_eq!(r[0].amount, dec!(0.121));
    assert_eq!(r[0].cost, dec!(2369.1921));
    assert_eq!(r[0].stop, Some(dec!(19650)));
    assert_eq!(r[0].stop_type, Some(StopTriggerType::Market));
    assert_eq!(r[0].take_profit, [dec!(19400), dec!(19500)]);
    assert_eq!(r[0].trailing_trigger_price, None);
    assert_eq!(r[0].leverage, Some(7));
    assert_eq!(r[0].callback_rate, None);
    assert_eq!(r[0].risk_profile_percent, Some(dec!(2)));
    assert_eq!(r[0].created_at, t("2022-10-14T14:03:45.064Z"));
    let trig = r[0].strategy_automated_trigger.as_ref().unwrap();
    assert_eq!(trig.strategy_automated.name, "strategy #1");
    assert_eq!(trig.strategy_automated.exchange_id, ExchangeId::Binance);
    assert_eq!(trig.strategy_automated.symbol, "BTC/USDT");
    assert_eq!(trig.trade_side, Side::Sell);
    assert_eq!(r[1].order_id, "3237478932");
    assert_eq!(r[1].price, dec!(19160));
    assert_eq!(r[1].amount, dec!(0.247));
    assert_eq!(r[1].cost, dec!(4732.52));
    assert_eq!(r[1].stop, Some(dec!(19300)));
    assert_eq!(r[1].take_profit, [dec!(19100), dec!(19150)]);
    assert_eq!(r[1].leverage, Some(11));
    assert_eq!(r[1].created_at, t("2022-10-14T00:33:35.359Z"));
    record("list_strategy_automated_history");
}

#[tokio::test]
async fn list_manual_trading_history() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/priv/account/trade/manual/history")
                .query_param("start", "2022-10-01")
                .header("authorization", TOKEN);
            then.status(200)
                .body(fixture("list_manual_trading_history"));
        })
        .await;
    let page = client(&server)
        .list_manual_trading_history()
        .start(chrono::NaiveDate::from_ymd_opt(2022, 10, 1).unwrap())
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(page.next_token, None);
    let r = &page.items;
    assert_eq!(r.len(), 2);
    let expect = [
        (
            "3237885588",
            dec!(19205.3),
            dec!(960.265),
            "2022-10-14T19:37:43.229Z",
        ),
        (
            "3237884228",
            dec!(19203.8),
            dec!(960.19),
            "2022-10-14T19:32:26.059Z",
        ),
    ];
    for (x, (id, price, cost, at)) in r.iter().zip(expect) {
        assert_eq!(x.order_id, id);
        assert_eq!(x.price, price);
        assert_eq!(x.amount, dec!(0.05));
        assert_eq!(x.cost, cost);
        assert_eq!(x.stop, Some(dec!(19000)));
        assert_eq!(x.stop_type, Some(StopTriggerType::Limit));
        assert_eq!(x.take_profit, [dec!(19250), dec!(19300)]);
        assert_eq!(x.trailing_trigger_price, Some(dec!(19000)));
        assert_eq!(x.leverage, None);
        assert_eq!(x.callback_rate, None);
        assert_eq!(x.risk_profile_percent, None);
        assert_eq!(x.created_at, t(at));
        assert!(x.strategy_automated_trigger.is_none());
    }
    record("list_manual_trading_history");
}

#[tokio::test]
async fn manual_history_streams_pages() {
    let server = MockServer::start_async().await;
    let one = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/priv/account/trade/manual/history").query_param_missing("nextToken");
            then.status(200).body(r#"{"items":[{"orderId":"1","price":1,"amount":1,"cost":1,"takeProfit":[],"createdAt":"2022-10-14T19:37:43.229Z"}],"nextToken":"abc"}"#);
        })
        .await;
    let two = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/priv/account/trade/manual/history").query_param("nextToken", "abc");
            then.status(200).body(r#"{"items":[{"orderId":"2","price":2,"amount":2,"cost":4,"takeProfit":null,"createdAt":"2022-10-13T19:37:43.229Z"}],"nextToken":null}"#);
        })
        .await;
    let c = client(&server);
    let ids: Vec<String> = c
        .list_manual_trading_history()
        .into_stream()
        .map(|r| r.unwrap().order_id)
        .collect()
        .await;
    one.assert_async().await;
    two.assert_async().await;
    assert_eq!(ids, ["1", "2"]);
}

#[tokio::test]
async fn list_open_orders() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/priv/exchange/order/{KEY_ID}/list"))
                .query_param("symbol", "BTC/USDT")
                .header("authorization", TOKEN)
                .header_missing("recaptcha-token-v3");
            then.status(200).body(fixture("list_open_orders"));
        })
        .await;
    let o = client(&server)
        .list_open_orders(KEY_ID, "BTC/USDT")
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(o.len(), 3);
    assert_eq!(o[0].id, "3228535237");
    assert_eq!(o[0].symbol, "BTC/USDT");
    assert_eq!(o[0].order_type, OrderType::StopMarket);
    assert_eq!(
        o[0].client_order_id.as_deref(),
        Some("x-xcKtGhcu75fd06b90f5c4de6acbda7")
    );
    assert_eq!(o[0].datetime, Some(t("2022-10-04T19:37:24.092Z")));
    assert_eq!(o[0].time_in_force.as_deref(), Some("GTE_GTC"));
    assert_eq!(o[0].post_only, Some(false));
    assert_eq!(o[0].reduce_only, Some(true));
    assert_eq!(o[0].side, OrderSide::Sell);
    assert_eq!(o[0].price, None);
    assert_eq!(o[0].stop_price, Some(dec!(19850)));
    assert_eq!(o[0].amount, None);
    assert_eq!(o[0].cost, Some(dec!(0)));
    assert_eq!(o[0].average, None);
    assert_eq!(o[0].filled, Some(dec!(0)));
    assert_eq!(o[0].remaining, None);
    assert_eq!(o[0].status, OrderStatus::Open);
    assert_eq!(o[0].fee, None);
    assert!(o[0].trades.is_empty() && o[0].fees.is_empty());
    assert_eq!(o[1].id, "3228535241");
    assert_eq!(o[1].order_type, OrderType::TakeProfitMarket);
    assert_eq!(o[1].time_in_force.as_deref(), Some("GTC"));
    assert_eq!(o[1].stop_price, Some(dec!(20100)));
    assert_eq!(o[1].amount, Some(dec!(0.076)));
    assert_eq!(o[1].remaining, Some(dec!(0.076)));
    assert_eq!(o[2].id, "3228535243");
    assert_eq!(o[2].stop_price, Some(dec!(20150)));
    assert_eq!(o[2].datetime, Some(t("2022-10-04T19:37:24.491Z")));
    record("list_open_orders");
}

#[tokio::test]
async fn list_order_history() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/priv/exchange/order/{KEY_ID}/history"))
                .query_param("symbol", "BTC/USDT")
                .header("authorization", TOKEN);
            then.status(200).body(fixture("list_order_history"));
        })
        .await;
    let o = client(&server)
        .list_order_history(KEY_ID, "BTC/USDT")
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(o.len(), 2);
    assert_eq!(o[0].id, "3228535237");
    assert_eq!(o[0].order_type, OrderType::Market);
    assert_eq!(o[0].side, OrderSide::Sell);
    assert_eq!(o[0].reduce_only, Some(true));
    assert_eq!(o[0].price, Some(dec!(19846.3)));
    assert_eq!(o[0].stop_price, Some(dec!(19850)));
    assert_eq!(o[0].amount, Some(dec!(0.153)));
    assert_eq!(o[0].cost, Some(dec!(3036.4839)));
    assert_eq!(o[0].average, Some(dec!(19846.3)));
    assert_eq!(o[0].filled, Some(dec!(0.153)));
    assert_eq!(o[0].remaining, Some(dec!(0)));
    assert_eq!(o[0].status, OrderStatus::Closed);
    assert_eq!(o[1].id, "3228535232");
    assert_eq!(
        o[1].client_order_id.as_deref(),
        Some("x-xcKtGhcud59a08d8fb494077871bae")
    );
    assert_eq!(o[1].datetime, Some(t("2022-10-04T19:37:23.681Z")));
    assert_eq!(o[1].side, OrderSide::Buy);
    assert_eq!(o[1].reduce_only, Some(false));
    assert_eq!(o[1].price, Some(dec!(20001.2)));
    assert_eq!(o[1].stop_price, None);
    assert_eq!(o[1].cost, Some(dec!(3060.1836)));
    record("list_order_history");
}

#[tokio::test]
async fn list_trade_history() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/priv/exchange/trade/{KEY_ID}/history"))
                .query_param("symbol", "BTC/USDT")
                .header("authorization", TOKEN);
            then.status(200).body(fixture("list_trade_history"));
        })
        .await;
    let tr = client(&server)
        .list_trade_history(KEY_ID, "BTC/USDT")
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(tr.len(), 2);
    let expect = [
        ("243302234", dec!(0.132), dec!(2619.7116), dec!(1.04788463)),
        ("243302233", dec!(0.021), dec!(416.7723), dec!(0.16670892)),
    ];
    for (x, (id, amount, cost, fee)) in tr.iter().zip(expect) {
        assert_eq!(x.id, id);
        assert_eq!(x.order, "3228535237");
        assert_eq!(x.symbol, "BTC/USDT");
        assert_eq!(x.order_type, None);
        assert_eq!(x.datetime, t("2022-10-04T20:08:26.289Z"));
        assert_eq!(x.side, OrderSide::Sell);
        assert_eq!(x.taker_or_maker.as_deref(), Some("taker"));
        assert_eq!(x.price, dec!(19846.3));
        assert_eq!(x.amount, amount);
        assert_eq!(x.cost, cost);
        let f = x.fee.as_ref().unwrap();
        assert_eq!((f.cost, f.currency.as_str()), (fee, "USDT"));
        assert_eq!(x.fees.len(), 1);
        assert_eq!((x.fees[0].cost, x.fees[0].currency.as_str()), (fee, "USDT"));
    }
    record("list_trade_history");
}

#[tokio::test]
async fn get_futures_open_position() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/priv/exchange/position/{KEY_ID}"))
                .query_param("symbol", "BTC/USDT")
                .header("authorization", TOKEN);
            then.status(200).body(fixture("get_futures_open_position"));
        })
        .await;
    let p = client(&server)
        .get_futures_open_position(KEY_ID, "BTC/USDT")
        .await
        .unwrap()
        .expect("a position");
    m.assert_async().await;
    assert_eq!(p.symbol, "BTC/USDT");
    assert_eq!(p.contracts, dec!(0.1));
    assert_eq!(p.contract_size, dec!(1));
    assert_eq!(p.unrealized_pnl, Some(dec!(-9.43149184)));
    assert_eq!(p.leverage, dec!(4));
    assert_eq!(p.liquidation_price, Some(dec!(7930.83500535)));
    assert_eq!(p.collateral, Some(dec!(1218.83733447)));
    assert_eq!(p.notional, Some(dec!(1994.55850815)));
    assert_eq!(p.mark_price, Some(dec!(19945.58508151)));
    assert_eq!(p.entry_price, dec!(20039.9));
    assert_eq!(p.initial_margin, Some(dec!(498.63962703)));
    assert_eq!(p.initial_margin_percentage, Some(dec!(0.25)));
    assert_eq!(p.maintenance_margin, Some(dec!(19.9455850815)));
    assert_eq!(p.maintenance_margin_percentage, Some(dec!(0.01)));
    assert_eq!(p.margin_ratio, Some(dec!(0.0164)));
    assert_eq!(p.datetime, Some(t("2022-10-04T16:44:56.193Z")));
    assert_eq!(p.margin_mode.as_deref(), Some("cross"));
    assert_eq!(p.margin_type.as_deref(), Some("cross"));
    assert_eq!(p.side, PositionSide::Long);
    assert_eq!(p.hedged, Some(false));
    assert_eq!(p.percentage, Some(dec!(-1.89)));
    record("get_futures_open_position");
}

#[tokio::test]
async fn no_position_is_none() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/priv/exchange/position/{KEY_ID}"));
            then.status(200).body("");
        })
        .await;
    assert_eq!(
        client(&server)
            .get_futures_open_position(KEY_ID, "BTC/USDT")
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn create_manual_order() {
    let server = MockServer::start_async().await;
    // The document's request example, with `amount` as a number (its type) instead of "0.05".
    let body = r#"{"symbol":"BTC/USDT","type":"MARKET","side":"BUY","amount":0.05,"takeProfitPrices":[19250,19300],"stopTriggerPrice":19000,"stopTriggerType":"LIMIT","stopPrice":19000}"#;
    let m = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/v1/priv/exchange/order/{KEY_ID}"))
                .header("authorization", TOKEN)
                .header("recaptcha-token-v3", RECAPTCHA)
                .header("content-type", "application/json")
                .body(body);
            then.status(200).body(fixture("create_manual_order"));
        })
        .await;
    let order = ManualOrder::market("BTC/USDT", Side::Buy, Amount(dec!(0.05)))
        .take_profits([dec!(19250), dec!(19300)])
        .stop_loss(StopLoss::limit(Trigger(dec!(19000)), Price(dec!(19000))));
    let o = client(&server)
        .create_manual_order(KEY_ID, order)
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(o.len(), 4);
    assert_eq!(o[0].id, "3235803329");
    assert_eq!(
        o[0].client_order_id.as_deref(),
        Some("x-xcKtGhcu909cf9b2fc6b4c51ac850f")
    );
    assert_eq!(o[0].timestamp, None);
    assert_eq!(o[0].order_type, OrderType::Market);
    assert_eq!(o[0].time_in_force.as_deref(), Some("GTC"));
    assert_eq!(o[0].side, OrderSide::Buy);
    assert_eq!(o[0].reduce_only, Some(false));
    assert_eq!(o[0].price, Some(dec!(19191.9)));
    assert_eq!(o[0].amount, Some(dec!(0.05)));
    assert_eq!(o[0].cost, Some(dec!(959.595)));
    assert_eq!(o[0].average, Some(dec!(19191.9)));
    assert_eq!(o[0].filled, Some(dec!(0.05)));
    assert_eq!(o[0].remaining, Some(dec!(0)));
    assert_eq!(o[0].status, OrderStatus::Closed);
    let tp = [
        ("3235803331", 1665522363069i64, dec!(19250)),
        ("3235803333", 1665522363272, dec!(19300)),
    ];
    for (x, (id, ms, price)) in o[1..3].iter().zip(tp) {
        assert_eq!(x.id, id);
        assert_eq!(x.timestamp.unwrap().timestamp_millis(), ms);
        assert_eq!(x.order_type, OrderType::TakeProfit);
        assert_eq!(x.reduce_only, Some(true));
        assert_eq!(x.side, OrderSide::Sell);
        assert_eq!(x.price, Some(price));
        assert_eq!(x.stop_price, Some(price));
        assert_eq!(x.amount, Some(dec!(0.025)));
        assert_eq!(x.remaining, Some(dec!(0.025)));
        assert_eq!(x.status, OrderStatus::Open);
    }
    assert_eq!(o[2].datetime, Some(t("2022-10-11T21:06:03.272Z")));
    assert_eq!(o[3].id, "3235803335");
    assert_eq!(o[3].order_type, OrderType::Stop);
    assert_eq!(o[3].time_in_force.as_deref(), Some("GTE_GTC"));
    assert_eq!(o[3].price, Some(dec!(19000)));
    assert_eq!(o[3].stop_price, Some(dec!(19000)));
    assert_eq!(o[3].amount, Some(dec!(0.05)));
    assert_eq!(o[3].status, OrderStatus::Open);
    record("create_manual_order");
}

#[tokio::test]
async fn trailing_stop_and_limit_bodies() {
    let server = MockServer::start_async().await;
    let trailing = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/v1/priv/exchange/order/{KEY_ID}"))
                .body(r#"{"symbol":"BTC/USDT","type":"TRAILING_STOP","side":"SELL","price":20000,"amount":0.010,"callbackRate":0.5,"riskProfilePercent":2}"#);
            then.status(200).body("[]");
        })
        .await;
    let limit = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/v1/priv/exchange/order/{KEY_ID}"))
                .body(r#"{"symbol":"BTC/USDT","type":"LIMIT","side":"BUY","price":18000.5,"amount":1,"stopTriggerPrice":17000,"stopTriggerType":"MARKET"}"#);
            then.status(200).body("[]");
        })
        .await;
    let c = client(&server);
    c.create_manual_order(
        KEY_ID,
        ManualOrder::trailing_stop(
            "BTC/USDT",
            Side::Sell,
            Price(dec!(20000)),
            Amount(dec!(0.010)),
            dec!(0.5),
        )
        .risk_profile_percent(dec!(2)),
    )
    .await
    .unwrap();
    c.create_manual_order(
        KEY_ID,
        ManualOrder::limit("BTC/USDT", Side::Buy, Price(dec!(18000.5)), Amount(dec!(1)))
            .stop_loss(StopLoss::market(Trigger(dec!(17000)))),
    )
    .await
    .unwrap();
    trailing.assert_async().await;
    limit.assert_async().await;
}

#[tokio::test]
async fn cancel_futures_position() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!("/v1/priv/exchange/position/{KEY_ID}"))
                .header("authorization", TOKEN)
                .header("recaptcha-token-v3", RECAPTCHA)
                .body(r#"{"symbol":"BTC/USDT"}"#);
            then.status(204);
        })
        .await;
    client(&server)
        .cancel_futures_position(KEY_ID, "BTC/USDT")
        .await
        .unwrap();
    m.assert_async().await;
    assert!(
        fixture("cancel_futures_position").is_empty(),
        "204: no body"
    );
    record("cancel_futures_position");
}

#[tokio::test]
async fn change_futures_leverage() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path(format!("/v1/priv/exchange/order/{KEY_ID}/leverage"))
                .header("authorization", TOKEN)
                .header("recaptcha-token-v3", RECAPTCHA)
                .body(r#"{"symbol":"BTC/USDT","leverage":10}"#);
            then.status(204);
        })
        .await;
    client(&server)
        .change_futures_leverage(KEY_ID, "BTC/USDT", 10)
        .await
        .unwrap();
    m.assert_async().await;
    assert!(
        fixture("change_futures_leverage").is_empty(),
        "204: no body"
    );
    record("change_futures_leverage");
}

#[tokio::test]
async fn change_futures_margin_type() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path(format!("/v1/priv/exchange/order/{KEY_ID}/margin"))
                .header("authorization", TOKEN)
                .header("recaptcha-token-v3", RECAPTCHA)
                .body(r#"{"symbol":"BTC/USDT","type":"CROSSED"}"#);
            then.status(204);
        })
        .await;
    client(&server)
        .change_futures_margin_type(KEY_ID, "BTC/USDT", MarginType::Crossed)
        .await
        .unwrap();
    m.assert_async().await;
    assert!(
        fixture("change_futures_margin_type").is_empty(),
        "204: no body"
    );
    record("change_futures_margin_type");
}

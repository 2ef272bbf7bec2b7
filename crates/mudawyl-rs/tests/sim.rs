//! Flows against the local venue (feature `sim`): keys, orders and positions, leverage and
//! margin, notifications, subscriptions, follows, paging, and the venue's error answers —
//! including 422 answers with the same entries the client's own validation produces.
#![cfg(feature = "sim")]

use futures::StreamExt;
use mudawyl_rs::sim::{ExchangeKeyAccess, LocalVenue, SimConfig};
use mudawyl_rs::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use venue_common::sim::standalone::Launched;
use venue_common::sim::{Fault, unrouted};

const STRATEGY_1: &str = "b9f67eb2-1d6e-4a47-a735-d0d9039c9b08";
const STRATEGY_2: &str = "b762dad3-b720-4ddd-a515-32ae48e39f94";
const CONSERVATIVE: &str = "ab00673a-cd19-44d4-a7c4-05c63e309663";
const MODERATE: &str = "3dc38f3d-4b4e-43b3-a102-e250b7cd3551";
const BASIC: &str = "336e0577-784d-4482-8a37-46649118aa51";
const PROFESSIONAL: &str = "d6e3155b-caed-449c-b95b-857f1b765040";

fn client_for(venue: &LocalVenue, token: &str) -> Client {
    Client::builder()
        .base_url(venue.base_url())
        .token(token.to_string())
        .recaptcha_provider(|| async { Ok(Token::new(uuid::Uuid::new_v4().to_string())) })
        .no_pacing()
        .build()
        .expect("client")
}

fn key(
    trade: TradeType,
    strategy: StrategyType,
    name: &str,
    api_key: &str,
) -> CreateExchangeKeyRequest {
    CreateExchangeKeyRequest::new(
        ExchangeId::Binance,
        trade,
        strategy,
        name,
        api_key,
        "secret-of-".to_string() + api_key,
    )
}

async fn manual_key(c: &Client, api_key: &str) -> ExchangeKey {
    c.send(key(
        TradeType::Futures,
        StrategyType::Manual,
        "manual futures",
        api_key,
    ))
    .await
    .expect("key")
}

#[tokio::test]
async fn public_data_is_the_documented_sample() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    assert_eq!(c.list_subscription_plans().await.unwrap().items.len(), 3);
    assert_eq!(
        c.list_strategy_risk_profiles().await.unwrap().items[0].percentage,
        dec!(1.5)
    );
    assert_eq!(c.list_strategy_automated().await.unwrap().items.len(), 4);
    let h = c
        .list_strategy_history(STRATEGY_1)
        .limit(2u32)
        .await
        .unwrap();
    assert_eq!(h.items.len(), 2);
    assert_eq!(
        c.get_strategy_performance(STRATEGY_1).await.unwrap().trades,
        4
    );
    let t = c.get_exchange_ticker().symbol("BTC/USDT").await.unwrap();
    assert_eq!(t.last, Some(dec!(19669.28)));
    let e = c
        .get_exchange_ticker()
        .symbol("DOGE/USDT")
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("1300"));
    let e = c
        .list_strategy_history("00000000-0000-4000-8000-000000000000")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn auth_is_checked_like_the_venue() {
    let venue = LocalVenue::start().await.unwrap();
    // no token
    let anon = Client::builder()
        .base_url(venue.base_url())
        .build()
        .unwrap();
    let raw: Result<serde_json::Value, _> = anon
        .raw(http::Method::GET, "/v1/priv/account/profile")
        .public()
        .send()
        .await;
    assert_eq!(raw.unwrap_err().kind(), ErrorKind::Authentication);
    // a wrong token
    let wrong = client_for(&venue, "not-a-token");
    assert_eq!(
        wrong.get_user_profile().await.unwrap_err().kind(),
        ErrorKind::Authentication
    );
    // no reCAPTCHA on a write: 403; reads need none
    let no_captcha = Client::builder()
        .base_url(venue.base_url())
        .token(venue.token().to_string())
        .build()
        .unwrap();
    assert!(no_captcha.list_exchange_keys().await.is_ok());
    let e = no_captcha
        .put_user_profile()
        .language(Language::Ar)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Permission);
    // a reused reCAPTCHA token: 403
    let reuse = Client::builder()
        .base_url(venue.base_url())
        .token(venue.token().to_string())
        .recaptcha_provider(|| async { Ok(Token::new("same-token")) })
        .build()
        .unwrap();
    reuse
        .put_user_profile()
        .language(Language::Ar)
        .await
        .unwrap();
    assert_eq!(
        reuse
            .put_user_profile()
            .language(Language::En)
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::Permission
    );
    // unknown route
    let r: Result<serde_json::Value, _> = client_for(&venue, venue.token())
        .raw(http::Method::GET, "/v1/priv/nope")
        .send()
        .await;
    let e = r.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(e.venue_error().unwrap().message, "route not found");
    // without the production check, writes pass without the header
    let dev = LocalVenue::start_with(SimConfig {
        require_recaptcha: false,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let c = Client::builder()
        .base_url(dev.base_url())
        .token(dev.token().to_string())
        .build()
        .unwrap();
    assert!(c.put_user_profile().language(Language::Ar).await.is_ok());
}

#[tokio::test]
async fn profile_and_notifications() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    assert_eq!(c.get_user_profile().await.unwrap(), None, "null until set");
    let p = c
        .put_user_profile()
        .first_name("Jane")
        .country("CA")
        .timezone("America/Toronto")
        .await
        .unwrap();
    assert_eq!(p.first_name.as_deref(), Some("Jane"));
    assert_eq!(
        c.get_user_profile()
            .await
            .unwrap()
            .unwrap()
            .country
            .as_deref(),
        Some("CA")
    );
    assert_eq!(c.get_notification_settings().await.unwrap(), None);
    let s = c
        .put_notification_settings()
        .monthly_report(false)
        .await
        .unwrap();
    assert!(!s.monthly_report && s.weekly_report);
    // Telegram settings need a linked Telegram: the venue's 422 entry
    let e = c
        .put_notification_settings()
        .telegram_new_order(true)
        .await
        .unwrap_err();
    let entries = validation_errors(&e).unwrap();
    assert_eq!(
        entries,
        vec![FieldError::new(
            true,
            "account must be linked to Telegram",
            "telegramNewOrder",
            "body"
        )]
    );
    assert!(!c.get_alert_method().await.unwrap().telegram_active);
    assert!(venue.link_telegram(venue.token()));
    assert!(c.get_alert_method().await.unwrap().telegram_active);
    let s = c
        .put_notification_settings()
        .telegram_new_order(true)
        .await
        .unwrap();
    assert!(s.telegram_new_order);
    // another user is untouched
    let bob = client_for(&venue, &venue.users()[1].token);
    assert_eq!(bob.get_user_profile().await.unwrap(), None);
}

#[tokio::test]
async fn exchange_keys_limits_and_duplicates() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    let k1 = manual_key(&c, "apikey-one").await;
    assert_eq!(k1.api_key_status, ApiKeyStatus::Authorized);
    let e = c
        .send(key(
            TradeType::Futures,
            StrategyType::Manual,
            "dup",
            "apikey-one",
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("1109"));
    assert_eq!(e.kind(), ErrorKind::Duplicate);
    let e = c
        .send(key(
            TradeType::Futures,
            StrategyType::Manual,
            "bad",
            "invalid-key",
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("1103"));
    assert_eq!(
        e.kind(),
        ErrorKind::Permission,
        "the exchange key, not the session"
    );
    let _k2 = c
        .send(key(
            TradeType::Futures,
            StrategyType::Automated,
            "auto",
            "apikey-two",
        ))
        .await
        .unwrap();
    // BASIC allows 2 keys
    let e = c
        .send(key(
            TradeType::Spot,
            StrategyType::Manual,
            "third",
            "apikey-three",
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("2129a"));
    assert_eq!(e.kind(), ErrorKind::Permission);
    assert_eq!(
        e.venue_error().unwrap().message,
        "exceed subscription max API key limit"
    );
    let renamed = c.update_exchange_key(k1.id).name("renamed").await.unwrap();
    assert_eq!(renamed.name, "renamed");
    assert_eq!(c.list_exchange_keys().await.unwrap().items.len(), 2);
    assert_eq!(
        c.get_exchange_total_balance().await.unwrap().usd,
        dec!(2000)
    );
    let b = c.get_exchange_key_balance(k1.id).await.unwrap();
    assert_eq!(b.total["USDT"], dec!(1000));
    c.delete_exchange_key(k1.id).await.unwrap();
    assert_eq!(
        c.delete_exchange_key(k1.id).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(c.list_exchange_keys().await.unwrap().items.len(), 1);
    // the freed slot can be used again
    manual_key(&c, "apikey-four").await;
}

#[tokio::test]
async fn manual_order_opens_position_with_take_profit_and_stop() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    let k = manual_key(&c, "apikey-orders").await;
    c.change_futures_leverage(k.id, "BTC/USDT", 10)
        .await
        .unwrap();
    c.change_futures_margin_type(k.id, "BTC/USDT", MarginType::Isolated)
        .await
        .unwrap();
    assert_eq!(
        c.get_futures_open_position(k.id, "BTC/USDT").await.unwrap(),
        None
    );
    let order = ManualOrder::market("BTC/USDT", Side::Buy, Amount(dec!(0.05)))
        .take_profits([dec!(19800), dec!(19900)])
        .stop_loss(StopLoss::limit(Trigger(dec!(19000)), Price(dec!(18990))));
    let placed = c.create_manual_order(k.id, order).await.unwrap();
    assert_eq!(placed.len(), 4);
    assert_eq!(placed[0].status, OrderStatus::Closed);
    assert_eq!(placed[0].average, Some(dec!(19669.28)));
    assert_eq!(placed[1].order_type, OrderType::TakeProfit);
    assert_eq!(placed[1].amount, Some(dec!(0.025)));
    assert_eq!(placed[3].order_type, OrderType::Stop);
    assert_eq!(placed[3].stop_price, Some(dec!(19000)));
    assert_eq!(placed[3].price, Some(dec!(18990)));
    let p = c
        .get_futures_open_position(k.id, "BTC/USDT")
        .await
        .unwrap()
        .expect("open");
    assert_eq!(p.contracts, dec!(0.05));
    assert_eq!(p.side, PositionSide::Long);
    assert_eq!(p.leverage, dec!(10));
    assert_eq!(p.margin_type.as_deref(), Some("isolated"));
    let open = c.list_open_orders(k.id, "BTC/USDT").await.unwrap();
    assert_eq!(open.len(), 3);
    assert!(open.iter().all(|o| o.reduce_only == Some(true)));
    assert_eq!(
        c.list_trade_history(k.id, "BTC/USDT").await.unwrap().len(),
        1
    );
    // margin type cannot change with a position open
    let e = c
        .change_futures_margin_type(k.id, "BTC/USDT", MarginType::Crossed)
        .await
        .unwrap_err();
    // the document lists no 433 code for Change Futures Margin Type beyond 1103/1106/1300
    assert_eq!(e.code(), None);
    assert_eq!(e.kind(), ErrorKind::BadRequest);
    // price moves; the position shows it
    venue.set_mark_price("BTC/USDT", dec!(19769.28));
    let p = c
        .get_futures_open_position(k.id, "BTC/USDT")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.unrealized_pnl, Some(dec!(5)));
    let used = c.get_exchange_key_balance(k.id).await.unwrap().used["USDT"];
    assert!(used > Decimal::ZERO);
    // cancel closes the position and its orders
    c.cancel_futures_position(k.id, "BTC/USDT").await.unwrap();
    assert_eq!(
        c.get_futures_open_position(k.id, "BTC/USDT").await.unwrap(),
        None
    );
    assert!(
        c.list_open_orders(k.id, "BTC/USDT")
            .await
            .unwrap()
            .is_empty()
    );
    let hist = c.list_order_history(k.id, "BTC/USDT").await.unwrap();
    assert_eq!(
        hist.iter()
            .filter(|o| o.status == OrderStatus::Canceled)
            .count(),
        3
    );
    assert_eq!(
        c.list_trade_history(k.id, "BTC/USDT").await.unwrap().len(),
        2
    );
    // profit 5 minus two taker fees reached the wallet
    let total = c.get_exchange_key_balance(k.id).await.unwrap().total["USDT"];
    assert!(total > dec!(1004) && total < dec!(1005), "{total}");
    let manual = c.list_manual_trading_history().await.unwrap();
    assert_eq!(manual.items[0].take_profit, [dec!(19800), dec!(19900)]);
    assert_eq!(manual.items[0].stop, Some(dec!(19000)));
}

#[tokio::test]
async fn limit_trailing_and_key_types() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    let k = manual_key(&c, "apikey-limit").await;
    // a resting LIMIT buy below the mark
    let placed = c
        .create_manual_order(
            k.id,
            ManualOrder::limit("ETH/USDT", Side::Buy, Price(dec!(1200)), Amount(dec!(1))),
        )
        .await
        .unwrap();
    assert_eq!(placed[0].status, OrderStatus::Open);
    assert_eq!(
        c.get_futures_open_position(k.id, "ETH/USDT").await.unwrap(),
        None
    );
    // a new order clears the open ones first
    let placed = c
        .create_manual_order(
            k.id,
            ManualOrder::trailing_stop(
                "ETH/USDT",
                Side::Sell,
                Price(dec!(1300)),
                Amount(dec!(2)),
                dec!(1),
            ),
        )
        .await
        .unwrap();
    assert_eq!(placed[0].order_type, OrderType::TrailingStopMarket);
    let open = c.list_open_orders(k.id, "ETH/USDT").await.unwrap();
    assert_eq!(open.len(), 1);
    // a SELL limit at 1300, under the ETH mark of 1327.45, is marketable: it clears the
    // trailing stop (no fill, so no position to close) and takes the market at once, at the
    // mark, the better price for a seller; the order keeps its limit as its price
    let placed = c
        .create_manual_order(
            k.id,
            ManualOrder::limit("ETH/USDT", Side::Sell, Price(dec!(1300)), Amount(dec!(1))),
        )
        .await
        .unwrap();
    assert_eq!(placed[0].status, OrderStatus::Closed);
    assert_eq!(placed[0].price, Some(dec!(1300)));
    assert_eq!(placed[0].average, Some(dec!(1327.45)));
    let p = c
        .get_futures_open_position(k.id, "ETH/USDT")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.side, PositionSide::Short);
    assert_eq!((p.contracts, p.entry_price), (dec!(1), dec!(1327.45)));
    // leverage above the symbol's bracket
    assert_eq!(
        c.change_futures_leverage(k.id, "ETH/USDT", 101)
            .await
            .unwrap_err()
            .code(),
        Some("1500")
    );
    assert!(
        c.change_futures_leverage(k.id, "BTC/USDT", 125)
            .await
            .is_ok()
    );
    // an AUTOMATED key cannot take manual orders; a SPOT manual key is unsupported
    let auto = c
        .send(key(
            TradeType::Futures,
            StrategyType::Automated,
            "auto",
            "apikey-auto",
        ))
        .await
        .unwrap();
    let e = c
        .create_manual_order(
            auto.id,
            ManualOrder::market("BTC/USDT", Side::Buy, Amount(dec!(1))),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("1106"));
    assert_eq!(
        c.create_manual_order(
            uuid::Uuid::new_v4(),
            ManualOrder::market("BTC/USDT", Side::Buy, Amount(dec!(1)))
        )
        .await
        .unwrap_err()
        .kind(),
        ErrorKind::NotFound
    );
}

/// A marketable LIMIT (a buy at or above the mark, a sell at or below it) fills at once at the
/// mark, not at its limit, on either side; its limit still bounds the margin it needs.
#[tokio::test]
async fn a_marketable_limit_fills_at_the_mark() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    let k = manual_key(&c, "apikey-marketable").await;
    let mark = dec!(19669.28);
    // a BUY limit above the mark, then one exactly at it, then a SELL limit under it; each
    // clears the position before and opens its own at the mark
    for (side, limit, held) in [
        (Side::Buy, dec!(20000), PositionSide::Long),
        (Side::Buy, mark, PositionSide::Long),
        (Side::Sell, dec!(19000), PositionSide::Short),
    ] {
        let placed = c
            .create_manual_order(
                k.id,
                ManualOrder::limit("BTC/USDT", side.clone(), Price(limit), Amount(dec!(0.01))),
            )
            .await
            .unwrap();
        assert_eq!(placed[0].status, OrderStatus::Closed, "{side:?} {limit}");
        assert_eq!(placed[0].price, Some(limit), "the order keeps its limit");
        assert_eq!(placed[0].average, Some(mark), "{side:?} {limit}");
        let p = c
            .get_futures_open_position(k.id, "BTC/USDT")
            .await
            .unwrap()
            .expect("filled");
        assert_eq!((p.side, p.entry_price), (held, mark), "{side:?} {limit}");
        let fill = &c.list_trade_history(k.id, "BTC/USDT").await.unwrap()[0];
        assert_eq!((fill.price, fill.cost), (mark, dec!(196.6928)));
        assert_eq!(fill.taker_or_maker.as_deref(), Some("taker"));
        let record = &c.list_manual_trading_history().await.unwrap().items[0];
        assert_eq!((record.price, record.cost), (mark, dec!(196.6928)));
    }
    // the margin is still counted at the limit: a buy limit beyond what the wallet margins
    // there is refused even though it would fill lower, and a limit at the largest number
    // is answered, not a crash
    for limit in [dec!(3000000), Decimal::MAX] {
        let e = c
            .create_manual_order(
                k.id,
                ManualOrder::limit("BTC/USDT", Side::Buy, Price(limit), Amount(dec!(0.01))),
            )
            .await
            .unwrap_err();
        assert_eq!(e.code(), Some("1500"), "{limit}");
    }
}

/// What the venue answers 422 for is what the client refuses before sending, entry for entry.
#[tokio::test]
async fn venue_422_matches_client_validation() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    let k = manual_key(&c, "apikey-val").await;
    let cases: Vec<(String, serde_json::Value)> = vec![
        (
            format!("/v1/priv/exchange/order/{}", k.id),
            serde_json::json!({"symbol":"BTC/USDT","type":"TRAILING_STOP","side":"BUY","price":20000,"amount":"0.05","stopTriggerPrice":"20000","callbackRate":1}),
        ),
        (
            format!("/v1/priv/exchange/order/{}", k.id),
            serde_json::json!({"symbol":"BTC/USDT","type":"MARKET","side":"BUY","amount":0.05,"stopTriggerPrice":19000,"stopTriggerType":"LIMIT"}),
        ),
        (
            format!("/v1/priv/exchange/order/{}", k.id),
            serde_json::json!({"symbol":"","type":"LIMIT","side":"BUY","amount":1,"callbackRate":9}),
        ),
        (
            "/v1/priv/exchange/order/invaliduuid".to_string(),
            serde_json::json!({"symbol":"BTC/USDT","type":"MARKET","side":"BUY","amount":1}),
        ),
    ];
    for (path, body) in cases {
        let r: Result<serde_json::Value, _> = c
            .raw(http::Method::POST, path.as_str())
            .json(&body)
            .send()
            .await;
        let e = r.unwrap_err();
        let venue_entries = validation_errors(&e).expect("422 entries");
        // the same fields through the shared validation
        let s = |k: &str| {
            body.get(k)
                .and_then(|v| v.as_str())
                .map(|v| v.to_string().into())
        };
        let d = |k: &str| {
            body.get(k)
                .map(|v| v.to_string().trim_matches('"').parse::<Decimal>().unwrap())
        };
        let fields = validate::ManualOrderFields {
            symbol: s("symbol"),
            order_type: s("type"),
            side: s("side"),
            price: d("price"),
            amount: d("amount"),
            take_profit_prices: None,
            stop_trigger_price: d("stopTriggerPrice"),
            stop_trigger_type: s("stopTriggerType"),
            stop_price: d("stopPrice"),
            callback_rate: d("callbackRate"),
            risk_profile_percent: None,
        };
        let mut expect: Vec<FieldError> = validate::path_uuid(path.rsplit('/').next().unwrap())
            .into_iter()
            .collect();
        expect.extend(validate::manual_order(&fields));
        assert_eq!(venue_entries, expect, "{path} {body}");
    }
    // the document's own examples
    let e = c
        .update_exchange_key("invalid")
        .name("this is example of very long text input")
        .await
        .unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::InvalidRequest,
        "the client refuses first"
    );
    let r: Result<serde_json::Value, _> = c
        .raw(http::Method::PUT, "/v1/priv/account/exchange/key/invalid")
        .json(&serde_json::json!({"name": "this is example of very long text input"}))
        .send()
        .await;
    let entries = validation_errors(&r.unwrap_err()).unwrap();
    assert_eq!(
        entries,
        vec![
            FieldError::new("invalid", "must be UUID", "id", "params"),
            FieldError::new(
                "this is example of very long text input",
                "length must be less than 25",
                "name",
                "body"
            ),
        ]
    );
    let r: Result<serde_json::Value, _> = c
        .raw(http::Method::POST, "/v1/priv/account/exchange/key")
        .json(&serde_json::json!({"exchangeId":"BINANCE","tradeType":"SPOT","strategyType":"AUTOMATED","name":"x","apiKey":"a","apiSecretKey":"b"}))
        .send()
        .await;
    assert_eq!(
        validation_errors(&r.unwrap_err()).unwrap(),
        vec![FieldError::new(
            "SPOT",
            "cannot be assigned to AUTOMATED strategy",
            "tradeType",
            "body"
        )]
    );
    let r: Result<serde_json::Value, _> = c
        .raw(
            http::Method::PUT,
            format!("/v1/priv/exchange/order/{}/leverage", k.id),
        )
        .json(&serde_json::json!({"symbol":"BTC/USDT","leverage":126}))
        .send()
        .await;
    assert_eq!(
        validation_errors(&r.unwrap_err()).unwrap(),
        validate::leverage(126).into_iter().collect::<Vec<_>>()
    );
    let r: Result<serde_json::Value, _> = c
        .raw(
            http::Method::PUT,
            format!("/v1/priv/exchange/order/{}/leverage", k.id),
        )
        .json(&serde_json::json!({"symbol":"BTC/USDT","leverage":"ten"}))
        .send()
        .await;
    assert_eq!(
        validation_errors(&r.unwrap_err()).unwrap()[0].msg,
        "must be an integer"
    );
}

/// The document states no symbol format ("must be valid exchange symbol": the venue looks it
/// up), so the client sends futures and lower-case symbols and the venue decides.
#[tokio::test]
async fn symbols_are_the_venues_to_decide() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    let k = manual_key(&c, "apikey-symbols").await;
    let placed = c
        .create_manual_order(
            k.id,
            ManualOrder::market("BTC/USDT:USDT", Side::Buy, Amount(dec!(0.01))),
        )
        .await
        .unwrap();
    assert_eq!(placed[0].symbol, "BTC/USDT:USDT");
    assert_eq!(placed[0].average, Some(dec!(19669.28)));
    assert!(
        c.get_futures_open_position(k.id, "BTC/USDT:USDT")
            .await
            .unwrap()
            .is_some()
    );
    for bad in ["btc/usdt", "BTCUSDT"] {
        let e = c.list_open_orders(k.id, bad).await.unwrap_err();
        assert_eq!(e.sent(), Sent::Yes, "{bad} reached the venue");
        let entries = validation_errors(&e).expect("the venue's 422");
        assert_eq!(entries[0].param, "symbol");
        assert_eq!(entries[0].msg, "must be valid exchange symbol");
    }
    // a symbol of the list without a futures market
    let e = c.list_open_orders(k.id, "DOGE/USDT").await.unwrap_err();
    assert_eq!(e.code(), Some("1300"));
}

/// Moving the mark price fills what it reaches, as the exchange would: a resting LIMIT entry,
/// a take-profit, then the stop, which closes the position and cancels what is left.
#[tokio::test]
async fn resting_orders_fill_when_the_mark_price_moves() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    let k = manual_key(&c, "apikey-marks").await;
    let order = ManualOrder::limit("BTC/USDT", Side::Buy, Price(dec!(19000)), Amount(dec!(0.1)))
        .take_profits([dec!(19500), dec!(19600)])
        .stop_loss(StopLoss::market(Trigger(dec!(18500))));
    let placed = c.create_manual_order(k.id, order).await.unwrap();
    assert_eq!(placed[0].status, OrderStatus::Open, "rests above the limit");
    assert_eq!(
        c.get_futures_open_position(k.id, "BTC/USDT").await.unwrap(),
        None
    );
    // the price falls to the limit: the entry fills at its price and opens the position
    venue.set_mark_price("BTC/USDT", dec!(18990));
    let p = c
        .get_futures_open_position(k.id, "BTC/USDT")
        .await
        .unwrap()
        .expect("filled");
    assert_eq!((p.contracts, p.entry_price), (dec!(0.1), dec!(19000)));
    assert_eq!(c.list_open_orders(k.id, "BTC/USDT").await.unwrap().len(), 3);
    // up to the first take-profit: half the position is taken
    venue.set_mark_price("BTC/USDT", dec!(19550));
    let p = c
        .get_futures_open_position(k.id, "BTC/USDT")
        .await
        .unwrap()
        .expect("half left");
    assert_eq!(p.contracts, dec!(0.05));
    // down through the stop: the rest closes at the mark, the other take-profit is canceled
    venue.set_mark_price("BTC/USDT", dec!(18400));
    assert_eq!(
        c.get_futures_open_position(k.id, "BTC/USDT").await.unwrap(),
        None
    );
    assert!(
        c.list_open_orders(k.id, "BTC/USDT")
            .await
            .unwrap()
            .is_empty()
    );
    let fills = c.list_trade_history(k.id, "BTC/USDT").await.unwrap();
    let prices: Vec<_> = fills.iter().map(|t| t.price).collect();
    assert_eq!(
        prices,
        [dec!(18400), dec!(19500), dec!(19000)],
        "newest first"
    );
    let history = c.list_order_history(k.id, "BTC/USDT").await.unwrap();
    assert_eq!(
        history
            .iter()
            .filter(|o| o.status == OrderStatus::Canceled)
            .count(),
        1
    );
}

/// The order lists document 1103 and 1300 only: a SPOT key reads its (spot) lists instead of
/// a 1106; the position documents 1106.
#[tokio::test]
async fn order_lists_answer_only_their_documented_codes() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    let spot = c
        .send(key(
            TradeType::Spot,
            StrategyType::Manual,
            "spot",
            "apikey-spot",
        ))
        .await
        .unwrap();
    assert!(
        c.list_open_orders(spot.id, "BTC/USDT")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        c.list_order_history(spot.id, "DOGE/USDT")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        c.list_trade_history(spot.id, "ETH/USDT")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        c.list_open_orders(spot.id, "BTC/USDT:USDT")
            .await
            .unwrap_err()
            .code(),
        Some("1300")
    );
    assert_eq!(
        c.get_futures_open_position(spot.id, "BTC/USDT")
            .await
            .unwrap_err()
            .code(),
        Some("1106")
    );
}

#[tokio::test]
async fn subscription_flow() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    assert_eq!(
        c.get_user_subscription()
            .await
            .unwrap()
            .subscription_type
            .name,
        "BASIC"
    );
    assert_eq!(c.get_stripe_subscription().await.unwrap(), None);
    let e = c
        .update_stripe_subscription()
        .cancel_at_period_end(true)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("3104"));
    let e = c
        .create_stripe_subscription_checkout("eefffe05-5d1d-4be8-a300-20c7c39c9fee")
        .await
        .unwrap_err();
    assert_eq!(
        validation_errors(&e).unwrap()[0].msg,
        "must be valid subscription id"
    );
    let checkout = c.create_stripe_subscription_checkout(BASIC).await.unwrap();
    assert!(checkout.url.starts_with("https://checkout.stripe.com/"));
    let s = c.get_stripe_subscription().await.unwrap().unwrap();
    assert_eq!(s.plan.amount, dec!(2000));
    assert_eq!(
        c.create_stripe_subscription_checkout(BASIC)
            .await
            .unwrap_err()
            .code(),
        Some("3109")
    );
    let s = c
        .update_stripe_subscription()
        .cancel_at_period_end(true)
        .subscription_id(PROFESSIONAL)
        .await
        .unwrap();
    assert!(s.cancel_at_period_end);
    assert_eq!(s.cancel_at, Some(s.current_period_end));
    assert_eq!(s.plan.amount, dec!(6000));
    let sub = c.get_user_subscription().await.unwrap();
    assert_eq!(sub.subscription_type.name, "PROFESSIONAL");
    assert_eq!(sub.subscription_type.max_api_key, 5);
    assert_eq!(c.list_stripe_billing_history().await.unwrap().len(), 1);
}

#[tokio::test]
async fn strategy_follows() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    let manual = manual_key(&c, "apikey-m").await;
    let auto = c
        .send(key(
            TradeType::Futures,
            StrategyType::Automated,
            "auto",
            "apikey-a",
        ))
        .await
        .unwrap();
    // "must be active and tradeType is automated" is a rule of the path parameter: the
    // document lists no 1106 for this endpoint, so the venue's 422 names `id`
    let e = c
        .create_exchange_key_follow(manual.id, STRATEGY_1, CONSERVATIVE)
        .await
        .unwrap_err();
    assert_eq!(e.code(), None);
    assert_eq!(validation_errors(&e).unwrap()[0].param, "id");
    let f = c
        .create_exchange_key_follow(auto.id, STRATEGY_1, CONSERVATIVE)
        .await
        .unwrap();
    assert!(f.active);
    assert_eq!(f.strategy_risk_profile.percentage, dec!(1.5));
    // same symbol twice
    assert_eq!(
        c.create_exchange_key_follow(auto.id, STRATEGY_2, CONSERVATIVE)
            .await
            .unwrap_err()
            .code(),
        Some("1309")
    );
    // unknown ids: the venue's 422 with both entries
    let e = c
        .create_exchange_key_follow(
            auto.id,
            "b184a167-b76d-40fa-82da-eeaf07f10e0d",
            "682e3707-5775-468e-b468-deca805bbeb4",
        )
        .await
        .unwrap_err();
    let entries = validation_errors(&e).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].msg, "must be active strategy automated id");
    assert_eq!(entries[1].msg, "must be valid strategy risk profile id");
    let f2 = c
        .update_strategy_follow(f.id)
        .active(false)
        .strategy_automated_id(STRATEGY_2)
        .strategy_risk_profile_id(MODERATE)
        .await
        .unwrap();
    assert!(!f2.active);
    assert_eq!(f2.strategy_automated.id.to_string(), STRATEGY_2);
    assert_eq!(f2.strategy_risk_profile.percentage, dec!(2));
    let list = c.list_exchange_key_follows(auto.id).await.unwrap().items;
    assert_eq!(list, vec![f2]);
    assert_eq!(
        c.update_strategy_follow(uuid::Uuid::new_v4())
            .active(true)
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
}

/// `apiKeyStatus` is the key's "last access status": every route that documents 1103 uses the
/// key and keeps what the exchange did. A key whose use failed is FAILED and stays active, but a
/// follow cannot be turned on ("exchange API key status must be active and AUTHORIZED") until a
/// use succeeds again; a key the exchange refuses is UNAUTHORIZED and inactive for good.
#[tokio::test]
async fn a_key_keeps_the_exchanges_last_answer_as_its_status() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    let auto = c
        .send(key(
            TradeType::Futures,
            StrategyType::Automated,
            "auto",
            "apikey-status-auto",
        ))
        .await
        .unwrap();
    let manual = manual_key(&c, "apikey-status-manual").await;
    assert_eq!(auto.api_key_status, ApiKeyStatus::Authorized);
    let status = |id: uuid::Uuid| {
        let c = c.clone();
        async move {
            let k = c
                .list_exchange_keys()
                .await
                .unwrap()
                .items
                .into_iter()
                .find(|k| k.id == id)
                .expect("listed");
            (k.api_key_status, k.active)
        }
    };
    let f = c
        .create_exchange_key_follow(auto.id, STRATEGY_1, CONSERVATIVE)
        .await
        .unwrap();
    c.update_strategy_follow(f.id).active(false).await.unwrap();

    // the exchange cannot be reached: listing the keys does not use them, reading a balance does
    assert!(venue.set_exchange_key_access("apikey-status-auto", ExchangeKeyAccess::Fails));
    assert_eq!(status(auto.id).await, (ApiKeyStatus::Authorized, true));
    let e = c.get_exchange_key_balance(auto.id).await.unwrap_err();
    assert_eq!(e.code(), Some("1103"));
    assert_eq!(status(auto.id).await, (ApiKeyStatus::Failed, true));
    let e = c
        .update_strategy_follow(f.id)
        .active(true)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("1110"));
    // back again: the next use is AUTHORIZED, and the follow can be turned on
    venue.set_exchange_key_access("apikey-status-auto", ExchangeKeyAccess::Accepts);
    c.get_exchange_key_balance(auto.id).await.unwrap();
    assert_eq!(status(auto.id).await, (ApiKeyStatus::Authorized, true));
    assert!(
        c.update_strategy_follow(f.id)
            .active(true)
            .await
            .unwrap()
            .active
    );

    // the exchange refuses the manual key: the order is 1103 and the key turns inactive
    venue.set_exchange_key_access("apikey-status-manual", ExchangeKeyAccess::Refuses);
    let e = c
        .create_manual_order(
            manual.id,
            ManualOrder::market("BTC/USDT", Side::Buy, Amount(dec!(0.01))),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("1103"));
    assert_eq!(status(manual.id).await, (ApiKeyStatus::Unauthorized, false));
    // an inactive key is not used again, even once the exchange would accept it
    venue.set_exchange_key_access("apikey-status-manual", ExchangeKeyAccess::Accepts);
    let e = c
        .get_futures_open_position(manual.id, "BTC/USDT")
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("1103"));
    assert_eq!(status(manual.id).await, (ApiKeyStatus::Unauthorized, false));

    // a refused automated key: its follow can be turned off, not on
    venue.set_exchange_key_access("apikey-status-auto", ExchangeKeyAccess::Refuses);
    let e = c.list_open_orders(auto.id, "BTC/USDT").await.unwrap_err();
    assert_eq!(e.code(), Some("1103"));
    assert_eq!(status(auto.id).await, (ApiKeyStatus::Unauthorized, false));
    c.update_strategy_follow(f.id).active(false).await.unwrap();
    let e = c
        .update_strategy_follow(f.id)
        .active(true)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("1110"));

    // a key the exchange refuses or cannot check is not added
    for (api_key, access) in [
        ("apikey-status-refused", ExchangeKeyAccess::Refuses),
        ("apikey-status-failing", ExchangeKeyAccess::Fails),
    ] {
        assert!(!venue.set_exchange_key_access(api_key, access));
        let e = c
            .send(key(
                TradeType::Futures,
                StrategyType::Manual,
                "new",
                api_key,
            ))
            .await
            .unwrap_err();
        assert_eq!(e.code(), Some("1103"), "{api_key}");
    }
}

#[tokio::test]
async fn paging_by_next_token() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    let k = manual_key(&c, "apikey-pages").await;
    let first = c
        .list_exchange_key_balance_history(k.id)
        .limit(7u32)
        .await
        .unwrap();
    assert_eq!(first.items.len(), 7);
    assert!(first.next_token.is_some());
    let all: Vec<_> = c
        .list_exchange_key_balance_history(k.id)
        .limit(7u32)
        .into_stream()
        .collect()
        .await;
    assert_eq!(all.len(), 30);
    let dates: Vec<_> = all.into_iter().map(|r| r.unwrap().date).collect();
    assert!(
        dates.windows(2).all(|w| w[0] > w[1]),
        "newest first, no repeats"
    );
    let strat: Vec<_> = c
        .list_strategy_automated_history()
        .limit(1u32)
        .into_stream()
        .collect()
        .await;
    assert_eq!(strat.len(), 2);
    assert_eq!(strat[0].as_ref().unwrap().order_id, "3237790823");
    for i in 0..3 {
        c.create_manual_order(
            k.id,
            ManualOrder::market("BTC/USDT", Side::Buy, Amount(Decimal::new(i + 1, 1))),
        )
        .await
        .unwrap();
    }
    let manual: Vec<_> = c
        .list_manual_trading_history()
        .limit(2u32)
        .into_stream()
        .collect()
        .await;
    let amounts: Vec<_> = manual.into_iter().map(|r| r.unwrap().amount).collect();
    assert_eq!(amounts, [dec!(0.3), dec!(0.2), dec!(0.1)]);
    let e = c
        .list_manual_trading_history()
        .next_token("garbage")
        .await
        .unwrap_err();
    assert_eq!(validation_errors(&e).unwrap()[0].param, "nextToken");
    // The earliest day chrono reads is still a token the venue answers (an empty page), not
    // a crash: a page ending there reaches back before any date.
    let page = c
        .list_manual_trading_history()
        .limit(30u32)
        .next_token("sim--262143-01-01")
        .await
        .unwrap();
    assert!(page.items.is_empty());
}

/// The document's `limit` of trade history is "Last range of the interval limit. By default,
/// it will list last 30 days in desc order": days, not items (its sample has two orders of one
/// day on one page).
#[tokio::test]
async fn trade_history_limit_is_a_range_of_days() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    let k = manual_key(&c, "apikey-days").await;
    for i in 0..3 {
        c.create_manual_order(
            k.id,
            ManualOrder::market("BTC/USDT", Side::Buy, Amount(Decimal::new(i + 1, 1))),
        )
        .await
        .unwrap();
    }
    // one day holds all three orders of today, on one page
    let page = c.list_manual_trading_history().limit(1u32).await.unwrap();
    assert_eq!(page.items.len(), 3);
    assert_eq!(page.next_token, None);
    // the sample's automated orders are of 2022-10-14: not in the last 30 days, so the first
    // page is empty and its token leads to them; a one-day page holds both
    let first = c.list_strategy_automated_history().await.unwrap();
    assert!(first.items.is_empty());
    let token = first.next_token.expect("older records");
    let older = c
        .list_strategy_automated_history()
        .limit(1u32)
        .next_token(token)
        .await
        .unwrap();
    assert_eq!(older.items.len(), 2);
    assert_eq!(older.next_token, None);
    // `start` bounds the range from below
    let none = c
        .list_strategy_automated_history()
        .start(chrono::NaiveDate::from_ymd_opt(2022, 10, 15).unwrap())
        .await
        .unwrap();
    assert!(none.items.is_empty() && none.next_token.is_none());
}

#[tokio::test]
async fn venue_422_body_is_the_documented_shape() {
    let venue = LocalVenue::start().await.unwrap();
    let http = reqwest::Client::new();
    let resp = http
        .put(format!(
            "{}/v1/priv/account/exchange/key/invalid",
            venue.base_url()
        ))
        .header("Authorization", venue.token())
        .header("recaptcha-token-v3", "one-use")
        .header("content-type", "application/json")
        .body(r#"{"name": "this is example of very long text input"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 422);
    let text = resp.text().await.unwrap();
    // the document's sample, byte for byte once whitespace is removed
    assert_eq!(
        text,
        r#"{"errors":[{"value":"invalid","msg":"must be UUID","param":"id","location":"params"},{"value":"this is example of very long text input","msg":"length must be less than 25","param":"name","location":"body"}]}"#
    );
}

/// The document's own request examples, sent as written (another client's view of the venue).
#[tokio::test]
async fn documented_request_examples_are_accepted() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    let send = |method: http::Method, path: String, body: &'static str| {
        let c = c.clone();
        async move {
            let v: serde_json::Value = serde_json::from_str(body).unwrap();
            let r: Result<serde_json::Value, Error> = c.raw(method, path).json(&v).send().await;
            r
        }
    };
    let key = send(
        http::Method::POST,
        "/v1/priv/account/exchange/key".into(),
        r#"{"exchangeId":"BINANCE","tradeType":"FUTURES","strategyType":"AUTOMATED","name":"Default","apiKey":"gwkoDxyKVqm0JsGKAH7Bfy8e542kAVh5iMNz6Xy4sybMZwoWejUoXfEfk7CTdHnbV","apiSecretKey":"3RWimEgZb55DLNm0UKCNbpjX0rEEcGby9dgwYRnNBqH4ndT2F5jkfhN8qdVPK5H4Z"}"#,
    )
    .await
    .unwrap();
    let auto_id = key["id"].as_str().unwrap().to_string();
    send(
        http::Method::PUT,
        format!("/v1/priv/account/exchange/key/{auto_id}"),
        r#"{"name":"Change to different name"}"#,
    )
    .await
    .unwrap();
    let follow = send(
        http::Method::POST,
        format!("/v1/priv/strategy/follow/exchange/key/{auto_id}"),
        r#"{"strategyAutomatedId":"b9f67eb2-1d6e-4a47-a735-d0d9039c9b08","strategyRiskProfileId":"ab00673a-cd19-44d4-a7c4-05c63e309663"}"#,
    )
    .await
    .unwrap();
    let follow_id = follow["id"].as_str().unwrap().to_string();
    send(
        http::Method::PUT,
        format!("/v1/priv/strategy/follow/{follow_id}"),
        r#"{"active":true,"strategyAutomatedId":"b762dad3-b720-4ddd-a515-32ae48e39f94","strategyRiskProfileId":"3dc38f3d-4b4e-43b3-a102-e250b7cd3551"}"#,
    )
    .await
    .unwrap();
    send(
        http::Method::PUT,
        "/v1/priv/account/profile".into(),
        r#"{"language":"AR"}"#,
    )
    .await
    .unwrap();
    send(
        http::Method::PUT,
        "/v1/priv/account/notification".into(),
        r#"{"weeklyReport":true,"monthlyReport":false,"emailNewOrder":true,"emailTakeProfit":true,"emailStopLoss":true}"#,
    )
    .await
    .unwrap();
    let manual = manual_key(&c, "apikey-doc").await.id;
    send(
        http::Method::PUT,
        format!("/v1/priv/exchange/order/{manual}/leverage"),
        r#"{"symbol":"BTC/USDT","leverage":10}"#,
    )
    .await
    .unwrap();
    send(
        http::Method::PUT,
        format!("/v1/priv/exchange/order/{manual}/margin"),
        r#"{"symbol":"BTC/USDT","type":"CROSSED"}"#,
    )
    .await
    .unwrap();
    // the order example, `"amount": "0.05"` as a string included
    let placed = send(
        http::Method::POST,
        format!("/v1/priv/exchange/order/{manual}"),
        r#"{"symbol":"BTC/USDT","type":"MARKET","side":"BUY","amount":"0.05","takeProfitPrices":[19250,19300],"stopTriggerPrice":19000,"stopTriggerType":"LIMIT","stopPrice":19000}"#,
    )
    .await
    .unwrap();
    assert_eq!(placed.as_array().unwrap().len(), 4);
    let orders: Vec<Order> = serde_json::from_value(placed).unwrap();
    assert_eq!(orders[1].amount, Some(dec!(0.025)));
    let gone = send(
        http::Method::DELETE,
        format!("/v1/priv/exchange/position/{manual}"),
        r#"{"symbol":"BTC/USDT"}"#,
    )
    .await
    .unwrap();
    assert_eq!(gone, serde_json::Value::Null, "204, no content");
    send(
        http::Method::POST,
        "/v1/priv/account/subscription/stripe/checkout".into(),
        r#"{"subscriptionId":"336e0577-784d-4482-8a37-46649118aa51"}"#,
    )
    .await
    .unwrap();
    send(
        http::Method::PUT,
        "/v1/priv/account/subscription/stripe".into(),
        r#"{"cancelAtPeriodEnd":true}"#,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn orders_beyond_the_wallet_are_refused_by_the_exchange() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    let k = manual_key(&c, "apikey-huge").await;
    // 1000 USDT at 20x margins about 1 BTC at 19669.28; 10 BTC is refused, and an absurd
    // amount is answered, not a crash.
    for amount in [dec!(10), Decimal::MAX] {
        let e = c
            .create_manual_order(
                k.id,
                ManualOrder::market("BTC/USDT", Side::Buy, Amount(amount)),
            )
            .await
            .unwrap_err();
        assert_eq!(e.code(), Some("1500"), "{amount}");
        assert_eq!(e.kind(), ErrorKind::InsufficientFunds, "{amount}");
    }
    // A stop far beyond what the wallet margins is refused too, so that its fill can never
    // overflow the venue's arithmetic.
    for order in [
        ManualOrder::market("BTC/USDT", Side::Buy, Amount(dec!(1)))
            .stop_loss(StopLoss::limit(Trigger(dec!(19000)), Price(Decimal::MAX))),
        ManualOrder::market("BTC/USDT", Side::Buy, Amount(dec!(1))).take_profit(Decimal::MAX),
    ] {
        let e = c.create_manual_order(k.id, order).await.unwrap_err();
        assert_eq!(e.code(), Some("1500"));
    }
    assert!(
        c.create_manual_order(
            k.id,
            ManualOrder::market("BTC/USDT", Side::Buy, Amount(dec!(1)))
        )
        .await
        .is_ok()
    );
}

#[tokio::test]
async fn every_documented_endpoint_has_a_handler() {
    let missing = unrouted::<mudawyl_rs::sim::MudawylVenue>(mudawyl_rs::generated::endpoints::ALL);
    assert!(missing.is_empty(), "no handler for {missing:?}");
}

#[tokio::test]
async fn a_lost_order_answer_is_not_repeated_and_may_have_been_sent() {
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    let k = manual_key(&c, "apikey-lost-answer").await;
    venue.faults().arm(
        mudawyl_rs::generated::endpoints::CREATE_MANUAL_ORDER,
        Fault::LoseAnswer,
        1,
    );
    let e = c
        .create_manual_order(
            k.id,
            ManualOrder::market("BTC/USDT", Side::Buy, Amount(dec!(0.05))),
        )
        .await
        .unwrap_err();
    assert_eq!(e.sent(), Sent::Maybe, "{e}");
    // Exactly one effect: one order in the history, one position, one fill.
    assert_eq!(venue.manual_order_count(venue.token()), 1);
    assert_eq!(venue.open_positions(venue.token()), 1);
    assert_eq!(
        c.list_trade_history(k.id, "BTC/USDT").await.unwrap().len(),
        1
    );
}

#[tokio::test]
async fn validation_answers_come_from_the_venues_own_rules() {
    // A client that does not validate (plain HTTP) gets the document's 422 entries.
    let venue = LocalVenue::start().await.unwrap();
    let c = client_for(&venue, venue.token());
    let k = manual_key(&c, "apikey-raw-422").await;
    let res = reqwest::Client::new()
        .post(format!(
            "{}/v1/priv/exchange/order/{}",
            venue.base_url(),
            k.id
        ))
        .header("Authorization", venue.token())
        .header("recaptcha-token-v3", "once")
        .body(
            r#"{"symbol": "BTC/USDT", "type": "TRAILING_STOP", "side": "BUY", "price": 19000,
                "amount": "0.05", "stopTriggerPrice": 20000, "callbackRate": 1}"#,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let text = res.text().await.unwrap();
    assert_eq!(
        text,
        r#"{"errors":[{"value":"20000","msg":"must not use with type traililng stop","param":"stopTriggerPrice","location":"body"}]}"#
    );
}

#[tokio::test]
async fn the_standalone_command_announces_itself_and_serves() {
    let launched = Launched::start(
        std::path::Path::new(env!("CARGO_BIN_EXE_mudawyl-local-venue")),
        std::time::Duration::from_secs(30),
    )
    .unwrap();
    let token = launched.credentials()["authorization"]
        .as_str()
        .unwrap()
        .to_string();
    let c = Client::builder()
        .base_url(launched.base_url())
        .token(token)
        .build()
        .unwrap();
    assert_eq!(c.get_user_profile().await.unwrap(), None);
}

/// The local venue's answer to a request sent as plain HTTP (no client model in between), as
/// JSON; `null` for an empty body.
async fn raw_answer(
    venue: &LocalVenue,
    method: http::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> serde_json::Value {
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}", venue.base_url()))
        .header("Authorization", venue.token())
        .header("recaptcha-token-v3", uuid::Uuid::new_v4().to_string());
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {text}");
    if text.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_str(&text).unwrap()
    }
}

/// A JSON value's kind, strings told apart by form: a date-time, a day, or other text.
fn json_kind(v: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(s) if chrono::DateTime::parse_from_rfc3339(s).is_ok() => "a date-time",
        Value::String(s) if chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() => "a day",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The names of the fields some sample of the document shows as `null`, anywhere in it: the
/// document's own word that a field may be empty (an unfilled order's `average`).
fn nullable_fields(fixtures: &std::path::Path) -> std::collections::HashSet<String> {
    fn walk(v: &serde_json::Value, out: &mut std::collections::HashSet<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    if value.is_null() {
                        out.insert(key.clone());
                    }
                    walk(value, out);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|item| walk(item, out)),
            _ => {}
        }
    }
    let mut names = std::collections::HashSet::new();
    for entry in std::fs::read_dir(fixtures).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            if let Ok(sample) = serde_json::from_str::<serde_json::Value>(&text) {
                walk(&sample, &mut names);
            }
        }
    }
    names
}

/// The field a path like `list_orders[2].average` or `x.takeProfit[0]` ends in.
fn field_name(at: &str) -> &str {
    let last = at.rsplit('.').next().unwrap_or(at);
    last.split('[').next().unwrap_or(last)
}

/// Where `sim` departs from the shape of the document's sample `doc`: a key the sample lacks,
/// a key the sample always has that is missing, or a value of another kind (a number sent as
/// a string, a time in another form). A `null` in the sample fits any kind (the samples show
/// only some of the values a field can hold); a `null` from the local venue fits only a field
/// the document shows as `null` somewhere (`nullable`). An array's items are compared with the
/// sample's items taken together, a value fitting when it fits one of theirs.
fn shape_errors(
    doc: &serde_json::Value,
    sim: &serde_json::Value,
    at: &str,
    nullable: &std::collections::HashSet<String>,
    out: &mut Vec<String>,
) {
    use serde_json::Value;
    match (doc, sim) {
        (Value::Null, _) => {}
        (_, Value::Null) if nullable.contains(field_name(at)) => {}
        (_, Value::Null) => out.push(format!(
            "{at}: the document sends {} ({doc}) and never null, the local venue null",
            json_kind(doc)
        )),
        (Value::Array(docs), Value::Array(items)) => {
            let objects: Vec<_> = docs.iter().filter_map(Value::as_object).collect();
            for (i, item) in items.iter().enumerate() {
                let at = format!("{at}[{i}]");
                match (item.as_object(), docs.first()) {
                    (Some(item), _) if !objects.is_empty() => {
                        object_errors(&objects, item, &at, nullable, out)
                    }
                    (_, Some(first)) => shape_errors(first, item, &at, nullable, out),
                    (_, None) => {}
                }
            }
        }
        (Value::Object(doc), Value::Object(sim)) => object_errors(&[doc], sim, at, nullable, out),
        _ if json_kind(doc) == json_kind(sim) => {}
        _ => out.push(format!(
            "{at}: the document sends {} ({doc}), the local venue {} ({sim})",
            json_kind(doc),
            json_kind(sim)
        )),
    }
}

fn object_errors(
    docs: &[&serde_json::Map<String, serde_json::Value>],
    sim: &serde_json::Map<String, serde_json::Value>,
    at: &str,
    nullable: &std::collections::HashSet<String>,
    out: &mut Vec<String>,
) {
    for (key, value) in sim {
        let samples: Vec<_> = docs.iter().filter_map(|d| d.get(key)).collect();
        if samples.is_empty() {
            out.push(format!("{at}.{key}: not in the document's sample"));
            continue;
        }
        // The samples of one array may differ (one strategy's time lacks its `Z`): the value
        // fits when it fits one of them.
        let at = format!("{at}.{key}");
        let mut first = None;
        for sample in samples {
            let mut found = Vec::new();
            shape_errors(sample, value, &at, nullable, &mut found);
            if found.is_empty() {
                first = None;
                break;
            }
            first.get_or_insert(found);
        }
        out.extend(first.unwrap_or_default());
    }
    if let Some(first) = docs.first() {
        for key in first.keys() {
            if docs.iter().all(|d| d.contains_key(key)) && !sim.contains_key(key) {
                out.push(format!(
                    "{at}.{key}: missing (the document's sample has it)"
                ));
            }
        }
    }
}

/// Every answer with a body has the keys and JSON forms of the document's sample (the
/// fixtures `extract.py` took from the document), read as plain JSON: the local venue's
/// records are written from the document, and this holds them to it without the client's
/// models.
#[tokio::test]
async fn every_answer_has_the_shape_of_the_documented_sample() {
    use http::Method;
    use serde_json::json;
    let venue = LocalVenue::start().await.unwrap();
    let v = &venue;
    let mut answers: Vec<(&str, serde_json::Value)> = Vec::new();
    let get = |path: String| async move { raw_answer(v, Method::GET, &path, None).await };
    let send = |method: Method, path: String, body: serde_json::Value| async move {
        raw_answer(v, method, &path, Some(body)).await
    };
    // public data
    let btc = "symbol=BTC%2FUSDT";
    for (id, path) in [
        (
            "get_exchange_ticker",
            format!("/v1/pub/exchange/ticker?{btc}"),
        ),
        (
            "list_subscription_plans",
            "/v1/pub/subscription/list".into(),
        ),
        (
            "list_strategy_risk_profiles",
            "/v1/pub/strategy/profile/list".into(),
        ),
        ("list_strategy_automated", "/v1/pub/strategy/list".into()),
        (
            "list_strategy_history",
            format!("/v1/pub/strategy/{STRATEGY_1}/history"),
        ),
        (
            "get_strategy_performance",
            format!("/v1/pub/strategy/{STRATEGY_1}/performance"),
        ),
    ] {
        answers.push((id, get(path).await));
    }
    // account
    let profile = json!({"lastName": "John", "firstName": "Doe", "country": "CA",
        "language": "AR", "timezone": "America/Toronto"});
    let path = "/v1/priv/account/profile".to_string();
    answers.push((
        "put_user_profile",
        send(Method::PUT, path.clone(), profile).await,
    ));
    answers.push(("get_user_profile", get(path).await));
    let path = "/v1/priv/account/exchange/whitelist/ip".to_string();
    answers.push(("list_whitelist_ips", get(path).await));
    let key = |strategy: &str, api_key: &str| {
        json!({"exchangeId": "BINANCE", "tradeType": "FUTURES", "strategyType": strategy,
            "name": "Default", "apiKey": api_key, "apiSecretKey": "secret"})
    };
    let path = "/v1/priv/account/exchange/key".to_string();
    let manual = send(Method::POST, path.clone(), key("MANUAL", "shape-manual")).await;
    let auto = send(Method::POST, path.clone(), key("AUTOMATED", "shape-auto")).await;
    let (manual_id, auto_id) = (manual["id"].as_str().unwrap(), auto["id"].as_str().unwrap());
    answers.push(("create_exchange_key", manual.clone()));
    let body = json!({"name": "Change to different name"});
    let answer = send(Method::PUT, format!("{path}/{auto_id}"), body).await;
    answers.push(("update_exchange_key", answer));
    let keys = "/v1/priv/account/exchange";
    for (id, path) in [
        ("list_exchange_keys", format!("{keys}/key/list")),
        ("get_exchange_total_balance", format!("{keys}/balance")),
        (
            "get_exchange_key_balance",
            format!("{keys}/key/{manual_id}/balance"),
        ),
        (
            "list_exchange_key_balance_history",
            format!("{keys}/key/{manual_id}/balance/history"),
        ),
        (
            "get_alert_method",
            "/v1/priv/account/notification/method".into(),
        ),
    ] {
        answers.push((id, get(path).await));
    }
    let path = "/v1/priv/account/notification".to_string();
    let body = json!({"weeklyReport": true, "monthlyReport": false, "emailNewOrder": true,
        "emailTakeProfit": true, "emailStopLoss": true});
    answers.push((
        "put_notification_settings",
        send(Method::PUT, path.clone(), body).await,
    ));
    answers.push(("get_notification_settings", get(path).await));
    // subscription
    let path = "/v1/priv/account/subscription".to_string();
    answers.push(("get_user_subscription", get(path.clone()).await));
    let body = json!({ "subscriptionId": BASIC });
    let answer = send(Method::POST, format!("{path}/stripe/checkout"), body).await;
    answers.push(("create_stripe_subscription_checkout", answer));
    let body = json!({"cancelAtPeriodEnd": true});
    let answer = send(Method::PUT, format!("{path}/stripe"), body).await;
    answers.push(("update_stripe_subscription", answer));
    answers.push((
        "get_stripe_subscription",
        get(format!("{path}/stripe")).await,
    ));
    let answer = get(format!("{path}/stripe/billing/history")).await;
    answers.push(("list_stripe_billing_history", answer));
    // the document's order example, then what it left
    let body = json!({"symbol": "BTC/USDT", "type": "MARKET", "side": "BUY", "amount": "0.05",
        "takeProfitPrices": [19250, 19300], "stopTriggerPrice": 19000,
        "stopTriggerType": "LIMIT", "stopPrice": 19000});
    let path = format!("/v1/priv/exchange/order/{manual_id}");
    answers.push(("create_manual_order", send(Method::POST, path, body).await));
    for (id, path) in [
        (
            "list_open_orders",
            format!("/v1/priv/exchange/order/{manual_id}/list?{btc}"),
        ),
        (
            "get_futures_open_position",
            format!("/v1/priv/exchange/position/{manual_id}?{btc}"),
        ),
        (
            "list_trade_history",
            format!("/v1/priv/exchange/trade/{manual_id}/history?{btc}"),
        ),
        (
            "list_manual_trading_history",
            "/v1/priv/account/trade/manual/history".into(),
        ),
    ] {
        answers.push((id, get(path).await));
    }
    let path = format!("/v1/priv/exchange/position/{manual_id}");
    send(Method::DELETE, path, json!({"symbol": "BTC/USDT"})).await;
    let path = format!("/v1/priv/exchange/order/{manual_id}/history?{btc}");
    answers.push(("list_order_history", get(path).await));
    // the sample's automated orders are older than the first page's 30 days
    let path = "/v1/priv/account/trade/strategy/history";
    let first = get(path.into()).await;
    let token = first["nextToken"].as_str().unwrap();
    let older = get(format!("{path}?nextToken={token}")).await;
    answers.push(("list_strategy_automated_history", first.clone()));
    answers.push(("list_strategy_automated_history", older));
    // follows
    let path = format!("/v1/priv/strategy/follow/exchange/key/{auto_id}");
    let body = json!({"strategyAutomatedId": STRATEGY_1, "strategyRiskProfileId": CONSERVATIVE});
    let follow = send(Method::POST, path.clone(), body).await;
    let follow_id = follow["id"].as_str().unwrap();
    let body = json!({"active": true, "strategyAutomatedId": STRATEGY_2,
        "strategyRiskProfileId": MODERATE});
    let path_update = format!("/v1/priv/strategy/follow/{follow_id}");
    let updated = send(Method::PUT, path_update, body).await;
    answers.push(("create_exchange_key_follow", follow.clone()));
    answers.push(("update_strategy_follow", updated));
    answers.push(("list_exchange_key_follows", get(path).await));

    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let nullable = nullable_fields(&fixtures);
    let mut errors = Vec::new();
    for (id, answer) in &answers {
        let text = std::fs::read_to_string(fixtures.join(format!("{id}.json"))).unwrap();
        let sample: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(!answer.is_null(), "{id}: an answer to compare");
        shape_errors(&sample, answer, id, &nullable, &mut errors);
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

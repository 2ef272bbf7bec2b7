//! Account Profile, Account Exchange, Account Exchange Key, Account Notification and
//! Account Subscription (Stripe).

use futures::StreamExt;
use httpmock::prelude::*;
use mudawyl_rs::*;
use rust_decimal_macros::dec;

use crate::common::{KEY_ID, RECAPTCHA, TOKEN, client, fixture, record, t, uuid};

#[tokio::test]
async fn get_user_profile() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/priv/account/profile")
                .header("authorization", TOKEN)
                .header_missing("recaptcha-token-v3");
            then.status(200).body(fixture("get_user_profile"));
        })
        .await;
    let p = client(&server)
        .get_user_profile()
        .await
        .unwrap()
        .expect("a profile");
    m.assert_async().await;
    assert_eq!(p.last_name.as_deref(), Some("John"));
    assert_eq!(p.first_name.as_deref(), Some("Doe"));
    assert_eq!(p.country.as_deref(), Some("CA"));
    assert_eq!(p.language, Some(Language::En));
    assert_eq!(p.timezone.as_deref(), Some("America/Toronto"));
    assert_eq!(p.created_at, t("2022-09-09T01:57:36.304Z"));
    assert_eq!(p.updated_at, t("2022-09-09T01:57:36.304Z"));
    record("get_user_profile");
}

#[tokio::test]
async fn get_user_profile_null_is_none() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/priv/account/profile");
            then.status(200).body("null");
        })
        .await;
    assert_eq!(client(&server).get_user_profile().await.unwrap(), None);
}

#[tokio::test]
async fn put_user_profile() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/v1/priv/account/profile")
                .header("authorization", TOKEN)
                .header("recaptcha-token-v3", RECAPTCHA)
                .header("content-type", "application/json")
                .body(r#"{"language":"AR"}"#);
            then.status(200).body(fixture("put_user_profile"));
        })
        .await;
    let p = client(&server)
        .put_user_profile()
        .language(Language::Ar)
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(p.last_name.as_deref(), Some("John"));
    assert_eq!(p.first_name.as_deref(), Some("Doe"));
    assert_eq!(p.country.as_deref(), Some("CA"));
    assert_eq!(p.language, Some(Language::Ar));
    assert_eq!(p.timezone.as_deref(), Some("America/Toronto"));
    assert_eq!(p.created_at, t("2022-09-09T00:12:34.567Z"));
    assert_eq!(p.updated_at, t("2022-09-09T01:57:36.304Z"));
    record("put_user_profile");
}

#[tokio::test]
async fn list_whitelist_ips() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/priv/account/exchange/whitelist/ip")
                .header("authorization", TOKEN);
            then.status(200).body(fixture("list_whitelist_ips"));
        })
        .await;
    let ips = client(&server).list_whitelist_ips().await.unwrap();
    m.assert_async().await;
    let expect = [
        "15.137.11.254",
        "221.110.159.85",
        "37.61.167.239",
        "13.24.123.234",
        "180.134.167.57",
    ];
    let got: Vec<String> = ips.iter().map(|i| i.to_string()).collect();
    assert_eq!(got, expect);
    record("list_whitelist_ips");
}

#[tokio::test]
async fn get_exchange_total_balance() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/priv/account/exchange/balance")
                .header("authorization", TOKEN);
            then.status(200).body(fixture("get_exchange_total_balance"));
        })
        .await;
    let b = client(&server).get_exchange_total_balance().await.unwrap();
    m.assert_async().await;
    assert_eq!(b.usd, dec!(12345.12));
    record("get_exchange_total_balance");
}

#[tokio::test]
async fn list_exchange_keys() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/priv/account/exchange/key/list")
                .header("authorization", TOKEN);
            then.status(200).body(fixture("list_exchange_keys"));
        })
        .await;
    let keys = client(&server).list_exchange_keys().await.unwrap().items;
    m.assert_async().await;
    assert_eq!(keys.len(), 2);
    let k = &keys[0];
    assert_eq!(k.id, uuid("46a19fb1-4e90-4736-b820-257c947fd694"));
    assert_eq!(k.exchange_id, ExchangeId::Binance);
    assert_eq!(k.trade_type, TradeType::Spot);
    assert_eq!(k.strategy_type, StrategyType::Manual);
    assert!(k.active);
    assert_eq!(k.name, "Manul spot account");
    assert_eq!(k.api_key_status, ApiKeyStatus::Authorized);
    assert_eq!(
        k.api_key.0,
        "t32hMggmL26nkyFPoPkqWe5U7vMRpu3y2wdWCz4CWFHd3dq7W9xyxHoZ73CsqHZhZ"
    );
    assert_eq!(k.created_at, t("2022-09-09T01:57:36.304Z"));
    assert_eq!(k.updated_at, t("2022-09-09T01:57:36.304Z"));
    let k = &keys[1];
    assert_eq!(k.id, uuid("c8a716b6-b6e6-4e16-b364-1b3647198d64"));
    assert_eq!(k.trade_type, TradeType::Futures);
    assert_eq!(k.strategy_type, StrategyType::Automated);
    assert_eq!(k.name, "My strategy test account");
    assert_eq!(
        k.api_key.0,
        "91QNhDuErgHajrzLnfWaJ9phe7UevjtD9JGGGG06VtfB7dRu13j0KrtLBKVJgsM5D"
    );
    assert_eq!(k.updated_at, t("2022-09-09T02:01:34.123Z"));
    // the exchange key is shown by its first characters only
    assert!(!format!("{k:?}").contains("KBVJgsM5D"));
    record("list_exchange_keys");
}

fn check_created_key(k: &ExchangeKey, name: &str, updated: &str) {
    assert_eq!(k.id, uuid("63d3aa7c-3fb0-4a4e-9249-4e1fee947de2"));
    assert_eq!(k.exchange_id, ExchangeId::Binance);
    assert_eq!(k.trade_type, TradeType::Futures);
    assert_eq!(k.strategy_type, StrategyType::Automated);
    assert!(k.active);
    assert_eq!(k.name, name);
    assert_eq!(k.api_key_status, ApiKeyStatus::Authorized);
    assert_eq!(
        k.api_key.0,
        "gwkoDxyKVqm0JsGKAH7Bfy8e542kAVh5iMNz6Xy4sybMZwoWejUoXfEfk7CTdHnbV"
    );
    assert_eq!(k.created_at, t("2022-09-09T02:02:15.567Z"));
    assert_eq!(k.updated_at, t(updated));
}

#[tokio::test]
async fn create_exchange_key() {
    let server = MockServer::start_async().await;
    let body = r#"{"exchangeId":"BINANCE","tradeType":"FUTURES","strategyType":"AUTOMATED","name":"Default","apiKey":"gwkoDxyKVqm0JsGKAH7Bfy8e542kAVh5iMNz6Xy4sybMZwoWejUoXfEfk7CTdHnbV","apiSecretKey":"3RWimEgZb55DLNm0UKCNbpjX0rEEcGby9dgwYRnNBqH4ndT2F5jkfhN8qdVPK5H4Z"}"#;
    let m = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/priv/account/exchange/key")
                .header("authorization", TOKEN)
                .header("recaptcha-token-v3", RECAPTCHA)
                .body(body);
            then.status(200).body(fixture("create_exchange_key"));
        })
        .await;
    let req = CreateExchangeKeyRequest::new(
        ExchangeId::Binance,
        TradeType::Futures,
        StrategyType::Automated,
        "Default",
        "gwkoDxyKVqm0JsGKAH7Bfy8e542kAVh5iMNz6Xy4sybMZwoWejUoXfEfk7CTdHnbV",
        "3RWimEgZb55DLNm0UKCNbpjX0rEEcGby9dgwYRnNBqH4ndT2F5jkfhN8qdVPK5H4Z",
    );
    assert!(
        !format!("{req:?}").contains("3RWim"),
        "the secret never prints"
    );
    let k = client(&server).send(req).await.unwrap();
    m.assert_async().await;
    check_created_key(&k, "Default", "2022-09-09T02:02:15.567Z");
    record("create_exchange_key");
}

#[tokio::test]
async fn update_exchange_key() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/v1/priv/account/exchange/key/63d3aa7c-3fb0-4a4e-9249-4e1fee947de2")
                .header("authorization", TOKEN)
                .header("recaptcha-token-v3", RECAPTCHA)
                .body(r#"{"name":"Change to different name"}"#);
            then.status(200).body(fixture("update_exchange_key"));
        })
        .await;
    let k = client(&server)
        .update_exchange_key("63d3aa7c-3fb0-4a4e-9249-4e1fee947de2")
        .name("Change to different name")
        .await
        .unwrap();
    m.assert_async().await;
    check_created_key(&k, "Change to different name", "2022-09-09T05:01:23.456Z");
    record("update_exchange_key");
}

#[tokio::test]
async fn delete_exchange_key() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!("/v1/priv/account/exchange/key/{KEY_ID}"))
                .header("authorization", TOKEN)
                .header("recaptcha-token-v3", RECAPTCHA);
            then.status(204);
        })
        .await;
    client(&server).delete_exchange_key(KEY_ID).await.unwrap();
    m.assert_async().await;
    // The document has no success sample: the fixture is the empty 204 body.
    assert!(fixture("delete_exchange_key").is_empty());
    record("delete_exchange_key");
}

#[tokio::test]
async fn get_exchange_key_balance() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/priv/account/exchange/key/{KEY_ID}/balance"))
                .header("authorization", TOKEN);
            then.status(200).body(fixture("get_exchange_key_balance"));
        })
        .await;
    let b = client(&server)
        .get_exchange_key_balance(KEY_ID)
        .await
        .unwrap();
    m.assert_async().await;
    for map in [&b.free, &b.total] {
        assert_eq!(map.len(), 3);
        assert_eq!(map["BNB"], dec!(0));
        assert_eq!(map["USDT"], dec!(2383.52587258));
        assert_eq!(map["BUSD"], dec!(0));
    }
    assert_eq!(b.used.len(), 3);
    assert!(b.used.values().all(|v| v.is_zero()));
    record("get_exchange_key_balance");
}

#[tokio::test]
async fn list_exchange_key_balance_history() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!(
                    "/v1/priv/account/exchange/key/{KEY_ID}/balance/history"
                ))
                .query_param("start", "2022-06-01")
                .query_param("limit", "100")
                .header("authorization", TOKEN);
            then.status(200)
                .body(fixture("list_exchange_key_balance_history"));
        })
        .await;
    let page = client(&server)
        .list_exchange_key_balance_history(KEY_ID)
        .start(chrono::NaiveDate::from_ymd_opt(2022, 6, 1).unwrap())
        .limit(100u32)
        .await
        .unwrap();
    m.assert_async().await;
    let got: Vec<(String, rust_decimal::Decimal)> = page
        .items
        .iter()
        .map(|s| (s.date.to_string(), s.total_usd))
        .collect();
    assert_eq!(
        got,
        [
            ("2022-09-13".to_string(), dec!(12345)),
            ("2022-09-12".to_string(), dec!(12345)),
            ("2022-09-11".to_string(), dec!(12340))
        ]
    );
    assert_eq!(page.next_token, None);
    record("list_exchange_key_balance_history");
}

#[tokio::test]
async fn balance_history_streams_every_page() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/priv/account/exchange/key/{KEY_ID}/balance/history"))
                .query_param("limit", "2")
                .query_param_missing("nextToken");
            then.status(200).body(
                r#"{"items":[{"date":"2022-09-13","totalUSD":3},{"date":"2022-09-12","totalUSD":2}],"nextToken":"p2"}"#,
            );
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!(
                    "/v1/priv/account/exchange/key/{KEY_ID}/balance/history"
                ))
                .query_param("limit", "2")
                .query_param("nextToken", "p2");
            then.status(200)
                .body(r#"{"items":[{"date":"2022-09-11","totalUSD":1.5}],"nextToken":null}"#);
        })
        .await;
    let c = client(&server);
    let all: Vec<_> = c
        .list_exchange_key_balance_history(KEY_ID)
        .limit(2u32)
        .into_stream()
        .collect()
        .await;
    first.assert_async().await;
    second.assert_async().await;
    let totals: Vec<_> = all.into_iter().map(|r| r.unwrap().total_usd).collect();
    assert_eq!(totals, [dec!(3), dec!(2), dec!(1.5)]);
}

#[tokio::test]
async fn get_alert_method() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/priv/account/notification/method")
                .header("authorization", TOKEN);
            then.status(200).body(fixture("get_alert_method"));
        })
        .await;
    let a = client(&server).get_alert_method().await.unwrap();
    m.assert_async().await;
    assert_eq!(a.telegram_bot_url, "https://t.me/example");
    assert_eq!(a.telegram_auth_code, "8pvv88pj");
    assert!(!a.telegram_active);
    assert_eq!(a.created_at, Some(t("2022-09-09T05:01:23.567Z")));
    assert_eq!(a.updated_at, Some(t("2022-09-09T05:01:23.567Z")));
    record("get_alert_method");
}

#[tokio::test]
async fn get_notification_settings() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/priv/account/notification")
                .header("authorization", TOKEN);
            then.status(200).body(fixture("get_notification_settings"));
        })
        .await;
    let s = client(&server)
        .get_notification_settings()
        .await
        .unwrap()
        .expect("settings");
    m.assert_async().await;
    assert!(s.weekly_report && s.monthly_report);
    assert!(s.email_new_order && s.email_take_profit && s.email_stop_loss);
    assert!(!s.telegram_new_order && !s.telegram_take_profit && !s.telegram_stop_loss);
    assert_eq!(s.created_at, Some(t("2022-09-09T05:01:23.456Z")));
    assert_eq!(s.updated_at, Some(t("2022-09-09T05:01:23.456Z")));
    record("get_notification_settings");
}

#[tokio::test]
async fn put_notification_settings() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/v1/priv/account/notification")
                .header("authorization", TOKEN)
                .header("recaptcha-token-v3", RECAPTCHA)
                .body(r#"{"weeklyReport":true,"monthlyReport":false,"emailNewOrder":true,"emailTakeProfit":true,"emailStopLoss":true}"#);
            then.status(200).body(fixture("put_notification_settings"));
        })
        .await;
    let s = client(&server)
        .put_notification_settings()
        .weekly_report(true)
        .monthly_report(false)
        .email_new_order(true)
        .email_take_profit(true)
        .email_stop_loss(true)
        .await
        .unwrap();
    m.assert_async().await;
    assert!(s.weekly_report && !s.monthly_report);
    assert!(s.email_new_order && s.email_take_profit && s.email_stop_loss);
    assert!(!s.telegram_new_order && !s.telegram_take_profit && !s.telegram_stop_loss);
    assert_eq!(s.created_at, Some(t("2022-09-09T05:02:34.567Z")));
    assert_eq!(s.updated_at, Some(t("2022-09-09T05:02:34.567Z")));
    record("put_notification_settings");
}

#[tokio::test]
async fn get_user_subscription() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/priv/account/subscription")
                .header("authorization", TOKEN);
            then.status(200).body(fixture("get_user_subscription"));
        })
        .await;
    let s = client(&server).get_user_subscription().await.unwrap();
    m.assert_async().await;
    assert_eq!(s.payment_type, PaymentType::Stripe);
    let p = &s.subscription_type;
    assert_eq!(p.id, uuid("eefffe05-5d1d-4be8-a300-20c7c39c9fef"));
    assert_eq!(p.name, "BASIC");
    assert_eq!(p.max_balance_usd, dec!(2500));
    assert_eq!(p.max_api_key, 3);
    assert!(p.strategy_automated);
    record("get_user_subscription");
}

fn check_stripe(s: &StripeSubscription) {
    assert!(s.cancel_at_period_end);
    assert_eq!(s.cancel_at, Some(t("2022-10-24T12:20:08.000Z")));
    assert_eq!(s.current_period_start, t("2022-09-24T12:20:08.000Z"));
    assert_eq!(s.current_period_end, t("2022-10-24T12:20:08.000Z"));
    assert_eq!(s.trial_start, None);
    assert_eq!(s.trial_end, None);
    assert_eq!(s.plan.amount, dec!(2000));
    assert_eq!(s.plan.currency, "usd");
    assert_eq!(s.plan.interval, BillingInterval::Month);
    assert_eq!(s.plan.trial_period_days, None);
}

#[tokio::test]
async fn get_stripe_subscription() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/priv/account/subscription/stripe")
                .header("authorization", TOKEN);
            then.status(200).body(fixture("get_stripe_subscription"));
        })
        .await;
    let s = client(&server)
        .get_stripe_subscription()
        .await
        .unwrap()
        .expect("a subscription");
    m.assert_async().await;
    check_stripe(&s);
    record("get_stripe_subscription");
}

#[tokio::test]
async fn create_stripe_subscription_checkout() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/priv/account/subscription/stripe/checkout")
                .header("authorization", TOKEN)
                .header("recaptcha-token-v3", RECAPTCHA)
                .body(r#"{"subscriptionId":"336e0577-784d-4482-8a37-46649118aa51"}"#);
            then.status(200)
                .body(fixture("create_stripe_subscription_checkout"));
        })
        .await;
    let c = client(&server)
        .create_stripe_subscription_checkout("336e0577-784d-4482-8a37-46649118aa51")
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(c.url, "https://checkout.stripe.com/c/pay/...");
    assert_eq!(c.success_url, "https://example.com/account/subscription");
    assert_eq!(c.cancel_url, "https://example.com/account/subscription");
    record("create_stripe_subscription_checkout");
}

#[tokio::test]
async fn update_stripe_subscription() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/v1/priv/account/subscription/stripe")
                .header("authorization", TOKEN)
                .header("recaptcha-token-v3", RECAPTCHA)
                .body(r#"{"cancelAtPeriodEnd":true}"#);
            then.status(200).body(fixture("update_stripe_subscription"));
        })
        .await;
    let s = client(&server)
        .update_stripe_subscription()
        .cancel_at_period_end(true)
        .await
        .unwrap();
    m.assert_async().await;
    check_stripe(&s);
    record("update_stripe_subscription");
}

#[tokio::test]
async fn list_stripe_billing_history() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/priv/account/subscription/stripe/billing/history")
                .header("authorization", TOKEN);
            then.status(200)
                .body(fixture("list_stripe_billing_history"));
        })
        .await;
    let inv = client(&server).list_stripe_billing_history().await.unwrap();
    m.assert_async().await;
    assert_eq!(inv.len(), 1);
    let i = &inv[0];
    assert_eq!(i.number, "AF046ED1-0001");
    assert_eq!(i.currency, "usd");
    assert_eq!(i.amount_paid, dec!(2000));
    assert_eq!(i.period_start, Some(t("2022-09-24T12:20:08.000Z")));
    assert_eq!(i.period_end, Some(t("2022-09-24T12:20:08.000Z")));
    assert_eq!(i.hosted_url, "https://invoice.stripe.com/i/...");
    assert_eq!(i.pdf, "https://pay.stripe.com/invoice/...");
    assert_eq!(i.created_at, t("2022-09-24T12:20:08.000Z"));
    record("list_stripe_billing_history");
}

#[tokio::test]
async fn a_repeated_page_token_ends_the_stream_with_an_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!(
                "/v1/priv/account/exchange/key/{KEY_ID}/balance/history"
            ));
            then.status(200)
                .body(r#"{"items":[{"date":"2022-09-13","totalUSD":3}],"nextToken":"same"}"#);
        })
        .await;
    let c = client(&server);
    let all: Vec<_> = c
        .list_exchange_key_balance_history(KEY_ID)
        .into_stream()
        .take(3) // without the guard the stream would go on
        .collect()
        .await;
    assert_eq!(all.len(), 2, "the first page, then the refusal: {all:?}");
    assert_eq!(all[0].as_ref().unwrap().total_usd, dec!(3));
    assert!(all[1].as_ref().unwrap_err().to_string().contains("same"));
}

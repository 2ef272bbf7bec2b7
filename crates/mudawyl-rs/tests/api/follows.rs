//! Strategy Automated follows.

use httpmock::prelude::*;
use mudawyl_rs::*;
use rust_decimal_macros::dec;

use crate::common::{RECAPTCHA, TOKEN, client, fixture, record, t, uuid};

const AUTO_KEY: &str = "c8a716b6-b6e6-4e16-b364-1b3647198d64";

fn check(f: &StrategyFollow, strategy: &str, profile: &str, pct: rust_decimal::Decimal) {
    assert_eq!(f.id, uuid("6737fbf1-308e-44fc-9518-92df4036ab86"));
    assert!(f.active);
    assert_eq!(f.created_at, t("2022-09-09T01:57:36.304Z"));
    assert_eq!(f.updated_at, t("2022-09-09T01:57:36.304Z"));
    assert_eq!(f.strategy_automated.id, uuid(strategy));
    assert!(f.strategy_automated.active);
    assert_eq!(f.strategy_automated.exchange_id, ExchangeId::Binance);
    assert_eq!(f.strategy_automated.symbol, "BTC/USDT");
    assert_eq!(f.strategy_risk_profile.id, uuid(profile));
    assert_eq!(f.strategy_risk_profile.percentage, pct);
}

#[tokio::test]
async fn list_exchange_key_follows() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/priv/strategy/follow/exchange/key/{AUTO_KEY}"))
                .header("authorization", TOKEN)
                .header_missing("recaptcha-token-v3");
            then.status(200).body(fixture("list_exchange_key_follows"));
        })
        .await;
    let f = client(&server)
        .list_exchange_key_follows(AUTO_KEY)
        .await
        .unwrap()
        .items;
    m.assert_async().await;
    assert_eq!(f.len(), 1);
    check(
        &f[0],
        "b9f67eb2-1d6e-4a47-a735-d0d9039c9b08",
        "ab00673a-cd19-44d4-a7c4-05c63e309663",
        dec!(1.5),
    );
    record("list_exchange_key_follows");
}

#[tokio::test]
async fn create_exchange_key_follow() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/v1/priv/strategy/follow/exchange/key/{AUTO_KEY}"))
                .header("authorization", TOKEN)
                .header("recaptcha-token-v3", RECAPTCHA)
                .body(r#"{"strategyAutomatedId":"b9f67eb2-1d6e-4a47-a735-d0d9039c9b08","strategyRiskProfileId":"ab00673a-cd19-44d4-a7c4-05c63e309663"}"#);
            then.status(200).body(fixture("create_exchange_key_follow"));
        })
        .await;
    let f = client(&server)
        .create_exchange_key_follow(
            AUTO_KEY,
            "b9f67eb2-1d6e-4a47-a735-d0d9039c9b08",
            "ab00673a-cd19-44d4-a7c4-05c63e309663",
        )
        .await
        .unwrap();
    m.assert_async().await;
    check(
        &f,
        "b9f67eb2-1d6e-4a47-a735-d0d9039c9b08",
        "ab00673a-cd19-44d4-a7c4-05c63e309663",
        dec!(1.5),
    );
    record("create_exchange_key_follow");
}

#[tokio::test]
async fn update_strategy_follow() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/v1/priv/strategy/follow/6737fbf1-308e-44fc-9518-92df4036ab86")
                .header("authorization", TOKEN)
                .header("recaptcha-token-v3", RECAPTCHA)
                .body(r#"{"active":true,"strategyAutomatedId":"b762dad3-b720-4ddd-a515-32ae48e39f94","strategyRiskProfileId":"3dc38f3d-4b4e-43b3-a102-e250b7cd3551"}"#);
            then.status(200).body(fixture("update_strategy_follow"));
        })
        .await;
    let f = client(&server)
        .update_strategy_follow("6737fbf1-308e-44fc-9518-92df4036ab86")
        .active(true)
        .strategy_automated_id("b762dad3-b720-4ddd-a515-32ae48e39f94")
        .strategy_risk_profile_id("3dc38f3d-4b4e-43b3-a102-e250b7cd3551")
        .await
        .unwrap();
    m.assert_async().await;
    check(
        &f,
        "b762dad3-b720-4ddd-a515-32ae48e39f94",
        "3dc38f3d-4b4e-43b3-a102-e250b7cd3551",
        dec!(2),
    );
    record("update_strategy_follow");
}

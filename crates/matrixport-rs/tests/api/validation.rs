//! Every documented constraint is checked before sending.

use matrixport_rs::*;
use rust_decimal_macros::dec;

fn client() -> Client {
    venue_testkit::install();
    // Nothing listens here: a validation failure must come before any connection.
    Client::builder()
        .base_url("http://127.0.0.1:9")
        .credentials(Credentials::new("k", "s"))
        .retry_policy(RetryPolicy::off())
        .build()
        .unwrap()
}

fn param(err: Error) -> String {
    assert_eq!(err.sent(), Sent::No);
    match err {
        Error::InvalidRequest { param, .. } => param,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn idempotency_keys() {
    let c = client();
    for bad in [
        "1234567",
        "this-key-is-far-too-long-for-the-venue",
        "spaces are bad",
        "semi;colon1",
    ] {
        let e = c
            .transfer("888.bal", "888_binance_1", "BTC", dec!(1))
            .serial_no(bad)
            .await
            .unwrap_err();
        assert_eq!(param(e), "serial_no");
        let e = c
            .bill_repay("b", "888_binance_1")
            .request_id(bad)
            .await
            .unwrap_err();
        assert_eq!(param(e), "request_id");
    }
    let e = c.transfer_record("short").await.unwrap_err();
    assert_eq!(param(e), "serial_no");
}

#[tokio::test]
async fn transfer_cases() {
    let c = client();
    // Wallet to Defi needs a chain.
    let e = c
        .transfer("888.bal", "888_uniswap_1", "ETH", dec!(1))
        .to_kind(AccountKind::Defi)
        .await
        .unwrap_err();
    assert_eq!(param(e), "chain");
    // Instant transfers are CEX to CEX only.
    let e = c
        .transfer("888.bal", "888_binance_1", "BTC", dec!(1))
        .is_instant_transfer(true)
        .await
        .unwrap_err();
    assert_eq!(param(e), "is_instant_transfer");
    // Wallet to wallet is no documented case.
    let e = c
        .transfer("888.bal", "999.bal", "BTC", dec!(1))
        .await
        .unwrap_err();
    assert_eq!(param(e), "to_account");
    let e = c
        .transfer("888_binance_1", "888_binance_1", "BTC", dec!(1))
        .await
        .unwrap_err();
    assert_eq!(param(e), "to_account");
    let e = c
        .transfer("888.bal", "888_binance_1", "BTC", dec!(0))
        .await
        .unwrap_err();
    assert_eq!(param(e), "amount");
    let e = c
        .transfer("888.bal", "888_binance_1", "", dec!(1))
        .await
        .unwrap_err();
    assert_eq!(param(e), "currency");
    assert!(check_transfer_case(AccountKind::Cex, AccountKind::Cex, None, true).is_ok());
    assert!(check_transfer_case(AccountKind::Defi, AccountKind::Cex, Some("ERC20"), false).is_ok());
    assert_eq!(TRANSFER_CASES.len(), 8);
}

#[tokio::test]
async fn other_constraints() {
    let c = client();
    assert_eq!(param(c.order_list().limit(0).await.unwrap_err()), "limit");
    assert_eq!(param(c.rcu_detail(0).await.unwrap_err()), "rcu_id");
    assert_eq!(param(c.rcu_accounts(0).await.unwrap_err()), "rcu_id");
    assert_eq!(param(c.order_detail(" ").await.unwrap_err()), "order_id");
    assert_eq!(
        param(
            c.order_renew(dec!(1000), "1", super::ms(1_696_118_400_001))
                .await
                .unwrap_err()
        ),
        "time_milli"
    );
    assert_eq!(
        param(c.order_repay(dec!(1), "1", "888.bal").await.unwrap_err()),
        "account_id"
    );
    assert_eq!(
        param(c.set_lending_account("1", vec![]).await.unwrap_err()),
        "lending_accounts"
    );
    assert_eq!(
        param(
            c.set_lending_account("1", vec![LendingAccount::new("888.bal", dec!(1))])
                .await
                .unwrap_err()
        ),
        "lending_accounts.account_id"
    );
    assert_eq!(
        param(
            c.account_flows()
                .limit(10)
                .start_time(super::ms(5))
                .end_time(super::ms(1))
                .await
                .unwrap_err()
        ),
        "start_time"
    );
    assert_eq!(
        param(
            c.profit_accrual(dec!(1), "BTC", "888.bal")
                .await
                .unwrap_err()
        ),
        "account_id"
    );
    assert_eq!(
        param(
            c.add_order_margin("888_binance_1", dec!(-1), "1")
                .await
                .unwrap_err()
        ),
        "amount"
    );
}

#[test]
fn minimum_amounts_check_transfers() {
    let limits: MinimumAmounts = serde_json::from_str(
        r#"{"exchange": "binance", "currency_info": [{"currency": "BTC", "minimum_amount": "0.001", "digit": 6}]}"#,
    )
    .unwrap();
    let btc = limits.currency("BTC").unwrap();
    assert!(btc.check(dec!(0.001)).is_ok());
    assert!(
        btc.check(dec!(0.0010000)).is_ok(),
        "trailing zeros are not decimal places"
    );
    assert_eq!(param(btc.check(dec!(0.0009)).unwrap_err()), "amount");
    assert_eq!(param(btc.check(dec!(0.0012345)).unwrap_err()), "amount");
    assert!(limits.currency("ETH").is_none());
}

#[test]
fn clients_and_calls_are_shareable() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    fn assert_send<T: Send>(_: &T) {}
    assert_traits::<Client>();
    let c = client();
    let fut = std::future::IntoFuture::into_future(c.order_list().limit(10));
    assert_send(&fut);
    let stream = c.order_list().limit(10).into_stream();
    assert_send(&stream);
}

fn account(id: &str, account_type: &str, exchange_type: u8, rcu_id: u64) -> Account {
    serde_json::from_value(serde_json::json!({
        "account_id": id, "user_id": "888", "type": account_type, "exchange": "X",
        "ex_value": "binance", "exchange_type": exchange_type, "rcu_id": rcu_id, "status": 2
    }))
    .unwrap()
}

#[tokio::test]
async fn transfers_between_listed_accounts_check_rcu_rules() {
    let c = client();
    let wallet = account("888.bal", "matrix.user.bal", 1, 0);
    let bound = account("888_binance_3", "exchange.sub", 1, 820);
    let other = account("888_okex_5", "exchange.sub", 1, 821);
    let defi = account("888_defi_6", "exchange.sub", 2, 0);
    let e = c
        .transfer_between(&bound, &wallet, "USDT", dec!(10))
        .await
        .unwrap_err();
    assert_eq!(param(e), "from_account");
    let e = c
        .transfer_between(&bound, &other, "USDT", dec!(10))
        .await
        .unwrap_err();
    assert_eq!(param(e), "to_account");
    let e = c
        .transfer_between(&wallet, &defi, "ETH", dec!(1))
        .await
        .unwrap_err();
    assert_eq!(param(e), "chain", "the Defi kind comes from exchange_type");
    assert_eq!(AccountKind::of_account(&defi), AccountKind::Defi);
    assert_eq!(AccountKind::of_account(&wallet), AccountKind::Wallet);
}

/// Every time that goes out is a `DateTime<Utc>` written as milliseconds: no time parameter of
/// the spec is a bare number (a seconds-magnitude value could slip through one), and a time
/// given to the second goes out as its milliseconds. (`src/lib.rs` holds the `compile_fail`
/// example: a bare number does not compile as a time filter.)
#[test]
fn times_go_out_as_milliseconds_of_a_datetime() {
    use venue_common::api::ApiRequest;
    let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/endpoints.toml"))
        .unwrap();
    let mut name = String::new();
    let mut times = 0;
    for line in spec.lines().map(str::trim) {
        if let Some(v) = line.strip_prefix("name = ") {
            name = v.trim_matches('"').to_string();
        }
        if let Some(v) = line.strip_prefix("type = ") {
            let looks_like_time = name.contains("time") || name.ends_with("_at");
            if looks_like_time {
                times += 1;
                assert_eq!(v.trim_matches('"'), "timestamp_ms", "{name}");
            }
        }
    }
    assert!(times >= 9, "{times}");

    let at = chrono::TimeZone::timestamp_opt(&chrono::Utc, 1_695_634_589, 0).unwrap();
    let request = AccountFlowsRequest::new()
        .start_time(at)
        .end_time(at)
        .to_request()
        .unwrap();
    let sent: Vec<&str> = request
        .query
        .iter()
        .filter(|(k, _)| k.ends_with("_time"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(sent, ["1695634589000", "1695634589000"]);
}

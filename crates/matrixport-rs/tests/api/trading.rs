//! Trading Accounts: one test per endpoint (request shape, then the documented sample).

use chrono::{TimeZone, Utc};
use httpmock::prelude::*;
use matrixport_rs::*;
use rust_decimal_macros::dec;
use serde_json::json;

use super::{client, done, expect_get, expect_post, ms};

#[tokio::test]
async fn transfer() {
    let server = MockServer::start_async().await;
    let mock = expect_post(
        &server,
        "/credit/agency/v1/allocate",
        json!({"amount": "1", "currency": "BTC", "from_account": "9547_huobi_1",
               "to_account": "9547_okex_1", "serial_no": "1695634589886"}),
        "transfer",
    )
    .await;
    let receipt = client(&server)
        .transfer("9547_huobi_1", "9547_okex_1", "BTC", dec!(1))
        .serial_no("1695634589886")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(receipt.key, "1695634589886");
    assert_eq!(receipt.data, ());
    done("transfer");
}

#[tokio::test]
async fn transfer_with_every_parameter() {
    let server = MockServer::start_async().await;
    let mock = expect_post(
        &server,
        "/credit/agency/v1/allocate",
        json!({"amount": "0.5", "currency": "USDT", "from_account": "888_binance_1",
               "from_wallet_type": 0, "to_account": "888_okex_2", "to_wallet_type": 1,
               "is_instant_transfer": true, "chain": "ERC20", "serial_no": "transfer_0001"}),
        "transfer",
    )
    .await;
    client(&server)
        .transfer("888_binance_1", "888_okex_2", "USDT", dec!(0.5))
        .from_wallet_type(0)
        .to_wallet_type(1)
        .is_instant_transfer(true)
        .chain("ERC20")
        .serial_no("transfer_0001")
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn transfer_record() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/allocate",
        &[("serial_no", "1695634589886")],
        "transfer_record",
    )
    .await;
    let r = client(&server)
        .transfer_record("1695634589886")
        .await
        .unwrap();
    mock.assert_async().await;
    // The document's sample is a schema placeholder (see tests/fixtures/README.md).
    assert_eq!(r.amount, dec!(1.23));
    assert_eq!(r.currency, "string");
    assert_eq!(r.from_account, "string");
    assert_eq!(r.process, TransferProcess::Other(0));
    assert_eq!(r.scenario, Scenario::Other("string".into()));
    assert_eq!(r.serial_no, "string");
    assert_eq!(r.to_account, "string");
    assert_eq!(r.user_id, "string");
    done("transfer_record");
}

#[tokio::test]
async fn wallet_types() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/exchange/wallets",
        &[("account_id", "888_binance_1")],
        "wallet_types",
    )
    .await;
    let w = client(&server).wallet_types("888_binance_1").await.unwrap();
    mock.assert_async().await;
    let got: Vec<(i64, &str)> = w
        .wallets
        .iter()
        .map(|w| (w.wallet_type, w.wallet_name.as_str()))
        .collect();
    assert_eq!(got, vec![(0, "spot"), (1, "unified"), (2, "contract")]);
    done("wallet_types");
}

#[tokio::test]
async fn available_currencies() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/allocate_currencies",
        &[("from_account", "888.bal"), ("to_account", "888_binance_1")],
        "available_currencies",
    )
    .await;
    let c = client(&server)
        .available_currencies("888.bal", "888_binance_1")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(c.currencies, vec!["BTC", "ETH", "USDT"]);
    done("available_currencies");
}

#[tokio::test]
async fn available_chains() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/available_chains",
        &[
            ("currency", "BTC"),
            ("from_account", "888.bal"),
            ("to_account", "888_binance_1"),
        ],
        "available_chains",
    )
    .await;
    let c = client(&server)
        .available_chains("888.bal", "888_binance_1", "BTC")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(c.chains, vec!["BTC", "ERC20"]);
    done("available_chains");
}

#[tokio::test]
async fn exchange_minimum_amount() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/exchange/minimum_amount",
        &[("exchange", "binance"), ("currency", "ETH")],
        "exchange_minimum_amount",
    )
    .await;
    let m = client(&server)
        .exchange_minimum_amount(ExchangeId::Binance)
        .currency("ETH")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(m.exchange, ExchangeId::Binance);
    let got: Vec<(&str, rust_decimal::Decimal, u32)> = m
        .currency_info
        .iter()
        .map(|c| (c.currency.as_str(), c.minimum_amount, c.digit))
        .collect();
    assert_eq!(
        got,
        vec![
            ("ETH", dec!(0.02), 5),
            ("USDT", dec!(10), 6),
            ("USDC", dec!(10), 1),
            ("BUSD", dec!(50), 3),
            ("BTC", dec!(0.001), 6),
            ("BCH", dec!(1), 5),
        ]
    );
    done("exchange_minimum_amount");
}

#[tokio::test]
async fn profit_accrual() {
    let server = MockServer::start_async().await;
    let mock = expect_post(
        &server,
        "/credit/agency/v1/user/profit_accrual",
        json!({"amount": "1.23", "currency": "BTC", "account_id": "888_binance_1",
               "serial_no": "1695634589886"}),
        "profit_accrual",
    )
    .await;
    let r = client(&server)
        .profit_accrual(dec!(1.23), "BTC", "888_binance_1")
        .serial_no("1695634589886")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(r.key, "1695634589886");
    // `data` is the serial no; the sample shows the placeholder "string".
    assert_eq!(r.data, "string");
    done("profit_accrual");
}

#[tokio::test]
async fn create_account() {
    let server = MockServer::start_async().await;
    let mock = expect_post(
        &server,
        "/credit/agency/v1/account",
        json!({"exchange": "binance", "custody_id": "7053683719172829184",
               "request_id": "1695634589886"}),
        "create_account",
    )
    .await;
    let r = client(&server)
        .create_account(ExchangeId::Binance)
        .custody_id("7053683719172829184")
        .request_id("1695634589886")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(r.key, "1695634589886");
    assert_eq!(r.data, "string");
    done("create_account");
}

#[tokio::test]
async fn account_balance() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/account/balance",
        &[("account_id", "888_binance_1")],
        "account_balance",
    )
    .await;
    let b = client(&server)
        .account_balance("888_binance_1")
        .await
        .unwrap();
    mock.assert_async().await;
    let got: Vec<(&str, rust_decimal::Decimal)> =
        b.iter().map(|b| (b.currency.as_str(), b.amount)).collect();
    assert_eq!(
        got,
        vec![
            ("RACA", dec!(1000000)),
            ("LUNA", dec!(1000000)),
            ("STETH", dec!(1000000)),
            ("BTC", dec!(1000114.540727)),
        ]
    );
    done("account_balance");
}

#[tokio::test]
async fn account_flows() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/account/flows",
        &[
            ("limit", "10"),
            ("offset", "0"),
            ("account_id", "888_binance_1"),
            ("account_type", "exchange.sub"),
            ("currency", "BTC"),
            ("start_time", "1693497600000"),
            ("end_time", "1694188800000"),
            ("exchange", "binance"),
            ("scenario", "allocate"),
            ("serial_no", "1694188800000_1"),
            ("transfer_serial_no", "1694188800000"),
        ],
        "account_flows",
    )
    .await;
    let page = client(&server)
        .account_flows()
        .limit(10)
        .offset(0)
        .account_id("888_binance_1")
        .account_type(AccountType::ExchangeSub)
        .currency("BTC")
        .start_time(ms(1_693_497_600_000))
        .end_time(ms(1_694_188_800_000))
        .exchange(ExchangeId::Binance)
        .scenario(Scenario::Allocate)
        .serial_no("1694188800000_1")
        .transfer_serial_no("1694188800000")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.count, 2);
    assert_eq!(page.items.len(), 2);
    let f = &page.items[0];
    assert_eq!(f.serial_no, "cell_ao_repaid_7112336969107267584");
    assert_eq!(f.user_id, "606113");
    assert_eq!(f.exchange, ExchangeId::Other("matrixport".into()));
    assert_eq!(f.account_id, "606113.bal");
    assert_eq!(f.account_type, AccountType::MatrixWallet);
    assert_eq!(f.scenario, Scenario::BalRepayInterest);
    assert_eq!(f.direction, Direction::Out);
    assert_eq!(f.currency, "USDT");
    assert_eq!(f.amount, dec!(1.933767));
    assert_eq!(f.instant_transfer_fee, Some(dec!(0)));
    assert_eq!(
        f.created_at,
        Utc.timestamp_millis_opt(1_695_713_279_182).unwrap()
    );
    let g = &page.items[1];
    assert_eq!(g.serial_no, "7112336969107267584-0");
    assert_eq!(g.direction, Direction::In);
    assert_eq!(g.created_at.timestamp_millis(), 1_695_713_274_489);
    done("account_flows");
}

#[tokio::test]
async fn account_transfer_records() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/account/funds",
        &[
            ("limit", "10"),
            ("currency", "BTC"),
            ("start_time", "1693497600000"),
            ("end_time", "1694188800000"),
            ("from_account_id", "888_binance_1"),
            ("from_exchange", "binance"),
            ("to_account_id", "888.bal"),
            ("to_exchange", "huobi"),
            ("process", "1"),
            ("scenario", "allocate"),
            ("serial_no", "1694188800000"),
        ],
        "account_transfer_records",
    )
    .await;
    let page = client(&server)
        .account_transfer_records()
        .limit(10)
        .currency("BTC")
        .start_time(ms(1_693_497_600_000))
        .end_time(ms(1_694_188_800_000))
        .from_account_id("888_binance_1")
        .from_exchange(ExchangeId::Binance)
        .to_account_id("888.bal")
        .to_exchange(ExchangeId::Huobi)
        .process(TransferProcess::Pending)
        .scenario(Scenario::Allocate)
        .serial_no("1694188800000")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.count, 802);
    assert_eq!(page.items.len(), 5);
    let r = &page.items[0];
    assert_eq!(r.user_id, "606113");
    assert_eq!(r.serial_no, "7112336969107267584");
    assert_eq!(r.from_account, "606113.bal");
    assert_eq!(r.to_account, "606113.bal");
    assert_eq!(r.currency, "USDT");
    assert_eq!(r.amount, dec!(1.933767));
    assert_eq!(r.process, TransferProcess::Processed);
    assert_eq!(r.scenario, Scenario::BalRepayInterest);
    assert_eq!(r.created_at.timestamp_millis(), 1_695_801_849_000);
    assert_eq!(r.instant_transfer_fee, Some(dec!(0)));
    assert_eq!(r.transfer_fee, Some(dec!(0)));
    let c = &page.items[2];
    assert_eq!(c.from_account, "644052_binance_8");
    assert_eq!(c.to_account, "644052_deribit_523712");
    assert_eq!(c.amount, dec!(8));
    assert_eq!(c.scenario, Scenario::Allocate);
    assert_eq!(c.transfer_fee, Some(dec!(0.0023)));
    assert_eq!(page.items[3].process, TransferProcess::Processing);
    assert_eq!(page.items[4].scenario, Scenario::ExSubClear);
    assert_eq!(page.items[4].to_account, "master_binance");
    done("account_transfer_records");
}

#[tokio::test]
async fn account_list() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/accounts",
        &[
            ("limit", "10"),
            ("account_id", "888_binance_1"),
            ("account_type", "exchange.sub"),
            ("custody_id", "7053683719172829184"),
            ("exchange", "binance"),
            ("exchange_type", "1"),
            ("rcu_id", "20"),
            ("status", "2"),
        ],
        "account_list",
    )
    .await;
    let page = client(&server)
        .account_list()
        .limit(10)
        .account_id("888_binance_1")
        .account_type(AccountType::ExchangeSub)
        .custody_id("7053683719172829184")
        .exchange(ExchangeId::Binance)
        .exchange_type(ExchangeType::Cex)
        .rcu_id(20u64)
        .status(AccountStatus::Opened)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.count, 7);
    let a = &page.items[0];
    assert_eq!(a.account_id, "606113_binance_582144");
    assert_eq!(a.user_id, "606113");
    assert_eq!(a.account_type, AccountType::ExchangeSub);
    assert_eq!(a.exchange, "Binance");
    assert_eq!(a.ex_account_id, None);
    assert_eq!(a.name, None);
    assert_eq!(a.status, Some(AccountStatus::PendingApproval));
    assert_eq!(a.ex_value, ExchangeId::Binance);
    assert_eq!(a.custody_id, None);
    assert_eq!(a.custody_key, None);
    assert_eq!(a.rcu_id, 0);
    let b = &page.items[1];
    assert_eq!(b.account_id, "606113_binance_7066697928613625856");
    assert_eq!(b.ex_account_id.as_deref(), Some("lgz_binance_ceffu_1"));
    assert_eq!(b.name.as_deref(), Some("lgz_binance_ceffu_1"));
    assert_eq!(b.status, Some(AccountStatus::Opened));
    assert_eq!(b.custody_id.as_deref(), Some("7064499428551372800"));
    assert_eq!(
        b.custody_key.as_deref(),
        Some("lgz_binance_ceffu_1_custody")
    );
    done("account_list");
}

#[tokio::test]
async fn dma_bills() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/dma/bills",
        &[
            ("limit", "10"),
            ("bill_start_time_start", "1693497600000"),
            ("bill_start_time_end", "1694188800000"),
            ("currency", "BTC"),
            ("serial_no", "1694188800000"),
            ("status", "1"),
        ],
        "dma_bills",
    )
    .await;
    let page = client(&server)
        .dma_bills()
        .limit(10)
        .bill_start_time_start(ms(1_693_497_600_000))
        .bill_start_time_end(ms(1_694_188_800_000))
        .currency("BTC")
        .serial_no("1694188800000")
        .status(DmaBillStatus::PendingPayment)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.count, 2);
    let b = &page.items[0];
    assert_eq!(b.user_id, "606113");
    assert_eq!(b.amount, dec!(1));
    assert_eq!(b.reduction_amount, Some(dec!(0)));
    assert_eq!(b.currency, "BTC");
    assert_eq!(b.serial_no, "7104432572440215554DMA");
    assert_eq!(b.status, DmaBillStatus::PendingPayment);
    assert_eq!(b.start_time.timestamp_millis(), 1_693_526_400_000);
    assert_eq!(b.end_time.timestamp_millis(), 1_696_118_400_000);
    assert_eq!(b.spot_trading_volume_maker, Some(dec!(0)));
    assert_eq!(b.spot_trading_volume_taker, Some(dec!(0)));
    assert_eq!(b.derivatives_trading_volume_maker, Some(dec!(0)));
    assert_eq!(b.derivatives_trading_volume_taker, Some(dec!(0)));
    assert_eq!(b.option_trading_volume_maker, Some(dec!(0)));
    assert_eq!(b.option_trading_volume_taker, Some(dec!(0)));
    assert_eq!(b.fee_rate, Some(dec!(0)));
    assert_eq!(page.items[1].amount, dec!(20));
    assert_eq!(page.items[1].currency, "ETH");
    assert_eq!(page.items[1].serial_no, "7100678207011196928DMA");
    done("dma_bills");
}

#[tokio::test]
async fn dma_bill_repay() {
    let server = MockServer::start_async().await;
    let mock = expect_post(
        &server,
        "/credit/agency/v1/dma/bill/repay",
        json!({"request_id": "1695634589886", "account_id": "888.bal",
               "serial_no": "7053683719172829184"}),
        "dma_bill_repay",
    )
    .await;
    let r = client(&server)
        .dma_bill_repay("888.bal", "7053683719172829184")
        .request_id("1695634589886")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(r.key, "1695634589886");
    assert_eq!(r.data, ());
    done("dma_bill_repay");
}

#[tokio::test]
async fn exchange_custody() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/exchange/custody",
        &[],
        "exchange_custody",
    )
    .await;
    let c = client(&server).exchange_custody().await.unwrap();
    mock.assert_async().await;
    assert_eq!(c.len(), 4);
    assert_eq!(c[0].ex_name, "Huobi");
    assert_eq!(c[0].ex_value, ExchangeId::Huobi);
    assert!(c[0].custody.is_empty(), "null custody reads as none");
    assert_eq!(c[1].ex_name, "Binance");
    assert_eq!(c[1].ex_value, ExchangeId::Binance);
    let names: Vec<(&str, &str)> = c[1]
        .custody
        .iter()
        .map(|c| (c.custody_id.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("7053668623214227456", "Copper"),
            ("7053683719172829184", "FTX Custody"),
            ("7064499428551372800", "BinanceCeffu"),
        ]
    );
    assert_eq!(c[2].ex_value, ExchangeId::Okx);
    assert_eq!(c[2].custody[0].name, "Copper");
    assert_eq!(c[3].ex_value, ExchangeId::Coinbase);
    done("exchange_custody");
}

#[tokio::test]
async fn exchange_trading_fee_rate() {
    let server = MockServer::start_async().await;
    // The path is the spec's choice (see Known quirks): taken from the endpoint constant so
    // that switching it in spec/endpoints.toml needs nothing else.
    let mock = expect_get(
        &server,
        matrixport_rs::generated::endpoints::EXCHANGE_TRADING_FEE_RATE.path,
        &[("limit", "10"), ("offset", "0"), ("exchange", "binance")],
        "exchange_trading_fee_rate",
    )
    .await;
    let page = client(&server)
        .exchange_trading_fee_rate()
        .limit(10)
        .offset(0)
        .exchange(ExchangeId::Binance)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.count, 1);
    let ex = &page.items[0];
    assert_eq!(ex.ex_name, "Binance");
    assert_eq!(ex.ex_value, ExchangeId::Binance);
    assert_eq!(ex.trading_fees.len(), 4);
    let f = &ex.trading_fees[0];
    assert_eq!(f.vip, "VIP5");
    assert_eq!(f.base_coin, "USDT");
    assert_eq!(f.updated_time, None);
    assert_eq!(f.spot_maker, Some(dec!(0)));
    assert_eq!(f.spot_taker, Some(dec!(0.00048)));
    assert_eq!(f.prep_maker, Some(dec!(-0.00001)));
    assert_eq!(f.prep_taker, Some(dec!(0.00027)));
    assert_eq!(f.futures_maker, Some(dec!(-0.00001)));
    assert_eq!(f.futures_taker, Some(dec!(0.00027)));
    assert_eq!(f.option_maker, Some(dec!(0.00004)));
    assert_eq!(f.option_taker, Some(dec!(0.00018)));
    let busd = &ex.trading_fees[2];
    assert_eq!(busd.base_coin, "BUSD");
    assert_eq!(busd.prep_maker, Some(dec!(-0.00014)));
    assert_eq!(busd.option_maker, None, "\"\" reads as not offered");
    assert_eq!(ex.trading_fees[3].base_coin, "COIN");
    done("exchange_trading_fee_rate");
}

#[tokio::test]
async fn rcu_accounts() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/rcu/accounts",
        &[("rcu_id", "10")],
        "rcu_accounts",
    )
    .await;
    let a = client(&server).rcu_accounts(10).await.unwrap();
    mock.assert_async().await;
    assert_eq!(a.len(), 1);
    let a = &a[0];
    assert_eq!(a.account_id, "644052_binance_10");
    assert_eq!(a.user_id, "644052");
    assert_eq!(a.account_type, AccountType::ExchangeSub);
    assert_eq!(a.exchange, "binance");
    assert_eq!(a.ex_account_id.as_deref(), Some("zzl-007"));
    assert_eq!(a.name.as_deref(), Some("zzl-007"));
    assert_eq!(a.ex_value, ExchangeId::Binance);
    assert_eq!(a.custody_id, None);
    assert_eq!(a.custody_key, None);
    assert_eq!(a.rcu_id, 0);
    assert_eq!(a.status, None);
    done("rcu_accounts");
}

#[tokio::test]
async fn the_shape_mocks_are_strict() {
    // The same mock as `available_currencies`, but the client adds a parameter the mock does
    // not expect: it must not match (httpmock answers 404 then).
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/allocate_currencies",
        &[("from_account", "888.bal")],
        "available_currencies",
    )
    .await;
    let err = client(&server)
        .available_currencies("888.bal", "888_binance_1")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(mock.calls_async().await, 0);
}

/// A 404 the way a server answers a path it does not know.
async fn not_found_at<'a>(server: &'a MockServer, path: &str) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(GET).path(path);
            then.status(404)
                .header("content-type", "text/plain")
                .body("404 page not found");
        })
        .await
}

#[tokio::test]
async fn trading_fee_rates_fall_back_to_the_other_path_once_and_remember_it() {
    use matrixport_rs::client::{TRADING_FEE_RATE_PATH, TRADING_FEES_PATH};
    let server = MockServer::start_async().await;
    let client = client(&server);
    assert_eq!(client.trading_fee_path(), TRADING_FEE_RATE_PATH);
    // The heading's path is unknown to the venue: the curl's answers, and is kept.
    let gone = not_found_at(&server, TRADING_FEE_RATE_PATH).await;
    let fees = expect_get(
        &server,
        TRADING_FEES_PATH,
        &[("limit", "10")],
        "exchange_trading_fee_rate",
    )
    .await;
    let page = client.exchange_trading_fee_rate().limit(10).await.unwrap();
    assert_eq!(page.count, 1);
    assert_eq!((gone.calls_async().await, fees.calls_async().await), (1, 1));
    assert_eq!(client.clone().trading_fee_path(), TRADING_FEES_PATH);
    client.exchange_trading_fee_rate().limit(10).await.unwrap();
    assert_eq!((gone.calls_async().await, fees.calls_async().await), (1, 2));

    // The other direction: the curl's path goes away, the heading's answers again.
    gone.delete_async().await;
    fees.delete_async().await;
    let gone = not_found_at(&server, TRADING_FEES_PATH).await;
    let rate = expect_get(
        &server,
        TRADING_FEE_RATE_PATH,
        &[("limit", "10")],
        "exchange_trading_fee_rate",
    )
    .await;
    client.exchange_trading_fee_rate().limit(10).await.unwrap();
    assert_eq!((gone.calls_async().await, rate.calls_async().await), (1, 1));
    assert_eq!(client.trading_fee_path(), TRADING_FEE_RATE_PATH);

    // Both unknown: one try each, then the 404.
    rate.delete_async().await;
    let gone_too = not_found_at(&server, TRADING_FEE_RATE_PATH).await;
    let err = client
        .exchange_trading_fee_rate()
        .limit(10)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(
        (gone.calls_async().await, gone_too.calls_async().await),
        (2, 1)
    );
}

//! Flows against the local venue (feature `sim`): authentication, transfers end to end,
//! de-duplication, the transfer cases, pagination, and the margin-loan life cycle.
#![cfg(feature = "sim")]

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use matrixport_rs::sim::{ACCESS_KEY, LocalVenue, SECRET_KEY};
use matrixport_rs::*;
use rust_decimal_macros::dec;
use serde_json::{Value, json};
use venue_common::sim::standalone::Launched;
use venue_common::sim::{Fault, mac, unrouted};
use venue_common::{Method, StatusCode};

const WALLET: &str = "606113.bal";
const LOAN: &str = "7109485224484110336";
const PENDING_LOAN: &str = "7102593191773384704";

async fn until_processed(client: &Client, serial: &str) -> Vec<TransferProcess> {
    let mut seen = Vec::new();
    for _ in 0..200 {
        let r = client.transfer_record(serial).await.unwrap();
        if seen.last() != Some(&r.process) {
            seen.push(r.process);
        }
        if r.process == TransferProcess::Processed {
            return seen;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("transfer {serial} never finished: {seen:?}");
}

#[tokio::test]
async fn authentication_is_checked_like_the_venue() {
    let venue = LocalVenue::start().await.unwrap();
    let wrong_secret = Client::builder()
        .base_url(venue.base_url())
        .credentials(Credentials::new(ACCESS_KEY, "not-the-secret"))
        .retry_policy(RetryPolicy::off())
        .build()
        .unwrap();
    let err = wrong_secret.order_list().limit(10).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert_eq!(err.venue_error().unwrap().status, StatusCode::UNAUTHORIZED);

    let wrong_key = Client::builder()
        .base_url(venue.base_url())
        .credentials(Credentials::new("someone-else", SECRET_KEY))
        .retry_policy(RetryPolicy::off())
        .build()
        .unwrap();
    assert_eq!(
        wrong_key.rcu_list().limit(10).await.unwrap_err().kind(),
        ErrorKind::Authentication
    );

    // A client whose clock is two years behind: the timestamp is refused.
    let stale = Client::builder()
        .base_url(venue.base_url())
        .credentials(venue.credentials())
        .clock(Arc::new(venue_common::ManualClock::at_millis(
            1_695_634_589_886,
        )))
        .retry_policy(RetryPolicy::off())
        .build()
        .unwrap();
    let err = stale.rcu_list().limit(10).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert!(err.to_string().contains("timestamp"), "{err}");

    // Unsigned requests are refused in the venue's envelope.
    let body = reqwest::get(format!(
        "{}/credit/agency/v1/rcus?limit=1",
        venue.base_url()
    ))
    .await
    .unwrap();
    assert_eq!(body.status().as_u16(), 401);
    let v: Value = serde_json::from_slice(&body.bytes().await.unwrap()).unwrap();
    assert_eq!(v["code"], json!(401));
    assert!(v["data"].is_null());
}

#[tokio::test]
async fn a_transfer_runs_pending_processing_processed_and_moves_balances() {
    let venue = LocalVenue::start().await.unwrap();
    let client = venue.client().unwrap();
    let wallet_before = venue.balance(WALLET, "USDT");
    let sub_before = venue.balance("606113_binance_1", "USDT");
    let receipt = client
        .transfer(WALLET, "606113_binance_1", "USDT", dec!(123.45))
        .serial_no("flow_transfer_01")
        .await
        .unwrap();
    assert_eq!(receipt.key, "flow_transfer_01");
    let first = client.transfer_record("flow_transfer_01").await.unwrap();
    assert_eq!(first.process, TransferProcess::Pending);
    assert_eq!(first.amount, dec!(123.45));
    assert_eq!(first.scenario, Scenario::Allocate);
    assert_eq!(venue.balance(WALLET, "USDT"), wallet_before - dec!(123.45));
    let seen = until_processed(&client, "flow_transfer_01").await;
    assert_eq!(seen.first(), Some(&TransferProcess::Pending));
    assert_eq!(seen.last(), Some(&TransferProcess::Processed));
    assert_eq!(
        venue.balance("606113_binance_1", "USDT"),
        sub_before + dec!(123.45)
    );
    let balances = client.account_balance("606113_binance_1").await.unwrap();
    let usdt = balances.iter().find(|b| b.currency == "USDT").unwrap();
    assert_eq!(usdt.amount, sub_before + dec!(123.45));

    let flows = client
        .account_flows()
        .limit(10)
        .transfer_serial_no("flow_transfer_01")
        .await
        .unwrap();
    assert_eq!(flows.count, 2);
    let out = flows
        .items
        .iter()
        .find(|f| f.direction == Direction::Out)
        .unwrap();
    assert_eq!(out.account_id, WALLET);
    assert_eq!(out.account_type, AccountType::MatrixWallet);
    let into = flows
        .items
        .iter()
        .find(|f| f.direction == Direction::In)
        .unwrap();
    assert_eq!(into.account_id, "606113_binance_1");
    assert_eq!(into.amount, dec!(123.45));

    let funds = client
        .account_transfer_records()
        .limit(10)
        .serial_no("flow_transfer_01")
        .await
        .unwrap();
    assert_eq!(funds.count, 1);
    assert_eq!(funds.items[0].process, TransferProcess::Processed);
    assert_eq!(funds.items[0].to_account, "606113_binance_1");
}

#[tokio::test]
async fn duplicates_are_refused_with_the_venue_codes() {
    let venue = LocalVenue::start().await.unwrap();
    let client = venue.client().unwrap();
    client
        .transfer(WALLET, "606113_okex_2", "USDT", dec!(20))
        .serial_no("dup_serial_0001")
        .await
        .unwrap();
    let err = client
        .transfer(WALLET, "606113_okex_2", "USDT", dec!(20))
        .serial_no("dup_serial_0001")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Duplicate);
    assert_eq!(err.code(), Some("12070132"));
    assert_eq!(err.idempotency_key(), Some("dup_serial_0001"));

    client
        .create_account(ExchangeId::Bybit)
        .request_id("dup_request_01")
        .await
        .unwrap();
    let err = client
        .create_account(ExchangeId::Bybit)
        .request_id("dup_request_01")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Duplicate);
    assert_eq!(err.code(), Some("12070528"));

    // A serial number the venue refuses outright (sent raw: the SDK would catch it first).
    let err = client
        .raw(Method::POST, "/credit/agency/v1/allocate")
        .json(
            &json!({"from_account": WALLET, "to_account": "606113_okex_2",
                       "currency": "USDT", "amount": "20", "serial_no": "short"}),
        )
        .send::<Value>()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("12070538"));
}

#[tokio::test]
async fn the_venue_enforces_the_transfer_cases() {
    let venue = LocalVenue::start().await.unwrap();
    let client = venue.client().unwrap();
    // The SDK cannot tell a Defi account from its id; the venue can and wants a chain.
    let err = client
        .transfer(WALLET, "606113_defi_6", "ETH", dec!(1))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("12070130"));
    // Instant transfers: CEX to CEX only (sent raw, past the SDK's own check).
    let err = client
        .raw(Method::POST, "/credit/agency/v1/allocate")
        .json(
            &json!({"from_account": WALLET, "to_account": "606113_binance_1",
                       "currency": "USDT", "amount": "20", "serial_no": "instant_0001",
                       "is_instant_transfer": true}),
        )
        .send::<Value>()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("12070137"));
    // An RCU-bound source cannot pay out to the wallet; different RCUs cannot meet.
    for (from, to) in [
        ("606113_binance_3", WALLET),
        ("606113_binance_3", "606113_okex_5"),
    ] {
        let err = client
            .transfer(from, to, "USDT", dec!(20))
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some("12070130"), "{from} -> {to}");
    }
    // Same RCU: allowed, and instantly.
    let before = venue.balance("606113_deribit_4", "BTC");
    let r = client
        .transfer("606113_binance_3", "606113_deribit_4", "BTC", dec!(0.5))
        .is_instant_transfer(true)
        .await
        .unwrap();
    let record = client.transfer_record(&r.key).await.unwrap();
    assert_eq!(record.process, TransferProcess::Processed);
    assert_eq!(record.scenario, Scenario::InstantTransfer);
    assert_eq!(venue.balance("606113_deribit_4", "BTC"), before + dec!(0.5));
    // With the chain, the Defi transfer goes through.
    let r = client
        .transfer(WALLET, "606113_defi_6", "ETH", dec!(1))
        .to_kind(AccountKind::Defi)
        .chain("ERC20")
        .await
        .unwrap();
    venue.settle();
    assert_eq!(
        client.transfer_record(&r.key).await.unwrap().process,
        TransferProcess::Processed
    );
    // Not enough funds, too small, too precise.
    let err = client
        .transfer("606113_okex_2", "606113_binance_1", "BTC", dec!(1))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("12070130"));
    let err = client
        .transfer(WALLET, "606113_binance_1", "USDT", dec!(1))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("12070525"));
    let err = client
        .transfer(WALLET, "606113_binance_1", "BTC", dec!(0.123456789))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("12070524"));
}

#[tokio::test]
async fn paging_walks_every_list() {
    let venue = LocalVenue::start().await.unwrap();
    let client = venue.client().unwrap();
    // Listed accounts carry what the Transfer Case check needs.
    let listed = client.account_list().limit(20).await.unwrap().items;
    let find = |id: &str| listed.iter().find(|a| a.account_id == id).unwrap().clone();
    let r = client
        .transfer_between(&find(WALLET), &find("606113_defi_6"), "ETH", dec!(1))
        .chain("ERC20")
        .await
        .unwrap();
    assert_eq!(r.key.len(), 32);
    let err = client
        .transfer_between(&find("606113_binance_3"), &find(WALLET), "USDT", dec!(20))
        .await
        .unwrap_err();
    assert_eq!(err.sent(), Sent::No, "caught before sending");

    let first = client.account_list().limit(3).await.unwrap();
    assert_eq!(first.count, 7);
    assert_eq!(first.items.len(), 3);
    let all: Vec<Account> = client
        .account_list()
        .limit(2)
        .into_stream()
        .map(|r| r.unwrap())
        .collect()
        .await;
    assert_eq!(all.len(), 7);
    let ids: std::collections::HashSet<_> = all.iter().map(|a| a.account_id.clone()).collect();
    assert_eq!(ids.len(), 7, "no account twice");
    assert_eq!(
        all.iter()
            .filter(|a| AccountKind::of_account(a) == AccountKind::Defi)
            .count(),
        1
    );
    let from_offset: Vec<Account> = client
        .account_list()
        .limit(2)
        .offset(5)
        .into_stream()
        .map(|r| r.unwrap())
        .collect()
        .await;
    assert_eq!(from_offset.len(), 2);

    for i in 0..5 {
        client
            .transfer(
                WALLET,
                "606113_binance_1",
                "USDT",
                dec!(10) + rust_decimal::Decimal::from(i),
            )
            .await
            .unwrap();
    }
    venue.settle();
    let flows: Vec<AccountFlow> = client
        .account_flows()
        .limit(2)
        .account_id("606113_binance_1")
        .into_stream()
        .map(|r| r.unwrap())
        .collect()
        .await;
    assert_eq!(flows.len(), 5);
    let funds = client
        .account_transfer_records()
        .limit(4)
        .into_stream()
        .collect::<Vec<_>>()
        .await;
    assert_eq!(funds.len(), 6, "the five transfers and the Defi one above");
    let err = client
        .raw(Method::GET, "/credit/agency/v1/orders")
        .send::<Value>()
        .await
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::BadRequest,
        "limit is required by the venue"
    );
}

#[tokio::test]
async fn the_margin_loan_life_cycle() {
    let venue = LocalVenue::start().await.unwrap();
    let client = venue.client().unwrap();
    let order = client.order_detail(LOAN).await.unwrap();
    assert_eq!(order.status, OrderStatus::PendingRepayment);
    assert_eq!(order.order_biz_type, Some(OrderBizType::MarginLoan));

    // Principal cannot be repaid while bills are outstanding.
    let err = client
        .order_repay(dec!(100), LOAN, "606113_binance_3")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("12070339"));
    // Only the RCU's own accounts may pay.
    let bills = client.loan_bills().limit(10).order_id(LOAN).await.unwrap();
    assert_eq!(bills.count, 2);
    let err = client
        .bill_repay(&bills.items[0].bill_id, "606113_binance_1")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("12070317"));
    for bill in &bills.items {
        client
            .bill_repay(&bill.bill_id, "606113_binance_3")
            .await
            .unwrap();
    }
    let bills = client.loan_bills().limit(10).order_id(LOAN).await.unwrap();
    assert!(
        bills
            .items
            .iter()
            .all(|b| b.payment_status == PaymentStatus::Paid)
    );
    assert!(
        bills
            .items
            .iter()
            .all(|b| b.need_pay_amount == Some(dec!(0)))
    );

    // Margin.
    let before = venue.balance("606113_binance_3", "USDT");
    client
        .add_order_margin("606113_binance_3", dec!(250), LOAN)
        .request_id("margin_req_0001")
        .await
        .unwrap();
    assert_eq!(
        venue.balance("606113_binance_3", "USDT"),
        before - dec!(250)
    );
    let order = client.order_detail(LOAN).await.unwrap();
    assert_eq!(order.margin_amount, Some(dec!(1250)));
    let records = client
        .margin_records()
        .limit(10)
        .order_id(LOAN)
        .await
        .unwrap();
    assert_eq!(records.count, 1);
    assert_eq!(records.items[0].amount, dec!(250));
    assert_eq!(records.items[0].status, OpStatus::Processed);
    let err = client
        .add_order_margin("606113_binance_3", dec!(1_000_000), LOAN)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientFunds);

    // Repay part of the principal, then renew.
    client
        .order_repay(dec!(500), LOAN, "606113_binance_3")
        .await
        .unwrap();
    let order = client.order_detail(LOAN).await.unwrap();
    assert_eq!(order.amount_repaid, Some(dec!(500)));
    let due = order.due_time.unwrap();
    let err = client
        .order_renew(dec!(5000), LOAN, due + chrono::Duration::days(1))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("12070342"));
    client
        .order_renew(dec!(3000), LOAN, due + chrono::Duration::days(30))
        .await
        .unwrap();
    assert_eq!(
        client.order_detail(LOAN).await.unwrap().status,
        OrderStatus::RenewalApplicationInProgress
    );
    let err = client
        .order_renew(dec!(3000), LOAN, due + chrono::Duration::days(30))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("12070343"));

    // Disburse the pending loan: amounts must add up to the loan.
    let err = client
        .set_lending_account(
            PENDING_LOAN,
            vec![LendingAccount::new("606113_okex_5", dec!(10))],
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("12070341"));
    client
        .set_lending_account(
            PENDING_LOAN,
            vec![LendingAccount::new("606113_okex_5", dec!(1000))],
        )
        .await
        .unwrap();
    assert_eq!(venue.balance("606113_okex_5", "USDT"), dec!(1000));
    let order = client.order_detail(PENDING_LOAN).await.unwrap();
    assert_eq!(order.status, OrderStatus::PendingRepayment);
    client
        .order_repay(dec!(1000), PENDING_LOAN, "606113_okex_5")
        .await
        .unwrap();
    assert_eq!(
        client.order_detail(PENDING_LOAN).await.unwrap().status,
        OrderStatus::Repaid
    );

    let ops: Vec<Operation> = client
        .order_operations()
        .limit(2)
        .into_stream()
        .map(|r| r.unwrap())
        .collect()
        .await;
    let types: Vec<OpType> = ops.iter().map(|o| o.op_type).collect();
    for t in [
        OpType::InterestRepay,
        OpType::RepayOrderExtraFee,
        OpType::TransferMargin,
        OpType::PrincipalRepay,
        OpType::Renew,
        OpType::Loan,
    ] {
        assert!(types.contains(&t), "{t:?} in {types:?}");
    }
    let rcu = client.rcu_detail(821).await.unwrap();
    assert_eq!(rcu.total_loan, dec!(0));
    let rcus = client.rcu_list().limit(10).await.unwrap();
    assert!(rcus.items.iter().all(|r| r.is_enable));
}

#[tokio::test]
async fn dma_bills_and_profit_accrual() {
    let venue = LocalVenue::start().await.unwrap();
    let client = venue.client().unwrap();
    let pending = client
        .dma_bills()
        .limit(10)
        .status(DmaBillStatus::PendingPayment)
        .await
        .unwrap();
    assert_eq!(pending.count, 1);
    let bill = &pending.items[0];
    client
        .dma_bill_repay(WALLET, &bill.serial_no)
        .await
        .unwrap();
    let err = client
        .dma_bill_repay(WALLET, &bill.serial_no)
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("12070340"));
    let flows = client
        .account_flows()
        .limit(10)
        .scenario(Scenario::BalRepayDma)
        .await
        .unwrap();
    assert_eq!(flows.count, 1);

    let r = client
        .profit_accrual(dec!(75), "USDT", "606113_binance_3")
        .serial_no("profit_0000001")
        .await
        .unwrap();
    assert_eq!(r.data, "profit_0000001");
    let seen = until_processed(&client, "profit_0000001").await;
    assert_eq!(seen.last(), Some(&TransferProcess::Processed));
    let record = client.transfer_record("profit_0000001").await.unwrap();
    assert_eq!(record.scenario, Scenario::TakeProfit);
    assert_eq!(record.to_account, WALLET);
    let err = client
        .profit_accrual(dec!(75), "USDT", "606113_binance_1")
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some("12070317"),
        "an unbound account has no loan RCU"
    );

    let created = client
        .create_account(ExchangeId::Okx)
        .custody_id("7053668623214227456")
        .await
        .unwrap();
    let listed = client
        .account_list()
        .limit(10)
        .account_id(created.data.clone())
        .await
        .unwrap();
    assert_eq!(listed.items[0].ex_value, ExchangeId::Okx);
    assert_eq!(
        listed.items[0].custody_id.as_deref(),
        Some("7053668623214227456")
    );
    let err = client
        .create_account(ExchangeId::Huobi)
        .custody_id("7053668623214227456")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("12070129"), "Huobi offers no custodian");
    // Both spellings of the trading fee path are answered.
    let fees: ListPage<ExchangeTradingFees> = client
        .raw(Method::GET, "/credit/agency/v1/exchange/trading_fees")
        .query("limit", 10)
        .send()
        .await
        .unwrap();
    assert_eq!(fees.count, 1);
}

fn retrying(venue: &LocalVenue) -> Client {
    Client::builder()
        .base_url(venue.base_url())
        .credentials(venue.credentials())
        .retry_policy(
            RetryPolicy::default()
                .base_delay(Duration::from_millis(5))
                .jitter(false),
        )
        .no_pacing()
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_lost_answer_to_a_keyed_write_ends_as_already_done() {
    let venue = LocalVenue::start().await.unwrap();
    let client = retrying(&venue);
    let before = venue.balance(WALLET, "USDT");
    venue.lose_next_answers(1);
    let err = client
        .transfer(WALLET, "606113_binance_1", "USDT", dec!(40))
        .serial_no("lost_answer_01")
        .await
        .unwrap_err();
    match &err {
        Error::AlreadyDone { key, venue } => {
            assert_eq!(key, "lost_answer_01");
            assert_eq!(venue.code.as_deref(), Some("12070132"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        venue.balance(WALLET, "USDT"),
        before - dec!(40),
        "moved once"
    );
    let record = client.transfer_record("lost_answer_01").await.unwrap();
    assert_eq!(record.amount, dec!(40));

    // The same with a generated request_id.
    venue.lose_next_answers(1);
    let err = client
        .add_order_margin("606113_binance_3", dec!(10), LOAN)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::AlreadyDone { .. }), "{err:?}");
    let key = err.idempotency_key().unwrap().to_string();
    let ops = client
        .order_operations()
        .limit(10)
        .order_id(LOAN)
        .await
        .unwrap();
    assert_eq!(
        ops.items
            .iter()
            .filter(|o| o.request_id.as_deref() == Some(key.as_str()))
            .count(),
        1
    );

    // A read is simply retried.
    venue.lose_next_answers(1);
    assert_eq!(client.rcu_list().limit(10).await.unwrap().count, 2);

    // A write without a key is not repeated: the caller learns it may have gone through.
    venue.lose_next_answers(1);
    let err = client
        .set_lending_account(
            PENDING_LOAN,
            vec![LendingAccount::new("606113_okex_5", dec!(1000))],
        )
        .await
        .unwrap_err();
    assert_eq!(err.sent(), Sent::Maybe);
    assert_eq!(
        client.order_detail(PENDING_LOAN).await.unwrap().status,
        OrderStatus::PendingRepayment,
        "it did go through"
    );
}

#[tokio::test]
async fn concurrent_repeats_of_one_serial_no_move_money_once() {
    let venue = LocalVenue::start().await.unwrap();
    let client = venue.client().unwrap();
    let before = venue.balance(WALLET, "USDT");
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move {
                c.transfer(WALLET, "606113_okex_2", "USDT", dec!(15))
                    .serial_no("concurrent_0001")
                    .await
            })
        })
        .collect();
    let mut ok = 0;
    let mut duplicate = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(e) if e.kind() == ErrorKind::Duplicate => duplicate += 1,
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!((ok, duplicate), (1, 7));
    assert_eq!(venue.balance(WALLET, "USDT"), before - dec!(15));
}

#[tokio::test]
async fn every_documented_endpoint_has_a_handler() {
    let missing =
        unrouted::<matrixport_rs::sim::MatrixportVenue>(matrixport_rs::generated::endpoints::ALL);
    assert!(missing.is_empty(), "no handler for {missing:?}");
}

#[tokio::test]
async fn a_lost_transfer_answer_moves_money_once_and_names_its_key() {
    let venue = LocalVenue::start().await.unwrap();
    let before = venue.balance(WALLET, "USDT");
    venue.faults().arm(
        matrixport_rs::generated::endpoints::TRANSFER,
        Fault::LoseAnswer,
        1,
    );
    // Without retries: the keyed write may have gone through, and the error says with which
    // key to reconcile.
    let once = Client::builder()
        .base_url(venue.base_url())
        .credentials(venue.credentials())
        .retry_policy(RetryPolicy::off())
        .no_pacing()
        .build()
        .unwrap();
    let err = once
        .transfer(WALLET, "606113_okex_2", "USDT", dec!(25))
        .serial_no("lost_fault_0001")
        .await
        .unwrap_err();
    assert_eq!(err.sent(), Sent::Maybe, "{err:?}");
    assert_eq!(err.idempotency_key(), Some("lost_fault_0001"));
    assert_eq!(venue.transfers_with_serial("lost_fault_0001"), 1);
    assert_eq!(venue.balance(WALLET, "USDT"), before - dec!(25));
    // With retries: the repeat carries the same serial_no and the venue knows it.
    venue.faults().arm(
        matrixport_rs::generated::endpoints::TRANSFER,
        Fault::LoseAnswer,
        1,
    );
    let err = retrying(&venue)
        .transfer(WALLET, "606113_okex_2", "USDT", dec!(10))
        .serial_no("lost_fault_0002")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::AlreadyDone { .. }), "{err:?}");
    assert_eq!(venue.transfers_with_serial("lost_fault_0002"), 1);
    assert_eq!(
        venue.balance(WALLET, "USDT"),
        before - dec!(35),
        "moved once each"
    );
}

/// Signs `params` for `path` the way the venue family does, with nothing of this crate.
fn family_signature(path: &str, params: &[(&str, String)]) -> String {
    let mut pairs: Vec<(&str, &String)> = params.iter().map(|(k, v)| (*k, v)).collect();
    pairs.sort();
    let mut text = path.to_string();
    for (k, v) in pairs {
        text.push_str(&format!("&{k}={v}"));
    }
    mac::hex_upper(&mac::hmac_sha256(SECRET_KEY.as_bytes(), text.as_bytes()))
}

#[tokio::test]
async fn lists_of_objects_are_signed_by_the_family_recipe() {
    let venue = LocalVenue::start_with(matrixport_rs::sim::SimConfig {
        strict_list_signing: true,
        ..Default::default()
    })
    .await
    .unwrap();
    let path = "/credit/agency/v1/order/leading_account";
    let ts = chrono::Utc::now().timestamp_millis();
    let post = |sig: String| {
        let body = json!({
            "order_id": PENDING_LOAN,
            "lending_accounts": [{"account_id": "606113_okex_5", "amount": "1000"}],
            "timestamp": ts,
            "signature": sig,
        });
        let url = format!("{}{path}", venue.base_url());
        async move {
            let res = reqwest::Client::new()
                .post(url)
                .header("X-MatrixPort-Access-Key", ACCESS_KEY)
                .header(
                    "X-MatrixPort-Access-Signature",
                    body["signature"].as_str().unwrap(),
                )
                .header("Content-Type", "application/json")
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let v: Value = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
            (status, v)
        }
    };
    // Compact JSON for the list is refused in strict mode...
    let json_sig = family_signature(
        path,
        &[
            (
                "lending_accounts",
                r#"[{"account_id":"606113_okex_5","amount":"1000"}]"#.into(),
            ),
            ("order_id", PENDING_LOAN.into()),
            ("timestamp", ts.to_string()),
        ],
    );
    let (status, v) = post(json_sig).await;
    assert_eq!((status, &v["code"]), (401, &json!(401)), "{v}");
    // ...and the family's `[k=v&k=v]` is accepted.
    let sig = family_signature(
        path,
        &[
            (
                "lending_accounts",
                "[account_id=606113_okex_5&amount=1000]".into(),
            ),
            ("order_id", PENDING_LOAN.into()),
            ("timestamp", ts.to_string()),
        ],
    );
    let (status, v) = post(sig).await;
    assert_eq!((status, &v["code"]), (200, &json!(0)), "{v}");
}

#[tokio::test]
async fn a_get_carrying_its_signature_in_the_query_is_accepted() {
    // The document's demo puts `signature` among the parameters; on a GET it lands in the
    // query, and the venue leaves it out when it recomputes.
    let venue = LocalVenue::start().await.unwrap();
    let path = "/credit/agency/v1/rcus";
    let ts = chrono::Utc::now().timestamp_millis();
    let sig = family_signature(
        path,
        &[("limit", "5".into()), ("timestamp", ts.to_string())],
    );
    let res = reqwest::Client::new()
        .get(format!(
            "{}{path}?limit=5&timestamp={ts}&signature={sig}",
            venue.base_url()
        ))
        .header("X-MatrixPort-Access-Key", ACCESS_KEY)
        .header("X-MatrixPort-Access-Signature", &sig)
        .send()
        .await
        .unwrap();
    let v: Value = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(v["code"], json!(0), "{v}");
    assert_eq!(v["data"]["count"], json!(2));
}

#[tokio::test]
async fn the_standalone_command_announces_itself_and_serves() {
    let launched = Launched::start(
        std::path::Path::new(env!("CARGO_BIN_EXE_matrixport-local-venue")),
        Duration::from_secs(30),
    )
    .unwrap();
    let creds = launched.credentials();
    let client = Client::builder()
        .base_url(launched.base_url())
        .credentials(Credentials::new(
            creds["access_key"].as_str().unwrap(),
            creds["secret_key"].as_str().unwrap(),
        ))
        .build()
        .unwrap();
    assert_eq!(client.rcu_list().await.unwrap().count, 2);
}

/// Percent-encoding of a value as a JavaScript `encodeURIComponent`-style client writes it.
fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// The lower-case hex HMAC of `text` under the local venue's secret.
fn lower_hex_mac(text: &str) -> String {
    mac::hex_upper(&mac::hmac_sha256(SECRET_KEY.as_bytes(), text.as_bytes())).to_ascii_lowercase()
}

#[tokio::test]
async fn clients_that_sign_as_public_ones_do_are_accepted() {
    // ccxt's prime broker signing (js/src/matrixport.js, "V1 auth"): `timestamp` as a string,
    // values URL-encoded in the string to sign, lower-case hex, `signature` only in the query
    // of a GET or the body of a POST, no signature header.
    let venue = LocalVenue::start().await.unwrap();
    let http = reqwest::Client::new();
    let path = "/credit/agency/v1/rcus";
    let ts = chrono::Utc::now().timestamp_millis().to_string();
    let query = format!("limit=5&note={}&timestamp={ts}", percent("a b/c"));
    let sig = lower_hex_mac(&format!("{path}&{query}"));
    let res = http
        .get(format!(
            "{}{path}?{query}&signature={sig}",
            venue.base_url()
        ))
        .header("X-MatrixPort-Access-Key", ACCESS_KEY)
        .send()
        .await
        .unwrap();
    let v: Value = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(v["code"], json!(0), "{v}");

    let path = "/credit/agency/v1/allocate";
    let fields = [
        ("amount", "20"),
        ("currency", "USDT"),
        ("from_account", WALLET),
        ("serial_no", "ccxt_style_0001"),
        ("timestamp", ts.as_str()),
        ("to_account", "606113_binance_1"),
    ];
    let signed: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", percent(v)))
        .collect();
    let sig = lower_hex_mac(&format!("{path}&{}", signed.join("&")));
    let mut body: serde_json::Map<String, Value> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    body.insert("signature".into(), json!(sig));
    let res = http
        .post(format!("{}{path}", venue.base_url()))
        .header("X-MatrixPort-Access-Key", ACCESS_KEY)
        .header("Content-Type", "application/json")
        .body(Value::Object(body.clone()).to_string())
        .send()
        .await
        .unwrap();
    let v: Value = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(v["code"], json!(0), "{v}");
    assert_eq!(venue.transfers_with_serial("ccxt_style_0001"), 1);

    // A header and a parameter that disagree, or no signature at all, are refused.
    body.insert("serial_no".into(), json!("ccxt_style_0002"));
    for header in [Some("00"), None] {
        let mut b = body.clone();
        if header.is_none() {
            b.remove("signature");
        }
        let mut req = http
            .post(format!("{}{path}", venue.base_url()))
            .header("X-MatrixPort-Access-Key", ACCESS_KEY)
            .header("Content-Type", "application/json");
        if let Some(h) = header {
            req = req.header("X-MatrixPort-Access-Signature", h);
        }
        let res = req.body(Value::Object(b).to_string()).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 401);
    }
    assert_eq!(venue.transfers_with_serial("ccxt_style_0002"), 0);
}

#[tokio::test]
async fn lists_signed_as_json_are_refused_by_default() {
    // The default local venue is strict: the client's lists go out in the venue's recipe.
    let venue = LocalVenue::start().await.unwrap();
    let path = "/credit/agency/v1/order/leading_account";
    let ts = chrono::Utc::now().timestamp_millis();
    let list = r#"[{"account_id":"606113_okex_5","amount":"1000"}]"#;
    let sig = family_signature(
        path,
        &[
            ("lending_accounts", list.into()),
            ("order_id", PENDING_LOAN.into()),
            ("timestamp", ts.to_string()),
        ],
    );
    let body = json!({
        "order_id": PENDING_LOAN,
        "lending_accounts": [{"account_id": "606113_okex_5", "amount": "1000"}],
        "timestamp": ts,
        "signature": sig,
    });
    let res = reqwest::Client::new()
        .post(format!("{}{path}", venue.base_url()))
        .header("X-MatrixPort-Access-Key", ACCESS_KEY)
        .header("X-MatrixPort-Access-Signature", &sig)
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
    // The SDK's own request for two accounts goes through.
    let client = venue.client().unwrap();
    client
        .set_lending_account(
            PENDING_LOAN,
            vec![
                LendingAccount::new("606113_okex_5", dec!(500)),
                LendingAccount::new("606113_okex_5", dec!(500)),
            ],
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn the_local_venue_serves_one_trading_fee_path_when_told_and_the_client_finds_it() {
    use matrixport_rs::client::{TRADING_FEE_RATE_PATH, TRADING_FEES_PATH};
    use matrixport_rs::sim::{SimConfig, TradingFeePath};
    for (served, found) in [
        (TradingFeePath::Fees, TRADING_FEES_PATH),
        (TradingFeePath::Rate, TRADING_FEE_RATE_PATH),
        (TradingFeePath::Both, TRADING_FEE_RATE_PATH),
    ] {
        let venue = LocalVenue::start_with(SimConfig {
            trading_fee_path: served,
            ..Default::default()
        })
        .await
        .unwrap();
        let client = venue.client().unwrap();
        let page = client.exchange_trading_fee_rate().limit(10).await.unwrap();
        assert!(!page.items.is_empty(), "{served:?}");
        assert_eq!(client.trading_fee_path(), found, "{served:?}");
        // The other path is a 404 in the venue's envelope.
        let other = client
            .raw(
                Method::GET,
                if found == TRADING_FEES_PATH {
                    TRADING_FEE_RATE_PATH
                } else {
                    TRADING_FEES_PATH
                },
            )
            .query("limit", 10)
            .send::<Value>()
            .await;
        assert_eq!(other.is_err(), served != TradingFeePath::Both, "{served:?}");
    }
}

//! Margin Loan: one test per endpoint (request shape, then the documented sample).

use httpmock::prelude::*;
use matrixport_rs::*;
use rust_decimal_macros::dec;
use serde_json::json;

use super::{client, done, expect_get, expect_post, ms};

#[tokio::test]
async fn loan_bills() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/bills",
        &[
            ("limit", "10"),
            ("bill_id", "7105127171873775616"),
            ("bill_time_start", "1693497600000"),
            ("bill_time_end", "1694188800000"),
            ("order_biz_type", "1"),
            ("order_id", "7086513693608996864"),
            ("status", "1"),
            ("type", "4"),
        ],
        "loan_bills",
    )
    .await;
    let page = client(&server)
        .loan_bills()
        .limit(10)
        .bill_id("7105127171873775616")
        .bill_time_start(ms(1_693_497_600_000))
        .bill_time_end(ms(1_694_188_800_000))
        .order_biz_type(OrderBizType::MarginLoan)
        .order_id("7086513693608996864")
        .status(BillStatus::PendingPayment)
        .bill_type(BillType::OrderExtraFee)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.count, 185);
    let b = &page.items[0];
    assert_eq!(b.bill_time_mill.timestamp_millis(), 1_693_958_400_000);
    assert_eq!(b.allocate_amount, dec!(1234));
    assert_eq!(b.need_pay_allocate_amount, Some(dec!(0)));
    assert_eq!(b.close_day, Some(30));
    assert_eq!(b.interest_rate, Some(dec!(0.35)));
    assert_eq!(b.interest, Some(dec!(0)));
    assert_eq!(b.penalty, Some(dec!(0)));
    assert_eq!(b.reduction_amount, Some(dec!(0)));
    assert_eq!(b.repaid_amount, Some(dec!(100)));
    assert_eq!(b.need_pay_amount, Some(dec!(0)));
    assert_eq!(b.currency, "USDT");
    assert_eq!(b.payment_status, PaymentStatus::Paid);
    assert_eq!(b.order_id, "7086513693608996864");
    assert_eq!(b.bill_id, "7105127171873775616");
    assert_eq!(b.bill_type, BillType::OrderExtraFee);
    let names: Vec<(&str, &str)> = b
        .name
        .iter()
        .map(|n| (n.language.as_str(), n.text.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("zh-CN", "to cell"),
            ("zh-TW", "to cell"),
            ("en", "to cell")
        ]
    );
    assert_eq!(b.repaying, Some(dec!(0)));
    assert_eq!(b.distribution_of_performance_fee, Some(dec!(0)));
    assert_eq!(b.distribution_fee, Some(dec!(0)));
    assert_eq!(page.items[1].bill_id, "7105127937665605632");
    assert_eq!(page.items[1].repaid_amount, Some(dec!(500)));
    assert_eq!(page.items[1].name[2].text, "22");
    done("loan_bills");
}

#[tokio::test]
async fn bill_repay() {
    let server = MockServer::start_async().await;
    let mock = expect_post(
        &server,
        "/credit/agency/v1/bill/repay",
        json!({"bill_id": "6916386190560079872S202204", "account_id": "888_binance_1",
               "request_id": "1695634589886"}),
        "bill_repay",
    )
    .await;
    let r = client(&server)
        .bill_repay("6916386190560079872S202204", "888_binance_1")
        .request_id("1695634589886")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(r.key, "1695634589886");
    assert_eq!(r.data, ());
    done("bill_repay");
}

#[tokio::test]
async fn order_detail() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/order",
        &[("order_id", "6917353775912984576")],
        "order_detail",
    )
    .await;
    let o = client(&server)
        .order_detail("6917353775912984576")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(o.created_at.unwrap().timestamp_millis(), 1_693_389_856_901);
    assert_eq!(o.user_id, "606113");
    assert_eq!(o.order_id, "7102591850338496512");
    assert_eq!(o.allocation_currency, "USDT");
    assert_eq!(o.allocation_amount, dec!(212));
    assert_eq!(o.allocated_amount, Some(dec!(0)));
    assert_eq!(o.allocating_amount, Some(dec!(0)));
    assert_eq!(o.equity_currency.as_deref(), Some("USDT"));
    assert_eq!(o.equity_amount, Some(dec!(42.4)));
    assert_eq!(o.margin_currency.as_deref(), Some("USDT"));
    assert_eq!(o.margin_amount, Some(dec!(42.4)));
    assert_eq!(o.interest_rate, Some(dec!(0.032)));
    assert_eq!(o.close_day, Some(30));
    assert_eq!(o.value_time.unwrap().timestamp_millis(), 1_693_353_600_000);
    assert_eq!(o.due_time.unwrap().timestamp_millis(), 1_695_945_600_000);
    assert_eq!(o.allocation_ratio, Some(dec!(5)));
    assert_eq!(o.status, OrderStatus::Canceled);
    assert_eq!(o.order_biz_type, Some(OrderBizType::FundAccelerator));
    assert_eq!(o.amount_repaid, Some(dec!(0)));
    assert_eq!(o.repaying, Some(dec!(0)));
    assert_eq!(o.overdue_rate, Some(dec!(0)));
    assert_eq!(o.pre_repay_penalty_ratio, Some(dec!(0)));
    assert_eq!(o.pre_order_id, None);
    assert_eq!(o.distribution_of_performance_fee, Some(dec!(0.043)));
    assert_eq!(o.guaranteed_hurdle_rate_of_return, Some(1));
    assert_eq!(o.binance_managed_sub_account, Some(1));
    assert_eq!(o.frequency_of_performance_fee_payment, Some(1));
    assert_eq!(o.interest, Some(dec!(0)));
    assert_eq!(o.penalty, Some(dec!(0)));
    assert_eq!(o.penalty_days, Some(0));
    assert_eq!(o.pre_repay_penalty, Some(dec!(0)));
    done("order_detail");
}

#[tokio::test]
async fn set_lending_account() {
    let server = MockServer::start_async().await;
    let mock = expect_post(
        &server,
        "/credit/agency/v1/order/leading_account",
        json!({"order_id": "7094504820274515968",
               "lending_accounts": [{"account_id": "888_binance_1", "amount": "100.1"},
                                    {"account_id": "888_okex_2", "amount": "50"}]}),
        "set_lending_account",
    )
    .await;
    client(&server)
        .set_lending_account(
            "7094504820274515968",
            vec![
                LendingAccount::new("888_binance_1", dec!(100.1)),
                LendingAccount::new("888_okex_2", dec!(50)),
            ],
        )
        .await
        .unwrap();
    mock.assert_async().await;
    done("set_lending_account");
}

#[tokio::test]
async fn add_order_margin() {
    let server = MockServer::start_async().await;
    let mock = expect_post(
        &server,
        "/credit/agency/v1/order/margin",
        json!({"account_id": "888_binance_1", "amount": "10", "order_id": "7053683719172829184",
               "request_id": "1695634589886"}),
        "add_order_margin",
    )
    .await;
    let r = client(&server)
        .add_order_margin("888_binance_1", dec!(10), "7053683719172829184")
        .request_id("1695634589886")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(r.key, "1695634589886");
    done("add_order_margin");
}

#[tokio::test]
async fn margin_records() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/order/margin/records",
        &[
            ("limit", "10"),
            ("offset", "0"),
            ("order_id", "7094504820274515968"),
            ("currency", "BTC"),
        ],
        "margin_records",
    )
    .await;
    let page = client(&server)
        .margin_records()
        .limit(10)
        .offset(0)
        .order_id("7094504820274515968")
        .currency("BTC")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.count, 121);
    let m = &page.items[0];
    assert_eq!(m.serial_no, "7102592020061007872");
    assert_eq!(m.user_id, "606113");
    assert_eq!(m.order_id, "7102591850338496512");
    assert_eq!(m.currency, "USDT");
    assert_eq!(m.amount, dec!(42.4));
    assert_eq!(m.status, OpStatus::Processed);
    assert_eq!(page.items[1].status, OpStatus::Processing);
    assert_eq!(page.items[1].amount, dec!(24.4));
    assert_eq!(page.items[2].currency, "USDC");
    assert_eq!(page.items[2].amount, dec!(411.3));
    done("margin_records");
}

#[tokio::test]
async fn order_operations() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/order/operations",
        &[
            ("limit", "10"),
            ("order_id", "7094504820274515968"),
            ("currency", "BTC"),
        ],
        "order_operations",
    )
    .await;
    let page = client(&server)
        .order_operations()
        .limit(10)
        .order_id("7094504820274515968")
        .currency("BTC")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.count, 890);
    let o = &page.items[0];
    assert_eq!(o.created_at.timestamp_millis(), 1_695_713_274_324);
    assert_eq!(o.serial_no, "7112336969107267584");
    assert_eq!(o.user_id, "606113");
    assert_eq!(o.request_id.as_deref(), Some("7112336969086296064"));
    assert_eq!(o.order_id, "7081471674939437056S202308");
    assert_eq!(o.op_type, OpType::InterestRepay);
    assert_eq!(o.currency.as_deref(), Some("USDT"));
    assert_eq!(o.amount, dec!(1.9337672209670088));
    assert_eq!(o.status, OpStatus::Processed);
    assert_eq!(page.items[1].op_type, OpType::RepayOrderExtraFee);
    assert_eq!(page.items[1].amount, dec!(22));
    // 22 is not in the documented Op Type table: kept as it came.
    assert_eq!(page.items[2].op_type, OpType::Other(22));
    assert_eq!(page.items[2].currency, None);
    assert_eq!(page.items[2].amount, dec!(0));
    done("order_operations");
}

#[tokio::test]
async fn order_list() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/orders",
        &[
            ("limit", "10"),
            ("order_biz_type", "1"),
            ("order_id", "7094504820274515968"),
            ("rcu_id", "1"),
            ("status", "11"),
        ],
        "order_list",
    )
    .await;
    let page = client(&server)
        .order_list()
        .limit(10)
        .order_biz_type(OrderBizType::MarginLoan)
        .order_id("7094504820274515968")
        .rcu_id(1u64)
        .status(OrderStatus::PendingRepayment)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.count, 253);
    let o = &page.items[0];
    assert_eq!(o.created_at, None);
    assert_eq!(o.user_id, "606113");
    assert_eq!(o.order_id, "7102593191773384704");
    assert_eq!(o.allocation_currency, "USDT");
    assert_eq!(o.allocation_amount, dec!(1122));
    assert_eq!(o.allocated_amount, Some(dec!(0)));
    assert_eq!(o.margin_currency.as_deref(), Some("USDT"));
    assert_eq!(o.margin_amount, Some(dec!(0)));
    assert_eq!(o.interest_rate, Some(dec!(0.032)));
    assert_eq!(o.value_time.unwrap().timestamp_millis(), 1_693_353_600_000);
    assert_eq!(o.due_time.unwrap().timestamp_millis(), 1_695_945_600_000);
    assert_eq!(o.allocation_ratio, Some(dec!(5)));
    assert_eq!(o.status, OrderStatus::Canceled);
    assert_eq!(o.order_biz_type, None);
    assert_eq!(o.pre_order_id, None);
    assert_eq!(o.distribution_of_performance_fee, Some(dec!(0.043)));
    assert_eq!(o.guaranteed_hurdle_rate_of_return, Some(1));
    assert_eq!(o.penalty_days, Some(0));
    assert_eq!(o.pre_repay_penalty, Some(dec!(0)));
    assert_eq!(page.items[1].order_id, "7102591850338496512");
    assert_eq!(page.items[1].allocation_amount, dec!(212));
    assert_eq!(page.items[1].margin_amount, Some(dec!(42.4)));
    done("order_list");
}

#[tokio::test]
async fn order_renew() {
    let server = MockServer::start_async().await;
    let mock = expect_post(
        &server,
        "/credit/agency/v1/order/renew",
        json!({"allocation_amount": "1000", "order_id": "7053683719172829184",
               "time_milli": 1_696_118_400_000i64, "request_id": "1695634589886"}),
        "order_renew",
    )
    .await;
    let r = client(&server)
        .order_renew(dec!(1000), "7053683719172829184", ms(1_696_118_400_000))
        .request_id("1695634589886")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(r.key, "1695634589886");
    done("order_renew");
}

#[tokio::test]
async fn order_repay() {
    let server = MockServer::start_async().await;
    let mock = expect_post(
        &server,
        "/credit/agency/v1/order/repay",
        json!({"amount": "1000", "order_id": "7053683719172829184", "account_id": "888_binance_1",
               "request_id": "1695634589886"}),
        "order_repay",
    )
    .await;
    let r = client(&server)
        .order_repay(dec!(1000), "7053683719172829184", "888_binance_1")
        .request_id("1695634589886")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(r.key, "1695634589886");
    done("order_repay");
}

//! Risk Control: one test per endpoint (request shape, then the documented sample).

use httpmock::prelude::*;
use matrixport_rs::*;
use rust_decimal_macros::dec;

use super::{client, done, expect_get};

#[tokio::test]
async fn rcu_list() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/rcus",
        &[("limit", "10"), ("offset", "0"), ("order_biz_type", "1")],
        "rcu_list",
    )
    .await;
    let page = client(&server)
        .rcu_list()
        .limit(10)
        .offset(0)
        .order_biz_type(OrderBizType::MarginLoan)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.count, 8);
    let r = &page.items[0];
    assert_eq!(r.rcu_id, 749);
    assert_eq!(r.rcu_name, "FA-USDT-38496512");
    assert_eq!(r.total_value, dec!(0));
    assert_eq!(r.loan_size, dec!(0));
    assert_eq!(r.skitg, Some(dec!(0)));
    assert_eq!(r.initial_margin_ratio, Some(dec!(0.2)));
    assert_eq!(r.order_id.as_deref(), Some("7102591850338496512"));
    assert!(!r.is_enable);
    let s = &page.items[1];
    assert_eq!(s.rcu_id, 820);
    assert_eq!(s.rcu_name, "ML-USDT-62044672");
    assert_eq!(s.total_value, dec!(3041618.3137269737));
    assert_eq!(s.loan_size, dec!(3025726));
    assert_eq!(s.skitg, Some(dec!(1000240)));
    assert_eq!(s.initial_margin_ratio, Some(dec!(0.3333)));
    assert_eq!(s.order_id.as_deref(), Some("7109485224484110336"));
    assert!(s.is_enable);
    done("rcu_list");
}

#[tokio::test]
async fn rcu_detail() {
    let server = MockServer::start_async().await;
    let mock = expect_get(
        &server,
        "/credit/agency/v1/rcu",
        &[("rcu_id", "10")],
        "rcu_detail",
    )
    .await;
    let r = client(&server).rcu_detail(10).await.unwrap();
    mock.assert_async().await;
    assert_eq!(r.rcu_id, 346);
    assert_eq!(r.timestamp_in_us, 1_695_784_202_046_241);
    assert_eq!(
        r.updated_at().unwrap().timestamp_micros(),
        1_695_784_202_046_241
    );
    assert_eq!(r.rcu_name, "tiger 0411");
    assert_eq!(r.total_asset, dec!(3041618.3137269737));
    assert_eq!(r.total_skitg, Some(dec!(1000240)));
    assert_eq!(r.total_loan, dec!(3025726));
    assert_eq!(r.total_fund, Some(dec!(3268784.32)));
    assert_eq!(r.glr, Some(dec!(0)));
    assert_eq!(r.nlr, Some(dec!(0)));
    assert_eq!(r.nav, Some(dec!(0.3954016829101757)));
    assert_eq!(r.risk_ratio, Some(dec!(1.0052523968551592)));
    assert_eq!(r.user_id, "tiger 0411");
    done("rcu_detail");
}

//! The document's sample answers decode to the documented values, field by field.

use alp_rs::v1::{OrderStatus, Side, Timeframe, WithdrawStatus};
use alp_rs::v3::{self, Direction, LoanType, OrderStatus as V3Status, WalletType};
use chrono::{DateTime, TimeZone, Utc};
use rust_decimal_macros::dec;

use alp_rs::{
    CancelOrdersRequest, CloseMarginRequest, MarginBorrowRequest, MarginRepayRequest,
    MarginTransferRequest, PlaceOrderRequest,
};
use venue_common::api::{ApiRequest, DecodeContext};

use super::common::{body_json, decode, fixture, record, response};

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn secs(s: i64, nanos: u32) -> DateTime<Utc> {
    Utc.timestamp_opt(s, nanos).unwrap()
}

#[test]
fn currencies() {
    let c = decode::<alp_rs::CurrenciesRequest>("currencies");
    assert_eq!(c.len(), 2);
    assert_eq!((c[0].sign.as_str(), c[0].short_name.as_str()), ("Ƀ", "BTC"));
    assert_eq!((c[1].sign.as_str(), c[1].short_name.as_str()), ("Ξ", "ETH"));
    record("currencies");
}

#[test]
fn pairs() {
    let p = &decode::<alp_rs::PairsRequest>("pairs")[0];
    assert_eq!(p.name, "BTC_USD");
    assert_eq!(p.currency1, "BTC");
    assert_eq!(p.currency2, "USD");
    assert_eq!(p.price_precision, Some(2));
    assert_eq!(p.amount_precision, Some(6));
    assert_eq!(p.maximum_order_size, dec!(100000000.00000000).into());
    assert_eq!(p.minimum_order_size, dec!(0.00000001).into());
    assert_eq!(p.liquidity_type, Some(10));
    record("pairs");
}

#[test]
fn ticker() {
    let t = &decode::<alp_rs::TickerRequest>("ticker")[0];
    assert_eq!(t.timestamp, Some(secs(1642511387, 550_490_000)));
    assert_eq!(t.pair, "ETH_BTC");
    assert_eq!(t.last, dec!(0.076).into());
    assert_eq!(t.diff, dec!(0).into());
    assert_eq!(t.vol, dec!(0).into());
    assert_eq!(t.high, dec!(0).into());
    assert_eq!(t.low, dec!(0).into());
    assert_eq!(t.buy, Some(dec!(0.071346)));
    assert_eq!(t.sell, Some(dec!(0.080317)));
    record("ticker");
}

#[test]
fn charts() {
    let c = &decode::<alp_rs::ChartsRequest>("charts")[0];
    assert_eq!(c.volume, dec!(0.262929).into());
    assert_eq!(c.high, dec!(912.236).into());
    assert_eq!(c.low, dec!(910.086).into());
    assert_eq!(c.close, dec!(911.915).into());
    assert_eq!(c.time, Some(secs(1485777600, 0)));
    assert_eq!(c.open, dec!(910.424).into());
    assert_eq!(Timeframe::D1.as_str(), "D");
    record("charts");
}

#[test]
fn wallets() {
    let w = &decode::<alp_rs::WalletsRequest>("wallets")[0];
    assert_eq!(w.currency, "BTC");
    assert_eq!(w.balance, dec!(0).into());
    assert_eq!(w.reserve, dec!(0).into());
    record("wallets");
}

#[test]
fn orderbook() {
    let b = decode::<alp_rs::OrderbookRequest>("orderbook");
    assert_eq!(b.sell.len(), 1);
    assert_eq!(
        (b.sell[0].price, b.sell[0].amount),
        (Some(dec!(911.519)), Some(dec!(0.000446)))
    );
    assert_eq!(
        (b.buy[0].price, b.buy[0].amount),
        (Some(dec!(911.122)), Some(dec!(0.001233)))
    );
    record("orderbook");
}

#[test]
fn own_orders() {
    let o = &decode::<alp_rs::OwnOrdersRequest>("own_orders")[0];
    assert_eq!(o.amount, dec!(0.5).into());
    assert_eq!(o.pair, "ETH_USD");
    assert_eq!(o.side, Some(Side::Buy));
    assert_eq!(o.status, Some(OrderStatus::Done));
    assert_eq!(o.price, dec!(0.00113).into());
    assert_eq!(o.id, 11249);
    record("own_orders");
}

#[test]
fn order() {
    let o = decode::<alp_rs::OrderRequest>("order");
    assert_eq!(o.id, 11259);
    assert_eq!(
        o.date,
        Some(Utc.timestamp_millis_opt(1478025717394).unwrap())
    );
    assert_eq!(o.pair, "BTC_USD");
    assert_eq!(o.side, Some(Side::Buy));
    assert_eq!(o.price, dec!(870.69).into());
    assert_eq!(o.amount, dec!(0.125).into());
    // A string in the answer, the same exact decimal.
    assert_eq!(o.amount_filled, dec!(0.00419580).into());
    assert_eq!(o.amount_original, dec!(0.0041958).into());
    // "1" as a string here, 1 as an integer in lists: the same status.
    assert_eq!(o.status, Some(OrderStatus::Active));
    record("order");
}

#[test]
fn create_order() {
    let o = decode::<alp_rs::CreateOrderRequest>("create_order");
    assert_eq!(o.success, Some(true));
    assert_eq!(o.side, Some(Side::Buy));
    assert_eq!(o.date, Some(secs(1483721079, 516_320_000)));
    assert_eq!(o.oid, 11268);
    assert_eq!(o.price, dec!(870.69).into());
    assert_eq!(o.amount, dec!(0).into());
    let tr = &o.trades[0];
    assert_eq!(tr.side, Some(Side::Sell));
    assert_eq!(tr.price, dec!(870.69).into());
    assert_eq!(tr.o_id, 11266);
    assert_eq!(tr.amount, dec!(0.0001).into());
    assert_eq!(tr.tid, 6049);
    record("create_order");
}

#[test]
fn cancel_order() {
    assert_eq!(
        decode::<alp_rs::CancelOrderRequest>("cancel_order").order,
        63568
    );
    record("cancel_order");
}

#[test]
fn exchanges() {
    for id in ["exchanges", "own_exchanges"] {
        let e = &decode::<alp_rs::ExchangesRequest>(id)[0];
        assert_eq!(e.id, 6030);
        assert_eq!(e.account_id, Some(384360));
        assert_eq!(e.price, dec!(839.36).into());
        assert_eq!(e.pair, "BTC_USD");
        assert_eq!(e.side, Some(Side::Sell));
        assert_eq!(e.timestamp, Some(secs(1483705817, 735_508_000)));
        assert_eq!(e.amount, dec!(0.00281167).into());
        let own = &decode::<alp_rs::OwnExchangesRequest>(id)[0];
        assert_eq!(own, e);
        record(id);
    }
}

#[test]
fn deposits() {
    let d = &decode::<alp_rs::DepositsRequest>("deposits")[0];
    assert_eq!(d.timestamp, Some(secs(1485363039, 183_590_000)));
    assert_eq!(d.id, 317);
    assert_eq!(d.currency, "BTC");
    assert_eq!(d.amount, dec!(530).into());
    record("deposits");
}

#[test]
fn withdraws() {
    let w = &decode::<alp_rs::WithdrawsRequest>("withdraws")[0];
    assert_eq!(w.id, 403);
    assert_eq!(w.timestamp, Some(secs(1485363466, 868_539_000)));
    assert_eq!(w.currency, "BTC");
    assert_eq!(w.amount, dec!(0.53).into());
    assert_eq!(w.status, Some(WithdrawStatus::Verified));
    record("withdraws");
}

#[test]
fn fee_info() {
    let f = &decode::<alp_rs::FeeInfoRequest>("fee_info")[0];
    assert_eq!(f.name, "account name");
    assert_eq!(f.account_id, 25);
    assert_eq!(f.is_active, Some(true));
    assert_eq!(f.currency.as_deref(), Some("USDT"));
    assert_eq!(f.pair.as_deref(), Some("BTC_USDT"));
    assert_eq!(f.taker_fee_rate, dec!(0.02).into());
    assert_eq!(f.maker_fee_rate, dec!(0.01).into());
    assert_eq!(f.fee_currency, "USDT");
    assert_eq!(f.priority, Some(1));
    record("fee_info");
}

#[test]
fn orders() {
    let o = &decode::<alp_rs::OrdersRequest>("orders")[0];
    assert_eq!(o.id, 76575);
    assert_eq!(o.account_id, 25);
    assert_eq!(o.pair, "BTC_USDT");
    assert_eq!(o.wallet_type, Some(WalletType::Spot));
    assert_eq!(o.side, Some(v3::Side::Buy));
    assert_eq!(o.order_type, Some(v3::OrderType::Limit));
    assert_eq!(o.tif, Some(v3::TimeInForce::Gtc));
    assert_eq!(o.price, dec!(20450.05).into());
    assert_eq!(o.stop_price, dec!(0).into());
    assert_eq!(o.amount, dec!(0.05).into());
    assert_eq!(o.amount_filled, dec!(0).into());
    assert_eq!(o.amount_cancelled, dec!(0).into());
    assert_eq!(o.status, Some(V3Status::Open));
    assert_eq!(o.date, Some(t("2022-10-06T08:28:06.801064-04:00")));
    assert_eq!(o.updated_at, Some(t("2022-10-06T08:28:06.801064-04:00")));
    assert_eq!((o.open_at, o.expire_after, o.done_at), (None, None, None));
    record("orders");
}

#[test]
fn place_order() {
    assert_eq!(
        PlaceOrderRequest::decode(
            response(201, fixture("place_order")),
            &DecodeContext::default()
        )
        .unwrap(),
        34
    );
    // The documented body: our serialisation of the same order carries the same fields.
    let doc: serde_json::Value = serde_json::from_slice(&fixture("place_order_body")).unwrap();
    let ours = PlaceOrderRequest::limit(
        25,
        WalletType::Spot,
        "BTC_USDT",
        v3::Side::Sell,
        dec!(25750.45),
        dec!(0.1),
    )
    .client_order_id("jkndijejnmjn2554562");
    let ours = body_json(&ours);
    // The side goes as the venue's own client spells it (`ASK`); the document's `SELL` is the
    // same side.
    assert_eq!(ours["order_side"], "ASK");
    let doc_side: v3::Side = serde_json::from_value(doc["order_side"].clone()).unwrap();
    assert_eq!(doc_side, v3::Side::Sell);
    for key in [
        "account_id",
        "wallet_type",
        "pair",
        "order_type",
        "tif",
        "limit_price",
        "base_amount",
        "client_order_id",
    ] {
        assert_eq!(ours[key], doc[key], "{key}");
    }
    record("place_order");
}

#[test]
fn cancel_orders() {
    let body = fixture("cancel_orders");
    assert_eq!(
        CancelOrdersRequest::decode(response(202, body.clone()), &DecodeContext::default())
            .unwrap(),
        v3::CancelOutcome::Accepted
    );
    assert_eq!(
        CancelOrdersRequest::decode(response(204, body), &DecodeContext::default()).unwrap(),
        v3::CancelOutcome::NothingToCancel
    );
    let doc: serde_json::Value = serde_json::from_slice(&fixture("cancel_orders_body")).unwrap();
    let ours = body_json(&CancelOrdersRequest::new(false).order_ids(vec![1, 5, 8]));
    assert_eq!(ours["order_ids"], doc["order_ids"]);
    assert_eq!(ours["all"], doc["all"]);
    record("cancel_orders");
}

#[test]
fn accounts() {
    let a = &decode::<alp_rs::AccountsRequest>("accounts")[0];
    assert_eq!(a.id, 25);
    assert_eq!(a.name, "account name");
    assert_eq!(a.email, "test_user_email@gmail.com");
    assert_eq!(a.id_parent, 0);
    record("accounts");
}

#[test]
fn account_trades() {
    let tr = &decode::<alp_rs::AccountTradesRequest>("account_trades")[0];
    assert_eq!(tr.date, Some(t("2022-10-06T08:28:06.801064-04:00")));
    assert_eq!(tr.status, Some(V3Status::Filled));
    assert_eq!(tr.side, Some(v3::Side::Buy));
    assert_eq!(tr.order_type, Some(v3::OrderType::Limit));
    assert_eq!(tr.price, dec!(23400.34).into());
    assert_eq!(tr.amount, dec!(0.05).into());
    assert_eq!(tr.amount_unfilled, dec!(0).into());
    assert_eq!(tr.fee_rate, dec!(0.001).into());
    assert_eq!(tr.fee_amount, dec!(1.170017).into());
    assert_eq!(tr.is_maker, Some(true));
    assert_eq!(tr.account_id, 25);
    assert_eq!(tr.currency.as_deref(), Some("USDT"));
    assert_eq!(tr.pair, "BTC_USDT");
    assert_eq!(tr.fee_currency, "USDT");
    assert_eq!(tr.wallet_type, Some(WalletType::Spot));
    record("account_trades");
}

#[test]
fn account_balances() {
    let b = &decode::<alp_rs::AccountBalancesRequest>("account_balances")[0];
    assert_eq!(b.account_id, 25);
    assert_eq!(b.balance, dec!(2000.0).into());
    assert_eq!(b.reserve, dec!(500.0).into());
    assert_eq!(b.currency, "USDT");
    assert_eq!(b.pair.as_deref(), Some("BTC_USDT"));
    assert_eq!(b.wallet_type, Some(WalletType::Spot));
    assert_eq!(
        b.last_update_at,
        Some(t("2022-10-06T08:28:06.801064-04:00"))
    );
    record("account_balances");
}

#[test]
fn wallet_activity() {
    let w = &decode::<alp_rs::WalletActivityRequest>("wallet_activity")[0];
    assert_eq!(w.id, 12);
    assert_eq!(w.account_id, 25);
    assert_eq!(w.currency, "USDT");
    assert_eq!(w.pair.as_deref(), Some("USDT_BTC"));
    assert_eq!(w.wallet_id, 3);
    assert_eq!(w.date, Some(t("2022-10-06T08:28:06.801064-04:00")));
    assert_eq!(w.motion_type, "MOTION_TYPE_ORDER");
    assert_eq!(w.balance, dec!(10000.0).into());
    assert_eq!(w.balance_delta, dec!(1500.0).into());
    assert_eq!(w.reserve, dec!(500.0).into());
    assert_eq!(w.reserve_delta, dec!(-1500.0).into());
    assert_eq!(w.balance_end, dec!(9500.0).into());
    assert_eq!(w.reserve_end, dec!(500.0).into());
    assert_eq!(w.wallet_type, Some(WalletType::Spot));
    record("wallet_activity");
}

#[test]
fn margin_positions() {
    let m = &decode::<alp_rs::MarginPositionsRequest>("margin_positions")[0];
    assert_eq!(m.id, 38237);
    assert_eq!(m.account_id, 25);
    assert_eq!(m.wallet_type, Some(WalletType::IsolatedMargin));
    assert_eq!(m.interest, dec!(0.003).into());
    // The venue spells it `currecny`.
    assert_eq!(m.currency, "ETH");
    assert_eq!(m.borrowed, dec!(0.3).into());
    assert_eq!(m.pair.as_deref(), Some("BTC_ETH"));
    // The correct spelling decodes too.
    let fixed = String::from_utf8(fixture("margin_positions"))
        .unwrap()
        .replace("currecny", "currency");
    let again = alp_rs::MarginPositionsRequest::decode(
        response(200, fixed.into_bytes()),
        &DecodeContext::default(),
    )
    .unwrap();
    assert_eq!(&again[0], m);
    record("margin_positions");
}

#[test]
fn close_margin() {
    CloseMarginRequest::decode(
        response(202, fixture("close_margin")),
        &DecodeContext::default(),
    )
    .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&fixture("close_margin_body")).unwrap();
    let body = CloseMarginRequest::new(WalletType::IsolatedMargin).pair("BTC_USDT");
    assert_eq!(body_json(&body), doc);
    record("close_margin");
}

#[test]
fn margin_borrows() {
    let b = &decode::<alp_rs::MarginBorrowsRequest>("margin_borrows")[0];
    assert_eq!(b.id, 3636);
    assert_eq!(b.date, Some(t("2022-10-06T08:28:06.801064-04:00")));
    assert_eq!(b.loan_type, Some(LoanType::Manual));
    assert_eq!(b.wallet_type, Some(WalletType::IsolatedMargin));
    assert_eq!(b.opened_at, Some(t("2022-10-06T08:28:06.801064-04:00")));
    assert_eq!(b.closed_at, None);
    assert_eq!(b.borrowed, dec!(0.03).into());
    assert_eq!(b.repaid, dec!(0).into());
    assert_eq!(b.interest_rate, dec!(0.0001).into());
    assert_eq!(b.interest_accrued, dec!(0.0002).into());
    assert_eq!(b.interest_paid, dec!(0.0002).into());
    assert_eq!(b.account_id, 25);
    assert_eq!(b.currency, "ETH");
    assert_eq!(b.pair.as_deref(), Some("BTC_ETH"));
    assert_eq!(
        b.last_interest_at,
        Some(t("2022-10-06T10:28:06.801064-04:00"))
    );
    record("margin_borrows");
}

#[test]
fn margin_borrow() {
    MarginBorrowRequest::decode(
        response(200, fixture("margin_borrow")),
        &DecodeContext::default(),
    )
    .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&fixture("margin_borrow_body")).unwrap();
    let body = MarginBorrowRequest::new(
        "ETH",
        None,
        WalletType::CrossMargin,
        LoanType::Manual,
        dec!(0.3),
    );
    assert_eq!(body_json(&body), doc);
    record("margin_borrow");
}

#[test]
fn margin_transfers() {
    let tr = &decode::<alp_rs::MarginTransfersRequest>("margin_transfers")[0];
    assert_eq!(tr.id, 30930);
    assert_eq!(tr.account_id, 25);
    assert_eq!(tr.wallet_type, Some(WalletType::IsolatedMargin));
    assert_eq!(tr.date, Some(t("2022-10-06T08:28:06.801064-04:00")));
    assert_eq!(tr.direction, Some(Direction::Add));
    assert_eq!(tr.currency, "ETH");
    assert_eq!(tr.pair.as_deref(), Some("ETH_BTC"));
    assert_eq!(tr.amount, dec!(0.02).into());
    assert_eq!(tr.note, "test isolated margin transfer");
    record("margin_transfers");
}

#[test]
fn margin_transfer() {
    MarginTransferRequest::decode(
        response(200, fixture("margin_transfer")),
        &DecodeContext::default(),
    )
    .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&fixture("margin_transfer_body")).unwrap();
    let body = MarginTransferRequest::new(
        WalletType::CrossMargin,
        Direction::Sub,
        "ETH",
        dec!(0.02),
        None,
    )
    .note("test transfer note");
    assert_eq!(body_json(&body), doc);
    record("margin_transfer");
}

#[test]
fn margin_repays() {
    let r = &decode::<alp_rs::MarginRepaysRequest>("margin_repays")[0];
    assert_eq!(r.id, 30930);
    assert_eq!(r.account_id, 25);
    assert_eq!(r.wallet_type, Some(WalletType::IsolatedMargin));
    assert_eq!(r.date, Some(t("2022-10-06T08:28:06.801064-04:00")));
    assert_eq!(r.loan_type, Some(LoanType::Manual));
    assert_eq!(r.currency, "ETH");
    assert_eq!(r.pair.as_deref(), Some("ETH_BTC"));
    assert_eq!(r.principal_amount, dec!(0.02).into());
    assert_eq!(r.interest_amount, dec!(0.0005).into());
    assert_eq!(r.borrow_id, 283);
    record("margin_repays");
}

#[test]
fn margin_repay() {
    MarginRepayRequest::decode(
        response(200, fixture("margin_repay")),
        &DecodeContext::default(),
    )
    .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&fixture("margin_repay_body")).unwrap();
    let body = MarginRepayRequest::new(
        WalletType::CrossMargin,
        LoanType::Manual,
        "ETH",
        dec!(0.02),
        None,
    );
    assert_eq!(body_json(&body), doc);
    record("margin_repay");
}

#[test]
fn margin_interest() {
    let i = &decode::<alp_rs::MarginInterestRequest>("margin_interest")[0];
    assert_eq!(i.id, 32864);
    assert_eq!(i.account_id, 25);
    assert_eq!(i.wallet_type, Some(WalletType::IsolatedMargin));
    assert_eq!(i.date, Some(t("2022-10-06T08:28:06.801064-04:00")));
    assert_eq!(i.currency, "ETH");
    assert_eq!(i.pair.as_deref(), Some("ETH_BTC"));
    assert_eq!(i.interest_rate, dec!(0.00023).into());
    assert_eq!(i.borrow_id, 234);
    assert_eq!(i.interest_accrued, dec!(0.0023).into());
    assert_eq!(i.interest_paid, dec!(0.0046).into());
    record("margin_interest");
}

#[test]
fn margin_liquidations() {
    let l = &decode::<alp_rs::MarginLiquidationsRequest>("margin_liquidations")[0];
    assert_eq!(l.id, 293878);
    assert_eq!(l.account_id, 25);
    assert_eq!(l.created_at, Some(t("2022-10-06T08:28:06.801064-04:00")));
    assert_eq!(l.wallet_type, Some(WalletType::IsolatedMargin));
    assert_eq!(l.margin_level, dec!(0.002).into());
    assert_eq!(l.closed_at, None);
    assert_eq!(l.amount, dec!(0.015).into());
    assert_eq!(l.fund_amount, dec!(0.03).into());
    assert_eq!(l.currency, "ETH");
    assert_eq!(l.order_closed, vec![1, 3]);
    assert_eq!(l.order_created, vec![5]);
    assert_eq!(l.borrow_closed, vec![22, 41]);
    assert_eq!(l.repay_created, vec![54]);
    record("margin_liquidations");
}

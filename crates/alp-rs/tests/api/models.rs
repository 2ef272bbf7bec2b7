//! Models survive any serde format, and follow the one leniency rule: only ids are required
//! (no field table of the document promises a response field), so every other field of every
//! documented sample may be missing or `null` without failing the answer.

use std::fmt::Debug;

use alp_rs::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use venue_common::api::{ApiRequest, DecodeContext};

use super::common::{fixture, response};

/// Decodes the fixture `id` through `R`'s decoder, round-trips the answer through every
/// format, and checks the leniency rule with `required` (ids) kept.
fn check<R>(id: &str, required: &[&str])
where
    R: ApiRequest,
    R::Output: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let sample = fixture(id);
    let decoded = R::decode(response(200, sample.clone()), &DecodeContext::default())
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    venue_testkit::formats::round_trip(id, &decoded);
    let text = String::from_utf8(sample).unwrap();
    let breaches = venue_testkit::leniency::optional_fields(&text, required, |variant| {
        R::decode(
            response(200, variant.as_bytes().to_vec()),
            &DecodeContext::default(),
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
    });
    assert!(breaches.is_empty(), "{id}:\n{}", breaches.join("\n"));
}

#[test]
fn v1_models_round_trip_and_only_ids_are_required() {
    check::<CurrenciesRequest>("currencies", &[]);
    check::<PairsRequest>("pairs", &[]);
    check::<TickerRequest>("ticker", &[]);
    check::<ChartsRequest>("charts", &[]);
    check::<WalletsRequest>("wallets", &[]);
    check::<OrderbookRequest>("orderbook", &[]);
    check::<OwnOrdersRequest>("own_orders", &["[].id"]);
    check::<OrderRequest>("order", &["id"]);
    check::<CreateOrderRequest>("create_order", &["oid", "trades[].o_id", "trades[].tid"]);
    check::<CancelOrderRequest>("cancel_order", &["order"]);
    check::<ExchangesRequest>("exchanges", &["[].id"]);
    check::<OwnExchangesRequest>("own_exchanges", &["[].id"]);
    check::<DepositsRequest>("deposits", &["[].id"]);
    check::<WithdrawsRequest>("withdraws", &["[].id"]);
}

#[test]
fn v3_models_round_trip_and_only_ids_are_required() {
    check::<FeeInfoRequest>("fee_info", &["[].account_id"]);
    check::<OrdersRequest>("orders", &["[].id", "[].account_id"]);
    check::<AccountsRequest>("accounts", &["[].id"]);
    check::<AccountTradesRequest>("account_trades", &["[].account_id"]);
    check::<AccountBalancesRequest>("account_balances", &["[].account_id"]);
    check::<WalletActivityRequest>(
        "wallet_activity",
        &["[].id", "[].account_id", "[].wallet_id"],
    );
    check::<MarginPositionsRequest>("margin_positions", &["[].id", "[].account_id"]);
    check::<MarginBorrowsRequest>("margin_borrows", &["[].id", "[].account_id"]);
    check::<MarginTransfersRequest>("margin_transfers", &["[].id", "[].account_id"]);
    check::<MarginRepaysRequest>("margin_repays", &["[].id", "[].account_id", "[].borrow_id"]);
    check::<MarginInterestRequest>(
        "margin_interest",
        &["[].id", "[].account_id", "[].borrow_id"],
    );
    check::<MarginLiquidationsRequest>("margin_liquidations", &["[].id", "[].account_id"]);
}

#[test]
fn one_null_does_not_fail_an_order_list() {
    // A market order with no price, a limit order with no stop price (the venue's own client
    // types `stop_price` optional), and the client's spelling `amount_canceled`.
    let body = br#"[
      {"id": 1, "account_id": 25, "pair": "BTC_USDT", "wallet_type": "SPOT", "side": "BID",
       "type": "MARKET", "tif": "GTC", "price": null, "stop_price": null, "amount": 0.05,
       "amount_filled": 0.05, "amount_canceled": 0, "status": "FILLED",
       "date": "2022-10-06T08:28:06.801064-04:00", "updated_at": null,
       "open_at": "", "expire_after": "", "done_at": "2022-10-06T08:28:07Z"},
      {"id": 2, "account_id": 25, "pair": "BTC_USDT", "wallet_type": "SPOT", "side": "ASK",
       "type": "LIMIT", "tif": "GTC", "price": 20450.05, "amount": 0.05, "amount_filled": 0,
       "status": "PARTIAL_FILLED", "date": "2022-10-06T08:28:06Z"}
    ]"#;
    let orders =
        OrdersRequest::decode(response(200, body.to_vec()), &DecodeContext::default()).unwrap();
    assert_eq!(orders.len(), 2);
    assert_eq!(orders[0].price, None);
    assert_eq!(orders[0].stop_price, None);
    assert_eq!(
        orders[0].amount_cancelled,
        Some(rust_decimal::Decimal::ZERO)
    );
    assert_eq!(orders[0].side, Some(v3::Side::Buy));
    assert_eq!(orders[1].stop_price, None);
    assert_eq!(orders[1].status, Some(v3::OrderStatus::PartialFilled));
}

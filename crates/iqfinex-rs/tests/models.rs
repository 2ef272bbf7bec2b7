//! Every public response model, decoded from its documented sample (and the recorded live
//! answers), survives any serde format, and follows the leniency rule: only ids and what the
//! document's field tables promise are required; any other field may be missing or `null`
//! without failing the whole answer.

use std::collections::BTreeMap;
use std::fmt::Debug;

use iqfinex_rs::{
    AccountInfo, Asset, Balances, Candle, Currency, MyTrade, Order, OrderBook, Paged, PublicTrade,
    Ticker,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use venue_testkit::formats::round_trip;
use venue_testkit::leniency::optional_fields;

#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct Envelope<T> {
    #[allow(dead_code)]
    status: serde_json::Value,
    data: T,
}

fn read(file: &str) -> String {
    let path = format!("{}/tests/fixtures/{file}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Decodes `file` as `T`, round-trips it through every format, and checks that every field
/// outside `required` (plus the envelope's `status` and `data`) may be missing or `null`.
fn check<T>(file: &str, required: &[&str]) -> T
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let text = read(file);
    let value = serde_json::from_str::<Envelope<T>>(&text)
        .unwrap_or_else(|e| panic!("{file}: {e}"))
        .data;
    round_trip(file, &value);
    let mut all = vec!["status", "data"];
    all.extend_from_slice(required);
    let breaches = optional_fields(&text, &all, |variant| {
        serde_json::from_str::<Envelope<T>>(variant)
            .map(drop)
            .map_err(|e| e.to_string())
    });
    assert!(breaches.is_empty(), "{file}: {breaches:#?}");
    value
}

// The field tables of the document (`003_31b01ed3b3fe8e7f.txt`), path by path. Where a
// recorded live answer omits a field the table lists (`isTrade` of assets, `timestamp` of
// tickers), the field is optional: the live venue wins (docs/venues/iqfinex.md).

/// Currencies: every field of the table but `alias` (a display name, read as `""`).
const CURRENCY: &[&str] = &[
    "name",
    "commission",
    "type",
    "confirmations",
    "min_withdrawal",
    "min_deposit",
    "isDeposit",
    "isWithdrawal",
];
/// Assets: the table but `isTrade`, which live rows omit.
const ASSET: &[&str] = &["pair", "right", "left", "accuracy", "min_volume"];
/// Tickers: the table but `timestamp`, which live tickers omit.
const TICKER: &[&str] = &[
    "bid",
    "ask",
    "bid_vol",
    "ask_vol",
    "buy_size",
    "sell_size",
    "high",
    "low",
    "last",
    "volume24",
    "percentChange",
];
/// Public trades: the whole table (`asset` is not in it).
const PUBLIC_TRADE: &[&str] = &["id", "volume", "price", "close_time", "type"];
/// Orders: the fields every order table (open, cancel, opened, history, status) lists;
/// `price` is absent from market orders, `volume` from the history, `stopPrice` and
/// `close_time` are optional by the tables themselves.
const ORDER: &[&str] = &[
    "id",
    "asset",
    "cmd",
    "type",
    "original_volume",
    "executed_volume",
    "open_time",
    "status",
];
/// The account's trades: the table, but `commissionCurrency` (typed double, sent as a
/// currency code: kept optional); `id_user` and `target_user` are not in it.
const MY_TRADE: &[&str] = &[
    "id",
    "asset",
    "cmd",
    "price",
    "volume",
    "order_id",
    "commission",
    "open_time",
    "close_time",
];

fn under(prefix: &str, fields: &[&'static str]) -> Vec<&'static str> {
    fields
        .iter()
        .map(|f| &*Box::leak(format!("{prefix}{f}").into_boxed_str()))
        .collect()
}

fn with(mut a: Vec<&'static str>, more: &[&'static str]) -> Vec<&'static str> {
    a.extend_from_slice(more);
    a
}

#[test]
fn currencies() {
    let one: Currency = check("currency", &under("data.", CURRENCY));
    assert_eq!(one.name, "BTC");
    // A list: a bare array (as the document implies) or a page (as the venue answers).
    let list: Paged<Currency> = check("currencies", &under("data[].", CURRENCY));
    assert_eq!(list.rows, vec![one]);
}

#[test]
fn assets() {
    let one: Asset = check("asset", &under("data.", ASSET));
    assert_eq!(one.is_trade, Some(true));
    let list: Paged<Asset> = check("assets", &under("data[].", ASSET));
    assert_eq!(list.rows, vec![one]);
    let live: Paged<Asset> = check(
        "live/assets",
        &with(under("data.rows[].", ASSET), &["data.rows"]),
    );
    assert_eq!(live.count, Some(58));
    assert_eq!(live.rows[0].accuracy, 7);
    assert_eq!(live.rows[0].is_trade, None);
}

#[test]
fn tickers() {
    let one: Ticker = check("ticker", &under("data.", TICKER));
    assert!(one.timestamp.is_some());
    // Keyed by asset: a key is the asset, not a field.
    let map: BTreeMap<String, Ticker> = check(
        "tickers",
        &with(under("data.BTCUSDT.", TICKER), &["data.BTCUSDT"]),
    );
    assert_eq!(map["BTCUSDT"], one);
    let keys = ["data.AEBTC", "data.BTCUSDT", "data.ELYETH", "data.KITBTC"];
    let mut required = keys.to_vec();
    for k in keys {
        required.extend(under(&format!("{k}."), TICKER));
    }
    let live: BTreeMap<String, Ticker> = check("live/tickers", &required);
    assert_eq!(live["BTCUSDT"].timestamp, None);
}

#[test]
fn orderbook() {
    // Keys of a side are prices and their values the levels: data, not fields. A missing or
    // `null` side is an empty side; a `null` level is no level.
    let book: OrderBook = check("orderbook", &[]);
    assert_eq!(book.bids.len(), 4);
    assert_eq!(book.asks.len(), 4);
}

#[test]
fn public_trades() {
    let page: Paged<PublicTrade> = check(
        "trades",
        &with(under("data.rows[].", PUBLIC_TRADE), &["data.rows"]),
    );
    assert_eq!(page.rows.len(), 3);
    let live: Paged<PublicTrade> = check(
        "live/trades",
        &with(under("data.rows[].", PUBLIC_TRADE), &["data.rows"]),
    );
    assert_eq!(live.count, Some(155317));
}

#[test]
fn candles() {
    // Rows are arrays `[open, high, low, close, volume, close_time?]`: positions, not fields.
    let page: Paged<Candle> = check("candles", &["data.rows"]);
    assert_eq!(page.rows.len(), 3);
    assert!(page.rows[0].is_active());
}

#[test]
fn account_info() {
    // `email`, `role`, `keylabel` and `whitelist` are in the table but describe, not decide:
    // read as empty when missing or `null`.
    let info: AccountInfo = check(
        "account_info",
        &["data.id", "data.isTrade", "data.isWithdrawal"],
    );
    assert_eq!(info.id, 1);
}

#[test]
fn balance() {
    // Keyed by coin: a key is the coin, its value the balance the table describes.
    let mut required = Vec::new();
    for coin in ["BTC", "BTG", "ETH"] {
        required.push(&*Box::leak(format!("data.{coin}").into_boxed_str()));
        required.extend(under(
            &format!("data.{coin}."),
            &["balance", "free_balance"],
        ));
    }
    let balances: Balances = check("balance", &required);
    assert_eq!(balances.len(), 3);
}

#[test]
fn orders() {
    for file in ["open_order", "cancel_order", "order_status"] {
        let order: Order = check(file, &under("data.", ORDER));
        assert!(order.id > 0);
    }
    for file in ["opened_orders", "closed_orders"] {
        let page: Paged<Order> = check(file, &with(under("data.rows[].", ORDER), &["data.rows"]));
        assert!(!page.rows.is_empty());
    }
}

#[test]
fn my_trades() {
    for file in ["order_trades", "my_trades"] {
        let page: Paged<MyTrade> =
            check(file, &with(under("data.rows[].", MY_TRADE), &["data.rows"]));
        assert_eq!(page.rows[0].commission_currency.as_deref(), Some("MOD"));
    }
}

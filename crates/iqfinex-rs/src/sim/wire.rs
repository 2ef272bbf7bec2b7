//! What the local IQFinex sends, field by field as the document's result tables and samples
//! show them: the `{"status": 200, "data": ...}` envelope, `{"status": <code>, "message"}`
//! refusals, exact numbers, times in UNIX seconds.

use chrono::{DateTime, Utc};
use venue_common::StatusCode;
use venue_common::sim::{IntoReply, Json, Reply};

use super::Shapes;
use super::engine::{
    Asset, Candle, Currency, Level, MyTrade, Order, Page, Refusal, Ticker, Trade, User,
};

/// The success envelope.
pub(crate) fn ok(data: Json) -> Reply {
    Json::obj([("status", Json::int(200)), ("data", data)]).reply(StatusCode::OK)
}

/// The refusal shape, with the status as both HTTP status and `status` field.
pub(crate) fn refuse(status: u16, message: &str) -> Reply {
    let http = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    Json::obj([
        ("status", Json::int(status)),
        ("message", Json::str(message)),
    ])
    .reply(http)
}

impl IntoReply for Refusal {
    fn into_reply(self) -> Reply {
        refuse(self.status, &self.message)
    }
}

fn secs(t: DateTime<Utc>) -> Json {
    Json::int(t.timestamp())
}

pub(crate) fn currency(c: &Currency) -> Json {
    Json::obj([
        ("name", Json::str(c.name)),
        ("alias", Json::str(c.alias)),
        ("commission", Json::num(c.commission)),
        ("type", Json::str(c.kind)),
        ("confirmations", Json::int(c.confirmations)),
        ("min_withdrawal", Json::num(c.min_withdrawal)),
        ("min_deposit", Json::num(c.min_deposit)),
        ("isDeposit", Json::Bool(true)),
        ("isWithdrawal", Json::Bool(true)),
    ])
}

/// A list without paging parameters: a `{count, rows}` page as the live venue answers, or the
/// bare array the document implies.
pub(crate) fn list(shapes: Shapes, rows: impl Iterator<Item = Json>) -> Json {
    let rows: Vec<Json> = rows.collect();
    match shapes {
        Shapes::Document => Json::Arr(rows),
        Shapes::Live => Json::obj([
            ("count", Json::int(rows.len() as u64)),
            ("rows", Json::Arr(rows)),
        ]),
    }
}

/// An asset row: live rows carry `accuracy` as a string and no `isTrade`.
pub(crate) fn asset(a: &Asset, shapes: Shapes) -> Json {
    let mut fields = vec![
        ("pair", Json::str(a.pair)),
        ("right", Json::str(a.right)),
        ("left", Json::str(a.left)),
    ];
    match shapes {
        Shapes::Live => fields.push(("accuracy", Json::str(a.accuracy.to_string()))),
        Shapes::Document => fields.push(("accuracy", Json::int(a.accuracy))),
    }
    fields.push(("min_volume", Json::num(a.min_volume)));
    if shapes == Shapes::Document {
        fields.push(("isTrade", Json::Bool(a.is_trade)));
    }
    Json::obj(fields)
}

/// A ticker: live tickers carry no `timestamp`.
pub(crate) fn ticker(t: &Ticker, shapes: Shapes) -> Json {
    let mut fields = ticker_fields(t);
    if shapes == Shapes::Live {
        fields.retain(|(name, _)| *name != "timestamp");
    }
    Json::obj(fields)
}

fn ticker_fields(t: &Ticker) -> Vec<(&'static str, Json)> {
    vec![
        ("bid", Json::num(t.bid)),
        ("ask", Json::num(t.ask)),
        ("bid_vol", Json::num(t.bid_vol)),
        ("ask_vol", Json::num(t.ask_vol)),
        ("buy_size", Json::num(t.buy_size)),
        ("sell_size", Json::num(t.sell_size)),
        ("high", Json::num(t.high)),
        ("low", Json::num(t.low)),
        ("last", Json::num(t.last)),
        ("volume24", Json::num(t.volume24)),
        ("percentChange", Json::num(t.percent_change)),
        ("timestamp", secs(t.timestamp)),
    ]
}

/// `/v1/tickers`: an object keyed by asset.
pub(crate) fn tickers(list: &[(&'static str, Ticker)], shapes: Shapes) -> Json {
    Json::obj(list.iter().map(|(a, t)| (*a, ticker(t, shapes))))
}

/// One side of the book: an object keyed by the price's text, each value
/// `[volume, positions]`, ascending by price as in the document's sample.
fn book_side(levels: &[Level]) -> Json {
    let mut sorted: Vec<&Level> = levels.iter().collect();
    sorted.sort_by_key(|l| l.0);
    Json::obj(sorted.into_iter().map(|(price, volume, positions)| {
        (
            price.normalize().to_string(),
            Json::arr([Json::num(*volume), Json::int(*positions)]),
        )
    }))
}

pub(crate) fn orderbook(bids: &[Level], asks: &[Level]) -> Json {
    Json::obj([("buy", book_side(bids)), ("sell", book_side(asks))])
}

fn page<T>(p: &Page<T>, row: impl Fn(&T) -> Json) -> Json {
    Json::obj([
        ("count", Json::int(p.count)),
        ("rows", Json::arr(p.rows.iter().map(row))),
    ])
}

pub(crate) fn public_trades(p: &Page<&Trade>) -> Json {
    page(p, |t| {
        Json::obj([
            ("id", Json::int(t.id)),
            ("type", Json::str(t.taker_side.as_str())),
            ("volume", Json::num(t.volume)),
            ("price", Json::num(t.price)),
            ("close_time", secs(t.time)),
            ("asset", Json::str(t.asset)),
        ])
    })
}

/// Candles are arrays `[open, high, low, close, volume, close_time?]`: the candle still open
/// has no close time.
pub(crate) fn candles(p: &Page<Candle>) -> Json {
    page(p, |(o, h, l, c, v, close)| {
        let mut row = vec![
            Json::num(*o),
            Json::num(*h),
            Json::num(*l),
            Json::num(*c),
            Json::num(*v),
        ];
        if let Some(t) = close {
            row.push(secs(*t));
        }
        Json::Arr(row)
    })
}

pub(crate) fn account_info(u: &User) -> Json {
    Json::obj([
        ("id", Json::int(u.id)),
        ("email", Json::str(u.email.clone())),
        ("role", Json::int(1)),
        ("keylabel", Json::str(u.keylabel.clone())),
        ("isTrade", Json::Bool(u.is_trade)),
        ("isWithdrawal", Json::Bool(u.is_withdrawal)),
        // "ip whitelist separated by ','".
        ("whitelist", Json::str(u.whitelist.join(","))),
    ])
}

pub(crate) fn balances(
    rows: &[(&'static str, rust_decimal::Decimal, rust_decimal::Decimal)],
) -> Json {
    Json::obj(rows.iter().map(|(coin, total, free)| {
        (
            *coin,
            Json::obj([
                ("balance", Json::num(*total)),
                ("free_balance", Json::num(*free)),
            ]),
        )
    }))
}

/// Which order fields a listing shows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum OrderView {
    /// Open, cancel, opened orders, order status: the active `volume` included.
    Live,
    /// Order history: no active volume, as in the document's sample.
    History,
}

pub(crate) fn order(o: &Order, view: OrderView) -> Json {
    let mut fields: Vec<(&str, Json)> = vec![
        ("id", Json::int(o.id)),
        ("asset", Json::str(o.asset)),
        ("cmd", Json::str(o.side.as_str())),
    ];
    if view == OrderView::Live {
        fields.push(("volume", Json::num(o.remaining())));
    }
    fields.push(("type", Json::str(o.kind.as_str())));
    if let Some(p) = o.price {
        fields.push(("price", Json::num(p)));
    }
    if let Some(s) = o.stop_price {
        fields.push(("stopPrice", Json::num(s)));
    }
    fields.push(("original_volume", Json::num(o.original)));
    fields.push(("executed_volume", Json::num(o.executed)));
    fields.push(("open_time", secs(o.open_time)));
    if let Some(t) = o.close_time {
        fields.push(("close_time", secs(t)));
    }
    fields.push(("status", Json::str(o.status.as_str())));
    Json::obj(fields)
}

pub(crate) fn orders(p: &Page<&Order>, view: OrderView) -> Json {
    page(p, |o| order(o, view))
}

pub(crate) fn my_trades(p: &Page<MyTrade>) -> Json {
    page(p, |t| {
        Json::obj([
            ("id", Json::int(t.id)),
            ("id_user", Json::int(t.user)),
            ("volume", Json::num(t.volume)),
            ("price", Json::num(t.price)),
            ("cmd", Json::str(t.side.as_str())),
            ("asset", Json::str(t.asset)),
            ("commission", Json::num(rust_decimal::Decimal::ZERO)),
            ("commissionCurrency", Json::str(t.received)),
            ("open_time", secs(t.open_time)),
            ("target_user", Json::int(t.target_user)),
            ("close_time", secs(t.close_time)),
            ("order_id", Json::int(t.order_id)),
        ])
    })
}

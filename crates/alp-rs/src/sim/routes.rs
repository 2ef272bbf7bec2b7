//! Endpoint id to handler for v1 (and the guards every handler goes through): one small
//! function per endpoint of the document. v3's handlers are in `v3.rs`.

use std::collections::HashMap;

use rust_decimal::Decimal;
use venue_common::sim::{Json, Reply, Request, Routes};
use venue_common::{Endpoint, StatusCode};

use super::engine::{Side, State, Status, total};
use super::json::{kilosecs, ns, secs};
use super::wire::{ok, refusal_v1, too_many, v1_err};
use super::{AlpVenue, auth, now_ms, v3};
use crate::generated::endpoints as ep;

/// `POST /v3/auth`: the login the venue's own client uses (not an endpoint of the spec: the
/// client calls it by itself before any v3 call).
pub(crate) const V3_AUTH: Endpoint =
    Endpoint::new("v3_auth", venue_common::HttpMethod::Post, "/v3/auth")
        .section("v3 Authentication")
        .summary("Exchange the API key and secret for a JWT");

pub(crate) type Query = HashMap<String, String>;

pub(crate) fn register(routes: &mut Routes<AlpVenue>) {
    routes
        .on(ep::CURRENCIES, |v, r| public(v, r, currencies))
        .on(ep::PAIRS, |v, r| public(v, r, pairs))
        .on(ep::TICKER, |v, r| public(v, r, ticker))
        .on(ep::ORDERBOOK, |v, r| {
            public(v, r, |st, q| {
                orderbook(st, r.param("pair").unwrap_or(""), q)
            })
        })
        .on(ep::EXCHANGES, |v, r| {
            public(v, r, |st, q| exchanges(st, None, q))
        })
        .on(ep::CHARTS, |v, r| public(v, r, |st, q| charts(st, r, q)))
        .on(ep::WALLETS, |v, r| private(v, r, wallets))
        .on(ep::OWN_ORDERS, |v, r| private(v, r, own_orders))
        .on(ep::ORDER, |v, r| {
            private(v, r, |st, a, q| {
                order(st, a, r.param("pk").unwrap_or(""), q)
            })
        })
        .on(ep::CREATE_ORDER, |v, r| {
            let fields = auth::payload_pairs(r);
            private(v, r, move |st, a, _| create_order(st, a, &fields))
        })
        .on(ep::CANCEL_ORDER, |v, r| {
            let fields = auth::payload_pairs(r);
            private(v, r, move |st, a, _| cancel_order(st, a, &fields))
        })
        .on(ep::OWN_EXCHANGES, |v, r| {
            private(v, r, |st, a, q| exchanges(st, Some(a), q))
        })
        .on(ep::DEPOSITS, |v, r| private(v, r, deposits))
        .on(ep::WITHDRAWS, |v, r| private(v, r, withdraws))
        .on(V3_AUTH, |v: &AlpVenue, r: &Request| {
            if !v.allow(ip(r), v.config.public_per_second) {
                return too_many(true);
            }
            v.v3_login(r)
        });
    v3::register(routes);
}

fn ip(r: &Request) -> String {
    format!("ip:{}", r.peer().ip())
}

/// A public v1 call: the per-IP limit, then the handler on the state.
/// The document writes every v1 path but the order book's with a trailing slash: a request
/// without it is unknown here (`404`), as a router that follows the document would have it.
/// The charts path, which the document writes without one, is taken both ways (clients of the
/// live venue send `chart/`).
fn slash_missing(r: &Request) -> Option<Reply> {
    let template = r.endpoint().path;
    let lenient = r.endpoint().id == ep::CHARTS.id;
    (template.ends_with('/') && !lenient && !r.path().ends_with('/')).then(|| {
        v1_err(
            StatusCode::NOT_FOUND,
            format!(
                "no route: {}",
                venue_common::error::excerpt(r.path().as_bytes())
            ),
        )
    })
}

fn public(v: &AlpVenue, r: &Request, f: impl FnOnce(&State, &Query) -> Reply) -> Reply {
    if let Some(not_found) = slash_missing(r) {
        return not_found;
    }
    if !v.allow(ip(r), v.config.public_per_second) {
        return too_many(false);
    }
    let q = r.query_map();
    let st = v.state.lock();
    f(&st, &q)
}

/// A private v1 call: signature and nonce, the per-account limit, then the handler.
fn private(v: &AlpVenue, r: &Request, f: impl FnOnce(&mut State, u64, &Query) -> Reply) -> Reply {
    if let Some(not_found) = slash_missing(r) {
        return not_found;
    }
    let account = match v.v1_auth(r) {
        Ok(a) => a,
        Err(refusal) => return refusal,
    };
    if !v.allow_account(account) {
        return too_many(false);
    }
    let q = r.query_map();
    let mut st = v.state.lock();
    f(&mut st, account, &q)
}

pub(crate) fn dec_param(q: &Query, name: &str) -> Option<Decimal> {
    q.get(name)
        .and_then(|v| venue_common::sim::fields::decimal(v))
}

fn usize_param(q: &Query, name: &str, default: usize) -> Result<usize, String> {
    match q.get(name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| format!("{name} must be an integer")),
    }
}

fn v1_status(st: Status) -> i64 {
    match st {
        Status::Active => 1,
        Status::Canceled => 2,
        Status::Done => 3,
    }
}

// ------------------------------------------------------------------ public

fn currencies(st: &State, _: &Query) -> Reply {
    ok(Json::Arr(
        st.currencies
            .iter()
            .map(|(c, sign)| Json::obj([("sign", Json::str(*sign)), ("short_name", Json::str(*c))]))
            .collect(),
    ))
}

fn pairs(st: &State, q: &Query) -> Reply {
    ok(Json::Arr(
        st.pairs
            .iter()
            .filter(|p| q.get("currency1").is_none_or(|c| c == p.base))
            .filter(|p| q.get("currency2").is_none_or(|c| c == p.quote))
            .map(|p| {
                Json::obj([
                    ("name", Json::str(p.name)),
                    ("currency1", Json::str(p.base)),
                    ("currency2", Json::str(p.quote)),
                    ("price_precision", Json::int(p.price_precision)),
                    ("amount_precision", Json::int(p.amount_precision)),
                    (
                        "maximum_order_size",
                        Json::num(Decimal::new(100_000_000, 0)),
                    ),
                    (
                        "minimum_order_size",
                        Json::num(Decimal::new(1, p.amount_precision)),
                    ),
                    ("liquidity_type", Json::int(10)),
                ])
            })
            .collect(),
    ))
}

fn ticker(st: &State, q: &Query) -> Reply {
    let now = now_ms();
    let list = st
        .pairs
        .iter()
        .filter(|p| q.get("pair").is_none_or(|x| x == p.name))
        .map(|p| {
            let day: Vec<_> = st
                .trades
                .iter()
                .filter(|t| t.pair == p.name && t.time > now - 86_400_000)
                .collect();
            let last = st
                .trades
                .iter()
                .rfind(|t| t.pair == p.name)
                .map(|t| t.price)
                .unwrap_or_default();
            let first = day.first().map(|t| t.price).unwrap_or(last);
            let best = |side: Side| {
                let it = st
                    .orders
                    .iter()
                    .filter(|o| o.pair == p.name && o.side == side && o.status == Status::Active)
                    .map(|o| o.price);
                match side {
                    Side::Buy => it.max(),
                    Side::Sell => it.min(),
                }
            };
            // The live shape (ccxt's recorded answers): strings, the time in thousands of
            // seconds.
            let opt = |d: Option<Decimal>| d.map_or(Json::Null, ns);
            Json::obj([
                ("timestamp", kilosecs(now)),
                ("pair", Json::str(p.name)),
                ("last", ns(last)),
                ("diff", ns(last.saturating_sub(first))),
                ("vol", ns(total(day.iter().map(|t| t.amount)))),
                (
                    "high",
                    ns(day.iter().map(|t| t.price).max().unwrap_or_default()),
                ),
                (
                    "low",
                    ns(day.iter().map(|t| t.price).min().unwrap_or_default()),
                ),
                ("buy", opt(best(Side::Buy))),
                ("sell", opt(best(Side::Sell))),
            ])
        })
        .collect::<Vec<_>>();
    // With `pair` the live venue answers the one ticker, not a list.
    if q.contains_key("pair") {
        return match list.into_iter().next() {
            Some(one) => ok(one),
            None => v1_err(StatusCode::NOT_FOUND, "Unknown pair"),
        };
    }
    ok(Json::Arr(list))
}

/// The orderbook: `sell` and `buy` levels, best first; `group=1` merges equal prices;
/// `limit_sell` and `limit_buy` cut each side (the table's names, which match the keys).
fn orderbook(st: &State, pair: &str, q: &Query) -> Reply {
    if st.pair(pair).is_none() {
        return v1_err(StatusCode::NOT_FOUND, format!("Unknown pair {pair}"));
    }
    let group = q.get("group").map(String::as_str) == Some("1");
    let side_levels = |side: Side, limit: Option<usize>| {
        let mut rows: Vec<(Decimal, Decimal)> = st
            .orders
            .iter()
            .filter(|o| o.pair == pair && o.side == side && o.status == Status::Active)
            .map(|o| (o.price, o.remaining()))
            .collect();
        rows.sort_by(|a, b| {
            if side == Side::Buy {
                b.0.cmp(&a.0)
            } else {
                a.0.cmp(&b.0)
            }
        });
        if group {
            let mut grouped: Vec<(Decimal, Decimal)> = Vec::new();
            for (p, a) in rows {
                match grouped.last_mut() {
                    Some(last) if last.0 == p => last.1 = last.1.saturating_add(a),
                    _ => grouped.push((p, a)),
                }
            }
            rows = grouped;
        }
        if let Some(l) = limit {
            rows.truncate(l);
        }
        Json::Arr(
            rows.into_iter()
                .map(|(p, a)| Json::obj([("price", Json::num(p)), ("amount", Json::num(a))]))
                .collect(),
        )
    };
    let lim = |k: &str| q.get(k).and_then(|v| v.parse::<usize>().ok());
    ok(Json::obj([
        ("sell", side_levels(Side::Sell, lim("limit_sell"))),
        ("buy", side_levels(Side::Buy, lim("limit_buy"))),
    ]))
}

/// Candles of `/api/charts/{pair}/{timeframe}/chart`, built from the trades.
fn charts(st: &State, r: &Request, q: &Query) -> Reply {
    let pair = r.param("pair").unwrap_or("");
    let width: i64 = match r.param("timeframe").unwrap_or("") {
        "5" => 300,
        "15" => 900,
        "30" => 1800,
        "60" => 3600,
        "240" => 14_400,
        "D" => 86_400,
        _ => return v1_err(StatusCode::BAD_REQUEST, "Invalid timeframe"),
    } * 1000;
    let limit = match usize_param(q, "limit", 720) {
        Ok(l) => l,
        Err(e) => return v1_err(StatusCode::BAD_REQUEST, e),
    };
    let seconds = |k: &str| {
        q.get(k)
            .and_then(|v| v.parse::<i64>().ok())
            .map(|v| v.saturating_mul(1000))
    };
    let (since, until) = (seconds("since"), seconds("until"));
    let mut candles: Vec<(i64, Decimal, Decimal, Decimal, Decimal, Decimal)> = Vec::new();
    let mut trades: Vec<_> = st
        .trades
        .iter()
        .filter(|t| t.pair == pair)
        .filter(|t| since.is_none_or(|s| t.time >= s) && until.is_none_or(|u| t.time <= u))
        .collect();
    trades.sort_by_key(|t| (t.time, t.id));
    for t in trades {
        let start = t.time - t.time.rem_euclid(width);
        match candles.last_mut() {
            Some(c) if c.0 == start => {
                c.2 = c.2.max(t.price);
                c.3 = c.3.min(t.price);
                c.4 = t.price;
                c.5 = c.5.saturating_add(t.amount);
            }
            _ => candles.push((start, t.price, t.price, t.price, t.price, t.amount)),
        }
    }
    let skip = candles.len().saturating_sub(limit);
    ok(Json::Arr(
        candles
            .into_iter()
            .skip(skip)
            .map(|(t, o, h, l, c, v)| {
                Json::obj([
                    ("volume", Json::num(v)),
                    ("high", Json::num(h)),
                    ("low", Json::num(l)),
                    ("close", Json::num(c)),
                    ("time", Json::int(t / 1000)),
                    ("open", Json::num(o)),
                ])
            })
            .collect(),
    ))
}

/// Trades, all of them (`own` none) or one account's from its side.
fn exchanges(st: &State, own: Option<u64>, q: &Query) -> Reply {
    let (limit, offset) = match (usize_param(q, "limit", 100), usize_param(q, "offset", 0)) {
        (Ok(l), Ok(o)) => (l, o),
        (Err(e), _) | (_, Err(e)) => return v1_err(StatusCode::BAD_REQUEST, e),
    };
    let side = q.get("type").and_then(|t| Side::parse(t));
    let mut rows: Vec<_> = st
        .trades
        .iter()
        .filter(|t| q.get("pair").is_none_or(|p| p == t.pair))
        .filter_map(|t| match own {
            None => Some((t, t.taker_side, t.maker_account)),
            Some(a) if t.taker_account == a => Some((t, t.taker_side, a)),
            Some(a) if t.maker_account == a => Some((t, t.taker_side.opposite(), a)),
            Some(_) => None,
        })
        .filter(|(_, s, _)| side.is_none_or(|x| x == *s))
        .collect();
    match q.get("ordering").map(String::as_str) {
        Some("id") => rows.sort_by_key(|(t, _, _)| t.id),
        _ => rows.sort_by_key(|(t, _, _)| std::cmp::Reverse(t.id)),
    }
    ok(Json::Arr(
        rows.into_iter()
            .skip(offset)
            .take(limit)
            .map(|(t, side, account)| {
                // The live shape (ccxt's recorded answers): ids and numbers as strings, the
                // time in thousands of seconds; own trades add `my_side`.
                let row = Json::obj([
                    ("id", Json::str(t.id.to_string())),
                    ("account_id", Json::str(account.to_string())),
                    ("price", ns(t.price)),
                    ("pair", Json::str(t.pair)),
                    ("type", Json::str(side.v1())),
                    ("timestamp", kilosecs(t.time)),
                    ("amount", ns(t.amount)),
                ]);
                if own.is_some() {
                    row.with("my_side", Json::str(side.v1()))
                } else {
                    row
                }
            })
            .collect(),
    ))
}

// ------------------------------------------------------------------ private

fn wallets(st: &mut State, account: u64, q: &Query) -> Reply {
    let rows: Vec<Json> = st
        .wallets
        .iter()
        .filter(|((a, wt, cur, _), _)| {
            *a == account && wt == "SPOT" && q.get("currency_id").is_none_or(|c| c == cur)
        })
        .map(|((_, _, cur, _), w)| {
            Json::obj([
                ("currency", Json::str(cur.clone())),
                ("balance", Json::num(w.balance)),
                ("reserve", Json::num(w.reserve)),
            ])
        })
        .collect();
    ok(Json::Arr(rows))
}

fn own_orders(st: &mut State, account: u64, q: &Query) -> Reply {
    let limit = match usize_param(q, "limit", 2000) {
        Ok(l) => l,
        Err(e) => return v1_err(StatusCode::BAD_REQUEST, e),
    };
    let side = q.get("type").and_then(|t| Side::parse(t));
    let status = q.get("status").and_then(|v| v.parse::<i64>().ok());
    let rows: Vec<Json> = st
        .orders
        .iter()
        .rev()
        .filter(|o| o.account == account)
        .filter(|o| side.is_none_or(|x| x == o.side))
        .filter(|o| q.get("pair").is_none_or(|p| p == o.pair))
        .filter(|o| status.is_none_or(|x| x == v1_status(o.status)))
        .take(limit)
        .map(|o| {
            Json::obj([
                ("amount", Json::num(o.amount)),
                ("pair", Json::str(o.pair)),
                ("type", Json::str(o.side.v1())),
                ("status", Json::int(v1_status(o.status))),
                ("price", Json::num(o.price)),
                ("id", Json::int(o.id)),
            ])
        })
        .collect();
    ok(Json::Arr(rows))
}

/// One order: `status` as a string and `amount_filled` as a string here, as the document's
/// single-order sample writes them.
fn order(st: &mut State, account: u64, pk: &str, _: &Query) -> Reply {
    let Some(o) = pk.parse::<u64>().ok().and_then(|id| {
        st.orders
            .iter()
            .find(|o| o.id == id && o.account == account)
    }) else {
        return v1_err(StatusCode::NOT_FOUND, "Not found");
    };
    ok(Json::obj([
        ("id", Json::int(o.id)),
        ("date", Json::int(o.created)),
        ("pair", Json::str(o.pair)),
        ("type", Json::str(o.side.v1())),
        ("price", Json::num(o.price)),
        ("amount", Json::num(o.remaining())),
        ("amount_filled", Json::str(o.filled.to_string())),
        ("amount_original", Json::num(o.amount)),
        ("status", Json::str(v1_status(o.status).to_string())),
    ]))
}

fn create_order(st: &mut State, account: u64, fields: &[(String, String)]) -> Reply {
    let fields: Query = fields.iter().cloned().collect();
    let now = now_ms();
    let Some(side) = fields.get("type").and_then(|t| Side::parse(t)) else {
        return v1_err(StatusCode::BAD_REQUEST, "type: must be sell or buy");
    };
    let pair = fields.get("pair").cloned().unwrap_or_default();
    let (Some(amount), Some(price)) = (dec_param(&fields, "amount"), dec_param(&fields, "price"))
    else {
        return v1_err(StatusCode::BAD_REQUEST, "amount and price are required");
    };
    let (id, trades) = match st.place(
        account,
        &pair,
        side,
        Some(price),
        amount,
        "SPOT",
        "GTC",
        None,
        now,
    ) {
        Ok(placed) => placed,
        Err(r) => return refusal_v1(r),
    };
    let remaining = st
        .orders
        .iter()
        .find(|o| o.id == id)
        .map(|o| o.remaining())
        .unwrap_or_default();
    let trades: Vec<Json> = trades
        .iter()
        .filter_map(|tid| st.trades.iter().find(|t| t.id == *tid))
        .map(|t| {
            Json::obj([
                ("type", Json::str(t.taker_side.opposite().v1())),
                ("price", Json::num(t.price)),
                ("o_id", Json::int(t.maker_order)),
                ("amount", Json::num(t.amount)),
                ("tid", Json::int(t.id)),
            ])
        })
        .collect();
    ok(Json::obj([
        ("success", Json::Bool(true)),
        ("type", Json::str(side.v1())),
        ("date", secs(now)),
        ("oid", Json::int(id)),
        ("price", Json::num(price)),
        ("amount", Json::num(remaining)),
        ("trades", Json::Arr(trades)),
    ]))
}

fn cancel_order(st: &mut State, account: u64, fields: &[(String, String)]) -> Reply {
    let Some(id) = fields
        .iter()
        .find(|(k, _)| k == "order")
        .and_then(|(_, v)| v.trim().parse::<u64>().ok())
    else {
        return v1_err(StatusCode::BAD_REQUEST, "order: an order id is required");
    };
    match st.cancel(account, id, now_ms()) {
        Ok(()) => ok(Json::obj([("order", Json::int(id))])),
        Err(r) => refusal_v1(r),
    }
}

fn deposits(st: &mut State, account: u64, _: &Query) -> Reply {
    ok(Json::Arr(
        st.deposits
            .iter()
            .filter(|d| d.account == account)
            .map(|d| {
                Json::obj([
                    ("timestamp", secs(d.time)),
                    ("id", Json::int(d.id)),
                    ("currency", Json::str(d.currency.clone())),
                    ("amount", Json::num(d.amount)),
                ])
            })
            .collect(),
    ))
}

fn withdraws(st: &mut State, account: u64, q: &Query) -> Reply {
    let status = q.get("status").and_then(|v| v.parse::<u32>().ok());
    ok(Json::Arr(
        st.withdraws
            .iter()
            .filter(|w| w.account == account)
            .filter(|w| q.get("currency_id").is_none_or(|c| *c == w.currency))
            .filter(|w| status.is_none_or(|x| x == w.status))
            .map(|w| {
                Json::obj([
                    ("id", Json::int(w.id)),
                    ("timestamp", secs(w.time)),
                    ("currency", Json::str(w.currency.clone())),
                    ("amount", Json::num(w.amount)),
                    ("status", Json::int(w.status)),
                ])
            })
            .collect(),
    ))
}

//! v3 handlers, one small function per endpoint of the document (this was one 573-line
//! function matching paths by hand): authenticate (bearer JWT, body signature), the
//! per-account limit, read the query and the JSON body, change the books, answer in v3's
//! shapes.

use rust_decimal::Decimal;
use venue_common::sim::{Fields, Json, Reply, Request, Routes};
use venue_common::{Method, StatusCode};

use super::AlpVenue;
use super::engine::{Order, SUB, Side, State, Status, StopOrder};
use super::json::rfc;
use super::now_ms;
use super::routes::Query;
use super::wire::{form_err, ok, refusal_v3, respond, status_only, too_many, v3_err};
use crate::generated::endpoints as ep;

/// What a v3 handler reads: the account, the query, the JSON body's fields.
struct In {
    account: u64,
    q: Query,
    body: Fields,
}

impl In {
    /// A string field of the body (`""` when absent or not a string).
    fn text(&self, name: &str) -> String {
        self.body.string(name).unwrap_or_default()
    }

    /// A decimal field of the body, exactly as written (number or string).
    fn dec(&self, name: &str) -> Option<Decimal> {
        self.body.decimal(name)
    }

    /// A non-negative integer field of the body.
    fn id(&self, name: &str) -> Option<u64> {
        self.body.raw(name).and_then(|r| r.trim().parse().ok())
    }

    fn flag(&self, name: &str) -> bool {
        self.q.get(name).is_some_and(|v| v == "true" || v == "1")
    }
}

pub(crate) fn register(routes: &mut Routes<AlpVenue>) {
    routes
        .on(ep::FEE_INFO, |v, r| private(v, r, fee_info))
        .on(ep::ORDERS, |v, r| private(v, r, orders))
        .on(ep::PLACE_ORDER, |v, r| private(v, r, place_order))
        .on(ep::CANCEL_ORDERS, |v, r| private(v, r, cancel_orders))
        .on(ep::ACCOUNTS, |v, r| private(v, r, accounts))
        .on(ep::ACCOUNT_TRADES, |v, r| private(v, r, account_trades))
        .on(ep::ACCOUNT_BALANCES, |v, r| private(v, r, account_balances))
        .on(ep::WALLET_ACTIVITY, |v, r| private(v, r, wallet_activity))
        .on(ep::MARGIN_POSITIONS, |v, r| private(v, r, margin))
        .on(ep::CLOSE_MARGIN, |v, r| private(v, r, close_margin))
        .on(ep::MARGIN_BORROWS, |v, r| private(v, r, margin_borrows))
        .on(ep::MARGIN_BORROW, |v, r| {
            private(v, r, |st, x| margin_write(st, x, MarginOp::Borrow))
        })
        .on(ep::MARGIN_TRANSFERS, |v, r| private(v, r, margin_transfers))
        .on(ep::MARGIN_TRANSFER, |v, r| {
            private(v, r, |st, x| margin_write(st, x, MarginOp::Transfer))
        })
        .on(ep::MARGIN_REPAYS, |v, r| private(v, r, margin_repays))
        .on(ep::MARGIN_REPAY, |v, r| {
            private(v, r, |st, x| margin_write(st, x, MarginOp::Repay))
        })
        .on(ep::MARGIN_INTEREST, |v, r| private(v, r, margin_interest))
        .on(ep::MARGIN_LIQUIDATIONS, |v, r| {
            private(v, r, margin_liquidations)
        });
}

/// A v3 call: JWT and body signature, the per-account limit, the body read as JSON.
fn private(v: &AlpVenue, r: &Request, f: impl FnOnce(&mut State, &In) -> Reply) -> Reply {
    let account = match v.v3_auth(r) {
        Ok(a) => a,
        Err(refusal) => return refusal,
    };
    if !v.allow_account(account) {
        return too_many(true);
    }
    let Some(body) = Fields::parse(r.body()) else {
        return v3_err(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "body is not a JSON object",
        );
    };
    // A GET carries no body; its filters are in the query.
    let body = if *r.method() == Method::GET {
        Fields::default()
    } else {
        body
    };
    let input = In {
        account,
        q: r.query_map(),
        body,
    };
    let mut st = v.state.lock();
    f(&mut st, &input)
}

/// The window filter: RFC 3339 `start_time`/`end_time`, at most 30 days apart; with neither,
/// the last 30 days (the document's default).
fn window(q: &Query) -> Result<(i64, i64), Box<Reply>> {
    let parse = |k: &str| -> Result<Option<i64>, Box<Reply>> {
        match q.get(k) {
            None => Ok(None),
            Some(v) => chrono::DateTime::parse_from_rfc3339(v)
                .map(|t| Some(t.timestamp_millis()))
                .map_err(|_| Box::new(form_err(k, "format must be 2006-01-02T15:04:05Z07:00"))),
        }
    };
    let month = 30 * 86_400_000i64;
    let (start, end) = match (parse("start_time")?, parse("end_time")?) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, s.saturating_add(month)),
        (None, Some(e)) => (e.saturating_sub(month), e),
        (None, None) => (now_ms() + 1 - month, now_ms() + 1),
    };
    if end.saturating_sub(start) > month {
        return Err(Box::new(form_err(
            "end_time",
            "interval must not exceed 30 days",
        )));
    }
    Ok((start, end))
}

fn v3_status(o: &Order) -> &'static str {
    match o.status {
        Status::Active if o.filled > Decimal::ZERO => "PARTIAL_FILLED",
        Status::Active => "OPEN",
        Status::Canceled | Status::Done
            if o.cancelled > Decimal::ZERO && o.filled > Decimal::ZERO =>
        {
            "PARTIAL_CANCELLED"
        }
        Status::Canceled => "CANCELLED",
        Status::Done if o.cancelled > Decimal::ZERO => "CANCELLED",
        Status::Done => "FILLED",
    }
}

fn fee_info(st: &mut State, x: &In) -> Reply {
    ok(Json::Arr(
        st.fees
            .iter()
            .filter(|f| f.0 == x.account)
            .map(|f| {
                let name = st
                    .accounts
                    .iter()
                    .find(|a| a.id == f.0)
                    .map(|a| a.name.clone())
                    .unwrap_or_default();
                Json::obj([
                    ("name", Json::str(name)),
                    ("account_id", Json::int(f.0)),
                    ("is_active", Json::Bool(true)),
                    ("currency", Json::str(f.1)),
                    ("pair", Json::str(f.2)),
                    ("taker_fee_rate", Json::num(f.3)),
                    ("maker_fee_rate", Json::num(f.4)),
                    ("fee_currency", Json::str(f.5)),
                    ("priority", Json::int(f.6)),
                ])
            })
            .collect(),
    ))
}

fn orders(st: &mut State, x: &In) -> Reply {
    let (start, end) = match window(&x.q) {
        Ok(w) => w,
        Err(r) => return *r,
    };
    let side = x.q.get("side").and_then(|t| Side::parse(t));
    let open_only = x.flag("open_only");
    let mut rows: Vec<Json> = st
        .orders
        .iter()
        .filter(|o| o.account == x.account && o.created >= start && o.created < end)
        .filter(|o| x.q.get("pair").is_none_or(|p| p == o.pair))
        .filter(|o| side.is_none_or(|sd| sd == o.side))
        .filter(|o| !open_only || o.status == Status::Active)
        .map(|o| {
            Json::obj([
                ("id", Json::int(o.id)),
                ("account_id", Json::int(o.account)),
                ("pair", Json::str(o.pair)),
                ("wallet_type", Json::str(o.wallet_type.clone())),
                ("side", Json::str(o.side.v3())),
                ("type", Json::str(if o.market { "MARKET" } else { "LIMIT" })),
                ("tif", Json::str(o.tif.clone())),
                ("price", Json::num(o.price)),
                ("stop_price", Json::num(Decimal::ZERO)),
                ("amount", Json::num(o.amount)),
                ("amount_filled", Json::num(o.filled)),
                ("amount_cancelled", Json::num(o.cancelled)),
                ("status", Json::str(v3_status(o))),
                ("date", rfc(Some(o.created))),
                ("updated_at", rfc(Some(o.updated))),
                (
                    "open_at",
                    rfc(if o.market { None } else { Some(o.created) }),
                ),
                ("expire_after", rfc(None)),
                ("done_at", rfc(o.done)),
            ])
        })
        .collect();
    // Stop orders waiting for their trigger: `PENDING`, with their stop price.
    rows.extend(
        st.stops
            .iter()
            .filter(|o| o.account == x.account && o.created >= start && o.created < end)
            .filter(|o| x.q.get("pair").is_none_or(|p| *p == o.pair))
            .filter(|o| side.is_none_or(|sd| sd == o.side))
            .map(|o| {
                Json::obj([
                    ("id", Json::int(o.id)),
                    ("account_id", Json::int(o.account)),
                    ("pair", Json::str(o.pair.clone())),
                    ("wallet_type", Json::str(o.wallet_type.clone())),
                    ("side", Json::str(o.side.v3())),
                    (
                        "type",
                        Json::str(if o.price.is_some() {
                            "STOP_LIMIT"
                        } else {
                            "STOP_MARKET"
                        }),
                    ),
                    ("tif", Json::str(o.tif.clone())),
                    ("price", Json::opt_num(o.price)),
                    ("stop_price", Json::num(o.stop_price)),
                    ("amount", Json::num(o.amount)),
                    ("amount_filled", Json::num(Decimal::ZERO)),
                    ("amount_cancelled", Json::num(Decimal::ZERO)),
                    ("status", Json::str("PENDING")),
                    ("date", rfc(Some(o.created))),
                    ("updated_at", rfc(Some(o.created))),
                    ("open_at", rfc(None)),
                    ("expire_after", rfc(None)),
                    ("done_at", rfc(None)),
                ])
            }),
    );
    ok(Json::Arr(rows))
}

/// `POST /orders`: `201` with the bare order id.
fn place_order(st: &mut State, x: &In) -> Reply {
    let account = match x.id("account_id") {
        Some(a) if a != x.account && a != SUB => {
            return form_err("account_id", "unknown account");
        }
        Some(a) => a,
        None => x.account,
    };
    let Some(side) = Side::parse(&x.text("order_side")) else {
        return form_err("order_side", "must be BUY or SELL (BID or ASK)");
    };
    let wallet_type = match x.text("wallet_type").as_str() {
        "" => "SPOT".to_string(),
        w @ ("SPOT" | "ISOLATED_MARGIN" | "CROSS_MARGIN") => w.to_string(),
        _ => return form_err("wallet_type", "unknown wallet type"),
    };
    let tif = match x.text("tif").as_str() {
        "" => "GTC".to_string(),
        t => t.to_string(),
    };
    let cid = Some(x.text("client_order_id")).filter(|c| !c.is_empty());
    let pair = x.text("pair");
    let order_type = x.text("order_type");
    // The document's sample sends `"quote_amount": 0` with a limit order: zero is "not set".
    let quote = x.dec("quote_amount").filter(|q| *q > Decimal::ZERO);
    // Stop orders (the document's STOP_LIMIT and STOP_MARKET) need a stop price and an
    // operator; they wait, under their id, until the last price meets the trigger.
    let stop = if matches!(order_type.as_str(), "STOP_LIMIT" | "STOP_MARKET") {
        let Some(stop_price) = x.dec("stop_price").filter(|d| *d > Decimal::ZERO) else {
            return form_err("stop_price", "stop_price is required for stop orders");
        };
        let gte = match x.text("stop_operator").as_str() {
            "GTE" => true,
            "LTE" => false,
            _ => return form_err("stop_operator", "stop_operator must be GTE or LTE"),
        };
        Some((stop_price, gte))
    } else {
        None
    };
    let (price, amount) = match order_type.as_str() {
        "LIMIT" | "STOP_LIMIT" => match (x.dec("limit_price"), x.dec("base_amount")) {
            (Some(p), Some(a)) if quote.is_none() => (Some(p), a),
            (Some(_), Some(_)) => {
                return form_err(
                    "quote_amount",
                    "quote_amount is allowed for market types only",
                );
            }
            _ => {
                return form_err(
                    "base_amount",
                    "limit_price and base_amount are required for limit types",
                );
            }
        },
        // A market order is sized by `base_amount` or by `quote_amount` (what to spend, or
        // to receive), converted at the book's prices now.
        "MARKET" | "STOP_MARKET" => match (x.dec("base_amount"), quote) {
            (Some(a), None) => (None, a),
            (None, Some(q)) => match st.base_for_quote(&pair, side, q) {
                Some(a) if a > Decimal::ZERO => (None, a),
                _ => return form_err("quote_amount", "no liquidity for quote_amount"),
            },
            (Some(_), Some(_)) => {
                return form_err("quote_amount", "give base_amount or quote_amount, not both");
            }
            _ => return form_err("base_amount", "base_amount or quote_amount is required"),
        },
        other => return form_err("order_type", format!("{other} is not supported here")),
    };
    let now = now_ms();
    if let Some((stop_price, gte)) = stop {
        let Some(info) = st.pair(&pair).cloned() else {
            return form_err("pair", format!("unknown pair {pair}"));
        };
        // The same checks as a live order, on the text received.
        if amount <= Decimal::ZERO || amount.scale() > info.amount_precision {
            return form_err(
                "base_amount",
                format!("at most {} decimals", info.amount_precision),
            );
        }
        if [Some(stop_price), price]
            .into_iter()
            .flatten()
            .any(|p| p.scale() > info.price_precision)
        {
            return form_err(
                "stop_price",
                format!("at most {} decimals", info.price_precision),
            );
        }
        let met = st.last_price(&pair).is_some_and(|l| {
            if gte {
                l >= stop_price
            } else {
                l <= stop_price
            }
        });
        if !met {
            let id = st.park(StopOrder {
                id: 0,
                account,
                pair,
                side,
                price,
                amount,
                stop_price,
                gte,
                wallet_type,
                tif,
                client_order_id: cid,
                created: now,
            });
            return Json::int(id).reply(StatusCode::CREATED);
        }
    }
    match st.place(
        account,
        &pair,
        side,
        price,
        amount,
        &wallet_type,
        &tif,
        cid,
        now,
    ) {
        Ok((id, _)) => {
            st.trigger_stops(&pair, now);
            Json::int(id).reply(StatusCode::CREATED)
        }
        Err(r) => refusal_v3(r),
    }
}

/// `DELETE /orders`: `202`, or `204` when nothing matched.
fn cancel_orders(st: &mut State, x: &In) -> Reply {
    let all = x.body.boolean("all").unwrap_or(false);
    let ids: Vec<u64> = x
        .body
        .array("order_ids")
        .map(|a| {
            a.iter()
                .filter_map(|r| r.get().trim().parse().ok())
                .collect()
        })
        .unwrap_or_default();
    if !all && ids.is_empty() {
        return form_err("order_ids", "order_ids or all=true must be specified");
    }
    let pair = x.text("pair");
    let targets: Vec<u64> = st
        .orders
        .iter()
        .filter(|o| o.account == x.account && o.status == Status::Active)
        .filter(|o| {
            if all {
                pair.is_empty() || o.pair == pair
            } else {
                ids.contains(&o.id)
            }
        })
        .map(|o| o.id)
        .collect();
    let before = st.stops.len();
    st.stops.retain(|o| {
        let hit = o.account == x.account
            && if all {
                pair.is_empty() || o.pair == pair
            } else {
                ids.contains(&o.id)
            };
        !hit
    });
    if targets.is_empty() && st.stops.len() == before {
        return status_only(StatusCode::NO_CONTENT);
    }
    let now = now_ms();
    for id in targets {
        let _ = st.cancel(x.account, id, now);
    }
    status_only(StatusCode::ACCEPTED)
}

fn accounts(st: &mut State, x: &In) -> Reply {
    let subs = x.flag("include_subaccounts");
    ok(Json::Arr(
        st.accounts
            .iter()
            .filter(|a| a.id == x.account || (subs && a.parent == x.account))
            .map(|a| {
                Json::obj([
                    ("id", Json::int(a.id)),
                    ("name", Json::str(a.name.clone())),
                    ("email", Json::str(a.email.clone())),
                    ("id_parent", Json::int(a.parent)),
                ])
            })
            .collect(),
    ))
}

fn account_trades(st: &mut State, x: &In) -> Reply {
    let (start, end) = match window(&x.q) {
        Ok(w) => w,
        Err(r) => return *r,
    };
    let side = x.q.get("side").and_then(|t| Side::parse(t));
    let mut rows = Vec::new();
    for t in st.trades.iter().filter(|t| t.time >= start && t.time < end) {
        for (acct, order_id, maker) in [
            (t.taker_account, t.taker_order, false),
            (t.maker_account, t.maker_order, true),
        ] {
            if acct != x.account {
                continue;
            }
            let Some(o) = st.orders.iter().find(|o| o.id == order_id) else {
                continue;
            };
            if x.q.get("pair").is_some_and(|p| p != t.pair) || side.is_some_and(|sd| sd != o.side) {
                continue;
            }
            let quote = st.pair(t.pair).map(|p| p.quote).unwrap_or("");
            rows.push(Json::obj([
                ("date", rfc(Some(t.time))),
                ("status", Json::str(v3_status(o))),
                ("side", Json::str(o.side.v3())),
                ("type", Json::str(if o.market { "MARKET" } else { "LIMIT" })),
                ("price", Json::num(t.price)),
                ("amount", Json::num(t.amount)),
                ("amount_unfilled", Json::num(o.remaining())),
                ("fee_rate", Json::num(Decimal::ZERO)),
                ("fee_amount", Json::num(Decimal::ZERO)),
                ("is_maker", Json::Bool(maker)),
                ("account_id", Json::int(acct)),
                ("currency", Json::str(quote)),
                ("pair", Json::str(t.pair)),
                ("fee_currency", Json::str(quote)),
                ("wallet_type", Json::str(o.wallet_type.clone())),
            ]));
        }
    }
    ok(Json::Arr(rows))
}

fn account_balances(st: &mut State, x: &In) -> Reply {
    ok(Json::Arr(
        st.wallets
            .iter()
            .filter(|((a, _, _, _), _)| *a == x.account)
            .map(|((a, wt, cur, pair), w)| {
                Json::obj([
                    ("account_id", Json::int(*a)),
                    ("balance", Json::num(w.balance)),
                    ("reserve", Json::num(w.reserve)),
                    ("currency", Json::str(cur.clone())),
                    ("pair", Json::str(pair.clone())),
                    ("wallet_type", Json::str(wt.clone())),
                    ("last_update_at", rfc(Some(w.updated))),
                ])
            })
            .collect(),
    ))
}

fn wallet_activity(st: &mut State, x: &In) -> Reply {
    let (start, end) = match window(&x.q) {
        Ok(w) => w,
        Err(r) => return *r,
    };
    let side = x.q.get("side").map(String::as_str);
    ok(Json::Arr(
        st.activity
            .iter()
            .filter(|m| m.account == x.account && m.time >= start && m.time < end)
            .filter(|m| x.q.get("currency").is_none_or(|c| *c == m.currency))
            .filter(|m| match side {
                Some("BUY") => m.balance_delta > Decimal::ZERO,
                Some("SELL") => m.balance_delta < Decimal::ZERO,
                _ => true,
            })
            .map(|m| {
                Json::obj([
                    ("id", Json::int(m.id)),
                    ("account_id", Json::int(m.account)),
                    ("currency", Json::str(m.currency.clone())),
                    ("pair", Json::str(m.pair.clone())),
                    ("wallet_id", Json::int(m.wallet_id)),
                    ("date", rfc(Some(m.time))),
                    ("type", Json::str(m.kind)),
                    ("balance", Json::num(m.balance)),
                    ("balance_delta", Json::num(m.balance_delta)),
                    ("reserve", Json::num(m.reserve)),
                    ("reserve_delta", Json::num(m.reserve_delta)),
                    (
                        "balance_end",
                        Json::num(m.balance.saturating_add(m.balance_delta)),
                    ),
                    (
                        "reserve_end",
                        Json::num(m.reserve.saturating_add(m.reserve_delta)),
                    ),
                    ("wallet_type", Json::str(m.wallet_type.clone())),
                ])
            })
            .collect(),
    ))
}

/// `GET /margin`: open positions per wallet type, currency and pair.
fn margin(st: &mut State, x: &In) -> Reply {
    let (iso, cross) = (x.flag("isolated_margin"), x.flag("cross_margin"));
    if !iso && !cross {
        return form_err(
            "isolated_margin",
            "rather isolated_margin or cross_margin must be set true",
        );
    }
    struct Position {
        wallet_type: String,
        currency: String,
        pair: String,
        borrowed: Decimal,
        interest: Decimal,
        id: u64,
    }
    let mut positions: Vec<Position> = Vec::new();
    for b in st
        .borrows
        .iter()
        .filter(|b| b.account == x.account && b.closed.is_none())
    {
        let wanted = (iso && b.wallet_type == "ISOLATED_MARGIN")
            || (cross && b.wallet_type == "CROSS_MARGIN");
        if !wanted {
            continue;
        }
        let owed = b.borrowed - b.repaid;
        let interest = b.accrued - b.paid;
        match positions.iter_mut().find(|p| {
            p.wallet_type == b.wallet_type && p.currency == b.currency && p.pair == b.pair
        }) {
            Some(p) => {
                p.borrowed = p.borrowed.saturating_add(owed);
                p.interest = p.interest.saturating_add(interest);
            }
            None => positions.push(Position {
                wallet_type: b.wallet_type.clone(),
                currency: b.currency.clone(),
                pair: b.pair.clone(),
                borrowed: owed,
                interest,
                id: b.id,
            }),
        }
    }
    ok(Json::Arr(
        positions
            .into_iter()
            .map(|p| {
                Json::obj([
                    ("id", Json::int(p.id)),
                    ("account_id", Json::int(x.account)),
                    ("wallet_type", Json::str(p.wallet_type)),
                    ("interest", Json::num(p.interest)),
                    // Spelled as the venue spells it.
                    ("currecny", Json::str(p.currency)),
                    ("borrowed", Json::num(p.borrowed)),
                    ("pair", Json::str(p.pair)),
                ])
            })
            .collect(),
    ))
}

/// `DELETE /margin`: `202`.
fn close_margin(st: &mut State, x: &In) -> Reply {
    let wt = x.text("wallet_type");
    if wt != "ISOLATED_MARGIN" && wt != "CROSS_MARGIN" {
        return form_err(
            "wallet_type",
            "rather ISOLATED_MARGIN or CROSS_MARGIN must be set",
        );
    }
    match st.close_margin(x.account, &wt, &x.text("pair"), now_ms()) {
        Ok(()) => status_only(StatusCode::ACCEPTED),
        Err(r) => refusal_v3(r),
    }
}

/// The filters every margin history shares: the window, `pair`, `currency`.
struct MarginFilter {
    start: i64,
    end: i64,
}

impl MarginFilter {
    fn of(x: &In) -> Result<MarginFilter, Box<Reply>> {
        let (start, end) = window(&x.q)?;
        Ok(MarginFilter { start, end })
    }

    fn keeps(&self, x: &In, account: u64, time: i64, pair: &str, currency: &str) -> bool {
        account == x.account
            && time >= self.start
            && time < self.end
            && x.q.get("pair").is_none_or(|p| p == pair)
            && x.q.get("currency").is_none_or(|c| c == currency)
    }
}

fn margin_borrows(st: &mut State, x: &In) -> Reply {
    let f = match MarginFilter::of(x) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let open_only = x.flag("open_only");
    ok(Json::Arr(
        st.borrows
            .iter()
            .filter(|b| f.keeps(x, b.account, b.time, &b.pair, &b.currency))
            .filter(|b| !open_only || b.closed.is_none())
            .map(|b| {
                Json::obj([
                    ("id", Json::int(b.id)),
                    ("date", rfc(Some(b.time))),
                    ("type", Json::str(b.loan_type.clone())),
                    ("wallet_type", Json::str(b.wallet_type.clone())),
                    ("opened_at", rfc(Some(b.time))),
                    ("closed_at", rfc(b.closed)),
                    ("borrowed", Json::num(b.borrowed)),
                    ("repaid", Json::num(b.repaid)),
                    ("interest_rate", Json::num(b.rate)),
                    ("interest_accrued", Json::num(b.accrued)),
                    ("interest_paid", Json::num(b.paid)),
                    ("account_id", Json::int(b.account)),
                    ("currency", Json::str(b.currency.clone())),
                    ("pair", Json::str(b.pair.clone())),
                    ("last_interest_at", rfc(Some(b.time))),
                ])
            })
            .collect(),
    ))
}

fn margin_transfers(st: &mut State, x: &In) -> Reply {
    let f = match MarginFilter::of(x) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    ok(Json::Arr(
        st.transfers
            .iter()
            .filter(|t| f.keeps(x, t.account, t.time, &t.pair, &t.currency))
            .map(|t| {
                Json::obj([
                    ("id", Json::int(t.id)),
                    ("account_id", Json::int(t.account)),
                    ("wallet_type", Json::str(t.wallet_type.clone())),
                    ("date", rfc(Some(t.time))),
                    ("direction", Json::str(t.direction.clone())),
                    ("currency", Json::str(t.currency.clone())),
                    ("pair", Json::str(t.pair.clone())),
                    ("amount", Json::num(t.amount)),
                    ("note", Json::str(t.note.clone())),
                ])
            })
            .collect(),
    ))
}

fn margin_repays(st: &mut State, x: &In) -> Reply {
    let f = match MarginFilter::of(x) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    ok(Json::Arr(
        st.repays
            .iter()
            .filter(|r| f.keeps(x, r.account, r.time, &r.pair, &r.currency))
            .map(|r| {
                Json::obj([
                    ("id", Json::int(r.id)),
                    ("account_id", Json::int(r.account)),
                    ("wallet_type", Json::str(r.wallet_type.clone())),
                    ("date", rfc(Some(r.time))),
                    ("type", Json::str(r.loan_type.clone())),
                    ("currency", Json::str(r.currency.clone())),
                    ("pair", Json::str(r.pair.clone())),
                    ("principal_amount", Json::num(r.principal)),
                    ("interest_amount", Json::num(r.interest)),
                    ("borrow_id", Json::int(r.borrow_id)),
                ])
            })
            .collect(),
    ))
}

fn margin_interest(st: &mut State, x: &In) -> Reply {
    let f = match MarginFilter::of(x) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    ok(Json::Arr(
        st.interest
            .iter()
            .filter(|r| f.keeps(x, r.account, r.time, &r.pair, &r.currency))
            .map(|r| {
                Json::obj([
                    ("id", Json::int(r.id)),
                    ("account_id", Json::int(r.account)),
                    ("wallet_type", Json::str(r.wallet_type.clone())),
                    ("date", rfc(Some(r.time))),
                    ("currency", Json::str(r.currency.clone())),
                    ("pair", Json::str(r.pair.clone())),
                    ("interest_rate", Json::num(r.rate)),
                    ("borrow_id", Json::int(r.borrow_id)),
                    ("interest_accrued", Json::num(r.accrued)),
                    ("interest_paid", Json::num(r.paid)),
                ])
            })
            .collect(),
    ))
}

/// No liquidation engine: the documented sample, for this account.
fn margin_liquidations(_: &mut State, x: &In) -> Reply {
    if let Err(r) = window(&x.q) {
        return *r;
    }
    let sample = include_str!("../../tests/fixtures/margin_liquidations.json").replace(
        "\"account_id\": 25",
        &format!("\"account_id\": {}", x.account),
    );
    respond(StatusCode::OK, "application/json", sample.into_bytes())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum MarginOp {
    Borrow,
    Transfer,
    Repay,
}

/// `POST /margin/borrow`, `/margin/transfer`, `/margin/repay`: `200` with no body.
fn margin_write(st: &mut State, x: &In, op: MarginOp) -> Reply {
    let wt = x.text("wallet_type");
    if wt != "ISOLATED_MARGIN" && wt != "CROSS_MARGIN" {
        return form_err("wallet_type", "must be ISOLATED_MARGIN or CROSS_MARGIN");
    }
    let pair = if wt == "ISOLATED_MARGIN" {
        x.text("pair")
    } else {
        String::new()
    };
    if wt == "ISOLATED_MARGIN" && st.pair(&pair).is_none() {
        return form_err("pair", "must be set for ISOLATED_MARGIN");
    }
    let cur = x.text("currency");
    if !st.currencies.iter().any(|(c, _)| *c == cur) {
        return form_err("currency", "unknown currency");
    }
    let amount_field = if op == MarginOp::Borrow {
        "borrow"
    } else {
        "amount"
    };
    let Some(amount) = x.dec(amount_field).filter(|a| *a > Decimal::ZERO) else {
        return form_err(amount_field, "must be greater than 0");
    };
    let now = now_ms();
    let result = match op {
        MarginOp::Borrow => {
            let lt = Some(x.text("type"))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "LOAN_MANUAL".to_string());
            st.borrow(x.account, &wt, &cur, &pair, &lt, amount, now)
                .map(|_| ())
        }
        MarginOp::Transfer => st
            .transfer(
                x.account,
                &wt,
                &x.text("direction"),
                &cur,
                &pair,
                amount,
                &x.text("note"),
                now,
            )
            .map(|_| ()),
        MarginOp::Repay => st.repay(x.account, &wt, &x.text("type"), &cur, &pair, amount, now),
    };
    match result {
        Ok(()) => status_only(StatusCode::OK),
        Err(r) => refusal_v3(r),
    }
}

//! Endpoint id to handler, one small function per endpoint of the document: check the key
//! as the venue does, parse, ask the engine, answer in the venue's envelope.

use std::collections::HashMap;

use chrono::Utc;
use venue_common::sim::{Fields, Reply, Request, Routes};

use super::IqfinexVenue;
use super::auth::{authenticate, authenticate_trader};
use super::engine::{Outcome, PageArgs, Refusal, Side, Sort};
use super::wire::{self, OrderView, ok};
use crate::generated::endpoints as ep;

type Answer = Outcome<Reply>;

/// The candle sizes the document lists, in seconds.
const FRAMES: [u32; 12] = [
    60, 120, 300, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 604800,
];

pub(crate) fn register(routes: &mut Routes<IqfinexVenue>) {
    routes
        .on(ep::CURRENCIES, currencies)
        .on(ep::CURRENCY, currency)
        .on(ep::ASSETS, assets)
        .on(ep::ASSET, asset)
        .on(ep::TICKERS, tickers)
        .on(ep::TICKER, ticker)
        .on(ep::ORDERBOOK, orderbook)
        .on(ep::TRADES, public_trades)
        .on(ep::CANDLES, candles)
        .on(ep::ACCOUNT_INFO, account_info)
        .on(ep::BALANCE, balance)
        .on(ep::OPEN_ORDER, open_order)
        .on(ep::CANCEL_ORDER, cancel_order)
        .on(ep::OPENED_ORDERS, opened_orders)
        .on(ep::CLOSED_ORDERS, closed_orders)
        .on(ep::ORDER_STATUS, order_status)
        .on(ep::ORDER_TRADES, order_trades)
        .on(ep::MY_TRADES, my_trades);
}

// ------------------------------------------------------------------ checks

/// `limit` (1..=`max`, default `default`), `offset` (default 0), `sort` (`ASC` or `DESC`,
/// default `DESC`).
fn page_args(q: &HashMap<String, String>, default: u32, max: u32) -> Outcome<PageArgs> {
    let limit = match q.get("limit") {
        None => default,
        Some(v) => match v.trim().parse::<u32>() {
            Ok(l) if (1..=max).contains(&l) => l,
            _ => return Err(Refusal::bad(format!("limit must be between 1 and {max}"))),
        },
    };
    let offset = match q.get("offset") {
        None => 0,
        Some(v) => v
            .trim()
            .parse::<u64>()
            .map_err(|_| Refusal::bad("offset must be a non-negative integer"))?,
    };
    let sort = match q.get("sort").map(|s| s.to_ascii_uppercase()).as_deref() {
        None | Some("DESC") => Sort::Desc,
        Some("ASC") => Sort::Asc,
        Some(_) => return Err(Refusal::bad("sort must be ASC or DESC")),
    };
    Ok(PageArgs {
        limit,
        offset,
        sort,
    })
}

fn order_id(r: &Request) -> Outcome<u64> {
    r.param("id")
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| Refusal::bad("Order not found"))
}

fn param<'r>(r: &'r Request, name: &str) -> &'r str {
    r.param(name).unwrap_or_default()
}

// ------------------------------------------------------------------ public

fn currencies(v: &IqfinexVenue, _: &Request) -> Reply {
    let shapes = v.shapes;
    v.with(|e| ok(wire::list(shapes, e.currencies.iter().map(wire::currency))))
}

fn currency(v: &IqfinexVenue, r: &Request) -> Answer {
    v.with(|e| Ok(ok(wire::currency(e.currency(param(r, "name"))?))))
}

fn assets(v: &IqfinexVenue, _: &Request) -> Reply {
    let shapes = v.shapes;
    v.with(|e| {
        ok(wire::list(
            shapes,
            e.assets().map(|a| wire::asset(a, shapes)),
        ))
    })
}

fn asset(v: &IqfinexVenue, r: &Request) -> Answer {
    let shapes = v.shapes;
    v.with(|e| Ok(ok(wire::asset(e.asset(param(r, "name"))?, shapes))))
}

fn tickers(v: &IqfinexVenue, _: &Request) -> Reply {
    let shapes = v.shapes;
    v.with(|e| ok(wire::tickers(&e.tickers(Utc::now()), shapes)))
}

fn ticker(v: &IqfinexVenue, r: &Request) -> Answer {
    let shapes = v.shapes;
    v.with(|e| {
        let t = e.ticker(param(r, "asset"), Utc::now())?;
        Ok(ok(wire::ticker(&t, shapes)))
    })
}

fn orderbook(v: &IqfinexVenue, r: &Request) -> Answer {
    // "Rounding level can take 0 - 3 values".
    let level = param(r, "rounding")
        .parse::<u32>()
        .ok()
        .filter(|l| *l <= 3)
        .ok_or_else(|| Refusal::bad("rounding must be 0, 1, 2 or 3"))?;
    v.with(|e| {
        let (bids, asks) = e.orderbook(param(r, "asset"), level)?;
        Ok(ok(wire::orderbook(&bids, &asks)))
    })
}

fn public_trades(v: &IqfinexVenue, r: &Request) -> Answer {
    let page = page_args(&r.query_map(), 10, 100)?;
    v.with(|e| {
        Ok(ok(wire::public_trades(
            &e.public_trades(param(r, "asset"), page)?,
        )))
    })
}

fn candles(v: &IqfinexVenue, r: &Request) -> Answer {
    let frame = param(r, "frame")
        .parse::<u32>()
        .ok()
        .filter(|f| FRAMES.contains(f))
        .ok_or_else(|| Refusal::bad("frame is not one of the available frames"))?;
    let mut page = page_args(&r.query_map(), 20, 500)?;
    // Candles take no `sort`: newest first.
    page.sort = Sort::Desc;
    v.with(|e| {
        let rows = e.candles(param(r, "asset"), frame, page, Utc::now())?;
        Ok(ok(wire::candles(&rows)))
    })
}

// ------------------------------------------------------------------ authorized

fn account_info(v: &IqfinexVenue, r: &Request) -> Answer {
    v.with(|e| Ok(ok(wire::account_info(&authenticate(e, r)?))))
}

fn balance(v: &IqfinexVenue, r: &Request) -> Answer {
    v.with(|e| {
        let user = authenticate(e, r)?;
        Ok(ok(wire::balances(&e.balances(user.id))))
    })
}

/// `POST /v1/order`: `asset`, `cmd`, `volume`, and optionally `price` and `stopPrice`, as JSON
/// numbers or numeric strings.
fn open_order(v: &IqfinexVenue, r: &Request) -> Answer {
    v.with(|e| {
        let user = authenticate_trader(e, r)?;
        let body = Fields::parse(r.body())
            .ok_or_else(|| Refusal::bad("Invalid body: not a JSON object"))?;
        let asset = body
            .string("asset")
            .ok_or_else(|| Refusal::bad("asset is required"))?;
        let side = body
            .string("cmd")
            .as_deref()
            .and_then(Side::parse)
            .ok_or_else(|| Refusal::bad("cmd must be buy or sell"))?;
        let volume = body
            .decimal("volume")
            .ok_or_else(|| Refusal::bad("volume is required and must be a number"))?;
        let number = |name: &str| -> Outcome<Option<rust_decimal::Decimal>> {
            if body.is_null(name) {
                return Ok(None);
            }
            body.decimal(name)
                .map(Some)
                .ok_or_else(|| Refusal::bad(format!("{name} must be a number")))
        };
        let price = number("price")?;
        let stop_price = number("stopPrice")?;
        let order = e.place(user.id, &asset, side, volume, price, stop_price, Utc::now())?;
        Ok(ok(wire::order(&order, OrderView::Live)))
    })
}

fn cancel_order(v: &IqfinexVenue, r: &Request) -> Answer {
    v.with(|e| {
        let user = authenticate_trader(e, r)?;
        let order = e.cancel(user.id, order_id(r)?, Utc::now())?;
        Ok(ok(wire::order(&order, OrderView::Live)))
    })
}

fn opened_orders(v: &IqfinexVenue, r: &Request) -> Answer {
    v.with(|e| {
        let user = authenticate(e, r)?;
        Ok(ok(wire::orders(&e.opened(user.id), OrderView::Live)))
    })
}

fn closed_orders(v: &IqfinexVenue, r: &Request) -> Answer {
    v.with(|e| {
        let user = authenticate(e, r)?;
        let page = page_args(&r.query_map(), 20, 100)?;
        Ok(ok(wire::orders(
            &e.closed(user.id, page),
            OrderView::History,
        )))
    })
}

fn order_status(v: &IqfinexVenue, r: &Request) -> Answer {
    v.with(|e| {
        let user = authenticate(e, r)?;
        let order = e.order(user.id, order_id(r)?)?;
        Ok(ok(wire::order(order, OrderView::Live)))
    })
}

fn order_trades(v: &IqfinexVenue, r: &Request) -> Answer {
    v.with(|e| {
        let user = authenticate(e, r)?;
        let page = page_args(&r.query_map(), 20, 100)?;
        Ok(ok(wire::my_trades(&e.order_trades(
            user.id,
            order_id(r)?,
            page,
        )?)))
    })
}

fn my_trades(v: &IqfinexVenue, r: &Request) -> Answer {
    v.with(|e| {
        let user = authenticate(e, r)?;
        let page = page_args(&r.query_map(), 20, 100)?;
        Ok(ok(wire::my_trades(&e.my_trades(user.id, page))))
    })
}

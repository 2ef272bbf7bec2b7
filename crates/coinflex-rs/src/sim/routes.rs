//! Endpoint id to handler, one small function per endpoint: authenticate as the venue does,
//! parse, change the books, answer in the venue's shape.

use chrono::Utc;
use venue_common::sim::{Reply, Request, Routes};

use super::CoinflexVenue;
use super::auth::authenticate;
use super::engine::{history, parse_body};
use super::wire::{Refusal, answer};
use crate::generated::endpoints as ep;

type Answer = Result<Reply, Refusal>;

/// Registers every endpoint of the spec. The live document's base URL ends in `/v2`, so a
/// client appending `/v2/...` to it verbatim sends `/v2/v2/...`: the venue has no such routes,
/// and neither does this one (a 404), so that mistake fails a test instead of passing.
pub(crate) fn register(routes: &mut Routes<CoinflexVenue>) {
    routes
        .on(ep::BORROWING_SUMMARY, borrowing_summary)
        .on(ep::BORROW, borrow)
        .on(ep::REPAY, repay)
        .on(ep::CLOSE_BORROW, close_borrow)
        .on(ep::BORROW_HISTORY, borrow_history)
        .on(ep::REPAY_HISTORY, repay_history);
}

fn now() -> i64 {
    Utc::now().timestamp_millis()
}

fn borrowing_summary(v: &CoinflexVenue, r: &Request) -> Answer {
    authenticate(v, r)?;
    let data = v.with_state(|s| s.summary());
    Ok(answer("borrowingSummary", now(), data))
}

fn borrow(v: &CoinflexVenue, r: &Request) -> Answer {
    authenticate(v, r)?;
    let body = parse_body(r.body())?;
    let now = now();
    let data = v.with_state(|s| s.borrow(&body, now))?;
    Ok(answer("borrow", now, data))
}

fn repay(v: &CoinflexVenue, r: &Request) -> Answer {
    authenticate(v, r)?;
    let body = parse_body(r.body())?;
    let now = now();
    let data = v.with_state(|s| s.repay(&body, now))?;
    Ok(answer("repay", now, data))
}

fn close_borrow(v: &CoinflexVenue, r: &Request) -> Answer {
    authenticate(v, r)?;
    let body = parse_body(r.body())?;
    let now = now();
    let data = v.with_state(|s| s.close(&body, now))?;
    Ok(answer("closeBorrow", now, data))
}

fn borrow_history(v: &CoinflexVenue, r: &Request) -> Answer {
    authenticate(v, r)?;
    let asset = r.param("asset").unwrap_or_default();
    let now = now();
    let data = v.with_state(|s| history(s.borrows(), asset, r.query(), now))?;
    Ok(answer("borrowHistory", now, data))
}

fn repay_history(v: &CoinflexVenue, r: &Request) -> Answer {
    authenticate(v, r)?;
    let asset = r.param("asset").unwrap_or_default();
    let now = now();
    let data = v.with_state(|s| history(s.repays(), asset, r.query(), now))?;
    Ok(answer("repayHistory", now, data))
}

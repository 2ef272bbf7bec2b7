//! Endpoint id to handler: each endpoint of the spec reads its parameters, is authenticated
//! as the venue does, lets pending transfers move on, and calls its engine operation; the
//! answer goes out in the `{"code", "message", "data"}` envelope.

use venue_common::sim::{Reply, Request, Routes};
use venue_common::{Method, Url};

use super::engine::{Params, Reply as Outcome, SimState};
use super::wire::envelope;
use super::{MatrixportVenue, now_ms};
use crate::generated::endpoints as ep;

type Op = fn(&mut SimState, &Params, i64) -> Result<serde_json::Value, Outcome>;

/// Registers every endpoint of the spec. The document names the trading fee path two ways
/// (`/exchange/trading_fee/rate` in its heading, `/exchange/trading_fees` in its curl): both
/// are served unless [`SimConfig::trading_fee_path`](super::SimConfig::trading_fee_path)
/// names one.
pub(crate) fn register(routes: &mut Routes<MatrixportVenue>) {
    routes
        .on(ep::TRANSFER, |v, r| {
            serve(v, r, |s, p, now| s.transfer(p, now))
        })
        .on(ep::TRANSFER_RECORD, |v, r| {
            serve(v, r, |s, p, _| s.transfer_record(p))
        })
        .on(ep::WALLET_TYPES, |v, r| {
            serve(v, r, |s, p, _| s.wallet_types(p))
        })
        .on(ep::AVAILABLE_CURRENCIES, |v, r| {
            serve(v, r, |s, p, _| s.currencies(p))
        })
        .on(ep::AVAILABLE_CHAINS, |v, r| {
            serve(v, r, |s, p, _| s.chains(p))
        })
        .on(ep::EXCHANGE_MINIMUM_AMOUNT, |v, r| {
            serve(v, r, |s, p, _| s.minimum_amount(p))
        })
        .on(ep::PROFIT_ACCRUAL, |v, r| {
            serve(v, r, |s, p, now| s.profit_accrual(p, now))
        })
        .on(ep::CREATE_ACCOUNT, |v, r| {
            serve(v, r, |s, p, _| s.create_account(p))
        })
        .on(ep::ACCOUNT_BALANCE, |v, r| {
            serve(v, r, |s, p, _| s.account_balance(p))
        })
        .on(ep::ACCOUNT_FLOWS, |v, r| {
            serve(v, r, |s, p, _| s.account_flows(p))
        })
        .on(ep::ACCOUNT_TRANSFER_RECORDS, |v, r| {
            serve(v, r, |s, p, _| s.fund_records(p))
        })
        .on(ep::ACCOUNT_LIST, |v, r| {
            serve(v, r, |s, p, _| s.account_list(p))
        })
        .on(ep::DMA_BILLS, |v, r| serve(v, r, |s, p, _| s.dma_bills(p)))
        .on(ep::DMA_BILL_REPAY, |v, r| {
            serve(v, r, |s, p, now| s.dma_bill_repay(p, now))
        })
        .on(ep::EXCHANGE_CUSTODY, |v, r| {
            serve(v, r, |s, p, _| s.exchange_custody(p))
        })
        .on(ep::EXCHANGE_TRADING_FEE_RATE, |v, r| {
            if !serves_trading_fee_path(v.trading_fee_path(), r.path()) {
                return envelope(Outcome::Http(404, format!("no route for {}", r.path())));
            }
            serve(v, r, |s, p, _| s.trading_fee_rate(p))
        })
        .also_at(
            ep::EXCHANGE_TRADING_FEE_RATE,
            "/credit/agency/v1/exchange/trading_fees",
        )
        .on(ep::RCU_ACCOUNTS, |v, r| {
            serve(v, r, |s, p, _| s.rcu_accounts(p))
        })
        .on(ep::LOAN_BILLS, |v, r| {
            serve(v, r, |s, p, _| s.loan_bills(p))
        })
        .on(ep::BILL_REPAY, |v, r| {
            serve(v, r, |s, p, now| s.bill_repay(p, now))
        })
        .on(ep::ORDER_DETAIL, |v, r| {
            serve(v, r, |s, p, _| s.order_detail(p))
        })
        .on(ep::SET_LENDING_ACCOUNT, |v, r| {
            serve(v, r, |s, p, now| s.set_lending_account(p, now))
        })
        .on(ep::ADD_ORDER_MARGIN, |v, r| {
            serve(v, r, |s, p, now| s.add_order_margin(p, now))
        })
        .on(ep::MARGIN_RECORDS, |v, r| {
            serve(v, r, |s, p, _| s.margin_records(p))
        })
        .on(ep::ORDER_OPERATIONS, |v, r| {
            serve(v, r, |s, p, _| s.order_operations(p))
        })
        .on(ep::ORDER_LIST, |v, r| {
            serve(v, r, |s, p, _| s.order_list(p))
        })
        .on(ep::ORDER_RENEW, |v, r| {
            serve(v, r, |s, p, now| s.order_renew(p, now))
        })
        .on(ep::ORDER_REPAY, |v, r| {
            serve(v, r, |s, p, now| s.order_repay(p, now))
        })
        .on(ep::RCU_LIST, |v, r| serve(v, r, |s, p, _| s.rcu_list(p)))
        .on(ep::RCU_DETAIL, |v, r| {
            serve(v, r, |s, p, now| s.rcu_detail(p, now))
        });
}

/// Whether the trading fee rates are served at `path` under `setting`.
fn serves_trading_fee_path(setting: super::TradingFeePath, path: &str) -> bool {
    use super::TradingFeePath;
    let fees = path.trim_end_matches('/').ends_with("/trading_fees");
    match setting {
        TradingFeePath::Rate => !fees,
        TradingFeePath::Fees => fees,
        _ => true,
    }
}

/// What every endpoint does around its operation.
fn serve(v: &MatrixportVenue, r: &Request, op: Op) -> Reply {
    let params = match read_params(r) {
        Ok(p) => p,
        Err(message) => return envelope(Outcome::Http(400, message)),
    };
    let now = now_ms();
    if let Err(refusal) = super::auth::authenticate(v, r, &params, now) {
        return envelope(refusal);
    }
    let outcome = v.with_state(|s| {
        // Transfers move on in the background; catch up before answering.
        s.advance_transfers(now);
        op(s, &params, now)
    });
    envelope(match outcome {
        Ok(data) => Outcome::Ok(data),
        Err(refusal) => refusal,
    })
}

/// The request's parameters: the decoded query of a `GET`, the JSON body object otherwise.
fn read_params(r: &Request) -> Result<Params, String> {
    if *r.method() == Method::GET {
        let parsed = Url::parse(&format!("http://x/?{}", r.query()))
            .map_err(|e| format!("bad query: {e}"))?;
        let mut map = serde_json::Map::new();
        for (k, v) in parsed.query_pairs() {
            map.insert(k.into_owned(), serde_json::Value::String(v.into_owned()));
        }
        return Ok(Params::new(map, true));
    }
    if r.body().iter().all(u8::is_ascii_whitespace) {
        return Ok(Params::new(serde_json::Map::new(), false));
    }
    match serde_json::from_slice::<serde_json::Value>(r.body()) {
        Ok(serde_json::Value::Object(map)) => Ok(Params::new(map, false)),
        _ => Err("the body must be a JSON object".into()),
    }
}

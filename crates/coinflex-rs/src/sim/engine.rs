//! The local venue's books and rules: keys and nonces, balances, borrowings and their history.
//! No HTTP here: handlers in `routes.rs` parse, call these, and answer.

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::Decimal;
use serde_json::{Value, json};
use venue_common::sim::Fields;

use super::SimConfig;
use super::wire::{Refusal, bad};

/// Decimal places the venue's amounts carry.
const SCALE: u32 = 8;
const DAY_MS: i64 = 86_400_000;

fn too_large() -> Refusal {
    bad("40001", "amount is too large")
}

/// `a + b`, refused in the venue's shape when it overflows.
fn add(a: Decimal, b: Decimal) -> Result<Decimal, Refusal> {
    a.checked_add(b).ok_or_else(too_large)
}

/// `a - b`, refused in the venue's shape when it overflows.
fn sub(a: Decimal, b: Decimal) -> Result<Decimal, Refusal> {
    a.checked_sub(b).ok_or_else(too_large)
}

/// `a * b`, refused in the venue's shape when it overflows.
fn mul(a: Decimal, b: Decimal) -> Result<Decimal, Refusal> {
    a.checked_mul(b).ok_or_else(too_large)
}

/// `a * b / c` (a share of a loan), refused in the venue's shape when it overflows.
fn share(a: Decimal, b: Decimal, c: Decimal) -> Result<Decimal, Refusal> {
    mul(a, b)?.checked_div(c).ok_or_else(too_large)
}

#[derive(Debug, Clone, Default)]
struct Loan {
    borrowed: Decimal,
    collateralized: Decimal,
}

#[derive(Debug, Clone)]
pub(crate) struct Event {
    asset: String,
    at: i64,
    body: Value,
}

/// Everything the local venue remembers.
#[derive(Debug)]
pub(crate) struct SimState {
    keys: HashMap<String, String>,
    nonces: HashMap<String, HashSet<u64>>,
    balances: BTreeMap<String, Decimal>,
    marks: BTreeMap<String, Decimal>,
    loans: BTreeMap<(String, String), Loan>,
    borrows: Vec<Event>,
    repays: Vec<Event>,
    next_order_id: u64,
}

impl SimState {
    /// The borrow events, oldest first.
    pub(crate) fn borrows(&self) -> &[Event] {
        &self.borrows
    }

    /// The repay events, oldest first.
    pub(crate) fn repays(&self) -> &[Event] {
        &self.repays
    }

    pub(crate) fn new(config: &SimConfig) -> Self {
        SimState {
            keys: config.keys.iter().cloned().collect(),
            nonces: HashMap::new(),
            balances: config.balances.iter().cloned().collect(),
            marks: config.marks.iter().cloned().collect(),
            loans: BTreeMap::new(),
            borrows: Vec::new(),
            repays: Vec::new(),
            next_order_id: 1_000_018_496_331,
        }
    }

    pub(crate) fn secret_of(&self, key: &str) -> Option<String> {
        self.keys.get(key).cloned()
    }

    /// Records a nonce for a key; `false` when the key used it before.
    pub(crate) fn claim_nonce(&mut self, key: &str, nonce: u64) -> bool {
        self.nonces
            .entry(key.to_string())
            .or_default()
            .insert(nonce)
    }

    pub(crate) fn balance(&self, asset: &str) -> Decimal {
        self.balances.get(asset).copied().unwrap_or_default()
    }

    pub(crate) fn set_balance(&mut self, asset: &str, amount: Decimal) {
        self.balances.insert(asset.to_string(), amount);
    }

    pub(crate) fn borrowing(&self, borrow: &str, collateral: &str) -> (Decimal, Decimal) {
        self.loans
            .get(&(borrow.to_string(), collateral.to_string()))
            .map(|l| (l.borrowed, l.collateralized))
            .unwrap_or_default()
    }

    fn credit(&mut self, asset: &str, delta: Decimal) -> Result<(), Refusal> {
        let balance = self.balances.entry(asset.to_string()).or_default();
        *balance = add(*balance, delta)?;
        Ok(())
    }

    pub(crate) fn summary(&self) -> Value {
        let rows: Vec<Value> = self
            .loans
            .iter()
            .filter(|(_, l)| l.borrowed > Decimal::ZERO || l.collateralized > Decimal::ZERO)
            .map(|((borrow, collateral), l)| {
                json!({
                    "borrowAsset": borrow,
                    "borrowedAmount": l.borrowed.to_string(),
                    "collateralAsset": collateral,
                    "collateralizedAmount": l.collateralized.to_string(),
                    "rateType": "FLOATING_RATE",
                    "status": "To be repaid",
                })
            })
            .collect();
        Value::Array(rows)
    }

    pub(crate) fn borrow(&mut self, body: &Fields, now: i64) -> Result<Value, Refusal> {
        let borrow_asset = text(body, "borrowAsset")?;
        let collateral = text(body, "collateralAsset")?;
        let amount = positive(body, "collateralAmount")?;
        if borrow_asset != "USD" {
            return Err(bad("40001", "borrowAsset can only be USD for now"));
        }
        let mark = self.mark(&collateral)?;
        let available = self.balance(&collateral);
        if available <= Decimal::ZERO {
            return Err(bad(
                "710006",
                format!("FAILED balance check as balance ({available}) < value ({amount})"),
            ));
        }
        let collateralized = amount.min(available);
        let borrowed = mul(collateralized, mark)?.round_dp(SCALE);
        let loan = self
            .loans
            .get(&(borrow_asset.clone(), collateral.clone()))
            .cloned()
            .unwrap_or_default();
        // Every sum first, so a refusal leaves the books as they were.
        let loan = Loan {
            borrowed: add(loan.borrowed, borrowed)?,
            collateralized: add(loan.collateralized, collateralized)?,
        };
        add(self.balance(&borrow_asset), borrowed)?;
        self.credit(&collateral, -collateralized)?;
        self.credit(&borrow_asset, borrowed)?;
        self.loans
            .insert((borrow_asset.clone(), collateral.clone()), loan);
        let status = if collateralized == amount {
            "COMPLETED"
        } else {
            "PARTIAL"
        };
        let data = json!({
            "borrowAsset": borrow_asset,
            "borrowedAmount": borrowed.to_string(),
            "collateralAsset": collateral,
            "collateralizedAmount": collateralized.to_string(),
            "nonCollateralizedAmount": sub(amount, collateralized)?.normalize().to_string(),
            "rateType": "FLOATING_RATE",
            "status": status,
            "borrowedAt": now.to_string(),
        });
        self.borrows.push(Event {
            asset: collateral,
            at: now,
            body: data.clone(),
        });
        Ok(data)
    }

    pub(crate) fn repay(&mut self, body: &Fields, now: i64) -> Result<Value, Refusal> {
        let repay_asset = text(body, "repayAsset")?;
        let regain = text(body, "regainAsset")?;
        let amount = positive(body, "regainAmount")?;
        if repay_asset != "USD" {
            return Err(bad("40001", "repayAsset can only be USD for now"));
        }
        let key = (repay_asset.clone(), regain.clone());
        let loan = self.loans.get(&key).cloned().unwrap_or_default();
        if loan.collateralized <= Decimal::ZERO {
            return Err(bad(
                "20001",
                format!("no borrowing of {repay_asset} against {regain} to repay"),
            ));
        }
        let regained = amount.min(loan.collateralized);
        let repaid = if regained == loan.collateralized {
            loan.borrowed
        } else {
            share(loan.borrowed, regained, loan.collateralized)?.round_dp(SCALE)
        };
        let cash = self.balance(&repay_asset);
        if cash < repaid {
            return Err(bad(
                "710006",
                format!("FAILED balance check as balance ({cash}) < value ({repaid})"),
            ));
        }
        let left = Loan {
            borrowed: sub(loan.borrowed, repaid)?,
            collateralized: sub(loan.collateralized, regained)?,
        };
        add(self.balance(&regain), regained)?;
        self.credit(&repay_asset, -repaid)?;
        self.credit(&regain, regained)?;
        self.loans.insert(key, left);
        let status = if regained == amount {
            "COMPLETED"
        } else {
            "PARTIAL"
        };
        let data = json!({
            "repayAsset": repay_asset,
            "repaidAmount": repaid.to_string(),
            "regainAsset": regain,
            "regainedAmount": regained.to_string(),
            "nonRegainedAmount": sub(amount, regained)?.normalize().to_string(),
            "status": status,
            "repaidAt": now.to_string(),
        });
        self.repays.push(Event {
            asset: regain,
            at: now,
            body: data.clone(),
        });
        Ok(data)
    }

    pub(crate) fn close(&mut self, body: &Fields, now: i64) -> Result<Value, Refusal> {
        let market = text(body, "marketCode")?;
        let mut parts = market.split('-');
        let base = parts.next().unwrap_or_default().to_string();
        let quote = parts.next().unwrap_or_default();
        if base.is_empty() || quote != "USD" {
            return Err(bad("20015", "marketCode is invalid"));
        }
        let mark = self.mark(&base)?;
        let price = optional_positive(body, "price")?;
        // The example names the amount `quantity`, the table `collateralAmount`: either is
        // read, and two different values are refused rather than guessed between.
        let quantity = match (
            optional_positive(body, "quantity")?,
            optional_positive(body, "collateralAmount")?,
        ) {
            (Some(q), Some(c)) if q != c => {
                return Err(bad(
                    "40001",
                    "quantity and collateralAmount must be the same amount",
                ));
            }
            (q, c) => q.or(c),
        };
        let key = ("USD".to_string(), base.clone());
        let loan = self.loans.get(&key).cloned().unwrap_or_default();
        if loan.collateralized <= Decimal::ZERO {
            return Err(bad(
                "20001",
                format!("no borrowing against {base} to close"),
            ));
        }
        let quantity = quantity
            .unwrap_or(loan.collateralized)
            .min(loan.collateralized);
        let limit = price.unwrap_or(mark);
        self.next_order_id = self.next_order_id.saturating_add(1);
        let order_id = self.next_order_id;
        // A fill-or-kill sell above the mark finds no buyer.
        let filled = limit <= mark;
        if filled {
            let proceeds = mul(quantity, limit)?.round_dp(SCALE);
            let repaid = if quantity == loan.collateralized {
                loan.borrowed
            } else {
                share(loan.borrowed, quantity, loan.collateralized)?.round_dp(SCALE)
            };
            let left = Loan {
                borrowed: sub(loan.borrowed, repaid)?,
                collateralized: sub(loan.collateralized, quantity)?,
            };
            let net = sub(proceeds, repaid)?;
            add(self.balance("USD"), net)?;
            self.loans.insert(key, left);
            self.credit("USD", net)?;
        }
        Ok(json!({
            "success": "true",
            "timestamp": now.to_string(),
            "clientOrderId": now.to_string(),
            "orderId": order_id.to_string(),
            "price": limit.to_string(),
            "quantity": quantity.to_string(),
            "side": "SELL",
            "status": if filled { "FILLED" } else { "CANCELED_BY_FOK" },
            "marketCode": market,
            "timeInForce": "FOK",
            "notice": if filled { "OrderMatched" } else { "OrderClosed" },
            // The document's sample answers a close with a price as `MARKET` (the table lists
            // `LIMIT` or `STOP`): a close is a market order capped by its price.
            "orderType": "MARKET",
            "isTriggered": "false",
        }))
    }

    fn mark(&self, asset: &str) -> Result<Decimal, Refusal> {
        self.marks
            .get(asset)
            .copied()
            .ok_or_else(|| bad("40001", format!("{asset} is not accepted as collateral")))
    }
}

/// The JSON object body; anything else is `20009`.
pub(crate) fn parse_body(body: &[u8]) -> Result<Fields, Refusal> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(bad("20009", "JSON data format is invalid"));
    }
    Fields::parse(body).ok_or_else(|| bad("20009", "JSON data format is invalid"))
}

fn text(body: &Fields, name: &str) -> Result<String, Refusal> {
    body.string(name)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad("40001", format!("{name} is required")))
}

/// A positive amount, from a decimal string (or a JSON number), exactly as written.
fn positive(body: &Fields, name: &str) -> Result<Decimal, Refusal> {
    if body.is_null(name) {
        return Err(bad("40001", format!("{name} is required")));
    }
    let d = body
        .decimal(name)
        .ok_or_else(|| bad("40001", format!("{name} must be a decimal string")))?;
    if d <= Decimal::ZERO {
        return Err(bad("40001", format!("{name} must be greater than zero")));
    }
    Ok(d)
}

fn optional_positive(body: &Fields, name: &str) -> Result<Option<Decimal>, Refusal> {
    if body.is_null(name) {
        return Ok(None);
    }
    positive(body, name).map(Some)
}

pub(crate) fn history(
    events: &[Event],
    asset: &str,
    query: &str,
    now: i64,
) -> Result<Value, Refusal> {
    let mut limit: i64 = 100;
    let mut start: Option<i64> = None;
    let mut end: Option<i64> = None;
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        let parsed: i64 = v
            .trim()
            .parse()
            .map_err(|_| bad("40001", format!("{k} must be an integer")))?;
        match k.as_ref() {
            "limit" => limit = parsed,
            "startTime" => start = Some(parsed),
            "endTime" => end = Some(parsed),
            _ => {}
        }
    }
    if !(1..=100).contains(&limit) {
        return Err(bad("40001", "limit must be between 1 and 100"));
    }
    let end = end.unwrap_or(now);
    let start = start.unwrap_or(end.min(now).saturating_sub(DAY_MS));
    if start > end {
        return Err(bad("40001", "startTime must not be after endTime"));
    }
    if end.saturating_sub(start) > 7 * DAY_MS {
        return Err(bad(
            "40001",
            "startTime and endTime must be within 7 days of each other",
        ));
    }
    let mut rows: Vec<&Event> = events
        .iter()
        .filter(|e| e.asset == asset && e.at >= start && e.at <= end)
        .collect();
    // Newest first; among equal times, the later event first.
    rows.reverse();
    rows.sort_by_key(|e| std::cmp::Reverse(e.at));
    let limit = usize::try_from(limit).unwrap_or(100);
    Ok(Value::Array(
        rows.into_iter()
            .take(limit)
            .map(|e| e.body.clone())
            .collect(),
    ))
}

//! The local venue's state and rules: accounts, balances, transfers and their settlement,
//! loan orders, bills, margin, RCUs; the document's Transfer Case table. No HTTP here: the
//! handlers in `routes.rs` parse, authenticate, call these, and answer.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::USER_ID;

/// How often the venue moves transfers one step (pending, processing, processed).
pub const TRANSFER_STEP: Duration = Duration::from_millis(50);

const DAY_MS: i64 = 86_400_000;
const WALLET: &str = "606113.bal";
const CAPITAL: &str = "capital_Matrixport";

/// The venue's answer before it is wrapped in the envelope.
pub(crate) enum Reply {
    /// `code` 0 with this `data`.
    Ok(Value),
    /// A documented venue code (HTTP 200).
    Venue(i64, String),
    /// An undocumented refusal: HTTP status and message (the status doubles as `code`).
    Http(u16, String),
}

fn venue(code: i64, message: &str) -> Reply {
    Reply::Venue(code, message.to_string())
}

fn bad(message: impl Into<String>) -> Reply {
    Reply::Http(400, message.into())
}

/// A request's parameters (the decoded query, or the body object).
pub(crate) struct Params {
    map: Map<String, Value>,
    query: bool,
}

impl Params {
    pub(crate) fn new(map: Map<String, Value>, query: bool) -> Self {
        Params { map, query }
    }

    pub(crate) fn is_query(&self) -> bool {
        self.query
    }

    pub(crate) fn map(&self) -> &Map<String, Value> {
        &self.map
    }

    fn text(&self, name: &str) -> Option<String> {
        match self.map.get(name)? {
            Value::String(s) if s.is_empty() => None,
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    fn req(&self, name: &str) -> Result<String, Reply> {
        self.text(name)
            .ok_or_else(|| bad(format!("{name} is required")))
    }

    pub(crate) fn i64(&self, name: &str) -> Option<i64> {
        self.text(name)?.parse().ok()
    }

    fn dec(&self, name: &str) -> Result<Decimal, Reply> {
        let t = self.req(name)?;
        t.parse::<Decimal>()
            .map_err(|_| bad(format!("{name} is not a decimal: {t}")))
    }

    fn bool(&self, name: &str) -> bool {
        self.text(name).is_some_and(|t| t == "true")
    }

    fn matches(&self, name: &str, value: &str) -> bool {
        self.text(name).is_none_or(|t| t == value)
    }
}

/// What an account is, for the Transfer Case table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AccountKind {
    /// The Prime Broker wallet, `<user>.bal`.
    Wallet,
    /// A centralised-exchange sub-account.
    Cex,
    /// A Defi account.
    Defi,
}

/// One row of the document's Transfer Case table ("Data Structure & Description: Transfer
/// Case"), read here from the document on its own, apart from the client's copy.
struct TransferCase {
    from: AccountKind,
    to: AccountKind,
    /// `chain` is among the required parameters.
    needs_chain: bool,
    /// "Support instant transfers": Y.
    instant: bool,
    /// "1. Bind the same RCU accounts 2. Unbound RCU accounts".
    same_rcu_or_unbound: bool,
    /// "1. Unbound RCU accounts" (the source must not be bound).
    source_unbound: bool,
}

const fn case(
    from: AccountKind,
    to: AccountKind,
    needs_chain: bool,
    instant: bool,
    same_rcu_or_unbound: bool,
    source_unbound: bool,
) -> TransferCase {
    TransferCase {
        from,
        to,
        needs_chain,
        instant,
        same_rcu_or_unbound,
        source_unbound,
    }
}

/// The table's eight rows, in the document's order. Wallet to wallet is not a case.
static TRANSFER_CASES: [TransferCase; 8] = {
    use AccountKind::{Cex, Defi, Wallet};
    [
        // PB wallet to CEX | No limits | amount, currency, from, to, serial_no | N
        case(Wallet, Cex, false, false, false, false),
        // PB wallet to Defi a/c | No limits | ... chain ... | N
        case(Wallet, Defi, true, false, false, false),
        // CEX to CEX | same RCU or unbound | ... | Y
        case(Cex, Cex, false, true, true, false),
        // CEX to PB wallet | unbound | ... | N
        case(Cex, Wallet, false, false, false, true),
        // CEX to Defi a/c | same RCU or unbound | ... chain ... | N
        case(Cex, Defi, true, false, true, false),
        // Defi a/c to PB wallet | unbound | ... chain ... | N
        case(Defi, Wallet, true, false, false, true),
        // Defi a/c to Defi a/c | same RCU or unbound | ... chain ... | N
        case(Defi, Defi, true, false, true, false),
        // Defi a/c to CEX | same RCU or unbound | ... chain ... | N
        case(Defi, Cex, true, false, true, false),
    ]
};

fn transfer_case(from: AccountKind, to: AccountKind) -> Option<&'static TransferCase> {
    TRANSFER_CASES.iter().find(|c| c.from == from && c.to == to)
}

#[derive(Debug, Clone)]
struct AccountRow {
    id: String,
    kind: AccountKind,
    exchange: String,
    ex_value: String,
    name: String,
    status: i64,
    custody_id: String,
    rcu_id: u64,
}

#[derive(Debug, Clone)]
struct Transfer {
    serial_no: String,
    from: String,
    to: String,
    currency: String,
    amount: Decimal,
    process: i64,
    scenario: String,
    created_at: i64,
}

#[derive(Debug, Clone)]
struct Flow {
    serial_no: String,
    transfer_serial_no: String,
    account_id: String,
    scenario: String,
    direction: i64,
    currency: String,
    amount: Decimal,
    created_at: i64,
}

#[derive(Debug, Clone)]
struct OrderRow {
    order_id: String,
    biz_type: i64,
    status: i64,
    rcu_id: u64,
    currency: String,
    allocation_amount: Decimal,
    allocated_amount: Decimal,
    margin_amount: Decimal,
    interest_rate: Decimal,
    close_day: i64,
    value_time: i64,
    due_time: i64,
    ratio: Decimal,
    amount_repaid: Decimal,
    created_at: i64,
}

#[derive(Debug, Clone)]
struct BillRow {
    bill_id: String,
    order_id: String,
    bill_time: i64,
    amount: Decimal,
    repaid: Decimal,
    payment_status: i64,
    bill_type: i64,
}

#[derive(Debug, Clone)]
struct OpRow {
    created_at: i64,
    serial_no: String,
    request_id: String,
    order_id: String,
    op_type: i64,
    currency: String,
    amount: Decimal,
    status: i64,
}

#[derive(Debug, Clone)]
struct DmaRow {
    serial_no: String,
    amount: Decimal,
    currency: String,
    status: i64,
    start: i64,
    end: i64,
}

#[derive(Debug, Clone)]
struct RcuRow {
    rcu_id: u64,
    name: String,
    order_id: String,
    initial_margin_ratio: Decimal,
    enabled: bool,
    biz_type: i64,
}

/// Everything the local venue remembers.
pub(crate) struct SimState {
    accounts: Vec<AccountRow>,
    balances: BTreeMap<(String, String), Decimal>,
    transfers: Vec<Transfer>,
    flows: Vec<Flow>,
    orders: Vec<OrderRow>,
    bills: Vec<BillRow>,
    margins: Vec<OpRow>,
    ops: Vec<OpRow>,
    dma: Vec<DmaRow>,
    rcus: Vec<RcuRow>,
    serial_nos: HashSet<String>,
    request_ids: HashSet<String>,
    seq: u64,
}

fn sample(text: &str) -> Value {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get("data").cloned())
        .unwrap_or(Value::Null)
}

fn valid_key(k: &str) -> bool {
    (8..=32).contains(&k.len())
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn usd_price(currency: &str) -> Decimal {
    match currency {
        "BTC" => Decimal::from(30_000),
        "ETH" => Decimal::from(2_000),
        _ => Decimal::ONE,
    }
}

fn chains_for(currency: &str) -> Vec<&'static str> {
    match currency {
        "BTC" => vec!["BTC"],
        "ETH" => vec!["ERC20"],
        _ => vec!["ERC20", "TRC20"],
    }
}

fn minimum(currency: &str) -> Decimal {
    match currency {
        "BTC" => Decimal::new(1, 3),
        "ETH" => Decimal::new(2, 2),
        _ => Decimal::from(10),
    }
}

const CURRENCIES: [&str; 3] = ["BTC", "ETH", "USDT"];
const EXCHANGES: [&str; 11] = [
    "binance", "huobi", "okex", "bit.com", "bybit", "deribit", "coinbase", "kucoin", "kraken",
    "gate", "bitget",
];

fn dec_text(d: Decimal) -> String {
    d.normalize().to_string()
}

impl SimState {
    /// The venue as it starts: one user with a wallet, exchange sub-accounts (two bound to a
    /// margin-loan RCU, one to a pending loan's RCU, one Defi account), two loan orders with
    /// bills, two DMA bills.
    pub(crate) fn seeded(now: i64) -> SimState {
        let today = now - now.rem_euclid(DAY_MS);
        let acc = |id: &str, kind, exchange: &str, ex_value: &str, rcu_id| AccountRow {
            id: id.into(),
            kind,
            exchange: exchange.into(),
            ex_value: ex_value.into(),
            name: id.into(),
            status: 2,
            custody_id: String::new(),
            rcu_id,
        };
        use AccountKind::*;
        let accounts = vec![
            acc(WALLET, Wallet, "Matrixport", "matrixport", 0),
            acc("606113_binance_1", Cex, "Binance", "binance", 0),
            acc("606113_okex_2", Cex, "OKX", "okex", 0),
            acc("606113_binance_3", Cex, "Binance", "binance", 820),
            acc("606113_deribit_4", Cex, "Deribit", "deribit", 820),
            acc("606113_okex_5", Cex, "OKX", "okex", 821),
            acc("606113_defi_6", Defi, "Defi", "defi", 0),
        ];
        let mut balances = BTreeMap::new();
        for (a, c, v) in [
            (WALLET, "USDT", 100_000),
            (WALLET, "BTC", 10),
            (WALLET, "ETH", 200),
            ("606113_binance_1", "USDT", 5_000),
            ("606113_binance_1", "BTC", 2),
            ("606113_okex_2", "USDT", 1_000),
            ("606113_binance_3", "USDT", 20_000),
            ("606113_binance_3", "BTC", 1),
            ("606113_deribit_4", "BTC", 3),
            ("606113_defi_6", "ETH", 5),
        ] {
            balances.insert((a.to_string(), c.to_string()), Decimal::from(v));
        }
        let order = |id: &str, status, rcu_id, amount: i64, allocated: i64, margin: i64| OrderRow {
            order_id: id.into(),
            biz_type: 1,
            status,
            rcu_id,
            currency: "USDT".into(),
            allocation_amount: Decimal::from(amount),
            allocated_amount: Decimal::from(allocated),
            margin_amount: Decimal::from(margin),
            interest_rate: Decimal::new(32, 3),
            close_day: 30,
            value_time: today - 10 * DAY_MS,
            due_time: today + 20 * DAY_MS,
            ratio: Decimal::from(3),
            amount_repaid: Decimal::ZERO,
            created_at: today - 11 * DAY_MS,
        };
        let orders = vec![
            order("7109485224484110336", 11, 820, 3_000, 3_000, 1_000),
            order("7102593191773384704", 7, 821, 1_000, 0, 200),
        ];
        let bills = vec![
            BillRow {
                bill_id: "7105127171873775616".into(),
                order_id: "7109485224484110336".into(),
                bill_time: today - DAY_MS,
                amount: Decimal::new(263, 2),
                repaid: Decimal::ZERO,
                payment_status: 0,
                bill_type: 1,
            },
            BillRow {
                bill_id: "7105127937665605632".into(),
                order_id: "7109485224484110336".into(),
                bill_time: today - DAY_MS,
                amount: Decimal::from(22),
                repaid: Decimal::ZERO,
                payment_status: 0,
                bill_type: 4,
            },
        ];
        let dma = vec![
            DmaRow {
                serial_no: "7104432572440215554DMA".into(),
                amount: Decimal::ONE,
                currency: "USDT".into(),
                status: 1,
                start: today - 30 * DAY_MS,
                end: today,
            },
            DmaRow {
                serial_no: "7100678207011196928DMA".into(),
                amount: Decimal::new(2, 2),
                currency: "ETH".into(),
                status: 3,
                start: today - 60 * DAY_MS,
                end: today - 30 * DAY_MS,
            },
        ];
        let rcus = vec![
            RcuRow {
                rcu_id: 820,
                name: "ML-USDT-84110336".into(),
                order_id: "7109485224484110336".into(),
                initial_margin_ratio: Decimal::new(3333, 4),
                enabled: true,
                biz_type: 1,
            },
            RcuRow {
                rcu_id: 821,
                name: "ML-USDT-73384704".into(),
                order_id: "7102593191773384704".into(),
                initial_margin_ratio: Decimal::new(3333, 4),
                enabled: false,
                biz_type: 1,
            },
        ];
        SimState {
            accounts,
            balances,
            transfers: Vec::new(),
            flows: Vec::new(),
            orders,
            bills,
            margins: Vec::new(),
            ops: Vec::new(),
            dma,
            rcus,
            serial_nos: HashSet::new(),
            request_ids: HashSet::new(),
            seq: 7_200_000_000_000_000_000,
        }
    }

    fn next_id(&mut self) -> String {
        self.seq += 1;
        self.seq.to_string()
    }

    pub(crate) fn balance(&self, account: &str, currency: &str) -> Decimal {
        self.balances
            .get(&(account.to_string(), currency.to_string()))
            .copied()
            .unwrap_or_default()
    }

    pub(crate) fn transfers_with_serial(&self, serial_no: &str) -> usize {
        self.transfers
            .iter()
            .filter(|t| t.serial_no == serial_no)
            .count()
    }

    pub(crate) fn credit(&mut self, account: &str, currency: &str, amount: Decimal) {
        *self
            .balances
            .entry((account.to_string(), currency.to_string()))
            .or_default() += amount;
    }

    fn account(&self, id: &str) -> Option<AccountRow> {
        self.accounts.iter().find(|a| a.id == id).cloned()
    }

    fn known_account(&self, id: &str) -> Result<AccountRow, Reply> {
        self.account(id)
            .ok_or_else(|| venue(12070129, "Account Verification Failed"))
    }

    #[allow(clippy::too_many_arguments)]
    fn flow(
        &mut self,
        transfer: &str,
        account: &str,
        scenario: &str,
        direction: i64,
        currency: &str,
        amount: Decimal,
        now: i64,
    ) {
        let n = self
            .flows
            .iter()
            .filter(|f| f.transfer_serial_no == transfer)
            .count();
        self.flows.push(Flow {
            serial_no: format!("{transfer}-{n}"),
            transfer_serial_no: transfer.into(),
            account_id: account.into(),
            scenario: scenario.into(),
            direction,
            currency: currency.into(),
            amount,
            created_at: now,
        });
    }

    /// Moves money out of `from` now (recorded as a flow and a processed fund record).
    fn pay(
        &mut self,
        from: &str,
        currency: &str,
        amount: Decimal,
        scenario: &str,
        now: i64,
    ) -> String {
        let serial = self.next_id();
        self.credit(from, currency, -amount);
        self.flow(&serial, from, scenario, 2, currency, amount, now);
        self.transfers.push(Transfer {
            serial_no: serial.clone(),
            from: from.into(),
            to: CAPITAL.into(),
            currency: currency.into(),
            amount,
            process: 3,
            scenario: scenario.into(),
            created_at: now,
        });
        serial
    }

    #[allow(clippy::too_many_arguments)]
    fn op(
        &mut self,
        order_id: &str,
        request_id: &str,
        op_type: i64,
        currency: &str,
        amount: Decimal,
        status: i64,
        now: i64,
    ) -> String {
        let serial = self.next_id();
        self.ops.push(OpRow {
            created_at: now,
            serial_no: serial.clone(),
            request_id: request_id.into(),
            order_id: order_id.into(),
            op_type,
            currency: currency.into(),
            amount,
            status,
        });
        serial
    }

    /// One step for every unfinished transfer: pending to processing, processing to processed
    /// (the destination is credited then).
    pub(crate) fn advance_transfers(&mut self, now: i64) {
        let step = TRANSFER_STEP.as_millis() as i64;
        let mut done = Vec::new();
        for t in self.transfers.iter_mut() {
            let age = now - t.created_at;
            if t.process == 1 && age >= step {
                t.process = 2;
            } else if t.process == 2 && age >= 2 * step {
                t.process = 3;
                done.push(t.clone());
            }
        }
        for t in done {
            self.credit(&t.to, &t.currency, t.amount);
            let scenario = t.scenario.clone();
            self.flow(
                &t.serial_no,
                &t.to,
                &scenario,
                1,
                &t.currency,
                t.amount,
                now,
            );
        }
    }

    /// Runs every unfinished transfer to its end.
    pub(crate) fn settle_transfers(&mut self, now: i64) {
        for t in self.transfers.iter_mut() {
            if t.process == 1 {
                t.process = 2;
                t.created_at = now - 2 * TRANSFER_STEP.as_millis() as i64;
            } else if t.process == 2 {
                t.created_at = now - 2 * TRANSFER_STEP.as_millis() as i64;
            }
        }
        self.advance_transfers(now);
    }

    /// `GET /exchange/custody`: the documented sample (no custody flow here).
    pub(crate) fn exchange_custody(&self, _p: &Params) -> Result<Value, Reply> {
        Ok(sample(include_str!(
            "../../tests/fixtures/exchange_custody.json"
        )))
    }

    /// `GET /exchange/trading_fee/rate`: the documented sample, paged.
    pub(crate) fn trading_fee_rate(&self, p: &Params) -> Result<Value, Reply> {
        page_of(
            sample_items(include_str!(
                "../../tests/fixtures/exchange_trading_fee_rate.json"
            )),
            p,
        )
    }

    // -----------------------------------------------------------------------------------------
    // Writes

    fn take_request_id(&self, p: &Params) -> Result<String, Reply> {
        let id = p.req("request_id")?;
        if !valid_key(&id) {
            return Err(bad(
                "request_id must be 8 to 32 characters of [a-zA-Z0-9_-]",
            ));
        }
        if self.request_ids.contains(&id) {
            return Err(venue(12070528, "Repeated Request"));
        }
        Ok(id)
    }

    fn take_serial_no(&self, p: &Params) -> Result<String, Reply> {
        let serial = p.req("serial_no")?;
        if !valid_key(&serial) {
            return Err(venue(12070538, "transfer serial no invalid"));
        }
        if self.serial_nos.contains(&serial) || self.transfers.iter().any(|t| t.serial_no == serial)
        {
            return Err(venue(12070132, "Duplicate Serial No"));
        }
        Ok(serial)
    }

    fn positive_amount(p: &Params, name: &str) -> Result<Decimal, Reply> {
        let amount = p.dec(name)?;
        if amount <= Decimal::ZERO {
            return Err(bad(format!("{name} must be positive")));
        }
        // Far above any real balance; keeps the venue's arithmetic away from overflow.
        if amount > Decimal::from(1_000_000_000_000_000i64) {
            return Err(bad(format!("{name} is too large")));
        }
        if amount.normalize().scale() > 8 {
            return Err(venue(12070524, "Decimal Places Exceed Limit"));
        }
        Ok(amount)
    }

    pub(crate) fn transfer(&mut self, p: &Params, now: i64) -> Result<Value, Reply> {
        let serial = self.take_serial_no(p)?;
        let from = self.known_account(&p.req("from_account")?)?;
        let to = self.known_account(&p.req("to_account")?)?;
        let currency = p.req("currency")?;
        let amount = Self::positive_amount(p, "amount")?;
        let instant = p.bool("is_instant_transfer");
        for a in [&from, &to] {
            if a.status != 2 {
                return Err(venue(12070108, "Account Not Activated"));
            }
        }
        if from.id == to.id && p.i64("from_wallet_type") == p.i64("to_wallet_type") {
            return Err(venue(12070130, "Transfer Verification Failed"));
        }
        let Some(case) = transfer_case(from.kind, to.kind) else {
            return Err(venue(12070130, "Transfer Verification Failed"));
        };
        if case.needs_chain {
            match p.text("chain") {
                Some(chain) if chains_for(&currency).contains(&chain.as_str()) => {}
                _ => return Err(venue(12070130, "Transfer Verification Failed")),
            }
        }
        if instant && !case.instant {
            return Err(venue(
                12070137,
                "Exchange Does Not Support Instant Transfers",
            ));
        }
        if case.same_rcu_or_unbound && from.rcu_id != to.rcu_id {
            return Err(venue(12070130, "Transfer Verification Failed"));
        }
        if case.source_unbound && from.rcu_id != 0 {
            return Err(venue(12070130, "Transfer Verification Failed"));
        }
        if !CURRENCIES.contains(&currency.as_str()) {
            return Err(venue(
                12070519,
                "The current exchange does not support this currency at the moment",
            ));
        }
        if amount < minimum(&currency) {
            return Err(venue(12070525, "Withdrawal Amount Too Low"));
        }
        if self.balance(&from.id, &currency) < amount {
            return Err(venue(12070130, "Transfer Verification Failed"));
        }
        let scenario = if instant {
            "instant_transfer"
        } else {
            "allocate"
        };
        self.credit(&from.id, &currency, -amount);
        self.serial_nos.insert(serial.clone());
        self.transfers.push(Transfer {
            serial_no: serial.clone(),
            from: from.id.clone(),
            to: to.id.clone(),
            currency: currency.clone(),
            amount,
            process: 1,
            scenario: scenario.into(),
            created_at: now,
        });
        self.flow(&serial, &from.id, scenario, 2, &currency, amount, now);
        if instant {
            // Instant transfers do not wait for the exchange: credited at once.
            self.settle_one(&serial, now);
        }
        Ok(Value::Null)
    }

    fn settle_one(&mut self, serial: &str, now: i64) {
        let Some(t) = self.transfers.iter_mut().find(|t| t.serial_no == serial) else {
            return;
        };
        t.process = 3;
        let t = t.clone();
        self.credit(&t.to, &t.currency, t.amount);
        self.flow(
            &t.serial_no,
            &t.to,
            &t.scenario,
            1,
            &t.currency,
            t.amount,
            now,
        );
    }

    pub(crate) fn profit_accrual(&mut self, p: &Params, now: i64) -> Result<Value, Reply> {
        let serial = self.take_serial_no(p)?;
        let amount = Self::positive_amount(p, "amount")?;
        let currency = p.req("currency")?;
        let account = self.known_account(&p.req("account_id")?)?;
        if account.kind != AccountKind::Cex {
            return Err(venue(12070106, "Account Type Mismatch"));
        }
        if account.rcu_id == 0 || !self.rcus.iter().any(|r| r.rcu_id == account.rcu_id) {
            return Err(venue(12070317, "Account ID Mismatch"));
        }
        if self.balance(&account.id, &currency) < amount {
            return Err(venue(12070338, "Insufficient Withdrawable Margin"));
        }
        self.credit(&account.id, &currency, -amount);
        self.serial_nos.insert(serial.clone());
        self.transfers.push(Transfer {
            serial_no: serial.clone(),
            from: account.id.clone(),
            to: WALLET.into(),
            currency: currency.clone(),
            amount,
            process: 1,
            scenario: "take_profit".into(),
            created_at: now,
        });
        self.flow(
            &serial,
            &account.id,
            "take_profit",
            2,
            &currency,
            amount,
            now,
        );
        Ok(Value::String(serial))
    }

    pub(crate) fn create_account(&mut self, p: &Params) -> Result<Value, Reply> {
        let request_id = self.take_request_id(p)?;
        let exchange = p.req("exchange")?;
        if !EXCHANGES.contains(&exchange.as_str()) {
            return Err(bad(format!("unknown exchange {exchange}")));
        }
        let custody_id = p.text("custody_id").unwrap_or_default();
        if !custody_id.is_empty() {
            let custody = sample(include_str!("../../tests/fixtures/exchange_custody.json"));
            let offered = custody.as_array().into_iter().flatten().any(|e| {
                e["ex_value"] == exchange.as_str()
                    && e["custody"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|c| c["custody_id"] == custody_id.as_str())
            });
            if !offered {
                return Err(venue(12070129, "Account Verification Failed"));
            }
        }
        let id = format!("{USER_ID}_{exchange}_{}", self.accounts.len() + 1);
        let display = match exchange.as_str() {
            "okex" => "OKX".to_string(),
            other => {
                let mut c = other.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            }
        };
        self.accounts.push(AccountRow {
            id: id.clone(),
            kind: AccountKind::Cex,
            exchange: display,
            ex_value: exchange,
            name: id.clone(),
            status: 2,
            custody_id,
            rcu_id: 0,
        });
        self.request_ids.insert(request_id);
        Ok(Value::String(id))
    }

    pub(crate) fn dma_bill_repay(&mut self, p: &Params, now: i64) -> Result<Value, Reply> {
        let request_id = self.take_request_id(p)?;
        let account = self.known_account(&p.req("account_id")?)?;
        let serial = p.req("serial_no")?;
        let Some(bill) = self.dma.iter().find(|d| d.serial_no == serial).cloned() else {
            return Err(bad(format!("no DMA bill {serial}")));
        };
        if bill.status != 1 {
            return Err(venue(
                12070340,
                "The current order status does not support this operation",
            ));
        }
        if self.balance(&account.id, &bill.currency) < bill.amount {
            return Err(venue(12070319, "Not Enough Margin Amount"));
        }
        let scenario = if account.kind == AccountKind::Wallet {
            "bal_repay_dma"
        } else {
            "ex_sub_repay_dma"
        };
        self.pay(&account.id, &bill.currency, bill.amount, scenario, now);
        if let Some(d) = self.dma.iter_mut().find(|d| d.serial_no == serial) {
            d.status = 3;
        }
        self.request_ids.insert(request_id);
        Ok(Value::Null)
    }

    fn order_mut(&mut self, id: &str) -> Result<&mut OrderRow, Reply> {
        self.orders
            .iter_mut()
            .find(|o| o.order_id == id)
            .ok_or_else(|| venue(12070316, "Order ID Mismatch"))
    }

    pub(crate) fn bill_repay(&mut self, p: &Params, now: i64) -> Result<Value, Reply> {
        let request_id = self.take_request_id(p)?;
        let bill_id = p.req("bill_id")?;
        let account = self.known_account(&p.req("account_id")?)?;
        let Some(bill) = self.bills.iter().find(|b| b.bill_id == bill_id).cloned() else {
            return Err(bad(format!("no bill {bill_id}")));
        };
        let order = self.order_mut(&bill.order_id)?.clone();
        if account.rcu_id != order.rcu_id {
            return Err(venue(12070317, "Account ID Mismatch"));
        }
        if bill.payment_status != 0 {
            return Err(venue(
                12070340,
                "The current order status does not support this operation",
            ));
        }
        let due = bill.amount - bill.repaid;
        if self.balance(&account.id, &order.currency) < due {
            return Err(venue(12070319, "Not Enough Margin Amount"));
        }
        let (scenario, op_type) = if bill.bill_type == 4 {
            ("ex_sub_repay_order_extra", 24)
        } else {
            ("ex_sub_repay_interest", 8)
        };
        self.pay(&account.id, &order.currency, due, scenario, now);
        if let Some(b) = self.bills.iter_mut().find(|b| b.bill_id == bill_id) {
            b.repaid = b.amount;
            b.payment_status = 1;
        }
        self.op(
            &order.order_id,
            &request_id,
            op_type,
            &order.currency,
            due,
            5,
            now,
        );
        self.request_ids.insert(request_id);
        Ok(Value::Null)
    }

    pub(crate) fn set_lending_account(&mut self, p: &Params, now: i64) -> Result<Value, Reply> {
        let order_id = p.req("order_id")?;
        let order = self.order_mut(&order_id)?.clone();
        let Some(Value::Array(list)) = p.map().get("lending_accounts") else {
            return Err(bad("lending_accounts is required"));
        };
        let mut lines = Vec::new();
        for item in list {
            let id = item["account_id"].as_str().unwrap_or_default().to_string();
            let amount = match &item["amount"] {
                Value::String(s) => s.parse::<Decimal>().ok(),
                Value::Number(n) => n.to_string().parse::<Decimal>().ok(),
                _ => None,
            }
            .filter(|a| *a > Decimal::ZERO && *a < Decimal::from(1_000_000_000_000_000i64))
            .ok_or_else(|| bad("lending_accounts.amount must be a positive decimal"))?;
            let account = self.known_account(&id)?;
            if account.kind != AccountKind::Cex {
                return Err(venue(12070106, "Account Type Mismatch"));
            }
            if account.rcu_id != order.rcu_id {
                return Err(venue(12070317, "Account ID Mismatch"));
            }
            lines.push((id, amount));
        }
        if order.status != 7 {
            return Err(venue(
                12070340,
                "The current order status does not support this operation",
            ));
        }
        let total: Decimal = lines.iter().map(|(_, a)| *a).sum();
        if total != order.allocation_amount {
            return Err(venue(
                12070341,
                "Loan Application Amount Does Not Match Leverage Amount",
            ));
        }
        for (id, amount) in &lines {
            self.credit(id, &order.currency, *amount);
            let serial = self.next_id();
            self.flow(&serial, id, "make_credit", 1, &order.currency, *amount, now);
        }
        let today = now - now.rem_euclid(DAY_MS);
        if let Ok(o) = self.order_mut(&order_id) {
            o.allocated_amount = total;
            o.status = 11;
            o.value_time = today;
            o.due_time = today + o.close_day * DAY_MS;
        }
        if let Some(r) = self.rcus.iter_mut().find(|r| r.order_id == order_id) {
            r.enabled = true;
        }
        self.op(&order_id, "", 7, &order.currency, total, 5, now);
        Ok(Value::Null)
    }

    pub(crate) fn add_order_margin(&mut self, p: &Params, now: i64) -> Result<Value, Reply> {
        let request_id = self.take_request_id(p)?;
        let account = self.known_account(&p.req("account_id")?)?;
        let amount = Self::positive_amount(p, "amount")?;
        let order_id = p.req("order_id")?;
        let order = self.order_mut(&order_id)?.clone();
        if ![6, 7, 11, 12].contains(&order.status) {
            return Err(venue(
                12070340,
                "The current order status does not support this operation",
            ));
        }
        if account.rcu_id != 0 && account.rcu_id != order.rcu_id {
            return Err(venue(12070317, "Account ID Mismatch"));
        }
        if self.balance(&account.id, &order.currency) < amount {
            return Err(venue(12070319, "Not Enough Margin Amount"));
        }
        self.credit(&account.id, &order.currency, -amount);
        let serial = self.op(&order_id, &request_id, 1, &order.currency, amount, 5, now);
        self.flow(
            &serial,
            &account.id,
            "add_margin",
            2,
            &order.currency,
            amount,
            now,
        );
        self.margins.push(OpRow {
            created_at: now,
            serial_no: serial,
            request_id: request_id.clone(),
            order_id: order_id.clone(),
            op_type: 1,
            currency: order.currency.clone(),
            amount,
            status: 5,
        });
        if let Ok(o) = self.order_mut(&order_id) {
            o.margin_amount += amount;
            if o.status == 6 {
                o.status = 7;
            }
        }
        self.request_ids.insert(request_id);
        Ok(Value::Null)
    }

    pub(crate) fn order_renew(&mut self, p: &Params, now: i64) -> Result<Value, Reply> {
        let request_id = self.take_request_id(p)?;
        let amount = Self::positive_amount(p, "allocation_amount")?;
        let order_id = p.req("order_id")?;
        let until = p
            .i64("time_milli")
            .ok_or_else(|| bad("time_milli is required"))?;
        let order = self.order_mut(&order_id)?.clone();
        if order.status == 15 || order.status == 17 || order.status == 19 {
            return Err(venue(
                12070343,
                "Renewal Application in Progress or Already Renewed",
            ));
        }
        if order.status != 11 {
            return Err(venue(
                12070340,
                "The current order status does not support this operation",
            ));
        }
        if amount > order.allocation_amount {
            return Err(venue(
                12070342,
                "Renewal Application: Renewal Amount must be less than or equal to the original order amount",
            ));
        }
        if until <= order.due_time || until % DAY_MS != 0 {
            return Err(venue(12070318, "Renewal Time Not Yet Reached"));
        }
        if let Ok(o) = self.order_mut(&order_id) {
            o.status = 15;
        }
        self.op(&order_id, &request_id, 4, &order.currency, amount, 1, now);
        self.request_ids.insert(request_id);
        Ok(Value::Null)
    }

    pub(crate) fn order_repay(&mut self, p: &Params, now: i64) -> Result<Value, Reply> {
        let request_id = self.take_request_id(p)?;
        let amount = Self::positive_amount(p, "amount")?;
        let order_id = p.req("order_id")?;
        let account = self.known_account(&p.req("account_id")?)?;
        if account.kind != AccountKind::Cex {
            return Err(venue(12070106, "Account Type Mismatch"));
        }
        let order = self.order_mut(&order_id)?.clone();
        if order.status != 11 && order.status != 12 {
            return Err(venue(
                12070340,
                "The current order status does not support this operation",
            ));
        }
        if account.rcu_id != order.rcu_id {
            return Err(venue(12070317, "Account ID Mismatch"));
        }
        if self
            .bills
            .iter()
            .any(|b| b.order_id == order_id && b.payment_status != 1)
        {
            return Err(venue(12070339, "There are Outstanding Bills"));
        }
        if amount > order.allocated_amount - order.amount_repaid {
            return Err(bad("amount exceeds the outstanding principal"));
        }
        if self.balance(&account.id, &order.currency) < amount {
            return Err(venue(12070319, "Not Enough Margin Amount"));
        }
        self.pay(
            &account.id,
            &order.currency,
            amount,
            "ex_sub_repay_principal",
            now,
        );
        if let Ok(o) = self.order_mut(&order_id) {
            o.amount_repaid += amount;
            if o.amount_repaid >= o.allocated_amount {
                o.status = 13;
            }
        }
        self.op(&order_id, &request_id, 2, &order.currency, amount, 5, now);
        self.request_ids.insert(request_id);
        Ok(Value::Null)
    }

    // -----------------------------------------------------------------------------------------
    // Reads

    pub(crate) fn transfer_record(&self, p: &Params) -> Result<Value, Reply> {
        let serial = p.req("serial_no")?;
        let t = self
            .transfers
            .iter()
            .find(|t| t.serial_no == serial)
            .ok_or_else(|| venue(12070538, "transfer serial no invalid"))?;
        Ok(json!({
            "amount": dec_text(t.amount),
            "currency": t.currency,
            "from_account": t.from,
            "process": t.process,
            "scenario": t.scenario,
            "serial_no": t.serial_no,
            "to_account": t.to,
            "user_id": USER_ID,
        }))
    }

    pub(crate) fn wallet_types(&self, p: &Params) -> Result<Value, Reply> {
        self.known_account(&p.req("account_id")?)?;
        Ok(sample(include_str!(
            "../../tests/fixtures/wallet_types.json"
        )))
    }

    pub(crate) fn currencies(&self, p: &Params) -> Result<Value, Reply> {
        self.known_account(&p.req("from_account")?)?;
        self.known_account(&p.req("to_account")?)?;
        Ok(json!({ "currencies": CURRENCIES }))
    }

    pub(crate) fn chains(&self, p: &Params) -> Result<Value, Reply> {
        self.known_account(&p.req("from_account")?)?;
        self.known_account(&p.req("to_account")?)?;
        let currency = p.req("currency")?;
        if !CURRENCIES.contains(&currency.as_str()) {
            return Err(venue(
                12070519,
                "The current exchange does not support this currency at the moment",
            ));
        }
        Ok(json!({ "chains": chains_for(&currency) }))
    }

    pub(crate) fn minimum_amount(&self, p: &Params) -> Result<Value, Reply> {
        let exchange = p.req("exchange")?;
        if !EXCHANGES.contains(&exchange.as_str()) {
            return Err(bad(format!("unknown exchange {exchange}")));
        }
        let mut data = sample(include_str!(
            "../../tests/fixtures/exchange_minimum_amount.json"
        ));
        data["exchange"] = Value::from(exchange);
        if let Some(c) = p.text("currency")
            && let Some(Value::Array(items)) = data.get_mut("currency_info")
        {
            items.retain(|i| i["currency"] == c.as_str());
        }
        Ok(data)
    }

    fn account_json(a: &AccountRow) -> Value {
        json!({
            "account_id": a.id,
            "user_id": USER_ID,
            "type": if a.kind == AccountKind::Wallet { "matrix.user.bal" } else { "exchange.sub" },
            "exchange": a.exchange,
            "ex_account_id": if a.kind == AccountKind::Wallet { String::new() } else { a.name.clone() },
            "name": a.name,
            "status": a.status,
            "ex_value": a.ex_value,
            "exchange_type": if a.kind == AccountKind::Defi { 2 } else { 1 },
            "custody_id": a.custody_id,
            "custody_key": if a.custody_id.is_empty() { String::new() } else { format!("{}_custody", a.name) },
            "rcu_id": a.rcu_id,
        })
    }

    pub(crate) fn account_balance(&self, p: &Params) -> Result<Value, Reply> {
        let account = self.known_account(&p.req("account_id")?)?;
        let items: Vec<Value> = self
            .balances
            .iter()
            .filter(|((a, _), v)| *a == account.id && !v.is_zero())
            .map(|((_, c), v)| json!({"currency": c, "amount": dec_text(*v)}))
            .collect();
        Ok(Value::Array(items))
    }

    pub(crate) fn account_list(&self, p: &Params) -> Result<Value, Reply> {
        let items = self
            .accounts
            .iter()
            .map(Self::account_json)
            .filter(|a| {
                p.matches("account_id", a["account_id"].as_str().unwrap_or(""))
                    && p.matches("account_type", a["type"].as_str().unwrap_or(""))
                    && p.matches("custody_id", a["custody_id"].as_str().unwrap_or(""))
                    && p.matches("exchange", a["ex_value"].as_str().unwrap_or(""))
                    && p.matches("exchange_type", &a["exchange_type"].to_string())
                    && p.matches("rcu_id", &a["rcu_id"].to_string())
                    && p.matches("status", &a["status"].to_string())
            })
            .collect();
        page_of(items, p)
    }

    pub(crate) fn rcu_accounts(&self, p: &Params) -> Result<Value, Reply> {
        let rcu = p.req("rcu_id")?;
        Ok(Value::Array(
            self.accounts
                .iter()
                .filter(|a| a.rcu_id.to_string() == rcu)
                .map(Self::account_json)
                .collect(),
        ))
    }

    pub(crate) fn account_flows(&self, p: &Params) -> Result<Value, Reply> {
        let items = self
            .flows
            .iter()
            .rev()
            .filter(|f| {
                let account = self.account(&f.account_id);
                let kind = account.as_ref().map(|a| a.kind);
                let account_type = if kind == Some(AccountKind::Wallet) {
                    "matrix.user.bal"
                } else {
                    "exchange.sub"
                };
                let exchange = account.map(|a| a.ex_value).unwrap_or_default();
                p.matches("account_id", &f.account_id)
                    && p.matches("account_type", account_type)
                    && p.matches("currency", &f.currency)
                    && p.matches("exchange", &exchange)
                    && p.matches("scenario", &f.scenario)
                    && p.matches("serial_no", &f.serial_no)
                    && p.matches("transfer_serial_no", &f.transfer_serial_no)
                    && p.i64("start_time").is_none_or(|s| f.created_at >= s)
                    && p.i64("end_time").is_none_or(|e| f.created_at <= e)
            })
            .map(|f| {
                let account = self.account(&f.account_id);
                let wallet = account.as_ref().map(|a| a.kind) == Some(AccountKind::Wallet);
                json!({
                    "serial_no": f.serial_no,
                    "user_id": USER_ID,
                    "exchange": account.map(|a| a.ex_value).unwrap_or_default(),
                    "account_id": f.account_id,
                    "account_type": if wallet { "matrix.user.bal" } else { "exchange.sub" },
                    "scenario": f.scenario,
                    "direction": f.direction,
                    "currency": f.currency,
                    "amount": dec_text(f.amount),
                    "instant_transfer_fee": "0",
                    "created_at": f.created_at,
                })
            })
            .collect();
        page_of(items, p)
    }

    pub(crate) fn fund_records(&self, p: &Params) -> Result<Value, Reply> {
        let exchange_of = |id: &str| self.account(id).map(|a| a.ex_value).unwrap_or_default();
        let items = self
            .transfers
            .iter()
            .rev()
            .filter(|t| {
                p.matches("currency", &t.currency)
                    && p.matches("from_account_id", &t.from)
                    && p.matches("to_account_id", &t.to)
                    && p.matches("from_exchange", &exchange_of(&t.from))
                    && p.matches("to_exchange", &exchange_of(&t.to))
                    && p.matches("process", &t.process.to_string())
                    && p.matches("scenario", &t.scenario)
                    && p.matches("serial_no", &t.serial_no)
                    && p.i64("start_time").is_none_or(|s| t.created_at >= s)
                    && p.i64("end_time").is_none_or(|e| t.created_at <= e)
            })
            .map(|t| {
                json!({
                    "user_id": USER_ID,
                    "serial_no": t.serial_no,
                    "from_account": t.from,
                    "to_account": t.to,
                    "currency": t.currency,
                    "amount": dec_text(t.amount),
                    "process": t.process,
                    "scenario": t.scenario,
                    "created_at": t.created_at,
                    "instant_transfer_fee": "0",
                    "transfer_fee": "0",
                })
            })
            .collect();
        page_of(items, p)
    }

    pub(crate) fn dma_bills(&self, p: &Params) -> Result<Value, Reply> {
        let items = self
            .dma
            .iter()
            .filter(|d| {
                p.matches("currency", &d.currency)
                    && p.matches("serial_no", &d.serial_no)
                    && p.matches("status", &d.status.to_string())
                    && p.i64("bill_start_time_start").is_none_or(|s| d.start >= s)
                    && p.i64("bill_start_time_end").is_none_or(|e| d.start <= e)
            })
            .map(|d| {
                json!({
                    "user_id": USER_ID,
                    "amount": dec_text(d.amount),
                    "reduction_amount": "0",
                    "currency": d.currency,
                    "serial_no": d.serial_no,
                    "status": d.status,
                    "start_time": d.start,
                    "end_time": d.end,
                    "spot_trading_volume_maker": "0",
                    "spot_trading_volume_taker": "0",
                    "derivatives_trading_volume_maker": "0",
                    "derivatives_trading_volume_taker": "0",
                    "option_trading_volume_maker": "0",
                    "option_trading_volume_taker": "0",
                    "fee_rate": "0",
                })
            })
            .collect();
        page_of(items, p)
    }

    fn order_json(o: &OrderRow) -> Value {
        json!({
            "created_at": o.created_at,
            "user_id": USER_ID,
            "order_id": o.order_id,
            "allocation_currency": o.currency,
            "allocation_amount": dec_text(o.allocation_amount),
            "allocated_amount": dec_text(o.allocated_amount),
            "allocating_amount": "0",
            "equity_currency": o.currency,
            "equity_amount": dec_text(o.margin_amount),
            "margin_currency": o.currency,
            "margin_amount": dec_text(o.margin_amount),
            "interest_rate": dec_text(o.interest_rate),
            "close_day": o.close_day,
            "value_time": o.value_time,
            "due_time": o.due_time,
            "allocation_ratio": dec_text(o.ratio),
            "status": o.status,
            "order_biz_type": o.biz_type,
            "amount_repaid": dec_text(o.amount_repaid),
            "repaying": "0",
            "overdue_rate": "0",
            "pre_repay_penalty_ratio": "0",
            "pre_order_id": "",
            "distribution_of_performance_fee": "0",
            "guaranteed_hurdle_rate_of_return": 0,
            "binance_managed_sub_account": 0,
            "frequency_of_performance_fee_payment": 0,
            "interest": "0",
            "penalty": "0",
            "penalty_days": 0,
            "pre_repay_penalty": "0",
        })
    }

    pub(crate) fn order_detail(&self, p: &Params) -> Result<Value, Reply> {
        let id = p.req("order_id")?;
        self.orders
            .iter()
            .find(|o| o.order_id == id)
            .map(Self::order_json)
            .ok_or_else(|| venue(12070316, "Order ID Mismatch"))
    }

    pub(crate) fn order_list(&self, p: &Params) -> Result<Value, Reply> {
        let items = self
            .orders
            .iter()
            .filter(|o| {
                p.matches("order_biz_type", &o.biz_type.to_string())
                    && p.matches("order_id", &o.order_id)
                    && p.matches("rcu_id", &o.rcu_id.to_string())
                    && p.matches("status", &o.status.to_string())
            })
            .map(Self::order_json)
            .collect();
        page_of(items, p)
    }

    pub(crate) fn loan_bills(&self, p: &Params) -> Result<Value, Reply> {
        let items = self
            .bills
            .iter()
            .filter_map(|b| {
                let order = self.orders.iter().find(|o| o.order_id == b.order_id)?;
                // The filter takes the Bill Status Enum (1 pending, 2 repaid); the answer the
                // payment status (0 pending, 1 paid), as the document has them.
                let status = if b.payment_status == 1 { "2" } else { "1" };
                let keep = p.matches("bill_id", &b.bill_id)
                    && p.matches("order_id", &b.order_id)
                    && p.matches("order_biz_type", &order.biz_type.to_string())
                    && p.matches("status", status)
                    && p.matches("type", &b.bill_type.to_string())
                    && p.i64("bill_time_start").is_none_or(|s| b.bill_time >= s)
                    && p.i64("bill_time_end").is_none_or(|e| b.bill_time <= e);
                keep.then(|| {
                    let name = if b.bill_type == 4 { "order extra fee" } else { "interest" };
                    json!({
                        "bill_time_mill": b.bill_time,
                        "allocate_amount": dec_text(order.allocated_amount),
                        "need_pay_allocate_amount": dec_text(order.allocated_amount - order.amount_repaid),
                        "close_day": order.close_day,
                        "interest_rate": dec_text(order.interest_rate),
                        "interest": if b.bill_type == 1 { dec_text(b.amount) } else { "0".into() },
                        "penalty": "0",
                        "reduction_amount": "0",
                        "repaid_amount": dec_text(b.repaid),
                        "need_pay_amount": dec_text(b.amount - b.repaid),
                        "currency": order.currency,
                        "payment_status": b.payment_status,
                        "order_id": b.order_id,
                        "bill_id": b.bill_id,
                        "type": b.bill_type,
                        "name": [{"language": "en", "text": name}],
                        "repaying": "0",
                        "distribution_of_performance_fee": "0",
                        "distribution_fee": "0",
                    })
                })
            })
            .collect();
        page_of(items, p)
    }

    fn op_json(o: &OpRow) -> Value {
        json!({
            "created_at": o.created_at,
            "serial_no": o.serial_no,
            "user_id": USER_ID,
            "request_id": o.request_id,
            "order_id": o.order_id,
            "op_type": o.op_type,
            "currency": o.currency,
            "amount": dec_text(o.amount),
            "status": o.status,
        })
    }

    pub(crate) fn margin_records(&self, p: &Params) -> Result<Value, Reply> {
        let items = self
            .margins
            .iter()
            .rev()
            .filter(|o| p.matches("order_id", &o.order_id) && p.matches("currency", &o.currency))
            .map(|o| {
                json!({
                    "serial_no": o.serial_no,
                    "user_id": USER_ID,
                    "order_id": o.order_id,
                    "currency": o.currency,
                    "amount": dec_text(o.amount),
                    "status": o.status,
                })
            })
            .collect();
        page_of(items, p)
    }

    pub(crate) fn order_operations(&self, p: &Params) -> Result<Value, Reply> {
        let items = self
            .ops
            .iter()
            .rev()
            .filter(|o| p.matches("order_id", &o.order_id) && p.matches("currency", &o.currency))
            .map(Self::op_json)
            .collect();
        page_of(items, p)
    }

    fn rcu_value(&self, rcu_id: u64) -> (Decimal, Decimal) {
        let assets: Decimal = self
            .accounts
            .iter()
            .filter(|a| a.rcu_id == rcu_id)
            .flat_map(|a| {
                self.balances
                    .iter()
                    .filter(move |((acc, _), _)| *acc == a.id)
                    .map(|((_, c), v)| *v * usd_price(c))
            })
            .sum();
        let loan: Decimal = self
            .orders
            .iter()
            .filter(|o| o.rcu_id == rcu_id)
            .map(|o| o.allocated_amount - o.amount_repaid)
            .sum();
        (assets, loan)
    }

    pub(crate) fn rcu_list(&self, p: &Params) -> Result<Value, Reply> {
        let items = self
            .rcus
            .iter()
            .filter(|r| p.matches("order_biz_type", &r.biz_type.to_string()))
            .map(|r| {
                let (assets, loan) = self.rcu_value(r.rcu_id);
                json!({
                    "rcu_id": r.rcu_id,
                    "rcu_name": r.name,
                    "total_value": dec_text(assets),
                    "loan_size": dec_text(loan),
                    "skitg": "0",
                    "initial_margin_ratio": dec_text(r.initial_margin_ratio),
                    "order_id": r.order_id,
                    "is_enable": r.enabled,
                })
            })
            .collect();
        page_of(items, p)
    }

    pub(crate) fn rcu_detail(&self, p: &Params, now: i64) -> Result<Value, Reply> {
        let id = p.req("rcu_id")?;
        let r = self
            .rcus
            .iter()
            .find(|r| r.rcu_id.to_string() == id)
            .ok_or_else(|| bad(format!("no rcu {id}")))?;
        let (assets, loan) = self.rcu_value(r.rcu_id);
        let risk = if loan.is_zero() {
            Decimal::ZERO
        } else {
            (assets / loan).round_dp(16)
        };
        Ok(json!({
            "rcu_id": r.rcu_id,
            "timestamp_in_us": now * 1000,
            "rcu_name": r.name,
            "total_asset": dec_text(assets),
            "total_skitg": "0",
            "total_loan": dec_text(loan),
            "total_fund": dec_text(assets),
            "glr": "0",
            "nlr": "0",
            "nav": "0",
            "risk_ratio": dec_text(risk),
            "user_id": USER_ID,
        }))
    }
}

fn sample_items(text: &str) -> Vec<Value> {
    sample(text)
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// `{"count", "items"}` for one page; `limit` is required, as the venue requires it.
fn page_of(items: Vec<Value>, p: &Params) -> Result<Value, Reply> {
    let limit = p
        .i64("limit")
        .filter(|l| *l > 0)
        .ok_or_else(|| bad("limit is required"))? as usize;
    let offset = p.i64("offset").unwrap_or(0).max(0) as usize;
    let count = items.len();
    let page: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    Ok(json!({"count": count, "items": page}))
}

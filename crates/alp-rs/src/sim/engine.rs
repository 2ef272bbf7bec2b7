//! The local venue's state, shared by v1 and v3: accounts, pairs, wallets, orders and their
//! matching, trades, deposits, withdraws, and the margin books. No HTTP here.
//!
//! Every product and sum of amounts is checked: a request whose numbers would overflow
//! `Decimal` is refused (`Refusal::TooLarge`) before anything changes, never a panic that
//! drops the client's connection.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

/// The market maker account that seeds the books.
pub(crate) const HOUSE: u64 = 1;
/// The account of the configured key.
pub(crate) const MAIN: u64 = 25;
/// Its subaccount.
pub(crate) const SUB: u64 = 26;

#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub id: u64,
    pub name: String,
    pub email: String,
    pub parent: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct PairInfo {
    pub name: &'static str,
    pub base: &'static str,
    pub quote: &'static str,
    pub price_precision: u32,
    pub amount_precision: u32,
}

/// A v3 stop order waiting for its trigger: placed as a limit (with `price`) or market order
/// once the last price is at or above (`gte`) or at or below its stop price.
#[derive(Debug, Clone)]
pub struct StopOrder {
    pub id: u64,
    pub account: u64,
    pub pair: String,
    pub side: Side,
    pub price: Option<Decimal>,
    pub amount: Decimal,
    pub stop_price: Decimal,
    pub gte: bool,
    pub wallet_type: String,
    pub tif: String,
    pub client_order_id: Option<String>,
    pub created: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Buy,
    Sell,
}

impl Side {
    pub fn v1(self) -> &'static str {
        match self {
            Side::Buy => "buy",
            Side::Sell => "sell",
        }
    }
    pub fn v3(self) -> &'static str {
        match self {
            Side::Buy => "BUY",
            Side::Sell => "SELL",
        }
    }
    pub fn opposite(self) -> Side {
        match self {
            Side::Buy => Side::Sell,
            Side::Sell => Side::Buy,
        }
    }
    pub fn parse(t: &str) -> Option<Side> {
        match t {
            // v1 `buy`/`sell`; v3 the document's `BUY`/`SELL` and the venue client's `BID`/`ASK`.
            "buy" | "BUY" | "BID" => Some(Side::Buy),
            "sell" | "SELL" | "ASK" => Some(Side::Sell),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Active,
    Canceled,
    Done,
}

#[derive(Debug, Clone)]
pub(crate) struct Order {
    pub id: u64,
    pub account: u64,
    pub pair: &'static str,
    pub side: Side,
    pub market: bool,
    pub price: Decimal,
    pub amount: Decimal,
    pub filled: Decimal,
    pub cancelled: Decimal,
    pub status: Status,
    pub created: i64,
    pub updated: i64,
    pub done: Option<i64>,
    pub wallet_type: String,
    pub tif: String,
    pub client_order_id: Option<String>,
}

impl Order {
    pub fn remaining(&self) -> Decimal {
        self.amount - self.filled - self.cancelled
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Trade {
    pub id: u64,
    pub pair: &'static str,
    pub taker_side: Side,
    pub price: Decimal,
    pub amount: Decimal,
    pub time: i64,
    pub maker_account: u64,
    pub taker_account: u64,
    pub maker_order: u64,
    pub taker_order: u64,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Wallet {
    pub id: u64,
    pub balance: Decimal,
    pub reserve: Decimal,
    pub updated: i64,
}

/// (account, wallet type, currency, pair: empty unless isolated margin)
pub(crate) type WalletKey = (u64, String, String, String);

#[derive(Debug, Clone)]
pub(crate) struct Activity {
    pub id: u64,
    pub account: u64,
    pub currency: String,
    pub pair: String,
    pub wallet_id: u64,
    pub time: i64,
    pub kind: &'static str,
    pub balance: Decimal,
    pub balance_delta: Decimal,
    pub reserve: Decimal,
    pub reserve_delta: Decimal,
    pub wallet_type: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Borrow {
    pub id: u64,
    pub account: u64,
    pub time: i64,
    pub loan_type: String,
    pub wallet_type: String,
    pub closed: Option<i64>,
    pub borrowed: Decimal,
    pub repaid: Decimal,
    pub rate: Decimal,
    pub accrued: Decimal,
    pub paid: Decimal,
    pub currency: String,
    pub pair: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Transfer {
    pub id: u64,
    pub account: u64,
    pub wallet_type: String,
    pub time: i64,
    pub direction: String,
    pub currency: String,
    pub pair: String,
    pub amount: Decimal,
    pub note: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Repay {
    pub id: u64,
    pub account: u64,
    pub wallet_type: String,
    pub time: i64,
    pub loan_type: String,
    pub currency: String,
    pub pair: String,
    pub principal: Decimal,
    pub interest: Decimal,
    pub borrow_id: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct Interest {
    pub id: u64,
    pub account: u64,
    pub wallet_type: String,
    pub time: i64,
    pub currency: String,
    pub pair: String,
    pub rate: Decimal,
    pub borrow_id: u64,
    pub accrued: Decimal,
    pub paid: Decimal,
}

#[derive(Debug, Clone)]
pub(crate) struct Movement {
    pub id: u64,
    pub account: u64,
    pub time: i64,
    pub currency: String,
    pub amount: Decimal,
    pub status: u32,
}

/// Fee rates: (account, currency, pair, taker, maker, fee currency, priority).
pub(crate) type Fee = (
    u64,
    &'static str,
    &'static str,
    Decimal,
    Decimal,
    &'static str,
    i64,
);

/// Why a write was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    Balance {
        shortfall: Decimal,
        currency: String,
    },
    NotFound(String),
    Invalid {
        field: &'static str,
        message: String,
    },
}

/// The refusal for arithmetic that would overflow: the field that carried the number.
pub(crate) fn too_large(field: &'static str) -> Refusal {
    Refusal::Invalid {
        field,
        message: "is too large".into(),
    }
}

fn add(a: Decimal, b: Decimal, field: &'static str) -> Result<Decimal, Refusal> {
    a.checked_add(b).ok_or_else(|| too_large(field))
}

fn mul(a: Decimal, b: Decimal, field: &'static str) -> Result<Decimal, Refusal> {
    a.checked_mul(b).ok_or_else(|| too_large(field))
}

/// A sum that cannot fail: past `Decimal::MAX` it stays there (for reports, not for books).
pub(crate) fn total(values: impl Iterator<Item = Decimal>) -> Decimal {
    values.fold(Decimal::ZERO, Decimal::saturating_add)
}

#[derive(Debug)]
pub(crate) struct State {
    next_id: u64,
    /// An id `id()` hands out next instead of a new one (a stop order keeps its id when it
    /// triggers).
    reuse_id: Option<u64>,
    /// Stop orders waiting for their trigger (v3).
    pub stops: Vec<StopOrder>,
    pub accounts: Vec<Account>,
    pub pairs: Vec<PairInfo>,
    pub currencies: Vec<(&'static str, &'static str)>,
    pub wallets: BTreeMap<WalletKey, Wallet>,
    pub orders: Vec<Order>,
    pub trades: Vec<Trade>,
    pub deposits: Vec<Movement>,
    pub withdraws: Vec<Movement>,
    pub activity: Vec<Activity>,
    pub borrows: Vec<Borrow>,
    pub transfers: Vec<Transfer>,
    pub repays: Vec<Repay>,
    pub interest: Vec<Interest>,
    pub fees: Vec<Fee>,
}

fn d(v: i64, scale: u32) -> Decimal {
    Decimal::new(v, scale)
}

impl State {
    pub fn seeded(now: i64) -> State {
        let mut st = State {
            next_id: 1000,
            reuse_id: None,
            stops: Vec::new(),
            accounts: vec![
                Account {
                    id: MAIN,
                    name: "alp-sim".into(),
                    email: "sim@127.0.0.1".into(),
                    parent: 0,
                },
                Account {
                    id: SUB,
                    name: "alp-sim-sub".into(),
                    email: "sub@127.0.0.1".into(),
                    parent: MAIN,
                },
            ],
            pairs: vec![
                PairInfo {
                    name: "BTC_USD",
                    base: "BTC",
                    quote: "USD",
                    price_precision: 2,
                    amount_precision: 6,
                },
                PairInfo {
                    name: "BTC_USDT",
                    base: "BTC",
                    quote: "USDT",
                    price_precision: 2,
                    amount_precision: 6,
                },
                PairInfo {
                    name: "ETH_BTC",
                    base: "ETH",
                    quote: "BTC",
                    price_precision: 6,
                    amount_precision: 4,
                },
                PairInfo {
                    name: "ETH_USDT",
                    base: "ETH",
                    quote: "USDT",
                    price_precision: 2,
                    amount_precision: 4,
                },
            ],
            currencies: vec![("BTC", "Ƀ"), ("ETH", "Ξ"), ("USD", "$"), ("USDT", "₮")],
            wallets: BTreeMap::new(),
            orders: Vec::new(),
            trades: Vec::new(),
            deposits: Vec::new(),
            withdraws: Vec::new(),
            activity: Vec::new(),
            borrows: Vec::new(),
            transfers: Vec::new(),
            repays: Vec::new(),
            interest: Vec::new(),
            fees: vec![
                (MAIN, "", "", d(2, 3), d(1, 3), "USDT", 1),
                (MAIN, "USDT", "BTC_USDT", d(1, 3), d(5, 4), "USDT", 2),
                (SUB, "", "", d(2, 3), d(1, 3), "USDT", 1),
            ],
        };
        for (cur, amt) in [
            ("BTC", d(10, 0)),
            ("ETH", d(100, 0)),
            ("USD", d(100_000, 0)),
            ("USDT", d(100_000, 0)),
        ] {
            // Seeding constants: far inside `Decimal`'s range.
            let _ = st.credit(MAIN, "SPOT", cur, "", amt, "MOTION_TYPE_DEPOSIT", now);
            let _ = st.credit(
                HOUSE,
                "SPOT",
                cur,
                "",
                amt.saturating_mul(d(1000, 0)),
                "MOTION_TYPE_DEPOSIT",
                now,
            );
        }
        let _ = st.credit(
            SUB,
            "SPOT",
            "USDT",
            "",
            d(1000, 0),
            "MOTION_TYPE_DEPOSIT",
            now,
        );
        // Trade history of the house with itself, for the public lists and charts.
        for k in 0..5i64 {
            let t = now - (5 - k) * 3_600_000;
            let id = st.id();
            st.trades.push(Trade {
                id,
                pair: "BTC_USD",
                taker_side: if k % 2 == 0 { Side::Buy } else { Side::Sell },
                price: d(29_950 + k * 10, 0),
                amount: d(1 + k, 2),
                time: t,
                maker_account: HOUSE,
                taker_account: HOUSE,
                maker_order: 0,
                taker_order: 0,
            });
        }
        // The house's resting orders.
        for (pair, side, price, amount) in [
            ("BTC_USD", Side::Sell, d(30_010, 0), d(1, 0)),
            ("BTC_USD", Side::Sell, d(30_020, 0), d(2, 0)),
            ("BTC_USD", Side::Buy, d(29_990, 0), d(1, 0)),
            ("BTC_USD", Side::Buy, d(29_980, 0), d(2, 0)),
            ("BTC_USDT", Side::Sell, d(30_015, 0), d(1, 0)),
            ("BTC_USDT", Side::Buy, d(29_985, 0), d(1, 0)),
            ("ETH_BTC", Side::Sell, d(6_100, 5), d(10, 0)),
            ("ETH_BTC", Side::Buy, d(6_000, 5), d(10, 0)),
            ("ETH_USDT", Side::Sell, d(1_850, 0), d(10, 0)),
            ("ETH_USDT", Side::Buy, d(1_840, 0), d(10, 0)),
        ] {
            let _ = st.place(
                HOUSE,
                pair,
                side,
                Some(price),
                amount,
                "SPOT",
                "GTC",
                None,
                now,
            );
        }
        for (cur, amt, status) in [("BTC", d(15, 1), 0u32), ("USDT", d(5000, 0), 0)] {
            let id = st.id();
            st.deposits.push(Movement {
                id,
                account: MAIN,
                time: now - 86_400_000,
                currency: cur.into(),
                amount: amt,
                status,
            });
        }
        for (cur, amt, status) in [("BTC", d(53, 2), 20u32), ("USDT", d(100, 0), 30)] {
            let id = st.id();
            st.withdraws.push(Movement {
                id,
                account: MAIN,
                time: now - 43_200_000,
                currency: cur.into(),
                amount: amt,
                status,
            });
        }
        st
    }

    pub fn id(&mut self) -> u64 {
        if let Some(id) = self.reuse_id.take() {
            return id;
        }
        self.next_id += 1;
        self.next_id
    }

    /// The price of the last trade of `pair`.
    pub fn last_price(&self, pair: &str) -> Option<Decimal> {
        self.trades
            .iter()
            .rfind(|t| t.pair == pair)
            .map(|t| t.price)
    }

    /// How much of the base currency `quote` buys (or sells for) at the book's resting prices
    /// now, rounded down to the pair's amount precision.
    pub fn base_for_quote(&self, pair: &str, side: Side, quote: Decimal) -> Option<Decimal> {
        let info = self.pair(pair)?;
        let mut levels: Vec<(Decimal, Decimal)> = self
            .orders
            .iter()
            .filter(|o| o.pair == pair && o.side != side && o.status == Status::Active && !o.market)
            .map(|o| (o.price, o.remaining()))
            .collect();
        levels.sort_by(|a, b| match side {
            Side::Buy => a.0.cmp(&b.0),
            Side::Sell => b.0.cmp(&a.0),
        });
        let (mut left, mut base) = (quote, Decimal::ZERO);
        for (price, amount) in levels {
            if left <= Decimal::ZERO || price <= Decimal::ZERO {
                break;
            }
            let value = price.checked_mul(amount)?;
            if value <= left {
                base = base.checked_add(amount)?;
                left -= value;
            } else {
                base = base.checked_add(left.checked_div(price)?)?;
                left = Decimal::ZERO;
            }
        }
        Some(base.round_dp_with_strategy(
            info.amount_precision,
            rust_decimal::RoundingStrategy::ToZero,
        ))
    }

    /// Parks a stop order under a new id.
    pub fn park(&mut self, mut stop: StopOrder) -> u64 {
        stop.id = self.id();
        let id = stop.id;
        self.stops.push(stop);
        id
    }

    /// Places every parked stop order of `pair` whose trigger the last price meets, each
    /// under its own id.
    pub fn trigger_stops(&mut self, pair: &str, now: i64) {
        let Some(last) = self.last_price(pair) else {
            return;
        };
        let due: Vec<StopOrder> = {
            let (due, keep) = std::mem::take(&mut self.stops).into_iter().partition(|s| {
                s.pair == pair
                    && if s.gte {
                        last >= s.stop_price
                    } else {
                        last <= s.stop_price
                    }
            });
            self.stops = keep;
            due
        };
        for s in due {
            self.reuse_id = Some(s.id);
            let _ = self.place(
                s.account,
                &s.pair,
                s.side,
                s.price,
                s.amount,
                &s.wallet_type,
                &s.tif,
                s.client_order_id,
                now,
            );
            self.reuse_id = None;
        }
    }

    pub fn pair(&self, name: &str) -> Option<&PairInfo> {
        self.pairs.iter().find(|p| p.name == name)
    }

    pub fn wallet(&self, account: u64, wt: &str, cur: &str, pair: &str) -> Wallet {
        self.wallets
            .get(&(account, wt.to_string(), cur.to_string(), pair.to_string()))
            .cloned()
            .unwrap_or_default()
    }

    /// Moves a wallet's balance and reserve by the deltas and records the movement.
    #[allow(clippy::too_many_arguments)]
    pub fn adjust(
        &mut self,
        account: u64,
        wt: &str,
        cur: &str,
        pair: &str,
        db: Decimal,
        dr: Decimal,
        kind: &'static str,
        now: i64,
    ) -> Result<(), Refusal> {
        if db.is_zero() && dr.is_zero() {
            return Ok(());
        }
        let key = (account, wt.to_string(), cur.to_string(), pair.to_string());
        // Both sums first: a refusal leaves the wallet as it was.
        let current = self.wallets.get(&key).cloned().unwrap_or_default();
        let balance = add(current.balance, db, "amount")?;
        let reserve = add(current.reserve, dr, "amount")?;
        let fresh = self.next_id + 1;
        let w = self.wallets.entry(key).or_insert_with(|| Wallet {
            id: fresh,
            ..Wallet::default()
        });
        if w.id == fresh {
            self.next_id = fresh;
        }
        let before = w.clone();
        w.balance = balance;
        w.reserve = reserve;
        w.updated = now;
        let wallet_id = w.id;
        let id = self.id();
        self.activity.push(Activity {
            id,
            account,
            currency: cur.into(),
            pair: pair.into(),
            wallet_id,
            time: now,
            kind,
            balance: before.balance,
            balance_delta: db,
            reserve: before.reserve,
            reserve_delta: dr,
            wallet_type: wt.into(),
        });
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn credit(
        &mut self,
        account: u64,
        wt: &str,
        cur: &str,
        pair: &str,
        amount: Decimal,
        kind: &'static str,
        now: i64,
    ) -> Result<(), Refusal> {
        self.adjust(account, wt, cur, pair, amount, Decimal::ZERO, kind, now)
    }

    fn need(
        &self,
        account: u64,
        wt: &str,
        cur: &str,
        pair: &str,
        amount: Decimal,
    ) -> Result<(), Refusal> {
        let have = self.wallet(account, wt, cur, pair).balance;
        if have < amount {
            return Err(Refusal::Balance {
                shortfall: amount
                    .checked_sub(have)
                    .ok_or_else(|| too_large("amount"))?,
                currency: cur.into(),
            });
        }
        Ok(())
    }

    /// Places an order (limit with a price, market without), matches it against the book in
    /// price-time order at the resting orders' prices, and rests what a limit order has left.
    /// Returns the order id and the trade ids it made.
    #[allow(clippy::too_many_arguments)]
    pub fn place(
        &mut self,
        account: u64,
        pair: &str,
        side: Side,
        price: Option<Decimal>,
        amount: Decimal,
        wallet_type: &str,
        tif: &str,
        client_order_id: Option<String>,
        now: i64,
    ) -> Result<(u64, Vec<u64>), Refusal> {
        let info = self.pair(pair).cloned().ok_or_else(|| Refusal::Invalid {
            field: "pair",
            message: format!("unknown pair {pair}"),
        })?;
        if amount <= Decimal::ZERO {
            return Err(Refusal::Invalid {
                field: "amount",
                message: "must be greater than 0".into(),
            });
        }
        // Precision is checked on the text received (`870.690` has three decimals), as a
        // venue that limits precision per pair does: send normalized amounts.
        if amount.scale() > info.amount_precision {
            return Err(Refusal::Invalid {
                field: "amount",
                message: format!("at most {} decimals", info.amount_precision),
            });
        }
        if let Some(p) = price {
            if p <= Decimal::ZERO {
                return Err(Refusal::Invalid {
                    field: "price",
                    message: "must be greater than 0".into(),
                });
            }
            if p.scale() > info.price_precision {
                return Err(Refusal::Invalid {
                    field: "price",
                    message: format!("at most {} decimals", info.price_precision),
                });
            }
        }
        if let Some(cid) = &client_order_id
            && self
                .orders
                .iter()
                .any(|o| o.account == account && o.client_order_id.as_ref() == Some(cid))
        {
            return Err(Refusal::Invalid {
                field: "client_order_id",
                message: format!("{cid} is already used"),
            });
        }
        let wpair = if wallet_type == "ISOLATED_MARGIN" {
            pair
        } else {
            ""
        };
        // Reserve what a limit order may spend; a market order pays as it fills.
        if let Some(p) = price {
            let (cur, need) = match side {
                Side::Buy => (info.quote, mul(p, amount, "amount")?),
                Side::Sell => (info.base, amount),
            };
            self.need(account, wallet_type, cur, wpair, need)?;
            self.adjust(
                account,
                wallet_type,
                cur,
                wpair,
                -need,
                need,
                "MOTION_TYPE_ORDER",
                now,
            )?;
        }
        let id = self.id();
        self.orders.push(Order {
            id,
            account,
            pair: info.name,
            side,
            market: price.is_none(),
            price: price.unwrap_or(Decimal::ZERO),
            amount,
            filled: Decimal::ZERO,
            cancelled: Decimal::ZERO,
            status: Status::Active,
            created: now,
            updated: now,
            done: None,
            wallet_type: wallet_type.into(),
            tif: tif.into(),
            client_order_id,
        });
        let mut trades = Vec::new();
        while let Some(taker) = self.orders.iter().position(|o| o.id == id) {
            let left = self.orders[taker].remaining();
            if left <= Decimal::ZERO {
                break;
            }
            let best = self
                .orders
                .iter()
                .enumerate()
                .filter(|(_, o)| {
                    o.status == Status::Active
                        && o.pair == info.name
                        && o.side != side
                        && o.id != id
                        && !o.market
                })
                .filter(|(_, o)| match (side, price) {
                    (Side::Buy, Some(p)) => o.price <= p,
                    (Side::Sell, Some(p)) => o.price >= p,
                    (_, None) => true,
                })
                .min_by(|(_, a), (_, b)| {
                    let by_price = match side {
                        Side::Buy => a.price.cmp(&b.price),
                        Side::Sell => b.price.cmp(&a.price),
                    };
                    by_price.then(a.id.cmp(&b.id))
                })
                .map(|(i, _)| i);
            let Some(maker) = best else { break };
            let mut qty = left.min(self.orders[maker].remaining());
            let fill_price = self.orders[maker].price;
            if price.is_none() {
                // A market order fills only what the account can pay for.
                let (cur, per_unit) = match side {
                    Side::Buy => (info.quote, fill_price),
                    Side::Sell => (info.base, Decimal::ONE),
                };
                let have = self.wallet(account, wallet_type, cur, wpair).balance;
                let affordable = have
                    .checked_div(per_unit)
                    .ok_or_else(|| too_large("amount"))?
                    .round_dp_with_strategy(
                        info.amount_precision,
                        rust_decimal::RoundingStrategy::ToZero,
                    );
                qty = qty.min(affordable);
                if qty <= Decimal::ZERO {
                    break;
                }
            }
            trades.push(self.fill(maker, taker, qty, fill_price, &info, now)?);
        }
        // What a market order could not fill is cancelled.
        if let Some(o) = self.orders.iter_mut().find(|o| o.id == id)
            && o.market
            && o.remaining() > Decimal::ZERO
        {
            o.cancelled += o.remaining();
            o.status = if o.filled.is_zero() {
                Status::Canceled
            } else {
                Status::Done
            };
            o.done = Some(now);
        }
        Ok((id, trades))
    }

    fn fill(
        &mut self,
        maker: usize,
        taker: usize,
        qty: Decimal,
        price: Decimal,
        info: &PairInfo,
        now: i64,
    ) -> Result<u64, Refusal> {
        // Bounded by the reservations checked at placement; checked all the same.
        let quote = mul(qty, price, "amount")?;
        for idx in [maker, taker] {
            let o = self.orders[idx].clone();
            let wpair = if o.wallet_type == "ISOLATED_MARGIN" {
                o.pair
            } else {
                ""
            };
            match o.side {
                Side::Buy => {
                    if o.market {
                        self.adjust(
                            o.account,
                            &o.wallet_type,
                            info.quote,
                            wpair,
                            -quote,
                            Decimal::ZERO,
                            "MOTION_TYPE_TRADE",
                            now,
                        )?;
                    } else {
                        // Reserved at the order's own price; the difference comes back.
                        let reserved = mul(qty, o.price, "amount")?;
                        self.adjust(
                            o.account,
                            &o.wallet_type,
                            info.quote,
                            wpair,
                            reserved - quote,
                            -reserved,
                            "MOTION_TYPE_TRADE",
                            now,
                        )?;
                    }
                    self.credit(
                        o.account,
                        &o.wallet_type,
                        info.base,
                        wpair,
                        qty,
                        "MOTION_TYPE_TRADE",
                        now,
                    )?;
                }
                Side::Sell => {
                    if o.market {
                        self.adjust(
                            o.account,
                            &o.wallet_type,
                            info.base,
                            wpair,
                            -qty,
                            Decimal::ZERO,
                            "MOTION_TYPE_TRADE",
                            now,
                        )?;
                    } else {
                        self.adjust(
                            o.account,
                            &o.wallet_type,
                            info.base,
                            wpair,
                            Decimal::ZERO,
                            -qty,
                            "MOTION_TYPE_TRADE",
                            now,
                        )?;
                    }
                    self.credit(
                        o.account,
                        &o.wallet_type,
                        info.quote,
                        wpair,
                        quote,
                        "MOTION_TYPE_TRADE",
                        now,
                    )?;
                }
            }
            let o = &mut self.orders[idx];
            o.filled += qty;
            o.updated = now;
            if o.remaining() <= Decimal::ZERO {
                o.status = Status::Done;
                o.done = Some(now);
            }
        }
        let id = self.id();
        let (m, t) = (&self.orders[maker], &self.orders[taker]);
        self.trades.push(Trade {
            id,
            pair: info.name,
            taker_side: t.side,
            price,
            amount: qty,
            time: now,
            maker_account: m.account,
            taker_account: t.account,
            maker_order: m.id,
            taker_order: t.id,
        });
        Ok(id)
    }

    /// Cancels an active order of `account`, releasing its reserve.
    pub fn cancel(&mut self, account: u64, id: u64, now: i64) -> Result<(), Refusal> {
        let Some(idx) = self
            .orders
            .iter()
            .position(|o| o.id == id && o.account == account)
        else {
            return Err(Refusal::NotFound(format!("Order {id} not found")));
        };
        if self.orders[idx].status != Status::Active {
            return Err(Refusal::Invalid {
                field: "order",
                message: format!("Order {id} is not active"),
            });
        }
        let o = self.orders[idx].clone();
        let left = o.remaining();
        let info = self
            .pair(o.pair)
            .cloned()
            .ok_or_else(|| Refusal::NotFound("pair".into()))?;
        let wpair = if o.wallet_type == "ISOLATED_MARGIN" {
            o.pair
        } else {
            ""
        };
        let (cur, amount) = match o.side {
            Side::Buy => (info.quote, mul(left, o.price, "amount")?),
            Side::Sell => (info.base, left),
        };
        self.adjust(
            account,
            &o.wallet_type,
            cur,
            wpair,
            amount,
            -amount,
            "MOTION_TYPE_ORDER_CANCEL",
            now,
        )?;
        let o = &mut self.orders[idx];
        o.cancelled += left;
        o.status = Status::Canceled;
        o.updated = now;
        o.done = Some(now);
        Ok(())
    }

    /// Borrows into a margin wallet.
    #[allow(clippy::too_many_arguments)]
    pub fn borrow(
        &mut self,
        account: u64,
        wt: &str,
        cur: &str,
        pair: &str,
        loan_type: &str,
        amount: Decimal,
        now: i64,
    ) -> Result<u64, Refusal> {
        let rate = Decimal::new(1, 4);
        let accrued = mul(amount, rate, "borrow")?;
        // The wallet must be able to hold it: check before recording anything.
        add(
            self.wallet(account, wt, cur, pair).balance,
            amount,
            "borrow",
        )?;
        let id = self.id();
        self.borrows.push(Borrow {
            id,
            account,
            time: now,
            loan_type: loan_type.into(),
            wallet_type: wt.into(),
            closed: None,
            borrowed: amount,
            repaid: Decimal::ZERO,
            rate,
            accrued,
            paid: Decimal::ZERO,
            currency: cur.into(),
            pair: pair.into(),
        });
        let iid = self.id();
        // The first hour's interest is charged at once.
        self.interest.push(Interest {
            id: iid,
            account,
            wallet_type: wt.into(),
            time: now,
            currency: cur.into(),
            pair: pair.into(),
            rate,
            borrow_id: id,
            accrued,
            paid: Decimal::ZERO,
        });
        self.credit(account, wt, cur, pair, amount, "MOTION_TYPE_BORROW", now)?;
        Ok(id)
    }

    /// Moves funds between the spot wallet and a margin wallet.
    #[allow(clippy::too_many_arguments)]
    pub fn transfer(
        &mut self,
        account: u64,
        wt: &str,
        direction: &str,
        cur: &str,
        pair: &str,
        amount: Decimal,
        note: &str,
        now: i64,
    ) -> Result<u64, Refusal> {
        match direction {
            "ADD" => {
                self.need(account, "SPOT", cur, "", amount)?;
                add(
                    self.wallet(account, wt, cur, pair).balance,
                    amount,
                    "amount",
                )?;
                self.adjust(
                    account,
                    "SPOT",
                    cur,
                    "",
                    -amount,
                    Decimal::ZERO,
                    "MOTION_TYPE_TRANSFER",
                    now,
                )?;
                self.credit(account, wt, cur, pair, amount, "MOTION_TYPE_TRANSFER", now)?;
            }
            "SUB" => {
                self.need(account, wt, cur, pair, amount)?;
                add(
                    self.wallet(account, "SPOT", cur, "").balance,
                    amount,
                    "amount",
                )?;
                self.adjust(
                    account,
                    wt,
                    cur,
                    pair,
                    -amount,
                    Decimal::ZERO,
                    "MOTION_TYPE_TRANSFER",
                    now,
                )?;
                self.credit(
                    account,
                    "SPOT",
                    cur,
                    "",
                    amount,
                    "MOTION_TYPE_TRANSFER",
                    now,
                )?;
            }
            _ => {
                return Err(Refusal::Invalid {
                    field: "direction",
                    message: "must be ADD or SUB".into(),
                });
            }
        }
        let id = self.id();
        self.transfers.push(Transfer {
            id,
            account,
            wallet_type: wt.into(),
            time: now,
            direction: direction.into(),
            currency: cur.into(),
            pair: pair.into(),
            amount,
            note: note.into(),
        });
        Ok(id)
    }

    /// Repays open borrows of a currency, oldest first: interest, then principal.
    #[allow(clippy::too_many_arguments)]
    pub fn repay(
        &mut self,
        account: u64,
        wt: &str,
        loan_type: &str,
        cur: &str,
        pair: &str,
        amount: Decimal,
        now: i64,
    ) -> Result<(), Refusal> {
        let open: Vec<usize> = (0..self.borrows.len())
            .filter(|&i| {
                let b = &self.borrows[i];
                b.account == account
                    && b.wallet_type == wt
                    && b.currency == cur
                    && b.pair == pair
                    && b.closed.is_none()
            })
            .collect();
        if open.is_empty() {
            return Err(Refusal::NotFound(format!("no open {cur} borrow to repay")));
        }
        self.need(account, wt, cur, pair, amount)?;
        let mut left = amount;
        for i in open {
            if left <= Decimal::ZERO {
                break;
            }
            let b = &mut self.borrows[i];
            let interest = (b.accrued - b.paid).max(Decimal::ZERO).min(left);
            b.paid += interest;
            left -= interest;
            let principal = (b.borrowed - b.repaid).min(left);
            b.repaid += principal;
            left -= principal;
            if b.repaid >= b.borrowed && b.paid >= b.accrued {
                b.closed = Some(now);
            }
            let borrow_id = b.id;
            let id = self.id();
            self.repays.push(Repay {
                id,
                account,
                wallet_type: wt.into(),
                time: now,
                loan_type: loan_type.into(),
                currency: cur.into(),
                pair: pair.into(),
                principal,
                interest,
                borrow_id,
            });
            for rec in self
                .interest
                .iter_mut()
                .filter(|r| r.borrow_id == borrow_id)
            {
                rec.paid = rec.paid.saturating_add(interest).min(rec.accrued);
            }
        }
        let spent = amount - left;
        self.adjust(
            account,
            wt,
            cur,
            pair,
            -spent,
            Decimal::ZERO,
            "MOTION_TYPE_REPAY",
            now,
        )?;
        Ok(())
    }

    /// Closes margin positions of a wallet type (and pair): repays every open borrow from the
    /// margin wallet as far as it holds funds.
    pub fn close_margin(
        &mut self,
        account: u64,
        wt: &str,
        pair: &str,
        now: i64,
    ) -> Result<(), Refusal> {
        let open: Vec<(String, String, Decimal, String)> = self
            .borrows
            .iter()
            .filter(|b| {
                b.account == account
                    && b.wallet_type == wt
                    && (pair.is_empty() || b.pair == pair)
                    && b.closed.is_none()
            })
            .map(|b| {
                let owed = (b.borrowed - b.repaid)
                    .checked_add(b.accrued - b.paid)
                    .ok_or_else(|| too_large("borrow"))?;
                Ok((
                    b.currency.clone(),
                    b.pair.clone(),
                    owed,
                    b.loan_type.clone(),
                ))
            })
            .collect::<Result<_, Refusal>>()?;
        if open.is_empty() {
            return Err(Refusal::NotFound("no open margin position".into()));
        }
        for (cur, p, owed, lt) in open {
            let have = self.wallet(account, wt, &cur, &p).balance;
            let pay = owed.min(have);
            if pay > Decimal::ZERO {
                self.repay(account, wt, &lt, &cur, &p, pay, now)?;
            }
        }
        Ok(())
    }
}

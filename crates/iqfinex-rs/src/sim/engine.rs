//! The local venue's state: assets, books, balances, orders and trades, and the matching.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, TimeZone, Utc};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::account::{AccountInfo, Balance};
use crate::market::{
    Asset, Candle, Currency, CurrencyType, Frame, Level, OrderBook, PublicTrade, Rounding, Ticker,
};
use crate::orders::{MyTrade, Order, OrderStatus, OrderType};
use crate::types::{Paged, Side, Sort};

/// A refusal in the venue's terms: a documented status and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub status: u16,
    pub message: String,
}

impl Refusal {
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Refusal {
            status,
            message: message.into(),
        }
    }

    pub fn bad(message: impl Into<String>) -> Self {
        Refusal::new(400, message)
    }
}

type Outcome<T> = Result<T, Refusal>;

/// Who a key belongs to and what it may do.
#[derive(Debug, Clone)]
pub(crate) struct User {
    pub id: u64,
    pub email: String,
    pub keylabel: String,
    pub is_trade: bool,
    pub is_withdrawal: bool,
    /// Disabled keys are refused with 401.
    pub disabled: bool,
    /// Expired keys are refused with 403.
    pub expired: bool,
    pub whitelist: Vec<String>,
}

#[derive(Debug, Clone)]
struct SimOrder {
    id: u64,
    user: u64,
    asset: String,
    side: Side,
    kind: OrderType,
    price: Option<Decimal>,
    stop_price: Option<Decimal>,
    original: Decimal,
    executed: Decimal,
    open_time: DateTime<Utc>,
    close_time: Option<DateTime<Utc>>,
    status: OrderStatus,
    /// Stop-limit orders wait (not in the book) until the last price reaches the stop.
    waiting: bool,
    /// For a waiting stop: whether it fires when the price rises to the stop (else falls).
    trigger_above: bool,
    /// What this order still holds of its owner's balance (right coin for buys, left for sells).
    reserved: Decimal,
}

impl SimOrder {
    fn remaining(&self) -> Decimal {
        self.original - self.executed
    }

    fn to_model(&self) -> Order {
        Order {
            id: self.id,
            asset: self.asset.clone(),
            cmd: self.side.clone(),
            kind: self.kind.clone(),
            volume: Some(self.remaining()),
            price: self.price,
            stop_price: self.stop_price,
            original_volume: self.original,
            executed_volume: self.executed,
            open_time: self.open_time,
            close_time: self.close_time,
            status: self.status.clone(),
        }
    }
}

#[derive(Debug, Clone)]
struct SimTrade {
    id: u64,
    asset: String,
    price: Decimal,
    volume: Decimal,
    taker_side: Side,
    time: DateTime<Utc>,
    taker_order: u64,
    maker_order: u64,
    taker_user: u64,
    maker_user: u64,
    taker_open: DateTime<Utc>,
    maker_open: DateTime<Utc>,
}

/// The house account that provides the seeded liquidity; no key reaches it.
const HOUSE: u64 = 1;

/// Everything the venue keeps.
#[derive(Debug)]
pub(crate) struct Engine {
    currencies: Vec<Currency>,
    assets: BTreeMap<String, Asset>,
    pub users: HashMap<String, User>,
    /// (user, coin) -> (total, reserved).
    balances: HashMap<(u64, String), (Decimal, Decimal)>,
    orders: BTreeMap<u64, SimOrder>,
    trades: Vec<SimTrade>,
    last_price: HashMap<String, Decimal>,
    next_order: u64,
    next_trade: u64,
}

fn currency(
    name: &str,
    alias: &str,
    commission: Decimal,
    kind: CurrencyType,
    conf: u32,
) -> Currency {
    Currency {
        name: name.into(),
        alias: alias.into(),
        commission,
        kind,
        confirmations: conf,
        min_withdrawal: dec!(0.001),
        min_deposit: dec!(0.001),
        is_deposit: true,
        is_withdrawal: true,
    }
}

fn asset(pair: &str, left: &str, right: &str, accuracy: u32, min_volume: Decimal) -> Asset {
    Asset {
        pair: pair.into(),
        right: right.into(),
        left: left.into(),
        accuracy,
        min_volume,
        is_trade: true,
    }
}

impl Engine {
    /// The seeded venue: three assets with house liquidity around the document's prices, a few
    /// past trades, and the keys of [`super::keys`].
    pub fn seeded(now: DateTime<Utc>) -> Engine {
        let mut e = Engine {
            currencies: vec![
                currency("BTC", "Bitcoin", dec!(0.0005), CurrencyType::Coin, 6),
                currency("ETH", "Ethereum", dec!(0.01), CurrencyType::Coin, 30),
                currency("USDT", "Tether", dec!(5), CurrencyType::Token, 6),
            ],
            assets: BTreeMap::new(),
            users: HashMap::new(),
            balances: HashMap::new(),
            orders: BTreeMap::new(),
            trades: Vec::new(),
            last_price: HashMap::new(),
            next_order: 304_962,
            next_trade: 752_986,
        };
        for a in [
            asset("BTCUSDT", "BTC", "USDT", 2, dec!(0.001)),
            asset("ETHBTC", "ETH", "BTC", 6, dec!(0.001)),
            asset("ETHUSDT", "ETH", "USDT", 2, dec!(0.01)),
        ] {
            e.assets.insert(a.pair.clone(), a);
        }
        let user = |id: u64, label: &str, trade: bool| User {
            id,
            email: format!("user{id}@local.venue"),
            keylabel: label.into(),
            is_trade: trade,
            is_withdrawal: false,
            disabled: false,
            expired: false,
            whitelist: Vec::new(),
        };
        e.users
            .insert(super::keys::TRADER.into(), user(1001, "Trader", true));
        e.users.insert(
            super::keys::SECOND_TRADER.into(),
            user(1002, "Second trader", true),
        );
        e.users.insert(
            super::keys::READ_ONLY.into(),
            user(1003, "Read only", false),
        );
        e.users.insert(
            super::keys::DISABLED.into(),
            User {
                disabled: true,
                ..user(1004, "Disabled", true)
            },
        );
        e.users.insert(
            super::keys::EXPIRED.into(),
            User {
                expired: true,
                ..user(1005, "Expired", true)
            },
        );
        for id in [1001, 1002, 1003] {
            e.credit(id, "BTC", dec!(10));
            e.credit(id, "ETH", dec!(100));
            e.credit(id, "USDT", dec!(100000));
        }
        e.credit(HOUSE, "BTC", dec!(1000000));
        e.credit(HOUSE, "ETH", dec!(1000000));
        e.credit(HOUSE, "USDT", dec!(1000000000));

        // Past trades (the document's sample prices), so tickers, trades and candles have data.
        for (asset, price, volume, side, ago) in [
            ("BTCUSDT", dec!(3389.29), dec!(0.055038), Side::Sell, 660),
            ("BTCUSDT", dec!(3388.45), dec!(0.050624), Side::Buy, 330),
            ("BTCUSDT", dec!(3388.65), dec!(0.030548), Side::Sell, 30),
            ("ETHBTC", dec!(0.034358), dec!(1.5), Side::Buy, 900),
            ("ETHBTC", dec!(0.034322), dec!(2.25), Side::Sell, 400),
            ("ETHBTC", dec!(0.034375), dec!(4.1961), Side::Buy, 20),
            ("ETHUSDT", dec!(116.5), dec!(3), Side::Buy, 100),
        ] {
            let time = now - chrono::Duration::seconds(ago);
            let id = e.next_trade;
            e.next_trade += 1;
            e.trades.push(SimTrade {
                id,
                asset: asset.into(),
                price,
                volume,
                taker_side: side,
                time,
                taker_order: 0,
                maker_order: 0,
                taker_user: HOUSE,
                maker_user: HOUSE,
                taker_open: time,
                maker_open: time,
            });
            e.last_price.insert(asset.into(), price);
        }
        // House liquidity: the document's BTCUSDT book, and books around the other assets.
        let house = [
            ("BTCUSDT", Side::Buy, dec!(3373), dec!(0.03)),
            ("BTCUSDT", Side::Buy, dec!(3375), dec!(0.312)),
            ("BTCUSDT", Side::Buy, dec!(3376), dec!(0.0024783)),
            ("BTCUSDT", Side::Buy, dec!(3377), dec!(0.15)),
            ("BTCUSDT", Side::Sell, dec!(3395), dec!(0.2297748)),
            ("BTCUSDT", Side::Sell, dec!(3396), dec!(0.015)),
            ("BTCUSDT", Side::Sell, dec!(3397), dec!(0.0896475)),
            ("BTCUSDT", Side::Sell, dec!(3398), dec!(0.6)),
            ("BTCUSDT", Side::Sell, dec!(3398), dec!(0.6776565)),
            ("ETHBTC", Side::Buy, dec!(0.0343), dec!(5)),
            ("ETHBTC", Side::Buy, dec!(0.0342), dec!(10)),
            ("ETHBTC", Side::Sell, dec!(0.0345), dec!(5)),
            ("ETHBTC", Side::Sell, dec!(0.0346), dec!(10)),
            ("ETHUSDT", Side::Buy, dec!(116), dec!(20)),
            ("ETHUSDT", Side::Sell, dec!(117), dec!(20)),
        ];
        for (asset, side, price, volume) in house {
            // Seeding cannot fail: the house holds far more than it offers.
            let _ = e.place(HOUSE, asset, side, volume, Some(price), None, now);
        }
        e
    }

    fn credit(&mut self, user: u64, coin: &str, amount: Decimal) {
        self.balances.entry((user, coin.to_string())).or_default().0 += amount;
    }

    fn free(&self, user: u64, coin: &str) -> Decimal {
        self.balances
            .get(&(user, coin.to_string()))
            .map(|(t, r)| t - r)
            .unwrap_or_default()
    }

    fn reserve(&mut self, user: u64, coin: &str, amount: Decimal) {
        self.balances.entry((user, coin.to_string())).or_default().1 += amount;
    }

    fn release(&mut self, user: u64, coin: &str, amount: Decimal) {
        let entry = self.balances.entry((user, coin.to_string())).or_default();
        entry.1 = (entry.1 - amount).max(Decimal::ZERO);
    }

    fn move_total(&mut self, user: u64, coin: &str, delta: Decimal) {
        self.balances.entry((user, coin.to_string())).or_default().0 += delta;
    }

    // ------------------------------------------------------------ public reads

    pub fn currencies(&self) -> Vec<Currency> {
        self.currencies.clone()
    }

    pub fn currency(&self, name: &str) -> Outcome<Currency> {
        self.currencies
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
            .cloned()
            .ok_or_else(|| Refusal::bad(format!("Currency {name} not found")))
    }

    pub fn assets(&self) -> Vec<Asset> {
        self.assets.values().cloned().collect()
    }

    pub fn asset(&self, name: &str) -> Outcome<Asset> {
        self.assets
            .get(&name.to_ascii_uppercase())
            .cloned()
            .ok_or_else(|| Refusal::bad(format!("Asset {name} not found")))
    }

    fn resting(&self, asset: &str, side: &Side) -> Vec<&SimOrder> {
        let mut list: Vec<&SimOrder> = self
            .orders
            .values()
            .filter(|o| {
                o.asset == asset && &o.side == side && o.status == OrderStatus::Active && !o.waiting
            })
            .filter(|o| o.price.is_some())
            .collect();
        // Best price first, then time priority (ids grow with time).
        match side {
            Side::Buy => list.sort_by(|a, b| b.price.cmp(&a.price).then(a.id.cmp(&b.id))),
            _ => list.sort_by(|a, b| a.price.cmp(&b.price).then(a.id.cmp(&b.id))),
        }
        list
    }

    pub fn ticker(&self, name: &str, now: DateTime<Utc>) -> Outcome<Ticker> {
        let asset = self.asset(name)?;
        let bids = self.resting(&asset.pair, &Side::Buy);
        let asks = self.resting(&asset.pair, &Side::Sell);
        let level = |list: &[&SimOrder]| -> (Decimal, Decimal) {
            let Some(best) = list.first().and_then(|o| o.price) else {
                return (Decimal::ZERO, Decimal::ZERO);
            };
            let vol = list
                .iter()
                .filter(|o| o.price == Some(best))
                .map(|o| o.remaining())
                .sum();
            (best, vol)
        };
        let (bid, bid_vol) = level(&bids);
        let (ask, ask_vol) = level(&asks);
        let since = now - chrono::Duration::days(1);
        let day: Vec<&SimTrade> = self
            .trades
            .iter()
            .filter(|t| t.asset == asset.pair && t.time >= since)
            .collect();
        let last = self
            .last_price
            .get(&asset.pair)
            .copied()
            .unwrap_or_default();
        let open = day.first().map(|t| t.price).unwrap_or(last);
        let percent = if open.is_zero() {
            Decimal::ZERO
        } else {
            ((last - open) / open * dec!(100)).round_dp(2)
        };
        Ok(Ticker {
            bid,
            ask,
            bid_vol,
            ask_vol,
            buy_size: bids.iter().map(|o| o.remaining()).sum(),
            sell_size: asks.iter().map(|o| o.remaining()).sum(),
            high: day.iter().map(|t| t.price).max().unwrap_or(last),
            low: day.iter().map(|t| t.price).min().unwrap_or(last),
            last,
            volume24: day.iter().map(|t| t.volume).sum(),
            percent_change: percent,
            timestamp: now,
        })
    }

    pub fn tickers(&self, now: DateTime<Utc>) -> BTreeMap<String, Ticker> {
        self.assets
            .keys()
            .filter_map(|a| self.ticker(a, now).ok().map(|t| (a.clone(), t)))
            .collect()
    }

    pub fn orderbook(&self, name: &str, rounding: Rounding) -> Outcome<OrderBook> {
        let asset = self.asset(name)?;
        let side = |side: Side| -> Vec<Level> {
            let mut levels: Vec<Level> = Vec::new();
            for o in self.resting(&asset.pair, &side) {
                let Some(price) = o.price else { continue };
                let key = rounding.apply(price, asset.accuracy);
                match levels.iter_mut().find(|l| l.price == key) {
                    Some(l) => {
                        l.volume += o.remaining();
                        l.positions += 1;
                    }
                    None => levels.push(Level {
                        price: key,
                        volume: o.remaining(),
                        positions: 1,
                    }),
                }
            }
            levels
        };
        Ok(OrderBook {
            bids: side(Side::Buy),
            asks: side(Side::Sell),
        })
    }

    pub fn public_trades(&self, name: &str, page: PageArgs) -> Outcome<Paged<PublicTrade>> {
        let asset = self.asset(name)?;
        let rows: Vec<PublicTrade> = self
            .trades
            .iter()
            .filter(|t| t.asset == asset.pair)
            .map(|t| PublicTrade {
                id: t.id,
                side: t.taker_side.clone(),
                volume: t.volume,
                price: t.price,
                close_time: t.time,
                asset: Some(t.asset.clone()),
            })
            .collect();
        Ok(page.apply(rows))
    }

    pub fn candles(
        &self,
        name: &str,
        frame: Frame,
        page: PageArgs,
        now: DateTime<Utc>,
    ) -> Outcome<Paged<Candle>> {
        let asset = self.asset(name)?;
        let size = i64::from(frame.seconds());
        let mut buckets: BTreeMap<i64, Candle> = BTreeMap::new();
        for t in self.trades.iter().filter(|t| t.asset == asset.pair) {
            let start = t.time.timestamp().div_euclid(size) * size;
            buckets
                .entry(start)
                .and_modify(|c| {
                    c.high = c.high.max(t.price);
                    c.low = c.low.min(t.price);
                    c.close = t.price;
                    c.volume += t.volume;
                })
                .or_insert(Candle {
                    open: t.price,
                    high: t.price,
                    low: t.price,
                    close: t.price,
                    volume: t.volume,
                    close_time: None,
                });
        }
        let current = now.timestamp().div_euclid(size) * size;
        // Newest first, as the document's sample; only the candle still open has no close time.
        let rows: Vec<Candle> = buckets
            .into_iter()
            .rev()
            .map(|(start, mut c)| {
                c.close_time = if start >= current {
                    None
                } else {
                    Utc.timestamp_opt(start + size, 0).single()
                };
                c
            })
            .collect();
        let total = rows.len() as u64;
        let offset = page.offset as usize;
        let rows = rows
            .into_iter()
            .skip(offset)
            .take(page.limit as usize)
            .collect();
        Ok(Paged { count: total, rows })
    }

    // ------------------------------------------------------------ account

    pub fn account_info(&self, user: &User) -> AccountInfo {
        AccountInfo {
            id: user.id,
            email: user.email.clone(),
            role: Some(1),
            keylabel: user.keylabel.clone(),
            is_trade: user.is_trade,
            is_withdrawal: user.is_withdrawal,
            whitelist: user.whitelist.clone(),
        }
    }

    pub fn balances(&self, user: u64) -> BTreeMap<String, Balance> {
        self.currencies
            .iter()
            .map(|c| {
                let (total, reserved) = self
                    .balances
                    .get(&(user, c.name.clone()))
                    .copied()
                    .unwrap_or_default();
                (
                    c.name.clone(),
                    Balance {
                        balance: total,
                        free_balance: total - reserved,
                    },
                )
            })
            .collect()
    }

    // ------------------------------------------------------------ orders

    /// Opens an order for `user`: validates, reserves, matches what crosses, rests the rest.
    #[allow(clippy::too_many_arguments)]
    pub fn place(
        &mut self,
        user: u64,
        asset_name: &str,
        side: Side,
        volume: Decimal,
        price: Option<Decimal>,
        stop_price: Option<Decimal>,
        now: DateTime<Utc>,
    ) -> Outcome<Order> {
        let asset = self.asset(asset_name)?;
        if !asset.is_trade {
            return Err(Refusal::bad(format!(
                "Trading on {} is disabled",
                asset.pair
            )));
        }
        if !matches!(side, Side::Buy | Side::Sell) {
            return Err(Refusal::bad("cmd must be buy or sell"));
        }
        if volume <= Decimal::ZERO {
            return Err(Refusal::bad("volume must be greater than 0"));
        }
        if volume < asset.min_volume {
            return Err(Refusal::bad(format!(
                "volume is below the min volume {}",
                asset.min_volume
            )));
        }
        // Bounds that keep every product and sum far inside `Decimal`'s range.
        if volume > dec!(1000000000)
            || [price, stop_price]
                .iter()
                .flatten()
                .any(|p| *p > dec!(1000000000000))
        {
            return Err(Refusal::bad("volume or price is too large"));
        }
        if price.is_some_and(|p| p <= Decimal::ZERO) {
            return Err(Refusal::bad("price must be greater than 0"));
        }
        if stop_price.is_some() && price.is_none() {
            return Err(Refusal::bad("stopPrice needs a price"));
        }
        if stop_price.is_some_and(|p| p <= Decimal::ZERO) {
            return Err(Refusal::bad("stopPrice must be greater than 0"));
        }
        if let Some(p) = price
            && p.normalize().scale() > asset.accuracy
        {
            return Err(Refusal::bad(format!(
                "price has more than {} digits after the point",
                asset.accuracy
            )));
        }
        let kind = match (price, stop_price) {
            (None, _) => OrderType::Market,
            (Some(_), None) => OrderType::Limit,
            (Some(_), Some(_)) => OrderType::StopLimit,
        };
        // What the order must hold: the left coin for a sell; for a buy, the right coin at the
        // limit price, or what sweeping the book would cost for a market buy.
        let (coin, need) = match (&side, price) {
            (Side::Sell, _) => (asset.left.clone(), volume),
            (_, Some(p)) => (asset.right.clone(), p * volume),
            (_, None) => {
                let mut left = volume;
                let mut cost = Decimal::ZERO;
                for o in self.resting(&asset.pair, &Side::Sell) {
                    let take = left.min(o.remaining());
                    cost += take * o.price.unwrap_or_default();
                    left -= take;
                    if left.is_zero() {
                        break;
                    }
                }
                (asset.right.clone(), cost)
            }
        };
        if kind == OrderType::Market && self.resting(&asset.pair, &side.opposite()).is_empty() {
            return Err(Refusal::bad("Not enough liquidity for a market order"));
        }
        if self.free(user, &coin) < need {
            return Err(Refusal::bad(format!("Insufficient funds: {coin}")));
        }
        self.reserve(user, &coin, need);
        let id = self.next_order;
        self.next_order += 1;
        let last = self
            .last_price
            .get(&asset.pair)
            .copied()
            .unwrap_or_default();
        let waiting = stop_price.is_some_and(|s| {
            // Fires at once when the last price is already at the stop.
            s != last
        });
        self.orders.insert(
            id,
            SimOrder {
                id,
                user,
                asset: asset.pair.clone(),
                side,
                kind,
                price,
                stop_price,
                original: volume,
                executed: Decimal::ZERO,
                open_time: now,
                close_time: None,
                status: OrderStatus::Active,
                waiting,
                trigger_above: stop_price.is_some_and(|s| s > last),
                reserved: need,
            },
        );
        if !waiting {
            self.execute(id, &asset, now);
        }
        self.activate_stops(&asset, now);
        self.orders
            .get(&id)
            .map(SimOrder::to_model)
            .ok_or_else(|| Refusal::new(500, "order vanished"))
    }

    /// Matches order `id` against the book; a market order's unfilled rest is cancelled.
    fn execute(&mut self, id: u64, asset: &Asset, now: DateTime<Utc>) {
        let Some(taker) = self.orders.get(&id).cloned() else {
            return;
        };
        let makers: Vec<(u64, Decimal, Decimal)> = self
            .resting(&asset.pair, &taker.side.opposite())
            .into_iter()
            .filter(|m| m.id != id)
            .map(|m| (m.id, m.price.unwrap_or_default(), m.remaining()))
            .collect();
        let mut left = taker.remaining();
        for (maker_id, maker_price, maker_left) in makers {
            if left.is_zero() {
                break;
            }
            let crosses = match (taker.price, &taker.side) {
                (None, _) => true,
                (Some(p), Side::Buy) => maker_price <= p,
                (Some(p), _) => maker_price >= p,
            };
            if !crosses {
                break;
            }
            let qty = left.min(maker_left);
            self.fill(id, maker_id, qty, maker_price, asset, now);
            left -= qty;
        }
        let Some(order) = self.orders.get_mut(&id) else {
            return;
        };
        if order.remaining().is_zero() {
            order.status = OrderStatus::Closed;
            order.close_time = Some(now);
        } else if order.kind == OrderType::Market {
            // Nothing more to take: the rest of a market order does not rest.
            order.status = OrderStatus::Canceled;
            order.close_time = Some(now);
        }
        let finished = order.status != OrderStatus::Active;
        let leftover = order.reserved;
        let snapshot = order.clone();
        let (user, coin) = (snapshot.user, self.reserve_coin(&snapshot, asset));
        if finished && !leftover.is_zero() {
            if let Some(o) = self.orders.get_mut(&id) {
                o.reserved = Decimal::ZERO;
            }
            self.release(user, &coin, leftover);
        }
    }

    fn reserve_coin(&self, order: &SimOrder, asset: &Asset) -> String {
        if order.side == Side::Buy {
            asset.right.clone()
        } else {
            asset.left.clone()
        }
    }

    /// One trade between taker `t` and maker `m` of `qty` at `price`; balances settle.
    fn fill(
        &mut self,
        t: u64,
        m: u64,
        qty: Decimal,
        price: Decimal,
        asset: &Asset,
        now: DateTime<Utc>,
    ) {
        let cost = qty * price;
        for id in [t, m] {
            let Some(o) = self.orders.get(&id).cloned() else {
                continue;
            };
            // What the order's reservation covered for this quantity.
            let consumed = match (&o.side, o.price, o.kind == OrderType::Market) {
                (Side::Buy, Some(limit), false) => qty * limit,
                (Side::Buy, _, _) => cost,
                (_, _, _) => qty,
            }
            .min(o.reserved);
            if o.side == Side::Buy {
                self.move_total(o.user, &asset.right, -cost);
                self.move_total(o.user, &asset.left, qty);
                self.release(o.user, &asset.right, consumed);
            } else {
                self.move_total(o.user, &asset.left, -qty);
                self.move_total(o.user, &asset.right, cost);
                self.release(o.user, &asset.left, consumed);
            }
            if let Some(o) = self.orders.get_mut(&id) {
                o.executed += qty;
                o.reserved -= consumed;
                if id == m && o.remaining().is_zero() {
                    o.status = OrderStatus::Closed;
                    o.close_time = Some(now);
                    let leftover = o.reserved;
                    o.reserved = Decimal::ZERO;
                    let (user, side) = (o.user, o.side.clone());
                    let coin = if side == Side::Buy {
                        &asset.right
                    } else {
                        &asset.left
                    };
                    self.release(user, coin, leftover);
                }
            }
        }
        let (taker, maker) = match (self.orders.get(&t), self.orders.get(&m)) {
            (Some(a), Some(b)) => (a.clone(), b.clone()),
            _ => return,
        };
        let trade_id = self.next_trade;
        self.next_trade += 1;
        self.trades.push(SimTrade {
            id: trade_id,
            asset: asset.pair.clone(),
            price,
            volume: qty,
            taker_side: taker.side.clone(),
            time: now,
            taker_order: t,
            maker_order: m,
            taker_user: taker.user,
            maker_user: maker.user,
            taker_open: taker.open_time,
            maker_open: maker.open_time,
        });
        self.last_price.insert(asset.pair.clone(), price);
    }

    /// Activates every waiting stop of `asset` whose stop the last price reached, until none is left.
    fn activate_stops(&mut self, asset: &Asset, now: DateTime<Utc>) {
        loop {
            let Some(last) = self.last_price.get(&asset.pair).copied() else {
                return;
            };
            let due = self.orders.values().find(|o| {
                o.asset == asset.pair
                    && o.waiting
                    && o.status == OrderStatus::Active
                    && o.stop_price.is_some_and(|s| {
                        if o.trigger_above {
                            last >= s
                        } else {
                            last <= s
                        }
                    })
            });
            let Some(id) = due.map(|o| o.id) else { return };
            if let Some(o) = self.orders.get_mut(&id) {
                o.waiting = false;
            }
            self.execute(id, asset, now);
        }
    }

    pub fn cancel(&mut self, user: u64, id: u64, now: DateTime<Utc>) -> Outcome<Order> {
        let order = match self.orders.get(&id) {
            Some(o) if o.user == user => o.clone(),
            _ => return Err(Refusal::bad("Order not found")),
        };
        if order.status != OrderStatus::Active {
            return Err(Refusal::bad("Order is not active"));
        }
        let asset = self.asset(&order.asset)?;
        let coin = self.reserve_coin(&order, &asset);
        self.release(user, &coin, order.reserved);
        let mut model = order.to_model();
        model.status = OrderStatus::Canceled;
        model.close_time = Some(now);
        if order.executed.is_zero() {
            // As the document says: cancelled with nothing executed, it is not kept.
            self.orders.remove(&id);
        } else if let Some(o) = self.orders.get_mut(&id) {
            o.status = OrderStatus::Canceled;
            o.close_time = Some(now);
            o.reserved = Decimal::ZERO;
        }
        Ok(model)
    }

    pub fn opened(&self, user: u64) -> Paged<Order> {
        let rows: Vec<Order> = self
            .orders
            .values()
            .rev()
            .filter(|o| o.user == user && o.status == OrderStatus::Active)
            .map(SimOrder::to_model)
            .collect();
        Paged {
            count: rows.len() as u64,
            rows,
        }
    }

    pub fn closed(&self, user: u64, page: PageArgs) -> Paged<Order> {
        let rows: Vec<Order> = self
            .orders
            .values()
            .filter(|o| o.user == user && o.status != OrderStatus::Active)
            .map(|o| Order {
                // The history does not show an active volume (as in the document's sample).
                volume: None,
                ..o.to_model()
            })
            .collect();
        page.apply(rows)
    }

    pub fn order(&self, user: u64, id: u64) -> Outcome<Order> {
        match self.orders.get(&id) {
            Some(o) if o.user == user => Ok(o.to_model()),
            _ => Err(Refusal::bad("Order not found")),
        }
    }

    fn my_trade_rows(&self, user: u64, order: Option<u64>) -> Vec<MyTrade> {
        let mut rows = Vec::new();
        for t in &self.trades {
            for (is_taker, uid, oid) in [
                (true, t.taker_user, t.taker_order),
                (false, t.maker_user, t.maker_order),
            ] {
                if uid != user || order.is_some_and(|o| o != oid) {
                    continue;
                }
                let side = if is_taker {
                    t.taker_side.clone()
                } else {
                    t.taker_side.opposite()
                };
                let received = self.assets.get(&t.asset).map(|a| {
                    if side == Side::Buy {
                        a.left.clone()
                    } else {
                        a.right.clone()
                    }
                });
                rows.push(MyTrade {
                    id: t.id,
                    id_user: Some(uid),
                    volume: t.volume,
                    price: t.price,
                    cmd: side,
                    asset: t.asset.clone(),
                    commission: Decimal::ZERO,
                    commission_currency: received,
                    open_time: if is_taker { t.taker_open } else { t.maker_open },
                    target_user: Some(if is_taker { t.maker_user } else { t.taker_user }),
                    close_time: t.time,
                    order_id: oid,
                });
            }
        }
        rows
    }

    pub fn order_trades(&self, user: u64, id: u64, page: PageArgs) -> Outcome<Paged<MyTrade>> {
        self.order(user, id)?;
        Ok(page.apply(self.my_trade_rows(user, Some(id))))
    }

    pub fn my_trades(&self, user: u64, page: PageArgs) -> Paged<MyTrade> {
        page.apply(self.my_trade_rows(user, None))
    }
}

/// `limit`, `offset` and `sort` of a listing request, already checked.
#[derive(Debug, Clone)]
pub(crate) struct PageArgs {
    pub limit: u32,
    pub offset: u64,
    pub sort: Sort,
}

impl PageArgs {
    /// Rows arrive oldest first; the page is taken after sorting.
    fn apply<T>(self, mut rows: Vec<T>) -> Paged<T> {
        if self.sort == Sort::Desc {
            rows.reverse();
        }
        let count = rows.len() as u64;
        let rows = rows
            .into_iter()
            .skip(usize::try_from(self.offset).unwrap_or(usize::MAX))
            .take(self.limit as usize)
            .collect();
        Paged { count, rows }
    }
}

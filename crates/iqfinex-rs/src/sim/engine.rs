//! The local venue's state and rules: currencies, assets, books, balances, orders, trades,
//! and the matching. No HTTP and no wire format here (see `wire.rs`), and nothing of the
//! client's models: the venue keeps its own rows.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

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

pub(crate) type Outcome<T> = Result<T, Refusal>;

/// The product or sum of amounts the venue's bounds keep small; a refusal, never a panic, if
/// one ever overflows.
fn checked(value: Option<Decimal>) -> Outcome<Decimal> {
    value.ok_or_else(|| Refusal::bad("volume or price is too large"))
}

/// `buy` or `sell` (`cmd`, and a trade's `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Buy,
    Sell,
}

impl Side {
    pub fn parse(text: &str) -> Option<Side> {
        match text {
            "buy" => Some(Side::Buy),
            "sell" => Some(Side::Sell),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Side::Buy => "buy",
            Side::Sell => "sell",
        }
    }

    pub fn opposite(self) -> Side {
        match self {
            Side::Buy => Side::Sell,
            Side::Sell => Side::Buy,
        }
    }
}

/// An order's `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Limit,
    Market,
    StopLimit,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Limit => "LIMIT",
            Kind::Market => "MARKET",
            Kind::StopLimit => "STOP_LIMIT",
        }
    }
}

/// An order's `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Active,
    Closed,
    Canceled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Closed => "closed",
            Status::Canceled => "canceled",
        }
    }
}

/// A listing's `sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sort {
    Asc,
    Desc,
}

/// A currency, as `GET /v1/currencies` lists it.
#[derive(Debug, Clone)]
pub(crate) struct Currency {
    pub name: &'static str,
    pub alias: &'static str,
    pub commission: Decimal,
    /// `Coin` or `Token`.
    pub kind: &'static str,
    pub confirmations: u32,
    pub min_withdrawal: Decimal,
    pub min_deposit: Decimal,
}

/// A trading pair, as `GET /v1/assets` lists it.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    pub pair: &'static str,
    pub right: &'static str,
    pub left: &'static str,
    /// Price digits after the point.
    pub accuracy: u32,
    pub min_volume: Decimal,
    pub is_trade: bool,
}

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

/// An order as the venue keeps it.
#[derive(Debug, Clone)]
pub(crate) struct Order {
    pub id: u64,
    pub user: u64,
    pub asset: &'static str,
    pub side: Side,
    pub kind: Kind,
    pub price: Option<Decimal>,
    pub stop_price: Option<Decimal>,
    pub original: Decimal,
    pub executed: Decimal,
    pub open_time: DateTime<Utc>,
    pub close_time: Option<DateTime<Utc>>,
    pub status: Status,
    /// Stop-limit orders wait (not in the book) until the last price reaches the stop.
    waiting: bool,
    /// For a waiting stop: whether it fires when the price rises to the stop (else falls).
    trigger_above: bool,
    /// What this order still holds of its owner's balance (right coin for buys, left for sells).
    reserved: Decimal,
}

impl Order {
    pub fn remaining(&self) -> Decimal {
        self.original - self.executed
    }
}

/// A trade between a taker and a maker order.
#[derive(Debug, Clone)]
pub(crate) struct Trade {
    pub id: u64,
    pub asset: &'static str,
    pub price: Decimal,
    pub volume: Decimal,
    pub taker_side: Side,
    pub time: DateTime<Utc>,
    taker_order: u64,
    maker_order: u64,
    taker_user: u64,
    maker_user: u64,
    taker_open: DateTime<Utc>,
    maker_open: DateTime<Utc>,
}

/// One of a user's trades, from the user's side.
#[derive(Debug, Clone)]
pub(crate) struct MyTrade {
    pub id: u64,
    pub user: u64,
    pub volume: Decimal,
    pub price: Decimal,
    pub side: Side,
    pub asset: &'static str,
    /// The coin the user received (commissions are zero, charged in it).
    pub received: &'static str,
    pub open_time: DateTime<Utc>,
    pub target_user: u64,
    pub close_time: DateTime<Utc>,
    pub order_id: u64,
}

/// A price level: price, volume, number of orders.
pub(crate) type Level = (Decimal, Decimal, u32);

/// One candle: open, high, low, close, volume, and the close time unless still open.
pub(crate) type Candle = (
    Decimal,
    Decimal,
    Decimal,
    Decimal,
    Decimal,
    Option<DateTime<Utc>>,
);

/// The ticker of an asset.
#[derive(Debug, Clone)]
pub(crate) struct Ticker {
    pub bid: Decimal,
    pub ask: Decimal,
    pub bid_vol: Decimal,
    pub ask_vol: Decimal,
    pub buy_size: Decimal,
    pub sell_size: Decimal,
    pub high: Decimal,
    pub low: Decimal,
    pub last: Decimal,
    pub volume24: Decimal,
    pub percent_change: Decimal,
    pub timestamp: DateTime<Utc>,
}

/// A page of rows and the count of all rows.
pub(crate) struct Page<T> {
    pub count: u64,
    pub rows: Vec<T>,
}

/// `limit`, `offset` and `sort` of a listing request, already checked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageArgs {
    pub limit: u32,
    pub offset: u64,
    pub sort: Sort,
}

impl PageArgs {
    /// Rows arrive oldest first; the page is taken after sorting.
    fn apply<T>(self, mut rows: Vec<T>) -> Page<T> {
        if self.sort == Sort::Desc {
            rows.reverse();
        }
        let count = u64::try_from(rows.len()).unwrap_or(u64::MAX);
        let rows = rows
            .into_iter()
            .skip(usize::try_from(self.offset).unwrap_or(usize::MAX))
            .take(usize::try_from(self.limit).unwrap_or(usize::MAX))
            .collect();
        Page { count, rows }
    }
}

/// Rounds `price` of an asset with `accuracy` price digits to a rounding `level` of the
/// orderbook, as the document's example shows for BTCUSDT (accuracy 2): `3632.12` is
/// `3632.1` at level 1, `3632` at 2, `3630` at 3. Digits are dropped, never rounded up.
pub(crate) fn round_level(price: Decimal, accuracy: u32, level: u32) -> Decimal {
    if level == 0 {
        return price;
    }
    let kept = i64::from(accuracy) - i64::from(level);
    let rounded = match u32::try_from(kept) {
        Ok(scale) => price.trunc_with_scale(scale),
        Err(_) => {
            // Fewer than no digits after the point: tens, hundreds, thousands.
            let tens = Decimal::from(10u64.pow(u32::try_from(-kept).unwrap_or(0).min(18)));
            price
                .checked_div(tens)
                .map(|q| q.trunc() * tens)
                .unwrap_or(price)
        }
    };
    rounded.normalize()
}

/// The house account that provides the seeded liquidity; no key reaches it.
const HOUSE: u64 = 1;

/// Everything the venue keeps.
#[derive(Debug)]
pub(crate) struct Engine {
    pub currencies: Vec<Currency>,
    assets: BTreeMap<&'static str, Asset>,
    pub users: HashMap<String, User>,
    /// (user, coin) -> (total, reserved).
    balances: HashMap<(u64, &'static str), (Decimal, Decimal)>,
    orders: BTreeMap<u64, Order>,
    trades: Vec<Trade>,
    last_price: HashMap<&'static str, Decimal>,
    next_order: u64,
    next_trade: u64,
}

fn currency(
    name: &'static str,
    alias: &'static str,
    commission: Decimal,
    kind: &'static str,
    confirmations: u32,
) -> Currency {
    Currency {
        name,
        alias,
        commission,
        kind,
        confirmations,
        min_withdrawal: dec!(0.001),
        min_deposit: dec!(0.001),
    }
}

fn asset(
    pair: &'static str,
    left: &'static str,
    right: &'static str,
    accuracy: u32,
    min_volume: Decimal,
) -> Asset {
    Asset {
        pair,
        right,
        left,
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
                currency("BTC", "Bitcoin", dec!(0.0005), "Coin", 6),
                currency("ETH", "Ethereum", dec!(0.01), "Coin", 30),
                currency("USDT", "Tether", dec!(5), "Token", 6),
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
            e.assets.insert(a.pair, a);
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
            e.trades.push(Trade {
                id,
                asset,
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
            e.last_price.insert(asset, price);
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

    fn credit(&mut self, user: u64, coin: &'static str, amount: Decimal) {
        let entry = self.balances.entry((user, coin)).or_default();
        entry.0 = entry.0.saturating_add(amount);
    }

    fn free(&self, user: u64, coin: &'static str) -> Decimal {
        self.balances
            .get(&(user, coin))
            .map(|(t, r)| t - r)
            .unwrap_or_default()
    }

    fn entry(&mut self, user: u64, coin: &'static str) -> &mut (Decimal, Decimal) {
        self.balances.entry((user, coin)).or_default()
    }

    fn reserve(&mut self, user: u64, coin: &'static str, amount: Decimal) {
        let entry = self.entry(user, coin);
        entry.1 = entry.1.saturating_add(amount);
    }

    fn release(&mut self, user: u64, coin: &'static str, amount: Decimal) {
        let entry = self.entry(user, coin);
        entry.1 = entry.1.saturating_sub(amount).max(Decimal::ZERO);
    }

    fn move_total(&mut self, user: u64, coin: &'static str, delta: Decimal) {
        let entry = self.entry(user, coin);
        entry.0 = entry.0.saturating_add(delta);
    }

    // ------------------------------------------------------------ public reads

    pub fn currency(&self, name: &str) -> Outcome<&Currency> {
        self.currencies
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| Refusal::bad(format!("Currency {name} not found")))
    }

    pub fn assets(&self) -> impl Iterator<Item = &Asset> {
        self.assets.values()
    }

    pub fn asset(&self, name: &str) -> Outcome<&Asset> {
        self.assets
            .get(name.to_ascii_uppercase().as_str())
            .ok_or_else(|| Refusal::bad(format!("Asset {name} not found")))
    }

    fn resting(&self, asset: &str, side: Side) -> Vec<&Order> {
        let mut list: Vec<&Order> = self
            .orders
            .values()
            .filter(|o| {
                o.asset == asset && o.side == side && o.status == Status::Active && !o.waiting
            })
            .filter(|o| o.price.is_some())
            .collect();
        // Best price first, then time priority (ids grow with time).
        match side {
            Side::Buy => list.sort_by(|a, b| b.price.cmp(&a.price).then(a.id.cmp(&b.id))),
            Side::Sell => list.sort_by(|a, b| a.price.cmp(&b.price).then(a.id.cmp(&b.id))),
        }
        list
    }

    pub fn ticker(&self, name: &str, now: DateTime<Utc>) -> Outcome<Ticker> {
        let asset = self.asset(name)?;
        let bids = self.resting(asset.pair, Side::Buy);
        let asks = self.resting(asset.pair, Side::Sell);
        let level = |list: &[&Order]| -> (Decimal, Decimal) {
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
        let day: Vec<&Trade> = self
            .trades
            .iter()
            .filter(|t| t.asset == asset.pair && t.time >= since)
            .collect();
        let last = self.last_price.get(asset.pair).copied().unwrap_or_default();
        let open = day.first().map(|t| t.price).unwrap_or(last);
        let percent = if open.is_zero() {
            Decimal::ZERO
        } else {
            (last - open)
                .checked_div(open)
                .and_then(|r| r.checked_mul(dec!(100)))
                .unwrap_or_default()
                .round_dp(2)
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

    pub fn tickers(&self, now: DateTime<Utc>) -> Vec<(&'static str, Ticker)> {
        self.assets
            .keys()
            .filter_map(|a| self.ticker(a, now).ok().map(|t| (*a, t)))
            .collect()
    }

    /// Bids and asks aggregated per rounded price, best first.
    pub fn orderbook(&self, name: &str, level: u32) -> Outcome<(Vec<Level>, Vec<Level>)> {
        let asset = self.asset(name)?;
        let side = |side: Side| -> Vec<Level> {
            let mut levels: Vec<Level> = Vec::new();
            for o in self.resting(asset.pair, side) {
                let Some(price) = o.price else { continue };
                let key = round_level(price, asset.accuracy, level);
                match levels.iter_mut().find(|l| l.0 == key) {
                    Some(l) => {
                        l.1 += o.remaining();
                        l.2 += 1;
                    }
                    None => levels.push((key, o.remaining(), 1)),
                }
            }
            levels
        };
        Ok((side(Side::Buy), side(Side::Sell)))
    }

    pub fn public_trades(&self, name: &str, page: PageArgs) -> Outcome<Page<&Trade>> {
        let asset = self.asset(name)?;
        let rows: Vec<&Trade> = self
            .trades
            .iter()
            .filter(|t| t.asset == asset.pair)
            .collect();
        Ok(page.apply(rows))
    }

    pub fn candles(
        &self,
        name: &str,
        frame_seconds: u32,
        page: PageArgs,
        now: DateTime<Utc>,
    ) -> Outcome<Page<Candle>> {
        let asset = self.asset(name)?;
        let size = i64::from(frame_seconds.max(1));
        let mut buckets: BTreeMap<i64, Candle> = BTreeMap::new();
        for t in self.trades.iter().filter(|t| t.asset == asset.pair) {
            let start = t.time.timestamp().div_euclid(size) * size;
            buckets
                .entry(start)
                .and_modify(|c| {
                    c.1 = c.1.max(t.price);
                    c.2 = c.2.min(t.price);
                    c.3 = t.price;
                    c.4 += t.volume;
                })
                .or_insert((t.price, t.price, t.price, t.price, t.volume, None));
        }
        let current = now.timestamp().div_euclid(size) * size;
        // Oldest first here; newest first after `apply`'s default sort, as the document's
        // sample. Only the candle still open has no close time.
        let rows: Vec<Candle> = buckets
            .into_iter()
            .map(|(start, mut c)| {
                c.5 = if start >= current {
                    None
                } else {
                    DateTime::from_timestamp(start + size, 0)
                };
                c
            })
            .collect();
        Ok(page.apply(rows))
    }

    // ------------------------------------------------------------ account

    /// (total, free) per currency.
    pub fn balances(&self, user: u64) -> Vec<(&'static str, Decimal, Decimal)> {
        self.currencies
            .iter()
            .map(|c| {
                let (total, reserved) = self
                    .balances
                    .get(&(user, c.name))
                    .copied()
                    .unwrap_or_default();
                (c.name, total, total - reserved)
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
        let asset = self.asset(asset_name)?.clone();
        if !asset.is_trade {
            return Err(Refusal::bad(format!(
                "Trading on {} is disabled",
                asset.pair
            )));
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
        // "accuracy: Price digits number": a stop price is a price too.
        for (name, p) in [("price", price), ("stopPrice", stop_price)] {
            if let Some(p) = p
                && p.normalize().scale() > asset.accuracy
            {
                return Err(Refusal::bad(format!(
                    "{name} has more than {} digits after the point",
                    asset.accuracy
                )));
            }
        }
        let kind = match (price, stop_price) {
            (None, _) => Kind::Market,
            (Some(_), None) => Kind::Limit,
            (Some(_), Some(_)) => Kind::StopLimit,
        };
        // What the order must hold: the left coin for a sell; for a buy, the right coin at the
        // limit price, or what sweeping the book would cost for a market buy.
        let (coin, need) = match (side, price) {
            (Side::Sell, _) => (asset.left, volume),
            (Side::Buy, Some(p)) => (asset.right, checked(p.checked_mul(volume))?),
            (Side::Buy, None) => {
                let mut left = volume;
                let mut cost = Decimal::ZERO;
                for o in self.resting(asset.pair, Side::Sell) {
                    let take = left.min(o.remaining());
                    let part = checked(take.checked_mul(o.price.unwrap_or_default()))?;
                    cost = checked(cost.checked_add(part))?;
                    left -= take;
                    if left.is_zero() {
                        break;
                    }
                }
                (asset.right, cost)
            }
        };
        if kind == Kind::Market && self.resting(asset.pair, side.opposite()).is_empty() {
            return Err(Refusal::bad("Not enough liquidity for a market order"));
        }
        if self.free(user, coin) < need {
            return Err(Refusal::bad(format!("Insufficient funds: {coin}")));
        }
        self.reserve(user, coin, need);
        let id = self.next_order;
        self.next_order += 1;
        let last = self.last_price.get(asset.pair).copied().unwrap_or_default();
        // A stop already reached by the last price fires at once.
        let waiting = stop_price.is_some_and(|s| s != last);
        self.orders.insert(
            id,
            Order {
                id,
                user,
                asset: asset.pair,
                side,
                kind,
                price,
                stop_price,
                original: volume,
                executed: Decimal::ZERO,
                open_time: now,
                close_time: None,
                status: Status::Active,
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
            .cloned()
            .ok_or_else(|| Refusal::new(500, "order vanished"))
    }

    /// Matches order `id` against the book; a market order's unfilled rest is cancelled.
    fn execute(&mut self, id: u64, asset: &Asset, now: DateTime<Utc>) {
        let Some(taker) = self.orders.get(&id).cloned() else {
            return;
        };
        let makers: Vec<(u64, Decimal, Decimal)> = self
            .resting(asset.pair, taker.side.opposite())
            .into_iter()
            .filter(|m| m.id != id)
            .map(|m| (m.id, m.price.unwrap_or_default(), m.remaining()))
            .collect();
        let mut left = taker.remaining();
        for (maker_id, maker_price, maker_left) in makers {
            if left.is_zero() {
                break;
            }
            let crosses = match (taker.price, taker.side) {
                (None, _) => true,
                (Some(p), Side::Buy) => maker_price <= p,
                (Some(p), Side::Sell) => maker_price >= p,
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
            order.status = Status::Closed;
            order.close_time = Some(now);
        } else if order.kind == Kind::Market {
            // Nothing more to take: the rest of a market order does not rest.
            order.status = Status::Canceled;
            order.close_time = Some(now);
        }
        let finished = order.status != Status::Active;
        let leftover = order.reserved;
        let (user, coin) = (order.user, reserve_coin(order.side, asset));
        if finished && !leftover.is_zero() {
            order.reserved = Decimal::ZERO;
            self.release(user, coin, leftover);
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
        // Both orders passed the bounds in `place`, and `qty` is at most either's volume:
        // the product fits; saturate rather than panic all the same.
        let cost = qty.saturating_mul(price);
        for id in [t, m] {
            let Some(o) = self.orders.get(&id).cloned() else {
                continue;
            };
            // What the order's reservation covered for this quantity.
            let consumed = match (o.side, o.price, o.kind == Kind::Market) {
                (Side::Buy, Some(limit), false) => qty.saturating_mul(limit),
                (Side::Buy, _, _) => cost,
                (Side::Sell, _, _) => qty,
            }
            .min(o.reserved);
            match o.side {
                Side::Buy => {
                    self.move_total(o.user, asset.right, -cost);
                    self.move_total(o.user, asset.left, qty);
                    self.release(o.user, asset.right, consumed);
                }
                Side::Sell => {
                    self.move_total(o.user, asset.left, -qty);
                    self.move_total(o.user, asset.right, cost);
                    self.release(o.user, asset.left, consumed);
                }
            }
            let mut leftover = None;
            if let Some(o) = self.orders.get_mut(&id) {
                o.executed += qty;
                o.reserved -= consumed;
                if id == m && o.remaining().is_zero() {
                    o.status = Status::Closed;
                    o.close_time = Some(now);
                    leftover = Some((o.user, reserve_coin(o.side, asset), o.reserved));
                    o.reserved = Decimal::ZERO;
                }
            }
            if let Some((user, coin, amount)) = leftover {
                self.release(user, coin, amount);
            }
        }
        let (taker, maker) = match (self.orders.get(&t), self.orders.get(&m)) {
            (Some(a), Some(b)) => (a.clone(), b.clone()),
            _ => return,
        };
        let trade_id = self.next_trade;
        self.next_trade += 1;
        self.trades.push(Trade {
            id: trade_id,
            asset: asset.pair,
            price,
            volume: qty,
            taker_side: taker.side,
            time: now,
            taker_order: t,
            maker_order: m,
            taker_user: taker.user,
            maker_user: maker.user,
            taker_open: taker.open_time,
            maker_open: maker.open_time,
        });
        self.last_price.insert(asset.pair, price);
    }

    /// Activates every waiting stop of `asset` whose stop the last price reached, until none
    /// is left.
    fn activate_stops(&mut self, asset: &Asset, now: DateTime<Utc>) {
        loop {
            let Some(last) = self.last_price.get(asset.pair).copied() else {
                return;
            };
            let due = self.orders.values().find(|o| {
                o.asset == asset.pair
                    && o.waiting
                    && o.status == Status::Active
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
        if order.status != Status::Active {
            return Err(Refusal::bad("Order is not active"));
        }
        let asset = self.asset(order.asset)?.clone();
        self.release(user, reserve_coin(order.side, &asset), order.reserved);
        let mut answer = order.clone();
        answer.status = Status::Canceled;
        answer.close_time = Some(now);
        if order.executed.is_zero() {
            // As the document says: cancelled with nothing executed, it is not kept.
            self.orders.remove(&id);
        } else if let Some(o) = self.orders.get_mut(&id) {
            o.status = Status::Canceled;
            o.close_time = Some(now);
            o.reserved = Decimal::ZERO;
        }
        Ok(answer)
    }

    /// How many orders the venue keeps for `user`, in any status.
    pub fn order_count(&self, user: u64) -> usize {
        self.orders.values().filter(|o| o.user == user).count()
    }

    pub fn opened(&self, user: u64) -> Page<&Order> {
        let rows: Vec<&Order> = self
            .orders
            .values()
            .rev()
            .filter(|o| o.user == user && o.status == Status::Active)
            .collect();
        Page {
            count: u64::try_from(rows.len()).unwrap_or(u64::MAX),
            rows,
        }
    }

    pub fn closed(&self, user: u64, page: PageArgs) -> Page<&Order> {
        let rows: Vec<&Order> = self
            .orders
            .values()
            .filter(|o| o.user == user && o.status != Status::Active)
            .collect();
        page.apply(rows)
    }

    pub fn order(&self, user: u64, id: u64) -> Outcome<&Order> {
        match self.orders.get(&id) {
            Some(o) if o.user == user => Ok(o),
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
                    t.taker_side
                } else {
                    t.taker_side.opposite()
                };
                let received = self
                    .assets
                    .get(t.asset)
                    .map(|a| if side == Side::Buy { a.left } else { a.right })
                    .unwrap_or("");
                rows.push(MyTrade {
                    id: t.id,
                    user: uid,
                    volume: t.volume,
                    price: t.price,
                    side,
                    asset: t.asset,
                    received,
                    open_time: if is_taker { t.taker_open } else { t.maker_open },
                    target_user: if is_taker { t.maker_user } else { t.taker_user },
                    close_time: t.time,
                    order_id: oid,
                });
            }
        }
        rows
    }

    pub fn order_trades(&self, user: u64, id: u64, page: PageArgs) -> Outcome<Page<MyTrade>> {
        self.order(user, id)?;
        Ok(page.apply(self.my_trade_rows(user, Some(id))))
    }

    pub fn my_trades(&self, user: u64, page: PageArgs) -> Page<MyTrade> {
        page.apply(self.my_trade_rows(user, None))
    }
}

/// The coin an order of `side` reserves: the right one for a buy, the left one for a sell.
fn reserve_coin(side: Side, asset: &Asset) -> &'static str {
    match side {
        Side::Buy => asset.right,
        Side::Sell => asset.left,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_levels_follow_the_documents_example() {
        // "Here is how BTCUSDT price 3632.12 will look like on different rounding levels".
        let p = dec!(3632.12);
        assert_eq!(round_level(p, 2, 0), dec!(3632.12));
        assert_eq!(round_level(p, 2, 1).to_string(), "3632.1");
        assert_eq!(round_level(p, 2, 2).to_string(), "3632");
        assert_eq!(round_level(p, 2, 3).to_string(), "3630");
        assert_eq!(round_level(dec!(0.034375), 6, 3).to_string(), "0.034");
    }
}

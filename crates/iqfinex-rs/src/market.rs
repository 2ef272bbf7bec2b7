//! Public API models (currencies, assets, tickers, orderbook, trades, candles), their enums,
//! the checks the generated requests call, and how trades and candles page. No key needed.

use std::fmt;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use venue_common::api::{Context, PagedRequest};
use venue_common::serde_ext::{parse_decimal, ts_seconds, ts_seconds_opt};
use venue_common::{Error, Result};

use crate::generated::requests::{
    AssetRequest, CandlesRequest, CurrencyRequest, OrderbookRequest, TickerRequest, TradesRequest,
};
use crate::types::{Paged, Side, Sort, Walk, check_name, offset_page};

// ------------------------------------------------------------------ models

venue_common::open_enum! {
    /// Whether a currency is a coin or a token (`type`).
    pub enum CurrencyType: str {
        /// `Coin`: its own chain.
        Coin = "Coin" | "coin" | "COIN",
        /// `Token`: issued on another chain.
        Token = "Token" | "token" | "TOKEN",
    }
}

/// A currency (`GET /v1/currency/:name`). Every field is in the document's field table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Currency {
    /// Ticker (`BTC`).
    pub name: String,
    /// Full name (`Bitcoin`); empty when the venue sends none.
    #[serde(default, with = "crate::types::string_or_null")]
    pub alias: String,
    /// Withdrawal commission, in this currency.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub commission: Decimal,
    /// Coin or token.
    #[serde(rename = "type")]
    pub kind: CurrencyType,
    /// Confirmations before an incoming deposit is accepted.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub confirmations: u32,
    /// Smallest withdrawal.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub min_withdrawal: Decimal,
    /// Smallest deposit.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub min_deposit: Decimal,
    /// Whether deposits are enabled.
    #[serde(rename = "isDeposit", with = "venue_common::serde_ext::bool_lenient")]
    pub is_deposit: bool,
    /// Whether withdrawals are enabled.
    #[serde(
        rename = "isWithdrawal",
        with = "venue_common::serde_ext::bool_lenient"
    )]
    pub is_withdrawal: bool,
}

/// A trading pair (`GET /v1/asset/:name`, `GET /v1/assets`).
///
/// `accuracy` is the number of **decimal places of a price** (the document: "Price digits
/// number"; BTCUSDT has 2 and its prices read `3632.12`). The document states no precision
/// for volumes; `min_volume` is the smallest volume the venue accepts. [`Asset::check_order`]
/// makes the checks the venue makes, [`Asset::round_price`] and [`Asset::round_volume`] bring
/// a computed price or volume within them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asset {
    /// Asset name (`BTCUSDT`).
    pub pair: String,
    /// Right (quote) currency: prices are in it (`USDT`).
    pub right: String,
    /// Left (base) currency: volumes are in it (`BTC`).
    pub left: String,
    /// Decimal places of a price. Typed string by the document, a number in its sample, a
    /// string (`"7"`) in live answers: both decode.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub accuracy: u32,
    /// Smallest order volume, in the left currency.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub min_volume: Decimal,
    /// Whether trading is allowed. In the document's table, absent from live `GET /v1/assets`
    /// rows: `None` when the venue does not say (the venue refuses orders on a pair that is
    /// closed, whatever the client believes).
    #[serde(rename = "isTrade", default, with = "crate::types::bool_opt")]
    pub is_trade: Option<bool>,
}

impl Asset {
    /// The most decimal places [`Asset::round_volume`] keeps. The document states no volume
    /// precision; its answers show volumes and balances with up to 8 (`52.48052531`,
    /// `4118.95858777`), and the venue checks only `min_volume`.
    pub const VOLUME_DECIMALS: u32 = 8;

    /// `price` with at most `accuracy` decimal places, rounded to the nearest (halves away
    /// from zero), as the venue accepts it.
    ///
    /// ```
    /// # use iqfinex_rs::{Asset, dec};
    /// # let asset: Asset = serde_json::from_str(r#"{"pair":"BTCUSDT","right":"USDT","left":"BTC","accuracy":"2","min_volume":0.001}"#).unwrap();
    /// assert_eq!(asset.round_price(dec!(3632.125)), dec!(3632.13));
    /// ```
    pub fn round_price(&self, price: Decimal) -> Decimal {
        price
            .round_dp_with_strategy(
                self.accuracy.min(Decimal::MAX_SCALE),
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            )
            .normalize()
    }

    /// `volume` with at most [`Asset::VOLUME_DECIMALS`] places, rounded down (toward zero), so
    /// a volume computed from a balance never exceeds it. The result may still be below
    /// `min_volume`: [`Asset::check_order`] says so.
    pub fn round_volume(&self, volume: Decimal) -> Decimal {
        volume
            .round_dp_with_strategy(
                Self::VOLUME_DECIMALS,
                rust_decimal::RoundingStrategy::ToZero,
            )
            .normalize()
    }

    /// The checks the venue makes on an order for this asset, before it is sent: the order is
    /// for this pair, trading is not closed (`isTrade: false`), the volume is at least
    /// `min_volume`, and the price and stop price have at most `accuracy` decimal places
    /// (trailing zeros do not count). A refusal is [`Error::InvalidRequest`] naming the field.
    pub fn check_order(&self, order: &crate::OpenOrderRequest) -> Result<()> {
        if order.asset() != self.pair {
            return Err(Error::invalid(
                "asset",
                format!(
                    "the rules given are for {}, not {}",
                    self.pair,
                    order.asset()
                ),
            ));
        }
        if self.is_trade == Some(false) {
            return Err(Error::invalid(
                "asset",
                format!("trading on {} is closed", self.pair),
            ));
        }
        if order.volume() < self.min_volume {
            return Err(Error::invalid(
                "volume",
                format!(
                    "must be at least {}'s min_volume {} (got {})",
                    self.pair,
                    self.min_volume,
                    order.volume()
                ),
            ));
        }
        for (name, price) in [("price", order.price()), ("stopPrice", order.stop_price())] {
            if let Some(p) = price
                && p.normalize().scale() > self.accuracy
            {
                return Err(Error::invalid(
                    name,
                    format!(
                        "has more than {} decimal places, {}'s accuracy (got {p}; see Asset::round_price)",
                        self.accuracy, self.pair
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Best bid and ask, last price and the current daily candle (`GET /v1/ticker/:asset`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticker {
    /// Price of the best buy order.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub bid: Decimal,
    /// Price of the best sell order.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub ask: Decimal,
    /// Volume at the bid.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub bid_vol: Decimal,
    /// Volume at the ask.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub ask_vol: Decimal,
    /// Total volume of buy orders.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub buy_size: Decimal,
    /// Total volume of sell orders.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub sell_size: Decimal,
    /// Daily highest price.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub high: Decimal,
    /// Daily lowest price.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub low: Decimal,
    /// Last trade price.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub last: Decimal,
    /// Daily trade volume.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub volume24: Decimal,
    /// Daily price change in percent (`-3.89` is −3.89 %).
    #[serde(
        rename = "percentChange",
        with = "venue_common::serde_ext::decimal_number"
    )]
    pub percent_change: Decimal,
    /// When the ticker was computed (UNIX seconds on the wire). In the document's table and
    /// sample, absent from live `GET /v1/tickers` answers: `None` then.
    #[serde(default, with = "ts_seconds_opt")]
    pub timestamp: Option<DateTime<Utc>>,
}

venue_common::open_enum! {
    /// The rounding level of an orderbook: how many trailing price digits are rounded away.
    /// With BTCUSDT's price `3632.12`: `Exact` shows `3632.12`, `OneDigit` `3632.1`,
    /// `TwoDigits` `3632`, `ThreeDigits` `3630`. The document allows 0..=3 only.
    pub enum Rounding: int {
        /// Level 0: prices as they are.
        Exact = 0,
        /// Level 1.
        OneDigit = 1,
        /// Level 2.
        TwoDigits = 2,
        /// Level 3.
        ThreeDigits = 3,
    }
}

impl Rounding {
    /// The level the venue takes in the path (0..=3; a level off the list is clamped there).
    pub fn level(self) -> u8 {
        self.code().clamp(0, 3) as u8
    }

    /// The level for a number, refusing anything outside 0..=3 as a `rounding` error.
    pub fn from_level(level: u8) -> Result<Rounding> {
        match Rounding::from_code(i64::from(level)) {
            Rounding::Other(_) => Err(Error::invalid(
                "rounding",
                format!("must be 0..=3 (got {level})"),
            )),
            known => Ok(known),
        }
    }

    /// Rounds `price` of an asset with `accuracy` price digits down to this level (toward
    /// zero), the way the document's example does.
    pub fn apply(self, price: Decimal, accuracy: u32) -> Decimal {
        let level = u32::from(self.level());
        if level == 0 {
            return price;
        }
        let rounded = if level <= accuracy {
            price.trunc_with_scale(accuracy - level)
        } else {
            // Fewer digits than none after the point: round to tens, hundreds...
            let factor = Decimal::from(10u64.pow(level - accuracy));
            (price / factor).trunc() * factor
        };
        // `3632.10` and `3632.1` are the same level; the venue writes the shorter.
        rounded.normalize()
    }
}

impl TryFrom<u8> for Rounding {
    type Error = Error;
    fn try_from(level: u8) -> Result<Rounding> {
        Rounding::from_level(level)
    }
}

/// One price level of an orderbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Level {
    /// The price, exactly as the venue wrote the key.
    pub price: Decimal,
    /// Total volume at this price, in the left currency.
    pub volume: Decimal,
    /// Number of orders aggregated in this level (`positions`).
    pub positions: u32,
}

/// An orderbook (`GET /v1/orderbook/:asset/:rounding`): levels in order, best first.
///
/// The venue sends `buy` and `sell` as objects keyed by price text with `[volume, positions]`
/// values, in no promised order; decoding sorts them: bids by price descending, asks by price
/// ascending.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderBook {
    /// Buy levels (`buy`), highest price first.
    pub bids: Vec<Level>,
    /// Sell levels (`sell`), lowest price first.
    pub asks: Vec<Level>,
}

impl OrderBook {
    /// The highest bid.
    pub fn best_bid(&self) -> Option<&Level> {
        self.bids.first()
    }

    /// The lowest ask.
    pub fn best_ask(&self) -> Option<&Level> {
        self.asks.first()
    }

    /// Ask minus bid, when both sides have a level.
    pub fn spread(&self) -> Option<Decimal> {
        self.best_ask()?.price.checked_sub(self.best_bid()?.price)
    }
}

/// A decimal read exactly from a JSON number or string (or, from a binary format, the string
/// it was written as).
struct Dec(Decimal);

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        venue_common::serde_ext::decimal::deserialize(d).map(Dec)
    }
}

/// A price key, parsed without copying the text when the input allows.
struct PriceKey(Decimal);

impl<'de> Deserialize<'de> for PriceKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = PriceKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a price as text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<PriceKey, E> {
                parse_decimal(v).map(PriceKey).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// `[volume, positions]`; extra elements are ignored, a missing count reads as 0.
struct LevelValue(Decimal, u32);

impl<'de> Deserialize<'de> for LevelValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LevelValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("[volume, positions]")
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<LevelValue, A::Error> {
                let volume: Dec = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let positions: Option<Count> = seq.next_element()?;
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(LevelValue(volume.0, positions.map(|c| c.0).unwrap_or(0)))
            }
        }
        if d.is_human_readable() {
            d.deserialize_seq(V)
        } else {
            // Written as a pair (see `SideOut`), which binary formats hold without a length.
            d.deserialize_tuple(2, V)
        }
    }
}

/// A non-negative count sent as a number or a numeric string.
struct Count(u32);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a count")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Count, E> {
                u32::try_from(v).map(Count).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Count, E> {
                u32::try_from(v).map(Count).map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Count, E> {
                v.trim().parse().map(Count).map_err(E::custom)
            }
        }
        if d.is_human_readable() {
            d.deserialize_any(V)
        } else {
            u32::deserialize(d).map(Count)
        }
    }
}

/// One side of the book: an object keyed by price (or, when empty, possibly `[]`).
struct BookSide(Vec<Level>);

impl<'de> Deserialize<'de> for BookSide {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        /// Whether the format is human-readable (JSON): then `null` levels are skipped.
        struct V(bool);
        impl<'de> Visitor<'de> for V {
            type Value = BookSide;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object keyed by price")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<BookSide, A::Error> {
                let mut levels = Vec::with_capacity(map.size_hint().unwrap_or(64).min(4096));
                if self.0 {
                    // A `null` level is no level.
                    while let Some((PriceKey(price), level)) =
                        map.next_entry::<PriceKey, Option<LevelValue>>()?
                    {
                        if let Some(LevelValue(volume, positions)) = level {
                            levels.push(Level {
                                price,
                                volume,
                                positions,
                            });
                        }
                    }
                } else {
                    while let Some((PriceKey(price), LevelValue(volume, positions))) =
                        map.next_entry()?
                    {
                        levels.push(Level {
                            price,
                            volume,
                            positions,
                        });
                    }
                }
                Ok(BookSide(levels))
            }
            // An empty side may come as `[]` (a serialized empty list): read it as no levels.
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<BookSide, A::Error> {
                if seq.next_element::<IgnoredAny>()?.is_some() {
                    return Err(de::Error::custom(
                        "expected an object keyed by price, found a non-empty array",
                    ));
                }
                Ok(BookSide(Vec::new()))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<BookSide, E> {
                Ok(BookSide(Vec::new()))
            }
        }
        if d.is_human_readable() {
            d.deserialize_any(V(true))
        } else {
            d.deserialize_map(V(false))
        }
    }
}

impl<'de> Deserialize<'de> for OrderBook {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            #[serde(default)]
            buy: Option<BookSide>,
            #[serde(default)]
            sell: Option<BookSide>,
        }
        // What `Serialize` wrote, in a binary format: both sides, in this order.
        #[derive(Deserialize)]
        struct Written {
            buy: BookSide,
            sell: BookSide,
        }
        let (buy, sell) = if d.is_human_readable() {
            let wire = Wire::deserialize(d)?;
            (wire.buy, wire.sell)
        } else {
            let w = Written::deserialize(d)?;
            (Some(w.buy), Some(w.sell))
        };
        let mut bids = buy.map(|s| s.0).unwrap_or_default();
        let mut asks = sell.map(|s| s.0).unwrap_or_default();
        bids.sort_by_key(|l| std::cmp::Reverse(l.price));
        asks.sort_by_key(|l| l.price);
        Ok(OrderBook { bids, asks })
    }
}

/// Writes a side the venue's way: `{"<price>": [volume, positions], ...}`.
struct SideOut<'a>(&'a [Level]);

impl Serialize for SideOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for level in self.0 {
            map.serialize_entry(
                &level.price.to_string(),
                &(Num(&level.volume), level.positions),
            )?;
        }
        map.end()
    }
}

/// A time written as UNIX seconds.
struct Secs<'a>(&'a DateTime<Utc>);

impl Serialize for Secs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        ts_seconds::serialize(self.0, s)
    }
}

/// A decimal written as a JSON number.
struct Num<'a>(&'a Decimal);

impl Serialize for Num<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        venue_common::serde_ext::decimal_number::serialize(self.0, s)
    }
}

impl Serialize for OrderBook {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        // A struct: JSON writes it as the venue's object, binary formats as two fields.
        let mut st = s.serialize_struct("OrderBook", 2)?;
        st.serialize_field("buy", &SideOut(&self.bids))?;
        st.serialize_field("sell", &SideOut(&self.asks))?;
        st.end()
    }
}

/// A public trade (`GET /v1/trades/:asset`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicTrade {
    /// Trade id.
    #[serde(with = "venue_common::serde_ext::int_or_string")]
    pub id: u64,
    /// `buy` or `sell`, from the taker's side (`type`).
    #[serde(rename = "type")]
    pub side: Side,
    /// Volume, in the left currency.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub volume: Decimal,
    /// Price. Typed string by the document, sent as a number: both decode exactly.
    #[serde(with = "venue_common::serde_ext::decimal_number")]
    pub price: Decimal,
    /// When it happened (UNIX seconds on the wire).
    #[serde(with = "ts_seconds")]
    pub close_time: DateTime<Utc>,
    /// The asset (sent though not in the document's field table).
    #[serde(default)]
    pub asset: Option<String>,
}

venue_common::open_enum! {
    /// The candle sizes the venue offers (`frame`, in seconds).
    pub enum Frame: int {
        /// 60 s.
        M1 = 60,
        /// 120 s.
        M2 = 120,
        /// 300 s.
        M5 = 300,
        /// 900 s.
        M15 = 900,
        /// 1800 s.
        M30 = 1800,
        /// 3600 s.
        H1 = 3600,
        /// 7200 s.
        H2 = 7200,
        /// 14400 s.
        H4 = 14400,
        /// 28800 s.
        H8 = 28800,
        /// 43200 s.
        H12 = 43200,
        /// 86400 s.
        D1 = 86400,
        /// 604800 s.
        W1 = 604800,
    }
}

impl Frame {
    /// The frame's length in seconds, as sent in the path (0 for a value off the list that
    /// does not fit; requests refuse such frames anyway).
    pub fn seconds(self) -> u32 {
        u32::try_from(self.code()).unwrap_or(0)
    }

    /// The frame of this many seconds; anything off the document's list is a `frame` error.
    pub fn from_seconds(seconds: u32) -> Result<Frame> {
        match Frame::from_code(i64::from(seconds)) {
            Frame::Other(_) => Err(Error::invalid(
                "frame",
                format!(
                    "must be one of 60, 120, 300, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 604800 (got {seconds})"
                ),
            )),
            known => Ok(known),
        }
    }
}

/// One OHLCV candle. On the wire an array `[open, high, low, close, volume, close_time?]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candle {
    /// Open price.
    pub open: Decimal,
    /// Highest price.
    pub high: Decimal,
    /// Lowest price.
    pub low: Decimal,
    /// Close (or, for the active candle, latest) price.
    pub close: Decimal,
    /// Traded volume.
    pub volume: Decimal,
    /// When the candle closed; `None` for the candle still active.
    pub close_time: Option<DateTime<Utc>>,
}

impl Candle {
    /// Whether the candle is still open.
    pub fn is_active(&self) -> bool {
        self.close_time.is_none()
    }
}

/// An optional UNIX-seconds time inside an array.
struct OptSecs(Option<DateTime<Utc>>);

impl<'de> Deserialize<'de> for OptSecs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        if d.is_human_readable() {
            ts_seconds_opt::deserialize(d).map(OptSecs)
        } else {
            // `Serialize` writes a close time only when there is one, as plain seconds.
            ts_seconds::deserialize(d).map(|t| OptSecs(Some(t)))
        }
    }
}

impl<'de> Deserialize<'de> for Candle {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Candle;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("[open, high, low, close, volume, close_time?]")
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Candle, A::Error> {
                let mut next = |i: usize| -> std::result::Result<Decimal, A::Error> {
                    seq.next_element::<Dec>()?
                        .map(|d| d.0)
                        .ok_or_else(|| de::Error::invalid_length(i, &"at least 5 elements"))
                };
                let open = next(0)?;
                let high = next(1)?;
                let low = next(2)?;
                let close = next(3)?;
                let volume = next(4)?;
                let close_time = seq.next_element::<OptSecs>()?.and_then(|t| t.0);
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Candle {
                    open,
                    high,
                    low,
                    close,
                    volume,
                    close_time,
                })
            }
        }
        d.deserialize_seq(V)
    }
}

impl Serialize for Candle {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let n = if self.close_time.is_some() { 6 } else { 5 };
        let mut seq = s.serialize_seq(Some(n))?;
        for v in [&self.open, &self.high, &self.low, &self.close, &self.volume] {
            seq.serialize_element(&Num(v))?;
        }
        if let Some(t) = &self.close_time {
            seq.serialize_element(&Secs(t))?;
        }
        seq.end()
    }
}

// ------------------------------------------------------------------ checks and paging

/// `currency`: the ticker is present.
pub(crate) fn check_currency(r: &CurrencyRequest, _: &Context) -> Result<()> {
    check_name("name", &r.name)
}

/// `asset`: the pair name is present.
pub(crate) fn check_asset(r: &AssetRequest, _: &Context) -> Result<()> {
    check_name("name", &r.name)
}

/// `ticker`: the asset is present.
pub(crate) fn check_ticker(r: &TickerRequest, _: &Context) -> Result<()> {
    check_name("asset", &r.asset)
}

/// `orderbook`: the asset is present (the level's 0..=3 is the spec's range).
pub(crate) fn check_orderbook(r: &OrderbookRequest, _: &Context) -> Result<()> {
    check_name("asset", &r.asset)
}

/// `trades`: the asset is present (the `limit` range is the spec's).
pub(crate) fn check_trades(r: &TradesRequest, _: &Context) -> Result<()> {
    check_name("asset", &r.asset)
}

/// `candles`: the asset is present and the frame on the document's list.
pub(crate) fn check_candles(r: &CandlesRequest, _: &Context) -> Result<()> {
    check_name("asset", &r.asset)?;
    Frame::from_seconds(r.frame.seconds()).map(drop)
}

impl PagedRequest for TradesRequest {
    type Item = PublicTrade;
    /// Oldest first with `sort=ASC` (stable); otherwise newest first, repeats dropped by id.
    fn next_page(&self, page: Paged<PublicTrade>) -> Result<(Vec<PublicTrade>, Option<Self>)> {
        let walk = Walk {
            offset: self.offset,
            limit: self.limit,
            max: 100,
            ascending: self.sort == Some(Sort::Asc),
            seen: self.seen.as_ref(),
        };
        offset_page(
            self,
            walk,
            page,
            |t| Some(t.id),
            |mut r, offset, limit, seen| {
                r.seen = seen;
                r.offset(offset).limit(limit)
            },
        )
    }
}

impl PagedRequest for CandlesRequest {
    type Item = Candle;
    /// Newest first (the endpoint takes no `sort`): repeats dropped by close time.
    fn next_page(&self, page: Paged<Candle>) -> Result<(Vec<Candle>, Option<Self>)> {
        let walk = Walk {
            offset: self.offset,
            limit: self.limit,
            max: 500,
            ascending: false,
            seen: self.seen.as_ref(),
        };
        let key = |c: &Candle| c.close_time.and_then(|t| u64::try_from(t.timestamp()).ok());
        offset_page(self, walk, page, key, |mut r, offset, limit, seen| {
            r.seen = seen;
            r.offset(offset).limit(limit)
        })
    }
}

#[cfg(test)]
mod asset_rules {
    use super::*;
    use crate::OpenOrderRequest;
    use rust_decimal_macros::dec;

    fn btcusdt(is_trade: Option<bool>) -> Asset {
        Asset {
            pair: "BTCUSDT".into(),
            right: "USDT".into(),
            left: "BTC".into(),
            accuracy: 2,
            min_volume: dec!(0.001),
            is_trade,
        }
    }

    fn refused(asset: &Asset, order: &OpenOrderRequest) -> Option<String> {
        match asset.check_order(order) {
            Ok(()) => None,
            Err(Error::InvalidRequest { param, .. }) => Some(param),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_venues_checks() {
        let a = btcusdt(None);
        let ok = OpenOrderRequest::limit("BTCUSDT", Side::Buy, dec!(0.001), dec!(3632.10));
        assert_eq!(refused(&a, &ok), None, "trailing zeros do not count");
        let market = OpenOrderRequest::market("BTCUSDT", Side::Sell, dec!(0.001));
        assert_eq!(refused(&a, &market), None);
        let fine = OpenOrderRequest::limit("BTCUSDT", Side::Buy, dec!(1), dec!(3632.121));
        assert_eq!(refused(&a, &fine).as_deref(), Some("price"));
        let stop =
            OpenOrderRequest::stop_limit("BTCUSDT", Side::Buy, dec!(1), dec!(1), dec!(3632.121));
        assert_eq!(refused(&a, &stop).as_deref(), Some("stopPrice"));
        let small = OpenOrderRequest::market("BTCUSDT", Side::Buy, dec!(0.0009));
        assert_eq!(refused(&a, &small).as_deref(), Some("volume"));
        let other = OpenOrderRequest::market("ETHBTC", Side::Buy, dec!(1));
        assert_eq!(refused(&a, &other).as_deref(), Some("asset"));
        assert_eq!(
            refused(&btcusdt(Some(false)), &ok).as_deref(),
            Some("asset")
        );
        assert_eq!(refused(&btcusdt(Some(true)), &ok), None);
    }

    #[test]
    fn rounding_helpers() {
        let a = btcusdt(None);
        assert_eq!(a.round_price(dec!(3632.125)), dec!(3632.13));
        assert_eq!(a.round_price(dec!(3632.124)), dec!(3632.12));
        assert_eq!(a.round_price(dec!(3632)), dec!(3632));
        assert_eq!(a.round_volume(dec!(1.123456789)), dec!(1.12345678));
        assert_eq!(a.round_volume(dec!(0.5)), dec!(0.5));
    }
}

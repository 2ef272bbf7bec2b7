//! Public API: currencies, assets, tickers, orderbook, trades and candles. No key needed.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use venue_common::serde_ext::{parse_decimal, ts_seconds, ts_seconds_opt};
use venue_common::{Error, Request, Result};

use crate::client::{ApiRequest, Call, Client, PagedRequest, check_limit, check_name, setters};
use crate::generated::endpoints as ep;
use crate::types::{Paged, Side, Sort};

// ------------------------------------------------------------------ models

/// Whether a currency is a coin or a token (`type`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CurrencyType {
    /// `Coin`: its own chain.
    Coin,
    /// `Token`: issued on another chain.
    Token,
    /// A value this version does not know, kept as sent.
    Other(String),
}

impl CurrencyType {
    /// The venue's spelling.
    pub fn as_str(&self) -> &str {
        match self {
            CurrencyType::Coin => "Coin",
            CurrencyType::Token => "Token",
            CurrencyType::Other(s) => s,
        }
    }
}

impl Serialize for CurrencyType {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CurrencyType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(match s.to_ascii_lowercase().as_str() {
            "coin" => CurrencyType::Coin,
            "token" => CurrencyType::Token,
            _ => CurrencyType::Other(s),
        })
    }
}

/// A currency (`GET /v1/currency/:name`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Currency {
    /// Ticker (`BTC`).
    pub name: String,
    /// Full name (`Bitcoin`).
    #[serde(default)]
    pub alias: String,
    /// Withdrawal commission, in this currency.
    #[serde(with = "crate::num::number")]
    pub commission: Decimal,
    /// Coin or token.
    #[serde(rename = "type")]
    pub kind: CurrencyType,
    /// Confirmations before an incoming deposit is accepted.
    #[serde(deserialize_with = "venue_common::serde_ext::int_or_string::deserialize")]
    pub confirmations: u32,
    /// Smallest withdrawal.
    #[serde(with = "crate::num::number")]
    pub min_withdrawal: Decimal,
    /// Smallest deposit.
    #[serde(with = "crate::num::number")]
    pub min_deposit: Decimal,
    /// Whether deposits are enabled.
    #[serde(
        rename = "isDeposit",
        deserialize_with = "venue_common::serde_ext::bool_lenient::deserialize"
    )]
    pub is_deposit: bool,
    /// Whether withdrawals are enabled.
    #[serde(
        rename = "isWithdrawal",
        deserialize_with = "venue_common::serde_ext::bool_lenient::deserialize"
    )]
    pub is_withdrawal: bool,
}

/// A trading pair (`GET /v1/asset/:name`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asset {
    /// Asset name (`BTCUSDT`).
    pub pair: String,
    /// Right (quote) currency: prices are in it (`USDT`).
    pub right: String,
    /// Left (base) currency: volumes are in it (`BTC`).
    pub left: String,
    /// Number of price digits. Typed string by the document, sent as a number; both decode.
    #[serde(deserialize_with = "venue_common::serde_ext::int_or_string::deserialize")]
    pub accuracy: u32,
    /// Smallest order volume, in the left currency.
    #[serde(with = "crate::num::number")]
    pub min_volume: Decimal,
    /// Whether trading is allowed.
    #[serde(
        rename = "isTrade",
        deserialize_with = "venue_common::serde_ext::bool_lenient::deserialize"
    )]
    pub is_trade: bool,
}

/// Best bid and ask, last price and the current daily candle (`GET /v1/ticker/:asset`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticker {
    /// Price of the best buy order.
    #[serde(with = "crate::num::number")]
    pub bid: Decimal,
    /// Price of the best sell order.
    #[serde(with = "crate::num::number")]
    pub ask: Decimal,
    /// Volume at the bid.
    #[serde(with = "crate::num::number")]
    pub bid_vol: Decimal,
    /// Volume at the ask.
    #[serde(with = "crate::num::number")]
    pub ask_vol: Decimal,
    /// Total volume of buy orders.
    #[serde(with = "crate::num::number")]
    pub buy_size: Decimal,
    /// Total volume of sell orders.
    #[serde(with = "crate::num::number")]
    pub sell_size: Decimal,
    /// Daily highest price.
    #[serde(with = "crate::num::number")]
    pub high: Decimal,
    /// Daily lowest price.
    #[serde(with = "crate::num::number")]
    pub low: Decimal,
    /// Last trade price.
    #[serde(with = "crate::num::number")]
    pub last: Decimal,
    /// Daily trade volume.
    #[serde(with = "crate::num::number")]
    pub volume24: Decimal,
    /// Daily price change in percent (`-3.89` is −3.89 %).
    #[serde(rename = "percentChange", with = "crate::num::number")]
    pub percent_change: Decimal,
    /// When the ticker was computed (UNIX seconds on the wire).
    #[serde(with = "ts_seconds")]
    pub timestamp: DateTime<Utc>,
}

/// The rounding level of an orderbook: how many trailing price digits are rounded away.
/// With BTCUSDT's price `3632.12`: `Exact` shows `3632.12`, `OneDigit` `3632.1`,
/// `TwoDigits` `3632`, `ThreeDigits` `3630`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Rounding {
    /// Level 0: prices as they are.
    #[default]
    Exact,
    /// Level 1.
    OneDigit,
    /// Level 2.
    TwoDigits,
    /// Level 3.
    ThreeDigits,
}

impl Rounding {
    /// Every level, from 0.
    pub const ALL: [Rounding; 4] = [
        Rounding::Exact,
        Rounding::OneDigit,
        Rounding::TwoDigits,
        Rounding::ThreeDigits,
    ];

    /// The level the venue takes in the path (0..=3).
    pub fn level(self) -> u8 {
        match self {
            Rounding::Exact => 0,
            Rounding::OneDigit => 1,
            Rounding::TwoDigits => 2,
            Rounding::ThreeDigits => 3,
        }
    }

    /// The level for a number, refusing anything outside 0..=3 as a `rounding` error.
    pub fn from_level(level: u8) -> Result<Rounding> {
        Rounding::ALL
            .get(usize::from(level))
            .copied()
            .ok_or_else(|| Error::invalid("rounding", format!("must be 0..=3 (got {level})")))
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

/// A decimal read exactly from a JSON number or string. It borrows the number's text from
/// the input (answers are always decoded from bytes in memory), so the large orderbook and
/// candle arrays decode without an allocation per number.
struct Dec(Decimal);

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let raw = <&'de serde_json::value::RawValue>::deserialize(d)?;
        let text = raw.get();
        let inner = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(text);
        if inner == "null" || inner.starts_with(['{', '[']) {
            return Err(de::Error::custom(format!(
                "expected a decimal, found `{inner}`"
            )));
        }
        parse_decimal(inner).map(Dec).map_err(de::Error::custom)
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
        d.deserialize_seq(V)
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
        d.deserialize_any(V)
    }
}

/// One side of the book: an object keyed by price (or, when empty, possibly `[]`).
struct BookSide(Vec<Level>);

impl<'de> Deserialize<'de> for BookSide {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = BookSide;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object keyed by price")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<BookSide, A::Error> {
                let mut levels = Vec::with_capacity(map.size_hint().unwrap_or(64));
                while let Some((PriceKey(price), LevelValue(volume, positions))) =
                    map.next_entry()?
                {
                    levels.push(Level {
                        price,
                        volume,
                        positions,
                    });
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
        d.deserialize_any(V)
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
        let wire = Wire::deserialize(d)?;
        let mut bids = wire.buy.map(|s| s.0).unwrap_or_default();
        let mut asks = wire.sell.map(|s| s.0).unwrap_or_default();
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

/// A decimal written as a JSON number.
struct Num<'a>(&'a Decimal);

impl Serialize for Num<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        venue_common::serde_ext::decimal_number::serialize(self.0, s)
    }
}

impl Serialize for OrderBook {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("buy", &SideOut(&self.bids))?;
        map.serialize_entry("sell", &SideOut(&self.asks))?;
        map.end()
    }
}

/// A public trade (`GET /v1/trades/:asset`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicTrade {
    /// Trade id.
    #[serde(deserialize_with = "venue_common::serde_ext::int_or_string::deserialize")]
    pub id: u64,
    /// `buy` or `sell`, from the taker's side (`type`).
    #[serde(rename = "type")]
    pub side: Side,
    /// Volume, in the left currency.
    #[serde(with = "crate::num::number")]
    pub volume: Decimal,
    /// Price. Typed string by the document, sent as a number: both decode exactly.
    #[serde(with = "crate::num::number")]
    pub price: Decimal,
    /// When it happened (UNIX seconds on the wire).
    #[serde(with = "ts_seconds")]
    pub close_time: DateTime<Utc>,
    /// The asset (sent though not in the document's field table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
}

/// The candle sizes the venue offers (`frame`, in seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Frame {
    /// 60 s.
    M1,
    /// 120 s.
    M2,
    /// 300 s.
    M5,
    /// 900 s.
    M15,
    /// 1800 s.
    M30,
    /// 3600 s.
    H1,
    /// 7200 s.
    H2,
    /// 14400 s.
    H4,
    /// 28800 s.
    H8,
    /// 43200 s.
    H12,
    /// 86400 s.
    D1,
    /// 604800 s.
    W1,
}

impl Frame {
    /// Every frame of the document's list, shortest first.
    pub const ALL: [Frame; 12] = [
        Frame::M1,
        Frame::M2,
        Frame::M5,
        Frame::M15,
        Frame::M30,
        Frame::H1,
        Frame::H2,
        Frame::H4,
        Frame::H8,
        Frame::H12,
        Frame::D1,
        Frame::W1,
    ];

    /// The frame's length in seconds, as sent in the path.
    pub fn seconds(self) -> u32 {
        match self {
            Frame::M1 => 60,
            Frame::M2 => 120,
            Frame::M5 => 300,
            Frame::M15 => 900,
            Frame::M30 => 1800,
            Frame::H1 => 3600,
            Frame::H2 => 7200,
            Frame::H4 => 14400,
            Frame::H8 => 28800,
            Frame::H12 => 43200,
            Frame::D1 => 86400,
            Frame::W1 => 604800,
        }
    }

    /// The frame of this many seconds; anything off the document's list is a `frame` error.
    pub fn from_seconds(seconds: u32) -> Result<Frame> {
        Frame::ALL
            .into_iter()
            .find(|f| f.seconds() == seconds)
            .ok_or_else(|| {
                Error::invalid(
                    "frame",
                    format!(
                        "must be one of 60, 120, 300, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 604800 (got {seconds})"
                    ),
                )
            })
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
        ts_seconds_opt::deserialize(d).map(OptSecs)
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
        if let Some(t) = self.close_time {
            seq.serialize_element(&t.timestamp())?;
        }
        seq.end()
    }
}

// ------------------------------------------------------------------ requests

/// `GET /v1/currencies`: every currency.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CurrenciesRequest;

impl ApiRequest for CurrenciesRequest {
    type Output = Vec<Currency>;
    fn to_request(&self) -> Result<Request> {
        Ok(ep::CURRENCIES.request())
    }
}

/// `GET /v1/currency/:name`: one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrencyRequest {
    /// Currency ticker (`BTC`).
    pub name: String,
}

impl ApiRequest for CurrencyRequest {
    type Output = Currency;
    fn to_request(&self) -> Result<Request> {
        check_name("name", &self.name)?;
        Ok(ep::CURRENCY.request_to(ep::CURRENCY.path_with(&[("name", &self.name)])?))
    }
}

/// `GET /v1/assets`: every trading pair.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssetsRequest;

impl ApiRequest for AssetsRequest {
    type Output = Vec<Asset>;
    fn to_request(&self) -> Result<Request> {
        Ok(ep::ASSETS.request())
    }
}

/// `GET /v1/asset/:name`: one trading pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetRequest {
    /// Asset name (`BTCUSDT`).
    pub name: String,
}

impl ApiRequest for AssetRequest {
    type Output = Asset;
    fn to_request(&self) -> Result<Request> {
        check_name("name", &self.name)?;
        Ok(ep::ASSET.request_to(ep::ASSET.path_with(&[("name", &self.name)])?))
    }
}

/// `GET /v1/tickers`: the ticker of every asset, keyed by asset name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TickersRequest;

impl ApiRequest for TickersRequest {
    type Output = BTreeMap<String, Ticker>;
    fn to_request(&self) -> Result<Request> {
        Ok(ep::TICKERS.request())
    }
}

/// `GET /v1/ticker/:asset`: one asset's ticker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TickerRequest {
    /// Asset name (`BTCUSDT`).
    pub asset: String,
}

impl ApiRequest for TickerRequest {
    type Output = Ticker;
    fn to_request(&self) -> Result<Request> {
        check_name("asset", &self.asset)?;
        Ok(ep::TICKER.request_to(ep::TICKER.path_with(&[("asset", &self.asset)])?))
    }
}

/// `GET /v1/orderbook/:asset/:rounding`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderbookRequest {
    /// Asset name (`BTCUSDT`).
    pub asset: String,
    /// Rounding level.
    pub rounding: Rounding,
}

impl ApiRequest for OrderbookRequest {
    type Output = OrderBook;
    fn to_request(&self) -> Result<Request> {
        check_name("asset", &self.asset)?;
        let level = self.rounding.level().to_string();
        Ok(ep::ORDERBOOK
            .request_to(ep::ORDERBOOK.path_with(&[("asset", &self.asset), ("rounding", &level)])?))
    }
}

/// `GET /v1/trades/:asset`: recent public trades, newest first by default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TradesRequest {
    /// Asset name (`BTCUSDT`).
    pub asset: String,
    /// Rows to return, 1..=100 (venue default 10).
    pub limit: Option<u32>,
    /// Rows to skip (venue default 0).
    pub offset: Option<u64>,
    /// Sort direction (venue default `DESC`).
    pub sort: Option<Sort>,
}

impl TradesRequest {
    /// The document's maximum `limit`.
    pub const MAX_LIMIT: u32 = 100;

    /// Trades of `asset`, venue defaults.
    pub fn new(asset: impl Into<String>) -> Self {
        TradesRequest {
            asset: asset.into(),
            limit: None,
            offset: None,
            sort: None,
        }
    }
}

setters!(TradesRequest {
    /// Rows to return, 1..=100.
    limit: u32,
    /// Rows to skip.
    offset: u64,
    /// Sort direction.
    sort: Sort,
});

impl ApiRequest for TradesRequest {
    type Output = Paged<PublicTrade>;
    fn to_request(&self) -> Result<Request> {
        check_name("asset", &self.asset)?;
        check_limit(self.limit, Self::MAX_LIMIT)?;
        Ok(ep::TRADES
            .request_to(ep::TRADES.path_with(&[("asset", &self.asset)])?)
            .query_opt("limit", self.limit)
            .query_opt("offset", self.offset)
            .query_opt("sort", self.sort))
    }
}

impl PagedRequest for TradesRequest {
    type Item = PublicTrade;
    const MAX_LIMIT: u32 = TradesRequest::MAX_LIMIT;
    fn page(&self) -> (Option<u64>, Option<u32>) {
        (self.offset, self.limit)
    }
    fn set_page(&mut self, offset: u64, limit: u32) {
        self.offset = Some(offset);
        self.limit = Some(limit);
    }
}

/// `GET /v1/candles/:asset/:frame`: recent candles, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandlesRequest {
    /// Asset name (`ETHBTC`).
    pub asset: String,
    /// Candle size.
    pub frame: Frame,
    /// Rows to return, 1..=500 (venue default 20).
    pub limit: Option<u32>,
    /// Rows to skip (venue default 0).
    pub offset: Option<u64>,
}

impl CandlesRequest {
    /// The document's maximum `limit`.
    pub const MAX_LIMIT: u32 = 500;

    /// Candles of `asset` in `frame`, venue defaults.
    pub fn new(asset: impl Into<String>, frame: Frame) -> Self {
        CandlesRequest {
            asset: asset.into(),
            frame,
            limit: None,
            offset: None,
        }
    }
}

setters!(CandlesRequest {
    /// Rows to return, 1..=500.
    limit: u32,
    /// Rows to skip.
    offset: u64,
});

impl ApiRequest for CandlesRequest {
    type Output = Paged<Candle>;
    fn to_request(&self) -> Result<Request> {
        check_name("asset", &self.asset)?;
        check_limit(self.limit, Self::MAX_LIMIT)?;
        let frame = self.frame.seconds().to_string();
        Ok(ep::CANDLES
            .request_to(ep::CANDLES.path_with(&[("asset", &self.asset), ("frame", &frame)])?)
            .query_opt("limit", self.limit)
            .query_opt("offset", self.offset))
    }
}

impl PagedRequest for CandlesRequest {
    type Item = Candle;
    const MAX_LIMIT: u32 = CandlesRequest::MAX_LIMIT;
    fn page(&self) -> (Option<u64>, Option<u32>) {
        (self.offset, self.limit)
    }
    fn set_page(&mut self, offset: u64, limit: u32) {
        self.offset = Some(offset);
        self.limit = Some(limit);
    }
}

// ------------------------------------------------------------------ client methods

impl Client {
    /// `GET /v1/currencies`: every currency the venue lists.
    pub fn currencies(&self) -> Call<CurrenciesRequest> {
        self.call(CurrenciesRequest)
    }

    /// `GET /v1/currency/:name`: one currency (`BTC`).
    pub fn currency(&self, name: impl Into<String>) -> Call<CurrencyRequest> {
        self.call(CurrencyRequest { name: name.into() })
    }

    /// `GET /v1/assets`: every trading pair.
    pub fn assets(&self) -> Call<AssetsRequest> {
        self.call(AssetsRequest)
    }

    /// `GET /v1/asset/:name`: one trading pair (`BTCUSDT`).
    pub fn asset(&self, name: impl Into<String>) -> Call<AssetRequest> {
        self.call(AssetRequest { name: name.into() })
    }

    /// `GET /v1/tickers`: every asset's ticker, keyed by asset name.
    pub fn tickers(&self) -> Call<TickersRequest> {
        self.call(TickersRequest)
    }

    /// `GET /v1/ticker/:asset`: best bid and ask, last price and the daily candle.
    pub fn ticker(&self, asset: impl Into<String>) -> Call<TickerRequest> {
        self.call(TickerRequest {
            asset: asset.into(),
        })
    }

    /// `GET /v1/orderbook/:asset/:rounding`: the book, bids and asks best first.
    pub fn orderbook(
        &self,
        asset: impl Into<String>,
        rounding: Rounding,
    ) -> Call<OrderbookRequest> {
        self.call(OrderbookRequest {
            asset: asset.into(),
            rounding,
        })
    }

    /// `GET /v1/trades/:asset`: recent trades; `.limit(..)` (≤ 100), `.offset(..)`,
    /// `.sort(..)`; `.into_stream()` for every page.
    pub fn trades(&self, asset: impl Into<String>) -> Call<TradesRequest> {
        self.call(TradesRequest::new(asset))
    }

    /// `GET /v1/candles/:asset/:frame`: candles; `.limit(..)` (≤ 500), `.offset(..)`.
    pub fn candles(&self, asset: impl Into<String>, frame: Frame) -> Call<CandlesRequest> {
        self.call(CandlesRequest::new(asset, frame))
    }
}

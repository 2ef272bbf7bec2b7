//! The venue's enumerations. Each has an `Other(String)` arm so a value the document does not
//! list never breaks decoding.

macro_rules! venue_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vm])* $variant,)+
            /// A value this version does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The value as the venue writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(s) => s,
                }
            }

            /// Parses the venue's text; unknown values become `Other`.
            pub fn parse(s: &str) -> Self {
                match s {
                    $($text => $name::$variant,)+
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                Ok($name::parse(&s))
            }
        }
    };
}

venue_enum!(
    /// An exchange the venue trades on (`exchangeId`).
    ExchangeId { /// Binance.
        Binance = "BINANCE" }
);

venue_enum!(
    /// What an exchange API key trades (`tradeType`; also the ticker's `type`).
    TradeType { /// Spot.
        Spot = "SPOT", /// USDⓈ-M futures.
        Futures = "FUTURES" }
);

venue_enum!(
    /// Who trades with an exchange API key (`strategyType`).
    StrategyType { /// Followed automated strategies (FUTURES keys only).
        Automated = "AUTOMATED", /// The user, with manual orders.
        Manual = "MANUAL" }
);

venue_enum!(
    /// Result of the venue's last use of an exchange API key (`apiKeyStatus`).
    ApiKeyStatus { /// The exchange accepted the key.
        Authorized = "AUTHORIZED", /// The exchange refused the key (the key is then inactive).
        Unauthorized = "UNAUTHORIZED", /// The last access failed.
        Failed = "FAILED" }
);

venue_enum!(
    /// Order side of a manual order request (`side`).
    Side { /// Buy (long).
        Buy = "BUY", /// Sell (short); FUTURES keys only.
        Sell = "SELL" }
);

venue_enum!(
    /// Side of an exchange order or trade as the exchange reports it (lower case).
    OrderSide { /// Buy.
        Buy = "buy", /// Sell.
        Sell = "sell" }
);

venue_enum!(
    /// Type of a manual order request (`type`).
    ManualOrderType { /// Limit order at `price`.
        Limit = "LIMIT", /// Market order.
        Market = "MARKET", /// Trailing stop activated at `price` with `callbackRate`.
        TrailingStop = "TRAILING_STOP" }
);

venue_enum!(
    /// How a stop-loss executes once triggered (`stopTriggerType`, `stopType`).
    StopTriggerType { /// A limit order at `stopPrice`.
        Limit = "LIMIT", /// A market order.
        Market = "MARKET" }
);

venue_enum!(
    /// Futures margin type (`type` of Change Futures Margin Type).
    MarginType { /// Isolated margin.
        Isolated = "ISOLATED", /// Cross margin.
        Crossed = "CROSSED" }
);

venue_enum!(
    /// Range interval of strategy history (`interval`).
    Interval { /// One day.
        OneDay = "1d", /// One month.
        OneMonth = "1M" }
);

venue_enum!(
    /// Preferred language of the profile.
    Language { /// English.
        En = "EN", /// Arabic.
        Ar = "AR" }
);

venue_enum!(
    /// Payment type of a subscription.
    PaymentType { /// Stripe.
        Stripe = "STRIPE" }
);

venue_enum!(
    /// Billing frequency of a Stripe plan.
    BillingInterval { /// Daily.
        Day = "day", /// Weekly.
        Week = "week", /// Monthly.
        Month = "month", /// Yearly.
        Year = "year" }
);

venue_enum!(
    /// Type of an exchange order as the exchange reports it (lower case, ccxt style).
    OrderType { /// Market.
        Market = "market", /// Limit.
        Limit = "limit", /// Stop (limit) loss.
        Stop = "stop", /// Stop market loss.
        StopMarket = "stop_market", /// Take-profit limit.
        TakeProfit = "take_profit", /// Take-profit market.
        TakeProfitMarket = "take_profit_market", /// Trailing stop market.
        TrailingStopMarket = "trailing_stop_market" }
);

venue_enum!(
    /// Status of an exchange order (ccxt style).
    OrderStatus { /// Resting.
        Open = "open", /// Filled.
        Closed = "closed", /// Canceled.
        Canceled = "canceled", /// Expired.
        Expired = "expired", /// Rejected.
        Rejected = "rejected" }
);

venue_enum!(
    /// Side of a futures position.
    PositionSide { /// Long.
        Long = "long", /// Short.
        Short = "short" }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_kept() {
        let t: TradeType = serde_json::from_str("\"MARGIN\"").unwrap();
        assert_eq!(t, TradeType::Other("MARGIN".into()));
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"MARGIN\"");
        assert_eq!(Interval::parse("1M"), Interval::OneMonth);
        assert_eq!(ManualOrderType::TrailingStop.to_string(), "TRAILING_STOP");
    }
}

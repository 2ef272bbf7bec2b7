//! The venue's enumerations ([`venue_common::open_enum!`]). Each has an `Other(String)` arm so a
//! value the document does not list never breaks decoding.

venue_common::open_enum! {
    /// An exchange the venue trades on (`exchangeId`).
    pub enum ExchangeId: str {
        /// Binance.
        Binance = "BINANCE",
    }
}

venue_common::open_enum! {
    /// What an exchange API key trades (`tradeType`; also the ticker's `type`).
    pub enum TradeType: str {
        /// Spot.
        Spot = "SPOT",
        /// USDⓈ-M futures.
        Futures = "FUTURES",
    }
}

venue_common::open_enum! {
    /// Who trades with an exchange API key (`strategyType`).
    pub enum StrategyType: str {
        /// Followed automated strategies (FUTURES keys only).
        Automated = "AUTOMATED",
        /// The user, with manual orders.
        Manual = "MANUAL",
    }
}

venue_common::open_enum! {
    /// Result of the venue's last use of an exchange API key (`apiKeyStatus`).
    pub enum ApiKeyStatus: str {
        /// The exchange accepted the key.
        Authorized = "AUTHORIZED",
        /// The exchange refused the key (the key is then inactive).
        Unauthorized = "UNAUTHORIZED",
        /// The last access failed.
        Failed = "FAILED",
    }
}

venue_common::open_enum! {
    /// Order side of a manual order request (`side`).
    pub enum Side: str {
        /// Buy (long).
        Buy = "BUY",
        /// Sell (short); FUTURES keys only.
        Sell = "SELL",
    }
}

venue_common::open_enum! {
    /// Side of an exchange order or trade as the exchange reports it (lower case).
    pub enum OrderSide: str {
        /// Buy.
        Buy = "buy",
        /// Sell.
        Sell = "sell",
    }
}

venue_common::open_enum! {
    /// Type of a manual order request (`type`).
    pub enum ManualOrderType: str {
        /// Limit order at `price`.
        Limit = "LIMIT",
        /// Market order.
        Market = "MARKET",
        /// Trailing stop activated at `price` with `callbackRate`.
        TrailingStop = "TRAILING_STOP",
    }
}

venue_common::open_enum! {
    /// How a stop-loss executes once triggered (`stopTriggerType`, `stopType`).
    pub enum StopTriggerType: str {
        /// A limit order at `stopPrice`.
        Limit = "LIMIT",
        /// A market order.
        Market = "MARKET",
    }
}

venue_common::open_enum! {
    /// Futures margin type (`type` of Change Futures Margin Type).
    pub enum MarginType: str {
        /// Isolated margin.
        Isolated = "ISOLATED",
        /// Cross margin.
        Crossed = "CROSSED",
    }
}

venue_common::open_enum! {
    /// Range interval of strategy history (`interval`).
    pub enum Interval: str {
        /// One day.
        OneDay = "1d",
        /// One month.
        OneMonth = "1M",
    }
}

venue_common::open_enum! {
    /// Preferred language of the profile.
    pub enum Language: str {
        /// English.
        En = "EN",
        /// Arabic.
        Ar = "AR",
    }
}

venue_common::open_enum! {
    /// Payment type of a subscription.
    pub enum PaymentType: str {
        /// Stripe.
        Stripe = "STRIPE",
    }
}

venue_common::open_enum! {
    /// Billing frequency of a Stripe plan.
    pub enum BillingInterval: str {
        /// Daily.
        Day = "day",
        /// Weekly.
        Week = "week",
        /// Monthly.
        Month = "month",
        /// Yearly.
        Year = "year",
    }
}

venue_common::open_enum! {
    /// Type of an exchange order as the exchange reports it (lower case, ccxt style).
    pub enum OrderType: str {
        /// Market.
        Market = "market",
        /// Limit.
        Limit = "limit",
        /// Stop (limit) loss.
        Stop = "stop",
        /// Stop market loss.
        StopMarket = "stop_market",
        /// Take-profit limit.
        TakeProfit = "take_profit",
        /// Take-profit market.
        TakeProfitMarket = "take_profit_market",
        /// Trailing stop market.
        TrailingStopMarket = "trailing_stop_market",
    }
}

venue_common::open_enum! {
    /// Status of an exchange order (ccxt style).
    pub enum OrderStatus: str {
        /// Resting.
        Open = "open",
        /// Filled.
        Closed = "closed",
        /// Canceled.
        Canceled = "canceled",
        /// Expired.
        Expired = "expired",
        /// Rejected.
        Rejected = "rejected",
    }
}

venue_common::open_enum! {
    /// Side of a futures position.
    pub enum PositionSide: str {
        /// Long.
        Long = "long",
        /// Short.
        Short = "short",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_kept() {
        let t: TradeType = serde_json::from_str("\"MARGIN\"").unwrap();
        assert_eq!(t, TradeType::Other("MARGIN".into()));
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"MARGIN\"");
        assert_eq!(Interval::from("1M"), Interval::OneMonth);
        assert_eq!(ManualOrderType::TrailingStop.to_string(), "TRAILING_STOP");
    }
}

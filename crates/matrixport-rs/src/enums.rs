//! Every enum of the Matrixport document, each with an open arm (`Other`) so a value the venue
//! adds later never breaks decoding. The numeric ones decode from JSON numbers and from numeric
//! strings (the venue switches between the two, e.g. `status` in the account list).

venue_common::open_enum! {
    /// Order Status Enum: the state of a loan order.
    #[non_exhaustive]
    pub enum OrderStatus: int {
        /// `0`: OK.
        Ok = 0,
        /// `-1`: Canceled.
        Canceled = -1,
        /// `6`: Pending Margin Deposit.
        PendingMarginDeposit = 6,
        /// `7`: Pending Loan.
        PendingLoan = 7,
        /// `11`: Pending Repayment.
        PendingRepayment = 11,
        /// `12`: Overdue.
        Overdue = 12,
        /// `13`: Repaid.
        Repaid = 13,
        /// `15`: Renewal Application in Progress.
        RenewalApplicationInProgress = 15,
        /// `17`: Renewal in Progress.
        RenewalInProgress = 17,
        /// `19`: Renewed.
        Renewed = 19,
        /// `20`: Loan in Progress.
        LoanInProgress = 20,
        /// `22`: Contract Pending Update.
        ContractPendingUpdate = 22,
        /// `23`: Pending Approval.
        PendingApproval = 23,
    }
}

venue_common::open_enum! {
    /// Order Type Enum (called "Order Biz Type" in the request tables): the product of an order.
    #[non_exhaustive]
    pub enum OrderBizType: int {
        /// `1`: Margin Loan.
        MarginLoan = 1,
        /// `2`: Fund Accelerator.
        FundAccelerator = 2,
        /// `3`: Custody.
        Custody = 3,
        /// `4`: Basis Trading.
        BasisTrading = 4,
    }
}

venue_common::open_enum! {
    /// Account Status Enum.
    #[non_exhaustive]
    pub enum AccountStatus: int {
        /// `1`: Pending Approval.
        PendingApproval = 1,
        /// `2`: Account Opened.
        Opened = 2,
        /// `3`: Account Opening.
        Opening = 3,
        /// `4`: Reject.
        Rejected = 4,
        /// `5`: Pending Exchange Account Opening.
        PendingExchangeAccountOpening = 5,
        /// `6`: Deleted.
        Deleted = 6,
    }
}

venue_common::open_enum! {
    /// Account Type Enum.
    #[non_exhaustive]
    pub enum AccountType: str {
        /// `matrix.user.bal`: the Matrix (Prime) wallet.
        MatrixWallet = "matrix.user.bal",
        /// `exchange.sub`: an exchange sub-account.
        ExchangeSub = "exchange.sub",
    }
}

venue_common::open_enum! {
    /// Exchange Type Enum.
    #[non_exhaustive]
    pub enum ExchangeType: int {
        /// `1`: centralised exchange.
        Cex = 1,
        /// `2`: decentralised exchange (Defi account).
        Dex = 2,
    }
}

venue_common::open_enum! {
    /// DMA Bill Status Enum (Direct Market Access bills).
    #[non_exhaustive]
    pub enum DmaBillStatus: int {
        /// `1`: Pending Payment.
        PendingPayment = 1,
        /// `2`: Repaying.
        Repaying = 2,
        /// `3`: Repaid.
        Repaid = 3,
        /// `4`: Reduction Pending Approval.
        ReductionPendingApproval = 4,
    }
}

venue_common::open_enum! {
    /// Op Status Enum: the state of a margin addition or order operation.
    #[non_exhaustive]
    pub enum OpStatus: int {
        /// `1`: Pending Approval.
        PendingApproval = 1,
        /// `2`: Approved.
        Approved = 2,
        /// `3`: Reject.
        Rejected = 3,
        /// `4`: Processing.
        Processing = 4,
        /// `5`: Processed.
        Processed = 5,
        /// `6`: Failed.
        Failed = 6,
    }
}

venue_common::open_enum! {
    /// Op Type Enum: what an order operation did.
    #[non_exhaustive]
    pub enum OpType: int {
        /// `1`: Transfer Margin.
        TransferMargin = 1,
        /// `2`: Principal Repay.
        PrincipalRepay = 2,
        /// `4`: Renew.
        Renew = 4,
        /// `7`: Loan.
        Loan = 7,
        /// `8`: Interest Repay.
        InterestRepay = 8,
        /// `10`: Business Approval.
        BusinessApproval = 10,
        /// `13`: Order Contract Approval.
        OrderContractApproval = 13,
        /// `14`: Withdraw Margin.
        WithdrawMargin = 14,
        /// `15`: Modify Equity Amount.
        ModifyEquityAmount = 15,
        /// `18`: Loan Lock Amount.
        LoanLockAmount = 18,
        /// `19`: Loan UnLock Amount.
        LoanUnlockAmount = 19,
        /// `21`: Order Margin Migration.
        OrderMarginMigration = 21,
        /// `23`: Create Order Extra Fee.
        CreateOrderExtraFee = 23,
        /// `24`: Repay Order Extra Fee.
        RepayOrderExtraFee = 24,
        /// `25`: Profit Allocation to Margin.
        ProfitAllocationToMargin = 25,
        /// `26`: Order Margin Migration In.
        OrderMarginMigrationIn = 26,
        /// `27`: Create Distribution Fee.
        CreateDistributionFee = 27,
        /// `30`: Modify Order Due Time.
        ModifyOrderDueTime = 30,
        /// `35`: Delete Order Extra Fee.
        DeleteOrderExtraFee = 35,
    }
}

venue_common::open_enum! {
    /// Scenario Enum: why funds moved (flows and transfer records).
    #[non_exhaustive]
    pub enum Scenario: str {
        /// `add_margin`: Transfer Margin.
        AddMargin = "add_margin",
        /// `make_credit`: Loan.
        MakeCredit = "make_credit",
        /// `ex_sub_repay_interest`: Exchange Sub-Account Pays Interest.
        ExSubRepayInterest = "ex_sub_repay_interest",
        /// `bal_repay_interest`: Matrix Wallet Pays Interest.
        BalRepayInterest = "bal_repay_interest",
        /// `ex_sub_repay_principal`: Exchange Sub-Account Pays Principal.
        ExSubRepayPrincipal = "ex_sub_repay_principal",
        /// `take_profit`: Profit Accrual.
        TakeProfit = "take_profit",
        /// `allocate`: Exchange Transfer.
        Allocate = "allocate",
        /// `take_margin`: Withdraw Margin.
        TakeMargin = "take_margin",
        /// `share_profit`: Profit Sharing Provision.
        ShareProfit = "share_profit",
        /// `lock_credit`: Lock Loan Amount.
        LockCredit = "lock_credit",
        /// `un_lock_credit`: UnLock Loan Amount.
        UnlockCredit = "un_lock_credit",
        /// `trading_fee_deduction`: Withdraw Transaction Fee.
        TradingFeeDeduction = "trading_fee_deduction",
        /// `ex_sub_repay_order_extra`: Exchange Sub-Account Pays Order Extra Fee.
        ExSubRepayOrderExtra = "ex_sub_repay_order_extra",
        /// `bal_repay_order_extra`: Matrix Wallet Pays Order Extra Fee.
        BalRepayOrderExtra = "bal_repay_order_extra",
        /// `refund`: Exchange Transfer Refund.
        Refund = "refund",
        /// `instant_transfer`: Instant Transfer.
        InstantTransfer = "instant_transfer",
        /// `instant_transfer_refund`: Instant Transfer Refund.
        InstantTransferRefund = "instant_transfer_refund",
        /// `bal_repay_credit_statement`: Matrix Wallet Pays Credit Statement.
        BalRepayCreditStatement = "bal_repay_credit_statement",
        /// `bal_repay_dma`: Matrix Wallet Pays Direct Market Access Bill.
        BalRepayDma = "bal_repay_dma",
        /// `ex_sub_repay_dma`: Exchange Sub-Account Pays Direct Market Access Bill.
        ExSubRepayDma = "ex_sub_repay_dma",
        /// `ex_sub_clear`: Exchange Sub-Account Asset Clear.
        ExSubClear = "ex_sub_clear",
    }
}

venue_common::open_enum! {
    /// Bill Status Enum (the `status` filter of Loan Bills).
    #[non_exhaustive]
    pub enum BillStatus: int {
        /// `1`: Pending Payment.
        PendingPayment = 1,
        /// `2`: Repaid.
        Repaid = 2,
        /// `3`: Repaying.
        Repaying = 3,
    }
}

venue_common::open_enum! {
    /// `payment_status` of a loan bill, as the Loan Bills field table spells it. It disagrees
    /// with the Bill Status Enum (see Known quirks); the documented sample fits this table.
    #[non_exhaustive]
    pub enum PaymentStatus: int {
        /// `0`: Pending Payment.
        PendingPayment = 0,
        /// `1`: Paid.
        Paid = 1,
        /// `2`: Payment in Progress.
        InProgress = 2,
    }
}

venue_common::open_enum! {
    /// Bill Type Enum.
    #[non_exhaustive]
    pub enum BillType: int {
        /// `1`: Interest.
        Interest = 1,
        /// `2`: Penalty Interest.
        PenaltyInterest = 2,
        /// `3`: Pre Repay Penalty Interest.
        PreRepayPenaltyInterest = 3,
        /// `4`: Order Extra Fee.
        OrderExtraFee = 4,
    }
}

venue_common::open_enum! {
    /// The `process` state of a transfer.
    #[non_exhaustive]
    pub enum TransferProcess: int {
        /// `1`: Pending.
        Pending = 1,
        /// `2`: Processing.
        Processing = 2,
        /// `3`: Processed.
        Processed = 3,
        /// `4`: Failed.
        Failed = 4,
    }
}

venue_common::open_enum! {
    /// Deposit and withdrawal direction of an account flow.
    #[non_exhaustive]
    pub enum Direction: int {
        /// `1`: into the account.
        In = 1,
        /// `2`: out of the account.
        Out = 2,
    }
}

venue_common::open_enum! {
    /// Exchange Parameter: the venue's unique id of an exchange (`ex_value`, `exchange` params).
    #[non_exhaustive]
    pub enum ExchangeId: str {
        /// Binance.
        Binance = "binance",
        /// Huobi.
        Huobi = "huobi",
        /// OKX.
        Okx = "okex",
        /// bit.com.
        BitCom = "bit.com",
        /// Bybit.
        Bybit = "bybit",
        /// Deribit.
        Deribit = "deribit",
        /// Coinbase.
        Coinbase = "coinbase",
        /// Kucoin.
        Kucoin = "kucoin",
        /// Kraken.
        Kraken = "kraken",
        /// Gate.io.
        Gate = "gate",
        /// Bitget.
        Bitget = "bitget",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_enums_take_numbers_and_strings() {
        let a: OrderStatus = serde_json::from_str("-1").unwrap();
        let b: OrderStatus = serde_json::from_str("\"-1\"").unwrap();
        assert_eq!(a, OrderStatus::Canceled);
        assert_eq!(b, OrderStatus::Canceled);
        let c: OpType = serde_json::from_str("99").unwrap();
        assert_eq!(c, OpType::Other(99));
        assert_eq!(serde_json::to_string(&c).unwrap(), "99");
        assert!(serde_json::from_str::<OpStatus>("\"x\"").is_err());
        assert!(serde_json::from_str::<OpStatus>("null").is_err());
        for s in OpType::ALL {
            assert_eq!(OpType::from_code(s.code()), *s);
        }
    }

    #[test]
    fn text_enums_keep_unknown_values() {
        let s: Scenario = serde_json::from_str("\"new_scenario\"").unwrap();
        assert_eq!(s, Scenario::Other("new_scenario".into()));
        assert_eq!(s.as_str(), "new_scenario");
        let e: ExchangeId = serde_json::from_str("\"bit.com\"").unwrap();
        assert_eq!(e, ExchangeId::BitCom);
        for s in Scenario::ALL {
            assert_eq!(&Scenario::from(s.as_str()), s);
        }
    }
}

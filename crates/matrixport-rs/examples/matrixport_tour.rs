//! A tour of the Matrixport SDK.
//!
//! Without `MATRIXPORT_ACCESS_KEY` it starts the local venue in-process and walks every flow,
//! writes included. With `MATRIXPORT_ACCESS_KEY` and `MATRIXPORT_SECRET_KEY` it talks to
//! `MATRIXPORT_BASE_URL` (default: the live host) and runs reads only; `--writes` adds one
//! small transfer, described by `MATRIXPORT_TOUR_FROM`, `MATRIXPORT_TOUR_TO`,
//! `MATRIXPORT_TOUR_CURRENCY` and `MATRIXPORT_TOUR_AMOUNT`.
//!
//! Prints `ok   <step>` or `FAIL <step>: <error>` per step, then
//! `TOUR SUMMARY calls=<n> ok=<n> failed=<n>`; exits 1 when a step failed.

use std::future::Future;
use std::time::Duration;

use futures::StreamExt;
use matrixport_rs::sim::LocalVenue;
use matrixport_rs::*;
use rust_decimal::Decimal;

#[derive(Default)]
struct Tour {
    calls: u32,
    ok: u32,
    failed: u32,
}

impl Tour {
    async fn step<T>(&mut self, name: &str, f: impl Future<Output = Result<T>>) -> Option<T> {
        self.calls += 1;
        match f.await {
            Ok(v) => {
                self.ok += 1;
                println!("ok   {name}");
                Some(v)
            }
            Err(e) => {
                self.failed += 1;
                println!("FAIL {name}: {e}");
                None
            }
        }
    }

    /// A step that must be refused with `kind` (the venue or the SDK saying no is the point).
    async fn refused<T>(
        &mut self,
        name: &str,
        kind: ErrorKind,
        f: impl Future<Output = Result<T>>,
    ) {
        self.calls += 1;
        match f.await {
            Err(e) if e.kind() == kind => {
                self.ok += 1;
                println!("ok   {name} (refused as expected: {e})");
            }
            Err(e) => {
                self.failed += 1;
                println!("FAIL {name}: expected {kind:?}, got {e}");
            }
            Ok(_) => {
                self.failed += 1;
                println!("FAIL {name}: expected a refusal ({kind:?})");
            }
        }
    }

    fn check(&mut self, name: &str, ok: bool, detail: String) {
        self.calls += 1;
        if ok {
            self.ok += 1;
            println!("ok   {name}");
        } else {
            self.failed += 1;
            println!("FAIL {name}: {detail}");
        }
    }
}

/// Polls a transfer until the venue reports it processed (or failed).
async fn follow(client: &Client, serial_no: &str) -> Result<TransferRecord> {
    let mut last = client.transfer_record(serial_no).await?;
    for _ in 0..100 {
        if matches!(
            last.process,
            TransferProcess::Processed | TransferProcess::Failed
        ) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        last = client.transfer_record(serial_no).await?;
    }
    Ok(last)
}

async fn reads(tour: &mut Tour, client: &Client) {
    let accounts: Vec<Account> = tour
        .step("account_list (every page)", async {
            client
                .account_list()
                .limit(2)
                .into_stream()
                .collect::<Vec<_>>()
                .await
                .into_iter()
                .collect::<Result<Vec<_>>>()
        })
        .await
        .unwrap_or_default();
    if let Some(first) = accounts.first() {
        tour.step(
            "account_balance",
            client.account_balance(&first.account_id).into_future(),
        )
        .await;
    }
    if let Some(sub) = accounts
        .iter()
        .find(|a| a.account_type == AccountType::ExchangeSub)
    {
        tour.step(
            "wallet_types",
            client.wallet_types(&sub.account_id).into_future(),
        )
        .await;
    }
    tour.step("exchange_custody", client.exchange_custody().into_future())
        .await;
    tour.step(
        "exchange_trading_fee_rate",
        client.exchange_trading_fee_rate().limit(10).into_future(),
    )
    .await;
    tour.step(
        "exchange_minimum_amount",
        client
            .exchange_minimum_amount(ExchangeId::Binance)
            .into_future(),
    )
    .await;
    tour.step(
        "account_flows",
        client.account_flows().limit(20).into_future(),
    )
    .await;
    tour.step(
        "account_transfer_records",
        client.account_transfer_records().limit(20).into_future(),
    )
    .await;
    tour.step("dma_bills", client.dma_bills().limit(10).into_future())
        .await;
    tour.step("loan_bills", client.loan_bills().limit(10).into_future())
        .await;
    tour.step(
        "margin_records",
        client.margin_records().limit(10).into_future(),
    )
    .await;
    tour.step(
        "order_operations",
        client.order_operations().limit(10).into_future(),
    )
    .await;
    if let Some(orders) = tour
        .step("order_list", client.order_list().limit(20).into_future())
        .await
        && let Some(o) = orders.items.first()
    {
        tour.step(
            "order_detail",
            client.order_detail(&o.order_id).into_future(),
        )
        .await;
    }
    // The same requests as data, and the signed escape hatch for anything not modelled.
    tour.step(
        "order_list built as data, sent with client.send",
        client.send(
            OrderListRequest::new()
                .limit(5)
                .status(OrderStatus::PendingRepayment),
        ),
    )
    .await;
    tour.step(
        "rcus through client.raw",
        client
            .raw(Method::GET, "/credit/agency/v1/rcus")
            .query("limit", 1)
            .send::<serde_json::Value>(),
    )
    .await;
    if let Some(rcus) = tour
        .step("rcu_list", client.rcu_list().limit(10).into_future())
        .await
        && let Some(r) = rcus.items.first()
    {
        tour.step("rcu_detail", client.rcu_detail(r.rcu_id).into_future())
            .await;
        tour.step("rcu_accounts", client.rcu_accounts(r.rcu_id).into_future())
            .await;
    }
}

/// Every flow against the local venue, writes included.
async fn local(tour: &mut Tour) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let venue = LocalVenue::start().await?;
    println!("local venue at {}", venue.base_url());
    let client = venue.client()?;
    let wallet = "606113.bal";
    reads(tour, &client).await;

    tour.step(
        "available_currencies",
        client
            .available_currencies(wallet, "606113_binance_1")
            .into_future(),
    )
    .await;
    let chains = tour
        .step(
            "available_chains",
            client
                .available_chains(wallet, "606113_defi_6", "ETH")
                .into_future(),
        )
        .await;

    // Transfers: asynchronous, idempotent by serial_no.
    let before = venue.balance("606113_binance_1", "USDT");
    if let Some(receipt) = tour
        .step(
            "transfer wallet -> binance sub-account",
            client
                .transfer(wallet, "606113_binance_1", "USDT", Decimal::from(250))
                .into_future(),
        )
        .await
    {
        if let Some(record) = tour
            .step(
                "transfer_record until processed",
                follow(&client, &receipt.key),
            )
            .await
        {
            let after = venue.balance("606113_binance_1", "USDT");
            tour.check(
                "transfer credited the destination",
                record.process == TransferProcess::Processed
                    && after - before == Decimal::from(250),
                format!("{:?}, balance {before} -> {after}", record.process),
            );
        }
        tour.refused(
            "same serial_no again (venue de-duplicates)",
            ErrorKind::Duplicate,
            client
                .transfer(wallet, "606113_binance_1", "USDT", Decimal::from(250))
                .serial_no(receipt.key.clone())
                .into_future(),
        )
        .await;
    }
    // The venue processes a transfer but its answer is lost: the SDK retries with the same
    // serial_no and learns from the venue's "Duplicate Serial No" that the first one went
    // through.
    venue.lose_next_answers(1);
    let wallet_before = venue.balance(wallet, "USDT");
    tour.calls += 1;
    match client
        .transfer(wallet, "606113_okex_2", "USDT", Decimal::from(30))
        .await
    {
        Err(Error::AlreadyDone { key, .. })
            if venue.balance(wallet, "USDT") == wallet_before - Decimal::from(30) =>
        {
            tour.ok += 1;
            println!("ok   lost answer: the retried transfer is known as done (serial_no {key})");
        }
        other => {
            tour.failed += 1;
            println!("FAIL lost answer: expected AlreadyDone and one debit, got {other:?}");
        }
    }
    tour.step(
        "instant transfer between sub-accounts of one RCU",
        client
            .transfer(
                "606113_binance_3",
                "606113_deribit_4",
                "BTC",
                Decimal::new(1, 2),
            )
            .is_instant_transfer(true)
            .into_future(),
    )
    .await;
    let chain = chains
        .and_then(|c| c.chains.into_iter().next())
        .unwrap_or_else(|| "ERC20".into());
    if let Some(r) = tour
        .step(
            "transfer wallet -> Defi account (chain required)",
            client
                .transfer(wallet, "606113_defi_6", "ETH", Decimal::ONE)
                .to_kind(AccountKind::Defi)
                .chain(chain)
                .into_future(),
        )
        .await
    {
        tour.step("follow the Defi transfer", follow(&client, &r.key))
            .await;
    }
    tour.refused(
        "transfer to a Defi account without chain (checked before sending)",
        ErrorKind::InvalidRequest,
        client
            .transfer(wallet, "606113_defi_6", "ETH", Decimal::ONE)
            .to_kind(AccountKind::Defi)
            .into_future(),
    )
    .await;
    tour.refused(
        "bound sub-account -> wallet (venue rejects: RCU-bound source)",
        ErrorKind::BadRequest,
        client
            .transfer("606113_binance_3", wallet, "USDT", Decimal::from(20))
            .into_future(),
    )
    .await;
    if let Some(p) = tour
        .step(
            "profit_accrual from an RCU-bound sub-account",
            client
                .profit_accrual(Decimal::from(50), "USDT", "606113_binance_3")
                .into_future(),
        )
        .await
    {
        tour.step("follow the profit accrual", follow(&client, &p.data))
            .await;
    }
    if let Some(created) = tour
        .step(
            "create_account on binance with a custodian",
            client
                .create_account(ExchangeId::Binance)
                .custody_id("7064499428551372800")
                .into_future(),
        )
        .await
    {
        tour.step(
            "the new account is listed",
            client
                .account_list()
                .limit(10)
                .account_id(created.data)
                .into_future(),
        )
        .await;
    }
    tour.step("account_flows (every page)", async {
        client
            .account_flows()
            .limit(3)
            .into_stream()
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .collect::<Result<Vec<_>>>()
    })
    .await;

    // DMA bills.
    if let Some(bills) = tour
        .step(
            "pending DMA bills",
            client
                .dma_bills()
                .limit(10)
                .status(DmaBillStatus::PendingPayment)
                .into_future(),
        )
        .await
    {
        for bill in bills.items {
            tour.step(
                &format!("dma_bill_repay {}", bill.serial_no),
                client.dma_bill_repay(wallet, &bill.serial_no).into_future(),
            )
            .await;
        }
    }

    // Margin loan: bills, margin, disbursement, repayment, renewal.
    let loan = "7109485224484110336";
    let pending = "7102593191773384704";
    if let Some(bills) = tour
        .step(
            "loan_bills of the active loan",
            client.loan_bills().limit(10).order_id(loan).into_future(),
        )
        .await
    {
        for bill in bills
            .items
            .iter()
            .filter(|b| b.payment_status == PaymentStatus::PendingPayment)
        {
            tour.step(
                &format!("bill_repay {}", bill.bill_id),
                client
                    .bill_repay(&bill.bill_id, "606113_binance_3")
                    .into_future(),
            )
            .await;
        }
    }
    tour.step(
        "add_order_margin",
        client
            .add_order_margin("606113_binance_3", Decimal::from(100), loan)
            .into_future(),
    )
    .await;
    tour.step(
        "margin_records",
        client
            .margin_records()
            .limit(10)
            .order_id(loan)
            .into_future(),
    )
    .await;
    tour.step(
        "set_lending_account disburses the pending loan",
        client
            .set_lending_account(
                pending,
                vec![LendingAccount::new("606113_okex_5", Decimal::from(1000))],
            )
            .into_future(),
    )
    .await;
    tour.step(
        "order_repay part of the principal",
        client
            .order_repay(Decimal::from(100), pending, "606113_okex_5")
            .into_future(),
    )
    .await;
    if let Some(order) = tour
        .step(
            "order_detail of the active loan",
            client.order_detail(loan).into_future(),
        )
        .await
        && let Some(due) = order.due_time
    {
        tour.step(
            "order_renew for 30 more days",
            client
                .order_renew(
                    order.allocation_amount,
                    loan,
                    due + chrono::Duration::days(30),
                )
                .into_future(),
        )
        .await;
    }
    tour.step(
        "order_operations",
        client.order_operations().limit(10).into_future(),
    )
    .await;
    tour.step(
        "rcu_detail after the flows",
        client.rcu_detail(820).into_future(),
    )
    .await;
    Ok(())
}

async fn live(tour: &mut Tour, credentials: Credentials, writes: bool) -> Result<()> {
    let base = std::env::var("MATRIXPORT_BASE_URL").unwrap_or_else(|_| LIVE_URL.to_string());
    println!(
        "live venue at {base} (reads{})",
        if writes { " and writes" } else { " only" }
    );
    let client = Client::builder()
        .base_url(base)
        .credentials(credentials)
        .build()?;
    reads(tour, &client).await;
    if writes {
        let var = |n: &str| std::env::var(n).ok().filter(|v| !v.is_empty());
        match (
            var("MATRIXPORT_TOUR_FROM"),
            var("MATRIXPORT_TOUR_TO"),
            var("MATRIXPORT_TOUR_CURRENCY"),
            var("MATRIXPORT_TOUR_AMOUNT").and_then(|a| a.parse::<Decimal>().ok()),
        ) {
            (Some(from), Some(to), Some(currency), Some(amount)) => {
                if let Some(r) = tour
                    .step(
                        "transfer",
                        client.transfer(from, to, currency, amount).into_future(),
                    )
                    .await
                {
                    tour.step("transfer_record", follow(&client, &r.key)).await;
                }
            }
            _ => tour.check(
                "transfer",
                false,
                "set MATRIXPORT_TOUR_FROM, _TO, _CURRENCY and _AMOUNT to run a write".into(),
            ),
        }
    }
    Ok(())
}

use std::future::IntoFuture;

#[tokio::main]
async fn main() {
    let writes = std::env::args().any(|a| a == "--writes");
    let mut tour = Tour::default();
    let outcome: std::result::Result<(), String> = match Credentials::from_env() {
        Some(credentials) => live(&mut tour, credentials, writes)
            .await
            .map_err(|e| e.to_string()),
        None => local(&mut tour).await.map_err(|e| e.to_string()),
    };
    if let Err(e) = outcome {
        tour.calls += 1;
        tour.failed += 1;
        println!("FAIL setup: {e}");
    }
    println!(
        "TOUR SUMMARY calls={} ok={} failed={}",
        tour.calls, tour.ok, tour.failed
    );
    if tour.failed > 0 {
        std::process::exit(1);
    }
}

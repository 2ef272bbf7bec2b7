//! The five venues: how a client is built against the loopback server, and the calls made
//! through each crate's public methods (reads, writes and page streams).

use std::time::Duration;

use futures::StreamExt;
use venue_common::api::ApiRequest;
use venue_common::{Decimal, Error, Method, Request, RetryPolicy};

/// The venues the suite knows.
pub const VENUES: &[&str] = &["coinflex", "alp", "mudawyl", "iqfinex", "matrixport"];

/// Recognisable secret values: found anywhere they must not be, they count as leaks.
pub const SECRET: &str = "h8SECRETzq9LmN4vX8pR1tY6wE3hostile";
/// IQFinex's API key is its `Authorization` value: a secret too.
pub const IQFINEX_KEY: &str = "h8IQKEYsecretBearerValue7Yq2Lm";
/// Mudawyl's JWT.
pub const MUDAWYL_TOKEN: &str = "h8MUDAWYLjwtSecretTokenValueQ4Zx";
/// Mudawyl's reCAPTCHA token.
pub const RECAPTCHA: &str = "h8RECAPTCHAsecretTokenValueP3Wv";

/// An exchange key id (Mudawyl's ids are UUIDs).
const KEY_ID: &str = "6f1c2a4e-8b3d-4c5e-9a7f-0d1e2f3a4b5c";

/// What one call did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The request's method and path, as prepared (before signing).
    pub target: Option<(String, String)>,
    /// Whether the call is a write (not a GET).
    pub write: bool,
    /// Its errors (a stream may yield one after items).
    pub errors: Vec<Error>,
    /// Successful results (items of a stream).
    pub ok: usize,
}

impl Outcome {
    fn of(prepared: Option<Request>, result: venue_common::Result<usize>) -> Outcome {
        let target = prepared.map(|r| (r.method.to_string(), r.path));
        let write = target.as_ref().is_some_and(|(m, _)| m != "GET");
        let (errors, ok) = match result {
            Ok(n) => (Vec::new(), n),
            Err(e) => (vec![e], 0),
        };
        Outcome {
            target,
            write,
            errors,
            ok,
        }
    }

    fn of_stream<T>(prepared: Option<Request>, items: Vec<venue_common::Result<T>>) -> Outcome {
        let mut out = Outcome::of(prepared, Ok(0));
        for item in items {
            match item {
                Ok(_) => out.ok += 1,
                Err(e) => out.errors.push(e),
            }
        }
        out
    }
}

/// How many items of a stream are read at most.
const STREAM_TAKE: usize = 64;

macro_rules! probe {
    ($call:expr) => {{
        let call = $call;
        let prepared = ApiRequest::to_request(call.request()).ok();
        Outcome::of(prepared, call.send().await.map(|_| 1))
    }};
}

macro_rules! probe_stream {
    ($call:expr) => {{
        let call = $call;
        let prepared = ApiRequest::to_request(call.request()).ok();
        let items: Vec<_> = call.into_stream().take(STREAM_TAKE).collect().await;
        Outcome::of_stream(prepared, items)
    }};
}

macro_rules! probe_raw {
    ($raw:expr) => {{
        let raw = $raw;
        let prepared = raw.request().ok().cloned();
        Outcome::of(prepared, raw.send::<serde_json::Value>().await.map(|_| 1))
    }};
}

fn dec(units: i64) -> Decimal {
    Decimal::new(units, 0)
}

/// The retry policy of every client: the default's rules (reads and keyed writes, three
/// attempts, `Retry-After` honoured) with waits short enough for a bounded run.
pub fn policy(timeout: Duration) -> RetryPolicy {
    RetryPolicy::default()
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
        .max_elapsed(timeout * 2)
}

/// A venue's client against `base`.
#[derive(Clone)]
pub enum Client {
    Coinflex(coinflex_rs::Client),
    Alp(alp_rs::Client),
    Mudawyl(mudawyl_rs::Client),
    Iqfinex(iqfinex_rs::Client),
    Matrixport(matrixport_rs::Client),
}

/// Builds `venue`'s client for `base` (a loopback URL), with credentials whose secret values
/// the scan looks for. `key` tells workers apart (clients of one key share pacing state).
pub fn build(
    venue: &str,
    base: &str,
    key: &str,
    timeout: Duration,
) -> venue_common::Result<Client> {
    Ok(match venue {
        "coinflex" => Client::Coinflex(
            coinflex_rs::Client::builder()
                .base_url(base)
                .credentials(coinflex_rs::Credentials::new(key, SECRET))
                .timeout(timeout)
                .retry_policy(policy(timeout))
                .no_pacing()
                .build()?,
        ),
        "alp" => Client::Alp(
            alp_rs::Client::builder()
                .base_url(base)
                .credentials(alp_rs::Credentials::new(key, SECRET))
                .timeout(timeout)
                .retry_policy(policy(timeout))
                .no_pacing()
                .build()?,
        ),
        "mudawyl" => Client::Mudawyl(
            mudawyl_rs::Client::builder()
                .base_url(base)
                .token(mudawyl_rs::Token::new(MUDAWYL_TOKEN))
                .recaptcha_provider(|| async { Ok(mudawyl_rs::Token::new(RECAPTCHA)) })
                .timeout(timeout)
                .retry_policy(policy(timeout))
                .no_pacing()
                .build()?,
        ),
        "iqfinex" => Client::Iqfinex(
            iqfinex_rs::Client::builder()
                .base_url(base)
                .credentials(iqfinex_rs::Credentials::new(IQFINEX_KEY))
                .timeout(timeout)
                .retry_policy(policy(timeout))
                .no_pacing()
                .build()?,
        ),
        "matrixport" => Client::Matrixport(
            matrixport_rs::Client::builder()
                .base_url(base)
                .credentials(matrixport_rs::Credentials::new(key, SECRET))
                .timeout(timeout)
                .retry_policy(policy(timeout))
                .no_pacing()
                .build()?,
        ),
        other => {
            return Err(Error::Config(format!("unknown venue `{other}`")));
        }
    })
}

/// Header names whose values are secrets, per venue (lower case).
pub fn secret_headers(venue: &str) -> &'static [&'static str] {
    match venue {
        "coinflex" => &["signature"],
        "alp" => &["authorization", "x-sign"],
        "mudawyl" => &["authorization", "recaptcha-token-v3"],
        "iqfinex" => &["authorization"],
        "matrixport" => &[matrixport_rs::auth::SIGNATURE_HEADER],
        _ => &[],
    }
}

/// The idempotency parameters a venue honours (a write carrying one may be repeated).
pub fn idempotency_keys(venue: &str) -> &'static [&'static str] {
    match venue {
        "matrixport" => &["serial_no", "request_id"],
        _ => &[],
    }
}

/// How many distinct calls a venue has.
pub fn calls(venue: &str) -> usize {
    match venue {
        "coinflex" => 10,
        "alp" => 22,
        "mudawyl" => 15,
        "iqfinex" => 16,
        "matrixport" => 19,
        _ => 0,
    }
}

/// Which endpoint (method and path) call `i` reaches, as the lowest call index reaching it.
pub fn endpoint_of(venue: &str, i: usize) -> usize {
    match (venue, i) {
        ("coinflex", 9) => 1,
        ("coinflex", 8) => 0,
        _ => i,
    }
}

/// Makes call `i` of the client's venue.
pub async fn call(client: Client, i: usize) -> Outcome {
    match client {
        Client::Coinflex(c) => coinflex(c, i).await,
        Client::Alp(c) => alp(c, i).await,
        Client::Mudawyl(c) => mudawyl(c, i).await,
        Client::Iqfinex(c) => iqfinex(c, i).await,
        Client::Matrixport(c) => matrixport(c, i).await,
    }
}

async fn coinflex(c: coinflex_rs::Client, i: usize) -> Outcome {
    use coinflex_rs::{BorrowHistoryRequest, RepayHistoryRequest};
    match i % calls("coinflex") {
        0 => probe!(c.borrowing_summary()),
        1 => probe!(c.close_borrow("BTC-USD-SWAP-LIN")),
        2 => probe!(c.borrow("USD", "BTC", dec(1))),
        3 => probe!(c.repay("USD", "BTC", dec(1))),
        4 => probe!(c.borrow_history("BTC")),
        5 => probe!(c.repay_history("BTC")),
        6 => {
            let r = BorrowHistoryRequest::new("BTC");
            let prepared = r.to_request().ok();
            let items: Vec<_> = c.history_stream(r).take(STREAM_TAKE).collect().await;
            Outcome::of_stream(prepared, items)
        }
        7 => {
            let r = RepayHistoryRequest::new("BTC");
            let prepared = r.to_request().ok();
            let items: Vec<_> = c.repay_history_stream(r).take(STREAM_TAKE).collect().await;
            Outcome::of_stream(prepared, items)
        }
        8 => probe_raw!(c.raw(Method::GET, "/v2/borrowingSummary")),
        _ => probe!(c.close_borrow("BTC-USD-SWAP-LIN").price(Decimal::new(5, 1))),
    }
}

async fn alp(c: alp_rs::Client, i: usize) -> Outcome {
    use alp_rs::{v1, v3};
    match i % calls("alp") {
        0 => probe!(c.v1().currencies()),
        1 => probe!(c.v1().pairs()),
        2 => probe!(c.v1().ticker()),
        3 => probe!(c.v1().charts("BTC_USD", v1::Timeframe::M5)),
        4 => probe!(c.v1().wallets()),
        5 => probe!(c.v1().orderbook("BTC_USD")),
        6 => probe!(c.v1().own_orders()),
        7 => probe!(c.v1().order(1)),
        8 => probe!(
            c.v1()
                .create_order(v1::Side::Buy, "BTC_USD", dec(1), dec(100))
        ),
        9 => probe!(c.v1().cancel_order(1)),
        10 => probe_stream!(c.v1().exchanges().limit(10)),
        11 => probe!(c.v1().deposits()),
        12 => probe!(c.v3().fee_info()),
        13 => probe!(c.v3().orders()),
        14 => probe!(
            c.v3()
                .place_order(
                    1,
                    v3::WalletType::Spot,
                    "BTC_USDT",
                    v3::Side::Buy,
                    v3::OrderType::Limit
                )
                .limit_price(dec(100))
                .base_amount(dec(1))
        ),
        15 => probe!(c.v3().cancel_orders(true)),
        16 => probe!(c.v3().accounts()),
        17 => probe!(c.v3().account_balances()),
        18 => probe!(c.v3().margin_borrow(
            "USDT",
            Some("BTC_USDT".into()),
            v3::WalletType::IsolatedMargin,
            v3::LoanType::Manual,
            dec(1)
        )),
        19 => probe!(c.v3().close_margin(v3::WalletType::CrossMargin)),
        20 => probe!(c.v3().margin_positions().cross_margin(true)),
        _ => probe_stream!(c.v1().own_exchanges().limit(10)),
    }
}

async fn mudawyl(c: mudawyl_rs::Client, i: usize) -> Outcome {
    use mudawyl_rs::{ExchangeId, StrategyType, TradeType};
    match i % calls("mudawyl") {
        0 => probe!(c.get_exchange_ticker()),
        1 => probe!(c.list_subscription_plans()),
        2 => probe!(c.list_strategy_automated()),
        3 => probe!(c.get_user_profile()),
        4 => probe!(c.put_user_profile().first_name("Ada")),
        5 => probe!(c.list_exchange_keys()),
        6 => probe!(c.create_exchange_key(
            ExchangeId::Binance,
            TradeType::Spot,
            StrategyType::Manual,
            "hostile",
            "apikey1234567890",
            "apisecret1234567890"
        )),
        7 => probe!(c.delete_exchange_key(KEY_ID)),
        8 => probe!(c.get_notification_settings()),
        9 => probe!(c.put_notification_settings().weekly_report(true)),
        10 => probe!(c.change_futures_leverage(KEY_ID, "BTC/USDT", 5)),
        11 => probe!(c.list_open_orders(KEY_ID, "BTC/USDT")),
        12 => probe_stream!(c.list_exchange_key_balance_history(KEY_ID)),
        13 => probe!(c.get_exchange_key_balance(KEY_ID)),
        _ => probe_stream!(c.list_strategy_automated_history()),
    }
}

async fn iqfinex(c: iqfinex_rs::Client, i: usize) -> Outcome {
    use iqfinex_rs::{Frame, OpenOrderRequest, Rounding, Side};
    match i % calls("iqfinex") {
        0 => probe!(c.currencies()),
        1 => probe!(c.currency("BTC")),
        2 => probe!(c.assets()),
        3 => probe!(c.tickers()),
        4 => probe!(c.ticker("BTC_USDT")),
        5 => probe!(c.orderbook("BTC_USDT", Rounding::Exact)),
        6 => probe_stream!(c.trades("BTC_USDT")),
        7 => probe!(c.candles("BTC_USDT", Frame::M1)),
        8 => probe!(c.account_info()),
        9 => probe!(c.balance()),
        10 => probe!(c.cancel_order(1)),
        11 => probe!(c.opened_orders()),
        12 => probe_stream!(c.closed_orders()),
        13 => probe!(c.order_status(1)),
        14 => probe!(c.open_order(OpenOrderRequest::limit(
            "BTC_USDT",
            Side::Buy,
            dec(1),
            dec(100)
        ))),
        _ => probe_stream!(c.my_trades()),
    }
}

async fn matrixport(c: matrixport_rs::Client, i: usize) -> Outcome {
    use matrixport_rs::ExchangeId;
    match i % calls("matrixport") {
        0 => probe!(c.transfer("a1", "a2", "USDT", dec(1))),
        1 => probe!(c.transfer_record("SN2026113000000001")),
        2 => probe!(c.wallet_types("a1")),
        3 => probe!(c.account_balance("a1")),
        4 => probe!(c.account_flows()),
        5 => probe_stream!(c.account_list()),
        6 => probe!(c.dma_bills()),
        7 => probe!(c.loan_bills()),
        8 => probe!(c.bill_repay("b1", "a1")),
        9 => probe!(c.order_detail("o1")),
        10 => probe!(c.add_order_margin("a1", dec(1), "o1")),
        11 => probe_stream!(c.order_list()),
        12 => probe!(c.order_repay(dec(1), "o1", "a1")),
        13 => probe!(c.profit_accrual(dec(1), "USDT", "a1")),
        14 => probe!(c.create_account(ExchangeId::Binance)),
        15 => probe!(c.rcu_list()),
        16 => probe!(c.rcu_detail(1)),
        17 => probe!(c.exchange_custody()),
        _ => {
            let midnight = chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default();
            probe!(c.order_renew(dec(1), "o1", midnight))
        }
    }
}

//! The local venue's state and rules, one method per endpoint; no HTTP here (the handlers in
//! `routes.rs` authenticate and call these). Its checks come from `validate.rs` and its records
//! from `wire.rs`, both written from the document, apart from the client's validators and
//! models.

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use venue_common::StatusCode;

use super::body::Body;
use super::validate::{self, FieldError, ManualOrder as ManualOrderFields, location};
use super::wire::{
    AUTHORIZED, AlertMethod, Assets, BINANCE, BalanceSnapshot, Checkout, ExchangeKey, FAILED, Fee,
    FollowRiskProfile, FollowedStrategy, Invoice, Items, KeyBalance, NotificationSettings, Order,
    OrderSide, OrderStatus, OrderType, Page, PlacedOrder, Position, PositionSide, RiskProfile,
    Strategy, StrategyFollow, StrategyHistoryEntry, StrategyPerformance, StrategyType, StripePlan,
    StripeSubscription, SubscriptionPlan, SubscriptionType, Ticker, TotalBalance, Trade,
    TradeRecord, TradeType, UNAUTHORIZED, UserProfile, UserSubscription, time_text,
};
use super::{Answer, SimConfig, external, message, not_found, ok, unprocessable};

/// How many spent reCAPTCHA tokens the venue remembers (see [`State::spend_recaptcha`]).
const SPENT_RECAPTCHA_KEPT: usize = 100_000;

/// A user of the local venue and the JWT it accepts for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimUser {
    /// A name for logs.
    pub name: String,
    /// The `Authorization` value accepted for this user.
    pub token: String,
}

impl SimUser {
    /// `alice` and `bob`, with fixed JWT-shaped tokens.
    pub fn defaults() -> Vec<SimUser> {
        ["alice", "bob"]
            .into_iter()
            .map(|n| SimUser {
                name: n.to_string(),
                token: format!("eyJhbGciOiJub25lIn0.sim-{n}.local-venue"),
            })
            .collect()
    }
}

/// What the exchange (Binance) does with an exchange API key when the venue uses it, set with
/// [`MudawylVenue::set_exchange_key_access`](super::MudawylVenue::set_exchange_key_access): the
/// local venue's stand-in for what happens on the exchange's side, out of the API's reach.
///
/// The document's `apiKeyStatus` is the key's "last access status" (`AUTHORIZED`,
/// `UNAUTHORIZED`, `FAILED`) and its `active` "will be false if apiKeyStatus is UNAUTHORIZED":
/// every route that documents `1103` uses the key, records what the exchange did, and answers
/// `1103` unless the exchange accepted it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExchangeKeyAccess {
    /// The exchange accepts the key (every key but one starting with `invalid`, until told
    /// otherwise): `AUTHORIZED`.
    #[default]
    Accepts,
    /// The exchange refuses the key, as when it was deleted or its permissions withdrawn
    /// there: `UNAUTHORIZED`, and the key turns inactive for good (the document offers no way to
    /// turn it active again; the user deletes it and adds a new one).
    Refuses,
    /// The exchange cannot be reached or errs: `FAILED`. The key stays active, and the next use
    /// records the exchange's answer again.
    Fails,
}

/// A documented sample read into the local venue's own records.
fn sample<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_str(text).ok()
}

const PLANS: &str = include_str!("../../tests/fixtures/list_subscription_plans.json");
const PROFILES: &str = include_str!("../../tests/fixtures/list_strategy_risk_profiles.json");
const STRATEGIES: &str = include_str!("../../tests/fixtures/list_strategy_automated.json");
const HISTORY: &str = include_str!("../../tests/fixtures/list_strategy_history.json");
const PERFORMANCE: &str = include_str!("../../tests/fixtures/get_strategy_performance.json");
const TICKER: &str = include_str!("../../tests/fixtures/get_exchange_ticker.json");
const WHITELIST: &str = include_str!("../../tests/fixtures/list_whitelist_ips.json");
const STRATEGY_TRADES: &str =
    include_str!("../../tests/fixtures/list_strategy_automated_history.json");

/// Taker fee rate of fills.
const FEE_RATE: Decimal = Decimal::from_parts(4, 0, 0, false, 4);
/// Maintenance margin rate.
const MAINT_RATE: Decimal = Decimal::from_parts(4, 0, 0, false, 3);
/// Wallet of a new key, in USDT.
const NEW_KEY_WALLET: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);

struct OpenPosition {
    side: PositionSide,
    contracts: Decimal,
    entry: Decimal,
    opened: DateTime<Utc>,
}

struct Market {
    position: Option<OpenPosition>,
    orders: Vec<Order>,
    trades: Vec<Trade>,
    leverage: u32,
    /// Isolated margin (`ISOLATED`); cross margin (`CROSSED`) otherwise.
    isolated: bool,
}

impl Market {
    fn new() -> Self {
        Market {
            position: None,
            orders: Vec::new(),
            trades: Vec::new(),
            leverage: 20,
            isolated: false,
        }
    }

    fn margin_used(&self, mark: Decimal) -> Decimal {
        self.position
            .as_ref()
            .map(|p| p.contracts * mark / Decimal::from(self.leverage))
            .unwrap_or_default()
    }
}

struct KeyState {
    key: ExchangeKey,
    wallet: Decimal,
    markets: HashMap<String, Market>,
}

struct Account {
    profile: Option<UserProfile>,
    keys: Vec<KeyState>,
    notification: Option<NotificationSettings>,
    alert: AlertMethod,
    plan: SubscriptionPlan,
    stripe: Option<StripeSubscription>,
    invoices: Vec<Invoice>,
    strategy_trades: Vec<TradeRecord>,
    manual_trades: Vec<TradeRecord>,
    follows: Vec<(Uuid, StrategyFollow)>,
}

pub(crate) struct State {
    config: SimConfig,
    accounts: HashMap<String, Account>,
    plans: Vec<SubscriptionPlan>,
    profiles: Vec<RiskProfile>,
    strategies: Vec<Strategy>,
    pub(crate) marks: HashMap<String, Decimal>,
    used_recaptcha: HashSet<String>,
    /// What the exchange does with an API key (by the key's `apiKey`), where a test set it.
    exchange_access: HashMap<String, ExchangeKeyAccess>,
    /// The spent tokens, oldest first, so that the set stays bounded in a long-running venue.
    recaptcha_order: VecDeque<String>,
    next_order: u64,
    next_trade: u64,
}

pub(crate) type Res = Result<Answer, Answer>;

/// A follow body as read: `active`, `strategyAutomatedId`, `strategyRiskProfileId`.
struct FollowBody {
    active: Option<bool>,
    strategy_automated_id: Option<String>,
    strategy_risk_profile_id: Option<String>,
}

fn unauthorized() -> Answer {
    message(StatusCode::UNAUTHORIZED, "Unauthorized")
}

fn now() -> DateTime<Utc> {
    Utc::now()
}

fn fail(errors: Vec<FieldError>) -> Result<(), Answer> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(unprocessable(errors))
    }
}

fn required(name: &str) -> FieldError {
    FieldError::new(serde_json::Value::Null, "is required", name, location::BODY)
}

fn parse_body(bytes: &[u8]) -> Result<Body, Answer> {
    Body::parse(bytes).ok_or_else(|| {
        message(
            StatusCode::BAD_REQUEST,
            "request body must be a JSON object",
        )
    })
}

/// Stripe's amount in cents of a price in USD (an Integer on the wire).
fn cents(usd: Decimal) -> i64 {
    usd.checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|c| i64::try_from(c.round()).ok())
        .unwrap_or_default()
}

fn fee(cost: Decimal) -> Fee {
    Fee {
        cost,
        currency: "USDT",
    }
}

impl State {
    pub(crate) fn new(config: SimConfig) -> State {
        let plans: Vec<SubscriptionPlan> = sample::<Items<SubscriptionPlan>>(PLANS)
            .map(|i| i.items)
            .unwrap_or_default();
        let profiles = sample::<Items<RiskProfile>>(PROFILES)
            .map(|i| i.items)
            .unwrap_or_default();
        let strategies = sample::<Items<Strategy>>(STRATEGIES)
            .map(|i| i.items)
            .unwrap_or_default();
        let strategy_trades = sample::<Page<TradeRecord>>(STRATEGY_TRADES)
            .map(|p| p.items)
            .unwrap_or_default();
        let mut accounts = HashMap::new();
        for (i, u) in config.users.iter().enumerate() {
            let Some(plan) = plans.first().cloned() else {
                continue;
            };
            let created = now();
            accounts.insert(
                u.token.clone(),
                Account {
                    profile: None,
                    keys: Vec::new(),
                    notification: None,
                    alert: AlertMethod {
                        telegram_bot_url: "https://t.me/example".into(),
                        telegram_auth_code: format!("sim{i:05}"),
                        telegram_active: false,
                        created_at: created,
                        updated_at: created,
                    },
                    plan,
                    stripe: None,
                    invoices: Vec::new(),
                    strategy_trades: strategy_trades.clone(),
                    manual_trades: Vec::new(),
                    follows: Vec::new(),
                },
            );
        }
        let marks = [
            ("BTC/USDT", Decimal::new(1966928, 2)),
            ("ETH/USDT", Decimal::new(132745, 2)),
            ("DOGE/USDT", Decimal::new(6012, 5)),
        ]
        .into_iter()
        .map(|(s, p)| (s.to_string(), p))
        .collect();
        State {
            config,
            accounts,
            plans,
            profiles,
            strategies,
            marks,
            used_recaptcha: HashSet::new(),
            exchange_access: HashMap::new(),
            recaptcha_order: VecDeque::new(),
            next_order: 3235803329,
            next_trade: 243302233,
        }
    }

    pub(crate) fn link_telegram(&mut self, token: &str) -> bool {
        match self.accounts.get_mut(token) {
            Some(a) => {
                a.alert.telegram_active = true;
                a.alert.updated_at = now();
                true
            }
            None => false,
        }
    }

    /// Sets what the exchange does with the API key `api_key` from now on; `false` when no key
    /// of any user has it yet (it still applies to a key created with it later).
    pub(crate) fn set_exchange_key_access(
        &mut self,
        api_key: &str,
        access: ExchangeKeyAccess,
    ) -> bool {
        self.exchange_access.insert(api_key.to_string(), access);
        self.accounts
            .values()
            .flat_map(|a| &a.keys)
            .any(|k| k.key.api_key == api_key)
    }

    /// What the exchange does with `api_key`: a key starting with `invalid` is refused, as
    /// though the user had mistyped it.
    fn exchange_answer(&self, api_key: &str) -> ExchangeKeyAccess {
        if api_key.starts_with("invalid") {
            return ExchangeKeyAccess::Refuses;
        }
        self.exchange_access
            .get(api_key)
            .copied()
            .unwrap_or_default()
    }

    /// Uses key `idx` of the user with `token` on the exchange, as every route that documents
    /// `1103` does: an inactive key is not used at all; otherwise what the exchange did becomes
    /// the key's last access status, and anything but an accepted key is `1103`.
    fn use_key(&mut self, token: &str, idx: usize) -> Result<(), Answer> {
        let refused = || external("exchange API authorization failed", "1103");
        let api_key = match self.acct(token)?.keys.get(idx) {
            Some(k) if k.key.active => k.key.api_key.clone(),
            _ => return Err(refused()),
        };
        let answer = self.exchange_answer(&api_key);
        let key = &mut self
            .acct_mut(token)?
            .keys
            .get_mut(idx)
            .ok_or_else(refused)?
            .key;
        let status = match answer {
            ExchangeKeyAccess::Accepts => AUTHORIZED,
            ExchangeKeyAccess::Refuses => UNAUTHORIZED,
            ExchangeKeyAccess::Fails => FAILED,
        };
        if key.api_key_status != status {
            key.api_key_status = status;
            key.updated_at = now();
        }
        if answer == ExchangeKeyAccess::Refuses {
            key.active = false;
        }
        if answer == ExchangeKeyAccess::Accepts {
            Ok(())
        } else {
            Err(refused())
        }
    }

    /// Whether `token` is a user's; the reCAPTCHA tokens already spent.
    pub(crate) fn knows_token(&self, token: &str) -> bool {
        self.accounts.contains_key(token)
    }

    /// Whether writes need a fresh `recaptcha-token-v3`.
    pub(crate) fn requires_recaptcha(&self) -> bool {
        self.config.require_recaptcha
    }

    /// Spends a reCAPTCHA token; `false` when it was spent before.
    ///
    /// The venue's tokens expire within minutes of being drawn, so only the most recent
    /// [`SPENT_RECAPTCHA_KEPT`] are remembered: an older one could not be spent again anyway.
    pub(crate) fn spend_recaptcha(&mut self, token: &str) -> bool {
        if !self.used_recaptcha.insert(token.to_string()) {
            return false;
        }
        self.recaptcha_order.push_back(token.to_string());
        if self.recaptcha_order.len() > SPENT_RECAPTCHA_KEPT
            && let Some(oldest) = self.recaptcha_order.pop_front()
        {
            self.used_recaptcha.remove(&oldest);
        }
        true
    }

    // ------------------------------------------------------------------ public

    pub(crate) fn subscription_plans(&self) -> Res {
        Ok(ok(&Items {
            items: self.plans.clone(),
        }))
    }

    pub(crate) fn risk_profiles(&self) -> Res {
        Ok(ok(&Items {
            items: self.profiles.clone(),
        }))
    }

    pub(crate) fn strategies(&self) -> Res {
        Ok(ok(&Items {
            items: self.strategies.clone(),
        }))
    }

    /// Strategy history (`history`) or performance (`performance`) of strategy `id`.
    pub(crate) fn strategy_report(&self, id: &str, what: &str, q: &HashMap<String, String>) -> Res {
        fail(validate::path_uuid(id).into_iter().collect())?;
        let (_, limit) = page_query(q, 30)?;
        fail(
            q.get("interval")
                .and_then(|i| validate::interval(i))
                .into_iter()
                .collect(),
        )?;
        if !self.strategies.iter().any(|s| s.id == id) {
            return Err(not_found());
        }
        if what == "history" {
            let mut h = sample::<Items<StrategyHistoryEntry>>(HISTORY)
                .unwrap_or(Items { items: Vec::new() });
            h.items.truncate(limit);
            Ok(ok(&h))
        } else {
            sample::<StrategyPerformance>(PERFORMANCE)
                .map(|p| ok(&p))
                .ok_or_else(not_found)
        }
    }

    pub(crate) fn ticker(&self, q: &HashMap<String, String>) -> Res {
        self.ticker_of(q)
    }

    fn ticker_of(&self, q: &HashMap<String, String>) -> Res {
        let symbol = q
            .get("symbol")
            .cloned()
            .unwrap_or_else(|| "BTC/USDT".into());
        let mut errors: Vec<_> = q
            .get("exchangeId")
            .and_then(|e| validate::exchange_id(e, location::QUERY))
            .into_iter()
            .collect();
        errors.extend(validate::symbol(&symbol, location::QUERY));
        errors.extend(q.get("type").and_then(|t| validate::ticker_type(t)));
        fail(errors)?;
        let futures = q.get("type").is_none_or(|t| t == "FUTURES");
        let mark = if futures {
            self.mark(&symbol)?
        } else {
            self.price_of(&symbol)
                .ok_or_else(|| external("invalid exchange symbol", "1300"))?
        };
        let mut t: Ticker = sample(TICKER).ok_or_else(not_found)?;
        if symbol != t.symbol {
            t = Ticker {
                symbol: symbol.clone(),
                high: None,
                low: None,
                vwap: None,
                open: None,
                change: None,
                percentage: None,
                average: None,
                base_volume: None,
                quote_volume: None,
                ..t
            };
        }
        let at = now();
        t.last = Some(mark);
        t.close = Some(mark);
        t.timestamp = at.timestamp_millis();
        t.datetime = time_text(&at);
        Ok(ok(&t))
    }

    // ------------------------------------------------------------------ private reads

    pub(crate) fn profile(&self, token: &str) -> Res {
        Ok(ok(&self.acct(token)?.profile))
    }

    pub(crate) fn whitelist_ips(&self) -> Res {
        Ok(ok(&sample::<Vec<String>>(WHITELIST).unwrap_or_default()))
    }

    pub(crate) fn total_balance(&self, token: &str) -> Res {
        let a = self.acct(token)?;
        let usd = a
            .keys
            .iter()
            .filter(|k| k.key.active)
            .map(|k| k.wallet)
            .fold(Decimal::ZERO, Decimal::saturating_add);
        Ok(ok(&TotalBalance { usd }))
    }

    pub(crate) fn keys(&self, token: &str) -> Res {
        Ok(ok(&Items {
            items: self
                .acct(token)?
                .keys
                .iter()
                .map(|k| k.key.clone())
                .collect(),
        }))
    }

    pub(crate) fn delete_key(&mut self, token: &str, id: &str) -> Res {
        fail(validate::path_uuid(id).into_iter().collect())?;
        let a = self.acct_mut(token)?;
        let before = a.keys.len();
        a.keys.retain(|k| k.key.id.to_string() != id);
        if a.keys.len() == before {
            return Err(not_found());
        }
        a.follows.retain(|(k, _)| k.to_string() != id);
        Ok(Answer::NoContent)
    }

    pub(crate) fn alert_method(&self, token: &str) -> Res {
        Ok(ok(&self.acct(token)?.alert))
    }

    pub(crate) fn notification(&self, token: &str) -> Res {
        Ok(ok(&self.acct(token)?.notification))
    }

    pub(crate) fn subscription(&self, token: &str) -> Res {
        let p = &self.acct(token)?.plan;
        Ok(ok(&UserSubscription {
            payment_type: "STRIPE",
            subscription_type: SubscriptionType {
                id: p.id.clone(),
                name: p.name.clone(),
                max_balance_usd: p.max_balance_usd,
                max_api_key: p.max_api_key,
                strategy_automated: p.strategy_automated,
            },
        }))
    }

    pub(crate) fn stripe(&self, token: &str) -> Res {
        Ok(ok(&self.acct(token)?.stripe))
    }

    pub(crate) fn invoices(&self, token: &str) -> Res {
        Ok(ok(&self.acct(token)?.invoices))
    }

    /// Strategy (`strategy`) or manual (`manual`) trade history.
    pub(crate) fn trade_records(
        &self,
        token: &str,
        which: &str,
        q: &HashMap<String, String>,
    ) -> Res {
        let a = self.acct(token)?;
        let records = if which == "strategy" {
            &a.strategy_trades
        } else {
            &a.manual_trades
        };
        page_of(records, q, 30, |r| r.created_at.date_naive())
    }

    pub(crate) fn open_orders(
        &mut self,
        token: &str,
        id: &str,
        q: &HashMap<String, String>,
    ) -> Res {
        self.market_read(token, id, q, true, |m, _| {
            ok(&m
                .orders
                .iter()
                .filter(|o| o.status == OrderStatus::Open)
                .collect::<Vec<_>>())
        })
    }

    pub(crate) fn order_history(
        &mut self,
        token: &str,
        id: &str,
        q: &HashMap<String, String>,
    ) -> Res {
        self.market_read(token, id, q, true, |m, _| {
            ok(&m
                .orders
                .iter()
                .filter(|o| o.status != OrderStatus::Open)
                .rev()
                .collect::<Vec<_>>())
        })
    }

    pub(crate) fn trade_history(
        &mut self,
        token: &str,
        id: &str,
        q: &HashMap<String, String>,
    ) -> Res {
        self.market_read(token, id, q, true, |m, _| {
            ok(&m.trades.iter().rev().collect::<Vec<_>>())
        })
    }

    pub(crate) fn position(&mut self, token: &str, id: &str, q: &HashMap<String, String>) -> Res {
        self.market_read(token, id, q, false, |m, (symbol, mark)| {
            ok(&position_view(m, symbol, mark))
        })
    }

    pub(crate) fn key_follows(&self, token: &str, id: &str) -> Res {
        fail(validate::path_uuid(id).into_iter().collect())?;
        let a = self.acct(token)?;
        if !a.keys.iter().any(|k| k.key.id.to_string() == id) {
            return Err(not_found());
        }
        let items: Vec<_> = a
            .follows
            .iter()
            .filter(|(k, _)| k.to_string() == id)
            .map(|(_, f)| f.clone())
            .collect();
        Ok(ok(&Items { items }))
    }

    /// How many open positions the user with `token` holds, over every key and symbol.
    pub(crate) fn open_positions(&self, token: &str) -> usize {
        self.accounts.get(token).map_or(0, |a| {
            a.keys
                .iter()
                .flat_map(|k| k.markets.values())
                .filter(|m| m.position.is_some())
                .count()
        })
    }

    /// How many orders the user with `token` has placed, over every key and symbol.
    pub(crate) fn manual_order_count(&self, token: &str) -> usize {
        self.accounts
            .get(token)
            .map_or(0, |a| a.manual_trades.len())
    }

    fn acct(&self, token: &str) -> Result<&Account, Answer> {
        // `private` checked the token already; a miss is answered, never a panic.
        self.accounts.get(token).ok_or_else(unauthorized)
    }

    fn acct_mut(&mut self, token: &str) -> Result<&mut Account, Answer> {
        self.accounts.get_mut(token).ok_or_else(unauthorized)
    }

    /// The key at `idx` of the user with `token` (an index `key_checks` found): a miss is
    /// answered as not found, never a panic.
    fn key_at(&self, token: &str, idx: usize) -> Result<&KeyState, Answer> {
        self.acct(token)?.keys.get(idx).ok_or_else(not_found)
    }

    fn key_at_mut(&mut self, token: &str, idx: usize) -> Result<&mut KeyState, Answer> {
        self.acct_mut(token)?
            .keys
            .get_mut(idx)
            .ok_or_else(not_found)
    }

    pub(crate) fn put_profile(&mut self, token: &str, bytes: &[u8]) -> Res {
        let mut b = parse_body(bytes)?;
        let last = b.str("lastName");
        let first = b.str("firstName");
        let country = b.str("country");
        let language = b.str("language");
        let timezone = b.str("timezone");
        let mut errors = std::mem::take(&mut b.errors);
        errors.extend(validate::profile(
            last.as_deref(),
            first.as_deref(),
            country.as_deref(),
            language.as_deref(),
            timezone.as_deref(),
        ));
        fail(errors)?;
        let t = now();
        let a = self.acct_mut(token)?;
        let p = a.profile.get_or_insert(UserProfile {
            last_name: None,
            first_name: None,
            country: None,
            language: None,
            timezone: None,
            created_at: t,
            updated_at: t,
        });
        if last.is_some() {
            p.last_name = last;
        }
        if first.is_some() {
            p.first_name = first;
        }
        if country.is_some() {
            p.country = country;
        }
        if language.is_some() {
            p.language = language;
        }
        if timezone.is_some() {
            p.timezone = timezone;
        }
        p.updated_at = t;
        Ok(ok(&a.profile))
    }

    pub(crate) fn create_key(&mut self, token: &str, bytes: &[u8]) -> Res {
        let mut b = parse_body(bytes)?;
        let exchange = b.str("exchangeId");
        let trade = b.str("tradeType");
        let strategy = b.str("strategyType");
        let name = b.str("name");
        let api_key = b.str("apiKey");
        let secret = b.str("apiSecretKey");
        let active = b.bool("active");
        let mut errors = std::mem::take(&mut b.errors);
        for (n, v) in [
            ("exchangeId", &exchange),
            ("tradeType", &trade),
            ("strategyType", &strategy),
            ("name", &name),
            ("apiKey", &api_key),
            ("apiSecretKey", &secret),
        ] {
            if v.is_none() && !errors.iter().any(|e| e.param == n) {
                errors.push(required(n));
            }
        }
        errors.extend(
            exchange
                .as_deref()
                .and_then(|e| validate::exchange_id(e, location::BODY)),
        );
        if let (Some(t), Some(s), Some(n)) = (&trade, &strategy, &name) {
            errors.extend(validate::exchange_key(t, s, n));
        }
        fail(errors)?;
        let (Some(trade), Some(strategy), Some(name), Some(api_key)) =
            (trade, strategy, name, api_key)
        else {
            return Err(message(StatusCode::BAD_REQUEST, "missing fields"));
        };
        // Adding a key uses it once on the exchange: a key it refuses, or an exchange that
        // cannot be reached, adds nothing.
        if self.exchange_answer(&api_key) != ExchangeKeyAccess::Accepts {
            return Err(external("exchange API authorization failed", "1103"));
        }
        if self
            .accounts
            .values()
            .flat_map(|a| &a.keys)
            .any(|k| k.key.api_key == api_key)
        {
            return Err(external("exchange API key already exist", "1109"));
        }
        let a = self.acct_mut(token)?;
        if a.keys.len() >= a.plan.max_api_key as usize {
            return Err(external("exceed subscription max API key limit", "2129a"));
        }
        let total = a
            .keys
            .iter()
            .map(|k| k.wallet)
            .fold(Decimal::ZERO, Decimal::saturating_add);
        if total.saturating_add(NEW_KEY_WALLET) > a.plan.max_balance_usd {
            return Err(external(
                "exceed subscription max API balance limit",
                "2129b",
            ));
        }
        let t = now();
        // `validate::exchange_key` let only the document's values through.
        let key = ExchangeKey {
            id: Uuid::new_v4(),
            exchange_id: BINANCE,
            trade_type: if trade == "SPOT" {
                TradeType::Spot
            } else {
                TradeType::Futures
            },
            strategy_type: if strategy == "MANUAL" {
                StrategyType::Manual
            } else {
                StrategyType::Automated
            },
            active: active.unwrap_or(true),
            name,
            api_key_status: AUTHORIZED,
            api_key,
            created_at: t,
            updated_at: t,
        };
        a.keys.push(KeyState {
            key: key.clone(),
            wallet: NEW_KEY_WALLET,
            markets: HashMap::new(),
        });
        Ok(ok(&key))
    }

    pub(crate) fn update_key(&mut self, token: &str, id: &str, bytes: &[u8]) -> Res {
        let mut b = parse_body(bytes)?;
        let name = b.str("name");
        let mut errors: Vec<_> = validate::path_uuid(id).into_iter().collect();
        errors.append(&mut b.errors);
        errors.extend(name.as_deref().and_then(validate::key_name));
        fail(errors)?;
        let k = self
            .acct_mut(token)?
            .keys
            .iter_mut()
            .find(|k| k.key.id.to_string() == id)
            .ok_or_else(not_found)?;
        if let Some(n) = name {
            k.key.name = n;
        }
        k.key.updated_at = now();
        Ok(ok(&k.key))
    }

    pub(crate) fn key_balance(&mut self, token: &str, id: &str) -> Res {
        fail(validate::path_uuid(id).into_iter().collect())?;
        let idx = self
            .acct(token)?
            .keys
            .iter()
            .position(|k| k.key.id.to_string() == id)
            .ok_or_else(not_found)?;
        // The balance is the exchange's: reading it uses the key.
        self.use_key(token, idx)?;
        let k = self.key_at(token, idx)?;
        let used: Decimal = k
            .markets
            .iter()
            .map(|(s, m)| m.margin_used(self.price_of(s).unwrap_or_default()))
            .sum();
        let used = used.round_dp(8);
        let map = |usdt: Decimal| {
            Assets(vec![
                ("BNB", Decimal::ZERO),
                ("USDT", usdt),
                ("BUSD", Decimal::ZERO),
            ])
        };
        Ok(ok(&KeyBalance {
            free: map(k.wallet - used),
            used: map(used),
            total: map(k.wallet),
        }))
    }

    pub(crate) fn balance_history(
        &self,
        token: &str,
        id: &str,
        q: &HashMap<String, String>,
    ) -> Res {
        fail(validate::path_uuid(id).into_iter().collect())?;
        let k = self
            .acct(token)?
            .keys
            .iter()
            .find(|k| k.key.id.to_string() == id)
            .ok_or_else(not_found)?;
        // Daily snapshots of the last 30 days, today's included (the local venue has no history
        // before the key; it shows the current wallet for each day).
        let today = now().date_naive();
        let snapshots: Vec<BalanceSnapshot> = (0..30)
            .map(|d| BalanceSnapshot {
                date: today - Duration::days(d),
                total_usd: k.wallet,
            })
            .collect();
        page_of(&snapshots, q, 100, |s| s.date)
    }

    pub(crate) fn put_notification(&mut self, token: &str, bytes: &[u8]) -> Res {
        let mut b = parse_body(bytes)?;
        let names = [
            "weeklyReport",
            "monthlyReport",
            "emailNewOrder",
            "emailTakeProfit",
            "emailStopLoss",
            "telegramNewOrder",
            "telegramTakeProfit",
            "telegramStopLoss",
        ];
        let values: Vec<Option<bool>> = names.iter().map(|n| b.bool(n)).collect();
        let mut errors = std::mem::take(&mut b.errors);
        let linked = self.acct(token)?.alert.telegram_active;
        for (n, v) in names.iter().zip(&values).skip(5) {
            if *v == Some(true) && !linked {
                errors.push(FieldError::new(
                    true,
                    "account must be linked to Telegram",
                    *n,
                    location::BODY,
                ));
            }
        }
        fail(errors)?;
        let t = now();
        let a = self.acct_mut(token)?;
        let s = a.notification.get_or_insert(NotificationSettings {
            weekly_report: true,
            monthly_report: true,
            email_new_order: true,
            email_take_profit: true,
            email_stop_loss: true,
            telegram_new_order: false,
            telegram_take_profit: false,
            telegram_stop_loss: false,
            created_at: t,
            updated_at: t,
        });
        let fields = [
            &mut s.weekly_report,
            &mut s.monthly_report,
            &mut s.email_new_order,
            &mut s.email_take_profit,
            &mut s.email_stop_loss,
            &mut s.telegram_new_order,
            &mut s.telegram_take_profit,
            &mut s.telegram_stop_loss,
        ];
        for (f, v) in fields.into_iter().zip(values) {
            if let Some(v) = v {
                *f = v;
            }
        }
        s.updated_at = t;
        Ok(ok(&a.notification))
    }

    fn plan_of(&self, id: &str) -> Option<SubscriptionPlan> {
        self.plans.iter().find(|p| p.id == id).cloned()
    }

    pub(crate) fn checkout(&mut self, token: &str, bytes: &[u8]) -> Res {
        let mut b = parse_body(bytes)?;
        let sid = b.str("subscriptionId");
        let mut errors = std::mem::take(&mut b.errors);
        let plan = match &sid {
            None if errors.is_empty() => {
                errors.push(required("subscriptionId"));
                None
            }
            None => None,
            Some(s) => {
                let p = self.plan_of(s);
                if p.is_none() {
                    errors.push(FieldError::new(
                        s.as_str(),
                        "must be valid subscription id",
                        "subscriptionId",
                        location::BODY,
                    ));
                }
                p
            }
        };
        fail(errors)?;
        let plan = plan.ok_or_else(|| external("invalid subscription type", "2100"))?;
        let a = self.acct_mut(token)?;
        if a.stripe.is_some() {
            return Err(external("active stripe subscription already exist", "3109"));
        }
        // The local venue completes the checkout at once, as if the customer had paid.
        let t = now();
        let amount = cents(plan.monthly_price_usd);
        a.stripe = Some(StripeSubscription {
            cancel_at_period_end: false,
            cancel_at: None,
            current_period_start: t,
            current_period_end: t + Duration::days(30),
            trial_start: None,
            trial_end: None,
            plan: StripePlan {
                amount,
                currency: "usd",
                interval: "month",
                trial_period_days: None,
            },
        });
        a.invoices.insert(
            0,
            Invoice {
                number: format!("SIM{:04}-{:04}", a.invoices.len() + 1, 1),
                currency: "usd",
                amount_paid: amount,
                period_start: Some(t),
                period_end: Some(t),
                hosted_url: "https://invoice.stripe.com/i/sim".into(),
                pdf: "https://pay.stripe.com/invoice/sim/pdf".into(),
                created_at: t,
            },
        );
        a.plan = plan;
        Ok(ok(&Checkout {
            url: format!(
                "https://checkout.stripe.com/c/pay/sim_{}",
                Uuid::new_v4().simple()
            ),
            success_url: "https://example.com/account/subscription".into(),
            cancel_url: "https://example.com/account/subscription".into(),
        }))
    }

    pub(crate) fn update_stripe(&mut self, token: &str, bytes: &[u8]) -> Res {
        let mut b = parse_body(bytes)?;
        let cancel = b.bool("cancelAtPeriodEnd");
        let sid = b.str("subscriptionId");
        let mut errors = std::mem::take(&mut b.errors);
        let plan = sid.as_deref().and_then(|s| self.plan_of(s));
        if let (Some(s), None) = (&sid, &plan) {
            errors.push(FieldError::new(
                s.as_str(),
                "must be valid subscription id",
                "subscriptionId",
                location::BODY,
            ));
        }
        fail(errors)?;
        let a = self.acct_mut(token)?;
        let Some(sub) = a.stripe.as_mut() else {
            return Err(external(
                "active stripe subscription does not exist",
                "3104",
            ));
        };
        if let Some(c) = cancel {
            sub.cancel_at_period_end = c;
            sub.cancel_at = c.then_some(sub.current_period_end);
        }
        if let Some(p) = plan {
            sub.plan.amount = cents(p.monthly_price_usd);
            a.plan = p;
        }
        Ok(ok(&a.stripe))
    }

    // ------------------------------------------------------------------ exchange

    /// Checks a key route: UUID, existing key of this user, then uses the key on the exchange
    /// (see [`State::use_key`]).
    fn key_checks(
        &mut self,
        token: &str,
        id: &str,
        symbol_errors: Vec<FieldError>,
    ) -> Result<usize, Answer> {
        let mut errors: Vec<_> = validate::path_uuid(id).into_iter().collect();
        errors.extend(symbol_errors);
        fail(errors)?;
        let idx = self
            .acct(token)?
            .keys
            .iter()
            .position(|k| k.key.id.to_string() == id)
            .ok_or_else(not_found)?;
        self.use_key(token, idx)?;
        Ok(idx)
    }

    fn symbol_query(q: &HashMap<String, String>) -> (Option<String>, Vec<FieldError>) {
        match q.get("symbol") {
            None => (
                None,
                vec![FieldError::new(
                    serde_json::Value::Null,
                    "is required",
                    "symbol",
                    location::QUERY,
                )],
            ),
            Some(s) => (
                Some(s.clone()),
                validate::symbol(s, location::QUERY).into_iter().collect(),
            ),
        }
    }

    /// The price a symbol follows (spot or futures).
    fn price_of(&self, symbol: &str) -> Option<Decimal> {
        self.marks.get(validate::price_symbol(symbol)).copied()
    }

    /// The mark price of a futures symbol; `1300` when the exchange has no futures market of it.
    fn mark(&self, symbol: &str) -> Result<Decimal, Answer> {
        validate::FUTURES_SYMBOLS
            .contains(&symbol)
            .then(|| self.price_of(symbol))
            .flatten()
            .ok_or_else(|| external("invalid exchange symbol", "1300"))
    }

    /// A read of one key's market. The order lists (`lists`) document 1103 and 1300 only: a
    /// SPOT key reads its spot orders and trades (none: this venue trades futures only). The
    /// position documents 1106 for a SPOT key.
    fn market_read(
        &mut self,
        token: &str,
        id: &str,
        q: &HashMap<String, String>,
        lists: bool,
        view: impl FnOnce(&Market, (&str, Decimal)) -> Answer,
    ) -> Res {
        let (symbol, errors) = Self::symbol_query(q);
        let idx = self.key_checks(token, id, errors)?;
        let symbol = symbol.unwrap_or_default();
        let spot = self.key_at(token, idx)?.key.trade_type != TradeType::Futures;
        if spot && lists {
            let price = self
                .price_of(&symbol)
                .filter(|_| !symbol.contains(':'))
                .ok_or_else(|| external("invalid exchange symbol", "1300"))?;
            return Ok(view(&Market::new(), (&symbol, price)));
        }
        let mark = self.mark(&symbol)?;
        let k = self.key_at_mut(token, idx)?;
        if spot {
            return Err(external("exchange API key type is invalid", "1106"));
        }
        let m = k.markets.entry(symbol.clone()).or_insert_with(Market::new);
        Ok(view(m, (&symbol, mark)))
    }

    fn next_order_id(&mut self) -> String {
        self.next_order += 2;
        self.next_order.to_string()
    }

    pub(crate) fn manual_order(&mut self, token: &str, id: &str, bytes: &[u8]) -> Res {
        let mut b = parse_body(bytes)?;
        let f = ManualOrderFields {
            symbol: b.str("symbol"),
            order_type: b.str("type"),
            side: b.str("side"),
            price: b.dec("price"),
            amount: b.dec("amount"),
            take_profit_prices: b.dec_list("takeProfitPrices"),
            stop_trigger_price: b.dec("stopTriggerPrice"),
            stop_trigger_type: b.str("stopTriggerType"),
            stop_price: b.dec("stopPrice"),
            callback_rate: b.dec("callbackRate"),
            risk_profile_percent: b.dec("riskProfilePercent"),
        };
        let mut errors = std::mem::take(&mut b.errors);
        let typed: HashSet<String> = errors.iter().map(|e| e.param.clone()).collect();
        errors.extend(
            validate::manual_order(&f)
                .into_iter()
                .filter(|e| !typed.contains(&e.param)),
        );
        let idx = self.key_checks(token, id, errors)?;
        {
            let k = &self.key_at(token, idx)?.key;
            if k.strategy_type != StrategyType::Manual {
                return Err(external("exchange API key type is invalid", "1106"));
            }
            if k.trade_type != TradeType::Futures {
                return Err(external("exchange API key type is unsupported", "1115"));
            }
        }
        let symbol = f.symbol.clone().unwrap_or_default();
        let mark = self.mark(&symbol)?;
        // `validate::manual_order` let only BUY and SELL through.
        let side = if f.side.as_deref() == Some("SELL") {
            OrderSide::Sell
        } else {
            OrderSide::Buy
        };
        let amount = f.amount.unwrap_or_default();
        let t = now();
        // The exchange refuses an order its wallet cannot margin (Binance: insufficient margin),
        // at the highest price any part of it may fill at: the mark (where MARKET and marketable
        // LIMIT entries fill), its limit (where a resting one fills; the exchange margins a LIMIT
        // at its price even when it fills lower), its stop and its take-profit targets. That
        // also keeps every later product of these numbers far from overflowing.
        {
            let k = self.key_at(token, idx)?;
            let lev = k.markets.get(&symbol).map(|m| m.leverage).unwrap_or(20);
            let px = [f.price, f.stop_trigger_price, f.stop_price]
                .into_iter()
                .flatten()
                .chain(f.take_profit_prices.iter().flatten().copied())
                .fold(mark, Decimal::max);
            let margin = amount
                .checked_mul(px)
                .and_then(|n| n.checked_div(Decimal::from(lev)));
            if margin.is_none_or(|m| m > k.wallet) {
                return Err(external("exchange bad request", "1500"));
            }
        }
        // Clear the symbol's position and open orders first, as the venue does.
        self.close_market(token, idx, &symbol, mark);
        let entry_id = self.next_order_id();
        let trade_id = self.next_trade_id();
        let kind = f.order_type.as_deref().unwrap_or_default().to_string();
        let base = |id: String, ty: OrderType, side: OrderSide| Order {
            client_order_id: format!("x-sim{id}"),
            id,
            symbol: symbol.clone(),
            order_type: ty,
            datetime: t,
            time_in_force: "GTC",
            post_only: false,
            reduce_only: false,
            side,
            price: None,
            stop_price: None,
            amount,
            cost: Decimal::ZERO,
            average: None,
            filled: Decimal::ZERO,
            remaining: amount,
            status: OrderStatus::Open,
            fee: None,
            trades: Vec::new(),
            fees: Vec::new(),
        };
        let mut entry = match kind.as_str() {
            "TRAILING_STOP" => {
                let mut o = base(entry_id.clone(), OrderType::TrailingStopMarket, side);
                o.stop_price = f.price;
                o
            }
            "LIMIT" => {
                let mut o = base(entry_id.clone(), OrderType::Limit, side);
                o.price = f.price;
                o
            }
            _ => base(entry_id.clone(), OrderType::Market, side),
        };
        let limit_price = f.price.unwrap_or(mark);
        // A marketable LIMIT (a buy at or above the mark, a sell at or below it) takes the
        // market at once, like a MARKET order: it fills at the mark, which is the better price
        // for it than its limit. Only a LIMIT that rests fills at its own price, later, when
        // the mark reaches it (see `reached`).
        let fill_price = match kind.as_str() {
            "MARKET" => Some(mark),
            "LIMIT"
                if (side == OrderSide::Buy && limit_price >= mark)
                    || (side == OrderSide::Sell && limit_price <= mark) =>
            {
                Some(mark)
            }
            _ => None,
        };
        let k = self.key_at_mut(token, idx)?;
        let market = k.markets.entry(symbol.clone()).or_insert_with(Market::new);
        if let Some(px) = fill_price {
            let cost = (amount * px).round_dp(8);
            let paid = (cost * FEE_RATE).round_dp(8);
            // A LIMIT keeps the price it was placed at (the exchange reports the limit as the
            // order's price and the fill in `average`); a MARKET has none but the fill's.
            entry.price = entry.price.or(Some(px));
            entry.average = Some(px);
            entry.cost = cost;
            entry.filled = amount;
            entry.remaining = Decimal::ZERO;
            entry.status = OrderStatus::Closed;
            market.trades.push(Trade {
                id: trade_id,
                order: entry_id.clone(),
                symbol: symbol.clone(),
                order_type: None,
                datetime: t,
                side,
                taker_or_maker: "taker",
                price: px,
                amount,
                cost,
                fee: fee(paid),
                fees: vec![fee(paid)],
            });
            k.wallet -= paid;
            market.position = Some(OpenPosition {
                side: if side == OrderSide::Buy {
                    PositionSide::Long
                } else {
                    PositionSide::Short
                },
                contracts: amount,
                entry: px,
                opened: t,
            });
        }
        let mut placed = vec![market.orders.len()];
        market.orders.push(entry);
        let mut next = self.next_order;
        let mut new_id = || {
            next += 2;
            next.to_string()
        };
        let tps = f.take_profit_prices.clone().unwrap_or_default();
        let k = self.key_at_mut(token, idx)?;
        let market = k.markets.entry(symbol.clone()).or_insert_with(Market::new);
        if !tps.is_empty() {
            let part = (amount / Decimal::from(tps.len() as u64)).round_dp(8);
            for tp in &tps {
                let mut o = base(new_id(), OrderType::TakeProfit, side.opposite());
                o.reduce_only = true;
                o.price = Some(*tp);
                o.stop_price = Some(*tp);
                o.amount = part;
                o.remaining = part;
                placed.push(market.orders.len());
                market.orders.push(o);
            }
        }
        if let Some(trigger) = f.stop_trigger_price {
            let limit = f.stop_trigger_type.as_deref() == Some("LIMIT");
            let mut o = base(
                new_id(),
                if limit {
                    OrderType::Stop
                } else {
                    OrderType::StopMarket
                },
                side.opposite(),
            );
            o.reduce_only = true;
            o.time_in_force = "GTE_GTC";
            o.price = if limit { f.stop_price } else { None };
            o.stop_price = Some(trigger);
            placed.push(market.orders.len());
            market.orders.push(o);
        }
        let answer = ok(&placed
            .iter()
            .map(|&i| PlacedOrder::from(&market.orders[i]))
            .collect::<Vec<_>>());
        self.next_order = next;
        let price = fill_price.unwrap_or(limit_price);
        let record = TradeRecord {
            order_id: entry_id,
            price,
            amount,
            cost: (amount * price).round_dp(8),
            stop: f.stop_trigger_price,
            stop_type: f.stop_trigger_type.clone(),
            take_profit: tps,
            trailing_trigger_price: if kind == "TRAILING_STOP" {
                f.price
            } else {
                None
            },
            // The manual trading history's sample has no `leverage` (the automated one has).
            leverage: None,
            callback_rate: f.callback_rate,
            risk_profile_percent: f.risk_profile_percent,
            created_at: t,
            strategy_automated_trigger: None,
        };
        self.acct_mut(token)?.manual_trades.insert(0, record);
        Ok(answer)
    }

    /// Moves the price of `symbol` (its futures names share it) and fills what the new price
    /// reaches on every key: resting LIMIT entries, take-profits and stops (reduce-only, while a
    /// position is open). A position closed this way cancels its remaining reduce-only orders.
    pub(crate) fn set_mark(&mut self, symbol: &str, price: Decimal) {
        let key = validate::price_symbol(symbol).to_string();
        self.marks.insert(key.clone(), price);
        let t = now();
        let State {
            accounts,
            next_trade,
            ..
        } = self;
        for a in accounts.values_mut() {
            for k in &mut a.keys {
                let KeyState {
                    markets, wallet, ..
                } = k;
                for (sym, m) in markets.iter_mut() {
                    if validate::price_symbol(sym) == key {
                        fill_reached(m, wallet, price, t, next_trade);
                    }
                }
            }
        }
    }

    fn next_trade_id(&mut self) -> String {
        self.next_trade += 1;
        self.next_trade.to_string()
    }

    /// Cancels the open orders of `symbol` and closes its position at `mark`.
    fn close_market(&mut self, token: &str, idx: usize, symbol: &str, mark: Decimal) {
        let order_id = self.next_order_id();
        let trade_id = self.next_trade_id();
        let t = now();
        let Some(k) = self
            .accounts
            .get_mut(token)
            .and_then(|a| a.keys.get_mut(idx))
        else {
            return;
        };
        let Some(m) = k.markets.get_mut(symbol) else {
            return;
        };
        for o in m
            .orders
            .iter_mut()
            .filter(|o| o.status == OrderStatus::Open)
        {
            o.status = OrderStatus::Canceled;
        }
        let Some(p) = m.position.take() else { return };
        let side = if p.side == PositionSide::Long {
            OrderSide::Sell
        } else {
            OrderSide::Buy
        };
        let cost = (p.contracts * mark).round_dp(8);
        let paid = (cost * FEE_RATE).round_dp(8);
        let pnl = (mark - p.entry)
            * p.contracts
            * if p.side == PositionSide::Long {
                Decimal::ONE
            } else {
                -Decimal::ONE
            };
        k.wallet += pnl - paid;
        m.orders.push(Order {
            id: order_id.clone(),
            client_order_id: format!("x-sim{order_id}"),
            datetime: t,
            symbol: symbol.to_string(),
            order_type: OrderType::Market,
            time_in_force: "GTC",
            post_only: false,
            reduce_only: true,
            side,
            price: Some(mark),
            stop_price: None,
            amount: p.contracts,
            cost,
            average: Some(mark),
            filled: p.contracts,
            remaining: Decimal::ZERO,
            status: OrderStatus::Closed,
            fee: None,
            trades: Vec::new(),
            fees: Vec::new(),
        });
        m.trades.push(Trade {
            id: trade_id,
            order: order_id,
            symbol: symbol.to_string(),
            order_type: None,
            datetime: t,
            side,
            taker_or_maker: "taker",
            price: mark,
            amount: p.contracts,
            cost,
            fee: fee(paid),
            fees: vec![fee(paid)],
        });
    }

    fn body_symbol(b: &mut Body) -> (Option<String>, Vec<FieldError>) {
        let s = b.str("symbol");
        let mut errors = std::mem::take(&mut b.errors);
        match &s {
            None if errors.is_empty() => errors.push(required("symbol")),
            None => {}
            Some(v) => errors.extend(validate::symbol(v, location::BODY)),
        }
        (s, errors)
    }

    fn futures_key(&self, token: &str, idx: usize) -> Result<(), Answer> {
        if self.key_at(token, idx)?.key.trade_type != TradeType::Futures {
            return Err(external("exchange API key type is invalid", "1106"));
        }
        Ok(())
    }

    pub(crate) fn cancel_position(&mut self, token: &str, id: &str, bytes: &[u8]) -> Res {
        let mut b = parse_body(bytes)?;
        let (symbol, errors) = Self::body_symbol(&mut b);
        let idx = self.key_checks(token, id, errors)?;
        self.futures_key(token, idx)?;
        let symbol = symbol.unwrap_or_default();
        let mark = self.mark(&symbol)?;
        self.close_market(token, idx, &symbol, mark);
        Ok(Answer::NoContent)
    }

    pub(crate) fn leverage(&mut self, token: &str, id: &str, bytes: &[u8]) -> Res {
        let mut b = parse_body(bytes)?;
        let lev = b.int("leverage");
        let (symbol, mut errors) = Self::body_symbol(&mut b);
        errors.append(&mut b.errors);
        match lev {
            None if !errors.iter().any(|e| e.param == "leverage") => {
                errors.push(required("leverage"))
            }
            None => {}
            Some(l) => errors.extend(validate::leverage(l)),
        }
        let idx = self.key_checks(token, id, errors)?;
        self.futures_key(token, idx)?;
        let symbol = symbol.unwrap_or_default();
        self.mark(&symbol)?;
        let lev = u32::try_from(lev.unwrap_or(1)).unwrap_or(1);
        let max = if validate::price_symbol(&symbol) == "BTC/USDT" {
            125
        } else {
            100
        };
        if lev > max {
            return Err(external("exchange bad request", "1500"));
        }
        let k = self.key_at_mut(token, idx)?;
        k.markets.entry(symbol).or_insert_with(Market::new).leverage = lev;
        Ok(Answer::NoContent)
    }

    pub(crate) fn margin(&mut self, token: &str, id: &str, bytes: &[u8]) -> Res {
        let mut b = parse_body(bytes)?;
        let ty = b.str("type");
        let (symbol, mut errors) = Self::body_symbol(&mut b);
        errors.append(&mut b.errors);
        match ty.as_deref() {
            Some("ISOLATED" | "CROSSED") => {}
            Some(t) => errors.push(FieldError::new(
                t,
                "must be one of ISOLATED, CROSSED",
                "type",
                location::BODY,
            )),
            None if !errors.iter().any(|e| e.param == "type") => errors.push(required("type")),
            None => {}
        }
        let idx = self.key_checks(token, id, errors)?;
        self.futures_key(token, idx)?;
        let symbol = symbol.unwrap_or_default();
        self.mark(&symbol)?;
        let k = self.key_at_mut(token, idx)?;
        let m = k.markets.entry(symbol).or_insert_with(Market::new);
        if m.position.is_some() {
            // The exchange refuses (Binance: no margin type change with an open position), but
            // the document lists no 433 code for this endpoint beyond 1103, 1106 and 1300: the
            // Errors table's 400 "Your request is invalid".
            return Err(message(
                StatusCode::BAD_REQUEST,
                "exchange bad request: margin type cannot change with an open position",
            ));
        }
        m.isolated = ty.as_deref() == Some("ISOLATED");
        Ok(Answer::NoContent)
    }

    // ------------------------------------------------------------------ follows

    fn follow_checks(&self, body: &FollowBody, create: bool) -> Vec<FieldError> {
        let mut errors = validate::follow(
            body.strategy_automated_id.as_deref(),
            body.strategy_risk_profile_id.as_deref(),
            create,
        );
        if let Some(s) = &body.strategy_automated_id
            && !errors.iter().any(|e| e.param == "strategyAutomatedId")
            && !self.strategies.iter().any(|x| x.id == *s && x.active)
        {
            errors.push(FieldError::new(
                s.as_str(),
                "must be active strategy automated id",
                "strategyAutomatedId",
                location::BODY,
            ));
        }
        if let Some(s) = &body.strategy_risk_profile_id
            && !errors.iter().any(|e| e.param == "strategyRiskProfileId")
            && !self.profiles.iter().any(|x| x.id == *s)
        {
            errors.push(FieldError::new(
                s.as_str(),
                "must be valid strategy risk profile id",
                "strategyRiskProfileId",
                location::BODY,
            ));
        }
        errors
    }

    fn read_follow_body(bytes: &[u8]) -> Result<(FollowBody, Vec<FieldError>), Answer> {
        let mut b = parse_body(bytes)?;
        let body = FollowBody {
            active: b.bool("active"),
            strategy_automated_id: b.str("strategyAutomatedId"),
            strategy_risk_profile_id: b.str("strategyRiskProfileId"),
        };
        Ok((body, std::mem::take(&mut b.errors)))
    }

    pub(crate) fn create_follow(&mut self, token: &str, id: &str, bytes: &[u8]) -> Res {
        let (body, mut errors) = Self::read_follow_body(bytes)?;
        let mut errors_all: Vec<_> = validate::path_uuid(id).into_iter().collect();
        errors_all.append(&mut errors);
        let typed: HashSet<String> = errors_all.iter().map(|e| e.param.clone()).collect();
        errors_all.extend(
            self.follow_checks(&body, true)
                .into_iter()
                .filter(|e| !typed.contains(&e.param)),
        );
        fail(errors_all)?;
        let a = self.acct(token)?;
        let key = a
            .keys
            .iter()
            .find(|k| k.key.id.to_string() == id)
            .ok_or_else(not_found)?
            .key
            .clone();
        // "Exchange API Key must be active and tradeType is automated": a rule of the path
        // parameter (the document lists no 1106 for this endpoint), so a 422 on `id`.
        if key.strategy_type != StrategyType::Automated || key.trade_type != TradeType::Futures {
            return Err(unprocessable(vec![FieldError::new(
                id,
                "must be active and automated exchange API key",
                "id",
                location::PARAMS,
            )]));
        }
        if !key.active {
            return Err(external("exchange API key is inactive", "1110"));
        }
        if !a.plan.strategy_automated {
            return Err(external("unauthorized subscription features", "2103"));
        }
        let strategy = self.strategy(body.strategy_automated_id.as_deref())?;
        if strategy.exchange_id != key.exchange_id {
            return Err(external("exchange id does not match", "1206"));
        }
        if a.follows
            .iter()
            .any(|(k, f)| *k == key.id && f.strategy_automated.symbol == strategy.symbol)
        {
            return Err(external("exchange symbol already exist", "1309"));
        }
        let profile = self.risk_profile(body.strategy_risk_profile_id.as_deref())?;
        let t = now();
        let follow = StrategyFollow {
            id: Uuid::new_v4(),
            active: body.active.unwrap_or(true),
            created_at: t,
            updated_at: t,
            strategy_automated: strategy,
            strategy_risk_profile: profile,
        };
        self.acct_mut(token)?.follows.push((key.id, follow.clone()));
        Ok(ok(&follow))
    }

    fn strategy(&self, id: Option<&str>) -> Result<FollowedStrategy, Answer> {
        let s = self
            .strategies
            .iter()
            .find(|s| Some(s.id.as_str()) == id)
            .ok_or_else(not_found)?;
        Ok(FollowedStrategy {
            id: s.id.clone(),
            active: s.active,
            exchange_id: s.exchange_id.clone(),
            symbol: s.symbol.clone(),
        })
    }

    fn risk_profile(&self, id: Option<&str>) -> Result<FollowRiskProfile, Answer> {
        let p = self
            .profiles
            .iter()
            .find(|p| Some(p.id.as_str()) == id)
            .ok_or_else(not_found)?;
        Ok(FollowRiskProfile {
            id: p.id.clone(),
            percentage: p.percentage,
        })
    }

    pub(crate) fn update_follow(&mut self, token: &str, id: &str, bytes: &[u8]) -> Res {
        let (body, mut errors) = Self::read_follow_body(bytes)?;
        let mut errors_all: Vec<_> = validate::path_uuid(id).into_iter().collect();
        errors_all.append(&mut errors);
        let typed: HashSet<String> = errors_all.iter().map(|e| e.param.clone()).collect();
        errors_all.extend(
            self.follow_checks(&body, false)
                .into_iter()
                .filter(|e| !typed.contains(&e.param)),
        );
        fail(errors_all)?;
        let strategy = match body.strategy_automated_id.as_deref() {
            Some(s) => Some(self.strategy(Some(s))?),
            None => None,
        };
        let profile = match body.strategy_risk_profile_id.as_deref() {
            Some(p) => Some(self.risk_profile(Some(p))?),
            None => None,
        };
        let a = self.acct_mut(token)?;
        let pos = a
            .follows
            .iter()
            .position(|(_, f)| f.id.to_string() == id)
            .ok_or_else(not_found)?;
        let key_id = a.follows[pos].0;
        // "If true exchange API key status must be active and AUTHORIZED": the key's last
        // access status, as the last route that used the key left it (see `use_key`); this
        // route does not use the key itself (the document lists no 1103 for it).
        let key_ok = a
            .keys
            .iter()
            .any(|k| k.key.id == key_id && k.key.active && k.key.api_key_status == AUTHORIZED);
        let f = &mut a.follows[pos].1;
        if body.active == Some(true) && !key_ok {
            return Err(external("exchange API key is inactive", "1110"));
        }
        if let Some(s) = &strategy {
            if s.exchange_id != f.strategy_automated.exchange_id {
                return Err(external("exchange id does not match", "1206"));
            }
            if s.symbol != f.strategy_automated.symbol {
                return Err(external("exchange symbol does not match", "1306"));
            }
        }
        if let Some(a) = body.active {
            f.active = a;
        }
        if let Some(s) = strategy {
            f.strategy_automated = s;
        }
        if let Some(p) = profile {
            f.strategy_risk_profile = p;
        }
        f.updated_at = now();
        Ok(ok(&*f))
    }
}

/// The price an open order fills at when the mark is `mark`, if the mark reaches it.
fn reached(o: &Order, mark: Decimal) -> Option<Decimal> {
    let buy = o.side == OrderSide::Buy;
    match o.order_type {
        OrderType::Limit => {
            let p = o.price?;
            ((buy && mark <= p) || (!buy && mark >= p)).then_some(p)
        }
        // a take-profit sells above (buys below) the market, at its price
        OrderType::TakeProfit => {
            let tr = o.stop_price?;
            let hit = if buy { mark <= tr } else { mark >= tr };
            hit.then_some(o.price.unwrap_or(mark))
        }
        // a stop sells below (buys above) the market
        OrderType::Stop | OrderType::StopMarket => {
            let tr = o.stop_price?;
            let hit = if buy { mark >= tr } else { mark <= tr };
            let px = match o.order_type {
                OrderType::Stop => o.price.unwrap_or(mark),
                _ => mark,
            };
            hit.then_some(px)
        }
        OrderType::Market | OrderType::TrailingStopMarket => None,
    }
}

/// Fills every open order of `m` that `mark` reaches, in the order they were placed.
fn fill_reached(
    m: &mut Market,
    wallet: &mut Decimal,
    mark: Decimal,
    t: DateTime<Utc>,
    next_trade: &mut u64,
) {
    for i in 0..m.orders.len() {
        let o = &m.orders[i];
        if o.status != OrderStatus::Open {
            continue;
        }
        let reduce = o.reduce_only;
        if reduce && m.position.is_none() {
            continue;
        }
        let Some(px) = reached(o, mark) else {
            continue;
        };
        let buy = o.side == OrderSide::Buy;
        let mut qty = o.amount;
        if reduce && let Some(p) = &m.position {
            qty = qty.min(p.contracts);
        }
        let cost = (qty * px).round_dp(8);
        let paid = (cost * FEE_RATE).round_dp(8);
        *next_trade += 1;
        let o = &mut m.orders[i];
        o.status = OrderStatus::Closed;
        o.filled = qty;
        o.remaining = Decimal::ZERO;
        o.average = Some(px);
        o.cost = cost;
        let order_id = o.id.clone();
        let symbol = o.symbol.clone();
        let side = o.side;
        m.trades.push(Trade {
            id: next_trade.to_string(),
            order: order_id,
            symbol,
            order_type: None,
            datetime: t,
            side,
            taker_or_maker: if reduce { "taker" } else { "maker" },
            price: px,
            amount: qty,
            cost,
            fee: fee(paid),
            fees: vec![fee(paid)],
        });
        *wallet -= paid;
        m.position = match m.position.take() {
            None => Some(OpenPosition {
                side: if buy {
                    PositionSide::Long
                } else {
                    PositionSide::Short
                },
                contracts: qty,
                entry: px,
                opened: t,
            }),
            Some(mut p) if (p.side == PositionSide::Long) == buy => {
                let total = p.contracts + qty;
                p.entry = ((p.entry * p.contracts + px * qty) / total).round_dp(8);
                p.contracts = total;
                Some(p)
            }
            Some(mut p) => {
                let sign = if p.side == PositionSide::Long {
                    Decimal::ONE
                } else {
                    -Decimal::ONE
                };
                let closed = qty.min(p.contracts);
                *wallet += (px - p.entry) * closed * sign;
                p.contracts -= closed;
                (p.contracts > Decimal::ZERO).then_some(p)
            }
        };
    }
    if m.position.is_none() {
        for o in m
            .orders
            .iter_mut()
            .filter(|o| o.status == OrderStatus::Open && o.reduce_only)
        {
            o.status = OrderStatus::Canceled;
        }
    }
}

/// The exchange's position of a market, or `None` when flat.
fn position_view(m: &Market, symbol: &str, mark: Decimal) -> Option<Position> {
    let p = m.position.as_ref()?;
    let lev = Decimal::from(m.leverage);
    let sign = if p.side == PositionSide::Long {
        Decimal::ONE
    } else {
        -Decimal::ONE
    };
    let notional = (p.contracts * mark).round_dp(8);
    let pnl = ((mark - p.entry) * p.contracts * sign).round_dp(8);
    let initial = (notional / lev).round_dp(8);
    let maint = (notional * MAINT_RATE).round_dp(8);
    let collateral = initial + pnl;
    let liq = (p.entry * (Decimal::ONE - sign / lev)).round_dp(8);
    let mode = if m.isolated { "isolated" } else { "cross" };
    Some(Position {
        symbol: symbol.to_string(),
        contracts: p.contracts,
        contract_size: Decimal::ONE,
        unrealized_pnl: pnl,
        leverage: m.leverage,
        liquidation_price: liq,
        collateral,
        notional,
        mark_price: mark,
        entry_price: p.entry,
        initial_margin: initial,
        initial_margin_percentage: (Decimal::ONE / lev).round_dp(4),
        maintenance_margin: maint,
        maintenance_margin_percentage: MAINT_RATE,
        margin_ratio: (!collateral.is_zero()).then(|| (maint / collateral).round_dp(4)),
        datetime: p.opened,
        margin_mode: mode,
        margin_type: mode,
        side: p.side,
        hedged: false,
        percentage: (!initial.is_zero()).then(|| (pnl / initial * Decimal::from(100)).round_dp(2)),
    })
}

/// `limit` (default `default`) with the shared check, and the offset encoded in `nextToken`.
fn page_query(q: &HashMap<String, String>, default: u32) -> Result<(usize, usize), Answer> {
    let limit = match q.get("limit") {
        None => default,
        Some(l) => match l.parse::<u32>() {
            Ok(n) => n,
            Err(_) => {
                return Err(unprocessable(vec![FieldError::new(
                    l.as_str(),
                    "must be an integer between 1 and 1000",
                    "limit",
                    location::QUERY,
                )]));
            }
        },
    };
    fail(validate::limit(&limit.to_string()).into_iter().collect())?;
    let offset = match q.get("nextToken") {
        None => 0,
        Some(t) => t
            .strip_prefix("sim-")
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| {
                unprocessable(vec![FieldError::new(
                    t.as_str(),
                    "must be a valid token",
                    "nextToken",
                    location::QUERY,
                )])
            })?,
    };
    Ok((offset, limit as usize))
}

/// One page of a day-ranged listing (trade history, balance history). The document's `limit`
/// is a range of days ("Last range of the interval limit. By default, it will list last 30 days
/// in desc order"), not a count of items: a page holds every record of `limit` days, newest
/// first, from today (or the day the `nextToken` names) back, never before `start`; its
/// `nextToken` names the newest older day that has a record.
fn page_of<T: Clone + Serialize>(
    items: &[T],
    q: &HashMap<String, String>,
    default: u32,
    day: impl Fn(&T) -> NaiveDate,
) -> Res {
    let (_, limit) = page_query(&without_token(q), default)?;
    let day_of = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    let refuse = |text: &str, msg: &str, param: &str| {
        unprocessable(vec![FieldError::new(text, msg, param, location::QUERY)])
    };
    let start = match q.get("start") {
        None => None,
        Some(s) => Some(day_of(s).ok_or_else(|| refuse(s, "must be a valid date", "start"))?),
    };
    let top = match q.get("nextToken") {
        None => now().date_naive(),
        Some(t) => t
            .strip_prefix("sim-")
            .and_then(day_of)
            .ok_or_else(|| refuse(t, "must be a valid token", "nextToken"))?,
    };
    let days = i64::try_from(limit).unwrap_or(1).max(1) - 1;
    // The token's day is the client's text: chrono's earliest date minus a page must not panic.
    let low = top
        .checked_sub_signed(Duration::days(days))
        .unwrap_or(NaiveDate::MIN);
    let low = start.map_or(low, |s| s.max(low));
    let page: Vec<T> = items
        .iter()
        .filter(|i| (low..=top).contains(&day(i)))
        .cloned()
        .collect();
    let next_token = items
        .iter()
        .map(&day)
        .filter(|d| *d < low && start.is_none_or(|s| *d >= s))
        .max()
        .map(|d| format!("sim-{d}"));
    Ok(ok(&Page {
        items: page,
        next_token,
    }))
}

/// The query without its `nextToken` (the day-ranged pages read it themselves).
fn without_token(q: &HashMap<String, String>) -> HashMap<String, String> {
    let mut q = q.clone();
    q.remove("nextToken");
    q
}

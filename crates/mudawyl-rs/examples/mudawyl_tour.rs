//! A tour of the Mudawyl SDK: one line per step, then `TOUR SUMMARY calls=.. ok=.. failed=..`.
//!
//! - Without `MUDAWYL_TOKEN`: starts the local venue in-process and walks every flow, writes
//!   included (all 37 endpoints).
//! - With `MUDAWYL_TOKEN` (a Cognito JWT): targets `MUDAWYL_BASE_URL` (required: Mudawyl
//!   publishes no default) and runs reads only. `--writes` adds the writes that touch only what
//!   the tour creates and removes again (two exchange keys, their follow, an order and position
//!   on the tour's own key, then deletes the keys), each with the reCAPTCHA token from
//!   `MUDAWYL_RECAPTCHA` when set (tokens are single-use in production, so a live run needs a
//!   provider that mints one per write; see the README). The writes that overwrite the user's
//!   own settings need a flag each: `--write-profile` (Put User Profile),
//!   `--write-notifications` (Put Notification Settings), `--write-subscription` (Stripe
//!   checkout and Update Stripe Subscription, which changes the real plan and its billing).
//!
//! Exits 1 when any step fails.

use std::future::Future;

use mudawyl_rs::sim::LocalVenue;
use mudawyl_rs::*;
use rust_decimal_macros::dec;

#[derive(Default)]
struct Tour {
    calls: u32,
    ok: u32,
    failed: u32,
}

impl Tour {
    async fn step<T>(
        &mut self,
        name: &str,
        f: impl Future<Output = Result<T, Error>>,
        show: impl Fn(&T) -> String,
    ) -> Option<T> {
        self.calls += 1;
        match f.await {
            Ok(v) => {
                self.ok += 1;
                println!("ok   {name}: {}", show(&v));
                Some(v)
            }
            Err(e) => {
                self.failed += 1;
                println!("FAIL {name}: {e}");
                None
            }
        }
    }

    /// A step whose point is the venue's refusal: ok when the error is the expected one.
    async fn refused<T>(
        &mut self,
        name: &str,
        f: impl Future<Output = Result<T, Error>>,
        expect: impl Fn(&Error) -> bool,
    ) {
        self.calls += 1;
        match f.await {
            Err(e) if expect(&e) => {
                self.ok += 1;
                println!("ok   {name}: refused as expected ({e})");
            }
            Err(e) => {
                self.failed += 1;
                println!("FAIL {name}: unexpected error {e}");
            }
            Ok(_) => {
                self.failed += 1;
                println!("FAIL {name}: accepted, expected a refusal");
            }
        }
    }

    fn fail(&mut self, name: &str, why: &str) {
        self.calls += 1;
        self.failed += 1;
        println!("FAIL {name}: {why}");
    }
}

/// Which writes a run makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Writes {
    /// Writes to what the tour creates and removes again (keys, follows, orders).
    own: bool,
    /// Put User Profile: overwrites the user's profile.
    profile: bool,
    /// Put Notification Settings: overwrites the user's settings.
    notifications: bool,
    /// Stripe checkout and Update Stripe Subscription: change the user's plan and billing.
    subscription: bool,
}

impl Writes {
    /// Against the local venue every write runs; live, `--writes` runs the tour's own writes
    /// and each write to the user's settings needs its own flag.
    fn from_args(args: &[String], live: bool) -> Writes {
        if !live {
            return Writes {
                own: true,
                profile: true,
                notifications: true,
                subscription: true,
            };
        }
        let has = |f: &str| args.iter().any(|a| a == f);
        Writes {
            own: has("--writes"),
            profile: has("--write-profile"),
            notifications: has("--write-notifications"),
            subscription: has("--write-subscription"),
        }
    }

    fn any(self) -> bool {
        self.own || self.profile || self.notifications || self.subscription
    }
}

const STRATEGY_1: &str = "b9f67eb2-1d6e-4a47-a735-d0d9039c9b08";
const STRATEGY_2: &str = "b762dad3-b720-4ddd-a515-32ae48e39f94";
const CONSERVATIVE: &str = "ab00673a-cd19-44d4-a7c4-05c63e309663";
const MODERATE: &str = "3dc38f3d-4b4e-43b3-a102-e250b7cd3551";

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut tour = Tour::default();
    let token = std::env::var("MUDAWYL_TOKEN")
        .ok()
        .filter(|t| !t.is_empty());
    let _venue;
    let (client, writes, live) = match token {
        Some(token) => {
            let Some(base) = std::env::var("MUDAWYL_BASE_URL")
                .ok()
                .filter(|b| !b.is_empty())
            else {
                tour.fail("configure", "MUDAWYL_BASE_URL is required with MUDAWYL_TOKEN (Mudawyl publishes no base URL)");
                finish(tour);
            };
            let mut b = Client::builder().base_url(base).token(token);
            if let Ok(r) = std::env::var("MUDAWYL_RECAPTCHA") {
                b = b.recaptcha_provider(move || {
                    let r = r.clone();
                    async move { Ok(Token::new(r)) }
                });
            }
            match b.build() {
                Ok(c) => (c, Writes::from_args(&args, true), true),
                Err(e) => {
                    tour.fail("configure", &e.to_string());
                    finish(tour);
                }
            }
        }
        None => {
            let venue = match LocalVenue::start().await {
                Ok(v) => v,
                Err(e) => {
                    tour.fail("start local venue", &e.to_string());
                    finish(tour);
                }
            };
            println!("local venue at {}", venue.base_url());
            let c = Client::builder()
                .base_url(venue.base_url())
                .token(venue.token().to_string())
                // a fresh single-use token per write, as a browser's reCAPTCHA would give
                .recaptcha_provider(|| async { Ok(Token::new(uuid::Uuid::new_v4().to_string())) })
                .build();
            let c = match c {
                Ok(c) => c,
                Err(e) => {
                    tour.fail("configure", &e.to_string());
                    finish(tour);
                }
            };
            _venue = venue;
            (c, Writes::from_args(&args, false), false)
        }
    };
    let t = &mut tour;

    // ---------------------------------------------------------------- public data
    t.step(
        "get_exchange_ticker",
        client.get_exchange_ticker().symbol("BTC/USDT").await_ok(),
        |k| format!("{} last {:?}", k.symbol, k.last),
    )
    .await;
    let plans = t
        .step(
            "list_subscription_plans",
            client.list_subscription_plans().await_ok(),
            |p| format!("{} plans", p.items.len()),
        )
        .await;
    // A call owns its client and its request (`Send + 'static`): it can run on another task.
    let profiles = tokio::spawn(client.list_strategy_risk_profiles().send());
    t.step(
        "list_strategy_risk_profiles (on a spawned task)",
        async { profiles.await.map_err(|e| Error::Config(e.to_string()))? },
        |p| format!("{} profiles", p.items.len()),
    )
    .await;
    let strategies = t
        .step(
            "list_strategy_automated",
            client.list_strategy_automated().await_ok(),
            |s| format!("{} strategies", s.items.len()),
        )
        .await;
    let strategy_id = strategies
        .as_ref()
        .and_then(|s| s.items.first())
        .map(|s| s.id.to_string())
        .unwrap_or_else(|| STRATEGY_1.into());
    t.step(
        "list_strategy_history",
        client
            .list_strategy_history(&strategy_id)
            .limit(3u32)
            .await_ok(),
        |h| format!("{} intervals", h.items.len()),
    )
    .await;
    t.step(
        "get_strategy_performance",
        client.get_strategy_performance(&strategy_id).await_ok(),
        |p| format!("{} trades, net {:?}%", p.trades, p.net_profit_percent),
    )
    .await;

    // ---------------------------------------------------------------- account reads
    t.step(
        "get_user_profile",
        client.get_user_profile().await_ok(),
        |p| {
            if p.is_some() {
                "set".into()
            } else {
                "null (never set)".into()
            }
        },
    )
    .await;
    t.step(
        "list_whitelist_ips",
        client.list_whitelist_ips().await_ok(),
        |ips| format!("{} addresses", ips.len()),
    )
    .await;
    t.step(
        "get_alert_method",
        client.get_alert_method().await_ok(),
        |a| format!("telegram active: {}", a.telegram_active),
    )
    .await;
    t.step(
        "get_notification_settings",
        client.get_notification_settings().await_ok(),
        |s| {
            if s.is_some() {
                "set".into()
            } else {
                "null".into()
            }
        },
    )
    .await;
    t.step(
        "get_user_subscription",
        client.get_user_subscription().await_ok(),
        |s| format!("plan {}", s.subscription_type.name),
    )
    .await;
    t.step(
        "get_stripe_subscription",
        client.get_stripe_subscription().await_ok(),
        |s| {
            if s.is_some() {
                "active".into()
            } else {
                "none".into()
            }
        },
    )
    .await;
    t.step(
        "list_stripe_billing_history",
        client.list_stripe_billing_history().await_ok(),
        |i| format!("{} invoices", i.len()),
    )
    .await;
    t.step(
        "list_strategy_automated_history",
        client
            .list_strategy_automated_history()
            .limit(10u32)
            .await_ok(),
        |p| format!("{} records", p.items.len()),
    )
    .await;
    let keys = t
        .step(
            "list_exchange_keys",
            client.list_exchange_keys().await_ok(),
            |k| format!("{} keys", k.items.len()),
        )
        .await;
    t.step(
        "get_exchange_total_balance",
        client.get_exchange_total_balance().await_ok(),
        |b| format!("{} USD", b.usd),
    )
    .await;

    if live {
        if let Some(k) = keys.as_ref().and_then(|k| k.items.first()) {
            t.step(
                "get_exchange_key_balance",
                client.get_exchange_key_balance(k.id).await_ok(),
                |b| format!("{} assets", b.total.len()),
            )
            .await;
            t.step(
                "list_exchange_key_follows",
                client.list_exchange_key_follows(k.id).await_ok(),
                |f| format!("{} follows", f.items.len()),
            )
            .await;
        }
        if !writes.any() {
            println!(
                "(live: writes skipped; --writes runs those on what the tour creates, \
                 --write-profile, --write-notifications, --write-subscription the others)"
            );
            finish(tour);
        }
    }

    // ---------------------------------------------------------------- profile and notifications
    if writes.profile {
        t.step(
            "put_user_profile",
            client
                .put_user_profile()
                .first_name("Jane")
                .last_name("Doe")
                .country("CA")
                .language(Language::En)
                .timezone("America/Toronto")
                .await_ok(),
            |p| format!("{:?} {:?}", p.first_name, p.country),
        )
        .await;
    }
    if writes.notifications {
        t.step(
            "put_notification_settings",
            client
                .put_notification_settings()
                .weekly_report(true)
                .monthly_report(false)
                .await_ok(),
            |s| format!("monthly report {}", s.monthly_report),
        )
        .await;
        if !live {
            t.refused(
                "put_notification_settings (telegram, not linked)",
                client
                    .put_notification_settings()
                    .telegram_new_order(true)
                    .await_ok(),
                |e| {
                    validation_errors(e)
                        .is_some_and(|v| v[0].msg == "account must be linked to Telegram")
                },
            )
            .await;
        }
    }

    // ---------------------------------------------------------------- subscription
    if writes.subscription {
        if let Some(plan) = plans.as_ref().and_then(|p| p.items.first()) {
            t.step(
                "create_stripe_subscription_checkout",
                client
                    .create_stripe_subscription_checkout(plan.id)
                    .await_ok(),
                |c| c.url.clone(),
            )
            .await;
        }
        t.step(
            "update_stripe_subscription",
            client
                .update_stripe_subscription()
                .cancel_at_period_end(true)
                .await_ok(),
            |s| format!("cancel at {:?}", s.cancel_at),
        )
        .await;
    }
    if !writes.own {
        finish(tour);
    }

    // ---------------------------------------------------------------- exchange keys
    let suffix = uuid::Uuid::new_v4().simple().to_string();
    let manual = t
        .step(
            "create_exchange_key (manual futures)",
            client
                .create_exchange_key(
                    ExchangeId::Binance,
                    TradeType::Futures,
                    StrategyType::Manual,
                    "tour manual",
                    format!("tour-manual-{suffix}"),
                    "tour-secret-1",
                )
                .await_ok(),
            |k| format!("{} {:?}", k.id, k.api_key_status),
        )
        .await;
    let auto = t
        .step(
            "create_exchange_key (automated futures)",
            client
                .create_exchange_key(
                    ExchangeId::Binance,
                    TradeType::Futures,
                    StrategyType::Automated,
                    "tour auto",
                    format!("tour-auto-{suffix}"),
                    "tour-secret-2",
                )
                .await_ok(),
            |k| format!("{} {:?}", k.id, k.strategy_type),
        )
        .await;
    if !live {
        t.refused(
            "create_exchange_key (duplicate)",
            client
                .create_exchange_key(
                    ExchangeId::Binance,
                    TradeType::Spot,
                    StrategyType::Manual,
                    "dup",
                    format!("tour-manual-{suffix}"),
                    "s",
                )
                .await_ok(),
            |e| e.code() == Some("1109"),
        )
        .await;
    }
    let Some(manual) = manual else {
        finish(tour);
    };
    t.step(
        "update_exchange_key",
        client
            .update_exchange_key(manual.id)
            .name("tour manual (renamed)")
            .await_ok(),
        |k| k.name.clone(),
    )
    .await;
    t.step(
        "get_exchange_key_balance",
        client.get_exchange_key_balance(manual.id).await_ok(),
        |b| format!("USDT {:?}", b.total.get("USDT")),
    )
    .await;
    t.step(
        "list_exchange_key_balance_history",
        client
            .list_exchange_key_balance_history(manual.id)
            .limit(5u32)
            .await_ok(),
        |p| format!("{} days, more: {}", p.items.len(), p.next_token.is_some()),
    )
    .await;
    {
        use futures::StreamExt;
        let all: Vec<_> = client
            .list_exchange_key_balance_history(manual.id)
            .limit(10u32)
            .into_stream()
            .collect()
            .await;
        let failed = all.iter().filter(|r| r.is_err()).count();
        let n = all.len();
        t.step(
            "balance history, every page",
            async move {
                if failed == 0 {
                    Ok(n)
                } else {
                    Err(Error::Config(format!("{failed} pages failed")))
                }
            },
            |n| format!("{n} days"),
        )
        .await;
    }

    // ---------------------------------------------------------------- futures trading
    let id = manual.id;
    t.step(
        "change_futures_leverage",
        client
            .change_futures_leverage(id, "BTC/USDT", 10)
            .await_ok(),
        |_| "10x".into(),
    )
    .await;
    t.step(
        "change_futures_margin_type",
        client
            .change_futures_margin_type(id, "BTC/USDT", MarginType::Isolated)
            .await_ok(),
        |_| "isolated".into(),
    )
    .await;
    let order = ManualOrder::market("BTC/USDT", Side::Buy, Amount(dec!(0.05)))
        .take_profits([dec!(19900), dec!(20000)])
        .stop_loss(StopLoss::limit(Trigger(dec!(19000)), Price(dec!(18990))));
    t.step(
        "create_manual_order",
        client.create_manual_order(id, order).await_ok(),
        |o| {
            format!(
                "{} orders: {}",
                o.len(),
                o.iter()
                    .map(|x| x.order_type.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        },
    )
    .await;
    t.step(
        "get_futures_open_position",
        client.get_futures_open_position(id, "BTC/USDT").await_ok(),
        |p| match p {
            Some(p) => format!("{:?} {} @ {}", p.side, p.contracts, p.entry_price),
            None => "flat".into(),
        },
    )
    .await;
    t.step(
        "list_open_orders",
        client.list_open_orders(id, "BTC/USDT").await_ok(),
        |o| format!("{} open", o.len()),
    )
    .await;
    t.step(
        "list_trade_history",
        client.list_trade_history(id, "BTC/USDT").await_ok(),
        |tr| format!("{} trades", tr.len()),
    )
    .await;
    t.step(
        "cancel_futures_position",
        client.cancel_futures_position(id, "BTC/USDT").await_ok(),
        |_| "closed".into(),
    )
    .await;
    t.step(
        "list_order_history",
        client.list_order_history(id, "BTC/USDT").await_ok(),
        |o| format!("{} orders", o.len()),
    )
    .await;
    t.step(
        "list_manual_trading_history",
        client.list_manual_trading_history().await_ok(),
        |p| format!("{} records", p.items.len()),
    )
    .await;
    t.refused(
        "create_manual_order (callbackRate 9, refused before sending)",
        client
            .create_manual_order(
                id,
                ManualOrder::trailing_stop(
                    "BTC/USDT",
                    Side::Sell,
                    Price(dec!(20000)),
                    Amount(dec!(0.01)),
                    dec!(9),
                ),
            )
            .await_ok(),
        |e| e.kind() == ErrorKind::InvalidRequest,
    )
    .await;

    // ---------------------------------------------------------------- strategy follows
    if let Some(auto) = auto {
        let follow = t
            .step(
                "create_exchange_key_follow",
                client
                    .create_exchange_key_follow(auto.id, STRATEGY_1, CONSERVATIVE)
                    .await_ok(),
                |f| format!("follows {}", f.strategy_automated.id),
            )
            .await;
        if let Some(f) = follow {
            t.step(
                "update_strategy_follow",
                client
                    .update_strategy_follow(f.id)
                    .strategy_automated_id(STRATEGY_2)
                    .strategy_risk_profile_id(MODERATE)
                    .await_ok(),
                |f| format!("risk {}%", f.strategy_risk_profile.percentage),
            )
            .await;
        }
        t.step(
            "list_exchange_key_follows",
            client.list_exchange_key_follows(auto.id).await_ok(),
            |f| format!("{} follows", f.items.len()),
        )
        .await;
        t.step(
            "delete_exchange_key (automated)",
            client.delete_exchange_key(auto.id).await_ok(),
            |_| "deleted".into(),
        )
        .await;
    }
    t.step(
        "delete_exchange_key (manual)",
        client.delete_exchange_key(id).await_ok(),
        |_| "deleted".into(),
    )
    .await;
    finish(tour);
}

/// `.await_ok()`: the call as a plain future (so steps read uniformly).
trait AwaitOk: std::future::IntoFuture + Sized {
    fn await_ok(self) -> Self::IntoFuture {
        self.into_future()
    }
}

impl<T: std::future::IntoFuture> AwaitOk for T {}

fn finish(tour: Tour) -> ! {
    println!(
        "TOUR SUMMARY calls={} ok={} failed={}",
        tour.calls, tour.ok, tour.failed
    );
    std::process::exit(if tour.failed > 0 { 1 } else { 0 });
}

#[cfg(test)]
mod tests {
    use super::Writes;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn live_writes_never_touch_the_users_settings_without_their_own_flag() {
        let w = Writes::from_args(&args(&["tour", "--writes"]), true);
        assert!(w.own);
        assert!(!w.profile && !w.notifications && !w.subscription);
        assert_eq!(Writes::from_args(&args(&["tour"]), true), Writes::default());
        let w = Writes::from_args(&args(&["--write-profile"]), true);
        assert!(w.profile && !w.own && !w.subscription);
        let local = Writes::from_args(&args(&[]), false);
        assert!(local.own && local.profile && local.notifications && local.subscription);
    }
}

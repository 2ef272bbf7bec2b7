//! Endpoint id to handler, one small function per endpoint of the document: public ones call
//! the engine directly; private ones authenticate first (token, and reCAPTCHA on writes).

use std::collections::HashMap;

use venue_common::sim::{Request, Routes};

use super::engine::{Res, State};
use super::{Answer, MudawylVenue, auth};
use crate::generated::endpoints as ep;

pub(crate) fn register(routes: &mut Routes<MudawylVenue>) {
    routes
        // Public data
        .on(ep::GET_EXCHANGE_TICKER, |v, r| {
            public(v, r, |s, _, q| s.ticker(q))
        })
        .on(ep::LIST_SUBSCRIPTION_PLANS, |v, r| {
            public(v, r, |s, _, _| s.subscription_plans())
        })
        .on(ep::LIST_STRATEGY_RISK_PROFILES, |v, r| {
            public(v, r, |s, _, _| s.risk_profiles())
        })
        .on(ep::LIST_STRATEGY_AUTOMATED, |v, r| {
            public(v, r, |s, _, _| s.strategies())
        })
        .on(ep::LIST_STRATEGY_HISTORY, |v, r| {
            public(v, r, |s, r, q| s.strategy_report(id(r), "history", q))
        })
        .on(ep::GET_STRATEGY_PERFORMANCE, |v, r| {
            public(v, r, |s, r, q| s.strategy_report(id(r), "performance", q))
        })
        // Account profile
        .on(ep::GET_USER_PROFILE, |v, r| {
            private(v, r, |s, t, _| s.profile(t))
        })
        .on(ep::PUT_USER_PROFILE, |v, r| {
            private(v, r, |s, t, r| s.put_profile(t, r.body()))
        })
        // Exchange keys
        .on(ep::LIST_WHITELIST_IPS, |v, r| {
            private(v, r, |s, _, _| s.whitelist_ips())
        })
        .on(ep::GET_EXCHANGE_TOTAL_BALANCE, |v, r| {
            private(v, r, |s, t, _| s.total_balance(t))
        })
        .on(ep::LIST_EXCHANGE_KEYS, |v, r| {
            private(v, r, |s, t, _| s.keys(t))
        })
        .on(ep::CREATE_EXCHANGE_KEY, |v, r| {
            private(v, r, |s, t, r| s.create_key(t, r.body()))
        })
        .on(ep::UPDATE_EXCHANGE_KEY, |v, r| {
            private(v, r, |s, t, r| s.update_key(t, id(r), r.body()))
        })
        .on(ep::DELETE_EXCHANGE_KEY, |v, r| {
            private(v, r, |s, t, r| s.delete_key(t, id(r)))
        })
        .on(ep::GET_EXCHANGE_KEY_BALANCE, |v, r| {
            private(v, r, |s, t, r| s.key_balance(t, id(r)))
        })
        .on(ep::LIST_EXCHANGE_KEY_BALANCE_HISTORY, |v, r| {
            private(v, r, |s, t, r| s.balance_history(t, id(r), &r.query_map()))
        })
        // Notifications
        .on(ep::GET_ALERT_METHOD, |v, r| {
            private(v, r, |s, t, _| s.alert_method(t))
        })
        .on(ep::GET_NOTIFICATION_SETTINGS, |v, r| {
            private(v, r, |s, t, _| s.notification(t))
        })
        .on(ep::PUT_NOTIFICATION_SETTINGS, |v, r| {
            private(v, r, |s, t, r| s.put_notification(t, r.body()))
        })
        // Subscription
        .on(ep::GET_USER_SUBSCRIPTION, |v, r| {
            private(v, r, |s, t, _| s.subscription(t))
        })
        .on(ep::GET_STRIPE_SUBSCRIPTION, |v, r| {
            private(v, r, |s, t, _| s.stripe(t))
        })
        .on(ep::CREATE_STRIPE_SUBSCRIPTION_CHECKOUT, |v, r| {
            private(v, r, |s, t, r| s.checkout(t, r.body()))
        })
        .on(ep::UPDATE_STRIPE_SUBSCRIPTION, |v, r| {
            private(v, r, |s, t, r| s.update_stripe(t, r.body()))
        })
        .on(ep::LIST_STRIPE_BILLING_HISTORY, |v, r| {
            private(v, r, |s, t, _| s.invoices(t))
        })
        // Trade history
        .on(ep::LIST_STRATEGY_AUTOMATED_HISTORY, |v, r| {
            private(v, r, |s, t, r| {
                s.trade_records(t, "strategy", &r.query_map())
            })
        })
        .on(ep::LIST_MANUAL_TRADING_HISTORY, |v, r| {
            private(v, r, |s, t, r| s.trade_records(t, "manual", &r.query_map()))
        })
        // Exchange (futures, per key)
        .on(ep::LIST_OPEN_ORDERS, |v, r| {
            private(v, r, |s, t, r| s.open_orders(t, id(r), &r.query_map()))
        })
        .on(ep::LIST_ORDER_HISTORY, |v, r| {
            private(v, r, |s, t, r| s.order_history(t, id(r), &r.query_map()))
        })
        .on(ep::LIST_TRADE_HISTORY, |v, r| {
            private(v, r, |s, t, r| s.trade_history(t, id(r), &r.query_map()))
        })
        .on(ep::GET_FUTURES_OPEN_POSITION, |v, r| {
            private(v, r, |s, t, r| s.position(t, id(r), &r.query_map()))
        })
        .on(ep::CREATE_MANUAL_ORDER, |v, r| {
            private(v, r, |s, t, r| s.manual_order(t, id(r), r.body()))
        })
        .on(ep::CANCEL_FUTURES_POSITION, |v, r| {
            private(v, r, |s, t, r| s.cancel_position(t, id(r), r.body()))
        })
        .on(ep::CHANGE_FUTURES_LEVERAGE, |v, r| {
            private(v, r, |s, t, r| s.leverage(t, id(r), r.body()))
        })
        .on(ep::CHANGE_FUTURES_MARGIN_TYPE, |v, r| {
            private(v, r, |s, t, r| s.margin(t, id(r), r.body()))
        })
        // Strategy follows
        .on(ep::LIST_EXCHANGE_KEY_FOLLOWS, |v, r| {
            private(v, r, |s, t, r| s.key_follows(t, id(r)))
        })
        .on(ep::CREATE_EXCHANGE_KEY_FOLLOW, |v, r| {
            private(v, r, |s, t, r| s.create_follow(t, id(r), r.body()))
        })
        .on(ep::UPDATE_STRATEGY_FOLLOW, |v, r| {
            private(v, r, |s, t, r| s.update_follow(t, id(r), r.body()))
        });
}

/// The path's `{id}`.
fn id(r: &Request) -> &str {
    r.param("id").unwrap_or_default()
}

/// A public endpoint: no authentication.
fn public(
    v: &MudawylVenue,
    r: &Request,
    f: impl FnOnce(&mut State, &Request, &HashMap<String, String>) -> Res,
) -> Answer {
    let q = r.query_map();
    v.with_state(|s| f(s, r, &q)).unwrap_or_else(|e| e)
}

/// A private endpoint: the caller's token (and, on a write, a fresh reCAPTCHA token) first.
fn private(
    v: &MudawylVenue,
    r: &Request,
    f: impl FnOnce(&mut State, &str, &Request) -> Res,
) -> Answer {
    v.with_state(|s| {
        let token = auth::authenticate(s, r)?;
        f(s, &token, r)
    })
    .unwrap_or_else(|e| e)
}

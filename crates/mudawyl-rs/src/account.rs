//! Account: profile, exchange balances and whitelist, exchange API keys, notifications and
//! subscriptions. Every endpoint here is private.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use venue_common::Result;
use venue_common::api::{Context, PagedRequest};
use venue_common::secret::{ExposeSecret, SecretString};

use crate::generated::requests::*;
use crate::serde_util::{dec, dec_map, ts, ts_opt};
use crate::types::{
    ApiKeyStatus, BillingInterval, ExchangeId, Language, PaymentType, StrategyType, TradeType,
};
use crate::validate::{self, FieldError, location};

// ------------------------------------------------------------------ models

/// The user's profile. Every field but the times may be null.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserProfile {
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default)]
    pub country: Option<String>,
    /// Preferred language.
    #[serde(default)]
    pub language: Option<Language>,
    /// Preferred time zone (IANA name).
    #[serde(default)]
    pub timezone: Option<String>,
    /// Created at.
    #[serde(with = "ts")]
    pub created_at: DateTime<Utc>,
    /// Updated at.
    #[serde(with = "ts")]
    pub updated_at: DateTime<Utc>,
}

/// Total of the active API keys' balances (not real time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TotalBalance {
    /// In USD.
    #[serde(rename = "USD", with = "dec")]
    pub usd: Decimal,
}

/// An exchange API key (the public half): `Debug` shows its first characters only.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ExchangeApiKey(pub String);

impl fmt::Debug for ExchangeApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        venue_common::secret::key_hint(&self.0).fmt(f)
    }
}

/// An exchange API key registered with Mudawyl.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeKey {
    /// API_KEY_ID.
    pub id: Uuid,
    /// Exchange.
    pub exchange_id: ExchangeId,
    /// SPOT or FUTURES.
    pub trade_type: TradeType,
    /// AUTOMATED or MANUAL.
    pub strategy_type: StrategyType,
    /// Active (false when the exchange refuses the key).
    pub active: bool,
    /// The user's name for it.
    pub name: String,
    /// Last access status.
    pub api_key_status: ApiKeyStatus,
    /// The exchange API key.
    pub api_key: ExchangeApiKey,
    /// Created at.
    #[serde(with = "ts")]
    pub created_at: DateTime<Utc>,
    /// Updated at.
    #[serde(with = "ts")]
    pub updated_at: DateTime<Utc>,
}

/// Balances of one key per asset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyBalance {
    /// Available for new orders.
    #[serde(default, with = "dec_map")]
    pub free: BTreeMap<String, Decimal>,
    /// On hold for orders.
    #[serde(default, with = "dec_map")]
    pub used: BTreeMap<String, Decimal>,
    /// Total.
    #[serde(default, with = "dec_map")]
    pub total: BTreeMap<String, Decimal>,
}

/// A daily USD snapshot of a key's balance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BalanceSnapshot {
    /// Day captured.
    pub date: NaiveDate,
    /// Total in USD.
    #[serde(rename = "totalUSD", with = "dec")]
    pub total_usd: Decimal,
}

/// A page of a `nextToken` listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Paged<T> {
    /// The items.
    #[serde(default = "Vec::new")]
    pub items: Vec<T>,
    /// Token of the next page; `null` on the last.
    #[serde(default)]
    pub next_token: Option<String>,
}

/// Telegram link details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AlertMethod {
    /// Bot URL to link the account.
    pub telegram_bot_url: String,
    /// Code to send the bot to link the account.
    pub telegram_auth_code: String,
    /// Whether Telegram is linked and active.
    pub telegram_active: bool,
    /// Created at.
    #[serde(default, with = "ts_opt")]
    pub created_at: Option<DateTime<Utc>>,
    /// Updated at.
    #[serde(default, with = "ts_opt")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// Notification settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationSettings {
    /// Weekly report.
    pub weekly_report: bool,
    /// Monthly report.
    pub monthly_report: bool,
    /// New orders by email.
    pub email_new_order: bool,
    /// Take-profit orders by email.
    pub email_take_profit: bool,
    /// Stop-loss orders by email.
    pub email_stop_loss: bool,
    /// New orders by Telegram.
    pub telegram_new_order: bool,
    /// Take-profit orders by Telegram.
    pub telegram_take_profit: bool,
    /// Stop-loss orders by Telegram.
    pub telegram_stop_loss: bool,
    /// Created at.
    #[serde(default, with = "ts_opt")]
    pub created_at: Option<DateTime<Utc>>,
    /// Updated at.
    #[serde(default, with = "ts_opt")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// The plan of the user's subscription.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionType {
    /// SUBSCRIPTION_ID (public or private plan).
    pub id: Uuid,
    /// Plan name.
    pub name: String,
    /// Largest balance allowed in USD.
    #[serde(rename = "maxBalanceUSD", with = "dec")]
    pub max_balance_usd: Decimal,
    /// Most API keys allowed.
    #[serde(deserialize_with = "venue_common::serde_ext::int_or_string::deserialize")]
    pub max_api_key: u32,
    /// Whether automated strategies may be followed.
    pub strategy_automated: bool,
}

/// The user's active subscription. The plan's key is capitalised (`SubscriptionType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserSubscription {
    /// Payment type.
    #[serde(rename = "paymentType")]
    pub payment_type: PaymentType,
    /// The plan.
    #[serde(rename = "SubscriptionType")]
    pub subscription_type: SubscriptionType,
}

/// A Stripe plan. Amounts in cents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StripePlan {
    /// Price per interval, in cents.
    #[serde(with = "dec")]
    pub amount: Decimal,
    /// ISO currency code, lower case.
    pub currency: String,
    /// Billing frequency.
    pub interval: BillingInterval,
    /// Default trial days.
    #[serde(default)]
    pub trial_period_days: Option<u32>,
}

/// The first active Stripe subscription.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StripeSubscription {
    /// Cancels at the end of the current period.
    pub cancel_at_period_end: bool,
    /// When it was (or will be) canceled.
    #[serde(default, with = "ts_opt")]
    pub cancel_at: Option<DateTime<Utc>>,
    /// Start of the invoiced period.
    #[serde(with = "ts")]
    pub current_period_start: DateTime<Utc>,
    /// End of the invoiced period.
    #[serde(with = "ts")]
    pub current_period_end: DateTime<Utc>,
    /// Trial start.
    #[serde(default, with = "ts_opt")]
    pub trial_start: Option<DateTime<Utc>>,
    /// Trial end.
    #[serde(default, with = "ts_opt")]
    pub trial_end: Option<DateTime<Utc>>,
    /// The plan.
    pub plan: StripePlan,
}

/// A Stripe checkout session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Checkout {
    /// Checkout URL.
    pub url: String,
    /// Redirect after success.
    pub success_url: String,
    /// Redirect after cancel.
    pub cancel_url: String,
}

/// A paid Stripe invoice. Amounts in cents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invoice {
    /// Invoice number.
    pub number: String,
    /// ISO currency code, lower case.
    pub currency: String,
    /// Amount paid, in cents.
    #[serde(with = "dec")]
    pub amount_paid: Decimal,
    /// Usage period start.
    #[serde(default, with = "ts_opt")]
    pub period_start: Option<DateTime<Utc>>,
    /// Usage period end.
    #[serde(default, with = "ts_opt")]
    pub period_end: Option<DateTime<Utc>>,
    /// Hosted invoice page.
    pub hosted_url: String,
    /// PDF link.
    pub pdf: String,
    /// Created at.
    #[serde(with = "ts")]
    pub created_at: DateTime<Utc>,
}

// ------------------------------------------------------------------ checks and pages

fn checked(errors: impl IntoIterator<Item = FieldError>) -> Result<()> {
    validate::into_result(errors.into_iter().collect())
}

pub(crate) fn check_put_user_profile(r: &PutUserProfileRequest, _: &Context) -> Result<()> {
    checked(validate::profile(
        r.last_name.as_deref(),
        r.first_name.as_deref(),
        r.country.as_deref(),
        r.language.as_ref().map(Language::as_str),
        r.timezone.as_deref(),
    ))
}

pub(crate) fn check_create_exchange_key(r: &CreateExchangeKeyRequest, _: &Context) -> Result<()> {
    let b = location::BODY;
    let empty = |param: &str, s: &SecretString| {
        s.expose_secret()
            .is_empty()
            .then(|| FieldError::new("", "must not be empty", param, b))
    };
    checked(
        validate::exchange_key(r.trade_type.as_str(), r.strategy_type.as_str(), &r.name)
            .into_iter()
            .chain(validate::exchange_id(r.exchange_id.as_str(), b))
            .chain(empty("apiKey", &r.api_key))
            .chain(empty("apiSecretKey", &r.api_secret_key)),
    )
}

pub(crate) fn check_update_exchange_key(r: &UpdateExchangeKeyRequest, _: &Context) -> Result<()> {
    checked(
        validate::path_uuid(&r.id)
            .into_iter()
            .chain(r.name.as_deref().and_then(validate::key_name)),
    )
}

pub(crate) fn check_delete_exchange_key(r: &DeleteExchangeKeyRequest, _: &Context) -> Result<()> {
    checked(validate::path_uuid(&r.id))
}

pub(crate) fn check_get_exchange_key_balance(
    r: &GetExchangeKeyBalanceRequest,
    _: &Context,
) -> Result<()> {
    checked(validate::path_uuid(&r.id))
}

pub(crate) fn check_list_exchange_key_balance_history(
    r: &ListExchangeKeyBalanceHistoryRequest,
    _: &Context,
) -> Result<()> {
    checked(validate::path_uuid(&r.id))
}

fn subscription_id(id: Option<&String>) -> Option<FieldError> {
    let msg = "must be valid subscription id";
    id.and_then(|id| validate::uuid_check(id, "subscriptionId", location::BODY, msg))
}

pub(crate) fn check_create_stripe_subscription_checkout(
    r: &CreateStripeSubscriptionCheckoutRequest,
    _: &Context,
) -> Result<()> {
    checked(subscription_id(Some(&r.subscription_id)))
}

pub(crate) fn check_update_stripe_subscription(
    r: &UpdateStripeSubscriptionRequest,
    _: &Context,
) -> Result<()> {
    checked(subscription_id(r.subscription_id.as_ref()))
}

/// Splits a `nextToken` page into its items and the request for the next page: none after the
/// last page (no token, or an empty one). A token equal to the one just sent is an error, not
/// an endless loop.
pub(crate) fn next_by_token<R: Clone, T>(
    request: &R,
    sent: Option<&String>,
    page: Paged<T>,
    with_token: impl FnOnce(R, String) -> R,
) -> Result<(Vec<T>, Option<R>)> {
    match page.next_token.filter(|t| !t.is_empty()) {
        // The venue's fault, not ours: a decode error (sent), its token bounded.
        Some(t) if Some(&t) == sent => Err(venue_common::pagination::repeated_token(&t)),
        next => Ok((page.items, next.map(|t| with_token(request.clone(), t)))),
    }
}

/// Every snapshot from this page on (`.into_stream()`), in the venue's order: `nextToken` is its
/// cursor, so rows that arrive meanwhile neither repeat nor shift the pages.
impl PagedRequest for ListExchangeKeyBalanceHistoryRequest {
    type Item = BalanceSnapshot;

    fn next_page(&self, page: Self::Output) -> Result<(Vec<BalanceSnapshot>, Option<Self>)> {
        next_by_token(self, self.next_token.as_ref(), page, |r, t| r.next_token(t))
    }
}

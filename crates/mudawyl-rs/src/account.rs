//! Account: profile, exchange balances and whitelist, exchange API keys, notifications and
//! subscriptions. Every endpoint here is private.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;

use chrono::{DateTime, NaiveDate, Utc};
use futures::stream::BoxStream;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};
use uuid::Uuid;
use venue_common::secret::{ExposeSecret, SecretString};
use venue_common::{Page, Request, Response, Result};

use crate::client::{ApiRequest, Call, Client, empty, id_path, json, nullable, setters};
use crate::generated::endpoints as ep;
use crate::public::{Items, plain_get};
use crate::serde_util::{dec, dec_map, ts, ts_opt};
use crate::types::{
    ApiKeyStatus, BillingInterval, ExchangeId, Language, PaymentType, StrategyType, TradeType,
};
use crate::validate::{self, location};

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

// ------------------------------------------------------------------ requests

/// `GET /v1/priv/account/profile`; the answer can be null.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GetUserProfile;

impl ApiRequest for GetUserProfile {
    type Output = Option<UserProfile>;
    fn to_request(&self) -> Result<Request> {
        Ok(ep::GET_USER_PROFILE.request())
    }
    fn decode(r: &Response) -> Result<Self::Output> {
        nullable(r)
    }
}

/// `PUT /v1/priv/account/profile`: only the fields set are sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PutUserProfile {
    #[serde(skip_serializing_if = "Option::is_none")]
    last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<Language>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timezone: Option<String>,
}

setters!(PutUserProfile {
    /// `lastName` (letters).
    last_name: String,
    /// `firstName` (letters).
    first_name: String,
    /// `country`, ISO 3166-1 alpha-2 (`CA`).
    country: String,
    /// `language`.
    language: Language,
    /// `timezone`, an IANA name (`America/Toronto`).
    timezone: String,
});

impl ApiRequest for PutUserProfile {
    type Output = UserProfile;
    fn to_request(&self) -> Result<Request> {
        validate::into_result(validate::profile(
            self.last_name.as_deref(),
            self.first_name.as_deref(),
            self.country.as_deref(),
            self.language.as_ref().map(Language::as_str),
            self.timezone.as_deref(),
        ))?;
        ep::PUT_USER_PROFILE.request().json(self)
    }
    fn decode(r: &Response) -> Result<Self::Output> {
        json(r)
    }
}

plain_get!(
    /// `GET /v1/priv/account/exchange/whitelist/ip`.
    ListWhitelistIps, LIST_WHITELIST_IPS, Vec<IpAddr>
);
plain_get!(
    /// `GET /v1/priv/account/exchange/balance`.
    GetExchangeTotalBalance, GET_EXCHANGE_TOTAL_BALANCE, TotalBalance
);
plain_get!(
    /// `GET /v1/priv/account/exchange/key/list`.
    ListExchangeKeys, LIST_EXCHANGE_KEYS, Items<ExchangeKey>
);

/// `POST /v1/priv/account/exchange/key`. The secret is redacted from `Debug`.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateExchangeKey {
    exchange_id: ExchangeId,
    trade_type: TradeType,
    strategy_type: StrategyType,
    #[serde(skip_serializing_if = "Option::is_none")]
    active: Option<bool>,
    name: String,
    api_key: String,
    #[serde(serialize_with = "expose")]
    api_secret_key: SecretString,
}

fn expose<S: Serializer>(s: &SecretString, ser: S) -> std::result::Result<S::Ok, S::Error> {
    ser.serialize_str(s.expose_secret())
}

impl fmt::Debug for CreateExchangeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateExchangeKey")
            .field("exchange_id", &self.exchange_id)
            .field("trade_type", &self.trade_type)
            .field("strategy_type", &self.strategy_type)
            .field("active", &self.active)
            .field("name", &self.name)
            .field("api_key", &venue_common::secret::key_hint(&self.api_key))
            .field("api_secret_key", &venue_common::secret::REDACTED)
            .finish()
    }
}

impl CreateExchangeKey {
    /// A key to add. Only MANUAL keys may be SPOT; AUTOMATED keys must be FUTURES.
    pub fn new(
        exchange_id: ExchangeId,
        trade_type: TradeType,
        strategy_type: StrategyType,
        name: impl Into<String>,
        api_key: impl Into<String>,
        api_secret_key: impl Into<String>,
    ) -> Self {
        CreateExchangeKey {
            exchange_id,
            trade_type,
            strategy_type,
            active: None,
            name: name.into(),
            api_key: api_key.into(),
            api_secret_key: SecretString::from(api_secret_key.into()),
        }
    }
}

setters!(CreateExchangeKey {
    /// `active` (default true).
    active: bool,
});

impl ApiRequest for CreateExchangeKey {
    type Output = ExchangeKey;
    fn to_request(&self) -> Result<Request> {
        let mut errors = validate::exchange_key(
            self.trade_type.as_str(),
            self.strategy_type.as_str(),
            &self.name,
        );
        errors.extend(validate::exchange_id(
            self.exchange_id.as_str(),
            location::BODY,
        ));
        if self.api_key.is_empty() {
            errors.push(validate::FieldError::new(
                "",
                "must not be empty",
                "apiKey",
                location::BODY,
            ));
        }
        if self.api_secret_key.expose_secret().is_empty() {
            errors.push(validate::FieldError::new(
                "",
                "must not be empty",
                "apiSecretKey",
                location::BODY,
            ));
        }
        validate::into_result(errors)?;
        ep::CREATE_EXCHANGE_KEY.request().json(self)
    }
    fn decode(r: &Response) -> Result<Self::Output> {
        json(r)
    }
}

/// `PUT /v1/priv/account/exchange/key/<API_KEY_ID>`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpdateExchangeKey {
    #[serde(skip)]
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

impl UpdateExchangeKey {
    /// An update of key `id`.
    pub fn new(id: impl fmt::Display) -> Self {
        UpdateExchangeKey {
            id: id.to_string(),
            name: None,
        }
    }
}

setters!(UpdateExchangeKey {
    /// `name`, shorter than 25 characters.
    name: String,
});

impl ApiRequest for UpdateExchangeKey {
    type Output = ExchangeKey;
    fn to_request(&self) -> Result<Request> {
        let mut errors: Vec<_> = validate::path_uuid(&self.id).into_iter().collect();
        if let Some(n) = &self.name {
            errors.extend(validate::key_name(n));
        }
        validate::into_result(errors)?;
        id_path(&ep::UPDATE_EXCHANGE_KEY, &self.id)?.json(self)
    }
    fn decode(r: &Response) -> Result<Self::Output> {
        json(r)
    }
}

macro_rules! id_only {
    ($(#[$m:meta])* $name:ident, $ep:ident, $out:ty, $decode:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            id: String,
        }

        impl $name {
            /// The request for `id`.
            pub fn new(id: impl std::fmt::Display) -> Self {
                $name { id: id.to_string() }
            }
        }

        impl ApiRequest for $name {
            type Output = $out;
            fn to_request(&self) -> Result<Request> {
                id_path(&ep::$ep, &self.id)
            }
            fn decode(r: &Response) -> Result<$out> {
                $decode(r)
            }
        }
    };
}
pub(crate) use id_only;

id_only!(
    /// `DELETE /v1/priv/account/exchange/key/<API_KEY_ID>`; answers 204.
    DeleteExchangeKey, DELETE_EXCHANGE_KEY, (), empty
);
id_only!(
    /// `GET /v1/priv/account/exchange/key/<API_KEY_ID>/balance`.
    GetExchangeKeyBalance, GET_EXCHANGE_KEY_BALANCE, KeyBalance, json
);

/// Query of the `nextToken` listings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageQuery {
    /// `start`: first day.
    pub start: Option<NaiveDate>,
    /// `limit`: 1 to 1000.
    pub limit: Option<u32>,
    /// `nextToken`.
    pub next_token: Option<String>,
}

impl PageQuery {
    pub(crate) fn apply(&self, request: Request) -> Result<Request> {
        validate::into_result(self.limit.and_then(validate::limit).into_iter().collect())?;
        Ok(request
            .query_opt("start", self.start.map(|d| d.format("%Y-%m-%d")))
            .query_opt("limit", self.limit)
            .query_opt("nextToken", self.next_token.as_ref()))
    }
}

/// `GET /v1/priv/account/exchange/key/<API_KEY_ID>/balance/history`: one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListExchangeKeyBalanceHistory {
    id: String,
    start: Option<NaiveDate>,
    limit: Option<u32>,
    next_token: Option<String>,
}

impl ListExchangeKeyBalanceHistory {
    /// The first page of key `id`'s history.
    pub fn new(id: impl fmt::Display) -> Self {
        ListExchangeKeyBalanceHistory {
            id: id.to_string(),
            start: None,
            limit: None,
            next_token: None,
        }
    }
}

setters!(ListExchangeKeyBalanceHistory {
    /// `start`: first day.
    start: NaiveDate,
    /// `limit`: days per page, 1 to 1000 (default 100).
    limit: u32,
    /// `nextToken`: the page after the one that returned it.
    next_token: String,
});

impl ApiRequest for ListExchangeKeyBalanceHistory {
    type Output = Paged<BalanceSnapshot>;
    fn to_request(&self) -> Result<Request> {
        let q = PageQuery {
            start: self.start,
            limit: self.limit,
            next_token: self.next_token.clone(),
        };
        q.apply(id_path(&ep::LIST_EXCHANGE_KEY_BALANCE_HISTORY, &self.id)?)
    }
    fn decode(r: &Response) -> Result<Self::Output> {
        json(r)
    }
}

impl<'a> Call<'a, ListExchangeKeyBalanceHistory> {
    /// Every snapshot from this page on, following `nextToken` lazily.
    pub fn into_stream(self) -> BoxStream<'a, Result<BalanceSnapshot>> {
        let client = self.client();
        let first = self.into_request();
        venue_common::token_stream(move |token| {
            let mut req = first.clone();
            if token.is_some() {
                req.next_token = token;
            }
            async move {
                let page = client.send(req).await?;
                Ok(Page::with_token(page.items, page.next_token))
            }
        })
    }
}

plain_get!(
    /// `GET /v1/priv/account/notification/method`.
    GetAlertMethod, GET_ALERT_METHOD, AlertMethod
);

/// `GET /v1/priv/account/notification`; the answer can be null.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GetNotificationSettings;

impl ApiRequest for GetNotificationSettings {
    type Output = Option<NotificationSettings>;
    fn to_request(&self) -> Result<Request> {
        Ok(ep::GET_NOTIFICATION_SETTINGS.request())
    }
    fn decode(r: &Response) -> Result<Self::Output> {
        nullable(r)
    }
}

/// `PUT /v1/priv/account/notification`: only the fields set are sent. The Telegram ones may
/// be true only when Telegram is linked (the venue checks; 422 otherwise).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PutNotificationSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    weekly_report: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    monthly_report: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email_new_order: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email_take_profit: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email_stop_loss: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    telegram_new_order: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    telegram_take_profit: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    telegram_stop_loss: Option<bool>,
}

setters!(PutNotificationSettings {
    /// `weeklyReport`.
    weekly_report: bool,
    /// `monthlyReport`.
    monthly_report: bool,
    /// `emailNewOrder`.
    email_new_order: bool,
    /// `emailTakeProfit`.
    email_take_profit: bool,
    /// `emailStopLoss`.
    email_stop_loss: bool,
    /// `telegramNewOrder` (true needs a linked Telegram).
    telegram_new_order: bool,
    /// `telegramTakeProfit` (true needs a linked Telegram).
    telegram_take_profit: bool,
    /// `telegramStopLoss` (true needs a linked Telegram).
    telegram_stop_loss: bool,
});

impl ApiRequest for PutNotificationSettings {
    type Output = NotificationSettings;
    fn to_request(&self) -> Result<Request> {
        ep::PUT_NOTIFICATION_SETTINGS.request().json(self)
    }
    fn decode(r: &Response) -> Result<Self::Output> {
        json(r)
    }
}

plain_get!(
    /// `GET /v1/priv/account/subscription`.
    GetUserSubscription, GET_USER_SUBSCRIPTION, UserSubscription
);

/// `GET /v1/priv/account/subscription/stripe`; the answer can be null.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GetStripeSubscription;

impl ApiRequest for GetStripeSubscription {
    type Output = Option<StripeSubscription>;
    fn to_request(&self) -> Result<Request> {
        Ok(ep::GET_STRIPE_SUBSCRIPTION.request())
    }
    fn decode(r: &Response) -> Result<Self::Output> {
        nullable(r)
    }
}

/// `POST /v1/priv/account/subscription/stripe/checkout`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateStripeSubscriptionCheckout {
    subscription_id: String,
}

impl CreateStripeSubscriptionCheckout {
    /// A checkout for the public plan `subscription_id`.
    pub fn new(subscription_id: impl fmt::Display) -> Self {
        CreateStripeSubscriptionCheckout {
            subscription_id: subscription_id.to_string(),
        }
    }
}

fn subscription_id(id: &str) -> Option<validate::FieldError> {
    validate::uuid_check(
        id,
        "subscriptionId",
        location::BODY,
        "must be valid subscription id",
    )
}

impl ApiRequest for CreateStripeSubscriptionCheckout {
    type Output = Checkout;
    fn to_request(&self) -> Result<Request> {
        validate::into_result(subscription_id(&self.subscription_id).into_iter().collect())?;
        ep::CREATE_STRIPE_SUBSCRIPTION_CHECKOUT.request().json(self)
    }
    fn decode(r: &Response) -> Result<Self::Output> {
        json(r)
    }
}

/// `PUT /v1/priv/account/subscription/stripe`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateStripeSubscription {
    #[serde(skip_serializing_if = "Option::is_none")]
    cancel_at_period_end: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subscription_id: Option<String>,
}

setters!(UpdateStripeSubscription {
    /// `cancelAtPeriodEnd`.
    cancel_at_period_end: bool,
    /// `subscriptionId`: the public plan to change to.
    subscription_id: String,
});

impl ApiRequest for UpdateStripeSubscription {
    type Output = StripeSubscription;
    fn to_request(&self) -> Result<Request> {
        if let Some(id) = &self.subscription_id {
            validate::into_result(subscription_id(id).into_iter().collect())?;
        }
        ep::UPDATE_STRIPE_SUBSCRIPTION.request().json(self)
    }
    fn decode(r: &Response) -> Result<Self::Output> {
        json(r)
    }
}

plain_get!(
    /// `GET /v1/priv/account/subscription/stripe/billing/history`.
    ListStripeBillingHistory, LIST_STRIPE_BILLING_HISTORY, Vec<Invoice>
);

impl Client {
    /// Get User Profile (`None` when the venue answers null).
    pub fn get_user_profile(&self) -> Call<'_, GetUserProfile> {
        self.call(GetUserProfile)
    }

    /// Put User Profile: set the fields to change.
    pub fn put_user_profile(&self) -> Call<'_, PutUserProfile> {
        self.call(PutUserProfile::default())
    }

    /// List Whitelist IP address: proxy IPs the user's exchange keys should whitelist.
    pub fn list_whitelist_ips(&self) -> Call<'_, ListWhitelistIps> {
        self.call(ListWhitelistIps)
    }

    /// Get Exchange Total Balance: sum of the active keys' balances in USD (not real time).
    pub fn get_exchange_total_balance(&self) -> Call<'_, GetExchangeTotalBalance> {
        self.call(GetExchangeTotalBalance)
    }

    /// List Exchange Keys.
    pub fn list_exchange_keys(&self) -> Call<'_, ListExchangeKeys> {
        self.call(ListExchangeKeys)
    }

    /// Create Exchange Key.
    pub fn create_exchange_key(&self, key: CreateExchangeKey) -> Call<'_, CreateExchangeKey> {
        self.call(key)
    }

    /// Update Exchange Key `id` (set `name`).
    pub fn update_exchange_key(&self, id: impl fmt::Display) -> Call<'_, UpdateExchangeKey> {
        self.call(UpdateExchangeKey::new(id))
    }

    /// Delete Exchange Key `id` (204).
    pub fn delete_exchange_key(&self, id: impl fmt::Display) -> Call<'_, DeleteExchangeKey> {
        self.call(DeleteExchangeKey::new(id))
    }

    /// Get Exchange Key Balance of key `id`.
    pub fn get_exchange_key_balance(
        &self,
        id: impl fmt::Display,
    ) -> Call<'_, GetExchangeKeyBalance> {
        self.call(GetExchangeKeyBalance::new(id))
    }

    /// List Exchange Key Balance History of key `id` (one page; `.into_stream()` for all).
    pub fn list_exchange_key_balance_history(
        &self,
        id: impl fmt::Display,
    ) -> Call<'_, ListExchangeKeyBalanceHistory> {
        self.call(ListExchangeKeyBalanceHistory::new(id))
    }

    /// Get Alert Method: Telegram link details.
    pub fn get_alert_method(&self) -> Call<'_, GetAlertMethod> {
        self.call(GetAlertMethod)
    }

    /// Get Notification Settings (`None` when the venue answers null).
    pub fn get_notification_settings(&self) -> Call<'_, GetNotificationSettings> {
        self.call(GetNotificationSettings)
    }

    /// Put Notification Settings: set the fields to change.
    pub fn put_notification_settings(&self) -> Call<'_, PutNotificationSettings> {
        self.call(PutNotificationSettings::default())
    }

    /// Get User Subscription.
    pub fn get_user_subscription(&self) -> Call<'_, GetUserSubscription> {
        self.call(GetUserSubscription)
    }

    /// Get Stripe Subscription (`None` when there is none).
    pub fn get_stripe_subscription(&self) -> Call<'_, GetStripeSubscription> {
        self.call(GetStripeSubscription)
    }

    /// Create Stripe Subscription Checkout for the public plan `subscription_id`.
    pub fn create_stripe_subscription_checkout(
        &self,
        subscription_id: impl fmt::Display,
    ) -> Call<'_, CreateStripeSubscriptionCheckout> {
        self.call(CreateStripeSubscriptionCheckout::new(subscription_id))
    }

    /// Update Stripe Subscription: set `cancel_at_period_end` and/or `subscription_id`.
    pub fn update_stripe_subscription(&self) -> Call<'_, UpdateStripeSubscription> {
        self.call(UpdateStripeSubscription::default())
    }

    /// List Stripe Billing History: paid invoices.
    pub fn list_stripe_billing_history(&self) -> Call<'_, ListStripeBillingHistory> {
        self.call(ListStripeBillingHistory)
    }
}

//! Strategy Automated: which automated strategies an exchange API key follows.

use std::fmt;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use venue_common::{Request, Response, Result};

use crate::account::id_only;
use crate::client::{ApiRequest, Call, Client, id_path, json, setters};
use crate::generated::endpoints as ep;
use crate::public::Items;
use crate::serde_util::{dec, ts};
use crate::types::ExchangeId;
use crate::validate::{self, FieldError, location};

/// The followed strategy (`StrategyAutomated`, capitalised).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FollowedStrategy {
    /// STRATEGY_ID.
    pub id: Uuid,
    /// Whether it trades.
    pub active: bool,
    /// Exchange.
    pub exchange_id: ExchangeId,
    /// Symbol.
    pub symbol: String,
}

/// The follow's risk profile (`StrategyRiskProfile`, capitalised).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowRiskProfile {
    /// STRATEGY_PROFILE_ID.
    pub id: Uuid,
    /// Risk of equity per trade in percent.
    #[serde(with = "dec")]
    pub percentage: Decimal,
}

/// A key's follow of an automated strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyFollow {
    /// STRATEGY_FOLLOW_ID.
    pub id: Uuid,
    /// Whether the follow trades.
    pub active: bool,
    /// Created at.
    #[serde(rename = "createdAt", with = "ts")]
    pub created_at: DateTime<Utc>,
    /// Updated at.
    #[serde(rename = "updatedAt", with = "ts")]
    pub updated_at: DateTime<Utc>,
    /// The strategy.
    #[serde(rename = "StrategyAutomated")]
    pub strategy_automated: FollowedStrategy,
    /// The risk profile.
    #[serde(rename = "StrategyRiskProfile")]
    pub strategy_risk_profile: FollowRiskProfile,
}

id_only!(
    /// `GET /v1/priv/strategy/follow/exchange/key/<API_KEY_ID>`.
    ListExchangeKeyFollows, LIST_EXCHANGE_KEY_FOLLOWS, Items<StrategyFollow>, json
);

/// The body of Create Exchange Key Follow and Update Strategy Follow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FollowBody {
    /// `active`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// `strategyAutomatedId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy_automated_id: Option<String>,
    /// `strategyRiskProfileId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy_risk_profile_id: Option<String>,
}

/// The format checks of a follow body (the venue also checks that the ids exist).
pub fn check_follow_body(body: &FollowBody, create: bool) -> Vec<FieldError> {
    let b = location::BODY;
    let mut out = Vec::new();
    match &body.strategy_automated_id {
        Some(s) => out.extend(validate::uuid_check(
            s,
            "strategyAutomatedId",
            b,
            "must be active strategy automated id",
        )),
        None if create => out.push(FieldError::new(
            serde_json::Value::Null,
            "is required",
            "strategyAutomatedId",
            b,
        )),
        None => {}
    }
    match &body.strategy_risk_profile_id {
        Some(s) => out.extend(validate::uuid_check(
            s,
            "strategyRiskProfileId",
            b,
            "must be valid strategy risk profile id",
        )),
        None if create => out.push(FieldError::new(
            serde_json::Value::Null,
            "is required",
            "strategyRiskProfileId",
            b,
        )),
        None => {}
    }
    out
}

/// `POST /v1/priv/strategy/follow/exchange/key/<API_KEY_ID>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateExchangeKeyFollow {
    id: String,
    body: FollowBody,
}

impl CreateExchangeKeyFollow {
    /// Makes key `id` follow `strategy_automated_id` with `strategy_risk_profile_id`.
    pub fn new(
        id: impl fmt::Display,
        strategy_automated_id: impl fmt::Display,
        strategy_risk_profile_id: impl fmt::Display,
    ) -> Self {
        CreateExchangeKeyFollow {
            id: id.to_string(),
            body: FollowBody {
                active: None,
                strategy_automated_id: Some(strategy_automated_id.to_string()),
                strategy_risk_profile_id: Some(strategy_risk_profile_id.to_string()),
            },
        }
    }

    /// `active` (default true).
    pub fn active(mut self, active: bool) -> Self {
        self.body.active = Some(active);
        self
    }
}

impl Call<'_, CreateExchangeKeyFollow> {
    /// `active` (default true).
    pub fn active(self, active: bool) -> Self {
        self.map(|r| r.active(active))
    }
}

impl ApiRequest for CreateExchangeKeyFollow {
    type Output = StrategyFollow;
    fn to_request(&self) -> Result<Request> {
        let mut errors: Vec<_> = validate::path_uuid(&self.id).into_iter().collect();
        errors.extend(check_follow_body(&self.body, true));
        validate::into_result(errors)?;
        id_path(&ep::CREATE_EXCHANGE_KEY_FOLLOW, &self.id)?.json(&self.body)
    }
    fn decode(r: &Response) -> Result<Self::Output> {
        json(r)
    }
}

/// `PUT /v1/priv/strategy/follow/<STRATEGY_FOLLOW_ID>`: only the fields set are sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateStrategyFollow {
    id: String,
    active: Option<bool>,
    strategy_automated_id: Option<String>,
    strategy_risk_profile_id: Option<String>,
}

impl UpdateStrategyFollow {
    /// An update of follow `id`.
    pub fn new(id: impl fmt::Display) -> Self {
        UpdateStrategyFollow {
            id: id.to_string(),
            active: None,
            strategy_automated_id: None,
            strategy_risk_profile_id: None,
        }
    }
}

setters!(UpdateStrategyFollow {
    /// `active` (true needs an active, AUTHORIZED key).
    active: bool,
    /// `strategyAutomatedId` (same exchange and symbol as before).
    strategy_automated_id: String,
    /// `strategyRiskProfileId`.
    strategy_risk_profile_id: String,
});

impl ApiRequest for UpdateStrategyFollow {
    type Output = StrategyFollow;
    fn to_request(&self) -> Result<Request> {
        let body = FollowBody {
            active: self.active,
            strategy_automated_id: self.strategy_automated_id.clone(),
            strategy_risk_profile_id: self.strategy_risk_profile_id.clone(),
        };
        let mut errors: Vec<_> = validate::path_uuid(&self.id).into_iter().collect();
        errors.extend(check_follow_body(&body, false));
        validate::into_result(errors)?;
        id_path(&ep::UPDATE_STRATEGY_FOLLOW, &self.id)?.json(&body)
    }
    fn decode(r: &Response) -> Result<Self::Output> {
        json(r)
    }
}

impl Client {
    /// List Exchange Key Follows of key `id`.
    pub fn list_exchange_key_follows(
        &self,
        id: impl fmt::Display,
    ) -> Call<'_, ListExchangeKeyFollows> {
        self.call(ListExchangeKeyFollows::new(id))
    }

    /// Create Exchange Key Follow: key `id` (active, AUTOMATED) follows a strategy. The
    /// subscription must allow automated strategies.
    pub fn create_exchange_key_follow(
        &self,
        id: impl fmt::Display,
        strategy_automated_id: impl fmt::Display,
        strategy_risk_profile_id: impl fmt::Display,
    ) -> Call<'_, CreateExchangeKeyFollow> {
        self.call(CreateExchangeKeyFollow::new(
            id,
            strategy_automated_id,
            strategy_risk_profile_id,
        ))
    }

    /// Update Strategy Follow `id`.
    pub fn update_strategy_follow(&self, id: impl fmt::Display) -> Call<'_, UpdateStrategyFollow> {
        self.call(UpdateStrategyFollow::new(id))
    }
}

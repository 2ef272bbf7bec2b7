//! Strategy Automated: which automated strategies an exchange API key follows.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use venue_common::Result;
use venue_common::api::Context;

use crate::generated::requests::*;
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

pub(crate) fn check_list_exchange_key_follows(
    r: &ListExchangeKeyFollowsRequest,
    _: &Context,
) -> Result<()> {
    validate::into_result(validate::path_uuid(&r.id).into_iter().collect())
}

fn check_follow(id: &str, body: FollowBody, create: bool) -> Result<()> {
    let mut errors: Vec<_> = validate::path_uuid(id).into_iter().collect();
    errors.extend(check_follow_body(&body, create));
    validate::into_result(errors)
}

pub(crate) fn check_create_exchange_key_follow(
    r: &CreateExchangeKeyFollowRequest,
    _: &Context,
) -> Result<()> {
    let body = FollowBody {
        active: r.active,
        strategy_automated_id: Some(r.strategy_automated_id.clone()),
        strategy_risk_profile_id: Some(r.strategy_risk_profile_id.clone()),
    };
    check_follow(&r.id, body, true)
}

pub(crate) fn check_update_strategy_follow(
    r: &UpdateStrategyFollowRequest,
    _: &Context,
) -> Result<()> {
    let body = FollowBody {
        active: r.active,
        strategy_automated_id: r.strategy_automated_id.clone(),
        strategy_risk_profile_id: r.strategy_risk_profile_id.clone(),
    };
    check_follow(&r.id, body, false)
}

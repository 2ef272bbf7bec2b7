//! The venue's check of who is calling, from the document's "Authorization" and "HTTP Status
//! codes" sections: the API key goes, as is, in the `Authorization` header of every
//! authorized request; 401 "Invalid login data", 402 "Action is forbidden for API key",
//! 403 "Authorization token expired".

use venue_common::sim::Request;

use super::engine::{Engine, Outcome, Refusal, User};

/// The venue's check: the `Authorization` header must be exactly a known key; a disabled key
/// is 401, an expired one 403.
pub(crate) fn authenticate(engine: &Engine, r: &Request) -> Outcome<User> {
    let key = r
        .header("authorization")
        .ok_or_else(|| Refusal::new(401, "Invalid login data"))?;
    let user = engine
        .users
        .get(key)
        .ok_or_else(|| Refusal::new(401, "Invalid login data"))?;
    if user.disabled {
        return Err(Refusal::new(401, "Invalid login data"));
    }
    if user.expired {
        return Err(Refusal::new(403, "Authorization token expired"));
    }
    Ok(user.clone())
}

/// A key that may open and cancel orders; 402 otherwise.
pub(crate) fn authenticate_trader(engine: &Engine, r: &Request) -> Outcome<User> {
    let user = authenticate(engine, r)?;
    if !user.is_trade {
        return Err(Refusal::new(402, "Action is forbidden for API key"));
    }
    Ok(user)
}

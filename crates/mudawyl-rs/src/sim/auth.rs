//! The venue's checks of who is calling, from the document's "Authentication" and
//! "ReCaptcha" sections, apart from the client's header recipe:
//!
//! - private routes need `Authorization: <JWT>`, the token exactly as issued (no scheme);
//!   anything else is `401 {"message": "Unauthorized"}`;
//! - in production, every POST, PUT and DELETE carries `recaptcha-token-v3`, a Google
//!   reCAPTCHA v3 token that is valid once; a missing or spent one is `403`.

use venue_common::sim::Request;
use venue_common::{Method, StatusCode};

use super::engine::State;
use super::{Answer, message};

/// The reCAPTCHA header, as the document names it.
const RECAPTCHA_HEADER: &str = "recaptcha-token-v3";

/// The caller's token when it is a user's, after the reCAPTCHA check of a write.
pub(crate) fn authenticate(state: &mut State, request: &Request) -> Result<String, Answer> {
    let token = request
        .header("authorization")
        .filter(|t| state.knows_token(t))
        .map(str::to_string)
        .ok_or_else(|| message(StatusCode::UNAUTHORIZED, "Unauthorized"))?;
    let write = matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::DELETE
    );
    if write && state.requires_recaptcha() {
        let recaptcha = request
            .header(RECAPTCHA_HEADER)
            .filter(|r| !r.trim().is_empty())
            .ok_or_else(|| message(StatusCode::FORBIDDEN, "reCAPTCHA token is missing"))?;
        if !state.spend_recaptcha(recaptcha) {
            return Err(message(
                StatusCode::FORBIDDEN,
                "reCAPTCHA token is invalid or already used",
            ));
        }
    }
    Ok(token)
}

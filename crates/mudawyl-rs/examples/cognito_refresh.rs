//! A token provider that keeps a Mudawyl session alive without a browser: it trades the
//! Cognito **refresh token** for a fresh **ID token** through AWS Cognito's `InitiateAuth`
//! (`REFRESH_TOKEN_AUTH`), caches it, and refreshes it a few minutes before it expires.
//!
//! ```sh
//! COGNITO_REGION=eu-west-1 COGNITO_CLIENT_ID=... COGNITO_REFRESH_TOKEN=... \
//! MUDAWYL_BASE_URL=https://... cargo run -p mudawyl-rs --example cognito_refresh
//! ```
//!
//! The region and app client id are in the web app's Amplify configuration (`aws-exports.js`:
//! `aws_cognito_region`, `aws_user_pools_web_client_id`); the refresh token is what the sign-in
//! returned (Amplify keeps it in the browser's local storage as `...refreshToken`). A web app
//! client has no client secret, so no `SECRET_HASH` is needed. Refresh tokens last 30 days by
//! default; after that the user must sign in again.
//!
//! Reads work with this alone. Writes on the live service also need a reCAPTCHA v3 token per
//! write, which only a browser session on Mudawyl's site can mint (see the README).
//!
//! Without the environment variables it prints this usage and exits 0.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use mudawyl_rs::{Client, Error, Result, Token, TokenProvider};

/// Refresh this long before the token's expiry, so a request never carries one that expires
/// in flight.
const MARGIN: Duration = Duration::from_secs(5 * 60);

/// A [`TokenProvider`] backed by a Cognito refresh token.
struct CognitoRefresh {
    /// `https://cognito-idp.<region>.amazonaws.com/`.
    endpoint: String,
    client_id: String,
    refresh_token: Token,
    http: reqwest::Client,
    /// The current ID token and when to refresh it.
    cached: Mutex<Option<(Token, Instant)>>,
}

impl CognitoRefresh {
    fn new(region: &str, client_id: impl Into<String>, refresh_token: Token) -> Self {
        CognitoRefresh {
            endpoint: format!("https://cognito-idp.{region}.amazonaws.com/"),
            client_id: client_id.into(),
            refresh_token,
            http: reqwest::Client::new(),
            cached: Mutex::new(None),
        }
    }

    fn current(&self) -> Option<Token> {
        let cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        match &*cached {
            Some((token, refresh_at)) if Instant::now() < *refresh_at => Some(token.clone()),
            _ => None,
        }
    }

    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH`: the answer's `AuthenticationResult` holds a new
    /// `IdToken` and `AccessToken` (no new refresh token) and `ExpiresIn` seconds.
    async fn refresh(&self) -> Result<Token> {
        let body = serde_json::json!({
            "AuthFlow": "REFRESH_TOKEN_AUTH",
            "ClientId": self.client_id,
            "AuthParameters": { "REFRESH_TOKEN": self.refresh_token.expose() },
        });
        let failed = |what: String| Error::Config(format!("Cognito refresh failed: {what}"));
        let resp = self
            .http
            .post(&self.endpoint)
            .header(
                "X-Amz-Target",
                "AWSCognitoIdentityProviderService.InitiateAuth",
            )
            .header("Content-Type", "application/x-amz-json-1.1")
            .body(body.to_string())
            .send()
            .await
            // the error's text names no token: reqwest errors carry the URL, not the body
            .map_err(|e| failed(e.without_url().to_string()))?;
        let status = resp.status();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| failed(e.without_url().to_string()))?;
        let answer: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| failed(format!("not JSON: {e}")))?;
        if !status.is_success() {
            // {"__type": "NotAuthorizedException", "message": "Refresh Token has expired"}
            let kind = answer["__type"].as_str().unwrap_or("unknown error");
            let message = answer["message"].as_str().unwrap_or_default();
            return Err(failed(format!("{status} {kind}: {message}")));
        }
        let result = &answer["AuthenticationResult"];
        // The ID token: what a Cognito user-pool authorizer without OAuth scopes accepts, and
        // what Amplify's `currentSession().getIdToken()` sends.
        let id_token = result["IdToken"]
            .as_str()
            .ok_or_else(|| failed("no IdToken in the answer".into()))?;
        let lifetime = Duration::from_secs(result["ExpiresIn"].as_u64().unwrap_or(3600));
        let token = Token::new(id_token);
        let refresh_at = Instant::now() + lifetime.saturating_sub(MARGIN);
        *self.cached.lock().unwrap_or_else(|p| p.into_inner()) = Some((token.clone(), refresh_at));
        Ok(token)
    }
}

impl TokenProvider for CognitoRefresh {
    fn token(&self) -> BoxFuture<'_, Result<Token>> {
        Box::pin(async move {
            match self.current() {
                Some(token) => Ok(token),
                None => self.refresh().await,
            }
        })
    }
}

#[tokio::main]
async fn main() {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (Some(region), Some(client_id), Some(refresh), Some(base)) = (
        var("COGNITO_REGION"),
        var("COGNITO_CLIENT_ID"),
        var("COGNITO_REFRESH_TOKEN"),
        var("MUDAWYL_BASE_URL"),
    ) else {
        println!(
            "usage: COGNITO_REGION, COGNITO_CLIENT_ID, COGNITO_REFRESH_TOKEN and MUDAWYL_BASE_URL \
             must be set (see the example's documentation)"
        );
        return;
    };
    let client = Client::builder()
        .base_url(base)
        .token_provider(CognitoRefresh::new(&region, client_id, Token::new(refresh)))
        .build();
    let client = match client {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configure: {e}");
            std::process::exit(1);
        }
    };
    match client.get_user_profile().await {
        Ok(profile) => println!("signed in; profile: {profile:?}"),
        Err(e) => {
            eprintln!("get_user_profile: {e}");
            std::process::exit(1);
        }
    }
}

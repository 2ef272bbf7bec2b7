//! Mudawyl's authentication: two headers, no signature.
//!
//! - `Authorization: <JWT>`: the AWS Cognito token, sent as is (no `Bearer` prefix), on private
//!   endpoints. It comes from a fixed [`Token`] or a [`TokenProvider`] asked on every request
//!   (tokens expire; caching is the provider's choice).
//! - `recaptcha-token-v3: <token>`: Google reCAPTCHA v3, required in production on every `POST`,
//!   `PUT` and `DELETE`. Tokens are single-use, so a [`RecaptchaProvider`] is asked once per
//!   write attempt; with none configured the header is not sent.
//!
//! [`auth_headers`] is the recipe as a pure function; [`MudawylSigner`] applies it per attempt.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use http::Method;
use venue_common::secret::Token;
use venue_common::{Auth, Error, Request, Result, SignContext, Signer};

/// The header carrying the JWT.
pub const AUTHORIZATION: &str = "authorization";
/// The header carrying the reCAPTCHA v3 token.
pub const RECAPTCHA: &str = "recaptcha-token-v3";

/// Something that returns the current JWT; called once per private request attempt.
pub trait TokenProvider: Send + Sync + 'static {
    /// The token to send now.
    fn token(&self) -> BoxFuture<'_, Result<Token>>;
}

impl<F, Fut> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Token>> + Send + 'static,
{
    fn token(&self) -> BoxFuture<'_, Result<Token>> {
        Box::pin(self())
    }
}

/// Something that returns a fresh reCAPTCHA v3 token; called once per write attempt.
pub trait RecaptchaProvider: Send + Sync + 'static {
    /// A token for the next write.
    fn recaptcha_token(&self) -> BoxFuture<'_, Result<Token>>;
}

impl<F, Fut> RecaptchaProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Token>> + Send + 'static,
{
    fn recaptcha_token(&self) -> BoxFuture<'_, Result<Token>> {
        Box::pin(self())
    }
}

/// Where the JWT comes from.
#[derive(Clone)]
pub enum Credentials {
    /// The same token on every request.
    Fixed(Token),
    /// Asked on every request.
    Provider(Arc<dyn TokenProvider>),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Fixed(t) => f.debug_tuple("Fixed").field(t).finish(),
            Credentials::Provider(_) => f.write_str("Provider(<token provider>)"),
        }
    }
}

/// Whether a request is a write that needs a reCAPTCHA token.
pub fn needs_recaptcha(method: &Method) -> bool {
    *method == Method::POST || *method == Method::PUT || *method == Method::DELETE
}

/// The recipe: the headers a request carries, given the token and the reCAPTCHA token at hand.
///
/// `Authorization` goes on private requests only, exactly the token text; a private request
/// without a token is [`Error::MissingCredentials`]. `recaptcha-token-v3` goes on POST, PUT and
/// DELETE when a token is given. Both values are marked sensitive (never shown by `Debug`).
pub fn auth_headers(
    request: &mut Request,
    token: Option<&str>,
    recaptcha: Option<&str>,
) -> Result<()> {
    if request.auth == Auth::Private {
        let token = token.filter(|t| !t.is_empty()).ok_or_else(|| {
            Error::MissingCredentials(
                "Mudawyl private endpoints need a JWT: set ClientBuilder::token or token_provider"
                    .into(),
            )
        })?;
        request.set_secret_header(AUTHORIZATION, token)?;
    }
    if needs_recaptcha(&request.method)
        && let Some(r) = recaptcha.filter(|r| !r.is_empty())
    {
        request.set_secret_header(RECAPTCHA, r)?;
    }
    Ok(())
}

/// Applies [`auth_headers`] on every attempt, asking the providers afresh.
#[derive(Clone, Default)]
pub struct MudawylSigner {
    credentials: Option<Credentials>,
    recaptcha: Option<Arc<dyn RecaptchaProvider>>,
}

impl fmt::Debug for MudawylSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MudawylSigner")
            .field("credentials", &self.credentials)
            .field(
                "recaptcha",
                &self.recaptcha.as_ref().map(|_| "<recaptcha provider>"),
            )
            .finish()
    }
}

impl MudawylSigner {
    /// A signer with these credentials and reCAPTCHA provider.
    pub fn new(
        credentials: Option<Credentials>,
        recaptcha: Option<Arc<dyn RecaptchaProvider>>,
    ) -> Self {
        MudawylSigner {
            credentials,
            recaptcha,
        }
    }

    /// Whether a JWT source is configured.
    pub fn has_credentials(&self) -> bool {
        self.credentials.is_some()
    }
}

impl Signer for MudawylSigner {
    fn sign<'a>(
        &'a self,
        request: &'a mut Request,
        _ctx: &'a SignContext<'a>,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let token = if request.auth == Auth::Private {
                match &self.credentials {
                    Some(Credentials::Fixed(t)) => Some(t.clone()),
                    Some(Credentials::Provider(p)) => Some(p.token().await?),
                    None => None,
                }
            } else {
                None
            };
            let recaptcha = match (&self.recaptcha, needs_recaptcha(&request.method)) {
                (Some(p), true) => Some(p.recaptcha_token().await?),
                _ => None,
            };
            auth_headers(
                request,
                token.as_ref().map(Token::expose),
                recaptcha.as_ref().map(Token::expose),
            )
        })
    }
}

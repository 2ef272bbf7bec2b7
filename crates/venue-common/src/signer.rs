//! The hook through which a venue crate authenticates requests.

use futures::future::BoxFuture;
use url::Url;

use crate::clock::Clock;
use crate::error::Result;
use crate::request::Request;

/// What a signer may need besides the request.
#[derive(Debug)]
#[non_exhaustive]
pub struct SignContext<'a> {
    /// The base URL the request goes to (its host, port and path prefix are part of some
    /// venues' signatures; [`Request::url`] gives the full URL).
    pub base_url: &'a Url,
    /// The attempt number, from 1. Every attempt is signed afresh.
    pub attempt: u32,
    /// The client's clock.
    pub clock: &'a dyn Clock,
}

impl<'a> SignContext<'a> {
    /// The context of attempt `attempt` (from 1) to `base_url`, on `clock`.
    pub fn new(base_url: &'a Url, attempt: u32, clock: &'a dyn Clock) -> Self {
        SignContext {
            base_url,
            attempt,
            clock,
        }
    }
}

/// A venue's authentication: adds headers, query pairs or body fields to a request.
///
/// It is called for every attempt of every request, public ones included (some venues
/// decorate those too); it returns [`crate::Error::MissingCredentials`] when a private
/// request cannot be signed. It is async because some venues need a token fetched first.
pub trait Signer: Send + Sync + 'static {
    /// Authenticates `request` in place.
    fn sign<'a>(
        &'a self,
        request: &'a mut Request,
        ctx: &'a SignContext<'a>,
    ) -> BoxFuture<'a, Result<()>>;
}

/// A signer that adds nothing: for public-only clients and tests.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoAuth;

impl Signer for NoAuth {
    fn sign<'a>(
        &'a self,
        request: &'a mut Request,
        _ctx: &'a SignContext<'a>,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            if request.auth == crate::request::Auth::Private {
                return Err(crate::Error::MissingCredentials(
                    "this endpoint needs credentials and the client has none".into(),
                ));
            }
            Ok(())
        })
    }
}

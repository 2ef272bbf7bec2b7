//! Request-shape and fixture tests against httpmock (127.0.0.1 only): for every endpoint the
//! exact method, path, query or body and headers, and the documented sample decoded field by
//! field; plus errors, validation and authentication headers.

#[path = "api/common.rs"]
mod common;

#[path = "api/account.rs"]
mod account;
#[path = "api/auth.rs"]
mod auth;
#[path = "api/errors.rs"]
mod errors;
#[path = "api/follows.rs"]
mod follows;
#[path = "api/public.rs"]
mod public;
#[path = "api/trading.rs"]
mod trading;

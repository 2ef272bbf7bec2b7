//! Per-endpoint tests against httpmock (127.0.0.1 only): request shapes, signatures, the
//! documented samples, error shapes and validation.

mod api {
    pub mod common;
    mod errors;
    mod fixtures;
    mod requests;
    mod signing;
    mod validation;
}

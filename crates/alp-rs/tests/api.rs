//! Per-endpoint tests: documented samples, request shapes (httpmock), errors, auth, pacing.

mod api {
    pub mod common;
    mod errors;
    mod fidelity;
    mod fixtures;
    mod live;
    mod models;
    mod session;
    mod shapes;
}

//! Integration tests of the venue-common runtime. One binary (link time is shared by five
//! crates on a small machine); each area lives in its own module under `tests/runtime/`.
//!
//! Every network test talks only to 127.0.0.1: httpmock servers, or small hand-written
//! loopback servers in `support` that misbehave on purpose. (The crate root is a file, so
//! the submodules are named by path.)

#[path = "runtime/support.rs"]
mod support;

#[path = "runtime/api.rs"]
mod api;
#[path = "runtime/decimal_grammar.rs"]
mod decimal_grammar;
#[path = "runtime/endpoint.rs"]
mod endpoint;
#[path = "runtime/errors.rs"]
mod errors;
#[path = "runtime/faults.rs"]
mod faults;
#[path = "runtime/fleet.rs"]
mod fleet;
#[path = "runtime/formats.rs"]
mod formats;
#[path = "runtime/nonces.rs"]
mod nonces;
#[path = "runtime/pacing.rs"]
mod pacing;
#[path = "runtime/pagination.rs"]
mod pagination;
#[path = "runtime/processes.rs"]
mod processes;
#[path = "runtime/retries.rs"]
mod retries;
#[path = "runtime/secrets.rs"]
mod secrets;
#[path = "runtime/serde_helpers.rs"]
mod serde_helpers;
#[path = "runtime/signing.rs"]
mod signing;
#[path = "runtime/tracing_spans.rs"]
mod tracing_spans;
#[path = "runtime/transport.rs"]
mod transport;

//! Evidence for `cargo xtask coverage`.
//!
//! When the environment variable [`COVERAGE_LOG_ENV`] names a file, the runtime appends one
//! line per event: `sent <venue> <endpoint>` when a call to a spec endpoint succeeded end to end
//! (sent, answered 2xx and decoded), and `fixture <venue> <endpoint>` when a test decoded the
//! endpoint's documented sample through [`record_fixture`]. Without the variable nothing is
//! written and the cost is one cached look-up.

use std::io::Write;
use std::sync::OnceLock;

/// The environment variable naming the evidence file.
pub const COVERAGE_LOG_ENV: &str = "VENUE_COVERAGE_LOG";

fn target() -> Option<&'static str> {
    static TARGET: OnceLock<Option<String>> = OnceLock::new();
    TARGET
        .get_or_init(|| {
            std::env::var(COVERAGE_LOG_ENV)
                .ok()
                .filter(|v| !v.is_empty())
        })
        .as_deref()
}

fn append(line: String) {
    let Some(path) = target() else { return };
    // Evidence is best-effort: a failure to write it must never fail a call.
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = f.write_all(line.as_bytes());
    }
}

/// Records that a call to `endpoint` of `venue` succeeded end to end.
pub fn record_sent(venue: &str, endpoint: &str) {
    append(format!("sent {venue} {endpoint}\n"));
}

/// Records that a test decoded `endpoint`'s documented sample. Call it from the fixture test
/// after the decoded values were checked.
pub fn record_fixture(venue: &str, endpoint: &str) {
    append(format!("fixture {venue} {endpoint}\n"));
}

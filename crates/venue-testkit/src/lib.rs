//! Test plumbing of the venue crates, kept out of the published runtime: the evidence
//! `cargo xtask coverage` reads, a round trip of models through several serde formats
//! ([`formats`]), and the leniency rule's check ([`leniency`]).
//!
//! When the environment variable [`COVERAGE_LOG_ENV`] names a file, a test binary that called
//! [`install`] appends one line per event to it:
//! - `sent <venue> <endpoint>` when a call to a spec endpoint succeeded end to end (sent,
//!   answered 2xx and decoded), read from the `venue.request` span venue-common opens for every
//!   attempt (its `outcome` field is recorded `ok` once the answer decoded);
//! - `fixture <venue> <endpoint>` when a test decoded the endpoint's documented sample and
//!   called [`record_fixture`].
//!
//! Only the request-shape test binaries install it: calls made against a local venue are not
//! request-shape evidence.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod formats;
pub mod leniency;

use std::fmt;
use std::io::Write as _;
use std::sync::{Mutex, Once, OnceLock};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Subscriber, subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt as _};
use tracing_subscriber::registry::{LookupSpan, Registry};

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
    static LOCK: Mutex<()> = Mutex::new(());
    let Some(path) = target() else { return };
    let _guard = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    // Evidence is best effort: failing to write it must never fail a test.
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = f.write_all(line.as_bytes());
    }
}

/// Records, for the rest of this test binary, every spec endpoint a client called
/// successfully. Idempotent; does nothing without [`COVERAGE_LOG_ENV`]. Call it before the
/// first client of a request-shape test is used.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if target().is_some() {
            // A binary that already has a global subscriber keeps it (and records nothing).
            let _ = subscriber::set_global_default(Registry::default().with(Evidence));
        }
    });
}

/// Records that a test decoded `endpoint`'s documented sample. Call it from the fixture test
/// after the decoded values were checked.
pub fn record_fixture(venue: &str, endpoint: &str) {
    append(format!("fixture {venue} {endpoint}\n"));
}

/// The layer that turns successful `venue.request` spans into `sent` lines.
struct Evidence;

/// The fields of a `venue.request` span that evidence needs.
#[derive(Default)]
struct Call {
    venue: String,
    endpoint: String,
    ok: bool,
}

impl Visit for Call {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "venue" => self.venue = value.to_string(),
            "endpoint" => self.endpoint = value.to_string(),
            "outcome" => self.ok = value == "ok",
            _ => {}
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.record_str(field, format!("{value:?}").trim_matches('"'));
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Evidence {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().name() != "venue.request" {
            return;
        }
        let mut call = Call::default();
        attrs.record(&mut call);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(call);
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut extensions = span.extensions_mut();
        let Some(call) = extensions.get_mut::<Call>() else {
            return;
        };
        let was_ok = call.ok;
        values.record(call);
        if call.ok && !was_ok && !call.endpoint.is_empty() {
            append(format!("sent {} {}\n", call.venue, call.endpoint));
        }
    }
}

/// Keeps a benchmark's by-product for `cargo xtask bench` and `xtask/bench_json.py`: writes
/// `contents` to `$CRITERION_HOME/venue-extra/<relative>` when `CRITERION_HOME` is set (as
/// `cargo xtask bench` sets it), and does nothing otherwise. A failure to write only loses the
/// extra figure, never the benchmark.
pub fn save_bench_extra(relative: &str, contents: impl AsRef<[u8]>) {
    let Some(home) = std::env::var_os("CRITERION_HOME") else {
        return;
    };
    let path = std::path::Path::new(&home)
        .join("venue-extra")
        .join(relative);
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(path, contents);
}

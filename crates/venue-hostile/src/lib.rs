//! The hostile-answer suite: every venue client, through its public methods, against a
//! loopback server that answers mutated documented samples, wrong types, truncated, empty,
//! HTML, huge (20 MB, with and without `Content-Length`) and deeply nested bodies, mebibyte
//! error messages and codes, odd statuses and `Retry-After`s, dropped and half-answered
//! connections, and answers slower than the client's timeout.
//!
//! Per venue it counts the answers given, the typed errors, panics (each call runs in a
//! spawned task), calls that did not end within a bound, writes the server saw more than once
//! for one call (allowed only with an idempotency key the venue honours), secrets found (in
//! every error's `Display` and `Debug` and in a TRACE-level log), and the largest error text.
//! Everything is seeded ([`Config::seed`]) and bounded in time and count; only `127.0.0.1`.

#![forbid(unsafe_code)]

pub mod answers;
pub mod rng;
pub mod scan;
pub mod server;
pub mod venues;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use rng::Rng;
use server::{Server, Venue};

/// The largest error `Display` text allowed (bytes).
pub const ERROR_TEXT_BOUND: usize = 2048;

/// How long one call may take before it counts as hung.
pub const CALL_BOUND: Duration = Duration::from_secs(30);

/// How long a worker waits after a call that ended uncertain before it counts what the server
/// saw for that call.
pub const SETTLE: Duration = Duration::from_millis(100);

/// What to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Hostile answers per venue (at least).
    pub answers: u64,
    /// The seed of every generator.
    pub seed: u64,
    /// Concurrent workers per venue, each with its own server and client.
    pub workers: usize,
    /// The clients' timeout (slow answers wait this plus 150 ms).
    pub timeout: Duration,
    /// The venues to run (all by default).
    pub venues: Vec<String>,
    /// The `crates` directory the fixtures are read from.
    pub crates: PathBuf,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            answers: 1_500,
            seed: 0x5EED_0008,
            workers: 32,
            timeout: Duration::from_millis(250),
            venues: venues::VENUES.iter().map(|v| v.to_string()).collect(),
            crates: Path::new(env!("CARGO_MANIFEST_DIR")).join(".."),
        }
    }
}

/// One venue's figures.
#[derive(Debug, Default, Clone)]
pub struct Row {
    pub venue: String,
    pub answers: u64,
    pub calls: u64,
    pub ok: u64,
    pub typed_errors: u64,
    pub panics: u64,
    pub hung: u64,
    pub unsent: u64,
    pub writes_repeated: u64,
    pub secrets_found: u64,
    pub largest_error_text: usize,
    pub elapsed: Duration,
    /// Errors saying nothing was sent (`Sent::No`) for a call the server did read.
    pub wrong_sent: u64,
    /// The largest error `Debug` text.
    pub largest_error_debug: usize,
    /// Bytes of TRACE-level log scanned for secrets.
    pub trace_bytes: u64,
    /// Per-request secret values (signatures, tokens) registered from what the server saw.
    pub secrets_registered: u64,
    /// A few details of what failed (repeated writes, leaks, the largest error).
    pub notes: Vec<String>,
}

impl Row {
    /// Whether the venue passed.
    pub fn passed(&self) -> bool {
        self.panics == 0
            && self.hung == 0
            && self.writes_repeated == 0
            && self.secrets_found == 0
            && self.largest_error_text <= ERROR_TEXT_BOUND
    }

    /// The table line: `venue answers typed_errors panics writes_repeated secrets_found
    /// largest_error_text`.
    pub fn line(&self) -> String {
        format!(
            "{:<11} {:>8} {:>12} {:>6} {:>15} {:>13} {:>18}",
            self.venue,
            self.answers,
            self.typed_errors,
            self.panics,
            self.writes_repeated,
            self.secrets_found,
            self.largest_error_text
        )
    }
}

/// The table's header line.
pub const HEADER: &str =
    "venue        answers typed_errors panics writes_repeated secrets_found largest_error_text";

fn fixtures(crates: &Path, venue: &str) -> Vec<Vec<u8>> {
    let dir: PathBuf = crates
        .join(format!("{venue}-rs"))
        .join("tests")
        .join("fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn seed_of(seed: u64, venue: &str, worker: usize) -> u64 {
    let mut h = seed ^ 0xCBF2_9CE4_8422_2325;
    for b in venue.bytes().chain(worker.to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3);
    }
    h
}

#[derive(Default)]
struct Tally {
    row: Row,
}

/// Runs every configured venue, one after the other (so the trace buffer's findings belong to
/// one venue), and returns one row per venue.
pub async fn run(config: &Config) -> Vec<Row> {
    let trace = scan::install();
    let secrets = trace.secrets().clone();
    secrets.add_fixed(venues::SECRET);
    secrets.add_fixed(venues::IQFINEX_KEY);
    secrets.add_fixed(venues::MUDAWYL_TOKEN);
    secrets.add_fixed(venues::RECAPTCHA);
    let mut rows = Vec::new();
    for venue in &config.venues {
        trace.scan();
        let found_before = trace.found.load(Ordering::Relaxed);
        let scanned_before = trace.scanned.load(Ordering::Relaxed);
        let registered_before = secrets.registered();
        let started = Instant::now();
        let spec = Arc::new(Venue {
            fixtures: fixtures(&config.crates, venue),
            slow: config.timeout + Duration::from_millis(150),
            secret_headers: venues::secret_headers(venue),
            token_path: (venue == "alp").then_some("/v3/auth"),
        });
        let per_worker = config.answers.div_ceil(config.workers.max(1) as u64);
        let tasks: Vec<_> = (0..config.workers.max(1))
            .map(|w| {
                let spec = spec.clone();
                let secrets = secrets.clone();
                let venue = venue.clone();
                let timeout = config.timeout;
                let seed = seed_of(config.seed, &venue, w);
                tokio::spawn(async move {
                    worker(&venue, w, spec, secrets, seed, per_worker, timeout).await
                })
            })
            .collect();
        let mut row = Row {
            venue: venue.clone(),
            ..Row::default()
        };
        for t in tasks {
            let t = t.await.expect("a worker of the suite itself failed").row;
            row.answers += t.answers;
            row.calls += t.calls;
            row.ok += t.ok;
            row.typed_errors += t.typed_errors;
            row.panics += t.panics;
            row.hung += t.hung;
            row.unsent += t.unsent;
            row.writes_repeated += t.writes_repeated;
            row.secrets_found += t.secrets_found;
            row.largest_error_text = row.largest_error_text.max(t.largest_error_text);
            row.largest_error_debug = row.largest_error_debug.max(t.largest_error_debug);
            row.wrong_sent += t.wrong_sent;
            for n in t.notes {
                if row.notes.len() < 12 {
                    row.notes.push(n);
                }
            }
        }
        trace.scan();
        let in_trace = trace.found.load(Ordering::Relaxed) - found_before;
        if in_trace > 0 {
            for s in trace.samples.lock().unwrap().iter() {
                row.notes.push(format!("secret in the trace: {s}"));
            }
        }
        row.secrets_found += in_trace;
        row.trace_bytes = trace.scanned.load(Ordering::Relaxed) - scanned_before;
        row.secrets_registered = secrets.registered() - registered_before;
        row.elapsed = started.elapsed();
        rows.push(row);
    }
    rows
}

async fn worker(
    venue: &str,
    w: usize,
    spec: Arc<Venue>,
    secrets: Arc<scan::Secrets>,
    seed: u64,
    target: u64,
    timeout: Duration,
) -> Tally {
    let server = Server::start(spec, secrets.clone(), seed).await;
    let base = format!("http://{}", server.addr);
    let key = format!("h8-hostile-key-{venue}-{w}");
    let client = venues::build(venue, &base, &key, timeout).expect("client builds");
    let mut rng = Rng::new(seed ^ 0xA5A5);
    let mut t = Tally::default();
    let n_calls = venues::calls(venue);
    let max_calls = target * 4 + 100;
    // After a call that ended uncertain, the next one goes to another endpoint: a request of
    // the earlier call that the server reads late then never looks like a repeat.
    let mut avoid = None;
    // The idempotency keys of the latest calls that ended uncertain.
    let mut earlier_keys = std::collections::VecDeque::with_capacity(EARLIER_KEYS);
    while server.answers.load(Ordering::Acquire) < target && t.row.calls < max_calls {
        let mut i = rng.below(n_calls);
        if avoid == Some(venues::endpoint_of(venue, i)) {
            i = (i + 1) % n_calls;
        }
        let before = server.seen_len();
        let c = client.clone();
        let handle = tokio::spawn(venues::call(c, i));
        let abort = handle.abort_handle();
        t.row.calls += 1;
        let outcome = match tokio::time::timeout(CALL_BOUND, handle).await {
            Err(_) => {
                abort.abort();
                t.row.hung += 1;
                note(
                    &mut t.row,
                    format!("call {i} did not end within {CALL_BOUND:?}"),
                );
                continue;
            }
            Ok(Err(e)) if e.is_panic() => {
                t.row.panics += 1;
                note(&mut t.row, format!("call {i} panicked"));
                continue;
            }
            Ok(Err(_)) => continue,
            Ok(Ok(outcome)) => outcome,
        };
        // A request the client wrote before it gave up (a timeout, a lost connection) may be
        // read by the server only later: wait for it, so it counts for this call and not the
        // next one.
        avoid = None;
        if outcome.errors.iter().any(|e| {
            matches!(
                e,
                venue_common::Error::Timeout { .. }
                    | venue_common::Error::Connection { .. }
                    | venue_common::Error::WithKey { .. }
            )
        }) {
            avoid = Some(venues::endpoint_of(venue, i));
            tokio::time::sleep(SETTLE).await;
        }
        let seen: Vec<server::Seen> = server.seen.lock().unwrap()[before..].to_vec();
        if seen.is_empty() {
            t.row.unsent += 1;
            if std::env::var_os("HOSTILE_DEBUG").is_some() {
                eprintln!(
                    "{venue} call {i} sent nothing: {:?}",
                    outcome.errors.first().map(|e| e.to_string())
                );
            }
        }
        t.row.ok += outcome.ok as u64;
        for e in &outcome.errors {
            t.row.typed_errors += 1;
            let display = e.to_string();
            let debug = format!("{e:?}");
            if display.len() > t.row.largest_error_text {
                t.row.largest_error_text = display.len();
                if display.len() > ERROR_TEXT_BOUND {
                    note(
                        &mut t.row,
                        format!(
                            "call {i}: error text of {} bytes: {}",
                            display.len(),
                            cut(&display)
                        ),
                    );
                }
            }
            t.row.largest_error_debug = t.row.largest_error_debug.max(debug.len());
            if e.sent() == venue_common::Sent::No && !seen.is_empty() {
                t.row.wrong_sent += 1;
                note(
                    &mut t.row,
                    format!(
                        "call {i}: `Sent::No` after {} request(s) ({}): {}",
                        seen.len(),
                        seen.iter().map(|s| s.answer).collect::<Vec<_>>().join(", "),
                        cut(&display)
                    ),
                );
            }
            let leaks = secrets.count_in(display.as_bytes()) + secrets.count_in(debug.as_bytes());
            if leaks > 0 {
                t.row.secrets_found += leaks;
                note(
                    &mut t.row,
                    format!("call {i}: secret in error: {}", cut(&debug)),
                );
            }
        }
        if outcome.write
            && let Some((method, path)) = &outcome.target
        {
            let same: Vec<&server::Seen> = seen
                .iter()
                .filter(|s| &s.method == method && s.path.ends_with(path.as_str()))
                .collect();
            if same.len() > 1 {
                // Grouped by idempotency key: copies under this call's one key are safe by
                // design. A copy under the key of an earlier call that ended uncertain (its
                // error named the key) is that call's request, read late by the server. Any
                // other mix (two unkeyed copies, or a retry under a new key) is a repeat.
                let names = venues::idempotency_keys(venue);
                let mut own_keys = std::collections::HashSet::new();
                let mut unkeyed = 0;
                for s in &same {
                    match s.key(names) {
                        Some(k) if earlier_keys.contains(&k) => {}
                        Some(k) => {
                            own_keys.insert(k);
                        }
                        None => unkeyed += 1,
                    }
                }
                if unkeyed + own_keys.len() > 1 {
                    t.row.writes_repeated += 1;
                    note(
                        &mut t.row,
                        format!(
                            "call {i}: {method} {path} reached the server {} times without a key (answers: {})",
                            same.len(),
                            same.iter().map(|s| s.answer).collect::<Vec<_>>().join(", ")
                        ),
                    );
                }
            }
        }
        for key in outcome.errors.iter().filter_map(|e| e.idempotency_key()) {
            if earlier_keys.len() == EARLIER_KEYS {
                earlier_keys.pop_front();
            }
            earlier_keys.push_back(key.to_owned());
        }
    }
    t.row.answers = server.answers.load(Ordering::Acquire);
    t
}

/// How many uncertain calls' keys the checker remembers: a request read late by the server
/// arrives within a few calls of its own.
const EARLIER_KEYS: usize = 256;

fn cut(text: &str) -> String {
    let mut s: String = text.chars().take(240).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s
}

fn note(row: &mut Row, text: String) {
    if row.notes.len() < 12 {
        row.notes.push(text);
    }
}

/// Parses `--answers N --seed S --workers W --timeout-ms T --venue V` (repeatable) and
/// `--root DIR` (the `crates` directory holding each venue's `tests/fixtures`).
pub fn parse_args(args: &[String]) -> Result<Config, String> {
    let mut config = Config::default();
    let mut venues = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--answers" => {
                config.answers = value("--answers")?
                    .replace('_', "")
                    .parse()
                    .map_err(|e| format!("--answers: {e}"))?
            }
            "--seed" => {
                let v = value("--seed")?;
                config.seed = match v.strip_prefix("0x") {
                    Some(hex) => u64::from_str_radix(hex, 16),
                    None => v.parse(),
                }
                .map_err(|e| format!("--seed: {e}"))?
            }
            "--workers" => {
                config.workers = value("--workers")?
                    .parse()
                    .map_err(|e| format!("--workers: {e}"))?
            }
            "--timeout-ms" => {
                config.timeout = Duration::from_millis(
                    value("--timeout-ms")?
                        .parse()
                        .map_err(|e| format!("--timeout-ms: {e}"))?,
                )
            }
            "--root" => config.crates = PathBuf::from(value("--root")?),
            "--venue" => {
                let v = value("--venue")?;
                if !venues::VENUES.contains(&v.as_str()) {
                    return Err(format!("unknown venue `{v}` (one of {:?})", venues::VENUES));
                }
                venues.push(v);
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if !venues.is_empty() {
        config.venues = venues;
    }
    Ok(config)
}

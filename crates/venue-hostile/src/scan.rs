//! Looking for secrets: the values the clients must never show (API secrets, tokens, the
//! signature and `Authorization` values the loopback server received), and a TRACE-level
//! tracing buffer scanned for them.
//!
//! Text is cut into words of `[A-Za-z0-9_+/-]`; a secret is registered as its words of at
//! least [`MIN_WORD`] characters, and a text leaks when one of its words is a registered one.
//! Lookups are by hash, so a scan costs the length of the text, not the number of secrets.
//! Signature values arrive with every request: they are kept in two generations (the current
//! and the last), rotated at each trace scan, so memory stays bounded in a long run.

use std::collections::HashSet;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Words shorter than this are not secrets (they would match ordinary text).
pub const MIN_WORD: usize = 12;

/// The trace buffer is scanned and emptied when it grows past this.
const TRACE_SCAN_AT: usize = 4 << 20;

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'/' | b'-')
}

fn words(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|b| !is_word_byte(*b))
        .filter(|w| w.len() >= MIN_WORD)
}

/// The values that must not be shown.
#[derive(Default)]
pub struct Secrets {
    fixed: Mutex<HashSet<Vec<u8>>>,
    current: Mutex<HashSet<Vec<u8>>>,
    last: Mutex<HashSet<Vec<u8>>>,
    registered: AtomicU64,
}

impl Secrets {
    /// Registers a value for the whole run (API secrets, fixed tokens).
    pub fn add_fixed(&self, value: &str) {
        let mut set = self.fixed.lock().unwrap();
        for w in words(value.as_bytes()) {
            set.insert(w.to_vec());
        }
    }

    /// Registers a per-request value (a signature, an issued token).
    pub fn add(&self, value: &str) {
        self.registered.fetch_add(1, Ordering::Relaxed);
        let mut set = self.current.lock().unwrap();
        for w in words(value.as_bytes()) {
            set.insert(w.to_vec());
        }
    }

    /// How many per-request values were registered so far.
    pub fn registered(&self) -> u64 {
        self.registered.load(Ordering::Relaxed)
    }

    /// Starts a new generation of per-request values (the one before last is forgotten).
    pub fn rotate(&self) {
        let mut current = self.current.lock().unwrap();
        let mut last = self.last.lock().unwrap();
        *last = std::mem::take(&mut *current);
    }

    /// How many registered secret words `text` contains.
    pub fn count_in(&self, text: &[u8]) -> u64 {
        let fixed = self.fixed.lock().unwrap();
        let current = self.current.lock().unwrap();
        let last = self.last.lock().unwrap();
        words(text)
            .filter(|w| fixed.contains(*w) || current.contains(*w) || last.contains(*w))
            .count() as u64
    }
}

/// The process's trace buffer and what its scans found.
pub struct Trace {
    buffer: Mutex<Vec<u8>>,
    secrets: Arc<Secrets>,
    /// Secret words found in trace output so far.
    pub found: AtomicU64,
    /// Bytes of trace output scanned so far.
    pub scanned: AtomicU64,
    /// A few of the lines that leaked (cut), for the report.
    pub samples: Mutex<Vec<String>>,
}

impl Trace {
    /// Scans what is buffered and empties the buffer; then rotates the per-request secrets.
    pub fn scan(&self) {
        let taken = std::mem::take(&mut *self.buffer.lock().unwrap());
        self.scanned
            .fetch_add(taken.len() as u64, Ordering::Relaxed);
        for line in taken.split(|b| *b == b'\n') {
            let n = self.secrets.count_in(line);
            if n > 0 {
                self.found.fetch_add(n, Ordering::Relaxed);
                let mut samples = self.samples.lock().unwrap();
                if samples.len() < 5 {
                    let text = String::from_utf8_lossy(line);
                    samples.push(text.chars().take(300).collect());
                }
            }
        }
        self.secrets.rotate();
    }
}

/// The writer the subscriber formats into.
pub struct TraceWriter(&'static Trace);

impl io::Write for TraceWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let full = {
            let mut b = self.0.buffer.lock().unwrap();
            b.extend_from_slice(buf);
            b.len() >= TRACE_SCAN_AT
        };
        if full {
            self.0.scan();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

static TRACE: OnceLock<&'static Trace> = OnceLock::new();

/// Installs (once per process) a TRACE-level subscriber writing into a scanned buffer, and
/// returns it with the process's secret registry.
pub fn install() -> &'static Trace {
    TRACE.get_or_init(|| {
        let trace: &'static Trace = Box::leak(Box::new(Trace {
            buffer: Mutex::new(Vec::new()),
            secrets: Arc::new(Secrets::default()),
            found: AtomicU64::new(0),
            scanned: AtomicU64::new(0),
            samples: Mutex::new(Vec::new()),
        }));
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || TraceWriter(trace))
            .finish();
        // Another subscriber may already be set (a test harness): then the buffer stays
        // empty and only errors are scanned, which the report says through `scanned`.
        let _ = tracing::subscriber::set_global_default(subscriber);
        trace
    })
}

impl Trace {
    /// The process's secret registry.
    pub fn secrets(&self) -> &Arc<Secrets> {
        &self.secrets
    }
}

#[cfg(test)]
mod tests {
    use super::Secrets;

    #[test]
    fn a_secret_is_found_inside_text_and_not_in_ordinary_words() {
        let s = Secrets::default();
        s.add_fixed("h8SECRETzq9LmN4vX8pR1tY6w");
        s.add("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyNSJ9.c2lnbmF0dXJlMTIzNDU2");
        assert_eq!(s.count_in(b"ordinary text about a signature"), 0);
        assert_eq!(s.count_in(b"key=h8SECRETzq9LmN4vX8pR1tY6w&x=1"), 1);
        assert_eq!(s.count_in(b"\"authorization\": \"eyJzdWIiOiIyNSJ9\""), 1);
        s.rotate();
        assert_eq!(
            s.count_in(b"eyJhbGciOiJIUzI1NiJ9"),
            1,
            "the last generation is kept"
        );
        s.rotate();
        assert_eq!(s.count_in(b"eyJhbGciOiJIUzI1NiJ9"), 0);
        assert_eq!(
            s.count_in(b"h8SECRETzq9LmN4vX8pR1tY6w"),
            1,
            "fixed ones stay"
        );
    }
}

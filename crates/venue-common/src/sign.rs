//! Signing primitives: HMAC-SHA256 in the encodings venues ask for, and query strings.
//!
//! The venues' recipes (what is signed, in which order) live in the venue crates; these are
//! the building blocks they share.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// HMAC-SHA256 of `message` under `key`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length (long keys are hashed first), so this cannot fail.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// HMAC-SHA256 under a secret, as lower-case hex.
pub fn hmac_sha256_hex(secret: &SecretString, message: &[u8]) -> String {
    hex_string(
        &hmac_sha256(secret.expose_secret().as_bytes(), message),
        HEX_LOWER,
    )
}

/// HMAC-SHA256 under a secret, as upper-case hex.
pub fn hmac_sha256_hex_upper(secret: &SecretString, message: &[u8]) -> String {
    hex_string(
        &hmac_sha256(secret.expose_secret().as_bytes(), message),
        HEX_UPPER,
    )
}

/// HMAC-SHA256 under a secret, as standard base64 with padding.
pub fn hmac_sha256_base64(secret: &SecretString, message: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD
        .encode(hmac_sha256(secret.expose_secret().as_bytes(), message))
}

/// An HMAC-SHA256 key prepared once: the keyed state (the hashed inner and outer pads) is
/// computed when the key is made and cloned for every message, so signing a message costs the
/// message's own hashing and nothing for the key.
///
/// Its `Debug` shows nothing of the key.
#[derive(Clone)]
pub struct HmacKey(HmacSha256);

impl std::fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HmacKey([redacted])")
    }
}

impl HmacKey {
    /// A key from its bytes (any length: long keys are hashed first, as HMAC specifies).
    pub fn new(key: &[u8]) -> Self {
        HmacKey(<HmacSha256 as Mac>::new_from_slice(key).expect("HMAC accepts any key length"))
    }

    /// A key from a secret.
    pub fn from_secret(secret: &SecretString) -> Self {
        HmacKey::new(secret.expose_secret().as_bytes())
    }

    /// HMAC-SHA256 of the concatenation of `parts` (no copy of the message is made).
    pub fn sign_parts(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = self.0.clone();
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    /// Starts an HMAC over a message given in pieces, for recipes that feed their fields as
    /// they write them instead of building the message first.
    pub fn start(&self) -> HmacRun {
        HmacRun(self.0.clone())
    }

    /// HMAC-SHA256 of `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 32] {
        self.sign_parts(&[message])
    }

    /// HMAC-SHA256 of `message` as lower-case hex.
    pub fn hex(&self, message: &[u8]) -> String {
        hex_string(&self.sign(message), HEX_LOWER)
    }

    /// HMAC-SHA256 of `message` as upper-case hex.
    pub fn hex_upper(&self, message: &[u8]) -> String {
        hex_string(&self.sign(message), HEX_UPPER)
    }

    /// HMAC-SHA256 of `message` as standard base64 with padding.
    pub fn base64(&self, message: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.sign(message))
    }
}

/// An HMAC-SHA256 in progress, from [`HmacKey::start`]. Its `Debug` shows nothing of the key.
#[derive(Clone)]
pub struct HmacRun(HmacSha256);

impl std::fmt::Debug for HmacRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HmacRun([redacted])")
    }
}

impl HmacRun {
    /// Appends `part` to the message.
    // Inlined where a recipe feeds its pieces: a signer calls this several times per field.
    #[inline]
    pub fn update(&mut self, part: &[u8]) {
        self.0.update(part);
    }

    /// The HMAC of everything appended.
    pub fn finish(self) -> [u8; 32] {
        self.0.finalize().into_bytes().into()
    }
}

/// The decimal digits of an integer, written on the stack (timestamps and nonces in a
/// message to sign, without `fmt` or an allocation).
#[derive(Clone, Copy)]
pub struct Digits {
    buf: [u8; 20],
    start: u8,
}

impl Digits {
    /// The digits of `n`.
    pub fn of_u64(mut n: u64) -> Self {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        Digits {
            buf,
            start: i as u8,
        }
    }

    /// The digits of `n`, with a `-` first when negative (20 bytes hold `i64::MIN`).
    pub fn of_i64(n: i64) -> Self {
        let mut digits = Digits::of_u64(n.unsigned_abs());
        if n < 0 {
            digits.start -= 1;
            digits.buf[usize::from(digits.start)] = b'-';
        }
        digits
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and `-` were written.
        std::str::from_utf8(&self.buf[usize::from(self.start)..]).unwrap_or_default()
    }
}

impl std::fmt::Debug for Digits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A 32-byte digest as standard base64 with padding (44 ASCII bytes), without allocating.
pub fn base64_digest(digest: &[u8; 32]) -> [u8; 44] {
    let mut out = [0u8; 44];
    let written = base64::engine::general_purpose::STANDARD
        .encode_slice(digest, &mut out)
        .expect("32 bytes take 44 base64 characters");
    debug_assert_eq!(written, 44);
    out
}

/// A 32-byte digest as 64 hex digits (lower case, or upper with `upper`), without allocating.
pub fn hex_digest(digest: &[u8; 32], upper: bool) -> [u8; 64] {
    // Both digits of a byte in one lookup: this runs once per signature.
    let pairs = if upper {
        &HEX_PAIRS_UPPER
    } else {
        &HEX_PAIRS_LOWER
    };
    let mut out = [0u8; 64];
    for (two, b) in out.chunks_exact_mut(2).zip(digest) {
        two.copy_from_slice(&pairs[usize::from(*b)]);
    }
    out
}

/// `bytes` as lower-case hex digits, two per byte, written into `out` (twice as long).
pub(crate) fn hex_lower_into(bytes: &[u8], out: &mut [u8]) {
    for (two, b) in out.chunks_exact_mut(2).zip(bytes) {
        two.copy_from_slice(&HEX_PAIRS_LOWER[usize::from(*b)]);
    }
}

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
static HEX_PAIRS_LOWER: [[u8; 2]; 256] = hex_pairs(HEX_LOWER);
static HEX_PAIRS_UPPER: [[u8; 2]; 256] = hex_pairs(HEX_UPPER);

/// Every byte's two hex digits from `digits`.
const fn hex_pairs(digits: &[u8; 16]) -> [[u8; 2]; 256] {
    let mut pairs = [[0u8; 2]; 256];
    let mut b = 0;
    while b < 256 {
        pairs[b] = [digits[b >> 4], digits[b & 0xf]];
        b += 1;
    }
    pairs
}

/// A 32-byte digest as 64 hex digits from `digits`, in one allocation.
fn hex_string(digest: &[u8; 32], digits: &[u8; 16]) -> String {
    let out = hex_digest(digest, std::ptr::eq(digits, HEX_UPPER));
    // Only ASCII hex digits were written.
    String::from_utf8_lossy(&out).into_owned()
}

/// Appends the decimal digits of `n` to `out`, without going through `fmt`.
pub fn push_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(Digits::of_u64(n).as_str().as_bytes());
}

/// Appends the decimal digits of `n` to `out` (a `-` first when negative).
pub fn push_i64(out: &mut Vec<u8>, n: i64) {
    out.extend_from_slice(Digits::of_i64(n).as_str().as_bytes());
}

/// How a space is written in an encoded query or form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpaceStyle {
    /// `+`, as HTML forms and Python's `urllib.parse.urlencode` write it.
    Plus,
    /// `%20`, as RFC 3986 and JavaScript's `encodeURIComponent` write it.
    Percent20,
}

/// Percent-encodes one key or value: unreserved characters (`A-Z a-z 0-9 - . _ ~`) stay,
/// everything else is `%XX` of its UTF-8 bytes, and a space follows `style`.
///
/// This is the set Python's `urllib.parse.quote_plus` keeps (with `Plus`) and the set
/// `encodeURIComponent` keeps less `! ' ( ) *` (with `Percent20`).
pub fn encode_component(input: &str, style: SpaceStyle, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = input.as_bytes();
    out.reserve(bytes.len());
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~') {
            continue;
        }
        // A run of unreserved characters is copied whole; it ends at a character boundary
        // (every byte of a multi-byte character is escaped).
        if start < i {
            out.push_str(&input[start..i]);
        }
        start = i + 1;
        if b == b' ' && style == SpaceStyle::Plus {
            out.push('+');
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xF) as usize] as char);
        }
    }
    if start < bytes.len() {
        out.push_str(&input[start..]);
    }
}

/// Encodes pairs as `k=v&k=v` in the order given.
pub fn encode_query<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)], style: SpaceStyle) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_component(k.as_ref(), style, &mut out);
        out.push('=');
        encode_component(v.as_ref(), style, &mut out);
    }
    out
}

/// Encodes pairs as `k=v&k=v` sorted by key, then by value (a stable, total order).
pub fn encode_sorted_query<K: AsRef<str>, V: AsRef<str>>(
    pairs: &[(K, V)],
    style: SpaceStyle,
) -> String {
    let mut sorted: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    sorted.sort();
    encode_query(&sorted, style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_components() {
        let mut s = String::new();
        encode_component("a b&c=d/é~", SpaceStyle::Plus, &mut s);
        assert_eq!(s, "a+b%26c%3Dd%2F%C3%A9~");
        s.clear();
        encode_component("a b", SpaceStyle::Percent20, &mut s);
        assert_eq!(s, "a%20b");
    }

    #[test]
    fn hex_digests_spell_every_byte_as_the_hex_crate_does() {
        for first in (0..=u8::MAX).step_by(32) {
            let digest: [u8; 32] = std::array::from_fn(|i| first.wrapping_add(i as u8));
            let lower = hex::encode(digest);
            assert_eq!(&hex_digest(&digest, false)[..], lower.as_bytes());
            assert_eq!(
                &hex_digest(&digest, true)[..],
                lower.to_uppercase().as_bytes()
            );
        }
    }

    #[test]
    fn prepared_keys_match_one_shot_hmac() {
        for key in ["k", &"long-key".repeat(20)] {
            let secret = SecretString::from(key.to_string());
            let prepared = HmacKey::from_secret(&secret);
            let msg = b"The quick brown fox jumps over the lazy dog";
            assert_eq!(prepared.hex(msg), hmac_sha256_hex(&secret, msg));
            assert_eq!(
                prepared.hex(msg),
                hex::encode(hmac_sha256(key.as_bytes(), msg))
            );
            assert_eq!(prepared.hex_upper(msg), hmac_sha256_hex_upper(&secret, msg));
            assert_eq!(prepared.base64(msg), hmac_sha256_base64(&secret, msg));
            let d = prepared.sign(msg);
            assert_eq!(&base64_digest(&d)[..], prepared.base64(msg).as_bytes());
            assert_eq!(
                &hex_digest(&d, true)[..],
                prepared.hex_upper(msg).as_bytes()
            );
            assert_eq!(
                prepared.sign_parts(&[&msg[..4], &msg[4..]]),
                prepared.sign(msg)
            );
            assert!(!format!("{prepared:?}").contains(key));
            let mut run = prepared.start();
            run.update(&msg[..3]);
            run.update(&msg[3..]);
            assert!(!format!("{run:?}").contains(key));
            assert_eq!(run.finish(), prepared.sign(msg));
        }
        for n in [0, 7, -1, 1_695_634_589_886, i64::MAX, i64::MIN] {
            assert_eq!(Digits::of_i64(n).as_str(), n.to_string());
        }
        assert_eq!(Digits::of_u64(u64::MAX).as_str(), u64::MAX.to_string());
        let mut out = Vec::new();
        push_u64(&mut out, 0);
        out.push(b' ');
        push_u64(&mut out, u64::MAX);
        out.push(b' ');
        push_i64(&mut out, i64::MIN);
        assert_eq!(out, format!("0 {} {}", u64::MAX, i64::MIN).into_bytes());
    }

    #[test]
    fn sorts_queries() {
        let q = encode_sorted_query(
            &[("pair", "BTC_USDT"), ("amount", "1.5"), ("note", "x y")],
            SpaceStyle::Plus,
        );
        assert_eq!(q, "amount=1.5&note=x+y&pair=BTC_USDT");
        assert_eq!(encode_query::<&str, &str>(&[], SpaceStyle::Plus), "");
    }
}

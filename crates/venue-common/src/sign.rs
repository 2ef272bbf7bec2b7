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
    hex::encode(hmac_sha256(secret.expose_secret().as_bytes(), message))
}

/// HMAC-SHA256 under a secret, as upper-case hex.
pub fn hmac_sha256_hex_upper(secret: &SecretString, message: &[u8]) -> String {
    hex::encode_upper(hmac_sha256(secret.expose_secret().as_bytes(), message))
}

/// HMAC-SHA256 under a secret, as standard base64 with padding.
pub fn hmac_sha256_base64(secret: &SecretString, message: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD
        .encode(hmac_sha256(secret.expose_secret().as_bytes(), message))
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
    for &b in input.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b' ' if style == SpaceStyle::Plus => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0xF) as usize] as char);
            }
        }
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
    fn sorts_queries() {
        let q = encode_sorted_query(
            &[("pair", "BTC_USDT"), ("amount", "1.5"), ("note", "x y")],
            SpaceStyle::Plus,
        );
        assert_eq!(q, "amount=1.5&note=x+y&pair=BTC_USDT");
        assert_eq!(encode_query::<&str, &str>(&[], SpaceStyle::Plus), "");
    }
}

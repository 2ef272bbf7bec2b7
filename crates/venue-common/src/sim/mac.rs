//! Message authentication for the local venues' own signature checks.
//!
//! A local venue must check signatures without the client's signing code, or a misreading of
//! a venue's recipe would sign and verify the same wrong bytes and every test would pass.
//! These helpers are the venue side's building blocks, written apart from [`crate::sign`]:
//! only the HMAC-SHA256 primitive itself (the `hmac` and `sha2` crates) is common.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// HMAC-SHA256 of `message` under `key`, as raw bytes.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    // HMAC accepts keys of every length (long ones are hashed first), so `new_from_slice`
    // cannot fail; an all-zero tag (matching nothing a client sends) is the fallback anyway.
    if let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(key) {
        mac.update(message);
        out.copy_from_slice(&mac.finalize().into_bytes());
    }
    out
}

/// Bytes as lower-case hex.
pub fn hex_lower(bytes: &[u8]) -> String {
    hex_with(bytes, b"0123456789abcdef")
}

/// Bytes as upper-case hex.
pub fn hex_upper(bytes: &[u8]) -> String {
    hex_with(bytes, b"0123456789ABCDEF")
}

fn hex_with(bytes: &[u8], digits: &[u8; 16]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(digits[usize::from(b >> 4)]));
        out.push(char::from(digits[usize::from(b & 0x0f)]));
    }
    out
}

/// Bytes as standard base64 with padding (RFC 4648 §4).
pub fn base64_standard(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Bytes as URL-safe base64 without padding (RFC 4648 §5), as JWTs write their parts.
pub fn base64_url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes URL-safe base64 without padding; `None` when it is not.
pub fn base64_url_decode(text: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
    const RFC4231_2: &str = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    #[test]
    fn matches_rfc_4231() {
        let tag = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(hex_lower(&tag), RFC4231_2);
        assert_eq!(hex_upper(&tag), RFC4231_2.to_ascii_uppercase());
        assert_eq!(base64_standard(b"\xfb\xff"), "+/8=");
        assert_eq!(base64_url(b"\xfb\xff"), "-_8");
        assert_eq!(base64_url_decode("-_8").as_deref(), Some(&b"\xfb\xff"[..]));
    }
}

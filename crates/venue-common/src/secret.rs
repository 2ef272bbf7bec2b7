//! Credentials that never show themselves.
//!
//! Every type here holds its secret in a [`SecretString`] (zeroed on drop) and implements
//! `Debug` by hand, printing a redacted form. None implements `Display` or `Serialize`.

use std::fmt;

pub use secrecy::{ExposeSecret, SecretString};

/// What a redacted value prints as.
pub const REDACTED: &str = "[redacted]";

/// An API key and its signing secret, for venues that sign requests with HMAC.
///
/// The key is shown in `Debug` by its first four characters only: enough to tell two keys apart
/// in a log, not enough to use one.
#[derive(Clone)]
pub struct KeyPair {
    key: SecretString,
    secret: SecretString,
}

impl KeyPair {
    /// A key and its secret.
    pub fn new(key: impl Into<String>, secret: impl Into<String>) -> Self {
        KeyPair {
            key: SecretString::from(key.into()),
            secret: SecretString::from(secret.into()),
        }
    }

    /// Reads the key and the secret from two environment variables; `None` unless both are
    /// set and not blank. Surrounding white space (a stray newline from a secrets file) is
    /// dropped.
    pub fn from_env(key_var: &str, secret_var: &str) -> Option<Self> {
        let key = env_value(key_var)?;
        let secret = env_value(secret_var)?;
        Some(KeyPair::new(key, secret))
    }

    /// The API key, as sent in the venue's key header.
    pub fn key(&self) -> &str {
        self.key.expose_secret()
    }

    /// The signing secret.
    pub fn secret(&self) -> &SecretString {
        &self.secret
    }
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPair")
            .field("key", &KeyHint(self.key.expose_secret()))
            .field("secret", &format_args!("{REDACTED}"))
            .finish()
    }
}

/// A [`KeyPair`] made ready for signing: the HMAC key prepared once (see
/// [`crate::sign::HmacKey`]) and the key's header value made once, marked sensitive. Venue
/// crates wrap it in their `Credentials`; signing a request then pays for hashing its own
/// message only.
///
/// `Debug` shows what the pair's `Debug` shows: the key's first characters, never the secret.
#[derive(Clone)]
pub struct SigningKeys {
    pair: KeyPair,
    mac: crate::sign::HmacKey,
    /// `None` when the key holds characters HTTP refuses (the signer then reports it).
    key_header: Option<http::HeaderValue>,
}

impl SigningKeys {
    /// Prepares `pair`.
    pub fn new(pair: KeyPair) -> Self {
        let mac = crate::sign::HmacKey::from_secret(pair.secret());
        let key_header = http::HeaderValue::from_str(pair.key()).ok().map(|mut v| {
            v.set_sensitive(true);
            v
        });
        SigningKeys {
            pair,
            mac,
            key_header,
        }
    }

    /// The API key.
    pub fn key(&self) -> &str {
        self.pair.key()
    }

    /// The signing secret.
    pub fn secret(&self) -> &SecretString {
        self.pair.secret()
    }

    /// The prepared HMAC key.
    pub fn mac(&self) -> &crate::sign::HmacKey {
        &self.mac
    }

    /// The key as a sensitive header value, or a configuration error naming `header` when the
    /// key holds characters HTTP refuses.
    pub fn key_header(&self, header: &str) -> crate::Result<http::HeaderValue> {
        self.key_header.clone().ok_or_else(|| {
            crate::Error::Config(format!("header `{header}` holds characters HTTP refuses"))
        })
    }
}

impl fmt::Debug for SigningKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.pair.fmt(f)
    }
}

/// A bearer credential sent as is (an API key in `Authorization`, a JWT): all of it is secret.
#[derive(Clone)]
pub struct Token(SecretString);

impl Token {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Token(SecretString::from(token.into()))
    }

    /// Reads the token from an environment variable; `None` unless it is set and not blank.
    pub fn from_env(var: &str) -> Option<Self> {
        env_value(var).map(Token::new)
    }

    /// The token, for the one place that sends it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token({REDACTED})")
    }
}

impl From<String> for Token {
    fn from(s: String) -> Self {
        Token::new(s)
    }
}

impl From<&str> for Token {
    fn from(s: &str) -> Self {
        Token::new(s)
    }
}

/// An environment variable's value, trimmed; `None` when unset or blank.
fn env_value(var: &str) -> Option<String> {
    let value = std::env::var(var).ok()?;
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Shows the first four characters of a key and hides the rest.
struct KeyHint<'a>(&'a str);

impl fmt::Debug for KeyHint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.0.chars().take(4).collect();
        if self.0.chars().count() <= 8 {
            // A short key would be given away by four characters; hide it all.
            write!(f, "\"{REDACTED}\"")
        } else {
            write!(f, "\"{shown}…\"")
        }
    }
}

/// Formats a key the way [`KeyPair`]'s `Debug` does, for venue crates' own credential types.
pub fn key_hint(key: &str) -> impl fmt::Debug + '_ {
    KeyHint(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_environment() {
        // Variable names unique to this test, so parallel tests cannot interfere.
        assert!(KeyPair::from_env("VC_TEST_NO_KEY", "VC_TEST_NO_SECRET").is_none());
        // Setting a variable needs `unsafe` in edition 2024 (and this crate forbids it), so the
        // positive case reads one every process has.
        let path = std::env::var("PATH").unwrap_or_default();
        if !path.trim().is_empty() {
            let kp = KeyPair::from_env("PATH", "PATH").unwrap();
            assert_eq!(kp.key(), path.trim());
            assert_eq!(Token::from_env("PATH").unwrap().expose(), path.trim());
        }
        assert!(Token::from_env("VC_TEST_NO_TOKEN").is_none());
    }

    #[test]
    fn debug_hides_secrets() {
        let kp = KeyPair::new("AKIAKEY1234567890", "s3cr3t-value-xyz");
        let dbg = format!("{kp:?}");
        assert!(!dbg.contains("s3cr3t"), "{dbg}");
        assert!(!dbg.contains("1234567890"), "{dbg}");
        assert!(dbg.contains("AKIA…"));
        let t = Token::new("eyJhbGciOi.payload.sig");
        assert_eq!(format!("{t:?}"), "Token([redacted])");
        let short = KeyPair::new("abc", "x");
        assert!(!format!("{short:?}").contains("abc"));
        let keys = SigningKeys::new(kp);
        let dbg = format!("{keys:?}");
        assert!(
            !dbg.contains("s3cr3t") && !dbg.contains("1234567890"),
            "{dbg}"
        );
        assert!(keys.key_header("x-key").unwrap().is_sensitive());
        // A key HTTP cannot carry is a configuration error naming the header, and quotes
        // nothing of the key.
        let bad = SigningKeys::new(KeyPair::new("key\nwith-newline", "x"));
        let err = bad.key_header("x-key").unwrap_err().to_string();
        assert!(err.contains("x-key") && !err.contains("newline"), "{err}");
    }
}

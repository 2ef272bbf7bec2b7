//! Models survive any serde format: a value written and read back through JSON, CBOR (a
//! self-describing binary format) and postcard (a binary format that cannot describe itself)
//! is the value it was.

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Writes `value` in every format and reads it back; a difference or a failure panics naming
/// the format and `what`.
pub fn round_trip<T>(what: &str, value: &T)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let json = serde_json::to_vec(value).unwrap_or_else(|e| panic!("{what}: to JSON: {e}"));
    let back: T =
        serde_json::from_slice(&json).unwrap_or_else(|e| panic!("{what}: from JSON: {e}"));
    assert_eq!(&back, value, "{what}: JSON round trip");

    let mut cbor = Vec::new();
    ciborium::into_writer(value, &mut cbor).unwrap_or_else(|e| panic!("{what}: to CBOR: {e}"));
    let back: T =
        ciborium::from_reader(&cbor[..]).unwrap_or_else(|e| panic!("{what}: from CBOR: {e}"));
    assert_eq!(&back, value, "{what}: CBOR round trip");
    assert!(
        !String::from_utf8_lossy(&cbor).contains("$serde_json"),
        "{what}: serde_json's private types leaked into CBOR"
    );

    let bytes = postcard::to_allocvec(value).unwrap_or_else(|e| panic!("{what}: to postcard: {e}"));
    let back: T =
        postcard::from_bytes(&bytes).unwrap_or_else(|e| panic!("{what}: from postcard: {e}"));
    assert_eq!(&back, value, "{what}: postcard round trip");
}

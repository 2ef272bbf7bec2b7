//! Random bits for ids (idempotency keys, request ids), from the standard library's own
//! OS-seeded keys, so that no crate adds a second random-number dependency for them.
//!
//! Each thread keys SipHash-1-3 (std's `RandomState`: 128 bits the operating system drew once
//! per thread) and hashes a counter. SipHash is a pseudo-random function, so the outputs are
//! unpredictable without the key and never repeat within a thread; two threads or processes
//! hold independent keys. Ids need that, uniqueness, not secrecy: nothing here is a secret.

use std::cell::Cell;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

use crate::sign::hex_lower_into;

/// 128 random bits.
pub fn random_u128() -> u128 {
    thread_local! {
        static KEYED: (RandomState, Cell<u64>) = (RandomState::new(), Cell::new(0));
    }
    KEYED.with(|(keys, counter)| {
        let draw = || {
            let n = counter.get();
            counter.set(n.wrapping_add(1));
            let mut hasher = keys.build_hasher();
            hasher.write_u64(n);
            hasher.finish()
        };
        (u128::from(draw()) << 64) | u128::from(draw())
    })
}

/// `random` made a random (version 4) UUID: RFC 9562 section 5.4 sets the four version bits
/// of octet 6 to `0100` and the two variant bits of octet 8 to `10`; the other 122 bits are
/// `random`'s.
pub fn uuid_v4(random: [u8; 16]) -> [u8; 16] {
    let mut bytes = random;
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    bytes
}

/// A UUID's text as RFC 9562 writes it: 32 lower-case hex digits in groups of 8-4-4-4-12.
pub fn uuid_hyphenated(uuid: [u8; 16]) -> [u8; 36] {
    let mut text = [b'-'; 36];
    let (mut from, mut at) = (0, 0);
    // Groups of 4, 2, 2, 2 and 6 bytes, a hyphen after each but the last.
    for len in [4, 2, 2, 2, 6] {
        hex_lower_into(&uuid[from..from + len], &mut text[at..at + 2 * len]);
        from += len;
        at += 2 * len + 1;
    }
    text
}

/// A UUID's 32 lower-case hex digits without hyphens (its "simple" form).
pub fn uuid_simple(uuid: [u8; 16]) -> [u8; 32] {
    let mut text = [0u8; 32];
    hex_lower_into(&uuid, &mut text);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn draws_do_not_repeat_within_or_across_threads() {
        let mut seen: HashSet<u128> = (0..10_000).map(|_| random_u128()).collect();
        let other = std::thread::spawn(|| (0..10_000).map(|_| random_u128()).collect::<Vec<_>>())
            .join()
            .expect("thread");
        seen.extend(other);
        assert_eq!(seen.len(), 20_000);
    }

    #[test]
    fn every_bit_varies() {
        let (mut ones, mut zeros) = (0u128, 0u128);
        for _ in 0..256 {
            let r = random_u128();
            ones |= r;
            zeros |= !r;
        }
        assert_eq!((ones, zeros), (u128::MAX, u128::MAX));
    }

    #[test]
    fn uuid_text_matches_rfc_9562_example() {
        // RFC 9562 appendix A.4, the example UUIDv4: 919108f7-52d1-4320-9bac-f847db4148a8.
        let bytes = [
            0x91, 0x91, 0x08, 0xf7, 0x52, 0xd1, 0x43, 0x20, 0x9b, 0xac, 0xf8, 0x47, 0xdb, 0x41,
            0x48, 0xa8,
        ];
        assert_eq!(uuid_v4(bytes), bytes, "already a v4 UUID: its bits stay");
        assert_eq!(
            &uuid_hyphenated(bytes),
            b"919108f7-52d1-4320-9bac-f847db4148a8"
        );
        assert_eq!(&uuid_simple(bytes), b"919108f752d143209bacf847db4148a8");
    }

    #[test]
    fn uuid_v4_sets_version_and_variant_only() {
        for fill in [0x00u8, 0xff, 0x5a] {
            let made = uuid_v4([fill; 16]);
            assert_eq!(made[6] >> 4, 4, "version");
            assert_eq!(made[8] >> 6, 0b10, "variant");
            assert_eq!(made[6] & 0x0f, fill & 0x0f);
            assert_eq!(made[8] & 0x3f, fill & 0x3f);
            for i in (0..16).filter(|i| *i != 6 && *i != 8) {
                assert_eq!(made[i], fill);
            }
        }
    }
}

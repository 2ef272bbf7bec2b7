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
}

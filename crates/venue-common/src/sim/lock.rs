//! A mutex that outlives a panicking holder.

use std::sync::{Mutex, MutexGuard};

/// A `Mutex` whose lock never fails: a handler that panicked while holding it (the skeleton
/// answers that request with a 500) leaves the data as it was, and the venue keeps serving
/// rather than failing every later request on a poisoned lock.
#[derive(Debug, Default)]
pub struct Lock<T>(Mutex<T>);

impl<T> Lock<T> {
    /// Wraps `value`.
    pub fn new(value: T) -> Self {
        Lock(Mutex::new(value))
    }

    /// Locks, ignoring poison.
    pub fn lock(&self) -> MutexGuard<'_, T> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` with the value locked.
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        f(&mut self.lock())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_locked_does_not_break_the_lock() {
        let lock = std::sync::Arc::new(Lock::new(1));
        let l2 = lock.clone();
        let _ = std::thread::spawn(move || {
            let _g = l2.lock();
            panic!("handler bug");
        })
        .join();
        assert_eq!(lock.with(|v| *v + 1), 2);
    }
}

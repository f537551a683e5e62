//! JavaScript semantics the translated code relies on, where Rust's std differs: number
//! formatting, half-up rounding, UTF-16 string indices, insertion-ordered maps, and a clock
//! and `Math.random` that the golden-vector replay pins.

use std::cell::Cell;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

/// `String(n)` of JavaScript: shortest round-trip digits, exponent form below 1e-6 and from 1e21.
pub fn num_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_string();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if n == 0.0 {
        return "0".to_string();
    }
    let sci = format!("{:e}", n.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    let point = exponent.parse::<i32>().unwrap_or(0) + 1;
    let sign = if n < 0.0 { "-" } else { "" };
    let body = if k <= point && point <= 21 {
        format!("{digits}{}", "0".repeat((point - k) as usize))
    } else if 0 < point && point <= 21 {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let e = point - 1;
        let e_sign = if e < 0 { '-' } else { '+' };
        if k == 1 {
            format!("{digits}e{e_sign}{}", e.abs())
        } else {
            format!("{}.{}e{e_sign}{}", &digits[..1], &digits[1..], e.abs())
        }
    };
    format!("{sign}{body}")
}

thread_local! {
    static CLOCK_MS: Cell<Option<f64>> = const { Cell::new(None) };
    static RANDOM_STATE: Cell<Option<u32>> = const { Cell::new(None) };
}

/// Pins `Date.now()` / `new Date()` for this thread (the vector replay pins it per vector).
pub fn set_clock_ms(ms: f64) {
    CLOCK_MS.with(|c| c.set(Some(ms)));
}

/// Seeds this thread's `Math.random` (mulberry32, bit-for-bit the recorder's generator).
pub fn seed_random(seed: u32) {
    RANDOM_STATE.with(|s| s.set(Some(seed)));
}

/// `Date.now()`: the pinned clock, or the system clock when none is pinned.
pub fn now_ms() -> f64 {
    CLOCK_MS.with(Cell::get).unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_millis() as f64)
    })
}

/// `Math.random()`: mulberry32 over the seeded (or clock-seeded) state.
pub fn random() -> f64 {
    RANDOM_STATE.with(|state| {
        let seed = state.get().unwrap_or_else(|| now_ms() as u32);
        let a = seed.wrapping_add(0x6D2B_79F5);
        state.set(Some(a));
        let mut t = (a ^ (a >> 15)).wrapping_mul(1 | a);
        t = t.wrapping_add((t ^ (t >> 7)).wrapping_mul(61 | t)) ^ t;
        f64::from(t ^ (t >> 14)) / 4_294_967_296.0
    })
}

/// A JS object shared by reference (the state of a shared class's instance): clones are
/// handles to the same object and `==` compares identity. The translation takes the lock for one
/// access at a time and computes everything else first, so an object is never locked twice.
pub struct Shared<T>(Arc<Mutex<T>>);

impl<T> Shared<T> {
    pub fn new(state: T) -> Self {
        Shared(Arc::new(Mutex::new(state)))
    }

    /// Runs `f` on the object's state.
    pub fn read<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.lock())
    }

    /// Runs `f` on the object's state, which it may change.
    pub fn write<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        f(&mut self.lock())
    }

    fn lock(&self) -> MutexGuard<'_, T> {
        // A panic inside a closure (a failed vector) leaves the state as it was: keep using it.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> fmt::Debug for Shared<T> {
    /// The address only: objects may refer to each other in cycles.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Shared({:p})", Arc::as_ptr(&self.0))
    }
}

//! JavaScript semantics the translated code relies on, where Rust's std differs: number
//! formatting, half-up rounding, UTF-16 string indices, insertion-ordered maps, and a clock
//! and `Math.random` that the golden-vector replay pins.

use std::cell::Cell;
use std::time::{SystemTime, UNIX_EPOCH};

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

/// A relative index (negative counts from the end) clamped to `0..=len`, as `slice` reads it.
fn relative(i: i64, len: i64) -> i64 {
    if i < 0 {
        (len + i).max(0)
    } else {
        i.min(len)
    }
}

/// `a.slice(start, end)` with JS's negative and out-of-range indices.
pub fn slice<T: Clone>(values: &[T], start: i64, end: Option<i64>) -> Vec<T> {
    let len = values.len() as i64;
    let from = relative(start, len);
    let to = end.map_or(len, |e| relative(e, len));
    if from >= to {
        Vec::new()
    } else {
        values[from as usize..to as usize].to_vec()
    }
}

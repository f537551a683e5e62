//! JavaScript semantics the translated code relies on, where Rust's std differs: number
//! formatting, half-up rounding, UTF-16 string indices, insertion-ordered maps, and a clock
//! and `Math.random` that the golden-vector replay pins.

use std::cell::Cell;
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

/// JS `String(v)` for the values a type parameter with this bound holds.
pub trait JsString {
    fn js_string(&self) -> String;
}

impl JsString for f64 {
    fn js_string(&self) -> String {
        num_to_string(*self)
    }
}

impl JsString for i64 {
    fn js_string(&self) -> String {
        self.to_string()
    }
}

impl JsString for bool {
    fn js_string(&self) -> String {
        self.to_string()
    }
}

impl JsString for String {
    fn js_string(&self) -> String {
        self.clone()
    }
}

impl<T: JsString> JsString for Option<T> {
    fn js_string(&self) -> String {
        self.as_ref()
            .map_or_else(|| "undefined".to_string(), JsString::js_string)
    }
}

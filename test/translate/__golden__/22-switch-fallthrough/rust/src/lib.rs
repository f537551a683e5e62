//! Translated by pivot from `22-switch-fallthrough.ts` — do not edit; change the TypeScript and
//! regenerate. `jsrt` holds the JavaScript semantics the code relies on; `tests/vectors.rs`
//! replays the golden vectors recorded from the original.

// The translation keeps the TS source's shape so the two read side by side: loops stay loops,
// stores TS needed for definite assignment, NaN-aware `!(a < b)` tests and range checks stay
// as written, literals that look like std constants are the source's own values, and so is
// what the source spells out: arithmetic with 0 and 1 (`x + 0`, `n * 0`), `x !== x` (the NaN
// test), `c ? v : v`, `a = a + b`, `Math.max(0, 2)`.
#![allow(
    unused_assignments,
    clippy::approx_constant,
    clippy::assign_op_pattern,
    clippy::eq_op,
    clippy::erasing_op,
    clippy::explicit_counter_loop,
    clippy::identity_op,
    clippy::if_same_then_else,
    clippy::manual_find,
    clippy::manual_memcpy,
    clippy::manual_range_contains,
    clippy::misrefactored_assign_op,
    clippy::needless_range_loop,
    clippy::unnecessary_min_or_max,
    clippy::neg_cmp_op_on_partial_ord
)]

pub mod jsrt;

fn is_leap_year(year: f64) -> bool {
    (year % 4.0 == 0.0 && year % 100.0 != 0.0) || year % 400.0 == 0.0
}

/// Number of days in a month (1 = January).
pub fn days_in_month(month: f64, year: f64) -> Result<i64, String> {
    if month == 1.0
        || month == 3.0
        || month == 5.0
        || month == 7.0
        || month == 8.0
        || month == 10.0
        || month == 12.0
    {
        Ok(31)
    } else if month == 4.0 || month == 6.0 || month == 9.0 || month == 11.0 {
        Ok(30)
    } else if month == 2.0 {
        let days = if is_leap_year(year) { 29 } else { 28 };
        Ok(days)
    } else {
        Err(format!("no such month: {}", jsrt::num_to_string(month)))
    }
}

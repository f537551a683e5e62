//! Translated by pivot from `10-string-pad-utf16.ts` — do not edit; change the TypeScript and
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

/// One aligned row of a plain-text report: `LABEL.....value|`.
pub fn format_row(label: &str, value: f64, width: f64) -> Result<String, String> {
    if width < 0.0 || !jsrt::is_integer(width) {
        return Err("width must be a non-negative integer".to_string());
    }
    let head = jsrt::pad_end(&label.to_uppercase(), width as i64, ".");
    let tail = jsrt::pad_start(&jsrt::num_to_string(value), 6, " ");
    let rule = "-".repeat(i64::min(width as i64, 20) as usize);
    Ok(format!("{head}{tail}|{}|{rule}", jsrt::str_len(label)))
}

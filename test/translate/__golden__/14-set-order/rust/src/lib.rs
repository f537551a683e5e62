//! Translated by pivot from `14-set-order.ts` — do not edit; change the TypeScript and
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

use crate::jsrt::JsSet;

/// The last `limit` distinct visitors, oldest first (an LRU order).
pub fn recent_visitors(visits: &[String], limit: f64) -> Result<Vec<String>, String> {
    if limit <= 0.0 {
        return Err(format!(
            "limit must be positive, got {}",
            jsrt::num_to_string(limit)
        ));
    }
    let mut seen: JsSet<String> = JsSet::new();
    for visitor in visits.iter() {
        if seen.contains(visitor) {
            seen.remove(visitor);
        }
        seen.insert(visitor.clone());
    }
    let mut ordered: Vec<String> = Vec::new();
    for visitor in seen.iter() {
        ordered.push(visitor.clone());
    }
    Ok(jsrt::slice(
        &ordered,
        jsrt::max(0.0, ordered.len() as f64 - limit) as i64,
        None,
    ))
}

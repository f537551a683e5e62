//! Translated by pivot from `102-lane-indexed-fold.ts` — do not edit; change the TypeScript and
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

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Option {
    pub gain: f64,
    pub cost: f64,
}

const TEMPERATURE: f64 = 0.25;

#[inline]
fn logistic(x: f64, scale: f64) -> f64 {
    1.0 / (1.0 + jsrt::exp(-x / scale))
}

/// `logistic` on four elements at once: bit for bit four calls (see `jsrt::F64x4`).
#[inline]
fn logistic_x4(x: jsrt::F64x4, scale: f64) -> jsrt::F64x4 {
    jsrt::F64x4::splat(1.0)
        / (jsrt::F64x4::splat(1.0) + jsrt::exp_x4(-x / jsrt::F64x4::splat(scale)))
}

/// A softmax denominator, a soft count and a utility over the options.
pub fn soft_scores(samples: &[f64], options: &[Option], bias: f64) -> Vec<f64> {
    let mut denominator = 0.0;
    {
        let mut chunks = samples.chunks_exact(4);
        for chunk in &mut chunks {
            let lanes = soft_scores_fold_x4(
                jsrt::F64x4::new([chunk[0], chunk[1], chunk[2], chunk[3]]),
                bias,
            );
            for value in lanes.to_array() {
                denominator += value;
            }
        }
        for &item in chunks.remainder() {
            denominator += jsrt::exp((item - bias) / TEMPERATURE);
        }
    }
    let mut soft_count = 0.0;
    {
        let mut chunks = samples.chunks_exact(4);
        for chunk in &mut chunks {
            let lanes = logistic_x4(
                jsrt::F64x4::new([chunk[0], chunk[1], chunk[2], chunk[3]]),
                bias,
            );
            for value in lanes.to_array() {
                soft_count += value;
            }
        }
        for &item in chunks.remainder() {
            soft_count += logistic(item, bias);
        }
    }
    let mut utility = 0.0;
    {
        let mut chunks = options.chunks_exact(4);
        for chunk in &mut chunks {
            let lanes = soft_scores_fold2_x4([&chunk[0], &chunk[1], &chunk[2], &chunk[3]], bias);
            for value in lanes.to_array() {
                utility -= value;
            }
        }
        for option in chunks.remainder() {
            utility -= jsrt::log(1.0 + option.gain.abs()) / (option.cost + bias * bias);
        }
    }
    let mut energy = 0.0;
    for &x in samples.iter() {
        energy += x * x;
    }
    vec![denominator, soft_count, utility, energy]
}

/// The value the loop in `softScores` folds, on four elements at once (see `jsrt::F64x4`).
#[inline]
fn soft_scores_fold_x4(item: jsrt::F64x4, bias: f64) -> jsrt::F64x4 {
    jsrt::exp_x4((item - jsrt::F64x4::splat(bias)) / jsrt::F64x4::splat(TEMPERATURE))
}

/// The value the loop in `softScores` folds, on four elements at once (see `jsrt::F64x4`).
#[inline]
fn soft_scores_fold2_x4(option: [&Option; 4], bias: f64) -> jsrt::F64x4 {
    jsrt::log_x4(jsrt::F64x4::splat(1.0) + jsrt::F64x4::new(option.map(|lane| lane.gain)).abs())
        / (jsrt::F64x4::new(option.map(|lane| lane.cost)) + jsrt::F64x4::splat(bias * bias))
}

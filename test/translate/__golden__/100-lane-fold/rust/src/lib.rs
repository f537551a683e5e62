//! Translated by pivot from `100-lane-fold.ts` — do not edit; change the TypeScript and
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
pub struct Position {
    pub weight: f64,
    pub price: f64,
    pub volatility: f64,
    pub lots: f64,
}

/// Risk one position adds over the horizon, relative to a floor price.
#[inline]
fn position_risk(position: &Position, horizon: f64, floor: f64) -> f64 {
    let drift = jsrt::log(position.price / floor);
    let spread = position.volatility * horizon.sqrt();
    let tail = jsrt::exp(-jsrt::max(0.0, drift) / spread);
    position.weight * drift.abs() * tail + jsrt::min(jsrt::min(spread, 1.0), position.lots)
        - position.lots / 1000.0
}

/// `position_risk` on four elements at once: bit for bit four calls (see `jsrt::F64x4`).
#[inline]
fn position_risk_x4(position: [&Position; 4], horizon: f64, floor: f64) -> jsrt::F64x4 {
    let drift =
        jsrt::log_x4(jsrt::F64x4::new(position.map(|lane| lane.price)) / jsrt::F64x4::splat(floor));
    let spread =
        jsrt::F64x4::new(position.map(|lane| lane.volatility)) * jsrt::F64x4::splat(horizon.sqrt());
    let tail = jsrt::exp_x4(-jsrt::max_x4(jsrt::F64x4::splat(0.0), drift) / spread);
    jsrt::F64x4::new(position.map(|lane| lane.weight)) * drift.abs() * tail
        + jsrt::min_x4(
            jsrt::min_x4(spread, jsrt::F64x4::splat(1.0)),
            jsrt::F64x4::new(position.map(|lane| lane.lots)),
        )
        - jsrt::F64x4::new(position.map(|lane| lane.lots)) / jsrt::F64x4::splat(1000.0)
}

#[inline]
fn squash(x: f64, k: f64) -> f64 {
    1.0 / (1.0 + jsrt::exp(-k * x))
}

/// `squash` on four elements at once: bit for bit four calls (see `jsrt::F64x4`).
#[inline]
fn squash_x4(x: jsrt::F64x4, k: f64) -> jsrt::F64x4 {
    jsrt::F64x4::splat(1.0) / (jsrt::F64x4::splat(1.0) + jsrt::exp_x4(jsrt::F64x4::splat(-k) * x))
}

/// Total risk of the positions and a smoothed signal over the samples.
pub fn portfolio_score(
    positions: &[Position],
    samples: &[f64],
    horizon: f64,
    floor: f64,
) -> Vec<f64> {
    let mut risk = 0.0;
    {
        let mut chunks = positions.chunks_exact(4);
        for chunk in &mut chunks {
            let lanes = position_risk_x4(
                [&chunk[0], &chunk[1], &chunk[2], &chunk[3]],
                horizon * 2.0,
                floor,
            );
            for value in lanes.to_array() {
                risk += value;
            }
        }
        for position in chunks.remainder() {
            risk += position_risk(position, horizon * 2.0, floor);
        }
    }
    let mut signal = 0.0;
    {
        let mut chunks = samples.chunks_exact(4);
        for chunk in &mut chunks {
            let lanes = squash_x4(
                jsrt::F64x4::new([chunk[0], chunk[1], chunk[2], chunk[3]]),
                horizon,
            );
            for value in lanes.to_array() {
                signal -= value;
            }
        }
        for &x in chunks.remainder() {
            signal -= squash(x, horizon);
        }
    }
    let mut unchanged = 0.0;
    for &x in samples.iter() {
        unchanged += if x > 0.0 { squash(x, 1.0) } else { 0.0 };
    }
    vec![risk, signal, unchanged]
}

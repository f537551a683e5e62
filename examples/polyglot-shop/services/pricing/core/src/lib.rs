//! Translated by pivot from `src/pricing.ts` — do not edit; change the TypeScript and
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
use std::sync::LazyLock;

/// Dynamic pricing: pure, compute-bound functions over plain data.
///
/// A quote searches a grid of candidate prices against a demand model made of several customer
/// segments, keeps the revenue-maximising price, scales it by a scarcity factor from the stock
/// level and applies the discount of the price tier it lands in. The grid search is the hot spot.
///
/// Written in the subset pivot's translator carries to Rust and Go: interfaces, numbers, strings,
/// arrays, string-literal unions, plain loops, Math.* and `throw new Error(message)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PriceTier {
    #[serde(rename = "premium")]
    Premium,
    #[serde(rename = "standard")]
    Standard,
    #[serde(rename = "basic")]
    Basic,
    #[serde(rename = "economy")]
    Economy,
}

impl PriceTier {
    /// The TS string literal of the variant.
    pub fn as_str(&self) -> &'static str {
        match self {
            PriceTier::Premium => "premium",
            PriceTier::Standard => "standard",
            PriceTier::Basic => "basic",
            PriceTier::Economy => "economy",
        }
    }
}

impl std::fmt::Display for PriceTier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceInput {
    pub product_id: f64,
    pub base_price: f64,
    pub stock: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerSegment {
    pub name: String,
    pub share: f64,
    pub reference: f64,
    pub elasticity: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevenuePoint {
    pub price: f64,
    pub units: f64,
    pub revenue: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TierChoice {
    pub tier: PriceTier,
    pub discount_percent: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceQuote {
    pub product_id: f64,
    pub base_price: f64,
    pub optimal_price: f64,
    pub scarcity_factor: f64,
    pub price_tier: PriceTier,
    pub discount_percent: i64,
    pub final_price: f64,
}

pub static CUSTOMER_SEGMENTS: LazyLock<Vec<CustomerSegment>> = LazyLock::new(|| {
    vec![
        CustomerSegment {
            name: "bargain".to_string(),
            share: 0.3,
            reference: 0.8,
            elasticity: 4.5,
        },
        CustomerSegment {
            name: "mainstream".to_string(),
            share: 0.35,
            reference: 1.1,
            elasticity: 3.2,
        },
        CustomerSegment {
            name: "loyal".to_string(),
            share: 0.15,
            reference: 1.4,
            elasticity: 2.4,
        },
        CustomerSegment {
            name: "business".to_string(),
            share: 0.12,
            reference: 1.7,
            elasticity: 2.1,
        },
        CustomerSegment {
            name: "collector".to_string(),
            share: 0.08,
            reference: 2.3,
            elasticity: 1.6,
        },
    ]
});

pub const MARKET_SIZE: i64 = 120;

pub const MIN_PRICE_MULTIPLE: f64 = 0.5;

pub const MAX_PRICE_MULTIPLE: i64 = 3;

pub const COARSE_GRID_POINTS: i64 = 2400;

pub const FINE_GRID_POINTS: i64 = 600;

pub fn round_to_cents(amount: f64) -> f64 {
    jsrt::round(amount * 100.0) / 100.0
}

/// Fraction of the market one segment buys at `price`: a logistic drop-off in log-price around
/// the segment's reference, share / (1 + (price / reference)^elasticity), damped slightly for
/// prices far below the reference (buyers distrust them).
#[inline]
pub fn segment_demand(segment: &CustomerSegment, price: f64, base_price: f64) -> f64 {
    let reference = base_price * segment.reference;
    let log_ratio = jsrt::log(price / reference);
    let drop_off = 1.0 / (1.0 + jsrt::exp(segment.elasticity * log_ratio));
    let distrust = 1.0 - 0.1 * jsrt::exp(-4.0 * jsrt::max(0.0, -log_ratio));
    segment.share * drop_off * distrust
}

/// Units sold at `price` across every segment, capped by the stock on hand.
pub fn expected_units(price: f64, base_price: f64, stock: f64) -> f64 {
    let mut fraction = 0.0;
    for segment in CUSTOMER_SEGMENTS.iter() {
        fraction += segment_demand(segment, price, base_price);
    }
    jsrt::min(MARKET_SIZE as f64 * fraction, jsrt::max(stock, 1.0))
}

#[inline]
fn evaluate_price(price: f64, base_price: f64, stock: f64) -> RevenuePoint {
    let units = expected_units(price, base_price, stock);
    RevenuePoint {
        price,
        units,
        revenue: price * units,
    }
}

/// Best revenue among `points` evenly spaced prices from `low` to `high` inclusive.
pub fn search_grid(
    base_price: f64,
    stock: f64,
    low: f64,
    high: f64,
    points: i64,
) -> Result<RevenuePoint, String> {
    if points < 2 {
        return Err(format!("grid needs at least 2 points, got {points}"));
    }
    let step = (high - low) / (points - 1) as f64;
    let mut best = evaluate_price(low, base_price, stock);
    for i in 1..points {
        let candidate = evaluate_price(low + step * i as f64, base_price, stock);
        if candidate.revenue > best.revenue {
            best = candidate;
        }
    }
    Ok(best)
}

/// Coarse search over the whole price range, then a fine search around the coarse winner.
pub fn find_revenue_maximum(base_price: f64, stock: f64) -> Result<RevenuePoint, String> {
    let low = base_price * MIN_PRICE_MULTIPLE;
    let high = base_price * MAX_PRICE_MULTIPLE as f64;
    let coarse = search_grid(base_price, stock, low, high, COARSE_GRID_POINTS)?;
    let coarse_step = (high - low) / (COARSE_GRID_POINTS - 1) as f64;
    let fine_low = jsrt::max(low, coarse.price - coarse_step);
    let fine_high = jsrt::min(high, coarse.price + coarse_step);
    let fine = search_grid(base_price, stock, fine_low, fine_high, FINE_GRID_POINTS)?;
    Ok(if fine.revenue > coarse.revenue {
        fine
    } else {
        coarse
    })
}

/// Scarce stock raises the price: under 10 units × 1.5, under 50 × 1.2, otherwise × 1.
pub fn scarcity_factor(stock: f64) -> f64 {
    if stock < 10.0 {
        return 1.5;
    }
    if stock < 50.0 {
        return 1.2;
    }
    1.0
}

/// The tier a price falls in and the discount that tier earns.
pub fn choose_tier(price: f64) -> TierChoice {
    if price > 1000.0 {
        return TierChoice {
            tier: PriceTier::Premium,
            discount_percent: 15,
        };
    }
    if price > 500.0 {
        return TierChoice {
            tier: PriceTier::Standard,
            discount_percent: 10,
        };
    }
    if price > 100.0 {
        return TierChoice {
            tier: PriceTier::Basic,
            discount_percent: 5,
        };
    }
    TierChoice {
        tier: PriceTier::Economy,
        discount_percent: 0,
    }
}

pub fn quote_price(input: &PriceInput) -> Result<PriceQuote, String> {
    if !(input.base_price > 0.0) {
        return Err(format!(
            "invalid base price {} for product {}",
            jsrt::num_to_string(input.base_price),
            jsrt::num_to_string(input.product_id)
        ));
    }
    if !(input.stock >= 0.0) {
        return Err(format!(
            "invalid stock {} for product {}",
            jsrt::num_to_string(input.stock),
            jsrt::num_to_string(input.product_id)
        ));
    }
    let best = find_revenue_maximum(input.base_price, input.stock)?;
    let optimal_price = round_to_cents(best.price);
    let factor = scarcity_factor(input.stock);
    let scaled_price = round_to_cents(optimal_price * factor);
    let choice = choose_tier(scaled_price);
    let final_price = round_to_cents(scaled_price * (100 - choice.discount_percent) as f64 / 100.0);
    Ok(PriceQuote {
        product_id: input.product_id,
        base_price: round_to_cents(input.base_price),
        optimal_price,
        scarcity_factor: factor,
        price_tier: choice.tier,
        discount_percent: choice.discount_percent,
        final_price,
    })
}

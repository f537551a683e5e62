//! Translated by pivot from `29-class-inventory-store.ts` — do not edit; change the TypeScript and
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

use crate::jsrt::JsMap;

/// Units per SKU in one warehouse.
#[derive(Debug, Clone)]
pub struct InventoryStore {
    stock: JsMap<String, f64>,
    reservations: i64,
    warehouse: String,
}

impl InventoryStore {
    /// Builds the value as the TS constructor does.
    pub fn new(warehouse: &str) -> Self {
        Self {
            stock: JsMap::new(),
            reservations: 0,
            warehouse: warehouse.to_string(),
        }
    }

    /// Adds units of a SKU.
    pub fn add(&mut self, sku: &str, quantity: f64) -> Result<f64, String> {
        if quantity < 0.0 || !jsrt::is_integer(quantity) {
            return Err(format!(
                "invalid quantity {} for {sku}",
                jsrt::num_to_string(quantity)
            ));
        }
        let next = self.stock.get(sku).copied().unwrap_or(0.0) + quantity as i64 as f64;
        self.stock.insert(sku.to_string(), next);
        Ok(next)
    }

    /// Takes units if enough are available; returns whether it did.
    pub fn reserve(&mut self, sku: &str, quantity: f64) -> bool {
        let current = self.available(sku);
        if current < quantity {
            return false;
        }
        self.stock.insert(sku.to_string(), current - quantity);
        self.reservations += 1;
        true
    }

    pub fn remove(&mut self, sku: &str) -> bool {
        self.stock.remove(sku).is_some()
    }

    pub fn available(&self, sku: &str) -> f64 {
        self.stock.get(sku).copied().unwrap_or(0.0)
    }

    pub fn skus(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for sku in self.stock.keys() {
            names.push(sku.clone());
        }
        names
    }

    pub fn total_units(&self) -> f64 {
        let mut total = 0.0;
        for &units in self.stock.values() {
            total += units;
        }
        total
    }

    pub fn describe(&self) -> String {
        format!(
            "{}: {} skus, {} units, {} reservations",
            self.warehouse,
            self.stock.len() as i64,
            jsrt::num_to_string(self.total_units()),
            self.reservations
        )
    }
}

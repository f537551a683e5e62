//! Translated by pivot from `28-class-bank-account.ts` — do not edit; change the TypeScript and
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

/// A toy account: amounts in currency units, every accepted movement kept in history.
#[derive(Debug, Clone)]
pub struct BankAccount {
    pub owner: String,
    balance_value: f64,
    movements: Vec<f64>,
}

impl BankAccount {
    /// Builds the value as the TS constructor does.
    pub fn new(owner: &str, opening_balance: f64) -> Result<Self, String> {
        if jsrt::str_len(owner) == 0 {
            return Err("owner must not be empty".to_string());
        }
        if opening_balance < 0.0 {
            return Err(format!(
                "opening balance must not be negative: {}",
                jsrt::num_to_string(opening_balance)
            ));
        }
        Ok(Self {
            owner: owner.to_string(),
            balance_value: opening_balance,
            movements: Vec::new(),
        })
    }

    /// Current balance.
    pub fn balance(&self) -> f64 {
        self.balance_value
    }

    pub fn deposit(&mut self, amount: f64) -> Result<f64, String> {
        if !(amount > 0.0) {
            return Err(format!(
                "deposit must be positive: {}",
                jsrt::num_to_string(amount)
            ));
        }
        self.balance_value += amount;
        self.movements.push(amount);
        Ok(self.balance_value)
    }

    pub fn withdraw(&mut self, amount: f64) -> Result<f64, String> {
        if amount > self.balance_value {
            return Err(format!(
                "insufficient funds: {} < {}",
                jsrt::num_to_string(self.balance_value),
                jsrt::num_to_string(amount)
            ));
        }
        self.balance_value -= amount;
        self.movements.push(-amount);
        Ok(self.balance_value)
    }

    pub fn history(&self) -> Vec<f64> {
        self.movements.to_vec()
    }

    pub fn statement(&self) -> String {
        format!(
            "{}: {} after {} movements",
            self.owner,
            jsrt::num_to_string(self.balance()),
            self.movements.len() as i64
        )
    }
}

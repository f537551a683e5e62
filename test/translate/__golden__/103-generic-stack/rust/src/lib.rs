//! Translated by pivot from `103-generic-stack.ts` — do not edit; change the TypeScript and
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

/// A LIFO stack over an array.
#[derive(Debug, Clone)]
pub struct Stack<T> {
    items: Vec<T>,
}

impl<T: Clone + PartialEq + jsrt::JsString> Stack<T> {
    /// Builds the value as the TS constructor does.
    pub fn new() -> Self {
        Self { items: Vec::new() }
    }

    pub fn push(&mut self, item: T) {
        self.items.push(item);
    }

    pub fn pop(&mut self) -> Option<T> {
        self.items.pop()
    }

    pub fn peek(&self) -> Option<T> {
        if (self.items.len() as i64) > 0 {
            self.items
                .get((self.items.len() as i64 - 1) as usize)
                .cloned()
        } else {
            None
        }
    }

    /// Whether the stack holds the item (=== as indexOf compares: NaN is never found).
    pub fn contains(&self, item: T) -> bool {
        self.items
            .iter()
            .position(|e| e == &item)
            .map_or(-1, |i| i as i64)
            != -1
    }

    pub fn is_empty(&self) -> bool {
        (self.items.len() as i64) == 0
    }

    pub fn size(&self) -> i64 {
        self.items.len() as i64
    }

    pub fn clear(&mut self) {
        self.items = Vec::new();
    }

    pub fn describe(&self) -> String {
        if self.is_empty() {
            "empty".to_string()
        } else {
            format!(
                "{} items, top {}: {}",
                self.items.len() as i64,
                jsrt::JsString::js_string(&self.items[(self.items.len() as i64 - 1) as usize]),
                self.items
                    .iter()
                    .map(jsrt::JsString::js_string)
                    .collect::<Vec<_>>()
                    .join(" | ")
            )
        }
    }
}

impl<T: Clone + PartialEq + jsrt::JsString> Default for Stack<T> {
    fn default() -> Self {
        Self::new()
    }
}

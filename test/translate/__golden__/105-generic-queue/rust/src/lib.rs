//! Translated by pivot from `105-generic-queue.ts` — do not edit; change the TypeScript and
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

/// A FIFO queue over an array with a moving head.
#[derive(Debug, Clone)]
pub struct Queue<T> {
    items: Vec<T>,
    head: i64,
}

impl<T: Clone> Queue<T> {
    /// Builds the value as the TS constructor does.
    pub fn new() -> Self {
        Self {
            items: Vec::new(),
            head: 0,
        }
    }

    pub fn enqueue(&mut self, item: T) -> &mut Self {
        self.items.push(item);
        self
    }

    pub fn dequeue(&mut self) -> Option<T> {
        if self.is_empty() {
            return None;
        }
        let item = self.items[self.head as usize].clone();
        self.head += 1;
        if self.head > 16 && self.head * 2 >= self.items.len() as i64 {
            self.compact();
        }
        Some(item)
    }

    /// Like dequeue, but an empty queue is an error.
    pub fn take(&mut self) -> Result<T, String> {
        if self.is_empty() {
            return Err("queue is empty".to_string());
        }
        Ok(self.dequeue().unwrap())
    }

    pub fn peek(&self) -> Option<T> {
        self.items.get(self.head as usize).cloned()
    }

    pub fn size(&self) -> i64 {
        self.items.len() as i64 - self.head
    }

    pub fn is_empty(&self) -> bool {
        self.size() == 0
    }

    pub fn to_array(&self) -> Vec<T> {
        jsrt::slice(&self.items, self.head, None)
    }

    fn compact(&mut self) {
        self.items = jsrt::slice(&self.items, self.head, None);
        self.head = 0;
    }
}

impl<T: Clone> Default for Queue<T> {
    fn default() -> Self {
        Self::new()
    }
}

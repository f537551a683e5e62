//! Translated by pivot from `104-linked-list.ts` — do not edit; change the TypeScript and
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

/// The fields of a [`ListNode`], behind its handle.
#[derive(Debug)]
pub struct ListNodeState<T> {
    pub value: T,
    pub next: Option<ListNode<T>>,
}

/// Shared, as a JS object is: a `ListNode` is a handle, its clones are the same object and `==`
/// compares identity.
#[derive(Debug)]
pub struct ListNode<T>(jsrt::Shared<ListNodeState<T>>);

impl<T> Clone for ListNode<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> PartialEq for ListNode<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<T: Clone> ListNode<T> {
    /// Builds the value as the TS constructor does.
    pub fn new(value: T, next: Option<ListNode<T>>) -> Self {
        Self(jsrt::Shared::new(ListNodeState { value, next }))
    }
}

/// A singly linked list with a tail pointer.
#[derive(Debug, Clone)]
pub struct LinkedList<T> {
    head: Option<ListNode<T>>,
    tail: Option<ListNode<T>>,
    count: i64,
}

impl<T: Clone + PartialEq> LinkedList<T> {
    /// Builds the value as the TS constructor does.
    pub fn new() -> Self {
        Self {
            head: None,
            tail: None,
            count: 0,
        }
    }

    pub fn append(&mut self, value: T) {
        let node = ListNode::new(value, None);
        if self.tail.is_none() {
            self.head = Some(node.clone());
            self.tail = Some(node);
        } else {
            self.tail
                .as_ref()
                .unwrap()
                .0
                .write(|st| st.next = Some(node.clone()));
            self.tail = Some(node);
        }
        self.count += 1;
    }

    pub fn prepend(&mut self, value: T) {
        self.head = Some(ListNode::new(value, self.head.clone()));
        if self.tail.is_none() {
            self.tail = Some(self.head.clone().unwrap());
        }
        self.count += 1;
    }

    pub fn insert_at(&mut self, index: f64, value: T) -> bool {
        if index < 0.0 || index > self.count as f64 {
            return false;
        }
        if index == 0.0 {
            self.prepend(value.clone());
            return true;
        }
        let mut previous = self.head.clone().unwrap();
        let mut i = 0;
        while (i as f64) < index - 1.0 {
            previous = previous.0.read(|st| st.next.clone().unwrap());
            i += 1;
        }
        let node = ListNode::new(value, previous.0.read(|st| st.next.clone()));
        previous.0.write(|st| st.next = Some(node.clone()));
        if node.0.read(|st| st.next.is_none()) {
            self.tail = Some(node);
        }
        self.count += 1;
        true
    }

    pub fn remove_at(&mut self, index: f64) -> Result<T, String> {
        if index < 0.0 || index >= self.count as f64 {
            return Err(format!("index {} out of range", jsrt::num_to_string(index)));
        }
        let mut removed = self.head.clone().unwrap();
        if index == 0.0 {
            self.head = removed.0.read(|st| st.next.clone());
            if self.head.is_none() {
                self.tail = None;
            }
        } else {
            let mut previous = self.head.clone().unwrap();
            let mut i = 0;
            while (i as f64) < index - 1.0 {
                previous = previous.0.read(|st| st.next.clone().unwrap());
                i += 1;
            }
            removed = previous.0.read(|st| st.next.clone().unwrap());
            let value = removed.0.read(|st| st.next.clone());
            previous.0.write(|st| st.next = value.clone());
            if previous.0.read(|st| st.next.is_none()) {
                self.tail = Some(previous);
            }
        }
        self.count -= 1;
        Ok(removed.0.read(|st| st.value.clone()))
    }

    pub fn index_of(&self, value: T) -> i64 {
        let mut current = self.head.clone();
        let mut index = 0;
        while current.is_some() {
            if current.as_ref().unwrap().0.read(|st| st.value.clone()) == value {
                return index;
            }
            current = current.as_ref().unwrap().0.read(|st| st.next.clone());
            index += 1;
        }
        -1
    }

    pub fn reverse(&mut self) {
        let mut previous: Option<ListNode<T>> = None;
        let mut current = self.head.clone();
        self.tail = current.clone();
        while current.is_some() {
            let next = &current.as_ref().unwrap().0.read(|st| st.next.clone());
            current
                .as_ref()
                .unwrap()
                .0
                .write(|st| st.next = previous.clone());
            previous = Some(current.clone().unwrap());
            current = next.clone();
        }
        self.head = previous;
    }

    pub fn to_array(&self) -> Vec<T> {
        let mut out: Vec<T> = Vec::new();
        let mut node = self.head.clone();
        while node.is_some() {
            out.push(node.as_ref().unwrap().0.read(|st| st.value.clone()));
            node = node.as_ref().unwrap().0.read(|st| st.next.clone());
        }
        out
    }

    pub fn size(&self) -> i64 {
        self.count
    }
}

impl<T: Clone + PartialEq> Default for LinkedList<T> {
    fn default() -> Self {
        Self::new()
    }
}

//! JavaScript semantics the translated code relies on, where Rust's std differs: number
//! formatting, half-up rounding, UTF-16 string indices, insertion-ordered maps, and a clock
//! and `Math.random` that the golden-vector replay pins.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use std::borrow::Borrow;
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::ops::{Index, IndexMut};
use std::time::{SystemTime, UNIX_EPOCH};

/// `String(n)` of JavaScript: shortest round-trip digits, exponent form below 1e-6 and from 1e21.
pub fn num_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_string();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if n == 0.0 {
        return "0".to_string();
    }
    let sci = format!("{:e}", n.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    let point = exponent.parse::<i32>().unwrap_or(0) + 1;
    let sign = if n < 0.0 { "-" } else { "" };
    let body = if k <= point && point <= 21 {
        format!("{digits}{}", "0".repeat((point - k) as usize))
    } else if 0 < point && point <= 21 {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let e = point - 1;
        let e_sign = if e < 0 { '-' } else { '+' };
        if k == 1 {
            format!("{digits}e{e_sign}{}", e.abs())
        } else {
            format!("{}.{}e{e_sign}{}", &digits[..1], &digits[1..], e.abs())
        }
    };
    format!("{sign}{body}")
}

/// `Math.max(a, b)`: NaN wins, and +0 is above -0. Selects, not branches, as in `min`.
#[inline]
pub fn max(a: f64, b: f64) -> f64 {
    let both_negative_zero = f64::from_bits(a.to_bits() & b.to_bits());
    let m = if a == b {
        both_negative_zero
    } else if a > b {
        a
    } else {
        b
    };
    if a.is_nan() {
        a
    } else {
        m
    }
}

thread_local! {
    static CLOCK_MS: Cell<Option<f64>> = const { Cell::new(None) };
    static RANDOM_STATE: Cell<Option<u32>> = const { Cell::new(None) };
}

/// Pins `Date.now()` / `new Date()` for this thread (the vector replay pins it per vector).
pub fn set_clock_ms(ms: f64) {
    CLOCK_MS.with(|c| c.set(Some(ms)));
}

/// Seeds this thread's `Math.random` (mulberry32, bit-for-bit the recorder's generator).
pub fn seed_random(seed: u32) {
    RANDOM_STATE.with(|s| s.set(Some(seed)));
}

/// `Date.now()`: the pinned clock, or the system clock when none is pinned.
pub fn now_ms() -> f64 {
    CLOCK_MS.with(Cell::get).unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_millis() as f64)
    })
}

/// `Math.random()`: mulberry32 over the seeded (or clock-seeded) state.
pub fn random() -> f64 {
    RANDOM_STATE.with(|state| {
        let seed = state.get().unwrap_or_else(|| now_ms() as u32);
        let a = seed.wrapping_add(0x6D2B_79F5);
        state.set(Some(a));
        let mut t = (a ^ (a >> 15)).wrapping_mul(1 | a);
        t = t.wrapping_add((t ^ (t >> 7)).wrapping_mul(61 | t)) ^ t;
        f64::from(t ^ (t >> 14)) / 4_294_967_296.0
    })
}

/// A relative index (negative counts from the end) clamped to `0..=len`, as `slice` reads it.
fn relative(i: i64, len: i64) -> i64 {
    if i < 0 {
        (len + i).max(0)
    } else {
        i.min(len)
    }
}

/// `a.slice(start, end)` with JS's negative and out-of-range indices.
pub fn slice<T: Clone>(values: &[T], start: i64, end: Option<i64>) -> Vec<T> {
    let len = values.len() as i64;
    let from = relative(start, len);
    let to = end.map_or(len, |e| relative(e, len));
    if from >= to {
        Vec::new()
    } else {
        values[from as usize..to as usize].to_vec()
    }
}

/// A hash map that iterates in insertion order, like a JS `Map` (re-setting a key keeps its place).
#[derive(Clone)]
pub struct JsMap<K, V> {
    entries: Vec<Option<(K, V)>>,
    index: HashMap<K, usize>,
}

impl<K: Hash + Eq + Clone, V> JsMap<K, V> {
    pub fn new() -> Self {
        JsMap {
            entries: Vec::new(),
            index: HashMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    pub fn get<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        let slot = *self.index.get(key)?;
        self.entries[slot].as_ref().map(|(_, v)| v)
    }

    pub fn get_mut<Q: Hash + Eq + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        let slot = *self.index.get(key)?;
        self.entries[slot].as_mut().map(|(_, v)| v)
    }

    pub fn contains_key<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.index.contains_key(key)
    }

    /// `map.set(key, value)`: a new key goes last, an existing one keeps its place.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        if let Some(&slot) = self.index.get(&key) {
            let entry = self.entries[slot].as_mut().map(|(_, v)| v);
            return entry.map(|v| std::mem::replace(v, value));
        }
        self.index.insert(key.clone(), self.entries.len());
        self.entries.push(Some((key, value)));
        None
    }

    pub fn remove<Q: Hash + Eq + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let slot = self.index.remove(key)?;
        let removed = self.entries[slot].take().map(|(_, v)| v);
        if self.entries.len() > 32 && self.index.len() * 2 < self.entries.len() {
            self.compact();
        }
        removed
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.index.clear();
    }

    fn compact(&mut self) {
        self.entries.retain(Option::is_some);
        for (slot, entry) in self.entries.iter().enumerate() {
            if let Some((k, _)) = entry {
                self.index.insert(k.clone(), slot);
            }
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().flatten().map(|(k, v)| (k, v))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&K, &mut V)> {
        self.entries.iter_mut().flatten().map(|(k, v)| (&*k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.iter_mut().map(|(_, v)| v)
    }
}

impl<K: Hash + Eq + Clone, V> Default for JsMap<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Hash + Eq + Clone, V: PartialEq> PartialEq for JsMap<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .zip(other.iter())
                .all(|(a, b)| a.0 == b.0 && a.1 == b.1)
    }
}

impl<K: Hash + Eq + Clone + fmt::Debug, V: fmt::Debug> fmt::Debug for JsMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Hash + Eq + Clone + Borrow<Q>, Q: Hash + Eq + ?Sized, V> Index<&Q> for JsMap<K, V> {
    type Output = V;

    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry for the key")
    }
}

impl<K: Hash + Eq + Clone + Borrow<Q>, Q: Hash + Eq + ?Sized, V> IndexMut<&Q> for JsMap<K, V> {
    fn index_mut(&mut self, key: &Q) -> &mut V {
        self.get_mut(key).expect("no entry for the key")
    }
}

impl<K: Hash + Eq + Clone, V> FromIterator<(K, V)> for JsMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        let mut map = JsMap::new();
        for (k, v) in items {
            map.insert(k, v);
        }
        map
    }
}

impl<K: Hash + Eq + Clone, V> From<Vec<(K, V)>> for JsMap<K, V> {
    fn from(items: Vec<(K, V)>) -> Self {
        items.into_iter().collect()
    }
}

/// JSON form: an array of `[key, value]` pairs in insertion order (the vectors' encoding).
impl<K: Hash + Eq + Clone + Serialize, V: Serialize> Serialize for JsMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de, K: Hash + Eq + Clone + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de>
    for JsMap<K, V>
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<(K, V)>::deserialize(deserializer).map(JsMap::from)
    }
}

/// A hash set that iterates in insertion order, like a JS `Set`.
#[derive(Clone)]
pub struct JsSet<T> {
    items: JsMap<T, ()>,
}

impl<T: Hash + Eq + Clone> Default for JsSet<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Hash + Eq + Clone> JsSet<T> {
    pub fn new() -> Self {
        JsSet {
            items: JsMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// `set.add(x)`: true when it was not there yet.
    pub fn insert(&mut self, item: T) -> bool {
        self.items.insert(item, ()).is_none()
    }

    pub fn contains<Q: Hash + Eq + ?Sized>(&self, item: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.items.contains_key(item)
    }

    pub fn remove<Q: Hash + Eq + ?Sized>(&mut self, item: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.items.remove(item).is_some()
    }

    pub fn clear(&mut self) {
        self.items.clear();
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.items.keys()
    }
}

impl<T: Hash + Eq + Clone> PartialEq for JsSet<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<T: Hash + Eq + Clone + fmt::Debug> fmt::Debug for JsSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<T: Hash + Eq + Clone> FromIterator<T> for JsSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut set = JsSet::new();
        for item in items {
            set.insert(item);
        }
        set
    }
}

impl<T: Hash + Eq + Clone> From<Vec<T>> for JsSet<T> {
    fn from(items: Vec<T>) -> Self {
        items.into_iter().collect()
    }
}

impl<T: Hash + Eq + Clone + Serialize> Serialize for JsSet<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de, T: Hash + Eq + Clone + Deserialize<'de>> Deserialize<'de> for JsSet<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(deserializer).map(JsSet::from)
    }
}

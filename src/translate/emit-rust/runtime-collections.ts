/**
 * Rust source of `jsrt::JsMap` / `JsSet` (hash maps that iterate in insertion order, like JS
 * Map and Set) and `NumKey` (a number key that hashes by SameValueZero).
 */
import type { RuntimeSnippet } from './runtime.js';

const JS_MAP = `/// A hash map that iterates in insertion order, like a JS \`Map\` (re-setting a key keeps its place).
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

    /// \`map.set(key, value)\`: a new key goes last, an existing one keeps its place.
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

/// JSON form: an array of \`[key, value]\` pairs in insertion order (the vectors' encoding).
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
}`;

const JS_SET = `/// A hash set that iterates in insertion order, like a JS \`Set\`.
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

    /// \`set.add(x)\`: true when it was not there yet.
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
}`;

const NUM_KEY = `/// A number as a map key or set element: equal by SameValueZero (NaN equals NaN, -0 equals 0).
#[derive(Debug, Clone, Copy)]
pub struct NumKey(pub f64);

impl NumKey {
    fn bits(self) -> u64 {
        if self.0.is_nan() {
            f64::NAN.to_bits()
        } else if self.0 == 0.0 {
            0
        } else {
            self.0.to_bits()
        }
    }
}

impl PartialEq for NumKey {
    fn eq(&self, other: &Self) -> bool {
        self.bits() == other.bits()
    }
}

impl Eq for NumKey {}

impl Hash for NumKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bits().hash(state);
    }
}

impl Serialize for NumKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for NumKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        f64::deserialize(deserializer).map(NumKey)
    }
}`;

export const COLLECTION_SNIPPETS: RuntimeSnippet[] = [
  {
    name: 'JsMap',
    uses: ['std::borrow::Borrow', 'std::collections::HashMap', 'std::fmt', 'std::hash::Hash', 'std::ops::{Index, IndexMut}', 'serde::{Deserialize, Deserializer, Serialize, Serializer}'],
    code: JS_MAP,
  },
  { name: 'JsSet', deps: ['JsMap'], code: JS_SET },
  { name: 'NumKey', uses: ['std::hash::{Hash, Hasher}', 'serde::{Deserialize, Deserializer, Serialize, Serializer}'], code: NUM_KEY },
];

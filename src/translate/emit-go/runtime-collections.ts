/** Go source of jsrt.go, part: Optionals, tuples, and insertion-ordered Map / Set. */
export const GO_RUNTIME_COLLECTIONS = String.raw`// ---------------------------------------------------------------------------------------------
// Optionals and tuples.

// jsPtr wraps a present value of an optional (*T, nil when absent).
func jsPtr[T any](v T) *T {
	return &v
}

// jsOpt turns a (value, found) pair into an optional.
func jsOpt[T any](v T, ok bool) *T {
	if !ok {
		return nil
	}
	return &v
}

// jsFirst keeps the value of a (value, found) pair; the zero value (nil for pointers) when absent.
func jsFirst[T any](v T, _ bool) T {
	return v
}

// jsDeref is "p ?? fallback" for an optional non-pointer value.
func jsDeref[T any](p *T, fallback T) T {
	if p == nil {
		return fallback
	}
	return *p
}

// jsOptEq is "a === b" on optionals: both absent, or both present with equal values.
func jsOptEq[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// jsCoalesce is "a ?? b" where absent is nil.
func jsCoalesce[T comparable](a, b T) T {
	var zero T
	if a == zero {
		return b
	}
	return a
}

type jsTuple2[A, B any] struct {
	V0 A
	V1 B
}

type jsTuple3[A, B, C any] struct {
	V0 A
	V1 B
	V2 C
}

type jsTuple4[A, B, C, D any] struct {
	V0 A
	V1 B
	V2 C
	V3 D
}

// ---------------------------------------------------------------------------------------------
// Map and Set with JS semantics: iteration in insertion order, reference identity.

type jsEntry[K comparable, V any] struct {
	key     K
	value   V
	deleted bool
}

// jsMap is a JS Map: a Go map for lookups plus an entry list for insertion order.
type jsMap[K comparable, V any] struct {
	index   map[K]int
	entries []jsEntry[K, V]
	dead    int
}

func jsNewMap[K comparable, V any]() *jsMap[K, V] {
	return &jsMap[K, V]{index: map[K]int{}}
}

func jsNewMapFrom[K comparable, V any](pairs []jsTuple2[K, V]) *jsMap[K, V] {
	m := jsNewMap[K, V]()
	for _, p := range pairs {
		m.Set(p.V0, p.V1)
	}
	return m
}

// Get returns the value for key and whether it is present.
func (m *jsMap[K, V]) Get(key K) (V, bool) {
	if i, ok := m.index[key]; ok {
		return m.entries[i].value, true
	}
	var zero V
	return zero, false
}

// At returns the value for key, or the zero value (nil for pointers) when absent.
func (m *jsMap[K, V]) At(key K) V {
	v, _ := m.Get(key)
	return v
}

// GetOr returns the value for key, or fallback when absent (map.get(key) ?? fallback).
func (m *jsMap[K, V]) GetOr(key K, fallback V) V {
	if v, ok := m.Get(key); ok {
		return v
	}
	return fallback
}

// Ref points at the value stored under key (nil when absent), so an array held by the map can
// grow or shrink in place (m.get(k)!.push(x)).
func (m *jsMap[K, V]) Ref(key K) *V {
	if i, ok := m.index[key]; ok {
		return &m.entries[i].value
	}
	return nil
}

// Set stores value under key; a new key goes last in iteration order.
func (m *jsMap[K, V]) Set(key K, value V) *jsMap[K, V] {
	if i, ok := m.index[key]; ok {
		m.entries[i].value = value
		return m
	}
	m.index[key] = len(m.entries)
	m.entries = append(m.entries, jsEntry[K, V]{key: key, value: value})
	return m
}

func (m *jsMap[K, V]) Has(key K) bool {
	_, ok := m.index[key]
	return ok
}

func (m *jsMap[K, V]) Delete(key K) bool {
	i, ok := m.index[key]
	if !ok {
		return false
	}
	delete(m.index, key)
	var zero jsEntry[K, V]
	m.entries[i] = zero
	m.entries[i].deleted = true
	m.dead++
	if m.dead > 16 && m.dead > len(m.entries)/2 {
		m.compact()
	}
	return true
}

func (m *jsMap[K, V]) compact() {
	live := m.entries[:0]
	for _, e := range m.entries {
		if !e.deleted {
			m.index[e.key] = len(live)
			live = append(live, e)
		}
	}
	clear(m.entries[len(live):])
	m.entries = live
	m.dead = 0
}

func (m *jsMap[K, V]) Size() int64 {
	return int64(len(m.index))
}

func (m *jsMap[K, V]) Clear() {
	m.index = map[K]int{}
	m.entries = nil
	m.dead = 0
}

func (m *jsMap[K, V]) Keys() []K {
	out := make([]K, 0, len(m.index))
	for _, e := range m.entries {
		if !e.deleted {
			out = append(out, e.key)
		}
	}
	return out
}

func (m *jsMap[K, V]) Values() []V {
	out := make([]V, 0, len(m.index))
	for _, e := range m.entries {
		if !e.deleted {
			out = append(out, e.value)
		}
	}
	return out
}

// ValueRefs points at each stored value in insertion order, so a for-of over map.values() can
// grow or shrink the arrays the map holds. Valid until the map itself gains or loses a key.
func (m *jsMap[K, V]) ValueRefs() []*V {
	out := make([]*V, 0, len(m.index))
	for i := range m.entries {
		if !m.entries[i].deleted {
			out = append(out, &m.entries[i].value)
		}
	}
	return out
}

func (m *jsMap[K, V]) Entries() []jsTuple2[K, V] {
	out := make([]jsTuple2[K, V], 0, len(m.index))
	for _, e := range m.entries {
		if !e.deleted {
			out = append(out, jsTuple2[K, V]{e.key, e.value})
		}
	}
	return out
}

// MarshalJSON writes the map as [[key, value], …] in insertion order (the vectors' encoding).
func (m *jsMap[K, V]) MarshalJSON() ([]byte, error) {
	pairs := make([][2]any, 0, len(m.index))
	for _, e := range m.Entries() {
		pairs = append(pairs, [2]any{e.V0, e.V1})
	}
	return json.Marshal(pairs)
}

// jsSet is a JS Set: membership plus insertion order.
type jsSet[T comparable] struct {
	m *jsMap[T, struct{}]
}

func jsNewSet[T comparable]() *jsSet[T] {
	return &jsSet[T]{m: jsNewMap[T, struct{}]()}
}

func jsNewSetFrom[T comparable](values []T) *jsSet[T] {
	s := jsNewSet[T]()
	for _, v := range values {
		s.Add(v)
	}
	return s
}

func (s *jsSet[T]) Add(v T) *jsSet[T] {
	s.m.Set(v, struct{}{})
	return s
}

func (s *jsSet[T]) Has(v T) bool {
	return s.m.Has(v)
}

func (s *jsSet[T]) Delete(v T) bool {
	return s.m.Delete(v)
}

func (s *jsSet[T]) Size() int64 {
	return s.m.Size()
}

func (s *jsSet[T]) Clear() {
	s.m.Clear()
}

func (s *jsSet[T]) Values() []T {
	return s.m.Keys()
}

// MarshalJSON writes the set as an array in insertion order.
func (s *jsSet[T]) MarshalJSON() ([]byte, error) {
	return json.Marshal(s.Values())
}
`;

/** Go source of jsrt.go, part: Array methods over slices, generic over the element type. */
export const GO_RUNTIME_ARRAYS = String.raw`// ---------------------------------------------------------------------------------------------
// Arrays: JS array methods over slices. Results are never nil, so they encode as [] not null.

func jsArrPush[T any](a *[]T, v ...T) int64 {
	*a = append(*a, v...)
	return int64(len(*a))
}

// jsArrGet is a[i] where JS may read outside the array (then undefined).
func jsArrGet[T any](a []T, i int64) (T, bool) {
	if i < 0 || i >= int64(len(a)) {
		var zero T
		return zero, false
	}
	return a[i], true
}

func jsArrPop[T any](a *[]T) (T, bool) {
	var zero T
	n := len(*a)
	if n == 0 {
		return zero, false
	}
	v := (*a)[n-1]
	(*a)[n-1] = zero
	*a = (*a)[:n-1]
	return v, true
}

func jsArrShift[T any](a *[]T) (T, bool) {
	var zero T
	if len(*a) == 0 {
		return zero, false
	}
	v := (*a)[0]
	*a = append((*a)[:0:0], (*a)[1:]...)
	return v, true
}

func jsArrUnshift[T any](a *[]T, v ...T) int64 {
	*a = append(append(make([]T, 0, len(*a)+len(v)), v...), *a...)
	return int64(len(*a))
}

// jsArrSlice is Array.prototype.slice(start?, end?): a copy.
func jsArrSlice[T any](a []T, bounds ...int64) []T {
	n := int64(len(a))
	from, to := int64(0), n
	if len(bounds) > 0 {
		from = jsRelative(bounds[0], n)
	}
	if len(bounds) > 1 {
		to = jsRelative(bounds[1], n)
	}
	if from >= to {
		return []T{}
	}
	return append([]T{}, a[from:to]...)
}

func jsArrConcat[T any](a []T, more ...[]T) []T {
	out := append([]T{}, a...)
	for _, m := range more {
		out = append(out, m...)
	}
	return out
}

// jsArrIndexOf uses strict equality: NaN is never found.
func jsArrIndexOf[T comparable](a []T, x T, from ...int64) int64 {
	for i := jsArrStart(len(a), from); i < len(a); i++ {
		if a[i] == x {
			return int64(i)
		}
	}
	return -1
}

// jsArrIncludes uses SameValueZero: NaN is found.
func jsArrIncludes[T comparable](a []T, x T, from ...int64) bool {
	for _, v := range a[jsArrStart(len(a), from):] {
		if v == x || (v != v && x != x) {
			return true
		}
	}
	return false
}

// jsArrStart is the start of indexOf / includes: fromIndex counts from the end when negative, clamped to [0, n].
func jsArrStart(n int, from []int64) int {
	if len(from) == 0 {
		return 0
	}
	k := from[0]
	if k < 0 {
		k += int64(n)
	}
	return int(max(0, min(k, int64(n))))
}

func jsArrMap[T, R any](a []T, f func(T) R) []R {
	out := make([]R, len(a))
	for i, v := range a {
		out[i] = f(v)
	}
	return out
}

func jsArrMapI[T, R any](a []T, f func(T, int64) R) []R {
	out := make([]R, len(a))
	for i, v := range a {
		out[i] = f(v, int64(i))
	}
	return out
}

func jsArrFilter[T any](a []T, f func(T) bool) []T {
	out := []T{}
	for _, v := range a {
		if f(v) {
			out = append(out, v)
		}
	}
	return out
}

func jsArrFilterI[T any](a []T, f func(T, int64) bool) []T {
	out := []T{}
	for i, v := range a {
		if f(v, int64(i)) {
			out = append(out, v)
		}
	}
	return out
}

func jsArrReduce[T, R any](a []T, init R, f func(R, T) R) R {
	acc := init
	for _, v := range a {
		acc = f(acc, v)
	}
	return acc
}

func jsArrReduceI[T, R any](a []T, init R, f func(R, T, int64) R) R {
	acc := init
	for i, v := range a {
		acc = f(acc, v, int64(i))
	}
	return acc
}

// jsArrReduce1 is reduce without an initial value (a TypeError on an empty array in JS).
func jsArrReduce1[T any](a []T, f func(T, T) T) T {
	if len(a) == 0 {
		panic("TypeError: Reduce of empty array with no initial value")
	}
	acc := a[0]
	for _, v := range a[1:] {
		acc = f(acc, v)
	}
	return acc
}

func jsArrSome[T any](a []T, f func(T) bool) bool {
	for _, v := range a {
		if f(v) {
			return true
		}
	}
	return false
}

func jsArrSomeI[T any](a []T, f func(T, int64) bool) bool {
	return jsArrFindIndexI(a, f) >= 0
}

func jsArrEvery[T any](a []T, f func(T) bool) bool {
	for _, v := range a {
		if !f(v) {
			return false
		}
	}
	return true
}

func jsArrEveryI[T any](a []T, f func(T, int64) bool) bool {
	for i, v := range a {
		if !f(v, int64(i)) {
			return false
		}
	}
	return true
}

func jsArrFind[T any](a []T, f func(T) bool) (T, bool) {
	for _, v := range a {
		if f(v) {
			return v, true
		}
	}
	var zero T
	return zero, false
}

func jsArrFindI[T any](a []T, f func(T, int64) bool) (T, bool) {
	if i := jsArrFindIndexI(a, f); i >= 0 {
		return a[i], true
	}
	var zero T
	return zero, false
}

func jsArrFindIndex[T any](a []T, f func(T) bool) int64 {
	for i, v := range a {
		if f(v) {
			return int64(i)
		}
	}
	return -1
}

func jsArrFindIndexI[T any](a []T, f func(T, int64) bool) int64 {
	for i, v := range a {
		if f(v, int64(i)) {
			return int64(i)
		}
	}
	return -1
}

func jsArrForEach[T any](a []T, f func(T)) {
	for _, v := range a {
		f(v)
	}
}

func jsArrForEachI[T any](a []T, f func(T, int64)) {
	for i, v := range a {
		f(v, int64(i))
	}
}

// jsArrSortBy sorts in place with a JS comparator (stable, like V8's TimSort).
func jsArrSortBy[T any, N int64 | float64](a []T, cmp func(T, T) N) []T {
	sort.SliceStable(a, func(i, j int) bool { return cmp(a[i], a[j]) < 0 })
	return a
}

// jsArrSortDefault is sort() without a comparator: by the elements' string forms.
func jsArrSortDefault[T any](a []T, str func(T) string) []T {
	sort.SliceStable(a, func(i, j int) bool { return str(a[i]) < str(a[j]) })
	return a
}

func jsArrReverse[T any](a []T) []T {
	for i, j := 0, len(a)-1; i < j; i, j = i+1, j-1 {
		a[i], a[j] = a[j], a[i]
	}
	return a
}

func jsArrJoin[T any](a []T, sep string, str func(T) string) string {
	parts := make([]string, len(a))
	for i, v := range a {
		parts[i] = str(v)
	}
	return strings.Join(parts, sep)
}

// jsArrFill is Array.prototype.fill(value, start?, end?), in place.
func jsArrFill[T any](a []T, v T, bounds ...int64) []T {
	n := int64(len(a))
	from, to := int64(0), n
	if len(bounds) > 0 {
		from = jsRelative(bounds[0], n)
	}
	if len(bounds) > 1 {
		to = jsRelative(bounds[1], n)
	}
	for i := from; i < to; i++ {
		a[i] = v
	}
	return a
}

// jsArrFrom is Array.from({ length: n }, (_, i) => f(i)).
func jsArrFrom[T any](n int64, f func(int64) T) []T {
	out := make([]T, max(n, 0))
	for i := range out {
		out[i] = f(int64(i))
	}
	return out
}

// jsUntranslated stands where pivot could not translate an expression (see the diagnostics).
func jsUntranslated[T any](what string) T {
	panic("pivot: not translated: " + what)
}

// jsUntranslatedStmt stands where pivot could not translate a statement (see the diagnostics).
func jsUntranslatedStmt(what string) {
	panic("pivot: not translated: " + what)
}
`;

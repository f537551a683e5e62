/** Go source of jsrt.go, part: Strings: UTF-16 positions and lengths, trim, split, pad. */
export const GO_RUNTIME_STRINGS = String.raw`// ---------------------------------------------------------------------------------------------
// Strings: JS positions and lengths count UTF-16 code units; ASCII strings take a byte fast path.

func jsIsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func jsUnits(s string) []uint16 {
	return utf16.Encode([]rune(s))
}

func jsFromUnits(u []uint16) string {
	return string(utf16.Decode(u))
}

// jsStrLen is String.prototype.length (UTF-16 code units).
func jsStrLen(s string) int64 {
	if jsIsASCII(s) {
		return int64(len(s))
	}
	n := int64(0)
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// jsRelative resolves a possibly negative position against length n, as slice() does.
func jsRelative(pos, n int64) int64 {
	if pos < 0 {
		return max(n+pos, 0)
	}
	return min(pos, n)
}

// jsStrSlice is String.prototype.slice(start, end?).
func jsStrSlice(s string, start int64, end ...int64) string {
	if jsIsASCII(s) {
		n := int64(len(s))
		from, to := jsRelative(start, n), n
		if len(end) > 0 {
			to = jsRelative(end[0], n)
		}
		if from >= to {
			return ""
		}
		return s[from:to]
	}
	u := jsUnits(s)
	n := int64(len(u))
	from, to := jsRelative(start, n), n
	if len(end) > 0 {
		to = jsRelative(end[0], n)
	}
	if from >= to {
		return ""
	}
	return jsFromUnits(u[from:to])
}

// jsSubstring is String.prototype.substring(start, end?): clamps, and swaps start > end.
func jsSubstring(s string, start int64, end ...int64) string {
	n := jsStrLen(s)
	from, to := min(max(start, 0), n), n
	if len(end) > 0 {
		to = min(max(end[0], 0), n)
	}
	if from > to {
		from, to = to, from
	}
	return jsStrSlice(s, from, to)
}

// jsStrIndexOf is String.prototype.indexOf(search, from?) in UTF-16 units.
func jsStrIndexOf(s, search string, from ...int64) int64 {
	start := int64(0)
	if len(from) > 0 {
		start = min(max(from[0], 0), jsStrLen(s))
	}
	if jsIsASCII(s) {
		i := strings.Index(s[start:], search)
		if i < 0 {
			return -1
		}
		return start + int64(i)
	}
	u, w := jsUnits(s), jsUnits(search)
	for i := start; i+int64(len(w)) <= int64(len(u)); i++ {
		if slicesEqual(u[i:i+int64(len(w))], w) {
			return i
		}
	}
	return -1
}

func slicesEqual(a, b []uint16) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func jsStrIncludes(s, search string, from ...int64) bool {
	return jsStrIndexOf(s, search, from...) >= 0
}

// jsStartsWith is String.prototype.startsWith(search, position?): UTF-16 units from the clamped
// position (compared as units, so a position inside a surrogate pair never matches U+FFFD).
func jsStartsWith(s, search string, from ...int64) bool {
	start := int64(0)
	if len(from) > 0 {
		start = min(max(from[0], 0), jsStrLen(s))
	}
	if jsIsASCII(s) {
		return strings.HasPrefix(s[start:], search)
	}
	u, w := jsUnits(s)[start:], jsUnits(search)
	return len(w) <= len(u) && slicesEqual(u[:len(w)], w)
}

// jsEndsWith is String.prototype.endsWith(search, endPosition?): UTF-16 units up to the clamped end.
func jsEndsWith(s, search string, end ...int64) bool {
	if len(end) == 0 {
		return strings.HasSuffix(s, search)
	}
	to := min(max(end[0], 0), jsStrLen(s))
	if jsIsASCII(s) {
		return strings.HasSuffix(s[:to], search)
	}
	u, w := jsUnits(s)[:to], jsUnits(search)
	return len(w) <= len(u) && slicesEqual(u[len(u)-len(w):], w)
}

// jsCharCodeAt is String.prototype.charCodeAt: the UTF-16 unit, NaN when out of range.
func jsCharCodeAt(s string, i int64) float64 {
	if jsIsASCII(s) {
		if i < 0 || i >= int64(len(s)) {
			return math.NaN()
		}
		return float64(s[i])
	}
	u := jsUnits(s)
	if i < 0 || i >= int64(len(u)) {
		return math.NaN()
	}
	return float64(u[i])
}

// jsCharAt is String.prototype.charAt and s[i]: one UTF-16 unit as a string, "" when out of range.
func jsCharAt(s string, i int64) string {
	if i < 0 || i >= jsStrLen(s) {
		return ""
	}
	return jsStrSlice(s, i, i+1)
}

// jsRepeat is String.prototype.repeat (negative counts are a RangeError in JS).
func jsRepeat(s string, n int64) string {
	if n < 0 {
		panic("RangeError: Invalid count value: " + strconv.FormatInt(n, 10))
	}
	return strings.Repeat(s, int(n))
}

func jsPad(s string, n int64, fill []string) string {
	f := " "
	if len(fill) > 0 {
		f = fill[0]
	}
	missing := n - jsStrLen(s)
	if missing <= 0 || f == "" {
		return ""
	}
	unit := jsStrLen(f)
	return jsStrSlice(strings.Repeat(f, int(missing/unit+1)), 0, missing)
}

// jsPadStart is String.prototype.padStart(length, fill = " ").
func jsPadStart(s string, n int64, fill ...string) string {
	return jsPad(s, n, fill) + s
}

// jsPadEnd is String.prototype.padEnd(length, fill = " ").
func jsPadEnd(s string, n int64, fill ...string) string {
	return s + jsPad(s, n, fill)
}

// jsIsSpace is JS WhiteSpace or LineTerminator (what trim() removes).
func jsIsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

func jsTrim(s string) string {
	return strings.TrimFunc(s, jsIsSpace)
}

// jsSplit is String.prototype.split(separator, limit?); "" splits into UTF-16 units.
func jsSplit(s, sep string, limit ...int64) []string {
	var parts []string
	if sep == "" {
		u := jsUnits(s)
		parts = make([]string, 0, len(u))
		for i := range u {
			parts = append(parts, jsFromUnits(u[i:i+1]))
		}
	} else {
		parts = strings.Split(s, sep)
	}
	if len(limit) > 0 && limit[0] >= 0 && limit[0] < int64(len(parts)) {
		parts = parts[:limit[0]]
	}
	return parts
}

// jsCodePoints is Array.from(s) / [...s]: one string per code point.
func jsCodePoints(s string) []string {
	out := make([]string, 0, len(s))
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}

// jsPtrStr is String(x) for an optional non-pointer value: "undefined" when absent.
func jsPtrStr[T any](p *T, str func(T) string) string {
	if p == nil {
		return "undefined"
	}
	return str(*p)
}

// jsOptStr is String(x) for an optional pointer-like value.
func jsOptStr[T comparable](v T, str func(T) string) string {
	var zero T
	if v == zero {
		return "undefined"
	}
	return str(v)
}
`;

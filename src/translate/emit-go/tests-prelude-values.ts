/**
 * The fixed part of vectors_test.go that reads and compares values: the vector number encoding,
 * tolerance, structural equality, display, and the primitive decoders the generated ones build on.
 */

// `~` stands for a backtick inside this template.
export const TEST_PRELUDE_VALUES = String.raw`
// vtNumber reads a JSON number or {"$num": "NaN" | "Infinity" | "-Infinity"}.
func vtNumber(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case map[string]any:
		if s, ok := n["$num"].(string); ok && len(n) == 1 {
			switch s {
			case "NaN":
				return math.NaN(), true
			case "Infinity":
				return math.Inf(1), true
			case "-Infinity":
				return math.Inf(-1), true
			}
		}
	}
	return 0, false
}

func vtSameNumber(a, b float64, tol vtTolerance) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	if a == b {
		return true
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return false
	}
	d := math.Abs(a - b)
	return d <= tol.Absolute || d <= tol.Relative*math.Max(math.Abs(a), math.Abs(b))
}

func vtSame(want, got any, tol vtTolerance) bool {
	if w, ok := vtNumber(want); ok {
		g, ok := got.(float64)
		return ok && vtSameNumber(w, g, tol)
	}
	switch w := want.(type) {
	case nil:
		return got == nil
	case bool, string:
		return want == got
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !vtSame(w[i], g[i], tol) {
				return false
			}
		}
		return true
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok || !vtSame(wv, gv, tol) {
				return false
			}
		}
		return true
	}
	return false
}

func vtCompact(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "null"
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return vtQuote(string(raw))
	}
	return b.String()
}

// vtShow prints an encoded value as vector JSON (non-finite numbers as {"$num": …}).
func vtShow(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case float64:
		switch {
		case math.IsNaN(x):
			return ~{"$num":"NaN"}~
		case math.IsInf(x, 1):
			return ~{"$num":"Infinity"}~
		case math.IsInf(x, -1):
			return ~{"$num":"-Infinity"}~
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = vtShow(e)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = vtQuote(k) + ":" + vtShow(x[k])
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	data, err := json.Marshal(v)
	if err != nil {
		return vtQuote(fmt.Sprint(v))
	}
	return string(data)
}

func vtDecodeF64(raw json.RawMessage) (float64, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return 0, err
	}
	if n, ok := vtNumber(v); ok {
		return n, nil
	}
	return 0, fmt.Errorf("not a number: %s", vtCompact(raw))
}

func vtDecodeI64(raw json.RawMessage) (int64, error) {
	n, err := vtDecodeF64(raw)
	if err != nil {
		return 0, err
	}
	if n != math.Trunc(n) || math.IsInf(n, 0) {
		return 0, fmt.Errorf("not an integer: %s", vtCompact(raw))
	}
	return int64(n), nil
}

func vtDecodeStr(raw json.RawMessage) (string, error) {
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}

func vtDecodeBool(raw json.RawMessage) (bool, error) {
	var b bool
	err := json.Unmarshal(raw, &b)
	return b, err
}
`.replace(/~/g, '`');

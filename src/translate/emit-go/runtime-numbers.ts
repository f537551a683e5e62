/** Go source of jsrt.go, part: Numbers: Math.round, Math.sign, **, String(n), toFixed, toString(radix), parseInt/parseFloat. */
export const GO_RUNTIME_NUMBERS = String.raw`// ---------------------------------------------------------------------------------------------
// Numbers: JS Math.round, Math.sign, **, String(n), toFixed, toString(radix), parseInt/parseFloat.

// jsRound is Math.round: halves round up (toward +Infinity), -0 and NaN are kept.
func jsRound(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
		return x
	}
	if x < 0 && x >= -0.5 {
		return math.Copysign(0, -1)
	}
	r := math.Floor(x)
	if x-r >= 0.5 {
		r++
	}
	return r
}

// jsSign is Math.sign (keeps -0 and NaN).
func jsSign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x
}

// jsAbsInt is Math.abs on an integer.
func jsAbsInt(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// jsPow is ** / Math.pow: unlike math.Pow, 1 ** NaN and (±1) ** ±Infinity are NaN.
func jsPow(x, y float64) float64 {
	if math.IsNaN(y) || ((x == 1 || x == -1) && math.IsInf(y, 0)) {
		return math.NaN()
	}
	return math.Pow(x, y)
}

// jsHypot is Math.hypot over any number of arguments.
func jsHypot(xs ...float64) float64 {
	sum := 0.0
	for _, x := range xs {
		if math.IsInf(x, 0) {
			return math.Inf(1)
		}
		sum = math.Hypot(sum, x)
	}
	return sum
}

func jsIsInteger(x float64) bool {
	return !math.IsInf(x, 0) && !math.IsNaN(x) && math.Trunc(x) == x
}

func jsIsFinite(x float64) bool {
	return !math.IsInf(x, 0) && !math.IsNaN(x)
}

// jsToInt is ToIntegerOrInfinity clamped to int64, for positions and counts given as doubles.
func jsToInt(x float64) int64 {
	switch {
	case math.IsNaN(x):
		return 0
	case x >= 1<<62:
		return 1 << 62
	case x <= -(1 << 62):
		return -(1 << 62)
	}
	return int64(x)
}

// jsNumStr is JS String(n): shortest round-trip digits, exponent form from 1e21 and below 1e-6.
func jsNumStr(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "Infinity"
	case math.IsInf(x, -1):
		return "-Infinity"
	case x == 0:
		return "0"
	}
	if abs := math.Abs(x); abs >= 1e21 || abs < 1e-6 {
		s := strconv.FormatFloat(x, 'e', -1, 64)
		mantissa, exp, _ := strings.Cut(s, "e")
		sign := exp[:1]
		digits := strings.TrimLeft(exp[1:], "0")
		return mantissa + "e" + sign + digits
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

func jsI64Str(x int64) string {
	return strconv.FormatInt(x, 10)
}

func jsStrSelf(s string) string {
	return s
}

// jsToFixed is Number.prototype.toFixed: exact decimal value, ties away from zero.
func jsToFixed(x float64, digits int64) string {
	if digits < 0 || digits > 100 {
		panic("RangeError: toFixed() digits argument must be between 0 and 100")
	}
	if math.IsNaN(x) || math.Abs(x) >= 1e21 {
		return jsNumStr(x)
	}
	sign := ""
	if x < 0 {
		sign = "-"
	}
	x = math.Abs(x)
	d := int(digits)
	s := strconv.FormatFloat(x, 'f', d, 64)
	// strconv rounds exact ties to even; JS rounds them up. A tie shows as "5" then zeros.
	long := strconv.FormatFloat(x, 'f', d+30, 64)
	if tail := long[len(long)-30:]; tail[0] == '5' && strings.Trim(tail[1:], "0") == "" {
		s = jsRoundUpDecimal(long[:len(long)-30])
	}
	return sign + s
}

// jsRoundUpDecimal adds one unit in the last place to a non-negative decimal string.
func jsRoundUpDecimal(s string) string {
	s = strings.TrimSuffix(s, ".")
	b := []byte(s)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == '.' {
			continue
		}
		if b[i] < '9' {
			b[i]++
			return string(b)
		}
		b[i] = '0'
	}
	return "1" + string(b)
}

// jsNumStrRadix is Number.prototype.toString(radix) (V8's DoubleToRadixCString).
func jsNumStrRadix(x float64, radix int64) string {
	if radix < 2 || radix > 36 {
		panic("RangeError: toString() radix must be between 2 and 36")
	}
	if radix == 10 || math.IsNaN(x) || math.IsInf(x, 0) {
		return jsNumStr(x)
	}
	const chars = "0123456789abcdefghijklmnopqrstuvwxyz"
	r := float64(radix)
	negative := x < 0
	if negative {
		x = -x
	}
	integer := math.Floor(x)
	fraction := x - integer
	delta := math.Max(0.5*(math.Nextafter(x, math.Inf(1))-x), math.Nextafter(0, 1))
	var frac []byte
	if fraction >= delta {
		for {
			fraction *= r
			delta *= r
			digit := int(fraction)
			frac = append(frac, chars[digit])
			fraction -= float64(digit)
			if fraction > 0.5 || (fraction == 0.5 && digit&1 == 1) {
				if fraction+delta > 1 {
					// Round up, carrying into earlier digits (and the integer part).
					for {
						if len(frac) == 0 {
							integer++
							break
						}
						last := strings.IndexByte(chars, frac[len(frac)-1])
						frac = frac[:len(frac)-1]
						if last+1 < int(radix) {
							frac = append(frac, chars[last+1])
							break
						}
					}
					break
				}
			}
			if fraction < delta {
				break
			}
		}
	}
	var digits []byte
	for integer/r >= 1<<53 {
		integer /= r
		digits = append(digits, '0')
	}
	for {
		rem := math.Mod(integer, r)
		digits = append(digits, chars[int(rem)])
		integer = (integer - rem) / r
		if integer <= 0 {
			break
		}
	}
	for i, j := 0, len(digits)-1; i < j; i, j = i+1, j-1 {
		digits[i], digits[j] = digits[j], digits[i]
	}
	out := string(digits)
	if len(frac) > 0 {
		out += "." + string(frac)
	}
	if negative {
		out = "-" + out
	}
	return out
}

// jsParseFloat is parseFloat: the longest decimal prefix after leading whitespace, else NaN.
func jsParseFloat(s string) float64 {
	s = strings.TrimLeftFunc(s, jsIsSpace)
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if strings.HasPrefix(s[i:], "Infinity") {
		if s[0] == '-' {
			return math.Inf(-1)
		}
		return math.Inf(1)
	}
	start, digits := i, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return math.NaN()
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && s[j] >= '0' && s[j] <= '9' {
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			i = j
		}
	}
	text := strings.TrimSuffix(s[:i], ".")
	if strings.HasPrefix(text[start:], ".") {
		text = text[:start] + "0" + text[start:]
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return math.NaN()
	}
	return v
}

// jsParseInt is parseInt(s, radix?): sign, optional 0x for radix 16, the longest digit prefix.
func jsParseInt(s string, radix ...int64) float64 {
	s = strings.TrimLeftFunc(s, jsIsSpace)
	negative := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		negative = s[0] == '-'
		s = s[1:]
	}
	r := int64(0)
	if len(radix) > 0 {
		r = radix[0]
	}
	if r != 0 && (r < 2 || r > 36) {
		return math.NaN()
	}
	if (r == 0 || r == 16) && len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
		r = 16
	}
	if r == 0 {
		r = 10
	}
	end := 0
	for end < len(s) {
		c := s[end]
		var d int64
		switch {
		case c >= '0' && c <= '9':
			d = int64(c - '0')
		case c >= 'a' && c <= 'z':
			d = int64(c-'a') + 10
		case c >= 'A' && c <= 'Z':
			d = int64(c-'A') + 10
		default:
			d = 99
		}
		if d >= r {
			break
		}
		end++
	}
	if end == 0 {
		return math.NaN()
	}
	var v float64
	if r == 10 {
		v, _ = strconv.ParseFloat(s[:end], 64)
	} else {
		for _, c := range s[:end] {
			d := strings.IndexRune("0123456789abcdefghijklmnopqrstuvwxyz", unicode.ToLower(c))
			v = v*float64(r) + float64(d)
		}
	}
	if negative {
		return -v
	}
	return v
}
`;

/**
 * Go source of jsrt.go, part: Math.exp and Math.log, table-driven (the same algorithm and tables
 * as the Rust runtime's, emit-rust/runtime-math.ts, so the two translations return the same
 * bits). Go's math.Exp / math.Log are correct to within 1 ulp too, but behind an assembly stub
 * (amd64) they cost about as much as the rest of an exp/log-heavy kernel: with these, the
 * pricing kernel went from 735 to 422 µs per quote. And they are wrong at the edges: math.Exp
 * overflows below exp's real limit, and on amd64 math.Log of a subnormal is off by 35. math.FMA
 * is exact on every platform (an instruction where the CPU has one, software otherwise), so
 * results do not depend on the CPU.
 *
 * The tables are not pasted in: `@{…}` markers stand for values math-tables.ts computes with
 * exact arithmetic, filled in (once) when a package uses the functions.
 */
import { expTable, hexBits as hex, LOG_OFFSET, logTable } from '../math-tables.js';

export const GO_RUNTIME_MATH = String.raw`// ---------------------------------------------------------------------------------------------
// Math.exp and Math.log: table-driven, within 1 ulp of V8 (fdlibm), the same bits as the Rust runtime.

// jsExpTable holds 2^(j/128) for j in 0..128, as the bits of the nearest float64 and of its relative error.
var jsExpTable = [128][2]uint64{
@{exp.entries}
}

// jsExpInvLn2N is 128 / ln 2.
var jsExpInvLn2N = math.Float64frombits(@{exp.invLn2N})

// jsExpLn2NHi is ln 2 / 128 with its low bits cleared, so that k times it is exact.
var jsExpLn2NHi = math.Float64frombits(@{exp.ln2NHi})

// jsExpLn2NLo is the rest of ln 2 / 128.
var jsExpLn2NLo = math.Float64frombits(@{exp.ln2NLo})

// jsExp is Math.exp: x = k ln2/128 + r, exp(x) = 2^(k/128) e^r, 2^(k/128) from the table.
// (Not math.Exp near the ends of the range: it overflows from 709.782712893383973, below the
// largest x whose exp is finite, and V8 returns 1.7976931348622732e308 for 709.782712893384.)
func jsExp(x float64) float64 {
	large := (math.Float64bits(x)>>52)&0x7ff >= 0x408 // |x| >= 512, inf, NaN
	if large {
		switch {
		case x != x:
			return x
		case x >= 1024:
			return math.Inf(1)
		case x <= -1024:
			return 0
		}
	}
	const shift = 6755399441055744.0 // 1.5 * 2^52: adding it rounds to an integer
	kd := math.FMA(x, jsExpInvLn2N, shift)
	k := int64(math.Float64bits(kd) - math.Float64bits(shift))
	kd -= shift
	r := math.FMA(kd, -jsExpLn2NLo, math.FMA(kd, -jsExpLn2NHi, x))
	entry := &jsExpTable[k&127]
	r2 := float64(r * r)
	p := math.FMA(r2, math.FMA(r2, math.FMA(r, 1.0/120, 1.0/24), math.FMA(r, 1.0/6, 0.5)), r)
	tail := math.Float64frombits(entry[1]) + p
	if large {
		return jsExpScaled(entry[0], k, tail)
	}
	scale := math.Float64frombits(entry[0] + uint64((k>>7)<<52))
	return math.FMA(scale, tail, scale)
}

// jsExpScaled is 2^(k/128) (1 + tail) where 2^(k/128) is outside the normal range: scaled into
// it and back by a power of two, rounding a subnormal result once.
func jsExpScaled(scaleBits uint64, k int64, tail float64) float64 {
	sbits := scaleBits + uint64((k>>7)<<52)
	if k > 0 {
		scale := math.Float64frombits(sbits - 1009<<52)
		return 0x1p1009 * math.FMA(scale, tail, scale)
	}
	scale := math.Float64frombits(sbits + 1022<<52)
	y := math.FMA(scale, tail, scale)
	if y < 1 {
		// y + 1 first, so that scaling into the subnormals rounds only once.
		lo := math.FMA(scale, tail, scale-y)
		hi := 1 + y
		lo = 1 - hi + y + lo
		y = (hi + lo) - 1
		if y == 0 {
			y = 0 // not -0
		}
	}
	return 0x1p-1022 * y
}

// jsLogTable holds, per subinterval of [0.6875, 1.375), 1/c for its centre c and -ln(1/c) as hi + lo.
var jsLogTable = [128][3]uint64{
@{log.entries}
}

// jsLogLn2Hi is ln 2 with its low bits cleared, so that the exponent times it is exact.
var jsLogLn2Hi = math.Float64frombits(@{log.ln2Hi})

// jsLogLn2Lo is the rest of ln 2.
var jsLogLn2Lo = math.Float64frombits(@{log.ln2Lo})

// jsLog is Math.log: x = 2^k z, log x = k ln2 + log c + log1p(z/c - 1). The float64(…)
// conversions keep Go from fusing a product into the following sum (which it may do on arm64):
// the result would differ in the last bit from the Rust runtime's.
func jsLog(x float64) float64 {
	bits := math.Float64bits(x)
	// Zero, subnormals, negatives, inf and NaN. (Not math.Log: on amd64 it returns
	// -709.0895657128241 for 5e-324, whose log is -744.4400719213812.)
	if bits-0x0010000000000000 >= 0x7fe0000000000000 {
		switch {
		case x == 0:
			return math.Inf(-1)
		case x != x || x < 0:
			return math.NaN()
		case x > math.MaxFloat64:
			return x
		}
		bits = math.Float64bits(x*0x1p52) - 52<<52 // a subnormal, scaled into the normal range
	}
	tmp := bits - @{log.offset}
	entry := &jsLogTable[(tmp>>45)&127]
	invc, logc, logcLo := math.Float64frombits(entry[0]), math.Float64frombits(entry[1]), math.Float64frombits(entry[2])
	kd := float64(int64(tmp) >> 52)
	z := math.Float64frombits(bits - tmp&(0xfff<<52))
	r := math.FMA(z, invc, -1)
	a := float64(kd * jsLogLn2Hi)
	w := a + logc
	wErr := (a - w) + logc
	hi := w + r
	lo := ((w - hi) + r) + (wErr + math.FMA(kd, jsLogLn2Lo, logcLo))
	r2 := float64(r * r)
	r4 := float64(r2 * r2)
	high := math.FMA(r2, math.FMA(r, 1.0/9, -0.125), math.FMA(r, 1.0/7, -1.0/6))
	low := math.FMA(r2, math.FMA(r, 0.2, -0.25), math.FMA(r, 1.0/3, -0.5))
	p := float64(r2 * math.FMA(r4, high, low))
	return hi + (lo + p)
}`;

let values: Map<string, string> | undefined;

/** The values behind the `@{…}` markers, computed on first use. */
function markerValues(): Map<string, string> {
  if (values) return values;
  const exp = expTable();
  const log = logTable();
  values = new Map([
    ['exp.entries', exp.entries.map((e) => `\t{${hex(e.scale)}, ${hex(e.tail)}},`).join('\n')],
    ['exp.invLn2N', hex(exp.invLn2N)],
    ['exp.ln2NHi', hex(exp.ln2NHi)],
    ['exp.ln2NLo', hex(exp.ln2NLo)],
    ['log.entries', log.entries.map((e) => `\t{${hex(e.invc)}, ${hex(e.logc)}, ${hex(e.logcLo)}},`).join('\n')],
    ['log.ln2Hi', hex(log.ln2Hi)],
    ['log.ln2Lo', hex(log.ln2Lo)],
    ['log.offset', `0x${LOG_OFFSET.toString(16)}`],
  ]);
  return values;
}

/** Fills in the `@{…}` markers of runtime code (code without markers comes back as it is). */
export function fillMathMarkers(code: string): string {
  if (!code.includes('@{')) return code;
  return code.replace(/@\{([\w.]+)\}/g, (_, key: string) => {
    const value = markerValues().get(key);
    if (value === undefined) throw new Error(`jsrt.go: unknown marker @{${key}}`);
    return value;
  });
}

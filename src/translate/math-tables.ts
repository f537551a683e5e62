/**
 * Constants and tables of the inlinable `exp` / `log` the Rust runtime ships (see
 * emit-rust/runtime-math.ts), computed here from exact arithmetic instead of being pasted in:
 * numbers are BigInt fixed-point with FRAC fractional bits, far beyond the 106 bits a
 * double-double needs, and every value is rounded to f64 once, to nearest-even.
 */

const FRAC = 200n;
const ONE = 1n << FRAC;

/** The exact value of a finite double as a fixed-point number (exact for |x| ≥ 2^-200). */
export function doubleToFixed(x: number): bigint {
  if (x === 0) return 0n;
  const bits = doubleBits(x);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n);
  const shift = BigInt(Math.max(exponent, 1) - 1075) + FRAC;
  const magnitude = shift >= 0n ? mantissa << shift : mantissa >> -shift;
  return x < 0 ? -magnitude : magnitude;
}

/** The fixed-point number `n` rounded to the nearest double (ties to even). Normal range only. */
export function fixedToDouble(n: bigint): number {
  if (n === 0n) return 0;
  const negative = n < 0n;
  const magnitude = negative ? -n : n;
  const drop = BigInt(magnitude.toString(2).length - 53);
  let mantissa: bigint;
  if (drop <= 0n) {
    mantissa = magnitude << -drop;
  } else {
    mantissa = magnitude >> drop;
    const rest = magnitude - (mantissa << drop);
    const half = 1n << (drop - 1n);
    if (rest > half || (rest === half && (mantissa & 1n) === 1n)) mantissa += 1n;
  }
  const value = Number(mantissa) * 2 ** Number(drop - FRAC);
  return negative ? -value : value;
}

/** The bits of a double. */
export function doubleBits(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

/** The bits of a double as a 64-bit hex literal (`0x3ff0000000000000`), for the runtimes' tables. */
export function hexBits(x: number): string {
  return `0x${doubleBits(x).toString(16).padStart(16, '0')}`;
}

/** Products and quotients truncate toward zero, so series of either sign reach 0. */
function mul(a: bigint, b: bigint): bigint {
  return (a * b) / ONE;
}

function div(a: bigint, b: bigint): bigint {
  return (a << FRAC) / b;
}

/** ln(y) for y > 0 near 1, by ln y = 2·atanh((y - 1) / (y + 1)). */
function lnFixed(y: bigint): bigint {
  const t = div(y - ONE, y + ONE);
  const t2 = mul(t, t);
  let power = t;
  let sum = 0n;
  for (let k = 1n; power !== 0n; k += 2n) {
    sum += power / k;
    power = mul(power, t2);
  }
  return 2n * sum;
}

/** e^x for 0 ≤ x < 1, by its Taylor series. */
function expFixed(x: bigint): bigint {
  let term = ONE;
  let sum = ONE;
  for (let k = 1n; term !== 0n; k += 1n) {
    term = mul(term, x) / k;
    sum += term;
  }
  return sum;
}

/** `x` cut to its leading `bits` significant bits (so small multiples of it are exact). */
function truncateBits(x: number, bits: number): number {
  const exponent = Math.floor(Math.log2(Math.abs(x)));
  const unit = 2 ** (exponent - bits + 1);
  return Math.trunc(x / unit) * unit;
}

export interface ExpTable {
  /** 128 / ln 2. */
  invLn2N: number;
  /** ln 2 / 128 split so that k · hi is exact for |k| < 2^20. */
  ln2NHi: number;
  ln2NLo: number;
  /** Per j in 0..128: the nearest double to 2^(j/128) and (2^(j/128) - it) / it. */
  entries: Array<{ scale: number; tail: number }>;
}

export interface LogTable {
  /** ln 2 split so that k · hi is exact for |k| ≤ 2^11. */
  ln2Hi: number;
  ln2Lo: number;
  /**
   * Per subinterval i of [0x3fe6000000000000, 2·that) by the top 7 fraction bits: invc, a
   * double near 1/c for the subinterval's centre c, and -ln(invc) as hi + lo. The two
   * subintervals that touch 1 use c = 1 exactly, so log(x) near 1 has no cancellation.
   */
  entries: Array<{ invc: number; logc: number; logcLo: number }>;
}

let ln2Cache: bigint | undefined;
function ln2(): bigint {
  ln2Cache ??= lnFixed(2n * ONE);
  return ln2Cache;
}

export function expTable(): ExpTable {
  const ln2N = ln2() / 128n;
  const ln2NHi = truncateBits(fixedToDouble(ln2N), 33);
  const entries = Array.from({ length: 128 }, (_, j) => {
    const exact = expFixed((ln2() * BigInt(j)) / 128n);
    const scale = fixedToDouble(exact);
    const tail = fixedToDouble(div(exact - doubleToFixed(scale), doubleToFixed(scale)));
    return { scale, tail };
  });
  return {
    invLn2N: fixedToDouble(div(128n * ONE, ln2())),
    ln2NHi,
    ln2NLo: fixedToDouble(ln2N - doubleToFixed(ln2NHi)),
    entries,
  };
}

export const LOG_OFFSET = 0x3fe6000000000000n;

/** The double whose bits are `bits`. */
export function bitsToDouble(bits: bigint): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
}

export function logTable(): LogTable {
  const ln2Hi = truncateBits(fixedToDouble(ln2()), 42);
  const entries = Array.from({ length: 128 }, (_, i) => {
    const low = bitsToDouble(LOG_OFFSET + (BigInt(i) << 45n));
    const high = bitsToDouble(LOG_OFFSET + (BigInt(i + 1) << 45n));
    if (low === 1 || high === 1) return { invc: 1, logc: 0, logcLo: 0 };
    const invc = 2 / (low + high); // one correctly rounded division of exact values
    const logcExact = -lnFixed(doubleToFixed(invc));
    const logc = fixedToDouble(logcExact);
    return { invc, logc, logcLo: fixedToDouble(logcExact - doubleToFixed(logc)) };
  });
  return { ln2Hi, ln2Lo: fixedToDouble(ln2() - doubleToFixed(ln2Hi)), entries };
}

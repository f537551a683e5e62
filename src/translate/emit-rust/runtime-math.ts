/**
 * Rust source of `jsrt::exp` / `jsrt::log` (see runtime.ts for how snippets are assembled).
 *
 * Where the build target has FMA (the aggressive profile's target-cpu=native on any x86-64
 * from 2013 on), they are table-driven and inlinable: a call to libm cannot be inlined, spills
 * every live float register around it and ends the compiler's scheduling window, which in a
 * kernel that makes tens of thousands of exp/log calls costs more than the functions do.
 * Accuracy: under 1 ulp, correctly rounded in all but about 1 in 2,000 cases (glibc: 1 in
 * 3,000; V8's fdlibm, which the TS original uses, is itself under 1 ulp but not correctly
 * rounded). Without FMA they are the platform libm, as before. The tables come from
 * math-tables.ts.
 */
import { expTable, hexBits as hex, LOG_OFFSET, logTable } from '../math-tables.js';
import type { RuntimeSnippet } from './runtime.js';

const f64 = (x: number): string => `f64::from_bits(${hex(x)})`;

function expTableCode(): string {
  const t = expTable();
  return `/// 2^(j/128) for j in 0..128, as the bits of the nearest f64 and of its relative error.
#[cfg(target_feature = "fma")]
static EXP_TABLE: [(u64, u64); 128] = [
${t.entries.map((e) => `    (${hex(e.scale)}, ${hex(e.tail)}),`).join('\n')}
];

/// 128 / ln 2, and ln 2 / 128 split in a high part whose multiples by k are exact and the rest.
#[cfg(target_feature = "fma")]
const EXP_INV_LN2_N: f64 = ${f64(t.invLn2N)};
#[cfg(target_feature = "fma")]
const EXP_LN2_N_HI: f64 = ${f64(t.ln2NHi)};
#[cfg(target_feature = "fma")]
const EXP_LN2_N_LO: f64 = ${f64(t.ln2NLo)};`;
}

function logTableCode(): string {
  const t = logTable();
  return `/// Per subinterval of [0.6875, 1.375): 1/c for its centre c and -ln(1/c) as hi + lo; c = 1
/// for the two subintervals that touch 1.
#[cfg(target_feature = "fma")]
static LOG_TABLE: [(u64, u64, u64); 128] = [
${t.entries.map((e) => `    (${hex(e.invc)}, ${hex(e.logc)}, ${hex(e.logcLo)}),`).join('\n')}
];

/// ln 2 in a high part whose multiples by the exponent are exact, and the rest.
#[cfg(target_feature = "fma")]
const LOG_LN2_HI: f64 = ${f64(t.ln2Hi)};
#[cfg(target_feature = "fma")]
const LOG_LN2_LO: f64 = ${f64(t.ln2Lo)};`;
}

const EXP = `/// \`Math.exp\`: inlinable and table-driven where the target has FMA (under 1 ulp), else libm.
#[cfg(target_feature = "fma")]
#[inline]
pub fn exp(x: f64) -> f64 {
    #[cold]
    #[inline(never)]
    fn outside(x: f64) -> f64 {
        x.exp()
    }
    // |x| >= 512, inf and NaN leave the scaling below; libm handles them.
    if (x.to_bits() >> 52) & 0x7ff >= 0x408 {
        return outside(x);
    }
    // x = k ln2/128 + r, |r| <= ln2/256; exp(x) = 2^(k/128) e^r, 2^(k/128) from the table.
    const SHIFT: f64 = 6_755_399_441_055_744.0; // 1.5 * 2^52: adding it rounds to an integer
    let kd = x.mul_add(EXP_INV_LN2_N, SHIFT);
    let k = kd.to_bits().wrapping_sub(SHIFT.to_bits()) as i64;
    let kd = kd - SHIFT;
    let r = kd.mul_add(-EXP_LN2_N_LO, kd.mul_add(-EXP_LN2_N_HI, x));
    let (scale, tail) = EXP_TABLE[(k & 127) as usize];
    let scale = f64::from_bits(scale.wrapping_add(((k >> 7) << 52) as u64));
    let r2 = r * r;
    let p = r2.mul_add(
        r2.mul_add(
            r.mul_add(1.0 / 120.0, 1.0 / 24.0),
            r.mul_add(1.0 / 6.0, 0.5),
        ),
        r,
    );
    scale.mul_add(f64::from_bits(tail) + p, scale)
}

/// \`Math.exp\`: the platform libm (this target has no FMA for the inlinable one).
#[cfg(not(target_feature = "fma"))]
#[inline]
pub fn exp(x: f64) -> f64 {
    x.exp()
}`;

const LOG = `/// \`Math.log\`: inlinable and table-driven where the target has FMA (under 1 ulp), else libm.
#[cfg(target_feature = "fma")]
#[inline]
pub fn log(x: f64) -> f64 {
    #[cold]
    #[inline(never)]
    fn outside(x: f64) -> f64 {
        x.ln()
    }
    const OFFSET: u64 = 0x${LOG_OFFSET.toString(16)};
    let bits = x.to_bits();
    // Zero, subnormals, negatives, inf and NaN: libm.
    if bits.wrapping_sub(0x0010_0000_0000_0000) >= 0x7fe0_0000_0000_0000 {
        return outside(x);
    }
    // x = 2^k z, z in [0.6875, 1.375); log x = k ln2 + log c + log1p(z/c - 1).
    let tmp = bits.wrapping_sub(OFFSET);
    let (invc, logc, logc_lo) = LOG_TABLE[((tmp >> 45) & 127) as usize];
    let (invc, logc, logc_lo) = (
        f64::from_bits(invc),
        f64::from_bits(logc),
        f64::from_bits(logc_lo),
    );
    let kd = ((tmp as i64) >> 52) as f64;
    let z = f64::from_bits(bits.wrapping_sub(tmp & (0xfff << 52)));
    let r = z.mul_add(invc, -1.0);
    // k ln2 + log c + r as hi + lo, keeping the rounding error of each sum.
    let a = kd * LOG_LN2_HI;
    let w = a + logc;
    let w_err = (a - w) + logc;
    let hi = w + r;
    let lo = ((w - hi) + r) + (w_err + kd.mul_add(LOG_LN2_LO, logc_lo));
    let r2 = r * r;
    let r4 = r2 * r2;
    let p = r2
        * r4.mul_add(
            r2.mul_add(
                r.mul_add(1.0 / 9.0, -0.125),
                r.mul_add(1.0 / 7.0, -1.0 / 6.0),
            ),
            r2.mul_add(r.mul_add(0.2, -0.25), r.mul_add(1.0 / 3.0, -0.5)),
        );
    hi + (lo + p)
}

/// \`Math.log\`: the platform libm (this target has no FMA for the inlinable one).
#[cfg(not(target_feature = "fma"))]
#[inline]
pub fn log(x: f64) -> f64 {
    x.ln()
}`;

/** A snippet whose code is built on first use: the tables take a few milliseconds of exact arithmetic. */
function lazySnippet(name: string, build: () => string): RuntimeSnippet {
  let code: string | undefined;
  return {
    name,
    get code() {
      code ??= build();
      return code;
    },
  };
}

export const MATH_SNIPPETS: RuntimeSnippet[] = [
  lazySnippet('exp_table', expTableCode),
  lazySnippet('log_table', logTableCode),
  { name: 'exp', deps: ['exp_table'], code: EXP },
  { name: 'log', deps: ['log_table'], code: LOG },
];

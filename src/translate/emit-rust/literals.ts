/**
 * Rust literals for IR literals: numbers (with JS's shortest round-trip digits, std constants
 * where the value is one), string literals, and `format!` strings.
 */
import type { IrType } from '../ir.js';
import { out, P, type Out } from './context.js';

const F64_CONSTS: [number, string][] = [
  [Math.PI, 'std::f64::consts::PI'],
  [Math.E, 'std::f64::consts::E'],
  [Math.LN2, 'std::f64::consts::LN_2'],
  [Math.LN10, 'std::f64::consts::LN_10'],
  [Math.LOG2E, 'std::f64::consts::LOG2_E'],
  [Math.LOG10E, 'std::f64::consts::LOG10_E'],
  [Math.SQRT2, 'std::f64::consts::SQRT_2'],
  [Math.SQRT1_2, 'std::f64::consts::FRAC_1_SQRT_2'],
  [2 * Math.PI, 'std::f64::consts::TAU'],
  [Math.PI / 2, 'std::f64::consts::FRAC_PI_2'],
];

/** A float literal without sign: `120.0`, `0.3`, `1e21`, `1.5e-7`. */
function floatDigits(abs: number): string {
  const s = String(abs).replace('e+', 'e');
  return /[.e]/.test(s) ? s : `${s}.0`;
}

export function numberLiteral(value: number, type: IrType): Out {
  if (type.kind === 'i64' && Number.isInteger(value)) {
    const text = BigInt(value).toString();
    return out(text, value < 0 ? P.unary : P.atom);
  }
  if (Number.isNaN(value)) return out('f64::NAN');
  if (value === Infinity) return out('f64::INFINITY');
  if (value === -Infinity) return out('f64::NEG_INFINITY');
  const negative = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  const known = F64_CONSTS.find(([v]) => v === abs);
  const body = known ? known[1] : floatDigits(abs);
  return negative ? out(`-${body}`, P.unary) : out(body);
}

/** A literal usable as a method receiver (`2.0_f64.sqrt()` needs the suffix). */
export function receiverLiteral(value: number, type: IrType): string {
  const lit = numberLiteral(value, type);
  if (lit.text.includes('::')) return lit.prec === P.unary ? `(${lit.text})` : lit.text;
  const suffixed = `${lit.text}_${type.kind === 'i64' ? 'i64' : 'f64'}`;
  return lit.prec === P.unary ? `(${suffixed})` : suffixed;
}

function escapeChar(cp: number, ch: string): string {
  switch (ch) {
    case '\\':
      return '\\\\';
    case '"':
      return '\\"';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\0':
      return '\\0';
  }
  if (cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) {
    // Lone surrogates cannot live in a Rust string; JS code that builds them is reported by lowering.
    const safe = cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp;
    return `\\u{${safe.toString(16)}}`;
  }
  return ch;
}

/** The body of a Rust string literal (without quotes). */
export function escapeString(value: string): string {
  let s = '';
  for (const ch of value) s += escapeChar(ch.codePointAt(0)!, ch);
  return s;
}

export function stringLiteral(value: string): string {
  return `"${escapeString(value)}"`;
}

/** Literal text inside a `format!` string: braces doubled. */
export function escapeFormat(value: string): string {
  return escapeString(value).replace(/\{/g, '{{').replace(/\}/g, '}}');
}
